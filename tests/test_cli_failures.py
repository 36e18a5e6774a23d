"""Every failure of a whole command is one line and an exit code (issue 24, point 2):
an output path that cannot be written (exit 2, for run, export, series --csv
and review alike), a missing input (exit 2, no output folder made), Ctrl-C
(exit 130, only the parent speaks).  A saved web page's assets are no failure."""
from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from pipeline.cli import main as cli

from .conftest import ROOT, SEEDS, read_jsonl

TEXT = "桃源县收集建议120件。"


def run_cli(*args: str, timeout: int = 600) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          cwd=ROOT, timeout=timeout)


def one_line(stderr: str) -> str:
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, lines
    assert "Traceback" not in stderr
    return lines[0]


@pytest.fixture(scope="module")
def small_run(tmp_path_factory) -> Path:
    """A finished run over one short bulletin (what export, series and review read)."""
    inputs = tmp_path_factory.mktemp("in")
    (inputs / "a.txt").write_text(TEXT, encoding="utf-8")
    out = tmp_path_factory.mktemp("run")
    assert cli(["run", str(inputs), "--out", str(out), "--workers", "1", "--quiet"]) == 0
    return out


@pytest.fixture
def denied(monkeypatch):
    """Make every new file in ``where`` fail with PermissionError, as in a folder the
    user may not write to (chmod is no test when the tests run as root)."""
    def deny(where: Path) -> None:
        for name in ("mkstemp", "mkdtemp"):
            monkeypatch.setattr(tempfile, name, _refusing(getattr(tempfile, name), where))
    return deny


def _refusing(real, where: Path):
    def make(*args, **kwargs):
        if Path(kwargs.get("dir") or "").resolve() == where.resolve():
            raise PermissionError(errno.EACCES, "Permission denied", str(where))
        return real(*args, **kwargs)
    return make


# -- run ---------------------------------------------------------------------------

def test_run_with_out_pointing_at_a_file(tmp_path):
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "out").write_text("a file, not a folder")
    result = run_cli("run", str(tmp_path / "a.txt"), "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith("bulletin-ie run: error: cannot write ") and str(tmp_path / "out") in line
    assert "a file is in the way" in line


def test_run_into_a_folder_that_cannot_be_written(tmp_path):
    if os.geteuid() == 0:  # chmod stops no root: sysfs refuses even root
        if not _sys_refuses():
            pytest.skip("no folder on this machine refuses root")
        target = Path("/sys/bulletin-ie-out")
    else:
        locked = tmp_path / "locked"
        locked.mkdir()
        locked.chmod(0o500)
        target = locked / "out"
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    result = run_cli("run", str(tmp_path / "a.txt"), "--out", str(target))
    assert result.returncode == 2
    line = one_line(result.stderr)
    assert line.startswith("bulletin-ie run: error: cannot write ") and str(target) in line
    assert not target.exists()


def _sys_refuses() -> bool:
    try:
        os.mkdir("/sys/bulletin-ie-probe")
    except OSError:
        return True
    os.rmdir("/sys/bulletin-ie-probe")
    return False


def test_a_missing_input_stops_the_run_before_anything_is_made(tmp_path):
    out = tmp_path / "out"
    result = run_cli("run", str(tmp_path / "nowhere.txt"), "--out", str(out))
    assert result.returncode == 2
    assert one_line(result.stderr) == f"bulletin-ie run: error: {tmp_path / 'nowhere.txt'}: no such file or folder"
    assert not out.exists()


def test_a_saved_web_page_folder_runs_with_one_line_for_its_assets(tmp_path):
    inputs = tmp_path / "saved"
    (inputs / "page_files").mkdir(parents=True)
    (inputs / "page.html").write_text(f"<html><body><h1>标题</h1><p>{TEXT}</p></body></html>",
                                      encoding="utf-8")
    for name in ("app.js", "site.css", "logo.png", "font.woff2"):
        (inputs / "page_files" / name).write_bytes(b"x")
    (inputs / "banner.jpg").write_bytes(b"x")
    result = run_cli("run", str(inputs), "--out", str(tmp_path / "out"), "--workers", "1")
    assert result.returncode == 0, result.stderr
    mentions = [line for line in result.stderr.splitlines() if "skipped" in line]
    assert mentions == ["skipped 5 file(s) of saved web pages (scripts, style sheets, images, fonts, "
                        "*_files/ folders)"]
    assert not any(line.startswith("error") for line in result.stderr.splitlines())
    assert read_jsonl(tmp_path / "out" / "errors.jsonl") == []
    assert [d["doc_id"] for d in read_jsonl(tmp_path / "out" / "documents.jsonl")] == ["page"]


# -- the other commands that write ----------------------------------------------------

def test_export_to_a_path_that_cannot_be_written(small_run, tmp_path, capsys, denied):
    (tmp_path / "file").write_text("x")
    assert cli(["export", str(small_run), "--to", str(tmp_path / "file" / "facts.csv")]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("bulletin-ie export: error: cannot write ") and "a file is in the way" in line
    (tmp_path / "folder.csv").mkdir()
    assert cli(["export", str(small_run), "--to", str(tmp_path / "folder.csv")]) == 2
    assert "is a folder" in one_line(capsys.readouterr().err)
    (tmp_path / "locked").mkdir()
    denied(tmp_path / "locked")
    assert cli(["export", str(small_run), "--to", str(tmp_path / "locked" / "facts.duckdb")]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("bulletin-ie export: error: cannot write ") and "permission denied" in line


def test_series_csv_to_a_path_that_cannot_be_written(small_run, tmp_path, capsys, denied):
    (tmp_path / "locked").mkdir()
    denied(tmp_path / "locked")
    assert cli(["series", str(small_run), "--csv", str(tmp_path / "locked" / "s.csv")]) == 2
    line = one_line(capsys.readouterr().err)
    assert line == f"bulletin-ie series: error: cannot write {tmp_path / 'locked' / 's.csv'}: permission denied"
    assert cli(["series", str(small_run), "--plot", str(tmp_path)]) == 2
    assert "is a folder" in one_line(capsys.readouterr().err)


def test_review_in_a_folder_that_cannot_be_written(small_run, tmp_path, capsys, denied):
    run = tmp_path / "run"
    shutil.copytree(small_run, run)
    denied(run)
    assert cli(["review", str(run)]) == 2
    line = one_line(capsys.readouterr().err)
    assert line.startswith("bulletin-ie review: error: ") and "permission denied" in line.lower()
    (tmp_path / "file").write_text("x")
    assert cli(["review", str(run), "--suggest", "--output", str(tmp_path / "file" / "d.diff")]) == 2
    err = capsys.readouterr().err
    assert err.strip().splitlines()[-1].startswith("bulletin-ie review: error: cannot write ")


def test_suggest_output_with_no_decisions_writes_an_empty_file_and_says_so(small_run, tmp_path, capsys):
    target = tmp_path / "rules.diff"
    target.write_text("an older diff")
    assert cli(["review", str(small_run), "--suggest", "--output", str(target)]) == 0
    assert target.read_text() == ""
    assert f"wrote {target}: empty" in capsys.readouterr().err


# -- Ctrl-C --------------------------------------------------------------------------

@pytest.mark.parametrize("workers", ["1", "2"])
def test_ctrl_c_is_answered_by_the_parent_in_one_line(tmp_path, workers):
    """The terminal sends SIGINT to the whole process group: pool workers ignore it,
    the parent writes what was done, says so in one line and exits 130; the next
    run finishes the rest."""
    inputs = tmp_path / "in"
    inputs.mkdir()
    for n in range(12):
        shutil.copy(SEEDS / "002_b408008d7bbbfd6a.txt", inputs / f"b{n:02d}.txt")
    out = tmp_path / "out"
    proc = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "run", str(inputs), "--out", str(out),
                             "--workers", workers, "--quiet"], cwd=ROOT, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
    deadline = time.time() + 600
    while len(list((out / ".cache").glob("*.jsonl"))) < 2 and time.time() < deadline and proc.poll() is None:
        time.sleep(0.05)
    assert proc.poll() is None, "the run ended before it could be interrupted"
    os.killpg(proc.pid, signal.SIGINT)  # as a terminal does: the parent and its workers
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 130, stderr
    line = one_line(stderr)
    assert line.startswith("interrupted: ") and "run the same command again" in line
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["interrupted"] is True
    done = len(read_jsonl(out / "documents.jsonl"))
    assert 2 <= done < 12
    finish = run_cli("run", str(inputs), "--out", str(out), "--workers", "1", "--quiet")
    assert finish.returncode == 0 and len(read_jsonl(out / "documents.jsonl")) == 12
    fresh = run_cli("run", str(inputs), "--out", str(tmp_path / "fresh"), "--workers", "1", "--quiet")
    assert fresh.returncode == 0
    for name in ("documents.jsonl", "sentences.jsonl", "entities.jsonl", "indicators.jsonl", "facts.jsonl"):
        assert (out / name).read_bytes() == (tmp_path / "fresh" / name).read_bytes(), name
