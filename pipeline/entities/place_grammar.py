"""Proposers of places from the place grammar (rules/loc_grammar.yml): villages
and communities (X村, X社区, 霍家营), with the stem reader the feature grammar
(landmarks.py) shares."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..chars import is_han
from .base import Candidate, Doc, Prepared, boundary_before, find_all, inside_title, loc_ending_at

if TYPE_CHECKING:
    from .resources import Resources


class StemReader:
    """Where a place name's stem begins before a suffix (X村, X河, 屈子祠村楚韵路), and
    whether the suffix is the start of a common word instead (村民, 河堤)."""

    def __init__(self, res: "Resources"):
        self.locs, self.words = res.locs, res.people.common_words
        self.committee_tail = res.orgs.village_committee_tail
        self.committee_after = res.orgs.village_committee_after

    def suffix_is_word(self, s: Prepared, suffix_start: int, suffix: str) -> bool:
        """村民, 河堤, 组织: the suffix starts a common word, so it ends no name
        (unless the tokens end a word with it: 黄冲村|村民, 盘阳河|流域)."""
        end = suffix_start + len(suffix)
        if s.tok_ends is not None and end in s.tok_ends and suffix_start not in s.tok_starts:
            return False
        tail = self.committee_tail
        if suffix == self.committee_after and tail and s.norm.startswith(tail, end):
            return False  # 曼山村委会: 村委会 is the village's committee, after its name
        words = self.words
        return s.norm[suffix_start:end + 1] in words or s.norm[suffix_start:end + 2] in words

    def stem(self, s: Prepared, suffix_start: int, floor: int, max_len: int,
              glued_ok: bool = False) -> int | None:
        """Start of a name stem ending at ``suffix_start``, or None if there is none.

        With tokens the stem is the token(s) just before the suffix, or the token
        that holds stem+suffix (pkuseg keeps 屈子祠村 whole).  Without tokens it
        is the run of characters back to a boundary (punctuation, a stop
        character, a locality), which must be 2..max_len long.
        """
        norm, rules = s.norm, self.locs
        if s.tokens:
            start = s.tok_ends.get(suffix_start)
            glued = False
            if start is None:
                start = next((a for a, b in s.tokens if a < suffix_start < b), None)
                glued = start is not None  # the segmenter keeps stem and suffix as one word
            if start is None:
                return None
            if suffix_start - start == 1 and norm[start] in rules.stem_bad_first:
                return None  # 走|村, 进|村
            if suffix_start - start < 2:  # 青龙|冲河, 一字|村: take the token before too
                prev = s.tok_ends.get(start)
                if prev is None or norm[prev:start] in self.words and \
                        self.words[norm[prev:start]] >= 20000:
                    return None  # 视察|锦江: a verb is no part of a name
                start = prev
            start = max(start, floor)
        else:
            start = suffix_start
            loc_ends = {c.end for c in s.locs}
            while (start > floor and is_han(norm[start - 1]) and start not in loc_ends
                   and norm[start - 1] not in rules.stem_stop_chars
                   and suffix_start - start < max_len + 3):
                start -= 1
            at_edge = (start == floor or start in loc_ends or not is_han(norm[start - 1])
                       or norm[start - 1] in rules.stem_stop_chars)
            if suffix_start - start <= max_len and not at_edge:
                return None
            words = self.words
            if suffix_start - start > max_len:
                # 提出韶山灌渠, 帮助磊石垸: cut after a frequent word (the verb before the name)
                cut = next((k for k in range(start + 2, suffix_start - 1)
                            if words.get(norm[k - 2:k], 0) >= 20000
                            and suffix_start - k <= max_len), None)
                if cut is None:
                    return None
                start = cut
            if suffix_start - start >= 3 and words.get(norm[start:start + 2], 0) >= 20000:
                start += 2  # 通过走村: the stem starts after a frequent word
        if start > floor and norm[start - 1] in rules.numerals and (
                start - 1 == floor or not is_han(norm[start - 2])
                or norm[start - 2] in rules.stem_stop_chars):
            start -= 1  # 了八景洞村: a bare numeral after a boundary begins the name
        stem = norm[start:suffix_start]
        if not 2 <= len(stem) <= max_len or not all(is_han(ch) for ch in stem):
            return None
        if any(ch in rules.stem_stop_chars for ch in stem) or stem in rules.feature_stop_stems:
            return None
        if any(ch in rules.numerals for ch in stem[1:]):
            return None  # 好一江: a count, not a name
        if any(stem.startswith(w) for w in rules.stem_bad_first):
            return None
        if stem in self.words and not (glued_ok and s.tokens and glued):
            return None  # 示范村, 结合村: a common word, not a name (but 黑山峡 is one word)
        return start

    def chained_stem(self, s: Prepared, suffix_start: int) -> int | None:
        """For 屈子祠村楚韵路: the 1-4 character stem between a locality and the suffix."""
        rules = self.locs
        # only the locality nearest before the suffix: in 高坪街道团泽村道路 the
        # stem after 团泽村 is 道 (a stop stem), not 团泽村道 after 高坪街道
        before = [c for c in s.locs if c.end <= suffix_start]
        if not before:
            return None
        c = max(before, key=lambda c: c.end)
        if 1 <= suffix_start - c.end <= 4:
            stem = s.norm[c.end:suffix_start]
            if (all(is_han(ch) for ch in stem) and stem not in rules.feature_stop_stems
                    and not all(ch in rules.numerals for ch in stem)  # 九组: a numbered group
                    and not any(ch in rules.stem_stop_chars for ch in stem)
                    # 红星村查看道路: the stem runs into a generic road noun (a verb before it)
                    and not (stem + s.norm[suffix_start:suffix_start + 1]).endswith(rules.road_nouns)
                    and (s.tok_starts is None or c.end in s.tok_starts)):
                return c.end
        return None


class Villages:
    """LOC villages and communities: X村 / X社区 with the left edge from the village
    index, an adjacent place or a stem; settlements named after a family (霍家营)."""

    def __init__(self, res: "Resources"):
        self.gaz, self.locs, self.people = res.gaz, res.locs, res.people
        self.words = res.people.common_words
        self.stems = StemReader(res)

    def propose(self, doc: Doc) -> None:
        for s in doc.sents:
            self._villages(s)
            self._family_places(s)

    def _villages(self, s: Prepared) -> None:
        """X村 / X社区: left edge from the village index, an adjacent place, or a stem."""
        norm, gaz = s.norm, self.gaz
        for suffix in self.locs.village_suffixes:
            for sstart in find_all(norm, suffix):
                end = sstart + len(suffix)
                if inside_title(s, sstart, end):
                    continue
                if any(c.start < sstart < c.end and c.end >= end for c in s.locs):
                    continue  # inside a longer name
                prev = loc_ending_at(s, sstart)
                floor = prev.end if prev else 0
                found = None
                for start in range(max(0, sstart - 6), sstart - 1):
                    name = norm[start:end]
                    if not all(is_han(ch) for ch in name):
                        continue
                    if start < floor and not any(c.start == start for c in s.locs):
                        continue  # would swallow part of a known place
                    if name in gaz.villages and self._village_ok(s, start, sstart, suffix):
                        found = Candidate(start, end, "LOC", "gazetteer:village", 0.9, priority=2,
                                          village_of=gaz.village_towns(name))
                        if (start > 0 and norm[start - 1] in self.locs.numerals
                                and (start < 2 or norm[start - 2] in self.locs.stem_stop_chars
                                     and norm[start - 2] not in self.locs.numerals)):
                            # 了八景洞村: a bare numeral right before is part of the name
                            found = Candidate(start - 1, end, "LOC", "grammar:village", 0.7,
                                              priority=2)
                        elif self._lone_first_char(s, start, floor):
                            # 在|诸|佛庵村: the name's first character cut off as a token of its own
                            found = Candidate(start - 1, end, "LOC", "grammar:village", 0.7,
                                              priority=2)
                        break
                if found is None:
                    if self.stems.suffix_is_word(s, sstart, suffix) or \
                            s.norm[sstart - 1:end] in self.words:
                        continue  # 村民, 乡村, 农村
                    start = self.stems.stem(s, sstart, floor, max_len=4 if s.tokens else 3)
                    if start is None:
                        continue
                    conf = 0.8 if prev and prev.end == start else 0.6
                    found = Candidate(start, end, "LOC", "grammar:village", conf, priority=1)
                if norm[found.start:found.end] in self.locs.never_names:
                    continue  # 行政村, 嘎查村: a class of villages
                if self._in_generic_feature(norm, sstart):
                    continue  # 红石村通村公路: 村 of a road class, not a village's suffix
                if prev and prev.end == found.start:
                    found.parent = prev
                s.locs.append(found)

    def _lone_first_char(self, s: Prepared, start: int, floor: int) -> bool:
        """Is the character before a village-index name a one-character token of its
        own that no clause word (在, 到, 进) explains?  The segmenter cut a longer
        name's first character off (诸|佛庵村), so it belongs to the name."""
        if not s.tokens or start < 1 or start - 1 < floor or s.tok_starts.get(start - 1) != start:
            return False
        ch, norm = s.norm[start - 1], s.norm
        rules = self.locs
        # what stands before must close a clause word: a boundary, 在, or a word of two
        # characters or more (来到|诸|佛庵村); 新|修|X村 is a verb phrase, not a name
        k = start - 1
        before = norm[k - 1:k]
        if before and is_han(before) and before not in rules.stem_stop_chars and not any(
                b == k and k - a >= 2 for a, b in s.tokens):
            return False
        return is_han(ch) and ch not in rules.stem_stop_chars and ch not in rules.numerals \
            and ch not in rules.stem_bad_first and ch not in self.people.function_surnames \
            and ch not in self.people.name_starters

    def _in_generic_feature(self, norm: str, pos: int) -> bool:
        """Is ``pos`` inside a generic road class (通村公路, 通组道路), after its first
        character (a village's 村 may be followed by 村组道路)?"""
        for g in self.locs.generic_features:
            k = norm.find(g, max(0, pos - len(g) + 1), pos + len(g))
            while k != -1 and k < pos:
                if pos < k + len(g):
                    return True
                k = norm.find(g, k + 1, pos + len(g))
        return False

    def _village_ok(self, s: Prepared, start: int, sstart: int, suffix: str) -> bool:
        """Guards for a village-index name: it must start cleanly (a token start, or
        without tokens a boundary), and a stem that is a common word (示范村) or a
        suffix that starts a word (村民) needs a clean left edge too."""
        after_loc = any(c.end == start for c in s.locs)
        if s.tok_starts is not None:
            clean = start in s.tok_starts or after_loc
        else:  # without tokens: any edge but a numeral (八|景洞村) or the middle of a word
            before = s.norm[start - 1] if start else ""
            clean = after_loc or before not in self.locs.numerals and \
                s.norm[start - 1:start + 1] not in self.words
        if self.stems.suffix_is_word(s, sstart, suffix):
            return False
        if s.norm[sstart - 1:sstart + len(suffix)] in self.words and not after_loc:
            # 平安乡村: 乡村 is a word; only tokens that keep the name whole confirm it
            if s.tok_starts is None or any(start < a < sstart < b for a, b in s.tokens):
                return False
        words = self.words
        if not after_loc and (words.get(s.norm[start:sstart], 0) >= self.locs.generic_stem_count or
                              words.get(s.norm[start:sstart + len(suffix)], 0) >= 10000):
            return False  # 新型社区, 建成社区, 城中村: a phrase first; a place before would vouch for it
        if s.norm[start:sstart] in self.words:  # 示范村: edge must be certain
            before = s.norm[start - 1] if start else ""
            return (after_loc or not before or not is_han(before)
                    or before in self.locs.stem_stop_chars)
        return clean

    def _family_places(self, s: Prepared) -> None:
        """霍家营, 王家庄: a common surname + 家 + a settlement word, as a word of its own
        (a token start, or a boundary before it), not a frequent word."""
        rules, norm, p = self.locs, s.norm, self.people
        if rules.family_re is None or "家" not in norm:
            return
        for m in rules.family_re.finditer(norm):
            start, end = m.start() - 1, m.end()
            if start < 0 or p.surnames.get(norm[start]) != "strong" or inside_title(s, start, end):
                continue
            if s.tok_starts is not None:
                if start not in s.tok_starts:
                    continue
            elif not boundary_before(s, start, self.locs.stem_stop_chars):
                continue
            if p.common_words.get(norm[start:end], 0) >= 1000:
                continue  # a frequent word, not a settlement
            if any(c.start <= start and end <= c.end for c in s.locs):
                continue
            unit = next((u for u in rules.village_suffixes if norm.startswith(u, end)
                         and not (len(u) == 1 and p.common_words.get(norm[end:end + 2], 0))), "")
            end += len(unit)  # 王家坡社区: the village or community of that name
            s.locs.append(Candidate(start, end, "LOC", "grammar:family_place", 0.7, priority=1))

