"""One archive, three builders: the same site from MkDocs, ProperDocs and Zensical.

A small archive (the repository's seed and the related-articles fixtures, SITE_URL set) is built
once per builder, as `./run site` does: MkDocs with the `archive` plugin; ProperDocs (the plugin
turned off) and Zensical (which ignores it) after `archive convert`, each followed by `archive
publish`. Every builder's site must have the same pages, the article's header, sources,
citations and JSON-LD, the glossary's tooltips, the feeds and the sitemap with absolute URLs, and
a header search that finds an article by a word of its body in Chromium.

What Zensical 0.0.73 does differently is asserted as such (docs/guide.md, Builders): its HTML is its
own theme's (the pages are compared by what they show, not byte for byte, unlike ProperDocs'),
it writes its own search index (search.json), which nothing reads, and it adds to every page's
head two links to RSS files that it does not write (feed_rss_created.xml, feed_rss_updated.xml).
"""

from __future__ import annotations

import json
import mimetypes
import shutil
import subprocess
import sys
import time
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import (
    ARTICLE_URL,
    REPO,
    _env,
    copy_project,
    pagefind_records,
    recording_tab,
    type_query,
)
from reading_archive.publish.site import built_pages

SITE_URL = "https://example.org/archive/"
BUILDERS = ("mkdocs", "properdocs", "zensical")
FIXTURES = REPO / "tests" / "fixtures" / "related"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
TITLE = "Putin Says Russia Has 'Right to Defend its Security' Amid NATO Tensions"
# What `archive publish` writes (or the plugin, or `archive convert` into the docs): the same bytes
# from every builder.
ARCHIVE_FILES = (
    "rss.xml",
    "atom.xml",
    "sitemap.xml",
    "sitemap.xml.gz",
    "annotations.jsonld",
    "archive.jsonl",
    "archive.csv",
)


def small_archive(target: Path) -> Path:
    project = copy_project(target)
    for seed in FIXTURES.glob("*.txt"):
        shutil.copy2(seed, project / "seeds" / seed.name)
    return project


def run(project: Path, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(
        command,
        cwd=project,
        capture_output=True,
        text=True,
        env={**_env(), "SITE_URL": SITE_URL, **env},
        timeout=600,
    )
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result


def build(project: Path, builder: str) -> Path:
    """The site as `ARCHIVE_BUILDER=<builder> ./run site` builds it (`mkdocs build --strict`)."""
    tool = str(Path(sys.executable).with_name(builder))
    if builder == "mkdocs":
        run(project, tool, "build", "--strict")
        return project / "site"
    archive = (sys.executable, "-m", "reading_archive")
    run(project, *archive, "convert")
    if builder == "properdocs":
        built = run(project, tool, "build", "--strict", ARCHIVE_PLUGIN="false")
        assert (
            "reading_archive: " not in built.stderr
        )  # the plugin converted nothing: the pages are convert's
    else:
        run(project, tool, "build", "--clean", "--strict")
    run(project, *archive, "publish", "site")
    return project / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The small archive built by each builder, by name."""
    built = {}
    for builder in BUILDERS:
        start = time.perf_counter()
        built[builder] = build(small_archive(tmp_path_factory.mktemp(builder) / "project"), builder)
        print(f"\n{builder}: the site built in {time.perf_counter() - start:.1f} s")
    return built


def pages(site: Path) -> set[str]:
    return {
        path.relative_to(site).as_posix()
        for path in site.rglob("*.html")
        if path.parts[len(site.parts)] != "pagefind"
    }


def soup(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_every_builder_makes_the_same_pages(sites: dict[str, Path]) -> None:
    made = {builder: pages(site) for builder, site in sites.items()}
    assert made["properdocs"] == made["mkdocs"] == made["zensical"]
    kinds = {
        kind: {page for page in made["mkdocs"] if page.startswith(kind + "/")}
        for kind in ("articles", "glossary", "publishers", "tags")
    }
    assert len([page for page in kinds["articles"] if page.count("/") == 4]) == 8  # the 8 articles
    assert {
        "articles/index.html",
        "articles/2021/12/index.html",
        "glossary/quint/index.html",
        "publishers/index.html",
    } <= made["zensical"]
    assert all(kinds.values())


def test_properdocs_writes_the_html_mkdocs_writes(sites: dict[str, Path]) -> None:
    def strip(html: str) -> str:  # all but the generator's name
        return "\n".join(line for line in html.splitlines() if 'name="generator"' not in line)

    for page in sorted(pages(sites["mkdocs"])):
        ours, theirs = (
            (sites[builder] / page).read_text(encoding="utf-8")
            for builder in ("mkdocs", "properdocs")
        )
        assert strip(ours) == strip(theirs), page


@pytest.mark.parametrize("builder", BUILDERS)
def test_the_home_page_shows_the_generated_part(sites: dict[str, Path], builder: str) -> None:
    text = soup(sites[builder], "").select_one("article").get_text(" ", strip=True)
    assert "The archive holds 8 articles" in text
    assert "8<" not in text and "archive:home" not in text


@pytest.mark.parametrize("builder", BUILDERS)
def test_the_article_page_has_its_header_sources_citations_and_json_ld(
    sites: dict[str, Path], builder: str
) -> None:
    page = soup(sites[builder], ARTICLE_URL)
    assert page.title.get_text() == f"{TITLE} - Reading Archive"
    assert page.select_one("h1#__title").get_text() == TITLE
    assert page.select_one(".archive-article__publisher").get_text() == "The Moscow Times"
    assert page.select_one(".archive-article__byline").get_text() == "By AFP"
    time_ = page.select_one(".archive-article__meta time")
    assert (time_["datetime"], time_.get_text()) == ("2021-12-08", "December 8, 2021")
    assert [h.get_text() for h in page.select("footer.archive-article__footer h2")] == [
        "Sources",
        "Cite this article",
    ]
    sources = [a["href"] for a in page.select("footer.archive-article__footer a[href^='https://']")]
    assert any(href.startswith("https://www.themoscowtimes.com/2021/12/08/") for href in sources)
    assert any(href.startswith("https://web.archive.org/web/") for href in sources)
    assert (
        page.select_one("pre#__cite-plain")
        .get_text()
        .startswith("AFP. (2021, December 8). Putin Says Russia Has")
    )
    assert page.select_one("pre#__cite-bibtex").get_text().startswith("@article{")
    assert (
        json.loads(page.select_one("pre#__cite-csl-json").get_text())[0]["archive_location"]
        == SITE_URL + ARTICLE_URL
    )
    (script,) = page.select('script[type="application/ld+json"]')
    data = json.loads(script.string)
    assert (data["headline"], data["url"], data["datePublished"]) == (
        TITLE,
        SITE_URL + ARTICLE_URL,
        "2021-12-08",
    )
    assert page.select_one("link[rel=canonical]")["href"] == SITE_URL + ARTICLE_URL


@pytest.mark.parametrize("builder", BUILDERS)
def test_glossary_links_carry_the_terms_summary_for_the_tooltip(
    sites: dict[str, Path], builder: str
) -> None:
    page = soup(sites[builder], ARTICLE_URL)
    quint = [a for a in page.select("article p:not(.article-terms) a") if a.get_text() == "Quint"][
        0
    ]
    assert quint["href"] == "../../../../glossary/quint/"
    assert quint["title"].startswith("An informal group of five Western powers")
    assert (sites[builder] / "glossary" / "quint" / "index.html").is_file()


@pytest.mark.parametrize("builder", BUILDERS)
def test_feeds_and_sitemap_have_absolute_urls_and_the_same_bytes(
    sites: dict[str, Path], builder: str
) -> None:
    site = sites[builder]
    for name in ARCHIVE_FILES:
        assert (site / name).read_bytes() == (sites["mkdocs"] / name).read_bytes(), name
    for name in ("rss.xml", "atom.xml"):
        feed = feedparser.parse((site / name).read_bytes())
        assert not feed.bozo and len(feed.entries) == 8, name
        assert all(entry.link.startswith(SITE_URL + "articles/") for entry in feed.entries), name
    sitemap = ET.fromstring((site / "sitemap.xml").read_bytes())
    lastmod = {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in sitemap.findall("s:url", NS)
    }
    assert set(lastmod) == {SITE_URL + url for url in built_pages(site, True)}
    assert lastmod[SITE_URL + ARTICLE_URL] == "2021-12-08"
    assert (
        sum(value is not None for value in lastmod.values()) == 8
    )  # the articles' dates; listings have none
    feeds = [
        link["href"]
        for link in soup(site, ARTICLE_URL).select("link[rel=alternate]")
        if link["href"].startswith("https://")
    ]
    assert feeds == [SITE_URL + "rss.xml", SITE_URL + "atom.xml"]


@pytest.mark.parametrize("builder", BUILDERS)
def test_every_page_has_the_pagefind_search_box_and_pagefind_indexed_the_articles(
    sites: dict[str, Path], builder: str
) -> None:
    site = sites[builder]
    for url in ("", ARTICLE_URL, "articles/2021/12/", "glossary/quint/"):
        header = soup(site, url).select_one("header.md-header")
        assert header.select_one("[data-archive-search] input.archive-search__input"), url
        assert header.select_one(
            "script[type=module][src$='assets/javascripts/pagefind-search.js']"
        ), url
    records = pagefind_records(site)
    assert records.keys() == pagefind_records(sites["mkdocs"]).keys() and len(records) == 8
    assert any("Mitsotakis" in record["content"] for record in records.values())


def test_what_zensical_does_its_own_way(sites: dict[str, Path]) -> None:
    zensical = sites["zensical"]
    assert (zensical / "search.json").is_file() and not (sites["mkdocs"] / "search.json").exists()
    head = soup(zensical, "").select("link[rel=alternate][type='application/rss+xml']")
    assert [link["href"] for link in head][:2] == [
        "./feed_rss_created.xml",
        "./feed_rss_updated.xml",
    ]
    assert not (zensical / "feed_rss_created.xml").exists()  # links to files it does not write


# -- a reader in Chromium, at the site's published address ---------------------------------------


def at_published_address(tab, site: Path) -> None:
    """Answer the tab's requests to SITE_URL from the built folder, as the published site would:
    every builder's pages then load from their real address (Material's instant navigation
    fetches the sitemap at site_url; the 404 page links its assets absolutely)."""

    def answer(route) -> None:
        path = urlsplit(route.request.url).path.removeprefix(urlsplit(SITE_URL).path)
        target = site / path
        if target.is_dir():
            target = target / "index.html"
        if not target.is_file():
            route.fulfill(status=404, path=str(site / "404.html"), content_type="text/html")
            return
        kind = (
            "application/wasm" if target.suffix == ".wasm" else mimetypes.guess_type(target.name)[0]
        )
        route.fulfill(status=200, path=str(target), content_type=kind or "application/octet-stream")

    tab.route(SITE_URL + "**", answer)


@pytest.mark.browser
@pytest.mark.parametrize("builder", BUILDERS)
def test_a_word_of_the_body_typed_into_the_header_search_finds_the_article(
    browser, sites: dict[str, Path], builder: str
) -> None:
    with recording_tab(browser) as tab:
        at_published_address(tab, sites[builder])
        tab.goto(SITE_URL)
        tab.keyboard.press("/")  # "/" opens the search, as in Material
        query = tab.get_by_role("textbox", name="Search")
        assert query.evaluate("input => input === document.activeElement")
        type_query(tab, "inaction")
        links = tab.locator(".archive-search__item a").evaluate_all(
            "links => links.map(a => a.href)"
        )
        assert links == [SITE_URL + ARTICLE_URL]
        assert tab.locator(".archive-search__item h1").first.inner_text() == TITLE
        tab.locator(".archive-search__link").first.click()
        tab.wait_for_url(SITE_URL + ARTICLE_URL)
        assert tab.locator("article h1").first.inner_text() == TITLE
        tab.wait_for_load_state("networkidle")
        assert tab.errors == []
        assert tab.hosts == {"example.org"}


@pytest.mark.browser
@pytest.mark.parametrize("builder", BUILDERS)
def test_a_glossary_link_shows_its_summary_in_a_tooltip(
    browser, sites: dict[str, Path], builder: str
) -> None:
    with recording_tab(browser) as tab:
        at_published_address(tab, sites[builder])
        tab.goto(SITE_URL + ARTICLE_URL)
        link = tab.locator("article p:not(.article-terms) a", has_text="Quint").first
        link.hover()
        tooltip = tab.locator(".md-tooltip2--active")
        tooltip.wait_for(state="visible", timeout=5_000)
        assert tooltip.inner_text().startswith("An informal group of five Western powers")
        assert tooltip.get_attribute("id") == link.get_attribute("aria-describedby")
        assert tab.errors == []


@pytest.mark.browser
@pytest.mark.parametrize("builder", BUILDERS)
def test_the_404_page_loads_without_a_console_error(
    browser, sites: dict[str, Path], builder: str
) -> None:
    with recording_tab(browser) as tab:
        failed: list[str] = []  # resources that failed to load, by URL: the page's own 404 is one
        tab.on(
            "console",
            lambda message: (
                message.type == "error" and failed.append(message.location.get("url", ""))
            ),
        )
        at_published_address(tab, sites[builder])
        response = tab.goto(SITE_URL + "no/such/page/")
        assert response is not None and response.status == 404
        tab.wait_for_load_state("networkidle")
        assert tab.locator("h1").first.inner_text().strip() == "404 - Not found"
        others = [
            error
            for error, url in zip(tab.errors, failed, strict=False)
            if not (
                error.startswith("Failed to load resource") and url == SITE_URL + "no/such/page/"
            )
        ]
        assert others == [] and len(tab.errors) <= 1
        assert tab.hosts == {"example.org"}


@pytest.mark.browser
@pytest.mark.parametrize("builder", BUILDERS)
def test_the_article_page_shows_its_parts_in_the_same_order(
    browser, sites: dict[str, Path], builder: str, tmp_path_factory
) -> None:
    """What a reader sees of the article page, top to bottom, is the same with every builder; a
    screenshot of each is kept for a person to look at (printed path)."""
    with recording_tab(browser) as tab:
        at_published_address(tab, sites[builder])
        tab.set_viewport_size({"width": 1280, "height": 900})
        tab.goto(SITE_URL + ARTICLE_URL)
        tab.wait_for_load_state("networkidle")
        seen = tab.locator(
            "article h1, article h2, article time, .article-meta, .md-search"
        ).evaluate_all(
            "nodes => nodes.filter(n => n.offsetParent !== null).map(n => n.tagName + ':' + "
            "n.textContent.trim().slice(0, 40))"
        )
        toc = tab.locator("nav.md-nav--secondary a.md-nav__link").evaluate_all(
            "links => links.map(a => [a.textContent.trim(), a.hash])"
        )
        shots = tmp_path_factory.getbasetemp()
        tab.screenshot(path=str(shots / f"article-top-{builder}.png"))
        tab.screenshot(path=str(shots / f"article-{builder}.png"), full_page=True)
        print(
            f"\n{builder}: {shots / f'article-{builder}.png'} (and article-top-{builder}.png, "
            "the first screen)"
        )
        assert tab.errors == []
    headings = [item for item in seen if item.startswith(("H1:", "H2:", "TIME:"))]
    assert (
        headings[0] == f"H1:{TITLE[:40]}"
        and "H2:Sources" in headings
        and "H2:Cite this article" in headings
    )
    # The table of contents: the text's sections, then the template's footer, on every builder
    # (partials/toc.html lists the footer's headings; no plugin needed).
    assert toc == [
        ["France warns Russia", "#france-warns-russia"],
        ["Annotations", "#annotations"],
        ["Related articles", "#related-articles"],
        ["Sources", "#__sources"],
        ["Cite this article", "#__cite"],
    ]
    _SEEN[builder] = headings
    if len(_SEEN) == len(BUILDERS):
        assert _SEEN["properdocs"] == _SEEN["mkdocs"] == _SEEN["zensical"], _SEEN


_SEEN: dict[str, list[str]] = {}

# Whether a reader sees an element: its middle (or a point near its start, for a wide one; on
# screen, for a tall one) is not clipped away or covered by something else. Playwright's
# is_visible() counts an element clipped by a closed box of no height, or of opacity 0, as visible.
SHOWN = """element => {
    const box = element.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) return false;
    for (let node = element; node; node = node.parentElement) {
        if (getComputedStyle(node).opacity === "0") return false;
    }
    const y = Math.min(box.top + box.height / 2, (box.top + innerHeight) / 2);
    const hit = document.elementFromPoint(box.left + Math.min(box.width / 2, 24), y);
    return hit !== null && element.contains(hit);
}"""


def box(locator) -> dict[str, float]:
    found = locator.bounding_box()
    assert found is not None
    return found


def inside(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + 0.5
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + 0.5
    )


@pytest.mark.browser
@pytest.mark.parametrize("builder", BUILDERS)
def test_the_search_dialog_is_closed_until_opened_holds_its_results_and_closes_with_escape(
    browser, sites: dict[str, Path], builder: str, tmp_path_factory
) -> None:
    """The dialog's own styles (assets/stylesheets/pagefind-search.css), not the theme's: under
    every builder it is hidden until "/" opens it, shows the count and results in its box below
    the query, and Escape closes it. Screenshots of it open are kept (printed path)."""
    with recording_tab(browser) as tab:
        at_published_address(tab, sites[builder])
        tab.set_viewport_size({"width": 1280, "height": 900})
        tab.goto(SITE_URL + ARTICLE_URL)
        tab.wait_for_load_state("networkidle")
        dialog = tab.locator("[data-archive-search]")
        output, meta, overlay = (
            dialog.locator(f".archive-search__{part}") for part in ("output", "meta", "overlay")
        )
        query = tab.get_by_role("textbox", name="Search")
        assert query.evaluate(SHOWN)  # the query box is in the header, as Material's
        assert not meta.evaluate(SHOWN) and not overlay.evaluate(SHOWN)
        assert box(output)["height"] == 0

        tab.keyboard.press("/")
        tab.wait_for_function(
            "element => getComputedStyle(element).opacity === '1'", arg=output.element_handle()
        )
        assert query.evaluate("input => input === document.activeElement")
        assert meta.evaluate(SHOWN) and overlay.evaluate(SHOWN)  # the page behind is darkened
        type_query(tab, "inaction")
        item = dialog.locator(".archive-search__item").first
        tab.wait_for_timeout(500)  # the box's widening and the output's fading in are over
        assert item.evaluate(SHOWN) and item.locator("h1").inner_text() == TITLE
        form, scrollwrap = (
            box(dialog.locator(".archive-search__form")),
            box(dialog.locator(".archive-search__scrollwrap")),
        )
        assert inside(box(item), box(output)) and inside(box(meta), box(output))
        assert box(output)["y"] >= form["y"] + form["height"] - 1  # below the query
        assert (
            abs(box(output)["x"] - form["x"]) <= 1
            and abs(box(output)["width"] - form["width"]) <= 1
        )  # as wide
        assert (
            scrollwrap["y"] + scrollwrap["height"] <= 900 and form["width"] > 500
        )  # on screen; the box widened
        shot = tmp_path_factory.getbasetemp() / f"search-{builder}.png"
        tab.screenshot(path=str(shot))
        print(f"\n{builder}: {shot}")

        tab.keyboard.press("Escape")
        tab.wait_for_function(
            "element => getComputedStyle(element).opacity === '0'", arg=output.element_handle()
        )
        assert not item.evaluate(SHOWN) and not meta.evaluate(SHOWN) and not overlay.evaluate(SHOWN)
        assert not tab.evaluate("document.getElementById('__search').checked")
        assert tab.errors == []
