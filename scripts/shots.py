"""Screenshots of every page type at the four checked sizes, light and dark, for a reviewer to open.

    python scripts/shots.py [--site DIR] [--out DIR] [--only NAME ...] [--full]

Builds the site (strict) into a temporary folder unless ``--site`` names a built one, serves it on
127.0.0.1, and writes ``<out>/<page>-<width>x<height>-<scheme>.png`` (default ``build/shots``), plus
one shot of the search panel open on a common query. Headless Debian Chromium through Playwright.
Not part of ``make test``: it checks nothing, it shows the look.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

SIZES = [(1366, 768), (1280, 720), (390, 844), (320, 640)]
SCHEMES = ["light", "dark"]
# One page of each type a reader meets: name -> docs-relative URL.
PAGES = {
    "home": "",
    "recommendation": "recommendations/tk04/",
    "recommendations-index": "recommendations/",
    "case-study": "case-studies/cs01/",
    "case-studies-index": "case-studies/",
    "programme-theory": "about/programme-theory/",
    "about": "about/",
    "glossary": "glossary/",
    "sources": "sources/",
    "changes": "changes/",
    "review": "review/",
    "worksheet": "worksheet/",
    "downloads": "downloads/",
    "accessibility": "accessibility/",
    "not-found": "404.html",
}
SEARCH_WORD = "mentoring"


def build(site: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site)],
                            cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                                                 # 404.html links by absolute path: serve from /
                                                                 "TOOLKIT_SITE_URL": "http://127.0.0.1/"})
    if result.returncode:
        raise SystemExit(f"The build failed:\n{result.stderr[-3000:]}")


def shoot(site: Path, out: Path, only: list[str], full: bool) -> list[Path]:
    from playwright.sync_api import sync_playwright
    if not Path(CHROMIUM).exists():
        raise SystemExit(f"{CHROMIUM} is missing: run `make system-packages` (Debian's chromium).")
    out.mkdir(parents=True, exist_ok=True)
    server, base = serve(site)
    written = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            for width, height in SIZES:
                for scheme in SCHEMES:
                    context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
                    page = context.new_page()
                    for name, url in PAGES.items():
                        if only and name not in only:
                            continue
                        page.goto(base + url, wait_until="load")
                        page.wait_for_function("() => document.getAnimations().every(a => a.playState !== 'running')")
                        path = out / f"{name}-{width}x{height}-{scheme}.png"
                        page.screenshot(path=str(path), full_page=full)
                        written.append(path)
                    if not only or "search" in only:
                        page.goto(base, wait_until="load")
                        if width < 960:
                            page.locator("label.md-header__button[for=__search]").click()
                        box = page.locator("input[data-md-component=search-query]")
                        box.click()
                        box.press_sequentially(SEARCH_WORD)
                        page.wait_for_function("() => { const m = document.querySelector('.md-search-result__meta');"
                                               " return m && !/Type to start/.test(m.textContent) }")
                        path = out / f"search-{width}x{height}-{scheme}.png"
                        page.screenshot(path=str(path))
                        written.append(path)
                    context.close()
            browser.close()
    finally:
        server.shutdown()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build one now)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "shots", help="where the PNGs go")
    parser.add_argument("--only", nargs="*", default=[], help=f"page names: {', '.join(PAGES)}, search")
    parser.add_argument("--full", action="store_true", help="whole pages, not only what fits the screen")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        site = args.site
        if site is None:
            site = Path(tmp) / "site"
            build(site)
        written = shoot(site, args.out, args.only, args.full)
    print(f"{len(written)} screenshots in {args.out}")


if __name__ == "__main__":
    main()
