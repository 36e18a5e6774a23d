"""Reviews teach the rules: decisions become a rules diff, and the applied diff changes a run."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

# A bulletin of our own: a town missing from the gazetteer (青禾湾镇, invented)
# and a figure the reviewers will find is no indicator (合影留念, three times).
BULLETIN = """华容县人大常委会工作简报
2023年6月1日

青禾湾镇人大开展代表活动
今年以来，青禾湾镇人大主席团组织代表收集意见建议46条。
活动当天，代表们合影留念5张。
第二天，代表们合影留念3张。
第三天，代表们合影留念4张。
"""


def run(rules: Path, inputs: Path, out: Path) -> list[dict]:
    """The pipeline in a fresh process, on a copy of the rules (nothing is cached across)."""
    env = {**os.environ, "BULLETIN_IE_RULES": str(rules), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-m", "pipeline.cli", "run", str(inputs), "--out", str(out),
                           "--quiet", "--workers", "1", "--force"], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in (out / "facts.jsonl").read_text(encoding="utf-8").splitlines()]


def cli(rules: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "BULLETIN_IE_RULES": str(rules), "PYTHONPATH": str(ROOT)}
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], env=env, cwd=cwd,
                          capture_output=True, text=True)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory) -> Path:
    """A directory holding rules/ (a copy) and the bulletin, as a person's checkout would."""
    root = tmp_path_factory.mktemp("suggest")
    shutil.copytree(ROOT / "rules", root / "rules")
    (root / "in").mkdir()
    (root / "in" / "qinghe.txt").write_text(BULLETIN, encoding="utf-8")
    return root


def decide(facts: list[dict]) -> list[dict]:
    """Three rejections of 合影留念 and one place correction (the suggestions' fact is in 青禾湾镇)."""
    out = []
    for f in facts:
        if "合影留念" in (f["subject"] or ""):
            out.append({"kind": "review", "fact_id": f["id"], "status": "rejected",
                        "note": "a photo count", "reviewer": "test"})
        elif f["subject"] == "意见建议":
            out.append({"kind": "review", "fact_id": f["id"], "status": "corrected",
                        "correction": {"locality": "青禾湾镇"}, "reviewer": "test"})
    return out


def test_three_rejections_and_a_place_correction_become_a_diff_that_changes_the_next_run(workspace):
    rules, first_out, second_out = workspace / "rules", workspace / "run1", workspace / "run2"
    before = run(rules, workspace / "in", first_out)
    photos = [f for f in before if "合影留念" in (f["subject"] or "")]
    suggestions = next(f for f in before if f["subject"] == "意见建议")
    assert len(photos) == 3 and len({f["subject"] for f in photos}) == 1
    assert suggestions["locality"]["path"] == "湖南省/岳阳市/华容县"  # the bulletin's place: too coarse

    decisions = workspace / "decisions.jsonl"
    decisions.write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in decide(before)),
                         encoding="utf-8")
    applied = cli(rules, "review", str(first_out), "--apply", str(decisions))
    assert applied.returncode == 0, applied.stderr

    original = (rules / "subject_exclusions.txt").read_text(encoding="utf-8")
    suggested = cli(rules, "review", str(first_out), "--suggest")
    assert suggested.returncode == 0, suggested.stderr
    diff = suggested.stdout
    assert "+++ b/rules/subject_exclusions.txt" in diff and f"+{photos[0]['subject']}\t张" in diff
    assert "+++ b/rules/gazetteer/places.tsv" in diff and "\ttown\t青禾湾镇\t" in diff
    assert "湖南省/岳阳市/华容县/青禾湾镇" in suggested.stderr
    # nothing changed until a person applies the diff
    assert (rules / "subject_exclusions.txt").read_text(encoding="utf-8") == original

    (workspace / "rules.diff").write_text(diff, encoding="utf-8")
    patched = subprocess.run(["patch", "-p1", "-i", "rules.diff"], cwd=workspace,
                             capture_output=True, text=True)
    assert patched.returncode == 0, patched.stdout + patched.stderr

    after = run(rules, workspace / "in", second_out)
    assert not [f for f in after if "合影留念" in (f["subject"] or "")]
    suggestions = next(f for f in after if f["subject"] == "意见建议")
    assert suggestions["locality"]["path"] == "湖南省/岳阳市/华容县/青禾湾镇"
    # and the reviewed run asks for nothing more
    again = cli(rules, "review", str(first_out), "--suggest")
    assert again.stdout == "" and "no change" in again.stderr


def test_a_corrected_unknown_unit_becomes_a_unit_entry(tmp_path, monkeypatch):
    from pipeline.records import Fact
    from pipeline.io import AtomicJsonlWriter
    from pipeline.suggest import as_diff, propose

    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    monkeypatch.setenv("BULLETIN_IE_RULES", str(tmp_path / "rules"))
    out = tmp_path / "run"
    out.mkdir()
    fact = Fact(id="F1", doc_id="d", indicator_id="I1", subject="贮藏窖", value=35, value_max=None,
                unit="座", qualifier=None, change=None, locality=None, body=None, time=None,
                time_source=None, people=[], evidence={})
    with AtomicJsonlWriter(out / "facts.jsonl") as w:
        w.write(fact)
    with AtomicJsonlWriter(out / "reviews.jsonl") as w:
        w.write({"kind": "review", "fact_id": "F1", "status": "corrected",
                 "correction": {"unit": "口窖"}, "decided_at": "2024-01-01T00:00:00Z"})
    diff = as_diff(propose(out))
    assert "+++ b/rules/units.yml" in diff and "+  - {unit: 口窖, kind: count}" in diff
    assert "subject_exclusions" not in diff and "places.tsv" not in diff
