"""Where things are and how the converter behaves: one frozen value, read from mkdocs.yml.

The `archive` plugin's options in mkdocs.yml are the single place for settings; the command
line loads the same file, so `archive convert` and `mkdocs build` always agree.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .related import RelatedSettings
from .render_listings import PAGE_SIZE


@dataclass(frozen=True)
class Settings:
    root: Path  # the project folder: where mkdocs.yml is
    seeds_dir: Path
    docs_dir: Path
    glossary_dir: Path  # the curated glossary: one <id>.md per term
    articles_dir: str = "articles"  # folder under docs_dir, and the URL prefix of article pages
    glossary_url_dir: str = "glossary"  # folder under docs_dir for the generated glossary pages
    publishers_url_dir: str = "publishers"  # folder under docs_dir for the publisher listings
    tags_url_dir: str = "tags"  # folder under docs_dir for the tag listings
    listing_page_size: int = PAGE_SIZE  # articles on each page of a listing
    cache_dir: Path = Path(".cache/reading-archive")
    publishers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    link_every_mention: bool = False
    related: RelatedSettings = RelatedSettings()
    site_url: str = ""  # mkdocs.yml's site_url: published URLs are absolute when it is set
    use_directory_urls: bool = True  # as in mkdocs.yml: `articles/…/slug/` rather than `…/slug.html`

    @property
    def cache_file(self) -> Path:
        """Where what each seed and page produced is kept between runs (see cache.py)."""
        return self.cache_dir / "conversion.cache"

    @property
    def backup_dir(self) -> Path:
        """Where `archive convert --force` keeps the hand-edited pages it replaces: outside the
        docs, where MkDocs would publish them."""
        return self.cache_dir / "backups"

    @property
    def generated_dirs(self) -> tuple[str, ...]:
        """The folders of the docs that hold only generated pages (git ignores them)."""
        return (self.articles_dir, self.glossary_url_dir, self.publishers_url_dir, self.tags_url_dir)


def load_settings(config_file: Path) -> Settings:
    """Settings from an mkdocs.yml (its `archive` plugin block), validated by MkDocs itself."""
    from mkdocs.config import load_config  # deferred: only the CLI needs it, and it is slow to import

    config = load_config(str(config_file))
    plugin = config.plugins.get("archive")
    if plugin is None:
        raise SettingsError(f"{config_file}: the 'archive' plugin is not listed under plugins:")
    return plugin.settings_for(config)  # type: ignore[attr-defined]


class SettingsError(Exception):
    """mkdocs.yml does not say what the converter needs."""
