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
from .numbers import NumberError, parse_number
from .page import ASIDE, META, Line, PageFurniture, PageLine, iso_date
from .records import Article
from .textnorm import CLOSE_BRACKETS, OPEN_BRACKETS, TERMINAL
from .view import View, fold


def issue_number(text: str) -> int | None:
    """An issue number written in Arabic or Chinese numerals (六百六十一 -> 661)."""
    try:
        return int(parse_number(text.strip()))
    except NumberError:
        return None


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


def split_list(text: str) -> list[str]:
    """Split an enumeration on 、,; outside brackets: "各省(区、市)人大" stays whole."""
    items, depth, cur = [], 0, []
    for ch in text:
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
        if depth == 0 and ch in "、,，;；":
            items.append("".join(cur).strip())
            cur = []
        else:
            cur.append(ch)
    items.append("".join(cur).strip())
    return [x for x in items if x]


class LayoutParser:
    """Finds furniture and articles in a normalised bulletin text."""

    def __init__(self, rules: FurnitureRules | None = None):
        rules = rules or FurnitureRules.load()
        self.rules: LayoutRules = rules.layout
        self.page = PageFurniture(rules.page)

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
        """The lines a long line stands for (a one-line file): cut where a line
        break was (``inline.breaks``), and a title off the text after a
        masthead or contributor."""
        if len(line.text) < self.rules.inline_min_length:
            return [line]
        cuts = sorted({m.span() for rx in self.rules.inline_breaks for m in rx.finditer(line.text)})
        parts: list[tuple[int, int]] = []
        pos = 0
        for s, e in cuts:
            if s < pos:
                continue
            if s > pos:
                parts.append((pos, s))
            pos = e
        if pos < len(line.text):
            parts.append((pos, len(line.text)))
        out: list[Line] = []
        after_break = True  # the text after a masthead or a contributor opens an article
        for s, e in parts:
            text = line.text[s:e]
            head = regex.match(r"[^,，。;；!?！？]*", text).group(0)
            space = head.rfind(" ")
            if (after_break and head != text and 0 < space <= self.rules.max_title_length
                    and self._is_title(text[:space])):
                out.append(self._sub_line(line, s, s + space))
                s += space + 1
            out.append(self._sub_line(line, s, e))
            last = line.text[s:e]
            after_break = bool(self._contributor(last)[0] is not None or regex.search(r"[期日编]$", last)
                               or any(r.pattern.search(last) for r in self.rules.header))
        return out

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
        groups = m.groupdict()
        if name == "issue":
            meta["issue"] = regex.sub(r"\s+", "", value)
            meta["issue_number"] = issue_number(groups["number"])
        elif name == "overall_issue":
            meta["overall_issue"] = issue_number(groups["number"])
        elif name == "date" and "date" not in meta:
            meta["date"] = f"{int(groups['year']):04d}-{int(groups['month']):02d}-{int(groups['day']):02d}"
        elif name == "editors":
            meta.setdefault("editors", []).extend(value.split())
        elif name == "distribution":
            meta.setdefault("distribution", []).extend(split_list(value))
        elif name == "masthead":
            meta.setdefault("site", value.strip())
            meta.setdefault("masthead", value.strip())
        elif name not in meta:
            meta[name] = value.strip()

    def _header(self, lines: list[Line], layout: Layout) -> int:
        """Consume leading furniture lines; return the index of the first body line."""
        i = 0
        for i, line in enumerate(lines):
            m, rule = self._match(self.rules.header, line.text, first=(i == 0))
            if rule is None:
                return i
            if rule.first_line_only and not self._header_follows(lines, i):
                return i
            self._record(layout, rule.field, line, m)
        return len(lines)

    def _header_follows(self, lines: list[Line], i: int) -> bool:
        """A masthead is only a masthead when issue/date furniture follows."""
        for line in lines[i + 1:i + 4]:
            m, rule = self._match(self.rules.header, line.text, first=False)
            if rule is not None:
                return True
        return False

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
