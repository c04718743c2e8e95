"""Where each generated item page sits: its breadcrumb, its section and its neighbours in reading order.

Item pages (one per recommendation and case study) are kept out of the navigation, so MkDocs gives
them no breadcrumb, no active section and no previous/next links. This works them out from the data:
recommendations in the order of their index page (grouped by mechanism), case studies in file order.
Pure functions: a validated ``Toolkit`` in, docs-relative paths and titles out.
"""

from __future__ import annotations

from dataclasses import dataclass

from .text import case_src, rec_src

RECS_INDEX = "recommendations/index.md"
CASES_INDEX = "case-studies/index.md"


@dataclass(frozen=True)
class Place:
    section: str                          # the index page that stands for the item in the navigation
    trail: tuple[tuple[str, str, str], ...]  # (title, docs-relative page, anchor) from the section down
    current: str                          # what the breadcrumb calls this page: its ID
    previous: str                         # docs-relative page before it in reading order
    next: str                             # and after it (the index page at either end)


def reading_order(tk) -> list[tuple[str, list[str]]]:
    """(index page, its item pages in reading order) for recommendations, then case studies."""
    recs = [r for m in tk.mechanisms for r in tk.recs_by_mechanism[m["id"]]]
    return [(RECS_INDEX, [rec_src(r["id"]) for r in recs]),
            (CASES_INDEX, [case_src(c["id"]) for c in tk.case_studies])]


def places(tk) -> dict[str, Place]:
    """Docs-relative item page -> its place. The first item's previous and the last's next is the index."""
    trails = {rec_src(r["id"]): (("Recommendations", RECS_INDEX, ""),
                                 (tk.mechanism[r["mechanism"]]["name"], RECS_INDEX, r["mechanism"]))
              for r in tk.recommendations}
    trails.update({case_src(c["id"]): (("Case studies", CASES_INDEX, ""),) for c in tk.case_studies})
    ids = {rec_src(r["id"]): r["id"] for r in tk.recommendations}
    ids.update({case_src(c["id"]): c["id"] for c in tk.case_studies})
    out = {}
    for index, pages in reading_order(tk):
        chain = [index, *pages, index]
        for n, src in enumerate(pages, 1):
            out[src] = Place(index, trails[src], ids[src], chain[n - 1], chain[n + 1])
    return out
