"""The check's messages: a stable code and guide link for each kind of problem, GitHub annotations,
no noise, and characters a word processor or an attacker slips into the text named plainly.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import FIXTURES, ROOT
from macros import codes
from macros.loader import DataError, load_toolkit
from macros.render_fields import render_code_table
from macros.yamlpos import characters, read_yaml

MINIMAL = FIXTURES / "minimal" / "data"
CORPUS = FIXTURES / "broken"


def minimal_copy(tmp_path: Path, name: str | None = None, old: str = "", new: str = "") -> Path:
    shutil.copytree(MINIMAL, tmp_path / "data")
    if name:
        path = tmp_path / "data" / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {name}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return tmp_path


def problems_of(root: Path) -> list:
    with pytest.raises(DataError) as caught:
        load_toolkit(root)
    return caught.value.problems


def run_check(root: Path, *args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "macros.check", str(root), *args], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, **(env or {})})


# --- One registry of codes ---------------------------------------------------------------------------
def test_every_code_the_code_uses_is_registered_and_every_registered_code_is_used():
    source = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "macros").glob("*.py") if p.name != "codes.py")
    used = set(re.findall(r"TK-E\d{3}", source))
    assert used <= set(codes.CODES), f"codes used but not registered: {sorted(used - set(codes.CODES))}"
    for code, (title, meaning, fix) in codes.CODES.items():
        assert re.fullmatch(r"TK-E\d{3}", code) and title and meaning.endswith(".") and fix.endswith((".", ")"))


def test_the_guide_lists_every_code_from_the_registry():
    page = (ROOT / "docs" / "contribute" / "messages.md").read_text(encoding="utf-8")
    assert page == codes.messages_page(), ("docs/contribute/messages.md differs from macros/codes.py: "
                                           "run `.venv/bin/python -m macros.codes` to write it again")
    table = render_code_table("contribute/fields.md")
    for code in codes.CODES:
        assert f"## {code}: " in page and f"{{ #{code.lower()} }}" in page
        assert f"[`{code}`](messages.md#{code.lower()})" in table
    assert '{{ field_reference("codes") }}' in (ROOT / "docs" / "contribute" / "fields.md").read_text(encoding="utf-8")


def test_the_messages_page_is_published_with_an_anchor_for_every_code(built_site):
    html = (built_site / "contribute" / "messages" / "index.html").read_text(encoding="utf-8")
    missing = [code for code in codes.CODES if f'id="{code.lower()}"' not in html]
    assert not missing, f"codes without their section on the published page: {missing}"
    fields = (built_site / "contribute" / "fields" / "index.html").read_text(encoding="utf-8")
    assert all(f'messages/#{code.lower()}"' in fields for code in codes.CODES)


@pytest.mark.parametrize("case", sorted(p.name for p in CORPUS.iterdir() if p.is_dir() and p.name != "alias-bomb"))
def test_every_problem_in_the_broken_corpus_has_a_specific_code_and_link(tmp_path, case):
    (tmp_path / "data").mkdir()
    for path in MINIMAL.iterdir():
        shutil.copy2(path, tmp_path / "data" / path.name)
    for path in (CORPUS / case).iterdir():
        if path.name != "expect.yaml":
            shutil.copy2(path, tmp_path / "data" / path.name)
    for problem in problems_of(tmp_path):
        assert problem.code in codes.CODES and problem.code != "TK-E039", str(problem)
        assert f"{problem.code}: {codes.help_url(problem.code)}" in str(problem)
        assert codes.help_url(problem.code).endswith(f"/dev/contribute/messages/#{problem.code.lower()}")


# --- GitHub annotations --------------------------------------------------------------------------------
def test_github_annotations_put_each_problem_on_its_line(tmp_path):
    root = minimal_copy(tmp_path, "recommendations.yaml", "    mechanism: insight", "    mechanism: insights")
    result = run_check(root, "--github")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    [line] = [line for line in result.stdout.splitlines() if line.startswith("::error ")]
    assert line.startswith("::error file=data/recommendations.yaml,line=6,title=TK-E023 Value not allowed::")
    assert "Field recommendations[TK01].mechanism: 'insights' is not an allowed value" in line
    assert "%0ATK-E023%3A" not in line and "%0ATK-E023: https://" in line  # newlines escaped, colons kept
    assert "The toolkit's data has 1 problem." in result.stderr  # the readable report is still in the log


def test_github_annotations_are_written_on_github_actions_without_asking(tmp_path):
    root = minimal_copy(tmp_path, "glossary.yaml", "see_also: [remediation]", "see_also: [remediaton]")
    assert run_check(root, env={"GITHUB_ACTIONS": "true"}).stdout.startswith("::error file=data/glossary.yaml,line=6,")
    assert "::error" not in run_check(root, env={"GITHUB_ACTIONS": ""}).stdout


def test_make_check_runs_yamllint_and_the_data_check():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ncheck:", 1)[1].split("\n\n", 1)[0]
    assert "yamllint -c .yamllint.yml --strict ." in recipe and "-m macros.check" in recipe
    hooks = (ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8")
    assert "yamllint -c .yamllint.yml --strict" in hooks, "make check must run yamllint as pre-commit does"
    lint = subprocess.run([sys.executable, "-m", "yamllint", "-c", ".yamllint.yml", "--strict", "-"],
                          input="a: b\r\nc: d\r\n", cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert lint.returncode != 0 and "new-lines" in lint.stdout, "Windows line endings must fail yamllint"


# --- No noise --------------------------------------------------------------------------------------------
def test_a_date_error_is_reported_once(tmp_path):
    root = minimal_copy(tmp_path, "releases.yaml", "date: 2026-11-23", "date: 2026-2-30")
    found = [p for p in problems_of(root) if p.field == "editions[1.0].date"]
    assert len(found) == 1, [str(p) for p in found]


def test_a_mistyped_source_id_gets_a_suggestion_and_no_long_list(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    shutil.copytree(ROOT / "docs", tmp_path / "docs")
    recs = tmp_path / "data" / "recommendations.yaml"
    text = recs.read_text(encoding="utf-8")
    cited = re.findall(r"source: ([a-z0-9-]+)\n", text)
    source = max(set(cited), key=cited.count)  # the source cited most often: one typo, many messages
    assert cited.count(source) >= 3
    typo = source[:-2] + source[-1] + source[-2]
    recs.write_text(text.replace(f"source: {source}\n", f"source: {typo}\n"), encoding="utf-8")
    found = problems_of(tmp_path)
    unknown = [p for p in found if p.code == "TK-E041"]
    assert len(unknown) == cited.count(source)
    for problem in unknown:
        assert f"Did you mean '{source}'?" in problem.message
        assert problem.message.count(",") <= 2 and "…" not in problem.message
        assert re.match(r"recommendations\[TK\d\d\]\.", problem.field), problem.field
    assert len({str(p) for p in found}) == len(found), "no message twice"


def test_an_ambiguous_guess_is_not_offered(tmp_path):
    root = minimal_copy(tmp_path, "case-studies.yaml", "recommendations: [TK01]", "recommendations: [TK09]")
    [problem] = problems_of(root)
    assert "Did you mean" not in problem.message and "Known recommendation IDs: TK01, TK02." in problem.message


@pytest.mark.parametrize(("name", "first"), [("recommendations.yaml", "recommendations:"),
                                             ("case-studies.yaml", "case_studies:"), ("principles.yaml", "caveat:"),
                                             ("glossary.yaml", "terms:"), ("releases.yaml", "editions:")])
def test_an_empty_or_wrong_file_is_told_its_own_first_line(tmp_path, name, first):
    root = minimal_copy(tmp_path)
    (root / "data" / name).write_text("\n", encoding="utf-8")
    [problem] = [p for p in problems_of(root) if p.file == f"data/{name}"]
    assert f"Its first line must be '{first}'" in problem.message and problem.code == "TK-E009"
    (root / "data" / name).write_text("- a list\n", encoding="utf-8")
    [problem] = [p for p in problems_of(root) if p.file == f"data/{name}"]
    assert f"first line must be '{first}'" in problem.message and problem.code == "TK-E010"


# --- ' #' in a text that is not quoted ----------------------------------------------------------------------
@pytest.mark.parametrize(("line", "cut"), [
    ("    summary: Meet in private # and listen", True),
    ("    summary: Step #1 is to meet", True),
    ("    summary: One   # note", False),  # a comment after a single word: the templates' style
    ('    summary: "Meet in private # and listen"', False),
    ("    summary: Meet in private#1", False),  # no space before '#': YAML keeps it as text
])
def test_a_text_cut_by_a_comment_is_caught(tmp_path, line, cut):
    root = minimal_copy(tmp_path, "recommendations.yaml",
                        "    summary: Meet where nobody else can hear. It helps the doctor talk openly.", line)
    if not cut:
        load_toolkit(root)
        return
    [problem] = problems_of(root)
    assert (problem.code, problem.line, problem.field) == ("TK-E015", 7, "recommendations[TK01].summary")
    assert "Put the whole text in double quotes" in problem.message
    assert 'summary: "' + line.split(": ", 1)[1] + '"' in problem.message


def test_comments_after_ids_and_codes_stay_allowed():
    # The templates explain values with comments; a copy of them must not be refused for it.
    parsed, found = read_yaml(ROOT / "docs" / "contribute" / "templates" / "recommendation.yaml", "x.yaml")
    assert parsed is not None and not [p for p in found if p.code == "TK-E015"], [str(p) for p in found]


# --- Characters ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize(("char", "words", "code"), [
    ("\u202e", "a right-to-left override character (U+202E)", "TK-E016"),
    ("\u2066", "a left-to-right isolate character (U+2066)", "TK-E016"),
    ("\u200b", "a zero-width space (U+200B)", "TK-E016"),
    ("\x00", "a NUL character (code 0) (U+0000)", "TK-E016"),
    ("\x1b", "an escape character (ESC) (U+001B)", "TK-E016"),
    ("\x7f", "a delete character (DEL) (U+007F)", "TK-E016"),
    ("\x9b", "a control character (code 155) (U+009B)", "TK-E016"),
    ("\x07", "a control character (code 7) (U+0007)", "TK-E016"),
    ("\ufeff", "a byte-order mark (BOM) inside the text (U+FEFF)", "TK-E016"),
    ("\u00ad", "a soft hyphen (invisible) (U+00AD)", "TK-E016"),
    ("\U000e0041", "an invisible tag character (U+E0041)", "TK-E016"),
    ("\u2028", "a line separator character (U+2028)", "TK-E016"),
    ("\u00a0", "a non-breaking space (U+00A0)", "TK-E017"),
    ("\t", "a tab character (U+0009)", "TK-E017"),
    ("\u202f", "a narrow non-breaking space (U+202F)", "TK-E017"),
    ("\u2003", "an unusual space (em space) (U+2003)", "TK-E017"),
    ("\u2019", "a curly apostrophe or closing quotation mark ('\u2019', U+2019)", "TK-E018"),
    ("\u2013", "an en dash ('\u2013', U+2013)", "TK-E018"),
])
def test_each_odd_character_is_named_with_its_line_and_field(tmp_path, char, words, code):
    root = minimal_copy(tmp_path, "glossary.yaml", "definition: Support to return a doctor to safe practice.",
                        f"definition: Support to return a doctor{char} to safe practice.")
    found = problems_of(root)
    assert [(p.code, p.line, p.field) for p in found] == [(code, 10, "terms[remediation].definition")], \
        [str(p) for p in found]
    assert words in found[0].message and "after 'Support to return a doctor'" in found[0].message


@pytest.mark.parametrize("text", [
    "\u0915\u094d\u200d\u0937",  # Devanagari: a joiner inside a conjunct
    "\u0645\u200c\u064a",  # Persian: a non-joiner between two letters
    "\u05e9\u05dc\u05d5\u05dd\u200e 2026",  # Hebrew with a left-to-right mark before a number
    "Caf\u00e9 na\u00efve \u2026 \u00a3120",  # accents, an ellipsis and a pound sign are ordinary text
])
def test_characters_a_language_needs_are_allowed(text):
    assert characters(f"term: {text}\n")[0] == []


@pytest.mark.parametrize("text", ["ab\u200dcd", "\u200dword", "x\u200c"])
def test_joiners_outside_such_words_are_refused(text):
    assert characters(f"term: {text}\n")[0]


def test_the_real_data_holds_no_odd_characters():
    for path in sorted((ROOT / "data").glob("*.yaml")):
        found, _ = characters(path.read_text(encoding="utf-8"))
        assert not found, f"{path.name}: {found[:3]}"


def test_the_content_check_covers_the_contributors_file(tmp_path):
    """`make check` reads data/contributors.yaml as the build does: a wrong value is named with its line."""
    import shutil
    import subprocess
    import sys

    from conftest import ROOT
    for part in ("data", "docs", "schema"):
        shutil.copytree(ROOT / part, tmp_path / part)
    path = tmp_path / "data" / "contributors.yaml"
    text = path.read_text(encoding="utf-8")
    assert "contributions: [content" in text
    path.write_text(text.replace("contributions: [content", "contributions: [cooking", 1), encoding="utf-8")
    result = subprocess.run([sys.executable, "-m", "macros.check", str(tmp_path)], cwd=ROOT, capture_output=True,
                            text=True, env={"TOOLKIT_CACHE": "0", "PATH": "/usr/bin:/bin"})
    assert result.returncode == 1 and "Traceback" not in result.stderr
    line = next(n for n, row in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if "cooking" in row)
    assert f"data/contributors.yaml, line {line}" in result.stderr
    assert "'cooking' is not an allowed value" in result.stderr
