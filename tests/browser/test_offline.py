"""The offline pack, made once per session by scripts/build_offline.py and opened from disk, as a ward would.

The zip is unzipped into a temporary folder and its index.html opened from file:// in headless Chromium
with every request that is not for a file aborted (and recorded). A reader must be able to see styled
pages in the toolkit's fonts, move around by clicking, search, and keep self-review answers across a
reload, with no request leaving the folder, nothing in the console and no Content Security Policy
violation, in the pages or in the hidden frame search runs in.
"""

from __future__ import annotations

import posixpath
import re
import subprocess
import sys
import zipfile
from pathlib import Path
from urllib.parse import unquote

import pytest
from playwright.sync_api import expect

from conftest import ROOT
from macros.csp import read_policy

from .test_review import ANSWERS, fill, review_ids, row, shown

pytestmark = pytest.mark.browser
sys.path.insert(0, str(ROOT / "scripts"))
import build_offline  # noqa: E402

QUERY = "input[data-md-component=search-query]"
# Every Content Security Policy violation, in every frame, is written to the console (and so counted).
REPORT_VIOLATIONS = """document.addEventListener('securitypolicyviolation', (e) => {
  console.error('CSP violation: ' + e.violatedDirective + ' blocked ' + (e.blockedURI || 'inline') +
                ' in ' + e.documentURI);
});"""


@pytest.fixture(scope="session")
def offline_pack(tmp_path_factory):
    """(zip path, the unzipped toolkit folder) for a pack built from this working tree."""
    where = tmp_path_factory.mktemp("offline")
    out = where / "restore-toolkit-offline.zip"
    # Its own process, as `make offline` runs it; nothing is written to docs/downloads/.
    done = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_offline.py"), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, (done.stdout + done.stderr)[-4000:]
    with zipfile.ZipFile(out) as archive:
        archive.extractall(where / "unzipped")
    return out, where / "unzipped" / build_offline.TOP


class Visit:
    """A browser context on the pack: every request that is not for a file is aborted and recorded."""

    def __init__(self, browser):
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.outside: list[str] = []
        self.files: list[str] = []
        self.console: list[str] = []
        self.context.route("**/*", self._route)
        self.context.add_init_script(REPORT_VIOLATIONS)
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.console.append(m.text) if m.type in {"error", "warning"} else None)
        self.page.on("pageerror", lambda error: self.console.append(f"uncaught: {error}"))

    def _route(self, route):
        if route.request.url.startswith("file://"):
            self.files.append(route.request.url)
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def assert_clean(self):
        assert not self.outside, f"requests left the folder: {self.outside}"
        assert not self.console, f"console errors or CSP violations: {self.console}"
        json = [url for url in self.files if re.search(r"\.json(?:[?#]|$)", url)]
        assert not json, f"pages opened from disk cannot read JSON files, so every page carries its data: {json}"


@pytest.fixture
def visit(browser):
    opened = Visit(browser)
    yield opened
    opened.context.close()


def page_path(page, folder: Path) -> str:
    """The page shown, as a path inside the pack ('recommendations/tk01.html')."""
    return Path(unquote(page.url.split("#")[0].split("?")[0].removeprefix("file://"))).relative_to(folder).as_posix()


def visible_link(page, name: str):
    """The first link a reader can see with this name (the header, the navigation or the page itself)."""
    return page.get_by_role("link", name=name, exact=True).locator("visible=true").first


# --- The zip ---------------------------------------------------------------------------------------
def test_the_zip_is_one_folder_with_index_html_and_a_read_me(offline_pack):
    out, _ = offline_pack
    with zipfile.ZipFile(out) as archive:
        names = archive.namelist()
        read_me = archive.read(f"{build_offline.TOP}/READ-ME-FIRST.txt").decode("utf-8")
    assert all(name.startswith(f"{build_offline.TOP}/") for name in names)
    assert names[0] == f"{build_offline.TOP}/READ-ME-FIRST.txt" and f"{build_offline.TOP}/index.html" in names
    assert names[1:] == sorted(names[1:]), "entries in a fixed order"
    assert not [n for n in names if n.endswith((".zip", "/404.html"))], "no zip inside the zip, no server page"
    assert "Unzip" in read_me and '"index.html"' in read_me and "no internet connection" in read_me
    assert "\r\n" in read_me, "line ends that Windows Notepad shows"


def test_the_same_site_makes_the_same_zip(offline_pack, tmp_path):
    _, folder = offline_pack
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    build_offline.write_zip(folder, first, "read me")
    (folder / "index.html").touch()  # a newer file date must not change the zip
    build_offline.write_zip(folder, second, "read me")
    assert first.read_bytes() == second.read_bytes()


def test_every_link_and_file_in_the_pack_names_a_file_that_is_there(offline_pack):
    """Pages opened from disk have no server to find index.html in a folder: every link must name a file."""
    _, folder = offline_pack
    missing = {}
    for html in sorted(folder.rglob("*.html")):
        here = html.relative_to(folder).as_posix()
        for url in re.findall(r"""\s(?:href|src)="([^"]*)\"""", html.read_text(encoding="utf-8")):
            path = unquote(url.split("#")[0].split("?")[0])
            if not path or re.match(r"^[a-z][a-z0-9+.-]*:", url, re.I):
                continue
            if not (folder / posixpath.normpath(posixpath.join(posixpath.dirname(here), path))).is_file():
                missing.setdefault(url, here)
    assert not missing, f"links to nothing (link: first page): {missing}"


def test_pages_load_no_json_module_or_remote_script_at_run_time(offline_pack):
    _, folder = offline_pack
    assert (folder / "search" / "search_index.js").read_text(encoding="utf-8").startswith("var __index = {")
    for html in sorted(folder.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        where = html.relative_to(folder).as_posix()
        assert 'type="module"' not in text, f"{where}: module scripts do not run from disk"
        loads = re.findall(r'<script\b[^>]*\ssrc="([^"]*)"|<link\b(?![^>]*rel="canonical")[^>]*\shref="([^"]*)"', text)
        remote = [url for pair in loads for url in pair if re.match(r"^(?:[a-z]+:)?//", url, re.I)]
        assert not remote, f"{where}: loads from the web: {remote}"
        assert "versions.json" not in text, f"{where}: versioning is on"
        if where.endswith(".min.html"):  # a search worker's frame
            assert read_policy(text) == {"default-src": ["'none'"], "script-src": ["'self'"]}
        else:
            assert read_policy(text)["default-src"] == ["'self'"], f"{where}: no Content Security Policy"
            assert '"version": null}</script>' in text, f"{where}: Material's version selector is on"


def test_the_downloads_page_of_the_pack_says_it_is_the_offline_copy(offline_pack):
    text = (offline_pack[1] / "downloads.html").read_text(encoding="utf-8")
    assert "You are reading the offline pack" in text
    assert "restore-toolkit-offline.zip" not in text


# --- Opened from disk, network off -----------------------------------------------------------------
def test_the_home_page_shows_with_the_toolkits_styles_and_fonts(offline_pack, visit):
    _, folder = offline_pack
    page = visit.page
    page.goto((folder / "index.html").as_uri())
    expect(page.locator("h1").first).to_be_visible()
    page.evaluate("document.fonts.ready.then(() => true)")
    looks = page.evaluate("""() => ({
      header: getComputedStyle(document.querySelector('.md-header')).position,
      font: getComputedStyle(document.querySelector('.md-typeset')).fontFamily,
      loaded: [...document.fonts].filter((f) => f.status === 'loaded').map((f) => f.family),
    })""")
    assert looks["header"] == "sticky", "Material's stylesheet did not apply"
    assert "Atkinson Hyperlegible Next" in looks["font"], "the toolkit's stylesheets did not apply"
    assert any("Atkinson Hyperlegible Next" in family for family in looks["loaded"]), looks["loaded"]
    visit.assert_clean()


def test_a_reader_clicks_through_to_a_recommendation(offline_pack, visit, toolkit):
    _, folder = offline_pack
    rec = toolkit.recommendations[0]
    page = visit.page
    page.goto((folder / "index.html").as_uri())
    visible_link(page, "See the recommendations").click()
    expect(page).to_have_url(re.compile(r"/recommendations/index\.html$"))
    page.locator("article").get_by_role("link", name=re.compile(re.escape(rec["title"]))).first.click()
    expect(page.locator("h1")).to_contain_text(rec["title"])
    assert page_path(page, folder) == f"recommendations/{rec['id'].lower()}.html"
    visit.assert_clean()


def test_search_finds_a_recommendation_by_a_word_of_its_title(offline_pack, visit, toolkit):
    _, folder = offline_pack
    rec = toolkit.recommendations[0]
    word = max(re.findall(r"[A-Za-z]+", rec["title"]), key=len)
    page = visit.page
    page.goto((folder / "index.html").as_uri())
    box = page.locator(QUERY)
    box.click()
    box.fill(word)
    box.press("End")  # Material searches on keyup
    expect(page.locator(".md-search-result__meta")).to_have_text(re.compile(r"\d+ matching"))
    links = page.locator(".md-search-result__item > a").evaluate_all("(all) => all.map((a) => a.href)")
    target = f"recommendations/{rec['id'].lower()}.html"
    assert any(re.split(r"[?#]", link)[0].endswith("/" + target) for link in links[:5]), (word, links[:5])
    # The search engine ran in the hidden frame that stands in for a web worker on file:// pages.
    assert page.locator("iframe[hidden]").evaluate_all("(all) => all.map((f) => f.src.split('/').pop())") == \
        [Path(page.evaluate("JSON.parse(document.getElementById('__config').textContent).search")).with_suffix(".html").name]
    page.locator(f".md-search-result__item > a[href*='{target}']").first.click()
    expect(page.locator("h1")).to_contain_text(rec["title"])
    visit.assert_clean()


def test_every_page_opens_from_disk_with_nothing_in_the_console(offline_pack, visit):
    _, folder = offline_pack
    pages = [p for p in sorted(folder.rglob("*.html")) if not p.name.endswith(".min.html")]
    assert len(pages) > 40
    for html in pages:
        visit.page.goto(html.as_uri(), wait_until="load")
        expect(visit.page.locator("h1").first).to_be_attached()
    visit.assert_clean()


def test_the_self_review_keeps_an_answer_across_a_reload(offline_pack, visit, toolkit):
    _, folder = offline_pack
    page = visit.page
    page.goto((folder / "index.html").as_uri())
    visible_link(page, "Start the self-review").click()
    page.wait_for_selector(".tk-review--ready")
    assert page_path(page, folder) == "review.html"
    rec_id = review_ids(toolkit)[0]
    fill(page, rec_id, ANSWERS[0])
    expect(row(page, rec_id).locator(f'input[value="{ANSWERS[0][0]}"]')).to_be_checked()
    page.reload()
    page.wait_for_selector(".tk-review--ready")
    assert shown(page, rec_id) == ANSWERS[0]
    visit.assert_clean()


def test_a_built_pack_is_never_committed():
    ignored = subprocess.run(["git", "check-ignore", "-q", f"docs/{build_offline.ZIP_SRC}"], cwd=ROOT)
    assert ignored.returncode == 0, ".gitignore must list docs/downloads/*.zip"


# --- The pieces, without a build -------------------------------------------------------------------
def test_the_offline_configuration_drops_versioning_and_adds_the_offline_plugin():
    plugins = [{"search": {"lang": "en"}}, "tags", {"macros": {"module_name": "macros"}}, {"mike": {"alias_type": "x"}}]
    config = build_offline.offline_config(ROOT / "mkdocs.yml", plugins, ROOT / "docs")
    assert config["plugins"] == [{"search": {"lang": "en"}}, "tags", {"macros": {"module_name": "macros"}}, "offline"]
    assert config["INHERIT"] == str(ROOT / "mkdocs.yml") and config["use_directory_urls"] is False
    assert config["extra"]["version"] is None
    # Material's offline plugin adds a shim from the web unless one named iframe-worker is listed already.
    assert ["iframe-worker" in url for url in config["extra"]["polyfills"]] == [True]
    assert build_offline.read_plugins(ROOT / "mkdocs.yml")[-1] == {"mike": {
        "alias_type": "redirect", "canonical_version": "latest", "redirect_template": "overrides/mike-redirect.html"}}


def test_folder_links_are_pointed_at_their_page_files():
    files = {"changes.html", "about/index.html", "about/cite.html", "index.html", "recommendations/index.html"}
    page = ('<a href="../changes/">a</a> <a href="cite/#how">b</a> <a href="../">c</a> <a href="./">d</a> '
            '<link rel="x" href="../recommendations/"> <a href="../missing/">e</a> <a href="/abs/">f</a> '
            '<a href="https://example.org/x/">g</a>')
    assert build_offline.file_links(page, "about/methods.html", files.__contains__) == (
        '<a href="../changes.html">a</a> <a href="cite.html#how">b</a> <a href="../index.html">c</a> '
        '<a href="./index.html">d</a> <link rel="x" href="../recommendations/index.html"> '
        '<a href="../missing/">e</a> <a href="/abs/">f</a> <a href="https://example.org/x/">g</a>')


def test_the_review_page_swap_needs_exactly_one_module_script():
    tag = '<script type="module" src="javascripts/review/main.js"></script>'
    assert build_offline.classic_review(f"<body>{tag}</body>") == \
        '<body><script src="javascripts/review-offline.js"></script></body>'
    with pytest.raises(ValueError, match="overrides/main.html has changed"):
        build_offline.classic_review("<body></body>")


def test_the_downloads_page_links_the_pack_only_when_it_exists(tmp_path):
    from macros.pdf_link import OFFLINE_SRC, offline_download
    absent = offline_download(tmp_path, "downloads.md")
    assert "make offline" in absent and "](" not in absent
    (tmp_path / OFFLINE_SRC).parent.mkdir(parents=True)
    (tmp_path / OFFLINE_SRC).write_bytes(b"x" * 1_600_000)
    present = offline_download(tmp_path, "downloads.md")
    assert "[Download the offline pack](downloads/restore-toolkit-offline.zip) (ZIP, 1.6 MB)" in present
    assert "unzip" in present and "`index.html`" in present and "Extract All" in present
    assert "not been tested in other browsers" in present  # said plainly
    inside = offline_download(tmp_path, "downloads.md", "https://example.org/toolkit/", offline=True)
    assert "You are reading the offline pack" in inside and "(https://example.org/toolkit/)" in inside
    assert OFFLINE_SRC not in inside
