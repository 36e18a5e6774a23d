"""HTML pages and PDFs with a text layer: text out, offsets still into the raw input."""
from __future__ import annotations

import pytest

from pipeline.ingest import IngestError, ingest_bytes, ingest_file, read_raw_text, span_matches_raw

PAGE = """<!DOCTYPE html><html><head><title>人大新闻</title><style>p{color:red}</style>
<script>var total = 999;</script></head><body>
<nav><a href="/">首页</a> &gt; 人大新闻</nav>
<header><div class="logo">某某人大网</div></header>
<article><h1>南漳县:坚持工作法 着力推动代表行动</h1>
<p>今年以来,县人大常委会组织&nbsp;代表<b>74名</b>,收集意见建议100余条&amp;办结率达95%。</p>
<p>(通讯员:梁群芳 钞有生)</p></article>
<footer>版权所有 电话:0710-1234567</footer></body></html>"""


def test_html_keeps_the_article_text_and_drops_scripts_navigation_and_footer():
    doc = ingest_bytes(PAGE.encode("utf-8"), "page", "page.html")
    assert "var total" not in doc.text and "首页" not in doc.text and "版权所有" not in doc.text
    assert "代表74名,收集意见建议100余条&办结率达95%" in doc.text.replace(" ", "")
    [art] = doc.articles
    assert art.title == "南漳县:坚持工作法 着力推动代表行动"
    assert art.contributor == "通讯员:梁群芳 钞有生"
    assert doc.metadata["format"] == "html"


def test_html_offsets_point_into_the_html_source():
    doc = ingest_bytes(PAGE.encode("utf-8"), "page", "page.html")
    assert span_matches_raw(doc, PAGE, 0, len(doc.text))
    start = doc.text.index("74名")
    assert PAGE[slice(*doc.raw_span(start, start + 3))] == "74名"
    amp = doc.text.index("&")
    assert PAGE[doc.raw_offset(amp):doc.raw_offset(amp) + 5] == "&amp;"


def make_pdf(path, pages: list[list[str]]) -> None:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    c = canvas.Canvas(str(path))
    for lines in pages:
        c.setFont("STSong-Light", 12)
        for n, line in enumerate(lines):
            c.drawString(72, 760 - 24 * n, line)
        c.showPage()
    c.save()


def test_pdf_text_layer_is_read_page_by_page(tmp_path):
    path = tmp_path / "bulletin.pdf"
    make_pdf(path, [["华容县人大常委会采取季度清单", "", "全县14个乡镇全部召开了会议,收集意见建议100余条。"],
                    ["(华容县人大常委会联工委 供稿)"]])
    doc = ingest_file(path)
    assert doc.encoding == "pdf-text" and doc.metadata["format"] == "pdf"
    assert len(doc.metadata["pages"]) == 2
    raw = read_raw_text(doc)
    assert span_matches_raw(doc, raw, 0, len(doc.text))
    second_page = doc.metadata["pages"][1]
    assert raw[second_page:].startswith("(华容县人大常委会联工委 供稿)")
    [art] = doc.articles
    assert art.title == "华容县人大常委会采取季度清单" and art.contributor == "华容县人大常委会联工委"


def test_pdf_without_text_layer_is_a_clear_error(tmp_path):
    path = tmp_path / "scan.pdf"
    make_pdf(path, [[]])
    with pytest.raises(IngestError, match="no text layer"):
        ingest_file(path)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 not really a pdf")
    with pytest.raises(IngestError, match="broken.pdf: not a readable PDF"):
        ingest_file(bad)


def test_pdf_running_headers_and_page_numbers_are_furniture(tmp_path):
    from pipeline.segment import regions

    path = tmp_path / "issue.pdf"
    make_pdf(path, [["某某人大简报 第3期", "青河县人大开展代表视察", "",
                     "青河县人大组织代表视察项目8个,提出建议20条。", "- 1 -"],
                    ["某某人大简报 第3期", "全县共有代表186名参加活动。", "(青河县人大 供稿)", "- 2 -"]])
    doc = ingest_file(path)
    running = [doc.text[f["start"]:f["end"]] for f in doc.furniture if f["field"] == "running_header"]
    assert running == ["某某人大简报 第3期", "- 1 -", "某某人大简报 第3期", "- 2 -"]
    assert all(f["kind"] == "aside" for f in doc.furniture if f["field"] == "running_header")
    kept = " ".join(doc.text[r.start:r.end] for r in regions(doc))
    assert "简报" not in kept and "- 2 -" not in kept
    [art] = doc.articles
    assert art.title == "青河县人大开展代表视察" and art.contributor == "青河县人大"
    assert "全县共有代表186名参加活动。" in doc.text[art.start:art.end]
    assert span_matches_raw(doc, read_raw_text(doc), 0, len(doc.text))
