"""Renderers for print: the whole toolkit on one page (the source of the PDF) and the blank worksheet.

Pure functions: a validated ``Toolkit`` in, Markdown out. The whole-toolkit page reuses the item and
list renderers unchanged, then adapts their Markdown to one long page:

- headings move down one level under a part heading, and each gets a fixed, unique id
  (``tk01``, ``tk01-why-it-works``), so the PDF outline nests and no two ids clash;
- links to pages that are on this page become in-page anchors; links to pages that are not
  (the self-review, the programme theory) keep their words but lose the link, because a link
  back to a local preview server would be useless in a PDF;
- the "Print this ..." buttons go.

In the build, the items are not rendered a second time. ``toolkit_print(..., slots=True)`` leaves an
empty ``<section>`` for each item, and once every page has been converted the hook fills each one with
the HTML of the item's own page, adapted in the same three ways (``fill_slots``). Converting the
Markdown of every item twice was most of the build time of a large toolkit. ``toolkit_print`` without
slots gives the same page as one Markdown document: the benchmark's plain-Material twin builds that, and
a test checks that both give the same HTML.
"""

from __future__ import annotations

import html
import posixpath
import re

from . import render_items, render_lists
from .render_meta import citation
from .render_review import LEVELS, review_groups
from .text import CONFIDENCE, GLOSSARY_SRC, PRINCIPLES_SRC, SOURCES_SRC, anchor, case_src, esc, link, rec_src

PRINT_SRC = "print.md"
_KEPT_AS_THEY_ARE = ("#", "http://", "https://", "mailto:")  # link targets the page never rewrites
SECTION = "tk-print-section"  # the class of each item's and each list's <section> on the page
WORKSHEET_STATES = tuple(text for _, text, _ in LEVELS)  # the self-review's levels, in its order

# One Markdown heading line, with an optional attribute list such as "{ #ep1 }" at its end.
_HEADING = re.compile(r"^(#{1,5}) (.+?)(?:\s*\{\s*#([\w-]+)\s*\})?\s*$", re.MULTILINE)
# One Markdown link, or one backslash escape (matched so that an escaped "\[" never starts a link).
# Link text may hold escaped brackets ("\]"); targets never hold spaces or ")".
_LINK = re.compile(r"\\.|\[((?:\\.|[^\]\\\n])*)\]\(([^)\s]+)\)")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _headings(markdown: str, prefix: str, shift: int = 1, first: str | None = None) -> str:
    """Move every heading down ``shift`` levels and give it an id starting with ``prefix``.

    For an item (``first`` given), its level-1 heading, the title, gets the id ``prefix`` itself,
    the class ``tk-print-item`` (it starts a new page) and ``first`` in front, such as "TK01: ".
    Headings that already carry an id keep it.
    """
    def rewrite(match: re.Match) -> str:
        hashes, text, given = match.groups()
        if len(hashes) == 1 and first is not None:
            return f"{'#' * (1 + shift)} {first}{text} {{ #{prefix} .tk-print-item }}"
        return f"{'#' * (len(hashes) + shift)} {text} {{ #{given or f'{prefix}-{_slug(text)}'} }}"
    return _HEADING.sub(rewrite, markdown)


_ITEM_ANCHORS: dict = {}


def _item_anchors(tk) -> dict[str, str]:
    """Item page path -> its anchor on the print page. Built once per toolkit, not once per link:
    the page has a link for every citation, and rebuilding this made the page quadratic in size."""
    if _ITEM_ANCHORS.get("tk") is not tk:
        _ITEM_ANCHORS.clear()
        _ITEM_ANCHORS.update(tk=tk, ids={rec_src(i): anchor(i) for i in tk.rec} | {case_src(i): anchor(i)
                                                                                 for i in tk.case})
    return _ITEM_ANCHORS["ids"]


def _in_page(tk, target: str) -> str | None:
    """Where a docs-relative link target lives on the print page: '#anchor', or None if not there."""
    path, _, fragment = target.partition("#")
    ids = _item_anchors(tk)
    if path in ids:
        return f"#{ids[path]}"
    parts = {PRINCIPLES_SRC: "part-principles", SOURCES_SRC: "part-sources", GLOSSARY_SRC: "part-glossary"}
    if path in parts:
        return f"#{fragment or parts[path]}"
    return None


def _relink(tk, markdown: str, here: str) -> str:
    """Point links at this page's own sections; unlink those whose page is not part of it."""
    def rewrite(match: re.Match) -> str:
        text, target = match.groups()
        if target is None or target.startswith(_KEPT_AS_THEY_ARE):
            return match.group(0)
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(here), target))
        where = _in_page(tk, resolved)
        return f"[{text}]({where})" if where else text
    return _LINK.sub(rewrite, markdown)


def _section(markdown: str) -> str:
    """One item or list in its own ``<section>``. Besides marking where each item starts, this keeps the page's
    tree shallow: Python-Markdown's abbreviation pass looks up every element's place among its siblings, so
    one flat page of all the items took time growing with the square of their number (25 s at 1,000)."""
    return f'<section class="{SECTION}" markdown>\n\n{markdown}\n\n</section>\n'


def _item(tk, markdown: str, item_id: str, here: str, what: str) -> str:
    markdown = markdown.replace(render_items.print_button(what), "")
    return _section(_relink(tk, _headings(markdown, anchor(item_id), first=f"{item_id}: "), here))


# --- The same adaptations, on the HTML of an item's own page ------------------------------------
_SLOT = re.compile(rf'<section class="{SECTION}" data-tk-print-item="([A-Z]+[0-9]+)"></section>')
_HTML_HEADING = re.compile(r'<h([1-5]) id="[^"]*">(.*?)(<a class="headerlink" href="#[^"]*"[^>]*>[^<]*</a>)?</h\1>',
                           re.S)
_HTML_LINK = re.compile(r'<a href="([^"]*)"(?:\s[^>]*)?>(.*?)</a>', re.S)
_TAG = re.compile(r"<[^>]+>")
_SOURCE_NOTE = re.compile(r'\s*<p class="tk-source-note"[^>]*>.*?</p>', re.S)


def anchor_ids(page: str) -> set[str]:
    """Every id on the page, as MkDocs' link check needs them."""
    return set(html.unescape(found) for found in re.findall(r'\sid="([^"]+)"', page))


def has_slots(page: str) -> bool:
    return 'data-tk-print-item="' in page


def slot(item_id: str) -> str:
    """Where an item goes on the page, until its HTML is filled in (``fill_slots``)."""
    return f'<section class="{SECTION}" data-tk-print-item="{item_id}"></section>\n'


def fill_markdown(tk, page: str) -> str:
    """The page with every slot replaced by its item's Markdown: the whole page as one Markdown document."""
    return _SLOT.sub(lambda m: _item_markdown(tk, m.group(1)), page)


def _what(tk, item_id: str) -> str:
    """The item's kind, as its print button names it."""
    return "recommendation" if item_id in tk.rec else "case study"


def _item_markdown(tk, item_id: str) -> str:
    src = rec_src(item_id) if item_id in tk.rec else case_src(item_id)
    return _item(tk, render_items.item_page(tk, item_id), item_id, src, _what(tk, item_id))


def _html_headings(page: str, prefix: str, first: str) -> str:
    """``_headings`` for HTML: one level down, ids from the heading's words, the title's id the item's own."""
    def rewrite(match: re.Match) -> str:
        level, inner, permalink = int(match.group(1)), match.group(2), match.group(3) or ""
        if level == 1:
            heading_id, attrs, inner = prefix, f'class="tk-print-item" id="{prefix}"', first + inner
        else:
            heading_id = f"{prefix}-{_slug(html.unescape(_TAG.sub('', inner)))}"
            attrs = f'id="{heading_id}"'
        permalink = re.sub(r'href="#[^"]*"', f'href="#{heading_id}"', permalink, count=1)
        return f"<h{level + 1} {attrs}>{inner}{permalink}</h{level + 1}>"
    return _HTML_HEADING.sub(rewrite, page)


def _html_relink(tk, page: str, page_url: str) -> str:
    """``_relink`` for HTML: links are addresses relative to ``page_url``, the item page's address."""
    def rewrite(match: re.Match) -> str:
        target, inner = html.unescape(match.group(1)), match.group(2)
        if target.startswith(_KEPT_AS_THEY_ARE):
            return match.group(0)
        path, _, fragment = target.partition("#")
        resolved = posixpath.normpath(posixpath.join(page_url, path)) if path else page_url.rstrip("/")
        where = _in_page(tk, f"{resolved}.md" + (f"#{fragment}" if fragment else ""))
        return f'<a href="{html.escape(where)}">{inner}</a>' if where else inner
    return _HTML_LINK.sub(rewrite, page)


def print_item_html(tk, item_id: str, page_html: str, page_url: str) -> str:
    """An item's section of the print page, from the HTML of its own page (at ``page_url``)."""
    body = _SOURCE_NOTE.sub("", page_html.replace(render_items.print_button(_what(tk, item_id)).strip(), ""))
    body = _html_relink(tk, _html_headings(body, anchor(item_id), f"{item_id}: "), page_url)
    return f'<section class="{SECTION}">\n{body.strip()}\n</section>'


def fill_slots(tk, page: str, item_html: dict[str, str], item_url: dict[str, str]) -> str:
    """The page with every slot filled by its item's adapted HTML. An item with no HTML is an error."""
    missing = [m.group(1) for m in _SLOT.finditer(page) if m.group(1) not in item_html]
    if missing:
        raise ValueError("The whole-toolkit page needs the pages of " + ", ".join(missing) + ", which were not "
                         "built (a --dirty build skips them): build the site again without --dirty.")
    return _SLOT.sub(lambda m: print_item_html(tk, m.group(1), item_html[m.group(1)], item_url[m.group(1)]), page)


def _cover(site_name: str, edition: dict, site_url: str, description: str) -> str:
    return f"""<div class="tk-cover" markdown>

# {esc(site_name)} {{ #cover }}

<p class="tk-cover-edition">{esc(edition['label'])} · {esc(edition['date_uk'])}</p>

{esc(description)}

This document holds every recommendation, evaluation principle and case study in the toolkit,
with its glossary and sources. It was made from the same data as the website, for this edition.

## How to cite this toolkit {{ #cite }}

{citation(edition, site_url, site_name)}

To cite one recommendation or case study, give its ID and title first, then this citation.
The toolkit's text is licensed under CC BY 4.0: you may share and adapt it if you credit the toolkit
and say what you changed.

</div>
"""


def _toc_entry(text: str, target: str, depth: int) -> str:
    """One contents line. The empty span receives the page number when the PDF is made."""
    return f'{"    " * depth}- [{text}](#{target})<span class="tk-toc-page" data-tk-toc="{target}"></span>'


def _contents(tk) -> str:
    lines = [_toc_entry("Recommendations", "part-recommendations", 0)]
    for mechanism in tk.mechanisms:
        recs = tk.recs_by_mechanism[mechanism["id"]]
        if recs:
            lines.append(f"    - {esc(mechanism['name'])}")
            lines += [_toc_entry(f"{r['id']}: {esc(r['title'])}", anchor(r["id"]), 2) for r in recs]
    lines.append(_toc_entry("Evaluation principles", "part-principles", 0))
    lines.append(_toc_entry("Case studies", "part-case-studies", 0))
    lines += [_toc_entry(f"{c['id']}: {esc(c['title'])}", anchor(c["id"]), 1) for c in tk.case_studies]
    lines.append(_toc_entry("Glossary", "part-glossary", 0))
    lines.append(_toc_entry("Sources", "part-sources", 0))
    body = "\n".join(lines)
    return f'# Contents {{ #contents .tk-print-part }}\n\n<div class="tk-toc" markdown>\n\n{body}\n\n</div>\n'


def _part(title: str, part_id: str, intro: str) -> str:
    return f"# {title} {{ #{part_id} .tk-print-part }}\n\n{intro}\n\n"


def _confidence_labels() -> str:
    rows = "\n".join(f"{name}\n:   {esc(meaning)}\n" for name, meaning in CONFIDENCE.values())
    return ("## Confidence labels { #confidence-labels }\n\n"
            "Every fact in this toolkit carries one of these labels, so you can see how firm it is.\n\n" + rows)


# Shown instead of the whole-toolkit page while previewing with `mkdocs serve`, so edits show quickly.
PREVIEW_NOTE = """# The whole toolkit on one page

This page holds every recommendation, principle, case study, the glossary and the sources, ready to print as one PDF.
It is left out while you preview the site with `make serve`, so that your edits show quickly.
`make build` makes it in full, and `make pdf` turns it into the PDF.
"""


def toolkit_print(tk, here: str, site_name: str, edition: dict, site_url: str, description: str = "",
                  slots: bool = False) -> str:
    """The whole toolkit on one page: cover, contents, then every part, each starting on a new page.

    With ``slots``, each item is an empty section for ``fill_slots`` to fill from the item's own page.
    """
    item = slot if slots else (lambda item_id: _item_markdown(tk, item_id))
    recs = [r for m in tk.mechanisms for r in tk.recs_by_mechanism[m["id"]]]
    parts = [_cover(site_name, edition, site_url, description), _contents(tk)]
    parts.append(_part("Recommendations", "part-recommendations",
                       "Grouped by what must change in the doctor for support to work. "
                       "Each recommendation starts on a new page."))
    parts += [item(r["id"]) for r in recs]
    parts.append(_part("Evaluation principles", "part-principles",
                       "Each principle in the toolkit's own words, with the recommendations it supports."))
    parts.append(_section(_relink(tk, _headings(render_lists.principles_list(tk, here), "principles", 0), here)))
    parts.append(_part("Case studies", "part-case-studies",
                       "Documented UK examples of professional support for doctors. "
                       "Each case study starts on a new page."))
    parts += [item(c["id"]) for c in tk.case_studies]
    parts.append(_part("Glossary", "part-glossary", "Plain-English meanings of the terms and abbreviations used "
                                                    "in this toolkit."))
    parts.append(_section("## Terms { #glossary-terms }\n\n" + _relink(tk, render_lists.glossary_list(tk, here), here)))
    parts.append(_section(_confidence_labels()))
    parts.append(_part("Sources", "part-sources", "Every source the toolkit cites, grouped by kind."))
    parts.append(_section(_relink(tk, _headings(render_lists.source_list(tk, here), "sources", 0), here)))
    return "\n".join(parts)


TICK_BOX = '<span class="tk-box" aria-hidden="true"></span>'


def worksheet(tk, here: str) -> str:
    """A blank self-review that matches the screen tool: the programme profile, what the levels mean, then one
    row per current recommendation, grouped by mechanism, with its questions, a tick box for each level and
    room for what you do now, evidence, the action, its owner and a target date."""
    # The tick box is drawn by CSS (an empty bordered span): the bundled typeface has no ballot-box glyph.
    boxes = "<br>".join(f'{TICK_BOX} {state}' for state in WORKSHEET_STATES)
    write = ("**What you do now:**<br><br>**Evidence we have:**<br><br>**Action agreed:**<br><br>"
             "**Owner:**<br>**Target date** (day/month/year)**:**<br>" + TICK_BOX + " Action done")
    key = "\n".join(f"{text}\n:   {esc(meaning)}\n" for _, text, meaning in LEVELS)
    blocks = [render_items.print_button("worksheet"),
              '<div class="tk-worksheet-fields" markdown>\n\n'
              "| Programme | Type of programme | Setting | Who took part | Date of the review | Lead reviewer |\n"
              "| --- | --- | --- | --- | --- | --- |\n| | | | | | |\n\n</div>\n",
              f'## What the levels mean {{ #levels }}\n\n<div class="tk-worksheet-levels" markdown>\n\n{key}\n</div>\n']
    for mechanism, recs in review_groups(tk):
        rows = "\n".join(
            f"| {r['id']} | [{esc(r['title'])}]({link(here, rec_src(r['id']))})<br>**Questions to ask yourself:**"
            + "".join(f"<br>• {esc(q)}" for q in r["questions"]) + f" | {boxes} | {write} |" for r in recs)
        blocks.append(f'## {esc(mechanism["name"])} {{ #{mechanism["id"]} }}\n\n<div class="tk-worksheet" markdown>\n\n'
                      "| ID | Recommendation and questions | Where you are | What you do, evidence and action |\n"
                      f"| --- | --- | --- | --- |\n{rows}\n\n</div>\n")
    return "\n".join(blocks)
