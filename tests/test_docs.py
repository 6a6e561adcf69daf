"""The documentation pages: README's Quickstart is what CI runs, every link between the pages
reaches a file and a heading that exist, the module map names every module in its layer, and
the benchmark page names no commit."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import unquote

from conftest import REPO
from test_structure import LAYERS, PACKAGE

README = REPO / "README.md"
ARCHITECTURE = REPO / "docs" / "architecture.md"
PAGES = [
    README,
    REPO / "CONTRIBUTING.md",
    REPO / "BENCHMARKS.md",
    REPO / "docs" / "guide.md",
    ARCHITECTURE,
]
FENCE = re.compile(r"^ *```.*?^ *```", re.MULTILINE | re.DOTALL)
LINK = re.compile(r"!?\[[^\]]*\]\(([^)\s]+)\)")


def _prose(page: Path) -> str:
    """The page without its fenced code blocks and inline code, where brackets are not links."""
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    return re.sub(r"`[^`\n]*`", "", text)


def _anchors(page: Path) -> set[str]:
    """The anchors GitHub gives the page's headings: lower case, punctuation but hyphens and
    underscores dropped, spaces as hyphens, a repeated heading numbered."""
    anchors: set[str] = set()
    text = FENCE.sub("", page.read_text(encoding="utf-8"))
    for heading in re.findall(r"^#{1,6} +(.+?) *$", text, re.MULTILINE):
        shown = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", heading).replace("`", "")
        anchor = re.sub(r"[^\w\- ]", "", shown.lower()).replace(" ", "-")
        number, unique = 0, anchor
        while unique in anchors:
            number += 1
            unique = f"{anchor}-{number}"
        anchors.add(unique)
    return anchors


def test_every_link_between_the_pages_reaches_a_file_and_a_heading() -> None:
    broken = []
    for page in PAGES:
        for target in LINK.findall(_prose(page)):
            if re.match(r"[a-z]+:", target):  # http(s), mailto: not this repository's
                continue
            path, _, anchor = unquote(target).partition("#")
            linked = (page.parent / path).resolve() if path else page
            if not linked.exists():
                broken.append(f"{page.relative_to(REPO)}: {target} (no such file)")
            elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
                broken.append(f"{page.relative_to(REPO)}: {target} (no such heading)")
    assert not broken, "\n".join(broken)


def test_readme_starts_with_the_quickstart_that_ci_runs() -> None:
    text = README.read_text(encoding="utf-8")
    sections = re.findall(r"^## +(.+)$", FENCE.sub("", text), re.MULTILINE)
    assert sections[0] == "Quickstart"
    quickstart = text.split("## Quickstart", 1)[1]
    commands = re.search(r"```sh\n(.*?)```", quickstart, re.DOTALL)
    assert commands is not None and commands.group(1).splitlines() == ["./run site", "./run test"]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    assert ci[-1] == "./run test"  # CI runs the README's test command, as a person would


def test_readme_is_a_front_door_with_a_small_screenshot() -> None:
    assert len(README.read_text(encoding="utf-8").splitlines()) <= 250
    screenshot = REPO / "docs" / "article-page.png"
    assert screenshot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert screenshot.stat().st_size < 250 * 1024


def _documented_layers() -> dict[str, str]:
    """Module (as test_structure names it) -> layer, from the architecture page's module map."""
    section = ARCHITECTURE.read_text(encoding="utf-8").split("## Module map", 1)[1]
    table = section.split("\n## ", 1)[0]
    documented = {}
    for cells in re.findall(r"^\| *(`.+?) *\| *(\w+) *\|", table, re.MULTILINE):
        for name in re.findall(r"`([\w/]+)\.py`", cells[0]):
            documented[name.replace("/", ".")] = cells[1]
    return documented


def test_the_module_map_names_every_module_in_its_layer() -> None:
    expected = {
        module: layer
        for layer, modules in LAYERS.items()
        for module in modules
        if not (PACKAGE / module.replace(".", "/") / "__init__.py").is_file()  # a package
    }
    assert _documented_layers() == expected


def test_the_benchmark_page_names_no_commit() -> None:
    text = (REPO / "BENCHMARKS.md").read_text(encoding="utf-8")
    hashes = re.findall(r"\b(?=[0-9a-f]*[a-f])(?=[0-9a-f]*\d)[0-9a-f]{7,40}\b", text)
    assert not hashes, f"BENCHMARKS.md names commits: {hashes} (give the day measured instead)"
