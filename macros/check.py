"""Fast content check: validate the data files without building the site.

    python -m macros.check            # the project's data/
    python -m macros.check PATH       # another project folder holding data/

Prints the same file, line and field messages as the build, and exits 1 if there are any.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .loader import ROOT, DataError, format_problems, load_toolkit


def plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else ROOT
    try:
        tk = load_toolkit(root)
    except DataError as err:
        print(format_problems(err.problems, built=False), file=sys.stderr)
        return 1
    counts = [(tk.recommendations, "recommendation"), (tk.case_studies, "case study"), (tk.principles, "principle"),
              (tk.terms, "glossary term"), (tk.sources, "source")]
    print("Data OK: " + ", ".join(f"{len(items)} {noun if len(items) == 1 else plural(noun)}"
                                  for items, noun in counts) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
