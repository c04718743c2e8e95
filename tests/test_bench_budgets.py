"""The benchmark's budgets: time budgets are ratios to the plain build of the same run, so a machine that
is slower all round passes or fails exactly as a fast one does (scripts/bench_budgets.py)."""

from __future__ import annotations

import copy
import sys

import pytest

from conftest import ROOT

sys.path.insert(0, str(ROOT / "scripts"))
import bench_budgets  # noqa: E402


def results(pdf=2.6, serve=2.9, cold=150, warm=28, ratio=1.09) -> dict:
    def build(a, b):
        return {"data_driven": {"median_s": a}, "plain": {"median_s": b}, "ratio_median": round(a / b, 3)}
    return {"builds": {"10": build(1.2, 0.93), "100": build(3.45, 2.88), "1000": {**build(33.0, 30.0),
                                                                                    "ratio_median": ratio,
                                                                                    "item_page_bytes": 36000}},
            "pdf": {"seconds": pdf, "status": "ok"}, "serve_edit": {"median": serve},
            "browser": {"first_visit": {"gzip_bytes": 140000, "third_party_bytes": 0, "third_party_requests": []},
                        "search_real": {"cold_ms": {"median": cold}}, "search_1000": {"warm_ms": {"median": warm}}}}


def slower(data: dict, factor: float) -> dict:
    """The same run on a machine where every build and every browser step takes ``factor`` times longer."""
    out = copy.deepcopy(data)
    for build in out["builds"].values():
        for kind in ("data_driven", "plain"):
            build[kind]["median_s"] *= factor
    out["pdf"]["seconds"] *= factor
    out["serve_edit"]["median"] *= factor
    out["browser"]["search_real"]["cold_ms"]["median"] *= factor
    out["browser"]["search_1000"]["warm_ms"]["median"] *= factor
    return out


def statuses(data: dict) -> dict:
    return {b["budget"]: b["status"] for b in bench_budgets.evaluate(data)}


def test_every_time_budget_is_a_ratio_to_the_plain_build():
    for budget in bench_budgets.evaluate(results()):
        assert budget["unit"] != "s" and budget["unit"] != "ms", budget


@pytest.mark.parametrize("factor", [1.0, 1.7, 3.0])
def test_a_slower_machine_meets_the_same_budgets(factor):
    assert statuses(slower(results(), factor)) == statuses(results())
    assert set(statuses(results()).values()) == {"PASS"}


@pytest.mark.parametrize(("change", "budget"), [
    ({"serve": 4.6}, "YAML edit visible under mkdocs serve, N=100"),
    ({"pdf": 12.0}, "whole-toolkit PDF"),
    ({"cold": 600}, "search, cold, real size (keyup to results)"),
    ({"ratio": 1.2}, "(a)/(b) build time at N=1000"),
])
def test_a_site_slower_than_plain_material_fails_its_budget(change, budget):
    assert statuses(results(**change))[budget] == "FAIL"
