"""Bulletin layout: page furniture as metadata, and the articles inside.

Works on the normalised text line by line.  The rules (which lines are
furniture, what a contributor line looks like) are data in
``rules/furniture.yml``; this module only walks the lines:

  header lines (masthead, 第N期, 总第N期, publisher, date, breadcrumb)
  body: articles, each opened by a title line and closed by a contributor
        line ("(X 供稿)") or by the next title
  footer lines (送: distribution list, 责任编辑, 联系方式, 批准文号)
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from .formats import line_key
from .furniture import FurnitureRules, LayoutRules
from .masthead import MastheadGrammar, MastheadToken
from .page import ASIDE, META, Line, PageFurniture, PageLine, iso_date
from .records import Article
from .textnorm import (CLOSE_BRACKETS, OPEN_BRACKETS, TERMINAL, Edit, TextRules, splits_bound_word,
                       reads_as_prose)
from .view import View, fold


@dataclass
class Layout:
    metadata: dict[str, Any] = field(default_factory=dict)
    furniture: list[dict[str, Any]] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


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


def split_list(text: str, bound_words: tuple[str, ...] = ()) -> list[str]:
    """Split an enumeration on 、,; and spaces outside brackets: "各省(区、市)人大"
    stays whole, and so does a name a space cuts inside one of ``bound_words``
    (…机关纪 检监察组: a line wrapped in a distribution list that lost its breaks)."""
    items, depth, cur = [], 0, []
    for i, ch in enumerate(text):
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
        cut = ch in "、,，;；" or (ch == " " and not splits_bound_word(text[:i].rstrip(), text[i:].lstrip(),
                                                                     bound_words))
        if depth == 0 and cut:
            items.append("".join(cur).strip())
            cur = []
        elif ch != " " or depth:
            cur.append(ch)
    items.append("".join(cur).strip())
    return [x for x in items if x]


def _prose(text: str) -> bool:
    """A piece of running text: a sentence stop in it, or long with commas."""
    return bool(regex.search(r"[。;!?]", text)) or reads_as_prose(text)


def _in_figure(text: str, i: int) -> bool:
    """Whether the space at ``i`` stands inside a figure spaced out for print
    ("2022 年", "于 2022 年", "150 个"), which normalisation closes up; a space
    before a figure written close (…全覆盖 2014年7月) is not."""
    before, after = text[i - 1] if i else "", text[i + 1] if i + 1 < len(text) else ""
    if before.isdigit() or before in ".%":
        return True
    if after.isdigit():
        m = regex.match(r"\d+(?:[.—~-]\d+)*", text[i + 1:])
        rest = text[i + 1 + m.end():i + 2 + m.end()]
        return rest in (" ", "") or before.isdigit()
    return False


# the metadata field each masthead part fills
MASTHEAD_FIELDS = {"name": "masthead", "romanised": "masthead_romanised", "issue": "issue",
                   "overall_issue": "overall_issue", "body": "publisher", "date": "date",
                   "page_number": "page_number"}


class LayoutParser:
    """Finds furniture and articles in a normalised bulletin text."""

    def __init__(self, rules: FurnitureRules | None = None, text_rules: TextRules | None = None):
        rules = rules or FurnitureRules.load()
        text_rules = text_rules or TextRules.load()
        self.heading_start = text_rules.heading_start
        self.bound_words = text_rules.bound_words
        self.rules: LayoutRules = rules.layout
        self.page = PageFurniture(rules.page)
        self.masthead = MastheadGrammar(rules.masthead, rules.page.date)

    def is_footer_start(self, line: str) -> bool:
        """Whether a line opens the footer; used to stop line-break repair there."""
        line = fold(line)
        return any(r.pattern.search(line) for r in self.rules.footer)

    def is_page_furniture(self, line: str) -> bool:
        """Whether a line, on its own, is page furniture (a copyright notice, a
        date line, a menu...); line-break repair never joins such a line."""
        return self.page.one(View.of(line.strip()).text) is not None

    def parse(self, text: str, running: set[str] | frozenset[str] = frozenset()) -> Layout:
        """Page furniture first (by line shape, on the folded view), then the
        bulletin's header, footer and articles among the remaining lines.
        ``running``: keys (``formats.line_key``) of a PDF's running headers."""
        all_lines = split_lines(text, fold(text))
        if len(all_lines) <= self.rules.inline_max_lines:
            all_lines = [part for line in all_lines for part in self.split_inline(line)]
        elif all_lines:  # a masthead run into the first headline
            all_lines[:1] = self.split_masthead(all_lines[0])
        layout = Layout()
        page = self.page.classify(all_lines)
        if running:
            for i, line in enumerate(all_lines):
                if line_key(line.orig) in running:
                    page[i] = PageLine(ASIDE, "running_header")
        # a whole-line contributor ("(通讯员:X Y)", "来源:X") after some text
        # closes its article: the article parser reads it
        for i in sorted(page):
            earlier_text = any(j not in page for j in range(i))
            m, inline = self._contributor(all_lines[i].text)
            if page[i].kind == META and earlier_text and m is not None and (
                    not inline or m.start() == 0):
                del page[i]
        for i in sorted(page):
            self._record_page(layout, all_lines[i], page[i])
        lines = [line for i, line in enumerate(all_lines) if i not in page]
        body_from = self._header(lines, layout)
        body_to = self._footer(lines, body_from, layout)
        self._articles(lines[body_from:body_to], layout)
        self._title(layout)
        for f in layout.furniture:
            f["zone"] = self.page.zone(f)
        layout.furniture.sort(key=lambda f: (f["start"], f["end"]))
        return layout

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
            out.append(self._sub_line(line, tok.start, tok.end))
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
            if self.is_footer_start(part):
                breaks, wraps = [], []
            else:
                breaks, wraps = self._lost_breaks(part, after_break)
            joins.extend(line.start + s + k for k in wraps)
            for cut in breaks:
                out.append(self._sub_line(line, s, s + cut))
                s += cut + 1
            out.append(self._sub_line(line, s, e))
            last = text[s:e]
            after_break = bool(self._contributor(last)[0] is not None
                               or any(r.pattern.search(last) for r in self.rules.header))
        return out, joins

    def split_masthead(self, line: Line) -> list[Line]:
        """A line that opens with a newsletter's masthead and runs on: its parts and the rest."""
        tokens, pos = self.masthead.tokens(line.text)
        if not self.masthead.is_masthead(tokens) or not line.text[pos:].strip():
            return [line]
        return [self._sub_line(line, t.start, t.end) for t in tokens] + [self._sub_line(line, pos, len(line.text))]

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
        if head_end >= len(part):
            return [], []
        spaces, depth = [], 0
        for i, ch in enumerate(part[:head_end]):
            if ch in OPEN_BRACKETS:
                depth += 1
            elif ch in CLOSE_BRACKETS and depth:
                depth -= 1
            elif ch == " " and depth == 0 and i > 0 and part[i - 1] != " " and not _in_figure(part, i):
                spaces.append(i)
        cuts: list[int] = []
        wraps: list[int] = []
        begin = 0
        for k, sp in enumerate(spaces):
            piece = part[begin:sp]
            nxt_end = spaces[k + 1] if k + 1 < len(spaces) else None
            if not piece.strip():
                return [], []
            if self.heading_start.match(piece) and self._is_title(piece):
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

    @staticmethod
    def _sub_line(line: Line, s: int, e: int) -> Line:
        while s < e and line.text[s].isspace():
            s += 1
        while e > s and line.text[e - 1].isspace():
            e -= 1
        return Line(line.start + s, line.start + e, line.text[s:e], line.orig[s:e])

    def _record_page(self, layout: Layout, line: Line, hit: "PageLine") -> None:
        """A furniture line: one entry for the line, one per value read from it."""
        layout.furniture.append({"field": hit.field, "kind": hit.kind, "start": line.start, "end": line.end})
        meta = layout.metadata
        for name, s, e in hit.values:
            value = line.orig[s:e].strip()
            if not value:
                continue
            if (s, e) != (0, len(line.text)):
                layout.furniture.append({"field": name, "kind": hit.kind, "start": line.start + s,
                                         "end": line.start + s + len(line.orig[s:e].rstrip())})
            if name == "date":
                m = self.page.r.date.search(line.text[s:e])
                iso = iso_date(m) if m else None
                if iso:
                    meta.setdefault("date", iso)
                    meta.setdefault("date_text", value)
            elif name in ("editors", "reporters", "correspondents", "photographers"):
                meta.setdefault(name, []).extend(n for n in regex.split(r"[\s、,，;；/]+", value) if n)
            elif name == "publisher":
                meta.setdefault("source", value)
                meta.setdefault("publisher", value)
            elif name == "author":
                meta.setdefault("author", value)
            else:
                meta.setdefault(name, value)

    @staticmethod
    def _title(layout: Layout) -> None:
        """metadata.title: a masthead bulletin's name, else the page's headline."""
        meta = layout.metadata
        if "title" in meta:
            return
        if "issue" in meta and meta.get("masthead"):
            meta["title"] = meta["masthead"]
            return
        first = next((a for a in layout.articles if a.type == "article"), None)
        if first is not None and first.title:
            meta["title"] = first.title

    # -- furniture ---------------------------------------------------------
    def _record(self, layout: Layout, name: str, line: Line, m) -> None:
        vstart, vend = (m.start("value"), m.end("value")) if "value" in m.groupdict() else m.span()
        value = line.orig[vstart:vend]
        layout.furniture.append({"field": name, "kind": META, "start": line.start + vstart,
                                 "end": line.start + vend})
        meta = layout.metadata
        if name == "editors":
            meta.setdefault("editors", []).extend(value.split())
        elif name == "distribution":
            meta.setdefault("distribution", []).extend(split_list(value, self.bound_words))
        elif name not in meta:
            meta[name] = value.strip()

    def _header(self, lines: list[Line], layout: Layout) -> int:
        """Consume leading furniture lines (breadcrumbs, the masthead's parts);
        return the index of the first body line."""
        for i, line in enumerate(lines):
            m, rule = self._match(self.rules.header, line.text, first=(i == 0))
            if rule is not None:
                self._record(layout, rule.field, line, m)
                continue
            tokens = self.masthead.line(View.of(line.orig).text, first=True)
            if tokens is None or (tokens[0].part == "name" and not any(t.part == "issue" for t in tokens)
                                  and not self._header_follows(lines, i)):
                return i
            self._record_masthead(layout, line, tokens)
        return len(lines)

    def _header_follows(self, lines: list[Line], i: int) -> bool:
        """A newsletter's name is only a masthead when its issue number follows."""
        found = [t for line in lines[i + 1:i + 4]
                 for t in (self.masthead.line(View.of(line.orig).text, first=False) or [])]
        return any(t.part == "issue" for t in found)

    def _record_masthead(self, layout: Layout, line: Line, tokens: list[MastheadToken]) -> None:
        """The masthead parts of one line (token spans are in the line's view)."""
        view = View.of(line.orig)
        meta = layout.metadata
        for tok in tokens:
            s, e = view.span(tok.value_start, tok.value_end)
            value = line.orig[s:e].strip()
            field = MASTHEAD_FIELDS[tok.part]
            layout.furniture.append({"field": field, "kind": META, "start": line.start + s,
                                     "end": line.start + e})
            if tok.part == "issue":
                meta.setdefault("issue", regex.sub(r"\s+", "", value))
                meta.setdefault("issue_number", tok.number)
                if tok.year:
                    meta.setdefault("issue_year", tok.year)
            elif tok.part == "overall_issue":
                meta.setdefault("overall_issue", tok.number)
            elif tok.part == "date":
                iso = iso_date(tok.match)
                if iso:
                    meta.setdefault("date", iso)
                    meta.setdefault("date_text", value)
            elif tok.part == "name":
                meta.setdefault("site", value)
                meta.setdefault("masthead", value)
            elif tok.part != "page_number":
                meta.setdefault(field, value)

    @staticmethod
    def _match(rules: list[FieldRule], text: str, first: bool):
        for rule in rules:
            if rule.first_line_only and not first:
                continue
            m = rule.pattern.search(text)
            if m:
                return m, rule
        return None, None

    def _footer(self, lines: list[Line], body_from: int, layout: Layout) -> int:
        """Find where the closing block starts; record its fields."""
        start = len(lines)
        in_list = False
        list_at = next((i for i in range(body_from, len(lines))
                        if any(r.continues and r.pattern.search(lines[i].text) for r in self.rules.footer)), None)
        # Walk backwards: the footer is the longest tail of furniture lines,
        # where a short line without sentence punctuation after 送: is a recipient.
        for i in range(len(lines) - 1, body_from - 1, -1):
            text = lines[i].text
            recipient = (list_at is not None and i > list_at and len(text) <= 80
                         and not any(c in text for c in "。!?！？"))
            if recipient or any(r.pattern.search(text) for r in self.rules.footer):
                start = i
                continue
            break
        for line in lines[start:]:
            matched = False
            for rule in self.rules.footer:
                for m in rule.pattern.finditer(line.text):
                    self._record(layout, rule.field, line, m)
                    matched = True
                    in_list = rule.continues
            if not matched and in_list:
                m = regex.match(r"(?P<value>.+)", line.text)
                self._record(layout, "distribution", line, m)
        return start

    # -- articles ----------------------------------------------------------
    def _contributor(self, text: str):
        for rule in self.rules.contributor:
            m = rule.pattern.search(text)
            if m and (rule.inline or m.start() == 0):
                return m, rule.inline
        return None, False

    def _phrase(self, text: str) -> bool:
        """A phrase of a title of several phrases: title-shaped, without a comma."""
        return bool(text) and self._is_title(text) and not regex.search(r"[,、]", text)

    def _is_title(self, text: str) -> bool:
        return (len(text) <= self.rules.max_title_length and text[-1] not in TERMINAL + ",，、:："
                and not text.startswith(("(", "——", "—")))

    def _articles(self, lines: list[Line], layout: Layout) -> None:
        articles: list[Article] = []
        expecting_title = True
        current: Article | None = None

        def open_article(line: Line, title_end: int | None, kind: str = "article") -> Article:
            """A new article whose title is line.text[:title_end] (None: untitled)."""
            art = Article(index=len(articles), title=None, start=line.start, end=line.end, type=kind)
            if title_end is not None:
                art.title = line.orig[:title_end]
                art.title_start, art.title_end = line.start, line.start + title_end
            articles.append(art)
            return art

        for line in lines:
            text = line.text
            note = self.rules.editor_note.match(text)
            if note:
                current = open_article(line, note.end(), "editor_note")
                expecting_title = True
                continue
            m, inline = self._contributor(text)
            if m and not inline and current is not None:
                current.contributor = line.orig[m.start("value"):m.end("value")].strip()
                current.contributor_start = line.start + m.start("value")
                current.contributor_end = line.start + m.end("value")
                current.end = line.end
                current = None
                expecting_title = True
                continue
            if self._is_title(text) and (expecting_title or self.rules.colon_title.match(text)):
                current = open_article(line, len(text))
                expecting_title = False
                continue
            if current is None:
                current = open_article(line, None)
            current.end = line.end
            expecting_title = False
            if m and inline:
                current.contributor = line.orig[m.start("value"):m.end("value")].strip()
                current.contributor_start = line.start + m.start("value")
                current.contributor_end = line.start + m.end("value")
                current = None
                expecting_title = True
        layout.articles = articles
