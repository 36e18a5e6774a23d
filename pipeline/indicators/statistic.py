"""What kind of figure an indicator is: a result, or a plan, target, norm, level or vague figure.

A work report's statistics (召开常委会会议36次, 收集意见建议181件) are results.
Plans (计划投资505万元, the items under 今年将实施以下八项民生实事：), targets and
projections (力争, 到2025年, 预计实现年产值130亿元), norms (每年两次, 不少于10户,
每人联系5—10名), levels and enumerations (市县乡三级, 三名代表 after the three
names, 过去五年) and vague figures (几百亩, 上百次) are not: the guidelines mark
them optional, and a data team leaves them out of its sums.  ``optional`` is
``statistic != "result"``; ``statistic_cue`` keeps the words that decided.

Cues are data (rules/statistics.yml).  A cue governs its own clause and the
clauses after it that continue its predicate (预计实现年产值130亿元，年上缴税
3.9亿元: a clause that is only a noun and a figure, or that starts with a verb
or adverb, shares the subject and the mood); a clause with a subject and verb
of its own (工程涉及全镇4000人) or one that states a result (已完成) ends it.
A sentence that announces a plan list (…10项民生实事项目如下：) makes the
figures of the sentences after it in its article plans (``DocState``).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import regex

from ..chars import alternation, is_han
from ..rules import RuleError, load_yaml, word_list
from .grammar import GRAMMAR_FILE

STATISTICS_FILE = "statistics.yml"
SUBJECTS_FILE = "subjects.yml"
KINDS = ("result", "plan", "target", "norm", "level", "vague")
CLAUSE_BREAKS = "，,；;：:。！!？?"
CHINESE_DIGITS = "一二两兩三四五六七八九"
_YEAR = r"(?:19|20)\d{2}"
_DATE_IN_ITEM = regex.compile(r"(?:(?:19|20)\d{2}年度?)?(?:\d{1,2}月(?:\d{1,2}[日号])?)?")


@dataclass(frozen=True)
class Statistic:
    """The kind of a figure and the words that decided it."""

    kind: str = "result"
    cue: str | None = None

    @property
    def optional(self) -> bool:
        return self.kind != "result"


RESULT = Statistic()


@dataclass
class DocState:
    """What earlier sentences of a document say about later figures."""

    article: int | None = None
    plan_list: str | None = None  # the cue of a sentence that announced a plan list
    plan_from: int = 0  # in the current sentence, figures after this offset are under the list
    list_goes_on: bool = False  # the last sentence ended like a list item (；, ：, a heading)
    enumerated: dict[tuple[Decimal, str], str] = field(default_factory=dict)  # (value, unit) -> list


@dataclass(frozen=True)
class StatisticRules:
    """The compiled content of rules/statistics.yml."""

    norm: regex.Pattern
    frequency: regex.Pattern
    quota: regex.Pattern
    target: regex.Pattern
    plan: regex.Pattern
    announce: regex.Pattern
    items: regex.Pattern
    future: regex.Pattern
    result_words: regex.Pattern
    target_after: regex.Pattern  # 增长6.5%的预期目标: the words after the figure name it a target
    item_start: regex.Pattern  # 一、 （二） 3. 一是: a numbered item of a list
    set_heads: regex.Pattern  # 两个体系: a small count before an abstract noun is a set phrase
    max_level: int  # more 级 than this are steps, not levels of government (2556级钢梯)
    continues: regex.Pattern  # a clause that starts with a verb or adverb continues the one before
    verbs: regex.Pattern  # any action verb
    predicates: regex.Pattern  # verbs that are never nouns (subjects.yml verbs_not_nouns): a clause's own verb
    separators: regex.Pattern
    max_item: int


def load_statistic_rules(file: str = STATISTICS_FILE, grammar_file: str = GRAMMAR_FILE) -> StatisticRules:
    """Read and compile rules/statistics.yml (verbs from indicators.yml); errors name the file."""
    data = load_yaml(file, required=("set_phrase_heads", "norm", "frequency", "quota", "target", "target_after", "plan",
                                     "plan_list", "list_separators", "max_item_chars", "max_level"))
    verbs = alternation(word_list(load_yaml(grammar_file), "action_verbs", grammar_file), escape=False)

    def c(words: list[str], what: str) -> regex.Pattern:
        pattern = alternation([w.replace("{VERB}", f"(?:{verbs})").replace("{YEAR}", _YEAR) for w in words],
                              escape=False)
        try:
            return regex.compile(pattern)
        except regex.error as exc:
            raise RuleError(f"{file}: bad pattern in {what}: {exc}") from exc

    plan_list = data["plan_list"]
    if not isinstance(plan_list, dict):
        raise RuleError(f"{file}: 'plan_list' must be a mapping")
    max_item = data["max_item_chars"]
    if not isinstance(max_item, int) or max_item < 2:
        raise RuleError(f"{file}: 'max_item_chars' must be an integer >= 2")
    adverbs = word_list(data, "continuing_adverbs", file) if "continuing_adverbs" in data else []
    return StatisticRules(
        norm=c(word_list(data, "norm", file), "norm"),
        frequency=c(word_list(data, "frequency", file), "frequency"),
        quota=c(word_list(data, "quota", file), "quota"),
        target=c(word_list(data, "target", file), "target"),
        plan=c(word_list(data, "plan", file), "plan"),
        announce=c(word_list(plan_list, "announce", file), "plan_list.announce"),
        items=c(word_list(plan_list, "items", file), "plan_list.items"),
        future=c(word_list(plan_list, "future", file), "plan_list.future"),
        result_words=c(word_list(plan_list, "result_words", file), "plan_list.result_words"),
        target_after=regex.compile(rf"(?:{alternation(word_list(data, 'target_after', file), escape=False)})"),
        item_start=regex.compile(rf"^\s*(?:{alternation(word_list(plan_list, 'item_marks', file), escape=False)})"),
        max_level=int(data.get("max_level", 9)),
        set_heads=c(word_list(data, "set_phrase_heads", file), "set_phrase_heads"),
        continues=regex.compile(rf"^(?:{alternation(adverbs, escape=False) + '|' if adverbs else ''}{verbs})"),
        verbs=regex.compile(verbs),
        predicates=regex.compile(word_list_alt(load_yaml(SUBJECTS_FILE), "verbs_not_nouns", SUBJECTS_FILE)),
        separators=c(word_list(data, "list_separators", file), "list_separators"),
        max_item=max_item,
    )


class StatisticReader:
    """Decides the statistic of each figure; the finder holds one."""

    def __init__(self, rules: StatisticRules):
        self.r = rules

    @classmethod
    def from_rules(cls, file: str = STATISTICS_FILE, grammar_file: str = GRAMMAR_FILE) -> "StatisticReader":
        return cls(load_statistic_rules(file, grammar_file))

    # ---- one figure

    def of_figure(self, c: Any, t: str, left_qualifier: str | None = None,
                  state: DocState | None = None, prev_end: int = 0) -> Statistic:
        """The statistic of candidate ``c`` (see figures.FigureCandidate) in sentence ``t``;
        ``prev_end``: where the figure before it in the sentence ends (0: none)."""
        r = self.r
        figure = t[c.start:c.end]
        if c.vague or c.quantity.vague:
            return Statistic("vague", figure)  # 几百亩, 上百次
        if c.unit.optional and not (c.unit.kind == "level" and c.quantity.value > r.max_level):
            return Statistic("level", figure)  # 市县乡三级, 过去五年 (but 2556级钢梯 is a count)
        if c.figure.strip()[:1] in CHINESE_DIGITS and c.quantity.value <= 9 and not (c.pre or c.post or c.quantity_max):
            m = r.set_heads.match(t, c.end)
            if m:
                return Statistic("level", figure + m.group())  # 两个体系, 三项机制
        clause = _clause_start(t, c.start)
        if "at_least" in (c.pre, left_qualifier):
            return Statistic("norm", figure)  # 不少于10户, 至少列席一次: a floor set
        if c.unit.kind in ("times", "duration"):
            m = r.frequency.search(t, clause, c.start)
            if m:
                return Statistic("norm", m.group())  # 每季度召开1次, 每月确定1天
        if c.quantity_max is not None:
            m = r.quota.search(t, clause, c.start)
            if m and r.verbs.search(t, m.end(), c.start):
                return Statistic("norm", m.group())  # 每人联系3至5名 (but 每镇4至6处 is a result)
        if c.pre in ("at_most", "more_than") and prev_end > clause:
            return Statistic("norm", figure)  # 有15名代表积分低于60分: a threshold, not a measurement
        if c.unit.kind == "duration" and "at_most" in (c.pre, c.post):
            return Statistic("norm", figure)  # 3个工作日内: a deadline
        if c.unit.kind in ("age", "duration") and c.post and is_han(t[c.end:c.end + 1]) \
                and t[c.end] != "的":
            return Statistic("norm", figure)  # 60岁以上老年人: a criterion
        for kind, pattern in (("norm", r.norm), ("target", r.target), ("plan", r.plan)):
            m = self._governing(pattern, t, clause, c.start)
            if m:
                return Statistic(kind, m)
        after = r.target_after.match(t, c.end)
        if after:
            return Statistic("target", after.group())  # 增长6.5%的预期目标
        if state is not None and state.plan_list and c.start >= state.plan_from:
            return Statistic("plan", state.plan_list)
        listed = self._enumeration(t, clause, c)
        if listed:
            if state is not None:
                state.enumerated[(c.quantity.value, c.unit.unit)] = listed
            return Statistic("level", listed)
        if state is not None and c.pre is None and c.quantity_max is None:
            earlier = state.enumerated.get((c.quantity.value, c.unit.unit))
            if earlier:
                return Statistic("level", earlier)  # 两个项目 again: the same two
        return RESULT

    def _governing(self, pattern: regex.Pattern, t: str, clause: int, pos: int) -> str | None:
        """A cue in the figure's clause, or in an earlier clause its clauses continue."""
        m = _last(pattern, t, clause, pos)
        if m:
            return m
        start, end = clause, pos
        while start > 0:
            prev = _clause_start(t, start - 1)
            m = _last(pattern, t, prev, start - 1)
            if m and len(t[prev:start - 1].strip()) - len(m) <= 4:
                return m  # 到2025年，全市…达到100%: a clause that is only the cue frames the sentence
            if not self._continues(t, start, end):
                return None
            end, start = start - 1, prev
            if m:
                return m
        return None

    def _continues(self, t: str, start: int, end: int) -> bool:
        """Whether the clause t[start:end] shares the subject and mood of the clause before
        it: it starts with a verb or adverb (着力提升…, 直接提供…), or it is a noun and a
        figure with no verb (年上缴税3.9亿元); a result word (已, 累计) ends the scope."""
        if t[start - 1] in "。！!？?":
            return False
        text = t[start:end].lstrip(" ")
        if not text or self.r.result_words.search(text):
            return False
        if self.r.continues.match(text):
            return True
        head = regex.match(r"[^\d〇零一二两三四五六七八九十百千万亿]*", text).group()
        return len(head) <= 8 and self.r.predicates.search(head) is None  # (总投资 is a noun; 涉及 no)

    def _enumeration(self, t: str, clause: int, c: Any) -> str | None:
        """The list a count merely counts (武跃军、黎地、杨志健三名代表), or None."""
        if c.quantity_max is not None or c.pre or c.unit.kind not in ("count", "people", "times", "level"):
            return None
        value = c.quantity.value
        if value != value.to_integral_value() or not 2 <= value <= 12 or not is_han(t[c.end:c.end + 1]):
            return None  # (A、B、C新建代表之家3个 counts what was built: the noun is not after the count)
        text = t[clause:c.start]
        if text.endswith("等"):
            text = text[:-1]
        items = self.r.separators.split(_DATE_IN_ITEM.sub("", text))  # 2019年村道安保工程
        n = int(value)
        if len(items) < n:
            return None
        # the first counted item may carry the clause's verb and date (6月赴平江县调研城关、南江、
        # 龙门三个乡镇): only its end is an item; the others are short names without figures
        last = items[-n:]
        if not is_han(last[0][-1:]) or regex.search(r"\d", last[0]) or any(
                not x or len(x) > self.r.max_item or not is_han(x[-1:]) or regex.search(r"\d", x)
                for x in last[1:]):
            return None
        verbs = list(self.r.verbs.finditer(last[0]))
        if verbs and verbs[-1].end() < len(last[0]):
            last[0] = last[0][verbs[-1].end():]  # 赴平江县专题调研城关 -> 城关
        if len(items) > n and len(items[-n - 1]) <= self.r.max_item and not self.r.continues.search(items[-n - 1]):
            return None  # more items listed than counted: the count is of something else
        return "、".join(last) + t[c.start:c.end]

    # ---- across sentences

    def start_sentence(self, t: str, article: int | None, state: DocState) -> None:
        """Before the figures of sentence ``t``: a plan list ends with its article, or
        after an item that ended with 。 when no numbered item follows; a sentence
        whose words before a colon announce a plan list starts one after the colon."""
        if article != state.article:
            state.article = article
            state.plan_list = None
            state.enumerated.clear()
        if state.plan_list and not state.list_goes_on and not self.r.item_start.match(t):
            state.plan_list = None
        if state.plan_list and self.r.result_words.search(t):
            state.plan_list = None
        state.plan_from = 0
        cue = self._announces(t)
        if cue:
            state.plan_list, state.plan_from = cue

    def end_sentence(self, t: str, state: DocState) -> None:
        """After the figures of sentence ``t``: does a plan list go on into the next one?"""
        end = t.rstrip(" \n")[-1:]
        heading = bool(self.r.item_start.match(t)) and end not in "。！？!?"
        state.list_goes_on = end in "；;：:" or heading

    def _announces(self, t: str) -> tuple[str, int] | None:
        """(cue, offset after the colon) when ``t`` announces a list of planned items."""
        r = self.r
        for m in r.announce.finditer(t):
            before = t[:m.start()]
            if not r.items.search(before):
                continue
            cue = r.future.search(before) or r.plan.search(before) or r.target.search(before)
            if cue:
                return f"{cue.group()}…{m.group()}", m.end()
        return None


def word_list_alt(data: dict, key: str, file: str) -> str:
    return alternation(word_list(data, key, file))


def _clause_start(t: str, pos: int) -> int:
    """Start of the clause that holds ``pos``: after ，；：。 or a spaced dash (立法工作 - 全年…)."""
    dash = t.rfind(" - ", 0, pos)
    return max(max(t.rfind(ch, 0, pos) for ch in CLAUSE_BREAKS) + 1, dash + 3 if dash >= 0 else 0)


def _last(pattern: regex.Pattern, t: str, start: int, end: int) -> str | None:
    """The last match of ``pattern`` inside t[start:end]; lookarounds see the whole
    sentence (要求， is the noun 要求 even when the clause ends at the comma)."""
    found = None
    for m in pattern.finditer(t, start):
        if m.end() > end:
            break
        found = m.group()
    return found


