"""Web addresses and DOIs are data, never markup: each becomes one working link, built after Markdown.

The renderers write an address as a placeholder of letters and digits; the hook swaps it for the
link element once Markdown has run. Here the whole path is run with the site's own Markdown
extensions, so an address full of Markdown, HTML or Jinja syntax must still give exactly one link,
to exactly the address typed, showing exactly the text typed.
"""

from __future__ import annotations

from html.parser import HTMLParser

import markdown
import pytest
import yaml

from conftest import ROOT
from macros.text import (
    ADDRESS_MARK,
    doi_link,
    doi_url,
    esc,
    expand_addresses,
    html_text,
    reference,
    title_html,
    url_link,
)

_CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
EXTENSIONS = [next(iter(e)) if isinstance(e, dict) else e for e in _CONFIG["markdown_extensions"]]


class _Links(HTMLParser):
    """Every element, and the href and text of every link, in a piece of HTML."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.links: list[dict] = []
        self.handlers: list[str] = []
        self._open: dict | None = None

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.handlers += [name for name, _ in attrs if name.startswith("on") or name == "autofocus"]
        if tag == "a":
            self._open = {"href": dict(attrs).get("href"), "text": ""}
            self.links.append(self._open)

    def handle_endtag(self, tag):
        if tag == "a":
            self._open = None

    def handle_data(self, data):
        if self._open is not None:
            self._open["text"] += data


def page(markdown_text: str) -> _Links:
    """The Markdown as the site renders it (same extensions), then addresses expanded, parsed."""
    out = expand_addresses(markdown.markdown(markdown_text, extensions=EXTENSIONS))
    parsed = _Links()
    parsed.feed(out)
    assert ADDRESS_MARK not in out, out
    return parsed


# Addresses that real sites use, and ones crafted to break out of a link if read as Markdown or HTML.
URLS = [
    "https://www.hra.nhs.uk/",
    "https://x.test/[a](autofocus/onfocus=window.tkU1=1//)",
    "https://x.test/`code`/a_b_c/*em*/__strong__",
    "https://x.test/a?b=1&c=2#frag",
    "https://x.test/{{ 7*7 }}/{% raw %}",
    "https://x.test/\"><img src=x onerror=window.tkU2=1>",
    "https://x.test/{: onclick=window.tkU3=1}",
    "https://x.test/<https://y.test/>",
    "https://x.test/tkaddru41x/",
    "http://x.test/path",
]


@pytest.mark.parametrize("url", URLS)
def test_a_web_address_gives_one_link_to_exactly_that_address(url):
    for where in (f"Text {url_link(url)} more.", f"- item {url_link(url)}", f"| a | {url_link(url)} |\n| - | - |"):
        parsed = page(where if not where.startswith("|") else "| x | y |\n| - | - |\n" + where.split("\n")[0])
        assert len(parsed.links) == 1, (where, parsed.links)
        link = parsed.links[0]
        assert link["text"] == url, link
        assert link["href"] == url.replace('"', "%22").replace("<", "%3C").replace(">", "%3E").replace(
            "`", "%60").replace(" ", "%20").replace("{", "%7B").replace("}", "%7D"), link
        assert not parsed.handlers and "img" not in parsed.tags, parsed.tags


DOIS = ["10.1111/medu.14528", "10.1000/[a](autofocus/onfocus=window.tkD1=1//)", "10.1000/<img/src=x/onerror=1>",
        "10.1002/(SICI)1097-4571(199806)49:8<693::AID-ASI4>3.0.CO;2-0", "10.1000/a#b?c%d", "10.1000/`x`_y_*z*"]


@pytest.mark.parametrize("doi", DOIS)
def test_a_doi_links_to_the_resolver_and_shows_as_typed(doi):
    parsed = page(f"See {doi_link(doi)}.")
    assert len(parsed.links) == 1 and parsed.links[0]["text"] == f"doi:{doi}"
    href = parsed.links[0]["href"]
    assert href == doi_url(doi) and href.startswith("https://doi.org/10.")
    assert not any(c in href for c in "#?<>\"` []{}") and "%" not in doi or "%25" in href
    assert not parsed.handlers and "img" not in parsed.tags


def test_only_web_addresses_become_links():
    for url in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<b>x</b>", "vbscript:x", "//x.test/a"):
        parsed = page(url_link(url))
        assert parsed.links == [], url


def test_typed_text_cannot_pose_as_an_address():
    # The placeholder carries a key made afresh for each build, so text in the data cannot forge one.
    assert ADDRESS_MARK != "tkaddr" and len(ADDRESS_MARK) > len("tkaddr") + 8
    value = b"https://evil.test/".hex()
    for forged in (f"tkaddru{value}x", f"tkaddr000000000000u{value}x"):
        typed = (f"<p>{esc(forged)}</p><script type=\"application/json\">\"{forged}\"</script>"
                 f"<span title=\"{html_text(forged)}\">x</span>")
        assert expand_addresses(typed) == typed


def test_a_reference_links_its_doi_or_address():
    source = {"authors": "Price T", "year": 2021, "title": "A *title*", "doi": "10.1111/medu.14528",
              "url": "https://x.test/"}
    parsed = page(reference(source))
    assert [(link["href"], link["text"]) for link in parsed.links] == [
        ("https://doi.org/10.1111/medu.14528", "doi:10.1111/medu.14528")]
    parsed = page(reference({**source, "doi": None, "url": "https://x.test/[a](b)"}))
    assert [(link["href"], link["text"]) for link in parsed.links] == [("https://x.test/[a](b)",) * 2]


@pytest.mark.parametrize("typed", ["Plan A & B <x> {y}", "Plain", "a &amp; b", "Q&A", "<script>x</script>"])
def test_page_titles_are_escaped_exactly_once(typed):
    # MkDocs takes the title from the rendered H1 (already HTML); a raw title must come out the same.
    assert title_html(html_text(typed)) == html_text(typed)
    assert title_html("a <b> & {c}") == "a &lt;b&gt; &amp; &#123;c&#125;"  # a raw title is escaped once too
