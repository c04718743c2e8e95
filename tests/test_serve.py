"""`make serve`: the preview server picks up an edit to the YAML data without a restart."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import scratch_project


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.2)
    return False


def test_serve_reloads_an_edited_recommendation(tmp_path, toolkit):
    project = scratch_project(tmp_path / "project")
    port = free_port()
    # As `make serve` does: the site's address is the local one, so pages are served from the root.
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOOLKIT_SITE_URL": f"http://127.0.0.1:{port}/"}
    env.pop("TOOLKIT_PREVIEW", None)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        first = toolkit.recommendations[0]
        page = f"http://127.0.0.1:{port}/recommendations/{first['id'].lower()}/"
        assert wait_for(page, first["id"], 120), "the preview server did not start"
        # Previews leave out the whole-toolkit print page so that edits show quickly.
        assert "left out while you preview" in fetch(f"http://127.0.0.1:{port}/print/")
        data = project / "data" / "recommendations.yaml"
        text = data.read_text(encoding="utf-8")
        assert f"title: {first['title']}" in text
        data.write_text(text.replace(f"title: {first['title']}", "title: Edited while the preview runs", 1),
                        encoding="utf-8")
        assert wait_for(page, "Edited while the preview runs", 60), "the edit to data/ never showed"
    finally:
        server.terminate()
        server.wait(timeout=30)
