"""Shared fixtures: the real toolkit data, one strict build, a local server and a browser.

Browser fixtures import Playwright directly and fail (never skip) when Chromium is missing:
a required check must not be able to switch itself off.
"""

from __future__ import annotations

import functools
import os
import shutil
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
# Copied into a scratch project when a test needs to build with other data.
PROJECT_PARTS = ["mkdocs.yml", "docs", "macros", "hooks", "schema", "overrides"]

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def mkdocs(*args: str, cwd: Path = ROOT, check: bool = False, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run the MkDocs command line of this environment; return the finished process."""
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, check=check, timeout=timeout)


def scratch_project(tmp: Path, data_dir: Path | None = None) -> Path:
    """A copy of the project in ``tmp`` (with another data folder if given) that can be built alone."""
    tmp.mkdir(parents=True, exist_ok=True)
    for part in PROJECT_PARTS:
        source = ROOT / part
        (shutil.copytree if source.is_dir() else shutil.copy2)(source, tmp / part)
    shutil.copytree(data_dir or ROOT / "data", tmp / "data")
    return tmp


def injection_data(tmp: Path) -> Path:
    """A copy of the real data plus one recommendation (TK99) whose text is full of markup and Jinja."""
    data = tmp / "injection-data"
    shutil.copytree(ROOT / "data", data)
    extra = (FIXTURES / "injection-recommendation.yaml").read_text(encoding="utf-8")
    recs = data / "recommendations.yaml"
    recs.write_text(recs.read_text(encoding="utf-8").rstrip("\n") + "\n" + extra, encoding="utf-8")
    return data


@pytest.fixture(scope="session")
def toolkit():
    """The real toolkit data, validated."""
    from macros.loader import load_toolkit
    return load_toolkit()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """One strict build of the real site into a temporary folder, shared by the session."""
    site = tmp_path_factory.mktemp("build") / "site"
    result = mkdocs("build", "--strict", "--site-dir", str(site))
    assert result.returncode == 0, f"mkdocs build --strict failed:\n{result.stderr[-4000:]}"
    return site


@pytest.fixture(scope="session")
def published_editions(tmp_path_factory):
    """Editions 1.0 and 1.1 and the development version, published with mike to a local bare repository."""
    from publishing import publish_editions
    return publish_editions(tmp_path_factory.mktemp("editions"))


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(directory: Path):
    """Start a static server for ``directory`` on 127.0.0.1 and a free port; return (server, base URL)."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL of the built site, served on 127.0.0.1."""
    server, url = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    """Headless Debian Chromium through Playwright. Missing pieces fail the test run."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make test` (it installs Debian's chromium) "
                    "or `apt-get install chromium`.", pytrace=False)
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser page (new context: empty storage and cache)."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    context.close()


def built_pages(site: Path) -> list[str]:
    """Docs-relative URLs of every HTML page in a built site ('' for the home page)."""
    urls = []
    for path in sorted(site.rglob("index.html")):
        rel = path.parent.relative_to(site).as_posix()
        urls.append("" if rel == "." else f"{rel}/")
    return urls


def type_search(page, words: str) -> None:
    """Open the site's search box, type ``words`` key by key, and wait until results are shown."""
    query = page.locator("input[data-md-component=search-query]")
    query.click()
    query.press_sequentially(words)
    page.wait_for_function("() => { const m = document.querySelector('.md-search-result__meta');"
                           " return m && !/Type to start/.test(m.textContent) }")
