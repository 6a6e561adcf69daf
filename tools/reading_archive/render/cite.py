"""How an article is cited and described to machines: plain text, BibTeX, CSL-JSON, JSON-LD.

Pure functions of an article's metadata, taken from its page's front matter (so that whatever
set the metadata, seed or sidecar, is what gets cited) and of the page's absolute URL, which is
known only when `site_url` is set in mkdocs.yml.

A citation cites the original article (its publisher and URL, which are always absolute); when
the archive's own URL is known, it also names the archived copy. Each function returns text for
one format, escaped for that format; the templates escape it once more for HTML.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from typing import Any

from ..base.dates import MONTH_NAMES, format_year
from ..read.bylines import cited_authors as byline_authors
from ..read.bylines import corporate_authors

WAYBACK = "https://web.archive.org/web/"

# BibTeX counts braces even after a backslash, so `\{` would unbalance a field: braces and the
# backslash become commands whose own braces are balanced.
_BIBTEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "^": r"\textasciicircum{}",
    "~": r"\textasciitilde{}",
}
_BIBTEX_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in _BIBTEX_SPECIAL))
# Character pairs that LaTeX's fonts join into one glyph (-- is a dash, '' a closing quote, ?` an
# inverted question mark): an empty group between them keeps the characters as written.
_LIGATURE = re.compile(r"([-'`,<>])(?=\1)|([?!])(?=`)")
# Braces, backslashes and white space in a URL are percent-encoded instead (`url` fields are
# verbatim in biblatex, so a LaTeX command there would be printed as it is).
_URL_UNSAFE_IN_BIBTEX = re.compile(r"[{}\\\s]")
_WHITESPACE = re.compile(r"\s+")
# JSON inside <script>: `</script>`, `<!--` and HTML entities must not appear literally.
_SCRIPT_UNSAFE = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}


@dataclass(frozen=True)
class CitedArticle:
    """What a citation says about an article, as plain text (never HTML)."""

    title: str
    date: dt.date
    publisher: str
    authors: tuple[str, ...]  # people
    original_url: str
    description: str = ""
    credits: tuple[
        str, ...
    ] = ()  # agencies, outlets and desks the byline credits: never cited as people
    page_url: str | None = None  # absolute URL of the archived copy; None without site_url
    site_name: str = ""


def cited_article(meta: Mapping[str, Any], *, page_url: str | None, site_name: str) -> CitedArticle:
    """The article described by a page's front matter (plain text, as every field of it)."""
    return CitedArticle(
        title=_one_line(str(meta["title"])),
        date=_as_date(meta["date"]),
        publisher=_one_line(str(meta.get("publisher") or "")),
        authors=tuple(
            _one_line(str(name)) for name in meta.get("author_names") or () if str(name).strip()
        ),
        original_url=str(meta["original_url"]),
        credits=tuple(
            _one_line(str(name)) for name in meta.get("credits") or () if str(name).strip()
        ),
        description=_one_line(str(meta.get("description") or "")),
        page_url=page_url or None,
        site_name=site_name,
    )


@dataclass(frozen=True)
class ArticleCitation:
    """Everything an article page shows or embeds about citing it, each string in its format."""

    article: CitedArticle
    plain: str
    bibtex: str
    csl_json: str  # indented, as a reader pastes it into a file
    json_ld: str  # safe inside <script>
    wayback_url: str


def article_citation(
    meta: Mapping[str, Any],
    *,
    page_url: str | None,
    site_name: str,
    organisations: Collection[str] = (),
) -> ArticleCitation:
    """The citations of the article a page's front matter describes."""
    article = cited_article(meta, page_url=page_url, site_name=site_name)
    return ArticleCitation(
        article=article,
        plain=plain_citation(article),
        bibtex=bibtex(article),
        csl_json=json.dumps([csl_json(article)], ensure_ascii=False, indent=2),
        json_ld=json_for_script(news_article_json_ld(article, organisations)),
        wayback_url=wayback_url(article),
    )


def cited_authors(article: CitedArticle) -> tuple[str, ...]:
    """Who a citation names as the authors (bylines.cited_authors)."""
    return byline_authors(article.authors, article.credits)


def wayback_url(article: CitedArticle) -> str:
    """The Internet Archive's copy of the original URL nearest to the article's date. (Its
    timestamps have four-digit years; strftime's %Y gives years before 1000 fewer digits.)"""
    date = article.date
    return f"{WAYBACK}{date.year:04d}{date.month:02d}{date.day:02d}/{article.original_url}"


def plain_citation(article: CitedArticle) -> str:
    """An APA-like reference: Authors. (2021, December 8). Title. Publisher. URL"""
    date = (
        f"({format_year(article.date.year)}, {MONTH_NAMES[article.date.month - 1]} "
        f"{article.date.day})"
    )
    title = _sentence(article.title)
    authors = cited_authors(article)
    parts = [_sentence(_name_list(authors)), date + ".", title] if authors else [title, date + "."]
    if article.publisher and article.publisher not in authors:  # APA names it once
        parts.append(_sentence(article.publisher))
    parts.append(article.original_url)
    if article.page_url:
        parts.append(f"Archived copy: {article.page_url}")
    return " ".join(parts)


def citation_key(article: CitedArticle) -> str:
    """A BibTeX key of ASCII letters and digits: first author (or publisher), year, title word."""
    authors = cited_authors(article)
    who = _ascii_word(authors[0] if authors else article.publisher) or "article"
    what = _ascii_word(article.title)
    return f"{who}{article.date.year}{what}"


def bibtex(article: CitedArticle) -> str:
    """A BibTeX @article entry. Names are braced: a byline does not say which part is a surname,
    and a corporate author ("{AFP}") must not be read as one."""
    fields = []
    if authors := cited_authors(article):
        fields.append(("author", " and ".join("{" + bibtex_text(name) + "}" for name in authors)))
    # Double braces keep the title's capitals (BibTeX styles lower-case titles otherwise).
    fields.append(("title", "{" + bibtex_text(article.title) + "}"))
    if article.publisher:
        fields.append(("journal", bibtex_text(article.publisher)))
    fields += [
        ("year", str(article.date.year)),
        ("month", str(article.date.month)),
        ("day", str(article.date.day)),
        ("date", article.date.isoformat()),
        ("url", _bibtex_url(article.original_url)),
    ]
    if article.page_url:
        fields.append(("note", r"Archived copy: \url{" + _bibtex_url(article.page_url) + "}"))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    return f"@article{{{citation_key(article)},\n{body}\n}}"


def bibtex_text(text: str) -> str:
    """Text as a BibTeX field value shows it: LaTeX's special characters and ligatures escaped."""
    escaped = _BIBTEX_SPECIAL_RE.sub(lambda m: _BIBTEX_SPECIAL[m[0]], text)
    return _LIGATURE.sub(lambda m: m[0] + "{}", escaped)


def csl_json(article: CitedArticle) -> dict[str, Any]:
    """A CSL-JSON item (the format of Zotero, Pandoc and citeproc), type article-newspaper. Names
    are `literal`: CSL's form for an institution, and for a person whose byline does not say
    which part of the name is the family name."""
    item: dict[str, Any] = {
        "id": citation_key(article),
        "type": "article-newspaper",
        "title": article.title,
    }
    if authors := cited_authors(article):
        item["author"] = [{"literal": name} for name in authors]
    if article.publisher:
        item["container-title"] = article.publisher
        item["publisher"] = article.publisher
    item["issued"] = {"date-parts": [[article.date.year, article.date.month, article.date.day]]}
    item["URL"] = article.original_url
    if article.page_url:
        item["archive"] = article.site_name
        item["archive_location"] = article.page_url
    return item


def news_article_json_ld(
    article: CitedArticle, organisations: Collection[str] = ()
) -> dict[str, Any]:
    """schema.org NewsArticle. The byline's agencies and outlets are Organization authors when it
    names no person; a person the sidecar names is an Organization when named as a publisher or
    by one word (AFP, Reuters)."""
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title,
        "datePublished": article.date.isoformat(),
    }
    if article.description:
        data["description"] = article.description
    if article.authors:
        data["author"] = [
            {
                "@type": "Organization" if name in organisations or " " not in name else "Person",
                "name": name,
            }
            for name in article.authors
        ]
    elif corporate := corporate_authors(article.credits):
        data["author"] = [{"@type": "Organization", "name": name} for name in corporate]
    if article.publisher:
        data["publisher"] = {"@type": "Organization", "name": article.publisher}
    if article.page_url:
        data["url"] = article.page_url
        data["mainEntityOfPage"] = article.page_url
    data["isBasedOn"] = article.original_url
    return data


def json_for_script(data: Any, *, indent: int | None = None) -> str:
    """JSON that can stand inside an HTML <script> element as it is."""
    text = json.dumps(data, ensure_ascii=False, indent=indent)
    return re.sub("[<>&\u2028\u2029]", lambda m: _SCRIPT_UNSAFE[m[0]], text)


def _as_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def _one_line(text: str) -> str:
    return _WHITESPACE.sub(" ", text).strip()


def _sentence(text: str) -> str:
    """Text ending with one full stop (none added after ., ? or !)."""
    return text if text.endswith((".", "?", "!")) else text + "."


def _name_list(names: tuple[str, ...]) -> str:
    if len(names) <= 2:
        return " & ".join(names)
    return ", ".join(names[:-1]) + ", & " + names[-1]


def _ascii_word(text: str) -> str:
    ascii_text = (
        unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    )
    words = re.findall(r"[a-z0-9]+", ascii_text)
    return words[0] if words else ""


def _bibtex_url(url: str) -> str:
    return _URL_UNSAFE_IN_BIBTEX.sub(
        lambda m: "".join(f"%{b:02X}" for b in m[0].encode("utf-8")), url
    )
