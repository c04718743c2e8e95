"""Search finds things: what a reader types brings the right page into the first three results.

The queries come from the data, so the test follows it as it grows: for every recommendation its
ID, its most distinctive title word and its least shared topic; for every glossary term the term
and its abbreviation; for every case study its place and its settings. Each query is typed into the
site's own search box (Material's search worker, in Chromium, against the real build).
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from macros.loader import load_toolkit
from macros.text import case_src, label, rec_src

pytestmark = pytest.mark.browser

TOP = 3
QUERY = "input[data-md-component=search-query]"
RESULTS = """() => [...document.querySelectorAll('.md-search-result__item')]
  .map(item => item.querySelector(':scope > a'))
  .filter(Boolean)
  .map(a => new URL(a.href).pathname)"""


# lunr's English stop words that are 5+ letters long: search ignores them.
STOP_WORDS = {"about", "across", "after", "almost", "among", "because", "cannot", "could", "either", "every",
              "however", "least", "likely", "might", "neither", "often", "other", "rather", "should", "since",
              "their", "there", "these", "where", "which", "while", "would"}


def words(text: str) -> list[str]:
    """The words of ``text`` as search splits them ("doctor's" -> "doctor")."""
    return [w for w in re.findall(r"[A-Za-z]+", re.sub(r"'s\b", "", text)) if len(w) > 1]


def tag_phrases(tk, skip: dict) -> list[set[str]]:
    """The words of every title and tag (what search ranks highest) of every item but ``skip``."""
    phrases = []
    for rec in tk.recommendations:
        if rec is not skip:
            phrases += [rec["title"], *rec.get("keywords", [])]
            phrases += [label(v) for v in (rec["mechanism"], *rec["stage"], *rec["audience"], *rec["topics"])]
    for case in tk.case_studies:
        if case is not skip:
            phrases += [case["title"], case["place"], *case.get("keywords", []), *(label(s) for s in case["setting"])]
    for term in tk.terms:
        phrases += [term["term"], term.get("abbreviation") or ""]
    return [{w.lower() for w in words(p)} for p in phrases]


def distinctive(item: dict, text: str, siblings: list[dict], key: str, tk, shortest: int) -> str:
    """The word of ``text`` that the fewest sibling items use in the same field; of those, the one the
    fewest other titles and tags use (so not the toolkit's own subject, like 'remediation'); then
    the longest."""
    same_field = [{w.lower() for w in words(other[key])} for other in siblings if other is not item]
    elsewhere = tag_phrases(tk, skip=item)
    candidates = sorted({w for w in words(text) if len(w) >= shortest and w.lower() not in STOP_WORDS})
    assert candidates, f"{item['id']}: '{text}' has no word of {shortest} letters or more to search for"
    return min(candidates, key=lambda w: (sum(w.lower() in o for o in same_field),
                                          sum(w.lower() in e for e in elsewhere), -len(w)))


def rarest(values: list[str], counts: Counter) -> str:
    return min(values, key=lambda v: (counts[v], values.index(v)))


def queries() -> list[tuple[str, str, str]]:
    """(what is searched for, the words typed, the page that must come up): built from the data."""
    tk = load_toolkit()
    out = []
    topic_use = Counter(t for r in tk.recommendations for t in r["topics"])
    for rec in tk.recommendations:
        page = rec_src(rec["id"]).removesuffix(".md") + "/"
        out.append((f"{rec['id']} id", rec["id"], page))
        word = distinctive(rec, rec["title"], tk.recommendations, "title", tk, 5)
        out.append((f"{rec['id']} title word", word, page))
        out.append((f"{rec['id']} topic", label(rarest(rec["topics"], topic_use)), page))
    for term in tk.terms:
        out.append((f"glossary {term['id']}", term["term"], "glossary/"))
        if term.get("abbreviation"):
            out.append((f"glossary {term['id']} abbreviation", term["abbreviation"], "glossary/"))
    setting_use = Counter(s for c in tk.case_studies for s in c["setting"])
    for case in tk.case_studies:
        page = case_src(case["id"]).removesuffix(".md") + "/"
        out.append((f"{case['id']} place", case["place"], page))
        word = distinctive(case, case["place"], tk.case_studies, "place", tk, 4)
        out.append((f"{case['id']} place word", word, page))
        # A setting shared by more than three case studies cannot put each of them in the top three.
        for setting in case["setting"]:
            if setting_use[setting] <= TOP:
                out.append((f"{case['id']} setting {setting}", label(setting), page))
    return out


QUERIES = queries()


@pytest.fixture(scope="module")
def search_page(browser, site_url):
    """One page with the search worker loaded, reused for every query."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(site_url, wait_until="networkidle")
    page.locator(QUERY).click()
    yield page
    context.close()


def search(page, text: str) -> list[str]:
    """Type ``text`` into the search box; return the result pages (site paths), best first."""
    box = page.locator(QUERY)
    # Material searches on keyup: set the whole value, then one key press sends one query.
    box.fill("")
    box.press("End")
    page.wait_for_function("() => /Type to start/.test(document.querySelector('.md-search-result__meta').textContent)")
    box.fill(text)
    box.press("End")
    page.wait_for_function("() => !/Type to start/.test(document.querySelector('.md-search-result__meta').textContent)")
    return page.evaluate(RESULTS)


@pytest.mark.parametrize(("what", "text", "expected"), QUERIES, ids=[q[0] for q in QUERIES])
def test_search_finds_the_page(search_page, site_url, what, text, expected):
    base = re.sub(r"^https?://[^/]+", "", site_url)
    found = [path.removeprefix(base) for path in search(search_page, text)]
    assert expected in found[:TOP], (f"searching for {text!r} ({what}) should show /{expected} in the first {TOP} "
                                     f"results; got {found[:5]}. If readers use other words than the text, add "
                                     "them to the item's keywords in data/.")


def test_the_queries_cover_every_item():
    tk = load_toolkit()
    pages = {expected for _, _, expected in QUERIES}
    assert len(QUERIES) >= 3 * len(tk.recommendations) + len(tk.terms) + 2 * len(tk.case_studies)
    assert {rec_src(r["id"]).removesuffix(".md") + "/" for r in tk.recommendations} <= pages
    assert {case_src(c["id"]).removesuffix(".md") + "/" for c in tk.case_studies} <= pages
