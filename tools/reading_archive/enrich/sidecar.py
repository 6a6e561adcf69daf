"""Sidecar files: what curators add to an article without touching its seed.

`seeds/<name>.yml` beside `seeds/<name>.txt` may correct the metadata the parser found (title,
date, authors, publisher) and add tags, a summary, glossary terms the text does not name, and
annotations of passages. The format is documented by schemas/sidecar.schema.json; this module
checks the same rules by hand so that every message names the file and line at fault (the
nodes that curator_yaml reads give the lines) and building the site needs no schema library. A
sidecar with any error is not applied at all: the article builds from its seed alone until the
sidecar is mended.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePath
from typing import Any, TypeVar

import yaml

from ..base.files import NotARegularFile, read_regular_file
from ..model import Annotation, Article, Problem, TextQuote
from ..read.curator_yaml import CuratorYaml, CuratorYamlError, load_curator_yaml, shown
from .annotate import anchor_annotations

SIDECAR_SUFFIX = ".yml"
MAX_SIDECAR_BYTES = 1024 * 1024
MAX_TITLE = 300
MAX_TAG = 60
MAX_SUMMARY = 1000
MAX_QUOTE = 1000
MAX_CONTEXT = 200  # prefix and suffix
MAX_BODY = 20_000
MAX_ANNOTATIONS = (
    500  # each quote is looked for in the whole text: bounds an article's anchoring time
)
_TERM_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FIELDS = (
    "title",
    "date",
    "authors",
    "credits",
    "publisher",
    "tags",
    "summary",
    "terms",
    "annotations",
)
_ANNOTATION_FIELDS = ("quote", "prefix", "suffix", "body", "author", "date")


@dataclass(frozen=True)
class Sidecar:
    """A valid sidecar file, as written: None (or empty) for what it does not set."""

    path: str  # relative to the project root
    digest: str  # sha256 of its bytes
    title: str | None = None
    date: dt.date | None = None
    date_line: int | None = None  # the file's line that sets `date`
    authors: tuple[str, ...] | None = None
    credits: tuple[str, ...] | None = None  # agencies, outlets and desks: never cited as people
    publisher: str | None = None
    tags: tuple[str, ...] = ()
    summary: str | None = None
    terms: tuple[tuple[str, int], ...] = ()  # glossary id and its line
    annotations: tuple[Annotation, ...] = ()


def _byline_names(article: Article, sidecar: Sidecar) -> dict[str, Any]:
    """The byline's people and credits as the sidecar corrects them. `authors:` replaces the
    byline (its credits too, unless `credits:` names them); `credits:` alone moves the names it
    lists out of the people (an outlet the parser took for a person). Once the sidecar names
    either, the page shows its names instead of the seed's line."""
    if sidecar.authors is None and sidecar.credits is None:
        return {}
    credits = sidecar.credits if sidecar.credits is not None else ()
    if sidecar.authors is not None:
        authors = sidecar.authors
    else:
        authors = tuple(name for name in article.authors if name not in credits)
    return {"authors": authors, "credits": credits, "byline": None}


class SidecarError(Exception):
    """A sidecar that cannot be applied; carries every problem found in it."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


_SeedPath = TypeVar("_SeedPath", bound=PurePath)  # a file's path, or a name in messages


def sidecar_path(seed_path: _SeedPath) -> _SeedPath:
    return seed_path.with_suffix(SIDECAR_SUFFIX)


def read_sidecar(path: Path, root: Path) -> Sidecar:
    """The sidecar file at `path` (`root` is the project folder its name is relative to)."""
    source = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
    try:
        data = read_regular_file(path, MAX_SIDECAR_BYTES)
    except NotARegularFile as error:
        message = f"is {error.kind}; a sidecar must be a regular file in the seeds folder"
        raise SidecarError([Problem(source, None, message)]) from None
    except OSError as error:
        raise SidecarError(
            [Problem(source, None, f"cannot read the file: {error.strerror}")]
        ) from None
    return parse_sidecar(data, source)


def parse_sidecar(data: bytes, source: str) -> Sidecar:
    """A sidecar from its bytes; raises SidecarError listing every problem, each with its line."""
    if len(data) > MAX_SIDECAR_BYTES:
        raise SidecarError(
            [
                Problem(
                    source,
                    None,
                    f"file is larger than {MAX_SIDECAR_BYTES:,} bytes, the limit for a sidecar",
                )
            ]
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise SidecarError(
            [Problem(source, line, "not UTF-8 text; re-save the file as UTF-8")]
        ) from None
    try:
        document = load_curator_yaml(text, source)
    except CuratorYamlError as error:
        raise SidecarError(error.problems) from None
    if document.data is None:
        raise SidecarError(
            [
                Problem(
                    source,
                    None,
                    "empty sidecar: write the fields to add (see docs/guide.md, Sidecar files), "
                    "or delete the file",
                )
            ]
        )
    checker = _Checker(source, document)
    sidecar = checker.sidecar(document.data, hashlib.sha256(data).hexdigest())
    if checker.problems:
        raise SidecarError(checker.problems)
    return sidecar


def apply_sidecar(
    article: Article, sidecar: Sidecar, term_ids: Collection[str]
) -> tuple[Article, list[Problem]]:
    """The article as the sidecar corrects and annotates it, and what went wrong.

    An unknown glossary term is an error, and an article with an erroneous sidecar is returned
    unchanged (built from its seed alone); an annotation whose passage is not found is a warning
    and is kept, unanchored.
    """
    unknown = [
        Problem(sidecar.path, line, f"unknown glossary term '{term}': no glossary/{term}.md")
        for term, line in sidecar.terms
        if term not in term_ids
    ]
    if unknown:
        return article, unknown
    terms, mentions = list(article.terms), list(article.mentions)
    for term, _ in sidecar.terms:
        if term not in terms:  # shown and related like a mention, though the text never names it
            terms.append(term)
            mentions.append(1)
    annotated, annotations, problems = anchor_annotations(
        article, sidecar.annotations, sidecar.path
    )
    return (
        dataclasses.replace(
            annotated,
            title=sidecar.title or article.title,
            date=sidecar.date or article.date,
            **_byline_names(article, sidecar),
            publisher=sidecar.publisher,
            tags=sidecar.tags,
            summary=sidecar.summary,
            terms=tuple(terms),
            mentions=tuple(mentions),
            annotations=annotations,
            sidecar=sidecar.path,
            sidecar_hash=sidecar.digest,
        ),
        problems,
    )


class _Checker:
    """Checks a loaded sidecar field by field, collecting a problem (with its line) for each
    thing wrong, and builds the Sidecar from what is right."""

    def __init__(self, source: str, document: CuratorYaml):
        self.source = source
        self.problems: list[Problem] = []
        self.lines: dict[tuple[Any, ...], int] = {}
        if document.node is not None:
            self._record_lines(document, document.node, ())

    def _record_lines(self, document: CuratorYaml, node: yaml.Node, path: tuple[Any, ...]) -> None:
        """File line of every value, by its path of keys and indexes. (A tree: curator_yaml
        refuses aliases, which could make it a graph of a billion paths, and deep nesting.)"""
        self.lines[path] = document.line(node)
        if isinstance(node, yaml.MappingNode):
            for key, value in node.value:
                name = str(key.value)
                self._record_lines(document, value, (*path, name))
                self.lines[(*path, name)] = document.line(key)
        elif isinstance(node, yaml.SequenceNode):
            for index, item in enumerate(node.value):
                self._record_lines(document, item, (*path, index))

    def fail(self, message: str, line: int | None) -> None:
        self.problems.append(Problem(self.source, line, message))

    def line(self, *path: Any) -> int | None:
        while path and path not in self.lines:
            path = path[:-1]
        return self.lines.get(path)

    def sidecar(self, data: Any, digest: str) -> Sidecar:
        if not isinstance(data, dict):
            self.fail(f"a sidecar must be a mapping of fields ({', '.join(_FIELDS)})", self.line())
            return Sidecar(self.source, digest)
        self.unknown_fields(data, _FIELDS, ())
        return Sidecar(
            path=self.source,
            digest=digest,
            title=self.text(data, "title", MAX_TITLE, ()),
            date=self.date(data, ()),
            date_line=self.line("date") if "date" in data else None,
            authors=self.texts(data, "authors", MAX_TITLE, ()),
            credits=self.texts(data, "credits", MAX_TITLE, ()),
            publisher=self.text(data, "publisher", MAX_TITLE, ()),
            tags=self.tags(data),
            summary=self.text(data, "summary", MAX_SUMMARY, ()),
            terms=self.terms(data),
            annotations=self.annotations(data),
        )

    def unknown_fields(self, data: dict, fields: tuple[str, ...], path: tuple[Any, ...]) -> None:
        for key in data:
            if str(key) not in fields:
                name = str(key)
                self.fail(
                    f"unknown field {shown(name)} (fields are: {', '.join(fields)})",
                    self.line(*path, name),
                )

    def text(
        self, data: dict, key: str, limit: int, path: tuple[Any, ...], *, required: bool = False
    ) -> str | None:
        """A non-empty text of at most `limit` characters, each run of whitespace one space."""
        if key not in data or data[key] is None:
            if required:
                self.fail(f"'{key}' is missing", self.line(*path))
            elif key in data:
                self.fail(
                    f"'{key}' is empty: give a text or leave the field out", self.line(*path, key)
                )
            return None
        value = data[key]
        if not isinstance(value, str) or not value.strip():
            self.fail(
                f"'{key}' must be a non-empty text, found {shown(value)}", self.line(*path, key)
            )
            return None
        if len(value) > limit:
            self.fail(f"'{key}' is longer than {limit:,} characters", self.line(*path, key))
            return None
        return " ".join(value.split())

    def texts(
        self, data: dict, key: str, limit: int, path: tuple[Any, ...]
    ) -> tuple[str, ...] | None:
        """A list of texts; None when the field is absent, () when it is empty."""
        value = data.get(key)
        if value is None:
            return None if key not in data else ()
        if not isinstance(value, list):
            self.fail(f"'{key}' must be a list", self.line(*path, key))
            return None
        items = []
        for index, item in enumerate(value):
            if not isinstance(item, str) or not item.strip() or len(item) > limit:
                self.fail(
                    f"each of '{key}' must be a non-empty text of at most {limit} characters, "
                    f"found {shown(item)}",
                    self.line(*path, key, index),
                )
                continue
            items.append(" ".join(item.split()))
        return tuple(items)

    def date(self, data: dict, path: tuple[Any, ...]) -> dt.date | None:
        if "date" not in data:
            return None
        value = data["date"]
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value.strip())
            except ValueError:
                pass
        if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
            self.fail(
                "'date' must be a date written YYYY-MM-DD (e.g. 2021-12-08), found "
                f"{shown(data['date'])}",
                self.line(*path, "date"),
            )
            return None
        return value

    def tags(self, data: dict) -> tuple[str, ...]:
        tags = self.texts(data, "tags", MAX_TAG, ()) or ()
        for index, tag in enumerate(tags):
            if tag in tags[:index]:
                self.fail(f"tag '{tag}' is listed twice", self.line("tags", index))
        return tuple(dict.fromkeys(tags))

    def terms(self, data: dict) -> tuple[tuple[str, int], ...]:
        value = data.get("terms")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(
                "'terms' must be a list of glossary ids (the names of glossary/<id>.md)",
                self.line("terms"),
            )
            return ()
        terms = []
        for index, term in enumerate(value):
            line = self.line("terms", index) or 0
            if not isinstance(term, str) or not _TERM_ID.match(term):
                self.fail(
                    "glossary term ids are lower-case letters, digits and hyphens, found "
                    f"{shown(term)}",
                    line,
                )
            else:
                terms.append((term, line))
        return tuple(terms)

    def annotations(self, data: dict) -> tuple[Annotation, ...]:
        value = data.get("annotations")
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail("'annotations' must be a list of {quote, body}", self.line("annotations"))
            return ()
        if len(value) > MAX_ANNOTATIONS:
            too_many = self.line("annotations", MAX_ANNOTATIONS)
            self.fail(
                f"more than {MAX_ANNOTATIONS} annotations ({len(value):,}) for one article",
                too_many,
            )
            return ()
        annotations = []
        for index, item in enumerate(value):
            path = ("annotations", index)
            if not isinstance(item, dict):
                self.fail(
                    "an annotation must be a mapping with at least 'quote' and 'body'",
                    self.line(*path),
                )
                continue
            self.unknown_fields(item, _ANNOTATION_FIELDS, path)
            quote = self.text(item, "quote", MAX_QUOTE, path, required=True)
            body = self.body(item, path)
            prefix = self.context(item, "prefix", path)
            suffix = self.context(item, "suffix", path)
            author = self.text(item, "author", MAX_TITLE, path)
            date = self.date(item, path)
            if quote and body:
                annotations.append(
                    Annotation(
                        index + 1,
                        TextQuote(quote, prefix, suffix),
                        body,
                        author,
                        date,
                        self.line(*path) or 0,
                    )
                )
        return tuple(annotations)

    def body(self, item: dict, path: tuple[Any, ...]) -> str | None:
        """Markdown: kept as written (its line breaks mean something), only trimmed."""
        value = item.get("body")
        if not isinstance(value, str) or not value.strip():
            self.fail(
                f"'body' must be the note, in Markdown, found {shown(value)}",
                self.line(*path, "body"),
            )
            return None
        if len(value) > MAX_BODY:
            self.fail(f"'body' is longer than {MAX_BODY:,} characters", self.line(*path, "body"))
            return None
        return value.strip()

    def context(self, item: dict, key: str, path: tuple[Any, ...]) -> str:
        """A prefix or suffix: spaces matter at its inner edge, so only runs are collapsed."""
        value = item.get(key)
        if value is None:
            return ""
        if not isinstance(value, str) or len(value) > MAX_CONTEXT:
            self.fail(
                f"'{key}' must be a text of at most {MAX_CONTEXT} characters, found {shown(value)}",
                self.line(*path, key),
            )
            return ""
        return re.sub(r"\s+", " ", value)
