"""Privacy: reading the toolkit sends no request to anyone but the site itself.

Every built page is loaded in headless Chromium, served on 127.0.0.1, and every request the
browser makes is recorded until the network is idle: no fonts, CDNs, analytics or GitHub API.
The search box is also used, since Material starts its search worker only then.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from conftest import built_pages, type_search

pytestmark = pytest.mark.browser

LOCAL_SCHEMES = {"data", "blob", "about"}  # handled inside the browser, never sent anywhere


def is_local(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in LOCAL_SCHEMES or f"{parts.scheme}://{parts.netloc}" == origin


def test_no_page_requests_another_host(browser, built_site, site_url):
    origin = site_url.rstrip("/")
    context = browser.new_context()
    requests: list[tuple[str, str]] = []  # (page being loaded, requested URL)
    current = {"page": ""}
    context.on("request", lambda request: requests.append((current["page"], request.url)))
    page = context.new_page()
    pages = built_pages(built_site)
    try:
        for path in pages:
            current["page"] = path or "home"
            page.goto(site_url + path, wait_until="networkidle")
        # The search worker and its index load on first use of the search box.
        current["page"] = "search"
        page.goto(site_url, wait_until="networkidle")
        type_search(page, "doctor")
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    seen = {url for _, url in requests}
    assert any(url.endswith("search_index.json") for url in seen), "the search index was never loaded"
    assert len(requests) > len(pages), "the request log missed the pages' own assets"
    outside = sorted({(where, url) for where, url in requests if not is_local(url, origin)})
    assert not outside, "requests to other hosts:\n" + "\n".join(f"  {where}: {url}" for where, url in outside)
