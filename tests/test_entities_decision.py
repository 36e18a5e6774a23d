"""decision.py: evidence from all proposers, on small fixtures written for the purpose."""
from __future__ import annotations

import pytest

from pipeline.entities import extract
from pipeline.entities.base import Candidate
from pipeline.entities.weighing import DecisionRules, decide
from pipeline.records import Sentence
from pipeline.rules import RuleError


def run(rec, text):
    s = Sentence(doc_id="t", sent_id=0, article=0, zone="body", start=0, end=len(text), text=text)
    return [(e.label, e.text) for e in extract([s], rec)]


def test_agreeing_sources_add_up_and_longest_wins():
    rules = DecisionRules.load()
    a = Candidate(0, 3, "PER", "per:role", 0.8)
    b = Candidate(0, 3, "PER", "tagger:lac", 0.78)
    inner = Candidate(0, 2, "LOC", "gazetteer:short", 0.8)
    longer = Candidate(0, 5, "ORG", "org:locality", 0.95)
    out = decide([a, b], rules)
    assert len(out) == 1 and out[0].confidence > 0.9 and "+" in out[0].source
    assert [c.label for c in decide([inner, longer], rules)] == ["ORG"]


def test_weak_spans_are_dropped():
    assert decide([Candidate(0, 2, "PER", "tagger:lac", 0.3)], DecisionRules.load()) == []


def test_tagger_finds_names_after_a_descriptive_word(rec):
    assert ("PER", "孙立华") in run(rec, "山区养殖户孙立华告诉记者，今年收成不错。")


def test_names_in_a_list_before_a_count(rec):
    found = run(rec, "大家选出了郑凯文、齐小梅、方志远三名代表。")
    assert {("PER", "郑凯文"), ("PER", "方志远")} <= set(found)


def test_photo_credit_and_bracket_byline(rec):
    assert ("PER", "章明远") in run(rec, "会议现场。(章明远/摄)")


def test_tagger_does_not_take_a_town_short_form(rec):
    found = run(rec, "高桥镇召开会议。高桥全镇代表参加。")
    assert ("PER", "高桥") not in found


def test_media_outlet_by_grammar(rec):
    assert ("ORG", "东川新闻网") in run(rec, "东川新闻网5月3日讯 记者报道")


def test_lane_and_its_committee(rec):
    found = run(rec, "柳树巷居委会组织居民议事。")
    assert ("ORG", "柳树巷居委会") in found


def test_decision_rules_are_checked(tmp_path):
    bad = tmp_path / "decision.yml"
    bad.write_text("keep: 2\n", encoding="utf-8")
    with pytest.raises(RuleError, match="decision.yml"):
        DecisionRules.load(str(bad))


def test_calibration_scales_a_source_to_its_measured_precision(monkeypatch, rec):
    from pipeline.entities.decision import Decision
    from pipeline.entities.weighing import load_calibration

    table = load_calibration()
    assert table and all(0 < f < 2 for f in table.values())
    c = Candidate(0, 3, "LOC", "gazetteer:full", 0.95)
    Decision(rec.res).calibrate([c])
    assert 0.9 <= c.confidence <= 0.99
    monkeypatch.setenv("BULLETIN_IE_NO_CALIBRATION", "1")
    assert load_calibration() == {}


def test_a_common_name_read_by_the_tagger_in_context_is_kept(rec):
    # 杨帆 is a frequent word in the word list, and the segmenter glues 杨帆率; the
    # model reads the name in context
    from tests.entities_helpers import sents

    doc = rec.propose(sents("市长杨帆率队检查。", tokens=[["市长", "杨帆率", "队", "检查", "。"]]))
    pers = {(doc.sents[0].text[c.start:c.end], c.source) for c in doc.sents[0].pers}
    assert ("杨帆", "tagger:lac") in pers and ("杨帆率", "per:role!tagger") in pers
