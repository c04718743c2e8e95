"""Make the whole-toolkit PDF from a built site.

    python scripts/build_pdf.py [--site SITE]

Serves SITE (default ``site/``) on 127.0.0.1, opens its ``print/`` page (the whole toolkit on
one page, rendered by ``macros/render_print.py``) in Debian's Chromium and prints it to A4 with
bookmarks and tags. The PDF goes to ``SITE/downloads/restore-toolkit.pdf`` and to
``docs/downloads/restore-toolkit.pdf``, so the next build links it from the downloads page and
includes it in the published edition.

The contents page gets its page numbers from a first printing: the PDF's bookmarks say where
each heading landed. The page is then printed again with the numbers filled in.
"""

from __future__ import annotations

import argparse
import functools
import re
import shutil
import sys
import threading
import time
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--no-first-run", "--disable-sync"]
PRINT_PAGE = "print/"
PDF_SRC = "downloads/restore-toolkit.pdf"
MAX_PASSES = 4

# Every heading of the page, in order, with its id: the PDF's bookmarks follow the same order.
_HEADINGS_JS = """() => Array.from(document.querySelectorAll('article :is(h1, h2, h3, h4, h5, h6)'))
  .filter(h => h.getClientRects().length > 0).map(h => h.id)"""
_PREPARE_JS = """() => {
  document.querySelectorAll('details').forEach(d => { d.open = true; });
  const title = document.querySelector('#cover'), edition = document.querySelector('.tk-cover-edition');
  const name = title ? title.textContent.replace('\\u00b6', '').trim() : document.title;
  document.title = name + (edition ? ', ' + edition.textContent.trim() : '');
  return document.fonts.ready.then(() => true);
}"""
_NUMBER_JS = """(pages) => {
  for (const span of document.querySelectorAll('[data-tk-toc]')) span.textContent = pages[span.dataset.tkToc] || '';
}"""


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


# --- Reading the PDF Chromium writes (plain objects, no object streams) -------------------------
def _objects(pdf: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(rb"(?m)^(\d+) 0 obj\s*(.*?)\s*endobj", pdf, re.S)}


def _ref(body: bytes, key: bytes) -> int | None:
    m = re.search(rb"/" + key + rb"\s+(\d+) 0 R", body)
    return int(m.group(1)) if m else None


def page_order(pdf: bytes) -> list[int]:
    """Object numbers of the pages, in reading order (walking the page tree)."""
    objs = _objects(pdf)
    root = _ref(pdf[pdf.rfind(b"trailer"):], b"Root")
    pages: list[int] = []

    def walk(num: int) -> None:
        body = objs.get(num, b"")
        kids = re.search(rb"/Kids\s*\[([^\]]*)\]", body)
        if kids:
            for kid in re.findall(rb"(\d+) 0 R", kids.group(1)):
                walk(int(kid))
        else:
            pages.append(num)

    if root is not None and (top := _ref(objs.get(root, b""), b"Pages")) is not None:
        walk(top)
    return pages


def bookmark_pages(pdf: bytes) -> list[int]:
    """The page number (from 1) of every bookmark, in document order."""
    objs = _objects(pdf)
    order = {num: n for n, num in enumerate(page_order(pdf), 1)}
    root = _ref(pdf[pdf.rfind(b"trailer"):], b"Root")
    found: list[int] = []

    def walk(num: int | None) -> None:
        while num is not None:
            body = objs.get(num, b"")
            dest = re.search(rb"/Dest\s*\[\s*(\d+) 0 R", body)
            if dest:
                found.append(order.get(int(dest.group(1)), 0))
            walk(_ref(body, b"First"))
            num = _ref(body, b"Next")

    outlines = _ref(objs.get(root, b""), b"Outlines") if root is not None else None
    if outlines is not None:
        walk(_ref(objs[outlines], b"First"))
    return found


# --- Printing ----------------------------------------------------------------------------------
def _print(page) -> bytes:
    return page.pdf(format="A4", outline=True, tagged=True, print_background=True, display_header_footer=False,
                    prefer_css_page_size=True)


def _number_contents(pdf: bytes, ids: list[str]) -> dict[str, str] | None:
    """Heading id -> page number, read from the bookmarks; None if they do not match the headings."""
    pages = bookmark_pages(pdf)
    if len(pages) != len(ids):
        return None
    return {heading: str(n) for heading, n in zip(ids, pages, strict=True) if heading}


def build_pdf(site_dir: Path, out: Path, chromium: str = CHROMIUM) -> dict:
    """Print the built site's whole-toolkit page to ``out``.

    Returns ``pages``, ``seconds`` (the whole call: server, browser, every printing), ``render_seconds``
    (the printings alone), ``passes``, ``bytes`` and ``path``.
    """
    from playwright.sync_api import sync_playwright

    site_dir, out = Path(site_dir), Path(out)
    html = site_dir / PRINT_PAGE / "index.html"
    if not html.is_file():
        raise FileNotFoundError(f"{html} is missing: build the site first (make build).")
    if not Path(chromium).exists():
        raise FileNotFoundError(f"{chromium} is missing: install Debian's chromium (make test installs it).")
    started = time.perf_counter()
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_QuietHandler, directory=str(site_dir)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}/"
    rendering = 0.0
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
            page = browser.new_page()
            # Nothing leaves this machine: only the local server answers.
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(base) else route.abort())
            page.emulate_media(media="print")
            page.goto(base + PRINT_PAGE, wait_until="load")
            page.evaluate(_PREPARE_JS)
            ids = page.evaluate(_HEADINGS_JS)
            page.evaluate(_NUMBER_JS, {i: "000" for i in ids})  # reserve the numbers' room
            numbers: dict | None = None
            passes = 0
            while passes < MAX_PASSES:
                passes += 1
                tick = time.perf_counter()
                pdf = _print(page)
                rendering += time.perf_counter() - tick
                found = _number_contents(pdf, ids)
                if found == numbers:
                    break  # the numbers printed are the pages the headings landed on
                if found is None:  # bookmarks unreadable: print once more, without numbers
                    numbers = None
                    page.evaluate(_NUMBER_JS, {})
                    continue
                numbers = found
                page.evaluate(_NUMBER_JS, numbers)
            browser.close()
    finally:
        server.shutdown()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(pdf)
    return {"path": str(out), "pages": len(page_order(pdf)), "bytes": len(pdf), "passes": passes,
            "numbered": numbers is not None, "render_seconds": round(rendering, 3),
            "seconds": round(time.perf_counter() - started, 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the whole-toolkit PDF from a built site.")
    parser.add_argument("--site", type=Path, default=ROOT / "site", help="the built site (default: site/)")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs",
                        help="docs folder that keeps a copy for the next build (default: docs/)")
    args = parser.parse_args(argv)
    out = args.site / PDF_SRC
    try:
        result = build_pdf(args.site, out)
    except FileNotFoundError as err:
        print(err, file=sys.stderr)
        return 1
    keep = args.docs / PDF_SRC
    keep.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out, keep)
    print(f"Wrote {out} and {keep}: {result['pages']} pages, {result['bytes'] // 1000} KB.")
    print(f"PDF render time: {result['render_seconds']:.2f} s in {result['passes']} printings "
          f"({result['seconds']:.2f} s in all).")
    if not result["numbered"]:
        print("Warning: the contents page has no page numbers (the PDF's bookmarks did not match its headings).",
              file=sys.stderr)
    print("Build the site again (make build) to link the PDF from the downloads page.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
