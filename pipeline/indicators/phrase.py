"""The phrase before a figure: where it starts, its from/to and change words,
its qualifier, and the noun phrase in it (参选率达97.7%, 收集意见建议181件,
由概算的240万元减少到205万元).  ``PhraseReader.read_left`` gives a
``LeftPhrase``; ``subject.SubjectReader`` turns it into readings.  Patterns
come from the compiled ``Grammar`` (rules/indicators.yml) and the subject
rules (rules/subjects.yml).
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..chars import has_han, is_han
from ..subjects import SubjectRules
from .grammar import (CLOSE_BRACKETS, OPEN_BRACKETS, STOP_CHARS, Grammar, _CLOSE_QUOTES, _EDGE_STRIP,
                      _NO_QUOTES, _OPEN_QUOTES)

CONJUNCTION = regex.compile(r"和|及|与|以及")
_QUOTE_OPENERS = {"”": "“", "」": "「", "』": "『", "’": "‘"}


@dataclass
class LeftPhrase:
    """What the words before a figure say."""

    subject: str | None
    span_start: int
    change: str | None
    to_marker: bool  # 增加到, 减少到: the figure is a new value
    verb_object: bool  # a verb with its object right before the figure
    qualifier: str | None = None  # 至少 + verb before the figure
    verb: str | None = None  # the verb whose object is the subject (组织 of 组织代表)


class PhraseReader:
    """Reads the phrase before a figure with one compiled grammar; the subject reader holds one."""

    def __init__(self, grammar: Grammar, rules: SubjectRules):
        self.g = grammar
        self.rules = rules
        self.lone_verb = regex.compile(rf"(?:{rules.verbs_not_nouns})+")

    def _pre_key(self, word: str) -> str | None:
        return next((key for pat, key in self.g.pre_keys if pat.fullmatch(word)), None)

    def previous_clause_subject(self, t: str, start: int, floor: int,
                                 time_spans: list[tuple[int, int]]) -> str | None:
        """长达700多米 after '...缺少安全防护栏，': the previous clause names the thing."""
        i = start - 1
        while i > floor and t[i] not in "，,；;":
            i -= 1
        return self.read_left(t, i, floor, time_spans).subject if i > floor else None

    def read_left(self, t: str, lim: int, floor: int, time_spans: list[tuple[int, int]]) -> LeftPhrase:
        """Read the phrase before a figure: from/to markers, change verb, qualifier, subject."""
        g = self.g
        b, e = phrase_bounds(t, lim, floor, time_spans)
        if b < e and t[b] in OPEN_BRACKETS and b <= floor + 1:
            close = next((k for k in range(b + 1, e) if t[k] in CLOSE_BRACKETS), None)
            if close is not None:  # 3.6万头（只）增加到: the aside belongs to the figure before
                b = close + 1
        if b > 0 and (t[b - 1].isdigit() or b == floor):
            # 802个乡镇实事项目和总投资43亿元: the words up to 和 are the noun of the figure before
            conj = max((m.end() for m in CONJUNCTION.finditer(t, b, e)), default=None)
            if conj is not None and e - conj >= 2:
                b = conj
        # dates inside the phrase (人口由2010年的15万人) are not part of the subject
        inside = [(s, x) for s, x in time_spans if s < e and x > b]
        where = [k for k in range(b, e) if not any(s <= k < x for s, x in inside)]
        text = "".join(t[k] for k in where)
        change, to_marker = None, False
        while text:  # 由概算的240万元, 由原来的每年2次: the old value
            fm = g.from_re.search(text)
            if fm:
                text, change = text[:fm.start()], "from"
                break
            text, to, stripped = self._strip_one_link(text)
            to_marker = to_marker or to
            if not stripped:
                break
        text, to = self._strip_links(text)
        to_marker = to_marker or to
        qualifier = None
        dq = g.distant_qual_re.search(text)
        if dq:  # 时间至少安排1天, 每月至少举行一次
            qualifier, text = self._pre_key(dq.group("q")), text[:dq.start()]
        cm = g.change_tail_re.search(text)
        if cm:  # 创建率提升30%, 比上届降低4岁, 减少到205万元
            change = change or ("to" if to_marker else g.change_keys[cm.group()])
            text, _ = self._strip_links(g.comparison_re.sub("", text[:cm.start()]))
        cut = 0
        cuts = [m for m in g.cut_re.finditer(text) if not in_brackets(text, m.start())]
        if cuts:  # 全县各乡镇人大主席团共组织专题调研 -> 组织专题调研 (not 其中A类（已解决）: 已 is inside)
            cut = cuts[-1].end()
            whole, text = text, text[cut:]
            rest = text.strip("了过到给的")
            if (cuts[-1].group().startswith("每") and (not rest or g.verb_full_re.fullmatch(text))) \
                    or (rest and self.lone_verb.fullmatch(rest)):
                # 主任会议每季度召开1次: only a verb after 每季度; the noun before it counts
                # (but 共提拔76人 keeps 提拔: what a total counts is the act); 古民居修缮项目
                # 已完成三分之一: 完成 names no act, the project is what is measured
                head_from = cuts[-2].end() if len(cuts) > 1 else 0
                head, _ = self._strip_links(whole[head_from:cuts[-1].start()])
                head_subject = subject_text(head)
                if head_subject and len(head_subject) >= 2 and not g.verb_full_re.fullmatch(head):
                    return LeftPhrase(head_subject, where[head_from], change, to_marker, False, qualifier)
        hm = g.change_head_re.match(text)
        if hm and len(text) > hm.end() and change is None:
            change = g.change_keys[hm.group()]  # 增加编制48个
        subject, span_from, verb = text, 0, None
        verbs = list(g.verb_re.finditer(text))
        # a verb with its object right before the figure: that object is what is counted
        verb_object = bool(verbs) and len(text[verbs[-1].end():].lstrip("了过到给的")) >= 2
        for vm in reversed(verbs):  # 收集意见建议 -> 意见建议; 办理回复 stays whole
            rest = text[vm.end():].lstrip("了过到给的")
            if rest[:1] == "出" and len(rest) >= 3:
                rest = rest[1:]  # 评选出优秀建议: 出 completes the verb
            if len(rest) >= 2 and rest[0] not in "和及与或、" + OPEN_BRACKETS \
                    and not g.verb_full_re.fullmatch(rest):
                subject, span_from, verb = rest, vm.start(), text[vm.start():len(text) - len(rest)]
                break
        lead = g.leading_re.match(subject)
        if lead and span_from == 0:  # 有贫困户 -> 贫困户
            subject = subject[lead.end():]
        adv = self.rules.leading_adverbs.match(subject)
        if adv and len(subject) - adv.end() >= 2:  # 最终选定 -> 选定
            subject = subject[adv.end():]
        am = g.aside_re.search(subject)
        if am and am.start() >= 2:  # 解决或基本解决（含列入计划解决）71件: the remark goes
            subject = subject[:am.start()]
        rm = g.result_tail_re.search(subject)
        if rm and rm.start() >= 2 and not verb_object:
            subject = subject[:rm.start()]  # 地区生产总值完成76.3亿元: 完成 links, it is no object
        subject = subject_text(subject)
        if subject is None or len(subject) < 2:
            return LeftPhrase(None, lim, change, to_marker, False, qualifier)
        return LeftPhrase(subject, where[cut + span_from], change, to_marker, verb_object, qualifier, verb)

    def _strip_links(self, text: str) -> tuple[str, bool]:
        """Drop link words at the end (均达到, 共计, 的): they join subject and figure."""
        to_marker, stripped = False, True
        while text and stripped:
            text, to, stripped = self._strip_one_link(text)
            to_marker = to_marker or to
        return text, to_marker

    def _strip_one_link(self, text: str) -> tuple[str, bool, bool]:
        """One link word off the end: (rest, it was a to-marker, anything stripped)."""
        if self.g.verb_end_re.search(text):  # 分为 ends in a verb, not in the link 为
            return text, False, False
        lm = self.g.link_tail_re.search(text)
        if not lm or lm.end() == lm.start():
            return text, False, False
        rest = text[:lm.start()]
        if lm.group().strip() == "到" and len(rest) == 1 and is_han(rest) \
                and not self.g.link_tail_re.search(rest) and not self.g.cut_re.fullmatch(rest):
            return text, False, False  # 实到52名, 应到: 到 ends a word (but 长达700米 is 长 + 达)
        return rest, lm.group().strip() in self.g.to_markers, True


def phrase_bounds(t: str, lim: int, floor: int, time_spans: list[tuple[int, int]]) -> tuple[int, int]:
    """The phrase that ends at ``lim``: back to punctuation, a figure or a date.

    A date right before the figure is skipped with an opening bracket
    ((2019年5个 reads 实施项目 from before the bracket), a date followed by 的
    is kept for the from-marker (由2010年的15万人).  Balanced brackets inside a
    name (工作站(室)) are kept.
    """
    while lim > floor and t[lim - 1] == " ":  # 共计 40 余万元
        lim -= 1
    i = lim
    low = max(floor, lim - 24)
    while i > low:
        ch = t[i - 1]
        span = next((s for s in time_spans if s[0] < i <= s[1]), None)
        if span and span[0] > low and t[span[0] - 1:span[0]] in ("比", "较"):
            i = span[0]  # 化肥使用量比上年减少: a date compared with is part of the phrase
            continue
        if span:
            between = t[i:lim].strip()
            if span[0] < low or between not in ("", "的"):
                break
            i = span[0]
            if not between:
                while i > low and t[i - 1] in OPEN_BRACKETS + " ":
                    i -= 1
                lim = i
            continue
        if ch in CLOSE_BRACKETS:
            j = i - 2  # an aside up to 16 characters (含列入年度计划解决)
            while j >= max(low, i - 18) and t[j] not in OPEN_BRACKETS:
                j -= 1
            if j < max(low, i - 18):
                break
            i = j
            continue
        if ch == "》":  # 印发《代表履职手册》150余本: the title is what is counted
            j = t.rfind("《", max(floor, lim - 30), i - 1)
            if j < 0:
                break
            i = j
            continue
        if ch in _QUOTE_OPENERS:  # 群众“微心愿”35个: a quoted name is part of the phrase
            j = t.rfind(_QUOTE_OPENERS[ch], max(floor, i - 16), i - 1)
            if j < 0 or any(x in STOP_CHARS - set(_QUOTE_OPENERS) - set(_QUOTE_OPENERS.values())
                            for x in t[j + 1:i - 1]):
                break
            i = j
            continue
        if ch in STOP_CHARS or ch in OPEN_BRACKETS or ch.isdigit() or (ch.isascii() and not ch.isalpha()):
            break
        i -= 1
    if i < lim and t[i].isascii() and t[i].isalpha():  # 5G基站, 4A级景区: keep the code whole
        while i > low and t[i - 1].isdigit():
            i -= 1
    return i, lim


def in_brackets(text: str, pos: int) -> bool:
    """Whether ``pos`` is inside a bracket opened before it in ``text`` and not closed."""
    depth = 0
    for ch in text[:pos]:
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
    return depth > 0


def subject_text(phrase: str) -> str | None:
    """A subject as written, without quote marks and edge particles; None if no words."""
    # quote marks around the whole phrase go, those inside stay as written (涉“水”重点建议)
    phrase = phrase.strip(_EDGE_STRIP)
    if not balanced_quotes(phrase):
        phrase = phrase.translate(_NO_QUOTES).strip(" 的了")
    if has_han(phrase) or sum(ch.isascii() and ch.isalpha() for ch in phrase) >= 2:
        return phrase
    return None


def balanced_quotes(phrase: str) -> bool:
    """Every quote mark opened in ``phrase`` is closed in it, in order."""
    want: list[str] = []
    for ch in phrase:
        if want and ch == want[-1]:
            want.pop()
        elif ch in _OPEN_QUOTES:
            want.append(_OPEN_QUOTES[ch])
        elif ch in _CLOSE_QUOTES:
            return False
    return not want
