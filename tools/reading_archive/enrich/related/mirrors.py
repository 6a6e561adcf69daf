"""Far pairs that a call of `_Scorer.rows` finds once for both their rows (`_Mirrors`): what two
vectors share is the same whichever row asks, so a pair of two rows of the call is multiplied
in the block of the row that comes first and handed to the block of the other, with its products
if its first row scored them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

_UNSCORED = -1  # a product not computed yet (products are never negative)


# Far pairs held for later blocks, at most (32 bytes each): far pairs grow faster than the rows
# (an article has more of them in a larger archive), so a large archive stops handing them on
# when they would be more, and its later blocks multiply all their pairs again (BENCHMARKS.md
# has how many a run holds).
_HANDED_PAIRS = 1 << 20


class _FarPairs(NamedTuple):
    """Far pairs (keys: a row or its offset in a block · count + column), with what they share
    in uncommon words and their text and term products on all columns, or _UNSCORED (exact
    integers)."""

    keys: np.ndarray
    rare: np.ndarray
    text: np.ndarray
    terms: np.ndarray

    def taken(self, which: np.ndarray | slice) -> _FarPairs:
        return _FarPairs(*(array[which] for array in self))


class _Mirrors(NamedTuple):
    """Of a call's rows in their order (`ranks`: each article's place among them, -1 if not
    one), which the block to come starts at (`first`), the rows whose far pairs with the later
    ones were handed on (those before `stop`: all the blocks before, until the pairs held would
    be more than _HANDED_PAIRS), and those pairs, as the later row's (`pairs`, keyed by row ·
    count + column)."""

    ranks: np.ndarray
    first: int
    stop: int
    pairs: _FarPairs

    @classmethod
    def of(cls, positions: np.ndarray, count: int) -> _Mirrors:
        """None handed on yet, for a call of the rows `positions` (distinct) of `count`."""
        ranks = np.full(count, -1, dtype=np.int64)
        ranks[positions] = np.arange(len(positions))
        empty = np.zeros(0, dtype=np.int64)
        return cls(ranks, 0, 0, _FarPairs(empty, empty, empty, empty))

    def done(self) -> np.ndarray:
        """Whether each article is a row whose pairs with the block's rows are handed on
        (`joined`), not multiplied again."""
        return (self.ranks >= 0) & (self.ranks < self.stop)

    def joined(self, block: np.ndarray, keys: np.ndarray, rare: np.ndarray) -> _FarPairs:
        """The far pairs of the block (the next `len(block)` rows of the call), keyed by offset:
        those found for it (`keys`, `rare`: unscored), then those handed on to it. Their arrays
        are new: the block's own."""
        count = len(self.ranks)
        rows = self.pairs.keys // count
        handed = self.pairs.taken(self.ranks[rows] < self.first + len(block))
        offsets = self.ranks[handed.keys // count] - self.first
        unscored = np.full(len(keys), _UNSCORED, dtype=np.int64)
        return _FarPairs(
            np.concatenate((keys, offsets * count + handed.keys % count)),
            np.concatenate((rare, handed.rare)),
            np.concatenate((unscored, handed.text)),
            np.concatenate((unscored, handed.terms)),
        )

    def after(self, block: np.ndarray, found: _FarPairs) -> _Mirrors:
        """These mirrors once the block is done: the pairs handed to it gone, and those `found`
        for it (keys by offset) whose column is a row of a later block handed on to that row
        (while they are not too many: then none is, from this block on)."""
        count, last = len(self.ranks), self.first + len(block)
        kept = self.pairs.taken(self.ranks[self.pairs.keys // count] >= last)
        if self.stop == self.first:  # (still handing on)
            columns = found.keys % count
            ahead = self.ranks[columns] >= last
            if len(kept.keys) + np.count_nonzero(ahead) <= _HANDED_PAIRS:
                keys = columns[ahead] * count + block[found.keys[ahead] // count]
                handed = found.taken(ahead)._replace(keys=keys)
                both = zip(kept, handed, strict=True)
                return _Mirrors(self.ranks, last, last, _FarPairs(*map(np.concatenate, both)))
        return _Mirrors(self.ranks, last, self.stop, kept)
