"""Search with Pagefind (`archive` plugin option `search: pagefind`, the project's choice):
what Pagefind indexes, and what a reader does with the header search in headless Chromium."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import (
    ARTICLE_URL,
    REPO,
    SEED,
    _env,
    copy_project,
    file_digests,
    mkdocs_build,
    pagefind_records,
    recording_tab,
    serve_directory,
    type_query,
    use_material_search,
)

TITLE = "Putin Says Russia Has 'Right to Defend its Security' Amid NATO Tensions"

# Another publisher and year, and a word ("Mitsotakis") that the project's seed also has.
REUTERS_SEED = """Greek Prime Minister Visits Kyiv for Energy Talks

By [Jane Roe](#)

January 14, 2022

Greek Prime Minister Kyriakos Mitsotakis arrived in Kyiv on Friday for talks on gas supplies and \
security.

He promised help with the repair of power lines before the winter ends.

Original url:

<https://www.reuters.com/world/europe/greek-pm-visits-kyiv-2022-01-14/>
"""

MARKER = "__pwned"
HOSTILE_TITLE = f'Quarrelsome <img src=x onerror="window.{MARKER}=1"> Headline'
HOSTILE_SEED = f"""{HOSTILE_TITLE}

March 02, 2022

The quarrelsome <script>window.{MARKER}=2</script> lead and <b \
onmouseover="window.{MARKER}=3">bold</b> words.

Original url:

<https://www.bbc.co.uk/news/world-quarrelsome>
"""
REUTERS_URL = "articles/2022/01/greek-prime-minister-visits-kyiv-for-energy-talks/"
HOSTILE_URL = "/articles/2022/03/quarrelsome-img-src-x-onerror-window-pwned-1/"


@pytest.fixture(scope="module")
def search_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with two more seeds (another publisher and year; a hostile one), built."""
    project = copy_project(tmp_path_factory.mktemp("pagefind") / "project")
    (project / "seeds" / "reuters.txt").write_text(REUTERS_SEED, encoding="utf-8")
    (project / "seeds" / "hostile.txt").write_text(HOSTILE_SEED, encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


# -- the index -----------------------------------------------------------------------------------


def test_pagefind_indexes_each_article_with_its_metadata_and_filters(search_project: Path) -> None:
    site = search_project / "site"
    assert (site / "pagefind" / "pagefind.js").is_file()
    assert not (
        site / "search" / "search_index.json"
    ).exists()  # Material's whole-site index is not built
    records = pagefind_records(site)
    assert set(records) == {"/" + ARTICLE_URL, "/" + REUTERS_URL, HOSTILE_URL}
    article = records["/" + ARTICLE_URL]
    assert article["meta"] == {
        "title": TITLE,
        "date": "December 8, 2021",
        "publisher": "The Moscow Times",
    }
    assert article["filters"] == {"publisher": ["The Moscow Times"], "year": ["2021"]}
    assert "Greek Prime Minister Kyriakos Mitsotakis" in article["content"]
    assert article["content"].startswith(TITLE)
    # the article only: not the site's header, navigation or footer, nor the metadata line
    for elsewhere in (
        "Skip to content",
        "Reading Archive",
        "Made with",
        "min read",
        "Original article",
        "Next:",
    ):
        assert elsewhere not in article["content"], elsewhere


def test_only_article_pages_are_marked_for_the_index(search_project: Path) -> None:
    site = search_project / "site"
    article = BeautifulSoup(
        (site / ARTICLE_URL / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    body = article.select("[data-pagefind-body]")
    assert len(body) == 1 and body[0].find_parent("article") is not None
    assert not article.select(
        "header.md-header [data-pagefind-body], nav [data-pagefind-body], footer "
        "[data-pagefind-body]"
    )
    for listing in (
        "index.html",
        "articles/index.html",
        "articles/2021/12/index.html",
        "glossary/quint/index.html",
    ):
        assert "data-pagefind-body" not in (site / listing).read_text(encoding="utf-8"), listing


def test_pagefind_with_materials_search_plugin_is_refused(project: Path) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "\nmarkdown_extensions:", "  - search\n\nmarkdown_extensions:"
        )
    )
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert (
        "`search: pagefind` replaces Material's search: remove `search` from plugins in mkdocs.yml"
        in result.stderr
    )


def test_search_material_builds_materials_index_and_no_pagefind(project: Path) -> None:
    use_material_search(project)
    assert mkdocs_build(project).returncode == 0
    site = project / "site"
    assert not (site / "pagefind").exists()
    index = (site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Mitsotakis" in index
    header = BeautifulSoup(
        (site / "index.html").read_text(encoding="utf-8"), "html.parser"
    ).select_one("header.md-header")
    assert header.select_one(
        "form[name='search'] input.md-search__input"
    )  # Material's own search box
    assert not header.select("[data-archive-search]")


# -- a reader in Chromium --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def search_server(search_project: Path):
    with serve_directory(search_project / "site") as url:
        yield url


@pytest.fixture
def page(browser, search_server):
    with recording_tab(browser) as tab:
        yield tab


def results(page) -> list[str]:
    return page.locator(".archive-search__item a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"
    )


@pytest.mark.browser
def test_a_word_of_the_body_typed_into_the_header_search_opens_the_article(
    page, search_server
) -> None:
    page.goto(search_server)
    page.keyboard.press("/")  # as in Material: "/" (or "s") opens the search
    query = page.get_by_role("textbox", name="Search")
    assert query.evaluate("input => input === document.activeElement")
    assert page.locator("#__search").is_checked()
    type_query(page, "inaction")
    assert results(page) == ["/" + ARTICLE_URL]
    item = page.locator(".archive-search__item").first
    assert item.locator("h1").inner_text() == TITLE
    assert (
        item.locator(".archive-search__about").inner_text() == "December 8, 2021 · The Moscow Times"
    )
    assert item.locator("mark").first.inner_text().startswith("inaction")
    assert page.locator(".archive-search__meta").inner_text() == "1 matching article"

    page.keyboard.press("ArrowDown")  # from the query to the first result
    assert page.locator(".archive-search__link").first.evaluate(
        "link => link === document.activeElement"
    )
    page.keyboard.press("Enter")
    page.wait_for_url("**/" + ARTICLE_URL)
    assert page.locator("article h1").inner_text() == TITLE
    assert not page.locator("#__search").is_checked()
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    assert page.hosts == {"127.0.0.1"}


@pytest.mark.browser
def test_a_pause_while_typing_shows_the_prefix_then_the_whole_querys_results(
    page, search_server
) -> None:
    page.goto(search_server)
    page.keyboard.press("/")
    type_query(page, "i")  # a prefix: every article has a word that starts with it
    assert sorted(results(page)) == sorted(["/" + ARTICLE_URL, "/" + REUTERS_URL, HOSTILE_URL])
    page.keyboard.type("n")
    busy = page.locator(".archive-search__list").get_attribute("aria-busy")
    assert busy == "true"  # until the results of "in" show
    type_query(page, "action")
    assert results(page) == ["/" + ARTICLE_URL]
    assert page.locator(".archive-search__meta").inner_text() == "1 matching article"
    assert page.errors == []


@pytest.mark.browser
def test_escape_closes_the_search_and_s_opens_it_again(page, search_server) -> None:
    page.goto(search_server + ARTICLE_URL)
    page.keyboard.press("s")
    assert page.locator("#__search").is_checked()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    page.keyboard.press("s")
    assert page.locator("#__search").is_checked()
    assert page.errors == []


@pytest.mark.browser
def test_the_header_magnifier_opens_the_search_on_a_small_screen(page, search_server) -> None:
    page.set_viewport_size({"width": 400, "height": 800})
    page.goto(search_server)
    page.locator("label.md-header__button[for='__search']").click()
    query = page.get_by_role("textbox", name="Search")
    query.wait_for(state="visible")
    assert query.evaluate("input => input === document.activeElement")
    type_query(page, "inaction")
    assert results(page) == ["/" + ARTICLE_URL]
    assert page.errors == []


@pytest.mark.browser
def test_publisher_and_year_filters_narrow_the_results(page, search_server) -> None:
    page.goto(search_server)
    page.keyboard.press("/")
    type_query(page, "Mitsotakis")
    assert sorted(results(page)) == sorted(["/" + ARTICLE_URL, "/" + REUTERS_URL])

    publisher = page.get_by_label("Publisher")
    assert publisher.locator("option").all_inner_texts() == [
        "All publishers",
        "BBC (1)",
        "Reuters (1)",
        "The Moscow Times (1)",
    ]
    publisher.select_option("Reuters")
    page.wait_for_function("document.querySelectorAll('.archive-search__item').length === 1")
    assert results(page) == ["/" + REUTERS_URL]
    assert page.locator(".archive-search__meta").inner_text() == "1 matching article"

    publisher.select_option("")
    page.get_by_label("Year").select_option("2021")
    page.wait_for_function("document.querySelectorAll('.archive-search__item').length === 1")
    assert results(page) == ["/" + ARTICLE_URL]
    page.get_by_label("Publisher").select_option("Reuters")
    page.wait_for_function(
        "document.querySelector('.archive-search__meta').textContent.includes('No matching')"
    )
    assert results(page) == []
    assert page.errors == []
    assert page.hosts == {"127.0.0.1"}


@pytest.mark.browser
def test_markup_in_an_article_shows_as_text_in_the_results(page, search_server) -> None:
    page.goto(search_server)
    page.keyboard.press("/")
    type_query(page, "quarrelsome")
    item = page.locator(".archive-search__item").first
    assert item.locator("h1").inner_text() == HOSTILE_TITLE
    assert f"<script>window.{MARKER}=2</script>" in item.locator("p").last.inner_text()
    assert item.locator("img, script, b").count() == 0
    page.wait_for_timeout(300)  # an injected onerror would have run by now
    assert page.evaluate(f"typeof window.{MARKER}") == "undefined"
    assert page.errors == []


# -- mkdocs serve ----------------------------------------------------------------------------------


def test_serve_indexes_in_the_background_after_each_build(project: Path) -> None:
    from reading_archive_dev.browser import fetch_text as fetch
    from reading_archive_dev.browser import mkdocs_serve, stop_serving, wait_for
    from test_serve import free_port

    port = free_port()
    server = mkdocs_serve(
        project / "mkdocs.yml",
        port,
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(),
    )
    log: list[str] = []
    threading.Thread(target=lambda: log.extend(server.stdout), daemon=True).start()  # type: ignore[arg-type]
    base = f"http://127.0.0.1:{port}/"
    ready = "Pagefind indexed the site; search is ready"
    try:
        assert wait_for(lambda: sum(ready in line for line in log) == 1, 90), "".join(log)
        assert "Mitsotakis" in (fetch(base + ARTICLE_URL) or "")
        assert fetch(base + "pagefind/pagefind.js")

        seed = project / "seeds" / SEED.name
        seed.write_text(
            seed.read_text(encoding="utf-8").replace("Mitsotakis", "Papadopoulos"), encoding="utf-8"
        )
        assert wait_for(lambda: "Papadopoulos" in (fetch(base + ARTICLE_URL) or ""), 60), "".join(
            log
        )
        assert wait_for(lambda: sum(ready in line for line in log) == 2, 90), "".join(
            log
        )  # the new site, indexed again
        assert fetch(base + "pagefind/pagefind.js")
        assert not [line for line in log if "Pagefind failed" in line or "Traceback" in line]
    finally:
        stop_serving(server)


# -- a large archive, indexed in parts -----------------------------------------------------------

FIXTURES = Path(__file__).parent / "fixtures" / "related"
GRAIN_URL = "/articles/2023/03/black-sea-grain-deal-extended-for-another-60-days/"


@pytest.fixture(scope="module")
def parts_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Nine articles in three months (2021/12, 2022/01, 2023/03), indexed in parts of at most two
    pages, as a large archive is in parts of `pagefind_part_size` articles."""
    project = copy_project(tmp_path_factory.mktemp("pagefind-parts") / "project")
    for seed in FIXTURES.glob("*.txt"):
        (project / "seeds" / seed.name).write_bytes(seed.read_bytes())
    (project / "seeds" / "reuters.txt").write_text(REUTERS_SEED, encoding="utf-8")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "      pagefind_part_size: 2500\n" in text
    config.write_text(
        text.replace("      pagefind_part_size: 2500\n", "      pagefind_part_size: 2\n"),
        encoding="utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    assert "Pagefind indexed the site into pagefind/ in 3 parts" in result.stderr
    return project


def test_each_article_is_in_exactly_one_part_of_the_index(parts_project: Path) -> None:
    site = parts_project / "site"
    bundle = site / "pagefind"
    parts = json.loads((bundle / "archive-parts.json").read_text(encoding="utf-8"))
    assert parts == ["part-2/", "part-3/"]
    indexed: list[str] = []
    for folder in (bundle, *(bundle / part for part in parts)):
        assert (folder / "pagefind-entry.json").is_file(), folder
        indexed += list(pagefind_records(site, bundle=folder))
    articles = sorted(
        "/" + page.parent.relative_to(site).as_posix() + "/"
        for page in site.glob("articles/*/*/*/index.html")
        if "/page/" not in page.as_posix()
    )
    assert len(articles) == 9
    assert sorted(indexed) == articles  # each once


@pytest.fixture(scope="module")
def wire_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with the 55 wire reports (tests/fixtures/wire): eleven publishers, built."""
    project = copy_project(tmp_path_factory.mktemp("pagefind-wire") / "project")
    for seed in (REPO / "tests" / "fixtures" / "wire" / "seeds").glob("*.txt"):
        (project / "seeds" / seed.name).write_bytes(seed.read_bytes())
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def test_indexing_the_same_site_again_writes_the_same_bytes(
    wire_site: Path, tmp_path: Path
) -> None:
    """Pagefind writes each filter's values in the order of a hash map seeded anew in each run (on
    a site of a few pages the order happens to hold); each part's bundle is put in order after
    it."""
    from reading_archive.plugin.pagefind import PagefindIndexer

    def indexed_again(name: str) -> dict[str, str]:
        site = tmp_path / name
        shutil.copytree(wire_site, site, ignore=shutil.ignore_patterns("pagefind"))
        PagefindIndexer("articles", part_size=30).index(site)
        return file_digests(site / "pagefind")

    first = indexed_again("first")
    assert "part-2/pagefind-entry.json" in first
    for again in ("second", "third"):
        assert indexed_again(again) == first


def test_a_small_archive_is_one_index(search_project: Path) -> None:
    assert (
        json.loads(
            (search_project / "site" / "pagefind" / "archive-parts.json").read_text(
                encoding="utf-8"
            )
        )
        == []
    )


def test_parts_are_consecutive_months_each_at_most_the_part_size(tmp_path: Path) -> None:
    from reading_archive.plugin.pagefind import IndexPart, index_parts

    for month, pages in {
        "2020/01": 2,
        "2020/02": 1,
        "2020/11": 5,
        "2021/03": 1,
        "2021/04": 1,
    }.items():
        for number in range(pages):
            page = tmp_path / "articles" / month / f"article-{number}" / "index.html"
            page.parent.mkdir(parents=True)
            page.write_text("<html></html>", encoding="utf-8")
    assert index_parts(tmp_path, "articles", 3) == [
        IndexPart("articles/{2020/01,2020/02}/**/*.html", "pagefind"),
        IndexPart(
            "articles/{2020/11}/**/*.html", "pagefind/part-2"
        ),  # more than 3: a part of its own
        IndexPart("articles/{2021/03,2021/04}/**/*.html", "pagefind/part-3"),
    ]
    assert index_parts(tmp_path, "articles", 10) == [IndexPart(None, "pagefind")]


@pytest.fixture(scope="module")
def parts_server(parts_project: Path):
    with serve_directory(parts_project / "site") as url:
        yield url


@pytest.mark.browser
def test_a_search_finds_articles_of_every_part_and_filters_count_them_all(
    browser, parts_server
) -> None:
    with recording_tab(browser) as page:
        page.goto(parts_server)
        page.keyboard.press("/")
        type_query(page, "Mitsotakis")  # the project's seed (part 1) and Reuters' (part 2)
        assert sorted(results(page)) == sorted(["/" + ARTICLE_URL, "/" + REUTERS_URL])
        publisher = page.get_by_label("Publisher")
        assert publisher.locator("option").all_inner_texts() == [
            "All publishers",
            "Reuters (1)",
            "The Moscow Times (1)",
            "news.example.org (7)",
        ]
        assert page.get_by_label("Year").locator("option").all_inner_texts() == [
            "All years",
            "2023 (4)",
            "2022 (1)",
            "2021 (4)",
        ]
        page.locator(".archive-search__input").fill("grain")  # part 3
        page.wait_for_function(
            "url => [...document.querySelectorAll('.archive-search__item a')].some(a => new "
            "URL(a.href).pathname === url)",
            arg=GRAIN_URL,
        )
        assert "Mitsotakis" not in page.locator(".archive-search__list").inner_text()
        page.wait_for_load_state("networkidle")
        assert page.errors == []
        assert page.hosts == {"127.0.0.1"}
