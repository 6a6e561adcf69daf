"""The one reader of the YAML that curators write: sidecars (seeds/<name>.yml) and the front
matter of glossary entries (glossary/<id>.md).

These files arrive through pull requests, so their cost must follow their size. YAML as such
does not: nine levels of anchors and aliases (`&a [*a, *a, …]`) in 342 bytes stand for a
billion values, and a thousand nested brackets exhaust Python's stack. So the text is first
checked for the characters YAML refuses, then its events are scanned (a linear pass without
recursion, by libyaml when PyYAML has it), refusing every anchor and alias and any nesting
deeper than MAX_DEPTH, and only then composed and constructed; keys given twice in one mapping
are refused too (YAML would silently keep the last). Every problem is one line that names the
line of the file, counted by its line feeds as editors and `grep -n` count them (YAML also
counts a lone CR, NEL and the Unicode line and paragraph separators, so its own marks can be
off). Dates are not recognised implicitly: an impossible date (2021-02-30) stays text, for the
checks of each kind of file to report with its line, instead of failing inside PyYAML.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml

from ..model import Problem

MAX_DEPTH = 20
"""Most lists and mappings nested in one another; a sidecar or a term needs three."""

_BASE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when PyYAML has it
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
# What a YAML reader refuses: control characters other than tab and line breaks, surrogates
# and the two non-characters (yaml.reader.Reader.NON_PRINTABLE; libyaml refuses the same).
_REFUSED_CHARACTER = re.compile(
    "[^\x09\x0a\x0d\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
# Errors a constructor of PyYAML's safe types raises on a value it cannot make (a 5,000-digit
# int, `!!timestamp 2021-02-30`, `!!timestamp soon`), besides its own YAMLError.
_CONSTRUCTION_ERRORS = (ArithmeticError, AttributeError, LookupError, TypeError, ValueError)


class _Loader(_BASE_LOADER):  # type: ignore[misc, valid-type]  # a base chosen at run time
    """The safe loader without implicit dates, whose constructors fail with a YAMLError that
    marks the value at fault."""

    def construct_object(self, node: yaml.Node, deep: bool = False) -> Any:
        try:
            return super().construct_object(node, deep)
        except _CONSTRUCTION_ERRORS as error:
            kind = str(node.tag).rsplit(":", 1)[-1]
            reason = (
                f": {error}" if type(error) is ValueError else ""
            )  # (the others tell of PyYAML's insides)
            problem = f"{shown(node.value)} cannot be read as {kind}{reason}"
            raise yaml.constructor.ConstructorError(None, None, problem, node.start_mark) from None


_Loader.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _TIMESTAMP]
    for first, resolvers in _BASE_LOADER.yaml_implicit_resolvers.items()
}


class CuratorYamlError(Exception):
    """YAML that is not read: every problem found, each with its file line where known."""

    def __init__(self, problems: list[Problem]):
        super().__init__("\n".join(map(str, problems)))
        self.problems = problems


@dataclass(frozen=True)
class CuratorYaml:
    """A document as read: its value (None when empty), its node tree (for the lines of values)
    and how node marks map to file lines."""

    data: Any
    node: yaml.Node | None
    lines: _Lines

    def line(self, node: yaml.Node) -> int:
        """The file line on which `node` starts."""
        return self.lines.at(node.start_mark.index)


@dataclass(frozen=True)
class _Lines:
    """File lines of a text that starts on file line `first`."""

    first: int
    line_feeds: tuple[int, ...]  # where each "\n" of the text is

    @classmethod
    def of(cls, text: str, first: int) -> _Lines:
        return cls(first, tuple(match.start() for match in re.finditer("\n", text)))

    def at(self, index: int) -> int:
        """The file line of the text's character at `index`."""
        return self.first + bisect.bisect_left(self.line_feeds, index)


def load_curator_yaml(text: str, source: str, *, first_line: int = 1) -> CuratorYaml:
    """The one YAML document of `text` (which starts on line `first_line` of the file `source`);
    raises CuratorYamlError for YAML that is invalid, or that this project refuses."""
    lines = _Lines.of(text, first_line)

    def fail(line: int | None, message: str) -> CuratorYamlError:
        return CuratorYamlError([Problem(source, line, _one_line(message))])

    refused = _REFUSED_CHARACTER.search(text)
    if refused:
        character = ord(refused[0])
        raise fail(
            lines.at(refused.start()),
            f"character U+{character:04X} is not allowed in YAML: remove it",
        )
    try:
        refusal = next(
            _refused_events(text), None
        )  # the first: one reason not to read it is enough
        if refusal is not None:
            raise fail(lines.at(refusal[0]), refusal[1])
        loader = _Loader(text)
        try:
            node = loader.get_single_node()
            duplicates = list(_duplicate_keys(node))
            if duplicates:
                raise CuratorYamlError(
                    [Problem(source, lines.at(i), message) for i, message in duplicates]
                )
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise fail(
            lines.at(mark.index) if mark else None, f"not valid YAML: {_yaml_problem(error)}"
        ) from None
    except (
        yaml.YAMLError
    ) as error:  # a reader's error, which has no mark (the characters were checked above)
        raise fail(None, f"not valid YAML: {error}") from None
    return CuratorYaml(data, node, lines)


def _refused_events(text: str) -> Iterator[tuple[int, str]]:
    """Where (by index in `text`) and why the document is refused before it is composed: an
    anchor, an alias, or nesting deeper than MAX_DEPTH. One pass over the parser's events,
    which takes time and memory in proportion to the text."""
    depth = 0
    for event in yaml.parse(text, Loader=_BASE_LOADER):
        kind = type(event)
        # most events: nothing to check (`type(event) is`, not `kind is`: mypy narrows on it)
        if type(event) is yaml.ScalarEvent and event.anchor is None:
            continue
        assert event.start_mark is not None  # the parser marks where each event starts
        where = event.start_mark.index
        if isinstance(event, yaml.AliasEvent):
            yield (
                where,
                f"YAML alias {shown(f'*{event.anchor}')} is not allowed: "
                "write the value out in full",
            )
        elif isinstance(event, yaml.NodeEvent) and event.anchor is not None:
            yield (
                where,
                f"YAML anchor {shown('&' + event.anchor)} is not allowed: "
                "write each value out in full",
            )
        elif kind is yaml.SequenceStartEvent or kind is yaml.MappingStartEvent:
            depth += 1
            if depth > MAX_DEPTH:
                yield (
                    where,
                    f"lists and mappings nested more than {MAX_DEPTH} levels deep; {MAX_DEPTH} "
                    "is the limit",
                )
        elif kind is yaml.SequenceEndEvent or kind is yaml.MappingEndEvent:
            depth -= 1


def _duplicate_keys(root: yaml.Node | None) -> Iterator[tuple[int, str]]:
    """Each key given a second time in a mapping (by index in the text), in document order.
    Keys are told apart by their resolved type and text, as they will be constructed (`1` and
    `'1'` differ)."""
    pending = [root] if root is not None else []
    while pending:  # depth first, last child first: the document order, without recursion
        node = pending.pop()
        if isinstance(node, yaml.MappingNode):
            seen: set[tuple[str, str]] = set()
            for key, _ in node.value:
                if isinstance(key, yaml.ScalarNode):
                    if (key.tag, key.value) in seen:
                        yield key.start_mark.index, f"{shown(key.value)} is given twice"
                    seen.add((key.tag, key.value))
            pending.extend(child for pair in reversed(node.value) for child in reversed(pair))
        elif isinstance(node, yaml.SequenceNode):
            pending.extend(reversed(node.value))


def _yaml_problem(error: yaml.MarkedYAMLError) -> str:
    """PyYAML's own words for what is wrong, without its marks (which count lines as YAML does)."""
    problem = error.problem or error.context or "unreadable"
    return f"{problem} ({error.context})" if error.problem and error.context else problem


def shown(value: Any) -> str:
    """A value as a one-line message shows it: texts quoted, escaped and cut short."""
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return repr(value if len(value) <= 40 else value[:39] + "…")
    if isinstance(value, (list, dict, set, tuple)):
        return f"a {type(value).__name__}"
    text = repr(value)
    return text if len(text) <= 40 else text[:39] + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())
