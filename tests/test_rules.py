"""Rules files are checked against their schemas (rules/schemas/) when loaded: a
misspelled key or a bad line is refused with its file and line; compiled
patterns are kept on disk."""
from __future__ import annotations

import pickle
import shutil
from pathlib import Path

import pytest
import regex

from pipeline.rules import PatternCache, RuleError, check_file, load_lines, load_yaml, rules_dir
from pipeline.schema import Schema, SchemaError

RULES = rules_dir()
# rules/fitted/ holds fitted models (JSON, read by pipeline/fitting.py) and the
# feature tables they were fitted on (read by the refit tests), not rules
NOT_RULES = ("schemas", "fitted")
YAML_FILES = sorted(str(p.relative_to(RULES)) for p in RULES.rglob("*.yml")
                    if p.relative_to(RULES).parts[0] not in NOT_RULES)
LINE_FILES = sorted(str(p.relative_to(RULES)) for p in RULES.rglob("*")
                    if p.suffix in (".txt", ".tsv") and p.relative_to(RULES).parts[0] not in NOT_RULES)


def test_every_rules_file_has_a_schema_and_fits_it():
    assert len(YAML_FILES) >= 12 and len(LINE_FILES) >= 8
    for name in YAML_FILES + LINE_FILES:
        check_file(name)


@pytest.fixture
def rules_copy(tmp_path, monkeypatch) -> Path:
    dest = tmp_path / "rules"
    shutil.copytree(RULES, dest, ignore=shutil.ignore_patterns("*.gz", "places.tsv", "common_words.txt",
                                                                 "media.txt"))
    monkeypatch.setenv("BULLETIN_IE_RULES", str(dest))
    return dest


@pytest.mark.parametrize("name", YAML_FILES)
def test_a_misspelled_top_level_key_is_refused_with_file_and_line(rules_copy, name):
    path = rules_copy / name
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line[:1].isalpha() and ":" in line)
    key = lines[n].split(":", 1)[0]
    lines[n] = lines[n].replace(f"{key}:", f"{key}x:", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"{regex.escape(name)}:{n + 1}: {key}x: unknown key \(did you mean '{key}'"):
        load_yaml(name)


def test_a_nested_key_and_a_wrong_type_are_refused_with_their_lines(rules_copy):
    path = rules_copy / "facts.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  max_lines:", "  max_line:", 1), encoding="utf-8")
    with pytest.raises(RuleError, match=r"facts.yml:\d+: page_date.max_line: unknown key"):
        load_yaml("facts.yml")
    path.write_text(text.replace("law_window: 12", "law_window: twelve"), encoding="utf-8")
    line = next(i for i, t in enumerate(text.splitlines(), 1) if t.startswith("law_window"))
    with pytest.raises(RuleError, match=rf"facts.yml:{line}: law_window: expected an integer"):
        load_yaml("facts.yml")


def test_a_line_with_the_wrong_columns_is_refused_with_its_line(rules_copy):
    path = rules_copy / "foreign_places.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line and not line.startswith("#"))
    lines[n] = lines[n].replace("\t", " ")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"foreign_places.tsv:{n + 1}: expected 3 tab-separated"):
        load_lines("foreign_places.tsv")


def test_a_rules_file_without_a_schema_is_refused(rules_copy):
    (rules_copy / "new.yml").write_text("a: 1\n", encoding="utf-8")
    with pytest.raises(RuleError, match="new.yml: no schema"):
        load_yaml("new.yml")


def test_loaded_compiled_the_patterns_are_compiled_and_the_words_are_lists():
    data = load_yaml("text.yml", compiled=True)
    assert isinstance(data["bound_words"], list) and hasattr(data["heading_start"], "search")


def test_the_schema_language():
    schema = Schema.parse({"n": "int", "words": "words", "m": {"map": "int"},
                           "items": {"list": {"keys": {"a": "string", "b": "bool"}, "required": ["a"]}}},
                          "test")
    schema.check({"n": 1, "words": "a b", "m": {"x": 2}, "items": [{"a": "x"}, {"a": "y", "b": True}]})
    for bad, path in (({"n": True}, ("n",)), ({"items": [{"b": True}]}, ("items", 0)),
                      ({"items": [{"a": "x", "c": 1}]}, ("items", 0, "c")), ({"m": {"x": "2"}}, ("m", "x"))):
        with pytest.raises(SchemaError) as err:
            schema.check(bad)
        assert err.value.path == path
    with pytest.raises(SchemaError, match="unknown type"):
        Schema.parse({"n": "integer"}, "test")
    assert Schema.parse({"columns": ["a", "b?"]}, "t").check_row(["x"]) is None


def test_compiled_patterns_are_kept_on_disk_between_processes(tmp_path):
    path = tmp_path / "patterns.pickle"
    first = PatternCache(path)
    pattern = first.compile(r"(?P<n>\d+)件")
    assert first.dirty
    first.save()
    second = PatternCache(path)
    assert (r"(?P<n>\d+)件", 0) in second.entries and not second.dirty
    again = second.compile(r"(?P<n>\d+)件")
    assert again.pattern == pattern.pattern and again.search("共86件")["n"] == "86"
    assert not second.dirty  # read from the file, not compiled again
    path.write_bytes(b"not a pickle")
    assert PatternCache(path).entries == {}  # a damaged file only costs compiling
    assert pickle.loads(pickle.dumps(again)).search("1件")
