"""`archive add` (a new article text becomes a seed) and `archive check --format github`."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

import pytest

from conftest import SEED, run_archive
from reading_archive.base.files import create_atomically
from reading_archive.github import escape_data, escape_property, workflow_command
from reading_archive.model import Problem
from reading_archive.read.seed import article_from_bytes

NEW_URL = "https://www.reuters.com/world/europe/kyiv-metro-reopens-2022-05-25/"
NEW_TEXT = (
    "Kyiv Metro Reopens After Three Months as Shelters\n\nBy [Reuters](#)\n\nMay 25, "
    "2022\n\nTrains ran again on Kyiv's metro on Wednesday after its stations spent three "
    "months as bomb shelters.\n\nThe city said fares would stay free for the first "
    f"week.\n\nOriginal url:\n\n<{NEW_URL}>\n"
)


def seeds(project: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((project / "seeds").iterdir())}


def expected_name(number: int, url: str) -> str:
    return f"{number:03d}_{hashlib.sha256(url.encode('utf-8')).hexdigest()[:16]}.txt"


def test_add_writes_the_next_seed_named_by_its_url(project: Path, tmp_path: Path) -> None:
    incoming = tmp_path / "kyiv-metro.txt"
    incoming.write_text(NEW_TEXT, encoding="utf-8")
    result = run_archive(project, "add", str(incoming))
    assert result.returncode == 0, result.stderr
    name = expected_name(1, NEW_URL)
    assert (
        result.stdout
        == f"added seeds/{name}: Kyiv Metro Reopens After Three Months as Shelters (2022-05-25)\n"
    )
    assert result.stderr == ""  # Reuters is a named publisher: no warning
    assert (
        project / "seeds" / name
    ).read_bytes() == incoming.read_bytes()  # the text exactly as given
    assert sorted(p.name for p in (project / "seeds").glob("*.txt")) == [SEED.name, name]
    assert [
        p.name for p in (project / "seeds").iterdir() if p.name.startswith(".")
    ] == []  # no temporary left

    check = run_archive(project, "check")
    assert check.returncode == 0, check.stderr
    assert check.stdout.startswith("2 seeds ")


def test_add_from_standard_input_numbers_after_the_highest_seed(project: Path) -> None:
    (project / "seeds" / "041_older.txt").write_text(
        "Older Story\n\nMarch 1, 2020\n\nA body.\n\nOriginal url: https://www.reuters.com/older\n",
        encoding="utf-8",
    )
    result = run_archive(project, "add", "-", stdin=NEW_TEXT)
    assert result.returncode == 0, result.stderr
    name = expected_name(42, NEW_URL)
    assert result.stdout.startswith(f"added seeds/{name}: ")
    assert (project / "seeds" / name).read_text(encoding="utf-8") == NEW_TEXT


def test_add_warns_about_a_publisher_mkdocs_yml_does_not_name(project: Path) -> None:
    text = NEW_TEXT.replace(NEW_URL, "https://news.example.org/kyiv-metro")
    result = run_archive(project, "add", "-", stdin=text)
    assert result.returncode == 0, result.stderr
    name = expected_name(1, "https://news.example.org/kyiv-metro")
    assert result.stderr.splitlines() == [
        f"seeds/{name}: warning: no publisher is named for news.example.org; add "
        "'news.example.org: <name>' under the archive plugin's publishers in mkdocs.yml (the "
        "host is shown meanwhile)"
    ]


def test_add_refuses_a_duplicate_by_original_url(project: Path, tmp_path: Path) -> None:
    incoming = tmp_path / "same-url.txt"
    incoming.write_text(
        "A Different Headline\n\nDecember 9, 2021\n\nAnother text altogether.\n\nOriginal url:\n\n"
        "<https://www.themoscowtimes.com/2021/12/08/putin-says-russia-has-right-to-defend-its-security-amid-nato-tensions-a75767>\n",
        encoding="utf-8",
    )
    before = seeds(project)
    result = run_archive(project, "add", str(incoming))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{incoming}: error: duplicate of seeds/{SEED.name} (same original URL): the archive "
        "already has this article",
        "1 error",
    ]
    assert seeds(project) == before


def test_add_keeps_the_same_text_at_another_url_as_a_copy_whatever_its_whitespace(
    project: Path,
) -> None:
    original = SEED.read_text(encoding="utf-8")
    # Re-scraped: another URL, lines wrapped differently, spaces doubled, CRLF line ends.
    rescraped = (
        original.replace("themoscowtimes.com/2021/12/08/", "themoscowtimes.com/amp/2021/12/08/")
        .replace("said Wednesday that Moscow", "said  Wednesday\nthat Moscow")
        .replace("\n", "\r\n")
    )
    before = seeds(project)
    result = run_archive(project, "add", "-", stdin=rescraped)
    assert result.returncode == 0, result.stderr
    url = "https://www.themoscowtimes.com/amp/2021/12/08/putin-says-russia-has-right-to-defend-its-security-amid-nato-tensions-a75767"
    name = expected_name(1, url)
    assert result.stdout.startswith(f"added seeds/{name}: ")
    body = article_from_bytes(rescraped.encode("utf-8"), "<stdin>").blocks[0].line
    assert result.stderr.splitlines()[0].startswith(
        f"<stdin>:{body}: warning: same text as seeds/{SEED.name}, at another original URL: "
    )
    assert set(seeds(project)) == {*before, name}
    check = run_archive(project, "check")  # a warning, as `archive add` gave it: check passes
    assert check.returncode == 0, check.stderr
    assert f"seeds/{name}:{body}: warning: same text as seeds/{SEED.name}, " in check.stderr


@pytest.mark.parametrize(
    "text",
    [
        "Title only\n\nNot a date\n\nBody.\n\nOriginal url: https://www.reuters.com/x\n",
        "A Title\n\nMay 25, 2022\n\nA body without its trailer.\n",
        "A Title\n\nMay 25, 2022\n\nA body.\n\nOriginal url: javascript:alert(1)\n",
        "",
    ],
    ids=["no-date", "no-url", "bad-url", "empty"],
)
def test_add_reports_an_invalid_text_as_check_does_and_writes_nothing(
    project: Path, tmp_path: Path, text: str
) -> None:
    incoming = tmp_path / "incoming.txt"
    incoming.write_text(text, encoding="utf-8")
    before = seeds(project)
    added = run_archive(project, "add", str(incoming))
    assert added.returncode == 1
    assert added.stdout == ""
    assert seeds(project) == before

    # The same text among the seeds: `archive check` gives the same message for it.
    (project / "seeds" / "001_incoming.txt").write_text(text, encoding="utf-8")
    checked = run_archive(project, "check")
    assert checked.returncode == 1
    message = [
        line for line in checked.stderr.splitlines() if line.startswith("seeds/001_incoming.txt")
    ]
    assert len(message) == 1 and ": error: " in message[0]
    assert added.stderr.splitlines() == [
        message[0].replace("seeds/001_incoming.txt", str(incoming), 1),
        "1 error",
    ]


def test_add_of_a_missing_file_is_an_error(project: Path, tmp_path: Path) -> None:
    result = run_archive(project, "add", str(tmp_path / "missing.txt"))
    assert result.returncode == 1
    assert (
        result.stderr.splitlines()[0]
        == f"{tmp_path / 'missing.txt'}: error: cannot read the file: No such file or directory"
    )
    assert "Traceback" not in result.stderr


def test_create_atomically_never_replaces_a_file(tmp_path: Path) -> None:
    target = tmp_path / "seeds" / "001_x.txt"
    create_atomically(target, b"first")
    with pytest.raises(FileExistsError):
        create_atomically(target, b"second")
    assert target.read_bytes() == b"first"
    assert os.listdir(target.parent) == ["001_x.txt"]


# --- archive check --format github ---------------------------------------------------------


def test_check_format_github_annotates_file_and_line(project: Path) -> None:
    bad = project / "seeds" / "001_a,b:c%d.txt"
    bad.write_text(
        "A Title\n\n100% late, really: no\n\nBody.\n\nOriginal url: https://www.reuters.com/x\n",
        encoding="utf-8",
    )
    result = run_archive(project, "check", "--format", "github")
    assert result.returncode == 1
    commands = [line for line in result.stdout.splitlines() if line.startswith("::")]
    assert commands == [
        f"::warning file=seeds/{SEED.name},line=19::related article 'Putin and Biden Speak: What "
        "They Discussed' is not in the archive; it is shown as plain text",
        "::error file=seeds/001_a%2Cb%3Ac%25d.txt,line=3::expected the date line (e.g. "
        "'December 08, 2021' or '2021-12-08'), found '100%25 late, really: no'",
    ]
    assert result.stderr.splitlines() == ["1 error"]


def test_check_default_format_is_unchanged(project: Path) -> None:
    result = run_archive(project, "check")
    assert result.returncode == 0
    assert "::" not in result.stdout + result.stderr
    assert re.search(
        rf"^seeds/{re.escape(SEED.name)}:19: warning: related article", result.stderr, re.M
    )


def test_workflow_command_escaping() -> None:
    problem = Problem("glossary/a,b:c.md", 7, "50% of\r\nthe: text, here", "warning")
    assert (
        workflow_command(problem)
        == "::warning file=glossary/a%2Cb%3Ac.md,line=7::50%25 of%0D%0Athe: text, here"
    )
    assert (
        workflow_command(Problem("seeds", None, "no seed files"))
        == "::error file=seeds::no seed files"
    )
    assert escape_data("%0A") == "%250A"  # an escape already in the text stays text
    assert escape_property("a%:,\n") == "a%25%3A%2C%0A"


def test_add_warns_about_a_date_before_1800_at_the_new_seeds_date_line(project: Path) -> None:
    old_text = NEW_TEXT.replace("May 25, 2022", "May 25, 1722")
    result = run_archive(project, "add", "-", stdin=old_text)
    assert result.returncode == 0, result.stderr  # a warning: the article is added
    name = expected_name(1, NEW_URL)
    assert result.stderr == (
        f"seeds/{name}:5: warning: the date 1722-05-25 is before 1800: "
        "check the year for a typo (the article is built with this date)\n"
    )
