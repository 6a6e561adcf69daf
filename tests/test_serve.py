"""`mkdocs serve`, as a curator uses it: an edited seed shows on reload, with one rebuild."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from conftest import ARTICLE_URL, SEED, _env


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(condition, timeout: float) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.2)
    return False


def test_edited_seed_shows_on_reload_without_rebuild_loop(project: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}", "-f", str(project / "mkdocs.yml")],
        cwd=project,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=_env(),
    )
    log: list[str] = []
    reader = threading.Thread(target=lambda: log.extend(server.stdout), daemon=True)  # type: ignore[arg-type]
    reader.start()
    url = f"http://127.0.0.1:{port}/{ARTICLE_URL}"
    try:
        assert wait_for(lambda: "Mitsotakis" in (fetch(url) or ""), 60), "".join(log)
        builds_before = sum("Building documentation" in line for line in log)

        seed = project / "seeds" / SEED.name
        seed.write_text(seed.read_text(encoding="utf-8").replace("Mitsotakis", "Papadopoulos"), encoding="utf-8")

        assert wait_for(lambda: "Papadopoulos" in (fetch(url) or ""), 60), "".join(log)
        time.sleep(3)  # long enough for a rebuild loop to show itself
        assert sum("Building documentation" in line for line in log) == builds_before + 1, "".join(log)
    finally:
        server.terminate()
        server.wait(timeout=30)
