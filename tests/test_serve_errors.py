"""Under `make serve`, a data mistake shows on the page itself; a build still stops with the message.

The preview server keeps running with broken data: every page, the one open in the browser included,
lists each problem with its file, line and field, and the real page comes back once the data is fixed.
`mkdocs build` takes no such lenient path, even if the preview's environment variable is set.
"""

from __future__ import annotations

import os
import subprocess
import sys

from test_serve import fetch, free_port, wait_for

from conftest import scratch_project

MISTAKE = ("    mechanism: insight\n", "    mechanism: insigth\n")


def test_a_data_mistake_shows_on_the_previewed_page_and_goes_when_fixed(tmp_path, toolkit):
    project = scratch_project(tmp_path / "project")
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOOLKIT_SITE_URL": f"http://127.0.0.1:{port}/"}
    env.pop("TOOLKIT_PREVIEW", None)
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              cwd=project, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, text=True)
    try:
        first = toolkit.recommendations[0]
        page = f"http://127.0.0.1:{port}/recommendations/{first['id'].lower()}/"
        assert wait_for(page, first["title"], 120), "the preview server did not start"
        data = project / "data" / "recommendations.yaml"
        good = data.read_text(encoding="utf-8")
        assert MISTAKE[0] in good
        data.write_text(good.replace(*MISTAKE, 1), encoding="utf-8")
        line = good[:good.index(MISTAKE[0])].count("\n") + 1
        assert wait_for(page, "data has 1 problem", 60), "the mistake never showed on the page"
        shown = fetch(page)
        assert f"data/recommendations.yaml, line {line}" in shown and "insigth" in shown
        assert "Did you mean" in shown and first["title"] not in shown
        # Other pages show it too, so whichever page the contributor has open tells them.
        assert "data has 1 problem" in fetch(f"http://127.0.0.1:{port}/glossary/")
        data.write_text(good, encoding="utf-8")
        assert wait_for(page, first["title"], 60), "the page did not come back once the data was fixed"
        assert "data has 1 problem" not in fetch(page)
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_build_still_stops_on_the_same_mistake_even_with_the_preview_setting(tmp_path):
    project = scratch_project(tmp_path / "project")
    data = project / "data" / "recommendations.yaml"
    data.write_text(data.read_text(encoding="utf-8").replace(*MISTAKE, 1), encoding="utf-8")
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "TOOLKIT_PREVIEW": "1"}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
                            cwd=project, env=env, capture_output=True, text=True, timeout=600)
    assert result.returncode != 0
    assert "'insigth' is not an allowed value" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "site" / "index.html").exists()
