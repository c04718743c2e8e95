"""The content schemas: bundle them, validate data against them, explain failures plainly.

``schema/*.schema.json`` is the single definition of every field. Editors read the files as
they are; the build bundles each with ``common.schema.json`` so that it stands alone. Valid
data takes a compiled fast path; only data with problems goes through ``jsonschema`` to
collect every error with its path.
"""

from __future__ import annotations

import datetime
import difflib
import functools
import json
from pathlib import Path

import fastjsonschema
import jsonschema

from .yamlpos import Problem, field_name

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schema"
COMMON_REF = '"common.schema.json#/$defs/'

# Content type -> (data file, schema file). The order is the order problems are reported in.
CONTENT_TYPES = {
    "recommendation": ("recommendations.yaml", "recommendation.schema.json"),
    "case_study": ("case-studies.yaml", "case-study.schema.json"),
    "principle": ("principles.yaml", "principle.schema.json"),
    "programme_theory": ("programme-theory.yaml", "programme-theory.schema.json"),
    "source": ("sources.yaml", "source.schema.json"),
    "term": ("glossary.yaml", "glossary.schema.json"),
    "release": ("releases.yaml", "release.schema.json"),
}

_TYPE_WORDS = {
    "string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
    "array": "a list (lines starting with '- ')", "object": "a group of fields (a mapping)", "null": "nothing",
}


def _is_date(value: object) -> bool:
    """True for a real calendar date written YYYY-MM-DD."""
    try:
        datetime.date.fromisoformat(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return True


_FORMATS = jsonschema.FormatChecker(formats=())
_FORMATS.checks("date")(_is_date)


@functools.cache
def bundled(schema_file: str, schema_dir: Path = SCHEMA_DIR) -> dict:
    """One content schema with the shared definitions folded in, so it stands alone."""
    schema = json.loads((schema_dir / schema_file).read_text(encoding="utf-8"))
    common = json.loads((schema_dir / "common.schema.json").read_text(encoding="utf-8"))
    schema.setdefault("$defs", {}).update(common["$defs"])
    return json.loads(json.dumps(schema).replace(COMMON_REF, '"#/$defs/'))


@functools.cache
def _fast_validator(schema_file: str, schema_dir: Path):
    return fastjsonschema.compile(bundled(schema_file, schema_dir), formats={"date": _is_date})


def validate(data: object, schema_file: str, lines: dict, shown_as: str,
             schema_dir: Path = SCHEMA_DIR) -> list[Problem]:
    """Every way ``data`` breaks its schema, each located by line and field path."""
    try:
        _fast_validator(schema_file, schema_dir)(data)
        return []
    except fastjsonschema.JsonSchemaException:
        pass
    root = bundled(schema_file, schema_dir)
    validator = jsonschema.Draft202012Validator(root, format_checker=_FORMATS)
    problems = []
    for error in validator.iter_errors(data):
        for path, message in _explain(error, root):
            problems.append(Problem(shown_as, _line_of(lines, path), labelled(path, data), message))
    return sorted(set(problems), key=lambda p: (p.line, p.field, p.message))


def _line_of(lines: dict, path: tuple) -> int:
    """The line of ``path``, or of its nearest ancestor that has one."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


def labelled(path: tuple, data: object) -> str:
    """The field path, with the item's ID added when the path is inside a listed item."""
    name = field_name(path)
    if len(path) >= 2 and isinstance(data, dict) and isinstance(path[1], int):
        items = data.get(path[0])
        if isinstance(items, list) and path[1] < len(items) and isinstance(items[path[1]], dict):
            item_id = items[path[1]].get("id") or items[path[1]].get("edition")
            if isinstance(item_id, str):
                return f"{name} (item {item_id})"
    return name


def _allowed(values) -> str:
    return ", ".join(repr(v) if not isinstance(v, str) else f"'{v}'" for v in values)


def _suggest(word: object, choices) -> str:
    close = difflib.get_close_matches(str(word), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" Did you mean '{close[0]}'?" if close else ""


def _found(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (true/false)"
    if isinstance(value, (dict, list)):
        return _TYPE_WORDS["object" if isinstance(value, dict) else "array"]
    if value is None:
        return "nothing (the field is blank)"
    return repr(value)


def resolve(spec: dict, root: dict) -> dict:
    """Follow ``$ref`` chains; keywords written beside a reference win over the referenced ones."""
    merged: dict = {}
    while True:
        merged = {**{k: v for k, v in spec.items() if k != "$ref"}, **merged}
        ref = spec.get("$ref")
        if not ref:
            return merged
        spec = root
        for part in ref.removeprefix("#/").split("/"):
            spec = spec[part]


def _required(error, root) -> list[tuple[tuple, str]]:
    path, value = tuple(error.absolute_path), error.instance
    out = []
    for name in (n for n in error.validator_value if isinstance(value, dict) and n not in value):
        field = resolve(error.schema.get("properties", {}).get(name, {}), root)
        allowed = f" Allowed values: {_allowed(field['enum'])}." if "enum" in field else ""
        out.append((path, f"the required field '{name}' is missing. {field.get('description', '')}{allowed}".strip()))
    return out


def _additional(error, root) -> list[tuple[tuple, str]]:
    allowed = list(error.schema.get("properties", {}))
    return [(tuple(error.absolute_path) + (extra,),
             f"'{extra}' is not a field here.{_suggest(extra, allowed)} Allowed fields: {', '.join(allowed)}.")
            for extra in error.instance if extra not in allowed]


def _enum(error, root):
    return (f"{_found(error.instance)} is not an allowed value.{_suggest(error.instance, error.validator_value)} "
            f"Allowed values: {_allowed(error.validator_value)}.")


def _type(error, root):
    expected = error.validator_value
    wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
    return f"this should be {wanted}, but it is {_found(error.instance)}."


def _pattern(error, root):
    if error.validator_value == "\\S":
        return "the text is empty. Write the text, or remove the field if it is optional."
    example = error.schema.get("examples", [None])[0]
    shape = f"; it should look like '{example}'" if example else f"; it must match {error.validator_value}"
    return f"{_found(error.instance)} is not in the right form{shape}. {error.schema.get('description', '')}".strip()


def _any_of(error, root):
    options = error.validator_value
    if all("required" in option for option in options):
        return f"give at least one of {' or '.join(repr(o['required'][0]) for o in options)}."
    return error.message


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# Validator keyword -> message (or, for keywords naming several fields, a list of (path, message)).
_MESSAGES = {
    "enum": _enum,
    "type": _type,
    "pattern": _pattern,
    "anyOf": _any_of,
    "minLength": lambda e, r: "the text is empty. Write the text, or remove the field if it is optional.",
    "format": lambda e, r: f"{_found(e.instance)} is not a real date. Write dates as YYYY-MM-DD, "
                           "for example 2026-11-23.",
    "minItems": lambda e, r: f"the list needs at least {_plural(e.validator_value, 'item')}; it has {len(e.instance)}.",
    "maxLength": lambda e, r: f"the text is {len(e.instance)} characters long; the limit is {e.validator_value}.",
    "uniqueItems": lambda e, r: "the list names the same value more than once. Remove the repeat.",
    "minimum": lambda e, r: f"{_found(e.instance)} is too small; it must be at least {e.validator_value}.",
    "maximum": lambda e, r: f"{_found(e.instance)} is too large; it must be at most {e.validator_value}.",
}
_MULTI = {"required": _required, "additionalProperties": _additional}


def _explain(error: jsonschema.ValidationError, root: dict) -> list[tuple[tuple, str]]:
    """Plain-English messages for one schema error: [(field path, message)]."""
    if error.validator in _MULTI:
        return _MULTI[error.validator](error, root)
    message = _MESSAGES.get(error.validator, lambda e, r: e.message)(error, root)
    return [(tuple(error.absolute_path), message)]
