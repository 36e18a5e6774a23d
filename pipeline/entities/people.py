"""Proposer: people from a surname list and a context (rules/person.yml,
rules/surnames.txt, rules/common_words.txt): roles, titles, lists, bylines."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from .base import (_BYLINE_GAP, _BYLINE_PART, _DOTTED, _ORG_LAST, _QUOTES_OPEN, Candidate, _Sent,
                   _alternation, _is_han, _thresholds, _word_counts)
from ..rules import RuleError, load_lines, load_yaml, rule_path, word_list


@dataclass
class PersonRules:
    """rules/person.yml, rules/surnames.txt and rules/common_words.txt (the frequent-word
    list is shared with the LOC guards), checked and compiled."""

    surnames: dict[str, str]  # surname -> tier (strong, weak, rare)
    compound: set[str]
    roles_before_re: Any
    roles_after_re: Any
    byline_re: Any
    enum_tail_re: Any
    generic_roles: set[str]
    function_surnames: set[str]
    bad_given_first: set[str]
    name_enders: set[str]
    name_starters: set[str]
    place_after: set[str]
    not_given: set[str]
    byline_tails: set[str]
    list_joiners: set[str]
    common_words: dict[str, int]  # frequent words -> corpus count
    thresholds: dict[str, int]  # see person.yml common_word_counts
    name_parts: frozenset[str] = frozenset()  # 巴特尔, 扎西, 买买提 (rules/name_components.txt)
    dai_prefixes: frozenset[str] = frozenset()  # 岩, 玉, 刀 (Dai names, person.yml)
    clans: frozenset[str] = frozenset()  # 阿说, 沙马: Yi clan names (name_components.txt, +)

    @classmethod
    def load(cls, name: str = "person.yml", surnames: str = "surnames.txt",
             words: str = "common_words.txt", parts: str = "name_components.txt") -> "PersonRules":
        path = str(rule_path(name))
        data = load_yaml(name, ("roles_before", "roles_after", "byline_markers", "enumeration_tails"))
        tiers: dict[str, str] = {}
        spath = rule_path(surnames)
        for n, line in enumerate(spath.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 2 or cols[1] not in ("strong", "weak", "rare") or not 1 <= len(cols[0]) <= 2:
                raise RuleError(f"{spath}:{n}: expected 'surname<TAB>strong|weak|rare'")
            tiers[cols[0]] = cols[1]
        markers = word_list(data, "byline_markers", path)
        return cls(
            surnames=tiers,
            compound={s for s in tiers if len(s) == 2},
            roles_before_re=regex.compile(_alternation(word_list(data, "roles_before", path))),
            roles_after_re=regex.compile(_alternation(word_list(data, "roles_after", path))),
            byline_re=regex.compile(rf"(?:{_alternation(markers)})(?:\s*[：:/]\s*|"
                                    rf"(?<=(?:^|[\s(（【\[])(?:{_alternation(markers)}))[ \t\u3000]+)"),
            enum_tail_re=regex.compile(_alternation(word_list(data, "enumeration_tails", path))),
            generic_roles=set(word_list(data, "generic_roles", path)),
            function_surnames=set(word_list(data, "function_surnames", path)),
            bad_given_first=set(word_list(data, "bad_given_first", path)),
            name_enders=set(word_list(data, "name_enders", path)),
            name_starters=set(word_list(data, "name_starters", path)),
            place_after=set(word_list(data, "place_after", path)),
            not_given=set(word_list(data, "not_given", path)),
            byline_tails=set(word_list(data, "byline_tails", path)),
            list_joiners=set(word_list(data, "list_joiners", path)),
            common_words=_word_counts(words),
            thresholds=_thresholds(data, path),
            name_parts=_name_parts(parts),
            dai_prefixes=frozenset(word_list(data, "dai_prefixes", path)),
            clans=_clan_names(parts),
        )


def _name_parts(name: str) -> frozenset[str]:
    """rules/name_components.txt: Han components of transliterated minority names."""
    path = rule_path(name)
    if not path.exists():
        return frozenset()
    out = set()
    for n, word in enumerate(load_lines(name), 1):
        word = word.removesuffix("+")  # a clan name (阿说+): see _clan_names
        if not all(_is_han(ch) for ch in word):
            raise RuleError(f"{path}: entry {n} ({word!r}) must be Han characters only")
        out.add(word)
    return frozenset(out)


def _clan_names(name: str) -> frozenset[str]:
    """Entries of rules/name_components.txt marked with a trailing + (阿说+, 沙马+):
    Yi clan names that begin a name with a given name of two characters of any kind."""
    if not rule_path(name).exists():
        return frozenset()
    return frozenset(w[:-1] for w in load_lines(name) if w.endswith("+"))


# A transliterated name: parts of Han characters joined by middle dots (阿不都热依木·吐尔逊).


_BRACKET_BYLINE = regex.compile(
    r"[(（]\s*(?P<name>\p{Han}{2,3})\s*(?P<mark>[/／]\s*(?:摄|文|图|摄影))?\s*[)）]")


# Speech words after a name standing without a role (沙马拉体表示).
_SPEECH = regex.compile(r"说|表示|介绍|谈到|告诉|坦言|认为|笑着说")


# A bracket that opens a credit: (, or (供稿: / (来源: before the body.
_CREDIT_HEAD = regex.compile(r"[(（]\s*(?:\p{Han}{1,4}\s*[:：]\s*)?")
# Names after the body, separated by spaces, up to the closing bracket.
_HAN_RUN = regex.compile(r"\p{Han}+")
_CREDIT_TAIL = regex.compile(r"(?:[ \t\u3000]+\p{Han}{2,4}){1,4}[ \t\u3000]*(?=[)）])")


class People:
    """PER from surnames in context."""

    RULES = ("person.yml", "surnames.txt", "common_words.txt")

    # -- PER -------------------------------------------------------------------
    def _name_at(self, s: _Sent, i: int, context: str, end_at: int | None = None) -> int | None:
        """End of a personal name starting at ``i`` (surname + 1-2 chars), or None.

        ``context`` is how strongly the surroundings mark a person: "byline"
        (any surname, even rare ones), "strong" (a specific title: 主任, 书记,
        等代表...) or "generic" (代表, 村民...: only unambiguous surnames unless
        tokens confirm the split).  ``end_at`` forces where the name must end.
        """
        p, norm = self.people, s.norm
        if i < 0 or i >= len(norm):
            return None
        tiers = {"byline": ("strong", "weak", "rare"), "strong": ("strong", "weak"),
                 "generic": ("strong", "weak") if s.tokens else ("strong",)}[context]
        sur = norm[i:i + 2] if norm[i:i + 2] in p.compound else norm[i]
        # pkuseg keeping surname and given name in one 3-character token (覃建华, 蓝海燕)
        # confirms the name: a rare surname is then enough after a specific title,
        # and a first part that is also a word (蓝海) does not undo it.
        whole = s.tok_starts.get(i) if s.tokens and context == "strong" else None
        one_token = whole is not None and whole - i == len(sur) + 2 and \
            p.common_words.get(norm[i:whole], 0) == 0
        tier = p.surnames.get(sur)
        if tier not in tiers and not (tier == "rare" and one_token):
            return None
        if context == "generic" and sur in p.function_surnames:
            return None  # 代表和选民, 代表向群众
        g = i + len(sur)
        if g >= len(norm) or not _is_han(norm[g]) or norm[g] in p.bad_given_first:
            return None
        if s.tokens:
            ends = self._token_name_ends(s, i, g)
            if ends and ends[0] - g == 2 and norm[ends[0] - 1] in p.list_joiners:
                ends = [ends[0] - 1]  # 刘|芳及 (pkuseg): the joiner is no part of the name
        elif end_at is not None:
            ends = [end_at]
        else:
            two = g + 2 <= len(norm) and _is_han(norm[g + 1]) and norm[g + 1] not in p.name_enders
            ends = [g + 2, g + 1] if two else [g + 1]
        for end in ends:
            if end_at is not None and end != end_at:
                continue
            if end - g not in (1, 2) or end > len(norm):
                continue
            name, given = norm[i:end], norm[g:end]
            if not all(_is_han(ch) for ch in name):
                continue
            if context == "generic" and len(given) == 1 and p.surnames[sur] != "strong":
                continue  # 代表向原选区...: an ambiguous surname needs a two-character given name
            if given in p.not_given:
                continue  # 吴大爷, 李师傅: a form of address, not a given name
            if context != "byline":
                freq, th = p.common_words.get, p.thresholds
                limit = th["name_generic" if context == "generic" else "name_after_title"]
                if len(name) == 2 and freq(name, 0) >= limit:
                    continue  # 曾经, 黄金 (but 张伟 after a title is a name)
                if len(given) == 2 and freq(given, 0) >= th["given"]:
                    continue  # 向群众
                if len(name) == 3 and freq(name[:2], 0) >= th["prefix"] and not (
                        one_token and end == whole):
                    continue  # 宣传党, 季度工
            nxt = norm[end:end + 1]
            if self._place_follows(norm, end):
                continue  # 王家坡社区, 李家湾村
            if (not s.tokens and end_at is None and nxt and _is_han(nxt)
                    and nxt not in p.name_enders
                    and p.common_words.get(norm[end:end + 2], 0) < p.thresholds["prefix"]):
                continue  # without tokens the name must end at a boundary or before a word
            return end
        return None

    def _place_follows(self, norm: str, end: int) -> bool:
        """A place suffix right after a would-be name (王家坡|社区), unless it starts a word (组织)."""
        p = self.people
        if norm[end:end + 2] in p.place_after:
            return True
        return norm[end:end + 1] in p.place_after and \
            p.common_words.get(norm[end:end + 2], 0) < p.thresholds["prefix"]

    def _token_name_ends(self, s: _Sent, i: int, g: int) -> list[int]:
        """Name ends the tokens allow: one token 张功玉, or 刘 + 清宇 (pkuseg splits names),
        or 陈立 + 新: a two-character token (surname and one character) followed by a
        one-character token that no clause word explains is a three-character name cut
        short, so the longer reading is tried first."""
        b = s.tok_starts.get(i)
        if b is None or b < g:
            return []
        if b > g:
            p, ch = self.people, s.norm[b:b + 1]
            if (b == g + 1 and s.tok_starts.get(b) == b + 1 and _is_han(ch)
                    and ch not in p.name_enders and ch not in p.list_joiners
                    and ch not in p.function_surnames and ch not in p.bad_given_first
                    and ch not in p.place_after):
                return [b + 1, b]
            return [b]
        nxt = s.tok_starts.get(g)
        return [nxt] if nxt is not None else []

    def _per_candidates(self, s: _Sent) -> None:
        p, norm = self.people, s.norm
        dotted = "·" in norm or "•" in norm or "‧" in norm or "・" in norm
        # Role before the name: 县人大常委会主任张功玉, 镇人大代表王述杰.
        for m in p.roles_before_re.finditer(norm):
            role = m.group()
            if any(c.start < m.start() < c.end for c in s.locs):
                continue  # 平江县|长寿镇: 县长 across a place's edge is no title
            context = "generic" if role in p.generic_roles else "strong"
            start = m.end()
            if context == "strong":  # a title line set apart: 县人大常委会主任  刘斌
                while start < len(norm) and norm[start] in " \u3000" and start - m.end() < 3:
                    start += 1
            end = self._name_at(s, start, context) or (self._dotted_end(s, start) if dotted else None)
            built = self._component_end(s, start, single=context == "strong")
            if built is not None and (end is None or built > end):
                end = built  # 主任乌云其木格: the components run past the surname reading 乌云
            if end is None and context == "strong":
                end = self._listed_token_name(s, start, alone=True)  # 主任索朗次仁主持
            if end is None:
                end = self._dai_end(s, start)  # 村民岩罕说
            source = "per:role"
            if end is None:
                end = self._clan_end(s, start)  # 村民阿说木呷说
                source = "per:clan"
            if end is None:
                continue
            affiliation = self._affiliation(s, m.start())
            s.pers.append(Candidate(start, end, "PER", source, 0.85, priority=1,
                                    role=role, affiliation=affiliation))
            # more names under the same title: 副主任王建国、扎西顿珠、刘芳及秘书长...
            while end < len(norm) and norm[end] in p.list_joiners:
                nxt = self._name_at(s, end + 1, "strong") or \
                    (self._dotted_end(s, end + 1) if dotted else None) or self._listed_token_name(s, end + 1) \
                    or self._dai_end(s, end + 1)
                built = self._component_end(s, end + 1)
                if built is not None and (nxt is None or built > nxt):
                    nxt = built  # 代表格桑卓玛、扎西顿珠
                if nxt is None:
                    break
                s.pers.append(Candidate(end + 1, nxt, "PER", "per:role", 0.8, priority=1,
                                        role=role, affiliation=affiliation))
                end = nxt
        # A Yi name (clan + given name) after a boundary and before a speech word:
        # 沙马拉体表示, “阿说木呷”说.
        if p.clans:
            for k in range(len(norm) - 4):
                if norm[k:k + 2] not in p.clans or (k and _is_han(norm[k - 1])):
                    continue
                e = self._clan_end(s, k)
                if e is None:
                    continue
                after = e + (1 if norm[e:e + 1] in "”\"" else 0)
                if _SPEECH.match(norm, after):
                    s.pers.append(Candidate(k, e, "PER", "per:clan", 0.75, priority=1))
        # Title after the name: 习近平总书记, 习近平同志 (黄秋燕 供稿: spaces allowed).
        for m in p.roles_after_re.finditer(norm):
            end = m.start()
            while end > 0 and norm[end - 1] in " \u3000" and m.start() - end < 2:
                end -= 1
            i = self._name_before(s, end, "strong")
            if i is not None:
                s.pers.append(Candidate(i, end, "PER", "per:title", 0.8, priority=1,
                                        role=m.group()))
        # Transliterated names with a middle dot (阿不都热依木·吐尔逊): a name wherever
        # the tokens keep them whole, else only after a title (above) or in a byline.
        if s.tokens and dotted:
            for a, b in s.tokens:
                if _DOTTED.fullmatch(norm, a, b) and self._foreign_name(norm[a:b]) and \
                        norm[a - 1:a] not in _QUOTES_OPEN:
                    s.pers.append(Candidate(a, b, "PER", "per:dotted", 0.85, priority=1))
        # Dotted names built from known components anywhere (阿不都热合曼·买买提说).
        if dotted and p.name_parts:
            have = {(c.start, c.end) for c in s.pers}
            for d, ch in enumerate(norm):
                if ch not in "·•‧・" or d == 0:
                    continue
                k = next((k for k in range(max(0, d - 8), d - 1)
                          if self._component_end(s, k, single=True) is not None
                          and self._built(norm[k:d])), None)
                if k is None or any(c.start <= k < c.end for c in s.pers):
                    continue
                e = self._component_end(s, k)
                if e is not None and e > d + 1 and (k, e) not in have:
                    s.pers.append(Candidate(k, e, "PER", "per:dotted", 0.85, priority=1))
                    have.add((k, e))
        # Enumerations: 殷宏军、杨秀娟等代表 / 刘清宇等代表; a bare 等 needs two names.
        for m in p.enum_tail_re.finditer(norm):
            pos, found = m.start(), []
            while True:
                i = self._name_before(s, pos, "strong")
                if i is None:
                    break
                found.append((i, pos))
                if i > 0 and norm[i - 1] == "、":
                    pos = i - 1
                    continue
                break
            if m.group() == "等" and len(found) < 2:
                continue
            for i, e in found:
                s.pers.append(Candidate(i, e, "PER", "per:enumeration", 0.8, priority=1))
        # Bylines in brackets: 宁夏人大网讯(王明), (王明/摄) at a sentence's end.
        for m in _BRACKET_BYLINE.finditer(norm):
            a, b = m.span("name")
            name = norm[a:b]
            if p.common_words.get(name, 0) or not (m.group("mark") or m.end() >= len(norm.rstrip())
                                                   or norm[max(0, m.start() - 1):m.start()] == "讯"):
                continue
            sur = name[:2] in p.compound or name[:1] in p.surnames
            s.pers.append(Candidate(a, b, "PER", "per:bracket", 0.75 if sur else 0.55, priority=1))
        # A credit after a body in brackets: (供稿:X镇人大主席团 张明), (X县人大办公室 李四 王五).
        seen: set[tuple[int, int]] = set()
        for c in s.orgs:
            for a, b in self._credit_names(s, c.start, c.end):
                if (a, b) not in seen:
                    seen.add((a, b))
                    s.pers.append(Candidate(a, b, "PER", "per:credit", 0.85, priority=1))
        # Bylines: 通讯员:梁群芳 钞有生 / 责任编辑：石 韧 谢峥嵘.
        for m in p.byline_re.finditer(norm):
            role = norm[m.start():m.end()].rstrip("：:/ \t")
            for a, b in self._byline_names(norm, m.end()):
                s.pers.append(Candidate(a, b, "PER", "per:byline", 0.9, priority=1, role=role))

    def _credit_names(self, s: _Sent, start: int, end: int) -> list[tuple[int, int]]:
        """Names after a body that opens a bracket (an optional label such as 供稿: before
        it), separated by spaces, up to the closing bracket: the body's staff who wrote
        the piece.  Each must read as a byline name (a surname, or a Dai name)."""
        norm = s.norm
        k = max(norm.rfind("(", max(0, start - 8), start), norm.rfind("（", max(0, start - 8), start))
        if k < 0 or not _CREDIT_HEAD.fullmatch(norm, k, start):
            return []
        m = _CREDIT_TAIL.match(norm, end)
        if not m:
            return []
        out: list[tuple[int, int]] = []
        for w in _HAN_RUN.finditer(norm, m.start(), m.end()):
            word = w.group()
            if not (self._byline_name(word, after_name=bool(out)) or self._dai_end(s, w.start()) == w.end()):
                return []
            out.append(w.span())
        return out

    def _clan_end(self, s: _Sent, start: int) -> int | None:
        """End of a Yi name (沙马拉体: clan name + two-character given name) at ``start``
        in a person's context, ending at a name boundary (说, 表示, punctuation); the
        whole is no frequent word and neither is its given name."""
        p, norm = self.people, s.norm
        if norm[start:start + 2] not in p.clans:
            return None
        end = start + 4
        name = norm[start:end]
        if len(name) < 4 or not all(_is_han(ch) for ch in name):
            return None
        if p.common_words.get(name[2:], 0) >= p.thresholds["name_generic"] or \
                p.common_words.get(name, 0) or name[2] in p.name_enders \
                or name[3] in p.name_enders:  # 马海波|说: a Han name before a clause word
            return None
        return end if self._name_boundary(norm, end) else None

    def _dai_end(self, s: _Sent, start: int) -> int | None:
        """End of a Dai name (岩香南, 玉应叫, 刀建华) at ``start`` in a person's context:
        a Dai prefix and one or two Han characters ending at a boundary (punctuation, a
        joiner, a frequent word such as 出席), the longer reading first; neither the name
        nor its last two characters a frequent word (岩石, 玉米)."""
        p, norm = self.people, s.norm
        if norm[start:start + 1] not in p.dai_prefixes:
            return None
        for end in (start + 3, start + 2):
            name = norm[start:end]
            if end > len(norm) or not all(_is_han(ch) for ch in name):
                continue
            if name[1] in p.bad_given_first or p.common_words.get(name[:2], 0) >= p.thresholds["name_generic"]:
                return None
            if len(name) == 3 and (name[2] in p.name_enders or
                                   p.common_words.get(name[1:], 0) >= p.thresholds["given"]):
                continue  # 岩温|说
            if self._name_boundary(norm, end) and not self._place_follows(norm, end):
                return end
        return None

    def _component_end(self, s: _Sent, start: int, single: bool = False) -> int | None:
        """End of a transliterated name built wholly from known components (乌云其木格,
        格桑卓玛, 阿不都热合曼·买买提), or None.  The name must end at a boundary: the
        sentence's end, punctuation, a list joiner, a name-ending character (主持), a role
        word or a frequent word (出席); the longest such reading wins.  Two components, or
        one of three characters or more (巴特尔); a middle dot joins parts.  ``single``
        (right after a specific title: 镇长达瓦在...) also takes one two-character
        component that is no frequent word."""
        p, norm = self.people, s.norm
        if not p.name_parts or start >= len(norm) or not _is_han(norm[start]):
            return None
        limit = min(len(norm), start + 16)
        reach: dict[int, int] = {start: 0}  # position -> components read so far
        for pos in range(start, limit):
            n = reach.get(pos)
            if n is None:
                continue
            for size in range(1 if n else 2, 6):
                e = pos + size
                if e > limit or norm[pos:e] not in p.name_parts:
                    continue
                reach[e] = max(reach.get(e, 0), n + 1)
                if norm[e:e + 1] in "·•‧・" and e + 1 < limit:
                    reach[e + 1] = max(reach.get(e + 1, 0), n + 1)
        for e in sorted(reach, reverse=True):
            n = reach[e]
            if e == start or norm[e - 1] in "·•‧・":
                continue
            if not (n >= 2 or e - start >= 3) and not (
                    single and p.common_words.get(norm[start:e], 0) < p.thresholds["name_generic"]):
                continue
            if self._name_boundary(norm, e):
                return e
        return None

    def _built(self, text: str) -> bool:
        """Is ``text`` wholly made of name components (阿不都热合曼 = 阿不都 + 热合曼)?"""
        parts, ok = self.people.name_parts, {0}
        for pos in range(len(text)):
            if pos in ok:
                ok |= {pos + n for n in range(1, 6) if text[pos:pos + n] in parts
                       and (n > 1 or pos > 0)}
        return len(text) in ok

    def _name_boundary(self, norm: str, e: int) -> bool:
        """Can a name end at ``e``?  Punctuation, a joiner, a name-ending character, a role
        word or a frequent word (出席, 讲话) follows."""
        p = self.people
        nxt = norm[e:e + 1]
        if not nxt or not _is_han(nxt) and nxt not in "·•‧・":
            return True
        if nxt in p.list_joiners or nxt in p.name_enders:
            return True
        if p.roles_before_re.match(norm, e) or p.roles_after_re.match(norm, e):
            return True
        return p.common_words.get(norm[e:e + 2], 0) >= p.thresholds["name_generic"]

    def _name_before(self, s: _Sent, end: int, context: str) -> int | None:
        """Start of a name that ends at ``end`` and starts after a boundary."""
        norm = s.norm
        for length in (3, 2, 4):
            i = end - length
            if i < 0:
                continue
            before = norm[i - 1] if i > 0 else ""
            if s.tok_starts is not None:
                if i not in s.tok_starts:
                    continue
            elif before and _is_han(before) and before not in self.people.name_starters:
                continue
            if self._name_at(s, i, context, end_at=end) == end:
                return i
        return None

    def _byline_names(self, norm: str, pos: int) -> list[tuple[int, int]]:
        """Names after a byline marker, separated by spaces or 、; 石 韧 is one name.

        The list ends at anything else (a bracket, a date, 报道).  After a first
        name, the next one may be a common word too (通讯员：韦丽华 陆军)."""
        p = self.people
        out: list[tuple[int, int]] = []
        parts: list[tuple[int, int]] = []
        prev = pos
        for m in _BYLINE_PART.finditer(norm, pos, min(len(norm), pos + 40)):
            if not _BYLINE_GAP.fullmatch(norm, prev, m.start()):
                break  # 】, a date, a closing bracket: the byline is over
            parts.append((m.start(), m.end()))
            prev = m.end()
        k = 0
        while k < len(parts):
            a, b = parts[k]
            word = norm[a:b]
            if (len(word) == 1 and word in p.surnames and k + 1 < len(parts)
                    and parts[k + 1][1] - parts[k + 1][0] == 1 and parts[k + 1][0] - b <= 2
                    and _is_han(norm[parts[k + 1][0]])):
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
        if word in p.byline_tails or "·" in word and not _DOTTED.fullmatch(word):
            return False
        if _DOTTED.fullmatch(word):
            return self._foreign_name(word)  # 努尔古丽·艾力
        if not 2 <= len(word) <= 4 or not all(_is_han(ch) for ch in word):
            return False
        sur = word[:2] if word[:2] in p.compound else word[:1]
        freq = p.common_words.get(word, 0)
        if sur in p.surnames and len(word) <= 3 + (len(sur) == 2):
            # after a first name, a second may be a word too (陆军), but not a very frequent one
            return freq < p.thresholds["name_after_title"] or (
                after_name and len(word) <= 3 and freq < p.thresholds["given"])
        # no known surname (努尔古丽, 格桑卓玛): a word no dictionary knows
        return len(word) >= 3 and self._foreign_name(word) and not any(t in word for t in p.byline_tails)

    def _foreign_name(self, word: str) -> bool:
        """A name without a known surname (扎西顿珠, 古丽娜尔·艾力): Han characters that form
        no word the dictionary knows, no frequent two-character word inside (亮身份·担使命,
        联系方式), no title inside and no body-like last character."""
        p = self.people
        parts = [w for w in regex.split(r"[·•‧・]", word) if w]
        if not parts or not all(_is_han(ch) for w in parts for ch in w):
            return False
        freq, limit = p.common_words.get, p.thresholds["prefix"]
        if any(freq(w, 0) for w in parts if len(w) >= 2) or any(
                freq(w[k:k + 2], 0) >= limit for w in parts for k in range(len(w) - 1)):
            return False
        return not p.roles_before_re.search(word) and word[-1] not in _ORG_LAST

    def _dotted_end(self, s: _Sent, start: int) -> int | None:
        """End of a dotted name (古丽娜尔·艾力) starting at ``start``, or None."""
        if s.tokens:
            b = s.tok_starts.get(start)
            return b if b is not None and _DOTTED.fullmatch(s.norm, start, b) and \
                self._foreign_name(s.norm[start:b]) else None
        m = _DOTTED.match(s.norm, start)
        if not m:
            return None
        end = m.end()  # without tokens the last part stops before a name-ending character
        dot = max(s.norm.rfind(d, start, end) for d in "·•‧・")
        end = next((k for k in range(dot + 3, end) if s.norm[k] in self.people.name_enders), end)
        return end if self._foreign_name(s.norm[start:end]) else None

    def _listed_token_name(self, s: _Sent, start: int, alone: bool = False) -> int | None:
        """A name without a known surname in a list of names (扎西顿珠 in 王建国、扎西顿珠、刘芳):
        one token of 3-4 characters that no dictionary knows, followed by a separator.
        ``alone``: right after a specific title (主任索朗次仁主持), only 4 characters."""
        if not s.tokens:
            return None
        b = s.tok_starts.get(start)
        if b is None or not (4 if alone else 3) <= b - start <= 4:
            return None
        if not self._foreign_name(s.norm[start:b]):
            return None
        if alone:
            return b
        after = s.norm[b:b + 1]
        return b if after in self.people.list_joiners or not after or not _is_han(after) else None

    def _affiliation(self, s: _Sent, role_start: int) -> Candidate | None:
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

    def _propagate(self, sents: list[_Sent]) -> None:
        """Other mentions of a name found in context (王述杰提出...)."""
        names = set()
        for s in sents:
            for c in s.pers:
                if c.confidence >= 0.5:  # a name the decision may keep
                    names.add(s.norm[c.start:c.end])
        names = {n for n in names if len(n) >= 2 and not any(ch.isspace() for ch in n)}
        if not names:
            return
        pattern = regex.compile(_alternation(names))
        for s in sents:
            have = {(c.start, c.end) for c in s.pers}
            for m in pattern.finditer(s.norm):
                if (m.start(), m.end()) in have or not self._aligned(s, m.start(), m.end()):
                    continue
                if self._place_follows(s.norm, m.end()):
                    continue
                if s.tok_starts is None and len(m.group()) == 2 and not self._boundary_before(s, m.start()):
                    continue
                s.pers.append(Candidate(m.start(), m.end(), "PER", "per:propagated", 0.7))

