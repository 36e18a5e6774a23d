"""The stage table: one table walked by the pipeline, its steps, and their progress."""
from __future__ import annotations

import pytest

from pipeline.stages import KIND_TO_FILE, STAGES, DocResult, Pipeline, input_files


def test_each_stage_requires_only_what_the_stages_before_it_provide():
    STAGES.check_order(STAGES.names())
    with pytest.raises(ValueError, match="stage 'facts' requires"):
        STAGES.check_order(["ingest", "segment", "facts"])


def test_a_stage_run_alone_reads_its_main_file_and_the_siblings_of_the_rest():
    assert input_files(STAGES["segment"]) == ("documents.jsonl", [])
    assert input_files(STAGES["facts"]) == ("indicators.jsonl",
                                            ["documents.jsonl", "sentences.jsonl", "entities.jsonl"])
    assert KIND_TO_FILE["time"] == "indicators.jsonl"


def test_process_walks_the_table_and_reports_progress(pipeline_instance):
    heard = []
    doc = pipeline_instance.steps["ingest"].text("华容县人大常委会收集意见建议86条。\n\n" * 3, "p")
    result = pipeline_instance.process(doc, progress=lambda stage, done, total: heard.append(
        (stage, done, total)))
    assert [s for s in dict.fromkeys(stage for stage, _, _ in heard)] == \
        [name for name in STAGES.names() if STAGES[name].requires]
    assert ("segment", 0, 3) in heard  # the segmenter counts sentences
    assert set(result.timings) == set(STAGES.names())
    assert result.facts and result.records("ingest") == [doc]


def test_a_pipeline_of_some_stages_checks_their_order():
    with pytest.raises(ValueError, match="requires"):
        Pipeline(stages=["facts"])


def test_doc_result_takes_records_read_from_files():
    result = DocResult(None)
    result.set("segment", [])
    assert result.records("segment") == [] and result.document is None
