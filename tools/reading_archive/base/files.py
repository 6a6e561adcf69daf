"""Files written whole or not at all: what the write stage and the cache write; and input
files read only when they are regular files, never beyond a size limit.

A file is written as a hidden temporary file beside it and then renamed (`write_atomically`)
or hard-linked (`create_atomically`, which never replaces a file that exists) to its name, so
that a reader, or a run after a crash, never sees half of it. A run killed meanwhile can leave
such a temporary file behind: `remove_temporaries` removes them, in the folders that their
writer owns.

Files are created with the mode the user's umask leaves of 0o666 (0644 typically), as any
program's are: the site is read by a web server or a colleague running as another user.

Every file and folder is written inside the project: `refuse_links` checks, before a run writes
anything, that the folders and files it writes into are neither symbolic links nor inside one
(a pull request can add a link named like a generated folder, pointing anywhere on the machine
that builds the site), and `make_folders` makes the folders below them without following a link.
"""

from __future__ import annotations

import errno
import os
import re
import stat as file_kind
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from ..model import Problem

# Text, bytes, or parts of bytes written one after the other (never joined into one copy).
Content = str | bytes | Sequence[bytes | memoryview]

_IOV_MAX = 1024  # parts given to one writev (Linux's limit)
# `.<name>.<random>.tmp`: a temporary file made for <name> (`_temporary_copy`)
_TEMPORARY = re.compile(r"\.(?P<name>.+)\.[A-Za-z0-9_]+\.tmp", re.DOTALL)
_TRIES = 100  # random names tried for a temporary file before giving up (as tempfile.mkstemp does)
_LINK = (
    "is a symbolic link, so nothing was written into it: replace it with a folder (or remove it)"
)


class UnsafePath(Exception):
    """A path the converter would write through is a symbolic link, or not inside the project:
    `path` (as messages show it) and what is wrong with it; str() is one line, `path: error: …`."""

    def __init__(self, path: str, reason: str):
        super().__init__(path, reason)
        self.path, self.reason = path, reason

    def __str__(self) -> str:
        return str(Problem(self.path, None, self.reason))


_KINDS = (
    (file_kind.S_ISLNK, "a symbolic link"),
    (file_kind.S_ISDIR, "a folder"),
    (file_kind.S_ISFIFO, "a named pipe (FIFO)"),
    (file_kind.S_ISCHR, "a device"),
    (file_kind.S_ISBLK, "a device"),
    (file_kind.S_ISSOCK, "a socket"),
)


class NotARegularFile(Exception):
    """An input that is not a regular file: a symbolic link could point at any file of the
    machine, reading a named pipe blocks until somebody writes to it, a device may never end
    and a folder has no bytes."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind  # "a symbolic link", "a folder", "a named pipe (FIFO)", …


def read_regular_file(path: Path, limit: int) -> bytes:
    """The bytes of the regular file at `path`, at most `limit` + 1 of them (one more than the
    limit tells that the file is too large). NotARegularFile for anything else, without opening
    it; OSError when it cannot be read."""
    _refuse_irregular(os.lstat(path).st_mode)
    # not following a link, not waiting for a writer: what replaced the file since lstat is refused
    try:
        handle = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise NotARegularFile("a symbolic link") from None
        raise
    with os.fdopen(handle, "rb") as file:
        status = os.fstat(handle)
        _refuse_irregular(status.st_mode)
        # Sized by the file, not by the limit: a buffer of the limit's size for every file
        # costs more than reading it. A file that grew since is read on, up to the limit.
        expected = min(status.st_size, limit) + 1
        data = file.read(expected)
        if len(data) == expected < limit + 1:
            data += file.read(limit + 1 - expected)
        return data


def _refuse_irregular(mode: int) -> None:
    for test, kind in _KINDS:
        if test(mode):
            raise NotARegularFile(kind)
    if not file_kind.S_ISREG(mode):
        raise NotARegularFile("a special file")


def write_atomically(
    target: Path | str, content: Content, *, make_folder: bool = True
) -> os.stat_result:
    """Write via a temporary file in the same folder and a rename: never a half-written file.
    (`make_folder` False: the folder is known to exist.) The written file's status, from before
    it got its name: a file that replaces it after that is not taken for it."""
    temporary = _temporary_copy(Path(target), content, make_folder=make_folder)
    try:
        status = temporary.stat()
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return status


def write_if_changed(target: Path, data: bytes, *, make_folder: bool = True) -> bool:
    """`write_atomically`, unless the file holds `data` already (its time then stays, so a
    builder or a watcher sees no change); whether it was written."""
    try:
        if target.read_bytes() == data:
            return False
    except OSError:
        pass  # not there yet
    write_atomically(target, data, make_folder=make_folder)
    return True


def create_atomically(target: Path, content: Content, *, make_folder: bool = True) -> None:
    """Write a new file atomically; FileExistsError, and nothing written, if `target` exists.

    A hard link from a complete temporary file makes the new name appear whole or not at all,
    and unlike a rename it never replaces a file that appeared meanwhile.
    """
    temporary = _temporary_copy(target, content, make_folder=make_folder)
    try:
        os.link(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)


def _temporary_copy(target: Path, content: Content, *, make_folder: bool = True) -> Path:
    """A new hidden file beside `target` that holds `content` (text, bytes, or parts of bytes
    one after the other)."""
    if make_folder:
        target.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = _new_temporary(target)
    try:
        if isinstance(content, str):
            with os.fdopen(handle, "w", encoding="utf-8", newline="\n") as file:
                file.write(content)
        elif isinstance(content, bytes):
            with os.fdopen(handle, "wb") as file:
                file.write(content)
        else:
            with os.fdopen(handle, "wb", buffering=0) as file:
                _write_parts(file.fileno(), content)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def _new_temporary(target: Path) -> tuple[int, str]:
    """A new hidden file beside `target`, open for writing: its handle and path. Created with
    mode 0o666, which the kernel reduces by the umask (tempfile.mkstemp's 0o600 would keep the
    pages from a web server running as another user); never through a symbolic link."""
    flags = (
        os.O_WRONLY
        | os.O_CREAT
        | os.O_EXCL
        | getattr(os, "O_CLOEXEC", 0)
        | getattr(os, "O_NOFOLLOW", 0)
    )
    for _ in range(_TRIES):
        temporary = os.path.join(target.parent, f".{target.name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(
        errno.EEXIST, "no free name for a temporary file", os.fspath(target.parent)
    )


def temporary_of(name: str) -> str | None:
    """The name of the file that a temporary file named `name` was made for, or None when
    `name` is not a temporary file's (`.<name>.<random>.tmp`)."""
    match = _TEMPORARY.fullmatch(name)
    return match["name"] if match else None


def remove_temporaries(folder: Path, owned: Callable[[str], bool]) -> None:
    """Remove from `folder` the temporary files that a killed run left, of the files whose names
    `owned` accepts (the writer's own: never a file of somebody's that merely looks alike).
    Only while no other run writes there (base/lock.py): its temporary files are not leftovers."""
    try:
        with os.scandir(folder) as entries:
            names = [
                entry.name
                for entry in entries
                if entry.name.startswith(".") and entry.name.endswith(".tmp")
            ]
    except OSError:
        return  # no folder (yet)
    for name in names:
        made_for = temporary_of(name)
        if made_for is not None and owned(made_for):
            try:
                os.unlink(os.path.join(folder, name))
            except OSError:
                pass  # gone meanwhile, or not ours to remove


def refuse_links(paths: Iterable[Path], root: Path) -> None:
    """UnsafePath unless each of `paths`, and each folder between it and the project's `root`,
    is inside `root` (no `..` out of it) and no symbolic link. Paths that do not exist yet
    are fine: the part of them that exists is checked."""
    root = Path(os.path.abspath(root))
    for path in paths:
        absolute = Path(
            os.path.abspath(path)
        )  # `..` resolved by the names alone, as the writes would
        if not absolute.is_relative_to(root):
            reason = f"is outside the project folder {root}; the converter writes only inside it"
            raise UnsafePath(os.fspath(path), reason)
        current = root
        for part in absolute.relative_to(root).parts:
            current = current / part
            try:
                status = os.lstat(current)
            except FileNotFoundError:
                break
            if file_kind.S_ISLNK(status.st_mode):
                raise UnsafePath(current.relative_to(root).as_posix(), _LINK)


def make_folders(folder: Path, inside: Path) -> None:
    """Make `folder` and the folders between it and `inside` (a folder already checked by
    `refuse_links`) that do not exist, without following a symbolic link: UnsafePath (its path
    relative to `inside`) when one of them is a link or not a folder."""
    inside.mkdir(parents=True, exist_ok=True)
    current = inside
    for part in folder.relative_to(inside).parts:
        current = current / part
        try:
            os.mkdir(current)
            continue
        except FileExistsError:
            pass
        status = os.lstat(current)
        if file_kind.S_ISLNK(status.st_mode):
            raise UnsafePath(current.relative_to(inside).as_posix(), _LINK)
        if not file_kind.S_ISDIR(status.st_mode):
            raise UnsafePath(
                current.relative_to(inside).as_posix(),
                "is not a folder, so nothing was written into it",
            )


def _write_parts(handle: int, parts: Sequence[bytes | memoryview]) -> None:
    """Write the parts one after the other, a thousand to a system call (never joined into one
    copy of them all), however few bytes a call takes."""
    for start in range(0, len(parts), _IOV_MAX):
        batch = parts[start : start + _IOV_MAX]
        done = os.writev(handle, batch)
        if done == sum(map(len, batch)):
            continue
        for part in batch:  # the rest of a batch that was written only in part
            if done >= len(part):
                done -= len(part)
                continue
            rest = memoryview(part)[done:]
            done = 0
            while rest:
                rest = rest[os.write(handle, rest) :]
