"""Facts: context looked for from near to far, evidence that leads back to the raw file."""
from __future__ import annotations

import pytest

from pipeline.ingest import ingest_bytes

from .conftest import read_jsonl

BULLETIN = """联络动态

第 3 期

湖南省人大常委会选举任免联络工作委员会编

2022 年 3 月 8 日

华容县人大常委会精准指导乡镇人大工作

2021年,全县14个乡镇全部召开了人大主席团会议。各乡镇共收集意见建议18条。

湘乡市人大常委会组织代表视察,提出建议237条。去年接待群众500余人次。

(华容县人大常委会联工委 供稿)
"""


@pytest.fixture(scope="module")
def facts(pipeline_instance):
    doc = ingest_bytes(BULLETIN.encode(), "b", "b.txt")
    result = pipeline_instance.process(doc)
    return {f.evidence["text"]: f for f in result.facts}, result


def test_locality_comes_from_the_sentence_then_the_paragraph_then_the_title(facts):
    by_text, _ = facts
    assert by_text["提出建议237条"].locality["canonical"] == "湘乡市"
    assert by_text["提出建议237条"].locality["source"] == "sentence"
    # the next sentence of the same paragraph has no place: the paragraph's subject
    assert by_text["接待群众500余人次"].locality["canonical"] == "湘乡市"
    assert by_text["接待群众500余人次"].locality["source"] == "paragraph"
    # 全县 in the paragraph before: the county of the article's title
    assert by_text["收集意见建议18条"].locality["canonical"] == "华容县"
    assert by_text["收集意见建议18条"].locality["path"].endswith("岳阳市/华容县")
    assert 0 < by_text["收集意见建议18条"].locality["confidence"] <= 1


def test_time_comes_from_the_sentence_then_the_paragraph_then_the_bulletin(facts):
    by_text, _ = facts
    fourteen = next(f for t, f in by_text.items() if t.endswith("14个"))
    assert (fourteen.time["year"], fourteen.time_source) == (2021, "sentence")
    assert (by_text["收集意见建议18条"].time["year"], by_text["收集意见建议18条"].time_source) == (2021, "paragraph")
    last_year = by_text["接待群众500余人次"]
    assert (last_year.time["year"], last_year.time_source) == (2021, "clause")  # 去年 of a 2022 bulletin
    assert (by_text["提出建议237条"].time["year"], by_text["提出建议237条"].time_source) == (2022, "bulletin")


def test_facts_carry_the_indicators_own_fields(facts):
    by_text, result = facts
    by_id = {i.id: i for i in result.indicators if hasattr(i, "unit_kind")}
    assert len(by_text) >= 4  # the bulletin's figures, each checked below
    for fact in by_text.values():
        ind = by_id[fact.indicator_id]
        assert (fact.unit_kind, fact.number_text, fact.optional, fact.change) == \
            (ind.unit_kind, ind.number_text, ind.optional, ind.change)
        assert fact.flags == []
        assert 0 < fact.confidence <= 1


def test_body_and_evidence(facts):
    by_text, result = facts
    fact = by_text["提出建议237条"]
    assert fact.body["text"] == "湘乡市人大常委会"
    ev = fact.evidence
    assert ev["article_title"] == "华容县人大常委会精准指导乡镇人大工作"
    assert ev["contributor"] == "华容县人大常委会联工委"
    assert BULLETIN[ev["raw_start"]:ev["raw_end"]] == "提出建议237条"
    assert fact.review == {"status": None, "note": None, "correction": None}


def test_fact_ids_are_stable_across_runs(pipeline_instance, facts):
    _, first = facts
    again = pipeline_instance.process(ingest_bytes(BULLETIN.encode(), "b", "b.txt"))
    assert [f.id for f in again.facts] == [f.id for f in first.facts]


def test_most_seed_facts_carry_a_locality_and_a_time(seed_run):
    facts = read_jsonl(seed_run / "facts.jsonl")
    assert len(facts) > 150
    with_locality = sum(1 for f in facts if f["locality"]) / len(facts)
    assert with_locality >= 0.9, with_locality
    dated = {f["doc_id"] for f in facts if f["time_source"] == "bulletin"}
    assert len(dated) >= 4  # one seed is a page with no date at all
    in_dated = [f for f in facts if f["doc_id"] in dated]
    assert all(f["time"] and f["time"]["year"] for f in in_dated)


def test_a_body_inside_the_figures_own_span_gives_its_place(pipeline_instance):
    text = "华容县人大常委会工作报告\n\n全年召开常委会会议8次。\n"
    result = pipeline_instance.process(ingest_bytes(text.encode(), "c", "c.txt"))
    [fact] = [f for f in result.facts if f.value == 8]
    assert fact.locality["canonical"] == "华容县"
