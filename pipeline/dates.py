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
from .numbers import fold_numerals, small_number
from .rules import RuleError, load_yaml, word_list

DATES_FILE = "dates.yml"
WORD_LISTS = ("anaphoric_years", "relative_span_words", "open_span_words", "open_span_from",
              "open_span_start_words", "report_year_words",
              "span_count_before", "span_count_after", "now_words", "range_connectors", "consecutive_from",
              "consecutive_words", "npc_names", "term_bodies", "every", "periods", "standalone", "day_parts")
REQUIRED = WORD_LISTS + ("fact_years", "relative_years", "report_year_last_month", "span_count_years",
                         "npc_first_session_year", "comparison", "figure_free", "parts", "forms")
# the forms of rules/dates.yml (``form``) and what the code reads from each
FORMS = ("npc", "range", "consecutive", "open", "explicit", "iso", "span_count", "report", "now", "relative",
         "month", "every", "quarter", "period", "clock", "term")
KINDS = ("explicit", "span", "consecutive", "open_span", "npc", "relative", "relative_span", "anaphoric", "report",
         "now", "anchored", "month", "every", "quarter", "period", "clock", "term")
_PLACEHOLDER = regex.compile(r"(?<!\\[pP])\{([A-Za-z_]+)\}")  # not \p{Han}


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
    """rules/dates.yml, checked: word lists, the forms (patterns with their
    placeholders expanded) and the numbers the code needs."""

    words: dict[str, tuple[str, ...]]
    relative_years: dict[str, int]
    fact_years: tuple[int, int]
    report_year_last_month: int
    span_count_years: tuple[int, int]
    npc_first_year: dict[int, int]
    comparison: dict[str, Any]
    figure_free: frozenset[str]
    forms: tuple[tuple[str, str], ...]  # (form, expanded pattern), in order

    @property
    def report_year_words(self) -> tuple[str, ...]:
        return self.words["report_year_words"]

    @property
    def anaphoric_years(self) -> tuple[str, ...]:
        return self.words["anaphoric_years"]

    @classmethod
    def load(cls, name: str = DATES_FILE) -> "DateRules":
        data = load_yaml(name, REQUIRED)
        where = f"rules/{name}"

        def pair(key: str) -> tuple[int, int]:
            value = data[key]
            if not (isinstance(value, list) and len(value) == 2 and all(isinstance(v, int) for v in value)):
                raise RuleError(f"{where}: '{key}' must be two integers [low, high]")
            return value[0], value[1]

        def int_map(key: str, key_type: type) -> dict:
            value = data[key]
            if not isinstance(value, dict) or not all(isinstance(k, key_type) and isinstance(v, int)
                                                      for k, v in value.items()):
                raise RuleError(f"{where}: '{key}' maps {key_type.__name__}s to integers")
            return dict(value)

        words = {k: tuple(word_list(data, k, where)) for k in WORD_LISTS}
        relative = int_map("relative_years", str)
        words["relative_words"] = tuple(relative) + words["anaphoric_years"]
        comparison = _comparison(data["comparison"], where)
        free = frozenset(word_list(data, "figure_free", where))
        unknown = free - set(KINDS)
        if unknown:
            raise RuleError(f"{where}: 'figure_free' names unknown kinds: {', '.join(sorted(unknown))}")
        return cls(words=words, relative_years=relative, fact_years=pair("fact_years"),
                   report_year_last_month=int(data["report_year_last_month"]),
                   span_count_years=pair("span_count_years"),
                   npc_first_year=int_map("npc_first_session_year", int), comparison=comparison,
                   figure_free=free, forms=_forms(data, words, where))


def _comparison(data: Any, where: str) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise RuleError(f"{where}: 'comparison' must be a mapping")
    out: dict[str, Any] = {k: tuple(word_list(data, k, f"{where} comparison"))
                           for k in ("before", "pair_before", "pair_after", "after", "ratio_before", "ratio_not_after")}
    try:
        out["ratio_after"] = regex.compile(data["ratio_after"])
        out["pair_after_re"] = regex.compile(f"{data['pair_within']}(?:{alternation(out['pair_after'])})")
        out["window_before"], out["window_after"] = int(data["window_before"]), int(data["window_after"])
    except (KeyError, TypeError, ValueError, regex.error) as exc:
        raise RuleError(f"{where}: comparison needs ratio_after, pair_within, window_before, "
                        f"window_after ({exc})") from exc
    return out


def _forms(data: dict, words: dict[str, tuple[str, ...]], where: str) -> tuple[tuple[str, str], ...]:
    """The forms with {PART} and {word_list} placeholders expanded."""
    parts = data["parts"]
    if not isinstance(parts, dict):
        raise RuleError(f"{where}: 'parts' maps names to regular expressions")

    def expand(pattern: str, depth: int = 0) -> str:
        def one(m: regex.Match) -> str:
            key = m.group(1)
            if key in parts and depth < 5:
                return expand(str(parts[key]), depth + 1)
            if key in words:
                return f"(?:{alternation(words[key])})"
            raise RuleError(f"{where}: unknown placeholder {{{key}}} in {pattern!r}")
        return _PLACEHOLDER.sub(one, pattern)

    out = []
    for entry in data["forms"] or []:
        if not isinstance(entry, dict) or entry.get("form") not in FORMS or not isinstance(entry.get("pattern"), str):
            raise RuleError(f"{where}: each form needs 'form' (one of {', '.join(FORMS)}) and 'pattern'")
        pattern = expand(entry["pattern"])
        try:
            regex.compile(pattern)
        except regex.error as exc:
            raise RuleError(f"{where}: bad pattern of form {entry['form']}: {exc}") from exc
        out.append((entry["form"], pattern))
    return tuple(out)


def _number(text: str | None) -> int | None:
    """A date's numeral (2021, 二〇二一 read digit by digit, 十四, 05) through the one
    numeral grammar."""
    return small_number(text.strip(), digits=True) if text else None



class DateGrammar:
    """Finds the dates of a text.  Build once (``from_rules``); ``find`` is pure."""

    def __init__(self, rules: DateRules):
        self.rules = rules
        self.first_year, self.last_year = rules.fact_years
        self.patterns = [(form, regex.compile(p)) for form, p in rules.forms]
        self.cmp = rules.comparison

    @classmethod
    def from_rules(cls, name: str = DATES_FILE) -> "DateGrammar":
        return cls(DateRules.load(name))

    # ------------------------------------------------------------------ finding
    def find(self, text: str) -> list[DateMatch]:
        """Dates of ``text`` (one sentence, folded), in order, not overlapping: where two
        forms overlap, the earlier form of the list wins (a span over its two years)."""
        t = fold_numerals(text)  # same length: offsets stay valid
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
        c = self.cmp
        before = regex.sub(r"\s+", "", t[max(0, m.start - c["window_before"]):m.start])
        after = t[m.end:m.end + c["window_after"]].lstrip()
        if after.startswith(c["after"]):
            return True
        if before.endswith(c["before"]) and not before.endswith(c["pair_before"]):
            return True
        if before.endswith(c["ratio_before"]) and c["ratio_after"].match(after) \
                and not before[:-1].endswith(c["ratio_not_after"]):
            return True
        return before.endswith(c["pair_before"]) and c["pair_after_re"].match(after) is not None

    # ------------------------------------------------------------------ helpers
    def full_dates(self, text: str) -> list[DateMatch]:
        """The calendar dates of ``text`` with year, month and day (a page's date line)."""
        return [m for m in self.find(text) if m.kind == "explicit" and m.month and m.day]
