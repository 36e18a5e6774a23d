"""Whose report a figure belongs to (the reporting scope) and the new time rules,
each on a small invented page."""
from __future__ import annotations

from pipeline.facts.cues import Cues
from pipeline.facts.linker import Linker, innermost
from pipeline.facts.places import ForeignNames, ProvinceNames
from pipeline.facts.structure import DocStructure
from pipeline.ingest import ingest_text
from pipeline.records import Entity


def _fact(facts: dict, tail: str):
    return next(f for t, f in facts.items() if t.endswith(tail))


def _place(facts: dict, tail: str):
    return (_fact(facts, tail).locality or {}).get("canonical")


def _year(facts: dict, tail: str):
    return (_fact(facts, tail).time or {}).get("year")


# -- scope -------------------------------------------------------------------------

def test_each_section_takes_the_unit_its_first_paragraph_opens_with(facts_of):
    facts = facts_of("北京市各区人大常委会工作亮点\n\n昌平区人大常委会聚焦代表联络站建设。\n\n"
                     "建强阵地。目前已建成站点12个。\n\n平谷区人大常委会开展审计整改监督。\n\n"
                     "推动完成整改100个,收回欠款2499万元。\n")
    assert _place(facts, "12个") == "昌平区"
    assert _place(facts, "100个") == "平谷区"
    assert _place(facts, "2499万元") == "平谷区"


def test_a_news_datelines_place_is_not_whose_report_it_is(facts_of):
    facts = facts_of("某网北京消息 1月19日上午,昌平区小汤山镇组织人大代表接待选民。\n"
                     "活动当天,共接待选民群众30余人次,收集意见建议14条。\n")
    assert _place(facts, "30余人次") == "小汤山镇"
    assert _place(facts, "14条") == "小汤山镇"


def test_a_body_named_by_its_level_speaks_for_the_unit_of_the_towns_it_names(facts_of):
    facts = facts_of("区人大常委会组织代表视察产业基地\n\n8月21日上午,区人大常委会组织代表视察我区产业基地。\n"
                     "代表们来到小汤山镇视察。据了解,基地共有入园项目16个。\n")
    assert _place(facts, "16个") == "昌平区"


def test_the_scope_is_the_innermost_frame_on_one_line():
    town = {"text": "小汤山镇", "canonical": "小汤山镇", "path": "北京市/北京市/昌平区/小汤山镇"}
    district = {"text": "昌平区", "canonical": "昌平区", "path": "北京市/北京市/昌平区"}
    other = {"text": "平谷区", "canonical": "平谷区", "path": "北京市/北京市/平谷区"}
    assert innermost([("title", district), ("lead", town)])["canonical"] == "小汤山镇"
    assert innermost([("section", town), ("title", district)])["canonical"] == "小汤山镇"
    assert innermost([("title", district), ("lead", other)])["canonical"] == "昌平区"  # another branch
    assert innermost([("title", district), ("document", town)])["canonical"] == "昌平区"  # named most: no


def test_a_place_opening_a_projects_name_does_not_place_the_next_figures(facts_of):
    facts = facts_of("平谷区人大常委会视察民生实事项目\n\n平谷区今年实施民生实事8项。其中,清水河防洪护岸工程投资460万元;"
                     "集镇污水管网延伸项目投资320万元。\n")
    assert _place(facts, "320万元") == "平谷区"


def test_a_persons_affiliation_opens_no_section(facts_of):
    facts = facts_of("小汤山镇人大代表票决民生实事\n\n小汤山镇代表票决选出民生实事10件。\n\n"
                     "参与票决的人大代表,平谷区某社区党总支书记张某说:很有意义。\n\n"
                     "票决出的10件民生实事年内完成,投入资金500万元。\n")
    assert _place(facts, "500万元") == "小汤山镇"


def test_a_class_of_bodies_is_no_unit(facts_of):
    facts = facts_of("平谷区人大常委会关于代表工作的通报\n\n各乡镇人大主席团:\n今年上半年,区人大常委会扎实推进代表工作。\n"
                     "一、建议办理成效明显。代表共提出建议102件。\n")
    assert _place(facts, "102件") == "平谷区"


# -- ambiguous names -----------------------------------------------------------------

def _linker(text: str, entities: list[Entity]) -> Linker:
    doc = ingest_text(text, "a", "<a>")
    return Linker(DocStructure(doc, Cues.load()), [], entities, ForeignNames.load(), ProvinceNames.load())


def _loc(text, name, start, path):
    return Entity(f"E{start}", "a", 0, "LOC", name, start, start + len(name), "gazetteer:short", 0.9, None, path)


def test_a_short_name_shared_by_a_province_and_a_county_reads_as_the_pages_province():
    text = "郑州市、洛阳市代表积极履职。河南共建成代表联络站3000余个。\n"
    ents = [_loc(text, "郑州市", 0, "河南省/郑州市"), _loc(text, "洛阳市", 4, "河南省/洛阳市"),
            _loc(text, "河南", 15, "青海省/黄南藏族自治州/河南蒙古族自治县")]
    henan = [p for p in _linker(text, ents).places if p.text == "河南"][0]
    assert (henan.path, henan.canonical) == ("河南省", "河南省")


def test_the_county_stays_on_a_page_of_its_own_province_unless_a_province_is_asked_for():
    text = "海南州同仁市代表视察。河南共建成代表联络站30个。\n"
    ents = [_loc(text, "同仁市", 3, "青海省/黄南藏族自治州/同仁市"),
            _loc(text, "河南", 11, "青海省/黄南藏族自治州/河南蒙古族自治县")]
    henan = [p for p in _linker(text, ents).places if p.text == "河南"][0]
    assert henan.path.endswith("河南蒙古族自治县")
    asked = "海南州同仁市代表视察。省人大常委会:河南全省共建成代表联络站30个。\n"
    ents = [_loc(asked, "同仁市", 3, "青海省/黄南藏族自治州/同仁市"),
            _loc(asked, "河南", 18, "青海省/黄南藏族自治州/河南蒙古族自治县")]
    assert [p for p in _linker(asked, ents).places if p.text == "河南"][0].path == "河南省"


# -- time ------------------------------------------------------------------------------

CHRONICLE = ("第七节 人大代表视察\n\n1980年人大常委会建立后,经常组织代表进行视察。九届人大常委会组织视察5次。"
             "十届人大常委会组织进行31次专题调查,视察10次。召开代表座谈会50多次。\n")


def test_a_terms_figures_have_no_single_year_and_keep_the_term(facts_of):
    facts = facts_of(CHRONICLE)
    for tail in ("31次", "视察10次", "50多次"):
        fact = _fact(facts, tail)
        assert fact.time is not None and fact.time["year"] is None and fact.time["term"] == 10, tail


def test_a_session_of_a_term_is_no_term(facts_of):
    facts = facts_of("某镇人代会召开\n发布时间:2022-01-11\n\n在某镇第五届人民代表大会第一次会议上,102名人大代表投票。\n")
    assert _year(facts, "102名") == 2022


def test_now_on_an_undated_page_takes_the_sections_frame_year(facts_of):
    facts = facts_of("回顾2025丨各区人大常委会2025年工作亮点\n\n昌平区人大常委会聚焦联络站建设。目前已建成站点12个。\n")
    assert _year(facts, "12个") == 2025


def test_since_a_year_with_no_later_date_is_that_year(facts_of):
    facts = facts_of("某镇代表联络站建设\n\n自2019年以来,镇人大投入资金20余万元,建成代表联络站1处。\n")
    assert _year(facts, "20余万元") == 2019
    later = facts_of("某镇代表联络站建设\n\n自2019年以来,镇人大投入资金20余万元。2021年,全镇新建站点3个。\n")
    assert _year(later, "20余万元") is None  # the span runs on to a date the page does not give
    began = facts_of("某县推行票决制\n\n从2009年起,某县在全县14个乡镇推行票决制。2016年,全省推广。\n")
    assert _year(began, "14个") == 2009  # 从…起: where it began, whatever came later


def test_an_undated_pages_title_year_frames_it(facts_of):
    facts = facts_of("2023年某县人大常委会工作要点\n\n目前,全县共有代表联络站19个。\n")
    assert _year(facts, "19个") == 2023
