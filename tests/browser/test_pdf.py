"""The whole-toolkit PDF, made once per session from the built site by scripts/build_pdf.py.

Poppler's pdftotext and pdfinfo read it back: the text must be real, every item must be there,
pages must be A4 and never blank, and nothing from the website's chrome may appear.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import unicodedata

import pytest

from conftest import ROOT

pytestmark = pytest.mark.browser

SITE_NAME = re.search(r"^site_name: (.+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1).strip()
# Words only the website's chrome shows: skip link, navigation, search, buttons, footer.
CHROME_TEXT = ["Skip to content", "Start here", "Initializing search", "Type to start searching", "Edit this page",
               "Back to top", "Print this", "Made with Material", "Code licensed under MIT", "What has changed"]


def _tool(name: str) -> str:
    path = shutil.which(name)
    if not path:
        pytest.fail(f"{name} is missing: run `make test` (it installs poppler-utils).", pytrace=False)
    return path


def flat(text: str) -> str:
    """Text as a reader sees it: ligatures undone, lines joined, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFKC", text).split())


@pytest.fixture(scope="session")
def toolkit_pdf(built_site, tmp_path_factory):
    """(path, result of build_pdf, text of each page) for the PDF of the session's build."""
    out = tmp_path_factory.mktemp("pdf") / "restore-toolkit.pdf"
    # A process of its own: Playwright's sync API cannot start while the session's browser runs in this thread.
    run = ("import json, sys; sys.path.insert(0, sys.argv[1]); from build_pdf import build_pdf; "
           "print(json.dumps(build_pdf(sys.argv[2], sys.argv[3])))")
    done = subprocess.run([sys.executable, "-c", run, str(ROOT / "scripts"), str(built_site), str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    text = subprocess.run([_tool("pdftotext"), "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    pages = text.split("\f")
    if pages and not pages[-1].strip():
        pages.pop()  # pdftotext ends the last page with a form feed too
    return out, result, pages


def test_pdf_reports_its_pages_and_time(toolkit_pdf):
    path, result, pages = toolkit_pdf
    info = subprocess.run([_tool("pdfinfo"), str(path)], capture_output=True, text=True, check=True).stdout
    assert int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1)) == result["pages"] == len(pages)
    assert result["seconds"] > 0 and result["render_seconds"] > 0


def test_every_page_is_a4(toolkit_pdf):
    path, result, _ = toolkit_pdf
    info = subprocess.run([_tool("pdfinfo"), "-f", "1", "-l", str(result["pages"]), str(path)],
                          capture_output=True, text=True, check=True).stdout
    sizes = re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert len(sizes) == result["pages"]
    for width, height in sizes:
        assert abs(float(width) - 595.3) < 1.5 and abs(float(height) - 841.9) < 1.5, (width, height)


def test_pdf_has_bookmarks_and_tags(toolkit_pdf):
    data = toolkit_pdf[0].read_bytes()
    assert re.search(rb"/Outlines \d+ 0 R", data) and re.search(rb"/StructTreeRoot \d+ 0 R", data)
    assert data.count(b"/Title (") > 20  # one bookmark per heading, not just the document title


def test_every_item_is_in_the_text(toolkit_pdf, toolkit):
    text = flat("\n".join(toolkit_pdf[2]))
    for rec in toolkit.recommendations:
        assert f"{rec['id']}: {flat(rec['title'])}" in text, rec["id"]
    for case in toolkit.case_studies:
        assert f"{case['id']}: {flat(case['title'])}" in text, case["id"]
    for principle in toolkit.principles:
        assert f"{principle['id']}: {flat(principle['title'])}" in text, principle["id"]
    assert flat(toolkit.principles_caveat["text"]) in text
    for term in toolkit.terms:
        assert flat(term["term"]) in text, term["id"]


def _body(page: str) -> str:
    """A page's text without its running header and page number."""
    lines = [line for line in page.splitlines()
             if not re.fullmatch(r"\s*Page \d+ of \d+\s*", line) and f"{SITE_NAME} ·" not in line]
    return "\n".join(lines).strip()


def test_no_page_is_blank(toolkit_pdf):
    blank = [n for n, page in enumerate(toolkit_pdf[2], 1) if not _body(page)]
    assert not blank, f"blank pages: {blank}"


def _edition_label(cover: str) -> str:
    """'Edition 1.0' or 'Development version (after edition 1.0)', from the cover's citation."""
    found = re.search(rf"{re.escape(SITE_NAME)} \(\d{{4}}\)\. (.+?), \d{{1,2}} [A-Z][a-z]+ \d{{4}}\.", flat(cover))
    assert found, f"no citation with an edition on the cover: {flat(cover)[:400]}"
    return found.group(1)


def test_cover_says_how_to_cite_the_edition(toolkit_pdf):
    cover = toolkit_pdf[2][0]
    assert "How to cite this toolkit" in cover
    assert _edition_label(cover).startswith(("Edition ", "Development version"))


def test_running_header_and_page_numbers(toolkit_pdf):
    pages = toolkit_pdf[2]
    header = f"{SITE_NAME} · {_edition_label(pages[0])}"
    assert "Page 1 of" not in pages[0] and header not in pages[0]  # the cover has neither
    for n, page in enumerate(pages[1:], 2):
        assert f"Page {n} of {len(pages)}" in page, n
        assert header in flat(page), n


def test_contents_page_numbers_point_at_each_item(toolkit_pdf, toolkit):
    pages = toolkit_pdf[2]
    contents = "\n".join(p for p in pages[1:4] if "Contents" in p)
    starts = {}
    for item in [*toolkit.recommendations, *toolkit.case_studies]:
        found = re.search(rf"^\s*{item['id']}: .*?(\d+)\s*$", contents, re.M)
        assert found, f"{item['id']} is not in the contents with a page number"
        starts[item["id"]] = int(found.group(1))
        heading = f"{item['id']}: {flat(item['title'])}"
        assert heading in flat(pages[starts[item["id"]] - 1]), f"{item['id']} is not on page {starts[item['id']]}"
    # Each recommendation and case study starts on a page of its own.
    assert len(set(starts.values())) == len(starts)


def test_no_web_chrome_in_the_pdf(toolkit_pdf):
    text = flat("\n".join(toolkit_pdf[2]))
    for words in CHROME_TEXT:
        assert not re.search(rf"\b{re.escape(words)}\b", text), f"'{words}' is in the PDF"


def test_pdf_embeds_the_bundled_faces_and_nothing_else(toolkit_pdf):
    """The PDF carries its own type: every font is embedded and is one of the site's bundled faces, so
    the file looks the same wherever it is opened and was set the same wherever it was made."""
    path, _, _ = toolkit_pdf
    listing = subprocess.run([_tool("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    rows = listing.splitlines()[2:]  # after the heading and the rule
    assert rows, "pdffonts lists no fonts: the PDF has no real text"
    names = set()
    for row in rows:
        flags = re.search(r"\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row)
        assert flags, row
        name = row.split()[0].split("+")[-1]  # subset fonts are named ABCDEF+Family-Style
        assert flags.group(1) == "yes", f"{name} is not embedded"
        names.add(name)
    others = sorted(n for n in names if not n.startswith(("AtkinsonHyperlegibleNext", "AtkinsonHyperlegibleMono")))
    assert not others, f"the PDF uses fonts the site does not ship: {others}"
    assert any(n.startswith("AtkinsonHyperlegibleNext-Regular") for n in names), sorted(names)
