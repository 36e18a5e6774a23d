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

from .numbers import NumberError, parse_number
from .records import Article
from .rules import RuleError, load_yaml
from .textnorm import CLOSE_BRACKETS, OPEN_BRACKETS, TERMINAL

def small_number(text: str) -> int | None:
    """An issue number written in Arabic or Chinese numerals (六百六十一 -> 661)."""
    try:
        return int(parse_number(text.strip()))
    except NumberError:
        return None


@dataclass
class Line:
    start: int
    end: int
    text: str


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
    web_meta: Any
    web_meta_fields: dict[str, str]
    web_meta_max: int
    contributor: list[FieldRule]
    colon_title: Any
    max_title_length: int

    @classmethod
    @lru_cache(maxsize=1)
    def load(cls) -> "LayoutRules":
        data = load_yaml("furniture.yml", ("header", "footer", "contributor", "article_title"))

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
        meta = data.get("web_meta") or {"pattern": "(?!)", "fields": {}}
        return cls(
            header=compile_list("header"),
            footer=compile_list("footer"),
            editor_note=regex.compile(data["editor_note"]["pattern"]),
            web_meta=regex.compile(meta["pattern"]),
            web_meta_fields=dict(meta.get("fields", {})),
            web_meta_max=int(meta.get("max_length", 120)),
            contributor=compile_list("contributor"),
            colon_title=regex.compile(titles["colon_title"]),
            max_title_length=int(titles.get("max_length", 60)),
        )


@dataclass
class Layout:
    metadata: dict[str, Any] = field(default_factory=dict)
    furniture: list[dict[str, Any]] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)


def split_lines(text: str) -> list[Line]:
    out, pos = [], 0
    for raw in text.split("\n"):
        stripped = raw.strip()
        if stripped:
            lead = len(raw) - len(raw.lstrip())
            out.append(Line(pos + lead, pos + lead + len(stripped), stripped))
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
    return any(r.pattern.search(line) for r in LayoutRules.load().footer)


class LayoutParser:
    """Finds furniture and articles in a normalised bulletin text."""

    def __init__(self, rules: LayoutRules | None = None):
        self.rules = rules or LayoutRules.load()

    def parse(self, text: str) -> Layout:
        lines = split_lines(text)
        layout = Layout()
        body_from = self._header(lines, layout)
        body_to = self._footer(lines, body_from, layout)
        self._articles(lines[body_from:body_to], layout)
        return layout

    # -- furniture ---------------------------------------------------------
    def _record(self, layout: Layout, name: str, line: Line, m) -> None:
        value = m.group("value") if "value" in m.groupdict() else m.group(0)
        vstart, vend = (m.start("value"), m.end("value")) if "value" in m.groupdict() else m.span()
        layout.furniture.append({"field": name, "start": line.start + vstart, "end": line.start + vend})
        meta = layout.metadata
        groups = m.groupdict()
        if name == "issue":
            meta["issue"] = regex.sub(r"\s+", "", value)
            meta["issue_number"] = small_number(groups["number"])
        elif name == "overall_issue":
            meta["overall_issue"] = small_number(groups["number"])
        elif name == "date" and "date" not in meta:
            meta["date"] = f"{int(groups['year']):04d}-{int(groups['month']):02d}-{int(groups['day']):02d}"
        elif name == "editors":
            meta.setdefault("editors", []).extend(value.split())
        elif name == "distribution":
            meta.setdefault("distribution", []).extend(split_list(value))
        elif name not in meta:
            meta[name] = value.strip()

    def _web_meta(self, line: Line, layout: Layout) -> bool:
        """Record a line made only of "key:value" page details; False if it is not one."""
        if len(line.text) > self.rules.web_meta_max:
            return False
        matches = list(self.rules.web_meta.finditer(line.text))
        if not matches or regex.sub(r"\s", "", self.rules.web_meta.sub("", line.text)):
            return False
        for m in matches:
            name = self.rules.web_meta_fields.get(m.group("key"), "page_" + m.group("key"))
            value = m.group("value").strip()
            layout.furniture.append({"field": name, "start": line.start + m.start("value"),
                                     "end": line.start + m.start("value") + len(value)})
            date = regex.match(r"(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})", value)
            if name == "date" and date and "date" not in layout.metadata:
                layout.metadata["date"] = "%04d-%02d-%02d" % tuple(int(x) for x in date.groups())
            elif name == "editors":
                layout.metadata.setdefault("editors", []).extend(value.split())
            elif name != "date":
                layout.metadata.setdefault(name, value)
        return True

    def _header(self, lines: list[Line], layout: Layout) -> int:
        """Consume leading furniture lines; return the index of the first body line."""
        i = 0
        for i, line in enumerate(lines):
            if self._web_meta(line, layout):
                continue
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
                art.title = line.text[:title_end]
                art.title_start, art.title_end = line.start, line.start + title_end
            articles.append(art)
            return art

        for line in lines:
            text = line.text
            if self._web_meta(line, layout):  # 发布时间/来源 under a web page's title
                continue
            note = self.rules.editor_note.match(text)
            if note:
                current = open_article(line, note.end(), "editor_note")
                expecting_title = True
                continue
            m, inline = self._contributor(text)
            if m and not inline and current is not None:
                current.contributor = m.group("value").strip()
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
                current.contributor = m.group("value").strip()
                current.contributor_start = line.start + m.start("value")
                current.contributor_end = line.start + m.end("value")
                current = None
                expecting_title = True
        layout.articles = articles
