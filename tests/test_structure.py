"""The shape of the code: what the cache fingerprint covers, every module importable alone, and
the layers of the converter (no module imports one of a higher layer)."""

from __future__ import annotations

import shutil
from pathlib import Path

from conftest import REPO

from reading_archive.cache import code_fingerprint

TOOLS = REPO / "tools"


def _copy_of_tools(tmp_path: Path) -> Path:
    """tools/ with the product package and the development tools, as in a checkout."""
    copy = tmp_path / "tools"
    for package in ("reading_archive", "reading_archive_dev"):
        shutil.copytree(TOOLS / package, copy / package, ignore=shutil.ignore_patterns("__pycache__"))
    return copy


def _append(module: Path, line: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + line, encoding="utf-8")


def test_the_cache_fingerprint_covers_the_product_and_not_the_development_tools(tmp_path: Path) -> None:
    tools = _copy_of_tools(tmp_path)
    package = tools / "reading_archive"
    before = code_fingerprint(package)
    assert before == code_fingerprint()  # the copy is the code that runs: the same fingerprint

    _append(tools / "reading_archive_dev" / "bench.py", "\n# a benchmark edited\n")
    _append(tools / "reading_archive_dev" / "synthetic.py", "\n# a corpus generator edited\n")
    assert code_fingerprint(package) == before

    _append(package / "render.py", "\n# a renderer edited\n")
    after_render = code_fingerprint(package)
    assert after_render != before
    _append(package / "plugin" / "plugin.py", "\n# the plugin edited\n")
    assert code_fingerprint(package) not in (before, after_render)
