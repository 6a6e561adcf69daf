"""Pagefind's bundle in a stable order: the same site gives the same bytes in pagefind/.

Pagefind (1.5) writes the values of each filter (publisher, year), and the list of filters in its
metadata, in the order of a hash map that is seeded anew in each run. So two runs on the same site
write filter files with other bytes under other names, and with them another metadata file and
another pagefind-entry.json (upstream, Pagefind/pagefind#638: "other files will still change, such
as the filter/metadata indexes"). After each run, `put_in_order` sorts what those files list and
names each file by the hash of its new content, as Pagefind names them.

The files are gzip-compressed "pagefind_dcd" + CBOR; Pagefind encodes its structures (minicbor) as
arrays of their fields, of text strings, unsigned integers and arrays alone.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import TypeAlias

from ..base.files import write_atomically

ENTRY_FILE = "pagefind-entry.json"
SIGNATURE = b"pagefind_dcd"
FILTERS_FIELD = 3  # of Pagefind's MetaIndex: [version, pages, index chunks, filters, sorts, ...]
SORTS_FIELD = 4
HASH_LENGTH = 12  # hex digits of a file's name after its language

Cbor: TypeAlias = "int | str | bytes | list[Cbor]"


def put_in_order(bundle: Path) -> None:
    """Rewrite the filter files, the metadata and pagefind-entry.json of one Pagefind bundle in a
    stable order. ValueError if a file is not what Pagefind 1.5 writes."""
    entry_file = bundle / ENTRY_FILE
    entry = json.loads(entry_file.read_text(encoding="utf-8"))
    for language, about in entry["languages"].items():
        about["hash"] = _metadata_in_order(bundle, language, about["hash"])
    entry["languages"] = dict(sorted(entry["languages"].items()))
    write_atomically(
        entry_file, json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    )


def _metadata_in_order(bundle: Path, language: str, meta_hash: str) -> str:
    meta_file = bundle / f"pagefind.{meta_hash}.pf_meta"
    meta = _list(meta_file, _read(meta_file), SORTS_FIELD + 1)
    filters = sorted(_list(meta_file, each, 2) for each in _list(meta_file, meta[FILTERS_FIELD]))
    meta[FILTERS_FIELD] = [
        [name, _filter_in_order(bundle, language, str(filter_hash))]
        for name, filter_hash in filters
    ]
    meta[SORTS_FIELD] = sorted(_list(meta_file, meta[SORTS_FIELD]))
    return _write_named_by_hash(meta_file, "pagefind.{}.pf_meta", language, meta)


def _filter_in_order(bundle: Path, language: str, filter_hash: str) -> str:
    filter_file = bundle / "filter" / f"{filter_hash}.pf_filter"
    name, values = _list(filter_file, _read(filter_file), 2)
    ordered = sorted(_list(filter_file, values))
    return _write_named_by_hash(filter_file, "{}.pf_filter", language, [name, ordered])


def _list(file: Path, value: Cbor, length: int = 0) -> list[Cbor]:
    """`value`, which Pagefind 1.5 writes as an array (of at least `length` fields); else
    ValueError."""
    if not isinstance(value, list) or len(value) < length:
        raise ValueError(f"{file}: not the index that Pagefind 1.5 writes")
    return value


def _read(file: Path) -> list[Cbor]:
    data = gzip.decompress(file.read_bytes())
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{file}: not a Pagefind index file (no {SIGNATURE.decode()} header)")
    try:
        value, end = _decoded(data, len(SIGNATURE))
    except (IndexError, KeyError, UnicodeDecodeError, ValueError) as error:
        raise ValueError(f"{file}: not the CBOR that Pagefind 1.5 writes ({error})") from error
    if end != len(data):
        raise ValueError(f"{file}: not the CBOR that Pagefind 1.5 writes (bytes after its end)")
    return _list(file, value)


def _write_named_by_hash(old: Path, name: str, language: str, value: list[Cbor]) -> str:
    """Write `value` beside `old`, under `name` with the hash of its content; remove `old`."""
    data = _encoded(value)
    file_hash = f"{language}_{hashlib.sha256(data).hexdigest()[:HASH_LENGTH]}"
    new = old.with_name(name.format(file_hash))
    write_atomically(new, gzip.compress(SIGNATURE + data, compresslevel=9, mtime=0))
    if new != old:
        old.unlink()
    return file_hash


def _decoded(data: bytes, at: int) -> tuple[Cbor, int]:
    """The CBOR value at `at` (unsigned integer, byte or text string, array) and where it ends."""
    major, size = data[at] >> 5, data[at] & 31
    at += 1
    if size >= 24:
        width = {24: 1, 25: 2, 26: 4, 27: 8}[size]
        size, at = int.from_bytes(data[at : at + width], "big"), at + width
    if major == 0:
        return size, at
    if major in (2, 3):
        if at + size > len(data):
            raise ValueError("a string runs past the end")
        raw = data[at : at + size]
        return (raw.decode() if major == 3 else raw), at + size
    if major == 4:
        items: list[Cbor] = []
        for _ in range(size):
            item, at = _decoded(data, at)
            items.append(item)
        return items, at
    raise ValueError(f"CBOR major type {major}")


def _encoded(value: Cbor) -> bytes:
    """`value` in CBOR's shortest form, as minicbor writes it."""
    if isinstance(value, int):
        return _head(0, value)
    if isinstance(value, str):
        raw = value.encode()
        return _head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    return _head(4, len(value)) + b"".join(_encoded(item) for item in value)


def _head(major: int, size: int) -> bytes:
    if size < 24:
        return bytes([major << 5 | size])
    for code, width in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if size < 1 << (8 * width):
            return bytes([major << 5 | code]) + size.to_bytes(width, "big")
    raise ValueError(f"{size} does not fit in CBOR's 8 bytes")
