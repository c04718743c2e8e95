"""WCAG 2.2 AA: axe finds no violation on any built page, in the light or the dark colour scheme.

axe-core (bundled with axe-playwright-python) runs the WCAG 2.0, 2.1 and 2.2 A and AA rules in
headless Chromium against the real build served on 127.0.0.1. Pages come from
tests/published_urls.txt, so each page is its own test and a failure names it; a guard test makes
sure every page the build produced is in that list, so no page escapes the audit.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import built_pages, type_search

pytestmark = pytest.mark.browser

LIST = Path(__file__).resolve().parent.parent / "published_urls.txt"
PAGES = [("" if line == "./" else line) for line in (raw.strip() for raw in LIST.read_text("utf-8").splitlines())
         if line.endswith("/")]
# Browser colour-scheme preference -> Material palette it must select (mkdocs.yml media queries).
SCHEMES = {"light": "default", "dark": "slate"}
# Plus one rule axe files under best practice: Material's search panel is a dialog and needs a name
# (WCAG 4.1.2); docs/javascripts/toolkit.js gives it one.
RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]},
         "rules": {"aria-dialog-name": {"enabled": True}},
         "resultTypes": ["violations"]}
AXE = Axe()


@pytest.fixture(scope="module")
def scheme_page(browser):
    """One browser context per colour scheme, with one page reused for every URL."""
    pages, contexts = {}, []

    def get(scheme: str):
        if scheme not in pages:
            context = browser.new_context(color_scheme=scheme, viewport={"width": 1280, "height": 900})
            contexts.append(context)
            pages[scheme] = context.new_page()
        return pages[scheme]

    yield get
    for context in contexts:
        context.close()


def settle(page) -> None:
    """Wait for fades and transitions to end: axe measures colours as they are at that moment."""
    page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")


def describe(violations: list[dict], url: str, scheme: str) -> str:
    """A readable report: rule, impact, what it means, and each failing element."""
    lines = [f"{len(violations)} WCAG violation(s) on /{url} ({scheme} scheme):"]
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


@pytest.mark.parametrize("scheme", SCHEMES)
@pytest.mark.parametrize("url", PAGES, ids=lambda u: u or "home")
def test_page_has_no_wcag_violations(scheme_page, site_url, built_site, url, scheme):
    if not (built_site / url / "index.html").is_file():
        pytest.fail(f"/{url} is in tests/published_urls.txt but was not built (see test_published_urls.py)")
    page = scheme_page(scheme)
    page.goto(site_url + url, wait_until="load")
    settle(page)
    palette = page.get_attribute("body", "data-md-color-scheme")
    assert palette == SCHEMES[scheme], f"the {scheme} preference gave Material's '{palette}' palette"
    violations = AXE.run(page, options=RULES).response["violations"]
    assert not violations, describe(violations, url, scheme)


@pytest.mark.parametrize("scheme", SCHEMES)
def test_open_search_has_no_wcag_violations(scheme_page, site_url, scheme):
    """The search dialog and its results, which the page audit sees only closed."""
    page = scheme_page(scheme)
    page.goto(site_url, wait_until="load")
    type_search(page, "doctor")
    settle(page)
    violations = AXE.run(page, options=RULES).response["violations"]
    assert not violations, describe(violations, "(search open)", scheme)
