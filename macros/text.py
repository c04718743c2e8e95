"""Small pure helpers shared by the renderers: escaping, links, labels and citations.

Everything a contributor types passes through ``esc`` before it reaches a page. The result
is Markdown that shows the text exactly as typed: HTML, Markdown syntax and Jinja braces
are all inert.
"""

from __future__ import annotations

import datetime
import posixpath
import re

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_LEADING = re.compile(r"^(\d+)([.)])|^([#+\-!>:=~])")


def html_text(text: object) -> str:
    """Text safe anywhere in HTML: markup shown as typed, and no '{{' or '{%' ever reaches a page."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("{", "&#123;").replace("}", "&#125;"))


def esc(text: object) -> str:
    """Contributor text as inert Markdown on one line: no HTML, links, emphasis or Jinja run."""
    flat = html_text(" ".join(str(text).split()))
    flat = _MD_SPECIAL.sub(r"\\\1", flat)
    # Characters that only mean something at the start of a line (lists, headings, quotes).
    return _LEADING.sub(lambda m: f"{m.group(1)}\\{m.group(2)}" if m.group(1) else f"\\{m.group(3)}", flat)


def attr(text: object) -> str:
    """Text safe inside a double-quoted HTML attribute."""
    return (str(text).replace("&", "&amp;").replace('"', "&quot;")
            .replace("<", "&lt;").replace(">", "&gt;"))


def link(here: str, target: str, anchor: str = "") -> str:
    """Relative link from the page ``here`` to the page ``target`` (both docs-relative .md paths)."""
    rel = posixpath.relpath(target, posixpath.dirname(here) or ".")
    return rel + (f"#{anchor}" if anchor else "")


def label(value: str) -> str:
    """Display label for a vocabulary value: 'sustained-change' -> 'Sustained change'."""
    return value.replace("-", " ").capitalize()


def date_uk(value: str) -> str:
    """'2026-11-23' -> '23 November 2026'."""
    day = datetime.date.fromisoformat(value)
    return f"{day.day} {day:%B %Y}"


# --- Pages and anchors: one place decides every URL ----------------------------------------
def rec_src(rec_id: str) -> str:
    return f"recommendations/{rec_id.lower()}.md"


def case_src(case_id: str) -> str:
    return f"case-studies/{case_id.lower()}.md"


PRINCIPLES_SRC = "principles.md"
GLOSSARY_SRC = "glossary.md"
SOURCES_SRC = "sources.md"
THEORY_SRC = "about/programme-theory.md"


def anchor(item_id: str) -> str:
    """HTML id for an item on a list page (glossary term, source, principle, strategy)."""
    return item_id.lower()


# --- Confidence and citations ---------------------------------------------------------------
CONFIDENCE = {
    "verified": ("Verified", "The fact was read in the source named."),
    "partial": ("Partly verified", "Read in the source, but the stored text stops partway through."),
    "lead": ("Lead", "A lead that could not be checked independently."),
    "inferred": ("Inferred", "The toolkit team's own interpretation. No source states it."),
}


def confidence_badge(level: str) -> str:
    """A short, explained confidence label."""
    name, meaning = CONFIDENCE[level]
    return f'<span class="tk-conf tk-conf--{level}" title="{attr(meaning)}">{name}</span>'


def short_authors(authors: str) -> str:
    """'Price T, Wong G, Withers L' -> 'Price et al.'; an organisation stays whole."""
    parts = [a.strip() for a in authors.split(",") if a.strip()]
    first = re.sub(r"\s+[A-Z]{1,3}$", "", parts[0]) if parts else authors
    return first if len(parts) < 2 or first == parts[0] else f"{first} et al."


def source_url(source: dict) -> str:
    return f"https://doi.org/{source['doi']}" if source.get("doi") else source["url"]


def year(source: dict) -> str:
    """The year, or 'n.d.' (no date) when the source shows none."""
    return str(source.get("year", "n.d."))


def cite_short(source: dict, here: str) -> str:
    """Inline citation linking to the source's entry on the sources page."""
    text = f"{esc(source.get('short') or short_authors(source['authors']))} {year(source)}"
    return f"[{text}]({link(here, SOURCES_SRC, anchor(source['id']))})"


def cite_list(citations: list, sources: dict, here: str) -> str:
    """'(Price et al. 2021, verified; Reynolds et al. 2025, partly verified)'."""
    parts = [f"{cite_short(sources[c['source']], here)}, {CONFIDENCE[c['confidence']][0].lower()}"
             for c in citations]
    return f"<span class=\"tk-cite\">({'; '.join(parts)})</span>"


def reference(source: dict) -> str:
    """Full reference in the house style, with its DOI or web address as a link."""
    where = f" {esc(source['published_in'])}." if source.get("published_in") else ""
    url = source_url(source)
    shown = f"doi:{source['doi']}" if source.get("doi") else url
    return (f"{esc(source['authors'])} ({year(source)}). {esc(source['title'])}.{where} "
            f'<a href="{attr(url)}">{esc(shown)}</a>')
