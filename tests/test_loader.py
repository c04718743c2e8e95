"""Loading fails loudly: every problem at once, each with file, line, field and what is allowed.

Each case edits one line of a copy of the minimal fixture data. A full build with a larger
corpus of broken files is in test_broken_data.py.
"""

from __future__ import annotations

import shutil

import pytest

from conftest import FIXTURES, mkdocs, scratch_project
from macros.loader import DataError, load_toolkit

MINIMAL = FIXTURES / "minimal" / "data"

# (case, file, text to replace, replacement, file:line, field, words the message must contain)
CASES = [
    ("duplicate key", "recommendations.yaml", "    mechanism: insight\n",
     "    mechanism: insight\n    mechanism: insight\n", 7, "recommendations[TK01].mechanism", ["appears twice"]),
    ("duplicate id", "recommendations.yaml", "  - id: TK02", "  - id: TK01", 31, "recommendations[TK01].id",
     ["already used by the item on line 3", "next free ID, TK02"]),
    ("unknown field", "recommendations.yaml", "    summary: Meet", "    sumary: Meet", 7,
     "recommendations[TK01].sumary", ["not a field here", "Did you mean 'summary'"]),
    ("wrong type", "recommendations.yaml", "keywords: [psychological safety]", "keywords: psychological safety", 28,
     "recommendations[TK01].keywords", ["should be a list", "but it is 'psychological safety'"]),
    ("outside vocabulary", "recommendations.yaml", "    mechanism: insight", "    mechanism: insights", 6,
     "recommendations[TK01].mechanism", ["'insights' is not an allowed value", "'insight'", "'sustained-change'"]),
    ("unknown recommendation", "case-studies.yaml", "recommendations: [TK01]", "recommendations: [TK09]", 15,
     "case_studies[CS01].recommendations[1]", ["'TK09' is not a known recommendation", "TK01, TK02"]),
    ("unknown case study source", "case-studies.yaml", "    sources: [{source: price2021-medu",
     "    sources: [{source: price2099-medu", 16, "case_studies[CS01].sources[1].source",
     ["'price2099-medu' is not a known source"]),
    ("unknown term", "glossary.yaml", "see_also: [remediation]", "see_also: [remediaton]", 6,
     "terms[responsible-officer].see_also[1]", ["not a known term", "Did you mean 'remediation'?"]),
    ("unknown strategy", "recommendations.yaml", "strategies: [safe-space]", "strategies: [safe-place]", 18,
     "recommendations[TK01].basis.strategies[1]", ["not a known strategy"]),
    ("invalid date", "releases.yaml", "date: 2026-11-23", "date: 2026-02-30", 3, "editions[1.0].date",
     ["not a real date", "YYYY-MM-DD"]),
    ("empty text", "glossary.yaml", "definition: Support to return a doctor to safe practice.", 'definition: "  "',
     10, "terms[remediation].definition", ["the text is empty"]),
    ("missing field", "principles.yaml", "    title: Culture shapes help-seeking\n", "", 5, "principles[EP1]",
     ["required field 'title' is missing"]),
    ("bad id pattern", "recommendations.yaml", "  - id: TK01", "  - id: TK1", 3, "recommendations[TK1].id",
     ["should look like 'TK07'"]),
    ("tab indentation", "sources.yaml", "    kind: web-page", "\tkind: web-page", 11, "(whole file)",
     ["tab character"]),
]


def broken_copy(tmp_path, filename, old, new):
    shutil.copytree(MINIMAL, tmp_path / "data")
    target = tmp_path / "data" / filename
    content = target.read_text(encoding="utf-8")
    assert old in content, f"fixture changed: {old!r} not in {filename}"
    target.write_text(content.replace(old, new, 1), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(("case", "filename", "old", "new", "line", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_problem_is_located_and_explained(tmp_path, case, filename, old, new, line, field, words):
    root = broken_copy(tmp_path, filename, old, new)
    with pytest.raises(DataError) as caught:
        load_toolkit(root)
    message = str(caught.value)
    assert f"data/{filename}, line {line}, field {field}" in message, message
    for word in words:
        assert word in message, message


def test_every_problem_is_listed_at_once(tmp_path):
    root = broken_copy(tmp_path, "recommendations.yaml", "    mechanism: insight", "    mechanism: insights")
    glossary = root / "data" / "glossary.yaml"
    glossary.write_text(glossary.read_text().replace("term: Remediation", "term: 42"))
    (root / "data" / "releases.yaml").write_text("- just a list\n")
    with pytest.raises(DataError) as caught:
        load_toolkit(root)
    problems = caught.value.problems
    assert {p.file for p in problems} >= {"data/recommendations.yaml", "data/glossary.yaml", "data/releases.yaml"}
    assert str(caught.value).startswith(f"The toolkit's data has {len(problems)} problems.")


def test_build_stops_with_the_message_and_no_traceback(tmp_path):
    project = scratch_project(tmp_path / "project", broken_copy(tmp_path / "broken", *CASES[4][1:4]) / "data")
    result = mkdocs("build", "--strict", cwd=project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "data/recommendations.yaml, line 6, field recommendations[TK01].mechanism" in output
    assert "Traceback" not in output
    assert not (project / "site").exists()


def test_the_real_data_loads():
    tk = load_toolkit()
    assert tk.recommendations and tk.case_studies


def test_validated_data_is_reused_until_something_changes(tmp_path, monkeypatch):
    import macros.loader as loader
    root = broken_copy(tmp_path, "releases.yaml", "First release.", "First release.")  # an unchanged copy
    first = loader.load_toolkit(root)
    assert list((root / ".cache").glob("toolkit-data-*.json")), "a successful load leaves a cache entry"
    loader._CACHE.clear()  # a new build process

    def no_parsing(*args, **kwargs):
        raise AssertionError("unchanged data must not be parsed again")

    monkeypatch.setattr(loader, "read_yaml", no_parsing)
    assert loader.load_toolkit(root).files == first.files
    loader._CACHE.clear()
    monkeypatch.undo()
    releases = root / "data" / "releases.yaml"
    releases.write_text(releases.read_text().replace("First release.", "First edition."))
    assert loader.load_toolkit(root).editions[0]["notes"] == ["First edition."]
    releases.write_text(releases.read_text().replace("date: 2026-11-23", "date: 2026-02-30"))
    loader._CACHE.clear()
    with pytest.raises(DataError, match="not a real date"):
        loader.load_toolkit(root)


def test_a_page_citing_an_unknown_source_is_caught_before_rendering(tmp_path):
    root = broken_copy(tmp_path, "releases.yaml", "First release.", "First release.")
    (root / "docs" / "about").mkdir(parents=True)
    (root / "docs" / "about" / "page.md").write_text('# Page\n\nA claim {{ cite("price2021-medu") }}.\n'
                                                     'Another {{ cite("price2021-medu", "nobody2020-x") }}.\n')
    with pytest.raises(DataError) as caught:
        load_toolkit(root)
    assert [str(p) for p in caught.value.problems] == [
        "docs/about/page.md, line 4, field cite():\n    'nobody2020-x' is not a known source. "
        "Check the ID against data/sources.yaml, or add the source there.\n"
        "    TK-E044: https://restore-toolkit.github.io/professional-support-toolkit/dev/contribute/messages/#tk-e044"]
