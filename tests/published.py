"""Every published address: the hand-kept list in tests/published_urls.txt plus one page per item.

Item pages (recommendations/tk13/, case-studies/cs06/) come from the data, so a contributor who adds
an item touches only data/: its page is published, checked and audited like every other page.
IDs are never removed from the data (an item is withdrawn instead, and the content check refuses a
deleted ID), so an item page, once published, stays in this list. Lines already in the text file
stay there for ever as well, so an item page that disappeared would still be reported as broken.

Other test files import ``pages()`` (built pages to audit) and ``addresses()`` (pages and downloads).
"""

from __future__ import annotations

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LIST = Path(__file__).resolve().parent / "published_urls.txt"
ITEM_FILES = {  # data file -> (list key, folder of the item pages)
    "recommendations.yaml": ("recommendations", "recommendations"),
    "case-studies.yaml": ("case_studies", "case-studies"),
}


def listed(path: Path = LIST) -> list[str]:
    """The lines of the hand-kept list, docs-relative ('' for the home page)."""
    urls = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            urls.append("" if line == "./" else line)
    return urls


def item_pages(root: Path = ROOT) -> list[str]:
    """One address per recommendation and case study in ``root``/data, withdrawn ones included.

    Read with the plain YAML reader rather than the content check, so a list can still be made from
    data the check refuses (the check reports that data on its own).
    """
    urls = []
    for name, (key, folder) in ITEM_FILES.items():
        path = Path(root) / "data" / name
        data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else None
        items = data.get(key) if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                urls.append(f"{folder}/{item['id'].lower()}/")
    return urls


def addresses(root: Path = ROOT, path: Path = LIST) -> list[str]:
    """Every address that must keep working: the list, then item pages it does not name yet."""
    urls = listed(path)
    return urls + [url for url in item_pages(root) if url not in set(urls)]


def pages(root: Path = ROOT, path: Path = LIST) -> list[str]:
    """The published pages (addresses ending in '/', '' for the home page): what the audits visit."""
    return [url for url in addresses(root, path) if url == "" or url.endswith("/")]
