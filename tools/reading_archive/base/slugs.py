"""Readable, stable, unique URL slugs for articles."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import TypeVar

from ..model import Article, ArticleSummary

MAX_SLUG_LENGTH = 50
# Names Windows refuses as file or folder names: a slug must stay a valid path everywhere.
_RESERVED = frozenset(
    ["con", "prn", "aux", "nul", "index"]
    + [f"com{i}" for i in range(10)]
    + [f"lpt{i}" for i in range(10)]
)
_APOSTROPHES = re.compile(r"['’‘`]")

_Story = TypeVar("_Story", bound=Article | ArticleSummary)


def slugify(title: str) -> str:
    """Lower-case words of the title joined by hyphens, cut at a word boundary.

    Letters of any script are kept (a Cyrillic title gets a Cyrillic slug); everything else,
    including `.`, `/` and `%`, separates words, so a slug can never name another folder.
    """
    text = _APOSTROPHES.sub("", unicodedata.normalize("NFKC", title).casefold())
    # Letters, digits and combining marks (the vowel signs of Devanagari, say) make words.
    kept = "".join(c if unicodedata.category(c)[0] in "LNM" else " " for c in text)
    words = kept.split()
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > MAX_SLUG_LENGTH:
            break
        slug = candidate
    if not slug and words:
        slug = words[0][:MAX_SLUG_LENGTH]
    if not slug:
        slug = "article"
    if slug in _RESERVED:
        slug += "-article"
    return slug


def article_slugs(
    articles: Iterable[_Story], slug_of: Callable[[_Story], str] | None = None
) -> dict[str, str]:
    """Map each article's seed to a slug unique within its month. `slug_of` gives an article's
    `slugify(title)` when it is known already.

    The first article (by seed name) keeps the plain slug; each later namesake gets a suffix
    derived from its seed name, so adding an article never renames an existing page.
    """
    groups: dict[tuple[int, int, str], list[str]] = defaultdict(list)
    for article in articles:
        date = article.date
        groups[
            (date.year, date.month, slug_of(article) if slug_of else slugify(article.title))
        ].append(article.seed)
    slugs: dict[str, str] = {}
    for (_, _, slug), seeds in groups.items():
        first, *others = sorted(seeds)
        slugs[first] = slug
        for seed in others:
            slugs[seed] = f"{slug}-{hashlib.sha256(seed.encode('utf-8')).hexdigest()[:8]}"
    return slugs
