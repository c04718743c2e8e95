"""Markup typed into the data is shown as text and never runs, on every page of a real build.

The real data is copied and free-text fields of every file are filled with hostile markup (script
tags, event handlers, javascript: links, Jinja, Markdown tricks), each setting a window flag if it
ever runs. The build is served on 127.0.0.1 and every page is opened in Chromium: no dialog may
open, no flag may be set, no javascript: link may exist, and the text must read as typed.
"""

from __future__ import annotations

import pytest
import yaml

from conftest import built_pages, mkdocs, scratch_project, serve, type_search
from macros.text import case_src, rec_src

pytestmark = pytest.mark.browser

# Each payload sets its own flag if it runs. Quotes and brackets also test attribute break-outs.
PAYLOADS = [
    "<script>window.tkFlagScript=1</script>",
    "<img src=x onerror=window.tkFlagImg=1>",
    "<svg onload=window.tkFlagSvg=1>",
    '"><img src=y onerror=window.tkFlagQuote=1>',
    "[click me](javascript:window.tkFlagLink=1)",
    "![pic](x onerror=window.tkFlagPic=1)",
    "<a href='javascript:window.tkFlagHref=1'>a</a>",
    "{{ 7*7 }} {% raw %}",
]
# What a reader should see, exactly as typed (a sample that covers HTML, Markdown and Jinja).
LITERALS = ["<script>window.tkFlagScript=1</script>", "[click me](javascript:window.tkFlagLink=1)", "{{ 7*7 }}"]


def hostile(text: str, n: int) -> str:
    return f"{text} {PAYLOADS[n % len(PAYLOADS)]}"


def poison(data_dir) -> tuple[list[str], list[str]]:
    """Put payloads into free-text fields of every data file (keeping the data valid).

    Returns the pages (docs-relative URLs) whose content shows the payloads in full, and searches
    whose results show poisoned titles, text, keywords, places and glossary terms."""
    def edit(name, change):
        path = data_dir / name
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)  # as the loader reads it
        change(data)
        path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")

    shown: list[str] = ["glossary/", "principles/"]
    searches: list[str] = ["tkpayload", "Responsible", "doctor"]

    def recs(d):
        rec = d["recommendations"][0]
        shown.append(rec_src(rec["id"]).removesuffix(".md") + "/")
        searches.append(rec["id"])
        rec["summary"] = " ".join(PAYLOADS)
        rec["questions"] = [hostile(q, i) for i, q in enumerate(rec["questions"])]
        for i, key in enumerate(("context", "strategy", "mechanism", "outcome")):
            rec["why_it_works"][key] = hostile(rec["why_it_works"][key], i + 3)
        rec["basis"]["note"] = hostile(rec["basis"]["note"], 4)
        rec["keywords"] = [*rec.get("keywords", []), "tkpayload <img src=z onerror=window.tkFlagKeyword=1>"]
        rec["history"][0]["change"] = hostile(rec["history"][0]["change"], 5)

    def cases(d):
        case = d["case_studies"][0]
        shown.append(case_src(case["id"]).removesuffix(".md") + "/")
        searches.append(case["id"])
        case["title"] = hostile(case["title"], 0)
        case["summary"] = hostile(case["summary"], 1)
        case["place"] = hostile(case["place"], 3)
        case["context"][0]["text"] = " ".join(PAYLOADS)

    def terms(d):
        term = next((t for t in d["terms"] if t.get("abbreviation")), d["terms"][0])  # its hover text too
        term["term"] = 'Responsible "officer" <b onmouseover=window.tkFlagTerm=1>'
        term["definition"] = " ".join(PAYLOADS)

    def sources(d):
        d["sources"][0]["title"] = hostile(d["sources"][0]["title"], 0)
        d["sources"][0]["about"] = hostile(d["sources"][0]["about"], 1)
        d["sources"][1]["authors"] = hostile(d["sources"][1]["authors"], 3)

    def principles(d):
        d["principles"][0]["statement"] = " ".join(PAYLOADS)
        d["caveat"]["text"] = hostile(d["caveat"]["text"], 2)

    def theory(d):
        d["strategies"][0]["gist"] = hostile(d["strategies"][0]["gist"], 0)
        d["mechanisms"][0]["description"] = hostile(d["mechanisms"][0]["description"], 1)

    def releases(d):
        d["editions"][0]["notes"] = [hostile(d["editions"][0]["notes"][0], 0)]

    for name, change in (("recommendations.yaml", recs), ("case-studies.yaml", cases), ("glossary.yaml", terms),
                         ("sources.yaml", sources), ("principles.yaml", principles),
                         ("programme-theory.yaml", theory), ("releases.yaml", releases)):
        edit(name, change)
    return shown, searches


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A strict build of the poisoned real data, served on 127.0.0.1."""
    project = scratch_project(tmp_path_factory.mktemp("hostile"))
    shown, searches = poison(project / "data")
    result = mkdocs("build", "--strict", cwd=project)
    assert result.returncode == 0, f"the build refused valid (if odd) text:\n{result.stderr[-3000:]}"
    server, url = serve(project / "site")
    yield {"site": project / "site", "url": url, "shown": shown, "searches": searches}
    server.shutdown()


FLAGS = "() => Object.keys(window).filter(k => k.startsWith('tkFlag'))"
# Addresses that would run script, inline event handlers (the theme uses none), and script-bearing
# elements inside the content or the search results.
DANGER = """() => {
  const bad = [];
  for (const el of document.querySelectorAll('[href], [src], [action], [formaction]')) {
    for (const a of ['href', 'src', 'action', 'formaction']) {
      const v = (el.getAttribute(a) || '').replace(/\\s/g, '').toLowerCase();
      if (v.startsWith('javascript:') || v.startsWith('data:text/html')) bad.push(el.outerHTML.slice(0, 120));
    }
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.getAttributeNames()) if (a.startsWith('on')) bad.push(el.outerHTML.slice(0, 120));
  }
  for (const el of document.querySelectorAll('.md-content *, .md-search-result *')) {
    if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED'].includes(el.tagName)) bad.push(el.outerHTML.slice(0, 120));
  }
  return bad;
}"""


def test_no_markup_from_the_data_runs_on_any_page(hostile_site, browser):
    site, url = hostile_site["site"], hostile_site["url"]
    context = browser.new_context()
    dialogs: list[str] = []
    context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page = context.new_page()
    problems = []
    try:
        for path in built_pages(site):
            page.goto(url + path, wait_until="load")
            page.hover(".md-content")  # mouse-over handlers would fire now
            if page.evaluate(FLAGS) or page.evaluate(DANGER):
                problems.append((path or "home", page.evaluate(FLAGS), page.evaluate(DANGER)))
        # Search results are built in the browser from the index (titles, text and tags).
        for words in hostile_site["searches"]:
            page.goto(url, wait_until="load")
            type_search(page, words)
            page.locator(".md-search-result__item").first.wait_for()
            if page.evaluate(FLAGS) or page.evaluate(DANGER):
                problems.append((f"search for {words!r}", page.evaluate(FLAGS), page.evaluate(DANGER)))
    finally:
        context.close()
    assert not dialogs, f"dialogs opened: {dialogs}"
    assert not problems, "markup from the data ran or became live:\n" + "\n".join(map(str, problems))


def test_markup_reads_as_typed(hostile_site, page):
    url = hostile_site["url"]
    for path in hostile_site["shown"]:
        page.goto(url + path)
        text = page.locator(".md-content").inner_text()
        for literal in LITERALS:
            assert literal in text, f"{path}: {literal!r} is not shown as typed"
