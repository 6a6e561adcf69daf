"""Render: Markdown pages from values: an article's page (article.py), the listings and the
home page's part (listings.py), the glossary's pages (glossary.py), citations (cite.py),
curators' Markdown (curator_markdown.py), annotations as JSON-LD (webannotation.py)."""
