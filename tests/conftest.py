"""Shared fixtures: the seed bulletins, and one pipeline run over them per session."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
SCHEMAS = ROOT / "pipeline" / "schemas"


def pytest_collection_modifyitems(config, items):
    """Every test that drives the real browser is marked ``browser`` (so that
    `make test` can deselect them all, saying so, where no Chromium can be had)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


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


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"the review page test needs Chromium at {CHROMIUM}: "
                    "apt-get install -y chromium chromium-driver (CI installs it)", pytrace=False)
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.fail("the review page test needs playwright: pip install 'bulletin-ie[review-test]'",
                    pytrace=False)
    with sync_playwright() as p:
        # launch() gives a fresh temporary profile; no browser download, Debian's Chromium
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()
