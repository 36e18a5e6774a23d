"""Which place a figure is about: the locality linker.

Looked for from near to far, each step recorded in ``locality.source``:

- ``clause``: in the figure's own clause, a place right before the figure
  (昌平区117个: the container of what is counted), else the clause's subject
  (a place or a body named after one, 滨州市人大 counts for 滨州市), else the
  nearest place before it, else a place right after it (17名贵州省代表);
- ``level``: 全市, 本县, 我镇, 该区, or a body named by its level only
  (市人大常委会): the unit of that level named nearest in context;
- ``sentence``: the subject of an earlier clause of the sentence;
- ``paragraph``: the subject of an earlier sentence of the paragraph;
- ``title``, ``contributor``: the article's headline and contributor;
- ``document``: the place the document names most (its main place);
- ``site``: the page's masthead, breadcrumb or source line (last resort, so a
  web page's facts do not fall back to the site's province when the article
  names the place).

Places that never capture a figure: members of a list (新型社区、武障河片区等10个
项目), places excluded by 除…外, places inside a law's or a book's title
(制定宜宾三江新区条例, 《…》), places inside a media or site name (中国西藏网),
foreign places, places in navigation and related-news lines, village-level
gazetteer matches from another province than the document's, and, for a
figure inside a quotation, the speaker's places outside it.
"""
from __future__ import annotations

import bisect
from collections import Counter
from typing import Any, Iterator

import regex

from ..records import Article, Entity, Sentence
from ..view import to_simplified
from .cues import Cues
from .places import ForeignNames, Place, place_of
from .structure import DocStructure

class Linker:
    """Locality of each figure of one document."""

    def __init__(self, st: DocStructure, sentences: list[Sentence], entities: list[Entity],
                 foreign: ForeignNames):
        self.st = st
        self.cues: Cues = st.cues
        self.foreign = foreign
        self.sentences = {s.sent_id: s for s in sentences}
        self.level_re = self.cues.level_word
        self.places: list[Place] = []
        for e in sorted(entities, key=lambda e: e.start):
            p = place_of(e, self.cues.level_chars)
            if p is not None:
                self.places.append(p)
        self.province = self._main_province()
        self.by_sent: dict[int, list[Place]] = {}
        for p in self.places:
            self.by_sent.setdefault(p.sent_id, []).append(p)
        self._counting: dict[str, bool] = {}
        self._eligible: list[Place] | None = None
        self._eligible_ends: list[int] = []
        self._earlier: dict[tuple[int, int], list[Sentence]] = {}
        self._subjects: dict[int, list[Place]] = {}
        self._subject_cache: dict[tuple[int, int], bool] = {}
        self.site = self._site_place()
        self.main = self._main_place()

    # -- which places count ----------------------------------------------------
    def _zone(self, p: Place) -> str:
        s = self.sentences.get(p.sent_id)
        return s.zone if s else "body"

    def _main_province(self) -> str | None:
        counts = Counter(p.path.split("/")[0] for p in self.places
                         if p.path and p.confidence >= 0.8 and p.depth <= 3 and not p.level_ref)
        return counts.most_common(1)[0][0] if counts else None

    def counts(self, p: Place) -> bool:
        """Whether ``p`` may capture a figure at all (see the module's docstring)."""
        key = p.entity_id or f"{p.start}"
        if key not in self._counting:
            self._counting[key] = self._counts(p)
        return self._counting[key]

    def is_foreign(self, p: Place) -> bool:
        return self.foreign.is_foreign(p)

    def _counts(self, p: Place) -> bool:
        zone = self._zone(p)
        para = self.st.paragraph_at(p.start)
        if zone in ("aside", "furniture") or para is not None and para.item and zone != "title":
            return False
        return not (self.is_foreign(p) or self._media_name(p) or self._weak_match(p)
                    or self._in_book_or_law_title(p) or self._list_member(p) or self._excluded(p)
                    or self._project_object(p) or self._comparison_base(p))

    def _comparison_base(self, p: Place) -> bool:
        """高于宁夏平均水平, 比全省高: the place a figure is compared with."""
        before = regex.sub(r"\s+", "", self._before(p))
        before = regex.sub(r"全$", "", before)
        return before.endswith(self.cues.comparison_place_before)

    def _text(self, lo: int, hi: int) -> str:
        return self.st.folded(max(0, lo), min(hi, len(self.st.doc.text)))

    def _before(self, p: Place) -> str:
        sent = self.sentences.get(p.sent_id)
        return self._text(sent.start if sent else p.start - 60, p.start)

    def _media_name(self, p: Place) -> bool:
        """宁夏新闻网, 中国西藏网, 新重庆客户端 (but not 某县网格员)."""
        after = self._text(p.end, p.end + 8)
        return p.label == "LOC" and after.startswith(self.cues.media_suffixes) \
            and not after.startswith(self.cues.media_not)

    def _weak_match(self, p: Place) -> bool:
        """An unplaced grammar guess, or a village of another province than the document's."""
        if p.path is None and p.label == "LOC":
            return p.confidence < 0.7 or p.source.startswith("grammar:enumeration")
        return bool(self.province and p.path and p.depth >= 4 and not p.level_ref
                    and p.path.split("/")[0] != self.province)

    def _in_book_or_law_title(self, p: Place) -> bool:
        """《…》, or 制定/修改/通过 + a name ending in 条例/办法/规定 (制定宜宾三江新区条例)."""
        before = self._before(p)
        if before.count("《") > before.count("》"):
            return True
        if not before.endswith(self.cues.law_verbs):
            return False
        window = regex.split(r"[,;:。，；：、\s了]", self._text(p.end, p.end + self.cues.law_window))[0]
        return any(w in window for w in self.cues.law_suffixes)

    def _list_member(self, p: Place) -> bool:
        """A member of a 、-list: 东平镇、湖洋镇等5个乡镇, 新型社区(村居)、, 沾化冬枣、."""
        if self._before(p).endswith("、") or self._etc_member(p):
            return True
        tail = regex.sub(r"^[(（][^)）]{0,6}[)）]", "", self._text(p.end, p.end + 14))
        return p.label == "LOC" and bool(regex.match(r"^[\p{Han}A-Za-z]{0,4}?、", tail))

    def _project_object(self, p: Place) -> bool:
        """桃源河治理, 连接路硬化, 某水库除险加固工程: a river, road or reservoir named
        as a project is the project's object, not the place its figures are about."""
        written = to_simplified(p.text)
        if p.label != "LOC" or not written.endswith(self.cues.feature_suffixes):
            return False
        if p.path and p.depth < 4:
            return False  # a county or a prefecture (綦江) named as written: a unit
        # (a village matched by its short form, 桃源河 for 桃源河村, is still the river)
        return self._text(p.end, p.end + 6).startswith(self.cues.project_words)

    def _etc_member(self, p: Place) -> bool:
        """加定镇等4个乡镇, 金口街道等街道: a list closed by 等 (even of one named
        member) is about the enclosing unit, not the member."""
        return p.label == "LOC" and bool(self.cues.etc.match(self._text(p.end, p.end + 8)))

    def _excluded(self, p: Place) -> bool:
        """除旧镇镇外, 除延寿镇、霍营街道外: places the figure leaves out."""
        before = self._before(p)
        if not regex.search(r"除[^,，;；。]*$", before[-20:]):
            return False
        return bool(regex.match(r"^[^,，;；。]*外", self._text(p.end, p.end + 40)))

    def is_example(self, p: Place) -> bool:
        """A place inside a clause of examples (涉及某镇、某镇等乡镇的…, 如某镇): it
        illustrates a figure before it rather than placing it.  One-character words
        (如) count only when they open the clause."""
        s = self.sentences.get(p.sent_id)
        if s is None:
            return False
        c0, _ = self.st.clause_of(p.start, s.start, s.end)
        prefix = self.cues.opening_junk.sub("", self.st.folded(c0, p.start))
        return any(w in prefix if len(w) > 1 else prefix.startswith(w) for w in self.cues.example_words)

    # -- position in a clause --------------------------------------------------
    def is_subject(self, p: Place, clause_start: int) -> bool:
        """Nothing but dates and fillers (在, 近年来, 据了解) before it in its clause."""
        key = (p.start, clause_start)
        if key not in self._subject_cache:
            self._subject_cache[key] = self._is_subject(p, clause_start)
        return self._subject_cache[key]

    def _is_subject(self, p: Place, clause_start: int) -> bool:
        prefix = self.st.folded(clause_start, p.start)
        prefix = self.cues.date_like.sub("", prefix)
        changed = True
        while changed:
            changed = False
            prefix = self.cues.opening_junk.sub("", prefix)
            for w in self.cues.subject_fillers:
                if prefix.startswith(w):
                    prefix = prefix[len(w):]
                    changed = True
        return prefix == ""

    def _number_start(self, start: int, end: int) -> int:
        """Where the figure's number begins inside its span (the span may open with
        its subject and verb: 票决确定美兰区2025年10项; a year is not the figure)."""
        text = self.st.doc.text[start:end]
        runs = [m for m in self.cues.number_run.finditer(text) if text[m.end():m.end() + 1] != "年"]
        return start + runs[-1].start() if runs else start

    def _foreign_subject(self, c0: int, start: int) -> bool:
        """The clause opens with a foreign country's name (法国共有议员577名)."""
        prefix = self.cues.date_like.sub("", self.st.folded(c0, start))
        prefix = self.cues.opening_junk.sub("", prefix)
        for w in self.cues.subject_fillers:
            if prefix.startswith(w):
                prefix = prefix[len(w):]
                break
        return bool(prefix) and bool(self.foreign.pattern.match(prefix))

    def _is_subject_any(self, p: Place) -> bool:
        s = self.sentences.get(p.sent_id)
        if s is None:
            return False
        if s.zone == "title":
            return True
        c0, _ = self.st.clause_of(p.start, s.start, s.end)
        return self.is_subject(p, c0)

    def chain_end(self, p: Place, pool: list[Place]) -> Place:
        """The most specific unit of a chain of places written together (连云港市灌南县新安镇)."""
        cur = p
        while True:
            nxt = next((q for q in pool if q.start == cur.end and self.counts(q)
                        and (not q.path or not cur.path or q.path.startswith(cur.path))), None)
            if nxt is None:
                return cur
            cur = nxt

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
            if c0 <= p.start < c1 and not p.level_ref and self.counts(p) and self.is_subject(p, c0):
                return self.chain_end(p, pool).name
        return None

    def names_in(self, lo: int, hi: int) -> set[str]:
        """Names of the places (and their enclosing units) named in [lo, hi)."""
        out: set[str] = set()
        for p in self.places:
            if lo <= p.start < hi:
                out.add(p.name)
                if p.path:
                    out.update(p.path.split("/"))
        return out

    # -- levels ----------------------------------------------------------------
    def resolve_level(self, level: str, context: list[Place]) -> dict[str, Any] | None:
        """The nearest place in ``context`` (nearest first) of the given level."""
        suffixes = self.cues.level_suffixes.get(level, (level,))
        for q in context:
            if q.level_ref:
                continue
            name = q.name
            if level == "区" and name.endswith("自治区") and q.depth > 1:
                continue
            if not self._of_level(level, name, q.depth):
                continue  # 区人大常委会 is no 社区's or 片区's
            if any(name.endswith(s) for s in suffixes):
                return q.as_dict("level")
        # 县人大常委会 in a text naming only the county's towns: the towns' county
        for q in context:
            if q.level_ref or not q.path or q.depth < 2:
                continue
            parts = q.path.split("/")
            for i in range(len(parts) - 2, -1, -1):
                if any(parts[i].endswith(s) for s in suffixes) and not (level == "区" and parts[i].endswith("自治区") and i) \
                        and self._of_level(level, parts[i], i + 1):
                    found = q.as_dict("level", name=parts[i], path="/".join(parts[: i + 1]))
                    found["text"] = parts[i]
                    return found
        return None

    def _of_level(self, level: str, name: str, depth: int) -> bool:
        """Whether a unit named ``name`` at ``depth`` of its path (0: unknown) can be
        the unit of ``level``: not a 社区 or 园区 for 区, not deeper than the level."""
        if name.endswith(self.cues.level_not_endings.get(level, ())):
            return False
        most = self.cues.level_max_depth.get(level)
        return not (depth and most and depth > most)

    def _place_dict(self, p: Place, source: str, context: list[Place]) -> dict[str, Any] | None:
        if p.level_ref:
            found = self.resolve_level(p.level_ref, context)
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
                        and self._of_level(p.level_ref, parts[i], i + 1):
                    found = p.as_dict(source, name=parts[i], path="/".join(parts[: i + 1]))
                    found["text"] = parts[i]
                    return found
            return None
        return p.as_dict(source)

    # -- frames ------------------------------------------------------------------
    def _site_place(self) -> Place | None:
        header = [p for p in self.places if self._zone(p) == "header" and not p.level_ref]
        named = [p for p in header if not self.is_foreign(p)]
        if not named:
            return None
        deepest = max(p.depth for p in named)
        return next(p for p in named if p.depth == deepest)  # 来源:某县人大网 over the site's province

    def _main_place(self) -> Place | None:
        body = [p for p in self.places if self._zone(p) in ("body", "title") and self.counts(p)
                and not p.level_ref and not self.is_example(p)]
        if not body:
            return None
        counts = Counter(p.name for p in body)
        best = max(counts.values())
        main = next(p for p in body if counts[p.name] == best)
        return self._titled_unit_under(main) or main

    def _titled_unit_under(self, main: Place) -> Place | None:
        """A unit inside ``main`` that a title or header line names (大丰区…草堰镇人大主席团
        工作报告): the document is about it, so it wins over the county named more often."""
        if not main.path:
            return None
        inside = [p for p in self.places if self._zone(p) in ("title", "header") and not p.level_ref
                  and p.path and p.path.startswith(main.path + "/") and not self.is_foreign(p)]
        return max(inside, key=lambda p: p.depth) if inside else None

    def article_places(self, article: int | None, zone: str) -> list[Place]:
        out = []
        for p in self.places:
            s = self.sentences.get(p.sent_id)
            if s is not None and s.article == article and s.zone == zone and self.counts(p):
                out.append(p)
        return out

    def _first_chain(self, places: list[Place]) -> Place | None:
        plain = [p for p in places if not p.level_ref]
        if not plain:
            return None
        return self.chain_end(plain[0], plain)

    # -- the linker ------------------------------------------------------------------
    def _subjects_before(self, lo: int, hi: int, places: list[Place]) -> list[Place]:
        """Subject places of the clauses in [lo, hi), nearest first (chains resolved)."""
        out = []
        for c0, c1 in reversed(self.st.clauses(lo, hi)):
            inside = [p for p in places if c0 <= p.start < c1 and self.counts(p)]
            subj = next((p for p in inside if self.is_subject(p, c0)), None)
            if subj is not None:
                out.append(self.chain_end(subj, inside) if not subj.level_ref else subj)
        return out

    def _levels_in(self, lo: int, hi: int) -> list[tuple[int, str]]:
        text = self.st.folded(lo, hi)
        return [(m.start(), m.group("level")) for m in self.level_re.finditer(text)]

    def locality(self, sentence: Sentence, start: int, end: int, article: Article | None) -> dict[str, Any] | None:
        st = self.st
        para = st.paragraph_at(start)
        places = self.by_sent.get(sentence.sent_id, [])
        c0, c1 = st.clause_of(start, sentence.start, sentence.end)
        # context for level words: before the figure, nearest first, then the frames
        context = _Context(self._subject_places_before(start) if para is None or not para.item else [],
                           self._frames(sentence.article))
        if para is not None and para.item:
            return self._item_locality(para, start, context)
        # quotation: the speaker's places outside it do not count
        head = st.folded(sentence.start, start)
        quoted = head.count("“") > head.count("”")
        q0 = sentence.start + (head.rfind("“") if quoted else 0)
        pool = [p for p in places if self.counts(p) and (not quoted or p.start >= q0)
                and not (p.start >= end and self.is_example(p))]  # 12件,涉及某镇…: examples
        # places before the figure in its clause, or inside its own span before the number
        # (票决确定美兰区2025年10项)
        num_at = self._number_start(start, end)
        in_clause = [p for p in pool if c0 <= p.start and p.end <= num_at
                     and not (p.label == "LOC" and self._etc_list_member(p, num_at))]
        nearest = [p for p in places if c0 <= p.start and p.end <= num_at]
        if nearest and self.is_foreign(nearest[-1]) or not nearest and self._foreign_subject(c0, start):
            return None  # a figure about a foreign place: no Chinese unit, and not the document's
        paired = self._respective(sentence, num_at, places)
        if paired is not None:
            return paired.as_dict("clause")
        levels = self._levels_in(c0, start)
        v_last = st.view.index(in_clause[-1].end) - st.view.index(c0) if in_clause else -1
        for vpos, level in reversed(levels):
            if vpos >= v_last:  # 全州4名: nearer than any place of the clause
                found = self.resolve_level(level, context)
                if found:
                    return found
        # a. the container right before the figure
        if in_clause:
            last = in_clause[-1]
            gap = self.cues.date_like.sub("", st.folded(last.end, num_at))
            gap = regex.sub(r"[的共有各全约近达计]|[\s\"“”]", "", gap)
            if len(gap) <= 1:
                found = self._place_dict(last, "clause", context)
                if found:
                    return found
            # b. the clause's subject; c. the nearest place before the figure
            subj = next((p for p in in_clause if self.is_subject(p, c0)), None)
            for cand in ([self.chain_end(subj, in_clause)] if subj else []) + list(reversed(in_clause)):
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
            found = self.resolve_level(level, context)
            if found:
                return found
        # a list closed by 等 before the figure (某镇、某镇等地新建8个): the members'
        # enclosing unit, never a place carried from an earlier clause or sentence
        members = [p for p in places if c0 <= p.start and p.end <= num_at and p.label == "LOC"
                   and self._etc_list_member(p, num_at)]
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
            found = self.resolve_level(level, context)
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

    def _etc_list_member(self, p: Place, upto: int) -> bool:
        """``p`` is a member of a 、-list closed by 等 before ``upto``."""
        tail = self._text(p.end, upto)
        if not regex.match(r"^[^,，;；。:：]{0,40}?等", tail):
            return False
        # 某镇、某镇等地; 某街道老旧小区改造、某街道中小学扩容等项目: items of the list
        return self._etc_member(p) or bool(regex.match(r"^[\p{Han}]{0,10}?、", tail))

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
        if regex.search(r"[,;。，；:：]", between):
            return None  # the figure lies in a later clause
        rank = len(regex.findall(r"、|和|及", between))
        cut = self.st.to_original(self.st.view.index(u0) + at, self.st.view.index(u0) + at)[0]
        listed = [p for p in places if u0 <= p.start < cut and not p.level_ref and not self.is_foreign(p)]
        listed = [p for p in listed if not any(q.start == p.end for q in listed)]  # chains: the last
        if not listed:
            return None
        group = [listed[-1]]  # the list that ends nearest 分别: members joined by 、 or 和
        for p in reversed(listed[:-1]):
            gap = self._text(p.end, group[0].start)
            if regex.fullmatch(r"\s*[、和及与]\s*", gap) is None:
                break
            group.insert(0, p)
        if len(group) < 2 or rank >= len(group):
            return None
        return group[rank]

    # -- per-document caches: a long document has many figures and many places, and
    # each figure must not walk all of them again
    def _subject_places_before(self, pos: int) -> Iterator[Place]:
        """Places of the body and titles that may frame a level word, ending before
        ``pos``, nearest first (lazily: the first of the right level usually wins)."""
        if self._eligible is None:
            self._eligible = sorted(
                (p for p in self.places if self._zone(p) in ("body", "title") and self.counts(p)
                 and self._is_subject_any(p)), key=lambda p: p.end)
            self._eligible_ends = [p.end for p in self._eligible]
        i = bisect.bisect_right(self._eligible_ends, pos)
        return (self._eligible[k] for k in range(i - 1, -1, -1))

    def _earlier_placed_sentences(self, para_start: int, sentence: Sentence) -> list[Sentence]:
        """Body sentences of the paragraph before ``sentence`` that name a place, nearest first."""
        key = (para_start, sentence.sent_id)
        if key not in self._earlier:
            found = [s for sid in self.by_sent if (s := self.sentences.get(sid)) is not None
                     and para_start <= s.start < sentence.start and s.zone == "body"]
            self._earlier[key] = sorted(found, key=lambda s: -s.start)
        return self._earlier[key]

    def _sentence_subjects(self, s: Sentence) -> list[Place]:
        if s.sent_id not in self._subjects:
            sp = [p for p in self.by_sent.get(s.sent_id, []) if self.counts(p)]
            self._subjects[s.sent_id] = self._subjects_before(s.start, s.end, sp)
        return self._subjects[s.sent_id]

    def _frames(self, article: int | None) -> list[Place]:
        out = []
        for zone in ("title", "contributor"):
            first = self._first_chain(self.article_places(article, zone))
            if first:
                out.append(first)
        if self.main:
            out.append(self.main)
        if self.site:
            out.append(self.site)
        return out

    def _frame_locality(self, article: int | None, context: list[Place]) -> dict[str, Any] | None:
        for zone in ("title", "contributor"):
            places = self.article_places(article, zone)
            first = self._first_chain(places)
            if first:
                return first.as_dict(zone)
            for p in places:  # a title naming only 县人大常委会
                found = self._place_dict(p, zone, context)
                if found:
                    found["source"] = zone
                    return found
        if self.main:
            return self.main.as_dict("document")
        if self.site:
            return self.site.as_dict("site")
        return None

    def _item_locality(self, para, start: int, context: list[Place]) -> dict[str, Any] | None:
        """A figure in a navigation or related-news line: its own place, else
        我市 and the like for the site's place, else none."""
        own = [p for p in self.places if para.start <= p.start < para.end]
        for p in own:
            if p.name not in self.foreign and not p.level_ref:
                return p.as_dict("item")
        levels = self._levels_in(para.start, para.end)
        if levels and self.site is not None:
            return self.site.as_dict("site")
        return None


class _Context:
    """Where a level word (全市, 县人大常委会) looks for its unit: the places before the
    figure, nearest first, then the document's frames.  Re-iterable and lazy."""

    def __init__(self, before: Iterator[Place] | list[Place], frames: list[Place]):
        self._before = before
        self._seen: list[Place] = []
        self._frames = frames

    def __iter__(self) -> Iterator[Place]:
        yield from self._seen
        for p in self._before:
            self._seen.append(p)
            yield p
        yield from self._frames
