"""Property-based tests: whatever Markdown a curator writes, the site gets no markup from it."""

from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

import markdown
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import REPO
from reading_archive.render.curator_markdown import (
    ALLOWED_ELEMENTS,
    note_html,
    note_text,
    page_markdown,
    safe_url,
)

SCHEMES = ["javascript:", "JaVaScRiPt:", "java\tscript:", "java&Tab;script:", "&#106;avascript:",
           "&#x6a;avascript:", "javascript&colon;", "&amp;#106;avascript:", " \x01javascript:",
           "data:", "vbscript:", "file:", "//", "/\\", "\\\\", "https://", "http://", "mailto:", "",
           "#", "../", "x.md", "java script:"]  # fmt: skip
TAGS = [
    "script",
    "img",
    "iframe",
    "object",
    "a",
    "div",
    "style",
    "svg",
    "p",
    "h1",
    "details",
    "math",
    "embed",
]
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=10)
urls = st.builds(
    str.__add__, st.sampled_from(SCHEMES), st.sampled_from(["alert(1)", "x.org/p", "a b", ""])
)
html_ish = st.builds(
    lambda tag, attribute, url, text:
        f'<{tag} {attribute}="{url}" onclick="alert(1)" markdown="1">{text}</{tag}>',
    st.sampled_from(TAGS), st.sampled_from(["src", "href", "data", "onerror", "style"]), urls,
    words,
)  # fmt: skip
links = st.builds(
    lambda image, text, url, title: f"{'!' if image else ''}[{text}]({url}{title})",
    st.booleans(), words, urls,
    st.sampled_from(["", ' "t"', " 'x\" onmouseover=\"alert(1)'", ' "a\n```"']),
)  # fmt: skip
FRAGMENTS = [
    "{: onclick=\"alert(1)\" }", "{: .c #i }", "{ onclick=alert(1) }", "# h", "## h {: #x }",
    "1. item", "- item", "> quote", "    code", "```js", "```", "~~~", "| a | b |", "|---|:-:|",
    "[^1]", "[r]: javascript:alert(1)", "[r][r]",
    "<javascript:alert(1)>", "<https://x.y>", "<a@b.c>", "&amp;", "&#60;", "&lt;script&gt;", "\\",
    "**b**", "_i_", "`c`", "  ", "---", "***", "<!-- c -->", "<![CDATA[x]]>", "<?php x ?>", "\x02",
    "\x03", "&#2;", "\t", "*", "]", "\r", "&#13;", "&#10;", "&#13;~~~", "[t](x.md \"a\n~~~\")",
    "\u2028", "\x0c",
]  # fmt: skip
lines = st.lists(
    st.one_of(words, st.sampled_from(FRAGMENTS), html_ish, links), min_size=1, max_size=6
).map(" ".join)
curator_markdown = st.lists(
    st.builds(
        lambda indent, line: indent + line,
        st.sampled_from(["", "", "    ", "  ", "> ", "- ", "1. "]),
        lines,
    ),
    max_size=12,
).map(lambda items: "\n".join(items).replace("\n\n\n", "\n\n"))

ATTRIBUTES = {
    ("a", "href"),
    ("a", "title"),
    ("ol", "start"),
    ("code", "class"),
    ("th", "style"),
    ("td", "style"),
}
BAD_SCHEMES = ("javascript:", "data:", "vbscript:")


def site_markdown_extensions() -> tuple[list[str], dict[str, dict]]:
    """The Markdown extensions MkDocs renders the site's pages with: its own (toc, tables,
    fenced_code) and mkdocs.yml's, with their settings."""
    loader = type("Loader", (yaml.SafeLoader,), {})
    loader.add_multi_constructor(
        "!", lambda loader, suffix, node: None
    )  # !ENV and other MkDocs tags
    config = yaml.load((REPO / "mkdocs.yml").read_text(encoding="utf-8"), Loader=loader)
    names, settings_by_name = ["toc", "tables", "fenced_code"], {}
    for entry in config["markdown_extensions"]:
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, None)
        names.append(name)
        settings_by_name[name] = options or {}
    return names, settings_by_name


EXTENSIONS, EXTENSION_CONFIGS = site_markdown_extensions()


def assert_safe_link(url: str) -> None:
    browser_url = re.sub(r"[\t\n\r]", "", url).strip("".join(map(chr, range(0x21)))).lower()
    assert not browser_url.startswith(BAD_SCHEMES), url
    assert not browser_url.replace("\\", "/").startswith("//"), url
    assert safe_url(url) == url, url


def assert_only_allowed(
    rendered: BeautifulSoup, extra: AbstractSet[tuple[str, str]] = frozenset()
) -> None:
    for element in rendered.find_all(True):
        assert element.name in ALLOWED_ELEMENTS | {tag for tag, _ in extra}, element
        for attribute in element.attrs:
            assert not attribute.lower().startswith("on"), element
            assert (element.name, attribute) in ATTRIBUTES | extra, element
        if element.name == "a":
            assert_safe_link(element["href"])
        if element.has_attr("title"):  # Material shows it as HTML in a tooltip
            assert not BeautifulSoup(element["title"], "html.parser").find_all(True), element


def test_the_extensions_are_those_of_the_site() -> None:
    assert {"attr_list", "md_in_html", "toc"} <= set(EXTENSIONS)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(curator_markdown)
def test_a_note_is_html_of_allowed_elements_only(text: str) -> None:
    rendered = note_html(text)
    assert "\n" not in rendered
    parsed = BeautifulSoup(rendered, "html.parser")
    assert_only_allowed(parsed)
    assert not parsed.select("h1, h2, h3, h4, h5, h6")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(curator_markdown)
@example("- 0\n> 0")  # a block in a list item after its text
@example("[ <https://x.y> []](\\\\alert(1))")  # a link in a link
@example(
    '![0](javascript:alert(1) "a\n```") ` <script src="javascript:alert(1)" onclick="alert(1)" '
    'markdown="1">0</script> [0](javascript:alert(1))'
)  # a placeholder's end left in the text
def test_an_explanation_rendered_again_by_the_site_markdown_is_harmless_and_whole(
    text: str,
) -> None:
    explanation = page_markdown(text, "explanation")
    page = f"# Term\n\n{explanation}\n## References\n"
    html = markdown.markdown(page, extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS)
    rendered = BeautifulSoup(html, "html.parser")
    (wrapper,) = rendered.select("div")
    assert wrapper.attrs == {"class": ["explanation"]}
    for permalink in wrapper.select("a.headerlink"):  # toc's, on each heading
        expected = {
            "class": ["headerlink"],
            "href": f"#{permalink.parent['id']}",
            "title": "Permanent link",
        }
        assert permalink.attrs == expected
        permalink.decompose()
    assert_only_allowed(wrapper, {("div", "class"), *((f"h{n}", "id") for n in range(1, 7))})
    # MkDocs shows every character the sanitiser kept: no text was read as markup.
    assert "".join(wrapper.get_text().split()) == "".join(note_text(text).split())
