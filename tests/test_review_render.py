"""The self-review renderer: one row per current recommendation, grouped by mechanism, escaped."""

from __future__ import annotations

import copy
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser

import markdown
import pytest

from conftest import FIXTURES, ROOT
from macros import render_review
from macros.loader import Toolkit, load_toolkit
from macros.render_print import TICK_BOX

TK = load_toolkit(FIXTURES / "minimal")
EDITION = {"number": "1.0", "label": "Edition 1.0", "date": "2026-11-23", "date_uk": "23 November 2026",
           "released": True}


def html(md: str) -> str:
    """Markdown to HTML with the extensions the site uses."""
    return markdown.markdown(md, extensions=["abbr", "admonition", "attr_list", "def_list", "md_in_html", "tables",
                                             "toc", "pymdownx.details", "pymdownx.superfences"])


class Collect(HTMLParser):
    """Every element's tag and attributes, in document order, plus the text of each label."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []
        self.labels: dict[str, str] = {}
        self._label: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.elements.append((tag, attrs))
        if tag == "label" and attrs.get("for"):
            self._label = attrs["for"]
            self.labels[self._label] = ""

    def handle_endtag(self, tag):
        if tag == "label":
            self._label = None

    def handle_data(self, data):
        if self._label:
            self.labels[self._label] += data


def parse(tk=TK, here="review.md") -> Collect:
    parser = Collect()
    parser.feed(html(render_review.review_form(tk, here, EDITION)))
    return parser


def rows(parser: Collect) -> list[dict]:
    return [attrs for tag, attrs in parser.elements if "data-tk-item" in attrs]


def with_recommendations(change) -> Toolkit:
    """The fixture toolkit with its recommendations changed by ``change(list)``."""
    files = copy.deepcopy(TK.files)
    change(files["recommendation"]["recommendations"])
    return Toolkit(files=files)


def test_one_row_per_recommendation_in_mechanism_order():
    found = [(row["data-id"], row["data-mechanism"]) for row in rows(parse())]
    expected = [(r["id"], m["id"]) for m in TK.mechanisms for r in TK.recs_by_mechanism[m["id"]]]
    assert found == expected
    assert len(found) == len(TK.recommendations)


def test_rows_sit_under_their_mechanism_heading():
    parser = parse()
    current = None
    for tag, attrs in parser.elements:
        if tag == "h2" and attrs.get("id", "").startswith("review-") and attrs["id"][7:] in TK.mechanism:
            current = attrs["id"][7:]
        if "data-tk-item" in attrs:
            assert attrs["data-mechanism"] == current == TK.rec[attrs["data-id"]]["mechanism"]


def test_a_new_recommendation_appears_without_editing_the_page():
    def add(recs):
        new = copy.deepcopy(recs[0])
        new.update(id="TK03", title="A brand new recommendation")
        recs.append(new)
    ids = [row["data-id"] for row in rows(parse(with_recommendations(add)))]
    assert ids == ["TK01", "TK03", "TK02"]  # grouped with TK01 under its mechanism


def test_withdrawn_recommendations_are_not_reviewed():
    def withdraw(recs):
        recs[1]["status"] = "withdrawn"
    ids = [row["data-id"] for row in rows(parse(with_recommendations(withdraw)))]
    assert ids == ["TK01"]
    assert "review-motivation" not in html(render_review.review_form(with_recommendations(withdraw), "review.md",
                                                                     EDITION))


def test_rows_carry_their_fingerprint():
    for row in rows(parse()):
        assert row["data-fingerprint"] == render_review.fingerprint(TK.rec[row["data-id"]])
        assert re.fullmatch(r"[0-9a-f]{12}", row["data-fingerprint"])


@pytest.mark.parametrize(("field", "value", "changes"), [
    ("title", "Hold first conversations somewhere quiet", True),
    ("summary", "Meet where nobody else can hear.", True),
    ("questions", ["Where do first meetings happen?", "Who else can hear them?", "Anything else?"], True),
    ("topics", ["goals"], False),
    ("history", [{"date": "2027-01-01", "edition": "1.1", "change": "Sources updated."}], False),
    ("sources", [{"source": "price2021-medu", "confidence": "lead"}], False),
])
def test_fingerprint_follows_what_the_reader_answers_against(field, value, changes):
    rec = copy.deepcopy(TK.rec["TK01"])
    before = render_review.fingerprint(rec)
    rec[field] = value
    assert (render_review.fingerprint(rec) != before) is changes


def test_titles_link_to_their_pages_relatively():
    for here, prefix in [("review.md", ""), ("about/review.md", "../")]:
        out = html(render_review.review_form(TK, here, EDITION))
        for rec in TK.recommendations:
            assert f'href="{prefix}recommendations/{rec["id"].lower()}.md"' in out


def test_contributor_text_is_escaped():
    out = html(render_review.review_form(TK, "review.md", EDITION))
    assert "<script>" not in out and "<img" not in out
    assert "{{" not in out and "{%" not in out
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in out
    assert 'href="javascript' not in out


def test_data_in_raw_html_is_escaped():
    """Mechanism names reach the progress table as HTML, not Markdown: they must be inert there too."""
    files = copy.deepcopy(TK.files)
    files["programme_theory"]["mechanisms"][0]["name"] = 'Say "hi" <b>bold</b> & {{ x }}'
    out = html(render_review.review_form(Toolkit(files=files), "review.md", EDITION))
    assert "<b>bold</b>" not in out and "{{" not in out
    assert "Say &quot;hi&quot; &lt;b&gt;bold&lt;/b&gt; &amp; &#123;&#123; x &#125;&#125;" in out


def test_edition_is_on_the_form():
    wrapper = next(attrs for tag, attrs in parse().elements if "data-tk-review" in attrs)
    assert wrapper["data-edition"] == "1.0"
    assert wrapper["data-edition-label"] == "Edition 1.0"
    assert wrapper["data-edition-date"] == "2026-11-23"


def page_json(out: str) -> dict:
    found = re.findall(r'<script type="application/json" id="tk-review-data">(.*?)</script>', out, re.S)
    assert len(found) == 1
    return json.loads(found[0])


def test_the_scripts_data_is_one_json_block_with_every_item():
    data = page_json(html(render_review.review_form(TK, "review.md", EDITION)))
    assert data["edition"] == {"number": "1.0", "label": "Edition 1.0", "date": "2026-11-23"}
    assert [i["id"] for i in data["items"]] == [row["data-id"] for row in rows(parse())]
    for item in data["items"]:
        rec = TK.rec[item["id"]]
        assert item == {"id": rec["id"], "title": rec["title"], "mechanism": rec["mechanism"],
                        "fingerprint": render_review.fingerprint(rec)}
    assert [m["id"] for m in data["mechanisms"]] == [m["id"] for m, _ in render_review.review_groups(TK)]


def test_json_block_cannot_end_the_script_or_run_jinja():
    files = copy.deepcopy(TK.files)
    hostile = 'End </script><script>alert(1)</script> & {{ x }} {% y %} \u2028 \u2029 "q"'
    files["recommendation"]["recommendations"][0]["title"] = hostile
    files["programme_theory"]["mechanisms"][0]["name"] = "</SCRIPT><!--"
    out = html(render_review.review_form(Toolkit(files=files), "review.md", EDITION))
    block = re.search(r'<script type="application/json" id="tk-review-data">(.*?)</script>', out, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block and "{{" not in block and "{%" not in block
    data = json.loads(block)
    assert data["items"][0]["title"] == hostile  # the script reads the text exactly as typed
    assert data["mechanisms"][0]["name"] == "</SCRIPT><!--"


def test_levels_match_the_browser_modules():
    """The page, the worksheet and the spreadsheet take the levels from Python; the scripts have their own copy."""
    node = shutil.which("node")
    if not node:
        pytest.fail("node is missing: run `make test` (it installs Debian's nodejs).", pytrace=False)
    script = ("import('./docs/javascripts/review/model.js').then(m => console.log(JSON.stringify("
              "m.LEVELS.map(l => [l.value, l.label, l.description]))))")
    out = subprocess.run([node, "--input-type=module", "-e", script], cwd=ROOT, capture_output=True, text=True,
                         check=True).stdout
    assert json.loads(out) == [list(level) for level in render_review.LEVELS]


def test_storage_key_matches_the_browser_modules():
    text = (ROOT / "docs/javascripts/review/storage.js").read_text(encoding="utf-8")
    assert f'export const KEY = "{render_review.STORAGE_KEY}";' in text
    assert f'LEGACY_KEYS = ["{render_review.LEGACY_STORAGE_KEY}"]' in text


def test_dates_are_typed_day_month_year_with_limits():
    parser = parse()
    dates = [attrs for tag, attrs in parser.elements if attrs.get("data-tk-field") == "target"
             or attrs.get("data-tk-profile") == "date"]
    assert len(dates) == len(TK.recommendations) + 1
    for attrs in dates:
        assert attrs["type"] == "text"  # never the browser's own date box, which follows the browser's locale
        assert attrs["placeholder"] == "dd/mm/yyyy"
        assert (attrs["data-min"], attrs["data-max"]) == (render_review.DATE_MIN, render_review.DATE_MAX)
        assert attrs["id"] + "-hint" in attrs["aria-describedby"]


def test_no_inline_script_handlers_or_style_attributes():
    out = html(render_review.review_form(TK, "review.md", EDITION))
    for tag, attrs in parse().elements:
        assert not [name for name in attrs if name.startswith("on") or name == "style"], (tag, attrs)
        assert not any(str(value).strip().lower().startswith("javascript:") for value in attrs.values())
    scripts = re.findall(r"<script([^>]*)>", out)
    assert scripts == [' type="application/json" id="tk-review-data"']


def test_every_control_is_labelled_with_its_recommendation():
    parser = parse()
    controls = [attrs for tag, attrs in parser.elements
                if tag in ("input", "textarea") and attrs.get("type") != "radio"]
    assert controls
    for attrs in controls:
        assert attrs["id"] in parser.labels, f"no label for {attrs['id']}"
        rec_id = attrs["id"].split("-")[2] if attrs.get("data-tk-field") else ""
        assert rec_id in parser.labels[attrs["id"]]
    radios = [attrs for tag, attrs in parser.elements if attrs.get("type") == "radio"]
    assert len(radios) == len(TK.recommendations) * len(render_review.STATUSES)
    assert {r["name"] for r in radios} == {f"tk-review-{rec['id']}-level" for rec in TK.recommendations}


def test_status_is_a_fieldset_with_a_legend_naming_the_recommendation():
    out = html(render_review.review_form(TK, "review.md", EDITION))
    legends = re.findall(r"<fieldset[^>]*>\s*<legend>(.*?)</legend>", out, re.S)
    assert len(legends) == len(TK.recommendations)
    ordered = [r for m in TK.mechanisms for r in TK.recs_by_mechanism[m["id"]]]
    for legend, rec in zip(legends, ordered, strict=True):
        assert rec["id"] in legend


def test_progress_counts_each_mechanism():
    out = render_review.review_form(TK, "review.md", EDITION)
    for mechanism in TK.mechanisms:
        count = len(TK.recs_by_mechanism[mechanism["id"]])
        assert re.search(rf'data-tk-progress="{mechanism["id"]}".*?0 of {count}<', out, re.S)
    assert f"0 of {len(TK.recommendations)}" in out


def test_the_paper_worksheet_matches_the_screen_tool():
    from macros import render_print
    md = render_print.worksheet(TK, "worksheet.md")
    out = html(md)
    for field in ("Programme", "Type of programme", "Setting", "Who took part", "Date of the review", "Lead reviewer"):
        assert f"<th>{field}</th>" in out  # the profile, as on screen
    current = [r for _, recs in render_review.review_groups(TK) for r in recs]
    for _, text, meaning in render_review.LEVELS:
        assert md.count(f"{TICK_BOX} {text}<") + md.count(f"{TICK_BOX} {text} |") == len(current)
        assert f"<dt>{text}</dt>" in out and meaning.split(":")[0] in out
    for rec in current:
        body = out[out.index(f"<td>{rec['id']}</td>"):]
        body = body[:body.index("</tr>")]
        for question in rec["questions"]:
            assert html_escape(question) in body
        for words in ("What you do now", "Evidence we have", "Action agreed", "Owner", "Target date", "Action done"):
            assert words in body


def html_escape(text: str) -> str:
    from html import escape
    return escape(text, quote=False)


def test_classic_bundle_orders_modules_and_refuses_clashing_names(tmp_path):
    (tmp_path / "a.js").write_text('export const A = 1;\nexport function twice(n) { return 2 * n; }\n',
                                   encoding="utf-8")
    (tmp_path / "main.js").write_text('import { A, twice } from "./a.js";\nwindow.tkResult = twice(A);\n',
                                      encoding="utf-8")
    out = render_review.classic_bundle(tmp_path)
    assert out.index("--- a.js ---") < out.index("--- main.js ---")
    assert "import" not in out and "export" not in out
    node = shutil.which("node")
    if not node:
        pytest.fail("node is missing: run `make test` (it installs Debian's nodejs).", pytrace=False)
    result = subprocess.run([node, "-e", f"globalThis.window = globalThis; {out}; console.log(window.tkResult)"],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "2"
    (tmp_path / "b.js").write_text('export const A = 2;\n', encoding="utf-8")
    (tmp_path / "main.js").write_text('import { A } from "./a.js";\nimport { B } from "./b.js";\n', encoding="utf-8")
    with pytest.raises(ValueError, match="'A' is declared at the top of both a.js and b.js"):
        render_review.classic_bundle(tmp_path)


def test_the_real_modules_join_into_one_script():
    node = shutil.which("node")
    if not node:
        pytest.fail("node is missing: run `make test` (it installs Debian's nodejs).", pytrace=False)
    out = render_review.classic_bundle(ROOT / "docs/javascripts/review")
    subprocess.run([node, "--check", "-"], input=out, text=True, check=True, capture_output=True)
