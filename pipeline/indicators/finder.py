"""The indicator finder: candidates, the decision to keep them, their description.

See the package docstring for the three steps.  One ``IndicatorFinder`` is
built per process from the compiled rules (``from_rules``).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable, Iterator

import regex

from ..catalogue import is_excluded
from ..chars import is_han
from ..numbers import NumberError, Quantity, fold_width, parse_number, parse_quantity
from ..records import Indicator, Sentence, TimeExpression, stable_id
from ..chars import alternation
from ..rules import RuleError
from ..subjects import strict_subject_ok
from .grammar import (CN_CHARS, GRAMMAR_FILE, MAX_VALUE, SKIPPED_ZONES, UNITS_FILE, Grammar, Unit, _PART_DIGITS,
                      _compile, _figure_pattern, load_grammar, load_units)
from .statistic import DocState, StatisticReader
from .subject import SubjectReader


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
    optional: bool = False  # statistic != "result": a norm, plan, vague or structural figure
    statistic: str = "result"  # result | plan | target | norm | level | vague (statistic.py)
    statistic_cue: str | None = None  # the words that decided the statistic
    subject_source: str | None = None  # how the subject was found (subject.py)


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



# ---------------------------------------------------------------- finder


class IndicatorFinder:
    """Finds indicators and dates in one sentence; build it once with ``from_rules``."""

    def __init__(self, units: dict[str, Unit], grammar: Grammar, statistics: StatisticReader | None = None):
        self.units = units
        self.g = grammar
        self.subjects = SubjectReader(grammar)
        self.statistics = statistics or StatisticReader.from_rules()
        self.max_form = max(len(f) for f in units)
        # units before magnitudes: 千克, 千米, 千瓦时 and 百分点 are units, never 千 x 克
        heads = [f for f, u in units.items() if f[0] in CN_CHARS and u.multiplier == 1]
        self.figure_re = _compile(_figure_pattern(*grammar.figure_parts, alternation(heads)),
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

    def _scan(self, text: str, want_times: bool = True, state: DocState | None = None
              ) -> tuple[list[IndicatorMatch], list[TimeMatch]]:
        """Indicators and dates together (dates are only computed when needed); ``state``
        carries what earlier sentences of the document say (a plan list, enumerations)."""
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
            out.append(self._describe(cand, text, t, prev, prev_end, time_spans, state))
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

    # ---- step 3: description

    def _describe(self, c: Candidate, text: str, t: str, prev: IndicatorMatch | None,
                  prev_end: int, time_spans: list[tuple[int, int]], state: DocState | None = None
                  ) -> IndicatorMatch:
        value, value_max = self._values(c, t)
        left = self.subjects.read_left(t, c.start, prev_end, time_spans)
        qualifier = "range" if value_max is not None else (
            c.pre or c.post or c.inner or c.quantity.approx or c.vague or left.qualifier)
        subject, start = self.subjects.subject(c, t, left, prev, prev_end, time_spans)
        default = self.g.default_subjects.get(c.unit.kind)
        if default and not strict_subject_ok(subject, long_ok=True):
            subject = default  # 过去五年, 五年来: a duration with no noun phrase measures time
        change = left.change
        if change is None and prev is not None and prev.change == "from" and left.to_marker:
            change = "to"
        while start < c.start and t[start] in "的了 ":
            start += 1
        stat = self.statistics.of_figure(c, t, left.qualifier, state, prev_end)
        return IndicatorMatch(
            start=start, end=c.end, text=text[start:c.end], subject=subject, value=value,
            value_max=value_max, unit=c.unit.unit, unit_kind=c.unit.kind, qualifier=qualifier,
            number_text=text[c.num_start:c.num_end], change=change,
            optional=stat.optional, statistic=stat.kind, statistic_cue=stat.cue)

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
    state, doc = DocState(), None
    for sent in sentences:
        if sent.zone in SKIPPED_ZONES:
            continue
        if sent.doc_id != doc:
            state, doc = DocState(), sent.doc_id
        finder.statistics.start_sentence(fold_width(sent.text), sent.article, state)
        matches, times = finder._scan(sent.text, state=state)
        finder.statistics.end_sentence(sent.text, state)
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
                number_text=m.number_text, change=m.change, optional=m.optional,
                statistic=m.statistic, statistic_cue=m.statistic_cue, subject_source=m.subject_source)


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
    return regex.compile("|".join(regex.escape(n) for n in sorted(names, key=lambda n: (-len(n), n))))
