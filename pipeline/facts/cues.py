"""The facts stage's cue words and date forms, read from rules/facts.yml.

Rules are data: every word list and pattern the linker uses lives in the YAML
file and is checked here once, so a malformed rule fails with the file's name.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from ..rules import RuleError, load_yaml

REQUIRED = ("page_date", "relative_years", "report_year_words", "report_year_last_month",
            "open_span_words", "now_words", "npc_first_session_year", "level_prefixes",
            "level_suffixes", "subject_fillers", "media_suffixes", "law_suffixes", "law_window",
            "item_prefixes", "caption_pattern", "heading_pattern", "heading_max_chars",
            "growth_words", "whole_words", "part_words", "history_words", "media_not",
            "subtitle_pattern", "comparison_before", "comparison_after", "relative_span_words",
            "example_words", "ratio_before", "from_words", "to_words", "feature_suffixes",
            "project_words", "salutations", "level_not_endings", "level_max_depth",
            "comparison_place_before", "respectively", "section_opener_pattern")


def _words(data: dict, key: str) -> tuple[str, ...]:
    value = data[key]
    if not isinstance(value, list) or not all(isinstance(w, str) and w for w in value):
        raise RuleError(f"rules/facts.yml: '{key}' must be a list of non-empty strings")
    return tuple(sorted(value, key=len, reverse=True))  # longest first for alternations


def _alt(words: tuple[str, ...]) -> str:
    return "|".join(regex.escape(w) for w in words)


@dataclass(frozen=True)
class Cues:
    """Compiled cue words and patterns."""

    date_labels: tuple[str, ...]
    page_date_max_lines: int
    trailing_ok: tuple[regex.Pattern, ...]
    relative_years: dict[str, int]
    report_year_words: tuple[str, ...]
    report_year_last_month: int
    open_span_words: tuple[str, ...]
    now_words: tuple[str, ...]
    npc_first_year: dict[int, int]
    level_prefixes: tuple[str, ...]
    level_suffixes: dict[str, tuple[str, ...]]
    subject_fillers: tuple[str, ...]
    media_suffixes: tuple[str, ...]
    media_not: tuple[str, ...]
    law_suffixes: tuple[str, ...]
    law_window: int
    item_prefixes: tuple[str, ...]
    caption: regex.Pattern
    heading: regex.Pattern
    heading_max_chars: int
    growth_words: tuple[str, ...]
    whole_words: tuple[str, ...]
    part_words: tuple[str, ...]
    history_words: tuple[str, ...]
    subtitle: regex.Pattern
    comparison_before: tuple[str, ...]
    comparison_after: tuple[str, ...]
    relative_span_words: tuple[str, ...]
    example_words: tuple[str, ...]
    ratio_before: tuple[str, ...]  # 是去年的1.5倍: a base only with 的 after the year
    from_words: tuple[str, ...]  # 由去年的89%提高到92%: the 'from' part opens with these
    to_words: tuple[str, ...]  # ... and ends with these
    feature_suffixes: tuple[str, ...]  # 桃源河, 连接路: rivers, roads, reservoirs
    project_words: tuple[str, ...]  # 治理, 硬化: such a feature is a project's object
    salutations: tuple[str, ...]  # 各位代表: before a report's framing year
    level_not_endings: dict[str, tuple[str, ...]]  # 区: 社区, 园区 are no districts
    level_max_depth: dict[str, int]  # 县: 3 (province/prefecture/county)
    comparison_place_before: tuple[str, ...] = ()  # 高于宁夏平均水平: a base, not the locality
    respectively: tuple[str, ...] = ()  # 分别: pairs a list of places with figures in order
    section_opener: regex.Pattern | None = None  # 一是…, 二是…: a report's sections run in

    @property
    def level_word(self) -> regex.Pattern:
        """全市, 本县, 我镇 ...: group 'level' is the key of ``level_suffixes``."""
        return _level_word(self)


_LEVEL_WORD: dict[int, regex.Pattern] = {}


def _level_word(cues: "Cues") -> regex.Pattern:
    if id(cues) not in _LEVEL_WORD:  # one Cues per process (load_cues is cached)
        levels = tuple(sorted(cues.level_suffixes, key=len, reverse=True))
        _LEVEL_WORD[id(cues)] = regex.compile(f"(?:{_alt(cues.level_prefixes)})(?P<level>{_alt(levels)})")
    return _LEVEL_WORD[id(cues)]


@lru_cache(maxsize=1)
def load_cues() -> Cues:
    data = load_yaml("facts.yml", REQUIRED)
    page = data["page_date"]
    if not isinstance(page, dict) or "labels" not in page or "trailing_ok" not in page:
        raise RuleError("rules/facts.yml: page_date needs labels and trailing_ok")
    rel = data["relative_years"]
    if not isinstance(rel, dict) or not all(isinstance(v, int) for v in rel.values()):
        raise RuleError("rules/facts.yml: relative_years maps words to year offsets")
    npc = data["npc_first_session_year"]
    if not isinstance(npc, dict) or not all(isinstance(k, int) and isinstance(v, int) for k, v in npc.items()):
        raise RuleError("rules/facts.yml: npc_first_session_year maps term numbers to years")
    levels = data["level_suffixes"]
    if not isinstance(levels, dict):
        raise RuleError("rules/facts.yml: level_suffixes maps a level word to name endings")
    try:
        return Cues(
            date_labels=_words(page, "labels"),
            page_date_max_lines=int(page.get("max_lines", 15)),
            trailing_ok=tuple(regex.compile(p) for p in page["trailing_ok"]),
            relative_years=dict(rel),
            report_year_words=_words(data, "report_year_words"),
            report_year_last_month=int(data["report_year_last_month"]),
            open_span_words=_words(data, "open_span_words"),
            now_words=_words(data, "now_words"),
            npc_first_year=dict(npc),
            level_prefixes=_words(data, "level_prefixes"),
            level_suffixes={k: tuple(v) for k, v in levels.items()},
            subject_fillers=_words(data, "subject_fillers"),
            media_suffixes=_words(data, "media_suffixes"),
            media_not=_words(data, "media_not"),
            law_suffixes=_words(data, "law_suffixes"),
            law_window=int(data["law_window"]),
            item_prefixes=_words(data, "item_prefixes"),
            caption=regex.compile(data["caption_pattern"]),
            heading=regex.compile(data["heading_pattern"]),
            heading_max_chars=int(data["heading_max_chars"]),
            growth_words=_words(data, "growth_words"),
            whole_words=_words(data, "whole_words"),
            part_words=_words(data, "part_words"),
            history_words=_words(data, "history_words"),
            subtitle=regex.compile(data["subtitle_pattern"]),
            comparison_before=_words(data, "comparison_before"),
            comparison_after=_words(data, "comparison_after"),
            relative_span_words=_words(data, "relative_span_words"),
            example_words=_words(data, "example_words"),
            ratio_before=_words(data, "ratio_before"),
            from_words=_words(data, "from_words"),
            to_words=_words(data, "to_words"),
            feature_suffixes=_words(data, "feature_suffixes"),
            comparison_place_before=_words(data, "comparison_place_before"),
            respectively=_words(data, "respectively"),
            section_opener=regex.compile(data["section_opener_pattern"]),
            project_words=_words(data, "project_words"),
            salutations=_words(data, "salutations"),
            level_not_endings={k: _words(data["level_not_endings"], k) for k in data["level_not_endings"]},
            level_max_depth={str(k): int(v) for k, v in data["level_max_depth"].items()},
        )
    except regex.error as exc:
        raise RuleError(f"rules/facts.yml: bad pattern: {exc}") from exc
