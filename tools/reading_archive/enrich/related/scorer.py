"""Scores of some articles against all (`_Scorer`): which pairs are proposed (near in time,
sharing uncommon words, or named), their exact products on everything they share, and which are
copies; handed to choosing as each article's candidates.
"""

from __future__ import annotations

import functools
import itertools
import math
from collections.abc import Iterator, Sequence
from typing import Any, NamedTuple

import numpy as np

from ...settings import RelatedSettings
from .arrays import _among, _between, _distinct, _kth_largest, _spans, _table
from .carried import _Patch
from .copies import _Copies
from .mirrors import _UNSCORED, _FarPairs, _Mirrors
from .products import (
    _BothMatrices,
    _Entries,
    _Matrices,
    _pair_products,
    _Postings,
    _without_columns,
)
from .vectors import _SCALE

_BLOCK_ROWS = 1000  # rows scored at once: their pairs are most of what a run holds at its peak


_BAND_ROWS = 256  # rows multiplied at once against the articles of their dates


_PAIRS_PER_BAND = 2000  # fewer near pairs per band than this: multiplied pair by pair


_EXP_UNDERFLOW = 750  # math.exp(-x) is 0.0 for every x beyond this (from about 745.2 on)


class _Candidates(NamedTuple):
    """The articles proposed for the one at `row`: their positions, content similarity, score,
    days from it, whether they may be shown (not the same original URL) and whether they are a
    republished copy of it."""

    row: int
    columns: np.ndarray
    content: np.ndarray
    scores: np.ndarray
    days: np.ndarray
    usable: np.ndarray
    copies: np.ndarray


class _Products(NamedTuple):
    """Some pairs (row offset in a block, column) with the exact dot products of their text
    vectors and of their term vectors, whether they are proposed, and whether they are copies."""

    offsets: np.ndarray
    columns: np.ndarray
    text: np.ndarray  # float64 holding integers: exact
    terms: np.ndarray
    proposed: np.ndarray  # at most near_days apart, or sharing far_overlap in uncommon words
    copies: np.ndarray  # republished copies of each other (`_Copies.keys_of`)


class _Band(NamedTuple):
    """Pairs (offset in a block · count + column) with their text and term products."""

    keys: np.ndarray
    text: np.ndarray
    terms: np.ndarray

    @classmethod
    def empty(cls) -> _Band:
        return cls(np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0))


class _Dated(NamedTuple):
    """Some articles in date order: their positions, dates, and rows of `_BothMatrices.right`."""

    positions: np.ndarray
    dates: np.ndarray
    right: Any

    @classmethod
    def of(cls, positions: np.ndarray, ordinals: np.ndarray, right) -> _Dated:
        return cls(positions, ordinals[positions], right[positions])


def _bands(dates: np.ndarray, near: int) -> list[int]:
    """Where the bands of rows in date order (`dates`, sorted) start, and at the end how many rows
    there are: a band holds the rows at most `near` days after its first, up to _BAND_ROWS."""
    bounds = [0]
    while bounds[-1] < len(dates):
        first = bounds[-1]
        after = int(np.searchsorted(dates, dates[first] + near, side="right"))
        bounds.append(min(after, first + _BAND_ROWS))
    return bounds


class _Scorer:
    """Scores of some articles against all: exact integer dot products, then per-pair floats.

    A pair is proposed when its dates are at most `near_days` apart, or when its text vectors
    share `far_overlap` in words that are not common, or when one names the other; a proposed
    pair is scored on everything its vectors share, common words and terms included. So a
    focused archive, where every name that matters is common, still finds the articles of a story
    (close in time), and a relation across months needs more than names. Republished copies are
    found by their sketches alone, whatever their dates and words (`_Copies`).

    Many rows are multiplied as sparse matrices (SciPy): the pairs near in time as a band of
    the similarity matrix; the others on the words that are not common, and on the rest only for
    the far pairs proposed that may enter a list (a bound says which). A few rows, as after an
    edit, are scored against an index of the rows holding each column (NumPy alone: SciPy is not
    even imported). Integer sums are exact, so both ways give the same scores to the last bit.
    """

    _FEW = 64
    # Rows scored one by one against the postings, at most; more are multiplied as the text
    # matrices, which cost more to make than a few rows to score. An edit scores its moved rows
    # first: when they are more, the lists they reach are nearly always more than _FEW, and
    # made by those matrices anyway (BENCHMARKS.md has the figures).
    _ONE_BY_ONE = 32

    def __init__(
        self,
        vectors: Sequence[tuple[tuple[bytes, bytes], tuple[bytes, bytes]]],
        copies: _Copies,
        uncommon: np.ndarray,
        terms: int,
        ordinals: np.ndarray,
        url_ids: np.ndarray,
        named: np.ndarray,
        settings: RelatedSettings,
        patch: _Patch | None = None,
    ):
        self.patch, self.copies = patch, copies
        self.vectors, self.uncommon, self.terms, self.settings = vectors, uncommon, terms, settings
        self.ordinals, self.url_ids = ordinals, url_ids
        # row · count + column, sorted: the row's text names the column's article
        # (shown, however low)
        self.named = named
        # A score is at most its content similarity (rounded to 9 places): below min_score (and
        # min_first_score) no pair can be shown, nor change a list (no floor is lower).
        self.lowest = settings.lowest_shown - 1e-9 if 0 <= settings.w_time <= 1 else -math.inf
        span = int(ordinals.max() - ordinals.min()) if len(ordinals) else 0
        # From `far` days on, exp(-days / time_scale) is 0.0 exactly, so every longer distance has
        # the factor of `far`: the table stops there, not at 738,000 entries for an article of
        # year 1 beside one of 2021 (3.65 million for years 1 to 9999).
        underflow = _EXP_UNDERFLOW * settings.time_scale
        self.far = math.ceil(underflow) if 0 < underflow < span else span
        self.factors = _table(
            np.arange(self.far + 1),
            lambda d: 1 - settings.w_time + settings.w_time * math.exp(-d / settings.time_scale),
        )
        self.by_date = np.argsort(ordinals, kind="stable")
        # the candidates of the rows scored for all lists (an edit's moved rows), by row
        self.remembered: dict[int, _Candidates] = {}

    # What the scorer derives from its vectors, each when first needed.
    _DERIVED = ("matrices", "both_matrices", "postings", "entries")

    def __getstate__(self) -> dict[str, Any]:
        # Sent without what it derives: rebuilding it is cheaper than sending it.
        kept = {k: v for k, v in self.__dict__.items() if k not in self._DERIVED}
        return {**kept, "patch": None, "remembered": {}}

    @functools.cached_property
    def matrices(self) -> _Matrices:
        return _Matrices.of(self.vectors, self.uncommon, self.terms)

    @functools.cached_property
    def both_matrices(self) -> _BothMatrices:
        """Made only for bands of near pairs (rows scattered in time: pair by pair)."""
        return _BothMatrices.of(self.matrices.text.all, self.matrices.terms)

    @functools.cached_property
    def postings(self) -> tuple[_Postings, _Postings]:
        patch = self.patch
        if patch is not None and patch.carried.postings is not None:
            # the previous run's, with the rows whose vectors it changed
            (text, terms), rows = patch.carried.postings, patch.rows
            changed = [self.vectors[row] for row in rows.tolist()]
            return (
                text.patched(rows, [v[0] for v in changed]),
                terms.patched(rows, [v[1] for v in changed]),
            )
        return (
            _Postings.of([v[0] for v in self.vectors]),
            _Postings.of([v[1] for v in self.vectors]),
        )

    @functools.cached_property
    def entries(self) -> tuple[_Entries, _Entries]:
        """Every text and term vector's entries (a new process's few rows' postings)."""
        return _Entries.of([v[0] for v in self.vectors]), _Entries.of([v[1] for v in self.vectors])

    def _postings_for(self, block: np.ndarray) -> tuple[_Postings, _Postings]:
        """The postings to score the block's rows against: of all the vectors, when this run
        made them or patches the previous run's; else those of the columns the rows hold alone
        (a new process's few rows: one pass over all the entries, not a sort of them all)."""
        if "postings" in self.__dict__ or self.patch is not None:
            return self.postings
        mine = [self.vectors[row] for row in block.tolist()]
        text, terms = (
            entries.postings(np.frombuffer(b"".join(v[which][0] for v in mine), dtype=np.int32))
            for which, entries in enumerate(self.entries)
        )
        return text, terms

    def rows(
        self, positions: Sequence[int], *, for_lists: bool = False, among_all: bool = False
    ) -> Iterator[_Candidates]:
        """The candidates of each row. `for_lists`: only those that can enter the row's own list
        or be its copies (not those that could enter another's list: see `_far_scored`).
        `among_all`: every article sharing a word or a term with the row, whatever the dates and
        the words' frequency, as if proposed (the fallback lists: few rows, each against all).

        A row is scored once for all lists: an edit scores its moved rows to find the lists
        they reach, then chooses theirs among the same candidates (a list chosen among more
        candidates than `for_lists` keeps is the same list). Those candidates are held until
        the row's list takes them, not for the whole run."""
        if among_all:
            yield from self._scored(positions, for_lists=False, among_all=True)
            return
        remembered = self.remembered
        fresh = self._scored([p for p in positions if p not in remembered], for_lists=for_lists)
        for position in positions:
            found = remembered.pop(position) if position in remembered else next(fresh)
            if not for_lists:
                remembered[position] = found
            yield found

    def _scored(
        self, positions: Sequence[int], *, for_lists: bool, among_all: bool = False
    ) -> Iterator[_Candidates]:
        """`rows`, each row scored."""
        few = among_all or len(positions) <= self._ONE_BY_ONE
        step = self._FEW if few else _BLOCK_ROWS
        # (the choice is made for all the rows: once made, the matrices serve every block)
        indexed = self.copies.indexed(positions, at_least=self._FEW)
        mirrors = (
            None if few else _Mirrors.of(np.asarray(positions, dtype=np.int64), len(self.vectors))
        )
        for first in range(0, len(positions), step):
            block = np.asarray(positions[first : first + step], dtype=np.int64)
            # A block of rows at a time keeps memory flat: one block of the similarity matrix.
            copies = self.copies.keys_of(block, indexed)
            if mirrors is None:
                products = self._few(block, copies)
            else:
                products, mirrors = self._many(block, copies, for_lists, mirrors)
            if among_all:
                products = products._replace(proposed=np.ones(len(products.proposed), dtype=bool))
            yield from self._candidates(block, products)

    def _candidates(self, block: np.ndarray, products: _Products) -> Iterator[_Candidates]:
        offsets, columns = products.offsets, products.columns
        rows = block[offsets]
        content = self._content(products.text, products.terms)
        usable = self.url_ids[columns] != self.url_ids[rows]
        copies = products.copies & usable
        named = _among(rows * len(self.vectors) + columns, self.named)
        keep = (products.proposed & (content > 0) & (content >= self.lowest)) | copies | named
        offsets, rows, columns, content, usable, copies = (
            offsets[keep],
            rows[keep],
            columns[keep],
            content[keep],
            usable[keep],
            copies[keep],
        )
        days = self.ordinals[columns] - self.ordinals[rows]
        scores = self._scores(content, rows, columns)
        bounds = np.searchsorted(offsets, np.arange(len(block) + 1))
        for offset, row in enumerate(block.tolist()):
            part = slice(bounds[offset], bounds[offset + 1])
            yield _Candidates(
                row,
                columns[part],
                content[part],
                scores[part],
                days[part],
                usable[part],
                copies[part],
            )

    def _content(self, text: np.ndarray, terms: np.ndarray) -> np.ndarray:
        return (text * self.settings.w_text + terms * self.settings.w_terms) / (_SCALE * _SCALE)

    def _far_enough(self, rare_text: np.ndarray) -> np.ndarray:
        """Whether pairs sharing `rare_text` (exact integers) in uncommon words are proposed
        across any time: the threshold scaled to the fixed point, not every product (the same
        test, scaling by a power of two is exact), and rounded up, so that integers are compared
        with an integer (not converted to floats one by one)."""
        return rare_text >= math.ceil(self.settings.far_overlap * (_SCALE * _SCALE))

    def _scores(self, content: np.ndarray, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
        days = np.abs(self.ordinals[columns] - self.ordinals[rows])
        return np.round(content * self.factors[np.minimum(days, self.far)], 9)

    def _many(
        self, block: np.ndarray, copies: np.ndarray, for_lists: bool, mirrors: _Mirrors
    ) -> tuple[_Products, _Mirrors]:
        matrices, count = self.matrices, len(self.vectors)
        near = self._near_products(block)
        far, mirrors = self._far_scored(block, near, copies, for_lists, mirrors)
        # Named articles and copies neither near nor far: scored on all their columns, not proposed.
        extra = _distinct(np.concatenate((self._named_keys(block), copies)))
        extra = extra[~_among(extra, np.sort(near.keys)) & ~_among(extra, np.sort(far.keys))]
        extra_rows, extra_columns = block[extra // count], extra % count
        extra_text = _pair_products(matrices.text.all, extra_rows, extra_columns)
        extra_terms = _pair_products(matrices.terms, extra_rows, extra_columns)
        keys = np.concatenate((far.keys, near.keys, extra))
        order = np.argsort(keys)  # (the keys are distinct: any sort gives this order)
        keys = keys[order]
        text = np.concatenate((far.text, near.text, extra_text)).astype(np.float64)[order]
        terms = np.concatenate((far.terms, near.terms, extra_terms)).astype(np.float64)[order]
        proposed = np.concatenate(
            (np.ones(len(far.keys) + len(near.keys), dtype=bool), np.zeros(len(extra), dtype=bool))
        )[order]
        products = _Products(
            keys // count, keys % count, text, terms, proposed, _among(keys, copies)
        )
        return products, mirrors

    def _far_scored(
        self,
        block: np.ndarray,
        near: _Band,
        copies: np.ndarray,
        for_lists: bool,
        mirrors: _Mirrors,
    ) -> tuple[_Band, _Mirrors]:
        """The far pairs proposed (`_far_pairs`, and those of the rows of earlier blocks handed
        on by `mirrors`) with their products on all columns; and the mirrors for the blocks
        after. For the rows' own lists, only those whose score may reach the lowest threshold
        their row can have (`_lowest`): first by a bound of what they share in common words and
        terms, then by their score (in a focused archive most far pairs proposed share a
        topic's words and nothing that could bring them into a list or its crowd)."""
        count = len(self.vectors)
        keys, rare = self._far_pairs(block, mirrors.done())
        found, pairs = len(keys), mirrors.joined(block, keys, rare)
        rows, columns = block[pairs.keys // count], pairs.keys % count
        may = np.ones(len(rows), dtype=bool)
        if for_lists:
            lowest = self._lowest(block, near, copies)[pairs.keys // count]
            may = self._reaches(*self._far_bounds(pairs.rare, rows, columns), rows, columns, lowest)
        self._fill_far_products(pairs, rows, columns, may)
        mirrors = mirrors.after(block, pairs.taken(slice(0, found)))
        kept = np.flatnonzero(may)
        if for_lists:
            text, terms = pairs.text[kept], pairs.terms[kept]
            kept = kept[self._reaches(text, terms, rows[kept], columns[kept], lowest[kept])]
        return _Band(pairs.keys[kept], pairs.text[kept], pairs.terms[kept]), mirrors

    def _fill_far_products(
        self, pairs: _FarPairs, rows: np.ndarray, columns: np.ndarray, wanted: np.ndarray
    ) -> None:
        """Fills in the products on all columns of the pairs `wanted` whose products are not
        known yet: in place, in the block's own arrays (`_Mirrors.joined`), which a block's far
        pairs would otherwise hold twice at once."""
        matrices = self.matrices
        todo = np.flatnonzero(wanted & (pairs.text == _UNSCORED))
        rows, columns = rows[todo], columns[todo]
        pairs.text[todo] = pairs.rare[todo] + _pair_products(matrices.text.common, rows, columns)
        pairs.terms[todo] = _pair_products(matrices.terms, rows, columns)

    def _far_pairs(self, block: np.ndarray, done: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Keys (offset · count + column) of the pairs more than near_days apart whose text
        vectors share far_overlap in uncommon words, with what they share there (exact
        integers); not with the articles `done` (their pairs with the block are known)."""
        matrices, count = self.matrices, len(self.vectors)
        rare_t = _without_columns(matrices.text.rare_t, done)
        product = matrices.text.rare[block] @ rare_t
        # (the pairs sharing enough found first: few of those sharing any uncommon word)
        enough = np.flatnonzero(self._far_enough(product.data))
        offsets = np.repeat(np.arange(len(block)), np.diff(np.searchsorted(enough, product.indptr)))
        columns = product.indices[enough].astype(np.int64)
        days = np.abs(self.ordinals[columns] - self.ordinals[block[offsets]])
        far = days > self.settings.near_days
        return offsets[far] * count + columns[far], product.data[enough[far]]

    def _lowest(self, block: np.ndarray, near: _Band, copies: np.ndarray) -> np.ndarray:
        """Of each row of the block, the lowest score that may enter its list or count in its
        crowd: a share of the best score of its near pairs that are not copies (more candidates
        only raise the thresholds)."""
        settings, count = self.settings, len(self.vectors)
        offsets, columns = near.keys // count, near.keys % count
        rows = block[offsets]
        shown = (self.url_ids[columns] != self.url_ids[rows]) & ~_among(near.keys, copies)
        scores = self._scores(
            self._content(near.text[shown], near.terms[shown]), rows[shown], columns[shown]
        )
        best = np.zeros(len(block))
        np.maximum.at(best, offsets[shown], scores)
        lowest = np.maximum(settings.lowest_shown, settings.min_share_of_best * best)
        if settings.crowd_ratio > 0:
            # A pair under the thresholds counts only as one of the crowd when the crowd sets the
            # bar: then it scores at least the others' threshold / crowd_ratio, and at least the
            # crowd_rank-th best of the near pairs (more candidates only raise the crowd's level).
            others = np.maximum(settings.min_score, settings.min_share_of_best * best)
            crowd = _kth_largest(offsets[shown], scores, len(block), settings.crowd_rank)
            lowest = np.minimum(
                lowest,
                np.maximum(settings.min_score, np.maximum(crowd, others / settings.crowd_ratio)),
            )
        return lowest

    def _far_bounds(
        self, rare: np.ndarray, rows: np.ndarray, columns: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Bounds of the text and term products of far pairs that share `rare` in uncommon
        words: what a pair shares in common words is at most the product of the norms of its two
        vectors there, and in terms the product of their term vectors' norms (Cauchy–Schwarz)."""
        text_norms, terms_norms = self.matrices.text.common_norms, self.matrices.terms_norms
        text = rare + text_norms[rows] * text_norms[columns]
        return text, terms_norms[rows] * terms_norms[columns]

    def _reaches(
        self,
        text: np.ndarray,
        terms: np.ndarray,
        rows: np.ndarray,
        columns: np.ndarray,
        lowest: np.ndarray,
    ) -> np.ndarray:
        """Whether pairs with these text and term products (or bounds of them) score `lowest`;
        with a margin for rounding, so that a pair whose score may reach is kept."""
        return self._scores(self._content(text, terms), rows, columns) + 1e-9 >= lowest

    def _near_products(self, block: np.ndarray) -> _Band:
        """The pairs at most near_days apart that share a word or a term, with their text and
        term products on all columns (exact integers).

        The block's rows are taken in date order, a few days at a time, each against the rows of
        the block and the other articles of its dates widened by near_days: bands of the
        similarity matrix, multiplied as sparse matrices, not pair by pair. A pair of two rows of
        the block is multiplied once, in the band of its earlier row (products are symmetric).
        A band costs more to set up than a few thousand pairs cost to multiply one by one, and
        rows scattered over the years (an edit's) make a band each: when the bands would hold
        fewer than _PAIRS_PER_BAND pairs each, the pairs are multiplied one by one
        (`_near_pairs`)."""
        ordinals = self.ordinals
        order = np.argsort(ordinals[block], kind="stable")
        bands = _bands(ordinals[block[order]], self.settings.near_days)
        starts, lengths = self._windows(block)
        if lengths.sum() < _PAIRS_PER_BAND * (len(bands) - 1):
            return self._near_pairs(block, starts, lengths)
        both = self.both_matrices
        mine = _Dated.of(block[order], ordinals, both.right)
        others = _Dated.of(self._others_near(block, mine.dates), ordinals, both.right)
        left = both.left[mine.positions]
        parts: list[_Band] = []
        for first, last in itertools.pairwise(bands):
            parts += self._band(order, mine, others, left[first:last].T.tocsr(), first, last)
        return (
            _Band(*(np.concatenate(values) for values in zip(*parts, strict=False)))
            if parts
            else _Band.empty()
        )

    def _windows(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Of each row of the block, where the articles at most near_days from it start in date
        order (`by_date`), and how many they are (itself included)."""
        near, dated, dates = (
            self.settings.near_days,
            self.ordinals[self.by_date],
            self.ordinals[block],
        )
        starts = np.searchsorted(dated, dates - near, side="left")
        return starts, np.searchsorted(dated, dates + near, side="right") - starts

    def _near_pairs(self, block: np.ndarray, starts: np.ndarray, lengths: np.ndarray) -> _Band:
        """`_near_products` pair by pair: each row of the block with every other article of its
        window (`_windows`), the block's too."""
        columns = self.by_date[_spans(starts, lengths)]
        offsets = np.repeat(np.arange(len(block)), lengths)
        other = columns != block[offsets]
        offsets, columns = offsets[other], columns[other]
        rows = block[offsets]
        text = _pair_products(self.matrices.text.all, rows, columns)
        terms = _pair_products(self.matrices.terms, rows, columns)
        shared = (text > 0) | (terms > 0)
        return _Band(
            offsets[shared] * len(self.vectors) + columns[shared],
            text[shared].astype(np.float64),
            terms[shared].astype(np.float64),
        )

    def _others_near(self, block: np.ndarray, dates: np.ndarray) -> np.ndarray:
        """The articles not in the block within near_days of its `dates` (sorted), by date."""
        if len(block) == 0:
            return np.zeros(0, dtype=np.int64)
        near, dated = self.settings.near_days, self.ordinals[self.by_date]
        around = self.by_date[_between(dated, int(dates[0]) - near, int(dates[-1]) + near)]
        mine = np.zeros(len(self.vectors), dtype=bool)
        mine[block] = True
        return around[~mine[around]]

    def _band(
        self, order: np.ndarray, mine: _Dated, others: _Dated, chunk, first: int, last: int
    ) -> list[_Band]:
        """The near pairs of the block's rows first:last in date order (`chunk`: their left rows,
        transposed): with the block's rows from `first` on (those before gave their pairs with
        these in their own bands), a pair with a later row given to both its rows; and with the
        other articles of their dates."""
        near, count = self.settings.near_days, len(self.vectors)
        dates = mine.dates[first:last]
        inside = slice(
            first, _between(mine.dates, int(dates[0]) - near, int(dates[-1]) + near).stop
        )
        window, rows, values = self._near(mine.right[inside], mine.dates[inside], chunk, dates)
        window, rows = window + first, rows + first
        apart = window != rows
        window, rows, values = window[apart], rows[apart], values[apart]
        later = window >= last
        parts = [
            _Band(order[rows] * count + mine.positions[window], values.real, values.imag),
            _Band(
                order[window[later]] * count + mine.positions[rows[later]],
                values.real[later],
                values.imag[later],
            ),
        ]
        outside = _between(others.dates, int(dates[0]) - near, int(dates[-1]) + near)
        if outside.stop > outside.start:
            window, rows, values = self._near(
                others.right[outside], others.dates[outside], chunk, dates
            )
            keys = order[rows + first] * count + others.positions[window + outside.start]
            parts.append(_Band(keys, values.real, values.imag))
        return parts

    def _near(
        self, window, window_dates: np.ndarray, chunk, chunk_dates: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The pairs (row of `window`, column of `chunk`) at most near_days apart that share a
        column, with their products (text real, terms imaginary)."""
        product = (window @ chunk).tocoo()
        rows, columns = product.row.astype(np.int64), product.col.astype(np.int64)
        near = np.abs(window_dates[rows] - chunk_dates[columns]) <= self.settings.near_days
        return rows[near], columns[near], product.data[near]

    def _named_keys(self, block: np.ndarray) -> np.ndarray:
        count = len(self.vectors)
        rows, columns = self.named // count, self.named % count
        offsets = np.full(count, -1, dtype=np.int64)
        offsets[block] = np.arange(len(block))
        mine = offsets[rows] >= 0
        return offsets[rows[mine]] * count + columns[mine]

    def _few(self, block: np.ndarray, copy_keys: np.ndarray) -> _Products:
        (texts, terms_), count = self._postings_for(block), len(self.vectors)
        every, common = np.ones(self.terms, dtype=bool), ~self.uncommon
        parts: list[list[np.ndarray]] = [[] for _ in range(6)]
        for offset, row in enumerate(block.tolist()):
            (text_columns, text_values), (term_columns, term_values) = self.vectors[row]
            rare_text = texts.products(text_columns, text_values, self.uncommon)
            all_text, all_terms = (
                rare_text + texts.products(text_columns, text_values, common),
                terms_.products(term_columns, term_values, every),
            )
            copied = copy_keys[(copy_keys // count) == offset] % count
            # (a mask, not a union of sorted arrays: as fast for ten columns as for ten thousand)
            named = self.named[_between(self.named, row * count, (row + 1) * count - 1)] % count
            scored = (all_text + all_terms) != 0
            scored[named] = scored[copied] = True
            columns = np.flatnonzero(scored)
            days = np.abs(self.ordinals[columns] - self.ordinals[row])
            proposed = (days <= self.settings.near_days) | self._far_enough(rare_text[columns])
            values = (
                np.full(len(columns), offset),
                columns,
                all_text[columns],
                all_terms[columns],
                proposed,
                _among(columns, copied),
            )
            for part, value in zip(parts, values, strict=False):
                part.append(value)
        return _Products(*(np.concatenate(part) for part in parts))


def import_scorer(changed: int) -> None:
    """Import what scoring `changed` new or changed articles against all takes (SciPy, for
    many), so that processes forked afterwards to score shares of them have it already."""
    if changed > _Scorer._ONE_BY_ONE:
        import scipy.sparse  # noqa: F401
