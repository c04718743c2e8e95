"""Read one YAML file safely, keeping the line number of every field.

PyYAML on its own forgets where a value came from and silently keeps the last of two
duplicate keys. Contributors need both: a message that names the line, and an error for a
key typed twice. This module composes the YAML node tree with the C safe loader and turns
it into plain Python values itself, recording ``path -> line`` as it goes.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import yaml

from .codes import help_url

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
    code: str = "TK-E039"

    def __str__(self) -> str:
        return (f"{self.file}, line {self.line}, field {self.field}:\n    {self.message}\n"
                f"    {self.code}: {help_url(self.code)}")


@dataclass
class Parsed:
    """The values of one file and the line of each field path."""

    data: object
    lines: dict
    source: str = ""  # the text as read (line endings normalised), for messages that quote a line


def field_name(path: Path_, data: object = None) -> str:
    """Write a field path the way messages do: ``recommendations[TK03].title``, ``sources[2].source``.

    A listed item that has an ID is named by its ID rather than its position, so the contributor can
    search for it; other list entries are numbered from 1.
    """
    out, value = "", data
    for depth, part in enumerate(path):
        if isinstance(part, int):
            top = depth == 1  # the file's own list of items: recommendations, sources, editions ...
            item = value[part] if top and isinstance(value, list) and part < len(value) else None
            item_id = (item.get("id") or item.get("edition")) if isinstance(item, dict) else None
            out += f"[{item_id}]" if isinstance(item_id, str) and item_id.strip() else f"[{part + 1}]"
        else:
            out += f".{part}" if out else str(part)
        value = value[part] if isinstance(value, (dict, list)) and _has(value, part) else None
    return out or "(whole file)"


def _has(value, part) -> bool:
    return part in value if isinstance(value, dict) else isinstance(part, int) and 0 <= part < len(value)


def read_yaml(path: Path, shown_as: str, first_line: str | None = None) -> tuple[Parsed | None, list[Problem]]:
    """Parse ``path``; return its values and lines, or the problems that stop it being read.

    ``first_line`` is the line the file must start with (``recommendations:``), used in messages.
    """
    raw = path.read_bytes()
    first_line = first_line or _FIRST_LINES.get(Path(shown_as).name, "the file's first field name")

    def whole_file(message: str, code: str, line: int = 1) -> tuple[None, list[Problem]]:
        return None, [Problem(shown_as, line, "(whole file)", message, code)]

    if len(raw) > MAX_BYTES:
        return whole_file(
            f"the file is {len(raw) / 1048576:.1f} MB; the limit is {MAX_BYTES // 1048576} MB. "
            "A data file this big is almost certainly a mistake (a pasted export or a binary file).", "TK-E002")
    if raw.startswith(b"\xef\xbb\xbf"):
        return whole_file(
            "the file starts with a byte-order mark (BOM). Save it as 'UTF-8' (without BOM); "
            "most editors offer this in the encoding menu.", "TK-E003")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        return whole_file(
            f"byte {raw[err.start]:#04x} is not valid UTF-8 text. Save the file as UTF-8; "
            "the problem is often a character pasted from a word processor.", "TK-E004", line)
    if text.count("\x00") > 16:
        return whole_file(f"the file contains {text.count(chr(0))} NUL bytes (code 0): it looks like a binary file, "
                          "or text saved as UTF-16, not YAML text. Save it as UTF-8.", "TK-E016",
                          text[: text.index("\x00")].count("\n") + 1)

    problems: list[Problem] = []
    if "\r" in text:
        line = text[: text.index("\r")].count("\n") + 1
        problems.append(Problem(shown_as, line, "(whole file)",
                                "the file has Windows line endings (CR LF). Save it with Unix line endings (LF): "
                                "in VS Code, click 'CRLF' in the status bar and choose 'LF'.", "TK-E005"))
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    found, text = characters(text)
    shape = _shape_problems(text, shown_as)
    if shape:
        return None, problems + [Problem(shown_as, line, "(whole file)", message, code)
                                 for line, message, code in found] + shape
    loader = _Loader(text)
    try:
        parsed, parse_problems = _compose(loader, text, shown_as, first_line)
    finally:
        loader.dispose()
    lines = parsed.lines if parsed else {}
    data = parsed.data if parsed else None
    problems += [Problem(shown_as, line, field_at(lines, line, data), message, code) for line, message, code in found]
    return parsed, problems + parse_problems


# The line each data file starts with: told to a contributor whose file is empty or the wrong shape.
_FIRST_LINES = {
    "recommendations.yaml": "recommendations:", "case-studies.yaml": "case_studies:", "principles.yaml": "caveat:",
    "programme-theory.yaml": "mechanisms:", "sources.yaml": "sources:", "glossary.yaml": "terms:",
    "releases.yaml": "editions:", "published-ids.yaml": "published:",
}


def field_at(lines: dict, line: int, data: object = None) -> str:
    """The field a line belongs to: the deepest field that starts on or before it."""
    if not lines:
        return "(whole file)"
    ordered = sorted(lines.items(), key=lambda item: (item[1], len(item[0])))
    index = bisect.bisect_right([n for _, n in ordered], line) - 1
    return field_name(ordered[index][0], data) if index >= 0 else "(whole file)"


# --- Characters readers cannot see, and characters a word processor types ---------------------
_NAMED = {
    "\x00": "a NUL character (code 0)", "\x1b": "an escape character (ESC)", "\x7f": "a delete character (DEL)",
    "\x85": "a next-line control character (NEL)", "\u200b": "a zero-width space",
    "\u200c": "a zero-width non-joiner", "\u200d": "a zero-width joiner", "\u2060": "a word joiner",
    "\ufeff": "a byte-order mark (BOM) inside the text", "\u00ad": "a soft hyphen (invisible)",
    "\u202a": "a left-to-right embedding character", "\u202b": "a right-to-left embedding character",
    "\u202c": "a pop-directional-formatting character", "\u202d": "a left-to-right override character",
    "\u202e": "a right-to-left override character", "\u2066": "a left-to-right isolate character",
    "\u2067": "a right-to-left isolate character", "\u2068": "a first-strong isolate character",
    "\u2069": "a pop-directional-isolate character", "\u200e": "a left-to-right mark",
    "\u200f": "a right-to-left mark", "\u061c": "an Arabic letter mark", "\u2028": "a line separator character",
    "\u2029": "a paragraph separator character", "\ufffc": "an object replacement character",
    "\ufffd": "a replacement character (\ufffd), left where text was damaged when it was copied",
    # Spaces that look like spaces.
    "\t": "a tab character", "\u00a0": "a non-breaking space", "\u202f": "a narrow non-breaking space",
    "\u2007": "a figure space",
    "\u2009": "a thin space", "\u200a": "a hair space", "\u3000": "an ideographic space",
    # What word processors type for quotation marks and dashes.
    "\u2018": "a curly opening quotation mark", "\u2019": "a curly apostrophe or closing quotation mark",
    "\u201c": "a curly opening double quotation mark", "\u201d": "a curly closing double quotation mark",
    "\u201a": "a low curly quotation mark", "\u201e": "a low curly double quotation mark",
    "\u2013": "an en dash", "\u2014": "an em dash", "\u2012": "a figure dash",
    "\u2015": "a horizontal bar", "\u2011": "a non-breaking hyphen",
}
_TYPOGRAPHIC = set("\u2018\u2019\u201c\u201d\u201a\u201e\u2013\u2014\u2012\u2015\u2011")
_STRAIGHT = {"\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"'}
# Formatting characters some scripts need inside their words (the joiners), or that are visible signs.
_JOINERS = {"\u200c", "\u200d"}
_MARKS = {"\u200e", "\u200f", "\u061c"}
_VISIBLE_FORMAT = set("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u08e2\U000110bd\U000110cd")


def _kind(char: str) -> str | None:
    """'invisible', 'space', 'typographic' or None (an ordinary character)."""
    if char in _TYPOGRAPHIC:
        return "typographic"
    if char == "\t":
        return "space"
    if char == "\n" or " " <= char <= "~":
        return None
    category = unicodedata.category(char)
    if category in ("Cc", "Cf", "Co", "Zl", "Zp"):
        return None if char in _VISIBLE_FORMAT else "invisible"
    if category == "Zs":
        return "space"
    return None


def _name(char: str) -> str:
    if char in _NAMED:
        return _NAMED[char]
    category = unicodedata.category(char)
    if category == "Cc":
        return f"a control character (code {ord(char)})"
    if category == "Co":
        return "a private-use character (it shows as a box or a symbol, or not at all)"
    if "\U000e0000" <= char <= "\U000e007f":
        return "an invisible tag character"
    return f"an unusual space ({unicodedata.name(char, 'unnamed').lower()})" if category == "Zs" else \
        f"an invisible formatting character ({unicodedata.name(char, 'unnamed').lower()})"


def _needed(char: str, line: str, column: int) -> bool:
    """True for a joiner between two letters of a script that uses them, or a mark in right-to-left text."""
    if char in _JOINERS:
        before = line[column - 1] if column > 0 else ""
        after = line[column + 1] if column + 1 < len(line) else ""
        return all(c and not c.isascii() and (c.isalpha() or unicodedata.category(c).startswith(("M", "S")))
                   and "LATIN" not in unicodedata.name(c, "") for c in (before, after))
    if char in _MARKS:
        return any(unicodedata.bidirectional(c) in ("R", "AL") for c in line)
    return False


_CODES = {"invisible": "TK-E016", "space": "TK-E017", "typographic": "TK-E018"}
_FIXES = {
    "invisible": "Readers cannot see it, and it can hide or reverse text. Delete it: retype the text around it, "
                 "or paste the text as plain text.",
    "space": "It is usually pasted from a word processor or a web page, and looks like a space but is not one. "
             "Replace it with an ordinary space.",
}


_SUSPECT = re.compile(r"[^\x20-\x7e]")


def characters(text: str) -> tuple[list[tuple[int, str, str]], str]:
    """(line, message, code) for each line holding characters the data must not contain; and the text
    with those characters replaced by spaces, so that YAML reads it and counts lines as we do."""
    found: list[tuple[int, str, str]] = []
    if not _SUSPECT.search(text.replace("\n", " ")):
        return found, text  # plain printable ASCII: the usual case, decided quickly
    out = []
    for number, line in enumerate(text.split("\n"), 1):
        if not _SUSPECT.search(line):  # most lines are plain printable ASCII
            out.append(line)
            continue
        seen: dict[str, dict[str, list[int]]] = {}  # kind -> character -> columns
        indent = len(line) - len(line.lstrip(" \t"))  # tabs that indent are YAML's error, reported once
        for column, char in enumerate(line):
            kind = _kind(char)
            if kind and column >= indent and not _needed(char, line, column):
                seen.setdefault(kind, {}).setdefault(char, []).append(column)
        for kind, chars in seen.items():
            first = min(columns[0] for columns in chars.values())
            named = [f"{_name(char)} ({_shown(char, kind)}U+{ord(char):04X})"
                     + (f" {len(columns)} times" if len(columns) > 1 else "") for char, columns in chars.items()]
            before = line[max(0, first - 30): first]
            if first > 30 and " " in before:  # start at a whole word
                before = before.split(" ", 1)[1]
            before = before.lstrip()
            where = f"after '{_printable(before)}'" if before.strip() else "at the start of the line"
            found.append((number, f"the text holds {' and '.join(named)}, {'first ' if len(named) > 1 else ''}at "
                                  f"column {first + 1} {where}. {_fix(kind, chars)}", _CODES[kind]))
            if kind == "invisible":
                line = "".join(" " if c in chars else c for c in line)
        out.append(line)
    return found, "\n".join(out)


def _shown(char: str, kind: str) -> str:
    return f"'{char}', " if kind == "typographic" else ""


def _fix(kind: str, chars) -> str:
    if kind != "typographic":
        return _FIXES[kind]
    wanted = []
    if any(c in _STRAIGHT and _STRAIGHT[c] == "'" for c in chars):
        wanted.append("a straight quotation mark or apostrophe (')")
    if any(c in _STRAIGHT and _STRAIGHT[c] == '"' for c in chars):
        wanted.append('a straight double quotation mark (")')
    if any(c not in _STRAIGHT for c in chars):
        wanted.append("a hyphen (-), or 'to' for a range (2019 to 2021)")
    return f"It is what a word processor types: type {' and '.join(wanted)} instead."


def _printable(text: str) -> str:
    return "".join(c if _kind(c) in (None, "typographic") else " " for c in text)


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
                                    "Check the brackets and the indentation.", "TK-E013")]
                frames.append([path, isinstance(event, yaml.MappingStartEvent), -1, True])
    except yaml.YAMLError:
        pass  # syntax errors are reported, with their line, when the file is composed
    if not aliases:
        return []
    line, path = aliases[0]
    more = f" The file has {len(aliases)} of them; this is the first." if len(aliases) > 1 else ""
    return [Problem(shown_as, line, field_name(path), "anchors ('&name'), aliases ('*name') and merge keys ('<<') "
                    f"are not supported; write the value out in full.{more}", "TK-E012")]


def _compose(loader, text: str, shown_as: str, first_line: str) -> tuple[Parsed | None, list[Problem]]:
    """Compose the node tree and build values; report syntax and shape problems."""
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as err:
        # An unclosed quote is found only where the parser gives up; point at the line that opened it.
        unclosed = "quoted scalar" in str(err.context or "") and err.context_mark is not None
        mark = err.context_mark if unclosed else (err.problem_mark or err.context_mark)
        message, code = _syntax_message(err, text)
        opened = None if unclosed else _runaway_quote(text, mark)
        if opened:
            return None, [Problem(shown_as, opened[0], "(whole file)", (
                f"a quotation mark opened on this line is never closed, so YAML read the text on to the next "
                f"quotation mark, on line {opened[1]}, and then found the file broken there. Add the closing "
                "quotation mark at the end of the text on this line."), "TK-E007")]
        return None, [Problem(shown_as, mark.line + 1 if mark else 1, "(whole file)", message, code)]
    except yaml.YAMLError as err:  # e.g. a reader error for a control character
        return None, [Problem(shown_as, 1, "(whole file)", f"the file is not valid YAML: {err}", "TK-E006")]
    if node is None:
        return None, [Problem(shown_as, 1, "(whole file)",
                              f"the file is empty. Its first line must be '{first_line}', followed by its items "
                              "(copy the layout from the template or from the same file on GitHub).", "TK-E009")]
    if not isinstance(node, yaml.MappingNode):
        kind = "a list" if isinstance(node, yaml.SequenceNode) else "a single value"
        return None, [Problem(
            shown_as, node.start_mark.line + 1, "(whole file)",
            f"the top level of the file is {kind}; it must be a mapping of field names to values. This file's "
            f"first line must be '{first_line}', with the items indented below it.", "TK-E010",
        )]
    problems: list[Problem] = []
    lines: dict = {(): 1}
    text_lines = text.split("\n")
    # Lines where a ' #' could have cut a text: the only ones worth a closer look.
    hashes = {number for number, line in enumerate(text_lines) if " #" in line or "\t#" in line}
    data = _build(node, (), lines, problems, shown_as, loader, (text_lines, hashes))
    problems = [Problem(p.file, p.line, field_name(path, data), p.message, p.code) if isinstance(path, tuple) else p
                for p, path in problems]
    return Parsed(data, lines, text), problems


def _runaway_quote(text: str, mark) -> tuple[int, int] | None:
    """(opening line, closing line) of a quoted text that ran over several lines into a syntax error.

    A quote left open swallows the following lines until the next quotation mark, which usually opens
    another text; the parser only stops there. In these files a quoted text never spans lines, so a
    multi-line quoted text that ends just before the error is the mistake: it is reported where it opens.
    """
    if mark is None:
        return None
    found = None
    try:
        for token in yaml.scan(text, Loader=_Loader):
            if token.start_mark.line > mark.line:
                break
            if isinstance(token, yaml.ScalarToken) and token.style in ('"', "'") and \
                    token.end_mark.line > token.start_mark.line:
                found = (token.start_mark.line + 1, token.end_mark.line + 1)
    except yaml.YAMLError:
        pass
    return found if found and mark.line + 1 - found[1] <= 1 else None


def _syntax_message(err: yaml.MarkedYAMLError, text: str) -> tuple[str, str]:
    """Explain a YAML syntax error in plain words, with the usual cause where we know it."""
    detail = " ".join(str(part) for part in (err.context, err.problem) if part)
    mark = err.problem_mark
    hint, code = "", "TK-E006"
    indentation = ("could not find expected ':'", "expected <block end>", "did not find expected '-' indicator",
                   "did not find expected key", "while parsing a block")
    if "quoted scalar" in str(err.context or ""):
        hint, code = " A quotation mark opened on this line is never closed: add the closing quote.", "TK-E007"
    elif "\\t" in detail or "'\\t'" in repr(detail) or (mark and _line(text, mark.line).startswith("\t")):
        hint, code = " A tab character is used for indentation: YAML needs spaces (two per level).", "TK-E008"
    elif "mapping values are not allowed" in detail:
        hint = (" Either a value contains ': ' (put the whole value in double quotes), or this line is indented "
                "further than the line above it: line it up.")
    elif any(phrase in detail for phrase in indentation):
        hint = (" Check the indentation of this line and the one above: fields of the same item must start in "
                "the same column, and list items ('- ') must line up.")
    return f"the file is not valid YAML ({detail}).{hint}", code


def _line(text: str, index: int) -> str:
    lines = text.splitlines()
    return lines[index] if 0 <= index < len(lines) else ""


def _build(node, path, lines, problems, shown_as, loader, text_lines):
    """Turn a node into Python values, recording the line of every field path.

    ``problems`` collects (Problem, field path): the field is named once the whole file is built,
    so that items can be named by their IDs.
    """
    if isinstance(node, yaml.MappingNode):
        out: dict = {}
        for key_node, value_node in node.value:
            line = key_node.start_mark.line + 1
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                problems.append((Problem(shown_as, line, "", "anchors, merge keys ('<<') and complex keys are not "
                                         "supported; write the fields out.", "TK-E012"), path))
                continue
            key = key_node.value
            child = path + (key,)
            if key in out:
                advice = (f"the file already has '{key}:' on line {lines[child]}. Delete line {line} and keep "
                          "the items below it." if not path else
                          f"the field '{key}' appears twice in the same item (first on line {lines[child]}). "
                          "Keep one and delete the other.")
                problems.append((Problem(shown_as, line, "", advice, "TK-E011"), child))
                continue
            lines[child] = line
            out[key] = _build(value_node, child, lines, problems, shown_as, loader, text_lines)
        return out
    if isinstance(node, yaml.SequenceNode):
        items = []
        for index, item in enumerate(node.value):
            lines[path + (index,)] = item.start_mark.line + 1
            items.append(_build(item, path + (index,), lines, problems, shown_as, loader, text_lines))
        return items
    if node.style in ("", None) and node.value and node.end_mark.line in text_lines[1]:
        cut = _cut_by_comment(node, path, text_lines[0])
        if cut:
            problems.append((Problem(shown_as, node.end_mark.line + 1, "", cut, "TK-E015"), path))
    # Dates stay as text so the schema checks their form; other scalars use YAML's safe types.
    if node.tag == "tag:yaml.org,2002:timestamp":
        return node.value
    try:
        return loader.construct_object(node, deep=True)
    except (yaml.YAMLError, ValueError) as err:
        problems.append((Problem(shown_as, node.start_mark.line + 1, "", f"cannot read this value: {err}. Put the "
                                 "value in double quotes.", "TK-E014"), path))
        return None


def _tail(text: str) -> str:
    return text if len(text) <= 60 else "…" + text[-50:]


def _cut_by_comment(node, path: tuple, text_lines: list[str]) -> str | None:
    """A message if an unquoted text is followed by ' #' on its last line: YAML dropped the rest as a comment.

    Comments after IDs and codes are fine (the templates explain values that way: 'confidence: verified
    # one of ...'). A comment after words, or a '#' glued to what follows ('#1'), is text that was cut.
    """
    mark = node.end_mark
    rest = text_lines[mark.line][mark.column:] if mark.line < len(text_lines) else ""
    comment = rest.lstrip(" \t")
    if not (comment.startswith("#") and len(comment) < len(rest)):
        return None
    glued = len(comment) > 1 and not comment[1].isspace()
    if not (glued or any(c.isspace() for c in node.value)):
        return None
    dropped = comment.rstrip()
    whole = f"{node.value} {dropped}"
    key = path[-1] if path and isinstance(path[-1], str) else None
    fix = (f" Write the line as:  {key}: {json.dumps(whole, ensure_ascii=False)}"
           if key and node.start_mark.line == mark.line else "")
    return (f"the text stops before '{dropped[:40]}': in a text that is not in quotes, a space followed by '#' "
            f"starts a comment, so YAML drops the rest of the line and readers would see only '{_tail(node.value)}'. "
            f"Put the whole text in double quotes.{fix}")
