"""The Content Security Policy in Chromium: nothing the site does is blocked, and injected code is.

A listener for ``securitypolicyviolation`` is installed before any page script runs, and console
messages are recorded as well. Every page is opened; then search, the colour palette toggle, the
self-review (fill in, export CSV and JSON, import) and the downloads are used. Not one violation
may be reported. A control shows the listener works: an inline script added after load is blocked
and reported. Finally a real build with a changed inline script gets that script's new hash.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import built_pages, mkdocs, scratch_project, serve, type_search
from macros import csp

pytestmark = pytest.mark.browser

LISTEN = """
window.__tkCsp = [];
document.addEventListener('securitypolicyviolation', e => window.__tkCsp.push(
  `${e.violatedDirective} blocked ${e.blockedURI || 'inline'} at ${e.sourceFile}:${e.lineNumber} ${e.sample}`), true);
"""


class Watch:
    """A browser context that records every CSP violation, from events and from the console."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
        self.context.add_init_script(LISTEN)
        self.console: list[str] = []
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append(m.text) if "Content Security Policy" in m.text else None)

    def violations(self, where: str) -> list[str]:
        found = self.page.evaluate("() => window.__tkCsp || []")
        return [f"{where}: {v}" for v in [*found, *self.console]]

    def reset(self):
        self.console.clear()
        self.page.evaluate("() => { window.__tkCsp = []; }")


@pytest.fixture
def watch(browser):
    w = Watch(browser)
    yield w
    w.context.close()


def test_the_listener_reports_blocked_inline_code(watch, site_url):
    # Control: code added after load has no hash in the policy, so it must be blocked and reported.
    watch.page.goto(site_url, wait_until="load")
    watch.page.evaluate("""() => { const s = document.createElement('script');
        s.textContent = 'window.tkInjected = 1'; document.body.append(s);
        const d = document.createElement('div'); d.setAttribute('onclick', 'window.tkClicked = 1');
        document.body.append(d); d.click(); }""")
    watch.page.wait_for_function("() => window.__tkCsp.length >= 2")
    assert watch.page.evaluate("() => [window.tkInjected, window.tkClicked]") == [None, None]
    assert any("script-src" in v for v in watch.violations("home"))


def test_no_page_reports_a_violation(watch, built_site, site_url):
    problems = []
    for path in [*built_pages(built_site), "404.html"]:
        watch.page.goto(site_url + path, wait_until="load")
        watch.page.wait_for_load_state("networkidle")
        problems += watch.violations(path or "home")
        watch.console.clear()
    assert not problems, "\n".join(problems)


def test_search_and_palette_work_under_the_policy(watch, site_url):
    page = watch.page
    page.goto(site_url, wait_until="load")
    before = page.get_attribute("body", "data-md-color-scheme")
    page.locator("form[data-md-component=palette] label:not([hidden])").first.click()
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') !== {before!r}")
    type_search(page, "goals")
    page.locator(".md-search-result__item").first.wait_for()
    start = page.url
    page.locator("input[data-md-component=search-query]").press("Enter")  # Material opens the first result
    page.wait_for_url(lambda url: url != start)
    problems = watch.violations("search and palette")
    assert not problems, "\n".join(problems)


def test_the_self_review_and_downloads_work_under_the_policy(watch, site_url, tmp_path):
    page = watch.page
    page.on("dialog", lambda dialog: dialog.accept())
    page.goto(f"{site_url}review/", wait_until="load")
    page.wait_for_selector(".tk-review--ready")
    item = page.locator("[data-tk-item]").first
    item.locator("input[type=radio]").first.check()
    item.locator("[data-tk-field=notes]").fill("Notes <b>typed</b> {{ 7*7 }}")
    for field, value in (("action", "Book a room"), ("owner", "Programme lead"), ("target", "2027-03-31")):
        if item.locator(f"[data-tk-field={field}]").count():  # a dated action for the calendar export
            item.locator(f"[data-tk-field={field}]").fill(value)
    saved = {}
    kinds = page.locator("[data-tk-export]").evaluate_all("els => els.map(e => e.dataset.tkExport)")
    assert {"csv", "json"} <= set(kinds), kinds
    for kind in kinds:  # every export the page offers
        with page.expect_download() as info:
            page.locator(f"[data-tk-export={kind}]").click()
        path = tmp_path / info.value.suggested_filename
        info.value.save_as(path)
        assert path.stat().st_size > 0, kind
        saved[kind] = path
    messages = "() => [...document.querySelectorAll('[data-tk-message]')].map(e => e.textContent).join('|')"
    before = page.evaluate(messages)
    page.locator("input[type=file][data-tk-import]").set_input_files(saved["json"])
    page.wait_for_function(f"old => ({messages})() !== old", arg=before)
    problems = watch.violations("self-review")

    page.goto(f"{site_url}downloads/", wait_until="load")
    for name in ("baseline-assessment.csv", "baseline-assessment.xlsx"):
        with page.expect_download() as info:
            page.locator(f'.md-content a[href$="{name}"]').first.click()
        assert info.value.suggested_filename == name
    page.locator('.md-content a[href$="toolkit.json"]').first.click()
    page.wait_for_url(re.compile(r".*/downloads/toolkit\.json$"))
    page.go_back()
    problems += watch.violations("downloads")
    assert not problems, "\n".join(problems)


def test_a_changed_inline_script_gets_its_new_hash(tmp_path, browser):
    """A real build twice: an inline script added to the home page, then changed."""
    project = scratch_project(tmp_path / "project")
    home = project / "docs" / "index.md"
    original = home.read_text(encoding="utf-8")
    hashes = []
    for n in (1, 2):
        script = f"window.tkChanged = {n}"
        home.write_text(f"{original}\n\n<script>{script}</script>\n", encoding="utf-8")
        result = mkdocs("build", "--strict", cwd=project)
        assert result.returncode == 0, result.stderr[-3000:]
        html = (project / "site" / "index.html").read_text(encoding="utf-8")
        listed = csp.read_policy(html)["script-src"]
        assert csp.digest(script) in listed
        hashes.append(csp.digest(script))
        server, url = serve(project / "site")
        watch = Watch(browser)
        try:
            watch.page.goto(url, wait_until="load")
            assert watch.page.evaluate("() => window.tkChanged") == n, "the hashed script did not run"
            assert not watch.violations("home")
        finally:
            watch.context.close()
            server.shutdown()
    assert hashes[0] != hashes[1] and hashes[0] not in csp.read_policy(html)["script-src"]


def test_previews_keep_their_live_reload(tmp_path, browser):
    """`mkdocs serve` adds a live-reload script to each page as it serves it, new every time: previews
    carry no policy, so it runs (and nothing is published from a preview)."""
    project = scratch_project(tmp_path / "project")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOOLKIT_SITE_URL": f"http://127.0.0.1:{port}/"}
    env.pop("TOOLKIT_SERVING", None)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    watch = Watch(browser)
    try:
        home, deadline, html = f"http://127.0.0.1:{port}/", time.monotonic() + 120, ""
        while "livereload" not in html and time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(home, timeout=5) as response:
                    html = response.read().decode("utf-8")
            except OSError:
                time.sleep(0.3)
        assert "livereload" in html, "the preview server did not start"
        assert "Content-Security-Policy" not in html
        watch.page.goto(home, wait_until="load")
        watch.page.wait_for_function("() => typeof window.livereload === 'function'")
        assert not watch.violations("preview")
    finally:
        watch.context.close()
        server.terminate()
        server.wait(timeout=30)
