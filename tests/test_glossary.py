"""The glossary: curated entries, their checks, linking rules, and the pages built from them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ARTICLE_URL, REPO, run_archive
from reading_archive.enrich.glossary import Glossary, load_glossary, parse_term
from reading_archive.enrich.link import GlossaryIndex, link_article
from reading_archive.model import Article, Block, Span
from reading_archive.read.seed import parse_seed

REQUIRED = [
    "quint", "donbas", "crimea", "nato", "black-sea", "kremlin", "minsk-agreements",
    "normandy-format", "vladimir-putin", "joe-biden", "volodymyr-zelenskyy", "kyriakos-mitsotakis",
    "andrej-plenkovic", "ukraine", "russia", "france", "moscow", "kyiv", "afp",
]  # fmt: skip


def term_file(
    term: str, *, type: str = "place", aliases: list[str] = (), summary: str = "A summary."
) -> str:
    meta = {"term": term, "type": type, "aliases": list(aliases), "summary": summary}
    return "---\n" + yaml.safe_dump(meta, sort_keys=False) + "---\n\nExplanation.\n"


def glossary_of(**files: str) -> Glossary:
    terms = [
        parse_term(text, term_id.replace("_", "-"), f"glossary/{term_id}.md")
        for term_id, text in sorted(files.items())
    ]
    return Glossary(tuple(terms))


def linked(
    text: str, glossary: Glossary, **options
) -> tuple[list[tuple[str, str]], tuple[str, ...]]:
    """(linked text, term id) pairs and the article's terms, for a one-paragraph article."""
    seed = f"Title\n\nDecember 8, 2021\n\n{text}\n\nOriginal url:\n\n<https://example.com/a>\n"
    article = link_article(
        parse_seed(seed, "seeds/a.txt"), GlossaryIndex.build(glossary), **options
    )
    spans = [span for block in article.blocks for item in block.items for span in item]
    return [(s.text, s.term) for s in spans if s.term], article.terms


# -- the curated glossary -----------------------------------------------------------------


def test_shipped_glossary_is_valid_and_covers_the_seed() -> None:
    glossary, problems = load_glossary(REPO / "glossary", REPO)
    assert problems == []
    terms = glossary.by_id()
    assert set(REQUIRED) <= set(terms)
    assert {"Zelenskiy", "Zelensky", "Zelenskyy"} <= set(terms["volodymyr-zelenskyy"].aliases)
    assert "Kiev" in terms["kyiv"].aliases
    assert "Lugansk" in terms["luhansk"].aliases
    assert "Donbass" in terms["donbas"].aliases
    for term in glossary.terms:
        assert term.summary.endswith(".") and term.summary.count(". ") == 0, term.id
        assert term.explanation.strip(), term.id


# -- linking rules --------------------------------------------------------------------------


@pytest.fixture
def glossary() -> Glossary:
    return glossary_of(
        quint=term_file("Quint", type="organisation"),
        black_sea=term_file("Black Sea"),
        sea=term_file("Sea", type="concept"),
        donetsk=term_file("Donetsk"),
        donbas=term_file("Donbas", aliases=["Donbass", "eastern Lugansk and Donetsk regions"]),
        ukraine=term_file("Ukraine"),
        nato=term_file("NATO", type="organisation"),
    )


def test_whole_words_and_case(glossary: Glossary) -> None:
    assert linked("A quint of players; the Quintessential band.", glossary)[0] == []
    assert linked("The so-called Quint met.", glossary)[0] == [("Quint", "quint")]


def test_possessive_links_the_name(glossary: Glossary) -> None:
    assert linked("Ukraine's victory.", glossary)[0] == [("Ukraine", "ukraine")]
    assert linked("Ukraine’s victory.", glossary)[0] == [("Ukraine", "ukraine")]


def test_longest_match_first(glossary: Glossary) -> None:
    assert linked("Ships in the Black Sea.", glossary)[0] == [("Black Sea", "black-sea")]
    assert linked("Fighting in its eastern Lugansk and Donetsk regions.", glossary)[0] == [
        ("eastern Lugansk and Donetsk regions", "donbas")
    ]
    assert linked("Fighting in Donetsk.", glossary)[0] == [("Donetsk", "donetsk")]


def test_phrase_alias_at_sentence_start(glossary: Glossary) -> None:
    assert linked("Eastern Lugansk and Donetsk regions are at war.", glossary)[0] == [
        ("Eastern Lugansk and Donetsk regions", "donbas")
    ]


def test_first_mention_only_unless_every_mention(glossary: Glossary) -> None:
    text = "NATO met. NATO spoke. Donbass and Donbas."
    assert linked(text, glossary) == ([("NATO", "nato"), ("Donbass", "donbas")], ("nato", "donbas"))
    every = linked(text, glossary, every_mention=True)[0]
    assert every == [
        ("NATO", "nato"),
        ("NATO", "nato"),
        ("Donbass", "donbas"),
        ("Donbas", "donbas"),
    ]


def test_never_in_urls_links_or_headings(glossary: Glossary) -> None:
    assert linked("See https://example.com/NATO/Ukraine for more.", glossary)[0] == []
    index = GlossaryIndex.build(glossary)
    article = Article(
        seed="seeds/a.txt", title="NATO and Ukraine", date=parse_seed(
            "T\n\n2021-12-08\n\nx\n\nOriginal url: https://e.com/\n", "s").date, authors=(),
        caption=None,
        blocks=(
            Block("subheading", ((Span("NATO summit"),),), 3),
            Block("related", ((Span("Ukraine talks"),),), 4),
            Block(
                "paragraph", ((Span("NATO", href="https://nato.int/"), Span(" and Ukraine.")),), 5
            ),
        ),
        original_url="https://e.com/", source_hash="", text_hash="",
    )  # fmt: skip
    result = link_article(article, index)
    assert result.blocks[0] == article.blocks[0]
    assert result.blocks[1] == article.blocks[1]
    assert [(s.text, s.href, s.term) for s in result.blocks[2].items[0]] == [
        ("NATO", "https://nato.int/", None),
        (" and ", None, None),
        ("Ukraine", None, "ukraine"),
        (".", None, None),
    ]


def test_byline_names_count_as_mentions(glossary: Glossary) -> None:
    afp = glossary_of(
        afp=term_file("AFP", type="media"), nato=term_file("NATO", type="organisation")
    )
    seed = "Title\n\nBy [AFP](#)\n\nDecember 8, 2021\n\nNATO met.\n\nOriginal url: https://example.com/a\n"
    article = link_article(parse_seed(seed, "seeds/a.txt"), GlossaryIndex.build(afp))
    assert article.terms == ("nato", "afp")


# -- checks -----------------------------------------------------------------------------------


def test_broken_entries_are_reported_with_file_and_line_and_the_rest_survive(project: Path) -> None:
    folder = project / "glossary"
    (folder / "broken-yaml.md").write_text(
        "---\nterm: Broken\ntype: [place\n---\n\nText.\n", encoding="utf-8"
    )
    (folder / "no-summary.md").write_text(
        "---\nterm: Nothing\ntype: place\nsummary: ''\n---\n\nText.\n", encoding="utf-8"
    )
    (folder / "bad-type.md").write_text(
        "---\nterm: Odd\ntype: planet\nsummary: Odd.\n---\n", encoding="utf-8"
    )
    (folder / "zz-kiev.md").write_text(
        "---\nterm: Kiev city\ntype: place\naliases:\n  - Kyiv city\n  - Kiev\nsummary: A "
        "city.\n---\n",
        encoding="utf-8",
    )
    (folder / "Bad_Name.md").write_text(term_file("Bad"), encoding="utf-8")

    check = run_archive(project, "check")
    assert check.returncode == 1
    errors = [
        re.sub(r"(not valid YAML: ).*", r"\1…", line)
        for line in check.stderr.splitlines()
        if ": error: " in line
    ]
    assert errors == [
        "glossary/Bad_Name.md: error: file name 'Bad_Name.md' is not a valid term id: use "
        "lower-case letters, digits and hyphens",
        "glossary/bad-type.md:3: error: 'type' must be one of person, place, organisation, "
        "concept, event, agreement, media; found 'planet'",
        "glossary/broken-yaml.md:4: error: not valid YAML: …",  # the parser's own words follow
        "glossary/no-summary.md:4: error: 'summary' is missing or empty: write one sentence "
        "that explains the term",
        "glossary/zz-kiev.md:6: error: alias 'Kiev' is already a name of 'kyiv' "
        "(glossary/kyiv.md); a name can belong to one term only",
    ]
    assert "Traceback" not in check.stderr

    convert = run_archive(project, "convert")
    assert (project / "content" / "glossary" / "quint.md").is_file()
    assert (
        project / "content" / "glossary" / "zz-kiev.md"
    ).is_file()  # kept, without the clashing alias
    assert not (project / "content" / "glossary" / "bad-type.md").exists()
    assert (project / "content" / "articles" / "2021" / "12").is_dir()
    assert convert.returncode == 1


# -- the built site ---------------------------------------------------------------------------


def article_soup(site: Path) -> BeautifulSoup:
    return BeautifulSoup(
        (site / ARTICLE_URL / "index.html").read_text(encoding="utf-8"), "html.parser"
    )


def test_seed_page_links_quint_donbas_and_crimea_with_tooltips(built_site: Path) -> None:
    glossary, _ = load_glossary(REPO / "glossary", REPO)
    terms = glossary.by_id()
    content = article_soup(built_site).select_one("article.md-content__inner")
    links = {a.get_text(): a for a in content.select("p:not(.article-terms) a[href*='/glossary/']")}
    for text, term in [
        ("Quint", "quint"),
        ("eastern Lugansk and Donetsk regions", "donbas"),
        ("Crimea peninsula", "crimea"),
    ]:
        assert links[text]["href"] == f"../../../../glossary/{term}/"
        assert links[text]["title"] == terms[term].summary
    # the linked target exists
    assert (built_site / "glossary" / "quint" / "index.html").is_file()


def test_no_link_in_headings_title_or_inside_links(built_site: Path) -> None:
    page = article_soup(built_site)
    content = page.select_one("article.md-content__inner")
    for heading in content.select("h1, h2, h3"):
        assert not [a for a in heading.select("a") if "headerlink" not in a.get("class", [])], (
            heading
        )
    assert content.select("a a") == []
    assert content.select_one(".related-reference").select("a") == []


def test_front_matter_and_page_list_the_terms(project: Path) -> None:
    assert run_archive(project, "convert").returncode == 0
    page = next(
        p for p in (project / "content" / "articles").rglob("*.md") if p.name != "index.md"
    ).read_text(encoding="utf-8")
    meta = yaml.safe_load(page.split("---\n")[1])
    assert {"quint", "donbas", "crimea"} <= set(meta["terms"])
    assert meta["terms"][-1] == "afp"  # from the byline


def test_page_shows_in_this_article(built_site: Path) -> None:
    terms = article_soup(built_site).select_one("p.article-terms")
    assert terms.get_text().startswith(
        "In this article: Vladimir Putin · United States · Joe Biden"
    )
    assert {"Quint", "Donbas", "Crimea", "AFP"} <= {a.get_text() for a in terms.select("a")}


def test_term_pages_list_the_article_newest_first(built_site: Path) -> None:
    for term in ("quint", "donbas", "crimea", "afp"):
        page = BeautifulSoup(
            (built_site / "glossary" / term / "index.html").read_text(encoding="utf-8"),
            "html.parser",
        )
        heading = page.find("h2", id=lambda i: i and i.startswith("articles-mentioning"))
        items = heading.find_next("ul").select("li")
        assert [li.get_text(" ", strip=True) for li in items] == [
            "Putin Says Russia Has 'Right to Defend its Security' Amid NATO Tensions — December "
            "8, 2021 · The Moscow Times"
        ]
        assert items[0].a["href"] == f"../../{ARTICLE_URL}"
        assert not page.select(f"article a[href='../{term}/']")  # never a link to itself


def test_glossary_index_by_letter_and_type_with_counts(built_site: Path) -> None:
    page = BeautifulSoup(
        (built_site / "glossary" / "index.html").read_text(encoding="utf-8"), "html.parser"
    )
    text = page.select_one("article").get_text(" ", strip=True)
    assert "A–Z" in text and "By type" in text
    quint = [
        li.get_text(" ", strip=True)
        for li in page.select("article li")
        if li.a and li.a.get_text() == "Quint"
    ]
    assert quint == ["Quint (1 article) — organisation", "Quint (1 article)"]
    croatia = [
        li.get_text(" ", strip=True)
        for li in page.select("article li")
        if li.a and li.a.get_text() == "Croatia"
    ]
    assert croatia[0] == "Croatia (0 articles) — place"


# -- aliases that are common words (issue 14, point 6) -------------------------------------


def test_an_alias_that_is_a_stop_word_is_warned_about_by_check_and_build(project: Path) -> None:
    from conftest import mkdocs_build

    quint = project / "glossary" / "quint.md"
    text = quint.read_text(encoding="utf-8").replace(
        "aliases: []\n", "aliases:\n  - Quint group\n  - the\n  - In\n  - US\n"
    )
    quint.write_text(text, encoding="utf-8")
    (project / "glossary" / "united-states.md").write_text(
        (REPO / "glossary" / "united-states.md")
        .read_text(encoding="utf-8")
        .replace("  - US\n", ""),
        encoding="utf-8",
    )
    expected = [
        f"glossary/quint.md:{line}: warning: alias '{alias}' is a common word (a stop word): it "
        "would link nearly every article to this term (and every use of the word with "
        "link_every_mention: true); name the term in full or by a phrase instead"
        for line, alias in ((6, "the"), (7, "In"))
    ]
    check = run_archive(project, "check")
    assert check.returncode == 0, check.stderr
    assert [
        line for line in check.stderr.splitlines() if "common word" in line
    ] == expected  # not "US": capitals
    build = mkdocs_build(project, strict=False)
    assert build.returncode == 0, build.stderr
    for line in expected:
        assert line in build.stderr
