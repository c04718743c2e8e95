"""Renderers for list pages: indexes, principles, programme theory, glossary, sources, changes.

Pure functions: a validated ``Toolkit`` in, Markdown out.
"""

from __future__ import annotations

from .diagram import programme_theory_svg
from .render_items import READINGS, case_link, rec_link
from .text import (
    PRINCIPLES_SRC,
    anchor,
    attr,
    case_src,
    cite_list,
    cite_short,
    date_uk,
    esc,
    html_text,
    label,
    link,
    rec_src,
    reference,
)


def _cited_section(title: str, anchor_id: str, text: str, sources: list, tk, here: str, level: int = 2) -> str:
    """A heading with its anchor, then a statement followed by its citations."""
    return f"{'#' * level} {title} {{ #{anchor_id} }}\n\n{esc(text)} {cite_list(sources, tk.source, here)}\n"


def _filter_options(name: str, legend: str, values: list[str]) -> str:
    options = "".join(f'<option value="{attr(v)}">{html_text(label(v))}</option>' for v in values)
    return (f'<p><label for="tk-filter-{name}">{legend}</label>\n'
            f'<select id="tk-filter-{name}" data-tk-filter="{name}"><option value="">Any</option>'
            f'{options}</select></p>')


def recommendation_index(tk, here: str) -> str:
    """Every recommendation with its summary, grouped under the mechanism it serves, NICE-style: the whole
    set can be read on one page. A filter by programme stage and topic (docs/javascripts/toolkit.js)
    narrows the list in the browser; without JavaScript the full list shows and the filter stays hidden."""
    stages = list(dict.fromkeys(s for r in tk.recommendations for s in r["stage"]))
    topics = sorted(dict.fromkeys(t for r in tk.recommendations for t in r["topics"]))
    blocks = [f'<form class="tk-filter" data-tk-filter-form hidden aria-label="Filter the recommendations">\n'
              f'{_filter_options("stage", "Programme stage", stages)}\n{_filter_options("topic", "Topic", topics)}\n'
              f'<p class="tk-filter__status" role="status" data-tk-filter-status></p>\n</form>\n']
    for mechanism in tk.mechanisms:
        recs = tk.recs_by_mechanism[mechanism["id"]]
        if not recs:
            continue
        cards = []
        for r in recs:
            withdrawn = " (withdrawn)" if r["status"] == "withdrawn" else ""
            cards.append(
                f'<div class="tk-rec" data-search-exclude data-tk-stage="{attr(" ".join(r["stage"]))}" '
                f'data-tk-topic="{attr(" ".join(r["topics"]))}" markdown>\n\n'
                f"[{r['id']}: {esc(r['title'])}]({link(here, rec_src(r['id']))}){withdrawn}\n"
                "{: .tk-rec__title }\n\n"
                f"{esc(r['summary'])}\n\n"
                f"Programme stage: {esc(', '.join(label(s) for s in r['stage']))}. "
                f"Topics: {esc(', '.join(label(t) for t in r['topics']))}.\n"
                "{: .tk-rec__facets }\n\n</div>\n")
        blocks.append(
            _cited_section(esc(mechanism["name"]), mechanism["id"], mechanism["description"], mechanism["sources"],
                           tk, here) + "\n" + "\n".join(cards))
    return "\n".join(blocks)


def case_study_index(tk, here: str) -> str:
    """Every case study with its setting and summary."""
    cards = []
    for case in tk.case_studies:
        settings = ", ".join(label(s) for s in case["setting"])
        cards.append(
            f"- **{case_link(case, here)}**  \n"
            + (f"  **{READINGS[case['reading']]}.** " if case.get("reading") else "  ")
            + f"{esc(settings)}. {esc(case['place'])}. {esc(case['period'].rstrip('.'))}.  \n"
            f"  {esc(case['summary'])}")
    return "\n".join(cards)


def principles_list(tk, here: str) -> str:
    """The evaluation principles, with the attribution caveat first."""
    caveat = tk.principles_caveat
    parts = [f'!!! warning "Where these principles come from"\n    {esc(caveat["text"])} '
             f'{cite_list(caveat["sources"], tk.source, here)}\n']
    for p in tk.principles:
        recs = ", ".join(rec_link(tk.rec[r], here) for r in p["recommendations"])
        sure = (" (an editorial link: the toolkit's own mapping)" if p.get("link_confidence") == "inferred"
                else f" (link: {label(p['link_confidence']).lower()})" if p.get("link_confidence") else "")
        parts.append(_cited_section(f"{p['id']}: {esc(p['title'])}", anchor(p["id"]), p["statement"], p["sources"],
                                    tk, here) + f"\n**Supports:** {recs}{sure}.\n")
    return "\n".join(parts)


def programme_theory(tk, here: str) -> str:
    """The diagram, then mechanisms and the strategies under each, with the recommendations resting on them."""
    parts = [programme_theory_svg(tk) + "\n"]
    for mechanism in tk.mechanisms:
        parts.append(_cited_section(esc(mechanism["name"]), f"mechanism-{mechanism['id']}", mechanism["description"],
                                    mechanism["sources"], tk, here))
        for s in (s for s in tk.strategies if s["mechanism"] == mechanism["id"]):
            recs = [r for r in tk.recommendations if s["id"] in r["basis"]["strategies"]]
            resting = ", ".join(rec_link(r, here) for r in recs) or "none yet"
            parts.append(_cited_section(esc(s["name"]), anchor(s["id"]), s["gist"], s["sources"], tk, here, level=3)
                         + f"\n**Recommendations resting on it:** {resting}.\n")
    return "\n".join(parts)


def glossary_list(tk, here: str) -> str:
    """Every term, alphabetically, as a heading with its own anchor (so search leads to the term itself)."""
    parts = []
    for term in sorted(tk.terms, key=lambda t: t["term"].lower()):
        short = term.get("abbreviation")
        # "ARCP (ARCP)" says nothing: the abbreviation is added only when the term does not already show it.
        abbr = f" ({esc(short)})" if short and short not in term["term"].split() else ""
        extra = ""
        if term.get("not_to_be_confused_with"):
            extra += f"\n\n**Not to be confused with:** {esc(term['not_to_be_confused_with'])}"
        if term.get("see_also"):
            extra += "\n\n**See also:** " + ", ".join(
                f"[{esc(tk.term[t]['term'])}](#{anchor(t)})" for t in term["see_also"])
        parts.append(f"### {esc(term['term'])}{abbr} {{ #{attr(anchor(term['id']))} .tk-term }}\n\n"
                     f"{esc(term['definition'])} {cite_list(term['sources'], tk.source, here)}{extra}\n")
    return "\n".join(parts)


SOURCE_KINDS = [
    ("restore", "RESTORE programme outputs and records"),
    ("probably-restore", "Probably RESTORE, link not confirmed"),
    ("related-research", "Related research"),
    ("guidance", "UK guidance and policy"),
    ("legislation", "Legislation"),
    ("web-page", "Service and news pages"),
]


def cited_by(tk) -> dict:
    """Source ID -> list of (kind, item) that cite it, for 'cited by' links."""
    found: dict = {s["id"]: [] for s in tk.sources}

    def visit(value, owner):
        if isinstance(value, dict):
            if "source" in value and value["source"] in found and owner not in found[value["source"]]:
                found[value["source"]].append(owner)
            for child in value.values():
                visit(child, owner)
        elif isinstance(value, list):
            for child in value:
                visit(child, owner)

    for rec in tk.recommendations:
        visit(rec, ("rec", rec))
    for case in tk.case_studies:
        visit(case, ("case", case))
    for kind, items in (("principle", tk.principles), ("term", tk.terms), ("theory", tk.mechanisms + tk.strategies)):
        for item in items:
            visit(item, (kind, item))
    visit(tk.principles_caveat, ("principle-caveat", {}))
    return found


def _owner_link(owner, here: str) -> str:
    kind, item = owner
    if kind == "rec":
        return f"[{item['id']}]({link(here, rec_src(item['id']))})"
    if kind == "case":
        return f"[{item['id']}]({link(here, case_src(item['id']))})"
    if kind == "term":
        return f"[{esc(item['term'])}]({link(here, 'glossary.md', anchor(item['id']))})"
    if kind == "principle":
        return f"[{item['id']}]({link(here, PRINCIPLES_SRC, anchor(item['id']))})"
    if kind == "principle-caveat":
        return f"[principles]({link(here, PRINCIPLES_SRC)})"
    return f"[programme theory]({link(here, 'about/programme-theory.md')})"


def source_list(tk, here: str) -> str:
    """The bibliography, grouped by kind, each entry with its anchor and 'cited by' links."""
    users = cited_by(tk)
    parts = []
    for kind, heading in SOURCE_KINDS:
        entries = sorted((s for s in tk.sources if s["kind"] == kind),
                         key=lambda s: (s["authors"].lower(), s.get("year", 0)))
        if not entries:
            continue
        items = []
        for s in entries:
            by = ", ".join(dict.fromkeys(_owner_link(o, here) for o in users[s["id"]]))
            items.append(f'- <span id="{attr(anchor(s["id"]))}"></span>{reference(s)}  \n'
                         f"  {esc(s['about'])}" + (f"  \n  Cited by: {by}." if by else ""))
        parts.append(f"## {heading}\n\n" + "\n".join(items) + "\n")
    return "\n".join(parts)


def cite(tk, here: str, *source_ids: str) -> str:
    """Inline citation for hand-written prose: '(Price et al. 2021; Reynolds et al. 2025)'."""
    missing = [s for s in source_ids if s not in tk.source]
    if missing or not source_ids:
        raise ValueError(f"cite(): unknown source ID {', '.join(map(repr, missing))}. See data/sources.yaml.")
    return "(" + "; ".join(cite_short(tk.source[s], here) for s in source_ids) + ")"


def references(tk, here: str, *source_ids: str) -> str:
    """Full references for hand-written pages, as a bullet list, from the bibliography data."""
    missing = [s for s in source_ids if s not in tk.source]
    if missing or not source_ids:
        raise ValueError(f"references(): unknown source ID {', '.join(map(repr, missing))}. See data/sources.yaml.")
    return "\n".join(f"- {reference(tk.source[s])} {cite_short(tk.source[s], here)}" for s in source_ids)


def changes(tk, here: str) -> str:
    """What has changed: every dated history entry, grouped by edition, newest first."""
    entries = []
    for kind, items, src in (("Recommendation", tk.recommendations, rec_src),
                             ("Case study", tk.case_studies, case_src),
                             ("Principle", tk.principles, None)):
        for item in items:
            target = link(here, src(item["id"])) if src else link(here, PRINCIPLES_SRC, anchor(item["id"]))
            for h in item["history"]:
                entries.append((h["edition"], h["date"], f"[{item['id']}: {esc(item['title'])}]({target})", kind,
                                h["change"]))
    order = ["unreleased"] + [e["edition"] for e in tk.editions]
    parts = []
    for edition in order:
        # Newest first. The sort is stable, so same-day changes keep the data files' order:
        # recommendations, then case studies, then principles, each as listed in its file.
        rows = sorted((e for e in entries if e[0] == edition), key=lambda e: e[1], reverse=True)
        release = next((e for e in tk.editions if e["edition"] == edition), None)
        if not rows and not release:
            continue
        if release:
            notes = "\n".join(f"- {esc(n)}" for n in release["notes"])
            head = (f"## Edition {edition}: {esc(release['title'])} {{ #edition-{edition.replace('.', '-')} }}\n\n"
                    f"Published {date_uk(release['date'])}.\n\n### Release note\n\n{notes}\n")
        else:
            head = ("## Not yet released { #unreleased }\n\n"
                    "Changes made since the last edition. They will appear in the next one.\n")
        table = "\n".join(f"| {date_uk(d)} | {ref} | {kind} | {esc(change)} |" for _, d, ref, kind, change in rows)
        parts.append(head + ("\n### Changes to items\n\n| Date | Item | Type | Change |\n| --- | --- | --- | --- |\n"
                             + table + "\n" if rows else ""))
    return "\n".join(parts)
