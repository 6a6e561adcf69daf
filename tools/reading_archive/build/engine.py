"""The build engine: a page is a function of one inputs record, kept while that record is the same.

Each kind of page declares a named tuple of its inputs, made of plain values (strings, numbers,
tuples and dicts of them), and a renderer that is given nothing but that record and the values
it names by a key (an article by the digest of its seed and sidecar, the glossary by its own).
The engine records each page under the digest of its whole inputs record (`PageRecord.inputs`):
nothing a renderer can read is left out of the digest, so a renderer that shows one more field
cannot forget to declare it; the field has to be put into the record to reach the renderer at
all, and it is then digested with the rest (tests/test_engine.py renders everything a renderer
is given and checks that no edit leaves a page stale, as Lektor's recorded dependencies would).

Making and digesting ten thousand records after a one-seed edit would cost more than the edit,
so the engine first asks Salsa's cheap question: did any source of the record change? A kind's
records are made by a pure function of the page's sources: `shared`, a named tuple of what
every page of the kind may show (the settings, every article's link: digested once a run, the
`stamp` each page record keeps), and the page's own sources (its article, its related list),
which are unchanged when the cache handed them back as the same objects. A page whose stamp is
the cached one and whose own sources are unchanged is the cached page, its record not even made
(`keep`); otherwise the record is made and digested (`plan`), and the page rendered again only
if the digest is not the cached one (a source changed, but not what the page shows of it).

Listings and the glossary's pages have only shared sources: while their kind's stamp is the
cached one, all of them are kept (`held_group`). They are given each article's summary with
only the fields their stamp digests, the others blank (pages.shown_summaries), so that their
stamp is complete too.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from ..base.digest import value_digest
from ..model import Page, checksum_of
from .cache import PageRecord, PageTexts, StoredPage


class Planned(NamedTuple):
    """A page to render: its path, the record it is made from, and the digests it is kept by."""

    path: str
    stamp: str
    digest: str
    inputs: Any  # the named tuple of the page kind's inputs


def inputs_digest(inputs: tuple[Any, ...]) -> str:
    """The digest of a whole inputs record: a named tuple whose fields are plain values."""
    return value_digest(tuple(inputs))


def stamp_of(shared: tuple[Any, ...]) -> str:
    """The stamp of the sources shared by the pages of a kind (a named tuple of plain values)."""
    return value_digest(tuple(shared))


@dataclass
class Pages:
    """One run's pages: each kept as the cache holds it or planned to be rendered, and the
    records for the next run."""

    cached: Mapping[str, PageRecord]
    texts: PageTexts
    records: dict[str, PageRecord] = field(default_factory=dict)

    def keep(self, path: str, stamp: str) -> bool:
        """Keep the cached page at `path` if it was made under `stamp`: for a page whose own
        sources are all unchanged (its record would be the cached one)."""
        known = self.cached.get(path)
        if known is None or known.stamp != stamp:
            return False
        self.records[path] = known
        return True

    def plan(self, path: str, stamp: str, inputs: tuple[Any, ...]) -> Planned | None:
        """Keep the page at `path` if its inputs record is the cached one (None), else the
        page to render from it."""
        return self._unless_held(path, stamp, inputs, inputs_digest(inputs))

    def plan_inputs(
        self, paths: Sequence[str], stamp: str, inputs: tuple[Any, ...]
    ) -> list[Planned | None]:
        """`plan` of pages made together from one inputs record that is made whatever changed
        (a listing's or a term's: their sources are all shared, held by `held_group`)."""
        digest = inputs_digest(inputs)
        return [self._unless_held(path, stamp, inputs, digest) for path in paths]

    def _unless_held(
        self, path: str, stamp: str, inputs: tuple[Any, ...], digest: str
    ) -> Planned | None:
        known = self.cached.get(path)
        if known is not None and known.inputs == digest:
            self.records[path] = known if known.stamp == stamp else known._replace(stamp=stamp)
            return None
        return Planned(path, stamp, digest, inputs)

    def held_group(self, stamp: str) -> list[str] | None:
        """The paths of the pages the cache holds under `stamp`, all kept: pages whose sources
        are all shared (listings, glossary) are the same pages while the stamp is; None when the
        cache holds none."""
        held = [(path, record) for path, record in self.cached.items() if record.stamp == stamp]
        if not held:
            return None
        self.records.update(held)
        return [path for path, _ in held]

    def rendered(self, planned: Planned, text: str) -> None:
        self.made(planned, checksum_of(text), text.encode("utf-8"))

    def made(self, planned: Planned, checksum: str, data: bytes) -> None:
        self.records[planned.path] = PageRecord(planned.stamp, planned.digest, checksum, data)

    def page(self, path: str, source: str) -> Page:
        """The page at `path` as this run keeps it, its text read only if somebody reads it."""
        return StoredPage(path, self.records[path], source, self.texts)

    def pages(self, paths: Iterable[str], source_of: Callable[[str], str]) -> list[Page]:
        return [self.page(path, source_of(path)) for path in paths]
