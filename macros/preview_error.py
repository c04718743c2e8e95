"""Under `mkdocs serve` only: a data mistake is shown on every page, not as a silent wait.

A build (``mkdocs build``, CI, publishing) still stops with the message and changes nothing. The
preview server instead builds every page as this one, listing each problem with its file, line
and field, and builds the real pages again as soon as the data is fixed and saved.
"""

from __future__ import annotations

import html
import re

PREVIEW_ENV = "TOOLKIT_PREVIEW"
# The item pages the site had: kept while the data is broken, so the page open in the browser stays there.
_ITEM = re.compile(r"^[ \t]*-[ \t]+id:[ \t]*[\"']?((?:TK|CS)[0-9]+)[\"']?[ \t]*(?:#.*)?$", re.M)


def item_ids(text: str) -> list[str]:
    """Recommendation and case study IDs in a data file's text, read without parsing (it may be broken)."""
    return list(dict.fromkeys(_ITEM.findall(text)))


def error_page(problems, title: str = "") -> str:
    """The Markdown source of a page showing ``problems`` (loader ``Problem``s), with no template syntax."""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    items = "\n".join(
        f'<li><p><strong>{html.escape(p.file)}, line {p.line}</strong>, field <code>{html.escape(p.field)}</code></p>'
        f"<p>{html.escape(p.message, quote=False)}</p></li>" for p in problems)
    shown = f" ({html.escape(title)})" if title else ""
    return (
        "---\nrender_macros: false\nsearch:\n  exclude: true\n---\n\n"
        f"# The toolkit's data has {count}\n\n"
        f'<div class="admonition failure tk-data-problems" role="alert">\n'
        f'<p class="admonition-title">This preview cannot show the page{shown} until the data is fixed</p>\n'
        f"<ol>\n{items}\n</ol>\n"
        "<p>Fix each problem and save the file: this page reloads by itself. "
        "The field reference (Contribute, Field reference) lists every field and the values it allows.</p>\n"
        "</div>\n"
    )
