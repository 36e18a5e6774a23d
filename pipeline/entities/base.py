"""Shared pieces of the entity components: the candidate record, the prepared
sentence and document, the span guards every proposer uses (plain functions
over a prepared sentence) and a fast index of many names."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

from ..chars import is_han
from ..records import Sentence, Token
from ..rules import RuleError, load_lines, rule_path
from ..view import to_simplified


@dataclass
class Candidate:
    """A proposed span in one sentence (offsets relative to the sentence)."""

    start: int
    end: int
    label: str
    source: str
    confidence: float
    priority: int = 0  # tie-break after length: higher wins
    place_ids: tuple[int, ...] = ()  # LOC: the places this name may denote
    village_of: tuple[int, ...] = ()  # LOC village: ids of towns that have it
    parent: "Candidate | None" = None  # LOC feature chained to a locality
    unit: str | None = None  # LOC: the unit's full name when the text shortens it (八泉 -> 八泉村)
    org: dict[str, Any] | None = None  # ORG: prefix kind, locality, level, rest
    role: str | None = None
    affiliation: "Candidate | None" = None

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class Tagged:
    """The tagger's reading of one window of a sentence (sentence offsets)."""

    start: int
    end: int
    words: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, tag)


@dataclass
class Prepared:
    """One sentence prepared for matching, with the candidates proposed in it."""

    sent: Sentence
    text: str  # original
    norm: str  # Simplified, same length
    tok_starts: dict[int, int] | None  # token start -> end (None: no tokens given)
    tok_ends: dict[int, int] | None  # token end -> start
    tokens: list[tuple[int, int]]  # sentence-relative token spans
    protected: list[tuple[int, int]]  # 《...》 titles: no entities inside
    hits: list = field(default_factory=list)  # the gazetteer's hits
    locs: list[Candidate] = field(default_factory=list)
    weak_locs: list[Candidate] = field(default_factory=list)  # usable as ORG prefixes only
    orgs: list[Candidate] = field(default_factory=list)
    pers: list[Candidate] = field(default_factory=list)
    tagged: list = field(default_factory=list)  # the tagger's windows (tagger.Tagged)
    lac: list[tuple[int, int, str]] = field(default_factory=list)  # the tagger's words, whole sentence

    def candidates(self) -> list[Candidate]:
        return self.locs + self.weak_locs + self.orgs + self.pers


@dataclass
class Doc:
    """A document's prepared sentences and what proposers learn about it as a whole."""

    sents: list[Prepared]
    places: set[int] = field(default_factory=set)  # named in full, unambiguously (county and up)
    context: set[int] = field(default_factory=set)  # their prefectures and counties


def token_spans(sent: Sentence) -> list[tuple[int, int]]:
    """Sentence-relative token spans; tolerates document or sentence offsets."""
    toks: list[Token] = sent.tokens or []
    if not toks:
        return []
    shift = sent.start
    t0 = toks[0]
    if sent.text[t0.start - shift:t0.end - shift] != t0.text:
        shift = 0
    return [(t.start - shift, t.end - shift) for t in toks if not t.text.isspace()]


def prepare(sent: Sentence) -> Prepared:
    norm = to_simplified(sent.text)  # one for one: offsets stay (pipeline/view.py)
    spans = token_spans(sent)
    starts = {a: b for a, b in spans} if spans else None
    ends = {b: a for a, b in spans} if spans else None
    protected = [(m.start(), m.end()) for m in re.finditer(r"《[^《》]*》", norm)]
    return Prepared(sent, sent.text, norm, starts, ends, spans, protected)


# -- span guards ------------------------------------------------------------------
def inside_title(s: Prepared, start: int, end: int) -> bool:
    """Inside a 《title》: laws and documents hold no entities."""
    return any(a < end and start < b for a, b in s.protected)


def aligned(s: Prepared, start: int, end: int) -> bool:
    """True when no token crosses the span's edges (or no tokens are known)."""
    if s.tok_starts is None:
        return True
    return start in s.tok_starts and (end in s.tok_ends or end in s.tok_starts)


def boundary_before(s: Prepared, pos: int, stop_chars: set[str]) -> bool:
    """Start of text, punctuation, a stop character or the end of a locality."""
    if pos == 0 or not is_han(s.norm[pos - 1]) or s.norm[pos - 1] in stop_chars:
        return True
    return any(c.end == pos for c in s.locs)


def loc_ending_at(s: Prepared, pos: int, weak: bool = False) -> Candidate | None:
    """The longest place candidate ending at ``pos`` (``weak``: the weak ones too)."""
    best = None
    pool = s.locs + s.weak_locs if weak else s.locs
    for c in pool:
        if c.end == pos and (best is None or c.length > best.length):
            best = c
    return best


def find_all(text: str, word: str) -> Iterable[int]:
    """Start offsets of ``word`` in ``text`` (str.find is much faster than a regex)."""
    k = text.find(word)
    while k >= 0:
        yield k
        k = text.find(word, k + 1)


# -- rule loading helpers -------------------------------------------------------
def word_counts(name: str) -> dict[str, int]:
    """A 'word<TAB>count' lexicon (rules/common_words.txt)."""
    out = {}
    for n, line in enumerate(load_lines(name), 1):
        word, _, count = line.partition("\t")
        if not count.isdigit():
            raise RuleError(f"{rule_path(name)}: entry {n} ({line!r}): expected 'word<TAB>count'")
        out[word] = int(count)
    return out


def char_set(data: dict, key: str, path: str) -> frozenset[str]:
    """A set of single characters written as one string (or a list)."""
    value = data.get(key)
    if isinstance(value, str):
        value = [ch for ch in value if not ch.isspace()]
    if not isinstance(value, list) or not value or not all(isinstance(v, str) and len(v) == 1 for v in value):
        raise RuleError(f"{path}: '{key}' must be a string of characters")
    return frozenset(value)


class NameIndex:
    """Lookup of many names (a regex alternation of thousands is slow): names are
    keyed by their last character, which is rare in text (网, 报, 台...), and each
    occurrence of one is checked against the names ending there, longest first."""

    def __init__(self, names: Iterable[str]):
        self.by_tail: dict[str, list[str]] = {}  # last two characters -> names
        for name in sorted(set(names), key=len, reverse=True):
            if len(name) >= 2:
                self.by_tail.setdefault(name[-2:], []).append(name)
        self.lasts = sorted({tail[-1] for tail in self.by_tail})
        # one pass over the text for all last characters (one str.find per character
        # was 200 passes over each sentence for the foreign places)
        self._last_re = re.compile("[" + "".join(map(re.escape, self.lasts)) + "]") if self.lasts else None

    def find(self, text: str) -> list[tuple[int, int]]:
        if self._last_re is None:
            return []
        hits = []
        by_tail = self.by_tail
        for m in self._last_re.finditer(text):
            k = m.start()
            end = k + 1
            names = by_tail.get(text[k - 1:end], ()) if k else ()
            hit = next((n for n in names if text.endswith(n, 0, end)), None)
            if hit:
                hits.append((end - len(hit), end))
        hits.sort(key=lambda h: (h[0], -h[1]))
        out: list[tuple[int, int]] = []
        for h in hits:  # leftmost-longest, no overlaps
            if not out or h[0] >= out[-1][1]:
                out.append(h)
        return out
