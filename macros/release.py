"""Is an edition ready to publish? Run by the publishing workflow before it deploys a tag.

    python -m macros.release v1.2.0          # a release tag (or just 1.2), the project's data/
    python -m macros.release v1.2.0 PATH     # another project folder holding data/

Prints the edition's number (MAJOR.MINOR, the folder it is published in) and exits 0 when it is
ready. Otherwise it prints what to fix and exits 1, so a forgotten step stops the release instead
of putting a wrongly labelled edition online.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from .loader import ROOT, DataError, load_toolkit

TAG = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?$")


def edition_of(tag: str) -> str | None:
    """'v1.2.0' -> '1.2' (patch releases republish their edition); None if it is not a release tag."""
    match = TAG.match(tag.strip())
    return f"{int(match.group(1))}.{int(match.group(2))}" if match else None


def release_problems(tk, edition: str) -> list[str]:
    """Every reason the data is not ready to be published as ``edition`` (empty when it is)."""
    problems = []
    numbers = [e["edition"] for e in tk.editions]
    if edition not in numbers:
        problems.append(f"Edition {edition} is not in data/releases.yaml. Add it at the top, with its date, "
                        "title and release note.")
    elif numbers[0] != edition:
        problems.append(f"Edition {edition} is not the newest in data/releases.yaml (that is {numbers[0]}). "
                        "Publishing it would make an older edition the latest.")
    items = [*tk.recommendations, *tk.case_studies, *tk.principles]
    waiting = [item["id"] for item in items if any(h["edition"] == "unreleased" for h in item["history"])]
    if waiting:
        problems.append(f"History entries of {', '.join(waiting)} still say 'unreleased'. Change them to "
                        f"\"{edition}\" so the 'What has changed' page lists them under this edition. Then run "
                        "`make check`: it gives each newly published entry's fingerprint, and the line to add to "
                        "data/published-ids.yaml for each item published for the first time.")
    return problems


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    edition = edition_of(args[0])
    if edition is None:
        print(f"'{args[0]}' is not a release tag. Tags look like v1.2.0.", file=sys.stderr)
        return 1
    try:
        tk = load_toolkit(Path(args[1]) if len(args) > 1 else ROOT)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    problems = release_problems(tk, edition)
    if problems:
        print(f"Edition {edition} is not ready to publish:", file=sys.stderr)
        print("\n".join(f"  - {p}" for p in problems), file=sys.stderr)
        return 1
    print(edition)
    return 0


if __name__ == "__main__":
    sys.exit(main())
