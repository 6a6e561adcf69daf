"""Score the byline fixtures: for each seed, is what its page shows and what it cites right?

    PYTHONPATH=tools python tests/bylines_score.py tests/fixtures/realworld/bylines/dev

A seed counts as right when its page's byline line (front matter `byline`), its personal authors
(`author_names`), its credits (`credits`, absent before credits existed) and its shown photo credit
(when the fixture names one) all equal the fixture's expectations. It reads only rendered pages,
so it scores any version of the converter alike (the figures before and after the change).
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import yaml

from reading_archive.read.seed import parse_seed
from reading_archive.render.article import ArticleContext, render_article

_CREDIT = re.compile(r'<span class="article-photo__credit">(.*?)</span>')


def outcome(seed: Path) -> dict:
    """What the seed's page shows: byline, authors, credits and photo credit."""
    article = parse_seed(seed.read_text(encoding="utf-8"), f"seeds/{seed.name}")
    page = render_article(
        article, ArticleContext(publisher="P", slug="s", path="articles/2022/01/s.md")
    )
    meta = yaml.safe_load(page.split("---\n", 2)[1])
    credit = _CREDIT.search(page)
    return {
        "byline": meta.get("byline"),
        "authors": meta.get("author_names", []),
        "credits": meta.get("credits", []),
        "photo_credit": html.unescape(credit[1]) if credit else None,
    }


def score(folder: Path) -> tuple[int, int, list[str]]:
    """(right, total, what is wrong for each seed that is not right)."""
    expected = json.loads((folder / "expected.json").read_text(encoding="utf-8"))
    wrong = []
    for name, want in sorted(expected.items()):
        got = outcome(folder / name)
        differences = [
            f"{key}: {got[key]!r} != {value!r}" for key, value in want.items() if got[key] != value
        ]
        if differences:
            wrong.append(f"{name}: " + "; ".join(differences))
    return len(expected) - len(wrong), len(expected), wrong


if __name__ == "__main__":
    for argument in sys.argv[1:]:
        right, total, wrong = score(Path(argument))
        print(f"{argument}: {right}/{total} right")
        for line in wrong:
            print("  " + line)
