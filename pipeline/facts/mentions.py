"""The dates the facts stage reads: the indicators stage's ``time`` records.

Each record was found by the one date grammar (pipeline/dates.py) and says its
kind; here it becomes a ``Mention``: what year it gives a figure, against the
page's date.  Dates that are the base of a comparison (较去年), periods without
a year and times of day give none and are left out; a congress's term (十届人大
常委会) is kept: a figure about a term has no single year.

``Mentions`` holds a document's mentions in text order, with what the dater
asks of them: the mentions in a span (binary search), whether a date is told
as history (早在2012年), whether it sits in a change's from-part (由去年的…提高到),
and whether another place's item began between a date and a figure.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Callable

import regex

from ..dates import DateRules
from ..records import TimeExpression
from .pagedate import PageDate
from .structure import DocStructure

# record kind -> the mention kind the dater reads
_KINDS = {"explicit": "explicit", "span": "span_end", "consecutive": "span_end", "open_span": "open_span",
          "npc": "npc", "relative": "relative", "relative_span": "relative_span", "report": "report",
          "now": "now", "anchored": "anchored", "term": "term"}
_STOP = regex.compile(r"[。!?！？]")


@dataclass
class Mention:
    """A date expression at [start, end) of the stage-1 text."""

    start: int
    end: int
    text: str
    kind: str  # explicit, span_end, open_span, now, relative, relative_span, report, npc, anchored, term
    year: int | None = None  # explicit, span_end and npc years; an open span's first year
    offset: int = 0  # relative years
    month: int | None = None
    day: int | None = None
    time_id: str | None = None  # the time record it comes from
    term: int | None = None  # a congress's term (第十届)
    historical: bool = False  # 早在2012年: frames nothing after its sentence
    from_end: int | None = None  # 由去年的61%提高到: dates only what lies before this 'to' word
    frame: int | None = None  # 全年 under a dated statement or lead: that year

    def resolve(self, ref: PageDate | None, last_month: int) -> int | None:
        """The year this mention gives, against the page's date ``ref`` (or the
        document's frame year standing for it)."""
        if self.kind in ("explicit", "span_end", "npc"):
            return self.year
        if ref is None:
            return None
        if self.kind in ("open_span", "now"):
            return ref.year
        if self.kind == "relative":
            return ref.year + self.offset
        if self.kind == "report":
            return ref.year - 1 if ref.month and ref.month <= last_month else ref.year
        if self.kind == "relative_span":
            # 去年以来 ends at the page's date; early in the year it is the year just ended
            early = ref.month is not None and ref.month <= last_month
            return ref.year - 1 if early and self.offset < 0 else ref.year
        return None

    @property
    def point(self) -> bool:
        """A year that can carry to the next sentences (not a span's open end)."""
        return self.kind in ("explicit", "span_end", "npc", "relative", "term") and not self.historical


def mentions_from(times: list[TimeExpression], rules: DateRules) -> list[Mention]:
    """The Mentions of a document's time records, in text order."""
    out: list[Mention] = []
    for t in sorted(times, key=lambda t: (t.start, t.end)):
        kind = _KINDS.get(t.date_kind or "")
        if kind is None or t.base:
            continue
        year = t.start_year if kind == "open_span" else t.year
        if kind == "explicit" and not (year is not None and rules.fact_years[0] <= year <= rules.fact_years[1]):
            continue
        if kind == "anchored" and (t.month is None or t.day is None):
            continue
        out.append(Mention(t.start, t.end, t.text, kind, year=year, offset=t.offset or 0,
                           month=t.month, day=t.day, time_id=t.id, term=t.term))
    # 今年全年, 去年全年: the relative year says which whole year
    return [m for i, m in enumerate(out)
            if not (m.kind == "report" and i
                    and out[i - 1].kind in ("relative", "explicit") and m.start - out[i - 1].end <= 1)]


class Mentions:
    """A document's mentions, outside captions and furniture, with their context."""

    def __init__(self, st: DocStructure, mentions: list[Mention], skip: list[tuple[int, int]],
                 items: dict[int, str], names_in: Callable[[int, int], set[str]],
                 sentence_spans: list[tuple[int, int]]):
        """``skip``: spans whose dates frame nothing (captions, navigation, header, the
        page's date line); ``items``: sentence starts that open another place's item
        (start -> place); ``names_in(lo, hi)``: the place names written in a span."""
        self.st = st
        inside = _Intervals(skip)
        self.all = [m for m in mentions if not inside.holds(m.start) and not self._in_caption(m)]
        self._starts = [m.start for m in self.all]
        self.items = items
        self._items = sorted(items.items())
        self._item_keys = [a for a, _ in self._items]
        self.names_in = names_in
        self.sentence_spans = sorted(sentence_spans)
        self._span_starts = [a for a, _ in self.sentence_spans]
        for m in self.all:
            m.historical = self._historical(m)
            m.from_end = self._from_end(m)

    def within(self, lo: int, hi: int) -> list[Mention]:
        """The mentions starting in [lo, hi), in text order."""
        return self.all[bisect_left(self._starts, lo):bisect_left(self._starts, hi)]

    def _from_end(self, m: Mention) -> int | None:
        """Where the change's 'to' word starts when ``m`` sits in its 'from' part
        (由去年的61%提高到83%): ``m`` dates the 'from' value only."""
        if m.kind not in ("relative", "explicit"):
            return None
        st, n = self.st, len(self.st.doc.text)
        before = st.folded(max(0, m.start - 8), m.start)
        if not regex.search(rf"(?:{st.cues.from_re.pattern})[^,;。，；:：]{{0,6}}$", before):
            return None
        v0 = st.view.index(m.end)
        after = st.folded(m.end, min(n, m.end + 24))
        close = regex.match(rf"[^,;。，；:：]{{0,18}}?(?:{st.cues.to_re.pattern})", after)
        if close is None:
            return None
        word = regex.search(rf"(?:{st.cues.to_re.pattern})$", close.group(0))
        return st.to_original(v0 + word.start(), v0 + word.start())[0]

    def _historical(self, m: Mention) -> bool:
        """早在2012年, 始于2010年: a date of the past that frames nothing after it."""
        before = self.st.folded(max(0, m.start - 4), m.start)
        return before.endswith(self.st.cues.history_words)

    def _in_caption(self, m: Mention) -> bool:
        """A date in a photo caption run into the text (…执法检查。 殷某摄 …)."""
        text = self.st.doc.text
        stop = _STOP.search(text, m.end, min(len(text), m.end + 80))
        if stop is None:
            return False
        tail = self.st.folded(stop.end(), min(len(text), stop.end() + 14))
        return bool(self.st.cues.grammar["caption_tail"].match(tail))

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._span_starts, pos) - 1
        return self.sentence_spans[i] if i >= 0 else (pos, pos)

    def new_item_between(self, m: Mention, upto: int) -> bool:
        """A sentence after the one holding ``m``, up to ``upto``, opens with a place
        that ``m``'s sentence does not name (君山区…, after 2017年7月,汨罗市…)."""
        s0, s1 = self.sentence_of(m.start)
        names = None
        lo, hi = bisect_left(self._item_keys, s1), bisect_right(self._item_keys, upto)
        for _, name in self._items[lo:hi]:
            if names is None:
                names = self.names_in(s0, s1)
            if name not in names:
                return True
        return False


class _Intervals:
    """Spans [a, b), asked whether they hold a position (binary search)."""

    def __init__(self, spans: list[tuple[int, int]]):
        spans = sorted(spans)
        self.starts = [a for a, _ in spans]
        self.reach: list[int] = []  # the furthest end of the spans up to each one
        for _, b in spans:
            self.reach.append(max(b, self.reach[-1]) if self.reach else b)

    def holds(self, pos: int) -> bool:
        i = bisect_right(self.starts, pos) - 1
        return i >= 0 and self.reach[i] > pos
