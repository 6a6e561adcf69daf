"""The write stage: many new pages written whole, recorded, and never over somebody's file;
only the folders that changed listed again; the dataset's files written when they changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from reading_archive.base import files
from reading_archive.model import Page
from reading_archive.publish.export import DatasetFile
from reading_archive.render.article import front_matter, with_checksum
from reading_archive.write import writer as write
from reading_archive.write.writer import DATASET_MANIFEST, write_dataset, write_pages


def pages(count: int) -> list[Page]:
    return [
        Page(
            f"articles/{number % 30:02d}/page-{number}.md",
            with_checksum(front_matter({"title": f"Page {number}"}), f"Text {number}.\n"),
            "seeds/x.txt",
        )
        for number in range(count)
    ]


def test_many_new_pages_are_written_whole_recorded_and_never_over_a_file_people_wrote(
    tmp_path: Path,
) -> None:
    out = tmp_path / "docs"
    theirs = out / "articles" / "07" / "page-7.md"  # in a folder that exists, where a page goes
    theirs.parent.mkdir(parents=True)
    theirs.write_text("My own notes.\n", encoding="utf-8")

    report = write_pages(pages(600), out, ["articles"])  # enough for several writer threads

    assert len(report.written) == 599 and [problem.path for problem in report.problems] == [
        f"{out.as_posix()}/articles/07/page-7.md"
    ]
    assert theirs.read_text(encoding="utf-8") == "My own notes.\n"
    assert all(
        (out / page.path).read_text(encoding="utf-8") == page.text
        for page in pages(600)
        if page.path != "articles/07/page-7.md"
    )
    assert [path.name for path in out.rglob("*.tmp")] == []
    assert report.written == tuple(
        f"{out.as_posix()}/{page.path}"
        for page in pages(600)
        if page.path != "articles/07/page-7.md"
    )

    again = write_pages(pages(600), out, ["articles"])
    assert again.written == () and again.unchanged == 599 and len(again.problems) == 1


def test_a_file_made_after_its_folder_was_listed_is_not_overwritten(
    tmp_path: Path, monkeypatch
) -> None:
    import os

    from reading_archive.write import writer as write

    out = tmp_path / "docs"
    (out / "articles" / "07").mkdir(parents=True)
    theirs = out / "articles" / "07" / "page-7.md"
    listdir = os.listdir

    def list_then_write(folder: str) -> list[str]:  # somebody saves a file just after the listing
        names = listdir(folder)
        if folder.endswith("07"):
            theirs.write_text("My own notes.\n", encoding="utf-8")
        return names

    monkeypatch.setattr(write.os, "listdir", list_then_write)
    report = write_pages(pages(60), out, ["articles"])

    assert theirs.read_text(encoding="utf-8") == "My own notes.\n"
    assert f"{out.as_posix()}/articles/07/page-7.md" not in report.written
    assert [(problem.path, problem.message) for problem in report.problems] == [
        (
            f"{out.as_posix()}/articles/07/page-7.md",
            "appeared while the pages were written, so it was not overwritten; convert again",
        )
    ]
    assert [path.name for path in out.rglob("*.tmp")] == []


def settle(out: Path) -> None:
    """Every folder under `out` as it is some time after a run. (A folder changed just before
    the run recorded it may change again within the same tick of the file system's clock: the
    next run lists it again whatever its time, so a test of folders that are not listed again
    needs them older.)"""
    past = time.time() - 60
    for folder in [out, *(path for path in out.rglob("*") if path.is_dir())]:
        os.utime(folder, (past, past))


def listings(monkeypatch: pytest.MonkeyPatch, out: Path) -> list[str]:
    """The folders listed from now on, relative to `out`, in the order listed."""
    listed: list[str] = []
    scandir = os.scandir

    def listing(path):
        listed.append(Path(path).relative_to(out).as_posix())
        return scandir(path)

    monkeypatch.setattr(write.os, "scandir", listing)
    return listed


def test_only_folders_that_changed_are_listed_again_and_a_file_put_there_is_found(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "docs"
    write_pages(pages(60), out, ["articles"])
    settle(out)
    write_pages(pages(60), out, ["articles"])  # records the folders as they are now
    listed = listings(monkeypatch, out)

    again = write_pages(pages(60), out, ["articles"])
    assert (
        again.written == () and again.problems == () and listed == ["articles"]
    )  # its manifest changes it: always listed

    notes = out / "articles" / "07" / "notes.md"
    notes.write_text("My own notes.\n", encoding="utf-8")
    listed.clear()
    report = write_pages(pages(60), out, ["articles"])
    assert sorted(listed) == ["articles", "articles/07"]
    assert [(problem.path, problem.severity) for problem in report.problems] == [
        (f"{out.as_posix()}/articles/07/notes.md", "warning")
    ]
    assert "not generated from any seed" in report.problems[0].message
    assert notes.read_text(encoding="utf-8") == "My own notes.\n"


def test_in_folders_not_listed_again_pages_are_removed_restored_and_hand_edits_seen(
    tmp_path: Path,
) -> None:
    out = tmp_path / "docs"
    write_pages(pages(90), out, ["articles"])
    settle(out)
    write_pages(pages(90), out, ["articles"])
    label = out.as_posix()

    removed = write_pages(pages(89), out, ["articles"])  # the seed of page 89 is gone
    assert (
        removed.removed == (f"{label}/articles/29/page-89.md",)
        and not (out / "articles" / "29" / "page-89.md").exists()
    )

    (out / "articles" / "03" / "page-3.md").unlink()  # deleted by hand
    edited = out / "articles" / "04" / "page-4.md"
    edited.write_text(
        edited.read_text(encoding="utf-8") + "A note.\n", encoding="utf-8"
    )  # in place: its folder keeps its time
    report = write_pages(pages(89), out, ["articles"])
    assert report.written == (f"{label}/articles/03/page-3.md",) and report.removed == ()
    assert [problem.path for problem in report.problems] == [f"{label}/articles/04/page-4.md"]
    assert "was edited by hand" in report.problems[0].message
    assert (out / "articles" / "03" / "page-3.md").read_text(encoding="utf-8") == pages(89)[3].text

    again = write_pages(pages(89), out, ["articles"])  # the hand edit is reported on every run
    assert again.written == () and [problem.path for problem in again.problems] == [
        f"{label}/articles/04/page-4.md"
    ]


def test_a_folder_deleted_by_hand_is_written_again(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    write_pages(pages(60), out, ["articles"])
    settle(out)
    write_pages(pages(60), out, ["articles"])
    for page in (out / "articles" / "05").iterdir():
        page.unlink()
    (out / "articles" / "05").rmdir()
    report = write_pages(pages(60), out, ["articles"])
    assert report.written == (
        f"{out.as_posix()}/articles/05/page-5.md",
        f"{out.as_posix()}/articles/05/page-35.md",
    )
    assert report.problems == () and report.removed == ()


def dataset(*parts: bytes, digest: str) -> dict[str, DatasetFile]:
    return {
        "archive.jsonl": DatasetFile(
            tuple(memoryview(part) if index % 2 else part for index, part in enumerate(parts)),
            digest,
        )
    }


def test_the_dataset_is_written_when_it_changed_or_somebody_changed_the_file(
    tmp_path: Path,
) -> None:
    folder = tmp_path / "docs"
    target = folder / "archive.jsonl"
    assert write_dataset(dataset(b'{"id":"a"}', b"\n", b'{"id":"b"}\n', digest="one"), folder) == (
        "archive.jsonl",
    )
    assert target.read_bytes() == b'{"id":"a"}\n{"id":"b"}\n'
    assert write_dataset(dataset(b'{"id":"a"}\n{"id":"b"}\n', digest="one"), folder) == ()

    assert write_dataset(dataset(b'{"id":"a"}\n{"id":"c"}\n', digest="two"), folder) == (
        "archive.jsonl",
    )  # the same size
    assert target.read_bytes() == b'{"id":"a"}\n{"id":"c"}\n'

    time.sleep(0.05)  # an edit by hand is later than the clock's tick of the write
    target.write_bytes(b'{"id":"a"}\n{"id":"X"}\n')  # in place: the same size and inode
    assert write_dataset(dataset(b'{"id":"a"}\n{"id":"c"}\n', digest="two"), folder) == (
        "archive.jsonl",
    )
    assert target.read_bytes() == b'{"id":"a"}\n{"id":"c"}\n'

    target.unlink()
    assert write_dataset(dataset(b'{"id":"a"}\n{"id":"c"}\n', digest="two"), folder) == (
        "archive.jsonl",
    )
    assert target.read_bytes() == b'{"id":"a"}\n{"id":"c"}\n'

    (folder / DATASET_MANIFEST).unlink()  # not known: compared, and not written when the same
    assert write_dataset(dataset(b'{"id":"a"}\n{"id":"c"}\n', digest="three"), folder) == ()
    assert write_dataset(dataset(b'{"id":"a"}\n{"id":"c"}\n', digest="three"), folder) == ()
    assert sorted(path.name for path in folder.iterdir()) == [
        DATASET_MANIFEST,
        "archive.jsonl",
    ]  # no temporary file left


def test_a_file_written_in_parts_is_whole_however_few_bytes_each_system_call_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    parts = [
        bytes([65 + number % 26]) * (number % 7) for number in range(3000)
    ]  # more than one writev's worth, some empty
    write_some = os.write

    def writev_some(
        handle: int, batch: list[bytes]
    ) -> int:  # never all: a few parts, but their last byte
        data = b"".join(batch[:5])
        return write_some(handle, data[: max(len(data) - 1, 0)])

    monkeypatch.setattr(files.os, "writev", writev_some)
    monkeypatch.setattr(files.os, "write", lambda handle, data: write_some(handle, data[:3]))
    target = tmp_path / "archive.jsonl"
    write._replace_with(target, parts, "digest")
    assert target.read_bytes() == b"".join(parts)


def test_a_folder_changed_just_before_it_was_recorded_is_listed_again(tmp_path: Path) -> None:
    """Runs in quick succession: a folder recorded by one run and then changed by it (a removed
    page) within the same tick of the clock keeps its time (on a kernel without fine-grained
    times for files just looked at); it must not be taken as unchanged."""
    out = tmp_path / "docs"
    for _ in range(10):
        write_pages(pages(60), out, ["articles"])
        removed = write_pages(pages(59), out, ["articles"])
        assert removed.removed == (f"{out.as_posix()}/articles/29/page-59.md",)
        after = write_pages(pages(59), out, ["articles"])
        assert after.problems == () and after.removed == () and after.written == ()


def test_a_page_path_out_of_the_folder_is_refused_and_one_with_empty_or_dot_parts_is_kept(
    tmp_path: Path,
) -> None:
    out = tmp_path / "docs"
    for path in ("articles/../escaped.md", "/articles/a.md", "../a.md"):
        with pytest.raises(ValueError, match="refusing to write outside"):
            write_pages(
                [Page(path, with_checksum("title: A\n", "A.\n"), "seeds/a.txt")], out, ["articles"]
            )
    odd = [
        Page(path, with_checksum(f"title: {path}\n", "A.\n"), "seeds/a.txt")
        for path in ("articles/./a.md", "articles//b.md")
    ]
    assert len(write_pages(odd, out, ["articles"]).written) == 2
    again = write_pages(odd, out, ["articles"])
    assert again.removed == () and again.problems == ()
    assert sorted(path.name for path in (out / "articles").glob("*.md")) == ["a.md", "b.md"]
