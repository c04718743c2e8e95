"""The contributor route stays true: the guide, the field reference, the forms and the editor help.

- every repository path the contributor docs name exists, and every `make` target they name;
- the field reference lists every field of every schema (walked here independently of the renderer);
- the built guide has the field reference and the downloadable templates.

The GitHub, editor and pre-commit files are checked in test_contributor_tooling.py; the content
check itself (templates, worked examples, messages) in test_contributing_checks.py.
"""

from __future__ import annotations

import glob
import re
from pathlib import Path

import pytest

from conftest import ROOT
from macros.render_fields import field_reference
from macros.schemas import CONTENT_TYPES, bundled

GUIDE = ROOT / "docs" / "contribute"
DOCS = [ROOT / "CONTRIBUTING.md", *sorted(GUIDE.glob("*.md"))]

# --- Paths and commands named in the docs ------------------------------------------------------
_FENCE = re.compile(r"^```.*?^```", re.S | re.M)
_CODE = re.compile(r"`([^`\n]+)`(?!\]\()")  # a code span that is a link's text is checked by its link
_LINK = re.compile(r"\]\(([^)\s]+)\)")
_FILE_ENDINGS = (".yaml", ".yml", ".md", ".json", ".py", ".txt", ".toml", ".html", ".css", ".js")


def _looks_like_path(token: str) -> bool:
    if any(c in token for c in " []{}()'\"<>|:=") or token.startswith(("-", ".venv/")):
        return False
    return "/" in token or token.endswith(_FILE_ENDINGS) or token.startswith(".")


def paths_named(doc: Path, text: str) -> list[Path]:
    """Repository paths a document names: code spans that look like paths, and relative links.

    In the published guide, links are relative to the page; code spans are repository paths.
    In CONTRIBUTING.md both are relative to the repository root. Fenced examples are skipped.
    """
    prose = _FENCE.sub("", text)
    found = [ROOT / token for token in _CODE.findall(prose) if _looks_like_path(token)]
    base = doc.parent if doc.is_relative_to(ROOT / "docs") else ROOT
    for target in _LINK.findall(prose):
        if "://" in target or target.startswith(("#", "mailto:")):
            continue
        found.append((base / target.split("#")[0]).resolve())
    return found


def _exists(path: Path) -> bool:
    if path.suffix == ".txt" and path.parent.name == "templates":  # built from the .yaml beside it
        return path.with_suffix(".yaml").exists()
    return path.exists() or (any(c in str(path) for c in "*?") and bool(glob.glob(str(path))))


def test_the_path_finder_sees_code_spans_links_and_missing_files():
    text = ("Edit `data/nope.yaml`, not `make check` or `case_studies[2]`.\n```yaml\n`data/ignored.yaml`\n```\n"
            "[x](../README.md#top) [`label.yml`](.github/dependabot.yml)")
    named = paths_named(ROOT / "CONTRIBUTING.md", text)
    assert named == [ROOT / "data/nope.yaml", (ROOT / "../README.md").resolve(), ROOT / ".github/dependabot.yml"]
    assert not _exists(named[0])


@pytest.mark.parametrize("doc", DOCS, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_path_named_in_the_contributor_docs_exists(doc):
    named = paths_named(doc, doc.read_text(encoding="utf-8"))
    missing = sorted({p.relative_to(ROOT).as_posix() if p.is_relative_to(ROOT) else str(p)
                      for p in named if not _exists(p)})
    assert not missing, f"{doc.relative_to(ROOT)} names paths that do not exist: {missing}"


def test_the_contributor_docs_name_the_key_files():
    named = {p for doc in DOCS for p in paths_named(doc, doc.read_text(encoding="utf-8"))}
    for expected in ("data/recommendations.yaml", "data/case-studies.yaml", "docs/contribute/templates/case-study.yaml",
                     ".github/ISSUE_TEMPLATE/01-suggest-a-change.yml", ".pre-commit-config.yaml"):
        assert (ROOT / expected).resolve() in {p.resolve() for p in named}, f"no contributor doc names {expected}"


def test_every_make_command_named_in_the_contributor_docs_exists():
    targets = set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M))
    # Commands in code spans (`make check`) and at the start of a line in command examples.
    command = re.compile(r"(?:`|^)make ([a-z][a-z-]*)", re.M)
    named = {m for doc in DOCS for m in command.findall(doc.read_text(encoding="utf-8"))}
    assert {"serve", "test", "check"} <= named, "CONTRIBUTING.md must give the README's two commands and make check"
    assert named <= targets, f"the docs name make targets that do not exist: {sorted(named - targets)}"


# --- Field reference ---------------------------------------------------------------------------
def _deref(spec: dict, root: dict) -> dict:
    """Resolve a $ref chain, letting keywords beside the reference win (written apart from the renderer)."""
    out = {k: v for k, v in spec.items() if k != "$ref"}
    while "$ref" in spec:
        target = root
        for part in spec["$ref"][2:].split("/"):
            target = target[part]
        out = {**{k: v for k, v in target.items() if k != "$ref"}, **out}
        spec = target
    return out


def schema_fields(spec: dict, root: dict, prefix: str = "", needed: bool = True):
    """(path, resolved spec, required) for every field, with '[]' for each item of a list."""
    spec = _deref(spec, root)
    if spec.get("type") == "array" and "items" in spec:
        item = _deref(spec["items"], root)
        if "properties" in item:
            for name, child in item["properties"].items():
                yield from _field(child, root, f"{prefix}[].{name}", name in item.get("required", []))
    for name, child in spec.get("properties", {}).items():
        yield from _field(child, root, f"{prefix}.{name}" if prefix else name, name in spec.get("required", []))


def _field(child, root, path, needed):
    yield path, _deref(child, root), needed
    yield from schema_fields(child, root, path, needed)


def _entries(markdown: str) -> dict[str, str]:
    """Field path -> its entry in the rendered reference."""
    parts = re.split(r"^`([^`]+)`\n:   ", markdown, flags=re.M)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


REFERENCE = field_reference(None, "contribute/fields.md")
CONTENT_TYPES_BY_FILE = {data_file: schema_file for data_file, schema_file in CONTENT_TYPES.values()}
FIELDS = [(data_file, path, spec, needed) for data_file, schema_file in CONTENT_TYPES.values()
          for path, spec, needed in schema_fields(bundled(schema_file), bundled(schema_file))]


def test_the_field_reference_lists_every_field_of_every_schema():
    entries = _entries(REFERENCE)
    expected = {path for _, path, _, _ in FIELDS}
    assert {"recommendations[].why_it_works.context", "recommendations[].history[].date",
            "case_studies[].context[].sources[].confidence", "caveat.text"} <= expected
    missing = sorted(expected - set(entries))
    assert not missing, f"fields missing from the reference: {missing}"
    assert len(entries) == len(FIELDS), "a field is listed twice, or something that is not a field is listed"


@pytest.mark.parametrize("data_file,path,spec,needed", FIELDS, ids=[f[1] for f in FIELDS])
def test_each_field_entry_says_what_the_schema_says(data_file, path, spec, needed):
    entry = _entries(REFERENCE)[path]
    assert entry.startswith("**Required.**" if needed else "Optional."), entry[:80]
    items = _deref(spec.get("items", {}), bundled(CONTENT_TYPES_BY_FILE[data_file]))
    values = spec.get("enum") or items.get("enum", [])
    for value in values:
        assert f"- `{value}`" in entry, f"{path}: allowed value {value!r} not listed"
    for example in spec.get("examples", []):
        assert f"`{example}`" in entry, f"{path}: example {example!r} not shown"
    if spec.get("maxLength"):
        assert f"at most {spec['maxLength']} characters" in entry


def test_allowed_values_carry_their_meanings():
    entry = _entries(REFERENCE)["recommendations[].mechanism"]
    mechanism = bundled("recommendation.schema.json")["$defs"]["recommendation"]["properties"]["mechanism"]
    for value, meaning in zip(mechanism["enum"], mechanism["enumDescriptions"], strict=True):
        assert f"- `{value}`: {meaning}" in entry


def test_the_field_reference_page_calls_the_generator():
    page = (GUIDE / "fields.md").read_text(encoding="utf-8")
    assert "{{ field_reference() }}" in page
    assert "render_macros: false" not in page


@pytest.mark.parametrize("page", sorted(GUIDE.glob("*.md")), ids=lambda p: p.name)
def test_pages_with_literal_template_syntax_switch_macros_off(page):
    text = page.read_text(encoding="utf-8")
    literal = re.search(r"\{\{|\{%", text) and page.name != "fields.md"
    assert not literal or text.startswith("---\nrender_macros: false\n"), (
        f"{page.name} shows '{{{{' or '{{%' literally: it needs 'render_macros: false' in its front matter")


def test_the_guide_is_in_the_navigation():
    nav = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    for page in GUIDE.glob("*.md"):
        assert f"contribute/{page.name}" in nav, f"{page.name} is not in the nav of mkdocs.yml"


# --- The published guide -----------------------------------------------------------------------
def test_the_built_guide_has_the_field_reference_and_downloadable_templates(built_site):
    fields = (built_site / "contribute" / "fields" / "index.html").read_text(encoding="utf-8")
    missing = [path for _, path, _, _ in FIELDS if f"<code>{path}</code>" not in fields]
    assert not missing, f"fields missing from the built reference page: {missing[:10]}"
    index = (built_site / "contribute" / "index.html").read_text(encoding="utf-8")
    for template in ("recommendation", "case-study"):
        source = (GUIDE / "templates" / f"{template}.yaml").read_bytes()
        for ending in (".yaml", ".txt"):  # the .txt opens as text in a browser; both are the same file
            assert (built_site / "contribute" / "templates" / f"{template}{ending}").read_bytes() == source
            assert f'href="templates/{template}{ending}"' in index


def test_the_templates_open_as_text_in_a_browser(built_site):
    from urllib.request import urlopen

    from conftest import serve
    server, url = serve(built_site)
    try:
        for template in ("recommendation", "case-study"):
            with urlopen(f"{url}contribute/templates/{template}.txt", timeout=10) as response:
                assert response.headers.get_content_type() == "text/plain"
                assert response.read() == (GUIDE / "templates" / f"{template}.yaml").read_bytes()
    finally:
        server.shutdown()


def test_the_guide_names_the_edit_link_as_the_site_shows_it(built_site):
    """The words the guide tells contributors to select are the words on every page."""
    named = set()
    for doc in [*DOCS, ROOT / ".github" / "ISSUE_TEMPLATE" / "01-suggest-a-change.yml"]:
        named |= set(re.findall(r"\*\*(Suggest a change to this page|Edit this page)\*\*", doc.read_text("utf-8")))
    assert named == {"Suggest a change to this page"}, named
    for url in ("recommendations/tk01/", "glossary/", "contribute/"):
        html = (built_site / url / "index.html").read_text(encoding="utf-8")
        assert re.search(r'<a href="https://github\.com/[^"]+/edit/main/[^"]+"[^>]*>Suggest a change to this page</a>',
                         html), url


def test_every_topic_has_its_meaning_in_the_field_reference():
    topic = bundled("recommendation.schema.json")["$defs"]["topic"]
    assert len(topic["enumDescriptions"]) == len(topic["enum"]), "each topic needs one meaning"
    entry = _entries(REFERENCE)["recommendations[].topics"]
    for value, meaning in zip(topic["enum"], topic["enumDescriptions"], strict=True):
        assert f"- `{value}`: {meaning}" in entry
    assert _entries(REFERENCE)["case_studies[].topics"].count("`: ") >= len(topic["enum"])
