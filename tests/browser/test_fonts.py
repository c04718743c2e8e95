"""One typeface on every machine: every piece of text the site shows is set in the bundled faces.

A fresh Debian machine has only the DejaVu fonts; a reader's laptop has others. If any text fell back
to a system font, its width (and so every line and page break) would depend on the machine. Chromium
reports, through its DevTools protocol, which font actually drew the glyphs of each element's text:
every one must be a web font the site serves itself (docs/fonts/), on screen and in print.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

FACES = ("Atkinson Hyperlegible Next", "Atkinson Hyperlegible Mono")
# Page types: home, a recommendation, a case study, the self-review and worksheet, lists, code, the print page.
PAGES = ["", "recommendations/tk04/", "case-studies/cs01/", "review/", "worksheet/", "glossary/", "sources/",
         "contribute/recommendation/", "contribute/fields/", "print/"]
SKIP_TAGS = {"SCRIPT", "STYLE", "TITLE", "NOSCRIPT", "TEMPLATE", "HEAD", "svg", "path"}


def _text_elements(node):
    """Element nodes with some text of their own (not just whitespace), depth first."""
    children = node.get("children", [])
    if node.get("nodeType") == 1 and node.get("nodeName") not in SKIP_TAGS and any(
            c.get("nodeType") == 3 and c.get("nodeValue", "").strip() for c in children):
        yield node
    for child in children:
        yield from _text_elements(child)


def fonts_used(page) -> list[tuple[str, str, str]]:
    """(font family, element, text) for every element whose text a font other than the bundled ones drew."""
    page.evaluate("document.fonts.ready.then(() => true)")
    cdp = page.context.new_cdp_session(page)
    cdp.send("DOM.enable")
    cdp.send("CSS.enable")
    root = cdp.send("DOM.getDocument", {"depth": -1})["root"]
    wrong, seen = [], 0
    for node in _text_elements(root):
        fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
        seen += bool(fonts)
        for font in fonts:
            # Chromium names the font by its own name table ("Atkinson Hyperlegible Mono ExtraLight" for
            # the Mono files' bold cut), so the family must start with one of the faces the site declares.
            if not font["familyName"].startswith(FACES) or not font.get("isCustomFont"):
                text = " ".join(c.get("nodeValue", "") for c in node.get("children", []) if c.get("nodeType") == 3)
                wrong.append((font["familyName"], node["nodeName"].lower(), " ".join(text.split())[:60]))
    cdp.detach()
    assert seen > 5, "no rendered text found: the check would pass on an empty page"
    return wrong


@pytest.mark.parametrize("media", ["screen", "print"])
@pytest.mark.parametrize("url", PAGES, ids=lambda u: u or "home")
def test_all_text_is_set_in_the_bundled_faces(page, site_url, url, media):
    page.goto(site_url + url, wait_until="load")
    if media == "print":
        page.evaluate("document.querySelectorAll('details').forEach(d => { d.open = true; })")
        page.emulate_media(media="print")
    wrong = fonts_used(page)
    assert not wrong, f"/{url} ({media}): text drawn in fonts the site does not ship: {wrong[:10]}"


def test_the_faces_are_served_by_the_site_with_their_licence(built_site):
    css = (built_site / "stylesheets" / "fonts.css").read_text(encoding="utf-8")
    sources = re.findall(r'url\("\.\./fonts/([^"]+\.woff2)"\)', css)
    assert len(sources) >= 6
    for name in sources:
        assert (built_site / "fonts" / name).read_bytes()[:4] == b"wOF2", name
    assert css.count("font-display: swap") == css.count("@font-face")
    assert "SIL Open Font License" in (built_site / "fonts" / "OFL.txt").read_text(encoding="utf-8")
    # Every served font file is declared (none shipped that nothing uses), and none comes from elsewhere.
    assert sorted(sources) == sorted(p.name for p in (ROOT / "docs" / "fonts").glob("*.woff2"))
    assert not re.search(r"url\((['\"]?)(https?:)?//", css)
