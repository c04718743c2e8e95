"""Review dates: every recommendation and case study says when it is next due for review.

``due(parsed, today)`` returns (problems, warnings) for files the loader has already read: a problem
for each item whose ``next_review`` date has passed, which stops the check and the build, and a warning
for each item due within ``WARN_DAYS`` days. The loader runs it while it validates, so the files are
read once; validated data is cached for one day only (the date is part of the cache key), so the
comparison is always with today. ``overdue(root, today)`` reads the files itself, for tests and tools.
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


def due(parsed: dict, today: datetime.date | None = None) -> tuple[list[Problem], list[str]]:
    """Problems for passed review dates and warnings for dates within WARN_DAYS days.

    ``parsed`` maps a file's name as shown ("data/recommendations.yaml") to its read result (data, lines)."""
    today = today or datetime.date.today()
    problems: list[Problem] = []
    warnings: list[str] = []
    for name, key in FILES:
        result = parsed.get(f"data/{name}")
        if result is None or not isinstance(result.data, dict):
            continue  # the loader reports unreadable files
        for n, item in enumerate(result.data.get(key) or []):
            if not isinstance(item, dict) or item.get("status") == "withdrawn":
                continue
            try:
                day = datetime.date.fromisoformat(str(item.get("next_review")))
            except ValueError:
                continue  # missing or malformed: the schema check reports it
            line = result.lines.get((key, n, "next_review"), 1)
            if day < today:
                problems.append(Problem(f"data/{name}", line, labelled((key, n, "next_review"), result.data),
                                        f"the review date {day.isoformat()} has passed. Review the item against "
                                        "its sources, then set last_reviewed to today and next_review to a later "
                                        "date (usually a year on).", **CODE))
            elif (day - today).days <= WARN_DAYS:
                warnings.append(f"Warning: data/{name}, line {line}: {item.get('id', '?')} is due for review on "
                                f"{day.isoformat()}, within {WARN_DAYS} days. Plan the review now.")
    return problems, warnings


def overdue(root: Path, today: datetime.date | None = None) -> tuple[list[Problem], list[str]]:
    """The same check on the files under ``root``/data, read here."""
    parsed = {}
    for name, _ in FILES:
        path = Path(root) / "data" / name
        if path.exists():
            parsed[f"data/{name}"], _problems = read_yaml(path, f"data/{name}")
    return due(parsed, today)


def warn(warnings: list[str]) -> None:
    """Print the warnings for reviews due soon, where contributors and maintainers see them."""
    for warning in warnings:
        print(warning, file=sys.stderr)
