""" "Related article: Title" lines: the articles an article's text names, which its list shows
first, and a note for each title that names no article of the archive.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ...model import Article, ArticleSummary, Problem

_PUNCTUATION = re.compile(r"[^\w\s]")


def title_key(title: str) -> str:
    """A title as compared for "Related article:" references: case, punctuation and spacing
    ignored."""
    return " ".join(_PUNCTUATION.sub(" ", title.casefold()).split())


def reference_lines(article: Article | ArticleSummary) -> tuple[tuple[str, int], ...]:
    """The titles of the article's "Related article: Title" lines, with their seed lines."""
    if isinstance(article, ArticleSummary):
        return article.references
    return tuple(
        ("".join(span.text for span in block.items[0]), block.line)
        for block in article.blocks
        if block.kind == "related"
    )


def resolve_references(
    articles: Sequence[Article | ArticleSummary],
) -> tuple[dict[str, dict[str, str]], list[Problem]]:
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
                    Problem(
                        article.seed,
                        line,
                        f"related article '{title}' is not in the archive; "
                        "it is shown as plain text",
                        "warning",
                    )
                )
                continue
            target = min(
                candidates,
                key=lambda a: (abs(a.date.toordinal() - article.date.toordinal()), a.seed),
            )
            resolved.setdefault(article.seed, {})[title] = target.seed
    return resolved, notes
