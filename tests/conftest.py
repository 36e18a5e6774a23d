"""Shared fixtures: the seed bulletins, and one pipeline run over them per session.

The tests write only to temporary folders: derived data the pipeline caches
between processes (the gazetteer's compact form, compiled patterns) goes to a
session folder ($BULLETIN_IE_CACHE), not to models/cache.  Browser tests run
where a Chromium is found ($CHROMIUM, the system's, or Playwright's) and are
skipped, saying so, where none is.
"""
from __future__ import annotations

import glob
import json
import os
import shutil
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SCHEMAS = ROOT / "pipeline" / "schemas"

# Set before any test (and any process a test starts) runs; subprocesses inherit it.
_OWN_CACHE = None
if "BULLETIN_IE_CACHE" not in os.environ:
    _OWN_CACHE = os.environ["BULLETIN_IE_CACHE"] = tempfile.mkdtemp(prefix="bulletin-ie-test-cache-")


def pytest_sessionfinish(session, exitstatus):
    if _OWN_CACHE:
        shutil.rmtree(_OWN_CACHE, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    """Every test that drives the real browser is marked ``browser`` (``-m "not
    browser"`` leaves them out)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    """Name the browser tests that were skipped, and how to run them."""
    skipped = [r.nodeid for r in terminalreporter.stats.get("skipped", [])
               if "browser" in getattr(r, "keywords", {})]
    if skipped:
        terminalreporter.write_line(
            f"{len(skipped)} browser test(s) skipped (no Chromium found): "
            + ", ".join(n.split("::")[-1] for n in skipped))
        terminalreporter.write_line(
            "to run them: `make browser` (installs one), or set CHROMIUM=/path/to/chromium")


def find_chromium() -> tuple[str | None, str]:
    """A Chromium to drive, and where it was looked for: $CHROMIUM, else the
    system's (on PATH or in /usr/bin), else Playwright's own download."""
    env = os.environ.get("CHROMIUM")
    if env:
        ok = os.path.isfile(env) and os.access(env, os.X_OK)
        return (env if ok else None), f"$CHROMIUM={env}" + ("" if ok else " is not an executable file")
    names = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
    for name in names:
        found = shutil.which(name) or shutil.which(name, path="/usr/bin")
        if found and os.path.isfile(found):
            return found, found
    home = os.environ.get("PLAYWRIGHT_BROWSERS_PATH") or os.path.expanduser("~/.cache/ms-playwright")
    for exe in sorted(glob.glob(os.path.join(home, "chromium*", "chrome-linux*", "chrome")), reverse=True):
        if os.access(exe, os.X_OK):
            return exe, exe
    return None, f"$CHROMIUM unset, no {'/'.join(names)} on PATH, nothing in {home}"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


@pytest.fixture(scope="session")
def seed_run(tmp_path_factory) -> Path:
    """The whole pipeline over seeds/, once: the output directory."""
    from pipeline.api import run

    out = tmp_path_factory.mktemp("seed_run")
    summary = run([SEEDS], out, workers=1, quiet=True)
    assert summary.exit_code == 0, (out / "errors.jsonl").read_text()
    return out


@pytest.fixture(scope="session")
def pipeline_instance():
    from pipeline.api import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def segmenter():
    from pipeline.segment import Segmenter

    return Segmenter()


@pytest.fixture(scope="module")
def facts_of(pipeline_instance):
    """The facts of a short text, by their evidence text (the facts tests' fixture)."""
    def _run(text: str) -> dict:
        result = pipeline_instance.process_text(text, doc_id="t")
        return {f.evidence["text"]: f for f in result.facts}
    return _run


@pytest.fixture(scope="session")
def rec():
    """The entity recognizer, built once (the entities tests' fixture)."""
    from pipeline.entities import EntityRecognizer

    return EntityRecognizer.from_rules()


CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    chromium, where = find_chromium()
    if chromium is None:
        pytest.skip(f"no Chromium ({where}): `make browser` installs one, or set CHROMIUM=/path")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("the browser tests drive Chromium with playwright: pip install -e '.[review-test]'")
    with sync_playwright() as p:
        # launch() gives a fresh temporary profile; no browser download
        browser = p.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
