"""Annotation anchoring (enrich/annotate.py): the tolerant matcher agrees with a plain edit-distance
table on small texts; hostile cases finish in bounded time and memory; an edited quote is
anchored and reported through a real conversion."""

from __future__ import annotations

import difflib
import json
import random
import re
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import _env
from reading_archive.enrich import annotate, sidecar
from reading_archive.enrich.sidecar import SidecarError, parse_sidecar
from reading_archive.model import TextQuote
from reading_archive_dev.bench import _edited, _paragraphs

# --- a reference: the edit-distance table, filled in full --------------------------------------


def reference_normalise(text: str) -> str:
    """annotate's normalisation, written plainly (as the converter had it before)."""
    mapped = text.translate(annotate._SAME)
    lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in mapped)
    return " ".join(lowered.split())


def reference_closest(
    quote: str, passages: list[str]
) -> tuple[int, list[tuple[int, int, int]]] | None:
    """Fewest edits from the normalised quote to a stretch of one normalised passage (at most a
    fifth of the quote), and each closest stretch as (passage, start, end) in normalised text: of
    each run of closest ends the first, and for it the earliest start, trimmed of spaces."""
    wanted = reference_normalise(quote)
    limit = int(len(wanted) * annotate.MAX_EDIT_SHARE)
    if limit == 0:
        return None
    best, places = limit + 1, []
    for number, passage in enumerate(map(reference_normalise, passages)):
        table = [[0] * (len(passage) + 1) for _ in range(len(wanted) + 1)]  # free start: row 0 is 0
        for i in range(1, len(wanted) + 1):
            table[i][0] = i
            for j in range(1, len(passage) + 1):
                substitution = table[i - 1][j - 1] + (wanted[i - 1] != passage[j - 1])
                table[i][j] = min(substitution, table[i - 1][j] + 1, table[i][j - 1] + 1)
        last = table[-1]
        for end in range(1, len(passage) + 1):
            if last[end] < best:
                best, places = last[end], []
            if last[end] == best and (end == 1 or last[end - 1] != best):
                places.append((number, end))
    if best > limit:
        return None
    found = []
    for number, end in places:
        passage = reference_normalise(passages[number])
        start = min(s for s in range(end + 1) if distance(wanted, passage[s:end]) == best)
        while start < end and passage[start] == " ":
            start += 1
        while end > start and passage[end - 1] == " ":
            end -= 1
        if end > start:
            found.append((number, start, end))
    return best, found


def distance(one: str, other: str) -> int:
    previous = list(range(len(other) + 1))
    for i, a in enumerate(one, start=1):
        current = [i]
        for j, b in enumerate(other, start=1):
            current.append(min(previous[j - 1] + (a != b), previous[j] + 1, current[j - 1] + 1))
        previous = current
    return previous[-1]


words = st.text(alphabet="abc", min_size=1, max_size=6)
passage = st.lists(words, min_size=1, max_size=8).map(" ".join)
passages = st.lists(passage, min_size=1, max_size=3)


def quote_from(data: st.DataObject, texts: list[str]) -> str:
    """Mostly a stretch of one of the texts with a few edits; sometimes anything."""
    if data.draw(st.booleans()):
        return data.draw(st.text(alphabet="abc ", min_size=1, max_size=30))
    text = data.draw(st.sampled_from(texts))
    start = data.draw(st.integers(0, len(text) - 1))
    quote = list(text[start : data.draw(st.integers(start + 1, len(text)))])
    for _ in range(data.draw(st.integers(0, 3))):
        at = data.draw(st.integers(0, len(quote)))
        kind = data.draw(st.sampled_from(["insert", "delete", "replace"]))
        if kind == "insert" or not quote:
            quote.insert(at, data.draw(st.sampled_from("abcd ")))
        elif at < len(quote):
            quote[at] = data.draw(st.sampled_from("abcd ")) if kind == "replace" else ""
    return "".join(quote)


def closest_places(
    quote: str, texts: list[str], scan_all_cells: int, min_piece: int = 8
) -> tuple[int, list[tuple[int, int, int]]] | None:
    """annotate's tolerant matcher, its places as (passage, start, end) in normalised text."""
    text = annotate._Text([(0, number, t) for number, t in enumerate(texts)])
    wanted = annotate.normalise(" ".join(quote.split()))
    found = annotate._closest(wanted, text, scan_all_cells, min_piece) if wanted else None
    if found is None:
        return None
    target = TextQuote(
        quote, prefix="-"
    )  # with a prefix every closest place is weighed (without, those apart)
    places = annotate._tolerant_places(target, wanted, text, scan_all_cells, min_piece)
    starts = text.normal_starts.tolist()
    located = []
    for place in places:
        start = int(text.where.searchsorted(place.start))
        end = int(text.where.searchsorted(place.end - 1)) + 1
        number = text.passage_of(place.start)
        located.append((number, start - starts[number], end - starts[number]))
    return found[0], located


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts=passages, data=st.data())
def test_tolerant_matcher_agrees_with_the_full_table(texts: list[str], data: st.DataObject) -> None:
    quote = quote_from(data, texts)
    expected = reference_closest(quote, texts)
    # straight away over the whole text, and around the pieces looked up first (k = 1, 3, 7, ...)
    assert closest_places(quote, texts, scan_all_cells=1 << 30) == expected
    assert closest_places(quote, texts, scan_all_cells=0) == expected
    assert closest_places(quote, texts, scan_all_cells=0, min_piece=1) == expected


@settings(max_examples=200, deadline=None)
@given(texts=passages, data=st.data())
def test_locate_finds_what_the_table_finds(texts: list[str], data: st.DataObject) -> None:
    quote = quote_from(data, texts)
    anchor, _ = annotate.locate(
        TextQuote(quote), [(0, number, t) for number, t in enumerate(texts)]
    )
    wanted = " ".join(quote.split())
    exact = [
        (n, i)
        for n, t in enumerate(texts)
        for i in range(len(t))
        if wanted and t.startswith(wanted, i)
    ]
    expected = reference_closest(quote, texts)
    if exact:
        assert anchor is not None and anchor.exact and (anchor.item, anchor.start) == exact[0]
    elif expected is None:
        assert anchor is None
    else:
        _, places = expected
        assert anchor is not None and not anchor.exact
        first = min(places, key=lambda place: (place[0], place[1], place[2]))
        assert (anchor.item, anchor.start, anchor.end) == first  # the texts are normalised already


@settings(max_examples=200, deadline=None)
@given(
    texts=st.lists(
        st.text(alphabet="aB \t\n\u00a0\u2019'\u2014-İ", max_size=12), min_size=1, max_size=4
    )
)
def test_text_is_normalised_as_each_passage_alone(texts: list[str]) -> None:
    normal, where, starts = annotate._normalised(texts)
    assert normal.split("\n") == [reference_normalise(t) for t in texts]
    joined = "\n".join(texts)
    separators = {sum(len(t) + 1 for t in texts[:index]) - 1 for index in range(1, len(texts))}
    for character, origin in zip(
        normal, where.tolist(), strict=False
    ):  # each character comes from where `where` says
        if origin in separators:
            assert character == "\n"
        else:
            assert character == (
                " " if joined[origin].isspace() else reference_normalise(joined[origin])
            )
    assert starts.tolist() == [0, *[i + 1 for i, c in enumerate(normal) if c == "\n"]]


# --- hostile cases finish, in bounded time and memory -------------------------------------------

BOUNDED = textwrap.dedent(
    """
    import difflib, json, resource, sys
    # 2 GiB: a blow-up fails instead of swapping
    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    from reading_archive.enrich.annotate import anchor_annotations
    from reading_archive_dev.bench import _anchor_case
    article, annotations = _anchor_case(sys.argv[1], 0)
    likeness = lambda one, other: difflib.SequenceMatcher(None, one, other, autojunk=False).ratio()
    _, anchored, problems = anchor_annotations(article, annotations, "seeds/anchoring.yml")
    found = [a.anchor for a in anchored]
    print(json.dumps({
        "exact": [bool(a and a.exact) for a in found],
        "tolerant": [bool(a and not a.exact) for a in found],
        "prefix_likeness": [
            a and likeness(n.target.prefix[-32:], a.quote.prefix)
            for n, a in zip(annotations, found)
        ],
        "quote_likeness": [
            a and likeness(n.target.exact, a.quote.exact) for n, a in zip(annotations, found)
        ],
        "problems": [str(p) for p in problems],
    }))
    """
)


def anchor_in_bounds(case: str) -> dict:
    """One of `archive bench anchor`'s cases, in a process limited to 2 GiB and 60 s."""
    command = [sys.executable, "-c", BOUNDED, case]
    result = subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return json.loads(result.stdout)


def test_long_edited_quote_in_a_4_mib_paragraph_is_anchored_in_bounds() -> None:
    result = anchor_in_bounds(
        "long-quote"
    )  # a 1,000-character quote with 50 edits: over 600 s before
    assert result["tolerant"] == [True] and result["quote_likeness"][0] > 0.9
    (problem,) = result["problems"]
    assert problem.startswith(
        "seeds/anchoring.yml:1: warning: annotation's quote no longer matches the text exactly"
    )


def test_quote_not_in_a_4_mib_paragraph_is_orphaned_in_bounds() -> None:
    result = anchor_in_bounds(
        "orphan"
    )  # the worst case: the whole text aligned with the whole quote
    assert result["exact"] == result["tolerant"] == [False]
    assert "orphaned annotation" in result["problems"][0]


@pytest.mark.parametrize("case", ["repetitive", "periodic"])
def test_edited_quote_in_a_repetitive_paragraph_is_anchored_in_bounds(case: str) -> None:
    assert anchor_in_bounds(case)["tolerant"] == [True]  # 7.3 GB in the case


@pytest.mark.parametrize("case", ["context-400k", "context-4m"])
def test_short_quote_is_told_apart_by_its_context_in_bounds(case: str) -> None:
    result = anchor_in_bounds(
        case
    )  # a 3-character quote in every sentence: over 120 s before on 4 MB
    assert result["exact"] == [True]
    assert (
        result["prefix_likeness"][0] > 0.8
    )  # the occurrence the prefix (with 5 edits) was taken from
    assert result["problems"] == []  # the prefix and suffix told it from the others


def test_ten_edited_quotes_in_a_4_mib_seed_are_anchored() -> None:
    result = anchor_in_bounds("edited")
    assert result["tolerant"] == [True] * 10
    assert all(likeness > 0.95 for likeness in result["quote_likeness"])  # 1 edit in 40


# --- through a real conversion -------------------------------------------------------------------


def test_edited_quote_is_highlighted_and_reported_by_archive_convert_on_a_long_seed(
    empty_project: Path,
) -> None:
    """A 2 MB seed of one paragraph whose 1,000-character annotated passage was since edited."""
    rng = random.Random(7)
    (paragraph,) = _paragraphs(rng, 2_000_000, one=True)
    passage = paragraph[1_000_000:1_001_000].strip()
    changed = passage.replace(" ", "  ", 3)
    changed = _edited(rng, changed, 30)[:1000].strip()
    seed = f"A long article\n\nJanuary 01, 2024\n\n{paragraph}\n\nOriginal url: https://example.org/long\n"
    (empty_project / "seeds" / "long.txt").write_text(seed, encoding="utf-8")
    notes = {"annotations": [{"quote": changed, "body": "A note on the long passage."}]}
    (empty_project / "seeds" / "long.yml").write_text(
        yaml.safe_dump(notes, width=10**9), encoding="utf-8"
    )

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "reading_archive",
            "-f",
            str(empty_project / "mkdocs.yml"),
            "convert",
        ],
        cwd=empty_project,
        capture_output=True,
        text=True,
        env=_env(),
        timeout=240,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    warning = (
        "seeds/long.yml:2: warning: annotation's quote no longer matches the text "
        "exactly; it is anchored to"
    )
    assert warning in result.stderr
    pages = [
        page.read_text(encoding="utf-8")
        for page in (empty_project / "content" / "articles").rglob("*.md")
    ]
    (marked,) = [
        found for page in pages for found in re.finditer(r"<mark>(.*?)</mark>", page, re.S)
    ]
    assert difflib.SequenceMatcher(None, marked.group(1), passage, autojunk=False).ratio() > 0.95


def test_many_long_orphans_stop_at_the_articles_allowance() -> None:
    result = anchor_in_bounds("orphans")  # 30 quotes of 1,000 characters, none in a 4 MiB paragraph
    assert result["exact"] == result["tolerant"] == [False] * 30
    orphaned = [p for p in result["problems"] if "orphaned annotation" in p]
    spent = [p for p in result["problems"] if "time for looking for close matches is spent" in p]
    assert orphaned and spent and len(orphaned) + len(spent) == 30
    assert all(re.match(r"^seeds/anchoring\.yml:\d+: warning: ", p) for p in result["problems"])


# --- what a sidecar may ask for is capped while it is read ---------------------------------------

CAPPED = [
    ("quote", "q" * 1001, 3, "'quote' is longer than 1,000 characters"),
    ("prefix", "p" * 201, 5, "'prefix' must be a text of at most 200 characters"),
    ("suffix", "s" * 201, 5, "'suffix' must be a text of at most 200 characters"),
    ("body", "b" * 20_001, 4, "'body' is longer than 20,000 characters"),
]


@pytest.mark.parametrize(("field", "value", "line", "message"), CAPPED)
def test_quote_context_and_body_lengths_are_capped(
    field: str, value: str, line: int, message: str
) -> None:
    annotation = {"quote": "a passage", "body": "A note."} | {
        field: value
    }  # one field a line, from line 3
    fields = [f"{key}: {json.dumps(item)}" for key, item in annotation.items()]
    text = "title: T\nannotations:\n  - " + "".join(
        f"{'    ' if index else ''}{f}\n" for index, f in enumerate(fields)
    )
    with pytest.raises(SidecarError) as raised:
        parse_sidecar(text.encode("utf-8"), "seeds/x.yml")
    (problem,) = [str(p) for p in raised.value.problems]
    assert problem.startswith(f"seeds/x.yml:{line}: error: {message}")


def test_number_of_annotations_is_capped_with_the_line_of_the_first_too_many() -> None:
    notes = "".join(
        f"  - quote: passage {n}\n    body: note {n}\n" for n in range(sidecar.MAX_ANNOTATIONS + 1)
    )
    with pytest.raises(SidecarError) as raised:
        parse_sidecar(f"annotations:\n{notes}".encode(), "seeds/x.yml")
    (problem,) = [str(p) for p in raised.value.problems]
    line = 2 + 2 * sidecar.MAX_ANNOTATIONS  # of annotation 501
    assert problem == f"seeds/x.yml:{line}: error: more than 500 annotations (501) for one article"
    parse_sidecar(
        f"annotations:\n{notes.rsplit('  - quote', 1)[0]}".encode(), "seeds/x.yml"
    )  # 500 are fine


def test_an_edited_quote_repeated_without_context_is_noted_once_per_place_apart() -> None:
    passage = "we met them there. " * 40  # period 19
    anchor, others = annotate.locate(TextQuote("we meet them there. we met"), [(0, 0, passage)])
    assert (
        anchor is not None and not anchor.exact and anchor.start == 0
    )  # the first place is highlighted
    assert (
        others == len(range(0, len(passage) - 19, 38)) - 1
    )  # places closer than quote + edits overlap: not counted
