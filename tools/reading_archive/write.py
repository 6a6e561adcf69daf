"""Write stage: generated pages onto disk, atomically, without losing anybody's edits.

A page is written only when its text changed, so that MkDocs' own change detection sees only
real changes. A file that is not an intact generated page (somebody wrote or edited it) is
never overwritten or removed; it is reported instead.
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


def write_pages(
    pages: list[Page],
    out_dir: Path,
    owned: Sequence[str],
    *,
    failed_seeds: Collection[str] = (),
    label: str | None = None,
) -> WriteReport:
    """Make the `owned` folders of `out_dir` hold exactly `pages` (plus any files people wrote
    there themselves). Page paths are relative to `out_dir`; `label` is how messages name it.

    The page an earlier run generated from a seed in `failed_seeds` is kept: a bad edit of a
    seed must not cost the archive its article until the seed is mended.
    """
    label = label or out_dir.as_posix()
    written: list[str] = []
    problems: list[Problem] = []
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
            problems.append(_edited(f"{label}/{relative}", page.seed))
            continue
        _write_atomically(target, page.text)
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
    return WriteReport(tuple(written), unchanged, tuple(removed), tuple(kept), tuple(problems))


def _edited(path: str, seed: str) -> Problem:
    return Problem(
        path,
        None,
        f"was edited by hand, so it was not overwritten with the page generated from {seed}; "
        "make the change in the seed instead, then delete this file and convert again",
    )


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        return ""  # unreadable: treat as somebody's file, never overwrite it


def _write_atomically(target: Path, text: str) -> None:
    """Write via a temporary file in the same folder and a rename: never a half-written page."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
            file.write(text)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _remove_empty_folders(out_dir: Path) -> None:
    if not out_dir.is_dir():
        return
    for folder in sorted((p for p in out_dir.rglob("*") if p.is_dir()), key=lambda p: len(p.parts), reverse=True):
        try:
            folder.rmdir()
        except OSError:
            pass  # not empty
