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


# --- Advice a programme lead can act on, labelled part by part (issue 15) ---------------------
ROLE_WORDS = {"responsible-officer", "case-manager", "supervisor", "hr", "occupational-health", "doctor"}


@pytest.mark.parametrize("rec", RECS)
def test_recommendation_says_what_to_do_who_does_it_and_how_to_tell(rec):
    assert 3 <= len(rec["steps"]) <= 6 and all(step["who"] for step in rec["steps"])
    assert 1 <= len(rec["pitfalls"]) <= 3
    assert 2 <= len(rec["measures"]) <= 4 and all(m["data_from"].strip() for m in rec["measures"])
    assert set(rec["fits"]) == {"career_stage", "programme_type", "setting", "referral_route"}
    assert rec["last_reviewed"] < rec["next_review"]


def test_steps_draw_on_uk_guidance_and_name_the_roles_leads_work_with():
    steps = [s for r in TK.recommendations for s in r["steps"]]
    cited = [s for s in steps if s.get("sources")]
    assert len(cited) >= len(steps) / 2, "most steps come from UK guidance or services, not only the toolkit"
    kinds = {TK.source[c["source"]]["kind"] for s in cited for c in s["sources"]}
    assert {"guidance", "web-page"} <= kinds
    assert ROLE_WORDS <= {w for s in steps for w in s["who"]}


def test_first_meeting_agenda_and_named_person_options_are_there():
    assert "agenda" in TK.rec["TK04"]["outline"]["title"].lower() and len(TK.rec["TK04"]["outline"]["items"]) >= 5
    options = " ".join(o["option"] for o in TK.rec["TK02"]["options"]["items"])
    for who in ("case manager", "peer mentor", "PPA", "BMA"):
        assert who in options


@pytest.mark.parametrize("case", CASES)
def test_case_study_says_how_to_read_it_and_what_to_copy(case):
    assert case["reading"] in ("model-to-adapt", "context-to-learn-from") and case["reading_note"].strip()
    assert case["to_copy"] and all(c["needs"].strip() for c in case["to_copy"])
    assert case["last_reviewed"] < case["next_review"]


def test_anonymised_research_is_context_not_a_model():
    assert all(c["reading"] == "context-to-learn-from" for c in TK.case_studies if c["anonymised"])


def test_the_oxford_evaluation_is_not_filed_as_restore_and_has_a_plain_name():
    ora = TK.source["ora2025-realist-evaluation"]
    assert ora["kind"] == "probably-restore" and ora["short"] == "Oxford realist evaluation"
    assert "not shown in the repository record" not in ora["authors"]


# "not RESTORE" may stay once on a hand-written page; the item data must not repeat it.
PHRASES_GONE = ["probably part of RESTORE 2", "the toolkit's inference", "not a RESTORE",
                "only when they trust", "depends a great deal", "A deanery unit that", "main obstacle", "easy to find",
                "Many doctors see remediation", "Courses, assessments and meetings are not enough"]


@pytest.mark.parametrize("phrase", PHRASES_GONE)
def test_drifted_or_repeated_wording_is_gone(phrase):
    pages = [p.read_text(encoding="utf-8") for p in (ROOT / "docs").rglob("*.md") if "contribute" not in p.parts]
    data = [(ROOT / "data" / name).read_text(encoding="utf-8")
            for name in ("recommendations.yaml", "case-studies.yaml", "principles.yaml", "glossary.yaml")]
    found = [text for text in pages + data if phrase.lower() in text.lower()]
    assert not found, f"'{phrase}' is still on the site"


def test_item_data_no_longer_repeats_not_restore():
    for name in ("recommendations.yaml", "case-studies.yaml", "principles.yaml"):
        assert "not RESTORE" not in (ROOT / "data" / name).read_text(encoding="utf-8"), name


def test_summaries_are_credited_to_the_summary_not_the_paper():
    for item in TK.recommendations + TK.case_studies:
        for value in strings(item):
            if "summary of" in value.lower() and "picks out" in value:
                assert "tomesphere2025-reynolds-summary" in str(item)


# --- Review dates ---------------------------------------------------------------------------
def _review_root(tmp_path, next_review):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "recommendations.yaml").write_text(
        "recommendations:\n  - id: TK01\n    status: current\n"
        f"    last_reviewed: 2026-01-01\n    next_review: {next_review}\n", encoding="utf-8")
    return tmp_path


def test_a_passed_review_date_fails_with_file_line_and_item(tmp_path):
    import datetime

    from macros import review_dates
    problems, warnings = review_dates.overdue(_review_root(tmp_path, "2026-11-30"), datetime.date(2026, 12, 1))
    assert len(problems) == 1 and not warnings
    assert problems[0].line == 5 and "next_review" in problems[0].field and "TK01" in problems[0].field
    assert "has passed" in problems[0].message


@pytest.mark.parametrize(("due", "warned"), [("2027-01-30", True), ("2027-01-31", False)])
def test_a_review_due_within_60_days_warns(tmp_path, due, warned):
    import datetime

    from macros import review_dates
    problems, warnings = review_dates.overdue(_review_root(tmp_path, due), datetime.date(2026, 12, 1))
    assert not problems and bool(warnings) is warned
    if warned:
        assert "data/recommendations.yaml, line 5" in warnings[0] and "TK01" in warnings[0]


def test_no_published_item_is_overdue_today():
    from macros import review_dates
    problems, _ = review_dates.overdue(ROOT)
    assert not problems


def test_the_content_check_stops_on_a_passed_review_date(tmp_path):
    """The loader runs the review-date check: a passed date fails the check with the file and line."""
    import shutil
    import subprocess
    import sys

    from conftest import FIXTURES
    root = tmp_path / "project"
    shutil.copytree(FIXTURES / "minimal", root)
    data = root / "data" / "recommendations.yaml"
    text = data.read_text(encoding="utf-8")
    data.write_text(text.replace("    keywords: [psychological safety]\n",
                                 "    keywords: [psychological safety]\n"
                                 "    last_reviewed: 2020-01-01\n    next_review: 2021-01-01\n", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros.check", str(root)], cwd=ROOT, capture_output=True,
                            text=True, env={"TOOLKIT_CACHE": "0", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "data/recommendations.yaml, line 30" in result.stderr and "2021-01-01 has passed" in result.stderr


@pytest.mark.parametrize("item", ALL_ITEMS)
def test_no_word_is_split_at_a_hyphen_by_line_wrapping(item):
    """A folded line that ends in 'non-' reads 'non- engagement' on the page."""
    broken = [s for s in strings(item) if re.search(r"[a-z]- [a-z]", s)]
    assert not broken, broken
