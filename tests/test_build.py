"""The built site: one strict build of the real data, checked page by page."""

from __future__ import annotations

import html
import json
import re

import pytest

from conftest import built_pages, injection_data, mkdocs, scratch_project
from macros.text import case_src, rec_src

EDIT_BASE = "https://github.com/restore-toolkit/professional-support-toolkit/edit/main/"


def page_html(site, src: str) -> str:
    """The built HTML of a docs page given by its source path ('a/index.md' -> a/index.html)."""
    folder = src.removesuffix(".md").removesuffix("index").rstrip("/")
    return (site / folder / "index.html").read_text(encoding="utf-8")


def test_every_item_has_its_own_page(built_site, toolkit):
    for rec in toolkit.recommendations:
        assert (built_site / rec_src(rec["id"]).removesuffix(".md") / "index.html").exists(), rec["id"]
    for case in toolkit.case_studies:
        assert (built_site / case_src(case["id"]).removesuffix(".md") / "index.html").exists(), case["id"]


def test_every_recommendation_is_in_the_search_index(built_site, toolkit):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    by_location = {doc["location"]: doc for doc in index["docs"]}
    for rec in toolkit.recommendations:
        doc = by_location[rec_src(rec["id"]).removesuffix(".md") + "/"]
        assert doc["title"] == rec["title"]
        assert rec["id"] in doc["tags"]


def test_no_template_syntax_or_macro_errors_left(built_site):
    for path in built_site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        for leftover in ("{{", "{%", "Macro Rendering Error"):
            assert leftover not in text, f"{leftover!r} in {path.relative_to(built_site)}"


def test_edit_links_open_the_data_file(built_site, toolkit):
    rec_page = page_html(built_site, rec_src(toolkit.recommendations[0]["id"]))
    case_page = page_html(built_site, case_src(toolkit.case_studies[0]["id"]))
    assert f'href="{EDIT_BASE}data/recommendations.yaml"' in rec_page
    assert f'href="{EDIT_BASE}data/case-studies.yaml"' in case_page
    assert f'href="{EDIT_BASE}docs/glossary.md"' in page_html(built_site, "glossary.md")


def test_item_pages_show_sources_links_and_dates(built_site, toolkit):
    for rec in toolkit.recommendations:
        text = page_html(built_site, rec_src(rec["id"]))
        assert 'id="sources"' in text
        for citation in rec["sources"]:
            source = toolkit.source[citation["source"]]
            assert html.escape(source["title"], quote=False) in text, (rec["id"], source["id"])
        for case in toolkit.cases_for_rec[rec["id"]]:
            assert f'href="../../{case_src(case["id"]).removesuffix(".md")}/"' in text
        assert "Content of this page last changed" in text


def test_index_pages_list_every_item(built_site, toolkit):
    recs = page_html(built_site, "recommendations/index.md")
    cases = page_html(built_site, "case-studies/index.md")
    assert all(f'href="{r["id"].lower()}/"' in recs for r in toolkit.recommendations)
    assert all(f'href="{c["id"].lower()}/"' in cases for c in toolkit.case_studies)


def test_every_page_shows_the_edition(built_site):
    for url in built_pages(built_site):
        text = (built_site / url / "index.html").read_text(encoding="utf-8")
        assert 'class="tk-edition"' in text, url


def test_abbreviations_are_explained_across_the_site(built_site, toolkit):
    abbreviated = [t for t in toolkit.terms if t.get("abbreviation")]
    everything = "".join(p.read_text(encoding="utf-8") for p in built_site.rglob("index.html"))
    used = [t for t in abbreviated if re.search(rf"<abbr title=\"[^\"]+\">{re.escape(t['abbreviation'])}</abbr>",
                                                everything)]
    assert len(used) >= len(abbreviated) // 2, "most glossary abbreviations should appear with hover text"


@pytest.fixture(scope="module")
def fixture_site(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("fixture-site")
    project = scratch_project(tmp / "project", injection_data(tmp))
    result = mkdocs("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return project / "site"


def test_markup_in_data_is_shown_as_text(fixture_site):
    text = page_html(fixture_site, "recommendations/tk99.md")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    live_markup = ("<script>alert", "<script>window", "<img src=x", "<iframe", "<svg onload", "<b>Bold",
                   '<a href="javascript:')
    for live in live_markup:
        assert live not in text, live
    assert "&#123;&#123; braces &#125;&#125;" in text and "{{" not in text and "{%" not in text
    assert "49?" not in text  # '{{ 7 * 7 }}' was not evaluated


def test_previous_and_next_links_name_a_marked_up_title_as_the_page_shows_it(fixture_site):
    """The footer link's accessible name is the title as typed: escaped once, not shown as '&lt;script&gt;'."""
    shown = "Show &lt;script&gt;alert(1)&lt;/script&gt; and &#123;&#123; braces &#125;&#125; as text"
    linked = [path for path in fixture_site.rglob("*.html") if 'href="../tk99/"' in path.read_text(encoding="utf-8")]
    labels = [re.search(r'md-footer__link--(?:prev|next)" aria-label="(?:Previous|Next): ([^"]*)"', p.read_text(
        encoding="utf-8")) for p in linked]
    found = [m.group(1) for m in labels if m and "script" in m.group(1)]
    assert found and all(label == shown for label in found), found
    assert html.unescape(found[0]) == "Show <script>alert(1)</script> and {{ braces }} as text"
