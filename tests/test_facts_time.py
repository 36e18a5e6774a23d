"""Facts timeline: the page's own date and the year of each figure (invented texts)."""
from __future__ import annotations

import pytest

from pipeline.dates import DateGrammar
from pipeline.facts.cues import Cues
from pipeline.facts.pagedate import PageDater
from pipeline.facts.structure import DocStructure
from pipeline.ingest import ingest_text

CUES = Cues.load()
PAGE_DATER = PageDater(CUES, DateGrammar.from_rules())


def page_date(st, header, title):
    return PAGE_DATER.page_date(st, header, title)


def _year(facts: dict, tail: str):
    fact = next(f for t, f in facts.items() if t.endswith(tail))
    return (fact.time or {}).get("year"), fact.time_source


def _page_date(text: str):
    doc = ingest_text(text, "p", "<p>")
    doc.metadata.pop("date", None)  # the facts stage's own fallback
    st = DocStructure(doc, CUES)
    return page_date(st, [], None)


@pytest.mark.parametrize("line, expected", [
    ("发布时间:2022-07-30", (2022, 7, 30)),
    ("发布日期:2022-02-16  08:56 访问次数:", (2022, 2, 16)),
    ("2021年11月03日09:15 来源:某县人大网", (2021, 11, 3)),
    ("日期:2023年01月18日   作者:", (2023, 1, 18)),
    ("某某日报·2026-02-14 06:43", (2026, 2, 14)),
    ("發(fā)布時間:2024-01-05 15:33:00來源:某報", (2024, 1, 5)),
    ("2022 年 3 月 8 日", (2022, 3, 8)),
])
def test_page_date_forms(line, expected):
    found = _page_date(f"某县人大常委会召开会议\n{line}\n会议审议议题3项。\n")
    assert found is not None and (found.year, found.month, found.day) == expected


def test_a_date_opening_a_narrative_line_is_not_the_pages_date():
    assert _page_date("2019年7月7日县人大开展执法检查。\n全县共检查企业20家。\n") is None


def test_the_pages_headline_in_its_own_related_list_gives_the_date():
    text = "某县代表提交建议30件\n某县代表共提交建议30件。\n相关新闻\n某县代表提交建议30件\n[2025-03-11]\n"
    doc = ingest_text(text, "p", "<p>")
    assert doc.metadata.get("date") in (None, "2025-03-11")  # ingest may read it itself now
    doc.metadata.pop("date", None)  # the facts stage's own fallback
    st = DocStructure(doc, CUES)
    found = page_date(st, [], "某县代表提交建议30件")
    # ingest reads this date into metadata.date (pipeline/pagemeta.py); the stage's own
    # reading of the listing is the fallback for documents ingested before
    assert (found.year, found.source) in ((2025, "listing"), (2025, "metadata"))


PAGE = "某县人大常委会工作动态\n发布时间:{date}\n\n{body}\n"


def test_relative_years_resolve_against_the_pages_date(facts_of):
    facts = facts_of(PAGE.format(date="2022-07-30", body="今年共收集建议30条。去年共收集建议25条。前年召开会议4次。"))
    assert _year(facts, "30条") == (2022, "clause")
    assert _year(facts, "25条") == (2021, "clause")
    assert _year(facts, "4次")[0] == 2020


def test_a_whole_year_counted_early_in_the_year_is_the_year_just_ended(facts_of):
    early = facts_of(PAGE.format(date="2023-02-10", body="全年共召开常委会会议8次。"))
    late = facts_of(PAGE.format(date="2023-09-10", body="全年共召开常委会会议8次。"))
    assert _year(early, "8次")[0] == 2022
    assert _year(late, "8次")[0] == 2023


def test_spans_take_their_end_year(facts_of):
    facts = facts_of(PAGE.format(date="2023-06-01", body=(
        "2019年起连续三年,县人大常委会推动解决问题120个。2015年至2018年,全县累计投入资金300万元。"
        "从2018年开始,全县共建成代表之家19个。截至2022年10月,共征集项目82个。")))
    assert _year(facts, "120个")[0] == 2021
    assert _year(facts, "300万元")[0] == 2018
    assert _year(facts, "19个")[0] == 2023  # an open span ends at the page's date
    assert _year(facts, "82个")[0] == 2022


def test_a_year_opening_a_later_clause_does_not_reach_back(facts_of):
    facts = facts_of("某县人大常委会工作动态\n\n全县累计投入资金500万元,2021年全县新建站点12个。\n")
    assert _year(facts, "500万元")[0] is None
    assert _year(facts, "12个")[0] == 2021


def test_a_year_inside_a_later_clause_dates_the_whole_sentence(facts_of):
    facts = facts_of("某县人大常委会工作动态\n\n1月20日,全县120名代表现场投票,票决确定2023年民生实事10项。\n")
    assert _year(facts, "120名") == (2023, "sentence")


def test_an_earlier_date_of_the_paragraph_carries_over(facts_of):
    facts = facts_of("某县人大常委会工作动态\n\n2021年,县人大常委会组织代表视察。代表们共提出意见建议40条。\n")
    assert _year(facts, "40条") == (2021, "paragraph")


def test_a_date_does_not_carry_to_the_next_paragraph_or_item(facts_of):
    facts = facts_of("某县人大常委会工作动态\n\n早在2012年,县人大常委会开始设立联络室。\n\n代表们共提出意见建议40条。\n")
    assert _year(facts, "40条")[0] is None
    facts = facts_of("永定区人大常委会工作动态\n\n2017年7月,坎市镇代表帮助群众销售西瓜36万斤。"
                "湖雷镇代表共走访群众50户。\n")
    assert _year(facts, "50户")[0] is None  # another town's item: the anecdote's date stays


def test_a_photo_captions_date_does_not_carry(facts_of):
    facts = facts_of("2019年7月7日县人大开展执法检查。 张某摄\n全县共有代表800多名。\n")
    assert _year(facts, "800多名")[0] is None


def test_the_lead_that_frames_a_section(facts_of):
    facts = facts_of("某县人大常委会工作报告\n\n一、过去一年的主要工作\n\n2022年是本届人大开局之年。\n\n"
                "常委会共召开会议8次,审议议题30项。\n")
    assert _year(facts, "8次") == (2022, "section")


def test_a_work_reports_title_year_frames_it(facts_of):
    facts = facts_of("2021年某县人民代表大会常务委员会工作报告\n\n各位代表:\n\n五年来,常委会共召开会议36次。\n")
    assert _year(facts, "36次") == (2021, "sentence")  # 五年来 counted back from the title's year


def test_an_undated_page_leaves_the_year_null(facts_of):
    facts = facts_of("某县人大常委会工作报告\n\n过去一年,常委会共召开会议12次。\n")
    assert _year(facts, "12次")[0] is None


def test_metadata_date_comes_first_in_either_form():
    for meta in ("2020-05-06", "2020年5月6日"):
        doc = ingest_text("某县人大常委会召开会议\n发布时间:2022-07-30\n", "m", "<m>")
        doc.metadata["date"] = meta
        found = page_date(DocStructure(doc, CUES), [], None)
        assert (found.year, found.month, found.day, found.source) == (2020, 5, 6, "metadata")


def test_a_date_carries_to_a_sentence_about_the_same_place(facts_of):
    facts = facts_of("某县人大常委会工作动态\n\n2021年,湖雷镇召开人代会。湖雷镇代表共提出建议40条。\n")
    assert _year(facts, "40条") == (2021, "paragraph")


def test_a_relative_year_says_which_whole_year(facts_of):
    facts = facts_of(PAGE.format(date="2023-02-10", body="今年全年计划召开常委会会议8次。去年全年召开会议7次。"))
    assert _year(facts, "8次")[0] == 2023
    assert _year(facts, "7次")[0] == 2022


REPORT = ("青石县人民代表大会常务委员会工作报告\n"
          "——2024年1月9日在青石县第十七届人民代表大会第四次会议上\n"
          "县人大常委会主任 李某\n各位代表:\n现在,我代表县人大常委会向大会报告工作,请予审议。\n"
          "2023年,县人大常委会在县委的坚强领导下,依法履行各项职权,各项工作取得新成效。\n"
          "一、聚焦中心大局,依法行使监督权\n全年共召开常委会会议8次,审议议题30项。\n"
          "常委会组织开展执法检查5次。\n"
          "二、践行全过程人民民主,代表工作扎实推进\n常委会共听取专项工作报告12个,办理代表建议96件。\n")


def test_a_reports_subtitle_gives_its_date():
    doc = ingest_text(REPORT, "r", "<r>")
    doc.metadata.pop("date", None)
    found = page_date(DocStructure(doc, CUES), [], None)
    assert (found.year, found.month, found.day, found.source) == (2024, 1, 9, "subtitle")


def test_the_reports_framing_lead_dates_every_section(facts_of):
    facts = facts_of(REPORT)
    assert _year(facts, "8次")[0] == 2023  # 全年 in a report delivered in January
    assert _year(facts, "5次") == (2023, "section")
    assert _year(facts, "12个") == (2023, "section")  # a later section: the report's lead
    assert _year(facts, "96件")[0] == 2023


def test_a_framing_lead_needs_a_year_opening_its_paragraph(facts_of):
    facts = facts_of(REPORT.replace("2023年,县人大常委会在县委", "县人大常委会在县委").replace(
        "——2024年1月9日", "——2024年4月9日"))
    assert _year(facts, "12个") == (2024, "bulletin")


@pytest.mark.parametrize("layout", ["\n", " "])
def test_a_whole_year_after_last_years_statement_is_last_year(facts_of, layout):
    text = (f"青石县生态环境持续向好{layout}2024-04-25 16:20 来源:青石网{layout}"
            "记者从县生态环境局获悉,去年全县PM2.5平均浓度为42微克/立方米,同比下降8.7%;"
            "全年共查处违法案件37起,罚款金额达412.6万元。\n")
    facts = facts_of(text)
    for tail in ("42微克/立方米", "8.7%", "37起", "412.6万元"):
        assert _year(facts, tail)[0] == 2023, tail


@pytest.mark.parametrize("date, year", [("2024-06-12", 2024), ("2024-02-12", 2023)])
def test_a_span_since_last_year_ends_at_the_pages_date(facts_of, date, year):
    facts = facts_of(PAGE.format(date=date, body="去年以来,县人大常委会持续推进代表联络站建设,累计投入资金近300万元。"))
    assert _year(facts, "300万元")[0] == year


def test_a_comparison_base_is_not_the_figures_year(facts_of):
    facts = facts_of(PAGE.format(date="2023-10-20", body=(
        "今年1至9月,全县外出务工4.12万人,较去年同期增加1870人。"
        "全县共建成代表之家19个,比上年增加3个。")))
    assert _year(facts, "4.12万人")[0] == 2023
    assert _year(facts, "1870人")[0] == 2023
    assert _year(facts, "3个")[0] == 2023


def test_an_anecdote_after_a_dated_opening_does_not_frame_the_sections(facts_of):
    facts = facts_of("某区民生实事项目确定\n\n1月21日,区人大代表现场投票,票决确定2025年民生实事10项。\n"
                "2024年10月,区政府启动候选项目征集工作,共收集项目136件。\n"
                "一、校门安全项目\n为全区学校安装防撞柱,共27所。\n")
    assert _year(facts, "27所")[0] is None


def test_last_years_same_period_as_the_subject_is_last_year(facts_of):
    facts = facts_of(PAGE.format(date="2023-10-20", body="去年同期全县外出务工3.9万人。"))
    assert _year(facts, "3.9万人")[0] == 2022


def test_a_change_dates_its_to_value_by_the_current_time(facts_of):
    facts = facts_of(PAGE.format(date="2024-06-10", body="全乡选民参选率由去年的88%提高到93%。"))
    assert _year(facts, "88%")[0] == 2023  # the 'from' value: last year
    assert _year(facts, "93%")[0] == 2024  # the 'to' value: now, not 去年


@pytest.mark.parametrize("phrase", ["比去年增加", "较上年增长", "比2018年提高", "比 2019 年多", "是去年的"])
def test_a_comparison_base_never_dates_the_figure(facts_of, phrase):
    facts = facts_of(PAGE.format(date="2024-06-10", body=f"今年,全乡新增就业岗位300个,{phrase}45个。"))
    assert _year(facts, "45个")[0] == 2024


def test_the_nearest_time_of_the_sentence_wins_over_an_earlier_one(facts_of):
    facts = facts_of(PAGE.format(date="2024-03-20", body=(
        "去年,全乡修缮危房30户;今年以来,改造户厕46户、修建便民桥2座。")))
    assert _year(facts, "30户")[0] == 2023
    assert _year(facts, "46户")[0] == 2024
    assert _year(facts, "2座")[0] == 2024


SHORT_REPORT = ("石门区人大常委会工作报告\n\n各位代表:\n{lead},区人大常委会在区委领导下依法履职。\n"
                "一、监督工作\n听取审议专项报告9个,开展执法检查3次。\n二、代表工作\n一年来,组织代表视察11次。\n")


def test_a_short_framing_lead_dates_an_undated_reports_sections(facts_of):
    facts = facts_of(SHORT_REPORT.format(lead="2023年"))
    assert _year(facts, "9个") == (2023, "section")
    assert _year(facts, "3次")[0] == 2023
    assert _year(facts, "11次")[0] == 2023


def test_a_lead_opening_with_the_past_year_frames_a_dated_report(facts_of):
    text = SHORT_REPORT.format(lead="过去一年").replace("各位代表:", "发布时间:2024-01-16\n各位代表:")
    facts = facts_of(text)
    assert _year(facts, "9个")[0] == 2023  # the year the report looks back on, not the page's


def test_a_framing_year_after_the_salutation_on_one_line(facts_of):
    facts = facts_of(SHORT_REPORT.format(lead="2023年").replace("各位代表:\n2023年", "各位代表:2023年"))
    assert _year(facts, "9个")[0] == 2023


def test_a_span_running_to_now_stops_an_earlier_year_of_the_paragraph(facts_of):
    facts = facts_of(PAGE.format(date="2024-06-20", body=(
        "去年,全乡修缮危房30户。今年以来,全乡加大投入;改造户厕46户。")))
    assert _year(facts, "30户")[0] == 2023
    assert _year(facts, "46户") == (2024, "paragraph")


def test_a_plans_next_year_dates_only_the_figures_after_it(facts_of):
    facts = facts_of("发布时间:2024-05-10\n尤溪县人大常委会开展视察\n\n"
                     "县里安排资金2800万元用于道路建设，计划明年新建站点5个。\n")
    assert _year(facts, "2800万元")[0] == 2024
    assert _year(facts, "5个")[0] == 2025


def test_a_changes_to_value_takes_the_current_year_in_a_one_line_file(facts_of):
    facts = facts_of("尤溪县人大常委会开展茶产业视察 发布时间:2024-05-10 来源:尤溪县人大 5月8日，县人大常委会"
                     "组织代表视察茶产业发展情况。全县茶园面积由去年的2.1万亩增加到3.5万亩，茶农收入明显提高。\n")
    assert _year(facts, "2.1万亩")[0] == 2023
    assert _year(facts, "3.5万亩")[0] == 2024


def test_now_words_stop_an_earlier_last_year_from_carrying(facts_of):
    facts = facts_of("发布时间:2024-05-10\n尤溪县人大常委会开展视察\n\n去年，全县有企业20家。现在，全县有企业28家。\n")
    assert _year(facts, "20家")[0] == 2023
    assert _year(facts, "28家")[0] == 2024


def test_since_a_year_something_began_runs_to_the_pages_year(facts_of):
    facts = facts_of("发布时间:2024-05-10\n尤溪县人大常委会开展视察\n\n代表联络站2022年建成以来，累计接待群众300人次。\n")
    assert _year(facts, "300人次")[0] == 2024


def test_since_last_year_on_an_undated_page_takes_no_anecdotes_year(facts_of):
    facts = facts_of("尤溪县人大常委会开展视察\n\n2019年，代表张某走访群众20户。\n\n去年以来，全县新建站点8个。\n")
    assert _year(facts, "20户")[0] == 2019
    assert _year(facts, "8个")[0] is None


def test_a_bracketed_subtitle_dates_the_report_and_its_lead_frames_the_sections(facts_of):
    facts = facts_of("西城镇人大主席团工作报告\n（2024年1月10日在西城镇第十八届人民代表大会第四次会议上）\n"
                     "镇人大主席团主席 王某\n各位代表：\n现在，我代表镇人大主席团向大会报告工作。\n"
                     "2023年，镇人大主席团在镇党委领导下，认真履职。\n一、加强监督\n组织代表视察12次。\n"
                     "二、代表工作\n全年办理代表建议30件。\n")
    assert _year(facts, "12次") == (2023, "section")
    assert _year(facts, "30件")[0] == 2023


def test_a_reports_lead_dates_sections_run_in_as_yi_shi_er_shi(facts_of):
    facts = facts_of("西城镇人大主席团工作报告\n——2024年1月10日在西城镇第十八届人民代表大会第四次会议上\n"
                     "各位代表：\n2023年，镇人大主席团在镇党委领导下，认真履职，各项工作取得新成效。\n"
                     "一是加强监督。组织代表视察12次，开展专题调研3次。\n"
                     "二是服务代表。本届人大二次会议以来，代表提出建议30件，已全部办结。\n")
    assert _year(facts, "12次")[0] == 2023
    assert _year(facts, "30件")[0] == 2023


def test_a_from_values_year_dates_nothing_after_the_change(facts_of):
    facts = facts_of("发布时间:2024-05-10\n尤溪县人大常委会开展视察\n\n今年全县完成户厕改造215户，改造率由去年的61%提高到83%，"
                     "新增道路12.6公里。代表们提出意见建议9条。\n")
    assert _year(facts, "61%")[0] == 2023
    assert _year(facts, "12.6公里")[0] == 2024
    assert _year(facts, "9条")[0] == 2024
