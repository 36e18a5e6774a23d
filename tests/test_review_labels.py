"""The Chinese names of the pipeline's codes (pipeline/review_labels.yml): every code the
facts stage can write is named, an unknown one is still readable, the file is checked."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline import series
import importlib
import pkgutil

import pipeline.facts
from pipeline.indicators import statistic
from pipeline.indicators.grammar import load_units
from pipeline.review import LABELS, Labels, page_data
from tests.fixture_run import build_run

FACTS_DIR = Path(pipeline.facts.__file__).parent


def confidence_tables() -> tuple[set[str], set[str]]:
    """The sources of places and of years: the keys of the facts stage's CONFIDENCE tables
    (wherever in pipeline/facts they are), the places' naming 'document', the years' 'inferred'."""
    tables = [getattr(importlib.import_module(f"pipeline.facts.{m.name}"), "CONFIDENCE", None)
              for m in pkgutil.iter_modules([str(FACTS_DIR)])]
    places = [set(t) for t in tables if isinstance(t, dict) and "document" in t]
    years = [set(t) for t in tables if isinstance(t, dict) and "inferred" in t]
    assert places and years, "the facts stage's CONFIDENCE tables were not found"
    return set().union(*places), set().union(*years)


def flag_codes() -> set[str]:
    """Flag codes the facts stage and the catalogue write (read from their code)."""
    found = set(re.findall(r'_flag\("(\w+)"', (FACTS_DIR / "flags.py").read_text(encoding="utf-8")))
    assert found, "no flag codes found in pipeline/facts/flags.py: has the way flags are made changed?"
    return found | {series.CONFLICT}


def test_every_code_the_facts_stage_writes_has_a_chinese_name():
    labels = Labels.load()
    places, years = confidence_tables()
    assert "unresolved" in years  # a year the timeline leaves unresolved is a source too
    missing = {
        "locality_source": places - set(labels.locality_source),
        "time_source": years - set(labels.time_source),
        "flags": flag_codes() - set(labels.flags),
        "statistic": set(statistic.KINDS) - set(labels.statistic),
        "unit_kind": {u.kind for u in load_units().values()} - set(labels.unit_kind),
    }
    assert not any(missing.values()), missing
    for table in ("locality_source", "time_source", "statistic", "unit_kind"):
        for name in getattr(labels, table).values():
            assert re.search(r"[\u4e00-\u9fff]", name), name  # Chinese, not a code
    for code in flag_codes():
        assert re.search(r"[\u4e00-\u9fff]", labels.flags[code]["name"]) and labels.flags[code]["hint"]


def test_an_unknown_code_is_still_readable():
    labels = Labels.load()
    assert labels.name("time_source", "sentence") == "来自本句"
    assert labels.name("flags", "conflicting_values") == "本公报内数值不一致"
    assert labels.name("locality_source", "telepathy") == "其他（telepathy）"
    assert labels.name("time_source", None) is None


def test_a_malformed_labels_file_is_refused(tmp_path):
    text = LABELS.read_text(encoding="utf-8")
    for broken in (text.replace("fallback: 其他（{code}）", "fallback: 其他"),
                   text.replace("  clause: 来自本分句\n", "  clause: [1]\n", 1),
                   "just a string\n"):
        path = tmp_path / "labels.yml"
        path.write_text(broken, encoding="utf-8")
        with pytest.raises(ValueError):
            Labels.load(path)


def test_the_page_carries_the_labels_and_the_facts_fields_it_shows(tmp_path):
    run = build_run(tmp_path / "run")
    data = page_data(run)
    assert data["labels"]["time_source"]["article"] == "来自本篇"
    fact = data["facts"][0]
    assert fact["anchor"].startswith("A") and len(fact["anchor"]) == 17
    assert fact["quote"]["text"] and "sentence" not in fact["evidence"]  # the quote is the sentence
