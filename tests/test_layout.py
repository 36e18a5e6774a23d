"""Layout: web-page furniture (breadcrumbs, 发布时间/来源, site footers) and list splitting."""
from __future__ import annotations

from pipeline.ingest import ingest_bytes
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
    assert layout.metadata["breadcrumb"] == "首页 >> 人大新闻 >> 工作动态"
    assert layout.metadata["date"] == "2024-05-21"
    assert layout.metadata["publisher"] == "汇川区人大常委会办公室"
    assert layout.metadata["copyright"].startswith("版权所有")
    assert layout.metadata["title"] == "遵义市汇川区人大常委会开展民生实事票决制工作调研"
    [art] = layout.articles
    assert art.title == "遵义市汇川区人大常委会开展民生实事票决制工作调研"
    assert art.contributor == "汇川区人大常委会办公室"
    fields = {f["field"] for f in layout.furniture}
    assert {"breadcrumb", "date", "publisher", "copyright"} <= fields
    assert all(f["kind"] in ("meta", "aside") for f in layout.furniture)


def test_a_prose_line_with_a_colon_is_not_page_detail():
    layout = LayoutParser().parse("标题一行\n时间:2天以上,地点:各乡镇代表联络站,要求全体代表参加。\n")
    assert "date" not in layout.metadata


def test_lists_split_outside_brackets_only():
    assert split_list("全国人大常委会办公厅联络局、研究室,各省(区、市)人大常委会") == [
        "全国人大常委会办公厅联络局", "研究室", "各省(区、市)人大常委会"]


# A page made up for the purpose: site name, menu bar, breadcrumb, headline,
# details line, article, counter with widgets, previous/next links, a
# related-news block and the site's footer.
FULL_PAGE = """某某区人大网
首页 | 人大要闻 | 代表工作 | 监督工作 | 国际 | 视频
您的位置:首页 > 代表工作 > 代表风采
青石镇人大组织代表视察民生项目
发布时间:2023年09月12日 10:20 来源:青石镇人大主席团 作者:王小明 责任编辑:李芳
9月8日,青石镇人大组织12名代表视察民生实事项目,共提出建议15条。
浏览量 88次 【打印】【关闭】
扫一扫在手机打开当前页
上一篇:北川镇召开人代会
下一篇:南河县开展执法检查
相关新闻
南河县人大视察道路建设6个项目
[2023-09-10]
外国某市代表团来访
[2023-09-09]
微信图片_20230912101530.jpg
版权所有:某某区人大常委会 某ICP备12345678号
"""


def _kinds(text):
    layout = LayoutParser().parse(text)
    out = {}
    for f in layout.furniture:
        start = text.rfind("\n", 0, f["start"]) + 1
        end = text.find("\n", f["end"])
        out.setdefault(text[start:end], (f["kind"], f["field"]))
    return layout, out


def test_page_furniture_lines_are_recognised_by_their_shape():
    layout, kinds = _kinds(FULL_PAGE)
    assert kinds["某某区人大网"] == ("meta", "site")
    assert kinds["首页 | 人大要闻 | 代表工作 | 监督工作 | 国际 | 视频"] == ("aside", "menu")
    assert kinds["您的位置:首页 > 代表工作 > 代表风采"][0] == "meta"
    assert kinds["浏览量 88次 【打印】【关闭】"][0] == "aside"
    assert kinds["扫一扫在手机打开当前页"][0] == "aside"
    assert kinds["上一篇:北川镇召开人代会"] == ("aside", "prev_next")
    for line in ("相关新闻", "南河县人大视察道路建设6个项目", "[2023-09-10]", "外国某市代表团来访"):
        assert kinds[line] == ("aside", "related")
    assert kinds["微信图片_20230912101530.jpg"] == ("aside", "image_file")
    assert kinds["版权所有:某某区人大常委会 某ICP备12345678号"] == ("meta", "copyright")
    # the article itself is not furniture
    assert not any(line.startswith("9月8日") or line.startswith("青石镇人大组织") for line in kinds)


def test_page_metadata_is_read_and_the_headline_is_the_title():
    layout = LayoutParser().parse(FULL_PAGE)
    meta = layout.metadata
    assert meta["date"] == "2023-09-12"
    assert meta["source"] == meta["publisher"] == "青石镇人大主席团"
    assert meta["author"] == "王小明" and meta["editors"] == ["李芳"]
    assert meta["site"] == "某某区人大网"
    assert meta["breadcrumb"] == "首页 > 代表工作 > 代表风采"
    assert meta["title"] == "青石镇人大组织代表视察民生项目"
    [art] = layout.articles
    assert art.title == "青石镇人大组织代表视察民生项目"


def test_a_counter_line_with_print_widgets_is_never_a_title():
    layout = LayoutParser().parse("浏览次数:25 【打印】【关闭】\n代表之家建成3个\n今年建成代表之家3个。\n")
    assert layout.articles[0].title == "代表之家建成3个"
    assert layout.metadata["title"] == "代表之家建成3个"


def test_bylines_and_bare_dates_are_metadata():
    text = "正文一句,共有代表120名。\n记者:张明 通讯员:赵一 钱二\n2021年11月03日 09:15\n"
    layout, kinds = _kinds(text)
    assert layout.metadata["reporters"] == ["张明"]
    assert layout.metadata["correspondents"] == ["赵一", "钱二"]
    assert layout.metadata["date"] == "2021-11-03"
    assert kinds["2021年11月03日 09:15"][0] == "meta"


def test_a_byline_of_three_names_is_not_a_menu():
    _, kinds = _kinds("正文一句,共有代表120名。\n王晓明 顾小欣 相大年\n")
    assert "王晓明 顾小欣 相大年" not in kinds


def test_prose_that_mentions_technical_support_or_dates_is_not_furniture():
    text = ("标题一行\n县科技局为代表提供技术支持,培训农民300人次\n"
            "2021年3月5日 召开第一次会议\n2021年4月8日 新建站点12个\n2021年5月9日 开展视察活动\n")
    _, kinds = _kinds(text)
    assert not any("技术支持" in line or "站点12个" in line for line in kinds)


def test_a_run_of_date_stamped_headlines_is_a_related_list():
    text = ("正文一句,共有代表120名。\n某县开展执法检查 [2023-09-10]\n某市召开人代会 [2023-09-09]\n"
            "某镇票决民生实事10件 [2023-09-08]\n")
    _, kinds = _kinds(text)
    assert kinds["某镇票决民生实事10件 [2023-09-08]"] == ("aside", "related")


def test_a_web_page_pulled_onto_one_line_keeps_its_headline_date_and_source():
    body = "5月6日，某某县人大常委会组织代表视察农村饮水工程，共走访12个村。" * 4
    text = f"某某县人大常委会视察农村饮水工程 2023-05-08 09:30 来源：某某县融媒体中心 {body}"
    doc = ingest_bytes(text.encode(), "w", "w.txt")
    assert doc.metadata["title"] == "某某县人大常委会视察农村饮水工程"
    assert doc.metadata["date"] == "2023-05-08"
    assert doc.metadata["publisher"] == "某某县融媒体中心"
    assert doc.articles and doc.articles[0].title == "某某县人大常委会视察农村饮水工程"
