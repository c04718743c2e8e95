"""MkDocs hook: thin glue between the build and the pure functions in ``macros/``.

- on_config: the edition shown on every page.
- on_files: one generated page per recommendation and case study, plus the open-data downloads.
- on_page_markdown: abbreviation definitions, so every abbreviation is explained on hover.
- on_page_content: search keywords and IDs, and the date each page's content last changed.
"""

from __future__ import annotations

import os
import posixpath
import sys
from pathlib import Path

from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# MkDocs runs this file from its own folder; the macros package lives beside that folder.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import downloads, pages  # noqa: E402
from macros.editions import data_changed, edition_info, git_dates  # noqa: E402
from macros.loader import load_toolkit  # noqa: E402
from macros.text import date_uk, expand_addresses, title_html  # noqa: E402

_state: dict = {}


def on_startup(command, dirty):
    # `mkdocs serve` previews leave out the heavy whole-toolkit print page; see macros/render_print.py.
    # An environment variable, because the dev server reloads this module on every rebuild.
    if command == "serve":
        os.environ["TOOLKIT_PREVIEW"] = "1"


def on_config(config):
    """Work out the edition once per build (the data was validated by the macros plugin already)."""
    tk = load_toolkit()
    # Worked out once per build, not once per page: every page needs them, and they grow with the data.
    _state.update(tk=tk, search_terms=pages.search_terms(tk), abbreviations=pages.abbreviation_lines(tk))
    config.extra["edition"] = edition_info(tk)
    config.extra["preview"] = os.environ.get("TOOLKIT_PREVIEW") == "1"
    _state["git_dates"] = git_dates(ROOT, Path(config.docs_dir))
    _state["data_changed"] = data_changed(tk, git_dates(ROOT, ROOT / "data", "*.yaml"))
    return config


@event_priority(100)  # before any plugin takes its own snapshot of the file list
def on_files(files, config):
    tk = load_toolkit()
    for page in pages.generated_pages(tk):
        generated = File.generated(config, page.src_uri, content=page.content)
        generated.edit_uri = f"../{page.data_file}"  # "Edit this page" opens the YAML, not a stub
        files.append(generated)
    # Open data (JSON, schemas, baseline assessment spreadsheet) at stable addresses under downloads/.
    for path, content in downloads.download_files(tk, config.extra["edition"]).items():
        files.append(File.generated(config, path, content=content))
    return files


def on_page_markdown(markdown, page, config, files):
    return f"{markdown}\n\n{pages.abbreviations_used(_state['abbreviations'], markdown)}\n"


@event_priority(50)  # after tag chips are collected, before the search plugin indexes the page
def on_page_content(html, page, config, files):
    tk = _state["tk"]
    html = expand_addresses(html)  # web addresses and DOIs become links only now, after Markdown
    # Material prints page titles unescaped (header, navigation, tags page, search): HTML, escaped once.
    if page.title and "title" not in page.meta and any(c in page.title for c in "<>&{}"):
        page.title = title_html(page.title)
    item_id = page.meta.get("tk_item")
    extra = _state["search_terms"].get(item_id, []) if item_id else []
    if page.file.src_uri == "glossary.md":
        extra = pages.glossary_search_terms(tk)
    if extra:  # Search results show tags as HTML: '<' and '>' stay text ('&' stays, so 'WT&E' is found)
        page.meta["tags"] = [*page.meta.get("tags", []),
                             *(term.replace("<", "&lt;").replace(">", "&gt;") for term in extra)]
    item = tk.rec.get(item_id) or tk.case.get(item_id)
    updated = tk.last_changed(item) if item else _state["git_dates"].get(page.file.src_uri)
    if not item and updated and "{{" in page.file.content_string:  # a page built from data changes with it
        updated = max(updated, _state["data_changed"])
    if updated:
        page.meta["tk_updated"], page.meta["tk_updated_uk"] = updated, date_uk(updated)
    if page.edit_url and "/../" in page.edit_url:
        scheme, _, rest = page.edit_url.partition("://")
        host, _, path = rest.partition("/")
        page.edit_url = f"{scheme}://{host}{posixpath.normpath('/' + path)}"
    return html
