"""Content Security Policy: the policy each page carries, worked out from its own HTML.

Unit tests of macros/csp.py, then the real build: every page (and 404.html) carries the policy
first in <head>, and it lists exactly the inline scripts and styles the page has. The browser
checks (zero violations while the site is used) are in tests/browser/test_csp.py.
"""

from __future__ import annotations

import base64
import hashlib
import re

import pytest

from conftest import built_pages
from macros import csp

PAGE = """<!doctype html>
<html lang="en-GB">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width">
    <link rel="stylesheet" href="a.css">
    <style media="print">@page { @top-left { content: "Toolkit"; } }</style>
    <script>var a=1</script>
    <script src="b.js"></script>
    <script id="__config" type="application/json">{"x": 1}</script>
  </head>
  <body><script>var a=1</script><SCRIPT type="module">import "./c.js"</SCRIPT></body>
</html>"""


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def test_the_policy_allows_the_site_itself_and_the_exact_inline_code():
    policy = csp.read_policy(csp.with_policy(PAGE))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'", sha("var a=1"), sha('import "./c.js"')]  # each once, in order
    assert policy["style-src"] == ["'self'", sha('@page { @top-left { content: "Toolkit"; } }')]
    assert policy["object-src"] == ["'none'"] and policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'none'"] and policy["img-src"] == ["'self'", "data:"]
    assert not {"frame-ancestors", "report-uri", "sandbox"} & set(policy), "a <meta> policy cannot carry these"
    assert not any("unsafe" in source for sources in policy.values() for source in sources)


def test_data_blocks_and_scripts_from_files_get_no_hash():
    scripts, _ = csp.inline_hashes(PAGE)
    assert sha('{"x": 1}') not in scripts and sha("") not in scripts


def test_a_changed_inline_script_gets_a_new_hash():
    before = csp.read_policy(csp.with_policy(PAGE))["script-src"]
    after = csp.read_policy(csp.with_policy(PAGE.replace("var a=1", "var a=2")))["script-src"]
    assert sha("var a=2") in after and sha("var a=1") not in after and before != after


def test_the_policy_comes_straight_after_the_character_set_and_before_everything_else():
    out = csp.with_policy(PAGE)
    head = out[out.index("<head>"):out.index("</head>")]
    tags = re.findall(r"<(meta|link|style|script)\b[^>]*>", head)
    assert re.findall(r"<meta\b[^>]*>", head)[1].startswith('<meta http-equiv="Content-Security-Policy"')
    assert tags[:2] == ["meta", "meta"]


def test_applying_it_twice_leaves_one_policy():
    once = csp.with_policy(PAGE)
    twice = csp.with_policy(once)
    assert twice == once and twice.count("Content-Security-Policy") == 1


def test_a_document_without_a_head_is_left_alone():
    assert csp.with_policy("<?xml version='1.0'?><urlset/>") == "<?xml version='1.0'?><urlset/>"


# --- The real build ------------------------------------------------------------------------------
def _html_files(site):
    return [site / url / "index.html" for url in built_pages(site)] + [site / "404.html"]


def test_every_page_carries_the_policy_first_in_its_head(built_site):
    for path in _html_files(built_site):
        text = path.read_text(encoding="utf-8")
        head = text[text.index("<head>"):text.index("</head>")]
        first = re.findall(r"<(?:meta|link|style|script|base)\b[^>]*>", head)[:2]
        assert first[0].startswith("<meta charset"), path
        assert first[1].startswith('<meta http-equiv="Content-Security-Policy"'), f"{path}: {first}"
        assert text.count('http-equiv="Content-Security-Policy"') == 1, path


@pytest.mark.parametrize("kind", ["script", "style"])
def test_the_policy_lists_exactly_the_inline_code_of_its_page(built_site, kind):
    for path in _html_files(built_site):
        text = path.read_text(encoding="utf-8")
        policy = csp.read_policy(text)
        listed = {s for s in policy[f"{kind}-src"] if s.startswith("'sha256-")}
        found = set()
        for attrs, body in re.findall(rf"<{kind}\b([^>]*)>(.*?)</{kind}>", text, re.S):
            if kind == "script" and ("src=" in attrs or "application/json" in attrs):
                continue
            found.add(sha(body))
        assert listed == found, f"{path}: policy {sorted(listed)} but the page has {sorted(found)}"


def test_no_page_has_inline_handlers_style_attributes_or_script_links(built_site):
    # The policy blocks all three, so a page that had one would lose behaviour or looks in the browser.
    for path in _html_files(built_site):
        text = path.read_text(encoding="utf-8")
        tags = re.findall(r"<[a-zA-Z][^>]*>", text)
        assert not [t for t in tags if re.search(r"\son[a-z]+\s*=", t)], path
        assert not [t for t in tags if re.search(r"\sstyle\s*=", t)], path
        assert not re.search(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", text, re.I), path
