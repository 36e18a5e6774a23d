"""Stage 4: numeric indicators (and the dates around them) in one sentence.

An indicator is a figure with a unit that reports a measured quantity
(GUIDELINES.md, "Indicators").  The finder works in three steps, each small
enough to read on its own:

1. **Candidates** (``_candidates``): one compiled regex finds figures with
   their qualifiers (近/约/超过 ... 以上/左右) and ranges (1—2, 19至27); a
   longest-match lookup in ``rules/units.yml`` reads the unit that follows
   (人次 over 人).  A figure without a unit is never a candidate.
2. **Decision** (``_drop_reason``, ``_is_optional``): the exclusion patterns
   of ``rules/indicators.yml`` (ordinals, identifiers, phone numbers, quoted
   names, set phrases) and the dates found by ``find_times`` veto a
   candidate; the bare numeral 一 ("a"), bare 二 and bare 百/千/万 are not
   counts.  Norms, plans, vague and structural figures are kept but flagged
   ``optional`` (GUIDELINES: "Optional").
3. **Description** (``_describe``): the subject is read from the words before
   the figure (参选率达97.7%) or after the measure word (14个乡镇); the change
   (提升/降低, 由…到…) from the verbs around it; the span grows to the subject
   and verb next to the figure.

Word lists and patterns are data in ``rules/``; this module only compiles
them (once, in ``IndicatorFinder.from_rules``) and applies them.  It is all
regex and dictionary work: several hundred thousand characters per second.
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable, Iterator

import regex

from pipeline.numbers import NumberError, Quantity, fold_width, parse_number, parse_quantity
from pipeline.records import Indicator, Sentence, TimeExpression, stable_id
from pipeline.catalogue import is_excluded
from pipeline.rules import RuleError, load_yaml, word_list
from pipeline.subjects import strict_subject_ok, subject_problem

__all__ = ["IndicatorFinder", "IndicatorMatch", "TimeMatch", "extract"]

UNITS_FILE = "units.yml"
GRAMMAR_FILE = "indicators.yml"
MAX_VALUE = Decimal(10) ** 18  # beyond any figure a bulletin reports (and the Decimal context)
QUALIFIER_KEYS = ("more_than", "at_least", "about", "nearly", "at_most")
SKIPPED_ZONES = frozenset({"header", "footer"})

# Numeral classes, shared by the figure grammar and the exclusion placeholders.
CN_CHARS = "零〇一二两兩三四五六七八九壹贰貳叁參肆伍陆陸柒捌玖廿卅十拾百佰千仟万萬亿億"
CN = rf"[{CN_CHARS}]+(?:[点點][零〇一二三四五六七八九]+)?"
# Arabic figures: a separator must group by three, and a run is read whole or not
# at all (12,34 gives nothing, never 12 or 34).
AR = r"(?<!\d|\d,)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?!\d|,\d)"
NUM = rf"(?:{AR}|{CN})"
MAGNITUDES = "十百千万亿萬億"
# A sign belongs to the value (增长-2.7%, 增速为负8.4%); - after a digit, a letter
# or a numeral is a connector or a code, not a sign (－ and − fold to -).
SIGN = rf"(?:(?<![\dA-Za-z.%\-{CN_CHARS}])-|[负負](?=[\d{CN_CHARS}]))"
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
_PART_DIGITS = regex.compile(r"\d{1,2}|[零〇一二两兩三四五六七八九十]{1,2}")  # the 3 of 5元3角


# ---------------------------------------------------------------- results


@dataclass
class IndicatorMatch:
    """One indicator in a sentence; offsets are relative to the sentence text."""

    start: int
    end: int
    text: str
    subject: str | None
    value: Decimal | None
    value_max: Decimal | None
    unit: str
    unit_kind: str
    qualifier: str | None  # None, more_than, at_least, about, nearly, at_most, range
    number_text: str  # the figure as written: 40 余万, 19 至 27
    change: str | None = None  # increase, decrease, from, to
    optional: bool = False  # a norm, plan, vague or structural figure


@dataclass
class TimeMatch:
    """A date or period (2021年5月, 今年6月, 年底): never an indicator, kept for facts."""

    start: int
    end: int
    text: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    relative: str | None = None  # 今年, 去年, 年底, 上半年, 每月 ...


# ---------------------------------------------------------------- internals


@dataclass(frozen=True)
class Unit:
    """One surface form of a unit from units.yml."""

    form: str
    unit: str
    kind: str
    multiplier: Decimal = Decimal(1)
    optional: bool = False
    not_before: tuple[str, ...] = ()
    parts: tuple[tuple[str, Decimal], ...] = ()  # 元 -> (角, 0.1), (分, 0.01): 5元3角
    arabic_only: bool = False  # 78.5分 is a score, 十分 is "very"
    after_change: bool = False  # 提升0.3个等级 (a move), but 分为3个等级 (3 个)


@dataclass
class Candidate:
    """A figure with its unit, before the decision to keep it."""

    start: int  # first character, qualifier words included
    num_start: int  # first character of the figure itself
    num_end: int  # end of the figure (range included)
    unit_end: int
    end: int  # after the trailing qualifier
    quantity: Quantity
    quantity_max: Quantity | None
    unit: Unit
    figure: str  # numeral text of the first figure: 一, 两百万, 40余万
    pre: str | None = None  # qualifier before the figure (key)
    post: str | None = None  # qualifier after the unit (key)
    inner: str | None = None  # 多/余 inside a 个-unit: 两个多月
    vague: str | None = None  # 上/几/数 before a magnitude (key)
    percent_form: bool = False  # 百分之九十, 三分之二, 千分之五
    half: bool = False  # 三年半, 两个半月: 0.5 added to the value


@dataclass
class _Left:
    """What the words before a figure say."""

    subject: str | None
    span_start: int
    change: str | None
    to_marker: bool  # 增加到, 减少到: the figure is a new value
    verb_object: bool  # a verb with its object right before the figure
    qualifier: str | None = None  # 至少 + verb before the figure
    verb: str | None = None  # the verb whose object is the subject (组织 of 组织代表)


# ---------------------------------------------------------------- rules


def _mapping(data: dict[str, Any], key: str, file: str) -> dict[str, Any]:
    value = data.get(key)
    if not isinstance(value, dict):
        raise RuleError(f"{file}: '{key}' must be a mapping")
    return value


def _alt(words: Iterable[str], escape: bool = False) -> str:
    """A regex alternation, longest entry first so 超过 wins over 超."""
    items = sorted(set(words), key=len, reverse=True)
    return "|".join(regex.escape(w) if escape else w for w in items)


def _compile(pattern: str, file: str, what: str) -> regex.Pattern:
    try:
        return regex.compile(pattern)
    except regex.error as exc:
        raise RuleError(f"{file}: bad pattern in {what}: {exc}: {pattern!r}") from exc


def _expand(pattern: str, set_phrases: str = "") -> str:
    """Fill the placeholders of exclusion and cue patterns."""
    return (pattern.replace("{NUM}", NUM).replace("{AR}", rf"(?:{AR})")
            .replace("{CN}", rf"(?:{CN})").replace("{SET_PHRASES}", set_phrases))


def load_units(file: str = UNITS_FILE) -> dict[str, Unit]:
    """Every surface form of rules/units.yml -> Unit, validated."""
    entries = load_yaml(file, required=("units",))["units"]
    if not isinstance(entries, list):
        raise RuleError(f"{file}: 'units' must be a list")
    forms: dict[str, Unit] = {}
    for n, entry in enumerate(entries, 1):
        where = f"{file}: units entry {n} ({entry!r})"
        if not isinstance(entry, dict) or not isinstance(entry.get("unit"), str) or not entry["unit"]:
            raise RuleError(f"{where}: needs a 'unit' string")
        if not isinstance(entry.get("kind"), str):
            raise RuleError(f"{where}: needs a 'kind' string")
        unknown = set(entry) - {"unit", "kind", "forms", "multiplier", "optional", "not_before", "parts",
                                "arabic_only", "after_change"}
        if unknown:
            raise RuleError(f"{where}: unknown key(s) {sorted(unknown)}")
        try:
            surface = word_list(entry, "forms", file) if "forms" in entry else [entry["unit"]]
            not_before = word_list(entry, "not_before", file) if "not_before" in entry else []
            multiplier = Decimal(str(entry.get("multiplier", 1)))
            parts = _parts(entry.get("parts", {}), where)
        except RuleError as exc:
            raise RuleError(f"{where}: {exc}") from exc
        except ArithmeticError as exc:
            raise RuleError(f"{where}: bad multiplier") from exc
        for form in map(fold_width, surface):
            if form in forms and forms[form].unit != entry["unit"]:
                raise RuleError(f"{where}: form {form!r} already belongs to {forms[form].unit}")
            forms[form] = Unit(form, entry["unit"], entry["kind"], multiplier,
                               bool(entry.get("optional", False)), tuple(not_before), parts,
                               bool(entry.get("arabic_only", False)), bool(entry.get("after_change", False)))
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
    figure_re: regex.Pattern  # qualifier? vague? figure (connector figure)?
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
    norm_re: regex.Pattern
    frequency_re: regex.Pattern  # 每季度召开1次: a count per period is a norm
    quota_re: regex.Pattern  # 每人联系3至5名: a range per person or unit is a quota
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
    time_re: regex.Pattern
    act_units: frozenset[str] = frozenset()  # 次: a count of acts
    act_object_re: regex.Pattern | None = None  # 代表, 企业: objects an act count keeps its verb for
    rank_move_re: regex.Pattern | None = None  # 提升, 前移 (+了) right before a figure
    aside_re: regex.Pattern | None = None  # a trailing bracketed remark: (含…), (其中…), (…71件…)


def load_grammar(file: str = GRAMMAR_FILE) -> Grammar:
    """Read and compile rules/indicators.yml; a bad entry raises RuleError naming the file."""
    data = load_yaml(file, required=(
        "qualifiers", "vague_before", "range_connectors", "changes", "link_words", "action_verbs",
        "nominal_suffixes", "cut_words", "subject_leading", "right_stop", "right_not_start",
        "norm_cues", "frequency_cues", "quota_cues", "result_verbs", "article_numerals",
        "noncount_numerals", "bare_magnitudes", "implied_units", "exclusions", "set_phrases", "times",
        "half", "default_subjects", "right_modifiers", "part_not_before", "act_counts",
        "aside_starts"))
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
    connectors = _alt(word_list(data, "range_connectors", file), escape=True)

    changes = _mapping(data, "changes", file)
    change_keys = {w: "increase" for w in word_list(changes, "increase", file)}
    change_keys.update({w: "decrease" for w in word_list(changes, "decrease", file)})
    to_markers = word_list(changes, "to", file)
    comparison = "|".join(word_list(changes, "comparison", file))
    changes_alt = _alt(change_keys)

    nominal = _alt(word_list(data, "nominal_suffixes", file))
    # one lookahead after the whole alternation, not one per verb: the same matches
    # (the engine backtracks into the group and tries the next verb when the
    # lookahead fails), and a pattern a tenth the size, seven times faster to compile
    verbs = f"(?:{_alt(f'(?:{v})' for v in word_list(data, 'action_verbs', file))})(?!{nominal})"
    bound = _alt(w for key in ("at_least", "at_most") for w in before.get(key, []))
    implied = _mapping(data, "implied_units", file)
    if not all(isinstance(k, str) and isinstance(v, str) for k, v in implied.items()):
        raise RuleError(f"{file}: 'implied_units' maps words to unit strings")
    set_phrases = _alt(word_list(data, "set_phrases", file), escape=True)
    exclusions = []
    for n, entry in enumerate(data["exclusions"] or [], 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str) \
                or not isinstance(entry.get("pattern"), str):
            raise RuleError(f"{file}: exclusions entry {n} needs 'name' and 'pattern' strings")
        pattern = _expand(entry["pattern"], set_phrases)
        exclusions.append((entry["name"], _compile(pattern, file, f"exclusions.{entry['name']}")))

    def c(pattern: str, what: str) -> regex.Pattern:
        return _compile(pattern, file, what)

    half = _mapping(data, "half", file)
    figure_parts = (_alt(pre_words), _alt(vague_keys, escape=True), connectors)
    return Grammar(
        figure_parts=figure_parts,
        figure_re=c(_figure_pattern(*figure_parts), "figures"),
        half_re=c(rf"(?:{_alt(word_list(half, 'marks', file), escape=True)})"
                  rf"(?!{_alt(word_list(half, 'not_before', file), escape=True)})", "half"),
        half_kinds=frozenset(word_list(half, "kinds", file)),
        default_subjects=_string_map(data, "default_subjects", file),
        modifier_re=c(_alt(word_list(data, "right_modifiers", file)), "right_modifiers"),
        part_not_before=frozenset(word_list(data, "part_not_before", file)) - {""},
        pre_keys=pre_keys,
        vague_keys=vague_keys,
        post_re=c(rf"[ ]?(?:{_alt(post_keys)})", "qualifiers.after"),
        post_keys=post_keys,
        duration_only=frozenset(word_list(quals, "duration_only", file)),
        connector_re=c(rf"[ ]?(?:{connectors})[ ]?", "range_connectors"),
        distant_qual_re=c(rf"(?P<q>{bound})(?:{verbs}|[\u4e00-\u9fff]{{1,2}})$", "qualifiers.before"),
        implied_units=implied,
        implied_re=c(rf"(?P<w>{_alt(implied)})(?:为|达|达到|约|是|共|有|超过|近|约为)?[ ]?$", "implied_units"),
        exclusions=exclusions,
        article=frozenset(word_list(data, "article_numerals", file)),
        noncount=frozenset(word_list(data, "noncount_numerals", file)),
        bare=frozenset(word_list(data, "bare_magnitudes", file)),
        norm_re=c(_alt(_expand(p) for p in word_list(data, "norm_cues", file)), "norm_cues"),
        frequency_re=c(_alt(_expand(p) for p in word_list(data, "frequency_cues", file)), "frequency_cues"),
        quota_re=c(_alt(_expand(p) for p in word_list(data, "quota_cues", file)), "quota_cues"),
        result_tail_re=c(rf"(?:{_alt(word_list(data, 'result_verbs', file))})$", "result_verbs"),
        change_keys=change_keys,
        change_tail_re=c(rf"(?:{changes_alt})$", "changes"),
        change_head_re=c(rf"^(?:{changes_alt})", "changes"),
        comparison_re=c(rf"(?:{comparison})$", "changes.comparison"),
        to_markers=frozenset(to_markers),
        from_re=c(rf"(?:{_alt(word_list(changes, 'from', file))})(?:[^，,。；;]{{0,8}}?的)?[ ]?$", "changes.from"),
        link_tail_re=c(rf"(?:{_alt(word_list(data, 'link_words', file))}|{_alt(to_markers)})[ ]?$", "link_words"),
        verb_re=c(f"{verbs}|{changes_alt}", "action_verbs"),
        verb_full_re=c(rf"(?:{verbs}|{changes_alt})+", "action_verbs"),
        verb_end_re=c(rf"(?:{verbs})$", "action_verbs"),
        verb_tail_re=c(rf"(?:{verbs})(?:了|过|给)?[ ]?$", "action_verbs"),
        verb_aspect_re=c(rf"(?:{verbs})[了着过]", "action_verbs"),
        cut_re=c(_alt(word_list(data, "cut_words", file)), "cut_words"),
        leading_re=c(rf"^(?:{_alt(word_list(data, 'subject_leading', file))})", "subject_leading"),
        right_stop_re=c(_alt(word_list(data, "right_stop", file)), "right_stop"),
        right_start_re=c(f"{_alt(word_list(data, 'right_not_start', file))}|{verbs}|{changes_alt}",
                         "right_not_start"),
        time_re=c(_time_pattern(_mapping(data, "times", file), file), "times"),
        act_units=frozenset(word_list(_mapping(data, "act_counts", file), "units", file)),
        rank_move_re=c(rf"(?:{changes_alt}|{_alt(word_list(changes, 'rank_moves', file))})[了]?[ ]?$",
                       "changes.rank_moves"),
        aside_re=c(rf"[(（](?:{_alt(word_list(data, 'aside_starts', file))}|[^()（）]*\d)[^()（）]*[)）]$",
                   "aside_starts"),
        act_object_re=c(rf"(?:{_alt(word_list(_mapping(data, 'act_counts', file), 'objects', file))})$",
                        "act_counts.objects"),
    )


def _figure_pattern(pre: str, vague: str, connectors: str, unit_heads: str = "") -> str:
    """qualifier? vague? figure (connector figure)?: 近两百万, 上百, 40 余万, 19 至 27, 百分之九十.

    ``unit_heads`` lists the unit forms that begin with a magnitude character
    (千克, 千米, 千瓦时, 百分点): such a character is never read as part of the
    figure, so that units are matched before magnitudes (12万千克 is 12万 千克,
    not 12万千 克).
    """
    mag = rf"(?:(?!{unit_heads})[{MAGNITUDES}])" if unit_heads else rf"[{MAGNITUDES}]"
    cn_char = rf"(?:(?!{unit_heads})[{CN_CHARS}])" if unit_heads else rf"[{CN_CHARS}]"
    point = rf"[点點](?:\d+|[零〇一二三四五六七八九]+){mag}*"  # 2點6億, 三点五亿
    cn = rf"{cn_char}+(?:{point})?"
    arabic = rf"(?:{AR})(?:{point})?(?:[ ]?[余多几幾])?(?:[ ]?{mag}+[余多]?)?"  # 40 余万, 30万余, 1.57亿
    chinese = rf"(?:{cn})(?:[余多几幾]{mag}*)?"  # 四十余万, 十几, 一百多
    part = rf"(?:\d{{1,5}}|[{CN_CHARS}]{{1,5}})"
    fraction = rf"{part}分之(?:{AR}|{cn})"  # 三分之二, 百分之九十, 千分之五
    mixed = rf"(?:\d{{1,3}}|[{CN_CHARS}]{{1,3}})又{part}分之{part}"  # 三又二分之一
    return (
        rf"(?:(?P<pre>{pre})[ ]?)?"
        rf"(?:(?P<vague>{vague})(?=[{MAGNITUDES}]))?"
        rf"(?P<fig>{SIGN}?(?:{mixed}|{fraction}|{arabic}|{chinese}))"
        rf"(?:[ ]?(?P<conn>{connectors})[ ]?(?P<fig2>{SIGN}?(?:{fraction}|{arabic}|{chinese})))?"
    )


def _time_pattern(times: dict[str, Any], file: str) -> str:
    """Dates (2021年5月30日, 今年6月, 每月8日, 5月底), quarters, periods and clock times."""
    rel = _alt(word_list(times, "relative_years", file))
    every = _alt(word_list(times, "every", file))
    periods = _alt(word_list(times, "periods", file))
    standalone = _alt(word_list(times, "standalone", file))
    day_parts = _alt(word_list(times, "day_parts", file))
    year = r"(?P<year>(?<![\d.])(?:1[5-9]|20)\d{2}(?![\d.])|[〇零○一二三四五六七八九]{4})[ ]?年(?:度)?"
    month = (r"(?<![个個\d〇零一二三四五六七八九十两])"
             r"(?P<month>1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九])(?![\d.])[ ]?月(?:份)?")
    day = (r"(?P<day>3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?"
           r"|[一二三四五六七八九])(?!\d)[ ]?[日号](?!报|记|常|用|益|程|化|子|本|召|称)")
    quarter = r"(?P<quarter>第?[一二三四1-4]季度)"
    clock = (rf"(?P<clock>(?:{day_parts})[ ]?(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}})[ ]?[时点]"
             r"(?:[ ]?(?:\d{1,2}|半)[ ]?分?)?|(?<!\d)\d{1,2}[:：]\d{2}(?!\d))")
    # a lookahead on the possible first characters lets the engine skip most positions
    first = "".join(sorted({w[0] for key in ("relative_years", "every", "standalone", "day_parts")
                            for w in times[key]}))
    return (
        rf"(?=[\d〇零○一二三四五六七八九十第{regex.escape(first)}])"
        rf"(?:(?:{year}|(?P<rel>{rel}))(?:[ ]?{month}(?:[ ]?{day})?|[ ]?{quarter})?(?P<period>{periods})?"
        rf"|(?P<every>{every})?{month}(?:[ ]?{day})?(?P<period2>{periods})?"
        rf"|(?P<every2>{every}){day}"
        rf"|{quarter}|(?P<standalone>{standalone})|{clock})"
    )


# ---------------------------------------------------------------- finder


class IndicatorFinder:
    """Finds indicators and dates in one sentence; build it once with ``from_rules``."""

    def __init__(self, units: dict[str, Unit], grammar: Grammar):
        self.units = units
        self.g = grammar
        self.max_form = max(len(f) for f in units)
        # units before magnitudes: 千克, 千米, 千瓦时 and 百分点 are units, never 千 x 克
        heads = [f for f, u in units.items() if f[0] in CN_CHARS and u.multiplier == 1]
        self.figure_re = _compile(_figure_pattern(*grammar.figure_parts, _alt(heads, escape=True)),
                                  UNITS_FILE, "units starting with a magnitude")

    @classmethod
    def from_rules(cls, units_file: str = UNITS_FILE, grammar_file: str = GRAMMAR_FILE) -> "IndicatorFinder":
        return cls(load_units(units_file), load_grammar(grammar_file))

    def find(self, text: str) -> list[IndicatorMatch]:
        """Indicators in ``text`` (one sentence), in order, offsets into ``text``."""
        return self._scan(text, want_times=False)[0]

    def find_times(self, text: str) -> list[TimeMatch]:
        """Dates and periods in ``text``; their figures are never indicators."""
        return self._times(fold_width(text), text)

    def _scan(self, text: str, want_times: bool = True) -> tuple[list[IndicatorMatch], list[TimeMatch]]:
        """Indicators and dates together (dates are only computed when needed)."""
        t = fold_width(text)  # same length: offsets stay valid
        candidates = self._candidates(t)
        if not candidates:
            return [], self._times(t, text) if want_times else []
        times = self._times(t, text)
        time_spans = [(tm.start, tm.end) for tm in times]
        blocked = time_spans + self._excluded(t)
        kept = [c for c in candidates if self._drop_reason(c, blocked) is None]
        out: list[IndicatorMatch] = []
        for i, cand in enumerate(kept):
            prev = out[-1] if out else None
            prev_end = kept[i - 1].end if i else 0
            out.append(self._describe(cand, text, t, prev, prev_end, time_spans))
        return out, times

    # ---- step 1: candidates

    def _candidates(self, t: str) -> list[Candidate]:
        """Every figure followed by a unit, with its qualifiers."""
        g = self.g
        out: list[Candidate] = []
        for m in self.figure_re.finditer(t):
            fig, pos = m.group("fig"), m.end()
            if out and m.start("fig") < out[-1].end:
                continue  # the 5 of 3元2角5分 was read with the amount before it
            try:  # a numeral the parser cannot read fully gives no indicator (七十百, 12,34)
                q1 = parse_quantity(fig)
                q2 = parse_quantity(m.group("fig2")) if m.group("fig2") else None
            except NumberError:
                continue
            if abs(q1.value) >= MAX_VALUE:
                continue  # a digit string that long is an identifier, not a figure
            percent_form = q1.percent or q1.per_mille
            if percent_form:  # 百分之九十, 三分之二 (%); 千分之五 (‰)
                if q2 is not None and (q2.percent, q2.per_mille) != (q1.percent, q1.per_mille):
                    continue
                found = (self.units.get("‰" if q1.per_mille else "%"), pos, None)
            elif q2 is not None and (q2.percent or q2.per_mille):
                continue
            else:
                found = self._unit_at(t, pos) or self._implied_unit(t, m.start(), pos)
            if found is None or found[0] is None:
                continue
            unit, unit_end, inner = found
            if unit.arabic_only and not fig.lstrip("-负負")[:1].isdigit():
                continue  # 十分重要, 三分天下: no score
            if unit.after_change and q1.value == q1.value.to_integral_value() \
                    and not g.rank_move_re.search(t, max(0, m.start() - 6), m.start()):
                short = self.units.get(unit.form[0])  # 分为3个等级: a count of levels
                if short is None:
                    continue
                unit, unit_end = short, unit_end - len(unit.form) + 1
            half = inner == "half"
            if half:
                inner = None
            elif not percent_form and unit.kind in g.half_kinds and q2 is None:
                hm = g.half_re.match(t, unit_end)  # 三年半, 两米半
                if hm:
                    half, unit_end = True, hm.end()
            if half:
                q1 = replace(q1, value=q1.value + Decimal("0.5"))
            elif unit.parts and q2 is None:
                q1, unit_end = self._compound(t, unit, unit_end, q1)
            post, end = None, unit_end
            pm = g.post_re.match(t, unit_end)
            if pm and (pm.group().strip() not in g.duration_only or unit.kind == "duration"):
                post, end = g.post_keys[pm.group().strip()], pm.end()
            out.append(Candidate(
                start=m.start(), num_start=m.start("fig"), num_end=m.end(), unit_end=unit_end, end=end,
                quantity=q1, quantity_max=q2, unit=unit, figure=fig,
                pre=self._pre_key(m.group("pre")) if m.group("pre") else None, post=post, inner=inner,
                vague=g.vague_keys.get(m.group("vague")) if m.group("vague") else None,
                percent_form=percent_form, half=half))
        return self._merge_ranges(out, t)

    def _compound(self, t: str, unit: Unit, pos: int, q: Quantity) -> tuple[Quantity, int]:
        """5元3角 = 5.3 元, 两美元又三美分 = 2.03 美元: smaller units added to the value."""
        value, end, i = q.value, pos, 0
        if t.startswith("又", pos):
            pos += 1
        for form, share in unit.parts:
            m = _PART_DIGITS.match(t, pos)
            if not m or not t.startswith(form, m.end()) \
                    or t[m.end() + len(form):m.end() + len(form) + 1] in self.g.part_not_before:
                continue
            try:
                value += parse_number(m.group()) * share
            except NumberError:
                break
            pos = end = m.end() + len(form)
            i += 1
        return (replace(q, value=value), end) if i else (q, end)

    def _unit_at(self, t: str, pos: int) -> tuple[Unit, int, str | None] | None:
        """Longest unit form at ``pos`` (one space allowed), honouring not_before."""
        if t[pos:pos + 1] == " ":
            pos += 1
        if t[pos:pos + 1] in ("个", "個") and t[pos + 1:pos + 2] in ("多", "余", "半"):
            # 两个多月, 3个余小时: the approximation sits inside a 个-unit; 两个半月: a half
            inner = "half" if t[pos + 1] == "半" else "more_than"
            for size in range(self.max_form - 1, 0, -1):
                unit = self.units.get(t[pos] + t[pos + 2:pos + 2 + size])
                if unit and len(unit.form) > 1 and not self._vetoed(unit, t, pos + 2 + size):
                    return unit, pos + 2 + size, inner
        for size in range(min(self.max_form, len(t) - pos), 0, -1):
            unit = self.units.get(t[pos:pos + size])
            if unit and not self._vetoed(unit, t, pos + size):
                return unit, pos + size, None
        return None

    def _implied_unit(self, t: str, start: int, pos: int) -> tuple[Unit, int, None] | None:
        """人口15万: a figure with no unit, after a word that implies one."""
        im = self.g.implied_re.search(t, max(0, start - 8), start)
        unit = self.units.get(self.g.implied_units[im.group("w")]) if im else None
        return (unit, pos, None) if unit else None

    @staticmethod
    def _vetoed(unit: Unit, t: str, end: int) -> bool:
        """年龄, 部门, 台账: the unit characters begin a word."""
        return any(t.startswith(word, end) for word in unit.not_before)

    def _merge_ranges(self, cands: list[Candidate], t: str) -> list[Candidate]:
        """5个至10个: two figures with the same unit and a connector between make one range."""
        out: list[Candidate] = []
        for c in cands:
            prev = out[-1] if out else None
            gap = t[prev.unit_end:c.start] if prev else ""
            if prev and not gap and c.figure.startswith("-") and c.pre is None \
                    and prev.quantity_max is None and c.quantity_max is None \
                    and c.unit.unit == prev.unit.unit and not c.percent_form:
                # 5个-10个: the - right after a unit is the range connector, not a sign
                prev.quantity_max = replace(c.quantity, value=-c.quantity.value)
                prev.num_end, prev.unit_end, prev.end = c.num_end, c.unit_end, c.end
                prev.post = c.post or prev.post
                continue
            if (prev and gap.strip() and prev.quantity_max is None and c.quantity_max is None
                    and prev.pre is None and c.pre is None and c.unit.unit == prev.unit.unit
                    and self.g.connector_re.fullmatch(gap)):
                prev.quantity_max, prev.num_end = c.quantity, c.num_end
                prev.unit_end, prev.end, prev.post = c.unit_end, c.end, c.post or prev.post
                continue
            out.append(c)
        return out

    def _pre_key(self, word: str) -> str | None:
        return next((key for pat, key in self.g.pre_keys if pat.fullmatch(word)), None)

    # ---- step 2: decision

    def _excluded(self, t: str) -> list[tuple[int, int]]:
        """Spans covered by an exclusion pattern (ordinals, identifiers, quotes ...)
        and by place names that begin with a numeral (三门县, 六盘水市, 九台区)."""
        spans = []
        for _name, pattern in self.g.exclusions:
            spans.extend(m.span() for m in pattern.finditer(t) if m.end() > m.start())
        names = numeral_place_names()
        if names is not None:
            spans.extend(m.span() for m in names.finditer(t))
        return spans

    def _drop_reason(self, c: Candidate, blocked: list[tuple[int, int]]) -> str | None:
        """Why a candidate is not an indicator, or None to keep it."""
        if any(s < c.num_end and c.num_start < e for s, e in blocked):
            return "excluded"  # a date, ordinal, identifier, quoted name ...
        qualified = c.pre or c.vague or c.quantity_max is not None
        fig = c.figure.strip()
        if fig in self.g.article and not qualified and not c.half:
            return "article"  # 一个活动主题: "a", not a count (近一天 and 1—2个 stay)
        if fig in self.g.noncount:
            return "noncount"  # 二次供水, 二级: Chinese counts with 两
        if all(ch in self.g.bare for ch in fig) and not qualified:
            return "figurative"  # 百家, 千家万户 (近百人 and 上百次 stay)
        if c.unit.unit == "年" and c.quantity.value >= 1000:
            return "year"  # a year the date grammar did not take
        return None

    def _is_optional(self, c: Candidate, t: str, left_qualifier: str | None = None) -> bool:
        """Borderline by the guidelines: norms, plans, vague or structural figures."""
        if c.unit.optional or c.vague or c.quantity.vague:
            return True  # 县乡两级, 连续三年, 几百亩, 上百次
        if "at_least" in (c.pre, left_qualifier):
            return True  # 不少于10户, 至少列席一次: a floor set, not a result
        if c.unit.kind == "times" or c.quantity_max is not None:
            # 每季度召开1次: a frequency is a rule of work; 每人联系3至5名: a quota
            clause = max(t.rfind(ch, 0, c.start) for ch in "，,。；;：:") + 1
            cue = self.g.frequency_re if c.unit.kind == "times" else self.g.quota_re
            if cue.search(t, clause, c.start):
                return True
        if c.unit.kind == "duration" and "at_most" in (c.pre, c.post):
            return True  # 3个工作日内: a deadline
        if c.unit.kind in ("age", "duration") and c.post and _is_han(t[c.end:c.end + 1]) \
                and t[c.end] != "的":
            return True  # 60岁以上老年人: a criterion, not a measurement
        return self.g.norm_re.search(t, 0, c.start) is not None  # 要求每人联系5—10名

    # ---- step 3: description

    def _describe(self, c: Candidate, text: str, t: str, prev: IndicatorMatch | None,
                  prev_end: int, time_spans: list[tuple[int, int]]) -> IndicatorMatch:
        value, value_max = self._values(c, t)
        left = self._read_left(t, c.start, prev_end, time_spans)
        qualifier = "range" if value_max is not None else (
            c.pre or c.post or c.inner or c.quantity.approx or c.vague or left.qualifier)
        subject, start = self._subject(c, t, left, prev, prev_end, time_spans)
        default = self.g.default_subjects.get(c.unit.kind)
        if default and not strict_subject_ok(subject, long_ok=True):
            subject = default  # 过去五年, 五年来: a duration with no noun phrase measures time
        change = left.change
        if change is None and prev is not None and prev.change == "from" and left.to_marker:
            change = "to"
        while start < c.start and t[start] in "的了 ":
            start += 1
        return IndicatorMatch(
            start=start, end=c.end, text=text[start:c.end], subject=subject, value=value,
            value_max=value_max, unit=c.unit.unit, unit_kind=c.unit.kind, qualifier=qualifier,
            number_text=text[c.num_start:c.num_end], change=change,
            optional=self._is_optional(c, t, left.qualifier))

    @staticmethod
    def _values(c: Candidate, t: str) -> tuple[Decimal, Decimal | None]:
        """Value and upper bound in base units (2580万元 -> 25800000; 3至5万元 -> 30000, 50000)."""
        scale = c.unit.multiplier
        low = c.quantity.value
        if c.quantity_max is None:
            return _clean(low * scale), None
        high = c.quantity_max.value
        written = t[c.num_start:c.num_end]
        if not _has_magnitude(c.figure) and _has_magnitude(written) and low * _magnitude(written) <= high:
            low *= _magnitude(written)  # the first figure shares the second one's 万/亿
        return _clean(low * scale), _clean(high * scale)

    def _subject(self, c: Candidate, t: str, left: _Left, prev: IndicatorMatch | None,
                 prev_end: int, time_spans: list[tuple[int, int]]) -> tuple[str | None, int]:
        """Subject and span start: what is counted, read right or left of the figure.

        After a measure word the noun that follows is usually what is counted
        (14个乡镇, 派出700多个巡察组), unless a verb and its object come right
        before the figure (遴选候选实事15个交镇人大主席团审议).  Amounts, rates and
        durations name their subject on the left (投入资金2580万元, 参选率达97.7%).
        Failing both, a figure in a list shares its neighbour's subject
        (610场、4万余人次; 减少到205万元).
        """
        gap = t[prev_end:c.start].lstrip()
        if prev is not None and prev.subject and gap[:1] in OPEN_BRACKETS \
                and not any(ch in CLOSE_BRACKETS for ch in gap):
            return prev.subject, c.start  # 198个(合乡并村后150个): an aside on the same thing
        right = self._right_subject(t, c.end)
        right_reading = None
        if right:
            vm = self.g.verb_tail_re.search(t, max(0, c.start - 6), c.start)
            right_reading = (right, vm.start() if vm else c.start)
        left_reading = (left.subject, left.span_start) if left.subject else None
        if left_reading and left.verb and c.unit.unit in self.g.act_units \
                and self.g.act_object_re.search(left.subject):
            # 组织代表3次: a count of acts, not of the people they concern
            left_reading = (left.verb.rstrip("了过到给的") + left.subject, left.span_start)
        prev_reading = (prev.subject, c.start) if prev is not None and prev.subject else None
        if right and (not left.subject or (c.unit.kind in RIGHT_SUBJECT_KINDS and not left.verb_object)):
            # the right reading first; a left one, else the neighbour's, when it is no noun phrase
            # (23名代表努力… reads 代表; 90件交… is no subject)
            order = [right_reading, left_reading, prev_reading if not left.subject else None]
        elif left.subject:
            # the left reading first; the noun after the figure when the left is a clause or a
            # verb (会议上以97.75%的得票率 -> 得票率; 建设完善提升303个“代表家站” -> 代表家站)
            order = [left_reading, right_reading]
            if subject_problem(left.subject, long_ok=True) == "starts with a function word or verb":
                order.append(prev_reading)  # 有4084件建议得到采纳，占总数的77%: a share of the same thing
        elif prev_reading:
            return prev_reading
        else:
            return self._previous_clause_subject(t, c.start, prev_end, time_spans), c.start
        readings = [r for r in order if r is not None]
        if strict_subject_ok(readings[0][0], long_ok=True):
            return readings[0]  # only too long: a shorter reading elsewhere is rarely better
        return next((r for r in readings if strict_subject_ok(r[0])), readings[0])

    def _right_subject(self, t: str, pos: int) -> str | None:
        """The noun phrase after a measure word (14个乡镇 -> 乡镇); None when a verb follows."""
        if t.startswith("的", pos):
            pos += 1
        start, n = pos, len(t)
        if pos >= n or t[pos] in OPEN_BRACKETS:
            return None
        if t[pos] != "被" and (self.g.right_stop_re.match(t, pos) or self.g.right_start_re.match(t, pos)):
            return None
        depth = 0
        item = start  # 286名市、区人大代表: one-character items listed with 、 go on
        while pos < n and pos - start < 18:
            ch = t[pos]
            if ch == "、" and depth == 0 and pos - item == 1 and _is_han(t[pos + 1:pos + 2]):
                pos += 1
                item = pos
                continue
            if ch in QUOTES and (pos == start or depth == 0):  # 15 条“负面清单”, 4件涉“水”重点建议
                close = t.find(QUOTES[ch], pos + 1, pos + 20 if pos == start else pos + 8)
                if close < 0:
                    break
                pos = close + 1
                continue
            if ch in OPEN_BRACKETS:
                depth += 1
            elif ch in CLOSE_BRACKETS:
                if depth == 0:
                    break
                depth -= 1
            elif ch.isdigit() and depth == 0 and pos > start:
                dm = _YEAR_IN_PHRASE.match(t, pos)
                if not dm:
                    break
                pos = start = item = dm.end()  # 10件某镇2023年重点民生实事: the head after the date
                continue
            elif ch in STOP_CHARS or ch.isascii() or ch.isdigit():
                break
            elif depth == 0 and pos > start and ch == "的" and self.g.modifier_re.fullmatch(t, start, pos):
                pass  # 80多份高质量的调研报告: a describing word and 的 go on to the noun
            elif depth == 0 and pos > start and (self.g.right_stop_re.match(t, pos)
                                                 or self.g.verb_aspect_re.match(t, pos)):
                break  # 96个代表联系群众工作站(室)共开展 / 两处隐患安装了
            pos += 1
        return _subject_text(t[start:pos])

    def _previous_clause_subject(self, t: str, start: int, floor: int,
                                 time_spans: list[tuple[int, int]]) -> str | None:
        """长达700多米 after '...缺少安全防护栏，': the previous clause names the thing."""
        i = start - 1
        while i > floor and t[i] not in "，,；;":
            i -= 1
        return self._read_left(t, i, floor, time_spans).subject if i > floor else None

    def _read_left(self, t: str, lim: int, floor: int, time_spans: list[tuple[int, int]]) -> _Left:
        """Read the phrase before a figure: from/to markers, change verb, qualifier, subject."""
        g = self.g
        b, e = _phrase_bounds(t, lim, floor, time_spans)
        if b < e and t[b] in OPEN_BRACKETS and b <= floor + 1:
            close = next((k for k in range(b + 1, e) if t[k] in CLOSE_BRACKETS), None)
            if close is not None:  # 3.6万头（只）增加到: the aside belongs to the figure before
                b = close + 1
        # dates inside the phrase (人口由2010年的15万人) are not part of the subject
        inside = [(s, x) for s, x in time_spans if s < e and x > b]
        where = [k for k in range(b, e) if not any(s <= k < x for s, x in inside)]
        text = "".join(t[k] for k in where)
        change, to_marker = None, False
        while text:  # 由概算的240万元, 由原来的每年2次: the old value
            fm = g.from_re.search(text)
            if fm:
                text, change = text[:fm.start()], "from"
                break
            text, to, stripped = self._strip_one_link(text)
            to_marker = to_marker or to
            if not stripped:
                break
        text, to = self._strip_links(text)
        to_marker = to_marker or to
        qualifier = None
        dq = g.distant_qual_re.search(text)
        if dq:  # 时间至少安排1天, 每月至少举行一次
            qualifier, text = self._pre_key(dq.group("q")), text[:dq.start()]
        cm = g.change_tail_re.search(text)
        if cm:  # 创建率提升30%, 比上届降低4岁, 减少到205万元
            change = change or ("to" if to_marker else g.change_keys[cm.group()])
            text, _ = self._strip_links(g.comparison_re.sub("", text[:cm.start()]))
        cut = 0
        cuts = list(g.cut_re.finditer(text))
        if cuts:  # 全县各乡镇人大主席团共组织专题调研 -> 组织专题调研
            cut = cuts[-1].end()
            whole, text = text, text[cut:]
            if cuts[-1].group().startswith("每") and (
                    not text.strip("了过到给的") or g.verb_full_re.fullmatch(text)):
                # 主任会议每季度召开1次: only a verb after 每季度; the noun before it counts
                # (but 共提拔76人 keeps 提拔: what a total counts is the act)
                head_from = cuts[-2].end() if len(cuts) > 1 else 0
                head, _ = self._strip_links(whole[head_from:cuts[-1].start()])
                head_subject = _subject_text(head)
                if head_subject and len(head_subject) >= 2 and not g.verb_full_re.fullmatch(head):
                    return _Left(head_subject, where[head_from], change, to_marker, False, qualifier)
        hm = g.change_head_re.match(text)
        if hm and len(text) > hm.end() and change is None:
            change = g.change_keys[hm.group()]  # 增加编制48个
        subject, span_from, verb = text, 0, None
        verbs = list(g.verb_re.finditer(text))
        # a verb with its object right before the figure: that object is what is counted
        verb_object = bool(verbs) and len(text[verbs[-1].end():].lstrip("了过到给的")) >= 2
        for vm in reversed(verbs):  # 收集意见建议 -> 意见建议; 办理回复 stays whole
            rest = text[vm.end():].lstrip("了过到给的")
            if rest[:1] == "出" and len(rest) >= 3:
                rest = rest[1:]  # 评选出优秀建议: 出 completes the verb
            if len(rest) >= 2 and rest[0] not in "和及与或、" + OPEN_BRACKETS \
                    and not g.verb_full_re.fullmatch(rest):
                subject, span_from, verb = rest, vm.start(), text[vm.start():len(text) - len(rest)]
                break
        lead = g.leading_re.match(subject)
        if lead and span_from == 0:  # 有贫困户 -> 贫困户
            subject = subject[lead.end():]
        am = g.aside_re.search(subject)
        if am and am.start() >= 2:  # 解决或基本解决（含列入计划解决）71件: the remark goes
            subject = subject[:am.start()]
        rm = g.result_tail_re.search(subject)
        if rm and rm.start() >= 2 and not verb_object:
            subject = subject[:rm.start()]  # 地区生产总值完成76.3亿元: 完成 links, it is no object
        subject = _subject_text(subject)
        if subject is None or len(subject) < 2:
            return _Left(None, lim, change, to_marker, False, qualifier)
        return _Left(subject, where[cut + span_from], change, to_marker, verb_object, qualifier, verb)

    def _strip_links(self, text: str) -> tuple[str, bool]:
        """Drop link words at the end (均达到, 共计, 的): they join subject and figure."""
        to_marker, stripped = False, True
        while text and stripped:
            text, to, stripped = self._strip_one_link(text)
            to_marker = to_marker or to
        return text, to_marker

    def _strip_one_link(self, text: str) -> tuple[str, bool, bool]:
        """One link word off the end: (rest, it was a to-marker, anything stripped)."""
        if self.g.verb_end_re.search(text):  # 分为 ends in a verb, not in the link 为
            return text, False, False
        lm = self.g.link_tail_re.search(text)
        if not lm or lm.end() == lm.start():
            return text, False, False
        rest = text[:lm.start()]
        if lm.group().strip() == "到" and len(rest) == 1 and _is_han(rest) \
                and not self.g.link_tail_re.search(rest) and not self.g.cut_re.fullmatch(rest):
            return text, False, False  # 实到52名, 应到: 到 ends a word (but 长达700米 is 长 + 达)
        return rest, lm.group().strip() in self.g.to_markers, True

    # ---- dates

    def _times(self, t: str, text: str) -> list[TimeMatch]:
        out = []
        for m in self.g.time_re.finditer(t):
            if m.end() == m.start():
                continue
            try:
                year, month, day = (int(parse_number(m.group(k))) if m.group(k) else None
                                    for k in ("year", "month", "day"))
            except (NumberError, ValueError):
                continue
            if (month is not None and not 1 <= month <= 12) or (day is not None and not 1 <= day <= 31):
                continue
            words = [m.group(k) for k in ("rel", "every", "every2", "quarter", "standalone", "clock")]
            rel = next((w for w in words if w), None)
            period = m.group("period") or m.group("period2")
            if period:  # 5月底 -> 月底, 2021年底 -> 年底
                if len(period) == 1:
                    period = ("月" if month is not None else "年") + period
                rel = f"{rel}{period}" if rel else period
            out.append(TimeMatch(m.start(), m.end(), text[m.start():m.end()], year, month, day, rel))
        return out


# ---------------------------------------------------------------- phrase helpers


def _phrase_bounds(t: str, lim: int, floor: int, time_spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The phrase that ends at ``lim``: back to punctuation, a figure or a date.

    A date right before the figure is skipped with an opening bracket
    ((2019年5个 reads 实施项目 from before the bracket), a date followed by 的
    is kept for the from-marker (由2010年的15万人).  Balanced brackets inside a
    name (工作站(室)) are kept.
    """
    while lim > floor and t[lim - 1] == " ":  # 共计 40 余万元
        lim -= 1
    i = lim
    low = max(floor, lim - 24)
    while i > low:
        ch = t[i - 1]
        span = next((s for s in time_spans if s[0] < i <= s[1]), None)
        if span and span[0] > low and t[span[0] - 1:span[0]] in ("比", "较"):
            i = span[0]  # 化肥使用量比上年减少: a date compared with is part of the phrase
            continue
        if span:
            between = t[i:lim].strip()
            if span[0] < low or between not in ("", "的"):
                break
            i = span[0]
            if not between:
                while i > low and t[i - 1] in OPEN_BRACKETS + " ":
                    i -= 1
                lim = i
            continue
        if ch in CLOSE_BRACKETS:
            j = i - 2  # an aside up to 16 characters (含列入年度计划解决)
            while j >= max(low, i - 18) and t[j] not in OPEN_BRACKETS:
                j -= 1
            if j < max(low, i - 18):
                break
            i = j
            continue
        if ch == "》":  # 印发《代表履职手册》150余本: the title is what is counted
            j = t.rfind("《", max(floor, lim - 30), i - 1)
            if j < 0:
                break
            i = j
            continue
        if ch in STOP_CHARS or ch in OPEN_BRACKETS or ch.isdigit() or (ch.isascii() and not ch.isalpha()):
            break
        i -= 1
    if i < lim and t[i].isascii() and t[i].isalpha():  # 5G基站, 4A级景区: keep the code whole
        while i > low and t[i - 1].isdigit():
            i -= 1
    return i, lim


def _subject_text(phrase: str) -> str | None:
    """A subject as written, without quote marks and edge particles; None if no words."""
    # quote marks around the whole phrase go, those inside stay as written (涉“水”重点建议)
    phrase = phrase.strip(_EDGE_STRIP)
    if not _balanced_quotes(phrase):
        phrase = phrase.translate(_NO_QUOTES).strip(" 的了")
    if _has_han(phrase) or sum(ch.isascii() and ch.isalpha() for ch in phrase) >= 2:
        return phrase
    return None


def _balanced_quotes(phrase: str) -> bool:
    """Every quote mark opened in ``phrase`` is closed in it, in order."""
    want: list[str] = []
    for ch in phrase:
        if want and ch == want[-1]:
            want.pop()
        elif ch in _OPEN_QUOTES:
            want.append(_OPEN_QUOTES[ch])
        elif ch in _CLOSE_QUOTES:
            return False
    return not want


def _is_han(ch: str) -> bool:
    return bool(ch) and "\u4e00" <= ch <= "\u9fff"


def _has_han(s: str | None) -> bool:
    return bool(s) and any(_is_han(ch) for ch in s)


def _has_magnitude(fig: str) -> bool:
    return any(ch in "万萬亿億" for ch in fig)


def _magnitude(fig: str) -> Decimal:
    value = Decimal(1)
    for ch in fig:
        value *= 10**4 if ch in "万萬" else 10**8 if ch in "亿億" else 1
    return value


def _clean(value: Decimal) -> Decimal:
    """157000000, not 1.57000000E+8; 97.7, not 97.70."""
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


# ---------------------------------------------------------------- stage entry


@lru_cache(maxsize=1)
def default_finder() -> IndicatorFinder:
    """The finder built from the rules directory, once per process."""
    return IndicatorFinder.from_rules()


def extract(sentences: Iterable[Sentence], finder: IndicatorFinder | None = None
            ) -> Iterator[Indicator | TimeExpression]:
    """Stage 4: Indicator and TimeExpression records with document offsets.

    Header and footer zones are page furniture (第11期, phone numbers) and are
    skipped.  Values stay Decimals in memory; ``Indicator.to_dict`` writes
    them as JSON numbers.
    """
    finder = finder or default_finder()
    for sent in sentences:
        if sent.zone in SKIPPED_ZONES:
            continue
        matches, times = finder._scan(sent.text)
        for tm in times:
            start, end = sent.start + tm.start, sent.start + tm.end
            yield TimeExpression(
                id=stable_id("T", sent.doc_id, start, end), doc_id=sent.doc_id, sent_id=sent.sent_id,
                text=tm.text, start=start, end=end, year=tm.year, month=tm.month, day=tm.day,
                relative=tm.relative)
        for m in matches:
            if is_excluded(m.subject, m.unit):  # rules/subject_exclusions.txt
                continue
            start, end = sent.start + m.start, sent.start + m.end
            yield Indicator(
                id=stable_id("I", sent.doc_id, start, end), doc_id=sent.doc_id, sent_id=sent.sent_id,
                text=m.text, start=start, end=end, subject=m.subject, value=m.value,
                value_max=m.value_max, unit=m.unit, qualifier=m.qualifier, unit_kind=m.unit_kind,
                number_text=m.number_text, change=m.change, optional=m.optional)


@lru_cache(maxsize=1)
def numeral_place_names() -> Any:
    """The gazetteer's full names (county and town level and up) that begin with a
    Chinese numeral, as one pattern: a figure inside a name is no indicator (三门县 is
    no "3 门").  Full names only: 三门 alone may well be three courses."""
    from pipeline.rules import rule_path

    numerals = set("一二三四五六七八九十百千万两")
    names = set()
    try:
        with open(rule_path("gazetteer/places.tsv"), encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 4 and cols[3][:1] in numerals and len(cols[3]) >= 3:
                    names.add(cols[3])
    except (OSError, RuleError):
        return None
    if not names:
        return None
    return regex.compile("|".join(regex.escape(n) for n in sorted(names, key=len, reverse=True)))
