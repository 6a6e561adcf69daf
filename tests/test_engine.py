"""The build engine (build/engine.py): a page is made of its inputs record and nothing else, so a
renderer cannot read what the engine does not know about, and an edit renders again exactly the
pages that show it."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pytest

from reading_archive.build import pages as build_pages
from reading_archive.build.pipeline import Conversion, convert
from reading_archive.model import Article, ArticleSummary
from reading_archive.render.article import ArticleContext, render_article
from reading_archive.render.listings import Folders, ListingPage
from reading_archive.settings import load_settings
from test_cache import EDITS, assert_same_as_from_scratch, cached_run, change_words, corpus, texts

SEEDS = "seeds"


def render_everything_given(article: Article, context: ArticleContext) -> str:
    """The article's page, and after it every value the renderer is given of the archive (the
    glossary aside, which the article's key names): a renderer that reads all it can."""
    given = {
        field.name: getattr(context, field.name)
        for field in dataclasses.fields(context)
        if field.name not in ("terms", "notes")  # notes: of the article itself
    }
    return render_article(article, context) + f"\n<!-- {given!r} -->\n"


def test_a_renderer_that_reads_all_it_is_given_is_never_stale(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Whatever field of its context a renderer shows (here all of them, the neighbours' dates
    and publishers too, which the real pages do not show), every cached run after every kind
    of edit gives the pages of a run from scratch: what the renderer can read is what the
    engine keys the page by."""
    monkeypatch.setattr(build_pages, "render_article", render_everything_given)
    settings = load_settings(corpus(project) / "mkdocs.yml")
    assert "<!-- {'publisher'" in next(iter(texts(convert(settings)).values()))
    assert_same_as_from_scratch(settings)
    for change in [*EDITS.values(), set_the_site_url, keep_fewer_related_articles]:
        change(project)
        assert_same_as_from_scratch(load_settings(project / "mkdocs.yml"))


def test_a_renderer_cannot_read_what_the_page_is_not_keyed_by(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A related article's score moves with every weight and is no input of a page: a renderer
    that reads it fails, instead of showing a score that the next run leaves stale."""

    def render_with_scores(article: Article, context: ArticleContext) -> str:
        scores = [relation.score for relation, _ in context.related]  # type: ignore[attr-defined]
        return render_article(article, context) + repr(scores)

    monkeypatch.setattr(build_pages, "render_article", render_with_scores)
    settings = load_settings(corpus(project) / "mkdocs.yml")
    with pytest.raises(AttributeError, match="score"):
        convert(settings)


def test_listings_and_glossary_pages_are_given_only_what_they_are_stamped_by(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The listings and the glossary's pages are kept while their stamp is (no page's inputs
    made): they are given each article's summary with all but the stamped fields blank, so a
    listing that shows every field it is given is never stale either."""
    real = build_pages.listing_pages

    def listings_showing_everything(
        listed: list[build_pages.Listed], folders: Folders, page_size: int
    ) -> list[ListingPage]:
        given = [tuple(summary) for summary, _ in listed]
        assert all(
            value == type(value)()
            for summary, _ in listed
            for name, value in zip(ArticleSummary._fields, summary, strict=True)
            if name not in build_pages.LISTED_FIELDS
        )
        return [
            dataclasses.replace(page, before=(*page.before, repr(given)))
            for page in real(listed, folders, page_size)
        ]

    monkeypatch.setattr(build_pages, "listing_pages", listings_showing_everything)
    settings = load_settings(corpus(project) / "mkdocs.yml")
    assert_same_as_from_scratch(settings)
    for change in EDITS.values():
        change(project)
        assert_same_as_from_scratch(settings)


def test_a_summary_shown_to_listings_keeps_only_the_stamped_fields(project: Path) -> None:
    conversion = convert(load_settings(corpus(project) / "mkdocs.yml"))
    (summary, link), *_ = build_pages.shown_summaries(
        conversion.listed, build_pages.MENTIONED_FIELDS
    )
    assert summary.terms and link == conversion.links[summary.seed]
    assert summary._replace(seed="", terms=()) == ArticleSummary._make(
        type(value)() for value in summary
    )


# Edits of each kind of input, and the pages that show it.


def set_the_site_url(project: Path) -> None:
    config = project / "mkdocs.yml"
    change_words(config, "site_url: !ENV [SITE_URL]", "site_url: https://example.org/archive/")


def keep_fewer_related_articles(project: Path) -> None:
    change_words(project / "mkdocs.yml", "        k: 5\n", "        k: 1\n")


def edit_a_body_word(project: Path) -> None:
    change_words(project / SEEDS / "201_moscow_metro_ring.txt", "31 stations", "32 stations")


def edit_a_title(project: Path) -> None:
    seed = project / SEEDS / "302_black_sea_insurance.txt"
    change_words(
        seed,
        "Shipping Insurers Raise Black Sea War-Risk Premiums",
        "Insurers return to the Black Sea",
    )


def edit_a_date(project: Path) -> None:
    seed = project / SEEDS / "102_nato_allies_weigh_response.txt"
    change_words(seed, "December 10, 2021", "December 11, 2021")


def add_a_sidecar(project: Path) -> None:
    (project / SEEDS / "103_zelenskiy_biden_donbas.yml").write_text(
        "tags: [Diplomacy]\nsummary: What the curators say it is about.\n", encoding="utf-8"
    )


def edit_a_glossary_term(project: Path) -> None:
    term = project / "glossary" / "donbas.md"
    change_words(term, "summary:", "summary: Newly summarised.")


KINDS: dict[str, Callable[[Path], None]] = {
    "seed body": edit_a_body_word,
    "title (the neighbours' and related pages' too)": edit_a_title,
    "date": edit_a_date,
    "sidecar": add_a_sidecar,
    "glossary term": edit_a_glossary_term,
    "related list": keep_fewer_related_articles,
    "site_url": set_the_site_url,
}


def rendered(conversion: Conversion) -> set[str]:
    """The pages this run rendered (the others' texts are read from the cache's pack)."""
    assert conversion.cache is not None
    return {path for path, record in conversion.cache.pages.items() if record.data is not None}


def changed(before: dict[str, str], after: dict[str, str]) -> set[str]:
    return {path for path, text in after.items() if before.get(path) != text}


@pytest.mark.parametrize("kind", KINDS)
def test_an_edit_renders_again_exactly_the_pages_that_show_it(project: Path, kind: str) -> None:
    settings = load_settings(corpus(project) / "mkdocs.yml")
    before = texts(cached_run(settings)[0])
    KINDS[kind](project)
    settings = load_settings(project / "mkdocs.yml")
    after = assert_same_as_from_scratch(settings)
    shown = changed(before, texts(after))
    assert shown, kind  # every kind of edit shows somewhere
    if kind == "glossary term":
        # Linking depends on the whole glossary: every article is linked again, and its page
        # rendered again, whether or not it shows the term.
        assert shown <= rendered(after)
        assert {page.path for page in after.pages if page.seed.endswith(".txt")} <= rendered(after)
    elif kind == "date":
        # The related pages and the neighbours are given the article's date (how many days
        # apart it is, its link), which they show coarsely ("2 months earlier") or not at all:
        # rendered again, not always changed.
        edited = f"{SEEDS}/102_nato_allies_weigh_response.txt"
        order = [article.seed for article in after.articles]
        at = order.index(edited)
        given = {after.links[seed].path for seed in order[max(0, at - 1) : at + 2]}
        given |= {
            after.links[seed].path for seed, shown in after.related.items() if edited in shown
        }
        assert shown <= rendered(after) <= shown | given
    else:
        assert rendered(after) == shown, kind
    if kind.startswith("title"):  # its neighbours name it
        own = next(p for p in after.pages if p.seed.endswith("302_black_sea_insurance.txt"))
        neighbours = {
            p.path for p in after.pages if "Insurers return to the Black Sea" in p.text
        } - {own.path}
        assert any(path.startswith("articles/20") for path in neighbours) and neighbours <= shown
