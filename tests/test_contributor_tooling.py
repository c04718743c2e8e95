"""The contributor tooling has the shape GitHub, editors and pre-commit expect.

- issue forms, their config, the pull request template, CODEOWNERS and Dependabot;
- the pre-commit hooks run the content check and the pinned linters, offline;
- the editor settings map every schema onto its data file, and the references inside the
  schemas resolve the way an editor resolves them.
"""

from __future__ import annotations

import configparser
import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

from conftest import ROOT
from macros.schemas import CONTENT_TYPES
from macros.yamlpos import read_yaml

GUIDE = ROOT / "docs" / "contribute"
SITE_GUIDE = "https://restore-toolkit.github.io/professional-support-toolkit/dev/contribute/"


# --- GitHub files ------------------------------------------------------------------------------
FORMS = sorted((ROOT / ".github" / "ISSUE_TEMPLATE").glob("0*.yml"))
FIELD_TYPES = {"markdown", "input", "textarea", "dropdown", "checkboxes"}


def test_the_numbered_issue_forms_exist():
    assert [f.name for f in FORMS] == ["01-suggest-a-change.yml", "02-propose-a-case-study.yml",
                                       "03-report-a-problem.yml", "04-propose-a-new-recommendation.yml"]


def test_a_new_recommendation_can_be_proposed_without_an_id():
    form = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "04-propose-a-new-recommendation.yml")
                          .read_text(encoding="utf-8"))
    fields = {item["id"]: item for item in form["body"] if "id" in item}
    required = {name for name, item in fields.items() if item.get("validations", {}).get("required")}
    assert {"title", "why", "sources"} <= required
    assert all(option["required"] for option in fields["confirm"]["attributes"]["options"])
    assert not any(re.search(r"\bTK\d|ID", item["attributes"].get("label", "")) for name, item in fields.items()
                   if name in required), "a required field asks for an existing recommendation ID"
    # The mechanism choices are the schema's, with 'Not sure' first.
    mechanism = json.loads((ROOT / "schema" / "recommendation.schema.json").read_text(encoding="utf-8"))
    mechanism = mechanism["$defs"]["recommendation"]["properties"]["mechanism"]["enum"]
    options = fields["mechanism"]["attributes"]["options"]
    assert options[0] == "Not sure" and len(options) == len(mechanism) + 1
    # Every contributor way in links it.
    for doc in (ROOT / "CONTRIBUTING.md", GUIDE / "index.md"):
        assert "04-propose-a-new-recommendation.yml" in doc.read_text(encoding="utf-8"), doc.name


@pytest.mark.parametrize("form", FORMS, ids=lambda p: p.name)
def test_issue_forms_have_the_shape_github_expects(form):
    data = yaml.safe_load(form.read_text(encoding="utf-8"))
    assert isinstance(data.get("name"), str) and data["name"]
    assert isinstance(data.get("description"), str) and data["description"]
    body = data.get("body")
    assert isinstance(body, list) and body
    ids = [item["id"] for item in body if "id" in item]
    assert len(ids) == len(set(ids)), f"repeated ids in {form.name}: {ids}"
    for item in body:
        assert item.get("type") in FIELD_TYPES, item
        attributes = item.get("attributes", {})
        if item["type"] == "markdown":
            assert attributes.get("value")
            continue
        assert item.get("id") and re.fullmatch(r"[a-z0-9_-]+", item["id"]), item
        assert attributes.get("label"), item
        if item["type"] == "dropdown":
            assert attributes.get("options"), item
        if item["type"] == "checkboxes":
            assert all("label" in option for option in attributes.get("options", [])), item
        else:
            assert SITE_GUIDE in attributes.get("description", ""), f"{item['id']}: no link to the guide"


def test_blank_issues_are_off_and_the_guide_is_linked():
    config = yaml.safe_load((ROOT / ".github" / "ISSUE_TEMPLATE" / "config.yml").read_text(encoding="utf-8"))
    assert config["blank_issues_enabled"] is False
    assert any(link["url"].startswith(SITE_GUIDE) and link["name"] and link["about"]
               for link in config["contact_links"])


def test_dependabot_updates_pip_and_actions_weekly_in_groups():
    config = yaml.safe_load((ROOT / ".github" / "dependabot.yml").read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"pip", "github-actions"}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly" and update["groups"] and update["directory"] == "/"


def _pinning_rule() -> str:
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    return hooks["actions-pinned-by-sha"]["entry"]


def test_the_pinning_rule_flags_tags_and_branches_only():
    rule = re.compile(_pinning_rule())
    assert rule.search("      - uses: actions/checkout@v4")
    assert rule.search("      - uses: actions/setup-python@main")
    assert not rule.search("      - uses: actions/checkout@df4cb1c069e1874edd31b4311f1884172cec0e10 # v6.0.3")
    assert not rule.search("      - uses: ./.github/actions/local")
    for workflow in (ROOT / ".github" / "workflows").glob("*.yml"):  # the real workflows pass it
        assert not rule.search(workflow.read_text(encoding="utf-8")), workflow.name


def test_codeowners_route_content_and_code_to_different_teams():
    rules = [line.split() for line in (ROOT / ".github" / "CODEOWNERS").read_text(encoding="utf-8").splitlines()
             if line.strip() and not line.startswith("#")]
    owner = {pattern: owners for pattern, *owners in rules}
    assert owner["/data/"] == owner["/docs/"] == ["@restore-toolkit/content-editors"]
    for code in ("/macros/", "/hooks/", "/schema/", "/overrides/", "/.github/", "/tests/"):
        assert owner[code] == ["@restore-toolkit/maintainers"], code


def test_the_pull_request_template_asks_content_or_code():
    text = (ROOT / ".github" / "PULL_REQUEST_TEMPLATE.md").read_text(encoding="utf-8")
    assert "Content change or code change?" in text
    content, code = text.split("### Content change checklist")[1].split("### Code change checklist")
    for words in ("history", "No code", "make check", "confidence"):
        assert words in content
    for words in ("Tests", "axe", "README"):
        assert words in code


# --- Editor help and pre-commit ----------------------------------------------------------------
def test_vscode_maps_every_schema_onto_its_data_file():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for data_file, schema_file in CONTENT_TYPES.values():
        assert f"data/{data_file}" in mapping.get(f"./schema/{schema_file}", []), schema_file
    for schema, files in mapping.items():
        assert (ROOT / schema).is_file(), schema
        assert all((ROOT / f).is_file() for f in files), files
    extensions = json.loads((ROOT / ".vscode" / "extensions.json").read_text(encoding="utf-8"))
    assert "redhat.vscode-yaml" in extensions["recommendations"]


def test_editors_can_follow_the_schemas_relative_references():
    """An editor reads each schema as a file and resolves 'common.schema.json#/...' beside it."""
    def from_file(uri: str) -> Resource:
        return Resource.from_contents(json.loads(Path(uri.removeprefix("file://")).read_text(encoding="utf-8")),
                                      default_specification=DRAFT202012)

    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text(encoding="utf-8"))
    for schema_path, files in settings["yaml.schemas"].items():
        path = (ROOT / schema_path).resolve()
        schema = {**json.loads(path.read_text(encoding="utf-8")), "$id": path.as_uri()}
        validator = jsonschema.Draft202012Validator(schema, registry=Registry(retrieve=from_file))
        for name in files:
            parsed, problems = read_yaml(ROOT / name, name)
            errors = [e.json_path for e in validator.iter_errors(parsed.data)]
            # Templates hold the placeholder ID (TK00, CS00) on purpose: editors flag it until it is changed.
            expected = ["$.recommendations[0].id"] if name.endswith("templates/recommendation.yaml") else \
                ["$.case_studies[0].id"] if name.endswith("templates/case-study.yaml") else []
            assert not problems and errors == expected, name
    # A mistake inside a shared definition is caught through the relative reference.
    schema_file = (ROOT / "schema" / "recommendation.schema.json").resolve()
    schema = {**json.loads(schema_file.read_text(encoding="utf-8")), "$id": schema_file.as_uri()}
    parsed, _ = read_yaml(GUIDE / "templates" / "recommendation.yaml", "template")
    parsed.data["recommendations"][0]["history"][0]["edition"] = "one"
    parsed.data["recommendations"][0]["id"] = "TK98"
    errors = jsonschema.Draft202012Validator(schema, registry=Registry(retrieve=from_file)).iter_errors(parsed.data)
    assert [e.json_path for e in errors] == ["$.recommendations[0].history[0].edition"]


def test_editorconfig_sets_utf8_lf_and_indentation():
    config = configparser.ConfigParser()
    text = (ROOT / ".editorconfig").read_text(encoding="utf-8")
    config.read_string(text.replace("root = true", "[root]\nroot = true"))  # a key before any section
    every = config["*"]
    assert (every["charset"], every["end_of_line"], every["insert_final_newline"]) == ("utf-8", "lf", "true")
    assert (every["indent_style"], every["indent_size"]) == ("space", "2")
    assert config["*.py"]["indent_size"] == "4"


def test_pre_commit_runs_the_content_check_and_pinned_linters_offline():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    assert all(repo["repo"] == "local" for repo in config["repos"]), "hook repos cannot be downloaded offline"
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    check = hooks["content-check"]
    assert check["entry"].endswith("python -m macros.check") and check["language"] == "system"
    assert re.search(check["files"], "data/case-studies.yaml") and re.search(check["files"], "schema/x.json")
    assert not re.search(check["files"], "docs/index.md")
    pins = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    for tool in ("yamllint", "ruff", "pre-commit"):
        assert re.search(rf"^{tool}==\d", pins, re.M), f"{tool} is not pinned in requirements-dev.txt"
    assert {"yamllint", "ruff"} <= set(hooks)


def test_yamllint_passes_on_the_data_and_github_files():
    result = subprocess.run([sys.executable, "-m", "yamllint", "--strict", "-c", ".yamllint.yml", "data", ".github",
                             "docs/contribute/templates"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr


# --- Dev container -----------------------------------------------------------------------------
def _jsonc(path: Path) -> dict:
    """JSON with whole-line // comments, as dev container files allow."""
    return json.loads("\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                                if not line.lstrip().startswith("//")))


def test_the_dev_container_gives_a_browser_editor_ready_for_make_serve():
    config = _jsonc(ROOT / ".devcontainer" / "devcontainer.json")
    # Debian (bookworm) with Python 3.11: the machine the README's commands expect.
    assert re.fullmatch(r"mcr\.microsoft\.com/devcontainers/python:[\w.-]*3\.11-bookworm", config["image"])
    command = config["postCreateCommand"]
    target = re.fullmatch(r"make ([a-z-]+)", command).group(1)
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    rule = re.search(rf"^{target}:(.*)$", makefile, re.M)
    assert rule and "$(BIN)/.installed" in rule.group(1) and "system-packages" in rule.group(1), rule
    assert 8000 in config["forwardPorts"] and "8000" in config["portsAttributes"]
    assert "--dev-addr 127.0.0.1:8000" in makefile  # the port `make serve` listens on
    assert "redhat.vscode-yaml" in config["customizations"]["vscode"]["extensions"]
