"""Read stage for the glossary: one Markdown file per term in glossary/, checked entry by entry.

A term file is named `<id>.md` and holds YAML front matter (term, type, aliases, summary,
references) and a longer explanation in Markdown. A broken entry is reported with its file and
line and left out; it never takes the other terms or the articles down with it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import cached_property
from pathlib import Path
from typing import Any

import yaml

from ..base.files import NotARegularFile, read_regular_file
from ..base.stop_words import STOP_WORDS
from ..model import Problem, Reference, Term
from ..read.curator_yaml import CuratorYaml, CuratorYamlError, load_curator_yaml, shown
from ..read.seed import is_web_url

TERM_TYPES = ("person", "place", "organisation", "concept", "event", "agreement", "media")
MAX_TERM_BYTES = 256 * 1024
"""Glossary files larger than this are refused: an entry is a few kilobytes."""
_ID = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?\n)?---[ \t]*(?:\n|\Z)", re.DOTALL)
_FIELDS = {"term", "type", "aliases", "not", "summary", "references"}


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...]  # sorted by id

    def by_id(self) -> dict[str, Term]:
        return self._by_id

    @cached_property
    def _by_id(self) -> dict[str, Term]:
        return {term.id: term for term in self.terms}


def load_glossary(glossary_dir: Path, root: Path) -> tuple[Glossary, list[Problem]]:
    """Every valid term of the glossary folder, and a problem for each thing wrong in it."""
    terms: list[Term] = []
    problems: list[Problem] = []
    paths = sorted(glossary_dir.glob("*.md")) if glossary_dir.is_dir() else []
    for path in paths:
        source = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
        try:
            terms.append(parse_term(_term_text(path, source), path.stem, source))
        except TermError as error:
            problems.append(error.problem)
    kept, clashes = _without_clashing_names(terms)
    checked = [checked_exclusions(term) for term in kept]
    senses = [problem for _, found in checked for problem in found]
    return Glossary(
        tuple(term for term, _ in checked)
    ), problems + clashes + senses + common_word_aliases(terms)


def name_forms(name: str) -> tuple[str, ...]:
    """The ways a name (or a `not` phrase) is matched in text: as written and, written in lower
    case, with a capital first letter too ("eastern Lugansk…" also opens a sentence)."""
    if name[:1].islower():
        return (name, name[:1].upper() + name[1:])
    return (name,)


def whole_word_at(text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is whole words: no letter, digit or underscore either side, the
    rule by which names are found in articles ("Russia" is not in "Russian")."""
    before = text[start - 1] if start > 0 else " "
    after = text[end] if end < len(text) else " "
    return not (before.isalnum() or before == "_" or after.isalnum() or after == "_")


def name_offsets(phrase: str, names: tuple[str, ...]) -> list[tuple[str, int]]:
    """Each (name, offset) at which one of `names` stands as whole words in the phrase."""
    found = []
    for name in names:
        start = phrase.find(name)
        while start >= 0:
            if whole_word_at(phrase, start, start + len(name)):
                found.append((name, start))
            start = phrase.find(name, start + 1)
    return sorted(found, key=lambda item: (item[1], item[0]))


def checked_exclusions(term: Term) -> tuple[Term, list[Problem]]:
    """The term with only the `not` phrases that can work, and a problem for each other one: a
    phrase without a name of the term in it would never apply, one that is a name would stop
    the term from ever linking, and one given twice is a slip."""
    if not term.exclusions:
        return term, []
    names = tuple(form for name in (term.term, *term.aliases) for form in name_forms(name))
    kept: list[tuple[str, int | None]] = []  # no line when the term came without them
    problems: list[Problem] = []
    for phrase, line in zip(
        term.exclusions, term.exclusion_lines or (None,) * len(term.exclusions), strict=False
    ):
        if phrase in names:
            message = (
                f"'not' phrase '{phrase}' is a name of this term: the term would never be "
                "linked; remove it (or the alias)"
            )
        elif not any(name_offsets(form, names) for form in name_forms(phrase)):
            listed = ", ".join(f"'{name}'" for name in (term.term, *term.aliases))
            message = (
                f"'not' phrase '{phrase}' contains no name of this term as whole words "
                f"({listed}), so it would never apply"
            )
        elif phrase in (seen for seen, _ in kept):
            problems.append(
                Problem(term.source, line, f"'not' phrase '{phrase}' is given twice", "warning")
            )
            continue
        else:
            kept.append((phrase, line))
            continue
        problems.append(Problem(term.source, line, message))
    if not problems:
        return term, []
    return replace(
        term,
        exclusions=tuple(p for p, _ in kept),
        exclusion_lines=tuple(line for _, line in kept if line is not None),
    ), problems


def common_word_aliases(terms: list[Term]) -> list[Problem]:
    """A warning for each alias that is a common word: as a name it links "the" or "in" in
    nearly every article (every use of it with `link_every_mention`), which grew an archive's
    article pages eightfold. Written in capitals ("US", "WHO") it matches only in capitals."""
    return [
        Problem(
            term.source,
            line,
            f"alias '{alias}' is a common word (a stop word): it would link nearly every article "
            "to this term (and every use of the word with link_every_mention: true); name the "
            "term in full or by a phrase instead",
            "warning",
        )
        for term in terms
        for alias, line in zip(term.aliases, term.lines, strict=False)
        if alias.casefold() in STOP_WORDS and not (len(alias) > 1 and alias.isupper())
    ]


class TermError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def _term_text(path: Path, source: str) -> str:
    """The text of a glossary file, if it is a regular file of at most MAX_TERM_BYTES of UTF-8."""
    try:
        data = read_regular_file(path, MAX_TERM_BYTES)
    except NotARegularFile as error:
        raise TermError(
            Problem(source, None, f"is {error.kind}; a glossary entry must be a regular file")
        ) from None
    except OSError as error:
        raise TermError(Problem(source, None, f"cannot read the file: {error.strerror}")) from None
    if len(data) > MAX_TERM_BYTES:
        message = f"file is larger than {MAX_TERM_BYTES:,} bytes, the limit for a glossary entry"
        raise TermError(Problem(source, None, message))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise TermError(
            Problem(source, line, "not UTF-8 text; re-save the file as UTF-8")
        ) from None


def parse_term(text: str, term_id: str, source: str) -> Term:
    """One glossary entry from its file's text; raises TermError naming the line at fault."""
    text = text.replace("\r\n", "\n")

    def fail(message: str, line: int | None = None) -> TermError:
        return TermError(Problem(source, line, message))

    if not _ID.match(term_id):
        name = shown(term_id + ".md")
        raise fail(
            f"file name {name} is not a valid term id: use lower-case letters, digits and hyphens"
        )
    data, lines, explanation = _front_matter(text, source, fail)

    def line_of(key: str, index: int | None = None) -> int:
        return lines.get((key, index), lines.get((key, None), 1))

    term, kind, summary = _required_fields(data, line_of, fail)
    aliases = _texts(data, "aliases", "every alias must be a non-empty text", line_of, fail)
    exclusions = _texts(
        data,
        "not",
        "every phrase of 'not' must be a non-empty text (a phrase the term is never linked in)",
        line_of,
        fail,
    )
    parsed_references = _references(data, line_of, fail)
    return Term(
        id=term_id,
        term=" ".join(term.split()),
        type=kind,
        aliases=tuple(" ".join(a.split()) for a in aliases),
        summary=" ".join(summary.split()),
        explanation=explanation,
        references=tuple(parsed_references),
        source=source,
        lines=tuple(line_of("aliases", index) for index in range(len(aliases))),
        exclusions=tuple(" ".join(phrase.split()) for phrase in exclusions),
        exclusion_lines=tuple(line_of("not", index) for index in range(len(exclusions))),
    )


def _front_matter(
    text: str, source: str, fail: Callable[..., TermError]
) -> tuple[dict[Any, Any], dict[tuple[str, int | None], int], str]:
    """A term file's fields, the line of each key (and item), and the explanation after them."""
    match = _FRONT_MATTER.match(text)
    if not match:
        raise fail("no front matter: start the file with '---', the term's fields, and '---'", 1)
    try:
        # the fields start on line 2, after the opening '---'
        document = load_curator_yaml(match[1] or "", source, first_line=2)
    except CuratorYamlError as error:
        raise TermError(error.problems[0]) from None
    if not isinstance(document.data, dict):
        raise fail(
            "front matter must be a mapping of fields (term, type, aliases, not, summary, "
            "references)",
            1,
        )
    return document.data, _key_lines(document), text[match.end() :].strip() + "\n"


def _required_fields(
    data: dict[Any, Any], line_of: Callable[..., int], fail: Callable[..., TermError]
) -> tuple[str, str, str]:
    """The term's name, type and summary; TermError for an unknown field or one of them
    missing."""
    unknown = sorted(set(map(str, data)) - _FIELDS)
    if unknown:
        raise fail(
            f"unknown field {shown(unknown[0])} (fields are: {', '.join(sorted(_FIELDS))})",
            line_of(unknown[0]),
        )
    term = data.get("term")
    if not isinstance(term, str) or not term.strip():
        raise fail(
            "'term' is missing or empty: give the name readers know the term by", line_of("term")
        )
    kind = data.get("type")
    if kind not in TERM_TYPES:
        raise fail(
            f"'type' must be one of {', '.join(TERM_TYPES)}; found {shown(kind)}", line_of("type")
        )
    summary = data.get("summary")
    if not isinstance(summary, str) or not summary.strip():
        raise fail(
            "'summary' is missing or empty: write one sentence that explains the term",
            line_of("summary"),
        )
    return term, kind, summary


def _references(
    data: dict, line_of: Callable[..., int], fail: Callable[..., TermError]
) -> list[Reference]:
    references = data.get("references") or []
    if not isinstance(references, list):
        raise fail("'references' must be a list of {title, url}", line_of("references"))
    parsed_references = []
    for index, reference in enumerate(references):
        if (
            not isinstance(reference, dict)
            or not isinstance(reference.get("title"), str)
            or not isinstance(reference.get("url"), str)
        ):
            raise fail("each reference needs a 'title' and a 'url'", line_of("references", index))
        if not is_web_url(reference["url"]):
            raise fail(
                f"reference URL must be http(s): {shown(reference['url'])}",
                line_of("references", index),
            )
        parsed_references.append(Reference(reference["title"].strip(), reference["url"]))
    return parsed_references


def _texts(
    data: dict, key: str, message: str, line_of: Callable[..., int], fail: Callable[..., TermError]
) -> list[str]:
    """The list of texts under `key` (none if it is missing or empty); TermError if it is
    anything else or holds anything but non-empty texts."""
    items = data.get(key) or []
    if not isinstance(items, list):
        raise fail(f"'{key}' must be a list", line_of(key))
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            raise fail(message, line_of(key, index))
    return items


def _key_lines(document: CuratorYaml) -> dict[tuple[str, int | None], int]:
    """File line of each top-level key, and of each item of a list value."""
    lines: dict[tuple[str, int | None], int] = {}
    if not isinstance(document.node, yaml.MappingNode):
        return lines
    for key, value in document.node.value:
        name = str(key.value)
        lines[(name, None)] = document.line(key)
        if isinstance(value, yaml.SequenceNode):
            for index, item in enumerate(value.value):
                lines[(name, index)] = document.line(item)
    return lines


def _without_clashing_names(terms: list[Term]) -> tuple[list[Term], list[Problem]]:
    """Each name (term or alias) may belong to one term only; later files lose the clash."""
    owner: dict[str, Term] = {}
    problems: list[Problem] = []
    kept: list[Term] = []
    for term in terms:  # already sorted by id; a term's own name wins over anybody's alias
        owner.setdefault(term.term, term)
    for term in terms:
        for alias in term.aliases:
            owner.setdefault(alias, term)
    for term in terms:
        clashes = []
        aliases = []
        for alias, line in zip(term.aliases, term.lines, strict=False):
            first = owner[alias]
            if first is not term:
                clashes.append(
                    Problem(
                        term.source,
                        line,
                        f"alias '{alias}' is already a name of '{first.id}' ({first.source}); a "
                        "name can belong to one term only",
                    )
                )
            elif alias != term.term:
                aliases.append(alias)
        if owner[term.term] is not term:
            first = owner[term.term]
            problems.append(
                Problem(
                    term.source,
                    None,
                    f"term '{term.term}' is already a name of '{first.id}' ({first.source})",
                )
            )
            continue
        problems += clashes
        kept.append(replace(term, aliases=tuple(aliases)))
    return kept, problems
