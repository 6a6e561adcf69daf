"""Exact dot products of the articles' vectors: the vectors as sparse matrices (SciPy, imported
only where many articles are scored), split by the columns that propose far pairs; the products
of given pairs; and the postings (the rows holding each column), against which a few articles
are scored with NumPy alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from .arrays import _distinct, _entry_positions, _equal_to, _spliced

_TABLE_CELLS = 1 << 21  # entries of a dense table of rows (`_table_products`)


_TABLE_SHARE = 8  # a table of left rows at most this many times the entries pairs gather


def _matrix(vectors: Sequence[tuple[bytes, bytes]], width: int):
    """The vectors as a sparse matrix of int64."""
    import scipy.sparse as sparse  # deferred: a run with nothing to compare does not need it

    sizes = np.fromiter((len(v[0]) // 4 for v in vectors), dtype=np.int64, count=len(vectors))
    # (copies: SciPy may sort a matrix's arrays in place)
    ids = np.frombuffer(b"".join(v[0] for v in vectors), dtype=np.int32).copy()
    values = np.frombuffer(b"".join(v[1] for v in vectors), dtype=np.int64).copy()
    indptr = np.concatenate(([0], np.cumsum(sizes)))
    return sparse.csr_matrix((values, ids, indptr), shape=(len(vectors), max(1, width)))


class _BothMatrices(NamedTuple):
    """The text and the term vectors side by side as complex matrices, so that one product gives
    both products of each pair: the text's in the real part, the terms' in the imaginary. `left`
    holds the term columns in the imaginary part, `right` every column in the real; products stay
    exact integers (a part times a zero is an exact zero)."""

    left: Any
    right: Any

    @classmethod
    def of(cls, text, terms) -> _BothMatrices:
        import scipy.sparse as sparse

        right = sparse.hstack((text, terms), format="csr").astype(np.complex128)
        left = right.copy()
        left.data[left.indices >= text.shape[1]] *= 1j
        return cls(left, right)


class _TextMatrices(NamedTuple):
    """The text vectors as a sparse matrix, and split for the pairs far apart in time: the
    uncommon words (and their transpose), which propose them; the common ones; and each vector's
    norm in the common words (a bound of what two vectors share there)."""

    all: Any
    rare: Any
    rare_t: Any
    common: Any
    common_norms: np.ndarray

    @classmethod
    def of(cls, rows: Sequence[tuple[bytes, bytes]], uncommon: np.ndarray) -> _TextMatrices:
        whole = _matrix(rows, len(uncommon))
        rare, common = _split_columns(whole, uncommon)
        return cls(whole, rare, rare.T.tocsr(), common, _row_norms(common))


class _Matrices(NamedTuple):
    """What a scorer multiplies, made once (and again in each process it is sent to)."""

    text: _TextMatrices
    terms: Any
    terms_norms: np.ndarray

    @classmethod
    def of(
        cls,
        vectors: Sequence[tuple[tuple[bytes, bytes], tuple[bytes, bytes]]],
        uncommon: np.ndarray,
        terms: int,
    ) -> _Matrices:
        text = _TextMatrices.of([v[0] for v in vectors], uncommon)
        terms_ = _matrix([v[1] for v in vectors], terms)
        return cls(text, terms_, _row_norms(terms_))


def _split_columns(matrix, keep: np.ndarray) -> tuple[Any, Any]:
    """The sparse matrix cut in two: its columns where `keep` is true, and the others, each
    numbered in their order (as narrow as what it holds: `_pair_products` makes tables of its
    rows)."""
    kept = keep[matrix.indices]
    rows = np.repeat(np.arange(matrix.shape[0]), np.diff(matrix.indptr))
    return tuple(
        _columns(matrix.data[entries], matrix.indices[entries], rows[entries], matrix.shape[0], of)
        for entries, of in ((kept, keep), (~kept, ~keep))
    )


def _columns(values: np.ndarray, columns: np.ndarray, rows: np.ndarray, count: int, kept):
    """A sparse (CSR) matrix of `count` rows holding `values` at `columns` of `rows` (in row
    order), all in the columns `kept`, which it numbers in their order."""
    import scipy.sparse as sparse

    numbers = (np.cumsum(kept) - 1).astype(np.int32)
    return sparse.csr_matrix(
        (values, numbers[columns], np.r_[0, np.cumsum(np.bincount(rows, minlength=count))]),
        shape=(count, max(1, int(np.count_nonzero(kept)))),
    )


def _without_columns(matrix, dropped: np.ndarray):
    """The sparse (CSR) matrix with its entries in the columns `dropped` taken out (the same
    matrix when none is)."""
    import scipy.sparse as sparse

    if not dropped.any():
        return matrix
    kept = ~dropped[matrix.indices]
    indptr = np.concatenate(([0], np.cumsum(kept)))[matrix.indptr]
    return sparse.csr_matrix((matrix.data[kept], matrix.indices[kept], indptr), shape=matrix.shape)


def _pair_products(matrix, rows: np.ndarray, columns: np.ndarray) -> np.ndarray:
    """The dot products of matrix rows `rows[i]` and `columns[i]`, for every i (exact integers)."""
    left = _distinct(rows)
    gathered = int(np.diff(matrix.indptr)[columns].sum()) if len(columns) else 0
    # (filling a table costs far less per entry than gathering one: it pays up to a table
    # several times larger than what the pairs gather)
    if len(left) * matrix.shape[1] > _TABLE_SHARE * gathered:
        return _entrywise_products(matrix, rows, columns)
    return _table_products(matrix, rows, columns, left)


def _table_products(matrix, rows: np.ndarray, columns: np.ndarray, left: np.ndarray) -> np.ndarray:
    """`_pair_products` of pairs whose distinct left rows (`left`) are few beside their pairs:
    those rows as a dense table (some at a time), and the right rows gathered with each entry's
    column moved to its pair's left row in the table, so that one matrix-vector product (in
    integers) sums every pair: a pass over the right rows' entries, not a merge of both rows."""
    import scipy.sparse as sparse

    width, out = matrix.shape[1], np.zeros(len(rows), dtype=np.int64)
    per_table = max(1, _TABLE_CELLS // width)
    place = np.zeros(matrix.shape[0], dtype=np.int64)
    place[left] = np.arange(len(left))
    places = place[rows]
    for first in range(0, len(left), per_table):
        pairs = (
            np.flatnonzero(places // per_table == first // per_table)
            if len(left) > per_table
            else np.arange(len(rows))
        )
        table = matrix[left[first : first + per_table]].toarray().ravel()
        right = matrix[columns[pairs]]
        shift = ((places[pairs] - first) * width).astype(right.indices.dtype)
        moved = right.indices + np.repeat(shift, np.diff(right.indptr))
        gathered = sparse.csr_matrix(
            (right.data, moved, right.indptr), shape=(len(pairs), len(table))
        )
        out[pairs] = gathered @ table
    return out


def _entrywise_products(
    matrix, rows: np.ndarray, columns: np.ndarray, step: int = 1 << 17
) -> np.ndarray:
    """`_pair_products` by multiplying both rows of each pair entry by entry."""
    out = np.zeros(len(rows), dtype=np.int64)
    for first in range(0, len(rows), step):
        part = slice(first, first + step)
        out[part] = np.asarray(
            matrix[rows[part]].multiply(matrix[columns[part]]).sum(axis=1)
        ).ravel()
    return out


def _row_norms(matrix) -> np.ndarray:
    squares = type(matrix)(
        (matrix.data.astype(np.float64) ** 2, matrix.indices, matrix.indptr), shape=matrix.shape
    )
    return np.sqrt(np.asarray(squares.sum(axis=1)).ravel())


class _Entries(NamedTuple):
    """Every row's vector entries, one row after the other: what postings are sorted from."""

    columns: np.ndarray  # int32
    rows: np.ndarray  # int32
    values: np.ndarray  # int64
    articles: int  # rows

    @classmethod
    def of(cls, vectors: Sequence[tuple[bytes, bytes]]) -> _Entries:
        sizes = np.fromiter((len(v[0]) // 4 for v in vectors), dtype=np.int64, count=len(vectors))
        return cls(
            np.frombuffer(b"".join(v[0] for v in vectors), dtype=np.int32),
            np.repeat(np.arange(len(vectors), dtype=np.int32), sizes),
            np.frombuffer(b"".join(v[1] for v in vectors), dtype=np.int64),
            len(vectors),
        )

    def postings(self, wanted: np.ndarray | None = None) -> _Postings:
        """The postings of every column, or of the `wanted` ones alone: their entries found by
        one pass through a table of the columns, and only those sorted (a few rows' columns
        are held by a tenth of the entries or fewer). Sorted by column, then by row: one sort of
        64-bit keys, each a column above the entry's place (NumPy's sort of numbers is faster
        than its argsort)."""
        places = np.arange(len(self.columns))
        if wanted is not None:
            width = max(int(self.columns.max(initial=-1)), int(wanted.max(initial=-1))) + 1
            table = np.zeros(width, dtype=bool)
            table[wanted] = True
            places = places[table[self.columns]]
        bits = max(1, len(self.columns).bit_length())
        keys = np.sort((self.columns[places].astype(np.int64) << bits) | places)
        order = keys & ((1 << bits) - 1)
        columns = (keys >> bits).astype(np.int32)
        return _Postings(columns, self.rows[order], self.values[order], self.articles)


class _Postings(NamedTuple):
    """For each column, the rows that hold it and their values: the entries of all the rows'
    vectors in column order, and in row order within a column (where patching looks for them;
    sums of integers are exact in any order)."""

    columns: np.ndarray
    rows: np.ndarray
    values: np.ndarray
    articles: int  # rows

    @classmethod
    def of(cls, vectors: Sequence[tuple[bytes, bytes]]) -> _Postings:
        return _Entries.of(vectors).postings()

    def patched(self, rows: np.ndarray, vectors: Sequence[tuple[bytes, bytes]]) -> _Postings:
        """These postings with `rows` (distinct) holding `vectors` now: their entries taken out
        and the new ones spliced in their places (`_spliced`), not every entry sorted again."""
        if len(rows) == 0:
            return self
        moved = np.zeros(self.articles, dtype=bool)
        moved[rows] = True
        out = np.flatnonzero(moved[self.rows])
        new = _Postings.of(vectors)  # (its rows numbered as `rows` are ordered)
        new_rows = rows[new.rows].astype(self.rows.dtype)
        order = np.lexsort((new_rows, new.columns))
        at = _entry_positions(self.columns, self.rows, new.columns[order], new_rows[order])
        columns, rows, values = (
            _spliced(array, out, at, values[order])
            for array, values in (
                (self.columns, new.columns),
                (self.rows, new_rows),
                (self.values, new.values),
            )
        )
        return _Postings(columns, rows, values, self.articles)

    def products(self, columns: bytes, values: bytes, keep: np.ndarray) -> np.ndarray:
        """The dot product of one row's vector, in the columns where `keep` is true, with every
        row, as floats (exact: sums of integers below 2**53)."""
        query = np.frombuffer(columns, dtype=np.int32)
        kept = keep[query] if len(query) else np.zeros(0, dtype=bool)
        query, weights_of_query = query[kept], np.frombuffer(values, dtype=np.int64)[kept]
        if len(query) == 0:
            return np.zeros(self.articles)
        hits, lengths = _equal_to(self.columns, query)
        weights = self.values[hits] * np.repeat(weights_of_query, lengths)
        return np.bincount(
            self.rows[hits], weights=weights.astype(np.float64), minlength=self.articles
        )
