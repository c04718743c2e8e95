"""What a contributor meets when they follow the guide: templates, worked examples and messages.

- `make check` (python -m macros.check) reports exactly what the build reports, for broken copies
  of the minimal fixture data, with no traceback in either;
- a template pasted as the guide says, guidance left in, is refused with the template message;
  with the guidance replaced by plain text, it is valid;
- the worked examples in the guide are valid data;
- every message the guide quotes is one the check really prints for that mistake.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT, mkdocs, scratch_project
from macros.loader import TEMPLATE_MARKER, DataError, load_toolkit
from macros.yamlpos import read_yaml

MINIMAL = FIXTURES / "minimal" / "data"
GUIDE = ROOT / "docs" / "contribute"
TEMPLATES = {  # template -> (data file it is pasted into, the line it is copied from below)
    "recommendation.yaml": ("recommendations.yaml", "recommendations:"),
    "case-study.yaml": ("case-studies.yaml", "case_studies:"),
}
HEAD = re.compile(r"^\s*\d+\. (data/[\w.-]+, line \d+, field .+):$")
REAL = ROOT / "data"


def data_with(tmp: Path, changes: dict[str, str] | None = None, appended: dict[str, str] | None = None,
              base: Path = MINIMAL) -> Path:
    """A project folder whose data/ is the minimal fixture (or ``base``), with files replaced or added to."""
    shutil.copytree(base, tmp / "data")
    if base == REAL:  # the real pages cite sources too: without them those sources would look uncited
        shutil.copytree(ROOT / "docs", tmp / "docs")
    for name, text in (changes or {}).items():
        (tmp / "data" / name).write_text(text, encoding="utf-8")
    for name, text in (appended or {}).items():
        path = tmp / "data" / name
        path.write_text(path.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")
    return tmp


def run_check(root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.check", str(root)], cwd=ROOT, capture_output=True,
                          text=True, timeout=120)


def problems_in(output: str) -> list[tuple[str, str]]:
    """(file, line and field; message) for every numbered problem in a check or build output."""
    lines = output.splitlines()
    return [(m.group(1), lines[i + 1].strip()) for i, line in enumerate(lines[:-1]) if (m := HEAD.match(line))]


# --- The content check says what the build says ------------------------------------------------
def _edit(name: str, old: str, new: str) -> dict[str, str]:
    text = (MINIMAL / name).read_text(encoding="utf-8")
    assert old in text, f"{name} no longer contains {old!r}: update this case"
    return {name: text.replace(old, new, 1)}


BROKEN = {  # case -> broken data file(s)
    "misspelt-setting": _edit("case-studies.yaml", "setting: [professional-support-unit]",
                              "setting: [profesional-support-unit]"),
    "unknown-field": _edit("recommendations.yaml", "    summary: Meet where", "    sumary: Meet where"),
    "wrong-indentation": _edit("case-studies.yaml", "    place: London", "      place: London"),
    "unknown-source": _edit("case-studies.yaml", "    sources: [{source: price2021-medu",
                            "    sources: [{source: smith2026-peers"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_the_content_check_reports_what_the_build_reports(case, tmp_path):
    data = data_with(tmp_path / "check", BROKEN[case])
    check = run_check(data)
    project = scratch_project(tmp_path / "project", data / "data")
    build = mkdocs("build", "--strict", "--site-dir", str(tmp_path / "site"), cwd=project)
    assert check.returncode == 1 and build.returncode != 0
    for output in (check.stdout + check.stderr, build.stdout + build.stderr):
        assert "Traceback" not in output, output[-3000:]
    from_check, from_build = problems_in(check.stderr), problems_in(build.stderr)
    assert from_check, check.stderr
    assert from_check == from_build, f"check:\n{check.stderr}\nbuild:\n{build.stderr[-3000:]}"


# --- Templates ---------------------------------------------------------------------------------
def pasted(template: str) -> str:
    """What the guide tells a contributor to copy: everything below the list's own line."""
    text = (GUIDE / "templates" / template).read_text(encoding="utf-8")
    return text.split(f"\n{TEMPLATES[template][1]}\n", 1)[1]


def _marked_strings(value) -> int:
    if isinstance(value, dict):
        return sum(_marked_strings(v) for v in value.values())
    if isinstance(value, list):
        return sum(_marked_strings(v) for v in value)
    return int(isinstance(value, str) and TEMPLATE_MARKER in value)


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_a_template_with_its_guidance_left_in_is_refused(template, tmp_path):
    data_file = TEMPLATES[template][0]
    root = data_with(tmp_path, appended={data_file: pasted(template)})
    with pytest.raises(DataError) as caught:
        load_toolkit(root)
    parsed, _ = read_yaml(GUIDE / "templates" / template, template)
    expected = _marked_strings(parsed.data)
    assert expected >= 5, "the template should guide most of its text fields"
    problems = caught.value.problems
    guidance = [p for p in problems if "template guidance" in p.message]
    placeholder_id = [p for p in problems if "template's placeholder" in p.message]
    assert len(guidance) == expected and len(placeholder_id) == 1, [str(p) for p in problems]
    assert len(problems) == expected + 1, [str(p) for p in problems]
    first_pasted_line = len((MINIMAL / data_file).read_text(encoding="utf-8").rstrip("\n").splitlines()) + 1
    for problem in guidance:
        assert problem.file == f"data/{data_file}" and problem.line > first_pasted_line
        assert f"template guidance ('{TEMPLATE_MARKER} …') is still here" in problem.message
    assert "template guidance" in run_check(root).stderr


@pytest.mark.parametrize("template", sorted(TEMPLATES))
def test_a_template_with_its_guidance_replaced_is_valid(template, tmp_path):
    data_file = TEMPLATES[template][0]
    filled = re.sub(rf'{TEMPLATE_MARKER}[^"\n]*', "Plain text written by a contributor.", pasted(template))
    assert TEMPLATE_MARKER not in filled
    filled = filled.replace("TK00", "TK98").replace("CS00", "CS98")  # the contributor picks the next free ID
    tk = load_toolkit(data_with(tmp_path, appended={data_file: filled}))
    new = tk.rec.get("TK98") or tk.case.get("CS98")
    assert new is not None and new["title"] == "Plain text written by a contributor."


# --- Worked examples and the messages the guide quotes ------------------------------------------
def guide_block(page: str, starts: str) -> str:
    """The fenced example on a guide page whose first line is ``starts``."""
    text = (GUIDE / page).read_text(encoding="utf-8")
    blocks = re.findall(r"^```(?:yaml|text)\n(.*?)^```", text, re.S | re.M)
    return next(block for block in blocks if block.startswith(starts))


def next_free(prefix: str, data_file: str) -> str:
    """The guide's rule: the highest number in the real data file, withdrawn items included, plus one."""
    numbers = re.findall(rf"^\s*- id: {prefix}(\d+)\s*$", (REAL / data_file).read_text(encoding="utf-8"), re.M)
    return f"{prefix}{max(map(int, numbers)) + 1:02d}"


REC_ID, CASE_ID = next_free("TK", "recommendations.yaml"), next_free("CS", "case-studies.yaml")


def test_the_worked_recommendation_is_valid_with_the_real_data(tmp_path):
    example = guide_block("recommendation.md", f"  - id: {REC_ID}\n")
    tk = load_toolkit(data_with(tmp_path, appended={"recommendations.yaml": example}, base=REAL))
    assert tk.rec[REC_ID]["basis"]["confidence"] == "inferred"


def _case_study_root(tmp: Path, example: str) -> Path:
    """The real data with the guide's worked case study pasted at the end, as the guide says."""
    return data_with(tmp, appended={"case-studies.yaml": example}, base=REAL)


def test_the_worked_case_study_uses_a_free_id_and_real_sources(tmp_path):
    example = guide_block("case-study.md", f"  - id: {CASE_ID}\n")  # the ID the guide's own rule gives
    tk = load_toolkit(_case_study_root(tmp_path, example))
    case = tk.case[CASE_ID]
    assert case["anonymised"] is True
    cited = {s["source"] for s in case["sources"]}
    assert cited and cited <= {s["id"] for s in load_toolkit().sources}  # in the real bibliography


def test_the_before_example_is_the_real_tk06():
    """The 'change an existing recommendation' example starts from TK06 as it really is."""
    before = guide_block("recommendation.md", "    questions:\n")
    real = load_toolkit().rec["TK06"]
    questions = re.findall(r"^      - (.+)$", before.split("# …")[0], re.M)
    assert questions == real["questions"], "the guide's TK06 questions differ from data/recommendations.yaml"
    history = re.findall(r"^      - \{date: ([\d-]+), edition: \"?([^,\"]+)\"?, change: (.+)\}$", before, re.M)
    real_history = [(str(h["date"]), h["edition"], h["change"]) for h in real["history"]]
    assert history and history == real_history[:len(history)], "the guide's TK06 history is not the real one"
    text = (GUIDE / "recommendation.md").read_text(encoding="utf-8")
    assert "You want TK06 to" in text


MISTAKES = [  # the common mistakes the guide describes, made on its own worked example
    ("    anonymised: true\n", "   anonymised: true\n"),
    ("    anonymised: true\n", "\tanonymised: true\n"),
    ("    title: A hospital's peer support scheme", "    title: Peer support: a scheme"),
    ("    what_helped:\n", "    what_helpped:\n"),
    ("    setting: [hospital]", "    setting: [hopsital]"),
    ("{source: aomrc2012-return-to-practice, confidence: verified}", "{source: smith2026-peers, confidence: verified}"),
    ("{source: aomrc2012-return-to-practice, confidence: partial}", "{source: aomrc2012-return-to-practice}"),
    ("      Shows how a hospital", "      REPLACE: one or two sentences. Shows how a hospital"),
]


def _pattern(quoted: str) -> re.Pattern:
    """A quoted message line as a pattern: '...' stands for text the guide leaves out."""
    escaped = re.escape(quoted.strip()).replace(r"\.\.\.", ".*")
    return re.compile(re.sub(r"line\\? \d+", r"line \\d+", escaped))


def test_every_message_the_guide_quotes_is_real(tmp_path):
    example = guide_block("case-study.md", f"  - id: {CASE_ID}\n")
    printed: list[str] = []
    for n, (old, new) in enumerate(MISTAKES):
        assert old in example, f"the worked example no longer contains {old!r}"
        result = run_check(_case_study_root(tmp_path / str(n), example.replace(old, new, 1)))
        assert result.returncode == 1 and "Traceback" not in result.stderr
        printed += [re.sub(r"^\d+\. ", "", line.strip()) for line in result.stderr.splitlines()]
    section = (GUIDE / "case-study.md").read_text(encoding="utf-8").split("## When the check finds a problem")[1]
    quoted = [line for block in re.findall(r"^```\{\.text \.tk-messages\}\n(.*?)^```", section, re.S | re.M)
              for line in block.splitlines() if line.strip()]
    assert len(quoted) >= 10
    unmatched = [line for line in quoted if not any(_pattern(line).fullmatch(p) for p in printed)]
    assert not unmatched, "the guide quotes messages the check does not print:\n" + "\n".join(unmatched)
