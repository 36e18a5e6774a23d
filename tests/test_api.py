"""The Python API says what the CLI and manifest.json say."""
from __future__ import annotations

import json
import shutil

from pipeline.api import run

from .conftest import SEEDS


def test_run_reports_reused_inputs_as_the_cli_and_manifest_do(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    shutil.copy(SEEDS / "003_071858795afb9bbf.txt", inputs)
    first = run([inputs], tmp_path / "out", workers=1)
    second = run([inputs], tmp_path / "out", workers=1)
    assert (first.processed, first.reused) == (1, 0)
    assert (second.processed, second.reused, second.failed) == (0, 1, 0)
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["documents"]["reused"] == second.reused == 1
