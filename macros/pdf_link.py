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
