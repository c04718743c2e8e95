"""Stable codes for every kind of content problem: the single list the messages and the guide use.

Each code names one kind of mistake, never changes its meaning and is never reused (as with the
BIDS validator's codes). A message shows its code and a link to the guide's entry for it. The guide's
page docs/contribute/messages.md is written from ``CODES`` below, and a test fails if it differs:

    python -m macros.codes        # rewrite docs/contribute/messages.md after changing CODES
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

# code -> (short title, what it means, how to fix it). Titles are shown in GitHub annotations.
CODES: dict[str, tuple[str, str, str]] = {
    # --- Reading the file --------------------------------------------------------------------
    "TK-E001": ("Data file missing",
                "One of the data files in data/ is not there. Every content type needs its file.",
                "Restore the file from the repository (for example with 'git checkout main -- data/FILE'), "
                "or undo the rename."),
    "TK-E002": ("File too large",
                "The file is bigger than 8 MB, which is almost certainly a mistake: a pasted export or a binary "
                "file.", "Remove the pasted material. Data files hold text only."),
    "TK-E003": ("Byte-order mark at the start",
                "The file starts with an invisible byte-order mark (BOM), which some Windows editors add.",
                "Save the file as 'UTF-8' (not 'UTF-8 with BOM'); most editors offer this in the encoding menu."),
    "TK-E004": ("Not UTF-8 text",
                "The file contains bytes that are not UTF-8 text, often from a character pasted from a word "
                "processor or a file saved in another encoding.", "Save the file as UTF-8."),
    "TK-E005": ("Windows line endings",
                "The file's lines end with CR LF (Windows line endings). The toolkit's files use LF only, and CI's "
                "YAML check refuses CR LF.",
                "Save the file with 'LF' line endings: in VS Code, click 'CRLF' in the status bar and choose 'LF'."),
    "TK-E006": ("Not valid YAML",
                "The file's layout is broken, so the check could not read it at all. It is nearly always "
                "indentation, or a colon followed by a space inside a text.",
                "Look at the line named and the one above it. Fields of the same item start in the same column; "
                "put a text that contains ': ' in double quotes."),
    "TK-E007": ("Unclosed quotation mark",
                "A text starts with a quotation mark that is never closed, so the rest of the file is read as "
                "part of that text.", "Add the closing quotation mark on the line named."),
    "TK-E008": ("Tab used for indentation",
                "YAML needs spaces for indentation; a tab character breaks it.",
                "Replace the tab with spaces (two per level). Most editors can show tabs."),
    "TK-E009": ("Empty file",
                "The file is empty, or holds only comments.",
                "Start the file with its first line (the message gives it for this file), then its items."),
    "TK-E010": ("Wrong shape at the top of the file",
                "The top level of the file must be a field name followed by its items, not a list or a single "
                "value.", "Start the file with the line the message gives, then indent the items below it."),
    "TK-E011": ("Field typed twice",
                "The same field name appears twice in one item (or twice at the top of the file). YAML would "
                "silently keep only the second.", "Keep one of the two and delete the other."),
    "TK-E012": ("Anchors, aliases or merge keys",
                "YAML shortcuts ('&name', '*name', '<<') are not supported: they hide what an item says.",
                "Write the value out in full."),
    "TK-E013": ("Nested too deeply",
                "The values are nested far more deeply than any real field.",
                "Check the brackets and the indentation near the line named."),
    "TK-E014": ("Value cannot be read",
                "YAML could not turn the value into text, a number or a date.",
                "Put the value in double quotes."),
    "TK-E015": ("Text cut off by ' #'",
                "In a text that is not in quotes, a space followed by '#' starts a comment: YAML silently drops "
                "the rest of the line, so readers would see the text cut short.",
                "Put the whole text in double quotes; the message shows the line to write."),
    "TK-E016": ("Invisible or control character",
                "The text holds a character readers cannot see: a control character (such as NUL, escape or "
                "delete), a zero-width character, a byte-order mark or a right-to-left override. These can hide "
                "or reverse text. Zero-width joiners are allowed inside words of scripts that need them.",
                "Delete the character: retype the text around the column named, or paste it as plain text."),
    "TK-E017": ("Unusual space character",
                "The text holds a non-breaking space, a tab or another unusual space, usually pasted from a word "
                "processor or a web page. It looks like a space but search and line breaks treat it differently.",
                "Replace it with an ordinary space: delete it and type a space."),
    "TK-E018": ("Curly quotation mark or dash",
                "The text holds a curly (smart) quotation mark or apostrophe, or an en or em dash, as word "
                "processors type them. The toolkit's text uses straight quotation marks and hyphens, so that "
                "search finds what readers type.",
                "Type a straight quotation mark (' or \") or a hyphen (-) instead. For a range, write 'to' "
                "(2019 to 2021)."),
    # --- Fields and values (the schemas) -----------------------------------------------------
    "TK-E020": ("Unknown field",
                "A field name the schema does not know: usually a typing mistake, or a field in the wrong place.",
                "Correct the name (the message suggests the closest one), or move the field to the right item."),
    "TK-E021": ("Required field missing",
                "A field every item of this kind must have is not there.",
                "Add the field; the message says what it means, and the field reference shows where it goes."),
    "TK-E022": ("Wrong kind of value",
                "The value is the wrong kind: for example a single text where a list is needed.",
                "Write the kind of value the message names. A list is written [a, b] or as lines starting '- '."),
    "TK-E023": ("Value not allowed",
                "The field only allows certain values, and this is not one of them.",
                "Use one of the values listed, typed exactly as shown."),
    "TK-E024": ("Value in the wrong form",
                "The value does not have the form the field needs (an ID, a code or a number written another "
                "way).", "Write it like the example the message gives."),
    "TK-E025": ("Empty text",
                "A text field is empty or holds only spaces.",
                "Write the text, or remove the field if it is optional."),
    "TK-E026": ("Not a real date",
                "The date is not a real calendar date, or is not written YYYY-MM-DD.",
                "Write the date as YYYY-MM-DD, for example 2026-11-23."),
    "TK-E027": ("Text too long",
                "The text is longer than the field allows (titles and short labels have limits so they fit on "
                "screens and handouts).", "Shorten the text to the limit the message gives."),
    "TK-E028": ("List too short",
                "The list needs more items than it has.", "Add items until the list has the number named."),
    "TK-E029": ("Repeated value in a list",
                "The list names the same value more than once.", "Remove the repeat."),
    "TK-E030": ("Number out of range",
                "The number is smaller or larger than the field allows.", "Correct the number."),
    "TK-E031": ("One of several fields needed",
                "An item needs at least one of the fields named (for example a source's doi or url).",
                "Add one of them."),
    "TK-E032": ("Web address not allowed",
                "A url must be a complete web address starting https:// (or http://), with only the characters "
                "web addresses may contain (RFC 3986): no spaces, quotation marks, angle brackets or backticks.",
                "Copy the address again from the browser's address bar. Write spaces as %20."),
    "TK-E033": ("DOI in the wrong form",
                "A DOI is written without https://doi.org/, starts '10.', then a number, a slash and the rest "
                "(the DOI handbook's syntax), with no spaces.",
                "Write it like 10.1111/medu.14528: copy it from the article's page and remove any "
                "https://doi.org/ in front."),
    "TK-E034": ("List too long",
                "The list has more items than the field allows (short lists stay readable on a phone and fit "
                "a printed page).", "Keep the most useful items and remove the others."),
    "TK-E039": ("Other schema rule",
                "The value breaks a rule of the schema not listed above.",
                "Read the message and the field reference for the field named."),
    # --- Links between items -------------------------------------------------------------------
    "TK-E040": ("Duplicate ID",
                "Two items have the same ID. The problem is reported on the newer item: the one that is not "
                "the published one.", "Give the new item the next free ID (the message names it). Never reuse "
                "a published ID."),
    "TK-E041": ("Unknown ID",
                "A field names an item (a source, a recommendation, a term ...) that does not exist.",
                "Correct the ID (the message suggests the closest one), or add the missing item."),
    "TK-E042": ("Source not cited",
                "A source in data/sources.yaml is not cited anywhere.", "Cite it, or remove it."),
    "TK-E043": ("Template guidance left in",
                "Text starting 'REPLACE:' from a template, or a line the check suggested, has not been "
                "replaced with real text yet.", "Replace it with your own text."),
    "TK-E044": ("Page cites an unknown source",
                "A hand-written page cites a source ID that is not in data/sources.yaml.",
                "Check the ID against data/sources.yaml, or add the source there."),
    # --- Published IDs and history ---------------------------------------------------------------
    "TK-E050": ("Published item deleted",
                "An ID in the register of published IDs (data/published-ids.yaml) is no longer in the data. "
                "Published items are never deleted: people cite and bookmark their pages.",
                "Put the item back and withdraw it instead: set 'status: withdrawn' and add a history entry "
                "(see 'IDs and withdrawing items' in the guide)."),
    "TK-E051": ("Published ID reused",
                "An item uses the ID of a published item but is a different item: its history does not start "
                "where the published one's did. IDs are never reused, even after withdrawal.",
                "Put the published item back (withdrawn if it is no longer right) and give the new item the "
                "next free ID (the message names it)."),
    "TK-E052": ("Published item not registered",
                "An item has a history entry in a published edition but is not in the register of published "
                "IDs, so the check could not notice if it were later deleted or its ID reused.",
                "Add the line the message gives to data/published-ids.yaml (this is done when an edition is "
                "published)."),
    "TK-E053": ("Changed without a history entry",
                "The item's text is not what its newest history entry recorded (its fingerprint), so readers "
                "would not be told it changed.",
                "Add the history entry the message gives, with a sentence saying what changed. If the newest "
                "entry is still 'unreleased', update its fingerprint instead."),
    "TK-E054": ("Fingerprint missing",
                "A published item's newest history entry has no fingerprint, so the check cannot tell whether "
                "the item changed since it was published.",
                "If you changed the item, add a new history entry (the message gives it). If the entry is "
                "being published now, add the fingerprint the message gives."),
    "TK-E055": ("History entry in the future",
                "A history entry is dated after today.", "Use the date the change was made (today at the "
                "latest)."),
    "TK-E056": ("History out of order",
                "History entries must be oldest first and newest last, and 'unreleased' entries come after "
                "every published one.", "Move the entry to its place, or correct its date."),
    # --- Review dates ----------------------------------------------------------------------------
    "TK-E060": ("Review date passed",
                "A recommendation's or case study's next_review date has passed, so its page would show a "
                "review that is overdue. Within 60 days of the date, the check only warns.",
                "Check the item against its sources, then set last_reviewed to today and next_review to the "
                "next due date, usually a year on."),
}

SITE = "https://restore-toolkit.github.io/professional-support-toolkit/"


@functools.cache
def _site_url() -> str:
    """The published site's address (development version), read from mkdocs.yml when it is there."""
    config = Path(__file__).resolve().parent.parent / "mkdocs.yml"
    try:
        found = re.search(r'^site_url:.*?"(https://[^"]+)"', config.read_text(encoding="utf-8"), re.M)
    except OSError:
        found = None
    return (found.group(1) if found else SITE).rstrip("/") + "/"


PAGE = "contribute/messages/"


def anchor(code: str) -> str:
    return code.lower()


def help_url(code: str) -> str:
    """Where the guide explains ``code``: the development version, which matches the code on main."""
    return f"{_site_url()}dev/{PAGE}#{anchor(code)}"


def title(code: str) -> str:
    return CODES[code][0]


PAGE_FILE = Path(__file__).resolve().parent.parent / "docs" / "contribute" / "messages.md"
_INTRO = """---
render_macros: false
---

<!-- Written by `python -m macros.codes` from macros/codes.py: edit the codes there, not here. -->

# Messages and their codes

When the check finds a problem in the data, it stops the build and lists every problem at once.
You see the same messages from `make check` on your computer and on the changed lines of a pull request.
Each message names the file, the line and the field, and says what is wrong and what is allowed.
It ends with a code such as `TK-E021` and a link to the code's entry below.

A message looks like this:

```text
data/case-studies.yaml, line 29, field case_studies[CS06].summary:
    the text is empty. Write the text, or remove the field if it is optional.
    TK-E025: https://restore-toolkit.github.io/professional-support-toolkit/dev/contribute/messages/#tk-e025
```

`case_studies[CS06].summary` means the `summary` field of case study CS06.
Lists inside an item are numbered from 1, so `sources[2]` is the item's second source.
The [field reference](fields.md) says what every field means and which values it allows.

Codes never change their meaning, so you can search for one in pull requests and discussions.
"""


def _md(text: str) -> str:
    """Registry text as Markdown that shows as typed (no emphasis, no HTML)."""
    return re.sub(r"([\\`*_<>\[\]])", r"\\\1", text)


def messages_page() -> str:
    """The whole of docs/contribute/messages.md: the introduction, then one section per code."""
    sections = [f"## {code}: {_md(name)} {{ #{anchor(code)} }}\n\n{_md(meaning)}\n\n**How to fix it:** {_md(fix)}\n"
                for code, (name, meaning, fix) in CODES.items()]
    return _INTRO + "\n" + "\n".join(sections)


if __name__ == "__main__":
    PAGE_FILE.write_text(messages_page(), encoding="utf-8")
    print(f"Wrote {PAGE_FILE.relative_to(PAGE_FILE.parent.parent.parent)} ({len(CODES)} codes).")
