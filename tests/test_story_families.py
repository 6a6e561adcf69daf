"""The synthetic one-war corpus families (`reading_archive_dev.story_families`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from urllib.parse import urlsplit

import pytest

from reading_archive.enrich.glossary import parse_term
from reading_archive.read.seed import parse_seed
from reading_archive_dev.story_families import CAST, FAMILIES, generate_family
from reading_archive_dev.synthetic import SyntheticArticle


def day(article: SyntheticArticle) -> dt.date:
    return parse_seed(article.text, article.name).date


def digest(family: str, articles: int, seed: int) -> str:
    corpus = generate_family(family, articles, seed=seed)
    h = hashlib.sha256()
    for article in corpus.articles:
        h.update(
            f"{article.name}\0{article.story}\0{article.url}\0{article.copy_of}\0{article.text}\0".encode()
        )
    for term in corpus.glossary:
        h.update(f"{term.id}\0{term.text}\0".encode())
    h.update(repr(corpus.stories).encode())
    return h.hexdigest()


@pytest.mark.parametrize("family", FAMILIES)
def test_deterministic(family: str) -> None:
    assert digest(family, 400, 7) == digest(family, 400, 7)
    assert digest(family, 400, 7) != digest(family, 400, 8)


@pytest.mark.parametrize("family", FAMILIES)
def test_every_seed_parses_and_names_and_urls_are_unique(family: str) -> None:
    corpus = generate_family(family, 300, seed=1)
    assert len(corpus.articles) == 300
    assert len({a.name for a in corpus.articles}) == len({a.url for a in corpus.articles}) == 300
    for article in corpus.articles:
        parsed = parse_seed(article.text, f"seeds/{article.name}")
        assert parsed.original_url == article.url
        assert parsed.title and parsed.blocks
    for term in corpus.glossary:
        parse_term(term.text, term.id, f"glossary/{term.id}.md")


@pytest.mark.parametrize("family", FAMILIES)
def test_story_sizes_and_copies(family: str) -> None:
    corpus = generate_family(family, 3000, seed=2)
    by_name = {a.name: a for a in corpus.articles}
    copies = [a for a in corpus.articles if a.copy_of is not None]
    assert len(copies) == 60
    for copy in copies:
        original = by_name[copy.copy_of]
        assert original.copy_of is None and original.story == copy.story
        assert original.url != copy.url and original.text != copy.text
        assert urlsplit(original.url).hostname != urlsplit(copy.url).hostname
        assert 0 <= (day(copy) - day(original)).days <= 1
    days: dict[int, list[dt.date]] = {}
    for article in corpus.articles:
        days.setdefault(article.story, []).append(day(article))
    assert all(
        (max(d) - min(d)).days <= 7 for d in days.values()
    )  # a story's articles: within days
    sizes = Counter(a.story for a in corpus.articles if a.copy_of is None)
    histogram = Counter(sizes.values())
    assert (
        set(histogram) <= {1, 2, 3, 4, 5, 6, 7, 8} and histogram[2] <= 1
    )  # a 2 only where the sizes run out
    assert 0.08 < histogram[1] / len(sizes) < 0.25
    assert all(histogram[size] >= 20 for size in range(3, 9))
    assert {s.id for s in corpus.stories} == set(sizes)


@pytest.mark.parametrize("articles", [300, 3000])
def test_the_cast_recurs_whatever_the_size(articles: int) -> None:
    corpus = generate_family("focused", articles, seed=3)
    people = [m for m in CAST if m.kind == "person"]
    share = {m.name: sum(m.short in a.text for a in corpus.articles) / articles for m in people}
    assert max(share.values()) >= 0.30
    assert sum(s >= 0.10 for s in share.values()) >= 6
    capital = sum("Vostrava" in a.text for a in corpus.articles) / articles
    assert capital >= 0.35


def test_crowded_has_same_topic_stories_in_the_same_weeks() -> None:
    corpus = generate_family("crowded", 1000, seed=4)
    by_id = {s.id: s for s in corpus.stories}
    siblings = [
        s
        for s in corpus.stories
        if s.parent is not None
        and s.topic == by_id[s.parent].topic
        and abs((s.start - by_id[s.parent].start).days) <= 14
    ]
    assert len(siblings) >= len(corpus.stories) // 5
    focused = generate_family("focused", 1000, seed=4)
    assert all(s.parent is None for s in focused.stories)
