"""Result, plan, target, norm, level, vague (pipeline/indicators/statistic.py) on
invented sentences, one per kind: tests/data/statistic_kinds.yml."""
from __future__ import annotations

import pytest
import yaml

from pipeline.indicators import extract
from pipeline.indicators.statistic import KINDS, Statistic, load_statistic_rules
from pipeline.records import Sentence
from pipeline.rules import RuleError

from .conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "data" / "statistic_kinds.yml").read_text(encoding="utf-8"))


def _indicators(texts: list[str]) -> list:
    """The indicators stage over sentences of one article, in order."""
    sents, pos = [], 0
    for n, text in enumerate(texts):
        sents.append(Sentence(doc_id="d", sent_id=n, article=0, zone="body", start=pos, end=pos + len(text),
                              text=text))
        pos += len(text) + 1
    return [r for r in extract(sents) if getattr(r, "value", None) is not None and r.sent_id == len(texts) - 1]


def test_every_kind_has_a_case():
    assert {c["statistic"] for c in CASES} == set(KINDS)


@pytest.mark.parametrize("case", CASES, ids=[c["kind"] for c in CASES])
def test_kind(case):
    found = [i for i in _indicators([*case.get("context", []), case["sentence"]]) if case["figure"] in i.text]
    assert len(found) == 1, found
    ind = found[0]
    assert ind.statistic == case["statistic"], (ind.statistic, ind.statistic_cue)
    assert ind.optional == (case["statistic"] != "result")
    if "cue" in case:
        if case["cue"] is None:
            assert ind.statistic_cue is None
        else:
            assert case["cue"] in (ind.statistic_cue or ""), ind.statistic_cue


def test_a_plan_list_ends_with_its_article():
    sents = [Sentence(doc_id="d", sent_id=0, article=0, zone="body", start=0, end=18,
                      text="今年将实施以下民生实事项目："),
             Sentence(doc_id="d", sent_id=1, article=1, zone="body", start=19, end=40,
                      text="全年召开常委会会议12次。")]
    (ind,) = [r for r in extract(sents) if getattr(r, "value", None) is not None]
    assert ind.statistic == "result"


def test_a_result_ends_a_plan_list():
    texts = ["2026年计划实施的民生实事项目包括：", "一、道路提升项目", "新建道路3.5公里。", "截至目前，已完成投资800万元。"]
    sents, pos = [], 0
    for n, text in enumerate(texts):
        sents.append(Sentence(doc_id="d", sent_id=n, article=0, zone="body", start=pos, end=pos + len(text),
                              text=text))
        pos += len(text) + 1
    got = {r.text: r.statistic for r in extract(sents) if getattr(r, "value", None) is not None}
    assert [v for k, v in got.items() if "3.5公里" in k] == ["plan"]
    assert [v for k, v in got.items() if "800万元" in k] == ["result"]


def test_optional_follows_from_the_statistic():
    assert not Statistic().optional
    assert all(Statistic(kind).optional for kind in KINDS if kind != "result")


def test_bad_rules_file_names_the_file(tmp_path, monkeypatch):
    import shutil

    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    text = (tmp_path / "rules" / "statistics.yml").read_text(encoding="utf-8")
    (tmp_path / "rules" / "statistics.yml").write_text(text.replace("  - 必须\n", "  - '必须('\n"), encoding="utf-8")
    monkeypatch.setenv("BULLETIN_IE_RULES", str(tmp_path / "rules"))
    with pytest.raises(RuleError, match="statistics.yml"):
        load_statistic_rules()
