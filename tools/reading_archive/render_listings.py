"""Render stage for the listings: the archive by month, and the articles of each publisher.

Plain lists made from what the converter already knows, so each listing costs only its own
entries: no page lists the whole archive, and no article is rendered again to make one.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from typing import Any

from .dates import MONTH_NAMES, format_date
from .model import ArticleLink
from .render import escape_markdown, front_matter, html_text, relative_link, with_checksum
from .slugs import slugify

LATEST = 20  # articles on the archive's front page


@dataclass(frozen=True)
class ListingPage:
    """A listing page before it is rendered: `shows` is everything it shows (plain values), so
    that a page whose entries did not change need not be rendered again."""

    path: str
    shows: tuple[Any, ...]
    render: Callable[[], str]


def render_listing_pages(
    links: Sequence[ArticleLink], descriptions: Mapping[str, str], articles_dir: str = "articles", publishers_dir: str = "publishers"
) -> dict[str, str]:
    """Docs-relative path → page text for the archive index, each month, and each publisher.

    `links` are in time order; `descriptions` gives each article's lead by page path.
    """
    return {page.path: page.render() for page in listing_pages(links, descriptions, articles_dir, publishers_dir)}


def listing_pages(
    links: Sequence[ArticleLink], descriptions: Mapping[str, str], articles_dir: str = "articles", publishers_dir: str = "publishers"
) -> list[ListingPage]:
    """The listing pages of `render_listing_pages`, not rendered yet."""
    newest_first = sorted(links, key=lambda link: (link.date, link.path), reverse=True)
    by_month: dict[tuple[int, int], list[ArticleLink]] = defaultdict(list)
    by_publisher: dict[str, list[ArticleLink]] = defaultdict(list)
    for link in newest_first:
        by_month[(link.date.year, link.date.month)].append(link)
        by_publisher[link.publisher].append(link)

    def shown(entries: Sequence[ArticleLink]) -> tuple[Any, ...]:
        return tuple((link.title, link.date.toordinal(), link.publisher, link.path, descriptions.get(link.path, "")) for link in entries)

    index = f"{articles_dir}/index.md"
    months = tuple((year, month, len(entries)) for (year, month), entries in by_month.items())
    pages = [
        ListingPage(
            index, (articles_dir, shown(newest_first[:LATEST]), months),
            partial(_archive_index, index, newest_first[:LATEST], by_month, descriptions, articles_dir),
        )
    ]
    for (year, month), entries in by_month.items():
        path = f"{articles_dir}/{year:04d}/{month:02d}/index.md"
        title = f"{MONTH_NAMES[month - 1]} {year}"
        pages.append(ListingPage(path, (title, shown(entries)), partial(_listing, path, title, f"Articles of {title}, newest first.", entries, descriptions)))
    publisher_index = f"{publishers_dir}/index.md"
    slugs = _publisher_slugs(by_publisher)
    names = sorted(by_publisher, key=str.casefold)
    pages.append(
        ListingPage(
            publisher_index, tuple((name, slugs[name], len(by_publisher[name])) for name in names), partial(_publisher_index, names, slugs, by_publisher)
        )
    )
    for name, entries in by_publisher.items():
        path = f"{publishers_dir}/{slugs[name]}.md"
        pages.append(ListingPage(path, (name, shown(entries)), partial(_listing, path, name, f"Articles published by {name}, newest first.", entries, descriptions)))
    return pages


def _publisher_index(names: Sequence[str], slugs: Mapping[str, str], by_publisher: Mapping[str, Sequence[ArticleLink]]) -> str:
    lines = ["# Publishers", ""]
    for name in names:
        lines.append(f"- [{escape_markdown(name)}]({slugs[name]}.md) — {_count(len(by_publisher[name]))}")
    return _page({"title": "Publishers"}, lines)


def _archive_index(
    path: str,
    latest: Sequence[ArticleLink],
    by_month: Mapping[tuple[int, int], Sequence[ArticleLink]],
    descriptions: Mapping[str, str],
    articles_dir: str,
) -> str:
    lines = ["# Archive", "", "## Latest articles", ""]
    lines += [_entry(path, link, descriptions) for link in latest]
    lines += ["", "## By month"]
    year = None
    for (entry_year, month), entries in by_month.items():  # newest first
        if entry_year != year:
            year = entry_year
            lines += ["", f"### {year}", ""]
        link = relative_link(path, f"{articles_dir}/{entry_year:04d}/{month:02d}/index.md")
        lines.append(f"- [{MONTH_NAMES[month - 1]} {entry_year}]({link}) — {_count(len(entries))}")
    return _page({"title": "Archive", "description": "All articles of the archive, by month."}, lines)


def _listing(path: str, title: str, description: str, entries: Sequence[ArticleLink], descriptions: Mapping[str, str]) -> str:
    lines = [f"# {escape_markdown(title)}", "", f"{_count(len(entries)).capitalize()}, newest first.", ""]
    lines += [_entry(path, link, descriptions) for link in entries]
    return _page({"title": title, "description": description}, lines)


def _entry(path: str, link: ArticleLink, descriptions: Mapping[str, str]) -> str:
    about = escape_markdown(descriptions.get(link.path, ""))
    return (
        f"- [{escape_markdown(link.title)}]({relative_link(path, link.path)})<br>"
        f'<span class="listing__meta">{format_date(link.date)} · {escape_markdown(link.publisher)}</span>'
        + (f"<br>{about}" if about else "")
    )


def _page(meta: dict[str, Any], lines: list[str]) -> str:
    safe = {key: html_text(value) if isinstance(value, str) else value for key, value in meta.items()}
    return with_checksum(front_matter({**safe, "generator": "reading-archive"}), "\n".join(lines) + "\n")


def _publisher_slugs(by_publisher: Mapping[str, Sequence[ArticleLink]]) -> dict[str, str]:
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(by_publisher):
        slug = base = slugify(name)
        number = 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        slugs[name] = slug
        taken.add(slug)
    return slugs


def _count(n: int) -> str:
    return f"{n} article" if n == 1 else f"{n} articles"
