"""Proposers of places from the place grammar (rules/loc_grammar.yml): features
(X水库, X河, 屈子祠村楚韵路), numbered roads (G319国道) and enumerations of
localities (城关、南江三个乡镇)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..chars import is_han
from .base import Candidate, Doc, Prepared, aligned, find_all, inside_title, loc_ending_at
from .place_grammar import StemReader

if TYPE_CHECKING:
    from .resources import Resources


class Features:
    """LOC rivers, reservoirs, canals, roads, lanes (X水库, 屈子祠村楚韵路) and
    numbered roads (319国道, 国道319线, 省道S208)."""

    def __init__(self, res: "Resources"):
        self.locs, self.words = res.locs, res.people.common_words
        self.stems = StemReader(res)

    def propose(self, doc: Doc) -> None:
        for s in doc.sents:
            self._features(s)
            self._roads(s)

    def _features(self, s: Prepared) -> None:
        """Rivers, reservoirs, canals, roads... (X水库, 屈子祠村楚韵路)."""
        norm = s.norm
        taken = [(c.start, c.end) for c in s.locs]
        for suffix, chained in self.locs.features:
            for k in find_all(norm, suffix):
                end = k + len(suffix)
                if inside_title(s, k, end) or any(a <= k and end <= b for a, b in taken):
                    continue  # part of a known name (黑龙江, 长江)
                if end < len(norm) and norm[end] in self.locs.unit_chars and \
                        norm[end:end + 2] not in self.words:
                    continue  # 江 in 江南村 is part of a longer name
                if self.stems.suffix_is_word(s, k, suffix):
                    continue  # 河堤, 组织, 路线
                if chained:
                    start = self.stems.chained_stem(s, k)
                    parent = loc_ending_at(s, start) if start is not None else None
                else:
                    prev = loc_ending_at(s, k)
                    if prev is not None and prev.end == k and suffix in self.locs.joins:
                        start, parent = prev.start, None  # 海防村小区: one settlement
                    else:
                        start = self.stems.stem(s, k, prev.end if prev else 0, max_len=4 if s.tokens else 3,
                                           glued_ok=True)
                        parent = prev if prev is not None and prev.end == start else None
                        weak = loc_ending_at(s, k, weak=True)
                        if start is None and prev is None and suffix in self.locs.water_suffixes \
                                and weak is not None and 2 <= weak.length <= 3:
                            start = weak.start  # 永安溪: a place's short form names the river
                if start is None:
                    continue
                if self.words.get(norm[start:end], 0) >= 1000 or \
                        norm[start:end] in self.locs.never_names:
                    continue  # 大街小巷, 高速公路: the whole is a word
                if norm[start:end].endswith(self.locs.generic_features) or \
                        norm.startswith(self.locs.generic_features, start):
                    continue  # 红石村通组道路, 产业路: a class of roads, not a name
                s.locs.append(Candidate(start, end, "LOC", "grammar:feature", 0.75,
                                        priority=1, parent=parent))
                taken.append((start, end))

    def _roads(self, s: Prepared) -> None:
        """Numbered roads (319国道, G319国道, 国道319线, 省道S208, 县道X012): one LOC each."""
        if self.locs.road_re is None:
            return
        for m in self.locs.road_re.finditer(s.norm):
            if not inside_title(s, m.start(), m.end()):
                s.locs.append(Candidate(m.start(), m.end(), "LOC", "grammar:road", 0.85, priority=2))


class Enumerations:
    """LOC items of lists of localities closed by a unit word: 城关、南江、龙门三个乡镇,
    八泉、良种场、彭家营、方家庙等村."""

    def __init__(self, res: "Resources"):
        self.gaz, self.locs = res.gaz, res.locs

    def propose(self, doc: Doc) -> None:
        for s in doc.sents:
            self._enumerations(s)

    def _enumerations(self, s: Prepared) -> None:
        """城关、南江、龙门三个乡镇 / 八泉、良种场、彭家营、方家庙等村."""
        gaz = self.gaz

        suffixes = self.locs.unit_suffixes

        def known(name: str, tail: str) -> bool:
            if name.endswith(suffixes):  # an item with its own suffix must be a full name
                return name not in self.locs.never_names and (
                    name in gaz.full or name in gaz.villages)  # (苏木镇 is no 木镇)
            for suffix in self.locs.enumeration_units:
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
            if (before and is_han(before) and before not in self.locs.stem_stop_chars
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
                if ok and not inside_title(s, start, end):
                    name = s.norm[start:end]
                    cand = Candidate(start, end, "LOC", "grammar:enumeration", 0.8, priority=3,
                                     place_ids=tuple(gaz.full.get(name, ())))
                    for suffix in self.locs.enumeration_item_units:
                        if suffix in tail and name + suffix in gaz.villages:
                            cand.village_of = gaz.village_towns(name + suffix)
                            cand.unit = name + suffix
                            break
                        if suffix in tail and name + suffix in gaz.full:
                            cand.place_ids = tuple(gaz.full[name + suffix])
                            break
                    s.locs.append(cand)



class CountyTowns:
    """Short forms of towns (稻田 for 稻田镇) as items of a list (、), licensed by
    the gazetteer's tree: at least two items are towns of one county (稻田、羊口、
    纪台3处市场: all three are towns of one county), or the item is a town of a
    county the document names (化龙、营里两地 on a page about their county).
    A town's short form alone is too often a word; siblings in a list are not."""

    def __init__(self, res: "Resources", longest: int = 4):
        self.gaz, self.locs, self.longest = res.gaz, res.locs, longest
        self.words = res.people.common_words
        self.towns: dict[int, list[tuple[str, int]]] = {}  # county -> (short form, town id)
        for form, ids in res.gaz.town_short.items():
            for pid in ids:
                self.towns.setdefault(res.gaz.place(pid).parent, []).append((form, pid))

    def propose(self, doc: Doc) -> None:
        gaz = self.gaz
        counties = {p for p in doc.places | doc.context if gaz.place(p).level == "county"}
        stems: dict[str, list[int]] = {}
        for county in sorted(counties):
            for form, pid in self.towns.get(county, ()):
                if len(form) >= 2 and form not in self.locs.ambiguous and form not in self.locs.never_names:
                    stems.setdefault(form, []).append(pid)
        for s in doc.sents:
            self._lists(s, counties)
            self._anywhere(s, stems)

    def _anywhere(self, s: Prepared, stems: dict[str, list[int]]) -> None:
        """Towns of the document's counties where they stand as a word of their own
        (营里旅游小镇 on a page about its county)."""
        norm = s.norm
        for form, ids in stems.items():
            for k in find_all(norm, form):
                end = k + len(form)
                if norm[end:end + 1] in self.locs.town_name_chars or not aligned(s, k, end) or \
                        inside_title(s, k, end) or self.words.get(form, 0) >= 20000:
                    continue
                s.locs.append(Candidate(k, end, "LOC", "gazetteer:county_town", 0.75, priority=2,
                                        place_ids=tuple(ids)))

    def _items(self, s: Prepared) -> dict[tuple[int, int], tuple[int, ...]]:
        """Town short forms standing right before or right after a 、 (the longest
        that is one), with the ids of their counties."""
        norm, short = s.norm, self.gaz.town_short
        out: dict[tuple[int, int], tuple[int, ...]] = {}
        for k in find_all(norm, "、"):
            for n in range(self.longest, 1, -1):  # the item before the 、
                if k - n >= 0 and norm[k - n:k] in short:
                    out[(k - n, k)] = short[norm[k - n:k]]
                    break
            for n in range(self.longest, 1, -1):  # the item after it
                name = norm[k + 1:k + 1 + n]
                if len(name) == n and name in short:
                    # (the full name, 稻田镇, is the gazetteer's)
                    if norm[k + 1 + n:k + 2 + n] not in self.locs.town_name_chars:
                        out[(k + 1, k + 1 + n)] = short[name]
                    break
        return out

    def _lists(self, s: Prepared, counties: set[int]) -> None:
        items = self._items(s)
        if not items:
            return
        gaz = self.gaz
        by_county: dict[int, set[str]] = {}
        for (a, b), ids in items.items():
            for pid in ids:
                by_county.setdefault(gaz.place(pid).parent, set()).add(s.norm[a:b])
        for (a, b), ids in items.items():
            if inside_title(s, a, b) or s.norm[a:b] in self.locs.never_names:
                continue
            mine = [p for p in ids if gaz.place(p).parent in counties or len(by_county[gaz.place(p).parent]) >= 2]
            if mine:
                s.locs.append(Candidate(a, b, "LOC", "gazetteer:county_towns", 0.8, priority=2,
                                        place_ids=tuple(mine)))
