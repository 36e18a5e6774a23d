"""Segment: sentence splitting (quotes, brackets, zones) and pkuseg tokens."""
from __future__ import annotations


from pipeline.ingest import ingest_bytes
from pipeline.segment import regions, split_sentences


def sentences(text: str) -> list[str]:
    return [text[s:e] for s, e in split_sentences(text)]


def test_splits_on_stops_and_line_ends():
    assert sentences("收集建议181件。接待群众500余人次!是否满意?\n标题一行\n一是召开会议;二是走访") == [
        "收集建议181件。", "接待群众500余人次!", "是否满意?", "标题一行", "一是召开会议;", "二是走访"]


def test_stop_inside_quotes_or_brackets_does_not_split():
    assert sentences("他说:“要抓落实。不走过场。”然后散会。") == ["他说:“要抓落实。不走过场。”", "然后散会。"]
    assert sentences("出台办法(试行。暂定)后实施。") == ["出台办法(试行。暂定)后实施。"]


def test_closing_quote_after_a_stop_stays_with_the_sentence():
    assert sentences("提出“三必”要求。”下一句。") == ["提出“三必”要求。”", "下一句。"]


def test_unbalanced_quote_is_reset_at_the_line_end():
    assert sentences("开展“我是代表活动。\n下一段。") == ["开展“我是代表活动。", "下一段。"]


def test_ellipsis_and_repeated_stops_stay_together():
    assert sentences("等等……接着!!结束") == ["等等……", "接着!!", "结束"]


def test_sentences_never_cross_articles_or_zones():
    text = ("联络动态\n\n第1期\n\n2022年3月8日\n\n标题甲\n\n正文甲一。正文甲二\n\n(甲县人大 供稿)\n\n"
            "标题乙\n\n正文乙。\n\n(乙县人大 供稿)\n\n责任编辑:刘浪\n")
    doc = ingest_bytes(text.encode(), "d", "d.txt")
    zones = [(r.zone, r.article, doc.text[r.start:r.end].strip()) for r in regions(doc)]
    assert zones == [
        ("header", None, "联络动态\n\n第1期\n\n2022年3月8日"),
        ("title", 0, "标题甲"), ("body", 0, "正文甲一。正文甲二"), ("contributor", 0, "(甲县人大 供稿)"),
        ("title", 1, "标题乙"), ("body", 1, "正文乙。"), ("contributor", 1, "(乙县人大 供稿)"),
        ("footer", None, "责任编辑:刘浪"),
    ]


def test_tokens_come_from_pkuseg_with_document_offsets(segmenter):
    doc = ingest_bytes("标题\n\n2021年湘乡市乡两级人大代表换届选举参选率达97.7%。".encode(), "d", "d.txt")
    sents = segmenter(doc)
    body = sents[-1]
    words = [t.text for t in body.tokens]
    assert "参选率" in words or "参选" in words
    for tok in body.tokens:
        assert doc.text[tok.start:tok.end] == tok.text
        assert body.start <= tok.start < tok.end <= body.end


def test_a_huge_line_is_cut_into_bounded_sentences():
    text = ("代表联系群众" * 40 + ",") * 100
    spans = split_sentences(text)
    assert max(e - s for s, e in spans) <= 1000
    assert "".join(text[s:e] for s, e in spans) == text


def test_page_furniture_gives_header_lines_asides_and_no_sentence_for_menus():
    text = ("某某县人大网\n首页 | 要闻 | 时政 | 社会 | 国际\n首页 > 代表工作 > 工作动态\n"
            "青石镇人大视察民生项目\n发布日期:2022-07-30 来源:青石镇人大\n"
            "青石镇人大组织12名代表视察项目。\n浏览量 88次 【打印】【关闭】\n"
            "相关阅读\n外国某地代表团来访5人\n版权所有 某某县人大常委会\n")
    doc = ingest_bytes(text.encode(), "d", "d.txt")
    zones = [(r.zone, doc.text[r.start:r.end].strip()) for r in regions(doc)]
    texts = " ".join(t for _, t in zones)
    for aside in ("首页 | 要闻", "浏览量"):
        assert aside not in texts
    # related headlines keep their text in zone "aside" (entities, no facts)
    assert ("aside", "外国某地代表团来访5人") in zones
    assert not any(z != "aside" and "外国某地" in t for z, t in zones)
    assert ("header", "发布日期:2022-07-30来源:青石镇人大") in zones  # "30 来" loses its space
    assert ("title", "青石镇人大视察民生项目") in zones
    assert ("body", "青石镇人大组织12名代表视察项目。") in zones
    assert any(z == "header" and "某某县人大网" in t for z, t in zones)
    assert any(z == "footer" and t.startswith("版权所有") for z, t in zones)


def test_a_url_or_address_is_never_cut_into_sentences():
    text = "详见http://rd.example.cn/s?q=30%25&p=2;页面。邮箱a.b@example.cn。下一句?是的"
    spans = [text[s:e] for s, e in split_sentences(text)]
    assert spans[0] == "详见http://rd.example.cn/s?q=30%25&p=2;页面。"
    assert spans[1] == "邮箱a.b@example.cn。"
