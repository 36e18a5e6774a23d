"""A newsletter whose line breaks were lost reads as the same newsletter (issue 24 point 7).

Each seed, with every line break (and the blank lines around it) replaced by
one space, as text pulled from a web form or a PDF gives it, must give the
same document (metadata, articles with their titles and contributors, body
sentences) and the same facts (value, unit, locality, year) as the seed with
its line breaks.
"""
from __future__ import annotations

import pytest

from tests.conftest import SEEDS
from tests.oneline import compare, one_line

SEED_FILES = sorted(SEEDS.glob("*.txt"))


def test_there_are_seeds_to_join():
    assert len(SEED_FILES) == 5


@pytest.mark.parametrize("path", SEED_FILES, ids=lambda p: p.stem)
def test_a_seed_on_one_line_gives_the_same_document_and_facts(path, pipeline_instance):
    text = path.read_text(encoding="utf-8")
    joined = one_line(text)
    assert "\n" not in joined and len(joined) > 1000
    lined = pipeline_instance.process_text(text, path.stem)
    flat = pipeline_instance.process_text(joined, path.stem)
    assert lined.document.articles and lined.facts  # something to compare
    c = compare(path.stem, lined, flat)
    assert c.differences == []
    assert c.metadata_equal and c.articles[0] == c.articles[1] == len(lined.document.articles)
    assert c.facts[0] == c.facts[1] == len(lined.facts)


ONE_LINE_NEWSLETTER = (
    "工作通讯 第 9 期 (总第一百二十期) 某县人大常委会办公室编 2023 年 6 月 1 日 "
    "某镇人大开展代表接待 倾听群众呼声 为了密切代表同群众的联系,某镇人大组织代表进站接待。"
    "全镇接待群众120人次。 一、完善制度,规范接待流程 镇人大制定接待办法,明确接待时间。 "
    "(某镇人大主席团 供稿) 送:某市人大常委会 某县委办 责任编辑:王 明")


def test_a_one_line_newsletter_gets_its_line_breaks_back(pipeline_instance):
    doc = pipeline_instance.steps["ingest"].text(ONE_LINE_NEWSLETTER, "t")
    lines = doc.text.split("\n")
    assert lines[:5] == ["工作通讯", "第9期", "(总第一百二十期)", "某县人大常委会办公室编", "2023年6月1日"]
    assert "某镇人大开展代表接待 倾听群众呼声" in lines
    assert "一、完善制度,规范接待流程" in lines
    assert doc.metadata["issue_number"] == 9 and doc.metadata["overall_issue"] == 120
    assert doc.metadata["publisher"] == "某县人大常委会办公室" and doc.metadata["date"] == "2023-06-01"
    assert [(a.title, a.contributor) for a in doc.articles] == [("某镇人大开展代表接待 倾听群众呼声", "某镇人大主席团")]
    assert doc.metadata["distribution"] == ["某市人大常委会", "某县委办"]
