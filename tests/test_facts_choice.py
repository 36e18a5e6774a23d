"""The fitted choice of place and year (pipeline/facts/choice.py, tools/fit_facts.py)."""
from __future__ import annotations

import json

import pytest

from pipeline.facts.choice import (CONFIDENCE_MODEL, LOCALITY_MODEL, YEAR_MODEL, Models, Option, merge,
                                   pick, unit_key)
from pipeline.fitting import Model, fit
from pipeline.rules import rule_path


@pytest.mark.parametrize("name", [LOCALITY_MODEL, YEAR_MODEL, CONFIDENCE_MODEL])
def test_the_shipped_model_is_what_its_feature_table_fits(name):
    """Refit from the feature table beside the model (no ../shared needed): the same weights."""
    shipped = Model.load(rule_path(name))
    table = [json.loads(line) for line in
             rule_path(name.replace(".json", ".features.jsonl")).read_text(encoding="utf-8").splitlines()]
    assert len(table) == shipped.meta["rows"] > 100
    refit = fit([r["features"] for r in table], [r["label"] for r in table], l2=shipped.meta["l2"])
    assert refit.bias == pytest.approx(shipped.bias, abs=1e-4)
    assert set(refit.weights) == set(shipped.weights)
    for k, w in shipped.weights.items():
        assert refit.weights[k] == pytest.approx(w, abs=1e-4), k


def test_the_stage_loads_the_fitted_models():
    models = Models.load()
    assert models.locality is not None and models.year is not None and models.confidence is not None


def test_candidates_naming_one_unit_are_one_option_with_every_rule():
    loc = {"text": "某县", "canonical": "某县", "path": "某省/某市/某县"}
    options = merge([("clause_subject", dict(loc)), ("title", dict(loc)),
                     ("document", {"text": "某市", "canonical": "某市", "path": "某省/某市"})],
                    unit_key, with_source=False)
    assert [o.rules for o in options] == [["clause_subject", "title"], ["document"]]
    assert [o.rank for o in options] == [0, 1]


def test_without_a_model_the_rules_first_candidate_wins():
    options = [Option("a", {"text": "a"}, None, ["clause_subject"]), Option("b", {"text": "b"}, None, ["title"], 1)]
    assert pick(options, [{}, {}], None)[0].key == "a"
    model = Model({"rule:title": 5.0}, 0.0)
    chosen, score, margin = pick(options, [{"rule:clause_subject": 1.0}, {"rule:title": 1.0}], model)
    assert chosen.key == "b" and score > 0.9 and margin > 0
