"""Print renderers (whole-toolkit page, blank worksheet), the PDF download line and the PDF reader."""

from __future__ import annotations

import copy
import importlib.util
import os
import re
import subprocess
import sys

import markdown
import pytest

from conftest import FIXTURES, ROOT
from macros import render_print
from macros.loader import Toolkit, load_toolkit
from macros.pdf_link import PDF_SRC, file_size, pdf_download
from macros.render_meta import citation
from macros.text import expand_addresses

TK = load_toolkit(FIXTURES / "minimal")
RELEASED = {"number": "1.0", "label": "Edition 1.0", "date": "2026-11-23", "date_uk": "23 November 2026",
            "released": True}
DEV = {"number": "dev", "label": "Development version (after edition 1.0)", "date": "2026-12-01",
       "date_uk": "1 December 2026", "released": False}
SITE = "https://example.org/toolkit/"


def whole(edition=RELEASED, tk=TK) -> str:
    return render_print.toolkit_print(tk, render_print.PRINT_SRC, "RESTORE toolkit", edition, SITE, "About it.")


def html(md: str) -> str:
    return markdown.markdown(md, extensions=["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables",
                                             "toc"])


def test_whole_toolkit_holds_every_item_in_order():
    md = whole()
    headings = re.findall(r"^#{1,2} (.+?) \{", md, re.M)
    rec_titles = [f"{r['id']}: " for r in TK.recommendations]
    assert [h for h in headings if not h.startswith(("TK", "CS", "EP"))] == [
        "RESTORE toolkit", "How to cite this toolkit", "Contents", "Recommendations", "Evaluation principles",
        "Case studies", "Glossary", "Terms", "Confidence labels", "Sources", "RESTORE programme outputs and records",
        "Service and news pages"]
    assert [h[:6] for h in headings if h.startswith("TK")] == rec_titles
    assert (md.index("\n# Evaluation principles {") < md.index("\n## EP1: ") < md.index("\n# Case studies {")
            < md.index("\n## CS01: "))
    assert TK.principles_caveat["text"] in md


def test_every_item_starts_a_new_page_with_a_unique_id():
    out = html(whole())
    for item_id in [*TK.rec, *TK.case]:
        assert re.search(rf'<h2 class="tk-print-item" id="{item_id.lower()}">{item_id}: ', out)
    ids = re.findall(r'\sid="([^"]+)"', out)
    assert len(ids) == len(set(ids)), sorted({i for i in ids if ids.count(i) > 1})
    assert "tk01-how-it-is-thought-to-work" in ids and "tk02-how-it-is-thought-to-work" in ids


def test_links_stay_inside_the_page():
    out = html(whole())
    ids = set(re.findall(r'\sid="([^"]+)"', out))
    targets = re.findall(r'href="([^"]+)"', out)
    internal = [t for t in targets if not t.startswith("http")]
    assert internal and all(t.startswith("#") for t in internal), [t for t in internal if not t.startswith("#")]
    assert {t[1:] for t in internal} <= ids
    assert 'href="#tk02"' in out and 'href="#cs01"' in out and 'href="#ep1"' in out
    assert 'href="#price2021-medu"' in out and 'href="#confidence-labels"' in out
    assert "in the self-review." in out  # the self-review is not in the PDF: words kept, link dropped


def test_escaped_brackets_never_become_links():
    md = whole()
    assert "\\[link\\](javascript:alert(1))" in md  # TK02's summary, exactly as the item page has it
    assert "javascript:" not in "".join(re.findall(r'href="([^"]+)"', html(md)))


def test_print_buttons_are_left_out():
    assert "data-tk-print" not in whole()


def test_cover_names_the_edition_and_how_to_cite_it():
    md = whole()
    cover = md[:md.index("\n# Contents {")]
    assert "Edition 1.0 · 23 November 2026" in cover
    assert citation(RELEASED, SITE, "RESTORE toolkit") in cover  # the same citation as the cite page
    assert "https://example.org/toolkit/1.0/" in expand_addresses(cover)
    assert "Development version (after edition 1.0), 1 December 2026" in whole(DEV).split("# Contents")[0]


def test_contents_lists_every_item_with_a_page_number_slot():
    md = whole()
    contents = md[md.index("\n# Contents {"):md.index("\n# Recommendations {")]
    for item_id in [*TK.rec, *TK.case]:
        assert f"](#{item_id.lower()})" in contents and f'data-tk-toc="{item_id.lower()}"' in contents


def _with_withdrawn(rec_id: str) -> Toolkit:
    files = copy.deepcopy(TK.files)
    for rec in files["recommendation"]["recommendations"]:
        if rec["id"] == rec_id:
            rec["status"] = "withdrawn"
    return Toolkit(files=files)


def test_worksheet_has_one_row_per_current_recommendation_grouped_by_mechanism():
    md = render_print.worksheet(TK, "worksheet.md")
    rows = re.findall(r"^\| (TK\d+) \| \[", md, re.M)
    assert rows == [r["id"] for m in TK.mechanisms for r in TK.recs_by_mechanism[m["id"]]]
    assert md.index("## Insight") < md.index("| TK01 |") < md.index("## Motivation") < md.index("| TK02 |")
    for state in render_print.WORKSHEET_STATES:
        assert md.count(f"{render_print.TICK_BOX} {state}") == len(rows)
    assert "(recommendations/tk01.md)" in md
    out = html(md)
    assert out.count("<tr>") == 1 + 1 + 2 * (1 + 1)  # fields table (head, blank row), two groups of head + row

    withdrawn = render_print.worksheet(_with_withdrawn("TK02"), "worksheet.md")
    assert "| TK02 |" not in withdrawn and "## Motivation" not in withdrawn and "| TK01 |" in withdrawn


def test_pdf_link_only_when_the_pdf_exists(tmp_path):
    absent = pdf_download(tmp_path, "downloads.md")
    assert "restore-toolkit.pdf](" not in absent and "make pdf" in absent
    pdf = tmp_path / PDF_SRC
    pdf.parent.mkdir(parents=True)
    pdf.write_bytes(b"%PDF-1.4\n" + b"0" * 1_234_567)
    present = pdf_download(tmp_path, "downloads.md")
    assert "](downloads/restore-toolkit.pdf)" in present and "(PDF, 1.2 MB)" in present
    assert "](../downloads/restore-toolkit.pdf)" in pdf_download(tmp_path, "about/index.md")


@pytest.mark.parametrize(("size", "shown"), [(900, "1 KB"), (380_400, "380 KB"), (999_499, "999 KB"),
                                             (1_000_000, "1.0 MB"), (12_345_678, "12.3 MB")])
def test_file_size(size, shown):
    assert file_size(size) == shown


def _build_pdf_module():
    spec = importlib.util.spec_from_file_location("build_pdf", ROOT / "scripts" / "build_pdf.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_pdf_reader_finds_pages_and_bookmarks_in_order():
    """A PDF laid out as Chromium writes one: a nested page tree and an outline with nested entries."""
    objects = {
        1: b"<</Type /Catalog /Pages 2 0 R /Outlines 10 0 R>>",
        2: b"<</Type /Pages /Count 3 /Kids [3 0 R 6 0 R]>>",
        3: b"<</Type /Pages /Count 2 /Kids [4 0 R 5 0 R] /Parent 2 0 R>>",
        4: b"<</Type /Page /Parent 3 0 R>>", 5: b"<</Type /Page /Parent 3 0 R>>", 6: b"<</Type /Page /Parent 2 0 R>>",
        10: b"<</Type /Outlines /First 11 0 R /Last 12 0 R>>",
        11: b"<</Title (Part) /Dest [5 0 R /XYZ 0 800 0] /Parent 10 0 R /Next 12 0 R /First 13 0 R>>",
        13: b"<</Title (Item) /Dest [6 0 R /XYZ 0 700 0] /Parent 11 0 R>>",
        12: b"<</Title (Last) /Dest [4 0 R /XYZ 0 600 0] /Parent 10 0 R>>",
    }
    pdf = b"%PDF-1.4\n" + b"".join(b"%d 0 obj\n%s\nendobj\n" % (n, body) for n, body in objects.items())
    pdf += b"trailer\n<</Size 14 /Root 1 0 R>>\n%%EOF\n"
    module = _build_pdf_module()
    assert module.page_order(pdf) == [4, 5, 6]
    assert module.bookmark_pages(pdf) == [2, 3, 1]


# --- The build fills the page from the item pages' HTML: the same page as from Markdown ----------------------
def _article(page_html: str) -> str:
    """The page's article, with white space between tags ignored. Python-Markdown drops the bare
    data-search-exclude attribute of blocks nested two deep (on this page, excluded from search anyway)."""
    article = page_html[page_html.index("<article"):page_html.index("</article>")]
    article = re.sub(r'\s*data-search-exclude(="[^"]*")?', "", article)
    return re.sub(r">\s+<", "><", re.sub(r"\s+", " ", article))


def test_the_print_page_filled_from_item_pages_is_the_one_made_from_markdown(tmp_path):
    """The build's whole-toolkit page (items filled in from their pages' HTML) and the same page written as
    one Markdown document and built by plain Material (the benchmark's twin) give the same article, on data
    whose TK99 is full of markup, links and brackets."""
    from conftest import injection_data, mkdocs, scratch_project
    from macros import abbr

    project = scratch_project(tmp_path / "project", injection_data(tmp_path))
    built = mkdocs("build", "-q", "-d", str(tmp_path / "site"), cwd=project)
    assert built.returncode == 0, built.stderr[-3000:]
    # Addresses are placeholders until the hook turns them into links: the twin writes them with this key.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    made = subprocess.run([sys.executable, str(ROOT / "scripts" / "bench_baseline.py"), str(project),
                           str(tmp_path / "plain")], env=env, capture_output=True, text=True, timeout=300)
    assert made.returncode == 0, made.stderr[-3000:]
    assert 'data-tk-print-item="' not in (tmp_path / "plain" / "docs" / "print.md").read_text(encoding="utf-8")
    plain = mkdocs("build", "-q", "-d", str(tmp_path / "plain-site"), cwd=tmp_path / "plain")
    assert plain.returncode == 0, plain.stderr[-3000:]

    filled = (tmp_path / "site" / "print" / "index.html").read_text(encoding="utf-8")
    from_markdown = (tmp_path / "plain-site" / "print" / "index.html").read_text(encoding="utf-8")
    # What the hook does to every page after Markdown, which the plain twin has no hook for:
    from_markdown = abbr.expand_first_use(expand_addresses(from_markdown))
    assert 'id="tk99"' in filled and 'data-tk-print-item="' not in filled
    assert _article(filled) == _article(from_markdown)


def test_an_item_page_becomes_its_section_of_the_print_page():
    item = ('<h1 id="make-it-safe">Make it &amp; keep it safe<a class="headerlink" href="#make-it-safe" '
            'title="Link to this section">&para;</a></h1>\n'
            + render_print.render_items.print_button("recommendation")
            + '<h2 id="what-to-do">What to do<a class="headerlink" href="#what-to-do">&para;</a></h2>\n'
            '<p><a href="../tk02/">TK02</a>, <a href="../../sources/#price2021-medu">Price</a>, '
            '<a href="../../review/">the self-review</a>, <a href="https://example.org/">a site</a>, '
            '<a href="../../case-studies/cs01/#what-helped">CS01</a> and <a href="#what-to-do">above</a>.</p>\n'
            '<p class="tk-source-note" data-search-exclude>This page is made from data.</p>')
    out = render_print.print_item_html(TK, "TK01", item, "recommendations/tk01/")
    assert out.startswith('<section class="tk-print-section">\n<h2 class="tk-print-item" id="tk01">TK01: Make it '
                          '&amp; keep it safe<a class="headerlink" href="#tk01"')
    assert '<h3 id="tk01-what-to-do">What to do<a class="headerlink" href="#tk01-what-to-do">' in out
    assert '<a href="#tk02">TK02</a>' in out and '<a href="#price2021-medu">Price</a>' in out
    assert '<a href="#cs01">CS01</a>' in out  # a case study's section, as the Markdown page links it
    assert ", the self-review, " in out  # not in the PDF: the words stay, the link goes
    assert '<a href="https://example.org/">a site</a>' in out and '<a href="#what-to-do">above</a>' in out
    assert "data-tk-print" not in out and "tk-source-note" not in out and out.endswith("</section>")


def test_a_print_page_missing_an_items_html_says_which_and_why():
    page = render_print.toolkit_print(TK, render_print.PRINT_SRC, "RESTORE toolkit", RELEASED, SITE, slots=True)
    assert render_print.has_slots(page) and "## TK01: " not in page
    some = {"TK01": "<p>TK01's page</p>"}
    with pytest.raises(ValueError, match=r"needs the pages of TK02, .*CS01.* build the site again"):
        render_print.fill_slots(TK, page, some, {"TK01": "recommendations/tk01/"})
    assert "## TK01: " in render_print.fill_markdown(TK, page)
