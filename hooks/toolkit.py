"""MkDocs hook: thin glue between the build and the pure functions in ``macros/``.

- on_config: the edition shown on every page.
- on_files: one generated page per recommendation and case study, plus the open-data downloads.
- on_page_markdown: abbreviation definitions, so every abbreviation is explained on hover.
- on_page_content: search keywords and IDs, and the date each page's content last changed.
- on_page_context: item pages' trail and neighbours; the whole-toolkit page gets its items' HTML.

Under `mkdocs serve` only, a data mistake does not stop the preview: every page shows the problems
(macros/preview_error.py) until the data is fixed. Every other command still stops with the message.
"""

from __future__ import annotations

import os
import posixpath
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File

# MkDocs runs this file from its own folder; the macros package lives beside that folder.
ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import abbr, downloads, pages, render_print, source_links, wayfinding  # noqa: E402
from macros.editions import data_changed, edition_info, git_dates  # noqa: E402
from macros.loader import DataError, load_toolkit  # noqa: E402
from macros.preview_error import PREVIEW_ENV, error_page, item_ids  # noqa: E402
from macros.text import date_uk, expand_addresses, html_text, title_html  # noqa: E402

_state: dict = {}


def on_startup(command, dirty):
    # `mkdocs serve` previews leave out the heavy whole-toolkit print page; see macros/render_print.py.
    # An environment variable, because the dev server reloads this module on every rebuild.
    if command == "serve":
        os.environ[PREVIEW_ENV] = "1"
    else:  # a build must never take the preview's lenient path, whatever the environment says
        os.environ.pop(PREVIEW_ENV, None)


def on_config(config):
    """Work out the edition once per build (the data was validated by the macros plugin already)."""
    _state.pop("data_error", None)
    try:
        tk = load_toolkit()
    except DataError as err:
        if os.environ.get(PREVIEW_ENV) != "1":
            raise
        # `mkdocs serve`: every page shows the problems (on_files); the other events have nothing to add.
        _state.update(data_error=err, glossary_terms={}, places={}, search_terms={}, abbreviations=[])
        config.extra["edition"] = {"number": "dev", "label": "Preview", "date": "", "date_uk": "not known",
                                   "released": False}
        config.extra["preview"] = True
        return config
    # Worked out once per build, not once per page: every page needs them, and they grow with the data.
    _state.update(tk=tk, search_terms=pages.search_terms(tk), abbreviations=pages.abbreviation_lines(tk),
                  glossary_terms=pages.glossary_search_terms(tk), places=wayfinding.places(tk))
    config.extra["edition"] = edition_info(tk)
    config.extra["preview"] = os.environ.get("TOOLKIT_PREVIEW") == "1"
    _state["git_dates"] = git_dates(ROOT, Path(config.docs_dir))
    _state["data_changed"] = data_changed(tk, git_dates(ROOT, ROOT / "data", "*.yaml"))
    return config


@event_priority(100)  # before any plugin takes its own snapshot of the file list
def on_files(files, config):
    if "data_error" in _state:
        _state["files"] = _show_data_error(files, config, _state["data_error"])
        return _state["files"]
    tk = load_toolkit()
    _state["item_html"], _state["item_url"] = {}, {}  # item ID -> its page's HTML and address, for the print page
    # Pages that show a list from the data: "Edit this page" opens the data file; a note links the prose.
    _state["list_pages"] = {}
    for file in files.documentation_pages():
        data_file = source_links.data_file_for(file.content_string)
        if data_file:
            _state["list_pages"][file.src_uri] = data_file
            file.edit_uri = f"../{data_file}"
    generated_pages = pages.generated_pages(tk)
    _state["item_lines"] = {name: source_links.item_lines((ROOT / name).read_text(encoding="utf-8"))
                            for name in {page.data_file for page in generated_pages}}
    for page in generated_pages:
        generated = File.generated(config, page.src_uri, content=page.content)
        generated.edit_uri = f"../{page.data_file}"  # "Edit this page" opens the YAML, not a stub
        files.append(generated)
    # Open data (JSON, schemas, baseline assessment spreadsheet) at stable addresses under downloads/.
    for path, content in downloads.download_files(tk, config.extra["edition"]).items():
        files.append(File.generated(config, path, content=content))
    # The guide's templates as .txt too: a browser shows a text file, where it would download a .yaml one.
    for template in sorted((Path(config.docs_dir) / "contribute" / "templates").glob("*.yaml")):
        files.append(File.generated(config, f"contribute/templates/{template.stem}.txt",
                                    content=template.read_text(encoding="utf-8")))
    _state["files"] = files
    return files


def _show_data_error(files, config, err):
    """Every page of the preview becomes the list of problems; the item pages the data names stay."""
    for file in files.documentation_pages():
        file.content_string = error_page(err.problems)
    for data_file, folder in (("recommendations.yaml", "recommendations"), ("case-studies.yaml", "case-studies")):
        path = ROOT / "data" / data_file
        for item_id in item_ids(path.read_text(encoding="utf-8", errors="replace")) if path.is_file() else ():
            src = f"{folder}/{item_id.lower()}.md"
            if not files.get_file_from_path(src):
                files.append(File.generated(config, src, content=error_page(err.problems, item_id)))
    return files


def on_page_markdown(markdown, page, config, files):
    if "data_error" in _state:
        return markdown
    note = _source_note(page, config)
    return f"{markdown}\n\n{note}{pages.abbreviations_used(_state['abbreviations'], markdown)}\n"


def _source_note(page, config) -> str:
    """Under a page built from data: which file (and line) it comes from. Empty for other pages."""
    urls = source_links.repository_urls(config.edit_uri or "")
    if not urls:
        return ""
    edit_base, view_base = urls
    item_id = page.meta.get("tk_item")
    if item_id:
        data_file = "data/recommendations.yaml" if item_id.startswith("TK") else "data/case-studies.yaml"
        line = _state.get("item_lines", {}).get(data_file, {}).get(item_id)
        return source_links.item_note(data_file, line, edit_base, view_base) + "\n\n"
    data_file = _state.get("list_pages", {}).get(page.file.src_uri)
    return source_links.list_note(data_file, page.file.src_uri, edit_base) + "\n\n" if data_file else ""


@event_priority(50)  # after tag chips are collected, before the search plugin indexes the page
def on_page_content(html, page, config, files):
    if "data_error" in _state:
        return html
    tk = _state["tk"]
    item_id = page.meta.get("tk_item")
    if item_id:  # as Markdown made it: the whole-toolkit page adapts it in on_page_context
        _state["item_html"][item_id], _state["item_url"][item_id] = html, page.url
    html = expand_addresses(html)  # web addresses and DOIs become links only now, after Markdown
    # Material prints page titles as HTML (header, navigation, tags page): escaped exactly once. As the
    # front-matter title it also goes into <title> as it is; from page.title, Material strips tags there,
    # which unescapes it (a title typed with '</title><script>' would then end the element).
    if page.title and "title" not in page.meta and any(c in page.title for c in "<>&{}"):
        page.title = page.meta["title"] = title_html(page.title)
    extra = _state["search_terms"].get(item_id, []) if item_id else []
    if extra:  # Search results show tags as HTML: '<' and '>' stay text ('&' stays, so 'WT&E' is found)
        page.meta["tags"] = [*page.meta.get("tags", []),
                             *(term.replace("<", "&lt;").replace(">", "&gt;") for term in extra)]
    item = tk.rec.get(item_id) or tk.case.get(item_id)
    if item:  # a search result's teaser starts with the summary, not the page facts or the print button
        for opening in ('<div class="tk-meta">', '<p class="tk-actions">', '<div class="tk-evidence">'):
            html = html.replace(opening, opening[:-1] + ' data-search-exclude="true">', 1)
    updated = tk.last_changed(item) if item else _state["git_dates"].get(page.file.src_uri)
    if not item and updated and "{{" in page.file.content_string:  # a page built from data changes with it
        updated = max(updated, _state["data_changed"])
    if updated:
        page.meta["tk_updated"], page.meta["tk_updated_uk"] = updated, date_uk(updated)
    if item:  # shown with "Last updated" at the top of the page (overrides/partials/content.html)
        page.meta["tk_published_uk"] = date_uk(min(entry["date"] for entry in item["history"]))
    # The glossary defines them; every other page spells them out once (the print page once its items are in).
    if page.file.src_uri != "glossary.md" and not render_print.has_slots(html):
        html = abbr.expand_first_use(html)
    if page.edit_url and "/../" in page.edit_url:
        scheme, _, rest = page.edit_url.partition("://")
        host, _, path = rest.partition("/")
        page.edit_url = f"{scheme}://{host}{posixpath.normpath('/' + path)}"
    return html


def _search_text(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@event_priority(-50)  # after the search plugin has indexed the page
def on_page_context(context, page, config, nav):
    """Glossary terms as search tags of their own sections; an item page's place among the items."""
    if page.file.src_uri == "glossary.md":
        terms = _state["glossary_terms"]
        for entry in config.plugins["material/search"].search_index.entries:
            if entry["location"].startswith(page.url + "#"):
                tags, keywords = terms.get(entry["location"].partition("#")[2], ([], []))
                if tags:
                    entry["tags"] = [t.replace("<", "&lt;").replace(">", "&gt;") for t in tags]
                    # Search results show the text as HTML: keywords typed into the data stay text.
                    entry["text"] = " ".join([entry["text"], *(_search_text(k) for k in keywords)])
    if page.content and render_print.has_slots(page.content):  # every page has its HTML by now
        try:
            filled = render_print.fill_slots(_state["tk"], page.content, _state["item_html"], _state["item_url"])
        except ValueError as err:
            raise PluginError(str(err)) from None
        page.content = abbr.expand_first_use(expand_addresses(filled))
        # MkDocs checks the page's links to its own anchors after this: the items' anchors are there now.
        page.present_anchor_ids = (page.present_anchor_ids or set()) | render_print.anchor_ids(page.content)
    place = _state["places"].get(page.file.src_uri)
    if place:
        found = _state["files"].get_file_from_path
        section = found(place.section).page
        # Item pages are not in the navigation: mark their section there, and give them a trail and neighbours.
        section.active = True
        _state["active_section"] = section
        # The theme prints breadcrumb titles as HTML: names from the data are escaped here.
        page.meta["tk_trail"] = [{"title": html_text(title),
                                  "url": found(src).page.url + (f"#{anchor}" if anchor else "")}
                                 for title, src, anchor in place.trail]
        page.meta["tk_current"] = place.current
        page.previous_page, page.next_page = found(place.previous).page, found(place.next).page
    return context


def on_post_page(output, page, config):
    section = _state.pop("active_section", None)
    if section is not None:
        section.active = False
    return output
