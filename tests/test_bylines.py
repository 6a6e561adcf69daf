"""Bylines: the line as the article says it, people apart from agencies and desks, and what the
citations make of them (issue 16, items 3 and 4). On real-world seeds under
tests/fixtures/realworld/bylines/ (dev/: looked at while building; held_out/: written first, run
at the end), their parsed Articles, their pages' front matter, their citations, and built pages."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import jsonschema
import pytest
import yaml
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from bylines_score import outcome
from conftest import copy_project, mkdocs_build
from reading_archive.build.pipeline import summarize
from reading_archive.publish.feeds import atom_feed
from reading_archive.read.bylines import corporate_authors, parse_byline, photo_credit
from reading_archive.read.seed import parse_seed
from reading_archive.render import cite
from reading_archive.render.article import ArticleContext, render_article
from test_citation import CSL_SCHEMA, citation_text, json_ld, latex_to_text, parse_bibtex
from test_feeds import SITE, feedparser, listed

FIXTURES = Path(__file__).parent / "fixtures" / "realworld" / "bylines"


def fixture_cases(name: str) -> list[tuple[Path, dict]]:
    folder = FIXTURES / name
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    return [(folder / seed, want) for seed, want in sorted(expected.items())]


def parsed(seed: Path):
    return parse_seed(seed.read_text(encoding="utf-8"), f"seeds/{seed.name}")


def front_matter(text: str) -> dict:
    return yaml.safe_load(text.split("---\n", 2)[1])


def page_meta(seed_text: str) -> dict:
    article = parse_seed(seed_text, "seeds/x.txt")
    return front_matter(
        render_article(
            article, ArticleContext(publisher="Euronews", slug="s", path="articles/2022/10/s.md")
        )
    )


def seed(byline: str, caption: str | None = None) -> str:
    parts = ["Russia launches new wave of strikes", byline, "October 31, 2022"]
    parts += [caption] if caption else []
    parts += [
        "KYIV (AP) — Missiles hit power stations across Ukraine on Monday.",
        "Original url:",
        "<https://www.euronews.com/2022/10/31/x>",
    ]
    return "\n\n".join(parts) + "\n"


# --- the fixture sets --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "want"),
    fixture_cases("dev") + fixture_cases("held_out"),
    ids=lambda v: getattr(v, "name", ""),
)
def test_fixture_byline_authors_and_credits(path: Path, want: dict) -> None:
    article = parsed(path)
    assert (article.byline, list(article.authors), list(article.credits)) == (
        want["byline"],
        want["authors"],
        want["credits"],
    )
    # …and the page says the same: front matter and the photo credit as shown
    shown = outcome(path)
    assert (shown["byline"], shown["authors"], shown["credits"]) == (
        want["byline"],
        want["authors"],
        want["credits"],
    )
    if "photo_credit" in want:
        assert shown["photo_credit"] == want["photo_credit"]


def test_every_fixture_set_is_scored() -> None:
    for name in ("dev", "held_out"):
        seeds = {p.name for p in (FIXTURES / name).glob("*.txt")}
        assert seeds == {path.name for path, _ in fixture_cases(name)}, (
            f"{name}: a seed without expectations"
        )


# --- parsing -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "authors", "credits"),
    [
        ("AFP, AP with Euronews", (), ("AFP", "AP", "Euronews")),
        ("Euronews with AFP, AP", (), ("Euronews", "AFP", "AP")),
        ("Staff, Agencies", (), ("Staff", "Agencies")),
        ("Jane Doe and John Smith", ("Jane Doe", "John Smith"), ()),
        ("Jane Doe, John Smith and Ann Lee", ("Jane Doe", "John Smith", "Ann Lee"), ()),
        ("Julian Borger and agencies", ("Julian Borger",), ("agencies",)),
        ("Ursula von der Leyen", ("Ursula von der Leyen",), ()),
        ("J.K. Smith & Ann Lee", ("J.K. Smith", "Ann Lee"), ()),
        ("Jane Doe with additional reporting by John Smith", ("Jane Doe", "John Smith"), ()),
        ("Reuters staff", (), ("Reuters staff",)),
        ("Al Jazeera's Zein Basravi", ("Zein Basravi",), ("Al Jazeera",)),
        ("CNN's Tim Lister and Olga Voitovych", ("Tim Lister", "Olga Voitovych"), ("CNN",)),
        ("Jane Doe for The Guardian", ("Jane Doe",), ("The Guardian",)),
        ("RFE/RL's Russian Service", (), ("RFE/RL's Russian Service",)),  # a service, not a person
        ("Institute for the Study of War", (), ("Institute for the Study of War",)),
        ("Prof. Timothy Snyder", ("Prof. Timothy Snyder",), ()),
        ("Nataliya Vasilyeva, Moscow", ("Nataliya Vasilyeva",), ()),  # where it was filed: neither
        ("The Insider", (), ("The Insider",)),
        # As published (euronews.com live blogs, 2022): agencies run together
        (
            "Katy Dartford & Joshua Askew with AP/AFP/Reuters",
            ("Katy Dartford", "Joshua Askew"),
            ("AP", "AFP", "Reuters"),
        ),
        ("Euronews with AP. AFP, Reuters", (), ("Euronews", "AP", "AFP", "Reuters")),
        (
            "DAVID BARSTOW and RUSS BUETTNER",
            ("DAVID BARSTOW", "RUSS BUETTNER"),
            (),
        ),  # NYT, capitals
        ("the New York Times briefing desk", (), ("the New York Times briefing desk",)),
        (
            "Madonna",
            (),
            ("Madonna",),
        ),  # one word: read as an outlet; a sidecar's `authors:` says otherwise
    ],
)
def test_people_apart_from_credits(text: str, authors: tuple, credits: tuple) -> None:
    byline = parse_byline(text)
    assert (byline.text, byline.authors, byline.credits) == (text, authors, credits)


_BYLINE_WORDS = st.sampled_from(
    [
        "Jane",
        "Doe",
        "AFP",
        "and",
        "with",
        ",",
        "&",
        "|",
        "in",
        "Kyiv",
        "staff",
        "Agencies",
        "Al",
        "Jazeera's",
        "for",
        "the",
        "Prof.",
        "von",
        "O'Brien",
        "by",
        "reporting",
        "–",
        "Ж",
    ]
)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(_BYLINE_WORDS, st.text(max_size=8)), max_size=12).map(" ".join))
def test_a_byline_never_invents_a_name(text: str) -> None:
    """Whatever the line, it is shown as written and every name found is a piece of it."""
    byline = parse_byline(text)
    assert byline.text == text.strip()
    assert all(name and name in text for name in byline.authors + byline.credits)
    assert not set(byline.authors) & set(byline.credits)


def test_byline_line_is_shown_as_written_and_links_reduced() -> None:
    meta = page_meta(seed("By [AFP](#), [AP](#) with [Euronews](https://www.euronews.com/)"))
    assert (meta["byline"], meta["author_names"], meta["credits"]) == (
        "AFP, AP with Euronews",
        [],
        ["AFP", "AP", "Euronews"],
    )


def test_no_byline_no_keys() -> None:
    meta = page_meta(seed("By Staff").replace("By Staff\n\n", ""))
    assert "byline" not in meta and "credits" not in meta and meta["author_names"] == []


def test_corporate_authors_are_the_organisations_named() -> None:
    assert corporate_authors(("Guardian staff", "agencies")) == ("Guardian",)
    assert corporate_authors(("The Kyiv Independent news desk",)) == ("The Kyiv Independent",)
    assert corporate_authors(("Bloomberg News", "Reuters", "Reuters staff")) == (
        "Bloomberg News",
        "Reuters",
    )
    assert corporate_authors(("Staff", "Agencies", "the Editorial Board", "news agencies")) == ()


@pytest.mark.parametrize(
    ("credit", "shown"),
    [
        ("Photograph: Yoruk Isik/Reuters", "Photograph: Yoruk Isik/Reuters"),
        ("Credit: AP", "Credit: AP"),
        ("Screenshot: France24", "Screenshot: France24"),
        ("Photo: EPA-EFE/Maxim Shipenkov", "Photo: EPA-EFE/Maxim Shipenkov"),
        ("Illustration : Meduza", "Illustration : Meduza"),
        (
            "AP Photo/Evgeniy Maloletka",
            "Photo: AP Photo/Evgeniy Maloletka",
        ),  # no colon: not a label
        ("kremlin.ru", "Photo: kremlin.ru"),
        ("Credits to Anna", "Photo: Credits to Anna"),
    ],
)
def test_photo_credit_label_is_not_doubled(credit: str, shown: str) -> None:
    assert photo_credit(credit) == shown


# --- citations ---------------------------------------------------------------------------------


def citation(byline: str) -> cite.ArticleCitation:
    return cite.article_citation(
        page_meta(seed(byline)), page_url=None, site_name="Reading Archive"
    )


def test_agencies_are_cited_as_corporate_authors_not_people() -> None:
    result = citation("By AFP, AP with Euronews")
    entry = parse_bibtex(result.bibtex)
    assert (
        entry["author"] == "{AFP} and {AP} and {Euronews}"
    )  # braced: corporate, no surname to find
    items = json.loads(result.csl_json)
    jsonschema.validate(items, CSL_SCHEMA)
    assert items[0]["author"] == [{"literal": "AFP"}, {"literal": "AP"}, {"literal": "Euronews"}]
    assert result.plain.startswith("AFP, AP, & Euronews. (2022, October 31). Russia launches")
    assert json.loads(result.json_ld)["author"] == [
        {"@type": "Organization", "name": n} for n in ("AFP", "AP", "Euronews")
    ]


def test_a_desk_of_nobody_in_particular_is_no_author() -> None:
    result = citation("By Staff, Agencies")
    assert "author" not in parse_bibtex(result.bibtex)
    assert "author" not in json.loads(result.csl_json)[0]
    assert "author" not in json.loads(result.json_ld)
    assert result.plain.startswith(
        "Russia launches new wave of strikes. (2022, October 31). Euronews."
    )
    assert result.bibtex.startswith("@article{euronews2022russia,")


def test_people_are_cited_and_their_agency_is_not() -> None:
    result = citation("By Daria Litvinova, Associated Press and agencies")
    assert latex_to_text(parse_bibtex(result.bibtex)["author"]) == "Daria Litvinova"
    assert json.loads(result.csl_json)[0]["author"] == [{"literal": "Daria Litvinova"}]
    assert json.loads(result.json_ld)["author"] == [{"@type": "Person", "name": "Daria Litvinova"}]
    assert result.plain.startswith("Daria Litvinova. (2022, October 31).")


@pytest.mark.parametrize("summarized", [False, True], ids=["article", "cached summary"])
def test_atom_names_the_agency_credited_when_no_person_is(summarized: bool) -> None:
    (article, link), (person, person_link) = listed(2)
    agency = dataclasses.replace(article, byline="Reuters staff", credits=("Reuters staff",))
    entries = [(summarize(agency) if summarized else agency, link), (person, person_link)]
    assert [entry.author for entry in feedparser.parse(atom_feed(entries, SITE)).entries] == [
        "Ann Author",
        "Reuters",
    ]


# --- built pages -------------------------------------------------------------------------------

BUILT = ("d01_afp_ap_with_euronews.txt", "d03_staff_agencies.txt", "d14_person_and_agencies.txt")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, BeautifulSoup]:
    """A real `mkdocs build` of three dev seeds (a sidecar naming the authors of one) and of an
    outlet's article whose sidecar names the outlet as a credit."""
    project = copy_project(tmp_path_factory.mktemp("bylines") / "project", seeds=False)
    for name in BUILT:
        shutil.copy(FIXTURES / "dev" / name, project / "seeds" / name)
    (project / "seeds" / "d14_person_and_agencies.yml").write_text(
        "authors: [Julian Borger, Jennifer Rankin]\n", encoding="utf-8"
    )
    # An outlet whose name looks like a person's: the curator says it is a credit.
    balkan = seed("By [Balkan Insight](#)").replace(
        "Russia launches new wave of strikes", "Serbia weighs sanctions on Russia"
    )
    (project / "seeds" / "x01_balkan_insight.txt").write_text(
        balkan.replace("/2022/10/31/x", "/2022/10/31/serbia"), encoding="utf-8"
    )
    (project / "seeds" / "x01_balkan_insight.yml").write_text(
        "credits: [Balkan Insight]\n", encoding="utf-8"
    )
    result = mkdocs_build(project)
    assert result.returncode == 0, result.stderr
    pages = {}
    for page in (project / "site" / "articles").glob("*/*/*/index.html"):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        pages[soup.h1.get_text()] = soup
    return pages


def test_built_page_shows_the_byline_and_photo_credit_as_written(
    built: dict[str, BeautifulSoup],
) -> None:
    soup = built["Russia launches new wave of strikes on Ukrainian energy grid"]
    assert soup.select_one(".archive-article__byline").get_text() == "By AFP, AP with Euronews"
    assert soup.select_one(".article-photo__credit").get_text() == "Screenshot: France24"
    assert parse_bibtex(citation_text(soup, "bibtex"))["author"] == "{AFP} and {AP} and {Euronews}"
    assert json_ld(soup)["author"][0] == {"@type": "Organization", "name": "AFP"}


def test_built_page_of_a_staff_byline_cites_no_person(built: dict[str, BeautifulSoup]) -> None:
    soup = built["Russia to hold 'referendums' in occupied regions"]
    assert soup.select_one(".archive-article__byline").get_text() == "By Staff, Agencies"
    assert soup.select_one(".article-photo__credit").get_text() == "Credit: AP"
    assert "author" not in parse_bibtex(citation_text(soup, "bibtex"))
    assert "author" not in json.loads(citation_text(soup, "csl-json"))[0]
    assert "Staff" not in citation_text(soup, "plain")


def test_a_sidecar_names_the_authors_instead_of_the_byline(built: dict[str, BeautifulSoup]) -> None:
    soup = built["US and Russia to hold security talks in Geneva"]
    assert (
        soup.select_one(".archive-article__byline").get_text()
        == "By Julian Borger and Jennifer Rankin"
    )
    assert (
        latex_to_text(parse_bibtex(citation_text(soup, "bibtex"))["author"])
        == "Julian Borger and Jennifer Rankin"
    )


def test_a_sidecar_names_an_outlet_the_parser_took_for_a_person(
    built: dict[str, BeautifulSoup],
) -> None:
    assert parse_byline("Balkan Insight").authors == (
        "Balkan Insight",
    )  # two capitalised words: a name, to the parser
    soup = built["Serbia weighs sanctions on Russia"]
    assert soup.select_one(".archive-article__byline").get_text() == "By Balkan Insight"
    assert parse_bibtex(citation_text(soup, "bibtex"))["author"] == "{Balkan Insight}"
    assert json_ld(soup)["author"] == [{"@type": "Organization", "name": "Balkan Insight"}]
