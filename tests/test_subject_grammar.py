"""The subject grammar (pipeline/indicators/subject.py, choice.py, distribute.py) on
invented sentences, one per pattern: tests/data/subject_patterns.yml."""
from __future__ import annotations

import pytest
import yaml

from pipeline.indicators import default_finder

from .conftest import ROOT

CASES = yaml.safe_load((ROOT / "tests" / "data" / "subject_patterns.yml").read_text(encoding="utf-8"))


def test_every_case_names_its_pattern_once_per_figure():
    assert len(CASES) >= 20
    keys = [(c["sentence"], c["figure"]) for c in CASES]
    assert len(keys) == len(set(keys))
    assert all(c.get("pattern") for c in CASES)


@pytest.mark.parametrize("case", CASES, ids=[c["pattern"] for c in CASES])
def test_pattern(case):
    found = [m for m in default_finder().find(case["sentence"]) if case["figure"] in m.text]
    assert len(found) == 1, [m.text for m in default_finder().find(case["sentence"])]
    m = found[0]
    assert m.subject == case["subject"], (m.subject, m.subject_source, [(r.text, r.source) for r in m.readings])
    if "source" in case:
        assert m.subject_source == case["source"]


def test_segmenter_words_decide_a_first_character(pipeline_instance):
    """With the segmenter's words, 就业 is one word: no preposition 就 first."""
    result = pipeline_instance.process_text("今年帮助群众解决就业1400余人。")
    (ind,) = [i for i in result.indicators if getattr(i, "value", None) is not None]
    assert ind.subject == "就业" and ind.subject_source == "left"


def test_subject_source_is_on_indicators_and_facts(pipeline_instance):
    result = pipeline_instance.process_text("某县人大常委会今年共收集意见建议181件。")
    (ind,) = [i for i in result.indicators if getattr(i, "value", None) is not None]
    (fact,) = result.facts
    assert ind.subject == fact.subject == "意见建议"
    assert ind.subject_source == fact.subject_source == "left"
    assert fact.statistic == "result" and fact.statistic_cue is None and fact.optional is False
