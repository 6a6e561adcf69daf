"""Pagefind search: the built site is indexed after each build, in chunks that a query loads on
demand.

Material's search plugin writes the whole text of the site into one index that every reader
downloads before the first query (83.9 MB, 15.2 MB gzipped, at 10,000 articles). Pagefind splits
its index by word, so a query downloads a few hundred KB at any archive size. What it indexes is
marked in the templates: `data-pagefind-body` on article text (overrides/article.html), metadata
and filters (publisher, year) beside it, and data-pagefind-ignore on what an article page shows of
other articles (render/article.py); the search dialog is overrides/partials/pagefind-search.html.

`mkdocs build` indexes before it returns (a failure fails the build). `mkdocs serve` indexes in
the background, so that a reload never waits for Pagefind (several seconds at 1,000 articles);
search answers once the index is written, and a new build stops an unfinished index.

Pagefind's memory grows with what one run indexes (about 0.3 MB per article: 2.9 GB for 10,000
articles), so a large archive is indexed in parts of at most `part_size` articles, month folders
of articles_dir taken in order, one Pagefind run after another: the first part is the bundle in
pagefind/, the others go to pagefind/part-<n>/, listed in pagefind/archive-parts.json, which the
search script reads to merge them into each query (Pagefind's `mergeIndex`). Each part adds a few
small requests to a reader's first query.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

from .pagefind_order import put_in_order

log = get_plugin_logger(__name__)

BUNDLE_DIR = "pagefind"  # under site_dir: pagefind.js, the index chunks and fragments
PARTS_FILE = "archive-parts.json"  # in BUNDLE_DIR: the folders of the other parts, relative to it

# Not the article's own text: heading permalinks ("¶", which Material adds after the page is
# rendered). What a page shows of other articles (the related articles, the copies, previous and
# next, a "Related article:" line) is marked data-pagefind-ignore="all" where render/article.py
# writes it: a word of another article's title finds that article, not every page that links to it.
EXCLUDED_SELECTORS = ".headerlink"


class PagefindError(PluginError):
    """Pagefind could not index the site: a failed MkDocs build, a clear `archive publish` error."""


@dataclass(frozen=True)
class IndexPart:
    """What one Pagefind run indexes (a glob of HTML files under the site folder; None: all of
    them) and where it writes its bundle, relative to the site folder."""

    glob: str | None
    output: str


def index_parts(site_dir: Path, articles_dir: str, part_size: int) -> list[IndexPart]:
    """The parts a site is indexed in: one when its articles (HTML files under articles_dir,
    counted by month folder) are at most `part_size`; else consecutive month folders, each part
    as many as fit in `part_size` (a month with more is a part of its own)."""
    months: list[tuple[str, int]] = []  # "2021/12" and its pages, in order
    root = site_dir / articles_dir
    for year in sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []:
        for month in sorted(p.name for p in (root / year).iterdir() if p.is_dir()):
            pages = sum(
                name.endswith(".html")
                for _, _, names in os.walk(root / year / month)
                for name in names
            )
            months.append((f"{year}/{month}", pages))
    if sum(pages for _, pages in months) <= part_size:
        return [IndexPart(None, BUNDLE_DIR)]
    groups: list[list[str]] = [[]]
    size = 0
    for month, pages in months:
        if groups[-1] and size + pages > part_size:
            groups.append([])
            size = 0
        groups[-1].append(month)
        size += pages
    return [
        IndexPart(
            f"{articles_dir}/{{{','.join(group)}}}/**/*.html",
            BUNDLE_DIR if number == 1 else f"{BUNDLE_DIR}/part-{number}",
        )
        for number, group in enumerate(groups, start=1)
    ]


def pagefind_command(site_dir: Path, part: IndexPart = IndexPart(None, BUNDLE_DIR)) -> list[str]:
    """The Pagefind CLI (from the pinned `pagefind[bin]` wheel) indexing one part of site_dir."""
    return [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--output-subdir", part.output,
        *(["--glob", part.glob] if part.glob else []),
        "--exclude-selectors", EXCLUDED_SELECTORS,
        "--quiet",
    ]  # fmt: skip


def write_parts_file(site_dir: Path, parts: list[IndexPart]) -> None:
    """pagefind/archive-parts.json: the folders of the parts after the first, for the search."""
    others = [part.output.removeprefix(BUNDLE_DIR + "/") + "/" for part in parts[1:]]
    (site_dir / BUNDLE_DIR / PARTS_FILE).write_text(json.dumps(others) + "\n", encoding="utf-8")


class PagefindIndexer:
    """Runs Pagefind on a built site, part after part: before returning, or in the background
    under `mkdocs serve`."""

    def __init__(self, articles_dir: str = "articles", part_size: int = 2500) -> None:
        self.articles_dir = articles_dir
        self.part_size = part_size
        self._lock = threading.Lock()
        self._process: subprocess.Popen[str] | None = None
        self._stopped: threading.Event | None = None  # of the background run under way

    def index(self, site_dir: Path) -> None:
        """Index the site now; raise PagefindError with Pagefind's own message if it fails."""
        self.stop()
        parts = index_parts(site_dir, self.articles_dir, self.part_size)
        for part in parts:
            try:
                result = subprocess.run(
                    pagefind_command(site_dir, part), capture_output=True, text=True
                )
            except OSError as error:
                raise PagefindError(f"archive: cannot run Pagefind: {error}") from error
            if result.returncode != 0:
                raise PagefindError(
                    f"archive: Pagefind failed to index {site_dir} (exit status "
                    f"{result.returncode}):\n{_tail(result)}"
                )
            put_bundle_in_order(site_dir / part.output)
        write_parts_file(site_dir, parts)
        log.info(
            f"Pagefind indexed the site into {BUNDLE_DIR}/"
            + (f" in {len(parts)} parts" if len(parts) > 1 else "")
        )

    def index_in_background(self, site_dir: Path) -> None:
        """Start indexing and return; the outcome is logged when Pagefind ends."""
        self.stop()
        stopped = self._stopped = threading.Event()
        threading.Thread(target=self._index_parts, args=(site_dir, stopped), daemon=True).start()

    def stop(self) -> None:
        """Stop an unfinished background index (its site is to be rebuilt, or the server stops)."""
        with self._lock:
            if self._stopped is not None:
                self._stopped.set()
            process, self._process, self._stopped = self._process, None, None
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()

    def _index_parts(self, site_dir: Path, stopped: threading.Event) -> None:
        parts = index_parts(site_dir, self.articles_dir, self.part_size)
        for part in parts:
            with self._lock:
                if stopped.is_set():
                    return
                try:
                    process = self._process = subprocess.Popen(
                        pagefind_command(site_dir, part),
                        stdout=subprocess.PIPE,
                        stderr=subprocess.PIPE,
                        text=True,
                    )
                except OSError as error:
                    log.warning(f"archive: cannot run Pagefind, search is unavailable: {error}")
                    return
            _, stderr = process.communicate()
            if stopped.is_set() or process.returncode < 0:  # stopped by a newer build
                return
            if process.returncode > 0:
                log.warning(
                    "archive: Pagefind failed (exit status "
                    f"{process.returncode}):\n{stderr.strip()[-2000:]}"
                )
                return
            try:
                put_bundle_in_order(site_dir / part.output)
            except PagefindError as error:
                log.warning(str(error))
                return
        write_parts_file(site_dir, parts)
        log.info("Pagefind indexed the site; search is ready")


def put_bundle_in_order(bundle: Path) -> None:
    """The bundle Pagefind wrote, with its filters in a stable order (plugin/pagefind_order.py)."""
    try:
        put_in_order(bundle)
    except (OSError, ValueError) as error:
        raise PagefindError(f"archive: cannot put Pagefind's index in order: {error}") from error


def _tail(result: subprocess.CompletedProcess[str]) -> str:
    return "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
