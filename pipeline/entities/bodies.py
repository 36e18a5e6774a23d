"""Proposer: bodies (rules/orgs.yml): [locality | level word] institution {sub-body},
departments, village committees, suffix bodies, media outlets."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import regex

from .base import Candidate, NameIndex, _Sent, _alternation, _is_han
from ..gazetteer import LEVEL_RANK
from ..rules import RuleError, load_lines, load_yaml, rule_path, word_list


@dataclass
class Institution:
    name: str
    needs_prefix: bool = True
    not_followed_by: tuple[str, ...] = ()
    only_after: tuple[str, ...] = ()


@dataclass
class OrgRules:
    """rules/orgs.yml, checked and compiled."""

    level_words: list[str]
    level_of: dict[str, list[str]]
    class_before: set[str]
    bare_class_before: list[str]
    institutions: dict[str, Institution]
    core: Any  # compiled regex: institution {sub-body}
    sub_body_re: Any
    sub_bodies: set[str]
    sibling_separators: set[str]
    stationed_joiner: str
    stationed_tails: list[str]
    suffix_re: Any
    free_suffixes: set[str]
    generic_before: list[str]
    title_suffix_re: Any
    max_name: int
    media_re: Any
    quoted_head_re: Any
    name_cut_re: Any = None
    village_committee_tail: str = ""
    dept_suffixes: tuple[str, ...] = ()
    dept_max_tokens: int = 5
    dept_not_words: frozenset[str] = frozenset()
    congress_heads: frozenset[str] = frozenset()
    class_words_re: Any = None  # 中小学: a suffix inside names no body
    media_grammar_re: Any = None
    media_index: Any = None
    intl_index: Any = None
    trailing_sub_bodies: frozenset[str] = frozenset()
    media_grammar_words: tuple[str, ...] = ()  # its suffixes: a match contains one
    time_words: tuple[str, ...] = ()  # 每季度, 每月: no grammar body begins with one
    count_classifiers: tuple[str, ...] = ()  # 12家X合作社: a count names a class

    def __post_init__(self) -> None:
        # Where ``core`` can match: an institution's first two characters (or its only
        # one) start there.  Trying the pattern only there gives the same matches as
        # scanning every offset, twice as fast (377 alternatives with guards).
        names = list(self.institutions)
        self._core_pairs = frozenset(n[:2] for n in names if len(n) >= 2)
        self._core_singles = frozenset(n for n in names if len(n) == 1)
        firsts = sorted({n[0] for n in names if n})
        self._core_firsts = re.compile("[" + "".join(map(re.escape, firsts)) + "]") if firsts else None

    def core_matches(self, text: str) -> Iterator[Any]:
        """``core.finditer(text, overlapped=True)``, tried only where an institution starts."""
        if self._core_firsts is None:
            return
        match, pairs, singles = self.core.match, self._core_pairs, self._core_singles
        for k in self._core_firsts.finditer(text):
            i = k.start()
            if text[i:i + 2] in pairs or text[i] in singles:
                m = match(text, i)
                if m:
                    yield m

    def media_grammar_matches(self, text: str) -> Iterator[Any]:
        """``media_grammar_re.finditer(text)``, skipped when no suffix occurs in ``text``."""
        if self.media_grammar_re is None:
            return iter(())
        if self.media_grammar_words and not any(w in text for w in self.media_grammar_words):
            return iter(())
        return self.media_grammar_re.finditer(text)

    @classmethod
    def load(cls, name: str = "orgs.yml") -> "OrgRules":
        path = str(rule_path(name))
        data = load_yaml(name, ("level_words", "institutions", "sub_bodies", "suffix_bodies"))
        insts: dict[str, Institution] = {}
        depts = data.get("departments") or {}
        for stem in word_list(depts, "stems", path) if depts.get("stems") else []:
            for suffix in word_list(depts, "suffixes", path) if depts.get("suffixes") else []:
                insts[stem + suffix] = Institution(stem + suffix)
        for i, item in enumerate(data["institutions"]):
            if not isinstance(item, dict) or not isinstance(item.get("name"), str):
                raise RuleError(f"{path}: institutions[{i}] needs a 'name'")
            unknown = set(item) - {"name", "needs_prefix", "not_followed_by", "only_after"}
            if unknown:
                raise RuleError(f"{path}: institutions[{i}] has unknown key(s) {sorted(unknown)}")
            insts[item["name"]] = Institution(
                item["name"], bool(item.get("needs_prefix", True)),
                tuple(item.get("not_followed_by", ())), tuple(item.get("only_after", ())))
        subs = word_list(data, "sub_bodies", path)
        sub_guard = data.get("sub_body_not_followed_by", {}) or {}

        def alt(name: str, guard: Iterable[str]) -> str:
            guard = list(guard)
            look = f"(?!{_alternation(guard)})" if guard else ""
            return regex.escape(name) + look

        inst_alt = "|".join(alt(n, insts[n].not_followed_by)
                            for n in sorted(insts, key=len, reverse=True))
        sub_alt = "|".join(alt(n, sub_guard.get(n, ())) for n in sorted(subs, key=len, reverse=True))
        core = regex.compile(f"(?P<inst>{inst_alt})(?P<subs>(?:{sub_alt})*)")
        sb = data["suffix_bodies"]
        free = word_list(sb, "free", path)
        located = word_list(sb, "located", path)
        titles = word_list(sb, "title_suffixes", path)
        stationed = data.get("stationed", {}) or {}
        media = word_list(data, "media_names", path)
        media += load_lines("media.txt")  # built by tools/build_media.py
        heads = word_list(data, "quoted_org_heads", path)
        generic = data.get("generic_departments") or {}
        if not isinstance(generic, dict):
            raise RuleError(f"{path}: 'generic_departments' must be a mapping")
        level_of = data.get("level_of", {}) or {}
        for word, levels in level_of.items():
            bad = [lv for lv in levels if lv not in LEVEL_RANK]
            if bad:
                raise RuleError(f"{path}: level_of[{word}] has unknown level(s) {bad}")
        return cls(
            level_words=sorted(word_list(data, "level_words", path), key=len, reverse=True),
            level_of=level_of,
            class_before=set(word_list(data, "class_before", path)),
            bare_class_before=sorted(word_list(data, "bare_class_before", path), key=len, reverse=True),
            institutions=insts,
            core=core,
            sub_body_re=regex.compile(f"(?:{sub_alt})"),
            sub_bodies=set(subs),
            sibling_separators=set(word_list(data, "sibling_separators", path)),
            stationed_joiner=stationed.get("joiner", "驻"),
            stationed_tails=sorted(stationed.get("tails", []), key=len, reverse=True),
            suffix_re=regex.compile(_alternation(free + located)),
            free_suffixes=set(free),
            generic_before=sorted(word_list(sb, "generic_before", path), key=len, reverse=True),
            title_suffix_re=regex.compile(f"《[^《》]{{1,20}}》(?:{_alternation(titles)})"),
            max_name=int(sb.get("max_name", 10)),
            media_re=None,
            media_index=NameIndex(media),
            intl_index=NameIndex(load_lines("international_orgs.txt")),
            quoted_head_re=regex.compile(f"“([^“”]{{2,12}})”(?={_alternation(heads)})"),
            village_committee_tail=str(data.get("village_committee_tail") or ""),
            name_cut_re=regex.compile(_alternation(word_list(sb, "cut_words", path)))
            if "cut_words" in sb else None,
            dept_suffixes=tuple(word_list(generic, "suffixes", path)) if generic else (),
            dept_max_tokens=int(generic.get("max_tokens", 5)),
            dept_not_words=frozenset(word_list(generic, "not_words", path)) if generic else frozenset(),
            congress_heads=frozenset(word_list(generic, "congress_heads", path)) if generic else frozenset(),
            class_words_re=regex.compile(_alternation(word_list(sb, "class_words", path)))
            if sb.get("class_words") else None,
            media_grammar_re=_media_grammar(data.get("media_grammar"), path),
            time_words=tuple(word_list(data, "time_words", path)) if data.get("time_words") else (),
            media_grammar_words=tuple(word_list(data["media_grammar"], "suffixes", path))
            if isinstance(data.get("media_grammar"), dict) else (),
            trailing_sub_bodies=frozenset(word_list(data, "trailing_sub_bodies", path))
            if data.get("trailing_sub_bodies") else frozenset(),
            count_classifiers=tuple(word_list(sb, "count_classifiers", path))
            if sb.get("count_classifiers") else (),
        )




_NUMERALS = "一二两三四五六七八九十百千万几多数余"


def _is_feature(loc: Candidate) -> bool:
    """A road, lane, river... from the place grammar (not an administrative unit)."""
    return loc.source.startswith("grammar:") and loc.source not in (
        "grammar:village", "grammar:enumeration", "grammar:地区")


def _media_grammar(data: Any, path: str):
    """The media outlet pattern: [boundary | after word] stem suffix (?= context)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise RuleError(f"{path}: 'media_grammar' must be a mapping")
    suffixes = _alternation(word_list(data, "suffixes", path))
    after = _alternation(word_list(data, "after_words", path))
    context = _alternation(word_list(data, "context", path))
    bad = _alternation(word_list(data, "not_stems", path))
    # a name never ends in a generic word with the suffix's character (管网, 电网)
    generic = word_list(data, "generic_words", path) if data.get("generic_words") else []
    tail = rf"(?<!{_alternation(generic)})" if generic else ""
    name = rf"(?!{bad}|{after})\p{{Han}}{{2,6}}?(?:{suffixes}){tail}"
    return regex.compile(
        rf"(?:(?<=^|[\s:|>“\"(（【\[、,，。;；!！?？\-])|(?<=(?:{after})[:：]?))"
        rf"(?P<name>{name}(?:-{name})?)"
        rf"(?=(?:{context})|[\s|)）】”\"<>]|$|\d)")


class Bodies:
    """ORG from the body grammar."""

    RULES = ("orgs.yml",)

    # -- ORG -------------------------------------------------------------------
    def _org_candidates(self, s: _Sent) -> None:
        rules = self.orgs
        norm = s.norm
        blocked: list[tuple[int, int]] = []  # class references: nothing inside them either
        for m in rules.core_matches(norm):  # (overlapped matches)
            inst = rules.institutions[m.group("inst")]
            start, end = m.start(), m.end()
            if self._inside_title(s, start, end) or any(a <= start < b for a, b in blocked):
                continue
            prefix = self._org_prefix(s, start, inst)
            if prefix is None:
                blocked.append((start, end))
                continue
            pstart, kind, loc, level = prefix
            conf = {"locality": 0.95, "level": 0.9, "bare": 0.8}[kind]
            s.orgs.append(Candidate(pstart, end, "ORG", f"org:{kind}", conf, priority=3,
                                    org={"kind": kind, "loc": loc[-1] if loc else None,
                                         "chain": loc or [], "level": level,
                                         "rest": norm[start:end], "subs": m.group("subs")}))
        self._generic_departments(s)
        tail = rules.village_committee_tail
        if tail and tail in norm:  # 曼山村委会: the village and its committee
            for loc in list(s.locs):
                if norm[loc.end - 1] == "村" and norm.startswith(tail, loc.end) and \
                        not self._inside_title(s, loc.start, loc.end + len(tail)):
                    chain = [loc]  # 打洛镇曼山村委会
                    while (prev := self._loc_ending_at(s, chain[0].start)) is not None:
                        chain.insert(0, prev)
                    s.orgs.append(Candidate(chain[0].start, loc.end + len(tail), "ORG", "org:locality",
                                            0.9, priority=3, org={"kind": "locality", "loc": loc,
                                                                  "chain": chain, "level": None,
                                                                  "rest": "村" + tail, "subs": ""}))
        self._siblings(s)
        self._stationed(s)
        self._suffix_bodies(s)
        self._web_sites(s)
        for a, b in rules.media_index.find(norm):
            if not self._inside_title(s, a, b) or norm[a - 1:a] == "《":
                s.orgs.append(Candidate(a, b, "ORG", "lexicon:media", 0.9, priority=3))
        for a, b in rules.intl_index.find(norm):  # 世界卫生组织, 联合国
            if not self._inside_title(s, a, b) and self._aligned(s, a, b):
                s.orgs.append(Candidate(a, b, "ORG", "lexicon:international", 0.9, priority=3))
        if rules.media_grammar_re is not None:
            for m in rules.media_grammar_matches(norm):
                a, b = m.span("name")
                if not self._inside_title(s, a, b):
                    s.orgs.append(Candidate(a, b, "ORG", "org:media", 0.85, priority=3))
        self._party_prefix(s)
        self._body_chains(s)
        for m in rules.title_suffix_re.finditer(norm):
            s.orgs.append(Candidate(m.start(), m.end(), "ORG", "org:title", 0.9, priority=4))
        for m in rules.quoted_head_re.finditer(norm):
            s.orgs.append(Candidate(m.start(1), m.end(1), "ORG", "org:quoted", 0.7, priority=3))
        if rules.time_words:  # 每季度通报1次: a time word begins no body (lexicon names stay)
            s.orgs = [c for c in s.orgs if c.source.startswith("lexicon")
                      or not norm.startswith(rules.time_words, c.start)]

    def _org_prefix(self, s: _Sent, start: int, inst: Institution):
        """(start, kind, locality chain, level word) of a body whose institution is at ``start``.

        None means "not a body here": a class reference (县乡人大, 各镇人大主席团),
        or an institution that needs a prefix and has none.
        """
        norm, rules = s.norm, self.orgs
        loc = self._loc_ending_at(s, start, weak=True)
        if loc is not None and norm[loc.start:loc.end] not in self.locs.ambiguous:
            if inst.only_after and "locality" not in inst.only_after:
                return None
            chain = [loc]
            while not _is_feature(loc):  # locality chains: 汨罗市屈子祠镇, 城关镇卞和社区
                # (a body named after a lane or road, 柳树巷居委会, starts with that name)
                prev = self._loc_ending_at(s, chain[0].start)
                if prev is None:
                    break
                chain.insert(0, prev)
            return chain[0].start, "locality", chain, None
        for word in rules.level_words:
            ls = start - len(word)
            if ls < 0 or norm[ls:start] != word:
                continue
            before = norm[ls - 1] if ls > 0 else ""
            # (王明/摄)自治区人大常委会: a bracket that closes a byline marks no class
            byline = before in (")", "）") and not self._bracketed_level(norm, ls - 1)
            if not byline and (before in rules.class_before or any(
                    norm[max(0, ls - len(w)):ls] == w for w in rules.bare_class_before)):
                return None  # 县乡人大, 各镇人大, 乡镇(街道)人大: a class
            if before == "、" and self._listed_class(norm, ls):
                return None  # 各省、区、市人大常委会 (but 省、市人大常委会 is two bodies)
            if inst.only_after and word not in inst.only_after:
                return None
            return ls, "level", None, word
        if inst.needs_prefix:
            return None
        for word in rules.bare_class_before:
            if norm[max(0, start - len(word)):start] == word:
                return None
        return start, "bare", None, None

    def _generic_departments(self, s: _Sent) -> None:
        """县民宗局, 州文体广电旅游局, 州人大民族宗教侨务外事委员会: a token ending in 局 (or
        委员会) after up to a few tokens that follow a locality, a level word or a
        people's-congress body.  The shortest such stem wins; tokens only."""
        rules, norm = self.orgs, s.norm
        if not s.tokens or not any(x in norm for x in rules.dept_suffixes):
            return
        toks = s.tokens
        stops = self.locs.stem_stop_chars - {"和"}  # 发展和改革局
        dept = Institution("局")
        for j, (a, b) in enumerate(toks):
            word = norm[a:b]
            if not word.endswith(rules.dept_suffixes) or word in rules.dept_not_words:
                continue
            suffix = next(x for x in rules.dept_suffixes if word.endswith(x))
            for k in range(j, max(-1, j - rules.dept_max_tokens), -1):
                start = toks[k][0]
                stem = norm[start:b]
                if (not all(_is_han(ch) and ch not in stops for ch in stem)
                        or self.people.roles_before_re.search(stem, 0, len(stem) - len(suffix))
                        or self._inside_title(s, start, b)):
                    break
                if len(stem) < 3:
                    continue
                head = next((o for o in s.orgs if o.end == start and o.org
                             and o.org["rest"] in rules.congress_heads), None)
                if head is not None and word.endswith("委员会"):
                    s.orgs.append(Candidate(head.start, b, "ORG", head.source, head.confidence,
                                            priority=3, org=dict(head.org, rest=norm[head.start:b]
                                                                 if head.org["kind"] == "bare"
                                                                 else head.org["rest"] + stem)))
                    break
                prefix = self._org_prefix(s, start, dept)
                if prefix is None:
                    continue
                pstart, kind, loc, level = prefix
                conf = {"locality": 0.9, "level": 0.85}.get(kind)
                if conf is None or pstart not in s.tok_starts:
                    break  # no body, or the level word is part of a word (城|乡建设)
                s.orgs.append(Candidate(pstart, b, "ORG", f"org:{kind}", conf, priority=3,
                                        org={"kind": kind, "loc": loc[-1] if loc else None,
                                             "chain": loc or [], "level": level,
                                             "rest": stem, "subs": ""}))
                break

    def _bracketed_level(self, norm: str, close: int) -> bool:
        """乡镇(街道)人大: the bracket before the level word holds level words (a class)."""
        open_ = max(norm.rfind("(", 0, close), norm.rfind("（", 0, close))
        inner = norm[open_ + 1:close] if open_ >= 0 else ""
        return bool(inner) and all(
            part in self.orgs.level_words or part in ("乡镇", "县市区", "市县", "县区")
            for part in regex.split(r"[、/,，]", inner) if part)

    def _listed_class(self, norm: str, pos: int) -> bool:
        """True when the level words listed before ``pos`` (X、Y、) start with 各 or 全."""
        rules = self.orgs
        while pos > 0 and norm[pos - 1] == "、":
            word = next((w for w in rules.level_words if norm.endswith(w, 0, pos - 1)), None)
            if word is None:
                return False
            pos = pos - 1 - len(word)
        return pos > 0 and norm[pos - 1] in ("各", "全")

    def _siblings(self, s: _Sent) -> None:
        """全国人大常委会办公厅联络局、研究室、新闻局: later sub-bodies are bodies too."""
        norm, rules = s.norm, self.orgs
        for org in list(s.orgs):
            if not (org.org and org.org.get("subs")):
                continue
            pos = org.end
            while pos < len(norm) and norm[pos] in rules.sibling_separators:
                m = rules.sub_body_re.match(norm, pos + 1)
                if not m:
                    break
                after = norm[m.end():m.end() + 1]
                if after and _is_han(after) and after not in rules.sibling_separators:
                    break
                s.orgs.append(Candidate(m.start(), m.end(), "ORG", "org:sibling", 0.8, priority=3,
                                        org={"kind": "sibling", "loc": None, "level": None,
                                             "rest": m.group(), "subs": m.group(),
                                             "sibling_of": org}))
                pos = m.end()

    def _stationed(self, s: _Sent) -> None:
        """省纪委省监委驻省人大机关纪检监察组: one body."""
        norm, rules = s.norm, self.orgs
        joiner = rules.stationed_joiner
        for i in [m.start() for m in re.finditer(re.escape(joiner), norm)]:
            before = [o for o in s.orgs if o.end == i]
            after = [o for o in s.orgs if o.start == i + 1]
            if not before or not after:
                continue
            host = max(after, key=lambda o: o.length)
            tail = next((t for t in rules.stationed_tails if norm.startswith(t, host.end)), None)
            if tail is None:
                continue
            first = max(before, key=lambda o: o.length)
            while True:
                prev = [o for o in s.orgs if o.end == first.start]
                if not prev:
                    break
                first = max(prev, key=lambda o: o.length)
            s.orgs.append(Candidate(first.start, host.end + len(tail), "ORG", "org:stationed",
                                    0.9, priority=4))

    def _party_prefix(self, s: _Sent) -> None:
        """中共余姚市委: the party's name before a local party body is part of it."""
        for c in list(s.orgs):
            for head in ("中国共产党", "中共"):
                if c.start >= len(head) and s.norm.startswith(head, c.start - len(head)) and c.org \
                        and c.org.get("kind") == "locality":
                    s.orgs.append(Candidate(c.start - len(head), c.end, "ORG", c.source, c.confidence,
                                            priority=c.priority, org=c.org))
                    break

    def _body_chains(self, s: _Sent) -> None:
        """海府街道办大英社区居委会: a local body followed directly by the body of a place
        below it is one name; so is a body and its sub-body (X管理局纪检组)."""
        for c in list(s.orgs):
            if c.org and not c.org.get("subs"):
                m = self.orgs.sub_body_re.match(s.norm, c.end)
                if m and m.group() in self.orgs.trailing_sub_bodies:
                    s.orgs.append(Candidate(c.start, m.end(), "ORG", c.source, c.confidence,
                                            priority=c.priority, org=dict(c.org, subs=m.group())))
        for a in list(s.orgs):
            if not (a.org and a.org.get("kind") == "locality"):
                continue
            for b in list(s.orgs):
                if b.start == a.end and b.org and b.org.get("kind") == "locality":
                    s.orgs.append(Candidate(a.start, b.end, "ORG", "org:chain",
                                            min(a.confidence, b.confidence), priority=3, org=a.org))

    def _web_sites(self, s: _Sent) -> None:
        """A body's web site (平遥县人大常委会网, X县人民政府网) is one ORG with 网, unless
        网 starts a word (网格, 网络, 网上)."""
        norm, words = s.norm, self.people.common_words
        for c in list(s.orgs):
            if norm[c.end:c.end + 1] != "网" or words.get(norm[c.end:c.end + 2], 0) >= 20000:
                continue
            s.orgs.append(Candidate(c.start, c.end + 1, "ORG", "org:site", c.confidence, priority=3))

    def _counted(self, norm: str, start: int) -> bool:
        """The name starts with a classifier after a numeral (12家, 三个): a count."""
        for cl in self.orgs.count_classifiers:
            if norm.startswith(cl, start) and start > 0 and (
                    norm[start - 1].isdigit() or norm[start - 1] in _NUMERALS):
                return True
        return False

    def _suffix_bodies(self, s: _Sent) -> None:
        """X有限公司, 县人民医院, 中央电视台: a name ending in a body suffix."""
        norm, rules = s.norm, self.orgs
        stops = self.locs.stem_stop_chars
        classes = [m.span() for m in rules.class_words_re.finditer(norm)] if rules.class_words_re else []
        for m in rules.suffix_re.finditer(norm):
            suffix = m.group()
            if any(a <= m.start() and m.end() <= b for a, b in classes):
                continue  # 中小学: a class of schools
            if self._inside_title(s, m.start(), m.end()) or norm[m.start() - 1:m.start()] == "》":
                continue  # the title rule handles 《X》杂志社
            start = m.start()
            while (start > 0 and m.start() - start < rules.max_name and _is_han(norm[start - 1])
                   and norm[start - 1] not in stops):
                start -= 1
            # a stop character may begin a place (于都县融媒体中心): the place's start holds
            over = [c.start for c in s.locs if c.start < start < c.end <= m.start()]
            if over:
                start = min(over)
            if s.tokens:
                while start < m.start() and start not in s.tok_starts:
                    start += 1
            # a verb or a generic word inside ends the name (68户牧民|成立|合作社)
            cut = 0
            if rules.name_cut_re is not None:
                for c in rules.name_cut_re.finditer(norm, start, m.start()):
                    cut = c.end() - start
            start += cut
            words = self.people.common_words
            located = min((c.start for c in s.locs + [w for w in s.weak_locs if words.get(
                          norm[w.start:w.end], 0) < 20000]  # 新建改建幼儿园: 新建 is a word here
                           if start <= c.start < m.start()), default=None)
            if any(norm.startswith(w, start) for w in rules.level_words):
                located = start if located is None else min(located, start)
            if suffix not in rules.free_suffixes and located is None:
                continue
            if located is not None:
                start = located  # the name begins with its locality
            while True:  # the whole locality chain: 利川市汪营镇巴蜀红茶叶专业合作社
                prev = self._loc_ending_at(s, start)
                if prev is None or cut:
                    break
                start = prev.start
            name = norm[start:m.start()]
            if not name or any(name.startswith(g) for g in rules.generic_before):
                continue
            if located is None and self._counted(norm, start):
                continue  # 12家肉牛养殖合作社: a count of a class, not a name
            if suffix in rules.free_suffixes and len(name) < 2:
                continue
            s.orgs.append(Candidate(start, m.end(), "ORG", "org:suffix", 0.7, priority=3))



def _last_sub(rules: OrgRules, subs: str) -> str | None:
    last = None
    for m in rules.sub_body_re.finditer(subs):
        last = m.group()
    return last

