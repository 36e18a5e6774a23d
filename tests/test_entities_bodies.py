"""Proposer bodies.py: the body grammar, departments, committees, media, lexicons."""
from __future__ import annotations

from pipeline.entities import extract
from tests.entities_helpers import proposed, found, run, sents


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


def test_a_town_inside_a_word_starts_no_body(rec):
    text = "部分乡镇人大工作薄弱。"
    toks = [["部分", "乡镇", "人大", "工作", "薄弱", "。"]]
    assert found(extract(sents(text, tokens=toks), rec)) == []


def test_departments_outside_the_stem_list(rec):
    text = "州人大民族宗教侨务外事委员会、州民族宗教事务委员会、县民宗局和县水务局参加，市委全面布局。"
    toks = [["州", "人大", "民族", "宗教", "侨务", "外事", "委员会", "、", "州", "民族", "宗教", "事务",
             "委员会", "、", "县", "民宗局", "和", "县", "水务局", "参加", "，", "市委", "全面", "布局", "。"]]
    orgs = proposed(rec, text, tokens=toks, label="ORG")
    assert {"州人大民族宗教侨务外事委员会", "州民族宗教事务委员会", "县民宗局", "县水务局", "市委"} <= set(orgs)
    assert "市委全面布局" not in orgs and "全面布局" not in orgs


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


def test_village_and_neighbourhood_committees(rec):
    text = "来到打洛镇曼山村委会，上林社区居委会、黄冲村村民委员会参加市委会议。"
    toks = [["来到", "打洛镇", "曼山", "村委会", "，", "上林", "社区", "居委会", "、", "黄冲村", "村民", "委员会",
             "参加", "市委", "会议", "。"]]
    assert found(extract(sents(text, tokens=toks), rec), "ORG") == [
        "打洛镇曼山村委会", "上林社区居委会", "黄冲村村民委员会", "市委"]
    assert found(run(rec, "召开村委会会议，各村委会参加。")) == []  # no village named: no body


def test_media_outlets_by_lexicon_and_by_grammar(rec):
    assert proposed(rec, "据甘肃日报报道", label="ORG", source="lexicon:media") == ["甘肃日报"]  # from the gazetteer
    assert found(run(rec, "东川新闻网5月3日讯 记者报道"), "ORG") == ["东川新闻网"]
    assert "晨光网-新江城客户端" in proposed(rec, "晨光网-新江城客户端发布消息", label="ORG")
    assert found(run(rec, "我们在网上平台收集了建议，工作报告显示"), "ORG") == []


def test_international_organisations(rec):
    assert proposed(rec, "世界卫生组织和东盟的代表", label="ORG")[:2] == ["世界卫生组织", "东盟"]
    assert found(run(rec, "世界卫生组织和东盟的代表"), "ORG")[:1] == ["世界卫生组织"]


def test_mass_organisations_and_the_party_prefix(rec):
    assert found(run(rec, "县总工会、市妇联和团委共同举办"), "ORG")[:2] == ["县总工会", "市妇联"]
    assert found(run(rec, "在中共平江县委的领导下"), "ORG") == ["中共平江县委"]


def test_a_body_and_the_body_of_a_place_below_it(rec):
    ents = run(rec, "枫桥湖街道办王家坡社区居委会组织议事")
    assert found(ents, "ORG") == ["枫桥湖街道办王家坡社区居委会"]


def test_a_lane_committee_starts_with_the_lane(rec):
    ents = run(rec, "岳阳楼区枫桥湖街道柳树巷居委会组织议事",
               tokens=[["岳阳楼区", "枫桥湖", "街道", "柳树巷", "居委会", "组织", "议事"]])
    assert found(ents, "ORG") == ["柳树巷居委会"] and found(ents, "LOC") == ["岳阳楼区", "枫桥湖街道"]


def test_sub_bodies_after_a_department_and_teams(rec):
    assert "平江县财政局党组" in found(run(rec, "平江县财政局党组书记"), "ORG")
    # the grammar proposes the team; the fitted decision (L2 = 10) scores this bare
    # sentence 0.38, below ORG's 0.5: the proposal is what this test holds
    assert proposed(rec, "有三人进入国家游泳队", label="ORG") == ["国家游泳队"]
    assert found(run(rec, "平江县中小学校门安装护栏"), "ORG") == []


def test_a_bracket_that_closes_a_byline_is_no_class(rec):
    assert found(run(rec, "(王明远/摄)自治区人大常委会副主任主持会议"), "ORG") == ["自治区人大常委会"]
    assert found(run(rec, "乡镇(街道)人大主席团"), "ORG") == []


def test_body_name_wrapped_across_a_short_line_is_one_body():
    # a narrow PDF column breaks the name inside 常委会 / 政府: one ORG each, not two
    from pipeline import process_text

    result = process_text("工作简讯\n\n包头市人大常\n委会\n\n乌海市人民政\n府\n", doc_id="t")
    orgs = [e.text for e in result.entities if e.label == "ORG"]
    assert orgs == ["包头市人大常委会", "乌海市人民政府"]
    e = result.entities[0]
    assert result.document.text[e.start:e.end] == e.text  # traceable after the join
