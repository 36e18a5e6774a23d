"""The recognizer as a whole: empty input, flat spans, rule errors."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
import pytest

from pipeline.entities import extract
from pipeline.entities import LocRules, OrgRules, PersonRules
from pipeline.rules import RuleError
from tests.entities_helpers import sents


def test_empty_input():
    assert extract([]) == []


ALPHABET = "湖南省岳阳市县人大常委会主任张王李村社区镇、，。等代表 1"


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet=ALPHABET, max_size=30), st.text(alphabet=ALPHABET, max_size=30))
def test_spans_are_flat_and_match_the_text(before, after):
    # random text around a sentence that always names a body: the checks below
    # then always have at least one entity to look at
    text = before + "。华容县人大常委会召开会议。" + after
    s = sents(text)
    ents = extract(s)
    assert any(e.label == "ORG" and "人大常委会" in e.text for e in ents), ents
    spans = sorted((e.start, e.end) for e in ents)
    for (a, b), (c, d) in zip(spans, spans[1:]):
        assert b <= c
    for e in ents:
        assert text[e.start - 100:e.end - 100] == e.text


def test_rule_errors_name_the_file(tmp_path):
    bad = tmp_path / "orgs.yml"
    bad.write_text("level_words: [省]\ninstitutions: [{nam: 人大}]\nsub_bodies: []\nsuffix_bodies: {}\n",
                   encoding="utf-8")
    with pytest.raises(RuleError, match="orgs.yml"):
        OrgRules.load(str(bad))
    bad = tmp_path / "loc.yml"
    bad.write_text("village_suffixes: [村]\nfeature_suffixes: [河]\nnamed_features: []\n",
                   encoding="utf-8")
    with pytest.raises(RuleError, match="loc.yml"):
        LocRules.load(str(bad))
    bad = tmp_path / "surnames.txt"
    bad.write_text("王\tsometimes\n", encoding="utf-8")
    with pytest.raises(RuleError, match="surnames.txt:1"):
        PersonRules.load(surnames=str(bad))
