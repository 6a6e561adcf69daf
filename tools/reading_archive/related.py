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
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import scipy.sparse as sparse

from .model import Article, Problem
from .read import article_text

_WORD = re.compile(r"\w{3,}")
_BLOCK_ROWS = 2000
STOP_WORDS = frozenset(
    """about above after again against all also among and any are around because been before being below
    between both but can could did does doing down during each even ever every few for from further had
    has have having her here hers herself him himself his how however into its itself just last later
    least less like made make many may might more most much must near need never new next not now off
    once one only other others our ours ourselves out over own per put said same say says see seen she
    should since some still such than that the their theirs them themselves then there these they this
    those though three through thus too two under until upon very was way well were what when where
    whether which while who whom whose why will with within without would year years yet you your
    yours yourself told asked added according week weeks day days time monday tuesday wednesday
    thursday friday saturday sunday january february march april june july august september october
    november december""".split()
)


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


@dataclass(frozen=True)
class Relation:
    """One entry of an article's related list, with what explains it."""

    seed: str  # the related article
    score: float
    shared_terms: tuple[str, ...]  # term ids, rarest first
    days: int  # the related article's date minus this one's
    referenced: bool = False  # named in this article's text ("Related article: …")


def related_for(
    articles: Sequence[Article],
    settings: RelatedSettings = RelatedSettings(),
    references: dict[str, tuple[str, ...]] | None = None,
    words: dict[str, Counter[str]] | None = None,
) -> dict[str, tuple[Relation, ...]]:
    """Up to k related articles for each article, by seed. `references` maps a seed to the
    seeds its text names; those come first. `words` may give `word_counts` of articles, by seed."""
    references = references or {}
    count = len(articles)
    if count == 0:
        return {}
    term_idf = _idf(Counter(t for a in articles for t in set(a.terms)), count)
    words = words or {}
    counts = [words.get(a.seed) or word_counts(a) for a in articles]
    text = _text_matrix(counts, settings, count)
    terms = _term_matrix(articles, term_idf, settings, count)
    ordinals = np.array([a.date.toordinal() for a in articles])
    seeds = [a.seed for a in articles]
    position = {seed: i for i, seed in enumerate(seeds)}
    url_ids = np.unique([a.original_url for a in articles], return_inverse=True)[1]
    keep = settings.k + 8  # candidates kept per row before the exact, deterministic sort

    relations: dict[str, tuple[Relation, ...]] = {}
    for first in range(0, count, _BLOCK_ROWS):
        rows = slice(first, min(count, first + _BLOCK_ROWS))
        # A block of rows at a time keeps memory flat: one block of the similarity matrix.
        content = sparse.csr_matrix(
            (text[rows] @ text.T) * settings.w_text + (terms[rows] @ terms.T) * settings.w_terms
        )
        for offset in range(content.shape[0]):
            row = first + offset
            start, end = content.indptr[offset], content.indptr[offset + 1]
            columns = content.indices[start:end]
            days = ordinals[columns] - ordinals[row]
            scores = np.round(
                content.data[start:end] * (1 - settings.w_time + settings.w_time * np.exp(-np.abs(days) / settings.time_scale)),
                9,
            )
            usable = url_ids[columns] != url_ids[row]
            best_score = scores[usable].max(initial=0.0)
            usable &= scores >= max(settings.min_score, settings.min_share_of_best * best_score)
            columns, scores, days = columns[usable], scores[usable], days[usable]
            if len(columns) > keep:  # the best `keep`, ties at the edge included
                threshold = np.partition(scores, len(scores) - keep)[len(scores) - keep]
                best = scores >= threshold
                columns, scores, days = columns[best], scores[best], days[best]
            ranked = sorted(zip(-scores, np.abs(days), (seeds[c] for c in columns), columns))
            named = [position[s] for s in dict.fromkeys(references.get(seeds[row], ())) if s in position and s != seeds[row]]
            # Named articles come first whatever their score; it is shown as their content similarity.
            content_of = dict(zip(content.indices[start:end].tolist(), content.data[start:end].tolist())) if named else {}
            chosen = [_relation(articles[row], articles[c], content_of.get(c, 0.0), term_idf, referenced=True) for c in named]
            for negative_score, _, _, column in ranked:
                if len(chosen) >= max(settings.k, len(named)):
                    break
                if column not in named:
                    chosen.append(_relation(articles[row], articles[column], float(-negative_score), term_idf))
            relations[seeds[row]] = tuple(chosen)
    return relations


def word_counts(article: Article) -> Counter[str]:
    """The words that count for text similarity, with how often each occurs: title (twice) and
    body, lower case, no stop words, no numbers."""
    counts = Counter(_WORD.findall(f"{article.title} {article.title} {article_text(article)}".lower()))
    for word in [w for w in counts if w in STOP_WORDS or not w.isalpha()]:
        del counts[word]
    return counts


def _idf(document_frequency: Counter, count: int) -> dict[str, float]:
    return {key: math.log(1 + (count - df + 0.5) / (df + 0.5)) for key, df in document_frequency.items()}


def _text_matrix(counts: Sequence[Counter[str]], settings: RelatedSettings, count: int) -> sparse.csr_matrix:
    """Rows: articles (their word counts); columns: words; each row its strongest words, normalised."""
    document_frequency = Counter(w for c in counts for w in c)
    vocabulary = {word: column for column, word in enumerate(document_frequency)}
    df = np.fromiter(document_frequency.values(), dtype=np.float64, count=len(vocabulary))
    idf = np.log1p((count - df + 0.5) / (df + 0.5))

    sizes = np.fromiter((len(c) for c in counts), dtype=np.int64, count=count)
    rows = np.repeat(np.arange(count), sizes)
    columns = np.fromiter((vocabulary[w] for c in counts for w in c), dtype=np.int64, count=int(sizes.sum()))
    frequencies = np.fromiter((n for c in counts for n in c.values()), dtype=np.float64, count=len(columns))
    weights = (1 + np.log(frequencies)) * idf[columns]
    # Cosine over the whole text (the norm counts every word), but only the strongest words
    # that some other article shares, and that are not too common, are kept: they are what the
    # story is about, and all that can propose a candidate.
    norms = np.sqrt(np.bincount(rows, weights=weights * weights, minlength=count))
    weights = weights / np.where(norms > 0, norms, 1.0)[rows]
    limit = max(settings.common_floor, settings.common_share * count)
    shared = (df[columns] > 1) & (df[columns] <= limit)
    rows, columns, weights = rows[shared], columns[shared], weights[shared]
    order = np.lexsort((columns, -weights, rows))  # by row, strongest first, ties by word
    rows, columns, weights = rows[order], columns[order], weights[order]
    starts = np.searchsorted(rows, np.arange(count))
    rank = np.arange(len(rows)) - starts[rows]
    strongest = rank < settings.text_words
    return sparse.csr_matrix(
        (weights[strongest], (rows[strongest], columns[strongest])), shape=(count, max(1, len(vocabulary)))
    )


def _term_matrix(articles: Sequence[Article], idf: dict[str, float], settings: RelatedSettings, count: int) -> sparse.csr_matrix:
    """Rows: articles; columns: glossary terms, weighted by rarity, normalised."""
    document_frequency = Counter(t for a in articles for t in set(a.terms))
    limit = max(settings.common_floor, settings.common_share * count)
    index: dict[str, int] = {}
    rows, columns, values = [], [], []
    for row, article in enumerate(articles):
        # A term the article keeps coming back to says more about it than one named in passing.
        counts = dict(zip(article.terms, article.mentions or [1] * len(article.terms)))
        weights = {t: (1 + math.log(n)) * idf[t] for t, n in counts.items() if document_frequency[t] <= limit}
        # The prior keeps an article that mentions a single term from looking certain about it.
        norm = math.sqrt(settings.terms_prior + sum(w * w for w in weights.values()))
        for term, weight in weights.items():
            rows.append(row)
            columns.append(index.setdefault(term, len(index)))
            values.append(weight / norm)
    return sparse.csr_matrix((values, (rows, columns)), shape=(count, max(1, len(index))))


def _relation(article: Article, other: Article, score: float, idf: dict[str, float], *, referenced: bool = False) -> Relation:
    shared = set(article.terms) & set(other.terms)
    return Relation(
        seed=other.seed,
        score=round(score, 9),
        shared_terms=tuple(sorted(shared, key=lambda t: (-idf.get(t, 0.0), t))),
        days=other.date.toordinal() - article.date.toordinal(),
        referenced=referenced,
    )


_PUNCTUATION = re.compile(r"[^\w\s]")


def title_key(title: str) -> str:
    """A title as compared for "Related article:" references: case, punctuation and spacing ignored."""
    return " ".join(_PUNCTUATION.sub(" ", title.casefold()).split())


def resolve_references(articles: Sequence[Article]) -> tuple[dict[str, dict[str, str]], list[Problem]]:
    """For each article, the "Related article: Title" lines whose title names an article of the
    archive (title → that article's seed), and a note for each that names none.

    When several articles have the title, the one closest in time is meant.
    """
    by_title: dict[str, list[Article]] = {}
    for article in articles:
        by_title.setdefault(title_key(article.title), []).append(article)
    resolved: dict[str, dict[str, str]] = {}
    notes: list[Problem] = []
    for article in articles:
        for block in article.blocks:
            if block.kind != "related":
                continue
            title = "".join(span.text for span in block.items[0])
            candidates = [a for a in by_title.get(title_key(title), ()) if a.seed != article.seed]
            if not candidates:
                notes.append(
                    Problem(article.seed, block.line, f"related article '{title}' is not in the archive; it is shown as plain text", "warning")
                )
                continue
            target = min(candidates, key=lambda a: (abs(a.date.toordinal() - article.date.toordinal()), a.seed))
            resolved.setdefault(article.seed, {})[title] = target.seed
    return resolved, notes
