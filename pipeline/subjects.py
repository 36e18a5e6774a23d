"""The strict subject check: is an indicator's subject the short noun phrase
of what is measured?

The scorer accepts a subject when it contains the gold subject or is
contained in it, so 记者从某某会议上获悉 passes for 代表.  Reviewers need
better: 民生实事项目, 代表, 参选率, 意见建议, not 代表努力, 完善, 占总数 or a
whole clause.  The check is rules as data (rules/subjects.yml): at most
``max_chars`` characters, no verb of reporting, no clause punctuation or
unbalanced bracket, no preposition or predicate verb first, no particle or
predicate verb last.  ``pipeline.indicators`` uses it to prefer a noun phrase
when it has two readings; ``tools/subject_check.py`` reports the share of
subjects in a run that pass it.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import regex

from pipeline.rules import RuleError, load_yaml, rule_path, word_list

__all__ = ["SubjectRules", "strict_subject_ok", "subject_problem", "load_subject_rules", "load_place_names"]

SUBJECTS_FILE = "subjects.yml"
PLACES_FILE = "gazetteer/places.tsv"
CLAUSE_PUNCTUATION = frozenset("，,。；;：:！!？?\n")
BRACKETS = {"(": ")", "（": "）", "[": "]", "【": "】"}


@dataclass(frozen=True)
class SubjectRules:
    """The compiled content of rules/subjects.yml."""

    max_chars: int
    reporting: regex.Pattern
    not_first: regex.Pattern
    not_last: regex.Pattern
    verb_last: regex.Pattern
    division: regex.Pattern  # 分成, 分为: a division counts its parts (代表分成两组 -> 组)
    place_suffix: regex.Pattern  # 镇, 县, 街道: a name that ends in one is a place
    generic_places: frozenset[str] = frozenset()  # 社区, 开发区: gazetteer names that are common nouns
    name_suffix: regex.Pattern | None = None  # 镇, 县: a name not in the gazetteer ending in one is a place
    generic_stems: frozenset[str] = frozenset()  # 重点镇, 示范乡: classes, not names
    participle: regex.Pattern | None = None  # 到会, 参会: describe the people after a measure word
    leading_adverbs: regex.Pattern | None = None  # 最终, 先后: never start a subject
    person_head: regex.Pattern | None = None  # 代表, 群众, 人员: what a count of people counts
    verbs_not_nouns: str = ""  # the alternation of verbs_not_nouns (lone verbs: choice.py)
    abstract_tail: regex.Pattern | None = None  # 6个部门审计整改情况: 个 counts 部门
    bracket_label: regex.Pattern | None = None  # (A类)152件: the label names the class counted
    long_verbs_not_nouns: str = ""  # ... of those with two characters or more (确定美兰区: a verb first)


def _alt(words: list[str]) -> str:
    return "|".join(sorted(set(words), key=lambda w: (-len(w), w)))  # (an order that does not change with the hash seed)


def load_subject_rules(file: str = SUBJECTS_FILE) -> SubjectRules:
    """Read and compile rules/subjects.yml; a bad entry raises RuleError naming the file."""
    data = load_yaml(file, required=("max_chars", "reporting", "not_first", "not_last", "verbs_not_nouns",
                                     "division_verbs", "place_suffixes", "generic_places", "participles",
                                     "leading_adverbs", "person_heads", "name_suffixes", "generic_stems", "bracket_labels",
                                     "abstract_tails"))
    if not isinstance(data["max_chars"], int) or data["max_chars"] < 2:
        raise RuleError(f"{file}: 'max_chars' must be an integer >= 2")

    def c(pattern: str, what: str) -> regex.Pattern:
        try:
            return regex.compile(pattern)
        except regex.error as exc:
            raise RuleError(f"{file}: bad pattern in {what}: {exc}") from exc

    return SubjectRules(
        max_chars=data["max_chars"],
        reporting=c(_alt(word_list(data, "reporting", file)), "reporting"),
        not_first=c(rf"^(?:{_alt(word_list(data, 'not_first', file))})", "not_first"),
        not_last=c(rf"(?:{_alt(word_list(data, 'not_last', file))})$", "not_last"),
        verb_last=c(rf"(?:{_alt(word_list(data, 'verbs_not_nouns', file))})$", "verbs_not_nouns"),
        division=c(rf"(?:{_alt(word_list(data, 'division_verbs', file))})$", "division_verbs"),
        place_suffix=c(rf"(?:{_alt(word_list(data, 'place_suffixes', file))})$", "place_suffixes"),
        generic_places=frozenset(word_list(data, "generic_places", file)),
        abstract_tail=c(rf"(?:{_alt(word_list(data, 'abstract_tails', file))})$", "abstract_tails"),
        bracket_label=c(rf"[(（](?:{_alt(word_list(data, 'bracket_labels', file))})[)）]$", "bracket_labels"),
        name_suffix=c(rf"(?:{_alt(word_list(data, 'name_suffixes', file))})$", "name_suffixes"),
        generic_stems=frozenset(word_list(data, "generic_stems", file)),
        participle=c(rf"(?:{_alt(word_list(data, 'participles', file))})(?=\p{{Han}})", "participles"),
        leading_adverbs=c(rf"^(?:{_alt(word_list(data, 'leading_adverbs', file))})+", "leading_adverbs"),
        person_head=c(rf"(?:{_alt(word_list(data, 'person_heads', file))})$", "person_heads"),
        verbs_not_nouns=_alt(word_list(data, "verbs_not_nouns", file)),
        long_verbs_not_nouns=_alt([w for w in word_list(data, "verbs_not_nouns", file) if len(w) >= 2]),
    )


@lru_cache(maxsize=1)
def _rules() -> SubjectRules:
    return load_subject_rules()


def load_place_names(file: str = PLACES_FILE, generic: frozenset[str] = frozenset()) -> frozenset[str]:
    """Names and short forms (two characters or more) of the gazetteer's divisions,
    province to township: a subject that is only one of them is a place, not a thing
    counted (美兰区, 官垱镇).  ``generic``: names that are also common nouns (社区,
    开发区).  Empty when the gazetteer is missing."""
    names: set[str] = set()
    try:
        with open(rule_path(file), encoding="utf-8") as fh:
            for line in fh:
                if line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) >= 4:
                    names.add(cols[3])
                    if len(cols) >= 5 and cols[4]:
                        names.update(x for x in cols[4].split(",") if len(x) >= 2)
    except (OSError, RuleError):
        return frozenset()
    return frozenset(names - generic)


def subject_problem(subject: str | None, rules: SubjectRules | None = None,
                    long_ok: bool = False) -> str | None:
    """Why ``subject`` is not a short noun phrase, or None when it is one.

    ``long_ok`` skips the length limit: the finder uses it to tell a long
    noun phrase (a reading to keep) from a clause (a reading to replace).
    """
    r = rules or _rules()
    s = (subject or "").strip()
    if not s:
        return "empty"
    if len(s) > r.max_chars and not long_ok:
        return "too long"
    if any(ch in CLAUSE_PUNCTUATION for ch in s):
        return "clause punctuation"
    depth = []
    for ch in s:
        if ch in BRACKETS:
            depth.append(BRACKETS[ch])
        elif ch in BRACKETS.values():
            if not depth or depth.pop() != ch:
                return "unbalanced bracket"
    if depth:
        return "unbalanced bracket"
    if r.reporting.search(s):
        return "verb of reporting"
    if r.not_first.match(s):
        return "starts with a function word or verb"
    if r.not_last.search(s):
        return "ends with a function word"
    if r.verb_last.search(s):
        return "ends with a verb"
    return None


def strict_subject_ok(subject: str | None, rules: SubjectRules | None = None,
                      long_ok: bool = False) -> bool:
    """True when ``subject`` is the short noun phrase of what is measured."""
    return subject_problem(subject, rules, long_ok) is None
