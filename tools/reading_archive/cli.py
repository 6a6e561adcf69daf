"""The `archive` command: a thin adapter from the command line to the converter."""

from __future__ import annotations

import argparse
import gc
import sys
from collections.abc import Sequence
from pathlib import Path

from .base.files import UnsafePath
from .base.lock import conversion_lock
from .base.one_line import escaped_text, quoted_path
from .build.cache import Cache, collector_paused, load_cache
from .build.convert import convert_and_write
from .build.pipeline import convert
from .model import Problem
from .publish.home import HOME_FILE, home_page_problem, write_home
from .publish.site import write_site_files
from .read.seed import MAX_SEED_BYTES
from .render.webannotation import EXPORT_PATH, site_annotations
from .settings import Settings, SettingsError, load_settings
from .write.writer import check_written_paths


def _bench(argv: list[str]) -> int:
    """`archive bench`: the benchmarks are development tools, in a package of their own
    (tools/reading_archive_dev) that a checkout has and an installed archive does not."""
    try:
        # Deferred: not part of the product, and absent where the archive is installed from a wheel.
        from reading_archive_dev.bench import main as bench_main
    except ModuleNotFoundError as error:
        if error.name not in ("reading_archive_dev", "reading_archive_dev.bench"):
            raise  # the benchmarks are there, and something they import is not
        print(
            "archive: bench: the benchmarks are development tools, in "
            "tools/reading_archive_dev/ of a checkout of the repository; install the checkout "
            "(pip install -e .) to run them",
            file=sys.stderr,
        )
        return 2
    return bench_main(argv)


def main(argv: Sequence[str] | None = None) -> int:
    """The `archive` command, as the main function of its process (the console script, `python
    -m reading_archive`): what the run made is left to the process's exit (_left_to_exit)."""
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] == ["bench"]:  # its own options, parsed by the benchmark module
        return _bench(argv[1:])
    arguments = _parser().parse_args(argv)

    try:
        settings = load_settings(arguments.config_file)
    except SettingsError as error:
        for line in str(error).split("\n"):  # one line for each of its problems
            print(f"archive: {escaped_text(line)}", file=sys.stderr)
        return 2

    # A command is short, and what it holds (the cache: millions of tuples and strings) has no
    # reference cycles: the cyclic collector would only scan it again and again (a fifth of a
    # run after one edit at 10,000 articles, a quarter from scratch; the peak memory is the same).
    kept: list[object] = []
    with collector_paused():
        status = _run(arguments, settings, kept)
        _left_to_exit(kept)  # before the collector resumes: it would scan all of it once
    return status


def _parser() -> argparse.ArgumentParser:
    """The command line: the options and the commands, in the order `archive --help` lists them."""
    parser = argparse.ArgumentParser(
        prog="archive",
        description="Convert news-article seed files into Markdown pages for the MkDocs site.",
    )
    parser.add_argument(
        "-f",
        "--config-file",
        type=Path,
        default=Path("mkdocs.yml"),
        help="the site's mkdocs.yml (default: %(default)s)",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    _add_convert_command(commands)
    _add_publish_command(commands)
    _add_check_command(commands)
    _add_add_command(commands)
    commands.add_parser(
        "bench",
        help="benchmarks on a synthetic corpus (they print figures): archive bench --help",
        add_help=False,
    )
    return parser


def _add_convert_command(commands: argparse._SubParsersAction) -> None:
    convert_command = commands.add_parser(
        "convert",
        help="convert all seeds and the glossary into pages under the docs folder (only changed "
        "pages are written)",
        description="Convert every seed into a Markdown page under docs_dir/articles_dir, and "
        "the glossary into pages under docs_dir/glossary; write the dataset (archive.jsonl, "
        "archive.csv) into docs_dir. Pages whose text did not change are not rewritten; pages "
        "of removed seeds are removed; hand-edited pages are kept and reported. Exit status 1 "
        "when any seed could not be converted.",
    )
    convert_command.add_argument(
        "--force",
        action="store_true",
        help="replace hand-edited pages too, after copying each into the backups folder of the "
        "cache (.cache/reading-archive/backups/ by default)",
    )


def _add_check_command(commands: argparse._SubParsersAction) -> None:
    check_command = commands.add_parser(
        "check",
        help="validate all seeds and the glossary without writing anything",
        description="Validate every seed and glossary entry and print one 'path:line: message' "
        "per problem. Exit status 0 when all seeds are valid, 1 otherwise.",
    )
    check_command.add_argument(
        "--format",
        choices=("text", "github"),
        default="text",
        help="text: 'path:line: severity: message' lines (default); github: GitHub Actions "
        "workflow commands, which a pull request shows as annotations on the file and line",
    )


def _add_add_command(commands: argparse._SubParsersAction) -> None:
    add_command = commands.add_parser(
        "add",
        help="validate an article text and add it to the seeds folder under a new name",
        description="Validate an article text as 'archive check' does and add it to the seeds "
        "folder as <number>_<16 hex digits of the SHA-256 of its original URL>.txt. Nothing is "
        "written when the text has errors or the archive already has the article (the same "
        "original URL, however spelled: scheme, www., case of the host, default port, trailing "
        "slash, fragment, tracking parameters). The same text once whitespace is normalised, at "
        "another URL, is added as a syndicated copy, with a warning naming the seed that has "
        "it. Exit status 0 when the seed was added, 1 otherwise.",
    )
    add_command.add_argument(
        "path", metavar="PATH", help="the article text file, or - to read it from standard input"
    )


def _add_publish_command(commands: argparse._SubParsersAction) -> None:
    publish_command = commands.add_parser(
        "publish",
        help="after a build (by any builder): write the feeds, the sitemap and the search index "
        "into the site",
        description="After MkDocs, ProperDocs or Zensical built SITE_DIR from the pages "
        "'archive convert' wrote: write rss.xml and atom.xml (with site_url, which mkdocs.yml "
        "reads from SITE_URL), sitemap.xml (an index of sitemap-<n>.xml past 50,000 pages) and "
        "its gzipped copy, and the Pagefind index (with 'search: pagefind'). Exit status 0 when "
        "all was written, 2 when the site folder or mkdocs.yml is unusable.",
    )
    publish_command.add_argument(
        "site_dir",
        metavar="SITE_DIR",
        type=Path,
        help="the built site (site_dir of mkdocs.yml: site)",
    )


def _left_to_exit(kept: list[object]) -> None:
    """Leave what the run made (`kept`: the caches, millions of objects), and every module,
    class and function, unfreed: the process ends now, and the operating system takes back its
    memory at once. Freeing them one by one took 75 ms of a run after one edit at 10,000
    articles (35 ms when the run returns, 40 ms in Python's collection at exit; measured under
    load). Only the freeing is skipped: every file the command opened is closed by now
    (tests/test_cli.py), and Python still flushes the standard streams and runs exit handlers."""
    kept.append(kept)  # a reference cycle: only the cyclic collector could free it…
    gc.freeze()  # …and it no longer looks at anything alive now


def _run(arguments: argparse.Namespace, settings: Settings, kept: list[object]) -> int:
    """Run the command; what it made is appended to `kept`. A command checks first that what it
    may write is inside the project (loading the cache may rewrite it, even for `archive check`),
    and then runs while no other conversion of the project does (base/lock.py)."""
    if arguments.command == "add" and (data := _article_text(arguments.path)) is None:
        return 1
    more = {
        "add": [settings.seeds_dir],
        "convert": [settings.generated_dir / HOME_FILE, settings.docs_dir / EXPORT_PATH],
    }
    try:
        check_written_paths(settings, *more.get(arguments.command, []))
    except UnsafePath as error:
        print(error, file=sys.stderr)
        return 1
    with conversion_lock(
        settings.cache_dir, _waiting, make=arguments.command != "check"
    ):  # check writes nothing
        cache = load_cache(settings.cache_file)
        kept.append(cache)
        if arguments.command == "check":
            return _check(arguments.format, settings, cache, kept)
        if arguments.command == "add":
            assert data is not None  # read above: the run has ended without it
            return _add(data, _source(arguments.path), settings, cache)
        if arguments.command == "publish":
            return _publish(arguments.site_dir, settings, cache, kept)
        return _convert(arguments.force, settings, cache, kept)


def _waiting(message: str) -> None:
    print(f"archive: {message}", file=sys.stderr, flush=True)


def _convert(force: bool, settings: Settings, cache: Cache, kept: list[object]) -> int:
    """`archive convert`: the pages and the dataset written into the docs folder."""
    update = convert_and_write(
        settings, cache, settings.docs_dir, settings.docs_dir,
        label=_shown(settings.docs_dir), backup_dir=settings.backup_dir, force=force,
    )  # fmt: skip
    kept.append(update)
    conversion, report = update.conversion, update.report
    problems = list(conversion.problems + report.problems)
    # What every builder needs beside the pages: the home page's generated part, and the
    # annotations as a file of the site (publish/home.py, render/webannotation.py).
    if (home := write_home(settings, conversion.home)) is not None:
        print(f"wrote {quoted_path(_shown(home))}")
    if (note := home_page_problem(settings, _shown(settings.docs_dir))) is not None:
        problems.append(note)
    annotations = site_annotations(
        conversion.annotated,
        conversion.pages,
        settings.site_url,
        settings.site_name,
        settings.use_directory_urls,
    ).encode("utf-8")
    if write_site_files(settings.docs_dir, {EXPORT_PATH: annotations}):
        print(f"wrote {quoted_path(_shown(settings.docs_dir / EXPORT_PATH))}")
    for page, backup in report.backed_up:
        print(f"copied the hand-edited {quoted_path(page)} to {quoted_path(backup)}")
    for path in report.written:
        print(f"wrote {quoted_path(path)}")
    for name in update.dataset_written:
        print(f"wrote {quoted_path(_shown(settings.docs_dir / name))}")
    for path in report.removed:
        print(f"removed {quoted_path(path)}")
    for path in report.kept:
        kept_page = quoted_path(f"{_shown(settings.docs_dir)}/{path}")
        print(f"kept {kept_page} (its seed has errors: the page shows the last good version)")
    print(
        f"{len(conversion.articles)} articles, {len(conversion.glossary.terms)} glossary terms: "
        f"{len(report.written)} pages written, {report.unchanged} unchanged, "
        f"{len(report.removed)} removed"
    )
    _report(problems)
    return 1 if any(p.severity == "error" for p in problems) else 0


def _publish(site_dir: Path, settings: Settings, cache: Cache, kept: list[object]) -> int:
    """`archive publish SITE_DIR`: feeds, sitemap and search index written into a built site."""
    from .publish.site import PublishError, publish  # deferred: only for `archive publish`

    conversion = convert(settings, cache)
    kept.append(conversion)
    try:
        published = publish(site_dir, settings, conversion.links, conversion.listed)
    except PublishError as error:
        print(f"archive: {escaped_text(str(error))}", file=sys.stderr)
        return 2
    for name in published.written:
        print(f"wrote {quoted_path(_shown(site_dir / name))}")
    for note in published.notes:
        print(f"archive: {note}", file=sys.stderr)
    count = len(conversion.articles)
    print(
        f"{count} article{'s' if count != 1 else ''} published in {quoted_path(_shown(site_dir))}"
    )
    _report(list(conversion.problems))
    return 0


def _check(form: str, settings: Settings, cache: Cache, kept: list[object]) -> int:
    """`archive check`: every seed and glossary entry validated, nothing written."""
    conversion = convert(settings, cache)
    kept.append(conversion)
    problems = list(conversion.problems)
    print(
        f"{len(conversion.articles)} seeds and {len(conversion.glossary.terms)} glossary terms "
        "checked"
    )
    _report(problems, github=form == "github")
    return 1 if any(p.severity == "error" for p in problems) else 0


def _source(path: str) -> str:
    return "<stdin>" if path == "-" else path


def _article_text(path: str) -> bytes | None:
    """The article text that `archive add` adds (read before the lock is taken: standard input
    may take its time), or None, reported, when it cannot be read."""
    try:
        if path == "-":
            return sys.stdin.buffer.read(MAX_SEED_BYTES + 1)
        with open(path, "rb") as file:
            return file.read(MAX_SEED_BYTES + 1)
    except OSError as error:
        _report([Problem(_source(path), None, f"cannot read the file: {error.strerror}")])
        return None


def _add(data: bytes, source: str, settings: Settings, cache: Cache) -> int:
    from .add import add_seed  # deferred: only for `archive add`

    addition = add_seed(data, source, settings, cache)
    if addition.seed is not None and addition.article is not None:
        title, date = escaped_text(addition.article.title), addition.article.date.isoformat()
        print(f"added {quoted_path(addition.seed)}: {title} ({date})")
    _report(list(addition.problems))
    return 0 if addition.seed is not None else 1


def _report(problems: list[Problem], *, github: bool = False) -> None:
    """Problems on standard error, one `path:line: severity: message` line each (Problem.__str__
    escapes what would break the line); or, for GitHub Actions, as workflow commands on standard
    output (the runner turns them into annotations)."""
    if github:
        from .github import workflow_command  # deferred: only for `archive check --format github`
    for problem in problems:
        if github:
            print(workflow_command(problem))
        else:
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
