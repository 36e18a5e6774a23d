"""rules/loc_grammar.yml, checked and compiled once: the place grammar's data."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from ..chars import alternation
from ..gazetteer import LOC_GRAMMAR_KEYS
from ..rules import RuleError, load_yaml, rule_path, word_list
from .base import char_set


def _suffix_words(data: dict, path: str) -> dict[str, tuple[str, ...]]:
    value = data.get("suffix_words")
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, list) for k, v in value.items()):
        raise RuleError(f"{path}: 'suffix_words' must map words to lists of characters")
    return {k: tuple(v) for k, v in value.items()}


def _optional(data: dict, key: str, path: str) -> tuple[str, ...]:
    return tuple(word_list(data, key, path)) if data.get(key) else ()


def _one_word(data: dict, key: str, path: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{path}: '{key}' must be a word")
    return value.strip()


@dataclass
class LocRules:
    """rules/loc_grammar.yml, checked and compiled."""

    village_suffixes: list[str]
    features: list[tuple[str, bool]]  # (suffix, chained only)
    feature_stop_stems: set[str]
    stem_stop_chars: set[str]
    stem_bad_first: list[str]
    numerals: set[str]
    suffix_words: dict[str, tuple[str, ...]]  # word -> following chars that undo it
    named_features_re: Any
    never_names: set[str]
    ambiguous: set[str]
    enum_re: Any
    unit_suffixes: tuple[str, ...]
    town_suffixes: tuple[str, ...]
    town_name_chars: frozenset[str]
    region_word: str
    ethnic_marker: str
    unit_chars: frozenset[str]
    enumeration_units: tuple[str, ...]
    enumeration_item_units: tuple[str, ...]
    joins: frozenset = frozenset()  # suffixes that may follow a place name directly (海防村小区)
    generic_stem_count: int = 100000  # a village-index stem this frequent is a phrase (新型社区)
    family_re: Any = None  # 家 + settlement word (霍家营)
    road_re: Any = None  # numbered roads: 319国道, 国道319线, 省道S208
    generic_features: tuple[str, ...] = ()  # 通组道路, 产业路: classes of roads, no names
    water_suffixes: tuple[str, ...] = ()  # 河, 江, 溪: a short place name may be the stem
    road_nouns: tuple[str, ...] = ()  # 道路, 马路: a chained stem ending in one names no road

    @classmethod
    def load(cls, name: str = "loc_grammar.yml") -> "LocRules":
        path = str(rule_path(name))
        data = load_yaml(name, LOC_GRAMMAR_KEYS)
        feats = []
        joins: set[str] = set()
        for i, item in enumerate(data["feature_suffixes"]):
            if not isinstance(item, dict) or not isinstance(item.get("suffix"), str):
                raise RuleError(f"{path}: feature_suffixes[{i}] needs a 'suffix'")
            unknown = set(item) - {"suffix", "chained", "joins"}
            if unknown:
                raise RuleError(f"{path}: feature_suffixes[{i}] has unknown key(s) {sorted(unknown)}")
            feats.append((item["suffix"], bool(item.get("chained", False))))
            if item.get("joins"):
                joins.add(item["suffix"])
        feats.sort(key=lambda f: len(f[0]), reverse=True)
        return cls(
            road_re=_road_pattern(data, path),
            generic_features=_optional(data, "generic_features", path),
            water_suffixes=_optional(data, "water_suffixes", path),
            road_nouns=_optional(data, "road_nouns", path),
            village_suffixes=sorted(word_list(data, "village_suffixes", path), key=len, reverse=True),
            features=feats,
            joins=frozenset(joins),
            generic_stem_count=int(data.get("generic_stem_count", 100000)),
            family_re=regex.compile(rf"家(?:{alternation(word_list(data, 'family_place_suffixes', path))})")
            if data.get("family_place_suffixes") else None,
            feature_stop_stems=set(word_list(data, "feature_stop_stems", path)),
            stem_stop_chars=set(word_list(data, "stem_stop_chars", path)),
            stem_bad_first=word_list(data, "stem_bad_first", path),
            numerals=set(word_list(data, "numerals", path)),
            suffix_words=_suffix_words(data, path),
            named_features_re=regex.compile(alternation(word_list(data, "named_features", path))),
            never_names=set(word_list(data, "never_names", path)),
            ambiguous=set(word_list(data, "ambiguous_short_forms", path)),
            enum_re=_enumeration_pattern(data, path),
            unit_suffixes=tuple(word_list(data, "unit_suffixes", path)),
            town_suffixes=tuple(word_list(data, "town_suffixes", path)),
            town_name_chars=char_set(data, "town_name_chars", path),
            region_word=_one_word(data, "region_word", path),
            ethnic_marker=_one_word(data, "ethnic_marker", path),
            unit_chars=char_set(data, "unit_chars", path),
            enumeration_units=tuple(word_list(data, "enumeration_units", path)),
            enumeration_item_units=tuple(word_list(data, "enumeration_item_units", path)),
        )


def _enumeration_pattern(data: dict, path: str):
    """城关、南江、龙门三个乡镇: items joined by 、, an optional joiner and count, a tail."""
    tails = word_list(data, "enumeration_tails", path)
    joiners = word_list(data, "enumeration_joiners", path)
    count = data.get("enumeration_count")
    if not isinstance(count, dict) or not all(isinstance(count.get(k), str) for k in ("numerals", "measure")):
        raise RuleError(f"{path}: 'enumeration_count' needs 'numerals' and 'measure'")
    stop = regex.escape("".join(joiners) + "、")
    item = rf"(?:(?![{stop}])\p{{Han}}){{2,4}}?"
    return regex.compile(
        rf"(?P<items>{item}(?:、{item})+)(?:{alternation(joiners)})?"
        rf"(?:[{regex.escape(count['numerals'])}\d]+{regex.escape(count['measure'])})?"
        rf"(?P<tail>{alternation(tails)})")


def _road_pattern(data: dict, path: str):
    """Numbered roads: 319国道, G319国道, 国道319线, 省道S208 (GB 917 classes)."""
    roads = data.get("road_classes") or {}
    if not isinstance(roads, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(v) == 1 for k, v in roads.items()):
        raise RuleError(f"{path}: road_classes must map a class word to one letter")
    if not roads:
        return None
    letters = "".join(sorted(set(roads.values())))
    num = rf"[{letters}]?\d{{1,4}}"
    cls_words = alternation(list(roads))
    return regex.compile(rf"(?<![A-Za-z\d])(?:{num}(?:{cls_words})|(?:{cls_words}){num}线?)(?![A-Za-z\d])")
