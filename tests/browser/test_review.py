"""The self-review page in a real browser: saving, exporting, importing, flags, printing, privacy, access.

Answers live in localStorage only. Each test starts with a fresh browser context (empty storage).
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from urllib.parse import urlparse

import pytest
from playwright.sync_api import expect

from macros.render_review import LEVELS, STORAGE_KEY, fingerprint, review_groups

pytestmark = pytest.mark.browser

AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# (level, notes, action, owner, target date as typed). Commas, quotes, line breaks and accents test the CSV.
ANSWERS = [
    ("starting", 'We meet in a shared office, "most weeks".\nSome meetings are online.', "Book a private room",
     "Programme lead", "31/03/2027"),
    ("not-in-place", "Nothing in place yet: équipe ideas only", "", "Case manager", "30/06/2027"),
    ("in-place", "=1+1 done since 2025", "", "", ""),
]
LABELS = {value: text for value, text, _ in LEVELS}


def iso(typed: str) -> str:
    """'31/03/2027' -> '2027-03-31': how a typed date is stored and exported."""
    return "-".join(reversed(typed.split("/"))) if typed else ""


def review_ids(toolkit) -> list[str]:
    return [r["id"] for _, recs in review_groups(toolkit) for r in recs]


def open_review(page, site_url):
    page.goto(f"{site_url}review/")
    page.wait_for_selector(".tk-review--ready")


def row(page, rec_id: str):
    return page.locator(f'[data-tk-item][data-id="{rec_id}"]')


def fill(page, rec_id: str, answer: tuple):
    level, notes, action, owner, target = answer
    item = row(page, rec_id)
    item.locator(f'input[value="{level}"]').check()
    item.locator("[data-tk-field=notes]").fill(notes)
    item.locator("[data-tk-field=action]").fill(action)
    item.locator("[data-tk-field=owner]").fill(owner)
    item.locator("[data-tk-field=target]").fill(target)


def shown(page, rec_id: str) -> tuple:
    item = row(page, rec_id)
    checked = item.locator("[data-tk-field=level]:checked")
    level = checked.get_attribute("value") if checked.count() else ""
    return (level, *(item.locator(f"[data-tk-field={f}]").input_value() for f in ("notes", "action", "owner",
                                                                                   "target")))


def stored(page):
    return page.evaluate(f"() => JSON.parse(localStorage.getItem('{STORAGE_KEY}'))")


def fill_three(page, toolkit) -> list[str]:
    ids = review_ids(toolkit)[:3]
    for rec_id, answer in zip(ids, ANSWERS, strict=True):
        fill(page, rec_id, answer)
    return ids


def accept_dialogs(page):
    page.on("dialog", lambda dialog: dialog.accept())


def test_answers_survive_a_reload(page, site_url, toolkit):
    open_review(page, site_url)
    ids = fill_three(page, toolkit)
    page.reload()
    page.wait_for_selector(".tk-review--ready")
    for rec_id, answer in zip(ids, ANSWERS, strict=True):
        assert shown(page, rec_id) == answer
    total = len(review_ids(toolkit))
    expect(page.locator("[data-tk-overall]")).to_have_text(f"You have answered 3 of {total} recommendations.")
    assert page.locator('[data-tk-progress="all"] [data-tk-count="starting"]').inner_text() == "1"
    assert set(stored(page)["answers"]) == set(ids)
    assert stored(page)["answers"][ids[0]]["target"] == "2027-03-31"
    assert stored(page)["version"] == 2


def test_csv_export_matches_the_answers(page, site_url, toolkit, tmp_path):
    open_review(page, site_url)
    ids = fill_three(page, toolkit)
    with page.expect_download() as info:
        page.get_by_role("button", name="Export CSV").click()
    download = info.value
    assert download.suggested_filename.endswith(".csv")
    download.save_as(tmp_path / "answers.csv")
    raw = (tmp_path / "answers.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert text.endswith("\r\n")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == ["ID", "Mechanism", "Title", "Status", "Notes", "Action", "Owner", "Target date", "Edition",
                       "Evidence we have", "Action done"]
    assert [r[0] for r in rows[1:]] == review_ids(toolkit)
    edition = page.locator("[data-tk-review]").get_attribute("data-edition")
    by_id = {r[0]: r for r in rows[1:]}
    for rec_id, (level, notes, action, owner, target) in zip(ids, ANSWERS, strict=True):
        rec = toolkit.rec[rec_id]
        safe_notes = "'" + notes if notes.startswith("=") else notes  # never read as a formula
        assert by_id[rec_id] == [rec_id, toolkit.mechanism[rec["mechanism"]]["name"], rec["title"], LABELS[level],
                                 safe_notes, action, owner, iso(target), edition, "", ""]
    unanswered = by_id[review_ids(toolkit)[3]]
    assert unanswered[3:8] == ["", "", "", "", ""]


def export_json(page, tmp_path):
    with page.expect_download() as info:
        page.get_by_role("button", name="Export JSON").click()
    path = tmp_path / info.value.suggested_filename
    info.value.save_as(path)
    return path


def test_json_export_clear_and_import_round_trip(page, site_url, toolkit, tmp_path):
    accept_dialogs(page)
    open_review(page, site_url)
    ids = fill_three(page, toolkit)
    path = export_json(page, tmp_path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "restore-toolkit-review" and data["version"] == 2
    assert data["edition"]["number"] == page.locator("[data-tk-review]").get_attribute("data-edition")
    assert data["exported"]
    for rec_id, (level, notes, action, owner, target) in zip(ids, ANSWERS, strict=True):
        answer = data["answers"][rec_id]
        assert (answer["level"], answer["notes"], answer["action"], answer["owner"], answer["target"]) == (
            level, notes, action, owner, iso(target))
        assert answer["fingerprint"] == fingerprint(toolkit.rec[rec_id])

    page.get_by_role("button", name="Clear my answers").click()
    expect(message(page)).to_contain_text("cleared")
    assert not [a for a in stored(page)["answers"].values() if a["level"] or a["notes"] or a["action"]]
    for rec_id in ids:
        assert shown(page, rec_id) == ("", "", "", "", "")

    page.get_by_label("Import answers from a JSON file you exported").set_input_files(path)
    expect(message(page)).to_contain_text("Imported 3 answers")
    for rec_id, answer in zip(ids, ANSWERS, strict=True):
        assert shown(page, rec_id) == answer
    page.reload()
    assert shown(page, ids[0]) == ANSWERS[0]


def message(page, which: str = "main"):
    return page.locator("[data-tk-message]" if which == "main" else f'[data-tk-note="{which}"]')


def bad_file(name: str, content: str) -> dict:
    return {"name": name, "mimeType": "application/json", "buffer": content.encode("utf-8")}


def test_bad_imports_change_nothing(page, site_url, toolkit):
    accept_dialogs(page)
    open_review(page, site_url)
    ids = fill_three(page, toolkit)
    before = page.evaluate(f"() => localStorage.getItem('{STORAGE_KEY}')")
    message = page.locator("[data-tk-message]")
    upload = page.get_by_label("Import answers from a JSON file you exported")
    bad = [
        (bad_file("notes.json", "these are my notes, not JSON {"), "is not a JSON file"),
        (bad_file("other.json", json.dumps({"hello": "world"})), "not an export from this self-review"),
        (bad_file("null.json", "null"), "not an export from this self-review"),
        (bad_file("status.json", json.dumps({"format": "restore-toolkit-review", "version": 2,
                                             "answers": {ids[0]: {"level": "maybe"}}})), "'maybe' is not a level"),
        (bad_file("date.json", json.dumps({"format": "restore-toolkit-review", "version": 2,
                                           "answers": {ids[0]: {"level": "starting", "target": "2027-13-45"}}})),
         "'2027-13-45' is not a real date"),
        (bad_file("proto.json", '{"format": "restore-toolkit-review", "version": 2, "answers": {"__proto__": '
                                '{"level": "in-place"}}}'), "is not a recommendation ID"),
        (bad_file("newer.json", json.dumps({"format": "restore-toolkit-review", "version": 3, "answers": {}})),
         "later edition"),
    ]
    for payload, words in bad:
        upload.set_input_files(payload)
        expect(message).to_contain_text(words)
        expect(message).to_contain_text("Nothing was imported and your answers are unchanged")
        expect(message).to_have_class("tk-review-message tk-review-message--error")
        assert page.evaluate(f"() => localStorage.getItem('{STORAGE_KEY}')") == before
        assert shown(page, ids[0]) == ANSWERS[0]
    assert message.get_attribute("role") == "status"

    # Answers for unknown IDs are reported; the rest are imported.
    # Answers for unknown IDs are reported; the rest are imported, and answers not in the file stay.
    mixed = {"format": "restore-toolkit-review", "version": 2, "answers": {
        "TK99": {"level": "starting"},
        ids[1]: {"level": "not-applicable", "notes": "Imported", "fingerprint": fingerprint(toolkit.rec[ids[1]])}}}
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: dialogs.append(dialog.message))
    upload.set_input_files(bad_file("mixed.json", json.dumps(mixed)))
    expect(message).to_contain_text("Imported 1 answer")
    expect(message).to_contain_text("TK99")
    expect(message).to_contain_text(f"Replaced your answers to {ids[1]}")
    assert dialogs and f"replaces your answers to 1 recommendation ({ids[1]})" in dialogs[-1]
    assert shown(page, ids[1])[:2] == ("not-applicable", "Imported")
    assert shown(page, ids[0]) == ANSWERS[0]


def test_changed_and_new_items_are_flagged(page, site_url, toolkit):
    open_review(page, site_url)
    ids = review_ids(toolkit)
    changed, same, new = ids[0], ids[1], ids[2]
    seed = {"format": "restore-toolkit-review", "version": 2, "saved": "2026-01-01T00:00:00Z",
            "seen": [i for i in ids if i != new],
            "answers": {changed: {"level": "starting", "notes": "Old answer", "fingerprint": "000000000000"},
                        same: {"level": "in-place", "fingerprint": fingerprint(toolkit.rec[same])}}}
    page.evaluate("([key, value]) => localStorage.setItem(key, value)", [STORAGE_KEY, json.dumps(seed)])
    page.reload()
    page.wait_for_selector(".tk-review--ready")
    expect(row(page, changed).locator("[data-tk-flag]")).to_contain_text("Changed since you answered")
    expect(row(page, new).locator("[data-tk-flag]")).to_contain_text("New")
    expect(row(page, same).locator("[data-tk-flag]")).to_be_hidden()
    expect(row(page, ids[3]).locator("[data-tk-flag]")).to_be_hidden()

    row(page, changed).get_by_role("button", name=f"My answer to {changed} still stands").click()
    expect(row(page, changed).locator("[data-tk-flag]")).to_be_hidden()
    assert stored(page)["answers"][changed]["fingerprint"] == fingerprint(toolkit.rec[changed])
    assert stored(page)["answers"][changed]["notes"] == "Old answer"

    row(page, new).locator('input[value="not-applicable"]').check()
    expect(row(page, new).locator("[data-tk-flag]")).to_be_hidden()


def test_print_shows_the_action_plan_only(page, site_url, toolkit, tmp_path):
    open_review(page, site_url)
    page.get_by_label("Programme name").fill("North Region PSU")
    page.get_by_label("Type of programme", exact=True).select_option("Coaching")
    ids = fill_three(page, toolkit)
    applicable = review_ids(toolkit)[3]
    row(page, applicable).locator('input[value="not-applicable"]').check()
    page.emulate_media(media="print")
    plan = page.locator("[data-tk-plan]")
    expect(plan).to_be_visible()
    text = plan.inner_text()
    assert "Action plan" in text and "Printed" in text and "Sign-off" in text and "Signature" in text
    assert "North Region PSU" in text and "Coaching" in text
    assert page.locator("[data-tk-review]").get_attribute("data-edition-label") in text
    gap, no_action = toolkit.rec[ids[0]], toolkit.rec[ids[1]]
    for words in (gap["title"], "Starting", "Book a private room", "Programme lead", "31 March 2027",
                  no_action["title"], "Not in place", "No action agreed yet", "30 June 2027"):
        assert words in text
    assert toolkit.rec[ids[2]]["title"] not in text  # in place, no action: not a gap
    assert toolkit.rec[applicable]["title"] not in text
    for chrome in ("article h1", "[data-tk-item] >> nth=0", ".tk-review-tools", ".tk-review-privacy",
                   "#review-progress", ".md-sidebar--primary", ".md-header", "[data-tk-bar]", ".tk-review-profile",
                   ".tk-review-plan-tools"):
        expect(page.locator(chrome)).to_be_hidden()

    pdf = tmp_path / "plan.pdf"
    page.pdf(path=str(pdf), prefer_css_page_size=True)
    for tool in ("pdftotext", "pdfinfo"):
        if not shutil.which(tool):
            pytest.fail(f"{tool} is missing: run `make test` (it installs poppler-utils).", pytrace=False)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert "(A4)" in info, f"the action plan is not A4:\n{info}"
    printed = " ".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                                      check=True).stdout.split())
    assert "Action plan" in printed and "Book a private room" in printed
    assert "Clear my answers" not in printed and "Export CSV" not in printed and "Next unanswered" not in printed


def is_local(url: str) -> bool:
    parsed = urlparse(url[len("blob:"):] if url.startswith("blob:") else url)
    return parsed.scheme == "data" or parsed.hostname == "127.0.0.1"


def test_nothing_leaves_the_machine_and_it_works_offline(page, site_url, toolkit, tmp_path):
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    accept_dialogs(page)
    open_review(page, site_url)
    page.context.set_offline(True)  # everything below works with the network off
    ids = fill_three(page, toolkit)
    with page.expect_download():
        page.get_by_role("button", name="Export CSV").click()
    path = export_json(page, tmp_path)
    page.get_by_role("button", name="Clear my answers").click()
    page.get_by_label("Import answers from a JSON file you exported").set_input_files(path)
    expect(message(page)).to_contain_text("Imported 3 answers")
    page.context.set_offline(False)
    page.reload()
    assert shown(page, ids[0]) == ANSWERS[0]
    assert requests, "no requests were recorded at all"
    assert [url for url in requests if not is_local(url)] == []


def test_keyboard_alone_reaches_and_sets_a_status(page, site_url, toolkit):
    open_review(page, site_url)
    for _ in range(400):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('[data-tk-field=level]')"):
            break
    else:
        pytest.fail("Tab never reached a level radio button")
    first = page.evaluate("document.activeElement.closest('[data-tk-item]').dataset.id")
    assert first == review_ids(toolkit)[0]
    page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.checked") is True
    page.keyboard.press("ArrowDown")
    assert page.evaluate("[document.activeElement.value, document.activeElement.checked]") == ["starting", True]
    assert stored(page)["answers"][first]["level"] == "starting"
