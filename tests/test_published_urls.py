"""Published URLs never break: every address in tests/published_urls.txt keeps working.

Readers bookmark pages, cite them in reports and link to them from intranets. Once an address is
published it must keep resolving, to the page itself or to a redirect page that leads to it.
"""

from __future__ import annotations

import posixpath
import re
from pathlib import Path

from conftest import built_pages

LIST = Path(__file__).resolve().parent / "published_urls.txt"
REFRESH = re.compile(r"""<meta\s+http-equiv=["']?refresh["']?\s+content=["']\s*\d+\s*;\s*url=([^"']+)["']""",
                     re.IGNORECASE)
HOW_TO_MOVE = ("Restore each page, or, if it moved, add a redirect page at the old address "
               "(an HTML file with <meta http-equiv=\"refresh\" content=\"0; url=NEW/\">).")


def published() -> list[str]:
    """The listed URLs, docs-relative ('' for the home page)."""
    urls = []
    for line in LIST.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append("" if line == "./" else line)
    return urls


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


def test_the_list_is_well_formed():
    urls = published()
    assert len(urls) == len(set(urls)), "tests/published_urls.txt lists an address twice"
    for url in urls:
        assert not url.startswith(("/", "http")), f"{url}: write addresses relative to the site root"
        assert ".." not in url.split("/"), f"{url}: no '..' in a published address"


def test_every_published_url_still_resolves(built_site):
    broken = [url or "./" for url in published() if resolve(built_site, url) is None]
    assert not broken, f"published addresses no longer resolve: {broken}. {HOW_TO_MOVE}"


def test_every_page_and_download_is_in_the_list(built_site):
    listed = set(published())
    new = [url or "./" for url in built_pages(built_site) + published_downloads(built_site) if url not in listed]
    assert not new, (f"built but not in tests/published_urls.txt: {new}. Add each new address to the list "
                     "(once published it must keep working); when moving a page, keep the old line and add a "
                     "redirect page there.")
