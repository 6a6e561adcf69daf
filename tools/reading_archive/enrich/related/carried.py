"""What a run hands the next in one process (`mkdocs serve` keeps the state between builds): the
postings and the sketch index it made, and the copies it found (`_KnownCopies`, also what a run
knows so far); and what of it the next patches.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .arrays import _spans
from .products import _Postings
from .sketches import _SketchIndex


class _KnownCopies(NamedTuple):
    """The republished copies of the rows looked up so far: of each row, whether it was
    (`rows`); and every pair of copies found for those rows (`keys`: row · count + column,
    sorted)."""

    rows: np.ndarray
    keys: np.ndarray

    @classmethod
    def none(cls, count: int) -> _KnownCopies:
        return cls(np.zeros(count, dtype=bool), np.zeros(0, dtype=np.int64))

    def with_rows(self, rows: np.ndarray, keys: np.ndarray) -> _KnownCopies:
        """These, and the copies of `rows`, looked up: the pairs `keys`."""
        known = self.rows.copy()
        known[rows] = True
        return _KnownCopies(known, np.sort(np.concatenate((self.keys, keys))))

    def of(self, block: np.ndarray) -> np.ndarray:
        """The keys (offset · count + column), sorted, of the copies of the block's rows (all
        looked up)."""
        count = len(self.rows)
        starts = np.searchsorted(self.keys, block * count)
        lengths = np.searchsorted(self.keys, (block + 1) * count) - starts
        offsets = np.repeat(np.arange(len(block), dtype=np.int64), lengths)
        return offsets * count + self.keys[_spans(starts, lengths)] % count


class _Carried(NamedTuple):
    """What a run keeps in memory for the next (`mkdocs serve` keeps the state between builds):
    the seeds of its rows, in order, the postings of their text and term vectors and the index
    of their sketches, each if the run made it (or had it from the run before)."""

    seeds: tuple[str, ...]
    postings: tuple[_Postings, _Postings] | None
    sketch_index: _SketchIndex | None
    copies: _KnownCopies | None  # of the rows looked up


class _Patch(NamedTuple):
    """What the previous run carried, and the rows (same articles, same order) whose vectors
    and whose sketches differ: `_Scorer.postings` and `_Copies.sketch_index` patch those
    instead of making them anew."""

    carried: _Carried
    rows: np.ndarray
    sketch_rows: np.ndarray
