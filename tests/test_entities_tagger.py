"""Proposer tagger.py: where the model runs, batching, and which of its spans count."""
from __future__ import annotations

from pipeline.entities.base import Prepared, Tagged
from pipeline.entities.lac import LacModel
from pipeline.entities.tagger import person_candidates, windows
from pipeline.entities.tagger_rules import TaggerRules
from pipeline.records import Sentence


def prepared(text: str) -> Prepared:
    sent = Sentence(doc_id="t", sent_id=0, article=0, zone="body", start=0, end=len(text), text=text)
    return Prepared(sent, text, text, None, None, [], [])


def test_windows_only_where_a_context_suggests_a_name(rec):
    rules, sur, words = rec.res.tagger, rec.res.people.surnames, rec.res.people.common_words
    assert windows(prepared("加强代表行动和群众工作，推动发展。"), rules, sur, words=words) == []
    spans = windows(prepared("会上，村民邓明远发言。"), rules, sur, words=words)
    assert spans and all(b - a <= 30 for a, b in spans)
    # where the rules already start a name, the surname opens no window of its own
    assert windows(prepared("村民邓明远。"), rules, sur, words=words)
    assert windows(prepared("村民邓明远。"), rules, sur, named={2}, words=words) == []
    line = prepared("王小明 李大华 赵春生")
    assert windows(line, rules, sur, words=words) == [(0, len(line.norm))]


def test_the_recognizer_loads_the_model_once_and_batches_like_single_calls(rec):
    model = rec.res.model
    assert isinstance(model, LacModel) and all(
        p.model is model for name, p in rec.proposers if name == "tagger")
    texts = ["村民邓明远说", "", "副县长陈大海、张小燕出席"]
    assert model.tag_many(texts) == [model.tag(t) for t in texts]
    assert ("PER" in {tag for _, _, tag in model.tag("副县长陈大海出席")})


def test_names_cut_at_a_window_edge_or_of_one_character_are_dropped():
    s = prepared("聚焦高标准建设")
    cut = Tagged(0, 4, [(0, 1, "v"), (1, 3, "PER"), (3, 4, "n")])  # 焦高 at the window's edge? no:
    edge = Tagged(1, 3, [(1, 3, "PER")])  # 焦高 read without 聚 and 标准
    assert person_candidates(s, [edge], 0.8) == []
    one = Tagged(0, 4, [(0, 1, "PER"), (1, 4, "n")])
    assert person_candidates(s, [one], 0.8) == []
    assert [c.source for c in person_candidates(s, [cut], 0.8)] == ["tagger:lac"]


def test_tagger_rules_are_checked(tmp_path):
    import pytest

    from pipeline.rules import RuleError

    bad = tmp_path / "tagger.yml"
    bad.write_text("name_after: [村民]\nname_before: [说]\nwindow: -1\nbyline_line_max: 20\n", encoding="utf-8")
    with pytest.raises(RuleError, match="window"):
        TaggerRules.load(str(bad))


def test_rare_surnames_and_a_role_at_the_end_open_no_window(rec):
    rules, sur, words = rec.res.tagger, rec.res.people.surnames, rec.res.people.common_words
    assert windows(prepared("乡镇人大主席团会议"), rules, sur, words=words) == []  # 团: a rare surname
    assert windows(prepared("会议由副主任"), rules, sur, words=words) == []  # nothing after the role
