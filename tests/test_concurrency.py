"""Conversions side by side, and killed: one at a time per project, nothing left behind.

Curators run `./run serve` and `./run convert` or `./run add` side by side: a second conversion
of a project waits for the first (base/lock.py), and says so. A conversion killed with `kill -9`
leaves no worker process behind (build/parallel.py), and the temporary files it left are removed by
the next run (files.remove_temporaries), but never a file of somebody's that merely looks alike.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import NEW_ARTICLE, _env, copy_project, run_archive
from reading_archive_dev.synthetic import generate_corpus, write_corpus


def synthetic_project(folder: Path, articles: int) -> Path:
    project = copy_project(folder / "project", seeds=False)
    write_corpus(generate_corpus(articles, glossary_terms=40), project)
    return project


def start(project: Path, *command: str, **options) -> subprocess.Popen[str]:
    """`archive COMMAND` (or `mkdocs build`) started on the project, not waited for."""
    program = ["mkdocs", "build", "-f"] if command[:1] == ("build",) else ["reading_archive", "-f"]
    arguments = command[1:] if command[:1] == ("build",) else command
    return subprocess.Popen(
        [sys.executable, "-m", *program, str(project / "mkdocs.yml"), *arguments],
        cwd=project, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=_env(),
        **options,
    )  # fmt: skip


def docs_files(project: Path) -> dict[str, bytes]:
    """What the docs folder holds but the manifests (which record times and inodes)."""
    content = project / "content"
    return {
        path.relative_to(content).as_posix(): path.read_bytes()
        for path in sorted(content.rglob("*"))
        if path.is_file() and not path.name.startswith(".reading-archive-")
    }


def test_two_conversions_at_once_each_end_well_and_write_what_one_writes(tmp_path: Path) -> None:
    project = synthetic_project(tmp_path / "both", 300)
    first, second = start(project, "convert"), start(project, "convert")
    results = [
        process.communicate(timeout=300) + (process.returncode,) for process in (first, second)
    ]
    for _out, err, status in results:
        assert status == 0, err
        assert "Traceback" not in err and "appeared while" not in err
    assert (
        sum("waiting for another conversion of this project (pid " in err for _, err, _ in results)
        <= 1
    )

    alone = synthetic_project(tmp_path / "alone", 300)
    assert run_archive(alone, "convert").returncode == 0
    assert docs_files(project) == docs_files(alone)


# `archive check` too, when there is a cache: loading it may rewrite it (base/lock.py).
@pytest.mark.parametrize(
    "command", [("convert",), ("add", "../incoming.txt"), ("build",), ("check",)]
)
def test_a_conversion_waits_while_another_holds_the_lock_then_proceeds(
    project: Path, command: tuple[str, ...]
) -> None:
    (project.parent / "incoming.txt").write_text(NEW_ARTICLE, encoding="utf-8")
    lock = project / ".cache" / "reading-archive" / "lock"
    lock.parent.mkdir(parents=True)
    with open(lock, "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        held.write(f"{os.getpid()}\n")
        held.flush()
        process = start(project, *command)
        assert process.stderr is not None
        waiting = next((line for line in process.stderr if "waiting for another" in line), "")
        assert (
            f"waiting for another conversion of this project (pid {os.getpid()}) to finish…"
            in waiting
        )
        time.sleep(1)
        assert process.poll() is None  # still waiting
        assert (
            not (project / "content" / "articles").exists()
            and len(list((project / "seeds").glob("*.txt"))) == 1
        )
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "waiting" not in err  # said once
    if command[0] == "convert":
        assert (project / "content" / "articles" / "index.md").is_file()
    elif command[0] == "add":
        assert len(list((project / "seeds").glob("*.txt"))) == 2


def test_archive_check_makes_no_cache_folder_for_its_lock(project: Path) -> None:
    result = run_archive(project, "check")
    assert result.returncode == 0, result.stderr
    assert not (project / ".cache").exists()


def group_members(group: int) -> list[int]:
    """The live processes (not zombies) of a process group, from /proc."""
    members = []
    for name in os.listdir("/proc"):
        if not name.isdigit():
            continue
        try:
            fields = Path(f"/proc/{name}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":  # state, ppid, process group
            members.append(int(name))
    return members


def children_of(pid: int) -> list[int]:
    try:
        return [
            int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        ]
    except OSError:
        return []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds processes in /proc (Linux)")
def test_a_killed_conversion_leaves_no_process_behind_and_the_next_run_cleans_up(
    tmp_path: Path,
) -> None:
    project = synthetic_project(
        tmp_path, 1000
    )  # over 1,000 pages: written by a forked copy (build.convert.convert_and_write)
    process = start(
        project, "convert", start_new_session=True
    )  # its own process group: all its descendants
    try:
        deadline = time.monotonic() + 300
        while not (
            (project / "content" / "articles").is_dir() and children_of(process.pid)
        ):  # the pages being written
            assert process.poll() is None and time.monotonic() < deadline, (
                "it ended before its pages were written"
            )
            time.sleep(0.005)
        process.kill()
        process.wait()
        deadline = time.monotonic() + 10
        while group_members(process.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert group_members(process.pid) == []
    finally:
        if group_members(process.pid):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()

    result = run_archive(project, "convert")
    assert result.returncode == 0, result.stderr
    assert "appeared while" not in result.stderr
    left = [path for folder in ("content", ".cache") for path in (project / folder).rglob(".*.tmp")]
    assert left == []


def test_the_next_run_removes_temporary_files_a_killed_run_left_and_only_those(
    project: Path,
) -> None:
    assert run_archive(project, "convert").returncode == 0
    content, cache = project / "content", project / ".cache" / "reading-archive"
    month = content / "articles" / "2021" / "12"
    leftovers = [
        month / ".x.md.abc.tmp",
        month / ".putin-says-russia-has-right-to-defend-its-security.md.k2j3h4l5.tmp",
        content
        / "articles"
        / "..reading-archive-pages.q0w9e8r7.tmp",  # (the manifest is hidden itself)
        content / "tags" / ".index.md.abc123.tmp",
        content / ".archive.jsonl.abc.tmp",
        content / "..reading-archive-dataset.x1.tmp",
        cache / ".conversion.cache.8characters.tmp",
    ]
    lookalikes = [
        month / "notes.tmp",
        month / ".notes.tmp",
        month / ".notes.txt.abc.tmp",  # not a page
        content / ".essay.md.draft.tmp",  # the docs folder's own files are not the write stage's
        content / "articles" / "draft.md.abc.tmp",
        cache / ".notes.abc.tmp",
    ]
    for path in leftovers + lookalikes:
        path.write_text("half a file", encoding="utf-8")
    result = run_archive(project, "convert")
    assert result.returncode == 0, result.stderr
    assert [path for path in leftovers if path.exists()] == []
    assert [path for path in lookalikes if not path.exists()] == []
    assert "wrote" not in result.stdout  # nothing else changed
