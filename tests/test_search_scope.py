"""What Pagefind indexes of an article page: the article's own text (its title, summary, caption
and body), not the other articles the page links to (the related articles, the copies "Also
published by", the previous and next article, a seed's "Related article:" line). A word found
only in one article's title finds that article alone.

Built from the hand-written sets of tests/fixtures/realworld/syndicated (wire stories with
copies and follow-ups, so that pages have related lists and copies); `dev` was looked at while
building, `heldout` only at the end. Each test prints its figure for the set.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import (
    REPO,
    copy_project,
    mkdocs_build,
    pagefind_records,
    recording_tab,
    serve_directory,
)

SETS = REPO / "tests" / "fixtures" / "realworld" / "syndicated"
# Text that pages show about other articles: never in what an article is found by.
NOT_THE_ARTICLE = (
    "Related articles",
    "Also published by",
    "Previous:",
    "Next:",
    "Related article:",
    "Shared:",
)


def set_seeds(name: str) -> dict[str, str]:
    """The seeds of a set that the archive keeps (same-URL duplicates are dropped), by file name."""
    labels = json.loads((SETS / name / "labels.json").read_text(encoding="utf-8"))
    paths = sorted((SETS / name / "seeds").glob("*.txt"))
    return {
        path.name: path.read_text(encoding="utf-8")
        for path in paths
        if path.name not in labels["duplicate_of"]
    }


def title_of(seed: str) -> str:
    return next(line for line in seed.splitlines() if line.strip()).strip()


def title_only_words(seeds: dict[str, str]) -> dict[str, list[str]]:
    """For each seed, the words of its title that no other seed has, not even as the start of a
    longer word or a word of the same stem (Pagefind stems words and matches the last word of a
    query as a prefix): searching for one of them should find that article alone."""
    found = {}
    for name, text in seeds.items():
        others = {
            word
            for other, seed in seeds.items()
            if other != name
            for word in re.findall(r"[a-z]+", seed.lower())
        }
        words = sorted(set(re.findall(r"[a-z]{5,}", title_of(text).lower())))
        stem = lambda word: word[: max(3, len(word) - 3)]  # noqa: E731 - a crude stem, erring towards "shared"
        found[name] = [
            w
            for w in words
            if not any(o.startswith(stem(w)) or w.startswith(o) and len(o) >= 4 for o in others)
        ]
    return found


@pytest.fixture(scope="module", params=["dev", "heldout"])
def built_set(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Path, dict[str, str]]:
    name = request.param
    project = copy_project(tmp_path_factory.mktemp(f"scope-{name}") / "project", seeds=False)
    seeds = set_seeds(name)
    for seed in seeds:
        shutil.copy(SETS / name / "seeds" / seed, project / "seeds" / seed)
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    return name, project / "site", seeds


def records_by_title(site: Path) -> dict[str, dict]:
    return {record["meta"]["title"]: record for record in pagefind_records(site).values()}


def test_the_pages_link_to_other_articles(built_set) -> None:
    # What makes the other tests mean something: the pages do show other articles' titles.
    _, site, _ = built_set
    pages = [
        path.read_text(encoding="utf-8") for path in site.glob("articles/*/*/*/index.html")
    ]  # the article pages
    assert sum('id="related-articles"' in page for page in pages) >= 5
    assert sum('class="article-copies"' in page for page in pages) >= 4
    assert sum('class="article-neighbours"' in page for page in pages) == len(pages)


def test_the_index_holds_the_article_text_and_nothing_about_other_articles(built_set) -> None:
    name, site, seeds = built_set
    records = records_by_title(site)
    assert set(records) == {title_of(text) for text in seeds.values()}
    for title, record in records.items():
        content = record["content"]
        assert content.startswith(title), title
        for other in NOT_THE_ARTICLE:
            assert other not in content, (title, other)
        own = seeds[next(seed for seed, text in seeds.items() if title_of(text) == title)]
        paragraphs = own.split("\n\nOriginal url:")[0].split("\n\n")
        last_paragraph = next(
            p for p in reversed(paragraphs) if not p.startswith("Related article:")
        )
        assert " ".join(last_paragraph.split()) in content, title  # the body, to its end


def test_a_word_only_in_one_title_is_found_only_in_that_article(built_set) -> None:
    name, site, seeds = built_set
    records = records_by_title(site)
    words = title_only_words(seeds)
    checked = found_alone = 0
    for seed, unique in words.items():
        for word in unique:
            pattern = re.compile(rf"\b{word}", re.IGNORECASE)
            holders = sorted(
                title for title, record in records.items() if pattern.search(record["content"])
            )
            checked += 1
            found_alone += holders == [title_of(seeds[seed])]
    print(
        f"\n{name}: a title-only word is in the index of its own article alone for "
        f"{found_alone}/{checked} words"
    )
    assert checked >= 10
    assert found_alone == checked


@pytest.fixture(scope="module")
def set_server(built_set):
    with serve_directory(built_set[1]) as url:
        yield url


# Pagefind's own search, as the header's search script runs it.
SEARCH = """async word => {
  const pagefind = await import("/pagefind/pagefind.js");
  const search = await pagefind.search(word);
  return Promise.all(search.results.map(result => result.data().then(data => data.meta.title)));
}"""


@pytest.mark.browser
def test_pagefind_finds_a_title_only_word_in_its_own_article_alone(
    browser, built_set, set_server
) -> None:
    name, _, seeds = built_set
    words = title_only_words(seeds)
    checked = found_alone = 0
    wrong: list[tuple[str, list[str]]] = []
    with recording_tab(browser) as tab:
        tab.goto(set_server)
        for seed, unique in words.items():
            for word in unique:
                titles = tab.evaluate(SEARCH, word)
                checked += 1
                if titles == [title_of(seeds[seed])]:
                    found_alone += 1
                else:
                    wrong.append((word, titles))
        assert tab.errors == []
    print(
        f"\n{name}: Pagefind's search finds a title-only word in its own article alone for "
        f"{found_alone}/{checked} words"
    )
    assert checked >= 10
    assert wrong == []
