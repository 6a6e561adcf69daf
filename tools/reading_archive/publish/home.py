"""The generated part of the home page, for any builder, never written into the curator's page.

`archive convert` writes what the archive holds, its latest articles and where to browse it
(render_listings.render_home) into generated/home.md, outside the docs folder (no builder takes
it for a page), and content/index.md includes it where it has the line HOME_INCLUDE: a
pymdownx.snippets include, which MkDocs, ProperDocs and Zensical all run. The snippets
extension's base_path is that folder alone (mkdocs.yml), so a `--8<--` line in a seed or a
glossary entry can include nothing else of the project.

The MkDocs plugin puts the same text in place of the line in memory (on_page_markdown), from
the conversion it just made: `mkdocs serve` shows a changed home block on reload without
writing into the project (a file it watches would start another build). The plugin still
replaces the old marker line, HOME_MARKER, which only it understands; `archive convert` says
how to change it.
"""

from __future__ import annotations

from pathlib import Path

from ..base.files import write_if_changed
from ..model import Problem
from ..settings import Settings

HOME_FILE = "home.md"  # in Settings.generated_dir
HOME_INCLUDE = f'--8<-- "{HOME_FILE}"'  # the line of content/index.md that includes it
HOME_MARKER = "<!-- archive:home -->"  # the line the plugin alone replaced, before HOME_INCLUDE
HOME_PAGE = "index.md"  # in the docs folder


def with_home(markdown: str, home: str) -> str | None:
    """The home page's Markdown with the generated part in place of its HOME_INCLUDE line (or
    of the old HOME_MARKER); None when it has neither."""
    lines = markdown.split("\n")
    for number, line in enumerate(lines):
        if line.strip() in (HOME_INCLUDE, HOME_MARKER):
            return "\n".join([*lines[:number], home, *lines[number + 1 :]])
    return None


def write_home(settings: Settings, home: str) -> Path | None:
    """Write the generated part into generated/home.md unless it holds it already; the path
    when it was written (its time changes only with its text, as a page's)."""
    target = settings.generated_dir / HOME_FILE
    return target if write_if_changed(target, home.encode("utf-8")) else None


def home_page_problem(settings: Settings, label: str) -> Problem | None:
    """A note when the curator's home page still has the old marker (only the MkDocs plugin
    replaces it) or includes nothing of the archive; `label` names the docs folder."""
    path = settings.docs_dir / HOME_PAGE
    try:
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return None  # no hand-written home page: the builders say so
    for number, line in enumerate(lines, start=1):
        if line.strip() == HOME_INCLUDE:
            return None
        if line.strip() == HOME_MARKER:
            message = (
                f"'{HOME_MARKER}' is shown only by the MkDocs plugin: replace the line with "
                f"'{HOME_INCLUDE}' so that every builder shows the archive's part of the home page"
            )
            return Problem(f"{label}/{HOME_PAGE}", number, message, "warning")
    return None
