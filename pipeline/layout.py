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
from .furniture import FieldRule, FurnitureRules, LayoutRules
from .linebreaks import LostBreaks, split_lines
from .masthead import MastheadGrammar, MastheadToken
from .page import ASIDE, META, Line, PageFurniture, PageLine, iso_date
from .pagemeta import PageNames
from .records import Article
from .textnorm import CLOSE_BRACKETS, OPEN_BRACKETS, TextRules, splits_bound_word
from .view import View, fold


@dataclass
class Layout:
    metadata: dict[str, Any] = field(default_factory=dict)
    furniture: list[dict[str, Any]] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


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


MASTHEAD_LINES = 8  # a masthead stands in the first lines of a bulletin

# the metadata field each masthead part fills
MASTHEAD_FIELDS = {"name": "masthead", "romanised": "masthead_romanised", "issue": "issue",
                   "overall_issue": "overall_issue", "body": "publisher", "date": "date",
                   "page_number": "page_number"}


class LayoutParser:
    """Finds furniture and articles in a normalised bulletin text."""

    def __init__(self, rules: FurnitureRules | None = None, text_rules: TextRules | None = None):
        rules = rules or FurnitureRules.load()
        text_rules = text_rules or TextRules.load()
        self.bound_words = text_rules.bound_words
        self.rules: LayoutRules = rules.layout
        self.page = PageFurniture(rules.page)
        self.masthead = MastheadGrammar(rules.masthead, rules.page.date)
        self.names = PageNames(rules.names, rules.page.date, self.rules.max_title_length)
        self.breaks = LostBreaks(self.rules, self.masthead, text_rules.heading_start)
        self.lost_breaks = self.breaks.lost_breaks  # ingest's hook: the edits that give the breaks back

    def is_footer_start(self, line: str) -> bool:
        """Whether a line opens the footer; used to stop line-break repair there."""
        return self.rules.is_footer_start(fold(line))

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
            all_lines = [part for line in all_lines for part in self.breaks.split_inline(line)]
        elif all_lines:  # a masthead run into the first headline
            all_lines[:1] = self.breaks.split_masthead(all_lines[0])
        layout = Layout()
        page = self.page.classify(all_lines)
        if running:
            for i, line in enumerate(all_lines):
                if line_key(line.orig) in running:
                    page[i] = PageLine(ASIDE, "running_header")
        # a whole-line contributor ("(通讯员:X Y)", "来源:X") after some running
        # text closes its article: the article parser reads it (under a headline,
        # before any paragraph, "来源:X 时间:…" is the page's details line)
        trailing_source = None
        for i in sorted(page):
            earlier_text = any(j not in page and self.names.is_prose(all_lines[j].text) for j in range(i))
            m, inline = self.rules.contributor_at(all_lines[i].text)
            if page[i].kind == META and earlier_text and m is not None and (
                    not inline or m.start() == 0):
                trailing_source = next((all_lines[i].orig[a:b].strip() for name, a, b in page[i].values
                                        if name == "publisher"), trailing_source)
                del page[i]
        # a newsletter's masthead line (某委员会编　2023年7月20日) is read by its grammar
        for i in [i for i in sorted(page) if i < MASTHEAD_LINES and page[i].kind == META]:
            tokens = self.masthead.line(View.of(all_lines[i].orig).text, first=True) or []
            if any(t.part in ("issue", "overall_issue", "body") for t in tokens):
                del page[i]
        for i in sorted(page):
            self._record_page(layout, all_lines[i], page[i])
        lines = [line for i, line in enumerate(all_lines) if i not in page]
        body_from = self._header(lines, layout)
        body_to = self._footer(lines, body_from, layout)
        self._articles(lines[body_from:body_to], layout)
        if "issue" in layout.metadata and layout.metadata.get("masthead"):
            layout.metadata.setdefault("title", layout.metadata["masthead"])  # a newsletter's name
        articles = [a for a in layout.articles if a.type == "article"]
        layout.furniture += self.names.complete(layout.metadata, all_lines, page,
                                                trailing_source if len(articles) <= 1 else None)
        for f in layout.furniture:
            f.setdefault("zone", self.page.zone(f))
        layout.furniture.sort(key=lambda f: (f["start"], f["end"]))
        return layout

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
                m = self.page.r.date.search(View.of(line.orig[s:e]).text)  # read through glosses
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
            m, inline = self.rules.contributor_at(text)
            if m and not inline and current is not None:
                current.contributor = line.orig[m.start("value"):m.end("value")].strip()
                current.contributor_start = line.start + m.start("value")
                current.contributor_end = line.start + m.end("value")
                current.end = line.end
                current = None
                expecting_title = True
                continue
            if self.rules.is_title(text) and (expecting_title or self.rules.colon_title.match(text)):
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
