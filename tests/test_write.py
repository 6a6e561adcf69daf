"""The write stage on many new pages: written whole, recorded, and never over somebody's file."""

from __future__ import annotations

from pathlib import Path

from reading_archive.model import Page
from reading_archive.render import front_matter, with_checksum
from reading_archive.write import write_pages


def pages(count: int) -> list[Page]:
    return [
        Page(f"articles/{number % 30:02d}/page-{number}.md", with_checksum(front_matter({"title": f"Page {number}"}), f"Text {number}.\n"), "seeds/x.txt")
        for number in range(count)
    ]


def test_many_new_pages_are_written_whole_recorded_and_never_over_a_file_people_wrote(tmp_path: Path) -> None:
    out = tmp_path / "docs"
    theirs = out / "articles" / "07" / "page-7.md"  # in a folder that exists, where a page goes
    theirs.parent.mkdir(parents=True)
    theirs.write_text("My own notes.\n", encoding="utf-8")

    report = write_pages(pages(600), out, ["articles"])  # enough for several writer threads

    assert len(report.written) == 599 and [problem.path for problem in report.problems] == [f"{out.as_posix()}/articles/07/page-7.md"]
    assert theirs.read_text(encoding="utf-8") == "My own notes.\n"
    assert all((out / page.path).read_text(encoding="utf-8") == page.text for page in pages(600) if page.path != "articles/07/page-7.md")
    assert [path.name for path in out.rglob("*.tmp")] == []
    assert report.written == tuple(f"{out.as_posix()}/{page.path}" for page in pages(600) if page.path != "articles/07/page-7.md")

    again = write_pages(pages(600), out, ["articles"])
    assert again.written == () and again.unchanged == 599 and len(again.problems) == 1


def test_a_file_made_after_its_folder_was_listed_is_not_overwritten(tmp_path: Path, monkeypatch) -> None:
    import os

    from reading_archive import write

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
        (f"{out.as_posix()}/articles/07/page-7.md", "appeared while the pages were written, so it was not overwritten; convert again")
    ]
    assert [path.name for path in out.rglob("*.tmp")] == []
