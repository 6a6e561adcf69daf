"""RSS 2.0 and Atom feeds of the latest articles: articles and the site's address in, XML out.

Feed readers need absolute URLs, so a feed exists only for a site with a `site_url`. The output
depends only on the articles: the feeds' own dates are the newest article's date, never the time
of the build. Seed text is untrusted: titles, names and summaries are XML text (escaped by
ElementTree), and the RSS description, which readers take as HTML, is escaped once more so that
markup in a lead shows as the characters it is.

Namespaces are written as plain `xmlns` attributes: ElementTree's prefix registry is global
state, and its default_namespace option refuses unqualified attributes.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from email.utils import format_datetime
from urllib.parse import quote, urljoin

from ..model import Article, ArticleLink, ArticleSummary
from ..read.bylines import cited_authors
from ..render.article import describe

FEED_SIZE = 20
RSS_FILE = "rss.xml"
ATOM_FILE = "atom.xml"
ATOM = "http://www.w3.org/2005/Atom"
# Characters XML 1.0 cannot hold at all, not even as references.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class FeedSite:
    url: str  # absolute, ending in "/": MkDocs' site_url
    title: str
    description: str
    directory_urls: bool = True  # MkDocs' use_directory_urls


def page_url(site: FeedSite, path: str) -> str:
    """The absolute URL of a page, from its path relative to the docs folder, as MkDocs makes it."""
    stem = path.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        relative = stem.removesuffix("index")
    else:
        relative = f"{stem}/" if site.directory_urls else f"{stem}.html"
    return urljoin(site.url, quote(relative))


def rss_feed(
    listed: Sequence[tuple[Article | ArticleSummary, ArticleLink]],
    site: FeedSite,
    size: int = FEED_SIZE,
) -> bytes:
    """An RSS 2.0 feed of the `size` newest articles."""
    latest = _latest(listed, size)
    rss = ET.Element("rss", {"version": "2.0", "xmlns:atom": ATOM})
    channel = ET.SubElement(rss, "channel")
    _text(channel, "title", site.title)
    _text(channel, "link", site.url)
    _text(channel, "description", site.description)
    _text(channel, "language", "en")
    _text(channel, "lastBuildDate", _rfc822(latest[0][1].date))
    ET.SubElement(
        channel,
        "atom:link",
        href=urljoin(site.url, RSS_FILE),
        rel="self",
        type="application/rss+xml",
    )
    for article, link in latest:
        url = page_url(site, link.path)
        item = ET.SubElement(channel, "item")
        _text(item, "title", article.title)
        _text(item, "link", url)
        _text(item, "guid", url).set("isPermaLink", "true")
        _text(item, "pubDate", _rfc822(link.date))
        _text(item, "source", link.publisher).set("url", article.original_url)
        _text(item, "description", html.escape(describe(article), quote=False))
    return _document(rss)


def atom_feed(
    listed: Sequence[tuple[Article | ArticleSummary, ArticleLink]],
    site: FeedSite,
    size: int = FEED_SIZE,
) -> bytes:
    """An Atom feed of the `size` newest articles."""
    latest = _latest(listed, size)
    feed = ET.Element("feed", xmlns=ATOM)
    _text(feed, "title", site.title)
    _text(feed, "subtitle", site.description)
    _text(feed, "id", site.url)
    _text(feed, "updated", _iso(latest[0][1].date))
    ET.SubElement(
        feed, "link", href=urljoin(site.url, ATOM_FILE), rel="self", type="application/atom+xml"
    )
    ET.SubElement(feed, "link", href=site.url, rel="alternate", type="text/html")
    for article, link in latest:
        url = page_url(site, link.path)
        entry = ET.SubElement(feed, "entry")
        _text(entry, "title", article.title).set("type", "text")
        ET.SubElement(entry, "link", href=url, rel="alternate", type="text/html")
        _text(entry, "id", url)
        _text(entry, "published", _iso(link.date))
        _text(entry, "updated", _iso(link.date))
        # As citations name them (the people, else the agencies credited), else the publisher.
        for name in cited_authors(article.authors, article.credits) or (link.publisher,):
            _text(ET.SubElement(entry, "author"), "name", name)
        _text(entry, "summary", describe(article)).set("type", "text")
    return _document(feed)


def _latest(
    listed: Sequence[tuple[Article | ArticleSummary, ArticleLink]], size: int
) -> list[tuple[Article | ArticleSummary, ArticleLink]]:
    if not listed:
        raise ValueError("a feed needs at least one article")
    return sorted(listed, key=lambda entry: (entry[1].date, entry[1].path), reverse=True)[:size]


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = _NOT_XML.sub("", text)
    return element


def _rfc822(date: dt.date) -> str:
    return format_datetime(dt.datetime(date.year, date.month, date.day, tzinfo=dt.UTC))


def _iso(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def _document(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
