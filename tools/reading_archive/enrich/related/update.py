"""A run of related articles: the list of every article, from scratch or from the state of the
previous run, whose lists are chosen again only where they can differ (`update_related`).
"""

from __future__ import annotations

import dataclasses
import functools
import itertools
import operator
from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from ...model import Article
from ...settings import RelatedSettings
from .carried import _Carried, _KnownCopies, _Patch
from .choose import _Articles, _Chooser, _Chosen, _with_fallbacks
from .copies import _Copies
from .scorer import _Scorer
from .state import (
    _COLUMNS,
    _COPY,
    _FALLBACK,
    _FIRST,
    _FLOOR,
    _NAMED,
    _NO_ROW,
    _ORDINAL,
    _RELATIONS,
    _SEED,
    _SKETCH,
    _URL,
    _VECTORS,
    _WATCHED,
    RelatedInput,
    RelatedLists,
    RelatedState,
    Relation,
    Share,
    _Resketched,
    _Row,
)
from .vectors import (
    _SIZE_BITS,
    _idf,
    _term_vectors,
    _text_vectors,
    _Vocabulary,
    frequency_bucket,
)
from .words import ArticleWords, articles_words


def related_for(
    articles: Sequence[Article],
    settings: RelatedSettings = RelatedSettings(),
    references: dict[str, tuple[str, ...]] | None = None,
    words: dict[str, ArticleWords] | None = None,
) -> dict[str, tuple[Relation, ...]]:
    """Up to k related articles for each article, by seed. `references` maps a seed to the
    seeds its text names; those come first. `words` may give `article_words` of articles, by
    seed."""
    words = words or {}
    missing = [a for a in articles if a.seed not in words]
    words = {**words, **dict(zip((a.seed for a in missing), articles_words(missing), strict=True))}
    inputs = [RelatedInput.of(a, words[a.seed]) for a in articles]
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
    count, old_rows = len(inputs), previous.rows
    size = frequency_bucket(count, _SIZE_BITS)
    settings_key = dataclasses.astuple(settings)
    from_scratch = previous.settings != settings_key or previous.size_bucket != size
    positions = dict(zip(map(_SEED, inputs), itertools.count()))
    olds = list(map(old_rows.get, map(_SEED, inputs), itertools.repeat(_NO_ROW)))
    changed = _changed(inputs, olds)
    gone = [seed for seed in old_rows if seed not in positions]
    counted = _Counted.of(previous, inputs, olds, changed, gone)
    recompute, term_moved_rows = _to_recompute(counted, changed, from_scratch)
    vectors = _vectors(olds, counted, recompute, size, settings)
    # Which words are not common: only they propose pairs across more than near_days (terms,
    # the names of people and places, never do: a relation across months needs more than names).
    limit = max(settings.common_floor, settings.common_share * size)
    named, named_pairs = _named(inputs, references, positions)
    changes = (
        (None, None, None)
        if from_scratch
        else _changes_since(previous, (positions, olds), vectors, counted, (recompute, gone))
    )
    # made only when some score is needed: not when nothing changed
    scorer = functools.cache(
        functools.partial(_scorer, vectors, counted, limit, inputs, named_pairs, settings, changes)
    )

    if from_scratch:
        lists = list(range(count))
    else:
        moved = _moved(olds, inputs, counted, vectors, recompute, limit)
        lists = _lists_to_choose(olds, inputs, named, moved, gone, term_moved_rows, scorer)
    term_order = _term_order(counted, size)
    chosen: dict[int, _Chosen] = {}
    if lists:
        articles = _Articles(inputs, positions, named, term_order)
        chooser = _Chooser(scorer(), articles, settings)
        # each share a stretch of time: narrow bands of near pairs
        by_date = sorted(lists, key=lambda p: (inputs[p].ordinal, p))
        chosen = dict(zip(by_date, (share or _here)(chooser, by_date), strict=False))
        chosen = _with_fallbacks(chosen, chooser)
    rows = _rows(olds, inputs, counted, vectors, named, (chosen, recompute, changed))
    state = RelatedState(
        settings_key,
        size,
        *counted.vocabulary.plain(),
        *counted.glossary.plain()[:2],
        rows=rows,
        carried=_carried_on(tuple(positions), scorer, changes[0]),
    )
    return RelatedLists(rows), state


def _changed(inputs: Sequence[RelatedInput], olds: Sequence[_Row]) -> list[int]:
    """The positions of the articles read again: their key is not the previous run's (or they
    have none)."""
    pairs = enumerate(zip(inputs, olds, strict=True))
    return [p for p, (item, old) in pairs if not item.key or old.key != item.key]


def _changes_since(
    previous: RelatedState,
    rows: tuple[Mapping[str, int], Sequence[_Row]],
    vectors: Sequence[tuple[tuple[bytes, bytes], tuple[bytes, bytes]]],
    counted: _Counted,
    touched: tuple[list[int], list[str]],
) -> tuple[_Patch | None, _Resketched, Callable[[int], _KnownCopies] | None]:
    """What changed since the previous run: the sketches (`_Resketched`); and what it carried,
    with the rows whose vectors and whose sketches differ from its own, when its rows were these
    articles in this order and few of them are computed again; else how to read the copies its
    lists show (`_copies_shown`). `rows`: each seed's position, and each one's row of the
    previous run; `touched`: the rows computed again, the seeds gone."""
    (positions, olds), (recompute, gone) = rows, touched
    order = tuple(positions)
    gone_rows = [previous.rows[seed] for seed in gone]
    resketched = _Resketched.of(olds, counted.sketches, recompute, gone_rows)
    carried = previous.carried
    if carried is None or len(recompute) > len(order) // 4 or carried.seeds != order:
        return None, resketched, functools.partial(_copies_shown, olds, positions)
    differ = [p for p in recompute if vectors[p] != (olds[p].text, olds[p].terms)]
    patch = _Patch(carried, np.asarray(differ, dtype=np.int64), resketched.rows)
    return patch, resketched, None


def _copies_shown(olds: Sequence[_Row], positions: Mapping[str, int], k: int) -> _KnownCopies:
    """The copies the previous run's lists show, as what is known of the copies it found: of
    the rows whose list shows all of theirs, those they show. A list shows at most k copies,
    and a copy the article names (its named articles are listed first, not as copies): so those
    with fewer than k, that name none. (A copy at the same URL is never shown, nor needed: it
    cannot be shown.) New articles' rows are not known."""
    count = len(olds)
    named_none = np.fromiter(map(operator.not_, map(_NAMED, olds)), dtype=bool, count=count)
    new = np.fromiter(map(operator.is_, olds, itertools.repeat(_NO_ROW)), dtype=bool, count=count)
    known = named_none & ~new
    keys: list[int] = []
    for row in _where(map(_ends_with_a_copy, olds), count):
        shown = [relation[0] for relation in olds[row].relations if relation[_COPY]]
        known[row] &= len(shown) < k
        keys += [row * count + positions[seed] for seed in shown if seed in positions]
    rows = np.asarray(keys, dtype=np.int64) // count
    return _KnownCopies(known, np.sort(np.asarray(keys, dtype=np.int64)[known[rows]]))


def _ends_with_a_copy(row: _Row) -> bool:
    """Whether a row's list shows copies (they come after its entries)."""
    return bool(row.relations) and bool(row.relations[-1][_COPY])


def _carried_on(
    order: tuple[str, ...], scorer: functools._lru_cache_wrapper[_Scorer], patch: _Patch | None
) -> _Carried | None:
    """What the next run may reuse: the postings and the sketch index this run's scorer made or
    patched (patching what the previous run carried costs little, even when this run did not
    need it), and the copies it knows; the previous run's as they were when nothing was scored
    and nothing they hold changed."""
    if not scorer.cache_info().currsize:
        if patch is not None and not len(patch.rows) and not len(patch.sketch_rows):
            return patch.carried
        return None
    made = scorer()
    before = patch.carried if patch is not None else _Carried(order, None, None, None)
    postings, index = (
        getattr(holder, name)
        if name in holder.__dict__ or getattr(before, name) is not None
        else None
        for holder, name in ((made, "postings"), (made.copies, "sketch_index"))
    )
    copies = made.copies.known_copies
    return _Carried(order, postings, index, copies) if postings or index or copies else None


def _term_order(counted: _Counted, size: int) -> dict[str, int]:
    """Each term's place in an explanation line ("Shared: Crimea, NATO"): the rarest first,
    then by name."""
    buckets = counted.term_buckets.tolist()  # (Python numbers: NumPy's are slow one by one)
    idf = {term: _idf(buckets[column], size) for term, column in counted.glossary.index.items()}
    return {term: place for place, term in enumerate(sorted(idf, key=lambda t: (-idf[t], t)))}


def _scorer(
    vectors: Sequence[tuple[tuple[bytes, bytes], tuple[bytes, bytes]]],
    counted: _Counted,
    limit: float,
    inputs: Sequence[RelatedInput],
    named_pairs: np.ndarray,
    settings: RelatedSettings,
    changes: tuple[_Patch | None, _Resketched | None, Callable[[int], _KnownCopies] | None],
) -> _Scorer:
    uncommon, terms = counted.word_buckets <= limit, len(counted.term_buckets)
    patch, resketched, shown = changes
    copies = _Copies(counted.sketches, settings, patch, resketched, shown)
    return _Scorer(
        vectors, copies, uncommon, terms, *_dates_and_urls(inputs), named_pairs, settings, patch
    )


def _named(
    inputs: Sequence[RelatedInput],
    references: Mapping[str, tuple[str, ...]],
    positions: Mapping[str, int],
) -> tuple[dict[str, tuple[str, ...]], np.ndarray]:
    """The articles each article's text names that are in the archive (not itself), by seed;
    and those pairs as keys (row · count + column), sorted."""
    # (each edit reads every article's entry: most name none, so only those that do are read)
    named: dict[str, tuple[str, ...]] = dict.fromkeys(positions, ())
    for seed, others in references.items():
        if seed in named:
            named[seed] = tuple(s for s in dict.fromkeys(others) if s in positions and s != seed)
    pairs = sorted(
        positions[seed] * len(inputs) + positions[other]
        for seed, others in named.items()
        for other in others
    )
    return named, np.array(pairs, dtype=np.int64)


class _Counted(NamedTuple):
    """The articles' words and terms as columns of the vocabularies (kept across runs), after
    this run's new, changed and removed articles; and their sketches."""

    vocabulary: _Vocabulary
    glossary: _Vocabulary
    columns: list[
        tuple[bytes, bytes, bytes, bytes]
    ]  # per input: word ids, word counts, term ids, term counts
    sketches: list[bytes]
    word_buckets: np.ndarray  # each word's bucketed document frequency
    moved_words: list[int]  # the words whose bucket changed
    term_buckets: np.ndarray
    moved_terms: list[int]

    @classmethod
    def of(
        cls,
        previous: RelatedState,
        inputs: Sequence[RelatedInput],
        olds: Sequence[_Row],
        changed: list[int],
        gone: list[str],
    ) -> _Counted:
        """`olds`: each input's row of the previous run (`_NO_ROW` if none); `changed`: the
        positions of the inputs whose words and terms are read again."""
        vocabulary = _Vocabulary(
            previous.words, previous.word_df, previous.word_ties, with_ties=True
        )
        glossary = _Vocabulary(previous.terms, previous.term_df, b"", with_ties=False)
        for row in [previous.rows[seed] for seed in gone] + [olds[p] for p in changed]:
            vocabulary.forget(row.word_ids)
            glossary.forget(row.term_ids)
        items = [inputs[p] for p in changed]
        texts = [_words_of(item) for item in items]
        words = vocabulary.add([text.counts for text in texts])
        terms = glossary.add(
            [
                dict(zip(item.terms, item.mentions or [1] * len(item.terms), strict=False))
                for item in items
            ]
        )
        columns, sketches = list(map(_COLUMNS, olds)), list(map(_SKETCH, olds))
        for p, text, w, t in zip(changed, texts, words, terms, strict=True):
            columns[p], sketches[p] = (*w, *t), text.sketch
        return cls(
            vocabulary, glossary, columns, sketches, *vocabulary.buckets(), *glossary.buckets()
        )


def _words_of(item: RelatedInput) -> ArticleWords:
    assert item.words is not None, f"{item.seed}: words are needed for a changed article"
    return item.words


def _to_recompute(
    counted: _Counted, changed: list[int], from_scratch: bool
) -> tuple[list[int], set[int]]:
    """Whose vectors must be computed again: new and changed articles, and those that contain a
    word or term whose weight moved to another bucket (all of them when the archive's size
    did); and of those, the ones that contain such a term (their shared terms' order may change)."""
    if from_scratch:
        return list(range(len(counted.columns))), set()
    term_moved_rows = _rows_containing([c[2] for c in counted.columns], counted.moved_terms)
    word_moved_rows = _rows_containing([c[0] for c in counted.columns], counted.moved_words)
    return sorted(set(changed) | word_moved_rows | term_moved_rows), term_moved_rows


def _vectors(
    olds: Sequence[_Row], counted: _Counted, recompute: list[int], size: int,
    settings: RelatedSettings,
) -> list[tuple[tuple[bytes, bytes], tuple[bytes, bytes]]]:  # fmt: skip
    """Every article's text and term vectors: the previous run's, and those of `recompute` again."""
    columns = counted.columns
    text_vectors = _text_vectors(
        [columns[p][:2] for p in recompute],
        counted.word_buckets,
        counted.vocabulary.ties(),
        size,
        settings,
    )
    term_vectors = _term_vectors(
        [columns[p][2:] for p in recompute], counted.term_buckets, size, settings
    )
    vectors: list[tuple[tuple[bytes, bytes], tuple[bytes, bytes]]] = list(map(_VECTORS, olds))
    for position, text, terms in zip(recompute, text_vectors, term_vectors, strict=False):
        vectors[position] = (text, terms)
    return vectors


def _dates_and_urls(inputs: Sequence[RelatedInput]) -> tuple[np.ndarray, np.ndarray]:
    """Each article's date (its ordinal) and a number for its URL, the same for the same URL."""
    ordinals = np.fromiter(map(_ORDINAL, inputs), dtype=np.int64, count=len(inputs))
    # (only compared for equality: any numbering of the URLs will do, such as the first
    # position of each)
    first: dict[str, int] = {}
    url_ids = np.fromiter(
        map(first.setdefault, map(_URL, inputs), itertools.count()),
        dtype=np.int64,
        count=len(inputs),
    )
    return ordinals, url_ids


def _moved(
    olds: Sequence[_Row], inputs: Sequence[RelatedInput], counted: _Counted,
    vectors: Sequence[tuple[tuple[bytes, bytes], tuple[bytes, bytes]]], recompute: list[int],
    limit: float,
) -> set[int]:  # fmt: skip
    """The articles whose scores with every other may have changed: their vector, terms, sketch,
    date or URL differ from the previous run's, or they hold a word that became common (or
    stopped being), which changes which pairs are proposed."""
    moved = {
        p
        for p in recompute
        if (old := olds[p]) is _NO_ROW
        or (old.text, old.terms, old.ordinal, old.url, old.term_ids, old.sketch)
        != (
            *vectors[p],
            inputs[p].ordinal,
            inputs[p].url,
            counted.columns[p][2],
            counted.sketches[p],
        )
    }
    return moved | _rows_containing([v[0][0] for v in vectors], counted.vocabulary.crossed(limit))


def _lists_to_choose(
    olds: Sequence[_Row], inputs: Sequence[RelatedInput],
    named: Mapping[str, tuple[str, ...]], moved: set[int], gone: list[str],
    term_moved_rows: set[int], scorer: Callable[[], _Scorer],
) -> list[int]:  # fmt: skip
    """The articles whose lists may differ from the previous run's: the moved ones; those whose
    list or crowd held a moved or removed article, or whose named articles changed; those a
    moved article now reaches (a score at least the list's floor, or a copy); those whose copies
    may have changed (`_Copies.unsettled`); and of those whose list was chosen among all
    articles (a fallback), those a moved article reaches on anything they share
    (`_fallbacks_reached`) or is now proposed with, or all when many moved."""
    count = len(inputs)
    if len(moved) > count // 4:  # cheaper to list every article again than to find which to
        return list(range(count))
    floors = np.fromiter(map(_FLOOR, olds), dtype=np.float64, count=count)
    fallbacks = np.fromiter(map(_FALLBACK, olds), dtype=bool, count=count)
    renamed = map(operator.ne, map(_NAMED, olds), map(named.__getitem__, map(_SEED, inputs)))
    lists = (
        moved
        | term_moved_rows
        | set(_where(renamed, count))
        | _lists_holding(olds, {inputs[p].seed for p in moved} | set(gone))
        | (set(np.flatnonzero(fallbacks).tolist()) if len(moved) > _Scorer._FEW else set())
        | (set(scorer().copies.unsettled.tolist()) if moved or gone else set())
    )
    # (a fallback row: a pair proposed with a moved article may fill its proposed list)
    proposed_floors = np.where(fallbacks, -np.inf, floors)
    for candidate in scorer().rows(sorted(moved)) if moved and len(lists) < count else ():
        reached = (candidate.scores >= proposed_floors[candidate.columns]) | candidate.copies
        lists.update(candidate.columns[reached].tolist())
    if 0 < len(moved) <= _Scorer._FEW and len(lists) < count and fallbacks.any():
        lists.update(_fallbacks_reached(np.where(fallbacks, floors, np.inf), moved, scorer()))
    return sorted(lists)


def _lists_holding(olds: Sequence[_Row], seeds: set[str]) -> set[int]:
    """The rows (positions) that are new, or whose list or crowd held one of `seeds`: every row
    read in C, one set test per row and field, not row by row in Python (an edit reads them
    all)."""
    count = len(olds)
    listed = map(map, itertools.repeat(_FIRST), map(_RELATIONS, olds))  # each list's seeds
    return {
        *_where(map(operator.is_, olds, itertools.repeat(_NO_ROW)), count),
        *_where(map(operator.not_, map(seeds.isdisjoint, listed)), count),
        *_where(map(operator.not_, map(seeds.isdisjoint, map(_WATCHED, olds))), count),
    }


def _where(flags: Iterable[bool], count: int) -> list[int]:
    """The positions of the `count` flags that are true (read in C)."""
    return np.flatnonzero(np.fromiter(flags, dtype=bool, count=count)).tolist()


def _fallbacks_reached(floors: np.ndarray, moved: set[int], scorer: _Scorer) -> set[int]:
    """The fallback rows (the others' `floors` infinite) that a moved article now reaches on
    anything they share, whatever their dates: a score at least the list's floor (scores are
    symmetric: the moved articles' candidates among all articles give them). A fallback list is
    chosen among all articles as any list is among its proposed pairs, so its floor tells as
    much. So an edit chooses again the few fallback lists it can change, not every one (each is
    scored against all articles)."""
    reached: set[int] = set()
    for candidate in scorer.rows(sorted(moved), among_all=True):
        reached.update(candidate.columns[candidate.scores >= floors[candidate.columns]].tolist())
    return reached


def _rows(
    olds: Sequence[_Row], inputs: Sequence[RelatedInput], counted: _Counted,
    vectors: Sequence[tuple[tuple[bytes, bytes], tuple[bytes, bytes]]],
    named: Mapping[str, tuple[str, ...]],
    touched: tuple[Mapping[int, _Chosen], list[int], list[int]],
) -> dict[str, _Row]:  # fmt: skip
    """Each article's row of the next state: its new list where it was chosen again, else the
    previous run's (the same object when nothing of the article changed: comparing states stays
    cheap). `touched`: the lists chosen, the vectors computed again and the articles read again,
    by position; every other article's row is the previous run's."""
    chosen, recompute, changed = touched
    rows = dict(zip(map(_SEED, inputs), olds, strict=True))
    for p in {*chosen, *recompute, *changed}:
        item, old = inputs[p], olds[p]
        if p in chosen:
            entries, floor, watched, fallback = chosen[p]
            plain = tuple(tuple(r) for r in entries)
        elif old.key == item.key and (old.text, old.terms, old.sketch) == (
            *vectors[p],
            counted.sketches[p],
        ):
            continue
        else:
            plain, floor, watched, fallback = old.relations, old.floor, old.watched, old.fallback
        rows[item.seed] = _Row(
            item.key,
            item.ordinal,
            item.url,
            *counted.columns[p],
            *vectors[p],
            counted.sketches[p],
            named[item.seed],
            plain,
            floor,
            watched,
            fallback,
        )
    return rows


def _rows_containing(ids_per_row: Sequence[bytes], columns: Sequence[int]) -> set[int]:
    """The rows (positions) whose ids hold one of `columns`: the ids of all rows searched at
    once, and each hit's row found by where the rows' ids end (not an array of every id's row:
    the ids of 10,000 articles are millions)."""
    if not columns:
        return set()
    ends = np.cumsum(np.fromiter(map(len, ids_per_row), dtype=np.int64, count=len(ids_per_row)))
    ids = np.frombuffer(b"".join(ids_per_row), dtype=np.int32)
    # (a table of the columns: NumPy's `isin` sorts the millions of ids)
    wanted = np.zeros(max(int(ids.max(initial=0)), max(columns)) + 1, dtype=bool)
    wanted[list(columns)] = True
    hits = np.flatnonzero(wanted[ids])
    return set(np.searchsorted(ends // 4, hits, side="right").tolist())


def _here(function: Callable[[Sequence[int]], list[Any]], rows: Sequence[int]) -> list[Any]:
    return function(rows)
