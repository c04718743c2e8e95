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


# Keywords that only describe a field. Everything else written beside a "$ref" is a rule to check.
_ANNOTATIONS = {"$ref", "$schema", "$id", "$comment", "$defs", "title", "description", "examples", "default",
                "enumDescriptions"}


def _refs_in_all_of(spec):
    """The schema with every rule written beside a "$ref" moved, with the reference, into an "allOf".

    In JSON Schema 2020-12 (what the schemas declare, and what ``jsonschema`` checks) a keyword beside
    "$ref" applies as well as the referenced schema. fastjsonschema implements draft 7, where a
    "$ref" makes its siblings be ignored: a title's "maxLength" was silently skipped. "allOf" means
    the same in both drafts, so the fast path and the full check agree.
    """
    if isinstance(spec, list):
        return [_refs_in_all_of(item) for item in spec]
    if not isinstance(spec, dict):
        return spec
    spec = {key: _refs_in_all_of(value) if key not in ("enum", "const", "examples") else value
            for key, value in spec.items()}
    rules = {key: value for key, value in spec.items() if key not in _ANNOTATIONS}
    if "$ref" not in spec or not rules:
        return spec
    described = {key: value for key, value in spec.items() if key in _ANNOTATIONS and key != "$ref"}
    return {**described, "allOf": [{"$ref": spec["$ref"]}, rules]}


def fast_schema(schema_file: str, schema_dir: Path = SCHEMA_DIR) -> dict:
    """The bundled schema as the fast validator reads it (draft 7): the same rules, written for draft 7."""
    schema = _refs_in_all_of(bundled(schema_file, schema_dir))
    schema["$schema"] = "http://json-schema.org/draft-07/schema#"
    return schema


@functools.cache
def _fast_validator(schema_file: str, schema_dir: Path):
    return fastjsonschema.compile(fast_schema(schema_file, schema_dir), formats={"date": _is_date})


def full_validator(schema_file: str, schema_dir: Path = SCHEMA_DIR) -> jsonschema.Draft202012Validator:
    """The full validator (JSON Schema 2020-12), which finds every error with its path."""
    return jsonschema.Draft202012Validator(bundled(schema_file, schema_dir), format_checker=_FORMATS)


def fast_accepts(data: object, schema_file: str, schema_dir: Path = SCHEMA_DIR) -> bool:
    try:
        _fast_validator(schema_file, schema_dir)(data)
    except fastjsonschema.JsonSchemaException:
        return False
    return True


def validate(data: object, schema_file: str, lines: dict, shown_as: str,
             schema_dir: Path = SCHEMA_DIR) -> list[Problem]:
    """Every way ``data`` breaks its schema, each located by line and field path."""
    if fast_accepts(data, schema_file, schema_dir):
        return []
    root = bundled(schema_file, schema_dir)
    found: dict = {}  # (path, keyword group) -> (rank, Problem): one message per value
    for error in full_validator(schema_file, schema_dir).iter_errors(data):
        multi = error.validator in _MULTI
        for path, message in _explain(error, root):
            code = _code(error)
            problem = Problem(shown_as, _line_of(lines, path), labelled(path, data), message, code)
            slot = (path, message) if multi else (path,)
            rank = _RANK.get(error.validator, len(_RANK))
            if slot not in found or rank < found[slot][0]:
                found[slot] = (rank, problem)
    return sorted({problem for _, problem in found.values()}, key=lambda p: (p.line, p.field, p.message))


# When one value breaks several rules, only the most telling is reported (a date such as 2026-2-30
# breaks both its pattern and the date format: the contributor needs to read one message, once).
_RANK = {keyword: n for n, keyword in enumerate(["type", "enum", "format", "minLength", "pattern", "maxLength"])}


def _code(error) -> str:
    keyword = error.validator
    if keyword == "pattern":
        if error.validator_value == "\\S":
            return "TK-E025"
        name = next((p for p in reversed(list(error.absolute_path)) if isinstance(p, str)), "")
        return {"url": "TK-E032", "doi": "TK-E033"}.get(name, "TK-E024")
    return _KEYWORD_CODES.get(keyword, "TK-E039")


_KEYWORD_CODES = {"additionalProperties": "TK-E020", "required": "TK-E021", "type": "TK-E022", "enum": "TK-E023",
                  "minLength": "TK-E025", "format": "TK-E026", "maxLength": "TK-E027", "minItems": "TK-E028",
                  "maxItems": "TK-E034",
                  "uniqueItems": "TK-E029", "minimum": "TK-E030", "maximum": "TK-E030", "anyOf": "TK-E031"}


def _line_of(lines: dict, path: tuple) -> int:
    """The line of ``path``, or of its nearest ancestor that has one."""
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path, 1)


def labelled(path: tuple, data: object) -> str:
    """The field path, naming listed items by their IDs: ``recommendations[TK03].title``."""
    return field_name(path, data)


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
    path = list(error.absolute_path)
    if path and path[-1] == "fingerprint" and expected == "string":
        return (f"this should be text, but it is {_found(error.instance)}: YAML reads a fingerprint of digits only "
                f"as a number. Put it in double quotes: fingerprint: \"{error.instance}\".")
    wanted = " or ".join(_TYPE_WORDS.get(t, t) for t in ([expected] if isinstance(expected, str) else expected))
    return f"this should be {wanted}, but it is {_found(error.instance)}."


def _pattern(error, root):
    if error.validator_value == "\\S":
        return "the text is empty. Write the text, or remove the field if it is optional."
    name = next((p for p in reversed(list(error.absolute_path)) if isinstance(p, str)), "")
    if name == "url":
        return (f"{_found(error.instance)} is not a web address the toolkit accepts. It must be a complete address "
                "starting https:// (or http://), with only the characters web addresses allow (RFC 3986): no "
                "spaces, quotation marks, angle brackets, backticks or braces. Write a space as %20; copy the "
                "address again from the browser's address bar.")
    if name == "doi":
        return (f"{_found(error.instance)} is not in the right form for a DOI; it should look like "
                "'10.1111/medu.14528': "
                "'10.', the registrant number, a slash and the rest, with no spaces and without https://doi.org/ "
                "in front.")
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
    "maxItems": lambda e, r: f"the list has {len(e.instance)} items; at most {e.validator_value} are allowed. "
                             "Keep the most useful ones.",
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
