"""The one date grammar: dates, spans and periods in a text, each with its kind.

The indicators stage writes what ``DateGrammar.find`` returns as ``time``
records (the figures inside them are never indicators); the facts stage reads
those records to date each figure.  Rules: rules/dates.yml.  Numerals are read
by ``pipeline.numbers.parse_number``.

Kinds (``DateMatch.kind``):

- ``explicit``: a year, with month and day when written (2021年5月3日, 2021-05-03,
  2021年底); ``relative`` keeps a period word (年底);
- ``span``: a span with both ends (2015年至2018年): ``year`` is its end,
  ``start_year`` its beginning; ``consecutive``: the same written as a first year
  and a count of years (2019年起连续三年: 2021), whose count is a duration figure;
- ``open_span``: a span from ``start_year`` to the page's date (2018年以来, 2019年建成以来);
- ``npc``: a session of the national congress (十四届全国人大二次会议: 2024);
- ``relative``: a year named from the page's date (今年, 去年: ``offset``), with month
  and day when written (今年6月); ``relative_span``: such a year opening a span to the
  page's date (去年以来);
- ``anaphoric``: a year named from the year just written (当年, 次年);
- ``report``: a whole year or a few counted back from the page (全年, 一年来, 近五年来);
- ``now``: the page's date (目前, 截至目前);
- ``anchored``: a month and day without a year (5月3日); ``month``: a month alone;
- ``every``, ``quarter``, ``period``, ``clock``: recurring dates, quarters, periods
  without a year (年初, 近日) and times of day;
- ``term``: a congress's term (第十六届, 十四届人大常委会): an ordinal, no year.

``base`` marks a date written as the base of a comparison (较去年, 与2022年相比):
it dates the base, not the figure.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from .chars import alternation
from .numbers import NumberError, fold_width, parse_number
from .rules import RuleError, load_yaml, word_list

DATES_FILE = "dates.yml"
REQUIRED = ("fact_years", "relative_years", "anaphoric_years", "relative_span_words", "open_span_words",
            "open_span_gap", "report_year_words", "report_year_last_month", "span_count_before",
            "span_count_after", "span_count_years", "now_words", "range_connectors", "consecutive_from",
            "consecutive_words", "npc_first_session_year", "npc_names", "term_pattern", "every", "periods",
            "standalone", "day_parts", "comparison", "figure_free")
KINDS = ("explicit", "span", "consecutive", "open_span", "npc", "relative", "relative_span", "anaphoric", "report",
         "now", "anchored", "month", "every", "quarter", "period", "clock", "term")

_YEAR = r"(?<![\d.])(?:1[5-9]|20)\d{2}(?![\d.])|[〇零○一二三四五六七八九]{4}"
_MONTH = r"1[0-2]|0?[1-9]|十[一二]?|[一二三四五六七八九]"
_DAY = r"3[01]|[12]\d|0?[1-9]|三十一?|二十[一二三四五六七八九]?|十[一二三四五六七八九]?|[一二三四五六七八九]"
_SMALL = r"\d{1,2}|[一二两三四五六七八九十]{1,3}"
_SP = r"[ ]{0,2}"


@dataclass
class DateMatch:
    """A date expression at [start, end) of the text it was found in."""

    start: int
    end: int
    text: str
    kind: str
    year: int | None = None
    month: int | None = None
    day: int | None = None
    relative: str | None = None  # the word as written: 今年, 年底, 每月, 上半年, 目前 ...
    offset: int | None = None  # relative years: years from the page's date
    start_year: int | None = None  # spans: the first year
    term: int | None = None  # terms and congress sessions: the term number
    base: bool = False  # the base of a comparison (较去年), not the figure's date
    count_at: int | None = None  # consecutive: where its count of years (连续三年) begins

    def record_fields(self) -> dict[str, Any]:
        """The fields a ``time`` record carries besides its span (``date_kind`` for
        ``kind``, which names the record type)."""
        return {"year": self.year, "month": self.month, "day": self.day, "relative": self.relative,
                "date_kind": self.kind, "offset": self.offset, "start_year": self.start_year,
                "term": self.term, "base": self.base}


@dataclass(frozen=True)
class DateRules:
    """rules/dates.yml, checked."""

    fact_years: tuple[int, int]
    relative_years: dict[str, int]
    anaphoric_years: tuple[str, ...]
    relative_span_words: tuple[str, ...]
    open_span_words: tuple[str, ...]
    open_span_gap: int
    report_year_words: tuple[str, ...]
    report_year_last_month: int
    span_count_before: tuple[str, ...]
    span_count_after: tuple[str, ...]
    span_count_years: tuple[int, int]
    now_words: tuple[str, ...]
    range_connectors: tuple[str, ...]
    consecutive_from: tuple[str, ...]
    consecutive_words: tuple[str, ...]
    npc_first_year: dict[int, int]
    npc_names: tuple[str, ...]
    term_pattern: str
    every: tuple[str, ...]
    periods: tuple[str, ...]
    standalone: tuple[str, ...]
    day_parts: tuple[str, ...]
    comparison: dict[str, tuple[str, ...]]
    figure_free: frozenset[str]

    @classmethod
    def load(cls, name: str = DATES_FILE) -> "DateRules":
        data = load_yaml(name, REQUIRED)
        where = f"rules/{name}"

        def words(key: str, src: dict = data) -> tuple[str, ...]:
            return tuple(word_list(src, key, where))

        def pair(key: str) -> tuple[int, int]:
            value = data[key]
            if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
                raise RuleError(f"{where}: '{key}' must be two integers [low, high]")
            return value[0], value[1]

        rel = data["relative_years"]
        if not isinstance(rel, dict) or not all(isinstance(k, str) and isinstance(v, int) for k, v in rel.items()):
            raise RuleError(f"{where}: 'relative_years' maps words to year offsets")
        npc = data["npc_first_session_year"]
        if not isinstance(npc, dict) or not all(isinstance(k, int) and isinstance(v, int) for k, v in npc.items()):
            raise RuleError(f"{where}: 'npc_first_session_year' maps term numbers to years")
        comp = data["comparison"]
        if not isinstance(comp, dict):
            raise RuleError(f"{where}: 'comparison' must be a mapping")
        comparison = {k: words(k, comp) for k in ("before", "pair_before", "pair_after", "after",
                                                    "ratio_before", "ratio_not_after")}
        free = frozenset(words("figure_free"))
        unknown = free - set(KINDS)
        if unknown:
            raise RuleError(f"{where}: 'figure_free' names unknown kinds: {', '.join(sorted(unknown))}")
        return cls(
            fact_years=pair("fact_years"), relative_years=dict(rel), anaphoric_years=words("anaphoric_years"),
            relative_span_words=words("relative_span_words"), open_span_words=words("open_span_words"),
            open_span_gap=int(data["open_span_gap"]), report_year_words=words("report_year_words"),
            report_year_last_month=int(data["report_year_last_month"]),
            span_count_before=words("span_count_before"), span_count_after=words("span_count_after"),
            span_count_years=pair("span_count_years"), now_words=words("now_words"),
            range_connectors=words("range_connectors"), consecutive_from=words("consecutive_from"),
            consecutive_words=words("consecutive_words"), npc_first_year=dict(npc),
            npc_names=words("npc_names"), term_pattern=str(data["term_pattern"]), every=words("every"),
            periods=words("periods"), standalone=words("standalone"), day_parts=words("day_parts"),
            comparison=comparison, figure_free=free)


def _number(text: str | None) -> int | None:
    """A date's numeral (2021, 二〇二一, 十四, 05) through the one numeral grammar."""
    if not text:
        return None
    try:
        value = parse_number(text)
    except NumberError:
        return None
    return int(value) if value == value.to_integral_value() and value >= 0 else None


class DateGrammar:
    """Finds the dates of a text.  Build once (``from_rules``); ``find`` is pure."""

    def __init__(self, rules: DateRules):
        self.rules = r = rules
        def alt(words) -> str:
            return f"(?:{alternation(words)})"

        y, mo, d = _YEAR, _MONTH, _DAY
        month = rf"(?<![个個\d〇零一二三四五六七八九十两]){_SP}(?P<m>{mo})(?![\d.]){_SP}月(?:份)?"
        day = rf"{_SP}(?P<d>{d})(?!\d){_SP}[日号](?!报|记|常|用|益|程|化|子|本|召|称)"
        quarter = r"(?P<q>第?[一二三四1-4]季度)"
        periods = rf"(?P<p>{alt(r.periods)})"
        rel_words = alt(list(r.relative_years) + list(r.anaphoric_years))
        npc = alt(r.npc_names)
        self.first_year, self.last_year = r.fact_years
        self.patterns: list[tuple[str, regex.Pattern]] = [(k, regex.compile(p)) for k, p in (
            ("npc", rf"第?(?P<term>{_SMALL})届{npc}(?:常委会)?第?(?P<sess>{_SMALL})次(?:会议|全体会议)"),
            ("npc", rf"{npc}第?(?P<term>{_SMALL})届第?(?P<sess>{_SMALL})次(?:会议|全体会议)"),
            ("range", rf"(?P<y1>{y}){_SP}年(?:{_SP}\d{{1,2}}{_SP}月)?(?:份)?\s*(?:{alt(r.range_connectors)})\s*"
                      rf"(?P<y>{y}){_SP}年(?:{month}(?:{day})?)?"),
            ("consecutive", rf"(?P<y1>{y}){_SP}年{_SP}(?:{alt(r.consecutive_from)})\s*,?\s*"
                            rf"(?P<count>{alt(r.consecutive_words)}){_SP}(?P<n>{_SMALL}){_SP}年"),
            ("open", rf"(?:自|从|自从)?{_SP}(?P<y1>{y}){_SP}年(?:{month})?\s*(?:{alt(r.open_span_words)})"),
            ("open", rf"(?P<y1>{y}){_SP}年(?:{month})?(?:份|底|初|末)?[\p{{Han}}]{{1,{r.open_span_gap}}}?以来"),
            ("explicit", rf"(?P<y>{y}){_SP}年(?:度)?(?:{month}(?:{day})?|{_SP}{quarter})?{periods}?"),
            ("iso", r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)"),
            ("span_count", rf"(?:{alt(r.span_count_before)})?{_SP}(?P<n>{_SMALL}){_SP}年(?:{alt(r.span_count_after)})"),
            ("report", alt(r.report_year_words)),
            ("now", alt(r.now_words)),
            ("relative", rf"(?P<rel>{rel_words})(?:{month}(?:{day})?|{_SP}{quarter})?{periods}?"
                         rf"(?P<since>{alt(r.relative_span_words)})?"),
            ("month", rf"(?P<every>{alt(r.every)})?{month}(?:{day})?{periods}?"),
            ("every", rf"(?P<every>{alt(r.every)}){day}"),
            ("quarter", quarter),
            ("period", rf"(?P<word>{alt(r.standalone)})"),
            ("clock", rf"(?:{alt(r.day_parts)}){_SP}(?:\d{{1,2}}|[一二三四五六七八九十]{{1,3}}){_SP}[时点]"
                      r"(?:[ ]?(?:\d{1,2}|半)[ ]?分?)?|(?<!\d)\d{1,2}[:：]\d{2}(?!\d)"),
            ("term", r.term_pattern),
        )]
        c = r.comparison
        self._cmp_before = c["before"]
        self._pair_before = c["pair_before"]
        self._pair_after = regex.compile(rf"[^,;。，；]{{0,12}}?(?:{alt(c['pair_after'])})")
        self._cmp_after = c["after"]
        self._ratio_before = c["ratio_before"]
        self._ratio_not_after = c["ratio_not_after"]

    @classmethod
    def from_rules(cls, name: str = DATES_FILE) -> "DateGrammar":
        return cls(DateRules.load(name))

    # ------------------------------------------------------------------ finding
    def find(self, text: str) -> list[DateMatch]:
        """Dates of ``text`` (one sentence, folded), in order, not overlapping: where two
        forms overlap, the earlier form of the list wins (a span over its two years)."""
        t = fold_width(text)  # same length: offsets stay valid
        taken: list[tuple[int, int]] = []
        out: list[DateMatch] = []
        for kind, pattern in self.patterns:
            for m in pattern.finditer(t):
                a, b = m.span()
                if a == b or any(a < tb and ta < b for ta, tb in taken):
                    continue
                found = self._match(kind, m)
                if found is None:
                    continue
                found.text = text[a:b]
                taken.append((a, b))
                out.append(found)
        out.sort(key=lambda x: x.start)
        for found in out:
            found.base = self._comparison(t, found)
        return out

    def figure_free(self, found: DateMatch) -> tuple[int, int] | None:
        """The part of ``found`` whose numerals belong to the date and are never a
        figure: all of it for the kinds of ``figure_free``, the first year of a
        consecutive span (its count of years, 连续三年, is a duration), else none."""
        if found.kind == "consecutive" and found.count_at is not None:
            return found.start, found.count_at
        return (found.start, found.end) if found.kind in self.rules.figure_free else None

    def usable_year(self, year: int | None) -> bool:
        return year is not None and self.first_year <= year <= self.last_year

    def _match(self, kind: str, m: regex.Match) -> DateMatch | None:
        g = {k: v for k, v in m.groupdict().items() if v}
        a, b = m.span()
        year, month, day = _number(g.get("y")), _number(g.get("m")), _number(g.get("d"))
        if month is not None and not 1 <= month <= 12 or day is not None and not 1 <= day <= 31:
            return None
        period = g.get("p")
        if period and len(period) == 1:  # 5月底 -> 月底, 2021年底 -> 年底
            period = ("月" if month is not None else "年") + period
        words = [w for w in (g.get("q"), period) if w]
        base = DateMatch(a, b, "", kind, year=year, month=month, day=day,
                         relative="".join(words) or None)
        if kind == "npc":
            term, sess = _number(g.get("term")), _number(g.get("sess"))
            first = self.rules.npc_first_year.get(term if term is not None else -1)
            if first is None or not sess or sess > 5:
                return None
            base.year, base.term = first + sess - 1, term
        elif kind in ("range", "consecutive", "open"):
            y1 = _number(g.get("y1"))
            if y1 is None:
                return None
            base.start_year = y1
            if kind == "range":
                if year is None or year < y1:
                    return None
                base.kind = "span"
            elif kind == "consecutive":
                base.year = y1 + (_number(g.get("n")) or 1) - 1
                base.count_at = m.start("count")
            else:
                base.kind, base.month, base.day = "open_span", None, None
        elif kind in ("explicit", "iso"):
            if year is None:
                return None
            base.kind = "explicit"
        elif kind == "span_count":
            n = _number(g.get("n"))
            lo, hi = self.rules.span_count_years
            if n is None or not lo <= n <= hi:
                return None
            base.kind, base.relative = "report", m.group(0)
        elif kind in ("report", "now"):
            base.relative = m.group(0)
        elif kind == "relative":
            word = g["rel"]
            since = g.get("since")
            base.relative = word + (period or "") + (since or "")
            if word in self.rules.anaphoric_years:
                base.kind = "anaphoric"
            else:
                base.offset = self.rules.relative_years[word]
                base.kind = "relative_span" if since else "relative"
        elif kind == "month":
            every = g.get("every")
            base.relative = (every or "") + "".join(words) or None
            base.kind = "every" if every else "anchored" if day is not None else "month"
        elif kind == "every":
            base.relative = g["every"]
        elif kind == "quarter":
            base.relative = m.group(0)
        elif kind in ("period", "clock"):
            base.relative = m.group(0)
        elif kind == "term":
            base.term = _number(g.get("term"))
            if base.term is None:
                return None
        return base

    def _comparison(self, t: str, m: DateMatch) -> bool:
        """较去年同期, 比上年, 与2022年相比, 是去年的1.5倍: the base of a comparison."""
        if m.kind not in ("relative", "explicit"):
            return False
        before = regex.sub(r"\s+", "", t[max(0, m.start - 5):m.start])
        after = t[m.end:m.end + 14].lstrip()
        if after.startswith(self._cmp_after):
            return True
        if before.endswith(self._cmp_before) and not before.endswith(self._pair_before):
            return True
        if before.endswith(self._ratio_before) and regex.match(r"(?:同期|末|底)?的", after) \
                and not before[:-1].endswith(self._ratio_not_after):
            return True
        return before.endswith(self._pair_before) and self._pair_after.match(after) is not None

    # ------------------------------------------------------------------ helpers
    def full_dates(self, text: str) -> list[DateMatch]:
        """The calendar dates of ``text`` with year, month and day (a page's date line)."""
        return [m for m in self.find(text) if m.kind == "explicit" and m.month and m.day]
