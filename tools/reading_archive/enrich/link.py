"""Enrich stage, part one: glossary terms found in article text and linked.

All names (terms and aliases) are compiled once into a `GlossaryIndex`, an Aho-Corasick
automaton, so finding mentions costs one pass over the text whatever the size of the glossary.
Matching is by whole words, as written (so "Quint" the group is not "quint"), except that a
name written in lower case also matches with a capital first letter at the start of a
sentence. The longest name wins ("Black Sea" before "Sea"), and a possessive ("Ukraine's")
links the name itself. A term's `not` phrases ("Black Sea Fleet") say where its name means
something else: a mention inside one of them, found by the same rules, is no mention at all.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

import ahocorasick

from ..model import Article, Block, Inline, Span
from .glossary import Glossary, name_forms, name_offsets, whole_word_at

_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
LINKED_BLOCKS = ("paragraph", "bullets")  # never headings, related-article titles or captions


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    term: str  # id


Exclusions = dict[str, tuple[tuple[str, int], ...]]
"""By name as matched: each `not` phrase of its term that holds it, and the name's offset in it."""


class GlossaryIndex:
    """Every name of every term in one Aho-Corasick automaton: finding all mentions in a text is
    one pass over it, whatever the number of terms. A mention of a name that stands in one of
    its term's `not` phrases is then looked at where it is: a few string comparisons for that
    mention only, so the phrases cost nothing in the many texts that do not name such a term."""

    def __init__(self, names: dict[str, str], exclusions: Exclusions | None = None):
        self._automaton = ahocorasick.Automaton()
        for name, term in sorted(names.items()):
            self._automaton.add_word(name, (len(name), term))
        if names:
            self._automaton.make_automaton()
        self._empty = not names
        self._exclusions = exclusions or {}
        self._excluding = frozenset(
            names[name] for name in self._exclusions
        )  # terms with a `not` phrase

    @classmethod
    def build(cls, glossary: Glossary) -> GlossaryIndex:
        names: dict[str, str] = {}
        for term in glossary.terms:
            for name in (term.term, *term.aliases):
                for form in name_forms(" ".join(name.split())):
                    names.setdefault(form, term.id)
        return cls(names, _exclusions(glossary, names))

    def find(self, text: str) -> Iterator[Mention]:
        """Mentions of terms in the text, left to right, longest first, never overlapping, only
        whole words, never inside a URL."""
        for start, end, term in self.mentions(text):
            yield Mention(start, end, term)

    def mentions(self, text: str) -> list[tuple[int, int, str]]:
        """What `find` gives, as (start, end, term) tuples: linking takes tens of them per
        article, and the checks are written out for them."""
        if self._empty:
            return []
        protected = (
            [match.span() for match in _URL.finditer(text)]
            if "://" in text or "www." in text
            else []
        )
        last = len(text) - 1
        found = []
        for end, (length, term) in self._automaton.iter_long(text):
            start = end - length + 1
            if start and ((before := text[start - 1]).isalnum() or before == "_"):
                continue
            if end < last and ((after := text[end + 1]).isalnum() or after == "_"):
                continue
            if protected and _inside((start, end + 1), protected):
                continue
            if term in self._excluding and self._excluded(text, start, end + 1):
                continue
            found.append((start, end + 1, term))
        return found

    def _excluded(self, text: str, start: int, end: int) -> bool:
        """Whether the name at text[start:end] stands in one of its term's `not` phrases there."""
        for phrase, offset in self._exclusions.get(text[start:end], ()):
            begin = start - offset
            if (
                begin >= 0
                and text.startswith(phrase, begin)
                and whole_word_at(text, begin, begin + len(phrase))
            ):
                return True
        return False


def _exclusions(glossary: Glossary, names: dict[str, str]) -> Exclusions:
    """Each `not` phrase (in each form it is matched in) under every name of its own term that
    stands in it. Only names the term keeps are used: a name that went to another term is that
    term's to link."""
    excluding = {term.id for term in glossary.terms if term.exclusions}
    names_of: dict[str, list[str]] = {}
    for name, owner in sorted(names.items()):
        if owner in excluding:
            names_of.setdefault(owner, []).append(name)
    found: dict[str, list[tuple[str, int]]] = {}
    for term in glossary.terms:
        own = tuple(names_of.get(term.id, ()))
        for phrase in term.exclusions:
            for form in name_forms(phrase):
                for name, offset in name_offsets(form, own):
                    found.setdefault(name, []).append((form, offset))
    return {name: tuple(sorted(set(entries))) for name, entries in sorted(found.items())}


def link_article(article: Article, index: GlossaryIndex, *, every_mention: bool = False) -> Article:
    """The article with its mentions of glossary terms turned into term spans.

    Only the first mention of each term is linked unless `every_mention`; `terms` lists every term
    mentioned, in order of first mention, and then the names of the byline (its people and its
    credits) that the glossary knows (a news agency, say): shown, but not linked in the text."""
    seen: Counter[str] = Counter()  # in order of first mention
    blocks = []
    for block in article.blocks:
        if block.kind in LINKED_BLOCKS:
            block = Block(
                block.kind,
                tuple(_link(item, index, seen, every_mention) for item in block.items),
                block.line,
            )
        blocks.append(block)
    for author in (*article.authors, *article.credits):
        for mention in index.find(author):
            if mention.start == 0 and mention.end == len(author):
                seen[mention.term] += 1
    return replace(article, blocks=tuple(blocks), terms=tuple(seen), mentions=tuple(seen.values()))


def _link(spans: Inline, index: GlossaryIndex, seen: Counter[str], every_mention: bool) -> Inline:
    out: list[Span] = []
    for span in spans:
        if span.href or span.term:
            out.append(span)
            continue
        text = span.text
        position = 0
        for start, end, term in index.mentions(text):
            first = term not in seen
            seen[term] += 1
            if not (first or every_mention):
                continue
            if start > position:
                out.append(Span(text[position:start]))
            out.append(Span(text[start:end], term=term))
            position = end
        if position < len(text):
            unlinked = (
                position == 0
                and span.href is None
                and span.term is None
                and span.annotation is None
            )
            out.append(
                span if unlinked else Span(text[position:])
            )  # (no copy of a span that stays as it was)
    return tuple(out)


def _inside(span: tuple[int, int], protected: list[tuple[int, int]]) -> bool:
    return any(start <= span[0] < end for start, end in protected)
