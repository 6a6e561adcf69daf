"""`archive publish SITE_DIR` and what `archive convert` writes for other builders: the sitemap's
index form (on its function with a small limit, not on 50,000 pages), the files a smaller archive
leaves, the messages of a missing site or site_url, the home page's include and the search box's
setting. The same site from each builder is tests/test_builders.py's."""

from __future__ import annotations

import gzip
import os
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import _env, mkdocs_build, run_archive
from reading_archive.publish.home import HOME_INCLUDE, HOME_MARKER
from reading_archive.publish.site import sitemap_files, write_site_files

SITE_URL = "https://example.org/archive/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def publish(
    project: Path, site: str = "site", site_url: str | None = SITE_URL
) -> subprocess.CompletedProcess[str]:
    env = {**_env(), **({"SITE_URL": site_url} if site_url else {})}
    command = [
        sys.executable,
        "-m",
        "reading_archive",
        "-f",
        str(project / "mkdocs.yml"),
        "publish",
        site,
    ]
    return subprocess.run(
        command, cwd=project, capture_output=True, text=True, env=env, timeout=300
    )


def test_a_sitemap_past_its_limit_is_an_index_of_parts() -> None:
    urls = ["", "a/", "b/", "c/", "d%20e/"]
    dates = {"a/": "2021-01-02", "b/": "2022-03-04", "d%20e/": "2020-05-06"}
    files = sitemap_files(urls, dates, SITE_URL, limit=2)
    assert sorted(files) == [
        "sitemap-1.xml",
        "sitemap-2.xml",
        "sitemap-3.xml",
        "sitemap.xml",
        "sitemap.xml.gz",
    ]
    index = ET.fromstring(files["sitemap.xml"])
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    entries = [
        (entry.findtext("s:loc", namespaces=NS), entry.findtext("s:lastmod", namespaces=NS))
        for entry in index
    ]
    assert entries == [
        (SITE_URL + "sitemap-1.xml", "2021-01-02"),  # "" and a/: the newest of its pages
        (SITE_URL + "sitemap-2.xml", "2022-03-04"),
        (SITE_URL + "sitemap-3.xml", "2020-05-06"),
    ]
    listed = [
        url.findtext("s:loc", namespaces=NS)
        for name in entries
        for url in ET.fromstring(files[name[0].rsplit("/", 1)[1]])
    ]
    assert listed == [SITE_URL + url for url in sorted(urls)]
    assert gzip.decompress(files["sitemap.xml.gz"]) == files["sitemap.xml"]
    assert sitemap_files(urls, dates, SITE_URL, limit=5).keys() == {"sitemap.xml", "sitemap.xml.gz"}
    assert sitemap_files(urls, dates, SITE_URL, limit=2) == files  # deterministic
    empty = ET.fromstring(
        sitemap_files(urls, dates, "")["sitemap.xml"]
    )  # no site_url: no absolute URL
    assert empty.tag == f"{{{NS['s']}}}urlset" and len(empty) == 0


def test_a_smaller_sitemap_removes_the_parts_of_the_larger(tmp_path: Path) -> None:
    urls = [f"{n}/" for n in range(5)]
    write_site_files(tmp_path, sitemap_files(urls, {}, SITE_URL, limit=2))
    assert (tmp_path / "sitemap-3.xml").is_file()
    written = write_site_files(tmp_path, sitemap_files(urls, {}, SITE_URL, limit=10))
    assert sorted(os.listdir(tmp_path)) == ["sitemap.xml", "sitemap.xml.gz"]
    assert written == ["sitemap.xml", "sitemap.xml.gz"]
    assert (
        write_site_files(tmp_path, sitemap_files(urls, {}, SITE_URL, limit=10)) == []
    )  # unchanged: not written again


def test_publish_without_a_site_or_a_site_url_says_so(project: Path) -> None:
    missing = publish(project, "nowhere")
    assert missing.returncode == 2
    assert "nowhere: no such folder: build the site first" in missing.stderr
    assert "Traceback" not in missing.stderr
    assert run_archive(project, "convert").returncode == 0
    env = {**_env(), "ARCHIVE_PLUGIN": "false"}
    built = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build"],
        cwd=project,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert built.returncode == 0, built.stderr
    result = publish(project, site_url=None)
    assert result.returncode == 0, result.stderr
    assert "site_url is not set in mkdocs.yml (or SITE_URL): no RSS or Atom feed" in result.stderr
    assert not (project / "site" / "rss.xml").exists()
    assert (project / "site" / "pagefind" / "pagefind.js").is_file()  # search needs no site_url


def test_convert_writes_the_home_part_outside_the_docs_and_leaves_the_home_page_alone(
    project: Path,
) -> None:
    home_page = (project / "content" / "index.md").read_bytes()
    assert HOME_INCLUDE in home_page.decode("utf-8")
    result = run_archive(project, "convert")
    assert result.returncode == 0, result.stderr
    assert "wrote generated/home.md" in result.stdout
    assert "The archive holds 1 article" in (project / "generated" / "home.md").read_text(
        encoding="utf-8"
    )
    assert (project / "content" / "index.md").read_bytes() == home_page
    assert (project / "content" / "annotations.jsonld").is_file()
    again = run_archive(project, "convert")
    assert (
        "generated/home.md" not in again.stdout and "annotations.jsonld" not in again.stdout
    )  # unchanged: not rewritten


def test_the_old_marker_still_works_with_the_plugin_and_convert_says_how_to_move(
    project: Path,
) -> None:
    index = project / "content" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8").replace(HOME_INCLUDE, HOME_MARKER), encoding="utf-8"
    )
    converted = run_archive(project, "convert")
    assert converted.returncode == 0, converted.stderr
    line = index.read_text(encoding="utf-8").split("\n").index(HOME_MARKER) + 1
    assert (
        f"content/index.md:{line}: warning: '{HOME_MARKER}' is shown only by the MkDocs plugin: "
        f"replace the line with '{HOME_INCLUDE}'" in converted.stderr
    )
    built = mkdocs_build(project)
    assert built.returncode == 0, built.stderr
    assert "The archive holds 1 article" in (project / "site" / "index.html").read_text(
        encoding="utf-8"
    )


def without_extra_search(project: Path) -> None:
    """The project's mkdocs.yml without `extra: archive_search` (as before the setting existed)."""
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "\nextra:\n  archive_search: pagefind\n" in text
    config.write_text(
        text.replace("\nextra:\n  archive_search: pagefind\n", "\n"), encoding="utf-8"
    )


def test_the_plugin_refuses_a_search_box_setting_that_differs_from_its_search(
    project: Path,
) -> None:
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  archive_search: pagefind\n", "  archive_search: material\n"
        ),
        encoding="utf-8",
    )
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert (
        "archive: extra.archive_search in mkdocs.yml is 'material' but the plugin's search is "
        "'pagefind'" in result.stderr
    )


def test_without_the_setting_mkdocs_still_shows_the_search_box_and_publish_warns_after_zensical(
    project: Path,
) -> None:
    without_extra_search(project)
    assert mkdocs_build(project).returncode == 0  # the plugin fills the setting from its own option
    home = BeautifulSoup(
        (project / "site" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    assert home.select_one("header.md-header [data-archive-search]")
    shutil.rmtree(project / "site")
    assert run_archive(project, "convert").returncode == 0
    zensical = Path(sys.executable).with_name(
        "zensical"
    )  # which drops the plugin, and so its option
    built = subprocess.run(
        [str(zensical), "build", "--clean"],
        cwd=project,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=600,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    result = publish(project)
    assert result.returncode == 0, result.stderr
    assert (
        "site/index.html has no search box for the Pagefind index: set `extra: archive_search: "
        "pagefind` in mkdocs.yml" in result.stderr
    )
