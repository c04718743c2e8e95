"""Which edition is being built, and when each hand-written page last changed.

The release workflow sets ``TOOLKIT_EDITION`` (for example ``1.0``) when it publishes an
edition. Any other build is a development build of the next edition.
"""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path

from .text import date_uk


def edition_info(tk, environ=os.environ) -> dict:
    """Number, label and date of the edition being built, for page footers and the PDF cover."""
    wanted = environ.get("TOOLKIT_EDITION", "").strip()
    release = next((e for e in tk.editions if e["edition"] == wanted), None)
    if release:
        return {"number": release["edition"], "label": f"Edition {release['edition']}",
                "date": release["date"], "date_uk": date_uk(release["date"]), "released": True}
    latest = tk.editions[0]
    newest_change = max([h["date"] for item in [*tk.recommendations, *tk.case_studies, *tk.principles]
                         for h in item["history"]] + [latest["date"]])
    return {"number": "dev", "label": f"Development version (after edition {latest['edition']})",
            "date": newest_change, "date_uk": date_uk(newest_change), "released": False}


def git_dates(root: Path, docs_dir: Path, pattern: str = "*.md") -> dict[str, str]:
    """Folder-relative path -> date (YYYY-MM-DD) of the last commit that touched it.

    One ``git log`` call for the whole folder. Files git does not know fall back to their
    modification date; without git at all, every page falls back that way.
    """
    dates: dict[str, str] = {}
    try:
        log = subprocess.run(["git", "log", "--format=%x00%cs", "--name-only", "--", str(docs_dir)],
                             cwd=root, capture_output=True, text=True, check=True, timeout=30).stdout
    except (OSError, subprocess.SubprocessError):
        log = ""
    docs, top = docs_dir.resolve(), root.resolve()
    prefix = f"{docs.relative_to(top).as_posix()}/" if docs.is_relative_to(top) else ""
    for block in log.split("\x00")[1:]:
        day, *names = block.strip().splitlines()
        for name in names:
            if name.startswith(prefix):
                dates.setdefault(name[len(prefix):], day)
    for path in docs_dir.rglob(pattern):
        rel = path.relative_to(docs_dir).as_posix()
        if rel not in dates:
            dates[rel] = datetime.date.fromtimestamp(path.stat().st_mtime).isoformat()
    return dates


def data_changed(tk, data_dates: dict[str, str]) -> str:
    """When the data last changed: the newest history entry or data-file commit."""
    history = [h["date"] for item in [*tk.recommendations, *tk.case_studies, *tk.principles] for h in item["history"]]
    return max([*history, *data_dates.values()])
