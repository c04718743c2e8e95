"""Fast content check: validate the data files without building the site.

    python -m macros.check            # the project's data/
    python -m macros.check PATH       # another project folder holding data/
    python -m macros.check --github   # also write each problem as a GitHub Actions annotation

Prints the same file, line and field messages as the build, and exits 1 if there are any. On
GitHub Actions (GITHUB_ACTIONS=true) the annotations are written without being asked for, so each
problem shows on the changed line of the pull request. `make check` runs this after yamllint.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .codes import help_url, title
from .loader import ROOT, DataError, format_problems, load_toolkit
from .yamlpos import Problem


def plural(noun: str) -> str:
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def _escape(text: str, property_value: bool = False) -> str:
    """Escape a value for a workflow command (as @actions/core does)."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text


def annotation(problem: Problem) -> str:
    """One problem as a GitHub Actions error annotation on its file and line."""
    heading = f"{problem.code} {title(problem.code)}"
    message = f"Field {problem.field}: {problem.message}\n{problem.code}: {help_url(problem.code)}"
    return (f"::error file={_escape(problem.file, True)},line={problem.line},title={_escape(heading, True)}::"
            f"{_escape(message)}")


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    github = "--github" in args or os.environ.get("GITHUB_ACTIONS") == "true"
    args = [a for a in args if a != "--github"]
    root = Path(args[0]) if args else ROOT
    from .render_contributors import load_contributors  # the contributors page's file, checked as the build does

    problems, tk = [], None
    for load in (load_toolkit, load_contributors):
        try:
            result = load(root)
        except DataError as err:
            problems += err.problems
        else:
            tk = result if load is load_toolkit else tk
    if problems:
        if github:
            print("\n".join(annotation(problem) for problem in problems))
        print(format_problems(problems, built=False), file=sys.stderr)
        return 1
    counts = [(tk.recommendations, "recommendation"), (tk.case_studies, "case study"), (tk.principles, "principle"),
              (tk.terms, "glossary term"), (tk.sources, "source")]
    print("Data OK: " + ", ".join(f"{len(items)} {noun if len(items) == 1 else plural(noun)}"
                                  for items, noun in counts) + ".")
    return 0


if __name__ == "__main__":
    sys.exit(main())
