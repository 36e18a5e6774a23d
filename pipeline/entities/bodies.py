"""Proposer of bodies from the body grammar (rules/orgs.yml): [locality chain |
level word] institution {sub-body} (华容县人大常委会办公室), departments (县民宗局),
village committees (曼山村委会), sibling sub-bodies (…联络局、研究室) and stationed
bodies (省纪委省监委驻省人大机关纪检监察组)."""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import regex

from ..chars import is_han
from .base import Candidate, Doc, Prepared, inside_title, loc_ending_at
from .org_rules import Institution

if TYPE_CHECKING:
    from .resources import Resources


class Bodies:
    """ORG from the institution grammar."""

    def __init__(self, res: "Resources"):
        self.orgs, self.locs, self.people = res.orgs, res.locs, res.people
        self.village = res.orgs.village_committee_after
        # place-grammar sources that are administrative units, not features
        self.unit_sources = frozenset(("grammar:village", "grammar:enumeration", "grammar:region"))

    def propose(self, doc: Doc) -> None:
        for s in doc.sents:
            self._grammar(s)

    def _is_feature(self, loc: Candidate) -> bool:
        """A road, lane, river... from the place grammar (not an administrative unit)."""
        return loc.source.startswith("grammar:") and loc.source not in self.unit_sources

    def _grammar(self, s: Prepared) -> None:
        rules = self.orgs
        norm = s.norm
        blocked: list[tuple[int, int]] = []  # class references: nothing inside them either
        for m in rules.core_matches(norm):  # (overlapped matches)
            inst = rules.institutions[m.group("inst")]
            start, end = m.start(), m.end()
            if inside_title(s, start, end) or any(a <= start < b for a, b in blocked):
                continue
            prefix = self._org_prefix(s, start, inst)
            if prefix is None:
                blocked.append((start, end))
                continue
            pstart, kind, loc, level = prefix
            conf = {"locality": 0.95, "level": 0.9, "bare": 0.8}[kind]
            s.orgs.append(Candidate(pstart, end, "ORG", f"org:{kind}", conf, priority=3,
                                    org={"kind": kind, "loc": loc[-1] if loc else None,
                                         "chain": loc or [], "level": level,
                                         "rest": norm[start:end], "subs": m.group("subs")}))
        self._generic_departments(s)
        tail = rules.village_committee_tail
        if tail and tail in norm:  # 曼山村委会: the village and its committee
            for loc in list(s.locs):
                if norm[loc.end - 1] == self.village and norm.startswith(tail, loc.end) and \
                        not inside_title(s, loc.start, loc.end + len(tail)):
                    chain = [loc]  # 打洛镇曼山村委会
                    while (prev := loc_ending_at(s, chain[0].start)) is not None:
                        chain.insert(0, prev)
                    s.orgs.append(Candidate(chain[0].start, loc.end + len(tail), "ORG", "org:locality",
                                            0.9, priority=3, org={"kind": "locality", "loc": loc,
                                                                  "chain": chain, "level": None,
                                                                  "rest": self.village + tail, "subs": ""}))
        self._siblings(s)
        self._siblings(s)
        self._stationed(s)

    def _org_prefix(self, s: Prepared, start: int, inst: Institution):
        """(start, kind, locality chain, level word) of a body whose institution is at ``start``.

        None means "not a body here": a class reference (县乡人大, 各镇人大主席团),
        or an institution that needs a prefix and has none.
        """
        norm, rules = s.norm, self.orgs
        loc = loc_ending_at(s, start, weak=True)
        if loc is not None and norm[loc.start:loc.end] not in self.locs.ambiguous:
            if inst.only_after and "locality" not in inst.only_after:
                return None
            chain = [loc]
            while not self._is_feature(loc):  # locality chains: 汨罗市屈子祠镇, 城关镇卞和社区
                # (a body named after a lane or road, 柳树巷居委会, starts with that name)
                prev = loc_ending_at(s, chain[0].start)
                if prev is None:
                    break
                chain.insert(0, prev)
            return chain[0].start, "locality", chain, None
        for word in rules.level_words:
            ls = start - len(word)
            if ls < 0 or norm[ls:start] != word:
                continue
            before = norm[ls - 1] if ls > 0 else ""
            # (王明/摄)自治区人大常委会: a bracket that closes a byline marks no class
            byline = before in (")", "）") and not self._bracketed_level(norm, ls - 1)
            if not byline and (before in rules.class_before or any(
                    norm[max(0, ls - len(w)):ls] == w for w in rules.bare_class_before)):
                return None  # 县乡人大, 各镇人大, 乡镇(街道)人大: a class
            if before == "、" and self._listed_class(norm, ls):
                return None  # 各省、区、市人大常委会 (but 省、市人大常委会 is two bodies)
            if inst.only_after and word not in inst.only_after:
                return None
            return ls, "level", None, word
        if inst.needs_prefix:
            return None
        for word in rules.bare_class_before:
            if norm[max(0, start - len(word)):start] == word:
                return None
        return start, "bare", None, None

    def _generic_departments(self, s: Prepared) -> None:
        """县民宗局, 州文体广电旅游局, 州人大民族宗教侨务外事委员会: a token ending in 局 (or
        委员会) after up to a few tokens that follow a locality, a level word or a
        people's-congress body.  The shortest such stem wins; tokens only."""
        rules, norm = self.orgs, s.norm
        if not s.tokens or not any(x in norm for x in rules.dept_suffixes):
            return
        toks = s.tokens
        stops = self.locs.stem_stop_chars - rules.dept_joiners  # 发展和改革局
        dept = Institution("department")
        for j, (a, b) in enumerate(toks):
            word = norm[a:b]
            if not word.endswith(rules.dept_suffixes) or word in rules.dept_not_words:
                continue
            suffix = next(x for x in rules.dept_suffixes if word.endswith(x))
            for k in range(j, max(-1, j - rules.dept_max_tokens), -1):
                start = toks[k][0]
                stem = norm[start:b]
                if (not all(is_han(ch) and ch not in stops for ch in stem)
                        or self.people.roles_before_re.search(stem, 0, len(stem) - len(suffix))
                        or inside_title(s, start, b)):
                    break
                if len(stem) < 3:
                    continue
                head = next((o for o in s.orgs if o.end == start and o.org
                             and o.org["rest"] in rules.congress_heads), None)
                if head is not None and word.endswith(rules.congress_suffix):
                    s.orgs.append(Candidate(head.start, b, "ORG", head.source, head.confidence,
                                            priority=3, org=dict(head.org, rest=norm[head.start:b]
                                                                 if head.org["kind"] == "bare"
                                                                 else head.org["rest"] + stem)))
                    break
                prefix = self._org_prefix(s, start, dept)
                if prefix is None:
                    continue
                pstart, kind, loc, level = prefix
                conf = {"locality": 0.9, "level": 0.85}.get(kind)
                if conf is None or pstart not in s.tok_starts:
                    break  # no body, or the level word is part of a word (城|乡建设)
                s.orgs.append(Candidate(pstart, b, "ORG", f"org:{kind}", conf, priority=3,
                                        org={"kind": kind, "loc": loc[-1] if loc else None,
                                             "chain": loc or [], "level": level,
                                             "rest": stem, "subs": ""}))
                break

    def _bracketed_level(self, norm: str, close: int) -> bool:
        """乡镇(街道)人大: the bracket before the level word holds level words (a class)."""
        open_ = max(norm.rfind("(", 0, close), norm.rfind("（", 0, close))
        inner = norm[open_ + 1:close] if open_ >= 0 else ""
        return bool(inner) and all(
            part in self.orgs.level_words or part in self.orgs.class_bracket_words
            for part in regex.split(r"[、/,，]", inner) if part)

    def _listed_class(self, norm: str, pos: int) -> bool:
        """True when the level words listed before ``pos`` (X、Y、) start with 各 or 全."""
        rules = self.orgs
        while pos > 0 and norm[pos - 1] == "、":
            word = next((w for w in rules.level_words if norm.endswith(w, 0, pos - 1)), None)
            if word is None:
                return False
            pos = pos - 1 - len(word)
        return pos > 0 and norm[pos - 1] in self.orgs.class_list_heads

    def _siblings(self, s: Prepared) -> None:
        """全国人大常委会办公厅联络局、研究室、新闻局: later sub-bodies are bodies too."""
        norm, rules = s.norm, self.orgs
        for org in list(s.orgs):
            if not (org.org and org.org.get("subs")):
                continue
            pos = org.end
            while pos < len(norm) and norm[pos] in rules.sibling_separators:
                m = rules.sub_body_re.match(norm, pos + 1)
                if not m:
                    break
                after = norm[m.end():m.end() + 1]
                if after and is_han(after) and after not in rules.sibling_separators:
                    break
                s.orgs.append(Candidate(m.start(), m.end(), "ORG", "org:sibling", 0.8, priority=3,
                                        org={"kind": "sibling", "loc": None, "level": None,
                                             "rest": m.group(), "subs": m.group(),
                                             "sibling_of": org}))
                pos = m.end()

    def _stationed(self, s: Prepared) -> None:
        """省纪委省监委驻省人大机关纪检监察组: one body."""
        norm, rules = s.norm, self.orgs
        joiner = rules.stationed_joiner
        for i in [m.start() for m in re.finditer(re.escape(joiner), norm)]:
            before = [o for o in s.orgs if o.end == i]
            after = [o for o in s.orgs if o.start == i + 1]
            if not before or not after:
                continue
            host = max(after, key=lambda o: o.length)
            tail = next((t for t in rules.stationed_tails if norm.startswith(t, host.end)), None)
            if tail is None:
                continue
            first = max(before, key=lambda o: o.length)
            while True:
                prev = [o for o in s.orgs if o.end == first.start]
                if not prev:
                    break
                first = max(prev, key=lambda o: o.length)
            s.orgs.append(Candidate(first.start, host.end + len(tail), "ORG", "org:stationed",
                                    0.9, priority=4))

