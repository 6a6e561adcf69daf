"""Plain text (seed text, titles, names, summaries) written into generated pages so that it
shows as exactly its characters, never as markup: in Markdown, in HTML, or in both."""

from __future__ import annotations

import functools
import html
import re

# Characters Python-Markdown gives a meaning anywhere in a line; escaped with a backslash.
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]{}#])")
# Characters that start a block (heading, quote, list, admonition, definition…) at line start.
_BLOCK_START = re.compile(r"^([#>+\-=!?:|/~%])")
_ORDERED_LIST_START = re.compile(r"^(\d+)([.)])")
# A quick test that lets plain text (most of an article) skip the escaping.
_MAY_NEED_ESCAPING = re.compile(r"[&<>\\`*_\[\]{}#]|^[\d>+\-=!?:|/~%]")
_HTML_TEXT_SPECIAL = re.compile(r"[&<>\"\\`*_\[\]{}#|~^=]")


def escape_markdown(text: str) -> str:
    """Text that Python-Markdown renders as exactly these characters, never as markup."""
    if not _MAY_NEED_ESCAPING.search(text):
        return text
    text = html.escape(text, quote=False)
    text = _INLINE_SPECIAL.sub(r"\\\1", text)
    text = _ORDERED_LIST_START.sub(r"\1\\\2", text)
    return _BLOCK_START.sub(lambda m: f"&#{ord(m[1])};", text)


def escape_mid_line(text: str) -> str:
    """`escape_markdown` for text not at a line's start: its first character starts no block."""
    if not _MAY_NEED_ESCAPING.search(text):
        return text
    return _INLINE_SPECIAL.sub(r"\\\1", html.escape(text, quote=False))


def html_text(text: str) -> str:
    """Text that shows as exactly these characters both in HTML and in Markdown.

    Every character either could interpret is written as a numeric character reference, which
    both show as the character itself: for text the converter writes into HTML inside Markdown
    (an annotation's tooltip), and for what the MkDocs plugin hands to templates that print a
    page's title and description unescaped (plugin.escape_titles). Front matter itself holds
    plain text.
    """
    return _HTML_TEXT_SPECIAL.sub(lambda m: f"&#{ord(m[0])};", text)


def tooltip(text: str) -> str:
    """What an element's `title` must hold for its tooltip to show exactly this text: with
    `content.tooltips`, Material makes the tooltip of every title in a page's content by
    inserting the title as HTML (innerHTML), so a title "<img src=x onerror=…>" would run."""
    return html.escape(text, quote=False)


def markdown_title(text: str) -> str:
    """A Markdown link title that gives the link exactly this `title`."""
    return '"' + html.escape(text, quote=True) + '"'


@functools.lru_cache(
    maxsize=1 << 12
)  # the terms' summaries, twice on every page that mentions them
def link_title(text: str) -> str:
    """A Markdown link title whose tooltip shows exactly this text."""
    return markdown_title(tooltip(text))
