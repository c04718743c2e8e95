"""Review dates: every recommendation and case study says when it is next due for review.

``overdue(root, today)`` returns (problems, warnings): a problem for each item whose
``next_review`` date has passed, which stops the check and the build, and a warning for each
item due within ``WARN_DAYS`` days. ``enforce(root)`` raises the problems and prints the warnings.
It reads the data files itself, so it runs on every load, even when validated data comes from
the cache, and the date it compares against is always today's.
"""

from __future__ import annotations

import datetime
import sys
from pathlib import Path

from .schemas import labelled
from .yamlpos import Problem, read_yaml

WARN_DAYS = 60
# The message code (TK-E060 in macros/codes.py), where problems carry codes.
CODE = {"code": "TK-E060"} if "code" in getattr(Problem, "__dataclass_fields__", {}) else {}
FILES = [("recommendations.yaml", "recommendations"), ("case-studies.yaml", "case_studies")]


def overdue(root: Path, today: datetime.date | None = None) -> tuple[list[Problem], list[str]]:
    """Problems for passed review dates and warnings for dates due within WARN_DAYS days."""
    today = today or datetime.date.today()
    problems: list[Problem] = []
    warnings: list[str] = []
    for name, key in FILES:
        path = Path(root) / "data" / name
        if not path.exists():
            continue
        result, _ = read_yaml(path, f"data/{name}")
        if result is None or not isinstance(result.data, dict):
            continue  # the loader reports unreadable files
        for n, item in enumerate(result.data.get(key) or []):
            if not isinstance(item, dict) or item.get("status") == "withdrawn":
                continue
            due = item.get("next_review")
            try:
                day = datetime.date.fromisoformat(str(due))
            except ValueError:
                continue  # missing or malformed: the schema check reports it
            line = result.lines.get((key, n, "next_review"), 1)
            where = f"data/{name}, line {line}"
            item_id = item.get("id", "?")
            if day < today:
                problems.append(Problem(f"data/{name}", line, labelled((key, n, "next_review"), result.data),
                                        f"the review date {day.isoformat()} has passed. Review the item against "
                                        "its sources, then set last_reviewed to today and next_review to a later "
                                        "date (usually a year on).", **CODE))
            elif (day - today).days <= WARN_DAYS:
                warnings.append(f"Warning: {where}: {item_id} is due for review on {day.isoformat()}, "
                                f"within {WARN_DAYS} days. Plan the review now.")
    return problems, warnings


def enforce(root: Path, today: datetime.date | None = None) -> None:
    """Print warnings for reviews due soon; raise DataError for reviews that have passed."""
    from .loader import DataError  # imported here: the loader calls this module

    problems, warnings = overdue(root, today)
    for warning in warnings:
        print(warning, file=sys.stderr)
    if problems:
        raise DataError(problems)
