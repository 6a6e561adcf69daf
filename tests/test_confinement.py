"""Every write stays inside the project, and is readable by others as the umask allows.

A pull request can add a symbolic link named like a generated folder (`content/tags` → `/etc`):
`archive convert` and `mkdocs build` refuse it, with a one-line message naming it, before they
write anything, and a link planted inside a generated folder is never written through. Pages,
the dataset, the cache and added seeds are created with the user's umask (0644 typically), not
0600.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from conftest import NEW_ARTICLE, mkdocs_build, run_archive

LINK = "is a symbolic link, so nothing was written into it: replace it with a folder (or remove it)"

# The folders (and a file) that a conversion writes into, each as a link a pull request could add.
REFUSED_LINKS = [
    "content/articles",
    "content/glossary",
    "content/publishers",
    "content/tags",
    "content",
    ".cache",
    ".cache/reading-archive",
    ".cache/reading-archive/backups",
]


def plant_link(project: Path, relative: str, outside: Path) -> None:
    """Replace `relative` in the project (if there) by a symbolic link to `outside`."""
    link = project / relative
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_dir() and not link.is_symlink():
        moved = outside.parent / "moved"  # its files stay out of `outside`, which must stay empty
        link.rename(moved)
    link.symlink_to(outside, target_is_directory=True)


def assert_empty(outside: Path) -> None:
    assert sorted(path.relative_to(outside).as_posix() for path in outside.rglob("*")) == []


@pytest.fixture
def outside(tmp_path: Path) -> Path:
    """A folder outside the project, where a planted link points: nothing may be written in it."""
    folder = tmp_path / "outside" / "target"
    folder.mkdir(parents=True)
    return folder


@pytest.mark.parametrize("relative", REFUSED_LINKS)
def test_archive_convert_refuses_a_linked_output_folder_and_writes_nothing_outside(
    project: Path, outside: Path, relative: str
) -> None:
    plant_link(project, relative, outside)
    result = run_archive(project, "convert")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [f"{relative}: error: {LINK}"]
    assert "wrote" not in result.stdout
    assert_empty(outside)
    assert not (project / "content" / "articles").exists() or relative == "content/articles"


def test_a_linked_dataset_file_is_refused(project: Path, tmp_path: Path) -> None:
    target = tmp_path / "passwd"
    target.write_text("root:x:0:0\n", encoding="utf-8")
    (project / "content" / "archive.jsonl").symlink_to(target)
    result = run_archive(project, "convert")
    assert result.returncode == 1 and result.stderr.startswith(
        "content/archive.jsonl: error: is a symbolic link"
    )
    assert target.read_text(encoding="utf-8") == "root:x:0:0\n"


def test_archive_add_refuses_a_linked_seeds_folder(project: Path, outside: Path) -> None:
    plant_link(project, "seeds", outside)
    result = run_archive(project, "add", "-", stdin=NEW_ARTICLE)
    assert result.returncode == 1 and result.stderr.startswith("seeds: error: is a symbolic link")
    assert_empty(outside)


def test_a_link_inside_a_generated_folder_is_reported_and_not_written_through(
    project: Path, outside: Path
) -> None:
    plant_link(project, "content/articles/2021", outside)
    result = run_archive(project, "convert")
    assert result.returncode == 1
    assert (
        "content/articles/2021: error: is a symbolic link, so nothing was written into it"
        in result.stderr
    )
    assert_empty(outside)
    assert (project / "content" / "glossary" / "index.md").is_file()  # the rest is written


def test_a_page_that_is_a_link_is_never_written_through_even_with_force(
    project: Path, tmp_path: Path
) -> None:
    assert run_archive(project, "convert").returncode == 0
    page = next((project / "content" / "articles").rglob("putin-says*.md"))
    target = tmp_path / "passwd"
    target.write_text("root:x:0:0\n", encoding="utf-8")
    page.unlink()
    page.symlink_to(target)
    for force in ([], ["--force"]):
        result = run_archive(project, "convert", *force)
        assert result.returncode == 1
        shown = page.relative_to(project).as_posix()
        assert f"{shown}: error: is a symbolic link, so it was not overwritten" in result.stderr
        assert target.read_text(encoding="utf-8") == "root:x:0:0\n" and page.is_symlink()
    assert not (
        project / ".cache" / "reading-archive" / "backups"
    ).exists()  # not copied there either


BUILD_LINKS = [
    "content/tags",
    ".cache/reading-archive",
    ".cache/reading-archive/pages/articles/2021",
]


@pytest.mark.parametrize("relative", BUILD_LINKS)
def test_mkdocs_build_refuses_a_linked_folder_and_writes_nothing_outside(
    project: Path, outside: Path, relative: str
) -> None:
    plant_link(project, relative, outside)
    result = mkdocs_build(project)
    assert result.returncode == 1
    assert f"{relative}: error: is a symbolic link, so nothing was written into it" in result.stderr
    assert "Traceback" not in result.stderr
    assert_empty(outside)


@pytest.mark.parametrize("umask", [0o022, 0o027])
def test_files_are_created_with_the_users_umask(project: Path, umask: int) -> None:
    previous = os.umask(umask)  # inherited by the commands run below
    try:
        assert run_archive(project, "convert").returncode == 0
        added = run_archive(project, "add", "-", stdin=NEW_ARTICLE)
        assert added.returncode == 0, added.stderr
        assert run_archive(project, "convert").returncode == 0
    finally:
        os.umask(previous)
    expected = 0o666 & ~umask
    content = project / "content"
    written = [
        *(content / "articles").rglob("*.md"),
        *(content / "tags").rglob("*.md"),
        content / "archive.jsonl",
        content / "archive.csv",
        content / ".reading-archive-dataset",
        content / "articles" / ".reading-archive-pages",
        *(path for path in (project / ".cache").rglob("*") if path.is_file()),
        *(project / "seeds").glob("001_*.txt"),
    ]
    assert len(written) > 10 and {"conversion.cache", "lock"} <= {path.name for path in written}
    modes = {
        path.relative_to(project).as_posix(): oct(stat.S_IMODE(path.stat().st_mode))
        for path in written
    }
    assert modes == {path: oct(expected) for path in modes}


def test_archive_check_refuses_a_linked_output_folder_too(project: Path, outside: Path) -> None:
    """So that the check of a pull request that adds one fails (and loading the cache, which
    may rewrite it, never writes through a link)."""
    plant_link(project, "content/tags", outside)
    result = run_archive(project, "check")
    assert result.returncode == 1 and result.stderr.startswith(
        "content/tags: error: is a symbolic link"
    )
    assert_empty(outside)


def test_a_cache_folder_outside_the_project_is_refused(project: Path, tmp_path: Path) -> None:
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    outside_cache = "      seeds_dir: seeds\n      cache_dir: ../elsewhere\n"
    config.write_text(text.replace("      seeds_dir: seeds\n", outside_cache), encoding="utf-8")
    result = run_archive(project, "convert")
    assert result.returncode == 1
    reason = f"is outside the project folder {project}; the converter writes only inside it"
    assert result.stderr.endswith(f"/elsewhere: error: {reason}\n")
    assert not (tmp_path / "elsewhere").exists()
