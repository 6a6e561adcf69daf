"""Shared fixtures: a temporary copy of the project, and the real commands run on it."""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from reading_archive_dev.browser import CHROMIUM, CHROMIUM_FLAGS, serve_directory

REPO = Path(__file__).resolve().parents[1]
SEED = REPO / "seeds" / "000_7700cad70c87f25c.txt"
ARTICLE_URL = "articles/2021/12/putin-says-russia-has-right-to-defend-its-security/"
# One page of each kind the site has, by URL relative to the site.
PAGE_TYPES = {
    "home": "",
    "article": ARTICLE_URL,
    "archive": "articles/",
    "year": "articles/2021/",
    "month": "articles/2021/12/",
    "tags": "tags/",
    "tag": "tags/russia-nato-relations/",
    "publishers": "publishers/",
    "publisher": "publishers/the-moscow-times/",
    "glossary": "glossary/",
    "term": "glossary/quint/",
}
_PROJECT_FILES = ["mkdocs.yml", "overrides", "content", "seeds", "glossary"]
# What `archive convert` (or `ARCHIVE_BUILDER=… ./run site`) writes into content/: its generated
# folders, the dataset and the annotations.
_GENERATED = shutil.ignore_patterns(
    "articles", "glossary", "publishers", "tags", "__pycache__",
    "archive.jsonl", "archive.csv", ".reading-archive-dataset", "annotations.jsonld",
)  # fmt: skip


# A valid article new to the project, for the tests of commands that add or wait to add one.
NEW_ARTICLE = (
    "Kyiv Metro Reopens After Three Months as Shelters\n\nBy [Reuters](#)\n\nMay 25, "
    "2022\n\nTrains ran again on Kyiv's metro on Wednesday after its stations spent three "
    "months as bomb shelters.\n\nOriginal "
    "url:\n\n<https://www.reuters.com/world/europe/kyiv-metro-reopens-2022-05-25/>\n"
)


def copy_project(target: Path, *, seeds: bool = True) -> Path:
    """A copy of the project's site sources (without build products) at `target`."""
    target.mkdir(parents=True, exist_ok=True)
    for name in _PROJECT_FILES:
        source = REPO / name
        if name == "seeds" and not seeds:
            (target / name).mkdir()
        elif source.is_dir():
            shutil.copytree(source, target / name, ignore=_GENERATED if name == "content" else None)
        else:
            shutil.copy2(source, target / name)
    return target


def _env() -> dict[str, str]:
    # The project as checked in: SITE_URL (set when publishing) would add feeds and canonical URLs.
    env = {key: value for key, value in os.environ.items() if key != "SITE_URL"}
    return {**env, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"}


def run_archive(
    project: Path, *args: str, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the `archive` command on a project, as a user would (`python -m reading_archive`)."""
    return subprocess.run(
        [sys.executable, "-m", "reading_archive", "-f", str(project / "mkdocs.yml"), *args],
        cwd=project,
        capture_output=True,
        text=True,
        env=_env(),
        input=stdin,
        timeout=300,
    )


def mkdocs_build(
    project: Path, *, strict: bool = True, site_url: str | None = None
) -> subprocess.CompletedProcess[str]:
    """A real `mkdocs build` of the project into project/site; `site_url` as the Pages workflow
    sets it (mkdocs.yml reads it from SITE_URL)."""
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(project / "mkdocs.yml")]
    if strict:
        command.append("--strict")
    env = {key: value for key, value in _env().items() if key != "SITE_URL"}
    if site_url:
        env["SITE_URL"] = site_url
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, env=env, timeout=600
    )


def use_material_search(project: Path) -> None:
    """Switch a copied project from Pagefind to Material's search plugin (`search: material`)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "      search: pagefind\n", "      search: material\n"
    )
    text = text.replace(
        "  archive_search: pagefind\n", "  archive_search: material\n"
    )  # what the header shows
    config.write_text(
        text.replace("\nmarkdown_extensions:", "  - search\n\nmarkdown_extensions:"),
        encoding="utf-8",
    )


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A fresh copy of the project with its real seeds."""
    return copy_project(tmp_path / "project")


@pytest.fixture
def empty_project(tmp_path: Path) -> Path:
    """A copy of the project with an empty seeds/ folder, for tests that bring their own seeds."""
    return copy_project(tmp_path / "project", seeds=False)


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project's own site, built once with `mkdocs build --strict`."""
    project = copy_project(tmp_path_factory.mktemp("built") / "project")
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project / "site"


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium driven by Playwright. Skips on a machine without it, unless CI is set."""
    if not CHROMIUM.exists():
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing: .ci/run installs the chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site_server):
    """A fresh tab recording console errors (`tab.errors`) and hosts contacted (`tab.hosts`)."""
    with recording_tab(browser) as tab:
        yield tab


def open_search(tab, query: str) -> None:
    """Click the header's search box, as a reader does, then type `query` (`type_query`)."""
    tab.locator("input.archive-search__input").click()
    type_query(tab, query)


def type_query(tab, query: str) -> None:
    """Type `query` into the open search box and wait for the results of the whole query. The
    search runs a moment after the last key, so on a busy machine the results of a prefix ("in")
    can show first; the list is aria-busy until the whole query's results show."""
    tab.locator("input.archive-search__input").press_sequentially(query, delay=20)
    tab.locator(".archive-search__list[aria-busy='false']").wait_for(
        state="attached", timeout=15_000
    )


@contextlib.contextmanager
def recording_tab(browser):
    """A fresh tab recording console errors (`tab.errors`) and hosts contacted (`tab.hosts`)."""
    context = browser.new_context()
    tab = context.new_page()
    tab.errors = []
    tab.hosts = set()
    tab.on("console", lambda message: message.type == "error" and tab.errors.append(message.text))
    tab.on("pageerror", lambda error: tab.errors.append(str(error)))
    tab.on("request", lambda request: tab.hosts.add(urlsplit(request.url).hostname))
    try:
        yield tab
    finally:
        context.close()


@pytest.fixture(scope="session")
def site_server(built_site: Path):
    """The project's built site, served on localhost."""
    with serve_directory(built_site) as url:
        yield url


def file_digests(folder: Path) -> dict[str, str]:
    """Each file under `folder` (its path inside it) and the SHA-256 of its bytes."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def pagefind_records(site: Path, bundle: Path | None = None) -> dict[str, dict]:
    """What Pagefind indexed in a built site (or in one `bundle` folder of its index), by URL:
    each page's text, metadata and filters.

    Pagefind's fragments (site/pagefind/fragment/*.pf_fragment) are gzipped JSON after a
    `pagefind_dcd` signature; the browser reads the same files.
    """
    records = {}
    for path in sorted(((bundle or site / "pagefind") / "fragment").glob("*.pf_fragment")):
        data = gzip.decompress(path.read_bytes())
        record = json.loads(data[data.index(b"{") :])
        records[record["url"]] = record
    return records
