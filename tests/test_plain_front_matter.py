"""Front matter is plain text, escaped where it becomes HTML; article pages carry in their front
matter all their template shows (dates, citations, JSON-LD), so that any builder renders them."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import REPO, _env, mkdocs_build, run_archive

TITLE = (
    "Peskov: \"Red Lines\" … Kremlin #2 & NATO's 'Reply' <b>bold</b> "
    "</title><script>window.__pwned=1</script> {{ page }}"
)
BYLINE = 'O\'Brien & "Sons" <i>x</i>'
LEAD = 'A lead with & and "quotes", #hash, <em>tags</em> and </script> in it.'
SEED = f"{TITLE}\n\nBy {BYLINE}\n\nDecember 09, 2021\n\n{LEAD}\n\nOriginal url: https://example.org/q?a=1&b=2\n"
SLUG = "peskov-red-lines-kremlin-2-natos-reply-b-bold-b"
SITE_URL = "https://readers.example.org/archive/"


def page_meta(text: str) -> dict:
    return yaml.safe_load(text.split("\n---\n", 1)[0].removeprefix("---\n"))


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("plain") / "project")
    (project / "seeds" / "001_quotes.txt").write_text(SEED, encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def converted(project: Path) -> Path:
    result = run_archive(project, "convert")
    assert result.returncode == 0, result.stderr
    (page,) = (project / "content" / "articles" / "2021" / "12").glob("peskov-*.md")
    return page


@pytest.fixture(scope="module")
def built(project: Path, converted: Path) -> BeautifulSoup:
    result = mkdocs_build(project, site_url=SITE_URL)
    assert result.returncode == 0, result.stderr
    (page,) = (project / "site" / "articles" / "2021" / "12").glob("peskov-*/index.html")
    return BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")


def test_front_matter_holds_plain_text(converted: Path) -> None:
    text = converted.read_text(encoding="utf-8")
    meta = page_meta(text)
    assert meta["title"] == TITLE
    assert meta["byline"] == BYLINE
    assert meta["description"] == LEAD
    assert (meta["date_iso"], meta["date_display"]) == ("2021-12-09", "December 9, 2021")
    front = text.split("\n---\n", 1)[0]
    assert not re.search(r"&#?\w+;", front.replace("&b=2", "")), (
        "no character reference in front matter"
    )
    # What the template shows beyond the article's data, ready to show.
    assert meta["citation"]["plain"].startswith(
        f'O\'Brien & "Sons" <i>x</i>. (2021, December 9). {TITLE}. '
    )
    assert meta["citation"]["bibtex"].startswith("@article{")
    assert json.loads(meta["citation"]["csl_json"])[0]["title"] == TITLE
    assert json.loads(meta["json_ld"])["headline"] == TITLE
    assert (
        "<" not in meta["json_ld"] and "&" not in meta["json_ld"]
    )  # safe inside <script> as it is
    assert (
        meta["archived_copy"]
        == "https://web.archive.org/web/20211209/https://example.org/q?a=1&b=2"
    )


def test_the_built_page_shows_the_plain_text_as_text(built: BeautifulSoup) -> None:
    assert built.title.get_text() == f"{TITLE} - Reading Archive"
    assert built.select_one("h1#__title").get_text() == TITLE
    assert built.select_one("[data-md-component=header-topic]").get_text(strip=True) == TITLE
    assert built.select_one(".archive-article__byline").get_text() == f"By {BYLINE}"
    assert built.select_one("meta[name=description]")["content"] == LEAD
    for selector in ('meta[property="og:title"]', 'meta[name="twitter:title"]'):
        assert built.select_one(selector)["content"] == TITLE, selector
    assert built.select_one('meta[property="og:description"]')["content"] == LEAD
    (script,) = built.select('script[type="application/ld+json"]')
    assert json.loads(script.string)["headline"] == TITLE
    assert json.loads(script.string)["url"] == SITE_URL + f"articles/2021/12/{SLUG}/"
    assert (
        built.select_one("pre#__cite-plain")
        .get_text()
        .startswith(f'O\'Brien & "Sons" <i>x</i>. (2021, December 9). {TITLE}. ')
    )
    assert (
        json.loads(built.select_one("pre#__cite-csl-json").get_text())[0]["archive_location"]
        == SITE_URL + f"articles/2021/12/{SLUG}/"
    )
    # None of it is markup: no element, script or character reference came from the seed.
    assert not built.select("b, i, em")
    assert not [
        s
        for s in built.select("script")
        if "__pwned" in (s.string or "") and s.get("type") != "application/ld+json"
    ]
    assert "&amp;#" not in str(built)


def test_a_hand_edited_page_without_the_new_fields_builds_with_a_warning(tmp_path: Path) -> None:
    from conftest import copy_project

    project = copy_project(tmp_path / "project")
    assert run_archive(project, "convert").returncode == 0
    page = (
        project
        / "content"
        / "articles"
        / "2021"
        / "12"
        / "putin-says-russia-has-right-to-defend-its-security.md"
    )
    text = page.read_text(encoding="utf-8")
    meta = page_meta(text)
    for key in ("date_iso", "date_display", "citation", "archived_copy", "json_ld"):
        del meta[key]
    page.write_text(
        "---\n"
        + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        + "---\n"
        + text.split("\n---\n", 1)[1],
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")],
        cwd=project, capture_output=True, text=True, env={**_env(), "ARCHIVE_PLUGIN": "false"},
        timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    relative = page.relative_to(project).as_posix()
    assert (
        f"{relative}: warning: the front matter of this article page has no date_iso, "
        "date_display, citation, archived_copy, json_ld" in result.stderr
    )
    soup = BeautifulSoup(
        (
            project / "site" / page.relative_to(project / "content").with_suffix("") / "index.html"
        ).read_text(encoding="utf-8"),
        "html.parser",
    )
    assert soup.select_one("h1#__title").get_text() == meta["title"]
    assert soup.select_one("footer.archive-article__footer") is None  # no citations to show
    assert [a.get_text() for a in soup.select("nav.md-nav--secondary a")][-1] != "Cite this article"


# Python method calls on a value (`x.get(…)`, `d.strftime(…)`, `o.isoformat()`): MiniJinja
# (Zensical) has none. `lang.t(…)` calls a macro of the imported partials/language.html.
_JINJA_TAG = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
_METHOD_CALL = re.compile(r"\b(\w+)\.(\w+)\s*\(")
_MACROS = {("lang", "t")}


def test_templates_call_no_method_on_a_value() -> None:
    found = []
    for path in sorted((REPO / "overrides").rglob("*")):
        if path.suffix not in (".html", ".xml"):
            continue
        for tag in _JINJA_TAG.findall(path.read_text(encoding="utf-8")):
            found += [
                (path.name, m[0]) for m in _METHOD_CALL.finditer(tag) if (m[1], m[2]) not in _MACROS
            ]
    assert found == []
    assert _METHOD_CALL.search('{{ config.plugins.get("archive") }}')  # the check finds one


def test_partials_import_what_they_use() -> None:
    # An included partial does not see the includer's imports under MiniJinja.
    for path in sorted((REPO / "overrides" / "partials").glob("*.html")):
        text = path.read_text(encoding="utf-8")
        if "lang.t(" in text:
            assert '{% import "partials/language.html" as lang with context' in text, path.name


@pytest.mark.skipif(
    shutil.which("zensical", path=str(Path(sys.executable).parent)) is None,
    reason="Zensical is not installed",
)
def test_zensical_renders_a_converted_article_page(
    project: Path, converted: Path, tmp_path: Path
) -> None:
    # The same pages and templates, built by Zensical (no archive plugin: it ignores it).
    copy = tmp_path / "project"
    shutil.copytree(project, copy, ignore=shutil.ignore_patterns("site", ".cache"))
    result = subprocess.run(
        [str(Path(sys.executable).parent / "zensical"), "build", "-f", str(copy / "mkdocs.yml")],
        cwd=copy, capture_output=True, text=True, env=_env(), timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    soup = BeautifulSoup(
        (copy / "site" / "articles" / "2021" / "12" / SLUG / "index.html").read_text(
            encoding="utf-8"
        ),
        "html.parser",
    )
    assert soup.title.get_text() == f"{TITLE} - Reading Archive"
    assert soup.select_one("h1#__title").get_text() == TITLE
    assert soup.select_one(".archive-article__publisher").get_text() == "example.org"
    assert soup.select_one(".archive-article__byline").get_text() == f"By {BYLINE}"
    time = soup.select_one(".archive-article__meta time")
    assert (time["datetime"], time.get_text()) == ("2021-12-09", "December 9, 2021")
    assert [h.get_text() for h in soup.select("footer.archive-article__footer h2")] == [
        "Sources",
        "Cite this article",
    ]
    assert (
        soup.select_one("pre#__cite-plain")
        .get_text()
        .startswith(f'O\'Brien & "Sons" <i>x</i>. (2021, December 9). {TITLE}. ')
    )
    (script,) = soup.select('script[type="application/ld+json"]')
    assert json.loads(script.string)["headline"] == TITLE
    assert soup.select_one("meta[name=description]")["content"] == LEAD
    assert not soup.select("b, i, em")
