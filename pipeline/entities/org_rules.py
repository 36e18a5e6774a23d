"""rules/orgs.yml, checked and compiled once: the body grammar's data
(institutions, sub-bodies, suffix bodies, media, departments)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import regex

from ..chars import alternation
from ..gazetteer import LEVEL_RANK
from ..rules import RuleError, load_lines, load_yaml, rule_path, word_list
from .base import NameIndex, char_set


def _word(data: dict, key: str, path: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{path}: '{key}' must be a word")
    return value.strip()


def _mapping(data: dict, key: str, path: str) -> dict[str, str]:
    value = data.get(key)
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise RuleError(f"{path}: '{key}' must map words to words")
    return dict(value)


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
    count_numerals: frozenset[str] = frozenset()  # 12家, 三个: numerals before a classifier
    class_bracket_words: tuple[str, ...] = ()  # 乡镇(街道)人大: a bracket of level words
    class_list_heads: tuple[str, ...] = ()  # 各省、区、市人大常委会: a class
    party_names: tuple[str, ...] = ()  # 中共余姚市委
    site_word: str = ""  # 平遥县人大常委会网
    village_committee_after: str = ""  # 曼山村委会: the village's suffix before the tail
    dept_joiners: frozenset[str] = frozenset()  # 发展和改革局
    congress_suffix: str = ""  # 州人大民族宗教侨务外事委员会
    national_levels: tuple[str, ...] = ()  # 全国人大常委会: full as it stands
    bare_expansions: dict[str, str] | None = None  # 常委会 -> 人大常委会
    congress_word: str = ""  # 人大

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
            look = f"(?!{alternation(guard)})" if guard else ""
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
            suffix_re=regex.compile(alternation(free + located)),
            free_suffixes=set(free),
            generic_before=sorted(word_list(sb, "generic_before", path), key=len, reverse=True),
            title_suffix_re=regex.compile(f"《[^《》]{{1,20}}》(?:{alternation(titles)})"),
            max_name=int(sb.get("max_name", 10)),
            media_re=None,
            media_index=NameIndex(media),
            intl_index=NameIndex(load_lines("international_orgs.txt")),
            quoted_head_re=regex.compile(f"“([^“”]{{2,12}})”(?={alternation(heads)})"),
            village_committee_tail=str(data.get("village_committee_tail") or ""),
            name_cut_re=regex.compile(alternation(word_list(sb, "cut_words", path)))
            if "cut_words" in sb else None,
            dept_suffixes=tuple(word_list(generic, "suffixes", path)) if generic else (),
            dept_max_tokens=int(generic.get("max_tokens", 5)),
            dept_not_words=frozenset(word_list(generic, "not_words", path)) if generic else frozenset(),
            congress_heads=frozenset(word_list(generic, "congress_heads", path)) if generic else frozenset(),
            class_words_re=regex.compile(alternation(word_list(sb, "class_words", path)))
            if sb.get("class_words") else None,
            media_grammar_re=_media_grammar(data.get("media_grammar"), path),
            time_words=tuple(word_list(data, "time_words", path)) if data.get("time_words") else (),
            media_grammar_words=tuple(word_list(data["media_grammar"], "suffixes", path))
            if isinstance(data.get("media_grammar"), dict) else (),
            trailing_sub_bodies=frozenset(word_list(data, "trailing_sub_bodies", path))
            if data.get("trailing_sub_bodies") else frozenset(),
            count_classifiers=tuple(word_list(sb, "count_classifiers", path))
            if sb.get("count_classifiers") else (),
            count_numerals=char_set(data, "count_numerals", path),
            class_bracket_words=tuple(word_list(data, "class_bracket_words", path)),
            class_list_heads=tuple(word_list(data, "class_list_heads", path)),
            party_names=tuple(word_list(data, "party_names", path)),
            site_word=_word(data, "site_word", path),
            village_committee_after=_word(data, "village_committee_after", path),
            dept_joiners=frozenset(word_list(generic, "joiners", path)),
            congress_suffix=_word(generic, "congress_suffix", path),
            national_levels=tuple(word_list(data, "national_levels", path)),
            bare_expansions=_mapping(data, "bare_expansions", path),
            congress_word=_word(data, "congress_word", path),
        )

    def last_sub(self, subs: str) -> str | None:
        """The last sub-body of a run of them (办公厅联络局 -> 联络局)."""
        last = None
        for m in self.sub_body_re.finditer(subs):
            last = m.group()
        return last




def _media_grammar(data: Any, path: str):
    """The media outlet pattern: [boundary | after word] stem suffix (?= context)."""
    if data is None:
        return None
    if not isinstance(data, dict):
        raise RuleError(f"{path}: 'media_grammar' must be a mapping")
    suffixes = alternation(word_list(data, "suffixes", path))
    after = alternation(word_list(data, "after_words", path))
    context = alternation(word_list(data, "context", path))
    bad = alternation(word_list(data, "not_stems", path))
    # a name never ends in a generic word with the suffix's character (管网, 电网)
    generic = word_list(data, "generic_words", path) if data.get("generic_words") else []
    tail = rf"(?<!{alternation(generic)})" if generic else ""
    name = rf"(?!{bad}|{after})\p{{Han}}{{2,6}}?(?:{suffixes}){tail}"
    return regex.compile(
        rf"(?:(?<=^|[\s:|>“\"(（【\[、,，。;；!！?？\-])|(?<=(?:{after})[:：]?))"
        rf"(?P<name>{name}(?:-{name})?)"
        rf"(?=(?:{context})|[\s|)）】”\"<>]|$|\d)")

