"""Score glossary linking on the sense fixtures (tests/fixtures/realworld/senses/{dev,held_out}):
links in the right sense kept, links in a wrong sense (a term linked inside a phrase that names
something else: "Black Sea Fleet", "United Russia", "Moscow time"), and per-term mention counts.

    PYTHONPATH=tools python tests/senses_score.py

scores both sets with the repository's glossary/ as it is and with its `not` phrases taken out
(as linking was before them), and counts, on the wire set (tests/fixtures/wire, not written for
this), the links inside those phrases and the links elsewhere kept.
"""

from __future__ import annotations

import json
import sys
from dataclasses import replace
from pathlib import Path
from typing import NamedTuple

from reading_archive.enrich.glossary import Glossary, load_glossary
from reading_archive.enrich.link import GlossaryIndex, link_article
from reading_archive.model import Article
from reading_archive.read.seed import parse_seed

REPO = Path(__file__).resolve().parents[1]
SENSES = REPO / "tests" / "fixtures" / "realworld" / "senses"


class Score(NamedTuple):
    links: int  # expected right-sense links
    kept: int  # of them, found as expected
    phrases: int  # occurrences of a wrong-sense phrase in the text
    wrong: int  # of them, with their term linked inside (first mention only)
    wrong_every: int  # the same with link_every_mention
    counts: int  # expected per-term mention counts
    counts_right: int
    misses: tuple[str, ...]  # what went wrong, for a reader


def marked(article: Article) -> list[str]:
    """Each linked text run of the article, linked spans as [[text]]."""
    return [
        "".join(f"[[{s.text}]]" if s.term else s.text for s in item)
        for block in article.blocks
        if block.kind in ("paragraph", "bullets")
        for item in block.items
    ]


def wrong_links(article: Article, phrase: str, term: str) -> tuple[int, int]:
    """(occurrences of the phrase, of them with a link to `term` inside)."""
    found = linked = 0
    for block in article.blocks:
        for item in block.items:
            text = "".join(span.text for span in item)
            spans, position = [], 0
            for span in item:
                if span.term == term:
                    spans.append((position, position + len(span.text)))
                position += len(span.text)
            start = text.find(phrase)
            while start >= 0:
                found += 1
                linked += any(start <= s and e <= start + len(phrase) for s, e in spans)
                start = text.find(phrase, start + 1)
    return found, linked


def score(folder: Path, glossary: Glossary) -> Score:
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    index = GlossaryIndex.build(glossary)
    totals = [0] * 7
    misses: list[str] = []
    for name, want in sorted(expected.items()):
        article = parse_seed((folder / name).read_text(encoding="utf-8"), f"seeds/{name}")
        first, every = (
            link_article(article, index),
            link_article(article, index, every_mention=True),
        )
        text = "\n".join(marked(first))
        kept = [snippet for snippet in want["links"] if snippet in text]
        misses += [f"{name}: no {snippet!r}" for snippet in want["links"] if snippet not in text]
        for phrase, term in want["not_linked"]:
            found, wrong = wrong_links(first, phrase, term)
            wrong_every = wrong_links(every, phrase, term)[1]
            misses += [f"{name}: {term} linked inside {phrase!r}"] * wrong
            totals[2:5] = [totals[2] + found, totals[3] + wrong, totals[4] + wrong_every]
        counts = dict(zip(first.terms, first.mentions, strict=False))
        right = [term for term, count in want["mentions"].items() if counts.get(term, 0) == count]
        misses += [
            f"{name}: {term} mentioned {counts.get(term, 0)} times, not {count}"
            for term, count in want["mentions"].items()
            if term not in right
        ]
        totals[0] += len(want["links"])
        totals[1] += len(kept)
        totals[5] += len(want["mentions"])
        totals[6] += len(right)
    return Score(*totals, tuple(misses))


def without_phrases(glossary: Glossary) -> Glossary:
    return Glossary(
        tuple(replace(term, exclusions=(), exclusion_lines=()) for term in glossary.terms)
    )


def links_of(article: Article) -> list[tuple[int, int, int, str]]:
    """(block, start, end, term) of each link of the article."""
    found = []
    for number, block in enumerate(article.blocks):
        position = 0
        for span in (span for item in block.items for span in item):
            if span.term:
                found.append((number, position, position + len(span.text), span.term))
            position += len(span.text)
    return found


def wire(glossary: Glossary) -> str:
    """Links inside the glossary's `not` phrases on the wire set, without and with them, and how
    many of the other links (first mentions) stay."""
    phrases = [(phrase, term.id) for term in glossary.terms for phrase in term.exclusions]
    before_index, after_index = (
        GlossaryIndex.build(without_phrases(glossary)),
        GlossaryIndex.build(glossary),
    )
    inside = [0, 0, 0]  # occurrences, linked before, linked after
    outside_before = outside_kept = 0
    for path in sorted((REPO / "tests" / "fixtures" / "wire" / "seeds").glob("*.txt")):
        article = parse_seed(path.read_text(encoding="utf-8"), f"seeds/{path.name}")
        before, after = link_article(article, before_index), link_article(article, after_index)
        for phrase, term in phrases:
            found, wrong = wrong_links(before, phrase, term)
            inside[0] += found
            inside[1] += wrong
            inside[2] += wrong_links(after, phrase, term)[1]
        texts = ["".join(s.text for item in block.items for s in item) for block in article.blocks]
        kept = set(links_of(after))
        for block, start, end, term in links_of(before):
            if not any(
                t == term and texts[block].find(p, max(0, start - len(p)), end + len(p)) >= 0
                for p, t in phrases
            ):
                outside_before += 1
                outside_kept += (block, start, end, term) in kept
    return (
        f"wire: links inside a 'not' phrase {inside[1]}/{inside[0]} before, "
        f"{inside[2]}/{inside[0]} after; other links kept {outside_kept}/{outside_before}"
    )


def main() -> None:
    glossary, problems = load_glossary(REPO / "glossary", REPO)
    for problem in problems:
        print(problem, file=sys.stderr)
    for label, used in (
        ("without 'not' phrases", without_phrases(glossary)),
        ("with the glossary's 'not' phrases", glossary),
    ):
        print(f"-- {label}")
        for name in ("dev", "held_out"):
            s = score(SENSES / name, used)
            print(
                f"{name}: right links kept {s.kept}/{s.links}; wrong-sense links "
                f"{s.wrong}/{s.phrases} phrases (every mention linked: "
                f"{s.wrong_every}/{s.phrases}); mention counts right {s.counts_right}/{s.counts}"
            )
            for miss in s.misses:
                print("   ", miss)
    print(wire(glossary))


if __name__ == "__main__":
    main()
