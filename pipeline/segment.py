"""Stage 2, segment: sentences and words.

Requires: documents.jsonl (``Document``).  Provides: sentences.jsonl
(``Sentence`` with ``Token`` offsets).

Sentences never cross an article boundary or a zone (title, body,
contributor, header and footer furniture); they end at 。！？；… and at line
ends, but not inside quotes or brackets.  Words come from spaCy's Chinese
language with the pkuseg segmenter, loaded once per process.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator

import regex

from .models import load_pkuseg, pkuseg_model_dir
from .records import Document, Sentence, Token
from .view import View

TERMINALS = set("。！？!?；;…")
OPENERS = {"“": "”", "‘": "’", "(": ")", "（": "）", "《": "》", "〔": "〕", "【": "】",
           "「": "」", "『": "』", "[": "]", "〈": "〉"}
CLOSERS = set(OPENERS.values())
# A "sentence" longer than this (a 1 MB line with no stops) is cut at its last
# comma or space before the limit, so no stage ever sees an unbounded string.
MAX_SENTENCE = 1000


@dataclass
class Region:
    """A stretch of text of one zone in one article (or none)."""

    start: int
    end: int
    zone: str
    article: int | None


def regions(doc: Document) -> list[Region]:
    """Cut the document into header, article parts (title/body/contributor) and
    footer; page furniture around the article (zone "furniture") is left out."""
    out: list[Region] = []
    pos = 0
    for art in doc.articles:
        if art.start > pos:
            out.append(Region(pos, art.start, "header" if not out else "body", None))
        body_start = art.start
        if art.title_end is not None:
            out.append(Region(art.start, art.title_end, "title", art.index))
            body_start = art.title_end
        if art.contributor_start is not None:
            # the contributor's whole line, brackets included, is its own zone
            line_start = doc.text.rfind("\n", body_start, art.contributor_start) + 1
            line_start = max(line_start, body_start)
            bracket = max(doc.text.rfind(b, line_start, art.contributor_start) for b in "(（")
            cut = bracket if bracket >= 0 else line_start
            out.append(Region(body_start, cut, "body", art.index))
            out.append(Region(cut, art.end, "contributor", art.index))
        else:
            out.append(Region(body_start, art.end, "body", art.index))
        pos = art.end
    if pos < len(doc.text):
        out.append(Region(pos, len(doc.text), "footer" if doc.articles else "body", None))
    out = _carve_furniture(doc, out)
    return [r for r in out if r.zone not in DROPPED_ZONES and doc.text[r.start:r.end].strip()]


DROPPED_ZONES = ("furniture",)  # around the article, not about it: no sentence at all


def _carve_furniture(doc: Document, regions: list[Region]) -> list[Region]:
    """Each furniture line becomes a region of its own zone: the page's own
    metadata lines (kind "meta": 发布时间/来源 under a title, bylines, a
    breadcrumb) "header" (copyright notices "footer"), so their names are still
    entities but no indicator comes from them; lines around the article (kind
    "aside": menus, related-news lists, counters, widgets) "furniture", which
    ``regions`` drops.  Header and footer regions keep their meta lines."""
    lines: dict[tuple[int, int], str] = {}
    for f in doc.furniture:
        start = doc.text.rfind("\n", 0, f["start"]) + 1
        end = doc.text.find("\n", f["end"])
        key = (start, len(doc.text) if end < 0 else end)
        zone = furniture_zone(f)
        if lines.get(key) not in DROPPED_ZONES:
            lines[key] = zone
    edge = ("header", "footer")
    out: list[Region] = []
    for r in regions:
        cuts = sorted((s, e, z) for (s, e), z in lines.items() if r.start <= s and e <= r.end
                      and z != r.zone and not (r.zone in edge and z in edge))
        pos = r.start
        for s, e, z in cuts:
            if s < pos:
                continue
            out.append(Region(pos, s, r.zone, r.article))
            out.append(Region(s, e, z, r.article))
            pos = e
        out.append(Region(pos, r.end, r.zone, r.article))
    return out


def furniture_zone(f: dict) -> str:
    """The zone ingest gave a furniture entry (documents written before zones
    were recorded: "furniture" for asides, "header" for the page's own details)."""
    return f.get("zone") or ("furniture" if f.get("kind") == "aside" else "header")


def split_sentences(text: str, start: int = 0, end: int | None = None) -> list[tuple[int, int]]:
    """Sentence spans in text[start:end], trimmed of whitespace."""
    end = len(text) if end is None else end
    spans: list[tuple[int, int]] = []
    sent_start = start
    stack: list[str] = []
    i = start

    def close(at: int) -> None:
        nonlocal sent_start
        s, e = sent_start, at
        while s < e and text[s].isspace():
            s += 1
        while e > s and text[e - 1].isspace():
            e -= 1
        if e > s:
            spans.append((s, e))
        sent_start = at

    protected = _unsplittable(text, start, end)
    while i < end:
        ch = text[i]
        if i in protected:
            i += 1
            continue
        if ch == "\n":
            stack.clear()
            close(i + 1)
        elif ch in OPENERS and not (ch in CLOSERS and stack and stack[-1] == ch):
            stack.append(OPENERS[ch])
        elif ch in CLOSERS:
            if ch in stack:
                while stack and stack.pop() != ch:
                    pass
        elif ch in TERMINALS:
            j = i + 1
            while j < end and text[j] in TERMINALS:
                j += 1
            # closing quotes/brackets right after the stop belong to the sentence
            depth = list(stack)
            while j < end and text[j] in CLOSERS and (text[j] in depth or text[j] in "”’」』"):
                while text[j] in depth and depth and depth.pop() != text[j]:
                    pass
                j += 1
            if not depth:
                stack = depth
                close(j)
                i = j
                continue
        i += 1
    close(end)
    return [piece for span in spans for piece in _cap(text, *span)]


# URLs and e-mail addresses are one token: a "?" or ";" inside them ends no sentence
_URL = regex.compile(r"(?:https?://|www\.)[^\s\p{Han}，。；、“”]+|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
                     r"|(?<=[!-~])\?(?=[A-Za-z0-9_%=&])")


def _unsplittable(text: str, start: int, end: int) -> set[int]:
    """Positions inside URLs and e-mail addresses (and a query's "?")."""
    out: set[int] = set()
    for m in _URL.finditer(text, start, end):
        out.update(range(m.start(), m.end()))
    return out


def _cap(text: str, start: int, end: int) -> list[tuple[int, int]]:
    pieces = []
    while end - start > MAX_SENTENCE:
        window = text[start:start + MAX_SENTENCE]
        cut = max(window.rfind(c) for c in ",，、 ;；") + 1
        cut = cut if cut > MAX_SENTENCE // 2 else MAX_SENTENCE
        pieces.append((start, start + cut))
        start += cut
    pieces.append((start, end))
    return pieces


class Segmenter:
    """spaCy ``zh`` with the pkuseg segmenter; build once, call per document."""

    name = "segment"
    requires = ("document",)
    provides = ("sentence",)

    def __init__(self, model_dir: str | Path | None = None):
        from spacy.lang.zh import Chinese

        model_dir = Path(model_dir) if model_dir else pkuseg_model_dir()
        nlp = Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
        nlp.tokenizer.pkuseg_seg = load_pkuseg(model_dir)  # what initialize() sets, loaded fast
        self.nlp = nlp

    def tokens(self, texts: list[str]) -> Iterator[list[tuple[str, int]]]:
        for doc in self.nlp.pipe(texts, batch_size=256):
            yield [(t.text, t.idx) for t in doc if not t.is_space]

    def __call__(self, doc: Document, progress: Callable[[int, int], None] | None = None
                 ) -> list[Sentence]:
        """The sentences of a document; ``progress(done, total)`` hears of every 256th."""
        spans: list[tuple[int, int, str, int | None]] = []
        for region in regions(doc):
            for s, e in split_sentences(doc.text, region.start, region.end):
                spans.append((s, e, region.zone, region.article))
        # words are cut in the matching view (Simplified, no pinyin glosses), which
        # is what pkuseg was trained on, and mapped back to the text as written
        views = [View.of(doc.text[s:e]) for s, e, _, _ in spans]
        sentences = []
        for n, ((s, e, zone, article), view, toks) in enumerate(
                zip(spans, views, self.tokens([v.text for v in views]))):
            if progress is not None and n % 256 == 0:
                progress(n, len(spans))
            tokens = []
            for word, idx in toks:
                a, b = view.span(idx, idx + len(word))
                tokens.append(Token(doc.text[s + a:s + b], s + a, s + b))
            sentences.append(Sentence(
                doc_id=doc.doc_id, sent_id=n, article=article, zone=zone, start=s, end=e,
                text=doc.text[s:e], tokens=tokens,
            ))
        return sentences


def segment(docs: Iterable[Document], segmenter: Segmenter | None = None) -> Iterator[Sentence]:
    """Stage entry point: sentences of each document, in order."""
    segmenter = segmenter or Segmenter()
    for doc in docs:
        yield from segmenter(doc)
