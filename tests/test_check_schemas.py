"""The fast validator and the full one agree on every rule of every schema.

Valid data takes a compiled fast path (fastjsonschema, draft 7); data with problems goes through
jsonschema (2020-12) for the messages. If the fast path let something through that the full check
refuses, a mistake would pass silently: a title over its limit did, because draft 7 ignores
keywords written beside "$ref". So, for every constraint keyword at every place in every schema,
this builds a document that is valid except for that one rule and asserts that both reject it.
"""

from __future__ import annotations

import copy
import json
import re

import fastjsonschema
import pytest

from macros.integrity import REGISTER
from macros.schemas import CONTENT_TYPES, SCHEMA_DIR, bundled, fast_accepts, full_validator

SCHEMAS = [schema for _, schema in CONTENT_TYPES.values()] + [REGISTER[1]]
CONSTRAINTS = {"type", "enum", "const", "pattern", "minLength", "maxLength", "minItems", "maxItems", "uniqueItems",
               "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "required", "additionalProperties",
               "anyOf", "oneOf", "format", "minProperties", "maxProperties"}


def _target(root: dict, ref: str) -> dict:
    node = root
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


class Sampler:
    """A valid document holding every field of a schema, and where each schema node applies in it."""

    def __init__(self, root: dict):
        self.root = root
        self.applies: dict[str, list] = {}  # schema pointer -> instance paths

    def sample(self, spec: dict, pointer: str, path: tuple, n: int = 1):
        self.applies.setdefault(pointer, []).append(path)
        if "$ref" in spec:
            value = self.sample(_target(self.root, spec["$ref"]), spec["$ref"].removeprefix("#"), path, n)
            return self._fit(spec, value, n)
        if "enum" in spec:
            return spec["enum"][0]
        kind = spec.get("type")
        if kind == "object" or "properties" in spec:
            return {name: self.sample(child, f"{pointer}/properties/{name}", path + (name,), n)
                    for name, child in spec.get("properties", {}).items()}
        if kind == "array":
            count = max(spec.get("minItems", 1), 1)
            return [self.sample(spec["items"], f"{pointer}/items", path + (i,), n + i) for i in range(count)]
        if kind == "integer":
            return spec.get("minimum", 0)
        if kind == "boolean":
            return True
        if kind == "string":
            if spec.get("examples"):
                return spec["examples"][0]
            if spec.get("format") == "date":
                return "2026-11-23"
            return f"Ordinary text {n}."
        raise AssertionError(f"cannot sample {pointer}: {spec}")

    def _fit(self, spec: dict, value, n):
        """A value from a referenced schema, adjusted to the rules written beside the reference."""
        if isinstance(value, str) and "maxLength" in spec:
            value = value[: spec["maxLength"]]
        return value


def constraints(root: dict):
    """(schema pointer, keyword, schema node) for every constraint keyword anywhere in the schema."""
    def walk(node, pointer):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in CONSTRAINTS and not (key == "type" and pointer.endswith("/properties")):
                    yield pointer, key, node
                if key not in ("enum", "examples", "const", "required", "enumDescriptions", "anyOf", "oneOf"):
                    yield from walk(value, f"{pointer}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                yield from walk(value, f"{pointer}/{i}")
    yield from walk(root, "")


def _wrong_type(allowed) -> object:
    allowed = {allowed} if isinstance(allowed, str) else set(allowed)
    for candidate, kind in ((12345, "integer"), ("text", "string"), ([], "array"), ({}, "object"), (True, "boolean")):
        if kind not in allowed and not (kind == "integer" and "number" in allowed):
            return candidate
    raise AssertionError(allowed)


_NON_MATCHES = ["x y", " ", "!!", "ZZ", "TK00", "0", "-", "a", "http://", "10.1/x", "20260101"]


def _pattern_miss(rule, value):
    bad = next(c for c in _NON_MATCHES if not re.search(rule, c))
    return [(f"{bad!r} against {rule}", bad)]


def _date_miss(rule, value):
    assert rule == "date", rule
    return [("not a real date", "2026-02-30")]


def _extra_field(rule, value):
    assert rule is False, rule
    return [("an unknown field", {**value, "unexpected_field": "x"})]


def _none_of(rule, value):
    names = {option["required"][0] for option in rule}
    return [(f"none of {sorted(names)}", {k: v for k, v in value.items() if k not in names})]


# keyword -> (rule, valid value) -> [(description, a value that breaks only that rule)]
_BREAK = {
    "type": lambda rule, value: [("wrong type", _wrong_type(rule))],
    "enum": lambda rule, value: [("value outside the list", "not-an-allowed-value")],
    "pattern": _pattern_miss,
    "minLength": lambda rule, value: [("too short", "x" * (rule - 1))],
    "maxLength": lambda rule, value: [("too long", "x" * (rule + 1))],
    "minItems": lambda rule, value: [("too few items", value[: rule - 1])],
    "maxItems": lambda rule, value: [("too many items",
                                      value + [copy.deepcopy(value[-1]) for _ in range(rule + 1 - len(value))])],
    "uniqueItems": lambda rule, value: [("a repeated item", value + value[:1])],
    "minimum": lambda rule, value: [("too small", rule - 1)],
    "maximum": lambda rule, value: [("too large", rule + 1)],
    "format": _date_miss,
    "required": lambda rule, value: [(f"without {name}", {k: v for k, v in value.items() if k != name})
                                     for name in rule],
    "additionalProperties": _extra_field,
    "anyOf": _none_of,
}


def violations(keyword: str, node: dict, value):
    """Ways to break ``keyword`` of ``node`` for a valid ``value``: [(description, new value)]."""
    assert keyword in _BREAK, f"no violation written for {keyword}"
    return _BREAK[keyword](node[keyword], value)


def _get(document, path):
    for part in path:
        document = document[part]
    return document


def _set(document, path, value):
    if not path:
        return value
    _get(document, path[:-1])[path[-1]] = value
    return document


REACHED: dict[str, set] = {}  # schema file -> pointers the sample document reaches


def cases():
    for schema_file in SCHEMAS:
        root = bundled(schema_file)
        sampler = Sampler(root)
        valid = sampler.sample(root, "", ())
        REACHED[schema_file] = set(sampler.applies)
        for pointer, keyword, node in constraints(root):
            paths = sampler.applies.get(pointer)
            if paths:  # a shared definition this schema does not use is tested where it is used
                yield pytest.param(schema_file, valid, pointer, keyword, node, paths,
                                   id=f"{schema_file}:{pointer}:{keyword}")


CASES = list(cases())


def test_every_constraint_of_every_schema_is_tested():
    assert len(CASES) > 150
    keywords = {case.values[3] for case in CASES}
    assert {"maxLength", "pattern", "required", "additionalProperties", "enum", "format"} <= keywords
    for schema_file in SCHEMAS:  # everything a schema defines itself is reached by its sample document
        own = json.loads((SCHEMA_DIR / schema_file).read_text(encoding="utf-8"))
        missing = [p for p, _, _ in constraints(own) if p not in REACHED[schema_file]]
        assert not missing, f"{schema_file}: constraints never tested: {missing}"
    common = json.loads((SCHEMA_DIR / "common.schema.json").read_text(encoding="utf-8"))
    used = set().union(*REACHED.values())
    missing = [p for p, _, _ in constraints(common) if p not in used]
    assert not missing, f"common.schema.json: constraints no schema reaches: {missing}"


@pytest.mark.parametrize("schema_file", SCHEMAS)
def test_the_sampled_document_is_valid_for_both(schema_file):
    root = bundled(schema_file)
    valid = Sampler(root).sample(root, "", ())
    assert fast_accepts(valid, schema_file)
    assert not list(full_validator(schema_file).iter_errors(valid))


@pytest.mark.parametrize(("schema_file", "valid", "pointer", "keyword", "node", "paths"), CASES)
def test_both_validators_refuse_each_broken_rule(schema_file, valid, pointer, keyword, node, paths):
    assert paths, f"{pointer} is never reached by the sample document, so its {keyword} is untested"
    path = paths[0]
    for description, broken_value in violations(keyword, node, _get(valid, path)):
        document = _set(copy.deepcopy(valid), path, copy.deepcopy(broken_value))
        errors = list(full_validator(schema_file).iter_errors(document))
        assert errors, f"{pointer} {keyword}: the full validator accepts {description}"
        assert keyword in {e.validator for e in errors} or keyword in json.dumps([e.validator for e in errors]), \
            f"{pointer} {keyword}: {description} broke other rules instead: {[e.message for e in errors]}"
        assert not fast_accepts(document, schema_file), \
            f"{pointer} {keyword}: the fast validator accepts {description} ({json.dumps(broken_value)[:80]})"


def test_read_as_draft_7_a_rule_beside_a_reference_would_be_skipped():
    """Why the schemas are rewritten for the fast path: the bug this guards against, reproduced."""
    root = bundled("recommendation.schema.json")
    valid = Sampler(root).sample(root, "", ())
    valid["recommendations"][0]["title"] = "x" * 91
    unconverted = {**root, "$schema": "http://json-schema.org/draft-07/schema#"}
    fastjsonschema.compile(unconverted)(valid)  # accepted: draft 7 ignores maxLength beside $ref
    assert not fast_accepts(valid, "recommendation.schema.json")
    assert any(e.validator == "maxLength" for e in full_validator("recommendation.schema.json").iter_errors(valid))
