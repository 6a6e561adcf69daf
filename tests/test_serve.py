"""`mkdocs serve`, as a curator uses it: an edited seed shows on reload, with one rebuild.

With `--dirty` (what `./run serve` runs) MkDocs renders only the pages whose files changed; what
the server then serves must still be what a full build makes: every page that shows the edit,
no page of a deleted seed, and a complete, current search index.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from conftest import ARTICLE_URL, REPO, SEED, _env, mkdocs_build, use_material_search
from reading_archive_dev.browser import fetch_text, mkdocs_serve, stop_serving, wait_for

FIXTURES = REPO / "tests" / "fixtures" / "related"
MONTH_URL = "articles/2021/12/"
BIDEN_CALL_URL = "articles/2021/12/putin-and-biden-speak-what-they-discussed/"
NATO_URL = "articles/2021/12/nato-allies-weigh-response-to-russian-troop/"
ZELENSKIY_URL = "articles/2021/12/zelenskiy-and-biden-discuss-donbas-after-putin/"
GRAIN_URL = "articles/2023/03/black-sea-grain-deal-extended-for-another-60-days/"
TERM_URL = "glossary/kyriakos-mitsotakis/"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """A running `mkdocs serve` and everything it logged."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.log: list[str] = []

    def page(self, url: str) -> str | None:
        return fetch_text(self.base + url)

    def count(self, text: str) -> int:
        return sum(text in line for line in self.log)

    def search_docs(self) -> list[dict]:
        return json.loads(self.page("search/search_index.json") or "{}")["docs"]

    def change(self, edit: Callable[[], None], shown: Callable[[], bool]) -> None:
        """Make an edit, wait until `shown`, and check that it cost exactly one build."""
        builds = self.count("Building documentation")
        reloads = self.count("Reloading browsers")
        edit()
        assert wait_for(shown, 90), "".join(self.log)
        # Not "Documentation built in N seconds": MkDocs logs a message of its build logger only
        # the first time, so a second build that takes as long as an earlier one is not logged.
        assert wait_for(lambda: self.count("Reloading browsers") > reloads, 60), "".join(self.log)
        time.sleep(2)  # long enough for a second build, or a rebuild loop, to show itself
        assert self.count("Building documentation") == builds + 1, "".join(self.log)


@contextlib.contextmanager
def serving(project: Path, *options: str) -> Iterator[Server]:
    """`mkdocs serve` of the project until the block ends; then stopped as a curator stops it
    (Ctrl-C), which must leave nothing in the temporary folder (MkDocs serves a site folder
    of its own there)."""
    port = free_port()
    temporary = project.parent / "serve-tmp"
    temporary.mkdir(exist_ok=True)
    process = mkdocs_serve(
        project / "mkdocs.yml",
        port,
        *options,
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**_env(), "TMPDIR": str(temporary)},
    )
    server = Server(f"http://127.0.0.1:{port}/")
    reader = threading.Thread(target=lambda: server.log.extend(process.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    try:
        assert wait_for(lambda: "Mitsotakis" in (server.page(ARTICLE_URL) or ""), 120), "".join(
            server.log
        )
        yield server
    finally:
        stop_serving(process)
    assert process.returncode == 0, "".join(server.log)
    assert list(temporary.iterdir()) == []


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} does not say {old!r}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def assert_serves_a_full_build(server: Server, project: Path) -> None:
    """The server serves every page a full `mkdocs build` of the project as it is now makes, and
    its search index: every page, each once, all current."""
    # Served, the site's address is the server's: so it is for the build compared with it.
    result = mkdocs_build(project, strict=False, site_url=server.base)
    assert result.returncode == 0, result.stderr
    site = project / "site"
    built = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    assert server.search_docs() == built
    for page in sorted(site.rglob("index.html")):
        url = page.parent.relative_to(site).as_posix() + "/" if page.parent != site else ""
        assert comparable(server.page(url) or "") == comparable(page.read_text(encoding="utf-8")), (
            url
        )


def comparable(html: str) -> str:
    """A page without what only `mkdocs serve` adds: the live-reload script, and the blank lines
    around it."""
    html = re.sub(r"<script>[^<]*livereload[^<]*</script>", "", html)
    return re.sub(r"\s+", " ", html)


def related_section(html: str | None) -> str:
    """A page's HTML from its related articles on (its previous and next links come before)."""
    return (html or "").partition('class="related-articles"')[2]


def locations(docs: list[dict]) -> set[str]:
    return {entry["location"].partition("#")[0] for entry in docs}


@pytest.fixture
def archive(project: Path) -> Path:
    """The project with the invented seeds of tests/fixtures/related beside its real one: pages
    with neighbours, related articles and shared listings; with Material's search, whose index a
    dirty build must complete (Pagefind indexes the whole site after each build: test_pagefind)."""
    for seed in FIXTURES.glob("*.txt"):
        shutil.copy(seed, project / "seeds")
    use_material_search(project)
    return project


def test_edited_seed_shows_on_reload_without_rebuild_loop(project: Path) -> None:
    with serving(project) as server:
        seed = project / "seeds" / SEED.name
        server.change(
            lambda: replace_in(seed, "Mitsotakis", "Papadopoulos"),
            lambda: "Papadopoulos" in (server.page(ARTICLE_URL) or ""),
        )


def test_dirty_serve_shows_an_edit_everywhere_and_indexes_it(archive: Path) -> None:
    with serving(archive, "--dirty") as server:
        assert "Putin and Biden Speak" in related_section(server.page(ZELENSKIY_URL))

        seed = archive / "seeds" / SEED.name
        server.change(
            lambda: replace_in(seed, "Mitsotakis", "Papadopoulos"),
            lambda: "Papadopoulos" in (server.page(ARTICLE_URL) or ""),
        )
        article = [
            entry for entry in server.search_docs() if entry["location"].startswith(ARTICLE_URL)
        ]
        assert any("Papadopoulos" in entry["text"] for entry in article), article
        assert not any("Mitsotakis" in entry["text"] for entry in article), article

        # A new title: a new page, which the month listing and another page's related articles show.
        server.change(
            lambda: replace_in(
                archive / "seeds" / "101_putin_biden_call.txt", "Biden Speak:", "Biden Confer:"
            ),
            lambda: "Putin and Biden Confer" in (server.page(MONTH_URL) or ""),
        )
        assert "Putin and Biden Confer" in (
            server.page("articles/2021/12/putin-and-biden-confer-what-they-discussed/") or ""
        )
        assert server.page(BIDEN_CALL_URL) is None  # the page of the old title is gone
        zelenskiy = server.page(ZELENSKIY_URL) or ""
        assert "Putin and Biden Confer" in related_section(zelenskiy)
        assert "Putin and Biden Speak" not in zelenskiy
        assert BIDEN_CALL_URL not in locations(server.search_docs())
        assert_serves_a_full_build(server, archive)


def test_dirty_serve_drops_a_deleted_seed_and_its_search_entries(archive: Path) -> None:
    with serving(archive, "--dirty") as server:
        assert NATO_URL in locations(server.search_docs())
        seed = archive / "seeds" / "102_nato_allies_weigh_response.txt"
        server.change(seed.unlink, lambda: server.page(NATO_URL) is None)
        assert "Putin and Biden Speak" in (
            server.page(MONTH_URL) or ""
        ) and "NATO Allies Weigh" not in (server.page(MONTH_URL) or "")
        docs = server.search_docs()
        assert NATO_URL not in locations(docs) and ARTICLE_URL in locations(docs)
        assert_serves_a_full_build(server, archive)


def test_dirty_serve_shows_a_glossary_edit_on_the_term_page_and_the_articles(archive: Path) -> None:
    with serving(archive, "--dirty") as server:
        term = archive / "glossary" / "kyriakos-mitsotakis.md"
        server.change(
            lambda: replace_in(
                term, "Greek centre-right politician", "Greek conservative politician"
            ),
            lambda: "Greek conservative politician" in (server.page(TERM_URL) or ""),
        )
        article = server.page(ARTICLE_URL) or ""
        assert (
            'title="Greek conservative politician' in article
            and "Greek centre-right" not in article
        )
        assert_serves_a_full_build(server, archive)


def test_dirty_serve_builds_every_page_again_after_mkdocs_yml_or_overrides_change(
    archive: Path,
) -> None:
    with serving(archive, "--dirty") as server:
        server.change(
            lambda: replace_in(
                archive / "mkdocs.yml", "site_name: Reading Archive", "site_name: Renamed Archive"
            ),
            lambda: "Renamed Archive" in (server.page(GRAIN_URL) or ""),
        )
        assert "Renamed Archive" in (server.page(TERM_URL) or "")
        server.change(
            lambda: replace_in(
                archive / "overrides" / "article.html", "min read</span>", "minutes to read</span>"
            ),
            lambda: "minutes to read" in (server.page(GRAIN_URL) or ""),
        )
        assert "minutes to read" in (server.page(ARTICLE_URL) or "")
        assert_serves_a_full_build(server, archive)


def test_dirty_build_writes_the_search_index_a_full_build_writes(archive: Path) -> None:
    assert mkdocs_build(archive, strict=False).returncode == 0
    replace_in(archive / "seeds" / SEED.name, "Mitsotakis", "Papadopoulos")
    dirty = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--dirty", "-f", str(archive / "mkdocs.yml")],
        cwd=archive, capture_output=True, text=True, env=_env(), timeout=600,
    )  # fmt: skip
    assert dirty.returncode == 0, dirty.stderr
    index = archive / "site" / "search" / "search_index.json"
    after_dirty = index.read_bytes()
    assert b"Papadopoulos" in after_dirty
    assert mkdocs_build(archive, strict=False).returncode == 0
    assert after_dirty == index.read_bytes()


def dirty_build(project: Path, site_url: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {**_env(), **({"SITE_URL": site_url} if site_url else {})}
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "build",
        "--dirty",
        "-f",
        str(project / "mkdocs.yml"),
    ]
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, env=env, timeout=600
    )


def sitemap(site: Path) -> tuple[bytes, bytes]:
    """The sitemap, and what its gzipped copy holds."""
    return (site / "sitemap.xml").read_bytes(), gzip.decompress(
        (site / "sitemap.xml.gz").read_bytes()
    )


def test_dirty_build_writes_the_sitemap_a_full_build_writes(archive: Path) -> None:
    site_url = "https://example.org/archive/"
    # A hand-written page with a date: the sitemap takes it from its front matter.
    notes = "---\ntitle: Notes\ndate: 2020-02-03\n---\n\n# Notes\n"
    (archive / "content" / "notes.md").write_text(notes, encoding="utf-8")
    assert mkdocs_build(archive, strict=False, site_url=site_url).returncode == 0
    articles = len(list((archive / "seeds").glob("*.txt")))
    assert sitemap(archive / "site")[0].count(b"<lastmod>") == articles + 1
    assert b"notes/</loc>\n    <lastmod>2020-02-03</lastmod>" in sitemap(archive / "site")[0]
    replace_in(archive / "seeds" / SEED.name, "Mitsotakis", "Papadopoulos")
    dirty = dirty_build(archive, site_url)
    assert dirty.returncode == 0, dirty.stderr
    after_dirty = sitemap(archive / "site")
    assert (
        b"Papadopoulos" in (archive / "site" / ARTICLE_URL / "index.html").read_bytes()
    )  # rebuilt: one page
    assert mkdocs_build(archive, strict=False, site_url=site_url).returncode == 0
    assert after_dirty == sitemap(archive / "site")
    assert after_dirty[0].count(b"<lastmod>") == articles + 1


def test_dirty_serve_keeps_every_date_in_the_sitemap(archive: Path) -> None:
    with serving(archive, "--dirty") as server:
        server.change(
            lambda: replace_in(archive / "seeds" / SEED.name, "Mitsotakis", "Papadopoulos"),
            lambda: "Papadopoulos" in (server.page(ARTICLE_URL) or ""),
        )
        served = server.page("sitemap.xml") or ""
        assert mkdocs_build(archive, strict=False, site_url=server.base).returncode == 0
    assert served == (archive / "site" / "sitemap.xml").read_text(encoding="utf-8")
    assert served.count("<lastmod>") == len(list((archive / "seeds").glob("*.txt")))
