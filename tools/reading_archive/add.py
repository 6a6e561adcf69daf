"""`archive add`: an article text, checked, becomes a new seed file of the archive.

The text is validated as `archive check` validates a seed (the same reader, the same
messages) and compared with every seed of the archive by the converter's rules: the same
original URL once normalised (base/urls.py) is a duplicate, and nothing is written; the same text
once whitespace is normalised, at another URL, is a syndicated copy, written with the warning
the converter gives it. Only a valid text is written, atomically, under a name no file has.

Seed names are `<number>_<hash>.txt`: the number is one more than the highest number that
begins a seed's name (at least three digits: `001`, `002`…), so that names sort in the order
articles were added; the hash is the first 16 hex digits of the SHA-256 of the article's
original URL, so that the name says which story the file is and two contributors adding
different articles at once still get different names. (The first seed,
`000_7700cad70c87f25c.txt`, predates this scheme: its digits are not a hash of its URL or of
its bytes.)
"""

from __future__ import annotations

import dataclasses
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

from .base.dates import today_anywhere
from .base.files import create_atomically
from .base.urls import normalised_url
from .build.cache import Cache
from .build.pipeline import (
    SEED_SUFFIX,
    copy_warning,
    date_warnings,
    drop_duplicates,
    find_duplicate,
    publisher_of,
    seed_files,
)
from .model import Article, ArticleSummary, Problem, SeedError
from .read.seed import article_from_bytes, seed_bytes
from .settings import Settings

_NUMBERED = re.compile(r"^(\d+)_")
_NUMBER_DIGITS = 3
_HASH_DIGITS = 16


@dataclass(frozen=True)
class Addition:
    seed: (
        str | None
    )  # the new seed file, relative to the project root; None when nothing was written
    article: Article | None
    problems: tuple[Problem, ...]  # errors (nothing written) or warnings


def add_seed(data: bytes, source: str, settings: Settings, cache: Cache | None = None) -> Addition:
    """Validate `data` (called `source` in messages) and add it to the seeds folder, unless it
    has errors or the archive already has the article. `cache` (the converter's) spares
    parsing seeds again whose bytes it knows."""
    try:
        article = article_from_bytes(data, source)
    except SeedError as error:
        return Addition(None, None, (error.problem,))

    # The ignore: drop_duplicates takes either kind of story, but its TypeVar is constrained to
    # one kind per call (build/pipeline.py; `bound=Article | ArticleSummary` would take this list).
    stories = archive_articles(settings, cache or Cache())
    archive, _ = drop_duplicates(stories)  # type: ignore[type-var]
    by_text: dict[str, Article | ArticleSummary] = {}
    for known in (
        archive
    ):  # in seed order: a copy names the first seed with the text, as the converter's warning does
        by_text.setdefault(known.text_hash, known)
    duplicate = find_duplicate(
        article, {normalised_url(a.original_url): a for a in archive}, by_text
    )
    if duplicate is not None and duplicate.shared == "original URL":
        message = (
            f"duplicate of {duplicate.original.seed} (same original URL): the archive "
            "already has this article"
        )
        return Addition(None, article, (Problem(source, None, message),))
    # The same text at another URL is another outlet's publication of it: added, as the
    # converter keeps it, with the warning `archive check` gives it from now on.
    copy = (copy_warning(article, duplicate.original, source),) if duplicate is not None else ()

    number = next_seed_number(settings.seeds_dir)
    while True:
        target = settings.seeds_dir / seed_name(number, article.original_url)
        try:
            create_atomically(target, data)
            break
        except FileExistsError:  # somebody added a seed meanwhile: take the next number
            number += 1
    seed = (
        target.relative_to(settings.root).as_posix()
        if target.is_relative_to(settings.root)
        else target.as_posix()
    )
    article = dataclasses.replace(article, seed=seed)
    _, note = publisher_of(article, settings)
    return Addition(
        seed,
        article,
        (*copy, *date_warnings([article], {}, today_anywhere()), *((note,) if note else ())),
    )


def next_seed_number(seeds_dir: Path) -> int:
    """One more than the highest number that begins a seed's name; 0 for the first seed."""
    numbers = [
        int(match[1]) for path in seed_files(seeds_dir) if (match := _NUMBERED.match(path.name))
    ]
    return max(numbers, default=-1) + 1


def seed_name(number: int, original_url: str) -> str:
    """A seed's name: its number, and the first hex digits of the SHA-256 of its original URL."""
    digest = hashlib.sha256(original_url.encode("utf-8")).hexdigest()[:_HASH_DIGITS]
    return f"{number:0{_NUMBER_DIGITS}d}_{digest}{SEED_SUFFIX}"


def archive_articles(settings: Settings, cache: Cache) -> list[Article | ArticleSummary]:
    """Every seed of the archive that reads as an article (the others are `archive check`'s
    business: they cannot be what a new text duplicates)."""
    known = {
        (r.result.seed, r.result.source_hash): r.result
        for r in cache.seeds.values()
        if isinstance(r.result, ArticleSummary)
    }
    articles: list[Article | ArticleSummary] = []
    for path in seed_files(settings.seeds_dir):
        try:
            seed, data = seed_bytes(path, settings.root)
            article = known.get((seed, hashlib.sha256(data).hexdigest())) or article_from_bytes(
                data, seed
            )
        except SeedError:
            continue
        articles.append(article)
    return articles
