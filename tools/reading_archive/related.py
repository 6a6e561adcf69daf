"""Enrich stage, part two: an explained "Related articles" list for every article.

The score of article B as related to article A (all parts between 0 and 1):

    content(A, B) = w_text · cos(text_A, text_B) + w_terms · cos(terms_A, terms_B)
    score(A, B)   = content(A, B) · (1 − w_time + w_time · exp(−|days between A and B| / time_scale))

- text: BM25-style weights (sublinear term frequency × inverse document frequency) of the
  words of title (counted twice) and body, stop words removed, normalised to length 1, of which
  only the `text_words` strongest words that other articles share are kept;
- terms: the glossary terms each article mentions, weighted by the same inverse document
  frequency, so a term in every article (Russia) counts for next to nothing and a rare one
  (Normandy Format) for much; `terms_prior` is added to each vector's squared length, so that
  an article that names one term only is not taken as certain about it;
- time only ever scales a content similarity: articles that share nothing are never related,
  however close in time.

An article shows at most k others, and only those whose score reaches `min_score` and
`min_share_of_best` of its best one's: fewer, but right, rather than five padded with chance
resemblances. The defaults were chosen on the synthetic story corpus (`archive bench related`),
where they show 4.7 articles per page of which 94–95% belong to the same story.

No pair is compared in Python: candidates come from sparse matrix products over words and
terms that are not in more than `common_share` of the archive, which makes the cost grow with
the size of the archive, not with its square. Ties are broken by distance in time and then by
seed name, and scores are rounded before sorting, so the output is the same on every run.

Incremental and exact. `update_related` takes the state of the previous run and recomputes
only the lists that can differ, and its result is always the one a run from scratch gives:
- document frequencies (and the size of the archive) enter the weights only through
  `frequency_bucket`, exact up to 15 and then to 4 significant bits (the archive's size: 6), so
  one edit changes the weights of the few articles that contain a word whose bucket changed,
  not of every article that contains a word of the edit;
- vector components are fixed-point integers, so dot products are exact whatever the order
  of summation, and every float is computed per article or per pair, never across articles;
- an article's list is kept when no article whose vector, date or URL changed was in it or can
  now enter it: its new score stays below the list's `floor` (the weakest score shown when the
  list is full, else the threshold of the best score).
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from .model import Article, ArticleSummary, Problem
from .read import article_text
from .stop_words import STOP_WORDS

_WORD = re.compile(r"\w{3,}")
_BLOCK_ROWS = 2000
_SCALE = float(1 << 20)  # fixed point of vector components: products and their sums are exact integers
_EXP_UNDERFLOW = 750  # math.exp(-x) is 0.0 for every x beyond this (from about 745.2 on)
_FREQUENCY_BITS = 4  # significant bits kept of a document frequency
_SIZE_BITS = 6  # and of the number of articles


# share(function, rows): function(share) for shares of the rows, results in the order of the rows
Share = Callable[[Callable[[Sequence[int]], list[Any]], Sequence[int]], list[Any]]


@dataclass(frozen=True)
class RelatedSettings:
    k: int = 5  # articles shown per page, at most
    w_text: float = 0.75
    w_terms: float = 0.25
    w_time: float = 0.5
    time_scale: float = 30.0  # days: at this distance the time factor has fallen to 1/e of its range
    text_words: int = 40
    common_share: float = 0.05  # words and terms in more of the archive than this (and in more
    common_floor: int = 50  # than this many articles) do not propose candidates
    min_score: float = 0.08  # weaker relations are not shown,
    min_share_of_best: float = 0.5  # nor those below this share of the best one's score
    terms_prior: float = 1.0  # added to the squared length of every term vector


class Relation(NamedTuple):
    """One entry of an article's related list, with what explains it. (A named tuple: the
    cache stores it as it is.)"""

    seed: str  # the related article
    score: float
    shared_terms: tuple[str, ...]  # term ids, rarest first
    days: int  # the related article's date minus this one's
    referenced: bool = False  # named in this article's text ("Related article: …")


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
    words: Mapping[str, int] | None

    @classmethod
    def of(cls, article: Any, words: Counter[str] | None = None, key: str = "") -> RelatedInput:
        return cls(
            article.seed, key, article.date.toordinal(), article.original_url, tuple(article.terms),
            tuple(article.mentions), words if words is not None else word_counts(article),
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
    named: tuple[str, ...]
    relations: tuple[tuple[Any, ...], ...]  # Relation fields
    floor: float  # a new score below this cannot change the list


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

    def to_plain(self) -> tuple[Any, ...]:
        return (self.settings, self.size_bucket, self.words, self.word_df, self.word_ties, self.terms, self.term_df,
                {seed: tuple(row) for seed, row in self.rows.items()})

    @classmethod
    def from_plain(cls, plain: tuple[Any, ...]) -> RelatedState:
        *fields, rows = plain
        return cls(*fields, rows={seed: _Row._make(row) for seed, row in rows.items()})


def related_for(
    articles: Sequence[Article],
    settings: RelatedSettings = RelatedSettings(),
    references: dict[str, tuple[str, ...]] | None = None,
    words: dict[str, Counter[str]] | None = None,
) -> dict[str, tuple[Relation, ...]]:
    """Up to k related articles for each article, by seed. `references` maps a seed to the
    seeds its text names; those come first. `words` may give `word_counts` of articles, by seed."""
    words = words or {}
    inputs = [RelatedInput.of(a, words.get(a.seed)) for a in articles]
    return dict(update_related(None, inputs, settings, references or {})[0])


def update_related(
    previous: RelatedState | None,
    inputs: Sequence[RelatedInput],
    settings: RelatedSettings,
    references: Mapping[str, tuple[str, ...]],
    share: Share | None = None,
) -> tuple[RelatedLists, RelatedState]:
    """The related lists of all `inputs` (by seed) and the state for the next run; the lists
    are those of a run from scratch, whatever `previous` holds. `share(function, rows)` may
    compute the lists of shares of the rows in other processes (`Shards.map_shares`)."""
    previous = previous or RelatedState()
    count = len(inputs)
    size = frequency_bucket(count, _SIZE_BITS)
    settings_key = dataclasses.astuple(settings)
    from_scratch = previous.settings != settings_key or previous.size_bucket != size
    old_rows = previous.rows
    changed = [i for i in inputs if not i.key or i.seed not in old_rows or old_rows[i.seed].key != i.key]
    seeds = {i.seed for i in inputs}
    gone = [seed for seed in old_rows if seed not in seeds]

    vocabulary = _Vocabulary(previous.words, previous.word_df, previous.word_ties, with_ties=True)
    glossary = _Vocabulary(previous.terms, previous.term_df, b"", with_ties=False)
    for seed in gone + [i.seed for i in changed if i.seed in old_rows]:
        vocabulary.forget(old_rows[seed].word_ids)
        glossary.forget(old_rows[seed].term_ids)
    fresh_columns: dict[str, tuple[bytes, bytes, bytes, bytes]] = {}
    for item in changed:
        assert item.words is not None, f"{item.seed}: words are needed for a changed article"
        fresh_columns[item.seed] = (*vocabulary.add(item.words), *glossary.add(dict(zip(item.terms, item.mentions or [1] * len(item.terms)))))
    word_buckets, moved_words = vocabulary.buckets()
    term_buckets, moved_terms = glossary.buckets()

    def columns(item: RelatedInput) -> tuple[bytes, bytes, bytes, bytes]:
        if item.seed in fresh_columns:
            return fresh_columns[item.seed]
        row = old_rows[item.seed]
        return row.word_ids, row.word_counts, row.term_ids, row.term_counts

    all_columns = [columns(item) for item in inputs]
    # Whose vectors must be computed again: new and changed articles, and those that contain a
    # word or term whose weight moved to another bucket (all of them when the size did).
    positions = {item.seed: p for p, item in enumerate(inputs)}
    if from_scratch:
        recompute = list(range(count))
        term_moved_rows: set[int] = set()
    else:
        recompute_set = {positions[i.seed] for i in changed}
        term_moved_rows = _rows_containing([c[2] for c in all_columns], moved_terms)
        recompute_set |= _rows_containing([c[0] for c in all_columns], moved_words) | term_moved_rows
        recompute = sorted(recompute_set)
    limit = max(settings.common_floor, settings.common_share * size)
    text_vectors = _text_vectors([all_columns[p][:2] for p in recompute], word_buckets, vocabulary.ties(), size, limit, settings)
    term_vectors = _term_vectors([all_columns[p][2:] for p in recompute], term_buckets, size, limit, settings)
    vectors: list[tuple[tuple[bytes, bytes], tuple[bytes, bytes]]] = [
        (old_rows[i.seed].text, old_rows[i.seed].terms) if i.seed in old_rows else ((b"", b""), (b"", b"")) for i in inputs
    ]
    for position, text, terms in zip(recompute, text_vectors, term_vectors):
        vectors[position] = (text, terms)

    scorers: list[_Scorer] = []

    def scorer() -> _Scorer:  # made only when some score is needed: not when nothing changed
        if not scorers:
            ordinals = np.fromiter((i.ordinal for i in inputs), dtype=np.int64, count=count)
            numbers: dict[str, int] = {}  # only compared for equality: any numbering of the URLs will do
            url_ids = np.fromiter((numbers.setdefault(i.url, len(numbers)) for i in inputs), dtype=np.int64, count=count)
            naming = np.fromiter((bool(named[i.seed]) for i in inputs), dtype=bool, count=count)
            scorers.append(_Scorer(vectors, (len(vocabulary.words), len(glossary.words)), ordinals, url_ids, naming, settings))
        return scorers[0]

    named = {i.seed: tuple(s for s in dict.fromkeys(references.get(i.seed, ())) if s in positions and s != i.seed) for i in inputs}

    if from_scratch:
        lists = list(range(count))
    else:
        # Articles whose vector, date or URL differ from the previous run's: their scores with
        # every other article may have changed.
        moved = {
            p for p in recompute
            if (old := old_rows.get(inputs[p].seed)) is None
            or (old.text, old.terms, old.ordinal, old.url, old.term_ids) != (*vectors[p], inputs[p].ordinal, inputs[p].url, all_columns[p][2])
        }
        moved_seeds = {inputs[p].seed for p in moved} | set(gone)
        lists_set = moved | term_moved_rows
        floors = np.array([old_rows[i.seed].floor if i.seed in old_rows else -np.inf for i in inputs])
        for p, item in enumerate(inputs):
            old = old_rows.get(item.seed)
            if old is None or old.named != named[item.seed] or any(r[0] in moved_seeds for r in old.relations):
                lists_set.add(p)
        if len(moved) > count // 4:  # cheaper to list every article again than to find which to
            lists_set = set(range(count))
        for candidate in scorer().rows(sorted(moved)) if moved and len(lists_set) < count else ():
            lists_set.update(candidate.columns[candidate.scores >= floors[candidate.columns]].tolist())
        lists = sorted(lists_set)

    term_idf = {term: _idf(term_buckets[column], size) for term, column in glossary.index.items()}
    chosen: dict[int, tuple[tuple[Relation, ...], float]] = {}
    if lists:
        chooser = _Chooser(scorer(), inputs, positions, named, term_idf, settings)
        chosen = dict(zip(lists, (share or _here)(chooser, lists)))

    rows: dict[str, _Row] = {}
    for p, item in enumerate(inputs):
        if p in chosen:
            entries, floor = chosen[p]
            plain = tuple(tuple(r) for r in entries)
        else:
            old = old_rows[item.seed]
            if old.key == item.key and (old.text, old.terms) == vectors[p]:
                rows[item.seed] = old  # the same object: comparing states stays cheap
                continue
            plain, floor = old.relations, old.floor
        word_ids, word_counts_, term_ids, term_counts = all_columns[p]
        rows[item.seed] = _Row(
            item.key, item.ordinal, item.url, word_ids, word_counts_, term_ids, term_counts, *vectors[p], named[item.seed], plain, floor,
        )
    state = RelatedState(settings_key, size, *vocabulary.plain(), *glossary.plain()[:2], rows=rows)
    return RelatedLists(rows), state


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


def import_scorer(changed: int) -> None:
    """Import what scoring `changed` new or changed articles against all takes (SciPy, for
    many), so that processes forked afterwards to score shares of them have it already."""
    if changed > _Scorer._FEW:
        import scipy.sparse  # noqa: F401


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
        self.index = {word: column for column, word in enumerate(self.words)}
        self._df = np.frombuffer(df, dtype=np.int32).astype(np.int64) if df else np.zeros(0, dtype=np.int64)
        self._before = self._df.copy()
        self._ties = list(np.frombuffer(ties, dtype=np.int64)) if with_ties else None
        self._ties_bytes = ties
        self._added: list[np.ndarray] = []

    def forget(self, ids: bytes) -> None:
        if ids:
            np.subtract.at(self._df, np.frombuffer(ids, dtype=np.int32), 1)

    def add(self, counts: Mapping[str, int]) -> tuple[bytes, bytes]:
        index, words = self.index, self.words
        for word in [word for word in counts if word not in index]:
            index[word] = len(words)
            words.append(word)
        ids = np.fromiter(map(index.__getitem__, counts), dtype=np.int32, count=len(counts))
        self._added.append(ids)
        return ids.tobytes(), np.fromiter(counts.values(), dtype=np.int32, count=len(counts)).tobytes()

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
        moved = [int(c) for c in touched if frequency_bucket(int(df[c])) != frequency_bucket(int(before[c]))]
        return buckets, moved

    def ties(self) -> np.ndarray:
        assert self._ties is not None
        for word in self.words[len(self._ties) :]:
            self._ties.append(int.from_bytes(hashlib.blake2b(word.encode("utf-8"), digest_size=8).digest(), "little", signed=True))
        return np.array(self._ties, dtype=np.int64)

    def plain(self) -> tuple[tuple[str, ...], bytes, bytes]:
        ties = np.array(self._ties, dtype=np.int64).tobytes() if self._ties is not None else b""
        return tuple(self.words), self._df.astype(np.int32).tobytes(), ties


def _rows_containing(ids_per_row: Sequence[bytes], columns: Sequence[int]) -> set[int]:
    if not columns:
        return set()
    sizes = np.fromiter((len(ids) // 4 for ids in ids_per_row), dtype=np.int64, count=len(ids_per_row))
    hits = np.isin(np.frombuffer(b"".join(ids_per_row), dtype=np.int32), np.asarray(columns, dtype=np.int32))
    return set(np.repeat(np.arange(len(ids_per_row)), sizes)[hits].tolist())


def _table(values: np.ndarray, function) -> np.ndarray:
    """function of each (non-negative integer) value, computed once per distinct value with
    Python's math: the same float whatever else is in the array (vectorised numpy functions may
    round differently in different positions)."""
    if len(values) == 0:
        return np.zeros(0, dtype=np.float64)
    largest = int(values.max())
    if largest < 1 << 16:
        return np.array([function(v) for v in range(largest + 1)], dtype=np.float64)[values]
    distinct, inverse = np.unique(values, return_inverse=True)
    return np.array([function(v) for v in distinct.tolist()], dtype=np.float64)[inverse]


def _text_vectors(
    columns: Sequence[tuple[bytes, bytes]], buckets: np.ndarray, ties: np.ndarray, size: int, limit: float, settings: RelatedSettings
) -> list[tuple[bytes, bytes]]:
    """Each article's text vector: its strongest shared words, normalised over all its words."""
    count = len(columns)
    if count == 0:
        return []
    rows, ids, frequencies = _flattened(columns)
    df = buckets[ids]
    weights = _table(frequencies, lambda n: 1 + math.log(n) if n else 0.0) * _table(df, lambda b: _idf(b, size))
    # Cosine over the whole text (the norm counts every word), but only the strongest words
    # that some other article shares, and that are not too common, are kept: they are what the
    # story is about, and all that can propose a candidate.
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=count))
    weights = weights / np.where(norms > 0, norms, 1.0)[rows]
    shared = (df > 1) & (df <= limit)
    rows, ids, weights = rows[shared], ids[shared], weights[shared]
    order = np.lexsort((ties[ids], -weights, rows))  # by row, strongest first, ties by word
    rows, ids, weights = rows[order], ids[order], weights[order]
    starts = np.searchsorted(rows, np.arange(count))
    keep = (np.arange(len(rows)) - starts[rows]) < settings.text_words
    rows, ids, values = rows[keep], ids[keep], np.rint(weights[keep] * _SCALE).astype(np.int64)
    return _split(count, rows, ids, values)


def _term_vectors(
    columns: Sequence[tuple[bytes, bytes]], buckets: np.ndarray, size: int, limit: float, settings: RelatedSettings
) -> list[tuple[bytes, bytes]]:
    """Each article's term vector: its terms weighted by rarity, normalised."""
    count = len(columns)
    if count == 0:
        return []
    rows, ids, mentions = _flattened(columns)
    df = buckets[ids]
    common = df <= limit
    rows, ids, mentions, df = rows[common], ids[common], mentions[common], df[common]
    # A term the article keeps coming back to says more about it than one named in passing.
    weights = _table(mentions, lambda n: 1 + math.log(n) if n else 0.0) * _table(df, lambda b: _idf(b, size))
    # The prior keeps an article that mentions a single term from looking certain about it.
    # (Each sum by Python's own, term after term, as the weights were always summed.)
    squares = (weights * weights).tolist()
    bounds = np.searchsorted(rows, np.arange(count + 1)).tolist()
    norms = np.array([math.sqrt(settings.terms_prior + sum(squares[a:b])) for a, b in zip(bounds[:-1], bounds[1:])], dtype=np.float64)
    values = np.rint(weights / norms[rows] * _SCALE).astype(np.int64)
    nonzero = values != 0
    return _split(count, rows[nonzero], ids[nonzero], values[nonzero])


def _flattened(columns: Sequence[tuple[bytes, bytes]]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Articles' (ids, counts) columns as three flat arrays: each entry's row, id and count."""
    sizes = np.fromiter((len(c[0]) // 4 for c in columns), dtype=np.int64, count=len(columns))
    ids = np.frombuffer(b"".join(c[0] for c in columns), dtype=np.int32)
    counts = np.frombuffer(b"".join(c[1] for c in columns), dtype=np.int32)
    return np.repeat(np.arange(len(columns)), sizes), ids, counts


def _split(count: int, rows: np.ndarray, ids: np.ndarray, values: np.ndarray) -> list[tuple[bytes, bytes]]:
    """Each of `count` rows' vector (ids, values as bytes), ids in order."""
    order = np.lexsort((ids, rows))
    rows, ids, values = rows[order], ids[order], values[order]
    bounds = np.searchsorted(rows, np.arange(count + 1)).tolist()
    return [(ids[a:b].tobytes(), values[a:b].tobytes()) for a, b in zip(bounds[:-1], bounds[1:])]


def _matrix(vectors: Sequence[tuple[bytes, bytes]], width: int):
    import scipy.sparse as sparse  # deferred: a run with nothing to compare does not need it

    sizes = np.fromiter((len(v[0]) // 4 for v in vectors), dtype=np.int64, count=len(vectors))
    indptr = np.concatenate(([0], np.cumsum(sizes)))
    indices = np.frombuffer(b"".join(v[0] for v in vectors), dtype=np.int32)
    data = np.frombuffer(b"".join(v[1] for v in vectors), dtype=np.int64)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(vectors), max(1, width)))


class _Candidates(NamedTuple):
    """The articles that share something with the one at `row`: their positions, content
    similarity, score, and days from it."""

    row: int
    columns: np.ndarray
    content: np.ndarray
    scores: np.ndarray
    days: np.ndarray
    usable: np.ndarray  # not a copy of the same story (same original URL)


class _Scorer:
    """Scores of some articles against all: exact integer dot products, then per-pair floats.

    Many rows are multiplied as sparse matrices (SciPy); a few, as after an edit, against an
    index of the rows holding each column (NumPy alone: SciPy is not even imported). Integer
    sums are exact, so both ways give the same scores to the last bit.
    """

    _FEW = 64

    def __init__(
        self,
        vectors: Sequence[tuple[tuple[bytes, bytes], tuple[bytes, bytes]]],
        widths: tuple[int, int],
        ordinals: np.ndarray,
        url_ids: np.ndarray,
        naming: np.ndarray,
        settings: RelatedSettings,
    ):
        self.vectors, self.widths, self.ordinals, self.url_ids, self.settings = vectors, widths, ordinals, url_ids, settings
        self.naming = naming  # per article: whether its text names others (their content is shown, however low)
        # A score is at most its content similarity (rounded to 9 places): below min_score no
        # pair can be shown, nor change a list (every floor is at least min_score).
        self.lowest = settings.min_score - 1e-9 if 0 <= settings.w_time <= 1 else -math.inf
        span = int(ordinals.max() - ordinals.min()) if len(ordinals) else 0
        # From `far` days on, exp(-days / time_scale) is 0.0 exactly, so every longer distance has
        # the factor of `far`: the table stops there, not at 738,000 entries for an article of
        # year 1 beside one of 2021 (3.65 million for years 1 to 9999).
        underflow = _EXP_UNDERFLOW * settings.time_scale
        self.far = math.ceil(underflow) if 0 < underflow < span else span
        self.factors = _table(np.arange(self.far + 1), lambda d: 1 - settings.w_time + settings.w_time * math.exp(-d / settings.time_scale))
        self._matrices: list[Any] = []
        self._postings: list[tuple[_Postings, _Postings]] = []

    def __getstate__(self) -> dict[str, Any]:
        # Sent without what it derives from the vectors: rebuilding them is cheaper than sending.
        return {**self.__dict__, "_matrices": [], "_postings": []}

    def rows(self, positions: Sequence[int]) -> Iterable[_Candidates]:
        step = self._FEW if len(positions) <= self._FEW else _BLOCK_ROWS
        for first in range(0, len(positions), step):
            block = np.asarray(positions[first : first + step], dtype=np.int64)
            # A block of rows at a time keeps memory flat: one block of the similarity matrix.
            indptr, indices, content = self._few(block) if len(positions) <= self._FEW else self._many(block)
            data = content / (_SCALE * _SCALE)
            rows = np.repeat(block, np.diff(indptr))
            keep = (data >= self.lowest) | self.naming[rows]
            offsets = np.repeat(np.arange(len(block)), np.diff(indptr))[keep]
            indptr = np.concatenate(([0], np.cumsum(np.bincount(offsets, minlength=len(block)))))
            indices, data, rows = indices[keep], data[keep], rows[keep]
            days = self.ordinals[indices] - self.ordinals[rows]
            scores = np.round(data * self.factors[np.minimum(np.abs(days), self.far)], 9)
            usable = self.url_ids[indices] != self.url_ids[rows]
            for offset, row in enumerate(block.tolist()):
                part = slice(indptr[offset], indptr[offset + 1])
                yield _Candidates(row, indices[part], data[part], scores[part], days[part], usable[part])

    def _many(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not self._matrices:
            text = _matrix([v[0] for v in self.vectors], self.widths[0])
            terms = _matrix([v[1] for v in self.vectors], self.widths[1])
            self._matrices = [text, terms, text.T.tocsr(), terms.T.tocsr()]
        text, terms, text_t, terms_t = self._matrices
        settings = self.settings
        # (Floats from the integer products without SciPy's astype, which sorts every row first.)
        text_products, term_products = (text[block] @ text_t).tocsr(), (terms[block] @ terms_t).tocsr()
        content = _as_float(text_products) * settings.w_text + _as_float(term_products) * settings.w_terms
        return content.indptr, content.indices, content.data

    def _few(self, block: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not self._postings:
            self._postings = [(_Postings([v[0] for v in self.vectors]), _Postings([v[1] for v in self.vectors]))]
        text, terms = self._postings[0]
        settings = self.settings
        indptr, indices, values = [0], [], []
        for row in block.tolist():
            content = text.products(*self.vectors[row][0]) * settings.w_text + terms.products(*self.vectors[row][1]) * settings.w_terms
            columns = np.flatnonzero(content)  # as the sparse product keeps them: no zeros
            indices.append(columns)
            values.append(content[columns])
            indptr.append(indptr[-1] + len(columns))
        return np.array(indptr), np.concatenate(indices).astype(np.int32), np.concatenate(values)


def _as_float(matrix):
    return type(matrix)((matrix.data.astype(np.float64), matrix.indices, matrix.indptr), shape=matrix.shape)


class _Postings:
    """For each column, the rows that hold it and their values."""

    def __init__(self, vectors: Sequence[tuple[bytes, bytes]]):
        sizes = np.fromiter((len(v[0]) // 4 for v in vectors), dtype=np.int64, count=len(vectors))
        columns = np.frombuffer(b"".join(v[0] for v in vectors), dtype=np.int32)
        order = np.argsort(columns)  # not a stable sort (a fifth of the time): sums of integers are exact in any order
        self.count = len(vectors)
        self.rows = np.repeat(np.arange(len(vectors)), sizes)[order]
        self.values = np.frombuffer(b"".join(v[1] for v in vectors), dtype=np.int64)[order]
        self.columns = columns[order]

    def products(self, columns: bytes, values: bytes) -> np.ndarray:
        """The dot product of one row's vector with every row, as floats (exact: sums of
        integers below 2**53)."""
        query = np.frombuffer(columns, dtype=np.int32)
        if len(query) == 0:
            return np.zeros(self.count)
        starts = np.searchsorted(self.columns, query, side="left")
        ends = np.searchsorted(self.columns, query, side="right")
        lengths = ends - starts
        hits = np.repeat(ends - lengths.cumsum(), lengths) + np.arange(lengths.sum())
        weights = self.values[hits] * np.repeat(np.frombuffer(values, dtype=np.int64), lengths)
        return np.bincount(self.rows[hits], weights=weights.astype(np.float64), minlength=self.count)


@dataclass(frozen=True)
class _Chooser:
    """The related lists of a share of the articles; a plain object, so that other processes
    can be sent it (each builds its own scorer's matrices)."""

    scorer: _Scorer
    inputs: Sequence[RelatedInput]
    positions: Mapping[str, int]
    named: Mapping[str, tuple[str, ...]]
    term_idf: Mapping[str, float]
    settings: RelatedSettings

    def __call__(self, rows: Sequence[int]) -> list[tuple[tuple[Relation, ...], float]]:
        return [_choose(c, self.inputs, self.positions, self.named, self.term_idf, self.settings) for c in self.scorer.rows(rows)]

    def __getstate__(self) -> dict[str, Any]:
        # Sent without the articles' words, which choosing does not read and which would make it heavy to send.
        return {**self.__dict__, "inputs": [item._replace(words=None) for item in self.inputs]}


def _here(function: Callable[[Sequence[int]], list[Any]], rows: Sequence[int]) -> list[Any]:
    return function(rows)


def _choose(
    candidates: _Candidates,
    inputs: Sequence[RelatedInput],
    positions: Mapping[str, int],
    named_by_seed: Mapping[str, tuple[str, ...]],
    term_idf: Mapping[str, float],
    settings: RelatedSettings,
) -> tuple[tuple[Relation, ...], float]:
    """The related list of one article, and its floor: the lowest new score of another article
    that could change the list."""
    me = inputs[candidates.row]
    scores, usable = candidates.scores, candidates.usable
    best_score = scores[usable].max(initial=0.0)
    threshold = float(max(settings.min_score, settings.min_share_of_best * best_score))
    usable = usable & (scores >= threshold)
    columns, values, days = candidates.columns[usable], scores[usable], candidates.days[usable]
    keep = settings.k + 8  # candidates kept per row before the exact, deterministic sort
    if len(columns) > keep:  # the best `keep`, ties at the edge included
        edge = np.partition(values, len(values) - keep)[len(values) - keep]
        best = values >= edge
        columns, values, days = columns[best], values[best], days[best]
    ranked = sorted(zip((-values).tolist(), np.abs(days).tolist(), (inputs[c].seed for c in columns.tolist()), columns.tolist()))
    named = [positions[s] for s in named_by_seed[me.seed]]
    # Named articles come first whatever their score; it is shown as their content similarity.
    content_of = dict(zip(candidates.columns.tolist(), candidates.content.tolist())) if named else {}
    chosen = [_relation(me, inputs[c], content_of.get(c, 0.0), term_idf, referenced=True) for c in named]
    slots = max(settings.k, len(named))
    floor = threshold
    for negative_score, _, _, column in ranked:
        if len(chosen) >= slots:
            break
        if column not in named:
            chosen.append(_relation(me, inputs[column], -negative_score, term_idf))
            if len(chosen) >= slots:
                floor = -negative_score
    if len(named) >= settings.k:
        floor = math.inf  # no room for any article that is not named
    return tuple(chosen), floor


def word_counts(article: Article) -> Counter[str]:
    """The words that count for text similarity, with how often each occurs: title (twice) and
    body, lower case, no stop words, no numbers."""
    found = Counter(_WORD.findall(f"{article.title} {article.title} {article_text(article)}".lower()))
    return Counter({word: count for word, count in found.items() if word not in STOP_WORDS and word.isalpha()})


def _relation(article: RelatedInput, other: RelatedInput, score: float, idf: Mapping[str, float], *, referenced: bool = False) -> Relation:
    shared = set(article.terms) & set(other.terms)
    return Relation(
        seed=other.seed,
        score=round(score, 9),
        shared_terms=tuple(sorted(shared, key=lambda t: (-idf.get(t, 0.0), t))),
        days=other.ordinal - article.ordinal,
        referenced=referenced,
    )
_PUNCTUATION = re.compile(r"[^\w\s]")


def title_key(title: str) -> str:
    """A title as compared for "Related article:" references: case, punctuation and spacing ignored."""
    return " ".join(_PUNCTUATION.sub(" ", title.casefold()).split())


def reference_lines(article: Article | ArticleSummary) -> tuple[tuple[str, int], ...]:
    """The titles of the article's "Related article: Title" lines, with their seed lines."""
    if isinstance(article, ArticleSummary):
        return article.references
    return tuple(("".join(span.text for span in block.items[0]), block.line) for block in article.blocks if block.kind == "related")


def resolve_references(articles: Sequence[Article | ArticleSummary]) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """For each article, the "Related article: Title" lines whose title names an article of the
    archive (title → that article's seed), and a note for each that names none.

    When several articles have the title, the one closest in time is meant.
    """
    by_title: dict[str, list[Article | ArticleSummary]] = {}
    for article in articles:
        by_title.setdefault(title_key(article.title), []).append(article)
    resolved: dict[str, dict[str, str]] = {}
    notes: list[Problem] = []
    for article in articles:
        for title, line in reference_lines(article):
            candidates = [a for a in by_title.get(title_key(title), ()) if a.seed != article.seed]
            if not candidates:
                notes.append(
                    Problem(article.seed, line, f"related article '{title}' is not in the archive; it is shown as plain text", "warning")
                )
                continue
            target = min(candidates, key=lambda a: (abs(a.date.toordinal() - article.date.toordinal()), a.seed))
            resolved.setdefault(article.seed, {})[title] = target.seed
    return resolved, notes
