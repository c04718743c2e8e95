"""Is an edition ready to publish? Run by the publishing workflow before it deploys a tag.

    python -m macros.release v1.2.0            # a release tag (or just 1.2), the project's data/
    python -m macros.release v1.2.0 PATH       # another project folder holding data/
    python -m macros.release --prepare v1.2.0  # first: mark the unreleased changes as in edition 1.2

``--prepare`` edits the data files line by line (nothing else in them changes): every history entry
that says 'unreleased' gets the edition's number, the newest entry of each item it publishes gets
its content fingerprint, and each item published for the first time gets its line in
data/published-ids.yaml. It touches only items with unreleased entries: an item changed without a
history entry still stops the check.

Prints the edition's number (MAJOR.MINOR, the folder it is published in) and exits 0 when it is
ready. Otherwise it prints what to fix and exits 1, so a forgotten step stops the release instead
of putting a wrongly labelled edition online.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from . import integrity
from .loader import ROOT, DataError, load_toolkit
from .yamlpos import read_yaml

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
        problems.append(f"History entries of {', '.join(waiting)} still say 'unreleased'. Run "
                        f"`python -m macros.release --prepare {edition}`: it changes them to \"{edition}\" (so the "
                        "'What has changed' page lists them under this edition), adds each newly published entry's "
                        "fingerprint and registers items published for the first time in data/published-ids.yaml.")
    return problems


def prepare(root: Path, edition: str) -> list[str]:
    """Mark every unreleased history entry as in ``edition``, by editing lines; return what was done."""
    data_dir = Path(root) / "data"
    done, register_lines = [], []
    register_path = data_dir / integrity.REGISTER[0]
    registered = set()
    if register_path.exists():
        parsed, _ = read_yaml(register_path, "published-ids.yaml")
        entries = parsed.data.get("published", []) if parsed and isinstance(parsed.data, dict) else []
        registered = {e.get("id") for e in entries if isinstance(e, dict)}
    files = {"recommendation": "recommendations.yaml", "case_study": "case-studies.yaml",
             "principle": "principles.yaml"}
    for ctype, list_key, _noun, register_type in integrity.HISTORY_TYPES:
        path = data_dir / files[ctype]
        parsed, problems = read_yaml(path, f"data/{path.name}")
        if parsed is None or problems:
            raise DataError(problems)
        lines = parsed.source.split("\n")
        inserts: list[tuple[int, str]] = []
        for index, item in enumerate(parsed.data.get(list_key, [])):
            history = item.get("history", [])
            waiting = [j for j, entry in enumerate(history) if entry.get("edition") == integrity.UNRELEASED]
            if not waiting:
                continue
            for j in waiting:
                number = parsed.lines[(list_key, index, "history", j, "edition")] - 1
                lines[number] = re.sub(r"\bedition:(\s*)unreleased\b", rf'edition:\g<1>"{edition}"', lines[number],
                                       count=1)
                history[j]["edition"] = edition
            value = integrity.fingerprint(item)
            newest = len(history) - 1
            entry_line = parsed.lines[(list_key, index, "history", newest)] - 1
            if (list_key, index, "history", newest, "fingerprint") in parsed.lines:
                number = parsed.lines[(list_key, index, "history", newest, "fingerprint")] - 1
                lines[number] = integrity._with_fingerprint(lines[number], value) or lines[number]
            elif integrity._with_fingerprint(lines[entry_line], value) and lines[entry_line].rstrip().endswith("}"):
                lines[entry_line] = integrity._with_fingerprint(lines[entry_line], value)
            else:  # an entry written over several lines: the fingerprint goes on a line of its own
                number = parsed.lines[(list_key, index, "history", newest, "edition")] - 1
                text = lines[number]
                spaces = len(text) - len(text.lstrip(" "))
                indent = " " * (spaces + 2 if text.lstrip().startswith("- ") else spaces)
                inserts.append((number + 1, f'{indent}fingerprint: "{value}"'))
            done.append(f"{item['id']}: {len(waiting)} entr{'y' if len(waiting) == 1 else 'ies'} now in edition "
                        f"{edition}, fingerprint {value}")
            if item["id"] not in registered:
                register_lines.append(integrity.register_entry(register_type, item))
                done.append(f"{item['id']}: added to data/published-ids.yaml")
        for number, text in sorted(inserts, reverse=True):
            lines.insert(number, text)
        path.write_text("\n".join(lines), encoding="utf-8")
    if register_lines:
        text = register_path.read_text(encoding="utf-8") if register_path.exists() else "published:\n"
        register_path.write_text(text.rstrip("\n") + "\n" + "\n".join(register_lines) + "\n", encoding="utf-8")
    return done


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    preparing = "--prepare" in args
    args = [a for a in args if a != "--prepare"]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    edition = edition_of(args[0])
    if edition is None:
        print(f"'{args[0]}' is not a release tag. Tags look like v1.2.0.", file=sys.stderr)
        return 1
    root = Path(args[1]) if len(args) > 1 else ROOT
    try:
        tk = load_toolkit(root)
        if preparing:
            done = prepare(root, edition)
            print("\n".join(done) if done else "Nothing was waiting for an edition.")
            tk = load_toolkit(root)
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
