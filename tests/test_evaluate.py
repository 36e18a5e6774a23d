"""``bulletin-ie evaluate``: scoring a run against gold in the guidelines' format.

The fixtures are small hand-made gold and output files (not from the seeds);
the last test checks that the numbers agree with the development scorer on
the seed gold when ../shared is there.
"""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline.cli import main as cli
from pipeline.evaluate import GoldError, evaluate, unit_key

from .conftest import ROOT

TEXT = "桃源县人大常委会主任李明说，全县收集建议120件，参选率达98.5%。"


def ent(label, text, optional=False, doc="d1"):
    start = TEXT.index(text)
    return {"doc_id": doc, "kind": "entity", "label": label, "text": text, "start": start,
            "end": start + len(text), "optional": optional}


def ind(text, value, unit, subject=None, qualifier=None, optional=False, **facts):
    start = TEXT.index(text)
    return {"doc_id": "d1", "kind": "indicator", "text": text, "start": start, "end": start + len(text),
            "subject": subject, "value": value, "value_max": None, "unit": unit,
            "qualifier": qualifier, "optional": optional, **facts}


def fact(value, unit, start, locality, year):
    return {"kind": "fact", "doc_id": "d1", "value": value, "unit": unit,
            "locality": {"text": locality, "canonical": locality, "path": None},
            "time": {"year": year}, "evidence": {"start": start, "raw_start": start}}


def write(path: Path, records: list[dict]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")


@pytest.fixture
def case(tmp_path):
    gold = [ent("ORG", "桃源县人大常委会"), ent("PER", "李明"), ent("LOC", "全县", optional=True),
            ind("收集建议120件", 120, "件", "建议", fact_locality="桃源县", fact_year=2023,
                fact_locality_alt=["桃源"]),
            ind("参选率达98.5%", 98.5, "%", "参选率", fact_locality="桃源县", fact_year=2023)]
    write(tmp_path / "gold" / "d1.jsonl", gold)
    out = tmp_path / "out"
    preds = [ent("ORG", "桃源县人大常委会"), ent("LOC", "全县"),          # optional: not counted
             ent("PER", "李明说"),                                      # wrong span: spurious + missed
             {**ind("收集建议120件", 120, "件", "收集建议"), "kind": "indicator"},
             {**ind("参选率达98.5%", 98.5, "%", "人数", qualifier="about")},
             {**ent("LOC", "全县", doc="other")}]                      # a document without gold
    write(out / "entities.jsonl", [p for p in preds if p["kind"] == "entity"])
    write(out / "indicators.jsonl", [p for p in preds if p["kind"] == "indicator"]
          + [{"kind": "time", "doc_id": "d1", "text": "2023年", "start": 0, "end": 5, "year": 2023}])
    write(out / "facts.jsonl", [fact(120, "件", TEXT.index("收集"), "桃源", 2023),
                                fact(98.5, "%", TEXT.index("参选"), "常德市", 2023)])
    write(out / "documents.jsonl", [{"kind": "document", "doc_id": "d1", "text": TEXT}])
    return tmp_path / "gold", out


def test_per_label_scores_fields_facts_and_misses(case):
    report = evaluate(*case).as_dict()
    assert report["ORG"] == {"tp": 1, "fp": 0, "fn": 0, "precision": 1.0, "recall": 1.0, "f1": 1.0}
    assert (report["PER"]["tp"], report["PER"]["fp"], report["PER"]["fn"]) == (0, 1, 1)
    assert "LOC" in report and report["LOC"]["fp"] == 0  # the optional 全县 is neither rewarded nor penalised
    assert report["entity"]["tp"] == 1 and report["entity"]["precision"] == 0.5
    assert report["indicator"]["f1"] == 1.0
    assert report["indicator_subject_accuracy"] == 0.5       # 收集建议 contains 建议; 人数 is wrong
    assert report["indicator_qualifier_accuracy"] == 0.5
    assert report["fact_locality_accuracy"] == 0.5           # 桃源 is an accepted alternative
    assert report["fact_year_accuracy"] == 1.0 and report["fact_accuracy"] == 0.5
    assert report["documents_scored"] == 1 and report["provenance_ok"] < 1.0  # "other" has no document
    misses = report["misses"]
    assert [m["text"] for m in misses["missed"]] == ["李明"]
    assert [m["text"] for m in misses["spurious"]] == ["李明说"]
    assert {m["field"] for m in misses["wrong_fields"]} == {"subject", "qualifier"}
    assert misses["wrong_facts"][0]["got_locality"] == ["常德市"]


def test_count_matching_within_a_document(tmp_path):
    gold = [ind("收集建议120件", 120, "件"), ind("收集建议120件", 120, "件")]
    write(tmp_path / "gold" / "d1.jsonl", gold)
    write(tmp_path / "out" / "entities.jsonl", [])
    write(tmp_path / "out" / "indicators.jsonl", [{**gold[0], "unit": "件"}] * 3)
    report = evaluate(tmp_path / "gold", tmp_path / "out").as_dict()
    assert (report["indicator"]["tp"], report["indicator"]["fp"], report["indicator"]["fn"]) == (2, 1, 0)


def test_units_match_in_any_form_of_the_same_unit():
    assert unit_key("畝") == unit_key("亩")
    assert unit_key("千克") == unit_key("公斤")
    assert unit_key(" 個 ") == unit_key("个")
    assert unit_key("万元") != unit_key("元")  # a multiplier is not a form of the unit
    assert unit_key("周岁") != unit_key("岁")  # another unit for the guidelines


def test_an_optional_vague_figure_may_have_no_value(tmp_path):
    vague = {**ind("收集建议120件", None, "件"), "text": "几件", "optional": True}
    write(tmp_path / "gold" / "d1.jsonl", [vague, ind("收集建议120件", 120, "件")])
    write(tmp_path / "out" / "entities.jsonl", [])
    report = evaluate(tmp_path / "gold", tmp_path / "out").as_dict()
    assert report["indicator"]["fn"] == 1


def test_cli_report_and_json(case, capsys):
    gold, out = case
    assert cli(["evaluate", "--gold", str(gold), str(out)]) == 0
    text = capsys.readouterr().out
    assert "ORG" in text and "indicator fields: subject 0.500" in text
    assert "missed (1):\n  d1:" in text and "李明" in text
    assert cli(["evaluate", "--gold", str(gold), str(out), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["PER"]["fn"] == 1


@pytest.mark.parametrize("bad, message", [
    ({"kind": "entity", "doc_id": "d", "label": "GPE", "text": "x", "start": 0, "end": 1}, "label must be"),
    ({"kind": "indicator", "doc_id": "d", "text": "x", "start": 0, "end": 1, "value": "many",
      "unit": "件"}, "numeric value"),
    ({"kind": "entity", "doc_id": "d", "label": "LOC", "text": "x"}, "missing 'start'"),
    ({"kind": "relation", "doc_id": "d"}, "kind must be"),
])
def test_bad_gold_is_refused_naming_file_and_line(tmp_path, capsys, bad, message):
    write(tmp_path / "gold" / "g.jsonl", [ent("PER", "李明"), bad])
    write(tmp_path / "out" / "entities.jsonl", [])
    assert cli(["evaluate", "--gold", str(tmp_path / "gold"), str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'gold' / 'g.jsonl'}:2:" in err and message in err


def test_not_a_run_directory(tmp_path):
    write(tmp_path / "gold" / "g.jsonl", [ent("PER", "李明")])
    with pytest.raises(GoldError, match="no entities.jsonl"):
        evaluate(tmp_path / "gold", tmp_path)


# ../shared beside the checkout (CI), or beside the worktrees' folder (development)
SHARED = next((p for p in (ROOT.parent / "shared", ROOT.parent.parent / "shared") if p.is_dir()),
              ROOT.parent / "shared")


@pytest.mark.skipif(not (SHARED / "eval" / "score.py").is_file(),
                    reason="the development scorer (../shared/eval/score.py) is not beside this checkout")
def test_agrees_with_the_development_scorer_on_the_seeds(seed_run):
    """Every number the development scorer reports is the same here."""
    out = seed_run
    scorer = subprocess.run(
        [sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(SHARED / "gold"), "--pred",
         str(out / "entities.jsonl"), str(out / "indicators.jsonl"), "--docs", str(out / "documents.jsonl"),
         "--facts", str(out / "facts.jsonl"), "--json"], capture_output=True, text=True, check=True)
    theirs = json.loads(scorer.stdout)
    ours = evaluate(SHARED / "gold", out).as_dict()
    assert theirs and {k: ours.get(k) for k in theirs} == theirs


def test_strict_subject_and_optional_agreement(tmp_path):
    gold = [ind("收集建议120件", 120, "件", "建议"), ind("参选率达98.5%", 98.5, "%", "参选率", optional=True)]
    write(tmp_path / "gold" / "d1.jsonl", gold)
    out = tmp_path / "out"
    write(out / "entities.jsonl", [])
    write(out / "indicators.jsonl", [
        {**ind("收集建议120件", 120, "件", "收集建议"), "statistic": "result"},
        {**ind("参选率达98.5%", 98.5, "%", "参选率"), "statistic": "result"}])  # gold optional, marked required
    report = evaluate(tmp_path / "gold", out).as_dict()
    assert report["indicator_subject_accuracy"] == 1.0          # 收集建议 contains 建议
    assert report["indicator_subject_strict_accuracy"] == 0.0   # ... but is not 建议
    assert report["indicator_optional_agreement"] == 0.5
    assert report["indicator_optional_matched"] == 2
    assert report["indicator_optional_confusion"]["gold_optional_pred_required"] == 1
    wrong = [w for w in report["misses"]["wrong_fields"] if w["field"] == "optional"]
    assert wrong and wrong[0]["statistic"] == "result"
