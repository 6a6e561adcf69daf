"""Sidecar files: corrections, tags, summary, extra terms and annotations reaching the site;
annotations kept when the seed's text changes; broken sidecars reported by file and line."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator

from conftest import ARTICLE_URL, REPO, SEED, _env, copy_project, mkdocs_build, run_archive
from reading_archive import settings
from reading_archive.build import pipeline
from reading_archive.build.cache import Cache
from reading_archive.enrich.sidecar import SidecarError, parse_sidecar
from reading_archive.render.curator_markdown import note_html
from reading_archive_dev.browser import fetch_text, mkdocs_serve, stop_serving, wait_for
from test_serve import free_port

SCHEMA = REPO / "tools" / "reading_archive" / "schemas" / "sidecar.schema.json"
NAME = "100_sidecar"
QUOTE = "Moscow has deployed up to 100,000 troops"
SIDECAR = f"""\
title: "Putin: Russia Has the Right to Defend Itself"
date: 2021-12-09
authors: [Jane Doe, John Roe]
publisher: Agence France-Presse
tags: [NATO, Russia–Ukraine crisis]
summary: Putin claims a right to "defend" Russia's security <b>as</b> troops mass near Ukraine.
terms: [minsk-agreements]
annotations:
  - quote: {QUOTE}
    prefix: "border, where "
    body: |
      US estimates rose to **190,000** by February 2022.
    author: A. Curator
    date: 2024-05-01
  - quote: “strategic and massive consequences”
    body: The quote marks differ from the seed's; the words are the same.
  - quote: this passage is nowhere in the article
    body: Kept, though its passage is gone.
"""
ORPHAN_LINE = 17  # of the third annotation in SIDECAR


def write_article(
    project: Path, sidecar: str | None, seed_text: str | None = None, name: str = NAME
) -> None:
    (project / "seeds" / f"{name}.txt").write_text(
        seed_text or SEED.read_text(encoding="utf-8"), encoding="utf-8"
    )
    if sidecar is not None:
        (project / "seeds" / f"{name}.yml").write_text(sidecar, encoding="utf-8")


def convert(project: Path, cache: Cache | None = None) -> pipeline.Conversion:
    return pipeline.convert(settings.load_settings(project / "mkdocs.yml"), cache)


def page_of(conversion: pipeline.Conversion, name: str = NAME) -> str:
    return next(page.text for page in conversion.pages if page.seed == f"seeds/{name}.txt")


def front_matter(page: str) -> dict:
    return yaml.safe_load(page.split("---\n")[1])


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


@pytest.fixture(scope="module")
def annotated_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A real `mkdocs build --strict` of an article with a full sidecar (and site_url set)."""
    project = copy_project(tmp_path_factory.mktemp("sidecar") / "project", seeds=False)
    write_article(project, SIDECAR)
    result = mkdocs_build(project, site_url="https://archive.example.org/reading/")
    assert result.returncode == 0, result.stderr
    return project, result.stderr


def article_page(site: Path) -> BeautifulSoup:
    (page,) = (site / "articles").glob("2021/12/*/index.html")
    return soup(page)


# --- what the sidecar changes --------------------------------------------------------------


def test_sidecar_corrections_reach_the_page(annotated_site: tuple[Path, str]) -> None:
    project, _ = annotated_site
    page = article_page(project / "site")
    header = page.select_one("article header.archive-article__header")
    assert header.h1.get_text() == "Putin: Russia Has the Right to Defend Itself"
    assert header.select_one("time")["datetime"] == "2021-12-09"
    assert header.select_one(".archive-article__byline").get_text() == "By Jane Doe and John Roe"
    assert header.select_one(".archive-article__publisher").get_text() == "Agence France-Presse"
    summary = header.select_one(".archive-article__summary")
    assert (
        summary.get_text()
        == 'Summary: Putin claims a right to "defend" Russia\'s security <b>as</b> troops '
        "mass near Ukraine."
    )
    assert summary.select("b") == []  # curator text is text, too
    assert page.select_one('meta[name="description"]')["content"].startswith(
        'Putin claims a right to "defend"'
    )
    # The listing of the publisher named by the sidecar shows the corrected title.
    listing = soup(project / "site" / "publishers" / "agence-france-presse" / "index.html")
    assert [a.get_text() for a in listing.select("article li a")] == [
        "Putin: Russia Has the Right to Defend Itself"
    ]


def test_tags_summary_terms_and_both_files_in_the_front_matter(empty_project: Path) -> None:
    write_article(empty_project, SIDECAR)
    page = page_of(convert(empty_project))
    meta = front_matter(page)
    assert meta["tags"] == ["NATO", "Russia–Ukraine crisis"]
    assert meta["seed"] == f"seeds/{NAME}.txt" and meta["sidecar"] == f"seeds/{NAME}.yml"
    assert page.startswith(
        "---\n# Generated by reading-archive from the seed and the sidecar named below."
    )
    assert (
        meta["terms"][-1] == "minsk-agreements"
    )  # named by the sidecar only: listed after the mentions
    assert (
        "[Minsk agreements](../../../glossary/minsk-agreements.md"
        in page.split("In this article:")[1]
    )


def test_extra_term_lists_the_article_on_the_term_page(annotated_site: tuple[Path, str]) -> None:
    project, _ = annotated_site
    term = soup(project / "site" / "glossary" / "minsk-agreements" / "index.html")
    assert "Putin: Russia Has the Right to Defend Itself" in [
        a.get_text() for a in term.select("article li a")
    ]


def test_without_a_sidecar_nothing_changes(empty_project: Path) -> None:
    write_article(empty_project, None)
    meta = front_matter(page_of(convert(empty_project)))
    assert "sidecar" not in meta and "tags" not in meta and "summary" not in meta
    assert meta["title"].startswith("Putin Says Russia Has")


# --- annotations on the page ---------------------------------------------------------------


def test_annotation_highlights_its_passage_and_is_listed(annotated_site: tuple[Path, str]) -> None:
    project, _ = annotated_site
    page = article_page(project / "site")
    link = page.select_one("a.annotation#annotation-1")
    assert link.mark.get_text() == QUOTE
    assert link["href"] == "#annotation-1-note"
    assert link["title"] == "US estimates rose to 190,000 by February 2022."
    paragraph = link.find_parent("p").get_text()
    assert f"border, where {QUOTE}, sparking fears" in paragraph  # the right passage, text intact

    second = page.select_one("a.annotation#annotation-2")
    assert (
        second.mark.get_text() == '"strategic and massive consequences"'
    )  # the seed's straight quotes

    assert page.select_one("h2#annotations").get_text().startswith("Annotations")
    notes = page.select("ol.annotations > li")
    assert [note["id"] for note in notes] == [
        "annotation-1-note",
        "annotation-2-note",
    ]  # in the text's order
    first = notes[0]
    assert first.select_one(".annotation-note__passage a")["href"] == "#annotation-1"
    assert first.select_one(".annotation-note__body strong").get_text() == "190,000"
    assert first.select_one(".annotation-note__by").get_text() == "— A. Curator, May 1, 2024"


def test_orphaned_annotation_is_listed_as_unanchored_and_reported(
    annotated_site: tuple[Path, str],
) -> None:
    project, stderr = annotated_site
    page = article_page(project / "site")
    (unanchored,) = page.select("ul.annotations--unanchored > li")
    assert unanchored["id"] == "annotation-3-note"
    assert "this passage is nowhere in the article" in unanchored.get_text()
    assert "(unanchored)" in unanchored.get_text()
    assert "Kept, though its passage is gone." in unanchored.get_text()
    assert page.select("#annotation-3") == []  # nothing highlighted
    assert f"seeds/{NAME}.yml:{ORPHAN_LINE}: warning: orphaned annotation" in stderr

    check = run_archive(project, "check")
    assert check.returncode == 0, check.stderr  # a warning, not an error
    assert (
        f"seeds/{NAME}.yml:{ORPHAN_LINE}: warning: orphaned annotation: its quote 'this passage "
        "is nowhere" in check.stderr
    )


def test_tolerant_reanchoring_after_the_seed_text_changes(empty_project: Path) -> None:
    write_article(empty_project, SIDECAR)
    before = convert(empty_project)
    seed = empty_project / "seeds" / f"{NAME}.txt"
    text = seed.read_text(encoding="utf-8")
    edited = text.replace(
        "where Moscow has deployed up to 100,000 troops",
        "where  Moscow had deployed up to 175,000 troops",
    )
    assert edited != text
    seed.write_text(edited, encoding="utf-8")

    after = convert(empty_project, before.cache)
    assert after.pages == convert(empty_project).pages  # the cache changes nothing
    (article,) = after.annotated  # the whole article, as its sidecar annotates it
    anchor = article.annotations[0].anchor
    assert anchor is not None and not anchor.exact
    assert anchor.quote.exact == "Moscow had deployed up to 175,000 troops"
    page = page_of(after)
    assert "<mark>Moscow had deployed up to 175,000 troops</mark></a>, sparking fears" in page
    warnings = [str(p) for p in after.problems if p.path.endswith(".yml")]
    assert any(
        w.startswith(
            f"seeds/{NAME}.yml:9: warning: annotation's quote no longer matches the text exactly"
        )
        for w in warnings
    ), warnings

    # Rewritten beyond small edits, the passage is lost: the annotation is kept, unanchored.
    seed.write_text(
        text.replace("where Moscow has deployed up to 100,000 troops", "where an army gathered"),
        encoding="utf-8",
    )
    lost = convert(empty_project, after.cache)
    assert lost.annotated[0].annotations[0].anchor is None
    assert (
        "Moscow has deployed up to 100,000 troops” <span "
        'class="annotation-note__status">(unanchored)' in page_of(lost)
    )
    assert any(
        str(p).startswith(f"seeds/{NAME}.yml:9: warning: orphaned annotation")
        for p in lost.problems
    )


def test_repeated_passage_is_told_apart_by_its_prefix(empty_project: Path) -> None:
    sidecar = """annotations:
  - quote: Russia
    prefix: "is a \\"very sensitive\\" issue for "
    body: The second sentence of the kind.
"""
    write_article(empty_project, sidecar)
    (article,) = convert(empty_project).annotated
    anchor = article.annotations[0].anchor
    assert anchor.quote.prefix.endswith('is a "very sensitive" issue for ')
    assert (
        article.blocks[anchor.block]
        .items[anchor.item][0]
        .text.startswith("The Russian leader stressed")
    )


def test_editing_only_the_sidecar_changes_the_page_through_the_cache(empty_project: Path) -> None:
    write_article(empty_project, SIDECAR)
    before = convert(empty_project)
    sidecar = empty_project / "seeds" / f"{NAME}.yml"
    sidecar.write_text(SIDECAR.replace("tags: [NATO, ", "tags: [Diplomacy, "), encoding="utf-8")
    after = convert(empty_project, before.cache)
    assert front_matter(page_of(after))["tags"] == ["Diplomacy", "Russia–Ukraine crisis"]
    assert after.pages == convert(empty_project).pages


# --- broken sidecars -----------------------------------------------------------------------

# (sidecar, line, message, whether a JSON Schema validator can see the mistake too)
INVALID = [
    ("title: [not, text]\n", 1, "'title' must be a non-empty text", True),
    ("tags: [a, b]\nsummary: ok\ncolour: red\n", 3, "unknown field 'colour'", True),
    ("date: 8 December 2021\n", 1, "'date' must be a date written YYYY-MM-DD", True),
    ("date: 2021-02-30\n", 1, "'date' must be a date written YYYY-MM-DD", False),
    ("tags:\n  - NATO\n  - NATO\n", 3, "tag 'NATO' is listed twice", True),
    ("terms:\n  - Not An Id\n", 2, "glossary term ids are lower-case letters", True),
    (
        "annotations:\n  - quote: x\n    body: y\n  - body: no quote\n",
        4,
        "'quote' is missing",
        True,
    ),
    (
        "annotations:\n  - quote: x\n    body: y\n    colour: red\n",
        4,
        "unknown field 'colour'",
        True,
    ),
    ("annotations:\n  - quote: x\n    body: ''\n", 3, "'body' must be the note", True),
    ("annotations:\n  - quote: x\n    body: y\n    date: soon\n", 4, "'date' must be a date", True),
    ("summary: a\nsummary: b\n", 2, "'summary' is given twice", False),
    ("title: 'unclosed\n", 2, "not valid YAML", False),
    ("- just\n- a list\n", 1, "a sidecar must be a mapping", True),
]


@pytest.mark.parametrize(("text", "line", "message", "_"), INVALID)
def test_invalid_sidecar_is_reported_with_its_line(
    text: str, line: int, message: str, _: bool
) -> None:
    with pytest.raises(SidecarError) as raised:
        parse_sidecar(text.encode("utf-8"), "seeds/x.yml")
    problems = [str(p) for p in raised.value.problems]
    assert any(p.startswith(f"seeds/x.yml:{line}: error: ") and message in p for p in problems), (
        problems
    )


def as_json(value):
    """A YAML value as a JSON Schema validator sees it (dates as ISO strings)."""
    if isinstance(value, dict):
        return {str(k): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value.isoformat() if isinstance(value, dt.date) else value


@pytest.mark.parametrize("text", [case[0] for case in INVALID if case[3]])
def test_the_schema_rejects_what_the_converter_rejects(text: str) -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert list(validator.iter_errors(as_json(yaml.safe_load(text)))) != []


def test_the_schema_accepts_the_example_sidecars() -> None:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    for text in [
        SIDECAR,
        (REPO / "seeds" / "000_7700cad70c87f25c.yml").read_text(encoding="utf-8"),
    ]:
        assert [e.message for e in validator.iter_errors(as_json(yaml.safe_load(text)))] == []
        parse_sidecar(text.encode("utf-8"), "seeds/x.yml")  # and so does the converter


def test_broken_sidecar_fails_the_check_but_the_article_builds_from_its_seed(
    empty_project: Path,
) -> None:
    write_article(
        empty_project,
        SIDECAR.replace("terms: [minsk-agreements]", "terms: [minsk-agreements, atlantis]"),
    )
    check = run_archive(empty_project, "check")
    assert check.returncode == 1
    assert f"seeds/{NAME}.yml:7: error: unknown glossary term 'atlantis'" in check.stderr

    strict = mkdocs_build(empty_project)
    assert strict.returncode == 1 and "unknown glossary term 'atlantis'" in strict.stderr
    plain = mkdocs_build(empty_project, strict=False)
    assert plain.returncode == 0, plain.stderr
    (page,) = (empty_project / "site" / "articles").glob("2021/12/*/index.html")
    assert (
        soup(page).select_one("article h1").get_text().startswith("Putin Says Russia Has")
    )  # the seed's title
    assert soup(page).select("a.annotation") == []


def test_sidecar_without_a_seed_is_noted(empty_project: Path) -> None:
    write_article(empty_project, None)
    (empty_project / "seeds" / "lonely.yml").write_text("tags: [x]\n", encoding="utf-8")
    notes = [str(p) for p in convert(empty_project).problems]
    assert (
        "seeds/lonely.yml: warning: sidecar without a seed: there is no lonely.txt beside it"
        in notes
    )


# --- hostile annotation bodies -------------------------------------------------------------

HOSTILE_BODIES = [
    "<script>alert(1)</script>",
    '<img src="https://tracker.example/p.gif" onerror="alert(1)">',
    "![tracking pixel](https://tracker.example/p.gif)",
    "[click](javascript:alert(1))",
    "[data](data:text/html;base64,PHNjcmlwdD4=)",
    '<div onclick="alert(1)">block *html*</div>',
    "<iframe src=https://tracker.example/></iframe>",
    '" onmouseover="alert(1)',
    "{{ config.site_name }} {% raw %}",
    "# A heading\n\n<style>body{display:none}</style>",
]


SAFE_ELEMENTS = {
    "p",
    "strong",
    "em",
    "a",
    "span",
    "code",
    "pre",
    "ul",
    "ol",
    "li",
    "blockquote",
    "br",
    "hr",
}


def assert_safe_note(note: BeautifulSoup) -> None:
    """Only harmless elements; the only attribute is a link's http(s) or mailto target."""
    for element in note.find_all(True):
        assert element.name in SAFE_ELEMENTS, element
        assert set(element.attrs) <= ({"href"} if element.name == "a" else set()), element
        if element.name == "a":
            assert element["href"].startswith(("https:", "http:", "mailto:")), element


@pytest.mark.parametrize("body", HOSTILE_BODIES)
def test_hostile_note_bodies_are_shown_as_text(body: str) -> None:
    rendered = note_html(body)
    assert "\n" not in rendered  # one line: the page's Markdown keeps it as one block of HTML
    assert_safe_note(BeautifulSoup(rendered, "html.parser"))


def test_hostile_bodies_on_a_built_page(empty_project: Path) -> None:
    annotations = [f"  - quote: {QUOTE}\n    body: {json.dumps(HOSTILE_BODIES[0])}\n"]
    annotations += [
        f"  - quote: nowhere {index}\n    body: {json.dumps(body)}\n"
        for index, body in enumerate(HOSTILE_BODIES[1:])
    ]
    write_article(empty_project, "annotations:\n" + "".join(annotations))
    result = mkdocs_build(empty_project)
    assert result.returncode == 0, result.stderr
    (path,) = (empty_project / "site" / "articles").glob("2021/12/*/index.html")
    page = soup(path)
    assert page.select("iframe, img, style, [onclick], [onerror]") == []
    assert not any("alert" in script.get_text() for script in page.select("script"))
    notes = page.select(".annotation-note__body")
    assert len(notes) == len(HOSTILE_BODIES)
    for note in notes:
        assert_safe_note(note)
    assert notes[0].get_text() == "<script>alert(1)</script>"  # shown as the characters written
    # Material shows a title as HTML in its tooltip: the title is markup that shows the text
    assert page.select_one("#annotation-1")["title"] == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "{{ config.site_name }} {% raw %}" in page.get_text()


# --- the W3C Web Annotation export ---------------------------------------------------------


def test_annotations_export_is_w3c_web_annotation_json_ld(annotated_site: tuple[Path, str]) -> None:
    project, _ = annotated_site
    site = project / "site"
    collection = json.loads((site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert collection["type"] == "AnnotationCollection"
    assert collection["id"] == "https://archive.example.org/reading/annotations.jsonld"
    assert collection["total"] == 3
    items = collection["first"]["items"]
    assert collection["first"]["type"] == "AnnotationPage" and len(items) == 3
    for (
        item
    ) in items:  # the model's required fields (an item takes its @context from the collection)
        assert {"id", "type", "body", "target"} <= item.keys()
        assert item["type"] == "Annotation"
        assert item["id"].startswith("https://archive.example.org/reading/articles/2021/12/")
        assert item["body"]["type"] == "TextualBody" and item["body"]["format"] == "text/markdown"
        target = item["target"]
        assert target["selector"]["type"] == "TextQuoteSelector"
        relative = target["source"].removeprefix("https://archive.example.org/reading/")
        page = soup(site / relative / "index.html")  # the target is a published page…
        text = " ".join(page.select_one("article").get_text().split())
        selector = target["selector"]
        if item["id"].endswith("#annotation-3-note"):
            assert selector == {
                "type": "TextQuoteSelector",
                "exact": "this passage is nowhere in the article",
            }  # as written
        else:
            assert (
                selector.get("prefix", "") + selector["exact"] + selector.get("suffix", "") in text
            )  # …where the passage is
    first = items[0]
    assert first["target"]["selector"]["exact"] == QUOTE
    assert first["creator"] == {"type": "Person", "name": "A. Curator"}
    assert first["created"] == "2024-05-01T00:00:00Z"
    assert first["body"]["value"] == "US estimates rose to **190,000** by February 2022."
    assert (
        items[1]["target"]["selector"]["exact"] == '"strategic and massive consequences"'
    )  # as published


def test_export_without_site_url_uses_relative_ids(built_site: Path) -> None:
    collection = json.loads((built_site / "annotations.jsonld").read_text(encoding="utf-8"))
    assert collection["id"] == "annotations.jsonld"
    (item,) = collection["first"]["items"]
    assert (
        item["target"]["source"]
        == "articles/2021/12/putin-says-russia-has-right-to-defend-its-security/"
    )
    assert (built_site / item["target"]["source"] / "index.html").is_file()


def test_export_is_deterministic(empty_project: Path, tmp_path: Path) -> None:
    write_article(empty_project, SIDECAR)
    assert mkdocs_build(empty_project, strict=False).returncode == 0
    first = (empty_project / "site" / "annotations.jsonld").read_bytes()
    shutil.rmtree(empty_project / ".cache")
    assert mkdocs_build(empty_project, strict=False).returncode == 0
    assert (empty_project / "site" / "annotations.jsonld").read_bytes() == first


def test_an_ambiguous_quote_is_noted(empty_project: Path) -> None:
    write_article(empty_project, "annotations:\n  - quote: NATO\n    body: Which one?\n")
    (article,) = (conversion := convert(empty_project)).annotated
    assert article.annotations[0].anchor is not None
    assert any(
        str(p).startswith(f"seeds/{NAME}.yml:2: warning: the quote occurs")
        and "add a 'prefix' or 'suffix'" in str(p)
        for p in conversion.problems
    )


def test_front_matter_with_a_sidecar_matches_the_article_schema(empty_project: Path) -> None:
    write_article(empty_project, SIDECAR)
    meta = as_json(front_matter(page_of(convert(empty_project))))
    schema = json.loads(
        (REPO / "tools" / "reading_archive" / "schemas" / "article.schema.json").read_text(
            encoding="utf-8"
        )
    )
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    assert [error.message for error in validator.iter_errors(meta)] == []
    assert {"sidecar", "summary", "tags"} <= meta.keys()


def test_edited_sidecar_shows_on_serve_reload(project: Path) -> None:
    """A curator edits a note of the real seed's sidecar while `mkdocs serve` runs."""
    port = free_port()
    server = mkdocs_serve(
        project / "mkdocs.yml",
        port,
        cwd=project,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=_env(),
    )
    url = f"http://127.0.0.1:{port}/{ARTICLE_URL}"
    try:
        assert wait_for(lambda: "Western estimates kept rising" in (fetch_text(url) or ""), 60)
        sidecar = project / "seeds" / "000_7700cad70c87f25c.yml"
        sidecar.write_text(
            sidecar.read_text(encoding="utf-8").replace(
                "Western estimates kept rising", "Estimates grew"
            ),
            encoding="utf-8",
        )
        assert wait_for(lambda: "Estimates grew" in (fetch_text(url) or ""), 60)
    finally:
        stop_serving(server)
