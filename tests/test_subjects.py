"""pipeline.subjects: the strict subject check, on phrases written for the test."""
import pytest

from pipeline.rules import RuleError
from pipeline.subjects import strict_subject_ok, subject_problem


@pytest.mark.parametrize("subject", [
    "民生实事项目", "代表", "参选率", "意见建议", "专题调研", "社会组织", "代表联络站(室)", "财政投入",
    "村", "5G基站", "得票率", "纯收入",
])
def test_noun_phrases_pass(subject):
    assert strict_subject_ok(subject), subject_problem(subject)


@pytest.mark.parametrize("subject, problem", [
    (None, "empty"), ("", "empty"),
    ("某县第三届人民代表大会第二次会议上", "too long"),
    ("老王笑着说", "verb of reporting"), ("记者获悉", "verb of reporting"), ("主任介绍", "verb of reporting"),
    ("代表努力", "ends with a verb"), ("工程确定", "ends with a verb"), ("完善", "ends with a verb"),
    ("交", "ends with a verb"), ("委员到场", "ends with a verb"),
    ("占全部", "starts with a function word or verb"), ("在全镇", "starts with a function word or verb"),
    ("群众的", "ends with a function word"), ("认真地", "ends with a function word"),
    ("站点(室", "unbalanced bracket"), ("建议，意见", "clause punctuation"),
])
def test_clauses_and_fragments_fail(subject, problem):
    assert not strict_subject_ok(subject)
    assert subject_problem(subject) == problem


def test_words_that_only_look_like_verbs_pass():
    # 名称 is no 称 (say), 说明书 no 说, 耕地 no adverbial 地
    for subject in ("企业名称", "产品说明书", "基本农田耕地"):
        assert strict_subject_ok(subject), subject_problem(subject)


def test_long_ok_skips_only_the_length():
    long_noun = "城乡饮水安全水源工程配套资金总额"
    assert not strict_subject_ok(long_noun)
    assert strict_subject_ok(long_noun, long_ok=True)
    assert not strict_subject_ok("某镇第五届人民代表大会第六次会议上以", long_ok=True)


def test_bad_rules_file_names_the_file(tmp_path, monkeypatch):
    from pipeline.subjects import load_subject_rules
    (tmp_path / "subjects.yml").write_text(
        "max_chars: 1\nreporting: [说]\nnot_first: [在]\nnot_last: [的]\nverbs_not_nouns: 完善\n", encoding="utf-8")
    monkeypatch.setenv("BULLETIN_IE_RULES", str(tmp_path))
    with pytest.raises(RuleError, match="subjects.yml"):
        load_subject_rules()
