"""The indicator catalogue: names for figures, duplicates across bulletins, exclusions."""
from __future__ import annotations

import pytest

from pipeline.catalogue import (Catalogue, default_catalogue, is_excluded, subject_exclusions,
                                subject_window)
from pipeline.crossdoc import annotate, evidence_overlap, find_duplicates
from pipeline.rules import RuleError

HUARONG = "湖南省/岳阳市/华容县"


def fact(fid: str, doc: str, subject: str, value, unit: str, sentence: str, figure: str,
         path: str = HUARONG, year: int = 2022, **extra) -> dict:
    """A fact as in facts.jsonl, with only the fields the catalogue reads."""
    return {"id": fid, "doc_id": doc, "subject": subject, "value": value, "value_max": None,
            "unit": unit, "qualifier": None, "change": None,
            "locality": {"text": path.rsplit("/", 1)[-1], "canonical": path.rsplit("/", 1)[-1],
                         "path": path},
            "time": {"year": year}, "evidence": {"text": figure, "sentence": sentence},
            "review": {"status": None, "note": None, "correction": None}, "flags": [], **extra}


@pytest.fixture(scope="module")
def cat() -> Catalogue:
    return default_catalogue()


def name(cat: Catalogue, subject, unit, sentence, figure):
    entry = cat.classify(subject, unit, sentence, figure)
    return entry.name if entry else None


def test_three_wordings_of_one_figure_get_one_name(cat):
    assert name(cat, "意见建议", "件", "代表们收集意见建议181件。", "181件") == "意见建议"
    assert name(cat, "群众意见建议", "条", "代表们征集群众意见建议181条。", "181条") == "意见建议"
    assert name(cat, "建议", "件", "联络站共收到建议181件。", "181件") == "意见建议"
    # 条 and 件 are one item either way: the series writes both in 件
    assert cat.series_unit("意见建议", "条") == cat.series_unit("意见建议", "件") == "件"


def test_a_bare_suggestion_tabled_at_a_congress_is_a_deputies_suggestion(cat):
    assert name(cat, "建议", "件", "代表团向大会提交议案3件、建议41件。", "41件") == "代表建议"


def test_the_unit_decides_between_entries_that_share_words(cat):
    sentence = "全年举办代表培训班12场，培训代表900人次。"
    assert name(cat, "代表培训班", "场", sentence, "12场") == "代表培训"
    assert name(cat, "培训代表", "人次", sentence, "900人次") == "代表培训人次"
    assert name(cat, "代表培训班", "亩", sentence, "12场") is None


def test_a_cut_subject_is_read_with_the_words_beside_it(cat):
    # before the figure: 修改 alone is read as 修改地方性法规
    assert name(cat, "修改", "件", "审议通过地方性法规5件，修改地方性法规3件。", "3件") == "法规修改"
    # after the figure: 代表建议 is read with 得到解决采纳
    assert name(cat, "代表建议", "件", "有860件代表建议得到解决采纳，占总数的70%。", "860件") == "建议采纳"


def test_words_before_a_figure_that_precedes_its_subject_do_not_name_it(cat):
    sentence = "镇人大组织代表开展视察调研，建成了17个村级文化广场。"
    assert subject_window(sentence, "17个", "村级文化广场") == "村级文化广场"
    assert name(cat, "村级文化广场", "个", sentence, "17个") is None


def test_traditional_characters_and_pinyin_glosses_are_matched(cat):
    sentence = "全市建成鄉鎮代表聯(lián)絡站45個。"
    assert name(cat, "鄉鎮代表聯(lián)絡站", "个", sentence, "45個") == "代表联络站"


def test_duplicates_are_reposts_of_one_figure_in_other_bulletins(cat):
    s1 = "今年以来，华容县人大常委会组织代表收集意见建议86条，已全部交办。"
    s2 = "华容县人大常委会组织代表收集意见建议86条，已全部交办到位。"
    other = "华容县召开座谈会，会上代表们围绕乡村振兴提出意见建议86条。"
    facts = [fact("F1", "county", "意见建议", 86, "条", s1, "86条"),
             fact("F2", "province", "意见建议", 86, "条", s2, "86条"),
             fact("F3", "county", "意见建议", 86, "条", s1, "86条"),  # same bulletin: not a repost
             fact("F4", "web", "意见建议", 86, "条", other, "86条")]  # other wording: a source, not a repost
    annotate(facts, cat)
    assert [f["duplicate_of"] for f in facts] == [None, "F1", None, None]
    assert evidence_overlap(s1, s2) >= cat.settings.min_evidence_overlap > evidence_overlap(s1, other)


def test_a_rejected_fact_is_no_duplicate(cat):
    s = "华容县人大常委会组织代表收集意见建议86条。"
    facts = [fact("F1", "a", "意见建议", 86, "条", s, "86条"),
             fact("F2", "b", "意见建议", 86, "条", s, "86条",
                  review={"status": "rejected", "note": None, "correction": None})]
    assert find_duplicates(annotate(facts, cat), cat) == 0


def test_annotate_keeps_other_flags(cat):
    f = fact("F1", "a", "意见建议", 86, "条", "收集意见建议86条。", "86条",
             flags=[{"code": "year_guessed", "facts": ["F1"]}])
    annotate([f], cat)
    assert f["flags"] == [{"code": "year_guessed", "facts": ["F1"]}]
    assert f["indicator"] == "意见建议"


def _rules_dir(tmp_path, monkeypatch, files: dict[str, str]):
    for rel, text in files.items():
        (tmp_path / rel).write_text(text, encoding="utf-8")
    monkeypatch.setenv("BULLETIN_IE_RULES", str(tmp_path))
    subject_exclusions.cache_clear()


def test_a_bad_pattern_names_the_file(tmp_path, monkeypatch):
    _rules_dir(tmp_path, monkeypatch, {"indicators_catalogue.yml": (
        "indicators:\n  - {name: x, kind: count, unit: 件, units: {件: 件}, subject: '(建议'}\n")})
    with pytest.raises(RuleError, match="indicators_catalogue.yml.*bad 'subject' pattern"):
        Catalogue.load()


def test_one_name_keeps_one_unit(tmp_path, monkeypatch):
    _rules_dir(tmp_path, monkeypatch, {"indicators_catalogue.yml": (
        "indicators:\n"
        "  - {name: x, kind: count, unit: 件, units: {件: 件}, subject: a}\n"
        "  - {name: x, kind: count, unit: 个, units: {个: 个}, subject: b}\n")})
    with pytest.raises(RuleError, match="written in 件"):
        Catalogue.load()


def test_subject_exclusions_are_read_with_an_optional_unit(tmp_path, monkeypatch):
    _rules_dir(tmp_path, monkeypatch, {"subject_exclusions.txt": "# comment\n合影留念\n连续\t年\n"})
    try:
        assert is_excluded("合影留念", "张") and is_excluded("连续", "年")
        assert not is_excluded("连续", "次") and not is_excluded("意见建议", "条")
    finally:
        subject_exclusions.cache_clear()
