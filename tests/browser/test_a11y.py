"""WCAG 2.2 AA at the screen sizes readers have: axe finds no violation on any built page, at four
viewports, in the light and the dark colour scheme; no page scrolls sideways at 320 px (reflow).

axe-core (bundled with axe-playwright-python) runs the WCAG 2.0, 2.1 and 2.2 A and AA rules in
headless Chromium against the real build served on 127.0.0.1. The pages are every published page
(tests/published.py: the hand-kept list plus one page per item in the data), so each page is its own
test and a failure names it; a guard test makes sure every page the build produced is audited.
Sizes: 1366x768 (the common NHS laptop), 1280x720, 390x844 (a phone) and 320x640 (the WCAG 1.4.10
reflow width). Text zoom, forced colours and reduced motion are in tests/browser/test_display_modes.py.
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from published import pages as published_pages

from conftest import built_pages, type_search

pytestmark = pytest.mark.browser

PAGES = published_pages()
# Browser colour-scheme preference -> Material palette it must select (mkdocs.yml media queries).
SCHEMES = {"light": "default", "dark": "slate"}
VIEWPORTS = {"1366x768": (1366, 768), "1280x720": (1280, 720), "390x844": (390, 844), "320x640": (320, 640)}
# Plus one rule axe files under best practice: Material's search panel is a dialog and needs a name
# (WCAG 4.1.2); docs/javascripts/toolkit.js gives it one.
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]},
         "rules": {"aria-dialog-name": {"enabled": True}},
         "resultTypes": ["violations"]}
AXE = Axe()
# Elements wider than the viewport at 320 px, other than those that scroll inside themselves.
OVERFLOW_JS = r"""() => {
  const width = document.documentElement.clientWidth;
  const scrolls = el => { for (let e = el.parentElement; e; e = e.parentElement) {
      if (/(auto|scroll)/.test(getComputedStyle(e).overflowX)) return true; } return false; };
  return [...document.querySelectorAll('body *')].filter(el => {
    const r = el.getBoundingClientRect();
    return r.width > 0 && r.height > 0 && r.right > width + 1 && el.checkVisibility() && !scrolls(el);
  }).slice(0, 5).map(el => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
    (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
    ' (right edge ' + Math.round(el.getBoundingClientRect().right) + ' px)');
}"""


@pytest.fixture(scope="module")
def view_page(browser):
    """One browser context per colour scheme and viewport, with one page reused for every URL."""
    pages, contexts = {}, []

    def get(scheme: str, size: str):
        if (scheme, size) not in pages:
            width, height = VIEWPORTS[size]
            context = browser.new_context(color_scheme=scheme, viewport={"width": width, "height": height})
            contexts.append(context)
            pages[scheme, size] = context.new_page()
        return pages[scheme, size]

    yield get
    for context in contexts:
        context.close()


def settle(page) -> None:
    """Wait for fades and transitions to end: axe measures colours as they are at that moment."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def describe(violations: list[dict], url: str, where: str) -> str:
    """A readable report: rule, impact, what it means, and each failing element."""
    lines = [f"{len(violations)} WCAG violation(s) on /{url} ({where}):"]
    for v in violations:
        lines.append(f"- {v['id']} ({v.get('impact')}): {v['help']} <{v['helpUrl']}>")
        for node in v["nodes"][:8]:
            summary = " ".join((node.get("failureSummary") or "").split())
            lines.append(f"    target {node['target']}: {summary[:300]}")
        if len(v["nodes"]) > 8:
            lines.append(f"    … and {len(v['nodes']) - 8} more elements")
    return "\n".join(lines)


def test_every_built_page_is_audited(built_site):
    missing = sorted(set(built_pages(built_site)) - set(PAGES))
    assert not missing, f"pages not audited (add them to tests/published_urls.txt): {missing}"


@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("url", PAGES, ids=lambda u: u or "home")
def test_page_has_no_wcag_violations(view_page, site_url, built_site, url, scheme, size):
    if not (built_site / url / "index.html").is_file():
        pytest.fail(f"/{url} is a published page but was not built (see test_published_urls.py)")
    page = view_page(scheme, size)
    page.goto(site_url + url, wait_until="load")
    settle(page)
    palette = page.get_attribute("body", "data-md-color-scheme")
    assert palette == SCHEMES[scheme], f"the {scheme} preference gave Material's '{palette}' palette"
    violations = AXE.run(page, options=RULES).response["violations"]
    assert not violations, describe(violations, url, f"{scheme} scheme, {size}")
    if VIEWPORTS[size][0] <= 390:  # reflow (WCAG 1.4.10): nothing makes the page scroll sideways
        wide = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert wide <= 0, f"/{url} at {size} scrolls sideways by {wide} px: {page.evaluate(OVERFLOW_JS)}"


@pytest.mark.parametrize("size", ["1366x768", "390x844"])
@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_search_has_no_wcag_violations(view_page, site_url, scheme, size):
    """The search dialog and its results, which the page audit sees only closed."""
    page = view_page(scheme, size)
    page.goto(site_url, wait_until="load")
    if VIEWPORTS[size][0] < 960:  # on phones the search box sits behind the header's search button
        page.click("label[for=__search]")
    type_search(page, "doctor")
    settle(page)
    violations = AXE.run(page, options=RULES).response["violations"]
    assert not violations, describe(violations, "(search open)", f"{scheme} scheme, {size}")
