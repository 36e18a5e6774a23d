"""Across bulletins: the run's annotation keeps what the facts stage named, and the
catalogue command shows one row per indicator."""
from __future__ import annotations

from collections import Counter

from pipeline.catalogue import default_catalogue
from pipeline.cli import main as cli
from pipeline.crossdoc import annotate

from .conftest import read_jsonl
from .test_catalogue import fact


def test_the_run_keeps_the_facts_stages_indicator_unless_a_reviewer_corrected_it():
    s = "华容县人大常委会组织代表收集意见建议86条。"
    named = fact("F1", "a", "意见建议", 86, "条", s, "86条", indicator="named by the facts stage")
    corrected = fact("F2", "b", "意见建议", 86, "条", s, "86条", indicator="named by the facts stage",
                     review={"status": "corrected", "note": None, "correction": {"unit": "件"}})
    annotate([named, corrected], reclassify=False)
    assert named["indicator"] == "named by the facts stage"
    assert corrected["indicator"] == "意见建议"  # read again: the reviewer changed the unit
    annotate([named], reclassify=True)  # the commands: the catalogue as it is now
    assert named["indicator"] == "意见建议"


def test_the_facts_of_a_run_are_written_once_with_the_stages_indicator(seed_run):
    facts = read_jsonl(seed_run / "facts.jsonl")
    assert facts and all("duplicate_of" in f and "indicator" in f for f in facts)
    cat = default_catalogue()
    again = [f for f in facts if cat.for_fact(f) is not None]
    assert again and all(cat.for_fact(f).name == f["indicator"] for f in again)


def test_catalogue_shows_one_row_per_indicator(seed_run, capsys):
    names = [e.name for e in default_catalogue().entries]
    assert any(n > 1 for n in Counter(names).values())  # entries that share a name exist
    assert cli(["catalogue", str(seed_run)]) == 0
    rows = capsys.readouterr().out.splitlines()[1:]
    shown = [row.split("\t")[1] for row in rows]
    assert shown and len(shown) == len(set(shown)), rows
