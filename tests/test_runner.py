"""The batch runner: doc ids, resume, failures recorded, atomic outputs."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from pipeline.api import run

from .conftest import SEEDS, read_jsonl

GOOD = "标题\n\n全县14个乡镇全部召开了会议,收集意见建议100余条。\n"


def test_failed_input_is_recorded_and_the_others_go_on(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "good.txt").write_text(GOOD)
    (inputs / "empty.txt").write_bytes(b"")
    summary = run([inputs], tmp_path / "out", workers=1)
    assert summary.exit_code == 1
    [err] = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert err["source"].endswith("empty.txt") and err["error"] == "empty"
    assert [d["doc_id"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")] == ["good"]


def test_rerun_skips_unchanged_inputs_and_redoes_changed_ones(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(GOOD)
    (inputs / "b.txt").write_text(GOOD.replace("14", "15"))
    first = run([inputs], tmp_path / "out", workers=1)
    assert (first.processed, first.skipped) == (2, 0)
    before = (tmp_path / "out" / "indicators.jsonl").read_bytes()
    second = run([inputs], tmp_path / "out", workers=1)
    assert (second.processed, second.skipped) == (0, 2)
    assert (tmp_path / "out" / "indicators.jsonl").read_bytes() == before
    (inputs / "b.txt").write_text(GOOD.replace("14", "16"))
    third = run([inputs], tmp_path / "out", workers=1)
    assert (third.processed, third.skipped) == (1, 1)
    values = [r["value"] for r in read_jsonl(tmp_path / "out" / "indicators.jsonl") if r["kind"] == "indicator"]
    assert 16 in values and 15 not in values
    forced = run([inputs], tmp_path / "out", workers=1, force=True)
    assert (forced.processed, forced.skipped) == (2, 0)


def test_parallel_run_gives_the_same_outputs_as_a_serial_run(tmp_path):
    one = run([SEEDS], tmp_path / "one", workers=1)
    two = run([SEEDS], tmp_path / "two", workers=2)
    assert one.exit_code == two.exit_code == 0
    for name in ("documents.jsonl", "sentences.jsonl", "entities.jsonl", "indicators.jsonl", "facts.jsonl"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_outputs_hold_no_temporary_files(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(GOOD)
    run([inputs], tmp_path / "out", workers=1)
    assert not [p for p in (tmp_path / "out").iterdir() if p.name.endswith(".tmp")]
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["documents"]["ok"] == 1


def test_review_decisions_survive_a_rerun(tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    (inputs / "a.txt").write_text(GOOD)
    out = tmp_path / "out"
    run([inputs], out, workers=1)
    fact = read_jsonl(out / "facts.jsonl")[0]
    decision = {"kind": "review", "fact_id": fact["id"], "status": "accepted", "note": "checked",
                "correction": None, "decided_at": "2026-11-22T10:00:00Z"}
    (tmp_path / "reviews.jsonl").write_text(json.dumps(decision) + "\n")
    from pipeline.review import apply_file

    apply_file(out, tmp_path / "reviews.jsonl")
    run([inputs], out, workers=1, force=True)
    again = {f["id"]: f for f in read_jsonl(out / "facts.jsonl")}
    assert again[fact["id"]]["review"]["status"] == "accepted"
    assert again[fact["id"]]["review"]["note"] == "checked"


def test_killed_run_leaves_valid_outputs_and_the_next_run_completes(tmp_path):
    """SIGKILL in the middle of a run: every output file is still whole JSONL
    (the old version or the new one), and a rerun finishes the job."""
    import os
    import signal
    import subprocess
    import sys
    import time

    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(12):
        shutil.copy(SEEDS / "000_0ad633f6422413e2.txt", inputs / f"b{n:02d}.txt")
    out = tmp_path / "out"
    run([inputs / "b00.txt"], out, workers=1)  # a previous, complete run
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(inputs), "--out", str(out),
                             "--workers", "1", "--quiet"], cwd=Path(__file__).resolve().parent.parent)
    cache = out / ".cache"
    deadline = time.time() + 300
    while len(list(cache.glob("*.jsonl"))) < 4 and time.time() < deadline:
        time.sleep(0.05)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    for name in ("documents.jsonl", "sentences.jsonl", "entities.jsonl", "indicators.jsonl", "facts.jsonl"):
        for line in (out / name).read_text(encoding="utf-8").splitlines():
            json.loads(line)  # whole records only
    done_before = len(list(cache.glob("*.jsonl")))
    assert 4 <= done_before < 12
    summary = run([inputs], out, workers=1)
    assert summary.exit_code == 0
    assert summary.skipped >= done_before - 1 and summary.processed + summary.skipped == 12
    assert len(read_jsonl(out / "documents.jsonl")) == 12


def test_dask_local_cluster_writes_the_same_outputs_as_a_local_run(tmp_path):
    pytest.importorskip("distributed", reason="the dask extra is installed by `make test`")
    local = run([SEEDS], tmp_path / "local", workers=1)
    dask = run([SEEDS], tmp_path / "dask", workers=2, dask="local")
    assert local.exit_code == dask.exit_code == 0
    for name in ("documents.jsonl", "sentences.jsonl", "entities.jsonl", "indicators.jsonl", "facts.jsonl",
                 "errors.jsonl"):
        assert (tmp_path / "local" / name).read_bytes() == (tmp_path / "dask" / name).read_bytes(), name


def test_the_last_line_of_a_run_says_it_rewrote_the_review_page(tmp_path):
    import subprocess
    import sys

    from .conftest import ROOT

    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    out = tmp_path / "out"

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                              cwd=ROOT, timeout=600)

    first = cli("run", str(tmp_path / "a.txt"), "--out", str(out), "--workers", "1")
    assert first.returncode == 0 and "review" not in first.stderr.splitlines()[-1]
    assert cli("review", str(out)).returncode == 0
    again = cli("run", str(tmp_path / "a.txt"), "--out", str(out), "--workers", "1")
    assert again.returncode == 0
    assert again.stderr.splitlines()[-1] == f"0 processed, 1 reused, 0 failed -> {out}; rewrote {out / 'review.html'}"
