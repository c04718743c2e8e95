"""'Edit this page' opens the file that holds the content, and item pages name the line.

- a page that shows a list from the data (Glossary, Sources, Principles, Programme theory, What has
  changed, the two index pages) edits the data file, and links the Markdown file with its introduction;
- an item page edits its data file and links that file on GitHub at the item's first line, which is
  the line the content check reports for the item's ID;
- every other page edits its own Markdown file.
"""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from macros.source_links import data_file_for, item_lines, repository_urls
from macros.yamlpos import read_yaml

REPO = "https://github.com/restore-toolkit/professional-support-toolkit/"
DATA_PAGES = {  # built page -> (the data file behind it, the page's own Markdown file)
    "glossary/": ("data/glossary.yaml", "docs/glossary.md"),
    "sources/": ("data/sources.yaml", "docs/sources.md"),
    "principles/": ("data/principles.yaml", "docs/principles.md"),
    "about/programme-theory/": ("data/programme-theory.yaml", "docs/about/programme-theory.md"),
    "changes/": ("data/releases.yaml", "docs/changes.md"),
    "recommendations/": ("data/recommendations.yaml", "docs/recommendations/index.md"),
    "case-studies/": ("data/case-studies.yaml", "docs/case-studies/index.md"),
}
_EDIT = re.compile(r'href="(https://github\.com/restore-toolkit/professional-support-toolkit/edit/[^"]+)"')


def edit_links(site, url: str) -> set[str]:
    """Every link on a page that opens a file for editing (the edit button or footer link, and notes)."""
    return set(_EDIT.findall((site / url / "index.html").read_text(encoding="utf-8")))


@pytest.mark.parametrize("url", DATA_PAGES)
def test_pages_built_from_data_edit_the_data_file(built_site, url):
    data_file, page_file = DATA_PAGES[url]
    # The page's own edit link opens the data file; the note also links the Markdown of its introduction.
    assert edit_links(built_site, url) == {f"{REPO}edit/main/{data_file}", f"{REPO}edit/main/{page_file}"}
    html = (built_site / url / "index.html").read_text(encoding="utf-8")
    assert f"made from <code>{data_file}</code>" in html or (
        url == "changes/" and f"release notes in <code>{data_file}</code>" in html and "<code>history</code>" in html)


@pytest.mark.parametrize("kind,folder,data_file", [("recommendations", "recommendations", "data/recommendations.yaml"),
                                                   ("case_studies", "case-studies", "data/case-studies.yaml")])
def test_item_pages_edit_the_data_file_and_link_the_items_line(built_site, toolkit, kind, folder, data_file):
    parsed, problems = read_yaml(ROOT / data_file, data_file)
    assert not problems
    items = getattr(toolkit, kind)
    assert items
    for index, item in enumerate(items):
        url = f"{folder}/{item['id'].lower()}/"
        assert edit_links(built_site, url) == {f"{REPO}edit/main/{data_file}"}, url  # never the page stub
        line = parsed.lines[(kind, index, "id")]  # where the loader places the item's ID
        html = (built_site / url / "index.html").read_text(encoding="utf-8")
        assert f'href="{REPO}blob/main/{data_file}#L{line}"' in html, f"/{url}: no link to line {line}"
        assert f"<code>{data_file}</code>, line {line}" in html


def test_hand_written_pages_edit_their_own_markdown(built_site):
    for url, page in (("contribute/", "docs/contribute/index.md"), ("", "docs/index.md"),
                      ("about/methods/", "docs/about/methods.md")):
        assert edit_links(built_site, url) == {f"{REPO}edit/main/{page}"}


def test_item_lines_agree_with_the_loader_on_every_data_file():
    for name in ("recommendations.yaml", "case-studies.yaml", "glossary.yaml", "sources.yaml", "principles.yaml"):
        parsed, _ = read_yaml(ROOT / "data" / name, name)
        key = next(k for k in parsed.data if isinstance(parsed.data[k], list))
        from_loader = {item["id"]: parsed.lines[(key, i, "id")] for i, item in enumerate(parsed.data[key])}
        found = item_lines((ROOT / "data" / name).read_text(encoding="utf-8"))
        assert {k: found[k] for k in from_loader if k in found} == {k: v for k, v in from_loader.items() if k in found}


def test_the_helpers():
    assert data_file_for("# Glossary\n\n{{ glossary_list() }}\n") == "data/glossary.yaml"
    assert data_file_for("{{ cite('price2021-medu') }}") is None
    assert item_lines("x:\n  - id: TK01\n    title: a\n  - {id: TK02}\n  - id: \"CS03\"  # note\n") == \
        {"TK01": 2, "CS03": 5}
    assert repository_urls(f"{REPO}edit/main/docs/") == (f"{REPO}edit/main/", f"{REPO}blob/main/")
    assert repository_urls("https://example.org/edit/") is None
