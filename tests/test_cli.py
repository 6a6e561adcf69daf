"""The `archive` command, run as a user runs it: `archive check` and `archive convert`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEED, copy_project, run_archive

PAGE = "content/articles/2021/12/putin-says-russia-has-right-to-defend-its-security.md"
GOLDEN = Path(__file__).parent / "golden" / "000_7700cad70c87f25c.md"


def snapshot(project: Path) -> dict[str, tuple[int, int]]:
    """Every file and folder of the project, with its size and modification time."""
    return {
        path.relative_to(project).as_posix(): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in sorted(project.rglob("*"))
    }


def archive_script() -> str | None:
    beside = Path(sys.executable).parent / "archive"
    return str(beside) if beside.is_file() else shutil.which("archive")


def assert_ok(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr


def errors(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [
        line
        for line in result.stderr.splitlines()
        if ": error: " in line or re.fullmatch(r"\d+ errors?", line)
    ]


def words(text: str) -> str:
    """Text with argparse's line wrapping undone."""
    return " ".join(text.split())


def summary(result: subprocess.CompletedProcess[str]) -> dict[str, int]:
    """The counts of the last line of `archive convert` (`… N written, N unchanged, N removed`)."""
    match = re.search(
        r"(\d+) pages written, (\d+) unchanged, (\d+) removed$", result.stdout.rstrip("\n")
    )
    assert match, result.stdout
    return dict(zip(("written", "unchanged", "removed"), map(int, match.groups()), strict=False))


def generated_pages(project: Path) -> list[str]:
    """The pages in the docs' generated folders: articles, and the glossary and listing pages made
    alongside them."""
    folders = [
        project / "content" / name for name in ("articles", "glossary", "publishers", "tags")
    ]
    return sorted(
        p.relative_to(project).as_posix() for folder in folders for p in folder.rglob("*.md")
    )


# --- help ----------------------------------------------------------------------------------


def test_help(project: Path) -> None:
    result = run_archive(project, "--help")
    assert_ok(result)
    assert "usage: archive" in result.stdout
    assert "Convert news-article seed files into Markdown pages" in words(result.stdout)
    assert re.search(r"^\s+convert\s", result.stdout, re.M) and re.search(
        r"^\s+check\s", result.stdout, re.M
    )


def test_convert_help(project: Path) -> None:
    result = run_archive(project, "convert", "--help")
    assert_ok(result)
    assert "usage: archive convert" in result.stdout
    assert "Convert every seed into a Markdown page" in words(result.stdout)
    assert "hand-edited pages are kept" in words(result.stdout)


def test_check_help(project: Path) -> None:
    result = run_archive(project, "check", "--help")
    assert_ok(result)
    assert "usage: archive check" in result.stdout
    assert "Validate every seed" in words(result.stdout)
    assert "without writing anything" in words(run_archive(project, "--help").stdout)


def test_no_command_is_a_usage_error(project: Path) -> None:
    result = run_archive(project)
    assert result.returncode == 2
    assert "usage: archive" in result.stderr
    assert "Traceback" not in result.stderr


# --- check ---------------------------------------------------------------------------------


def test_check_real_project_writes_nothing(project: Path) -> None:
    before = snapshot(project)
    result = run_archive(project, "check")
    assert_ok(result)
    assert re.match(r"1 seeds? ", result.stdout)
    assert errors(result) == []
    assert not (project / "content" / "articles").exists()
    assert snapshot(project) == before


# --- convert -------------------------------------------------------------------------------


def test_convert_writes_the_page(project: Path) -> None:
    result = run_archive(project, "convert")
    assert_ok(result)
    assert f"wrote {PAGE}" in result.stdout.splitlines()
    written = [
        line.removeprefix("wrote ")
        for line in result.stdout.splitlines()
        if line.startswith("wrote ")
    ]
    pages = [path for path in written if path.endswith(".md") and path.startswith("content/")]
    assert summary(result) == {"written": len(pages), "unchanged": 0, "removed": 0}
    assert sorted(pages) == generated_pages(project)
    # the annotations, the dataset and the home page's generated part
    assert sorted(set(written) - set(pages)) == [
        "content/annotations.jsonld", "content/archive.csv", "content/archive.jsonl",
        "generated/home.md",
    ]  # fmt: skip
    assert errors(result) == []
    assert (project / PAGE).read_bytes() == GOLDEN.read_bytes()


@pytest.mark.skipif(
    not Path("/proc/self/fd").is_dir(), reason="lists open files with Linux's /proc"
)
@pytest.mark.parametrize("runs", [1, 2], ids=["from scratch", "from the cache"])
def test_convert_closes_every_file_before_exit(project: Path, runs: int) -> None:
    """The command leaves what its run made to the process's exit, unfreed (cli.py, _left_to_exit):
    so nothing it wrote or read may still be open when it returns, to be flushed or closed by
    being freed."""
    probe = (
        "import os, sys\nfrom reading_archive.cli import main\ndef open_files():\n    return "
        "{fd: os.readlink(f'/proc/self/fd/{fd}') for fd in os.listdir('/proc/self/fd') if "
        "os.path.exists(f'/proc/self/fd/{fd}')}\nbefore = open_files()\nstatus = "
        "main(sys.argv[1:])\nleft = {fd: path for fd, path in open_files().items() if "
        "before.get(fd) != path and path != '/proc/self/fd'}\nprint('LEFT OPEN', left, "
        "file=sys.stderr)\nsys.exit(status)\n"
    )
    for _ in range(runs):
        result = subprocess.run(
            [sys.executable, "-c", probe, "-f", str(project / "mkdocs.yml"), "convert"],
            cwd=project, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
    assert_ok(result)
    assert "LEFT OPEN {}" in result.stderr.splitlines()
    assert re.search(r"\d+ pages written", result.stdout)
    assert (project / "content" / "archive.jsonl").stat().st_size > 0


def test_second_convert_changes_nothing(project: Path) -> None:
    assert_ok(run_archive(project, "convert"))
    page = project / PAGE
    past = page.stat().st_mtime_ns - 10_000_000_000
    os.utime(
        page, ns=(past, past)
    )  # so that a rewrite could not go unnoticed within the clock's resolution
    result = run_archive(project, "convert")
    assert_ok(result)
    counts = summary(result)
    assert counts["written"] == 0 and counts["removed"] == 0
    assert counts["unchanged"] == len(generated_pages(project)) >= 1
    assert "wrote" not in result.stdout
    assert page.stat().st_mtime_ns == past
    assert page.read_bytes() == GOLDEN.read_bytes()


def test_removing_a_seed_removes_its_page(project: Path) -> None:
    other = "content/articles/2022/01/another-story.md"
    (project / "seeds" / "001_other.txt").write_text(
        "Another Story\n\nJanuary 05, 2022\n\nA different article.\n\n"
        "Original url:\n\n<https://www.reuters.com/world/another-story>\n",
        encoding="utf-8",
    )
    assert_ok(run_archive(project, "convert"))
    assert (project / PAGE).is_file() and (project / other).is_file()

    (project / "seeds" / SEED.name).unlink()
    result = run_archive(project, "convert")
    assert_ok(result)
    removed = sorted(
        line.removeprefix("removed ")
        for line in result.stdout.splitlines()
        if line.startswith("removed ")
    )
    # the article, and the listings that only it was in: its year, month, publisher and the
    # tags of its sidecar file
    assert removed == sorted(
        [
            PAGE,
            "content/articles/2021/index.md",
            "content/articles/2021/12/index.md",
            "content/publishers/the-moscow-times/index.md",
            "content/tags/russia-nato-relations/index.md",
            "content/tags/russo-ukrainian-war/index.md",
        ]
    )
    assert summary(result)["removed"] == 6
    assert not (project / PAGE).exists()
    assert not (project / "content/articles/2021").exists()  # emptied folders go too
    assert (project / other).is_file()


def test_hand_edited_page_is_not_overwritten(project: Path) -> None:
    assert_ok(run_archive(project, "convert"))
    page = project / PAGE
    edited = page.read_text(encoding="utf-8").replace(
        "claims Moscow denies", "claims Moscow denied"
    )
    page.write_text(edited, encoding="utf-8")

    result = run_archive(project, "convert")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    messages = [line for line in result.stderr.splitlines() if "edited by hand" in line]
    assert len(messages) == 1
    assert messages[0].startswith(f"{PAGE}: error: ")
    assert SEED.name in messages[0]
    assert "wrote" not in result.stdout
    assert page.read_text(encoding="utf-8") == edited


def test_hand_written_file_in_articles_is_kept_with_a_warning(project: Path) -> None:
    notes = project / "content" / "articles" / "notes.md"
    notes.parent.mkdir(parents=True)
    notes.write_text("# My notes\n\nWritten by hand.\n", encoding="utf-8")

    result = run_archive(project, "convert")
    assert_ok(result)
    assert (project / PAGE).is_file()
    assert notes.read_text(encoding="utf-8") == "# My notes\n\nWritten by hand.\n"
    warnings = [
        line for line in result.stderr.splitlines() if line.startswith("content/articles/notes.md:")
    ]
    assert len(warnings) == 1 and ": warning: " in warnings[0]
    assert summary(result)["removed"] == 0


def test_convert_summary_counts_articles_not_all_pages(project: Path) -> None:
    result = run_archive(project, "convert")
    assert_ok(result)
    claimed = [int(n) for n in re.findall(r"(\d+) articles?\b", result.stdout)]
    assert all(n == 1 for n in claimed), result.stdout.splitlines()[-1]


# --- `python -m reading_archive` and the `archive` script ---------------------------------


@pytest.mark.parametrize("command", [("--help",), ("check",), ("convert",)])
def test_module_and_script_behave_the_same(tmp_path: Path, command: tuple[str, ...]) -> None:
    script = archive_script()
    if script is None:
        pytest.skip("the `archive` script is not installed")
    by_module = copy_project(tmp_path / "module")
    by_script = copy_project(tmp_path / "script")
    module_result = run_archive(by_module, *command)
    script_result = subprocess.run(
        [script, "-f", str(by_script / "mkdocs.yml"), *command],
        cwd=by_script,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "PYTHONIOENCODING": "utf-8"},
        timeout=300,
    )
    assert_ok(module_result)
    assert_ok(script_result)
    assert (script_result.stdout, script_result.stderr) == (
        module_result.stdout,
        module_result.stderr,
    )
    assert (by_script / PAGE).exists() == (by_module / PAGE).exists() == (command == ("convert",))
