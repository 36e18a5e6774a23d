"""place_grammar.py: numbered roads (rules/loc_grammar.yml road_classes) and generic
road classes that are no names (generic_features)."""
from __future__ import annotations

import pytest

from tests.entities_helpers import found, run


@pytest.mark.parametrize("text, road", [
    ("运输车辆沿212国道绕行。", "212国道"),
    ("G215国道扩建工程开工。", "G215国道"),
    ("国道107线改造提速。", "国道107线"),
    ("省道S311沿线整治环境。", "省道S311"),
    ("S311省道全长46公里。", "S311省道"),
    ("县道X105路面修复。", "县道X105"),
    ("乡道Y007完成硬化。", "乡道Y007"),
])
def test_numbered_roads_are_places(rec, text, road):
    assert road in found(run(rec, text), "LOC")


def test_a_number_inside_a_longer_code_is_no_road(rec):
    assert found(run(rec, "编号AB1234国道资料归档。"), "LOC") == []


@pytest.mark.parametrize("text", [
    "完成东岭村至西岭村通组道路硬化3公里。",
    "修建东岭村通村公路5公里。",
    "新建产业路8公里，改造农村公路12公里。",
])
def test_generic_road_classes_are_no_names(rec, text):
    locs = found(run(rec, text), "LOC")
    assert not any(w in loc for loc in locs for w in ("通组", "通村", "产业路", "农村公路"))


def test_time_word_begins_no_body(rec):
    ents = run(rec, "检查情况，每季度通报1次。")
    assert found(ents, "ORG") == []
    # a body after the time word is still found
    assert found(run(rec, "每月县纪委通报一次。"), "ORG") == ["县纪委"]


def test_village_before_a_road_class_stays(rec):
    # the village's own 村 before a road class is still its suffix
    locs = found(run(rec, "修缮东岭村通村公路，红石村组道路已硬化。"), "LOC")
    assert "红石村" in locs and not any("通村" in loc or "组道" in loc for loc in locs)
