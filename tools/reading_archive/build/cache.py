"""What earlier conversions produced, kept between runs so that only what changed is done again.

- seeds: per seed, its size and modification time, the digest of its bytes and of what linking
  depends on, and what reading and linking it gave: an `ArticleSummary` or a `Problem`.
  A seed whose size and time did not change is not read again; one whose bytes did not change
  is not parsed again.
- pages: per page, what the build engine (engine.py) keeps it by (the stamp of its shared
  sources and the digest of its whole inputs record), its checksum and its text as UTF-8. A
  page whose inputs did not change is not rendered again, and its text is read only
  if somebody reads it (`StoredPage`): the texts are kept apart, in a pack file next to the
  cache file that new texts are appended to, so that a run loads none of them. The pack is
  rewritten without the texts no longer used when they make up most of it.
- related: the state that lets related articles be recomputed only where they can change.
- dataset: per article, its record of the dataset (publish/export.py), and what it was made of.

Big texts stay out of the cache file, which every run loads and most runs write: the page
texts, the articles' texts and fields for the dataset (a summary keeps their digest, which
names them in the pack), and the dataset's records are all in the pack, each written once.

The cache is a plain value: the pipeline takes the previous one and returns the next, and only
`load_cache` and `save_cache` touch the disk. It is stored with `marshal` (plain tuples, dicts,
strings and bytes: ten times faster to load than a pickle of rich objects). Any change to the
converter's code or to the Python version, or a file that cannot be read, starts from empty,
so a cache can make a run faster but never different.

A save costs what changed, not the archive: writing the whole file (40 MB at 10,000 articles)
took 0.2 s after a one-seed edit. The file has a generation, new each time it is written
whole, and beside it a journal: a save from the cache that the files hold (`Cache.saved_as`)
appends one record of what changed since (entries changed or gone; of the related state, the
fields that changed, as patches); a load applies the records to the file's values. A record
is checksummed and names the generation and the offset it was written for, so that one cut
short (a process killed), damaged, or written by two processes at once ends the journal
there: the cache is then an earlier state, which the next save replaces whole. The file is
written whole, and the journal dropped, by a save from a cache the files no longer hold
(another process saved since) and when the journal would pass `_JOURNAL_SHARE` of the file,
so that loading it stays at most that much dearer.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import marshal
import mmap
import os
import struct
import sys
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ..base.files import remove_temporaries, write_atomically
from ..enrich.glossary import Glossary
from ..enrich.related import RelatedState
from ..model import ArticleSummary, Page, Problem, Reference, Term
from ..publish.export import FIELDS, DatasetRecord, dataset_parts, without_texts

_FORMAT = "reading-archive cache 8"
_MAGIC = b"RACACHE8"
_HEAD = struct.Struct("<8s16s")  # the cache file's head: _MAGIC and its generation
_RECORD = struct.Struct("<Q16s")  # a journal record's head: its length and digest
# The journal is folded into a new cache file when it would pass this share of the file's size.
# Its records (small entries, some replaced by later ones) load three times slower a byte than
# the file (8 ms a MB at 10,000 articles), so a share of 1/32 keeps a load at most a tenth
# dearer, and the file is written whole (0.2 s) about once every forty one-seed edits.
_JOURNAL_SHARE = 1 / 32


def code_fingerprint(package: Path = Path(__file__).parents[1]) -> str:
    """Changes whenever the converter's code changes (any module of the package, which holds
    only what shapes the output: benchmarks and test helpers live in reading_archive_dev, so
    editing them keeps every user's cache), or Python's (marshal's format is Python's own)."""
    digest = hashlib.sha256(sys.version.encode("utf-8"))
    for module in sorted(package.rglob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


class SeedRecord(NamedTuple):
    mtime_ns: int
    size: int
    source_hash: str  # sha256 of its bytes
    linking: str  # digest of what linking depends on (the glossary's terms, the linking rule)
    result: ArticleSummary | Problem  # parsed and linked, or why not

    # Whether the summary holds its dataset text or only the digest that names it in the pack
    # does not make records differ.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, SeedRecord) and self._stored() == other._stored()

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash(self._stored())

    def _stored(self) -> tuple[Any, ...]:
        return (
            self.mtime_ns,
            self.size,
            self.source_hash,
            self.linking,
            _stored_result(self.result),
        )


class PageRecord(NamedTuple):
    """A page as the build engine made it (engine.py): what it was made from, and its text."""

    stamp: str  # digest of the sources shared by the pages of its kind, when it was made
    inputs: str  # digest of its whole inputs record: everything its rendering was given
    checksum: str  # of the page (render.with_checksum): names its text
    data: bytes | None  # the text, UTF-8, when rendered in this process; else it is in the pack

    # The checksum names the text: where the text is kept does not make records differ.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, PageRecord) and (self.stamp, self.inputs, self.checksum) == (
            other.stamp,
            other.inputs,
            other.checksum,
        )

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((self.stamp, self.inputs, self.checksum))


class GlossaryFiles(NamedTuple):
    """The glossary folder as a run read it: each file's name, time and size, and the terms
    and problems it gave (plain values)."""

    stats: tuple[tuple[str, int, int], ...]
    terms: tuple[tuple[Any, ...], ...]
    problem_values: tuple[tuple[Any, ...], ...]

    @classmethod
    def of(
        cls, stats: tuple[tuple[str, int, int], ...], glossary: Glossary, problems: list[Problem]
    ) -> GlossaryFiles:
        terms = tuple(_term_values(term) for term in glossary.terms)
        return cls(stats, terms, tuple((p.path, p.line, p.message, p.severity) for p in problems))

    def glossary(self) -> Glossary:
        return Glossary(tuple(_term(values) for values in self.terms))

    def problems(self) -> tuple[Problem, ...]:
        return tuple(Problem(*p) for p in self.problem_values)


# A term's fields in order, as the cache keeps them: plain values, its references as pairs.
_TERM_FIELDS = tuple(f.name for f in dataclasses.fields(Term))


def _term_values(term: Term) -> tuple[Any, ...]:
    return tuple(
        tuple((r.title, r.url) for r in term.references)
        if name == "references"
        else getattr(term, name)
        for name in _TERM_FIELDS
    )


def _term(values: tuple[Any, ...]) -> Term:
    """A term from the plain values `_term_values` keeps of it."""
    fields = dict(zip(_TERM_FIELDS, values, strict=True))
    fields["references"] = tuple(Reference(title, url) for title, url in fields["references"])
    return Term(**fields)


class PageTexts:
    """Where the pack file holds each text (a page's by its checksum, an article's dataset
    text by its digest). Shared by a cache and the caches made from it, and updated by
    `save_cache` as it appends texts: a process that keeps its cache in memory between
    conversions never appends a text twice. Only a record of files, so it takes no part in
    comparing caches."""

    def __init__(
        self, pack: Path | None = None, positions: dict[str, tuple[int, int]] | None = None
    ):
        self.pack = pack
        self.positions = positions or {}

    def read(self, record: PageRecord) -> bytes:
        if record.data is not None:
            return record.data
        offset, length = self.positions[record.checksum]
        assert self.pack is not None
        with self.pack.open("rb") as file:
            file.seek(offset)
            data = file.read(length)
        if len(data) != length:
            raise OSError(
                f"{self.pack}: a page text is missing; delete the cache folder and convert again"
            )
        return data

    def read_many(self, names: list[str]) -> list[memoryview]:
        """The texts of these checksums or digests: views of the pack mapped into memory (not
        copies: most of the dataset is such texts), which stays mapped while any is kept."""
        if not names:
            return []
        assert self.pack is not None
        with self.pack.open("rb") as file:
            whole = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
        return [
            whole[offset : offset + length]
            for offset, length in map(self.positions.__getitem__, names)
        ]


@dataclass
class SavedAs:
    """Which saved state a cache is: the generation of the cache file (a new one each time the
    file is written whole) and how long its journal was after this cache's changes. Set by
    `load_cache` and `save_cache`; empty for a cache that is not on disk. A save appends only
    the changes since `previous` when the files still hold `previous`: not when another process
    (or another save of this one) has written them since."""

    generation: bytes = b""
    journal_end: int = 0
    pack: str = ""  # the file name of the pack that the cache file names

    def become(self, other: SavedAs) -> None:
        self.generation, self.journal_end, self.pack = (
            other.generation,
            other.journal_end,
            other.pack,
        )


@dataclass(frozen=True)
class Cache:
    code: str = field(default_factory=lambda: code_fingerprint())
    seeds: Mapping[str, SeedRecord] = field(default_factory=dict)  # by seed name
    pages: Mapping[str, PageRecord] = field(default_factory=dict)  # by page path
    related: RelatedState | None = None
    glossary: GlossaryFiles | None = None
    texts: PageTexts = field(default_factory=PageTexts, compare=False, repr=False)
    dataset: Mapping[str, DatasetRecord] = field(default_factory=dict)  # by seed name
    # Each cache its own (not given, nor copied by dataclasses.replace): a record of files.
    saved_as: SavedAs = field(default_factory=SavedAs, init=False, compare=False, repr=False)


class StoredPage(Page):
    """A page as the cache holds it: its text is decoded only when read, so that a run that
    changes one article does not decode ten thousand pages."""

    record: PageRecord
    texts: PageTexts

    def __init__(self, path: str, record: PageRecord, seed: str, texts: PageTexts):
        self.__dict__.update(
            path=path, seed=seed, record=record, texts=texts
        )  # frozen: no __setattr__

    @property
    def text(self) -> str:
        return self.data.decode("utf-8")

    @property
    def data(self) -> bytes:
        """The text, UTF-8."""
        return self.texts.read(self.record)

    @property
    def checksum(self) -> str:
        return self.record.checksum

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Page):
            return NotImplemented
        return (self.path, self.text) == (other.path, other.text)

    def __hash__(self) -> int:
        return hash((self.path, self.text))

    def __repr__(self) -> str:
        return f"StoredPage(path={self.path!r}, seed={self.seed!r}, checksum={self.checksum!r})"


def load_cache(path: Path) -> Cache:
    """The cache saved at `path` by this version of the code, or an empty one."""
    code = code_fingerprint()
    # Millions of new objects, none in a reference cycle: the cyclic collector, which would
    # scan them again and again as they are made, waits (a third of the load time).
    with collector_paused():
        return _loaded(path, code)


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cyclic garbage collector off meanwhile (refcounting still frees what is not in
    a reference cycle, which is all that the converter makes). A conversion makes millions of
    small objects: full passes over them took an eighth of the processor time of a run from
    scratch at 10,000 articles, and in forked workers they would touch (and so copy) the memory
    shared with the parent."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


@dataclass
class _Stored:
    """The cache file and its journal as plain values, as marshal gives them: the journal's
    changes are applied to these before any object of the cache is made."""

    seeds: dict[str, tuple[Any, ...]]
    pages: dict[str, tuple[str, str, str, None]]
    related: tuple[Any, ...] | None
    glossary: tuple[Any, ...] | None
    dataset: dict[str, tuple[Any, ...]]
    pack: str
    positions: dict[str, tuple[int, int]]
    pack_end: int  # where the last text of `positions` ends
    pack_used: int  # the length of all texts of `positions`

    def apply(self, changes: dict[str, Any]) -> None:
        for name in ("seeds", "pages", "dataset"):
            if name in changes:
                _apply(getattr(self, name), *changes[name])
        if "glossary" in changes:
            self.glossary = changes["glossary"]
        if "related" in changes:
            self.related = _applied_related(self.related, changes["related"])
        for name, (offset, length) in changes.get("positions", {}).items():
            if name not in self.positions:
                self.pack_used += length
            self.positions[name] = (offset, length)
            self.pack_end = max(self.pack_end, offset + length)


def _loaded(path: Path, code: str) -> Cache:
    try:
        magic, generation, (form, stored_code, *values) = _read_file(path)
        if magic != _MAGIC or form != _FORMAT or stored_code != code:
            return Cache(code)
        stored = _Stored(*values)
        journal_end = _read_journal(_journal(path), generation, stored)
        pack = path.with_name(stored.pack)
        pack_size = pack.stat().st_size
        if stored.pack_end > pack_size:
            return Cache(code)
        cache = Cache(
            code,
            {
                seed: SeedRecord(mtime, size, source_hash, linking, _result(result))
                for seed, (mtime, size, source_hash, linking, result) in stored.seeds.items()
            },
            _made(PageRecord, stored.pages),
            RelatedState.from_plain(stored.related) if stored.related is not None else None,
            GlossaryFiles._make(stored.glossary) if stored.glossary is not None else None,
            PageTexts(pack, stored.positions),
            _made(DatasetRecord, stored.dataset),
        )
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError, struct.error):
        return Cache(code)
    cache.saved_as.become(SavedAs(generation, journal_end, stored.pack))
    if pack_size > 2 * stored.pack_used + (1 << 24):
        return _repacked(cache, path)  # mostly texts no longer used
    return cache


def _read_file(path: Path) -> tuple[bytes, bytes, Any]:
    """The cache file's magic, generation and values. Mapped, not read: marshal then reads the
    file where the system keeps it (read, 40 MB are copied once more first: 20 ms)."""
    with path.open("rb") as file:
        mapped = mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ)
    try:
        with memoryview(mapped) as whole, whole[_HEAD.size :] as rest:
            magic, generation = _HEAD.unpack_from(whole)
            return magic, generation, (marshal.loads(rest) if magic == _MAGIC else (None, None))
    finally:
        mapped.close()


def _made(kind: Any, plain: dict[str, tuple[Any, ...]]) -> dict[str, Any]:
    """Named tuples of `kind` from plain tuples of all their fields, made without a call of
    Python code each (the cache has tens of thousands)."""
    return dict(zip(plain, map(tuple.__new__, repeat(kind), plain.values()), strict=False))


def _repacked(cache: Cache, path: Path) -> Cache:
    """The cache with a new pack of only the texts it uses, saved at `path`."""
    old = cache.texts
    names = sorted(old.positions, key=old.positions.__getitem__)
    texts = PageTexts(_new_pack(path), {})
    with texts.pack.open("wb") as file:  # type: ignore[union-attr]
        for name, data in zip(names, old.read_many(names), strict=False):
            texts.positions[name] = (file.tell(), len(data))
            file.write(data)
    repacked = dataclasses.replace(cache, texts=texts)
    save_cache(repacked, path)
    if old.pack is not None:
        old.pack.unlink(missing_ok=True)
    return repacked


def save_cache(cache: Cache, path: Path, previous: Cache | None = None) -> None:
    """Write the cache, unless it is the same as `previous`, the cache it was made from. New
    texts are appended to the pack; then, if `previous` is what the files hold, only the
    changes since are appended to the journal, or else (or when the journal would grow past
    a share of the cache file) the cache file is replaced and the journal dropped. (The
    temporary file of a save that was killed is removed first: saves run one at a time,
    base/lock.py.)"""
    remove_temporaries(path.parent, lambda name: name == path.name)
    if previous is not None and cache == previous and path.exists():
        cache.saved_as.become(previous.saved_as)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    texts = cache.texts
    if (
        texts.pack is None or not texts.pack.exists()
    ):  # a new pack: the old ones hold nothing this cache uses
        for old in path.parent.glob(f"{path.name}.*.pages"):
            old.unlink(missing_ok=True)
        texts.pack, texts.positions = _new_pack(path), {}
    size = (
        _size_if_holding(path, previous.saved_as, texts.pack)
        if previous is not None and previous.code == cache.code
        else None
    )
    if size is None or not _appended(cache, previous, path, size):  # type: ignore[arg-type]
        _save_whole(cache, path)


def _save_whole(cache: Cache, path: Path) -> None:
    texts = cache.texts
    with _PackAppender(texts) as keep:
        seeds = {seed: _plain_seed(record, keep) for seed, record in cache.seeds.items()}
        pages = {page: _plain_page(record, keep) for page, record in cache.pages.items()}
        dataset = {seed: _plain_dataset(record, keep) for seed, record in cache.dataset.items()}
    positions = {name: texts.positions[name] for name in keep.used if name in texts.positions}
    assert texts.pack is not None
    stored = (
        _FORMAT,
        cache.code,
        seeds,
        pages,
        cache.related.to_plain() if cache.related is not None else None,
        tuple(cache.glossary) if cache.glossary is not None else None,
        dataset,
        texts.pack.name,
        positions,
        max((offset + length for offset, length in positions.values()), default=0),
        sum(length for _, length in positions.values()),
    )
    generation = os.urandom(16)
    write_atomically(
        path, (_HEAD.pack(_MAGIC, generation), marshal.dumps(stored)), make_folder=False
    )
    # The journal's records name the file's former generation: from now on none applies.
    _journal(path).unlink(missing_ok=True)
    cache.saved_as.become(SavedAs(generation, 0, texts.pack.name))


def _journal(path: Path) -> Path:
    return path.with_name(f"{path.name}.journal")


def _read_journal(journal: Path, generation: bytes, stored: _Stored) -> int:
    """Apply to `stored` the journal's records, up to the first that is not whole (a save cut
    short), was not written for this generation of the cache file, or not right after the
    record before it (two saves at once); return where the records applied end."""
    try:
        data = memoryview(journal.read_bytes())
    except FileNotFoundError:
        return 0
    offset = 0
    while offset + _RECORD.size <= len(data):
        length, digest = _RECORD.unpack_from(data, offset)
        payload = data[offset + _RECORD.size : offset + _RECORD.size + length]
        if len(payload) != length or hashlib.blake2b(payload, digest_size=16).digest() != digest:
            break
        record_generation, start, changes = marshal.loads(payload)
        if record_generation != generation or start != offset:
            break
        stored.apply(changes)
        offset += _RECORD.size + length
    return offset


def _size_if_holding(path: Path, saved_as: SavedAs, pack: Path) -> int | None:
    """The cache file's size if it and its journal are still `saved_as` (with this pack)."""
    if not saved_as.generation or pack != path.with_name(saved_as.pack):
        return None
    try:
        with path.open("rb") as file:
            head, size = file.read(_HEAD.size), os.fstat(file.fileno()).st_size
    except OSError:
        return None
    try:
        journal_size = _journal(path).stat().st_size
    except FileNotFoundError:
        journal_size = 0
    except OSError:
        return None
    if head != _HEAD.pack(_MAGIC, saved_as.generation) or journal_size != saved_as.journal_end:
        return None
    return size


def _appended(cache: Cache, previous: Cache, path: Path, size: int) -> bool:
    """Append to the journal what changed from `previous`, which the files hold; False when
    that would make the journal too long, or the record did not land where it was meant to."""
    texts = cache.texts
    changes: dict[str, Any] = {}
    with _PackAppender(texts) as keep:
        for name, plain in (
            ("seeds", _plain_seed),
            ("pages", _plain_page),
            ("dataset", _plain_dataset),
        ):
            if (
                changed := _changes(
                    getattr(cache, name), getattr(previous, name), partial(plain, keep=keep)
                )
            ) is not None:
                changes[name] = changed
    if cache.glossary != previous.glossary:
        changes["glossary"] = tuple(cache.glossary) if cache.glossary is not None else None
    if (related := _related_changes(cache.related, previous.related)) is not None:
        changes["related"] = related
    changes["positions"] = {
        name: texts.positions[name] for name in keep.used if name in texts.positions
    }
    start = previous.saved_as.journal_end
    payload = marshal.dumps((previous.saved_as.generation, start, changes))
    record = _RECORD.pack(len(payload), hashlib.blake2b(payload, digest_size=16).digest()) + payload
    end = start + len(record)
    if end > size * _JOURNAL_SHARE:
        return False
    # One write at the end of the file (O_APPEND): a record cut short, or put after another
    # process's, is not applied by a load.
    handle = os.open(
        _journal(path), os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o666
    )  # (less the umask)
    try:
        view = memoryview(record)
        while view:
            view = view[os.write(handle, view) :]
        landed = os.lseek(handle, 0, os.SEEK_CUR)
    finally:
        os.close(handle)
    if landed != end:
        return False
    cache.saved_as.become(SavedAs(previous.saved_as.generation, end, previous.saved_as.pack))
    return True


class _PackAppender:
    """`keep(name, data)`: the text `data` named `name` is in the pack, appended unless it is
    there already (data None: known to be there); `used` names all kept."""

    def __init__(self, texts: PageTexts):
        self.texts = texts
        self.used: set[str] = set()

    def __enter__(self) -> _PackAppender:
        assert self.texts.pack is not None
        self.file = self.texts.pack.open("ab")
        return self

    def __exit__(self, *exception: object) -> None:
        self.file.close()

    def __call__(self, name: str, data: bytes | None) -> None:
        self.used.add(name)
        if data is not None and name not in self.texts.positions:
            self.texts.positions[name] = (self.file.tell(), len(data))
            self.file.write(data)


def _plain_seed(record: SeedRecord, keep: _PackAppender) -> tuple[Any, ...]:
    result = record.result
    if isinstance(result, ArticleSummary):
        digest, own, text = dataset_parts(result.dataset)
        keep(digest, text.encode("utf-8") if text else None)
        keep(digest + FIELDS, own.encode("utf-8") if own else None)
    plain = _plain_result(_stored_result(result))
    return (record.mtime_ns, record.size, record.source_hash, record.linking, plain)


def _plain_page(record: PageRecord, keep: _PackAppender) -> tuple[str, str, str, None]:
    keep(record.checksum, record.data)
    return (record.stamp, record.inputs, record.checksum, None)


def _plain_dataset(record: DatasetRecord, keep: _PackAppender) -> tuple[Any, ...]:
    keep(record.name, record.data)
    return (record.key, record.name, record.split, None)


def _changes(
    new: Mapping[str, Any], old: Mapping[str, Any], plain: Callable[[Any], Any]
) -> tuple[dict[str, Any], tuple[str, ...]] | None:
    """The entries of `new` that are not in `old` (plain), and the keys of those gone; None
    when there are neither. A run keeps an unchanged entry as the same object: `is` says it."""
    changed = {
        key: plain(value)
        for key, value in new.items()
        if (known := old.get(key)) is not value and known != value
    }
    removed = tuple(key for key in old if key not in new)
    return (changed, removed) if changed or removed else None


def _apply(entries: dict[str, Any], changed: dict[str, Any], removed: tuple[str, ...]) -> None:
    entries.update(changed)
    for key in removed:
        del entries[key]


# RelatedState's fields but its rows (and what it carries in memory), in the order of its plain
# form (RelatedState.to_plain).
_RELATED_HEAD = tuple(
    f.name
    for f in dataclasses.fields(RelatedState)
    if f.name != "rows" and not f.metadata.get("in_memory")
)


def _related_changes(new: RelatedState | None, old: RelatedState | None) -> tuple[Any, ...] | None:
    """What changed from `old` to `new`: the fields that did (of a vocabulary, which only
    grows, its new words; of a table of numbers, the bytes that differ), and the rows; or the
    whole state."""
    if new is old:
        return None
    if new is None or old is None:
        return ("whole", new.to_plain() if new is not None else None)
    head = []
    for position, name in enumerate(_RELATED_HEAD):
        value, before = getattr(new, name), getattr(old, name)
        if value is before or value == before:
            continue
        if isinstance(value, bytes) and isinstance(before, bytes):
            head.append((position, "patch", (len(value), _patch(value, before))))
        elif (
            isinstance(value, tuple)
            and isinstance(before, tuple)
            and value[: len(before)] == before
        ):
            head.append((position, "grown", value[len(before) :]))
        else:
            head.append((position, "whole", value))
    rows = _changes(new.rows, old.rows, tuple)
    if not head and rows is None:
        return None
    return ("parts", tuple(head), rows or ({}, ()))


def _patch(new: bytes, old: bytes) -> tuple[tuple[int, bytes], ...]:
    """The runs of bytes where `new` differs from `old`, and its bytes past old's end: a run
    changes a few counts of a table of tens of thousands."""
    common = min(len(new), len(old))
    differ = np.flatnonzero(
        np.frombuffer(new, np.uint8, common) != np.frombuffer(old, np.uint8, common)
    )
    runs = []
    if differ.size:
        gaps = np.flatnonzero(np.diff(differ) > 16)  # runs closer than that are one
        starts, ends = (
            np.append(differ[0], differ[gaps + 1]),
            np.append(differ[gaps], differ[-1]) + 1,
        )
        runs = [(int(start), new[start:end]) for start, end in zip(starts, ends, strict=False)]
    if len(new) > common:
        runs.append((common, new[common:]))
    return tuple(runs)


def _patched(old: bytes, length: int, runs: tuple[tuple[int, bytes], ...]) -> bytes:
    patched = bytearray(old[:length])
    for offset, data in runs:
        patched[offset : offset + len(data)] = data
    if len(patched) != length:
        raise ValueError("a patch of the related articles' state does not fit it")
    return bytes(patched)


def _applied_related(
    plain: tuple[Any, ...] | None, change: tuple[Any, ...]
) -> tuple[Any, ...] | None:
    if change[0] == "whole":
        return change[1]
    _, head, (changed, removed) = change
    if plain is None:
        raise ValueError("changes of related articles without a state to change")
    *values, rows = plain
    for position, kind, value in head:
        if kind == "patch":
            values[position] = _patched(values[position], *value)
        elif kind == "grown":
            values[position] += value
        else:
            values[position] = value
    _apply(rows, changed, removed)
    return (*values, rows)


def _new_pack(path: Path) -> Path:
    return path.with_name(f"{path.name}.{os.getpid()}-{time.time_ns()}.pages")


def _stored_result(result: ArticleSummary | Problem) -> ArticleSummary | Problem:
    """A seed's result as the cache file keeps it: a summary's dataset text apart, in the pack."""
    if isinstance(result, ArticleSummary) and dataset_parts(result.dataset)[2]:
        return result._replace(dataset=without_texts(result.dataset))
    return result


def _plain_result(result: ArticleSummary | Problem) -> tuple[str, tuple[Any, ...]]:
    if isinstance(result, Problem):
        return ("Problem", (result.path, result.line, result.message, result.severity))
    return ("ArticleSummary", tuple(result))


def _result(stored: tuple[str, tuple[Any, ...]]) -> ArticleSummary | Problem:
    kind, values = stored
    if kind == "ArticleSummary":
        return ArticleSummary._make(values)
    if kind == "Problem":
        return Problem(*values)
    raise ValueError(f"unknown cache entry {kind}")
