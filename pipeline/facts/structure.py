"""The structure of one document as the facts linker reads it.

Paragraphs (lines of the stage-1 text), section headings and the leads that
follow them, photo captions, navigation and related-news items, the units a
figure's context is looked for in (a sentence cut at its semicolons) and the
clauses inside them.  Everything is matched on the folded view of the text
(``pipeline.view.View``: Simplified, ASCII punctuation, no pinyin glosses) and
reported in offsets of the stage-1 text.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

import regex

from ..records import Document, Sentence
from ..view import View
from .cues import Cues

CLAUSE_BREAK = regex.compile(r"[,;:!?。，；：！？]")
UNIT_BREAK = regex.compile(r"[;；。!?！？]")
_SENTENCE_END = regex.compile(r"[。!?！？]\s*[”\"’']?\s*$")
FINAL_STOP = regex.compile(r"[。!?！？;；:：…]\s*[”\"’']?\s*$")


@dataclass
class Paragraph:
    """One line of the text, with what it is for the linker."""

    index: int
    start: int
    end: int
    text: str  # folded view of the line
    heading: bool = False
    caption: bool = False
    item: bool = False  # a navigation or related-news line


@dataclass
class DocStructure:
    """Paragraphs, sections and the folded view of one document."""

    doc: Document
    cues: Cues
    view: View = field(init=False)
    paragraphs: list[Paragraph] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.view = View.of(self.doc.text)
        self._build_paragraphs()
        self._starts = [p.start for p in self.paragraphs]
        self._ends = [p.end for p in self.paragraphs]
        # for each paragraph, the index of the nearest heading before it (-1: none)
        self._prev_heading: list[int] = []
        last = -1
        for i, p in enumerate(self.paragraphs):
            self._prev_heading.append(last)
            if p.heading:
                last = i
        self._leads: dict[int, tuple[int | None, list[Paragraph]]] = {}

    # -- text access ---------------------------------------------------------
    def folded(self, start: int, end: int) -> str:
        """The view text of original [start, end) (glosses dropped)."""
        return self.view.text[self.view.index(start):self.view.index(end)]

    def to_original(self, vstart: int, vend: int) -> tuple[int, int]:
        return self.view.span(vstart, vend)

    # -- paragraphs ----------------------------------------------------------
    def _item_spans(self) -> list[tuple[int, int]]:
        """Furniture the ingest stage marked as navigation or related items."""
        out = []
        for f in self.doc.furniture or []:
            kind = str(f.get("kind") or f.get("field") or "")
            if any(w in kind for w in self.cues.item_kinds) and isinstance(f.get("start"), int):
                out.append((f["start"], f.get("end", f["start"])))
        return out

    def _build_paragraphs(self) -> None:
        text, cues = self.doc.text, self.cues
        items = sorted(self._item_spans())
        item_starts = [a for a, _ in items]
        item_reach = []  # the furthest end of the item spans up to each one
        for _, b in items:
            item_reach.append(max(b, item_reach[-1]) if item_reach else b)
        pos = 0
        in_items = False
        for i, line in enumerate(text.split("\n")):
            start, end = pos, pos + len(line)
            pos = end + 1
            folded = self.folded(start, end).strip()
            para = Paragraph(len(self.paragraphs), start, end, folded)
            if not folded:
                continue
            if _overlaps(item_starts, item_reach, start, end):
                para.item = True
            elif any(folded.lstrip("•·-*> ").startswith(w) for w in cues.item_prefixes):
                para.item = True
                # a related-news list goes on; a pager line (上一篇:…) only wraps at the page's end
                in_items = folded.lstrip("•·-*> ").startswith(cues.list_heads) or start > len(text) // 2
            elif in_items and len(folded) > 60 and FINAL_STOP.search(folded):
                in_items = False  # body text again
            elif in_items:
                para.item = True  # the lines of a related-news list
            para.caption = bool(cues.caption.search(folded)) and len(folded) < 80
            para.heading = not para.item and not para.caption and (
                bool(cues.heading.match(folded)) and len(folded) <= cues.heading_max_chars * 2
                or len(folded) <= cues.heading_max_chars and not FINAL_STOP.search(folded)
                and not regex.search(r"\d", folded))
            self.paragraphs.append(para)

    def paragraph_at(self, pos: int) -> Paragraph | None:
        i = bisect_right(self._starts, pos) - 1
        if i < 0:
            return None
        p = self.paragraphs[i]
        return p if pos <= p.end else None

    def section_lead(self, pos: int, article_start: int) -> Paragraph | None:
        """The lead paragraph that frames the section holding ``pos``: the first
        body paragraph after the nearest heading before it, else the article's
        first body paragraph (captions skipped)."""
        i = bisect_right(self._starts, pos) - 1
        j = self._prev_heading[i] if i >= 0 else -1
        if j >= 0 and self.paragraphs[j].end < article_start:
            j = -1  # the heading lies before the article: start at the article
        if j < 0:  # the last paragraph before the article
            j = min(bisect_right(self._ends, article_start - 1), i) - 1 if i > 0 else -1
        k = j + 1
        while k <= i and k < len(self.paragraphs) and (
                self.paragraphs[k].heading or self.paragraphs[k].caption or self.paragraphs[k].item
                or self.paragraphs[k].end < article_start):
            k += 1
        return self.paragraphs[k] if k < len(self.paragraphs) else None

    def article_leads(self, pos: int, article_start: int, limit: int = 6) -> list[Paragraph]:
        """The body paragraphs that open the article, before its first heading
        (各位代表: 2023年,县人大常委会…), when a heading stands between them and
        ``pos``: the lead that frames a report's sections."""
        if article_start not in self._leads:
            self._leads[article_start] = self._article_leads(article_start, limit)
        decided_at, leads = self._leads[article_start]
        return leads if decided_at is not None and decided_at < pos else []

    def _article_leads(self, article_start: int, limit: int) -> tuple[int | None, list[Paragraph]]:
        """(where the article's leads are decided, the leads): the answer for any
        position after that paragraph's start; before it, there are none."""
        out: list[Paragraph] = []
        for p in self.paragraphs[bisect_right(self._ends, article_start - 1):]:
            if p.end < article_start or p.item or p.caption:
                continue
            if p.heading or self.cues.section_opener.match(p.text):  # 一是…: a section run in
                if any(len(q.text) > self.cues.heading_max_chars or _SENTENCE_END.search(q.text)
                       for q in out):  # a lead written as a sentence, however short
                    return p.start, out
                if p.heading:
                    continue  # short lines above the lead (subtitle, byline, salutation)
                return p.start, []  # 一是… before any lead written as a sentence
            if len(out) < limit:
                out.append(p)
        return None, []

    # -- units and clauses ---------------------------------------------------
    def unit_of(self, sentence: Sentence, pos: int) -> tuple[int, int]:
        """The part of ``sentence`` between semicolons (or stops) that holds ``pos``."""
        text = self.doc.text[sentence.start:sentence.end]
        rel = pos - sentence.start
        start, end = 0, len(text)
        for m in UNIT_BREAK.finditer(text):
            if m.end() <= rel:
                start = m.end()
            elif m.start() >= rel:
                end = m.end()
                break
        return sentence.start + start, sentence.start + end

    def clause_of(self, pos: int, lo: int, hi: int) -> tuple[int, int]:
        """The clause (between commas, colons, semicolons, stops) of ``pos`` inside [lo, hi)."""
        text = self.doc.text
        start, end = lo, hi
        for m in CLAUSE_BREAK.finditer(text, lo, hi):
            if m.end() <= pos:
                start = m.end()
            elif m.start() >= pos:
                end = m.start()
                break
        return start, end

    def clauses(self, lo: int, hi: int) -> list[tuple[int, int]]:
        out, start = [], lo
        for m in CLAUSE_BREAK.finditer(self.doc.text, lo, hi):
            out.append((start, m.start()))
            start = m.end()
        out.append((start, hi))
        return [c for c in out if c[1] > c[0]]


def _overlaps(starts: list[int], reach: list[int], start: int, end: int) -> bool:
    """Whether any span [a, b) (sorted by a; ``reach``: running max of b) holds
    ``start`` or begins inside [start, end)."""
    i = bisect_right(starts, start) - 1
    if i >= 0 and reach[i] > start:
        return True  # a span begun at or before start reaches past it
    j = bisect_left(starts, start)
    return j < len(starts) and starts[j] < end
