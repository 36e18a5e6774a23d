"""The record types every stage reads and writes.

One module owns the contract: each stage's output is a list of these
dataclasses, serialised one per JSONL line by ``pipeline.io``.  Every record
carries ``kind`` and ``schema_version`` so a stage given the wrong file can say
so, and every span carries ``doc_id`` plus ``start``/``end`` offsets into the
stage-1 ``Document.text`` (see ``Document.raw_span`` for the way back to the
raw file).  JSON Schemas for these records live in ``pipeline/schemas``.
"""
from __future__ import annotations

import hashlib
from bisect import bisect_right
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import Decimal
from typing import Any, ClassVar

SCHEMA_VERSION = "1.0"


class RecordError(ValueError):
    """A record that does not fit the contract (wrong kind, missing field...)."""


def stable_id(prefix: str, *parts: Any) -> str:
    """A short id derived from content, so reruns give the same ids."""
    digest = hashlib.sha1("\x1f".join(map(str, parts)).encode("utf-8")).hexdigest()
    return f"{prefix}{digest[:12]}"


def json_number(value: Decimal | int | float | None) -> int | float | None:
    """Decimals become ints when integral, else the float with the same digits."""
    if value is None or isinstance(value, (int, float)) and not isinstance(value, bool):
        return value
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    raise TypeError(f"not a number: {value!r}")


@dataclass
class Record:
    """Base of all records: a ``kind`` tag and the schema version."""

    KIND: ClassVar[str] = "record"

    def to_dict(self) -> dict[str, Any]:
        data = {"kind": self.KIND, "schema_version": SCHEMA_VERSION}
        data.update(_plain(self))
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]):
        """Build a record from its JSON form, checking kind and version."""
        if not isinstance(data, dict):
            raise RecordError(f"expected a JSON object, got {type(data).__name__}")
        kind = data.get("kind")
        if kind != cls.KIND:
            raise RecordError(f"expected a '{cls.KIND}' record, got kind={kind!r}")
        version = str(data.get("schema_version", ""))
        if version.split(".")[0] != SCHEMA_VERSION.split(".")[0]:
            raise RecordError(
                f"schema_version {version!r} is not compatible with {SCHEMA_VERSION}"
            )
        names = {f.name for f in fields(cls)}
        missing = [f.name for f in fields(cls) if f.name not in data and _required(f)]
        if missing:
            raise RecordError(f"'{cls.KIND}' record lacks {', '.join(missing)}")
        return cls(**{k: v for k, v in data.items() if k in names})


_FIELD_NAMES: dict[type, tuple[str, ...]] = {}


def _plain(value: Any) -> Any:
    """JSON-ready copy of a dataclass tree (much faster than dataclasses.asdict,
    which deep-copies every leaf; serialising sentences is on the hot path)."""
    cls = type(value)
    if cls in (str, int, float, bool, type(None)):
        return value
    if cls is Decimal:  # exact values (indicators, facts) become JSON numbers
        return json_number(value)
    if cls is list or cls is tuple:
        return [_plain(v) for v in value]
    if cls is dict:
        return {k: _plain(v) for k, v in value.items()}
    names = _FIELD_NAMES.get(cls)
    if names is None:
        if not is_dataclass(value):
            return value
        names = _FIELD_NAMES[cls] = tuple(f.name for f in fields(value))
    return {n: _plain(getattr(value, n)) for n in names}


def _required(f) -> bool:
    from dataclasses import MISSING

    return f.default is MISSING and f.default_factory is MISSING


@dataclass
class Span:
    """A labelled stretch of the document text (a metadata field, a title...)."""

    start: int
    end: int


@dataclass
class Article:
    """One article of a bulletin: its title, extent and contributor."""

    index: int
    title: str | None
    start: int  # first character of the title (or body when untitled)
    end: int
    title_start: int | None = None
    title_end: int | None = None
    contributor: str | None = None
    contributor_start: int | None = None
    contributor_end: int | None = None
    type: str = "article"  # "article" or "editor_note"


@dataclass
class Document(Record):
    """Stage 1 output: the normalised text every later offset refers to."""

    KIND: ClassVar[str] = "document"

    doc_id: str
    source: str
    raw_sha256: str
    encoding: str
    text: str
    # Anchors [text_offset, raw_offset]: from each anchor on, characters map
    # one to one until the next anchor (normalisation only deletes or swaps
    # single characters, so this is exact).
    offset_map: list[list[int]]
    metadata: dict[str, Any] = field(default_factory=dict)
    # Page furniture kept as metadata: field name, start, end in ``text``.
    furniture: list[dict[str, Any]] = field(default_factory=list)
    articles: list[Article] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Document":
        doc = super().from_dict(data)
        doc.articles = [a if isinstance(a, Article) else Article(**a) for a in doc.articles]
        return doc

    def raw_offset(self, pos: int) -> int:
        """Raw-file character offset of text character ``pos``."""
        anchors = self.offset_map
        if not anchors:
            return pos
        # the anchors' text offsets, listed once per map (a long document asks for
        # thousands of offsets: rebuilding the list each time is quadratic)
        cached = self.__dict__.get("_anchor_keys")
        if cached is None or cached[0] is not anchors or len(cached[1]) != len(anchors):
            cached = (anchors, [a[0] for a in anchors])
            self.__dict__["_anchor_keys"] = cached
        i = bisect_right(cached[1], pos) - 1
        t0, r0 = anchors[max(i, 0)]
        return r0 + (pos - t0)

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Raw-file offsets [start, end) covering text[start:end]."""
        if end <= start:
            r = self.raw_offset(start)
            return r, r
        return self.raw_offset(start), self.raw_offset(end - 1) + 1

    def article_at(self, pos: int) -> Article | None:
        for art in self.articles:
            if art.start <= pos < art.end:
                return art
        return None


@dataclass
class Token:
    text: str
    start: int
    end: int


@dataclass
class Sentence(Record):
    """Stage 2 output: one sentence with its tokens."""

    KIND: ClassVar[str] = "sentence"

    doc_id: str
    sent_id: int
    article: int | None  # index into Document.articles; None outside articles
    zone: str  # "title", "body", "contributor", "header", "footer"
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        # the hot path of serialisation: tokens are most of what a run writes
        return {"kind": self.KIND, "schema_version": SCHEMA_VERSION, "doc_id": self.doc_id,
                "sent_id": self.sent_id, "article": self.article, "zone": self.zone,
                "start": self.start, "end": self.end, "text": self.text,
                "tokens": [{"text": t.text, "start": t.start, "end": t.end} for t in self.tokens]}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Sentence":
        sent = super().from_dict(data)
        sent.tokens = [t if isinstance(t, Token) else Token(**t) for t in sent.tokens]
        return sent


@dataclass
class Entity(Record):
    """Stage 3 output: a LOC, ORG or PER mention."""

    KIND: ClassVar[str] = "entity"
    LABELS: ClassVar[tuple[str, ...]] = ("LOC", "ORG", "PER")

    id: str
    doc_id: str
    sent_id: int
    label: str
    text: str
    start: int
    end: int
    source: str  # rule, lexicon or model that produced it
    confidence: float
    canonical: str | None = None
    path: str | None = None  # administrative path for localities
    role: str | None = None
    affiliation: str | None = None


@dataclass
class TimeExpression(Record):
    """A date or period found in a sentence; kept for the facts stage."""

    KIND: ClassVar[str] = "time"

    id: str
    doc_id: str
    sent_id: int
    text: str
    start: int
    end: int
    year: int | None = None
    month: int | None = None
    day: int | None = None
    relative: str | None = None  # 今年, 去年, 年初 ...
    # the date grammar's reading (pipeline/dates.py): its kind (explicit, span, consecutive,
    # open_span, npc, relative, relative_span, anaphoric, report, now, anchored,
    # month, every, quarter, period, clock, term), a relative year's offset from
    # the page's date, a span's first year, a congress term, and whether the date
    # is the base of a comparison (较去年) rather than the date of a figure
    date_kind: str | None = None
    offset: int | None = None
    start_year: int | None = None
    term: int | None = None
    base: bool = False


@dataclass
class Indicator(Record):
    """Stage 4 output: a numeric indicator, normalised."""

    KIND: ClassVar[str] = "indicator"
    QUALIFIERS: ClassVar[tuple[str | None, ...]] = (
        None, "more_than", "at_least", "about", "nearly", "at_most", "range",
    )

    id: str
    doc_id: str
    sent_id: int
    text: str
    start: int
    end: int
    subject: str | None
    value: Decimal | int | float | None  # exact in memory; a JSON number on disk
    value_max: Decimal | int | float | None
    unit: str
    qualifier: str | None
    unit_kind: str | None = None
    number_text: str | None = None  # the figure as written, e.g. 四十余万
    change: str | None = None  # increase, decrease, from, to
    optional: bool = False  # a norm, plan or vague figure (guidelines' optional)
    # what kind of figure: result | plan | target | norm | level | vague; optional == (statistic != "result")
    statistic: str = "result"
    statistic_cue: str | None = None  # the words that decided the statistic, or None
    subject_source: str | None = None  # how the subject was found (counted_noun, left, action, list, ...)


@dataclass
class Fact(Record):
    """Stage 5 output: an indicator joined to place, body, time and evidence."""

    KIND: ClassVar[str] = "fact"

    id: str
    doc_id: str
    indicator_id: str
    subject: str | None
    value: Decimal | int | float | None
    value_max: Decimal | int | float | None
    unit: str
    qualifier: str | None
    change: str | None
    locality: dict[str, Any] | None
    body: dict[str, Any] | None
    time: dict[str, Any] | None
    time_source: str | None
    people: list[dict[str, Any]]
    evidence: dict[str, Any]
    review: dict[str, Any] = field(
        default_factory=lambda: {"status": None, "note": None, "correction": None}
    )
    # the indicator's own fields, so exports can leave optional figures out
    unit_kind: str | None = None
    number_text: str | None = None
    optional: bool = False
    statistic: str = "result"  # the indicator's: result | plan | target | norm | level | vague
    statistic_cue: str | None = None
    subject_source: str | None = None
    # locality confidence x time confidence (0-1); see facts.linker/timeline
    confidence: float | None = None
    # -- across bulletins (pipeline/catalogue.py, set by the run's post-step) --
    indicator: str | None = None  # the catalogue's name for this figure, or None
    duplicate_of: str | None = None  # id of the fact this one repeats (another bulletin)
    # each {"code": ..., "facts": [ids]}: the facts stage's sanity flags
    # (pipeline/facts/flags.py); the catalogue adds code "conflict"
    flags: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class ErrorRecord(Record):
    """An input that could not be processed, and why."""

    KIND: ClassVar[str] = "error"

    source: str
    stage: str
    error: str
    message: str
    line: int | None = None
    raw_sha256: str | None = None


RECORD_TYPES: dict[str, type[Record]] = {
    cls.KIND: cls
    for cls in (Document, Sentence, Entity, TimeExpression, Indicator, Fact, ErrorRecord)
}
