"""Published URLs never break: every address in tests/published_urls.txt keeps working.

Readers bookmark pages, cite them in reports and link to them from intranets. Once an address is
published it must keep resolving, to the page itself or to a redirect page that leads to it.

Item pages (one per recommendation and case study) are derived from the data (tests/published.py),
so adding an item needs no change outside data/. Every other new page or download must be added to
the list by hand.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from published import addresses, listed

from conftest import ROOT, built_pages

REFRESH = re.compile(r"""<meta\s+http-equiv=["']?refresh["']?\s+content=["']\s*\d+\s*;\s*url=([^"']+)["']""",
                     re.IGNORECASE)
HOW_TO_MOVE = ("Restore each page, or, if it moved, add a redirect page at the old address "
               "(an HTML file with <meta http-equiv=\"refresh\" content=\"0; url=NEW/\">).")


def published(root: Path = ROOT) -> list[str]:
    """Every published URL, docs-relative ('' for the home page): the list plus the data's item pages."""
    return addresses(root)


def published_downloads(site: Path) -> list[str]:
    """Open-data files that readers download and link to (the PDF is built only by `make pdf`)."""
    folder = site / "downloads"
    return sorted(p.relative_to(site).as_posix() for p in folder.rglob("*")
                  if p.is_file() and p.name != "index.html" and p.suffix != ".pdf") if folder.is_dir() else []


def resolve(site: Path, url: str, hops: int = 5) -> str | None:
    """Follow ``url`` (and any meta-refresh redirects) to an existing page or file; None if it breaks."""
    for _ in range(hops):
        path = site / url / "index.html" if url == "" or url.endswith("/") else site / url
        if not path.is_file():
            return None
        if path.suffix != ".html":
            return url
        match = REFRESH.search(path.read_text(encoding="utf-8", errors="replace"))
        if not match:
            return url
        target = match.group(1).strip().split("#")[0]
        if re.match(r"^[a-z][a-z0-9+.-]*:|^//", target, re.IGNORECASE):
            return None  # a redirect off the site does not keep the address working
        base = url if url.endswith("/") or url == "" else posixpath.dirname(url) + "/"
        url = posixpath.normpath(posixpath.join(base, target)) + ("/" if target.endswith("/") else "")
        url = "" if url in ("./", "/") else url.removeprefix("./")
        if url.startswith("../"):
            return None
    return None


def broken_addresses(site: Path, root: Path = ROOT) -> list[str]:
    """Published addresses that ``site`` (built from ``root``) no longer serves."""
    return [url or "./" for url in published(root) if resolve(site, url) is None]


def unlisted_addresses(site: Path, root: Path = ROOT) -> list[str]:
    """Pages and downloads ``site`` has that are not published addresses (so no audit would visit them)."""
    known = set(published(root))
    return [url or "./" for url in built_pages(site) + published_downloads(site) if url not in known]


def test_the_list_is_well_formed():
    urls = listed()
    assert len(urls) == len(set(urls)), "tests/published_urls.txt lists an address twice"
    for url in urls:
        assert not url.startswith(("/", "http")), f"{url}: write addresses relative to the site root"
        assert ".." not in url.split("/"), f"{url}: no '..' in a published address"


def test_item_pages_come_from_the_data(toolkit):
    derived = set(published()) - set(listed())
    expected = {f"recommendations/{r['id'].lower()}/" for r in toolkit.recommendations} | \
        {f"case-studies/{c['id'].lower()}/" for c in toolkit.case_studies}
    assert derived <= expected and expected <= set(published())


def test_every_published_url_still_resolves(built_site):
    broken = broken_addresses(built_site)
    assert not broken, f"published addresses no longer resolve: {broken}. {HOW_TO_MOVE}"


def test_every_page_and_download_is_in_the_list(built_site):
    new = unlisted_addresses(built_site)
    assert not new, (f"built but not in tests/published_urls.txt: {new}. Add each new address to the list "
                     "(once published it must keep working); when moving a page, keep the old line and add a "
                     "redirect page there.")
