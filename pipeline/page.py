"""Web-page and PDF furniture, recognised by the shape of a line and its neighbours.

A saved web page or a PDF's text layer carries lines that are not the
article: the page's own details (发布时间/来源 lines, bylines, a breadcrumb,
the site's name, a copyright notice) and things around it (menus,
related-news lists, counters, widgets, previous/next links).  ``PageFurniture``
classifies each line by its shape alone (rules/furniture.yml, second half),
never by a site's name.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from .furniture import PageRules
from .numbers import small_number
from .view import View


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


META, ASIDE = "meta", "aside"
NAME_FIELDS = ("publisher", "author", "editors", "reporters", "correspondents", "photographers")
CREDIT_FIELDS = ("reporters", "correspondents", "photographers")  # keys that may go without a colon


@dataclass
class PageLine:
    """A line recognised as page furniture: its kind, field and values."""

    kind: str
    field: str
    values: list[tuple[str, int, int]] = field(default_factory=list)  # (field, start, end) in the line


_SENTENCE_STOP = regex.compile(r"[。!?;]")
_RESIDUE_NOISE = regex.compile(r"[\W\d_a-zA-Z]+")


def iso_date(m) -> str | None:
    """YYYY-MM-DD from a date match (Arabic or Chinese numerals), or None when it
    is not a calendar date."""
    y, mo, d = (small_number(m.group(g) or "", digits=True) for g in ("year", "month", "day"))
    if y is None or mo is None or d is None or not (1900 <= y <= 2100 and 1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


class PageFurniture:
    """Classifies the lines of a page (folded view) as furniture by their shape."""

    def __init__(self, rules: PageRules):
        self.r = rules

    # -- one line ----------------------------------------------------------
    def meta_line(self, text: str) -> PageLine | None:
        """A line made only of key:value details, dates, counters and widget words."""
        inner = text
        offset = 0
        if len(text) > 2 and text[0] in "(【[":  # a bracket around the line, perhaps left open
            inner, offset = text[1:], 1
        if len(inner) > 1 and inner[-1] in ")】]" and (offset or not any(c in inner for c in "(【[")):
            inner = inner[:-1]
        # a key without a colon only counts for counters (浏览量 88次)
        pairs = [m for m in self.r.meta_pair.finditer(inner)
                 if ":" in m.group(0) or self.r.key_field[m.group("key")] in CREDIT_FIELDS + ("counter",)
                 and (self.r.key_field[m.group("key")] == "counter" or m.group(0)[-1].isspace())]
        rest = inner
        values: list[tuple[str, int, int]] = []
        has_meta = False
        for n, m in enumerate(pairs):
            field_name = self.r.key_field[m.group("key")]
            vend = pairs[n + 1].start() if n + 1 < len(pairs) else len(inner)
            value = inner[m.end():vend]
            stripped = value.rstrip().rstrip("|/·•").rstrip()  # and the bar before the next key
            if _SENTENCE_STOP.search(stripped) or len(stripped) > 40:
                return None
            if field_name == "date":
                d = self.r.date.match(stripped)
                if stripped and not d and not self.r.time.match(stripped):
                    return None
            if field_name in NAME_FIELDS:
                # a name may run on into the date and widgets of the same line
                # (来源:某镇 编辑:某人 2021-12-17 16:00:17; 来源:某网 参与互动)
                stripped = self._name_part(stripped)
                if ":" in stripped:
                    return None  # another key this table does not know (联系方式:...)
            if field_name in ("date", "counter", "widget"):
                rest = rest[:m.start()] + " " * (vend - m.start()) + rest[vend:]
                if field_name == "date" and stripped:
                    values.append(("date", offset + m.end(), offset + m.end() + len(stripped)))
                    has_meta = True
                continue
            blank = m.end() + len(stripped) if field_name in NAME_FIELDS else vend
            rest = rest[:m.start()] + " " * (blank - m.start()) + rest[blank:]
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

    def _name_part(self, value: str) -> str:
        """A name value without the date, time or widget words that follow it on its line."""
        d = self.r.date.search(value)
        if d and d.start() > 0:
            value = value[:d.start()].rstrip()
        k = self.r.next_key.search(value)  # 来源:某中心 记者 张三: a key without its colon
        if k and k.start() > 0:
            value = value[:k.start()].rstrip()
        while True:
            w = regex.search(rf"\s+(?:{self.r.widget.pattern})\s*$", value)
            if w is None or w.start() == 0:
                return value
            value = value[:w.start()].rstrip()

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
