"""The RSS and Atom feeds, read with feedparser as a feed reader reads them."""

from __future__ import annotations

import datetime as dt
import html
import time

import feedparser
import pytest

from reading_archive.model import Article, ArticleLink, Block, Span
from reading_archive.publish.feeds import FEED_SIZE, FeedSite, atom_feed, page_url, rss_feed

SITE = FeedSite("https://example.org/archive/", "Reading Archive", "An archive of news articles.")
HOSTILE = '<script>alert("x")</script> & <b>bold</b> ]]> &amp; \x07bell'


def listed(
    count: int, title: str = "Story {n}", lead: str = "Lead of story {n}."
) -> list[tuple[Article, ArticleLink]]:
    """`count` articles, one a day from 2021-01-01, each with a one-paragraph body."""
    entries = []
    for n in range(count):
        date = dt.date(2021, 1, 1) + dt.timedelta(days=n)
        article = Article(
            seed=f"seeds/{n:03d}.txt",
            title=title.format(n=n),
            date=date,
            authors=("Ann Author",) if n % 2 else (),
            caption=None,
            blocks=(Block("paragraph", ((Span(lead.format(n=n)),),), 5),),
            original_url=f"https://news.example.com/{n}",
            source_hash=str(n),
            text_hash=str(n),
        )
        entries.append(
            (
                article,
                ArticleLink(
                    article.title, date, "Example News", f"articles/{date:%Y/%m}/story-{n}.md"
                ),
            )
        )
    return entries


@pytest.mark.parametrize("make", [rss_feed, atom_feed])
def test_feed_has_the_newest_articles_with_title_link_date_and_summary(make) -> None:
    articles = listed(FEED_SIZE + 5)
    parsed = feedparser.parse(make(articles, SITE))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.feed.title == "Reading Archive"
    newest = sorted(articles, key=lambda entry: entry[1].date, reverse=True)[:FEED_SIZE]
    assert len(parsed.entries) == FEED_SIZE
    for entry, (article, link) in zip(parsed.entries, newest, strict=False):
        url = f"https://example.org/archive/{link.path.removesuffix('.md')}/"
        assert entry.title == article.title
        assert entry.link == url
        assert entry.id == url
        assert entry.published_parsed[:3] == (
            article.date.year,
            article.date.month,
            article.date.day,
        )
        assert entry.summary == article.blocks[0].items[0][0].text
    # The feed's own date is the newest article's, so the same archive gives the same bytes.
    updated = parsed.feed.get("updated_parsed")
    assert time.strftime("%Y-%m-%d", updated) == newest[0][1].date.isoformat()
    assert make(list(reversed(articles)), SITE) == make(articles, SITE)


@pytest.mark.parametrize("make", [rss_feed, atom_feed])
def test_hostile_title_and_lead_stay_text(make) -> None:
    xml = make(listed(1, title=HOSTILE, lead=HOSTILE), SITE)
    assert b"<script" not in xml and b"<b>" not in xml
    parsed = feedparser.parse(xml)
    assert not parsed.bozo, parsed.get("bozo_exception")
    (entry,) = parsed.entries
    shown = HOSTILE.replace("\x07", "")  # a control character XML cannot hold at all
    assert entry.title == shown
    if entry.summary_detail.type == "text/html":  # RSS: readers render the description as HTML…
        assert "<" not in entry.summary  # …in which the markup is escaped, so it shows as text
        assert html.unescape(entry.summary) == shown
    else:
        assert entry.summary == shown


def test_atom_entries_name_their_authors_or_else_the_publisher() -> None:
    parsed = feedparser.parse(atom_feed(listed(2), SITE))
    assert [entry.author for entry in parsed.entries] == ["Ann Author", "Example News"]


def test_page_urls_follow_mkdocs() -> None:
    assert (
        page_url(SITE, "articles/2021/12/a-story.md")
        == "https://example.org/archive/articles/2021/12/a-story/"
    )
    assert page_url(SITE, "articles/2021/index.md") == "https://example.org/archive/articles/2021/"
    assert (
        page_url(SITE, "articles/2021/12/мир.md")
        == "https://example.org/archive/articles/2021/12/%D0%BC%D0%B8%D1%80/"
    )
    flat = FeedSite(SITE.url, SITE.title, SITE.description, directory_urls=False)
    assert (
        page_url(flat, "articles/2021/12/a-story.md")
        == "https://example.org/archive/articles/2021/12/a-story.html"
    )


def test_a_feed_needs_an_article() -> None:
    with pytest.raises(ValueError):
        rss_feed([], SITE)
