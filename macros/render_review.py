"""Renderer for the self-review page: the programme profile, one row per current recommendation
grouped by mechanism, then the action plan, the comparison, the team view and the tools.

Pure function: a validated ``Toolkit`` in, Markdown (with HTML blocks, read by ``md_in_html``)
out. The page only lays out the form. The ES modules in ``docs/javascripts/review/`` store the
answers in the reader's browser and build the progress, the plan, the comparison and the team
view; nothing is sent anywhere. What the scripts need to know about the recommendations (IDs,
titles, mechanisms, fingerprints) is in one ``<script type="application/json">`` block, so the
page runs under a Content Security Policy without inline script or style.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

from .editions import edition_info
from .text import attr, esc, link, rec_src

DOWNLOADS_SRC = "downloads.md"
# Where the answers are kept: one localStorage key for every edition (the record carries its format
# version). Set in docs/javascripts/review/storage.js; named here for the tests.
STORAGE_KEY = "restore-toolkit-review"
LEGACY_STORAGE_KEY = "restore-toolkit-review-v1"
# (stored value, label, what it means). The stored values are part of the export format: never
# change them. docs/javascripts/review/model.js holds the same list (a test keeps the two equal).
LEVELS = [
    ("not-in-place", "Not in place", "We do not do this yet."),
    ("starting", "Starting",
     "We have begun: we do this for some doctors or some of the time, or we are trying it out."),
    ("in-place", "In place", "We do this routinely, for every doctor it applies to."),
    ("reviewed", "Working well", "It is in place, and we have checked with evidence that it works as we intend."),
    ("not-applicable", "Not applicable", "This does not apply to our programme."),
]
# (value, label): what the baseline spreadsheet and the worksheet offer, in the same order.
STATUSES = [(value, text) for value, text, _ in LEVELS]
# The profile's type and setting use the values of the recommendations' circumstance lists (``fits`` in
# schema/recommendation.schema.json), so the form can show the recommendations that fit; "other" fits all.
PROGRAMME_TYPES = [("remediation", "Remediation"), ("coaching", "Coaching"), ("mentoring", "Mentoring"),
                   ("health-related", "Health-related support"),
                   ("return-to-practice", "Return to practice or training"),
                   ("other", "Another kind, or several of these")]
SETTINGS = [("trust", "An NHS trust, health board or practice"),
            ("regional-unit", "A regional professional support unit"),
            ("national-body", "A national body"), ("other", "Another setting")]
NOTES_MAX, OWNER_MAX = 4000, 200
DATE_MIN, DATE_MAX = "2000-01-01", "2099-12-31"


def fingerprint(rec: dict) -> str:
    """Short hash of what a reader answers against: title, summary and reflective questions."""
    basis = json.dumps([rec["title"], rec["summary"], rec["questions"]], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(basis.encode("utf-8")).hexdigest()[:12]


def review_groups(tk) -> list[tuple[dict, list[dict]]]:
    """(mechanism, its current recommendations) in display order; withdrawn items are not reviewed."""
    groups = []
    for mechanism in tk.mechanisms:
        recs = [r for r in tk.recs_by_mechanism[mechanism["id"]] if r["status"] != "withdrawn"]
        if recs:
            groups.append((mechanism, recs))
    return groups


def _h(text: object) -> str:
    """Data as inert HTML text or attribute value, with Jinja braces neutralised as ``esc`` does."""
    return attr(text).replace("{", "&#123;").replace("}", "&#125;")


def _hidden(text: str) -> str:
    """Words for screen readers only: they tie a repeated visible label to its recommendation."""
    return f'<span class="tk-visually-hidden">{text}</span>'


_OPEN, _CLOSE = "\ue000", "\ue001"


def script_json(data) -> str:
    """JSON that is safe as the text of a <script type="application/json"> element: no "<", ">" or
    "&" (so no "</script>"), no line separators, and no "{" or "}" inside strings (so no Jinja)."""
    def mark(value):
        if isinstance(value, str):
            return value.replace("{", _OPEN).replace("}", _CLOSE)
        if isinstance(value, list):
            return [mark(v) for v in value]
        if isinstance(value, dict):
            return {k: mark(v) for k, v in value.items()}
        return value
    text = json.dumps(mark(data), ensure_ascii=False, separators=(",", ":"))
    for char, code in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"), ("\u2028", "\\u2028"),
                       ("\u2029", "\\u2029"), (_OPEN, "\\u007b"), (_CLOSE, "\\u007d")):
        text = text.replace(char, code)
    return text


def page_data(tk, edition: dict) -> dict:
    """What the scripts read: the edition, the levels and, for each item, what exports and the plan show."""
    return {
        "edition": {"number": edition["number"], "label": edition["label"], "date": edition["date"]},
        "levels": [{"value": v, "label": t, "description": d} for v, t, d in LEVELS],
        "mechanisms": [{"id": m["id"], "name": m["name"]} for m, _ in review_groups(tk)],
        "items": [_item_data(r, m) for m, recs in review_groups(tk) for r in recs],
    }


def _item_data(rec: dict, mechanism: dict) -> dict:
    item = {"id": rec["id"], "title": rec["title"], "mechanism": mechanism["id"], "fingerprint": fingerprint(rec)}
    fits = rec.get("fits") or {}
    if fits.get("programme_type") or fits.get("setting"):
        item["fits"] = {key: list(fits.get(key) or []) for key in ("programme_type", "setting")}
    return item


def _date_field(ident: str, field: str, words: str, extra: str = "") -> str:
    """A day/month/year text box: the script reads what is typed and shows the date in words beside it,
    so the date reads the UK way whatever language the browser is set to."""
    return (f'<div class="tk-review-field tk-review-field--{field}">\n'
            f'<label for="{ident}">{words}</label>\n'
            f'<input type="text" id="{ident}" data-tk-field="{field}" inputmode="text" autocomplete="off" '
            f'spellcheck="false" size="12" maxlength="30" placeholder="dd/mm/yyyy" '
            f'data-min="{DATE_MIN}" data-max="{DATE_MAX}" aria-describedby="{ident}-shown {ident}-hint"{extra}>\n'
            f'<span class="tk-review-date-shown" id="{ident}-shown" data-tk-date-shown></span>\n'
            f'<span class="tk-review-hint" id="{ident}-hint">Day, month, year: for example 31/03/2027</span>\n</div>')


def _level_fieldset(rec_id: str) -> str:
    options = "\n".join(
        f'<label class="tk-review-option"><input type="radio" name="tk-review-{rec_id}-level" value="{value}" '
        f'data-tk-field="level" aria-describedby="tk-level-{value}"> {text}</label>' for value, text, _ in LEVELS)
    return (f'<fieldset class="tk-review-status">\n<legend>Where does your programme stand? '
            f'{_hidden(f"({rec_id})")}</legend>\n<div class="tk-review-options">\n{options}\n</div>\n'
            f'<p class="tk-review-meaning" data-tk-meaning></p>\n</fieldset>')


def _text_field(rec_id: str, field: str, text: str, multiline: bool) -> str:
    ident = f"tk-review-{rec_id}-{field}"
    words = f"{text} {_hidden(f'for {rec_id}')}"
    if field == "target":
        return _date_field(ident, field, words)
    if multiline:
        control = (f'<textarea id="{ident}" data-tk-field="{field}" rows="2" maxlength="{NOTES_MAX}" '
                   f'spellcheck="true"></textarea>')
    else:
        control = (f'<input type="text" id="{ident}" data-tk-field="{field}" maxlength="{OWNER_MAX}" '
                   f'autocomplete="off">')
    return (f'<div class="tk-review-field tk-review-field--{field}">\n'
            f'<label for="{ident}">{words}</label>\n{control}\n</div>')


def review_row(rec: dict, mechanism: dict, here: str) -> str:
    """One recommendation: link, flag slot, summary, questions, then the answer fields."""
    rec_id = rec["id"]
    title = f"[{rec_id}: {esc(rec['title'])}]({link(here, rec_src(rec_id))})"
    questions = "\n".join(f"- {esc(q)}" for q in rec["questions"])
    fields = "\n".join([
        _text_field(rec_id, "notes", "What you do now", True),
        _text_field(rec_id, "evidence", "Evidence we have", True),
        _text_field(rec_id, "action", "Action agreed", True),
        _text_field(rec_id, "owner", "Owner", False),
        _text_field(rec_id, "target", "Target date", False),
        f'<div class="tk-review-field tk-review-field--done">'
        f'<label class="tk-review-option" for="tk-review-{rec_id}-done">'
        f'<input type="checkbox" id="tk-review-{rec_id}-done" data-tk-field="done"> Action done '
        f'{_hidden(f"for {rec_id}")}</label></div>',
    ])
    return f"""<section class="tk-review-item" id="review-{rec_id.lower()}" data-search-exclude data-tk-item \
data-id="{_h(rec_id)}" data-mechanism="{_h(mechanism['id'])}" data-fingerprint="{fingerprint(rec)}" markdown="1">
<h3 id="review-{rec_id.lower()}-title" markdown="span">{title}</h3>
<p class="tk-review-flag" data-tk-flag hidden></p>
<p class="tk-review-text" markdown="span">{esc(rec['summary'])}</p>
<details class="question tk-review-questions" markdown="1">
<summary>Questions to ask yourself</summary>

{questions}

</details>
<div class="tk-review-fields">
{_level_fieldset(rec_id)}
{fields}
</div>
<div class="tk-review-rowbar">
<p class="tk-review-saved" data-tk-saved></p>
<button type="button" class="md-button tk-review-clear-row" data-tk-clear-row hidden \
aria-label="Clear your answer to {rec_id}">Clear this answer</button>
</div>
</section>"""


def _levels_key() -> str:
    rows = "\n".join(f'<dt>{text}</dt><dd id="tk-level-{value}">{meaning}</dd>' for value, text, meaning in LEVELS)
    return f'<dl class="tk-review-levels">\n{rows}\n</dl>'


def _select(field: str, words: str, options: list[tuple[str, str]], choose: str) -> str:
    items = "\n".join(f'<option value="{_h(v)}">{_h(t)}</option>' for v, t in options)
    return (f'<div class="tk-review-field tk-review-field--{field}">\n<label for="tk-profile-{field}">{words}</label>\n'
            f'<select id="tk-profile-{field}" data-tk-profile="{field}">\n<option value="">{choose}</option>\n'
            f'{items}\n</select>\n</div>')


def _profile() -> str:
    def text(field, words, limit=200, hint=""):
        ident = f"tk-profile-{field}"
        described = f' aria-describedby="{ident}-hint"' if hint else ""
        hint_html = f'<span class="tk-review-hint" id="{ident}-hint">{hint}</span>\n' if hint else ""
        return (f'<div class="tk-review-field tk-review-field--{field}">\n<label for="{ident}">{words}</label>\n'
                f'{hint_html}<input type="text" id="{ident}" data-tk-profile="{field}" maxlength="{limit}" '
                f'autocomplete="off"{described}>\n</div>')
    date = _date_field("tk-profile-date", "date", "Date of the review").replace(
        'data-tk-field="date"', 'data-tk-profile="date"')
    return f"""<div class="tk-review-profile" data-tk-profile-box>
{text("name", "Programme name")}
{_select("type", "Type of programme", PROGRAMME_TYPES, "Choose a type")}
{_select("setting", "Setting", SETTINGS, "Choose a setting")}
{text("people", "Who took part", 1000, hint="Names or roles")}
{date}
{text("reviewer", "Lead reviewer", hint="Signs off the plan")}
</div>"""


def _bar(total: int) -> str:
    return f"""<div class="tk-review-bar" data-tk-bar>
<p class="tk-review-bar-count" data-tk-bar-count>Answered 0 of {total}</p>
<progress max="{total}" value="0" data-tk-progress-bar aria-hidden="true"></progress>
<button type="button" class="md-button md-button--primary" data-tk-next>Next unanswered</button>
</div>"""


def _progress(groups: list, total: int) -> str:
    """Progress table; the browser script fills in the counts from the reader's answers."""
    heads = "".join(f'<th scope="col">{text}</th>' for _, text, _ in LEVELS)
    zeros = "".join(f'<td data-tk-count="{value}">0</td>' for value, _, _ in LEVELS)
    rows = [f'<tr data-tk-progress="{_h(m["id"])}"><th scope="row"><a href="#review-{_h(m["id"])}">{_h(m["name"])}</a>'
            f'</th><td data-tk-count="answered">0 of {len(recs)}</td>{zeros}</tr>' for m, recs in groups]
    rows.append(f'<tr class="tk-review-total" data-tk-progress="all"><th scope="row">Overall</th>'
                f'<td data-tk-count="answered">0 of {total}</td>{zeros}</tr>')
    body = "\n".join(rows)
    return f"""<div class="tk-review-progress" data-tk-progress-box>
<p data-tk-overall>You have answered 0 of {total} recommendations.</p>
<div class="tk-review-scroll" tabindex="0" role="region" aria-label="Progress by mechanism">
<table>
<thead><tr><th scope="col">Mechanism</th><th scope="col">Answered</th>{heads}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</div>
</div>"""


def _plan() -> str:
    return """<div class="tk-review-plan-tools" data-search-exclude>
<p class="tk-review-plan-summary" data-tk-plan-summary></p>
<div class="tk-review-field tk-review-field--group">
<label for="tk-plan-group">Group the plan by</label>
<select id="tk-plan-group" data-tk-plan-group>
<option value="mechanism">Mechanism</option>
<option value="owner">Owner</option>
<option value="date">Target date</option>
</select>
</div>
<p class="tk-review-buttons">
<button type="button" class="md-button md-button--primary" data-tk-review-print="plan">Print the action plan</button>
<button type="button" class="md-button" data-tk-export="plan-csv">Plan as CSV</button>
<button type="button" class="md-button" data-tk-export="plan-xlsx">Plan as Excel</button>
<button type="button" class="md-button" data-tk-export="ics">Target dates for your calendar (.ics)</button>
</p>
<p class="tk-review-message" role="status" aria-live="polite" data-tk-note="plan"></p>
</div>
<section class="tk-review-plan tk-review-printable" data-tk-plan data-tk-printable="plan" \
aria-labelledby="tk-plan-title">
<h2 class="tk-review-print-only" id="tk-plan-title">Action plan</h2>
<div data-tk-plan-head></div>
<div data-tk-plan-body></div>
<div class="tk-review-signoff tk-review-print-only">
<h3>Sign-off</h3>
<table>
<tbody>
<tr><th scope="row">Agreed by (name and role)</th><td></td></tr>
<tr><th scope="row">Signature</th><td></td></tr>
<tr><th scope="row">Date</th><td></td></tr>
<tr><th scope="row">Next review due</th><td></td></tr>
</tbody>
</table>
</div>
</section>"""


def _compare() -> str:
    return """<p>Choose a JSON file you exported at an earlier review. It is shown beside your current answers and
changes nothing: what moved up or down, which earlier actions are done or overdue, and which recommendations
have changed in the toolkit since.</p>
<p class="tk-review-import">
<label for="tk-compare-file">Earlier review to compare with (JSON)</label>
<input type="file" id="tk-compare-file" accept=".json,application/json" data-tk-compare-file>
</p>
<p class="tk-review-message" role="status" aria-live="polite" data-tk-note="compare"></p>
<section class="tk-review-printable" data-tk-printable="compare" data-tk-compare \
aria-label="Comparison with an earlier review" hidden></section>"""


def _team() -> str:
    return """<p>Each person exports their own review as JSON and sends it to the lead, who chooses all the files here
at once. You see everyone's level side by side, with differences of two levels or more marked, and a merged
draft to edit. The files are read in this browser only.</p>
<p class="tk-review-import">
<label for="tk-team-files">Reviews to put side by side (JSON, several files)</label>
<input type="file" id="tk-team-files" accept=".json,application/json" multiple data-tk-team-files>
</p>
<p class="tk-review-message" role="status" aria-live="polite" data-tk-note="team"></p>
<section class="tk-review-printable" data-tk-printable="team" data-tk-team \
aria-label="Team reviews side by side" hidden></section>"""


def _tools(here: str) -> str:
    downloads = link(here, DOWNLOADS_SRC, "open-data")
    return f"""<div class="tk-review-tools" markdown="1">
<p>Export a JSON file to keep, to send to your lead or to import here later; a CSV file opens in a spreadsheet.</p>
<p class="tk-review-buttons">
<button type="button" class="md-button" data-tk-export="json">Export JSON</button>
<button type="button" class="md-button" data-tk-export="csv">Export CSV</button>
</p>
<p class="tk-review-import">
<label for="tk-review-import">Import answers from a JSON file you exported</label>
<input type="file" id="tk-review-import" accept=".json,application/json" data-tk-import>
</p>
<p class="tk-review-message" role="status" aria-live="polite" data-tk-message></p>
<div class="tk-review-backup" data-tk-backup hidden>
<p data-tk-backup-text></p>
<p class="tk-review-buttons">
<button type="button" class="md-button" data-tk-backup-download>Download the saved copy</button>
<button type="button" class="md-button" data-tk-backup-discard>Remove the saved copy</button>
</p>
</div>
<p markdown="span">Prefer a spreadsheet from the start? Download the [baseline assessment spreadsheet]({downloads}).</p>
</div>

<div class="tk-review-danger-zone">
<p>Finished on a shared computer? Export your answers first, then clear them from this browser.</p>
<p class="tk-review-buttons">
<button type="button" class="md-button tk-review-danger" data-tk-clear-all>Clear my answers</button>
</p>
</div>"""


def review_form(tk, here: str, edition: dict | None = None) -> str:
    """The whole self-review: profile, one row per recommendation, progress, plan, compare, team, tools."""
    edition = edition or edition_info(tk)
    groups = review_groups(tk)
    total = sum(len(recs) for _, recs in groups)
    sections = []
    for mechanism, recs in groups:
        rows = "\n\n".join(review_row(r, mechanism, here) for r in recs)
        sections.append(f"## {esc(mechanism['name'])} {{ #review-{mechanism['id']} }}\n\n"
                        f'<p class="tk-review-intro" markdown="span">{esc(mechanism["description"])}</p>\n\n'
                        f'<div class="tk-review-group" data-mechanism="{_h(mechanism["id"])}" markdown="1">\n\n'
                        f"{rows}\n\n</div>")
    body = "\n\n".join(sections)
    return f"""<script type="application/json" id="tk-review-data">{script_json(page_data(tk, edition))}</script>

<div class="tk-review" data-tk-review data-edition="{_h(edition['number'])}" \
data-edition-label="{_h(edition['label'])}" data-edition-date="{_h(edition['date'])}" markdown="1">

<p class="tk-review-privacy"><strong>Your answers stay on this device.</strong>
They are saved in this browser as you type and sent nowhere. On a shared computer, export them and then clear them.</p>

<noscript><p class="tk-review-noscript">The self-review needs JavaScript to save your answers.
You can still read every recommendation, or use the baseline assessment spreadsheet instead.</p></noscript>

<div class="tk-review-notice" data-tk-notice role="alert" hidden></div>

## Your programme {{ #review-profile }}

<p>Printed on the plan and kept with your answers.</p>

{_profile()}

<div class="tk-review-narrow" data-tk-narrow-box hidden>
<label class="tk-review-option" for="tk-profile-narrow">\
<input type="checkbox" id="tk-profile-narrow" data-tk-narrow> \
Show only the recommendations that fit the type and setting above</label>
<p class="tk-review-narrow-status" role="status" data-tk-narrow-status></p>
</div>

<p class="tk-review-buttons">\
<button type="button" class="md-button md-button--primary" data-tk-start>Start the review</button></p>

<details class="info tk-review-key" markdown="1">
<summary>What the levels mean</summary>

{_levels_key()}

</details>

{body}

{_bar(total)}

## Your progress {{ #review-progress }}

{_progress(groups, total)}

## Your action plan {{ #review-plan }}

{_plan()}

## Compare with an earlier review {{ #review-compare }}

{_compare()}

## Review as a team {{ #review-team }}

{_team()}

## Save, share and clear {{ #review-tools }}

{_tools(here)}

</div>
"""


# --- The self-review as one classic script, for pages opened from the file system --------------
_IMPORT = re.compile(r'^import\s*\{[^}]*\}\s*from\s*"\./([\w-]+\.js)";\n', re.M)
_TOP_NAME = re.compile(r"^(?:export\s+)?(?:async\s+)?(?:function|const|let|class)\s+([A-Za-z_$][\w$]*)", re.M)


def classic_bundle(folder: Path, entry: str = "main.js") -> str:
    """The ES modules in ``folder`` as one classic script, for the offline pack.

    Browsers refuse module scripts on pages opened from file:// (they count as another origin), so a
    copy of the toolkit meant to work from a folder on disk needs the self-review as a plain script.
    Modules are placed after the modules they import, their import lines and ``export`` keywords are
    dropped, and the whole runs inside one function. The modules import only named bindings from
    each other and never rename them, so this is all it takes; two modules declaring the same
    top-level name would clash, and stop the bundle with a message.
    """
    order: list[str] = []

    def visit(name: str, trail: tuple[str, ...] = ()):
        if name in order:
            return
        if name in trail:
            raise ValueError(f"{folder}: the modules import each other in a circle: {' -> '.join(trail + (name,))}")
        for dep in _IMPORT.findall((folder / name).read_text(encoding="utf-8")):
            visit(dep, trail + (name,))
        order.append(name)

    visit(entry)
    seen: dict[str, str] = {}
    parts = []
    for name in order:
        text = _IMPORT.sub("", (folder / name).read_text(encoding="utf-8"))
        for top in _TOP_NAME.findall(text):
            if top in seen:
                raise ValueError(f"{folder}: '{top}' is declared at the top of both {seen[top]} and {name}; "
                                 "rename one so the modules can be joined into one script.")
            seen[top] = name
        text = re.sub(r"^export\s+\{[^}]*\};?\n", "", text, flags=re.M)
        text = re.sub(r"^export\s+(?=(?:async\s+)?(?:function|const|let|class)\b)", "", text, flags=re.M)
        parts.append(f"/* --- {name} --- */\n{text}")
    body = "\n".join(parts)
    return f'/* RESTORE toolkit self-review, joined from docs/javascripts/review/ for pages opened from disk. */\n' \
           f'(function () {{\n"use strict";\n{body}\n}}());\n'
