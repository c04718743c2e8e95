"""The site's performance budgets, checked against benchmark results, and the printed report.

Sizes are in kB of 1,000 bytes. Times are medians, and every time budget is a ratio to the plain-Material
build measured in the same run (never a number of seconds), so the budgets mean the same on any machine.
"""

from __future__ import annotations

KB = 1000


def _get(data: dict, *keys):
    for key in keys:
        if not isinstance(data, dict) or key not in data:
            return None
        data = data[key]
    return data


def _budget(name: str, value, limit: float, unit: str, shown=None) -> dict:
    status = "n/a" if value is None else "PASS" if value <= limit else "FAIL"
    return {"budget": name, "value": value, "limit": limit, "unit": unit, "status": status,
            "shown": shown if shown is not None else ("not measured" if value is None else f"{value} {unit}")}


def _ratio(value, base):
    return round(value / base, 3) if value is not None and base else None


def evaluate(results: dict) -> list[dict]:
    """Every budget, with its status. Time budgets are ratios to the plain-Material build measured in the
    same run, so they hold on a slower or busier machine as long as the site is no slower than plain
    Material there: on a machine where every build ran 1.7 times slower, seconds would fail and ratios hold.
    """
    builds, browser = results.get("builds", {}), results.get("browser", {})
    t100 = _get(builds, "100", "data_driven", "median_s")
    t1000 = _get(builds, "1000", "data_driven", "median_s")
    scaling = round(t1000 / t100, 2) if t100 and t1000 else None
    plain10 = _get(builds, "10", "plain", "median_s")    # the yardstick for one small build
    plain100 = _get(builds, "100", "plain", "median_s")  # the yardstick for a rebuild under `mkdocs serve`
    page = _get(builds, "1000", "item_page_bytes")
    visit = _get(browser, "first_visit", "gzip_bytes")
    pdf = results.get("pdf", {})
    cold = _get(browser, "search_real", "cold_ms", "median")
    warm = _get(browser, "search_1000", "warm_ms", "median")
    third = _get(browser, "first_visit")
    third_value = None if third is None else third["third_party_bytes"] + len(third["third_party_requests"])
    per_plain10 = "x the plain build at N=10"
    return [
        _budget("(a)/(b) build time at N=1000", _get(builds, "1000", "ratio_median"), 1.10, "x"),
        _budget("t(1000)/t(100), data-driven build", scaling, 10, "x"),
        _budget("recommendation page HTML at N=1000", None if page is None else round(page / KB, 1), 50, "kB"),
        _budget("first visit to a recommendation page (real toolkit, gzip)",
                None if visit is None else round(visit / KB, 1), 150, "kB"),
        _budget("search, cold, real size (keyup to results)", _ratio(None if cold is None else cold / 1000, plain10),
                0.5, per_plain10, shown=None if cold is None or not plain10 else
                f"{cold:.0f} ms = {cold / 1000 / plain10:.2f}{per_plain10[1:]}"),
        _budget("search, warm, N=1000 (keyup to results)", _ratio(None if warm is None else warm / 1000, plain10),
                0.15, per_plain10, shown=None if warm is None or not plain10 else
                f"{warm:.0f} ms = {warm / 1000 / plain10:.3f}{per_plain10[1:]}"),
        _budget("whole-toolkit PDF", _ratio(pdf.get("seconds"), plain10), 10, per_plain10,
                shown=pdf.get("status") if pdf.get("seconds") is None and pdf else None),
        _budget("YAML edit visible under mkdocs serve, N=100", _ratio(_get(results, "serve_edit", "median"), plain100),
                1.3, "x the plain build at N=100",
                shown=(_get(results, "serve_edit", "error") or "").split("\n")[0] or None),
        _budget("third-party requests and bytes (first visit)", third_value, 0, "",
                shown=None if third is None else f"{len(third['third_party_requests'])} requests, "
                                                 f"{third['third_party_bytes']} bytes"),
    ]


def _row(cells: list, widths: list[int]) -> str:
    pairs = enumerate(zip(cells, widths, strict=True))
    padded = [str(c).ljust(w) if i == 0 else str(c).rjust(w) for i, (c, w) in pairs]
    return "  ".join(padded)


def build_table(builds: dict) -> list[str]:
    head = ["N", "pages", "(a) min/med s", "(b) min/med s", "(a)/(b)", "CPU (a)/(b)", "(a) ms/page",
            "(b) ms/page", "(a) MiB", "(b) MiB"]
    widths = [5, 6, 14, 14, 8, 11, 12, 12, 8, 8]
    lines = [_row(head, widths)]
    for n, r in builds.items():
        a, b = r["data_driven"], r["plain"]
        cells = [n, r["pages"], f"{a['min_s']:.2f}/{a['median_s']:.2f}", f"{b['min_s']:.2f}/{b['median_s']:.2f}",
                 f"{r['ratio_median']:.2f}", f"{r['cpu_ratio_median']:.2f}", f"{a['ms_per_page']:.1f}",
                 f"{b['ms_per_page']:.1f}", f"{a['peak_mib']:.0f}", f"{b['peak_mib']:.0f}"]
        lines.append(_row(cells, widths))
    return lines


def print_report(results: dict) -> None:
    m = results["machine"]
    print(f"\nMachine: {m['nproc']} cores, {m['cpu']}, {m['ram_gib']} GiB RAM, Python {m['python']}, "
          f"{m['chromium']}")
    loads = [results["machine"]["load_average_at_start"], results.get("load_average_at_end", ())]
    print("Load average (1, 5, 15 min) at start / end: " + " / ".join(", ".join(f"{x:.1f}" for x in load)
                                                                     for load in loads))
    print(f"Real toolkit: {results.get('real_toolkit')}")
    print("\nBuild time, whole process (a) data-driven site, (b) the same pages on plain Material "
          "(ratios: median of pairs):")
    for line in build_table(results.get("builds", {})):
        print("  " + line)
    builds = results.get("builds", {})
    if "100" in builds and "1000" in builds:
        scale = {k: builds["1000"][k]["median_s"] / builds["100"][k]["median_s"] for k in ("data_driven", "plain")}
        print(f"Scaling t(1000)/t(100): (a) {scale['data_driven']:.2f}, (b) {scale['plain']:.2f}")
    print("Recommendation page HTML (tk01): " + ", ".join(
        f"N={n} {r['item_page_bytes'] / KB:.1f} kB ({r['item_page_gzip_bytes'] / KB:.1f} kB gzip)"
        for n, r in builds.items()))
    serve = results.get("serve_edit")
    if serve and serve.get("seconds"):
        print(f"mkdocs serve, N=100: edit visible after {', '.join(map(str, serve['seconds']))} s; "
              f"MkDocs' own build times {', '.join(map(str, serve.get('build_seconds', [])))} s (first: initial build)")
    pdf = results.get("pdf", {})
    if pdf.get("status") == "ok":
        info = pdf.get("result") or {}
        print(f"Whole-toolkit PDF: {pdf['seconds']} s, {info.get('pages', '?')} pages, "
              f"{info.get('bytes', 0) / KB:.0f} kB")
    browser = results.get("browser", {})
    visit = browser.get("first_visit")
    if visit:
        print(f"\nFirst visit to {visit['page']}: {visit['requests']} responses, {visit['bytes'] / KB:.1f} kB, "
              f"{visit['gzip_bytes'] / KB:.1f} kB gzip -9")
        for r in visit["responses"]:
            print(f"  {r['status']}  {r['gzip']:>8,} B gzip  {r['bytes']:>9,} B  {r['url']}")
    for key, label in (("search_real", "real size"), ("search_1000", "N=1000")):
        s = browser.get(key)
        if s:
            warm = ", ".join(f"'{q}' {v['median']:.0f}" for q, v in s["warm_by_query_ms"].items())
            print(f"Search, {label}: cold {s['cold_ms']['median']:.0f} ms after keyup "
                  f"({s['cold_from_navigation_ms']['median']:.0f} ms after navigation start); "
                  f"warm {s['warm_ms']['median']:.0f} ms ({warm}); medians of {s['runs']} runs")
    print("\nBudgets:")
    for b in results["budgets"]:
        print(f"  {b['status']:<4}  {b['budget']}: {b['shown']} (budget {b['limit']} {b['unit']})".rstrip())
