"""Options of the `archive` plugin in mkdocs.yml: the converter's settings, typed."""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError

from ..related import RelatedSettings
from ..settings import Settings

_NUMBER = (int, float)


class RelatedConfig(base.Config):
    """Weights of the related-articles score; see reading_archive/related.py for the formula."""

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
    near_days = c.Type(int, default=RelatedSettings.near_days)
    far_overlap = c.Type(_NUMBER, default=RelatedSettings.far_overlap)
    copy_similarity = c.Type(_NUMBER, default=RelatedSettings.copy_similarity)


class ArchiveConfig(base.Config):
    enabled = c.Type(bool, default=True)
    """Turn off to build from pages written earlier by `archive convert`; `archive publish SITE_DIR`
    then writes the feeds, the sitemap and the Pagefind index (publish.py)."""

    seeds_dir = c.Type(str, default="seeds")
    """Folder of seed files, relative to mkdocs.yml."""

    glossary_dir = c.Type(str, default="glossary")
    """Folder of the curated glossary (one <id>.md per term), relative to mkdocs.yml. Its pages
    are generated under docs_dir/glossary/."""

    link_every_mention = c.Type(bool, default=False)
    """Link every mention of a glossary term, not only the first in each article."""

    related = c.SubConfig(RelatedConfig)
    """How related articles are chosen: `k` per page, and the weights of text, glossary terms and time."""

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


# site_name and site_description: the feeds' and the annotations' titles (publish.py).
_SITE_KEYS = ("site_name", "site_description", "site_url", "docs_dir", "use_directory_urls", "strict")


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
        if name.removeprefix("/") == "archive":  # `/archive`: MkDocs' way to skip the theme's namespace
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
        raise PluginError(f"archive: articles_dir must be a folder inside docs_dir, not '{options.articles_dir}'")
    if options.listing_page_size < 1:
        raise PluginError(f"archive: listing_page_size must be at least 1, not {options.listing_page_size}")
    return Settings(
        root=root,
        seeds_dir=root / options.seeds_dir,
        docs_dir=Path(site["docs_dir"]),
        glossary_dir=root / options.glossary_dir,
        articles_dir=articles_dir,
        link_every_mention=options.link_every_mention,
        related=RelatedSettings(**{key: value for key, value in options.related.items()}),
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
