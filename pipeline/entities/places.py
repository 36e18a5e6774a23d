"""Proposers of places from lexicons: the gazetteer (rules/gazetteer/: full names,
short forms), CLDR's foreign places, and the short forms of towns a document
names in full.  Each guards against common words (rules/common_words.txt)."""
from __future__ import annotations

from typing import TYPE_CHECKING

from ..gazetteer import LEVEL_RANK
from ..rules import RuleError, load_lines, rule_path
from .base import Candidate, Doc, NameIndex, Prepared, aligned, boundary_before, find_all, inside_title

if TYPE_CHECKING:
    from .resources import Resources


class GazetteerPlaces:
    """LOC from the gazetteer: full names, guarded short forms, regions (X地区) and
    the named rivers and lakes of loc_grammar.yml.  Also records the places the
    document names in full (they license short forms and choose among namesakes)."""

    def __init__(self, res: "Resources"):
        self.gaz, self.locs, self.words = res.gaz, res.locs, res.people.common_words

    def propose(self, doc: Doc) -> None:
        gaz, locs = self.gaz, self.locs
        for s in doc.sents:
            s.hits = list(gaz.scan(s.norm))
            for hit in s.hits:
                name = s.norm[hit.start:hit.end]
                if (hit.form == "full" and len(name) >= 3 and len(hit.place_ids) == 1
                        and name not in locs.never_names
                        and LEVEL_RANK[gaz.place(hit.place_ids[0]).level] <= LEVEL_RANK["county"]):
                    doc.places.update(hit.place_ids)
        doc.context = {a for pid in doc.places for a in gaz.ancestors(pid)
                       if gaz.place(a).level in ("prefecture", "county")}
        for s in doc.sents:
            self._hits(s, doc.places, doc.context)

    def _hits(self, s: Prepared, doc_places: set[int], doc_context: set[int]) -> None:
        gaz, rules, words = self.gaz, self.locs, self.words
        norm = s.norm
        for hit in s.hits:
            name = norm[hit.start:hit.end]
            if name in rules.never_names or inside_title(s, hit.start, hit.end):
                continue
            levels = {gaz.place(p).level for p in hit.place_ids}
            cand = Candidate(hit.start, hit.end, "LOC", f"gazetteer:{hit.form}", 0.95,
                             priority=2, place_ids=hit.place_ids)
            undo = rules.suffix_words.get(norm[hit.end - 1:hit.end + 1])
            if undo is not None and norm[hit.end + 1:hit.end + 2] not in undo and not any(
                    gaz.place(p).parent in doc_context for p in hit.place_ids):
                continue  # 平安乡村振兴: 乡村 is the word, not 平安乡 (unless the document is there)
            if hit.form == "full" and len(name) >= 3:
                if norm[hit.start - 1:hit.start + 1] in words and not any(
                        p in doc_places or gaz.place(p).parent in doc_context for p in hit.place_ids
                ) and not any(c.end == hit.start for c in s.locs):  # 平江县|城关镇: a chain
                    if aligned(s, hit.start, hit.end):
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
            if hit.form == "full" and not known:  # 滑县 on a page naming 河南省: a full name within it
                known = any(a in doc_places for p in hit.place_ids for a in gaz.ancestors(p)[:-1])
            if name in rules.ambiguous or not aligned(s, hit.start, hit.end):
                s.weak_locs.append(cand)
                continue
            if s.tok_starts is None and not known and not boundary_before(s, hit.start, rules.stem_stop_chars):
                s.weak_locs.append(cand)
                continue
            if levels & {"province", "prefecture"} or known or self._after_place(s, hit.start):
                s.locs.append(cand)
            else:
                s.weak_locs.append(cand)
        region = rules.region_word
        for c in s.locs + s.weak_locs:  # 固原地区: a place's region is one name
            if norm.startswith(region, c.end) and not norm.startswith(region, c.end - len(region)):
                s.locs.append(Candidate(c.start, c.end + len(region), "LOC", "grammar:region", 0.8,
                                        priority=2, place_ids=c.place_ids))
        for m in rules.named_features_re.finditer(norm):
            if not inside_title(s, m.start(), m.end()):
                s.locs.append(Candidate(m.start(), m.end(), "LOC", "lexicon:feature", 0.9, priority=2))

    def _after_place(self, s: Prepared, pos: int) -> bool:
        """A county short form right after a county-or-higher place names a place too
        (百色巴马新机场, 湘西吉首): two places joined into one name."""
        return any(c.end == pos and c.place_ids and any(
            LEVEL_RANK[self.gaz.place(p).level] <= LEVEL_RANK["county"] for p in c.place_ids)
            for c in s.locs)


class ForeignPlaces:
    """Countries, continents, foreign cities (越南, 欧洲, 巴黎) from
    rules/foreign_places.tsv (CLDR via tools/build_foreign.py): a city must stand
    as a word of its own (tokens), a country name is a name wherever it stands."""

    def __init__(self, res: "Resources", table: str = "foreign_places.tsv"):
        self.kinds: dict[str, str] = {}
        for n, line in enumerate(load_lines(table, schema="foreign_places.tsv"), 1):
            cols = line.split("\t")
            if len(cols) != 3 or cols[1] not in ("country", "continent", "city"):
                raise RuleError(f"{rule_path(table)}: entry {n}: expected name, kind, code")
            self.kinds[cols[0]] = cols[1]
        self.index = NameIndex(self.kinds)
        self.ethnic = res.locs.ethnic_marker

    def propose(self, doc: Doc) -> None:
        for s in doc.sents:
            for a, b in self.index.find(s.norm):
                kind = self.kinds[s.norm[a:b]]
                if s.norm.startswith(self.ethnic, b):
                    continue  # 朝鲜族: an ethnic group, not the country
                if inside_title(s, a, b) or kind == "city" and not aligned(s, a, b):
                    continue
                s.locs.append(Candidate(a, b, "LOC", f"lexicon:{kind}", 0.9 if kind != "city" else 0.8,
                                        priority=2))


class TownShortForms:
    """The short forms of the towns and villages a document names in full (李市 after
    李市镇, 石门坎 after 石门坎村), where they stand as words (李市全镇, 石门坎安置区):
    the gazetteer does not scan these short forms everywhere, they are too often
    words.  (Sources gazetteer:town_short and gazetteer:village_short.)"""

    def __init__(self, res: "Resources"):
        self.gaz, self.locs, self.words = res.gaz, res.locs, res.people.common_words

    def propose(self, doc: Doc) -> None:
        shorts = {stem: (ids, unit) for stem, (ids, unit) in self._doc_village_shorts(doc).items()}
        shorts.update((stem, (ids, None)) for stem, ids in self._doc_town_shorts(doc).items())
        for s in doc.sents:
            self._short_forms(s, shorts)

    def _doc_village_shorts(self, doc: Doc) -> dict[str, tuple[tuple[int, ...], str]]:
        """Stems of the villages and communities the gazetteer's village index knows
        in the document (石门坎 of 石门坎村), with the ids of their towns and the full name."""
        out: dict[str, tuple[tuple[int, ...], str]] = {}
        for s in doc.sents:
            for c in s.locs:
                if c.source != "gazetteer:village":
                    continue
                name = s.norm[c.start:c.end]
                suffix = next((x for x in self.locs.village_suffixes if name.endswith(x)), "")
                stem = name[: -len(suffix)] if suffix else ""
                if len(stem) >= 2 and stem not in self.locs.ambiguous and stem not in self.locs.never_names:
                    out[stem] = (c.village_of, name)
        return out

    def _doc_town_shorts(self, doc: Doc) -> dict[str, tuple[int, ...]]:
        out: dict[str, tuple[int, ...]] = {}
        for s in doc.sents:
            for hit in s.hits:
                if hit.form != "full" or not hit.place_ids:
                    continue
                place = self.gaz.place(hit.place_ids[0])
                name = s.norm[hit.start:hit.end]
                if place.level != "town" or name in self.locs.never_names:
                    continue
                for suffix in self.locs.town_suffixes:
                    stem = name[: -len(suffix)] if name.endswith(suffix) else ""
                    if len(stem) >= 2 and stem not in self.locs.ambiguous:
                        out[stem] = hit.place_ids
        return out

    def _short_forms(self, s: Prepared, shorts: dict[str, tuple[tuple[int, ...], str | None]]) -> None:
        """``shorts``: stem -> (town ids, None) or (village's town ids, village name)."""
        for stem, (ids, unit) in shorts.items():
            for k in find_all(s.norm, stem):
                end = k + len(stem)
                nxt = s.norm[end:end + 1]
                if not nxt or nxt in self.locs.town_name_chars or inside_title(s, k, end):
                    continue  # the full name, found by the gazetteer (or the sentence's end)
                if not aligned(s, k, end) or self.words.get(stem, 0) >= 20000:
                    continue
                if any(c.start < end and k < c.end for c in s.locs):
                    continue
                if unit is None:
                    s.locs.append(Candidate(k, end, "LOC", "gazetteer:town_short", 0.75, priority=2,
                                            place_ids=ids))
                else:
                    s.locs.append(Candidate(k, end, "LOC", "gazetteer:village_short", 0.75, priority=2,
                                            village_of=ids, unit=unit))
