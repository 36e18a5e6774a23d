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

from pipeline.rules import RuleError, load_yaml, word_list

__all__ = ["SubjectRules", "strict_subject_ok", "subject_problem", "load_subject_rules"]

SUBJECTS_FILE = "subjects.yml"
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


def _alt(words: list[str]) -> str:
    return "|".join(sorted(set(words), key=len, reverse=True))


def load_subject_rules(file: str = SUBJECTS_FILE) -> SubjectRules:
    """Read and compile rules/subjects.yml; a bad entry raises RuleError naming the file."""
    data = load_yaml(file, required=("max_chars", "reporting", "not_first", "not_last", "verbs_not_nouns"))
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
    )


@lru_cache(maxsize=1)
def _rules() -> SubjectRules:
    return load_subject_rules()


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
