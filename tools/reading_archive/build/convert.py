"""The build's entry point: convert (build/pipeline.py, with the build engine), export the dataset,
write the pages and the dataset files that changed, and save the cache."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..settings import Settings
from ..write.writer import WriteReport, write_dataset, write_pages
from .cache import Cache, save_cache
from .parallel import Background
from .pipeline import Conversion, convert, export_dataset

_FORK_PAGES = 1000  # pages to write that are worth a process of their own (`convert_and_write`)


@dataclass(frozen=True)
class Converted:
    """A conversion written out: what `convert_and_write` did."""

    conversion: Conversion
    cache: Cache  # for the next conversion (the dataset's records included)
    report: WriteReport  # of the pages
    dataset: tuple[str, ...]  # the dataset's files, relative to their folder
    dataset_written: tuple[str, ...]  # those that changed


def convert_and_write(
    settings: Settings,
    cache: Cache,
    pages_dir: Path,
    dataset_dir: Path,
    *,
    save: bool = True,
    label: str | None = None,
    backup_dir: Path | None = None,
    force: bool = False,
) -> Converted:
    """Convert, export the dataset, write the pages (`write_pages`, into pages_dir) and the
    dataset files (into dataset_dir) that changed, and save the cache for the next run unless
    `save` is False (the plugin under `mkdocs serve` keeps it in memory): `archive convert`
    into the docs folder, the plugin into its cache folder."""
    conversion = convert(settings, cache)
    # The pages are written while this process makes and writes the dataset and saves the
    # cache. By a copy of this process when many were rendered (from scratch: thousands of files
    # to create, mostly the system's work; in a thread, each of its system calls would wait for
    # the interpreter's lock held by the export), by a thread when they are checked more than
    # written (a copy then costs more than it saves; BENCHMARKS.md has the figures).
    assert conversion.cache is not None
    rendered = sum(1 for record in conversion.cache.pages.values() if record.data is not None)
    pages_written = Background(
        write_pages,
        list(conversion.pages),
        pages_dir,
        settings.generated_dirs,
        failed_seeds=conversion.failed_seeds,
        label=label,
        backup_dir=backup_dir,
        force=force,
        fork=rendered >= _FORK_PAGES,
    )
    dataset = export_dataset(conversion, settings)
    written = write_dataset(dataset.contents, dataset_dir)
    if save:
        save_cache(dataset.cache, settings.cache_file, cache)
    report = pages_written.result()
    return Converted(conversion, dataset.cache, report, tuple(dataset.contents), written)
