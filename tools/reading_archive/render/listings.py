"""Render stage for the listings: the archive by year and month, by publisher and by tag, and the
generated part of the home page.

Plain lists made from what the converter already knows, so each listing costs only its own
entries: the index pages list years, months, publishers and tags with their counts, never
articles, and every list of articles is cut into pages of `page_size`. No page grows with the
whole archive, and no article is rendered again to make one.

Every listing of one kind (years, months, publishers, tags) links each article exactly once, on
exactly one of its pages. Page 1 of a listing is `<folder>/index.md`, page n is
`<folder>/page/<n>/index.md`, so `/articles/2021/12/` is followed by `/articles/2021/12/page/2/`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from ..base.dates import MONTH_NAMES, format_date, format_year
from ..base.escaping import escape_markdown, html_text
from ..base.slugs import slugify
from ..model import Article, ArticleLink, ArticleSummary
from ..settings import PAGE_SIZE
from .article import GENERATOR, describe, front_matter, relative_link, with_checksum

LATEST = 20  # articles on the home page
_NEAR = (
    2  # page numbers shown on each side of the current page; the first and last are always shown
)

Listed = tuple[Article | ArticleSummary, ArticleLink]  # an article, and where its page is


@dataclass(frozen=True)
class Folders:
    """Folders under the docs folder (and URL prefixes) of the pages that listings link."""

    articles: str = "articles"
    publishers: str = "publishers"
    tags: str = "tags"
    glossary: str = "glossary"


@dataclass(frozen=True)
class ListingPage:
    """One page of the listings, before its text is made: the articles it lists and the lines
    around them. What it shows of each article is its link and lead, so those and the lines
    say all that its text depends on; making the text costs far more (a line per article)."""

    path: str
    meta: Mapping[str, Any]
    before: tuple[str, ...]  # Markdown lines above the list of articles
    entries: Sequence[Listed]
    after: tuple[str, ...] = ()

    def text(self) -> str:
        lines = [
            *self.before,
            *(_entry(self.path, link, describe(article)) for article, link in self.entries),
            *self.after,
        ]
        return _page(dict(self.meta), lines)


def listing_pages(
    listed: Sequence[Listed], folders: Folders = Folders(), page_size: int = PAGE_SIZE
) -> list[ListingPage]:
    """The archive index, every year, month, publisher and tag (each paginated), and the
    publisher and tag indexes."""
    if page_size < 1:
        raise ValueError(f"page_size must be at least 1, not {page_size}")
    newest_first = _newest_first(listed)
    by_year: dict[int, list[Listed]] = defaultdict(list)
    by_month: dict[tuple[int, int], list[Listed]] = defaultdict(list)
    for entry in newest_first:
        date = entry[1].date
        by_year[date.year].append(entry)
        by_month[(date.year, date.month)].append(entry)

    pages = [_archive_index(folders.articles, by_year, by_month)]
    for year, entries in by_year.items():
        months = [
            (month, len(by_month[(year, month)]))
            for month in range(12, 0, -1)
            if (year, month) in by_month
        ]
        pages += _listing(
            f"{folders.articles}/{year:04d}",
            format_year(year),
            f"Articles of {format_year(year)}, newest first.",
            entries,
            page_size,
            _year_intro(folders.articles, year, months),
        )
    for (year, month), entries in by_month.items():
        title = f"{MONTH_NAMES[month - 1]} {format_year(year)}"
        pages += _listing(
            f"{folders.articles}/{year:04d}/{month:02d}",
            title,
            f"Articles of {title}, newest first.",
            entries,
            page_size,
            _month_intro(folders.articles, year),
        )
    pages += _grouped(
        folders.publishers,
        "Publishers",
        "Every publisher in the archive, with the number of its articles.",
        "No articles yet.",
        _group(newest_first, lambda entry: (entry[1].publisher,)),
        "Articles published by {name}, newest first.",
        page_size,
    )
    pages += _grouped(
        folders.tags,
        "Tags",
        "The tags curators gave the archive's articles, with the number of articles of each.",
        "No article has tags yet. Curators tag an article in its sidecar file, beside its seed.",
        _group(newest_first, lambda entry: entry[0].tags),
        "Articles tagged {name}, newest first.",
        page_size,
    )
    return pages


def render_listing_pages(
    listed: Sequence[Listed], folders: Folders = Folders(), page_size: int = PAGE_SIZE
) -> dict[str, str]:
    """Docs-relative path → page text of every page of `listing_pages`."""
    return {page.path: page.text() for page in listing_pages(listed, folders, page_size)}


def render_home(
    listed: Sequence[Listed], term_count: int, home: str = "index.md", folders: Folders = Folders()
) -> str:
    """The generated part of the home page (Markdown, links relative to the page at `home`): what
    the archive holds, the latest articles, and where to browse it. Bounded by LATEST and by the
    number of years."""
    newest_first = _newest_first(listed)
    if not newest_first:
        return "The archive has no articles yet.\n"

    def index(folder: str) -> str:
        return relative_link(home, f"{folder}/index.md")

    archive = index(folders.articles)
    first, last = newest_first[-1][1].date, newest_first[0][1].date
    publishers = {link.publisher for _, link in newest_first}
    tags = {tag for article, _ in newest_first for tag in article.tags}
    years: dict[int, int] = defaultdict(int)
    for _, link in newest_first:
        years[link.date.year] += 1
    period = (
        f"on {format_date(first)}"
        if first == last
        else f"between {format_date(first)} and {format_date(last)}"
    )
    lines = [
        f"The archive holds {_count(len(newest_first))} from "
        f"{_plural(len(publishers), 'publisher')}, published {period}.",
        "",
        "## Latest articles",
        "",
        *(_entry(home, link, describe(article)) for article, link in newest_first[:LATEST]),
        "",
        f"[All articles by date]({archive})",
        "",
        "## Browse the archive",
        "",
        "- By date: "
        + ", ".join(
            f"[{format_year(year)}]({index(f'{folders.articles}/{year:04d}')}) ({count})"
            for year, count in years.items()
        )
        + f"; [every year and month]({archive})",
        f"- By publisher: [{_plural(len(publishers), 'publisher')}]({index(folders.publishers)})",
        f"- By glossary term: [{_plural(term_count, 'term')}]({index(folders.glossary)}) "
        "— the people, places, organisations and ideas the articles mention",
        f"- By tag: [{_plural(len(tags), 'tag') if tags else 'no tags yet'}]"
        f"({index(folders.tags)})",
    ]
    return "\n".join(lines) + "\n"


def _newest_first(listed: Iterable[Listed]) -> list[Listed]:
    return sorted(listed, key=lambda entry: (entry[1].date, entry[1].path), reverse=True)


def _archive_index(
    articles_dir: str,
    by_year: Mapping[int, Sequence[Listed]],
    by_month: Mapping[tuple[int, int], Sequence[Listed]],
) -> ListingPage:
    path = f"{articles_dir}/index.md"
    total = sum(len(entries) for entries in by_year.values())
    lines = ["# Archive", ""]
    if not by_year:
        lines.append("No articles yet.")
    else:
        lines += [f"{_count(total).capitalize()}, by year and month.", ""]
    for year, entries in by_year.items():  # newest first
        year_page = relative_link(path, f"{articles_dir}/{year:04d}/index.md")
        lines.append(f"- [{format_year(year)}]({year_page}) — {_count(len(entries))}")
        for (entry_year, month), month_entries in by_month.items():
            if entry_year == year:
                target = relative_link(path, f"{articles_dir}/{year:04d}/{month:02d}/index.md")
                month_name = f"{MONTH_NAMES[month - 1]} {format_year(year)}"
                lines.append(f"    - [{month_name}]({target}) — {_count(len(month_entries))}")
    return ListingPage(
        path,
        {"title": "Archive", "description": "All articles of the archive, by year and month."},
        tuple(lines),
        (),
    )


def _year_intro(
    articles_dir: str, year: int, months: Sequence[tuple[int, int]]
) -> Callable[[str], list[str]]:
    def intro(path: str) -> list[str]:
        links = [
            f"[{MONTH_NAMES[month - 1]}]"
            f"({relative_link(path, f'{articles_dir}/{year:04d}/{month:02d}/index.md')}) ({count})"
            for month, count in months
        ]
        return [
            f"By month: {', '.join(links)}. Back to [the "
            f"archive]({relative_link(path, f'{articles_dir}/index.md')}).",
            "",
        ]

    return intro


def _month_intro(articles_dir: str, year: int) -> Callable[[str], list[str]]:
    def intro(path: str) -> list[str]:
        year_link = relative_link(path, f"{articles_dir}/{year:04d}/index.md")
        archive_link = relative_link(path, f"{articles_dir}/index.md")
        return [f"Part of [{format_year(year)}]({year_link}) in [the archive]({archive_link}).", ""]

    return intro


def _group(
    entries: Iterable[Listed], names: Callable[[Listed], Iterable[str]]
) -> dict[str, list[Listed]]:
    """Entries by each name `names` gives them, in the order of `entries`; an entry is listed
    once under a name even if it gives that name twice."""
    groups: dict[str, list[Listed]] = defaultdict(list)
    for entry in entries:
        for name in dict.fromkeys(names(entry)):
            groups[name].append(entry)
    return groups


def _grouped(
    folder: str,
    title: str,
    description: str,
    when_empty: str,
    groups: Mapping[str, Sequence[Listed]],
    listing_description: str,
    page_size: int,
) -> list[ListingPage]:
    """An index of the groups (name and count, A–Z), and a paginated listing for each."""
    index = f"{folder}/index.md"
    slugs = _unique_slugs(groups)
    lines = [f"# {title}", ""]
    if not groups:
        lines.append(when_empty)
    for name in sorted(groups, key=lambda name: (name.casefold(), name)):
        lines.append(
            f"- [{escape_markdown(name)}]"
            f"({relative_link(index, f'{folder}/{slugs[name]}/index.md')}) "
            f"— {_count(len(groups[name]))}"
        )
    pages = [ListingPage(index, {"title": title, "description": description}, tuple(lines), ())]

    def back(path: str) -> list[str]:
        return [f"[All {title.lower()}]({relative_link(path, index)})", ""]

    for name, entries in groups.items():
        pages += _listing(
            f"{folder}/{slugs[name]}",
            name,
            listing_description.format(name=name),
            entries,
            page_size,
            back,
        )
    return pages


def _listing(
    folder: str,
    title: str,
    description: str,
    entries: Sequence[Listed],
    page_size: int,
    intro: Callable[[str], list[str]],
) -> list[ListingPage]:
    """The pages of one listing, newest first, with navigation between them."""
    chunks = [entries[start : start + page_size] for start in range(0, len(entries), page_size)]
    paths = [page_path(folder, number) for number in range(1, len(chunks) + 1)]
    pages: list[ListingPage] = []
    for number, (path, chunk) in enumerate(zip(paths, chunks, strict=False), start=1):
        heading = title if len(chunks) == 1 else f"{title}, page {number} of {len(chunks)}"
        first = (number - 1) * page_size + 1
        if len(chunks) == 1:
            summary = f"{_count(len(entries)).capitalize()}, newest first."
        else:
            summary = f"Articles {first}–{first + len(chunk) - 1} of {len(entries)}, newest first."
        before = (f"# {escape_markdown(heading)}", "", *intro(path), summary, "")
        after = ("", *pagination(path, paths, number, title)) if len(chunks) > 1 else ()
        # Not searchable: a search would find each article again on every listing that shows its
        # lead, and the search index would hold every lead once per kind of listing.
        pages.append(
            ListingPage(
                path,
                {"title": heading, "description": description, "search": {"exclude": True}},
                before,
                chunk,
                after,
            )
        )
    return pages


def page_path(folder: str, number: int) -> str:
    """Where page `number` (from 1) of the listing in `folder` goes."""
    return f"{folder}/index.md" if number == 1 else f"{folder}/page/{number}/index.md"


def pagination(path: str, paths: Sequence[str], current: int, title: str) -> list[str]:
    """Markdown lines of the navigation between the pages at `paths`, on page number `current`
    (from 1) at `path`. A navigation landmark: newer and older pages (rel=prev/next), the first and
    last page and the pages near the current one, which is marked aria-current. Its size does not
    grow with the number of pages."""
    shown = sorted(
        {1, len(paths), *range(max(1, current - _NEAR), min(len(paths), current + _NEAR) + 1)}
    )
    items: list[str] = []
    if current > 1:
        items.append(f"- [Newer]({relative_link(path, paths[current - 2])}){{ rel=prev }}")
    previous = 0
    for number in shown:
        if number > previous + 1:
            items.append('- <span class="listing-pagination__gap">…</span>')
        target = relative_link(path, paths[number - 1])
        current_mark = " aria-current=page" if number == current else ""
        items.append(f'- [{number}]({target}){{ aria-label="Page {number}"{current_mark} }}')
        previous = number
    if current < len(paths):
        items.append(f"- [Older]({relative_link(path, paths[current])}){{ rel=next }}")
    label = html_text(f"Pages of {title}")
    return [
        f'<nav class="listing-pagination" aria-label="{label}" markdown>',
        "",
        *items,
        "",
        "</nav>",
    ]


def _entry(path: str, link: ArticleLink, description: str) -> str:
    about = escape_markdown(description)
    return (
        f"- [{escape_markdown(link.title)}]({relative_link(path, link.path)})<br><span "
        f'class="listing__meta">{format_date(link.date)} · '
        f"{escape_markdown(link.publisher)}</span>" + (f"<br>{about}" if about else "")
    )


def _page(meta: dict[str, Any], lines: list[str]) -> str:
    return with_checksum(front_matter({**meta, "generator": GENERATOR}), "\n".join(lines) + "\n")


def _unique_slugs(names: Iterable[str]) -> dict[str, str]:
    """A distinct slug for each name; names that slugify alike get -2, -3… in sorted order."""
    slugs: dict[str, str] = {}
    taken: set[str] = set()
    for name in sorted(names):
        slug = base = slugify(name)
        number = 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        slugs[name] = slug
        taken.add(slug)
    return slugs


def _plural(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _count(n: int) -> str:
    return _plural(n, "article")
