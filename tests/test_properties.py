"""Property-based tests: whatever text a seed holds, the converter keeps its promises."""

from __future__ import annotations

import re

import markdown
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mkdocs.utils.meta import get_data

from reading_archive.model import SeedError
from reading_archive.read.seed import article_text, decode_seed, parse_seed
from reading_archive.render.article import ArticleContext, render_article

FRAGMENTS = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<!-- c -->", "---", "title: x",
    "# h", "1. item", "- item", "* item", "> quote", "!!! note", "    code", "| a | b |", "[^1]",
    "{{ x }}", "{% x %}", "**b**", "_i_", "`c`", "[l](javascript:alert(1))", "[l](#)", "&amp;",
    "&#60;", "\\", "{: .c }", "~~s~~", "==m==", "^^i^^", "<https://x.y>", "https://a.b/c",
    "Related article: [T](#)", "•", "By", "Original url:",
]  # fmt: skip
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
fragments = st.sampled_from(FRAGMENTS)
lines = st.lists(st.one_of(words, fragments), min_size=1, max_size=8).map(" ".join)
EXTENSIONS = ["attr_list", "md_in_html", "toc"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(lines, st.just("")), max_size=20).map("\n".join))
def test_any_text_parses_or_raises_only_seed_error(text: str) -> None:
    try:
        parse_seed(decode_seed(text.encode("utf-8"), "seeds/x.txt"), "seeds/x.txt")
    except SeedError as error:
        assert error.problem.path == "seeds/x.txt"
        assert "\n" not in error.problem.message


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=300))
def test_any_bytes_are_read_or_rejected_with_a_message(data: bytes) -> None:
    try:
        parse_seed(decode_seed(data, "seeds/x.txt"), "seeds/x.txt")
    except SeedError as error:
        assert error.problem.message


def visible_words(text: str) -> list[str]:
    return re.findall(r"\w+", text)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(title=lines, paragraphs=st.lists(lines, min_size=1, max_size=6))
def test_rendered_page_keeps_metadata_and_every_word(title: str, paragraphs: list[str]) -> None:
    seed = (
        "\n\n".join(
            [title, "December 08, 2021", *paragraphs, "Original url:", "<https://example.com/a>"]
        )
        + "\n"
    )
    try:
        article = parse_seed(seed, "seeds/x.txt")
    except SeedError:
        return  # e.g. the title line was a date or a byline: reported, not rendered
    page = render_article(article, ArticleContext("Example", "slug", "articles/2021/12/slug.md"))
    body, meta = get_data(page)  # front matter read the way MkDocs reads it
    assert meta["title"] == article.title  # plain text, as written
    assert meta["original_url"] == article.original_url
    assert str(meta["date"]) == "2021-12-08"

    rendered = BeautifulSoup(markdown.markdown(body, extensions=EXTENSIONS), "html.parser")
    assert not rendered.select("script, img, iframe, em, strong, code, blockquote, ol, table, h1")
    assert all(a.get("href", "").startswith(("http://", "https://")) for a in rendered.select("a"))
    for figure in rendered.select("figure.article-photo"):
        caption = (
            f"{article.caption.text} Photo: {article.caption.credit}"
            if article.caption.credit
            else article.caption.text
        )
        assert visible_words(figure.get_text(" ")) == visible_words(caption)
        figure.decompose()
    for reference in rendered.select(".related-reference"):
        reference.contents[0].replace_with(reference.contents[0].removeprefix("Related article: "))
    assert visible_words(" ".join(rendered.stripped_strings)) == visible_words(
        article_text(article)
    )
