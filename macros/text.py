"""Small pure helpers shared by the renderers: escaping, links, labels and citations.

Everything a contributor types passes through ``esc`` before it reaches a page. The result
is Markdown that shows the text exactly as typed: HTML, Markdown syntax and Jinja braces
are all inert.
"""

from __future__ import annotations

import datetime
import html
import os
import posixpath
import re
import secrets
from urllib.parse import quote, urlsplit

_MD_SPECIAL = re.compile(r"([\\`*_\[\]|])")
_LEADING = re.compile(r"^(\d+)([.)])|^([#+\-!>:=~])")


def html_text(text: object) -> str:
    """Text safe anywhere in HTML: markup shown as typed, and no '{{' or '{%' ever reaches a page."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace("{", "&#123;").replace("}", "&#125;"))


def title_html(title: str) -> str:
    """A page title as HTML escaped exactly once, whether MkDocs gave it escaped (from the H1) or not.

    Material prints ``page.title`` into the header, navigation, tags page and <title> unescaped,
    so it must already be HTML; escaping an H1 title a second time shows '&amp;amp;' to readers.
    """
    return html_text(html.unescape(title))


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


# --- Addresses are data, never markup ----------------------------------------------------------
# A web address or DOI is written into the Markdown as a placeholder made only of lower-case letters
# and digits: nothing that Jinja, Markdown (links, code, emphasis, attribute lists) or the abbreviation
# extension can act on. After Markdown has run, ``expand_addresses`` swaps each placeholder for an <a>
# element built here, the address escaped for the attribute and shown as plain text. So an address
# with backticks, brackets, asterisks or a whole Markdown link in it keeps one correct, working link.
# The placeholder carries a random key made once per build process (kept in the environment, so the
# macros and the hook agree even if each imported this module on its own): text typed into the data,
# which may end up anywhere (a script's JSON, an attribute), can never pose as an address.
ADDRESS_MARK = "tkaddr" + os.environ.setdefault("TOOLKIT_ADDRESS_KEY", secrets.token_hex(6))
_ADDRESS = re.compile(ADDRESS_MARK + r"([ud])([0-9a-f]*)x")
_LINK_SCHEMES = ("http", "https")
# Kept as typed in a DOI link; everything else is percent-encoded, as the DOI Handbook asks (# ? % etc.).
_DOI_SAFE = "/:;()@!$&'*+,=~._-"
# Characters a URL must not hold as they are (RFC 3986): percent-encoded in the link, shown as typed.
_URL_UNSAFE = re.compile(r'[\x00-\x20\x7f"<>`{}|\\^]')


def _placeholder(kind: str, value: str) -> str:
    return f"{ADDRESS_MARK}{kind}{value.encode('utf-8').hex()}x"


def url_link(url: str) -> str:
    """A link to a web address, as a placeholder that ``expand_addresses`` turns into the element."""
    return _placeholder("u", url)


def doi_link(doi: str) -> str:
    """A link to a DOI (https://doi.org/...), shown as 'doi:...', as a placeholder."""
    return _placeholder("d", doi)


def doi_url(doi: str) -> str:
    """The resolver address of a DOI, with the characters a URL cannot hold percent-encoded."""
    return "https://doi.org/" + quote(doi, safe=_DOI_SAFE)


def link_url(url: str) -> str | None:
    """The href for a typed web address: http(s) only (None otherwise), unsafe characters encoded."""
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    if scheme not in _LINK_SCHEMES or not url.lower().startswith(f"{scheme}://"):
        return None
    return _URL_UNSAFE.sub(lambda m: "".join(f"%{b:02X}" for b in m.group().encode("utf-8")), url)


def address_element(kind: str, value: str) -> str:
    """The finished HTML for one address: an <a> element, or plain text if it is not a web address."""
    href, shown = (doi_url(value), f"doi:{value}") if kind == "d" else (link_url(value), value)
    if href is None:
        return f'<span class="tk-address">{html_text(shown)}</span>'
    return f'<a class="tk-address" href="{attr(href)}">{html_text(shown)}</a>'


def expand_addresses(page_html: str) -> str:
    """Replace every address placeholder in a page's finished HTML with its link element."""
    if ADDRESS_MARK not in page_html:
        return page_html

    def element(match: re.Match) -> str:
        try:
            value = bytes.fromhex(match.group(2)).decode("utf-8")
        except ValueError:  # not one of ours (odd length or not UTF-8): leave the text alone
            return match.group()
        return address_element(match.group(1), value)

    return _ADDRESS.sub(element, page_html)


def source_url(source: dict) -> str:
    """The address a source links to: its DOI's resolver address, else its web address."""
    return doi_url(source["doi"]) if source.get("doi") else source["url"]


def source_link(source: dict) -> str:
    """A source's DOI or web address, as a link placeholder."""
    return doi_link(source["doi"]) if source.get("doi") else url_link(source["url"])


def year(source: dict) -> str:
    """The year as cited: '2021', '2021a' when two works would cite alike, or 'n.d.' (no date)."""
    known = _CITED_YEARS.get(id(source))
    if known and known[0] is source:
        return known[1]
    return str(source.get("year", "n.d."))


# Source dict (by identity) -> (the dict, its year as cited). Filled by tell_apart() for each loaded toolkit.
_CITED_YEARS: dict[int, tuple[dict, str]] = {}


def tell_apart(sources: list) -> None:
    """Works that would cite alike ('Price et al. 2021' twice) get a, b ... after the year, by title,
    so every citation and reference names one work: 'Price et al. 2021a; Price et al. 2021b'."""
    groups: dict[tuple, list] = {}
    for source in sources:
        plain = str(source.get("year", "n.d."))
        groups.setdefault((source.get("short") or short_authors(source["authors"]), plain), []).append(source)
    for (_, plain), same in groups.items():
        ordered = sorted(same, key=lambda s: (s["title"].lower(), s["id"]))
        for n, source in enumerate(ordered):
            suffix = "" if len(same) == 1 else ("-" if plain == "n.d." else "") + "abcdefghijklmnopqrstuvwxyz"[n % 26]
            _CITED_YEARS[id(source)] = (source, plain + suffix)


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
    return f"{esc(source['authors'])} ({year(source)}). {esc(source['title'])}.{where} {source_link(source)}"
