"""Benchmark the data-driven site against the same pages on plain Material, and check the budgets.

    make bench                            # N = 10, 100, 1000, 3 runs each (about 15 minutes)
    python scripts/benchmark.py --quick   # N = 10 and 100, 1 run: a smoke test

For each N, a temporary copy of the project gets a synthetic toolkit of N recommendations
(``bench_data``), checked with ``python -m macros.check``. A second copy gets the same pages as
plain Markdown for plain Material (``bench_baseline``). Both are built in turn (A B A B ...),
timed as whole processes. Then, on the project's own data: the first-visit transfer of a
recommendation page, search latency in headless Chromium, the whole-toolkit PDF; and, at
N=100, how long a YAML edit takes to show under ``mkdocs serve``. Results go to
bench-results.json; the last line printed is ``ratio=<data-driven / plain at N=1000>``.
"""

from __future__ import annotations

import argparse
import gzip
import importlib.util
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "scripts")]

import bench_browser  # noqa: E402
import bench_budgets  # noqa: E402
import bench_data  # noqa: E402

from tests.conftest import FIXTURES, built_pages, scratch_project, serve  # noqa: E402

ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
PACKAGES = ["mkdocs", "mkdocs-material", "mkdocs-macros-plugin", "mike", "Markdown", "pymdown-extensions",
            "Jinja2", "PyYAML", "fastjsonschema", "jsonschema", "playwright"]


def machine() -> dict:
    """What the figures were measured on."""
    cpuinfo = Path("/proc/cpuinfo").read_text() if Path("/proc/cpuinfo").exists() else ""
    model = next((line.split(":", 1)[1].strip() for line in cpuinfo.splitlines() if line.startswith("model name")), "")
    meminfo = Path("/proc/meminfo").read_text() if Path("/proc/meminfo").exists() else ""
    mem_kb = next((int(line.split()[1]) for line in meminfo.splitlines() if line.startswith("MemTotal")), 0)
    try:
        chromium = subprocess.run([bench_browser.CHROMIUM, "--version"], capture_output=True, text=True,
                                  timeout=30).stdout.strip()
    except OSError:
        chromium = "missing"
    return {"nproc": os.cpu_count(), "cpu": model, "ram_gib": round(mem_kb / 2**20, 1),
            "os": platform.platform(), "python": platform.python_version(), "chromium": chromium,
            "load_average_at_start": os.getloadavg(),
            "packages": {name: _version(name) for name in PACKAGES}}


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


def run(cmd: list[str], cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=cwd, env=ENV, capture_output=True, text=True, timeout=1800)


def timed_build(project: Path, site: Path) -> dict:
    """One clean ``mkdocs build -q`` as a whole process: wall seconds and peak memory."""
    shutil.rmtree(site, ignore_errors=True)
    with tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-m", "mkdocs", "build", "-q", "-d", str(site)], cwd=project,
                                env=ENV, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)  # the child's own resource use, peak memory included
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err.seek(0)
        if proc.returncode:
            raise SystemExit(f"mkdocs build failed in {project} (exit {proc.returncode}):\n{err.read()[-4000:]}")
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime, "peak_mib": usage.ru_maxrss / 1024}


def prepare(tmp: Path, n: int, base: dict) -> tuple[Path, Path, dict]:
    """Project copy with a synthetic toolkit of ``n`` recommendations, and its plain-Markdown twin."""
    project, baseline = tmp / f"data-driven-{n}", tmp / f"plain-{n}"
    project.mkdir()
    scratch_project(project)
    content = bench_data.write_data(project / "data", n, base=base, schema_dir=project / "schema")
    if content["wider_ids"]:
        bench_data.widen_ids(project / "schema")
    check = run([sys.executable, "-m", "macros.check", "."], cwd=project)  # the copy's macros and schema
    if check.returncode:
        raise SystemExit(f"The synthetic data for N={n} does not validate:\n{check.stderr[-4000:]}")
    made = run([sys.executable, str(ROOT / "scripts" / "bench_baseline.py"), str(project), str(baseline)], cwd=ROOT)
    if made.returncode:
        raise SystemExit(f"Writing the plain-Markdown baseline for N={n} failed:\n{made.stderr[-4000:]}")
    return project, baseline, {**content, "check": check.stdout.strip()}


def _stats(runs: list[dict], pages: int) -> dict:
    walls = [r["wall"] for r in runs]
    median = statistics.median(walls)
    return {"runs": [round(w, 3) for w in walls], "min_s": round(min(walls), 3), "median_s": round(median, 3),
            "ms_per_page": round(1000 * median / pages, 2), "cpu_median_s": round(statistics.median(
                r["cpu"] for r in runs), 3), "peak_mib": round(max(r["peak_mib"] for r in runs), 1)}


def compare_builds(tmp: Path, sizes: list[int], runs: int, base: dict) -> dict:
    """(a) the data-driven site and (b) plain Material, built in turn, ``runs`` times each per N."""
    results = {}
    for n in sizes:
        project, baseline, content = prepare(tmp, n, base)
        site_a, site_b = tmp / f"site-data-driven-{n}", tmp / f"site-plain-{n}"
        if n < 1000:  # one untimed build each first: bytecode and file cache (negligible at N=1000)
            timed_build(project, site_a)
            timed_build(baseline, site_b)
        a_runs, b_runs = [], []
        for i in range(runs):
            a_runs.append(timed_build(project, site_a))
            b_runs.append(timed_build(baseline, site_b))
            print(f"  N={n} run {i + 1}/{runs}: data-driven {a_runs[-1]['wall']:.2f} s, "
                  f"plain {b_runs[-1]['wall']:.2f} s", flush=True)
        pages = len(built_pages(site_a))
        ratios = [a["wall"] / b["wall"] for a, b in zip(a_runs, b_runs, strict=True)]
        cpu_ratios = [a["cpu"] / b["cpu"] for a, b in zip(a_runs, b_runs, strict=True)]  # less sensitive to other load
        item = site_a / "recommendations" / "tk01" / "index.html"
        results[n] = {"content": content, "pages": pages, "data_driven": _stats(a_runs, pages),
                      "plain": _stats(b_runs, pages), "ratio_pairs": [round(r, 3) for r in ratios],
                      "ratio_median": round(statistics.median(ratios), 3),
                      "cpu_ratio_median": round(statistics.median(cpu_ratios), 3),
                      "item_page_bytes": item.stat().st_size,
                      "item_page_gzip_bytes": len(gzip.compress(item.read_bytes(), 9)),
                      "search_index_bytes": (site_a / "search" / "search_index.json").stat().st_size,
                      "_project": str(project), "_site": str(site_a)}
    return results


def real_toolkit(tmp: Path) -> tuple[Path, str]:
    """A built copy of the project with its own data (the fixture while the real data does not validate)."""
    check = run([sys.executable, "-m", "macros.check"], cwd=ROOT)
    data, label = (ROOT / "data", "real data") if check.returncode == 0 else (FIXTURES / "minimal" / "data",
                                                                             "FIXTURE data (real data invalid)")
    project = tmp / "real"
    project.mkdir()
    scratch_project(project, data)
    site = tmp / "site-real"
    build = timed_build(project, site)
    return site, f"{label}; build {build['wall']:.1f} s"


def first_rec_path(site: Path) -> str:
    found = sorted(p.parent.name for p in (site / "recommendations").glob("tk*/index.html"))
    return f"recommendations/{found[0]}/"


def browser_measurements(real_site: Path, big_site: Path | None, runs: int) -> dict:
    from playwright.sync_api import sync_playwright
    out = {}
    with sync_playwright() as playwright:
        browser = bench_browser.launch(playwright)
        server, url = serve(real_site)
        try:
            page = first_rec_path(real_site)
            out["first_visit"] = bench_browser.first_visit(browser, url, page)
            rec_id = page.split("/")[1].upper()
            out["search_real"] = bench_browser.search_latency(
                browser, url, page, "remediation", [rec_id, "remediation", "support"], runs)
        finally:
            server.shutdown()
        if big_site:
            server, url = serve(big_site)
            try:
                out["search_1000"] = bench_browser.search_latency(
                    browser, url, "recommendations/tk500/", "remediation", ["TK500", "BQ0100", "remediation"],
                    max(3, runs))
            finally:
                server.shutdown()
        browser.close()
    return out


def pdf_time(site: Path, tmp: Path) -> dict:
    """Time ``scripts/build_pdf.py``'s ``build_pdf(site_dir, out)``, if it exists."""
    path = ROOT / "scripts" / "build_pdf.py"
    if not path.exists():
        return {"status": "not available"}
    spec = importlib.util.spec_from_file_location("build_pdf", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    if not hasattr(module, "build_pdf"):
        return {"status": "not available"}
    start = time.perf_counter()
    info = module.build_pdf(site, tmp / "toolkit.pdf")
    return {"status": "ok", "seconds": round(time.perf_counter() - start, 2), "result": info}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="N = 10 and 100, one run each: a smoke test")
    parser.add_argument("--runs", type=int, default=3, help="timed builds of each variant per N (default 3)")
    parser.add_argument("--out", type=Path, default=ROOT / "bench-results.json", help="where to write the results")
    args = parser.parse_args(argv)
    sizes, runs = ([10, 100], 1) if args.quick else ([10, 100, 1000], args.runs)
    started = time.perf_counter()
    results: dict = {"machine": machine(), "sizes": sizes, "runs": runs, "quick": args.quick}
    base = bench_data.read_base(ROOT / "data")
    with tempfile.TemporaryDirectory(prefix="toolkit-bench-") as tmp_name:
        tmp = Path(tmp_name)
        print(f"Building N = {', '.join(map(str, sizes))}, {runs} run(s) each, data-driven and plain in turn ...",
              flush=True)
        builds = compare_builds(tmp, sizes, runs, base)
        results["builds"] = {str(n): {k: v for k, v in r.items() if not k.startswith("_")} for n, r in builds.items()}
        print("Real toolkit: build, first visit, search, PDF ...", flush=True)
        real_site, results["real_toolkit"] = real_toolkit(tmp)
        big = Path(builds[1000]["_site"]) if 1000 in builds else None
        results["browser"] = browser_measurements(real_site, big, 2 if args.quick else 5)
        results["pdf"] = pdf_time(real_site, tmp)
        if 100 in builds:
            print("mkdocs serve at N=100: edit a title, wait for it ...", flush=True)
            results["serve_edit"] = bench_browser.serve_edit(
                Path(builds[100]["_project"]), "TK50", "recommendations/tk50/", bench_data.set_title,
                runs=1 if args.quick else 3)
    results["load_average_at_end"] = os.getloadavg()
    results["budgets"] = bench_budgets.evaluate(results)
    results["seconds_total"] = round(time.perf_counter() - started, 1)
    args.out.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    bench_budgets.print_report(results)
    print(f"Results: {args.out} (whole run {results['seconds_total']:.0f} s)")
    ratio = results["builds"].get("1000", {}).get("ratio_median")
    print(f"ratio={ratio:.2f}" if ratio is not None else "ratio=n/a (N=1000 not built; run without --quick)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
