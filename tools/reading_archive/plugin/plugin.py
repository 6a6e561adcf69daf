"""Event handlers of the `archive` plugin: a thin adapter from MkDocs to the converter.

Pages are generated into the cache folder (outside docs_dir, so that `mkdocs serve` does not
see its own output and rebuild again) and handed to MkDocs as files of the docs. Seeds are
watched by `mkdocs serve`, so an edited seed shows on reload. The plugin also fills the
generated part of the home page (publish/home.py), and after the build writes the RSS and Atom
feeds, the sitemap and the Pagefind index with the functions `archive publish` uses
(publish/site.py).

The plugin defines `on_startup`, so MkDocs keeps one instance for all the builds of a `mkdocs
serve`: the converter's cache stays in memory between rebuilds, and a page is rewritten only when
its text changed. With `--dirty`, MkDocs then renders only the pages whose files changed, and
the plugin keeps that result what a full build makes: the search index complete and current
(search_index.py), and every page built again after a change that a dirty build cannot see
(dirty_build.py).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import MutableMapping
from pathlib import Path
from typing import Any, overload

import jinja2
import markupsafe
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils.templates import TemplateContext

from ..base.escaping import html_text
from ..base.files import UnsafePath
from ..base.lock import conversion_lock
from ..build.cache import Cache, collector_paused, load_cache, save_cache
from ..build.convert import Converted, convert_and_write
from ..build.pipeline import Conversion
from ..model import Problem
from ..publish.home import HOME_INCLUDE, HOME_PAGE, with_home
from ..publish.site import (
    SITEMAP_FILE,
    feed_files,
    page_dates,
    relative_url,
    sitemap_files,
    write_site_files,
)
from ..render.webannotation import EXPORT_PATH, site_annotations
from ..settings import ArchiveConfig, Settings, settings_for
from ..write.writer import check_written_paths
from . import search_index
from .dirty_build import SiteInputs, remove_outputs, site_inputs
from .pagefind import PagefindIndexer

log = get_plugin_logger(__name__)

# The setting of mkdocs.yml's `extra` telling the templates the site's search (plugin's `search`).
EXTRA_SEARCH = "archive_search"
# What a page's update_date is set to: the Unix epoch, so the gzipped sitemap's mtime is 0.
UNDATED = "1970-01-01"


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.serving = False  # `mkdocs serve`: several builds, one instance
        self.dirty = False  # --dirty: MkDocs renders only the pages whose files changed
        # The converter's cache between the builds of `mkdocs serve`; the one in the cache file.
        self.cache: Cache | None = None
        self.saved_cache: Cache | None = None
        self.cache_file: Path | None = None
        # Of the current dirty build: the previous build's search entries, the pages rendered
        # now (URLs), Material's entries for them, and this build's inputs.
        self.previous_entries: list[search_index.Entry] | None = None
        self.rebuilt: set[str] = set()
        self.fresh_entries: list[search_index.Entry] | None = None
        self.inputs: SiteInputs | None = None
        self.built: SiteInputs | None = None  # the inputs of what the site folder holds
        self.built_home: str | None = (
            None  # the generated part of the home page the site folder holds
        )
        self.site_dir: str | None = None
        self.templates = CompiledTemplates()
        self.conversion: Conversion | None = None  # of the current build
        self.settings: Settings | None = None  # of the current build
        self.page_urls: list[
            str
        ] = []  # of the pages of the current build, relative to the site (the sitemap's)
        self.pagefind = PagefindIndexer()  # search: pagefind
        self.site_texts: tuple[str, str | None] | None = (
            None  # site_name and site_description while pages render (on_env)
        )

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        search = config.plugins.get("material/search")
        if self.config.search == "pagefind" and search is not None and search.config.enabled:
            raise PluginError(
                "archive: `search: pagefind` replaces Material's search: remove `search` from "
                "plugins in mkdocs.yml"
            )
        self.pagefind.stop()  # an unfinished index of the previous serve build
        if self.config.pagefind_part_size < 1:
            raise PluginError(
                "archive: pagefind_part_size must be at least 1, not "
                f"{self.config.pagefind_part_size}"
            )
        self.pagefind = PagefindIndexer(
            self.config.articles_dir.strip("/"), self.config.pagefind_part_size
        )
        if (
            self.config.enabled
        ):  # the plugin writes the sitemap after the build: MkDocs' own would be replaced
            config.theme.static_templates.discard(SITEMAP_FILE)
        # The templates ask extra.archive_search which search the header has (every builder reads
        # extra; Zensical drops this plugin): missing, it is this option; otherwise it must agree.
        shown = config.extra.get(EXTRA_SEARCH)
        if shown is None:
            config.extra[EXTRA_SEARCH] = self.config.search
        elif shown != self.config.search:
            raise PluginError(
                f"archive: extra.{EXTRA_SEARCH} in mkdocs.yml is '{shown}' but the plugin's "
                f"search is '{self.config.search}': make them the same (the header's search box "
                "follows extra)"
            )
        return config

    def settings_for(self, config: MkDocsConfig) -> Settings:
        return settings_for(self.config, config)

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.site_dir = config.site_dir
        if self.dirty:
            self.previous_entries = search_index.read_entries(
                search_index.index_file(config.site_dir)
            )
            self.rebuilt = set()
            self.fresh_entries = None

    # Before Material's blog plugin (priority 0) collects the posts among the files.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        # MkDocs' sitemap template, no longer rendered (on_config), would be copied as it is.
        if (sitemap := files.get_file_from_path(SITEMAP_FILE)) is not None:
            files.remove(sitemap)
        settings = self.settings = self.settings_for(config)
        try:
            check_written_paths(settings)
        except UnsafePath as error:
            raise PluginError(str(error)) from None
        converted = self._converted(settings)
        self._add_generated_files(files, config, settings, converted)
        # The rest of the build needs only what the home page, listings and feeds show: the page
        # texts and the cache (hundreds of MB at 10,000 articles) are let go before MkDocs
        # renders. (`mkdocs serve` keeps the cache in self.cache for the next build.)
        self.conversion = dataclasses.replace(converted.conversion, pages=(), cache=None)
        return files

    def _converted(self, settings: Settings) -> Converted:
        """The conversion, its pages and dataset written under the cache folder; its problems
        logged."""
        pages_dir, dataset_dir = settings.cache_dir / "pages", settings.cache_dir / "dataset"
        # Under `mkdocs serve` the cache is kept for the next rebuild, which then does not pay for
        # reading or writing the cache file: it is saved after the first build, and by on_shutdown.
        first = self.cache is None
        # One conversion of the project at a time (base/lock.py), for each build: not for a whole
        # `mkdocs serve`. What the converter makes has no reference cycles (build/cache.py).
        with conversion_lock(settings.cache_dir, log.info), collector_paused():
            cache = self.cache if self.cache is not None else load_cache(settings.cache_file)
            converted = convert_and_write(
                settings, cache, pages_dir, dataset_dir, save=first or not self.serving
            )
        conversion, report = converted.conversion, converted.report
        if self.serving:
            if first:
                self.saved_cache = converted.cache
            self.cache, self.cache_file = converted.cache, settings.cache_file
        for problem in conversion.problems + report.problems:
            if problem.severity == "error":
                log.warning(str(problem))
            else:
                log.info(str(problem))
        if report.refused:  # MkDocs would read the pages through the link, or miss them
            raise PluginError(str(report.refused[0]))
        log.info(
            f"{len(conversion.articles)} articles, {len(conversion.glossary.terms)} terms: "
            f"{len(report.written)} pages written, {report.unchanged} unchanged, "
            f"{len(report.removed)} removed"
        )
        return converted

    def _add_generated_files(
        self, files: Files, config: MkDocsConfig, settings: Settings, converted: Converted
    ) -> None:
        """The converted pages, the annotations and the dataset as files of the site, in place
        of those `archive convert` wrote into the docs."""
        conversion, report = converted.conversion, converted.report
        pages_dir, dataset_dir = settings.cache_dir / "pages", settings.cache_dir / "dataset"
        prefixes = tuple(folder + "/" for folder in settings.generated_dirs)
        for file in [f for f in files if f.src_uri.startswith(prefixes)]:
            files.remove(file)
        for path in [page.path for page in conversion.pages] + list(report.kept):
            files.append(File.generated(config, path, abs_src_path=str(pages_dir / path)))
        if (by_convert := files.get_file_from_path(EXPORT_PATH)) is not None:
            files.remove(by_convert)
        files.append(
            File.generated(config, EXPORT_PATH, content=self.annotations_export(conversion, config))
        )
        # The dataset, as files of the site (not written after the build) so that the home
        # page's links to it are checked like any link, and `mkdocs serve` serves it too.
        for name in converted.dataset:
            if (by_convert := files.get_file_from_path(name)) is not None:
                files.remove(by_convert)
            files.append(File.generated(config, name, abs_src_path=str(dataset_dir / name)))

    def annotations_export(self, conversion: Conversion, config: MkDocsConfig) -> str:
        """All annotations as W3C Web Annotation JSON-LD, targeting the published pages."""
        if not config.site_url and any(article.annotations for article in conversion.annotated):
            log.info(
                f"{EXPORT_PATH}: site_url is not set in mkdocs.yml, so its ids are relative to "
                "where the file is served"
            )
        return site_annotations(
            conversion.annotated,
            conversion.pages,
            config.site_url,
            config.site_name,
            config.use_directory_urls,
        )

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext:
        if self.dirty:
            self.rebuilt.add(page.url)
        # An article's citations, JSON-LD and dates are in its front matter (render/article.py), for
        # any builder; a page without them (edited by hand, or by an older converter) is reported.
        if page.meta.get("template") == "article.html":
            if missing := [key for key in ARTICLE_FIELDS if not page.meta.get(key)]:
                message = (
                    f"the front matter of this article page has no {', '.join(missing)}, so the "
                    "page shows no sources, citations or JSON-LD (a page edited by hand or "
                    "written by an older converter: put the edit into the seed or its sidecar, "
                    "then run `archive convert --force`)"
                )
                log.warning(str(Problem(_project_path(page, config), None, message, "warning")))
            # The template's title heads the table of contents, so that Material's skip link
            # goes to it (it targets the first entry). The footer's headings are listed by
            # partials/toc.html itself, as under builders without this plugin.
            title = AnchorLink(page.title or "", "__title", 1)
            title.children = list(page.toc)
            page.toc = TableOfContents([title])
        return context

    def on_page_markdown(
        self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        escape_titles(page.meta)
        # The generated part from this conversion, in place of the line that includes the one
        # `archive convert` wrote (publish/home.py): a changed part shows on reload under `mkdocs
        # serve`.
        if not self.config.enabled or self.conversion is None or page.file.src_uri != HOME_PAGE:
            return markdown
        shown = with_home(markdown, self.conversion.home)
        if shown is None:
            log.info(
                f"{page.file.src_uri} has no '{HOME_INCLUDE}' line, so the home page shows no "
                "latest articles"
            )
        return shown

    def on_pre_page(self, page: Page, *, config: MkDocsConfig, files: Files) -> Page | None:
        # MkDocs dates every page with the day of the build and stamps the gzipped sitemap with
        # the newest such date. Stamped with an article's date, a date before 1970 or after 2106
        # does not fit the gzip header (a `struct.error`); the epoch gives mtime 0, which gzip
        # reads as "no time stamp": the same file on every day. (Enabled, the plugin writes the
        # sitemap itself and MkDocs renders none; off, `archive publish` replaces MkDocs' own.)
        page.update_date = UNDATED
        return page

    # Last, when the files and the navigation are final; before any page is rendered.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        self.page_urls = [relative_url(file.url) for file in files.documentation_pages()]
        if not self.dirty:
            return nav
        self.inputs = site_inputs(config, nav, files)
        if self.built is not None and self.built.shared != self.inputs.shared:
            log.info(
                "mkdocs.yml, the theme overrides or the pages of the navigation changed: every "
                "page is built again"
            )
            utils.clean_directory(config.site_dir)
            self.previous_entries = None
        elif self.built is not None:
            removed = remove_outputs(config.site_dir, self.built.outputs - self.inputs.outputs)
            if removed:
                log.info(f"{len(removed)} files of the site removed: their sources are gone")
            # The home page's file does not change when its generated part does: without its
            # output, MkDocs renders it again.
            home = files.get_file_from_path("index.md")
            if (
                home is not None
                and self.conversion is not None
                and self.conversion.home != self.built_home
            ):
                remove_outputs(config.site_dir, [home.abs_dest_path])
        return nav

    def on_env(
        self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files
    ) -> jinja2.Environment | None:
        # Material prints the site's name and description unescaped, like a page's title (see
        # escape_titles): escaped while the pages render, plain again for the rest of the build.
        site_name, site_description = config.site_name, config.site_description
        self.site_texts = (site_name, site_description)
        config.site_name, config.site_description = escaped(site_name), escaped(site_description)
        # MkDocs makes a new environment for each build, which would compile the theme again.
        if self.serving:
            env.bytecode_cache = self.templates
        return env

    @event_priority(200)  # first: the pages are rendered
    def _restore_site_texts(self, *, config: MkDocsConfig) -> None:
        if self.site_texts is not None:
            config.site_name, config.site_description = self.site_texts
            self.site_texts = None

    @event_priority(
        100
    )  # before Material's search plugin merges what it indexed with its previous index
    def _take_search_entries(self, *, config: MkDocsConfig) -> None:
        if self.dirty:
            self.fresh_entries = search_index.indexed_entries(config.plugins)

    def _write_feeds_and_sitemap(self, *, config: MkDocsConfig) -> None:
        # What `archive publish` writes, by the same functions (publish/site.py), for the pages
        # MkDocs built (MkDocs renders no sitemap of its own: on_config).
        if not self.config.enabled or self.conversion is None or self.settings is None:
            return
        feeds, note = feed_files(self.conversion.listed, self.settings)
        if note is not None:
            log.info(note)
        dates = page_dates(self.conversion.links, self.settings)
        write_site_files(
            Path(config.site_dir),
            {**feeds, **sitemap_files(self.page_urls, dates, self.settings.site_url)},
        )

    @event_priority(-100)  # after Material's search plugin has written the index
    def _complete_search_index(self, *, config: MkDocsConfig) -> None:
        if not self.dirty:
            return
        path = search_index.index_file(config.site_dir)
        if self.fresh_entries is not None and self.inputs is not None and path.is_file():
            entries = search_index.merge_entries(
                self.previous_entries or [], self.fresh_entries, self.rebuilt, self.inputs.pages
            )
            search_index.rewrite_index(path, entries)
        self.built = self.inputs
        self.built_home = self.conversion.home if self.conversion is not None else None

    @event_priority(-200)  # last: the site is complete
    def _index_with_pagefind(self, *, config: MkDocsConfig) -> None:
        # Plugin off: the site is the pages `archive convert` wrote; `archive publish` indexes it.
        if self.config.search == "pagefind" and self.config.enabled:
            if self.serving:
                self.pagefind.index_in_background(Path(config.site_dir))
            else:
                self.pagefind.index(Path(config.site_dir))

    on_post_build = CombinedEvent(
        _restore_site_texts,
        _take_search_entries,
        _write_feeds_and_sitemap,
        _complete_search_index,
        _index_with_pagefind,
    )

    def on_build_error(self, *, error: Exception) -> None:
        # A failed dirty build leaves the site folder half updated: the next build starts afresh.
        if self.dirty and self.site_dir is not None:
            utils.clean_directory(self.site_dir)
            self.built = None

    def on_serve(
        self, server: LiveReloadServer, *, config: MkDocsConfig, builder
    ) -> LiveReloadServer:
        # MkDocs watches the theme only with --watch-theme, and then Material's installed files too.
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        if self.config.enabled:
            settings = self.settings_for(config)
            server.watch(str(settings.seeds_dir))
            server.watch(str(settings.glossary_dir))
        return server

    def on_shutdown(self) -> None:
        self.pagefind.stop()
        if self.cache is not None and self.cache_file is not None:
            with conversion_lock(self.cache_file.parent, log.info):
                save_cache(self.cache, self.cache_file, self.saved_cache)


# What an article page's front matter holds for its template beyond the article's data
# (render/article.py).
ARTICLE_FIELDS = ("date_iso", "date_display", "citation", "archived_copy", "json_ld")


@overload
def escaped(text: str) -> str: ...
@overload
def escaped(text: str | None) -> str | None: ...
def escaped(text: str | None) -> str | None:
    """Plain text as HTML text that Jinja's `e` leaves as it is: for templates that print it
    unescaped (Material's) and for ours, which escape it, alike. The characters are written as
    escaping.html_text writes them, which is how the pages have always had them."""
    if text is None or isinstance(text, markupsafe.Markup):
        return text
    return markupsafe.Markup(html_text(str(text)))


def escape_titles(meta: MutableMapping[str, Any]) -> None:
    """A page's title and description, plain text in its front matter, escaped for the templates
    (MkDocs' page.title is the front matter's title). Material prints them unescaped: in the
    <title>, the header, the navigation, the table of contents and the description <meta>."""
    for key in ("title", "description"):
        if isinstance(meta.get(key), str):
            meta[key] = escaped(meta[key])


def _project_path(page: Page, config: MkDocsConfig) -> str:
    """The page's file as a reader finds it: relative to the project (mkdocs.yml's folder)."""
    source = page.file.abs_src_path
    if not source:
        return page.file.src_uri
    relative = os.path.relpath(
        source, os.path.dirname(os.path.abspath(config.config_file_path or "."))
    )
    return page.file.src_uri if relative.startswith("..") else Path(relative).as_posix()


class CompiledTemplates(jinja2.BytecodeCache):
    """The theme's templates, compiled, kept in memory between the builds of `mkdocs serve`.
    Jinja looks them up by name and file, and compiles a template again when its source changed."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()
