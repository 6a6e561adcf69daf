"""Far pairs that a call of `_Scorer.rows` finds once for both their rows (`_Mirrors`): what two
vectors share is the same whichever row asks, so a pair of two rows of the call is multiplied
in the block of the row that comes first and handed to the block of the other, with its products
if its first row scored them.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

_UNSCORED = -1  # a product not computed yet (products are never negative)


class _FarPairs(NamedTuple):
    """Far pairs proposed for a block's rows (offset in the block · count + column), with what
    they share in uncommon words and their text and term products on all columns, or
    _UNSCORED (exact integers)."""

    keys: np.ndarray
    rare: np.ndarray
    text: np.ndarray
    terms: np.ndarray

    @classmethod
    def unscored(cls, keys: np.ndarray, rare: np.ndarray) -> _FarPairs:
        unscored = np.full(len(keys), _UNSCORED, dtype=np.int64)
        return cls(keys, rare, unscored, unscored.copy())

    def joined(self, other: _FarPairs) -> _FarPairs:
        return _FarPairs(*(np.concatenate(arrays) for arrays in zip(self, other, strict=True)))

    def taken(self, which: np.ndarray | slice) -> _FarPairs:
        return _FarPairs(*(array[which] for array in self))


class _Mirrors(NamedTuple):
    """Of a call's rows in their order (`ranks`: each article's place among them, -1 if not
    one), which the block to come starts at (`first`), and the far pairs of the blocks before it
    whose other row is a later one: as that row's pairs (`rows`, `pairs` keyed by row · count
    + column)."""

    ranks: np.ndarray
    first: int
    rows: np.ndarray
    pairs: _FarPairs

    @classmethod
    def of(cls, positions: np.ndarray, count: int) -> _Mirrors:
        """None handed on yet, for a call of the rows `positions` (distinct) of `count`."""
        ranks = np.full(count, -1, dtype=np.int64)
        ranks[positions] = np.arange(len(positions))
        empty = np.zeros(0, dtype=np.int64)
        return cls(ranks, 0, empty, _FarPairs.unscored(empty, empty))

    def done(self) -> np.ndarray:
        """Whether each article is a row of the blocks before: their pairs with the block's rows
        are handed on (`for_block`), not multiplied again."""
        return (self.ranks >= 0) & (self.ranks < self.first)

    def for_block(self, block: np.ndarray) -> _FarPairs:
        """The pairs handed on to the block (the next `len(block)` rows of the call)."""
        mine = self.ranks[self.rows] < self.first + len(block)
        count = len(self.ranks)
        pairs = self.pairs.taken(mine)
        offsets = self.ranks[self.rows[mine]] - self.first
        return pairs._replace(keys=offsets * count + pairs.keys % count)

    def after(self, block: np.ndarray, found: _FarPairs) -> _Mirrors:
        """These mirrors once the block is done: the pairs handed to it gone, and those `found`
        for it (keys by offset) whose column is a row of a later block handed on to that row."""
        count, last = len(self.ranks), self.first + len(block)
        columns = found.keys % count
        ahead = self.ranks[columns] >= last
        rows, columns = columns[ahead], block[found.keys[ahead] // count]
        kept = self.ranks[self.rows] >= last
        pairs = found.taken(ahead)._replace(keys=rows * count + columns)
        return _Mirrors(
            self.ranks,
            last,
            np.concatenate((self.rows[kept], rows)),
            self.pairs.taken(kept).joined(pairs),
        )
