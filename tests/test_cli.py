"""The command line: help, exit codes, stages composed in a shell pipe, readable errors."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import pytest

from .conftest import ROOT, SEEDS

COMMANDS = ["run", "ingest", "segment", "entities", "indicators", "facts", "models", "review", "export",
            "evaluate"]


def cli(*args: str, stdin: str | None = None, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], input=stdin, capture_output=True,
                          text=True, cwd=ROOT, env={**os.environ, **(env or {})}, timeout=600)


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command):
    result = cli(command, "--help")
    assert result.returncode == 0
    assert "usage: bulletin-ie " + command in result.stdout
    assert "exit codes" in result.stdout and "130 interrupted" in " ".join(result.stdout.split())


@pytest.mark.parametrize("command", ["run", "ingest"])
def test_help_lists_every_format_read(command):
    from pipeline.cli import INPUT_FORMATS
    from pipeline.ingest import SUPPORTED_SUFFIXES

    assert INPUT_FORMATS.split() == list(SUPPORTED_SUFFIXES)
    assert all(suffix in cli(command, "--help").stdout for suffix in SUPPORTED_SUFFIXES)


def test_one_line_per_failed_input_with_file_and_reason(tmp_path):
    """Empty file, broken PDF (pypdf's own log stays quiet), .docx refusal: one line each."""
    bad = tmp_path / "in"
    bad.mkdir()
    (bad / "empty.txt").write_text("")
    (bad / "broken.pdf").write_bytes(b"not a pdf at all")
    (bad / "notes.docx").write_bytes(b"PK\x03\x04 not really")
    (bad / "ok.txt").write_text("桃源县收集建议120件。", encoding="utf-8")
    result = cli("run", str(bad), "--out", str(tmp_path / "out"), "--workers", "1")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    for name, reason in (("empty.txt", "empty"), ("broken.pdf", "PDF"), ("notes.docx", "unsupported")):
        mentions = [line for line in lines if name in line]
        assert len(mentions) == 1 and "error: " in mentions[0] and reason in mentions[0], lines
    assert not any("pdf header" in line or "EOF marker" in line for line in lines), lines
    assert "1 processed, 0 reused, 3 failed" in result.stderr


def test_progress_says_loading_models_then_speed_from_the_first_document(tmp_path):
    (tmp_path / "a.txt").write_text("桃源县收集建议120件。", encoding="utf-8")
    result = cli("run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"), "--workers", "1")
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    [n] = [i for i, line in enumerate(lines) if line.startswith("loading models…")]
    assert re.fullmatch(r"loading models… \(\d+\.\d s\)", lines[n])
    assert re.search(r"a\.txt: ok, 12 chars \([\d,]+ chars/s\)$", lines[n + 1])


def test_bad_arguments_exit_2():
    assert cli("run", "seeds").returncode == 2  # --out missing
    assert cli("frobnicate").returncode == 2


def test_stages_compose_in_a_shell_pipe(tmp_path):
    seed = SEEDS / "003_071858795afb9bbf.txt"
    line = (f"{sys.executable} -m pipeline.cli ingest {seed} | {sys.executable} -m pipeline.cli segment - "
            f"| tee {tmp_path}/s.jsonl | {sys.executable} -m pipeline.cli indicators - > {tmp_path}/i.jsonl")
    subprocess.run(line, shell=True, check=True, cwd=ROOT, timeout=600)
    records = [json.loads(x) for x in (tmp_path / "i.jsonl").read_text().splitlines()]
    assert any(r["kind"] == "indicator" and r["value"] == 97.7 and r["unit"] == "%" for r in records)
    result = cli("entities", f"{tmp_path}/s.jsonl", "-o", f"{tmp_path}/e.jsonl")
    assert result.returncode == 0, result.stderr
    result = cli("facts", f"{tmp_path}/i.jsonl", "--documents", "-", "--sentences", f"{tmp_path}/s.jsonl",
                 "--entities", f"{tmp_path}/e.jsonl", stdin=cli("ingest", str(seed)).stdout)
    assert result.returncode == 0, result.stderr
    facts = [json.loads(x) for x in result.stdout.splitlines()]
    assert facts and all(f["kind"] == "fact" for f in facts)


def test_wrong_input_file_is_named_with_its_line(tmp_path):
    docs = tmp_path / "documents.jsonl"
    docs.write_text(cli("ingest", str(SEEDS / "001_91b8e8fe1bbd3da9.txt")).stdout)
    result = cli("indicators", str(docs))
    assert result.returncode == 2
    assert f"{docs}:1: expected a 'sentence' record, got kind='document'" in result.stderr


def test_old_schema_version_is_refused(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps({"kind": "sentence", "schema_version": "0.9", "doc_id": "d"}) + "\n")
    result = cli("indicators", str(path))
    assert result.returncode == 2 and "schema_version '0.9'" in result.stderr


def test_corrupt_line_is_reported_and_the_other_lines_go_on(tmp_path):
    sentence = {"kind": "sentence", "schema_version": "1.0", "doc_id": "d", "sent_id": 0, "article": 0,
                "zone": "body", "start": 0, "end": 9, "text": "收集建议181件。", "tokens": []}
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(sentence, ensure_ascii=False) + "\n{not json\n"
                    + json.dumps({**sentence, "sent_id": 1}, ensure_ascii=False) + "\n")
    result = cli("indicators", str(path), "--errors", str(tmp_path / "errors.jsonl"))
    assert result.returncode == 1
    assert f"{path}:2: not valid JSON" in result.stderr
    values = [json.loads(x)["value"] for x in result.stdout.splitlines()]
    assert values == [181, 181]
    [err] = [json.loads(x) for x in (tmp_path / "errors.jsonl").read_text().splitlines()]
    assert err["line"] == 2


def test_run_without_the_model_fails_at_once_naming_the_fetch_command(tmp_path):
    result = cli("run", str(SEEDS), "--out", str(tmp_path / "out"), env={"BULLETIN_IE_HOME": str(tmp_path)})
    assert result.returncode == 2
    assert "bulletin-ie models fetch" in result.stderr
    assert not (tmp_path / "out").exists()
    elsewhere = tmp_path / "elsewhere"
    result = cli("run", str(SEEDS), "--out", str(tmp_path / "out"), "--models-dir", str(elsewhere))
    assert result.returncode == 2
    assert f"bulletin-ie models fetch --dir {elsewhere}" in result.stderr


def test_models_fetch_is_idempotent():
    result = cli("models", "fetch")
    assert result.returncode == 0 and "already" in result.stderr
