"""Read stage: a seed file, as the scraper saved it, becomes an `Article`.

The seed format: leading blank lines; a title line; an optional byline (`By [AFP](#)`); a date
line; an optional photo caption ending in a credit link; body paragraphs separated by blank
lines (with subheadings, bullets and `Related article: [Title](#)` lines); and the trailer
`Original url:` followed by `<https://…>`. Links whose target is `#` are scraper placeholders:
their text is kept, the link dropped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, NamedTuple
from urllib.parse import urlsplit

from ..base.dates import DateError, parse_date
from ..base.files import NotARegularFile, read_regular_file
from ..model import Article, Block, Caption, Inline, Problem, SeedError, Span
from .bylines import byline_text, parse_byline

MAX_SEED_BYTES = 4 * 1024 * 1024
"""Seeds larger than this are rejected: a news article is a few dozen kilobytes."""

_TARGET = r"((?:[^()\s]|\([^()\s]*\))*)"  # a link target, with at most one level of parentheses
_LINK = re.compile(r"\[([^\[\]\n]*)\]\(" + _TARGET + r"\)")
_TRAILING_LINK = re.compile(r"\[([^\[\]\n]+)\]\(" + _TARGET + r"\)\s*$")
_TRAILER = re.compile(r"^original\s+url\s*:\s*(.*)$", re.IGNORECASE)
_RELATED = re.compile(r"^related\s+(?:article|story|stories|articles)\s*:\s*(.+)$", re.IGNORECASE)
_BULLET = re.compile(r"^[•●▪‣◦*\-–]\s+(.*)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ENDS_SENTENCE = tuple(".!?:;\"”’')…»]")
# A line ending in one of these words was cut mid-sentence, however short it is.
_CONTINUING_WORDS = frozenset(
    "a an the of to and or but nor at in on with for from by that which who whom whose as "
    "is was were are be been has have had its his her their our your my said says than".split()
)
_SUBHEADING_MAX_WORDS = 10


@dataclass(frozen=True)
class _Paragraph:
    line: int
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return " ".join(self.lines)


def read_seed(path: Path, root: Path) -> Article:
    """Read and parse the seed at `path`; `root` is the project folder its name is relative to."""
    seed, data = seed_bytes(path, root)
    return article_from_bytes(data, seed)


def seed_bytes(path: Path, root: Path) -> tuple[str, bytes]:
    """The seed's name (relative to `root`) and its bytes, never more than the size limit."""
    seed = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    try:
        return seed, read_regular_file(path, MAX_SEED_BYTES)
    except NotARegularFile as error:
        message = f"is {error.kind}; a seed must be a regular file in the seeds folder"
        raise SeedError(Problem(seed, None, message)) from None
    except OSError as error:
        raise SeedError(Problem(seed, None, f"cannot read the file: {error.strerror}")) from None


def article_from_bytes(data: bytes, seed: str, source_hash: str | None = None) -> Article:
    return parse_seed(
        decode_seed(data, seed), seed, source_hash or hashlib.sha256(data).hexdigest()
    )


def decode_seed(data: bytes, seed: str) -> str:
    """The seed's text: UTF-8 (with or without BOM), line ends normalised to `\\n`."""
    if len(data) > MAX_SEED_BYTES:
        raise SeedError(
            Problem(
                seed, None, f"file is larger than {MAX_SEED_BYTES:,} bytes, the limit for a seed"
            )
        )
    if b"\x00" in data:
        raise SeedError(
            Problem(seed, None, "binary file, not text: a seed must be a UTF-8 text file")
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SeedError(
            Problem(
                seed,
                line,
                f"not UTF-8 text (byte 0x{data[error.start]:02x}); "
                "re-save the file as UTF-8 (it may be Windows-1252 or Latin-1)",
            )
        ) from None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise SeedError(
            Problem(
                seed,
                None,
                "empty file: a seed needs a title, a date, a body and an 'Original url:'",
            )
        )
    return text


def parse_seed(text: str, seed: str, source_hash: str = "") -> Article:
    """Parse seed text into an Article, or raise SeedError naming the line that is wrong."""
    # Problems are reported top-down: a missing trailer only once everything above it is fine.
    paragraphs, original_url = _split_trailer(_paragraphs(text), seed)
    title, title_line, rest = _title(paragraphs, seed)
    byline = None
    if rest and (line := byline_text(rest[0].text)) is not None:
        byline = parse_byline(_plain(line))  # people apart from agencies and desks
        rest = rest[1:]
    date, date_line, rest = _date(rest, seed, title_line)
    caption, rest = _caption(rest)
    blocks = _blocks(rest)
    if not blocks:
        raise SeedError(Problem(seed, date_line, "no body text after the date line"))
    if isinstance(original_url, Problem):
        raise SeedError(original_url)

    body_text = " ".join(_block_text(block) for block in blocks)
    return Article(
        seed=seed,
        title=title,
        date=date,
        authors=byline.authors if byline else (),
        caption=caption,
        blocks=blocks,
        original_url=original_url,
        source_hash=source_hash or hashlib.sha256(text.encode("utf-8")).hexdigest(),
        text_hash=hashlib.sha256(" ".join(body_text.split()).encode("utf-8")).hexdigest(),
        date_line=date_line,
        byline=byline.text if byline else None,
        credits=byline.credits if byline else (),
    )


def _title(paragraphs: list[_Paragraph], seed: str) -> tuple[str, int, list[_Paragraph]]:
    """The title, its line and the paragraphs after it; SeedError when the first is no title."""
    if not paragraphs:
        raise SeedError(
            Problem(seed, None, "no title: the first non-blank line must be the article's title")
        )
    title_paragraph, *rest = paragraphs
    title = _plain(title_paragraph.text)
    byline_without_title = (
        byline_text(title_paragraph.text) is not None and bool(rest) and _is_date(rest[0].text)
    )
    if not title or parse_date(title) is not None or byline_without_title:
        raise SeedError(
            Problem(
                seed,
                title_paragraph.line,
                "no title: the first non-blank line must be the article's title",
            )
        )
    return title, title_paragraph.line, rest


def _date(
    rest: list[_Paragraph], seed: str, title_line: int
) -> tuple[dt.date, int, list[_Paragraph]]:
    """The date of the date line (the first of `rest`), its line and the paragraphs after it."""
    if not rest:
        raise SeedError(
            Problem(seed, title_line, "no date line after the title (e.g. 'December 08, 2021')")
        )
    date_paragraph, *rest = rest
    try:
        date = parse_date(date_paragraph.text)
    except DateError as error:
        raise SeedError(Problem(seed, date_paragraph.line, str(error))) from None
    if date is None:
        raise SeedError(
            Problem(
                seed,
                date_paragraph.line,
                "expected the date line (e.g. 'December 08, 2021' or '2021-12-08'), found "
                f"'{_excerpt(date_paragraph.text)}'",
            )
        )
    return date, date_paragraph.line, rest


def _caption(rest: list[_Paragraph]) -> tuple[Caption | None, list[_Paragraph]]:
    """The photo caption when the paragraph after the date line is one (text ending in a
    linked credit), and the paragraphs after it."""
    if (
        rest
        and not _RELATED.match(rest[0].text)
        and (credit := _TRAILING_LINK.search(rest[0].text))
    ):
        return Caption(_plain(rest[0].text[: credit.start()]), _plain(credit[1]) or None), rest[1:]
    return None, rest


def _is_date(text: str) -> bool:
    try:
        return parse_date(text) is not None
    except DateError:
        return True


def _paragraphs(text: str) -> list[_Paragraph]:
    """Runs of non-blank lines, each with the 1-based number of its first line."""
    paragraphs: list[_Paragraph] = []
    current: list[str] = []
    start = 0
    for number, raw in enumerate(text.split("\n"), start=1):
        line = _clean(raw)
        if line:
            if not current:
                start = number
            current.append(line)
        elif current:
            paragraphs.append(_Paragraph(start, tuple(current)))
            current = []
    if current:
        paragraphs.append(_Paragraph(start, tuple(current)))
    return paragraphs


def _split_trailer(
    paragraphs: list[_Paragraph], seed: str
) -> tuple[list[_Paragraph], str | Problem]:
    """Remove the `Original url:` trailer; return the remaining paragraphs and the URL (or what is
    wrong with it)."""
    for index in range(len(paragraphs) - 1, -1, -1):
        trailer = _TRAILER.match(paragraphs[index].lines[0])
        if not trailer:
            continue
        after = [trailer[1], *paragraphs[index].lines[1:]] + [
            p.text for p in paragraphs[index + 1 : index + 2]
        ]
        candidates = [c.strip() for c in after if c.strip()]
        line = paragraphs[index].line
        if not candidates:
            return paragraphs[:index], Problem(
                seed, line, "'Original url:' is not followed by a URL"
            )
        url = candidates[0].split()[0].removeprefix("<").removesuffix(">")
        if not is_web_url(url):
            return paragraphs[:index], Problem(
                seed, line, f"original URL must be an http(s) URL, found '{_excerpt(url)}'"
            )
        return paragraphs[:index], url
    return paragraphs, Problem(
        seed,
        None,
        "no 'Original url:' trailer: end the seed with 'Original url:' and the source URL",
    )


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host and nothing that could break out of markup."""
    if any(c in url for c in "<>\"'`\\ \t\n") or len(url) > 2000:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


# --- body blocks: where paragraphs split and which lines are headings ---------------------------
#
# The scraper splits some sentences across two paragraphs (at a link, at a line break), so a
# paragraph without a final full stop may go on in the next one. But many such paragraphs are
# units of their own: a standfirst, a photo caption or credit, a date or source line, a heading.
# These rules say which, from the text alone; where it stays ambiguous a line is kept as a
# paragraph (a wrong heading adds a table-of-contents entry and splits the page; a wrong
# paragraph only loses emphasis).

# A dateline opens a story: `MOSCOW, August 18. /TASS/.`, `KYIV (Reuters) -`, `KYIV –`,
# `WASHINGTON, Feb 24 (AP) —`, `MOSCOW. July 25 (Interfax) -`, `NEW DELHI:`; with the place in
# small letters only before an agency in brackets (`Kharkiv (AFP) -`) or a colon (`Washington:`).
_CAPS_PLACE = r"[A-Z][A-Z.'’]*(?:[\s-][A-Z][A-Z.'’]*){0,3}"
_PLACE = r"[A-Z][\w.'’]*(?:[\s-][A-Z][\w.'’]*){0,2}"
_DATELINE = re.compile(
    rf"^(?:{_CAPS_PLACE}(?:[,.]\s*[^()\n]{{1,40}}?)?\s*(?:\([^()\n]{{1,30}}\)\s*)?(?:[-–—]{{1,2}}\s|\.?\s*/[A-Z][\w-]*/|:\s)"
    rf"|{_PLACE}(?:,\s*[^()\n]{{1,30}}?)?\s*\([A-Z][\w /.-]{{0,30}}\)\s*[-–—]{{1,2}}\s"
    rf"|{_PLACE}:\s)"
)
# Words that, written in capitals, start the lead-in of a story (`THE LAST time…`, `WHEN
# Ukrainian troops…`) rather than an acronym (`NATO said…`).
_LEAD_IN_WORDS = frozenset(
    "a an the when as it in for after on at if there this that these those once since while with "
    "by from before despite one two three some no few many most every".split()
)
# A photo credit or caption label: `© 2021 Maxar Technologies`, `.Credit:AP`, `Photograph: Gleb
# Garanich/Reuters`, `Photo: Russian Defence Ministry/TASS`, `AFP via Getty Images`.
_CREDIT = re.compile(
    r"©|\b(?:Credits?|Photo(?:graph)?s?|Picture|Image|Illustration|Video|Screenshot)\s*:|\bGetty "
    r"Images\b|\b(?:AP|AFP|EPA|Reuters) Photo\b|/(?:Reuters|AFP|AP|EPA|TASS|Sputnik|Anadolu)\b"
)
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
# A line that dates the article (`Aug. 9, 2022`, `Updated: 31/05/2022 - 10:42`, `9 August 2022`).
_DATE_IN_LINE = re.compile(
    rf"^(?:updated|published|posted|last updated)\b|\b\d{{1,2}}[./-]\d{{1,2}}[./-]\d{{2,4}}\b"
    rf"|\b{_MONTH}\s+\d{{1,2}},?\s+\d{{4}}\b|\b\d{{1,2}}\s+{_MONTH}\s+\d{{4}}\b",
    re.IGNORECASE,
)
# A heading that asks a question may end in a verb (`What the Kremlin says`).
_QUESTION_WORDS = frozenset("what how why who where when which".split())
_VERBS = frozenset("is was were are be been has have had said says".split())
# Capitalised titles that come before a name: a line ending in one was cut before the name.
_TITLE_WORDS = frozenset(
    "President Minister Secretary Chancellor Governor Mayor Ambassador General Prime Director "
    "Chairman Commissioner Senator Spokesman Spokeswoman Envoy Patriarch".split()
)


class _Unit(NamedTuple):
    """A body block before it is given its kind: "text" (one run), "bullets" or "related"."""

    line: int
    kind: str
    items: tuple[str, ...]


def _blocks(paragraphs: list[_Paragraph]) -> tuple[Block, ...]:
    """Classify body paragraphs and rejoin sentences the scraper split across paragraphs."""
    units = _units(paragraphs)
    blocks: list[Block] = []
    for index, unit in enumerate(units):
        if unit.kind == "bullets":
            blocks.append(Block("bullets", tuple(_inline(item) for item in unit.items), unit.line))
        elif unit.kind == "related":
            blocks.append(Block("related", ((Span(_plain(unit.items[0])),),), unit.line))
        else:
            before = units[index - 1] if index else None
            after = units[index + 1] if index + 1 < len(units) else None
            kind: Literal["subheading", "paragraph"]
            kind = "subheading" if _is_subheading(unit.items[0], before, after) else "paragraph"
            blocks.append(Block(kind, (_inline(unit.items[0]),), unit.line))
    return tuple(blocks)


def _units(paragraphs: list[_Paragraph]) -> list[_Unit]:
    """The body's blocks: bullet lines gathered into lists, related lines on their own, and each
    paragraph joined to the one before it when it carries on that one's sentence."""
    units: list[_Unit] = []
    after_finished = False  # whether the last unit began right after a finished block
    for paragraph in paragraphs:
        bullets = [_BULLET.match(line) for line in paragraph.lines]
        last = units[-1] if units else None
        if all(bullets):
            items = tuple(match[1] for match in bullets if match is not None)  # all are matches
            unit = _Unit(paragraph.line, "bullets", items)
            if last is not None and last.kind == "bullets":
                units[-1] = last._replace(items=last.items + unit.items)
                continue
        elif related := _RELATED.match(paragraph.text):
            unit = _Unit(paragraph.line, "related", (related[1],))
        elif (
            last is not None
            and last.kind == "text"
            and _continues(last.items[0], paragraph.text, after_finished)
        ):
            units[-1] = last._replace(items=(f"{last.items[0]} {paragraph.text}",))
            continue
        else:
            unit = _Unit(paragraph.line, "text", (paragraph.text,))
        after_finished = last is not None and (last.kind != "text" or _ends_sentence(last.items[0]))
        units.append(unit)
    return units


def _continues(previous: str, following: str, after_finished: bool = True) -> bool:
    """Whether `following` carries on the sentence that `previous` left unfinished;
    `after_finished` says whether `previous` began right after a finished block, as a paragraph
    does (not the first block, nor one after an unfinished line: a standfirst, a caption)."""
    if _ends_sentence(previous):
        return False
    if following.lstrip("\"“‘'(«")[:1].islower():
        return True
    # A line cut after `the`, before a name or inside a quotation goes on whatever comes next.
    if _breaks_off(previous) or previous.split()[-1] in _TITLE_WORDS or _open_quotation(previous):
        return True
    if _is_credit(previous) or _is_date_line(previous) or _starts_unit(following):
        return False
    # A short unfinished line is a heading or a caption, not half a sentence, and so is the
    # next line when it is one. A long unfinished line is the standfirst, or a caption, unless
    # it starts after a finished block. (A short line that does not start with a letter, such
    # as a live blog's `08:31 BST`, still joins the entry it times.)
    caption = not after_finished and len(previous.split()) > _SUBHEADING_MAX_WORDS
    return not (_heading_shaped(previous) or _heading_shaped(following) or caption)


def _starts_unit(text: str) -> bool:
    """Whether a paragraph opens a new unit however the one before it ended: a dateline, a
    lead-in in capitals, or a quotation."""
    if _DATELINE.match(text):
        return True
    words = [word.strip(",.:;'’\"“”") for word in text.split()[:2]]
    if (
        len(words) == 2
        and _capitals(words[0])
        and (_capitals(words[1]) or words[0].lower() in _LEAD_IN_WORDS)
    ):
        return True
    return bool(text) and text[0] in '"“«‘' and text[1:2].isupper()


def _capitals(word: str) -> bool:
    return (len(word) >= 2 or word in ("A", "I")) and word.isalpha() and word.isupper()


def _open_quotation(text: str) -> bool:
    """Whether a quotation opened in `text` is still open at its end."""
    return (
        text.count('"') % 2 == 1
        or text.count("“") > text.count("”")
        or text.count("«") > text.count("»")
    )


def _is_credit(text: str) -> bool:
    return bool(_CREDIT.search(text[-80:]))


def _is_date_line(text: str) -> bool:
    return len(text.split()) <= _SUBHEADING_MAX_WORDS and (
        _is_date(text) or bool(_DATE_IN_LINE.search(text))
    )


def is_label_line(text: str) -> bool:
    """Whether a paragraph labels the article rather than tells it: a line that does not end a
    sentence and is short (an outlet's name), a date or a photo credit. Not its lead."""
    return not _ends_sentence(text) and (
        len(text.split()) <= _SUBHEADING_MAX_WORDS or _is_credit(text)
    )  # (a date line is short)


def _is_subheading(text: str, before: _Unit | None, after: _Unit | None) -> bool:
    """Whether a heading-shaped line is a heading. A heading divides the body into sections: a
    section ends with a finished paragraph (or a list or related line) before it, and one starts
    after it (a list, a related line or a paragraph that is not itself an unfinished line
    starting with a capital). So the first line is not one (it is the standfirst or a caption),
    nor is the last, and of two short lines in a row neither is: they are captions (after a
    photo, a heading and a caption cannot be told apart; a paragraph is the safer guess). Dates
    and credits are never headings."""
    if (
        before is None
        or after is None
        or not _heading_shaped(text)
        or _is_credit(text)
        or _is_date_line(text)
    ):
        return False
    if before.kind == "text" and not _ends_sentence(before.items[0]):
        return False
    return not (
        after.kind == "text" and not _ends_sentence(after.items[0]) and after.items[0][:1].isupper()
    )


def _heading_shaped(text: str) -> bool:
    """A short line that starts with a capital and does not end a sentence or break off."""
    words = text.split()
    return (
        0 < len(words) <= _SUBHEADING_MAX_WORDS
        and not _ends_sentence(text)
        and text[:1].isalpha()
        and not text[:1].islower()
        and not _breaks_off(text)
    )


def _breaks_off(text: str) -> bool:
    """Whether a line ends in a word that cannot end a sentence (`…said at a`); a heading that
    asks a question may end in a verb (`What the Kremlin says`)."""
    words = text.lower().split()
    return words[-1] in _CONTINUING_WORDS and not (
        words[0] in _QUESTION_WORDS and words[-1] in _VERBS
    )


def _ends_sentence(text: str) -> bool:
    return text.rstrip().endswith(_ENDS_SENTENCE)


def _inline(text: str) -> Inline:
    """Split text into spans: a link to an http(s) URL is kept; any other link (the scraper's `#`
    placeholders, `javascript:`, `data:`, relative paths) keeps its text and loses its target."""
    spans: list[Span] = []
    position = 0
    for match in _LINK.finditer(text):
        label, target = match[1], match[2]
        spans.append(Span(text[position : match.start()]))
        spans.append(Span(label, target if is_web_url(target) and label.strip() else None))
        position = match.end()
    spans.append(Span(text[position:]))
    merged: list[Span] = []
    for span in spans:
        if not span.text:
            continue
        if merged and merged[-1].href is None and span.href is None:
            merged[-1] = Span(merged[-1].text + span.text)
        else:
            merged.append(span)
    return tuple(merged)


def _plain(text: str) -> str:
    """Text with link syntax reduced to the link's text."""
    return "".join(span.text for span in _inline(text)).strip()


def _clean(line: str) -> str:
    """A line with control characters removed and runs of whitespace collapsed; a line of only
    whitespace and invisible format characters (zero-width space, BOM) is blank."""
    if (
        line.isascii()
    ):  # (most lines: NFC leaves them as they are, and no ASCII character is a format one)
        return " ".join(_CONTROL.sub("", line).split())
    line = unicodedata.normalize("NFC", _CONTROL.sub("", line))
    if all(c.isspace() or unicodedata.category(c) == "Cf" for c in line):
        return ""
    return " ".join(line.split())


def _block_text(block: Block) -> str:
    return " ".join("".join(span.text for span in item) for item in block.items)


def article_text(article: Article) -> str:
    """The article's body as plain text: what word counts and search are about."""
    return " ".join(_block_text(block) for block in article.blocks)


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
