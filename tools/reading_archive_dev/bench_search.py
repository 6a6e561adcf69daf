"""What a reader downloads for one Pagefind query: the search figures of `archive bench build`.

A real query in Chromium (Debian's /usr/bin/chromium through Playwright, as the browser tests
drive it) against the built site served on localhost: a fresh browser context opens the home
page, "/" opens the header search, the word is entered at once (typed letter by letter it would
search its prefixes too), and every response from pagefind/ is summed (body and headers, as
transferred) until the results are shown. Pagefind's index and
fragments are gzipped files already; the localhost server adds no HTTP compression, so
pagefind.js (about 30 KB) counts uncompressed.

Words: a common one (the word of four or more letters in most seeds) and a rare one (the word
of six or more letters in fewest seeds, alphabetically first), from the seeds.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from .browser import CHROMIUM, CHROMIUM_FLAGS, serve_directory

_WORD = re.compile(r"[a-z]+")
_NOT_INDEXED = re.compile(r"://|^original url:")  # the trailer: not on the page's text


def query_words(seeds_dir: Path) -> dict[str, tuple[str, int]]:
    """{"common word": (word, seeds it is in), "rare word": (…)}."""
    seeds_with: Counter[str] = Counter()
    for seed in sorted(seeds_dir.glob("*.txt")):
        text = "\n".join(
            line
            for line in seed.read_text(encoding="utf-8").lower().splitlines()
            if not _NOT_INDEXED.search(line)
        )
        seeds_with.update(set(_WORD.findall(text)))
    common = min((w for w in seeds_with if len(w) >= 4), key=lambda w: (-seeds_with[w], w))
    rare = min((w for w in seeds_with if len(w) >= 6), key=lambda w: (seeds_with[w], w))
    return {"common word": (common, seeds_with[common]), "rare word": (rare, seeds_with[rare])}


def query_downloads(
    site: Path, words: dict[str, tuple[str, int]]
) -> dict[str, dict[str, Any]] | str:
    """For each word: bytes and requests from pagefind/ for its first query, and the results
    found; or why it could not be measured."""
    if not (site / "pagefind" / "pagefind.js").is_file():
        return "no pagefind/ in the site (search: material?)"
    if not CHROMIUM.exists():
        return f"{CHROMIUM} is not installed"
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        return "Playwright is not installed (pip install -e '.[test]')"
    with serve_directory(site) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        try:
            return {label: _one_query(browser, url, word) for label, (word, _) in words.items()}
        finally:
            browser.close()


def _one_query(browser: Any, url: str, word: str) -> dict[str, Any]:
    context = browser.new_context()  # an empty cache: a reader's first query
    page = context.new_page()
    fetched: list[int] = []

    def count(request: Any) -> None:
        if "/pagefind/" in request.url:
            sizes = request.sizes()
            fetched.append(sizes["responseBodySize"] + sizes["responseHeadersSize"])

    try:
        page.goto(url)
        page.wait_for_load_state("networkidle")
        page.on("requestfinished", count)
        page.keyboard.press("/")
        page.locator(".archive-search__input").fill(word)  # one query
        meta = page.locator(".archive-search__meta")
        page.wait_for_function(
            "() => /matching/.test(document.querySelector('.archive-search__meta').textContent)",
            timeout=120_000,
        )
        page.wait_for_load_state("networkidle")
        found = meta.inner_text()
        return {"word": word, "bytes": sum(fetched), "requests": len(fetched), "found": found}
    finally:
        context.close()
