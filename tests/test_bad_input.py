"""Unusable seeds: one clear message each, `archive check` fails, the good seeds still convert."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest

from conftest import SEED, run_archive
from reading_archive.read.seed import MAX_SEED_BYTES, article_from_bytes

GOOD = SEED.name
GOOD_PAGE = "content/articles/2021/12/putin-says-russia-has-right-to-defend-its-security.md"


def article_pages(project: Path) -> list[str]:
    """The article pages `archive convert` wrote (not the month and archive listings)."""
    pages = (project / "content/articles").rglob("*.md")
    return sorted(p.relative_to(project).as_posix() for p in pages if p.name != "index.md")


OTHER_URL = "https://www.themoscowtimes.com/2021/12/09/another-story-a2"


# --- helpers -------------------------------------------------------------------------------


def seed_text(
    *,
    title: str | None = "Another Story Entirely",
    byline: str | None = "By [AFP](#)",
    date: str | None = "December 09, 2021",
    body: str | None = "A different article about something else.",
    url: str | None = OTHER_URL,
) -> str:
    """A seed of one paragraph every other line: title 1, byline 3, date 5, body 7, trailer 9."""
    parts = [title, byline, date, body]
    if url is not None:
        parts += ["Original url:", f"<{url}>"]
    return "\n\n".join(part for part in parts if part is not None) + "\n"


def project_with(project: Path, **seeds: str | bytes) -> Path:
    """The project with the good real seed and the given seeds (name without .txt -> content)."""
    folder = project / "seeds"
    (folder / GOOD).write_bytes(SEED.read_bytes())
    for name, content in seeds.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (folder / f"{name}.txt").write_bytes(data)
    return project


def messages_about(result: subprocess.CompletedProcess[str], seed: str) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith(f"seeds/{seed}:")]


def assert_no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stdout + result.stderr


def assert_one_error(
    result: subprocess.CompletedProcess[str], name: str, line: int | None, reason: str
) -> None:
    """Exactly one `seeds/<name>.txt[:<line>]: error: …<reason>…` about the seed, none about the
    good one."""
    assert_no_traceback(result)
    messages = messages_about(result, f"{name}.txt")
    assert len(messages) == 1, result.stderr
    where = f"seeds/{name}.txt" + (f":{line}" if line else "")
    assert re.fullmatch(rf"{re.escape(where)}: error: .+", messages[0]), messages[0]
    assert reason in messages[0]
    assert [m for m in messages_about(result, GOOD) if ": error: " in m] == []
    assert "1 error" in result.stderr.splitlines()


# --- one unusable seed beside a good one ---------------------------------------------------

BAD_SEEDS = [
    pytest.param("empty", b"", None, "empty file", id="empty"),
    pytest.param("blank", b"  \n\t\n \r\n\n", None, "empty file", id="whitespace-only"),
    pytest.param(
        "binary", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None, "binary file", id="binary"
    ),
    pytest.param(
        "cp1252",
        seed_text(body="@@quoted@@ he said.").encode().replace(b"@@quoted@@", b"\x93quoted\x94"),
        7,
        "not UTF-8",
        id="windows-1252",
    ),
    pytest.param("no_title", seed_text(title=None, byline=None), 1, "no title", id="no-title"),
    pytest.param("no_date", seed_text(date=None), 5, "expected the date line", id="no-date"),
    pytest.param(
        "impossible_date",
        seed_text(date="February 30, 2021"),
        5,
        "'February 30, 2021' is not a real date",
        id="february-30",
    ),
    pytest.param("no_body", seed_text(body=None), 5, "no body text", id="no-body"),
    pytest.param(
        "no_trailer", seed_text(url=None), None, "no 'Original url:' trailer", id="no-trailer"
    ),
    pytest.param(
        "javascript_url",
        seed_text(url="javascript:alert(1)"),
        9,
        "must be an http(s) URL",
        id="javascript-url",
    ),
    pytest.param(
        "too_big",
        seed_text(body="word " * (MAX_SEED_BYTES // 5 + 1)),
        None,
        f"file is larger than {MAX_SEED_BYTES:,} bytes, the limit for a seed",
        id="too-big",
    ),
    pytest.param(
        "words_after_trailer",
        seed_text(url=None) + "\nOriginal url: see the site\n",
        9,
        "URL",
        id="words-after-original-url",
    ),
]


@pytest.mark.parametrize(("name", "content", "line", "reason"), BAD_SEEDS)
def test_check_reports_unusable_seed(
    empty_project: Path, name: str, content, line: int | None, reason: str
) -> None:
    project = project_with(empty_project, **{name: content})
    result = run_archive(project, "check")
    assert result.returncode == 1
    assert_one_error(result, name, line, reason)
    assert re.match(r"1 seeds? ", result.stdout)  # the good one; the bad one is not counted
    assert not (project / "content" / "articles").exists()


@pytest.mark.parametrize(("name", "content", "line", "reason"), BAD_SEEDS)
def test_convert_still_converts_the_good_seed(
    empty_project: Path, name: str, content, line: int | None, reason: str
) -> None:
    project = project_with(empty_project, **{name: content})
    result = run_archive(project, "convert")
    assert result.returncode == 1
    assert_one_error(result, name, line, reason)
    assert f"wrote {GOOD_PAGE}" in result.stdout.splitlines()
    assert article_pages(project) == [GOOD_PAGE]


def test_every_bad_seed_at_once(empty_project: Path) -> None:
    bad = {param.values[0]: param.values[1] for param in BAD_SEEDS if not param.marks}
    project = project_with(empty_project, **bad)
    for command in ("check", "convert"):
        result = run_archive(project, command)
        assert result.returncode == 1
        assert_no_traceback(result)
        for name in bad:
            assert len(messages_about(result, f"{name}.txt")) == 1, (name, result.stderr)
        assert f"{len(bad)} errors" in result.stderr.splitlines()
    assert (project / GOOD_PAGE).is_file()


# --- duplicates ----------------------------------------------------------------------------


def test_same_original_url_is_a_duplicate(empty_project: Path) -> None:
    real = SEED.read_text(encoding="utf-8")
    url = re.search(r"<(https://[^>]+)>", real)[1]
    project = project_with(empty_project, copy=seed_text(url=url))
    for command in ("check", "convert"):
        result = run_archive(project, command)
        assert result.returncode == 1
        assert_one_error(result, "copy", None, f"duplicate of seeds/{GOOD}")
        assert "same original URL" in messages_about(result, "copy.txt")[0]
    assert article_pages(project) == [GOOD_PAGE]


def test_same_text_under_another_url_is_a_copy_kept_with_a_warning(empty_project: Path) -> None:
    # Its AMP copy: another address (a tracking parameter would not be: tests/test_urls.py). The
    # same text at another URL is kept as a syndicated copy (tests/test_syndicated.py): a
    # warning at the line where its body starts, naming the first seed with the text.
    rescraped = SEED.read_text(encoding="utf-8").replace(
        "themoscowtimes.com/2021/", "themoscowtimes.com/amp/2021/"
    )
    assert rescraped != SEED.read_text(encoding="utf-8")
    project = project_with(empty_project, rescraped=rescraped)
    body = article_from_bytes(rescraped.encode("utf-8"), "seeds/rescraped.txt").blocks[0].line
    for command in ("check", "convert"):
        result = run_archive(project, command)
        assert result.returncode == 0, result.stderr
        assert_no_traceback(result)
        (message,) = [m for m in messages_about(result, "rescraped.txt") if "same text" in m]
        assert message.startswith(
            f"seeds/rescraped.txt:{body}: warning: same text as seeds/{GOOD}, at another "
            "original URL: "
        )
        assert (
            "both are on themoscowtimes.com: if they are one article at two addresses, remove "
            "one of the two files" in message
        )
        assert [
            m for m in messages_about(result, GOOD) if "same text" in m
        ] == []  # warned once, on the later file
    pages = article_pages(project)
    assert len(pages) == 2 and GOOD_PAGE in pages


# --- warnings ------------------------------------------------------------------------------


def test_unknown_publisher_is_only_a_warning(empty_project: Path) -> None:
    project = project_with(
        empty_project, elsewhere=seed_text(url="https://news.example.org/2021/story")
    )
    check = run_archive(project, "check")
    assert check.returncode == 0, check.stderr
    assert_no_traceback(check)
    (message,) = messages_about(check, "elsewhere.txt")
    assert message.startswith("seeds/elsewhere.txt: warning: ")
    assert "news.example.org" in message
    assert ": error: " not in check.stderr

    convert = run_archive(project, "convert")
    assert convert.returncode == 0, convert.stderr
    page = project / "content/articles/2021/12/another-story-entirely.md"
    assert "publisher: news.example.org\n" in page.read_text(encoding="utf-8")
    assert (project / GOOD_PAGE).is_file()
