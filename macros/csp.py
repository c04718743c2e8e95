"""Content Security Policy: one policy per page, worked out from the page's own finished HTML.

The site is static, so the policy travels in the page as ``<meta http-equiv="Content-Security-Policy">``,
placed straight after ``<meta charset>`` so that it governs every script, style and link after it.
Everything must come from the site itself (``default-src 'self'``); the few inline scripts and
``<style>`` blocks the theme and templates write are allowed by the SHA-256 hash of their exact
text, computed here from the final HTML, so a changed inline script gets its new hash on the next
build and an injected one has none. Nothing else inline runs: no event-handler attributes, no
``style="..."`` attributes, no ``javascript:`` links, no eval.

A ``<meta>`` policy cannot carry ``frame-ancestors``, ``report-uri`` or ``sandbox`` (browsers ignore
them there), so none are written.

Pure functions: HTML in, HTML out. The hook applies ``with_policy`` to every page and to 404.html.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import re

META_NAME = "Content-Security-Policy"
# An inline <script> or <style> element: its attributes and its exact text (raw text in HTML).
_INLINE = re.compile(r"<(script|style)\b([^>]*)>(.*?)</\1\s*>", re.I | re.S)
_SRC = re.compile(r"""\ssrc\s*=""", re.I)
_TYPE = re.compile(r"""\stype\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# Types that run as script (HTML standard: a JavaScript MIME type, "module" or none); any other type,
# such as application/json, is a data block that never runs and needs no hash.
_SCRIPT_TYPES = {"", "module", "text/javascript", "application/javascript", "application/ecmascript",
                 "text/ecmascript", "application/x-javascript", "text/jscript", "text/livescript"}
_CHARSET = re.compile(r"<meta\s+charset\s*=\s*[\"']?[\w-]+[\"']?\s*/?>", re.I)
_HEAD = re.compile(r"<head(\s[^>]*)?>", re.I)
# No leading "\s*": the search would then start at every space of the page (a tenth of a second on the print page).
_EXISTING = re.compile(r"<meta\s+http-equiv\s*=\s*[\"']?Content-Security-Policy[\"']?[^>]*>", re.I)

# The fixed part of the policy. Material's stylesheets draw its icons as data: SVG images
# (mask-image: url("data:image/svg+xml,...")), so images may also be data: URLs; nothing else is.
FIXED = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "object-src": ["'none'"],
    "base-uri": ["'self'"],
    "form-action": ["'none'"],
}


@functools.lru_cache(maxsize=512)  # the theme writes the same few inline scripts into every page
def digest(text: str) -> str:
    """The CSP source expression for an inline element's text: 'sha256-<base64>'."""
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _runs_as_script(attrs: str) -> bool:
    if _SRC.search(attrs):
        return False  # loaded from a file: allowed by 'self', never by hash
    found = _TYPE.search(attrs)
    kind = next((g for g in found.groups() if g is not None), "") if found else ""
    return kind.strip().lower() in _SCRIPT_TYPES


def inline_hashes(page_html: str) -> tuple[list[str], list[str]]:
    """The hashes of every inline script that runs and of every <style> block, in page order, each once."""
    scripts: dict[str, None] = {}
    styles: dict[str, None] = {}
    for match in _INLINE.finditer(page_html):
        tag, attrs, text = match.group(1).lower(), match.group(2), match.group(3)
        if tag == "style":
            styles[digest(text)] = None
        elif _runs_as_script(attrs):
            scripts[digest(text)] = None
    return list(scripts), list(styles)


def policy(page_html: str) -> str:
    """The whole policy for one page."""
    scripts, styles = inline_hashes(page_html)
    directives = dict(FIXED)
    directives["script-src"] = ["'self'", *scripts]
    directives["style-src"] = ["'self'", *styles]
    order = ["default-src", "script-src", "style-src", "img-src", "object-src", "base-uri", "form-action"]
    return "; ".join(" ".join([name, *directives[name]]) for name in order)


def meta(page_html: str) -> str:
    return f'<meta http-equiv="{META_NAME}" content="{policy(page_html)}">'


def _without_policy(page_html: str) -> str:
    """The page without any policy element it already has, and without the white space before each."""
    kept, last = [], 0
    for found in _EXISTING.finditer(page_html):
        kept.append(page_html[last:found.start()].rstrip())
        last = found.end()
    return "".join([*kept, page_html[last:]]) if kept else page_html


def with_policy(page_html: str) -> str:
    """The page with its policy as the first thing in <head> after <meta charset> (any older one replaced).

    A document without a <head> (not a page) is returned unchanged.
    """
    page_html = _without_policy(page_html)
    element = meta(page_html)
    charset = _CHARSET.search(page_html)
    head = _HEAD.search(page_html)
    if charset and head and charset.start() > head.end():
        at = charset.end()
    elif head:
        at = head.end()
    else:
        return page_html
    return f"{page_html[:at]}\n    {element}{page_html[at:]}"


def read_policy(page_html: str) -> dict[str, list[str]]:
    """The policy a page carries, as directive -> sources (empty if it has none). For checks and tests."""
    found = re.search(r"<meta\s+http-equiv=\"Content-Security-Policy\"\s+content=\"([^\"]*)\"", page_html)
    if not found:
        return {}
    directives = {}
    for part in found.group(1).split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives
