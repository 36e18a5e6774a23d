"""Facts linker: which place a figure is about (one invented text per rule)."""
from __future__ import annotations

import pytest


def _loc(fact):
    return (fact.locality or {}).get("canonical"), (fact.locality or {}).get("source")


def test_a_towns_figure_inside_a_county_report_gets_the_town(facts_of):
    facts = facts_of("平和县人大常委会工作简报\n\n2022年,小溪镇建成代表联络站12个,全县共建成代表联络站60个。\n")
    assert _loc(facts["建成代表联络站12个"]) == ("小溪镇", "clause")
    county = next(f for t, f in facts.items() if t.endswith("60个"))
    assert _loc(county) == ("平和县", "level")  # 全县: the county of the title


def test_a_place_right_before_the_figure_is_its_container(facts_of):
    facts = facts_of("龙岩市人大常委会推进代表家站建设\n\n龙岩市人大常委会推动新罗区117个代表联络站全部达标。\n")
    assert _loc(facts["117个"]) == ("新罗区", "clause")


def test_list_members_do_not_capture_the_figure(facts_of):
    facts = facts_of("永春县人大常委会开展视察\n\n县人大常委会组织代表视察了东平镇、湖洋镇等5个乡镇。\n")
    fact = next(f for t, f in facts.items() if t.endswith("5个"))
    assert _loc(fact)[0] == "永春县"


def test_places_excluded_by_chu_wai_do_not_capture(facts_of):
    facts = facts_of("漳浦县人大常委会推进代表之家建设\n\n漳浦县人大常委会从2018年开始,除旧镇镇外其他19个代表之家均设在镇政府所在地。\n")
    fact = next(f for t, f in facts.items() if t.endswith("19个"))
    assert _loc(fact)[0] == "漳浦县"


def test_a_body_named_after_a_place_counts_for_the_place(facts_of):
    facts = facts_of("近日消息\n\n为解决群众问题,三明市人大组建了电子商务、高端化工等12个专业代表小组。\n")
    fact = next(f for t, f in facts.items() if t.endswith("12个"))
    assert _loc(fact)[0] == "三明市"


def test_level_words_take_the_unit_of_that_level_in_context(facts_of):
    facts = facts_of("南平市人大常委会加强代表工作\n\n南平市人大常委会下发指导意见,推动全市69个乡镇全部建成代表工作室。\n")
    fact = next(f for t, f in facts.items() if t.endswith("69个"))
    assert _loc(fact) == ("南平市", "level")


def test_a_level_word_nearer_than_the_clauses_subject_wins(facts_of):
    facts = facts_of("黔西南州人大常委会加强代表工作\n\n贵州省人大常委会推动全州28个乡镇全部建成代表之家。\n")
    fact = next(f for t, f in facts.items() if t.endswith("28个"))
    assert _loc(fact)[0] == "黔西南布依族苗族自治州"


def test_the_subject_of_an_earlier_clause_places_the_figure(facts_of):
    facts = facts_of("工作动态\n\n近年来,宁德市人大常委会积极推进联络站建设,在各乡镇建立中心联络站92个。\n")
    fact = next(f for t, f in facts.items() if t.endswith("92个"))
    assert _loc(fact) == ("宁德市", "sentence")


def test_a_paragraphs_subject_carries_to_its_next_sentences(facts_of):
    facts = facts_of("工作动态\n\n莆田市人大常委会召开主任会议。会议听取专项工作报告5个。\n")
    fact = next(f for t, f in facts.items() if t.endswith("5个"))
    assert _loc(fact) == ("莆田市", "paragraph")


def test_the_title_places_figures_without_a_place_of_their_own(facts_of):
    facts = facts_of("明溪县人大常委会开展执法检查\n\n检查组共走访企业30家。\n")
    fact = next(f for t, f in facts.items() if t.endswith("30家"))
    assert _loc(fact) == ("明溪县", "title")


def test_a_place_in_a_laws_name_does_not_capture(facts_of):
    facts = facts_of("福建省人大常委会工作报告\n\n全年审议通过厦门经济特区条例等法规9件。\n")
    fact = next(f for t, f in facts.items() if t.endswith("9件"))
    assert _loc(fact)[0] == "福建省"


def test_a_place_in_a_media_name_does_not_capture(facts_of):
    facts = facts_of("建宁县人大常委会召开会议\n\n三明新闻网消息,会议审议议题7项。\n")
    fact = next(f for t, f in facts.items() if t.endswith("7项"))
    assert _loc(fact)[0] == "建宁县"


def test_the_speakers_place_does_not_capture_a_figure_in_the_quote(facts_of):
    facts = facts_of("将乐县召开代表大会\n\n万安镇党委书记李某深有感触地说:"
                "“今年共票决出民生项目10个,都是群众急需的。”\n")
    fact = next(f for t, f in facts.items() if t.endswith("10个"))
    assert _loc(fact)[0] == "将乐县"


def test_a_figure_about_a_foreign_place_is_that_place_not_the_documents(facts_of):
    facts = facts_of("厦门市人大代表团出访\n\n代表团赴法国考察,法国共有议员577名。\n")
    fact = next(f for t, f in facts.items() if t.endswith("577名"))
    assert fact.locality is not None and fact.locality["text"] == "法国"  # GUIDELINES: foreign places are LOC


def test_web_page_facts_do_not_fall_back_to_the_sites_province(facts_of):
    text = ("首页 > 新闻中心 > 甘肃新闻\n天水市人大常委会开展代表培训\n发布时间:2022-07-30 10:12\n"
            "培训班共有学员200名。\n")
    facts = facts_of(text)
    fact = next(f for t, f in facts.items() if t.endswith("200名"))
    assert _loc(fact)[0] == "天水市"


def test_related_news_places_never_capture_and_their_figures_keep_their_own(facts_of):
    text = ("清流县人大常委会召开会议\n\n会议共审议议题6项。\n\n相关新闻\n"
            "宁化县人大常委会开展视察 走访企业12家\n[2022-07-29]\n")
    facts = facts_of(text)
    assert _loc(next(f for t, f in facts.items() if t.endswith("6项")))[0] == "清流县"
    item = next((f for t, f in facts.items() if t.endswith("12家")), None)
    # the ingest stage puts related headlines in zone aside (no fact); a page it
    # does not recognise still keeps the headline's figure to its own place
    assert item is None or _loc(item) == ("宁化县", "item")


def test_a_village_of_another_province_is_a_false_match(pipeline_instance):
    """A village-level match from another province than the document's (the entity
    stage's guess for a generic name) does not place a figure."""
    from pipeline import facts as facts_stage
    from pipeline.records import Entity

    text = "将乐县人大常委会开展活动\n\n幸福社区组织党员代表30名参加活动。\n"
    result = pipeline_instance.process_text(text, doc_id="v")
    doc, sentences = result.document, result.sentences
    county = text.index("将乐县")
    village = text.index("幸福社区")
    sid = lambda pos: next(s.sent_id for s in sentences if s.start <= pos < s.end)  # noqa: E731
    entities = [
        Entity("E1", "v", sid(county), "ORG", "将乐县人大常委会", county, county + 8, "org:locality", 0.95,
               path="福建省/三明市/将乐县"),
        Entity("E2", "v", sid(village), "LOC", "幸福社区", village, village + 4, "gazetteer:village", 0.9,
               path="内蒙古自治区/包头市/青山区/某街道/幸福社区"),
    ]
    found = facts_stage.extract(doc, sentences, entities, result.indicators)
    fact = next(f for f in found if f.evidence["text"].endswith("30名"))
    assert fact.locality["canonical"] == "将乐县"
    entities[1].path = "福建省/三明市/将乐县/某镇/幸福社区"  # the same village in this province counts
    found = facts_stage.extract(doc, sentences, entities, result.indicators)
    fact = next(f for f in found if f.evidence["text"].endswith("30名"))
    assert fact.locality["canonical"] == "幸福社区"


def test_a_place_before_an_ordinary_net_word_still_counts(facts_of):
    facts = facts_of("工作动态\n\n汝城县网格员共走访群众3000户。\n")
    fact = next(f for t, f in facts.items() if t.endswith("3000户"))
    assert _loc(fact) == ("汝城县", "clause")


def test_pager_lines_at_the_top_do_not_swallow_the_article(facts_of):
    text = ("上一篇:某某县召开会议\n下一篇:某某镇开展活动\n汝城县人大常委会推进代表之家建设\n"
            "发布时间:2022-05-06\n全县共建成代表之家14个。\n")
    facts = facts_of(text)
    fact = next(f for t, f in facts.items() if t.endswith("14个"))
    assert _loc(fact)[0] == "汝城县"
    assert fact.time["year"] == 2022


def test_a_chain_of_places_gives_its_most_specific_unit(facts_of):
    facts = facts_of("工作动态\n\n连城县莒溪镇建成代表联络站8个。\n")
    assert _loc(next(f for t, f in facts.items() if t.endswith("8个"))) == ("莒溪镇", "clause")


def test_two_places_written_together_are_no_chain(facts_of):
    facts = facts_of("固原平凉签订协议\n\n固原平凉两市共建立联络点12个。\n")
    assert _loc(next(f for t, f in facts.items() if t.endswith("12个")))[0] == "固原市"


def test_a_place_inside_the_figures_own_span_counts(facts_of):
    facts = facts_of("代表大会闭幕\n\n代表们票决确定长汀县2023年民生实事10项。\n")
    fact = next(f for t, f in facts.items() if t.endswith("10项"))
    assert _loc(fact) == ("长汀县", "clause")


def test_a_sentence_of_punctuation_only_does_not_break_the_stage(facts_of):
    facts = facts_of("华容县人大常委会工作报告\n\n。\n\n,、\n\n全县14个乡镇全部召开会议。\n")
    assert _loc(next(f for t, f in facts.items() if t.endswith("14个")))[0] == "华容县"


@pytest.mark.parametrize("clause", ["涉及东平镇的道路和饮水问题", "主要涉及东平镇道路建设问题", "如东平镇道路建设问题"])
def test_places_in_a_clause_of_examples_after_the_figure_do_not_capture(facts_of, clause):
    facts = facts_of(f"永春县人大常委会督办重点建议\n\n今年以来,县人大常委会共交办重点建议12件,{clause}。\n")
    fact = next(f for t, f in facts.items() if t.endswith("12件"))
    assert _loc(fact)[0] == "永春县"


def test_examples_are_not_the_documents_main_place(facts_of):
    facts = facts_of("代表建议督办取得实效\n\n今年共交办重点建议12件,涉及东平镇的道路和饮水问题。\n")
    fact = next(f for t, f in facts.items() if t.endswith("12件"))
    assert _loc(fact)[0] != "东平镇"


def test_a_level_body_takes_the_county_of_the_towns_named():
    from pipeline.facts.linker import Linker
    from pipeline.facts.places import ForeignNames, Place
    from pipeline.facts.cues import Cues
    from pipeline.facts.structure import DocStructure
    from pipeline.ingest import ingest_text
    doc = ingest_text("某某\n", "l", "<l>")
    linker = Linker(DocStructure(doc, Cues.load()), [], [], ForeignNames.load())
    town = Place("华家岭镇", 0, 4, "华家岭镇", "甘肃省/定西市/通渭县/华家岭镇", "e1", "LOC", "gazetteer", 0.9, 0)
    found = linker.levels.resolve("县", [town])
    assert (found["canonical"], found["path"], found["text"]) == ("通渭县", "甘肃省/定西市/通渭县", "通渭县")
    assert linker.levels.resolve("镇", [town])["canonical"] == "华家岭镇"


def test_a_river_or_road_named_as_a_project_does_not_capture(facts_of):
    facts = facts_of("平和县小溪镇召开人代会\n\n会上,代表票决通过小溪镇民生实事项目。"
                "西溪河治理项目总投资520万元。\n")
    fact = next(f for t, f in facts.items() if t.endswith("520万元"))
    assert _loc(fact)[0] == "小溪镇"


def test_a_project_feature_is_no_place_but_a_feature_alone_still_is():
    from pipeline.facts.linker import Linker
    from pipeline.facts.places import ForeignNames, Place
    from pipeline.facts.cues import Cues
    from pipeline.facts.structure import DocStructure
    from pipeline.ingest import ingest_text
    doc = ingest_text("西溪河治理投资520万元。西溪河流经三个村。\n", "l", "<l>")
    linker = Linker(DocStructure(doc, Cues.load()), [], [], ForeignNames.load())
    mk = lambda s: Place("西溪河", s, s + 3, None, None, f"e{s}", "LOC", "grammar:河", 0.8, 0)  # noqa: E731
    assert linker.pf.project_object(mk(0))
    assert not linker.pf.project_object(mk(12))


@pytest.mark.parametrize("member", ["小溪镇等4个乡镇", "小溪镇等乡镇"])
def test_a_list_closed_by_deng_is_about_the_enclosing_unit(facts_of, member):
    facts = facts_of(f"平和县人大常委会工作简报\n\n会议指出,{member}的代表联络站已建成12个。\n")
    fact = next(f for t, f in facts.items() if t.endswith("12个"))
    assert _loc(fact)[0] == "平和县"


def test_a_level_body_with_the_prefectures_path_keeps_its_level():
    from pipeline.facts.linker import Linker
    from pipeline.facts.places import ForeignNames, Place
    from pipeline.facts.cues import Cues
    from pipeline.facts.structure import DocStructure
    from pipeline.ingest import ingest_text
    doc = ingest_text("某某\n", "l", "<l>")
    linker = Linker(DocStructure(doc, Cues.load()), [], [], ForeignNames.load())
    body = Place("区人大常委会", 0, 6, None, "江西省/赣州市", "e1", "ORG", "org:level", 0.9, 0, level_ref="区")
    assert linker._place_dict(body, "clause", []) is None  # never the prefecture
    county = Place("县人大常委会", 0, 6, None, "江西省/赣州市/于都县", "e2", "ORG", "org:level", 0.9, 0,
                   level_ref="县")
    assert linker._place_dict(county, "clause", [])["canonical"] == "于都县"


def test_a_district_body_never_resolves_to_a_community_or_a_deeper_unit():
    from pipeline.facts.linker import Linker
    from pipeline.facts.places import ForeignNames, Place
    from pipeline.facts.cues import Cues
    from pipeline.facts.structure import DocStructure
    from pipeline.ingest import ingest_text
    doc = ingest_text("某某\n", "l", "<l>")
    linker = Linker(DocStructure(doc, Cues.load()), [], [], ForeignNames.load())
    community = Place("青枫社区", 0, 4, "青枫社区", None, "e1", "LOC", "grammar:社区", 0.8, 0)
    prefecture = Place("赣州市", 5, 8, "赣州市", "江西省/赣州市", "e2", "LOC", "gazetteer", 0.9, 0)
    district = Place("章贡区", 9, 12, "章贡区", "江西省/赣州市/章贡区", "e3", "LOC", "gazetteer", 0.9, 0)
    assert linker.levels.resolve("区", [community, prefecture, district])["canonical"] == "章贡区"
    town = Place("湖边镇", 0, 3, "湖边镇", "江西省/赣州市/章贡区/湖边镇", "e4", "LOC", "gazetteer", 0.9, 0)
    assert linker.levels.resolve("市", [town])["canonical"] == "赣州市"  # the town's prefecture


def test_a_feature_matched_as_a_village_is_still_the_projects_object():
    from pipeline.facts.linker import Linker
    from pipeline.facts.places import ForeignNames, Place
    from pipeline.facts.cues import Cues
    from pipeline.facts.structure import DocStructure
    from pipeline.ingest import ingest_text
    doc = ingest_text("桃溪河整治投资300万元。綦水区建设投资9亿元。\n", "l", "<l>")
    linker = Linker(DocStructure(doc, Cues.load()), [], [], ForeignNames.load())
    village = Place("桃溪河", 0, 3, "桃溪河村", "某省/某市/某县/某镇/桃溪河村", "e1", "LOC", "gazetteer", 0.8, 0)
    assert linker.pf.project_object(village)
    county = Place("綦水区", 13, 16, "綦水区", "某省/某市/綦水区", "e2", "LOC", "gazetteer", 0.9, 0)
    assert not linker.pf.project_object(county)


def test_a_township_reports_figures_belong_to_its_town_not_the_header_county(facts_of):
    facts = facts_of("尤溪县人大常委会\n首页 > 乡镇人大\n西城镇人大主席团工作报告\n发布时间:2024-01-20\n\n"
                     "各位代表：\n2023年，在尤溪县人大常委会指导下，镇人大主席团组织代表视察12次。\n"
                     "一、加强监督\n全镇建成代表联络站3个。本镇新建道路8公里。\n")
    for tail in ("12次", "3个", "8公里"):
        fact = next(f for t, f in facts.items() if t.endswith(tail))
        assert _loc(fact)[0] == "西城镇", tail


def test_respectively_pairs_listed_towns_with_figures_in_order(facts_of):
    facts = facts_of("尤溪县人大常委会开展视察\n\n西城镇、洋中镇的自来水覆盖率分别为96%、92%。"
                     "其中，城关镇覆盖率达97%，管前镇达91%。\n")
    assert _loc(next(f for t, f in facts.items() if t.endswith("96%")))[0] == "西城镇"
    assert _loc(facts["92%"])[0] == "洋中镇"
    assert _loc(next(f for t, f in facts.items() if t.endswith("97%")))[0] == "城关镇"
    assert _loc(next(f for t, f in facts.items() if t.endswith("91%")))[0] == "管前镇"


def test_a_comparison_base_place_is_not_the_figures_locality(facts_of):
    facts = facts_of("尤溪县人大常委会开展视察\n\n尤溪县森林覆盖率达78%，高于福建平均水平1.2个百分点。\n")
    fact = next(f for t, f in facts.items() if t.endswith("1.2个百分点"))
    assert _loc(fact)[0] == "尤溪县"


def test_a_list_closed_by_etc_goes_to_the_enclosing_unit_not_an_earlier_sentences_place(facts_of):
    facts = facts_of("尤溪县人大常委会开展视察\n\n城关镇建成站点5个。西城镇、洋中镇等地新建站点8个。\n")
    assert _loc(next(f for t, f in facts.items() if t.endswith("5个")))[0] == "城关镇"
    assert _loc(next(f for t, f in facts.items() if t.endswith("8个")))[0] == "尤溪县"


def test_places_heading_the_items_of_a_list_closed_by_etc_give_the_enclosing_unit(facts_of):
    facts = facts_of("尤溪县人大常委会开展视察\n\n城关镇建成站点5个。西城镇道路改造、洋中镇校舍扩建等项目满意度均在八成以上。\n")
    fact = next(f for t, f in facts.items() if t.endswith("八成以上"))
    assert _loc(fact)[0] == "尤溪县"
