"""Articles as vectors: the columns of words and terms with their document frequencies, kept
across runs (`_Vocabulary`), and each article's text and term vectors, weighted by rarity and
written as fixed-point integers, so that every dot product is exact.
"""

from __future__ import annotations

import hashlib
import itertools
import math
from collections.abc import Mapping, Sequence

import numpy as np

from ...settings import RelatedSettings
from .arrays import _table

_SCALE = float(
    1 << 20
)  # fixed point of vector components: products and their sums are exact integers


_FREQUENCY_BITS = 4  # significant bits kept of a document frequency


_SIZE_BITS = 6  # and of the number of articles


def frequency_bucket(n: int, bits: int = _FREQUENCY_BITS) -> int:
    """n with all but its `bits` most significant bits cleared (exact below 2**bits)."""
    shift = max(0, n.bit_length() - bits)
    return (n >> shift) << shift


def _idf(bucket: int, size: int) -> float:
    return math.log1p((size - bucket + 0.5) / (bucket + 0.5))


class _Vocabulary:
    """Columns of words (or terms) and their document frequencies, kept across runs: a column
    once given is never reused, so stored vectors stay valid."""

    def __init__(self, words: tuple[str, ...], df: bytes, ties: bytes, *, with_ties: bool):
        self.words = list(words)
        self.index = dict(zip(self.words, itertools.count()))
        self._df = (
            np.frombuffer(df, dtype=np.int32).astype(np.int64)
            if df
            else np.zeros(0, dtype=np.int64)
        )
        self._before = self._df.copy()
        self._ties = np.frombuffer(ties, dtype=np.int64) if with_ties else None
        self._added: list[np.ndarray] = []

    def forget(self, ids: bytes) -> None:
        if ids:
            np.subtract.at(self._df, np.frombuffer(ids, dtype=np.int32), 1)

    def add(self, many: Sequence[Mapping[str, int]]) -> list[tuple[bytes, bytes]]:
        """The columns and counts of each of `many` articles' counts (ids, counts as bytes); new
        words get the next columns, in the order they come."""
        index, sizes = self.index, [len(counts) for counts in many]
        keys = itertools.chain.from_iterable(many)
        # (a new word's column is the index's size when it comes: setdefault gives it, or the
        # column it has; all in C)
        ids = np.fromiter(
            map(index.setdefault, keys, map(len, itertools.repeat(index))),
            dtype=np.int32,
            count=sum(sizes),
        )
        self.words.extend(itertools.islice(index, len(self.words), None))
        self._added.append(ids)
        counts = np.fromiter(
            itertools.chain.from_iterable(c.values() for c in many), dtype=np.int32, count=len(ids)
        )
        bounds = np.cumsum([0, *sizes]).tolist()
        return [
            (ids[a:b].tobytes(), counts[a:b].tobytes())
            for a, b in zip(bounds[:-1], bounds[1:], strict=False)
        ]

    def buckets(self) -> tuple[np.ndarray, list[int]]:
        """Each column's bucketed document frequency, and the columns whose bucket changed."""
        df = np.zeros(len(self.words), dtype=np.int64)
        df[: len(self._df)] = self._df
        if self._added:
            np.add.at(df, np.concatenate(self._added), 1)
        self._df = df
        before = np.zeros(len(df), dtype=np.int64)
        before[: len(self._before)] = self._before
        values, inverse = np.unique(df, return_inverse=True)
        buckets = np.array([frequency_bucket(int(v)) for v in values], dtype=np.int64)[inverse]
        touched = np.flatnonzero(df != before)
        moved = [
            int(c)
            for c in touched
            if frequency_bucket(int(df[c])) != frequency_bucket(int(before[c]))
        ]
        return buckets, moved

    def crossed(self, limit: float) -> list[int]:
        """The columns whose bucketed frequency was on one side of `limit` before this run and
        is on the other now (after `buckets`)."""
        size = min(len(self._before), len(self._df))
        touched = np.flatnonzero(self._df[:size] != self._before[:size]).tolist()
        before, now = self._before.tolist(), self._df.tolist()
        return [
            c
            for c in touched
            if (frequency_bucket(before[c]) <= limit) != (frequency_bucket(now[c]) <= limit)
        ]

    def ties(self) -> np.ndarray:
        """Each column's tie-breaker: the first 8 bytes of its word's BLAKE2b digest."""
        assert self._ties is not None
        new = [
            int.from_bytes(
                hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little", signed=True
            )
            for word in self.words[len(self._ties) :]
        ]
        if new:
            self._ties = np.concatenate((self._ties, np.array(new, dtype=np.int64)))
        return self._ties

    def plain(self) -> tuple[tuple[str, ...], bytes, bytes]:
        ties = self._ties.tobytes() if self._ties is not None else b""
        return tuple(self.words), self._df.astype(np.int32).tobytes(), ties


def _text_vectors(
    columns: Sequence[tuple[bytes, bytes]],
    buckets: np.ndarray,
    ties: np.ndarray,
    size: int,
    settings: RelatedSettings,
) -> list[tuple[bytes, bytes]]:
    """Each article's text vector: its `text_words` strongest words that some other article
    has, however common, normalised to unit length."""
    count = len(columns)
    if count == 0:
        return []
    rows, ids, frequencies = _flattened(columns)
    df = buckets[ids]
    shared = df > 1  # a word no other article has cannot be shared
    rows, ids, frequencies, df = rows[shared], ids[shared], frequencies[shared], df[shared]
    weights = _weights(frequencies, df, size)
    order = _strongest_first(rows, ids, frequencies, df, buckets, ties, size)
    rows, ids, weights = rows[order], ids[order], weights[order]
    starts = np.searchsorted(rows, np.arange(count))
    keep = (np.arange(len(rows)) - starts[rows]) < settings.text_words
    rows, ids, weights = rows[keep], ids[keep], weights[keep]
    # Unit length over the words kept: the cosine of two reports of one event does not shrink
    # with how many other words they use (on real prose, normalised over all its words, two such
    # reports scored about 0.05 and a copy under 0.5).
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=count))
    values = np.rint(weights / np.where(norms > 0, norms, 1.0)[rows] * _SCALE).astype(np.int64)
    return _split(count, rows, ids, values)


def _strongest_first(
    rows: np.ndarray, ids: np.ndarray, counts: np.ndarray, df: np.ndarray,
    buckets: np.ndarray, ties: np.ndarray, size: int,
) -> np.ndarray:  # fmt: skip
    """The order of entries (row, word id, count, bucketed df) by row, strongest first, ties by
    word (`ties`, by id): the order of np.lexsort((ties[ids], -weights, rows)), by one sort of
    integer keys. A weight is a function of (count, bucket), of which there are few: each pair's
    weight is ranked once."""
    if len(rows) == 0:
        return np.zeros(0, dtype=np.int64)
    distinct = np.unique(buckets)
    top = int(counts.max()) + 1
    table = _weights(np.repeat(np.arange(top), len(distinct)), np.tile(distinct, top), size)
    pair = counts.astype(np.int64) * len(distinct) + np.searchsorted(distinct, df)
    weight_rank = np.unique(-table, return_inverse=True)[1].astype(np.int64)[pair]
    tie_rank = np.unique(ties, return_inverse=True)[1].astype(np.int64)[ids]
    tie_bits = int(tie_rank.max()).bit_length()
    within = (weight_rank << tie_bits) | tie_rank
    within_bits = int(within.max()).bit_length()
    if int(rows.max()).bit_length() + within_bits > 63:  # beyond any archive's size: two keys
        return np.lexsort((within, rows))
    return np.argsort((rows.astype(np.int64) << within_bits) | within, kind="stable")


def _weights(counts: np.ndarray, buckets: np.ndarray, size: int) -> np.ndarray:
    """Sublinear count × inverse document frequency (by its bucket) of each (article, column)."""
    return _table(counts, lambda n: 1 + math.log(n) if n else 0.0) * _table(
        buckets, lambda b: _idf(b, size)
    )


def _term_vectors(
    columns: Sequence[tuple[bytes, bytes]],
    buckets: np.ndarray,
    size: int,
    settings: RelatedSettings,
) -> list[tuple[bytes, bytes]]:
    """Each article's term vector: all its terms, weighted by rarity, normalised."""
    count = len(columns)
    if count == 0:
        return []
    rows, ids, mentions = _flattened(columns)
    df = buckets[ids]
    # A term the article keeps coming back to says more about it than one named in passing.
    weights = _weights(mentions, df, size)
    # The prior keeps an article that mentions a single term from looking certain about it.
    # (Each sum by Python's own, term after term, as the weights were always summed.)
    squares = (weights * weights).tolist()
    bounds = np.searchsorted(rows, np.arange(count + 1)).tolist()
    norms = np.array(
        [
            math.sqrt(settings.terms_prior + sum(squares[a:b]))
            for a, b in zip(bounds[:-1], bounds[1:], strict=False)
        ],
        dtype=np.float64,
    )
    values = np.rint(weights / norms[rows] * _SCALE).astype(np.int64)
    nonzero = values != 0
    return _split(count, rows[nonzero], ids[nonzero], values[nonzero])


def _flattened(columns: Sequence[tuple[bytes, bytes]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Articles' (ids, counts) columns as three flat arrays: each entry's row, id and count."""
    sizes = np.fromiter((len(c[0]) // 4 for c in columns), dtype=np.int64, count=len(columns))
    ids = np.frombuffer(b"".join(c[0] for c in columns), dtype=np.int32)
    counts = np.frombuffer(b"".join(c[1] for c in columns), dtype=np.int32)
    return np.repeat(np.arange(len(columns)), sizes), ids, counts


def _split(
    count: int, rows: np.ndarray, ids: np.ndarray, values: np.ndarray
) -> list[tuple[bytes, bytes]]:
    """Each of `count` rows' vector (ids, values as bytes), ids in order (a row holds an id
    once: the keys are distinct, any sort of them gives the order)."""
    order = np.argsort(rows.astype(np.int64) * (int(ids.max(initial=0)) + 1) + ids)
    rows, ids, values = rows[order], ids[order], values[order]
    bounds = np.searchsorted(rows, np.arange(count + 1)).tolist()
    return [
        (ids[a:b].tobytes(), values[a:b].tobytes())
        for a, b in zip(bounds[:-1], bounds[1:], strict=False)
    ]
