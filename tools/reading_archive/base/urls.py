"""One story, one URL: original URLs compared as the same page whatever way they were copied.

A scraper, a share button or a curator's browser gives the same article's address in many
spellings: `http` or `https`, with or without `www.`, a host in capitals, the default port,
a trailing slash, a `#fragment`, tracking parameters (`?utm_source=…`, `fbclid`…), `%2D` for
`-`. `normalised_url` maps all of them to one string, which `archive add` and the converter's
duplicate rule compare. What can tell two articles apart is kept: the path's case, every other
query parameter, in its order (`?id=123`).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

# Query parameters that say how a reader came to the page, never which page it is.
TRACKING_PREFIXES = ("utm_",)
TRACKING_PARAMETERS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "ttclid", "igshid", "li_fat_id", "mc_cid", "mc_eid", "_ga", "_gl", "_hsenc", "_hsmi",
        "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv", "rb_clickid", "s_cid",
        "wt_mc", "at_medium", "at_campaign",
    }
)  # fmt: skip
_DEFAULT_PORTS = frozenset({"80", "443"})
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
# A percent escape, or a character that is not printable ASCII (an IRI's, or a space).
_ENCODED = re.compile(r"%([0-9A-Fa-f]{2})|[^\x21-\x7e]")
# Most URLs need only their scheme and `www.` changed: lower-case host, no port, no query or
# fragment, no escape, no trailing slash. (A fifth of the time of taking them apart, at every
# conversion of every seed.)
_PLAIN = re.compile(
    r"https?://(?:www\.)*([a-z0-9-]+(?:\.[a-z0-9-]+)*)(/[\x21\x22\x24\x26-\x3e\x40-\x7e]*(?<!/))?"
)
_WWW = re.compile(r"^(?:www\.)+")
_NETLOC = re.compile(r"^(?P<user>[^@]*@)?(?P<host>\[[^\]]*\]|[^:]*)(?::(?P<port>[^:]*))?$")


def normalised_url(url: str) -> str:
    """The URL as the duplicate rule compares it: `https`, the host lower-cased without `www.`,
    a trailing dot or a default port, the path and query with percent-encoding made canonical,
    the path without trailing slashes, no fragment, no tracking parameters."""
    if plain := _PLAIN.fullmatch(url):
        return f"https://{plain[1]}{plain[2] or ''}"
    return normalised_url_in_parts(url)


def normalised_url_in_parts(url: str) -> str:
    """`normalised_url`, the URL taken apart whatever it is (its fast path gives the same)."""
    try:
        parts = urlsplit(url)
    except ValueError:  # not a URL urllib can split (e.g. an unclosed `[`): compared as written
        return url
    if (
        parts.scheme.lower() not in ("http", "https") or not parts.netloc
    ):  # not a web page's address (seeds have none)
        return url
    scheme = parts.scheme.lower()
    if scheme == "http":
        scheme = "https"
    path = _canonical_escapes(parts.path).rstrip("/")
    parameters = [
        parameter
        for parameter in parts.query.split("&")
        if parameter and not _is_tracking(parameter)
    ]
    query = "&".join(_canonical_escapes(parameter) for parameter in parameters)
    return f"{scheme}://{_netloc(parts.netloc)}{path}" + (f"?{query}" if query else "")


def _netloc(netloc: str) -> str:
    match = _NETLOC.match(netloc)
    if match is None:
        return netloc.lower()
    host = _WWW.sub("", _canonical_escapes(match["host"]).lower().rstrip("."))
    port = match["port"]
    shown_port = f":{port}" if port and port not in _DEFAULT_PORTS else ""
    return f"{match['user'] or ''}{host}{shown_port}"


def _is_tracking(parameter: str) -> bool:
    name = _canonical_escapes(parameter.partition("=")[0]).lower()
    return name in TRACKING_PARAMETERS or name.startswith(TRACKING_PREFIXES)


def _canonical_escapes(text: str) -> str:
    """Unreserved characters unescaped (`%2D` → `-`), other escapes in upper case, and
    characters outside printable ASCII escaped as their UTF-8 bytes (`é` → `%C3%A9`)."""
    return _ENCODED.sub(_canonical_escape, text)


def _canonical_escape(match: re.Match[str]) -> str:
    if match[1] is None:
        return "".join(f"%{byte:02X}" for byte in match[0].encode("utf-8", "surrogatepass"))
    character = chr(int(match[1], 16))
    return character if character in _UNRESERVED else f"%{match[1].upper()}"
