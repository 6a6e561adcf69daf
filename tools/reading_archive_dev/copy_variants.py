"""Republished copies made from the hand-written sets' reports the ways outlets make them, to
measure how the related articles tell copies apart on text the synthetic families did not make.

Every report of tests/fixtures/{wire,war2024,brexit,energy,sudan} with at least four paragraphs
(not itself a labelled copy) is copied once per kind of copy (`KINDS`): cut to its first half,
a paragraph dropped, an editor's note or an agency credit added, words changed... Each kind is
then run in an archive of its own, all the sets' reports and that kind's copies, through this
checkout's `related_for` with the settings of mkdocs.yml. A copy is told when its list names its
original as a copy (and the original's list names it); a pair named a copy is wrong unless both
are of one text (an original, the sets' own copies of it, and the copy made of it).
"""

from __future__ import annotations

import math
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

SETS = ("wire", "war2024", "brexit", "energy", "sudan")
NOTE = "This article was first published by the Horn Review and is republished with permission."
CREDIT = (
    "(Reporting by Amal Idris in Nairobi; additional reporting by Tom Kessler; editing by "
    "Ruth Hale)"
)
_FILLERS = ("also", "then", "still", "largely", "now", "again")

Paragraphs = list[str]


def _first_half(body: Paragraphs, rng: random.Random) -> Paragraphs:
    return body[: math.ceil(len(body) / 2)]


def _changed(every: int) -> Callable[[Paragraphs, random.Random], Paragraphs]:
    """One word in `every` of each paragraph (of three letters or more) replaced: a copy edited."""

    def change(body: Paragraphs, rng: random.Random) -> Paragraphs:
        changed = []
        for paragraph in body:
            words = paragraph.split(" ")
            for at in range(rng.randrange(every), len(words), every):
                if re.fullmatch(r"[a-z]{3,}", words[at]):
                    words[at] = rng.choice(_FILLERS)
            changed.append(" ".join(words))
        return changed

    return change


# kind: (the copy's paragraphs, made of the original's; the fewest paragraphs the original needs)
KINDS: dict[str, tuple[Callable[[Paragraphs, random.Random], Paragraphs], int]] = {
    "cut to its first half": (_first_half, 4),
    "cut to its first 3 paragraphs": (lambda body, rng: body[:3], 8),
    "a middle paragraph dropped": (
        lambda body, rng: body[: len(body) // 2] + body[len(body) // 2 + 1 :],
        4,
    ),
    "an editor's note before": (lambda body, rng: [NOTE, *body], 4),
    "an agency credit after": (lambda body, rng: [*body, CREDIT], 4),
    "cut to half, credit after": (lambda body, rng: [*_first_half(body, rng), CREDIT], 4),
    "1 word in 40 changed": (_changed(40), 4),
    "1 word in 20 changed": (_changed(20), 4),
    "1 word in 10 changed": (_changed(10), 4),
}


class Report(NamedTuple):
    """A hand-written report as parsed, and its seed text cut into what comes before the body,
    the body's paragraphs, and the `Original url:` trailer."""

    seed: str
    article: Any  # reading_archive.model.Article
    header: str
    body: Paragraphs
    trailer: str


class CopyFigure(NamedTuple):
    kind: str
    copies: int
    told: int  # the copy's list names its original as a copy
    told_back: int  # the original's list names the copy
    wrong: int  # pairs named copies that are not of one text (each direction counted)


def copy_figures(repo: Path, kinds: list[str]) -> list[CopyFigure]:
    """The figures of each kind of copy, on the hand-written sets of `repo`."""
    from reading_archive.enrich.related import related_for
    from reading_archive.read.seed import parse_seed
    from reading_archive.settings import load_settings

    settings = load_settings(repo / "mkdocs.yml").related
    reports, labelled = _reports(repo)
    originals = [r.article for r in reports]
    figures = []
    for kind in kinds:
        made, fewest = KINDS[kind]
        rng = random.Random(kind)
        copies = {
            report.seed.replace("seeds/", "copies/", 1): (report, made(report.body, rng))
            for report in reports
            if len(report.body) >= fewest and report.seed not in labelled
        }
        articles = [
            parse_seed("\n\n".join((r.header, *body, r.trailer.replace("://", "://copy.", 1))), s)
            for s, (r, body) in copies.items()
        ]
        lists = related_for(originals + articles, settings)
        named = {(seed, r.seed) for seed, entries in lists.items() for r in entries if r.copy}
        mine = {(seed, r.seed) for seed, (r, _) in copies.items()}
        theirs = {(original, copy) for copy, original in mine}
        # a copy and the sets' own copies of its original are copies of each other too
        text_of = {**labelled, **dict(mine)}
        right = {(a, b) for a, b in named if text_of.get(a, a) == text_of.get(b, b)}
        figures.append(
            CopyFigure(
                kind,
                len(copies),
                len(named & mine),
                len(named & theirs),
                len(named - right),
            )
        )
    return figures


def _reports(repo: Path) -> tuple[list[Report], dict[str, str]]:
    """Every report of the hand-written sets, and their labelled copies (seed → the seed it
    copies)."""
    from reading_archive.read.seed import parse_seed

    from .related_quality import load_labels

    reports, labelled = [], {}
    for name in SETS:
        folder = repo / "tests" / "fixtures" / name
        _, copy_of = load_labels(folder, prefix=f"seeds/{name}/")
        labelled.update({seed: original for seed, original in copy_of.items() if original})
        for path in sorted((folder / "seeds").glob("*.txt")):
            seed, text = f"seeds/{name}/{path.name}", path.read_text(encoding="utf-8")
            article = parse_seed(text, seed)
            lines = text.split("\n")
            first = article.blocks[0].line - 1
            end = max(at for at, line in enumerate(lines) if line.startswith("Original url:"))
            body = "\n".join(lines[first:end]).strip().split("\n\n")
            header, trailer = "\n".join(lines[:first]).rstrip(), "\n".join(lines[end:]).strip()
            reports.append(Report(seed, article, header, [p for p in body if p.strip()], trailer))
    return reports, labelled
