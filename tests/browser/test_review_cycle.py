"""The self-review as an improvement cycle, in a real browser: damaged storage, editions, two tabs, hostile
imports, UK dates, focus, touch targets, accessibility, the plan and its files, comparison and team review.

Each test starts with a fresh browser context (empty storage). Dates that matter (overdue, due soon) are
fixed with Playwright's clock, so no test depends on the day it runs.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import shutil
import subprocess
import zipfile

import pytest
from playwright.sync_api import expect

from macros.render_review import LEGACY_STORAGE_KEY, STORAGE_KEY, fingerprint, review_groups

from .test_review import (
    ANSWERS,
    AXE_TAGS,
    accept_dialogs,
    bad_file,
    fill,
    fill_three,
    message,
    open_review,
    review_ids,
    row,
    shown,
    stored,
)

pytestmark = pytest.mark.browser
BACKUP_KEY = "restore-toolkit-review-backup"
SIZES = [(1366, 768), (1280, 720), (390, 844), (320, 640)]


def seed(page, key: str, value: str):
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [key, value])


def record(answers: dict, **extra) -> dict:
    return {"format": "restore-toolkit-review", "version": 2, "answers": answers, **extra}


def backups(page) -> list:
    return json.loads(page.evaluate(f"() => localStorage.getItem('{BACKUP_KEY}') || '[]'"))


def reload(page):
    page.reload()
    page.wait_for_selector(".tk-review--ready")


# --- Answers are never lost ------------------------------------------------------------------
def test_one_bad_date_in_storage_loses_nothing_else(page, site_url, toolkit, tmp_path):
    ids = review_ids(toolkit)
    open_review(page, site_url)
    raw = json.dumps(record({
        ids[0]: {"level": "in-place", "notes": "Kept safe"},
        ids[1]: {"level": "starting", "notes": "Also kept", "target": "120277-03-31"},
        "constructor": {"level": "in-place"}}))
    seed(page, STORAGE_KEY, raw)
    reload(page)
    assert shown(page, ids[0])[:2] == ("in-place", "Kept safe")
    assert shown(page, ids[1]) == ("starting", "Also kept", "", "", "")
    expect(page.locator("[data-tk-notice]")).to_contain_text(ids[1])
    expect(page.locator("[data-tk-backup]")).to_be_visible()
    assert backups(page)[0]["raw"] == raw
    with page.expect_download() as info:
        page.get_by_role("button", name="Download the saved copy").click()
    path = tmp_path / "copy.json"
    info.value.save_as(path)
    assert json.loads(path.read_text(encoding="utf-8"))["copies"][0]["raw"] == raw
    # Answering again saves the good answers and keeps the copy.
    fill(page, ids[2], ANSWERS[2])
    assert set(stored(page)["answers"]) == {ids[0], ids[1], ids[2]}
    assert backups(page)[0]["raw"] == raw


@pytest.mark.parametrize(("raw", "words"), [
    ("{this is not JSON", "not readable"),
    (json.dumps(record({"TK01": {"level": "reviewed"}}, version=3)), "later edition"),
])
def test_unreadable_or_later_data_is_kept_untouched(page, site_url, toolkit, raw, words):
    open_review(page, site_url)
    seed(page, STORAGE_KEY, raw)
    reload(page)
    expect(page.locator("[data-tk-notice]")).to_contain_text(words)
    fill(page, review_ids(toolkit)[0], ANSWERS[0])
    assert stored(page)["version"] == 2
    assert [b["raw"] for b in backups(page)] == [raw]


def test_answers_from_the_first_edition_carry_over_and_its_copy_is_left_alone(page, site_url, toolkit):
    ids = review_ids(toolkit)
    open_review(page, site_url)
    legacy = json.dumps({"format": "restore-toolkit-review", "version": 1, "saved": "2026-11-30T10:00:00Z",
                         "answers": {ids[0]: {"status": "partly", "notes": "From edition 1.0",
                                              "updated": "2026-11-30T10:00:00Z"},
                                     ids[1]: {"status": "not-yet", "updated": "2026-11-30T10:00:00Z"}}})
    seed(page, LEGACY_STORAGE_KEY, legacy)
    reload(page)
    assert shown(page, ids[0])[:2] == ("starting", "From edition 1.0")
    assert shown(page, ids[1])[0] == "not-in-place"
    fill(page, ids[2], ANSWERS[2])
    assert page.evaluate(f"() => localStorage.getItem('{LEGACY_STORAGE_KEY}')") == legacy
    assert stored(page)["answers"][ids[0]]["level"] == "starting"


def test_two_tabs_merge_answer_by_answer_and_show_each_others_changes(browser, site_url, toolkit):
    ids = review_ids(toolkit)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        first, second = context.new_page(), context.new_page()
        open_review(first, site_url)
        open_review(second, site_url)
        row(first, ids[0]).locator("[data-tk-field=notes]").fill("Typed in the first tab")
        expect(row(second, ids[0]).locator("[data-tk-field=notes]")).to_have_value("Typed in the first tab")
        expect(message(second)).to_contain_text(f"Changed in another tab or window, and shown here too: "
                                                f"your answers to {ids[0]}")
        row(second, ids[1]).locator("[data-tk-field=notes]").fill("Typed in the second tab")
        expect(row(first, ids[1]).locator("[data-tk-field=notes]")).to_have_value("Typed in the second tab")
        row(first, ids[0]).locator('input[value="reviewed"]').check()
        expect(row(second, ids[0]).locator('input[value="reviewed"]')).to_be_checked()
        answers = stored(first)["answers"]
        assert answers[ids[0]]["notes"] == "Typed in the first tab" and answers[ids[0]]["level"] == "reviewed"
        assert answers[ids[1]]["notes"] == "Typed in the second tab"
    finally:
        context.close()


def test_a_first_edition_tab_open_beside_this_one_is_merged_in(browser, site_url, toolkit):
    """Edition 1.0's page saves under its own key; a tab of this edition takes those answers in as they come."""
    ids = review_ids(toolkit)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page, old_edition = context.new_page(), context.new_page()
        open_review(page, site_url)
        old_edition.goto(f"{site_url}glossary/")  # same origin: stands in for the /1.0/ page writing its key
        fill(page, ids[0], ANSWERS[0])
        old_edition.evaluate("([key, value]) => localStorage.setItem(key, value)", [LEGACY_STORAGE_KEY, json.dumps(
            {"format": "restore-toolkit-review", "version": 1, "answers": {
                ids[1]: {"status": "partly", "notes": "Typed in edition 1.0", "updated": "2099-01-01T00:00:00Z"}}})])
        expect(row(page, ids[1]).locator("[data-tk-field=notes]")).to_have_value("Typed in edition 1.0")
        assert shown(page, ids[1])[0] == "starting"
        assert shown(page, ids[0]) == ANSWERS[0]
        assert stored(page)["answers"][ids[1]]["level"] == "starting"
    finally:
        context.close()


# --- Imports -----------------------------------------------------------------------------------
def test_hostile_imports_are_refused_or_reported_briefly(page, site_url, toolkit):
    accept_dialogs(page)
    ids = review_ids(toolkit)
    open_review(page, site_url)
    fill(page, ids[0], ANSWERS[0])
    upload = page.get_by_label("Import answers from a JSON file you exported")
    keys = ('{"format": "restore-toolkit-review", "version": 2, "answers": {"constructor": {"level": "in-place"}, '
            f'"toString": {{"level": "in-place"}}, "{ids[1]}": {{"level": "reviewed"}}}}}}')
    upload.set_input_files(bad_file("keys.json", keys))
    expect(message(page)).to_contain_text("Imported 1 answer")
    expect(message(page)).to_contain_text("'constructor' is not a recommendation ID")
    answers = stored(page)["answers"]
    assert "constructor" not in answers and "toString" not in answers
    assert shown(page, ids[0]) == ANSWERS[0]  # not in the file: unchanged

    huge = {f"{chr(65 + i // 26000)}{chr(65 + i // 1000 % 26)}{i % 1000:03d}": {} for i in range(150_000)}
    huge[ids[2]] = {"level": "starting"}
    text = json.dumps(record(huge), separators=(",", ":"))
    assert len(text) < 2_000_000
    upload.set_input_files(bad_file("huge.json", text))
    expect(message(page)).to_contain_text("Imported 1 answer")
    expect(message(page)).to_contain_text("150000 answers are for recommendations this edition does not have")
    assert len(message(page).inner_text()) < 1000
    assert shown(page, ids[2])[0] == "starting"
    assert len(json.dumps(stored(page))) < 100_000


def test_an_import_says_what_it_replaces_before_and_after(page, site_url, toolkit):
    ids = review_ids(toolkit)
    open_review(page, site_url)
    fill_three(page, toolkit)
    dialogs: list[str] = []

    def answer(dialog):
        dialogs.append(dialog.message)
        dialog.dismiss() if len(dialogs) == 1 else dialog.accept()
    page.on("dialog", answer)
    file = record({ids[0]: {"level": "reviewed"}, ids[1]: {"level": "reviewed"}, ids[5]: {"level": "in-place"}})
    upload = page.get_by_label("Import answers from a JSON file you exported")
    upload.set_input_files(bad_file("team.json", json.dumps(file)))
    expect(message(page)).to_contain_text("Import cancelled. Your answers are unchanged.")
    assert f"replaces your answers to 2 recommendations ({ids[0]} and {ids[1]})" in dialogs[0]
    assert f"adds answers to {ids[5]}" in dialogs[0]
    assert shown(page, ids[0]) == ANSWERS[0]
    upload.set_input_files(bad_file("team.json", json.dumps(file)))
    expect(message(page)).to_contain_text(f"Replaced your answers to {ids[0]} and {ids[1]}. Added answers to {ids[5]}.")
    assert shown(page, ids[0])[0] == "reviewed"
    assert shown(page, ids[2]) == ANSWERS[2]


def test_an_export_from_the_first_edition_is_carried_onto_the_levels(page, site_url, toolkit):
    ids = review_ids(toolkit)
    open_review(page, site_url)
    old = {"format": "restore-toolkit-review", "version": 1, "exported": "2026-11-25T09:00:00Z",
           "edition": {"number": "1.0", "label": "Edition 1.0"},
           "answers": {ids[0]: {"status": "partly", "notes": "Old notes", "target": "2027-03-31",
                                "fingerprint": fingerprint(toolkit.rec[ids[0]])},
                       ids[1]: {"status": "not-yet"}, ids[2]: {"status": "in-place"},
                       ids[3]: {"status": "not-applicable"}}}
    page.get_by_label("Import answers from a JSON file you exported").set_input_files(
        bad_file("first-edition.json", json.dumps(old)))
    expect(message(page)).to_contain_text("Imported 4 answers")
    expect(message(page)).to_contain_text("Partly became Starting")
    assert [shown(page, i)[0] for i in ids[:4]] == ["starting", "not-in-place", "in-place", "not-applicable"]
    assert shown(page, ids[0])[1:] == ("Old notes", "", "", "31/03/2027")


# --- UK dates ----------------------------------------------------------------------------------
def test_dates_read_and_show_day_month_year_in_a_us_english_browser(browser, site_url, toolkit):
    ids = review_ids(toolkit)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-US")
    try:
        page = context.new_page()
        open_review(page, site_url)
        fill(page, ids[1], ANSWERS[1])
        item = row(page, ids[0])
        target = item.locator("[data-tk-field=target]")
        item.locator('input[value="starting"]').check()
        target.fill("04/05/2027")
        expect(item.locator("[data-tk-date-shown]")).to_have_text("4 May 2027")
        assert stored(page)["answers"][ids[0]]["target"] == "2027-05-04"
        for typo, words in (("31/02/2027", "February 2027 has no day 31"), ("120277-03-31", "day/month/year"),
                            ("2027-13-45", "no month 13")):
            target.fill(typo)
            expect(item.locator("[data-tk-date-shown]")).to_contain_text("Not saved. ")
            expect(item.locator("[data-tk-date-shown]")).to_contain_text(words)
            expect(target).to_have_attribute("aria-invalid", "true")
            assert stored(page)["answers"][ids[0]]["target"] == "2027-05-04"
        reload(page)
        assert shown(page, ids[0])[4] == "04/05/2027"
        assert shown(page, ids[1]) == ANSWERS[1]
        profile_date = page.get_by_label("Date of the review")
        profile_date.fill("1 December 2026")
        expect(page.locator("#tk-profile-date-shown")).to_have_text("1 December 2026")
        assert stored(page)["profile"]["date"] == "2026-12-01"
    finally:
        context.close()


# --- Quick to work through ---------------------------------------------------------------------
def test_the_form_starts_near_the_top_and_next_unanswered_moves_on(browser, site_url, toolkit):
    ids = review_ids(toolkit)
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = context.new_page()
        open_review(page, site_url)
        assert page.get_by_label("Programme name").bounding_box()["y"] < 768
        bar = page.locator("[data-tk-bar]")
        expect(bar).to_be_in_viewport()  # progress stays in view
        page.get_by_role("button", name="Start the review").click()
        assert page.evaluate("document.activeElement.closest('[data-tk-item]').dataset.id") == ids[0]
        page.keyboard.press("Space")
        expect(bar).to_contain_text(f"Answered 1 of {len(ids)}")
        page.get_by_role("button", name="Next unanswered").click()
        assert page.evaluate("document.activeElement.closest('[data-tk-item]').dataset.id") == ids[1]
        heading = row(page, ids[1]).locator("h3").bounding_box()
        header = page.locator(".md-header").bounding_box()
        assert heading["y"] >= header["y"] + header["height"]
        expect(bar).to_be_in_viewport()
        # Export and clear sit apart from the primary action, at the end of the page.
        primary = page.locator(".tk-review .md-button--primary").first
        assert primary.inner_text() == "Start the review"
        assert page.locator("[data-tk-clear-all]").bounding_box()["y"] > page.locator("[data-tk-export=json]") \
            .bounding_box()["y"]
    finally:
        context.close()


FOCUS_CHECK = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return {done: true};
  const inContent = Boolean(el.closest('.md-content'));
  // A link that wraps has several boxes, and the middle of its whole rectangle may be off the text.
  const r = el.getClientRects()[0] || el.getBoundingClientRect();
  const x = r.left + r.width / 2, y = r.top + r.height / 2;
  const hit = document.elementFromPoint(x, y);
  const ok = Boolean(hit) && (hit === el || el.contains(hit) || (hit.control === el));
  const name = el.tagName + (el.id ? '#' + el.id : '') + (el.dataset.tkField ? '[' + el.dataset.tkField + ']' : '') +
    ' ' + (el.textContent || el.value || '').trim().slice(0, 30);
  return {done: false, inContent, ok, name, hit: hit ? hit.className || hit.tagName : 'nothing', y: Math.round(y)};
}"""


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_focus_is_never_hidden_tabbing_forwards_or_backwards(browser, site_url, toolkit, width, height):
    context = browser.new_context(viewport={"width": width, "height": height})
    try:
        page = context.new_page()
        open_review(page, site_url)
        fill_three(page, toolkit)  # so each answered row has its "Clear this answer" button
        count = page.evaluate("""() => Array.from(document.querySelectorAll(
            'a[href], button, input, select, textarea, summary, [tabindex]:not([tabindex="-1"])'))
            .filter(el => !el.disabled && el.getClientRects().length).length""")
        # Two stand-in focus points, at the start and the end of the page's content: each pass starts at one
        # and goes through every focusable element of the content until focus leaves it.
        page.evaluate("""() => { const inner = document.querySelector('.md-content__inner');
            for (const [id, where] of [['tk-test-start', 'afterbegin'], ['tk-test-end', 'beforeend']]) {
              const a = document.createElement('a'); a.id = id; a.href = '#'; a.textContent = id;
              inner.insertAdjacentElement(where, a); } }""")
        checked = 0
        for key, start in (("Tab", "#tk-test-start"), ("Shift+Tab", "#tk-test-end")):
            page.locator(start).focus()
            hidden = []
            for _ in range(count + 5):
                page.keyboard.press(key)
                state = page.evaluate(FOCUS_CHECK)
                if state["done"] or not state["inContent"] or state["name"].startswith("A#tk-test-"):
                    break
                checked += 1
                if not state["ok"]:
                    hidden.append(f"{state['name']} covered by {state['hit']} at y={state['y']}")
            assert not hidden, f"{key}: focus hidden {len(hidden)} times:\n" + "\n".join(hidden[:20])
        items = len(review_ids(toolkit))
        assert checked > items * 8 * 2, checked  # every row's controls were reached both ways
    finally:
        context.close()


def test_touch_targets_are_at_least_44_pixels(browser, site_url, toolkit, tmp_path):
    context = browser.new_context(viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        open_review(page, site_url)
        fill_three(page, toolkit)
        show_compare_and_team(page, toolkit, tmp_path)
        small = page.evaluate("""() => Array.from(document.querySelectorAll(
            '.tk-review :is(button, select, textarea, input:not([type=radio]):not([type=checkbox]), '
            + '.tk-review-option, summary)')).filter(el => el.getClientRects().length)
            .map(el => [el.tagName + ' ' + (el.textContent || el.id).trim().slice(0, 40),
                        Math.round(el.getBoundingClientRect().width), Math.round(el.getBoundingClientRect().height)])
            .filter(([, w, h]) => w < 44 || h < 44)""")
        assert small == []
    finally:
        context.close()


# --- Accessibility at every size, both schemes -------------------------------------------------
def team_file(name: str, levels: list[str], ids: list[str], notes: str = "") -> dict:
    return {"name": f"{name}.json", "mimeType": "application/json", "buffer": json.dumps(record(
        {i: {"level": level, "notes": notes} for i, level in zip(ids, levels, strict=False)},
        profile={"reviewer": name})).encode("utf-8")}


def show_compare_and_team(page, toolkit, tmp_path):
    ids = review_ids(toolkit)
    earlier = record({ids[0]: {"level": "not-in-place", "action": "Book rooms", "target": "2026-01-31",
                               "fingerprint": "000000000000"}}, exported="2026-06-01T10:00:00Z")
    page.get_by_label("Earlier review to compare with (JSON)").set_input_files(
        bad_file("earlier.json", json.dumps(earlier)))
    expect(page.locator("[data-tk-compare]")).to_be_visible()
    page.get_by_label("Reviews to put side by side (JSON, several files)").set_input_files([
        team_file("Ana", ["not-in-place", "in-place"], ids), team_file("Ben", ["reviewed", "in-place"], ids)])
    expect(page.locator("[data-tk-team]")).to_be_visible()


@pytest.mark.parametrize(("scheme", "palette"), [("light", "default"), ("dark", "slate")])
def test_no_accessibility_violations_at_any_size(browser, site_url, toolkit, tmp_path, scheme, palette):
    """Each size opens the page afresh (resizing a live page catches Material's drawer mid-transition)."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1366, "height": 768}, color_scheme=scheme)
    try:
        page = context.new_page()
        open_review(page, site_url)
        ids = fill_three(page, toolkit)
        data = stored(page)
        data["answers"][ids[0]]["fingerprint"] = "000000000000"  # a "changed" flag
        data["seen"] = data["seen"][:-1]  # and a "new" one
        data["answers"][ids[1]]["target"] = "2099-99-99"  # and a damaged answer: the notice and backup box
        seed(page, STORAGE_KEY, json.dumps(data))
        page.close()
        for width, height in SIZES:
            page = context.new_page()
            page.set_viewport_size({"width": width, "height": height})
            open_review(page, site_url)
            assert page.evaluate("document.body.dataset.mdColorScheme") == palette
            expect(page.locator(".tk-review-badge").first).to_be_visible()
            expect(page.locator("[data-tk-notice]")).to_be_visible()
            row(page, ids[0]).locator("[data-tk-field=target]").fill("31/02/2027")  # a date error on show
            row(page, ids[0]).locator("details").evaluate("el => el.open = true")
            page.locator(".tk-review-key").evaluate("el => el.open = true")
            show_compare_and_team(page, toolkit, tmp_path)
            result = Axe().run(page, options={"runOnly": {"type": "tag", "values": AXE_TAGS}})
            problems = [(v["id"], [n["target"] for n in v["nodes"]][:5]) for v in result.response["violations"]]
            assert problems == [], (width, height)
            if width == 320:
                assert page.evaluate("document.documentElement.scrollWidth") <= 320
                wide = page.evaluate("""() => Array.from(document.querySelectorAll('.tk-review *'))
                    .filter(el => el.getBoundingClientRect().right > 321 && !el.closest('.tk-review-scroll'))
                    .map(el => el.tagName + '.' + el.className).slice(0, 5)""")
                assert wide == []
            page.close()
    finally:
        context.close()


# --- The plan ----------------------------------------------------------------------------------
def fixed_day(page, day: datetime.datetime):
    page.clock.set_fixed_time(day)


def test_the_plan_groups_flags_and_exports(page, site_url, toolkit, tmp_path):
    ids = review_ids(toolkit)
    fixed_day(page, datetime.datetime(2027, 3, 1, 12, 0))
    open_review(page, site_url)
    page.get_by_label("Programme name").fill("North Region PSU")
    plan_answers = [("starting", "", "Book rooms", "Zoe Lead", "01/02/2027"),       # overdue
                    ("not-in-place", "", "Write a leaflet", "Amir", "10/03/2027"),  # due soon
                    ("in-place", "", "Audit the service", "Zoe Lead", "30/09/2027"),
                    ("not-in-place", "", "", "", "")]                               # a gap, no action yet
    for rec_id, answer in zip(ids, plan_answers, strict=False):
        fill(page, rec_id, answer)
    summary = page.locator("[data-tk-plan-summary]")
    expect(summary).to_have_text("Your plan has 4 items: 1 overdue, 1 due in the next 4 weeks.")
    body = page.locator("[data-tk-plan-body]")
    expect(body.locator("tr", has_text="Book rooms")).to_contain_text("Overdue")
    expect(body.locator("tr", has_text="Write a leaflet")).to_contain_text("Due soon")
    page.get_by_label("Group the plan by").select_option("owner")
    assert body.locator("h3").all_inner_texts() == ["Amir", "Zoe Lead", "No owner yet"]
    page.get_by_label("Group the plan by").select_option("date")
    assert body.locator("h3").all_inner_texts() == ["Overdue", "March 2027", "September 2027", "No target date"]
    row(page, ids[0]).get_by_label(f"Action done for {ids[0]}").check()
    expect(summary).to_have_text("Your plan has 4 items: 1 due in the next 4 weeks, 1 done.")

    with page.expect_download() as info:
        page.get_by_role("button", name="Plan as CSV").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    table = list(csv.reader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))
    assert table[0][:9] == ["ID", "Recommendation", "Mechanism", "Level", "Action", "Owner", "Target date", "Due",
                            "Done"]
    assert [r[0] for r in table[1:]] == ids[:4]
    assert table[2][4:9] == ["Write a leaflet", "Amir", "10 March 2027", "Due soon", ""]
    assert table[1][7:9] == ["Done", "Yes"]

    with page.expect_download() as info:
        page.get_by_role("button", name="Plan as Excel").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    assert path.suffix == ".xlsx"
    with zipfile.ZipFile(path) as book:
        assert book.testzip() is None
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
    assert "Write a leaflet" in sheet and "10 March 2027" in sheet

    with page.expect_download() as info:
        page.get_by_role("button", name="Target dates for your calendar (.ics)").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    ics = path.read_bytes().decode("utf-8")
    assert ics.startswith("BEGIN:VCALENDAR\r\n") and ics.count("BEGIN:VEVENT") == 2  # the done action is left out
    assert "DTSTART;VALUE=DATE:20270310" in ics and "DTSTART;VALUE=DATE:20270930" in ics
    assert "X-WR-CALNAME:Action plan: North Region PSU" in ics

    page.emulate_media(media="print")
    printed = page.locator("[data-tk-plan]").inner_text()
    assert "North Region PSU" in printed and "Sign-off" in printed and "Printed 1 March 2027" in printed


# --- Review again, and compare -----------------------------------------------------------------
def test_compare_with_an_earlier_review_and_print_it(page, site_url, toolkit, tmp_path):
    ids = review_ids(toolkit)
    accept_dialogs(page)
    fixed_day(page, datetime.datetime(2027, 6, 1, 12, 0))
    open_review(page, site_url)
    earlier = record({
        ids[0]: {"level": "not-in-place", "action": "Book rooms", "target": "2027-03-31",
                 "fingerprint": fingerprint(toolkit.rec[ids[0]])},
        ids[1]: {"level": "in-place", "action": "Write a leaflet", "target": "2027-02-01",
                 "fingerprint": "000000000000"},
        ids[2]: {"level": "starting"}}, exported="2026-12-01T10:00:00Z", profile={"date": "2026-12-01"})
    fill(page, ids[0], ("in-place", "", "Book rooms", "", ""))
    row(page, ids[0]).get_by_label(f"Action done for {ids[0]}").check()
    fill(page, ids[1], ("starting", "", "", "", ""))
    fill(page, ids[2], ("starting", "", "", "", ""))
    page.get_by_label("Earlier review to compare with (JSON)").set_input_files(
        bad_file("december.json", json.dumps(earlier)))
    box = page.locator("[data-tk-compare]")
    expect(box).to_contain_text("Compared with the review of 1 December 2026")
    expect(box.locator(".tk-review-compare-summary")).to_have_text(
        "Since then: 1 moved up, 1 moved down, 1 stayed the same. Earlier actions: 1 done, 1 overdue. "
        "1 recommendation has changed in the toolkit since.")
    expect(box.locator("tr", has_text=ids[0])).to_contain_text("Up 2 levels")
    expect(box.locator("tr", has_text=ids[1])).to_contain_text("Down 1 level")
    expect(box.locator("tr", has_text=ids[1])).to_contain_text("changed in the toolkit since")
    expect(box.locator("tr", has_text=ids[1])).to_contain_text("Overdue")
    assert shown(page, ids[2])[0] == "starting"  # comparing changes nothing

    page.evaluate("() => { window.print = () => { window.tkPrinted = (window.tkPrinted || 0) + 1; }; }")
    page.get_by_role("button", name="Print the comparison").click()
    assert page.evaluate("window.tkPrinted") == 1
    page.emulate_media(media="print")
    expect(box).to_be_visible()
    expect(page.locator("[data-tk-plan]")).to_be_hidden()
    pdf = tmp_path / "compare.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    if not shutil.which("pdftotext"):
        pytest.fail("pdftotext is missing: run `make test` (it installs poppler-utils).", pytrace=False)
    text = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())
    assert "Compared with the review of 1 December 2026" in text and "Up 2 levels" in text
    assert "Next unanswered" not in text and "Action plan" not in text


# --- Review as a team --------------------------------------------------------------------------
def test_three_reviews_side_by_side_and_a_merged_draft(page, site_url, toolkit):
    ids = review_ids(toolkit)
    accept_dialogs(page)
    open_review(page, site_url)
    fill(page, ids[1], ("reviewed", "Mine", "", "", ""))
    files = [team_file("Ana", ["not-in-place", "in-place", "starting"], ids, "Ana's view"),
             team_file("Ben", ["in-place", "in-place", "starting"], ids, "Ben's view"),
             team_file("Cy", ["reviewed", "in-place", "starting"], ids)]
    page.get_by_label("Reviews to put side by side (JSON, several files)").set_input_files(files)
    box = page.locator("[data-tk-team]")
    expect(box).to_contain_text("3 reviews side by side")
    assert box.locator("thead th").all_inner_texts() == ["Recommendation", "Ana", "Ben", "Cy", "Merged draft"]
    first = box.locator("tbody tr").nth(0)
    expect(first).to_contain_text("Differ by 3 levels")
    assert first.locator("td").all_inner_texts() == ["Not in place", "In place", "Working well", "In place"]
    expect(box.locator("tbody tr").nth(1)).not_to_contain_text("Differ")
    expect(box.locator(".tk-review-team-summary")).to_contain_text("They agree on 2 recommendations. "
                                                                   "1 recommendation is two levels or more apart")
    page.evaluate("() => { window.print = () => { window.tkPrinted = (window.tkPrinted || 0) + 1; }; }")
    page.get_by_role("button", name="Print the team view").click()
    assert page.evaluate("window.tkPrinted") == 1
    page.emulate_media(media="print")
    expect(box).to_be_visible()
    expect(page.locator("[data-tk-plan]")).to_be_hidden()
    page.emulate_media(media="screen")
    page.evaluate("() => window.dispatchEvent(new Event('afterprint'))")
    page.get_by_role("button", name="Use the merged draft as my answers").click()
    expect(message(page, "team")).to_contain_text(f"replacing your answers to {ids[1]}")
    assert shown(page, ids[0])[:2] == ("in-place", "Ana: Ana's view\nBen: Ben's view")
    assert shown(page, ids[1])[0] == "in-place"
    assert stored(page)["answers"][ids[2]]["level"] == "starting"


# --- Start with the programme ------------------------------------------------------------------
def test_the_profile_narrows_the_list_to_what_fits_with_the_rest_one_click_away(page, site_url, toolkit):
    ids = review_ids(toolkit)
    misfits = [r["id"] for _, recs in review_groups(toolkit) for r in recs
               if "coaching" not in r["fits"]["programme_type"]]
    assert misfits, "the data has no recommendation that leaves out coaching: pick another type for this test"
    open_review(page, site_url)
    narrow = page.get_by_label("Show only the recommendations that fit the type and setting above")
    expect(narrow).to_be_hidden()  # nothing chosen yet
    page.get_by_label("Type of programme", exact=True).select_option("coaching")
    page.get_by_label("Setting", exact=True).select_option("trust")
    narrow.check()
    for rec_id in ids:
        (expect(row(page, rec_id)).to_be_hidden if rec_id in misfits else expect(row(page, rec_id)).to_be_visible)()
    expect(page.locator("[data-tk-narrow-status]")).to_contain_text(
        f"Showing {len(ids) - len(misfits)} of {len(ids)} recommendations: those that fit Coaching, "
        "An NHS trust, health board or practice.")
    page.get_by_role("button", name="Start the review").click()
    assert page.evaluate("document.activeElement.closest('[data-tk-item]').dataset.id") not in misfits
    reload(page)
    expect(row(page, misfits[0])).to_be_hidden()  # kept with the profile
    assert stored(page)["profile"] | {"updated": ""} == {"name": "", "type": "coaching", "setting": "trust",
                                                          "people": "", "date": "", "reviewer": "", "narrow": True,
                                                          "updated": ""}
    page.get_by_label("Show only the recommendations that fit the type and setting above").uncheck()
    for rec_id in ids:
        expect(row(page, rec_id)).to_be_visible()


# --- Offline: the self-review from a folder on disk --------------------------------------------
def test_the_joined_script_runs_the_self_review_from_the_file_system(browser, built_site, toolkit, tmp_path):
    """Module scripts do not run on file:// pages; classic_bundle() joins them into one script that does."""
    from macros.render_review import classic_bundle

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    (site / "javascripts" / "review-offline.js").write_text(
        classic_bundle(site / "javascripts" / "review"), encoding="utf-8")
    page_file = site / "review" / "index.html"
    html = page_file.read_text(encoding="utf-8")
    html, count = re.subn(r'<script type="module" src="([./]*)javascripts/review/main\.js"></script>',
                          r'<script src="\1javascripts/review-offline.js"></script>', html)
    assert count == 1
    page_file.write_text(html, encoding="utf-8")
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(page_file.as_uri())
        page.wait_for_selector(".tk-review--ready")
        ids = review_ids(toolkit)
        fill(page, ids[0], ANSWERS[0])
        reload(page)
        assert shown(page, ids[0]) == ANSWERS[0]
        assert not [url for url in requests if not url.startswith("file://")]
    finally:
        context.close()
