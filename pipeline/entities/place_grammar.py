"""Proposer: places from the place grammar (rules/loc_grammar.yml): villages and
communities (X村, X社区), features (X水库, X路), enumerations (城关、南江三个乡镇)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from .base import Candidate, _Sent, _alternation, _find_all, _is_han, _suffix_words
from ..gazetteer import LOC_GRAMMAR_KEYS
from ..rules import RuleError, load_yaml, rule_path, word_list


@dataclass
class LocRules:
    """rules/loc_grammar.yml, checked and compiled."""

    village_suffixes: list[str]
    features: list[tuple[str, bool]]  # (suffix, chained only)
    feature_stop_stems: set[str]
    stem_stop_chars: set[str]
    stem_bad_first: list[str]
    numerals: set[str]
    suffix_words: dict[str, tuple[str, ...]]  # word -> following chars that undo it
    named_features_re: Any
    never_names: set[str]
    ambiguous: set[str]
    enum_re: Any
    unit_suffixes: tuple[str, ...]
    joins: frozenset = frozenset()  # suffixes that may follow a place name directly (海防村小区)
    generic_stem_count: int = 100000  # a village-index stem this frequent is a phrase (新型社区)
    family_re: Any = None  # 家 + settlement word (霍家营)
    road_re: Any = None  # numbered roads: 319国道, 国道319线, 省道S208
    generic_features: tuple[str, ...] = ()  # 通组道路, 产业路: classes of roads, no names
    water_suffixes: tuple[str, ...] = ()  # 河, 江, 溪: a short place name may be the stem
    road_nouns: tuple[str, ...] = ()  # 道路, 马路: a chained stem ending in one names no road

    @classmethod
    def load(cls, name: str = "loc_grammar.yml") -> "LocRules":
        path = str(rule_path(name))
        data = load_yaml(name, LOC_GRAMMAR_KEYS)
        feats = []
        joins: set[str] = set()
        for i, item in enumerate(data["feature_suffixes"]):
            if not isinstance(item, dict) or not isinstance(item.get("suffix"), str):
                raise RuleError(f"{path}: feature_suffixes[{i}] needs a 'suffix'")
            unknown = set(item) - {"suffix", "chained", "joins"}
            if unknown:
                raise RuleError(f"{path}: feature_suffixes[{i}] has unknown key(s) {sorted(unknown)}")
            feats.append((item["suffix"], bool(item.get("chained", False))))
            if item.get("joins"):
                joins.add(item["suffix"])
        feats.sort(key=lambda f: len(f[0]), reverse=True)
        tails = word_list(data, "enumeration_tails", path)
        item = r"(?:(?![等和及与、])\p{Han}){2,4}?"
        enum = regex.compile(
            rf"(?P<items>{item}(?:、{item})+)(?:和|及|与|等)?(?:[两三四五六七八九十\d]+个)?"
            rf"(?P<tail>{_alternation(tails)})")
        roads = data.get("road_classes") or {}
        if not isinstance(roads, dict) or not all(
                isinstance(k, str) and isinstance(v, str) and len(v) == 1 for k, v in roads.items()):
            raise RuleError(f"{path}: road_classes must map a class word to one letter")
        road_re = None
        if roads:
            letters = "".join(sorted(set(roads.values())))
            num = rf"[{letters}]?\d{{1,4}}"
            cls_words = _alternation(list(roads))
            road_re = regex.compile(rf"(?<![A-Za-z\d])(?:{num}(?:{cls_words})|(?:{cls_words}){num}线?)(?![A-Za-z\d])")
        return cls(
            road_re=road_re,
            generic_features=tuple(word_list(data, "generic_features", path)) if data.get("generic_features") else (),
            water_suffixes=tuple(word_list(data, "water_suffixes", path)) if data.get("water_suffixes") else (),
            road_nouns=tuple(word_list(data, "road_nouns", path)) if data.get("road_nouns") else (),
            village_suffixes=sorted(word_list(data, "village_suffixes", path), key=len, reverse=True),
            features=feats,
            joins=frozenset(joins),
            generic_stem_count=int(data.get("generic_stem_count", 100000)),
            family_re=regex.compile(rf"家(?:{_alternation(word_list(data, 'family_place_suffixes', path))})")
            if data.get("family_place_suffixes") else None,
            feature_stop_stems=set(word_list(data, "feature_stop_stems", path)),
            stem_stop_chars=set(word_list(data, "stem_stop_chars", path)),
            stem_bad_first=word_list(data, "stem_bad_first", path),
            numerals=set(word_list(data, "numerals", path)),
            suffix_words=_suffix_words(data, path),
            named_features_re=regex.compile(_alternation(word_list(data, "named_features", path))),
            never_names=set(word_list(data, "never_names", path)),
            ambiguous=set(word_list(data, "ambiguous_short_forms", path)),
            enum_re=enum,
            unit_suffixes=tuple(word_list(data, "unit_suffixes", path)),
        )




class PlaceGrammar:
    """LOC from the place grammar."""

    RULES = ("loc_grammar.yml",)

    def _suffix_is_word(self, s: _Sent, suffix_start: int, suffix: str) -> bool:
        """村民, 河堤, 组织: the suffix starts a common word, so it ends no name
        (unless the tokens end a word with it: 黄冲村|村民, 盘阳河|流域)."""
        end = suffix_start + len(suffix)
        if s.tok_ends is not None and end in s.tok_ends and suffix_start not in s.tok_starts:
            return False
        tail = self.orgs.village_committee_tail
        if suffix == "村" and tail and s.norm.startswith(tail, end):
            return False  # 曼山村委会: 村委会 is the village's committee, after its name
        words = self.people.common_words
        return s.norm[suffix_start:end + 1] in words or s.norm[suffix_start:end + 2] in words

    def _villages(self, s: _Sent) -> None:
        """X村 / X社区: left edge from the village index, an adjacent place, or a stem."""
        norm, gaz = s.norm, self.gaz
        for suffix in self.locs.village_suffixes:
            for sstart in _find_all(norm, suffix):
                end = sstart + len(suffix)
                if self._inside_title(s, sstart, end):
                    continue
                if any(c.start < sstart < c.end and c.end >= end for c in s.locs):
                    continue  # inside a longer name
                prev = self._loc_ending_at(s, sstart)
                floor = prev.end if prev else 0
                found = None
                for start in range(max(0, sstart - 6), sstart - 1):
                    name = norm[start:end]
                    if not all(_is_han(ch) for ch in name):
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
                    if self._suffix_is_word(s, sstart, suffix) or \
                            s.norm[sstart - 1:end] in self.people.common_words:
                        continue  # 村民, 乡村, 农村
                    start = self._stem(s, sstart, floor, max_len=4 if s.tokens else 3)
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

    def _lone_first_char(self, s: _Sent, start: int, floor: int) -> bool:
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
        if before and _is_han(before) and before not in rules.stem_stop_chars and not any(
                b == k and k - a >= 2 for a, b in s.tokens):
            return False
        return _is_han(ch) and ch not in rules.stem_stop_chars and ch not in rules.numerals \
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

    def _village_ok(self, s: _Sent, start: int, sstart: int, suffix: str) -> bool:
        """Guards for a village-index name: it must start cleanly (a token start, or
        without tokens a boundary), and a stem that is a common word (示范村) or a
        suffix that starts a word (村民) needs a clean left edge too."""
        after_loc = any(c.end == start for c in s.locs)
        if s.tok_starts is not None:
            clean = start in s.tok_starts or after_loc
        else:  # without tokens: any edge but a numeral (八|景洞村) or the middle of a word
            before = s.norm[start - 1] if start else ""
            clean = after_loc or before not in self.locs.numerals and \
                s.norm[start - 1:start + 1] not in self.people.common_words
        if self._suffix_is_word(s, sstart, suffix):
            return False
        if s.norm[sstart - 1:sstart + len(suffix)] in self.people.common_words and not after_loc:
            # 平安乡村: 乡村 is a word; only tokens that keep the name whole confirm it
            if s.tok_starts is None or any(start < a < sstart < b for a, b in s.tokens):
                return False
        words = self.people.common_words
        if not after_loc and (words.get(s.norm[start:sstart], 0) >= self.locs.generic_stem_count or
                              words.get(s.norm[start:sstart + len(suffix)], 0) >= 10000):
            return False  # 新型社区, 建成社区, 城中村: a phrase first; a place before would vouch for it
        if s.norm[start:sstart] in self.people.common_words:  # 示范村: edge must be certain
            before = s.norm[start - 1] if start else ""
            return (after_loc or not before or not _is_han(before)
                    or before in self.locs.stem_stop_chars)
        return clean

    def _stem(self, s: _Sent, suffix_start: int, floor: int, max_len: int,
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
                if prev is None or norm[prev:start] in self.people.common_words and \
                        self.people.common_words[norm[prev:start]] >= 20000:
                    return None  # 视察|锦江: a verb is no part of a name
                start = prev
            start = max(start, floor)
        else:
            start = suffix_start
            loc_ends = {c.end for c in s.locs}
            while (start > floor and _is_han(norm[start - 1]) and start not in loc_ends
                   and norm[start - 1] not in rules.stem_stop_chars
                   and suffix_start - start < max_len + 3):
                start -= 1
            at_edge = (start == floor or start in loc_ends or not _is_han(norm[start - 1])
                       or norm[start - 1] in rules.stem_stop_chars)
            if suffix_start - start <= max_len and not at_edge:
                return None
            words = self.people.common_words
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
                start - 1 == floor or not _is_han(norm[start - 2])
                or norm[start - 2] in rules.stem_stop_chars):
            start -= 1  # 了八景洞村: a bare numeral after a boundary begins the name
        stem = norm[start:suffix_start]
        if not 2 <= len(stem) <= max_len or not all(_is_han(ch) for ch in stem):
            return None
        if any(ch in rules.stem_stop_chars for ch in stem) or stem in rules.feature_stop_stems:
            return None
        if any(ch in rules.numerals for ch in stem[1:]):
            return None  # 好一江: a count, not a name
        if any(stem.startswith(w) for w in rules.stem_bad_first):
            return None
        if stem in self.people.common_words and not (glued_ok and s.tokens and glued):
            return None  # 示范村, 结合村: a common word, not a name (but 黑山峡 is one word)
        return start

    def _family_places(self, s: _Sent) -> None:
        """霍家营, 王家庄: a common surname + 家 + a settlement word, as a word of its own
        (a token start, or a boundary before it), not a frequent word."""
        rules, norm, p = self.locs, s.norm, self.people
        if rules.family_re is None or "家" not in norm:
            return
        for m in rules.family_re.finditer(norm):
            start, end = m.start() - 1, m.end()
            if start < 0 or p.surnames.get(norm[start]) != "strong" or self._inside_title(s, start, end):
                continue
            if s.tok_starts is not None:
                if start not in s.tok_starts:
                    continue
            elif not self._boundary_before(s, start):
                continue
            if p.common_words.get(norm[start:end], 0) >= 1000:
                continue  # a frequent word, not a settlement
            if any(c.start <= start and end <= c.end for c in s.locs):
                continue
            unit = next((u for u in rules.village_suffixes if norm.startswith(u, end)
                         and not (len(u) == 1 and p.common_words.get(norm[end:end + 2], 0))), "")
            end += len(unit)  # 王家坡社区: the village or community of that name
            s.locs.append(Candidate(start, end, "LOC", "grammar:family_place", 0.7, priority=1))

    def _features(self, s: _Sent) -> None:
        """Rivers, reservoirs, canals, roads... (X水库, 屈子祠村楚韵路)."""
        norm = s.norm
        taken = [(c.start, c.end) for c in s.locs]
        for suffix, chained in self.locs.features:
            for k in _find_all(norm, suffix):
                end = k + len(suffix)
                if self._inside_title(s, k, end) or any(a <= k and end <= b for a, b in taken):
                    continue  # part of a known name (黑龙江, 长江)
                if end < len(norm) and norm[end] in "村镇乡县市区" and \
                        norm[end:end + 2] not in self.people.common_words:
                    continue  # 江 in 江南村 is part of a longer name
                if self._suffix_is_word(s, k, suffix):
                    continue  # 河堤, 组织, 路线
                if chained:
                    start = self._chained_stem(s, k)
                    parent = self._loc_ending_at(s, start) if start is not None else None
                else:
                    prev = self._loc_ending_at(s, k)
                    if prev is not None and prev.end == k and suffix in self.locs.joins:
                        start, parent = prev.start, None  # 海防村小区: one settlement
                    else:
                        start = self._stem(s, k, prev.end if prev else 0, max_len=4 if s.tokens else 3,
                                           glued_ok=True)
                        parent = prev if prev is not None and prev.end == start else None
                        weak = self._loc_ending_at(s, k, weak=True)
                        if start is None and prev is None and suffix in self.locs.water_suffixes \
                                and weak is not None and 2 <= weak.length <= 3:
                            start = weak.start  # 永安溪: a place's short form names the river
                if start is None:
                    continue
                if self.people.common_words.get(norm[start:end], 0) >= 1000 or \
                        norm[start:end] in self.locs.never_names:
                    continue  # 大街小巷, 高速公路: the whole is a word
                if norm[start:end].endswith(self.locs.generic_features) or \
                        norm.startswith(self.locs.generic_features, start):
                    continue  # 红石村通组道路, 产业路: a class of roads, not a name
                s.locs.append(Candidate(start, end, "LOC", f"grammar:{suffix}", 0.75,
                                        priority=1, parent=parent))
                taken.append((start, end))

    def _roads(self, s: _Sent) -> None:
        """Numbered roads (319国道, G319国道, 国道319线, 省道S208, 县道X012): one LOC each."""
        if self.locs.road_re is None:
            return
        for m in self.locs.road_re.finditer(s.norm):
            if not self._inside_title(s, m.start(), m.end()):
                s.locs.append(Candidate(m.start(), m.end(), "LOC", "grammar:road", 0.85, priority=2))

    def _chained_stem(self, s: _Sent, suffix_start: int) -> int | None:
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
            if (all(_is_han(ch) for ch in stem) and stem not in rules.feature_stop_stems
                    and not all(ch in rules.numerals for ch in stem)  # 九组: a numbered group
                    and not any(ch in rules.stem_stop_chars for ch in stem)
                    # 红星村查看道路: the stem runs into a generic road noun (a verb before it)
                    and not (stem + s.norm[suffix_start:suffix_start + 1]).endswith(rules.road_nouns)
                    and (s.tok_starts is None or c.end in s.tok_starts)):
                return c.end
        return None

    def _enumerations(self, s: _Sent) -> None:
        """城关、南江、龙门三个乡镇 / 八泉、良种场、彭家营、方家庙等村."""
        gaz = self.gaz

        suffixes = self.locs.unit_suffixes

        def known(name: str, tail: str) -> bool:
            if name.endswith(suffixes):  # an item with its own suffix must be a full name
                return name not in self.locs.never_names and (
                    name in gaz.full or name in gaz.villages)  # (苏木镇 is no 木镇)
            for suffix in ("镇", "乡", "街道", "村", "社区", "县", "市", "区"):
                if suffix in tail and (name + suffix in gaz.full or name + suffix in gaz.villages):
                    return True
            return name in gaz.town_short or name in gaz.short or name in gaz.full

        for m in self.locs.enum_re.finditer(s.norm):
            tail = m.group("tail")
            pos = m.start("items")
            found = []
            for item in m.group("items").split("、"):
                found.append([pos, pos + len(item), known(item, tail)])
                pos += len(item) + 1
            # 城关、南江、龙门三个乡镇 / ...等村: a count, 等 or a plural tail closes the list;
            # a bare suffix right after the last item (西江千户苗寨、郎德镇) may be that
            # item's own, so then every item must be known as it stands
            closed = m.end("items") < m.start("tail") or len(tail) > 1
            first = found[0]
            before = s.norm[first[0] - 1] if first[0] else ""
            if (before and _is_han(before) and before not in self.locs.stem_stop_chars
                    and not any(c.end == first[0] for c in s.locs)) and first[2] and \
                    not known(s.norm[first[0] - 1:first[1]], tail):
                first[2] = False  # 丰乐|移民新村: the item is the end of a longer word
            if not first[2] and closed:  # the first item may have swallowed words before it
                for k in range(first[0] + 1, first[1] - 1):
                    if known(s.norm[k:first[1]], tail):
                        first[0], first[2] = k, True
                        break
            if sum(ok for *_, ok in found) < (max(2, len(found) - 1) if closed else len(found)):
                continue
            for start, end, ok in found:
                if ok and not self._inside_title(s, start, end):
                    name = s.norm[start:end]
                    cand = Candidate(start, end, "LOC", "grammar:enumeration", 0.8, priority=3,
                                     place_ids=tuple(gaz.full.get(name, ())))
                    for suffix in ("村", "社区", "镇", "乡", "街道"):
                        if suffix in tail and name + suffix in gaz.villages:
                            cand.village_of = gaz.village_towns(name + suffix)
                            cand.unit = name + suffix
                            break
                        if suffix in tail and name + suffix in gaz.full:
                            cand.place_ids = tuple(gaz.full[name + suffix])
                            break
                    s.locs.append(cand)

