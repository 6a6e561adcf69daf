"""What earlier conversions produced, kept between runs so that only what changed is done again.

- seeds: per seed, its size and modification time, its key (a digest of its bytes and of what
  linking depends on) and what reading and linking it gave: an `ArticleSummary` or a `Problem`.
  A seed whose size and time did not change is not read again; one whose bytes did not change
  is not parsed again.
- pages: per page, a digest of everything its rendering read, its checksum and its text as
  UTF-8. A page whose inputs did not change is not rendered again, and its text is read only
  if somebody reads it (`StoredPage`): the texts are kept apart, in a pack file next to the
  cache file that new texts are appended to, so that a run loads none of them. The pack is
  rewritten without the texts no longer used when they make up most of it.
- related: the state that lets related articles be recomputed only where they can change.
- dataset: per article, its record of the dataset (export.py), and what it was made of.

Big texts stay out of the cache file, which every run loads and most runs write: the page
texts, the articles' texts and fields for the dataset (a summary keeps their digest, which
names them in the pack), and the dataset's records are all in the pack, each written once.

The cache is a plain value: the pipeline takes the previous one and returns the next, and only
`load_cache` and `save_cache` touch the disk. It is stored with `marshal` (plain tuples, dicts,
strings and bytes: ten times faster to load than a pickle of rich objects). Any change to the
converter's code or to the Python version, or a file that cannot be read, starts from empty,
so a cache can make a run faster but never different.
"""

from __future__ import annotations

import contextlib
import dataclasses
import gc
import hashlib
import marshal
import mmap
import os
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .export import FIELDS, DatasetRecord, dataset_parts, without_texts
from .glossary import Glossary
from .model import ArticleSummary, Page, Problem, Reference, Term
from .related import RelatedState

_FORMAT = "reading-archive cache 5"


def code_fingerprint() -> str:
    """Changes whenever the converter's code changes (any module of this package), or Python's
    (marshal's format is Python's own)."""
    digest = hashlib.sha256(sys.version.encode("utf-8"))
    for module in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


class SeedRecord(NamedTuple):
    mtime_ns: int
    size: int
    key: str  # seed_key: what its result depends on
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
        return (self.mtime_ns, self.size, self.key, _stored_result(self.result))


class PageRecord(NamedTuple):
    key: str  # digest of everything the page's rendering read
    checksum: str  # of the page (render.with_checksum): names its text
    data: bytes | None  # the text, UTF-8, when rendered in this process; else it is in the pack

    # The checksum names the text: where the text is kept does not make records differ.
    def __eq__(self, other: object) -> bool:
        return isinstance(other, PageRecord) and (self.key, self.checksum) == (other.key, other.checksum)

    def __ne__(self, other: object) -> bool:
        return not self == other

    def __hash__(self) -> int:
        return hash((self.key, self.checksum))


class GlossaryFiles(NamedTuple):
    """The glossary folder as a run read it: each file's name, time and size, and the terms
    and problems it gave (plain values)."""

    stats: tuple[tuple[str, int, int], ...]
    terms: tuple[tuple[Any, ...], ...]
    problem_values: tuple[tuple[Any, ...], ...]

    @classmethod
    def of(cls, stats: tuple[tuple[str, int, int], ...], glossary: Glossary, problems: list[Problem]) -> GlossaryFiles:
        terms = tuple(
            (t.id, t.term, t.type, t.aliases, t.summary, t.explanation, tuple((r.title, r.url) for r in t.references), t.source, t.lines)
            for t in glossary.terms
        )
        return cls(stats, terms, tuple((p.path, p.line, p.message, p.severity) for p in problems))

    def glossary(self) -> Glossary:
        return Glossary(tuple(Term(*t[:6], tuple(Reference(*r) for r in t[6]), *t[7:]) for t in self.terms))  # type: ignore[misc]

    def problems(self) -> tuple[Problem, ...]:
        return tuple(Problem(*p) for p in self.problem_values)


class PageTexts:
    """Where the pack file holds each text (a page's by its checksum, an article's dataset
    text by its digest). Shared by a cache and the caches made from it, and updated by
    `save_cache` as it appends texts: a process that keeps its cache in memory between
    conversions never appends a text twice. Only a record of files, so it takes no part in
    comparing caches."""

    def __init__(self, pack: Path | None = None, positions: dict[str, tuple[int, int]] | None = None):
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
            raise OSError(f"{self.pack}: a page text is missing; delete the cache folder and convert again")
        return data

    def read_many(self, names: list[str]) -> list[memoryview]:
        """The texts of these checksums or digests: views of the pack mapped into memory (not
        copies: most of the dataset is such texts), which stays mapped while any is kept."""
        if not names:
            return []
        assert self.pack is not None
        with self.pack.open("rb") as file:
            whole = memoryview(mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ))
        return [whole[offset : offset + length] for offset, length in map(self.positions.__getitem__, names)]


@dataclass(frozen=True)
class Cache:
    code: str = field(default_factory=lambda: code_fingerprint())
    seeds: Mapping[str, SeedRecord] = field(default_factory=dict)  # by seed name
    pages: Mapping[str, PageRecord] = field(default_factory=dict)  # by page path
    related: RelatedState | None = None
    glossary: GlossaryFiles | None = None
    texts: PageTexts = field(default_factory=PageTexts, compare=False, repr=False)
    dataset: Mapping[str, DatasetRecord] = field(default_factory=dict)  # by seed name


def seed_key(seed: str, source_hash: str, linking: str) -> str:
    return f"{source_hash}:{linking}:{seed}"


class StoredPage(Page):
    """A page as the cache holds it: its text is decoded only when read, so that a run that
    changes one article does not decode ten thousand pages."""

    def __init__(self, path: str, record: PageRecord, seed: str, texts: PageTexts):
        self.__dict__.update(path=path, seed=seed, record=record, texts=texts)  # frozen: no __setattr__

    @property  # type: ignore[override]
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


def _loaded(path: Path, code: str) -> Cache:
    try:
        stored = marshal.loads(path.read_bytes())  # whole: marshal.load reads a file in tiny pieces
        form, stored_code, seeds, pages, related, glossary, dataset, pack_name, positions = stored
        if form != _FORMAT or stored_code != code:
            return Cache(code)
        pack = path.with_name(pack_name)
        pack_size = pack.stat().st_size
        if any(offset + length > pack_size for offset, length in positions.values()):
            return Cache(code)
        cache = Cache(
            code,
            {seed: SeedRecord(mtime, size, key, _result(result)) for seed, (mtime, size, key, result) in seeds.items()},
            {page: PageRecord(key, checksum, None) for page, (key, checksum) in pages.items()},
            RelatedState.from_plain(related) if related is not None else None,
            GlossaryFiles._make(glossary) if glossary is not None else None,
            PageTexts(pack, positions),
            {seed: DatasetRecord(key, name, split, None) for seed, (key, name, split) in dataset.items()},
        )
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError):
        return Cache(code)
    if pack_size > 2 * sum(length for _, length in positions.values()) + (1 << 24):
        return _repacked(cache, path)  # mostly texts no longer used
    return cache


def _repacked(cache: Cache, path: Path) -> Cache:
    """The cache with a new pack of only the texts it uses, saved at `path`."""
    old = cache.texts
    names = sorted(old.positions, key=old.positions.__getitem__)
    texts = PageTexts(_new_pack(path), {})
    with texts.pack.open("wb") as file:  # type: ignore[union-attr]
        for name, data in zip(names, old.read_many(names)):
            texts.positions[name] = (file.tell(), len(data))
            file.write(data)
    repacked = dataclasses.replace(cache, texts=texts)
    save_cache(repacked, path)
    if old.pack is not None:
        old.pack.unlink(missing_ok=True)
    return repacked


def save_cache(cache: Cache, path: Path, previous: Cache | None = None) -> None:
    """Write the cache atomically (new texts are appended to the pack, then the cache file is
    replaced), unless it is the same as `previous`, the cache it was made from."""
    if previous is not None and cache == previous and path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    texts = cache.texts
    if texts.pack is None or not texts.pack.exists():  # a new pack: the old ones hold nothing this cache uses
        for old in path.parent.glob(f"{path.name}.*.pages"):
            old.unlink(missing_ok=True)
        texts.pack, texts.positions = _new_pack(path), {}
    used: set[str] = set()
    seeds: dict[str, tuple[Any, ...]] = {}
    with texts.pack.open("ab") as file:

        def keep(name: str, data: bytes | None) -> None:
            used.add(name)
            if data is not None and name not in texts.positions:
                texts.positions[name] = (file.tell(), len(data))
                file.write(data)

        for record in cache.pages.values():
            keep(record.checksum, record.data)
        for dataset_record in cache.dataset.values():
            keep(dataset_record.name, dataset_record.data)
        for seed, seed_record in cache.seeds.items():
            result = seed_record.result
            if isinstance(result, ArticleSummary):
                digest, own, text = dataset_parts(result.dataset)
                keep(digest, text.encode("utf-8") if text else None)
                keep(digest + FIELDS, own.encode("utf-8") if own else None)
            seeds[seed] = (seed_record.mtime_ns, seed_record.size, seed_record.key, _plain_result(_stored_result(result)))
    stored = (
        _FORMAT,
        cache.code,
        seeds,
        {page: (record.key, record.checksum) for page, record in cache.pages.items()},
        cache.related.to_plain() if cache.related is not None else None,
        tuple(cache.glossary) if cache.glossary is not None else None,
        {seed: record[:3] for seed, record in cache.dataset.items()},
        texts.pack.name,
        {name: position for name, position in texts.positions.items() if name in used},
    )
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            marshal.dump(stored, file)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
