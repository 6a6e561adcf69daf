"""Citations and machine-readable metadata: parsed back from the built site, field by field."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import bibtexparser
import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from pylatexenc.latex2text import LatexNodes2Text, MacroTextSpec, get_default_latex_context_db

from conftest import ARTICLE_URL, copy_project, mkdocs_build
from reading_archive.render import cite

ARTICLE_PAGE = Path(ARTICLE_URL) / "index.html"
SOURCE_PAGE = (
    ".cache/reading-archive/pages/articles/2021/12/"
    "putin-says-russia-has-right-to-defend-its-security.md"
)
SITE_URL = "https://readers.example.org/archive/"
HOSTILE_TITLES = [
    'Unbalanced { brace and } again, \\ backslash, 100% & $5 #1 snake_case ^ ~ "quotes"',
    "</script><script>alert(1)</script><!-- end --- '' `` ?` ,, << >>",
    "Ends with a backslash \\",
    "}{ @comment{ x } @article{evil, title={pwned}}",
    "Ünïcödé — “quotes” … and \u2028 separator",
]

# The rules of the CSL data schema (citation-style-language/schema, csl-data.json) for the
# fields we write: an array of items, each with `id` and `type`, no unknown fields.
_NAME = {
    "type": "object",
    "properties": {
        "literal": {"type": "string"},
        "family": {"type": "string"},
        "given": {"type": "string"},
    },
    "additionalProperties": False,
}
_DATE_PARTS = {
    "type": "array",
    "items": {
        "type": "array",
        "items": {"type": ["string", "number"]},
        "minItems": 1,
        "maxItems": 3,
    },
    "minItems": 1,
    "maxItems": 2,
}
CSL_SCHEMA = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "id": {"type": ["string", "number"]},
            "type": {
                "enum": [
                    "article",
                    "article-journal",
                    "article-magazine",
                    "article-newspaper",
                    "webpage",
                    "post",
                ]
            },
            "title": {"type": "string"},
            "author": {"type": "array", "items": _NAME},
            "container-title": {"type": "string"},
            "publisher": {"type": "string"},
            "issued": {
                "type": "object",
                "properties": {"date-parts": _DATE_PARTS},
                "additionalProperties": False,
            },
            "URL": {"type": "string"},
            "archive": {"type": "string"},
            "archive_location": {"type": "string"},
        },
        "required": ["type", "id"],
        "additionalProperties": False,
    },
}


def latex_to_text(value: str) -> str:
    """What LaTeX prints for a BibTeX field value (pylatexenc, taught three text commands)."""
    db = get_default_latex_context_db()
    db.add_context_category(
        "text-symbols",
        prepend=True,
        macros=[
            MacroTextSpec("textbraceleft", "{"),
            MacroTextSpec("textbraceright", "}"),
            MacroTextSpec("textasciicircum", "^"),
        ],
    )
    return LatexNodes2Text(
        latex_context=db, math_mode="verbatim", strict_latex_spaces=True
    ).latex_to_text(value)


def parse_bibtex(text: str) -> dict[str, str]:
    library = bibtexparser.parse_string(text)
    assert library.failed_blocks == [] and len(library.entries) == 1, text
    entry = library.entries[0]
    return {
        "ENTRYTYPE": entry.entry_type,
        "ID": entry.key,
        **{field.key: field.value for field in entry.fields},
    }


def page_soup(site: Path) -> BeautifulSoup:
    return BeautifulSoup((site / ARTICLE_PAGE).read_text(encoding="utf-8"), "html.parser")


def front_matter(project: Path) -> dict:
    text = (project / SOURCE_PAGE).read_text(encoding="utf-8")
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


def citation_text(soup: BeautifulSoup, format: str) -> str:
    return soup.select_one(f"pre#__cite-{format}").get_text()


def json_ld(soup: BeautifulSoup) -> dict:
    (script,) = soup.select('script[type="application/ld+json"]')
    return json.loads(script.string)


@pytest.fixture(scope="module")
def site_with_url(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's site built with site_url set (through SITE_URL, as the Pages workflow does)."""
    project = copy_project(tmp_path_factory.mktemp("with-url") / "project")
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--strict",
        "-f",
        str(project / "mkdocs.yml"),
    ]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    result = subprocess.run(
        command, cwd=project, capture_output=True, text=True, env=env, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return project / "site"


# -- the project's own article -------------------------------------------------------------------


def test_bibtex_parses_and_has_the_articles_fields(built_site: Path) -> None:
    meta = front_matter(built_site.parent)
    entry = parse_bibtex(citation_text(page_soup(built_site), "bibtex"))
    assert entry["ENTRYTYPE"] == "article"
    assert entry["ID"] == "afp2021putin"
    assert (
        latex_to_text(entry["title"])
        == "Putin Says Russia Has 'Right to Defend its Security' Amid NATO Tensions"
        == meta["title"]
    )
    assert entry["title"].startswith("{") and entry["title"].endswith("}")  # capitals kept
    # AFP is credited, not a person: the corporate author when the byline names nobody
    assert (latex_to_text(entry["author"]), meta["author_names"], meta["credits"]) == (
        "AFP",
        [],
        ["AFP"],
    )
    assert entry["journal"] == meta["publisher"] == "The Moscow Times"
    assert (entry["year"], entry["month"], entry["day"]) == ("2021", "12", "8")
    assert entry["date"] == meta["date"].isoformat()
    assert entry["url"] == meta["original_url"]
    assert "note" not in entry  # without site_url the archive's own address is unknown


def test_csl_json_follows_the_csl_schema_and_has_the_articles_fields(built_site: Path) -> None:
    meta = front_matter(built_site.parent)
    items = json.loads(citation_text(page_soup(built_site), "csl-json"))
    jsonschema.validate(items, CSL_SCHEMA)
    assert items == [
        {
            "id": "afp2021putin",
            "type": "article-newspaper",
            "title": meta["title"],
            "author": [{"literal": "AFP"}],
            "container-title": "The Moscow Times",
            "publisher": "The Moscow Times",
            "issued": {"date-parts": [[2021, 12, 8]]},
            "URL": meta["original_url"],
        }
    ]


def test_plain_text_citation(built_site: Path) -> None:
    url = front_matter(built_site.parent)["original_url"]
    assert citation_text(page_soup(built_site), "plain") == (
        "AFP. (2021, December 8). Putin Says Russia Has 'Right to Defend its Security' Amid "
        f"NATO Tensions. The Moscow Times. {url}"
    )


def test_sources_link_the_original_and_its_wayback_machine_copy(built_site: Path) -> None:
    url = front_matter(built_site.parent)["original_url"]
    footer = page_soup(built_site).select_one("footer.archive-article__footer")
    assert footer.select_one("a.archive-article__source")["href"] == url
    archived = footer.select_one("a.archive-article__archived")
    assert archived.get_text() == "Archived copy"
    assert archived["href"] == f"https://web.archive.org/web/20211208/{url}"


def test_copy_buttons_are_labelled_buttons_for_each_citation(built_site: Path) -> None:
    buttons = page_soup(built_site).select("button.archive-cite__copy")
    assert [b.get_text() for b in buttons] == [
        "Copy the plain-text citation",
        "Copy the BibTeX citation",
        "Copy the CSL-JSON citation",
    ]
    assert [b["data-clipboard-target"] for b in buttons] == [
        "#__cite-plain",
        "#__cite-bibtex",
        "#__cite-csl-json",
    ]
    assert all(b["type"] == "button" for b in buttons)


def test_head_describes_the_article_without_absolute_urls_when_site_url_is_unset(
    built_site: Path,
) -> None:
    meta = front_matter(built_site.parent)
    soup = page_soup(built_site)
    description = meta["description"]
    assert soup.select_one('meta[name="description"]')["content"] == description
    # The curator's summary from the seed's sidecar; the lead where there is none (test_render).
    assert description.startswith("After his video summit with Joe Biden")
    assert soup.select_one('meta[property="og:type"]')["content"] == "article"
    assert soup.select_one('meta[property="og:title"]')["content"] == meta["title"]
    assert soup.select_one('meta[property="og:description"]')["content"] == description
    assert soup.select_one('meta[name="twitter:card"]')["content"] == "summary"
    assert soup.select_one('meta[name="twitter:title"]')["content"] == meta["title"]
    assert soup.select_one('meta[property="article:published_time"]')["content"] == "2021-12-08"
    assert soup.select_one('link[rel="canonical"]') is None
    assert soup.select_one('meta[property="og:url"]') is None
    assert json_ld(soup) == {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": meta["title"],
        "datePublished": "2021-12-08",
        "description": description,
        "author": [{"@type": "Organization", "name": "AFP"}],
        "publisher": {"@type": "Organization", "name": "The Moscow Times"},
        "isBasedOn": meta["original_url"],
    }


def test_every_page_has_opengraph_tags_and_only_articles_have_json_ld(built_site: Path) -> None:
    for path in [
        "index.html",
        "articles/index.html",
        "glossary/index.html",
        "glossary/quint/index.html",
        "publishers/the-moscow-times/index.html",
    ]:
        soup = BeautifulSoup((built_site / path).read_text(encoding="utf-8"), "html.parser")
        assert soup.select_one('meta[property="og:type"]')["content"] == "website", path
        assert soup.select_one('meta[property="og:title"]')["content"], path
        assert soup.select_one('meta[name="twitter:card"]')["content"] == "summary", path
        assert soup.select('script[type="application/ld+json"]') == [], path
    quint = BeautifulSoup(
        (built_site / "glossary/quint/index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert quint.select_one('meta[property="og:title"]')["content"] == "Quint"


def test_with_site_url_pages_get_absolute_urls_and_citations_name_the_archived_copy(
    site_with_url: Path,
) -> None:
    page_url = SITE_URL + ARTICLE_URL
    soup = page_soup(site_with_url)
    assert soup.select_one('link[rel="canonical"]')["href"] == page_url
    assert soup.select_one('meta[property="og:url"]')["content"] == page_url
    data = json_ld(soup)
    assert data["url"] == data["mainEntityOfPage"] == page_url
    assert data["isBasedOn"].startswith("https://www.themoscowtimes.com/2021/12/08/")
    assert citation_text(soup, "plain").endswith(f" Archived copy: {page_url}")
    assert (
        parse_bibtex(citation_text(soup, "bibtex"))["note"] == f"Archived copy: \\url{{{page_url}}}"
    )
    (item,) = json.loads(citation_text(soup, "csl-json"))
    assert (item["archive"], item["archive_location"]) == ("Reading Archive", page_url)
    index = BeautifulSoup((site_with_url / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.select_one('meta[property="og:url"]')["content"] == SITE_URL


# -- hostile metadata ------------------------------------------------------------------------------


def hostile_article(title: str, **changes) -> cite.CitedArticle:
    fields = {
        "title": title,
        "date": dt.date(2022, 2, 24),
        "publisher": "Pub {&} Co_",
        "authors": ("Jane } Doe", "AFP"),
        "original_url": "https://example.org/a b{c}\\d?x=1&y=%20",
        "description": "A lead </script>",
        "page_url": "https://readers.example.org/archive/articles/x/",
        "site_name": "Reading Archive",
    }
    return cite.CitedArticle(**{**fields, **changes})


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_survive_bibtex(title: str) -> None:
    article = hostile_article(title)
    entry = parse_bibtex(cite.bibtex(article))
    assert latex_to_text(entry["title"]) == title
    assert latex_to_text(entry["journal"]) == "Pub {&} Co_"
    assert [latex_to_text(name) for name in entry["author"].split(" and ")] == ["Jane } Doe", "AFP"]
    assert entry["ID"].isascii() and entry["ID"].isalnum()
    assert (
        entry["url"] == "https://example.org/a%20b%7Bc%7D%5Cd?x=1&y=%20"
    )  # verbatim field: encoded, not escaped


@pytest.mark.parametrize("title", HOSTILE_TITLES)
def test_hostile_titles_survive_json_in_a_script_element(title: str) -> None:
    article = hostile_article(title)
    script = cite.json_for_script(cite.news_article_json_ld(article))
    assert not any(c in script for c in "<>&\u2028")
    page = BeautifulSoup(
        f'<script type="application/ld+json">{script}</script><p>after</p>', "html.parser"
    )
    assert json.loads(page.script.string)["headline"] == title
    assert page.p.get_text() == "after"
    items = [cite.csl_json(article)]
    jsonschema.validate(items, CSL_SCHEMA)
    assert items[0]["title"] == title


def test_plain_citation_forms() -> None:
    base = hostile_article(
        "Is it war?",
        authors=("A. Smith", "B. Jones", "C. Brown"),
        page_url=None,
        original_url="https://e.org/x",
    )
    assert (
        cite.plain_citation(base)
        == "A. Smith, B. Jones, & C. Brown. (2022, February 24). Is it war? Pub {&} Co_. https://e.org/x"
    )
    anonymous = hostile_article(
        "Talks end", authors=(), page_url=None, original_url="https://e.org/x"
    )
    assert (
        cite.plain_citation(anonymous)
        == "Talks end. (2022, February 24). Pub {&} Co_. https://e.org/x"
    )
    assert cite.bibtex(anonymous).startswith("@article{pub2022talks,\n  title = ")
    by_the_publisher = hostile_article(
        "Talks end",
        authors=("Reuters",),
        publisher="Reuters",
        page_url=None,
        original_url="https://e.org/x",
    )
    assert (
        cite.plain_citation(by_the_publisher)
        == "Reuters. (2022, February 24). Talks end. https://e.org/x"
    )


def test_a_hostile_seed_title_is_cited_and_described_exactly(empty_project: Path) -> None:
    title = '</script><script>window.__pwned=1</script> {Unbalanced \\ & 100% "quoted" <b>bold</b>'
    seed = (
        f"{title}\n\nBy [Jane Doe](#)\n\nDecember 08, 2021\n\nA lead with <i>tags</i> & "
        "more.\n\nOriginal url: https://example.com/x?a=1&b=2\n"
    )
    (empty_project / "seeds" / "001_hostile.txt").write_text(seed, encoding="utf-8")
    result = mkdocs_build(empty_project)
    assert result.returncode == 0, result.stderr
    (page,) = (empty_project / "site" / "articles" / "2021" / "12").glob("*/index.html")
    html = page.read_text(encoding="utf-8")
    assert "<script>window" not in html and "<b>bold" not in html
    soup = BeautifulSoup(html, "html.parser")
    data = json_ld(soup)
    assert data["headline"] == title
    assert data["author"] == [{"@type": "Person", "name": "Jane Doe"}]
    assert data["description"] == "A lead with <i>tags</i> & more."
    assert soup.select_one('meta[property="og:title"]')["content"] == title
    assert (
        soup.select_one('meta[name="twitter:description"]')["content"]
        == "A lead with <i>tags</i> & more."
    )
    assert latex_to_text(parse_bibtex(citation_text(soup, "bibtex"))["title"]) == title
    assert json.loads(citation_text(soup, "csl-json"))[0]["title"] == title
    assert citation_text(soup, "plain").startswith(f"Jane Doe. (2021, December 8). {title}. ")
    archived = soup.select_one("a.archive-article__archived")["href"]
    assert archived == "https://web.archive.org/web/20211208/https://example.com/x?a=1&b=2"


def test_a_hand_written_article_page_without_the_converters_fields_is_reported(
    empty_project: Path,
) -> None:
    page = empty_project / "content" / "notes" / "draft.md"
    page.parent.mkdir()
    page.write_text(
        "---\ntemplate: article.html\ntitle: A draft\ndate: 2021-12-08\npublisher: "
        "Me\nreading_time: 1\n---\n\nText.\n",
        encoding="utf-8",
    )
    result = mkdocs_build(empty_project, strict=False)
    assert result.returncode == 0, result.stderr
    assert (
        "content/notes/draft.md: warning: the front matter of this article page has no "
        "date_iso, date_display, citation, archived_copy, json_ld" in result.stderr
    )
    assert "A draft" in (empty_project / "site" / "notes" / "draft" / "index.html").read_text(
        encoding="utf-8"
    )
    assert mkdocs_build(empty_project).returncode == 1
