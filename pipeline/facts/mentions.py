"""The dates the facts stage reads: the indicators stage's ``time`` records.

Each record was found by the one date grammar (pipeline/dates.py) and says its
kind; here it becomes a ``Mention``: what year it gives a figure, against the
page's date.  Dates that are the base of a comparison (较去年), periods without
a year and times of day give none and are left out.
"""
from __future__ import annotations

from dataclasses import dataclass

from ..dates import DateRules
from ..records import TimeExpression
from .pagedate import PageDate

# record kind -> the mention kind the dater reads
_KINDS = {"explicit": "explicit", "span": "span_end", "consecutive": "span_end", "open_span": "open_span", "npc": "npc",
          "relative": "relative", "relative_span": "relative_span", "report": "report", "now": "now",
          "anchored": "anchored"}


@dataclass
class Mention:
    """A date expression at [start, end) of the stage-1 text."""

    start: int
    end: int
    text: str
    kind: str  # explicit, span_end, open_span, now, relative, relative_span, report, npc, anchored
    year: int | None = None  # explicit, span_end and npc years; an open span's first year
    offset: int = 0  # relative years
    month: int | None = None
    day: int | None = None
    time_id: str | None = None  # the time record it comes from
    historical: bool = False  # 早在2012年: frames nothing after its sentence
    from_end: int | None = None  # 由去年的61%提高到: dates only what lies before this 'to' word
    frame: int | None = None  # 全年 under a dated statement or lead: that year

    def resolve(self, ref: PageDate | None, last_month: int) -> int | None:
        """The year this mention gives, against the page's date ``ref``."""
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
        return self.kind in ("explicit", "span_end", "npc", "relative") and not self.historical


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
                           month=t.month, day=t.day, time_id=t.id))
    # 今年全年, 去年全年: the relative year says which whole year
    return [m for i, m in enumerate(out)
            if not (m.kind == "report" and i
                    and out[i - 1].kind in ("relative", "explicit") and m.start - out[i - 1].end <= 1)]
