"""The indicator finder: candidates, the decision to keep them, their description.

See the package docstring for the three steps.  One ``IndicatorFinder`` is
built per process from the compiled rules (``from_rules``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Any, Iterable, Iterator

import regex

from ..catalogue import is_excluded
from ..dates import DateGrammar, DateMatch
from ..numbers import fold_numerals
from ..records import Indicator, Sentence, TimeExpression, stable_id
from ..rules import RuleError
from ..subjects import strict_subject_ok
from .figures import FigureCandidate, FigureReader
from .grammar import GRAMMAR_FILE, SKIPPED_ZONES, UNITS_FILE, Grammar, Unit, load_grammar, load_units
from .choice import ReadingContext, SubjectChooser
from .distribute import distribute, propagate
from .statistic import DocState, StatisticReader
from .subject import SubjectReader
from ..subjects import load_place_names, load_subject_rules


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
    # the readings the subject was chosen from and what the chooser knew (tools/fit_subject_choice.py)
    readings: list = field(default_factory=list, repr=False, compare=False)
    reading_context: Any = field(default=None, repr=False, compare=False)



# ---------------------------------------------------------------- finder


class IndicatorFinder:
    """Finds indicators and dates in one sentence; build it once with ``from_rules``."""

    def __init__(self, units: dict[str, Unit], grammar: Grammar, statistics: StatisticReader | None = None,
                 dates: DateGrammar | None = None):
        self.units = units
        self.g = grammar
        self.dates = dates or DateGrammar.from_rules()  # the one date grammar (pipeline/dates.py)
        self.figures = FigureReader(units, grammar)
        subject_rules = load_subject_rules()
        self.subjects = SubjectReader(grammar, subject_rules)
        self.chooser = SubjectChooser(grammar, subject_rules,
                                      load_place_names(generic=subject_rules.generic_places),
                                      SubjectChooser.load_model())
        self.subjects.is_place = self.chooser.is_place
        self.statistics = statistics or StatisticReader.from_rules()

    @classmethod
    def from_rules(cls, units_file: str = UNITS_FILE, grammar_file: str = GRAMMAR_FILE) -> "IndicatorFinder":
        units = load_units(units_file)
        return cls(units, load_grammar(grammar_file, units))

    def find(self, text: str) -> list[IndicatorMatch]:
        """Indicators in ``text`` (one sentence), in order, offsets into ``text``."""
        return self._scan(text, want_times=False)[0]

    def find_times(self, text: str) -> list[DateMatch]:
        """Dates and periods in ``text`` (pipeline/dates.py)."""
        return self.dates.find(text)

    def _scan(self, text: str, want_times: bool = True, state: DocState | None = None,
              boundaries: frozenset[int] | None = None) -> tuple[list[IndicatorMatch], list[DateMatch]]:
        """Indicators and dates together (dates are only computed when needed); ``state``
        carries what earlier sentences of the document say (a plan list, enumerations),
        ``boundaries`` the segmenter's word boundaries (offsets in ``text``)."""
        t = fold_numerals(text)  # same length: offsets stay valid
        candidates = self.figures.candidates(t)
        if not candidates:
            return [], self.dates.find(text) if want_times else []
        times = self.dates.find(text)
        time_spans = [span for tm in times if (span := self.dates.figure_free(tm))]
        blocked = time_spans + self._excluded(t)
        kept = [c for c in candidates if self._drop_reason(c, blocked) is None]
        out: list[IndicatorMatch] = []
        for i, cand in enumerate(kept):
            prev = out[-1] if out else None
            prev_end = kept[i - 1].end if i else 0
            out.append(self._describe(cand, text, t, prev, prev_end, time_spans, state, boundaries))
        distribute(out, t, boundaries, self.chooser.is_place)
        propagate(out)
        return out, times

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

    def _drop_reason(self, c: FigureCandidate, blocked: list[tuple[int, int]]) -> str | None:
        """Why a candidate is not an indicator, or None to keep it."""
        if any(s < c.num_end and c.num_start < e for s, e in blocked):
            return "excluded"  # a date, ordinal, identifier, quoted name ...
        qualified = c.pre or c.vague or c.quantity_max is not None
        fig = c.figure.strip()
        if fig in self.g.article and not qualified and not c.half:
            return "article"  # 一个活动主题: "a", not a count (近一天 and 1—2个 stay)
        if fig in self.g.noncount and not c.unit.numeral_form:
            return "noncount"  # 二次供水, 二级: Chinese counts with 两 (but weighs 二两)
        if all(ch in self.g.bare for ch in fig) and not qualified:
            return "figurative"  # 百家, 千家万户 (近百人 and 上百次 stay)
        if c.unit.unit == "年" and c.quantity.value >= 1000:
            return "year"  # a year the date grammar did not take
        return None

    # ---- step 3: description

    def _describe(self, c: FigureCandidate, text: str, t: str, prev: IndicatorMatch | None,
                  prev_end: int, time_spans: list[tuple[int, int]], state: DocState | None = None,
                  boundaries: frozenset[int] | None = None) -> IndicatorMatch:
        value, value_max = self._values(c, t)
        left = self.subjects.read_left(t, c.start, prev_end, time_spans)
        qualifier = "range" if value_max is not None else (
            c.pre or c.post or c.inner or c.quantity.approx or c.vague or left.qualifier)
        readings = self.subjects.readings(c, t, left, prev, prev_end, time_spans, boundaries)
        ctx = ReadingContext(c.unit.kind, c.unit.unit, left.verb_object, t[:c.start].rstrip(" ").endswith("的"),
                             boundaries)
        chosen, _ = self.chooser.choose(readings, t, ctx)
        subject, start, source = (chosen.text, chosen.start, chosen.source) if chosen else (None, c.start, None)
        default = self.g.default_subjects.get(c.unit.kind)
        if default and (not strict_subject_ok(subject, long_ok=True)
                        or (t[:c.start].endswith("的") and left.change != "from")
                        or (source == "previous" and prev is not None and prev.unit_kind != c.unit.kind)):
            subject, source = default, "default"  # 过去五年, 五年来: a duration with no noun phrase measures time
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
            optional=stat.optional, statistic=stat.kind, statistic_cue=stat.cue, subject_source=source,
            readings=readings, reading_context=ctx)

    @staticmethod
    def _values(c: FigureCandidate, t: str) -> tuple[Decimal, Decimal | None]:
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
        finder.statistics.start_sentence(fold_numerals(sent.text), sent.article, state)
        matches, times = finder._scan(sent.text, state=state, boundaries=word_boundaries(sent))
        finder.statistics.end_sentence(sent.text, state)
        for tm in times:
            start, end = sent.start + tm.start, sent.start + tm.end
            yield TimeExpression(
                id=stable_id("T", sent.doc_id, start, end), doc_id=sent.doc_id, sent_id=sent.sent_id,
                text=tm.text, start=start, end=end, **tm.record_fields())
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


def word_boundaries(sent: Sentence) -> frozenset[int] | None:
    """The segmenter's word boundaries as offsets in the sentence text (None without tokens)."""
    if not sent.tokens:
        return None
    out = {0, len(sent.text)}
    for tok in sent.tokens:
        out.add(tok.start - sent.start)
        out.add(tok.end - sent.start)
    return frozenset(out)


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
