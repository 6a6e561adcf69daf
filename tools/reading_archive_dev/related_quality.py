"""How good the "Related articles" lists are, against labelled stories: one evaluation, used by
`archive bench related` and by tests/test_related_fixtures.py.

`evaluate(story_of, copy_of, lists, k)` takes, for every article (by seed), the story it belongs
to and, for a republished copy, the seed of the article it reproduces (None otherwise), and the
lists a method shows. An entry of a list has `.seed` and may have `.copy`: True when the page
shows it apart, as another publication of the same text ("Also published by"), not in one of
the k related slots. Entries without the attribute are slot entries (the method of today).

Copies (how they count):

- Articles linked by `copy_of`, directly or through others (a copy of a copy, two copies of one
  original), form a *copy group*: the same text published more than once. Every two articles of
  a group are a *known copy pair*, in both directions (A's page, B's page).
- A copy and its original are the same story, and a copy has a page and a list of its own,
  evaluated like any other.
- An article's *mates* are the other articles of its story outside its copy group: the ones it
  can rightly show in its related slots. Story sizes below (recall's `min(k, mates)`, the pages
  whose story has another article, or at least 3 others) all count mates, so a story that is
  one text published twice has no mates at all.
- A slot entry (not `.copy`) is *right* when it is a mate. A known copy in a slot is counted as
  shown but not right (the reader finds the same text again), and counted in `copies_in_slots`.
- Only the first k slot entries of a list count (a list can be longer when the article's text
  names more than k others); every `.copy` entry counts, whatever its place.

Figures:

- precision@k: right slot entries / slot entries (at most k a page);
- recall@k: right slot entries / the sum over pages of min(k, mates);
- empty: pages with no slot entry (`.copy` entries alone leave a page empty), as a share of all;
- empty_with_mates: empty pages whose article has at least one mate (count);
- three_plus: pages with at least 3 slot entries, among pages with at least 3 mates (share);
- copies_in_slots: slot entries that are a known copy of the page's article (count);
- copies_found: known copy pairs shown as `.copy` (count of directed pairs, of `copy_pairs`);
- copies_wrong: `.copy` entries that are not a known copy of the page's article (count);
- mean_shown: slot entries per page.

`load_labels(folder)` reads a hand-labelled set: `folder/seeds/*.txt` and `folder/labels.json`,
`{"file.txt": {"story": "s01", "copy_of": null | "other.txt"}}`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True)
class Quality:
    k: int
    pages: int
    shown: int  # slot entries, the first k of each list
    right: int  # of those, mates of the page's article
    attainable: int  # sum over pages of min(k, mates)
    empty: int  # pages with no slot entry
    empty_with_mates: int  # of those, pages whose article has a mate
    pages_three_mates: int  # pages whose article has at least 3 mates
    three_plus: int  # of those, pages with at least 3 slot entries
    copy_pairs: int  # known copy pairs, directed (page, copy)
    copies_in_slots: int  # known copies shown in a slot
    copies_found: int  # known copy pairs shown as .copy
    copies_wrong: int  # .copy entries that are no known copy

    @property
    def precision(self) -> float:
        return self.right / self.shown if self.shown else 0.0

    @property
    def recall(self) -> float:
        return self.right / self.attainable if self.attainable else 0.0

    @property
    def empty_share(self) -> float:
        return self.empty / self.pages if self.pages else 0.0

    @property
    def three_plus_share(self) -> float:
        return self.three_plus / self.pages_three_mates if self.pages_three_mates else 1.0

    @property
    def mean_shown(self) -> float:
        return self.shown / self.pages if self.pages else 0.0


def copy_groups(copy_of: Mapping[str, str | None]) -> dict[str, str]:
    """Each article's copy group, named by one of its members (the root of its copy_of chain)."""

    def root(seed: str) -> str:
        seen = []
        while copy_of.get(seed) and seed not in seen:
            seen.append(seed)
            seed = copy_of[seed]  # type: ignore[assignment]
        return min(seen[seen.index(seed) :]) if seed in seen else seed  # a cycle: any fixed member

    return {seed: root(seed) for seed in copy_of}


def evaluate(
    story_of: Mapping[str, Any],
    copy_of: Mapping[str, str | None],
    lists: Mapping[str, Sequence[Any]],
    k: int = 5,
) -> Quality:
    """The figures of the module docstring for the lists of every article of `story_of`: the
    articles that have a page (an article without a list has an empty one). `copy_of` may name
    articles without a page too (dropped as duplicates): copy groups are made through them.
    Every seed shown must be in `story_of`."""
    unknown = sorted({r.seed for entries in lists.values() for r in entries} - set(story_of))
    if unknown:
        raise KeyError(f"{len(unknown)} related articles without a story label, e.g. {unknown[0]}")
    group = copy_groups(
        {**dict.fromkeys(story_of), **copy_of}
    )  # through articles without a page too
    members = Counter((story_of[seed], group[seed]) for seed in story_of)
    stories = Counter(story_of.values())
    group_size = Counter(group[seed] for seed in story_of)
    counts: Counter[str] = Counter()
    for seed, story in story_of.items():
        mates = stories[story] - members[story, group[seed]]
        entries = list(lists.get(seed, ()))
        slots = [r.seed for r in entries if not getattr(r, "copy", False)][:k]
        marked = {r.seed for r in entries if getattr(r, "copy", False)}
        copies = {r for r in slots if group[r] == group[seed] and r != seed}
        right = sum(1 for r in slots if story_of[r] == story and group[r] != group[seed])
        counts.update(
            pages=1, shown=len(slots), right=right, attainable=min(k, mates), empty=not slots,
            empty_with_mates=not slots and mates > 0, pages_three_mates=mates >= 3,
            three_plus=mates >= 3 and len(slots) >= 3, copy_pairs=group_size[group[seed]] - 1,
            copies_in_slots=len(copies),
            copies_found=sum(1 for r in marked if group[r] == group[seed] and r != seed),
            copies_wrong=sum(1 for r in marked if group[r] != group[seed] or r == seed),
        )  # fmt: skip
    return Quality(
        k=k, **{field: counts[field] for field in Quality.__dataclass_fields__ if field != "k"}
    )


def load_labels(
    folder: Path, prefix: str = "seeds/"
) -> tuple[dict[str, str], dict[str, str | None]]:
    """story_of and copy_of of a labelled set, by seed (`prefix` + file name), checked: every
    seed file labelled, every label a seed file, a copy of a labelled article of its own story."""
    labels = json.loads((folder / "labels.json").read_text(encoding="utf-8"))
    files = {path.name for path in (folder / "seeds").glob("*.txt")}
    problems = [f"{name}: no label in labels.json" for name in sorted(files - set(labels))]
    problems += [
        f"{name}: labelled, but there is no seeds/{name}" for name in sorted(set(labels) - files)
    ]
    for name, label in sorted(labels.items()):
        original = label.get("copy_of")
        if not isinstance(label.get("story"), str) or not label["story"]:
            problems.append(f"{name}: no story")
        elif original is not None and (original not in labels or original == name):
            problems.append(f"{name}: copy_of {original!r} is not another labelled article")
        elif original is not None and labels[original].get("story") != label["story"]:
            problems.append(f"{name}: a copy of {original}, which is in another story")
    if problems:
        raise ValueError(f"{folder / 'labels.json'}: " + "; ".join(problems))
    story_of = {prefix + name: label["story"] for name, label in labels.items()}
    copy_of = {
        prefix + name: (prefix + label["copy_of"]) if label.get("copy_of") else None
        for name, label in labels.items()
    }
    return story_of, copy_of
