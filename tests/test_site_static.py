"""Fast checks on the built files: nothing is fetched from another host, and search knows every item.

The browser tests (tests/browser/test_privacy.py, test_search.py) check the same things as a
reader meets them; these catch most regressions in a few seconds without a browser.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser

import pytest

from macros.text import anchor, case_src, rec_src

# Attributes that make the browser fetch something, per element. (<a href> is a link the reader
# may follow, not a fetch: outbound links to sources are fine.)
FETCHING = {
    "script": ("src",), "img": ("src", "srcset"), "iframe": ("src",), "frame": ("src",),
    "source": ("src", "srcset"), "video": ("src", "poster"), "audio": ("src",), "track": ("src",),
    "embed": ("src",), "object": ("data",), "input": ("src",), "image": ("href",), "use": ("href",),
}
# <link> relations that name an address without fetching it.
LINK_NOT_FETCHED = {"canonical", "alternate", "author", "license", "help", "search", "me"}
EXTERNAL = re.compile(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", re.IGNORECASE)
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")\s]+)|@import\s+['"]([^'"]+)""", re.IGNORECASE)
# Our own scripts: calls and assignments that would load an absolute address.
JS_LOAD = re.compile(r"""(?:\b(?:fetch|sendBeacon|importScripts|import|Worker|EventSource|WebSocket|open)\s*\(|"""
                     r"""\.(?:src|href|action)\s*=)\s*["'`]\s*(?:https?:)?//""")


class _Assets(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        names = FETCHING.get(tag, ())
        if tag == "link" and not set(values.get("rel", "").lower().split()) & LINK_NOT_FETCHED:
            names = ("href", "imagesrcset")
        for name in names:
            for url in re.split(r",\s*", values.get(name, "")):  # srcset lists several
                if EXTERNAL.match(url):
                    self.found.append(f"<{tag} {name}={url.strip()[:100]}>")
        for url in CSS_URL.findall(values.get("style", "")):
            if EXTERNAL.match(url[0] or url[1]):
                self.found.append(f"<{tag} style> url({url[0] or url[1]})")
        self.in_style = tag == "style"

    def handle_data(self, data):
        if self.in_style:
            self.found += [f"<style> url({a or b})" for a, b in CSS_URL.findall(data) if EXTERNAL.match(a or b)]


def test_pages_load_nothing_from_other_hosts(built_site):
    found = []
    for path in sorted(built_site.rglob("*.html")):
        parser = _Assets()
        parser.feed(path.read_text(encoding="utf-8"))
        found += [f"{path.relative_to(built_site)}: {item}" for item in parser.found]
    assert not found, "pages fetch from another host:\n" + "\n".join(found[:40])


def test_stylesheets_load_nothing_from_other_hosts(built_site):
    found = []
    sheets = sorted(built_site.rglob("*.css"))
    assert sheets
    for path in sheets:
        for a, b in CSS_URL.findall(path.read_text(encoding="utf-8")):
            if EXTERNAL.match(a or b):
                found.append(f"{path.relative_to(built_site)}: {a or b}")
    assert not found, "stylesheets fetch from another host (self-host the file instead):\n" + "\n".join(found)


def test_own_scripts_load_nothing_from_other_hosts(built_site):
    # The theme's bundle is checked in the browser; here, every script the project adds.
    scripts = sorted(p for p in built_site.rglob("*.js") if "assets" not in p.relative_to(built_site).parts)
    assert scripts
    found = [f"{p.relative_to(built_site)}: {m.group(0)}" for p in scripts
             for m in JS_LOAD.finditer(re.sub(r"/\*.*?\*/", "", p.read_text(encoding="utf-8"), flags=re.S))]
    assert not found, "scripts load from another host:\n" + "\n".join(found)


def test_no_theme_feature_that_calls_other_hosts(built_site):
    """Material calls the GitHub API for a repository widget and loads Mermaid from a CDN."""
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert 'data-md-component="source"' not in text, f"{path}: repo_url makes browsers call the GitHub API"
        assert 'class="mermaid"' not in text, f"{path}: Mermaid diagrams load their library from a CDN"
        assert "google-analytics" not in text and "googletagmanager" not in text, f"{path}: analytics"


# --- Search index --------------------------------------------------------------------------
def as_tag(text: str) -> str:
    """How extra search words are stored: Material shows tags as HTML, so '<' and '>' are escaped."""
    return text.replace("<", "&lt;").replace(">", "&gt;")


@pytest.fixture(scope="module")
def search_docs(built_site) -> dict[str, dict]:
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    return {doc["location"]: doc for doc in index["docs"]}


def page_url(src: str) -> str:
    return src.removesuffix(".md") + "/"


def test_every_item_id_is_indexed_on_its_own_page(search_docs, toolkit):
    items = [(r["id"], rec_src(r["id"])) for r in toolkit.recommendations]
    items += [(c["id"], case_src(c["id"])) for c in toolkit.case_studies]
    for item_id, src in items:
        doc = search_docs.get(page_url(src))
        assert doc, f"{item_id}: no search entry at {page_url(src)}"
        assert item_id in doc.get("tags", []), f"{item_id}: the ID is not among the page's search tags"


def test_keywords_and_places_are_indexed(search_docs, toolkit):
    for rec in toolkit.recommendations:
        tags = search_docs[page_url(rec_src(rec["id"]))].get("tags", [])
        missing = [k for k in rec.get("keywords", []) if as_tag(k) not in tags]
        assert not missing, f"{rec['id']}: keywords missing from the search index: {missing}"
    for case in toolkit.case_studies:
        tags = search_docs[page_url(case_src(case["id"]))].get("tags", [])
        assert as_tag(case["place"]) in tags, f"{case['id']}: place not indexed"


def test_every_glossary_term_and_abbreviation_is_indexed(search_docs, toolkit):
    """Each term is a search tag of its own section, so a search leads to the definition itself."""
    assert not search_docs["glossary/"].get("tags"), "glossary: page-wide tags repeat on every section"
    for term in toolkit.terms:
        doc = search_docs.get(f"glossary/#{anchor(term['id'])}")
        assert doc, f"glossary: {term['id']} has no search entry of its own"
        for word in (term["term"], term.get("abbreviation")):
            if word:
                assert as_tag(word) in doc.get("tags", []), f"glossary: {word!r} is not a search tag of its entry"
        for keyword in term.get("keywords", []):
            assert keyword in doc["text"], f"glossary: keyword {keyword!r} of {term['id']} is not searchable"
