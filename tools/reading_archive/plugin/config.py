"""Options of the `archive` plugin in mkdocs.yml: the converter's settings, typed."""

from __future__ import annotations

from mkdocs.config import base
from mkdocs.config import config_options as c


class ArchiveConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn off to build from pages written earlier by `archive convert`."""

    seeds_dir = c.Type(str, default="seeds")
    """Folder of seed files, relative to mkdocs.yml."""

    articles_dir = c.Type(str, default="articles")
    """Folder under docs_dir for article pages; also their URL prefix."""

    cache_dir = c.Type(str, default=".cache/reading-archive")
    """Where the plugin keeps generated pages, relative to mkdocs.yml; outside docs_dir so that
    `mkdocs serve` does not rebuild twice for each change."""

    publishers = c.DictOfItems(c.Type(str), default={})
    """Publisher name for each host of original URLs (`themoscowtimes.com: The Moscow Times`);
    a host also covers its subdomains."""
