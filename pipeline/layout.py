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
from functools import lru_cache
from typing import Any

import regex

from .numbers import small_number
from .records import Article
from .rules import RuleError, load_yaml, word_list
from .textnorm import CLOSE_BRACKETS, OPEN_BRACKETS, TERMINAL
from .view import View, fold

@dataclass
class Line:
    """One non-empty line: ``text`` is the folded matching view (what rules see),
    ``orig`` the characters as written (what values and titles are read from)."""

    start: int
    end: int
    text: str
    orig: str = ""

    def __post_init__(self):
        self.orig = self.orig or self.text


@dataclass
class FieldRule:
    field: str
    pattern: Any
    first_line_only: bool = False
    continues: bool = False
    inline: bool = False


@dataclass
class LayoutRules:
    header: list[FieldRule]
    footer: list[FieldRule]
    editor_note: Any
    contributor: list[FieldRule]
    colon_title: Any
    max_title_length: int
    inline_breaks: list[Any] = field(default_factory=list)
    inline_min_length: int = 150
    inline_max_lines: int = 5

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "LayoutRules":
        data = load_yaml("furniture.yml", ("header", "footer", "contributor", "article_title"))

        def compile_one(key: str, n: int, pattern: str):
            try:
                return regex.compile(pattern)
            except (regex.error, TypeError) as exc:
                raise RuleError(f"furniture.yml: {key}[{n}]: bad pattern: {exc}") from exc

        def compile_list(key: str) -> list[FieldRule]:
            out = []
            for n, entry in enumerate(data[key]):
                if not isinstance(entry, dict) or "pattern" not in entry:
                    raise RuleError(f"furniture.yml: {key}[{n}] needs a 'pattern'")
                try:
                    rx = regex.compile(entry["pattern"])
                except regex.error as exc:
                    raise RuleError(f"furniture.yml: {key}[{n}]: bad pattern: {exc}") from exc
                out.append(FieldRule(entry.get("field", key), rx,
                                     entry.get("first_line_only", False),
                                     entry.get("continues", False), entry.get("inline", False)))
            return out

        titles = data["article_title"]
        return cls(
            header=compile_list("header"),
            footer=compile_list("footer"),
            editor_note=regex.compile(data["editor_note"]["pattern"]),
            contributor=compile_list("contributor"),
            colon_title=regex.compile(titles["colon_title"]),
            max_title_length=int(titles.get("max_length", 60)),
            inline_breaks=[compile_one("inline.breaks", n, p)
                           for n, p in enumerate((data.get("inline") or {}).get("breaks", []))],
            inline_min_length=int((data.get("inline") or {}).get("min_length", 150)),
            inline_max_lines=int((data.get("inline") or {}).get("max_lines", 5)),
        )


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


def is_footer_start(line: str) -> bool:
    """Whether a line opens the footer; used to stop line-break repair there."""
    line = fold(line)
    return any(r.pattern.search(line) for r in LayoutRules.load().footer)


def is_page_furniture(line: str) -> bool:
    """Whether a line, on its own, is page furniture (a copyright notice, a
    date line, a menu...); line-break repair never joins such a line."""
    return _page_furniture().one(View.of(line.strip()).text) is not None


@lru_cache(maxsize=1)
def _page_furniture() -> "PageFurniture":
    return PageFurniture()


class LayoutParser:
    """Finds furniture and articles in a normalised bulletin text."""

    def __init__(self, rules: LayoutRules | None = None, page: "PageFurniture | None" = None):
        self.rules = rules or LayoutRules.load()
        self.page = page or PageFurniture()

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
            from .formats import line_key

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
            meta["issue_number"] = small_number(groups["number"], digits=True)
        elif name == "overall_issue":
            meta["overall_issue"] = small_number(groups["number"], digits=True)
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


# -- web-page and PDF furniture, by the shape of lines ----------------------

META, ASIDE = "meta", "aside"
NAME_FIELDS = ("publisher", "author", "editors", "reporters", "correspondents", "photographers")


@dataclass
class PageRules:
    """The line shapes of rules/page_furniture.yml, compiled."""

    key_field: dict[str, str]
    meta_pair: Any
    widget: Any
    prev_next: Any
    captcha: Any
    image_file: Any
    url: Any
    copyright: Any
    copyright_max: int
    breadcrumb: Any
    breadcrumb_max: int
    menu_split: Any
    menu_max_item: int
    menu_min_items: int
    menu_min_items_spaces: int
    related_heading: Any
    headline_max: int
    date_stamp: Any
    stamped_run: int
    date: Any
    time: Any
    weekday: Any
    source_date: Any
    site_max: int
    zones: dict[str, str]
    page_label: Any

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "PageRules":
        data = load_yaml("page_furniture.yml", ("meta_keys", "widget_words", "prev_next", "date"))

        def rx(key: str):
            try:
                return regex.compile(data[key])
            except (KeyError, regex.error) as exc:
                raise RuleError(f"page_furniture.yml: {key}: {exc}") from exc

        key_field: dict[str, str] = {}
        for name, keys in data["meta_keys"].items():
            for key in word_list(data["meta_keys"], name, f"page_furniture.yml: meta_keys.{name}"):
                key_field.setdefault(key, name)
        keys = "|".join(regex.escape(k) for k in sorted(key_field, key=len, reverse=True))
        words = word_list(data, "widget_words", "page_furniture.yml")
        widget = "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))
        return cls(
            key_field=key_field,
            # a key at the line start or after a non-Han character, then ":" (or,
            # for counters, a number straight away)
            meta_pair=regex.compile(rf"(?<![\p{{Han}}])(?P<key>{keys})\s*(?::|(?=\s*[\[(]?\s*\d))\s*"),
            widget=regex.compile(widget),
            prev_next=rx("prev_next"), captcha=rx("captcha"), image_file=rx("image_file"), url=rx("url"),
            copyright=rx("copyright"), copyright_max=int(data.get("copyright_max_length", 160)),
            breadcrumb=rx("breadcrumb"), breadcrumb_max=int(data.get("breadcrumb_max_length", 100)),
            menu_split=rx("menu_separators"), menu_max_item=int(data.get("menu_max_item", 8)),
            menu_min_items=int(data.get("menu_min_items", 3)),
            menu_min_items_spaces=int(data.get("menu_min_items_spaces", 6)),
            related_heading=rx("related_heading"), headline_max=int(data.get("headline_max_length", 50)),
            date_stamp=rx("date_stamp"), stamped_run=int(data.get("stamped_run", 3)),
            date=rx("date"), time=rx("time"), weekday=rx("weekday"), source_date=rx("source_date"),
            site_max=int(data.get("site_max_length", 20)), zones=dict(data.get("zones") or {}),
            page_label=rx("page_label"),
        )


@dataclass
class PageLine:
    """A line recognised as page furniture: its kind, field and values."""

    kind: str
    field: str
    values: list[tuple[str, int, int]] = field(default_factory=list)  # (field, start, end) in the line


_SENTENCE_STOP = regex.compile(r"[。!?;]")
_RESIDUE_NOISE = regex.compile(r"[\W\d_a-zA-Z]+")


def iso_date(m) -> str | None:
    """YYYY-MM-DD from a date match, or None when it is not a calendar date."""
    y, mo, d = int(m.group("year")), int(m.group("month")), int(m.group("day"))
    if not (1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


class PageFurniture:
    """Classifies the lines of a page (folded view) as furniture by their shape."""

    def __init__(self, rules: PageRules | None = None):
        self.r = rules or PageRules.load()

    # -- one line ----------------------------------------------------------
    def meta_line(self, text: str) -> PageLine | None:
        """A line made only of key:value details, dates, counters and widget words."""
        inner = text
        offset = 0
        if len(text) > 2 and text[0] in "(【[" and text[-1] in ")】]":
            inner, offset = text[1:-1], 1
        # a key without a colon only counts for counters (浏览量 88次)
        pairs = [m for m in self.r.meta_pair.finditer(inner)
                 if ":" in m.group(0) or self.r.key_field[m.group("key")] == "counter"]
        rest = inner
        values: list[tuple[str, int, int]] = []
        has_meta = False
        for n, m in enumerate(pairs):
            field_name = self.r.key_field[m.group("key")]
            vend = pairs[n + 1].start() if n + 1 < len(pairs) else len(inner)
            value = inner[m.end():vend]
            stripped = value.rstrip()
            if _SENTENCE_STOP.search(stripped) or len(stripped) > 40:
                return None
            if field_name == "date":
                d = self.r.date.match(stripped)
                if stripped and not d and not self.r.time.match(stripped):
                    return None
            if field_name in NAME_FIELDS and ":" in stripped:
                return None  # another key this table does not know (联系方式:...)
            if field_name in ("date", "counter", "widget"):
                rest = rest[:m.start()] + " " * (vend - m.start()) + rest[vend:]
                if field_name == "date" and stripped:
                    values.append(("date", offset + m.end(), offset + m.end() + len(stripped)))
                    has_meta = True
                continue
            rest = rest[:m.start()] + " " * (vend - m.start()) + rest[vend:]
            if stripped:
                values.append((field_name, offset + m.end(), offset + m.end() + len(stripped)))
                has_meta = True
        for d in self.r.date.finditer(rest):
            if not values or all(v[0] != "date" for v in values):
                values.append(("date", offset + d.start(), offset + d.end()))
            has_meta = True
        for rx in (self.r.date, self.r.time, self.r.weekday, self.r.page_label, self.r.widget):
            rest = rx.sub(lambda m: " " * len(m.group(0)), rest)
        if _RESIDUE_NOISE.sub("", rest):
            return None
        if not pairs and not has_meta and not (self.r.widget.search(inner) or self.r.page_label.search(inner)):
            return None
        if has_meta:
            return PageLine(META, values[0][0] if len(values) == 1 else "page_details", values)
        return PageLine(ASIDE, "widget" if not pairs else "counter")

    def is_menu(self, text: str) -> bool:
        if _SENTENCE_STOP.search(text) or "," in text or "," in text:
            return False
        items = [x for x in self.r.menu_split.split(text) if x.strip()]
        bars = bool(regex.search(r"[|｜•·]", text))
        need = self.r.menu_min_items if bars else self.r.menu_min_items_spaces
        return len(items) >= need and all(len(x.strip()) <= self.r.menu_max_item for x in items)

    def headline_like(self, text: str) -> bool:
        """A link in a list: short, no sentence punctuation (a date stamp allowed)."""
        bare = self.r.date_stamp.sub("", text).strip(" -—·•|")
        return (not bare or (len(bare) <= self.r.headline_max and not _SENTENCE_STOP.search(bare)
                             and bare.count(",") <= 1))

    def one(self, text: str) -> PageLine | None:
        r = self.r
        if r.copyright.search(text) and len(text) <= r.copyright_max:
            return PageLine(META, "copyright", [("copyright", 0, len(text))])
        if r.prev_next.match(text):
            return PageLine(ASIDE, "prev_next")
        if len(text) <= 60 and r.captcha.search(text):
            return PageLine(ASIDE, "captcha")
        if r.image_file.match(text):
            return PageLine(ASIDE, "image_file")
        if r.url.match(text):
            return PageLine(ASIDE, "url")
        if r.related_heading.match(text):
            return PageLine(ASIDE, "related")
        m = r.breadcrumb.match(text) if len(text) <= r.breadcrumb_max else None
        if m and not _SENTENCE_STOP.search(text):
            return PageLine(META, "breadcrumb", [("breadcrumb", *m.span("value"))])
        m = r.source_date.match(text)
        if m and iso_date(r.date.match(m.group("date"))) and (
                m.end() == len(text) or self.meta_line(text[m.end():].strip()) is not None
                or not _RESIDUE_NOISE.sub("", r.time.sub("", text[m.end():]))):
            return PageLine(META, "page_details", [("publisher", m.start("source"), m.end("source")),
                                                   ("date", m.start("date"), m.end("date"))])
        meta = self.meta_line(text)
        if meta is not None:
            return meta
        if self.is_menu(text):
            return PageLine(ASIDE, "menu")
        return None

    # -- the whole page ----------------------------------------------------
    def classify(self, lines: list[Line]) -> dict[int, PageLine]:
        """Furniture lines by index into ``lines``.  Each line is matched in its
        view (folded, pinyin glosses left out: 發(fā)布時間 reads 发布时间); value
        spans are mapped back to the line as written."""
        views = [View.of(l.orig) for l in lines]
        texts = [v.text for v in views]
        found: dict[int, PageLine] = {}
        for i, text in enumerate(texts):
            hit = self.one(text)
            if hit is not None:
                found[i] = hit
        # a block after a related-news heading: headline-shaped lines and their
        # date stamps, whatever else they looked like on their own
        for i in sorted(k for k, v in found.items() if v.field == "related"):
            j = i + 1
            while j < len(texts) and self.headline_like(texts[j]) and (
                    j not in found or found[j].field in ("related", "date", "page_details", "menu")):
                found[j] = PageLine(ASIDE, "related")
                j += 1
        # a run of date-stamped headlines without a heading
        i = 0
        while i < len(texts):
            j = i
            while (j < len(texts) and j not in found and self.r.date_stamp.search(texts[j])
                   and self.headline_like(texts[j]) and len(texts[j]) > 8):
                j += 1
            if j - i >= self.r.stamped_run:
                for k in range(i, j):
                    found[k] = PageLine(ASIDE, "related")
            i = max(j, i + 1)
        # the site's name: a short plain line at the top, just before a breadcrumb or menu
        if len(texts) > 1 and 0 not in found and 1 in found and found[1].field in ("breadcrumb", "menu"):
            t = texts[0]
            if len(t) <= self.r.site_max and not regex.search(r"[\p{P}&&[^·\-]]", t):
                found[0] = PageLine(META, "site", [("site", 0, len(t))])
        for i, hit in found.items():
            hit.values = [(name, *views[i].span(s, e)) for name, s, e in hit.values]
        return found

    def zone(self, furniture: dict[str, Any]) -> str:
        """The segment zone of a furniture entry."""
        if furniture.get("field") in self.r.zones:
            return self.r.zones[furniture["field"]]
        return "furniture" if furniture.get("kind") == ASIDE else "header"
