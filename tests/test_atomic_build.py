"""The published site is always whole: a build replaces site/ only when it fully succeeds.

Real `mkdocs build --strict` runs in a scratch project whose site/ already holds a good build.
Every kind of failure (bad data, an undefined template variable, a macro given an unknown ID, a
template syntax error in a page, a strict-mode warning, Ctrl+C) must leave every file of the previous
site byte for byte as it was, and no staging folder behind. A build killed outright at several
moments leaves either the previous site or the whole new one, never a mixture or nothing, and the
next build clears away what the killed one left. Unit tests of macros/atomic.py come first.
"""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import mkdocs, scratch_project
from macros import atomic


# --- macros/atomic.py ----------------------------------------------------------------------------
def _tree(folder: Path) -> dict[str, str]:
    """Relative path -> checksum (or 'dir') of everything below ``folder``."""
    return {p.relative_to(folder).as_posix(): "dir" if p.is_dir() else hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*"))}


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_publish_swaps_the_whole_folder_and_removes_the_old_one(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    staging = atomic.staging_dir(site)
    assert staging.parent == site.parent and staging.name.startswith(".site.building-")
    (staging / "new.html").write_text("new")
    atomic.publish(staging, site)
    assert _tree(site) == {"new.html": hashlib.sha256(b"new").hexdigest()}
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_without_the_one_step_swap_two_renames_do_the_same(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "_exchange", lambda a, b: False)  # as on a system without renameat2
    site = tmp_path / "site"
    site.mkdir()
    (site / "old.html").write_text("old")
    staging = atomic.staging_dir(site)
    (staging / "new.html").write_text("new")
    atomic.publish(staging, site)
    assert sorted(p.name for p in site.iterdir()) == ["new.html"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_a_first_build_creates_the_site_folder(tmp_path):
    site = tmp_path / "out" / "site"
    staging = atomic.staging_dir(site)
    (staging / "index.html").write_text("x")
    atomic.publish(staging, site)
    assert (site / "index.html").read_text() == "x" and sorted(p.name for p in site.parent.iterdir()) == ["site"]


def test_discard_leaves_the_site_alone(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / "index.html").write_text("old")
    staging = atomic.staging_dir(site)
    (staging / "index.html").write_text("half")
    atomic.discard(staging)
    assert (site / "index.html").read_text() == "old" and sorted(p.name for p in tmp_path.iterdir()) == ["site"]


def test_leftovers_of_killed_builds_are_cleaned_and_running_ones_kept(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    dead = _dead_pid()
    stale = [tmp_path / f".site.building-{dead}-0a1b", tmp_path / f".site.retired-{dead}-2c3d"]
    running = tmp_path / f".site.building-{os.getppid()}-4e5f"  # a live process: its build is still going
    other = tmp_path / f".other.building-{dead}-6a7b"           # belongs to another site folder
    for folder in (*stale, running, other):
        folder.mkdir()
        (folder / "index.html").write_text("x")
    removed = atomic.clean_leftovers(site)
    assert sorted(removed) == sorted(stale)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["site", running.name, other.name])


def test_a_site_lost_between_two_renames_is_put_back(tmp_path):
    # Where the one-step swap is unavailable, a kill between the renames leaves only the retired copy.
    site = tmp_path / "site"
    retired = tmp_path / f".site.retired-{_dead_pid()}-9f9f"
    retired.mkdir()
    (retired / "index.html").write_text("previous")
    atomic.clean_leftovers(site)
    assert (site / "index.html").read_text() == "previous" and not retired.exists()


# --- Real builds -------------------------------------------------------------------------------------
def snapshot(folder: Path) -> dict[str, tuple]:
    """Every file and folder below ``folder`` with its checksum and modification time."""
    state = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        state[key] = ("dir",) if path.is_dir() else (hashlib.sha256(path.read_bytes()).hexdigest(),
                                                     path.stat().st_mtime_ns)
    return state


def siblings(project: Path) -> list[str]:
    """Staging or retired folders next to site/ (there must be none once a build has ended)."""
    return sorted(p.name for p in project.iterdir() if p.name.startswith(".site."))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A scratch project with a good strict build already in site/."""
    root = scratch_project(tmp_path_factory.mktemp("atomic") / "project")
    result = mkdocs("build", "--strict", cwd=root)
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def _append(path: Path, text: str):
    original = path.read_text(encoding="utf-8")
    path.write_text(original + text, encoding="utf-8")
    return lambda: path.write_text(original, encoding="utf-8")


def _replace(path: Path, old: str, new: str):
    original = path.read_text(encoding="utf-8")
    assert old in original, f"{path.name} no longer contains {old!r}: update this test"
    path.write_text(original.replace(old, new, 1), encoding="utf-8")
    return lambda: path.write_text(original, encoding="utf-8")


# Each breaks the project in one way and returns how to undo it.
FAILURES = {
    "bad data": lambda p: _replace(p / "data" / "recommendations.yaml", "status: current", "status: maybe"),
    "undefined template variable": lambda p: _append(p / "docs" / "glossary.md", "\n{{ no_such_variable }}\n"),
    "macro given an unknown ID": lambda p: _append(p / "docs" / "glossary.md", "\n{{ cite('no-such-source') }}\n"),
    "template syntax error in a page": lambda p: _append(p / "docs" / "glossary.md", "\n{% if %}\n"),
    "strict-mode warning": lambda p: _append(p / "docs" / "glossary.md", "\n[A missing page](no-such-page.md)\n"),
    "page template error": lambda p: _replace(p / "overrides" / "main.html", "{% block content %}",
                                              "{% block content %}{{ page.meta.tk_x.y.z }}"),
}


@pytest.mark.parametrize("kind", FAILURES)
def test_a_failed_build_leaves_the_previous_site_exactly_as_it_was(project, kind):
    before = snapshot(project / "site")
    undo = FAILURES[kind](project)
    try:
        result = mkdocs("build", "--strict", cwd=project, timeout=300)
    finally:
        undo()
    assert result.returncode != 0, f"{kind}: the build did not fail"
    assert snapshot(project / "site") == before, f"{kind}: site/ changed"
    assert siblings(project) == [], f"{kind}: left {siblings(project)}"
    assert "left exactly as it was" in result.stderr


def test_interrupting_a_build_leaves_the_previous_site(project):
    before = snapshot(project / "site")
    build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                             env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        # Wait until the build is writing pages into its staging folder, then press Ctrl+C.
        deadline = time.monotonic() + 120
        while not any((project / name / "index.html").exists() for name in siblings(project)):
            assert build.poll() is None and time.monotonic() < deadline, "the build never started writing"
            time.sleep(0.05)
        build.send_signal(signal.SIGINT)
        build.communicate(timeout=120)
    finally:
        build.kill()
    assert build.returncode != 0
    assert snapshot(project / "site") == before and siblings(project) == []


def _comparable(folder: Path) -> dict[str, str]:
    """Checksums of a built site (compressed files by name only: gzip stamps the time)."""
    return {k: ("gz" if k.endswith(".gz") else v) for k, v in _tree(folder).items()}


def _whole_build(project: Path, into: Path) -> dict[str, str]:
    result = mkdocs("build", "--strict", "--site-dir", str(into), cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    return _comparable(into)


def test_a_build_killed_at_any_moment_leaves_the_old_site_or_the_whole_new_one(project, tmp_path):
    page = project / "docs" / "glossary.md"
    original = page.read_text(encoding="utf-8")
    versions = {"A": original, "B": original + "\nA sentence only version B has.\n"}
    try:
        whole = {}
        for name, text in versions.items():
            page.write_text(text, encoding="utf-8")
            whole[name] = _whole_build(project, tmp_path / name)
        assert whole["A"] != whole["B"]
        current = "A"
        assert _comparable(project / "site") == whole[current]
        for delay in (0.5, 1.0, 2.0, 3.0, 4.5):
            target = "B" if current == "A" else "A"
            page.write_text(versions[target], encoding="utf-8")
            build = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project,
                                     env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(delay)
            build.kill()  # SIGKILL: no clean-up code runs at all
            build.wait(timeout=60)
            now = _comparable(project / "site")
            assert now in (whole[current], whole[target]), \
                f"killed after {delay} s: site/ is neither the previous site nor the whole new one"
            current = current if now == whole[current] else target
        # The next whole build clears away whatever the killed ones left, and publishes.
        page.write_text(original, encoding="utf-8")
        result = mkdocs("build", "--strict", cwd=project)
        assert result.returncode == 0, result.stderr[-3000:]
        assert _comparable(project / "site") == whole["A"] and siblings(project) == []
    finally:
        page.write_text(original, encoding="utf-8")


def test_site_dir_on_the_command_line_is_honoured(project, tmp_path):
    before = snapshot(project / "site")
    elsewhere = tmp_path / "elsewhere" / "built"
    result = mkdocs("build", "--strict", "--site-dir", str(elsewhere), cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (elsewhere / "index.html").exists() and (elsewhere / "search" / "search_index.json").exists()
    assert sorted(p.name for p in elsewhere.parent.iterdir()) == ["built"]
    assert snapshot(project / "site") == before


def test_a_good_build_replaces_the_site_and_cleans_up(project):
    dead = _dead_pid()
    stale = project / f".site.building-{dead}-abcd"
    stale.mkdir()
    (stale / "index.html").write_text("half a build")
    undo = _append(project / "docs" / "glossary.md", "\nA line added for this build.\n")
    try:
        result = mkdocs("build", "--strict", cwd=project)
    finally:
        undo()
    assert result.returncode == 0, result.stderr[-3000:]
    assert "A line added for this build." in (project / "site" / "glossary" / "index.html").read_text(encoding="utf-8")
    assert siblings(project) == []


def test_gh_deploy_pushes_the_whole_site(tmp_path):
    # gh-deploy builds (into a staging folder, swapped in at the end) and then pushes the site folder.
    root = scratch_project(tmp_path / "project")
    remote = tmp_path / "remote.git"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "GIT_CONFIG_NOSYSTEM": "1", "HOME": str(tmp_path),
           "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.invalid",
           "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.invalid"}
    for cmd in (["git", "init", "-q", "--bare", str(remote)], ["git", "init", "-q", "-b", "main", str(root)],
                ["git", "-C", str(root), "remote", "add", "origin", str(remote)]):
        subprocess.run(cmd, check=True, env=env, capture_output=True)
    result = subprocess.run([sys.executable, "-m", "mkdocs", "gh-deploy", "--force", "--remote-branch", "pages"],
                            cwd=root, env=env, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    listed = subprocess.run(["git", "--git-dir", str(remote), "ls-tree", "-r", "--name-only", "pages"],
                            capture_output=True, text=True, check=True).stdout.split()
    assert "index.html" in listed and "search/search_index.json" in listed
    assert siblings(root) == []
