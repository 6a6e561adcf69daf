"""Sketches, what copies are told by: every sketch's hashes in one array (`_Sketches`) and what
two sketches are compared on; the index of all sketches by hash (`_SketchIndex`), in which a few
articles are looked up, patched where an edit changed sketches; the sketches as sparse matrices
(`_SketchMatrices`), which many articles are multiplied by; the pairs found sharing enough
(`_Shared`); and which hashes are rare (found in the sketches of few texts), the only ones that
pair sketches. `_Copies` (copies.py) tells copies with them.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from ...settings import RelatedSettings
from .arrays import (
    _among,
    _bisected,
    _counts_before,
    _distinct,
    _entry_positions,
    _equal_range,
    _firsts,
    _numbers_equal_to,
    _spans,
    _spliced,
)
from .products import _columns

_RARE_RUNS = 50  # a hash in the sketches of at most this many texts: few pairs share it


_SAME_TEXT = 2  # sketches whose this many smallest hashes agree: one text's (its copies')


_ONE_TEXT_AT_MOST = 200  # copies counted as one text: their pairs grow as the square


class _SketchMatrices(NamedTuple):
    """The sketches as rows of ones in columns numbered by hash: the hashes found in at most
    _RARE_RUNS texts' sketches (and the transpose), and the others (few columns)."""

    rare: Any
    rare_t: Any
    common: Any
    common_before: np.ndarray  # of each entry of the sketches (`_Sketches.hashes`), how many
    # entries before it are in `common`, and at the end how many are in all

    @classmethod
    def of(cls, index: _SketchIndex) -> _SketchMatrices:
        """Made from the index's sort of all the hashes: it numbers them, and the rare ones in
        its order are the transpose (no second pass over the entries to transpose them)."""
        import scipy.sparse as sparse

        sketches, order = index.sketches, index.places
        rows, count = sketches.owners, len(sketches.sizes)
        new = _firsts(index.hashes)
        columns = np.empty(len(order), dtype=np.int32)
        columns[order] = np.cumsum(new) - 1
        few = index.rare[new]  # (of each column, at its first entry)
        in_rare = few[columns]
        rare, common = (
            _columns(
                np.ones(np.count_nonzero(entries), dtype=np.int64),
                columns[entries],
                rows[entries],
                count,
                kept,
            )
            for entries, kept in ((in_rare, few), (~in_rare, ~few))
        )
        sorted_rare = order[in_rare[order]]  # the rare entries by column, then any order
        per_column = np.zeros(rare.shape[1], dtype=np.int64)  # (one column when none is rare)
        per_column[: np.count_nonzero(few)] = np.bincount(columns, minlength=len(few))[few]
        rare_t = sparse.csr_matrix(
            (
                np.ones(len(sorted_rare), dtype=np.int64),
                rows[sorted_rare].astype(np.int32),
                np.concatenate(([0], np.cumsum(per_column))),
            ),
            shape=(rare.shape[1], count),
        )
        return cls(rare, rare_t, common, _counts_before(~in_rare))


def _rare_columns(
    columns: np.ndarray, rows: np.ndarray, texts: np.ndarray, width: int
) -> np.ndarray:
    """Of each of `width` columns (hashes), whether the sketches of at most _RARE_RUNS texts hold
    it, from the entries of the sketches (`columns`, and the `rows` they are of; `texts`: each
    row's text). The entries of a text with other sketches are counted once per text, and only
    in the columns that the other entries leave rare: few are (the runs of a boilerplate are in
    the sketches of thousands of texts)."""
    several = (np.bincount(texts)[texts] > 1)[rows] if len(texts) else np.zeros(0, dtype=bool)
    holding = np.bincount(columns[~several], minlength=width)
    counted = several & (holding <= _RARE_RUNS)[columns]
    if counted.any():
        keys = texts[rows[counted]] * width + columns[counted]
        holding += np.bincount(_distinct(keys) % width, minlength=width)
    return holding <= _RARE_RUNS


class _Sketches(NamedTuple):
    """Every sketch's hashes, sorted, in one array (a sketch's from its start, `sizes` of them),
    and of each sketch its text (`_texts`): made once per `_Copies`, read by the sketches' matrices,
    their index and the test of copies; and how far two sketches can be compared.

    A sketch holds the smallest hashes of its text's runs, so every hash of its text up to its
    largest. Two sketches can thus be compared on the hashes up to the lower of their largest
    ones: the share of those that the one with fewer there shares with the other estimates how
    much of the shorter text is in the longer. Comparing the whole sketches instead would take
    a copy trimmed to two thirds of its original for another text (the original's sketch covers
    a narrower range of hashes than the copy's)."""

    hashes: np.ndarray
    starts: np.ndarray
    sizes: np.ndarray
    texts: np.ndarray
    owners: np.ndarray  # of each hash, the row whose sketch holds it

    @classmethod
    def of(cls, sketches: Sequence[bytes]) -> _Sketches:
        sizes = np.fromiter((len(s) // 8 for s in sketches), dtype=np.int64, count=len(sketches))
        hashes = np.frombuffer(b"".join(sketches), dtype=np.uint64)
        owners = np.repeat(np.arange(len(sizes), dtype=np.int32), sizes)
        starts = np.cumsum(sizes) - sizes
        return cls(hashes, starts, sizes, _texts(hashes, starts, sizes), owners)

    def patched(self, rows: np.ndarray, sketches: Sequence[bytes]) -> _Sketches:
        """These sketches with those of `rows` replaced by theirs in `sketches` (all of them): in
        place of their hashes when each has as many as before (a text of 132 words or more has
        _SKETCH_SIZE), else made anew."""
        new = [sketches[row] for row in rows.tolist()]
        if list(map(len, new)) != (self.sizes[rows] * 8).tolist():
            return _Sketches.of(sketches)
        hashes = self.hashes.copy()
        hashes[self.positions(rows)] = np.frombuffer(b"".join(new), dtype=np.uint64)
        texts = _texts(hashes, self.starts, self.sizes)
        return _Sketches(hashes, self.starts, self.sizes, texts, self.owners)

    def compared(self, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        """Of each pair of sketches, the hashes up to the lower of their largest: how many the
        one with fewer there has."""
        return np.minimum(*self._covered(rows, columns))

    def _covered(self, rows: np.ndarray, columns: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Of each pair of sketches, how many hashes of each are up to the lower of their
        largest."""
        tops = np.minimum(self._largest(rows), self._largest(columns))
        return self._at_most(rows, tops), self._at_most(columns, tops)

    def may_be_copies(
        self, rare: np.ndarray, rows: np.ndarray, columns: np.ndarray,
        common_before: np.ndarray, starts: np.ndarray, settings: RelatedSettings,
    ) -> np.ndarray:  # fmt: skip
        """Which pairs sharing `rare` hashes found in few sketches may share copy_similarity of
        the hashes they are compared on (`_Copies._are_copies`): they share at most those and the
        row's other hashes up to where both are compared (`common_before`: counts of the row's
        other hashes before each of its entries, which start at `starts`). Most pairs that share
        enough rare hashes share a topic's phrases, not a text: their other hashes are not
        counted (counting them took longer than all the rest of finding copies)."""
        covered, column_covered = self._covered(rows, columns)
        common = common_before[starts + covered] - common_before[starts]
        return rare + common >= settings.copy_similarity * np.minimum(covered, column_covered)

    def _largest(self, rows: np.ndarray) -> np.ndarray:
        last = np.maximum(self.starts[rows] + self.sizes[rows] - 1, 0)
        return np.where(self.sizes[rows] > 0, self.hashes[last] if len(self.hashes) else 0, 0)

    def positions(self, rows: np.ndarray) -> np.ndarray:
        """Where the hashes of the rows' sketches are, one row after the other."""
        return _spans(self.starts[rows], self.sizes[rows])

    def _at_most(self, rows: np.ndarray, limits: np.ndarray) -> np.ndarray:
        """How many hashes of each row's sketch are at most its limit (the hashes of a sketch
        are sorted)."""
        starts, ends = self.starts[rows], self.starts[rows] + self.sizes[rows]
        return _bisected(self.hashes, starts, ends, limits, right=True) - starts

    def held_in_pairs(
        self, hashes: np.ndarray, lengths: np.ndarray, pairs: np.ndarray, columns: np.ndarray
    ) -> np.ndarray:
        """Of each pair (the offset of a block's row, a column), how many of the row's `hashes`
        the column's sketch holds: each looked for in the column's sketch (sorted). `hashes`
        are the block's, one row after the other (`lengths` of each), each row's sorted."""
        starts = np.cumsum(lengths) - lengths
        wanted = hashes[_spans(starts[pairs], lengths[pairs])]
        of_pair = np.repeat(np.arange(len(pairs)), lengths[pairs])
        low = self.starts[columns[of_pair]]
        high = low + self.sizes[columns[of_pair]]
        at = _bisected(self.hashes, low, high, wanted, right=False)
        found = (at < high) & (self.hashes[np.minimum(at, max(len(self.hashes) - 1, 0))] == wanted)
        return np.bincount(of_pair[found], minlength=len(pairs))


class _Shared(NamedTuple):
    """Pairs (offset of a row in a block, column) whose sketches share enough hashes found in few
    sketches to be compared as copies, and may be copies, with how many hashes they share in
    all, and how many of those are found in few."""

    offsets: np.ndarray
    columns: np.ndarray
    shared: np.ndarray
    rare: np.ndarray


class _SketchIndex:
    """Every sketch's hashes in one array sorted by hash (then by place), with each entry's place
    among the sketches' hashes (`_Sketches.hashes`) and whether its hash is rare (in the
    sketches of at most _RARE_RUNS texts, `_rare_columns`): a few sketches are compared with all
    by binary searches, pairing their rare hashes alone (a hash of a boilerplate is in thousands
    of sketches). Made by one sort, which also numbers the columns of the sketches' matrices;
    an edit's sketches are patched in, not sorted again."""

    def __init__(self, sketches: _Sketches):
        self.sketches = sketches
        self.hashes, self.places = _sorted_entries(sketches.hashes)

    @functools.cached_property
    def rare(self) -> np.ndarray:
        """Of each entry, whether its hash is rare: counted for every hash when first needed
        (the sketches' matrices, a patch). A look-up before that counts its own hashes alone:
        a new process's one edit looks up a few rows, and counting every hash costs more."""
        starts = np.flatnonzero(_firsts(self.hashes))
        lengths = np.diff(np.append(starts, len(self.hashes)))
        return np.repeat(self._rarity(starts, lengths), lengths)

    def _rarity(self, starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
        """Whether each hash whose entries start at `starts` (`lengths` of them) is rare."""
        return _rare_columns(*self._holding(starts, lengths), self.sketches.texts, len(starts))

    def _holding(self, starts: np.ndarray, lengths: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The entries of the hashes whose entries start at `starts` (`lengths` of them): of
        each, its hash's number (its place among the starts) and the row that holds it."""
        numbers = np.repeat(np.arange(len(starts)), lengths)
        return numbers, self.sketches.owners[self.places[_spans(starts, lengths)]].astype(np.int64)

    def patched(self, sketches: _Sketches, rows: np.ndarray) -> _SketchIndex:
        """The index of `sketches`: these sketches with those of `rows` replaced
        (`_Sketches.patched`). Their old entries are taken out and their new ones put in, and
        the rarity of the hashes whose texts changed is counted again: the hashes of the rows
        and of the rows whose text was another's or is now (`_regrouped`)."""
        if sketches.starts is not self.sketches.starts:  # (made anew: some row's size changed)
            return _SketchIndex(sketches)
        places = sketches.positions(rows)  # (the same places before and after)
        old, new = self.sketches.hashes[places], sketches.hashes[places]
        out = np.sort(_entry_positions(self.hashes, self.places, old, places))
        order = np.lexsort((places, new))
        at = _entry_positions(self.hashes, self.places, new[order], places[order])
        index = copy.copy(self)
        index.sketches = sketches
        index.hashes, index.places, index.rare = (
            _spliced(array, out, at, values)
            for array, values in (
                (self.hashes, new[order]),
                (self.places, places[order].astype(self.places.dtype)),
                (self.rare, np.zeros(len(new), dtype=bool)),
            )
        )
        regrouped = sketches.positions(_regrouped(self.sketches.texts, sketches.texts))
        index._count_again(_distinct(np.concatenate((old, new, sketches.hashes[regrouped]))))
        return index

    def unsettled(self, rows: np.ndarray, before: _Sketches, asked: _Unsettling) -> np.ndarray:
        """The rows whose copies may differ from those they had among the sketches `before`
        (these sketches with those of `rows` as they were, and after them those of articles
        removed since), sorted. A pair's copies change with its sketches, or with whether a
        hash it shares is rare: the rows are `rows`, and those that hold or held a hash whose
        rarity changed, a hash of the rows' sketches then or now, or of a row whose text
        changed (`_regrouped`)."""
        sketches, count = self.sketches, len(self.sketches.sizes)
        old, old_owners, hashes = asked
        starts, lengths = _equal_range(self.hashes, hashes)
        (numbers, owners), old_numbers = (
            self._holding(starts, lengths),
            np.searchsorted(hashes, old),
        )
        others = np.ones(count, dtype=bool)
        others[rows] = False
        kept = others[owners]  # (the rows' entries now are replaced by their entries then)
        was = _rare_columns(
            np.concatenate((numbers[kept], old_numbers)),
            np.concatenate((owners[kept], old_owners)),
            before.texts,
            len(hashes),
        )
        if "rare" in self.__dict__:
            now = np.ones(len(hashes), dtype=bool)  # (a hash no sketch holds now: as if rare)
            now[lengths > 0] = self.rare[starts[lengths > 0]]
        else:
            now = _rare_columns(numbers, owners, sketches.texts, len(hashes))
        flipped = now != was
        holders = np.concatenate((owners[flipped[numbers]], old_owners[flipped[old_numbers]]))
        return np.union1d(rows, holders[holders < count])

    def _count_again(self, hashes: np.ndarray) -> None:
        """Tells again which of `hashes` (distinct, sorted) are rare."""
        starts, lengths = _equal_range(self.hashes, hashes)
        self.rare[_spans(starts, lengths)] = np.repeat(self._rarity(starts, lengths), lengths)

    def shared(self, block: np.ndarray, needed: np.ndarray, settings: RelatedSettings) -> _Shared:
        """The pairs of the block's rows with every article (themselves included) whose
        sketches share as many rare hashes as either of them `needed` and may be copies
        (`_Sketches.may_be_copies`), with how many hashes they share in all and how many of
        those are rare. Each hash is looked up once, however many rows of the block hold it,
        and only the rare ones are paired; the others are counted in those pairs' sketches."""
        sketches, count = self.sketches, len(self.sketches.sizes)
        query = sketches.hashes[sketches.positions(block)]
        asked = _distinct(query)
        starts, lengths = _equal_range(self.hashes, asked)
        # (every hash asked for is in the index: a row of the block's)
        rare = self.rare[starts] if "rare" in self.__dict__ else self._rarity(starts, lengths)
        mine = np.searchsorted(asked, query)  # each hash of the block's sketches, as numbered
        offsets = np.repeat(np.arange(len(block)), sketches.sizes[block])
        ours, theirs = rare[mine], _spans(starts[rare], lengths[rare])
        keys, rare_shared = _pairs_holding(
            mine[ours],
            offsets[ours],
            np.repeat(np.flatnonzero(rare), lengths[rare]),
            sketches.owners[self.places[theirs]].astype(np.int64),
            count,
        )
        pairs, columns = keys // count, keys % count
        enough = rare_shared >= np.minimum(needed[block[pairs]], needed[columns])
        pairs, columns, rare_shared = pairs[enough], columns[enough], rare_shared[enough]
        firsts = np.cumsum(sketches.sizes[block]) - sketches.sizes[block]  # of `query`, by offset
        may = sketches.may_be_copies(
            rare_shared, block[pairs], columns, _counts_before(~ours), firsts[pairs], settings
        )
        pairs, columns, rare_shared = pairs[may], columns[may], rare_shared[may]
        common = np.bincount(offsets[~ours], minlength=len(block))
        common_shared = sketches.held_in_pairs(query[~ours], common, pairs, columns)
        return _Shared(pairs, columns, rare_shared + common_shared, rare_shared)


class _Unsettling(NamedTuple):
    """What `_SketchIndex.unsettled` asks about (made by its caller, which needs the hashes to
    choose the index): the hashes of the changed rows' sketches as they
    were (and of the removed articles'), with the row that held each, and those hashes and the
    hashes of the rows' sketches now and of the rows whose text changed (`_regrouped`)."""

    old: np.ndarray
    old_owners: np.ndarray
    hashes: np.ndarray  # distinct, sorted

    @classmethod
    def of(cls, sketches: _Sketches, rows: np.ndarray, before: _Sketches) -> _Unsettling:
        count = len(sketches.sizes)
        changed = np.concatenate((rows, np.arange(count, len(before.sizes))))
        old = before.hashes[before.positions(changed)]
        regrouped = _regrouped(before.texts[:count], sketches.texts)
        mine = sketches.hashes[sketches.positions(np.concatenate((rows, regrouped)))]
        old_owners = np.repeat(changed, before.sizes[changed])
        return cls(old, old_owners, _distinct(np.concatenate((old, mine))))


class _SketchesHolding(_SketchIndex):
    """The index of the entries of some hashes alone (`wanted`, distinct and sorted): every
    sketch's entry of one of them, in the order of the index of all sketches, found by one pass
    over all the entries through a table of their low bits instead of a sort of them all. A
    new process's edit asks about a few rows' hashes, and has no index carried from the run
    before to patch. Only `wanted` may be asked about (`covers`), and it is never patched."""

    def __init__(self, sketches: _Sketches, wanted: np.ndarray):
        self.sketches, self.wanted = sketches, wanted
        self.hashes, self.places = _entries_holding(sketches.hashes, wanted)

    def covers(self, hashes: np.ndarray) -> bool:
        return bool(_among(hashes, self.wanted).all())


def _entries_holding(hashes: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`_sorted_entries` of the entries of `hashes` equal to one of `wanted` (distinct, sorted).
    A table of some of their bits (`_some_bits`, four times as many values as wanted) gives each
    entry the wanted hash with the same bits, if any, and lets few other entries through; where
    two wanted hashes have the same bits, an entry's is searched for among the wanted."""
    if not len(wanted):
        return hashes[:0], np.zeros(0, dtype=np.int32)
    bits = max(16, (4 * len(wanted)).bit_length())
    slot_of_wanted = _some_bits(wanted, bits)
    slots = np.full(1 << bits, -1, dtype=np.int32)
    slots[slot_of_wanted] = np.arange(len(wanted), dtype=np.int32)
    shared = np.bincount(slot_of_wanted, minlength=1 << bits) > 1
    numbers = slots[_some_bits(hashes, bits)]
    passed = np.flatnonzero(numbers >= 0)
    numbers, candidates = numbers[passed].astype(np.int64), hashes[passed]
    if shared.any():
        clash = np.flatnonzero(shared[_some_bits(candidates, bits)])
        numbers[clash] = np.minimum(np.searchsorted(wanted, candidates[clash]), len(wanted) - 1)
    found = wanted[numbers] == candidates
    places, numbers = passed[found], numbers[found]
    # (grouped by hash, each hash's entries in place order: the pass found them in that order)
    small = np.uint16 if len(wanted) <= 1 << 16 else np.int64  # (NumPy sorts 16 bits by radix)
    order = np.argsort(numbers.astype(small), kind="stable")
    places = places[order].astype(np.int32 if len(hashes) < 1 << 31 else np.int64)
    return hashes[places], places


def _some_bits(hashes: np.ndarray, bits: int) -> np.ndarray:
    """`bits` bits of each of `hashes` (uint64), the same bits of every hash: read in place
    through a narrower view of the array (no copy for 16 bits), not by masking a copy of it all."""
    hashes = np.ascontiguousarray(hashes)  # (a view of other widths needs one; no copy here)
    if bits <= 16:
        return hashes.view(np.uint16)[::4]
    return hashes.view(np.uint32)[::2] & np.uint32((1 << min(bits, 32)) - 1)


def _sorted_entries(hashes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The hashes sorted (equal ones by place), and the place of each. One sort of 64-bit keys,
    each a hash's high bits above its place (NumPy's sort of numbers is much faster than its
    argsort), then the few hashes whose high bits agree put in order."""
    bits = np.uint64((1 << max(1, len(hashes).bit_length())) - 1)
    keys = np.sort((hashes & ~bits) | np.arange(len(hashes), dtype=np.uint64))
    places = (keys & bits).astype(np.int32 if len(hashes) < 1 << 31 else np.int64)
    ordered = hashes[places]
    if not (ordered[1:] >= ordered[:-1]).all():
        order = np.argsort(ordered, kind="stable")  # (nearly in order already: quick)
        ordered, places = ordered[order], places[order]
    return ordered, places


def _regrouped(texts: np.ndarray, new_texts: np.ndarray) -> np.ndarray:
    """The rows whose text's sketches are others than before (`_texts`: named by their first)."""
    return np.flatnonzero(texts != new_texts)


def _pairs_holding(
    mine: np.ndarray, offsets: np.ndarray, numbers: np.ndarray, owners: np.ndarray, count: int
) -> tuple[np.ndarray, np.ndarray]:
    """The pairs (keys: offset · count + owner, sorted) of a block's rows and the sketches that
    hold one of their hashes, and how many each pair holds: the block's entries are its rows'
    hashes (`mine`, numbered) at their `offsets`; every sketch's entries of those hashes are
    `numbers` held by `owners`."""
    order = np.argsort(mine, kind="stable")
    at, lengths = _numbers_equal_to(mine[order], numbers)
    keys = offsets[order][at] * count + np.repeat(owners, lengths)
    return np.unique(keys, return_counts=True)


def _texts(hashes: np.ndarray, starts: np.ndarray, sizes: np.ndarray) -> np.ndarray:
    """Of each sketch (its `sizes` hashes from its start), its text, named by the first row of
    the text's sketches: sketches whose _SAME_TEXT smallest hashes agree (all their hashes, when
    they have fewer) are one text's. A hash is counted once per text, so that many copies of one
    text, identical or each with a line of its own (its smallest runs are nearly always the
    text's), do not make the text's runs common. Not more than _ONE_TEXT_AT_MOST, though: copies
    are compared in pairs, and a thousand copies of a page a scraper saved in place of articles
    would take many seconds and much memory (these count as texts of their own: their runs are
    common, none compared)."""
    smallest = np.zeros((_SAME_TEXT, len(sizes)), dtype=np.uint64)
    for place, row in enumerate(smallest):
        has = np.flatnonzero(sizes > place)
        row[has] = hashes[starts[has] + place]
    keys = np.vstack((smallest, np.minimum(sizes, _SAME_TEXT)))
    order = np.lexsort(keys)  # (stable: each text's rows in order, its first one first)
    ordered = keys[:, order]
    firsts = np.concatenate(
        (np.ones(min(1, len(sizes)), dtype=bool), (ordered[:, 1:] != ordered[:, :-1]).any(axis=0))
    )
    texts = np.empty(len(sizes), dtype=np.int64)
    texts[order] = order[np.flatnonzero(firsts)][np.cumsum(firsts) - 1]
    many = np.bincount(texts, minlength=len(sizes))[texts] > _ONE_TEXT_AT_MOST
    texts[many] = np.flatnonzero(many)
    return texts
