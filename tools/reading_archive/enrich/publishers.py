"""Publisher names from the host of an article's original URL."""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import urlsplit


def publisher_host(url: str) -> str:
    """The URL's host, lower-cased, without a leading `www.`."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def publisher_for_host(host: str, publishers: Mapping[str, str]) -> str | None:
    """The publisher named for a host (`publisher_host`) or its nearest parent domain, if any."""
    labels = host.split(".")
    for start in range(len(labels) - 1):
        name = publishers.get(".".join(labels[start:]))
        if name:
            return name
    return None
