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
from typing import Any

from ..records import Article, Entity, Sentence
from .cues import Cues
from .filters import PlaceFilter
from .levels import Context, LevelResolver
from .places import ForeignNames, Place, place_of
from .scope import DocScope
from .structure import DocStructure


class Linker:
    """Locality of each figure of one document."""

    def __init__(self, st: DocStructure, sentences: list[Sentence], entities: list[Entity],
                 foreign: ForeignNames):
        self.st = st
        self.cues: Cues = st.cues
        self.g = st.cues.grammar
        self.sentences = {s.sent_id: s for s in sentences}
        self.places: list[Place] = []
        for e in sorted(entities, key=lambda e: e.start):
            p = place_of(e, self.cues.level_chars)
            if p is not None:
                self.places.append(p)
        self._starts = [p.start for p in self.places]
        self.pf = PlaceFilter(st, self.sentences, self.places, foreign)
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

    # -- what other parts of the stage ask ---------------------------------------------
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
            inside = [p for p in places if c0 <= p.start < c1 and self.pf.counts(p)]
            subj = next((p for p in inside if self.pf.is_subject(p, c0)), None)
            if subj is not None:
                out.append(self.pf.chain_end(subj, inside) if not subj.level_ref else subj)
        return out

    def _levels_in(self, lo: int, hi: int) -> list[tuple[int, str]]:
        text = self.st.folded(lo, hi)
        return [(m.start(), m.group("level")) for m in self.cues.level_word.finditer(text)]

    def locality(self, sentence: Sentence, start: int, end: int, article: Article | None) -> dict[str, Any] | None:
        st = self.st
        para = st.paragraph_at(start)
        places = self.by_sent.get(sentence.sent_id, [])
        c0, c1 = st.clause_of(start, sentence.start, sentence.end)
        # context for level words: before the figure, nearest first, then the frames
        if para is not None and para.item:
            return self._item_locality(para)
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
        if nearest and self.pf.is_foreign(nearest[-1]) or not nearest and self.pf.foreign_subject(c0, start):
            return None  # a figure about a foreign place: no Chinese unit, and not the document's
        paired = self._respective(sentence, num_at, places)
        if paired is not None:
            return paired.as_dict("clause")
        levels = self._levels_in(c0, start)
        v_last = st.view.index(in_clause[-1].end) - st.view.index(c0) if in_clause else -1
        for vpos, level in reversed(levels):
            if vpos >= v_last:  # 全州4名: nearer than any place of the clause
                found = self.levels.resolve(level, context)
                if found:
                    return found
        # a. the container right before the figure
        if in_clause:
            last = in_clause[-1]
            gap = self.g["date_like"].sub("", st.folded(last.end, num_at))
            gap = self.g["container_gap"].sub("", gap)
            if len(gap) <= 1:
                found = self._place_dict(last, "clause", context)
                if found:
                    return found
            # b. the clause's subject; c. the nearest place before the figure
            subj = next((p for p in in_clause if self.pf.is_subject(p, c0)), None)
            for cand in ([self.pf.chain_end(subj, in_clause)] if subj else []) + list(reversed(in_clause)):
                found = self._place_dict(cand, "clause", context)
                if found:
                    return found
        # d. right after the figure, in its noun phrase
        after = [p for p in pool if end <= p.start <= end + 1 and p.start < c1 and not p.level_ref]
        if after:
            found = self._place_dict(after[0], "clause", context)
            if found:
                return found
        # e. a level word in the clause (全市69个乡镇)
        for _, level in reversed(levels):
            found = self.levels.resolve(level, context)
            if found:
                return found
        # a list closed by 等 before the figure (某镇、某镇等地新建8个): the members'
        # enclosing unit, never a place carried from an earlier clause or sentence
        members = [p for p in places if c0 <= p.start and p.end <= num_at and p.label == "LOC"
                   and self.pf.etc_list_member(p, num_at)]
        if members:
            enclosing = self._enclosing(members)
            return enclosing if enclosing is not None else self._frame_locality(sentence.article, context)
        # f. the subject of an earlier clause of the sentence
        lo = q0 if quoted else sentence.start
        for cand in self._subjects_before(lo, c0, pool):
            found = self._place_dict(cand, "sentence", context)
            if found:
                return found
        for _, level in reversed(self._levels_in(lo, c0)):
            found = self.levels.resolve(level, context)
            if found:
                found["source"] = "level"
                return found
        if quoted:
            return self._frame_locality(sentence.article, context)
        # g. the subject of an earlier sentence of the paragraph
        if para is not None:
            for s in self._earlier_placed_sentences(para.start, sentence):
                for cand in self._sentence_subjects(s):
                    found = self._place_dict(cand, "paragraph", context)
                    if found:
                        return found
        return self._frame_locality(sentence.article, context)

    def _enclosing(self, members: list[Place]) -> dict[str, Any] | None:
        """The unit that holds all of the members (their common parent)."""
        paths = [p.path.split("/") for p in members if p.path]
        if not paths:
            return None
        common: list[str] = []
        for parts in zip(*paths):
            if len(set(parts)) != 1:
                break
            common.append(parts[0])
        if len(common) >= min(len(x) for x in paths):
            common = common[:-1]  # one member: its parent
        if not common:
            return None
        found = members[0].as_dict("clause", name=common[-1], path="/".join(common))
        found["text"] = common[-1]
        return found

    def _respective(self, sentence: Sentence, num_at: int, places: list[Place]) -> Place | None:
        """某镇、某镇的覆盖率分别为96%、92%: the place of the same rank as the figure."""
        u0, _ = self.st.unit_of(sentence, num_at)
        head = self.st.folded(u0, num_at)
        at = max((head.rfind(w) for w in self.cues.respectively), default=-1)
        if at < 0:
            return None
        between = head[at:]
        if self.g["clause_break"].search(between):
            return None  # the figure lies in a later clause
        rank = len(self.g["respective_joiner"].findall(between))
        cut = self.st.to_original(self.st.view.index(u0) + at, self.st.view.index(u0) + at)[0]
        listed = [p for p in places if u0 <= p.start < cut and not p.level_ref and not self.pf.is_foreign(p)]
        listed = [p for p in listed if not any(q.start == p.end for q in listed)]  # chains: the last
        if not listed:
            return None
        group = [listed[-1]]  # the list that ends nearest 分别: members joined by 、 or 和
        for p in reversed(listed[:-1]):
            gap = self.pf.text(p.end, group[0].start)
            if self.g["respective_gap"].match(gap) is None:
                break
            group.insert(0, p)
        if len(group) < 2 or rank >= len(group):
            return None
        return group[rank]

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

    def _frame_locality(self, article: int | None, context) -> dict[str, Any] | None:
        return self.scope.fallback(article, lambda p, zone: self._place_dict(p, zone, context))

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
