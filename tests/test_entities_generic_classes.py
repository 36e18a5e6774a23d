"""Generic phrases that end like names: 管网 is no outlet, 12家X合作社 no body,
查看道路 no road; a river named after a town (X溪) is a place."""
from __future__ import annotations

from tests.entities_helpers import found, run


def test_generic_network_noun_is_no_outlet(rec):
    ents = run(rec, "新敷设管网发生渗漏，配套管网发布检修通知。")
    assert found(ents, "ORG") == []


def test_counted_cooperatives_are_a_class(rec):
    assert found(run(rec, "全乡培育8家生猪养殖合作社。"), "ORG") == []
    assert found(run(rec, "组建三个专业合作社。"), "ORG") == []


def test_verb_before_road_noun_is_no_road(rec):
    ents = run(rec, "委员们到红旗村察看道路修建进度。")
    assert "察看道路" not in found(ents) and "红旗村" in found(ents, "LOC")


def test_named_road_after_a_village_still_found(rec):
    assert "幸福路" in found(run(rec, "红星村幸福路"), "LOC")


def test_stream_named_after_a_place(rec):
    assert found(run(rec, "整治石门溪，"), "LOC") == ["石门溪"]
    assert found(run(rec, "一条小溪流过，"), "LOC") == []
