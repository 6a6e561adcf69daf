"""Render stage: the page for the real seed, its front matter, escaping, determinism, slugs."""

from __future__ import annotations

import datetime as dt
import html
import json
import os
import re
from pathlib import Path

import markdown
import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import REPO, SEED, copy_project
from reading_archive import settings
from reading_archive.base.escaping import escape_markdown
from reading_archive.base.slugs import MAX_SLUG_LENGTH, article_slugs, slugify
from reading_archive.build import pipeline
from reading_archive.model import Article, Block, Caption, Span
from reading_archive.read.seed import parse_seed
from reading_archive.render.article import (
    DESCRIPTION_LENGTH,
    YAML_DUMPER,
    ArticleContext,
    describe,
    front_matter,
    is_intact_generated_page,
    render_article,
)

GOLDEN = Path(__file__).parent / "golden" / "000_7700cad70c87f25c.md"
PAGE_PATH = (
    "articles/2021/12/putin-says-russia-has-right-to-defend-its-security.md"  # relative to the docs
)
SCHEMA = REPO / "tools" / "reading_archive" / "schemas" / "article.schema.json"
MARKDOWN_EXTENSIONS = ["attr_list", "md_in_html", "toc"]
FORBIDDEN_ELEMENTS = [
    "<script",
    "<em",
    "<strong",
    "<code",
    "<a ",
    "<h1",
    "<ol",
    "<blockquote",
    "<ul",
    "<pre",
    "<hr",
    "<div",
    "<table",
]
NASTY = [
    "<script>alert(1)</script>",
    "*bold*",
    "_x_",
    "`code`",
    "[a](http://x)",
    "# heading",
    "1. list",
    "> quote",
    "!!! note",
    "{: .cls}",
    "&amp;",
    "|a|b|",
]


# --- helpers -------------------------------------------------------------------------------


def convert(project: Path) -> pipeline.Conversion:
    return pipeline.convert(settings.load_settings(project / "mkdocs.yml"))


def page_texts(project: Path) -> list[tuple[str, str]]:
    return [(page.path, page.text) for page in convert(project).pages]


def article_pages(conversion: pipeline.Conversion) -> list:
    """The article pages among the generated pages (the others are glossary pages)."""
    return [
        page
        for page in conversion.pages
        if page.path.startswith("articles/") and not page.path.endswith("/index.md")
    ]


def real_page(conversion: pipeline.Conversion):
    (page,) = [page for page in conversion.pages if page.path == PAGE_PATH]
    return page


def context(slug: str = "slug", publisher: str = "P") -> ArticleContext:
    return ArticleContext(publisher=publisher, slug=slug, path=f"articles/2021/12/{slug}.md")


def split_page(text: str) -> tuple[dict, str]:
    """The page's front matter (parsed) and its Markdown body."""
    assert text.startswith("---\n")
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]), text[end + len("\n---\n") :]


def to_html(text: str) -> str:
    return markdown.markdown(text, extensions=MARKDOWN_EXTENSIONS)


def text_content(html_text: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", html_text))


def article(
    *blocks: Block,
    title: str = "A Title",
    date: dt.date = dt.date(2021, 12, 8),
    seed: str = "seeds/x.txt",
    caption: Caption | None = None,
) -> Article:
    return Article(
        seed=seed,
        title=title,
        date=date,
        authors=("AFP",),
        caption=caption,
        blocks=blocks,
        original_url="https://www.themoscowtimes.com/x",
        source_hash="",
        text_hash="",
    )


def paragraph(*spans: Span) -> Block:
    return Block("paragraph", (spans,), 1)


def seed_text(
    title: str,
    *body: str,
    url: str,
    date: str = "December 08, 2021",
    byline: str | None = "By [AFP](#)",
    caption: str | None = None,
) -> str:
    parts = [
        title,
        *([byline] if byline else []),
        date,
        *([caption] if caption else []),
        *body,
        "Original url:",
        f"<{url}>",
    ]
    return "\n\n".join(parts) + "\n"


# --- the golden page -----------------------------------------------------------------------


def test_real_seed_matches_golden_page(project: Path) -> None:
    conversion = convert(project)
    assert conversion.errors == ()
    assert [page.path for page in article_pages(conversion)] == [PAGE_PATH]
    actual = real_page(conversion).text.encode("utf-8")
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_bytes(actual)
    assert actual == GOLDEN.read_bytes()


def test_golden_page_has_every_paragraph_of_the_seed() -> None:
    """The golden file is right: every block of the seed is in the page, in order, as text."""
    meta, body = split_page(GOLDEN.read_text(encoding="utf-8"))
    body, annotations = body.split(
        "\n## Annotations\n"
    )  # from the seed's sidecar (tests/test_sidecar.py)
    assert '<ol class="annotations">' in annotations
    article_ = parse_seed(SEED.read_text(encoding="utf-8"), "seeds/" + SEED.name)
    rendered = text_content(to_html(body))
    position = 0
    for block in article_.blocks:
        text = "".join(span.text for span in block.items[0])
        found = rendered.find(text, position)
        assert found >= 0, text
        position = found + len(text)
    assert meta["title"] == article_.title
    assert body.count("\n## ") == 1 and "\n## France warns Russia\n" in body
    # Escaping is sane: no markup comes from the seed's text; the only links are to glossary pages.
    html_body = to_html(body)
    for element in [
        "<script",
        "<em",
        "<strong",
        "<code",
        "<h1",
        "<ol",
        "<ul",
        "<blockquote",
        "<pre",
    ]:
        assert element not in html_body
    assert "\\" not in text_content(html_body)
    for href in re.findall(r'<a [^>]*href="([^"]*)"', html_body):
        assert re.fullmatch(r"(\.\./)+glossary/[a-z0-9-]+\.md|#annotation-\d+-note", href), href


# --- front matter --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def validator() -> Draft202012Validator:
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def schema_errors(page_text: str, validator: Draft202012Validator) -> tuple[dict, list]:
    """The front matter (dates as ISO strings, as the schema sees them) and its schema errors."""
    meta, _ = split_page(page_text)
    assert isinstance(meta["date"], dt.date)
    meta["date"] = meta["date"].isoformat()
    return meta, list(validator.iter_errors(meta))


def described(errors: list) -> list[str]:
    return [f"{'/'.join(map(str, e.path)) or '(top)'}: {e.message}" for e in errors]


@pytest.fixture(scope="module")
def real_page_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The real seed's page as the converter renders it now (not the golden file)."""
    return real_page(convert(copy_project(tmp_path_factory.mktemp("real") / "project"))).text


@pytest.fixture(scope="module")
def varied_conversion(tmp_path_factory: pytest.TempPathFactory) -> pipeline.Conversion:
    """The real seed plus seeds that exercise every optional part of the front matter."""
    project = copy_project(tmp_path_factory.mktemp("varied") / "project")
    seeds = project / "seeds"
    url = "https://www.reuters.com/world/{}"
    (seeds / "a.txt").write_text(
        seed_text("No Byline Here", "A short body.", url=url.format("a"), byline=None)
    )
    (seeds / "b.txt").write_text(
        seed_text("Unknown Publisher", "Text b.", url="https://news.example.org/b")
    )
    (seeds / "c.txt").write_text(
        seed_text("Путин заявил о праве России", "Текст статьи.", url=url.format("c"))
    )
    (seeds / "d.txt").write_text(
        seed_text(
            "Lists & Links",
            "Read [this](https://example.com/x).",
            "• one\n• two",
            url=url.format("d"),
            caption="A caption. [AP](#)",
        )
    )
    (seeds / "e.txt").write_text(
        seed_text("No Byline Here", "Different text.", url=url.format("e"), byline=None)
    )
    (seeds / "f.txt").write_text(
        seed_text("CON", "x " * 400, url=url.format("f"), date="2021-01-31")
    )
    return convert(project)


def test_real_page_front_matter(real_page_text: str, validator: Draft202012Validator) -> None:
    meta, errors = schema_errors(real_page_text, validator)
    assert [e for e in described(errors) if "Additional properties" not in e] == []
    assert meta["date"] == "2021-12-08"
    assert meta["publisher"] == "The Moscow Times"
    assert meta["byline"] == "AFP"
    assert (meta["author_names"], meta["credits"]) == (
        [],
        ["AFP"],
    )  # an agency: credited, not a person
    assert meta["slug"] == "putin-says-russia-has-right-to-defend-its-security"
    assert meta["seed"] == "seeds/000_7700cad70c87f25c.txt"
    assert meta["caption"] == {
        "text": 'Putin stressed that NATO expanding eastwards is a "very sensitive" issue for '
        "Russia.",
        "credit": "kremlin.ru",
    }


def test_varied_pages_front_matter(
    varied_conversion: pipeline.Conversion, validator: Draft202012Validator
) -> None:
    assert varied_conversion.errors == ()
    pages = article_pages(varied_conversion)
    assert len(pages) == 7
    slugs = {}
    for page in pages:
        meta, errors = schema_errors(page.text, validator)
        assert [e for e in described(errors) if "Additional properties" not in e] == [], page.path
        assert page.path == f"articles/{meta['date'][:4]}/{meta['date'][5:7]}/{meta['slug']}.md"
        slugs[meta["seed"]] = meta["slug"]
    assert slugs["seeds/a.txt"] == "no-byline-here"
    assert slugs["seeds/e.txt"].startswith("no-byline-here-")
    assert slugs["seeds/c.txt"] == "путин-заявил-о-праве-россии"
    assert slugs["seeds/f.txt"] == "con-article"


def test_every_article_page_matches_the_schema_exactly(
    varied_conversion: pipeline.Conversion, validator: Draft202012Validator
) -> None:
    for page in article_pages(varied_conversion):
        assert described(schema_errors(page.text, validator)[1]) == [], page.path


# --- front matter --------------------------------------------------------------------------

LIST_ITEMS = [
    *NASTY,
    "",
    " ",
    "yes",
    "no",
    "null",
    "~",
    "1",
    "0x1F",
    "1e3",
    "2021-12-08",
    "- item",
    "key: value",
    "a #b",
    "#c",
    "'quoted'",
    '"double"',
    "tab\there",
    "line\nbreak",
    "trailing ",
    " leading",
    "ünïcödé — “quotes”",
    "\u200b",
    "&",
    "*",
    "!tag",
    "%x",
    "@x",
    "`x",
    "reading-archive-list-of-terms",
    "seeds/000_7700cad70c87f25c.txt",
    "x" * 300,
]


@pytest.mark.parametrize("key", ["terms", "tags", "author_names", "related"])
def test_front_matter_lists_are_what_yaml_writes(key: str) -> None:
    # Lists are written item by item (each item's line made once); the YAML must be PyYAML's own.
    meta = {
        "title": "A title",
        "date": dt.date(2021, 12, 8),
        key: LIST_ITEMS,
        "empty": [],
        "others": ["a", "b"],
        "word_count": 3,
    }
    written = front_matter(meta, "")
    assert written == yaml.dump(
        meta,
        Dumper=YAML_DUMPER,
        sort_keys=False,
        allow_unicode=True,
        width=1 << 30,
        default_flow_style=False,
    )
    assert yaml.safe_load(written) == meta
    # A value that looks like the marker a list stands in by while the rest is written
    marked = {
        "title": f"{key}: reading-archive-list-of-{key}",
        key: ["a"],
        "seed": f"reading-archive-list-of-{key}",
    }
    assert yaml.safe_load(front_matter(marked, "")) == marked


# --- escaping ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", NASTY)
def test_escape_markdown_renders_literally(text: str) -> None:
    rendered = to_html(escape_markdown(text))
    assert text_content(rendered).strip() == text
    for element in FORBIDDEN_ELEMENTS:
        assert element not in rendered
    assert "class=" not in rendered


@pytest.mark.parametrize("text", NASTY)
def test_escape_markdown_renders_literally_after_words(text: str) -> None:
    rendered = to_html(escape_markdown(f"Some words {text} and more"))
    assert text_content(rendered).strip() == f"Some words {text} and more"
    for element in FORBIDDEN_ELEMENTS:
        assert element not in rendered


def test_every_kind_of_block_renders_literally() -> None:
    """Escaping holds at a block's start, after a link, in a subheading, a list, a related line."""
    link = Span("link", "https://example.com/")
    blocks = [paragraph(Span(text)) for text in NASTY]
    blocks += [paragraph(Span("see "), link, Span(" " + text)) for text in NASTY]
    blocks += [paragraph(link, Span(text)) for text in NASTY]
    blocks.append(Block("subheading", ((Span("Sub " + " ".join(NASTY)),),), 1))
    blocks.append(Block("bullets", tuple((Span(text),) for text in NASTY), 1))
    blocks.append(Block("related", ((Span(" ".join(NASTY)),),), 1))
    page = render_article(
        article(*blocks, caption=Caption("<i>cap</i> *x*", "<b>c</b>")), context()
    )
    _, body = split_page(page)
    rendered = to_html(body)
    assert rendered.count("<h2") == 1
    assert rendered.count("<ul>") == 1 and rendered.count("<li>") == len(NASTY)
    assert re.findall(r"<a [^>]*>", rendered) == ['<a href="https://example.com/">'] * (
        2 * len(NASTY)
    )
    for element in [
        "<script",
        "<em",
        "<strong",
        "<code",
        "<h1",
        "<ol",
        "<blockquote",
        "<i>",
        "<b>",
        "<table",
    ]:
        assert element not in rendered
    content = text_content(rendered)
    for text in NASTY:
        assert content.count(text) >= 4, text
    assert "<i>cap</i> *x*" in content and "Photo: <b>c</b>" in content


def test_javascript_link_in_seed_is_not_a_link_on_the_page() -> None:
    seed = seed_text(
        "Title",
        "Click [here](javascript:alert(1)) or [there](javascript:void0).",
        url="https://x.com/a",
    )
    page = render_article(parse_seed(seed, "seeds/x.txt"), context("title"))
    rendered = to_html(split_page(page)[1])
    assert "<a " not in rendered
    assert (
        text_content(rendered).strip() == "Click here or there."
    )  # the text stays, the target goes


# --- determinism ---------------------------------------------------------------------------


def test_converting_twice_gives_identical_pages(project: Path) -> None:
    assert page_texts(project) == page_texts(project)


def _variant_seeds() -> dict[str, str]:
    real = SEED.read_text(encoding="utf-8")
    return {
        SEED.name: real,
        "a_same_title.txt": real.replace("a75767", "a1").replace("Kiev and", "Kyiv and"),
        "b_other.txt": real.replace("Putin Says Russia", "Kremlin Says Russia")
        .replace("a75767", "a2")
        .replace("13,000 lives", "14,000 lives"),
        "nested/c_nested.txt": seed_text(
            "Nested Story", "Nested body.", url="https://www.reuters.com/c"
        ),
        "z_duplicate.txt": real,
    }


def test_listing_order_does_not_change_pages(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    results = []
    for order in ("forward", "reverse"):
        project = copy_project(tmp_path / order, seeds=False)
        names = sorted(_variant_seeds().items())
        for name, text in names if order == "forward" else reversed(names):
            (project / "seeds" / name).parent.mkdir(parents=True, exist_ok=True)
            (project / "seeds" / name).write_text(text, encoding="utf-8")
        if order == "reverse":
            rglob = Path.rglob
            monkeypatch.setattr(
                Path,
                "rglob",
                lambda self, pattern, rglob=rglob: reversed(list(rglob(self, pattern))),
            )
        conversion = convert(project)
        results.append((page_texts(project), [str(p) for p in conversion.problems]))
        monkeypatch.undo()
    assert results[0] == results[1]
    pages, problems = results[0]
    assert (
        len(
            [
                path
                for path, _ in pages
                if path.startswith("articles/") and not path.endswith("/index.md")
            ]
        )
        == 4
    )
    assert [p for p in problems if ": error: " in p] == [
        "seeds/z_duplicate.txt: error: duplicate of seeds/000_7700cad70c87f25c.txt (same "
        "original URL); remove one of the two files"
    ]
    # The first seed by name keeps the plain slug; its namesake gets a suffix.
    assert PAGE_PATH in [path for path, _ in pages]


# --- checksum ------------------------------------------------------------------------------


def test_rendered_page_is_intact(real_page_text: str) -> None:
    assert is_intact_generated_page(real_page_text)


@pytest.mark.parametrize(
    "old, new",
    [
        ("claims Moscow denies", "claims Moscow denied"),  # body
        ("Amid NATO Tensions\ndate:", "Amid NATO Tensionz\ndate:"),  # front matter
        ("reading_time: 3", "reading_time: 4"),  # front matter number
        ("## France", "# France"),  # markup
    ],
)
def test_one_changed_character_breaks_checksum(real_page_text: str, old: str, new: str) -> None:
    assert real_page_text.count(old) == 1
    assert not is_intact_generated_page(real_page_text.replace(old, new))


def test_changed_last_character_breaks_checksum(real_page_text: str) -> None:
    assert real_page_text.endswith("\n")
    assert not is_intact_generated_page(real_page_text[:-1])
    assert not is_intact_generated_page(real_page_text[:-2] + "X\n")


def test_changed_checksum_digit_breaks_checksum(real_page_text: str) -> None:
    digest = re.search(r"^checksum: ([0-9a-f]{64})$", real_page_text, re.MULTILINE)[1]
    changed = digest[:-1] + ("0" if digest[-1] != "0" else "1")
    assert not is_intact_generated_page(real_page_text.replace(digest, changed))


@pytest.mark.parametrize("text", ["", "# Notes\n\nHand-written.\n", "---\ntitle: x\n---\n\nBody\n"])
def test_other_text_is_not_a_generated_page(text: str) -> None:
    assert not is_intact_generated_page(text)


# --- description ---------------------------------------------------------------------------


def test_real_description_is_cut_at_a_word_boundary() -> None:
    description = describe(
        parse_seed(SEED.read_text(encoding="utf-8"), "seeds/" + SEED.name)
    )  # the seed alone: no summary
    lead = (
        "Russian President Vladimir Putin, speaking publicly for the first time since his "
        "high-profile talks with U.S. leader Joe Biden, said Wednesday that Moscow reserves the "
        'right to "defend its security."'
    )
    assert len(description) <= DESCRIPTION_LENGTH
    assert description.endswith("…")
    assert lead.startswith(description[:-1])
    assert lead[len(description) - 1] == " "


def test_short_lead_is_the_whole_description() -> None:
    lead = "w" * (DESCRIPTION_LENGTH - 10) + " end."
    assert describe(article(paragraph(Span(lead)))) == lead


@pytest.mark.parametrize("word_length", [1, 3, 7, 12, 25])
@pytest.mark.parametrize("extra", [0, 1, 2, 40])
def test_long_lead_is_cut_at_a_word_boundary(word_length: int, extra: int) -> None:
    words = [chr(ord("a") + i % 26) * word_length for i in range(200)]
    lead = " ".join(words)[: DESCRIPTION_LENGTH + extra + 1].rstrip() + " final."
    description = describe(article(paragraph(Span(lead))))
    assert len(description) <= DESCRIPTION_LENGTH
    assert description.endswith("…")
    kept = description[:-1]
    assert kept and lead.startswith(kept) and lead[len(kept)] == " "


def test_description_skips_leading_subheading_and_drops_link_syntax() -> None:
    blocks = (
        Block("subheading", ((Span("Heading"),),), 1),
        paragraph(Span("See "), Span("this", "https://e.com/"), Span(".")),
    )
    assert describe(article(*blocks)) == "See this."


# --- slugs ---------------------------------------------------------------------------------

RESERVED = (
    {"con", "prn", "aux", "nul", "index"}
    | {f"com{i}" for i in range(10)}
    | {f"lpt{i}" for i in range(10)}
)


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("../../etc/passwd", "etc-passwd"),
        ("CON", "con-article"),
        ("%00", "00"),
        ("a/b\\c", "a-b-c"),
        ("x" * 300, "x" * MAX_SLUG_LENGTH),
        ("word " * 60, "-".join(["word"] * 10)),
        ("Путин заявил о праве России", "путин-заявил-о-праве-россии"),
        ("", "article"),
        ("!!! ... ???", "article"),
        ("index", "index-article"),
        ("Lpt1.", "lpt1-article"),
        (
            "Putin Says Russia Has 'Right to Defend its Security' Amid NATO Tensions",
            "putin-says-russia-has-right-to-defend-its-security",
        ),
    ],
)
def test_slugify(title: str, expected: str) -> None:
    slug = slugify(title)
    assert slug == expected
    assert slug and len(slug) <= MAX_SLUG_LENGTH
    assert not any(c in slug for c in '/\\.%<>:"|?*') and not any(c.isspace() for c in slug)
    assert slug not in RESERVED
    assert not slug.startswith("-") and not slug.endswith("-")


def test_slugify_keeps_words_of_scripts_with_combining_marks() -> None:
    assert slugify("हिन्दी समाचार") == "हिन्दी-समाचार"


def test_article_slugs_are_distinct_for_namesakes_in_a_month() -> None:
    first = article(paragraph(Span("a")), title="Same Title", seed="seeds/a.txt")
    second = article(
        paragraph(Span("b")), title="Same Title", seed="seeds/b.txt", date=dt.date(2021, 12, 31)
    )
    other_month = article(
        paragraph(Span("c")), title="Same Title", seed="seeds/c.txt", date=dt.date(2022, 1, 1)
    )
    slugs = article_slugs([second, other_month, first])
    assert slugs["seeds/a.txt"] == "same-title"
    assert slugs["seeds/b.txt"] != "same-title" and slugs["seeds/b.txt"].startswith("same-title-")
    assert slugs["seeds/c.txt"] == "same-title"  # a different month is a different folder
    assert article_slugs([first, second, other_month]) == slugs  # independent of order
    # Adding a later namesake never renames the earlier ones.
    third = article(paragraph(Span("d")), title="Same Title", seed="seeds/d.txt")
    assert {
        k: v for k, v in article_slugs([first, second, third]).items() if k != "seeds/d.txt"
    } == {
        "seeds/a.txt": slugs["seeds/a.txt"],
        "seeds/b.txt": slugs["seeds/b.txt"],
    }
    assert len(set(article_slugs([first, second, third]).values())) == 3


@pytest.mark.parametrize(
    "label",
    [
        "The Washington Post",
        "Aug. 9, 2022",
        "Satellite image © 2021 Maxar Technologies",
        "US President Joe Biden and Russian President Vladimir Putin.Credit:AP",
    ],
)
def test_a_source_date_or_credit_line_is_not_the_description(label: str) -> None:
    seed = (
        f"Talks End Without a Deal\n\nMarch 3, 2022\n\n{label}\n\nKYIV (Reuters) - Talks between "
        "the two delegations ended on Thursday without agreement.\n\nBoth sides said they would "
        "meet again.\n\nOriginal url: https://example.com/talks\n"
    )
    assert (
        describe(parse_seed(seed, "seeds/talks.txt"))
        == "KYIV (Reuters) - Talks between the two delegations ended on Thursday without agreement."
    )


def test_a_body_of_short_lines_still_has_a_description() -> None:
    seed = (
        "Live: The Day in Pictures\n\nMarch 3, 2022\n\nKyiv at dawn\n\nA queue for "
        "bread\n\nOriginal url: https://example.com/live\n"
    )
    assert describe(parse_seed(seed, "seeds/live.txt")) == "Kyiv at dawn"
