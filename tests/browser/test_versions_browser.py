"""Published editions in the browser: the earlier-edition banner, its link, the version selector.

The gh-pages branch from the ``published_editions`` fixture is served on 127.0.0.1 exactly as
GitHub Pages would serve it (one folder per edition, latest/ as redirect pages).
"""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import serve

pytestmark = pytest.mark.browser

BANNER = "[data-md-component=outdated]"
LINK = "[data-tk-latest-link]"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


@pytest.fixture(scope="module")
def pages_url(published_editions):
    server, url = serve(published_editions.site)
    yield url
    server.shutdown()


@pytest.fixture
def visit(page, pages_url):
    """Open a page of the published site; fail on any request that leaves 127.0.0.1 or any script error."""
    outside, errors = [], []
    page.on("request", lambda r: None if r.url.startswith(pages_url) else outside.append(r.url))
    page.on("pageerror", lambda e: errors.append(str(e)))

    def go(path: str):
        page.goto(pages_url + path)
        # Material fills the version selector once it has read versions.json; the banner is decided then.
        page.wait_for_selector(".md-version__current")
        return page

    yield go
    assert not outside, f"requests left the site: {outside}"
    assert not errors, f"script errors: {errors}"


def banner_shown(page) -> bool:
    return page.locator(BANNER).evaluate("el => !el.hidden")


def rec_page(published) -> str:
    return f"recommendations/{published.rec_id.lower()}/"


def test_an_earlier_edition_says_so_and_links_to_the_same_page_in_the_latest(visit, published_editions, pages_url):
    p = published_editions
    page = visit(f"{p.older}/{rec_page(p)}")
    page.wait_for_function(f"() => !document.querySelector('{BANNER}').hidden")
    banner = page.locator(BANNER)
    assert banner.is_visible()
    assert "earlier edition" in banner.inner_text() and f"Edition {p.older}" in banner.inner_text()
    link = page.locator(LINK)
    assert link.get_attribute("href") == f"{pages_url}latest/{rec_page(p)}"
    link.click()
    page.wait_for_url(f"{pages_url}{p.newer}/{rec_page(p)}")
    assert p.new_title in page.locator("h1").inner_text()


def test_the_link_keeps_the_section_being_read(visit, published_editions, pages_url):
    p = published_editions
    page = visit(f"{p.older}/{rec_page(p)}#why-it-works")
    assert page.locator(LINK).get_attribute("href") == f"{pages_url}latest/{rec_page(p)}#why-it-works"


def test_a_latest_address_opens_the_same_section_of_the_newest_edition(page, published_editions, pages_url):
    """latest/ is redirect pages under a Content Security Policy: the redirect must still run, and keep the
    section (and query) of a cited address."""
    p = published_editions
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)
    page.goto(f"{pages_url}latest/{rec_page(p)}?from=citation#what-to-do")
    page.wait_for_url(f"{pages_url}{p.newer}/{rec_page(p)}?from=citation#what-to-do")
    assert page.locator("#what-to-do").count() == 1 and not blocked, blocked
    page.goto(pages_url)  # the site's own address: the newest edition's home page
    page.wait_for_url(f"{pages_url}{p.newer}/")


def test_a_page_missing_from_the_latest_edition_leads_to_its_home_page(visit, published_editions, pages_url):
    p = published_editions
    page = visit(f"{p.older}/{rec_page(p)}")
    page.wait_for_function(f"() => !document.querySelector('{BANNER}').hidden")
    # As if the recommendation had been withdrawn from the latest edition.
    page.route(f"{pages_url}latest/{rec_page(p)}", lambda route: route.fulfill(status=404, body="Not found"))
    page.locator(LINK).click()
    page.wait_for_url(f"{pages_url}{p.newer}/")


def test_the_latest_edition_shows_no_banner(visit, published_editions):
    page = visit(f"{published_editions.newer}/{rec_page(published_editions)}")
    assert not banner_shown(page)
    assert not page.locator(BANNER).is_visible()


def test_the_development_version_says_it_is_not_an_edition(visit, published_editions):
    page = visit(f"dev/{rec_page(published_editions)}")
    page.wait_for_function(f"() => !document.querySelector('{BANNER}').hidden")
    assert "development version" in page.locator(BANNER).inner_text()


def test_the_version_selector_lists_every_edition(visit, published_editions):
    p = published_editions
    page = visit(f"{p.older}/")
    assert page.locator(".md-version__current").inner_text().strip() == f"Edition {p.older}"
    titles = page.locator(".md-version__link").evaluate_all("els => els.map(e => e.textContent.trim())")
    assert any(t.startswith(f"Edition {p.newer}") and t.endswith("latest") for t in titles), titles
    assert f"Edition {p.older}" in titles and "Development version" in titles


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_banner_is_accessible_in_both_colour_schemes(page, visit, published_editions, scheme):
    p = published_editions
    page.emulate_media(color_scheme=scheme)  # before loading: Material picks its palette on load
    visit(f"{p.older}/{rec_page(p)}")
    page.wait_for_function(f"() => !document.querySelector('{BANNER}').hidden")
    expected = "slate" if scheme == "dark" else "default"
    assert page.locator("body").get_attribute("data-md-color-scheme") == expected
    result = Axe().run(page, context=BANNER, options=WCAG_AA)
    assert result.violations_count == 0, result.generate_report()
    link = page.locator(LINK)
    assert link.evaluate("a => a.tagName === 'A' && a.hasAttribute('href')")
    assert link.evaluate("a => getComputedStyle(a).textDecorationLine").startswith("underline")
