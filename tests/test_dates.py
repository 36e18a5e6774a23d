"""The one date grammar (pipeline/dates.py): kinds, years, spans, comparison bases."""
from __future__ import annotations

import pytest

from pipeline.dates import DateGrammar, DateRules
from pipeline.rules import RuleError


@pytest.fixture(scope="module")
def grammar():
    return DateGrammar.from_rules()


def _one(grammar, text):
    found = grammar.find(text)
    assert len(found) == 1, found
    return found[0]


@pytest.mark.parametrize("phrase, kind, year, start_year", [
    ("2019年起连续三年", "consecutive", 2021, 2019),
    ("2015年至2018年", "span", 2018, 2015),
    ("2017年1月至2018年5月", "span", 2018, 2017),
    ("自2019年以来", "open_span", None, 2019),
    ("2022年建成以来", "open_span", None, 2022),
    ("十四届全国人大二次会议", "npc", 2024, None),
    ("全国人民代表大会第十三届第五次会议", "npc", 2022, None),
    ("2020年度", "explicit", 2020, None),
    ("二〇二一年三月", "explicit", 2021, None),
    ("2021年底", "explicit", 2021, None),
    ("2022-07-30", "explicit", 2022, None),
])
def test_years_and_spans(grammar, phrase, kind, year, start_year):
    m = _one(grammar, phrase)
    assert (m.kind, m.year, m.start_year, m.text) == (kind, year, start_year, phrase)


@pytest.mark.parametrize("phrase, kind, offset", [
    ("今年", "relative", 0), ("去年", "relative", -1), ("上年", "relative", -1), ("前年", "relative", -2),
    ("明年", "relative", 1), ("去年以来", "relative_span", -1), ("今年6月", "relative", 0),
    ("当年", "anaphoric", None), ("次年", "anaphoric", None),
])
def test_relative_years_have_one_list(grammar, phrase, kind, offset):
    m = _one(grammar, phrase)
    assert (m.kind, m.offset) == (kind, offset)


@pytest.mark.parametrize("phrase, kind", [
    ("截至目前", "now"), ("目前", "now"), ("全年", "report"), ("近五年来", "report"), ("过去一年", "report"),
    ("5月3日", "anchored"), ("5月", "month"), ("每月8日", "every"), ("一季度", "quarter"), ("年初", "period"),
    ("上午9时30分", "clock"), ("十届人大常委会", "term"),
])
def test_kinds(grammar, phrase, kind):
    assert _one(grammar, phrase).kind == kind


def test_a_term_is_no_year_but_keeps_its_number(grammar):
    m = next(m for m in grammar.find("十四届人大常委会组织专题调查36次") if m.kind == "term")
    assert (m.term, m.year) == (14, None)
    for text in ("第38届菊花展", "第五届人民代表大会第一次会议上", "县十八届人大常委会第十五次会议",
                 "十八届人大常委会换届选举履职以来", "新一届人大常委会", "第十八届县人大代表"):
        assert not [m for m in grammar.find(text) if m.kind == "term"], text  # a session, a span, deputies


def test_numerals_are_read_by_the_numeral_grammar(grammar):
    assert _one(grammar, "十二月").month == 12
    assert _one(grammar, "二〇二三年十一月二十日").day == 20


@pytest.mark.parametrize("text, base", [
    ("较去年同期增长5%", True), ("比上年增加3个", True), ("与2022年相比", True), ("是去年的1.5倍", True),
    ("去年全县新建12个", False), ("去年同期为3.9万人", False), ("由去年的89%提高到92%", False),
])
def test_comparison_bases(grammar, text, base):
    m = next(m for m in grammar.find(text) if m.kind in ("relative", "explicit"))
    assert m.base is base


def test_a_span_is_one_expression_not_two_years(grammar):
    assert [m.kind for m in grammar.find("2015年至2018年,全县投入300万元")] == ["span"]


def test_figure_free_kinds_exclude_durations(grammar):
    assert grammar.figure_free(_one(grammar, "2021年")) == (0, 5)
    assert grammar.figure_free(_one(grammar, "近五年来")) is None
    assert grammar.figure_free(_one(grammar, "2019年起连续三年")) == (0, 6)  # 连续三年 is a duration


def test_an_unknown_kind_in_the_rules_is_refused(tmp_path, monkeypatch):
    from pipeline import rules
    src = rules.rule_path("dates.yml").read_text(encoding="utf-8")
    (tmp_path / "dates.yml").write_text(src.replace("figure_free: [", "figure_free: [fortnight, "), encoding="utf-8")
    monkeypatch.setenv("BULLETIN_IE_RULES", str(tmp_path))
    with pytest.raises(RuleError, match="fortnight"):
        DateRules.load()
