"""A bulletin's own name (metadata title, publisher, date), by classes of page layout.

Every page here is invented for its class; none is a real page.
"""
from __future__ import annotations

import pytest

from pipeline.ingest import Ingester


@pytest.fixture(scope="module")
def ingester():
    return Ingester()


def names(ingester, text: str) -> tuple:
    meta = ingester.text(text, "t").metadata
    return meta.get("title"), meta.get("publisher"), meta.get("date")


# -- web pages: the headline is the last title-shaped line before the details line --

def test_web_page_headline_under_a_column_name_and_a_widget(ingester):
    page = ("某某在线\n图片\n基层动态\n青石镇人大票决2024年度民生实事项目\n"
            "来源:某县人大网 时间:2024-01-11 访问量:\n"
            "在青石镇第五届人民代表大会第三次会议上,86名人大代表票决产生了8项民生实事项目。\n")
    assert names(ingester, page) == ("青石镇人大票决2024年度民生实事项目", "某县人大网", "2024-01-11")


def test_a_details_line_whose_source_runs_into_editor_date_and_widgets(ingester):
    page = ("当前位置:\n\n南河镇召开第十届人民代表大会第二次会议\n\n来源:南河镇 编辑:王小文 2021-12-17 16:00:17\n"
            "—分享—\n12月17日上午,南河镇召开会议,票决5个民生实事项目。\n")
    assert names(ingester, page) == ("南河镇召开第十届人民代表大会第二次会议", "南河镇", "2021-12-17")
    page = ("西河县代表工作站实现全覆盖\n\n2017年08月04日 18:14 来源:某某新闻网 参与互动\n"
            "某某网西河8月4日电 西河县建成代表工作站20个。\n")
    assert names(ingester, page) == ("西河县代表工作站实现全覆盖", "某某新闻网", "2017-08-04")


def test_a_source_that_names_the_site_itself_is_no_publisher(ingester):
    page = ("北山镇人大主席团开展集中视察\n来源:本站 | 作者:李明 | 发布时间:2022-07-01 | 点击:[ 4130 ]\n"
            "7月1日,北山镇人大主席团组织20名代表开展视察。\n")
    title, publisher, date = names(ingester, page)
    assert (title, publisher, date) == ("北山镇人大主席团开展集中视察", None, "2022-07-01")


def test_an_open_bracket_details_line_with_an_unknown_counter(ingester):
    page = ("您现在的位置:首页 >> 新闻动态>>乡镇人大\n东岭镇:民主之花绚丽绽放\n"
            "【浏览人次:  发布日期:2024-11-13  字体:\n\n东岭镇人大组织代表视察花海项目3个。\n")
    assert names(ingester, page) == ("东岭镇:民主之花绚丽绽放", None, "2024-11-13")


def test_a_headline_with_the_outlet_run_into_it_loses_the_outlet(ingester):
    page = ("某某网 > 即时新闻 > 地方\n\n某某日报 | 滨河市人大:让代表联络站成为群众“幸福驿站”\n\n"
            "发布时间:2024-01-05 15:33:00来源: 某某日报\n\n滨河市建成代表联络站92个。\n")
    assert names(ingester, page) == ("滨河市人大:让代表联络站成为群众“幸福驿站”", "某某日报", "2024-01-05")


def test_a_slogan_and_a_column_above_a_headline_with_a_bracketed_list(ingester):
    page = ("诚信为本,市场在变,诚信永远不变...\n\n行业资讯\n\n"
            "回顾2025丨某市各县(市、区)人大常委会2025年工作亮点\n\n"
            "  东区人大常委会推动行业代表联络站升级,目前已建成12个站点。\n")
    assert names(ingester, page)[0] == "回顾2025丨某市各县(市、区)人大常委会2025年工作亮点"


# -- news datelines, reprints, copyright notices: the publisher ---------------

@pytest.mark.parametrize("dateline,outlet", [
    ("某某网3月12日讯 据某某新闻网报道(记者 王小明)", "某某网"),
    ("某某网-新某某客户端10月24日15时30分讯(记者 赵小东)", "某某网-新某某客户端"),
    ("某某社西河3月10日电(记者黄小治)", "某某社"),
    ("某某日报/北某网讯 11月16日,", "某某日报/北某网"),
    ("某某网东河消息 为创新接待形式,", "某某网"),
])
def test_a_news_dateline_names_the_outlet(ingester, dateline, outlet):
    page = f"西河县代表之家全面启用\n{dateline}西河县建成代表之家30个,覆盖全部选区。\n"
    assert names(ingester, page)[1] == outlet


def test_a_photo_caption_before_the_dateline(ingester):
    page = ("西河县推进代表家站建设\n\n时间:2019-10-24\n\n推进会现场。某某网-新某某客户端发\n\n"
            "某某网-新某某客户端10月24日讯 西河县新增代表家站39个。\n")
    assert names(ingester, page) == ("西河县推进代表家站建设", "某某网-新某某客户端", "2019-10-24")


def test_the_sites_own_dateline_names_no_one_but_a_closing_source_does(ingester):
    page = ("您现在所在的位置:首页>县区人大>正文\n\n东山乡首次实行民生实事票决制\n\n发布时间:2020-06-16 12:18\n\n"
            "本网讯 6月12日,东山乡人大代表票决产生5项民生实事。\n\n赵小宇\n\n来源:某市人大常委会办公室\n")
    assert names(ingester, page) == ("东山乡首次实行民生实事票决制", "某市人大常委会办公室", "2020-06-16")


def test_an_e_paper_page_is_published_by_its_copyright_owner(ingester):
    page = ("第C5版:城事 上一版3  4下一版\n \n标题导航\n  内容检索:\n \n"
            "  2021年6月2日 星期 放大 缩小 默认 3 上一篇  下一篇 4 >>返回首页\n"
            "东安镇人大代表票决今年10项民生实事\n\n"
            "  日前,东安镇120名人大代表对12项民生实事进行了票决。\n\n"
            "  王小宇 顾小欣\n\n某某晚报版权所有 版权声明  | 联系方式 | 网管信箱\n")
    assert names(ingester, page) == ("东安镇人大代表票决今年10项民生实事", "某某晚报", "2021-06-02")


def test_a_reprint_notice_names_the_outlet(ingester):
    page = "记者从西河市人大获悉,五年来代表共提出建议533件。\n记者:刘小源\n*某某独家稿件,转载请注明出处。\n"
    assert names(ingester, page) == (None, "某某", None)


# -- reports, chronicles, captions: what is never a title ---------------------

def test_a_work_report_is_named_by_its_title_and_dated_by_its_subtitle(ingester):
    page = ("西河县人民代表大会常务委员会工作报告(摘要)\n——2024年1月9日在西河县第十七届人民代表大会第四次会议上\n"
            "县人大常委会主任　乌云其木格\n\n各位代表:\n2023年,县人大常委会召开常委会会议8次。\n")
    doc = ingester.text(page, "t")
    meta = doc.metadata
    assert (meta["title"], meta.get("publisher"), meta["date"]) == (
        "西河县人民代表大会常务委员会工作报告(摘要)", None, "2024-01-09")
    assert meta["author"] == "乌云其木格"
    # the subtitle's date is furniture: a later stage does not read it again as the text's
    [f] = [f for f in doc.furniture if f["field"] == "date"]
    assert doc.text[f["start"]:f["end"]] == "2024年1月9日" and f["zone"] == "header"


def test_a_byline_is_never_the_title(ingester):
    page = "某省人民代表大会常务委员会副主任 李小三\n各位代表:\n受省人大常委会委托,我向大会报告工作。\n"
    meta = ingester.text(page, "t").metadata
    assert "title" not in meta and meta["author"] == "李小三"


def test_a_photo_caption_is_no_title_and_its_date_is_not_the_pages(ingester):
    page = "2005年7月7日市人大开展食品卫生执法检查。 殷小荣摄\n西河市共有800多名市人大代表。\n"
    assert names(ingester, page) == (None, None, None)


def test_a_chronicle_page_is_named_by_its_section(ingester):
    page = ("第七节 人大代表视察与调查\n\nOriginal URL: http://lib.example.cn/bin/mse.exe?rec=590\n\n"
            "1980年人大常委会建立后,经常性组织代表进行视察。\n")
    doc = ingester.text(page, "t")
    assert names(ingester, page) == ("第七节 人大代表视察与调查", None, None)
    assert any(f["field"] == "url" for f in doc.furniture)


def test_a_page_listed_among_its_own_related_headlines_takes_the_date_there(ingester):
    page = ("西河代表团提交议案5件\n3月10日,西河代表团新闻发布会举行,介绍提交议案5件。\n相关新闻\n-\n"
            "东河签订执法协作框架协议\n[2026-03-11] -\n西河代表团提交议案5件\n[2026-03-11] -\n")
    assert names(ingester, page) == ("西河代表团提交议案5件", None, "2026-03-11")


# -- newsletters and PDFs ----------------------------------------------------

def test_a_newsletter_masthead_with_several_parts_on_a_line(ingester):
    page = ("人大联络动态\n2024年第7期（总第86期）\n某市人大常委会选举任免联络工作委员会编　　2024年5月20日\n\n"
            "东杭县:代表联络站成为群众“连心桥”\n今年以来,东杭县建成代表联络站27个。\n（东杭县人大常委会 供稿）\n")
    meta = ingester.text(page, "t").metadata
    assert (meta["title"], meta["publisher"], meta["date"]) == (
        "人大联络动态", "某市人大常委会选举任免联络工作委员会", "2024-05-20")
    assert (meta["issue"], meta["issue_number"], meta["issue_year"], meta["overall_issue"]) == (
        "2024年第7期", 7, 2024, 86)


def test_a_pdf_newsletter_with_a_running_header_and_a_masthead(ingester):
    page = ("西桃县人大常委会办公室编  2023年第5期  第1页\n\n西桃人大\n2023年第5期（2023年5月12日）\n\n"
            "县人大常委会开展自治条例执法检查\n5月上旬,县人大常委会组织代表12人开展检查。\n")
    meta = ingester.text(page, "t").metadata
    assert (meta["title"], meta["publisher"], meta["date"]) == ("西桃人大", "西桃县人大常委会办公室", "2023-05-12")


# -- the page's date in every common form ------------------------------------

@pytest.mark.parametrize("line,iso", [
    ("2021年11月03日 09:15", "2021-11-03"),
    ("2022-07-30", "2022-07-30"),
    ("2024/5/16", "2024-05-16"),
    ("2024 05/16 09:30:12", "2024-05-16"),
    ("发布时间:2024-05-16", "2024-05-16"),
    ("发布日期：2024年5月16日", "2024-05-16"),
    ("日期:2023年01月18日   作者:   来源:    点击:[]", "2023-01-18"),
    ("某某日报·2026-02-14 06:43", "2026-02-14"),
    ("某某网 2021-11-29 浏览量:2107", "2021-11-29"),
    ("發佈時間：２０２４年５月１６日", "2024-05-16"),
    ("發(fā)佈(bù)時間:2024-05-16 來源:某縣人大", "2024-05-16"),
    ("2024年5月(yuè)16日", "2024-05-16"),
    ("二〇二二年五月三十日", "2022-05-30"),
])
def test_the_page_date_in_every_common_form(ingester, line, iso):
    page = f"西河县人大常委会召开代表座谈会\n{line}\n西河县人大常委会组织代表座谈,收集建议12条。\n"
    meta = ingester.text(page, "t").metadata
    assert meta.get("date") == iso
    assert meta["title"] == "西河县人大常委会召开代表座谈会"


def test_a_page_without_a_date_has_none(ingester):
    page = "西河县人大常委会召开代表座谈会\n5月29日下午,西河县人大常委会召开座谈会,2023年以来收集建议12条。\n"
    assert "date" not in ingester.text(page, "t").metadata
