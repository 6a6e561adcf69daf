"""What a reader does, in headless Chromium: open an article, search for it."""

from __future__ import annotations

import pytest
from conftest import ARTICLE_URL, recording_tab

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, site_server):
    with recording_tab(browser) as tab:
        yield tab


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
    search = page.locator("input.md-search__input")
    search.click()
    search.press_sequentially("Mitsotakis", delay=20)  # Material searches on key events
    result = page.locator(f".md-search-result__item a[href*='{ARTICLE_URL}']").first
    result.wait_for(timeout=15_000)
    assert "Mitsotakis" in result.inner_text()
    result.click()
    page.wait_for_url("**/" + ARTICLE_URL + "**")
    assert page.locator("article h1").inner_text().startswith("Putin Says Russia Has")
    assert page.errors == []


@pytest.mark.parametrize("how", ["hover", "focus"])
def test_glossary_link_shows_its_summary_on_hover_and_keyboard_focus(page, site_server, how) -> None:
    page.goto(site_server + ARTICLE_URL)
    link = page.locator("article p:not(.article-terms) a", has_text="Quint").first
    getattr(link, how)()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible", timeout=5_000)
    assert tooltip.inner_text().startswith("An informal group of five Western powers")
    assert tooltip.get_attribute("id") == link.get_attribute("aria-describedby")  # read out by screen readers
    link.click()
    page.wait_for_url("**/glossary/quint/")
    assert page.locator("article h1").inner_text().rstrip("¶") == "Quint"
    assert page.errors == []
