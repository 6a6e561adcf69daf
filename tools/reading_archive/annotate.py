"""Annotations anchored to the article text, and kept when that text changes.

An annotation names its passage as the W3C TextQuoteSelector does: the exact text, and
optionally a little of the text before and after it. Passages are looked for in the body's
paragraphs and list items (one item each; never across two), in three steps:

1. exactly as quoted;
2. the same after normalising both sides: runs of whitespace, curly and straight quotes,
   dashes and hyphens, letter case (still an exact match: the words are the same);
3. tolerantly: the passage with the fewest character edits (insertions, deletions,
   substitutions; at most MAX_EDIT_SHARE of the quote's length), found by approximate substring
   matching (Sellers' algorithm) in windows of the text that share exact pieces with the quote.

Several candidates are told apart by how well the text around them matches the prefix and
suffix. An annotation found only in step 3 is anchored with a warning (its quote should be
updated); one not found at all is kept, unanchored, with a warning naming its sidecar line.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Sequence

from .model import Anchor, Annotation, Article, Block, Inline, Problem, Span, TextQuote

MAX_EDIT_SHARE = 0.2  # of the quote's length: "small edits"
CONTEXT_LENGTH = 32  # characters of prefix and suffix recorded for the export
ANCHORED_BLOCKS = ("paragraph", "bullets")
_MIN_PIECE = 4  # shortest piece of the quote looked up exactly when matching tolerantly
_MAX_WINDOWS = 8  # windows of text aligned with the quote by Sellers' algorithm, best supported first
_SAME = str.maketrans({
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−", "-"),
})
_SPACES = re.compile(r"\s+")


def anchor_annotations(
    article: Article, annotations: Sequence[Annotation], source: str
) -> tuple[Article, tuple[Annotation, ...], list[Problem]]:
    """The article with each anchored passage marked in its spans, the annotations with their
    anchors, and a warning for each annotation anchored tolerantly or not at all."""
    passages = [
        (block_index, item_index, "".join(span.text for span in item))
        for block_index, block in enumerate(article.blocks)
        if block.kind in ANCHORED_BLOCKS
        for item_index, item in enumerate(block.items)
    ]
    normals = [normalise(text) for _, _, text in passages]
    anchored: list[Annotation] = []
    problems: list[Problem] = []
    for annotation in annotations:
        anchor, others = locate(annotation.target, passages, normals)
        clash = anchor and next((other for other in anchored if other.anchor and _overlap(other.anchor, anchor)), None)
        if clash:
            problems.append(
                Problem(source, annotation.line, f"annotation's passage overlaps that of the annotation on line {clash.line}; "
                        "passages may not overlap, so it is listed on the page as unanchored", "warning")
            )
            anchor = None
        elif anchor is None:
            problems.append(
                Problem(source, annotation.line, f"orphaned annotation: its quote '{_excerpt(annotation.target.exact)}' is not "
                        "in the article's paragraphs or list items; the page lists it as unanchored until the quote is updated", "warning")
            )
        elif not anchor.exact:
            problems.append(
                Problem(source, annotation.line, f"annotation's quote no longer matches the text exactly; it is anchored to "
                        f"'{_excerpt(anchor.quote.exact)}': update the quote", "warning")
            )
        if anchor and others:
            problems.append(
                Problem(source, annotation.line, f"the quote occurs {others + 1} times and nothing tells them apart; the first is "
                        "highlighted: add a 'prefix' or 'suffix' (the text just before or after it) to choose", "warning")
            )
        anchored.append(dataclasses.replace(annotation, anchor=anchor))
    blocks = list(article.blocks)
    for annotation in anchored:
        if annotation.anchor:
            at = annotation.anchor
            block = blocks[at.block]
            items = list(block.items)
            items[at.item] = _marked(items[at.item], at.start, at.end, annotation.number)
            blocks[at.block] = Block(block.kind, tuple(items), block.line)
    return dataclasses.replace(article, blocks=tuple(blocks)), tuple(anchored), problems


def locate(
    target: TextQuote, passages: Sequence[tuple[int, int, str]], normals: Sequence[tuple[str, list[int]]] | None = None
) -> tuple[Anchor | None, int]:
    """Where the quoted passage is among `passages` (block, item, text), or None; and how many
    other places match as well (the first is chosen). `normals` are the passages normalised."""
    quote = " ".join(target.exact.split())
    candidates = [(0, number, start, start + len(quote)) for number, (_, _, text) in enumerate(passages) for start in _find_all(text, quote)]
    if not candidates and normals is None:
        normals = [normalise(text) for _, _, text in passages]
    normals = normals or []
    candidates = candidates or _normalised_matches(quote, normals)
    edited = not candidates
    candidates = candidates or _tolerant_matches(quote, normals)
    if not candidates:
        return None, 0
    ranked = sorted((c[0], _context_mismatch(target, passages[c[1]][2], c[2], c[3]), c[1], c[2], c[3]) for c in candidates)
    _, _, number, start, end = ranked[0]
    ties = sum(1 for other in ranked[1:] if other[:2] == ranked[0][:2] and (other[2] != number or other[3] >= end or other[4] <= start))
    block, item, text = passages[number]
    current = TextQuote(text[start:end], text[max(0, start - CONTEXT_LENGTH) : start], text[end : end + CONTEXT_LENGTH])
    return Anchor(block, item, start, end, current, exact=not edited), ties


def normalise(text: str) -> tuple[str, list[int]]:
    """Text as compared tolerantly, and for each of its characters the index in `text` it came
    from (plus one past the end)."""
    mapped = text.translate(_SAME)
    lowered = mapped.lower()
    if len(lowered) != len(mapped):  # a few characters lower-case into two ("İ"): keep those as they are
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in mapped)
    parts: list[str] = []
    where: list[int] = []
    position = 0
    for run in _SPACES.finditer(lowered):
        start, end = run.span()
        parts.append(lowered[position:start])
        where.extend(range(position, start))
        if start > 0 and end < len(lowered):  # one space between words, none at the ends
            parts.append(" ")
            where.append(start)
        position = end
    parts.append(lowered[position:])
    where.extend(range(position, len(lowered)))
    where.append(len(text))
    return "".join(parts), where


def _normalised_matches(quote: str, normals: Sequence[tuple[str, list[int]]]) -> list[tuple[int, int, int, int]]:
    wanted, _ = normalise(quote)
    matches = []
    for number, (normal, where) in enumerate(normals):
        matches += [(0, number, where[start], where[start + len(wanted) - 1] + 1) for start in _find_all(normal, wanted)]
    return matches


def _tolerant_matches(quote: str, normals: Sequence[tuple[str, list[int]]]) -> list[tuple[int, int, int, int]]:
    """Passages within MAX_EDIT_SHARE edits of the quote, as (edits, passage, start, end)."""
    wanted, _ = normalise(quote)
    limit = int(len(wanted) * MAX_EDIT_SHARE)
    if not wanted or limit == 0:
        return []
    # A passage within `limit` edits contains at least one of limit+1 pieces of the quote exactly
    # (pigeonhole); pieces are kept long enough to be telling, which trades that guarantee for speed.
    size = max(_MIN_PIECE, len(wanted) // (limit + 1))
    pieces = [(offset, wanted[offset : offset + size]) for offset in range(0, max(1, len(wanted) - size + 1), size)]
    windows: list[tuple[int, int, int, int]] = []  # (-support, passage, first, last) of aligned starts
    for number, (normal, _) in enumerate(normals):
        if len(normal) < len(wanted) - limit:
            continue
        starts = sorted((position - offset, offset) for offset, piece in pieces for position in _find_all(normal, piece))
        cluster: list[tuple[int, int]] = []
        for start, offset in [*starts, (None, None)]:
            if cluster and (start is None or start - cluster[-1][0] > limit):
                windows.append((-len({o for _, o in cluster}), number, cluster[0][0], cluster[-1][0]))
                cluster = []
            if start is not None:
                cluster.append((start, offset))
    windows.sort()
    # Windows sharing few pieces with the quote are not worth aligning when others share many.
    enough = -windows[0][0] // 2 if windows else 0
    matches = []
    for _, number, first, last in [w for w in windows if -w[0] >= enough][:_MAX_WINDOWS]:
        normal, where = normals[number]
        low = max(0, first - limit)
        edits, start, end = _closest_substring(wanted, normal[low : last + len(wanted) + limit])
        start, end = low + start, low + end
        while start < end and normal[start] == " ":
            start += 1
        while end > start and normal[end - 1] == " ":
            end -= 1
        if edits <= limit and end > start:
            matches.append((edits, number, where[start], where[end - 1] + 1))
    return matches


def _closest_substring(pattern: str, text: str) -> tuple[int, int, int]:
    """The substring of `text` with the fewest edits from `pattern` (Sellers' algorithm: edit
    distance with a free start and end in the text): (edits, start, end)."""
    columns = len(text) + 1
    previous = [0] * columns  # a match may start anywhere in the text, at no cost
    previous_start = list(range(columns))
    for row, wanted in enumerate(pattern, start=1):
        current = [row] + [0] * (columns - 1)
        current_start = [0] * columns
        for column in range(1, columns):
            best = previous[column - 1] + (wanted != text[column - 1])
            start = previous_start[column - 1]
            if previous[column] + 1 < best:  # the pattern's character is missing from the text
                best, start = previous[column] + 1, previous_start[column]
            if current[column - 1] + 1 < best:  # the text has a character the pattern has not
                best, start = current[column - 1] + 1, current_start[column - 1]
            current[column] = best
            current_start[column] = start
        previous, previous_start = current, current_start
    end = min(range(columns), key=lambda column: (previous[column], column))
    return previous[end], previous_start[end], end


def _context_mismatch(target: TextQuote, text: str, start: int, end: int) -> float:
    """0 when the text around a candidate reads like the quote's prefix and suffix, up to 2."""
    mismatch = 0.0
    if target.prefix:
        wanted, _ = normalise(target.prefix)
        found, _ = normalise(text[max(0, start - len(target.prefix) - 8) : start])
        mismatch += 1 - _similarity(wanted, found[-len(wanted) :] if wanted else "")
    if target.suffix:
        wanted, _ = normalise(target.suffix)
        found, _ = normalise(text[end : end + len(target.suffix) + 8])
        mismatch += 1 - _similarity(wanted, found[: len(wanted)])
    return round(mismatch, 6)


def _similarity(one: str, other: str) -> float:
    from difflib import SequenceMatcher  # deferred: only annotations with a prefix or suffix to weigh

    return SequenceMatcher(None, one, other, autojunk=False).ratio() if one or other else 1.0


def _marked(spans: Inline, start: int, end: int, number: int) -> Inline:
    """The spans of an item, split at start and end, those between marked with the annotation."""
    out: list[Span] = []
    position = 0
    for span in spans:
        span_end = position + len(span.text)
        cuts = sorted({position, span_end, *(c for c in (start, end) if position < c < span_end)})
        for left, right in zip(cuts, cuts[1:]):
            inside = start <= left and right <= end
            out.append(dataclasses.replace(span, text=span.text[left - position : right - position], annotation=number if inside else span.annotation))
        position = span_end
    return tuple(out)


def _overlap(one: Anchor, other: Anchor) -> bool:
    return (one.block, one.item) == (other.block, other.item) and one.start < other.end and other.start < one.end


def _find_all(text: str, part: str) -> list[int]:
    found = []
    start = text.find(part) if part else -1
    while start >= 0:
        found.append(start)
        start = text.find(part, start + 1)
    return found


def _excerpt(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
