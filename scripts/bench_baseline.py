"""The benchmark's peer baseline: the same pages as plain Markdown, for plain Material.

    python scripts/bench_baseline.py PROJECT BASELINE

PROJECT is a buildable copy of the toolkit (with its data). BASELINE receives the Markdown that
every page of PROJECT renders to, written as ordinary ``.md`` files, and an ``mkdocs.yml`` with
the same theme, overrides, Markdown extensions, nav and search and tags plugins, minus the data
layer: no macros plugin, no hook, no mike plugin.

The Markdown comes from the project's own renderers, registered exactly as the build registers
them (``macros.define_env``), plus the abbreviation lines the hook appends. What the hook adds at
build time (the edition, each page's last-changed date) is written into the config and front
matter as plain values, so both builds produce the same HTML. The build fills the whole-toolkit
page's items in from the HTML of their own pages; here they are written out as Markdown instead.
Run it in its own process:
``macros`` must be imported from PROJECT, not from the repository.
"""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import SimpleNamespace

import jinja2
import yaml

DATA_LAYER_PLUGINS = {"macros", "mike"}


class _MacroEnv:
    """The part of mkdocs-macros' ``env`` that ``define_env`` uses."""

    def __init__(self):
        self.macros: dict = {}
        self.filters: dict = {}
        self.variables: dict = {}
        self.page = None
        self.conf = None

    def macro(self, fn, name=None):
        self.macros[name or fn.__name__] = fn
        return fn

    def filter(self, fn, name=None):
        self.filters[name or fn.__name__] = fn
        return fn


def _plugins_without_data_layer(config_file: Path) -> list:
    from mkdocs.utils.yaml import yaml_load  # understands !ENV like the build does
    with open(config_file, "rb") as fh:
        plugins = yaml_load(fh).get("plugins", [])
    name = lambda entry: entry if isinstance(entry, str) else next(iter(entry))  # noqa: E731
    return [entry for entry in plugins if name(entry) not in DATA_LAYER_PLUGINS]


def _load_hook(project: Path, config):
    """The project's hook module, after its ``on_config`` (edition, dates) has run."""
    spec = importlib.util.spec_from_file_location("toolkit_hook", project / "hooks" / "toolkit.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    hook.on_config(config)
    config.plugins._current_plugin = "hooks/toolkit.py"  # what MkDocs sets while it runs a hook
    return hook


def _page_dates(hook, config, src_uri: str, source: str, meta: dict) -> dict:
    """The last-changed date the hook gives a page at build time, as plain front matter."""
    page = SimpleNamespace(title=None, meta=dict(meta), edit_url=None, url=None,
                           file=SimpleNamespace(src_uri=src_uri, content_string=source))
    hook.on_page_content("", page=page, config=config, files=None)
    return {key: page.meta[key] for key in ("tk_updated", "tk_updated_uk") if key in page.meta}


def _write_bytes(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _write_page(path: Path, meta: dict, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    front = f"---\n{yaml.safe_dump(meta, sort_keys=False, allow_unicode=True)}---\n\n" if meta else ""
    path.write_text(front + body, encoding="utf-8")


def write_baseline(project: Path, baseline: Path) -> int:
    """Write BASELINE from PROJECT; return the number of pages written."""
    sys.path.insert(0, str(project))
    from mkdocs.config import load_config
    from mkdocs.structure.files import Files
    from mkdocs.utils.meta import get_data

    import macros
    from macros import pages, render_print
    from macros.editions import edition_info
    from macros.loader import load_toolkit

    tk = load_toolkit(project)
    env = _MacroEnv()
    env.conf = load_config(str(project / "mkdocs.yml"))  # as after on_config: the hook adds the edition
    env.conf["extra"]["edition"] = edition_info(tk)
    macros.define_env(env)
    jinja = jinja2.Environment(undefined=jinja2.StrictUndefined)  # as on_undefined: strict
    jinja.globals.update(env.macros)
    jinja.filters.update(env.filters)
    abbreviations = pages.abbreviation_lines(tk)
    docs = project / "docs"
    hook = _load_hook(project, env.conf)

    sources = {p.relative_to(docs).as_posix(): p.read_text(encoding="utf-8") for p in docs.rglob("*.md")}
    for path in docs.rglob("*"):  # assets (CSS, JS, images) are copied as they are
        if path.is_file() and path.suffix != ".md":
            _write_bytes(baseline / "docs" / path.relative_to(docs), path.read_bytes())
    # Whatever the hook generates (item page stubs, open-data downloads) becomes an ordinary file.
    generated = [f for f in hook.on_files(Files([]), config=env.conf) if f.generated_by]
    for file in generated:
        if file.src_uri.endswith(".md"):
            sources[file.src_uri] = file.content_string
        else:
            _write_bytes(baseline / "docs" / file.src_uri, file.content_bytes)

    for src_uri, source in sources.items():
        body, meta = get_data(source)
        env.page = SimpleNamespace(file=SimpleNamespace(src_uri=src_uri, src_path=src_uri), meta=meta)
        if meta.get("render_macros", True) is not False:
            body = jinja.from_string(body).render(**{**env.conf['extra'], 'config': env.conf, **env.variables, **meta})
        # The whole-toolkit page's items: the build fills them in from the item pages' HTML, which a plain
        # site does not have, so here they are written out in Markdown (the same HTML, as a test checks).
        body = render_print.fill_markdown(tk, body)
        body = f"{body}\n\n{pages.abbreviations_used(abbreviations, body)}\n"  # as the hook appends them
        meta = {**meta, **_page_dates(hook, env.conf, src_uri, source, meta)}
        _write_page(baseline / "docs" / src_uri, meta, body)

    for part in ("overrides",):
        shutil.copytree(project / part, baseline / part, dirs_exist_ok=True)
    shutil.copy2(project / "mkdocs.yml", baseline / "base.yml")
    config = {"INHERIT": "base.yml", "plugins": _plugins_without_data_layer(project / "mkdocs.yml"),
              "hooks": [], "watch": [], "extra": {"edition": edition_info(tk)}}
    (baseline / "mkdocs.yml").write_text(
        "# Plain Material: the project's configuration without the data layer.\n"
        + yaml.safe_dump(config, sort_keys=False), encoding="utf-8")
    return len(sources)


if __name__ == "__main__":
    count = write_baseline(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve())
    print(f"{count} pages written")
