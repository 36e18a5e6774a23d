"""rules/person.yml, rules/surnames.txt, rules/name_components.txt and
rules/common_words.txt (the frequent-word list every proposer's guards share),
checked and compiled once."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from ..chars import alternation, is_han
from ..rules import RuleError, load_lines, load_yaml, rule_path, word_list
from .base import char_set, word_counts


def thresholds(data: dict, path: str) -> dict[str, int]:
    keys = ("name_after_title", "name_generic", "given", "prefix")
    value = data.get("common_word_counts")
    if not isinstance(value, dict) or any(not isinstance(value.get(k), int) for k in keys):
        raise RuleError(f"{path}: 'common_word_counts' needs integer {', '.join(keys)}")
    return value


def _word(data: dict, key: str, path: str) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        raise RuleError(f"{path}: '{key}' must be a word")
    return value.strip()


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
    thresholds: dict[str, int]  # see person.yml commonword_counts
    name_parts: frozenset[str] = frozenset()  # 巴特尔, 扎西, 买买提 (rules/name_components.txt)
    dai_prefixes: frozenset[str] = frozenset()  # 岩, 玉, 刀 (Dai names, person.yml)
    clans: frozenset[str] = frozenset()  # 阿说, 沙马: Yi clan names (name_components.txt, +)
    speech_re: Any = None  # 说, 表示: a name may stand before one without a role
    bracket_byline_re: Any = None  # (王明/摄)
    wire_mark: str = ""  # 讯
    bare_enumeration_tail: str = ""  # 等
    org_last_chars: frozenset[str] = frozenset()  # 局, 委, 中心: bodies end so, people not

    @classmethod
    def load(cls, name: str = "person.yml", surnames: str = "surnames.txt",
             words: str = "common_words.txt", parts: str = "name_components.txt") -> "PersonRules":
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
            roles_before_re=regex.compile(alternation(word_list(data, "roles_before", path))),
            roles_after_re=regex.compile(alternation(word_list(data, "roles_after", path))),
            byline_re=regex.compile(rf"(?:{alternation(markers)})(?:\s*[：:/]\s*|"
                                    rf"(?<=(?:^|[\s(（【\[])(?:{alternation(markers)}))[ \t\u3000]+)"),
            enum_tail_re=regex.compile(alternation(word_list(data, "enumeration_tails", path))),
            generic_roles=set(word_list(data, "generic_roles", path)),
            function_surnames=set(word_list(data, "function_surnames", path)),
            bad_given_first=set(word_list(data, "bad_given_first", path)),
            name_enders=set(word_list(data, "name_enders", path)),
            name_starters=set(word_list(data, "name_starters", path)),
            place_after=set(word_list(data, "place_after", path)),
            not_given=set(word_list(data, "not_given", path)),
            byline_tails=set(word_list(data, "byline_tails", path)),
            list_joiners=set(word_list(data, "list_joiners", path)),
            common_words=word_counts(words),
            thresholds=thresholds(data, path),
            name_parts=_name_parts(parts),
            dai_prefixes=frozenset(word_list(data, "dai_prefixes", path)),
            clans=_clan_names(parts),
            speech_re=regex.compile(alternation(word_list(data, "speech_words", path))),
            bracket_byline_re=regex.compile(
                r"[(（]\s*(?P<name>\p{Han}{2,3})\s*(?P<mark>[/／]\s*(?:"
                + alternation(word_list(data, "bracket_credit_marks", path)) + r"))?\s*[)）]"),
            wire_mark=_word(data, "wire_mark", path),
            bare_enumeration_tail=_word(data, "bare_enumeration_tail", path),
            org_last_chars=char_set(data, "org_last_chars", path),
        )

    def has_surname(self, name: str) -> bool:
        """A known surname starts ``name``; a transliterated name built from known
        components (格桑卓玛) or a dotted one counts like one."""
        return name[:2] in self.compound or name[:1] in self.surnames or "·" in name or \
            len(name) >= 3 and self.built(name)

    def is_word(self, name: str) -> bool:
        """A frequent word (充电) or a surname with a form of address (吴大爷): no name.
        Only a word as frequent as the rules refuse even after a title (张伟 and 杨帆
        are frequent "words" too)."""
        return self.common_words.get(name, 0) >= self.thresholds["name_after_title"] or \
            name[1:] in self.not_given or name[2:] in self.not_given

    def built(self, text: str) -> bool:
        """Is ``text`` wholly made of name components (阿不都热合曼 = 阿不都 + 热合曼)?"""
        parts, ok = self.name_parts, {0}
        for pos in range(len(text)):
            if pos in ok:
                ok |= {pos + n for n in range(1, 6) if text[pos:pos + n] in parts
                       and (n > 1 or pos > 0)}
        return len(text) in ok


def _name_parts(name: str) -> frozenset[str]:
    """rules/name_components.txt: Han components of transliterated minority names."""
    path = rule_path(name)
    if not path.exists():
        return frozenset()
    out = set()
    for n, word in enumerate(load_lines(name), 1):
        word = word.removesuffix("+")  # a clan name (阿说+): see _clan_names
        if not all(is_han(ch) for ch in word):
            raise RuleError(f"{path}: entry {n} ({word!r}) must be Han characters only")
        out.add(word)
    return frozenset(out)


def _clan_names(name: str) -> frozenset[str]:
    """Entries of rules/name_components.txt marked with a trailing + (阿说+, 沙马+):
    Yi clan names that begin a name with a given name of two characters of any kind."""
    if not rule_path(name).exists():
        return frozenset()
    return frozenset(w[:-1] for w in load_lines(name) if w.endswith("+"))


# A transliterated name: parts of Han characters joined by middle dots (阿不都热依木·吐尔逊).
