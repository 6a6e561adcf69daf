"""The converter: seeds and glossary in, pages and problems out. Reads files; writes nothing."""

from __future__ import annotations

import dataclasses
import hashlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from .glossary import Glossary, load_glossary
from .link import GlossaryIndex, link_article
from .cache import Cache, seed_key
from .model import Article, ArticleLink, Page, Problem, SeedError
from .publishers import publisher_for, publisher_host
from .related import related_for, resolve_references, word_counts
from .read import article_from_bytes, seed_bytes
from .render import ArticleContext, render_article
from .render_glossary import mentions_by_term, render_glossary_pages
from .render_listings import Folders, render_home, render_listing_pages
from .settings import Settings
from .sidecar import SIDECAR_SUFFIX, SidecarError, apply_sidecar, read_sidecar
from .slugs import article_slugs

SEED_SUFFIX = ".txt"


@dataclass(frozen=True)
class Conversion:
    articles: tuple[Article, ...]  # enriched: glossary terms linked
    glossary: Glossary
    pages: tuple[Page, ...]  # paths relative to the docs folder
    problems: tuple[Problem, ...]
    cache: Cache | None = None  # for the next conversion
    links: Mapping[str, ArticleLink] = field(default_factory=dict)  # each article's page, by seed
    related: Mapping[str, tuple[str, ...]] = field(default_factory=dict)  # seeds of each article's related articles
    home: str = ""  # the generated part of the home page (Markdown)

    @property
    def listed(self) -> list[tuple[Article, ArticleLink]]:
        """Each article with where its page is, in time order."""
        return [(article, self.links[article.seed]) for article in self.articles]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def failed_seeds(self) -> frozenset[str]:
        """Seeds that could not be read this time: their earlier pages are kept."""
        return frozenset(p.path for p in self.problems if p.severity == "error" and p.path.endswith(SEED_SUFFIX))


def seed_files(seeds_dir: Path, suffix: str = SEED_SUFFIX) -> list[Path]:
    """The seed files (or their sidecars), in a stable order; hidden files and other kinds of
    file are not seeds."""
    if not seeds_dir.is_dir():
        return []
    return sorted(
        path
        for path in seeds_dir.rglob(f"*{suffix}")
        if (path.is_file() or path.is_symlink()) and not any(part.startswith(".") for part in path.relative_to(seeds_dir).parts)
    )


def load_articles(
    settings: Settings, index: GlossaryIndex, linking: str, cache: Cache
) -> tuple[list[Article], list[Problem], dict[str, Article | Problem]]:
    """Every seed that parses, linked to the glossary; one problem for each that does not; and
    both by seed key for the next run's cache. A seed whose bytes and whose `linking` (the
    glossary and the linking rule) are in the cache is neither parsed nor linked again."""
    articles: list[Article] = []
    problems: list[Problem] = []
    results: dict[str, Article | Problem] = {}
    for path in seed_files(settings.seeds_dir):
        try:
            seed, data = seed_bytes(path, settings.root)
        except SeedError as error:
            problems.append(error.problem)
            continue
        key = seed_key(seed, hashlib.sha256(data).hexdigest(), linking)
        result = cache.articles.get(key)
        if result is None:
            try:
                result = link_article(article_from_bytes(data, seed), index, every_mention=settings.link_every_mention)
            except SeedError as error:
                result = error.problem
        results[key] = result
        (problems if isinstance(result, Problem) else articles).append(result)  # type: ignore[arg-type]
    if not articles and not problems:
        problems.append(Problem(_relative(settings.seeds_dir, settings.root), None, f"no seed files (*{SEED_SUFFIX}) found"))
    return articles, problems, results


def apply_sidecars(articles: list[Article], settings: Settings, glossary: Glossary) -> tuple[list[Article], list[Problem]]:
    """Each article as its sidecar file (seeds/<name>.yml) corrects and annotates it. Sidecars
    are read on every run, not cached: there are few, and applying one is quick. A broken
    sidecar is reported and the article keeps what its seed says."""
    problems: list[Problem] = []
    sidecars: dict[str, Path] = {}  # by the name of their seed
    for path in seed_files(settings.seeds_dir, SIDECAR_SUFFIX):
        seed = path.with_suffix(SEED_SUFFIX)
        sidecars[_relative(seed, settings.root)] = path
        if not seed.exists():
            problems.append(Problem(_relative(path, settings.root), None, f"sidecar without a seed: there is no {seed.name} beside it", "warning"))
    term_ids = glossary.by_id().keys()
    applied = []
    for article in articles:
        if article.seed in sidecars:
            try:
                article, notes = apply_sidecar(article, read_sidecar(sidecars[article.seed], settings.root), term_ids)
                problems += notes
            except SidecarError as error:
                problems += error.problems
        applied.append(article)
    return applied, problems


def drop_duplicates(articles: Iterable[Article]) -> tuple[list[Article], list[Problem]]:
    """Keep the first copy (by seed name) of each story: same original URL, or same text."""
    kept: list[Article] = []
    problems: list[Problem] = []
    by_url: dict[str, Article] = {}
    by_text: dict[str, Article] = {}
    for article in sorted(articles, key=lambda a: a.seed):
        duplicate = find_duplicate(article, by_url, by_text)
        if duplicate is not None:
            problems.append(
                Problem(article.seed, None, f"duplicate of {duplicate.original.seed} (same {duplicate.shared}); remove one of the two files")
            )
            continue
        by_url[article.original_url] = article
        by_text[article.text_hash] = article
        kept.append(article)
    return kept, problems


@dataclass(frozen=True)
class Duplicate:
    original: Article
    shared: str  # what makes it the same story: "original URL" or "text"


def find_duplicate(article: Article, by_url: Mapping[str, Article], by_text: Mapping[str, Article]) -> Duplicate | None:
    """The article that `article` is another copy of, among articles indexed by original URL and
    by text hash (the body with whitespace normalised: a re-scraped copy has the same)."""
    original = by_url.get(article.original_url) or by_text.get(article.text_hash)
    if original is None:
        return None
    return Duplicate(original, "original URL" if original.original_url == article.original_url else "text")


def convert(settings: Settings, cache: Cache | None = None) -> Conversion:
    """Read the glossary and all seeds; link, and render a page for each article and term.

    Seeds found in `cache` (by content) are not parsed or linked again; the conversion returns
    the cache for the next run.
    """
    cache = cache or Cache()
    glossary, problems = load_glossary(settings.glossary_dir, settings.root)
    index = GlossaryIndex.build(glossary)
    # What linking depends on: the glossary's terms and the linking rule.
    linking = hashlib.sha256(repr((glossary.terms, settings.link_every_mention)).encode("utf-8")).hexdigest()
    articles, seed_problems, results = load_articles(settings, index, linking, cache)
    articles, sidecar_problems = apply_sidecars(articles, settings, glossary)
    problems += sidecar_problems
    articles, duplicates = drop_duplicates(articles)
    problems += seed_problems + duplicates
    # Words and pages depend on the sidecar too (a corrected title, annotations).
    keys = {a.seed: seed_key(a.seed, a.source_hash + a.sidecar_hash, linking) for a in articles}
    words = {keys[a.seed]: cache.words.get(keys[a.seed]) or word_counts(a) for a in articles}

    articles.sort(key=lambda a: (a.date, a.seed))  # time order: previous and next
    slugs = article_slugs(articles)
    links, notes = _article_links(articles, slugs, settings)
    problems += notes
    references, notes = resolve_references(articles)
    problems += notes
    named = {seed: tuple(titles.values()) for seed, titles in references.items()}
    relations = related_for(articles, settings.related, named, {a.seed: words[keys[a.seed]] for a in articles})

    terms = glossary.by_id()
    pages: list[Page] = []
    rendered: dict[str, str] = {}
    for number, article in enumerate(articles):
        link = links[article.seed]
        context = ArticleContext(
            publisher=link.publisher,
            slug=slugs[article.seed],
            path=link.path,
            terms=terms,
            glossary_dir=settings.glossary_url_dir,
            related=tuple((relation, links[relation.seed]) for relation in relations[article.seed]),
            previous=links[articles[number - 1].seed] if number > 0 else None,
            next=links[articles[number + 1].seed] if number + 1 < len(articles) else None,
            references={title: links[seed] for title, seed in references.get(article.seed, {}).items()},
        )
        # A page's key covers all its rendering reads: the article and glossary (the seed key)
        # and the context; the code is covered by the cache itself.
        render_key = hashlib.sha256(repr((keys[article.seed], dataclasses.replace(context, terms={}))).encode("utf-8")).hexdigest()
        rendered[render_key] = cache.pages.get(render_key) or render_article(article, context)
        pages.append(Page(link.path, rendered[render_key], article.seed))

    listed = [(article, links[article.seed]) for article in articles]
    folders = Folders(settings.articles_dir, settings.publishers_url_dir, settings.tags_url_dir, settings.glossary_url_dir)
    listings = render_listing_pages(listed, folders, settings.listing_page_size)
    pages += [Page(path, text, "seeds/") for path, text in listings.items()]
    glossary_pages = render_glossary_pages(
        glossary, index, mentions_by_term(listed), settings.glossary_url_dir, settings.listing_page_size
    )
    sources = {f"{settings.glossary_url_dir}/{term.id}.md": term.source for term in glossary.terms}
    pages += [Page(path, text, sources.get(path, "glossary/")) for path, text in glossary_pages.items()]
    return Conversion(
        tuple(articles),
        glossary,
        tuple(pages),
        tuple(sorted(problems, key=_problem_order)),
        Cache(cache.code, results, words, rendered),
        links,
        {seed: tuple(relation.seed for relation in shown) for seed, shown in relations.items()},
        render_home(listed, len(glossary.terms), "index.md", folders),
    )


def _article_links(
    articles: list[Article], slugs: dict[str, str], settings: Settings
) -> tuple[dict[str, ArticleLink], list[Problem]]:
    """Where each article's page is and what other pages show of it; a note for each article
    whose publisher is not named in the settings."""
    links: dict[str, ArticleLink] = {}
    notes: list[Problem] = []
    for article in articles:
        publisher, note = publisher_of(article, settings)
        if note is not None:
            notes.append(note)
        path = f"{settings.articles_dir}/{article.date:%Y/%m}/{slugs[article.seed]}.md"
        links[article.seed] = ArticleLink(article.title, article.date, publisher, path)
    return links, notes


def publisher_of(article: Article, settings: Settings) -> tuple[str, Problem | None]:
    """The publisher's name: as the sidecar corrects it, else as the settings name it for the
    article's original URL; when neither does, its host, and a note saying where to name it."""
    publisher = article.publisher or publisher_for(article.original_url, settings.publishers)
    if publisher is not None:
        return publisher, None
    host = publisher_host(article.original_url)
    return host, Problem(
        article.seed,
        None,
        f"no publisher is named for {host}; add '{host}: <name>' under the archive plugin's "
        "publishers in mkdocs.yml (the host is shown meanwhile)",
        "warning",
    )


def _problem_order(problem: Problem) -> tuple[str, int]:
    return (problem.path, problem.line or 0)


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
