"""Files written whole or not at all: what the write stage and the cache write; and input
files read only when they are regular files, never beyond a size limit.

A file is written as a hidden temporary file beside it and then renamed (`write_atomically`)
or hard-linked (`create_atomically`, which never replaces a file that exists) to its name, so
that a reader, or a run after a crash, never sees half of it.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Sequence
from pathlib import Path

# Text, bytes, or parts of bytes written one after the other (never joined into one copy).
Content = str | bytes | Sequence[bytes | memoryview]

_IOV_MAX = 1024  # parts given to one writev (Linux's limit)
_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
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
    try:  # not following a link, not waiting for a writer: what replaced the file since lstat is refused
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
    if not stat.S_ISREG(mode):
        raise NotARegularFile("a special file")


def write_atomically(target: Path | str, content: Content, *, make_folder: bool = True) -> os.stat_result:
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
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
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
