"""Sources for the generated pages: front matter and the item's rendered Markdown, never raw data.

The hook turns each entry into an MkDocs ``File.generated``. The Markdown comes from the item
renderers, which escape every contributor text, and the front matter says ``render_macros: false``:
the page is complete already, so the macros plugin leaves it alone and Jinja never sees the data.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass

from .render_items import item_page
from .text import anchor, case_src, label, rec_src

ITEM_BOOST = 2


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str        # docs-relative path of the virtual Markdown file
    content: str        # front matter + the item's rendered Markdown
    data_file: str      # repository path of the YAML it comes from ("Edit this page")


def _page(tk, tags: list[str], item_id: str) -> str:
    # Only validated vocabulary labels and pattern-checked IDs reach the front matter.
    # The boost puts an item page above list pages and the glossary that mention the same words.
    # Written as JSON, which YAML reads as it is: much quicker than a YAML dump for thousands of pages.
    # The Markdown is written here, not left to a macro call: rendering a thousand one-line pages as
    # Jinja templates cost half a second per build and added nothing.
    meta = json.dumps({"render_macros": False, "tags": tags, "tk_item": item_id, "search": {"boost": ITEM_BOOST}},
                      ensure_ascii=False)
    return f"---\n{meta}\n---\n\n{item_page(tk, item_id)}\n"


def recommendation_tags(rec: dict) -> list[str]:
    """Visible tags: mechanism, stages, audiences and topics, as display labels."""
    values = [rec["mechanism"], *rec["stage"], *rec["audience"], *rec["topics"]]
    return list(dict.fromkeys(label(v) for v in values))


def case_study_tags(case: dict) -> list[str]:
    return list(dict.fromkeys(label(v) for v in [*case["setting"], *case.get("topics", [])]))


def generated_pages(tk) -> list[GeneratedPage]:
    """One page per recommendation and per case study."""
    pages = [GeneratedPage(rec_src(r["id"]), _page(tk, recommendation_tags(r), r["id"]), "data/recommendations.yaml")
             for r in tk.recommendations]
    pages += [GeneratedPage(case_src(c["id"]), _page(tk, case_study_tags(c), c["id"]), "data/case-studies.yaml")
              for c in tk.case_studies]
    return pages


def search_terms(tk) -> dict[str, list[str]]:
    """Extra words the search index should match for an item page, keyed by item ID.

    IDs and keywords are indexed as (invisible) tags, the strongest signal in Material's search,
    so a reader typing 'TK04' or a synonym finds the page first.
    """
    terms = {r["id"]: [r["id"], *r.get("keywords", [])] for r in tk.recommendations}
    terms.update({c["id"]: [c["id"], *c.get("keywords", []), c["place"]] for c in tk.case_studies})
    return terms


def glossary_search_terms(tk) -> dict[str, tuple[list[str], list[str]]]:
    """Term anchor -> (the term and its abbreviation, its keywords) for the term's own search entry.

    The term and abbreviation are search tags of the term's section only, so a search for either
    leads to the definition itself; keywords count as ordinary text, so an item page tagged with the
    same word ranks above the glossary. (As page tags they would repeat on every section, swamping
    results and the index.)
    """
    return {anchor(t["id"]): ([t["term"], *([t["abbreviation"]] if t.get("abbreviation") else [])],
                              t.get("keywords", [])) for t in tk.terms}


def abbreviation_lines(tk) -> list[tuple[str, str]]:
    """(abbreviation, Markdown definition line) for every glossary abbreviation, alphabetically."""
    lines = []
    for term in sorted((t for t in tk.terms if t.get("abbreviation")), key=lambda t: t["abbreviation"]):
        title = " ".join(term["term"].split()).replace("]", ")").replace("[", "(")
        lines.append((term["abbreviation"], f"*[{term['abbreviation']}]: {title}"))
    return lines


def abbreviations(tk) -> str:
    """Markdown abbreviation definitions, appended to every page so each use is explained on hover."""
    return "\n".join(line for _, line in abbreviation_lines(tk))


def abbreviations_used(lines: list[tuple[str, str]], markdown: str) -> str:
    """The definition lines for the abbreviations that occur in ``markdown``.

    A definition for an abbreviation the page never uses changes nothing on the page, but the abbr
    extension still searches all of the page's text for it: with every definition on every page,
    build time grows with pages times abbreviations. "Occurs" is what the extension itself matches, a
    whole word, found with one pass over the page (one search per abbreviation took 0.7 s at 1,000
    recommendations). An underscore counts as a word's edge here, so "_GMC_" (emphasis in the source)
    keeps its definition.
    """
    pattern = _abbreviation_pattern(tuple(lines))
    found, at = set(), 0
    while pattern and (match := pattern.search(markdown, at)):
        start = match.start()
        if start and markdown[start - 1].isalnum():  # inside a word: look again one character on
            at = start + 1
        else:
            found.add(match.group())
            at = match.end()
    return "\n".join(line for abbreviation, line in lines if abbreviation in found)


@functools.lru_cache(maxsize=8)
def _abbreviation_pattern(lines: tuple[tuple[str, str], ...]) -> re.Pattern | None:
    """The abbr extension's pattern for these abbreviations (markdown/extensions/abbr.py), longest first.

    The check that a match starts a word is made by the caller: a pattern that starts with a look-behind
    cannot jump to its first letters, and took ten times as long.
    """
    names = sorted({abbreviation for abbreviation, _ in lines}, key=len, reverse=True)
    if not names:
        return None
    return re.compile("(?:" + "|".join(re.escape(name) for name in names) + r")(?![^\W_])")
