"""The shape of the code: what the cache fingerprint covers, every module importable alone, and
the layers of the converter (no module imports one of a higher layer)."""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from conftest import REPO, _env
from reading_archive.build.cache import code_fingerprint

TOOLS = REPO / "tools"


def _copy_of_tools(tmp_path: Path) -> Path:
    """tools/ with the product package and the development tools, as in a checkout."""
    copy = tmp_path / "tools"
    for package in ("reading_archive", "reading_archive_dev"):
        shutil.copytree(
            TOOLS / package, copy / package, ignore=shutil.ignore_patterns("__pycache__")
        )
    return copy


def _append(module: Path, line: str) -> None:
    module.write_text(module.read_text(encoding="utf-8") + line, encoding="utf-8")


def test_the_cache_fingerprint_covers_the_product_and_not_the_development_tools(
    tmp_path: Path,
) -> None:
    tools = _copy_of_tools(tmp_path)
    package = tools / "reading_archive"
    before = code_fingerprint(package)
    assert before == code_fingerprint()  # the copy is the code that runs: the same fingerprint

    _append(tools / "reading_archive_dev" / "bench.py", "\n# a benchmark edited\n")
    _append(tools / "reading_archive_dev" / "synthetic.py", "\n# a corpus generator edited\n")
    assert code_fingerprint(package) == before

    _append(package / "render/article.py", "\n# a renderer edited\n")
    after_render = code_fingerprint(package)
    assert after_render != before
    _append(package / "plugin" / "plugin.py", "\n# the plugin edited\n")
    assert code_fingerprint(package) not in (before, after_render)


# --------------------------------------------------------------------------------------------
# Every module imports alone; no module imports one of a higher layer.

PACKAGE = TOOLS / "reading_archive"

# Each module of reading_archive and its layer, lowest first: a module may import modules of its
# own layer or lower ones, never higher. A new module must be placed here.
LAYERS: dict[str, tuple[str, ...]] = {
    # Values, settings, files: what every stage shares.
    "base": (
        "model",
        "settings",
        "base",
        "base.files",
        "base.one_line",
        "base.digest",
        "base.dates",
        "base.escaping",
        "base.urls",
        "base.slugs",
        "base.stop_words",
        "base.lock",
    ),
    "read": ("read", "read.seed", "read.bylines", "read.curator_yaml"),  # files -> values
    "enrich": (
        "enrich",
        "enrich.glossary",
        "enrich.link",
        "enrich.related",
        "enrich.related.arrays",
        "enrich.related.words",
        "enrich.related.references",
        "enrich.related.vectors",
        "enrich.related.sketches",
        "enrich.related.products",
        "enrich.related.carried",
        "enrich.related.state",
        "enrich.related.copies",
        "enrich.related.mirrors",
        "enrich.related.scorer",
        "enrich.related.choose",
        "enrich.related.update",
        "enrich.annotate",
        "enrich.sidecar",
        "enrich.publishers",
    ),  # what an article gains
    "render": (
        "render",
        "render.article",
        "render.glossary",
        "render.listings",
        "render.cite",
        "render.curator_markdown",
        "render.webannotation",
    ),  # -> Markdown
    "publish": (
        "publish",
        "publish.site",
        "publish.feeds",
        "publish.export",
        "publish.home",
    ),  # what is made of the pages and the built site
    "write": ("write", "write.writer"),  # pages and files on disk, never over a hand edit
    "build": (
        "build",
        "build.pipeline",
        "build.parallel",
        "build.engine",
        "build.cache",
        "build.pages",
        "build.convert",
    ),  # the conversion: what changed, from scratch or cached
    "top": (
        "cli",
        "__main__",
        "add",
        "github",
        "plugin",
        "plugin.plugin",
        "plugin.pagefind",
        "plugin.pagefind_order",
        "plugin.search_index",
        "plugin.dirty_build",
    ),
}

# Imports that break the layering today, each with its reason; the test fails when one is no
# longer needed, so that this list only shrinks.
EXCEPTIONS: dict[tuple[str, str], str] = {
    (
        "publish.site",
        "plugin.pagefind",
    ): "the Pagefind indexer lives with the plugin (it logs as the plugin); "
    "`archive publish` imports it only when it indexes",
}


def _modules() -> list[str]:
    """Every module of reading_archive, by its name inside the package ("plugin.plugin")."""
    names = []
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts) or "")
    return names


def _imported(module: str) -> set[str]:
    """The modules of reading_archive that `module` imports anywhere: at module level, in a
    function, under TYPE_CHECKING (a type is a dependency too)."""
    path = PACKAGE.joinpath(*module.split(".")).with_suffix(".py")
    if not path.is_file():  # a package: its __init__.py
        path = PACKAGE.joinpath(*module.split("."), "__init__.py")
    package = module.split(".")[:-1] if path.name != "__init__.py" else module.split(".")
    known = set(_modules())
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            if node.level:
                base = package[: len(package) - (node.level - 1)] + (
                    node.module.split(".") if node.module else []
                )
            elif node.module and node.module.split(".")[0] == "reading_archive":
                base = node.module.split(".")[1:]
            else:
                continue
            for alias in node.names:  # `from . import search_index` imports a module
                name = ".".join([*base, alias.name])
                found.add(name if name in known else ".".join(base))
        elif isinstance(node, ast.Import):
            found.update(
                ".".join(a.name.split(".")[1:])
                for a in node.names
                if a.name.split(".")[0] == "reading_archive"
            )
    return found - {module}


def _layer(module: str) -> int:
    return next(number for number, modules in enumerate(LAYERS.values()) if module in modules)


def test_every_module_has_a_layer() -> None:
    declared = [module for modules in LAYERS.values() for module in modules]
    assert sorted(declared) == sorted(set(declared)), "a module in two layers"
    assert sorted(set(_modules()) - {""}) == sorted(declared)


def test_no_module_imports_a_module_of_a_higher_layer() -> None:
    upward = {
        (module, other)
        for module in _modules()
        if module
        for other in _imported(module)
        if other and _layer(other) > _layer(module)
    }
    assert upward - EXCEPTIONS.keys() == set(), (
        "imports of a higher layer (fix them, or give the reason in EXCEPTIONS)"
    )
    assert EXCEPTIONS.keys() - upward == set(), "exceptions no longer needed: remove them"


def test_no_import_cycles() -> None:
    """Between modules, function-level imports included: a cycle hidden in a function is one too."""
    graph = {module: _imported(module) - {""} for module in _modules() if module}
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for other in sorted(graph[module]):
            assert state.get(other) != "open", "import cycle: " + " -> ".join(
                [*path, module, other]
            )
            if other not in state:
                visit(other, [*path, module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def _import_alone(module: str) -> subprocess.CompletedProcess[str]:
    name = "reading_archive" + (f".{module}" if module else "")
    return subprocess.run(
        [sys.executable, "-c", f"import {name}"],
        capture_output=True,
        text=True,
        env=_env(),
        cwd=REPO,
        timeout=120,
    )


def test_every_module_imports_alone_in_a_fresh_interpreter() -> None:
    """One interpreter per module: an import that works only after another module was imported
    (a cycle broken by the order of imports) fails here. In parallel, to keep it fast."""
    modules = [module for module in _modules() if module != "__main__"]  # that one runs the command
    with ThreadPoolExecutor(max_workers=max(2, os.cpu_count() or 2)) as pool:
        results = dict(zip(modules, pool.map(_import_alone, modules), strict=False))
    failed = {
        module or "reading_archive": result.stderr.strip().splitlines()[-1:]
        for module, result in results.items()
        if result.returncode
    }
    assert failed == {}


# --------------------------------------------------------------------------------------------
# No function of the product package over 60 lines (decorators and docstring included).

MAX_FUNCTION_LINES = 60

# Functions over the limit today, each with its reason; the test fails when one is no longer
# needed, so that this list only shrinks.
LONG_FUNCTIONS: dict[str, str] = {}


def _function_lengths() -> dict[str, int]:
    """Each function and method of reading_archive by qualified name (module.Class.function,
    nested functions counted within theirs too), and its length in lines."""
    lengths: dict[str, int] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        module = path.relative_to(PACKAGE).with_suffix("").as_posix().replace("/", ".")
        tree = ast.parse(path.read_text(encoding="utf-8"))
        stack: list[tuple[str, ast.AST]] = [(module, tree)]
        while stack:
            prefix, node = stack.pop()
            for child in ast.iter_child_nodes(node):
                if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    name = f"{prefix}.{child.name}"
                    if not isinstance(child, ast.ClassDef):
                        first = min([child.lineno, *(d.lineno for d in child.decorator_list)])
                        lengths[name] = (child.end_lineno or child.lineno) - first + 1
                    stack.append((name, child))
    return lengths


def test_no_function_of_the_product_is_longer_than_60_lines() -> None:
    lengths = _function_lengths()
    long = {name for name, length in lengths.items() if length > MAX_FUNCTION_LINES}
    assert long - LONG_FUNCTIONS.keys() == set(), {n: lengths[n] for n in long}
    assert LONG_FUNCTIONS.keys() - long == set(), (
        "no longer over the limit: remove from LONG_FUNCTIONS"
    )
