"""Open data: toolkit.json and its schemas, and the baseline assessment as CSV and Excel.

Each check runs on the small fixture (which holds hostile text) and on the real data.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import zipfile
from xml.etree import ElementTree

import jsonschema
import pytest

from conftest import FIXTURES
from macros import downloads
from macros.loader import Toolkit, load_toolkit
from macros.render_review import STATUSES, fingerprint, review_groups
from macros.schemas import CONTENT_TYPES, bundled

EDITION = {"number": "1.0", "label": "Edition 1.0", "date": "2026-11-23", "date_uk": "23 November 2026",
           "released": True}
SHEET_NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main"}


@pytest.fixture(params=["fixture", "real"])
def tk(request):
    if request.param == "fixture":
        return load_toolkit(FIXTURES / "minimal")
    return request.getfixturevalue("toolkit")


def current_ids(tk) -> list[str]:
    return [r["id"] for _, recs in review_groups(tk) for r in recs]


def validator() -> jsonschema.Draft202012Validator:
    schema = downloads.toolkit_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


# --- toolkit.json -----------------------------------------------------------------------------
def test_toolkit_json_holds_every_content_type_and_the_edition(tk):
    data = json.loads(downloads.toolkit_json(tk, EDITION))
    assert data["edition"] == {key: EDITION[key] for key in ("number", "label", "date", "released")}
    assert set(data["content"]) == {name.removesuffix(".yaml") for name, _ in CONTENT_TYPES.values()}
    recs = data["content"]["recommendations"]["recommendations"]
    assert [r["id"] for r in recs] == [r["id"] for r in tk.recommendations]
    assert [c["id"] for c in data["content"]["case-studies"]["case_studies"]] == [c["id"] for c in tk.case_studies]
    assert data["content"]["recommendations"]["recommendations"][0] == tk.recommendations[0]
    assert data["review_fingerprints"] == {r["id"]: fingerprint(r) for r in tk.recommendations}


def test_toolkit_json_validates_against_its_own_schema(tk):
    data = json.loads(downloads.toolkit_json(tk, EDITION))
    errors = [e.message for e in validator().iter_errors(data)]
    assert errors == []


@pytest.mark.parametrize("damage", [
    lambda d: d["content"]["recommendations"]["recommendations"][0].pop("title"),
    lambda d: d["content"]["recommendations"]["recommendations"][0]["sources"][0].update(confidence="certain"),
    lambda d: d["content"]["sources"]["sources"][0].update(year="twenty"),
    lambda d: d["content"].pop("glossary"),
    lambda d: d["edition"].update(date="23/11/2026"),
    lambda d: d["review_fingerprints"].update(TK01="xyz"),
], ids=["missing title", "bad confidence", "bad year", "missing glossary", "bad date", "bad fingerprint"])
def test_the_schema_rejects_damaged_data(damage):
    data = json.loads(downloads.toolkit_json(load_toolkit(FIXTURES / "minimal"), EDITION))
    damage(data)
    assert list(validator().iter_errors(data))


def test_each_content_schema_stands_alone_and_checks_its_section(tk):
    data = json.loads(downloads.toolkit_json(tk, EDITION))
    published = {name: json.loads(text) for name, text in downloads.schema_files().items()}
    for data_file, schema_file in CONTENT_TYPES.values():
        schema = published[schema_file]
        assert "common.schema.json" not in json.dumps(schema)
        assert {k: v for k, v in schema.items() if k != "$id"} == bundled(schema_file)
        jsonschema.Draft202012Validator(schema).validate(data["content"][data_file.removesuffix(".yaml")])
    assert json.loads(downloads.schema_files()["toolkit.schema.json"]) == downloads.toolkit_schema()


def test_published_paths_are_stable(tk):
    paths = set(downloads.download_files(tk, EDITION))
    expected = {"downloads/toolkit.json", "downloads/baseline-assessment.csv", "downloads/baseline-assessment.xlsx",
                "downloads/schema/toolkit.schema.json"}
    expected |= {f"downloads/schema/{schema}" for _, schema in CONTENT_TYPES.values()}
    assert paths == expected


# --- Baseline assessment: CSV -----------------------------------------------------------------
def read_csv(raw: bytes) -> list[list[str]]:
    assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte order mark"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_baseline_csv_has_one_row_per_current_recommendation(tk):
    rows = read_csv(downloads.baseline_csv(tk, EDITION))
    assert rows[0] == downloads.BASELINE_COLUMNS
    assert rows[0][:9] == ["ID", "Mechanism", "Title", "Status", "Notes", "Action", "Owner", "Target date", "Edition"]
    assert [row[0] for row in rows[1:]] == current_ids(tk)
    for row in rows[1:]:
        rec = tk.rec[row[0]]
        assert row[1] == tk.mechanism[rec["mechanism"]]["name"]
        assert row[2] == rec["title"]
        assert row[3:8] == ["", "", "", "", ""]
        assert row[8] == "1.0"
        assert row[9] == rec["summary"]
        assert row[10].split("\n") == rec["questions"]


def test_baseline_csv_uses_crlf_between_records():
    raw = downloads.baseline_csv(load_toolkit(FIXTURES / "minimal"), EDITION).decode("utf-8-sig")
    assert raw.endswith("\r\n")
    assert raw.count("\r\n") == 3  # header and two records; line breaks inside quoted cells stay bare
    assert '"One?\nTwo?\nThree?"' in raw


def test_baseline_leaves_out_withdrawn_recommendations():
    files = copy.deepcopy(load_toolkit(FIXTURES / "minimal").files)
    files["recommendation"]["recommendations"][1]["status"] = "withdrawn"
    tk = Toolkit(files=files)
    assert [row[0] for row in read_csv(downloads.baseline_csv(tk, EDITION))[1:]] == ["TK01"]
    assert "TK02" in json.loads(downloads.toolkit_json(tk, EDITION))["review_fingerprints"]


@pytest.mark.parametrize(("text", "safe"), [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"),
    ("Agree goals", "Agree goals"), ("", ""), ("a=b", "a=b"),
])
def test_text_never_becomes_a_formula(text, safe):
    assert downloads.spreadsheet_safe(text) == safe


# --- Baseline assessment: Excel --------------------------------------------------------------
def sheet_rows(book: zipfile.ZipFile, sheet_file: str) -> list[list[str]]:
    """Cell text of one worksheet, row by row, read straight from the XML."""
    shared = ["".join(t.text or "" for t in si.findall(".//m:t", SHEET_NS))
              for si in ElementTree.fromstring(book.read("xl/sharedStrings.xml")).findall("m:si", SHEET_NS)]
    rows = []
    for row in ElementTree.fromstring(book.read(sheet_file)).findall(".//m:sheetData/m:row", SHEET_NS):
        cells: dict[int, str] = {}
        for cell in row.findall("m:c", SHEET_NS):
            column = ord(re.match(r"[A-Z]+", cell.get("r")).group()) - ord("A")
            value = cell.findtext("m:v", "", SHEET_NS)
            cells[column] = shared[int(value)] if cell.get("t") == "s" else value
        rows.append([cells.get(i, "") for i in range(max(cells) + 1)] if cells else [])
    return rows


def test_baseline_xlsx_opens_and_matches_the_data(tk):
    raw = downloads.baseline_xlsx(tk, EDITION)
    with zipfile.ZipFile(io.BytesIO(raw)) as book:
        assert book.testzip() is None
        workbook = ElementTree.fromstring(book.read("xl/workbook.xml"))
        names = [s.get("name") for s in workbook.findall(".//m:sheet", SHEET_NS)]
        assert names == ["Baseline assessment", "Summary", "About"]
        rows = sheet_rows(book, "xl/worksheets/sheet1.xml")
        sheet_xml = book.read("xl/worksheets/sheet1.xml").decode()
        summary = sheet_rows(book, "xl/worksheets/sheet2.xml")
    assert rows[0] == downloads.BASELINE_COLUMNS
    expected = downloads.baseline_rows(tk, EDITION)
    assert [row[0] for row in rows[1:]] == current_ids(tk)
    for got, want in zip(rows[1:], expected, strict=True):
        assert got + [""] * (len(want) - len(got)) == want
    # Status is chosen from a list; the target date must be a date.
    assert '<dataValidation type="list"' in sheet_xml
    assert all(text in sheet_xml for _, text in STATUSES)
    assert '<dataValidation type="date"' in sheet_xml
    groups = review_groups(tk)
    assert [row[0] for row in summary[1:]] == [m["name"] for m, _ in groups]
    assert [row[1] for row in summary[1:]] == [str(len(recs)) for _, recs in groups]


def test_baseline_xlsx_is_identical_between_builds():
    tk = load_toolkit(FIXTURES / "minimal")
    assert downloads.baseline_xlsx(tk, EDITION) == downloads.baseline_xlsx(tk, EDITION)
    assert downloads.baseline_xlsx(tk, EDITION) != downloads.baseline_xlsx(tk, {**EDITION, "number": "1.1"})
