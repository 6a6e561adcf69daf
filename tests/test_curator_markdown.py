"""Curator Markdown (glossary explanations, annotation notes) and curator text (summaries, term
names) reach the site as what they mean to show, never as markup: issue 14, point 1."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ARTICLE_URL, REPO, SEED, copy_project, mkdocs_build
from reading_archive.render.curator_markdown import note_html, page_markdown, safe_url

MARKER = "__pwned"
HOSTILE_NAME = (
    f'<script>window.{MARKER}=1</script> Evil <img src=x onerror="window.{MARKER}=2"> **Term**'
)
HOSTILE_SUMMARY = (
    f'<img src=x onerror="window.{MARKER}=3"> "quoted" & <b>bold</b> {{: '
    f'onclick="window.{MARKER}=4" }}'
)
SCRIPT = f"<script>window.{MARKER}=5</script>"
EMBEDS = (
    f'<img src=x onerror="window.{MARKER}=6"> and <iframe src="https://tracker.example/"></iframe> '
    'and <object data="x"></object>'
)
# Each with the text it leaves on the page, where it is not simply written as it is.
HOSTILE_EXPLANATION = f"""{SCRIPT}

{EMBEDS}

[j](javascript:window.{MARKER}=7) [k](JaVaScRiPt:window.{MARKER}=8) \
[l](&#106;avascript:window.{MARKER}=9)
[m](java&Tab;script:window.{MARKER}=10) [n](data:text/html;base64,PHNjcmlwdD4=) [o](vbscript:msgbox)
[p](//evil.example/x) [q](https://example.org/ok) [r](mailto:curator@example.org) [s](crimea.md)
[t](<java script:x>) [u](&amp;#106;avascript:x) <javascript:alert(1)>

![tracking pixel](https://tracker.example/p.gif) ![other][pixel]

[pixel]: https://tracker.example/q.gif

Braces {{: onclick="window.{MARKER}=11" }} and {{: .injected }}

<div markdown="1" onclick="window.{MARKER}=12">md in html</div>

## A heading {{: onclick="window.{MARKER}=13" }}

A paragraph that names Crimea.
"""
TEXTS_SHOWN = [
    SCRIPT,
    EMBEDS,
    f'Braces {{: onclick="window.{MARKER}=11" }} and {{: .injected }}',
    f'<div markdown="1" onclick="window.{MARKER}=12">md in html</div>',
    "tracking pixel other",
    "<javascript:alert(1)>",
]
HOSTILE_NOTE = (
    f"{SCRIPT} [x](javascript:window.{MARKER}=14) "
    '![pixel](https://tracker.example/n.gif) {: onclick="x" }'
)
HOSTILE_SIDECAR_SUMMARY = (
    f'{SCRIPT} <img src=x onerror="window.{MARKER}=15"> **not bold** {{{{ config }}}}'
)
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def hostile_term_file() -> str:
    meta = {
        "term": HOSTILE_NAME,
        "type": "concept",
        "aliases": ["secure video link"],
        "summary": HOSTILE_SUMMARY,
    }
    return (
        "---\n"
        + yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)
        + "---\n\n"
        + HOSTILE_EXPLANATION
    )


@pytest.fixture(scope="module")
def curated_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with a hostile glossary entry, a hostile annotation note and sidecar summary."""
    project = copy_project(tmp_path_factory.mktemp("curated") / "project")
    (project / "glossary" / "evil.md").write_text(hostile_term_file(), encoding="utf-8")
    sidecar = project / "seeds" / SEED.with_suffix(".yml").name
    data = yaml.safe_load(sidecar.read_text(encoding="utf-8"))
    data["summary"] = HOSTILE_SIDECAR_SUMMARY
    data["annotations"][0]["body"] = HOSTILE_NOTE
    sidecar.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


def soup_of(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def url_scheme(url: str) -> str:
    """What a browser takes as the URL's scheme (it drops tabs, line ends and outer spaces)."""
    return (
        re.sub(r"[\t\n\r]", "", url)
        .strip(
            "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12\x13\x14"
            "\x15\x16\x17\x18\x19\x1a\x1b\x1c\x1d\x1e\x1f "
        )
        .lower()
    )


def tooltip_of(title: str) -> str:
    """What Material's tooltip of an element with this title shows: it inserts the title as HTML
    (content.tooltips); a title that holds an element fails."""
    shown = BeautifulSoup(title, "html.parser")
    assert not shown.find_all(True), title
    return shown.get_text()


def assert_no_markup_from_curators(page: BeautifulSoup, where: object) -> None:
    for script in page.select("script"):
        if script.get("type") == "application/ld+json":  # data, never run: the text, escaped
            assert "<" not in script.get_text() and json.loads(script.get_text()), where
            continue
        assert MARKER not in script.get_text(), where
    for element in page.find_all(True):
        for attribute, value in element.attrs.items():
            assert not attribute.startswith("on"), (where, element)
            if attribute in ("href", "src", "action", "data", "formaction", "srcset"):
                text = " ".join(value) if isinstance(value, list) else value
                assert not url_scheme(text).startswith(BAD_SCHEMES), (where, element)
    assert not page.select("iframe, object, embed, img[src='x'], .injected, [markdown]"), where
    for element in page.select("[title]"):
        tooltip_of(element["title"])
    assert not [img for img in page.select("img") if "tracker.example" in img.get("src", "")], where


def test_no_markup_from_a_curator_on_any_page(curated_site: Path) -> None:
    pages = sorted(curated_site.rglob("*.html"))
    assert len(pages) > 20
    for path in pages:
        assert_no_markup_from_curators(soup_of(path), path)


def test_a_hostile_glossary_explanation_shows_as_text_on_the_term_page(curated_site: Path) -> None:
    page = soup_of(curated_site / "glossary" / "evil" / "index.html")
    explanation = page.select_one("div.glossary-term__explanation")
    assert not explanation.select("script, img, iframe, object, embed, style, div")
    text = explanation.get_text()
    for shown in TEXTS_SHOWN:
        assert shown in text, shown
    links = {a.get_text(): a["href"] for a in explanation.select("a:not(.headerlink)")}
    # refused: any scheme but http(s) and mailto, however written, and protocol-relative "//host"
    assert links == {
        "q": "https://example.org/ok",
        "r": "mailto:curator@example.org",
        "s": "../crimea/",  # relative: MkDocs resolves it to the page's URL
        "Crimea": "../crimea/",  # a mention of another term, linked with its summary as tooltip
    }
    assert all(letter in text for letter in "jklmnoptu")  # the refused links' text stays
    crimea = yaml.safe_load(
        (REPO / "glossary" / "crimea.md").read_text(encoding="utf-8").split("---")[1]
    )
    mention = explanation.select_one("a[title]:-soup-contains('Crimea')")
    assert tooltip_of(mention["title"]) == crimea["summary"]
    heading = explanation.select_one("h2")  # headings are kept, under the page's title
    assert heading.get_text().removesuffix("¶") == f'A heading {{: onclick="window.{MARKER}=13" }}'
    assert heading["id"] and not set(heading.attrs) - {"id"}


def test_term_name_and_summary_show_as_text_on_term_page_index_and_article(
    curated_site: Path,
) -> None:
    page = soup_of(curated_site / "glossary" / "evil" / "index.html")
    assert page.select_one("article h1").get_text().removesuffix("¶") == HOSTILE_NAME
    assert page.title.get_text() == f"{HOSTILE_NAME} - Reading Archive"
    assert HOSTILE_SUMMARY in page.select_one("article").get_text()
    index = soup_of(curated_site / "glossary" / "index.html")
    (entry,) = [a for a in index.select("article a[title]") if a["href"].startswith("evil/")]
    assert (entry.get_text(), tooltip_of(entry["title"])) == (HOSTILE_NAME, HOSTILE_SUMMARY)
    article = soup_of(curated_site / ARTICLE_URL / "index.html")
    links = list(article.select("article a[href$='/glossary/evil/']"))
    assert links and all(tooltip_of(a["title"]) == HOSTILE_SUMMARY for a in links)
    assert HOSTILE_NAME in [a.get_text() for a in links]  # "In this article: …"
    assert "secure video link" in [a.get_text() for a in links]  # the mention in the text


def test_a_hostile_note_and_sidecar_summary_show_as_text_on_the_article(curated_site: Path) -> None:
    article = soup_of(curated_site / ARTICLE_URL / "index.html")
    summary = article.select_one(".archive-article__summary").get_text()
    assert summary == f"Summary: {HOSTILE_SIDECAR_SUMMARY}"
    note = article.select_one(".annotation-note__body")
    assert note.get_text() == f'{SCRIPT} x pixel {{: onclick="x" }}'
    assert not note.select("a, img")
    assert tooltip_of(article.select_one("a.annotation")["title"]) == note.get_text()


# -- the sanitiser on its own ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("target", "kept"),
    [
        ("https://example.org/a?b=1&c=2#d", "https://example.org/a?b=1&c=2#d"),
        ("HTTP://example.org/", "HTTP://example.org/"),
        ("mailto:a@example.org", "mailto:a@example.org"),
        ("crimea.md#history", "crimea.md#history"),
        ("../articles/", "../articles/"),
        ("#top", "#top"),
        ("/absolute/path", "/absolute/path"),
        ("https://example.org/?a=1&amp;b=2", "https://example.org/?a=1&b=2"),
        ("javascript:alert(1)", None),
        ("JaVaScRiPt:alert(1)", None),
        (" \x01javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("java\x00script:alert(1)", None),
        ("&#106;avascript:alert(1)", None),
        ("&#x6A;avascript:alert(1)", None),
        ("&amp;#106;avascript:alert(1)", None),
        ("javascript&colon;alert(1)", None),
        ("java&Tab;script:alert(1)", None),
        ("data:text/html;base64,PHNjcmlwdD4=", None),
        ("vbscript:msgbox(1)", None),
        ("file:///etc/passwd", None),
        ("ftp://example.org/", None),
        ("//evil.example/", None),
        ("/\\evil.example/", None),
        ("\\\\evil.example/", None),
        (" //evil.example/", None),
        ("java script:alert(1)", None),
        ("java\x00script:alert(1)", None),
        ("a/b:c", "a/b:c"),
        (
            "&amp;amp;amp;amp;#106;avascript:alert(1)",
            None,
        ),  # more references in references than any link needs
    ],
)
def test_link_targets_only_http_mailto_or_relative(target: str, kept: str | None) -> None:
    assert safe_url(target) == kept


def test_notes_drop_headings_and_explanations_keep_them_under_the_page_title() -> None:
    assert note_html("# Title\n\n### Sub") == "<p>Title</p>&#10;<p>Sub</p>"
    assert page_markdown("# Title\n\n### Sub", "x") == (
        '<div class="x" markdown="1">\n<h2 markdown="1">Title</h2>\n<h4 '
        'markdown="1">Sub</h4>\n</div>\n'
    )
    assert '<h2 markdown="1">Sub</h2>' in page_markdown("### Sub", "x")


@pytest.mark.browser
def test_no_curator_script_runs_in_a_browser(curated_site: Path, browser) -> None:
    from conftest import recording_tab, serve_directory

    with serve_directory(curated_site) as url, recording_tab(browser) as tab:
        for page in ("glossary/evil/", "glossary/", ARTICLE_URL):
            tab.goto(url + page)
            tab.wait_for_load_state("load")
            for link in tab.locator("article a").all()[:40]:
                link.hover()  # an onmouseover payload would run now
            tab.wait_for_timeout(300)  # and an onerror one by now
            assert tab.evaluate(f"typeof window.{MARKER}") == "undefined", page
        tab.goto(url + "glossary/")
        tab.locator("article a[href$='/glossary/evil/']").first.hover()  # its summary in a tooltip
        tooltip = tab.locator(".md-tooltip2__inner").filter(has_text="quoted")
        assert tooltip.inner_text() == HOSTILE_SUMMARY
        assert tab.hosts <= {"127.0.0.1", "localhost"}  # no image from the tracker: alt text only
        assert tab.errors == []
