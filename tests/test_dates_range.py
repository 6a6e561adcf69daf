"""Articles of any date from year 1 to 9999: converted, built and shown (pages, listings, feeds,
sitemap, JSON-LD, citations, dataset); file metadata never taken from an article's date; dates
before 1800 or in the future warned about at the line that states them."""

from __future__ import annotations

import csv
import datetime as dt
import gzip
import io
import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import bibtexparser
import feedparser
import pytest
from bs4 import BeautifulSoup

from conftest import copy_project, mkdocs_build, run_archive
from reading_archive.base.dates import (
    MONTH_NAMES,
    DateError,
    parse_date,
    today_anywhere,
    unusual_date,
)

SITE_URL = "https://readers.example.org/archive/"
TODAY_UTC = dt.datetime.now(dt.UTC).date()


class Dated:
    """A seed of the test project: its name, the date line of the seed, the date its sidecar
    sets (if any), and so the article's date and page."""

    def __init__(self, name: str, title: str, seed_date: str, sidecar_date: str | None = None):
        self.name, self.title, self.seed_date, self.sidecar_date = (
            name,
            title,
            seed_date,
            sidecar_date,
        )
        self.date = dt.date.fromisoformat(sidecar_date) if sidecar_date else parse_date(seed_date)
        self.slug = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
        self.url = f"articles/{self.date.year:04d}/{self.date.month:02d}/{self.slug}/"

    @property
    def shown(self) -> str:
        return f"{MONTH_NAMES[self.date.month - 1]} {self.date.day}, {self.date.year:04d}"


ARTICLES = [
    Dated("moon", "Men Walk on the Moon", "July 20, 1969"),
    Dated("washington", "Washington Buried at Mount Vernon", "1799-12-31"),
    Dated("ordinary", "Putin and Biden Hold Video Summit", "December 08, 2021"),
    Dated("today", "Markets Open Quietly", TODAY_UTC.isoformat()),
    Dated("year-one", "A Census Is Ordered", "January 01, 2000", "0001-01-01"),
    Dated("verdun", "Treaty Divides the Empire", "January 01, 2000", "0850-06-15"),
    Dated("typo", "Council Meets on Budget", "May 01, 2021", "2201-05-01"),
    Dated("last-day", "The Last Day of the Calendar", "January 01, 2000", "9999-12-31"),
]
BY_NAME = {article.name: article for article in ARTICLES}
# Dated before 1800 or after today: warned about, at the seed's date line (5) or the sidecar's (2).
WARNED = {
    "seeds/washington.txt:5": "before 1800",
    "seeds/year-one.yml:2": "before 1800",
    "seeds/verdun.yml:2": "before 1800",
    "seeds/typo.yml:2": "in the future",
    "seeds/last-day.yml:2": "in the future",
}


def write_seeds(seeds: Path) -> None:
    for number, article in enumerate(ARTICLES):
        body = (
            f"Story {number} of the test: {article.title.lower()}, reported in full "
            f"{'and at length ' * number}here."
        )
        (seeds / f"{article.name}.txt").write_text(
            f"{article.title}\n\nBy [AFP](#)\n\n{article.seed_date}\n\n{body}\n\n"
            f"Original url: https://apnews.com/article/{article.name}-{number}\n",
            encoding="utf-8",
        )
        if article.sidecar_date:
            (seeds / f"{article.name}.yml").write_text(
                f"# corrected\ndate: {article.sidecar_date}\n", encoding="utf-8"
            )


@pytest.fixture(scope="module")
def dated_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = copy_project(tmp_path_factory.mktemp("dates") / "project", seeds=False)
    write_seeds(project / "seeds")
    return project


@pytest.fixture(scope="module")
def checked(dated_project: Path):
    return run_archive(dated_project, "check")


@pytest.fixture(scope="module")
def built(dated_project: Path, checked):
    """`archive convert`, then `mkdocs build --strict` with SITE_URL set (after `archive check`,
    which must see the seeds alone)."""
    converted = run_archive(dated_project, "convert")
    assert converted.returncode == 0, converted.stderr
    return mkdocs_build(dated_project, site_url=SITE_URL)


@pytest.fixture(scope="module")
def site(dated_project: Path, built) -> Path:
    assert built.returncode == 0, built.stderr
    return dated_project / "site"


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def problem_lines(output: str) -> dict[str, str]:
    """`path:line: warning: message` lines about dates, by `path:line`."""
    found = {}
    for line in output.splitlines():
        match = re.search(r"(seeds/\S+:\d+): warning: (the date .*)$", line)
        if match:
            found[match[1]] = match[2]
    return found


def test_check_warns_about_dates_before_1800_and_in_the_future_at_their_line(checked) -> None:
    assert checked.returncode == 0, checked.stderr  # warnings only
    warned = problem_lines(checked.stderr)
    assert warned.keys() == WARNED.keys(), checked.stderr
    for where, why in WARNED.items():
        assert why in warned[where]
    assert "the date 0850-06-15 is before 1800" in warned["seeds/verdun.yml:2"]
    assert f"today is {today_anywhere().isoformat()}" in warned["seeds/typo.yml:2"]
    assert "error" not in checked.stderr


def test_the_build_passes_strict_and_reports_the_same_warnings(built) -> None:
    assert built.returncode == 0, built.stderr  # --strict: the plugin logs seeds' warnings as info
    assert problem_lines(built.stderr).keys() == WARNED.keys(), built.stderr


def test_converted_pages_sit_under_four_digit_years(dated_project: Path, site: Path) -> None:
    articles = dated_project / "content" / "articles"
    for article in ARTICLES:
        page = articles / f"{article.url.removeprefix('articles/').rstrip('/')}.md"
        assert page.is_file(), page
        assert re.search(
            rf"(?m)^date: {article.date.isoformat()}$", page.read_text(encoding="utf-8")
        )
    folders = sorted(path.name for path in articles.iterdir() if path.is_dir())
    assert folders == sorted({f"{article.date.year:04d}" for article in ARTICLES})
    assert folders[:3] == ["0001", "0850", "1799"]  # sorted as names, they are in time order


@pytest.mark.parametrize("name", list(BY_NAME))
def test_article_page_shows_its_date(site: Path, name: str) -> None:
    article = BY_NAME[name]
    page = soup(site / article.url / "index.html")
    time = page.select_one(".archive-article__meta time")
    assert time["datetime"] == article.date.isoformat()
    assert time.get_text() == article.shown
    assert time["data-pagefind-filter"] == f"year:{article.date.year:04d}"
    archived = page.select_one("a.archive-article__archived")
    assert (
        f"/web/{article.date.year:04d}{article.date.month:02d}{article.date.day:02d}/"
        in archived["href"]
    )
    assert archived.parent.get_text().endswith(f"as of {article.shown}")


@pytest.mark.parametrize("name", list(BY_NAME))
def test_json_ld_and_citations_carry_the_date(site: Path, name: str) -> None:
    article = BY_NAME[name]
    page = soup(site / article.url / "index.html")
    json_ld = json.loads(page.select_one("script[type='application/ld+json']").string)
    assert json_ld["datePublished"] == article.date.isoformat()
    assert (
        page.select_one("meta[property='article:published_time']")["content"]
        == article.date.isoformat()
    )

    (entry,) = bibtexparser.parse_string(page.select_one("#__cite-bibtex").get_text()).entries
    fields = {field.key: field.value for field in entry.fields}
    date = article.date
    assert (fields["year"], fields["month"], fields["day"]) == (
        str(date.year),
        str(date.month),
        str(date.day),
    )
    assert fields["date"] == article.date.isoformat()

    (item,) = json.loads(page.select_one("#__cite-csl-json").get_text())
    assert item["issued"] == {
        "date-parts": [[article.date.year, article.date.month, article.date.day]]
    }
    plain = page.select_one("#__cite-plain").get_text()
    assert (
        f"({article.date.year:04d}, {MONTH_NAMES[article.date.month - 1]} {article.date.day})."
        in plain
    )


def test_listings_have_every_year_newest_first_and_link_each_article(site: Path) -> None:
    index = soup(site / "articles" / "index.html").select_one("article.md-content__inner")
    years = [a.get_text() for a in index.select("a") if re.fullmatch(r"\d{4}", a.get_text())]
    assert years == sorted({f"{article.date.year:04d}" for article in ARTICLES}, reverse=True)
    assert years[-3:] == ["1799", "0850", "0001"] and years[0] == "9999"
    assert "January 0001" in [a.get_text() for a in index.select("a")]
    for article in ARTICLES:
        year, month = article.url.split("/")[1:3]
        for listing in (site / "articles" / year, site / "articles" / year / month):
            content = soup(listing / "index.html").select_one("article.md-content__inner")
            titles = {a.get_text(): a["href"] for a in content.select("a")}
            assert article.title in titles, listing
            linked = (listing / titles[article.title] / "index.html").resolve()
            assert linked == (site / article.url / "index.html").resolve()
            assert article.shown in content.get_text()
    year_page = soup(site / "articles" / "0850" / "index.html")
    assert year_page.select_one("h1").get_text(strip=True).rstrip("¶") == "0850"
    home = soup(site / "index.html").get_text(" ")
    assert "between January 1, 0001 and December 31, 9999" in home


@pytest.mark.parametrize("feed", ["rss.xml", "atom.xml"])
def test_feeds_give_every_date_to_feedparser(site: Path, feed: str) -> None:
    parsed = feedparser.parse((site / feed).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    by_title = {entry.title: entry for entry in parsed.entries}
    assert by_title.keys() == {article.title for article in ARTICLES}
    for article in ARTICLES:
        entry = by_title[article.title]
        assert tuple(entry.published_parsed[:3]) == (
            article.date.year,
            article.date.month,
            article.date.day,
        ), feed
        assert (
            f"{article.date.year:04d}" in entry.published
        )  # RFC 822 and RFC 3339 have four-digit years
    if feed == "rss.xml":
        assert by_title["A Census Is Ordered"].published == "Mon, 01 Jan 0001 00:00:00 +0000"
    else:
        assert by_title["Treaty Divides the Empire"].published == "0850-06-15T00:00:00Z"


def test_sitemap_dates_articles_and_its_gzip_copy_is_the_same_without_a_time_stamp(
    site: Path,
) -> None:
    namespace = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    sitemap = (site / "sitemap.xml").read_bytes()
    lastmod = {
        url.findtext("s:loc", namespaces=namespace): url.findtext("s:lastmod", namespaces=namespace)
        for url in ET.fromstring(sitemap).findall("s:url", namespace)
    }
    for article in ARTICLES:
        assert lastmod[SITE_URL + article.url] == article.date.isoformat()
    assert all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) for value in lastmod.values() if value)
    packed = (site / "sitemap.xml.gz").read_bytes()
    assert gzip.decompress(packed) == sitemap
    assert (
        int.from_bytes(packed[4:8], "little") == 0
    )  # the gzip header's mtime: none, whatever the dates


def test_dataset_records_have_iso_dates(site: Path) -> None:
    lines = (site / "archive.jsonl").read_text(encoding="utf-8").splitlines()
    records = {record["title"]: record for record in map(json.loads, lines)}
    table = csv.DictReader(io.StringIO((site / "archive.csv").read_text(encoding="utf-8")))
    rows = {row["title"]: row for row in table}
    for article in ARTICLES:
        assert (
            records[article.title]["date"]
            == rows[article.title]["date"]
            == article.date.isoformat()
        )
        assert records[article.title]["url"] == SITE_URL + article.url
    assert "date_line" not in next(iter(records.values()))


def test_builds_are_byte_identical_whatever_the_day(
    dated_project: Path, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    names = ("sitemap.xml", "sitemap.xml.gz", "rss.xml", "atom.xml", "archive.jsonl")
    first = {name: (site / name).read_bytes() for name in names}
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "4102444800")  # MkDocs' "today": 2100-01-01
    built = mkdocs_build(dated_project, site_url=SITE_URL)
    assert built.returncode == 0, built.stderr
    assert {name: (site / name).read_bytes() for name in names} == first


def test_a_build_without_the_plugin_dates_nothing_by_the_articles(
    dated_project: Path, site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("ARCHIVE_PLUGIN", "false")  # builds from the pages `archive convert` wrote
    built = mkdocs_build(dated_project, site_url=SITE_URL)
    assert built.returncode == 0, built.stderr
    assert (
        soup(site / BY_NAME["year-one"].url / "index.html").select_one("time").get_text()
        == "January 1, 0001"
    )
    assert int.from_bytes((site / "sitemap.xml.gz").read_bytes()[4:8], "little") == 0


# --- the rules, at their edges ---------------------------------------------------------------


def test_unusual_dates_are_before_1800_or_after_today() -> None:
    today = dt.date(2026, 12, 2)
    assert unusual_date(dt.date(1800, 1, 1), today) is None
    assert unusual_date(today, today) is None
    assert "before 1800" in unusual_date(dt.date(1799, 12, 31), today)
    assert "in the future (today is 2026-12-02)" in unusual_date(dt.date(2026, 12, 3), today)
    assert today_anywhere() >= TODAY_UTC  # the day in the timezone furthest ahead


def test_seeds_write_the_year_with_four_digits() -> None:
    assert parse_date("June 15, 0850") == parse_date("0850-06-15") == dt.date(850, 6, 15)
    assert parse_date("June 15, 850") is None  # not a date line: the seed's error names its line
    with pytest.raises(DateError, match="year 0 is out of range"):
        parse_date("0000-01-01")


@pytest.mark.parametrize("written", ["0000-01-01", "10000-01-01", "850-06-15"])
def test_a_sidecar_date_outside_years_1_to_9999_is_an_error_at_its_line(
    tmp_path: Path, written: str
) -> None:
    project = copy_project(tmp_path / "project", seeds=False)
    write_seeds(project / "seeds")
    (project / "seeds" / "verdun.yml").write_text(
        f"# corrected\ndate: {written}\n", encoding="utf-8"
    )
    checked = run_archive(project, "check")
    assert checked.returncode == 1
    expected = r"(?m)^seeds/verdun\.yml:2: error: 'date' must be a date written YYYY-MM-DD"
    assert re.search(expected, checked.stderr), checked.stderr
