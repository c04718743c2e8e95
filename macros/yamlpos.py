"""Read one YAML file safely, keeping the line number of every field.

PyYAML on its own forgets where a value came from and silently keeps the last of two
duplicate keys. Contributors need both: a message that names the line, and an error for a
key typed twice. This module composes the YAML node tree with the C safe loader and turns
it into plain Python values itself, recording ``path -> line`` as it goes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

try:  # The C loader is about 15 times faster; fall back where libyaml is missing.
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader

# A very large file is almost certainly a mistake (a pasted data dump, a binary file).
MAX_BYTES = 8 * 1024 * 1024

Path_ = tuple  # a field path: keys and list indexes from the top of the file


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located precisely enough to fix it."""

    file: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, field {self.field}:\n    {self.message}"


@dataclass
class Parsed:
    """The values of one file and the line of each field path."""

    data: object
    lines: dict


def field_name(path: Path_) -> str:
    """Write a field path the way the field reference does: ``recommendations[2].title``."""
    out = ""
    for part in path:
        out += f"[{part + 1}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(whole file)"


def read_yaml(path: Path, shown_as: str) -> tuple[Parsed | None, list[Problem]]:
    """Parse ``path``; return its values and lines, or the problems that stop it being read."""
    raw = path.read_bytes()

    def whole_file(message: str, line: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(shown_as, line, "(whole file)", message)]

    if len(raw) > MAX_BYTES:
        return whole_file(
            f"the file is {len(raw) / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB. "
            "A data file this big is almost certainly a mistake (a pasted export or a binary file)."
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        return whole_file(
            "the file starts with a byte-order mark (BOM). Save it as 'UTF-8' (without BOM); "
            "most editors offer this in the encoding menu."
        )
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return whole_file(
            f"byte {raw[err.start]:#04x} is not valid UTF-8 text. Save the file as UTF-8; "
            "the problem is often a character pasted from a word processor.",
            line,
        )
    if "\x00" in text:
        return whole_file("the file contains NUL bytes: it looks like a binary file, not YAML text.")

    shape = _shape_problems(text, shown_as)
    if shape:
        return None, shape
    loader = _Loader(text)
    try:
        return _compose(loader, text, shown_as)
    finally:
        loader.dispose()


# The deepest real field is about six levels down; far more is a mistake or a hostile file.
MAX_DEPTH = 30


def _shape_problems(text: str, shown_as: str) -> list[Problem]:
    """Aliases and runaway nesting, found in the event stream before anything is composed.

    libyaml's composer recurses once per level (100,000 '[' crash the process), and an alias
    repeats a whole value wherever it is used (a few lines can expand to billions of values).
    The data needs neither, so both are refused, located, before the file is composed.
    """
    aliases: list[tuple[int, tuple]] = []
    frames: list[list] = []  # open collections: [path, is a mapping, last key or index, next is a key]
    try:
        for event in yaml.parse(text, Loader=_Loader):
            if isinstance(event, yaml.CollectionEndEvent):
                frames.pop()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            path: tuple = ()
            if frames:
                top = frames[-1]
                if top[1] and top[3]:  # a mapping key: the field it names comes with the next event
                    top[2], top[3], path = getattr(event, "value", "?"), False, top[0]
                else:
                    top[2], top[3] = (top[2], True) if top[1] else (top[2] + 1, False)
                    path = top[0] + (top[2],)
            line = event.start_mark.line + 1
            if isinstance(event, yaml.AliasEvent):
                aliases.append((line, path))
            elif isinstance(event, yaml.CollectionStartEvent):
                if len(frames) >= MAX_DEPTH:
                    return [Problem(shown_as, line, field_name(path),
                                    f"the values are nested more than {MAX_DEPTH} levels deep here. "
                                    "Check the brackets and the indentation.")]
                frames.append([path, isinstance(event, yaml.MappingStartEvent), -1, True])
    except yaml.YAMLError:
        pass  # syntax errors are reported, with their line, when the file is composed
    if not aliases:
        return []
    line, path = aliases[0]
    more = f" The file has {len(aliases)} of them; this is the first." if len(aliases) > 1 else ""
    return [Problem(shown_as, line, field_name(path), "anchors ('&name'), aliases ('*name') and merge keys ('<<') "
                    f"are not supported; write the value out in full.{more}")]


def _compose(loader, text: str, shown_as: str) -> tuple[Parsed | None, list[Problem]]:
    """Compose the node tree and build values; report syntax and shape problems."""
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        # An unclosed quote is found only where the parser gives up; point at the line that opened it.
        unclosed = "quoted scalar" in str(err.context or "") and err.context_mark is not None
        mark = err.context_mark if unclosed else (err.problem_mark or err.context_mark)
        return None, [Problem(shown_as, mark.line + 1 if mark else 1, "(whole file)", _syntax_message(err, text))]
    except yaml.YAMLError as err:  # e.g. a reader error for a control character
        return None, [Problem(shown_as, 1, "(whole file)", f"the file is not valid YAML: {err}")]
    if node is None:
        return None, [Problem(shown_as, 1, "(whole file)",
                              "the file is empty. It must hold a mapping, for example 'recommendations:' and a list.")]
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        return None, [Problem(
            shown_as, node.start_mark.line + 1, "(whole file)",
            f"the top level of the file is {kind}; it must be a mapping of field names to values "
            "(for example 'recommendations:' followed by a list).",
        )]
    problems: list[Problem] = []
    lines: dict = {(): 1}
    data = _build(node, (), lines, problems, shown_as, loader)
    return Parsed(data, lines), problems


def _syntax_message(err: yaml.MarkedYAMLError, text: str) -> str:
    """Explain a YAML syntax error in plain words, with the usual cause where we know it."""
    detail = " ".join(str(part) for part in (err.context, err.problem) if part)
    mark = err.problem_mark
    hint = ""
    indentation = ("could not find expected ':'", "expected <block end>", "did not find expected '-' indicator",
                   "did not find expected key", "while parsing a block")
    if "quoted scalar" in str(err.context or ""):
        hint = " A quotation mark opened on this line is never closed: add the closing quote."
    elif "\\t" in detail or "'\\t'" in repr(detail) or (mark and _line(text, mark.line).startswith("\t")):
        hint = " A tab character is used for indentation: YAML needs spaces (two per level)."
    elif "mapping values are not allowed" in detail:
        hint = (" Either a value contains ': ' (put the whole value in double quotes), or this line is indented "
                "further than the line above it: line it up.")
    elif any(phrase in detail for phrase in indentation):
        hint = (" Check the indentation of this line and the one above: fields of the same item must start in "
                "the same column, and list items ('- ') must line up.")
    return f"the file is not valid YAML ({detail}).{hint}"


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _build(node, path, lines, problems, shown_as, loader):
    """Turn a node into Python values, recording the line of every field path."""
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                problems.append(Problem(shown_as, line, field_name(path),
                                        "anchors, merge keys ('<<') and complex keys are not supported; "
                                        "write the fields out."))
                continue
            key = key_node.value
            child = path + (key,)
            if key in out:
                advice = (f"the file already has '{key}:' on line {lines[child]}. Delete line {line} and keep "
                          "the items below it." if not path else
                          f"the field '{key}' appears twice in the same item (first on line {lines[child]}). "
                          "Keep one and delete the other.")
                problems.append(Problem(shown_as, line, field_name(child), advice))
                continue
            lines[child] = line
            out[key] = _build(value_node, child, lines, problems, shown_as, loader)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            items.append(_build(item, path + (index,), lines, problems, shown_as, loader))
        return items
    # Dates stay as text so the schema checks their form; other scalars use YAML's safe types.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as err:
        problems.append(Problem(shown_as, node.start_mark.line + 1, field_name(path), f"cannot read this value: {err}"))
        return None
