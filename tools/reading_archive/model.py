"""The data that flows through the pipeline: frozen values, no behaviour beyond derivations."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass, field
from typing import Literal, NamedTuple

from .base.one_line import escaped_text, quoted_path


@dataclass(frozen=True)
class Span:
    """A run of article text; `href` is set only for a real http(s) link kept from the seed,
    `term` for a mention of a glossary term (its id), `annotation` inside an annotated passage."""

    text: str
    href: str | None = None
    term: str | None = None
    annotation: int | None = (
        None  # number of the annotation whose highlighted passage this is part of
    )


Inline = tuple[Span, ...]


@dataclass(frozen=True)
class Block:
    """One block of the article body, with the seed line it starts on.

    kind: "paragraph" and "subheading" hold one inline run in `items[0]`; "bullets" holds one
    inline run per item; "related" holds the referenced title in `items[0]`.
    """

    kind: Literal["paragraph", "subheading", "bullets", "related"]
    items: tuple[Inline, ...]
    line: int


@dataclass(frozen=True)
class Caption:
    text: str
    credit: str | None


@dataclass(frozen=True)
class TextQuote:
    """A passage named by its exact text and, to tell repeats apart, the text just before and
    after it: the W3C Web Annotation TextQuoteSelector."""

    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Anchor:
    """Where an annotation's passage is in the article now: characters start:end of the plain
    text of item `item` of block `block`."""

    block: int
    item: int
    start: int
    end: int
    quote: TextQuote  # the passage and its context as they are in the current text
    exact: (
        bool  # False when found only with edits (the seed's text changed): the quote needs updating
    )


@dataclass(frozen=True)
class Annotation:
    """A curator's note on a passage, from the article's sidecar file."""

    number: int  # 1-based, in sidecar order: the page's ids are annotation-<number>
    target: TextQuote  # as the curator wrote it
    body: str  # Markdown
    author: str | None = None
    date: dt.date | None = None
    line: int = 0  # in the sidecar file
    anchor: Anchor | None = None  # None: its passage is not in the text (listed as unanchored)


@dataclass(frozen=True)
class Article:
    """A seed as parsed: faithful to the text, with validated metadata."""

    seed: str  # path of the seed file relative to the project root, POSIX separators
    title: str
    date: dt.date
    authors: tuple[str, ...]
    caption: Caption | None
    blocks: tuple[Block, ...]
    original_url: str
    source_hash: str  # sha256 of the seed's bytes
    text_hash: str  # sha256 of the body text with whitespace normalised: finds re-scraped copies
    terms: tuple[str, ...] = ()  # ids of the glossary terms mentioned, in order of first mention
    mentions: tuple[int, ...] = ()  # how often each of `terms` is mentioned
    # Curated in the seed's sidecar file (seeds/<name>.yml); title, date and authors above are
    # the sidecar's corrections when it makes any.
    tags: tuple[str, ...] = ()
    summary: str | None = None  # plain text
    publisher: str | None = None  # overrides the publisher named for the original URL's host
    annotations: tuple[Annotation, ...] = ()
    sidecar: str | None = None  # path of the sidecar file relative to the project root
    sidecar_hash: str = ""  # sha256 of the sidecar's bytes
    date_line: int = (
        0  # the seed's line that states the date (where a warning about the date points)
    )
    # The byline as the article says it, after "By" (None without one, or when the sidecar names
    # the authors); `authors` are the people it names, `credits` the agencies, outlets and desks
    # ("AFP", "Reuters staff", "Agencies"): never cited as people (read/bylines.py).
    byline: str | None = None
    credits: tuple[str, ...] = ()


@dataclass(frozen=True)
class Reference:
    title: str
    url: str


@dataclass(frozen=True)
class Term:
    """A glossary entry, as curated in glossary/<id>.md."""

    id: str
    term: str
    type: str
    aliases: tuple[str, ...]
    summary: str
    explanation: str  # Markdown
    references: tuple[Reference, ...]
    source: str  # path of the term's file relative to the project root
    lines: tuple[int, ...] = field(default=(), compare=False)  # file line of each alias
    exclusions: tuple[
        str, ...
    ] = ()  # `not`: phrases in which a name of the term is another thing's
    exclusion_lines: tuple[int, ...] = field(
        default=(), compare=False
    )  # file line of each exclusion


@dataclass(frozen=True)
class Problem:
    """Something wrong with an input file, reported as `path:line: severity: message`."""

    path: str
    line: int | None
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        """One line, whatever the path and message hold (base/one_line.py)."""
        path = quoted_path(self.path)
        where = f"{path}:{self.line}" if self.line else path
        return f"{where}: {self.severity}: {escaped_text(self.message)}"


class SeedError(Exception):
    """A seed that cannot become an article. Carries the problem to report."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class ArticleLink(NamedTuple):
    """What another page shows of an article when it links to it. (A named tuple: every run
    makes one per article, and a frozen dataclass takes four times as long to make.)"""

    title: str
    date: dt.date
    publisher: str
    path: str  # of the article's page, relative to the docs folder


@dataclass(frozen=True)
class Page:
    """A generated Markdown page: where it goes under the output folder, and its text."""

    path: str  # POSIX path relative to the output folder, e.g. "2021/12/slug.md"
    text: str
    seed: str = field(compare=False, default="")

    @property
    def data(self) -> bytes:
        """The text, UTF-8."""
        return self.text.encode("utf-8")

    @property
    def checksum(self) -> str:
        return checksum_of(self.text)


CHECKSUM_LINE = re.compile(r"^checksum: ([0-9a-f]{64})\n(?=---\n)", re.MULTILINE)


def checksum_of(page: str) -> str:
    """The checksum a generated page records of itself (any other text: the sha256 of it)."""
    match = CHECKSUM_LINE.search(page)
    return match[1] if match else hashlib.sha256(page.encode("utf-8")).hexdigest()


class ArticleSummary(NamedTuple):
    """What the stages after reading need of an article, its page aside. Small and made of
    plain values, so that the cache keeps one for every seed and loads them fast."""

    seed: str
    title: str
    ordinal: int  # the date, as date.toordinal()
    authors: tuple[str, ...]
    original_url: str
    source_hash: str
    text_hash: str
    terms: tuple[str, ...]
    mentions: tuple[int, ...]
    tags: tuple[str, ...]
    references: tuple[tuple[str, int], ...]  # "Related article:" titles, with their seed lines
    description: str  # the lead, as listings show it (render.describe)
    slug: str  # slugs.slugify(title)
    host: str  # publishers.publisher_host(original_url)
    publisher: str | None  # the sidecar's correction of the publisher, if any
    dataset: (
        str  # the article's own fields in the dataset, as a JSON object (export.dataset_fields)
    )
    date_line: int  # the seed's line that states the date
    body_line: int  # the seed's line where the body starts (where a warning about a copy points)
    credits: tuple[
        str, ...
    ] = ()  # the agencies, outlets and desks the byline credits (feeds name them)

    @property
    def date(self) -> dt.date:
        return dt.date.fromordinal(self.ordinal)
