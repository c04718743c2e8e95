"""The contributors page: everyone credited in data/contributors.yaml, for any kind of contribution.

``load_contributors()`` reads and checks the file against schema/contributors.schema.json and raises
``DataError`` with file, line and field, like every other data file. ``contributors()`` renders the
list as an HTML table (names are escaped: nothing in the file is read as markup).
"""

from __future__ import annotations

import html
from pathlib import Path

from .loader import ROOT, DataError
from .schemas import SCHEMA_DIR, bundled, validate
from .yamlpos import Problem, read_yaml

DATA_FILE = "data/contributors.yaml"
SCHEMA_FILE = "contributors.schema.json"


def load_contributors(root: Path = ROOT, schema_dir: Path = SCHEMA_DIR) -> list[dict]:
    """The validated entries, sorted by name."""
    path = Path(root) / DATA_FILE
    if not path.is_file():
        raise DataError([Problem(DATA_FILE, 1, "(whole file)",
                                 "the file is missing. It lists who is credited on the contributors page.")])
    parsed, problems = read_yaml(path, DATA_FILE)
    if parsed is not None:
        problems += validate(parsed.data, SCHEMA_FILE, parsed.lines, DATA_FILE, schema_dir)
    if problems:
        raise DataError(problems)
    return sorted(parsed.data["contributors"], key=lambda c: c["name"].casefold())


def meanings(schema_dir: Path = SCHEMA_DIR) -> dict[str, str]:
    """Contribution kind -> what it means, from the schema."""
    kinds = bundled(SCHEMA_FILE, schema_dir)["$defs"]["contributor"]["properties"]["contributions"]["items"]
    return dict(zip(kinds["enum"], kinds["enumDescriptions"], strict=True))


def _label(kind: str) -> str:
    return kind.replace("-", " ").capitalize()


def contributors_table(entries: list[dict]) -> str:
    """The credit table: name (linked to GitHub where given), what they contributed, and a note."""
    rows = []
    for entry in entries:
        name = html.escape(entry["name"])
        if entry.get("github"):
            account = entry["github"].lstrip("@")
            team = "/" in account
            url = (f"https://github.com/orgs/{account.split('/')[0]}/teams/{account.split('/')[1]}" if team
                   else f"https://github.com/{account}")
            name = f'<a href="{html.escape(url)}">{name}</a>'
        kinds = ", ".join(_label(k) for k in entry["contributions"])
        note = html.escape(entry.get("note", ""))
        rows.append(f"<tr><td>{name}</td><td>{html.escape(kinds)}</td><td>{note}</td></tr>")
    return ("<table>\n<thead><tr><th scope=\"col\">Name</th><th scope=\"col\">Contributed</th>"
            "<th scope=\"col\">Note</th></tr></thead>\n<tbody>\n" + "\n".join(rows) + "\n</tbody>\n</table>")


def kinds_list(schema_dir: Path = SCHEMA_DIR) -> str:
    """The kinds of contribution the page credits, with their meanings, as a Markdown list."""
    return "\n".join(f"- **{_label(kind)}**: {html.escape(meaning)}" for kind, meaning in meanings(schema_dir).items())
