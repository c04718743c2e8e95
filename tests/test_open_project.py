"""The habits of an open project: citation, code of conduct, security policy, credit, a short README.

- CITATION.cff is valid Citation File Format 1.2.0 and names the newest published edition;
- its authors are the project's own teams (the CODEOWNERS teams), never invented people;
- the Code of Conduct adopts the Contributor Covenant 2.1 and gives a private way to report;
- SECURITY.md sends reports to GitHub's private vulnerability reporting;
- the contributors page is built from data/contributors.yaml, and a mistake there is reported
  with its file, line and field;
- the README keeps the two commands and leaves the benchmark figures to their own page.
"""

from __future__ import annotations

import datetime
import json
import re
import shutil

import jsonschema
import pytest
import yaml

from conftest import FIXTURES, ROOT
from macros.loader import DataError
from macros.render_contributors import contributors_table, load_contributors, meanings


def _strings(value):
    """YAML dates as strings, as the CFF schema expects."""
    if isinstance(value, dict):
        return {k: _strings(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_strings(v) for v in value]
    return value.isoformat() if isinstance(value, datetime.date) else value


CFF = _strings(yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8")))


def test_citation_file_is_valid_cff_1_2_0():
    schema = json.loads((FIXTURES / "cff" / "schema-1.2.0.json").read_text(encoding="utf-8"))
    errors = [f"{list(e.path)}: {e.message}" for e in
              jsonschema.Draft7Validator(schema, format_checker=jsonschema.FormatChecker()).iter_errors(CFF)]
    assert not errors, errors
    assert CFF["cff-version"] == "1.2.0"


def test_citation_names_the_newest_published_edition():
    releases = yaml.safe_load((ROOT / "data" / "releases.yaml").read_text(encoding="utf-8"))["editions"]
    newest = releases[0]  # newest first
    assert CFF["version"] == newest["edition"] and CFF["date-released"] == str(newest["date"])
    assert "edition" in CFF["message"]


def test_citation_authors_are_the_projects_own_teams():
    teams = set(re.findall(r"@restore-toolkit/([\w-]+)", (ROOT / ".github" / "CODEOWNERS").read_text("utf-8")))
    for author in CFF["authors"]:
        assert set(author) <= {"name", "website"}, "authors are teams, not invented people"
        assert author["website"].removeprefix("https://github.com/orgs/restore-toolkit/teams/") in teams
    assert set(CFF["license"]) == {"CC-BY-4.0", "MIT"}  # content and code, as LICENSE and LICENSE-content.md say


def test_code_of_conduct_adopts_the_covenant_with_a_private_channel():
    text = (ROOT / "CODE_OF_CONDUCT.md").read_text(encoding="utf-8")
    assert "Contributor Covenant, version 2.1" in text
    assert "contributor-covenant.org/version/2/1/code_of_conduct" in text
    assert "Report a vulnerability" in text and "privately" in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "no invented email address"


def test_security_policy_uses_private_vulnerability_reporting():
    text = (ROOT / "SECURITY.md").read_text(encoding="utf-8")
    assert "private vulnerability reporting" in text and "Report a vulnerability" in text
    assert "public issue" in text
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", text), "no invented email address"


# --- Contributors ------------------------------------------------------------------------------
def test_the_contributors_page_is_built_from_the_data(built_site):
    html = (built_site / "contributors" / "index.html").read_text(encoding="utf-8")
    entries = load_contributors()
    assert entries
    for entry in entries:
        assert entry["name"] in html
    for meaning in meanings().values():
        assert meaning in html  # the kinds of credit, code or not, each explained
    assert "Lived experience" in html and "Testing" in html


def test_contributor_names_are_text_never_markup():
    table = contributors_table([{"name": "<script>x</script> & co", "contributions": ["review"]}])
    assert "<script>" not in table and "&lt;script&gt;" in table


def test_a_mistake_in_the_contributors_file_is_located(tmp_path):
    shutil.copytree(ROOT / "data", tmp_path / "data")
    path = tmp_path / "data" / "contributors.yaml"
    path.write_text(path.read_text(encoding="utf-8") + "  - name: A Person\n    contributions: [reviewing]\n",
                    encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_contributors(tmp_path)
    problem = caught.value.problems[0]
    line = len(path.read_text(encoding="utf-8").splitlines())
    assert (problem.file, problem.line) == ("data/contributors.yaml", line)
    assert "'reviewing' is not an allowed value" in problem.message and "'review'" in problem.message


# --- README ------------------------------------------------------------------------------------
def test_the_readme_keeps_the_two_commands_and_moves_the_benchmarks():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert re.search(r"^make serve   # .+\nmake test    # .+$", readme, re.M), "the README's two commands"
    assert "docs/about/benchmarks.md" in readme
    benchmarks = (ROOT / "docs" / "about" / "benchmarks.md").read_text(encoding="utf-8")
    assert "## Results" in benchmarks and "## Budgets" in benchmarks and "make bench" in benchmarks
    for figure in re.findall(r"\d+\.\d+ (?:s|ms|kB)\b", benchmarks):
        assert figure not in readme, f"the README still has the benchmark figure {figure}"
    assert len(readme.splitlines()) < 110
