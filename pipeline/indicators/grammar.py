"""The rules of the indicators stage, compiled: units (rules/units.yml) and the
figure, exclusion, cue and date grammar (rules/indicators.yml).

Everything here is loaded and checked once (``load_units``, ``load_grammar``); a
malformed entry raises RuleError naming the file and the entry.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import regex

from ..numbers import DIGIT_CHARS, MAGNITUDE_CHARS, NUMERAL_CHARS, figure_pattern, fold_numerals
from ..chars import alternation
from ..rules import RuleError, load_yaml, word_list

UNITS_FILE = "units.yml"
GRAMMAR_FILE = "indicators.yml"
MAX_VALUE = Decimal(10) ** 18  # beyond any figure a bulletin reports (and the Decimal context)
QUALIFIER_KEYS = ("more_than", "at_least", "about", "nearly", "at_most")
SKIPPED_ZONES = frozenset({"header", "footer"})

# Numeral classes for the exclusion placeholders ({CN}, {AR}, {NUM}); the extent of a
# figure itself is pipeline.numbers.figure_pattern.
CN_CHARS = NUMERAL_CHARS
CN = rf"[{CN_CHARS}]+(?:[点點][{DIGIT_CHARS}]+)?"
# Arabic figures: a separator must group by three, and a run is read whole or not
# at all (12,34 gives nothing, never 12 or 34).
AR = r"(?<!\d|\d,)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d|,\d)"
NUM = rf"(?:{AR}|{CN})"
MAGNITUDES = MAGNITUDE_CHARS
# Kinds whose subject usually follows the measure word (14个乡镇, 36万斤西瓜).
RIGHT_SUBJECT_KINDS = frozenset(
    {"count", "people", "times", "area", "weight", "length", "volume", "level", "issue"})
# Characters that end a phrase when reading a subject.
STOP_CHARS = frozenset("，,。；;：:！!？?、“”\"‘’'「」『』《》〈〉【】[]\n\r\t —-~～…·•/\\|")
OPEN_BRACKETS, CLOSE_BRACKETS = "(（", ")）"
QUOTES = {"“": "”", '"': '"', "「": "」", "‘": "’", "『": "』"}
_NO_QUOTES = str.maketrans("", "", "“”\"「」‘’『』《》")
_YEAR_IN_PHRASE = regex.compile(r"(?:1[5-9]|20)\d{2}年度?(?=[\u4e00-\u9fff]{2})")
_EDGE_STRIP = " 的了“”\"「」‘’『』《》"
_OPEN_QUOTES = {"“": "”", "「": "」", "‘": "’", "『": "』", "《": "》", '"': '"'}
_CLOSE_QUOTES = frozenset("”」’』》")



@dataclass(frozen=True)
class Unit:
    """One surface form of a unit from units.yml (see the keys described there)."""

    form: str
    unit: str
    kind: str
    multiplier: Decimal = Decimal(1)
    optional: bool = False
    not_before: tuple[str, ...] = ()
    parts: tuple[tuple[str, Decimal], ...] = ()  # 元 -> (角, 0.1), (分, 0.01): 5元3角
    arabic_only: bool = False  # 78.5分 is a score, 十分 is "very"
    after_change: bool = False  # 提升0.3个等级 (a move), but 分为3个等级 (3 个)
    numeral_form: bool = False  # 两: a numeral character too (三两茶叶 = 3 两)
    tenths: bool = False  # 成, 折: 七成六 = 76 %, 八五折 = 85 %
    before: tuple[str, ...] = ()  # symbols written before the figure: ¥500, US$1.2亿
    only_with_parts: bool = False  # 块 is 元 only in 3块5毛 (3块地 is a count)
    with_parts: "Unit | None" = None  # the unit this form is when parts follow (块 -> 元)


# ---------------------------------------------------------------- rules


def _mapping(data: dict[str, Any], key: str, file: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise RuleError(f"{file}: '{key}' must be a mapping")
    return value


def _compile(pattern: str, file: str, what: str) -> regex.Pattern:
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise RuleError(f"{file}: bad pattern in {what}: {exc}: {pattern!r}") from exc


def _expand(pattern: str, set_phrases: str = "", latin_units: str = "(?!)") -> str:
    """Fill the placeholders of exclusion and cue patterns."""
    return (pattern.replace("{NUM}", NUM).replace("{AR}", rf"(?:{AR})")
            .replace("{CN}", rf"(?:{CN})").replace("{SET_PHRASES}", set_phrases)
            .replace("{LATIN_UNITS}", rf"(?:{latin_units})"))


def load_units(file: str = UNITS_FILE) -> dict[str, Unit]:
    """Every surface form of rules/units.yml -> Unit.  Keys and types are checked by
    the file's schema (rules/schemas/units.yml); a form or a symbol given to two
    units, or a bad value, raises RuleError naming the file and the entry."""
    entries = load_yaml(file, required=("units",))["units"]  # keys and types: rules/schemas/units.yml
    if not isinstance(entries, list):
        raise RuleError(f"{file}: 'units' must be a list")
    forms: dict[str, Unit] = {}
    compound: list[Unit] = []
    for n, entry in enumerate(entries, 1):
        where = f"{file}: units entry {n} ({entry!r})"
        if not isinstance(entry, dict) or not isinstance(entry.get("unit"), str) or not entry["unit"]:
            raise RuleError(f"{where}: needs a 'unit' string")
        if not isinstance(entry.get("kind"), str):
            raise RuleError(f"{where}: needs a 'kind' string")
        flags = {k: entry.get(k, False) for k in ("optional", "arabic_only", "after_change", "numeral_form",
                                                  "tenths", "only_with_parts")}
        try:
            surface = word_list(entry, "forms", file) if "forms" in entry else [entry["unit"]]
            not_before = word_list(entry, "not_before", file) if "not_before" in entry else []
            before = word_list(entry, "before", file) if "before" in entry else []
            multiplier = Decimal(str(entry.get("multiplier", 1)))
            parts = _parts(entry.get("parts", {}), where)
        except RuleError as exc:
            raise RuleError(f"{where}: {exc}") from exc
        except ArithmeticError as exc:
            raise RuleError(f"{where}: bad multiplier") from exc
        if flags["only_with_parts"] and not parts:
            raise RuleError(f"{where}: only_with_parts needs parts")
        for form in map(fold_numerals, surface):
            unit = Unit(form, entry["unit"], entry["kind"], multiplier, flags["optional"], tuple(not_before),
                        parts, flags["arabic_only"], flags["after_change"], flags["numeral_form"],
                        flags["tenths"], tuple(map(fold_numerals, before)), flags["only_with_parts"])
            if flags["only_with_parts"]:
                compound.append(unit)
                continue
            if form in forms and forms[form].unit != entry["unit"]:
                raise RuleError(f"{where}: form {form!r} already belongs to {forms[form].unit}")
            forms[form] = unit
    symbols: dict[str, str] = {}
    for unit in forms.values():
        for symbol in unit.before:
            if symbols.setdefault(symbol, unit.unit) != unit.unit:
                raise RuleError(f"{file}: the symbol {symbol!r} is written before {symbols[symbol]} and {unit.unit}")
    for unit in compound:  # 块: a count, and 元 when parts follow (3块5毛)
        forms[unit.form] = replace(forms[unit.form], with_parts=unit) if unit.form in forms else unit
    if not forms:
        raise RuleError(f"{file}: no units")
    return forms


def _string_map(data: dict[str, Any], key: str, file: str) -> dict[str, str]:
    value = _mapping(data, key, file)
    if not all(isinstance(k, str) and isinstance(v, str) and v for k, v in value.items()):
        raise RuleError(f"{file}: '{key}' maps strings to non-empty strings")
    return value


def _parts(parts: Any, where: str) -> tuple[tuple[str, Decimal], ...]:
    """A unit's smaller units (角: 0.1) for compound amounts, largest first."""
    if not isinstance(parts, dict):
        raise RuleError(f"{where}: 'parts' maps a smaller unit to its value in the unit")
    out = []
    for form, value in parts.items():
        try:
            share = Decimal(str(value))
        except ArithmeticError as exc:
            raise RuleError(f"{where}: bad value for part {form!r}") from exc
        if not isinstance(form, str) or not form or not 0 < share < 1:
            raise RuleError(f"{where}: part {form!r} must be a word worth less than one unit")
        out.append((form, share))
    return tuple(sorted(out, key=lambda p: -p[1]))


@dataclass
class Grammar:
    """The compiled content of rules/indicators.yml (see the comments there)."""

    figure_parts: tuple[str, str, str]  # qualifier, vague and connector alternations
    half_re: regex.Pattern  # 半 after a unit: 三年半, 两米半
    half_kinds: frozenset[str]
    default_subjects: dict[str, str]  # unit kind -> subject when no noun phrase is found
    modifier_re: regex.Pattern  # describing words before 的 inside a counted noun (高质量的)
    part_not_before: frozenset[str]  # 5元3分钟: 分 begins a word, it is no part of 元
    pre_keys: list[tuple[regex.Pattern, str]]  # qualifier word before a figure -> key
    vague_keys: dict[str, str]
    post_re: regex.Pattern
    post_keys: dict[str, str]
    duration_only: frozenset[str]
    connector_re: regex.Pattern
    distant_qual_re: regex.Pattern  # 至少 + verb + figure
    implied_units: dict[str, str]
    implied_re: regex.Pattern
    exclusions: list[tuple[str, regex.Pattern]]
    article: frozenset[str]
    noncount: frozenset[str]
    bare: frozenset[str]
    result_tail_re: regex.Pattern  # 产值完成, 收入实现: a verb that only links
    change_keys: dict[str, str]
    change_tail_re: regex.Pattern
    change_head_re: regex.Pattern
    comparison_re: regex.Pattern
    to_markers: frozenset[str]
    from_re: regex.Pattern
    link_tail_re: regex.Pattern
    verb_re: regex.Pattern
    verb_full_re: regex.Pattern  # text that is only verbs (办理回复)
    verb_end_re: regex.Pattern
    verb_tail_re: regex.Pattern  # verb (+了) right before a figure
    verb_aspect_re: regex.Pattern  # verb + 了/着/过: ends a noun phrase
    cut_re: regex.Pattern
    leading_re: regex.Pattern
    right_stop_re: regex.Pattern
    right_start_re: regex.Pattern
    act_units: frozenset[str] = frozenset()  # 次: a count of acts
    act_object_re: regex.Pattern | None = None  # 代表, 企业: objects an act count keeps its verb for
    rank_move_re: regex.Pattern | None = None  # 提升, 前移 (+了) right before a figure
    aside_re: regex.Pattern | None = None  # a trailing bracketed remark: (含…), (其中…), (…71件…)


GRAMMAR_KEYS = (
    "qualifiers", "vague_before", "range_connectors", "changes", "link_words", "action_verbs",
    "nominal_suffixes", "cut_words", "subject_leading", "right_stop", "right_not_start",
    "result_verbs", "article_numerals",
    "noncount_numerals", "bare_magnitudes", "implied_units", "exclusions", "set_phrases",
    "half", "default_subjects", "right_modifiers", "part_not_before", "act_counts",
    "aside_starts")


def load_grammar(file: str = GRAMMAR_FILE, units: dict[str, Unit] | None = None) -> Grammar:
    """Read and compile rules/indicators.yml (keys and types checked by its schema); a
    bad entry raises RuleError naming the file.

    ``units`` (default: rules/units.yml) fills the {LATIN_UNITS} placeholder: digits
    before a Latin unit (10GB, 5cm) are a figure, not a code."""
    data = load_yaml(file, required=GRAMMAR_KEYS)
    if units is None:
        units = load_units()
    latin = alternation(sorted((f for f in units if f[:1].isascii() and f[:1].isalpha()), key=len, reverse=True))
    quals = _mapping(data, "qualifiers", file)
    before, after = _mapping(quals, "before", file), _mapping(quals, "after", file)
    for key in list(before) + list(after):
        if key not in QUALIFIER_KEYS:
            raise RuleError(f"{file}: unknown qualifier {key!r}")
    pre_keys = [(_compile(w, file, f"qualifiers.before.{key}"), key)
                for key in before for w in word_list(before, key, file)]
    pre_words = [w for key in before for w in before[key]]
    post_keys = {w: key for key in after for w in word_list(after, key, file)}
    vague = _mapping(data, "vague_before", file)
    vague_keys = {w: key for key in vague for w in word_list(vague, key, file)}
    if set(vague_keys.values()) - set(QUALIFIER_KEYS):
        raise RuleError(f"{file}: 'vague_before' keys must be qualifiers")
    connectors = alternation(word_list(data, "range_connectors", file))

    changes = _mapping(data, "changes", file)
    change_keys = {w: "increase" for w in word_list(changes, "increase", file)}
    change_keys.update({w: "decrease" for w in word_list(changes, "decrease", file)})
    to_markers = word_list(changes, "to", file)
    comparison = "|".join(word_list(changes, "comparison", file))
    changes_alt = alternation(change_keys, escape=False)

    nominal = alternation(word_list(data, "nominal_suffixes", file), escape=False)
    # one lookahead after the whole alternation, not one per verb: the same matches
    # (the engine backtracks into the group and tries the next verb when the
    # lookahead fails), and a pattern a tenth the size, seven times faster to compile
    verbs = f"(?:{alternation([f'(?:{v})' for v in word_list(data, 'action_verbs', file)], escape=False)})(?!{nominal})"
    bound = alternation([w for key in ("at_least", "at_most") for w in before.get(key, [])], escape=False)
    implied = _mapping(data, "implied_units", file)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in implied.items()):
        raise RuleError(f"{file}: 'implied_units' maps words to unit strings")
    set_phrases = alternation(word_list(data, "set_phrases", file))
    exclusions = []
    for n, entry in enumerate(data["exclusions"] or [], 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) \
                or not isinstance(entry.get("pattern"), str):
            raise RuleError(f"{file}: exclusions entry {n} needs 'name' and 'pattern' strings")
        pattern = _expand(entry["pattern"], set_phrases, latin)
        exclusions.append((entry["name"], _compile(pattern, file, f"exclusions.{entry['name']}")))

    def c(pattern: str, what: str) -> regex.Pattern:
        return _compile(pattern, file, what)

    half = _mapping(data, "half", file)
    figure_parts = (alternation(pre_words, escape=False), alternation(vague_keys), connectors)
    return Grammar(
        figure_parts=figure_parts,
        half_re=c(rf"(?:{alternation(word_list(half, 'marks', file))})"
                  rf"(?!{alternation(word_list(half, 'not_before', file))})", "half"),
        half_kinds=frozenset(word_list(half, "kinds", file)),
        default_subjects=_string_map(data, "default_subjects", file),
        modifier_re=c(alternation(word_list(data, "right_modifiers", file), escape=False), "right_modifiers"),
        part_not_before=frozenset(word_list(data, "part_not_before", file)) - {""},
        pre_keys=pre_keys,
        vague_keys=vague_keys,
        post_re=c(rf"[ ]?(?:{alternation(post_keys, escape=False)})", "qualifiers.after"),
        post_keys=post_keys,
        duration_only=frozenset(word_list(quals, "duration_only", file)),
        connector_re=c(rf"[ ]?(?:{connectors})[ ]?", "range_connectors"),
        distant_qual_re=c(rf"(?P<q>{bound})(?:{verbs}|[\u4e00-\u9fff]{{1,2}})$", "qualifiers.before"),
        implied_units=implied,
        implied_re=c(rf"(?P<w>{alternation(implied, escape=False)})(?:为|达|达到|约|是|共|有|超过|近|约为)?[ ]?$", "implied_units"),
        exclusions=exclusions,
        article=frozenset(word_list(data, "article_numerals", file)),
        noncount=frozenset(word_list(data, "noncount_numerals", file)),
        bare=frozenset(word_list(data, "bare_magnitudes", file)),
        result_tail_re=c(rf"(?:{alternation(word_list(data, 'result_verbs', file), escape=False)})$", "result_verbs"),
        change_keys=change_keys,
        change_tail_re=c(rf"(?:{changes_alt})$", "changes"),
        change_head_re=c(rf"^(?:{changes_alt})", "changes"),
        comparison_re=c(rf"(?:{comparison})$", "changes.comparison"),
        to_markers=frozenset(to_markers),
        from_re=c(rf"(?:{alternation(word_list(changes, 'from', file), escape=False)})(?:[^，,。；;]{{0,8}}?的)?[ ]?$", "changes.from"),
        link_tail_re=c(rf"(?:{alternation(word_list(data, 'link_words', file), escape=False)}|{alternation(to_markers, escape=False)})[ ]?$", "link_words"),
        verb_re=c(f"{verbs}|{changes_alt}", "action_verbs"),
        verb_full_re=c(rf"(?:{verbs}|{changes_alt})+", "action_verbs"),
        verb_end_re=c(rf"(?:{verbs})$", "action_verbs"),
        verb_tail_re=c(rf"(?:{verbs})(?:了|过|给)?[ ]?$", "action_verbs"),
        verb_aspect_re=c(rf"(?:{verbs})[了着过]", "action_verbs"),
        cut_re=c(alternation(word_list(data, "cut_words", file), escape=False), "cut_words"),
        leading_re=c(rf"^(?:{alternation(word_list(data, 'subject_leading', file), escape=False)})", "subject_leading"),
        right_stop_re=c(alternation(word_list(data, "right_stop", file), escape=False), "right_stop"),
        right_start_re=c(f"{alternation(word_list(data, 'right_not_start', file), escape=False)}|{verbs}|{changes_alt}",
                         "right_not_start"),
        act_units=frozenset(word_list(_mapping(data, "act_counts", file), "units", file)),
        rank_move_re=c(rf"(?:{changes_alt}|{alternation(word_list(changes, 'rank_moves', file), escape=False)})[了]?[ ]?$",
                       "changes.rank_moves"),
        aside_re=c(rf"[(（](?:{alternation(word_list(data, 'aside_starts', file), escape=False)}|[^()（）]*\d)[^()（）]*[)）]$",
                   "aside_starts"),
        act_object_re=c(rf"(?:{alternation(word_list(_mapping(data, 'act_counts', file), 'objects', file), escape=False)})$",
                        "act_counts.objects"),
    )


def _figure_pattern(pre: str, vague: str, connectors: str, unit_heads: str = "", numeral_units: str = "",
                    unit_forms: str = "", currency: str = "") -> str:
    """qualifier? currency? vague? figure (connector figure)?: 近两百万, ¥500, 上百, 40 余万,
    19 至 27, 百分之九十.  The figure is ``pipeline.numbers.figure_pattern``: all the
    numeral material that touches it (see there for ``unit_heads``, ``numeral_units``
    and ``unit_forms``); ``currency`` lists the symbols written before a figure.
    """
    fig = figure_pattern(unit_heads, numeral_units, unit_forms)
    cur = rf"(?:(?P<cur>{currency or '(?!)'})[ ]?)?"
    return (
        rf"(?:(?P<pre>{pre})[ ]?)?{cur}"
        rf"(?:(?P<vague>{vague})(?=[{MAGNITUDES}]))?"
        rf"(?P<fig>{fig})"
        rf"(?:[ ]?(?P<conn>{connectors})[ ]?(?P<fig2>{fig}))?"
    )

