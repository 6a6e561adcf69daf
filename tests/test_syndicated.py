"""Syndicated copies: the same text at another original URL is another outlet's publication of
it, kept beside the first with a warning (not an error: `--strict` builds), and each page names
the others under "Also published by", never among its related articles. The same original URL
(however spelled) stays a duplicate: an error, and the later file is dropped.

On the hand-written sets of tests/fixtures/realworld/syndicated (`dev` looked at while building,
`heldout` run only at the end); each test prints its figure for the set.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from urllib.parse import urljoin

import pytest
from bs4 import BeautifulSoup

from conftest import REPO, copy_project, mkdocs_build, run_archive
from reading_archive.read.seed import article_from_bytes

SETS = REPO / "tests" / "fixtures" / "realworld" / "syndicated"
PROBLEM = re.compile(
    r"^(?P<path>[^:]+?)(?::(?P<line>\d+))?: (?P<severity>error|warning): (?P<message>.*)$"
)


def labels(name: str) -> dict[str, dict[str, str]]:
    return json.loads((SETS / name / "labels.json").read_text(encoding="utf-8"))


def seed_paths(name: str) -> list[Path]:
    return sorted((SETS / name / "seeds").glob("*.txt"))


def body_line(path: Path) -> int:
    """The seed's line where its body text starts (what a copy shares with its original)."""
    return article_from_bytes(path.read_bytes(), f"seeds/{path.name}").blocks[0].line


def copy_groups(name: str) -> list[set[str]]:
    """The seeds of each text published more than once: an original and its copies."""
    groups: dict[str, set[str]] = {}
    for copy, original in labels(name)["copy_of"].items():
        groups.setdefault(original, {original}).add(copy)
    return list(groups.values())


def project_with(tmp_path: Path, name: str, *, leave_out: tuple[str, ...] = ()) -> Path:
    project = copy_project(tmp_path / "project", seeds=False)
    for path in seed_paths(name):
        if path.name not in leave_out:
            shutil.copy(path, project / "seeds" / path.name)
    return project


def problems(stderr: str) -> list[dict[str, str]]:
    return [match.groupdict() for line in stderr.splitlines() if (match := PROBLEM.match(line))]


@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_check_warns_once_per_copy_and_errs_on_a_same_url_duplicate(
    tmp_path: Path, name: str
) -> None:
    project = project_with(tmp_path, name)
    result = run_archive(project, "check")
    assert result.returncode == 1  # the same-URL duplicates
    reported = problems(result.stderr)
    copy_warnings = [p for p in reported if p["message"].startswith("same text as")]
    near_copy_warnings = [p for p in reported if p["message"].startswith("nearly the same text")]
    errors = [p for p in reported if p["severity"] == "error"]

    expected_copies = {
        (f"seeds/{copy}", str(body_line(SETS / name / "seeds" / copy)), f"seeds/{original}")
        for copy, original in labels(name)["copy_of"].items()
    }
    shown_copies = {
        (p["path"], p["line"], re.search(r"same text as (\S+?),", p["message"])[1])
        for p in copy_warnings
        if p["severity"] == "warning"
    }
    right = len(expected_copies & shown_copies)
    duplicates = labels(name)["duplicate_of"]
    right_errors = sum(
        1
        for p in errors
        if p["message"].startswith(
            f"duplicate of seeds/{duplicates.get(p['path'].removeprefix('seeds/'))} (same "
            "original URL)"
        )
    )
    print(
        f"\n{name}: copies warned at their body line naming the first seed "
        f"{right}/{len(expected_copies)}, other copy messages {len(copy_warnings) - right}; "
        f"same-URL duplicates as errors {right_errors}/{len(duplicates)}, other errors "
        f"{len(errors) - right_errors}"
    )
    assert (
        len(copy_warnings) == len(expected_copies) == right
    )  # once each, as warnings, nothing else
    assert near_copy_warnings == []  # (each copy of these sets is the same text)
    assert len(errors) == len(duplicates) == right_errors


HAND_WRITTEN = REPO / "tests" / "fixtures"


@pytest.mark.parametrize("name", ["wire", "energy", "sudan", "brexit", "war2024"])
def test_check_warns_at_each_republished_copy_whose_text_differs_a_little(
    tmp_path: Path, name: str
) -> None:
    """A republished copy with a new headline and a line or a paragraph of its own is nearly the
    same text, not the same: `archive check` warns at its body line, naming the seed it copies,
    as it does for the same text (contributors learn that the page will show it under "Also
    published by", not among the related articles); nothing else is taken for a copy."""
    project = copy_project(tmp_path / "project", seeds=False)
    for path in sorted((HAND_WRITTEN / name / "seeds").glob("*.txt")):
        shutil.copy(path, project / "seeds" / path.name)
    result = run_archive(project, "check")
    assert result.returncode == 0, result.stderr
    warned = {
        (p["path"], p["line"], re.search(r"text as (\S+?),", p["message"])[1])
        for p in problems(result.stderr)
        if "same text as" in p["message"]
    }
    labelled = json.loads((HAND_WRITTEN / name / "labels.json").read_text(encoding="utf-8"))
    expected = {
        (f"seeds/{copy}", str(body_line(HAND_WRITTEN / name / "seeds" / copy)), f"seeds/{of}")
        for copy, label in labelled.items()
        if (of := label["copy_of"]) is not None
    }
    found, others = len(warned & expected), warned - expected
    print(f"\n{name}: copies warned {found}/{len(expected)}, others {others}")
    assert warned == expected and all(
        p["message"].startswith("nearly the same text as")
        for p in problems(result.stderr)
        if "same text as" in p["message"]
    )


@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_copies_build_strict_and_name_each_other_never_in_related_slots(
    tmp_path: Path, name: str
) -> None:
    project = project_with(tmp_path, name, leave_out=tuple(labels(name)["duplicate_of"]))
    checked = run_archive(project, "check")
    assert checked.returncode == 0, checked.stderr  # copies are warnings only
    result = mkdocs_build(project)  # --strict
    assert result.returncode == 0, result.stderr
    assert "same text as" in result.stderr  # logged (at info level, as seeds' warnings are)

    site = project / "site"
    pages = {}  # URL → its built page
    for path in site.glob("articles/*/*/*/index.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        url = "/" + path.parent.relative_to(site).as_posix() + "/"
        pages[url] = soup
    # seed name → its page's URL, from the dataset the build publishes
    records = [
        json.loads(line)
        for line in (site / "archive.jsonl").read_text(encoding="utf-8").splitlines()
    ]
    by_seed = {record["seed"].removeprefix("seeds/"): "/" + record["url"] for record in records}
    assert (
        len(pages) == len(by_seed) == len(seed_paths(name)) - len(labels(name)["duplicate_of"])
    )  # every copy has its page

    pairs = linked = in_slots = 0
    for group in copy_groups(name):
        for seed in sorted(group):
            soup = pages[by_seed[seed]]
            also = soup.select_one(".article-copies")
            named = {urljoin(by_seed[seed], a["href"]) for a in also.select("a")} if also else set()
            heading = soup.find("h2", id="related-articles")
            related = (
                {
                    urljoin(by_seed[seed], li.a["href"])
                    for li in heading.find_next("ul").select("li")
                }
                if heading
                else set()
            )
            for other in sorted(group - {seed}):
                pairs += 1
                linked += by_seed[other] in named
                in_slots += by_seed[other] in related
    print(
        f"\n{name}: copies named under 'Also published by' {linked}/{pairs} (each way); copies "
        f"in related slots {in_slots}"
    )
    assert linked == pairs
    assert in_slots == 0


@pytest.mark.parametrize("name", ["dev", "heldout"])
def test_add_keeps_a_copy_with_a_warning_and_refuses_the_same_url(
    tmp_path: Path, name: str
) -> None:
    copies, duplicates = labels(name)["copy_of"], labels(name)["duplicate_of"]
    project = project_with(tmp_path, name, leave_out=(*copies, *duplicates))
    added = 0
    same_text: dict[str, str] = {}  # each seed added, and the original whose text it has
    for copy, original in sorted(copies.items()):
        source = SETS / name / "seeds" / copy
        result = run_archive(project, "add", str(source))
        assert result.returncode == 0, result.stderr
        assert result.stdout.startswith("added seeds/")
        warnings = [p for p in problems(result.stderr) if "same text as" in p["message"]]
        assert [(w["path"], w["line"], w["severity"]) for w in warnings] == [
            (str(source), str(body_line(source)), "warning")
        ]
        # It names the first seed (by name) with the text: the original, or an earlier copy of it.
        named = re.match(r"same text as (\S+?), ", warnings[0]["message"])[1]
        assert named in {
            f"seeds/{original}",
            *(seed for seed, of in same_text.items() if of == original),
        }
        same_text[result.stdout.split()[1].rstrip(":")] = original
        added += 1
    for duplicate, original in sorted(duplicates.items()):
        before = sorted(p.name for p in (project / "seeds").iterdir())
        result = run_archive(project, "add", str(SETS / name / "seeds" / duplicate))
        assert result.returncode == 1
        assert (
            f"error: duplicate of seeds/{original} (same original URL): the archive already has "
            "this article" in result.stderr
        )
        assert sorted(p.name for p in (project / "seeds").iterdir()) == before
    print(
        f"\n{name}: archive add kept {added}/{len(copies)} copies with a warning, refused "
        f"{len(duplicates)} same-URL duplicates"
    )
    assert run_archive(project, "check").returncode == 0
