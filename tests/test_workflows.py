"""GitHub workflows: valid YAML, least privilege, actions pinned to commits, one deploy at a time.

What the publishing steps do is tested by running them (test_versions.py); this checks their setting.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess

import pytest
import yaml

from conftest import ROOT

WORKFLOWS = ROOT / ".github" / "workflows"
FILES = sorted(WORKFLOWS.glob("*.yml"))
# owner/repo[/path]@<40 hex> # vX.Y.Z  (the comment says which release the commit is)
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s+[\w.-]+/[\w.-]+(?:/[\w./-]+)?@[0-9a-f]{40} # v\d+\.\d+\.\d+\s*$")


def load(path):
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # PyYAML reads the key `on:` as the boolean True
    return data


def steps(job: dict) -> list[dict]:
    return job.get("steps", [])


def runs_mike(job: dict) -> bool:
    return any("mike deploy" in step.get("run", "") for step in steps(job))


def test_the_expected_workflows_exist():
    assert {p.name for p in FILES} >= {"checks.yml", "publish.yml"}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_workflow_is_valid_yaml_with_triggers_and_jobs(path):
    data = load(path)
    assert data["on"], f"{path.name}: no trigger"
    assert data["jobs"] and all("runs-on" in job and steps(job) for job in data["jobs"].values())


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_permissions_are_granted_per_job_only(path):
    data = load(path)
    assert data.get("permissions") == {}, f"{path.name}: set `permissions: {{}}` at the top"
    for name, job in data["jobs"].items():
        granted = job.get("permissions")
        assert isinstance(granted, dict) and granted, f"{path.name}: job {name} must list its permissions"
        writes = {scope for scope, level in granted.items() if level == "write"}
        assert writes <= ({"contents"} if runs_mike(job) else set()), f"{path.name}: job {name} writes {writes}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_action_is_pinned_to_a_commit_with_its_version(path):
    lines = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert lines, f"{path.name} uses no action"
    unpinned = [line.strip() for line in lines if not PINNED.match(line)]
    assert not unpinned, f"{path.name}: pin to a full commit SHA with a '# vX.Y.Z' comment: {unpinned}"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_checkout_fetches_the_whole_history(path):
    for name, job in load(path)["jobs"].items():
        for step in steps(job):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step.get("with", {}).get("fetch-depth") == 0, f"{path.name}: job {name} needs fetch-depth 0"


def test_checks_run_the_readme_test_command_on_pull_requests_and_main():
    data = load(WORKFLOWS / "checks.yml")
    assert "pull_request" in data["on"] and data["on"]["push"]["branches"] == ["main"]
    for job in data["jobs"].values():
        assert job["runs-on"] == "ubuntu-latest"
        assert all(level == "read" for level in job["permissions"].values())
    assert "make test" in [step.get("run", "").strip() for step in steps(data["jobs"]["test"])]


CONTENT_CHECK = re.compile(r"^\.venv/bin/python -m macros\.check --github(?: \|\| status=1)?$", re.M)


def test_the_content_check_is_its_own_named_step_before_the_tests():
    job = load(WORKFLOWS / "checks.yml")["jobs"]["test"]
    runs = [step.get("run", "").strip() for step in steps(job)]
    check = next(i for i, run in enumerate(runs) if CONTENT_CHECK.search(run))
    assert check < runs.index("make test"), "the content check must run before the tests"
    assert "content" in steps(job)[check]["name"].lower()
    # The virtual environment it runs in is made by the Makefile's own rule.
    assert "make .venv/bin/.installed" in runs[check]
    assert re.search(r"^\$\(BIN\)/\.installed:", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)


def test_the_content_check_step_writes_github_annotations(tmp_path):
    """The CI step's own commands, on broken data: each problem becomes an ::error annotation on its line."""
    project = tmp_path / "project"
    shutil.copytree(ROOT / "data", project / "data")
    shutil.copytree(ROOT / "docs", project / "docs")
    shutil.copy2(ROOT / ".yamllint.yml", project / ".yamllint.yml")
    (project / ".venv").symlink_to(ROOT / ".venv")
    recs = project / "data" / "recommendations.yaml"
    text = recs.read_text(encoding="utf-8")
    assert "    mechanism: insight\n" in text
    line = text[:text.index("    mechanism: insight\n")].count("\n") + 1
    recs.write_text(text.replace("    mechanism: insight\n", "    mechanism: insigth \n", 1), encoding="utf-8")
    job = load(WORKFLOWS / "checks.yml")["jobs"]["test"]
    step = next(s for s in steps(job) if CONTENT_CHECK.search(s.get("run", "")))
    # As CI runs it, minus the Makefile's set-up (the environment here is ready), with the data of `project`.
    script = "\n".join(row for row in step["run"].splitlines() if not row.startswith("make "))
    script = script.replace("-m macros.check --github", f"-m macros.check {project} --github")
    result = subprocess.run(["sh", "-e", "-c", script], cwd=project, capture_output=True, text=True, timeout=180,
                            env={**os.environ, "GITHUB_ACTIONS": "true", "PYTHONPATH": str(ROOT)})
    assert result.returncode == 1
    annotations = [row for row in (result.stdout + result.stderr).splitlines() if row.startswith("::error ")]
    here = f"file=data/recommendations.yaml,line={line},"
    assert any(here in row and "insigth" in row for row in annotations), annotations  # the content check
    assert any(f"{here}col=" in row and "trailing spaces" in row for row in annotations), annotations  # yamllint


def test_each_publishing_job_makes_the_offline_pack_before_testing_and_deploying():
    """The zip must be in docs/downloads/ when the tests and mike's build run, the PDF already in it."""
    for name, job in load(WORKFLOWS / "publish.yml")["jobs"].items():
        runs = [step.get("run", "").strip() for step in steps(job)]
        pdf, offline = runs.index("make pdf"), runs.index("make offline")
        deploy = next(i for i, run in enumerate(runs) if "mike deploy" in run)
        assert pdf < offline < runs.index("make test") < deploy, f"publish.yml: job {name} runs {runs}"
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert re.search(r"^offline: \$\(BIN\)/\.installed  ## .+\n\t\$\(BIN\)/python scripts/build_offline\.py$", makefile,
                     re.M), "make offline must run scripts/build_offline.py"
