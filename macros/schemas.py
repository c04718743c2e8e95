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
    validator = jsonschema.Draft202012Validator(bundled(schema_file, schema_dir), format_checker=_FORMATS)
    problems = []
    for error in validator.iter_errors(data):
        for path, message in _explain(error):
            problems.append(Problem(shown_as, _line_of(lines, path), _labelled(path, data), message))
    return sorted(set(problems), key=lambda p: (p.line, p.field, p.message))


def _line_of(lines: dict, path: tuple) -> int:
    """The line of ``path``, or of its nearest ancestor that has one."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


def _labelled(path: tuple, data: object) -> str:
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


def _explain(error: jsonschema.ValidationError) -> list[tuple[tuple, str]]:
    """Plain-English messages for one schema error: [(field path, message)]."""
    path = tuple(error.absolute_path)
    kind, expected, value, schema = error.validator, error.validator_value, error.instance, error.schema
    if kind == "required":
        missing = [name for name in expected if isinstance(value, dict) and name not in value]
        description = schema.get("properties", {}).get(missing[0], {}).get("description", "") if missing else ""
        return [(path, f"the required field '{name}' is missing. {description}".strip()) for name in missing]
    if kind == "additionalProperties":
        allowed = list(schema.get("properties", {}))
        return [
            (path + (extra,), f"'{extra}' is not a field here.{_suggest(extra, allowed)} "
                              f"Allowed fields: {', '.join(allowed)}.")
            for extra in value if extra not in allowed
        ]
    if kind == "enum":
        return [(path, f"{_found(value)} is not an allowed value.{_suggest(value, expected)} "
                       f"Allowed values: {_allowed(expected)}.")]
    if kind == "type":
        wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
        return [(path, f"this should be {wanted}, but it is {_found(value)}.")]
    if kind == "minLength" or (kind == "pattern" and expected == "\\S"):
        return [(path, "the text is empty. Write the text, or remove the field if it is optional.")]
    if kind == "pattern":
        example = schema.get("examples", [None])[0]
        shape = f"; it should look like '{example}'" if example else f"; it must match {expected}"
        return [(path, f"{_found(value)} is not in the right form{shape}. {schema.get('description', '')}".strip())]
    if kind == "format":
        return [(path, f"{_found(value)} is not a real date. Write dates as YYYY-MM-DD, for example 2026-11-23.")]
    if kind == "minItems":
        return [(path, f"the list needs at least {expected} item{'s' if expected > 1 else ''}; it has {len(value)}.")]
    if kind == "maxLength":
        return [(path, f"the text is {len(value)} characters long; the limit is {expected}. Shorten it.")]
    if kind == "uniqueItems":
        return [(path, "the list names the same value more than once. Remove the repeat.")]
    if kind in ("minimum", "maximum"):
        return [(path, f"{_found(value)} is out of range; it must be {'at least' if kind == 'minimum' else 'at most'} {expected}.")]
    if kind == "anyOf" and all("required" in option for option in expected):
        names = " or ".join(f"'{option['required'][0]}'" for option in expected)
        return [(path, f"give at least one of {names}.")]
    return [(path, error.message)]
