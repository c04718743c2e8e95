"""The downloads page's line about the whole-toolkit PDF.

The PDF is made after a build (``make pdf``), so a build can only link it when an earlier run
left it in ``docs/downloads/``. Without it the page says how to get one instead of showing a
broken link.
"""

from __future__ import annotations

from pathlib import Path

from .text import link

PDF_SRC = "downloads/restore-toolkit.pdf"


def file_size(n_bytes: int) -> str:
    """'1.4 MB', '380 KB': the size a reader needs to decide whether to download."""
    if n_bytes >= 1_000_000:
        return f"{n_bytes / 1_000_000:.1f} MB"
    return f"{max(1, round(n_bytes / 1000))} KB"


def pdf_download(docs_dir: Path, here: str) -> str:
    """A link to the PDF with its size when it exists in ``docs_dir``, otherwise how to make it."""
    pdf = Path(docs_dir) / PDF_SRC
    if pdf.is_file():
        return (f"[Download the whole toolkit as a PDF]({link(here, PDF_SRC)}) "
                f"(PDF, {file_size(pdf.stat().st_size)}). It holds every recommendation, principle and case study, "
                "with the glossary and sources. It has a contents page, bookmarks and real text, "
                "so you can search it and screen readers can read it.")
    return ("This copy of the website was built without the PDF, so there is none to download here. "
            "Each published edition of the toolkit comes with one. "
            "To make one yourself from a copy of the toolkit, run `make pdf`: it builds the site and writes "
            "`docs/downloads/restore-toolkit.pdf`. Until then, you can print any page, or the blank worksheet below.")


# --- The offline pack (scripts/build_offline.py, `make offline`) -------------------------------
OFFLINE_SRC = "downloads/restore-toolkit-offline.zip"
OFFLINE_ENV = "TOOLKIT_OFFLINE"  # set by scripts/build_offline.py for the pack's own build


def offline_download(docs_dir: Path, here: str, site_url: str = "", offline: bool = False) -> str:
    """What the offline pack is, how to use it and a link with its size when it exists in ``docs_dir``.

    In the pack itself (``offline``) the page says so and points to the website for newer editions.
    """
    if offline:
        newest = f"the website, [{site_url}]({site_url})" if site_url.startswith(("https://", "http://")) else \
            "the toolkit's website"
        return ("You are reading the offline pack: a copy of the toolkit kept in a folder on this computer. "
                "Pages, search and the self-review all work here without the internet. "
                "This copy does not update itself. "
                f"When you can, check {newest}, for a newer edition.")
    pack = Path(docs_dir) / OFFLINE_SRC
    if not pack.is_file():
        return ("This copy of the website was built without the offline pack, so there is none to download here. "
                "Each published edition of the toolkit comes with one. "
                "To make one yourself from a copy of the toolkit, run `make offline`: it writes "
                "`docs/downloads/restore-toolkit-offline.zip`.")
    return (f"[Download the offline pack]({link(here, OFFLINE_SRC)}) (ZIP, {file_size(pack.stat().st_size)}). "
            "It is the whole toolkit in one file, for computers that cannot reach this website, for example "
            "on a ward or trust network that blocks it. Every page, search and the self-review work from a "
            "folder on your computer, with no internet connection and nothing to install.\n\n"
            "To use it:\n\n"
            "1. Download the zip file and unzip it. On Windows, right-click it and choose **Extract All**: "
            "opening it without unzipping will not work.\n"
            "2. Open the folder `restore-toolkit` and double-click `index.html`. It opens in your web browser.\n\n"
            "Your self-review answers stay in that browser on that computer, as they do on the website. "
            "The pack does not update itself: download it again when a new edition comes out. "
            "It is tested in Chromium, the engine of Microsoft Edge and Google Chrome; "
            "it has not been tested in other browsers.")
