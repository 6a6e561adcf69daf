"""`archive convert`, any builder, `archive publish SITE_DIR`: the same site as `mkdocs build`.

A small archive (the seed and the related-articles fixtures) is built twice: by MkDocs with the
plugin, and by ProperDocs from the pages `archive convert` wrote (the plugin off), then
`archive publish`. Both must have the same pages, feeds, sitemap and search index. The sitemap's
index form is tested on its function with a small limit (not on 50,000 pages).
"""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import REPO, _env, copy_project, mkdocs_build, pagefind_records, run_archive
from reading_archive.home import HOME_INCLUDE, HOME_MARKER
from reading_archive.publish import built_pages, sitemap_files, write_site_files

SITE_URL = "https://example.org/archive/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
FIXTURES = REPO / "tests" / "fixtures" / "related"


def small_archive(target: Path) -> Path:
    project = copy_project(target)
    for seed in FIXTURES.glob("*.txt"):
        shutil.copy2(seed, project / "seeds" / seed.name)
    return project


def publish(project: Path, site: str = "site", site_url: str | None = SITE_URL) -> subprocess.CompletedProcess[str]:
    env = {**_env(), **({"SITE_URL": site_url} if site_url else {})}
    command = [sys.executable, "-m", "reading_archive", "-f", str(project / "mkdocs.yml"), "publish", site]
    return subprocess.run(command, cwd=project, capture_output=True, text=True, env=env, timeout=300)


def properdocs_site(project: Path) -> Path:
    """convert, `properdocs build` without the plugin, publish: what `ARCHIVE_BUILDER=properdocs ./run site` runs."""
    env = {**_env(), "SITE_URL": SITE_URL}
    converted = subprocess.run(
        [sys.executable, "-m", "reading_archive", "convert"], cwd=project, capture_output=True, text=True, env=env, timeout=300
    )
    assert converted.returncode == 0, converted.stderr
    properdocs = Path(sys.executable).with_name("properdocs")
    built = subprocess.run(
        [str(properdocs), "build", "--strict"], cwd=project, capture_output=True, text=True, env={**env, "ARCHIVE_PLUGIN": "false"}, timeout=600
    )
    assert built.returncode == 0, built.stderr
    assert "reading_archive: " not in built.stderr  # the plugin converted nothing: the pages are convert's
    published = publish(project)
    assert published.returncode == 0, published.stderr
    return project / "site"


@pytest.fixture(scope="module")
def sites(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The small archive built by MkDocs with the plugin, and by ProperDocs + `archive publish`."""
    mkdocs_project = small_archive(tmp_path_factory.mktemp("mkdocs") / "project")
    built = mkdocs_build(mkdocs_project, site_url=SITE_URL)
    assert built.returncode == 0, built.stderr
    return mkdocs_project / "site", properdocs_site(small_archive(tmp_path_factory.mktemp("properdocs") / "project"))


def pages(site: Path) -> set[str]:
    return {path.relative_to(site).as_posix() for path in site.rglob("*.html") if path.parts[len(site.parts)] != "pagefind"}


def test_properdocs_and_publish_make_the_pages_mkdocs_makes(sites: tuple[Path, Path]) -> None:
    mkdocs, properdocs = sites
    assert pages(properdocs) == pages(mkdocs)
    kinds = {kind: {page for page in pages(mkdocs) if page.startswith(kind + "/")} for kind in ("articles", "glossary", "publishers", "tags")}
    assert len([page for page in kinds["articles"] if page.count("/") == 4]) == 8  # the 8 articles
    assert all(kinds.values())
    for page in sorted(pages(mkdocs)):  # the same HTML, but the generator's name
        ours, theirs = ((site / page).read_text(encoding="utf-8") for site in sites)
        strip = lambda html: "\n".join(line for line in html.splitlines() if 'name="generator"' not in line)  # noqa: E731
        assert strip(ours) == strip(theirs), page


def test_the_home_page_includes_the_generated_part_with_either_builder(sites: tuple[Path, Path]) -> None:
    for site in sites:
        home = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "html.parser").select_one("article")
        text = home.get_text(" ", strip=True)
        assert "The archive holds 8 articles" in text, site
        assert "8<" not in text and "archive:home" not in text


def test_publish_writes_feeds_sitemap_and_search_as_the_plugin_does(sites: tuple[Path, Path]) -> None:
    mkdocs, properdocs = sites
    for name in ("rss.xml", "atom.xml", "sitemap.xml", "sitemap.xml.gz", "annotations.jsonld", "archive.jsonl", "archive.csv"):
        assert (properdocs / name).read_bytes() == (mkdocs / name).read_bytes(), name
    feed = feedparser.parse((properdocs / "atom.xml").read_bytes())
    assert not feed.bozo and len(feed.entries) == 8
    sitemap = ET.fromstring((properdocs / "sitemap.xml").read_bytes())
    lastmod = {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS) for url in sitemap.findall("s:url", NS)}
    assert set(lastmod) == {SITE_URL + url for url in built_pages(properdocs, True)}
    assert lastmod[SITE_URL + "articles/2021/12/putin-says-russia-has-right-to-defend-its-security/"] == "2021-12-08"
    assert sum(value is not None for value in lastmod.values()) == 8  # the articles' dates; listings have none
    assert gzip.decompress((properdocs / "sitemap.xml.gz").read_bytes()) == (properdocs / "sitemap.xml").read_bytes()
    records = pagefind_records(properdocs)
    assert len(records) == 8 and records.keys() == pagefind_records(mkdocs).keys()
    assert any("Mitsotakis" in record["content"] for record in records.values())


def test_a_sitemap_past_its_limit_is_an_index_of_parts() -> None:
    urls = ["", "a/", "b/", "c/", "d%20e/"]
    dates = {"a/": "2021-01-02", "b/": "2022-03-04", "d%20e/": "2020-05-06"}
    files = sitemap_files(urls, dates, SITE_URL, limit=2)
    assert sorted(files) == ["sitemap-1.xml", "sitemap-2.xml", "sitemap-3.xml", "sitemap.xml", "sitemap.xml.gz"]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == "{%s}sitemapindex" % NS["s"]
    entries = [(entry.findtext("s:loc", namespaces=NS), entry.findtext("s:lastmod", namespaces=NS)) for entry in index]
    assert entries == [
        (SITE_URL + "sitemap-1.xml", "2021-01-02"),  # "" and a/: the newest of its pages
        (SITE_URL + "sitemap-2.xml", "2022-03-04"),
        (SITE_URL + "sitemap-3.xml", "2020-05-06"),
    ]
    listed = [url.findtext("s:loc", namespaces=NS) for name in entries for url in ET.fromstring(files[name[0].rsplit("/", 1)[1]])]
    assert listed == [SITE_URL + url for url in sorted(urls)]
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]
    assert sitemap_files(urls, dates, SITE_URL, limit=5).keys() == {"sitemap.xml", "sitemap.xml.gz"}
    assert sitemap_files(urls, dates, SITE_URL, limit=2) == files  # deterministic
    empty = ET.fromstring(sitemap_files(urls, dates, "")["sitemap.xml"])  # no site_url: no absolute URL
    assert empty.tag == "{%s}urlset" % NS["s"] and len(empty) == 0


def test_a_smaller_sitemap_removes_the_parts_of_the_larger(tmp_path: Path) -> None:
    urls = [f"{n}/" for n in range(5)]
    write_site_files(tmp_path, sitemap_files(urls, {}, SITE_URL, limit=2))
    assert (tmp_path / "sitemap-3.xml").is_file()
    written = write_site_files(tmp_path, sitemap_files(urls, {}, SITE_URL, limit=10))
    assert sorted(os.listdir(tmp_path)) == ["sitemap.xml", "sitemap.xml.gz"]
    assert written == ["sitemap.xml", "sitemap.xml.gz"]
    assert write_site_files(tmp_path, sitemap_files(urls, {}, SITE_URL, limit=10)) == []  # unchanged: not written again


def test_publish_without_a_site_or_a_site_url_says_so(project: Path) -> None:
    missing = publish(project, "nowhere")
    assert missing.returncode == 2
    assert "nowhere: no such folder: build the site first" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert run_archive(project, "convert").returncode == 0
    env = {**_env(), "ARCHIVE_PLUGIN": "false"}
    built = subprocess.run([sys.executable, "-m", "mkdocs", "build"], cwd=project, capture_output=True, text=True, env=env, timeout=600)
    assert built.returncode == 0, built.stderr
    result = publish(project, site_url=None)
    assert result.returncode == 0, result.stderr
    assert "site_url is not set in mkdocs.yml (or SITE_URL): no RSS or Atom feed" in result.stderr
    assert not (project / "site" / "rss.xml").exists()
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()  # search needs no site_url


def test_convert_writes_the_home_part_outside_the_docs_and_leaves_the_home_page_alone(project: Path) -> None:
    home_page = (project / "content" / "index.md").read_bytes()
    assert HOME_INCLUDE in home_page.decode("utf-8")
    result = run_archive(project, "convert")
    assert result.returncode == 0, result.stderr
    assert "wrote generated/home.md" in result.stdout
    assert "The archive holds 1 article" in (project / "generated" / "home.md").read_text(encoding="utf-8")
    assert (project / "content" / "index.md").read_bytes() == home_page
    assert (project / "content" / "annotations.jsonld").is_file()
    again = run_archive(project, "convert")
    assert "generated/home.md" not in again.stdout and "annotations.jsonld" not in again.stdout  # unchanged: not rewritten


def test_the_old_marker_still_works_with_the_plugin_and_convert_says_how_to_move(project: Path) -> None:
    index = project / "content" / "index.md"
    index.write_text(index.read_text(encoding="utf-8").replace(HOME_INCLUDE, HOME_MARKER), encoding="utf-8")
    converted = run_archive(project, "convert")
    assert converted.returncode == 0, converted.stderr
    line = index.read_text(encoding="utf-8").split("\n").index(HOME_MARKER) + 1
    assert f"content/index.md:{line}: warning: '{HOME_MARKER}' is shown only by the MkDocs plugin: replace the line with '{HOME_INCLUDE}'" in converted.stderr
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    assert "The archive holds 1 article" in (project / "site" / "index.html").read_text(encoding="utf-8")
