"""The year of each figure, from the dates around it (the indicators stage's
``time`` records, read as ``Mention``s) and the page's own date.

The order follows the guidelines: a year in the sentence (the figure's clause
first; a year opening a later clause only looks forward); a relative year
against the page's date; an earlier date of the same paragraph; the year of the
lead that frames the section or of the article's title; the page's date; else,
for an undated page, a month and day take the first year written after them
nearby; else null.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from typing import Any

import regex

from ..dates import DateRules
from ..view import fold
from .mentions import Mention
from .pagedate import PageDate
from .structure import DocStructure

CONFIDENCE = {"clause": 0.9, "sentence": 0.85, "paragraph": 0.75, "section": 0.7, "title": 0.75,
              "bulletin": 0.7, "inferred": 0.4}


class Dater:
    """The year of each figure, following the guidelines' order: a year in the
    sentence (the figure's clause first; a year opening a later clause only
    looks forward); a relative year against the page's date; an earlier date
    of the same paragraph; the year of the lead that frames the section or of
    the article's title; the page's date; else, for an undated page, a month
    and day take the first year written after them nearby; else null."""

    def __init__(self, st: DocStructure, rules: DateRules, mentions: list[Mention], ref: PageDate | None,
                 titles: dict[int | None, tuple[int, int]],
                 item_starts: dict[int, str] | None = None, header_spans: list[tuple[int, int]] | None = None,
                 names_in=None, sentence_spans: list[tuple[int, int]] | None = None):
        self.st = st
        # sentences that open an item of their own: start -> the place they open with
        self.item_starts = item_starts or {}
        self._items = sorted(self.item_starts.items())
        self._item_keys = [a for a, _ in self._items]
        self.names_in = names_in or (lambda lo, hi: set())
        self.sentence_spans = sorted(sentence_spans or [])
        self._span_starts = [a for a, _ in self.sentence_spans]
        self.ref = ref
        self.rules = rules
        self.last_month = rules.report_year_last_month
        self.mentions = mentions
        captions = [(p.start, p.end) for p in st.paragraphs if p.caption or p.item]
        captions += list(header_spans or [])
        if ref is not None and ref.line is not None:
            captions.append(ref.line)  # the page's date line: the bulletin's date, not a lead
        inside = _Intervals(captions)
        self.mentions = [m for m in self.mentions if not inside.holds(m.start) and not self._in_caption(m)]
        self._starts = [m.start for m in self.mentions]
        self.titles = titles
        for m in self.mentions:
            m.historical = self._historical(m)
            m.from_end = self._from_end(m)
        whole = set(rules.report_year_words)
        for m in self.mentions:
            if m.kind == "report" and fold(m.text) in whole:
                m.frame = self._whole_year_frame(m)

    def _whole_year_frame(self, m: Mention) -> int | None:
        """全年 after a dated statement of its paragraph (去年…;全年共查处…) or under a
        framing lead (2023年,县人大常委会…) is that year, not one counted from the page."""
        para = self.st.paragraph_at(m.start)
        if para is not None:
            for q in reversed(self._in(para.start, m.start)):
                if q.point and q.kind != "npc" and not self._new_item_between(q, m.start):
                    year = q.resolve(self.ref, self.last_month)
                    if year is not None:
                        return year
        lead = self._framing_lead(m.start, 0)
        return lead.resolve(self.ref, self.last_month) if lead is not None else None

    def _framing_lead(self, pos: int, art_start: int) -> Mention | None:
        """The year that opens a paragraph of the article's lead, above the headings
        of a report's sections (2023年,县人大常委会在县委的坚强领导下…)."""
        for p in self.st.article_leads(pos, art_start):
            # 现在,我代表…报告工作: the speech's "now", no year of the report
            found = [m for m in self._in(p.start, p.end) if m.kind != "now"]
            if not found:
                continue
            m = found[0]  # the lead's first dated paragraph decides: its opening year or none
            opening = self.st.folded(p.start, m.start).strip(" \"“”()（）")
            for w in self.st.cues.salutations:  # 各位代表:2023年,… on one line
                if opening.startswith(w):
                    opening = opening[len(w):].strip(" ,:，：")
            whole = m.kind == "report" and fold(m.text) in self.rules.report_year_words
            if not opening and (m.point or whole) and m.resolve(self.ref, self.last_month) is not None:
                return m  # 2023年,… or 过去一年,…: the year the report looks back on
            return None
        return None

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
        return bool(self.st.cues.grammar["caption_tail"].match(self.st.folded(stop.end(), min(len(text), stop.end() + 14))))

    def _sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._span_starts, pos) - 1
        return self.sentence_spans[i] if i >= 0 else (pos, pos)

    def _new_item_between(self, m: Mention, upto: int) -> bool:
        """A sentence after the one holding ``m``, up to ``upto``, opens with a place
        that ``m``'s sentence does not name (君山区…, after 2017年7月,汨罗市…)."""
        s0, s1 = self._sentence_of(m.start)
        names = None
        lo, hi = bisect_left(self._item_keys, s1), bisect_right(self._item_keys, upto)
        for start, name in self._items[lo:hi]:
            if s1 <= start <= upto:
                if names is None:
                    names = self.names_in(s0, s1)
                if name not in names:
                    return True
        return False

    def _lead_years(self, lead) -> list[Mention]:
        """The years that frame a section: one in the lead's first sentence, or one
        opening its second sentence (强化党的领导。去年…); later ones are the
        section's own anecdotes."""
        text = self.st.doc.text
        ends = [m.end() for m in _STOP.finditer(text, lead.start, lead.end)][:2]
        first_end = ends[0] if ends else lead.end
        out = [m for m in self._in(lead.start, first_end) if m.point and self._year(m) is not None]
        if not out and len(ends) >= 1:
            second = [m for m in self._in(first_end, ends[1] if len(ends) > 1 else lead.end)
                      if m.point and self._year(m) is not None]
            if second and not self.st.folded(first_end, second[0].start).strip():
                out = second[:1]
        return out

    def _in(self, lo: int, hi: int) -> list[Mention]:
        return self.mentions[bisect_left(self._starts, lo):bisect_left(self._starts, hi)]

    def _year(self, m: Mention) -> int | None:
        if m.frame is not None:
            return m.frame
        return m.resolve(self.ref, self.last_month)

    def _time(self, m: Mention, source: str, year: int | None = None) -> dict[str, Any]:
        return {"text": m.text, "year": year if year is not None else self._year(m), "month": m.month,
                "day": m.day, "relative": m.text if m.kind in ("relative", "relative_span", "report", "now", "open_span") else None,
                "kind": m.kind, "time_id": m.time_id, "confidence": CONFIDENCE[source]}

    def _topic(self, m: Mention, clause_start: int) -> bool:
        """A date opening its clause (2013年全区…) frames what follows, not what precedes."""
        return not self.st.folded(clause_start, m.start).strip(" \"“”()（）")

    def _from_part(self, u0: int, pos: int) -> tuple[int, int] | None:
        """The 'from' part of a change before ``pos`` (由去年的89%提高到92%: 由…提高到),
        in original offsets, or None."""
        st = self.st
        v0, v1 = st.view.index(u0), st.view.index(pos)
        text = st.view.text[v0:v1]
        opens = list(st.cues.from_re.finditer(text))
        for o in reversed(opens):
            close = st.cues.to_re.search(text, o.end())
            if close is not None:
                return st.to_original(v0 + o.start(), v0 + close.start())
        return None

    def _after_to_word(self, pos: int) -> bool:
        """The figure follows a change's 'to' word right away (…增加到3.5万亩)."""
        before = self.st.folded(max(0, pos - 4), pos).rstrip()
        return before.endswith(self.st.cues.to_words)

    def date(self, sentence, start: int, end: int, article,
             change: str | None = None) -> tuple[dict[str, Any] | None, str | None]:
        st = self.st
        u0, u1 = st.unit_of(sentence, start)
        c0, c1 = st.clause_of(start, u0, u1)
        # 明年, 下一年: a plan's year dates only the figures after it in its clause
        unit = [m for m in self._in(u0, u1)
                if not (m.kind == "relative" and m.offset > 0 and not c0 <= m.start < start)
                and not (m.from_end is not None and not (c0 <= m.start and start < m.from_end))]
        if change == "to" or self._after_to_word(start):
            # 由去年的89%提高到92%: 去年 dates the 'from' value only
            part = self._from_part(u0, start)
            if part is not None:
                unit = [m for m in unit if not part[0] <= m.start < part[1]]
        # 1. the figure's clause, nearest first (before, then after)
        in_clause = [m for m in unit if c0 <= m.start < c1]
        ordered = sorted(in_clause, key=lambda m: (m.start > start, abs(m.start - start)))
        # 2. earlier in the unit; 3. later in the unit, unless opening a clause
        before = sorted([m for m in unit if m.start < c0], key=lambda m: -m.start)
        later = []
        for m in unit:
            if m.start >= c1:
                k0, _ = st.clause_of(m.start, u0, u1)
                if not self._topic(m, k0):
                    later.append(m)
        for m in ordered + before + later:
            year = self._year(m)
            if year is not None:
                return self._time(m, "clause" if m in in_clause else "sentence"), \
                    "clause" if m in in_clause else "sentence"
        if self.ref is None and any(m.kind in _UNDATED_OWN for m in ordered + before):
            # 去年以来 on an undated page: its year is unknown, never an earlier anecdote's
            m = next(m for m in ordered + before if m.kind in _UNDATED_OWN)
            return self._time(m, "clause" if m in in_clause else "sentence"), "unresolved"
        # 4. an earlier date of the same paragraph
        para = st.paragraph_at(start)
        if para is not None:
            for m in reversed(self._in(para.start, u0)):
                if self._new_item_between(m, sentence.start):
                    break  # another place's item began since: the date stays with its own
                if m.kind == "relative" and m.offset > 0 or m.from_end is not None:
                    continue  # 计划明年…, 由去年的…提高到: a plan's or a base's year does not carry
                if m.point and self._year(m) is not None:
                    return self._time(m, "paragraph"), "paragraph"
                if m.kind in _RUNNING and self._year(m) is not None:
                    # 今年以来,… after 去年,…: the nearer time wins and runs to now
                    return self._time(m, "paragraph"), "paragraph"
        # 5. the lead that frames the section (or the article), then the title
        art_start = article.start if article is not None else 0
        title = self.titles.get(sentence.article)
        if title is not None:
            art_start = max(art_start, title[1] + 1)  # the title is no lead
        lead = st.section_lead(start, art_start)
        opens_item = False
        if para is not None:
            line = st.doc.text[para.start:para.end]
            first = para.start + len(line) - len(line.lstrip())
            opening = self.item_starts.get(first) or self.item_starts.get(first + 1)
            opens_item = opening is not None and lead is not None and \
                opening not in self.names_in(lead.start, lead.end)
        if lead is not None and (para is None or lead.index != para.index) and lead.start < start \
                and not opens_item:  # a paragraph about another place is an item of its own
            for m in self._lead_years(lead):
                return self._time(m, "section"), "section"
        framing = self._framing_lead(start, art_start)
        if framing is not None and not opens_item:
            return self._time(framing, "section"), "section"
        if title is not None:
            for m in self._in(*title):
                if m.kind in ("explicit", "span_end", "npc"):
                    return self._time(m, "title"), "title"
        # 6. the page's own date
        if self.ref is not None:
            t = self.ref.as_time()
            t.update(kind="page", confidence=CONFIDENCE["bulletin"], source=self.ref.source)
            return t, "bulletin"
        # 7. an undated page: a month and day take the next year written nearby
        lo = para.start if para is not None else u0
        own = [m for m in unit if m.kind != "anchored"]
        anchored = [] if own else [m for m in self._in(lo, u1) if m.kind == "anchored"]
        if anchored and para is not None:
            nxt = [q for q in st.paragraphs if q.index >= para.index][:3]
            for m in self._in(anchored[0].end, nxt[-1].end if nxt else u1):
                if m.kind in ("explicit", "span_end", "npc"):
                    return self._time(anchored[0], "inferred", year=m.year), "inferred"
        # nothing dated: keep an unresolved relative expression as text
        for m in ordered + before + later:
            if m.kind in ("relative", "relative_span", "report", "now", "open_span"):
                return self._time(m, "clause" if m in in_clause else "sentence"), "unresolved"
        return None, None


_RUNNING = ("relative_span", "open_span", "now")
_UNDATED_OWN = ("relative", "relative_span", "now", "open_span")  # need the page's date  # spans running to the page's date
_STOP = regex.compile(r"[。!?！？]")


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
