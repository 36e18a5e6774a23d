"""The facts stage's cue words and patterns, read from rules/facts.yml.

Rules are data: every word list and pattern the linker uses lives in the YAML
file and is checked here once (``Cues.load``, in the stage's constructor), so a
malformed rule fails with the file's name.  Date forms are the date grammar's
(rules/dates.yml); the page's date labels are ingest's (rules/furniture.yml).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..chars import alternation
from ..rules import RuleError, load_yaml

FILE = "facts.yml"
WORD_KEYS = ("level_prefixes", "subject_fillers", "media_suffixes", "media_not", "law_suffixes", "law_verbs",
             "item_prefixes", "list_heads", "item_kinds", "growth_words", "whole_words", "part_words",
             "history_words", "example_words", "from_words", "to_words", "feature_suffixes", "project_words",
             "salutations", "comparison_place_before", "respectively", "level_chars", "generic_levels", "distributive", "name_heads", "affiliation_heads")
PATTERN_KEYS = ("caption_pattern", "heading_pattern", "subtitle_pattern", "section_opener_pattern")
GRAMMAR_KEYS = ("date_like", "opening_junk", "number_run", "container_gap", "caption_tail", "etc", "etc_list",
                "list_member_after", "list_item_after", "list_item_before", "bracket_aside", "excluded_before", "excluded_after",
                "law_window_break", "comparison_fill", "respective_joiner", "respective_gap", "clause_break",
                "dateline", "term_subject_prefix", "sentence_stop", "column_label")
REQUIRED = WORD_KEYS + PATTERN_KEYS + ("page_date", "level_suffixes", "level_not_endings", "level_max_depth",
                                       "law_window", "heading_max_chars", "grammar", "name_window",
                                       "affiliation_window")


def _words(data: dict, key: str) -> tuple[str, ...]:
    value = data[key]
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise RuleError(f"rules/{FILE}: '{key}' must be a list of non-empty strings")
    return tuple(sorted(value, key=len, reverse=True))  # longest first for alternations


def _pattern(data: dict, key: str) -> regex.Pattern:
    if key not in data:
        raise RuleError(f"rules/{FILE}: missing pattern '{key}'")
    try:
        return regex.compile(data[key])
    except (regex.error, TypeError) as exc:
        raise RuleError(f"rules/{FILE}: bad pattern '{key}': {exc}") from exc


@dataclass(frozen=True)
class Cues:
    """Compiled cue words and patterns of the facts stage (see rules/facts.yml for each)."""

    level_prefixes: tuple[str, ...]
    subject_fillers: tuple[str, ...]
    media_suffixes: tuple[str, ...]
    media_not: tuple[str, ...]
    law_suffixes: tuple[str, ...]
    law_verbs: tuple[str, ...]
    item_prefixes: tuple[str, ...]
    list_heads: tuple[str, ...]
    item_kinds: tuple[str, ...]
    growth_words: tuple[str, ...]
    whole_words: tuple[str, ...]
    part_words: tuple[str, ...]
    history_words: tuple[str, ...]
    example_words: tuple[str, ...]
    from_words: tuple[str, ...]
    to_words: tuple[str, ...]
    feature_suffixes: tuple[str, ...]
    project_words: tuple[str, ...]
    salutations: tuple[str, ...]
    comparison_place_before: tuple[str, ...]
    respectively: tuple[str, ...]
    level_chars: tuple[str, ...]
    generic_levels: tuple[str, ...]
    distributive: tuple[str, ...]
    name_heads: tuple[str, ...]
    affiliation_heads: tuple[str, ...]
    caption: regex.Pattern
    heading: regex.Pattern
    subtitle: regex.Pattern
    section_opener: regex.Pattern
    grammar: dict[str, regex.Pattern]  # the linker's small patterns, by name (GRAMMAR_KEYS)
    date_labels: tuple[str, ...]
    page_date_max_lines: int
    trailing_ok: tuple[regex.Pattern, ...]
    level_suffixes: dict[str, tuple[str, ...]]
    level_not_endings: dict[str, tuple[str, ...]]  # 区: 社区, 园区 are no districts
    level_max_depth: dict[str, int]  # 县: 3 (province/prefecture/county)
    law_window: int
    name_window: int
    affiliation_window: int
    heading_max_chars: int
    level_word: regex.Pattern  # 全市, 本县, 我镇 ...: group 'level' is a key of level_suffixes
    from_re: regex.Pattern  # from_words, as one alternation
    to_re: regex.Pattern  # to_words, as one alternation

    @classmethod
    def load(cls, name: str = FILE) -> "Cues":
        data = load_yaml(name, REQUIRED)
        page = data["page_date"]
        if not isinstance(page, dict) or "trailing_ok" not in page:
            raise RuleError(f"rules/{name}: page_date needs trailing_ok")
        levels = data["level_suffixes"]
        if not isinstance(levels, dict):
            raise RuleError(f"rules/{name}: level_suffixes maps a level word to name endings")
        words = {k: _words(data, k) for k in WORD_KEYS}
        patterns = {k.removesuffix("_pattern"): _pattern(data, k) for k in PATTERN_KEYS}
        if not isinstance(data["grammar"], dict):
            raise RuleError(f"rules/{name}: 'grammar' maps pattern names to regular expressions")
        unknown = set(data["grammar"]) - set(GRAMMAR_KEYS)
        if unknown:
            raise RuleError(f"rules/{name}: unknown grammar pattern(s): {', '.join(sorted(unknown))}")
        grammar = {k: _pattern(data["grammar"], k) for k in GRAMMAR_KEYS}
        level_keys = tuple(sorted(levels, key=len, reverse=True))
        level_word = regex.compile(f"(?:{alternation(words['level_prefixes'])})(?P<level>{alternation(level_keys)})")
        furniture = load_yaml("furniture.yml", ("meta_keys",))
        labels = (furniture["meta_keys"] or {}).get("date") or []
        if not labels:
            raise RuleError("rules/furniture.yml: meta_keys needs the page's date labels (date)")
        try:
            trailing = tuple(regex.compile(p) for p in page["trailing_ok"])
        except regex.error as exc:
            raise RuleError(f"rules/{name}: bad pattern in page_date.trailing_ok: {exc}") from exc
        return cls(
            **words, **patterns, grammar=grammar,
            date_labels=tuple(sorted(labels, key=len, reverse=True)),
            page_date_max_lines=int(page.get("max_lines", 15)), trailing_ok=trailing,
            level_suffixes={k: tuple(v) for k, v in levels.items()},
            level_not_endings={k: _words(data["level_not_endings"], k) for k in data["level_not_endings"]},
            level_max_depth={str(k): int(v) for k, v in data["level_max_depth"].items()},
            law_window=int(data["law_window"]), name_window=int(data["name_window"]),
            affiliation_window=int(data["affiliation_window"]),
            heading_max_chars=int(data["heading_max_chars"]),
            level_word=level_word, from_re=regex.compile(alternation(words["from_words"])),
            to_re=regex.compile(alternation(words["to_words"])))
