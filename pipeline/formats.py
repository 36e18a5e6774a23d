"""Input formats beyond plain text: HTML pages and PDFs with a text layer.

HTML is turned into text *as a normalisation step* (tags and entities edited
with ``textnorm.Edit``), so offsets still map into the raw HTML: a tag is
deleted (a block tag leaves one line break in place of its '<'), an entity
like ``&amp;`` becomes its character in place of the '&'.  Scripts, styles,
navigation, headers, footers and forms go entirely, and so do elements whose
class or id names navigation (nav, menu, footer, copyright ...); when the page
has an <article> or <main> element, only that is kept.

A PDF's "raw text" is its text layer as extracted by pypdf, page by page;
offsets refer to that text, and ``metadata.pages`` gives the offset where
each page starts, so a reviewer can find the page in the PDF.
"""
from __future__ import annotations

import html
import html.parser
import io
import re

from .errors import IngestError
from .textnorm import Edit, TracedText
from .view import fold

DROP_ELEMENTS = ("script", "style", "noscript", "template", "nav", "header", "footer", "aside",
                 "form", "select", "button", "svg", "iframe", "head")
BLOCK_TAGS = {"p", "div", "br", "li", "ul", "ol", "tr", "table", "h1", "h2", "h3", "h4", "h5", "h6",
              "section", "article", "main", "blockquote", "pre", "hr", "dd", "dt", "td", "th", "title"}
_TOKEN = re.compile(r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?.*?>|</?([a-zA-Z][\w:-]*)[^>]*>|&(#\d+|#[xX][0-9a-fA-F]+|\w+);",
                    re.S)
_MAIN = re.compile(r"<(article|main)\b[^>]*>(.*)</\1\s*>", re.S | re.I)


class _DroppedElements(html.parser.HTMLParser):
    """Finds the extent of the elements a reader never sees as article text:
    scripts, styles, navigation (by tag, or by a class or id such as "nav",
    "menu", "footer", "copyright")."""

    VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source",
            "track", "wbr", "param"}

    def __init__(self, text: str):
        super().__init__(convert_charrefs=False)
        self.text = text
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self.stack: list[tuple[str, int, bool]] = []
        self.spans: list[tuple[int, int]] = []
        self.feed(text)
        self.close()
        for _tag, start, drop in self.stack:  # unclosed: drop to the end
            if drop:
                self.spans.append((start, len(text)))

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        names = " ".join(v or "" for k, v in attrs if k in ("class", "id")).lower()
        drop = tag in DROP_ELEMENTS or (bool(_NAV_NAMES.search(names)) and not _CONTENT_NAMES.search(names))
        self.stack.append((tag, self._offset(), drop))

    def handle_endtag(self, tag):
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                _tag, start, drop = self.stack[i]
                del self.stack[i:]
                if drop:
                    end = self.text.find(">", self._offset())
                    self.spans.append((start, len(self.text) if end < 0 else end + 1))
                return


_NAV_NAMES = re.compile(r"(?:^|[\s_-])(?:nav|navbar|menu|footer|foot|copyright|sidebar|share|toolbar|"
                        r"topbar|banner|login|search|friendlink|links)(?:$|[\s_-])")
_CONTENT_NAMES = re.compile(r"content|article|title|main|text|detail|body")


def html_edits(t: TracedText) -> list[Edit]:
    """Edits that turn an HTML page into its text."""
    text = t.text
    edits: list[Edit] = []
    keep_from, keep_to = 0, len(text)
    main = _MAIN.search(text)
    if main:
        keep_from, keep_to = main.start(2), main.end(2)
        edits.append(Edit(0, keep_from))
        edits.append(Edit(keep_to, len(text)))
    dropped = sorted((max(s, keep_from), min(e, keep_to))
                     for s, e in _DroppedElements(text).spans if s < keep_to and e > keep_from)
    merged: list[tuple[int, int]] = []
    for s, e in dropped:
        if merged and s <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(e, merged[-1][1]))
        else:
            merged.append((s, e))
    edits.extend(Edit(s, e) for s, e in merged)
    for m in _TOKEN.finditer(text, keep_from, keep_to):
        if any(s <= m.start() < e for s, e in merged):
            continue
        if m.group(2):  # an entity
            char = html.unescape(m.group(0))
            if len(char) == 1:
                edits.append(Edit(m.start(), m.start() + 1, "\n" if char == "\n" else char))
                edits.append(Edit(m.start() + 1, m.end()))
            else:
                edits.append(Edit(m.start(), m.end()))
        elif m.group(1) and m.group(1).lower() in BLOCK_TAGS:
            edits.append(Edit(m.start(), m.start() + 1, "\n"))
            edits.append(Edit(m.start() + 1, m.end()))
        else:
            edits.append(Edit(m.start(), m.end()))
    return edits


def line_key(line: str) -> str:
    """A line as running headers repeat it: folded, no spaces, any number as '#'
    (the page number changes from page to page)."""
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", fold(line)))


def running_lines(text: str, page_starts: list[int], edge: int = 2) -> set[str]:
    """Keys of the lines a PDF repeats at the top or bottom of its pages (the
    bulletin's name, the issue, page numbers): the first and last ``edge``
    non-empty lines of each page, seen on at least two pages and on at least
    half of them."""
    if len(page_starts) < 2:
        return set()
    bounds = list(page_starts) + [len(text)]
    counts: dict[str, int] = {}
    for s, e in zip(bounds, bounds[1:]):
        lines = [line.strip() for line in text[s:e].split("\n") if line.strip()]
        keys = {line_key(x) for x in lines[:edge] + lines[-edge:]}
        for key in keys:
            if key and len(key) <= 40:
                counts[key] = counts.get(key, 0) + 1
    pages = len(page_starts)
    return {k for k, n in counts.items() if n >= max(2, (pages + 1) // 2)}


def looks_like_html(text: str) -> bool:
    head = text[:2000].lower()
    return "<html" in head or "<!doctype html" in head or ("<body" in head and "</" in head)


def pdf_text(raw: bytes, source: str) -> tuple[str, list[int]]:
    """The text layer of a PDF, pages joined by blank lines, and each page's start offset."""
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError
    except ImportError as exc:  # pragma: no cover - pypdf is a dependency
        raise RuntimeError("PDF input needs pypdf") from exc
    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as exc:
        raise IngestError(source, f"not a readable PDF ({type(exc).__name__}: {exc})", code="pdf") from None
    starts, parts, pos = [], [], 0
    for page in pages:
        starts.append(pos)
        parts.append(page)
        pos += len(page) + 2
    text = "\n\n".join(parts)
    if not text.strip():
        raise IngestError(source, "PDF has no text layer (a scan?); OCR it first", code="pdf")
    return text, starts
