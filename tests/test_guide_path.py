"""The guide's path is green: a new item added exactly as the guide says passes every check.

A copy of the project gets one new recommendation and one new case study, each made from the guide's
own template as the guide tells a contributor to: copy everything below the list's own line, paste it
at the end of the data file, take the next free ID, replace every 'REPLACE:' text, set today's date.
Nothing outside data/ is touched. Then the content check, a strict build, the published-address
checks and the audit list all have to accept the copy as it is.
"""

from __future__ import annotations

import datetime
import re
import subprocess
import sys
from pathlib import Path

import pytest
from published import addresses, listed, pages
from test_published_urls import broken_addresses, unlisted_addresses

from conftest import ROOT, built_pages, mkdocs, scratch_project

TEMPLATES = ROOT / "docs" / "contribute" / "templates"
GUIDE = ROOT / "docs" / "contribute"
# template -> (data file, the list's own line, ID prefix, guide page)
STEPS = {
    "recommendation.yaml": ("recommendations.yaml", "recommendations:", "TK", "recommendation.md"),
    "case-study.yaml": ("case-studies.yaml", "case_studies:", "CS", "case-study.md"),
}


def next_free_id(data_file: Path, prefix: str) -> str:
    """As the guide says: the highest number in the file, withdrawn items included, plus one."""
    numbers = [int(n) for n in re.findall(rf"^\s*- id: {prefix}(\d+)\s*$", data_file.read_text("utf-8"), re.M)]
    return f"{prefix}{max(numbers) + 1:02d}"


def filled_in(template: str, data_file: Path) -> tuple[str, str]:
    """The template's item as a contributor pastes it, with the guidance replaced. Returns (text, ID)."""
    _, list_line, prefix, _ = STEPS[template]
    text = (TEMPLATES / template).read_text(encoding="utf-8").split(f"\n{list_line}\n", 1)[1]
    new_id = next_free_id(data_file, prefix)
    text = text.replace(f"- id: {prefix}00", f"- id: {new_id}", 1)
    words = iter(f"Words written by a contributor for {new_id}, part {n}." for n in range(1, 100))
    text = re.sub(r'REPLACE:[^"\n]*(?:\n {8,}(?! *[-\w]+:)[^\n]*)*', lambda _: next(words), text)
    text = re.sub(r"date: \d{4}-\d{2}-\d{2}", f"date: {datetime.date.today().isoformat()}", text)
    assert "REPLACE:" not in text
    return text, new_id


def test_the_guide_and_the_templates_give_the_same_steps():
    """The steps this test follows are the ones the guide and the template tell a contributor."""
    for template, (data_file, list_line, _, page) in STEPS.items():
        guide = (GUIDE / page).read_text(encoding="utf-8")
        header = (TEMPLATES / template).read_text(encoding="utf-8")
        for text in (guide, header):
            assert re.search(rf"below (?:its|the) line [\"`]{list_line}[\"`]", text), (page, template)
            assert f"end of `data/{data_file}`" in text or f"end of data/{data_file}" in text, (page, template)
        assert "next free ID" in guide and "REPLACE:" in guide
        assert "outside `data/` and `docs/`" not in guide


@pytest.fixture(scope="module")
def contributed(tmp_path_factory):
    """A copy of the project with one new recommendation and one new case study, and its strict build."""
    project = scratch_project(tmp_path_factory.mktemp("guide") / "project")
    added = {}
    for template, (data_name, *_rest) in STEPS.items():
        data_file = project / "data" / data_name
        text, new_id = filled_in(template, data_file)
        data_file.write_text(data_file.read_text(encoding="utf-8").rstrip("\n") + "\n" + text, encoding="utf-8")
        added[template] = new_id
    check = subprocess.run([sys.executable, "-m", "macros.check", str(project)], cwd=ROOT, capture_output=True,
                           text=True, timeout=300)
    site = project.parent / "site"
    build = mkdocs("build", "--strict", "--site-dir", str(site), cwd=project)
    return project, site, added, check, build


def test_the_content_check_accepts_the_new_items(contributed):
    _, _, _, check, _ = contributed
    assert check.returncode == 0, check.stdout + check.stderr
    assert "Data OK: 13 recommendations, 6 case studies" in check.stdout


def test_the_strict_build_makes_their_pages(contributed):
    _, site, added, _, build = contributed
    assert build.returncode == 0, build.stderr[-4000:]
    rec = (site / "recommendations" / added["recommendation.yaml"].lower() / "index.html").read_text("utf-8")
    case = (site / "case-studies" / added["case-study.yaml"].lower() / "index.html").read_text("utf-8")
    assert f"Words written by a contributor for {added['recommendation.yaml']}" in rec
    assert f"Words written by a contributor for {added['case-study.yaml']}" in case


def test_the_published_address_checks_pass_without_editing_the_list(contributed):
    project, site, added, _, build = contributed
    assert build.returncode == 0
    assert broken_addresses(site, project) == []
    assert unlisted_addresses(site, project) == []
    # The hand-kept list does not name the new pages: they are published because the data has them.
    for template, folder in (("recommendation.yaml", "recommendations"), ("case-study.yaml", "case-studies")):
        url = f"{folder}/{added[template].lower()}/"
        assert url not in listed() and url in addresses(project) and url not in addresses(ROOT)


def test_every_new_page_is_in_the_audit_list(contributed):
    project, site, added, _, _ = contributed
    audited = set(pages(project))
    assert not set(built_pages(site)) - audited
    assert f"case-studies/{added['case-study.yaml'].lower()}/" in audited


def test_changing_an_existing_recommendation_as_the_guide_shows_passes_the_check(tmp_path):
    """The worked example 'add a question': the new question and a history entry dated today."""
    project = scratch_project(tmp_path / "project")
    after = re.findall(r"^```yaml\n(    questions:\n.*?)^```", (GUIDE / "recommendation.md").read_text("utf-8"),
                       re.S | re.M)[1]
    new_question = re.findall(r"^      - (.+\?)$", after, re.M)[-1]
    entry = re.findall(r"^      - (\{date: .*edition: unreleased.*\})$", after, re.M)[-1]
    entry = re.sub(r"date: [\d-]+", f"date: {datetime.date.today().isoformat()}", entry)
    data = project / "data" / "recommendations.yaml"
    text = data.read_text(encoding="utf-8")
    start, end = text.index("  - id: TK06\n"), text.index("  - id: TK07\n")
    item = text[start:end].rstrip("\n")
    last_question = re.findall(r"^    questions:\n(?:      - .+\n)+", item, re.M)[0]
    item = item.replace(last_question, f"{last_question}      - {new_question}\n", 1) + f"\n      - {entry}\n\n"
    data.write_text(text[:start] + item + text[end:], encoding="utf-8")
    check = subprocess.run([sys.executable, "-m", "macros.check", str(project)], cwd=ROOT, capture_output=True,
                           text=True, timeout=300)
    assert check.returncode == 0, check.stderr
    from macros.loader import load_toolkit
    tk06 = load_toolkit(project).rec["TK06"]
    assert new_question in tk06["questions"]
    assert tk06["history"][-1]["edition"] == "unreleased" and "question" in tk06["history"][-1]["change"]


def test_the_new_items_pass_yamllint_as_the_tests_run_it(contributed):
    """test_contributor_tooling.py runs yamllint over data/: the pasted templates must pass it too."""
    project, *_ = contributed
    result = subprocess.run([sys.executable, "-m", "yamllint", "--strict", "-c", str(ROOT / ".yamllint.yml"), "data"],
                            cwd=project, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
