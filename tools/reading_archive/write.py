"""Write stage: generated pages onto disk, atomically, without losing anybody's edits.

A page is written only when its text changed, so that MkDocs' own change detection sees only
real changes. A file that is not an intact generated page (somebody wrote or edited it) is
never overwritten or removed; it is reported instead. Only when asked (`archive convert
--force`) is a hand-edited page replaced, and then only after a copy of it is kept in a backup
folder outside the docs (where MkDocs would build it into the site).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .model import Page, Problem
from .render import generated_from, is_intact_generated_page


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    kept: tuple[str, ...]  # earlier pages of seeds that failed this time, relative to out_dir
    problems: tuple[Problem, ...]
    backed_up: tuple[tuple[str, str], ...] = ()  # (hand-edited page, its backup) for each page replaced


def write_pages(
    pages: list[Page],
    out_dir: Path,
    owned: Sequence[str],
    *,
    failed_seeds: Collection[str] = (),
    label: str | None = None,
    backup_dir: Path | None = None,
    force: bool = False,
) -> WriteReport:
    """Make the `owned` folders of `out_dir` hold exactly `pages` (plus any files people wrote
    there themselves). Page paths are relative to `out_dir`; `label` is how messages name it.

    The page an earlier run generated from a seed in `failed_seeds` is kept: a bad edit of a
    seed must not cost the archive its article until the seed is mended. A generated page that
    was edited by hand is kept and reported, unless `force` is set: then it is first copied into
    `backup_dir` (as `<path>.bak-<n>`, never replacing an earlier backup) and then overwritten.
    """
    if force and backup_dir is None:
        raise ValueError("force needs a backup_dir: a hand-edited page is never replaced without a copy")
    label = label or out_dir.as_posix()
    written: list[str] = []
    problems: list[Problem] = []
    backed_up: list[tuple[str, str]] = []
    unchanged = 0
    wanted = set()
    for page in pages:
        relative = PurePosixPath(page.path)
        if relative.is_absolute() or ".." in relative.parts:
            raise ValueError(f"refusing to write outside {label}: {page.path}")  # a bug, not bad input
        wanted.add(relative)
        target = out_dir.joinpath(*relative.parts)
        existing = _read(target)
        if existing == page.text:
            unchanged += 1
            continue
        if existing is not None and not is_intact_generated_page(existing):
            if not force or backup_dir is None:
                problems.append(_edited(f"{label}/{relative}", page.seed, backup_dir))
                continue
            try:
                backup = back_up(target, backup_dir / relative.parent, f"{relative.name}.bak")
            except OSError as error:
                reason = f"was edited by hand and could not be copied into {_shown(backup_dir)}/, so it was not overwritten"
                problems.append(Problem(f"{label}/{relative}", None, f"{reason}: {error.strerror or error}"))
                continue
            backed_up.append((f"{label}/{relative}", _shown(backup)))
        write_atomically(target, page.text)
        written.append(f"{label}/{relative}")

    removed: list[str] = []
    kept: list[str] = []
    existing_pages = sorted(path for folder in owned if (out_dir / folder).is_dir() for path in (out_dir / folder).rglob("*.md"))
    for path in existing_pages:
        relative = PurePosixPath(path.relative_to(out_dir).as_posix())
        if relative in wanted or any(part.startswith(".") for part in relative.parts):
            continue
        if not any(relative.is_relative_to(folder) for folder in owned):
            continue
        text = _read(path) or ""
        if is_intact_generated_page(text) and generated_from(text) in failed_seeds:
            kept.append(relative.as_posix())
        elif is_intact_generated_page(text):
            path.unlink()
            removed.append(f"{label}/{relative}")
        else:
            problems.append(
                Problem(
                    f"{label}/{relative}",
                    None,
                    "not generated from any seed, so it was left in place; "
                    "this folder is for generated pages: move the file elsewhere under the docs folder",
                    "warning",
                )
            )
    for folder in owned:
        _remove_empty_folders(out_dir / folder)
    return WriteReport(tuple(written), unchanged, tuple(removed), tuple(kept), tuple(problems), tuple(backed_up))


def _edited(path: str, source: str, backup_dir: Path | None) -> Problem:
    """What to do about a hand-edited page: where its change belongs depends on what it was
    generated from (a seed, a glossary entry, or all seeds for a listing)."""
    if source.endswith(".txt"):
        sidecar = source.removesuffix(".txt") + ".yml"
        where = (
            f"move the change into the seed's sidecar file {sidecar} (corrections of the metadata, tags, summary, "
            f"annotations) or, for the article text itself, into {source}"
        )
    elif source.endswith(".md"):
        where = f"move the change into {source}"
    else:
        where = f"this page lists articles and is made from {source}: change the seeds or their sidecar files"
    if backup_dir is None:
        then = "then delete this page and convert again"
    else:
        then = f"then run `archive convert --force`, which copies this page into {_shown(backup_dir)}/ and replaces it"
    return Problem(path, None, f"was edited by hand, so it was not overwritten with the page generated from {source}; {where}, {then}")


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""  # unreadable: treat as somebody's file, never overwrite it


def write_atomically(target: Path, content: str | bytes) -> None:
    """Write via a temporary file in the same folder and a rename: never a half-written file."""
    temporary = _temporary_copy(target, content)
    try:
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_if_changed(target: Path, content: str) -> bool:
    """Write `content` atomically unless the file already holds it; whether it was written."""
    try:
        if target.read_bytes() == content.encode("utf-8"):  # bytes: the text may hold "\r\n" (CSV)
            return False
    except OSError:
        pass  # missing or unreadable: write it
    write_atomically(target, content)
    return True


def create_atomically(target: Path, content: str | bytes) -> None:
    """Write a new file atomically; FileExistsError, and nothing written, if `target` exists.

    A hard link from a complete temporary file makes the new name appear whole or not at all,
    and unlike a rename it never replaces a file that appeared meanwhile.
    """
    temporary = _temporary_copy(target, content)
    try:
        os.link(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def back_up(source: Path, backup_dir: Path, stem: str) -> Path:
    """Copy `source` into `backup_dir` as `<stem>-<n>`, n one more than the last backup's."""
    data = source.read_bytes()
    taken = [int(p.name.rsplit("-", 1)[1]) for p in backup_dir.glob(f"{stem}-*") if p.name.rsplit("-", 1)[1].isdigit()]
    number = max(taken, default=0) + 1
    while True:
        target = backup_dir / f"{stem}-{number}"
        try:
            create_atomically(target, data)
            return target
        except FileExistsError:  # another run took the number meanwhile
            number += 1


def _temporary_copy(target: Path, content: str | bytes) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        if isinstance(content, str):
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
                file.write(content)
        else:
            with os.fdopen(handle, "wb") as file:
                file.write(content)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the working folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _remove_empty_folders(out_dir: Path) -> None:
    if not out_dir.is_dir():
        return
    for folder in sorted((p for p in out_dir.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty
