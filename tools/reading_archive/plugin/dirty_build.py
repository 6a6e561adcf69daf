"""What a dirty build (`mkdocs serve --dirty`) cannot see by itself.

A dirty build renders a page only when its source is newer than its output. A change of what
every page is rendered with (mkdocs.yml, the theme overrides, which pages the navigation finds)
touches no page's source, and a file that is gone leaves its output behind. The plugin compares
each build's `SiteInputs` with the previous build's: after such a change it empties the site
folder, so that every page is built again, and it deletes the outputs of files that are gone.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation


@dataclass(frozen=True)
class SiteInputs:
    shared: str  # digest of what every page is rendered with
    outputs: frozenset[str]  # the absolute path of every file's output in the site folder
    pages: tuple[str, ...]  # the URLs of the documentation pages (as Page.url), in build order


def site_inputs(config: MkDocsConfig, nav: Navigation, files: Files) -> SiteInputs:
    shared = shared_digest(
        config.config_file_path, config.theme.custom_dir, (page.file.src_uri for page in nav.pages)
    )
    pages = files.documentation_pages(inclusion=lambda _: True)
    # As Page.url has it: the home page's URL is "", not "./".
    urls = tuple("" if file.url in (".", "./") else file.url for file in pages)
    return SiteInputs(shared, frozenset(file.abs_dest_path for file in files), urls)


def shared_digest(config_file: str | None, theme_dir: str | None, nav_pages: Iterable[str]) -> str:
    """Changes when mkdocs.yml, a file of the theme overrides, or the pages of the navigation do."""
    digest = hashlib.sha256()
    if config_file:
        digest.update(Path(config_file).read_bytes())
    if theme_dir:
        for folder, _, names in sorted(os.walk(theme_dir)):
            for name in sorted(names):
                path = os.path.join(folder, name)
                status = os.stat(path)
                digest.update(f"\0{path}\0{status.st_size}\0{status.st_mtime_ns}".encode())
    digest.update("\0".join(["nav", *nav_pages]).encode())
    return digest.hexdigest()


def remove_outputs(site_dir: str, paths: Iterable[str]) -> list[str]:
    """Delete these outputs (and folders left empty) from the site folder; return those deleted."""
    site = Path(site_dir).resolve()
    removed = []
    for path in sorted(paths):
        output = Path(path).resolve()
        if not output.is_relative_to(site) or not output.is_file():
            continue
        output.unlink()
        removed.append(path)
        for folder in output.parents:
            if folder == site or any(folder.iterdir()):
                break
            folder.rmdir()
    return removed
