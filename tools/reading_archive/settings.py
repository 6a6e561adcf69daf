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


@dataclass(frozen=True)
class Settings:
    root: Path  # the project folder: where mkdocs.yml is
    seeds_dir: Path
    docs_dir: Path
    glossary_dir: Path  # the curated glossary: one <id>.md per term
    articles_dir: str = "articles"  # folder under docs_dir, and the URL prefix of article pages
    glossary_url_dir: str = "glossary"  # folder under docs_dir for the generated glossary pages
    publishers_url_dir: str = "publishers"  # folder under docs_dir for the publisher listings
    cache_dir: Path = Path(".cache/reading-archive")
    publishers: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    link_every_mention: bool = False
    related: RelatedSettings = RelatedSettings()

    @property
    def cache_file(self) -> Path:
        """Where what each seed and page produced is kept between runs (see cache.py)."""
        return self.cache_dir / "conversion.cache"

    @property
    def generated_dirs(self) -> tuple[str, ...]:
        """The folders of the docs that hold only generated pages (git ignores them)."""
        return (self.articles_dir, self.glossary_url_dir, self.publishers_url_dir)


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
