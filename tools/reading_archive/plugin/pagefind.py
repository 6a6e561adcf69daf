"""Pagefind search: the built site is indexed after each build, in chunks that a query loads on demand.

Material's search plugin writes the whole text of the site into one index that every reader
downloads before the first query (83.9 MB, 15.2 MB gzipped, at 10,000 articles). Pagefind splits
its index by word, so a query downloads a few hundred KB at any archive size. What it indexes is
marked in the templates: `data-pagefind-body` on article text (overrides/article.html), metadata
and filters (publisher, year) beside it; the search dialog is overrides/partials/pagefind-search.html.

`mkdocs build` indexes before it returns (a failure fails the build). `mkdocs serve` indexes in
the background, so that a reload never waits for Pagefind (several seconds at 1,000 articles);
search answers once the index is written, and a new build stops an unfinished index.
"""

from __future__ import annotations

import subprocess
import sys
import threading
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger

log = get_plugin_logger(__name__)

BUNDLE_DIR = "pagefind"  # under site_dir: pagefind.js, the index chunks and fragments

# Not the article's own text: heading permalinks ("¶"), why a related article was picked, the
# previous/next links. (Related titles stay: they are links a reader may search for.)
EXCLUDED_SELECTORS = ".headerlink, .related-articles__why, .article-neighbours"


def pagefind_command(site_dir: Path) -> list[str]:
    """The Pagefind CLI (from the pinned `pagefind[bin]` wheel) indexing site_dir into site_dir/pagefind."""
    return [
        sys.executable, "-m", "pagefind",
        "--site", str(site_dir),
        "--output-subdir", BUNDLE_DIR,
        "--exclude-selectors", EXCLUDED_SELECTORS,
        "--quiet",
    ]  # fmt: skip


class PagefindIndexer:
    """Runs Pagefind on a built site: before returning, or in the background under `mkdocs serve`."""

    def __init__(self) -> None:
        self._process: subprocess.Popen[str] | None = None

    def index(self, site_dir: Path) -> None:
        """Index the site now; raise PluginError with Pagefind's own message if it fails."""
        self.stop()
        try:
            result = subprocess.run(pagefind_command(site_dir), capture_output=True, text=True)
        except OSError as error:
            raise PluginError(f"archive: cannot run Pagefind: {error}") from error
        if result.returncode != 0:
            raise PluginError(f"archive: Pagefind failed to index {site_dir} (exit status {result.returncode}):\n{_tail(result)}")
        log.info(f"Pagefind indexed the site into {BUNDLE_DIR}/")

    def index_in_background(self, site_dir: Path) -> None:
        """Start indexing and return; the outcome is logged when Pagefind ends."""
        self.stop()
        try:
            process = subprocess.Popen(pagefind_command(site_dir), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except OSError as error:
            log.warning(f"archive: cannot run Pagefind, search is unavailable: {error}")
            return
        self._process = process
        threading.Thread(target=self._report, args=(process,), daemon=True).start()

    def stop(self) -> None:
        """Stop an unfinished background index (its site is about to be rebuilt, or the server stops)."""
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.terminate()
            process.wait()

    def _report(self, process: subprocess.Popen[str]) -> None:
        stdout, stderr = process.communicate()
        if process.returncode == 0:
            log.info("Pagefind indexed the site; search is ready")
        elif process.returncode > 0:  # negative: stopped by a newer build
            log.warning(f"archive: Pagefind failed (exit status {process.returncode}):\n{stderr.strip()[-2000:]}")


def _tail(result: subprocess.CompletedProcess[str]) -> str:
    return "\n".join((result.stderr or result.stdout).strip().splitlines()[-15:])
