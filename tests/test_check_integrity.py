"""Published IDs and history: a deleted, reused or silently changed item stops the check.

Each case starts from the minimal fixture data plus a register of its published IDs (the real
data keeps one in data/published-ids.yaml), makes one mistake, and checks the message: where it
points, what it says, and that doing what it says makes the data pass again.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from macros import integrity
from macros.loader import DataError, load_toolkit
from macros.yamlpos import read_yaml

MINIMAL = FIXTURES / "minimal" / "data"
REGISTER = """published:
  - {id: TK01, type: recommendation, first_published: 2026-11-23, edition: "1.0", title: Hold first conversations}
  - {id: TK02, type: recommendation, first_published: 2026-11-23, edition: "1.0", title: Show markup as text}
  - {id: CS01, type: case-study, first_published: 2026-11-23, edition: "1.0", title: A unit that supports doctors}
  - {id: EP1, type: principle, first_published: 2026-11-23, edition: "1.0", title: Culture shapes help-seeking}
"""
FIRST_ENTRY = '      - {date: 2026-11-23, edition: "1.0", change: First published.}'


def fingerprints(data_dir: Path) -> dict[str, str]:
    out = {}
    for name, key in (("recommendations.yaml", "recommendations"), ("case-studies.yaml", "case_studies"),
                      ("principles.yaml", "principles")):
        parsed, _ = read_yaml(data_dir / name, name)
        out.update({item["id"]: integrity.fingerprint(item) for item in parsed.data[key]})
    return out


def project(tmp_path: Path) -> Path:
    """The minimal data with a register and every published item's newest entry fingerprinted."""
    data = tmp_path / "data"
    shutil.copytree(MINIMAL, data)
    (data / "published-ids.yaml").write_text(REGISTER, encoding="utf-8")
    values = fingerprints(data)
    for name, item_id in (("recommendations.yaml", "TK01"), ("case-studies.yaml", "CS01"),
                          ("principles.yaml", "EP1")):
        path = data / name
        text = path.read_text(encoding="utf-8")
        stamped = FIRST_ENTRY[:-1] + f', fingerprint: "{values[item_id]}"}}'
        path.write_text(text.replace(FIRST_ENTRY, stamped, 1), encoding="utf-8")
    load_toolkit(tmp_path)  # the starting point is valid
    return tmp_path


def edit(root: Path, name: str, old: str, new: str) -> None:
    path = root / "data" / name
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems(root: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_toolkit(root)
    return caught.value.problems


def pasted_lines(message: str) -> list[str]:
    """The YAML lines a message asks the contributor to paste (they start with '- {')."""
    return [line for line in message.splitlines() if line.lstrip().startswith("- {")]


def test_the_real_data_registers_every_published_item_and_fingerprints_it():
    tk = load_toolkit()
    register = read_yaml(ROOT / "data" / "published-ids.yaml", "data/published-ids.yaml")[0].data["published"]
    registered = {entry["id"] for entry in register}
    for item in [*tk.recommendations, *tk.case_studies, *tk.principles]:
        if any(entry["edition"] != "unreleased" for entry in item["history"]):
            assert item["id"] in registered, f"{item['id']} is published but not registered"
        newest = item["history"][-1]
        if newest["edition"] != "unreleased":
            assert newest.get("fingerprint") == integrity.fingerprint(item), item["id"]


def test_a_deleted_published_item_is_reported_against_the_register(tmp_path):
    root = project(tmp_path)
    principles = root / "data" / "principles.yaml"
    text = principles.read_text(encoding="utf-8")
    # Delete EP1 and add EP2 in its place (a principle file must hold one); EP2 is new, so no register line.
    principles.write_text(text.replace("  - id: EP1", "  - id: EP2").replace('edition: "1.0"', "edition: unreleased"),
                          encoding="utf-8")
    found = [p for p in problems(root) if p.code == "TK-E050"]
    assert len(found) == 1, [str(p) for p in problems(root)]
    assert (found[0].file, found[0].line, found[0].field) == ("data/published-ids.yaml", 5, "published[EP1]")
    assert "is no longer in data/principles.yaml" in found[0].message
    assert "status: withdrawn" in found[0].message and "contribute/withdraw/" in found[0].message


def test_a_published_id_reused_for_a_new_item_is_refused_with_the_next_free_id(tmp_path):
    root = project(tmp_path)
    # TK02 deleted and its ID given to a new item: its history starts now, not on 2026-11-23.
    edit(root, "recommendations.yaml", '      - {date: 2026-11-23, edition: "1.0", change: First published.}\n'
                                       "      - {date: 2026-12-01, edition: unreleased, change: Reworded.}",
         "      - {date: 2026-12-01, edition: unreleased, change: First published.}")
    found = problems(root)
    assert [p.code for p in found] == ["TK-E051"], [str(p) for p in found]
    assert (found[0].line, found[0].field) == (31, "recommendations[TK02].id")
    assert "looks like a different item reusing the ID" in found[0].message
    assert "next free ID, TK03" in found[0].message


def test_a_duplicate_id_is_reported_against_the_new_item_not_the_published_one(tmp_path):
    root = project(tmp_path)
    recs = root / "data" / "recommendations.yaml"
    text = recs.read_text(encoding="utf-8")
    tk01 = text.split("  - id: TK02")[0].split("recommendations:\n")[1]
    new_item = tk01.replace('edition: "1.0"', "edition: unreleased").replace("2026-11-23", "2026-12-01")
    new_item = re.sub(r', fingerprint: "[0-9a-f]+"', "", new_item)
    # The new item is written ABOVE the published TK01, so "the later one" would be the wrong one to blame.
    recs.write_text(text.replace("recommendations:\n", "recommendations:\n" + new_item, 1), encoding="utf-8")
    found = [p for p in problems(root) if p.code == "TK-E040"]
    assert len(found) == 1, [str(p) for p in problems(root)]
    assert found[0].line == 3, "the new item (line 3) is the one to fix, not the published TK01 below it"
    published_line = 3 + new_item.count("\n")
    assert f"already used by the item on line {published_line}" in found[0].message
    assert "next free ID, TK03" in found[0].message


def test_a_newly_published_item_must_be_registered_with_the_line_given(tmp_path):
    root = project(tmp_path)
    register = root / "data" / "published-ids.yaml"
    register.write_text(register.read_text(encoding="utf-8").replace(
        "  - {id: CS01, type: case-study, first_published: 2026-11-23, edition: \"1.0\", "
        "title: A unit that supports doctors}\n", ""), encoding="utf-8")
    found = problems(root)
    assert [p.code for p in found] == ["TK-E052"], [str(p) for p in found]
    assert (found[0].file, found[0].field) == ("data/case-studies.yaml", "case_studies[CS01].id")
    lines = pasted_lines(found[0].message)
    assert lines == ['  - {id: CS01, type: case-study, first_published: 2026-11-23, edition: "1.0", '
                     'title: "A unit that supports doctors"}']
    register.write_text(register.read_text(encoding="utf-8") + lines[0] + "\n", encoding="utf-8")
    load_toolkit(root)


def test_a_text_changed_without_a_history_entry_gets_the_exact_line_to_add(tmp_path):
    root = project(tmp_path)
    edit(root, "recommendations.yaml", "    title: Hold first conversations somewhere private",
         "    title: Hold first conversations in a private room")
    found = problems(root)
    assert [p.code for p in found] == ["TK-E053"], [str(p) for p in found]
    assert found[0].field == "recommendations[TK01].history[1].fingerprint"
    assert "TK01 has changed since its newest history entry (line 30, edition 1.0)" in found[0].message
    [line] = pasted_lines(found[0].message)
    new_value = fingerprints(root / "data")["TK01"]
    today = __import__("datetime").date.today().isoformat()
    assert line == (f'      - {{date: {today}, edition: unreleased, change: "REPLACE: what changed, in one sentence.", '
                    f'fingerprint: "{new_value}"}}')
    # Pasted where the message says, as it is, the placeholder is refused; with a real sentence, it passes.
    below = int(re.search(r"Add this line below line (\d+)", found[0].message).group(1))
    path = root / "data" / "recommendations.yaml"
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:below] + [line] + lines[below:]), encoding="utf-8")
    assert [p.code for p in problems(root)] == ["TK-E043"]
    edit(root, "recommendations.yaml", "REPLACE: what changed, in one sentence.", "Reworded the title.")
    load_toolkit(root)
    # A further change under the same unreleased entry: update its fingerprint, with the line given.
    edit(root, "recommendations.yaml", "in a private room", "in a quiet, private room")
    [again] = problems(root)
    assert again.code == "TK-E053" and "update its fingerprint" in again.message
    fixed = pasted_lines(again.message)[0]
    assert "Reworded the title." in fixed and fixed != line
    edit(root, "recommendations.yaml", line.replace("REPLACE: what changed, in one sentence.", "Reworded the title."),
         fixed)
    load_toolkit(root)


def test_a_published_item_without_a_fingerprint_is_refused(tmp_path):
    root = project(tmp_path)
    edit(root, "principles.yaml", f', fingerprint: "{fingerprints(root / "data")["EP1"]}"', "")
    found = problems(root)
    assert [p.code for p in found] == ["TK-E054"], [str(p) for p in found]
    assert "has no fingerprint" in found[0].message and len(pasted_lines(found[0].message)) == 2


def test_without_a_register_unfingerprinted_history_is_accepted():
    load_toolkit(FIXTURES / "minimal")  # the fixture keeps no register: nothing is published from it


def test_a_new_item_waiting_for_its_edition_needs_no_fingerprint(tmp_path):
    root = project(tmp_path)
    edit(root, "recommendations.yaml", "      - {date: 2026-12-01, edition: unreleased, change: Reworded.}",
         "      - {date: 2026-12-01, edition: unreleased, change: Reworded again.}")
    load_toolkit(root)


def test_history_in_the_wrong_order_or_the_future(tmp_path):
    root = project(tmp_path)
    edit(root, "recommendations.yaml", "      - {date: 2026-12-01, edition: unreleased, change: Reworded.}",
         "      - {date: 2026-12-01, edition: unreleased, change: Reworded.}\n"
         '      - {date: 2026-12-01, edition: "1.0", change: Published late.}\n'
         "      - {date: 2999-12-31, edition: unreleased, change: Planned.}")
    found = problems(root)
    codes = sorted(p.code for p in found)
    assert codes == ["TK-E055", "TK-E056"], [str(p) for p in found]
    order = next(p for p in found if p.code == "TK-E056")
    assert order.field == "recommendations[TK02].history[3].edition" and "Unreleased changes come after" in \
        order.message
    future = next(p for p in found if p.code == "TK-E055")
    assert future.field == "recommendations[TK02].history[4].date" and "after today" in future.message


def test_the_fingerprint_is_stable_and_ignores_history_only():
    item = {"id": "TK01", "title": "A", "history": [{"date": "2026-11-23"}]}
    assert integrity.fingerprint(item) == integrity.fingerprint({**item, "history": []})
    assert integrity.fingerprint(item) != integrity.fingerprint({**item, "title": "B"})
    assert re.fullmatch(r"[0-9a-f]{8}", integrity.fingerprint(item))
    assert integrity.fingerprint({"b": 1, "a": 2}) == integrity.fingerprint({"a": 2, "b": 1})


def test_a_fingerprint_written_as_a_number_is_told_to_be_quoted(tmp_path):
    root = project(tmp_path)
    value = fingerprints(root / "data")["EP1"]
    edit(root, "principles.yaml", f'fingerprint: "{value}"', "fingerprint: 12345678")
    [problem] = problems(root)
    assert problem.code == "TK-E022" and 'Put it in double quotes: fingerprint: "12345678"' in problem.message


def test_tomorrow_is_not_yet_the_future(tmp_path):
    """A change dated just after midnight in the UK is still 'yesterday' on a UTC build machine."""
    import datetime
    root = project(tmp_path)
    tomorrow = (datetime.date.today() + datetime.timedelta(days=1)).isoformat()
    edit(root, "recommendations.yaml", "{date: 2026-12-01, edition: unreleased, change: Reworded.}",
         f"{{date: {tomorrow}, edition: unreleased, change: Reworded.}}")
    load_toolkit(root)

