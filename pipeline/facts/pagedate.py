"""The page's own date, the reference of every relative year.

It is ingest's ``metadata.date`` (rules/furniture.yml reads it from the
page's date line in its common forms).  When the metadata has none, the facts
stage looks, with the one date grammar (pipeline/dates.py), at what frames the
page: a labelled or standalone date on a header line or one of the first lines
(a form ingest does not read yet), a work report's subtitle (——2024年1月9日在
某县…会议上: the day it was delivered), and the page's own headline repeated with
its date in a list on the page (相关新闻: 标题 [2026-03-11]).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..chars import alternation
from ..dates import DateGrammar, DateMatch
from ..view import fold
from .cues import Cues
from .structure import DocStructure

_ISO_META = regex.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")


@dataclass
class PageDate:
    year: int
    month: int | None
    day: int | None
    text: str
    source: str  # metadata, header, first_lines, subtitle, listing
    line: tuple[int, int] | None = None  # where it was read (its line is no section lead)

    def as_time(self) -> dict:
        return {"text": self.text, "year": self.year, "month": self.month, "day": self.day,
                "relative": None, "time_id": None}


def _calendar(m: DateMatch) -> tuple[int, int, int] | None:
    if m.year is None or m.month is None or m.day is None:
        return None
    return m.year, m.month, m.day


class PageDater:
    """Reads the page's date of one document (built once per stage)."""

    def __init__(self, cues: Cues, dates: DateGrammar):
        self.cues = cues
        self.dates = dates
        self.label_re = regex.compile(rf"(?:{alternation(cues.date_labels)})\s*[:：]?\s*$")

    def page_date(self, st: DocStructure, header_spans: list[tuple[int, int]],
                  title: str | None) -> PageDate | None:
        """metadata, else a header or first line, else the page's headline in a list,
        else a report's subtitle."""
        meta = st.doc.metadata.get("date")
        if isinstance(meta, str):
            m = _ISO_META.match(meta)
            if m:
                return PageDate(int(m["y"]), int(m["m"]), int(m["d"]), meta, "metadata")
            for found in self.dates.full_dates(fold(meta)):  # a date kept as written (2021年11月03日)
                return PageDate(*_calendar(found), meta, "metadata")
        first = [p for p in st.paragraphs if not p.item][: self.cues.page_date_max_lines]
        lines = [(st.folded(a, b), "header", (a, b)) for a, b in header_spans] + \
            [(p.text, "first_lines", (p.start, p.end)) for p in first]
        for line, source, span in lines:
            for m in self.dates.full_dates(line):
                before, after = line[: m.start], line[m.end:]
                labelled = bool(self.label_re.search(before[-12:]))
                alone = any(p.search(after) for p in self.cues.trailing_ok) and len(before.strip()) <= 20
                if labelled or alone:
                    return PageDate(*_calendar(m), m.text, source, _date_span(st, line, span, m, source))
        if title:
            found = self._listing_date(st, title)
            if found is not None:
                return found
        return self._subtitle_date(st, first)

    def _subtitle_date(self, st: DocStructure, first) -> PageDate | None:
        """A work report's subtitle (——2024年1月9日在某县…会议上): the date it was delivered."""
        for p in first:
            if self.cues.subtitle.match(p.text):
                for m in self.dates.full_dates(p.text):
                    return PageDate(*_calendar(m), m.text, "subtitle", (p.start, p.end))
        return None

    def _listing_date(self, st: DocStructure, title: str) -> PageDate | None:
        """The page's headline repeated in a list of items with its date."""
        want = regex.sub(r"\s+", "", title)
        if len(want) < 6:
            return None
        paras = st.paragraphs
        for i, p in enumerate(paras):
            if not p.item or regex.sub(r"\s+", "", p.text) != want:
                continue
            for q in paras[i: i + 3]:
                for m in self.dates.full_dates(q.text):
                    return PageDate(*_calendar(m), m.text, "listing")
        return None


def _date_span(st: DocStructure, line: str, span: tuple[int, int], m: DateMatch,
               source: str) -> tuple[int, int]:
    """Where the page's date was read: its whole line when the line is a short
    date or source line, else only the date itself (a page run into one line,
    title, date and body together, keeps the body's own dates)."""
    if len(line) <= 60:
        return span
    folded = st.folded(*span)
    lead = len(folded) - len(folded.lstrip()) if source == "first_lines" else 0
    v0 = st.view.index(span[0]) + lead
    return st.to_original(v0 + m.start, v0 + m.end)
