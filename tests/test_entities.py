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
    # a generic role needs the name at once: the rules leave 刘斌 to the tagger (X说)
    assert [e.source for e in run(rec, "代表 刘斌说") if e.label == "PER"] in ([], ["tagger:lac"])


def test_a_road_needs_a_stem_right_after_the_nearest_locality(rec):
    assert "团泽村道路" not in found(run(rec, "实地查看了高坪街道团泽村道路硬化项目"), "LOC")


# -- unseen-style text: other provinces, web pages ------------------------------------
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
    assert rec.gaz.short.get("黔东") is None and rec.gaz.short.get("黔东南")


def test_county_short_form_joined_to_a_place(rec):
    text = "视察组深入百色巴马新机场配套道路。"
    toks = [["视察组", "深入", "百色", "巴马", "新", "机场", "配套", "道路", "。"]]
    assert found(extract(sents(text, tokens=toks), rec), "LOC") == ["百色", "巴马"]


def test_village_class_words_are_no_places(rec):
    assert found(run(rec, "涉及9个乡镇、42个行政村。"), "LOC") == []
    assert found(run(rec, "组织代表深入苏木镇、嘎查村开展活动。"), "LOC") == []


def test_enumeration_tail_glued_to_the_last_item(rec):
    # 郎德镇 carries its own suffix: 千户苗寨 is no town 苗寨
    ents = run(rec, "深入西江千户苗寨、郎德镇上郎德村等地。")
    assert "苗寨" not in found(ents, "LOC")
    assert found(run(rec, "赴从江、黎平、榕江等县开展检查。"), "LOC") == ["从江", "黎平", "榕江"]


def test_tokens_end_a_name_before_a_word(rec):
    text = "泼陂河镇黄冲村村民反映，盘阳河流域治理滞后。"
    toks = [["泼陂河镇", "黄冲村", "村民", "反映", "，", "盘阳河", "流域", "治理", "滞后", "。"]]
    assert found(extract(sents(text, tokens=toks), rec), "LOC") == ["泼陂河镇", "黄冲村", "盘阳河"]


def test_a_town_inside_a_word_starts_no_body(rec):
    text = "部分乡镇人大工作薄弱。"
    toks = [["部分", "乡镇", "人大", "工作", "薄弱", "。"]]
    assert found(extract(sents(text, tokens=toks), rec)) == []


def test_departments_outside_the_stem_list(rec):
    text = "州人大民族宗教侨务外事委员会、州民族宗教事务委员会、县民宗局和县水务局参加，市委全面布局。"
    toks = [["州", "人大", "民族", "宗教", "侨务", "外事", "委员会", "、", "州", "民族", "宗教", "事务",
             "委员会", "、", "县", "民宗局", "和", "县", "水务局", "参加", "，", "市委", "全面", "布局", "。"]]
    assert found(extract(sents(text, tokens=toks), rec), "ORG") == [
        "州人大民族宗教侨务外事委员会", "州民族宗教事务委员会", "县民宗局", "县水务局", "市委"]


def test_league_and_banner_bodies(rec):
    ents = run(rec, "报：盟委、盟行政公署、盟人大常委会。")
    assert found(ents, "ORG") == ["盟委", "盟行政公署", "盟人大常委会"]


def test_counted_bodies_are_a_class(rec):
    assert found(run(rec, "指导全区11个街道人大工委推进工作。"), "ORG") == []


def test_suffix_bodies_take_the_whole_locality_chain(rec):
    text = "培育利川市汪营镇巴蜀红茶叶专业合作社等5家合作社。"
    assert found(run(rec, text), "ORG") == ["利川市汪营镇巴蜀红茶叶专业合作社"]
    assert found(run(rec, "带领全嘎查68户牧民成立合作社。"), "ORG") == []  # a verb ends the name
    toks = [["新建", "改建", "幼儿园", "6", "所", "。"]]
    assert found(extract(sents("新建改建幼儿园6所。", tokens=toks), rec), "ORG") == []  # 新建区?


def test_dotted_names(rec):
    text = "主任阿不都热依木·吐尔逊带队，自治区人大代表古丽娜尔·艾力反映，“亮身份·担使命”活动。"
    toks = [["主任", "阿不都热依木·吐尔逊", "带队", "，", "自治区", "人大", "代表", "古丽娜尔·艾力",
             "反映", "，", "“", "亮身份·担使命", "”", "活动", "。"]]
    assert found(extract(sents(text, tokens=toks), rec), "PER") == ["阿不都热依木·吐尔逊", "古丽娜尔·艾力"]
    assert found(run(rec, "主任阿不都热依木·吐尔逊带队。"), "PER") == ["阿不都热依木·吐尔逊"]


def test_names_listed_under_one_title(rec):
    text = "主任索朗次仁主持，副主任王建国、扎西顿珠、刘芳及秘书长普布次仁出席。"
    toks = [["主任", "索朗次仁", "主持", "，", "副主任", "王建国", "、", "扎西顿珠", "、", "刘", "芳及",
             "秘书长", "普布次仁", "出席", "。"]]
    ents = extract(sents(text, tokens=toks), rec)
    assert found(ents, "PER") == ["索朗次仁", "王建国", "扎西顿珠", "刘芳", "普布次仁"]
    assert [e.role for e in ents if e.label == "PER"][1:4] == ["副主任"] * 3


def test_one_token_confirms_a_name(rec):
    text = "常务副县长蓝海燕陪同，县人大常委会主任覃建华表示。"
    toks = [["常务", "副县长", "蓝海燕", "陪同", "，", "县", "人大", "常委会", "主任", "覃建华", "表示", "。"]]
    assert found(extract(sents(text, tokens=toks), rec), "PER") == ["蓝海燕", "覃建华"]
    toks = [["征求", "代表", "满意度", "。"]]  # a word pkuseg keeps whole is still a word
    assert found(extract(sents("征求代表满意度。", tokens=toks), rec), "PER") == []


def test_bylines_of_web_pages(rec):
    assert found(run(rec, "（通讯员：韦丽华 陆军）"), "PER") == ["韦丽华", "陆军"]
    assert found(run(rec, "【责任编辑：覃玉兰】"), "PER") == ["覃玉兰"]
    assert found(run(rec, "（记者 格桑卓玛、李华）"), "PER") == ["格桑卓玛", "李华"]
    assert found(run(rec, "编辑：努尔古丽"), "PER") == ["努尔古丽"]
    assert found(run(rec, "责任编辑：刘浪 联系方式：0731—85309270"), "PER") == ["刘浪"]
    assert found(run(rec, "（连山县人大常委会办公室　黄秋燕　供稿）"), "PER") == ["黄秋燕"]


def test_forms_of_address_and_doctrines(rec):
    assert found(run(rec, "村民吴大爷高兴地说。"), "PER") == []
    assert found(run(rec, "以习近平新时代中国特色社会主义思想为指导。"), "PER") == ["习近平"]


def test_village_and_neighbourhood_committees(rec):
    text = "来到打洛镇曼山村委会，上林社区居委会、黄冲村村民委员会参加市委会议。"
    toks = [["来到", "打洛镇", "曼山", "村委会", "，", "上林", "社区", "居委会", "、", "黄冲村", "村民", "委员会",
             "参加", "市委", "会议", "。"]]
    assert found(extract(sents(text, tokens=toks), rec), "ORG") == [
        "打洛镇曼山村委会", "上林社区居委会", "黄冲村村民委员会", "市委"]
    assert found(run(rec, "召开村委会会议，各村委会参加。")) == []  # no village named: no body
