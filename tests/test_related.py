"""Related articles: the score, its explanations, and the sections in the built site."""

from __future__ import annotations

import dataclasses
import hashlib
import random
import shutil
from pathlib import Path

from bs4 import BeautifulSoup
from conftest import ARTICLE_URL, REPO, mkdocs_build, run_archive

from reading_archive.model import Article
from reading_archive.read import parse_seed
from reading_archive.related import RelatedInput, RelatedSettings, related_for, resolve_references, update_related

FIXTURES = REPO / "tests" / "fixtures" / "related"
FILLER = "Officials said the talks would continue next week after a long meeting in the capital."


def article(
    name: str, body: str, *, date: str = "2021-12-08", terms: tuple[str, ...] = (), url: str | None = None, title: str | None = None, own: bool = True
) -> Article:
    """An article of `body`; with `own`, a line of its own follows, so that articles of one
    body are not copies of each other (its tokens are no words: similarity does not change)."""
    text = f"{body}\n\n{own_line(name)}" if own else body
    seed = f"{title or name}\n\n{date}\n\n{text}\n\nOriginal url: {url or 'https://example.org/' + name}\n"
    return dataclasses.replace(parse_seed(seed, f"seeds/{name}.txt"), terms=terms)


def own_line(name: str) -> str:
    digest = hashlib.sha256(name.encode()).hexdigest()
    return " ".join(f"x{digest[i : i + 4]}9" for i in range(0, 64, 4))


def shown(relations, name: str) -> list[str]:
    return [r.seed.removeprefix("seeds/").removesuffix(".txt") for r in relations[f"seeds/{name}.txt"]]


def background(count: int) -> list[Article]:
    """Articles that all mention Russia, so that Russia is a common term."""
    return [article(f"bg{i}", f"{FILLER} Topic number {i} of many.", terms=("russia",), date="2020-01-01") for i in range(count)]


def test_shared_rare_term_beats_shared_common_term() -> None:
    articles = [
        article("a", FILLER, terms=("russia", "normandy-format")),
        article("rare", FILLER, terms=("normandy-format",)),
        article("common", FILLER, terms=("russia",)),
        *background(8),
    ]
    relations = related_for(articles, RelatedSettings(w_text=0.0, w_terms=1.0, min_score=0.0, min_share_of_best=0.0))["seeds/a.txt"]
    scores = {r.seed: r.score for r in relations}
    assert relations[0].seed == "seeds/rare.txt"
    assert scores["seeds/rare.txt"] > 3 * scores["seeds/common.txt"] > 0


def test_closer_in_time_ranks_first() -> None:
    body = "Grain shipments through the corridor resumed as insurers cut premiums for tankers."
    articles = [
        article("a", body, date="2021-12-08"),
        article("week", body + " More.", date="2021-12-15"),
        article("year", body + " Again.", date="2022-12-08"),
    ]
    assert shown(related_for(articles, RelatedSettings(min_share_of_best=0.0)), "a")[:2] == ["week", "year"]


def test_unrelated_articles_are_never_related_however_close_in_time() -> None:
    articles = [
        article("grain", "Grain shipments through the corridor resumed as insurers cut premiums."),
        article("metro", "Passengers crowded onto the new metro ring line on its opening morning."),
    ]
    assert related_for(articles) == {"seeds/grain.txt": (), "seeds/metro.txt": ()}


def test_never_itself_nor_a_copy_of_the_same_story() -> None:
    body = "Grain shipments through the corridor resumed as insurers cut premiums for tankers."
    articles = [
        article("a", body, url="https://example.org/story"),
        article("copy", body + " Updated.", url="https://example.org/story"),
        article("b", body + " Later.", url="https://example.org/other"),
    ]
    relations = related_for(articles)
    assert shown(relations, "a") == ["b"]
    assert "a" not in shown(relations, "b")[:0] and all(r.seed != "seeds/b.txt" for r in relations["seeds/b.txt"])


def test_at_most_k_and_deterministic_in_any_input_order() -> None:
    body = "Grain shipments through the corridor resumed as insurers cut premiums for tankers."
    articles = [article(f"n{i:02d}", body + f" Note {i}.", terms=("black-sea",)) for i in range(12)]
    first = related_for(articles, RelatedSettings(k=3))
    shuffled = articles[:]
    random.Random(4).shuffle(shuffled)
    assert related_for(shuffled, RelatedSettings(k=3)) == first
    assert all(len(relations) == 3 for relations in first.values())
    # equal scores are broken by time, then by name
    assert shown(first, "n05") == ["n00", "n01", "n02"]


def test_lists_computed_in_shares_are_the_lists_computed_at_once() -> None:
    # Shares of a few rows are scored one by one (NumPy), all rows at once as sparse matrices (SciPy).
    rng = random.Random(7)
    topics = [f"{a} {b} {c}" for a, b, c in zip(["pipeline", "harvest", "ceasefire", "election", "summit"], ["gas", "grain", "monitors", "ballots", "leaders"], ["transit", "exports", "shelling", "turnout", "communique"])]
    articles = [
        article(f"a{i}", f"{FILLER} The {topic} story went on with {topic.split()[1]} again.", terms=tuple(rng.sample(["russia", "ukraine", "osce", "eu", "nato"], 2)), date=f"2021-{1 + i % 12:02d}-{1 + i % 28:02d}")
        for i, topic in enumerate(rng.choice(topics) for _ in range(120))
    ]
    inputs = [RelatedInput.of(a) for a in articles]
    whole, whole_state = update_related(None, inputs, RelatedSettings(), {})

    def in_shares_of_seven(function, rows):
        return [result for start in range(0, len(rows), 7) for result in function(rows[start : start + 7])]

    shared, shared_state = update_related(None, inputs, RelatedSettings(), {}, in_shares_of_seven)
    assert shared == whole and shared_state == whole_state
    assert sum(len(relations) for relations in whole.values()) > len(articles)
    dates = {a.seed: a.date.toordinal() for a in articles}
    for seed, relations in whole.items():  # each list is its own article's
        assert all(r.seed != seed and r.days == dates[r.seed] - dates[seed] for r in relations)


def test_related_article_lines_resolve_by_title() -> None:
    named = article("named", FILLER, title="Putin and Biden Speak: What They Discussed", date="2021-12-07")
    citing = article("citing", "Talks went on.\n\nRelated article: [Putin and Biden speak — what they discussed](#)\n\nMore talks.")
    missing = article("missing", "Talks went on.\n\nRelated article: [A Story Not Here](#)")
    references, notes = resolve_references([named, citing, missing])
    assert references == {"seeds/citing.txt": {"Putin and Biden speak — what they discussed": "seeds/named.txt"}}
    assert [str(n) for n in notes] == [
        "seeds/missing.txt:7: warning: related article 'A Story Not Here' is not in the archive; it is shown as plain text"
    ]
    relations = related_for([named, citing, missing], references={"seeds/citing.txt": ("seeds/named.txt",)})
    first = relations["seeds/citing.txt"][0]
    assert (first.seed, first.referenced) == ("seeds/named.txt", True)


def test_explanation_lists_shared_terms_rarest_first_and_days() -> None:
    articles = [
        article("a", FILLER, terms=("russia", "quint", "crimea"), date="2021-12-08"),
        article("b", FILLER, terms=("crimea", "russia", "quint"), date="2021-12-10"),
        article("c", FILLER, terms=("crimea",), date="2021-12-01"),
        *background(5),
    ]
    relation = related_for(articles)["seeds/a.txt"][0]
    assert relation.seed == "seeds/b.txt"
    assert relation.shared_terms == ("quint", "crimea", "russia")
    assert relation.days == 2


# -- end to end: a small real corpus ------------------------------------------------------------


def corpus(project: Path) -> Path:
    for seed in FIXTURES.glob("*.txt"):
        shutil.copy(seed, project / "seeds" / seed.name)
    return project


def page(site: Path, url: str) -> BeautifulSoup:
    return BeautifulSoup((site / url / "index.html").read_text(encoding="utf-8"), "html.parser")


def related_section(soup: BeautifulSoup) -> list[tuple[str, str]]:
    heading = soup.find("h2", id="related-articles")
    return [(li.a.get_text(), li.select_one(".related-articles__why").get_text()) for li in heading.find_next("ul").select("li")]


def test_related_sections_in_the_built_site(project: Path) -> None:
    result = mkdocs_build(corpus(project))
    assert result.returncode == 0, result.stderr
    site = project / "site"
    soup = page(site, ARTICLE_URL)

    related = related_section(soup)
    assert related[0] == ("Putin and Biden Speak: What They Discussed", "Named in this article · Shared: Joe Biden, NATO, United States · 1 day earlier")
    assert {title for title, _ in related[1:3]} == {
        "NATO Allies Weigh Response to Russian Troop Buildup Near Ukraine",
        "Zelenskiy and Biden Discuss Donbas After Putin Call",
    }
    assert len(related) <= 5
    # the in-text reference now links to the article it names
    reference = soup.select_one(".related-reference a")
    assert reference.get_text() == "Putin and Biden Speak: What They Discussed"
    assert reference["href"] == "../putin-and-biden-speak-what-they-discussed/"
    # previous and next in time
    assert soup.select_one(".article-neighbours__previous a").get_text() == "Putin and Biden Speak: What They Discussed"
    assert soup.select_one(".article-neighbours__next a").get_text() == "Zelenskiy and Biden Discuss Donbas After Putin Call"

    metro = related_section(page(site, "articles/2023/03/moscow-opens-final-section-of-metro-ring-line/"))
    assert metro[0] == ("Moscow Metro Ridership Returns to Pre-Pandemic Levels", "Shared: Moscow · 19 days later")
    grain = related_section(page(site, "articles/2023/03/black-sea-grain-deal-extended-for-another-60-days/"))
    assert grain[0][0] == "Shipping Insurers Raise Black Sea War-Risk Premiums"
    first = page(site, "articles/2021/12/putin-and-biden-speak-what-they-discussed/")
    assert first.select_one(".article-neighbours__previous") is None


def test_adding_an_article_updates_the_pages_it_relates_to(project: Path) -> None:
    assert run_archive(project, "convert").returncode == 0
    shutil.copy(FIXTURES / "101_putin_biden_call.txt", project / "seeds")
    result = run_archive(project, "convert")
    assert result.returncode == 0, result.stderr
    written = [line.removeprefix("wrote ") for line in result.stdout.splitlines() if line.startswith("wrote ")]
    assert "content/articles/2021/12/putin-says-russia-has-right-to-defend-its-security.md" in written
    assert "content/articles/2021/12/putin-and-biden-speak-what-they-discussed.md" in written
    text = (project / "content/articles/2021/12/putin-says-russia-has-right-to-defend-its-security.md").read_text(encoding="utf-8")
    assert "## Related articles" in text and "[Putin and Biden Speak: What They Discussed](putin-and-biden-speak-what-they-discussed.md)" in text


def test_check_notes_unresolved_references_without_failing(project: Path) -> None:
    result = run_archive(project, "check")
    assert result.returncode == 0
    assert (
        "seeds/000_7700cad70c87f25c.txt:19: warning: related article 'Putin and Biden Speak: What They Discussed' "
        "is not in the archive; it is shown as plain text"
    ) in result.stderr
