"""Event handlers of the `archive` plugin: a thin adapter from MkDocs to the converter.

Pages are generated into the cache folder (outside docs_dir, so that `mkdocs serve` does not
see its own output and rebuild again) and handed to MkDocs as files of the docs. Seeds are
watched by `mkdocs serve`, so an edited seed shows on reload.
"""

from __future__ import annotations

from pathlib import Path
from types import MappingProxyType

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.livereload import LiveReloadServer
from mkdocs.plugins import BasePlugin, event_priority, get_plugin_logger
from mkdocs.structure.files import File, Files

from ..cache import load_cache, save_cache
from ..pipeline import convert
from ..related import RelatedSettings
from ..settings import Settings
from ..write import write_pages
from .config import ArchiveConfig
from .pagefind import PagefindIndexer

log = get_plugin_logger(__name__)


class ArchivePlugin(BasePlugin[ArchiveConfig]):
    def __init__(self) -> None:
        super().__init__()
        self.pagefind = PagefindIndexer()
        self.serving = False

    # Defining on_startup also keeps this instance across the rebuilds of `mkdocs serve`.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        search = config.plugins.get("material/search")
        if self.config.search == "pagefind" and search is not None and search.config.enabled:
            raise PluginError("archive: `search: pagefind` replaces Material's search: remove `search` from plugins in mkdocs.yml")
        self.pagefind.stop()  # an unfinished index of the previous serve build
        return config

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

    # Before Material's blog plugin (priority 0) collects the posts among the files.
    @event_priority(50)
    def on_files(self, files: Files, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return files
        settings = self.settings_for(config)
        cache = load_cache(settings.cache_file)
        conversion = convert(settings, cache)
        save_cache(conversion.cache, settings.cache_file, cache)
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

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.config.search == "pagefind":
            if self.serving:
                self.pagefind.index_in_background(Path(config.site_dir))
            else:
                self.pagefind.index(Path(config.site_dir))

    def on_shutdown(self) -> None:
        self.pagefind.stop()

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        if self.config.enabled:
            settings = self.settings_for(config)
            server.watch(str(settings.seeds_dir))
            server.watch(str(settings.glossary_dir))
        return server
