"""What a run hands the next in one process (`mkdocs serve` keeps the state between builds): the
postings and the sketch index it made, the copies it found; and what of it the next patches.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from .products import _Postings
from .sketches import _KnownCopies, _SketchIndex


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
