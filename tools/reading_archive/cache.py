"""What reading and linking each seed produced, kept between runs and looked up by content.

A seed whose bytes did not change is not parsed again, and is not linked again while the
glossary did not change either; the words that related articles compare are kept too. The
cache is a plain value: the pipeline takes the previous one and returns the next, and only
`load_cache` and `save_cache` touch the disk. Any change to the converter's code, or a cache
file that cannot be read, starts from empty, so a cache can make a run faster but never
different.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from .model import Article, Problem

def code_fingerprint() -> str:
    """Changes whenever the converter's code changes (any module of this package)."""
    digest = hashlib.sha256()
    for module in sorted(Path(__file__).parent.rglob("*.py")):
        digest.update(module.read_bytes())
    return digest.hexdigest()


@dataclass(frozen=True)
class Cache:
    code: str = field(default_factory=lambda: code_fingerprint())
    # Each by seed_key: a seed's name, the sha256 of its bytes, and what linking depends on.
    articles: dict[str, Article | Problem] = field(default_factory=dict)  # parsed and linked, or why not
    words: dict[str, Counter[str]] = field(default_factory=dict)  # for related articles
    # Page texts by a digest of everything their rendering reads.
    pages: dict[str, str] = field(default_factory=dict)


def seed_key(seed: str, source_hash: str, linking: str) -> str:
    return f"{source_hash}:{linking}:{seed}"


def load_cache(path: Path) -> Cache:
    """The cache saved at `path` by this version of the code, or an empty one."""
    code = code_fingerprint()
    try:
        with path.open("rb") as file:
            cache = pickle.load(file)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return Cache(code)
    return cache if isinstance(cache, Cache) and cache.code == code else Cache(code)


def save_cache(cache: Cache, path: Path, previous: Cache | None = None) -> None:
    """Write the cache atomically (a temporary file, then a rename), unless it holds the same
    entries as `previous`, the cache it was made from (entries are named by their content)."""
    if previous is not None and _same_entries(cache, previous) and path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            pickle.dump(cache, file, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _same_entries(one: Cache, other: Cache) -> bool:
    return (
        one.code == other.code
        and one.articles.keys() == other.articles.keys()
        and one.words.keys() == other.words.keys()
        and one.pages.keys() == other.pages.keys()
    )
