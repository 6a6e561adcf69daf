"""Accessibility: axe-core in headless Chromium on every kind of page, in both colour schemes.

axe-core comes vendored in axe-playwright-python (axe.min.js with its MPL-2.0 notice); the test
fails on any serious or critical violation and prints what axe reports, element by element.
"""

from __future__ import annotations

import pytest

from conftest import PAGE_TYPES, open_search

pytestmark = pytest.mark.browser

FAILING_IMPACTS = {"serious", "critical"}
SCHEMES = ["light", "dark"]  # the palette follows prefers-color-scheme


def axe_violations(tab) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(" ".join(node["target"]) for node in v["nodes"])
        for v in results.response["violations"]
        if v["impact"] in FAILING_IMPACTS
    ]


@pytest.fixture(params=SCHEMES)
def scheme_tab(request, browser, site_server):
    context = browser.new_context(color_scheme=request.param)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_no_serious_axe_violations(scheme_tab, site_server, kind: str) -> None:
    scheme_tab.goto(site_server + PAGE_TYPES[kind])
    assert axe_violations(scheme_tab) == []


def test_no_serious_axe_violations_with_search_results_open(scheme_tab, site_server) -> None:
    scheme_tab.goto(site_server)
    open_search(scheme_tab, "Putin")
    assert axe_violations(scheme_tab) == []


def test_skip_link_is_the_first_stop_and_goes_to_the_article_title(page, site_server) -> None:
    page.goto(site_server + PAGE_TYPES["article"])
    page.keyboard.press("Tab")
    skip = page.locator(":focus")
    assert skip.inner_text() == "Skip to content"
    assert skip.get_attribute("href").endswith("#__title")
    assert page.locator("#__title").inner_text().startswith("Putin Says Russia Has")
    page.keyboard.press("Enter")
    page.wait_for_url("**#__title")


def test_focus_is_visible_on_the_copy_button(page, site_server) -> None:
    page.goto(site_server + PAGE_TYPES["article"])
    button = page.locator("button.archive-cite__copy").first
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus by keyboard, so that :focus-visible applies
    outline = button.evaluate(
        "b => getComputedStyle(b).outlineStyle + ' ' + getComputedStyle(b).outlineWidth"
    )
    assert outline.startswith("solid") and not outline.endswith(" 0px"), outline
