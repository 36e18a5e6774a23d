"""Ingest: encodings, bad input, furniture as metadata, articles and contributors."""
from __future__ import annotations

import pytest

from pipeline.ingest import IngestError, decode, ingest_bytes, ingest_file, read_raw_text, span_matches_raw

BULLETIN = """联络动态

LIANLUODONGTAI

第 11 期

(总第六百六十一期)

湖南省人大常委会选举任免联络工作委员会编

2022 年 5 月 30 日

华容县人大常委会采取季度清单 精准指导乡镇人大工作

为了破解乡镇人大工作瓶颈,华容县人大常委会采取季度指导清单的形式。全县14个乡镇全部召开了会议。

(华容县人大常委会联工委 供稿)

耒阳人大:深入推进“三个一”工作法

常委会班子成员分别联系5个乡镇(街道)工作。

(耒阳市人大常委会联工委 供稿)

送:全国人大常委会办公厅联络局、研究室、新闻局

各省(区、市)人大常委会代表联络工作机构

责任编辑:石 韧 谢峥嵘 联系方式:0731—85309270 hnrldldt@163.com

批准文号:湘党简准字〔2000〕第 28 号
"""


def ingest(text: str, **kw):
    return ingest_bytes(text.encode(kw.pop("codec", "utf-8")), kw.pop("doc_id", "t"), "t.txt")


# -- encodings ------------------------------------------------------------------

@pytest.mark.parametrize("codec,expected", [
    ("utf-8", "utf-8"), ("gb18030", "gb18030"), ("utf-16", "utf-16"), ("big5", "big5"),
])
def test_encoding_is_detected(codec, expected):
    text = "湘鄉市人大常委會收集建議181件。" if codec == "big5" else "湘乡市人大常委会收集建议181件。"
    decoded, found, _ = decode(text.encode(codec), "x.txt")
    assert found == expected
    assert decoded.lstrip("\ufeff") == text


def test_utf16_without_bom_is_detected():
    decoded, codec, _ = decode("人大常委会 2022".encode("utf-16-le"), "x.txt")
    assert codec == "utf-16-le" and decoded == "人大常委会 2022"


def test_utf8_bom_is_kept_in_raw_text_and_dropped_from_text():
    doc = ingest_bytes("\ufeff收集建议181件。".encode("utf-8"), "t", "t.txt")
    assert doc.text == "收集建议181件。"
    assert doc.raw_span(0, 2) == (1, 3)


def test_truncated_utf8_keeps_the_text_and_warns():
    raw = "收集建议181件。".encode("utf-8")[:-1]
    doc = ingest_bytes(raw, "t", "t.txt")
    assert doc.text == "收集建议181件"
    assert "truncated UTF-8" in doc.metadata["warnings"][0]


@pytest.mark.parametrize("raw,code", [
    (b"", "empty"), (b"  \n\t\r\n ", "empty"), (bytes(range(256)) * 20, "binary"),
    ("正文".encode("utf-8") + b"\x00\x01\x02" * 50, "binary"),
])
def test_unusable_input_raises_a_clear_error(raw, code):
    with pytest.raises(IngestError) as info:
        ingest_bytes(raw, "bad", "in/bad.txt")
    assert info.value.code == code
    assert str(info.value).startswith("in/bad.txt")


def test_unsupported_file_type_is_reported(tmp_path):
    path = tmp_path / "x.docx"
    path.write_bytes(b"PK")
    with pytest.raises(IngestError, match="unsupported file type .docx"):
        ingest_file(path)


# -- furniture ------------------------------------------------------------------

def test_page_furniture_becomes_metadata():
    meta = ingest(BULLETIN).metadata
    assert meta["title"] == "联络动态"
    assert meta["issue"] == "第11期" and meta["issue_number"] == 11
    assert meta["overall_issue"] == 661
    assert meta["publisher"] == "湖南省人大常委会选举任免联络工作委员会"
    assert meta["date"] == "2022-05-30"
    assert meta["editors"] == ["石韧", "谢峥嵘"]
    assert meta["contact"] == "0731—85309270 hnrldldt@163.com"
    assert meta["approval_number"] == "湘党简准字〔2000〕第28号"
    assert meta["distribution"] == ["全国人大常委会办公厅联络局", "研究室", "新闻局",
                                    "各省(区、市)人大常委会代表联络工作机构"]


def test_furniture_spans_point_at_their_values():
    doc = ingest(BULLETIN)
    spans = {f["field"]: doc.text[f["start"]:f["end"]] for f in doc.furniture}
    assert spans["issue"] == "第11期"
    assert spans["publisher"] == "湖南省人大常委会选举任免联络工作委员会"


def test_web_breadcrumb_and_byline():
    doc = ingest("当前位置:报告解读 >> 文章详情\n南漳县:坚持工作法 着力推动代表行动\n"
                 "今年以来,县人大常委会开展代表行动。(通讯员:梁群芳 钞有生)\n责任编辑:刘浪\n")
    assert doc.metadata["breadcrumb"] == "报告解读 >> 文章详情"
    assert doc.metadata["editors"] == ["刘浪"]
    [art] = doc.articles
    assert art.title == "南漳县:坚持工作法 着力推动代表行动"
    assert art.contributor == "通讯员:梁群芳 钞有生"


# -- articles -------------------------------------------------------------------

def test_articles_are_split_with_titles_and_contributors():
    doc = ingest(BULLETIN)
    assert [(a.title, a.contributor) for a in doc.articles] == [
        ("华容县人大常委会采取季度清单 精准指导乡镇人大工作", "华容县人大常委会联工委"),
        ("耒阳人大:深入推进“三个一”工作法", "耒阳市人大常委会联工委"),
    ]
    first = doc.articles[0]
    assert doc.text[first.contributor_start:first.contributor_end] == "华容县人大常委会联工委"
    assert "送:" not in doc.text[doc.articles[-1].start:doc.articles[-1].end]


def test_place_colon_titles_open_articles_without_contributor_lines():
    text = ("【编者按】现将交流材料摘要刊发,供各地参考。\n\n湘潭市:加强领导 上下协同\n\n市委召开人大工作会议。\n\n"
            "衡阳市:强化领导 严明纪律\n\n全市共有45人被纪律处分。\n")
    doc = ingest(text)
    assert [(a.type, a.title) for a in doc.articles] == [
        ("editor_note", "【编者按】"), ("article", "湘潭市:加强领导 上下协同"), ("article", "衡阳市:强化领导 严明纪律")]


def test_section_headings_do_not_open_articles():
    text = ("发挥人大代表作用 践行全过程人民民主\n\n近年来,湘乡市人大充分发挥代表作用。\n\n"
            "一、选好代表,抓实换届选举基础环节\n\n选举人大代表是基础环节。\n\n(湘乡市人大常委会 供稿)\n")
    [art] = ingest(text).articles
    assert art.contributor == "湘乡市人大常委会"


# -- traceability ---------------------------------------------------------------

def test_every_text_character_maps_back_to_the_raw_file(tmp_path):
    path = tmp_path / "b.txt"
    raw = "\ufeff" + BULLETIN.replace("\n", "\r\n").replace("14个", "１４个")
    path.write_bytes(raw.encode("utf-16"))
    doc = ingest_file(path)
    assert read_raw_text(doc) == raw
    assert span_matches_raw(doc, raw, 0, len(doc.text))
    start = doc.text.index("14个")
    assert raw[slice(*doc.raw_span(start, start + 3))] == "１４个"


def test_span_check_detects_a_wrong_offset():
    doc = ingest(BULLETIN)
    raw = BULLETIN
    start = doc.text.index("石韧")
    assert span_matches_raw(doc, raw, start, start + 2)
    doc.offset_map = [[a, r + 1] for a, r in doc.offset_map]
    assert not span_matches_raw(doc, raw, start, start + 2)


# -- bulletins as they arrive ----------------------------------------------------

ONE_LINE = ("联络动态 第 7 期 (总第五百零二期) 某省人大常委会选举任免联络工作委员会编 2021 年 4 月 12 日 "
            "青河县人大常委会推行代表履职积分 激发代表活力 为了推动代表履职,青河县人大常委会推行履职积分制。"
            "全县186名代表全部建档。 (青河县人大常委会联工委 供稿) 石门人大:开展“代表进站”活动 "
            "今年以来,石门县人大常委会组织代表进站接待群众320人次。 (石门县人大常委会 供稿) "
            "送:全国人大常委会办公厅联络局 责任编辑:陈 明 联系方式:0731—8530000\n")


def test_a_one_line_issue_keeps_its_masthead_articles_and_contributors():
    doc = ingest(ONE_LINE)
    meta = doc.metadata
    assert (meta["title"], meta["issue_number"], meta["overall_issue"]) == ("联络动态", 7, 502)
    assert meta["publisher"] == "某省人大常委会选举任免联络工作委员会"
    assert meta["date"] == "2021-04-12" and meta["editors"] == ["陈明"]
    assert [(a.title, a.contributor) for a in doc.articles] == [
        ("青河县人大常委会推行代表履职积分 激发代表活力", "青河县人大常委会联工委"),
        ("石门人大:开展“代表进站”活动", "石门县人大常委会")]


def test_a_one_line_issue_gives_body_sentences():
    from pipeline.segment import regions, split_sentences

    doc = ingest(ONE_LINE)
    body = [doc.text[s:e] for r in regions(doc) if r.zone == "body"
            for s, e in split_sentences(doc.text, r.start, r.end)]
    assert "全县186名代表全部建档。" in body
    assert "今年以来,石门县人大常委会组织代表进站接待群众320人次。" in body


TRADITIONAL = ("某縣人大常委會(huì)召開代表座談會(huì)\n發(fā)布時間:2023-05-06 來源:某縣人大\n"
               "縣人大常委會(huì)組織代表視察,共提出建議12條。\n")


def test_traditional_text_with_glosses_is_kept_as_written_and_detected():
    doc = ingest(TRADITIONAL)
    assert doc.text.startswith("某縣人大常委會(huì)召開代表座談會(huì)\n發(fā)布時間")
    assert "常委會(huì)組織" in doc.text
    assert doc.metadata["script"] == "traditional" and doc.metadata["glosses"] == 4
    assert doc.metadata["date"] == "2023-05-06"          # 發(fā)布時間 read through the gloss
    assert doc.metadata["source"] == "某縣人大"
    assert doc.metadata["title"] == "某縣人大常委會(huì)召開代表座談會(huì)"
    assert span_matches_raw(doc, TRADITIONAL, 0, len(doc.text))


def test_simplified_text_is_marked_simplified():
    assert ingest("县人大常委会组织代表视察。").metadata["script"] == "simplified"


CHINESE_PUNCTUATION = ("联络动态\n\n第１２期\n\n某省人大常委会选举任免联络工作委员会编\n\n２０２２年６月１日\n\n"
                       "青河县：推行代表履职积分\n\n全县１８６名代表全部建档，完成率达９５％；"
                       "共收集建议３２０条（含网上建议）。\n\n（青河县人大常委会 供稿）\n\n"
                       "责任编辑：陈明　联系方式：０７３１—８５３０９２７０\n")


def test_chinese_punctuation_is_kept_and_offsets_stay_exact():
    doc = ingest(CHINESE_PUNCTUATION)
    assert "全县186名代表全部建档，完成率达95％；共收集建议320条（含网上建议）。" in doc.text
    assert span_matches_raw(doc, CHINESE_PUNCTUATION, 0, len(doc.text))
    start = doc.text.index("（含网上建议）")
    assert CHINESE_PUNCTUATION[slice(*doc.raw_span(start, start + 7))] == "（含网上建议）"
    # the rules read both forms: masthead, colon title, contributor, footer
    meta = doc.metadata
    assert meta["issue_number"] == 12 and meta["date"] == "2022-06-01" and meta["editors"] == ["陈明"]
    [art] = doc.articles
    assert art.title == "青河县：推行代表履职积分" and art.contributor == "青河县人大常委会"
    assert doc.text[art.contributor_start:art.contributor_end] == "青河县人大常委会"


def test_chinese_punctuation_splits_sentences_and_zones():
    from pipeline.segment import regions, split_sentences

    doc = ingest(CHINESE_PUNCTUATION)
    zones = {r.zone: doc.text[r.start:r.end].strip() for r in regions(doc)}
    assert zones["contributor"] == "（青河县人大常委会 供稿）"
    body = [r for r in regions(doc) if r.zone == "body"][0]
    assert [doc.text[s:e] for s, e in split_sentences(doc.text, body.start, body.end)] == [
        "全县186名代表全部建档，完成率达95％；", "共收集建议320条（含网上建议）。"]
