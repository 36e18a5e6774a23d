"""The fitted decision (decision.py, evidence.py, tools/fit_entities.py): each kind of
evidence changes the outcome, and the shipped weights are what the repository's
script fits from the checked-in feature table."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.entities.base import Candidate
from pipeline.entities.decision import choose, select
from pipeline.entities.evidence import merge
from pipeline.fitting import Model
from tests.entities_helpers import sents

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" if (ROOT.parent / "shared").exists() else ROOT.parent.parent / "shared"


def _fit_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("fit_entities", ROOT / "tools" / "fit_entities.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_refitting_the_checked_in_table_gives_the_shipped_weights():
    tool = _fit_tool()
    rows = tool.read_table()
    assert len(rows) > 1000 and {r["y"] for r in rows} == {0, 1}
    shipped = Model.load(tool.MODEL)
    refit = tool.fit_rows(rows)
    assert json.loads(refit.to_json()) == json.loads(shipped.to_json())


@pytest.mark.skipif(not (SHARED / "dev" / "gold").exists(), reason="needs ../shared (the gold)")
def test_the_feature_table_is_what_the_current_code_extracts(tmp_path):
    tool = _fit_tool()
    rows = tool.extract_rows(SHARED, None)
    shipped = tool.read_table()
    key = lambda r: (r["set"], r["doc"], r["sent"], r["start"], r["end"], r["label"])  # noqa: E731
    fresh = {key(r): (r["y"], {k: round(v, 6) for k, v in r["f"].items()}) for r in rows}
    table = {key(r): (r["y"], r["f"]) for r in shipped}
    assert fresh.keys() == table.keys()
    assert all(fresh[k][0] == table[k][0] and fresh[k][1] == pytest.approx(table[k][1]) for k in table)


def _span(rec, text: str, start: int, end: int, label: str, *proposals: tuple[str, float]):
    """The features of one span of a one-sentence document, with the given proposals."""
    doc = rec.propose(sents(text))
    s = doc.sents[0]
    s.locs, s.orgs, s.pers, s.weak_locs = [], [], [], []
    for source, conf in proposals:
        {"LOC": s.locs, "ORG": s.orgs, "PER": s.pers}[label].append(Candidate(start, end, label, source, conf))
    (_, spans, feats), = rec.decision.evidence.document(doc)
    return feats[0]


@pytest.mark.parametrize("change", ["agreement", "prior", "tagger", "length"])
def test_each_kind_of_evidence_changes_the_outcome(rec, change):
    model = rec.decision.model
    text = "村民邓明远说，今年收成好。"
    base = _span(rec, text, 2, 5, "PER", ("per:role", 0.9))
    if change == "agreement":  # the tagger agreeing with the rules raises the probability
        other = _span(rec, text, 2, 5, "PER", ("per:role", 0.9), ("tagger:full", 0.45))
    elif change == "prior":  # a less confident proposal of the same source
        other = _span(rec, text, 2, 5, "PER", ("per:role", 0.5))
    elif change == "tagger":  # a span the tagger's words cut (邓明|远说) against one they keep
        other = _span(rec, text, 3, 6, "PER", ("per:role", 0.9))
    else:  # a two-character span of the same name
        other = _span(rec, text, 2, 4, "PER", ("per:role", 0.9))
    assert model.score(base) != model.score(other)
    if change == "agreement":
        assert model.score(other) > model.score(base)
    else:
        assert model.score(other) < model.score(base)


def test_overlap_evidence_and_the_flat_choice():
    # of overlapping kept spans the longest wins; below the threshold nothing is kept
    assert choose([(0.9, 0, 2), (0.6, 0, 5), (0.4, 6, 8)], 0.5) == [1]
    assert choose([(0.9, 0, 2), (0.3, 0, 5)], 0.5) == [0]
    a = Candidate(0, 3, "LOC", "gazetteer:full", 0.95)
    b = Candidate(0, 3, "LOC", "tagger:full", 0.45)
    (span,) = merge([a, b])
    assert span.sources == ["gazetteer:full", "tagger:full"] and span.cand is a
    (kept,) = select([(0.8, span)], 0.5)
    assert kept.confidence == 0.8 and kept.source == "gazetteer:full+tagger:full"


def test_the_decision_confidence_is_the_fitted_probability(rec):
    from pipeline.entities import extract

    ents = extract(sents("湖南省华容县人大常委会主任张功玉在屈子祠镇调研。"), rec)
    assert ents and all(0.5 <= e.confidence <= 1 for e in ents)
    assert len({e.confidence for e in ents}) > 1


def test_per_label_thresholds_from_the_fitted_file(rec, tmp_path, monkeypatch):
    # one threshold per span (its label's): the same probability kept for one label only
    assert choose([(0.4, 0, 2), (0.4, 3, 5)], [0.35, 0.5]) == [0]
    a = Candidate(0, 2, "PER", "per:role", 0.9)
    b = Candidate(3, 5, "ORG", "org:bare", 0.9)
    kept = select([(0.4, merge([a])[0]), (0.4, merge([b])[0])], {"LOC": 0.35, "ORG": 0.5, "PER": 0.35})
    assert [c.label for c in kept] == ["PER"]
    # the shipped model carries its thresholds; a file with a bad one is refused
    assert set(rec.decision.keep) == {"LOC", "ORG", "PER"}
    from pipeline.entities.decision import Decision

    model = Model({"label=PER": 1.0}, 0.0, {"keep": {"LOC": 0.4, "ORG": 1.5, "PER": 0.4}})
    (tmp_path / "fitted").mkdir()
    model.save(tmp_path / "fitted" / "bad.json")
    monkeypatch.setattr("pipeline.entities.decision.rules_dir", lambda: tmp_path)
    with pytest.raises(ValueError, match="keep"):
        Decision(rec.res, model_file="fitted/bad.json")
