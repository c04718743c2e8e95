"""The field reference: every field of every content type, generated from the schemas.

The page is written from ``schema/*.schema.json`` at build time, so it always says what the
build checks. Nothing here is typed twice: meaning, required or optional, type, allowed
values and ID forms all come from the schema. Pure functions: schemas in, Markdown out.
"""

from __future__ import annotations

from .codes import CODES, anchor
from .schemas import CONTENT_TYPES, bundled, resolve
from .text import esc

# The anchors a contributor lands on from an error message that names a data file.
ANCHORS = {data_file: data_file.removesuffix(".yaml") for data_file, _ in CONTENT_TYPES.values()}

_TYPES = {"string": "Text", "integer": "A whole number", "number": "A number",
          "boolean": "`true` or `false`", "object": "A group of the fields listed below"}


def field_reference(tk, here: str, part: str = "fields") -> str:
    """Macro: the reference for every content type, in the order problems are reported.

    ``field_reference("codes")`` gives the table of message codes, from the one list in ``macros/codes.py``
    (which also writes the messages page, contribute/messages.md).
    """
    if part == "codes":
        return render_code_table(here)
    return render_reference([(data_file, bundled(schema_file)) for data_file, schema_file in CONTENT_TYPES.values()])


def render_code_table(here: str) -> str:
    """Every message code with its title, each linking to its entry on the messages page."""
    page = "messages.md" if here.startswith("contribute/") else "contribute/messages.md"
    rows = [f"| [`{code}`]({page}#{anchor(code)}) | {esc(title)} |" for code, (title, _, _) in CODES.items()]
    return "| Code | Problem |\n| --- | --- |\n" + "\n".join(rows) + "\n"



def render_reference(schemas: list[tuple[str, dict]]) -> str:
    """Markdown for [(data file name, bundled schema)]: one section per file, one entry per field."""
    return "\n".join(_file_section(data_file, schema) for data_file, schema in schemas)


def _file_section(data_file: str, schema: dict) -> str:
    entries = "\n".join(_entry(path, spec, required, schema) for path, spec, required in walk(schema, schema))
    title = schema.get("title", f"data/{data_file}")
    where = "" if f"data/{data_file}" in title else f"File: `data/{data_file}`. "
    return (f"## {esc(title)} {{ #{ANCHORS[data_file]} }}\n\n"
            f"{where}{esc(schema.get('description', ''))}\n\n"
            # The entries stay out of the search index: they are long and would crowd every search.
            f"<div data-search-exclude markdown>\n\n{entries}\n\n</div>\n")


def walk(spec: dict, root: dict, path: str = "", required: bool = True):
    """Yield (field path, resolved schema, required) for every field, depth first, in schema order.

    Paths are written as in error messages, with ``[]`` standing for "each item of the list":
    ``recommendations[].why_it_works.context``, ``recommendations[].history[].date``.
    """
    spec = resolve(spec, root)
    if path:
        yield path, spec, required
    if spec.get("type") == "object" or "properties" in spec:
        needed = set(spec.get("required", []))
        for name, child in spec.get("properties", {}).items():
            yield from walk(child, root, f"{path}.{name}" if path else name, name in needed)
    items = resolve(spec.get("items", {}), root) if "items" in spec else {}
    if items.get("type") == "object" or "properties" in items:
        # The list's items are groups of fields: describe those fields, not the item itself.
        needed = set(items.get("required", []))
        for name, child in items.get("properties", {}).items():
            yield from walk(child, root, f"{path}[].{name}", name in needed)


def _entry(path: str, spec: dict, required: bool, root: dict) -> str:
    """One definition-list entry: the path, then required/optional, type, meaning and values."""
    need = "**Required.**" if required else "Optional."
    lines = [f"{need} {_kind(spec, root)}"]
    if spec.get("description"):
        lines.append(esc(_meaning(spec["description"], required)))
    lines += _rules(spec, root)
    values = _values(spec, root)
    body = "\n    ".join(lines)
    return f"`{path}`\n:   {body}{values}\n"


def _meaning(description: str, required: bool) -> str:
    """The schema's description, without an 'Optional:' the entry already states."""
    if not required and description.lower().startswith("optional"):
        rest = description[len("optional"):].lstrip(": ")
        return rest[:1].upper() + rest[1:]
    return description


def _kind(spec: dict, root: dict) -> str:
    """The value's type in words, with its size limits."""
    if "enum" in spec:
        return "One of the values listed below."
    kind = spec.get("type")
    if kind == "array":
        items = resolve(spec.get("items", {}), root)
        if "enum" in items:
            what = "values from the list below"
        elif items.get("type") == "object":
            return "A list. Each item is a group of the fields listed below" + _limits(spec)
        else:
            what = "text items" if items.get("type") == "string" else "values"
        return f"A list of {what}" + _limits(spec)
    words = _TYPES.get(kind, "A value")
    if kind == "string" and spec.get("format") == "date":
        words = "A date, written YYYY-MM-DD"
    if spec.get("maxLength"):
        words += f", at most {spec['maxLength']} characters"
    if "minimum" in spec and "maximum" in spec:
        words += f", from {spec['minimum']} to {spec['maximum']}"
    return words + "."


def _limits(spec: dict) -> str:
    """How many items a list needs, and whether repeats are allowed."""
    limits = []
    if spec.get("minItems", 0) > 1:
        limits.append(f"at least {spec['minItems']}")
    elif spec.get("minItems") == 1:
        limits.append("at least one")
    if spec.get("uniqueItems"):
        limits.append("no repeats")
    return f" ({', '.join(limits)})." if limits else "."


def _rules(spec: dict, root: dict) -> list[str]:
    """The form an ID, code or address must take (by example, not as a pattern), and field rules."""
    rules = []
    if spec.get("examples"):
        rules.append("For example: " + ", ".join(f"`{e}`" for e in spec["examples"]) + ".")
    elif spec.get("pattern") and spec["pattern"] != "\\S" and spec.get("format") != "date":
        rules.append(f"It must match the pattern `{spec['pattern']}`.")
    group = resolve(spec.get("items", {}), root) if spec.get("type") == "array" else spec
    if group.get("additionalProperties") is False and "properties" in group:
        rules.append("Only the fields listed below are allowed here: a misspelt or extra name is an error.")
    options = group.get("anyOf", [])
    if options and all("required" in option for option in options):
        names = " or ".join(f"`{option['required'][0]}`" for option in options)
        rules.append(f"Each {'item' if group is not spec else 'group'} needs at least one of {names}.")
    return rules


def _values(spec: dict, root: dict) -> str:
    """The allowed values, each with its meaning where the schema gives one."""
    source = spec if "enum" in spec else resolve(spec.get("items", {}), root) if spec.get("type") == "array" else {}
    if "enum" not in source:
        return ""
    meanings = source.get("enumDescriptions", [])
    rows = [f"- `{value}`" + (f": {esc(meanings[i])}" if i < len(meanings) else "")
            for i, value in enumerate(source["enum"])]
    return "\n\n    Allowed values:\n\n" + "\n".join(f"    {row}" for row in rows)
