"""The archive as a dataset: archive.jsonl and archive.csv of the built site, parsed back and
compared with the built pages and with the seeds."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, SEED, mkdocs_build, run_archive
from reading_archive.model import Article
from reading_archive.publish.export import LIST_SEPARATOR, article_record, csv_columns
from reading_archive.read.seed import article_text, read_seed

FIXTURES = Path(__file__).parent / "fixtures" / "related"
DATA_DICTIONARY = REPO / "content" / "data.md"


def records(site: Path) -> list[dict]:
    lines = (site / "archive.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def rows(site: Path) -> list[dict[str, str]]:
    with (site / "archive.csv").open(encoding="utf-8", newline="") as file:
        return list(csv.DictReader(file))


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LIST_SEPARATOR.join(str(item) for item in value)
    return str(value)


@pytest.fixture(scope="module")
def related_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The project with the related-articles fixtures (8 articles), built with --strict."""
    from conftest import copy_project

    project = copy_project(tmp_path_factory.mktemp("dataset") / "project")
    for seed in FIXTURES.glob("*.txt"):
        shutil.copy(seed, project / "seeds" / seed.name)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return project


def assert_matches_pages_and_seeds(project: Path) -> None:
    site = project / "site"
    data = records(site)
    seeds = sorted((project / "seeds").glob("*.txt"))
    assert sorted(record["seed"] for record in data) == [f"seeds/{path.name}" for path in seeds]
    assert [(r["date"], r["id"]) for r in data] == sorted(
        (r["date"], r["id"]) for r in data
    )  # time order
    by_id = {record["id"]: record for record in data}
    assert len(by_id) == len(data)

    for record in data:
        # The seed: what the reader made of it.
        article = read_seed(project / record["seed"], project)
        assert record["id"] == Path(record["seed"]).stem
        assert (record["title"], record["date"], record["authors"]) == (
            article.title,
            article.date.isoformat(),
            list(article.authors),
        )
        assert record["original_url"] == article.original_url
        assert (
            record["source_hash"] == article.source_hash
            and record["text_hash"] == article.text_hash
        )
        assert words(record["text"].replace("Related article:", "")) == words(article_text(article))
        assert record["caption"] == (
            dataclasses.asdict(article.caption) if article.caption else None
        )

        # The page at `url`: what a reader sees.
        html = page(site, record["url"])
        content = html.select_one("article.md-content__inner")
        assert content.h1.get_text(strip=True) == record["title"]
        assert content.select_one(".archive-article__meta time")["datetime"] == record["date"]
        assert content.select_one(".archive-article__publisher").get_text() == record["publisher"]
        assert content.select_one("a.archive-article__original")["href"] == record["original_url"]
        here = record["url"]
        listed = [
            urljoin(here, a["href"]).removeprefix("glossary/").rstrip("/")
            for a in content.select(".article-terms a")
        ]
        assert sorted(listed) == sorted(record["terms"])  # "In this article: …"
        assert len(record["mentions"]) == len(record["terms"])
        heading = content.find("h2", id="related-articles")
        shown = (
            [urljoin(here, li.a["href"]) for li in heading.find_next("ul").select("li")]
            if heading
            else []
        )
        assert shown == [by_id[other]["url"] for other in record["related"]]

    # archive.csv: the same articles, metadata only.
    table = rows(site)
    assert list(table[0].keys()) == csv_columns()
    assert "text" not in table[0]
    for record, row in zip(data, table, strict=True):
        for column in csv_columns():
            if column.startswith("caption_"):
                expected = csv_cell((record["caption"] or {}).get(column.removeprefix("caption_")))
            else:
                expected = csv_cell(record[column])
            assert row[column] == expected, column


def test_dataset_of_the_project_matches_its_page_and_seed(built_site: Path) -> None:
    project = built_site.parent
    assert_matches_pages_and_seeds(project)
    [record] = records(built_site)
    assert record["id"] == SEED.stem
    assert record["publisher"] == "The Moscow Times"
    assert record["related"] == []  # the only article
    assert record["text"].startswith("Russian President Vladimir Putin, speaking publicly")
    assert "\n\nDuring their summit" in record["text"]  # paragraphs apart


def test_dataset_with_related_articles_matches_pages_and_seeds(related_site: Path) -> None:
    assert_matches_pages_and_seeds(related_site)
    data = records(related_site / "site")
    assert len(data) == 8
    assert sum(len(record["related"]) for record in data) > 0


def test_each_line_is_its_record_as_compact_json(related_site: Path) -> None:
    """Lines are joined from parts kept between runs: each is still exactly the compact JSON of
    its record, with the archive's fields around the article's own and the text last."""
    lines = (related_site / "site" / "archive.jsonl").read_text(encoding="utf-8").splitlines()
    for line in lines:
        record = json.loads(line)
        assert line == json.dumps(record, ensure_ascii=False, separators=(",", ":"))
        assert list(record)[:2] == ["id", "url"] and list(record)[-3:] == [
            "publisher",
            "related",
            "text",
        ]


def test_dataset_is_the_same_from_convert_and_from_the_build(related_site: Path) -> None:
    """`archive convert` writes the dataset into the docs (for a build without the plugin):
    the same bytes as the plugin's, which are also the same on every build."""
    result = run_archive(related_site, "convert")
    assert result.returncode == 0, result.stderr
    for name in ("archive.jsonl", "archive.csv"):
        assert (related_site / "content" / name).read_bytes() == (
            related_site / "site" / name
        ).read_bytes()
    again = run_archive(related_site, "convert")
    assert (
        "archive.jsonl" not in again.stdout and "archive.csv" not in again.stdout
    )  # unchanged: not rewritten

    # A build beside the converted files: the plugin's files replace them, without a warning.
    built = {
        name: (related_site / "site" / name).read_bytes()
        for name in ("archive.jsonl", "archive.csv")
    }
    result = mkdocs_build(related_site)
    assert result.returncode == 0, result.stderr
    assert "archive.jsonl" not in result.stderr
    assert {name: (related_site / "site" / name).read_bytes() for name in built} == built


def test_home_page_links_the_dataset_and_its_dictionary(built_site: Path) -> None:
    home = page(built_site, "")
    links = {a["href"] for a in home.select("article a")}
    assert {"archive.jsonl", "archive.csv", "data/"} <= links
    dictionary = page(built_site, "data")
    assert dictionary.h1.get_text(strip=True).rstrip("¶") == "Data dictionary"
    assert (built_site / "archive.jsonl").is_file() and (built_site / "archive.csv").is_file()


def test_every_field_and_column_is_in_the_data_dictionary(built_site: Path) -> None:
    documented = set(
        re.findall(r"^\| `([a-z_]+)` \|", DATA_DICTIONARY.read_text(encoding="utf-8"), re.M)
    )
    fields = set(records(built_site)[0])
    assert fields <= documented, f"add these to content/data.md: {sorted(fields - documented)}"
    columns = {c for c in csv_columns() if not c.startswith("caption_")}
    assert columns <= documented
    assert documented <= fields  # nothing documented that the data does not have


@dataclasses.dataclass(frozen=True)
class Note:
    quote: str
    body: str
    created: dt.date | None = None


@dataclasses.dataclass(frozen=True)
class Annotated(Article):
    """Article as a later change may extend it (at module level: its type hints must resolve)."""

    annotations: tuple[Note, ...] = ()
    summary: str | None = None
    publisher: str | None = None  # a correction: the archive's resolved publisher wins


def test_fields_added_to_the_model_reach_the_dataset() -> None:
    """A field that Article gains (annotations, say) is exported without a change to
    publish/export.py."""

    seed = read_seed(SEED, SEED.parents[1])
    fields = {f.name: getattr(seed, f.name) for f in dataclasses.fields(Article)}
    fields.update(
        annotations=(Note("criminal inaction", "Putin's phrase.", dt.date(2024, 1, 2)),),
        summary="A curator's summary.",
        publisher="Corrected",
    )
    article = Annotated(**fields)
    record = article_record(article, id="x", url="u/", publisher="P", related=[])
    assert record["annotations"] == [
        {"quote": "criminal inaction", "body": "Putin's phrase.", "created": "2024-01-02"}
    ]
    assert record["summary"] == "A curator's summary."
    assert "blocks" not in record and record["text"].startswith("Russian President")
    assert record["publisher"] == "P" and list(record).count("publisher") == 1
    json.dumps(record)  # plain JSON data throughout
    columns = csv_columns(Annotated)
    assert (
        "summary" in columns and "annotations" not in columns
    )  # lists of objects: archive.jsonl only
    assert columns[-2:] == ["publisher", "related"] and len(columns) == len(set(columns))


def test_a_renamed_seed_has_its_new_id_in_every_later_run(project: Path) -> None:
    """A record is kept in the cache, and the dataset files known written, by what they were made
    of, the seed included (its `seed` field): a seed renamed with the same text must not get its
    old id back from what was kept for its old name."""
    assert run_archive(project, "convert").returncode == 0
    for old in (project / "seeds").glob(SEED.stem + ".*"):
        old.rename(old.with_name("001" + old.name.removeprefix("000")))
    for _ in range(2):  # the second run takes the records the first one kept
        result = run_archive(project, "convert")
        assert result.returncode == 0, result.stderr
        assert [record["id"] for record in records(project / "content")] == [
            "001" + SEED.stem.removeprefix("000")
        ]
        assert rows(project / "content")[0]["id"] == "001" + SEED.stem.removeprefix("000")
