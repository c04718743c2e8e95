"""Readers find their way: every item page says where it is and leads to the next one.

Item pages are generated and kept out of the navigation, so these check what MkDocs would not
give them: a breadcrumb (Recommendations › Building motivation › TK04), their section marked in the
sidebar, and previous/next links in reading order. And every page names its publisher and links
the accessibility statement and privacy notice.
"""

from __future__ import annotations

import posixpath
import re

import pytest

from conftest import built_pages
from macros.loader import load_toolkit
from macros.wayfinding import reading_order

pytestmark = pytest.mark.browser

TK = load_toolkit()
ORDER = [(index.removesuffix("index.md"), [src.removesuffix(".md") + "/" for src in pages])
         for index, pages in reading_order(TK)]
ITEMS = [(index, url) for index, urls in ORDER for url in urls]
IDS = {url: url.rstrip("/").rsplit("/", 1)[1].upper() for _, url in ITEMS}

WAY = """() => ({
  trail: [...document.querySelectorAll('nav.md-path li')].map(li => {
    const a = li.querySelector('a'); return {text: li.textContent.trim(), href: a ? a.getAttribute('href') : null}; }),
  current: (document.querySelector('nav.md-path [aria-current=page]') || {}).textContent,
  marked: [...document.querySelectorAll('.md-sidebar--primary .md-nav__item--active > a.md-nav__link,'
                                        + '.md-sidebar--primary .md-nav__item--active > .md-nav__container > a')]
    .filter(a => a.getClientRects().length).map(a => ({href: a.getAttribute('href'),
                                                      weight: parseInt(getComputedStyle(a).fontWeight)})),
  prev: (document.querySelector('a.md-footer__link--prev') || {}).href,
  next: (document.querySelector('a.md-footer__link--next') || {}).href,
  prevTitle: (document.querySelector('a.md-footer__link--prev .md-ellipsis') || {}).textContent,
  nextTitle: (document.querySelector('a.md-footer__link--next .md-ellipsis') || {}).textContent,
})"""


@pytest.fixture(scope="module")
def wide_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize(("index", "url"), ITEMS, ids=[IDS[u] for _, u in ITEMS])
def test_item_page_has_breadcrumb_marked_section_and_neighbours(wide_page, site_url, index, url):
    wide_page.goto(site_url + url, wait_until="load")
    way = wide_page.evaluate(WAY)
    assert way["current"] == IDS[url], f"/{url}: the breadcrumb should end with the page's ID, got {way['trail']}"
    assert any(step["href"] == "../" for step in way["trail"]), f"/{url}: the breadcrumb should link /{index}"
    assert [m for m in way["marked"] if m["href"] == "../" and m["weight"] >= 700], (
        f"/{url}: its section (/{index}) should be marked in the sidebar; marked: {way['marked']}")
    assert way["prev"] and way["next"], f"/{url}: previous and next links are missing"
    assert way["prevTitle"].strip() and way["nextTitle"].strip(), f"/{url}: previous/next links have no titles"


@pytest.mark.parametrize(("index", "urls"), ORDER, ids=[o[0].rstrip("/") for o in ORDER])
def test_next_links_walk_every_item_in_reading_order(wide_page, site_url, index, urls):
    wide_page.goto(site_url + urls[0], wait_until="load")
    assert wide_page.evaluate(WAY)["prev"] == site_url + index, f"the first item's previous link is /{index}"
    seen = []
    for _ in urls:
        seen.append(wide_page.url.removeprefix(site_url))
        wide_page.locator("a.md-footer__link--next").click()
        wide_page.wait_for_load_state("load")
    assert seen == urls, "following 'Next' should visit every item in the order of the index page"
    assert wide_page.url == site_url + index, "after the last item, 'Next' leads back to the index page"


def test_breadcrumb_fits_a_phone(browser, site_url):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    page = context.new_page()
    page.goto(site_url + ITEMS[0][1], wait_until="load")
    box = page.locator("nav.md-path [aria-current=page]").bounding_box()
    assert box and box["x"] + box["width"] <= 320, "on a phone the breadcrumb's last step is cut off"
    context.close()


FOOTER = """() => { const f = document.querySelector('.md-footer-meta');
  const links = f ? [...f.querySelectorAll('a')].filter(a => a.getClientRects().length) : [];
  return {text: f ? f.innerText : '', links: links.map(a => [a.textContent.trim(), new URL(a.href).pathname])}; }"""


# 404.html is what the host serves for a missing address (the test server does not): open it directly.
@pytest.mark.parametrize("url", ["", "recommendations/tk04/", "glossary/", "about/programme-theory/", "404.html"],
                         ids=["home", "item", "glossary", "about", "not-found"])
def test_publisher_accessibility_and_privacy_reachable_from_the_footer(wide_page, site_url, url):
    wide_page.goto(site_url + url, wait_until="load")
    footer = wide_page.evaluate(FOOTER)
    assert "Published by" in footer["text"] and "Contact" in footer["text"], f"/{url}: footer names no publisher"
    names = {name: path for name, path in footer["links"]}
    assert names.get("Accessibility statement", "").endswith("/accessibility/"), f"/{url}: {footer['links']}"
    assert names.get("Privacy notice", "").endswith("/privacy/"), f"/{url}: {footer['links']}"
    assert "Made with" not in footer["text"], f"/{url}: the footer still says 'Made with Material for MkDocs'"


def test_every_built_page_links_publisher_and_statements(built_site):
    for url in built_pages(built_site):
        html = (built_site / url / "index.html").read_text(encoding="utf-8")
        footer = html[html.index('class="md-footer-meta'):]
        targets = {posixpath.normpath(posixpath.join("/" + url, href)) + "/"
                   for href in re.findall(r'href="([^"#:]+)"', footer)}
        assert "Published by" in footer, f"/{url}: the footer names no publisher"
        assert {"/accessibility/", "/privacy/"} <= targets, f"/{url}: footer links {sorted(targets)}"


def test_not_found_page_offers_search_and_main_pages(wide_page, site_url):
    wide_page.goto(site_url + "404.html", wait_until="load")
    text = wide_page.inner_text(".md-content")
    assert "Page not found" in text and "search" in text.lower() and "withdrawn" in text
    links = wide_page.eval_on_selector_all(".md-content a", "els => els.map(a => a.textContent.trim())")
    assert {"Recommendations", "Case studies", "Glossary", "What has changed"} <= set(links)


def test_no_edit_pencil_beside_the_title(wide_page, site_url):
    wide_page.goto(site_url + "recommendations/tk04/", wait_until="load")
    assert not wide_page.locator(".md-content__button").count(), "an edit pencil is shown beside the title"
    assert wide_page.locator(".tk-edition a[rel=edit]").count() == 1, "the page footer should link to the source"


def test_tags_sit_below_the_summary(wide_page, site_url):
    wide_page.goto(site_url + "recommendations/tk04/", wait_until="load")
    h1 = wide_page.locator(".md-content h1").bounding_box()
    tags = wide_page.locator(".md-content .md-tags").bounding_box()
    assert tags and tags["y"] > h1["y"] + h1["height"], "tags are shown above the title"
    summary = TK.rec["TK04"]["summary"].split(".")[0]
    para = wide_page.locator(".md-content p", has_text=summary).first.bounding_box()
    assert tags["y"] > para["y"], "tags should come after the summary"
