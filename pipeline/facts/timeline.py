"""Years: the page's own date, and the dates written around a figure.

A ``Mention`` is one date-like expression of the text with what kind of year it
gives: an explicit year (2021年), the end of a span (2015年至2018年 gives 2018,
2019年起连续三年 gives 2021), an open span or a "now" word that ends at the
page's date (2018年以来, 截至目前), a relative year (今年, 去年), a whole
report year (全年, 一年来, 五年来: the year just ended when the page is dated
January to March), a session of the national congress (十四届全国人大四次会议
gives 2026), or a month and day without a year (anchored to its context).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from ..numbers import parse_digits, small_number
from ..view import fold
from .cues import Cues
from .structure import DocStructure

_NUM = r"(?:\d{1,2}|[一二两三四五六七八九十]{1,3})"
_YEAR = r"(?:(?:19|20)\d{2}|[二一][〇○零一二三四五六七八九]{3})"


@dataclass
class PageDate:
    year: int
    month: int | None
    day: int | None
    text: str
    source: str  # metadata, header, first_lines, listing
    line: tuple[int, int] | None = None  # where it was read (its line is no section lead)

    def as_time(self) -> dict:
        return {"text": self.text, "year": self.year, "month": self.month, "day": self.day,
                "relative": None, "time_id": None}


@dataclass
class Mention:
    """A date expression at [start, end) of the stage-1 text."""

    start: int
    end: int
    text: str
    kind: str  # explicit, span_end, open_span, now, relative, report, npc, anchored
    year: int | None = None  # explicit, span_end and npc years
    offset: int = 0  # relative years
    month: int | None = None
    day: int | None = None

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

    historical: bool = False  # 早在2012年: frames nothing after its sentence
    from_end: int | None = None  # 由去年的61%提高到: dates only what lies before this 'to' word
    frame: int | None = None  # 全年 under a dated statement or lead: that year

    @property
    def point(self) -> bool:
        """A year that can carry to the next sentences (not a span's open end)."""
        return self.kind in ("explicit", "span_end", "npc", "relative") and not self.historical


class TimeScanner:
    """Finds Mentions in the folded view of a document."""

    def __init__(self, cues: Cues):
        self.cues = cues
        alt = lambda ws: "|".join(regex.escape(w) for w in ws)  # noqa: E731
        y = _YEAR
        self.patterns: list[tuple[str, regex.Pattern]] = [
            ("npc", regex.compile(rf"第?(?P<term>{_NUM})届全国人(?:大|民代表大会)(?:常委会)?第?(?P<sess>{_NUM})次(?:会议|全体会议)")),
            ("npc", regex.compile(rf"全国人(?:大|民代表大会)第?(?P<term>{_NUM})届第?(?P<sess>{_NUM})次(?:会议|全体会议)")),
            ("range", regex.compile(rf"(?P<y1>{y})\s*年(?:\s*\d{{1,2}}\s*月)?(?:份)?\s*(?:至|到|—|–|-|~|～)\s*(?P<y2>{y})\s*年(?:\s*\d{{1,2}}\s*月(?:\s*\d{{1,2}}\s*日)?)?")),
            ("consecutive", regex.compile(rf"(?P<y>{y})\s*年\s*(?:起|开始|以来)\s*,?\s*连续\s*(?P<n>{_NUM})\s*年")),
            ("open", regex.compile(rf"(?:自|从|自从)?\s*(?P<y>{y})\s*年(?:\s*\d{{1,2}}\s*月)?(?:份)?\s*(?:{alt(cues.open_span_words)})")),
            # 2022年建成以来: a span from the year something began to the page's date
            ("open", regex.compile(rf"(?P<y>{y})\s*年(?:\s*\d{{1,2}}\s*月)?(?:份|底|初|末)?[\p{{Han}}]{{1,4}}?以来")),
            ("explicit", regex.compile(rf"(?P<y>{y})\s*年(?:度)?(?:\s*(?P<m>\d{{1,2}})\s*月(?:\s*(?P<d>\d{{1,2}})\s*日)?)?")),
            ("iso", regex.compile(r"(?<!\d)(?P<y>(?:19|20)\d{2})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})(?!\d)")),
            ("span_count", regex.compile(rf"(?:近|过去|这|最近)?\s*(?P<n>{_NUM})\s*年(?:来|以来|间|中|里|共|累计)")),
            ("report", regex.compile(alt(cues.report_year_words))),
            ("now", regex.compile(alt(cues.now_words))),
            ("relative", regex.compile(alt(tuple(sorted(cues.relative_years, key=len, reverse=True))))),
            ("anchored", regex.compile(r"(?<![\d年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")),
        ]

    def scan(self, st: DocStructure, start: int, end: int) -> list[Mention]:
        """Mentions in original [start, end), non-overlapping, earlier patterns first."""
        v0, v1 = st.view.index(start), st.view.index(end)
        text = st.view.text
        taken: list[tuple[int, int]] = []
        out: list[Mention] = []
        for kind, pat in self.patterns:
            for m in pat.finditer(text, v0, v1):
                a, b = m.span()
                if any(a < tb and ta < b for ta, tb in taken):
                    continue
                mention = self._mention(kind, m)
                if mention is None:
                    continue
                taken.append((a, b))
                mention.start, mention.end = st.to_original(a, b)
                out.append(mention)
        out.sort(key=lambda x: x.start)
        out = [m for m in out if not self._comparison(text, m, st)]
        for m in out:
            if m.kind == "relative":
                after = st.folded(m.end, min(len(st.doc.text), m.end + 3))
                if after.startswith(self.cues.relative_span_words):
                    m.kind = "relative_span"  # 去年以来: runs to the page's date
        # 今年全年, 去年全年: the relative year says which whole year
        return [m for i, m in enumerate(out)
                if not (m.kind == "report" and i and out[i - 1].kind in ("relative", "explicit")
                        and m.start - out[i - 1].end <= 1)]

    def _comparison(self, text: str, m: Mention, st: DocStructure) -> bool:
        """较去年同期, 比上年, 与2022年相比: the base of a comparison, not a date of the figure."""
        if m.kind not in ("relative", "explicit"):
            return False
        n = len(st.doc.text)
        before = regex.sub(r"\s+", "", st.folded(max(0, m.start - 5), m.start))
        after = st.folded(m.end, min(n, m.end + 14)).lstrip()
        if after.startswith(self.cues.comparison_after):
            return True
        pair = ("与", "和", "同", "跟")  # 与2022年相比: only with a comparing word after
        if before.endswith(self.cues.comparison_before) and not before.endswith(pair):
            return True
        if before.endswith(self.cues.ratio_before) and regex.match(r"(?:同期|末|底)?的", after) \
                and not regex.search(r"[由从]$", before[:-1]):
            return True  # 是去年的1.5倍 (but not 由去年的89%: a 'from' value)
        return before.endswith(pair) and regex.match(
            r"[^,;。]{0,12}?(?:相比|相较|比较)", after) is not None

    def _mention(self, kind: str, m: regex.Match) -> Mention | None:
        g = m.groupdict()
        text = m.group(0)
        if kind == "npc":
            term, sess = small_number(g["term"]), small_number(g["sess"])
            first = self.cues.npc_first_year.get(term or -1)
            if first is None or not sess or sess > 5:
                return None
            return Mention(0, 0, text, "npc", year=first + sess - 1)
        if kind == "range":
            y1, y2 = parse_digits(g["y1"]), parse_digits(g["y2"])
            return Mention(0, 0, text, "span_end", year=y2) if y2 >= y1 else None
        if kind == "consecutive":
            n = small_number(g["n"])
            return Mention(0, 0, text, "span_end", year=parse_digits(g["y"]) + (n or 1) - 1)
        if kind == "open":
            return Mention(0, 0, text, "open_span", year=parse_digits(g["y"]))
        if kind in ("explicit", "iso"):
            year = parse_digits(g["y"])
            if not 1949 <= year <= 2100:
                return None
            month = int(g["m"]) if g.get("m") else None
            day = int(g["d"]) if g.get("d") else None
            if month is not None and not 1 <= month <= 12:
                return None
            return Mention(0, 0, text, "explicit", year=year, month=month, day=day)
        if kind == "span_count":
            n = small_number(g["n"])
            return Mention(0, 0, text, "report") if n and 2 <= n <= 10 else None
        if kind == "relative":
            return Mention(0, 0, text, "relative", offset=self.cues.relative_years[text])
        if kind in ("report", "now"):
            return Mention(0, 0, text, kind)
        if kind == "anchored":
            month, day = int(g["m"]), int(g["d"])
            if not (1 <= month <= 12 and 1 <= day <= 31):
                return None
            return Mention(0, 0, text, "anchored", month=month, day=day)
        return None


_SCANNERS: dict[int, TimeScanner] = {}


def _scanner(cues: Cues) -> TimeScanner:
    if id(cues) not in _SCANNERS:  # one Cues per process (load_cues is cached)
        _SCANNERS[id(cues)] = TimeScanner(cues)
    return _SCANNERS[id(cues)]


# -- the page's own date ------------------------------------------------------------

_FULL_DATE = regex.compile(
    r"(?P<y>(?:19|20)\d{2})\s*(?:[-/.]\s*(?P<m>\d{1,2})\s*[-/.]\s*(?P<d>\d{1,2})(?!\d)"
    r"|年\s*(?P<m2>\d{1,2})\s*月\s*(?P<d2>\d{1,2})\s*日)")
_ISO_META = regex.compile(r"^(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})")


@lru_cache(maxsize=4)
def _label_re(labels: tuple[str, ...]) -> regex.Pattern:
    return regex.compile(rf"(?:{'|'.join(regex.escape(w) for w in labels)})\s*[:：]?\s*$")


def _date_of(m: regex.Match) -> tuple[int, int, int] | None:
    y = int(m.group("y"))
    mo = int(m.group("m") or m.group("m2"))
    d = int(m.group("d") or m.group("d2"))
    return (y, mo, d) if 1 <= mo <= 12 and 1 <= d <= 31 else None


def page_date(st: DocStructure, header_spans: list[tuple[int, int]], title: str | None) -> PageDate | None:
    """The page's or bulletin's own date: metadata, else a labelled or standalone
    date on a header line or on the first lines, else the date of the page's own
    headline in a listing on the page (相关新闻: 标题 [2026-03-11])."""
    cues = st.cues
    meta = st.doc.metadata.get("date")
    if isinstance(meta, str):
        m = _ISO_META.match(meta)
        if m:
            return PageDate(int(m["y"]), int(m["m"]), int(m["d"]), meta, "metadata")
        m = _FULL_DATE.search(fold(meta))  # a date kept as written (2021年11月03日)
        if m and _date_of(m):
            return PageDate(*_date_of(m), meta, "metadata")
    label_re = _label_re(cues.date_labels)
    first = [p for p in st.paragraphs if not p.item][: cues.page_date_max_lines]
    lines = [(st.folded(a, b), "header", (a, b)) for a, b in header_spans] + \
        [(p.text, "first_lines", (p.start, p.end)) for p in first]
    for line, source, span in lines:
        for m in _FULL_DATE.finditer(line):
            date = _date_of(m)
            if date is None:
                continue
            before, after = line[: m.start()], line[m.end():]
            labelled = bool(label_re.search(before[-12:]))
            alone = any(p.search(after) for p in cues.trailing_ok) and len(before.strip()) <= 20
            if labelled or alone:
                return PageDate(*date, m.group(0), source, _date_span(st, line, span, m, source))
    if title:
        found = _listing_date(st, title)
        if found is not None:
            return found
    return _subtitle_date(st, first)


def _date_span(st: DocStructure, line: str, span: tuple[int, int], m: regex.Match,
               source: str) -> tuple[int, int]:
    """Where the page's date was read: its whole line when the line is a short
    date or source line, else only the date itself (a page run into one line,
    title, date and body together, keeps the body's own dates)."""
    if len(line) <= 60:
        return span
    folded = st.folded(*span)
    lead = len(folded) - len(folded.lstrip()) if source == "first_lines" else 0
    v0 = st.view.index(span[0]) + lead
    return st.to_original(v0 + m.start(), v0 + m.end())


def _subtitle_date(st: DocStructure, first) -> PageDate | None:
    """A work report's subtitle (——2024年1月9日在某县…会议上): the date it was delivered."""
    for p in first:
        if st.cues.subtitle.match(p.text):
            m = _FULL_DATE.search(p.text)
            if m and _date_of(m):
                return PageDate(*_date_of(m), m.group(0), "subtitle", (p.start, p.end))
    return None


def _listing_date(st: DocStructure, title: str) -> PageDate | None:
    """The page's headline repeated in a list of items with its date."""
    want = regex.sub(r"\s+", "", title)
    if len(want) < 6:
        return None
    paras = st.paragraphs
    for i, p in enumerate(paras):
        if not p.item or regex.sub(r"\s+", "", p.text) != want:
            continue
        for q in paras[i: i + 3]:
            m = _FULL_DATE.search(q.text)
            if m and _date_of(m):
                return PageDate(*_date_of(m), m.group(0), "listing")
    return None


# -- the year of a figure -----------------------------------------------------------

CONFIDENCE = {"clause": 0.9, "sentence": 0.85, "paragraph": 0.75, "section": 0.7, "title": 0.75,
              "bulletin": 0.7, "inferred": 0.4}


class Dater:
    """The year of each figure, following the guidelines' order: a year in the
    sentence (the figure's clause first; a year opening a later clause only
    looks forward); a relative year against the page's date; an earlier date
    of the same paragraph; the year of the lead that frames the section or of
    the article's title; the page's date; else, for an undated page, a month
    and day take the first year written after them nearby; else null."""

    def __init__(self, st: DocStructure, ref: PageDate | None, titles: dict[int | None, tuple[int, int]],
                 item_starts: dict[int, str] | None = None, header_spans: list[tuple[int, int]] | None = None,
                 names_in=None, sentence_spans: list[tuple[int, int]] | None = None):
        self.st = st
        # sentences that open an item of their own: start -> the place they open with
        self.item_starts = item_starts or {}
        self.names_in = names_in or (lambda lo, hi: set())
        self.sentence_spans = sorted(sentence_spans or [])
        self._span_starts = [a for a, _ in self.sentence_spans]
        self.ref = ref
        self.scanner = _scanner(st.cues)
        self.last_month = st.cues.report_year_last_month
        self.mentions = self.scanner.scan(st, 0, len(st.doc.text))
        captions = [(p.start, p.end) for p in st.paragraphs if p.caption or p.item]
        captions += list(header_spans or [])
        if ref is not None and ref.line is not None:
            captions.append(ref.line)  # the page's date line: the bulletin's date, not a lead
        self.mentions = [m for m in self.mentions if not any(a <= m.start < b for a, b in captions)
                         and not self._in_caption(m)]
        self.titles = titles
        for m in self.mentions:
            m.historical = self._historical(m)
            m.from_end = self._from_end(m)
        whole = set(st.cues.report_year_words)
        for m in self.mentions:
            if m.kind == "report" and fold(m.text) in whole:
                m.frame = self._whole_year_frame(m)

    def _whole_year_frame(self, m: Mention) -> int | None:
        """全年 after a dated statement of its paragraph (去年…;全年共查处…) or under a
        framing lead (2023年,县人大常委会…) is that year, not one counted from the page."""
        para = self.st.paragraph_at(m.start)
        if para is not None:
            for q in sorted(self._in(para.start, m.start), key=lambda q: -q.start):
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
            whole = m.kind == "report" and fold(m.text) in self.st.cues.report_year_words
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
        if not regex.search(rf"(?:{'|'.join(map(regex.escape, st.cues.from_words))})[^,;。，；:：]{{0,6}}$", before):
            return None
        v0 = st.view.index(m.end)
        after = st.folded(m.end, min(n, m.end + 24))
        close = regex.match(rf"[^,;。，；:：]{{0,18}}?(?:{'|'.join(map(regex.escape, st.cues.to_words))})", after)
        if close is None:
            return None
        word = regex.search(rf"(?:{'|'.join(map(regex.escape, st.cues.to_words))})$", close.group(0))
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
        return bool(_CAPTION_TAIL.match(self.st.folded(stop.end(), min(len(text), stop.end() + 14))))

    def _sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect_right(self._span_starts, pos) - 1
        return self.sentence_spans[i] if i >= 0 else (pos, pos)

    def _new_item_between(self, m: Mention, upto: int) -> bool:
        """A sentence after the one holding ``m``, up to ``upto``, opens with a place
        that ``m``'s sentence does not name (君山区…, after 2017年7月,汨罗市…)."""
        s0, s1 = self._sentence_of(m.start)
        names = None
        for start, name in self.item_starts.items():
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
        return [m for m in self.mentions if lo <= m.start < hi]

    def _year(self, m: Mention) -> int | None:
        if m.frame is not None:
            return m.frame
        return m.resolve(self.ref, self.last_month)

    def _time(self, m: Mention, source: str, year: int | None = None) -> dict[str, Any]:
        return {"text": m.text, "year": year if year is not None else self._year(m), "month": m.month,
                "day": m.day, "relative": m.text if m.kind in ("relative", "relative_span", "report", "now", "open_span") else None,
                "kind": m.kind, "time_id": None, "confidence": CONFIDENCE[source]}

    def _topic(self, m: Mention, clause_start: int) -> bool:
        """A date opening its clause (2013年全区…) frames what follows, not what precedes."""
        return not self.st.folded(clause_start, m.start).strip(" \"“”()（）")

    def _from_part(self, u0: int, pos: int) -> tuple[int, int] | None:
        """The 'from' part of a change before ``pos`` (由去年的89%提高到92%: 由…提高到),
        in original offsets, or None."""
        st = self.st
        v0, v1 = st.view.index(u0), st.view.index(pos)
        text = st.view.text[v0:v1]
        opens = [m for m in regex.finditer(rf"(?:{'|'.join(map(regex.escape, st.cues.from_words))})", text)]
        for o in reversed(opens):
            close = regex.search(rf"(?:{'|'.join(map(regex.escape, st.cues.to_words))})", text, pos=o.end())
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
            for m in sorted(self._in(para.start, u0), key=lambda m: -m.start):
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
            opening = next((n for s, n in self.item_starts.items() if first <= s <= first + 1), None)
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
_CAPTION_TAIL = regex.compile(r"^\s*(?:首席记者|记者|通讯员)?\s*[\p{Han}]{1,3}\s?[\p{Han}]{0,3}\s*(?:/\s*)?(?:摄|摄影|供图)")
