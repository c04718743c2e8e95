"""Open data: the whole toolkit as JSON with its schemas, and a baseline assessment spreadsheet.

Pure functions: a validated ``Toolkit`` and the edition being built in, file contents out. The
hook publishes them under ``downloads/`` at stable addresses. Outputs depend only on the data
and the edition, so two builds of the same edition give identical files.
"""

from __future__ import annotations

import csv
import datetime
import io
import json

import xlsxwriter

from .render_review import STATUSES, fingerprint, review_groups
from .schemas import CONTENT_TYPES, bundled

FORMAT = "restore-toolkit"
FORMAT_VERSION = 1
LICENCE = "CC BY 4.0"
SCHEMA_FOLDER = "schema"
TOOLKIT_SCHEMA = "toolkit.schema.json"
# The first nine columns match the self-review page's CSV export, so the two line up.
BASELINE_COLUMNS = ["ID", "Mechanism", "Title", "Status", "Notes", "Action", "Owner", "Target date", "Edition",
                    "Summary", "Questions to ask yourself"]
BASELINE_SHEET = "Baseline assessment"


def _content_key(data_file: str) -> str:
    """'case-studies.yaml' -> 'case-studies': the key a content type has in toolkit.json."""
    return data_file.removesuffix(".yaml")


def _edition(edition: dict) -> dict:
    return {key: edition[key] for key in ("number", "label", "date", "released")}


# --- JSON and its schemas ---------------------------------------------------------------------
def content_schemas() -> dict[str, dict]:
    """Schema file name -> that content type's schema, bundled so it stands alone."""
    schemas = {}
    for _, schema_file in CONTENT_TYPES.values():
        schema = dict(bundled(schema_file))
        schema["$id"] = schema_file  # relative: resolves next to wherever the files are published
        schemas[schema_file] = schema
    return schemas


def toolkit_schema() -> dict:
    """Schema of toolkit.json. Each content schema is embedded whole, under its own ``$id``."""
    embedded = {}
    for name, schema in content_schemas().items():
        inner = {key: value for key, value in schema.items() if key != "$schema"}
        embedded[name.removesuffix(".schema.json")] = inner
    content = {_content_key(data_file): {"$ref": schema_file} for data_file, schema_file in CONTENT_TYPES.values()}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": TOOLKIT_SCHEMA,
        "title": "RESTORE professional support toolkit: all content (toolkit.json)",
        "description": "Every content type of one edition of the toolkit, exactly as held in its data files.",
        "type": "object",
        "additionalProperties": False,
        "required": ["format", "format_version", "edition", "licence", "content", "review_fingerprints"],
        "properties": {
            "$schema": {"type": "string", "description": "Where this file's schema is."},
            "format": {"const": FORMAT},
            "format_version": {"const": FORMAT_VERSION, "description": "Changes only if the layout changes."},
            "edition": {
                "type": "object", "additionalProperties": False,
                "required": ["number", "label", "date", "released"],
                "description": "The edition this file was built from. 'dev' is a development build.",
                "properties": {"number": {"type": "string"}, "label": {"type": "string"},
                               "date": {"type": "string", "format": "date"}, "released": {"type": "boolean"}},
            },
            "licence": {"const": LICENCE},
            "content": {"type": "object", "additionalProperties": False, "required": list(content),
                        "properties": content},
            "review_fingerprints": {
                "type": "object",
                "description": "Recommendation ID -> short hash of its title, summary and questions. "
                               "A self-review export stores the same hash, so a changed item can be spotted.",
                "additionalProperties": {"type": "string", "pattern": "^[0-9a-f]{12}$"},
            },
        },
        "$defs": embedded,
    }


def toolkit_json(tk, edition: dict) -> str:
    """The whole toolkit: every content file's data as validated, with the edition it belongs to."""
    document = {
        "$schema": f"{SCHEMA_FOLDER}/{TOOLKIT_SCHEMA}",
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "edition": _edition(edition),
        "licence": LICENCE,
        "content": {_content_key(data_file): tk.files[ctype] for ctype, (data_file, _) in CONTENT_TYPES.items()},
        "review_fingerprints": {r["id"]: fingerprint(r) for r in tk.recommendations},
    }
    return _layout(document, levels=4) + "\n"


def _layout(value, levels: int, indent: str = "") -> str:
    """JSON with its first ``levels`` levels of objects and arrays spread over lines, and each value below
    them on one line: each recommendation, case study or source reads as one line.

    Python writes indented JSON with its pure-Python encoder, a tenth of a second per build at 1,000
    recommendations; a value on one line uses the fast one. The file is a third smaller, too.
    """
    if levels == 0 or not isinstance(value, dict | list) or not value:
        return json.dumps(value, ensure_ascii=False)
    inner = indent + "  "
    if isinstance(value, dict):
        lines = [f"{inner}{json.dumps(key, ensure_ascii=False)}: {_layout(item, levels - 1, inner)}"
                 for key, item in value.items()]
        return "{\n" + ",\n".join(lines) + f"\n{indent}}}"
    lines = [inner + _layout(item, levels - 1, inner) for item in value]
    return "[\n" + ",\n".join(lines) + f"\n{indent}]"


def schema_files() -> dict[str, str]:
    """File name -> JSON text for every published schema."""
    schemas = {**content_schemas(), TOOLKIT_SCHEMA: toolkit_schema()}
    return {name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n" for name, schema in schemas.items()}


# --- Baseline assessment spreadsheet --------------------------------------------------------
def spreadsheet_safe(text: str) -> str:
    """Stop a spreadsheet reading text as a formula (OWASP CSV injection advice)."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def baseline_rows(tk, edition: dict) -> list[list[str]]:
    """One blank assessment row per current recommendation, grouped by mechanism."""
    return [[rec["id"], mechanism["name"], rec["title"], "", "", "", "", "", edition["number"],
             rec["summary"], "\n".join(rec["questions"])]
            for mechanism, recs in review_groups(tk) for rec in recs]


def baseline_csv(tk, edition: dict) -> bytes:
    """UTF-8 with a byte order mark (so Excel reads accents), RFC 4180 quoting, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(BASELINE_COLUMNS)
    writer.writerows([spreadsheet_safe(cell) for cell in row] for row in baseline_rows(tk, edition))
    return out.getvalue().encode("utf-8-sig")


def _column(index: int) -> str:
    return chr(ord("A") + index)


def baseline_xlsx(tk, edition: dict) -> bytes:
    """The baseline assessment as an Excel workbook: assessment sheet, summary with formulas, about."""
    rows = baseline_rows(tk, edition)
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False})
    # A fixed creation date keeps the file identical between builds of the same edition.
    book.set_properties({"title": f"RESTORE toolkit baseline assessment, {edition['label']}",
                         "created": datetime.datetime.fromisoformat(edition["date"])})
    head = book.add_format({"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#E8EAF6", "border": 1})
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    date = book.add_format({"num_format": "d mmmm yyyy", "valign": "top"})

    sheet = book.add_worksheet(BASELINE_SHEET)
    widths = [7, 16, 40, 14, 40, 40, 18, 14, 10, 60, 60]
    for index, (name, width) in enumerate(zip(BASELINE_COLUMNS, widths, strict=True)):
        sheet.set_column(index, index, width, date if name == "Target date" else wrap)
        sheet.write_string(0, index, name, head)
    for r, row in enumerate(rows, start=1):
        for c, cell in enumerate(row):
            if cell:
                sheet.write_string(r, c, cell, wrap)
    last = len(rows)
    status_col = _column(BASELINE_COLUMNS.index("Status"))
    date_col = _column(BASELINE_COLUMNS.index("Target date"))
    sheet.data_validation(f"{status_col}2:{status_col}{last + 1}", {
        "validate": "list", "source": [text for _, text in STATUSES],
        "input_title": "Status", "input_message": "Choose where your programme stands.",
        "error_title": "Status", "error_message": "Choose one of the statuses in the list."})
    sheet.data_validation(f"{date_col}2:{date_col}{last + 1}", {
        "validate": "date", "criteria": ">=", "value": datetime.date(2000, 1, 1),
        "error_title": "Target date", "error_message": "Enter a date, for example 31/03/2027."})
    sheet.freeze_panes(1, 3)
    sheet.autofilter(0, 0, last, len(BASELINE_COLUMNS) - 1)

    summary = book.add_worksheet("Summary")
    summary_head = ["Mechanism", "Recommendations", *[text for _, text in STATUSES], "Not answered"]
    for c, name in enumerate(summary_head):
        summary.write_string(0, c, name, head)
    summary.set_column(0, 0, 22)
    summary.set_column(1, len(summary_head) - 1, 15)
    mech_col = _column(BASELINE_COLUMNS.index("Mechanism"))
    where = f"'{BASELINE_SHEET}'!${mech_col}$2:${mech_col}${last + 1}"
    statuses = f"'{BASELINE_SHEET}'!${status_col}$2:${status_col}${last + 1}"
    for r, (mechanism, recs) in enumerate(review_groups(tk), start=1):
        summary.write_string(r, 0, mechanism["name"])
        summary.write_number(r, 1, len(recs))
        for c, (_, text) in enumerate(STATUSES, start=2):
            # The cached value (0) is right for a blank sheet; spreadsheets recalculate as it is filled in.
            summary.write_formula(r, c, f'=COUNTIFS({where},$A{r + 1},{statuses},"{text}")', None, 0)
        filled = f"SUM(C{r + 1}:{_column(len(summary_head) - 2)}{r + 1})"
        summary.write_formula(r, len(summary_head) - 1, f"=B{r + 1}-{filled}", None, len(recs))

    about = book.add_worksheet("About")
    about.set_column(0, 0, 100, wrap)
    lines = [
        "RESTORE professional support toolkit: baseline assessment",
        f"{edition['label']}, {edition['date']}.",
        "Record where your programme stands against each recommendation: a status, notes on what you do "
        "now, the action agreed, its owner and a target date.",
        f"Statuses: {', '.join(text for _, text in STATUSES)}.",
        "The self-review page of the toolkit does the same in your browser and can export to the same "
        "columns. Your answers in this file stay wherever you save it.",
        f"Content licensed under {LICENCE}.",
    ]
    for r, line in enumerate(lines):
        about.write_string(r, 0, line, head if r == 0 else wrap)
    book.close()
    return buffer.getvalue()


# --- Everything the hook publishes -----------------------------------------------------------
def download_files(tk, edition: dict) -> dict[str, str | bytes]:
    """Site path -> content for every open-data file."""
    files: dict[str, str | bytes] = {"downloads/toolkit.json": toolkit_json(tk, edition)}
    files.update({f"downloads/{SCHEMA_FOLDER}/{name}": text for name, text in schema_files().items()})
    files["downloads/baseline-assessment.csv"] = baseline_csv(tk, edition)
    files["downloads/baseline-assessment.xlsx"] = baseline_xlsx(tk, edition)
    return files
