"""Stage 1, ingest: a raw bulletin file becomes a ``Document``.

Requires: a file (.txt, .md) or a string.  Provides: documents.jsonl.

Steps: detect the encoding, normalise the text with an exact offset map back
to the raw characters (``textnorm``), then find page furniture and articles
(``layout``).  A file that cannot be read as text raises ``IngestError``
naming the file and, where there is one, the line.
"""
from __future__ import annotations

import hashlib
import unicodedata
from pathlib import Path

from .chars import is_han
from .errors import IngestError
from .furniture import FurnitureRules
from .layout import LayoutParser
from .records import Document
from .formats import html_edits, line_key, looks_like_html, pdf_text, running_lines
from .textnorm import TextRules, fold_char, normalise
from .view import glosses, traditional_share

PDF_TEXT = "pdf-text"  # the encoding of a PDF document: offsets refer to its text layer

# Share of Han characters with a distinct Simplified form above which a text is
# Traditional: Simplified text has none, Traditional text 20-30 %.
TRADITIONAL_SHARE = 0.1

SUPPORTED_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm", ".pdf")


def _line_of_byte(raw: bytes, pos: int) -> int:
    return raw.count(b"\n", 0, pos) + 1


def _looks_utf16(raw: bytes) -> str | None:
    """UTF-16 without BOM: ASCII and CJK text has many zero bytes on one side."""
    sample = raw[:4000]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even = sample[0::2].count(0) / (len(sample) / 2)
    odd = sample[1::2].count(0) / (len(sample) / 2)
    if odd > 0.3 and even < 0.05:
        return "utf-16-le"
    if even > 0.3 and odd < 0.05:
        return "utf-16-be"
    return None


def decode(raw: bytes, source: str, rules: TextRules | None = None) -> tuple[str, str, list[str]]:
    """Return (text, codec, warnings); ``raw.decode(codec)`` gives the same text.
    ``rules`` (rules/text.yml, read when not given) tell GB18030 from Big5.

    Raw offsets in the offset map are indices into this text, so a UTF-8 BOM
    is kept here (as U+FEFF at index 0) and removed by normalisation.
    """
    warnings: list[str] = []
    if not raw:
        raise IngestError(source, "empty file", code="empty")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(raw, "utf-16", source), "utf-16", warnings
    try:
        return raw.decode("utf-8"), "utf-8", warnings
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(raw) and exc.start > len(raw) - 4:
            warnings.append(f"truncated UTF-8: the incomplete character at byte {exc.start} was dropped")
            return raw[: exc.start].decode("utf-8"), "utf-8", warnings
        utf8_error = exc
    codec = _looks_utf16(raw)
    if codec:
        return _strict(raw, codec, source), codec, warnings
    if b"\x00" in raw:
        raise IngestError(source, "binary file: contains NUL bytes, not text",
                          line=_line_of_byte(raw, raw.index(b"\x00")), code="binary")
    candidates = []
    for codec in ("gb18030", "big5"):
        try:
            candidates.append((codec, raw.decode(codec)))
        except UnicodeDecodeError:
            pass
    if len(candidates) > 1:
        common = (rules or TextRules.load()).common_characters
        candidates.sort(key=lambda c: -_plausibility(c[1], common))
    if candidates:
        return candidates[0][1], candidates[0][0], warnings
    raise IngestError(
        source,
        f"not decodable as UTF-8, UTF-16, GB18030 or Big5 (invalid UTF-8 at byte {utf8_error.start})",
        line=_line_of_byte(raw, utf8_error.start), code="encoding",
    )


def _plausibility(text: str, common: frozenset[str]) -> float:
    """Share of Han characters among the most common ones of official prose."""
    han = [c for c in text if is_han(c)]
    return sum(c in common for c in han) / len(han) if han else 0.0


def _strict(raw: bytes, codec: str, source: str) -> str:
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as exc:
        raise IngestError(source, f"invalid {codec} at byte {exc.start}", code="encoding") from None


def _is_junk(ch: str) -> bool:
    return ch == "\ufffd" or (unicodedata.category(ch) in ("Cc", "Co", "Cn") and ch not in "\n\r\t")


def _check_text(text: str, source: str) -> None:
    """Refuse text that is empty or mostly control/invalid characters (binary junk)."""
    if not text.strip():
        raise IngestError(source, "no text: the file holds only whitespace", code="empty")
    sample = text[:20000]
    junk = [i for i, c in enumerate(sample) if _is_junk(c)]
    if len(junk) / len(sample) > 0.02:
        raise IngestError(source, f"binary or garbled content ({len(junk)} control or invalid "
                          f"characters in the first {len(sample)})",
                          line=text.count("\n", 0, junk[0]) + 1, code="binary")


class Ingester:
    """Stage 1 as a component: its rules (rules/furniture.yml) are loaded once,
    here; call ``file``, ``bytes`` or ``text`` per document."""

    name = "ingest"
    requires: tuple[str, ...] = ()
    provides = ("document",)

    def __init__(self, rules: FurnitureRules | None = None, text_rules: TextRules | None = None):
        self.text_rules = text_rules or TextRules.load()
        self.layout = LayoutParser(rules or FurnitureRules.load(), self.text_rules)

    def text(self, raw_text: str, doc_id: str, source: str = "<text>", encoding: str = "utf-8",
             raw_sha256: str | None = None, warnings: list[str] | None = None,
             html: bool | None = None, extra: dict | None = None) -> Document:
        """Normalise a decoded text and find its furniture and articles.

        ``html`` (default: guessed from the content) strips tags first.
        """
        _check_text(raw_text, source)
        html = looks_like_html(raw_text) if html is None else html
        # a PDF's running headers and footers (name, issue, page number on every page)
        running = running_lines(raw_text, (extra or {}).get("pages") or [])
        layout = self.layout
        traced = normalise(raw_text, is_footer_start=layout.is_footer_start,
                           first=(html_edits,) if html else (),
                           is_furniture=lambda line: layout.is_page_furniture(line) or line_key(line) in running,
                           rules=self.text_rules, restore=layout.lost_breaks)
        if not traced.text.strip():
            raise IngestError(source, "no text left after removing the markup", code="empty")
        found = layout.parse(traced.text, running=running)
        metadata = dict(found.metadata)
        metadata["format"] = "html" if html else "pdf" if encoding == PDF_TEXT else "text"
        # Traditional text and pinyin glosses stay as written; the matching view
        # (pipeline.view) reads them as Simplified without glosses.
        metadata["script"] = "traditional" if traditional_share(traced.text) > TRADITIONAL_SHARE else "simplified"
        n_glosses = len(glosses(traced.text))
        if n_glosses:
            metadata["glosses"] = n_glosses
        metadata.update(extra or {})
        if warnings:
            metadata["warnings"] = list(warnings)
        return Document(
            doc_id=doc_id,
            source=source,
            raw_sha256=raw_sha256 or hashlib.sha256(raw_text.encode("utf-8")).hexdigest(),
            encoding=encoding,
            text=traced.text,
            offset_map=traced.offset_map(),
            metadata=metadata,
            furniture=found.furniture,
            articles=found.articles,
        )

    def bytes(self, raw: bytes, doc_id: str, source: str) -> Document:
        """A file's bytes: a PDF's text layer, else text in the detected encoding."""
        digest = hashlib.sha256(raw).hexdigest()
        suffix = Path(source).suffix.lower()
        if suffix == ".pdf" or raw.startswith(b"%PDF-"):
            text, pages = pdf_text(raw, source)
            return self.text(text, doc_id, source, PDF_TEXT, digest, html=False, extra={"pages": pages})
        text, codec, warnings = decode(raw, source, self.text_rules)
        html = True if suffix in (".html", ".htm") else None
        return self.text(text, doc_id, source, codec, digest, warnings, html=html)

    def file(self, path: str | Path, doc_id: str | None = None) -> Document:
        """Read one file; ``doc_id`` defaults to the file's stem."""
        path = Path(path)
        if path.suffix.lower() not in SUPPORTED_SUFFIXES:
            raise IngestError(str(path), f"unsupported file type {path.suffix or '(none)'}; "
                              f"supported: {', '.join(SUPPORTED_SUFFIXES)}", code="unsupported")
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise IngestError(str(path), f"cannot read: {exc.strerror}", code="io") from None
        return self.bytes(raw, doc_id or path.stem, str(path))


# One-call forms for scripts and tests; a pipeline builds one ``Ingester`` and reuses it.

def ingest_text(raw_text: str, doc_id: str, source: str = "<text>", encoding: str = "utf-8",
                raw_sha256: str | None = None, warnings: list[str] | None = None,
                html: bool | None = None, extra: dict | None = None,
                ingester: Ingester | None = None) -> Document:
    return (ingester or Ingester()).text(raw_text, doc_id, source, encoding, raw_sha256, warnings,
                                         html, extra)


def ingest_bytes(raw: bytes, doc_id: str, source: str, ingester: Ingester | None = None) -> Document:
    return (ingester or Ingester()).bytes(raw, doc_id, source)


def ingest_file(path: str | Path, doc_id: str | None = None, ingester: Ingester | None = None) -> Document:
    """Read one file; ``doc_id`` defaults to the file's stem."""
    return (ingester or Ingester()).file(path, doc_id)


def read_raw_text(doc: Document) -> str:
    """The raw text the offset map refers to (for reviewers and tests)."""
    raw = Path(doc.source).read_bytes()
    if doc.encoding == PDF_TEXT:
        return pdf_text(raw, doc.source)[0]
    if doc.encoding == "utf-8":
        return raw.decode("utf-8", errors="ignore") if doc.metadata.get("warnings") else raw.decode("utf-8")
    return raw.decode(doc.encoding)


def span_matches_raw(doc: Document, raw_text: str, start: int, end: int) -> bool:
    """Whether text[start:end] is, character by character, the raw characters the
    offset map names, after normalisation (the contract's offset invariant).
    In HTML an entity stands for its character at the position of its '&'; a
    line break restored in a one-line text stands for the space it replaced."""
    html = doc.metadata.get("format") == "html"
    for i in range(start, end):
        r = doc.raw_offset(i)
        if not 0 <= r < len(raw_text):
            return False
        if fold_char(raw_text[r]) != doc.text[i] and not (html and raw_text[r] in "&<") and not (
                doc.text[i] == "\n" and raw_text[r].isspace()):
            return False
    return True
