"""Fast content check: validate the data files without building the site.

    python -m macros.check            # the project's data/
    python -m macros.check PATH       # another project folder holding data/

Prints the same file, line and field messages as the build, and exits 1 if there are any.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .loader import ROOT, DataError, load_toolkit


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    root = Path(args[0]) if args else ROOT
    try:
        tk = load_toolkit(root)
    except DataError as err:
        print(err, file=sys.stderr)
        return 1
    print(f"Data OK: {len(tk.recommendations)} recommendations, {len(tk.case_studies)} case studies, "
          f"{len(tk.principles)} principles, {len(tk.terms)} glossary terms, {len(tk.sources)} sources.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
