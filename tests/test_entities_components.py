"""registry.py and recognizer.py: the proposers are a table that a recognizer can
run in part, in another order, or configured."""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from pipeline.entities import PROPOSERS, EntityRecognizer, extract
from tests.entities_helpers import found, sents

ENTITIES = Path(__file__).resolve().parent.parent / "pipeline" / "entities"


def test_every_proposer_loads_and_has_one_entry_point():
    assert len(PROPOSERS.names()) >= 10
    for spec in PROPOSERS:
        cls = spec.load()
        assert callable(getattr(cls, "propose", None)), spec.name
        for name in spec.rules:
            assert (ENTITIES.parent.parent / "rules" / name).exists(), (spec.name, name)


def test_a_proposer_switched_off_proposes_nothing(rec):
    text = "山区养殖户孙立华告诉记者，今年收成不错。"
    assert "孙立华" in found(extract(sents(text), rec), "PER")
    without = EntityRecognizer.from_rules(proposers=[n for n in PROPOSERS.names() if n != "tagger"])
    assert "tagger" not in without.names
    assert "孙立华" not in found(extract(sents(text), without), "PER")


def test_an_order_that_breaks_a_requirement_is_refused():
    names = PROPOSERS.names()
    names.remove("town_shorts")
    with pytest.raises(ValueError, match="town_shorts.*hits"):
        EntityRecognizer.from_rules(proposers=["town_shorts"] + names, model=None)


def test_a_proposer_is_configured_by_name(tmp_path, rec):
    table = tmp_path / "places.tsv"
    table.write_text("乌有国\tcountry\tXX\n", encoding="utf-8")
    custom = EntityRecognizer.from_rules(options={"foreign": {"table": str(table)}}, model=None)
    text = "代表团访问了乌有国和越南。"
    assert found(extract(sents(text), custom), "LOC") == ["乌有国"]
    assert found(extract(sents(text), rec), "LOC") == ["越南"]
    with pytest.raises(ValueError, match="not run"):
        EntityRecognizer.from_rules(proposers=["gazetteer"], options={"foreign": {}}, model=None)


def test_the_pipeline_config_chooses_the_proposers():
    from pipeline.stages import Pipeline, PipelineConfig

    config = PipelineConfig(entity_proposers=("gazetteer", "bodies"))
    assert config.as_dict()["entity_proposers"] == ["gazetteer", "bodies"]
    pipe = Pipeline(config)
    assert pipe.steps["entities"].recognizer.names == ["gazetteer", "bodies"]
    labels = {e.label for e in pipe.process_text("县人大常委会主任张功玉到华容县调研。", doc_id="t").entities}
    assert labels == {"LOC", "ORG"}


def _classes_and_imports(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    classes = [(n.name, n.end_lineno - n.lineno + 1) for n in ast.walk(tree) if isinstance(n, ast.ClassDef)]
    private = [a.name for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.level
               for a in n.names if a.name.startswith("_")]
    bases = [n.name for n in ast.walk(tree) if isinstance(n, ast.ClassDef) and len(n.bases) > 1]
    return classes, private, bases


@pytest.mark.parametrize("path", sorted(ENTITIES.glob("*.py")), ids=lambda p: p.name)
def test_modules_are_small_with_no_mixins_and_no_private_imports(path):
    assert len(path.read_text(encoding="utf-8").splitlines()) <= 600
    classes, private, bases = _classes_and_imports(path)
    assert classes or path.name in ("__init__.py", "registry.py")
    assert all(size <= 300 for _, size in classes), classes
    assert private == [] and bases == []
