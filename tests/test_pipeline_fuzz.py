"""Property: whatever bulletin-like text comes in, no stage raises, and every
record's span is the text it claims."""
from __future__ import annotations

from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.ingest import IngestError, ingest_bytes

FRAGMENTS = [
    "华容县人大常委会工作报告\n\n", "全年", "华容县人大常委会", "县人大常委会", "常委会会议", "召开", "8次", "收集意见建议", "100余条", "2021年",
    "去年", "参选率达", "97.7%", "湘乡市", "屈子祠镇", "王家坡社区", "主任", "张功玉", "、", ",", "。",
    "\n\n", "(华容县人大常委会联工委 供稿)", "第11期", "送:", "责任编辑:石 韧", "“三个一”", "1—2个",
    "由", "240万元", "减少到", "205万元", "全县", "14个乡镇", "近两百万元", "通讯员:梁群芳", " ", "《", "》",
]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(FRAGMENTS), min_size=1, max_size=40))
def test_no_stage_raises_and_every_span_is_its_text(pipeline_instance, parts):
    try:
        doc = ingest_bytes("".join(parts).encode("utf-8"), "fuzz", "fuzz.txt")
    except IngestError:
        return
    result = pipeline_instance.process(doc)
    assert result.sentences  # a document that ingest accepts has text to check
    for rec in result.sentences + result.entities + result.indicators:
        assert doc.text[rec.start:rec.end] == rec.text
    for fact in result.facts:
        assert doc.text[fact.evidence["start"]:fact.evidence["end"]] == fact.evidence["text"]
