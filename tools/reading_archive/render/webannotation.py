"""Export stage: every annotation of the archive as W3C Web Annotation JSON-LD.

One AnnotationCollection for the site, with all annotations on one AnnotationPage; each
annotation targets its article's published page with a TextQuoteSelector (the passage as it is
in the current text, so that a Web Annotation client finds it on the page). An annotation whose
passage is no longer in the text keeps the selector its curator wrote.

Ids are absolute IRIs when mkdocs.yml sets `site_url`. Without it they are relative IRI
references, which a JSON-LD processor resolves against the location the file was fetched from
(the site's root folder, where it is written), so the export stays usable wherever the site is
served.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any

from mkdocs.structure.files import File

from ..model import Annotation, Article, TextQuote

EXPORT_PATH = "annotations.jsonld"
CONTEXT = "http://www.w3.org/ns/anno.jsonld"
MEDIA_TYPE = 'application/ld+json;profile="http://www.w3.org/ns/anno.jsonld"'


def page_url(path: str, use_directory_urls: bool = True) -> str:
    """The URL of a page, relative to the site's root, as MkDocs publishes `path`
    (docs-relative)."""
    return File(path, None, "", use_directory_urls).url


def annotation_collection(
    articles: Iterable[Article], page_urls: Mapping[str, str], site_url: str | None, label: str
) -> str:
    """The JSON-LD document: `page_urls` gives each article's page URL (relative to the site's
    root) by seed; deterministic for the same input."""
    base = (site_url.rstrip("/") + "/") if site_url else ""
    items = [
        _annotation(annotation, base + page_urls[article.seed])
        for article in articles
        if article.seed in page_urls
        for annotation in article.annotations
    ]
    collection: dict[str, Any] = {
        "@context": CONTEXT,
        "id": base + EXPORT_PATH,
        "type": "AnnotationCollection",
        "label": label,
        "total": len(items),
    }
    if items:
        collection["first"] = {
            "id": f"{base}{EXPORT_PATH}#page-1",
            "type": "AnnotationPage",
            "startIndex": 0,
            "items": items,
        }
    return json.dumps(collection, ensure_ascii=False, indent=2) + "\n"


def _annotation(annotation: Annotation, page: str) -> dict[str, Any]:
    quote = annotation.anchor.quote if annotation.anchor else annotation.target
    data: dict[str, Any] = {
        "id": f"{page}#annotation-{annotation.number}-note",
        "type": "Annotation",
        "motivation": "commenting",
        "body": {"type": "TextualBody", "value": annotation.body, "format": "text/markdown"},
        "target": {"source": page, "selector": _selector(quote)},
    }
    if annotation.author:
        data["creator"] = {"type": "Person", "name": annotation.author}
    if annotation.date:
        data["created"] = (
            f"{annotation.date.isoformat()}T00:00:00Z"  # the model's dates are xsd:dateTime
        )
    return data


def _selector(quote: TextQuote) -> dict[str, str]:
    selector = {"type": "TextQuoteSelector", "exact": quote.exact}
    if quote.prefix:
        selector["prefix"] = quote.prefix
    if quote.suffix:
        selector["suffix"] = quote.suffix
    return selector


def site_annotations(
    articles: Iterable[Article],
    pages: Iterable[Any],
    site_url: str | None,
    site_name: str,
    use_directory_urls: bool,
) -> str:
    """annotations.jsonld of a conversion: its annotated articles, targeting their pages (the
    conversion's, each with its `seed` and `path`). The one way `archive convert` and the plugin
    make it."""
    articles = tuple(articles)
    # Only the annotated articles' pages: working out every page's URL cost more than the rest
    # of an `archive convert` after one edit.
    annotated = {article.seed for article in articles if article.annotations}
    urls = {
        page.seed: page_url(page.path, use_directory_urls)
        for page in pages
        if page.seed in annotated
    }
    return annotation_collection(articles, urls, site_url, f"Annotations of {site_name}")
