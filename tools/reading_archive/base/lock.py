"""One conversion at a time per project: `archive convert`, `archive add` and each build of the
plugin (each rebuild of `mkdocs serve`) hold the project's lock while they read and write the
cache and write pages, the dataset or a seed; a second one waits for the first to finish.

Two conversions at once in one folder would each create the pages the other was creating
("appeared while the pages were written") and remove each other's temporary files. The lock is
`flock` on a file in the cache folder: the operating system releases it when its holder ends,
however it ends (even by `kill -9`, once its forked workers are gone too: build/parallel.py ends
them with it), so a lock is never left behind.

`archive check` writes no page, but it takes the lock too when there is a cache to read: loading
the cache can rewrite it (cache.load_cache repacks a pack mostly of texts no longer used, and
removes the old pack), and a conversion saving meanwhile can remove the pack that `check` reads
texts from. Without a cache folder there is nothing to read, and `check` makes none.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = "lock"  # in the cache folder


@contextmanager
def conversion_lock(
    cache_dir: Path, waiting: Callable[[str], None], *, make: bool = True
) -> Iterator[None]:
    """Hold the lock of the project whose cache folder is `cache_dir` (made if missing; checked
    beforehand for links, writer.check_written_paths) for the `with` block; when another process
    holds it, tell `waiting` once, and wait for it. With `make` False, a missing cache folder is
    not made, and then no lock is taken (nothing reads or writes a cache)."""
    if not make and not cache_dir.is_dir():
        yield
        return
    cache_dir.mkdir(parents=True, exist_ok=True)
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    handle = os.open(cache_dir / LOCK_NAME, flags, 0o666)
    try:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            waiting(f"waiting for another conversion of this project{_holder(handle)} to finish…")
            fcntl.flock(handle, fcntl.LOCK_EX)
        # Who holds it, for the message of the next one to wait (the file's contents are only that).
        os.ftruncate(handle, 0)
        os.pwrite(handle, f"{os.getpid()}\n".encode("ascii"), 0)
        yield
    finally:
        os.close(handle)  # releases the lock


def _holder(handle: int) -> str:
    """` (pid N)`: the process that holds the lock, as it wrote itself into the file; nothing
    when it has not yet."""
    pid = os.pread(handle, 32, 0).decode("ascii", "replace").strip()
    return f" (pid {pid})" if pid.isdigit() else ""
