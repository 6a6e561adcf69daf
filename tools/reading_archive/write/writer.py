"""Write stage: generated pages onto disk, atomically, without losing anybody's edits.

A page is written only when its text changed, so that MkDocs' own change detection sees only
real changes. A file that is not an intact generated page (somebody wrote or edited it) is
never overwritten or removed; it is reported instead. Only when asked (`archive convert
--force`) is a hand-edited page replaced, and then only after a copy of it is kept in a backup
folder outside the docs (where MkDocs would build it into the site).

Each owned folder keeps a manifest (a hidden file) of the pages this writer last wrote or found
intact there, with the size, time and inode each had then: a page whose file still has them
and whose checksum is the same is not read again. The manifest also keeps what each folder
under it held (its names) and its time and inode: a folder that still has them holds the same
names (adding, removing or renaming an entry changes a folder's time), so finding the pages to
remove lists only the folders that changed. The dataset's folder keeps such a manifest of its
files (`write_dataset`).

Nothing is written outside the project: `check_written_paths` refuses, before a run writes
anything, folders and files it would write into that are symbolic links (or lie inside one), and
the pages are written into folders made or found without following a link (files.make_folders):
a link planted inside a generated folder is reported, and nothing is written through it. Where
pages and the dataset are written, the temporary files of a run that was killed are removed.
"""

from __future__ import annotations

import marshal
import os
import stat as file_kind
import time
from collections.abc import Collection, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from ..base.files import (  # fmt: skip
    UnsafePath,
    create_atomically,
    make_folders,
    refuse_links,
    remove_temporaries,
    temporary_of,
    write_atomically,
)
from ..enrich.sidecar import sidecar_path
from ..model import Page, Problem
from ..publish.export import CSV_NAME, JSONL_NAME, DatasetFile
from ..render.article import generated_from, is_intact_generated_page
from ..settings import Settings

MANIFEST = ".reading-archive-pages"
DATASET_MANIFEST = ".reading-archive-dataset"

# Plain tuples, not named ones: a manifest is loaded by marshal as it was saved, thousands of
# entries at once; each is read by unpacking it into names.
_Entry = tuple[int, int, int, str]  # mtime_ns, size, inode, checksum of the page
# mtime_ns, inode and names of a folder: its .md files, and its folders with a "/" after the name
_Folder = tuple[int, int, tuple[str, ...]]


def _folder_mtime_ns(folder: _Folder) -> int:
    mtime_ns, _, _ = folder
    return mtime_ns


_FORMAT = "pages 2"  # of a manifest: (_FORMAT, pages' entries by path, folders by path)
# A folder changed less than this before it was recorded may change again within the same tick
# of the file system's clock (a few milliseconds, and two seconds on some), keeping its time:
# it is not recorded, and so is listed again next run.
_SETTLED_NS = 2_000_000_000
_WRITERS = 2  # threads writing new pages
_DATASET_FORMAT = (
    "dataset 1"  # of the dataset folder's manifest: (_DATASET_FORMAT, entries by file name)
)


@dataclass(frozen=True)
class WriteReport:
    written: tuple[str, ...]
    unchanged: int
    removed: tuple[str, ...]
    kept: tuple[str, ...]  # earlier pages of seeds that failed this time, relative to out_dir
    problems: tuple[Problem, ...]
    backed_up: tuple[
        tuple[str, str], ...
    ] = ()  # (hand-edited page, its backup) for each page replaced
    refused: tuple[Problem, ...] = ()  # of `problems`: links, which pages were not written through


def check_written_paths(settings: Settings, *more: Path) -> None:
    """UnsafePath unless every folder and file that a conversion writes (and `more`), and each
    folder above them up to the project's root, is inside the project and no symbolic link:
    checked once, before a run writes anything (`archive convert`, `archive add`, the plugin)."""
    cache = settings.cache_dir
    try:
        entries = [cache / name for name in os.listdir(cache)] if not os.path.islink(cache) else []
    except OSError:
        entries = []  # no cache yet
    paths = [cache, settings.backup_dir, *entries, *more]
    for out_dir in (
        settings.docs_dir,
        cache / "pages",
    ):  # `archive convert`'s pages, and the plugin's (plugin.py)
        paths += [out_dir / folder / MANIFEST for folder in settings.generated_dirs]
    for dataset_dir in (settings.docs_dir, cache / "dataset"):
        paths += [dataset_dir / name for name in (JSONL_NAME, CSV_NAME, DATASET_MANIFEST)]
    refuse_links(paths, settings.root)


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
        raise ValueError(
            "force needs a backup_dir: a hand-edited page is never replaced without a copy"
        )
    label = label or out_dir.as_posix()
    before = {folder: _load_manifest(out_dir / folder / MANIFEST) for folder in owned}
    recorded = {path: entry for entries, _ in before.values() for path, entry in entries.items()}
    writer = _PageWriter(out_dir, label, recorded, backup_dir if force else None, backup_dir)
    for page in pages:
        writer.write(page)
    writer.create_new_pages()
    verified = {path: entry for path, entry in writer.verified.items() if entry is not None}
    folders: dict[str, dict[str, _Folder]] = {}
    found: set[str] = set()
    for folder in owned:
        files, folders[folder] = _markdown_files(out_dir, folder.strip("/"), before[folder][1])
        found.update(files)
    stale = sorted(found - writer.wanted, key=lambda relative: relative.split("/"))
    removed, kept = _remove_stale(stale, out_dir, owned, label, failed_seeds, writer.problems)
    _save_manifests(out_dir, owned, before, verified, folders)
    return WriteReport(
        tuple(writer.written),
        writer.unchanged,
        tuple(removed),
        tuple(kept),
        tuple(writer.problems),
        tuple(writer.backed_up),
        tuple(writer.listing.links),
    )


class _PageWriter:
    """Writes pages one by one (`write`), new ones at the end all at once (`create_new_pages`),
    and keeps what a report and the manifests say of them."""

    def __init__(
        self,
        out_dir: Path,
        label: str,
        recorded: Mapping[str, _Entry],
        backup_dir: Path | None,  # where a hand-edited page is copied before it is replaced
        told_backup_dir: Path | None,  # where messages say `--force` would copy it
    ) -> None:
        self.label, self.recorded = label, recorded
        self.backup_dir, self.told_backup_dir = backup_dir, told_backup_dir
        self.root = os.path.join(os.fspath(out_dir), "")
        self.written: list[str] = []
        self.problems: list[Problem] = []
        self.backed_up: list[tuple[str, str]] = []
        self.unchanged = 0
        self.wanted: set[str] = set()
        self.verified: dict[str, _Entry | None] = {}
        self.listing = _Listing(out_dir, label, self.problems)
        # page path, file, data and checksum of each page to create
        self.new_pages: list[tuple[str, str, bytes, str]] = []

    def write(self, page: Page) -> None:
        relative = page.path
        self.wanted.add(_normalised(relative, self.label))
        target = self.root + relative
        checksum = page.checksum
        if self._still_recorded(relative, target, checksum):
            return
        data = page.data
        folder, name = os.path.split(target)
        names = self.listing.names(folder)
        if folder in self.listing.refused:
            return
        if names is not None and name not in names:  # a new page: nobody's edit to keep
            names.add(name)
            self.new_pages.append((page.path, target, data, checksum))
            self.written.append(f"{self.label}/{relative}")
            self.verified[page.path] = (
                None  # (its place in the manifest, in the order of the pages)
            )
            return
        existing = _read(target)
        if existing == data:
            self.unchanged += 1
        elif not self._replace(page, target, existing, data):
            return
        if (now := _entry(target, checksum)) is not None:
            self.verified[page.path] = now

    def _still_recorded(self, relative: str, target: str, checksum: str) -> bool:
        """Whether the file is as the manifest recorded it, with this page's checksum."""
        entry = self.recorded.get(relative)
        if entry is None:
            return False
        mtime_ns, size, inode, recorded_checksum = entry
        if recorded_checksum != checksum:
            return False
        try:
            status = os.stat(target, follow_symlinks=False)
        except OSError:
            return False
        if (mtime_ns, size, inode) != (status.st_mtime_ns, status.st_size, status.st_ino):
            return False
        self.verified[relative] = entry
        self.unchanged += 1
        return True

    def _replace(self, page: Page, target: str, existing: bytes | None, data: bytes) -> bool:
        """Write `data` over the file, unless it is somebody's (edited by hand, or a link):
        then whether it was backed up and written (`--force`)."""
        shown = f"{self.label}/{page.path}"
        if existing is not None and not is_intact_generated_page(_text(existing)):
            if os.path.islink(target):  # never written through, nor copied into the backups
                problem = Problem(
                    shown, None, "is a symbolic link, so it was not overwritten: remove it"
                )
                self.listing.refuse(problem)
                return False
            if self.backup_dir is None:
                self.problems.append(_edited(shown, page.seed, self.told_backup_dir))
                return False
            copied = _copy_to_backups(target, page.path, self.label, self.backup_dir)
            if isinstance(copied, Problem):
                self.problems.append(copied)
                return False
            self.backed_up.append(copied)
        write_atomically(Path(target), data, make_folder=False)
        self.written.append(shown)
        return True

    def create_new_pages(self) -> None:
        for path, entry in _create_all(self.new_pages):
            if entry is _APPEARED:  # somebody's file, made since the folder was listed: kept
                self.written.remove(f"{self.label}/{path}")
                self.problems.append(
                    Problem(
                        f"{self.label}/{path}",
                        None,
                        "appeared while the pages were written, so it was not overwritten; "
                        "convert again",
                    )
                )
            else:
                self.verified[path] = entry


def _normalised(relative: str, label: str) -> str:
    """A page's path as the files under the folder are named (no empty or "." parts)."""
    if not (
        relative.startswith(("/", "."))
        or relative.endswith("/")
        or "/." in relative
        or "//" in relative
    ):
        return relative
    parts = relative.split("/")  # (a path with an empty, "." or ".." part: seldom)
    if relative.startswith("/") or ".." in parts:
        raise ValueError(f"refusing to write outside {label}: {relative}")  # a bug, not bad input
    return "/".join(part for part in parts if part not in ("", "."))


def _remove_stale(
    stale: list[str],
    out_dir: Path,
    owned: Sequence[str],
    label: str,
    failed_seeds: Collection[str],
    problems: list[Problem],
) -> tuple[list[str], list[str]]:
    """Remove the generated pages no longer wanted (and the folders they leave empty), but those
    of seeds that failed this time; somebody's file is reported. The removed and the kept."""
    removed: list[str] = []
    kept: list[str] = []
    for relative in stale:
        path = out_dir / relative
        text = _text(_read(path) or b"")
        if is_intact_generated_page(text) and generated_from(text) in failed_seeds:
            kept.append(relative)
        elif is_intact_generated_page(text):
            path.unlink()
            removed.append(f"{label}/{relative}")
            owner = next(
                folder.strip("/")
                for folder in owned
                if relative.startswith(folder.strip("/") + "/")
            )
            _remove_emptied_folders(path.parent, out_dir / owner)
        else:
            problems.append(
                Problem(
                    f"{label}/{relative}",
                    None,
                    "not generated from any seed, so it was left in place; "
                    "this folder is for generated pages: "
                    "move the file elsewhere under the docs folder",
                    "warning",
                )
            )
    return removed, kept


def _save_manifests(
    out_dir: Path,
    owned: Sequence[str],
    before: Mapping[str, tuple[dict[str, _Entry], dict[str, _Folder]]],
    verified: Mapping[str, _Entry],
    folders: Mapping[str, dict[str, _Folder]],
) -> None:
    """Each owned folder's manifest, written when it changed: its pages' entries, and its
    folders as listed, but those that changed too recently to be told apart from a change to
    come (`_SETTLED_NS`)."""
    settled = time.time_ns() - _SETTLED_NS
    for folder in owned:
        prefix = folder.rstrip("/") + "/"
        after = (
            {path: entry for path, entry in verified.items() if path.startswith(prefix)},
            {
                path: listed
                for path, listed in folders[folder].items()
                if _folder_mtime_ns(listed) < settled
            },
        )
        if after != before[folder] and (out_dir / folder).is_dir():
            write_atomically(out_dir / folder / MANIFEST, marshal.dumps((_FORMAT, *after)))


def _copy_to_backups(
    target: str, relative: str, label: str, backup_dir: Path
) -> tuple[str, str] | Problem:
    """Copy a hand-edited page into `backup_dir` before it is replaced (`--force`): the page and
    its backup as messages name them, or the problem that kept it from being copied (it is then
    not replaced)."""
    folder, name = os.path.split(relative)
    try:
        backup_dir.mkdir(parents=True, exist_ok=True)  # (checked by check_written_paths)
        make_folders(backup_dir / folder, backup_dir)  # never through a link inside it
        backup = back_up(Path(target), backup_dir / folder, f"{name}.bak")
    except UnsafePath as error:
        return Problem(f"{_shown(backup_dir)}/{error.path}", None, error.reason)
    except OSError as error:
        reason = (
            f"was edited by hand and could not be copied into {_shown(backup_dir)}/, "
            "so it was not overwritten"
        )
        return Problem(f"{label}/{relative}", None, f"{reason}: {error.strerror or error}")
    return f"{label}/{relative}", _shown(backup)


class _Listing:
    """The names in each folder of the pages, listed once (a missing folder is made, and so
    known empty): a page whose name is not there is known not to exist, without a failed open
    per page, and its folder is not made again for each page. A folder that is a symbolic link,
    or lies inside one, is never written into: it is reported once (`problems`), and its pages
    are left out."""

    def __init__(self, out_dir: Path, label: str, problems: list[Problem]) -> None:
        self._out_dir, self._label, self._problems = out_dir, label, problems
        self._names: dict[str, set[str] | None] = {}
        self.refused: set[str] = set()  # folders that are links or inside one
        self.links: list[Problem] = []  # what was reported about them (and pages that are links)

    def names(self, folder: str) -> set[str] | None:
        """The names in `folder`, or None when it cannot be listed (each page is then read) or
        is `refused`."""
        if folder not in self._names:
            try:
                make_folders(Path(folder), self._out_dir)
                self._names[folder] = set(os.listdir(folder))
            except UnsafePath as error:
                problem = Problem(f"{self._label}/{error.path}", None, error.reason)
                if problem not in self.links:  # once for a link, however many folders lie inside it
                    self.refuse(problem)
                self.refused.add(folder)
                self._names[folder] = None
            except OSError:
                self._names[folder] = None
        return self._names[folder]

    def refuse(self, problem: Problem) -> None:
        """Report a link that was not written through."""
        self.links.append(problem)
        self._problems.append(problem)


_APPEARED = (0, 0, 0, "")  # what `_create` gives for a file that exists after all


def _create_all(new_pages: list[tuple[str, str, bytes, str]]) -> list[tuple[str, _Entry | None]]:
    """Write pages that are new, in folders that exist, each atomically and never over a file
    that appeared meanwhile (`create_atomically`: `_APPEARED` for those); a contiguous share of
    them (so mostly whole folders) by each of a few threads. The time goes into creating files,
    in the kernel, where another processor can take part: after the pages of a run were deleted
    (a conversion from scratch), ext4 looks through the recently freed inodes for each new file,
    3 to 5 s of system time for 14,000 pages on this project's VM; two threads took 3.1 s
    instead of 3.8-3.9 s (measured in turns, 10,000 articles)."""
    shares = min(_WRITERS, len(new_pages) // 200 + 1)
    if shares == 1:
        return _create_share(new_pages)
    bounds = [len(new_pages) * share // shares for share in range(shares + 1)]
    with ThreadPoolExecutor(shares) as pool:
        done = list(
            pool.map(
                _create_share,
                [new_pages[a:b] for a, b in zip(bounds[:-1], bounds[1:], strict=False)],
            )
        )
    return [entry for share in done for entry in share]


def _create_share(new_pages: list[tuple[str, str, bytes, str]]) -> list[tuple[str, _Entry | None]]:
    return [(path, _create(target, data, checksum)) for path, target, data, checksum in new_pages]


def _create(target: str, data: bytes, checksum: str) -> _Entry | None:
    try:
        create_atomically(Path(target), data, make_folder=False)
    except FileExistsError:
        return _APPEARED
    return _entry(target, checksum)


def _edited(path: str, source: str, backup_dir: Path | None) -> Problem:
    """What to do about a hand-edited page: where its change belongs depends on what it was
    generated from (a seed, a glossary entry, or all seeds for a listing)."""
    if source.endswith(".txt"):
        sidecar = sidecar_path(PurePosixPath(source)).as_posix()
        where = (
            f"move the change into the seed's sidecar file {sidecar} "
            "(corrections of the metadata, tags, summary, "
            f"annotations) or, for the article text itself, into {source}"
        )
    elif source.endswith(".md"):
        where = f"move the change into {source}"
    else:
        where = (
            f"this page lists articles and is made from {source}: "
            "change the seeds or their sidecar files"
        )
    if backup_dir is None:
        then = "then delete this page and convert again"
    else:
        then = (
            "then run `archive convert --force`, "
            f"which copies this page into {_shown(backup_dir)}/ and replaces it"
        )
    return Problem(
        path,
        None,
        f"was edited by hand, so it was not overwritten with the page generated from {source}; "
        f"{where}, {then}",
    )


def _load_manifest(path: Path) -> tuple[dict[str, _Entry], dict[str, _Folder]]:
    """A manifest's pages and folders; none when it is missing, broken or of another format
    (everything is then checked and listed again)."""
    try:
        form, pages, folders = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}, {}
    if form != _FORMAT or not isinstance(pages, dict) or not isinstance(folders, dict):
        return {}, {}
    return pages, folders


def _entry(path: str, checksum: str) -> _Entry | None:
    try:
        stat = os.stat(path, follow_symlinks=False)
    except OSError:
        return None
    return (stat.st_mtime_ns, stat.st_size, stat.st_ino, checksum)


def _markdown_files(
    out_dir: Path, folder: str, known: dict[str, _Folder]
) -> tuple[list[str], dict[str, _Folder]]:
    """The .md files under out_dir/folder, relative to out_dir, and each folder under it as
    `known` records it: a folder whose time and inode are the ones `known` recorded is not
    listed again, the others are. `folder` itself is always listed (its manifest, written after
    it is recorded, changes its time). Hidden files and folders are not pages, and a symbolic
    link to a folder is not followed (but `folder` itself may be one)."""
    found: list[str] = []
    seen: dict[str, _Folder] = {}
    root = os.path.join(os.fspath(out_dir), "")
    folders = [folder]
    while folders:
        relative = folders.pop()
        path = root + relative
        try:
            # Before listing it: a change made meanwhile then shows as a new time next run.
            status = os.stat(path, follow_symlinks=relative == folder)
        except OSError:
            continue  # gone meanwhile
        if not file_kind.S_ISDIR(status.st_mode):
            continue
        record = known.get(relative)
        names: tuple[str, ...] | None
        if record is not None and record[:2] == (status.st_mtime_ns, status.st_ino):
            _, _, names = record
        elif (names := _names(path)) is None:
            continue
        if relative != folder:
            seen[relative] = (status.st_mtime_ns, status.st_ino, names)
        for name in names:
            if name[-1] == "/":
                folders.append(f"{relative}/{name[:-1]}")
            else:
                found.append(f"{relative}/{name}")
    return found, seen


def _names(path: str) -> tuple[str, ...] | None:
    """What `_markdown_files` looks at in a folder: its .md files and (with a "/" after the
    name) its folders, but hidden ones and symbolic links; None if it cannot be listed. The
    temporary files that a killed run left there are removed."""
    names = []
    leftovers = False
    try:
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    leftovers = leftovers or _is_written_here(temporary_of(entry.name))
                    continue
                if entry.is_dir():
                    if not entry.is_symlink():
                        names.append(entry.name + "/")
                elif entry.name.endswith(".md"):
                    names.append(entry.name)
    except OSError:
        return None  # gone meanwhile, or not a folder
    if leftovers:
        remove_temporaries(Path(path), _is_written_here)
    return tuple(sorted(names))


def _is_written_here(name: str | None) -> bool:
    """Whether `write_pages` writes a file of this name: a page, or a folder's manifest."""
    return name is not None and (name.endswith(".md") or name == MANIFEST)


def _read(path: str | Path) -> bytes | None:
    """A file's bytes; None when there is none. Never through a symbolic link: one is taken for
    somebody's file (b"\xff"), like a file that cannot be read."""
    try:
        with open(os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)), "rb") as file:
            return file.read()
    except FileNotFoundError:
        return None
    except OSError:
        return b"\xff"  # unreadable: treat as somebody's file, never overwrite it


def _text(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return ""  # not a page this tool wrote


def write_dataset(contents: Mapping[str, DatasetFile], folder: Path) -> tuple[str, ...]:
    """Write the dataset's files into `folder`, each atomically, unless it already holds them;
    the names of those written.

    The folder's manifest (a hidden file) keeps the time, size and inode that each file had when
    this writer last wrote it or found it the same, and the digest of what it held (`DatasetFile`):
    a file that still has them is known to hold what the digest names, so whether it changed is
    known without reading it (60 MB at 10,000 articles). Any other file (missing, edited or
    replaced by somebody, or not in the manifest) is compared byte for byte.
    """
    manifest = folder / DATASET_MANIFEST
    remove_temporaries(folder, lambda name: name in contents or name == DATASET_MANIFEST)
    before = _load_dataset_manifest(manifest)
    after: dict[str, _Entry] = {}
    written: list[str] = []
    for name, file in contents.items():
        target = folder / name
        try:
            status = os.stat(target, follow_symlinks=False)  # (check_written_paths refuses a link)
            now: _Entry | None = (status.st_mtime_ns, status.st_size, status.st_ino, file.digest)
        except OSError:
            now = None
        known = before.get(name)
        if now is not None and known is not None and now[:3] == known[:3]:
            changed = known[3] != file.digest
        else:
            changed = (
                now is None or now[1] != sum(map(len, file.parts)) or _read(target) != file.data
            )
        if changed:
            now = _replace_with(target, file.parts, file.digest)
            written.append(name)
        if now is not None:
            after[name] = now
    if after != before:
        write_atomically(manifest, marshal.dumps((_DATASET_FORMAT, after)))
    return tuple(written)


def _load_dataset_manifest(path: Path) -> dict[str, _Entry]:
    try:
        form, entries = marshal.loads(path.read_bytes())
    except (OSError, EOFError, ValueError, TypeError):
        return {}
    return entries if form == _DATASET_FORMAT and isinstance(entries, dict) else {}


def _replace_with(target: Path, parts: Sequence[bytes | memoryview], digest: str) -> _Entry:
    """Write `parts` into `target` atomically; the entry of the file written, from before it got
    its name: a file that replaces it after that is not taken for it."""
    status = write_atomically(target, parts)
    return (status.st_mtime_ns, status.st_size, status.st_ino, digest)


def back_up(source: Path, backup_dir: Path, stem: str) -> Path:
    """Copy `source` into `backup_dir` as `<stem>-<n>`, n one more than the last backup's."""
    data = source.read_bytes()
    taken = [
        int(p.name.rsplit("-", 1)[1])
        for p in backup_dir.glob(f"{stem}-*")
        if p.name.rsplit("-", 1)[1].isdigit()
    ]
    number = max(taken, default=0) + 1
    while True:
        target = backup_dir / f"{stem}-{number}"
        try:
            create_atomically(target, data)
            return target
        except FileExistsError:  # another run took the number meanwhile
            number += 1


def _shown(path: Path) -> str:
    """A path as messages show it: relative to the working folder when it is inside it."""
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _remove_emptied_folders(folder: Path, owned: Path) -> None:
    """Remove `folder`, and then its parents inside the `owned` folder, while they are empty:
    the folders that a removed page leaves empty (only they: looking at all costs every run)."""
    while folder != owned and folder.is_relative_to(owned):
        try:
            folder.rmdir()
        except OSError:
            return  # not empty
        folder = folder.parent
