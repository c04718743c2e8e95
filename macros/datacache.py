"""A cache of validated data between builds, so an unchanged toolkit is not parsed and checked again.

Every build of ``mkdocs serve`` and every repeated ``mkdocs build`` would otherwise re-read and
re-validate the same YAML: about two seconds for a toolkit of 1,000 recommendations. The cache
holds only data that passed every check, as JSON, under ``.cache/`` in the project folder. Its key
is a hash of everything the result depends on: the data and schema files, the code that reads and
checks them, and the source IDs that pages cite. Any change gives a new key, so a stale entry can
never be used. Set ``TOOLKIT_CACHE=0`` to switch it off.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

CODE = [Path(__file__).resolve().parent / name
        for name in ("yamlpos.py", "schemas.py", "loader.py", "datacache.py", "codes.py", "integrity.py")]


def enabled(environ=os.environ) -> bool:
    return environ.get("TOOLKIT_CACHE", "1") != "0"


def key(files: list[Path], cited: set[str]) -> str:
    """Hash of the given files' bytes, the reading code and the cited source IDs."""
    digest = hashlib.sha256()
    for path in [*files, *CODE]:
        digest.update(path.name.encode() + b"\0")
        digest.update(path.read_bytes() if path.exists() else b"(missing)")
    digest.update(json.dumps(sorted(cited)).encode())
    return digest.hexdigest()[:32]


def _path(root: Path, cache_key: str) -> Path:
    return root / ".cache" / f"toolkit-data-{cache_key}.json"


def read(root: Path, cache_key: str) -> dict | None:
    """The validated data stored under ``cache_key``, or None."""
    try:
        return json.loads(_path(root, cache_key).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(root: Path, cache_key: str, files: dict) -> None:
    """Store validated data under ``cache_key``, replacing older entries. Failing to write is harmless."""
    target = _path(root, cache_key)
    try:
        target.parent.mkdir(exist_ok=True)
        for old in target.parent.glob("toolkit-data-*.json"):
            old.unlink(missing_ok=True)
        partial = target.with_suffix(".part")
        partial.write_text(json.dumps(files, ensure_ascii=False), encoding="utf-8")
        partial.replace(target)
    except OSError:
        pass
