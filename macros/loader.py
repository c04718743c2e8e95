"""Load the whole toolkit: read every data file, validate it, check cross-references.

``load_toolkit()`` is the one entry point used by the build, the content check and the
tests. It either returns a ``Toolkit`` or raises ``DataError`` listing every problem found
in every file, so a contributor sees all their mistakes in one go.
"""

from __future__ import annotations

import datetime
import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from . import datacache, integrity, review_dates
from .schemas import CONTENT_TYPES, SCHEMA_DIR, bundled, labelled, validate
from .text import tell_apart
from .yamlpos import Parsed, Problem, read_yaml

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_MARKER = "REPLACE:"


class DataError(Exception):
    """The data cannot be published. ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        super().__init__(format_problems(problems))
        self.problems = problems


def format_problems(problems: list[Problem], built: bool = True) -> str:
    """The message contributors read: a count, then every problem with file, line and field."""
    count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
    body = "\n".join(f"  {n}. {problem}" for n, problem in enumerate(problems, 1))
    stopped = " Nothing was built and the previous site is unchanged." if built else ""
    again = "build again" if built else "run the check again"
    return (f"The toolkit's data has {count}.{stopped}\n"
            f"{body}\nFix these, then {again}. Each code is explained in the guide (contribute/messages/); the "
            "field reference (contribute/fields/) lists every field and its allowed values.")


@dataclass(repr=False)
class Toolkit:
    """Validated content, with indexes and the links derived from it."""

    files: dict                      # content type -> file data (validated)
    recommendations: list = field(default_factory=list)
    case_studies: list = field(default_factory=list)
    principles: list = field(default_factory=list)
    principles_caveat: dict = field(default_factory=dict)
    mechanisms: list = field(default_factory=list)
    strategies: list = field(default_factory=list)
    sources: list = field(default_factory=list)
    terms: list = field(default_factory=list)
    editions: list = field(default_factory=list)

    def __post_init__(self):
        get = self.files.get
        self.recommendations = get("recommendation", {}).get("recommendations", [])
        self.case_studies = get("case_study", {}).get("case_studies", [])
        self.principles = get("principle", {}).get("principles", [])
        self.principles_caveat = get("principle", {}).get("caveat", {})
        self.mechanisms = get("programme_theory", {}).get("mechanisms", [])
        self.strategies = get("programme_theory", {}).get("strategies", [])
        self.sources = get("source", {}).get("sources", [])
        self.terms = get("term", {}).get("terms", [])
        self.editions = get("release", {}).get("editions", [])
        self.rec = {r["id"]: r for r in self.recommendations}
        self.case = {c["id"]: c for c in self.case_studies}
        self.principle = {p["id"]: p for p in self.principles}
        self.strategy = {s["id"]: s for s in self.strategies}
        self.mechanism = {m["id"]: m for m in self.mechanisms}
        self.source = {s["id"]: s for s in self.sources}
        tell_apart(self.sources)  # 'Price et al. 2021a' and '2021b': every citation names one work
        self.term = {t["id"]: t for t in self.terms}
        # Links stored on one side are shown on both: derive the reverse direction once.
        self.cases_for_rec = {rid: [c for c in self.case_studies if rid in c["recommendations"]] for rid in self.rec}
        self.principles_for_rec = {rid: [p for p in self.principles if rid in p["recommendations"]] for rid in self.rec}
        self.recs_by_mechanism = {m["id"]: [r for r in self.recommendations if r["mechanism"] == m["id"]]
                                  for m in self.mechanisms}

    def last_changed(self, item: dict) -> str:
        """Date of the item's newest history entry (YYYY-MM-DD)."""
        return max(entry["date"] for entry in item["history"])

    def __repr__(self) -> str:
        # Short on purpose: mkdocs-macros writes every template variable into its debug log on each
        # build, and the default repr spells out all the data (megabytes for a large toolkit).
        return (f"<Toolkit: {len(self.recommendations)} recommendations, {len(self.case_studies)} case studies, "
                f"{len(self.principles)} principles, {len(self.terms)} terms, {len(self.sources)} sources>")


# --- Cross-references -----------------------------------------------------------------------
# (content type, path pattern, what it must name). '*' matches any key or index; '**' any depth.
REFERENCES = [
    ("recommendation", "recommendations/*/related/*", "recommendation"),
    ("recommendation", "recommendations/*/replaced_by", "recommendation"),
    ("recommendation", "recommendations/*/basis/strategies/*", "strategy"),
    ("recommendation", "recommendations/*/basis/principles/*", "principle"),
    ("case_study", "case_studies/*/recommendations/*", "recommendation"),
    ("principle", "principles/*/recommendations/*", "recommendation"),
    ("term", "terms/*/see_also/*", "term"),
    ("*", "**/sources/*/source", "source"),
    ("*", "**/history/*/edition", "edition"),
]
ID_LISTS = {  # content type -> (list key, ID field, what the ID names)
    "recommendation": ("recommendations", "id", "recommendation"),
    "case_study": ("case_studies", "id", "case study"),
    "principle": ("principles", "id", "principle"),
    "programme_theory": ("strategies", "id", "strategy"),
    "source": ("sources", "id", "source"),
    "term": ("terms", "id", "term"),
    "release": ("editions", "edition", "edition"),
}
TARGETS = {"recommendation": "recommendation", "case study": "case_study", "principle": "principle",
           "strategy": "programme_theory", "source": "source", "term": "term", "edition": "release"}


def _walk(value, pattern: list, path: tuple = ()):
    """Yield (path, value) for every place in ``value`` that matches ``pattern``."""
    if not pattern:
        yield path, value
        return
    head, rest = pattern[0], pattern[1:]
    children = value.items() if isinstance(value, dict) else enumerate(value) if isinstance(value, list) else ()
    if head == "**":
        yield from _walk(value, rest, path)
        for key, child in children:
            yield from _walk(child, pattern, path + (key,))
        return
    for key, child in children:
        if head in ("*", key):
            yield from _walk(child, rest, path + (key,))


_CITE_CALL = re.compile(r"\b(?:cite|references)\(([^)]*)\)")


def page_citations(docs_dir: Path) -> list[tuple[str, int, str]]:
    """(page, line, source ID) for each source a hand-written page cites with cite() or references()."""
    found = []
    for page in sorted(docs_dir.rglob("*.md")) if docs_dir.is_dir() else ():
        text = page.read_text(encoding="utf-8", errors="replace")
        for call in _CITE_CALL.finditer(text):
            line = text.count("\n", 0, call.start()) + 1
            shown = f"docs/{page.relative_to(docs_dir).as_posix()}"
            found += [(shown, line, source_id) for source_id in re.findall(r"[\"']([^\"']+)[\"']", call.group(1))]
    return found


def cited_in_pages(docs_dir: Path) -> set[str]:
    """Source IDs cited by hand-written pages through the cite() and references() macros."""
    return {source_id for _page, _line, source_id in page_citations(docs_dir)}


def _unknown_page_citations(docs_dir: Path, parsed: dict[str, Parsed]) -> list[Problem]:
    """A page citing a source that is not in the bibliography: caught before any page is rendered."""
    if "source" not in parsed:
        return []
    known = {s.get("id") for s in parsed["source"].data.get("sources", []) if isinstance(s, dict)}
    return [Problem(page, line, "cite()", f"'{source_id}' is not a known source.{_did_you_mean(source_id, known)} "
                                          "Check the ID against data/sources.yaml, or add the source there.",
                    "TK-E044")
            for page, line, source_id in page_citations(docs_dir) if source_id not in known]


def _did_you_mean(word: str, choices) -> str:
    options = sorted(c for c in choices if isinstance(c, str))
    scored = sorted(((difflib.SequenceMatcher(None, word, c).ratio(), c) for c in options), reverse=True)[:2]
    close = [scored[0][1]] if scored and scored[0][0] >= 0.6 else []
    if len(scored) == 2 and close and scored[0][0] == scored[1][0]:
        return ""  # two equally close IDs (TK09 for TK01 or TK02?): a guess would mislead
    if not close:  # IDs often differ in one part only: compare the words between hyphens too
        parts = set(re.split(r"[-_]", word))
        scored = sorted((len(parts & set(re.split(r"[-_]", c))), c) for c in choices if isinstance(c, str))
        close = [scored[-1][1]] if scored and scored[-1][0] >= 2 else []
    return f" Did you mean '{close[0]}'?" if close else ""


class _Files:
    """The parsed files with their display names, so each check can locate what it finds."""

    def __init__(self, parsed: dict[str, Parsed], names: dict[str, str], register: Parsed | None = None):
        self.parsed, self.names, self.register = parsed, names, register

    def line(self, ctype: str, path: tuple) -> int:
        lines = self.parsed[ctype].lines
        while path not in lines and path:
            path = path[:-1]
        return lines.get(path, 1)

    def problem(self, ctype: str, path: tuple, message: str, code: str) -> Problem:
        data = self.parsed[ctype]
        return Problem(self.names[ctype], self.line(ctype, path), labelled(path, data.data), message, code)

    def register_problem(self, register: Parsed, path: tuple, message: str, code: str) -> Problem:
        return Problem(REGISTER_SHOWN, register.lines.get(path, 1), labelled(path, register.data), message, code)


def _known_ids(files: _Files) -> tuple[dict[str, set], list[Problem]]:
    """Every ID of every content type, and a problem for each ID used twice."""
    known: dict[str, set] = {"edition": {"unreleased"}}
    problems = []
    for ctype, (list_key, id_key, noun) in ID_LISTS.items():
        if ctype not in files.parsed:
            continue
        data = files.parsed[ctype].data
        items = data.get(list_key) if isinstance(data, dict) else None
        occurrences: dict = {}
        for path, item_id in _walk(data, [list_key, "*", id_key]):
            if isinstance(item_id, str):
                occurrences.setdefault(item_id, []).append((path[1], items[path[1]]))
        register_type = REGISTER_TYPES.get(ctype)
        for item_id, found in occurrences.items():
            if len(found) < 2:
                continue
            # The published item keeps its ID: the message goes to the other one (the new item).
            original = integrity.original_of(files.register, item_id, found) if register_type else found[0][0]
            first_line = files.line(ctype, (list_key, original, id_key))
            title = items[original].get("title") if isinstance(items[original], dict) else None
            named = f" ('{title}')" if isinstance(title, str) else ""
            free = integrity.next_free_id(register_type, set(occurrences) | _registered_ids(files)) \
                if register_type else None
            instead = f" Give this item the next free ID, {free}." if free else " Give this item an ID of its own."
            for position, _item in found:
                if position != original:
                    problems.append(files.problem(
                        ctype, (list_key, position, id_key),
                        f"the {noun} ID '{item_id}' is already used by the item on line {first_line}{named}.{instead} "
                        "IDs must be unique; never reuse one, even for a withdrawn item.", "TK-E040"))
        known.setdefault(noun, set()).update(occurrences)
    return known, problems


def _registered_ids(files: _Files) -> set:
    data = files.register.data if files.register is not None else None
    entries = data.get("published") if isinstance(data, dict) else None
    return {e["id"] for e in entries if isinstance(e, dict) and isinstance(e.get("id"), str)} if isinstance(
        entries, list) else set()


def _unknown_references(files: _Files, known: dict[str, set], cited: set) -> list[Problem]:
    """A problem for each reference to an item that does not exist; records cited sources."""
    problems = []
    for ctype_filter, pattern, noun in REFERENCES:
        for ctype, parsed_file in files.parsed.items():
            if ctype_filter not in ("*", ctype):
                continue
            for path, ref in _walk(parsed_file.data, pattern.split("/")):
                if noun == "source":
                    cited.add(ref)
                if isinstance(ref, str) and TARGETS[noun] in files.parsed and ref not in known.get(noun, set()):
                    problems.append(files.problem(ctype, path, _unknown(ref, noun, known.get(noun, set())),
                                                  "TK-E041"))
    return problems


def _unknown(ref: str, noun: str, choices: set) -> str:
    """'X is not a known source. Did you mean ...?': a short list only when there are few to choose from."""
    where = f"data/{CONTENT_TYPES[TARGETS[noun]][0]}"
    suggestion = _did_you_mean(ref, choices)
    if suggestion:
        return f"'{ref}' is not a known {noun}.{suggestion} The {noun} IDs are in {where}."
    if len(choices) <= 10:
        return f"'{ref}' is not a known {noun}. Known {noun} IDs: {', '.join(sorted(choices))}."
    return (f"'{ref}' is not a known {noun}. Check the ID against {where}, or add the {noun} there "
            "(an ID is typed exactly as it is written there).")


def _uncited_sources(files: _Files, cited: set) -> list[Problem]:
    """Sources nobody cites. Only checked when every file could be read, or citations would look missing."""
    if "source" not in files.parsed or len(files.parsed) != len(files.names):
        return []
    return [files.problem("source", path, f"the source '{source_id}' is not cited anywhere (in data/ or by a "
                                          "page's cite() or references()). Cite it or remove it.", "TK-E042")
            for path, source_id in _walk(files.parsed["source"].data, ["sources", "*", "id"])
            if isinstance(source_id, str) and source_id not in cited]


def _template_text(files: _Files) -> list[Problem]:
    """Guidance copied from a template and not yet replaced."""
    return [files.problem(ctype, path, f"template guidance ('{TEMPLATE_MARKER} …') is still here. "
                                       "Replace it with real text.", "TK-E043")
            for ctype, parsed_file in files.parsed.items()
            for path, text in _walk(parsed_file.data, ["**"])
            if isinstance(text, str) and TEMPLATE_MARKER in text]


def _cross_check(parsed: dict[str, Parsed], names: dict[str, str], cited: set, register: Parsed | None = None,
                 today: datetime.date | None = None) -> list[Problem]:
    """Duplicate IDs, unknown references, uncited sources, template text, published IDs and history."""
    files = _Files(parsed, names, register)
    known, problems = _known_ids(files)
    problems += _unknown_references(files, known, cited)
    problems += _uncited_sources(files, cited) + _template_text(files)
    problems += integrity.register_problems(files, register, known)
    return problems + integrity.history_problems(files, today or datetime.date.today(), register is not None)


REGISTER_SHOWN = f"data/{integrity.REGISTER[0]}"
REGISTER_TYPES = {ctype: register_type for ctype, _key, _noun, register_type in integrity.HISTORY_TYPES}


def _read_register(data_dir: Path, schema_dir: Path) -> tuple[Parsed | None, list[Problem]]:
    """The register of published IDs, validated; (None, []) for a project that keeps none."""
    path = data_dir / integrity.REGISTER[0]
    if not path.exists():
        return None, []
    result, problems = read_yaml(path, REGISTER_SHOWN, "published:")
    if result is None:
        return None, problems
    problems += validate(result.data, integrity.REGISTER[1], result.lines, REGISTER_SHOWN, schema_dir)
    return (result if not problems else None), problems


def _first_line(schema_name: str, schema_dir: Path) -> str:
    """The line a data file starts with: its schema's first top-level field (``case_studies:``)."""
    try:
        return next(iter(bundled(schema_name, schema_dir).get("properties", {}))) + ":"
    except (OSError, ValueError, StopIteration):
        return "the file's first field name"


# --- Loading ----------------------------------------------------------------------------------
_CACHE: dict = {}
REVIEW_WARNINGS = "review_warnings"  # kept with the validated files, so cached loads still warn


def _stat(path: Path) -> tuple:
    try:
        info = path.stat()
    except FileNotFoundError:
        return (str(path),)
    return (str(path), info.st_mtime_ns, info.st_size)


def _fingerprint(data_dir: Path, schema_dir: Path) -> tuple:
    """Changes whenever a data or schema file changes, so `mkdocs serve` reloads edited data."""
    return tuple(_stat(f) for f in _inputs(data_dir, schema_dir))


def _inputs(data_dir: Path, schema_dir: Path) -> list[Path]:
    return ([data_dir / name for name, _ in CONTENT_TYPES.values()] + [data_dir / integrity.REGISTER[0]]
            + sorted(schema_dir.glob("*.json")))


def load_toolkit(root: Path = ROOT, schema_dir: Path = SCHEMA_DIR) -> Toolkit:
    """Read, validate and cross-check every data file once; reuse the result until a file changes."""
    data_dir = Path(root) / "data"
    key = (str(data_dir), _fingerprint(data_dir, schema_dir))
    if key not in _CACHE:
        _CACHE.clear()
        toolkit = _load_or_reuse(Path(root), data_dir, schema_dir)
        review_dates.warn(toolkit.files.get(REVIEW_WARNINGS, []))  # reviews due soon; passed ones stopped the load
        _CACHE[key] = toolkit
    return _CACHE[key]


def _load_or_reuse(root: Path, data_dir: Path, schema_dir: Path) -> Toolkit:
    """Reuse data validated by an earlier build when nothing it depends on has changed."""
    if not datacache.enabled():
        return _load(root, data_dir, schema_dir)
    # The date is part of the key: a history entry dated tomorrow becomes valid tomorrow.
    cache_key = datacache.key(_inputs(data_dir, schema_dir), cited_in_pages(root / "docs") |
                              {f"today:{datetime.date.today().isoformat()}"})
    files = datacache.read(root, cache_key)
    if files is not None:
        return Toolkit(files=files)
    toolkit = _load(root, data_dir, schema_dir)
    datacache.write(root, cache_key, toolkit.files)
    return toolkit


def _load(root: Path, data_dir: Path, schema_dir: Path) -> Toolkit:
    problems: list[Problem] = []
    parsed: dict[str, Parsed] = {}
    names: dict[str, str] = {}
    for ctype, (data_name, schema_name) in CONTENT_TYPES.items():
        path = data_dir / data_name
        names[ctype] = shown = f"data/{data_name}"
        if not path.exists():
            problems.append(Problem(shown, 1, "(whole file)",
                                    "the file is missing. Every content type needs its file.", "TK-E001"))
            continue
        result, file_problems = read_yaml(path, shown, _first_line(schema_name, schema_dir))
        problems += file_problems
        if result is not None:
            problems += validate(result.data, schema_name, result.lines, shown, schema_dir)
            parsed[ctype] = result
    register, register_problems = _read_register(data_dir, schema_dir)
    problems += register_problems
    problems += _cross_check(parsed, names, cited_in_pages(root / "docs"), register)
    problems += _unknown_page_citations(root / "docs", parsed)
    # Passed review dates stop the check and the build; dates due soon are kept as warnings.
    review_problems, review_warnings = review_dates.due({names[ctype]: p for ctype, p in parsed.items()})
    problems += review_problems
    if problems:
        raise DataError(list(dict.fromkeys(problems)))  # each problem once, in the order found
    return Toolkit(files={**{ctype: p.data for ctype, p in parsed.items()}, REVIEW_WARNINGS: review_warnings})
