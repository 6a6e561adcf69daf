"""NumPy helpers of related articles: searches in sorted arrays (of each wanted value, where its
equal values start and how many), spans of positions, distinct values, and a function of each
value computed once per distinct value with Python's math.
"""

from __future__ import annotations

import itertools

import numpy as np

_SPLICED_SLICES = 4096  # entries taken out and put in an index in slices, at most


def _table(values: np.ndarray, function) -> np.ndarray:
    """function of each (non-negative integer) value, computed once per distinct value with
    Python's math: the same float whatever else is in the array (vectorised numpy functions may
    round differently in different positions)."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.float64)
    largest = int(values.max())
    # (every value up to the largest when they are many: an edit's few are looked at one by one)
    if largest < min(1 << 16, 4 * len(values)):
        return np.array([function(v) for v in range(largest + 1)], dtype=np.float64)[values]
    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([function(v) for v in distinct.tolist()], dtype=np.float64)[inverse]


def _between(dates: np.ndarray, first: int, last: int) -> slice:
    """Where `dates` (sorted) are from `first` to `last`, both included."""
    return slice(
        int(np.searchsorted(dates, first, side="left")),
        int(np.searchsorted(dates, last, side="right")),
    )


def _firsts(ordered: np.ndarray) -> np.ndarray:
    """Whether each value of `ordered` (sorted) is the first of its value."""
    return np.concatenate((np.ones(min(1, len(ordered)), dtype=bool), ordered[1:] != ordered[:-1]))


def _entry_positions(
    keys: np.ndarray, places: np.ndarray, wanted: np.ndarray, wanted_places: np.ndarray
) -> np.ndarray:
    """Where each wanted entry (a key at a place: a hash in a sketch, a column in a row) is, or
    would go, among entries sorted by key then place."""
    starts, lengths = _equal_range(keys, wanted)
    return _bisected(places, starts, starts + lengths, wanted_places, right=False)


def _equal_range(ordered: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where the values equal to each wanted one start in `ordered` (sorted), and how many."""
    starts = np.searchsorted(ordered, wanted, side="left")
    return starts, np.searchsorted(ordered, wanted, side="right") - starts


def _bisected(
    values: np.ndarray, low: np.ndarray, high: np.ndarray, wanted: np.ndarray, *, right: bool
) -> np.ndarray:
    """Where each wanted value would go in its part values[low:high] (each sorted), before the
    values equal to it, or after them (`right`): a binary search of all parts at once."""
    low, high = low.copy(), high.copy()
    while (searching := low < high).any():
        middle = (low + high) // 2
        found = values[np.minimum(middle, max(len(values) - 1, 0))]
        below = searching & ((found <= wanted) if right else (found < wanted))
        low = np.where(below, middle + 1, low)
        high = np.where(searching & ~below, middle, high)
    return low


def _spliced(array: np.ndarray, out: np.ndarray, at: np.ndarray, values: np.ndarray):
    """`array` without its entries at `out` (sorted), with `values` put before its entries at
    `at` (sorted; at an entry taken out: where it was). An edit's few entries are spliced in
    slices, one copy of the array (NumPy's `delete` and `insert` each make passes of masks)."""
    if len(out) + len(at) > _SPLICED_SLICES:
        return np.insert(np.delete(array, out), at - np.searchsorted(out, at), values)
    put, taken = zip(at.tolist(), itertools.count()), zip(out.tolist(), itertools.repeat(-1))
    pieces, start = [], 0
    # (one put where one is taken out goes first: before it)
    for place, value in sorted([*put, *taken], key=lambda event: (event[0], event[1] < 0)):
        pieces.append(array[start:place])
        pieces.append(values[value : value + 1] if value >= 0 else array[:0])
        start = place if value >= 0 else place + 1
    return np.concatenate([*pieces, array[start:]])


def _counts_before(flags: np.ndarray) -> np.ndarray:
    """Of each flag, how many before it are set, and at the end how many are in all."""
    return np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))


def _equal_to(ordered: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The positions in `ordered` (sorted) of the values equal to each wanted one, one wanted
    value after the other, and how many each has."""
    starts, lengths = _equal_range(ordered, wanted)
    return _spans(starts, lengths), lengths


def _numbers_equal_to(ordered: np.ndarray, wanted: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`_equal_to` of small numbers (not negative): where each value starts in `ordered` is
    counted, not searched for."""
    width = int(max(ordered.max(initial=-1), wanted.max(initial=-1))) + 1
    counts = np.bincount(ordered, minlength=width)
    lengths = counts[wanted]
    return _spans((np.cumsum(counts) - counts)[wanted], lengths), lengths


def _spans(starts: np.ndarray, lengths: np.ndarray) -> np.ndarray:
    """The positions of spans, each `lengths` long from its start, one span after the other."""
    return np.repeat(starts - np.cumsum(lengths) + lengths, lengths) + np.arange(int(lengths.sum()))


def _kth_largest(groups: np.ndarray, values: np.ndarray, count: int, k: int) -> np.ndarray:
    """Of each of `count` groups, the k-th largest of its values (0 where it has fewer)."""
    # One sort of floats: each group's keys lie apart from the next's by more than the values
    # spread, larger values first. Keys round to about 1e-12 per thousand groups: scores, rounded
    # to 9 places, keep their order.
    span = float(values.max() - values.min()) + 1.0 if len(values) else 1.0
    order = np.argsort(groups * span - values)
    groups, values = groups[order], values[order]
    starts = np.searchsorted(groups, np.arange(count))
    sizes = np.searchsorted(groups, np.arange(count), side="right") - starts
    out = np.zeros(count)
    has = sizes >= k
    out[has] = values[starts[has] + k - 1]
    return out


def _among(values: np.ndarray, sorted_values: np.ndarray) -> np.ndarray:
    """Whether each value is one of `sorted_values` (NumPy's `isin` hashes: slower here)."""
    if len(sorted_values) == 0:
        return np.zeros(len(values), dtype=bool)
    at = np.minimum(np.searchsorted(sorted_values, values), len(sorted_values) - 1)
    return sorted_values[at] == values


def _distinct(values: np.ndarray) -> np.ndarray:
    """The distinct values, sorted (NumPy's `unique` hashes integers: slower here)."""
    values = np.sort(values)
    return values[_firsts(values)]
