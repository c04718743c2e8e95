"""Bad data never breaks the site: the build stops, says where, and leaves the last good site alone.

Each folder in tests/fixtures/broken/ holds ONE data file that differs from the minimal fixture,
and an expect.yaml naming the file, line and field the message must point to (plus words it must
contain). Two more cases are generated here because they are too big to commit: a file over the
size limit and absurdly deep nesting.

For every case the loader is called directly (fast), and a real `mkdocs build --strict` runs in a
scratch project whose site folder already holds a good build: it must exit non-zero, name the
place, print no traceback, and leave every file of the previous site as it was.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, ROOT, mkdocs, scratch_project
from macros.loader import DataError, load_toolkit
from macros.yamlpos import MAX_BYTES, MAX_DEPTH

MINIMAL = FIXTURES / "minimal" / "data"
CORPUS = FIXTURES / "broken"


def _too_large() -> bytes:
    """Valid YAML just over the size limit: a real data file followed by a pasted comment block."""
    filler = b"# " + b"x" * 98 + b"\n"
    return (MINIMAL / "recommendations.yaml").read_bytes() + filler * (MAX_BYTES // len(filler) + 1)


def _too_deep() -> bytes:
    """100,000 nested lists: enough to crash libyaml's recursive composer if it ever saw them."""
    return b"case_studies: " + b"[" * 100_000 + b"]" * 100_000 + b"\n"


# Generated cases: (data file, content, expectation) - built in the test, never committed.
GENERATED = {
    "too-large": ("recommendations.yaml", _too_large, {
        "file": "data/recommendations.yaml", "line": 1, "field": "(whole file)", "says": ["the limit is 8 MB"]}),
    "too-deep": ("case-studies.yaml", _too_deep, {
        "file": "data/case-studies.yaml", "line": 1, "field": "case_studies" + "[1]" * (MAX_DEPTH - 1),
        "says": [f"nested more than {MAX_DEPTH} levels"]}),
}
COMMITTED = sorted(path.name for path in CORPUS.iterdir() if path.is_dir())
CASES = COMMITTED + sorted(GENERATED)


def broken_files(case: str) -> tuple[dict[str, bytes], dict]:
    """The data files that replace the minimal ones for ``case``, and what the message must say."""
    if case in GENERATED:
        name, make, expect = GENERATED[case]
        return {name: make()}, expect
    folder = CORPUS / case
    files = {p.name: p.read_bytes() for p in folder.iterdir() if p.name != "expect.yaml"}
    return files, yaml.safe_load((folder / "expect.yaml").read_text(encoding="utf-8"))


def located(expect: dict) -> re.Pattern:
    """The message's location line. Fields inside a listed item may carry '(item ID)' after them."""
    return re.compile(rf"{re.escape(expect['file'])}, line {expect['line']}, "
                      rf"field {re.escape(expect['field'])}(?: \(item [^)]*\))?:")


def overlay(data_dir: Path, files: dict[str, bytes]) -> None:
    """Reset ``data_dir`` to the minimal data, then put the broken files in place."""
    for path in MINIMAL.iterdir():
        shutil.copy2(path, data_dir / path.name)
    for name, content in files.items():
        (data_dir / name).write_bytes(content)


def snapshot(folder: Path) -> dict[str, tuple]:
    """Every file and folder below ``folder`` with its checksum and modification time."""
    state = {}
    for path in sorted(folder.rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_dir():
            state[key] = ("dir",)
        else:
            state[key] = (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
    return state


def test_the_corpus_is_complete_and_well_formed():
    assert len(CASES) >= 22, "keep at least 22 kinds of broken data"
    for case in COMMITTED:
        files, expect = broken_files(case)
        assert len(files) == 1, f"{case}: hold exactly one data file besides expect.yaml"
        name = next(iter(files))
        assert (MINIMAL / name).exists(), f"{case}: {name} is not one of the data files"
        assert files[name] != (MINIMAL / name).read_bytes(), f"{case}: {name} is the same as the minimal one"
        assert set(expect) >= {"file", "line", "field", "says"}, f"{case}: expect.yaml needs file, line, field, says"
        assert expect["file"] == f"data/{name}", f"{case}: expect.yaml names another file"


# Files that once hung or crashed the loader: checked in a child process with a time limit, so a
# regression fails this test instead of stopping the whole test run.
HAZARDS = {"alias-bomb", "too-deep"}


@pytest.mark.parametrize("case", CASES)
def test_loader_names_file_line_and_field(tmp_path, case):
    files, expect = broken_files(case)
    (tmp_path / "data").mkdir()
    overlay(tmp_path / "data", files)
    if case in HAZARDS:
        result = subprocess.run([sys.executable, "-m", "macros.check", str(tmp_path)], cwd=ROOT,
                                capture_output=True, text=True, timeout=60)
        assert result.returncode == 1, f"exit code {result.returncode}:\n{result.stderr[-2000:]}"
        message = result.stdout + result.stderr
        assert "Traceback" not in message, message[-3000:]
    else:
        with pytest.raises(DataError) as caught:
            load_toolkit(tmp_path)
        message = str(caught.value)
    assert located(expect).search(message), f"expected {expect['file']}, line {expect['line']}, " \
                                            f"field {expect['field']} in:\n{message}"
    for words in expect["says"]:
        assert words in message, f"expected {words!r} in:\n{message}"


@pytest.fixture(scope="module")
def built_project(tmp_path_factory):
    """A scratch project with a good site already built in project/site.

    The hand-written pages cite real sources and link to real items, so the good build uses the
    real data; each broken case then swaps in the minimal data with its one broken file.
    """
    project = scratch_project(tmp_path_factory.mktemp("broken-builds"))
    result = mkdocs("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    assert (project / "site" / "index.html").exists()
    return project, snapshot(project / "site")


@pytest.mark.parametrize("case", CASES)
def test_build_stops_clearly_and_keeps_the_previous_site(built_project, case):
    project, before = built_project
    files, expect = broken_files(case)
    overlay(project / "data", files)
    try:
        result = mkdocs("build", "--strict", cwd=project, timeout=120)
    finally:
        overlay(project / "data", {})
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"the build succeeded with broken data:\n{output[-2000:]}"
    assert "Traceback" not in output, output[-4000:]
    assert located(expect).search(output), f"expected {expect['file']}, line {expect['line']}, " \
                                           f"field {expect['field']} in:\n{output[-3000:]}"
    for words in expect["says"]:
        assert words in output, f"expected {words!r} in:\n{output[-3000:]}"
    after = snapshot(project / "site")
    changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
    assert not changed, f"the previous site was changed: {changed[:10]}"
