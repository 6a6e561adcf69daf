"""The search index after a dirty build (`mkdocs serve --dirty`), made complete and current.

A dirty build renders only the pages whose source changed, so Material's search plugin indexes
only those. Left alone, `mkdocs build --dirty` writes an index of the rebuilt pages only, and
`mkdocs serve --dirty` (Material keeps its previous index) replaces the entries of the first
rebuilt page alone, keeping stale entries of the others and of deleted pages. The complete index
is the previous one without the entries of pages rebuilt now or gone, plus the entries of the
pages rebuilt now, in the order of the site's pages: what a full build writes.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable, Sequence
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.plugins import PluginCollection

Entry = dict[str, Any]  # {"location": "articles/…/#section", "title": …, "text": …}


def index_file(site_dir: str) -> Path:
    """Where Material's search plugin writes the index."""
    return Path(site_dir) / "search" / "search_index.json"


def read_entries(path: Path) -> list[Entry] | None:
    """The entries of the index at `path`, or None when there is no readable index."""
    try:
        return list(json.loads(path.read_bytes())["docs"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def indexed_entries(plugins: PluginCollection) -> list[Entry] | None:
    """The entries Material's search plugin has indexed in this build (the rebuilt pages), or
    None without it. Read before its `post_build` merges them with its previous index."""
    search = plugins.get("material/search")
    index = getattr(search, "search_index", None)
    entries = getattr(index, "entries", None)
    return list(entries) if isinstance(entries, list) else None


def page_url(location: str) -> str:
    """The URL of the page an entry belongs to: its location without the section's anchor."""
    return location.partition("#")[0]


def merge_entries(
    previous: Iterable[Entry],
    fresh: Iterable[Entry],
    rebuilt: Collection[str],
    pages: Sequence[str],
) -> list[Entry]:
    """The index of the site whose pages (URLs, in build order) are `pages`: `fresh` entries for
    the pages `rebuilt` now, `previous` entries for the others; entries of pages gone are dropped.
    """
    by_page: dict[str, list[Entry]] = {}
    for entry in previous:
        url = page_url(entry["location"])
        if url not in rebuilt:
            by_page.setdefault(url, []).append(entry)
    for entry in fresh:
        by_page.setdefault(page_url(entry["location"]), []).append(entry)
    return [entry for url in pages for entry in by_page.get(url, ())]


def rewrite_index(path: Path, entries: list[Entry]) -> None:
    """Replace the entries of the index at `path`, keeping its search configuration; written as
    Material's search plugin writes it."""
    data = json.loads(path.read_bytes())
    data["docs"] = entries
    utils.write_file(
        json.dumps(data, separators=(",", ":"), default=str).encode("utf-8"), str(path)
    )
