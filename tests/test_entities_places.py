"""Proposer places.py: gazetteer names, short forms, foreign places, regions."""
from __future__ import annotations

from pipeline.entities import extract
from tests.entities_helpers import proposed, found, run, sents


def test_gazetteer_full_names_and_paths(rec):
    ents = run(rec, "湖南省岳阳市汨罗市屈子祠镇召开会议。")
    assert found(ents, "LOC") == ["湖南省", "岳阳市", "汨罗市", "屈子祠镇"]
    assert ents[-1].path == "湖南省/岳阳市/汨罗市/屈子祠镇"
    assert ents[-1].source.split("+")[0] == "gazetteer:full"


def test_duplicate_town_names_resolved_by_document(rec):
    ents = run(rec, "赴平江县调研。", "对南江镇、安定镇进行表彰。")
    paths = {e.text: e.path for e in ents}
    assert paths["南江镇"] == "湖南省/岳阳市/平江县/南江镇"  # there are other 南江镇
    assert paths["安定镇"] == "湖南省/岳阳市/平江县/安定镇"


def test_short_form_needs_full_form_in_document(rec):
    assert found(run(rec, "结合南漳实际开展工作。"), "LOC") == []
    ents = run(rec, "南漳县召开会议。", "结合南漳实际开展工作。")
    assert found(ents, "LOC") == ["南漳县", "南漳"]


def test_prefecture_short_forms_and_common_word_guard(rec):
    assert found(run(rec, "会议在长沙召开。"), "LOC") == ["长沙"]
    assert found(run(rec, "实现世界大同，长治久安。"), "LOC") == []


def test_traditional_characters(rec):
    ents = run(rec, "廣東省廣州市人大常委會召開會議。")
    assert found(ents, "ORG") == ["廣東省廣州市人大常委會"]
    assert found(run(rec, "代表來自湖南省長沙市。"), "LOC") == ["湖南省", "長沙市"]


def test_simplified_characters_are_not_converted(rec):
    # 乾 is Traditional for 干 but also the Simplified spelling of 乾县: no conversion
    assert found(run(rec, "陕西省咸阳市乾县召开会议。"), "LOC") == ["陕西省", "咸阳市", "乾县"]


def test_name_inside_a_word_is_no_place(rec):
    # 分乡镇 is a town somewhere, but here 部分 is the word; 长沙市民 is 长沙 + 市民
    assert found(run(rec, "探索邀请部分乡镇街道人大负责同志列席。"), "LOC") == []
    assert found(run(rec, "长沙市民积极参与。"), "LOC") == ["长沙"]


def test_no_entities_inside_document_titles(rec):
    ents = run(rec, "印发了《南漳县人大常委会关于开展代表行动的实施方案》。")
    assert ents == []


def test_autonomous_units_without_the_peoples_names(rec):
    from pipeline.gazetteer import autonomous_stem
    peoples = ["苗", "侗", "锡伯", "哈萨克", "瑶", "壮", "东乡"]
    assert autonomous_stem("黔东南苗族侗族自治州", peoples) == ("黔东南", "州")
    assert autonomous_stem("察布查尔锡伯自治县", peoples) == ("察布查尔", "县")
    assert autonomous_stem("东乡族自治县", peoples) == ("东乡", "县")
    ents = run(rec, "巴马县地处河池市西北部。", "黔东南州人大常委会、连山县人大常委会、伊犁州人大常委会。")
    assert found(ents, "LOC") == ["巴马县", "河池市"]
    assert ents[0].path == "广西壮族自治区/河池市/巴马瑶族自治县"
    assert found(ents, "ORG") == ["黔东南州人大常委会", "连山县人大常委会", "伊犁州人大常委会"]
    # jionlp's alias 黔东 cut 黔东南 short: it names nothing
    assert rec.res.gaz.short.get("黔东") is None and rec.res.gaz.short.get("黔东南")


def test_county_short_form_joined_to_a_place(rec):
    text = "视察组深入百色巴马新机场配套道路。"
    toks = [["视察组", "深入", "百色", "巴马", "新", "机场", "配套", "道路", "。"]]
    assert found(extract(sents(text, tokens=toks), rec), "LOC") == ["百色", "巴马"]


def test_foreign_countries_continents_and_cities(rec):
    ents = run(rec, "考察团先后访问越南和法国，在巴黎参加了欧洲论坛。",
               tokens=[["考察团", "先后", "访问", "越南", "和", "法国", "，", "在", "巴黎", "参加", "了",
                        "欧洲", "论坛", "。"]])
    assert found(ents, "LOC") == ["越南", "法国", "巴黎", "欧洲"]
    assert {e.source.split("+")[0] for e in ents} == {"lexicon:country", "lexicon:city", "lexicon:continent"}


def test_a_town_named_in_full_licenses_its_short_form(rec):
    ents = run(rec, "平江县城关镇召开人大会议。", "城关全镇共有代表八十名。")
    assert "城关镇" in found(ents, "LOC")
    ents = run(rec, "平江县加义镇召开人大会议。", "加义全镇共有代表八十名。")
    assert proposed(rec, "平江县加义镇召开人大会议。", "加义全镇共有代表八十名。",
                    source="gazetteer:town_short") == ["加义"]
    assert found(run(rec, "平江县长寿镇召开人大会议。"), "PER") == []  # no 县长 across the edge


def test_region_of_a_place_is_one_name(rec):
    assert "榆林地区" in found(run(rec, "榆林地区降水偏少。"), "LOC")


def test_a_village_named_in_full_licenses_its_short_form(rec):
    texts = ("代表们来到石门坎村视察。", "石门坎安置区配套设施建设进展顺利。")
    toks = [["代表", "们", "来到", "石门坎", "村", "视察", "。"],
            ["石门坎", "安置区", "配套", "设施", "建设", "进展", "顺利", "。"]]
    assert proposed(rec, *texts, tokens=toks, source="gazetteer:village_short") == ["石门坎"]
    assert proposed(rec, texts[1], tokens=toks[1:], source="gazetteer:village_short") == []


def test_a_two_character_county_within_the_province_the_page_names(rec):
    text = "河南省人大代表来到滑县西北部视察。"
    toks = [["河南省", "人大", "代表", "来到", "滑县", "西北部", "视察", "。"]]
    assert "滑县" in proposed(rec, text, tokens=toks, label="LOC")
    # without the province the two-character full name stays a weak candidate (和县 is a word)
    doc = rec.propose(sents("人大代表来到滑县西北部视察。", tokens=[["人大", "代表", "来到", "滑县", "西北部", "视察", "。"]]))
    assert "滑县" not in [doc.sents[0].norm[c.start:c.end] for c in doc.sents[0].locs
                        if c.source.startswith("gazetteer:")]
