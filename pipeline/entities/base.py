"""Shared pieces of the entity proposers: the candidate record, the prepared
sentence and the span guards every proposer uses (token alignment, titles)."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any, Iterable

import regex

from ..records import Sentence, Token
from ..view import to_simplified
from ..rules import RuleError, load_lines, rule_path


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))



_DOTTED = regex.compile(r"\p{Han}{1,8}(?:[·•‧・]\p{Han}{1,8}){1,3}")
# Bylines: the names are runs of Han characters (and dots), separated by spaces or 、.
_BYLINE_PART = regex.compile(r"[\p{Han}·•‧・]+")
_BYLINE_GAP = regex.compile(r"[\s、，,/／]*")
# Last characters of body names, never of a person's (县人大办, 融媒体中心).
_ORG_LAST = set("报社台网站部局委办会院处科所室队团组中心")
_QUOTES_OPEN = set("“\"‘「『")


def _find_all(text: str, word: str) -> Iterable[int]:
    """Start offsets of ``word`` in ``text`` (str.find is much faster than a regex)."""
    k = text.find(word)
    while k >= 0:
        yield k
        k = text.find(word, k + 1)


def _suffix_words(data: dict, path: str) -> dict[str, tuple[str, ...]]:
    value = data.get("suffix_words")
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, list) for k, v in value.items()):
        raise RuleError(f"{path}: 'suffix_words' must map words to lists of characters")
    return {k: tuple(v) for k, v in value.items()}


def _word_counts(name: str) -> dict[str, int]:
    out = {}
    for n, line in enumerate(load_lines(name), 1):
        word, _, count = line.partition("\t")
        if not count.isdigit():
            raise RuleError(f"{rule_path(name)}: entry {n} ({line!r}): expected 'word<TAB>count'")
        out[word] = int(count)
    return out


def _thresholds(data: dict, path: str) -> dict[str, int]:
    keys = ("name_after_title", "name_generic", "given", "prefix")
    value = data.get("common_word_counts")
    if not isinstance(value, dict) or any(not isinstance(value.get(k), int) for k in keys):
        raise RuleError(f"{path}: 'common_word_counts' needs integer {', '.join(keys)}")
    return value


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
    affiliation: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class _Sent:
    """One sentence prepared for matching."""

    sent: Sentence
    text: str  # original
    norm: str  # Simplified, same length
    tok_starts: dict[int, int] | None  # token start -> end (None: no tokens given)
    tok_ends: dict[int, int] | None  # token end -> start
    tokens: list[tuple[int, int]]  # sentence-relative token spans
    protected: list[tuple[int, int]]  # 《...》 titles: no entities inside
    hits: list = field(default_factory=list)
    locs: list[Candidate] = field(default_factory=list)
    weak_locs: list[Candidate] = field(default_factory=list)  # usable as ORG prefixes only
    orgs: list[Candidate] = field(default_factory=list)
    pers: list[Candidate] = field(default_factory=list)
    tagged: list = field(default_factory=list)  # the tagger's windows (tagger.Tagged)


def _token_spans(sent: Sentence) -> list[tuple[int, int]]:
    """Sentence-relative token spans; tolerates document or sentence offsets."""
    toks: list[Token] = sent.tokens or []
    if not toks:
        return []
    shift = sent.start
    t0 = toks[0]
    if sent.text[t0.start - shift:t0.end - shift] != t0.text:
        shift = 0
    return [(t.start - shift, t.end - shift) for t in toks if not t.text.isspace()]



class SentenceGuards:
    """Span checks shared by all proposers (they read ``self.gaz`` and ``self.locs``)."""

    def _prepare(self, sent: Sentence) -> _Sent:
        norm = to_simplified(sent.text)  # one for one: offsets stay (pipeline/view.py)
        spans = _token_spans(sent)
        starts = {a: b for a, b in spans} if spans else None
        ends = {b: a for a, b in spans} if spans else None
        protected = [(m.start(), m.end()) for m in re.finditer(r"《[^《》]*》", norm)]
        return _Sent(sent, sent.text, norm, starts, ends, spans, protected)

    @staticmethod
    def _inside_title(s: _Sent, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in s.protected)


    def _boundary_before(self, s: _Sent, pos: int) -> bool:
        """Start of text, punctuation, a stop character or the end of a locality."""
        if pos == 0 or not _is_han(s.norm[pos - 1]) or s.norm[pos - 1] in self.locs.stem_stop_chars:
            return True
        return any(c.end == pos for c in s.locs)

    def _aligned(self, s: _Sent, start: int, end: int) -> bool:
        """True when no token crosses the span's edges (or no tokens are known)."""
        if s.tok_starts is None:
            return True
        return start in s.tok_starts and (end in s.tok_ends or end in s.tok_starts)

    def _loc_ending_at(self, s: _Sent, pos: int, weak: bool = False) -> Candidate | None:
        best = None
        pool = s.locs + s.weak_locs if weak else s.locs
        for c in pool:
            if c.end == pos and (best is None or c.length > best.length):
                best = c
        return best


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
