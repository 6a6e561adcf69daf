"""Read stage: seeds become Articles, faithfully, with validated metadata."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest

from conftest import REPO, SEED
from reading_archive.base.dates import DateError, parse_date
from reading_archive.model import Article, Block, SeedError, Span
from reading_archive.read.seed import decode_seed, parse_seed, read_seed

URL = "https://www.themoscowtimes.com/2021/12/08/an-article-a1"
REAL_SEED_NAME = "seeds/000_7700cad70c87f25c.txt"


# --- helpers -------------------------------------------------------------------------------


def seed_text(
    *body: str,
    title: str = "A Headline About Something",
    byline: str | None = "By [AFP](#)",
    date: str = "December 08, 2021",
    caption: str | None = None,
    url: str = URL,
    blank: str = "",
) -> str:
    """A seed in the scraper's layout: paragraphs separated by (possibly whitespace) blank lines."""
    parts = ["", title]
    if byline is not None:
        parts.append(byline)
    parts.append(date)
    if caption is not None:
        parts.append(caption)
    parts += list(body or ("Body text of the article.",))
    parts += ["Original url:", f"<{url}>"]
    return f"\n{blank}\n".join(parts) + "\n"


def parse(text: str) -> Article:
    return parse_seed(text, "seeds/test.txt")


def body_of(*paragraphs: str, **kwargs) -> tuple[Block, ...]:
    return parse(seed_text(*paragraphs, **kwargs)).blocks


def plain(block: Block, item: int = 0) -> str:
    return "".join(span.text for span in block.items[item])


def kinds(blocks: tuple[Block, ...]) -> list[str]:
    return [block.kind for block in blocks]


def hrefs(article: Article) -> list[str]:
    return [
        span.href for block in article.blocks for item in block.items for span in item if span.href
    ]


# --- the real seed -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def real() -> Article:
    return read_seed(REPO / "seeds" / SEED.name, REPO)


def test_real_seed_metadata(real: Article) -> None:
    assert real.title == "Putin Says Russia Has 'Right to Defend its Security' Amid NATO Tensions"
    assert real.date == dt.date(2021, 12, 8)
    assert (real.byline, real.authors, real.credits) == ("AFP", (), ("AFP",))
    assert real.seed == REAL_SEED_NAME
    assert real.original_url == (
        "https://www.themoscowtimes.com/2021/12/08/"
        "putin-says-russia-has-right-to-defend-its-security-amid-nato-tensions-a75767"
    )


def test_real_seed_caption(real: Article) -> None:
    assert real.caption is not None
    assert (
        real.caption.text
        == 'Putin stressed that NATO expanding eastwards is a "very sensitive" issue for Russia.'
    )
    assert real.caption.credit == "kremlin.ru"


def test_real_seed_block_count_and_kinds(real: Article) -> None:
    assert len(real.blocks) == 25
    assert kinds(real.blocks).count("paragraph") == 23
    assert [plain(b) for b in real.blocks if b.kind == "subheading"] == ["France warns Russia"]
    assert [plain(b) for b in real.blocks if b.kind == "related"] == [
        "Putin and Biden Speak: What They Discussed"
    ]


def test_real_seed_subheading_and_related_positions(real: Article) -> None:
    texts = [(b.kind, plain(b)) for b in real.blocks]
    related = texts.index(("related", "Putin and Biden Speak: What They Discussed"))
    assert texts[related - 1][1].startswith("The talks were seen as a chance")
    subheading = texts.index(("subheading", "France warns Russia"))
    assert texts[subheading + 1][1].startswith("France on Wednesday said")
    # The related title is plain text: the placeholder link target is dropped.
    assert all(span.href is None for span in real.blocks[related].items[0])


def test_real_seed_rejoins_split_sentences(real: Article) -> None:
    paragraphs = [plain(b) for b in real.blocks if b.kind == "paragraph"]
    assert (
        '"Russia has a peaceful foreign policy, but has the right to defend its security," '
        "Putin said at a news conference with Greek Prime Minister Kyriakos Mitsotakis."
    ) in paragraphs
    assert (
        "\"I believe that Ukraine's victory lies in the fact that the United States has "
        "always supported "
        'Ukraine, our sovereignty and independence," Zelenskiy said at a press conference with '
        "Croatian Prime Minister Andrej Plenkovic."
    ) in paragraphs
    # …and the continuations are not left behind as paragraphs of their own.
    assert not any(
        p.startswith(("news conference", "Ukraine, our sovereignty")) for p in paragraphs
    )


def test_real_seed_first_and_last_paragraphs(real: Article) -> None:
    assert plain(real.blocks[0]).startswith("Russian President Vladimir Putin, speaking publicly")
    assert plain(real.blocks[0]).endswith('Moscow reserves the right to "defend its security."')
    assert plain(real.blocks[-1]) == (
        "Kiev and its Western allies accuse the Kremlin of supporting the separatists — claims "
        "Moscow denies — in a conflict that has claimed over 13,000 lives."
    )


def test_real_seed_keeps_every_body_line(real: Article) -> None:
    """Every line between the caption and the trailer is somewhere in the body, unchanged."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    body_lines = lines[lines.index("December 08, 2021") + 2 : lines.index("Original url:")]
    body = " ".join(plain(b) for b in real.blocks)
    for line in body_lines:
        expected = line.removeprefix("Related article: ").replace("](#)", "").replace("[", "")
        assert expected in body, line


def test_real_seed_blocks_have_no_links(real: Article) -> None:
    assert hrefs(real) == []


# --- bylines -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("byline", "authors", "credits"),
    [
        ("By [Jane Doe](#) and [John Roe](#)", ("Jane Doe", "John Roe"), ()),
        ("By Jane Doe, John Roe", ("Jane Doe", "John Roe"), ()),
        (
            "By [AFP](#)",
            (),
            ("AFP",),
        ),  # an agency: credited, not a personal author (tests/test_bylines.py)
        ("By Jane Doe, John Smith and Ann Lee", ("Jane Doe", "John Smith", "Ann Lee"), ()),
    ],
)
def test_byline(byline: str, authors: tuple[str, ...], credits: tuple[str, ...]) -> None:
    article = parse(seed_text(byline=byline))
    assert (article.authors, article.credits) == (authors, credits)


def test_absent_byline() -> None:
    article = parse(seed_text(byline=None))
    assert (article.byline, article.authors, article.credits) == (None, (), ())
    assert article.date == dt.date(2021, 12, 8)
    assert plain(article.blocks[0]) == "Body text of the article."


# --- dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("December 08, 2021", dt.date(2021, 12, 8)),
        ("Dec. 8, 2021", dt.date(2021, 12, 8)),
        ("8 December 2021", dt.date(2021, 12, 8)),
        ("2021-12-08", dt.date(2021, 12, 8)),
        ("Sept. 8, 2021", dt.date(2021, 9, 8)),
    ],
)
def test_date_formats_in_a_seed(line: str, expected: dt.date) -> None:
    assert parse(seed_text(date=line)).date == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("December 08, 2021", dt.date(2021, 12, 8)),
        ("  Dec. 8, 2021  ", dt.date(2021, 12, 8)),
        ("8 December 2021", dt.date(2021, 12, 8)),
        ("2021-12-08", dt.date(2021, 12, 8)),
        ("Sept. 8, 2021", dt.date(2021, 9, 8)),
        ("may 5 2021", dt.date(2021, 5, 5)),
        ("February 29, 2024", dt.date(2024, 2, 29)),
    ],
)
def test_parse_date(line: str, expected: dt.date) -> None:
    assert parse_date(line) == expected


@pytest.mark.parametrize(
    "line",
    [
        "",
        "Body text here.",
        "By AFP",
        "December 2021",
        "08/12/2021",
        "Foo 8, 2021",
        "Mayo 5, 2021",
        "2021-12-08T10:00",
    ],
)
def test_parse_date_none_for_non_dates(line: str) -> None:
    assert parse_date(line) is None


@pytest.mark.parametrize(
    "line", ["February 30, 2021", "2021-02-30", "February 29, 2021", "2021-13-01", "Dec. 32, 2021"]
)
def test_parse_date_rejects_impossible_days(line: str) -> None:
    with pytest.raises(DateError, match="not a real date"):
        parse_date(line)


# --- links ---------------------------------------------------------------------------------


def test_placeholder_links_dropped_text_kept() -> None:
    (block,) = body_of("He met [Putin](#) and [Biden](#) in [Geneva]().")
    assert block.items[0] == (Span("He met Putin and Biden in Geneva."),)


def test_real_link_kept_as_span_with_href() -> None:
    (block,) = body_of("See [the report](https://example.com/report?id=1) for details.")
    assert block.items[0] == (
        Span("See "),
        Span("the report", "https://example.com/report?id=1"),
        Span(" for details."),
    )


@pytest.mark.parametrize(
    "link",
    [
        "[click](javascript:alert(1))",
        "[click](javascript:alert%281%29)",
        "[click](JavaScript:void0)",
        "[click](data:text/html,hi)",
        "[click](//example.com/x)",
    ],
)
def test_javascript_and_other_non_web_links_never_become_hrefs(link: str) -> None:
    article = parse(seed_text(f"Please {link} now."))
    assert hrefs(article) == []
    # The characters are kept as text, not silently lost.
    assert "click" in plain(article.blocks[0])


# --- block structure -----------------------------------------------------------------------


def test_bullets_merge_into_one_list() -> None:
    blocks = body_of(
        "The demands are as follows.", "• one\n• two", "- three", "- four", "After the list."
    )
    assert kinds(blocks) == ["paragraph", "bullets", "paragraph"]
    assert [plain(blocks[1], i) for i in range(len(blocks[1].items))] == [
        "one",
        "two",
        "three",
        "four",
    ]


def test_subheading_not_joined_to_neighbours() -> None:
    blocks = body_of(
        "The talks ended on Tuesday.",
        "France warns Russia",
        "France on Wednesday said it had sent a message.",
    )
    assert kinds(blocks) == ["paragraph", "subheading", "paragraph"]
    assert [plain(b) for b in blocks] == [
        "The talks ended on Tuesday.",
        "France warns Russia",
        "France on Wednesday said it had sent a message.",
    ]


def test_related_line_is_its_own_block() -> None:
    blocks = body_of("First paragraph.", "Related article: [Another Story](#)", "Second paragraph.")
    assert kinds(blocks) == ["paragraph", "related", "paragraph"]
    assert plain(blocks[1]) == "Another Story"


def test_lowercase_continuation_rejoined() -> None:
    blocks = body_of(
        '"We have the right," Putin said at a',
        "news conference with Greek Prime Minister Kyriakos Mitsotakis.",
    )
    assert kinds(blocks) == ["paragraph"]
    assert (
        plain(blocks[0])
        == '"We have the right," Putin said at a news conference with Greek Prime Minister '
        "Kyriakos Mitsotakis."
    )


def test_long_unfinished_line_rejoined_with_capitalised_line() -> None:
    first = (
        "\"I believe that Ukraine's victory lies in the fact that the United States has "
        "always supported"
    )
    second = 'Ukraine, our sovereignty and independence," Zelenskiy said.'
    blocks = body_of(first, second, "He is due to hold talks with Biden on Thursday.")
    assert kinds(blocks) == ["paragraph", "paragraph"]
    assert plain(blocks[0]) == f"{first} {second}"


def test_finished_sentences_not_joined() -> None:
    blocks = body_of("First sentence ends here.", "second one starts in lower case.")
    assert [plain(b) for b in blocks] == [
        "First sentence ends here.",
        "second one starts in lower case.",
    ]


def test_block_line_numbers() -> None:
    text = seed_text("First paragraph.", "France warns Russia", "Second paragraph.")
    # a leading blank line, title 3, byline 5, date 7, then body paragraphs on 9, 11, 13
    assert [b.line for b in parse(text).blocks] == [9, 11, 13]


def test_caption_with_credit() -> None:
    article = parse(seed_text("Body text.", caption="Putin at the Kremlin. [kremlin.ru](#)"))
    assert article.caption is not None
    assert (article.caption.text, article.caption.credit) == ("Putin at the Kremlin.", "kremlin.ru")
    assert [plain(b) for b in article.blocks] == ["Body text."]


# --- encodings and whitespace --------------------------------------------------------------


def _fields(article: Article) -> Article:
    return dataclasses.replace(article, source_hash="")


@pytest.mark.parametrize(
    "transform",
    [
        pytest.param(lambda data: b"\xef\xbb\xbf" + data, id="bom"),
        pytest.param(lambda data: data.replace(b"\n", b"\r\n"), id="crlf"),
        pytest.param(lambda data: b"\xef\xbb\xbf" + data.replace(b"\n", b"\r\n"), id="bom+crlf"),
        pytest.param(lambda data: data.replace(b"\n", b"\r"), id="cr"),
    ],
)
def test_bom_and_line_ends_give_same_article(tmp_path: Path, transform) -> None:
    data = SEED.read_bytes()
    variants = {}
    for name, content in (("plain", data), ("variant", transform(data))):
        root = tmp_path / name
        (root / "seeds").mkdir(parents=True)
        (root / "seeds" / SEED.name).write_bytes(content)
        variants[name] = read_seed(root / "seeds" / SEED.name, root)
    assert (
        variants["variant"].source_hash != variants["plain"].source_hash
    )  # really different bytes
    assert _fields(variants["variant"]) == _fields(variants["plain"])
    assert (
        variants["variant"].title
        == "Putin Says Russia Has 'Right to Defend its Security' Amid NATO Tensions"
    )


def test_decode_seed_strips_bom_and_normalises_line_ends() -> None:
    assert decode_seed(b"\xef\xbb\xbfA\r\nB\rC\n", "seeds/x.txt") == "A\nB\nC\n"


@pytest.mark.parametrize("blank", [" ", "\t", "   \t  ", "\u00a0", "\u3000 "])
def test_whitespace_only_lines_are_blank(blank: str) -> None:
    paragraphs = ("First paragraph.", "France warns Russia", "Second paragraph", "goes on here.")
    expected = parse(seed_text(*paragraphs))
    actual = parse(seed_text(*paragraphs, blank=blank))
    assert actual.blocks == expected.blocks
    assert (actual.title, actual.date, actual.authors) == (
        expected.title,
        expected.date,
        expected.authors,
    )


def test_real_seed_with_whitespace_blank_lines(real: Article) -> None:
    text = SEED.read_text(encoding="utf-8").replace("\n\n", "\n \t \n")
    assert parse_seed(text, REAL_SEED_NAME).blocks == real.blocks


def test_zero_width_space_line_is_blank() -> None:
    expected = parse(seed_text("First paragraph.", "Second paragraph."))
    actual = parse(seed_text("First paragraph.", "\u200b", "Second paragraph."))
    assert [plain(b) for b in actual.blocks] == [plain(b) for b in expected.blocks]


# --- errors from parse_seed ----------------------------------------------------------------


def test_parse_seed_error_names_date_line() -> None:
    with pytest.raises(SeedError) as caught:
        parse(seed_text(date="February 30, 2021"))
    assert caught.value.problem.line == 7
    assert "February 30, 2021" in caught.value.problem.message


def test_original_url_followed_by_words_is_a_seed_error() -> None:
    text = "A Headline\n\nDecember 08, 2021\n\nBody text.\n\nOriginal url: see below\n"
    with pytest.raises(SeedError) as caught:
        parse(text)
    assert caught.value.problem.line == 7
