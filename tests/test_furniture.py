"""The furniture rules load once, checked: an unknown or misspelled key is refused with its line."""
from __future__ import annotations

import shutil

import pytest

from pipeline.furniture import FurnitureRules
from pipeline.rules import RuleError, rules_dir
from pipeline.textnorm import TextRules


def _copy_rules(tmp_path, monkeypatch):
    dest = tmp_path / "rules"
    shutil.copytree(rules_dir(), dest, ignore=shutil.ignore_patterns("gazetteer"))
    monkeypatch.setenv("BULLETIN_IE_RULES", str(dest))
    return dest


def test_the_shipped_rules_load():
    rules = FurnitureRules.load()
    assert rules.layout.header and rules.page.key_field["发布时间"] == "date"
    assert "常委会" in TextRules.load().bound_words


def test_a_misspelled_top_level_key_is_refused_with_its_line(tmp_path, monkeypatch):
    dest = _copy_rules(tmp_path, monkeypatch)
    path = dest / "furniture.yml"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines) if line.startswith("widget_words:"))
    lines[n] = lines[n].replace("widget_words:", "widget_word:")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(RuleError, match=rf"furniture.yml:{n + 1}: widget_word: unknown key"):
        FurnitureRules.load()


def test_an_unknown_key_inside_an_entry_and_a_bad_pattern_are_refused(tmp_path, monkeypatch):
    dest = _copy_rules(tmp_path, monkeypatch)
    path = dest / "furniture.yml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("continues: true", "continue: true", 1), encoding="utf-8")
    with pytest.raises(RuleError, match=r"footer\.0\.continue: unknown key"):
        FurnitureRules.load()
    path.write_text(text.replace("prev_next: '^", "prev_next: '^(", 1), encoding="utf-8")
    with pytest.raises(RuleError, match=r"prev_next: bad pattern"):
        FurnitureRules.load()


def test_text_rules_are_checked_too(tmp_path, monkeypatch):
    dest = _copy_rules(tmp_path, monkeypatch)
    path = dest / "text.yml"
    path.write_text(path.read_text(encoding="utf-8") + "\nbound_word: [x]\n", encoding="utf-8")
    with pytest.raises(RuleError, match=r"text.yml:\d+: bound_word: unknown key"):
        TextRules.load()
