"""The benchmark's synthetic toolkits are valid data, written through the real files and schema.

No timing here: speed is measured by scripts/benchmark.py only.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import FIXTURES, ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench_data  # noqa: E402

from macros.loader import DataError, load_toolkit  # noqa: E402
from macros.schemas import CONTENT_TYPES, SCHEMA_DIR  # noqa: E402

MINIMAL = FIXTURES / "minimal" / "data"


def test_a_small_synthetic_toolkit_passes_the_content_check(tmp_path):
    counts = bench_data.write_data(tmp_path / "data", 10)
    assert not counts["wider_ids"]
    result = subprocess.run([sys.executable, "-m", "macros.check", str(tmp_path)], cwd=ROOT,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "Data OK: 10 recommendations, 2 case studies" in result.stdout


def test_every_content_file_is_written(tmp_path):
    bench_data.write_data(tmp_path / "data", 10)
    # Every content file, the register of published IDs and the contributors file.
    expected = {*(n for n, _ in CONTENT_TYPES.values()), "published-ids.yaml", "contributors.yaml"}
    assert sorted(p.name for p in (tmp_path / "data").glob("*.yaml")) == sorted(expected)


def test_counts_follow_the_number_of_recommendations(tmp_path):
    bench_data.write_data(tmp_path / "data", 50)
    tk = load_toolkit(tmp_path)
    assert (len(tk.recommendations), len(tk.case_studies), len(tk.principles)) == (50, 10, 5)
    assert (len(tk.terms), len(tk.sources)) == (10, 25)
    assert len({r["title"] for r in tk.recommendations}) == 50
    assert any(t.get("abbreviation") for t in tk.terms)


def test_real_reference_data_is_kept_and_items_are_replaced(tmp_path):
    base = bench_data.read_base(MINIMAL)
    bench_data.write_data(tmp_path / "data", 20, base=base)
    tk = load_toolkit(tmp_path)
    assert {s["id"] for s in base["sources.yaml"]["sources"]} <= set(tk.source)
    assert {t["id"] for t in base["glossary.yaml"]["terms"]} <= set(tk.term)
    assert {s["id"] for s in base["programme-theory.yaml"]["strategies"]} <= set(tk.strategy)
    assert tk.principle["EP1"]["title"] == base["principles.yaml"]["principles"][0]["title"]
    assert [r["id"] for r in tk.recommendations] == [f"TK{i:02d}" for i in range(1, 21)]


def test_the_same_size_gives_the_same_data():
    assert bench_data.generate(10) == bench_data.generate(10)
    assert bench_data.generate(10) != bench_data.generate(11)


def test_more_than_99_items_need_wider_ids_in_a_copy_of_the_schema(tmp_path):
    counts = bench_data.write_data(tmp_path / "data", 120)
    assert counts["wider_ids"]
    with pytest.raises(DataError, match="TK100"):
        load_toolkit(tmp_path, SCHEMA_DIR)
    schema = tmp_path / "schema"
    shutil.copytree(SCHEMA_DIR, schema)
    bench_data.widen_ids(schema)
    tk = load_toolkit(tmp_path, schema)
    assert len(tk.recommendations) == 120 and "TK120" in tk.rec and "EP12" in tk.principle
    assert (SCHEMA_DIR / "common.schema.json").read_text() != (schema / "common.schema.json").read_text()


def test_a_title_edit_changes_one_line_and_keeps_the_data_valid(tmp_path):
    bench_data.write_data(tmp_path / "data", 10)
    data_file = tmp_path / "data" / "recommendations.yaml"
    before = data_file.read_text().splitlines()
    bench_data.set_title(data_file, "TK05", "Edited title")
    after = data_file.read_text().splitlines()
    assert [(a, b) for a, b in zip(before, after, strict=True) if a != b] == [
        (next(line for line in before if line.endswith("(TK05)")), "  title: Edited title (TK05)")]
    assert load_toolkit(tmp_path).rec["TK05"]["title"] == "Edited title (TK05)"
