"""Proposer of people from a surname list and a context (rules/person.yml,
rules/surnames.txt, rules/common_words.txt): roles and titles, lists, bylines,
credits, bracketed bylines, dotted and minority names."""
from __future__ import annotations

from typing import TYPE_CHECKING

import regex

from ..chars import is_han
from .base import Candidate, Doc, Prepared
from .names import DOTS, DOTTED, NameReader

if TYPE_CHECKING:
    from .resources import Resources

QUOTES_OPEN = set("“\"‘「『")
# Bylines: the names are runs of Han characters (and dots), separated by spaces or 、.
BYLINE_PART = regex.compile(r"[\p{Han}·•‧・]+")
BYLINE_GAP = regex.compile(r"[\s、，,/／]*")
# A bracket that opens a credit: (, or (供稿: / (来源: before the body.
CREDIT_HEAD = regex.compile(r"[(（]\s*(?:\p{Han}{1,4}\s*[:：]\s*)?")
# Names after the body, separated by spaces, up to the closing bracket.
HAN_RUN = regex.compile(r"\p{Han}+")
CREDIT_TAIL = regex.compile(r"(?:[ \t\u3000]+\p{Han}{2,4}){1,4}[ \t\u3000]*(?=[)）])")


class People:
    """PER from surnames in context."""

    def __init__(self, res: "Resources"):
        self.people = res.people
        self.names = NameReader(res.people)

    def propose(self, doc: Doc) -> None:
        for s in doc.sents:
            for step in (self._roles, self._yi, self._titles, self._dotted, self._enum, self._brackets,
                         self._credits, self._bylines):
                step(s)

    def _roles(self, s: Prepared) -> None:
        """Role before the name: 县人大常委会主任张功玉, 镇人大代表王述杰, and more names under the
        same title."""
        p, norm = self.people, s.norm
        dotted = any(d in norm for d in DOTS)
        for m in p.roles_before_re.finditer(norm):
            role = m.group()
            if any(c.start < m.start() < c.end for c in s.locs):
                continue  # 平江县|长寿镇: 县长 across a place's edge is no title
            context = "generic" if role in p.generic_roles else "strong"
            start = m.end()
            if context == "strong":  # a title line set apart: 县人大常委会主任  刘斌
                while start < len(norm) and norm[start] in " \u3000" and start - m.end() < 3:
                    start += 1
            end = self.names.name_at(s, start, context) or (self.names.dotted_end(s, start) if dotted else None)
            built = self.names.component_end(s, start, single=context == "strong")
            if built is not None and (end is None or built > end):
                end = built  # 主任乌云其木格: the components run past the surname reading 乌云
            if end is None and context == "strong":
                end = self.names.listed_token_name(s, start, alone=True)  # 主任索朗次仁主持
            if end is None:
                end = self.names.dai_end(s, start)  # 村民岩罕说
            source = "per:role"
            if end is None:
                end = self.names.clan_end(s, start)  # 村民阿说木呷说
                source = "per:clan"
            if end is None:
                continue
            affiliation = self._affiliation(s, m.start())
            s.pers.append(Candidate(start, end, "PER", source, 0.85, priority=1,
                                    role=role, affiliation=affiliation))
            # more names under the same title: 副主任王建国、扎西顿珠、刘芳及秘书长...
            while end < len(norm) and norm[end] in p.list_joiners:
                nxt = self.names.name_at(s, end + 1, "strong") or \
                    (self.names.dotted_end(s, end + 1) if dotted else None) or self.names.listed_token_name(s, end + 1) \
                    or self.names.dai_end(s, end + 1)
                built = self.names.component_end(s, end + 1)
                if built is not None and (nxt is None or built > nxt):
                    nxt = built  # 代表格桑卓玛、扎西顿珠
                if nxt is None:
                    break
                s.pers.append(Candidate(end + 1, nxt, "PER", "per:role", 0.8, priority=1,
                                        role=role, affiliation=affiliation))
                end = nxt

    def _yi(self, s: Prepared) -> None:
        """A Yi name (clan + given name) after a boundary and before a speech word:
        沙马拉体表示, “阿说木呷”说."""
        p, norm = self.people, s.norm
        if p.clans:
            for k in range(len(norm) - 4):
                if norm[k:k + 2] not in p.clans or (k and is_han(norm[k - 1])):
                    continue
                e = self.names.clan_end(s, k)
                if e is None:
                    continue
                after = e + (1 if norm[e:e + 1] in "”\"" else 0)
                if p.speech_re.match(norm, after):
                    s.pers.append(Candidate(k, e, "PER", "per:clan", 0.75, priority=1))

    def _titles(self, s: Prepared) -> None:
        """Title after the name: 习近平总书记, 习近平同志 (黄秋燕 供稿: spaces allowed)."""
        p, norm = self.people, s.norm
        for m in p.roles_after_re.finditer(norm):
            end = m.start()
            while end > 0 and norm[end - 1] in " \u3000" and m.start() - end < 2:
                end -= 1
            i = self.names.name_before(s, end, "strong")
            if i is not None:
                s.pers.append(Candidate(i, end, "PER", "per:title", 0.8, priority=1,
                                        role=m.group()))

    def _dotted(self, s: Prepared) -> None:
        """Transliterated names with a middle dot (阿不都热依木·吐尔逊) where the tokens keep
        them whole, and dotted names built from known components anywhere
        (阿不都热合曼·买买提说)."""
        p, norm = self.people, s.norm
        dotted = any(d in norm for d in DOTS)
        if s.tokens and dotted:
            for a, b in s.tokens:
                if DOTTED.fullmatch(norm, a, b) and self.names.foreign_name(norm[a:b]) and \
                        norm[a - 1:a] not in QUOTES_OPEN:
                    s.pers.append(Candidate(a, b, "PER", "per:dotted", 0.85, priority=1))
        # Dotted names built from known components anywhere (阿不都热合曼·买买提说).
        if dotted and p.name_parts:
            have = {(c.start, c.end) for c in s.pers}
            for d, ch in enumerate(norm):
                if ch not in "·•‧・" or d == 0:
                    continue
                k = next((k for k in range(max(0, d - 8), d - 1)
                          if self.names.component_end(s, k, single=True) is not None
                          and self.people.built(norm[k:d])), None)
                if k is None or any(c.start <= k < c.end for c in s.pers):
                    continue
                e = self.names.component_end(s, k)
                if e is not None and e > d + 1 and (k, e) not in have:
                    s.pers.append(Candidate(k, e, "PER", "per:dotted", 0.85, priority=1))
                    have.add((k, e))

    def _enum(self, s: Prepared) -> None:
        """Enumerations: 殷宏军、杨秀娟等代表 / 刘清宇等代表; a bare 等 needs two names."""
        p, norm = self.people, s.norm
        for m in p.enum_tail_re.finditer(norm):
            pos, found = m.start(), []
            while True:
                i = self.names.name_before(s, pos, "strong")
                if i is None:
                    break
                found.append((i, pos))
                if i > 0 and norm[i - 1] == "、":
                    pos = i - 1
                    continue
                break
            if m.group() == p.bare_enumeration_tail and len(found) < 2:
                continue
            for i, e in found:
                s.pers.append(Candidate(i, e, "PER", "per:enumeration", 0.8, priority=1))

    def _brackets(self, s: Prepared) -> None:
        """Bylines in brackets: 宁夏人大网讯(王明), (王明/摄) at a sentence's end."""
        p, norm = self.people, s.norm
        for m in p.bracket_byline_re.finditer(norm):
            a, b = m.span("name")
            name = norm[a:b]
            if p.common_words.get(name, 0) or not (m.group("mark") or m.end() >= len(norm.rstrip())
                                                   or norm[max(0, m.start() - len(p.wire_mark)):m.start()] == p.wire_mark):
                continue
            sur = name[:2] in p.compound or name[:1] in p.surnames
            s.pers.append(Candidate(a, b, "PER", "per:bracket", 0.75 if sur else 0.55, priority=1))

    def _credits(self, s: Prepared) -> None:
        """A credit after a body in brackets: (供稿:X镇人大主席团 张明), (X县人大办公室 李四 王五)."""
        p, norm = self.people, s.norm
        seen: set[tuple[int, int]] = set()
        for c in s.orgs:
            for a, b in self._credit_names(s, c.start, c.end):
                if (a, b) not in seen:
                    seen.add((a, b))
                    s.pers.append(Candidate(a, b, "PER", "per:credit", 0.85, priority=1))

    def _bylines(self, s: Prepared) -> None:
        """Bylines: 通讯员:梁群芳 钞有生 / 责任编辑：石 韧 谢峥嵘."""
        p, norm = self.people, s.norm
        for m in p.byline_re.finditer(norm):
            role = norm[m.start():m.end()].rstrip("：:/ \t")
            for a, b in self._byline_names(norm, m.end()):
                s.pers.append(Candidate(a, b, "PER", "per:byline", 0.9, priority=1, role=role))


    def _credit_names(self, s: Prepared, start: int, end: int) -> list[tuple[int, int]]:
        """Names after a body that opens a bracket (an optional label such as 供稿: before
        it), separated by spaces, up to the closing bracket: the body's staff who wrote
        the piece.  Each must read as a byline name (a surname, or a Dai name)."""
        norm = s.norm
        k = max(norm.rfind("(", max(0, start - 8), start), norm.rfind("（", max(0, start - 8), start))
        if k < 0 or not CREDIT_HEAD.fullmatch(norm, k, start):
            return []
        m = CREDIT_TAIL.match(norm, end)
        if not m:
            return []
        out: list[tuple[int, int]] = []
        for w in HAN_RUN.finditer(norm, m.start(), m.end()):
            word = w.group()
            if not (self._byline_name(word, after_name=bool(out)) or self.names.dai_end(s, w.start()) == w.end()):
                return []
            out.append(w.span())
        return out

    def _byline_names(self, norm: str, pos: int) -> list[tuple[int, int]]:
        """Names after a byline marker, separated by spaces or 、; 石 韧 is one name.

        The list ends at anything else (a bracket, a date, 报道).  After a first
        name, the next one may be a common word too (通讯员：韦丽华 陆军)."""
        p = self.people
        out: list[tuple[int, int]] = []
        parts: list[tuple[int, int]] = []
        prev = pos
        for m in BYLINE_PART.finditer(norm, pos, min(len(norm), pos + 40)):
            if not BYLINE_GAP.fullmatch(norm, prev, m.start()):
                break  # 】, a date, a closing bracket: the byline is over
            parts.append((m.start(), m.end()))
            prev = m.end()
        k = 0
        while k < len(parts):
            a, b = parts[k]
            word = norm[a:b]
            if (len(word) == 1 and word in p.surnames and k + 1 < len(parts)
                    and parts[k + 1][1] - parts[k + 1][0] == 1 and parts[k + 1][0] - b <= 2
                    and is_han(norm[parts[k + 1][0]])):
                out.append((a, parts[k + 1][1]))  # 石 韧
                k += 2
                continue
            if norm[b:b + 1] in ("：", ":"):
                break  # 联系方式：... is the next label, not a name
            if self._byline_name(word, after_name=bool(out)):
                out.append((a, b))
                k += 1
                continue
            break
        return out

    def _byline_name(self, word: str, after_name: bool) -> bool:
        """Is this word of a byline a personal name?"""
        p = self.people
        if word in p.byline_tails or "·" in word and not DOTTED.fullmatch(word):
            return False
        if DOTTED.fullmatch(word):
            return self.names.foreign_name(word)  # 努尔古丽·艾力
        if not 2 <= len(word) <= 4 or not all(is_han(ch) for ch in word):
            return False
        sur = word[:2] if word[:2] in p.compound else word[:1]
        freq = p.common_words.get(word, 0)
        if sur in p.surnames and len(word) <= 3 + (len(sur) == 2):
            # after a first name, a second may be a word too (陆军), but not a very frequent one
            return freq < p.thresholds["name_after_title"] or (
                after_name and len(word) <= 3 and freq < p.thresholds["given"])
        # no known surname (努尔古丽, 格桑卓玛): a word no dictionary knows
        return len(word) >= 3 and self.names.foreign_name(word) and not any(t in word for t in p.byline_tails)

    def _affiliation(self, s: Prepared, role_start: int) -> Candidate | None:
        """The body just before a role word (县人大常委会 in 县人大常委会主任张功玉),
        also across other roles joined by 、 (省人大常委会党组书记、副主任韩永文)."""
        lo = role_start
        for _ in range(3):
            prev = [r for r in self.people.roles_before_re.finditer(s.norm, max(0, lo - 9), lo - 1)
                    if r.end() == lo - 1 and s.norm[lo - 1] == "、"]
            if not prev:
                break
            lo = prev[0].start()
        orgs = [o for o in s.orgs if lo - 2 <= o.end <= role_start and o.start < lo]
        return max(orgs, key=lambda o: (o.end, o.length)) if orgs else None

