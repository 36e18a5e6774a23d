"""The year of each figure, from the dates around it (the indicators stage's
``time`` records, read as ``Mention``s) and the page's own date.

``Dater.candidates`` lists every year the rules propose for a figure, near to far,
each with the rule that proposes it; the first is the rules' own choice.  The
order follows the guidelines: a year in the sentence (the figure's clause first;
a year opening a later clause only looks forward); a relative year against the
page's date; an earlier date of the same paragraph; the year of the lead that
frames the section or of the article's title; the page's date; else, for an
undated page, a month and day take the first year written after them nearby;
else null.  A congress's term (十届人大常委会组织…31次) is no year: nearer than
any date, it gives null and keeps the term.  With no page date, the document's
frame year (its title's year) stands for it.
"""
from __future__ import annotations

from typing import Any

import regex

from ..dates import DateRules
from ..view import fold
from .mentions import Mention, Mentions
from .pagedate import PageDate
from .structure import DocStructure

# the time sources the stage writes (time_source), each with a prior confidence (the
# fact's own confidence is the fitted one: facts/choice.py)
CONFIDENCE = {"clause": 0.9, "sentence": 0.85, "paragraph": 0.75, "section": 0.7, "title": 0.75,
              "bulletin": 0.7, "frame": 0.6, "inferred": 0.4, "latest": 0.4, "unresolved": 0.3}
_STOP = regex.compile(r"[。!?！？]")
_RUNNING = ("relative_span", "open_span", "now")
_UNDATED_OWN = ("relative", "relative_span", "now", "open_span")  # need the page's date
Candidate = tuple[str, str, "dict[str, Any] | None"]  # (rule, time_source, time)


class Dater:
    """The candidate years of each figure of one document."""

    def __init__(self, st: DocStructure, rules: DateRules, mentions: Mentions, ref: PageDate | None,
                 titles: dict[int | None, tuple[int, int]]):
        self.st = st
        self.rules = rules
        self.last_month = rules.report_year_last_month
        self.ms = mentions
        self.page = ref
        self.titles = titles
        # with no page date, the year of the document's (first) title frames it
        self.ref = ref or self._title_frame()
        whole = set(rules.report_year_words)
        for m in self.ms.all:
            if m.kind == "report" and fold(m.text) in whole:
                m.frame = self._whole_year_frame(m)
        written = [m.year for m in self.ms.all if m.kind in ("explicit", "span_end", "open_span") and m.year]
        ends = [m.year for m in self.ms.all if m.kind in ("explicit", "span_end") and m.year]
        self.latest_end = max(ends) if ends else None  # the latest date the page writes
        self.latest_any = max(written) if written else None  # ... or a span it writes begins
        self.latest = self.latest_any if self.ref is None else None

    def _title_frame(self) -> PageDate | None:
        for lo, hi in self.titles.values():
            for m in self.ms.within(lo, hi):
                if m.kind in ("explicit", "span_end", "npc") and m.year:
                    return PageDate(m.year, None, None, m.text, "title")
            return None  # the first title only
        return None

    def _in(self, lo: int, hi: int) -> list[Mention]:
        return self.ms.within(lo, hi)

    def _whole_year_frame(self, m: Mention) -> int | None:
        """全年 after a dated statement of its paragraph (去年…;全年共查处…) or under a
        framing lead (2023年,县人大常委会…) is that year, not one counted from the page."""
        para = self.st.paragraph_at(m.start)
        if para is not None:
            for q in reversed(self._in(para.start, m.start)):
                if q.point and q.kind not in ("npc", "term") and not self.ms.new_item_between(q, m.start):
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
            found = [m for m in self._in(p.start, p.end) if m.kind not in ("now", "term")]
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

    def _year(self, m: Mention, ref: PageDate | None = None) -> int | None:
        """The year ``m`` gives: against the page's date (or the frame year standing for
        it, ``ref``); 自2019年以来 on an undated page is 2019 when the page writes no later
        year (a later one means the span runs on to a date the page does not give)."""
        if m.frame is not None:
            return m.frame
        # a section's frame year stands for the page's date only for 目前, 截至目前: the time
        # of writing; 去年以来 needs the page's own date
        ref = self.ref or (ref if m.kind == "now" else None)
        if m.kind == "open_span" and ref is None:
            began = fold(m.text).endswith(self.rules.words["open_span_start_words"])
            return m.year if began or self.latest_end is None or m.year >= self.latest_end else None
        return m.resolve(ref, self.last_month)

    def _time(self, m: Mention, source: str, year: int | None = None, ref: PageDate | None = None) -> dict[str, Any]:
        relative = m.text if m.kind in ("relative", "relative_span", "report", "now", "open_span") else None
        out = {"text": m.text, "year": year if year is not None else self._year(m, ref), "month": m.month,
               "day": m.day, "relative": relative, "kind": m.kind, "time_id": m.time_id,
               "confidence": CONFIDENCE[source]}
        if m.kind == "term":
            out.update(year=None, term=m.term)  # a term of a congress: no single year
        return out

    def _term_subject(self, m: Mention, lo: int, hi: int) -> bool:
        """A term as the doer of its clause (十届人大常委会组织…), not a term named in passing."""
        c0, _ = self.st.clause_of(m.start, lo, hi)
        return bool(self.st.cues.grammar["term_subject_prefix"].match(self.st.folded(c0, m.start)))

    def _topic(self, m: Mention, clause_start: int) -> bool:
        """A date opening its clause (2013年全区…) frames what follows, not what precedes."""
        return not self.st.folded(clause_start, m.start).strip(" \"“”()（）")

    def _from_part(self, u0: int, pos: int) -> tuple[int, int] | None:
        """The 'from' part of a change before ``pos`` (由去年的89%提高到92%: 由…提高到),
        in original offsets, or None."""
        st = self.st
        v0, v1 = st.view.index(u0), st.view.index(pos)
        text = st.view.text[v0:v1]
        for o in reversed(list(st.cues.from_re.finditer(text))):
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
        """The rules' own choice: the first candidate (time, its source)."""
        _, source, time = self.candidates(sentence, start, end, article, change)[0]
        return time, source if time is not None else None

    def candidates(self, sentence, start: int, end: int, article,
                   change: str | None = None) -> list[Candidate]:
        """(rule, time_source, time) for every year proposed, near to far; the last is
        ("none", "none", None).  ``time_source`` is the coarse source (clause, sentence,
        paragraph, section, title, bulletin, frame, inferred, unresolved, latest)."""
        out: list[Candidate] = []

        def add(rule: str, source: str, time: dict[str, Any] | None) -> None:
            if time is not None:
                time["rule"] = rule
            out.append((rule, source, time))

        st = self.st
        para = st.paragraph_at(start)
        # an undated page: the section's framing year stands for the page's date
        local = None if self.ref is not None else self._section_frame(sentence, start, article, para)
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
        later = [m for m in unit if m.start >= c1 and not self._topic(m, st.clause_of(m.start, u0, u1)[0])]
        for m in ordered + before + later:
            where = "clause" if m in in_clause else "sentence"
            side = "before" if m.start < start else "after"
            if m.kind == "term":
                if self._term_subject(m, u0, u1):
                    add(f"term_{where}", where, self._time(m, where))
            elif self._year(m, local) is not None:
                add(f"{where}_{side}", where, self._time(m, where, ref=local))
        if self.ref is None and any(m.kind in _UNDATED_OWN for m in ordered + before):
            # 去年以来 on an undated page: its year is unknown, never an earlier anecdote's
            m = next(m for m in ordered + before if m.kind in _UNDATED_OWN)
            add("undated_own", "unresolved", self._time(m, "clause" if m in in_clause else "sentence"))
            if m.kind == "open_span" and m.year:  # 从2009年起: the year the span begins
                add("open_start", "sentence", self._time(m, "sentence", year=m.year))
        # 4. an earlier date of the same paragraph
        if para is not None:
            for m in reversed(self._in(para.start, u0)):
                if self.ms.new_item_between(m, sentence.start):
                    break  # another place's item began since: the date stays with its own
                if m.kind == "relative" and m.offset > 0 or m.from_end is not None:
                    continue  # 计划明年…, 由去年的…提高到: a plan's or a base's year does not carry
                if m.kind == "term":
                    if self._term_subject(m, para.start, para.end):
                        add("term_paragraph", "paragraph", self._time(m, "paragraph"))
                elif (m.point or m.kind in _RUNNING) and self._year(m, local) is not None:
                    # (今年以来,… after 去年,…: the nearer time wins and runs to now)
                    add("paragraph", "paragraph", self._time(m, "paragraph", ref=local))
        self._frames(add, sentence, start, article, para)
        # 7. an undated page: a month and day take the next year written nearby
        lo = para.start if para is not None else u0
        own = [m for m in unit if m.kind != "anchored"]
        anchored = [] if own else [m for m in self._in(lo, u1) if m.kind == "anchored"]
        if anchored and para is not None and self.ref is None:
            nxt = st.paragraphs[para.index:para.index + 3]
            for m in self._in(anchored[0].end, nxt[-1].end if nxt else u1):
                if m.kind in ("explicit", "span_end", "npc"):
                    add("inferred", "inferred", self._time(anchored[0], "inferred", year=m.year))
                    break
        # nothing dated: keep an unresolved relative expression as text
        for m in ordered + before + later:
            if m.kind in ("relative", "relative_span", "report", "now", "open_span") and self._year(m) is None:
                add("unresolved", "unresolved", self._time(m, "clause" if m in in_clause else "sentence"))
                break
        add("none", "none", None)
        if self.latest is not None:  # an undated page: the latest year it writes (for the fitted choice)
            add("latest", "latest", {"text": str(self.latest), "year": self.latest, "month": None, "day": None,
                                     "relative": None, "kind": "latest", "time_id": None,
                                     "confidence": CONFIDENCE["latest"]})
        return out

    def _section_frame(self, sentence, start: int, article, para) -> PageDate | None:
        """The year framing the figure's section (its lead, the report's lead, the title)
        as a date to resolve 目前, 今年 against on an undated page."""
        found: list[tuple[str, dict[str, Any]]] = []
        self._frames(lambda rule, source, time: found.append((rule, time)), sentence, start, article, para)
        for rule, t in found:
            if t and t.get("year"):
                return PageDate(t["year"], None, None, t.get("text") or "", "section")
        return None

    def _frames(self, add, sentence, start: int, article, para) -> None:
        """5. the lead that frames the section (or the article), then the title;
        6. the page's own date (or the frame year standing for it)."""
        st = self.st
        art_start = article.start if article is not None else 0
        title = self.titles.get(sentence.article)
        if title is not None:
            art_start = max(art_start, title[1] + 1)  # the title is no lead
        lead = st.section_lead(start, art_start)
        opens_item = False
        if para is not None:
            line = st.doc.text[para.start:para.end]
            first = para.start + len(line) - len(line.lstrip())
            opening = self.ms.items.get(first) or self.ms.items.get(first + 1)
            opens_item = opening is not None and lead is not None and \
                opening not in self.ms.names_in(lead.start, lead.end)
        if lead is not None and (para is None or lead.index != para.index) and lead.start < start \
                and not opens_item:  # a paragraph about another place is an item of its own
            for m in self._lead_years(lead)[:1]:
                add("section_lead", "section", self._time(m, "section"))
        framing = self._framing_lead(start, art_start)
        if framing is not None and not opens_item:
            add("framing_lead", "section", self._time(framing, "section"))
        if title is not None:
            for m in self._in(*title):
                if m.kind in ("explicit", "span_end", "npc"):
                    add("title", "title", self._time(m, "title"))
                    break
        if self.ref is not None:
            t = self.ref.as_time()
            source = "bulletin" if self.page is not None else "frame"
            t.update(kind="page" if self.page is not None else "frame", confidence=CONFIDENCE[source],
                     source=self.ref.source)
            add("page" if self.page is not None else "frame", source, t)
