"""Reading a personal name at a position: a surname and a given name (with the
frequent-word guards), or a name without a Han surname (dotted and transliterated
names, Dai and Yi names).  Used by the people proposer and the tagger's gate."""
from __future__ import annotations

import regex

from ..chars import is_han
from .base import Prepared
from .person_rules import PersonRules

# A transliterated name: parts of Han characters joined by middle dots (阿不都热依木·吐尔逊).
DOTTED = regex.compile(r"\p{Han}{1,8}(?:[·•‧・]\p{Han}{1,8}){1,3}")
DOTS = "·•‧・"


class NameReader:
    """Where a name starting (or ending) at a position ends (or starts), if one does."""

    def __init__(self, people: PersonRules):
        self.people = people

    def name_at(self, s: Prepared, i: int, context: str, end_at: int | None = None) -> int | None:
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
        if g >= len(norm) or not is_han(norm[g]) or norm[g] in p.bad_given_first:
            return None
        if s.tokens:
            ends = self.token_name_ends(s, i, g)
            if ends and ends[0] - g == 2 and norm[ends[0] - 1] in p.list_joiners:
                ends = [ends[0] - 1]  # 刘|芳及 (pkuseg): the joiner is no part of the name
        elif end_at is not None:
            ends = [end_at]
        else:
            two = g + 2 <= len(norm) and is_han(norm[g + 1]) and norm[g + 1] not in p.name_enders
            ends = [g + 2, g + 1] if two else [g + 1]
        for end in ends:
            if end_at is not None and end != end_at:
                continue
            if end - g not in (1, 2) or end > len(norm):
                continue
            name, given = norm[i:end], norm[g:end]
            if not all(is_han(ch) for ch in name):
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
            if self.place_follows(norm, end):
                continue  # 王家坡社区, 李家湾村
            if (not s.tokens and end_at is None and nxt and is_han(nxt)
                    and nxt not in p.name_enders
                    and p.common_words.get(norm[end:end + 2], 0) < p.thresholds["prefix"]):
                continue  # without tokens the name must end at a boundary or before a word
            return end
        return None

    def place_follows(self, norm: str, end: int) -> bool:
        """A place suffix right after a would-be name (王家坡|社区), unless it starts a word (组织)."""
        p = self.people
        if norm[end:end + 2] in p.place_after:
            return True
        return norm[end:end + 1] in p.place_after and \
            p.common_words.get(norm[end:end + 2], 0) < p.thresholds["prefix"]

    def token_name_ends(self, s: Prepared, i: int, g: int) -> list[int]:
        """Name ends the tokens allow: one token 张功玉, or 刘 + 清宇 (pkuseg splits names),
        or 陈立 + 新: a two-character token (surname and one character) followed by a
        one-character token that no clause word explains is a three-character name cut
        short, so the longer reading is tried first."""
        b = s.tok_starts.get(i)
        if b is None or b < g:
            return []
        if b > g:
            p, ch = self.people, s.norm[b:b + 1]
            if (b == g + 1 and s.tok_starts.get(b) == b + 1 and is_han(ch)
                    and ch not in p.name_enders and ch not in p.list_joiners
                    and ch not in p.function_surnames and ch not in p.bad_given_first
                    and ch not in p.place_after):
                return [b + 1, b]
            return [b]
        nxt = s.tok_starts.get(g)
        return [nxt] if nxt is not None else []

    def clan_end(self, s: Prepared, start: int) -> int | None:
        """End of a Yi name (沙马拉体: clan name + two-character given name) at ``start``
        in a person's context, ending at a name boundary (说, 表示, punctuation); the
        whole is no frequent word and neither is its given name."""
        p, norm = self.people, s.norm
        if norm[start:start + 2] not in p.clans:
            return None
        end = start + 4
        name = norm[start:end]
        if len(name) < 4 or not all(is_han(ch) for ch in name):
            return None
        if p.common_words.get(name[2:], 0) >= p.thresholds["name_generic"] or \
                p.common_words.get(name, 0) or name[2] in p.name_enders \
                or name[3] in p.name_enders:  # 马海波|说: a Han name before a clause word
            return None
        return end if self.name_boundary(norm, end) else None

    def dai_end(self, s: Prepared, start: int) -> int | None:
        """End of a Dai name (岩香南, 玉应叫, 刀建华) at ``start`` in a person's context:
        a Dai prefix and one or two Han characters ending at a boundary (punctuation, a
        joiner, a frequent word such as 出席), the longer reading first; neither the name
        nor its last two characters a frequent word (岩石, 玉米)."""
        p, norm = self.people, s.norm
        if norm[start:start + 1] not in p.dai_prefixes:
            return None
        for end in (start + 3, start + 2):
            name = norm[start:end]
            if end > len(norm) or not all(is_han(ch) for ch in name):
                continue
            if name[1] in p.bad_given_first or p.common_words.get(name[:2], 0) >= p.thresholds["name_generic"]:
                return None
            if len(name) == 3 and (name[2] in p.name_enders or
                                   p.common_words.get(name[1:], 0) >= p.thresholds["given"]):
                continue  # 岩温|说
            if self.name_boundary(norm, end) and not self.place_follows(norm, end):
                return end
        return None

    def component_end(self, s: Prepared, start: int, single: bool = False) -> int | None:
        """End of a transliterated name built wholly from known components (乌云其木格,
        格桑卓玛, 阿不都热合曼·买买提), or None.  The name must end at a boundary: the
        sentence's end, punctuation, a list joiner, a name-ending character (主持), a role
        word or a frequent word (出席); the longest such reading wins.  Two components, or
        one of three characters or more (巴特尔); a middle dot joins parts.  ``single``
        (right after a specific title: 镇长达瓦在...) also takes one two-character
        component that is no frequent word."""
        p, norm = self.people, s.norm
        if not p.name_parts or start >= len(norm) or not is_han(norm[start]):
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
            if self.name_boundary(norm, e):
                return e
        return None

    def name_boundary(self, norm: str, e: int) -> bool:
        """Can a name end at ``e``?  Punctuation, a joiner, a name-ending character, a role
        word or a frequent word (出席, 讲话) follows."""
        p = self.people
        nxt = norm[e:e + 1]
        if not nxt or not is_han(nxt) and nxt not in "·•‧・":
            return True
        if nxt in p.list_joiners or nxt in p.name_enders:
            return True
        if p.roles_before_re.match(norm, e) or p.roles_after_re.match(norm, e):
            return True
        return p.common_words.get(norm[e:e + 2], 0) >= p.thresholds["name_generic"]

    def name_before(self, s: Prepared, end: int, context: str) -> int | None:
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
            elif before and is_han(before) and before not in self.people.name_starters:
                continue
            if self.name_at(s, i, context, end_at=end) == end:
                return i
        return None

    def foreign_name(self, word: str) -> bool:
        """A name without a known surname (扎西顿珠, 古丽娜尔·艾力): Han characters that form
        no word the dictionary knows, no frequent two-character word inside (亮身份·担使命,
        联系方式), no title inside and no body-like last character."""
        p = self.people
        parts = [w for w in regex.split(r"[·•‧・]", word) if w]
        if not parts or not all(is_han(ch) for w in parts for ch in w):
            return False
        freq, limit = p.common_words.get, p.thresholds["prefix"]
        if any(freq(w, 0) for w in parts if len(w) >= 2) or any(
                freq(w[k:k + 2], 0) >= limit for w in parts for k in range(len(w) - 1)):
            return False
        return not p.roles_before_re.search(word) and word[-1] not in self.people.org_last_chars

    def dotted_end(self, s: Prepared, start: int) -> int | None:
        """End of a dotted name (古丽娜尔·艾力) starting at ``start``, or None."""
        if s.tokens:
            b = s.tok_starts.get(start)
            return b if b is not None and DOTTED.fullmatch(s.norm, start, b) and \
                self.foreign_name(s.norm[start:b]) else None
        m = DOTTED.match(s.norm, start)
        if not m:
            return None
        end = m.end()  # without tokens the last part stops before a name-ending character
        dot = max(s.norm.rfind(d, start, end) for d in "·•‧・")
        end = next((k for k in range(dot + 3, end) if s.norm[k] in self.people.name_enders), end)
        return end if self.foreign_name(s.norm[start:end]) else None

    def listed_token_name(self, s: Prepared, start: int, alone: bool = False) -> int | None:
        """A name without a known surname in a list of names (扎西顿珠 in 王建国、扎西顿珠、刘芳):
        one token of 3-4 characters that no dictionary knows, followed by a separator.
        ``alone``: right after a specific title (主任索朗次仁主持), only 4 characters."""
        if not s.tokens:
            return None
        b = s.tok_starts.get(start)
        if b is None or not (4 if alone else 3) <= b - start <= 4:
            return None
        if not self.foreign_name(s.norm[start:b]):
            return None
        if alone:
            return b
        after = s.norm[b:b + 1]
        return b if after in self.people.list_joiners or not after or not is_han(after) else None

