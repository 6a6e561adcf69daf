"""Names and texts made safe for one-line messages (`path:line: severity: message`).

A seed's name, a title or a YAML error can hold any character. Printed as they are, a line
break would start a line that reads as another problem, `:1: error:` in a file name would
give a reader (or an editor's problem matcher) another file and line, and a bidirectional
override (U+202E) would make the rest of the line read backwards. So control and format
characters, line and paragraph separators and lone surrogates (the bytes of a file name that
are not UTF-8) are shown as escapes (`\\n`, `\\u202e`); and a path that has one of them, a
colon, a double quote or a backslash is quoted C-style, as git quotes paths
(`"seeds/a:1: error: b.txt"`, with `\\"` and `\\\\` inside). An ordinary path is shown as it is.
"""

from __future__ import annotations

import unicodedata

_UNSAFE_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
# Format characters that join letters (emoji sequences, Persian, Indic scripts): they neither
# break nor reorder a line.
_JOINERS = frozenset({"\u200c", "\u200d"})
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
_QUOTED = {**_NAMED, '"': '\\"', "\\": "\\\\"}
_QUOTE_FOR = frozenset(':"\\')


def escaped_text(text: str) -> str:
    """The text with every character that could break or reorder a line shown as an escape."""
    if text.isprintable():  # the usual case, at C speed (it is False for all that is escaped)
        return text
    return "".join(_escape(character) if _is_unsafe(character) else character for character in text)


def quoted_path(path: str) -> str:
    """The path as messages show it: as it is, or quoted and escaped when it could be misread."""
    # (isprintable: the usual case, at C speed; it is also False for harmless characters such as
    # a no-break space, which the slower test lets through.)
    if _QUOTE_FOR.isdisjoint(path) and (path.isprintable() or not any(_is_unsafe(c) for c in path)):
        return path
    return '"' + "".join(_QUOTED.get(c) or (_escape(c) if _is_unsafe(c) else c) for c in path) + '"'


def _is_unsafe(character: str) -> bool:
    return unicodedata.category(character) in _UNSAFE_CATEGORIES and character not in _JOINERS


def _escape(character: str) -> str:
    if character in _NAMED:
        return _NAMED[character]
    code = ord(character)
    return (
        f"\\x{code:02x}"
        if code < 0x100
        else f"\\u{code:04x}"
        if code < 0x10000
        else f"\\U{code:08x}"
    )
