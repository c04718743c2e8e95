"""MkDocs hook: a whole site or none, and a Content Security Policy on every page.

Thin glue around ``macros/atomic.py`` and ``macros/csp.py``:

- ``mkdocs build`` (and gh-deploy, and mike's builds) write into a staging folder beside the site
  folder (``--site-dir`` or ``site_dir``); the finished build replaces the site folder in one step
  at the very end, only if nothing failed and, in strict mode, nothing warned. MkDocs counts strict
  warnings after ``on_post_build``, so the swap waits for ``on_shutdown`` and this hook counts
  warnings itself. ``mkdocs serve`` already builds into a folder of its own and is left alone.
- every page (and 404.html) gets its policy, hashed from its own finished HTML, after every other
  plugin has changed it. Not under ``mkdocs serve``: its live-reload script, added to each page as it
  is served, is new every time and could not run under a hashed policy. Previews are never published.
"""

from __future__ import annotations

import logging
import os
import sys
from pathlib import Path

from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from macros import atomic, csp  # noqa: E402

log = logging.getLogger("mkdocs.hooks.site_guard")
_state: dict = {}
_ATOMIC_COMMANDS = {"build", "gh-deploy"}
_SERVING = "TOOLKIT_SERVING"  # set for the whole `mkdocs serve` process (this module is reloaded per build)


class _Warnings(logging.Handler):
    """Counts the warnings MkDocs and its plugins log, as strict mode does."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record):
        self.count += 1


def on_startup(command, dirty):
    # The dev server reloads this module for every rebuild, and those builds never call on_startup:
    # they are left alone, as serve builds into a temporary folder of its own.
    _state.clear()
    _state.update(command=command, dirty=dirty)
    if command == "serve":
        os.environ[_SERVING] = "1"


@event_priority(100)  # first: every plugin and MkDocs itself must write into the staging folder
def on_config(config):
    if _state.get("command") not in _ATOMIC_COMMANDS or "staging" in _state:
        return config
    if _state.get("dirty"):
        log.info("A --dirty build writes straight into %s (it keeps the files already there).", config.site_dir)
        return config
    site = Path(config.site_dir)
    staging = atomic.staging_dir(site)  # also removes what killed builds left behind
    warnings = _Warnings()
    logging.getLogger("mkdocs").addHandler(warnings)
    _state.update(site=site, staging=staging, strict=bool(config.strict), warnings=warnings, built=False, failed=False,
                  config=config)
    config.site_dir = str(staging)
    return config


@event_priority(-100)  # last: after every other plugin has finished writing
def on_post_build(config):
    if "staging" in _state:
        _state["built"] = True


def on_build_error(error):
    if "staging" in _state:
        _state["failed"] = True


def on_shutdown():
    staging = _state.pop("staging", None)
    if staging is None:
        return
    warnings = _state["warnings"]
    logging.getLogger("mkdocs").removeHandler(warnings)
    site = _state["site"]
    _state["config"].site_dir = str(site)  # gh-deploy reads it after this, to push the site
    whole = _state["built"] and not _state["failed"] and not (_state["strict"] and warnings.count)
    if whole:
        atomic.publish(staging, site)
    else:
        atomic.discard(staging)
        if site.exists():
            log.error("The build did not finish, so %s was left exactly as it was.", site)
        else:
            log.error("The build did not finish, so no site was written to %s.", site)


@event_priority(-100)  # last: the hashes must match the HTML exactly as it is written
def on_post_page(output, page, config):
    return output if os.environ.get(_SERVING) else csp.with_policy(output)


@event_priority(-100)
def on_post_template(output_content, template_name, config):
    if os.environ.get(_SERVING) or not template_name.endswith(".html"):
        return output_content
    return csp.with_policy(output_content)
