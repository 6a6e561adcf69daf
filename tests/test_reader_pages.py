"""What a reader does with an article's sources and citations, and what every page loads."""

from __future__ import annotations

import pytest

from conftest import PAGE_TYPES, open_search

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_page_type_loads_without_errors_or_third_party_requests(
    page, site_server, kind: str
) -> None:
    page.goto(site_server + PAGE_TYPES[kind])
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    assert page.hosts == {"127.0.0.1"}


def test_search_makes_no_third_party_request(page, site_server) -> None:
    page.goto(site_server)
    open_search(page, "Crimea")
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    assert page.hosts == {"127.0.0.1"}


@pytest.mark.parametrize("format", ["plain", "bibtex", "csl-json"])
def test_a_citation_is_copied_with_the_keyboard(page, site_server, format: str) -> None:
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.goto(site_server + PAGE_TYPES["article"])
    button = page.locator(f"button[data-clipboard-target='#__cite-{format}']")
    button.focus()
    page.keyboard.press("Enter")
    dialog = page.locator(".md-dialog--active", has_text="Copied to clipboard")
    dialog.wait_for(timeout=5_000)
    assert dialog.get_attribute("role") == "status"  # read out by screen readers
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied == page.locator(f"#__cite-{format}").inner_text().rstrip()
    assert copied.startswith(
        {"plain": "AFP. (2021, December 8).", "bibtex": "@article{afp2021putin,", "csl-json": "["}[
            format
        ]
    )
    assert (
        page.evaluate("document.activeElement.dataset.clipboardTarget") == f"#__cite-{format}"
    )  # focus stays
    assert page.errors == []


def test_archived_copy_links_to_the_wayback_machine_for_the_articles_date(
    page, site_server
) -> None:
    page.goto(site_server + PAGE_TYPES["article"])
    original = page.locator("a.archive-article__source").get_attribute("href")
    archived = page.get_by_role("link", name="Archived copy")
    assert archived.get_attribute("href") == f"https://web.archive.org/web/20211208/{original}"
    assert original.startswith("https://www.themoscowtimes.com/2021/12/08/")
