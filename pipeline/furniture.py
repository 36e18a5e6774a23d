"""The furniture rules (rules/furniture.yml), checked and compiled once.

One file holds what ingest knows about the lines that are not article text:
a bulletin's masthead, closing block and article boundaries (``LayoutRules``,
used by ``pipeline.layout``) and a web page's or PDF's lines recognised by
their shape (``PageRules``, used by ``pipeline.page``).  ``FurnitureRules.load``
reads the file, checked against rules/schemas/furniture.yml (unknown keys are
refused) with every pattern compiled; a component builds it once in its constructor.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import regex

from .rules import compile_pattern, load_yaml

FURNITURE_FILE = "furniture.yml"
TITLE_NOT_AFTER = "。！？!?;；…,，、:："  # a headline never ends with these

REQUIRED = ("header", "footer", "masthead", "editor_note", "contributor", "article_title", "meta_keys",
            "widget_words", "prev_next", "captcha", "image_file", "url", "copyright", "breadcrumb",
            "menu_separators", "related_heading", "date_stamp", "date", "time", "weekday",
            "source_date", "page_label", "names")


def with_date(pattern: Any, date: Any) -> Any:
    """``pattern`` with ``<DATE>`` standing for the one date pattern."""
    return regex.compile(pattern.pattern.replace("<DATE>", date.pattern)) if "<DATE>" in pattern.pattern else pattern


@dataclass
class FieldRule:
    """A line rule: the metadata field it fills and its pattern."""

    field: str
    pattern: Any
    first_line_only: bool = False
    continues: bool = False
    inline: bool = False

    @classmethod
    def of(cls, entry: dict[str, Any], default_field: str) -> "FieldRule":
        return cls(entry.get("field", default_field), entry["pattern"], entry.get("first_line_only", False),
                   entry.get("continues", False), entry.get("inline", False))


@dataclass
class LayoutRules:
    """A bulletin's masthead lines, closing block, contributor lines and titles."""

    header: list[FieldRule]
    footer: list[FieldRule]
    editor_note: Any
    contributor: list[FieldRule]
    colon_title: Any
    max_title_length: int
    inline_breaks: list[Any] = field(default_factory=list)
    inline_min_length: int = 150
    inline_max_lines: int = 5

    def is_title(self, text: str) -> bool:
        """A line shaped like a headline: short, not ending as a sentence or a label."""
        return (0 < len(text) <= self.max_title_length and text[-1] not in TITLE_NOT_AFTER
                and not text.startswith(("(", "——", "—")))

    def contributor_at(self, text: str):
        """(match, inline) of a contributor line ("(X 供稿)", "来源:X"), else (None, False)."""
        for rule in self.contributor:
            m = rule.pattern.search(text)
            if m and (rule.inline or m.start() == 0):
                return m, rule.inline
        return None, False

    def is_footer_start(self, text: str) -> bool:
        """Whether a (folded) line opens the closing block (送:, 责任编辑:…)."""
        return any(r.pattern.search(text) for r in self.footer)

    @classmethod
    def of(cls, data: dict[str, Any]) -> "LayoutRules":
        inline = data.get("inline") or {}
        return cls(
            header=[FieldRule.of(e, "header") for e in data["header"]],
            footer=[FieldRule.of(e, "footer") for e in data["footer"]],
            editor_note=data["editor_note"]["pattern"],
            contributor=[FieldRule.of(e, "contributor") for e in data["contributor"]],
            colon_title=data["article_title"]["colon_title"],
            max_title_length=int(data["article_title"].get("max_length", 60)),
            inline_breaks=list(inline.get("breaks", [])),
            inline_min_length=int(inline.get("min_length", 150)),
            inline_max_lines=int(inline.get("max_lines", 5)),
        )


@dataclass
class PageRules:
    """The line shapes of a web page or PDF, compiled."""

    key_field: dict[str, str]
    meta_pair: Any
    next_key: Any
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
    def of(cls, data: dict[str, Any]) -> "PageRules":
        key_field: dict[str, str] = {}
        for name, keys in data["meta_keys"].items():
            for key in keys:
                key_field.setdefault(key, name)
        keys = "|".join(regex.escape(k) for k in sorted(key_field, key=len, reverse=True))
        widget = "|".join(regex.escape(w) for w in sorted(data["widget_words"], key=len, reverse=True))
        return cls(
            key_field=key_field,
            # a key at the line start or after a non-Han character, then ":" (or,
            # for counters, a number straight away)
            # (credits may go without the colon: 记者 张三 通讯员 李四)
            meta_pair=compile_pattern(rf"(?<![\p{{Han}}])(?P<key>{keys})\s*(?::|(?=\s*[\[(]?\s*\d)|(?<=\s)(?=\p{{Han}}))\s*"),
            # a name key after a space, written without its colon (来源:某中心 记者 张三)
            next_key=compile_pattern(rf"\s+(?:{keys})(?=\s)"),
            widget=compile_pattern(widget),
            prev_next=data["prev_next"], captcha=data["captcha"], image_file=data["image_file"],
            url=data["url"], copyright=data["copyright"],
            copyright_max=int(data.get("copyright_max_length", 160)),
            breadcrumb=data["breadcrumb"], breadcrumb_max=int(data.get("breadcrumb_max_length", 100)),
            menu_split=data["menu_separators"], menu_max_item=int(data.get("menu_max_item", 8)),
            menu_min_items=int(data.get("menu_min_items", 3)),
            menu_min_items_spaces=int(data.get("menu_min_items_spaces", 6)),
            related_heading=data["related_heading"], headline_max=int(data.get("headline_max_length", 50)),
            date_stamp=data["date_stamp"], stamped_run=int(data.get("stamped_run", 3)),
            date=data["date"], time=data["time"], weekday=data["weekday"],
            source_date=with_date(data["source_date"], data["date"]),
            site_max=int(data.get("site_max_length", 20)), zones=dict(data.get("zones") or {}),
            page_label=data["page_label"],
        )


@dataclass
class FurnitureRules:
    """Everything rules/furniture.yml says, checked and compiled."""

    layout: LayoutRules
    page: PageRules
    masthead: dict[str, Any]
    names: dict[str, Any]

    @classmethod
    def load(cls, name: str = FURNITURE_FILE) -> "FurnitureRules":
        checked = load_yaml(name, REQUIRED, compiled=True)  # schema: rules/schemas/furniture.yml
        return cls(LayoutRules.of(checked), PageRules.of(checked), dict(checked["masthead"]),
                   dict(checked["names"]))
