"""The archive as a dataset for researchers: `archive.jsonl` (one article per line, everything
known about it and its text) and `archive.csv` (one row of metadata per article).

Records are made from the fields of `Article` generically, so a field that the model gains
(curated tags, corrections, annotations…) reaches archive.jsonl without a change here: nested
values become JSON objects, tuples become lists, dates ISO 8601 strings. The CSV's columns come
from the same fields' types, so they are the same whatever the data: a field of plain values
is a column, a small object (the caption) one column per part, a list of plain values one
column joined with "; ", and lists of objects (annotations) are left to archive.jsonl.
content/data.md documents every field. Both files are deterministic: articles in time order
(as the site lists them), fields in the model's order.

Each article's line and row are made once and kept in the conversion cache with what they were
made of (its fields, its page, publisher and related articles): after an edit, only the records
that changed are encoded again, and the files are the kept ones one after the other, byte for
byte what a run from scratch writes. Each file is given as its parts (mostly views of the
cache's pack: no copy of 60 MB is made to write it) and a digest of the names of its parts,
which tells the write stage whether the file changed without reading it (`write_dataset`).
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import hashlib
import io
import json
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import Any, NamedTuple, Protocol

from ..base.digest import value_digest
from ..model import Article, ArticleLink, ArticleSummary, Block
from ..render.webannotation import page_url as relative_page_url
from ..settings import Settings

JSONL_NAME = "archive.jsonl"
CSV_NAME = "archive.csv"
LIST_SEPARATOR = "; "  # between the values of a list in one CSV cell

_REPLACED = {"blocks"}  # the body's structure; records carry it as plain `text`
_LEFT_OUT = {
    "date_line"
}  # where the seed states the date: for messages about it, not data about the article
# What the archive adds around an article; it wins over a field of the same name (a sidecar's
# publisher correction, say, is already in the publisher the archive resolved).
_CONTEXT = ("id", "url", "publisher", "related", "text")
_NOT_IN_CSV = {"text"}  # the CSV is metadata only
_PLAIN = (str, int, float, bool, dt.date)


class TextPack(Protocol):
    """Where the conversion cache keeps texts by name (its pack): what records read from it."""

    def read_many(self, names: list[str]) -> list[memoryview]: ...


def dataset_files(
    listed: Sequence[tuple[ArticleSummary, ArticleLink]],
    related: Mapping[str, tuple[str, ...]],
    known: Mapping[str, DatasetRecord],
    pack: TextPack,
    code: str,
    settings: Settings,
) -> tuple[dict[str, DatasetFile], dict[str, DatasetRecord]]:
    """The dataset files, and each article's record: a record whose inputs did not change since
    the cached run (`known`) is not made again, and the files are the records one after the other
    (with the texts, which are most of archive.jsonl, from the cache's pack). `code` is the
    converter's fingerprint: the files' digests name it, as the code decides how they are written.
    """
    where = (settings.site_url, settings.use_directory_urls, _seeds_folder(settings))
    records: dict[str, DatasetRecord | None] = {}  # in the order of the articles; None: to be made
    texts: list[bytes | None] = []
    remade: list[tuple[str, str, tuple[Any, ...]]] = []  # seed, fields (or "": in the pack), key
    for article, link in listed:  # (10,000 times)
        seed = article.seed
        digest, own, text = dataset_parts(article.dataset)
        key = (digest, link.path, link.publisher, related.get(seed, ()), where)
        record = known.get(seed)
        if record is None or record.key != key:
            remade.append((seed, own, key))
            record = None
        records[seed] = record
        texts.append(text.encode("utf-8") if text else None)  # else in the pack, by its digest
    # A summary from the cache keeps only the digest of its fields: they are in the pack.
    packed = iter(pack.read_many([key[0] + FIELDS for _, own, key in remade if not own]))
    for seed, own, key in remade:
        records[seed] = _dataset_record(seed, own or str(next(packed), "utf-8"), key, settings)
    made = typing.cast(dict[str, DatasetRecord], records)  # every one made by now
    # Each line is its record's head, the article's text, and "}"; the texts and the records
    # made in earlier runs are views of the pack, written from there (`write_dataset`): no copy.
    packed = iter(pack.read_many([record.name for record in made.values() if record.data is None]))
    parts = [
        (memoryview(record.data) if record.data is not None else next(packed), record.split)
        for record in made.values()
    ]
    packed = iter(
        pack.read_many(
            [
                record.key[0]
                for record, text in zip(made.values(), texts, strict=False)
                if text is None
            ]
        )
    )
    lines: list[bytes | memoryview] = []
    for (data, split), encoded in zip(parts, texts, strict=False):
        lines += (data[:split], encoded if encoded is not None else next(packed), b"}\n")
    rows = [_csv_line(csv_columns())] + [data[split:] for data, split in parts]
    # The names of the records say all that the files are made of (a record's name is a digest
    # of its key, which names the article's text), and the code how it is written.
    made_of = value_digest((code, [record.name for record in made.values()]))
    contents = {
        JSONL_NAME: DatasetFile(tuple(lines), value_digest((JSONL_NAME, made_of))),
        CSV_NAME: DatasetFile(tuple(rows), value_digest((CSV_NAME, made_of))),
    }
    return contents, made


class DatasetRecord(NamedTuple):
    """An article's line of archive.jsonl (but its text) and row of archive.csv, and what they
    were made of."""

    # The digest of the article's dataset fields (which also names its text in the cache's
    # pack), its page's path, its publisher, its related articles' seeds, and the settings.
    key: tuple[Any, ...]
    name: str  # a digest of the key: names `data` in the cache's pack
    split: int  # where the line ends and the row begins in `data`
    data: (
        bytes | None
    )  # the line up to its text ({"id":…,"related":[…],"text":) and the CSV row; None: in the pack

    # The name says what the data is: where it is kept does not make records differ.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, DatasetRecord) and (self.key, self.name, self.split) == (
            other.key,
            other.name,
            other.split,
        )

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((self.key, self.name, self.split))


# after the digest of an article's dataset fields: the name of the fields (but the text) in the pack
FIELDS = ".fields"


@dataclass(frozen=True, eq=False)
class DatasetFile:
    """A file of the dataset: the bytes it is made of, one part after the other, and a digest
    of what they are made of (the same digest, the same bytes)."""

    parts: tuple[bytes | memoryview, ...]
    digest: str

    @property
    def data(self) -> bytes:
        return b"".join(self.parts)


def _dataset_record(seed: str, own: str, key: tuple[Any, ...], settings: Settings) -> DatasetRecord:
    _, path, publisher, related, _ = key
    record = record_of(
        {**json.loads(own), "text": None},
        id=article_id(seed, settings),
        url=page_url(path, settings),
        publisher=publisher,
        related=[article_id(other, settings) for other in related],
    )
    head = _json(record).removesuffix("null}").encode("utf-8")
    name = value_digest(key)
    return DatasetRecord(key, name, len(head), head + _csv_row(record))


def article_record(
    article: Article, *, id: str, url: str, publisher: str, related: list[str]
) -> dict[str, Any]:  # noqa: A002
    """Everything the archive knows about one article, as plain JSON data."""
    return record_of(article_fields(article), id=id, url=url, publisher=publisher, related=related)


def article_fields(article: Article) -> dict[str, Any]:
    """What an article itself gives its record, as plain JSON data: its fields, and its `text`."""
    fields = {
        field.name: plain_data(getattr(article, field.name))
        for field in dataclasses.fields(article)
        if field.name not in _REPLACED
        and field.name not in _CONTEXT
        and field.name not in _LEFT_OUT
    }
    fields["text"] = plain_text(article)
    return fields


def dataset_fields(article: Article) -> str:
    """`article_fields` as JSON, for an article's summary, so that exporting needs no seed
    parsed again. Three lines (compact JSON has no line break): a digest of the fields, the
    fields but the text as a JSON object, and the text as a JSON string. The cache keeps the
    text apart, named by the digest, and leaves the third line empty (`dataset_parts`)."""
    fields = article_fields(article)
    text = _json(fields.pop("text"))
    own = _json(fields)
    digest = hashlib.blake2b(f"{own}\n{text}".encode(), digest_size=20).hexdigest()
    return f"{digest}\n{own}\n{text}"


def dataset_parts(dataset: str) -> tuple[str, str, str]:
    """An article summary's dataset fields (`dataset_fields`): their digest, the fields but the
    text (JSON), and the text (JSON); both "" where the cache's pack holds them."""
    digest, own, text = dataset.split("\n", 2)
    return digest, own, text


def without_texts(dataset: str) -> str:
    """Dataset fields as the cache file keeps them: the digest, which names the fields and the
    text in the pack (the text by itself, the fields followed by `FIELDS`)."""
    return dataset_parts(dataset)[0] + "\n\n"


def record_of(
    fields: dict[str, Any], *, id: str, url: str, publisher: str, related: list[str]
) -> dict[str, Any]:  # noqa: A002
    """An article's record: what the archive adds around its fields (`article_fields`)."""
    own = {name: value for name, value in fields.items() if name != "text"}
    return {
        "id": id,
        "url": url,
        **own,
        "publisher": publisher,
        "related": related,
        "text": fields["text"],
    }


def plain_data(value: Any) -> Any:
    """A value of the model as JSON data: objects for dataclasses, lists for tuples, ISO dates."""
    if value is None or isinstance(value, (str, int, float)):  # most values: first, for speed
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            field.name: plain_data(getattr(value, field.name))
            for field in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {str(key): plain_data(item) for key, item in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = [plain_data(item) for item in value]
        return items if isinstance(value, (list, tuple)) else sorted(items)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def plain_text(article: Article) -> str:
    """The body as text: paragraphs and subheadings separated by blank lines, one bullet a line."""
    return "\n\n".join(_block_text(block) for block in article.blocks)


def _block_text(block: Block) -> str:
    items = ["".join(span.text for span in item) for item in block.items]
    if block.kind == "bullets":
        return "\n".join(f"• {item}" for item in items)
    if block.kind == "related":
        return f"Related article: {items[0]}"
    return items[0]


def article_id(seed: str, settings: Settings) -> str:
    """An article's id in the dataset: its seed's path inside the seeds folder, without `.txt`
    (`000_7700cad70c87f25c`); stable while the seed keeps its name."""
    return PurePosixPath(seed.removeprefix(_seeds_folder(settings))).with_suffix("").as_posix()


def page_url(path: str, settings: Settings) -> str:
    """The URL of a docs page as MkDocs publishes it: absolute when mkdocs.yml sets `site_url`,
    else relative to the site's root."""
    url = relative_page_url(path, settings.use_directory_urls)
    return settings.site_url.rstrip("/") + "/" + url if settings.site_url else url


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


@functools.cache
def csv_columns(model: type = Article) -> list[str]:
    """The CSV's columns, from the types of the model's fields (not from the data, so that a
    column never disappears because no article has a value for it)."""
    columns = ["id", "url"]
    hints = typing.get_type_hints(model)
    for field in dataclasses.fields(model):
        if field.name in _REPLACED or field.name in _CONTEXT or field.name in _LEFT_OUT:
            continue
        kind = _without_none(hints[field.name])
        if dataclasses.is_dataclass(kind):
            parts = typing.get_type_hints(kind)
            columns += [
                f"{field.name}_{part.name}"
                for part in dataclasses.fields(kind)
                if _is_plain(parts[part.name])
            ]
        elif _is_plain(kind) or _is_list_of_plain(kind):
            columns.append(field.name)
    return columns + ["publisher", "related"]


def _csv_row(record: dict[str, Any]) -> bytes:
    row = _flat(record)
    return _csv_line([_cell(row.get(column)) for column in csv_columns()])


def _csv_line(cells: list[str]) -> bytes:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerow(cells)  # RFC 4180
    return out.getvalue().encode("utf-8")


def _seeds_folder(settings: Settings) -> str:
    """Where the seeds are, relative to the project: what article ids leave out."""
    return (
        settings.seeds_dir.relative_to(settings.root).as_posix() + "/"
        if settings.seeds_dir.is_relative_to(settings.root)
        else ""
    )


def _flat(record: dict[str, Any]) -> dict[str, Any]:
    """Objects of the record spread into `<field>_<part>` entries."""
    flat: dict[str, Any] = {}
    for key, value in record.items():
        if key in _NOT_IN_CSV:
            continue
        if isinstance(value, dict):
            flat.update({f"{key}_{part}": item for part, item in value.items()})
        else:
            flat[key] = value
    return flat


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_cell(item) for item in value)
    return str(value)


def _without_none(kind: Any) -> Any:
    if isinstance(kind, types.UnionType) or typing.get_origin(kind) is typing.Union:
        rest = [arg for arg in typing.get_args(kind) if arg is not type(None)]
        return rest[0] if len(rest) == 1 else kind
    return kind


def _is_plain(kind: Any) -> bool:
    kind = _without_none(kind)
    return (isinstance(kind, type) and issubclass(kind, _PLAIN)) or typing.get_origin(
        kind
    ) is typing.Literal


def _is_list_of_plain(kind: Any) -> bool:
    if typing.get_origin(kind) not in (tuple, list, frozenset, set):
        return False
    return all(arg is Ellipsis or _is_plain(arg) for arg in typing.get_args(kind))
