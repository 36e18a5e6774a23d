"""Which place a figure is about: the locality linker.

Looked for from near to far, each step recorded in ``locality.source``:

- ``clause``: in the figure's own clause, a place right before the figure
  (昌平区117个: the container of what is counted), else the clause's subject
  (a place or a body named after one, 滨州市人大 counts for 滨州市), else the
  nearest place before it, else a place right after it (17名贵州省代表);
- ``level``: 全市, 本县, 我镇, 该区, or a body named by its level only
  (市人大常委会): the unit of that level named nearest in context (``levels``);
- ``sentence``: the subject of an earlier clause of the sentence;
- ``paragraph``: the subject of an earlier sentence of the paragraph;
- ``title``, ``contributor``, ``document``, ``site``: the frames (``scope``).

Which places may capture a figure at all is ``filters``; for a figure inside a
quotation, the speaker's places outside it do not count.
"""
from __future__ import annotations

import bisect
from collections import Counter
from typing import Any

from ..records import Entity, Sentence
from .cues import Cues
from .filters import PlaceFilter
from .levels import Context, LevelResolver
from .places import ForeignNames, Place, ProvinceNames, place_of
from .lists import enclosing, respective
from .scope import DocScope, SectionScopes
from .structure import DocStructure


class Linker:
    """Locality of each figure of one document."""

    def __init__(self, st: DocStructure, sentences: list[Sentence], entities: list[Entity],
                 foreign: ForeignNames, provinces: ProvinceNames | None = None):
        self.st = st
        self.cues: Cues = st.cues
        self.g = st.cues.grammar
        self.sentences = {s.sent_id: s for s in sentences}
        self.places: list[Place] = []
        for e in sorted(entities, key=lambda e: e.start):
            p = place_of(e, self.cues.level_chars, self.cues.generic_levels)
            if p is not None:
                self.places.append(p)
        self._starts = [p.start for p in self.places]
        self.pf = PlaceFilter(st, self.sentences, self.places, foreign)
        if provinces is not None:
            self._read_provinces(provinces)
        self.by_sent: dict[int, list[Place]] = {}
        for p in self.places:
            self.by_sent.setdefault(p.sent_id, []).append(p)
        self.scope = DocScope(self.places, self.pf)
        self.levels = LevelResolver(self.cues, [
            p for p in self.places if self.pf.zone(p) in ("body", "title") and self.pf.counts(p)
            and self.pf.is_subject_any(p)])
        # body sentences that name a place, by start: the earlier sentences of a paragraph
        placed = sorted((s for sid in self.by_sent if (s := self.sentences.get(sid)) is not None
                         and s.zone == "body"), key=lambda s: s.start)
        self._placed = placed
        self._placed_starts = [s.start for s in placed]
        self._subjects: dict[int, list[Place]] = {}
        self.sections = section_scopes(self, sentences)

    # -- what other parts of the stage ask ---------------------------------------------
    def _read_provinces(self, provinces: ProvinceNames) -> None:
        """河南 on a page of 河南省, or where the sentence asks for a province (全省, 省人大),
        is the province, not 河南蒙古族自治县 of another province; 吉林 the province, not
        吉林市."""
        for p in self.places:
            if p.label != "LOC" or p.level_ref:
                continue
            province = provinces.reading(p)
            if province is None:
                continue
            span = self.sentences.get(p.sent_id) or self.st.paragraph_at(p.start)
            asked = span is not None and any(level in ("省", "自治区")
                                             for _, level in self._levels_in(span.start, span.end))
            if asked or self.pf.province == province:
                p.path, p.canonical = province, province

    def opens_with_place(self, sentence: Sentence) -> str | None:
        """The place the sentence's first clause has as its subject (a new item of a
        list of places' doings: 云溪区每月…, 君山区代表…), else None."""
        if sentence.zone != "body" or sentence.end <= sentence.start:
            return None
        clauses = self.st.clauses(sentence.start, sentence.end)
        if not clauses:
            return None  # punctuation only
        c0, c1 = clauses[0]
        pool = self.by_sent.get(sentence.sent_id, [])
        for p in pool:
            if c0 <= p.start < c1 and not p.level_ref and self.pf.counts(p) and self.pf.is_subject(p, c0):
                return self.pf.chain_end(p, pool).name
        return None

    def names_in(self, lo: int, hi: int) -> set[str]:
        """Names of the places (and their enclosing units) named in [lo, hi)."""
        out: set[str] = set()
        for k in range(bisect.bisect_left(self._starts, lo), bisect.bisect_left(self._starts, hi)):
            p = self.places[k]
            out.add(p.name)
            if p.path:
                out.update(p.path.split("/"))
        return out

    def _place_dict(self, p: Place, source: str, context) -> dict[str, Any] | None:
        if p.level_ref:
            found = self.levels.resolve(p.level_ref, context)
            if found:
                found["entity_id"] = p.entity_id
                return found
            if not p.path:
                return None
            # the entity stage's guess for 区人大常委会: only a unit of that level
            # (never the prefecture the page also names)
            suffixes = self.cues.level_suffixes.get(p.level_ref, (p.level_ref,))
            parts = p.path.split("/")
            for i in range(len(parts) - 1, -1, -1):
                if parts[i].endswith(suffixes) and not (p.level_ref == "区" and parts[i].endswith("自治区")) \
                        and self.levels.of_level(p.level_ref, parts[i], i + 1):
                    found = p.as_dict(source, name=parts[i], path="/".join(parts[: i + 1]))
                    found["text"] = parts[i]
                    return found
            return None
        return p.as_dict(source)

    # -- the linker ------------------------------------------------------------------
    def _subjects_before(self, lo: int, hi: int, places: list[Place]) -> list[Place]:
        """Subject places of the clauses in [lo, hi), nearest first (chains resolved)."""
        out = []
        for c0, c1 in reversed(self.st.clauses(lo, hi)):
            inside = [p for p in places if c0 <= p.start < c1 and self.pf.counts(p) and not self.pf.is_feature(p)]
            subj = next((p for p in inside if self.pf.is_subject(p, c0)), None)
            if subj is not None:
                out.append(self.pf.chain_end(subj, inside) if not subj.level_ref else subj)
        return out

    def _levels_in(self, lo: int, hi: int) -> list[tuple[int, str]]:
        text = self.st.folded(lo, hi)
        return [(m.start(), m.group("level")) for m in self.cues.level_word.finditer(text)]

    def candidates(self, sentence: Sentence, start: int, end: int) -> list[tuple[str, dict[str, Any] | None]]:
        """Every unit the rules propose for the figure at [start, end), near to far, each
        with the rule that proposes it (a unit may come several times); the first is the
        cascade's choice.  ``None`` is proposed for a figure about a foreign place."""
        st = self.st
        para = st.paragraph_at(start)
        if para is not None and para.item:
            found = self._item_locality(para)
            return [("item", found)]
        out: list[tuple[str, dict[str, Any] | None]] = []

        def add(rule: str, found: dict[str, Any] | None) -> None:
            if found is not None:
                found["rule"] = rule
            out.append((rule, found))

        places = self.by_sent.get(sentence.sent_id, [])
        c0, c1 = st.clause_of(start, sentence.start, sentence.end)
        # context for level words: before the figure, nearest first, then the frames
        context = Context(start, self.scope.frames(sentence.article))
        # quotation: the speaker's places outside it do not count
        head = st.folded(sentence.start, start)
        quoted = head.count("“") > head.count("”")
        q0 = sentence.start + (head.rfind("“") if quoted else 0)
        pool = [p for p in places if self.pf.counts(p) and (not quoted or p.start >= q0)
                and not (p.start >= end and self.pf.is_example(p))]  # 12件,涉及某镇…: examples
        # places before the figure in its clause, or inside its own span before the number
        # (票决确定美兰区2025年10项)
        num_at = self.pf.number_start(start, end)
        in_clause = [p for p in pool if c0 <= p.start and p.end <= num_at
                     and not (p.label == "LOC" and self.pf.etc_list_member(p, num_at))]
        nearest = [p for p in places if c0 <= p.start and p.end <= num_at]
        if nearest and self.pf.is_foreign(nearest[-1]):
            add("foreign", nearest[-1].as_dict("clause"))  # a figure about a foreign place: that place
        elif not nearest and self.pf.foreign_subject(c0, start):
            add("foreign", None)  # a foreign place the entities missed: no Chinese unit, not the document's
        paired = respective(self.pf, sentence, num_at, places)
        if paired is not None:
            add("respective", paired.as_dict("clause"))
        levels = self._levels_in(c0, start)
        v_last = st.view.index(in_clause[-1].end) - st.view.index(c0) if in_clause else -1
        for vpos, level in reversed(levels):
            if vpos >= v_last:  # 全州4名: nearer than any place of the clause
                add_if(add, "level_near", self.levels.resolve(level, context))
        # a. the container right before the figure
        if in_clause:
            last = in_clause[-1]
            gap = self.g["date_like"].sub("", st.folded(last.end, num_at))
            gap = self.g["container_gap"].sub("", gap)
            if len(gap) <= 1:
                add_if(add, "container", self._place_dict(last, "clause", context))
            # b. the clause's subject; c. the nearest place before the figure
            subj = next((p for p in in_clause if self.pf.is_subject(p, c0)), None)
            if subj:
                add_if(add, "clause_subject", self._place_dict(self.pf.chain_end(subj, in_clause), "clause", context))
            for cand in reversed(in_clause):
                add_if(add, "clause_near", self._place_dict(cand, "clause", context))
        # d. right after the figure, in its noun phrase
        after = [p for p in pool if end <= p.start <= end + 1 and p.start < c1 and not p.level_ref]
        if after:
            add_if(add, "after", self._place_dict(after[0], "clause", context))
        # e. a level word in the clause (全市69个乡镇)
        for _, level in reversed(levels):
            add_if(add, "level_clause", self.levels.resolve(level, context))
        # a list closed by 等 before the figure (某镇、某镇等地新建8个): the members'
        # enclosing unit, never a place carried from an earlier clause or sentence
        members = [p for p in places if c0 <= p.start and p.end <= num_at and p.label == "LOC"
                   and self.pf.etc_list_member(p, num_at)]
        if members:
            unit = enclosing(members)
            if unit is not None:
                add("etc_enclosing", unit)
            else:
                self._add_frames(add, sentence.article, context)
        # f. the subject of an earlier clause of the sentence
        lo = q0 if quoted else sentence.start
        for cand in self._subjects_before(lo, c0, pool):
            add_if(add, "sentence_subject", self._place_dict(cand, "sentence", context))
        for _, level in reversed(self._levels_in(lo, c0)):
            found = self.levels.resolve(level, context)
            if found:
                found["source"] = "level"
                add("sentence_level", found)
        if quoted:
            self._add_frames(add, sentence.article, context)
        # g. the subject of an earlier sentence of the paragraph
        if para is not None:
            for s in self._earlier_placed_sentences(para.start, sentence):
                for cand in self._sentence_subjects(s):
                    add_if(add, "paragraph_subject", self._place_dict(cand, "paragraph", context))
        # the scope: whose report this part of the page is (section, lead, title, ...)
        frames = self.sections.scopes(para.start if para else start, sentence.article)
        fallbacks = self.scope.fallbacks(sentence.article, lambda p, zone: self._place_dict(p, zone, context))
        cut = next((i for i, (rule, _) in enumerate(fallbacks) if rule not in ("title", "contributor")),
                   len(fallbacks))
        frames += fallbacks[:cut] + self.sections.speaker_scope() + fallbacks[cut:]
        scope = innermost(frames)
        if scope is not None:
            add("scope", scope)
        for rule, found in frames:
            add(rule, found)
        return out

    def _add_frames(self, add, article: int | None, context) -> None:
        for rule, found in self.scope.fallbacks(article, lambda p, zone: self._place_dict(p, zone, context)):
            add(rule, found)

    # -- per-document caches: a long document has many figures and many places, and
    # each figure must not walk all of them again
    def _earlier_placed_sentences(self, para_start: int, sentence: Sentence) -> list[Sentence]:
        """Body sentences of the paragraph before ``sentence`` that name a place, nearest first."""
        lo = bisect.bisect_left(self._placed_starts, para_start)
        hi = bisect.bisect_left(self._placed_starts, sentence.start)
        return self._placed[lo:hi][::-1]

    def _sentence_subjects(self, s: Sentence) -> list[Place]:
        if s.sent_id not in self._subjects:
            sp = [p for p in self.by_sent.get(s.sent_id, []) if self.pf.counts(p)]
            self._subjects[s.sent_id] = self._subjects_before(s.start, s.end, sp)
        return self._subjects[s.sent_id]

    def _item_locality(self, para) -> dict[str, Any] | None:
        """A figure in a navigation or related-news line: its own place, else
        我市 and the like for the site's place, else none."""
        lo, hi = bisect.bisect_left(self._starts, para.start), bisect.bisect_left(self._starts, para.end)
        for p in self.places[lo:hi]:
            if p.name not in self.pf.foreign and not p.level_ref:
                return p.as_dict("item")
        if self._levels_in(para.start, para.end) and self.scope.site is not None:
            return self.scope.site.as_dict("site")
        return None


def add_if(add, rule: str, found: dict[str, Any] | None) -> None:
    """Propose ``found`` under ``rule`` when the rule found a unit."""
    if found is not None:
        add(rule, found)


REFINERS = ("section", "lead", "title", "contributor", "speaker")  # not the most named, nor the site


def innermost(frames: list[tuple[str, dict[str, Any]]]) -> dict[str, Any] | None:
    """The reporting scope: the deepest of the frames that lie on one line with the
    first (a section's district inside the title's city, a report's town inside the
    county its title names); frames of other branches do not count, nor does the
    place named most (often a town the report only visits)."""
    if not frames:
        return None
    first = frames[0][1]
    best, depth = first, _depth(first)
    fp = _path(first)
    for rule, found in frames[1:]:
        if rule not in REFINERS:
            continue
        p = _path(found)
        if fp and p and len(p) > depth and p[:len(fp)] == fp:
            best, depth = found, len(p)
    return dict(best)


def _path(loc: dict[str, Any]) -> list[str]:
    return loc["path"].split("/") if loc.get("path") else []


def _depth(loc: dict[str, Any]) -> int:
    return len(_path(loc))


def section_scopes(lk: "Linker", sentences: list[Sentence]) -> SectionScopes:
    """The section, lead and speaker scopes of one document (see ``SectionScopes``)."""
    doc_places = [p for p in lk.places if not p.level_ref and lk.pf.counts(p)
                  and lk.pf.zone(p) in ("body", "title", "header")]
    by_start = sorted(sentences, key=lambda s: s.start)
    starts = [s.start for s in by_start]
    openings: dict[int | None, list[tuple[int, dict[str, Any]]]] = {}
    for para in lk.st.paragraphs:
        if para.item or para.caption:
            continue
        lo = lk.pf.dateline_end(para)
        label = lk.g["column_label"].match(lk.st.folded(lo, para.end))
        if label:  # 【代表风采】敬信镇人大代表…: the headline after the column's label
            v0 = lk.st.view.index(lo) + label.end()
            lo = lk.st.to_original(v0, v0)[0]
        k = bisect.bisect_right(starts, lo) - 1
        s = by_start[k] if k >= 0 else None
        if s is None or s.zone != "body" or s.end <= lo:
            continue
        stop = lk.g["sentence_stop"].search(lk.st.doc.text, lo, para.end)
        found = _opening(lk, lo, stop.end() if stop else para.end, s.article, doc_places)
        if found is not None:
            openings.setdefault(s.article, []).append((para.start, found))
    bodies = Counter(p.level_ref for p in lk.places if p.level_ref and lk.pf.zone(p) in ("body", "title"))
    speaker = None
    for level, _ in bodies.most_common(1):
        speaker = lk.levels.document_unit(level, doc_places)
    return SectionScopes(openings, speaker)

def _opening(lk: "Linker", lo: int, hi: int, article: int | None, doc_places: list[Place]) -> dict[str, Any] | None:
    """The unit a paragraph opens with: the subject of the first clause of its first
    sentence ([lo, hi), after a news dateline) with a place, a level body or a level
    word as its subject."""
    pool = [p for p in lk.places[bisect.bisect_left(lk._starts, lo):bisect.bisect_left(lk._starts, hi)]
            if lk.pf.counts(p) and not lk.pf.is_feature(p)]
    for c0, c1 in lk.st.clauses(lo, hi):
        inside = [p for p in pool if c0 <= p.start < c1 and not lk.pf.affiliation(p)]
        subj = next((p for p in inside if lk.pf.is_subject(p, c0)), None)
        level = subj.level_ref if subj is not None else None
        if subj is None:  # 全县…, 我镇… (not 各乡镇…: every township)
            m = lk.cues.level_word.match(lk.pf.bare_prefix(lk.st.folded(c0, c1)))
            level = m.group("level") if m and not m.group(0).startswith(lk.cues.distributive) else None
        if level is not None:
            found = lk.levels.resolve(level, Context(c0, lk.scope.frames(article))) \
                or lk.levels.document_unit(level, doc_places)
            if found is not None:
                return found
        elif subj is not None:
            return lk.pf.chain_end(subj, inside).as_dict("section")
    return None
