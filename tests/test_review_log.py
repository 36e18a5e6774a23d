"""Decisions found again by content (anchors) when an edit changed their fact's id,
through ``--apply`` and after a rerun; the day of a date as a correction."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.cli import main as cli
from pipeline.review_log import (REVIEW_LOG, DecisionError, apply_correction, apply_file,
                                 fact_anchors, load_decisions, parse_decision, reattach_log)
from tests.fixture_run import build_run, fact_id
from tests.test_review import read_jsonl, write_lines


@pytest.fixture
def run(tmp_path) -> Path:
    return build_run(tmp_path / "run")


def fact(fid: str, start: int, sentence: str = "男45人，女45人。", text: str = "45人", value=45,
         doc: str = "d1") -> dict:
    return {"id": fid, "doc_id": doc, "value": value, "unit": "人",
            "evidence": {"start": start, "end": start + len(text), "sentence": sentence, "text": text}}


def test_an_anchor_is_what_the_figure_is_not_where_it_stands():
    before = fact_anchors([fact("F1", 10), fact("F2", 15)])
    # text inserted before both figures: new offsets (and ids), same anchors, in the same order
    after = fact_anchors([fact("G1", 40), fact("G2", 45)])
    assert (before["F1"], before["F2"]) == (after["G1"], after["G2"])
    assert before["F1"] != before["F2"]  # the same 45人 twice in a sentence: two occurrences
    assert fact_anchors([fact("H", 10, value=45.0)])["H"] == before["F1"]  # 45 and 45.0 are one value
    changed = [fact("K", 10, sentence="男45人，女46人。"), fact("L", 10, doc="d2"), fact("M", 10, value=46)]
    assert not set(fact_anchors(changed).values()) & set(before.values())


def shift_run(run: Path, by: int) -> dict[str, str]:
    """An edit before every figure: offsets move by ``by``, ids change.  Returns old id -> new id."""
    facts = read_jsonl(run / "facts.jsonl")
    renamed = {}
    for f in facts:
        f["evidence"]["start"] += by
        f["evidence"]["end"] += by
        renamed[f["id"]] = f["id"] = f["id"] + "x"
        f["review"] = {"status": None, "note": None, "correction": None}
    write_lines(run / "facts.jsonl", facts)
    return renamed


def test_apply_re_attaches_an_orphan_export_and_lists_what_it_cannot(run, tmp_path, capsys):
    anchors = fact_anchors(read_jsonl(run / "facts.jsonl"))
    export = write_lines(tmp_path / "reviews-orphaned.jsonl", [
        {"kind": "review", "fact_id": fact_id("rate"), "status": "rejected", "note": "比率",
         "decided_at": "2024-05-01T10:00:00Z", "anchor": anchors[fact_id("rate")]},
        {"kind": "review", "fact_id": fact_id("visits"), "status": "accepted",
         "decided_at": "2024-05-01T10:00:00Z", "anchor": "A0000000000000000"},  # content changed
        {"kind": "review", "fact_id": fact_id("reception"), "status": "accepted",
         "decided_at": "2024-05-01T10:00:00Z", "anchor": anchors[fact_id("reception")]},
    ])
    new = shift_run(run, 7)
    capsys.readouterr()
    assert cli(["review", str(run), "--apply", str(export)]) == 1  # one is left: the code says so
    err = capsys.readouterr().err
    assert "3 decision(s) read, 2 re-attached by content, 1 left out" in err
    assert f"left out: {export}:2: accepted of fact {fact_id('visits')}" in err
    assert "no fact has its content" in err
    facts = {f["id"]: f for f in read_jsonl(run / "facts.jsonl")}
    rate = facts[new[fact_id("rate")]]
    assert rate["review"]["status"] == "rejected" and rate["review"]["note"] == "比率"
    assert rate["review"]["reattached_from"] == fact_id("rate")
    assert facts[new[fact_id("reception")]]["review"]["status"] == "accepted"
    assert facts[new[fact_id("visits")]]["review"]["status"] is None
    logged = read_jsonl(run / REVIEW_LOG)
    assert {d["fact_id"] for d in logged} == {new[fact_id("rate")], new[fact_id("reception")]}
    # applied again: nothing is logged twice
    assert apply_file(run, export).logged == 0


def test_a_rerun_brings_back_logged_decisions_whose_ids_changed(run, tmp_path):
    decisions = write_lines(tmp_path / "r.jsonl", [
        {"kind": "review", "fact_id": fact_id("hr_suggestions"), "status": "corrected",
         "correction": {"subject": "代表建议"}, "decided_at": "2024-05-01T10:00:00Z"}])
    assert apply_file(run, decisions).logged == 1
    assert read_jsonl(run / REVIEW_LOG)[0]["anchor"]  # --apply gives a decision its fact's anchor
    new = shift_run(run, 3)  # what a rerun after an edit writes (the runner merged by id: nothing)
    assert reattach_log(run) == 1
    merged = {f["id"]: f for f in read_jsonl(run / "facts.jsonl")}[new[fact_id("hr_suggestions")]]
    assert apply_correction(merged)["subject"] == "代表建议"
    assert load_decisions(run)[new[fact_id("hr_suggestions")]]["reattached_from"] == fact_id("hr_suggestions")
    before = (run / "facts.jsonl").read_bytes()
    assert reattach_log(run) == 0 and (run / "facts.jsonl").read_bytes() == before  # once only


def test_a_second_edit_re_attaches_the_first_decision_once(run, tmp_path):
    decisions = write_lines(tmp_path / "r.jsonl", [
        {"kind": "review", "fact_id": fact_id("rate"), "status": "accepted", "decided_at": "2024-05-01T10:00:00Z"}])
    apply_file(run, decisions)
    first = shift_run(run, 3)
    reattach_log(run)
    second = shift_run(run, 3)
    assert reattach_log(run) == 1
    log = read_jsonl(run / REVIEW_LOG)
    assert [d["fact_id"] for d in log] == [fact_id("rate"), first[fact_id("rate")], second[first[fact_id("rate")]]]
    assert {d.get("reattached_from") for d in log[1:]} == {fact_id("rate")}


def test_the_day_of_a_date_can_be_corrected():
    d = parse_decision({"kind": "review", "fact_id": "F1", "status": "corrected",
                        "correction": {"year": 2021, "month": 3, "day": 15}})
    out = apply_correction({"id": "F1", "time": {"year": 2021, "month": 3, "day": 5, "text": "3月5日"},
                            "review": {"status": "corrected", "correction": d["correction"]}})
    assert out["time"]["day"] == 15 and out["time_source"] == "review"
    for bad in ({"day": 32}, {"month": 13}, {"day": "15"}):
        with pytest.raises(DecisionError):
            parse_decision({"kind": "review", "fact_id": "F1", "status": "corrected", "correction": bad})


def test_anchor_must_be_a_string():
    with pytest.raises(DecisionError):
        parse_decision({"kind": "review", "fact_id": "F1", "status": "accepted", "anchor": 5})
    kept = parse_decision({"kind": "review", "fact_id": "F1", "status": "accepted", "anchor": "Aab"})
    assert kept["anchor"] == "Aab" and "reattached_from" not in kept
    assert json.loads(json.dumps(kept)) == kept
