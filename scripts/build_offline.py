"""Make the offline pack: the whole toolkit as a zip that works from a folder on disk.

    python scripts/build_offline.py [--docs DOCS] [--out ZIP]

For wards and trusts whose networks block the website. The site is built again, strictly, with an
offline configuration made from ``mkdocs.yml`` (it inherits everything, then):

- Material's ``offline`` plugin: search reads its index from a script (``search/search_index.js``)
  and every link names its file (``use_directory_urls: false``), as pages opened from disk need;
- no versioning (no mike, no ``extra.version``), so no page asks for ``versions.json``;
- Material's search worker runs in a hidden frame (``scripts/offline/``), because browsers refuse
  to start web workers from file:// pages; the plugin would load a shim for that from the web;
- ``TOOLKIT_OFFLINE=1``, so the Downloads page says it is the offline copy.

Then the self-review page loads the self-review as one classic script (``classic_bundle``), as
browsers also refuse module scripts on file:// pages, any link to a folder is pointed at its
``index.html``, and the whole goes into ``restore-toolkit-offline.zip``: one top-level folder with
``index.html`` and ``READ-ME-FIRST.txt``, in a fixed order with fixed dates, so the same site makes
the same zip. It is written to ``docs/downloads/``, so the next build links it from the Downloads page
and includes it in the published edition, as ``make pdf`` does for the PDF.

Content Security Policy: the pack keeps the website's policy unchanged (``default-src 'self'``, hashed
inline scripts and styles). In Chromium, ``'self'`` on a page opened from file:// matches file: URLs,
so the pack's own scripts, styles, fonts and frames load and anything from the web is refused. Each
file still counts as an origin of its own ("null") for scripts, so one page may not read another
frame's contents: the search frame talks to its page with ``postMessage`` only. The frame pages carry
a stricter policy of their own (``default-src 'none'; script-src 'self'``).
"""

from __future__ import annotations

import argparse
import os
import posixpath
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# The Downloads page links the zip when it is there, and tells the pack's own build from the website's.
from macros.pdf_link import OFFLINE_ENV, file_size  # noqa: E402
from macros.pdf_link import OFFLINE_SRC as ZIP_SRC  # noqa: E402

TOP = "restore-toolkit"
SHIM_DIR = Path(__file__).resolve().parent / "offline"
HOST_SCRIPT = "javascripts/iframe-worker.js"  # the name tells the offline plugin a shim is there
FRAME_SCRIPT = "assets/javascripts/workers/worker-frame.js"
WORKERS = "assets/javascripts/workers"
REVIEW_SCRIPT = "javascripts/review-offline.js"
# Zip entries carry this date and these permissions, whatever the files on disk say.
ZIP_DATE = (2026, 1, 1, 0, 0, 0)
_MODULE_TAG = re.compile(r'<script type="module" src="([./]*)javascripts/review/main\.js"></script>')
_HREF = re.compile(r'(<(?:a|link)\b[^>]*?\shref=")([^"#?:]*/)([#?][^"]*)?(")', re.I)

READ_ME = """\
RESTORE professional support toolkit: offline copy
{edition}

This folder holds the whole toolkit, for computers that cannot reach the website.
It needs no internet connection and nothing to install.

How to use it
1. Unzip the file you downloaded. On Windows: right-click it, choose "Extract All",
   then "Extract". Opening the zip without unzipping it will not work.
2. Open the unzipped folder "{top}" and double-click "index.html".
   It opens in your web browser. Start from there.

Everything works as on the website: the pages, search and the self-review.
It is tested in Chromium, the engine of Microsoft Edge and Google Chrome.
Your self-review answers stay in this browser on this computer. Nothing is sent anywhere.
To keep them in a file, use "Export JSON" at the end of the self-review.

This copy does not update itself. The latest edition is on the website:
{site_url}
"""


# --- The offline configuration -------------------------------------------------------------------
def offline_plugins(plugins: list) -> list:
    """The site's plugins without versioning (mike), with Material's offline plugin last."""
    def name(entry):
        return entry if isinstance(entry, str) else next(iter(entry))
    kept = [entry for entry in plugins if name(entry) not in {"mike", "offline"}]
    return [*kept, "offline"]


def offline_config(base: Path, plugins: list, docs_dir: Path) -> dict:
    """A configuration that inherits ``base`` (mkdocs.yml) and changes only what the offline pack needs.

    Lists replace lists when MkDocs merges an inherited file, so the plugins are given in full.
    """
    return {
        "INHERIT": str(base),
        "docs_dir": str(docs_dir),
        "use_directory_urls": False,
        "plugins": offline_plugins(plugins),
        # No version selector and no versions.json; the worker shim is ours, not the plugin's from the web.
        "extra": {"version": None, "polyfills": [HOST_SCRIPT]},
    }


def read_plugins(base: Path) -> list:
    from mkdocs.utils.yaml import yaml_load
    with open(base, "rb") as handle:
        return yaml_load(handle)["plugins"]


# --- Changes to the built pages ------------------------------------------------------------------
def classic_review(page_html: str, script: str = REVIEW_SCRIPT) -> str:
    """The review page with the self-review's module script swapped for the classic bundle."""
    page_html, count = _MODULE_TAG.subn(lambda m: f'<script src="{m.group(1)}{script}"></script>', page_html)
    if count != 1:
        raise ValueError("The self-review page does not load javascripts/review/main.js as a module script "
                         f"exactly once (found {count}): overrides/main.html has changed; update "
                         "scripts/build_offline.py to match.")
    return page_html


def file_links(page_html: str, page: str, exists) -> str:
    """Links to a page's folder (``changes/``, as templates write them) pointed at the page's file.

    A folder on disk is not a page: ``changes/`` becomes ``changes.html`` (or ``changes/index.html``
    for a section's index). ``page`` is the page's path in the site; ``exists(path)`` says whether a
    site path is a file. Links that are not to a page are left as they are.
    """
    def fix(match: re.Match) -> str:
        href = match.group(2)
        if href.startswith("/"):
            return match.group(0)
        folder = posixpath.normpath(posixpath.join(posixpath.dirname(page), href))
        choices = [(href + "index.html", posixpath.join(folder, "index.html"))]
        if posixpath.basename(folder) not in {".", ".."}:
            choices.append((href[:-1] + ".html", folder + ".html"))
        for new, target in choices:
            if exists(posixpath.normpath(target)):
                return f"{match.group(1)}{new}{match.group(3) or ''}{match.group(4)}"
        return match.group(0)
    return _HREF.sub(fix, page_html)


def frame_page(worker: str) -> str:
    """The page a worker script runs in on file:// (see scripts/offline/worker-host.js)."""
    return ("<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'self'\">\n"
            "<title>Search engine</title>\n"
            f'<script src="{posixpath.basename(FRAME_SCRIPT)}"></script>\n<script src="{worker}"></script>\n'
            "</head>\n<body></body>\n</html>\n")


def prepare(site: Path) -> None:
    """Make a built offline site work from disk: worker frames, the classic self-review, file links."""
    from macros.render_review import classic_bundle

    shutil.copyfile(SHIM_DIR / "worker-host.js", site / HOST_SCRIPT)
    shutil.copyfile(SHIM_DIR / "worker-frame.js", site / FRAME_SCRIPT)
    for worker in sorted((site / WORKERS).glob("*.js")):
        if worker.name != posixpath.basename(FRAME_SCRIPT):
            worker.with_suffix(".html").write_text(frame_page(worker.name), encoding="utf-8")
    (site / REVIEW_SCRIPT).write_text(classic_bundle(site / "javascripts" / "review"), encoding="utf-8")
    review = site / "review.html"
    review.write_text(classic_review(review.read_text(encoding="utf-8")), encoding="utf-8")
    for page in sorted(site.rglob("*.html")):
        rel = page.relative_to(site).as_posix()
        text = page.read_text(encoding="utf-8")
        fixed = file_links(text, rel, lambda path: (site / path).is_file())
        if fixed != text:
            page.write_text(fixed, encoding="utf-8")


# --- The zip -------------------------------------------------------------------------------------
# Not in the pack: the zip itself (from an earlier run, in docs/downloads/), and the page a web server
# shows for a missing address, which no folder on disk ever shows (its links are the server's).
LEFT_OUT = {ZIP_SRC, "404.html"}


def zip_entries(site: Path, skip: set[str] = frozenset()) -> list[str]:
    """Every file of the site as a site path, in a fixed order, leaving out ``skip``."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file()
                  and p.relative_to(site).as_posix() not in skip)


def read_me(edition_label: str, site_url: str) -> str:
    return READ_ME.format(edition=edition_label, top=TOP, site_url=site_url).replace("\n", "\r\n")


def write_zip(site: Path, out: Path, read_me_text: str) -> int:
    """Zip ``site`` under one top-level folder, with READ-ME-FIRST.txt; the same files make the same bytes."""
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".part")

    def add(archive, name, data):
        info = zipfile.ZipInfo(f"{TOP}/{name}", date_time=ZIP_DATE)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        info.create_system = 3  # Unix, so the permissions above are read
        archive.writestr(info, data, compresslevel=9)

    with zipfile.ZipFile(partial, "w") as archive:
        add(archive, "READ-ME-FIRST.txt", read_me_text.encode("utf-8"))
        for name in zip_entries(site, skip=LEFT_OUT | {"READ-ME-FIRST.txt"}):
            add(archive, name, (site / name).read_bytes())
    partial.replace(out)  # never a half-written zip where the build looks for it
    return out.stat().st_size


# --- Building ------------------------------------------------------------------------------------
def build_site(site: Path, docs_dir: Path = ROOT / "docs") -> None:
    """Build the offline site into ``site`` (strict), from a configuration that inherits mkdocs.yml."""
    import yaml

    base = ROOT / "mkdocs.yml"
    config = offline_config(base, read_plugins(base), docs_dir)
    # Beside the project, so hooks, overrides and the macros package resolve as they do for mkdocs.yml.
    path = ROOT / f".mkdocs-offline-{os.getpid()}.yml"
    path.write_text("# Made by scripts/build_offline.py; removed when the build ends.\n"
                    + yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    try:
        env = {**os.environ, OFFLINE_ENV: "1", "NO_MKDOCS_2_WARNING": "1"}
        done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(path),
                               "--site-dir", str(site)], cwd=ROOT, env=env, capture_output=True, text=True)
    finally:
        path.unlink(missing_ok=True)
    if done.returncode != 0:
        raise RuntimeError(f"The offline build failed:\n{done.stderr[-4000:]}")


def build_offline(out: Path, docs_dir: Path = ROOT / "docs", work: Path | None = None) -> dict:
    """Build the pack into ``out``; return its ``path``, ``bytes`` and ``files`` (the files in the zip)."""
    from mkdocs.utils.yaml import yaml_load

    from macros.editions import edition_info
    from macros.loader import load_toolkit

    with tempfile.TemporaryDirectory(prefix="offline-", dir=work) as tmp:
        site = Path(tmp) / "site"
        build_site(site, docs_dir)
        prepare(site)
        with open(ROOT / "mkdocs.yml", "rb") as handle:
            site_url = yaml_load(handle).get("site_url") or ""
        edition = edition_info(load_toolkit())
        text = read_me(f"{edition['label']}, {edition['date_uk']}", site_url)
        size = write_zip(site, Path(out), text)
        files = len(zip_entries(site, skip=LEFT_OUT)) + 1
    return {"path": str(out), "bytes": size, "files": files}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Make the offline pack (the whole toolkit as a zip).")
    parser.add_argument("--docs", type=Path, default=ROOT / "docs",
                        help="docs folder the pack is built from and written to (default: docs/)")
    parser.add_argument("--out", type=Path, help=f"where to write the zip (default: DOCS/{ZIP_SRC})")
    args = parser.parse_args(argv)
    out = args.out or args.docs / ZIP_SRC
    try:
        result = build_offline(out, args.docs)
    except (RuntimeError, ValueError) as err:
        print(err, file=sys.stderr)
        return 1
    print(f"Wrote {out}: {result['files']} files, {file_size(result['bytes'])}.")
    print("Build the site again (make build) to link it from the Downloads page.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
