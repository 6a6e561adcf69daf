"""The date sitemap.xml gives each page (`<lastmod>`), the same whichever pages a build rendered.

The theme's sitemap template (overrides/sitemap.xml) used to read a page's date from its front
matter, which MkDocs reads only for the pages it renders: a dirty build (`mkdocs serve
--dirty`, `mkdocs build --dirty`) renders the pages whose files changed, and every other
article lost its `<lastmod>`. The plugin gives the template every page's date instead: an
article's from the conversion (which knows every article's page and date, whether its page was
rendered or not), any other page's from its front matter, read from the file when MkDocs did not
read it in this build.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable, Mapping

from mkdocs.structure.files import File
from mkdocs.utils.meta import get_data

from ..model import ArticleLink


def page_dates(links: Mapping[str, ArticleLink], generated: Collection[str], files: Iterable[File]) -> dict[str, str]:
    """The `<lastmod>` of each documentation page that has a date, by its path in the docs
    (File.src_uri). `links`: the conversion's article pages, by seed; `generated`: the paths of
    every page the conversion made, whose dates are the articles' (listing and glossary pages
    have none), so that a dirty build reads no generated page again for its date."""
    dates = {link.path: link.date.isoformat() for link in links.values()}
    for file in files:
        if file.src_uri in dates or file.src_uri in generated or file.page is None:
            continue
        meta = file.page.meta if file.page.markdown is not None else _front_matter(file)
        date = _lastmod(meta.get("date"))
        if date is not None:
            dates[file.src_uri] = date
    return dates


def _front_matter(file: File) -> dict:
    """The page's front matter, as MkDocs reads it when it renders the page."""
    try:
        return get_data(file.content_string)[1]
    except (OSError, UnicodeDecodeError):  # MkDocs reports it when it renders the page
        return {}


def _lastmod(value: object) -> str | None:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    return value if isinstance(value, str) and value else None
