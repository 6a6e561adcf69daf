"""reading-archive: turn scraped news-article seeds into an annotated MkDocs site."""

__version__ = "0.1.0"
