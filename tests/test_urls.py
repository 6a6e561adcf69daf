"""Another spelling of an article's address is the same article: `archive add` refuses it, and
`archive check` reports two seeds that have it (base/urls.py)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import SEED, run_archive
from reading_archive.base.urls import TRACKING_PARAMETERS, normalised_url, normalised_url_in_parts

SEED_URL = (
    "https://www.themoscowtimes.com/2021/12/08/"
    "putin-says-russia-has-right-to-defend-its-security-amid-nato-tensions-a75767"
)
ANOTHER_TEXT = (
    "A Different Headline\n\nDecember 9, 2021\n\nAnother text "
    "altogether.\n\nOriginal url:\n\n<{url}>\n"
)

VARIANTS = {
    "trailing-slash": SEED_URL + "/",
    "http": SEED_URL.replace("https://", "http://"),
    "no-www": SEED_URL.replace("://www.", "://"),
    "utm": SEED_URL + "?utm_source=twitter&utm_medium=social&utm_campaign=x",
    "fbclid": SEED_URL + "?fbclid=IwAR0abcdef",
    "fragment": SEED_URL + "#comments",
    "host-case": SEED_URL.replace("www.themoscowtimes.com", "WWW.TheMoscowTimes.COM"),
    "port-443": SEED_URL.replace(".com/", ".com:443/"),
    "percent-encoded": SEED_URL.replace("putin-says", "putin%2Dsays").replace(
        "a75767", "%61%375767"
    ),
    "all-at-once": SEED_URL.replace(
        "https://www.themoscowtimes.com", "HTTP://ThemoscowTimes.com:80"
    ).replace("-a7", "%2da7")
    + "/?gclid=1&mc_cid=2&utm_term=3#top",
}


def seeds(project: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((project / "seeds").iterdir())}


def test_the_seed_has_the_url_the_variants_spell() -> None:
    assert f"<{SEED_URL}>" in SEED.read_text(encoding="utf-8")


@pytest.mark.parametrize("url", VARIANTS.values(), ids=VARIANTS.keys())
def test_add_refuses_another_spelling_of_an_archived_url(project: Path, url: str) -> None:
    before = seeds(project)
    result = run_archive(project, "add", "-", stdin=ANOTHER_TEXT.format(url=url))
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"<stdin>: error: duplicate of seeds/{SEED.name} (same original URL): the archive "
        "already has this article",
        "1 error",
    ]
    assert seeds(project) == before


def test_check_and_convert_report_two_seeds_whose_urls_differ_only_in_spelling(
    project: Path,
) -> None:
    for number, url in enumerate(VARIANTS.values(), start=1):
        (project / "seeds" / f"{number:03d}_variant.txt").write_text(
            ANOTHER_TEXT.format(url=url), encoding="utf-8"
        )
    for command in ("check", "convert"):
        result = run_archive(project, command)
        assert result.returncode == 1
        errors = [line for line in result.stderr.splitlines() if ": error: " in line]
        assert errors == [
            f"seeds/{number:03d}_variant.txt: error: duplicate of seeds/{SEED.name} (same "
            "original URL); remove one of the two files"
            for number in range(1, len(VARIANTS) + 1)
        ]
    pages = [p for p in (project / "content" / "articles").rglob("*.md") if p.name != "index.md"]
    assert len(pages) == 1


def test_a_query_parameter_that_names_the_article_keeps_two_articles_apart(
    empty_project: Path,
) -> None:
    seeds_dir = empty_project / "seeds"
    first = ANOTHER_TEXT.format(url="https://news.example.org/story?id=2")
    (seeds_dir / "001_first.txt").write_text(first, encoding="utf-8")
    second = "Another Story\n\nDecember 10, 2021\n\nA second text.\n\nOriginal url:\n\n<{url}>\n"
    second = second.format(url="https://news.example.org/story?id=3&utm_source=x")
    added = run_archive(empty_project, "add", "-", stdin=second)
    assert added.returncode == 0, added.stderr
    checked = run_archive(empty_project, "check")
    assert "duplicate" not in checked.stderr
    assert checked.stdout.startswith("2 seeds ")


# --- the normaliser ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "normalised"),
    [
        (SEED_URL, SEED_URL.replace("://www.", "://")),
        *[(url, SEED_URL.replace("://www.", "://")) for url in VARIANTS.values()],
        (
            "https://example.org/Story/Case",
            "https://example.org/Story/Case",
        ),  # the path's case is the server's
        (
            "https://example.org/a?b=2&a=1&utm_source=x&c",
            "https://example.org/a?b=2&a=1&c",
        ),  # order kept
        ("https://example.org/a?UTM_Source=x&FBCLID=y", "https://example.org/a"),
        ("https://example.org:8080/a", "https://example.org:8080/a"),
        ("https://example.org./caf%c3%a9/", "https://example.org/caf%C3%A9"),
        ("https://example.org/café", "https://example.org/caf%C3%A9"),
        (
            "https://example.org/a%2Fb",
            "https://example.org/a%2Fb",
        ),  # an escaped slash is not a slash
        ("https://user@example.org/", "https://user@example.org"),
        ("https://[::1]:443/a", "https://[::1]/a"),
        ("https://[::1/a", "https://[::1/a"),  # urllib cannot split it: compared as written
        ("mailto:someone@example.org", "mailto:someone@example.org"),
    ],
)
def test_normalised_url(url: str, normalised: str) -> None:
    assert normalised_url(url) == normalised
    assert normalised_url_in_parts(url) == normalised


_LABEL = st.text(
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-", min_size=1, max_size=8
)
_PATH_CHARACTERS = st.sampled_from(
    [*"aZ09-._~!$&'()*+,;=:@", "%2D", "%2d", "%41", "%2F", "%20", "%e2%82%ac", "é", " ", "/"]
)
_SEGMENT = st.lists(_PATH_CHARACTERS, max_size=6).map("".join)
_PARAMETER = st.tuples(
    st.sampled_from(["id", "p", "Page", "q", "ref"]),
    st.lists(_PATH_CHARACTERS.filter(lambda c: c != "&"), max_size=4),
)
_TRACKING = st.sampled_from(
    ["utm_source", "utm_medium", "UTM_Campaign", "utm%5Fterm", *sorted(TRACKING_PARAMETERS)]
)


@st.composite
def web_urls(draw: st.DrawFn) -> tuple[str, str, str, str]:
    """A URL in parts: scheme and host, path, query (without `?`), fragment (without `#`)."""
    scheme = draw(st.sampled_from(["http", "https", "HTTPS"]))
    www = draw(st.sampled_from(["", "www.", "WWW."]))
    host = ".".join(draw(st.lists(_LABEL, min_size=1, max_size=3)))
    port = draw(st.sampled_from(["", ":80", ":443", ":8080"]))
    path = "".join("/" + segment for segment in draw(st.lists(_SEGMENT, max_size=4)))
    query = "&".join(
        f"{name}={''.join(value)}" for name, value in draw(st.lists(_PARAMETER, max_size=3))
    )
    fragment = draw(st.sampled_from(["", "top", "a/b?c"]))
    return f"{scheme}://{www}{host}{port}", path, query, fragment


def joined(base: str, path: str, query: str, fragment: str) -> str:
    return base + path + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


@settings(max_examples=500, deadline=None)
@given(web_urls())
def test_normalising_twice_changes_nothing_and_the_fast_path_agrees(
    parts: tuple[str, str, str, str],
) -> None:
    url = joined(*parts)
    once = normalised_url(url)
    assert normalised_url(once) == once
    assert normalised_url_in_parts(url) == once
    assert re.fullmatch(r"https://[^\s#]+", once)


@settings(max_examples=500, deadline=None)
@given(
    web_urls(), _TRACKING, st.integers(min_value=0, max_value=3), st.sampled_from(["", "x", "#y"])
)
def test_a_tracking_parameter_a_fragment_or_a_trailing_slash_changes_nothing(
    parts: tuple[str, str, str, str], tracking: str, position: int, fragment: str
) -> None:
    base, path, query, _ = parts
    url = normalised_url(joined(base, path, query, ""))
    parameters = [p for p in query.split("&") if p]
    with_tracking = "&".join([*parameters[:position], f"{tracking}=abc", *parameters[position:]])
    assert normalised_url(joined(base, path, with_tracking, "")) == url
    assert normalised_url(joined(base, path.rstrip("/") + "/", query, fragment)) == url
    assert normalised_url(joined(base, path, query, fragment)) == url


@settings(max_examples=500, deadline=None)
@given(
    st.text(max_size=60)
    | st.tuples(st.sampled_from(["http://", "https://"]), st.text(max_size=40)).map("".join)
)
def test_any_text_normalises_without_error_and_stays_normalised(text: str) -> None:
    once = normalised_url(text)
    assert normalised_url(once) == once
    assert normalised_url_in_parts(text) == once
