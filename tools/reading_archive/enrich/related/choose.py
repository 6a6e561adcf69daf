"""Choosing each article's list among its candidates: the thresholds and the crowd's bars, the
ranking, the named articles first and the copies apart; and the lists that come out empty,
chosen again among all articles (fallbacks).
"""

from __future__ import annotations

import dataclasses
import itertools
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

import numpy as np

from ...settings import RelatedSettings
from .arrays import _firsts
from .scorer import _BLOCK_ROWS, _Candidates, _Scorer
from .state import RelatedInput, Relation


@dataclass(frozen=True)
class _Chooser:
    """The related lists of a share of the articles; a plain object, so that other processes
    can be sent it (each builds its own scorer's matrices)."""

    scorer: _Scorer
    articles: _Articles
    settings: RelatedSettings

    def __call__(self, rows: Sequence[int]) -> list[_Chosen]:
        return self._chosen(self.scorer.rows(rows, for_lists=True), self.settings)

    def __getstate__(self) -> dict[str, Any]:
        # Sent without the articles' words, which choosing does not read and which would make it
        # heavy to send.
        inputs = [item._replace(words=None) for item in self.articles.inputs]
        return {**self.__dict__, "articles": self.articles._replace(inputs=inputs)}

    def among_all(self, rows: Sequence[int]) -> list[_Chosen]:
        """The related lists of `rows` chosen among all articles, on all they share, whatever
        their dates and their words' frequency (marked as fallbacks). Every entry needs
        min_score, the first too: min_first_score lets a page show the closest of the reports
        near it in time; the closest of the whole archive, when nothing near resembles it, may
        be a chance resemblance (on the hand-written sets, the articles that fell back were of
        no story, and each showed one of another story with names in common, under min_score)."""
        settings = dataclasses.replace(
            self.settings,
            min_first_score=max(self.settings.min_first_score, self.settings.min_score),
        )
        chosen = self._chosen(self.scorer.rows(rows, among_all=True), settings)
        return [found._replace(fallback=True) for found in chosen]

    def _chosen(
        self, candidates: Iterable[_Candidates], settings: RelatedSettings
    ) -> list[_Chosen]:
        # A batch of rows at a time: NumPy sorts and measures all their candidates at once, and
        # Python walks only the few entries that may be shown.
        rows, chosen = iter(candidates), list[_Chosen]()
        while batch := list(itertools.islice(rows, _BLOCK_ROWS)):
            chosen.extend(_choose_batch(_Batch.of(batch), self.articles, settings))
        return chosen


def _with_fallbacks(chosen: dict[int, _Chosen], chooser: _Chooser) -> dict[int, _Chosen]:
    """`chosen`, where a list came out empty from the proposed pairs (copies alone do not fill
    it) chosen again among all articles: an article whose story's other articles are more than
    near_days away and share no uncommon word with it still shows them, when they reach
    min_score.

    Such a list depends on every article, so its row is marked: it is chosen again when a moved
    article reaches it on anything they share (`_lists_to_choose`). Few lists come out empty,
    and a fallback row is scored as a few rows after an edit are."""
    empty = sorted(
        p for p, found in chosen.items() if all(relation.copy for relation in found.relations)
    )
    return {**chosen, **dict(zip(empty, chooser.among_all(empty), strict=True))}


class _Chosen(NamedTuple):
    """An article's related list, the lowest new score of another article that could change it,
    and the articles whose moving could change it without being in it (the crowd)."""

    relations: tuple[Relation, ...]
    floor: float
    watched: tuple[str, ...]
    fallback: bool = False  # chosen among all articles, its proposed pairs showing none


class _Articles(NamedTuple):
    """What choosing reads of the articles."""

    inputs: Sequence[RelatedInput]
    positions: Mapping[str, int]
    named: Mapping[str, tuple[str, ...]]
    term_order: Mapping[str, int]


class _Batch(NamedTuple):
    """The candidates of some rows, flat: those of `rows[i]` lie at bounds[i]:bounds[i + 1]."""

    rows: list[int]
    bounds: list[int]
    offsets: np.ndarray  # of each candidate, its row's index in `rows`
    columns: np.ndarray
    content: np.ndarray
    scores: np.ndarray
    days: np.ndarray
    usable: np.ndarray  # may be shown: not the same original URL, not a copy (shown apart)
    copies: np.ndarray

    @classmethod
    def of(cls, candidates: Sequence[_Candidates]) -> _Batch:
        sizes = [len(c.columns) for c in candidates]
        columns, content, scores, days, usable, copies = (
            np.concatenate([getattr(c, name) for c in candidates])
            for name in ("columns", "content", "scores", "days", "usable", "copies")
        )
        return cls(
            [c.row for c in candidates],
            [0, *itertools.accumulate(sizes)],
            np.repeat(np.arange(len(candidates)), sizes),
            columns,
            content,
            scores,
            days,
            usable & ~copies,
            copies,
        )

    def best(self) -> np.ndarray:
        """Of each row, the best score of the candidates that may be shown (0 when none is
        positive)."""
        picked = np.flatnonzero(self.usable)
        best = np.zeros(len(self.rows))
        if len(picked):
            offsets = self.offsets[picked]
            starts = np.flatnonzero(_firsts(offsets))
            maxima = np.maximum.reduceat(self.scores[picked], starts)
            best[offsets[starts]] = np.maximum(0.0, maxima)
        return best


class _Lowest(NamedTuple):
    """The bars of each row of a batch before its crowds are measured: the first entry's
    (`first`), the others' (`others`), and the score a crowd must pass to raise the others'
    (`floor`, infinite without crowds)."""

    first: np.ndarray
    others: np.ndarray
    floor: np.ndarray

    @classmethod
    def of(cls, best: np.ndarray, settings: RelatedSettings) -> _Lowest:
        first = np.maximum(settings.lowest_shown, settings.min_share_of_best * best)
        others = np.maximum(settings.min_score, settings.min_share_of_best * best)
        if settings.crowd_ratio <= 0:
            return cls(first, others, np.full(len(best), math.inf))
        # A crowd below others / crowd_ratio sets no bar; nor does a new score below that make one.
        return cls(first, others, np.maximum(settings.min_score, others / settings.crowd_ratio))


class _Contenders(NamedTuple):
    """Of a batch, the candidates that may be shown and reach the lowest of their row's bars
    (`_Lowest`): only they can be shown, be in a crowd, or be its crowd_rank-th best when that
    passes the floor, so the bars are measured on them alone. Best first within each row (equal
    scores in any order)."""

    row_count: int
    offsets: np.ndarray
    columns: np.ndarray
    scores: np.ndarray
    days: np.ndarray  # away, whether before or after
    far: np.ndarray  # more than far_days away
    seed_ranks: np.ndarray  # of each, its seed's place in `seeds`
    seeds: np.ndarray  # their seeds, sorted, each once

    @classmethod
    def of(
        cls, batch: _Batch, lowest: _Lowest, articles: _Articles, settings: RelatedSettings
    ) -> _Contenders:
        cut = np.minimum(np.minimum(lowest.first, lowest.others), lowest.floor)
        picked = np.flatnonzero(batch.usable & (batch.scores >= cut[batch.offsets]))
        offsets, columns, scores = (
            batch.offsets[picked],
            batch.columns[picked],
            batch.scores[picked],
        )
        days = np.abs(batch.days[picked])
        seeds, seed_ranks = _seed_ranks(columns, articles.inputs)
        # One sort of floats, as in `_kth_largest`: rows apart by more than the scores spread.
        span = float(scores.max() - scores.min()) + 1.0 if len(scores) else 1.0
        order = np.argsort(offsets * span - scores, kind="stable")
        return cls(
            len(batch.rows),
            offsets[order],
            columns[order],
            scores[order],
            days[order],
            days[order] > settings.far_days,
            seed_ranks[order],
            seeds,
        )


def _seed_ranks(
    columns: np.ndarray, inputs: Sequence[RelatedInput]
) -> tuple[np.ndarray, np.ndarray]:
    """The seeds of the articles at `columns`, sorted, each once, and each column's seed's place
    among them: NumPy then orders candidates by seed. Only the candidates' articles are looked
    up: after an edit, those of a few rows, not the whole archive."""
    distinct, at = np.unique(columns, return_inverse=True)
    seeds = np.array([inputs[c].seed for c in distinct.tolist()], dtype=str)
    sorted_seeds, ranks = np.unique(seeds, return_inverse=True)
    return sorted_seeds, ranks.reshape(-1)[at.reshape(-1)]


def _nth_best(contenders: _Contenders, where: np.ndarray, n: int) -> np.ndarray:
    """Of each row, the n-th best score of its contenders `where` true (−inf when there are
    fewer, or n ≤ 0): each row's contenders come best first."""
    out = np.full(contenders.row_count, -np.inf)
    if n <= 0:
        return out
    picked = np.flatnonzero(where)
    offsets, every = contenders.offsets[picked], np.arange(contenders.row_count)
    starts = np.searchsorted(offsets, every)
    has = np.searchsorted(offsets, every, side="right") - starts >= n
    out[has] = contenders.scores[picked[starts[has] + n - 1]]
    return out


class _Bars(NamedTuple):
    """What a candidate must score to be shown, for each row of a batch: the first,
    `threshold`; the others, `bar`, and those more than far_days away, `far_bar` too."""

    threshold: np.ndarray
    bar: np.ndarray
    floor: np.ndarray  # a new score below this cannot move `bar` (the list's own floor aside)
    crowd: np.ndarray  # of each contender: the bars were measured on it (a crowd it is in)
    far_bar: np.ndarray


def _bars(contenders: _Contenders, lowest: _Lowest, settings: RelatedSettings) -> _Bars:
    """The thresholds of the batch's lists, from the scores of the candidates that may be shown.

    In an archive about one subject every article resembles a crowd of others through the
    names they all share; what belongs to its story stands out of that crowd. So past the
    first, an entry must score crowd_ratio times the crowd_rank-th best candidate (among those
    reaching min_score): an article of no story shows its closest match, not five of the crowd.
    The same holds across months (the package docstring says why): past the first, an entry
    more than far_days away must score crowd_ratio times the far_crowd_rank-th best of the
    candidates as far away that reach the bar without a crowd.
    And the first needs only min_first_score: an empty section helps no reader, five weak
    entries mislead, so an article that resembles no other much still shows its closest one.
    """
    scores, at, ratio = contenders.scores, contenders.offsets, settings.crowd_ratio
    first, others = lowest.first, lowest.others
    if ratio <= 0:
        none = np.zeros(len(scores), dtype=bool)
        return _Bars(first, others, lowest.floor, none, np.zeros(contenders.row_count))
    level = _nth_best(contenders, scores >= settings.min_score, settings.crowd_rank)
    crowded = level > lowest.floor
    bar = np.where(crowded, np.maximum(others, ratio * level), others)
    floor = np.where(crowded, level, lowest.floor)
    crowd = crowded[at] & (scores >= level[at])
    # (no floor of its own: to raise far_bar over a far entry shown, a new score must reach that
    # entry's score / crowd_ratio, so `floor` already)
    far_pool = contenders.far & (scores >= others[at])
    far_level = _nth_best(contenders, far_pool, settings.far_crowd_rank)
    far_crowded = far_level > -math.inf
    crowd |= far_pool & far_crowded[at] & (scores >= far_level[at])
    return _Bars(first, bar, floor, crowd, np.where(far_crowded, ratio * far_level, 0.0))


class _Ranked(NamedTuple):
    """The candidates that may enter the lists of a batch's rows (those of `rows[i]` at
    bounds[i]:bounds[i + 1]), best first, as Python values: a list takes the first few."""

    bounds: list[int]
    scores: list[float]
    columns: list[int]
    barred: list[bool]  # only the first place is open to it


def _ranked(contenders: _Contenders, bars: _Bars, named: np.ndarray, keep: int) -> _Ranked:
    """Of each row (`named`: whether it names articles), the candidates that may enter its list,
    best first: those reaching its threshold, of them only the best `keep` (ties at the edge
    included), and which of them may only be the first."""
    at, scores = contenders.offsets, contenders.scores
    usable = scores >= bars.threshold[at]
    # A far candidate under far_bar can only be the first: the best, when no article is named.
    barred = contenders.far & (scores < bars.far_bar[at])
    best = np.where(named, math.inf, _nth_best(contenders, usable, 1))
    usable &= ~barred | (scores >= best[at])
    usable &= scores >= _nth_best(contenders, usable, keep)[at]
    picked = np.flatnonzero(usable)
    offsets, values = at[picked], scores[picked]
    # The order a list takes them: −score, days away, seed, position. Scores seldom tie: only
    # then do the other keys order them.
    if np.any((offsets[1:] == offsets[:-1]) & (values[1:] == values[:-1])):
        seeds, days = contenders.seed_ranks[picked], contenders.days[picked]
        picked = picked[np.lexsort((contenders.columns[picked], seeds, days, -values, offsets))]
    return _Ranked(
        np.searchsorted(at[picked], np.arange(contenders.row_count + 1)).tolist(),
        scores[picked].tolist(),
        contenders.columns[picked].tolist(),
        barred[picked].tolist(),
    )


def _watched(contenders: _Contenders, crowd: np.ndarray) -> list[tuple[str, ...]]:
    """Of each row, the seeds of its contenders in `crowd`, sorted."""
    picked = np.flatnonzero(crowd)
    ranks, offsets = contenders.seed_ranks[picked], contenders.offsets[picked]
    order = np.lexsort((ranks, offsets))
    seeds = contenders.seeds[ranks[order]].tolist()
    bounds = np.searchsorted(offsets[order], np.arange(contenders.row_count + 1)).tolist()
    return [tuple(seeds[start:end]) for start, end in itertools.pairwise(bounds)]


def _choose_batch(batch: _Batch, articles: _Articles, settings: RelatedSettings) -> list[_Chosen]:
    """The related list of each row of the batch, its floor and what it watches (`_Chosen`)."""
    inputs, positions = articles.inputs, articles.positions
    named = [[positions[s] for s in articles.named[inputs[row].seed]] for row in batch.rows]
    lowest = _Lowest.of(batch.best(), settings)
    contenders = _Contenders.of(batch, lowest, articles, settings)
    bars = _bars(contenders, lowest, settings)
    ranked = _ranked(
        contenders, bars, np.array([bool(n) for n in named], dtype=bool), settings.k + 8
    )
    watched = _watched(contenders, bars.crowd)
    thresholds, bar, floor = bars.threshold.tolist(), bars.bar.tolist(), bars.floor.tolist()
    copies = np.bincount(batch.offsets[batch.copies], minlength=len(batch.rows)).tolist()
    chosen = []
    for offset, row in enumerate(batch.rows):
        me, shown = inputs[row], slice(ranked.bounds[offset], ranked.bounds[offset + 1])
        relations, row_floor = _filled(
            me,
            (named[offset], _named_relations(me, named[offset], batch, offset, articles)),
            zip(ranked.scores[shown], ranked.columns[shown], ranked.barred[shown], strict=True),
            (thresholds[offset], bar[offset]),
            articles,
            settings,
        )
        if copies[offset]:
            relations += _copies(me, batch, offset, named[offset], articles, settings.k)
        chosen.append(_Chosen(tuple(relations), min(row_floor, floor[offset]), watched[offset]))
    return chosen


def _named_relations(
    me: RelatedInput, named: Sequence[int], batch: _Batch, offset: int, articles: _Articles
) -> list[Relation]:
    # Named articles come first whatever their score; it is shown as their content similarity.
    if not named:
        return []
    part = slice(batch.bounds[offset], batch.bounds[offset + 1])
    content_of = dict(zip(batch.columns[part].tolist(), batch.content[part].tolist(), strict=True))
    inputs, term_order = articles.inputs, articles.term_order
    return [
        _relation(me, inputs[c], content_of.get(c, 0.0), term_order, referenced=True) for c in named
    ]


def _filled(
    me: RelatedInput,
    named: tuple[Sequence[int], list[Relation]],
    ranked: Iterable[tuple[float, int, bool]],
    bars: tuple[float, float],
    articles: _Articles,
    settings: RelatedSettings,
) -> tuple[list[Relation], float]:
    """A list: the relations to its `named` articles (positions, relations), then the best
    ranked candidates that reach the bar; and the lowest new score that could enter it
    (`bars`: the row's threshold and bar)."""
    threshold, bar = bars
    named_positions, chosen = named[0], list(named[1])
    slots = max(settings.k, len(chosen))
    # (the first's lower threshold keeps a section from being empty: a named article fills it)
    floor = threshold if not named_positions else bar  # while none is shown, any reaching it
    for score, column, barred in ranked:
        if len(chosen) >= slots or (chosen and score < bar):
            break
        if chosen and barred:
            continue
        if column not in named_positions:
            chosen.append(_relation(me, articles.inputs[column], score, articles.term_order))
            floor = score if len(chosen) >= slots else min(bar, chosen[len(named_positions)].score)
    if len(named_positions) >= settings.k:
        floor = math.inf  # no room for any article that is not named
    return chosen, floor


def _choose(
    candidates: _Candidates,
    inputs: Sequence[RelatedInput],
    positions: Mapping[str, int],
    named_by_seed: Mapping[str, tuple[str, ...]],
    term_order: Mapping[str, int],
    settings: RelatedSettings,
) -> _Chosen:
    """The related list of one article, its floor and what it watches (`_Chosen`)."""
    articles = _Articles(inputs, positions, named_by_seed, term_order)
    return _choose_batch(_Batch.of([candidates]), articles, settings)[0]


def _copies(
    me: RelatedInput,
    batch: _Batch,
    offset: int,
    named: Sequence[int],
    articles: _Articles,
    k: int,
) -> list[Relation]:
    """The republished copies of an article (at most k, closest in time first), shown apart:
    they take no place from the rest of the story."""
    part = slice(batch.bounds[offset], batch.bounds[offset + 1])
    columns = batch.columns[part]
    copies = batch.copies[part] & ~np.isin(columns, np.asarray(named, dtype=np.int64))
    inputs = articles.inputs
    closest = sorted(
        zip(
            np.abs(batch.days[part][copies]).tolist(),
            (inputs[c].seed for c in columns[copies].tolist()),
            columns[copies].tolist(),
            batch.scores[part][copies].tolist(),
            strict=True,
        )
    )[:k]
    return [
        _relation(me, inputs[column], score, articles.term_order, copy=True)
        for _, _, column, score in closest
    ]


def _relation(
    article: RelatedInput,
    other: RelatedInput,
    score: float,
    term_order: Mapping[str, int],
    *,
    referenced: bool = False,
    copy: bool = False,
) -> Relation:
    shared = set(article.terms).intersection(other.terms)
    return Relation(
        seed=other.seed,
        score=round(score, 9),
        shared_terms=tuple(sorted(shared, key=term_order.__getitem__)),
        days=other.ordinal - article.ordinal,
        referenced=referenced,
        copy=copy,
    )
