"""Curator Markdown (glossary explanations, annotation notes) made harmless, one way for every kind.

Curators are trusted more than seed text, but their files arrive through pull requests like any
other, so what they write reaches the site only as what Markdown means to show:

- raw HTML is not markup: `<script>` shows as the characters written;
- a link keeps its target only when it is http(s), mailto or relative (a path or a `#` anchor,
  never protocol-relative `//host`); any other scheme (`javascript:`, `data:`, `vbscript:`…),
  however written (`JaVaScRiPt:`, `&#106;avascript:`, `java&Tab;script:`), leaves the link's
  text only;
- an image shows its alt text: the site makes no request to another host;
- a link's title, which Material shows as HTML in its tooltip, holds markup that shows the text;
- nothing else: only the elements Markdown itself makes, with only the attributes listed below.

The Markdown is converted by Python-Markdown with raw HTML switched off, and the HTML it makes is
read again and rebuilt from an allow-list, so that what passes does not depend on the
converter's internals. The result is written as HTML (notes, placed in a page as one block of
HTML), as text (tooltips) or as Markdown for a generated page that MkDocs renders again with the
site's extensions (glossary explanations): there, every element is written as HTML with
`markdown="1"` (md_in_html), text is escaped so that no extension (attr_list's `{: onclick=…}`,
a table, an entity) finds anything in it, and links stay Markdown links so that MkDocs resolves
and checks their `.md` targets.
"""

from __future__ import annotations

import functools
import html
import re
import urllib.parse
from dataclasses import dataclass
from html.parser import HTMLParser

import markdown
import markdown.extensions
from markdown.extensions.fenced_code import FencedCodeExtension
from markdown.extensions.tables import TableExtension

from ..base.escaping import escape_markdown, tooltip

_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")
# Elements whose children are blocks, and those whose children are text and inline elements
# (a list item or table cell may hold blocks too: a loose list's paragraphs, a nested list).
_BLOCK_CONTAINERS = frozenset({"blockquote", "ul", "ol", "table", "thead", "tbody", "tr"})
_TEXT_BLOCKS = frozenset({"p", "li", "th", "td", *_HEADINGS})
_INLINE = frozenset({"em", "strong", "code", "a", "br"})
_VOID = frozenset({"br", "hr"})
ALLOWED_ELEMENTS = _BLOCK_CONTAINERS | _TEXT_BLOCKS | _INLINE | _VOID | {"pre"}
# Each attribute an element may keep, with the values it may have.
_ALIGN = re.compile(r"text-align: (?:left|right|center);")
_ATTRIBUTES = {
    "a": {"title": re.compile(r".*", re.DOTALL)},  # and href, when safe_url keeps it
    "ol": {"start": re.compile(r"\d{1,9}")},
    "code": {"class": re.compile(r"language-[\w+.#-]{1,40}")},
    "th": {"style": _ALIGN},
    "td": {"style": _ALIGN},
}
SAFE_SCHEMES = ("http", "https", "mailto")
_DECODINGS = 4
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.\-]*):")
# What a browser drops from anywhere in a URL, and what it strips from both ends.
_URL_DROPPED = re.compile(r"[\t\n\r]")
_URL_STRIPPED = "".join(map(chr, range(0x21)))
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# Characters a URL inside a Markdown link `[…](<…>)` or an HTML attribute must not hold as such.
_URL_QUOTED = re.compile(r'[<>"\\` {}|^\x00-\x1f\x7f]')


@dataclass(frozen=True)
class Node:
    """An allowed element (`tag`, `attributes`, `children`) or, with `tag` empty, a text."""

    tag: str
    text: str = ""
    attributes: tuple[tuple[str, str], ...] = ()
    children: tuple[Node, ...] = ()


def safe_url(url: str) -> str | None:
    """The URL a browser would follow for this link target, when it is http(s), mailto or
    relative; None for anything else (another scheme, a protocol-relative `//host`, control
    characters). Character references are decoded as often as they decode (a few times at
    most), so that a target written with them is judged by what the browser reads."""
    for _ in range(_DECODINGS):
        previous, url = url, html.unescape(url)
        if url == previous:
            break
    else:
        return None  # references in references in…: no link needs them, and each pass costs
    url = _URL_DROPPED.sub("", url).strip(_URL_STRIPPED)
    if _CONTROL.search(url):
        return None
    scheme = _SCHEME.match(url)
    if scheme:
        return url if scheme[1].lower() in SAFE_SCHEMES else None
    # "//host" and its backslash spellings leave the site for a host of the link's choosing,
    # over whatever scheme the page has: refused (write https://host for an external link).
    if url[:2].replace("\\", "/") == "//":
        return None
    # A relative reference's first segment holds no colon (RFC 3986, 4.2): "java script:x" is
    # a scheme misspelt, not a path.
    return None if ":" in re.split(r"[/?#]", url, maxsplit=1)[0] else url


def _quoted_url(url: str) -> str:
    return _URL_QUOTED.sub(lambda m: urllib.parse.quote(m[0], safe=""), url)


class _AllowList(HTMLParser):
    """Rebuilds HTML as Nodes: allowed elements with allowed attributes; an image becomes its
    alt text; any other element leaves its content only."""

    def __init__(self, headings: bool) -> None:
        super().__init__(convert_charrefs=True)
        self.headings = headings
        self.links: list[bool] = []  # for each link begun and not ended: kept or not
        self.stack: list[tuple[str, dict[str, str], list[Node]]] = [("", {}, [])]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "img":
            self.handle_data(values.get("alt", ""))
        elif tag in _HEADINGS and not self.headings:
            self._open("p", {})
        elif tag in ALLOWED_ELEMENTS:
            self._open(tag, values)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def _open(self, tag: str, values: dict[str, str]) -> None:
        allowed = _ATTRIBUTES.get(tag, {})
        kept = {
            name: value
            for name, value in values.items()
            if name in allowed and allowed[name].fullmatch(value)
        }
        if tag == "a":
            href = safe_url(values.get("href", ""))
            self.links.append(href is not None and not any(self.links))
            if href is None or not self.links[-1]:
                return  # not a link (nor a link in a link): its text stays, as text
            kept = {"href": href, **kept}
        if tag in _VOID:
            self.stack[-1][2].append(Node(tag))
        else:
            self.stack.append((tag, kept, []))

    def handle_endtag(self, tag: str) -> None:
        tag = "p" if tag in _HEADINGS and not self.headings else tag
        if (
            tag == "a" and self.links and not self.links.pop()
        ):  # the end of a link that was not kept
            return
        if tag not in _VOID and any(open_tag == tag for open_tag, _, _ in self.stack[1:]):
            self._close(tag)

    def _close(self, tag: str) -> None:
        """End the innermost open `tag`, and the elements still open inside it."""
        while True:
            open_tag, attributes, children = self.stack.pop()
            self.stack[-1][2].append(Node(open_tag, "", tuple(attributes.items()), tuple(children)))
            if open_tag == tag:
                return

    def handle_data(self, data: str) -> None:
        if data:
            self.stack[-1][2].append(Node("", data))

    def nodes(self) -> tuple[Node, ...]:
        self.close()
        while len(self.stack) > 1:
            self._close(self.stack[-1][0])
        return tuple(self.stack[0][2])


class _NoRawHtml(markdown.extensions.Extension):
    """Raw HTML, block or inline, is text: Python-Markdown then escapes it like any other."""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")


@functools.lru_cache(maxsize=1 << 12)  # a note is rendered as HTML and as its tooltip's text
def sanitised(text: str, headings: bool = False) -> tuple[Node, ...]:
    """Curator Markdown as allowed elements and text. Headings become paragraphs unless
    `headings`; kept, they are moved so that the highest is an h2 (the page has the h1)."""
    converted = markdown.Markdown(
        extensions=[_NoRawHtml(), TableExtension(), FencedCodeExtension()]
    ).convert(text)
    if headings:
        levels = [int(level) for level in re.findall(r"<h([1-6])\b", converted)]
        shift = 2 - min(levels, default=2)
        converted = re.sub(
            r"(</?h)([1-6])\b", lambda m: f"{m[1]}{min(6, int(m[2]) + shift)}", converted
        )
    parser = _AllowList(headings)
    parser.feed(converted)
    return parser.nodes()


# --- as HTML and as text -------------------------------------------------------------------


def note_html(body: str) -> str:
    """A curator's note as HTML (headings become paragraphs: the page's outline is the
    article's), on one line (line ends as character references, which keep a code block's
    lines), so that the page's Markdown keeps it as one block of HTML."""
    return "".join(map(_html, sanitised(body)))


def note_text(body: str) -> str:
    """A note as plain text, for the tooltip of its highlighted passage."""
    return " ".join(" ".join(map(_text, sanitised(body))).split())


def _escaped(text: str, quote: bool = False) -> str:
    """Text as HTML, on one line: a line end (which a code block keeps) as a character
    reference, so that no line of the text can start anything in the page's Markdown."""
    text = html.escape(_without_placeholders(text), quote=quote)
    return text.replace("\r", "&#13;").replace("\n", "&#10;")


def _without_placeholders(text: str) -> str:
    """Text without the ends of Python-Markdown's placeholders for the raw HTML it set aside
    (what is left of one when that HTML was refused)."""
    return text.replace("\x02", "").replace("\x03", "")


def _html(node: Node) -> str:
    if not node.tag:
        return _escaped(node.text)
    attributes = "".join(
        f" {name}={_attribute(_shown(name, value))}" for name, value in node.attributes
    )
    if node.tag in _VOID:
        return f"<{node.tag}{attributes}>"
    return f"<{node.tag}{attributes}>{''.join(map(_html, node.children))}</{node.tag}>"


def _text(node: Node) -> str:
    if not node.tag:
        return _without_placeholders(node.text)
    inner = "".join(map(_text, node.children))
    return inner if node.tag in _INLINE else f" {inner} "


# --- as Markdown of a generated page ---------------------------------------------------------


def page_markdown(text: str, css_class: str) -> str:
    """Curator Markdown as Markdown for a generated page, in a `<div class="css_class">`: it
    shows what the curator wrote (headings kept, moved under the page's h1) and stays harmless
    when MkDocs renders the page with the site's extensions."""
    blocks = "".join(_page_block(node) for node in sanitised(text, headings=True))
    return f'<div class="{html.escape(css_class)}" markdown="1">\n{blocks}</div>\n'


def _page_block(node: Node) -> str:
    """A node in a block context (the div, a quote, a list, a table, a list item's blocks),
    on lines of its own."""
    if not node.tag:
        return "" if node.text.isspace() else f'<p markdown="1">{_page_inline(node)}</p>\n'
    if node.tag in _VOID:
        return f"<{node.tag}>\n"
    if node.tag == "pre":  # raw to md_in_html; on one line, so that no blank line ends the div
        return _html(node) + "\n"
    start = (
        f'<{node.tag}{"".join(f" {n}={_attribute(v)}" for n, v in node.attributes)} markdown="1">'
    )
    if node.tag in _BLOCK_CONTAINERS:
        return f"{start}\n{''.join(map(_page_block, node.children))}</{node.tag}>\n"
    holds_blocks = any(child.tag not in _INLINE and child.tag for child in node.children)
    parts = [
        # md_in_html reads an element as a block only at the start of a line
        "\n" + _page_block(child) if child.tag and child.tag not in _INLINE else _page_inline(child)
        for child in node.children
        if not (
            holds_blocks and not child.tag and child.text.isspace()
        )  # the line ends between its blocks
    ]
    return f"{start}{''.join(parts)}</{node.tag}>\n"


def _shown(name: str, value: str) -> str:
    """An attribute's value as the page must hold it: a title as its tooltip shows it."""
    return tooltip(value) if name == "title" else value


def _attribute(value: str) -> str:
    return f'"{_escaped(value, quote=True)}"'


def _page_inline(node: Node) -> str:
    """Text and inline elements, as Markdown that md_in_html reads back as exactly them."""
    if not node.tag:
        # No line end: nothing in the text starts a block; the escaping leaves no character
        # that Markdown or an extension would read as markup.
        return escape_markdown(re.sub(r"[\r\n\x02\x03]", " ", node.text))
    inner = "".join(map(_page_inline, node.children))
    if node.tag == "a":
        attributes = dict(node.attributes)
        title = f" {_attribute(tooltip(attributes['title']))}" if "title" in attributes else ""
        return f"[{inner}](<{_quoted_url(attributes['href'])}>{title})"
    if node.tag == "br":
        return "<br>"
    return f"<{node.tag}>{inner}</{node.tag}>"
