"""Versioned publishing: editions published with mike, as .github/workflows/publish.yml does it.

The ``published_editions`` fixture (conftest.py, tests/publishing.py) publishes an edition, the
development version and the next edition into a local bare repository; these tests read its
gh-pages branch.
"""

from __future__ import annotations

import html
import json
import posixpath
import re

import pytest

from macros import csp

REFRESH = re.compile(r'<meta http-equiv="refresh" content="\d+; url=([^"]+)"')
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]+)"')


def page(published, folder: str, path: str = "") -> str:
    """The HTML of one page of one folder of the published branch."""
    return (published.site / folder / path / "index.html").read_text(encoding="utf-8")


def rec_path(published) -> str:
    return f"recommendations/{published.rec_id.lower()}"


def redirect_target(text: str) -> str:
    match = REFRESH.search(text)
    assert match, "not a redirect page"
    return html.unescape(match.group(1))


def test_versions_json_lists_the_editions_with_latest_on_the_newest(published_editions):
    p = published_editions
    versions = {v["version"]: v for v in json.loads(p.gh_pages("show", "gh-pages:versions.json"))}
    assert set(versions) == {p.older, p.newer, "dev"}
    assert versions[p.newer]["aliases"] == ["latest"]
    assert versions[p.older]["aliases"] == [] and versions["dev"]["aliases"] == []
    assert versions[p.newer]["title"] == f"Edition {p.newer}"
    assert versions[p.older]["title"] == f"Edition {p.older}"
    assert versions["dev"]["title"] == "Development version"


def test_each_edition_has_its_own_folder_and_no_symlinks(published_editions):
    entries = [line.split(None, 3) for line in published_editions.gh_pages("ls-tree", "-r", "gh-pages").splitlines()]
    folders = {path.split("/", 1)[0] for _mode, _type, _sha, path in entries}
    assert {published_editions.older, published_editions.newer, "dev", "latest"} <= folders
    symlinks = [path for mode, _type, _sha, path in entries if mode == "120000"]
    assert not symlinks, f"GitHub Pages does not serve symlinks: {symlinks[:5]}"
    assert ("100644", "blob") in {(mode, kind) for mode, kind, _sha, path in entries if path == "latest/index.html"}


def test_the_older_edition_still_serves_its_own_content(published_editions):
    p = published_editions
    older, newer = page(p, p.older, rec_path(p)), page(p, p.newer, rec_path(p))
    assert html.escape(p.old_title, quote=False) in older
    assert html.escape(p.new_title, quote=False) not in older
    assert html.escape(p.new_title, quote=False) in newer
    assert f"Edition {p.older}," in older and f"Edition {p.newer}," not in older
    assert f"Edition {p.newer}," in newer


def test_each_edition_lists_its_own_release_notes(published_editions):
    p = published_editions
    newer, older = page(p, p.newer, "changes"), page(p, p.older, "changes")
    assert f"{p.rec_id} has a clearer title." in newer
    assert f"Edition {p.newer}:" in newer and f"Edition {p.older}:" in newer
    assert f"Edition {p.newer}:" not in older and f"Edition {p.older}:" in older


def test_the_development_version_is_labelled_as_such(published_editions):
    p = published_editions
    dev = page(p, "dev", rec_path(p))
    assert "Development version (after edition" in dev
    assert html.escape(p.new_title, quote=False) in dev


def test_the_site_root_redirects_to_latest(published_editions):
    root = (published_editions.site / "index.html").read_text(encoding="utf-8")
    assert redirect_target(root) == "latest/"
    assert '<a id="tk-target" href="latest/">' in root  # the script goes where this link goes


def test_every_redirect_page_carries_a_policy_that_allows_only_its_own_script(published_editions):
    """The pages mike writes (latest/ and the root) are pages of the site too: nothing but their one
    script runs, and it is allowed by its exact hash (overrides/mike-redirect.html)."""
    stubs = [published_editions.site / "index.html", *sorted((published_editions.site / "latest").rglob("index.html"))]
    for stub in stubs:
        text = stub.read_text(encoding="utf-8")
        policy = csp.read_policy(text)
        scripts, styles = csp.inline_hashes(text)
        assert policy["default-src"] == ["'none'"] and policy["script-src"] == scripts != [], stub
        assert not styles and "style-src" not in policy, stub
        assert text.index("Content-Security-Policy") < text.index("<title>"), stub


def test_every_latest_page_redirects_to_the_same_page_of_the_newest_edition(published_editions):
    p = published_editions
    latest = p.site / "latest"
    pages = sorted(latest.rglob("index.html"))
    assert len(pages) == len(list((p.site / p.newer).rglob("index.html"))) > 10
    for stub in pages:
        rel = stub.parent.relative_to(latest).as_posix()
        here = f"latest/{rel}/" if rel != "." else "latest/"
        target = posixpath.normpath(posixpath.join(here, redirect_target(stub.read_text(encoding="utf-8"))))
        expected = posixpath.normpath(f"{p.newer}/{rel}")
        assert target == expected, f"{here} redirects to {target}, not {expected}"


def test_canonical_links_point_at_latest(published_editions):
    p = published_editions
    canonical = CANONICAL.search(page(p, p.older, rec_path(p))).group(1)
    assert canonical.endswith(f"/latest/{rec_path(p)}/")


@pytest.mark.parametrize("folder", ["newer", "dev"])
def test_how_to_cite_names_the_address_of_what_is_read(published_editions, folder):
    p = published_editions
    name = p.newer if folder == "newer" else "dev"
    cite = page(p, name, "about/cite")
    if "How to cite this toolkit" not in cite:
        pytest.fail("docs/about/cite.md must keep its '## How to cite this toolkit' section with {{ how_to_cite() }}")
    site = CANONICAL.search(cite).group(1).split("/latest/")[0]
    if folder == "newer":
        assert f"{site}/{p.newer}/" in cite and f"Edition {p.newer}, 10 December 2026" in cite
    else:
        assert f"{site}/latest/" in cite and f"{site}/dev/" not in cite
        assert "cite a published edition" in cite
