"""Where things are and how the converter behaves: one frozen value, read from mkdocs.yml.

The `archive` plugin's options in mkdocs.yml are the single place for settings; the command
line loads the same file, so `archive convert` and `mkdocs build` always agree.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from .one_line import escaped_text, quoted_path
from .related import RelatedSettings
from .render_listings import PAGE_SIZE

log = logging.getLogger(__name__)


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
    site_name: str = ""  # mkdocs.yml's site_name: what citations call the archive, the feeds' and annotations' title
    use_directory_urls: bool = True  # as in mkdocs.yml: `articles/…/slug/` rather than `…/slug.html`
    site_description: str = ""  # mkdocs.yml's: the feeds' description
    search: str = "material"  # the plugin's `search`: "pagefind" when `archive publish` indexes the site
    pagefind_part_size: int = 2500  # the plugin's: the most articles one Pagefind run indexes

    @property
    def generated_dir(self) -> Path:
        """Where `archive convert` writes the generated part of the home page (home.py): outside
        the docs, so that no builder takes it for a page of its own."""
        return self.root / "generated"

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
    """Settings from an mkdocs.yml (its `archive` plugin block), read and checked as MkDocs does:
    with its YAML loader (!ENV, !relative, INHERIT), its forms of the plugin list, the plugin's
    typed options (plugin/config.py) and MkDocs' own options for docs_dir, site_url and
    use_directory_urls. Not with MkDocs' whole load_config, which imports the theme and every
    plugin and checks the Markdown extensions: 80 ms of every `archive` run, for nothing the
    converter uses. Warnings are logged; errors raise SettingsError, naming the file."""
    # Deferred: plugin.config imports this module (Settings); and the converter's modules, which
    # import Settings from here, do not need MkDocs' configuration machinery.
    from mkdocs.config.base import ValidationError
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.exceptions import ConfigurationError, PluginError
    from mkdocs.utils.yaml import get_yaml_loader, yaml_load

    from .plugin.config import ArchiveConfig, SiteOptions, archive_options, settings_for

    site = SiteOptions(config_file_path=os.path.abspath(config_file))
    archive = ArchiveConfig(config_file_path=site.config_file_path)
    try:
        with open(site.config_file_path, "rb") as file:
            data = yaml_load(file, get_yaml_loader(config=site))
        site.load_dict(data)  # MkDocs' check that the file holds a mapping
        for key in set(data) - site._schema_keys:  # the rest is for MkDocs to check
            del site[key]
        errors, warnings = site.validate()
        known = {key for key, _ in MkDocsConfig._schema}
        warnings += [(key, f"Unrecognised configuration name: {key}") for key in data if key not in known]
        if not errors:
            try:
                options = archive_options(data.get("plugins"))
            except ValidationError as error:
                errors = [("plugins", error)]
            else:
                if options is None:
                    raise SettingsError(f"{config_file}: the 'archive' plugin is not listed under plugins:")
                archive.load_dict(options)
                plugin_errors, plugin_warnings = archive.validate()
                errors = [("plugins", f"Plugin 'archive' option '{key}': {error}") for key, error in plugin_errors]
                warnings += [("plugins", f"Plugin 'archive' option '{key}': {warning}") for key, warning in plugin_warnings]
    except OSError as error:
        raise SettingsError(f"{config_file}: cannot read the file: {error.strerror}") from None
    except ConfigurationError as error:  # not YAML, not a mapping, a missing INHERIT file
        raise SettingsError(f"{config_file}: {error}") from None
    for key, warning in warnings:
        message = escaped_text(f"Config value '{key}': {warning}")
        log.warning(f"{quoted_path(str(config_file))}: warning: {message}")
    if errors:
        raise SettingsError("\n".join(f"{config_file}: Config value '{key}': {error}" for key, error in errors))
    if warnings and site["strict"]:
        raise SettingsError(f"{config_file}: Aborted with {len(warnings)} configuration warnings in 'strict' mode!")
    try:
        return settings_for(archive, site)
    except PluginError as error:
        raise SettingsError(f"{config_file}: {error}") from None


class SettingsError(Exception):
    """mkdocs.yml does not say what the converter needs."""
