"""Where things are and how the converter behaves: one frozen value, read from mkdocs.yml.

The `archive` plugin's options in mkdocs.yml are the single place for settings; the command
line loads the same file, so `archive convert` and `mkdocs build` always agree.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError, PluginError
from mkdocs.utils.yaml import get_yaml_loader, yaml_load

from .base.one_line import escaped_text, quoted_path

log = logging.getLogger(__name__)

PAGE_SIZE = 50  # articles on each page of a listing


# The weights and thresholds of related articles: enrich/related/ explains the score they shape.
@dataclass(frozen=True)
class RelatedSettings:
    k: int = 5  # articles shown per page, at most
    w_text: float = 0.8
    w_terms: float = 0.2
    w_time: float = 0.5
    # days: at this distance the time factor has fallen to 1/e of its range
    time_scale: float = 12.0
    text_words: int = 40  # the strongest words of an article that its text vector keeps
    common_share: float = 0.05  # words and terms in more of the archive than this (and in more
    common_floor: int = 50  # than this many articles) are common: they count in every score, but
    near_days: int = 7  # propose a pair only when it is at most this many days apart,
    far_overlap: float = (
        0.1  # or its text vectors' cosine in words that are not common is this much
    )
    min_score: float = 0.08  # weaker relations are not shown (the first: below min_first_score),
    min_first_score: float = 0.03

    @property
    def lowest_shown(self) -> float:
        """The lowest score an entry may be shown with: min_first_score, or min_score if lower."""
        return min(self.min_first_score, self.min_score)

    min_share_of_best: float = 0.6  # nor those below this share of the best one's score,
    crowd_rank: int = 20  # nor, after the first, those below crowd_ratio times the score of
    crowd_ratio: float = 1.5  # the crowd_rank-th best (0: no such bar), and those more than
    far_days: int = 45  # this many days away below crowd_ratio times the far_crowd_rank-th best
    far_crowd_rank: int = 5  # as far away (0: no such bar)
    terms_prior: float = 1.0  # added to the squared length of every term vector
    copy_similarity: float = (
        0.75  # texts sharing this share of their runs of words: a republished copy, shown apart
    )


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
    # mkdocs.yml's site_name: what citations call the archive, the feeds' and annotations' title
    site_name: str = ""
    use_directory_urls: bool = (
        True  # as in mkdocs.yml: `articles/…/slug/` rather than `…/slug.html`
    )
    site_description: str = ""  # mkdocs.yml's: the feeds' description
    search: str = (
        "material"  # the plugin's `search`: "pagefind" when `archive publish` indexes the site
    )
    pagefind_part_size: int = 2500  # the plugin's: the most articles one Pagefind run indexes

    @property
    def generated_dir(self) -> Path:
        """Where `archive convert` writes the generated part of the home page (publish/home.py):
        outside the docs, so that no builder takes it for a page of its own."""
        return self.root / "generated"

    @property
    def cache_file(self) -> Path:
        """Where what each seed and page produced is kept between runs (see build/cache.py)."""
        return self.cache_dir / "conversion.cache"

    @property
    def backup_dir(self) -> Path:
        """Where `archive convert --force` keeps the hand-edited pages it replaces: outside the
        docs, where MkDocs would publish them."""
        return self.cache_dir / "backups"

    @property
    def generated_dirs(self) -> tuple[str, ...]:
        """The folders of the docs that hold only generated pages (git ignores them)."""
        return (
            self.articles_dir,
            self.glossary_url_dir,
            self.publishers_url_dir,
            self.tags_url_dir,
        )


def load_settings(config_file: Path) -> Settings:
    """Settings from an mkdocs.yml (its `archive` plugin block), read and checked as MkDocs does:
    with its YAML loader (!ENV, !relative, INHERIT), its forms of the plugin list, the plugin's
    typed options (ArchiveConfig, below) and MkDocs' own options for docs_dir, site_url and
    use_directory_urls. Not with MkDocs' whole load_config, which imports the theme and every
    plugin and checks the Markdown extensions: 80 ms of every `archive` run, for nothing the
    converter uses. Warnings are logged; errors raise SettingsError, naming the file."""
    site = SiteOptions(config_file_path=os.path.abspath(config_file))
    archive = ArchiveConfig(config_file_path=site.config_file_path)
    try:
        with open(site.config_file_path, "rb") as file:
            # The ignore: `!relative` reads only config_file_path and docs_dir of the config it
            # is given, and SiteOptions holds both (MkDocs' whole config is not loaded here).
            data = yaml_load(file, get_yaml_loader(config=site))  # type: ignore[arg-type]
        site.load_dict(data)  # MkDocs' check that the file holds a mapping
        for key in set(data) - site._schema_keys:  # the rest is for MkDocs to check
            del site[key]
        errors: Sequence[tuple[str, Exception | str]]  # MkDocs' errors, then the plugin's
        errors, warnings = site.validate()
        known = {key for key, _ in MkDocsConfig._schema}
        warnings += [
            (key, f"Unrecognised configuration name: {key}") for key in data if key not in known
        ]
        if not errors:
            errors, plugin_warnings = _plugin_problems(archive, data.get("plugins"), config_file)
            warnings += plugin_warnings
    except OSError as error:
        raise SettingsError(f"{config_file}: cannot read the file: {error.strerror}") from None
    except ConfigurationError as error:  # not YAML, not a mapping, a missing INHERIT file
        raise SettingsError(f"{config_file}: {error}") from None
    for key, warning in warnings:
        message = escaped_text(f"Config value '{key}': {warning}")
        log.warning(f"{quoted_path(str(config_file))}: warning: {message}")
    if errors:
        raise SettingsError(
            "\n".join(f"{config_file}: Config value '{key}': {error}" for key, error in errors)
        )
    if warnings and site["strict"]:
        raise SettingsError(
            f"{config_file}: Aborted with {len(warnings)} configuration warnings in 'strict' mode!"
        )
    try:
        return settings_for(archive, site)
    except PluginError as error:
        raise SettingsError(f"{config_file}: {error}") from None


def _plugin_problems(
    archive: ArchiveConfig, plugins: object, config_file: Path
) -> tuple[list[tuple[str, Exception | str]], list[tuple[str, str]]]:
    """The errors and warnings of the `archive` plugin's options, found in `plugins` (mkdocs.yml's
    list of plugins) and loaded into `archive`."""
    try:
        options = archive_options(plugins)
    except ValidationError as error:
        return [("plugins", error)], []
    if options is None:
        raise SettingsError(f"{config_file}: the 'archive' plugin is not listed under plugins:")
    archive.load_dict(options)
    errors, warnings = archive.validate()
    return (
        [("plugins", f"Plugin 'archive' option '{key}': {error}") for key, error in errors],
        [("plugins", f"Plugin 'archive' option '{key}': {warning}") for key, warning in warnings],
    )


class SettingsError(Exception):
    """mkdocs.yml does not say what the converter needs."""


# The `archive` plugin's options in mkdocs.yml, typed and checked as MkDocs checks a plugin's:
# the plugin (plugin/plugin.py) declares them as its config_class, and load_settings reads them.
_NUMBER = (int, float)


class RelatedConfig(base.Config):
    """Weights of the related-articles score; see reading_archive/enrich/related/ for the
    formula."""

    k = c.Type(int, default=RelatedSettings.k)
    w_text = c.Type(_NUMBER, default=RelatedSettings.w_text)
    w_terms = c.Type(_NUMBER, default=RelatedSettings.w_terms)
    w_time = c.Type(_NUMBER, default=RelatedSettings.w_time)
    time_scale = c.Type(_NUMBER, default=RelatedSettings.time_scale)
    min_score = c.Type(_NUMBER, default=RelatedSettings.min_score)
    min_first_score = c.Type(_NUMBER, default=RelatedSettings.min_first_score)
    min_share_of_best = c.Type(_NUMBER, default=RelatedSettings.min_share_of_best)
    crowd_rank = c.Type(int, default=RelatedSettings.crowd_rank)
    crowd_ratio = c.Type(_NUMBER, default=RelatedSettings.crowd_ratio)
    far_days = c.Type(int, default=RelatedSettings.far_days)
    far_crowd_rank = c.Type(int, default=RelatedSettings.far_crowd_rank)
    near_days = c.Type(int, default=RelatedSettings.near_days)
    far_overlap = c.Type(_NUMBER, default=RelatedSettings.far_overlap)
    copy_similarity = c.Type(_NUMBER, default=RelatedSettings.copy_similarity)


class ArchiveConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn off to build from pages written earlier by `archive convert`; `archive publish SITE_DIR`
    then writes the feeds, the sitemap and the Pagefind index (publish/site.py)."""

    seeds_dir = c.Type(str, default="seeds")
    """Folder of seed files, relative to mkdocs.yml."""

    glossary_dir = c.Type(str, default="glossary")
    """Folder of the curated glossary (one <id>.md per term), relative to mkdocs.yml. Its pages
    are generated under docs_dir/glossary/."""

    link_every_mention = c.Type(bool, default=False)
    """Link every mention of a glossary term, not only the first in each article."""

    related = c.SubConfig(RelatedConfig)
    """How related articles are chosen: `k` per page, weights of text, glossary terms and time."""

    articles_dir = c.Type(str, default="articles")
    """Folder under docs_dir for article pages; also their URL prefix."""

    listing_page_size = c.Type(int, default=Settings.listing_page_size)
    """Articles on each page of the listings by year, month, publisher, tag and glossary term."""

    cache_dir = c.Type(str, default=".cache/reading-archive")
    """Where the plugin keeps generated pages, relative to mkdocs.yml; outside docs_dir so that
    `mkdocs serve` does not rebuild twice for each change."""

    search = c.Choice(("material", "pagefind"), default="material")
    """`material`: Material's search plugin (list `search` under plugins), whose index every reader
    downloads whole before the first query (15 MB gzipped at 10,000 articles). `pagefind`: Pagefind
    indexes the built site (plugin/pagefind.py) and a query downloads only the chunks it needs;
    remove Material's `search` plugin then."""

    pagefind_part_size = c.Type(int, default=2500)
    """With `search: pagefind`: the most articles one Pagefind run indexes. Pagefind needs about
    0.3 MB of memory per article it indexes at once, so a larger archive is indexed in parts (by
    month), one after another, and the search merges them; each part adds a few small requests
    to a reader's first query."""

    publishers = c.DictOfItems(c.Type(str), default={})
    """Publisher name for each host of original URLs (`themoscowtimes.com: The Moscow Times`);
    a host also covers its subdomains."""


# site_name and site_description: the feeds' and the annotations' titles (publish/site.py).
_SITE_KEYS = (
    "site_name",
    "site_description",
    "site_url",
    "docs_dir",
    "use_directory_urls",
    "strict",
)


class SiteOptions(base.Config):
    """The settings of mkdocs.yml outside the plugin's block that the converter reads, with MkDocs'
    own declarations and checks of them: `archive` validates these and the plugin's options
    without MkDocs' whole configuration (its theme, every plugin, the Markdown extensions).
    `strict` is here because MkDocs then refuses a configuration with warnings."""

    _schema = tuple((key, option) for key, option in MkDocsConfig._schema if key in _SITE_KEYS)


def archive_options(plugins: object) -> dict[str, object] | None:
    """The options of the `archive` entry of mkdocs.yml's `plugins` (a list or a mapping), taken
    as MkDocs takes them (config_options.Plugins; its errors); None when it is not listed."""
    if plugins is None:  # `plugins:` with nothing under it: MkDocs' default, no plugin
        return None
    if not isinstance(plugins, (list, tuple, dict)):
        raise base.ValidationError("Invalid Plugins configuration. Expected a list or dict.")
    for name, options in c.Plugins._parse_configs(plugins):
        if (
            name.removeprefix("/") == "archive"
        ):  # `/archive`: MkDocs' way to skip the theme's namespace
            if options is None:  # `- archive` with no options
                return {}
            if not isinstance(options, dict):
                raise base.ValidationError("Invalid config options for the 'archive' plugin.")
            return options
    return None


def settings_for(options: ArchiveConfig, site: base.Config) -> Settings:
    """The converter's settings from the plugin's options and the site's: MkDocs' configuration
    of the build (the plugin), or SiteOptions (`archive`, settings.load_settings)."""
    root = Path(site.config_file_path or ".").resolve().parent
    articles_dir = options.articles_dir.strip("/")
    if not articles_dir or ".." in Path(articles_dir).parts:
        raise PluginError(
            f"archive: articles_dir must be a folder inside docs_dir, not '{options.articles_dir}'"
        )
    if options.listing_page_size < 1:
        raise PluginError(
            f"archive: listing_page_size must be at least 1, not {options.listing_page_size}"
        )
    return Settings(
        root=root,
        seeds_dir=root / options.seeds_dir,
        docs_dir=Path(site["docs_dir"]),
        glossary_dir=root / options.glossary_dir,
        articles_dir=articles_dir,
        link_every_mention=options.link_every_mention,
        related=RelatedSettings(**dict(options.related)),
        cache_dir=root / options.cache_dir,
        publishers=MappingProxyType(dict(options.publishers)),
        site_url=site["site_url"] or "",
        site_name=site["site_name"] or "",
        use_directory_urls=site["use_directory_urls"],
        listing_page_size=options.listing_page_size,
        site_description=site["site_description"] or "",
        search=options.search,
        pagefind_part_size=options.pagefind_part_size,
    )
