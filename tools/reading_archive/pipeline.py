"""The converter: seeds and glossary in, pages and problems out. Reads files; writes nothing.

Every step is skipped where the cache says its inputs did not change: a seed is not read while
its size and time stay the same, nor parsed while its bytes do; related lists are recomputed
only where they can change; a page is not rendered again while everything it shows is the
same. From scratch, reading, parsing, related lists and rendering are shared among the
machine's processors (`parallel.py`). Whatever the cache holds, the pages are those of a run
from scratch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import os
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from .cache import (
    Cache,
    GlossaryFiles,
    PageRecord,
    SeedRecord,
    StoredPage,
    collector_paused,
    seed_key,
)
from .dates import today_anywhere, unusual_date
from .digest import value_digest
from .export import DatasetFile, dataset_fields, dataset_files
from .glossary import Glossary, load_glossary
from .link import GlossaryIndex, link_article
from .model import Article, ArticleLink, ArticleSummary, Page, Problem, SeedError, Term
from .parallel import Kept, Shards
from .publishers import publisher_for_host, publisher_host
from .read import article_from_bytes, seed_bytes
from .related import (
    ArticleWords,
    RelatedInput,
    Relation,
    article_words,
    import_scorer,
    reference_lines,
    resolve_references,
    update_related,
)
from .render import ArticleContext, CitingSite, checksum_of, describe, render_article
from .render_glossary import index_page, mentions_by_term, term_page_paths, term_pages
from .render_listings import Folders, listing_pages, render_home
from .settings import Settings
from .sidecar import SIDECAR_SUFFIX, SidecarError, apply_sidecar, read_sidecar
from .slugs import article_slugs, slugify
from .urls import normalised_url

SEED_SUFFIX = ".txt"


@dataclass(frozen=True)
class Conversion:
    # Linked to the glossary, corrected by their sidecars, in time order. Summaries, not whole
    # articles: an unchanged seed is not parsed again, and a summary holds all that the
    # listings, feeds and the dataset read (the dataset's fields ready as JSON).
    articles: tuple[ArticleSummary, ...]
    glossary: Glossary
    pages: tuple[Page, ...]  # paths relative to the docs folder
    problems: tuple[Problem, ...]
    cache: Cache | None = None  # for the next conversion
    links: Mapping[str, ArticleLink] = field(default_factory=dict)  # each article's page, by seed
    related: Mapping[str, tuple[str, ...]] = field(
        default_factory=dict
    )  # seeds of each article's related articles
    home: str = ""  # the generated part of the home page (Markdown)
    annotated: tuple[
        Article, ...
    ] = ()  # the whole articles that have a sidecar (their annotations), in time order

    @property
    def listed(self) -> list[tuple[ArticleSummary, ArticleLink]]:
        """Each article with where its page is, in time order."""
        return [(article, self.links[article.seed]) for article in self.articles]

    @property
    def errors(self) -> tuple[Problem, ...]:
        return tuple(p for p in self.problems if p.severity == "error")

    @property
    def failed_seeds(self) -> frozenset[str]:
        """Seeds that could not be read this time: their earlier pages are kept."""
        return frozenset(
            p.path for p in self.problems if p.severity == "error" and p.path.endswith(SEED_SUFFIX)
        )


@dataclass(frozen=True)
class Dataset:
    contents: dict[str, DatasetFile]  # by name, relative to the site's root
    cache: Cache  # the conversion's, with each article's record

    @property
    def files(self) -> dict[str, bytes]:
        """Each file's bytes, by name (a copy of each: to write them, `write_dataset`)."""
        return {name: file.data for name, file in self.contents.items()}


def export_dataset(conversion: Conversion, settings: Settings) -> Dataset:
    """The dataset files (export.py), and the conversion's cache with each article's record:
    a record whose inputs did not change since the cached run is not made again."""
    cache = conversion.cache if conversion.cache is not None else Cache()
    contents, records = dataset_files(
        conversion.listed, conversion.related, cache.dataset, cache.texts, cache.code, settings
    )
    return Dataset(contents, dataclasses.replace(cache, dataset=records))


def seed_files(seeds_dir: Path, suffix: str = SEED_SUFFIX) -> list[Path]:
    """The seed files (or their sidecars), in a stable order; hidden files and other kinds of
    file are not seeds."""
    return [seeds_dir / relative for relative, _ in _seed_entries(seeds_dir, (suffix,))[suffix]]


def _seed_entries(
    seeds_dir: Path, suffixes: tuple[str, ...]
) -> dict[str, list[tuple[str, os.DirEntry[str]]]]:
    """By suffix: everything named with it under seeds_dir by its path relative to it, sorted
    as paths are (part by part); hidden folders are skipped and a symbolic link to a folder is
    not followed. Whatever is named like a seed or sidecar is listed, whatever kind of file it
    is (a folder, a named pipe, a link): reading it refuses all but a regular file, with a
    message, instead of leaving it out unsaid. (One walk for seeds and sidecars alike.)"""
    found: dict[str, list[tuple[str, os.DirEntry[str]]]] = {suffix: [] for suffix in suffixes}
    if not seeds_dir.is_dir():
        return found
    folders = [""]
    nested = False
    while folders:
        folder = folders.pop()
        with os.scandir(seeds_dir / folder if folder else seeds_dir) as entries:
            for entry in entries:
                name = entry.name
                if name.startswith("."):
                    continue
                suffix = name[name.rfind(".") :]
                if suffix in found:
                    found[suffix].append((folder + name, entry))
                elif entry.is_dir(follow_symlinks=False):
                    folders.append(f"{folder}{name}/")
                    nested = True
    for files in found.values():
        files.sort(key=(lambda item: item[0].split("/")) if nested else (lambda item: item[0]))
    return found


def summarize(article: Article) -> ArticleSummary:
    return ArticleSummary(
        article.seed,
        article.title,
        article.date.toordinal(),
        article.authors,
        article.original_url,
        article.source_hash,
        article.text_hash,
        article.terms,
        article.mentions,
        article.tags,
        reference_lines(article),
        describe(article),
        slugify(article.title),
        publisher_host(article.original_url),
        article.publisher,
        dataset_fields(article),
        article.date_line,
        article.blocks[0].line,
        article.credits,
    )


@dataclass(frozen=True)
class _Linker:
    """Parses and links seeds; what each worker process of a conversion holds."""

    index: GlossaryIndex
    every_mention: bool

    def parse(self, data: bytes, seed: str, source_hash: str) -> Article | Problem:
        try:
            return link_article(
                article_from_bytes(data, seed, source_hash),
                self.index,
                every_mention=self.every_mention,
            )
        except SeedError as error:
            return error.problem

    def job(
        self, data: bytes, seed: str, source_hash: str
    ) -> tuple[Article | None, tuple[ArticleSummary | Problem, tuple[str, bytes, bytes]]]:
        """For `Shards.map_keep`: the article, kept where it was parsed, and what the pipeline
        needs of it: its summary and its words (compactly: joined by spaces, their counts, and
        the text's sketch)."""
        article = self.parse(data, seed, source_hash)
        if isinstance(article, Problem):
            return None, (article, ("", b"", b""))
        counts, sketch = article_words(article)
        return article, (
            summarize(article),
            (
                " ".join(counts),
                np.fromiter(counts.values(), dtype=np.int32, count=len(counts)).tobytes(),
                sketch,
            ),
        )

    def read_job(
        self, path: Path, root: Path
    ) -> tuple[
        Article | None, tuple[str, str, tuple[ArticleSummary | Problem, tuple[str, bytes, bytes]]]
    ]:
        """`job` of a seed read where it is parsed (so by every worker its share): its name and
        hash too; a seed that cannot be read gives its problem and no hash."""
        try:
            seed, data = seed_bytes(path, root)
        except SeedError as error:
            return None, (error.problem.path, "", (error.problem, ("", b"", b"")))
        source_hash = hashlib.sha256(data).hexdigest()
        article, result = self.job(data, seed, source_hash)
        return article, (seed, source_hash, result)


@dataclass(frozen=True)
class _Seeds:
    """What reading the seeds gave: a record of each for the cache, the articles parsed in this
    run with their words, and the problems of seeds that could not even be read."""

    records: dict[str, SeedRecord]
    parsed: dict[str, Kept]  # where the article is kept (see `Shards`)
    words: dict[str, ArticleWords]
    problems: list[Problem]


def read_seeds(
    files: list[tuple[str, os.DirEntry[str]]],
    settings: Settings,
    linker: _Linker,
    linking: str,
    cache: Cache,
    shards: Shards,
) -> _Seeds:
    """Every seed of `files` (`_seed_entries`), parsed and linked unless the cache has it: by
    its size and time, then by its bytes."""
    records: dict[str, SeedRecord] = {}
    problems: list[Problem] = []
    jobs: list[
        tuple[Path, os.stat_result]
    ] = []  # seeds to parse: read by the processes that parse them
    prefix = _relative(settings.seeds_dir, settings.root) + "/"
    for relative, entry in files:
        seed = prefix + relative
        stat = entry.stat(follow_symlinks=False)
        known = cache.seeds.get(seed)
        if known is None:
            jobs.append((settings.seeds_dir / relative, stat))
            continue
        if (
            not entry.is_symlink()
            and (known.mtime_ns, known.size) == (stat.st_mtime_ns, stat.st_size)
            and known.key.split(":")[1] == linking
        ):
            records[seed] = known
            continue
        try:
            seed, data = seed_bytes(settings.seeds_dir / relative, settings.root)
        except SeedError as error:
            problems.append(error.problem)
            continue
        key = seed_key(seed, hashlib.sha256(data).hexdigest(), linking)
        if known.key == key:
            records[seed] = SeedRecord(stat.st_mtime_ns, stat.st_size, key, known.result)
        else:
            jobs.append((settings.seeds_dir / relative, stat))
    parsed: dict[str, Kept] = {}
    words: dict[str, ArticleWords] = {}
    if len(jobs) >= shards.min_jobs:  # the workers forked now will score related articles too
        import_scorer(len(jobs))
    results = shards.map_keep(linker.read_job, [(path, settings.root) for path, _ in jobs])
    for (_, stat), (kept, (seed, source_hash, (result, (joined, counts, sketch)))) in zip(
        jobs, results, strict=False
    ):
        if not source_hash:  # could not be read
            problems.append(result)
            continue
        if isinstance(result, ArticleSummary):
            parsed[seed] = kept
            words[seed] = ArticleWords(
                dict(
                    zip(
                        joined.split(" "),
                        np.frombuffer(counts, dtype=np.int32).tolist(),
                        strict=False,
                    )
                )
                if counts
                else {},
                sketch,
            )
        records[seed] = SeedRecord(
            stat.st_mtime_ns, stat.st_size, seed_key(seed, source_hash, linking), result
        )
    return _Seeds(dict(sorted(records.items())), parsed, words, problems)


@dataclass(frozen=True)
class _Sidecars:
    """What the sidecars made of their articles: each whole article as its sidecar corrects and
    annotates it, its summary, the sidecar's hash (part of the article's key), where the sidecar
    sets a date other than the seed's (its path and line), and the problems."""

    articles: dict[str, Article]
    summaries: dict[str, ArticleSummary]
    hashes: dict[str, str]
    problems: list[Problem]
    dated: dict[str, tuple[str, int | None]]


def apply_sidecars(
    files: list[tuple[str, os.DirEntry[str]]],
    summaries: Iterable[ArticleSummary],
    settings: Settings,
    glossary: Glossary,
    linker: _Linker,
) -> _Sidecars:
    """Each article as its sidecar file (seeds/<name>.yml, among `files`) corrects and annotates
    it. Sidecars are read on every run, and their articles parsed again, not cached: there are
    few, and this is quick; so their problems are reported on every run. A broken sidecar is
    reported and the article keeps what its seed says."""
    sidecars = _Sidecars({}, {}, {}, [], {})
    paths: dict[str, Path] = {}  # by the name of their seed
    for relative, _ in files:
        path = settings.seeds_dir / relative
        seed = path.with_suffix(SEED_SUFFIX)
        paths[_relative(seed, settings.root)] = path
        if not seed.exists():
            sidecars.problems.append(
                Problem(
                    _relative(path, settings.root),
                    None,
                    f"sidecar without a seed: there is no {seed.name} beside it",
                    "warning",
                )
            )
    if not paths:
        return sidecars
    term_ids = glossary.by_id().keys()
    for summary in summaries:
        if summary.seed not in paths:
            continue
        try:
            sidecar = read_sidecar(paths[summary.seed], settings.root)
        except SidecarError as error:
            sidecars.problems.extend(error.problems)
            continue
        article, notes = apply_sidecar(_reread(summary.seed, settings, linker), sidecar, term_ids)
        sidecars.problems.extend(notes)
        if (
            article.sidecar_hash
        ):  # applied (an unknown glossary term leaves the article as its seed is)
            sidecars.articles[summary.seed] = article
            sidecars.summaries[summary.seed] = summarize(article)
            sidecars.hashes[summary.seed] = ":" + article.sidecar_hash
            if sidecar.date is not None and sidecar.date != summary.date:
                sidecars.dated[summary.seed] = (sidecar.path, sidecar.date_line)
    return sidecars


def date_warnings(
    articles: Iterable[Article | ArticleSummary],
    dated: Mapping[str, tuple[str, int | None]],
    today: dt.date,
) -> list[Problem]:
    """A warning for each article dated before 1800 or after `today`, at the line that states the
    date: in the seed, or in the sidecar where it sets another (`dated`, by seed). Made on every
    run, cached seeds too: whether a date is in the future depends on the day."""
    warnings = []
    for article in articles:
        message = unusual_date(article.date, today)
        if message is not None:
            path, line = dated.get(article.seed, (article.seed, article.date_line))
            warnings.append(Problem(path, line, message, "warning"))
    return warnings


_Story = TypeVar("_Story", Article, ArticleSummary)


def drop_duplicates(articles: Iterable[_Story]) -> tuple[list[_Story], list[Problem]]:
    """Keep the first (by seed name) of the seeds with the same original URL (once normalised:
    urls.py): the others are duplicates, an error each, and dropped. The same text at another
    URL is kept: another outlet's publication of the same wire copy (a syndicated copy), with a
    warning naming the first seed that has the text; related.py pairs them as copies, which each
    page names under "Also published by" and never among its related articles."""
    kept: list[_Story] = []
    problems: list[Problem] = []
    by_url: dict[str, _Story] = {}
    by_text: dict[str, _Story] = {}
    for article in sorted(articles, key=lambda a: a.seed):
        url = normalised_url(article.original_url)
        duplicate = find_duplicate(article, by_url, by_text, url)
        if duplicate is not None and duplicate.shared == "original URL":
            problems.append(
                Problem(
                    article.seed,
                    None,
                    f"duplicate of {duplicate.original.seed} (same original URL); remove one of the two files",
                )
            )
            continue
        if duplicate is not None:
            problems.append(copy_warning(article, duplicate.original, article.seed))
        by_url[url] = article
        by_text.setdefault(
            article.text_hash, article
        )  # a later copy names the first seed with the text
        kept.append(article)
    return kept, problems


def copy_warning(
    article: Article | ArticleSummary, original: Article | ArticleSummary, path: str
) -> Problem:
    """The warning on a syndicated copy (`article`, read from `path`), at the line where its body
    starts: the text it shares with `original`. A warning, not an error: both are kept."""
    message = (
        f"same text as {original.seed}, at another original URL: both are kept as copies of one text "
        "(each page names the other under 'Also published by')"
    )
    host = publisher_host(article.original_url)
    if host == publisher_host(original.original_url):
        message += f"; both are on {host}: if they are one article at two addresses, remove one of the two files"
    return Problem(path, body_line(article), message, "warning")


def body_line(article: Article | ArticleSummary) -> int:
    """The seed line where the article's body starts."""
    return article.body_line if isinstance(article, ArticleSummary) else article.blocks[0].line


@dataclass(frozen=True)
class Duplicate:
    original: Article | ArticleSummary
    shared: str  # what makes it the same story: "original URL" or "text"


def find_duplicate(
    article: Article | ArticleSummary,
    by_url: Mapping[str, Article | ArticleSummary],
    by_text: Mapping[str, Article | ArticleSummary],
    url: str | None = None,
) -> Duplicate | None:
    """The article that `article` is another copy of, among articles indexed by original URL
    (`urls.normalised_url`: another spelling of the same address is the same story) and by text
    hash (the body with whitespace normalised: a re-scraped copy has the same). `url`: the
    article's normalised URL, when the caller has it."""
    url = url or normalised_url(article.original_url)
    original = by_url.get(url) or by_text.get(article.text_hash)
    if original is None:
        return None
    return Duplicate(
        original, "original URL" if normalised_url(original.original_url) == url else "text"
    )


def convert(settings: Settings, cache: Cache | None = None) -> Conversion:
    """Read the glossary and all seeds; link, and render a page for each article and term.

    Work whose inputs are in `cache` is not done again; the conversion returns the cache for
    the next run.
    """
    with collector_paused():
        return _convert(settings, cache or Cache())


def _convert(settings: Settings, cache: Cache) -> Conversion:
    glossary_files, glossary, problems = _glossary(settings, cache)
    index = GlossaryIndex.build(glossary)
    # What linking depends on: the glossary's terms and the linking rule.
    glossary_digest = hashlib.sha256(repr(glossary.terms).encode("utf-8")).hexdigest()
    linking = hashlib.sha256(
        f"{glossary_digest}:{settings.link_every_mention}".encode()
    ).hexdigest()
    linker = _Linker(index, settings.link_every_mention)
    with Shards() as shards:
        files = _seed_entries(settings.seeds_dir, (SEED_SUFFIX, SIDECAR_SUFFIX))
        seeds = read_seeds(files[SEED_SUFFIX], settings, linker, linking, cache, shards)
        problems += seeds.problems
        summaries = [
            r.result for r in seeds.records.values() if isinstance(r.result, ArticleSummary)
        ]
        problems += [r.result for r in seeds.records.values() if isinstance(r.result, Problem)]
        if not seeds.records and not seeds.problems:
            problems.append(
                Problem(
                    _relative(settings.seeds_dir, settings.root),
                    None,
                    f"no seed files (*{SEED_SUFFIX}) found",
                )
            )
        sidecars = apply_sidecars(files[SIDECAR_SUFFIX], summaries, settings, glossary, linker)
        problems += sidecars.problems
        summaries = [sidecars.summaries.get(a.seed, a) for a in summaries]
        articles, duplicates = drop_duplicates(summaries)
        problems += duplicates
        articles.sort(key=lambda a: (a.ordinal, a.seed))  # time order: previous and next
        problems += date_warnings(articles, sidecars.dated, today_anywhere())
        # Words, related articles and pages depend on the sidecar too (a corrected title, tags, annotations).
        keys = {
            a.seed: seeds.records[a.seed].key + sidecars.hashes.get(a.seed, "") for a in articles
        }

        slugs = article_slugs(articles, lambda article: article.slug)
        links, notes = _article_links(articles, slugs, settings)
        plain_links = {seed: _link_plain(link) for seed, link in links.items()}
        problems += notes
        references, notes = resolve_references(articles)
        problems += notes
        named = {seed: tuple(titles.values()) for seed, titles in references.items()}
        words = dict(seeds.words)
        words.update((seed, article_words(article)) for seed, article in sidecars.articles.items())
        rows = cache.related.rows if cache.related is not None else {}
        for (
            article
        ) in articles:  # parsed before, but not among the related articles of the last run
            if article.seed not in words and (
                article.seed not in rows or rows[article.seed].key != keys[article.seed]
            ):
                words[article.seed] = article_words(_reread(article.seed, settings, linker))
        inputs = [
            RelatedInput(
                a.seed,
                keys[a.seed],
                a.ordinal,
                a.original_url,
                a.terms,
                a.mentions,
                words.get(a.seed),
            )
            for a in articles
        ]
        relations, related_state = update_related(
            cache.related, inputs, settings.related, named, shards.map_shares
        )

        page_records: dict[str, PageRecord] = {}
        contexts: list[tuple[str, ArticleContext, str]] = []  # pages to render: seed, context, key
        # Article pages are keyed as a group (see `_in_group`) by every article's link, in time
        # order: what each page shows of its previous, next, related and referenced articles.
        # While the group is the cached one, a page whose article and related list are the
        # cached ones (the same records) is the cached page, without working out its own key.
        # Every page cites the site: its name, and its address when site_url is set (part of
        # the group's key, and of each page's, which outlives a group).
        citing = CitingSite(
            settings.site_url,
            settings.use_directory_urls,
            settings.site_name,
            frozenset(settings.publishers.values()),
        )
        cited_as = (
            citing.site_url,
            citing.use_directory_urls,
            citing.site_name,
            sorted(citing.organisations),
        )
        group = value_digest(
            (
                settings.glossary_url_dir,
                cited_as,
                [(article.seed, plain_links[article.seed]) for article in articles],
            )
        )
        old_rows = cache.related.rows if cache.related is not None else {}
        last = len(articles) - 1
        for number, article in enumerate(articles):
            seed = article.seed
            link = links[seed]
            known = cache.pages.get(link.path)
            if (
                known is not None and known.key.startswith(f"{group}:") and seeds.records[seed] is cache.seeds.get(seed)
                and seed not in sidecars.hashes and related_state.rows[seed] is old_rows.get(seed)
            ):  # fmt: skip
                page_records[link.path] = known
                continue
            # All that rendering reads (`_context`): the article and the glossary (the seed
            # key), and what the page shows of other articles (from plain values: making ten
            # thousand contexts would cost more than rendering the few pages an edit changes).
            own = value_digest((
                keys[seed], link.publisher, slugs[seed], link.path, settings.glossary_url_dir, cited_as,
                # Of a relation, not its score, which moves with every weight.
                [(r[0], *r[2:], plain_links[r[0]]) for r in relations.plain(seed)],
                plain_links[articles[number - 1].seed] if number > 0 else None,
                plain_links[articles[number + 1].seed] if number < last else None,
                [(title, plain_links[other]) for title, other in references.get(seed, {}).items()],
            ))  # fmt: skip
            held = _held(link.path, group, own, cache)
            if held is not None:
                page_records[link.path] = held
            else:
                context = _context(
                    number, articles, links, slugs, relations, references, settings.glossary_url_dir
                )
                contexts.append(
                    (seed, dataclasses.replace(context, citing=citing), f"{group}:{own}")
                )
        terms = glossary.by_id()
        parsed: dict[str, Kept | Article] = dict(seeds.parsed)
        parsed.update(sidecars.articles)  # as their sidecars correct them
        for seed in [
            seed for seed, _, _ in contexts if seed not in parsed
        ]:  # unchanged seed, new context
            parsed[seed] = _reread(seed, settings, linker)
        listed = [(article, links[article.seed]) for article in articles]
        folders = Folders(
            settings.articles_dir,
            settings.publishers_url_dir,
            settings.tags_url_dir,
            settings.glossary_url_dir,
        )
        other_pages: list[Page] = []  # listings and glossary: they show no article page
        other_records: dict[str, PageRecord] = {}

        def make_other_pages() -> None:  # while the workers render their share of the article pages
            other_pages.extend(
                _listing_pages(
                    listed, folders, settings.listing_page_size, plain_links, cache, other_records
                )
            )
            other_pages.extend(_glossary_pages(
                glossary, glossary_digest, index, listed, plain_links, settings.glossary_url_dir, settings.listing_page_size, cache, other_records
            ))  # fmt: skip

        rendered = shards.map_kept(
            _Renderer(terms).render,
            [(parsed[seed], context) for seed, context, _ in contexts],
            make_other_pages,
        )
    for (_, context, key), (checksum, data) in zip(contexts, rendered, strict=False):
        page_records[context.path] = PageRecord(key, checksum, data)
    pages: list[Page] = [
        StoredPage(links[a.seed].path, page_records[links[a.seed].path], a.seed, cache.texts)
        for a in articles
    ]
    pages += other_pages
    page_records.update(other_records)  # after the articles', as the cache has always held them
    return Conversion(
        tuple(articles),
        glossary,
        tuple(pages),
        tuple(sorted(problems, key=_problem_order)),
        Cache(
            cache.code,
            seeds.records,
            page_records,
            related_state,
            glossary_files,
            cache.texts,
            cache.dataset,
        ),
        links,
        {seed: relations.related_seeds(seed) for seed in relations},
        render_home(listed, len(glossary.terms), "index.md", folders),
        tuple(sidecars.articles[a.seed] for a in articles if a.seed in sidecars.articles),
    )


@dataclass(frozen=True)
class _Renderer:
    """Renders article pages, in whichever process keeps the article; contexts travel without
    the glossary, which the renderer brings."""

    terms: Mapping[str, Term]

    def render(self, article: Article, context: ArticleContext) -> tuple[str, bytes]:
        text = render_article(article, dataclasses.replace(context, terms=self.terms))
        return checksum_of(text), text.encode("utf-8")


def _record(key: str, text: str) -> PageRecord:
    return PageRecord(key, checksum_of(text), text.encode("utf-8"))


def _glossary(settings: Settings, cache: Cache) -> tuple[GlossaryFiles, Glossary, list[Problem]]:
    """The glossary as `load_glossary` reads it, unless no file of it changed (by name, size
    and time) since the cached run."""
    stats = _glossary_stats(settings.glossary_dir)
    if cache.glossary is not None and cache.glossary.stats == stats:
        return cache.glossary, cache.glossary.glossary(), list(cache.glossary.problems())
    glossary, problems = load_glossary(settings.glossary_dir, settings.root)
    return GlossaryFiles.of(stats, glossary, problems), glossary, problems


def _glossary_stats(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, time and size of each file that `load_glossary` reads (its *.md), by name."""
    try:
        with os.scandir(folder) as entries:
            found = sorted((entry.name, entry) for entry in entries if entry.name.endswith(".md"))
    except (FileNotFoundError, NotADirectoryError):
        return ()
    return tuple(
        (name, (stat := entry.stat(follow_symlinks=False)).st_mtime_ns, stat.st_size)
        for name, entry in found
    )


def _glossary_pages(
    glossary: Glossary,
    glossary_digest: str,
    index: GlossaryIndex,
    listed: list[tuple[ArticleSummary, ArticleLink]],
    plain_links: Mapping[str, tuple[str, int, str, str]],
    glossary_dir: str,
    page_size: int,
    cache: Cache,
    records: dict[str, PageRecord],
) -> list[Page]:
    """The glossary's index and term pages (each term's with the pages that continue its list),
    keyed as a group (`_in_group`) by the glossary and every article's link and terms; each
    term's rendered again only when what they show changed."""
    # Every term page links the other terms' names and summaries, so each depends on the whole glossary.
    whole = value_digest((glossary_digest, glossary_dir, page_size))
    group = value_digest(
        (whole, [(plain_links[article.seed], article.terms) for article, _ in listed])
    )
    sources = {
        f"{glossary_dir}/{term.id}.md": term.source for term in glossary.terms
    }  # of the first page of each term
    held = _held_group(group, lambda path: sources.get(path, "glossary/"), cache, records)
    if held is not None:
        return held
    mentions = mentions_by_term(listed)
    plain_by_path = {link.path: plain_links[article.seed] for article, link in listed}
    own = value_digest((whole, [(t.id, len(mentions.get(t.id, ()))) for t in glossary.terms]))
    pages = [
        _in_group(
            f"{glossary_dir}/index.md",
            group,
            own,
            "glossary/",
            lambda: index_page(glossary, mentions),
            cache,
            records,
        )
    ]
    for term in glossary.terms:
        shown = mentions.get(term.id, ())
        own = value_digest((whole, term.id, [plain_by_path[link.path] for link in shown]))
        paths = term_page_paths(term, len(shown), glossary_dir, page_size)
        if all(
            (known := cache.pages.get(path)) is not None and known.key.partition(":")[2] == own
            for path in paths
        ):
            texts = {}
        else:  # the term's pages are made together
            texts = term_pages(term, glossary, index, shown, glossary_dir, page_size)
        for path in paths:
            pages.append(
                _in_group(
                    path,
                    group,
                    own,
                    sources.get(path, "glossary/"),
                    functools.partial(texts.__getitem__, path),
                    cache,
                    records,
                )
            )
    return pages


def _listing_pages(
    listed: list[tuple[ArticleSummary, ArticleLink]],
    folders: Folders,
    page_size: int,
    plain_links: Mapping[str, tuple[str, int, str, str]],
    cache: Cache,
    records: dict[str, PageRecord],
) -> list[Page]:
    """The listings (by date, publisher and tag, paginated), keyed as a group (`_in_group`) by
    every article's link, lead and tags, the folders and the page size; each rendered again
    only when what it shows changed."""
    settings = (folders.articles, folders.publishers, folders.tags, folders.glossary, page_size)
    group = value_digest(
        (
            settings,
            [
                (plain_links[article.seed], article.description, article.tags)
                for article, _ in listed
            ],
        )
    )
    held = _held_group(group, lambda path: "seeds/", cache, records)
    if held is not None:
        return held
    pages: list[Page] = []
    for page in listing_pages(listed, folders, page_size):
        own = value_digest(
            (
                settings,
                page.meta,
                page.before,
                page.after,
                [(plain_links[a.seed], describe(a)) for a, _ in page.entries],
            )
        )
        pages.append(_in_group(page.path, group, own, "seeds/", page.text, cache, records))
    return pages


# Listing and glossary pages are keyed in groups: a page's key is `<group>:<own>`, where `group`
# digests what any page of the group shows (of every article: its link, lead, tags or terms) and
# `own` what the page itself shows. When an edit changes nothing that the group shows (most edits
# of an article's text), the group is the cached one and so is every page of it, without working
# out each page's own key; otherwise each page is rendered again only when its own key changed.


def _held_group(
    group: str, source_of: Callable[[str], str], cache: Cache, records: dict[str, PageRecord]
) -> list[Page] | None:
    """The pages of the group as the cache holds them when it holds the group under the key
    `group` (the same inputs: so the same pages, in the same order), else None."""
    prefix = group + ":"
    held = [(path, record) for path, record in cache.pages.items() if record.key.startswith(prefix)]
    if not held:
        return None
    records.update(held)
    return [StoredPage(path, record, source_of(path), cache.texts) for path, record in held]


def _in_group(
    path: str,
    group: str,
    own: str,
    source: str,
    render: Callable[[], str],
    cache: Cache,
    records: dict[str, PageRecord],
) -> Page:
    """The page at `path` as the cache holds it when its own key is the cached one, else as
    `render` makes it."""
    record = _held(path, group, own, cache) or _record(f"{group}:{own}", render())
    records[path] = record
    return StoredPage(path, record, source, cache.texts)


def _held(path: str, group: str, own: str, cache: Cache) -> PageRecord | None:
    """The cached record of the page at `path` (keyed under `group` now) if its own key is
    `own`, else None."""
    record = cache.pages.get(path)
    if record is None or record.key.partition(":")[2] != own:
        return None
    key = f"{group}:{own}"
    return record if record.key == key else record._replace(key=key)


def _reread(seed: str, settings: Settings, linker: _Linker) -> Article:
    """An article whose seed the cache says is unchanged, read again to render its page."""
    _, data = seed_bytes(settings.root / seed, settings.root)
    result = linker.parse(data, seed, hashlib.sha256(data).hexdigest())
    if isinstance(result, Problem):  # changed since it was looked at in this run
        raise SeedError(result)
    return result


def _link_plain(link: ArticleLink) -> tuple[str, int, str, str]:
    return (link.title, link.date.toordinal(), link.publisher, link.path)


def _context(
    number: int,
    articles: list[ArticleSummary],
    links: Mapping[str, ArticleLink],
    slugs: Mapping[str, str],
    relations: Mapping[str, tuple[Relation, ...]],
    references: Mapping[str, Mapping[str, str]],
    glossary_dir: str,
) -> ArticleContext:
    """What the page of the article at `number` (in time order) shows of the archive."""
    seed = articles[number].seed
    link = links[seed]
    return ArticleContext(
        publisher=link.publisher,
        slug=slugs[seed],
        path=link.path,
        glossary_dir=glossary_dir,
        related=tuple((relation, links[relation.seed]) for relation in relations[seed]),
        previous=links[articles[number - 1].seed] if number > 0 else None,
        next=links[articles[number + 1].seed] if number + 1 < len(articles) else None,
        references={title: links[other] for title, other in references.get(seed, {}).items()},
    )


def _article_links(
    articles: list[ArticleSummary], slugs: dict[str, str], settings: Settings
) -> tuple[dict[str, ArticleLink], list[Problem]]:
    """Where each article's page is and what other pages show of it; a note for each article
    whose publisher is not named in the settings."""
    links: dict[str, ArticleLink] = {}
    notes: list[Problem] = []
    for article in articles:
        publisher, note = publisher_of(article, settings)
        if note is not None:
            notes.append(note)
        date = article.date
        path = f"{settings.articles_dir}/{date.year:04d}/{date.month:02d}/{slugs[article.seed]}.md"  # (strftime: 3 times as long)
        links[article.seed] = ArticleLink(article.title, date, publisher, path)
    return links, notes


def publisher_of(
    article: Article | ArticleSummary, settings: Settings
) -> tuple[str, Problem | None]:
    """The publisher's name: as the sidecar corrects it, else as the settings name it for the
    article's original URL; when neither does, its host, and a note saying where to name it."""
    host = (
        article.host
        if isinstance(article, ArticleSummary)
        else publisher_host(article.original_url)
    )
    publisher = article.publisher or publisher_for_host(host, settings.publishers)
    if publisher is not None:
        return publisher, None
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
