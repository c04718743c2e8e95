"""Published IDs and history: what was published stays findable, and every change is recorded.

Two promises the toolkit makes to readers, checked on every build:

- **IDs are withdrawn, never deleted or reused.** ``data/published-ids.yaml`` registers every item
  ever published, with the date its history starts. An ID in the register that is missing from the
  data was deleted; an item whose history starts elsewhere is a different item reusing the ID.
- **Every change has a history entry.** The newest history entry of an item stores a fingerprint of
  the item's content (everything but its history). If the content no longer matches, the item was
  changed without a history entry, and the message gives the exact line to add.

History entries must also be in order (oldest first, 'unreleased' last) and not dated in the future.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import re

REGISTER = ("published-ids.yaml", "published-ids.schema.json")
# Content types whose items have a history and a page: (content type, list key, noun, register type)
HISTORY_TYPES = [
    ("recommendation", "recommendations", "recommendation", "recommendation"),
    ("case_study", "case_studies", "case study", "case-study"),
    ("principle", "principles", "principle", "principle"),
]
ID_FORMS = {"recommendation": ("TK", 2), "case-study": ("CS", 2), "principle": ("EP", 1)}
UNRELEASED = "unreleased"
PLACEHOLDER = "REPLACE: what changed, in one sentence."


def fingerprint(item: dict) -> str:
    """A stable hash of what readers see of the item: every field except its history."""
    content = {key: value for key, value in item.items() if key != "history"}
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:8]


def next_free_id(register_type: str, used: set[str]) -> str | None:
    """The next ID after the highest ever used for this kind of item (TK13)."""
    if register_type not in ID_FORMS:
        return None
    prefix, digits = ID_FORMS[register_type]
    numbers = [int(i[len(prefix):]) for i in used if isinstance(i, str) and re.fullmatch(rf"{prefix}\d+", i)]
    return f"{prefix}{max(numbers, default=0) + 1:0{digits}d}"


def _released(entry: dict) -> bool:
    return isinstance(entry, dict) and entry.get("edition") not in (UNRELEASED, None)


def _date(value) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value)
    except (TypeError, ValueError):
        return None


def _history_line(date: str, fingerprint_value: str, indent: str) -> str:
    return (f'{indent}- {{date: {date}, edition: {UNRELEASED}, change: "{PLACEHOLDER}", '
            f'fingerprint: "{fingerprint_value}"}}')


def _indent_of(source_lines: list[str], line: int) -> str:
    text = source_lines[line - 1] if 0 < line <= len(source_lines) else ""
    return text[: len(text) - len(text.lstrip())] or "      "


def _with_fingerprint(line_text: str, value: str) -> str | None:
    """The history entry's line with a fingerprint added or replaced, when the entry is on one line."""
    found = re.compile(r"""\bfingerprint:\s*["']?[0-9a-fA-F.e+]*["']?""")
    if found.search(line_text):
        return found.sub(f'fingerprint: "{value}"', line_text)
    stripped = line_text.rstrip()
    if stripped.endswith("}") and "{" in stripped:
        return stripped[:-1].rstrip() + f', fingerprint: "{value}"}}'

    return None


def history_problems(files, today: datetime.date, registered: bool) -> list:
    """Changes without a history entry, missing fingerprints, future dates and entries out of order.

    ``files`` is the loader's view of the parsed files (``files.problem`` locates a message).
    With a register present, every published item's newest entry must carry its fingerprint.
    """
    problems = []
    for ctype, list_key, noun, _register_type in HISTORY_TYPES:
        if ctype not in files.parsed:
            continue
        parsed = files.parsed[ctype]
        source_lines = parsed.source.split("\n")
        items = parsed.data.get(list_key) if isinstance(parsed.data, dict) else None
        for index, item in enumerate(items if isinstance(items, list) else []):
            history = item.get("history") if isinstance(item, dict) else None
            if not isinstance(history, list) or not history or not all(isinstance(e, dict) for e in history):
                continue  # the schema reports it
            base = (list_key, index, "history")
            problems += _order_and_dates(files, ctype, base, history, today)
            problems += _fingerprint_problems(files, ctype, base, item, history, source_lines, today, registered, noun)
    return problems


def _order_and_dates(files, ctype, base, history, today) -> list:
    problems = []
    previous = None
    seen_unreleased = False
    for position, entry in enumerate(history):
        date = _date(entry.get("date"))
        path = base + (position, "date")
        # A day's grace: a change made just after midnight in the UK is still 'yesterday' on a UTC machine.
        if date and date > today + datetime.timedelta(days=1):
            problems.append(files.problem(ctype, path, f"this history entry is dated {entry['date']}, after today "
                                          f"({today.isoformat()}). Use the date the change was made.", "TK-E055"))
        if date and previous and date < previous[1]:
            problems.append(files.problem(ctype, path, f"this history entry ({entry['date']}) is older than the one "
                                          f"before it ({previous[0]}). History runs oldest first and newest last: "
                                          "move the entry up, or correct its date.", "TK-E056"))
        if seen_unreleased and _released(entry):
            problems.append(files.problem(ctype, base + (position, "edition"),
                                          f"this entry is in edition {entry['edition']}, but an earlier entry says "
                                          f"'{UNRELEASED}'. Unreleased changes come after every published one: "
                                          "move the entry up, or correct its edition.", "TK-E056"))
        seen_unreleased = seen_unreleased or entry.get("edition") == UNRELEASED
        if date:
            previous = (entry["date"], date)
    return problems


def _fingerprint_problems(files, ctype, base, item, history, source_lines, today, registered, noun) -> list:
    newest = history[-1]
    last = len(history) - 1
    item_id = item.get("id", "this item")
    entry_line = files.line(ctype, base + (last,))
    current = fingerprint(item)
    stored = newest.get("fingerprint")
    indent = _indent_of(source_lines, entry_line)
    new_entry = _history_line(today.isoformat(), current, indent)
    add = (f"Add this line below line {entry_line}, at the end of its history, and replace the 'REPLACE:' text "
           f"with one sentence saying what changed:\n{new_entry}")
    if stored is None:
        if not (registered and _released(newest)):
            return []  # a change waiting for its edition: it gets its fingerprint when it is published
        stamped = _with_fingerprint(source_lines[entry_line - 1], current) if entry_line <= len(source_lines) else None
        publish = (f"If this entry is being published now (its edition was 'unreleased' until this change), add "
                   f"the fingerprint to it instead, so that line {entry_line} reads:\n{stamped}" if stamped else
                   f"""If this entry is being published now, add 'fingerprint: "{current}"' to it instead.""")
        return [files.problem(ctype, base + (last,),
                              f"{item_id}'s newest history entry (line {entry_line}, edition {newest.get('edition')}) "
                              f"has no fingerprint, so the check cannot tell whether the {noun} changed since it "
                              f"was published. If you changed it: {add}\n    {publish}", "TK-E054")]
    if stored == current or not (isinstance(stored, str) and re.fullmatch(r"[0-9a-f]{8}", stored)):
        return []  # matches, or is malformed: the schema reports that, once
    where = base + (last, "fingerprint")
    if _released(newest):
        return [files.problem(ctype, where, f"{item_id} has changed since its newest history entry (line "
                              f"{entry_line}, edition {newest.get('edition')}), but its history does not say so: "
                              f"readers would not be told. {add}", "TK-E053")]
    line = files.line(ctype, where)
    fixed = _with_fingerprint(source_lines[line - 1], current) if line <= len(source_lines) else None
    shown = f"so that line {line} reads:\n{fixed}" if fixed else f"""to 'fingerprint: "{current}"'."""
    return [files.problem(ctype, where, f"{item_id} has changed since its unreleased history entry (line {entry_line}) "
                          f"was written. If that entry's 'change' still says what changed, update its fingerprint, "
                          f"{shown}\n    Otherwise {add[0].lower()}{add[1:]}", "TK-E053")]


# --- The register of published IDs ------------------------------------------------------------
def register_entry(register_type: str, item: dict) -> str:
    """The register line for a published item, as the contributor should paste it."""
    first = item["history"][0]
    title = json.dumps(item.get("title", ""), ensure_ascii=False)
    return (f'  - {{id: {item["id"]}, type: {register_type}, first_published: {first["date"]}, '
            f'edition: "{first["edition"]}", title: {title}}}')


def register_problems(files, register, known_ids: dict[str, set]) -> list:
    """Deleted and reused published IDs, and published items missing from the register.

    ``register`` is the parsed data/published-ids.yaml (or None when the project has none).
    """
    entries = register.data.get("published") if register is not None and isinstance(register.data, dict) else None
    if not isinstance(entries, list):
        return []
    by_id = {}
    for position, entry in enumerate(entries):
        if isinstance(entry, dict) and isinstance(entry.get("id"), str):
            by_id.setdefault(entry["id"], (position, entry))
    problems = []
    for ctype, list_key, noun, register_type in HISTORY_TYPES:
        if ctype in files.parsed:
            problems += _type_problems(files, register, by_id, ctype, list_key, noun, register_type)
    return problems


def _type_problems(files, register, by_id, ctype, list_key, noun, register_type) -> list:
    data = files.parsed[ctype].data
    items = [(i, item) for i, item in enumerate(data.get(list_key, []) if isinstance(data, dict) else [])
             if isinstance(item, dict) and isinstance(item.get("id"), str)]
    present: dict = {}
    for index, item in items:
        present.setdefault(item["id"], []).append((index, item))
    mine = {item_id: value for item_id, value in by_id.items() if value[1].get("type") == register_type}
    free = next_free_id(register_type, set(present) | set(mine))
    problems = []
    for item_id, (position, entry) in mine.items():
        if item_id not in present:
            problems.append(files.register_problem(register, ("published", position), _deleted(
                entry, item_id, noun, files.names[ctype]), "TK-E050"))
        elif not any(_same_item(item, entry) for _, item in present[item_id]):
            index, _item = present[item_id][0]
            problems.append(files.problem(ctype, (list_key, index, "id"), _reused(entry, item_id, noun, free),
                                          "TK-E051"))
    for index, item in items:
        history = item.get("history")
        if item["id"] in by_id or not isinstance(history, list) or not history:
            continue
        if any(_released(e) for e in history) and all(isinstance(e, dict) and "date" in e for e in history):
            problems.append(files.problem(
                ctype, (list_key, index, "id"),
                f"{item['id']} has a history entry in a published edition but is not in the register of "
                f"published IDs, so the check could not notice if it were later deleted or its ID reused. Add "
                f"this line at the end of data/published-ids.yaml:\n{register_entry(register_type, item)}",
                "TK-E052"))
    return problems


def _deleted(entry: dict, item_id: str, noun: str, shown: str) -> str:
    title = f" ('{entry.get('title')}')" if entry.get("title") else ""
    return (f"the {noun} {item_id}{title} was published in edition {entry.get('edition')} but is no longer in "
            f"{shown}. Published items are never deleted: people cite and bookmark their pages. Put it back and "
            "withdraw it instead: set 'status: withdrawn' and add a history entry saying why (see 'IDs and "
            "withdrawing items' in the guide, contribute/withdraw/).")


def _reused(entry: dict, item_id: str, noun: str, free: str | None) -> str:
    return (f"{item_id} is a published ID: the {noun} published under it in edition {entry.get('edition')} "
            f"('{entry.get('title')}') has a history that starts on {entry.get('first_published')}, but this "
            "item's history starts elsewhere, so it looks like a different item reusing the ID. IDs are never "
            f"reused: give this item the next free ID, {free}, and put the published {noun} back (withdrawn, if "
            "it is no longer right; see contribute/withdraw/).")


def _same_item(item: dict, entry: dict) -> bool:
    """Is this the item the register entry recorded? Its history starts where the published one's did."""
    history = item.get("history")
    first = history[0] if isinstance(history, list) and history and isinstance(history[0], dict) else {}
    return str(first.get("date")) == str(entry.get("first_published")) and \
        str(first.get("edition")) == str(entry.get("edition"))


def original_of(register, item_id: str, candidates: list[tuple[int, dict]]) -> int:
    """Of several items with the same ID, the position of the published one (else the first)."""
    entries = register.data.get("published", []) if register is not None and isinstance(register.data, dict) else []
    entry = next((e for e in entries if isinstance(e, dict) and e.get("id") == item_id), None)
    if entry:
        for position, item in candidates:
            if isinstance(item, dict) and _same_item(item, entry):
                return position
    return candidates[0][0]
