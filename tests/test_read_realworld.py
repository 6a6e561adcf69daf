"""Paragraphs and headings on seeds written like real outlets' copy (issue 16, items 1 and 2).

tests/fixtures/realworld/paragraphs/ holds two sets of seeds in the style of wire copy, TASS and
agency datelines, live blogs, opinion pieces and republished texts: `dev/` (looked at while the
reader's rules were written) and `held_out/` (written first, run only at the end). Each set's
`<set>_expected.yml` gives every seed's expected block structure: which blocks are headings and
where paragraphs split. The figures of each set (pages exactly right / total) are printed by

    PYTHONPATH=tools .venv/bin/python tests/test_read_realworld.py
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path
from typing import NamedTuple

import pytest
import yaml

sys.path.insert(0, str(Path(__file__).parent))  # for `conftest` and `test_render` when run as a script

from conftest import REPO  # noqa: E402
from reading_archive.model import Article  # noqa: E402
from reading_archive.read import read_seed  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures" / "realworld" / "paragraphs"
SETS = ("dev", "held_out")
_KINDS = {"paragraph": "p", "subheading": "h", "bullets": "b", "related": "r"}
# Held-out seeds whose structure the reader still gets wrong (kept as strict xfails: the day one
# passes, the test says so and it moves into the passing set). Reasons in the report of issue 16.
KNOWN_WRONG: dict[str, str] = {}


class Expected(NamedTuple):
    kind: str  # p, h, b, r or c (the caption taken from the line after the date)
    start: str  # how the block's text starts


def expectations(name: str) -> dict[str, list[Expected]]:
    data = yaml.safe_load((FIXTURES / f"{name}_expected.yml").read_text(encoding="utf-8"))
    return {seed: [Expected(*next(iter(entry.items()))) for entry in entries] for seed, entries in data.items()}


def structure(article: Article) -> list[tuple[str, str]]:
    """The article's blocks as (kind, text): a bullet list by its first item."""
    blocks = [("c", article.caption.text)] if article.caption else []
    for block in article.blocks:
        blocks.append((_KINDS[block.kind], "".join(span.text for span in block.items[0])))
    return blocks


def differences(article: Article, expected: list[Expected]) -> list[str]:
    """What is wrong with the article's structure (nothing when it is exactly as expected)."""
    actual = structure(article)
    wrong = [
        f"block {number}: expected {want.kind} {want.start[:50]!r}, found {kind} {text[:70]!r}"
        for number, ((kind, text), want) in enumerate(zip(actual, expected), start=1)
        if kind != want.kind or not text.startswith(want.start)
    ]
    if len(actual) != len(expected):
        wrong.append(f"{len(actual)} blocks, expected {len(expected)}")
    return wrong


def parsed(name: str, seed: str) -> Article:
    return read_seed(FIXTURES / name / seed, REPO)


def score(name: str) -> tuple[int, int, dict[str, list[str]]]:
    """Pages of the set with exactly the expected structure, the set's size, and what is wrong."""
    wrong = {}
    expected = expectations(name)
    for seed, blocks in expected.items():
        if problems := differences(parsed(name, seed), blocks):
            wrong[seed] = problems
    return len(expected) - len(wrong), len(expected), wrong


def _cases(name: str) -> list:
    marks = {seed: pytest.mark.xfail(reason=reason, strict=True) for seed, reason in KNOWN_WRONG.items()}
    return [pytest.param(name, seed, id=f"{name}/{seed}", marks=marks.get(seed, ())) for seed in expectations(name)]


# --- the two sets ---------------------------------------------------------------------------


def test_every_seed_of_each_set_has_expectations() -> None:
    for name in SETS:
        assert sorted(p.name for p in (FIXTURES / name).glob("*.txt")) == sorted(expectations(name)), name


@pytest.mark.parametrize(("name", "seed"), _cases("dev") + _cases("held_out"))
def test_block_structure(name: str, seed: str) -> None:
    assert differences(parsed(name, seed), expectations(name)[seed]) == []


@pytest.mark.parametrize("name", SETS)
def test_every_word_of_the_body_kept_in_order(name: str) -> None:
    """Joining and splitting never lose, add or reorder a word: the blocks' words are the seed's
    lines after the date (link syntax aside), in order."""
    for seed in expectations(name):
        article = parsed(name, seed)
        lines = (FIXTURES / name / seed).read_text(encoding="utf-8").splitlines()
        body = lines[article.date_line : lines.index("Original url:")]
        seed_words = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", " ".join(body)).split()
        words = [word for _, text in structure(article) for word in text.split()]
        assert words == [w for w in seed_words if w not in ("•",)], seed


# --- the built page -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def converted(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Every seed of both sets converted together by the real pipeline: each page's Markdown body
    as HTML (as MkDocs renders it), by seed name."""
    from conftest import copy_project
    from test_render import article_pages, convert, split_page, to_html

    project = copy_project(tmp_path_factory.mktemp("realworld") / "project", seeds=False)
    for name in SETS:
        for seed in (FIXTURES / name).glob("*.txt"):
            shutil.copy2(seed, project / "seeds" / seed.name)
    conversion = convert(project)
    assert conversion.errors == ()
    pages = {}
    for page in article_pages(conversion):
        meta, body = split_page(page.text)
        pages[Path(meta["seed"]).name] = (meta, to_html(body))
    return pages


def _headings(html_text: str) -> list[str]:
    return [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", html_text)]


def test_built_pages_show_the_expected_headings(converted: dict) -> None:
    for name in SETS:
        for seed, blocks in expectations(name).items():
            if seed in KNOWN_WRONG:
                continue
            _, html_text = converted[seed]
            assert _headings(html_text) == [b.start for b in blocks if b.kind == "h"], seed


def test_built_page_standfirst_and_dateline_are_two_paragraphs(converted: dict) -> None:
    """The TASS story of issue 16: the standfirst is the page's description on its own, and the
    dateline starts the next paragraph; the credit line and the date line are no headings."""
    meta, html_text = converted["h01_tass_shoigu_vostok.txt"]
    assert meta["description"].startswith("Russia's defence minister is visiting the troubled eastern region")
    assert "MOSCOW" not in meta["description"]
    paragraphs = re.findall(r"<p>(.*?)</p>", html_text, re.S)
    assert paragraphs[0].startswith("Russia's defence minister") and paragraphs[0].endswith("prepare for the exercise")
    assert paragraphs[1].startswith("MOSCOW, August 18. /TASS/. Russian Defence Minister")
    _, republished = converted["h03_wapo_republished_ap.txt"]
    assert _headings(republished) == []
    assert "<p>Aug. 9, 2022</p>" in republished and "<p>The Washington Post</p>" in republished


if __name__ == "__main__":
    for set_name in SETS:
        right, total, wrong = score(set_name)
        print(f"{set_name}: structure exactly right on {right}/{total} pages")
        for seed_name, problems in wrong.items():
            print(f"  {seed_name}: " + "; ".join(problems))
