"""Markup typed into the data is shown as text and never runs, wherever the data goes.

The real data is copied and EVERY text field of every content type is filled with hostile markup:
script tags, event handlers, javascript: links, Jinja, Markdown links and attribute lists, forged
address placeholders. The placements are worked out from the schemas (schema/*.json), so a field
added later is poisoned too; optional fields the data leaves out are added. Web addresses (url)
and DOIs (doi) get addresses that are valid but crafted to break out of a link if they were ever
read as Markdown or HTML. The poisoned data must still build (strictly).

Then, on 127.0.0.1 in Chromium, with the Content Security Policy switched off so that only the
escaping protects the reader: every page (the print page, which becomes the PDF, in print media
too) and the results of searches must set no flag, open no dialog, hold no injected element or
attribute and no javascript: link, and show no evaluated Jinja ('42049'). The text reads as typed,
addresses give one working link each, and the Tags page shows titles once escaped. The downloads
(JSON, CSV, XLSX) hold the text exactly as typed, and nothing in them is a formula.
"""

from __future__ import annotations

import copy
import csv
import io
import json
import re
import zipfile
from collections import Counter
from html import unescape

import pytest
import yaml

from conftest import built_pages, mkdocs, scratch_project, serve, type_search
from macros.downloads import spreadsheet_safe
from macros.integrity import HISTORY_TYPES, fingerprint
from macros.loader import load_toolkit
from macros.schemas import CONTENT_TYPES, bundled
from macros.text import case_src, doi_url, html_text, link_url, rec_src

pytestmark = pytest.mark.browser

# Each payload sets its own flag if it runs, or marks an element it creates with class tkinj.
# Quotes and brackets also test attribute break-outs; '7*6007' would show as 42049 if Jinja ran.
PAYLOADS = [
    "<script>window.tkFlagScript=1</script>",
    "<img src=x class=tkinj onerror=window.tkFlagImg=1>",
    "<svg class=tkinj onload=window.tkFlagSvg=1>",
    '"><img src=y class=tkinj onerror=window.tkFlagQuote=1>',
    "[click me](javascript:window.tkFlagLink=1)",
    "![pic](x onerror=window.tkFlagPic=1)",
    "<a class=tkinj href='javascript:window.tkFlagHref=1'>a</a>",
    "{{ 7*7 }} {{ 7*6007 }} {% raw %} {# c #}",
    "*em* _u_ `code` {: .tkinj onclick=window.tkFlagAttr=1 }",
    "<b class=tkinj onmouseover=window.tkFlagB=1>b</b> &amp; & <x>",
    "[a](https://x.test/ \"t\" onmouseover=window.tkFlagT=1){: .tkinj autofocus onfocus=window.tkFlagF=1 }",
    # A forged address placeholder for javascript:window.tkFlagFake=1 (it must stay text).
    "tkaddru6a6176617363726970743a77696e646f772e746b466c616746616b653d31x",
    "</title><script>window.tkFlagTitle=1</script><!--",
]
SHORT = ["<svg class=tkinj onload=window.tkFlagS=1>", "{{ 7*6007 }} <b class=tkinj>", "[x](javascript:tkFlagL=1)"]
# Valid addresses (the schema decides: ones it refuses are not used) made to break out of a link.
URLS = [
    "https://x.test/[a](autofocus/onfocus=window.tkFlagU1=1//)",
    "https://x.test/*a*_b_/[c](javascript:window.tkFlagU2=1)",
    "https://x.test/`a`/<img src=x onerror=window.tkFlagU3=1>",
    "https://x.test/?q=';window.tkFlagU4=1;'&r=[x]#{: .tkinj onclick=window.tkFlagU5=1 }",
    "https://x.test/tkaddru6a6176617363726970743a31x/",
    "http://x.test/a_b_c__d__",
]
DOIS = [
    "10.1000/[a](autofocus/onfocus=window.tkFlagD1=1//)",
    "10.1000/<img/src=x/class=tkinj/onerror=window.tkFlagD2=1>",
    '10.1000/"><svg/class=tkinj/onload=window.tkFlagD3=1>',
    "10.1000/{{7*6007}}{%raw%}",
    "10.1000/`x`_y_*z*#?%41",
]
MARK = "tkpayload"  # in every poisoned text, so one search finds them all
FLAG_PREFIX = "tkFlag"


# --- Where the payloads go: worked out from the schemas ---------------------------------------------
def _resolve(schema: dict, root: dict) -> dict:
    while "$ref" in schema:
        extra = {k: v for k, v in schema.items() if k != "$ref"}
        schema = {**root["$defs"][schema["$ref"].rsplit("/", 1)[-1]], **extra}
    return schema


def _fits(value: str, schema: dict) -> bool:
    if "maxLength" in schema and len(value) > schema["maxLength"]:
        return False
    if len(value) < schema.get("minLength", 0):
        return False
    return not schema.get("pattern") or re.search(schema["pattern"], value) is not None


def _is_text(schema: dict) -> bool:
    return schema.get("type") == "string" and not {"enum", "const", "format"} & set(schema) \
        and schema.get("pattern") in (None, r"\S")


class Poisoner:
    """Fills every text field with payloads and every address with a crafted one, as the schema allows."""

    def __init__(self):
        self.n = 0
        self.placed: Counter = Counter()       # schema path -> placements
        self.values: dict[str, list] = {}      # property name -> values seen (IDs to reuse when adding fields)
        self.addresses: list[tuple[str, str]] = []  # (kind, value) placed in url/doi fields

    def text(self, schema: dict, path: str) -> str | None:
        for _ in range(len(PAYLOADS) + len(SHORT)):
            self.n += 1
            pool = PAYLOADS if self.n % 4 else SHORT  # short ones reach fields with a length limit
            value = f"{pool[self.n % len(pool)]} {MARK} n{self.n}"
            if _fits(value, schema):
                self.placed[path] += 1
                return value
        for payload in SHORT:
            if _fits(payload, schema):
                self.placed[path] += 1
                return payload
        return None

    def address(self, kind: str, schema: dict, path: str) -> str | None:
        pool = [a for a in (URLS if kind == "url" else DOIS) if _fits(a, schema)]
        if not pool:
            return None
        value = pool[len(self.addresses) % len(pool)]
        self.addresses.append((kind, value))
        self.placed[path] += 1
        return value

    def collect(self, value, key=None):
        if isinstance(value, dict):
            for k, v in value.items():
                self.collect(v, k)
        elif isinstance(value, list):
            for v in value:
                self.collect(v, key)
        elif key is not None:
            self.values.setdefault(key, []).append(value)

    def make(self, schema: dict, root: dict, path: str, key: str):
        """A value for a field the data leaves out (IDs and vocabulary taken from the data itself)."""
        s = _resolve(schema, root)
        if key in ("url", "doi"):
            return self.address(key, s, path)
        if "properties" in s:
            return {k: v for k, v in ((k, self.make(sub, root, f"{path}.{k}", k))
                                      for k, sub in s["properties"].items()
                                      if k in s.get("required", []) or self._has_text(sub, root)) if v is not None}
        if s.get("type") == "array":
            items = [self.make(s["items"], root, f"{path}[]", key) for _ in range(max(s.get("minItems", 1), 1))]
            return items if all(i is not None for i in items) else None
        if _is_text(s):
            return self.text(s, path)
        if "enum" in s:
            return s["enum"][0]
        seen = self.values.get(key)
        return seen[0] if seen else None

    def _has_text(self, schema: dict, root: dict, depth: int = 0) -> bool:
        s = _resolve(schema, root)
        if depth > 8:
            return False
        if _is_text(s):
            return True
        if "properties" in s:
            return any(self._has_text(v, root, depth + 1) for v in s["properties"].values())
        return s.get("type") == "array" and self._has_text(s["items"], root, depth + 1)

    def poison(self, value, schema: dict, root: dict, path: str = "", key: str | None = None):
        s = _resolve(schema, root)
        if isinstance(value, dict) and "properties" in s:
            for k, sub in s["properties"].items():
                if k in value:
                    value[k] = self.poison(value[k], sub, root, f"{path}.{k}", k)
                elif self._has_text(sub, root) and k not in self.added.setdefault(path, set()):
                    made = self.make(sub, root, f"{path}.{k}", k)
                    if made is not None:
                        value[k] = made
                        self.added[path].add(k)
            return value
        if isinstance(value, list) and "items" in s:
            return [self.poison(v, s["items"], root, f"{path}[]", key) for v in value]
        if isinstance(value, str):
            if key in ("url", "doi"):
                return self.address(key, s, path) or value
            if _is_text(s):
                return self.text(s, path) or value
        return value

    added: dict[str, set]


def text_fields(schema: dict, root: dict, path: str = "", depth: int = 0) -> set[str]:
    """Schema path of every text, url and doi field."""
    s = _resolve(schema, root)
    found = set()
    if depth > 8:
        return found
    for k, sub in s.get("properties", {}).items():
        sub_s = _resolve(sub, root)
        if k in ("url", "doi") or _is_text(sub_s):
            found.add(f"{path}.{k}")
        found |= text_fields(sub, root, f"{path}.{k}", depth + 1)
    if s.get("type") == "array" and "items" in s:
        if _is_text(_resolve(s["items"], root)):
            found.add(f"{path}[]")
        found |= text_fields(s["items"], root, f"{path}[]", depth + 1)
    return found


def restamp(data: dict) -> None:
    """Record the poisoning as the items' newest change, as a contributor would (history fingerprints)."""
    for _, key, _, _ in HISTORY_TYPES:
        for item in data.get(key, []):
            if item.get("history") and "fingerprint" in item["history"][-1]:
                item["history"][-1]["fingerprint"] = fingerprint(item)


def poison(data_dir) -> dict:
    """Poison every data file in place. Returns what was placed, where, for the checks."""
    poisoner = Poisoner()
    poisoner.added = {}
    files = {}
    for _, (data_file, _schema) in CONTENT_TYPES.items():
        files[data_file] = yaml.load((data_dir / data_file).read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        poisoner.collect(files[data_file])
    expected = set()
    for _, (data_file, schema_file) in CONTENT_TYPES.items():
        root = bundled(schema_file)
        data = files[data_file]
        if data_file == "sources.yaml":  # half the sources are cited by web address alone, half by DOI
            for i, source in enumerate(data["sources"]):
                if i % 2:
                    source.pop("doi", None)
                    source.setdefault("url", URLS[0])
                else:
                    source.setdefault("doi", DOIS[0])
        poisoner.poison(data, root, root, data_file)
        restamp(data)
        expected |= {f"{data_file}{p}" for p in text_fields(root, root)}
        (data_dir / data_file).write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return {"placed": poisoner.placed, "expected": expected, "addresses": poisoner.addresses, "files": files}


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    """A strict build of the poisoned real data, served on 127.0.0.1."""
    project = scratch_project(tmp_path_factory.mktemp("hostile"))
    placed = poison(project / "data")
    tk = load_toolkit(project)  # a clear message here if the poisoned data is refused
    result = mkdocs("build", "--strict", cwd=project)
    assert result.returncode == 0, f"the build refused valid (if odd) text:\n{result.stderr[-3000:]}"
    server, url = serve(project / "site")
    yield {"site": project / "site", "url": url, "tk": tk, **placed}
    server.shutdown()


def test_every_text_and_address_field_of_every_content_type_is_poisoned(hostile_site):
    missing = sorted(hostile_site["expected"] - set(hostile_site["placed"]))
    assert not missing, f"fields no payload reached (add data or teach the poisoner): {missing}"
    kinds = {kind for kind, _ in hostile_site["addresses"]}
    assert kinds == {"url", "doi"}
    assert URLS[0] in {v for k, v in hostile_site["addresses"] if k == "url"}, "the schema refused a valid URL"


# --- In the browser --------------------------------------------------------------------------------
FLAGS = f"() => Object.keys(window).filter(k => k.startsWith('{FLAG_PREFIX}'))"
# Addresses that would run script, event-handler attributes (the theme uses none), autofocus, elements
# a payload created, and script-bearing elements inside the content or the search results.
DANGER = """() => {
  const bad = [];
  const show = el => el.outerHTML.slice(0, 140);
  for (const el of document.querySelectorAll('[href], [src], [action], [formaction]')) {
    for (const a of ['href', 'src', 'action', 'formaction']) {
      const v = (el.getAttribute(a) || '').replace(/[\\s\\u0000-\\u001f]/g, '').toLowerCase();
      if (/^(javascript|vbscript):|^data:text[/]html/.test(v)) bad.push(show(el));
    }
  }
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.getAttributeNames()) if (a.startsWith('on') || a === 'autofocus') bad.push(show(el));
  }
  for (const el of document.querySelectorAll('.tkinj, [class*=tkinj], x, img[src=x], img[src=y]')) bad.push(show(el));
  for (const el of document.querySelectorAll('.md-content *, .md-search-result *')) {
    if (el.tagName === 'SCRIPT' && el.type === 'application/json') {  // data for a script: must stay whole JSON
      try { JSON.parse(el.textContent); } catch (e) { bad.push('broken JSON data: ' + show(el)); }
    } else if (['SCRIPT', 'IFRAME', 'OBJECT', 'EMBED', 'FOREIGNOBJECT', 'foreignObject'].includes(el.tagName)) {
      bad.push(show(el));
    }
  }
  const text = document.body.innerText;
  if (text.includes('42049')) bad.push('Jinja ran: 42049 is shown');
  return bad;
}"""


def _check(page, where: str, problems: list):
    flags, danger = page.evaluate(FLAGS), page.evaluate(DANGER)
    if flags or danger:
        problems.append((where, flags, danger))


@pytest.fixture
def open_page(browser):
    # The Content Security Policy would block most of these payloads anyway: switch it off, so that
    # this test shows the escaping alone keeps them inert.
    context = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
    dialogs: list[str] = []
    context.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    yield context.new_page(), dialogs
    context.close()


def test_no_markup_from_the_data_runs_on_any_page(hostile_site, open_page):
    page, dialogs = open_page
    site, url = hostile_site["site"], hostile_site["url"]
    problems = []
    for path in built_pages(site):
        page.goto(url + path, wait_until="load")
        page.hover(".md-content")  # mouse-over handlers would fire now
        page.keyboard.press("Tab")
        _check(page, path or "home", problems)
    page.goto(url + "print/", wait_until="load")
    page.emulate_media(media="print")
    page.evaluate("() => window.dispatchEvent(new Event('beforeprint'))")
    _check(page, "print page in print media (the PDF)", problems)
    assert not dialogs, f"dialogs opened: {dialogs}"
    assert not problems, "markup from the data ran or became live:\n" + "\n".join(map(str, problems))


def test_no_markup_runs_in_search_results(hostile_site, open_page):
    page, dialogs = open_page
    url, tk = hostile_site["url"], hostile_site["tk"]
    found = [MARK, "javascript", "onerror", tk.recommendations[0]["id"], tk.case_studies[0]["id"]]
    typed = [PAYLOADS[0], PAYLOADS[3], PAYLOADS[10]]  # markup typed into the search box itself
    problems = []
    for words in found + typed:
        page.goto(url, wait_until="load")
        type_search(page, words)
        if words in found:  # these match poisoned titles and text: results must show
            page.locator(".md-search-result__item").first.wait_for()
        page.locator(".md-search-result").hover()
        _check(page, f"search for {words!r}", problems)
    assert not dialogs, f"dialogs opened: {dialogs}"
    assert not problems, "markup from the data ran in search results:\n" + "\n".join(map(str, problems))


def _shown(page) -> str:
    return " ".join(page.locator(".md-content").inner_text().split())


def test_markup_reads_as_typed(hostile_site, page):
    url, tk = hostile_site["url"], hostile_site["tk"]
    rec, case = tk.recommendations[0], tk.case_studies[0]
    pages = ["sources/", "glossary/", "principles/", "about/programme-theory/", "changes/", "print/",
             rec_src(rec["id"]).removesuffix(".md") + "/", case_src(case["id"]).removesuffix(".md") + "/"]
    everything = ""
    for path in pages:
        page.goto(url + path)
        everything += _shown(page) + "\n"
    for payload in PAYLOADS[:-1] + SHORT:
        shown = " ".join(payload.split())
        assert shown in everything, f"{payload!r} is not shown as typed on any of {pages}"
    assert " ".join(rec["summary"].split()) in everything or " ".join(rec["title"].split()) in everything


def test_every_address_is_one_working_link_to_exactly_that_address(hostile_site, page):
    page.goto(hostile_site["url"] + "sources/")
    links = page.locator(".md-content a.tk-address").evaluate_all(
        "els => els.map(a => [a.getAttribute('href'), a.textContent])")
    for kind, value in set(hostile_site["addresses"]):
        if kind == "url":
            expected = (link_url(value), value)
        else:
            expected = (doi_url(value), f"doi:{value}")
        used = [s for s in hostile_site["tk"].sources
                if (s.get("doi") == value if kind == "doi" else (s.get("url") == value and not s.get("doi")))]
        if used:
            assert links.count(list(expected)) == len(used), f"{kind} {value!r}: links {links}"


def test_the_tags_page_shows_titles_escaped_once(hostile_site, page):
    page.goto(hostile_site["url"] + "tags/")
    shown = page.locator(".md-content a").all_inner_texts()
    shown = {" ".join(t.split()) for t in shown}
    for rec in hostile_site["tk"].recommendations:
        typed = " ".join(rec["title"].split())
        assert typed in shown, f"{rec['title']!r} is not on the Tags page as typed"
        escaped = html_text(typed)
        assert escaped == typed or escaped not in shown, f"{rec['title']!r} is shown escaped twice"


# --- Downloads -------------------------------------------------------------------------------------
def test_downloads_hold_the_text_exactly_as_typed(hostile_site):
    site, tk = hostile_site["site"], hostile_site["tk"]
    document = json.loads((site / "downloads" / "toolkit.json").read_text(encoding="utf-8"))
    for data_file, _ in CONTENT_TYPES.values():
        assert document["content"][data_file.removesuffix(".yaml")] == tk.files[
            next(k for k, v in CONTENT_TYPES.items() if v[0] == data_file)], data_file

    rows = list(csv.reader(io.StringIO((site / "downloads" / "baseline-assessment.csv").read_bytes()
                                       .decode("utf-8-sig"), newline="")))
    by_id = {row[0]: row for row in rows[1:]}
    for rec in tk.recommendations:
        if rec["id"] in by_id:
            row = by_id[rec["id"]]
            assert row[2] == spreadsheet_safe(rec["title"]) and row[9] == spreadsheet_safe(rec["summary"])
    for row in rows[1:]:
        for cell in row:
            assert cell[:1] not in ("=", "+", "-", "@", "\t", "\r"), f"a CSV cell could run as a formula: {cell!r}"

    with zipfile.ZipFile(site / "downloads" / "baseline-assessment.xlsx") as book:
        sheet = book.read("xl/worksheets/sheet1.xml").decode("utf-8")
        strings = unescape(book.read("xl/sharedStrings.xml").decode("utf-8"))
    assert "<f>" not in sheet and "<f " not in sheet, "the assessment sheet holds a formula"
    for rec in tk.recommendations[:3]:
        assert rec["title"] in strings and rec["summary"] in strings


def test_the_json_download_is_the_poisoned_data_itself(hostile_site):
    # The same as the files the build read: nothing escaped, dropped or added on the way out.
    document = json.loads((hostile_site["site"] / "downloads" / "toolkit.json").read_text(encoding="utf-8"))
    assert document["content"]["sources"] == copy.deepcopy(hostile_site["files"]["sources.yaml"])
