"""Synthetic toolkits for the benchmark, written through the project's real data files and schema.

``write_data(data_dir, n, base=read_base(ROOT / "data"))`` writes every ``data/*.yaml`` file for
a toolkit of ``n`` recommendations, with case studies (n/5), principles (n/10), glossary terms
(n/5) and sources (n/2) in proportion. The real glossary, sources, programme theory, principles
and editions are kept (hand-written pages cite and link to them) and topped up with synthetic
entries; recommendations and case studies are all synthetic. Text comes from a fixed vocabulary
and a seeded generator, so every run builds the same pages.

The schema allows two-digit item IDs (TK01-TK99, CS01-CS99, EP1-EP9). A toolkit with more
items than that cannot be written with those IDs, so ``widen_ids`` lets a *copy* of the
schema accept longer ones. It changes those three ID patterns and nothing else.
"""

from __future__ import annotations

import json
import random
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the content check's fingerprint, from the project's own package
    sys.path.insert(0, str(ROOT))
from macros.integrity import fingerprint  # noqa: E402

MECHANISMS = ["insight", "motivation", "sustained-change", "whole-programme"]
STAGES = ["access", "first-meeting", "assessment", "planning", "delivery", "follow-up", "programme-design"]
AUDIENCES = ["programme-lead", "case-manager", "coach-or-mentor", "supervisor", "responsible-officer"]
TOPICS = ["confidentiality", "trust", "advocacy", "feedback", "shared-planning", "action-plans", "causes",
          "just-culture", "goals", "stigma", "help-seeking", "skills-practice", "return-to-practice",
          "reflection", "programme-design", "evaluation", "implementation", "local-context"]
SETTINGS = ["hospital", "professional-support-unit", "professional-support-body", "deanery",
            "national-advice-service"]
CONFIDENCES = ["verified", "partial", "lead", "inferred"]
WORDS = """doctor programme support remediation coaching mentoring feedback concern practice review plan
goal meeting conversation referral trust safety insight motivation change service lead case manager
supervisor officer appraisal revalidation training skills reflection evaluation context outcome strategy
mechanism culture stigma help seeking confidential private neutral space agreed action record progress
team colleague patient clinical educational workplace regional national local unit deanery hospital trust
board budget time week month year early late first final return work role duty career grade specialty
trainee consultant general practitioner dentist nurse leader commissioner funder report guidance policy
standard measure audit survey interview finding evidence source review study theory model approach method
tailored flexible structured informal formal voluntary mandatory independent shared joint clear honest
open fair safe calm steady careful thorough brief regular frequent occasional ongoing sustained lasting
wellbeing health stress burnout pressure workload conflict communication listening questioning challenge
encourage explain agree decide follow check notice describe compare protect respect value recognise""".split()
EDITION = {"edition": "1.0", "date": "2026-11-23", "title": "Benchmark edition", "notes": ["Synthetic data."]}

# The ID definitions a benchmark copy may widen, and the form of item IDs they allow.
ID_DEFS = {"TK": "recommendation_id", "CS": "case_study_id", "EP": "principle_id"}
_LAST_DIGITS = re.compile(r"\[[0-9]-[0-9]\](\{[0-9]+(,[0-9]+)?\})?\$$")


def counts(n: int) -> dict[str, int]:
    """How many of each content type a toolkit of ``n`` recommendations has (at least the real ones)."""
    return {"recommendations": n, "case_studies": max(2, n // 5), "principles": max(1, n // 10),
            "strategies": max(4, n // 20), "terms": max(4, n // 5), "sources": max(2, n // 2)}


def _ids(prefix: str, first: int, last: int, width: int) -> list[str]:
    """TK01, TK02 ... TK99, TK100 ...: the real form while it fits, so hand-written links still work."""
    return [f"{prefix}{i:0{width}d}" for i in range(first, last + 1)]


def needs_wider_ids(files: dict[str, dict], schema_dir: Path) -> bool:
    """True when some item ID does not fit the schema's pattern (TK and two digits, and so on)."""
    defs = json.loads((schema_dir / "common.schema.json").read_text(encoding="utf-8"))["$defs"]
    ids = [r["id"] for r in files["recommendations.yaml"]["recommendations"]]
    ids += [c["id"] for c in files["case-studies.yaml"]["case_studies"]]
    ids += [p["id"] for p in files["principles.yaml"]["principles"]]
    return any(not re.fullmatch(defs[ID_DEFS[i[:2]]]["pattern"], i) for i in ids)


class _Text:
    """Deterministic plain-English-looking text."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def words(self, count: int) -> str:
        return " ".join(self.rng.choice(WORDS) for _ in range(count))

    def sentence(self, low: int = 8, high: int = 16) -> str:
        return self.words(self.rng.randint(low, high)).capitalize() + "."

    def para(self, sentences: int) -> str:
        return " ".join(self.sentence() for _ in range(sentences))

    def pick(self, values: list, low: int = 1, high: int = 2) -> list:
        return self.rng.sample(values, min(len(values), self.rng.randint(low, high)))


def _cite(text: _Text, source_ids: list[str], index: int, count: int = 1) -> list[dict]:
    """Citations spread evenly over the sources."""
    return [{"source": source_ids[(index + k * 7) % len(source_ids)], "confidence": text.rng.choice(CONFIDENCES)}
            for k in range(count)]


def _points(text: _Text, source_ids: list[str], index: int, count: int) -> list[dict]:
    return [{"text": text.para(2), "sources": _cite(text, source_ids, index + k)} for k in range(count)]


def _reference_data(base: dict, text: _Text, c: dict) -> tuple[list, list, list, list, dict, list]:
    """Glossary, sources, mechanisms, strategies, principles file and editions: the real ones
    (hand-written pages link to them) topped up with synthetic ones to the counts wanted."""
    terms = [dict(t) for t in base.get("glossary.yaml", {}).get("terms", [])]
    sources = [dict(s) for s in base.get("sources.yaml", {}).get("sources", [])]
    theory = base.get("programme-theory.yaml") or {}
    mechanisms = [dict(m) for m in theory.get("mechanisms", [])]
    strategies = [dict(s) for s in theory.get("strategies", [])]
    principles_file = base.get("principles.yaml") or {}
    principles = [dict(p) for p in principles_file.get("principles", [])]
    editions = base.get("releases.yaml", {}).get("editions") or [dict(EDITION, notes=list(EDITION["notes"]))]

    sources += [{"id": f"bench{2000 + i % 25}-s{i:04d}", "kind": ["restore", "related-research", "guidance",
                 "web-page"][i % 4], "authors": f"{text.words(1).title()} A, {text.words(1).title()} B",
                 "title": text.sentence(), "year": 2000 + i % 25, "about": text.sentence(),
                 **({"doi": f"10.5555/bench.{i}"} if i % 2 else {"url": f"https://example.org/bench/{i}"})}
                for i in range(max(0, c["sources"] - len(sources)))]
    source_ids = [s["id"] for s in sources]
    if not mechanisms:
        mechanisms = [{"id": m, "name": m.replace("-", " ").capitalize(), "description": text.para(1),
                       "sources": _cite(text, source_ids, k)} for k, m in enumerate(MECHANISMS)]
    mechanism_ids = [m["id"] for m in mechanisms]
    strategies += [{"id": f"bench-strategy-{i:03d}", "name": f"Strategy {i}",
                    "mechanism": mechanism_ids[i % len(mechanism_ids)], "gist": text.para(1),
                    "sources": _cite(text, source_ids, i)}
                   for i in range(max(0, c["strategies"] - len(strategies)))]
    for i in range(len(terms), c["terms"]):
        term = {"id": f"bench-term-{i:04d}", "term": f"{text.words(2).capitalize()} {i}",
                "definition": text.para(2), "sources": _cite(text, source_ids, i)}
        if i % 2 == 0:  # half the terms have an abbreviation, like the real glossary
            term["abbreviation"] = f"BQ{i:04d}"
        terms.append(term)
    principles += [{"id": pid, "title": f"{text.words(4).capitalize()} ({pid})", "statement": text.para(2),
                    "recommendations": [], "link_confidence": text.rng.choice(CONFIDENCES),
                    "sources": _cite(text, source_ids, k), "history": []}
                   for k, pid in enumerate(_ids("EP", len(principles) + 1, c["principles"], 1))]
    caveat = principles_file.get("caveat") or {"text": text.para(1), "sources": _cite(text, source_ids, 0)}
    return terms, sources, mechanisms, strategies, {"caveat": caveat, "principles": principles}, editions


def generate(n: int, seed: int = 2026, base: dict | None = None) -> dict[str, dict]:
    """Every data file (file name -> content) for a synthetic toolkit of ``n`` recommendations.

    ``base`` is the real data (file name -> parsed YAML). Its glossary, sources, programme theory,
    principles and editions are kept, because hand-written pages cite and link to them; its
    recommendations and case studies are replaced. Without ``base`` everything is synthetic.
    """
    text, c = _Text(seed + n), counts(n)
    terms, sources, mechanisms, strategies, principles_file, editions = _reference_data(base or {}, text, c)
    source_ids = [s["id"] for s in sources]
    principle_ids = [p["id"] for p in principles_file["principles"]]
    abbreviations = [t["abbreviation"] for t in terms if t.get("abbreviation")] or ["NHS"]
    history = {"date": str(editions[0]["date"]), "edition": editions[0]["edition"], "change": "First published."}
    rec_ids = _ids("TK", 1, c["recommendations"], 2)
    case_ids = _ids("CS", 1, c["case_studies"], 2)

    recommendations = []
    for i, rec_id in enumerate(rec_ids):
        strategy = strategies[i % len(strategies)]
        rec = {
            "id": rec_id, "status": "current",
            "title": f"{text.words(5).capitalize()} ({rec_id})",
            "mechanism": strategy["mechanism"],
            # Abbreviations appear in the text, as in the real toolkit, so the abbr extension has work to do.
            "summary": f"{text.para(4)} The {abbreviations[i % len(abbreviations)]} view applies.",
            "why_it_works": {k: text.para(1) for k in ("context", "strategy", "mechanism", "outcome")},
            "questions": [text.sentence()[:-1] + "?" for _ in range(4)],
            "in_practice": _points(text, source_ids, 3 * i, 2),
            "later_findings": _points(text, source_ids, 3 * i + 2, 1),
            "basis": {"strategies": [strategy["id"]], "principles": [principle_ids[i % len(principle_ids)]],
                      "confidence": text.rng.choice(CONFIDENCES), "note": text.para(2)},
            "related": [rec_ids[(i + k) % len(rec_ids)] for k in (1, 2) if rec_ids[(i + k) % len(rec_ids)] != rec_id],
            "sources": _cite(text, source_ids, i, 2),
            "stage": text.pick(STAGES), "audience": text.pick(AUDIENCES), "topics": text.pick(TOPICS, 2, 3),
            "keywords": list(dict.fromkeys(text.words(2) for _ in range(3))),
            "history": [dict(history)],
        }
        if not rec["related"]:
            del rec["related"]
        recommendations.append(rec)

    case_studies = [{
        "id": case_id, "status": "current", "title": f"{text.words(4).capitalize()} ({case_id})",
        "setting": text.pick(SETTINGS), "place": text.words(2).title(), "period": f"From {2010 + i % 15}",
        "anonymised": i % 3 == 0, "summary": text.para(3),
        **{key: _points(text, source_ids, 5 * i + k, 2) for k, key in enumerate(
            ("context", "what_was_done", "what_helped", "what_got_in_the_way", "what_others_can_take"))},
        "recommendations": list(dict.fromkeys(rec_ids[(5 * i + k) % len(rec_ids)] for k in range(3))),
        "sources": _cite(text, source_ids, i, 2), "topics": text.pick(TOPICS, 1, 2),
        "keywords": [text.words(2)], "history": [dict(history)],
    } for i, case_id in enumerate(case_ids)]

    # Principles point at recommendations that exist in this toolkit; each has a history.
    for k, principle in enumerate(principles_file["principles"]):
        principle["recommendations"] = list(dict.fromkeys(
            r if r in rec_ids else rec_ids[(10 * k + j) % len(rec_ids)]
            for j, r in enumerate(principle["recommendations"] or [None] * 4)))
        principle["history"] = principle["history"] or [dict(history)]

    files = {
        "recommendations.yaml": {"recommendations": recommendations},
        "case-studies.yaml": {"case_studies": case_studies},
        "principles.yaml": principles_file,
        "programme-theory.yaml": {"mechanisms": mechanisms, "strategies": strategies},
        "glossary.yaml": {"terms": terms},
        "sources.yaml": {"sources": sources},
        "releases.yaml": {"editions": editions},
    }
    # Every source must be cited somewhere: give each one the spread missed to a recommendation.
    cited = set(_cited(files))
    for j, s_id in enumerate(source_ids):
        if s_id not in cited:
            recommendations[j % len(recommendations)]["sources"].append({"source": s_id, "confidence": "lead"})
    files["published-ids.yaml"] = _register(recommendations, case_studies, principles_file["principles"])
    files["contributors.yaml"] = (base or {}).get("contributors.yaml") or {
        "contributors": [{"name": "Benchmark contributors", "contributions": ["content"]}]}
    return files


def _register(recommendations: list, case_studies: list, principles: list) -> dict:
    """The synthetic toolkit as published: every item in the register of published IDs, its released
    history entry carrying the content fingerprint the content check requires, then an unreleased one."""
    published = []
    for kind, items in (("recommendation", recommendations), ("case-study", case_studies), ("principle", principles)):
        for item in items:
            history = item["history"] = [dict(entry) for entry in item["history"]]
            if str(history[-1].get("edition")) != "unreleased":
                history[-1]["fingerprint"] = fingerprint(item)
                # Work since the edition, as in a toolkit being edited: the benchmark's serve test edits
                # titles, which an unreleased entry allows without a new fingerprint.
                history.append({"date": str(history[-1]["date"]), "edition": "unreleased",
                                "change": "Wording under review."})
            first = history[0]
            if str(first.get("edition")) != "unreleased":
                published.append({"id": item["id"], "type": kind, "first_published": str(first["date"]),
                                  "edition": str(first["edition"]), "title": item.get("title", "")})
    return {"published": published}


def _cited(value):
    if isinstance(value, dict):
        if isinstance(value.get("source"), str):
            yield value["source"]
        for child in value.values():
            yield from _cited(child)
    elif isinstance(value, list):
        for child in value:
            yield from _cited(child)


class _Dumper(yaml.CSafeDumper):
    """Writes long text as folded blocks ('>-'), the way contributors write the real files."""


_Dumper.add_representer(str, lambda dumper, text: dumper.represent_scalar(
    "tag:yaml.org,2002:str", text, style=">" if len(text) > 80 and "\n" not in text else None))


def read_base(data_dir: Path) -> dict[str, dict]:
    """The real data files, parsed (the benchmark validates what it writes, not this)."""
    return {p.name: yaml.load(p.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader) or {}
            for p in sorted(data_dir.glob("*.yaml"))}


def write_data(data_dir: Path, n: int, seed: int = 2026, base: dict | None = None,
               schema_dir: Path = ROOT / "schema") -> dict:
    """Replace ``data_dir``'s YAML files with a synthetic toolkit; return how many of each it holds
    and whether the IDs need ``widen_ids`` (judged against ``schema_dir``)."""
    files = generate(n, seed, base)
    data_dir.mkdir(parents=True, exist_ok=True)
    for old in data_dir.glob("*.yaml"):
        old.unlink()
    for name, content in files.items():
        (data_dir / name).write_text(
            yaml.dump(content, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=80), encoding="utf-8")
    return {"recommendations": len(files["recommendations.yaml"]["recommendations"]),
            "case_studies": len(files["case-studies.yaml"]["case_studies"]),
            "principles": len(files["principles.yaml"]["principles"]),
            "glossary_terms": len(files["glossary.yaml"]["terms"]),
            "sources": len(files["sources.yaml"]["sources"]),
            "wider_ids": needs_wider_ids(files, schema_dir)}


def widen_ids(schema_dir: Path) -> None:
    """Let a benchmark copy's schema accept IDs of up to four digits. Fails loudly if the schema moved on."""
    path = schema_dir / "common.schema.json"
    schema = json.loads(path.read_text(encoding="utf-8"))
    for name in ID_DEFS.values():
        pattern = schema["$defs"][name]["pattern"]
        wider, count = _LAST_DIGITS.subn("[0-9]{1,4}$", pattern)
        if count != 1:
            raise RuntimeError(f"{path}: cannot widen the {name} pattern {pattern!r}; update _LAST_DIGITS.")
        schema["$defs"][name]["pattern"] = wider
    path.write_text(json.dumps(schema, indent=2), encoding="utf-8")
    # The register of published IDs spells the same forms out in one pattern of its own.
    register = schema_dir / "published-ids.schema.json"
    text = register.read_text(encoding="utf-8")
    old = "TK(?!00)[0-9]{2}|CS(?!00)[0-9]{2}|EP[0-9])"
    if old not in text:
        raise RuntimeError(f"{register}: cannot widen its ID pattern; update widen_ids.")
    register.write_text(text.replace(old, "TK(?!00)[0-9]{2,4}|CS(?!00)[0-9]{2,4}|EP[0-9]{1,4})"), encoding="utf-8")


def set_title(data_file: Path, rec_id: str, new_title: str) -> None:
    """Change one recommendation's title in place, as a contributor would (one line of the file)."""
    source = data_file.read_text(encoding="utf-8")
    pattern = re.compile(rf"^(\s*title: ).*\({re.escape(rec_id)}\)$", re.MULTILINE)
    changed, count = pattern.subn(lambda m: f"{m.group(1)}{new_title} ({rec_id})", source)
    if count != 1:
        raise RuntimeError(f"{data_file}: found {count} title lines for {rec_id}")
    data_file.write_text(changed, encoding="utf-8")
