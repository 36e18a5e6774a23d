"""The subject chooser (pipeline/indicators/choice.py): its checks, and the fitted
model that refits from its checked-in feature table."""
from __future__ import annotations

import importlib.util
import sys

import pytest

from pipeline.fitting import Model
from pipeline.indicators import default_finder
from pipeline.indicators.choice import MODEL_FILE, ReadingContext
from pipeline.indicators.subject import Reading

from .conftest import ROOT


@pytest.fixture(scope="module")
def chooser():
    return default_finder().chooser


@pytest.mark.parametrize("text, place", [
    ("美兰区", True), ("湖南省岳阳市", True), ("蓝坊镇", True),  # (a town no gazetteer knows)
    ("社区", False), ("行政村", False), ("重点镇", False), ("民生实事项目", False), ("乡镇", False),
])
def test_place_alone(chooser, text, place):
    assert chooser.is_place(text) is place


@pytest.mark.parametrize("text, fault", [
    ("推动", "lone verb"), ("最终选定", "lone verb"), ("确定美兰区", "verb first"), ("美兰区", "place"),
    ("记者获悉", "verb of reporting"), ("代表建议", None), ("视察", None), ("专题调研", None),
])
def test_faults(chooser, text, fault):
    faults = chooser.faults(Reading(text, 0, "left"), text, ReadingContext("count"))
    assert (fault in faults) if fault else not faults, faults


def test_a_reading_with_a_hard_fault_is_never_chosen_over_one_without(chooser):
    readings = [Reading("美兰区", 0, "left"), Reading("推动", 0, "left"), Reading("民生实事项目", 5, "counted_noun")]
    chosen, _ = chooser.choose(readings, "确定美兰区10项民生实事项目", ReadingContext("count"))
    assert chosen.text == "民生实事项目"


def test_people_are_counted_by_a_person_noun(chooser):
    faults = chooser.faults(Reading("工作生活环境", 5, "counted_noun"), "全镇4000人工作生活环境",
                            ReadingContext("people", "人"), "人")
    assert "not a person" in faults


def _fit_tool():
    spec = importlib.util.spec_from_file_location("fit_subject_choice", ROOT / "tools" / "fit_subject_choice.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # (its dataclasses look their module up)
    spec.loader.exec_module(module)
    return module


def test_the_shipped_model_refits_from_its_feature_table():
    tool = _fit_tool()
    rows = tool.read_table(ROOT / "rules" / tool.TABLE_FILE)
    assert len(rows) > 500 and {r.label for r in rows} == {0, 1}
    shipped = Model.load(ROOT / "rules" / MODEL_FILE)
    refit = tool.refit(rows)
    assert set(refit.weights) == set(shipped.weights)
    for name, weight in shipped.weights.items():
        assert refit.weights[name] == pytest.approx(weight, abs=1e-5), name
    assert refit.bias == pytest.approx(shipped.bias, abs=1e-5)


def test_the_fitted_choice_is_no_worse_than_the_hand_order_cross_validated():
    tool = _fit_tool()
    rows = tool.read_table(ROOT / "rules" / tool.TABLE_FILE)
    hand = tool.choice_accuracy(rows, None)
    cv = tool.choice_accuracy(rows, tool.cross_validated(rows))
    assert cv[2] == hand[2] > 500
    assert cv[0] >= hand[0] - 0.005, (cv, hand)


def test_the_finder_uses_the_model(chooser):
    assert chooser.model is not None
