"""Annotations anchored to the article text, and kept when that text changes.

An annotation names its passage as the W3C TextQuoteSelector does: the exact text, and
optionally a little of the text before and after it. Passages are looked for in the body's
paragraphs and list items (one item each; never across two), in three steps:

1. exactly as quoted;
2. the same after normalising both sides: runs of whitespace, curly and straight quotes,
   dashes and hyphens, letter case (still an exact match: the words are the same);
3. tolerantly: the stretch of one paragraph or item with the fewest character edits from the
   quote (insertions, deletions, substitutions; at most MAX_EDIT_SHARE of its length).

Step 3 costs time in proportion to the text, not to text × quote. The edit distance of the quote
to every stretch of text is computed by Hyyrö's bit-vector form of Myers' algorithm, turned so
that one Python integer holds a whole row of the table along the text (a row costs a few integer
operations on n bits, in C). On a long text it first looks for few edits, in the only places where
they can be: with at most k edits, one of k + 1 pieces of the quote is in the passage exactly
(pigeonhole), so the rows are computed only around those pieces' occurrences, for k = 1, 3, 7, ...;
the first k with a match gives the fewest edits. When the pieces grow short or occur everywhere, the
whole text is aligned at once. Cost: O(n·m/w) at worst for a quote of m characters and a text of n
(w = 30 bits per machine word of a Python integer), far less when the quote is nearly intact.

Several places are told apart by how well the text around them matches the prefix and suffix;
of places as close and as well surrounded, the first in the text is chosen. A quote matched
tolerantly is the stretch ending first among the closest; of those ending there, the longest. At
most MAX_WEIGHED places are weighed against the prefix and suffix: beyond that many, the ones
whose surroundings share most three-character pieces with them (a cheap measure) are weighed,
the others are not chosen (and not counted in the warning about a quote found in several places).
An annotation found only in step 3 is anchored with a warning (its quote should be updated); one
not found at all is kept, unanchored, with a warning naming its sidecar line. Step 3 has an
allowance per article (ALIGN_CELLS, about 5 s): a quote that would exceed it is not looked for
tolerantly, and is kept unanchored with a warning that says so.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from ..model import Anchor, Annotation, Article, Block, Inline, Problem, Span, TextQuote

MAX_EDIT_SHARE = 0.2  # of the quote's length: "small edits"
MAX_WEIGHED = 64  # places of one quote weighed against its prefix and suffix
CONTEXT_LENGTH = 32  # characters of prefix and suffix recorded for the export
ANCHORED_BLOCKS = ("paragraph", "bullets")
_MIN_PIECE = 8  # shortest piece of the quote looked up exactly to find where a close match can be
_SCAN_ALL_CELLS = (
    1 << 24
)  # quote × text characters below which the whole text is aligned straight away
# Tolerant alignment per article, in (quote characters + 4 per distinct one) × text characters
# (about 5 s); a quote that would take more is not looked for tolerantly (and said so)
ALIGN_CELLS = 20 * 10**9
_INDEX_AFTER = 64  # pieces looked up by str.find in one article's text before it is indexed
_MASK_BYTES = 64 << 20  # bit masks of the quote's characters in the text kept at once
_WHITESPACE = (  # the characters str.isspace() is true for, as \s in a regular expression
    *range(9, 14),
    *range(28, 33),
    0x85,
    0xA0,
    0x1680,
    *range(0x2000, 0x200B),
    0x2028,
    0x2029,
    0x202F,
    0x205F,
    0x3000,
)
_GAP = 0xFFFFFFFF  # stands between stretches of text aligned together: equal to no character
_SAME = str.maketrans(
    {
        **dict.fromkeys("‘’‚‛′`´", "'"),
        **dict.fromkeys("“”„‟″«»", '"'),
        **dict.fromkeys("‐‑‒–—―−", "-"),
    }
)


@dataclass(frozen=True)
class _Place:
    """A candidate passage: edits from the quote, and its span in the joined text as written."""

    edits: int
    start: int
    end: int


class _OutOfTime(Exception):
    """The article's allowance for tolerant matching (ALIGN_CELLS) is spent."""


class _Text:
    """The article's anchorable passages (block, item, text) joined into one text, one newline
    between two (no quote contains one, so no match crosses it), as written and normalised; what
    is derived from it is computed when first needed, once per article."""

    def __init__(self, passages: Sequence[tuple[int, int, str]]) -> None:
        self.passages = passages
        self.asked = 0  # pieces looked for in the normalised text
        self.aligned = 0  # quote × text characters aligned tolerantly

    def spend(self, cells: int) -> None:
        """Count an alignment of `cells` quote × text characters, or refuse it past ALIGN_CELLS."""
        if self.aligned + cells > ALIGN_CELLS:
            raise _OutOfTime
        self.aligned += cells

    @cached_property
    def raw(self) -> str:
        return "\n".join(text for _, _, text in self.passages)

    @cached_property
    def raw_starts(self) -> np.ndarray:
        return np.cumsum([0] + [len(text) + 1 for _, _, text in self.passages[:-1]], dtype=np.int64)

    @cached_property
    def _normalised(self) -> tuple[str, np.ndarray, np.ndarray]:
        return _normalised([text for _, _, text in self.passages])

    @property
    def normal(self) -> str:
        return self._normalised[0]

    @property
    def where(self) -> np.ndarray:
        """For each character of `normal`, its index in `raw` (plus one past the end)."""
        return self._normalised[1]

    @property
    def normal_starts(self) -> np.ndarray:
        return self._normalised[2]

    @cached_property
    def codes(self) -> np.ndarray:
        return _codes(self.normal)

    @cached_property
    def grams(self) -> np.ndarray:
        return _grams(self.codes)

    def passage_of(self, raw_start: int) -> int:
        return int(np.searchsorted(self.raw_starts, raw_start, side="right")) - 1

    @cached_property
    def bounds(self) -> tuple[np.ndarray, np.ndarray]:
        """Where each normalised passage starts and ends."""
        starts = self.normal_starts
        return starts, np.append(starts[1:] - 1, len(self.normal))

    def stretches(self, shortest: int) -> list[tuple[int, int]]:
        """The normalised passages at least `shortest` characters long, as (start, end)."""
        starts, ends = self.bounds
        long = ends - starts >= max(shortest, 1)
        return list(zip(starts[long].tolist(), ends[long].tolist(), strict=False))

    @cached_property
    def _index(self) -> tuple[np.ndarray, np.ndarray]:
        """The normalised text's positions, in buckets by a 16-bit hash of the _MIN_PIECE characters
        from there: the positions sorted by bucket, and where each bucket starts among them."""
        buckets = _buckets(self.codes)
        firsts = np.concatenate(([0], np.cumsum(np.bincount(buckets, minlength=1 << 16))))
        return np.argsort(buckets, kind="stable"), firsts

    def occurrences(self, piece: str) -> np.ndarray:
        """Where a piece (no newline in it) is in the normalised text, in order. The first
        few pieces asked for are looked for by str.find; then an index pays: from _INDEX_AFTER on,
        by the index."""
        self.asked += 1
        if len(piece) < _MIN_PIECE or self.asked <= _INDEX_AFTER:
            return np.array(_find_all(self.normal, piece), dtype=np.int64)
        order, firsts = self._index
        wanted = _codes(piece)
        bucket = int(_buckets(wanted[:_MIN_PIECE])[0])
        positions = order[firsts[bucket] : firsts[bucket + 1]]
        positions = positions[positions + len(piece) <= len(self.codes)]
        for index, code in enumerate(
            wanted.tolist()
        ):  # buckets are shared: compare every character
            if not len(positions):
                break
            positions = positions[self.codes[positions + index] == code]
        return positions.astype(np.int64)


def anchor_annotations(
    article: Article, annotations: Sequence[Annotation], source: str
) -> tuple[Article, tuple[Annotation, ...], list[Problem]]:
    """The article with each anchored passage marked in its spans, the annotations with their
    anchors, and a warning for each annotation anchored tolerantly or not at all."""
    text = _Text(
        [
            (block_index, item_index, "".join(span.text for span in item))
            for block_index, block in enumerate(article.blocks)
            if block.kind in ANCHORED_BLOCKS
            for item_index, item in enumerate(block.items)
        ]
    )
    anchored: list[Annotation] = []
    problems: list[Problem] = []
    for annotation in annotations:
        try:
            anchor, others = _locate(annotation.target, text)
        except _OutOfTime:
            problems.append(
                Problem(
                    source,
                    annotation.line,
                    "annotation's quote is not in the text as written, and this article's time "
                    "for looking for close matches is spent on the quotes above it; the page "
                    "lists it as unanchored until the quote is updated",
                    "warning",
                )
            )
            anchored.append(annotation)
            continue
        clash = anchor and next(
            (other for other in anchored if other.anchor and _overlap(other.anchor, anchor)), None
        )
        if clash:
            problems.append(
                Problem(
                    source,
                    annotation.line,
                    f"annotation's passage overlaps that of the annotation on line {clash.line}; "
                    "passages may not overlap, so it is listed on the page as unanchored",
                    "warning",
                )
            )
            anchor = None
        else:
            problems += _anchoring_problems(annotation, anchor, others, source)
        anchored.append(dataclasses.replace(annotation, anchor=anchor))
    return _marked_article(article, anchored), tuple(anchored), problems


def _anchoring_problems(
    annotation: Annotation, anchor: Anchor | None, others: int, source: str
) -> list[Problem]:
    """Warnings for an annotation not anchored, anchored tolerantly, or whose quote is ambiguous."""
    if anchor is None:
        return [
            Problem(
                source,
                annotation.line,
                f"orphaned annotation: its quote '{_excerpt(annotation.target.exact)}' is not in "
                "the article's paragraphs or list items; the page lists it as unanchored until "
                "the quote is updated",
                "warning",
            )
        ]
    problems = []
    if not anchor.exact:
        problems.append(
            Problem(
                source,
                annotation.line,
                "annotation's quote no longer matches the text exactly; it is anchored to "
                f"'{_excerpt(anchor.quote.exact)}': update the quote",
                "warning",
            )
        )
    if others:
        problems.append(
            Problem(
                source,
                annotation.line,
                f"the quote occurs {others + 1} times and nothing tells them apart; the first is "
                "highlighted: add a 'prefix' or 'suffix' (the text just before or after it) to "
                "choose",
                "warning",
            )
        )
    return problems


def locate(
    target: TextQuote, passages: Sequence[tuple[int, int, str]]
) -> tuple[Anchor | None, int]:
    """Where the quoted passage is among `passages` (block, item, text), or None; and how many
    other places match as well (the first is chosen)."""
    return _locate(target, _Text(passages))


def _locate(target: TextQuote, text: _Text) -> tuple[Anchor | None, int]:
    quote = " ".join(target.exact.split())
    places = _exact_places(quote, text)
    edited = not places
    if edited and quote:
        places = _tolerant_places(target, normalise(quote), text)
    if not places:
        return None, 0
    if len(places) > MAX_WEIGHED and (target.prefix or target.suffix):
        starts = np.searchsorted(
            text.where, [place.start for place in places]
        )  # in the normalised text
        ends = np.searchsorted(text.where, [place.end - 1 for place in places]) + 1
        places = [places[index] for index in _weighed(target, text, starts, ends).tolist()]
    ranked = sorted(
        (place.edits, _context_mismatch(target, text, place), place.start, place.end)
        for place in places
    )
    _, _, start, end = ranked[0]
    ties = sum(
        1
        for other in ranked[1:]
        if other[:2] == ranked[0][:2] and (other[2] >= end or other[3] <= start)
    )
    number = text.passage_of(start)
    block, item, passage = text.passages[number]
    start, end = start - int(text.raw_starts[number]), end - int(text.raw_starts[number])
    before, after = (
        passage[max(0, start - CONTEXT_LENGTH) : start],
        passage[end : end + CONTEXT_LENGTH],
    )
    current = TextQuote(passage[start:end], before, after)
    return Anchor(block, item, start, end, current, exact=not edited), ties


def _exact_places(quote: str, text: _Text) -> list[_Place]:
    """Where the quote is as written, or else where it is once both are normalised."""
    places = [_Place(0, start, start + len(quote)) for start in _find_all(text.raw, quote)]
    if places or not quote:
        return places
    wanted = normalise(quote)
    where = text.where
    found = _find_all(text.normal, wanted)
    return [
        _Place(0, int(where[start]), int(where[start + len(wanted) - 1]) + 1) for start in found
    ]


def normalise(text: str) -> str:
    """Text as compared tolerantly: see _normalised."""
    return _normalised([text])[0]


def _normalised(texts: Sequence[str]) -> tuple[str, np.ndarray, np.ndarray]:
    """The texts joined by newlines and normalised (quote marks, dashes, case; runs of whitespace
    one space, none at a text's ends); for each of its characters the index in the joined texts it
    came from (plus one past the end); and where each text starts in it."""
    joined = "\n".join(texts)
    codes = _codes(_lowered(joined.translate(_SAME)))
    separator = np.zeros(len(codes), dtype=bool)
    separator[np.cumsum([len(text) + 1 for text in texts[:-1]], dtype=np.int64) - 1] = True
    blank = np.zeros(len(codes), dtype=bool)
    for space in _WHITESPACE:
        blank |= codes == space
    blank &= ~separator
    firsts = np.flatnonzero(
        blank & ~np.concatenate(([False], blank[:-1]))
    )  # of each run of whitespace
    lasts = np.flatnonzero(blank & ~np.concatenate((blank[1:], [False])))
    inner = (firsts > 0) & (lasts + 1 < len(codes))  # text on both sides, of the same passage
    inner[inner] = ~separator[firsts[inner] - 1] & ~separator[lasts[inner] + 1]
    kept = ~blank
    kept[firsts[inner]] = True
    where = np.empty(int(kept.sum()) + 1, dtype=np.int64)
    where[:-1] = np.flatnonzero(kept)
    where[-1] = len(codes)
    normal = codes[where[:-1]]
    normal[blank[where[:-1]]] = ord(" ")
    starts = np.concatenate(([0], np.flatnonzero(separator[where[:-1]]) + 1)).astype(np.int64)
    return normal.tobytes().decode("utf-32-le", "surrogatepass"), where, starts


def _lowered(text: str) -> str:
    """Lower case, character for character: the few characters that lower-case into two ("İ")
    are kept as they are."""
    lowered = text.lower()
    if len(lowered) == len(text):
        return lowered
    odd = "".join(sorted({character for character in set(text) if len(character.lower()) != 1}))
    parts = re.split(f"([{re.escape(odd)}])", text)
    return "".join(part if index % 2 else part.lower() for index, part in enumerate(parts))


def _codes(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4").copy()


def _buckets(codes: np.ndarray) -> np.ndarray:
    """For each position, a 16-bit hash of the _MIN_PIECE characters from there (FNV-style)."""
    count = max(len(codes) - _MIN_PIECE + 1, 0)
    hashes = np.zeros(count, dtype=np.uint32)
    for index in range(_MIN_PIECE if count else 0):
        hashes = (hashes * np.uint32(0x01000193)) ^ codes[index : index + count]
    return (hashes >> np.uint32(16)).astype(np.uint16)


def _grams(codes: np.ndarray) -> np.ndarray:
    """For each position, its three characters (seven bits of each) as one number."""
    low = (codes & 127).astype(np.int32)
    if len(low) < 3:
        return np.zeros(0, dtype=np.int32)
    return (low[:-2] << 14) | (low[1:-1] << 7) | low[2:]


def _tolerant_places(
    target: TextQuote,
    wanted: str,
    text: _Text,
    scan_all_cells: int = _SCAN_ALL_CELLS,
    min_piece: int = _MIN_PIECE,
) -> list[_Place]:
    """The closest stretches of one passage to the quote (at most MAX_WEIGHED, chosen as `_weighed`
    chooses), as places in the text as written."""
    found = _closest(wanted, text, scan_all_cells, min_piece)
    if found is None:
        return []
    edits, ends = found
    if not (
        target.prefix or target.suffix
    ):  # the first wins; the others only count, if apart from it and each other
        ends = _apart(ends, len(wanted) + edits)
    passages = text.normal_starts[np.searchsorted(text.normal_starts, ends - 1, side="right") - 1]
    firsts = np.maximum(passages, ends - len(wanted) - edits)
    chosen = _weighed(target, text, np.maximum(passages, ends - len(wanted)), ends)[:MAX_WEIGHED]
    normal, where = text.normal, text.where
    places = []
    for first, end in zip(firsts[chosen].tolist(), ends[chosen].tolist(), strict=False):
        start = _first_start(wanted, normal, first, end, edits)
        while start < end and normal[start] == " ":
            start += 1
        while end > start and normal[end - 1] == " ":
            end -= 1
        if end > start:
            places.append(_Place(edits, int(where[start]), int(where[end - 1]) + 1))
    return places


def _apart(ends: np.ndarray, length: int) -> np.ndarray:
    """The ends, less those within `length` of the last one kept: stretches that cannot overlap."""
    kept: list[int] = []
    for end in ends.tolist():
        if not kept or end >= kept[-1] + length:
            kept.append(end)
            if len(kept) == MAX_WEIGHED:
                break
    return np.array(kept, dtype=np.int64)


def _closest(
    wanted: str, text: _Text, scan_all_cells: int, min_piece: int
) -> tuple[int, np.ndarray] | None:
    """The fewest edits (at most MAX_EDIT_SHARE of the quote's length) that turn the quote into a
    stretch of one normalised passage, and where the stretches that close end (normalised
    coordinates; the first of each run of such ends); None when no stretch is that close."""
    limit = int(len(wanted) * MAX_EDIT_SHARE)
    if limit == 0:
        return None
    everywhere = text.stretches(len(wanted) - limit)
    budget = sum(
        end - start for start, end in everywhere
    )  # characters aligned before aligning all at once
    if budget * len(wanted) > scan_all_cells:
        bound = 1
        while bound <= limit and len(wanted) // (bound + 1) >= min_piece:
            regions = _regions(wanted, bound, text, budget)
            if regions is None:
                break
            budget -= sum(end - start for start, end in regions)
            found = _align(wanted, bound, text, regions)
            if found or bound == limit:
                return found
            bound = min(limit, 2 * bound + 1)
    return _align(wanted, limit, text, everywhere)


def _regions(wanted: str, bound: int, text: _Text, budget: int) -> list[tuple[int, int]] | None:
    """Where a stretch within `bound` edits of the quote can be: around the occurrences of k + 1
    pieces of it, one of which such a stretch contains exactly. None when those places would
    hold more than `budget` characters (aligning the whole text is then as quick)."""
    size = len(wanted) // (bound + 1)
    width = len(wanted) + 3 * bound  # from the earliest start to the latest end of a match
    offsets: dict[str, list[int]] = {}
    for offset in range(0, size * (bound + 1), size):
        offsets.setdefault(wanted[offset : offset + size], []).append(offset)
    hits: list[tuple[int, int]] = []  # (earliest start of a match, where the piece is)
    for piece, piece_offsets in offsets.items():
        for position in text.occurrences(piece).tolist():
            hits += [(position - offset - bound, position) for offset in piece_offsets]
        if len(hits) * width > budget:
            return None
    starts, ends = text.bounds
    clipped = []
    for low, position in hits:
        number = int(np.searchsorted(starts, position, side="right")) - 1
        first, last = int(starts[number]), int(ends[number])
        if last - first >= len(wanted) - bound:
            clipped.append((max(first, low), min(last, low + width), first))
    regions: list[tuple[int, int]] = []
    for start, end, first in sorted(clipped):
        if (
            regions and regions[-1][0] >= first and start <= regions[-1][1] + bound + 1
        ):  # same passage, near
            regions[-1] = (regions[-1][0], max(regions[-1][1], end))
        else:
            regions.append((start, end))
    return regions


def _align(
    wanted: str, bound: int, text: _Text, regions: list[tuple[int, int]]
) -> tuple[int, np.ndarray] | None:
    """The fewest edits from the quote to a stretch of the regions (normalised coordinates), if at
    most `bound`, and the ends of the stretches that close. The regions are aligned as one row,
    bound + 1 gap characters between two: a stretch across a gap costs more than `bound`."""
    if not regions:
        return None
    lengths = np.array([end - start for start, end in regions], dtype=np.int64)
    offsets = np.concatenate(
        ([0], np.cumsum(lengths[:-1] + bound + 1))
    )  # where each region starts in the row
    width = int(offsets[-1] + lengths[-1])
    row = np.full(width, _GAP, dtype=np.uint32)
    inside = np.zeros(width, dtype=bool)
    for (start, end), offset in zip(regions, offsets.tolist(), strict=False):
        row[offset : offset + end - start] = text.codes[start:end]
        inside[offset : offset + end - start] = True
    text.spend(
        (len(wanted) + 4 * len(set(wanted))) * width
    )  # a row per character, and a mask per distinct one
    up, down = _last_row(wanted, _CharacterBits(row), width)
    edits = len(wanted) + np.cumsum(
        _bits(up, width).astype(np.int32) - _bits(down, width)
    )  # after each character
    edits[~inside] = bound + 1
    fewest = int(edits.min())
    if fewest > bound:
        return None
    at = np.flatnonzero(edits == fewest)
    at = at[np.concatenate(([True], np.diff(at) > 1))]  # the first end of each run of ends as close
    region = np.searchsorted(offsets, at, side="right") - 1
    return fewest, np.array([start for start, _ in regions], dtype=np.int64)[region] + (
        at - offsets[region]
    ) + 1


def _last_row(wanted: str, bits_of: Callable[[str], int], width: int) -> tuple[int, int]:
    """The last row of the edit-distance table of the quote against a text where a match may start
    anywhere, as the bits where it goes up and down by one from one text position to the next.

    Hyyrö's formulation of Myers' bit-vector algorithm, turned: the bits run along the text, and
    the quote is read one character per row (`bits_of(c)`: where the text holds c). Row 0 is 0
    everywhere (a match may start anywhere); column 0 of row i is i (i characters left out)."""
    ones = (1 << width) - 1
    up = down = 0
    for character in wanted:
        equal = bits_of(character)
        vertical = equal | down
        horizontal = (((equal & up) + up) ^ up) | equal
        rise = down | (ones ^ (horizontal | up))
        fall = up & horizontal
        rise = (rise << 1) | 1
        fall <<= 1
        up = fall | (ones ^ (vertical | rise))
        down = rise & vertical
    return up, down


class _CharacterBits:
    """Where a row of text holds each character, as the bits of an integer; kept for the rows to
    come while they take less than _MASK_BYTES."""

    def __init__(self, row: np.ndarray) -> None:
        self.row = row
        self.kept: dict[str, int] = {}
        self.room = _MASK_BYTES

    def __call__(self, character: str) -> int:
        bits = self.kept.get(character)
        if bits is None:
            bits = int.from_bytes(
                np.packbits(self.row == ord(character), bitorder="little").tobytes(), "little"
            )
            if self.room >= len(self.row) // 8:
                self.kept[character] = bits
                self.room -= len(self.row) // 8
        return bits


def _bits(value: int, width: int) -> np.ndarray:
    """Bits 0 to width - 1 of a non-negative integer, one per byte."""
    data = value.to_bytes(max(1, (value.bit_length() + 7) // 8), "little")[: (width + 7) // 8]
    data += bytes((width + 7) // 8 - len(data))
    return np.unpackbits(np.frombuffer(data, dtype=np.uint8), bitorder="little", count=width)


def _first_start(wanted: str, normal: str, first: int, end: int, edits: int) -> int:
    """The earliest start from `first` on of a stretch ending at `end` with `edits` edits from the
    quote: Myers' bit-vector algorithm with the quote and the text read backwards from `end`."""
    ones, high = (1 << len(wanted)) - 1, 1 << (len(wanted) - 1)
    equals: dict[str, int] = {}
    for index, character in enumerate(reversed(wanted)):
        equals[character] = equals.get(character, 0) | (1 << index)
    up, down, score, start = (
        ones,
        0,
        len(wanted),
        end,
    )  # column 0: the first i characters left out cost i
    for taken, character in enumerate(reversed(normal[first:end]), start=1):
        equal = equals.get(character, 0)
        vertical = equal | down
        horizontal = (((equal & up) + up) ^ up) | equal
        rise = down | (ones ^ (horizontal | up))
        fall = up & horizontal
        score += 1 if rise & high else -1 if fall & high else 0
        rise = ((rise << 1) | 1) & ones  # row 0: the empty quote against `taken` characters
        fall = (fall << 1) & ones
        up = fall | (ones ^ (vertical | rise))
        down = rise & vertical
        if score == edits:
            start = end - taken
    return start


def _weighed(target: TextQuote, text: _Text, starts: np.ndarray, ends: np.ndarray) -> np.ndarray:
    """Indexes of the places (normalised coordinates, in the text's order) to weigh against the
    prefix and suffix: all when there are at most MAX_WEIGHED or nothing to weigh them by; else
    the MAX_WEIGHED whose surroundings hold most three-character pieces of the prefix and suffix
    (a cheap likeness), the earlier first among equals."""
    if len(starts) <= MAX_WEIGHED or not (target.prefix or target.suffix):
        return np.arange(len(starts))
    grams = text.grams
    score = np.zeros(len(starts), dtype=np.int64)
    for context, before in ((target.prefix, True), (target.suffix, False)):
        wanted = normalise(context) if context else ""
        if len(wanted) < 3:
            continue
        table = np.zeros(1 << 21, dtype=bool)
        table[_grams(_codes(wanted))] = True
        counts = np.concatenate(([0], np.cumsum(table[grams], dtype=np.int64)))
        low = np.clip(starts - len(wanted) - 8 if before else ends, 0, len(grams))
        high = np.clip(starts - 2 if before else ends + len(wanted) + 6, low, len(grams))
        score += counts[high] - counts[low]
    return np.lexsort((np.arange(len(starts)), -score))[:MAX_WEIGHED]


def _context_mismatch(target: TextQuote, text: _Text, place: _Place) -> float:
    """0 when the text around a place reads like the quote's prefix and suffix, up to 2."""
    number = text.passage_of(place.start)
    first = int(text.raw_starts[number])
    last = first + len(text.passages[number][2])
    mismatch = 0.0
    if target.prefix:
        wanted = normalise(target.prefix)
        found = normalise(text.raw[max(first, place.start - len(target.prefix) - 8) : place.start])
        mismatch += 1 - _similarity(wanted, found[-len(wanted) :] if wanted else "")
    if target.suffix:
        wanted = normalise(target.suffix)
        found = normalise(text.raw[place.end : min(last, place.end + len(target.suffix) + 8)])
        mismatch += 1 - _similarity(wanted, found[: len(wanted)])
    return round(mismatch, 6)


def _similarity(one: str, other: str) -> float:
    from difflib import (
        SequenceMatcher,
    )  # deferred: only annotations with a prefix or suffix to weigh

    return SequenceMatcher(None, one, other, autojunk=False).ratio() if one or other else 1.0


def _marked_article(article: Article, annotations: Sequence[Annotation]) -> Article:
    blocks = list(article.blocks)
    for annotation in annotations:
        if annotation.anchor:
            at = annotation.anchor
            block = blocks[at.block]
            items = list(block.items)
            items[at.item] = _marked(items[at.item], at.start, at.end, annotation.number)
            blocks[at.block] = Block(block.kind, tuple(items), block.line)
    return dataclasses.replace(article, blocks=tuple(blocks))


def _marked(spans: Inline, start: int, end: int, number: int) -> Inline:
    """The spans of an item, split at start and end, those between marked with the annotation."""
    out: list[Span] = []
    position = 0
    for span in spans:
        span_end = position + len(span.text)
        cuts = sorted({position, span_end, *(c for c in (start, end) if position < c < span_end)})
        for left, right in zip(cuts, cuts[1:], strict=False):
            inside = start <= left and right <= end
            out.append(
                dataclasses.replace(
                    span,
                    text=span.text[left - position : right - position],
                    annotation=number if inside else span.annotation,
                )
            )
        position = span_end
    return tuple(out)


def _overlap(one: Anchor, other: Anchor) -> bool:
    return (
        (one.block, one.item) == (other.block, other.item)
        and one.start < other.end
        and other.start < one.end
    )


def _find_all(text: str, part: str) -> list[int]:
    found = []
    start = text.find(part) if part else -1
    while start >= 0:
        found.append(start)
        start = text.find(part, start + 1)
    return found


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
