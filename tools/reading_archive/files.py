"""Files written whole or not at all: what the write stage and the cache write.

A file is written as a hidden temporary file beside it and then renamed (`write_atomically`)
or hard-linked (`create_atomically`, which never replaces a file that exists) to its name, so
that a reader, or a run after a crash, never sees half of it.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

# Text, bytes, or parts of bytes written one after the other (never joined into one copy).
Content = str | bytes | Sequence[bytes | memoryview]

_IOV_MAX = 1024  # parts given to one writev (Linux's limit)


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
