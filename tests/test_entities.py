"""Entities stage: one small case per rule family and per guard."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.entities import EntityRecognizer, LocRules, OrgRules, PersonRules, extract
from pipeline.records import Entity, Sentence, Token
from pipeline.rules import RuleError


@pytest.fixture(scope="module")
def rec() -> EntityRecognizer:
    return EntityRecognizer.from_rules()


def sents(*texts: str, tokens: list[list[str]] | None = None, article: int | None = 0,
          zone: str = "body") -> list[Sentence]:
    """Sentences laid end to end (offset 100 onwards), optionally with tokens."""
    out, pos = [], 100
    for n, text in enumerate(texts):
        toks = []
        if tokens:
            k = 0
            for word in tokens[n]:
                k = text.index(word, k)
                toks.append(Token(word, pos + k, pos + k + len(word)))
                k += len(word)
        out.append(Sentence(doc_id="doc", sent_id=n, article=article, zone=zone,
                            start=pos, end=pos + len(text), text=text, tokens=toks))
        pos += len(text) + 1
    return out


def found(ents: list[Entity], label: str | None = None) -> list[str]:
    return [e.text for e in ents if label is None or e.label == label]


def run(rec, *texts, **kw) -> list[Entity]:
    return extract(sents(*texts, **kw), rec)


# -- LOC ------------------------------------------------------------------------
def test_gazetteer_full_names_and_paths(rec):
    ents = run(rec, "湖南省岳阳市汨罗市屈子祠镇召开会议。")
    assert found(ents, "LOC") == ["湖南省", "岳阳市", "汨罗市", "屈子祠镇"]
    assert ents[-1].path == "湖南省/岳阳市/汨罗市/屈子祠镇"
    assert ents[-1].source == "gazetteer:full"


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


# -- ORG ------------------------------------------------------------------------
def test_locality_starts_the_body(rec):
    ents = run(rec, "华容县人大常委会采取季度清单。")
    assert [(e.label, e.text) for e in ents] == [("ORG", "华容县人大常委会")]


def test_locality_split_from_body(rec):
    ents = run(rec, "华容县新一届人大常委会根据地方组织法。")
    assert found(ents, "LOC") == ["华容县"]
    assert "华容县新一届人大常委会" not in found(ents)


def test_deputy_keeps_the_locality(rec):
    ents = run(rec, "岳阳市人大代表联系群众工作平台建设综述")
    assert [(e.label, e.text) for e in ents] == [("LOC", "岳阳市")]


def test_short_locality_body(rec):
    ents = run(rec, "耒阳市十八届人大常委会换届。", "湘乡人大积极破解选举难题。")
    org = [e for e in ents if e.text == "湘乡人大"][0]
    assert org.label == "ORG" and org.canonical == "湘乡市人大"


def test_town_presidium_and_village_party_branch(rec):
    ents = run(rec, "屈子祠镇人大主席团审议。", "肖堰镇青龙湾村党支部书记王述杰提出建议。")
    assert found(ents, "ORG") == ["屈子祠镇人大主席团", "肖堰镇青龙湾村党支部"]
    assert found(ents, "PER") == ["王述杰"]


def test_canonical_names_from_the_article(rec):
    ents = run(rec, "华容县人大常委会采取季度清单。", "县人大常委会联工委组织讨论。",
               "人大常委会每季度召开会议。", "结合县委政府部署。")
    canon = {e.text: e.canonical for e in ents if e.label == "ORG"}
    assert canon["县人大常委会联工委"] == "华容县人大常委会联工委"
    assert canon["人大常委会"] == "华容县人大常委会"
    assert canon["县委"] == "华容县委"


def test_class_references_are_not_emitted(rec):
    text = "下发至各乡镇人大主席团，县乡人大、乡镇(街道)人大和各省、区、市人大常委会。"
    assert found(run(rec, text), "ORG") == []
    assert found(run(rec, "按照省、市人大常委会的安排。"), "ORG") == ["市人大常委会"]


def test_sibling_units_in_a_list(rec):
    ents = run(rec, "送：全国人大常委会办公厅联络局、研究室、新闻局、《中国人大》杂志社")
    assert found(ents, "ORG") == ["全国人大常委会办公厅联络局", "研究室", "新闻局", "《中国人大》杂志社"]
    assert ents[1].canonical == "全国人大常委会办公厅研究室"


def test_stationed_discipline_group_is_one_body(rec):
    ents = run(rec, "省纪委省监委驻省人大机关纪检监察组", zone="footer", article=None)
    assert found(ents, "ORG") == ["省纪委省监委驻省人大机关纪检监察组"]


def test_party_committees_and_governments(rec):
    ents = run(rec, "在汨罗市委的领导下，汨罗市委、市政府作出部署，省委书记出席。")
    assert found(ents, "ORG") == ["汨罗市委", "汨罗市委", "市政府", "省委"]
    assert ents[2].canonical == "汨罗市政府"
    assert found(run(rec, "委托第三方评估，市委托管。"), "ORG") == []


def test_government_departments(rec):
    ents = run(rec, "云南省昆明市五华区人民政府与省农业农村厅签订协议。")
    assert found(ents, "ORG") == ["云南省昆明市五华区人民政府", "省农业农村厅"]
    assert ents[1].canonical == "云南省农业农村厅"


def test_media_and_companies(rec):
    ents = run(rec, "中央电视台、半月谈给予宣传，湖南华菱钢铁集团有限责任公司参与。")
    assert found(ents, "ORG") == ["中央电视台", "半月谈", "湖南华菱钢铁集团有限责任公司"]


# -- PER ------------------------------------------------------------------------
def test_role_before_name_with_affiliation(rec):
    ents = run(rec, "县人大常委会主任张功玉就如何贯彻落实作出安排。")
    per = [e for e in ents if e.label == "PER"][0]
    assert (per.text, per.role, per.affiliation) == ("张功玉", "主任", "县人大常委会")


def test_role_across_a_list_of_titles(rec):
    ents = run(rec, "省人大常委会党组书记、副主任韩永文作总结讲话。")
    per = [e for e in ents if e.label == "PER"][0]
    assert (per.text, per.role, per.affiliation) == ("韩永文", "副主任", "省人大常委会党组")


def test_title_after_name(rec):
    assert found(run(rec, "习近平总书记作出重要指示。"), "PER") == ["习近平"]
    assert found(run(rec, "以习近平同志为核心的党中央。"), "PER") == ["习近平"]


def test_enumerations(rec):
    assert found(run(rec, "在殷宏军、杨秀娟等代表建议下启动项目。"), "PER") == ["殷宏军", "杨秀娟"]
    assert found(run(rec, "涌现了李国武、曾凡雄、李建利等一大批先进典型。"), "PER") == \
        ["李国武", "曾凡雄", "李建利"]


def test_bylines_and_spaced_names(rec):
    assert found(run(rec, "(通讯员:梁群芳 钞有生)"), "PER") == ["梁群芳", "钞有生"]
    ents = run(rec, "责任编辑：石 韧 谢峥嵘 联系方式：0731—85309270", zone="footer", article=None)
    assert found(ents, "PER") == ["石 韧", "谢峥嵘"]
    assert ents[0].start == 105 and ents[0].end == 108


def test_name_propagates_to_other_mentions(rec):
    ents = run(rec, "镇人大代表王述杰组织召开屋场会。", "王述杰提出了解决措施。")
    assert found(ents, "PER") == ["王述杰", "王述杰"]
    assert ents[-1].source == "per:propagated"


def test_non_names(rec):
    text = "伏林村一郑姓村民的孩子走失，王某反映情况，代表和选民座谈，代表向群众宣传。"
    assert found(run(rec, text), "PER") == []


def test_tokens_decide_name_length(rec):
    text = "副主任向伟雄一行调研。"
    toks = [["副", "主任", "向", "伟雄", "一行", "调研", "。"]]
    assert found(extract(sents(text, tokens=toks), rec), "PER") == ["向伟雄"]


# -- records, offsets, robustness ---------------------------------------------------
def test_entity_records_have_document_offsets_and_stable_ids(rec):
    s = sents("前言。", "华容县人大常委会采取季度清单。")
    ents = extract(s, rec)
    e = ents[0]
    assert (e.start, e.end, e.sent_id) == (104, 112, 1)
    assert e.id == extract(s, rec)[0].id
    assert e.to_dict()["kind"] == "entity" and 0 < e.confidence <= 1


def test_empty_input():
    assert extract([]) == []


@settings(max_examples=60, deadline=None)
@given(st.text(alphabet="湖南省岳阳市县人大常委会主任张王李村社区镇、，。等代表 1", max_size=60))
def test_spans_are_flat_and_match_the_text(text):
    s = sents(text)
    ents = extract(s)
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


def test_name_set_apart_from_its_title_by_spaces(rec):
    assert found(run(rec, "县人大常委会主任  刘斌"), "PER") == ["刘斌"]
    assert found(run(rec, "代表 刘斌说"), "PER") == []  # a generic role needs the name at once


def test_a_road_needs_a_stem_right_after_the_nearest_locality(rec):
    assert "团泽村道路" not in found(run(rec, "实地查看了高坪街道团泽村道路硬化项目"), "LOC")
