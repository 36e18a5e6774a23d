"""Proposers of people from other people: the other items of a list of names next
to a name (武跃军、黎地、杨志健三名代表), and other mentions of a name found in
context (王述杰提出... after 代表王述杰)."""
from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..chars import alternation
from .base import Candidate, Doc, Prepared, aligned, boundary_before
from .weighing import DecisionRules
from .names import NameReader

if TYPE_CHECKING:
    from .resources import Resources

_LIST_ITEM = regex.compile(r"[\p{Han}·]+")
_LIST_SEP = regex.compile(r"[、 \t\u3000]+")


class ListMembers:
    """PER items of a list of names (、 or spaces) next to a confident PER item."""

    weighs = True  # reads the proposals' confidences: they are calibrated first

    def __init__(self, res: "Resources"):
        self.people, self.rules = res.people, res.decision

    def propose(self, doc: Doc) -> None:
        p = self.people
        for s in doc.sents:
            s.pers.extend(list_members(s, s.pers, self.rules, p.has_surname, p.is_word))


class Propagation:
    """PER: other mentions, anywhere in the document, of the names found in context."""

    weighs = True  # reads the proposals' confidences: they are calibrated first

    def __init__(self, res: "Resources"):
        self.names = NameReader(res.people)
        self.stops = res.locs.stem_stop_chars

    def propose(self, doc: Doc) -> None:
        sents = doc.sents
        names = set()
        for s in sents:
            for c in s.pers:
                if c.confidence >= 0.5:  # a name the decision may keep
                    names.add(s.norm[c.start:c.end])
        names = {n for n in names if len(n) >= 2 and not any(ch.isspace() for ch in n)}
        if not names:
            return
        pattern = regex.compile(alternation(names))
        for s in sents:
            have = {(c.start, c.end) for c in s.pers}
            for m in pattern.finditer(s.norm):
                if (m.start(), m.end()) in have or not aligned(s, m.start(), m.end()):
                    continue
                if self.names.place_follows(s.norm, m.end()):
                    continue
                if s.tok_starts is None and len(m.group()) == 2 and not boundary_before(s, m.start(), self.stops):
                    continue
                s.pers.append(Candidate(m.start(), m.end(), "PER", "per:propagated", 0.7))



def list_members(s: Prepared, people: list[Candidate], rules: DecisionRules,
                 has_surname, is_word) -> list[Candidate]:
    """Items of a list of names (、 or spaces) next to a PER item: 黎地 in
    武跃军、黎地、杨志健三名代表, 相生年 in 王晓宇 顾欣欣 相生年."""
    strong = {(c.start, c.end) for c in people if c.confidence >= rules.keep}
    if not strong:
        return []
    norm = s.norm
    items = [(m.start(), m.end()) for m in _LIST_ITEM.finditer(norm)]
    out = []
    for k, (a, b) in enumerate(items):
        if (a, b) in strong or not 2 <= b - a <= 3 or not has_surname(norm[a:b]) or is_word(norm[a:b]):
            continue
        for j in (k - 1, k + 1):
            if not 0 <= j < len(items):
                continue
            x, y = items[j]
            gap = norm[min(b, y):max(a, x)]
            if not gap or not _LIST_SEP.fullmatch(gap):
                continue
            # the neighbour is a name (its whole item, or its start: 杨志健|三名代表)
            if any(p == x and (q == y or j > k) for p, q in strong):
                out.append(Candidate(a, b, "PER", "decision:list", rules.list_member, priority=1))
                break
    return out
