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
