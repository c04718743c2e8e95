"""Renderer for the self-review page: one row per current recommendation, grouped by mechanism.

Pure function: a validated ``Toolkit`` in, Markdown (with HTML blocks, read by ``md_in_html``)
out. The page only lays out the form. ``docs/javascripts/review.js`` stores the answers in the
reader's browser and builds the progress summary and the printed action plan; nothing is sent
anywhere. Each row carries the recommendation's ID, mechanism and a content fingerprint, so
answers saved against an earlier wording can be flagged when the recommendation changes.
"""

from __future__ import annotations

import hashlib
import json

from .editions import edition_info
from .text import attr, esc, link, rec_src

STORAGE_KEY = "restore-toolkit-review-v1"
DOWNLOADS_SRC = "downloads.md"
# (stored value, label). The stored values are part of the export format: never change them.
STATUSES = [("in-place", "In place"), ("partly", "Partly"), ("not-yet", "Not yet"),
            ("not-applicable", "Not applicable")]
NOTES_MAX, OWNER_MAX = 4000, 200


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


def _status_fieldset(rec_id: str) -> str:
    options = "\n".join(
        f'<label class="tk-review-option"><input type="radio" name="tk-review-{rec_id}-status" '
        f'value="{value}" data-tk-field="status"> {text}</label>' for value, text in STATUSES)
    return (f'<fieldset class="tk-review-status">\n<legend>Where does your programme stand? '
            f'{_hidden(f"({rec_id})")}</legend>\n<div class="tk-review-options">\n{options}\n</div>\n</fieldset>')


def _text_field(rec_id: str, field: str, text: str, multiline: bool) -> str:
    ident = f"tk-review-{rec_id}-{field}"
    words = f"{text} {_hidden(f'for {rec_id}')}"
    if multiline:
        control = (f'<textarea id="{ident}" data-tk-field="{field}" rows="3" maxlength="{NOTES_MAX}" '
                   f'spellcheck="true"></textarea>')
    elif field == "target":
        control = f'<input type="date" id="{ident}" data-tk-field="{field}">'
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
        _text_field(rec_id, "notes", "Notes: what you do now", True),
        _text_field(rec_id, "action", "Action agreed", True),
        _text_field(rec_id, "owner", "Owner", False),
        _text_field(rec_id, "target", "Target date", False),
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
{_status_fieldset(rec_id)}
{fields}
</div>
<div class="tk-review-rowbar">
<p class="tk-review-saved" data-tk-saved></p>
<button type="button" class="md-button tk-review-clear-row" data-tk-clear-row hidden \
aria-label="Clear your answer to {rec_id}">Clear this answer</button>
</div>
</section>"""


def _progress(groups: list, total: int) -> str:
    """Progress table; the browser script fills in the counts from the reader's answers."""
    heads = "".join(f'<th scope="col">{text}</th>' for _, text in STATUSES)
    zeros = "".join(f'<td data-tk-count="{value}">0</td>' for value, _ in STATUSES)
    rows = [f'<tr data-tk-progress="{_h(m["id"])}"><th scope="row"><a href="#review-{_h(m["id"])}">{_h(m["name"])}</a>'
            f'</th><td data-tk-count="answered">0 of {len(recs)}</td>{zeros}</tr>' for m, recs in groups]
    rows.append(f'<tr class="tk-review-total" data-tk-progress="all"><th scope="row">Overall</th>'
                f'<td data-tk-count="answered">0 of {total}</td>{zeros}</tr>')
    body = "\n".join(rows)
    return f"""<div class="tk-review-progress" data-tk-progress-box>
<p data-tk-overall>You have answered 0 of {total} recommendations.</p>
<table>
<thead><tr><th scope="col">Mechanism</th><th scope="col">Answered</th>{heads}</tr></thead>
<tbody>
{body}
</tbody>
</table>
</div>"""


def _tools(here: str) -> str:
    downloads = link(here, DOWNLOADS_SRC, "open-data")
    return f"""<div class="tk-review-tools" markdown="1">
<p>Export a CSV file to open in a spreadsheet, or a JSON file to keep and import here later.
The action plan prints the gaps and the actions you agreed.</p>
<p class="tk-review-buttons">
<button type="button" class="md-button md-button--primary" data-tk-export="csv">Export CSV</button>
<button type="button" class="md-button" data-tk-export="json">Export JSON</button>
<button type="button" class="md-button" data-tk-print>Print action plan</button>
</p>
<p class="tk-review-import">
<label for="tk-review-import">Import answers from a JSON file you exported</label>
<input type="file" id="tk-review-import" accept=".json,application/json" data-tk-import>
</p>
<p class="tk-review-message" role="status" aria-live="polite" data-tk-message></p>
<p class="tk-review-buttons">
<button type="button" class="md-button tk-review-danger" data-tk-clear-all>Clear my answers</button>
</p>
<p markdown="span">Prefer a spreadsheet from the start? Download the [baseline assessment spreadsheet]({downloads}).</p>
</div>"""


def review_form(tk, here: str, edition: dict | None = None) -> str:
    """The whole self-review: privacy note, progress, tools, one row per recommendation, plan slot."""
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
    return f"""<div class="tk-review" data-tk-review data-storage-key="{STORAGE_KEY}" \
data-edition="{_h(edition['number'])}" data-edition-label="{_h(edition['label'])}" \
data-edition-date="{_h(edition['date'])}" markdown="1">

<div class="admonition info tk-review-privacy">
<p class="admonition-title">Your answers stay on this device</p>
<p>What you type is saved in this browser only, so you can close the page and come back to it.
Nothing is sent anywhere: not to the toolkit team and not to anyone else.
Anyone who uses this browser can see your answers, so on a shared computer export them and then clear them.</p>
</div>

<noscript><p class="tk-review-noscript">The self-review needs JavaScript to save your answers.
You can still read every recommendation, or use the baseline assessment spreadsheet instead.</p></noscript>

## Your progress {{ #review-progress }}

{_progress(groups, total)}

## Save, share and print {{ #review-tools }}

{_tools(here)}

{body}

<section class="tk-review-plan" data-tk-plan aria-label="Action plan"></section>

</div>
"""
