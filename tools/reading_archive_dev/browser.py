"""Debian's Chromium as the browser tests and the search benchmark drive it (through Playwright,
never a downloaded browser), a folder served on localhost as a reader's browser gets a site, and
what the tests and the benchmark need to use `mkdocs serve`."""

from __future__ import annotations

import contextlib
import functools
import http.server
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


@contextlib.contextmanager
def serve_directory(directory: Path) -> Iterator[str]:
    """A folder served over HTTP on localhost; yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the signature is the base class's
        pass


def fetch_text(url: str) -> str | None:
    """The text a server answers for `url`, or None while it does not answer."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.read().decode("utf-8", errors="replace")
    except (OSError, ValueError):
        return None


def wait_for(condition: Callable[[], bool], timeout: float) -> bool:
    """Whether `condition` came true within `timeout` seconds, asked every 0.1 s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def interruptible() -> None:
    """For Popen's preexec_fn: Ctrl-C (SIGINT) stops the child even when this process runs with
    SIGINT ignored, as a background job of a shell without job control does (how CI runners and
    `cmd &` in a script start commands). An ignored signal stays ignored across exec, and Python
    then installs no KeyboardInterrupt handler: `stop_serving` could not stop `mkdocs serve`."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def mkdocs_serve(config: Path, port: int, *options: str, **popen: Any) -> subprocess.Popen:
    """`mkdocs serve` of the project of `config` on 127.0.0.1:`port`, started so that
    `stop_serving` can stop it with Ctrl-C; `popen`: Popen's other arguments (cwd, env, output)."""
    command = [
        sys.executable,
        "-m",
        "mkdocs",
        "serve",
        *options,
        "-a",
        f"127.0.0.1:{port}",
        "-f",
        str(config),
    ]
    return subprocess.Popen(command, preexec_fn=interruptible, **popen)


def stop_serving(process: subprocess.Popen, timeout: float = 60) -> None:
    """Stop a `mkdocs serve` process as a curator does, with Ctrl-C (SIGINT): it then shuts down
    cleanly, running the plugins' on_shutdown (the archive plugin saves its cache) and removing
    its temporary site folder, which SIGTERM would leave behind in the temporary folder. Killed
    if it has not ended within `timeout` seconds."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
