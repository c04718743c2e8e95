"""Pure renderers: model in, Markdown out. Table-driven, on the small fixture data set."""

from __future__ import annotations

import re

import markdown
import pytest
import yaml

from conftest import FIXTURES
from macros import render_items, render_lists, text
from macros.loader import load_toolkit
from macros.pages import abbreviations, abbreviations_used, generated_pages

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
    # The fixture's TK01 has no steps, pitfalls, measures or circumstances: those sections are left out.
    assert headings == ["## What this rests on", "## How it is thought to work",
                        "## Questions to ask about your programme",
                        "## What this looks like in practice", "## What later research found",
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
    assert "### Responsible officer (RO) { #responsible-officer" in glossary and "(#remediation)" in glossary
    assert "ARCP (ARCP)" not in glossary
    assert 'id="price2021-medu"' in sources and "Cited by:" in sources


def test_cite_refuses_unknown_sources():
    assert "Price et al. 2021" in render_lists.cite(TK, "index.md", "price2021-medu")
    with pytest.raises(ValueError, match="unknown source"):
        render_lists.cite(TK, "index.md", "nobody2020")


def test_generated_pages_are_the_renderers_output_and_skip_the_macros_plugin():
    for page in generated_pages(TK):
        front, body = page.content.split("---\n")[1:3]
        item_id = page.src_uri.rsplit("/", 1)[1][:-3].upper()
        meta = yaml.safe_load(front)
        assert meta["render_macros"] is False and meta["tk_item"] == item_id
        render = render_items.recommendation_page if item_id in TK.rec else render_items.case_study_page
        assert body.strip() == render(TK, item_id, page.src_uri).strip()
        assert "{{" not in body  # nothing is left for Jinja, so the macros plugin may skip the page


def test_abbreviations_come_from_the_glossary():
    assert abbreviations(TK) == "*[RO]: Responsible officer"


ABBR_LINES = [("GMC", "*[GMC]: General Medical Council"), ("RO", "*[RO]: Responsible officer"),
              ("WT&E", "*[WT&E]: Workforce, training and education")]


@pytest.mark.parametrize("markdown, expected", [
    ("The GMC and the RO met.", ["GMC", "RO"]),
    ("*GMC* and _GMC_ and **WT&E**", ["GMC", "WT&E"]),   # emphasis either way still counts
    ("(RO), RO. and [RO](x.md)", ["RO"]),
    ("PROBE, ROUTE and GMCs", []),                      # only whole words, as the abbr extension matches
    ("", []),
])
def test_a_page_gets_the_definitions_of_the_abbreviations_it_uses_and_no_others(markdown, expected):
    used = abbreviations_used(ABBR_LINES, markdown)
    assert used.splitlines() == [line for name, line in ABBR_LINES if name in expected]


# --- Labels on each part, steps, measures, review dates (real data: the fixture has none of these) ---
REAL = load_toolkit()


def test_each_part_of_a_recommendation_says_what_it_rests_on():
    md = render_items.recommendation_page(REAL, "TK04", "recommendations/tk04.md")
    top = md[:md.index("## What this rests on")]
    assert "**What rests on what:**" in top and "(../about/unknowns.md)" in top
    assert "Last reviewed: 1 December 2026" in top and "Next review due: 1 December 2027" in top
    headings = [line for line in md.splitlines() if line.startswith("## ")]
    assert headings[:7] == ["## What this rests on", "## How it is thought to work", "## What to do",
                            "## Pitfalls to avoid", "## How you will know it is working", "## Where it fits",
                            "## Questions to ask about your programme"]
    chain = md[md.index("## How it is thought to work"):md.index("## What to do")]
    assert "The toolkit's reading</span>" in chain
    steps = md[md.index("## What to do"):md.index("## Pitfalls to avoid")]
    assert "### A first-meeting agenda and plan outline" in steps
    # Every numbered step names who does it, and is either cited or labelled as the toolkit's suggestion.
    lines = [line for line in steps.splitlines() if re.match(r"\d+\. \*\*", line)]
    assert len(lines) == len(REAL.rec["TK04"]["steps"])
    assert all("tk-cite" in line or "Toolkit's suggestion" in line for line in lines)
    measures = md[md.index("## How you will know it is working"):md.index("## Where it fits")]
    assert measures.count("*Where the figure comes from:*") == len(REAL.rec["TK04"]["measures"])
    rests = md[md.index("## What this rests on"):md.index("## How it is thought to work")]
    assert "Editorial link" in rests


def test_practice_examples_say_what_kind_of_document_they_come_from():
    md = render_items.recommendation_page(REAL, "TK01", "recommendations/tk01.md")
    practice = md[md.index("## What this looks like in practice"):md.index("## What later research found")]
    assert practice.count("- **Service page:**") == 2
    later = md[md.index("## What later research found"):md.index("## Related recommendations")]
    assert "- **Oxford realist evaluation:**" in later and "Oxford realist evaluation n.d." in later
    # A third-party summary of a paper is not a service page, and a published report is not a service.
    tk10 = render_items.recommendation_page(REAL, "TK10", "recommendations/tk10.md")
    assert "- **Summary on the web:** A third-party summary" in tk10
    assert "- **Published report:** London's Professional Support Unit" in tk10


def test_named_person_options_show_trade_offs():
    md = render_items.recommendation_page(REAL, "TK02", "recommendations/tk02.md")
    table = md[md.index("### Who could be the doctor's named person"):md.index("## Pitfalls to avoid")]
    options = REAL.rec["TK02"]["options"]["items"]
    assert table.count("*Strengths:*") == table.count("*Drawbacks:*") == len(options)
    assert "PPA adviser" in table and "peer mentor" in table and "The toolkit's reading" in table
    assert render_items.who_label(["case-manager", "doctor", "hr"]) == "Case manager, the doctor, HR"


def test_case_study_says_how_to_read_it_and_ends_with_what_to_copy():
    md = render_items.case_study_page(REAL, "CS02", "case-studies/cs02.md")
    assert "**How to read this: Context to learn from.**" in md[:md.index("## Context")]
    copy = md.index("## What you could copy, and what it would need")
    assert md.index("## What others can take from it") < copy < md.index("## Linked recommendations")
    assert "Next review due: 1 December 2027" in md


def test_facet_index_lists_only_recommendations_that_fit():
    md = render_items.recommendation_facets(REAL, "recommendations/index.md")
    assert [h for h in md.splitlines() if h.startswith("### ")] == [
        "### Career stage", "### Kind of support", "### Setting", "### Referral route"]
    row = next(line for line in md.splitlines() if line.startswith("| Self-referral |"))
    fitting = {r["id"] for r in REAL.recommendations if "self-referral" in r["fits"]["referral_route"]}
    assert set(re.findall(r"\[(TK\d+)\]", row)) == fitting and len(fitting) < len(REAL.recommendations)
    # A value that every recommendation fits is said once, not listed as a row of every ID.
    everyone = [v for v in render_items.FACET_VALUES
                if all(v in r["fits"]["career_stage"] for r in REAL.recommendations)]
    assert everyone and f"| {render_items.FACET_VALUES[everyone[0]]} |" not in md


def test_unsourced_parts_are_labelled_as_the_toolkits_own():
    own = render_items.part_label({"text": "x"}, REAL, "recommendations/tk01.md")
    assert "Toolkit's suggestion" in own and "tk-conf--inferred" in own
    cited = render_items.part_label({"text": "x", "sources": [{"source": "price2021-medu", "confidence": "verified"}]},
                                    REAL, "recommendations/tk01.md")
    assert "Price et al. 2021" in cited and "Toolkit's suggestion" not in cited
