"""The values related articles take and give: an article as related articles read it
(`RelatedInput`), an entry of a list (`Relation`), what a run leaves for the next
(`RelatedState`: plain values, which the cache stores) and the lists read from it
(`RelatedLists`); and which sketches changed since that run (`_Resketched`).
"""

from __future__ import annotations

import dataclasses
import math
import operator
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from .carried import _Carried
from .words import ArticleWords, article_words

# share(function, rows): function(share) for shares of the rows, results in the order of the rows
Share = Callable[[Callable[[Sequence[int]], list[Any]], Sequence[int]], list[Any]]


class Relation(NamedTuple):
    """One entry of an article's related list, with what explains it. (A named tuple: the
    cache stores it as it is.)"""

    seed: str  # the related article
    score: float
    shared_terms: tuple[str, ...]  # term ids, rarest first
    days: int  # the related article's date minus this one's
    referenced: bool = False  # named in this article's text ("Related article: …")
    copy: bool = False  # nearly the same text at another URL: shown apart, after the list


class RelatedInput(NamedTuple):
    """What related articles read of an article. `key` changes whenever its words, terms, date
    or URL may have (the pipeline's seed key); `words` may be None only when the key is that of
    the previous run."""

    seed: str
    key: str
    ordinal: int  # date.toordinal()
    url: str
    terms: tuple[str, ...]
    mentions: tuple[int, ...]
    words: ArticleWords | None

    @classmethod
    def of(cls, article: Any, words: ArticleWords | None = None, key: str = "") -> RelatedInput:
        return cls(
            article.seed,
            key,
            article.date.toordinal(),
            article.original_url,
            tuple(article.terms),
            tuple(article.mentions),
            words if words is not None else article_words(article),
        )


class _Row(NamedTuple):
    """An article as the previous run left it (plain values: the cache stores them)."""

    key: str
    ordinal: int
    url: str
    word_ids: bytes  # int32 columns of all its words, in order of first occurrence
    word_counts: bytes  # int32
    term_ids: bytes  # int32 columns of all its terms, in order of first mention
    term_counts: bytes  # int32
    text: tuple[bytes, bytes]  # its text vector: int32 columns, int64 fixed-point values
    terms: tuple[bytes, bytes]  # its term vector
    sketch: bytes  # its text_sketch
    named: tuple[str, ...]
    relations: tuple[tuple[Any, ...], ...]  # Relation fields
    floor: float  # a new score below this cannot change the list
    watched: tuple[str, ...]  # the crowd the list was measured against, when that set its bar
    fallback: bool  # the list was chosen among all articles (`_with_fallbacks`)


@dataclass(frozen=True)
class RelatedState:
    """Everything `update_related` needs from the previous run; plain values only."""

    settings: tuple[Any, ...] = ()
    size_bucket: int = -1
    words: tuple[str, ...] = ()  # a word's column is its position; never reordered
    word_df: bytes = b""  # int32 document frequency per column
    word_ties: bytes = b""  # int64 per column: a stable order for words of equal weight
    terms: tuple[str, ...] = ()
    term_df: bytes = b""
    rows: Mapping[str, _Row] = dataclasses.field(default_factory=dict)
    # What the next run in this process may reuse (`_Carried`); never in the cache file.
    carried: _Carried | None = dataclasses.field(
        default=None, compare=False, repr=False, metadata={"in_memory": True}
    )

    def to_plain(self) -> tuple[Any, ...]:
        return (
            self.settings,
            self.size_bucket,
            self.words,
            self.word_df,
            self.word_ties,
            self.terms,
            self.term_df,
            {seed: tuple(row) for seed, row in self.rows.items()},
        )

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> RelatedState:
        settings, size_bucket, words, word_df, word_ties, terms, term_df, rows = plain
        return cls(
            settings,
            size_bucket,
            words,
            word_df,
            word_ties,
            terms,
            term_df,
            {seed: _Row._make(row) for seed, row in rows.items()},
        )


# An article's row before this run when it had none (a new article): no words, no list.
_NO_ROW = _Row(
    "", 0, "", b"", b"", b"", b"", (b"", b""), (b"", b""), b"", (), (), -math.inf, (), False
)


_SEED, _ORDINAL, _URL = (operator.attrgetter(f) for f in ("seed", "ordinal", "url"))


_COLUMNS = operator.attrgetter("word_ids", "word_counts", "term_ids", "term_counts")


_VECTORS = operator.attrgetter("text", "terms")


_SKETCH, _FLOOR, _FALLBACK = (operator.attrgetter(f) for f in ("sketch", "floor", "fallback"))


_NAMED, _RELATIONS, _WATCHED = (operator.attrgetter(f) for f in ("named", "relations", "watched"))


_FIRST = operator.itemgetter(0)


_COPY = Relation._fields.index("copy")


class RelatedLists(Mapping[str, tuple[Relation, ...]]):
    """Each article's related list, by seed, read from the rows of a state, where they are
    plain tuples: made into `Relation`s only for the lists that are read (an edit renders a few
    pages, not ten thousand)."""

    def __init__(self, rows: Mapping[str, _Row]):
        self._rows = rows

    def __getitem__(self, seed: str) -> tuple[Relation, ...]:
        return tuple(map(Relation._make, self._rows[seed].relations))

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows)

    def __len__(self) -> int:
        return len(self._rows)

    def plain(self, seed: str) -> tuple[tuple[Any, ...], ...]:
        """The list as plain tuples of the `Relation` fields."""
        return self._rows[seed].relations

    def copies(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        """Each article that has copies, with their seeds (a list's copies come after it: only
        the lists whose last entry is a copy are read)."""
        for seed, row in self._rows.items():
            if row.relations and row.relations[-1][_COPY]:
                yield seed, tuple(relation[0] for relation in row.relations if relation[_COPY])

    def related_seeds(self, seed: str) -> tuple[str, ...]:
        """The seeds of the related articles of the list, copies left out."""
        return tuple(relation[0] for relation in self._rows[seed].relations if not relation[_COPY])


class _Resketched(NamedTuple):
    """The rows whose sketches changed since the previous run (new articles among them), with
    their sketches then (none for a new one); and the sketches of the articles removed."""

    rows: np.ndarray
    before: tuple[bytes, ...]
    gone: tuple[bytes, ...]

    @classmethod
    def of(
        cls, olds: Sequence[_Row], sketches: Sequence[bytes], recompute: list[int],
        gone: Sequence[_Row],
    ) -> _Resketched:  # fmt: skip
        """The rows of `recompute` whose sketches are not their `olds`' (a sketch changes only
        with the words, and those rows are computed again), and the rows `gone`."""
        rows = [p for p in recompute if sketches[p] != olds[p].sketch]
        return cls(
            np.asarray(rows, dtype=np.int64),
            tuple(olds[p].sketch for p in rows),
            tuple(map(_SKETCH, gone)),
        )
