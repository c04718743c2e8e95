"""Renderers for one item's page: a recommendation or a case study.

Pure functions: a validated ``Toolkit`` and IDs in, Markdown out. No files, no MkDocs.
``here`` is the docs-relative path of the page being rendered, used for relative links.
"""

from __future__ import annotations

from .text import (
    CONFIDENCE,
    GLOSSARY_SRC,
    PRINCIPLES_SRC,
    THEORY_SRC,
    anchor,
    case_src,
    cite_list,
    confidence_badge,
    date_uk,
    esc,
    label,
    link,
    rec_src,
    reference,
)

REVIEW_SRC = "review.md"


def _unindexed(block: str) -> str:
    """Keep a block out of the search index (reference lists and histories repeat the sources page)."""
    return f"<div data-search-exclude markdown>\n\n{block}\n\n</div>"


def _indent(block: str) -> str:
    return "\n".join(f"    {line}" if line else "" for line in block.splitlines())


def cited_points(points: list, tk, here: str) -> str:
    """A bullet list of statements, each followed by its sources and their confidence."""
    return "\n".join(f"- {esc(p['text'])} {cite_list(p['sources'], tk.source, here)}" for p in points)


def page_citations(item: dict) -> list:
    """The item's own sources, then any other source its points cite, each source once."""
    found: dict = {c["source"]: c for c in item["sources"]}

    def visit(value):
        if isinstance(value, dict):
            if "source" in value and "confidence" in value:
                # Cited only by a point: its confidence belongs to that point, shown there.
                found.setdefault(value["source"], {"source": value["source"], "confidence": None})
            for child in value.values():
                visit(child)
        elif isinstance(value, list):
            for child in value:
                visit(child)

    visit({k: v for k, v in item.items() if k != "sources"})
    return list(found.values())


def source_section(citations: list, tk, here: str) -> str:
    """Numbered full references for the sources an item cites, with confidence labels."""
    lines = []
    for n, c in enumerate(citations, 1):
        note = f" {esc(c['note'])}" if c.get("note") else ""
        badge = f" {confidence_badge(c['confidence'])}" if c["confidence"] else ""
        lines.append(f"{n}. {reference(tk.source[c['source']])}{badge}{note}")
    return "\n".join(lines)


def history_table(history: list) -> str:
    """The item's dated change record, newest first."""
    rows = [f"| {date_uk(h['date'])} | {esc(h['edition'])} | {esc(h['change'])} |"
            for h in sorted(history, key=lambda h: h["date"], reverse=True)]
    return "| Date | Edition | Change |\n| --- | --- | --- |\n" + "\n".join(rows)


def rec_link(rec: dict, here: str) -> str:
    return f"[{rec['id']}: {esc(rec['title'])}]({link(here, rec_src(rec['id']))})"


def case_link(case: dict, here: str) -> str:
    return f"[{case['id']}: {esc(case['title'])}]({link(here, case_src(case['id']))})"


def withdrawn_notice(item: dict, tk, here: str) -> str:
    if item["status"] != "withdrawn":
        return ""
    replaced = item.get("replaced_by")
    instead = f" Use {rec_link(tk.rec[replaced], here)} instead." if replaced else ""
    return (f'!!! warning "Withdrawn"\n    This item was withdrawn on {date_uk(tk.last_changed(item))}. '
            f"It stays here so links keep working.{instead}\n\n")


def print_button(what: str) -> str:
    return (f'<p class="tk-actions"><button type="button" class="md-button tk-print-button" '
            f'data-tk-print>Print this {what}</button></p>\n')


def _basis(rec: dict, tk, here: str) -> str:
    basis = rec["basis"]
    strategies = ", ".join(
        f"[{esc(tk.strategy[s]['name'])}]({link(here, THEORY_SRC, anchor(s))}) "
        f"({label(tk.strategy[s]['mechanism']).lower()})" for s in basis["strategies"])
    lines = [f"**RESTORE 1 strategy:** {strategies}."]
    if basis.get("principles"):
        principles = ", ".join(f"[{p}: {esc(tk.principle[p]['title'])}]({link(here, PRINCIPLES_SRC, anchor(p))})"
                               for p in basis["principles"])
        lines.append(f"**Evaluation principles:** {principles}.")
    lines.append(f"**How sure this basis is:** {confidence_badge(basis['confidence'])} "
                 f"{esc(CONFIDENCE[basis['confidence']][1])}")
    lines.append(esc(basis["note"]))
    report = rec.get("restore_report")
    if report:
        lines.append(f"**In the RESTORE 1 report:** {esc(report['number'])}, worded there as "
                     f"“{esc(report['wording'])}” ({esc(report['location'])}).")
    else:
        lines.append("**In the RESTORE 1 report:** the report's own list of recommendations has not yet been "
                     "transcribed into this toolkit, so this page gives no RESTORE number or wording.")
    return '!!! info "What this rests on"\n' + _indent("\n\n".join(lines)) + "\n"


def _chain(rec: dict) -> str:
    chain = rec["why_it_works"]
    steps = [("Context", "context"), ("Strategy", "strategy"), ("Mechanism", "mechanism"), ("Outcome", "outcome")]
    items = "\n".join(f"{n}. **{name}:** {esc(chain[key])}" for n, (name, key) in enumerate(steps, 1))
    return f'<div class="tk-chain" markdown>\n\n{items}\n\n</div>\n'


def recommendation_page(tk, rec_id: str, here: str) -> str:
    """The full page for one recommendation."""
    rec = tk.rec[rec_id]
    mechanism = tk.mechanism[rec["mechanism"]]
    cases = tk.cases_for_rec[rec_id]
    principles = tk.principles_for_rec[rec_id]
    practice = (cited_points(rec["in_practice"], tk, here) if rec.get("in_practice")
                else "The sources this toolkit draws on describe no specific UK example for this yet.")
    findings = (cited_points(rec["later_findings"], tk, here) if rec.get("later_findings")
                else "No later RESTORE finding in the toolkit's sources bears directly on this yet.")
    related = "\n".join(f"- {rec_link(tk.rec[r], here)}" for r in rec.get("related", [])) or "None listed."
    case_list = "\n".join(f"- {case_link(c, here)}" for c in cases) or "No case study illustrates this yet."
    principle_list = "\n".join(
        f"- [{p['id']}: {esc(p['title'])}]({link(here, PRINCIPLES_SRC, anchor(p['id']))})" for p in principles
    ) or "None linked."
    questions = "\n".join(f"- {esc(q)}" for q in rec["questions"])
    return f"""# {esc(rec['title'])}

<div class="tk-meta" markdown>
<span class="tk-id">{rec_id}</span>
<span>Mechanism: [{esc(mechanism['name'])}]({link(here, 'recommendations/index.md', rec['mechanism'])})</span>
<span>Basis: {confidence_badge(rec['basis']['confidence'])}</span>
</div>

{withdrawn_notice(rec, tk, here)}{print_button('recommendation')}
{esc(rec['summary'])}

## Why it works

Read this as a chain: in this context, this strategy sets off this change in the doctor, which leads to the outcome.

{_chain(rec)}
## Questions to ask about your programme

{questions}

You can record your answers, actions and owners in the [self-review]({link(here, REVIEW_SRC)}).
{{: .tk-screen-only }}

## What this looks like in practice

These examples come from UK guidance and services. They show related practice; they are not RESTORE findings.

{practice}

## What later RESTORE work found

{findings}

{_basis(rec, tk, here)}
## Related recommendations

{related}

## Case studies

{case_list}

## Evaluation principles

{principle_list}

## Sources

{_unindexed(source_section(page_citations(rec), tk, here))}

## Page history

{_unindexed(history_table(rec['history']))}
"""


CASE_SECTIONS = [
    ("context", "Context"),
    ("what_was_done", "What was done"),
    ("what_helped", "What helped"),
    ("what_got_in_the_way", "What got in the way"),
    ("what_others_can_take", "What others can take from it"),
]


def case_study_page(tk, case_id: str, here: str) -> str:
    """The full page for one case study, in the fixed section order."""
    case = tk.case[case_id]
    settings = ", ".join(label(s) for s in case["setting"])
    anonymised = ("\n!!! note \"Anonymised\"\n    The research keeps these sites anonymous, and so does this toolkit. "
                  "Please do not try to identify them.\n" if case["anonymised"] else "")
    sections = "\n".join(f"## {title}\n\n{cited_points(case[key], tk, here)}\n" for key, title in CASE_SECTIONS)
    recs = "\n".join(f"- {rec_link(tk.rec[r], here)}" for r in case["recommendations"])
    return f"""# {esc(case['title'])}

<div class="tk-meta" markdown>
<span class="tk-id">{case_id}</span>
<span>Setting: {esc(settings)}</span>
<span>Place: {esc(case['place'])}</span>
<span>When: {esc(case['period'])}</span>
</div>
{anonymised}
{withdrawn_notice(case, tk, here)}{print_button('case study')}
{esc(case['summary'])}

Each point shows its source and how sure the toolkit is of it. Where the sources are silent, the page says so.
Confidence labels are explained in the [glossary]({link(here, GLOSSARY_SRC, 'confidence-labels')}).

{sections}
## Linked recommendations

{recs}

## Sources

{_unindexed(source_section(page_citations(case), tk, here))}

## Page history

{_unindexed(history_table(case['history']))}
"""
