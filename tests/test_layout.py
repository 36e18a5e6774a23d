"""Layout: web-page furniture (breadcrumbs, 发布时间/来源, site footers) and list splitting."""
from __future__ import annotations

from pipeline.layout import LayoutParser, split_list

PAGE = """首页 | 人大新闻
当前位置:首页 >> 人大新闻 >> 工作动态
遵义市汇川区人大常委会开展民生实事票决制工作调研
发布时间:2024-05-21 09:30 来源:汇川区人大常委会办公室 浏览次数:325
5月16日,汇川区人大常委会开展专题调研,查看民生实事项目8个。
(汇川区人大常委会办公室 供稿)
版权所有:遵义市汇川区人大常委会 黔ICP备12345678号
"""


def test_web_page_details_become_metadata_and_the_title_is_found():
    layout = LayoutParser().parse(PAGE)
    assert layout.metadata["breadcrumb"] == "首页 | 人大新闻"
    assert layout.metadata["date"] == "2024-05-21"
    assert layout.metadata["publisher"] == "汇川区人大常委会办公室"
    assert layout.metadata["site_footer"].startswith("版权所有")
    [art] = layout.articles
    assert art.title == "遵义市汇川区人大常委会开展民生实事票决制工作调研"
    assert art.contributor == "汇川区人大常委会办公室"
    fields = {f["field"] for f in layout.furniture}
    assert {"breadcrumb", "date", "publisher", "page_浏览次数", "site_footer"} <= fields


def test_a_prose_line_with_a_colon_is_not_page_detail():
    layout = LayoutParser().parse("标题一行\n时间:2天以上,地点:各乡镇代表联络站,要求全体代表参加。\n")
    assert "date" not in layout.metadata


def test_lists_split_outside_brackets_only():
    assert split_list("全国人大常委会办公厅联络局、研究室,各省(区、市)人大常委会") == [
        "全国人大常委会办公厅联络局", "研究室", "各省(区、市)人大常委会"]
