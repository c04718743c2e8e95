"""A published site that is always whole: build beside site/, then swap the finished build in at once.

A build writes into a fresh staging folder next to the site folder (same parent, so the same file
system). Only when the build has fully succeeded (every page written, no error, and in strict mode no
warning) is the staging folder swapped with the site folder in one step; the old site is then
deleted. Anything else (a data error, a template or macro error, strict warnings, Ctrl+C) deletes
the staging folder and leaves the site exactly as it was. A build that is killed outright leaves
its staging folder behind; the next build removes it.

On Linux the swap is a single ``renameat2(RENAME_EXCHANGE)`` call, so there is no moment at which
the site folder is missing or half-written. Elsewhere it is two renames, and a build killed between
them leaves the old site under a retired name, which the next build puts back.

Folder names, beside ``<parent>/site``:
    .site.building-<pid>-<random>   a build in progress (or killed)
    .site.retired-<pid>-<random>    the previous site, being deleted (or left by a kill)
"""

from __future__ import annotations

import ctypes
import errno
import os
import re
import secrets
import shutil
import time
from pathlib import Path

BUILDING, RETIRED = "building", "retired"
_NAME = re.compile(r"^\.(?P<site>.+)\.(?P<kind>building|retired)-(?P<pid>\d+)-[0-9a-f]+$")


def _sibling(site_dir: Path, kind: str) -> Path:
    return site_dir.parent / f".{site_dir.name}.{kind}-{os.getpid()}-{secrets.token_hex(4)}"


def _alive(pid: int, folder: Path) -> bool:
    if pid == os.getpid():
        return True
    if os.name == "nt":  # os.kill would end the process there: a build left for an hour counts as dead
        try:
            return time.time() - folder.stat().st_mtime < 3600
        except OSError:
            return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def leftovers(site_dir: Path) -> list[Path]:
    """Staging and retired folders of ``site_dir`` whose build is no longer running."""
    site_dir = Path(site_dir)
    if not site_dir.parent.is_dir():
        return []
    found = []
    for path in site_dir.parent.iterdir():
        match = _NAME.match(path.name)
        if match and match["site"] == site_dir.name and not _alive(int(match["pid"]), path):
            found.append(path)
    return sorted(found)


def clean_leftovers(site_dir: Path) -> list[Path]:
    """Tidy up after killed builds; returns what was removed.

    If the site folder itself is missing (a kill between the two renames of the fallback swap), the
    newest retired copy becomes the site again before anything is deleted.
    """
    site_dir = Path(site_dir)
    stale = leftovers(site_dir)
    retired = [p for p in stale if _NAME.match(p.name)["kind"] == RETIRED]
    if not site_dir.exists() and retired:
        newest = max(retired, key=lambda p: p.stat().st_mtime_ns)
        os.rename(newest, site_dir)
        stale.remove(newest)
    for path in stale:
        shutil.rmtree(path, ignore_errors=True)
    return stale


def staging_dir(site_dir: Path) -> Path:
    """A new, empty folder beside ``site_dir`` to build into (stale ones are cleaned first)."""
    site_dir = Path(site_dir)
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    clean_leftovers(site_dir)
    staging = _sibling(site_dir, BUILDING)
    staging.mkdir()
    return staging


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2 RENAME_EXCHANGE). False if not possible here."""
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (AttributeError, OSError, TypeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def publish(staging: Path, site_dir: Path) -> None:
    """Make the finished build in ``staging`` the site, in one step, then delete the old site."""
    staging, site_dir = Path(staging), Path(site_dir)
    if not site_dir.exists():
        os.rename(staging, site_dir)
        return
    if not site_dir.is_dir() or site_dir.is_symlink():
        raise OSError(f"{site_dir} is not a folder: move it away and build again.")
    retired = _sibling(site_dir, RETIRED)
    if _exchange(staging, site_dir):
        os.rename(staging, retired)  # staging now holds the old site
    else:
        os.rename(site_dir, retired)
        os.rename(staging, site_dir)
    shutil.rmtree(retired, ignore_errors=True)


def discard(staging: Path) -> None:
    """Delete an unfinished build."""
    shutil.rmtree(staging, ignore_errors=True)
