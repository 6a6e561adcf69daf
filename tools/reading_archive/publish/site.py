"""`archive publish SITE_DIR`: what is made from a built site and the whole archive, after any
builder (MkDocs, ProperDocs, Zensical) built the pages that `archive convert` wrote.

It writes the RSS and Atom feeds (publish/feeds.py), sitemap.xml (a sitemap index with its parts
past SITEMAP_LIMIT URLs; each article dated by its date, other pages by the `date` of their front
matter, never by the day of the build) with its gzipped copy, and the Pagefind index
(plugin/pagefind.py). The dataset and annotations.jsonld are not made here: `archive convert`
writes them into the docs folder, so every builder copies them into the site and checks the
home page's links to them.

The MkDocs plugin makes the same files with the same functions after its build (plugin.py): it
knows the pages MkDocs built, so it gives them (`page_urls`) instead of `built_pages` listing the
site folder. Every file is written whole or not at all (files.write_atomically), and the same
archive and site give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import gzip
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urljoin

import yaml

from ..base.files import write_if_changed
from ..model import Article, ArticleLink, ArticleSummary
from ..render.webannotation import page_url
from ..settings import Settings
from .feeds import ATOM_FILE, RSS_FILE, FeedSite, atom_feed, rss_feed

SITEMAP_FILE = "sitemap.xml"
SITEMAP_GZ_FILE = "sitemap.xml.gz"
SITEMAP_LIMIT = 50_000  # URLs in one sitemap, by the sitemaps.org protocol
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
_SITEMAP_PART = re.compile(r"sitemap-\d+\.xml")  # the parts of a sitemap index: sitemap-1.xml, …
# Folders of a built site that hold no page: the theme's assets and the search indexes.
_NOT_PAGES = {"assets", "search", "pagefind"}
# What partials/pagefind-search.html puts in every page: the header's Pagefind search.
SEARCH_BOX = "data-archive-search"
_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)", re.S)


class PublishError(Exception):
    """What `archive publish` cannot do: a clear message, for the command line."""


@dataclass(frozen=True)
class Published:
    written: tuple[str, ...]  # files written into the site folder, relative to it
    notes: tuple[str, ...]  # what was left out and why (no site_url, no articles)


def feed_files(
    listed: Sequence[tuple[Article | ArticleSummary, ArticleLink]], settings: Settings
) -> tuple[dict[str, bytes], str | None]:
    """rss.xml and atom.xml of the newest articles, by name; or none and the reason."""
    if not settings.site_url:
        return (
            {},
            "site_url is not set in mkdocs.yml (or SITE_URL): no RSS or Atom feed, and the "
            "sitemap lists no page (they need absolute URLs)",
        )
    if not listed:
        return {}, "no articles: no RSS or Atom feed"
    site = FeedSite(
        settings.site_url,
        settings.site_name,
        settings.site_description or settings.site_name,
        settings.use_directory_urls,
    )
    return {RSS_FILE: rss_feed(listed, site), ATOM_FILE: atom_feed(listed, site)}, None


def page_dates(links: Mapping[str, ArticleLink], settings: Settings) -> dict[str, str]:
    """The `<lastmod>` of each page that has a date, by its URL relative to the site: an
    article's date from the conversion (whichever pages a build rendered), a hand-written
    page's from the `date` of its front matter. The generated folders are not read."""
    dates = {site_url_of(link.path, settings): link.date.isoformat() for link in links.values()}
    skipped = {settings.docs_dir / folder for folder in settings.generated_dirs}
    for folder, folders, names in os.walk(settings.docs_dir):
        folders[:] = sorted(
            name
            for name in folders
            if Path(folder, name) not in skipped and not name.startswith(".")
        )
        for name in sorted(names):
            if name.endswith(".md"):
                path = Path(folder, name)
                date = _front_matter_date(path)
                if date is not None:
                    dates.setdefault(
                        site_url_of(path.relative_to(settings.docs_dir).as_posix(), settings), date
                    )
    return dates


def site_url_of(path: str, settings: Settings) -> str:
    """A docs page's URL relative to the site, as the sitemap keys it: MkDocs' URL (quoted),
    "" for the home page (MkDocs says "./")."""
    return relative_url(page_url(path, settings.use_directory_urls))


def relative_url(url: str) -> str:
    """MkDocs' URL of a page (File.url) as the sitemap keys it: "./" is the home page, ""."""
    return url.removeprefix("./")


def _front_matter_date(path: Path) -> str | None:
    try:
        match = _FRONT_MATTER.match(path.read_text(encoding="utf-8-sig"))
        meta = yaml.safe_load(match.group(1) or "") if match else None
    except (OSError, UnicodeDecodeError, yaml.YAMLError):
        return None  # the builder reports a page it cannot read
    value = meta.get("date") if isinstance(meta, dict) else None
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value if isinstance(value, str) and value else None


def built_pages(site_dir: Path, use_directory_urls: bool) -> list[str]:
    """The URLs, relative to the site and quoted as MkDocs quotes them, of the pages a builder
    wrote into site_dir: its HTML files (`…/index.html` only, with directory URLs) but 404.html and
    the assets' and search's."""
    urls: list[str] = []
    for folder, folders, names in os.walk(site_dir):
        relative = Path(folder).relative_to(site_dir).as_posix()
        if relative == ".":
            folders[:] = [name for name in folders if name not in _NOT_PAGES]
        prefix = "" if relative == "." else relative + "/"
        for name in names:
            if name == "index.html":
                urls.append(quote(prefix))
            elif (
                name.endswith(".html")
                and not use_directory_urls
                and not (prefix == "" and name == "404.html")
            ):
                urls.append(quote(prefix + name))
    return sorted(urls)


def sitemap_files(
    urls: Iterable[str], dates: Mapping[str, str], site_url: str, limit: int = SITEMAP_LIMIT
) -> dict[str, bytes]:
    """sitemap.xml and its gzipped copy (no time stamp); past `limit` URLs, sitemap.xml is an
    index of sitemap-1.xml, sitemap-2.xml, … of `limit` URLs each, in URL order. Without
    site_url, a sitemap of no page (Material's instant navigation reads the file)."""
    pages = sorted(set(urls)) if site_url else []
    parts = [pages[start : start + limit] for start in range(0, len(pages), limit)] or [[]]
    if len(parts) == 1:
        files = {SITEMAP_FILE: _urlset(parts[0], dates, site_url)}
    else:
        files = {
            f"sitemap-{number}.xml": _urlset(part, dates, site_url)
            for number, part in enumerate(parts, start=1)
        }
        index = ET.Element("sitemapindex", xmlns=SITEMAP_NS)
        for number, part in enumerate(parts, start=1):
            entry = ET.SubElement(index, "sitemap")
            ET.SubElement(entry, "loc").text = urljoin(site_url, f"sitemap-{number}.xml")
            newest = max((dates[url] for url in part if url in dates), default=None)
            if newest is not None:
                ET.SubElement(entry, "lastmod").text = newest
        files[SITEMAP_FILE] = _document(index)
    files[SITEMAP_GZ_FILE] = gzip.compress(files[SITEMAP_FILE], mtime=0)
    return files


def _urlset(urls: Sequence[str], dates: Mapping[str, str], site_url: str) -> bytes:
    urlset = ET.Element("urlset", xmlns=SITEMAP_NS)
    for url in urls:
        entry = ET.SubElement(urlset, "url")
        ET.SubElement(entry, "loc").text = urljoin(site_url, url)
        if url in dates:
            ET.SubElement(entry, "lastmod").text = dates[url]
    return _document(urlset)


def _document(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


def write_site_files(site_dir: Path, files: Mapping[str, bytes]) -> list[str]:
    """Write each file into site_dir, atomically, unless it holds it already; the names written.
    A sitemap part that the new files do not have (the archive shrank) is removed."""
    if SITEMAP_FILE in files:
        for name in sorted(os.listdir(site_dir)):
            if _SITEMAP_PART.fullmatch(name) and name not in files:
                os.remove(site_dir / name)
    return [
        name
        for name, data in files.items()
        if write_if_changed(site_dir / name, data, make_folder=False)
    ]


def publish(
    site_dir: Path,
    settings: Settings,
    links: Mapping[str, ArticleLink],
    listed: Sequence[tuple[Article | ArticleSummary, ArticleLink]],
) -> Published:
    """Feeds, sitemap and (with `search: pagefind`) the Pagefind index of a built site, from the
    conversion's articles (`links`, `listed`: Conversion's)."""
    if not site_dir.is_dir():
        raise PublishError(
            f"{site_dir}: no such folder: build the site first (mkdocs build, properdocs build "
            "or zensical build)"
        )
    if not (site_dir / "index.html").is_file():
        raise PublishError(f"{site_dir}: has no index.html: is it a built site? Build it first")
    feeds, note = feed_files(listed, settings)
    notes = [note] if note else []
    pages = built_pages(site_dir, settings.use_directory_urls)
    files = {**feeds, **sitemap_files(pages, page_dates(links, settings), settings.site_url)}
    written = write_site_files(site_dir, files)
    if settings.search == "pagefind":
        if SEARCH_BOX not in (site_dir / "index.html").read_text(
            encoding="utf-8", errors="replace"
        ):
            notes.append(
                f"{site_dir / 'index.html'} has no search box for the Pagefind index: set "
                "`extra: archive_search: pagefind` in mkdocs.yml (the templates read it under "
                "every builder; Zensical ignores the plugin's options)"
            )
        from ..plugin.pagefind import (  # deferred: it imports MkDocs' logging
            PagefindError,
            PagefindIndexer,
        )

        try:
            PagefindIndexer(settings.articles_dir, settings.pagefind_part_size).index(site_dir)
        except PagefindError as error:
            raise PublishError(str(error).removeprefix("archive: ")) from None
        written.append("pagefind/")
    return Published(tuple(written), tuple(notes))
