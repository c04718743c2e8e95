"""Every internal link and anchor in the built site resolves, and the sitemap lists every page.

Every HTML file is parsed with html.parser. Each href/src that stays on the site must reach a
file (or a folder's index.html); each #fragment must be an id (or a named anchor) in the page it
points to. External http(s), mailto and tel links are outside the site and not checked here.
"""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from conftest import built_pages

OUTSIDE = ("http:", "https:", "mailto:", "tel:")


class _Page(HTMLParser):
    """The ids of one page and the links in it: [(tag, attribute, value)]."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str, str]] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"])
        if tag == "a" and values.get("name"):
            self.ids.add(values["name"])
        # The mike "latest edition" link leaves this edition's folder on purpose: it can only be
        # followed on the published site, where every edition sits side by side.
        if "data-tk-latest-link" in values:
            return
        # A canonical link names the page's published address on site_url, not a file here.
        if tag == "link" and "canonical" in (values.get("rel") or "").split():
            return
        for name in ("href", "src"):
            if values.get(name) is not None:
                self.links.append((tag, name, values[name]))


@pytest.fixture(scope="module")
def parsed(built_site) -> dict[str, _Page]:
    """Every HTML file of the site, parsed, keyed by its site-relative path."""
    pages = {}
    for path in sorted(built_site.rglob("*.html")):
        page = _Page()
        page.feed(path.read_text(encoding="utf-8"))
        pages[path.relative_to(built_site).as_posix()] = page
    return pages


@pytest.fixture(scope="module")
def configured_url(built_site) -> str:
    """The site_url from mkdocs.yml, read from the home page's canonical link."""
    match = re.search(r'<link rel="canonical" href="([^"]+)"', (built_site / "index.html").read_text("utf-8"))
    assert match, "the home page has no canonical link: is configured_url set in mkdocs.yml?"
    return match.group(1)


def target_file(site: Path, page: str, url_path: str, prefix: str) -> str | None:
    """The site-relative file a link path reaches from ``page``, or None if it leaves the site."""
    if url_path.startswith("/"):
        # 404.html uses absolute paths (it is served at any depth): they start with site_url's path.
        if not url_path.startswith(prefix):
            return None
        joined = posixpath.normpath(url_path[len(prefix):] or ".")
    else:
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(page), url_path))
    if joined == ".." or joined.startswith("../"):
        return None
    candidate = site / joined
    if candidate.is_dir() or url_path.endswith("/"):
        return posixpath.normpath(posixpath.join(joined, "index.html"))
    return joined


def test_every_internal_link_and_anchor_resolves(built_site, parsed, configured_url):
    prefix = urlsplit(configured_url).path or "/"
    broken = []
    for page, info in parsed.items():
        for tag, attr, value in info.links:
            value = value.strip()
            if not value or value.lower().startswith(OUTSIDE):
                continue
            if value.lower().startswith(("javascript:", "data:", "vbscript:")):
                broken.append(f"{page}: <{tag} {attr}> uses a script or data address: {value[:60]}")
                continue
            parts = urlsplit(value)
            if parts.scheme or parts.netloc:
                broken.append(f"{page}: <{tag} {attr}> has an unexpected address: {value}")
                continue
            target = page if not parts.path else target_file(built_site, page, unquote(parts.path), prefix)
            if target is None:
                broken.append(f"{page}: <{tag} {attr}={value!r}> points outside the site")
                continue
            if not (built_site / target).is_file():
                broken.append(f"{page}: <{tag} {attr}={value!r}> -> {target} does not exist")
                continue
            fragment = unquote(parts.fragment)
            if fragment and target.endswith(".html"):
                ids = parsed[target].ids if target in parsed else set()
                if fragment not in ids:
                    broken.append(f"{page}: <{tag} {attr}={value!r}> -> no id '{fragment}' in {target}")
    assert not broken, f"{len(broken)} broken internal links:\n" + "\n".join(broken[:60])


def test_the_link_check_covers_the_whole_site(parsed, built_site):
    """Guard against a checker that silently checks nothing."""
    pages = [p for p in parsed if p.endswith("index.html")]
    assert len(pages) == len(built_pages(built_site)) > 10
    assert sum(len(p.links) for p in parsed.values()) > 50 * len(pages)
    assert all(parsed[p].ids for p in pages), "every page has element ids (headings, theme parts)"


def test_sitemap_lists_every_page(built_site, configured_url):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    listed = re.findall(r"<loc>\s*([^<\s]+)\s*</loc>", sitemap)
    outside = [loc for loc in listed if not loc.startswith(configured_url)]
    assert not outside, f"sitemap entries outside {configured_url}: {outside[:5]}"
    in_sitemap = {loc[len(configured_url):] for loc in listed}
    pages = set(built_pages(built_site))
    assert not pages - in_sitemap, f"pages missing from sitemap.xml: {sorted(pages - in_sitemap)}"
    assert not in_sitemap - pages, f"sitemap.xml lists pages that were not built: {sorted(in_sitemap - pages)}"
