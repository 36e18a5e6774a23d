"""Proposer people.py: surnames in context, lists, bylines."""
from __future__ import annotations

from pipeline.entities import extract
from tests.entities_helpers import proposed, found, run, sents


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
    # (the tagger reads the second mention too; propagation adds it where nothing else does)


def test_non_names(rec):
    text = "伏林村一郑姓村民的孩子走失，王某反映情况，代表和选民座谈，代表向群众宣传。"
    assert found(run(rec, text), "PER") == []


def test_tokens_decide_name_length(rec):
    text = "副主任向伟雄一行调研。"
    toks = [["副", "主任", "向", "伟雄", "一行", "调研", "。"]]
    assert found(extract(sents(text, tokens=toks), rec), "PER") == ["向伟雄"]


def test_name_set_apart_from_its_title_by_spaces(rec):
    assert found(run(rec, "县人大常委会主任  刘斌"), "PER") == ["刘斌"]
    # a generic role needs the name at once: the rules leave 刘斌 to the tagger (X说)
    assert all(e.source.startswith("tagger:") for e in run(rec, "代表 刘斌说") if e.label == "PER")


def test_tokens_end_a_name_before_a_word(rec):
    text = "泼陂河镇黄冲村村民反映，盘阳河流域治理滞后。"
    toks = [["泼陂河镇", "黄冲村", "村民", "反映", "，", "盘阳河", "流域", "治理", "滞后", "。"]]
    assert found(extract(sents(text, tokens=toks), rec), "LOC") == ["泼陂河镇", "黄冲村", "盘阳河"]


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
    assert proposed(rec, "（通讯员：韦丽华 陆军）", label="PER", source="per:byline") == ["韦丽华", "陆军"]
    assert found(run(rec, "【责任编辑：覃玉兰】"), "PER") == ["覃玉兰"]
    assert found(run(rec, "（记者 格桑卓玛、李华）"), "PER") == ["格桑卓玛", "李华"]
    assert found(run(rec, "编辑：努尔古丽"), "PER") == ["努尔古丽"]
    assert found(run(rec, "责任编辑：刘浪 联系方式：0731—85309270"), "PER") == ["刘浪"]
    assert found(run(rec, "（连山县人大常委会办公室　黄秋燕　供稿）"), "PER") == ["黄秋燕"]


def test_forms_of_address_and_doctrines(rec):
    assert found(run(rec, "村民吴大爷高兴地说。"), "PER") == []
    assert found(run(rec, "以习近平新时代中国特色社会主义思想为指导。"), "PER") == ["习近平"]


def test_bracket_bylines(rec):
    assert found(run(rec, "平江人大网讯(王明远)为改进工作"), "PER") == ["王明远"]
    assert found(run(rec, "会议现场。(章明远/摄)"), "PER") == ["章明远"]
    assert found(run(rec, "条例(草案)审议"), "PER") == []


def test_names_after_a_descriptive_phrase_and_glued_to_a_verb(rec):
    assert "孙立华" in found(run(rec, "山区养殖户孙立华告诉记者，今年收成不错。"), "PER")
    assert found(run(rec, "省总工会主席韩明远率领代表团调研"), "PER") == ["韩明远"]


def test_a_list_of_names_before_a_count(rec):
    names = found(run(rec, "大家选出了郑凯文、齐小梅、方志远三名代表。"), "PER")
    assert names == ["郑凯文", "齐小梅", "方志远"]
