"""The `archive` command: a thin adapter from the command line to the converter."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .cache import load_cache, save_cache
from .model import Problem
from .pipeline import convert
from .settings import SettingsError, load_settings
from .write import write_pages


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="archive",
        description="Convert news-article seed files into Markdown pages for the MkDocs site.",
    )
    parser.add_argument(
        "-f", "--config-file", type=Path, default=Path("mkdocs.yml"), help="the site's mkdocs.yml (default: %(default)s)"
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    commands.add_parser(
        "convert",
        help="convert all seeds and the glossary into pages under the docs folder (only changed pages are written)",
        description="Convert every seed into a Markdown page under docs_dir/articles_dir, and the glossary into "
        "pages under docs_dir/glossary. Pages whose text did "
        "not change are not rewritten; pages of removed seeds are removed; hand-edited pages are kept and reported. "
        "Exit status 1 when any seed could not be converted.",
    )
    commands.add_parser(
        "check",
        help="validate all seeds and the glossary without writing anything",
        description="Validate every seed and glossary entry and print one 'path:line: message' per problem. "
        "Exit status 0 when all seeds are valid, 1 otherwise.",
    )
    bench = commands.add_parser(
        "bench",
        help="benchmarks on a synthetic corpus (they print figures): archive bench --help",
        add_help=False,
    )
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["bench"]:  # its own options, parsed by the benchmark module
        from .bench import main as bench_main  # deferred: not for everyday runs

        return bench_main(argv[1:])
    arguments = parser.parse_args(argv)

    try:
        settings = load_settings(arguments.config_file)
    except (SettingsError, OSError) as error:
        print(f"archive: {error}", file=sys.stderr)
        return 2
    except Exception as error:  # MkDocs reports a bad mkdocs.yml with its own exception types
        print(f"archive: {arguments.config_file}: {error}", file=sys.stderr)
        return 2

    cache = load_cache(settings.cache_file)
    conversion = convert(settings, cache)
    problems = list(conversion.problems)
    if arguments.command == "convert":
        save_cache(conversion.cache, settings.cache_file, cache)
        report = write_pages(
            list(conversion.pages),
            settings.docs_dir,
            settings.generated_dirs,
            failed_seeds=conversion.failed_seeds,
            label=_shown(settings.docs_dir),
        )
        problems += report.problems
        for path in report.written:
            print(f"wrote {path}")
        for path in report.removed:
            print(f"removed {path}")
        for path in report.kept:
            print(f"kept {_shown(settings.docs_dir)}/{path} (its seed has errors: the page shows the last good version)")
        print(
            f"{len(conversion.articles)} articles, {len(conversion.glossary.terms)} glossary terms: "
            f"{len(report.written)} pages written, {report.unchanged} unchanged, {len(report.removed)} removed"
        )
    else:
        print(f"{len(conversion.articles)} seeds and {len(conversion.glossary.terms)} glossary terms checked")
    _report(problems)
    return 1 if any(p.severity == "error" for p in problems) else 0


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)
    errors = sum(1 for p in problems if p.severity == "error")
    if errors:
        print(f"{errors} error{'s' if errors != 1 else ''}", file=sys.stderr)


def _shown(path: Path) -> str:
    try:
        return path.resolve().relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


if __name__ == "__main__":
    sys.exit(main())
