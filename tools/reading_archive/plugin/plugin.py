"""Event handlers of the `archive` plugin: a thin adapter from MkDocs to the converter.

Pages are generated into the cache folder (outside docs_dir, so that `mkdocs serve` does not
see its own output and rebuild again) and handed to MkDocs as files of the docs. Seeds are
watched by `mkdocs serve`, so an edited seed shows on reload.

The plugin defines `on_startup`, so MkDocs keeps one instance for all the builds of a `mkdocs
serve`: the converter's cache stays in memory between rebuilds, and a page is rewritten only when
its text changed. With `--dirty`, MkDocs then renders only the pages whose files changed, and
the plugin keeps that result what a full build makes: the search index complete and current
(search_index.py), and every page built again after a change that a dirty build cannot see
(dirty_build.py).
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

import jinja2
from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page
from mkdocs.utils.templates import TemplateContext

from ..cache import Cache, load_cache, save_cache
from ..pipeline import convert
from ..related import RelatedSettings
from ..settings import Settings
from ..write import write_pages
from . import search_index
from .config import ArchiveConfig
from .dirty_build import SiteInputs, remove_outputs, site_inputs

log = get_plugin_logger(__name__)


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
        self.site_dir: str | None = None
        self.templates = CompiledTemplates()

    def settings_for(self, config: MkDocsConfig) -> Settings:
        root = Path(config.config_file_path or ".").resolve().parent
        articles_dir = self.config.articles_dir.strip("/")
        if not articles_dir or ".." in Path(articles_dir).parts:
            raise PluginError(f"archive: articles_dir must be a folder inside docs_dir, not '{self.config.articles_dir}'")
        return Settings(
            root=root,
            seeds_dir=root / self.config.seeds_dir,
            docs_dir=Path(config.docs_dir),
            glossary_dir=root / self.config.glossary_dir,
            articles_dir=articles_dir,
            link_every_mention=self.config.link_every_mention,
            related=RelatedSettings(**{key: value for key, value in self.config.related.items()}),
            cache_dir=root / self.config.cache_dir,
            publishers=MappingProxyType(dict(self.config.publishers)),
        )

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"
        self.dirty = dirty

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        self.site_dir = config.site_dir
        if self.dirty:
            self.previous_entries = search_index.read_entries(search_index.index_file(config.site_dir))
            self.rebuilt = set()
            self.fresh_entries = None

    # Before Material's blog plugin (priority 0) collects the posts among the files.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        settings = self.settings_for(config)
        cache = self.cache if self.cache is not None else load_cache(settings.cache_file)
        conversion = convert(settings, cache)
        if not self.serving:
            save_cache(conversion.cache, settings.cache_file, cache)
        else:
            # Kept for the next rebuild, which then does not pay for reading or writing the
            # whole cache file: it is written after the first build, and by on_shutdown.
            if self.cache is None:
                save_cache(conversion.cache, settings.cache_file, cache)
                self.saved_cache = conversion.cache
            self.cache, self.cache_file = conversion.cache, settings.cache_file
        pages_dir = settings.cache_dir / "pages"
        report = write_pages(list(conversion.pages), pages_dir, settings.generated_dirs, failed_seeds=conversion.failed_seeds)
        for problem in conversion.problems + report.problems:
            if problem.severity == "error":
                log.warning(str(problem))
            else:
                log.info(str(problem))
        log.info(
            f"{len(conversion.articles)} articles, {len(conversion.glossary.terms)} terms: {len(report.written)} pages "
            f"written, {report.unchanged} unchanged, {len(report.removed)} removed"
        )

        # Pages that `archive convert` wrote into the docs are replaced by the current ones.
        prefixes = tuple(folder + "/" for folder in settings.generated_dirs)
        for file in [f for f in files if f.src_uri.startswith(prefixes)]:
            files.remove(file)
        for path in [page.path for page in conversion.pages] + list(report.kept):
            files.append(File.generated(config, path, abs_src_path=str(pages_dir / path)))
        return files

    # Last, when the files and the navigation are final; before any page is rendered.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation | None:
        if not self.dirty:
            return nav
        self.inputs = site_inputs(config, nav, files)
        if self.built is not None and self.built.shared != self.inputs.shared:
            log.info("mkdocs.yml, the theme overrides or the pages of the navigation changed: every page is built again")
            utils.clean_directory(config.site_dir)
            self.previous_entries = None
        elif self.built is not None:
            removed = remove_outputs(config.site_dir, self.built.outputs - self.inputs.outputs)
            if removed:
                log.info(f"{len(removed)} files of the site removed: their sources are gone")
        return nav

    def on_env(self, env: jinja2.Environment, *, config: MkDocsConfig, files: Files) -> jinja2.Environment | None:
        # MkDocs makes a new environment for each build, which would compile the theme again.
        if self.serving:
            env.bytecode_cache = self.templates
        return env

    def on_page_context(
        self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        if self.dirty:
            self.rebuilt.add(page.url)
        return context

    @event_priority(100)  # before Material's search plugin merges what it indexed with its previous index
    def _take_search_entries(self, *, config: MkDocsConfig) -> None:
        if self.dirty:
            self.fresh_entries = search_index.indexed_entries(config.plugins)

    @event_priority(-100)  # after Material's search plugin has written the index
    def _complete_search_index(self, *, config: MkDocsConfig) -> None:
        if not self.dirty:
            return
        path = search_index.index_file(config.site_dir)
        if self.fresh_entries is not None and self.inputs is not None and path.is_file():
            entries = search_index.merge_entries(self.previous_entries or [], self.fresh_entries, self.rebuilt, self.inputs.pages)
            search_index.rewrite_index(path, entries)
        self.built = self.inputs

    on_post_build = CombinedEvent(_take_search_entries, _complete_search_index)

    def on_build_error(self, *, error: Exception) -> None:
        # A failed dirty build leaves the site folder half updated: the next build starts afresh.
        if self.dirty and self.site_dir is not None:
            utils.clean_directory(self.site_dir)
            self.built = None

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        # MkDocs watches the theme only with --watch-theme, and then Material's installed files too.
        if config.theme.custom_dir:
            server.watch(config.theme.custom_dir)
        if self.config.enabled:
            settings = self.settings_for(config)
            server.watch(str(settings.seeds_dir))
            server.watch(str(settings.glossary_dir))
        return server

    def on_shutdown(self) -> None:
        if self.cache is not None and self.cache_file is not None:
            save_cache(self.cache, self.cache_file, self.saved_cache)


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
