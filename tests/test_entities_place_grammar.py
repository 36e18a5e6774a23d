"""Proposer place_grammar.py: villages, features, settlements, enumerations."""
from __future__ import annotations

from tests.entities_helpers import found, proposed, run


def test_village_index_and_community(rec):
    ents = run(rec, "6月5日，王家坡社区缺少安全防护栏。")
    assert found(ents, "LOC") == ["王家坡社区"]
    assert found(ents, "PER") == []  # 王家坡 is a place, not 王 + 家坡


def test_village_suffix_guards(rec):
    text = "代表们进村入户，获得全体村民好评，推进乡村振兴。"
    assert found(run(rec, text), "LOC") == []


def test_features_reservoir_canal_road(rec):
    ents = run(rec, "代表提出，韶山灌渠洋潭水库大坝开裂。")
    assert found(ents, "LOC") == ["韶山灌渠", "洋潭水库"]
    ents = run(rec, "推进屈子祠村楚韵路的建设。")
    assert found(ents, "LOC") == ["屈子祠村", "楚韵路"]
    assert ents[1].path.endswith("屈子祠村/楚韵路")
    assert found(run(rec, "守护好一江碧水，加固河堤。"), "LOC") == []


def test_named_rivers(rec):
    assert found(run(rec, "“东方之星”长江沉船事故。"), "LOC") == ["长江"]


def test_enumerated_town_short_names(rec):
    ents = run(rec, "赴平江县专题调研城关、南江、龙门三个乡镇平台建设。")
    assert found(ents, "LOC") == ["平江县", "城关", "南江", "龙门"]


def test_a_road_needs_a_stem_right_after_the_nearest_locality(rec):
    assert "团泽村道路" not in found(run(rec, "实地查看了高坪街道团泽村道路硬化项目"), "LOC")


def test_village_class_words_are_no_places(rec):
    assert found(run(rec, "涉及9个乡镇、42个行政村。"), "LOC") == []
    assert found(run(rec, "组织代表深入苏木镇、嘎查村开展活动。"), "LOC") == []


def test_enumeration_tail_glued_to_the_last_item(rec):
    # 郎德镇 carries its own suffix: 千户苗寨 is no town 苗寨
    ents = run(rec, "深入西江千户苗寨、郎德镇上郎德村等地。")
    assert "苗寨" not in found(ents, "LOC")
    assert found(run(rec, "赴从江、黎平、榕江等县开展检查。"), "LOC") == ["从江", "黎平", "榕江"]


def test_lanes_roads_expressways_and_gorges(rec):
    ents = run(rec, "代表们走访了柳树巷，查看京昆高速和石门峡。",
               tokens=[["代表们", "走访", "了", "柳树巷", "，", "查看", "京昆", "高速", "和", "石门峡", "。"]])
    assert found(ents, "LOC") == ["柳树巷", "京昆高速", "石门峡"]
    assert found(run(rec, "大街小巷干净整洁，经济高速发展。",
                     tokens=[["大街小巷", "干净", "整洁", "，", "经济", "高速", "发展", "。"]]), "LOC") == []


def test_a_compound_after_its_village_is_one_place(rec):
    ents = run(rec, "青龙湾村小区新装了路灯。", tokens=[["青龙湾村", "小区", "新装", "了", "路灯", "。"]])
    assert "青龙湾村小区" in found(ents, "LOC")


def test_numbered_groups_are_no_places(rec):
    ents = run(rec, "青龙湾村三组的村民", tokens=[["青龙湾村", "三", "组", "的", "村民"]])
    assert "三组" not in found(ents, "LOC")


def test_a_village_index_name_that_is_a_phrase_needs_a_place_before(rec):
    ents = run(rec, "选出了新型社区改善项目", tokens=[["选出", "了", "新型", "社区", "改善", "项目"]])
    assert found(ents, "LOC") == []


def test_an_enumeration_does_not_start_inside_a_word(rec):
    ents = run(rec, "特色小镇创建、城中村改造等工作")
    assert "创建" not in found(ents, "LOC")


def test_family_settlements(rec):
    ents = run(rec, "在霍营街道刘家营代表联络站内", tokens=[["在", "霍营", "街道", "刘家营", "代表", "联络站", "内"]])
    assert "刘家营" in found(ents, "LOC")
    ents = run(rec, "张家口市的王家坡社区", tokens=[["张家口市", "的", "王家坡", "社区"]])
    assert found(ents, "LOC") == ["张家口市", "王家坡社区"]
    assert found(run(rec, "大家庭的温暖", tokens=[["大家庭", "的", "温暖"]]), "LOC") == []


def test_towns_of_one_county_in_a_list_license_each_other(rec):
    # three short forms that are all towns of one county (寿光市): the gazetteer's tree
    text = "调研组深入到稻田、羊口、纪台3处农贸市场，听取意见。"
    assert proposed(rec, text, source="gazetteer:county_towns") == ["稻田", "羊口", "纪台"]
    # one town's short form alone in a list licenses nothing
    assert proposed(rec, "调研组深入到稻田、果园和菜地。", source="gazetteer:county_towns") == []


def test_a_county_the_page_names_licenses_its_towns(rec):
    texts = ("寿光市人大常委会召开会议。", "代表们来到化龙、营里两地视察。")
    assert proposed(rec, *texts, source="gazetteer:county_towns") == ["化龙", "营里"]
    texts = ("寿光市人大常委会召开会议。", "建设营里旅游小镇。")
    assert proposed(rec, *texts, tokens=[["寿光市", "人大", "常委会", "召开", "会议", "。"],
                                          ["建设", "营里", "旅游", "小镇", "。"]],
                    source="gazetteer:county_town") == ["营里"]
    # the same words on a page about another county: no town
    assert proposed(rec, "平江县人大常委会召开会议。", "建设营里旅游小镇。",
                    tokens=[["平江县", "人大", "常委会", "召开", "会议", "。"],
                            ["建设", "营里", "旅游", "小镇", "。"]], source="gazetteer:county_town") == []
