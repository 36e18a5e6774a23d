"""Stage 3: LOC, ORG and PER mentions found by rules and lexicons.

How it works, in the order ``extract`` runs it for one document:

1. Candidates, per rule family, each with a ``source`` and a ``confidence``:
   LOC from the gazetteer (full names, incl. 巴马县 for 巴马瑶族自治县; short
   forms with guards), the village index, feature suffixes (X水库, X灌渠...)
   and enumerations (城关、南江三个乡镇);
   ORG from the body grammar in rules/orgs.yml ([locality | level word]
   institution {sub-body}), departments the stem list lacks (县民宗局, read
   from the tokens), village committees (曼山村委会), suffix bodies
   (X有限公司) and a media lexicon;
   PER from a surname list plus a context (a role before the name, a title
   after it, an enumeration ending in 等代表, a byline, more names listed
   under one title), names with a middle dot (古丽娜尔·艾力) and unknown
   4-character tokens right after a title (索朗次仁), then propagated to
   the other mentions of the same name in the document.
2. A decision per sentence that keeps flat, non-overlapping spans: longest
   first, then priority (the guideline's "longest name wins"; 华容县人大常委会
   is one ORG because the ORG candidate contains the LOC).  The one guideline
   exception, 岳阳市人大代表 (a LOC, since a deputy is a person), is handled when
   ORG candidates are made: 人大 followed by 代表 is not a body.
3. Attributes: administrative ``path`` for localities (duplicates resolved by
   the other places in the document), ``canonical`` full names for short body
   references (县人大常委会 -> 华容县人大常委会 in the 华容县 article), ``role`` and
   ``affiliation`` for people.

All matching runs on a Simplified copy of the text (a one-to-one character
map, so offsets do not move); spans report the original text.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Iterable

import regex

from .gazetteer import LEVEL_RANK, LOC_GRAMMAR_KEYS, Gazetteer
from .records import Entity, Sentence, Token, stable_id
from .rules import RuleError, load_lines, load_yaml, rule_path, word_list


def _is_han(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff"


def _alternation(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(set(words), key=len, reverse=True))


# --------------------------------------------------------------------------
# Rule data
# --------------------------------------------------------------------------
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
            media_re=regex.compile(_alternation(media)),
            quoted_head_re=regex.compile(f"“([^“”]{{2,12}})”(?={_alternation(heads)})"),
            village_committee_tail=str(data.get("village_committee_tail") or ""),
            name_cut_re=regex.compile(_alternation(word_list(sb, "cut_words", path)))
            if "cut_words" in sb else None,
            dept_suffixes=tuple(word_list(generic, "suffixes", path)) if generic else (),
            dept_max_tokens=int(generic.get("max_tokens", 5)),
            dept_not_words=frozenset(word_list(generic, "not_words", path)) if generic else frozenset(),
            congress_heads=frozenset(word_list(generic, "congress_heads", path)) if generic else frozenset(),
        )


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

    @classmethod
    def load(cls, name: str = "loc_grammar.yml") -> "LocRules":
        path = str(rule_path(name))
        data = load_yaml(name, LOC_GRAMMAR_KEYS)
        feats = []
        for i, item in enumerate(data["feature_suffixes"]):
            if not isinstance(item, dict) or not isinstance(item.get("suffix"), str):
                raise RuleError(f"{path}: feature_suffixes[{i}] needs a 'suffix'")
            feats.append((item["suffix"], bool(item.get("chained", False))))
        feats.sort(key=lambda f: len(f[0]), reverse=True)
        tails = word_list(data, "enumeration_tails", path)
        item = r"(?:(?![等和及与、])\p{Han}){2,4}?"
        enum = regex.compile(
            rf"(?P<items>{item}(?:、{item})+)(?:和|及|与|等)?(?:[两三四五六七八九十\d]+个)?"
            rf"(?P<tail>{_alternation(tails)})")
        return cls(
            village_suffixes=sorted(word_list(data, "village_suffixes", path), key=len, reverse=True),
            features=feats,
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


@dataclass
class PersonRules:
    """rules/person.yml, rules/surnames.txt and rules/common_words.txt (the frequent-word
    list is shared with the LOC guards), checked and compiled."""

    surnames: dict[str, str]  # surname -> tier (strong, weak, rare)
    compound: set[str]
    roles_before_re: Any
    roles_after_re: Any
    byline_re: Any
    enum_tail_re: Any
    generic_roles: set[str]
    function_surnames: set[str]
    bad_given_first: set[str]
    name_enders: set[str]
    name_starters: set[str]
    place_after: set[str]
    not_given: set[str]
    byline_tails: set[str]
    list_joiners: set[str]
    common_words: dict[str, int]  # frequent words -> corpus count
    thresholds: dict[str, int]  # see person.yml common_word_counts

    @classmethod
    def load(cls, name: str = "person.yml", surnames: str = "surnames.txt",
             words: str = "common_words.txt") -> "PersonRules":
        path = str(rule_path(name))
        data = load_yaml(name, ("roles_before", "roles_after", "byline_markers", "enumeration_tails"))
        tiers: dict[str, str] = {}
        spath = rule_path(surnames)
        for n, line in enumerate(spath.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 2 or cols[1] not in ("strong", "weak", "rare") or not 1 <= len(cols[0]) <= 2:
                raise RuleError(f"{spath}:{n}: expected 'surname<TAB>strong|weak|rare'")
            tiers[cols[0]] = cols[1]
        markers = word_list(data, "byline_markers", path)
        return cls(
            surnames=tiers,
            compound={s for s in tiers if len(s) == 2},
            roles_before_re=regex.compile(_alternation(word_list(data, "roles_before", path))),
            roles_after_re=regex.compile(_alternation(word_list(data, "roles_after", path))),
            byline_re=regex.compile(rf"(?:{_alternation(markers)})(?:\s*[：:/]\s*|"
                                    rf"(?<=(?:^|[\s(（【\[])(?:{_alternation(markers)}))[ \t\u3000]+)"),
            enum_tail_re=regex.compile(_alternation(word_list(data, "enumeration_tails", path))),
            generic_roles=set(word_list(data, "generic_roles", path)),
            function_surnames=set(word_list(data, "function_surnames", path)),
            bad_given_first=set(word_list(data, "bad_given_first", path)),
            name_enders=set(word_list(data, "name_enders", path)),
            name_starters=set(word_list(data, "name_starters", path)),
            place_after=set(word_list(data, "place_after", path)),
            not_given=set(word_list(data, "not_given", path)),
            byline_tails=set(word_list(data, "byline_tails", path)),
            list_joiners=set(word_list(data, "list_joiners", path)),
            common_words=_word_counts(words),
            thresholds=_thresholds(data, path),
        )


# A transliterated name: parts of Han characters joined by middle dots (阿不都热依木·吐尔逊).
_DOTTED = regex.compile(r"\p{Han}{1,8}(?:[·•‧・]\p{Han}{1,8}){1,3}")
# Bylines: the names are runs of Han characters (and dots), separated by spaces or 、.
_BYLINE_PART = regex.compile(r"[\p{Han}·•‧・]+")
_BYLINE_GAP = regex.compile(r"[\s、，,/／]*")
# Last characters of body names, never of a person's (县人大办, 融媒体中心).
_ORG_LAST = set("报社台网站部局委办会院处科所室队团组中心")
_QUOTES_OPEN = set("“\"‘「『")


def _find_all(text: str, word: str) -> Iterable[int]:
    """Start offsets of ``word`` in ``text`` (str.find is much faster than a regex)."""
    k = text.find(word)
    while k >= 0:
        yield k
        k = text.find(word, k + 1)


def _suffix_words(data: dict, path: str) -> dict[str, tuple[str, ...]]:
    value = data.get("suffix_words")
    if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, list) for k, v in value.items()):
        raise RuleError(f"{path}: 'suffix_words' must map words to lists of characters")
    return {k: tuple(v) for k, v in value.items()}


def _word_counts(name: str) -> dict[str, int]:
    out = {}
    for n, line in enumerate(load_lines(name), 1):
        word, _, count = line.partition("\t")
        if not count.isdigit():
            raise RuleError(f"{rule_path(name)}: entry {n} ({line!r}): expected 'word<TAB>count'")
        out[word] = int(count)
    return out


def _thresholds(data: dict, path: str) -> dict[str, int]:
    keys = ("name_after_title", "name_generic", "given", "prefix")
    value = data.get("common_word_counts")
    if not isinstance(value, dict) or any(not isinstance(value.get(k), int) for k in keys):
        raise RuleError(f"{path}: 'common_word_counts' needs integer {', '.join(keys)}")
    return value


# --------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------
@dataclass
class Candidate:
    """A proposed span in one sentence (offsets relative to the sentence)."""

    start: int
    end: int
    label: str
    source: str
    confidence: float
    priority: int = 0  # tie-break after length: higher wins
    place_ids: tuple[int, ...] = ()  # LOC: the places this name may denote
    village_of: tuple[int, ...] = ()  # LOC village: ids of towns that have it
    parent: "Candidate | None" = None  # LOC feature chained to a locality
    unit: str | None = None  # LOC: the unit's full name when the text shortens it (八泉 -> 八泉村)
    org: dict[str, Any] | None = None  # ORG: prefix kind, locality, level, rest
    role: str | None = None
    affiliation: str | None = None

    @property
    def length(self) -> int:
        return self.end - self.start


@dataclass
class _Sent:
    """One sentence prepared for matching."""

    sent: Sentence
    text: str  # original
    norm: str  # Simplified, same length
    tok_starts: dict[int, int] | None  # token start -> end (None: no tokens given)
    tok_ends: dict[int, int] | None  # token end -> start
    tokens: list[tuple[int, int]]  # sentence-relative token spans
    protected: list[tuple[int, int]]  # 《...》 titles: no entities inside
    hits: list = field(default_factory=list)
    locs: list[Candidate] = field(default_factory=list)
    weak_locs: list[Candidate] = field(default_factory=list)  # usable as ORG prefixes only
    orgs: list[Candidate] = field(default_factory=list)
    pers: list[Candidate] = field(default_factory=list)


def _token_spans(sent: Sentence) -> list[tuple[int, int]]:
    """Sentence-relative token spans; tolerates document or sentence offsets."""
    toks: list[Token] = sent.tokens or []
    if not toks:
        return []
    shift = sent.start
    t0 = toks[0]
    if sent.text[t0.start - shift:t0.end - shift] != t0.text:
        shift = 0
    return [(t.start - shift, t.end - shift) for t in toks if not t.text.isspace()]


class EntityRecognizer:
    """All rule data, loaded once; ``extract`` uses it for every document."""

    def __init__(self, gazetteer: Gazetteer, orgs: OrgRules, locs: LocRules, people: PersonRules):
        self.gaz = gazetteer
        self.orgs = orgs
        self.locs = locs
        self.people = people

    @classmethod
    def from_rules(cls) -> "EntityRecognizer":
        return _default_recognizer()

    # -- preparation ---------------------------------------------------------
    def _prepare(self, sent: Sentence) -> _Sent:
        norm = sent.text.translate(self.gaz.tra2sim)
        spans = _token_spans(sent)
        starts = {a: b for a, b in spans} if spans else None
        ends = {b: a for a, b in spans} if spans else None
        protected = [(m.start(), m.end()) for m in re.finditer(r"《[^《》]*》", norm)]
        return _Sent(sent, sent.text, norm, starts, ends, spans, protected)

    @staticmethod
    def _inside_title(s: _Sent, start: int, end: int) -> bool:
        return any(a < end and start < b for a, b in s.protected)

    # -- LOC -------------------------------------------------------------------
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
        for m in rules.named_features_re.finditer(norm):
            if not self._inside_title(s, m.start(), m.end()):
                s.locs.append(Candidate(m.start(), m.end(), "LOC", "lexicon:feature", 0.9, priority=2))
        self._villages(s)
        self._features(s)
        self._enumerations(s)

    def _after_place(self, s: _Sent, pos: int) -> bool:
        """A county short form right after a county-or-higher place names a place too
        (百色巴马新机场, 湘西吉首): two places joined into one name."""
        return any(c.end == pos and c.place_ids and any(
            LEVEL_RANK[self.gaz.place(p).level] <= LEVEL_RANK["county"] for p in c.place_ids)
            for c in s.locs)

    def _boundary_before(self, s: _Sent, pos: int) -> bool:
        """Start of text, punctuation, a stop character or the end of a locality."""
        if pos == 0 or not _is_han(s.norm[pos - 1]) or s.norm[pos - 1] in self.locs.stem_stop_chars:
            return True
        return any(c.end == pos for c in s.locs)

    def _aligned(self, s: _Sent, start: int, end: int) -> bool:
        """True when no token crosses the span's edges (or no tokens are known)."""
        if s.tok_starts is None:
            return True
        return start in s.tok_starts and (end in s.tok_ends or end in s.tok_starts)

    def _loc_ending_at(self, s: _Sent, pos: int, weak: bool = False) -> Candidate | None:
        best = None
        pool = s.locs + s.weak_locs if weak else s.locs
        for c in pool:
            if c.end == pos and (best is None or c.length > best.length):
                best = c
        return best

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
                if prev and prev.end == found.start:
                    found.parent = prev
                s.locs.append(found)

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
        if s.norm[start:sstart] in self.people.common_words:  # 示范村: edge must be certain
            before = s.norm[start - 1] if start else ""
            return (after_loc or not before or not _is_han(before)
                    or before in self.locs.stem_stop_chars)
        return clean

    def _stem(self, s: _Sent, suffix_start: int, floor: int, max_len: int) -> int | None:
        """Start of a name stem ending at ``suffix_start``, or None if there is none.

        With tokens the stem is the token(s) just before the suffix, or the token
        that holds stem+suffix (pkuseg keeps 屈子祠村 whole).  Without tokens it
        is the run of characters back to a boundary (punctuation, a stop
        character, a locality), which must be 2..max_len long.
        """
        norm, rules = s.norm, self.locs
        if s.tokens:
            start = s.tok_ends.get(suffix_start)
            if start is None:
                start = next((a for a, b in s.tokens if a < suffix_start < b), None)
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
        if stem in self.people.common_words:
            return None  # 示范村, 结合村: a common word, not a name
        return start

    def _features(self, s: _Sent) -> None:
        """Rivers, reservoirs, canals, roads... (X水库, 屈子祠村楚韵路)."""
        norm = s.norm
        taken = [(c.start, c.end) for c in s.locs]
        for suffix, chained in self.locs.features:
            for k in _find_all(norm, suffix):
                end = k + len(suffix)
                if self._inside_title(s, k, end) or any(a <= k and end <= b for a, b in taken):
                    continue  # part of a known name (黑龙江, 长江)
                if end < len(norm) and norm[end] in "村镇乡县市区":
                    continue  # 江 in 江南村 is part of a longer name
                if self._suffix_is_word(s, k, suffix):
                    continue  # 河堤, 组织, 路线
                if chained:
                    start = self._chained_stem(s, k)
                    parent = self._loc_ending_at(s, start) if start is not None else None
                else:
                    prev = self._loc_ending_at(s, k)
                    start = self._stem(s, k, prev.end if prev else 0, max_len=4 if s.tokens else 3)
                    parent = prev if prev is not None and prev.end == start else None
                if start is None:
                    continue
                s.locs.append(Candidate(start, end, "LOC", f"grammar:{suffix}", 0.75,
                                        priority=1, parent=parent))
                taken.append((start, end))

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
                    and not any(ch in rules.stem_stop_chars for ch in stem)
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

    # -- ORG -------------------------------------------------------------------
    def _org_candidates(self, s: _Sent) -> None:
        rules = self.orgs
        norm = s.norm
        blocked: list[tuple[int, int]] = []  # class references: nothing inside them either
        for m in rules.core.finditer(norm, overlapped=True):
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
        for m in rules.media_re.finditer(norm):
            if not self._inside_title(s, m.start(), m.end()) or norm[m.start() - 1:m.start()] == "《":
                s.orgs.append(Candidate(m.start(), m.end(), "ORG", "lexicon:media", 0.9, priority=3))
        for m in rules.title_suffix_re.finditer(norm):
            s.orgs.append(Candidate(m.start(), m.end(), "ORG", "org:title", 0.9, priority=4))
        for m in rules.quoted_head_re.finditer(norm):
            s.orgs.append(Candidate(m.start(1), m.end(1), "ORG", "org:quoted", 0.7, priority=3))

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
            while True:  # locality chains: 汨罗市屈子祠镇, 城关镇卞和社区
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
            if before in rules.class_before or any(
                    norm[max(0, ls - len(w)):ls] == w for w in rules.bare_class_before):
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

    def _suffix_bodies(self, s: _Sent) -> None:
        """X有限公司, 县人民医院, 中央电视台: a name ending in a body suffix."""
        norm, rules = s.norm, self.orgs
        stops = self.locs.stem_stop_chars
        for m in rules.suffix_re.finditer(norm):
            suffix = m.group()
            if self._inside_title(s, m.start(), m.end()) or norm[m.start() - 1:m.start()] == "》":
                continue  # the title rule handles 《X》杂志社
            start = m.start()
            while (start > 0 and m.start() - start < rules.max_name and _is_han(norm[start - 1])
                   and norm[start - 1] not in stops):
                start -= 1
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
            if suffix in rules.free_suffixes and len(name) < 2:
                continue
            s.orgs.append(Candidate(start, m.end(), "ORG", "org:suffix", 0.7, priority=3))

    # -- PER -------------------------------------------------------------------
    def _name_at(self, s: _Sent, i: int, context: str, end_at: int | None = None) -> int | None:
        """End of a personal name starting at ``i`` (surname + 1-2 chars), or None.

        ``context`` is how strongly the surroundings mark a person: "byline"
        (any surname, even rare ones), "strong" (a specific title: 主任, 书记,
        等代表...) or "generic" (代表, 村民...: only unambiguous surnames unless
        tokens confirm the split).  ``end_at`` forces where the name must end.
        """
        p, norm = self.people, s.norm
        if i < 0 or i >= len(norm):
            return None
        tiers = {"byline": ("strong", "weak", "rare"), "strong": ("strong", "weak"),
                 "generic": ("strong", "weak") if s.tokens else ("strong",)}[context]
        sur = norm[i:i + 2] if norm[i:i + 2] in p.compound else norm[i]
        # pkuseg keeping surname and given name in one 3-character token (覃建华, 蓝海燕)
        # confirms the name: a rare surname is then enough after a specific title,
        # and a first part that is also a word (蓝海) does not undo it.
        whole = s.tok_starts.get(i) if s.tokens and context == "strong" else None
        one_token = whole is not None and whole - i == len(sur) + 2 and \
            p.common_words.get(norm[i:whole], 0) == 0
        tier = p.surnames.get(sur)
        if tier not in tiers and not (tier == "rare" and one_token):
            return None
        if context == "generic" and sur in p.function_surnames:
            return None  # 代表和选民, 代表向群众
        g = i + len(sur)
        if g >= len(norm) or not _is_han(norm[g]) or norm[g] in p.bad_given_first:
            return None
        if s.tokens:
            ends = self._token_name_ends(s, i, g)
            if ends and ends[0] - g == 2 and norm[ends[0] - 1] in p.list_joiners:
                ends = [ends[0] - 1]  # 刘|芳及 (pkuseg): the joiner is no part of the name
        elif end_at is not None:
            ends = [end_at]
        else:
            two = g + 2 <= len(norm) and _is_han(norm[g + 1]) and norm[g + 1] not in p.name_enders
            ends = [g + 2, g + 1] if two else [g + 1]
        for end in ends:
            if end_at is not None and end != end_at:
                continue
            if end - g not in (1, 2) or end > len(norm):
                continue
            name, given = norm[i:end], norm[g:end]
            if not all(_is_han(ch) for ch in name):
                continue
            if context == "generic" and len(given) == 1 and p.surnames[sur] != "strong":
                continue  # 代表向原选区...: an ambiguous surname needs a two-character given name
            if given in p.not_given:
                continue  # 吴大爷, 李师傅: a form of address, not a given name
            if context != "byline":
                freq, th = p.common_words.get, p.thresholds
                limit = th["name_generic" if context == "generic" else "name_after_title"]
                if len(name) == 2 and freq(name, 0) >= limit:
                    continue  # 曾经, 黄金 (but 张伟 after a title is a name)
                if len(given) == 2 and freq(given, 0) >= th["given"]:
                    continue  # 向群众
                if len(name) == 3 and freq(name[:2], 0) >= th["prefix"] and not (
                        one_token and end == whole):
                    continue  # 宣传党, 季度工
            nxt = norm[end:end + 1]
            if self._place_follows(norm, end):
                continue  # 王家坡社区, 李家湾村
            if (not s.tokens and end_at is None and nxt and _is_han(nxt)
                    and nxt not in p.name_enders
                    and p.common_words.get(norm[end:end + 2], 0) < p.thresholds["prefix"]):
                continue  # without tokens the name must end at a boundary or before a word
            return end
        return None

    def _place_follows(self, norm: str, end: int) -> bool:
        """A place suffix right after a would-be name (王家坡|社区), unless it starts a word (组织)."""
        p = self.people
        if norm[end:end + 2] in p.place_after:
            return True
        return norm[end:end + 1] in p.place_after and \
            p.common_words.get(norm[end:end + 2], 0) < p.thresholds["prefix"]

    @staticmethod
    def _token_name_ends(s: _Sent, i: int, g: int) -> list[int]:
        """Name ends the tokens allow: one token 张功玉, or 刘 + 清宇 (pkuseg splits names)."""
        b = s.tok_starts.get(i)
        if b is None or b < g:
            return []
        if b > g:
            return [b]
        nxt = s.tok_starts.get(g)
        return [nxt] if nxt is not None else []

    def _per_candidates(self, s: _Sent) -> None:
        p, norm = self.people, s.norm
        dotted = "·" in norm or "•" in norm or "‧" in norm or "・" in norm
        # Role before the name: 县人大常委会主任张功玉, 镇人大代表王述杰.
        for m in p.roles_before_re.finditer(norm):
            role = m.group()
            context = "generic" if role in p.generic_roles else "strong"
            start = m.end()
            if context == "strong":  # a title line set apart: 县人大常委会主任  刘斌
                while start < len(norm) and norm[start] == " " and start - m.end() < 3:
                    start += 1
            end = self._name_at(s, start, context) or (self._dotted_end(s, start) if dotted else None)
            if end is None and context == "strong":
                end = self._listed_token_name(s, start, alone=True)  # 主任索朗次仁主持
            if end is None:
                continue
            affiliation = self._affiliation(s, m.start())
            s.pers.append(Candidate(start, end, "PER", "per:role", 0.85, priority=1,
                                    role=role, affiliation=affiliation))
            # more names under the same title: 副主任王建国、扎西顿珠、刘芳及秘书长...
            while end < len(norm) and norm[end] in p.list_joiners:
                nxt = self._name_at(s, end + 1, "strong") or \
                    (self._dotted_end(s, end + 1) if dotted else None) or self._listed_token_name(s, end + 1)
                if nxt is None:
                    break
                s.pers.append(Candidate(end + 1, nxt, "PER", "per:role", 0.8, priority=1,
                                        role=role, affiliation=affiliation))
                end = nxt
        # Title after the name: 习近平总书记, 习近平同志 (黄秋燕 供稿: spaces allowed).
        for m in p.roles_after_re.finditer(norm):
            end = m.start()
            while end > 0 and norm[end - 1] in " \u3000" and m.start() - end < 2:
                end -= 1
            i = self._name_before(s, end, "strong")
            if i is not None:
                s.pers.append(Candidate(i, end, "PER", "per:title", 0.8, priority=1,
                                        role=m.group()))
        # Transliterated names with a middle dot (阿不都热依木·吐尔逊): a name wherever
        # the tokens keep them whole, else only after a title (above) or in a byline.
        if s.tokens and dotted:
            for a, b in s.tokens:
                if _DOTTED.fullmatch(norm, a, b) and self._foreign_name(norm[a:b]) and \
                        norm[a - 1:a] not in _QUOTES_OPEN:
                    s.pers.append(Candidate(a, b, "PER", "per:dotted", 0.85, priority=1))
        # Enumerations: 殷宏军、杨秀娟等代表 / 刘清宇等代表; a bare 等 needs two names.
        for m in p.enum_tail_re.finditer(norm):
            pos, found = m.start(), []
            while True:
                i = self._name_before(s, pos, "strong")
                if i is None:
                    break
                found.append((i, pos))
                if i > 0 and norm[i - 1] == "、":
                    pos = i - 1
                    continue
                break
            if m.group() == "等" and len(found) < 2:
                continue
            for i, e in found:
                s.pers.append(Candidate(i, e, "PER", "per:enumeration", 0.8, priority=1))
        # Bylines: 通讯员:梁群芳 钞有生 / 责任编辑：石 韧 谢峥嵘.
        for m in p.byline_re.finditer(norm):
            role = norm[m.start():m.end()].rstrip("：:/ \t")
            for a, b in self._byline_names(norm, m.end()):
                s.pers.append(Candidate(a, b, "PER", "per:byline", 0.9, priority=1, role=role))

    def _name_before(self, s: _Sent, end: int, context: str) -> int | None:
        """Start of a name that ends at ``end`` and starts after a boundary."""
        norm = s.norm
        for length in (3, 2, 4):
            i = end - length
            if i < 0:
                continue
            before = norm[i - 1] if i > 0 else ""
            if s.tok_starts is not None:
                if i not in s.tok_starts:
                    continue
            elif before and _is_han(before) and before not in self.people.name_starters:
                continue
            if self._name_at(s, i, context, end_at=end) == end:
                return i
        return None

    def _byline_names(self, norm: str, pos: int) -> list[tuple[int, int]]:
        """Names after a byline marker, separated by spaces or 、; 石 韧 is one name.

        The list ends at anything else (a bracket, a date, 报道).  After a first
        name, the next one may be a common word too (通讯员：韦丽华 陆军)."""
        p = self.people
        out: list[tuple[int, int]] = []
        parts: list[tuple[int, int]] = []
        prev = pos
        for m in _BYLINE_PART.finditer(norm, pos, min(len(norm), pos + 40)):
            if not _BYLINE_GAP.fullmatch(norm, prev, m.start()):
                break  # 】, a date, a closing bracket: the byline is over
            parts.append((m.start(), m.end()))
            prev = m.end()
        k = 0
        while k < len(parts):
            a, b = parts[k]
            word = norm[a:b]
            if (len(word) == 1 and word in p.surnames and k + 1 < len(parts)
                    and parts[k + 1][1] - parts[k + 1][0] == 1 and parts[k + 1][0] - b <= 2
                    and _is_han(norm[parts[k + 1][0]])):
                out.append((a, parts[k + 1][1]))  # 石 韧
                k += 2
                continue
            if norm[b:b + 1] in ("：", ":"):
                break  # 联系方式：... is the next label, not a name
            if self._byline_name(word, after_name=bool(out)):
                out.append((a, b))
                k += 1
                continue
            break
        return out

    def _byline_name(self, word: str, after_name: bool) -> bool:
        """Is this word of a byline a personal name?"""
        p = self.people
        if word in p.byline_tails or "·" in word and not _DOTTED.fullmatch(word):
            return False
        if _DOTTED.fullmatch(word):
            return self._foreign_name(word)  # 努尔古丽·艾力
        if not 2 <= len(word) <= 4 or not all(_is_han(ch) for ch in word):
            return False
        sur = word[:2] if word[:2] in p.compound else word[:1]
        freq = p.common_words.get(word, 0)
        if sur in p.surnames and len(word) <= 3 + (len(sur) == 2):
            # after a first name, a second may be a word too (陆军), but not a very frequent one
            return freq < p.thresholds["name_after_title"] or (
                after_name and len(word) <= 3 and freq < p.thresholds["given"])
        # no known surname (努尔古丽, 格桑卓玛): a word no dictionary knows
        return len(word) >= 3 and self._foreign_name(word) and not any(t in word for t in p.byline_tails)

    def _foreign_name(self, word: str) -> bool:
        """A name without a known surname (扎西顿珠, 古丽娜尔·艾力): Han characters that form
        no word the dictionary knows, no frequent two-character word inside (亮身份·担使命,
        联系方式), no title inside and no body-like last character."""
        p = self.people
        parts = [w for w in regex.split(r"[·•‧・]", word) if w]
        if not parts or not all(_is_han(ch) for w in parts for ch in w):
            return False
        freq, limit = p.common_words.get, p.thresholds["prefix"]
        if any(freq(w, 0) for w in parts if len(w) >= 2) or any(
                freq(w[k:k + 2], 0) >= limit for w in parts for k in range(len(w) - 1)):
            return False
        return not p.roles_before_re.search(word) and word[-1] not in _ORG_LAST

    def _dotted_end(self, s: _Sent, start: int) -> int | None:
        """End of a dotted name (古丽娜尔·艾力) starting at ``start``, or None."""
        if s.tokens:
            b = s.tok_starts.get(start)
            return b if b is not None and _DOTTED.fullmatch(s.norm, start, b) and \
                self._foreign_name(s.norm[start:b]) else None
        m = _DOTTED.match(s.norm, start)
        if not m:
            return None
        end = m.end()  # without tokens the last part stops before a name-ending character
        dot = max(s.norm.rfind(d, start, end) for d in "·•‧・")
        end = next((k for k in range(dot + 3, end) if s.norm[k] in self.people.name_enders), end)
        return end if self._foreign_name(s.norm[start:end]) else None

    def _listed_token_name(self, s: _Sent, start: int, alone: bool = False) -> int | None:
        """A name without a known surname in a list of names (扎西顿珠 in 王建国、扎西顿珠、刘芳):
        one token of 3-4 characters that no dictionary knows, followed by a separator.
        ``alone``: right after a specific title (主任索朗次仁主持), only 4 characters."""
        if not s.tokens:
            return None
        b = s.tok_starts.get(start)
        if b is None or not (4 if alone else 3) <= b - start <= 4:
            return None
        if not self._foreign_name(s.norm[start:b]):
            return None
        if alone:
            return b
        after = s.norm[b:b + 1]
        return b if after in self.people.list_joiners or not after or not _is_han(after) else None

    def _affiliation(self, s: _Sent, role_start: int) -> Candidate | None:
        """The body just before a role word (县人大常委会 in 县人大常委会主任张功玉),
        also across other roles joined by 、 (省人大常委会党组书记、副主任韩永文)."""
        lo = role_start
        for _ in range(3):
            prev = [r for r in self.people.roles_before_re.finditer(s.norm, max(0, lo - 9), lo - 1)
                    if r.end() == lo - 1 and s.norm[lo - 1] == "、"]
            if not prev:
                break
            lo = prev[0].start()
        orgs = [o for o in s.orgs if lo - 2 <= o.end <= role_start and o.start < lo]
        return max(orgs, key=lambda o: (o.end, o.length)) if orgs else None

    def _propagate(self, sents: list[_Sent]) -> None:
        """Other mentions of a name found in context (王述杰提出...)."""
        names = set()
        for s in sents:
            for c in s.pers:
                names.add(s.norm[c.start:c.end])
        names = {n for n in names if len(n) >= 2 and not any(ch.isspace() for ch in n)}
        if not names:
            return
        pattern = regex.compile(_alternation(names))
        for s in sents:
            have = {(c.start, c.end) for c in s.pers}
            for m in pattern.finditer(s.norm):
                if (m.start(), m.end()) in have or not self._aligned(s, m.start(), m.end()):
                    continue
                if self._place_follows(s.norm, m.end()):
                    continue
                if s.tok_starts is None and len(m.group()) == 2 and not self._boundary_before(s, m.start()):
                    continue
                s.pers.append(Candidate(m.start(), m.end(), "PER", "per:propagated", 0.7))

    # -- decision ----------------------------------------------------------------
    @staticmethod
    def _decide(cands: list[Candidate]) -> list[Candidate]:
        """Flat spans: longest first, then priority, then confidence, then leftmost."""
        chosen: list[Candidate] = []
        taken = bytearray()
        for c in sorted(cands, key=lambda c: (-c.length, -c.priority, -c.confidence, c.start)):
            if len(taken) < c.end:
                taken.extend(b"\0" * (c.end - len(taken)))
            if any(taken[c.start:c.end]):
                continue
            taken[c.start:c.end] = b"\1" * c.length
            chosen.append(c)
        return sorted(chosen, key=lambda c: c.start)

    # -- the document ------------------------------------------------------------
    def extract(self, sentences: list[Sentence]) -> list[Entity]:
        sents = [self._prepare(s) for s in sentences]
        # Places the document names in full and unambiguously (county level and up):
        # they license short forms (湘乡 after 湘乡市) and pick among duplicate names.
        doc_places: set[int] = set()
        for s in sents:
            self._gazetteer_hits(s)
            for hit in s.hits:
                name = s.norm[hit.start:hit.end]
                if (hit.form == "full" and len(name) >= 3 and len(hit.place_ids) == 1
                        and name not in self.locs.never_names
                        and LEVEL_RANK[self.gaz.place(hit.place_ids[0]).level] <= LEVEL_RANK["county"]):
                    doc_places.update(hit.place_ids)
        doc_context = {a for pid in doc_places for a in self.gaz.ancestors(pid)
                       if self.gaz.place(a).level in ("prefecture", "county")}
        for s in sents:
            self._loc_candidates(s, doc_places, doc_context)
            self._org_candidates(s)
            self._per_candidates(s)
        self._propagate(sents)
        decided: list[tuple[_Sent, Candidate]] = []
        for s in sents:
            for c in self._decide(s.locs + s.orgs + s.pers):
                decided.append((s, c))
        return self._entities(decided)

    # -- attributes ----------------------------------------------------------------
    def _entities(self, decided: list[tuple[_Sent, Candidate]]) -> list[Entity]:
        places = self._resolve_places(decided)
        canon, org_paths = self._canonical(decided, places)
        out = []
        for s, c in decided:
            sent = s.sent
            start, end = sent.start + c.start, sent.start + c.end
            ent = Entity(
                id=stable_id("E", sent.doc_id, c.label, start, end),
                doc_id=sent.doc_id, sent_id=sent.sent_id, label=c.label,
                text=s.text[c.start:c.end], start=start, end=end,
                source=c.source, confidence=round(c.confidence, 2))
            if c.label == "LOC":
                ent.path = places.path(s, c)
            elif c.label == "ORG":
                ent.canonical = canon.get(id(c))
                ent.path = org_paths.get(id(c))
            else:
                ent.role = c.role
                if c.affiliation is not None:
                    ent.affiliation = canon.get(id(c.affiliation)) or \
                        s.text[c.affiliation.start:c.affiliation.end]
            out.append(ent)
        return out

    def _resolve_places(self, decided) -> "_Places":
        """Context for choosing among places of the same name: every place the
        document's localities (and the localities inside its body names) may
        denote, weighted 1/n for a name with n candidates."""
        context: Counter = Counter()
        for _s, c in decided:
            for loc in (c, c.org.get("loc") if c.org else None):
                if loc is None:
                    continue
                ids = loc.place_ids or loc.village_of
                for pid in ids:
                    for a in self.gaz.ancestors(pid):
                        context[a] += 1.0 / len(ids)
        return _Places(self.gaz, context)

    def _canonical(self, decided, places: "_Places") -> tuple[dict[int, str], dict[int, str]]:
        """Full names for short body references: the nearest full body or locality
        of the right level in the same article (preceding first), else the document.
        Also the administrative path of the place each body belongs to."""
        gaz, rules = self.gaz, self.orgs
        # (index, article, prefix, level, rest, place id)
        anchors: list[tuple[int, Any, str, str, str, int | None]] = []
        out: dict[int, str] = {}
        paths: dict[int, str] = {}
        for k, (s, c) in enumerate(decided):
            art = s.sent.article
            if c.label == "ORG" and c.org and c.org["kind"] == "locality":
                loc = c.org["loc"]
                pid = places.best(loc.place_ids)
                prefix = s.norm[c.start:loc.start] + (gaz.place(pid).name if pid else s.norm[loc.start:loc.end])
                out[id(c)] = prefix + c.org["rest"]
                path = places.path(s, loc)
                if path:
                    paths[id(c)] = path
                anchors.append((k, art, prefix, gaz.place(pid).level if pid else "", c.org["rest"], pid))
                for inner in c.org["chain"][:-1]:  # 肖堰镇 in 肖堰镇青龙湾村党支部
                    ipid = places.best(inner.place_ids)
                    if ipid:
                        anchors.append((k, art, gaz.place(ipid).name, gaz.place(ipid).level, "", ipid))
            elif c.label == "ORG" and c.org and c.org["kind"] == "level" and c.org["level"] in (
                    "全国", "中央", "国家"):
                out[id(c)] = s.norm[c.start:c.end]  # already a full name
            elif c.label == "LOC" and c.place_ids:
                pid = places.best(c.place_ids)
                anchors.append((k, art, gaz.place(pid).name, gaz.place(pid).level, "", pid))

        # Units above the named places (湖北省 above 南漳县) are weaker anchors.
        above = []
        for k, art, name, level, rest, _pid in anchors:
            ids = gaz.full.get(name, [])
            if len(ids) == 1:
                for a in gaz.ancestors(ids[0])[:-1]:
                    above.append((k, art, gaz.place(a).name, gaz.place(a).level, "", a))

        def nearest(k: int, art: Any, ok) -> tuple | None:
            for group in (anchors, above):
                pool = [a for a in group if ok(a)]
                for scope in ([a for a in pool if a[1] == art], pool):
                    if scope:
                        return min(scope, key=lambda a: (a[0] > k, abs(a[0] - k)))
            return None

        for k, (s, c) in enumerate(decided):
            if c.label != "ORG" or not c.org or id(c) in out:
                continue
            art, kind, rest = s.sent.article, c.org["kind"], c.org["rest"]
            if kind == "level":
                word = c.org["level"]
                levels = rules.level_of.get(word, [])
                hit = nearest(k, art, lambda a: a[3] in levels and a[2].endswith(word[-1]))
                if hit:
                    out[id(c)] = hit[2] + rest
                    if hit[5]:
                        paths[id(c)] = gaz.path(hit[5])
            elif kind == "bare":
                body = {"常委会": "人大常委会", "联工委": "人大常委会联工委"}.get(rest[:3], "")
                body = body + rest[3:] if body else rest
                if body.startswith("人大"):
                    hit = nearest(k, art, lambda a: a[4].startswith("人大") and a[3] != "town")
                    if hit:
                        out[id(c)] = hit[2] + body
                        if hit[5]:
                            paths[id(c)] = gaz.path(hit[5])
        for s, c in decided:
            if c.label == "ORG" and c.org and c.org.get("kind") == "sibling":
                parent = c.org["sibling_of"]
                base = out.get(id(parent)) or s.norm[parent.start:parent.end]
                last = _last_sub(rules, parent.org.get("subs") or "")
                if last and base.endswith(last):
                    out[id(c)] = base[: len(base) - len(last)] + c.org["rest"]
                if id(parent) in paths:
                    paths[id(c)] = paths[id(parent)]
        return out, paths


@dataclass
class _Places:
    """Chooses one place for an ambiguous name, from the document's other places."""

    gaz: Gazetteer
    context: Counter

    def best(self, ids: Iterable[int]) -> int | None:
        ids = list(ids)
        if not ids:
            return None
        own = 1.0 / len(ids)  # this mention's own weight is no evidence
        anc = self.gaz.ancestors
        return max(ids, key=lambda p: (round(self.context[p] - own, 3),
                                       sum(self.context[a] for a in anc(p)[:-1]),
                                       -LEVEL_RANK[self.gaz.place(p).level], -p))

    def path(self, s: _Sent, c: Candidate) -> str | None:
        if c.place_ids:
            return self.gaz.path(self.best(c.place_ids))
        if c.village_of:
            return self.gaz.path(self.best(c.village_of), c.unit or s.norm[c.start:c.end])
        if c.parent is not None:  # features and grammar villages under a known place
            base = self.path(s, c.parent)
            return f"{base}/{s.norm[c.start:c.end]}" if base else None
        return None


def _last_sub(rules: OrgRules, subs: str) -> str | None:
    last = None
    for m in rules.sub_body_re.finditer(subs):
        last = m.group()
    return last


@lru_cache(maxsize=1)
def _default_recognizer() -> EntityRecognizer:
    return EntityRecognizer(Gazetteer.load(), OrgRules.load(), LocRules.load(), PersonRules.load())


def extract(sentences: list[Sentence], recognizer: EntityRecognizer | None = None) -> list[Entity]:
    """Entities of one document, given ALL its sentences (article context matters)."""
    if not sentences:
        return []
    return (recognizer or EntityRecognizer.from_rules()).extract(sentences)
