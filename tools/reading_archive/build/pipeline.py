"""The converter: seeds and glossary in, pages and problems out. Reads files; writes nothing.

Every step is skipped where the cache says its inputs did not change: a seed is not read while
its size and time stay the same, nor parsed while its bytes do; related lists are recomputed
only where they can change; a page is not rendered again while its inputs are the same (the
build engine: build/engine.py, build/pages.py). From scratch, reading, parsing, related lists
and rendering are shared among the machine's processors (`build/parallel.py`). Whatever the cache
holds, the pages are those of a run from scratch.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import numpy as np

from ..base.dates import today_anywhere, unusual_date
from ..base.slugs import article_slugs, slugify
from ..base.urls import normalised_url
from ..enrich.glossary import Glossary, load_glossary
from ..enrich.link import GlossaryIndex, link_article
from ..enrich.publishers import publisher_for_host, publisher_host
from ..enrich.related import (
    ArticleWords,
    RelatedInput,
    RelatedLists,
    RelatedState,
    article_words,
    import_scorer,
    reference_lines,
    resolve_references,
    update_related,
)
from ..enrich.sidecar import SIDECAR_SUFFIX, SidecarError, apply_sidecar, read_sidecar
from ..model import Article, ArticleLink, ArticleSummary, Page, Problem, SeedError
from ..publish.export import DatasetFile, dataset_fields, dataset_files
from ..read.seed import article_from_bytes, seed_bytes
from ..render.article import describe
from ..render.listings import Folders, render_home
from ..settings import Settings
from .cache import Cache, GlossaryFiles, PageRecord, SeedRecord, collector_paused
from .engine import Pages
from .pages import (
    ArticleShared,
    ArticleSources,
    GlossaryShared,
    PlainLink,
    glossary_pages_kept,
    listing_pages_kept,
    plain_link,
    plan_article_pages,
    render_article_pages,
)
from .parallel import Kept, Shards

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
    """The dataset files (publish/export.py), and the conversion's cache with each article's record:
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
    jobs = _seeds_to_parse(files, settings, linking, cache, records, problems)
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
            numbers = np.frombuffer(counts, dtype=np.int32).tolist()
            words[seed] = ArticleWords(
                dict(zip(joined.split(" "), numbers, strict=False)) if counts else {}, sketch
            )
        records[seed] = SeedRecord(stat.st_mtime_ns, stat.st_size, source_hash, linking, result)
    return _Seeds(dict(sorted(records.items())), parsed, words, problems)


def _seeds_to_parse(
    files: list[tuple[str, os.DirEntry[str]]],
    settings: Settings,
    linking: str,
    cache: Cache,
    records: dict[str, SeedRecord],
    problems: list[Problem],
) -> list[tuple[Path, os.stat_result]]:
    """The seeds that the cache does not have as they are (read by the processes that parse
    them); the cache's record of each of the others goes into `records`, and the problem of a
    seed that cannot be read into `problems`."""
    jobs: list[tuple[Path, os.stat_result]] = []
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
            and known.linking == linking
        ):
            records[seed] = known
            continue
        try:
            seed, data = seed_bytes(settings.seeds_dir / relative, settings.root)
        except SeedError as error:
            problems.append(error.problem)
            continue
        source_hash = hashlib.sha256(data).hexdigest()
        if (known.source_hash, known.linking) == (source_hash, linking):
            records[seed] = known._replace(mtime_ns=stat.st_mtime_ns, size=stat.st_size)
        else:
            jobs.append((settings.seeds_dir / relative, stat))
    return jobs


def article_key(seed: str, record: SeedRecord, sidecar_hash: str) -> str:
    """What an article is made of: its seed's name and bytes, linking, and its sidecar (a
    string that enrich/related/ keeps and compares whole)."""
    return f"{record.source_hash}:{record.linking}:{seed}:{sidecar_hash}"


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
            sidecars.hashes[summary.seed] = article.sidecar_hash
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
    base/urls.py): the others are duplicates, an error each, and dropped. The same text at another
    URL is kept: another outlet's publication of the same wire copy (a syndicated copy), with a
    warning naming the first seed that has the text; enrich/related/ pairs them as copies, which
    each page names under "Also published by" and never among its related articles."""
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
                    f"duplicate of {duplicate.original.seed} (same original URL); "
                    "remove one of the two files",
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
    article: Article | ArticleSummary,
    original: Article | ArticleSummary,
    path: str,
    *,
    nearly: bool = False,
) -> Problem:
    """The warning on a syndicated copy (`article`, read from `path`), at the line where its body
    starts: the text it shares with `original`, the same or (`nearly`) nearly the same. A
    warning, not an error: both are kept."""
    message = (
        f"{'nearly the same' if nearly else 'same'} text as {original.seed}, "
        "at another original URL: "
        "both are kept as copies of one text "
        "(each page names the other under 'Also published by')"
    )
    host = publisher_host(article.original_url)
    if host == publisher_host(original.original_url):
        message += (
            f"; both are on {host}: if they are one article at two addresses, "
            "remove one of the two files"
        )
    return Problem(path, body_line(article), message, "warning")


def near_copy_warnings(
    articles: Iterable[ArticleSummary], relations: RelatedLists
) -> list[Problem]:
    """The warning on each article that related articles take for a republished copy of a seed
    named before it, when no such seed has its very text (`drop_duplicates` warns about those):
    nearly the same text as the first of them, by name, as for the same text."""
    by_seed = {article.seed: article for article in articles}
    warnings = []
    for seed, copies in relations.copies():
        article, earlier = by_seed[seed], sorted(s for s in copies if s < seed)
        if earlier and all(by_seed[s].text_hash != article.text_hash for s in earlier):
            warnings.append(copy_warning(article, by_seed[earlier[0]], seed, nearly=True))
    return warnings


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
    linking = _Linking.of(glossary, settings)
    with Shards() as shards:
        archive = _read_archive(settings, cache, glossary, linking, shards)
        placed = _place(archive.articles, settings)
        relations, related_state = _relate(archive, placed, settings, cache, linking, shards)
        problems += near_copy_warnings(archive.articles, relations)
        listed = [(article, placed.links[article.seed]) for article in archive.articles]
        folders = Folders(
            settings.articles_dir,
            settings.publishers_url_dir,
            settings.tags_url_dir,
            settings.glossary_url_dir,
        )
        pages, records = _make_pages(
            _PageSources(settings, glossary, linking, archive, placed, listed, folders),
            relations,
            cache,
            related_state,
            shards,
        )
    problems += archive.problems + placed.problems
    sidecars = archive.sidecars.articles
    return Conversion(
        tuple(archive.articles),
        glossary,
        tuple(pages),
        tuple(sorted(problems, key=_problem_order)),
        Cache(
            cache.code,
            archive.seeds.records,
            records,
            related_state,
            glossary_files,
            cache.texts,
            cache.dataset,
        ),
        placed.links,
        {seed: relations.related_seeds(seed) for seed in relations},
        render_home(listed, len(glossary.terms), "index.md", folders),
        tuple(sidecars[a.seed] for a in archive.articles if a.seed in sidecars),
    )


@dataclass(frozen=True)
class _Linking:
    """What linking an article depends on (the glossary's terms and the linking rule: `key`),
    and the linker."""

    glossary_digest: str
    key: str
    index: GlossaryIndex
    linker: _Linker

    @classmethod
    def of(cls, glossary: Glossary, settings: Settings) -> _Linking:
        index = GlossaryIndex.build(glossary)
        digest = hashlib.sha256(repr(glossary.terms).encode("utf-8")).hexdigest()
        key = hashlib.sha256(f"{digest}:{settings.link_every_mention}".encode()).hexdigest()
        return cls(digest, key, index, _Linker(index, settings.link_every_mention))


@dataclass(frozen=True)
class _Archive:
    """The seeds read, their sidecars applied: the articles kept (duplicates dropped) in time
    order, each article's key (its seed's, and its sidecar's hash), and the problems."""

    seeds: _Seeds
    sidecars: _Sidecars
    articles: list[ArticleSummary]
    keys: dict[str, str]
    problems: list[Problem]


def _read_archive(
    settings: Settings, cache: Cache, glossary: Glossary, linking: _Linking, shards: Shards
) -> _Archive:
    files = _seed_entries(settings.seeds_dir, (SEED_SUFFIX, SIDECAR_SUFFIX))
    seeds = read_seeds(files[SEED_SUFFIX], settings, linking.linker, linking.key, cache, shards)
    problems = list(seeds.problems)
    summaries = [r.result for r in seeds.records.values() if isinstance(r.result, ArticleSummary)]
    problems += [r.result for r in seeds.records.values() if isinstance(r.result, Problem)]
    if not seeds.records and not seeds.problems:
        where = _relative(settings.seeds_dir, settings.root)
        problems.append(Problem(where, None, f"no seed files (*{SEED_SUFFIX}) found"))
    sidecars = apply_sidecars(files[SIDECAR_SUFFIX], summaries, settings, glossary, linking.linker)
    problems += sidecars.problems
    summaries = [sidecars.summaries.get(a.seed, a) for a in summaries]
    articles, duplicates = drop_duplicates(summaries)
    problems += duplicates
    articles.sort(key=lambda a: (a.ordinal, a.seed))  # time order: previous and next
    problems += date_warnings(articles, sidecars.dated, today_anywhere())
    # Words, related articles and pages depend on the sidecar too (a corrected title, tags,
    # annotations).
    hashes, records = sidecars.hashes, seeds.records
    keys = {a.seed: article_key(a.seed, records[a.seed], hashes.get(a.seed, "")) for a in articles}
    return _Archive(seeds, sidecars, articles, keys, problems)


@dataclass(frozen=True)
class _Placed:
    """Where each article's page is and what other pages show of it (`links`, and plainly for
    digests), its slug, the articles its "Related article:" lines name, and the notes."""

    links: dict[str, ArticleLink]
    plain_links: dict[str, PlainLink]
    slugs: dict[str, str]
    references: Mapping[str, Mapping[str, str]]
    problems: list[Problem]


def _place(articles: list[ArticleSummary], settings: Settings) -> _Placed:
    slugs = article_slugs(articles, lambda article: article.slug)
    links, problems = _article_links(articles, slugs, settings)
    references, notes = resolve_references(articles)
    plain_links = {seed: plain_link(link) for seed, link in links.items()}
    return _Placed(links, plain_links, slugs, references, problems + notes)


def _relate(
    archive: _Archive,
    placed: _Placed,
    settings: Settings,
    cache: Cache,
    linking: _Linking,
    shards: Shards,
) -> tuple[RelatedLists, RelatedState]:
    """Each article's related list, recomputed only where it can have changed."""
    articles, keys = archive.articles, archive.keys
    named = {seed: tuple(titles.values()) for seed, titles in placed.references.items()}
    words = dict(archive.seeds.words)
    words.update((seed, article_words(a)) for seed, a in archive.sidecars.articles.items())
    rows = cache.related.rows if cache.related is not None else {}
    for article in articles:  # parsed before, but not among the related articles of the last run
        seed = article.seed
        if seed not in words and (seed not in rows or rows[seed].key != keys[seed]):
            words[seed] = article_words(_reread(seed, settings, linking.linker))
    inputs = [
        RelatedInput(
            a.seed, keys[a.seed], a.ordinal, a.original_url, a.terms, a.mentions, words.get(a.seed)
        )
        for a in articles
    ]
    return update_related(cache.related, inputs, settings.related, named, shards.map_shares)


@dataclass(frozen=True)
class _PageSources:
    """What the pages are made of, besides the related lists."""

    settings: Settings
    glossary: Glossary
    linking: _Linking
    archive: _Archive
    placed: _Placed
    listed: list[tuple[ArticleSummary, ArticleLink]]
    folders: Folders


def _make_pages(
    sources: _PageSources,
    relations: RelatedLists,
    cache: Cache,
    related_state: RelatedState,
    shards: Shards,
) -> tuple[list[Page], dict[str, PageRecord]]:
    """Every page, each kept or rendered by the build engine (build/engine.py); the article
    pages' records first, as the cache has always held them."""
    settings, archive, placed = sources.settings, sources.archive, sources.placed
    article_pages = Pages(cache.pages, cache.texts)
    planned = plan_article_pages(
        article_pages,
        _article_shared(sources),
        _article_sources(archive, relations, cache, related_state),
    )
    parsed: dict[str, Kept | Article] = dict(archive.seeds.parsed)
    parsed.update(archive.sidecars.articles)  # as their sidecars correct them
    for seed, _ in planned:
        if seed not in parsed:  # unchanged seed, new inputs
            parsed[seed] = _reread(seed, settings, sources.linking.linker)
    other = Pages(cache.pages, cache.texts)
    other_pages: list[Page] = []  # listings and glossary: they show no article page

    def make_other_pages() -> None:  # while the workers render their share of the article pages
        other_pages.extend(_other_pages(other, sources))

    render_article_pages(
        article_pages, planned, parsed, sources.glossary.by_id(), shards, make_other_pages
    )
    pages = [article_pages.page(placed.links[a.seed].path, a.seed) for a in archive.articles]
    return pages + other_pages, {**article_pages.records, **other.records}


def _article_shared(sources: _PageSources) -> ArticleShared:
    settings, placed = sources.settings, sources.placed
    return ArticleShared(
        sources.linking.glossary_digest,
        settings.glossary_url_dir,
        # Every page cites the site: its name, and its address when site_url is set.
        (
            settings.site_url,
            settings.use_directory_urls,
            settings.site_name,
            tuple(sorted(frozenset(settings.publishers.values()))),
        ),
        tuple(article.seed for article in sources.archive.articles),
        placed.plain_links,
        placed.slugs,
        placed.references,
    )


def _article_sources(
    archive: _Archive, relations: RelatedLists, cache: Cache, related_state: RelatedState
) -> ArticleSources:
    """Each article's key and related list, and the seeds where either is not the cached
    object (an article with a sidecar is parsed again on every run: always)."""
    cached_seeds, records = cache.seeds, archive.seeds.records
    old_rows, rows = cache.related.rows if cache.related is not None else {}, related_state.rows
    changed = {
        seed
        for seed in archive.keys
        if records[seed] is not cached_seeds.get(seed) or rows[seed] is not old_rows.get(seed)
    }
    changed.update(archive.sidecars.hashes)
    return ArticleSources(archive.keys, relations, changed)


def _other_pages(pages: Pages, sources: _PageSources) -> list[Page]:
    settings, links = sources.settings, sources.placed.plain_links
    glossary = GlossaryShared(
        sources.glossary,
        sources.linking.index,
        sources.linking.glossary_digest,
        settings.glossary_url_dir,
        settings.listing_page_size,
    )
    listed = sources.listed
    return [
        *listing_pages_kept(pages, listed, sources.folders, settings.listing_page_size, links),
        *glossary_pages_kept(pages, glossary, listed, links),
    ]


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


def _reread(seed: str, settings: Settings, linker: _Linker) -> Article:
    """An article whose seed the cache says is unchanged, read again to render its page."""
    _, data = seed_bytes(settings.root / seed, settings.root)
    result = linker.parse(data, seed, hashlib.sha256(data).hexdigest())
    if isinstance(result, Problem):  # changed since it was looked at in this run
        raise SeedError(result)
    return result


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
        # (strftime takes three times as long)
        path = f"{settings.articles_dir}/{date.year:04d}/{date.month:02d}/{slugs[article.seed]}.md"
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
