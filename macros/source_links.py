"""Where the content of a page comes from, so "Edit this page" opens the file that holds it.

Pure functions used by the hook:

- ``data_file_for(markdown)``: the data file behind a hand-written page that shows a list from the
  data (the glossary, the sources, the principles ...), or None;
- ``item_lines(text)``: the line on which each item (``- id: TK06``) starts in a data file;
- ``source_note(...)``: the short note under a page built from data, with links to the line of the
  item on GitHub and to the Markdown file holding the page's own introduction.

Edit links on GitHub cannot point at a line, but a file's page can (``blob/main/FILE#L398``): the
note links both.
"""

from __future__ import annotations

import html
import re

# Macro called by a page -> the data file its list comes from.
LIST_MACROS = {
    "glossary_list": "data/glossary.yaml",
    "source_list": "data/sources.yaml",
    "principles_list": "data/principles.yaml",
    "programme_theory": "data/programme-theory.yaml",
    "changes": "data/releases.yaml",
    "recommendation_index": "data/recommendations.yaml",
    "case_study_index": "data/case-studies.yaml",
    "contributors": "data/contributors.yaml",
}
_CALL = re.compile(r"\{\{\s*(\w+)\(\s*\)\s*\}\}")
_ITEM = re.compile(r"""^[ \t]*-[ \t]+id:[ \t]*["']?([A-Za-z]+[0-9]+)["']?[ \t]*(?:#.*)?$""", re.M)


def data_file_for(markdown: str) -> str | None:
    """The data file of the first list macro a page calls, if it calls one."""
    for name in _CALL.findall(markdown):
        if name in LIST_MACROS:
            return LIST_MACROS[name]
    return None


def item_lines(text: str) -> dict[str, int]:
    """Item ID -> the line (from 1) of its ``- id:`` line. The first wins if an ID is repeated."""
    lines: dict[str, int] = {}
    line, counted = 1, 0  # lines counted from the previous item on, not from the top each time
    for match in _ITEM.finditer(text):
        line += text.count("\n", counted, match.start())
        counted = match.start()
        lines.setdefault(match.group(1), line)
    return lines


def repository_urls(edit_uri: str) -> tuple[str, str] | None:
    """(edit base, view base) for the repository's files, from an absolute GitHub ``edit_uri``.

    ``https://github.com/ORG/REPO/edit/main/docs/`` gives
    ``https://github.com/ORG/REPO/edit/main/`` and ``https://github.com/ORG/REPO/blob/main/``.
    """
    match = re.fullmatch(r"(https://github\.com/[^/]+/[^/]+/)edit/([^/]+)/(?:docs/)?", edit_uri or "")
    if not match:
        return None
    repo, branch = match.groups()
    return f"{repo}edit/{branch}/", f"{repo}blob/{branch}/"


def item_note(data_file: str, line: int | None, edit_base: str, view_base: str) -> str:
    """Under an item page: the file and line it comes from, with links to see it there and to edit it."""
    where = f"<code>{html.escape(data_file)}</code>" + (f", line {line}" if line else "")
    view = view_base + data_file + (f"#L{line}" if line else "")
    return (f'<p class="tk-source-note" data-search-exclude>This page is made from {where}: '
            f'<a href="{html.escape(view)}">see it on GitHub</a> or '
            f'<a href="{html.escape(edit_base + data_file)}">edit the file</a>.</p>')


def list_note(data_file: str, page_src: str, edit_base: str) -> str:
    """Under a list page: where the list comes from, and where the page's own introduction is."""
    page_file = f"docs/{page_src}"
    if data_file == LIST_MACROS["changes"]:  # the changes come from every item's history, the notes from releases
        made = ("made from the <code>history</code> of each item, in that item's data file, and from the release "
                f'notes in <code>{html.escape(data_file)}</code> (<a href="{html.escape(edit_base + data_file)}">'
                "edit the release notes</a>)")
    else:
        made = (f'made from <code>{html.escape(data_file)}</code> '
                f'(<a href="{html.escape(edit_base + data_file)}">edit the list</a>)')
    return (f'<p class="tk-source-note" data-search-exclude>The list on this page is {made}; '
            f'the text around it is in <code>{html.escape(page_file)}</code> '
            f'(<a href="{html.escape(edit_base + page_file)}">edit the text</a>).</p>')
