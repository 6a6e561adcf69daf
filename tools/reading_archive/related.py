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

_WORD = re.compile(r"[^\W\d_]{3,}")
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
    k: int = 5  # articles shown per page
    w_text: float = 0.5
    w_terms: float = 0.5
    w_time: float = 0.3
    time_scale: float = 30.0  # days: at this distance the time factor has fallen to 1/e of its range
    text_words: int = 40
    common_share: float = 0.05  # words and terms in more of the archive than this (and in more
    common_floor: int = 50  # than this many articles) do not propose candidates
    min_score: float = 0.02  # weaker relations are not shown
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
) -> dict[str, tuple[Relation, ...]]:
    """Up to k related articles for each article, by seed. `references` maps a seed to the
    seeds its text names; those come first."""
    references = references or {}
    count = len(articles)
    if count == 0:
        return {}
    term_idf = _idf(Counter(t for a in articles for t in set(a.terms)), count)
    text = _text_matrix(articles, settings, count)
    terms = _term_matrix(articles, term_idf, settings, count)
    content = (text @ text.T) * settings.w_text + (terms @ terms.T) * settings.w_terms
    content = sparse.csr_matrix(content)

    ordinals = np.array([a.date.toordinal() for a in articles])
    seeds = [a.seed for a in articles]
    position = {seed: i for i, seed in enumerate(seeds)}
    urls = [a.original_url for a in articles]
    relations: dict[str, tuple[Relation, ...]] = {}
    for row in range(count):
        start, end = content.indptr[row], content.indptr[row + 1]
        columns = content.indices[start:end]
        values = content.data[start:end]
        days = ordinals[columns] - ordinals[row]
        scores = values * (1 - settings.w_time + settings.w_time * np.exp(-np.abs(days) / settings.time_scale))
        candidates = sorted(
            (
                (-round(float(score), 9), abs(int(day)), seeds[column], int(column), int(day))
                for column, score, day in zip(columns, scores, days)
                if column != row and urls[column] != urls[row] and score >= settings.min_score
            )
        )
        named = [position[s] for s in references.get(seeds[row], ()) if s in position and s != seeds[row]]
        chosen: list[Relation] = [
            _relation(articles[row], articles[c], float(content[row, c]), term_idf, referenced=True) for c in dict.fromkeys(named)
        ]
        for negative_score, _, seed, column, _ in candidates:
            if len(chosen) >= settings.k:
                break
            if column not in named:
                chosen.append(_relation(articles[row], articles[column], -negative_score, term_idf))
        relations[seeds[row]] = tuple(chosen[: max(settings.k, len(named))])
    return relations


def words_of(article: Article) -> list[str]:
    """The words that count for text similarity: title and body, lower case, no stop words."""
    text = f"{article.title} {article.title} {article_text(article)}".lower()
    return [w for w in _WORD.findall(text) if w not in STOP_WORDS]


def _idf(document_frequency: Counter, count: int) -> dict[str, float]:
    return {key: math.log(1 + (count - df + 0.5) / (df + 0.5)) for key, df in document_frequency.items()}


def _text_matrix(articles: Sequence[Article], settings: RelatedSettings, count: int) -> sparse.csr_matrix:
    """Rows: articles; columns: words; each row its strongest words, normalised."""
    counts = [Counter(words_of(a)) for a in articles]
    document_frequency = Counter(w for c in counts for w in c)
    limit = max(settings.common_floor, settings.common_share * count)
    idf = _idf(document_frequency, count)
    vocabulary: dict[str, int] = {}
    rows, columns, values = [], [], []
    for row, words in enumerate(counts):
        # Cosine over the whole text (the norm counts every word), but only the strongest words
        # that some other article shares, and that are not too common, are kept: they are what
        # the story is about, and all that can propose a candidate.
        weights = {w: (1 + math.log(n)) * idf[w] for w, n in words.items()}
        norm = math.sqrt(sum(weight * weight for weight in weights.values())) or 1.0
        shared = sorted((weight, w) for w, weight in weights.items() if 1 < document_frequency[w] <= limit)
        for weight, word in shared[-settings.text_words :]:
            rows.append(row)
            columns.append(vocabulary.setdefault(word, len(vocabulary)))
            values.append(weight / norm)
    return sparse.csr_matrix((values, (rows, columns)), shape=(count, max(1, len(vocabulary))))


def _term_matrix(articles: Sequence[Article], idf: dict[str, float], settings: RelatedSettings, count: int) -> sparse.csr_matrix:
    """Rows: articles; columns: glossary terms, weighted by rarity, normalised."""
    document_frequency = Counter(t for a in articles for t in set(a.terms))
    limit = max(settings.common_floor, settings.common_share * count)
    index: dict[str, int] = {}
    rows, columns, values = [], [], []
    for row, article in enumerate(articles):
        terms = [t for t in dict.fromkeys(article.terms) if document_frequency[t] <= limit]
        # The prior keeps an article that mentions a single term from looking certain about it.
        norm = math.sqrt(settings.terms_prior + sum(idf[t] ** 2 for t in terms))
        for term in terms:
            rows.append(row)
            columns.append(index.setdefault(term, len(index)))
            values.append(idf[term] / norm)
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
