"""A text whose line breaks were lost, given its lines back.

Text pulled from a PDF or a web form may hold a whole bulletin on one line:
the masthead, the headlines, the headings, the contributors and the closing
block all run into each other (联络动态第11期(总第661期)…委员会编2022年5月30日
华容县…).  ``LostBreaks`` finds where the line breaks were: a masthead by its
grammar (``pipeline.masthead``), separators that only stand between lines
(``inline.breaks`` in rules/furniture.yml: after a sentence, before 第N期,
before 送:), and, in a piece of text, the spaces before its first sentence
stop (prose has none: a space there stood for a line break).  Ingest turns
those spaces back into line breaks, so every later stage sees the lines the
bulletin was written in; the layout reads the pieces of a line that had no
space to turn (``split_inline``).
"""
from __future__ import annotations

from typing import Any

import regex

from .furniture import LayoutRules
from .masthead import MastheadGrammar
from .page import Line
from .textnorm import CLOSE_BRACKETS, OPEN_BRACKETS, Edit, reads_as_prose
from .view import fold

_SEPARATORS = tuple(">»›→|/·")  # a space beside these stands between the steps of a breadcrumb


def split_lines(text: str, folded: str | None = None) -> list[Line]:
    """Non-empty lines; ``folded`` (same length as ``text``) gives their matching view."""
    folded = text if folded is None else folded
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            s, e = pos + lead, pos + lead + len(stripped)
            out.append(Line(s, e, folded[s:e], stripped))
        pos += len(raw) + 1
    return out


def sub_line(line: Line, s: int, e: int) -> Line:
    """line[s:e] as a line of its own, without the spaces around it."""
    while s < e and line.text[s].isspace():
        s += 1
    while e > s and line.text[e - 1].isspace():
        e -= 1
    return Line(line.start + s, line.start + e, line.text[s:e], line.orig[s:e])


def _prose(text: str) -> bool:
    """A piece of running text: a sentence stop in it, or long with commas."""
    return bool(regex.search(r"[。;!?]", text)) or reads_as_prose(text)


def _in_figure(text: str, i: int) -> bool:
    """Whether the space at ``i`` stands inside a figure spaced out for print
    ("2022 年", "于 2022 年", "150 个"), which normalisation closes up; a space
    before a figure written close (…全覆盖 2014年7月) is not."""
    before, after = text[i - 1] if i else "", text[i + 1] if i + 1 < len(text) else ""
    if before.isdigit() or before in ".%":
        return not _DATE_OR_TIME.search(text[max(0, i - 10):i])
    if after.isdigit():
        m = regex.match(r"\d+(?:[.—~-]\d+)*", text[i + 1:])
        if _DATE_OR_TIME.match(text[i + 1:]):
            return False  # a date or a clock time is no spaced figure
        rest = text[i + 1 + m.end():i + 2 + m.end()]
        return rest in (" ", "")
    return False


_DATE_OR_TIME = regex.compile(r"\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}:\d{2}(?::\d{2})?$|^\d{1,2}:\d{2}")


class LostBreaks:
    """Where a one-line text's line breaks were (rules: rules/furniture.yml)."""

    def __init__(self, rules: LayoutRules, masthead: MastheadGrammar, heading_start: Any):
        self.rules = rules
        self.masthead = masthead
        self.heading_start = heading_start

    def split_inline(self, line: Line) -> list[Line]:
        """The lines a long line stands for (a one-line file): a masthead at its
        start cut into its parts (``MastheadGrammar``), the rest cut where a
        line break was (``inline.breaks``), and titles, headings and subtitles
        off the text they ran into (``_lost_breaks``)."""
        return self._split(line)[0]

    def _split(self, line: Line) -> tuple[list[Line], list[int]]:
        """``split_inline``'s lines, and the positions (in the document) of the
        spaces that stood for a line break inside a sentence (a wrapped line)."""
        if len(line.text) < self.rules.inline_min_length:
            return [line], []
        text = line.text
        out: list[Line] = []
        joins: list[int] = []
        tokens, pos = self.masthead.tokens(text)
        if not self.masthead.is_masthead(tokens):
            tokens, pos = [], 0
        for tok in tokens:
            out.append(sub_line(line, tok.start, tok.end))
        cuts = sorted({m.span() for rx in self.rules.inline_breaks for m in rx.finditer(text, pos)})
        parts: list[tuple[int, int]] = []
        for s, e in cuts:
            if s < pos:
                continue
            if s > pos:
                parts.append((pos, s))
            pos = e
        if pos < len(text):
            parts.append((pos, len(text)))
        after_break = True  # the text after a masthead or a contributor opens an article
        for s, e in parts:
            part = text[s:e].lstrip()
            s = e - len(part)
            if self.rules.is_footer_start(part):
                breaks, wraps = [], []
            else:
                breaks, wraps = self._lost_breaks(part, after_break)
            joins.extend(line.start + s + k for k in wraps)
            for cut in breaks:
                out.append(sub_line(line, s, s + cut))
                s += cut + 1
            out.append(sub_line(line, s, e))
            last = text[s:e]
            after_break = bool(self.rules.contributor_at(last)[0] is not None
                               or any(r.pattern.search(last) for r in self.rules.header))
        return out, joins

    def split_masthead(self, line: Line) -> list[Line]:
        """A line that opens with a newsletter's masthead and runs on: its parts and the rest."""
        tokens, pos = self.masthead.tokens(line.text)
        if not self.masthead.is_masthead(tokens) or not line.text[pos:].strip():
            return [line]
        return [sub_line(line, t.start, t.end) for t in tokens] + [sub_line(line, pos, len(line.text))]

    def lost_breaks(self, text: str) -> list[Edit]:
        """In a text whose line breaks were lost (at most ``inline.max_lines`` lines,
        one of them long), the edits that give them back: a space that stood for
        a line break becomes one, a space where a sentence was wrapped goes, as
        line-break repair does with the line break itself.  So every later stage
        sees the lines the bulletin was written in.  A line of running text only
        (no masthead, title, heading or contributor among its pieces) is left as
        it is: a web page's paragraphs pulled together, whose context later
        stages read as one paragraph, as before.  Runs before the spaces inside
        figures are removed (``textnorm.spaces``), so that a heading running into
        a figure (…全覆盖 2014年…) keeps the space that marks its end."""
        lines = split_lines(text)
        if len(lines) > self.rules.inline_max_lines:
            return []
        edits = []
        for line in lines:
            parts, joins = self._split(Line(line.start, line.end, fold(line.text), line.orig))
            edits.extend(Edit(k, k + 1) for k in joins)
            if all(_prose(p.text) for p in parts):
                continue  # nothing but running text: no structure to give back
            for a, b in zip(parts, parts[1:]):
                k = text.find(" ", a.end, b.start)
                if k >= 0:
                    edits.append(Edit(k, k + 1, "\n"))
        return edits

    def _lost_breaks(self, part: str, after_break: bool) -> tuple[list[int], list[int]]:
        """Where the line breaks were in a part of a one-line text that opens with
        a title, heading or subtitle: prose has no space before its first sentence
        stop, so each space there (outside brackets and figures) stood for a line
        break.  A piece that reads as prose before such a space is a sentence
        wrapped across lines (…科学化是民主 决策的…): the space is a wrap, not a
        break; pieces of one title of several phrases (华容县…清单 精准指导…工作
        为了…) stay together.  After a masthead or a contributor, a part without a
        stop runs its title to the first comma.  Returns the ends of the pieces
        before the body and the wraps (offsets into ``part``)."""
        stop = regex.search(r"[。;!?]", part)
        if stop is None and not after_break:
            return [], []
        head_end = stop.start() if stop else (regex.search(r"[,、]", part) or regex.search(r"$", part)).start()
        whole = head_end >= len(part)  # no body in this part: its last piece is a phrase too
        spaces, depth = [], 0
        for i, ch in enumerate(part[:head_end]):
            if ch in OPEN_BRACKETS:
                depth += 1
            elif ch in CLOSE_BRACKETS and depth:
                depth -= 1
            elif (ch == " " and depth == 0 and i > 0 and part[i - 1] != " " and not _in_figure(part, i)
                  and part[i - 1] not in _SEPARATORS and part[i + 1:i + 2] not in _SEPARATORS):
                spaces.append(i)
        cuts: list[int] = []
        wraps: list[int] = []
        begin = 0
        for k, sp in enumerate(spaces):
            piece = part[begin:sp]
            nxt_end = spaces[k + 1] if k + 1 < len(spaces) else (len(part) if whole else None)
            if not piece.strip():
                return [], []
            if self.heading_start.match(piece) and self.rules.is_title(piece):
                pass  # a numbered heading (三、…), whatever its commas
            elif reads_as_prose(piece) or regex.search(r"[,、]", piece):
                wraps.append(sp)
                continue
            elif (nxt_end is not None and self._phrase(piece) and self._phrase(part[sp + 1:nxt_end])
                    and nxt_end - begin <= self.rules.max_title_length):
                continue  # one title in two phrases: the next piece is not the body
            cuts.append(sp)
            begin = sp + 1
        return cuts, wraps

    def _phrase(self, text: str) -> bool:
        """A phrase of a title of several phrases: title-shaped, without a comma."""
        return (bool(text) and self.rules.is_title(text) and not regex.search(r"[,、]", text)
                and bool(regex.search(r"\p{Han}", text)))
