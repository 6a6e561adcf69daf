"""Render stage for the glossary: an index page, and a page per term listing its articles.

The curated text comes from glossary/<id>.md; the lists of articles are derived from the whole
archive on every conversion, so they are always current and nobody's text is overwritten.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any

from ..base.dates import format_date
from ..base.escaping import escape_markdown, link_title, markdown_title
from ..enrich.glossary import TERM_TYPES, Glossary
from ..enrich.link import GlossaryIndex
from ..model import Article, ArticleLink, ArticleSummary, Term
from ..settings import PAGE_SIZE
from .article import front_matter, relative_link, with_checksum
from .curator_markdown import page_markdown
from .listings import page_path, pagination

TYPE_HEADINGS = {
    "person": "People",
    "place": "Places",
    "organisation": "Organisations",
    "concept": "Concepts",
    "event": "Events",
    "agreement": "Agreements",
    "media": "News media",
}
TYPE_NAMES = {
    "person": "Person",
    "place": "Place",
    "organisation": "Organisation",
    "concept": "Concept",
    "event": "Event",
    "agreement": "Agreement",
    "media": "News medium",
}
_PROTECTED = re.compile(r"`[^`]*`|\[[^\]]*\]\([^)]*\)|\[[^\]]*\]|<[^>]*>|https?://\S+")
_UNLINKABLE_BLOCK = re.compile(r"^(?:#|```|~~~|    |\t|\||<|!!!|\?\?\?|\[\^)")


def mentions_by_term(
    articles: Sequence[tuple[Article | ArticleSummary, ArticleLink]],
) -> dict[str, list[ArticleLink]]:
    """For each term, the articles that mention it, newest first (ties by title, then path)."""
    listed: dict[str, list[ArticleLink]] = defaultdict(list)
    # Sorted once, not each term's list: every list then comes out in this order.
    for article, entry in sorted(
        articles, key=lambda item: (-item[1].date.toordinal(), item[1].title, item[1].path)
    ):
        for term in article.terms:
            listed[term].append(entry)
    return dict(listed)


def _count(n: int) -> str:
    return f"{n} article" if n == 1 else f"{n} articles"


def index_page(glossary: Glossary, mentions: Mapping[str, Sequence[ArticleLink]]) -> str:
    meta: dict[str, Any] = {
        "title": "Glossary",
        "description": "The people, places, organisations and ideas that the archive's articles "
        "mention, with the articles for each.",
        "generator": "reading-archive",
    }
    lines = [
        "# Glossary",
        "",
        f"{len(glossary.terms)} terms. Each links to a page that explains it and lists the "
        "articles that mention it.",
        "",
        "## A–Z",
    ]
    by_letter: dict[str, list[Term]] = defaultdict(list)
    for term in sorted(glossary.terms, key=_sort_key):
        letter = _sort_key(term)[0][:1].upper()
        by_letter[letter if letter.isalpha() else "#"].append(term)
    for letter, terms in by_letter.items():
        lines += ["", f"### {escape_markdown(letter)}", ""]
        lines += [f"- {_entry(term, mentions)} — {term.type}" for term in terms]
    lines += ["", "## By type"]
    for kind in TERM_TYPES:
        terms = sorted((t for t in glossary.terms if t.type == kind), key=_sort_key)
        if terms:
            lines += ["", f"### {TYPE_HEADINGS[kind]}", ""]
            # The A–Z list above already shows each summary on hover: once is enough, and the
            # index's size is in its summaries.
            lines += [f"- {_entry(term, mentions, tooltip=False)}" for term in terms]
    return with_checksum(front_matter(meta), "\n".join(lines) + "\n")


def _entry(term: Term, mentions: Mapping[str, Sequence[ArticleLink]], tooltip: bool = True) -> str:
    count = len(mentions.get(term.id, ()))
    title = f" {link_title(term.summary)}" if tooltip else ""
    return f"[{escape_markdown(term.term)}]({term.id}.md{title}) ({_count(count)})"


def _sort_key(term: Term) -> tuple[str, str]:
    name = term.term.removeprefix("The ").removeprefix("the ")
    return (name.casefold(), term.id)


def term_page_paths(
    term: Term, mentioned: int, glossary_dir: str, page_size: int = PAGE_SIZE
) -> list[str]:
    """The paths of a term's page and of the pages continuing its list of `mentioned` articles."""
    count = max(1, -(-mentioned // page_size))
    return [f"{glossary_dir}/{term.id}.md"] + [
        page_path(f"{glossary_dir}/{term.id}", number) for number in range(2, count + 1)
    ]


def term_pages(
    term: Term,
    glossary: Glossary,
    index: GlossaryIndex,
    listed: Sequence[ArticleLink],
    glossary_dir: str,
    page_size: int = PAGE_SIZE,
) -> dict[str, str]:
    """The page of one term (what the glossary says of it, and the newest articles that mention
    it), and the pages that continue its list of articles; by docs-relative path."""
    paths = term_page_paths(term, len(listed), glossary_dir, page_size)
    chunks = [listed[start : start + page_size] for start in range(0, len(listed), page_size)] or [
        ()
    ]
    pages = {
        paths[0]: _term_page(term, glossary, index, chunks[0], len(listed), paths, glossary_dir)
    }
    for number in range(2, len(chunks) + 1):
        first = (number - 1) * page_size + 1
        pages[paths[number - 1]] = _mentions_page(
            term, chunks[number - 1], paths, number, first, len(listed)
        )
    return pages


def _term_page(
    term: Term,
    glossary: Glossary,
    index: GlossaryIndex,
    listed: Sequence[ArticleLink],
    total: int,
    paths: Sequence[str],
    glossary_dir: str,
) -> str:
    path = paths[0]
    meta: dict[str, Any] = {
        "title": term.term,
        "description": term.summary,
        "glossary_term": term.id,
        "term_type": term.type,
        "generator": "reading-archive",
        "source": term.source,
    }
    name = escape_markdown(term.term)
    lines = [f"# {name}", "", f'<p class="glossary-term__type">{TYPE_NAMES[term.type]}</p>', ""]
    lines += [f"**{escape_markdown(term.summary)}**", ""]
    if term.aliases:
        lines += [
            "Also written: " + ", ".join(escape_markdown(alias) for alias in term.aliases) + ".",
            "",
        ]
    explanation = link_explanation(term.explanation, term, glossary, index, path, glossary_dir)
    lines += [page_markdown(explanation, "glossary-term__explanation")]
    if term.references:
        lines += ["## References", ""]
        lines += [f"- [{escape_markdown(r.title)}](<{r.url}>)" for r in term.references]
        lines += [""]
    lines += [f"## Articles mentioning {name}", ""]
    if listed:
        lines += [f"{_count(total).capitalize()}, newest first.", ""]
        lines += _mention_lines(path, listed)
        if len(paths) > 1:
            lines += ["", *pagination(path, paths, 1, f"articles mentioning {term.term}")]
    else:
        lines.append("No article in the archive mentions this term yet.")
    return with_checksum(front_matter(meta), "\n".join(lines) + "\n")


def _mentions_page(
    term: Term,
    listed: Sequence[ArticleLink],
    paths: Sequence[str],
    number: int,
    first: int,
    total: int,
) -> str:
    """Page `number` (from 2) of the articles that mention a term; `first` is the number of its
    first article among all `total`."""
    path = paths[number - 1]
    heading = f"Articles mentioning {term.term}, page {number} of {len(paths)}"
    meta: dict[str, Any] = {
        "title": heading,
        "description": f"Articles of the archive that mention {term.term}, newest first.",
        "generator": "reading-archive",
        "source": term.source,
        "search": {"exclude": True},  # a list of titles that the articles' own pages already hold
    }
    lines = [
        f"# {escape_markdown(heading)}",
        "",
        f"[{escape_markdown(term.term)}]({relative_link(path, paths[0])}): "
        f"{escape_markdown(term.summary)}",
        "",
        f"Articles {first}–{first + len(listed) - 1} of {total}, newest first.",
        "",
    ]
    lines += _mention_lines(path, listed)
    lines += ["", *pagination(path, paths, number, f"articles mentioning {term.term}")]
    return with_checksum(front_matter(meta), "\n".join(lines) + "\n")


def _mention_lines(path: str, listed: Sequence[ArticleLink]) -> list[str]:
    return [
        f"- [{escape_markdown(entry.title)}]({relative_link(path, entry.path)}) — "
        f"{format_date(entry.date)} · {escape_markdown(entry.publisher)}"
        for entry in listed
    ]


def link_explanation(
    markdown: str,
    term: Term,
    glossary: Glossary,
    index: GlossaryIndex,
    path: str,
    glossary_dir: str,
) -> str:
    """Link the first mention of other terms in the explanation's plain paragraphs.

    Headings, code, tables, what looks like HTML, existing links and URLs are left as they
    are, and a page never links to itself. The result is curator Markdown still (a link's title
    is its term's summary as text): the term page shows it through curator_markdown.page_markdown.
    """
    terms = glossary.by_id()
    seen = {term.id}
    blocks = markdown.split("\n\n")
    in_fence = False
    for number, block in enumerate(blocks):
        fenced = block.lstrip().startswith(("```", "~~~"))
        if fenced and block.count("```") % 2 == 1:
            in_fence = not in_fence
        if in_fence or fenced or _UNLINKABLE_BLOCK.match(block):
            continue
        protected = [m.span() for m in _PROTECTED.finditer(block)]
        out, position = [], 0
        for mention in index.find(block):
            if mention.term in seen or any(
                s <= mention.start < e or s < mention.end <= e for s, e in protected
            ):
                continue
            seen.add(mention.term)
            link = relative_link(path, f"{glossary_dir}/{mention.term}.md")
            out += [
                block[position : mention.start],
                f"[{block[mention.start : mention.end]}]({link} "
                f"{markdown_title(terms[mention.term].summary)})",
            ]
            position = mention.end
        blocks[number] = "".join(out) + block[position:]
    return "\n\n".join(blocks)
