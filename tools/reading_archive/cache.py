"""What earlier conversions produced, kept between runs so that only what changed is done again.

- seeds: per seed, its size and modification time, its key (a digest of its bytes and of what
  linking depends on) and what reading and linking it gave: an `ArticleSummary` or a `Problem`.
  A seed whose size and time did not change is not read again; one whose bytes did not change
  is not parsed again.
- pages: per page, a digest of everything its rendering read, its checksum and its text as
  UTF-8. A page whose inputs did not change is not rendered again, and its text is decoded only
  if somebody reads it (`StoredPage`).
- related: the state that lets related articles be recomputed only where they can change.

The cache is a plain value: the pipeline takes the previous one and returns the next, and only
`load_cache` and `save_cache` touch the disk. It is stored with `marshal` (plain tuples, dicts,
strings and bytes: ten times faster to load than a pickle of rich objects). Any change to the
converter's code or to the Python version, or a file that cannot be read, starts from empty,
so a cache can make a run faster but never different.
"""

from __future__ import annotations

import hashlib
import marshal
import os
import sys
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple

from .model import ArticleSummary, Page, Problem
from .related import RelatedState

_FORMAT = "reading-archive cache 2"


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


class PageRecord(NamedTuple):
    key: str  # digest of everything the page's rendering read
    checksum: str  # of the page (render.with_checksum): names its text
    data: bytes  # the text, UTF-8


@dataclass(frozen=True)
class Cache:
    code: str = field(default_factory=lambda: code_fingerprint())
    seeds: Mapping[str, SeedRecord] = field(default_factory=dict)  # by seed name
    pages: Mapping[str, PageRecord] = field(default_factory=dict)  # by page path
    related: RelatedState | None = None


def seed_key(seed: str, source_hash: str, linking: str) -> str:
    return f"{source_hash}:{linking}:{seed}"


class StoredPage(Page):
    """A page as the cache holds it: its text is decoded only when read, so that a run that
    changes one article does not decode ten thousand pages."""

    def __init__(self, path: str, record: PageRecord, seed: str = ""):
        object.__setattr__(self, "path", path)
        object.__setattr__(self, "seed", seed)
        object.__setattr__(self, "record", record)

    @property  # type: ignore[override]
    def text(self) -> str:
        return self.record.data.decode("utf-8")

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
    try:
        with path.open("rb") as file:
            stored = marshal.load(file)
        form, stored_code, seeds, pages, related = stored
        if form != _FORMAT or stored_code != code:
            return Cache(code)
        return Cache(
            code,
            {seed: SeedRecord(mtime, size, key, _result(result)) for seed, (mtime, size, key, result) in seeds.items()},
            {page: PageRecord._make(record) for page, record in pages.items()},
            RelatedState.from_plain(related) if related is not None else None,
        )
    except (OSError, EOFError, ValueError, TypeError, KeyError, IndexError):
        return Cache(code)


def save_cache(cache: Cache, path: Path, previous: Cache | None = None) -> None:
    """Write the cache atomically (a temporary file, then a rename), unless it is the same as
    `previous`, the cache it was made from."""
    if previous is not None and cache == previous and path.exists():
        return
    stored = (
        _FORMAT,
        cache.code,
        {seed: (r.mtime_ns, r.size, r.key, _plain_result(r.result)) for seed, r in cache.seeds.items()},
        {page: tuple(record) for page, record in cache.pages.items()},
        cache.related.to_plain() if cache.related is not None else None,
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            marshal.dump(stored, file)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


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
