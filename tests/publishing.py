"""Publish editions with mike into a local bare repository, running the publishing workflow's own steps.

A scratch copy of the project (its real data) becomes a git repository whose ``origin`` is a bare
repository standing in for GitHub. Three publications follow, as in real life: the newest edition in
data/releases.yaml (say 1.0, tag v1.0.0), the development version from ``main`` with a reworded
recommendation, then the next edition (1.1, tag v1.1.0) carrying that change. The shell of each
publishing step is read from .github/workflows/publish.yml and run as it is, so the tests check the
workflow's real commands. No network is used.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import tarfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from conftest import ROOT, scratch_project

WORKFLOW = ROOT / ".github" / "workflows" / "publish.yml"


@dataclass
class Published:
    """What was published, and where."""

    older: str     # edition published first, e.g. "1.0"
    newer: str     # edition published last: the one `latest` points to, e.g. "1.1"
    rec_id: str    # the recommendation reworded between them
    old_title: str
    new_title: str
    project: Path  # the working copy the editions were published from
    remote: Path   # bare repository: its gh-pages branch is what GitHub Pages would serve
    site: Path     # that branch exported as plain files

    def gh_pages(self, *args: str) -> str:
        """Output of a read-only git command run in the remote (for example ``ls-tree -r gh-pages``)."""
        return _run(["git", *args], self.remote, os.environ.copy()).stdout


def step_script(job: str, step_name: str) -> str:
    """The shell of one step of publish.yml, exactly as the workflow runs it."""
    steps = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))["jobs"][job]["steps"]
    matches = [step["run"] for step in steps if step.get("name") == step_name]
    assert matches, f"publish.yml has no step '{step_name}' in job '{job}'"
    return matches[0]


def _run(cmd: list[str], cwd: Path, env: dict) -> subprocess.CompletedProcess:
    result = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, f"{' '.join(cmd)} failed in {cwd}:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return result


def _environment(home: Path) -> dict:
    """A clean environment: its own HOME (the workflow writes git's global config), no edition set."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TOOLKIT_", "GIT_", "MIKE_"))}
    env.update(HOME=str(home), NO_MKDOCS_2_WARNING="1", GIT_CONFIG_NOSYSTEM="1",
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}")
    return env


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer contains {old!r}: update tests/publishing.py"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _add_history(recs: Path, rec_id: str, change: str) -> None:
    """An 'unreleased' entry at the end of the item's history, written as a contributor would."""
    lines = recs.read_text(encoding="utf-8").splitlines(keepends=True)
    start = next(i for i, line in enumerate(lines) if re.match(rf"^\s*- id: {rec_id}\s*$", line))
    indent = len(lines[start]) - len(lines[start].lstrip())
    end = next((i for i in range(start + 1, len(lines))
                if re.match(rf"^ {{{indent}}}- id: ", lines[i]) or (lines[i].strip() and
                                                               len(lines[i]) - len(lines[i].lstrip()) < indent)),
               len(lines))
    history = max(i for i in range(start, end) if lines[i].strip().startswith("history:"))
    entry = next(i for i in range(history + 1, end) if lines[i].lstrip().startswith("- "))
    pad = " " * (len(lines[entry]) - len(lines[entry].lstrip()))
    depth = len(lines[history]) - len(lines[history].lstrip())
    after = next((i for i in range(history + 1, end) if lines[i].strip() and
                  len(lines[i]) - len(lines[i].lstrip()) <= depth and not lines[i].lstrip().startswith("- ")), end)
    last = max(i for i in range(history + 1, after) if lines[i].strip())  # the history list's last line
    lines[last + 1:last + 1] = [f"{pad}- date: 2026-12-01\n", f"{pad}  edition: unreleased\n",
                                f"{pad}  change: {change}\n"]
    recs.write_text("".join(lines), encoding="utf-8")


def _commit(project: Path, env: dict, message: str) -> None:
    for cmd in (["git", "add", "-A"], ["git", "commit", "-q", "-m", message], ["git", "push", "-q", "origin", "main"]):
        _run(cmd, project, env)


def _publish_edition(project: Path, env: dict, tag: str) -> str:
    """The edition job: readiness check (tag -> edition), then its publish step's shell."""
    edition = _run([sys.executable, "-m", "macros.release", tag], project, env).stdout.strip()
    _run(["bash", "-euo", "pipefail", "-c", step_script("edition", "Publish the edition")], project,
         {**env, "GITHUB_REF_NAME": tag, "TOOLKIT_EDITION": edition})
    return edition


def _export(remote: Path, target: Path, env: dict) -> Path:
    """The gh-pages branch as files, as GitHub Pages serves them."""
    archive = subprocess.run(["git", "archive", "--format=tar", "gh-pages"], cwd=remote, env=env,
                             capture_output=True, check=True, timeout=120).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def _first_verbatim_title(recs: Path) -> tuple[str, str]:
    """ID and title of the first recommendation whose title appears as typed in the YAML file."""
    text = recs.read_text(encoding="utf-8")
    for rec in yaml.safe_load(text)["recommendations"]:
        if f"title: {rec['title']}\n" in text:
            return rec["id"], rec["title"]
    raise AssertionError("no recommendation title to reword: update tests/publishing.py")


def publish_editions(tmp: Path) -> Published:
    """Publish an edition, the development version and the next edition; return where they are."""
    home, project, remote = tmp / "home", tmp / "project", tmp / "remote.git"
    for folder in (home, project):
        folder.mkdir()
    env = _environment(home)
    scratch_project(project)
    # The workflow runs mike from the project's own .venv.
    (project / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (project / ".gitignore").write_text(".venv\nsite/\n", encoding="utf-8")
    _run(["git", "init", "-q", "--bare", str(remote)], tmp, env)
    _run(["git", "init", "-q", "-b", "main"], project, env)
    for key, value in (("user.name", "Toolkit tests"), ("user.email", "tests@example.invalid")):
        _run(["git", "config", key, value], project, env)
    _run(["git", "remote", "add", "origin", str(remote)], project, env)

    data = project / "data"
    releases, recs = data / "releases.yaml", data / "recommendations.yaml"
    older = yaml.safe_load(releases.read_text(encoding="utf-8"))["editions"][0]["edition"]
    major, minor = older.split(".")
    newer = f"{major}.{int(minor) + 1}"
    # The newest edition first, with any 'unreleased' history moved to it (README, publishing step 1).
    _run([sys.executable, "-m", "macros.release", "--prepare", f"v{older}.0"], project, env)
    _commit(project, env, f"Edition {older}")
    _publish_edition(project, env, f"v{older}.0")

    # Work on main after that is published as the development version.
    rec_id, old_title = _first_verbatim_title(recs)
    new_title = f"{old_title} (reworded for edition {newer})"
    _edit(recs, f"title: {old_title}\n", f"title: {new_title}\n")
    _add_history(recs, rec_id, "The title is clearer.")  # a change without a history entry stops the check
    _commit(project, env, f"Reword {rec_id}")
    _run(["bash", "-euo", "pipefail", "-c", step_script("development", "Publish the development version")],
         project, env)

    # The next edition: added at the top of data/releases.yaml, then tagged.
    indent = re.search(r"^( *)- edition:", releases.read_text(encoding="utf-8"), re.M).group(1)
    _edit(releases, "editions:\n", f'editions:\n{indent}- edition: "{newer}"\n{indent}  date: 2026-12-10\n'
          f"{indent}  title: Second edition\n{indent}  notes: [{rec_id} has a clearer title.]\n")
    _run([sys.executable, "-m", "macros.release", "--prepare", f"v{newer}.0"], project, env)
    _commit(project, env, f"Edition {newer}")
    _publish_edition(project, env, f"v{newer}.0")

    return Published(older=older, newer=newer, rec_id=rec_id, old_title=old_title, new_title=new_title,
                     project=project, remote=remote, site=_export(remote, tmp / "site", env))
