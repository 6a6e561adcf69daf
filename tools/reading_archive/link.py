"""Enrich stage, part one: glossary terms found in article text and linked.

All names (terms and aliases) are compiled once into a `GlossaryIndex` keyed by their first
word, so finding mentions costs one pass over the text whatever the size of the glossary.
Matching is by whole words, as written (so "Quint" the group is not "quint"), except that a
name written in lower case also matches with a capital first letter at the start of a
sentence. The longest name wins ("Black Sea" before "Sea"), and a possessive ("Ukraine's")
links the name itself.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, replace

from .glossary import Glossary
from .model import Article, Block, Inline, Span

_TOKEN = re.compile(r"\w+|[^\w\s]")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
LINKED_BLOCKS = ("paragraph", "bullets")  # never headings, related-article titles or captions


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    term: str  # id


@dataclass(frozen=True)
class GlossaryIndex:
    """Every name of every term, by its first word; longest names first."""

    by_first_token: dict[str, tuple[tuple[tuple[str, ...], str], ...]]

    @classmethod
    def build(cls, glossary: Glossary) -> GlossaryIndex:
        entries: dict[str, list[tuple[tuple[str, ...], str]]] = defaultdict(list)
        for term in glossary.terms:
            for name in (term.term, *term.aliases):
                first, *rest = _TOKEN.findall(name)
                keys = {first, first[:1].upper() + first[1:]} if first[:1].islower() else {first}
                for key in keys:
                    entries[key].append((tuple(rest), term.id))
        return cls(
            {key: tuple(sorted(set(names), key=lambda entry: (-len(entry[0]), entry))) for key, names in entries.items()}
        )

    def find(self, text: str) -> Iterator[Mention]:
        """Mentions of terms in the text, left to right, never overlapping, never inside a URL."""
        protected = [match.span() for match in _URL.finditer(text)]
        tokens = [match for match in _TOKEN.finditer(text) if not _inside(match.span(), protected)]
        position = 0
        while position < len(tokens):
            found = None
            for rest, term in self.by_first_token.get(tokens[position][0], ()):
                following = tokens[position + 1 : position + 1 + len(rest)]
                if len(following) == len(rest) and all(t[0] == word for t, word in zip(following, rest)):
                    found = Mention(tokens[position].start(), (following[-1] if rest else tokens[position]).end(), term)
                    position += len(rest)
                    break
            if found and _is_contiguous(text, found):
                yield found
            position += 1


def link_article(article: Article, index: GlossaryIndex, *, every_mention: bool = False, exclude: str | None = None) -> Article:
    """The article with its mentions of glossary terms turned into term spans.

    Only the first mention of each term is linked unless `every_mention`; `terms` lists every
    term mentioned, in order of first mention, and then the authors of the byline that the
    glossary knows (a news agency, say), which are shown but not linked in the text.
    """
    seen: dict[str, None] = {}
    blocks = []
    for block in article.blocks:
        if block.kind in LINKED_BLOCKS:
            block = Block(block.kind, tuple(_link(item, index, seen, every_mention, exclude) for item in block.items), block.line)
        blocks.append(block)
    for author in article.authors:
        for mention in index.find(author):
            if mention.start == 0 and mention.end == len(author):
                seen.setdefault(mention.term, None)
    return replace(article, blocks=tuple(blocks), terms=tuple(seen))


def _link(spans: Inline, index: GlossaryIndex, seen: dict[str, None], every_mention: bool, exclude: str | None) -> Inline:
    out: list[Span] = []
    for span in spans:
        if span.href or span.term:
            out.append(span)
            continue
        position = 0
        for mention in index.find(span.text):
            if mention.term == exclude or (mention.term in seen and not every_mention):
                seen.setdefault(mention.term, None)
                continue
            seen[mention.term] = None
            if mention.start > position:
                out.append(Span(span.text[position : mention.start]))
            out.append(Span(span.text[mention.start : mention.end], term=mention.term))
            position = mention.end
        if position < len(span.text):
            out.append(Span(span.text[position:]))
    return tuple(out)


def _inside(span: tuple[int, int], protected: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] < end for start, end in protected)


def _is_contiguous(text: str, mention: Mention) -> bool:
    """A name spans one line of text: no paragraph break inside a mention."""
    return "\n" not in text[mention.start : mention.end]
