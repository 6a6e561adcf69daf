"""Browsing the archive: listings by year, month, publisher and tag, paginated; the home page;
feeds and sitemap. The renderer on its own (tags, which only sidecar files give articles), and a
real `mkdocs build --strict` of a synthetic archive large enough to paginate."""

from __future__ import annotations

import datetime as dt
import functools
import html
import math
import posixpath
import re
import shutil
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path

import feedparser
import markdown
import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, mkdocs_build, pagefind_records
from reading_archive.model import Article, ArticleLink, Block, Span
from reading_archive.render.listings import render_home, render_listing_pages
from reading_archive_dev.synthetic import generate_corpus, write_corpus

PAGE_SIZE = 5
ARTICLES = 60
SITE_URL = "https://example.org/archive/"
MARKDOWN_LINK = re.compile(r"\]\(([^)\s]+\.md)\)")


# --- the renderer, with tags --------------------------------------------------------------------


def listed(tags: list[tuple[str, ...]]) -> list[tuple[Article, ArticleLink]]:
    """One article a day from 2021-12-20, the n-th with tags[n]."""
    entries = []
    for n, article_tags in enumerate(tags):
        date = dt.date(2021, 12, 20) + dt.timedelta(days=n)
        article = Article(
            seed=f"seeds/{n:03d}.txt",
            title=f"Story {n}",
            date=date,
            authors=(),
            caption=None,
            blocks=(Block("paragraph", ((Span(f"Lead {n}."),),), 5),),
            original_url=f"https://news.example.com/{n}",
            source_hash=str(n),
            text_hash=str(n),
            tags=article_tags,
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


def linked_pages(path: str, text: str) -> list[str]:
    """Docs-relative paths of the pages a generated Markdown page links to."""
    folder = posixpath.dirname(path)
    return [
        posixpath.normpath(posixpath.join(folder, target)) for target in MARKDOWN_LINK.findall(text)
    ]


def article_links(pages: dict[str, str], prefix: str) -> Counter[str]:
    """How often each article page is linked from the listing pages under `prefix`."""
    return Counter(
        target
        for path, text in pages.items()
        if path.startswith(prefix)
        for target in linked_pages(path, text)
        if re.fullmatch(r"articles/\d{4}/\d{2}/story-\d+\.md", target)
    )


def test_tag_pages_link_each_tagged_article_once_across_their_pages() -> None:
    tags = [
        ("Energy", "Gas"),
        ("Energy",),
        (),
        ("Energy", "Energy"),
        ("Gas",),
        ("Energy",),
        ("Energy",),
        ("Energy",),
    ]
    entries = listed(tags)
    pages = render_listing_pages(entries, page_size=3)

    energy = sorted(p for p in pages if p.startswith("tags/energy/"))
    assert energy == ["tags/energy/index.md", "tags/energy/page/2/index.md"]  # 6 articles, 3 a page
    assert article_links(pages, "tags/energy/") == Counter(
        {link.path: 1 for article, link in entries if "Energy" in article.tags}
    )
    assert article_links(pages, "tags/gas/") == Counter(
        {link.path: 1 for article, link in entries if "Gas" in article.tags}
    )
    # Newest first: page 1 has the three newest.
    assert [
        t
        for t in linked_pages("tags/energy/index.md", pages["tags/energy/index.md"])
        if "story" in t
    ] == [
        "articles/2021/12/story-7.md",
        "articles/2021/12/story-6.md",
        "articles/2021/12/story-5.md",
    ]
    index = markdown.markdown(pages["tags/index.md"], extensions=["attr_list", "md_in_html"])
    shown = [li.get_text() for li in BeautifulSoup(index, "html.parser").select("li")]
    assert shown == ["Energy — 6 articles", "Gas — 2 articles"]


def test_tags_index_says_when_there_are_no_tags() -> None:
    pages = render_listing_pages(listed([(), ()]))
    assert "No article has tags yet." in pages["tags/index.md"]
    assert not [p for p in pages if p.startswith("tags/") and p != "tags/index.md"]
    assert "[no tags yet](tags/index.md)" in render_home(listed([(), ()]), 0)


def test_hostile_tag_names_are_text_and_get_safe_slugs() -> None:
    hostile = "<script>alert(1)</script> **x** [y](http://z) ../../etc"
    pages = render_listing_pages(listed([(hostile, "CON"), ("con",)]))
    tag_pages = sorted(p for p in pages if p.startswith("tags/"))
    assert tag_pages == [
        "tags/con-article-2/index.md",
        "tags/con-article/index.md",
        "tags/index.md",
        "tags/script-alert-1-script-x-y-http-z-etc/index.md",
    ]
    for path in tag_pages:
        html = markdown.markdown(
            pages[path].split("\n---\n", 1)[1], extensions=["attr_list", "md_in_html"]
        )
        assert (
            "<script" not in html
            and "<strong" not in html
            and "http://z" not in html.replace("[y](http://z)", "")
        )
    assert pages["tags/index.md"].count("— 1 article") == 3

    # The pagination landmark is named after the tag: its name is an attribute value, as text.
    pages = render_listing_pages(listed([(hostile,), (hostile,)]), page_size=1)
    (second,) = [p for p in pages if p.startswith("tags/script") and "/page/2/" in p]
    html = markdown.markdown(
        pages[second].split("\n---\n", 1)[1], extensions=["attr_list", "md_in_html"]
    )
    nav = BeautifulSoup(html, "html.parser").select_one("nav")
    assert nav["aria-label"] == f"Pages of {hostile}"
    assert [a.get("rel") for a in nav.select("a")] == [["prev"], None, None]


def test_pagination_shows_a_bounded_window_of_page_numbers() -> None:
    pages = render_listing_pages(listed([()] * 12), page_size=1)  # December 20 to 31, 2021
    middle = pages["articles/2021/12/page/6/index.md"]
    nav = middle[middle.index("<nav") :]
    numbers = re.findall(r"\[(\d+)\]", nav)
    assert numbers == ["1", "4", "5", "6", "7", "8", "12"]
    assert '[6](index.md){ aria-label="Page 6" aria-current=page }' in nav
    assert (
        "[Newer](../5/index.md){ rel=prev }" in nav and "[Older](../7/index.md){ rel=next }" in nav
    )
    assert nav.count("…") == 2


# --- a real build of a synthetic archive -------------------------------------------------------


@pytest.fixture(scope="module")
def synthetic_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A synthetic archive of ARTICLES articles, built with site_url set and PAGE_SIZE a page."""
    project = copy_project(tmp_path_factory.mktemp("synthetic") / "project", seeds=False)
    shutil.rmtree(project / "glossary")
    write_corpus(generate_corpus(ARTICLES, glossary_terms=40), project)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^site_url: .*$", f"site_url: {SITE_URL}", text)
    text = re.sub(r"(?m)^(\s+listing_page_size:) \d+$", rf"\1 {PAGE_SIZE}", text)
    config.write_text(text, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def url_of(site: Path, page: Path) -> str:
    """Site-relative URL of a built page (…/index.html)."""
    return page.parent.relative_to(site).as_posix() + "/"


def resolve(site: Path, page: Path, href: str) -> str:
    return posixpath.normpath(posixpath.join(url_of(site, page), href)) + "/"


@functools.cache
def article_urls(site: Path) -> frozenset[str]:
    return frozenset(
        {
            url_of(site, p)
            for p in site.glob("articles/[0-9]*/[0-9]*/*/index.html")
            if p.parent.name != "page"
        }
    )


def listing_kinds(site: Path) -> dict[str, list[Path]]:
    """The pages of each kind of listing (every page of every year, month, publisher)."""
    return {
        "year": sorted(site.glob("articles/[0-9][0-9][0-9][0-9]/index.html"))
        + sorted(site.glob("articles/*/page/*/index.html")),
        "month": sorted(site.glob("articles/*/[0-9][0-9]/index.html"))
        + sorted(site.glob("articles/*/[0-9][0-9]/page/*/index.html")),
        "publisher": sorted(
            p for p in site.glob("publishers/**/index.html") if p.parent != site / "publishers"
        ),
    }


def entry_links(site: Path, page: Path) -> list[str]:
    listing = soup(page).select_one("article.md-content__inner")
    return [
        resolve(site, page, li.a["href"])
        for li in listing.select("li")
        if li.select_one(".listing__meta")
    ]


def test_every_article_is_linked_once_per_kind_of_listing(synthetic_site: Path) -> None:
    articles = article_urls(synthetic_site)
    assert len(articles) == ARTICLES
    for kind, pages in listing_kinds(synthetic_site).items():
        linked = Counter(url for page in pages for url in entry_links(synthetic_site, page))
        assert linked == Counter(dict.fromkeys(articles, 1)), kind
        # Bounded pages: never more than PAGE_SIZE articles, and some listings really paginate.
        assert max(len(entry_links(synthetic_site, page)) for page in pages) == PAGE_SIZE, kind
        assert any("/page/" in page.as_posix() for page in pages), kind


def test_glossary_term_pages_list_their_articles_across_pages(synthetic_site: Path) -> None:
    index = soup(synthetic_site / "glossary" / "index.html").select_one("article.md-content__inner")
    counts = {
        a["href"]: int(re.search(r"\((\d+) articles?\)", li.get_text())[1])
        for li in index.select("li")
        for a in [li.a]
    }
    paginated = 0
    for href, count in counts.items():
        page = synthetic_site / "glossary" / href / "index.html"
        linked: list[str] = []
        while page is not None:
            links = [
                resolve(synthetic_site, page, a["href"])
                for a in soup(page).select("article li > a")
                if resolve(synthetic_site, page, a["href"]) in article_urls(synthetic_site)
            ]
            assert len(links) <= PAGE_SIZE, page
            linked += links
            older = soup(page).select_one("nav.listing-pagination a[rel=next]")
            page = (
                synthetic_site / resolve(synthetic_site, page, older["href"]) / "index.html"
                if older
                else None
            )
            paginated += older is not None
        assert len(linked) == len(set(linked)) == count, href
    assert paginated  # some terms have more than a page of articles


def test_listings_of_articles_are_not_in_the_search_index(synthetic_site: Path) -> None:
    # mkdocs.yml: search: pagefind, which indexes the article pages only
    locations = {url.removeprefix("/") for url in pagefind_records(synthetic_site)}
    listings = {
        url_of(synthetic_site, page)
        for pages in listing_kinds(synthetic_site).values()
        for page in pages
    }
    assert len(listings) > 20 and not locations & listings
    assert locations == article_urls(synthetic_site)


def test_index_pages_list_counts_not_articles(synthetic_site: Path) -> None:
    archive = soup(synthetic_site / "articles" / "index.html").select_one(
        "article.md-content__inner"
    )
    years = {
        a.get_text(): int(li.get_text().split("—")[1].split()[0])
        for li in archive.select("article > ul > li")
        for a in [li.a]
    }
    assert sum(years.values()) == ARTICLES
    for year, count in years.items():
        assert len(
            entry_links(synthetic_site, synthetic_site / "articles" / year / "index.html")
        ) == min(count, PAGE_SIZE)
    months = archive.select("li li")
    assert sum(int(li.get_text().split("—")[1].split()[0]) for li in months) == ARTICLES
    publishers = soup(synthetic_site / "publishers" / "index.html").select("article li")
    assert sum(int(li.get_text().split("—")[1].split()[0]) for li in publishers) == ARTICLES
    home = soup(synthetic_site / "index.html").select_one("article.md-content__inner")
    assert len(entry_links(synthetic_site, synthetic_site / "index.html")) == 20
    assert (
        f"The archive holds {ARTICLES} articles from {len(publishers)} publishers"
        in home.get_text(" ")
    )


def test_pagination_links_walk_every_page_in_order(synthetic_site: Path) -> None:
    for first in [
        synthetic_site / "articles" / "2022" / "index.html",
        synthetic_site / "publishers" / "reuters" / "index.html",
    ]:
        total = int(re.search(r"of (\d+), newest first", soup(first).get_text()).group(1))
        expected_pages = math.ceil(total / PAGE_SIZE)
        assert expected_pages > 2
        page, number, previous = first, 1, None
        while True:
            nav = soup(page).select_one("nav.listing-pagination")
            assert nav["aria-label"].startswith("Pages of ")
            current = nav.select("a[aria-current=page]")
            assert [a.get_text() for a in current] == [str(number)]
            assert resolve(synthetic_site, page, current[0]["href"]) == url_of(synthetic_site, page)
            newer = nav.select_one("a[rel=prev]")
            assert (resolve(synthetic_site, page, newer["href"]) if newer else None) == previous
            assert (
                len(nav.select("a")) <= 9
            )  # newer, older, first, last and two either side of the current
            title = soup(page).select_one("article h1").get_text(strip=True).rstrip("¶")
            assert title.endswith(f", page {number} of {expected_pages}")
            older = nav.select_one("a[rel=next]")
            if older is None:
                break
            previous = url_of(synthetic_site, page)
            page = synthetic_site / resolve(synthetic_site, page, older["href"]) / "index.html"
            number += 1
        assert number == expected_pages


def test_feeds_list_the_newest_articles_as_built(synthetic_site: Path) -> None:
    articles = []
    for url in article_urls(synthetic_site):
        page = soup(synthetic_site / url / "index.html")
        articles.append(
            (
                page.select_one("article time")["datetime"],
                SITE_URL + url,
                page.select_one("article h1").get_text(),
                page.select_one("meta[name=description]")["content"],
            )
        )
    newest = sorted(articles, reverse=True)[:20]
    for name in ("rss.xml", "atom.xml"):
        parsed = feedparser.parse((synthetic_site / name).read_bytes())
        assert not parsed.bozo, (name, parsed.get("bozo_exception"))
        got = [
            (
                f"{e.published_parsed.tm_year:04d}-{e.published_parsed.tm_mon:02d}-{e.published_parsed.tm_mday:02d}",
                e.link,
                e.title,
                e.summary,
            )
            for e in parsed.entries
        ]
        # Ties in date are ordered by page path in the feed; compare as sets within the newest 20.
        assert sorted(got, reverse=True) == newest, name
    head = soup(synthetic_site / "index.html").head
    feeds = {link["type"]: link["href"] for link in head.select("link[rel=alternate]")}
    assert feeds == {
        "application/rss+xml": SITE_URL + "rss.xml",
        "application/atom+xml": SITE_URL + "atom.xml",
    }


def test_sitemap_lists_every_article(synthetic_site: Path) -> None:
    root = ET.fromstring((synthetic_site / "sitemap.xml").read_bytes())
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    locations = [loc.text for loc in root.findall("s:url/s:loc", namespace)]
    assert len(locations) == len(set(locations))
    assert all(location.startswith(SITE_URL) for location in locations)
    assert {SITE_URL + url for url in article_urls(synthetic_site)} <= set(locations)
    assert SITE_URL + "articles/2022/page/2/" in locations
    dated = {
        url.find("s:loc", namespace).text: url.find("s:lastmod", namespace)
        for url in root.findall("s:url", namespace)
    }
    assert all(
        re.fullmatch(r"\d{4}-\d{2}-\d{2}", dated[SITE_URL + url].text)
        for url in article_urls(synthetic_site)
    )


def test_hostile_title_stays_text_in_the_built_feeds_and_sitemap(empty_project: Path) -> None:
    title = '<script>window.__pwned=1</script> <img src=x onerror="alert(1)"> **Bold** & ]]>'
    seed = f"{title}\n\nDecember 08, 2021\n\nA body <b>with</b> markup &amp; more.\n\nOriginal url: https://example.com/x\n"
    (empty_project / "seeds" / "001_hostile.txt").write_text(seed, encoding="utf-8")
    config = empty_project / "mkdocs.yml"
    config.write_text(
        re.sub(r"(?m)^site_url: .*$", f"site_url: {SITE_URL}", config.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    result = mkdocs_build(empty_project)
    assert result.returncode == 0, result.stderr
    site = empty_project / "site"
    for name in ("rss.xml", "atom.xml", "sitemap.xml"):
        xml = (site / name).read_text(encoding="utf-8")
        for payload in ("<script", "<img", "<b>"):
            assert payload not in xml, (name, payload)
    for name in ("rss.xml", "atom.xml"):
        (entry,) = feedparser.parse((site / name).read_bytes()).entries
        assert entry.title == title
        assert entry.link.startswith(SITE_URL + "articles/2021/12/")
        lead = "A body <b>with</b> markup &amp; more."  # the seed's characters, shown as they are
        if entry.summary_detail.type == "text/html":
            assert "<" not in entry.summary and html.unescape(entry.summary) == lead
        else:
            assert entry.summary == lead


def test_feeds_and_sitemap_do_not_depend_on_the_day_of_the_build(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        re.sub(r"(?m)^site_url: .*$", f"site_url: {SITE_URL}", config.read_text(encoding="utf-8")),
        encoding="utf-8",
    )
    built = []
    for day in ("1600000000", "1700000000"):  # MkDocs takes "today" from SOURCE_DATE_EPOCH
        monkeypatch.setenv("SOURCE_DATE_EPOCH", day)
        result = mkdocs_build(project)
        assert result.returncode == 0, result.stderr
        built.append(
            {
                name: (project / "site" / name).read_bytes()
                for name in ("rss.xml", "atom.xml", "sitemap.xml", "sitemap.xml.gz")
            }
        )
    assert built[0] == built[1]


def test_without_site_url_no_feeds_no_sitemap_urls_and_no_none_urls(built_site: Path) -> None:
    for name in ("rss.xml", "atom.xml"):
        assert not (built_site / name).exists(), name
    # Material's instant navigation reads the sitemap, so it is written, listing no page.
    sitemap = ET.fromstring((built_site / "sitemap.xml").read_bytes())
    assert (
        sitemap.tag == "{http://www.sitemaps.org/schemas/sitemap/0.9}urlset" and len(sitemap) == 0
    )
    for page in built_site.rglob("*.html"):
        html = page.read_text(encoding="utf-8")
        assert "None" not in re.findall(r'(?:href|src|content)="([^"]*)"', html), page
        assert 'type="application/rss+xml"' not in html, page


@pytest.mark.browser
def test_pagination_and_neighbour_links_in_chromium(browser, synthetic_site: Path) -> None:
    """The site as published at its site_url: requests for it are answered from the built folder."""
    from playwright.sync_api import expect

    context = browser.new_context()
    context.route(SITE_URL + "**", lambda route: _serve(route, synthetic_site))
    tab = context.new_page()
    errors: list[str] = []
    tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
    tab.on("pageerror", lambda error: errors.append(str(error)))
    try:
        tab.goto(SITE_URL + "articles/2022/")
        number = 1
        while tab.locator("nav.listing-pagination a[rel=next]").count():
            tab.locator("nav.listing-pagination a[rel=next]").click()
            number += 1
            tab.wait_for_url(f"{SITE_URL}articles/2022/page/{number}/")
            # Instant navigation changes the address first, then the content.
            expect(tab.locator("nav.listing-pagination a[aria-current=page]")).to_have_text(
                str(number)
            )
        assert number > 2
        tab.locator("nav.listing-pagination a[rel=prev]").click()
        tab.wait_for_url(f"{SITE_URL}articles/2022/page/{number - 1}/")
        expect(tab.locator("nav.listing-pagination a[aria-current=page]")).to_have_text(
            str(number - 1)
        )
        tab.locator("nav.listing-pagination a[aria-label='Page 1']").click()
        tab.wait_for_url(f"{SITE_URL}articles/2022/")
        expect(tab.locator("nav.listing-pagination a[aria-current=page]")).to_have_text("1")

        # An article from the listing, its next article in time, and back again.
        entry = tab.locator("article li:has(.listing__meta) > a").last
        title = entry.inner_text()
        entry.click()
        tab.wait_for_function(
            "title => document.querySelector('article h1')?.innerText === title", arg=title
        )
        following = tab.locator(".article-neighbours__next a").inner_text()
        tab.locator(".article-neighbours__next a").click()
        tab.wait_for_function(
            "title => document.querySelector('article h1')?.innerText === title", arg=following
        )
        tab.locator(".article-neighbours__previous a").click()
        tab.wait_for_function(
            "title => document.querySelector('article h1')?.innerText === title", arg=title
        )
        # A related article, as a reader follows it.
        related = tab.locator("#related-articles + ul li > a").first
        related_title = related.inner_text()
        assert related_title and related_title != title
        related.click()
        tab.wait_for_function(
            "title => document.querySelector('article h1')?.innerText === title", arg=related_title
        )
        tab.wait_for_load_state("networkidle")
        assert errors == []
    finally:
        context.close()


def _serve(route, site: Path) -> None:
    path = route.request.url.removeprefix(SITE_URL).split("?")[0].split("#")[0]
    file = site / path / "index.html" if path == "" or path.endswith("/") else site / path
    if file.is_file():
        route.fulfill(path=str(file))
    else:
        route.fulfill(status=404, body="not found")
