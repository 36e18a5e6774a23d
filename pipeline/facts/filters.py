"""Which places may capture a figure, and where a place stands in its clause.

Places that never capture a figure: members of a list (新型社区、武障河片区等10个
项目), places excluded by 除…外, places inside a law's or a book's title
(制定宜宾三江新区条例, 《…》), places inside a media or site name (中国西藏网),
rivers and roads named as a project (桃源河治理), the base of a comparison
(高于宁夏平均水平), foreign places, places in navigation and related-news lines,
and village-level gazetteer matches from another province than the document's.
"""
from __future__ import annotations

from collections import Counter

import regex

from ..chars import alternation
from ..records import Sentence
from ..view import to_simplified
from .cues import Cues
from .places import ForeignNames, Place
from .structure import DocStructure

OFF_ARTICLE = ("aside", "furniture")


class PlaceFilter:
    """The place tests of one document (each place's verdict computed once)."""

    def __init__(self, st: DocStructure, sentences: dict[int, Sentence], places: list[Place],
                 foreign: ForeignNames):
        self.st = st
        self.cues: Cues = st.cues
        self.g = st.cues.grammar
        self.sentences = sentences
        self.foreign = foreign
        self.province = self._main_province(places)
        self._counting: dict[str, bool] = {}
        self._subject_cache: dict[tuple[int, int], bool] = {}
        self._datelines: dict[int, int] = {}
        self._affiliation_re = regex.compile(rf"[\p{{Han}}]{{0,{self.cues.affiliation_window}}}?(?:"
                                             rf"{alternation(self.cues.affiliation_heads)})")
        self._name_re = regex.compile(rf"[\p{{Han}}A-Za-z0-9]{{0,{self.cues.name_window}}}?(?:"
                                      rf"{alternation(self.cues.name_heads)})")

    @staticmethod
    def _main_province(places: list[Place]) -> str | None:
        """The province the page's places lie in: counties and up count whole, towns
        and villages (more often a false match of a common name) half."""
        counts: Counter = Counter()
        for p in places:
            if p.path and p.confidence >= 0.8 and not p.level_ref:
                counts[p.path.split("/")[0]] += 1.0 if p.depth <= 3 else 0.5
        return counts.most_common(1)[0][0] if counts else None

    def zone(self, p: Place) -> str:
        s = self.sentences.get(p.sent_id)
        return s.zone if s else "body"

    def text(self, lo: int, hi: int) -> str:
        return self.st.folded(max(0, lo), min(hi, len(self.st.doc.text)))

    def before(self, p: Place) -> str:
        """The folded text of ``p``'s sentence before it."""
        sent = self.sentences.get(p.sent_id)
        return self.text(sent.start if sent else p.start - 60, p.start)

    # -- which places count ----------------------------------------------------
    def counts(self, p: Place) -> bool:
        """Whether ``p`` may capture a figure at all (see the module's docstring)."""
        key = p.entity_id or f"{p.start}"
        if key not in self._counting:
            self._counting[key] = self._counts(p)
        return self._counting[key]

    def is_foreign(self, p: Place) -> bool:
        return self.foreign.is_foreign(p)

    def _counts(self, p: Place) -> bool:
        zone = self.zone(p)
        para = self.st.paragraph_at(p.start)
        if zone in OFF_ARTICLE or para is not None and para.item and zone != "title":
            return False
        return not (self.is_foreign(p) or self._media_name(p) or self._weak_match(p) or self.in_dateline(p)
                    or self._in_book_or_law_title(p) or self.list_member(p) or self._excluded(p)
                    or self.project_object(p) or self._comparison_base(p) or self.opens_a_name(p))

    def in_dateline(self, p: Place) -> bool:
        """新华社宁波3月10日电, 安徽网蚌埠消息: where the reporter filed from."""
        para = self.st.paragraph_at(p.start)
        return para is not None and p.start < self.dateline_end(para)

    def dateline_end(self, para) -> int:
        """Where a paragraph's opening news dateline ends (its start when it has none)."""
        if para.index not in self._datelines:
            folded = self.st.folded(para.start, para.end)
            m = self.g["dateline"].match(folded)
            end = para.start
            if m is not None:
                v0 = self.st.view.index(para.start)
                end = self.st.to_original(v0 + m.end(), v0 + m.end())[0]
            self._datelines[para.index] = end
        return self._datelines[para.index]

    def _comparison_base(self, p: Place) -> bool:
        """高于宁夏平均水平, 比全省高: the place a figure is compared with."""
        before = regex.sub(r"\s+", "", self.before(p))
        before = self.g["comparison_fill"].sub("", before)
        return before.endswith(self.cues.comparison_place_before)

    def _media_name(self, p: Place) -> bool:
        """宁夏新闻网, 中国西藏网, 新重庆客户端 (but not 某县网格员)."""
        after = self.text(p.end, p.end + 8)
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
        before = self.before(p)
        if before.count("《") > before.count("》"):
            return True
        if not before.endswith(self.cues.law_verbs):
            return False
        window = self.g["law_window_break"].split(self.text(p.end, p.end + self.cues.law_window))[0]
        return any(w in window for w in self.cues.law_suffixes)

    def list_member(self, p: Place) -> bool:
        """A member of a 、-list: 东平镇、湖洋镇等5个乡镇, 新型社区(村居)、, 沾化冬枣、."""
        if self.before(p).endswith("、") or self.etc_member(p):
            return True
        tail = self.g["bracket_aside"].sub("", self.text(p.end, p.end + 14))
        return p.label == "LOC" and bool(self.g["list_member_after"].match(tail))

    def project_object(self, p: Place) -> bool:
        """桃源河治理, 连接路硬化, 某水库除险加固工程: a river, road or reservoir named
        as a project is the project's object, not the place its figures are about."""
        written = to_simplified(p.text)
        if p.label != "LOC" or not written.endswith(self.cues.feature_suffixes):
            return False
        if p.path and p.depth < 4:
            return False  # a county or a prefecture (綦江) named as written: a unit
        # (a village matched by its short form, 桃源河 for 桃源河村, is still the river)
        return self.text(p.end, p.end + 6).startswith(self.cues.project_words)

    def is_feature(self, p: Place) -> bool:
        """A river, road or square outside the division tree (万泉河, 连接路): it places
        what its own clause counts, but frames nothing beyond it."""
        return p.label == "LOC" and not p.path and to_simplified(p.text).endswith(self.cues.feature_suffixes)

    def affiliation(self, p: Place) -> bool:
        """土官社区党总支书记, 某村村民: the place says whose a person is."""
        return bool(self._affiliation_re.match(self.text(p.end, p.end + self.cues.affiliation_window + 3)))

    def opens_a_name(self, p: Place) -> bool:
        """桃源河防洪护岸工程, 云浮循环经济工业园: the place opens a project's or a park's name."""
        if p.label != "LOC":
            return False
        return bool(self._name_re.match(self.text(p.end, p.end + self.cues.name_window + 4)))

    def etc_member(self, p: Place) -> bool:
        """加定镇等4个乡镇, 金口街道等街道: a list closed by 等 (even of one named
        member) is about the enclosing unit, not the member."""
        return p.label == "LOC" and bool(self.g["etc"].match(self.text(p.end, p.end + 8)))

    def etc_list_member(self, p: Place, upto: int) -> bool:
        """``p`` is a member of a 、-list closed by 等 before ``upto``."""
        tail = self.text(p.end, upto)
        if not self.g["etc_list"].match(tail):
            return False
        # 某镇、某镇等地; 某街道老旧小区改造、某街道中小学扩容等项目; A、B至C公路养护等: items of the list
        return self.etc_member(p) or bool(self.g["list_item_after"].match(tail)) \
            or bool(self.g["list_item_before"].search(self.before(p)))

    def _excluded(self, p: Place) -> bool:
        """除旧镇镇外, 除延寿镇、霍营街道外: places the figure leaves out."""
        if not self.g["excluded_before"].search(self.before(p)[-20:]):
            return False
        return bool(self.g["excluded_after"].match(self.text(p.end, p.end + 40)))

    def is_example(self, p: Place) -> bool:
        """A place inside a clause of examples (涉及某镇、某镇等乡镇的…, 如某镇): it
        illustrates a figure before it rather than placing it.  One-character words
        (如) count only when they open the clause."""
        s = self.sentences.get(p.sent_id)
        if s is None:
            return False
        c0, _ = self.st.clause_of(p.start, s.start, s.end)
        prefix = self.g["opening_junk"].sub("", self.st.folded(c0, p.start))
        return any(w in prefix if len(w) > 1 else prefix.startswith(w) for w in self.cues.example_words)

    # -- position in a clause --------------------------------------------------
    def is_subject(self, p: Place, clause_start: int) -> bool:
        """Nothing but dates and fillers (在, 近年来, 据了解) before it in its clause."""
        key = (p.start, clause_start)
        if key not in self._subject_cache:
            self._subject_cache[key] = self.bare_prefix(self.st.folded(clause_start, p.start)) == ""
        return self._subject_cache[key]

    def bare_prefix(self, prefix: str) -> str:
        prefix = self.g["date_like"].sub("", prefix)
        changed = True
        while changed:
            changed = False
            prefix = self.g["opening_junk"].sub("", prefix)
            for w in self.cues.subject_fillers:
                if prefix.startswith(w):
                    prefix = prefix[len(w):]
                    changed = True
        return prefix

    def is_subject_any(self, p: Place) -> bool:
        """``p`` is the subject of its clause, or stands in a title."""
        s = self.sentences.get(p.sent_id)
        if s is None:
            return False
        if s.zone == "title":
            return True
        c0, _ = self.st.clause_of(p.start, s.start, s.end)
        return self.is_subject(p, c0)

    def number_start(self, start: int, end: int) -> int:
        """Where the figure's number begins inside its span (the span may open with
        its subject and verb: 票决确定美兰区2025年10项; a year is not the figure)."""
        text = self.st.doc.text[start:end]
        runs = [m for m in self.g["number_run"].finditer(text) if text[m.end():m.end() + 1] != "年"]
        return start + runs[-1].start() if runs else start

    def foreign_subject(self, c0: int, start: int) -> bool:
        """The clause opens with a foreign country's name (法国共有议员577名)."""
        prefix = self.g["date_like"].sub("", self.st.folded(c0, start))
        prefix = self.g["opening_junk"].sub("", prefix)
        for w in self.cues.subject_fillers:
            if prefix.startswith(w):
                prefix = prefix[len(w):]
                break
        return bool(prefix) and bool(self.foreign.pattern.match(prefix))

    def chain_end(self, p: Place, pool: list[Place]) -> Place:
        """The most specific unit of a chain of places written together (连云港市灌南县新安镇)."""
        cur = p
        while True:
            nxt = next((q for q in pool if q.start == cur.end and self.counts(q)
                        and (not q.path or not cur.path or q.path.startswith(cur.path))), None)
            if nxt is None:
                return cur
            cur = nxt
