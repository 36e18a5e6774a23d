"""Proposer: places from the gazetteer (rules/gazetteer/: full names, short forms,
the village index) with the guards that keep common words out."""
from __future__ import annotations

from functools import lru_cache

from .base import Candidate, NameIndex, _Sent, _find_all
from ..rules import RuleError, load_lines, rule_path
from ..gazetteer import LEVEL_RANK


@lru_cache(maxsize=1)
def foreign_places() -> tuple[NameIndex, dict[str, str]]:
    """rules/foreign_places.tsv (CLDR via tools/build_foreign.py): name -> kind."""
    kinds: dict[str, str] = {}
    for n, line in enumerate(load_lines("foreign_places.tsv"), 1):
        cols = line.split("\t")
        if len(cols) != 3 or cols[1] not in ("country", "continent", "city"):
            raise RuleError(f"{rule_path('foreign_places.tsv')}: entry {n}: expected name, kind, code")
        kinds[cols[0]] = cols[1]
    return NameIndex(kinds), kinds


class GazetteerPlaces:
    """LOC from the gazetteer and from CLDR's foreign places."""

    RULES = ("gazetteer/places.tsv", "gazetteer/villages.tsv.gz", "foreign_places.tsv")

    def _foreign_places(self, s: _Sent) -> None:
        """Countries, continents, foreign cities (越南, 欧洲, 巴黎): a city must stand
        as a word of its own (tokens), a country name is a name wherever it stands."""
        index, kinds = foreign_places()
        for a, b in index.find(s.norm):
            kind = kinds[s.norm[a:b]]
            if s.norm[b:b + 1] == "族":
                continue  # 朝鲜族: an ethnic group, not the country
            if self._inside_title(s, a, b) or kind == "city" and not self._aligned(s, a, b):
                continue
            s.locs.append(Candidate(a, b, "LOC", f"lexicon:{kind}", 0.9 if kind != "city" else 0.8,
                                    priority=2))

    def _gazetteer_hits(self, s: _Sent) -> None:
        s.hits = list(self.gaz.scan(s.norm))

    def _loc_candidates(self, s: _Sent, doc_places: set[int], doc_context: set[int]) -> None:
        gaz, rules = self.gaz, self.locs
        norm = s.norm
        for hit in s.hits:
            name = norm[hit.start:hit.end]
            if name in rules.never_names or self._inside_title(s, hit.start, hit.end):
                continue
            levels = {gaz.place(p).level for p in hit.place_ids}
            cand = Candidate(hit.start, hit.end, "LOC", f"gazetteer:{hit.form}", 0.95,
                             priority=2, place_ids=hit.place_ids)
            undo = rules.suffix_words.get(norm[hit.end - 1:hit.end + 1])
            if undo is not None and norm[hit.end + 1:hit.end + 2] not in undo and not any(
                    gaz.place(p).parent in doc_context for p in hit.place_ids):
                continue  # 平安乡村振兴: 乡村 is the word, not 平安乡 (unless the document is there)
            if hit.form == "full" and len(name) >= 3:
                if norm[hit.start - 1:hit.start + 1] in self.people.common_words and not any(
                        p in doc_places or gaz.place(p).parent in doc_context for p in hit.place_ids
                ) and not any(c.end == hit.start for c in s.locs):  # 平江县|城关镇: a chain
                    if self._aligned(s, hit.start, hit.end):
                        s.weak_locs.append(cand)  # 部分乡镇: 分乡镇 is a town, but 部分 is the word
                    # (split by the tokens, 部分|乡镇人大 names no body either)
                else:
                    s.locs.append(cand)
                continue
            # Short forms (and two-character full names like 和县) need more evidence:
            # not a common word, aligned with tokens (or, without tokens, standing
            # after a boundary), and a province or prefecture, or a county whose full
            # name or prefecture the document also uses (湘乡 after 湘乡市; 咸阳市乾县).
            cand.confidence = 0.8
            known = any(p in doc_places or gaz.place(p).parent in doc_places for p in hit.place_ids)
            if name in rules.ambiguous or not self._aligned(s, hit.start, hit.end):
                s.weak_locs.append(cand)
                continue
            if s.tok_starts is None and not known and not self._boundary_before(s, hit.start):
                s.weak_locs.append(cand)
                continue
            if levels & {"province", "prefecture"} or known or self._after_place(s, hit.start):
                s.locs.append(cand)
            else:
                s.weak_locs.append(cand)
        for c in s.locs + s.weak_locs:  # 固原地区: a place's region is one name
            if norm.startswith("地区", c.end) and not norm.startswith("地区", c.end - 2):
                s.locs.append(Candidate(c.start, c.end + 2, "LOC", "grammar:地区", 0.8, priority=2,
                                        place_ids=c.place_ids))
        for m in rules.named_features_re.finditer(norm):
            if not self._inside_title(s, m.start(), m.end()):
                s.locs.append(Candidate(m.start(), m.end(), "LOC", "lexicon:feature", 0.9, priority=2))
        self._foreign_places(s)
        self._villages(s)
        self._family_places(s)
        self._features(s)
        self._roads(s)
        self._enumerations(s)

    def _after_place(self, s: _Sent, pos: int) -> bool:
        """A county short form right after a county-or-higher place names a place too
        (百色巴马新机场, 湘西吉首): two places joined into one name."""
        return any(c.end == pos and c.place_ids and any(
            LEVEL_RANK[self.gaz.place(p).level] <= LEVEL_RANK["county"] for p in c.place_ids)
            for c in s.locs)


    def _doc_town_shorts(self, sents: list[_Sent]) -> dict[str, tuple[int, ...]]:
        """Short forms of the towns a document names in full (李市 after 李市镇): the
        gazetteer does not scan town short forms everywhere, they are too often words."""
        out: dict[str, tuple[int, ...]] = {}
        for s in sents:
            for hit in s.hits:
                if hit.form != "full" or not hit.place_ids:
                    continue
                place = self.gaz.place(hit.place_ids[0])
                name = s.norm[hit.start:hit.end]
                if place.level != "town" or name in self.locs.never_names:
                    continue
                for suffix in ("街道", "镇", "乡"):
                    stem = name[: -len(suffix)] if name.endswith(suffix) else ""
                    if len(stem) >= 2 and stem not in self.locs.ambiguous:
                        out[stem] = hit.place_ids
        return out

    def _town_short_forms(self, s: _Sent, shorts: dict[str, tuple[int, ...]]) -> None:
        """The document's town short forms where they stand as words (李市全镇, 演丰旅游小镇)."""
        words = self.people.common_words
        for stem, ids in shorts.items():
            for k in _find_all(s.norm, stem):
                end = k + len(stem)
                if s.norm[end:end + 1] in "镇乡街" or self._inside_title(s, k, end):
                    continue  # the full name, found by the gazetteer
                if not self._aligned(s, k, end) or words.get(stem, 0) >= 20000:
                    continue
                if any(c.start < end and k < c.end for c in s.locs):
                    continue
                s.locs.append(Candidate(k, end, "LOC", "gazetteer:town_short", 0.75, priority=2,
                                        place_ids=ids))
