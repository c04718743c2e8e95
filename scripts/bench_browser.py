"""Benchmark measurements in headless Chromium and under ``mkdocs serve``.

- ``first_visit``: every response of a first visit (fresh context) and its gzip -9 size.
- ``search_latency``: time from the last keystroke to the first search result, cold and warm.
- ``serve_edit``: time for a YAML edit to show in the page served by ``mkdocs serve``.
"""

from __future__ import annotations

import gzip
import os
import re
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync", "--disable-quic"]
LOCAL_HOSTS = {"127.0.0.1", "localhost"}

# Timestamps (performance.now(), ms since navigation start) of the last keyup in the search box and
# of the first moment the result list holds a result after the measurement was armed.
_PROBE_JS = """
window.__bench = {armed: false, keyup: 0, results: 0};
document.addEventListener('keyup', (e) => {
  if (e.target.matches && e.target.matches('input.md-search__input')) window.__bench.keyup = performance.now();
}, true);
new MutationObserver(() => {
  const b = window.__bench;
  if (b.armed && document.querySelector('.md-search-result__list .md-search-result__item')) {
    b.results = performance.now(); b.armed = false;
  }
}).observe(document, {childList: true, subtree: true});
"""
_INPUT = "input.md-search__input"


def launch(playwright):
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run `make system-packages` (Debian's chromium).")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


def first_visit(browser, base_url: str, path: str) -> dict:
    """Every response of a first visit to ``path`` (fresh context, empty cache), with gzip -9 sizes."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    responses, third_party = [], []

    def on_request(request):
        if urlsplit(request.url).hostname not in LOCAL_HOSTS and not request.url.startswith("data:"):
            third_party.append(request.url)

    def on_response(response):
        try:
            body = response.body()
        except Exception:  # redirects and aborted requests have no body
            body = b""
        responses.append({"url": response.url, "status": response.status, "bytes": len(body),
                          "gzip": len(gzip.compress(body, 9)) if body else 0,
                          "local": urlsplit(response.url).hostname in LOCAL_HOSTS})

    context.on("request", on_request)
    context.on("response", on_response)
    page = context.new_page()
    page.goto(base_url + path, wait_until="networkidle")
    page.wait_for_timeout(1000)  # late requests (search worker, index) after network idle
    context.close()
    local = [r for r in responses if r["local"]]
    return {"page": path, "responses": responses, "requests": len(responses),
            "bytes": sum(r["bytes"] for r in local), "gzip_bytes": sum(r["gzip"] for r in local),
            "third_party_requests": third_party,
            "third_party_bytes": sum(r["bytes"] for r in responses if not r["local"])}


def _query(page, text: str, timeout_ms: int = 30000) -> tuple[float, float]:
    """Type ``text`` into the search box; return (keyup -> results ms, navigation start -> results ms)."""
    page.evaluate("() => { window.__bench.armed = true; window.__bench.results = 0; }")
    page.fill(_INPUT, text)
    page.keyboard.press("End")  # Material searches on keyup
    page.wait_for_function("() => window.__bench.results > 0", timeout=timeout_ms)
    keyup, results = page.evaluate("() => [window.__bench.keyup, window.__bench.results]")
    return max(0.0, results - keyup), results


def _clear(page) -> None:
    page.fill(_INPUT, "")
    page.keyboard.press("End")
    page.wait_for_function("() => !document.querySelector('.md-search-result__list .md-search-result__item')",
                           timeout=10000)


def search_latency(browser, base_url: str, path: str, cold_query: str, warm_queries: list[str],
                   runs: int = 5) -> dict:
    """Cold: the first query after load, in a fresh context. Warm: later queries on the same page."""
    cold, cold_from_nav, warm = [], [], {q: [] for q in warm_queries}
    for _ in range(runs):
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(_PROBE_JS)
        page = context.new_page()
        page.goto(base_url + path, wait_until="load")
        latency, from_nav = _query(page, cold_query)
        cold.append(latency)
        cold_from_nav.append(from_nav)
        for query in warm_queries:
            _clear(page)
            warm[query].append(_query(page, query)[0])
        context.close()
    all_warm = [t for times in warm.values() for t in times]
    return {
        "page": path, "runs": runs, "cold_query": cold_query,
        "cold_ms": _summary(cold), "cold_from_navigation_ms": _summary(cold_from_nav),
        "warm_ms": _summary(all_warm), "warm_by_query_ms": {q: _summary(t) for q, t in warm.items()},
    }


def _summary(values: list[float]) -> dict:
    return {"min": round(min(values), 1), "median": round(statistics.median(values), 1),
            "max": round(max(values), 1), "all": [round(v, 1) for v in values]}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8", "replace")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return ""


def _served_root(port: int, timeout: float) -> str | None:
    """The address ``mkdocs serve`` mounts the site at (the path of site_url), once it answers."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:
                return response.geturl()  # after the redirect to the site_url path
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            time.sleep(0.2)
    return None


def _wait_for(url: str, text: str, timeout: float, poll: float = 0.05) -> float | None:
    """Seconds until ``url`` contains ``text``, or None after ``timeout``."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in _get(url):
            return time.perf_counter() - start
        time.sleep(poll)
    return None


def serve_edit(project: Path, rec_id: str, page_path: str, set_title, runs: int = 3, timeout: float = 60) -> dict:
    """Start ``mkdocs serve`` on ``project``, change one title in data/recommendations.yaml, time until shown."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    log = open(project / "serve.log", "w+", encoding="utf-8")  # a file, not a pipe: a full pipe would stall it
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"], cwd=project,
                              env=env, stdout=log, stderr=subprocess.STDOUT, text=True)
    times, error = [], None
    try:
        root = _served_root(port, timeout=180)
        url = f"{root}{page_path}"
        if root is None or _wait_for(url, rec_id, timeout=30, poll=0.2) is None:
            raise RuntimeError(f"mkdocs serve did not serve {page_path} on port {port}")
        for run in range(runs):
            marker = f"Edited title {run} {time.time_ns() % 100000}"
            set_title(project / "data" / "recommendations.yaml", rec_id, marker)
            seconds = _wait_for(url, marker, timeout)
            if seconds is None:
                raise RuntimeError(f"the edit did not show within {timeout} s")
            times.append(seconds)
            time.sleep(1.0)  # let the server settle before the next edit
    except RuntimeError as err:
        error = str(err)
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    result = {"page": page_path, "runs": len(times), "seconds": [round(t, 2) for t in times]}
    # MkDocs' own figure for each rebuild, to separate build time from the watcher's delay.
    if times:
        result.update(min=round(min(times), 2), median=round(statistics.median(times), 2))
    log.seek(0)
    output = log.read()
    log.close()
    result["build_seconds"] = [float(x) for x in re.findall(r"Documentation built in ([0-9.]+) seconds", output)]
    if error:
        result["error"] = f"{error}\n{output[-2000:]}"
    return result
