"""Publishing an edition: `python -m macros.release --prepare` marks what it publishes, line by line.

Unreleased history entries get the edition's number, the newest entry of each item they publish gets
its fingerprint, and items published for the first time get their line in the register, so the
check passes on the published data without anyone pasting fingerprints by hand. Nothing else in the
files changes, and an item changed without a history entry is not hidden by it.
"""

from __future__ import annotations

import re

from test_check_integrity import edit, problems, project

from macros import release
from macros.loader import load_toolkit

NEW_ITEM = """  - id: TK03
    status: current
    title: Agree who sees the notes
    mechanism: insight
    summary: Say who reads the notes before the first meeting.
    why_it_works: {context: c, strategy: s, mechanism: m, outcome: o}
    questions: ["One?", "Two?", "Three?"]
    basis: {strategies: [safe-space], confidence: inferred, note: Our reading.}
    sources:
      - {source: price2021-medu, confidence: verified}
    stage: [first-meeting]
    audience: [case-manager]
    topics: [confidentiality]
    history:
      - date: 2026-11-30
        edition: unreleased  # leave as unreleased: the edition is set when it is published
        change: First published.
"""
EDITION = '  - edition: "1.1"\n    date: 2026-12-01\n    title: Second edition\n    notes: [Reworded.]\n'


def test_prepare_publishes_the_unreleased_changes_and_the_check_passes(tmp_path):
    root = project(tmp_path)
    recs = root / "data" / "recommendations.yaml"
    recs.write_text(recs.read_text(encoding="utf-8") + NEW_ITEM, encoding="utf-8")
    releases = root / "data" / "releases.yaml"
    releases.write_text(releases.read_text(encoding="utf-8").replace("editions:\n", "editions:\n" + EDITION),
                        encoding="utf-8")
    before = recs.read_text(encoding="utf-8").splitlines()
    assert release.release_problems(load_toolkit(root), "1.1"), "unreleased entries: not ready yet"

    assert release.main(["--prepare", "v1.1.0", str(root)]) == 0
    after = recs.read_text(encoding="utf-8").splitlines()
    changed = [(b, a) for b, a in zip(before, after, strict=False) if a != b]
    assert len(after) == len(before) + 1, "one line added: the new item's fingerprint"
    assert changed[0][0] == "      - {date: 2026-12-01, edition: unreleased, change: Reworded.}"
    assert re.fullmatch(r'      - \{date: 2026-12-01, edition: "1\.1", change: Reworded\., '
                        r'fingerprint: "[0-9a-f]{8}"\}',
                        changed[0][1])
    assert '        edition: "1.1"  # leave as unreleased: the edition is set when it is published' in after
    assert re.search(r'\n        fingerprint: "[0-9a-f]{8}"\n', recs.read_text(encoding="utf-8"))
    register = (root / "data" / "published-ids.yaml").read_text(encoding="utf-8")
    assert register.endswith('  - {id: TK03, type: recommendation, first_published: 2026-11-30, edition: "1.1", '
                             'title: "Agree who sees the notes"}\n')
    tk = load_toolkit(root)
    assert release.release_problems(tk, "1.1") == []
    assert all(e["edition"] != "unreleased" for r in tk.recommendations for e in r["history"])


def test_prepare_does_not_hide_a_change_without_a_history_entry(tmp_path):
    root = project(tmp_path)
    edit(root, "recommendations.yaml", "    title: Hold first conversations somewhere private",
         "    title: Hold first conversations in private")
    assert release.main(["--prepare", "v1.1.0", str(root)]) == 1
    assert [p.code for p in problems(root)] == ["TK-E053"]
