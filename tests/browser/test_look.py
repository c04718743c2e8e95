"""What a reader notices first: text size and headings, search results, pages that fit a phone.

Measured in headless Chromium against the real build: computed styles, the search box as a reader
types into it, and page widths at the narrowest checked size. (No test depends on the fonts the
machine has: sizes are computed CSS pixels, not rendered glyph widths.)
"""

from __future__ import annotations

import re

import pytest
from published import pages as published_pages

from browser.test_search import distinctive
from macros.loader import load_toolkit
from macros.text import case_src, rec_src

pytestmark = pytest.mark.browser

QUERY = "input[data-md-component=search-query]"
PAGES = published_pages()
TK = load_toolkit()
# (ID, page, the title word fewest other items use, keywords): the words that are the item's own.
ITEMS = [(r["id"], rec_src(r["id"]).removesuffix(".md") + "/",
          distinctive(r, r["title"], TK.recommendations, "title", TK, 5), r.get("keywords", []))
         for r in TK.recommendations]
ITEMS += [(c["id"], case_src(c["id"]).removesuffix(".md") + "/",
           distinctive(c, c["title"], TK.case_studies, "title", TK, 5), c.get("keywords", [])) for c in TK.case_studies]
ITEM_PAGES = {item[1] for item in ITEMS}
RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')].map(item =>
  [...item.querySelectorAll('a')].map(a => new URL(a.href).pathname + new URL(a.href).hash))"""


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(site_url, wait_until="load")
    page.locator(QUERY).click()
    yield page
    context.close()


def search(page, site_url: str, text: str) -> list[list[str]]:
    """Type ``text``; return each result's links (site-relative), best result first."""
    box = page.locator(QUERY)
    box.fill("")
    box.press("End")
    page.wait_for_function("() => /Type to start/.test(document.querySelector('.md-search-result__meta').textContent)")
    box.fill(text)
    box.press("End")
    page.wait_for_function("() => !/Type to start/.test(document.querySelector('.md-search-result__meta').textContent)")
    base = re.sub(r"^https?://[^/]+", "", site_url)
    return [[link.removeprefix(base) for link in links] for links in page.evaluate(RESULTS)]


# --- Search ---------------------------------------------------------------------------------
@pytest.mark.parametrize("word", ["mentoring", "insight", "feedback", "revalidation"])
def test_no_tag_chip_shows_in_search_results(search_page, site_url, word):
    results = search(search_page, site_url, word)
    assert results, f"searching for {word!r} found nothing"
    chips = search_page.evaluate("() => [...document.querySelectorAll('.md-search-result .md-tag')]"
                                 ".filter(t => t.getClientRects().length > 0).map(t => t.textContent)")
    assert not chips, f"searching for {word!r} shows tag chips in the results: {chips[:10]}"


@pytest.mark.parametrize(("item_id", "page", "title_word", "keywords"), ITEMS, ids=[i[0] for i in ITEMS])
def test_an_item_page_comes_first_for_its_own_words(search_page, site_url, item_id, page, title_word, keywords):
    for words in (item_id, title_word):
        first = search(search_page, site_url, words)[0][0]
        assert first == page, (f"searching for {words!r} should show /{page} first, above lists and the glossary; "
                               f"got {first}")
    for keyword in keywords:
        results = [links[0] for links in search(search_page, site_url, keyword)]
        # Several items may share a keyword, and it may be a glossary term too: an item page still leads.
        assert set(results[:2]) & ITEM_PAGES, (f"searching for {item_id}'s keyword {keyword!r} should show an item "
                                               f"page first or right after its definition: {results[:5]}")


def test_the_glossary_result_leads_to_the_term_itself(search_page, site_url):
    for term in [t for t in TK.terms if t.get("abbreviation")][:8]:
        results = search(search_page, site_url, term["abbreviation"])
        links = [link for links in results for link in links]
        assert f"glossary/#{term['id']}" in links, (f"searching for {term['abbreviation']} should offer a link to "
                                                    f"the term's own entry, glossary/#{term['id']}; got {links[:6]}")


def test_the_search_index_loads_when_the_reader_starts_to_search(browser, site_url):
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    fetched = []
    page.on("request", lambda request: fetched.append(request.url))
    page.goto(site_url + "recommendations/tk04/", wait_until="networkidle")
    assert not [u for u in fetched if "search_index.json" in u], "the first visit downloads the whole search index"
    assert not [u for u in fetched if "/workers/search." in u], "the first visit starts the search worker"
    page.locator(QUERY).click()
    page.locator(QUERY).press_sequentially("TK04")
    page.wait_for_function("() => document.querySelector('.md-search-result__item')")
    assert [u for u in fetched if "search_index.json" in u] and [u for u in fetched if "/workers/search." in u]
    context.close()


# --- Typography -----------------------------------------------------------------------------
STYLE = """sel => { const el = document.querySelector(sel); if (!el) return null;
  const s = getComputedStyle(el); return {size: parseFloat(s.fontSize), weight: parseInt(s.fontWeight), \
color: s.color}; }"""


def luminance(color: str) -> float:
    r, g, b = (int(v) / 255 for v in re.findall(r"\d+", color)[:3])
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (r, g, b)]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


@pytest.mark.parametrize(("width", "height", "body"), [(1366, 768, 19), (390, 844, 16)])
def test_body_text_size_and_bold_near_black_headings(browser, site_url, width, height, body):
    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme="light")
    page = context.new_page()
    page.goto(site_url + "recommendations/tk04/", wait_until="load")
    text = page.evaluate(STYLE, ".md-content .md-typeset > p:not([class])")
    assert text["size"] == body, f"body text is {text['size']} px at {width} px wide; NHS.UK uses {body} px"
    for heading in ("h1", "h2"):
        style = page.evaluate(STYLE, f".md-content .md-typeset {heading}")
        assert style["weight"] >= 700, f"{heading} is weight {style['weight']}: headings are bold"
        assert luminance(style["color"]) < 0.03, f"{heading} is {style['color']}: headings are near-black"
        assert style["size"] > body
    page.goto(site_url + "about/", wait_until="load")
    for part in ("table td", ".admonition p"):
        style = page.evaluate(STYLE, f".md-content .md-typeset {part}")
        assert style and style["size"] == body, f"{part} text is {style and style['size']} px, body text {body} px"
    context.close()


# --- Phones ---------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def narrow_page(browser):
    context = browser.new_context(viewport={"width": 320, "height": 640})
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("url", PAGES, ids=lambda u: u or "home")
def test_no_page_is_wider_than_a_320_px_screen(narrow_page, site_url, url):
    narrow_page.goto(site_url + url, wait_until="load")
    width = narrow_page.evaluate("() => document.documentElement.scrollWidth")
    assert width <= 320, f"/{url} is {width} px wide on a 320 px screen: the reader has to scroll sideways"
    wide = narrow_page.evaluate("""() => [...document.querySelectorAll('.md-typeset__scrollwrap')]
      .filter(w => w.scrollWidth > w.clientWidth + 1)
      .map(w => ({label: w.getAttribute('aria-label'), tab: w.tabIndex, role: w.getAttribute('role'),
                  cue: !!(w.nextElementSibling && w.nextElementSibling.classList.contains('tk-scroll-cue')
                          && w.nextElementSibling.getClientRects().length)}))""")
    for table in wide:
        assert table["role"] == "region" and table["label"] and table["tab"] == 0 and table["cue"], (
            f"/{url}: a table wider than the screen must scroll in a named, focusable region with a visible cue: "
            f"{table}")


# --- Abbreviations --------------------------------------------------------------------------
FIRST_USES = """() => {
  const seen = new Set(), out = [];
  for (const abbr of document.querySelectorAll('.md-content article abbr[title]')) {
    if (abbr.closest('h1, h2, h3, h4, h5, h6, code, pre, summary') || seen.has(abbr.textContent)) continue;
    seen.add(abbr.textContent);
    const block = abbr.closest('p, li, td, th, dd, div');
    const text = block.textContent.replace(/\\s+/g, ' ').toLowerCase();
    out.push({short: abbr.textContent, title: abbr.title, spelled: text.includes(abbr.title.toLowerCase())});
  }
  return out; }"""


@pytest.mark.parametrize("url", ["about/uk-context/", "recommendations/tk04/", "case-studies/cs04/", "about/"])
def test_abbreviations_are_spelled_out_at_first_use(browser, site_url, url):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(site_url + url, wait_until="load")
    uses = page.evaluate(FIRST_USES)
    missing = [u["short"] for u in uses if not u["spelled"]]
    assert not missing, f"/{url}: abbreviations not spelled out in the text at their first use: {missing}"
    context.close()


def test_the_search_key_still_opens_a_working_search(browser, site_url):
    """Material's '/' shortcut: the deferred index and search engine start, and results come."""
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    page = context.new_page()
    page.goto(site_url + "glossary/", wait_until="networkidle")
    page.keyboard.press("/")
    page.keyboard.type("revalidation")
    page.wait_for_function("() => document.querySelector('.md-search-result__item')")
    assert page.locator(".md-search-result__item").count() > 0
    context.close()
