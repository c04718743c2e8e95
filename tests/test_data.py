"""The real content: valid, unique, cross-referenced, sourced and honest about what it is.

Parametrised per item, so a failure names the item to fix.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from macros.loader import cited_in_pages, load_toolkit
from macros.render_items import CASE_SECTIONS

TK = load_toolkit()
RECS = [pytest.param(r, id=r["id"]) for r in TK.recommendations]
CASES = [pytest.param(c, id=c["id"]) for c in TK.case_studies]
ALL_ITEMS = RECS + CASES + [pytest.param(p, id=p["id"]) for p in TK.principles]


def strings(value):
    """Every string anywhere inside ``value``."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for child in value.values():
            yield from strings(child)
    elif isinstance(value, list):
        for child in value:
            yield from strings(child)


def cited_sources(value):
    if isinstance(value, dict):
        if "source" in value:
            yield value["source"]
        for child in value.values():
            yield from cited_sources(child)
    elif isinstance(value, list):
        for child in value:
            yield from cited_sources(child)


def test_the_toolkit_has_the_programme_theory_it_claims():
    assert {m["id"] for m in TK.mechanisms} == {"insight", "motivation", "sustained-change", "whole-programme"}
    # The RESTORE 1 abstract names nine strategies under three mechanisms, plus a cross-cutting design idea.
    by_mechanism = {m: [s for s in TK.strategies if s["mechanism"] == m] for m in TK.mechanism}
    assert [len(by_mechanism[m]) for m in ("insight", "motivation", "sustained-change")] == [3, 4, 2]
    assert len(by_mechanism["whole-programme"]) >= 1


def test_every_strategy_has_a_recommendation_resting_on_it():
    used = {s for r in TK.recommendations for s in r["basis"]["strategies"]}
    assert {s["id"] for s in TK.strategies} <= used


@pytest.mark.parametrize("rec", RECS)
def test_recommendation_is_complete(rec):
    assert len(rec["questions"]) >= 3
    assert all(q.rstrip().endswith("?") for q in rec["questions"]), "questions are prompts, ending in '?'"
    assert rec["sources"], "every recommendation lists its sources"
    assert rec["title"][0].isupper() and not rec["title"].istitle(), "titles are in sentence case"


@pytest.mark.parametrize("rec", RECS)
def test_recommendation_never_claims_restore_numbering(rec):
    text = " ".join(strings({k: v for k, v in rec.items() if k != "restore_report"}))
    assert not re.search(r"RESTORE\s*(1\s*)?recommendation\s*\d", text, re.I)


@pytest.mark.parametrize("case", CASES)
def test_case_study_has_every_section_with_sources(case):
    for key, _title in CASE_SECTIONS:
        assert case[key], f"{case['id']} section {key} is empty"
        assert all(point["sources"] for point in case[key])


@pytest.mark.parametrize("item", ALL_ITEMS)
def test_item_has_no_empty_text_and_a_history(item):
    assert all(s.strip() for s in strings(item))
    assert item["history"] and all(h["change"].strip() for h in item["history"])


def test_ids_are_unique_across_each_type():
    for items in (TK.recommendations, TK.case_studies, TK.principles, TK.sources, TK.terms, TK.strategies):
        ids = [i["id"] for i in items]
        assert len(ids) == len(set(ids))


def test_links_stored_on_one_side_are_derived_both_ways():
    for case in TK.case_studies:
        for rec_id in case["recommendations"]:
            assert case in TK.cases_for_rec[rec_id]
    for principle in TK.principles:
        for rec_id in principle["recommendations"]:
            assert principle in TK.principles_for_rec[rec_id]


def test_every_source_is_cited_and_every_citation_resolves():
    cited = set(cited_sources(list(TK.files.values()))) | cited_in_pages(ROOT / "docs")
    assert cited <= set(TK.source), f"unknown sources: {cited - set(TK.source)}"
    assert set(TK.source) <= cited, f"sources never cited: {set(TK.source) - cited}"


def test_anonymised_case_studies_name_no_place():
    for case in TK.case_studies:
        if case["anonymised"]:
            assert "anonymised" in case["place"].lower() or "not disclosed" in case["place"].lower()


def test_glossary_is_substantial_and_abbreviations_are_unique():
    assert len(TK.terms) >= 25
    abbreviations = [t["abbreviation"] for t in TK.terms if t.get("abbreviation")]
    assert len(abbreviations) == len(set(abbreviations))


def test_glossary_warns_about_the_unrelated_care_home_tool():
    text = " ".join(strings(TK.terms))
    assert "RESTORE2" in text and "unrelated" in text.lower()


def test_principles_carry_the_attribution_caveat():
    assert len(TK.principles) == 6
    assert TK.principles_caveat["text"].strip()
    assert all(p["recommendations"] for p in TK.principles)


def test_editions_are_newest_first():
    dates = [e["date"] for e in TK.editions]
    assert dates == sorted(dates, reverse=True)
