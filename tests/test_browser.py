"""What a reader does, in headless Chromium: open an article, search for it."""

from __future__ import annotations

import pytest

from conftest import ARTICLE_URL, open_search

pytestmark = pytest.mark.browser


def test_article_page_renders_without_errors_or_third_party_requests(page, site_server) -> None:
    page.goto(site_server + ARTICLE_URL)
    heading = page.locator("article h1")
    assert heading.inner_text().startswith("Putin Says Russia Has")
    assert page.locator("time[datetime='2021-12-08']").is_visible()
    assert page.locator("figure.article-photo").is_visible()
    page.wait_for_load_state("networkidle")
    assert page.errors == []
    assert page.hosts == {"127.0.0.1"}


def test_search_finds_the_article_by_a_word_of_its_body(page, site_server) -> None:
    page.goto(site_server)
    open_search(page, "Mitsotakis")
    result = page.locator(f".archive-search__item a[href*='{ARTICLE_URL}']").first
    assert "Mitsotakis" in result.inner_text()
    result.click()
    page.wait_for_url("**/" + ARTICLE_URL + "**")
    assert page.locator("article h1").inner_text().startswith("Putin Says Russia Has")
    assert page.errors == []


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_glossary_link_shows_its_summary_on_hover_and_keyboard_focus(
    page, site_server, how
) -> None:
    page.goto(site_server + ARTICLE_URL)
    link = page.locator("article p:not(.article-terms) a", has_text="Quint").first
    getattr(link, how)()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().startswith("An informal group of five Western powers")
    assert tooltip.get_attribute("id") == link.get_attribute(
        "aria-describedby"
    )  # read out by screen readers
    link.click()
    page.wait_for_url("**/glossary/quint/")
    assert page.locator("article h1").inner_text().rstrip("¶") == "Quint"
    assert page.errors == []


def test_annotated_passage_shows_its_note_on_keyboard_focus(page, site_server) -> None:
    """The real seed's sidecar annotates a passage: Tab reaches it, its note shows, Enter goes to
    the note in the Annotations section."""
    page.goto(site_server + ARTICLE_URL)
    passage = page.locator("a.annotation#annotation-1")
    assert passage.locator("mark").inner_text() == "Moscow has deployed up to 100,000 troops"
    for _ in range(60):  # as a keyboard user does: Tab until the highlighted passage has focus
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.id") == "annotation-1":
            break
    else:
        pytest.fail("the highlighted passage is not reachable with Tab")
    # The tooltip the passage is described by (read out by screen readers); the one of a glossary
    # link focused before may still be fading out.
    described_by = page.wait_for_function(
        "document.getElementById('annotation-1').getAttribute('aria-describedby')"
    ).json_value()
    tooltip = page.locator(f"#{described_by}.md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().startswith("Western estimates kept rising")
    page.keyboard.press("Enter")
    page.wait_for_url("**#annotation-1-note")
    note = page.locator("#annotation-1-note")
    assert note.is_visible()
    assert "190,000" in note.inner_text()
    assert page.errors == []


def test_the_404_page_opened_by_its_address_runs_without_an_error(page, site_server) -> None:
    # Without site_url MkDocs gives the 404 page the base URL "/", where the other pages have a
    # relative one: the search's site root was "//", which no URL constructor accepts.
    page.goto(site_server + "404.html")
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").first.inner_text().strip() == "404 - Not found"
    assert page.errors == []
    page.keyboard.press("/")
    assert page.get_by_role("textbox", name="Search").evaluate(
        "input => input === document.activeElement"
    )
