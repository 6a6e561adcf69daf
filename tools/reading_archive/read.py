"""Read stage: a seed file, as the scraper saved it, becomes an `Article`.

The seed format: leading blank lines; a title line; an optional byline (`By [AFP](#)`); a date
line; an optional photo caption ending in a credit link; body paragraphs separated by blank
lines (with subheadings, bullets and `Related article: [Title](#)` lines); and the trailer
`Original url:` followed by `<https://…>`. Links whose target is `#` are scraper placeholders:
their text is kept, the link dropped.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from .bylines import byline_text, parse_byline
from .dates import DateError, parse_date
from .files import NotARegularFile, read_regular_file
from .model import Article, Block, Caption, Inline, Problem, SeedError, Span

MAX_SEED_BYTES = 4 * 1024 * 1024
"""Seeds larger than this are rejected: a news article is a few dozen kilobytes."""

_TARGET = r"((?:[^()\s]|\([^()\s]*\))*)"  # a link target, with at most one level of parentheses
_LINK = re.compile(r"\[([^\[\]\n]*)\]\(" + _TARGET + r"\)")
_TRAILING_LINK = re.compile(r"\[([^\[\]\n]+)\]\(" + _TARGET + r"\)\s*$")
_TRAILER = re.compile(r"^original\s+url\s*:\s*(.*)$", re.IGNORECASE)
_RELATED = re.compile(r"^related\s+(?:article|story|stories|articles)\s*:\s*(.+)$", re.IGNORECASE)
_BULLET = re.compile(r"^[•●▪‣◦*\-–]\s+(.*)$")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_ENDS_SENTENCE = tuple('.!?:;"”’\')…»]')
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
    return parse_seed(decode_seed(data, seed), seed, source_hash or hashlib.sha256(data).hexdigest())


def decode_seed(data: bytes, seed: str) -> str:
    """The seed's text: UTF-8 (with or without BOM), line ends normalised to `\\n`."""
    if len(data) > MAX_SEED_BYTES:
        raise SeedError(Problem(seed, None, f"file is larger than {MAX_SEED_BYTES:,} bytes, the limit for a seed"))
    if b"\x00" in data:
        raise SeedError(Problem(seed, None, "binary file, not text: a seed must be a UTF-8 text file"))
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
        raise SeedError(Problem(seed, None, "empty file: a seed needs a title, a date, a body and an 'Original url:'"))
    return text


def parse_seed(text: str, seed: str, source_hash: str = "") -> Article:
    """Parse seed text into an Article, or raise SeedError naming the line that is wrong."""
    # Problems are reported top-down: a missing trailer only once everything above it is fine.
    paragraphs, original_url = _split_trailer(_paragraphs(text), seed)

    if not paragraphs:
        raise SeedError(Problem(seed, None, "no title: the first non-blank line must be the article's title"))
    title_paragraph, *rest = paragraphs
    title = _plain(title_paragraph.text)
    byline_without_title = byline_text(title_paragraph.text) is not None and bool(rest) and _is_date(rest[0].text)
    if not title or parse_date(title) is not None or byline_without_title:
        raise SeedError(Problem(seed, title_paragraph.line, "no title: the first non-blank line must be the article's title"))

    byline = None
    if rest and (line := byline_text(rest[0].text)) is not None:
        byline = parse_byline(_plain(line))  # people apart from agencies and desks
        rest = rest[1:]

    if not rest:
        raise SeedError(Problem(seed, title_paragraph.line, "no date line after the title (e.g. 'December 08, 2021')"))
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
                f"expected the date line (e.g. 'December 08, 2021' or '2021-12-08'), found '{_excerpt(date_paragraph.text)}'",
            )
        )

    caption = None
    if rest and not _RELATED.match(rest[0].text) and (credit := _TRAILING_LINK.search(rest[0].text)):
        caption = Caption(_plain(rest[0].text[: credit.start()]), _plain(credit[1]) or None)
        rest = rest[1:]

    blocks = _blocks(rest)
    if not blocks:
        raise SeedError(Problem(seed, date_paragraph.line, "no body text after the date line"))
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
        date_line=date_paragraph.line,
        byline=byline.text if byline else None,
        credits=byline.credits if byline else (),
    )


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


def _split_trailer(paragraphs: list[_Paragraph], seed: str) -> tuple[list[_Paragraph], str | Problem]:
    """Remove the `Original url:` trailer; return the remaining paragraphs and the URL (or what is
    wrong with it)."""
    for index in range(len(paragraphs) - 1, -1, -1):
        trailer = _TRAILER.match(paragraphs[index].lines[0])
        if not trailer:
            continue
        after = [trailer[1], *paragraphs[index].lines[1:]] + [p.text for p in paragraphs[index + 1 : index + 2]]
        candidates = [c.strip() for c in after if c.strip()]
        line = paragraphs[index].line
        if not candidates:
            return paragraphs[:index], Problem(seed, line, "'Original url:' is not followed by a URL")
        url = candidates[0].split()[0].removeprefix("<").removesuffix(">")
        if not is_web_url(url):
            return paragraphs[:index], Problem(seed, line, f"original URL must be an http(s) URL, found '{_excerpt(url)}'")
        return paragraphs[:index], url
    return paragraphs, Problem(seed, None, "no 'Original url:' trailer: end the seed with 'Original url:' and the source URL")


def is_web_url(url: str) -> bool:
    """True for an absolute http(s) URL with a host and nothing that could break out of markup."""
    if any(c in url for c in '<>"\'`\\ \t\n') or len(url) > 2000:
        return False
    try:
        parts = urlsplit(url)
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _blocks(paragraphs: list[_Paragraph]) -> tuple[Block, ...]:
    """Classify body paragraphs and rejoin sentences the scraper split across paragraphs."""
    blocks: list[Block] = []
    pending: tuple[int, str] | None = None  # a paragraph whose sentence may go on

    def flush(kind: str = "paragraph") -> None:
        nonlocal pending
        if pending is not None:
            line, text = pending
            blocks.append(Block(kind, (_inline(text),), line))  # type: ignore[arg-type]
            pending = None

    for paragraph in paragraphs:
        bullets = [_BULLET.match(line) for line in paragraph.lines]
        related = _RELATED.match(paragraph.text)
        if all(bullets):
            flush(_settled_kind(pending))
            items = tuple(_inline(match[1]) for match in bullets)  # type: ignore[index]
            if blocks and blocks[-1].kind == "bullets":
                previous = blocks.pop()
                blocks.append(Block("bullets", previous.items + items, previous.line))
            else:
                blocks.append(Block("bullets", items, paragraph.line))
        elif related:
            flush(_settled_kind(pending))
            blocks.append(Block("related", ((Span(_plain(related[1])),),), paragraph.line))
        elif pending is not None and _continues(pending[1], paragraph.text):
            pending = (pending[0], f"{pending[1]} {paragraph.text}")
        else:
            flush(_settled_kind(pending))
            pending = (paragraph.line, paragraph.text)
        if pending is not None and _ends_sentence(pending[1]):
            flush()
    flush()
    return tuple(blocks)


def _settled_kind(pending: tuple[int, str] | None) -> str:
    """What a paragraph is once the next one does not carry on its sentence."""
    return "subheading" if pending and _is_subheading(pending[1]) else "paragraph"


def _continues(previous: str, following: str) -> bool:
    """Whether `following` carries on the sentence that `previous` left unfinished."""
    if _ends_sentence(previous):
        return False
    first = following.lstrip("\"“‘'(«")[:1]
    if first.islower():
        return True
    return not _is_subheading(previous)


def _is_subheading(text: str) -> bool:
    words = text.split()
    return (
        0 < len(words) <= _SUBHEADING_MAX_WORDS
        and not _ends_sentence(text)
        and text[:1].isalpha()
        and not text[:1].islower()
        and words[-1].lower() not in _CONTINUING_WORDS
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
    if line.isascii():  # (most lines: NFC leaves them as they are, and no ASCII character is a format one)
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
