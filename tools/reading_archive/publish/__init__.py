"""Publish: what is made of the pages and of the built site: the dataset (export.py), feeds
(feeds.py), the home page's include (home.py), and `archive publish` (site.py)."""
