"""Pure renderers: model in, Markdown out. Table-driven, on the small fixture data set."""

from __future__ import annotations

import markdown
import pytest

from conftest import FIXTURES
from macros import render_items, render_lists, text
from macros.loader import load_toolkit
from macros.pages import abbreviations, generated_pages

TK = load_toolkit(FIXTURES / "minimal")


def html(md: str) -> str:
    """Markdown to HTML with the site's extensions, to check what readers would see."""
    return markdown.markdown(md, extensions=["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables"])


# (input text, substring that must appear in the HTML, substring that must not)
ESCAPES = [
    ("<script>alert(1)</script>", "&lt;script&gt;", "<script>"),
    ('<img src=x onerror="alert(1)">', "&lt;img", "<img"),
    ("[click](javascript:alert(1))", "[click](javascript:alert(1))", "<a "),
    ("{{ config.site_name }}", "&#123;&#123; config.site_name &#125;&#125;", "{{"),
    ("{% include 'x' %}", "&#123;% include", "{%"),
    ("*not bold* and _not em_", "*not bold* and _not em_", "<em>"),
    ("# not a heading", "# not a heading", "<h1"),
    ("- not a list", "- not a list", "<li>"),
    ("1. not a list", "1. not a list", "<ol>"),
    ("> not a quote", "&gt; not a quote", "<blockquote>"),
    ("a | b | c", "a | b | c", "<table>"),
    ("AT&T and 5 < 6", "AT&amp;T and 5 &lt; 6", "&amp;amp;"),
    ("`code`", "`code`", "<code>"),
    ("line one\n\n    indented", "line one indented", "<pre>"),
]


@pytest.mark.parametrize(("raw", "shown", "absent"), ESCAPES, ids=[e[0][:20] for e in ESCAPES])
def test_contributor_text_is_inert(raw, shown, absent):
    out = html(text.esc(raw))
    assert shown in out
    assert absent not in out


# (from page, to page, anchor, expected relative link)
LINKS = [
    ("recommendations/tk01.md", "case-studies/cs01.md", "", "../case-studies/cs01.md"),
    ("recommendations/tk01.md", "recommendations/tk02.md", "", "tk02.md"),
    ("index.md", "sources.md", "price2021-medu", "sources.md#price2021-medu"),
    ("about/methods.md", "glossary.md", "ro", "../glossary.md#ro"),
]


@pytest.mark.parametrize(("here", "target", "anchor", "expected"), LINKS)
def test_relative_links(here, target, anchor, expected):
    assert text.link(here, target, anchor) == expected


@pytest.mark.parametrize(("authors", "short"), [
    ("Price T, Wong G, Withers L", "Price et al."),
    ("Whiteman J", "Whiteman"),
    ("NHS Resolution", "NHS Resolution"),
    ("Prescott-Clements L, Voller V", "Prescott-Clements et al."),
])
def test_short_authors(authors, short):
    assert text.short_authors(authors) == short


def test_recommendation_page_sections_in_order():
    md = render_items.recommendation_page(TK, "TK01", "recommendations/tk01.md")
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings == ["## Why it works", "## Questions to ask about your programme",
                        "## What this looks like in practice", "## What later RESTORE work found",
                        "## Related recommendations", "## Case studies", "## Evaluation principles",
                        "## Sources", "## Page history"]
    assert md.startswith("# Hold first conversations somewhere private")


def test_recommendation_page_links_both_ways_and_shows_sources():
    rec_md = render_items.recommendation_page(TK, "TK01", "recommendations/tk01.md")
    case_md = render_items.case_study_page(TK, "CS01", "case-studies/cs01.md")
    assert "(../case-studies/cs01.md)" in rec_md          # derived from the case study's list
    assert "(../recommendations/tk01.md)" in case_md
    assert "https://doi.org/10.1111/medu.14528" in text.expand_addresses(rec_md)


def test_missing_restore_numbering_is_stated_not_invented():
    tk01 = render_items.recommendation_page(TK, "TK01", "recommendations/tk01.md")
    tk02 = render_items.recommendation_page(TK, "TK02", "recommendations/tk02.md")
    assert "has not yet been transcribed" in tk01
    assert "4\\.2" in tk02 and "has not yet been transcribed" not in tk02


def test_case_study_sections_in_fixed_order():
    md = render_items.case_study_page(TK, "CS01", "case-studies/cs01.md")
    positions = [md.index(f"## {title}") for _key, title in render_items.CASE_SECTIONS]
    assert positions == sorted(positions)


def test_index_groups_by_mechanism():
    md = render_lists.recommendation_index(TK, "recommendations/index.md")
    assert md.index("## Insight") < md.index("TK01") < md.index("## Motivation") < md.index("TK02")


def test_changes_groups_by_edition_newest_first():
    md = render_lists.changes(TK, "changes.md")
    assert md.index("Not yet released") < md.index("Edition 1.0")
    assert "Reworded." in md.split("Edition 1.0")[0]


def test_glossary_and_sources_have_anchors_and_backlinks():
    glossary = render_lists.glossary_list(TK, "glossary.md")
    sources = render_lists.source_list(TK, "sources.md")
    assert 'id="responsible-officer"' in glossary and "(#remediation)" in glossary
    assert 'id="price2021-medu"' in sources and "Cited by:" in sources


def test_cite_refuses_unknown_sources():
    assert "Price et al. 2021" in render_lists.cite(TK, "index.md", "price2021-medu")
    with pytest.raises(ValueError, match="unknown source"):
        render_lists.cite(TK, "index.md", "nobody2020")


def test_generated_stubs_hold_only_front_matter_and_one_macro_call():
    for page in generated_pages(TK):
        front, body = page.content.split("---\n")[1:3]
        item_id = page.src_uri.rsplit("/", 1)[1][:-3].upper()
        calls = (f"{{{{ recommendation_page('{item_id}') }}}}", f"{{{{ case_study_page('{item_id}') }}}}")
        assert body.strip() in calls
        assert TK.rec.get(item_id, TK.case.get(item_id))["title"] not in page.content


def test_abbreviations_come_from_the_glossary():
    assert abbreviations(TK) == "*[RO]: Responsible officer"
