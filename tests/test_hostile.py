"""Hostile and broken input: nothing crashes, nothing leaks through, nothing is lost."""

from __future__ import annotations

from pathlib import Path

from conftest import ARTICLE_URL, REPO, SEED, mkdocs_build, pagefind_records, run_archive

REPO_GLOSSARY = REPO / "glossary"

PAGE = "content/articles/2021/12/putin-says-russia-has-right-to-defend-its-security.md"


def break_the_seed(project: Path) -> None:
    seed = project / "seeds" / SEED.name
    seed.write_text(
        seed.read_text(encoding="utf-8").replace("December 08, 2021", "February 30, 2021"),
        encoding="utf-8",
    )


def test_a_bad_edit_keeps_the_last_good_page(project: Path) -> None:
    assert run_archive(project, "convert").returncode == 0
    before = (project / PAGE).read_text(encoding="utf-8")
    break_the_seed(project)

    result = run_archive(project, "convert")
    assert result.returncode == 1
    assert f"seeds/{SEED.name}:7: error: 'February 30, 2021' is not a real date" in result.stderr
    assert (
        f"kept {PAGE} (its seed has errors: the page shows the last good version)" in result.stdout
    )
    assert (project / PAGE).read_text(encoding="utf-8") == before


def test_a_bad_edit_during_builds_keeps_the_article_on_the_site(project: Path) -> None:
    assert mkdocs_build(project).returncode == 0
    break_the_seed(project)
    result = mkdocs_build(project, strict=False)
    assert result.returncode == 0, result.stderr
    assert "is not a real date" in result.stderr
    assert "Putin Says Russia" in (project / "site" / ARTICLE_URL / "index.html").read_text(
        encoding="utf-8"
    )
    assert mkdocs_build(project).returncode == 1  # strict still fails until the seed is mended


# -- a site built from hostile seeds -----------------------------------------------------------

import html as html_module  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402

import pytest  # noqa: E402
from bs4 import BeautifulSoup  # noqa: E402

MARKER = "__pwned"
HOSTILE_TITLE = (
    f"<script>window.{MARKER}=1</script> Sanctions <img src=x "
    f'onerror="window.{MARKER}=2"> **bold** {{{{ config }}}}'
)
HOSTILE_SEED = f"""{HOSTILE_TITLE}

By [<b onmouseover="window.{MARKER}=3">Evil</b>](javascript:alert(1)) and [Bob <i>B</i>](#)

December 08, 2021

A caption <iframe src="javascript:window.{MARKER}=4"></iframe> with <!-- a comment --> \
[<script>window.{MARKER}=5</script>](#)

<script>window.{MARKER}=6</script> The lead paragraph mentions Crimea, a [javascript \
link](javascript:window.{MARKER}=7), a [data link](data:text/html,<script>alert(1)</script>) and a \
[real link](https://example.org/real).

---

title: hacked

# Not a heading

1. Not a list

> Not a quote

!!! warning "Not an admonition"

    Not a code block

| not | a table |
|-----|---------|
| x   | y       |

A footnote marker[^1], {{{{ config.site_name }}}} and {{% include "base.html" %}}, *emphasis*, \
_under_, `code`, ~~strike~~ and {{: .injected onclick="window.{MARKER}=8" }}

[^1]: Not a footnote.

Original url:

<https://example.org/hostile?a=1&b=2>
"""
LITERALS = [
    f"<script>window.{MARKER}=6</script> The lead paragraph",
    "---",
    "title: hacked",
    "# Not a heading",
    "1. Not a list",
    "> Not a quote",
    '!!! warning "Not an admonition"',
    "Not a code block",
    "| not | a table |",
    'A footnote marker[^1], {{ config.site_name }} and {% include "base.html" %}, *emphasis*, '
    "_under_, `code`, ~~strike~~",
    "[^1]: Not a footnote.",
]
PATH_TITLES = {
    "010_traversal.txt": "../../etc/passwd",
    "011_con.txt": "CON",
    "012_nul.txt": "%00",
    "013_slashes.txt": "a/b\\c//d",
    "014_long.txt": "Very Long Title " * 40,
    "015_cyrillic.txt": "Путин заявил о праве России на безопасность",
    "016_same_a.txt": "Two Different Articles With One Title",
    "017_same_b.txt": "Two Different Articles With One Title",
}


def seed_with_title(title: str, number: int) -> str:
    return (
        f"{title}\n\nDecember 0{1 + number % 9}, 2021\n\nBody number {number} about "
        f"grain.\n\nOriginal url: https://example.org/{number}\n"
    )


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("hostile") / "project", seeds=False)
    (project / "seeds" / "001_hostile.txt").write_text(HOSTILE_SEED, encoding="utf-8")
    for number, (name, title) in enumerate(PATH_TITLES.items()):
        (project / "seeds" / name).write_text(seed_with_title(title, number), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


def site_pages(project: Path) -> list[Path]:
    return sorted((project / "site").rglob("*.html"))


def hostile_page(project: Path) -> BeautifulSoup:
    (page,) = [
        p
        for p in (project / "site" / "articles").rglob("index.html")
        if "sanctions" in p.parent.name
    ]
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_no_markup_from_a_seed_on_any_page(hostile_site: Path) -> None:
    for path in site_pages(hostile_site):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for script in soup.select("script"):
            if (
                script.get("type") == "application/ld+json"
            ):  # data, never run: the seed's text, escaped
                assert "<" not in script.get_text() and json.loads(script.get_text()), path
                continue
            assert MARKER not in script.get_text(), path
        for element in soup.find_all(True):
            for attribute, value in element.attrs.items():
                assert not attribute.startswith("on"), (path, element)
                text = " ".join(value) if isinstance(value, list) else value
                if attribute in ("href", "src", "action"):
                    assert (
                        not text.strip().lower().startswith(("javascript:", "data:", "vbscript:"))
                    ), (path, element)
        assert not soup.select("iframe, img[src='x'], b[onmouseover]"), path
        assert not soup.select(".injected"), path


def test_search_index_and_sitemap_hold_only_text(hostile_site: Path) -> None:
    # Pagefind's records hold plain text (its characters, for the search dialog to show as text:
    # tests/test_pagefind.py); none of it was markup on the page, so none of it went missing.
    records = [
        r for r in pagefind_records(hostile_site / "site").values() if "sanctions" in r["url"]
    ]
    assert [r["meta"]["title"] for r in records] == [HOSTILE_TITLE]
    assert f"<script>window.{MARKER}=6</script> The lead paragraph" in records[0]["content"]


def test_markup_and_markdown_in_a_seed_show_as_their_characters(hostile_site: Path) -> None:
    soup = hostile_page(hostile_site)
    content = soup.select_one("article.md-content__inner")
    content.select_one(
        "footer.archive-article__footer"
    ).decompose()  # citations: tests/test_citation.py
    assert content.h1.get_text() == HOSTILE_TITLE
    text = content.get_text()
    for literal in LITERALS:
        assert literal in text, literal
    assert (
        content.select_one(".archive-article__byline").get_text()
        == 'By <b onmouseover="window.__pwned=3">Evil</b> and Bob <i>B</i>'
    )
    caption = content.select_one("figure.article-photo figcaption").get_text(" ", strip=True)
    assert caption == (f'A caption <iframe src="javascript:window.{MARKER}=4"></iframe> with '
                       f"<!-- a comment --> Photo: <script>window.{MARKER}=5</script>")  # fmt: skip
    assert not content.select(
        "ol, table, blockquote, pre, code, em, strong, del, .admonition, .footnote, sup"
    )
    # a short line is a subheading; "# Not a heading", "---" and "1. Not a list" are not (the
    # page's own "Related articles" heading, when another article resembles it, aside)
    headings = [
        h.get_text(strip=True).rstrip("¶")
        for h in content.select("h2")
        if not h.find_parent("section", class_="related-articles")
    ]
    assert headings == ["Not a code block"]
    links = {a.get_text(): a["href"] for a in content.select("p a")}
    assert links["real link"] == "https://example.org/real"
    assert "javascript link" not in links and "data link" not in links
    assert links["Crimea"].endswith("/glossary/crimea/")


def test_metadata_cannot_be_changed_from_the_body(hostile_site: Path) -> None:
    soup = hostile_page(hostile_site)
    assert soup.title.get_text() == f"{HOSTILE_TITLE} - Reading Archive"
    assert soup.select_one("meta[name=description]")["content"].startswith(
        f"<script>window.{MARKER}=6</script> The lead"
    )
    assert (
        soup.select_one("a.archive-article__original")["href"]
        == "https://example.org/hostile?a=1&b=2"
    )


def test_path_like_titles_get_safe_unique_slugs_inside_the_site(hostile_site: Path) -> None:
    articles = hostile_site / "site" / "articles"
    slugs = sorted(
        p.parent.name
        for p in articles.rglob("index.html")
        if len(p.relative_to(articles).parts) == 4
    )
    assert len(slugs) == len(PATH_TITLES) + 1
    for slug in slugs:
        assert re.fullmatch(r"[\w-]+", slug) and len(slug) <= 60, slug
    assert "etc-passwd" in slugs and "con-article" in slugs and "00" in slugs and "a-b-c-d" in slugs
    assert "путин-заявил-о-праве-россии-на-безопасность" in slugs
    namesakes = [s for s in slugs if s.startswith("two-different-articles-with-one-title")]
    assert len(namesakes) == 2
    written = {p.resolve() for p in hostile_site.rglob("*")}
    assert all(p.is_relative_to(hostile_site.resolve()) for p in written)
    assert not (hostile_site.parent / "etc").exists()


def test_all_problems_of_many_bad_seeds_are_listed(empty_project: Path) -> None:
    seeds = empty_project / "seeds"
    (seeds / "a_empty.txt").write_bytes(b"")
    (seeds / "b_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    (seeds / "c_latin1.txt").write_bytes(
        "Caf\xe9 news\n\n2021-12-08\n\nBody.\n\nOriginal url: https://e.org/c\n".encode("latin-1")
    )
    (seeds / "d_date.txt").write_text(
        "Title\n\nFebruary 30, 2021\n\nBody.\n\nOriginal url: https://e.org/d\n", encoding="utf-8"
    )
    (seeds / "e_good.txt").write_text(seed_with_title("A Good Article", 1), encoding="utf-8")
    result = run_archive(empty_project, "check")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "seeds/a_empty.txt: error: empty file: a seed needs a title, a date, a body and an "
        "'Original url:'",
        "seeds/b_binary.txt: error: binary file, not text: a seed must be a UTF-8 text file",
        "seeds/c_latin1.txt:1: error: not UTF-8 text (byte 0xe9); re-save the file as UTF-8 (it "
        "may be Windows-1252 or Latin-1)",
        "seeds/d_date.txt:3: error: 'February 30, 2021' is not a real date (day is out of range "
        "for month)",
        "seeds/e_good.txt: warning: no publisher is named for example.org; add 'example.org: "
        "<name>' under the archive plugin's publishers in mkdocs.yml (the host is shown "
        "meanwhile)",
        "4 errors",
    ]
    assert "1 seeds and 34 glossary terms checked" in result.stdout


def test_a_seed_at_the_size_limit_converts(empty_project: Path) -> None:
    from reading_archive.read.seed import MAX_SEED_BYTES

    paragraph = (
        "Grain ships left Odesa for the Bosphorus as insurers weighed the risks of the route. "
    )
    body = "\n\n".join([paragraph * 20] * (MAX_SEED_BYTES // (len(paragraph) * 20 + 2) - 1))
    text = f"A Very Long Article\n\nDecember 08, 2021\n\n{body}\n\nOriginal url: https://example.org/long\n"
    assert len(text.encode()) <= MAX_SEED_BYTES
    (empty_project / "seeds" / "001_long.txt").write_text(text, encoding="utf-8")
    result = run_archive(empty_project, "convert")
    assert result.returncode == 0, result.stderr
    page = (empty_project / "content/articles/2021/12/a-very-long-article.md").read_text(
        encoding="utf-8"
    )
    page = page.split("\n---\n", 1)[1]  # the body, after the front matter
    assert page.count("Grain ships left Odesa") == body.count("Grain ships left Odesa")


def test_an_interrupted_write_leaves_the_old_page_and_no_temporary_file(
    tmp_path: Path, monkeypatch
) -> None:
    import os

    from reading_archive.model import Page
    from reading_archive.render.article import with_checksum
    from reading_archive.write.writer import MANIFEST, write_pages

    old = Page("articles/a.md", with_checksum("title: A\n", "old text\n"), "seeds/a.txt")
    write_pages([old], tmp_path, ["articles"])

    def interrupted(source, target):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    new = Page("articles/a.md", with_checksum("title: A\n", "new text\n"), "seeds/a.txt")
    with pytest.raises(KeyboardInterrupt):
        write_pages([new], tmp_path, ["articles"])
    assert (tmp_path / "articles" / "a.md").read_text(encoding="utf-8") == old.text
    assert [p.name for p in (tmp_path / "articles").iterdir() if p.name != MANIFEST] == ["a.md"]
    assert html_module.escape("<") == "&lt;"


@pytest.mark.browser
def test_no_script_from_a_seed_runs_in_a_browser(hostile_site: Path, browser) -> None:
    from conftest import serve_directory

    site = hostile_site / "site"
    pages = [
        p.relative_to(site).parent.as_posix() + "/"
        for p in site_pages(hostile_site)
        if p.name == "index.html"
    ]
    assert len(pages) > 20
    with serve_directory(site) as url:
        context = browser.new_context()
        tab = context.new_page()
        errors: list[str] = []
        tab.on("console", lambda message: message.type == "error" and errors.append(message.text))
        tab.on("pageerror", lambda error: errors.append(str(error)))
        for page in pages:
            tab.goto(url + page.removeprefix("./"))
            tab.wait_for_load_state("load")
            for link in tab.locator("article a").all()[:3]:
                link.hover()  # an onmouseover payload would run now
            assert tab.evaluate(f"typeof window.{MARKER}") == "undefined", page
        context.close()
    assert errors == []


def test_a_symbolic_link_is_not_read(empty_project: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(seed_with_title("Secret From The Build Machine", 1), encoding="utf-8")
    (empty_project / "seeds" / "001_link.txt").symlink_to(secret)
    (empty_project / "glossary" / "secret.md").symlink_to(REPO_GLOSSARY / "quint.md")
    result = run_archive(empty_project, "convert")
    assert result.returncode == 1
    assert (
        "seeds/001_link.txt: error: is a symbolic link; a seed must be a regular file in the "
        "seeds folder" in result.stderr
    )
    assert (
        "glossary/secret.md: error: is a symbolic link; a glossary entry must be a regular file"
        in result.stderr
    )
    assert [p.name for p in (empty_project / "content" / "articles").rglob("*.md")] == [
        "index.md"
    ]  # no article
