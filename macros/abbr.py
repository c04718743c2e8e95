"""Abbreviations spelled out at their first use on each page, in the text itself.

The abbr extension gives every abbreviation a hover title, which phones, paper and many screen
reader settings never show. This writes the expansion into the text the first time a page uses an
abbreviation: "responsible officer (RO)". Headings, code and link-free navigation are left alone, and
so is a use that the text already spells out beside it. Pure function: HTML in, HTML out.
"""

from __future__ import annotations

import html as htmllib
import re

_ABBR = re.compile(r'<abbr title="([^"]*)">([^<]+)</abbr>')
_OPEN = re.compile(r"<(h[1-6]|code|pre|summary)\b[^>]*>")
_TAG = re.compile(r"<[^>]+>")


def _inside_skipped(page: str, pos: int) -> bool:
    """True when ``pos`` sits inside a heading, code, preformatted text or a summary line."""
    for match in _OPEN.finditer(page, max(0, pos - 4000), pos):
        if page.find(f"</{match.group(1)}>", match.end(), pos) == -1:
            return True
    return False


def _plain(fragment: str) -> str:
    return " ".join(htmllib.unescape(_TAG.sub(" ", fragment)).lower().split())


def expand_first_use(page: str) -> str:
    """Spell out each abbreviation at its first use outside headings and code."""
    seen: set[str] = set()
    parts, last = [], 0
    for match in _ABBR.finditer(page):
        title, short = match.group(1), match.group(2)
        if short in seen or _inside_skipped(page, match.start()):
            continue
        seen.add(short)
        words = _plain(title)
        near = _plain(page[max(0, match.start() - len(title) - 80):match.start()]) + " " + \
            _plain(page[match.end():match.end() + len(title) + 80])
        if words and words in near:  # already spelled out beside it, as in "Responsible officer (RO)"
            continue
        parts += [page[last:match.start()], f"{title} ({match.group(0)})"]
        last = match.end()
    parts.append(page[last:])
    return "".join(parts)
