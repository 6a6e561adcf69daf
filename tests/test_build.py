"""A real `mkdocs build --strict` of the project, and what a reader gets in the HTML."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import (
    ARTICLE_URL,
    SEED,
    file_digests,
    mkdocs_build,
    pagefind_records,
    run_archive,
)
from reading_archive.read.seed import article_text, read_seed


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def test_article_page_shows_title_metadata_caption_and_text(built_site: Path) -> None:
    page = soup(built_site / ARTICLE_URL / "index.html")
    article = read_seed(SEED, SEED.parents[1])
    content = page.select_one("article.md-content__inner")
    assert content is not None

    assert content.h1.get_text(strip=True) == article.title
    assert page.title.get_text() == f"{article.title} - Reading Archive"
    meta = content.select_one(".archive-article__meta")
    assert meta.select_one(".archive-article__publisher").get_text() == "The Moscow Times"
    assert meta.select_one(".archive-article__byline").get_text() == "By AFP"
    time = meta.select_one("time")
    assert time["datetime"] == "2021-12-08"
    assert time.get_text() == "December 8, 2021"
    assert meta.select_one(".archive-article__readtime").get_text() == "3 min read"
    original = meta.select_one("a.archive-article__original")
    assert original["href"] == article.original_url
    assert original.get_text() == "Original article"
    # the sidecar's tags in the header, and the glossary terms right after it
    assert (
        content.select_one("header .archive-article__tags").get_text()
        == "Tags: Russia–NATO relations · Russo-Ukrainian War"
    )
    first_after_header = content.select_one("header").find_next_sibling()
    assert "article-terms" in first_after_header["class"]
    assert first_after_header.get_text().startswith("In this article: Vladimir Putin")

    caption = content.select_one("figure.article-photo figcaption")
    assert caption.get_text(" ", strip=True) == (
        'Putin stressed that NATO expanding eastwards is a "very sensitive" issue for Russia. '
        "Photo: kremlin.ru"
    )
    assert [h.get_text(strip=True).rstrip("¶") for h in content.select("h2")] == [
        "France warns Russia",
        "Annotations",
        "Sources",
        "Cite this article",
    ]

    # Every word of the article text, in order: nothing lost, nothing invented.
    content.select_one("figure.article-photo").decompose()
    content.select_one("header").decompose()
    for generated in content.select(
        ".article-terms, #related-articles, #related-articles + ul, .article-neighbours, "
        "#annotations, ol.annotations, .archive-article__footer"
    ):
        generated.decompose()
    shown = content.get_text(" ").replace("Related article:", "")
    assert words(shown) == words(article_text(article))


def test_rejoined_sentences_render_as_one_paragraph(built_site: Path) -> None:
    paragraphs = [
        p.get_text() for p in soup(built_site / ARTICLE_URL / "index.html").select("article p")
    ]
    assert any("Putin said at a news conference with Greek Prime Minister" in p for p in paragraphs)
    assert any(
        "always supported Ukraine, our sovereignty and independence" in p for p in paragraphs
    )


def test_search_index_contains_the_article(built_site: Path) -> None:
    entry = pagefind_records(built_site)["/" + ARTICLE_URL]  # mkdocs.yml: search: pagefind
    assert entry["meta"]["title"].startswith("Putin Says Russia Has")
    assert "Mitsotakis" in entry["content"]
    assert any(
        {"id": "france-warns-russia", "text": "France warns Russia"}.items() <= anchor.items()
        for anchor in entry["anchors"]
    )


def test_navigation_lists_the_listings_and_no_article(built_site: Path) -> None:
    for page in ("index.html", ARTICLE_URL + "index.html", "glossary/quint/index.html"):
        nav = soup(built_site / page).select_one("nav.md-nav--primary")
        links = [
            a for a in nav.select("a.md-nav__link") if not a.find_parent(class_="md-nav--secondary")
        ]  # not the page's own toc
        titles = [a.get_text(strip=True) for a in links]
        assert titles == ["Home", "Archive", "Publishers", "Glossary", "Tags"], (page, titles)


def entries(listing: BeautifulSoup) -> list[tuple[str, str, str]]:
    """(title, date · publisher, description) of each article a listing shows."""
    return [
        (
            li.a.get_text(),
            li.select_one(".listing__meta").get_text(),
            li.get_text().split(li.select_one(".listing__meta").get_text())[-1],
        )
        for li in listing.select("article li")
        if li.select_one(".listing__meta")
    ]


def test_home_year_month_and_publisher_pages_list_the_article(built_site: Path) -> None:
    article = read_seed(SEED, SEED.parents[1])
    expected = (article.title, "December 8, 2021 · The Moscow Times")
    for listing, link in [
        ("index.html", ARTICLE_URL),
        ("articles/2021/index.html", "12/putin-says-russia-has-right-to-defend-its-security/"),
        ("articles/2021/12/index.html", "putin-says-russia-has-right-to-defend-its-security/"),
        ("publishers/the-moscow-times/index.html", "../../" + ARTICLE_URL),
    ]:
        page = soup(built_site / listing)
        assert [entry[:2] for entry in entries(page)] == [expected], listing
        assert entries(page)[0][2].startswith("After his video summit with Joe Biden"), (
            listing
        )  # the sidecar's summary
        assert page.select_one("article li a[href*=putin]")["href"] == link, listing
    archive = soup(built_site / "articles" / "index.html")
    assert (
        entries(archive) == []
    )  # years and months only: the index does not grow with the articles
    assert [(a.get_text(), a["href"]) for a in archive.select("article li a")] == [
        ("2021", "2021/"),
        ("December 2021", "2021/12/"),
    ]
    assert [li.get_text(" ", strip=True) for li in archive.select("article li li")] == [
        "December 2021 — 1 article"
    ]
    publishers = soup(built_site / "publishers" / "index.html")
    assert [li.get_text(" ", strip=True) for li in publishers.select("article li")] == [
        "The Moscow Times — 1 article"
    ]


def test_home_page_keeps_the_curators_text_and_adds_the_archive(built_site: Path) -> None:
    home = soup(built_site / "index.html").select_one("article.md-content__inner")
    text = home.get_text(" ", strip=True)
    assert "An annotated archive of news articles." in text  # content/index.md, as written
    assert "The archive holds 1 article from 1 publisher, published on December 8, 2021." in text
    assert "archive:home" not in str(home)  # the marker was replaced
    browse = {a.get_text(): a["href"] for a in home.select("h2#browse-the-archive + ul a")}
    assert browse == {
        "2021": "articles/2021/",
        "every year and month": "articles/",
        "1 publisher": "publishers/",
        "34 terms": "glossary/",
        "2 tags": "tags/",
    }
    tags = soup(built_site / "tags" / "index.html").select_one("article.md-content__inner")
    # the tags of the seed's sidecar file
    assert [li.get_text(" ", strip=True) for li in tags.select("li")] == [
        "Russia–NATO relations — 1 article",
        "Russo-Ukrainian War — 1 article",
    ]


def test_build_is_deterministic(project: Path, built_site: Path) -> None:
    """Another build, in another folder, writes the same files with the same bytes: the pages,
    the feeds and Pagefind's index (whose filters Pagefind itself writes in a random order)."""
    assert mkdocs_build(project).returncode == 0
    assert file_digests(project / "site") == file_digests(built_site)


def test_converter_then_plain_mkdocs_build(project: Path, built_site: Path) -> None:
    """`archive convert` + a build without the plugin gives the same article page."""
    assert run_archive(project, "convert").returncode == 0
    env = {**os.environ, "ARCHIVE_PLUGIN": "false", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert not re.search(
        r"reading_archive: \d+ articles", result.stderr
    )  # the converter really was off
    assert not (
        project / "site" / "pagefind"
    ).exists()  # the plugin off, `archive publish` indexes the site
    assert run_archive(project, "publish", "site").returncode == 0
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()  # and the site has its search
    ours = soup(project / "site" / ARTICLE_URL / "index.html").select_one(
        "article.md-content__inner"
    )
    theirs = soup(built_site / ARTICLE_URL / "index.html").select_one("article.md-content__inner")
    assert str(ours) == str(theirs)


def test_bad_seed_fails_strict_build_but_plain_build_keeps_the_rest(project: Path) -> None:
    (project / "seeds" / "001_broken.txt").write_text(
        "Title only\n\nNot a date\n", encoding="utf-8"
    )

    strict = mkdocs_build(project)
    assert strict.returncode == 1
    assert "seeds/001_broken.txt:3: error: expected the date line" in strict.stderr
    assert "Traceback" not in strict.stderr

    plain = mkdocs_build(project, strict=False)
    assert plain.returncode == 0, plain.stderr
    assert "seeds/001_broken.txt:3: error: expected the date line" in plain.stderr
    assert (project / "site" / ARTICLE_URL / "index.html").is_file()


def test_markup_in_a_title_is_text_on_every_page(empty_project: Path) -> None:
    """Material prints titles unescaped in the header, the blog listings and the search index."""
    title = (
        '<script>window.__pwned=1</script> <img src=x onerror="alert(1)"> **Bold** [link](#) `code`'
    )
    seed = f"{title}\n\nDecember 08, 2021\n\nA body *with* <b>markup</b>.\n\nOriginal url: https://example.com/x\n"
    (empty_project / "seeds" / "001_hostile.txt").write_text(seed, encoding="utf-8")
    result = mkdocs_build(empty_project)
    assert result.returncode == 0, result.stderr
    pages = [
        p for p in (empty_project / "site").rglob("*") if p.suffix in (".html", ".json", ".xml")
    ]
    for path in pages:
        html = path.read_text(encoding="utf-8")
        for payload in ("<script>window", "<img src=x", "<strong>Bold", "<b>markup", "<em>with"):
            assert payload not in html, (path, payload)
    shown = soup(next((empty_project / "site" / "articles" / "2021" / "12").glob("*/index.html")))
    expected = title.replace("[link](#)", "link")  # a placeholder link keeps its text
    assert shown.select_one("article h1").get_text() == expected
    assert (
        shown.select_one("[data-md-component='header-topic'] .md-ellipsis").get_text(strip=True)
        == expected
    )
    assert shown.title.get_text() == f"{expected} - Reading Archive"


def test_a_link_to_a_missing_anchor_fails_the_strict_build(project: Path) -> None:
    # mkdocs.yml `validation`: broken links and anchors are warnings, so --strict stops on them.
    home = project / "content" / "index.md"
    home.write_text(
        home.read_text(encoding="utf-8") + "\n[Gone](articles/index.md#no-such-anchor)\n",
        encoding="utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode != 0
    assert "does not contain an anchor '#no-such-anchor'" in result.stderr
