"""Related articles on the hand-labelled wire set, against its stories; and the evaluation itself.

tests/fixtures/wire/seeds/*.txt are parsed with the real parser, linked to the repository's
glossary/ and given to `related_for` as the conversion does (build/pipeline.py: duplicates dropped,
the settings of mkdocs.yml's `related:` block, the articles each text names), and the lists are
evaluated against tests/fixtures/wire/labels.json (related_quality.py says how). The reports of
all the hand-written sets are also republished the ways outlets do it (copy_variants.py), to see
that the copies are told apart.

The method was not tuned on this set (enrich/related/ says what was looked at), so its figures are
close to what it does on text it was not made for; the floors below are those figures, rounded
down, so that a change that makes it worse fails. They are below the targets of the issue that
asked for it (precision@5 0.92, 3+ shown on 97% of the pages that have 3 mates): in these 14
stories, stories of the same days name each other (the Kerch bridge and the missile barrage
Putin called retaliation for it; the second bridge attack and the end of the grain deal), and a
page whose story has 2 other articles shows a third from the next story.
"""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

import reading_archive.enrich.related.mirrors as related_mirrors
import reading_archive.enrich.related.scorer as related_scorer
from conftest import REPO
from reading_archive.build.pipeline import drop_duplicates
from reading_archive.enrich.glossary import load_glossary
from reading_archive.enrich.link import GlossaryIndex, link_article
from reading_archive.enrich.related import (
    RelatedInput,
    related_for,
    resolve_references,
    update_related,
)
from reading_archive.model import Article
from reading_archive.read.seed import article_from_bytes
from reading_archive.settings import load_settings
from reading_archive_dev.copy_variants import KINDS, CopyFigure
from reading_archive_dev.copy_variants import copy_figures as made_copies
from reading_archive_dev.related_quality import Quality, evaluate, load_labels

WIRE = REPO / "tests" / "fixtures" / "wire"


def related_lists(folder: Path, project: Path) -> tuple[dict, list[str]]:
    """The related lists of the seeds of folder/seeds, linked to project/glossary with the settings
    of project/mkdocs.yml, as the conversion makes them; and the seeds dropped as duplicates."""
    settings = load_settings(project / "mkdocs.yml")
    linked = linked_articles(folder, project)
    kept, _ = drop_duplicates(linked)
    dropped = sorted({a.seed for a in linked} - {a.seed for a in kept})
    resolved, _ = resolve_references(kept)
    references = {seed: tuple(titles.values()) for seed, titles in resolved.items()}
    return related_for(kept, settings.related, references), dropped


def linked_articles(folder: Path, project: Path, prefix: str = "") -> list[Article]:
    """The seeds of folder/seeds parsed (named seeds/<prefix><file name>) and linked to
    project/glossary, as the conversion does."""
    settings = load_settings(project / "mkdocs.yml")
    glossary, _ = load_glossary(project / "glossary", project)
    index = GlossaryIndex.build(glossary)
    paths = sorted((folder / "seeds").glob("*.txt"))
    parsed = [article_from_bytes(p.read_bytes(), f"seeds/{prefix}{p.name}") for p in paths]
    return [
        link_article(article, index, every_mention=settings.link_every_mention)
        for article in parsed
    ]


@pytest.fixture(scope="module")
def wire_quality() -> Quality:
    assert (WIRE / "labels.json").is_file(), f"no labelled set at {WIRE}"
    story_of, copy_of = load_labels(WIRE)
    lists, dropped = related_lists(WIRE, REPO)
    kept = {
        seed: story for seed, story in story_of.items() if seed not in dropped
    }  # no page: not evaluated
    quality = evaluate(kept, copy_of, lists)
    print(
        f"\nwire set: {len(story_of)} seeds, {len(set(story_of.values()))} stories, "
        f"dropped as duplicates: {dropped or 'none'}"
    )
    print(
        f"precision@5 {quality.precision:.3f}, recall@5 {quality.recall:.3f}, "
        f"empty {quality.empty} of {quality.pages} pages "
        f"({quality.empty_with_mates} with mates), "
        f"3+ shown on {quality.three_plus} of {quality.pages_three_mates} pages "
        f"with 3+ mates ({quality.three_plus_share:.1%}), "
        f"copies in slots {quality.copies_in_slots}, copies found "
        f"{quality.copies_found} of {quality.copy_pairs} (wrongly marked {quality.copies_wrong}), "
        f"shown/page {quality.mean_shown:.2f}"
    )
    return quality


def test_wire_precision_and_recall_at_5(wire_quality: Quality) -> None:
    # 0.877 before pairs far apart in time were proposed by their words alone, not by terms;
    # recall@5 0.824 before numbers counted as words (one entry of the Wagner mutiny's story
    # left the list of another of its reports, 144 of 176 since)
    assert wire_quality.precision >= 0.94 and wire_quality.recall >= 0.81


def test_wire_no_page_empty_whose_story_has_another_article(wire_quality: Quality) -> None:
    assert wire_quality.empty_with_mates == 0


def test_wire_three_related_on_pages_of_stories_with_three_others(wire_quality: Quality) -> None:
    # 35 of 43 pages before text vectors were normalised over the words they keep, 34 since
    # (while precision@5 rose from 0.825 to 0.877 and recall@5 from 0.778 to 0.812)
    assert wire_quality.three_plus_share >= 0.79


def test_wire_copies_are_shown_apart_never_in_slots(wire_quality: Quality) -> None:
    assert wire_quality.copies_in_slots == 0
    assert (
        wire_quality.copies_found == wire_quality.copy_pairs == 8 and wire_quality.copies_wrong == 0
    )


# --------------------------------------------------------------------------------------------
# two more hand-written sets, held out until the crowd bar was built: the Russia–Ukraine war in
# 2024–2025 (tests/fixtures/war2024) and Brexit in 2018–2020 (tests/fixtures/brexit), written by
# other engineers to the same brief as the wire set (hard negatives, a return to a place, copies).
# Their figures are the floors below. The first run showed what the method did not handle: Brexit
# reports share the words all Brexit reporting shares, and with text vectors normalised over all
# their words two reports of one event scored about 0.05, under min_score (0.08): 15 of 33 pages
# were empty although their story had another article (precision@5 0.415, recall@5 0.202;
# war2024 0.747 and 0.660). The first entry's lower threshold (min_first_score) and vectors
# normalised over the words they keep came after that was seen: neither set is held out since.
# Nor since the next change, seen on all three: pairs far apart in time proposed by what their
# texts share, not by shared terms (their wrong entries were mostly such pairs: Brexit summits
# months apart; war2024 0.818 → 0.882, brexit 0.653 → 0.803).
#
# Two more were then written, by two other engineers who did not see the method or its lists,
# and run once with it as it was: the European energy crisis of 2022–23 (tests/fixtures/energy:
# stories followed over weeks and months) and the war in Sudan in 2023 (tests/fixtures/sudan:
# ceasefires and attacks of the same weeks). Their first run gave 0.779 / 0.638 and 0.723 / 0.652.
# All four were then looked at while the weights and the time scale were chosen again (on the
# synthetic families: enrich/related/), so none is held out since; the floors are the figures
# since. Counting numbers as words (three digits or more, or decimals) raised precision@5 on
# war2024 (0.904 → 0.926), brexit (0.828 → 0.855) and energy (0.828 → 0.835), and lowered energy's
# recall@5 (0.664 → 0.655: one entry).

HELD_OUT = {
    "war2024": (0.92, 0.79),
    "brexit": (0.85, 0.63),
    "energy": (0.83, 0.65),
    "sudan": (0.74, 0.65),
}  # precision@5, recall@5


@pytest.fixture(scope="module", params=sorted(HELD_OUT))
def held_out(request: pytest.FixtureRequest) -> tuple[str, Quality]:
    folder = REPO / "tests" / "fixtures" / request.param
    story_of, copy_of = load_labels(folder)
    lists, dropped = related_lists(folder, REPO)
    quality = evaluate(
        {seed: story for seed, story in story_of.items() if seed not in dropped}, copy_of, lists
    )
    print(
        f"\n{request.param}: precision@5 {quality.precision:.3f}, recall@5 {quality.recall:.3f}, "
        f"empty with mates {quality.empty_with_mates}, 3+ {quality.three_plus_share:.1%}, "
        f"copies {quality.copies_found}/{quality.copy_pairs}"
    )
    return request.param, quality


def test_held_out_sets_precision_and_recall_at_5(held_out: tuple[str, Quality]) -> None:
    name, quality = held_out
    precision, recall = HELD_OUT[name]
    assert quality.precision >= precision and quality.recall >= recall


def test_held_out_sets_copies_are_shown_apart_never_in_slots(held_out: tuple[str, Quality]) -> None:
    _, quality = held_out
    assert quality.copies_in_slots == 0 and quality.copies_wrong == 0
    assert quality.copies_found == quality.copy_pairs == 4


@pytest.fixture(scope="module")
def copy_figures() -> dict[str, CopyFigure]:
    return {f.kind: f for f in made_copies(REPO, list(KINDS))}


@pytest.mark.parametrize(
    "kind",
    [
        "cut to its first half",
        "a middle paragraph dropped",
        "an editor's note before",
        "an agency credit after",
        "cut to half, credit after",
        "1 word in 40 changed",
    ],
)
def test_copies_made_as_outlets_make_them_are_all_told_apart(
    copy_figures: dict[str, CopyFigure], kind: str
) -> None:
    """Every hand-written report republished this way (copy_variants.py) is told a copy of its
    original, both ways, and no other pair is."""
    figure = copy_figures[kind]
    assert figure.copies > 100
    assert (figure.told, figure.told_back, figure.wrong) == (figure.copies, figure.copies, 0)


@pytest.mark.parametrize("kind", ["cut to its first 3 paragraphs", "1 word in 20 changed"])
def test_copies_cut_short_or_edited_are_nearly_all_told_apart(
    copy_figures: dict[str, CopyFigure], kind: str
) -> None:
    """A copy cut to 3 of 8 paragraphs or more, or with one word in 20 changed, is nearly always
    told (the floor: the figure of 2026-12-03 rounded down); one with one word in 10 changed is
    mostly not (a rewrite, more than a copy), and no other pair is taken for a copy."""
    figure = copy_figures[kind]
    assert figure.told >= 0.95 * figure.copies and figure.wrong == 0
    assert copy_figures["1 word in 10 changed"].wrong == 0


# --------------------------------------------------------------------------------------------
# evaluate on hand-made lists


def r(seed: str, copy: bool | None = None) -> SimpleNamespace:
    """An entry of a list; without `copy`, one of today's (no such attribute)."""
    return SimpleNamespace(seed=seed) if copy is None else SimpleNamespace(seed=seed, copy=copy)


def test_evaluate_counts_every_figure() -> None:
    # Story A: a1..a5, with a1c a copy of a1 and a1cc a copy of that copy; story B: b1, b2, b3,
    # b1c a copy of b1; story C: c1 alone; story D: d1 and its copy d1c only (no mates).
    story_of = {
        s: s[0]
        for s in [
            "a1",
            "a1c",
            "a1cc",
            "a2",
            "a3",
            "a4",
            "a5",
            "b1",
            "b1c",
            "b2",
            "b3",
            "c1",
            "d1",
            "d1c",
        ]
    }
    copy_of = {"a1c": "a1", "a1cc": "a1c", "b1c": "b1", "d1c": "d1"}
    lists = {
        "a1": [
            r("a2"),
            r("a3"),
            r("b1"),
            r("a1c", True),
            r("a1cc", True),
            r("a4"),
            r("a5"),
            r("a2"),
        ],  # 6th slot on: not counted
        "a1c": [r("a1"), r("a2"), r("a3")],  # a1 in a slot: a copy in a slot, shown but not right
        "a2": [r("a1"), r("a3", True)],  # a3 marked a copy: no known copy, wrongly marked
        "a3": [],
        "b1": [r("b2"), r("b1c", False)],  # copy=False: a slot entry, a copy in a slot
        "b1c": [r("b1", True), r("b2"), r("b3"), r("c1")],
        "c1": [r("b3")],
        "d1": [r("d1c", True)],  # no slot entry: empty, but no mates
    }  # a4, a5, a1cc, b2, b3, d1c: no list, empty pages
    q = evaluate(story_of, copy_of, lists)
    # slots (right): a1 a2 a3 b1 a4 a5 (4 of 5); a1c a1 a2 a3 (2 of 3); a2 a1 (1);
    # b1 b2 b1c (1 of 2); b1c b2 b3 c1 (2 of 3); c1 b3 (0 of 1)
    assert (q.pages, q.shown, q.right) == (14, 15, 10)
    # mates: a1, a1c, a1cc have a2..a5 (4); a2..a5 have 6 (5 count); b1, b1c have b2, b3 (2);
    # b2, b3 have 3
    assert q.attainable == 3 * 4 + 4 * 5 + 2 * 2 + 2 * 3
    assert (q.empty, q.empty_with_mates) == (
        8,
        6,
    )  # a3, a4, a5, a1cc, b2, b3 have mates; d1, d1c none
    assert (q.pages_three_mates, q.three_plus) == (
        9,
        2,
    )  # a-story pages (7) and b2, b3; a1 and a1c show 3+
    assert (q.copy_pairs, q.copies_in_slots, q.copies_found, q.copies_wrong) == (
        3 * 2 + 2 + 2,
        2,
        4,
        1,
    )
    assert q.precision == pytest.approx(10 / 15) and q.recall == pytest.approx(10 / 42)
    assert q.empty_share == pytest.approx(8 / 14) and q.three_plus_share == pytest.approx(2 / 9)
    assert q.mean_shown == pytest.approx(15 / 14)


def test_evaluate_without_copies_is_plain_precision() -> None:
    story_of = {"x1": 1, "x2": 1, "y1": 2}
    q = evaluate(story_of, {}, {"x1": [r("x2"), r("y1")], "x2": [r("x1")], "y1": []})
    assert (q.precision, q.recall, q.empty, q.empty_with_mates, q.copy_pairs) == (
        2 / 3,
        1.0,
        1,
        0,
        0,
    )
    assert q.three_plus_share == 1.0  # no page has 3 mates: nothing to miss


def test_evaluate_refuses_an_unlabelled_article() -> None:
    with pytest.raises(KeyError, match="without a story label"):
        evaluate({"x1": 1}, {}, {"x1": [r("z9")]})


def test_load_labels_reads_and_checks_a_labelled_set(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    for name in ("a.txt", "b.txt", "c.txt"):
        (tmp_path / "seeds" / name).write_text("x", encoding="utf-8")
    labels = {
        "a.txt": {"story": "s1", "copy_of": None},
        "b.txt": {"story": "s1", "copy_of": "a.txt"},
        "c.txt": {"story": "s2", "copy_of": None},
    }
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    assert load_labels(tmp_path) == (
        {"seeds/a.txt": "s1", "seeds/b.txt": "s1", "seeds/c.txt": "s2"},
        {"seeds/a.txt": None, "seeds/b.txt": "seeds/a.txt", "seeds/c.txt": None},
    )
    labels["b.txt"]["copy_of"] = "c.txt"  # another story
    del labels["a.txt"]
    labels["z.txt"] = {"story": "s3", "copy_of": None}
    (tmp_path / "labels.json").write_text(json.dumps(labels), encoding="utf-8")
    with pytest.raises(ValueError) as refused:
        load_labels(tmp_path)
    for message in (
        "a.txt: no label",
        "z.txt: labelled, but there is no seeds/z.txt",
        "b.txt: a copy of c.txt, which is in another story",
    ):
        assert message in str(refused.value)


def test_near_pairs_are_scored_alike_in_bands_and_pair_by_pair(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The pairs near in time are multiplied in bands of the similarity matrix, or one by one
    when the bands would hold few pairs each (rows scattered over the years, as an edit's):
    both give the same products, so the same lists and state. Here the five hand-written sets
    at once (2018–2025), in one block of rows, each way."""
    articles = [
        article
        for name in ("wire", "war2024", "brexit", "energy", "sudan")
        for article in linked_articles(REPO / "tests" / "fixtures" / name, REPO, f"{name}_")
    ]
    inputs = [RelatedInput.of(article) for article in articles]
    assert len(inputs) > related_scorer._Scorer._FEW  # one block, multiplied as matrices
    settings = load_settings(REPO / "mkdocs.yml").related
    monkeypatch.setattr(related_scorer, "_PAIRS_PER_BAND", 0)  # never pair by pair
    in_bands = update_related(None, inputs, settings, {})
    monkeypatch.setattr(related_scorer, "_PAIRS_PER_BAND", 1 << 40)  # always
    pair_by_pair = update_related(None, inputs, settings, {})
    assert pair_by_pair == in_bands
    assert sum(1 for entries in in_bands[0].values() if len(entries) >= 3) > 100


def test_pairs_of_two_blocks_are_found_once_and_scored_alike(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Rows are scored a block at a time; a far pair of two rows of different blocks is
    multiplied in the first one's block and handed to the other's, not multiplied again. Here
    the five hand-written sets at once (2018–2025, with their copies), in one block of rows, in
    blocks of 23, and in blocks of 23 with at most 60 far pairs held at once: the same lists and
    state, and far pairs were handed on."""
    articles = [
        article
        for name in ("wire", "war2024", "brexit", "energy", "sudan")
        for article in linked_articles(REPO / "tests" / "fixtures" / name, REPO, f"{name}_")
    ]
    inputs = [RelatedInput.of(article) for article in articles]
    settings = load_settings(REPO / "mkdocs.yml").related
    whole = update_related(None, inputs, settings, {})
    handed: list[int] = []
    joined = related_mirrors._Mirrors.joined

    def counted(mirrors: related_mirrors._Mirrors, block, keys, rare):
        pairs = joined(mirrors, block, keys, rare)
        handed.append(len(pairs.keys) - len(keys))
        return pairs

    monkeypatch.setattr(related_mirrors._Mirrors, "joined", counted)
    monkeypatch.setattr(related_scorer, "_BLOCK_ROWS", 23)
    in_blocks = update_related(None, inputs, settings, {})
    assert in_blocks == whole
    assert len(handed) > 8 and sum(handed) > 100
    # (and when more would be held than it may: handed on until then, multiplied again after)
    all_handed = sum(handed)
    monkeypatch.setattr(related_mirrors, "_HANDED_PAIRS", 60)
    handed.clear()
    assert update_related(None, inputs, settings, {}) == whole
    assert 0 < sum(handed) < all_handed
    assert sum(1 for entries in whole[0].values() if any(r.copy for r in entries)) > 20
