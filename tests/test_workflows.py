"""GitHub workflows: valid YAML, least privilege, actions pinned to commits, one deploy at a time.

What the publishing steps do is tested by running them (test_versions.py); this checks their setting.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys

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


CONTENT_CHECK = re.compile(r"^\.venv/bin/python -m macros\.check --github$", re.M)


def test_the_content_check_is_its_own_named_step_before_the_tests():
    job = load(WORKFLOWS / "checks.yml")["jobs"]["test"]
    runs = [step.get("run", "").strip() for step in steps(job)]
    check = next(i for i, run in enumerate(runs) if CONTENT_CHECK.search(run))
    assert check < runs.index("make test"), "the content check must run before the tests"
    assert "content" in steps(job)[check]["name"].lower()
    # The virtual environment it runs in is made by the Makefile's own rule.
    assert "make .venv/bin/.installed" in runs[check]
    assert re.search(r"^\$\(BIN\)/\.installed:", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)


def test_the_content_check_writes_github_annotations(tmp_path):
    """Run as the CI step runs it, on broken data: each problem becomes an ::error annotation on its line."""
    data = tmp_path / "project"
    shutil.copytree(ROOT / "data", data / "data")
    shutil.copytree(ROOT / "docs", data / "docs")
    recs = data / "data" / "recommendations.yaml"
    text = recs.read_text(encoding="utf-8")
    assert "    mechanism: insight\n" in text
    recs.write_text(text.replace("    mechanism: insight\n", "    mechanism: insigth\n", 1), encoding="utf-8")
    line = text[:text.index("    mechanism: insight\n")].count("\n") + 1
    result = subprocess.run([sys.executable, "-m", "macros.check", str(data), "--github"], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    annotations = [row for row in (result.stdout + result.stderr).splitlines() if row.startswith("::error ")]
    assert any(f"file=data/recommendations.yaml,line={line}," in row and "insigth" in row for row in annotations), \
        annotations


# Only GitHub's own actions, each pinned to the commit of a release (see the PINNED rule above).
OFFICIAL_PINS = {
    "actions/checkout": "df4cb1c069e1874edd31b4311f1884172cec0e10",  # v6.0.3
    "actions/upload-artifact": "b7c566a772e6b6bfb58ed0dc250532a479d7789f",  # v6.0.0
}


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_only_official_actions_at_known_commits(path):
    for job in load(path)["jobs"].values():
        for step in steps(job):
            if "uses" in step:
                action, _, sha = step["uses"].partition("@")
                assert OFFICIAL_PINS.get(action) == sha, f"{path.name}: {step['uses']} is not a known pinned action"


def test_pull_requests_get_a_preview_of_the_site_and_the_pdf(tmp_path):
    job = load(WORKFLOWS / "checks.yml")["jobs"]["preview"]
    assert job["if"] == "github.event_name == 'pull_request'"
    runs = [step.get("run", "").strip() for step in steps(job)]
    assert "make pdf" in runs
    uploads = {step["with"]["name"]: step for step in steps(job) if step.get("uses", "").startswith("actions/upload-")}
    assert uploads["preview-site"]["with"]["path"].rstrip("/") == "site"
    assert uploads["preview-pdf"]["with"]["path"] == "site/downloads/restore-toolkit.pdf"
    assert all(step["with"]["if-no-files-found"] == "error" for step in uploads.values())
    # The summary step, run as GitHub runs it, links both downloads.
    summary = next(step for step in steps(job) if "GITHUB_STEP_SUMMARY" in step.get("run", ""))
    env = {"PDF_URL": "https://example.test/pdf", "SITE_URL": "https://example.test/site",
           "GITHUB_STEP_SUMMARY": str(tmp_path / "summary.md"), "PATH": "/usr/bin:/bin"}
    for name, expression in summary["env"].items():
        step_id = re.fullmatch(r"\$\{\{ steps\.(\w+)\.outputs\.artifact-url \}\}", expression).group(1)
        assert step_id in {step.get("id") for step in uploads.values()}, name
    subprocess.run(["bash", "-e", "-c", summary["run"]], env=env, check=True, timeout=30)
    written = (tmp_path / "summary.md").read_text(encoding="utf-8")
    assert "[Download the PDF](https://example.test/pdf)" in written
    assert "[Download the site](https://example.test/site)" in written


def test_publishing_deploys_one_at_a_time_without_cancelling():
    jobs = load(WORKFLOWS / "publish.yml")["jobs"]
    deploys = {name: job for name, job in jobs.items() if runs_mike(job)}
    assert set(deploys) == {"edition", "development"}
    groups = set()
    for name, job in deploys.items():
        concurrency = job.get("concurrency")
        assert isinstance(concurrency, dict), f"job {name} needs a concurrency group"
        assert concurrency.get("cancel-in-progress") is False, f"job {name} must never be cancelled half-way"
        groups.add(concurrency["group"])
    assert len(groups) == 1, f"every deploy must share one concurrency group: {groups}"


def test_publishing_triggers_and_commands():
    data = load(WORKFLOWS / "publish.yml")
    push = data["on"]["push"]
    assert push["branches"] == ["main"] and push["tags"] == ["v[0-9]+.[0-9]+.[0-9]+"]
    edition, development = data["jobs"]["edition"], data["jobs"]["development"]
    assert "tag" in edition["if"] and "refs/heads/main" in development["if"]
    edition_shell = "\n".join(step.get("run", "") for step in steps(edition))
    assert "python -m macros.release" in edition_shell and "TOOLKIT_EDITION=" in edition_shell
    assert "make pdf" in edition_shell
    assert re.search(r"mike deploy --push --update-aliases --alias-type=redirect .*\"\$TOOLKIT_EDITION\" latest",
                     edition_shell.replace("\\\n", " "))
    assert "mike set-default --push latest" in edition_shell
    dev_shell = "\n".join(step.get("run", "") for step in steps(development))
    assert "TOOLKIT_EDITION" not in dev_shell and "TOOLKIT_EDITION" not in str(development.get("env", {}))
    assert re.search(r"mike deploy --push .*\bdev$", dev_shell, re.M)


def test_only_a_complete_checked_build_is_published():
    # make pdf builds strictly (a failed build leaves nothing new); make test checks that build and
    # the site it came from. Both must pass before mike deploys anything.
    for name, job in load(WORKFLOWS / "publish.yml")["jobs"].items():
        if not runs_mike(job):
            continue
        shells = [step.get("run", "") for step in steps(job)]
        deploy = next(i for i, shell in enumerate(shells) if "mike deploy" in shell)
        before = "\n".join(shells[:deploy])
        assert "make pdf" in before and "make test" in before, f"job {name} deploys without building and testing"
        assert before.index("make pdf") < before.index("make test"), f"job {name} tests before it builds"
