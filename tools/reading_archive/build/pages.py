"""The kinds of page, as the build engine (engine.py) makes them: article pages, listings and the
glossary's pages. For each: what it is made from, and how it is kept or rendered."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple

from ..base.digest import value_digest
from ..enrich.glossary import Glossary
from ..enrich.link import GlossaryIndex
from ..enrich.related import RelatedLists, Relation
from ..model import Article, ArticleLink, ArticleSummary, Page, Term, checksum_of
from ..render.article import ArticleContext, CitingSite, ShownRelation, render_article
from ..render.glossary import index_page, mentions_by_term, term_page_paths, term_pages
from ..render.listings import Folders, listing_pages
from .engine import Pages, Planned, stamp_of
from .parallel import Kept, Shards

# What another page shows of an article (an `ArticleLink`) as plain values, for digests:
# title, date as an ordinal, publisher, path.
PlainLink = tuple[str, int, str, str]


def plain_link(link: ArticleLink) -> PlainLink:
    return (link.title, link.date.toordinal(), link.publisher, link.path)


def _link(plain: PlainLink) -> ArticleLink:
    title, ordinal, publisher, path = plain
    return ArticleLink(title, dt.date.fromordinal(ordinal), publisher, path)


class ArticleShared(NamedTuple):
    """What any article page may show beyond its own article: the settings, and of every
    article (in time order) its link and slug, and whom its "Related article:" lines name."""

    glossary: str  # the glossary's digest: its terms are linked and named on every page
    glossary_dir: str
    citing: tuple[str, bool, str, tuple[str, ...]]  # CitingSite, organisations sorted
    order: tuple[str, ...]  # the seeds in time order: previous and next
    links: Mapping[str, PlainLink]  # by seed
    slugs: Mapping[str, str]  # by seed
    references: Mapping[str, Mapping[str, str]]  # by seed: each resolved title's seed


class ArticlePageInputs(NamedTuple):
    """All that an article page is made of (`article_context` gives the renderer nothing
    else): its digest is the page's key."""

    article: str  # the article's key: its seed's bytes, linking and sidecar
    glossary: str  # the glossary's digest (the renderer's terms)
    glossary_dir: str
    citing: tuple[str, bool, str, tuple[str, ...]]
    link: PlainLink
    slug: str
    related: tuple[tuple[tuple[Any, ...], PlainLink], ...]  # ShownRelation's fields, plainly
    previous: PlainLink | None
    next: PlainLink | None
    references: tuple[tuple[str, PlainLink], ...]


def article_page_inputs(
    shared: ArticleShared, number: int, article: str, relations: tuple[tuple[Any, ...], ...]
) -> ArticlePageInputs:
    """The inputs of the page of the article at `number` in time order, whose key is `article`
    and related list `relations` (`Relations.plain`)."""
    order, links = shared.order, shared.links
    seed = order[number]
    shown = (Relation._make(plain) for plain in relations)
    return ArticlePageInputs(
        article,
        shared.glossary,
        shared.glossary_dir,
        shared.citing,
        links[seed],
        shared.slugs[seed],
        # Of a relation, not its score, which moves with every weight: no page shows it.
        tuple(
            (
                tuple(ShownRelation(r.seed, r.shared_terms, r.days, r.referenced, r.copy)),
                links[r.seed],
            )
            for r in shown
        ),
        links[order[number - 1]] if number > 0 else None,
        links[order[number + 1]] if number + 1 < len(order) else None,
        tuple((title, links[other]) for title, other in shared.references.get(seed, {}).items()),
    )


def article_context(inputs: ArticlePageInputs, terms: Mapping[str, Term]) -> ArticleContext:
    """What the renderer is given of the archive: made of the page's inputs and nothing else
    (`terms`: the glossary that `inputs.glossary` names)."""
    site_url, use_directory_urls, site_name, organisations = inputs.citing
    _, _, publisher, path = inputs.link
    return ArticleContext(
        publisher=publisher,
        slug=inputs.slug,
        path=path,
        terms=terms,
        glossary_dir=inputs.glossary_dir,
        related=tuple((ShownRelation._make(shown), _link(link)) for shown, link in inputs.related),
        previous=_link(inputs.previous) if inputs.previous else None,
        next=_link(inputs.next) if inputs.next else None,
        references={title: _link(link) for title, link in inputs.references},
        citing=CitingSite(site_url, use_directory_urls, site_name, frozenset(organisations)),
    )


@dataclass(frozen=True)
class ArticleRenderer:
    """Renders article pages, in whichever process keeps the article; the inputs travel
    without the glossary, which the renderer brings."""

    terms: Mapping[str, Term]

    def render(self, article: Article, inputs: ArticlePageInputs) -> tuple[str, bytes]:
        text = render_article(article, article_context(inputs, self.terms))
        return checksum_of(text), text.encode("utf-8")


class ArticleSources(NamedTuple):
    """Each article page's own sources, by seed (`article_page_inputs` is given these and
    the shared ones, nothing else): its article's key and its related list; and the seeds
    whose key or related list is not what the cache handed back (the same objects)."""

    keys: Mapping[str, str]
    relations: RelatedLists
    changed: set[str]


def plan_article_pages(
    pages: Pages, shared: ArticleShared, sources: ArticleSources
) -> list[tuple[str, Planned]]:
    """Keep each article page whose sources or inputs are the cached ones; the others, with
    their seeds, to render."""
    stamp = stamp_of(shared)
    keys, relations, changed = sources
    planned = []
    for number, seed in enumerate(shared.order):
        *_, path = shared.links[seed]
        # Which article a path shows, and its neighbours: in the stamp.
        if seed not in changed and pages.keep(path, stamp):
            continue
        inputs = article_page_inputs(shared, number, keys[seed], relations.plain(seed))
        page = pages.plan(path, stamp, inputs)
        if page is not None:
            planned.append((seed, page))
    return planned


def render_article_pages(
    pages: Pages,
    planned: list[tuple[str, Planned]],
    articles: Mapping[str, Kept | Article],
    terms: Mapping[str, Term],
    shards: Shards,
    meanwhile: Callable[[], None],
) -> None:
    """Render the planned pages where their articles are kept (`Shards`); `meanwhile` runs in
    this process while the workers render."""
    rendered = shards.map_kept(
        ArticleRenderer(terms).render,
        [(articles[seed], page.inputs) for seed, page in planned],
        meanwhile,
    )
    for (_, page), (checksum, data) in zip(planned, rendered, strict=True):
        pages.made(page, checksum, data)


# Listing and glossary pages show the archive as a whole: all their sources are shared. While
# the stamp of a kind is the cached one, its pages are the cached pages, without making any
# page's inputs; otherwise each page is rendered again only when its own inputs changed.

Listed = tuple[ArticleSummary, ArticleLink]

# What the listings and the glossary's pages are given of an article besides its link: its
# summary with these fields, the others blank (`shown_summaries`). They are stamped by these.
LISTED_FIELDS = ("seed", "description", "tags")
MENTIONED_FIELDS = ("seed", "terms")


def shown_summaries(listed: list[Listed], fields: Sequence[str]) -> list[Listed]:
    """`listed` with each summary's fields but `fields` blank (their type's empty value): a
    renderer that reads another field shows nothing, in every run alike, instead of a value
    that a cached run would leave stale."""
    if not listed:
        return []
    kept = [ArticleSummary._fields.index(name) for name in fields]
    blank = [None if value is None else type(value)() for value in listed[0][0]]
    shown = []
    for summary, link in listed:
        values = blank.copy()
        for index in kept:
            values[index] = summary[index]
        shown.append((ArticleSummary._make(values), link))
    return shown


def _shown_of(fields: Sequence[str]) -> Callable[[Article | ArticleSummary], tuple[Any, ...]]:
    """What a stamp digests of a summary: its `fields` (two or more: attrgetter's tuple)."""
    assert len(fields) > 1
    return operator.attrgetter(*fields)


def listing_pages_kept(
    pages: Pages,
    listed: list[Listed],
    folders: Folders,
    page_size: int,
    links: Mapping[str, PlainLink],
) -> list[Page]:
    """The listings (by date, publisher and tag, paginated): stamped by what they are given of
    every article (its link and `LISTED_FIELDS`), the folders and the page size."""
    settings = (folders.articles, folders.publishers, folders.tags, folders.glossary, page_size)
    shown_of = _shown_of(LISTED_FIELDS)
    stamp = value_digest((settings, [(links[a.seed], shown_of(a)) for a, _ in listed]))
    held = pages.held_group(stamp)
    if held is not None:
        return pages.pages(held, lambda path: "seeds/")
    paths = []
    for listing in listing_pages(shown_summaries(listed, LISTED_FIELDS), folders, page_size):
        entries = [(links[a.seed], shown_of(a)) for a, _ in listing.entries]
        inputs = (settings, listing.meta, listing.before, listing.after, entries)
        (planned,) = pages.plan_inputs([listing.path], stamp, inputs)
        if planned is not None:
            pages.rendered(planned, listing.text())
        paths.append(listing.path)
    return pages.pages(paths, lambda path: "seeds/")


class GlossaryShared(NamedTuple):
    glossary: Glossary
    glossary_index: GlossaryIndex
    digest: str  # of the glossary's terms
    glossary_dir: str
    page_size: int


def glossary_pages_kept(
    pages: Pages, shared: GlossaryShared, listed: list[Listed], links: Mapping[str, PlainLink]
) -> list[Page]:
    """The glossary's index and term pages (each term's with the pages that continue its list):
    stamped by the whole glossary and what they are given of every article (its link and
    `MENTIONED_FIELDS`)."""
    glossary, glossary_dir = shared.glossary, shared.glossary_dir
    # Every term page links the other terms' names and summaries: each shows the whole glossary.
    whole = (shared.digest, glossary_dir, shared.page_size)
    shown_of = _shown_of(MENTIONED_FIELDS)
    stamp = value_digest((whole, [(links[a.seed], shown_of(a)) for a, _ in listed]))
    sources = {f"{glossary_dir}/{term.id}.md": term.source for term in glossary.terms}

    def source_of(path: str) -> str:
        return sources.get(path, "glossary/")

    held = pages.held_group(stamp)
    if held is not None:
        return pages.pages(held, source_of)
    mentions = mentions_by_term(shown_summaries(listed, MENTIONED_FIELDS))
    counts = [(t.id, len(mentions.get(t.id, ()))) for t in glossary.terms]
    index_path = f"{glossary_dir}/index.md"
    (planned,) = pages.plan_inputs([index_path], stamp, (whole, counts))
    if planned is not None:
        pages.rendered(planned, index_page(glossary, mentions))
    paths = [index_path]
    for term in glossary.terms:
        paths += _term_pages_kept(pages, stamp, shared, term, mentions.get(term.id, ()), links)
    return pages.pages(paths, source_of)


def _term_pages_kept(
    pages: Pages,
    stamp: str,
    shared: GlossaryShared,
    term: Term,
    shown: Sequence[ArticleLink],
    links: Mapping[str, PlainLink],
) -> list[str]:
    """The paths of a term's pages, rendered together when any of them changed."""
    inputs = (
        (shared.digest, shared.glossary_dir, shared.page_size),
        term.id,
        [plain_link(link) for link in shown],
    )
    paths = term_page_paths(term, len(shown), shared.glossary_dir, shared.page_size)
    planned = pages.plan_inputs(paths, stamp, inputs)
    if any(planned):
        texts = functools.cache(
            lambda: term_pages(
                term,
                shared.glossary,
                shared.glossary_index,
                shown,
                shared.glossary_dir,
                shared.page_size,
            )
        )
        for page in planned:
            if page is not None:
                pages.rendered(page, texts()[page.path])
    return paths
