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
    attr,
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
_MADE: dict = {}  # item ID -> its page's Markdown, for one toolkit (see item_page)


def _unindexed(block: str) -> str:
    """Keep a block out of the search index (reference lists and histories repeat the sources page)."""
    return f"<div data-search-exclude markdown>\n\n{block}\n\n</div>"


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


UNKNOWNS_SRC = "about/unknowns.md"
ROLE_LABELS = {
    "programme-lead": "Programme lead",
    "responsible-officer": "Responsible officer",
    "medical-director": "Medical or clinical director",
    "case-manager": "Case manager",
    "supervisor": "Clinical or educational supervisor",
    "coach-or-mentor": "Coach or mentor",
    "hr": "HR",
    "occupational-health": "Occupational health",
    "doctor": "The doctor",
}
FACET_LABELS = [
    ("career_stage", "Career stage"),
    ("programme_type", "Kind of support"),
    ("setting", "Setting"),
    ("referral_route", "Referral route"),
]
FACET_VALUES = {
    "doctor-in-training": "Doctors in training", "sas-doctor": "SAS and locally employed doctors",
    "consultant": "Consultants", "gp": "GPs", "international-medical-graduate": "International medical graduates",
    "returner": "Doctors returning after time away", "remediation": "Remediation", "coaching": "Coaching",
    "mentoring": "Mentoring", "health-related": "Health-related support", "return-to-practice": "Return to practice",
    "trust": "Employing organisations (trusts, boards, practices)",
    "regional-unit": "Regional professional support units", "national-body": "National bodies",
    "self-referral": "Self-referral", "educator-referral": "Referral by an educator",
    "employer-referral": "Referral by the employer", "after-assessment": "After a formal assessment",
}
# What kind of document a practice example or later finding comes from: one short, honest tag.
# Practice examples describe services; later findings report research, or a summary of it.
PRACTICE_TAGS = {
    "restore": "RESTORE",
    "probably-restore": "Oxford realist evaluation",
    "related-research": "Published report",
    "guidance": "UK guidance",
    "legislation": "Legislation",
    "web-page": "Service page",
}
FINDING_TAGS = {**PRACTICE_TAGS, "related-research": "Related research", "web-page": "Summary on the web"}


READING = "The toolkit's reading"
JUDGEMENT = "The toolkit's judgement"


def own_label(what: str = "Toolkit's suggestion") -> str:
    """The label for a part no source states: the toolkit's own suggestion or reading."""
    return f'<span class="tk-conf tk-conf--inferred" title="{attr(CONFIDENCE["inferred"][1])}">{what}</span>'


def part_label(point: dict, tk, here: str, own: str = "Toolkit's suggestion") -> str:
    """Sources with their confidence, or the toolkit's-own label when the point cites nothing."""
    return cite_list(point["sources"], tk.source, here) if point.get("sources") else own_label(own)


def kind_tag(point: dict, tk, tags: dict) -> str:
    """'Service page', 'UK guidance' …: what kind of document the point's first source is."""
    kind = tk.source[point["sources"][0]["source"]]["kind"]
    return f"**{tags[kind]}:**"


def tagged_points(points: list, tk, here: str, tags: dict) -> str:
    """Bullets that each start with the kind of document they come from."""
    return "\n".join(f"- {kind_tag(p, tk, tags)} {esc(p['text'])} {cite_list(p['sources'], tk.source, here)}"
                     for p in points)


def review_line(item: dict) -> str:
    """'Last reviewed … · Next review due …', as NHS pages show it."""
    if not item.get("last_reviewed") or not item.get("next_review"):
        return ""
    return (f'<span>Last reviewed: {date_uk(item["last_reviewed"])}</span>\n'
            f'<span>Next review due: {date_uk(item["next_review"])}</span>\n')


def evidence_line(rec: dict, tk, here: str) -> str:
    """One short line at the top of the page: what each part of the page rests on."""
    verified = rec["basis"]["confidence"] == "verified"
    strategy = ("the strategy comes from the RESTORE 1 review's abstract" if verified
                else "the advice is the toolkit's own step from RESTORE findings")
    chain = ("the summary and questions are the toolkit's own words, and a source states how it works"
             if rec["why_it_works"].get("sources")
             else "the summary, the questions and how it is thought to work are the toolkit's reading")
    parts = [strategy, chain]
    if rec.get("steps"):
        parts.append("steps, pitfalls and measures cite UK guidance or are marked as the toolkit's suggestion")
    if rec.get("in_practice"):
        parts.append("examples describe UK services and guidance, not evaluations")
    return (f'<div class="tk-evidence" markdown>\n\n**What rests on what:** {"; ".join(parts)}. '
            f"Open questions are on [What we don't know yet]({link(here, UNKNOWNS_SRC)}).\n\n</div>\n")


def _basis(rec: dict, tk, here: str) -> str:
    basis = rec["basis"]
    strategies = ", ".join(
        f"[{esc(tk.strategy[s]['name'])}]({link(here, THEORY_SRC, anchor(s))}) "
        f"({label(tk.strategy[s]['mechanism']).lower()})" for s in basis["strategies"])
    lines = [f"- **RESTORE 1 strategy:** {strategies}. {confidence_badge(basis['confidence'])} "
             f"{cite_list(rec['sources'][:1], tk.source, here)}",
             f"- **How this advice relates to it:** {esc(basis['note'])}"]
    if basis.get("principles"):
        principles = ", ".join(f"[{p}: {esc(tk.principle[p]['title'])}]({link(here, PRINCIPLES_SRC, anchor(p))})"
                               for p in basis["principles"])
        lines.append(f"- **Evaluation principles that bear on it:** {principles}. "
                     f"{own_label('Editorial link')}")
    report = rec.get("restore_report")
    if report:
        lines.append(f"- **In the RESTORE 1 report:** {esc(report['number'])}, worded there as "
                     f"“{esc(report['wording'])}” ({esc(report['location'])}).")
    else:
        lines.append("- **In the RESTORE 1 report:** the report's own list of recommendations has not yet been "
                     "transcribed, so this page gives no RESTORE number or wording.")
    return "\n".join(lines) + "\n"


def _chain(rec: dict) -> str:
    chain = rec["why_it_works"]
    steps = [("Context", "context"), ("Strategy", "strategy"), ("Mechanism", "mechanism"), ("Outcome", "outcome")]
    items = "\n".join(f"{n}. **{name}:** {esc(chain[key])}" for n, (name, key) in enumerate(steps, 1))
    return f'<div class="tk-chain" markdown>\n\n{items}\n\n</div>\n'


def _chain_label(rec: dict, tk, here: str) -> str:
    chain = rec["why_it_works"]
    if chain.get("sources"):
        return f"Stated by {cite_list(chain['sources'], tk.source, here)}."
    return (f"{own_label(READING)} The strategy and the change it serves come from the RESTORE 1 abstract. "
            "The wording of each step is the toolkit's, because the review's own configurations have not been read.")


def _steps(rec: dict, tk, here: str) -> str:
    if not rec.get("steps"):
        return ""
    rows = "\n".join(
        f"{n}. **{esc(who_label(s['who']))}:** {esc(s['text'])} {part_label(s, tk, here)}"
        for n, s in enumerate(rec["steps"], 1))
    out = f"## What to do\n\n{rows}\n"
    outline = rec.get("outline")
    if outline:
        intro = f"{esc(outline['intro'])}\n\n" if outline.get("intro") else ""
        items = "\n".join(f"{n}. {esc(i)}" for n, i in enumerate(outline["items"], 1))
        out += f"\n### {esc(outline['title'])}\n\n{intro}{items}\n\n{part_label(outline, tk, here)}\n"
    options = rec.get("options")
    if options:
        rows = "\n".join(f"- **{esc(o['option'])}** {part_label(o, tk, here, READING)}\n"
                         f"    - *Strengths:* {esc(o['strengths'])}\n    - *Drawbacks:* {esc(o['drawbacks'])}"
                         for o in options["items"])
        out += (f"\n### {esc(options['title'])}\n\nThe sources show where each option is described; the strengths "
                f"and drawbacks are the toolkit's reading.\n\n{rows}\n")
    return out + "\n"


def who_label(roles: list) -> str:
    """'Case manager, the doctor, HR': the roles in a step, with only the first capitalised."""
    names = [ROLE_LABELS[r] for r in roles]
    return ", ".join([names[0]] + [n if n.isupper() else n[0].lower() + n[1:] for n in names[1:]])


def _pitfalls_and_measures(rec: dict, tk, here: str) -> str:
    out = ""
    if rec.get("pitfalls"):
        out += "## Pitfalls to avoid\n\n" + "\n".join(
            f"- {esc(p['text'])} {part_label(p, tk, here)}" for p in rec["pitfalls"]) + "\n\n"
    if rec.get("measures"):
        out += "## How you will know it is working\n\n" + "\n".join(
            f"- {esc(m['text'])} *Where the figure comes from:* {esc(m['data_from'])} {part_label(m, tk, here)}"
            for m in rec["measures"]) + "\n\n"
    return out


def fits_lines(rec: dict) -> str:
    fits = rec.get("fits")
    if not fits:
        return ""
    rows = "\n".join(f"- **{name}:** {esc(', '.join(FACET_VALUES[v] for v in fits[key]))}"
                     for key, name in FACET_LABELS)
    return (f"## Where it fits\n\n{rows}\n\n{own_label(JUDGEMENT)} RESTORE's own findings on "
            "which doctors and settings this suits have not been read.\n\n")


def recommendation_page(tk, rec_id: str, here: str) -> str:
    """The full page for one recommendation."""
    rec = tk.rec[rec_id]
    mechanism = tk.mechanism[rec["mechanism"]]
    cases = tk.cases_for_rec[rec_id]
    principles = tk.principles_for_rec[rec_id]
    practice = (tagged_points(rec["in_practice"], tk, here, PRACTICE_TAGS) if rec.get("in_practice")
                else "The sources this toolkit draws on describe no specific UK example for this yet.")
    findings = (tagged_points(rec["later_findings"], tk, here, FINDING_TAGS) if rec.get("later_findings")
                else "No later finding in the toolkit's sources bears directly on this yet.")
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
{review_line(rec)}</div>

{withdrawn_notice(rec, tk, here)}{print_button('recommendation')}
{evidence_line(rec, tk, here)}
{esc(rec['summary'])}

<!-- tk-tags -->

## What this rests on

{_basis(rec, tk, here)}
## How it is thought to work

{_chain_label(rec, tk, here)}

{_chain(rec)}
{_steps(rec, tk, here)}{_pitfalls_and_measures(rec, tk, here)}{fits_lines(rec)}## Questions to ask about your programme

{questions}

You can record your answers, actions and owners in the [self-review]({link(here, REVIEW_SRC)}).
{{: .tk-screen-only }}

## What this looks like in practice

{practice}

## What later research found

{findings}

## Related recommendations

{related}

## Case studies

{case_list}

## Evaluation principles

These links are the toolkit's own mapping. {own_label('Editorial link')}

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


READINGS = {
    "model-to-adapt": "A model to adapt",
    "context-to-learn-from": "Context to learn from",
}


def reading_line(case: dict, here: str) -> str:
    """At the top of a case study: whether to adapt it or learn from it, and why."""
    if not case.get("reading"):
        return ""
    note = f" {esc(case['reading_note'])}" if case.get("reading_note") else ""
    return (f'<div class="tk-evidence" markdown>\n\n**How to read this: {READINGS[case["reading"]]}.**{note} '
            f"Open questions are on [What we don't know yet]({link(here, UNKNOWNS_SRC)}).\n\n</div>\n")


def copy_section(case: dict, tk, here: str) -> str:
    """Last section: what a reader could copy, and what each thing would need."""
    if not case.get("to_copy"):
        return ""
    rows = "\n".join(f"- **{esc(c['what'])}** {part_label(c, tk, here)}\n    - *What it would need:* {esc(c['needs'])}"
                     for c in case["to_copy"])
    return f"## What you could copy, and what it would need\n\n{rows}\n\n"


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
{review_line(case)}</div>
{anonymised}
{withdrawn_notice(case, tk, here)}{print_button('case study')}
{reading_line(case, here)}
{esc(case['summary'])}

<!-- tk-tags -->

Each point shows its source and how sure the toolkit is of it. Where the sources are silent, the page says so.
Confidence labels are explained in the [glossary]({link(here, GLOSSARY_SRC, 'confidence-labels')}).

{sections}
{copy_section(case, tk, here)}## Linked recommendations

{recs}

## Sources

{_unindexed(source_section(page_citations(case), tk, here))}

## Page history

{_unindexed(history_table(case['history']))}
"""


def recommendation_facets(tk, here: str) -> str:
    """For each circumstance (career stage, kind of support, setting, referral route): which recommendations fit."""
    recs = [r for r in tk.recommendations if r["status"] != "withdrawn" and r.get("fits")]
    if not recs:
        return "No recommendation lists its circumstances yet."
    parts = []
    for key, name in FACET_LABELS:
        values = [v for v in FACET_VALUES if any(v in r["fits"].get(key, []) for r in recs)]
        # A value every recommendation fits filters nothing: say so once instead of listing them all.
        everyone = [v for v in values if all(v in r["fits"][key] for r in recs)]
        rows = "\n".join(
            f"| {FACET_VALUES[v]} | "
            + ", ".join(f"[{r['id']}]({link(here, rec_src(r['id']))})" for r in recs if v in r["fits"][key]) + " |"
            for v in values if v not in everyone)
        block = f"### {name}\n\n"
        if everyone:
            block += f"Every recommendation fits: {', '.join(FACET_VALUES[v] for v in everyone)}.\n\n"
        if rows:
            block += f"| {name} | Recommendations that fit |\n| --- | --- |\n{rows}\n"
        parts.append(block)
    return "\n".join(parts)


def item_page(tk, item_id: str) -> str:
    """A recommendation's or case study's page as it reads at its own address, made once per toolkit.

    The item's page and the whole-toolkit print page both use it, so each item is rendered once per
    build. The renderers are pure, so for the same toolkit object the Markdown is always the same.
    """
    if _MADE.get("tk") is not tk:
        _MADE.clear()
        _MADE["tk"] = tk
    if item_id not in _MADE:
        _MADE[item_id] = (recommendation_page(tk, item_id, rec_src(item_id)) if item_id in tk.rec
                          else case_study_page(tk, item_id, case_src(item_id)))
    return _MADE[item_id]
