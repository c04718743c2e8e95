"""Printing single pages: what print media shows and hides, A4 with a running header, open details,
web addresses after external links, and the "Print this ..." buttons. Also the built print pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest

from conftest import ROOT
from macros.editions import edition_info
from macros.text import case_src, rec_src

SITE_NAME = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1).strip()
CHROME = {"header": ".md-header", "navigation": ".md-sidebar--primary", "contents": ".md-sidebar--secondary",
          "footer": ".md-footer", "search": ".md-search", "print button": ".tk-print-button"}
# True when the element is rendered: it and its ancestors are displayed and visible, and it is not
# inside skipped content such as a closed <details>.
SHOWN = "el => el.checkVisibility({visibilityProperty: true, contentVisibilityAuto: true})"


def url_of(src: str) -> str:
    return src[:-3] + "/"


def shown(page, selector: str) -> bool:
    element = page.query_selector(selector)
    assert element is not None, f"{selector} is not on the page"
    return element.evaluate(SHOWN)


@pytest.mark.browser
@pytest.mark.parametrize("kind", ["recommendation", "case study"])
def test_print_shows_content_and_hides_chrome(page, site_url, toolkit, kind):
    item = toolkit.recommendations[0] if kind == "recommendation" else toolkit.case_studies[0]
    page.goto(site_url + url_of(rec_src(item["id"]) if kind == "recommendation" else case_src(item["id"])))
    for name, selector in CHROME.items():
        assert shown(page, selector), f"the {name} should show on screen"
    page.emulate_media(media="print")
    assert shown(page, "article h1") and item["title"].split()[0] in page.inner_text("article h1")
    summary = " ".join(item["summary"].split())[:40]
    assert shown(page, f"article p:has-text({json.dumps(summary)})")
    for name, selector in CHROME.items():
        assert not shown(page, selector), f"the {name} should not print"


@pytest.mark.browser
def test_print_buttons_open_the_print_dialogue(page, site_url, toolkit):
    page.add_init_script("window.__printed = 0; window.print = () => { window.__printed += 1; };")
    for src in (rec_src(toolkit.recommendations[0]["id"]), case_src(toolkit.case_studies[0]["id"]), "worksheet.md"):
        page.goto(site_url + url_of(src))
        assert page.evaluate("window.__printed") == 0
        page.click(".tk-print-button")
        assert page.evaluate("window.__printed") == 1, src


@pytest.mark.browser
def test_collapsed_details_print_open(page, site_url, toolkit):
    target = site_url + url_of(rec_src(toolkit.recommendations[0]["id"]))
    details = ('<details class="note"><summary>More detail</summary>'
               '<p id="tk-folded">Folded away until opened.</p></details>')

    def with_details(route):
        response = route.fetch()
        route.fulfill(response=response, body=response.text().replace("</h1>", "</h1>" + details, 1))

    page.route(target, with_details)
    page.goto(target)
    assert page.evaluate("document.querySelector('details').open") is False
    assert not shown(page, "#tk-folded")
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")  # what the browser fires before printing
    page.wait_for_function("document.querySelector('details').open")
    page.emulate_media(media="print")
    # The print styles apply on the next style pass: wait for it (up to 5 s) rather than racing it.
    page.wait_for_function(f"() => ({SHOWN})(document.querySelector('#tk-folded'))", timeout=5000)
    assert shown(page, "#tk-folded")
    page.evaluate("window.dispatchEvent(new Event('afterprint'))")
    page.wait_for_function("!document.querySelector('details').open")  # back as the reader left it


@pytest.mark.browser
def test_external_links_show_their_address_in_print(page, site_url):
    page.goto(site_url + "sources/")
    page.evaluate("""() => { const p = document.createElement('p');
        p.innerHTML = '<a id="tk-ext" href="https://example.org/guide">a guide</a>';
        document.querySelector('article').append(p); }""")
    page.emulate_media(media="print")
    after = "(selector) => getComputedStyle(document.querySelector(selector), '::after').content"
    assert "https://example.org/guide" in page.evaluate(after, "#tk-ext")
    # A reference already shows its address (or DOI) as the link text: no repeat.
    reference = page.query_selector('article li a[href^="http"]')
    assert reference is not None
    assert page.evaluate("(a) => getComputedStyle(a, '::after').content", reference) in ("none", "normal", "")
    internal = page.query_selector('article a[href^="#"]:not(.headerlink), article a[href^="../"]')
    assert internal is not None
    assert page.evaluate("(a) => getComputedStyle(a, '::after').content", internal) in ("none", "normal", "")


def _pdftotext(pdf_path) -> str:
    tool = shutil.which("pdftotext")
    if not tool:
        pytest.fail("pdftotext is missing: run `make test` (it installs poppler-utils).", pytrace=False)
    return subprocess.run([tool, "-layout", str(pdf_path), "-"], capture_output=True, text=True, check=True).stdout


def _page_texts(pdf_path) -> list[str]:
    return _pdftotext(pdf_path).rstrip("\f").split("\f")


# Handout length: what a reader can print and hand out. The bundled typeface makes it the same on
# every machine (tests/browser/test_fonts.py checks no text falls back to a system font).
MAX_PAGES = {"recommendation": 2, "case study": 3}


@pytest.mark.browser
@pytest.mark.parametrize("kind", MAX_PAGES)
def test_items_print_as_short_a4_handouts(page, site_url, toolkit, tmp_path, kind):
    """Every recommendation prints on one or two A4 pages and every case study on at most three. Each
    page has the running header, its page number and the page's own web address (once), and no page
    holds only those margins: every page carries some of the item's text."""
    header = f"{SITE_NAME} · {edition_info(toolkit)['label']}"
    items = toolkit.recommendations if kind == "recommendation" else toolkit.case_studies
    page.emulate_media(media="print")
    for item in items:
        path = url_of(rec_src(item["id"]) if kind == "recommendation" else case_src(item["id"]))
        page.goto(site_url + path)
        page.evaluate("document.fonts.ready.then(() => true)")
        address = page.evaluate("document.querySelector('link[rel=canonical]').href")
        assert address.endswith("/" + path), (item["id"], address)
        out = tmp_path / f"{item['id']}.pdf"
        page.pdf(path=str(out), prefer_css_page_size=True, print_background=True)  # the page's own @page size
        pages = _page_texts(out)
        assert 1 <= len(pages) <= MAX_PAGES[kind], f"{item['id']} prints on {len(pages)} pages"
        for n, text in enumerate(pages, 1):
            flat = " ".join(text.split())
            assert f"Page {n} of {len(pages)}" in text and header in flat, (item["id"], n)
            assert flat.replace(" ", "").count(address.replace(" ", "")) == 1, \
                f"{item['id']} page {n} should show its web address {address} once"
            body = flat.replace(header, "").replace(address, "").replace(f"Page {n} of {len(pages)}", "")
            body = re.sub(r"Last changed \d{1,2} \w+ \d{4}", "", body).strip()
            assert len(body) > 20, f"{item['id']} page {n} holds only its margins: {body!r}"
        info = subprocess.run([shutil.which("pdfinfo"), str(out)], capture_output=True, text=True).stdout
        width, height = map(float, re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info).groups())
        assert abs(width - 595.3) < 1.5 and abs(height - 841.9) < 1.5, (item["id"], width, height)


# --- The built pages (no browser) --------------------------------------------------------------
def test_worksheet_has_one_row_per_current_recommendation(built_site, toolkit):
    html = (built_site / "worksheet" / "index.html").read_text(encoding="utf-8")
    rows = re.findall(r"<tr>\s*<td>(TK\d+)</td>", html)
    expected = [r["id"] for m in toolkit.mechanisms for r in toolkit.recs_by_mechanism[m["id"]]
                if r["status"] != "withdrawn"]
    assert rows == expected
    assert html.count('class="tk-box" aria-hidden="true"></span> In place') == len(expected)


def test_print_page_is_one_self_contained_page(built_site):
    html = (built_site / "print" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article"):html.index("</article>")]
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    missing = {h for h in re.findall(r'href="#([^"]+)"', article)} - set(ids)
    assert not missing, f"links to anchors that are not on the page: {sorted(missing)}"
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert not [d for d in index["docs"] if d["location"].startswith("print/")], "print/ should not be searchable"
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'href="print/"' not in home  # not in the navigation


def test_downloads_page_links_the_pdf_only_when_it_exists(built_site):
    html = (built_site / "downloads" / "index.html").read_text(encoding="utf-8")
    if (ROOT / "docs" / "downloads" / "restore-toolkit.pdf").is_file():
        assert 'href="restore-toolkit.pdf"' in html and (built_site / "downloads" / "restore-toolkit.pdf").is_file()
    else:
        assert "restore-toolkit.pdf\"" not in html and "make pdf" in html
