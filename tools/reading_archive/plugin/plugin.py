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
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import AnchorLink, TableOfContents
from mkdocs.utils.templates import TemplateContext

from ..cache import load_cache, save_cache
from ..cite import article_citation
from ..export import export_dataset
from ..pipeline import Conversion, convert
from ..related import RelatedSettings
from ..settings import Settings
from ..webannotation import EXPORT_PATH, annotation_collection, page_url
from ..write import write_if_changed, write_pages
from .config import ArchiveConfig

log = get_plugin_logger(__name__)


class ArchivePlugin(BasePlugin[ArchiveConfig]):
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
            site_url=config.site_url or "",
            use_directory_urls=config.use_directory_urls,
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
        files.append(File.generated(config, EXPORT_PATH, content=self.annotations_export(conversion, config)))

        # The dataset, as files of the site (not written after the build) so that the home
        # page's links to it are checked like any link, and `mkdocs serve` serves it too.
        dataset_dir = settings.cache_dir / "dataset"
        for name, text in export_dataset(conversion, settings).items():
            write_if_changed(dataset_dir / name, text)
            if (converted := files.get_file_from_path(name)) is not None:  # written by `archive convert`
                files.remove(converted)
            files.append(File.generated(config, name, abs_src_path=str(dataset_dir / name)))
        return files

    def annotations_export(self, conversion: Conversion, config: MkDocsConfig) -> str:
        """All annotations as W3C Web Annotation JSON-LD, targeting the published pages."""
        if not config.site_url and any(article.annotations for article in conversion.articles):
            log.info(f"{EXPORT_PATH}: site_url is not set in mkdocs.yml, so its ids are relative to where the file is served")
        urls = {page.seed: page_url(page.path, config.use_directory_urls) for page in conversion.pages}
        return annotation_collection(conversion.articles, urls, config.site_url, f"Annotations of {config.site_name}")

    def on_page_context(self, context: TemplateContext, *, page: Page, config: MkDocsConfig, nav) -> TemplateContext:
        # Article pages get their citations and JSON-LD, from the front matter as it finally is.
        if page.meta.get("template") == "article.html":
            try:
                context["citation"] = article_citation(
                    page.meta,
                    page_url=page.canonical_url,
                    site_name=config.site_name,
                    organisations=set(self.config.publishers.values()),
                )
            except (KeyError, TypeError, ValueError) as error:  # a page edited by hand
                log.warning(f"{page.file.src_uri}: error: cannot cite this article: bad or missing front matter ({error!r})")
            # The template's title and footer headings join the table of contents, so that
            # Material's skip link goes to the title (it targets the first entry) and the
            # footer is listed.
            title = AnchorLink(page.title or "", "__title", 1)
            title.children = [*page.toc, AnchorLink("Sources", "__sources", 2), AnchorLink("Cite this article", "__cite", 2)]
            page.toc = TableOfContents([title])
        return context

    def on_serve(self, server: LiveReloadServer, *, config: MkDocsConfig, builder) -> LiveReloadServer:
        if self.config.enabled:
            settings = self.settings_for(config)
            server.watch(str(settings.seeds_dir))
            server.watch(str(settings.glossary_dir))
        return server
