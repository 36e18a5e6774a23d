"""What a figure counts: its readings, each with how it was found (docs/subjects.md).

The phrase before the figure is read by ``phrase.PhraseReader``; the noun after
the measure word (14个乡镇), the list head, 分别 parts (distribute.py) and the
other readings are built here; ``choice.SubjectChooser`` picks one.  Patterns
come from the compiled ``Grammar`` (rules/indicators.yml) and rules/subjects.yml.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from ..chars import is_han
from ..subjects import SubjectRules, load_subject_rules, strict_subject_ok, subject_problem
from .grammar import CLOSE_BRACKETS, OPEN_BRACKETS, QUOTES, RIGHT_SUBJECT_KINDS, STOP_CHARS, Grammar, _YEAR_IN_PHRASE
from .phrase import LeftPhrase, PhraseReader, subject_text


@dataclass(frozen=True)
class Reading:
    """One reading of what a figure counts: the text, where the span starts, how it was found."""

    text: str
    start: int
    source: str  # counted_noun, left, action, list, relative, existential, unit, previous, ...


class SubjectReader:
    """Reads subjects with one compiled grammar; the finder holds one."""

    def __init__(self, grammar: Grammar, rules: SubjectRules | None = None):
        self.g = grammar
        self.rules = rules or load_subject_rules()
        self.verb_first = regex.compile(rf"(?:{self.rules.long_verbs_not_nouns})+")
        self.phrases = PhraseReader(grammar, self.rules)
        self.lone_verb = self.phrases.lone_verb
        self.is_place = lambda text: False  # the finder sets the chooser's check (gazetteer names)

    def read_left(self, t: str, lim: int, floor: int, time_spans: list[tuple[int, int]]) -> LeftPhrase:
        """The phrase before a figure (``PhraseReader.read_left``)."""
        return self.phrases.read_left(t, lim, floor, time_spans)

    def _lone(self, text: str) -> bool:
        """修改, 最终选定: verbs only, no noun (视察 and 调研 name activities: not lone)."""
        return bool(self.lone_verb.fullmatch(text))

    def readings(self, c, t: str, left: LeftPhrase, prev, prev_end: int,
                 time_spans: list[tuple[int, int]], boundaries: frozenset[int] | None = None) -> list[Reading]:
        """Every reading of what the figure counts, in the hand order of preference.

        After a measure word the noun that follows is usually what is counted
        (14个乡镇, 派出700多个巡察组), unless a verb and its object come right
        before the figure (遴选候选实事15个交镇人大主席团审议).  Amounts, rates and
        durations name their subject on the left (投入资金2580万元, 参选率达97.7%).
        Failing both, a figure in a list shares its neighbour's subject
        (610场、4万余人次; 减少到205万元).  The new readings (a relative clause
        before the noun, 有N人 + the act, a list's coordinated head, the measure word
        itself) come after the reading they refine; the chooser (choice.py) picks one.
        """
        gap = t[prev_end:c.start].lstrip()
        if prev is not None and prev.subject and gap[:1] in OPEN_BRACKETS \
                and not any(ch in CLOSE_BRACKETS for ch in gap) and not _OWN_SUBJECT.search(gap):
            return [Reading(prev.subject, c.start, "aside")]  # 198个(合乡并村后150个): the same thing
        right = self._right_subject(t, c.end)
        vm = self.g.verb_tail_re.search(t, max(0, c.start - 6), c.start)
        right_at = vm.start() if vm else c.start
        acts = right is not None and c.unit.unit in PEOPLE_UNITS and bool(
            self.lone_verb.match(right) or self.g.verb_re.match(right))
        if right and c.unit.unit in PEOPLE_UNITS and not acts and not self.rules.person_head.search(right):
            # 130余名干部提名资格, 15名代表积分低于60分: the people are the head of the phrase
            right = next((right[:k] for k in range(len(right) - 1, 1, -1)
                          if (m := self.rules.person_head.search(right[:k])) and len(m.group()) >= 2), right)
        tail = self.rules.abstract_tail.search(right) if right else None
        if tail and tail.start() >= 4:  # 6个部门审计整改情况: 个 counts the first word, 部门
            right = _first_word(right, t, c.end, boundaries) or right
        if right and c.unit.unit in THING_UNITS and len(right) >= 4:
            head = self.rules.person_head.search(right)
            if head and len(head.group()) >= 2 and head.start() >= 2 and not self.rules.person_head.search(right[:head.start()]):
                right = right[:head.start()]  # 三个乡镇选民: 个 counts the towns, not the people
        category = self._category(t, c.end, right) if right and len(right) <= 2 else None
        if category:
            right = category  # 5个项目作为…民生实事实施项目
        right_reading = Reading(right, right_at, "act" if acts else "counted_noun") if right else None
        relative = None if right else self._relative_subject(t, c.end)
        relative_reading = Reading(relative, right_at, "relative") if relative else None
        left_reading = Reading(left.subject, left.span_start, "left") if left.subject else None
        if left_reading and left.verb and c.unit.unit in self.g.act_units \
                and self.g.act_object_re.search(left.subject) and not left.verb.endswith("的"):
            # 组织代表3次: a count of acts, not of the people they concern
            left_reading = Reading(left.verb.rstrip("了过到给的") + left.subject, left.span_start, "action")
        listed = self._list_head(t, left, prev_end, time_spans) if left.subject else None
        vm2 = self.verb_first.match(left.subject) if left.subject else None
        left_object = Reading(left.subject[vm2.end():], left.span_start + vm2.end(), "left_object") \
            if vm2 and len(left.subject) - vm2.end() >= 2 else None  # 确定美兰区 -> 美兰区 (a place: no)
        prev_reading = Reading(prev.subject, c.start, "previous") if prev is not None and prev.subject else None
        existential = self._existential(t, c, left)
        unit_noun = self._unit_noun(t, c, left)
        modifier = t[:c.start].rstrip(" ").endswith("的") and left.change != "from"
        if right and (not left.subject or modifier
                      or (c.unit.kind in RIGHT_SUBJECT_KINDS and not left.verb_object)):
            # the right reading first; a left one, else the neighbour's, when it is no noun phrase
            # (23名代表努力… reads 代表; 90件交… is no subject); words closed by 的 before the
            # figure describe the noun after it (参加接访的4位区人大代表)
            order = [right_reading, listed, left_reading, left_object, prev_reading if not left.subject else None]
        elif left.subject:
            # the left reading first; the noun after the figure when the left is a clause or a
            # verb (会议上以97.75%的得票率 -> 得票率; 建设完善提升303个“代表家站” -> 代表家站)
            order = [listed, left_reading, left_object, right_reading, relative_reading]
            if subject_problem(left.subject, long_ok=True) == "starts with a function word or verb":
                order.append(prev_reading)  # 有4084件建议得到采纳，占总数的77%: a share of the same thing
        elif prev_reading or relative_reading:
            order = [relative_reading, prev_reading]
        else:
            before = self.phrases.previous_clause_subject(t, c.start, prev_end, time_spans)
            order = [Reading(before, c.start, "previous_clause") if before else None]
        elliptic = None
        if left.subject and not right and prev is not None and prev.subject and self._lone(left.subject) \
                and t[prev_end:left.span_start].strip() in ("、", "，", ",", "和", "及"):
            # 制定省级地方性法规7件、修改6件: the verb takes the object of the figure before
            elliptic = Reading(left.subject + prev.subject, left.span_start, "elliptic")
        label = self.rules.bracket_label.search(t, max(0, c.start - 8), c.start)
        labelled = Reading(label.group()[1:-1], label.start(), "label") if label else None
        wrapped = None
        if right and left.subject and left.verb_object and len(left.subject) <= 3 and c.unit.kind == "count" \
                and not self.is_place(left.subject) and not self.g.verb_re.match(right) \
                and t[:c.start].rstrip(" ").endswith(left.subject):
            # 吸引了境内外35家媒体: the figure stands inside the noun phrase it counts
            wrapped = Reading(left.subject + right, left.span_start, "wrapped")
        worse = left.subject is not None and (self._lone(left.subject) or self.is_place(left.subject))
        order = [labelled, existential, elliptic, wrapped] + order + [unit_noun, prev_reading if worse else None]
        # (有3人正在训练: what the people do; 蓝坊镇仅为61.3%: a place, the neighbour's subject)
        out: list[Reading] = []
        for r in order:
            if r is not None and r.text and all(r.text != o.text for o in out):
                out.append(r)
        return out

    def _relative_subject(self, t: str, pos: int) -> str | None:
        """12件具有普惠性、代表性的区级民生实事项目, 12个覆盖多领域的站点: after the measure
        word a relative clause closed by 的, then the counted noun."""
        end = pos + 24
        k = pos
        while k < min(len(t), end):
            ch = t[k]
            if (ch in STOP_CHARS and ch != "、") or ch.isdigit():
                return None
            if ch == "的" and k > pos + 1:
                noun = self._right_subject(t, k + 1)
                after = t.find(noun, k + 1) + len(noun) if noun else -1
                if noun and strict_subject_ok(noun, long_ok=True) and not t[after:after + 1].isdigit():
                    return noun  # (but 已办结66条、正在办理的意见建议44条: that noun has its own figure)
            k += 1
        return None

    def _list_head(self, t: str, left: LeftPhrase, floor: int, time_spans: list[tuple[int, int]]) -> Reading | None:
        """专项视察、执法检查、专题询问32次: a total of listed items is counted by the whole
        list (its coordinated head), not by its last item.  Items are short, hold no
        figure or date, and the first may carry the clause's verb (组织视察、调研…)."""
        start = left.span_start
        if start <= floor or t[start - 1] != "、":
            return None
        first = start
        pos = start - 1
        while pos > floor and t[pos] == "、":
            j = pos - 1
            while j >= floor and t[j] not in STOP_CHARS and not t[j].isdigit() \
                    and not any(s <= j < e for s, e in time_spans):
                j -= 1
            if j >= floor and (t[j].isdigit() or any(s <= j < e for s, e in time_spans)):
                return None  # 执法检查5项、专题调研8项: a list of figures, each with its own subject
            item = t[j + 1:pos]
            if not item or len(item) > 16:
                return None
            first = j + 1
            if j < floor or t[j] != "、":
                break
            pos = j
        text = t[first:start - 1]
        cuts = list(self.g.cut_re.finditer(text))
        if cuts:
            text = text[cuts[-1].end():]
        vm = self.g.verb_re.search(text, 0, text.find("、") if "、" in text else len(text))
        if vm:  # 开展专项视察、… -> 专项视察、… (the first verb is the clause's; 视察 names an activity)
            text = text[vm.end():].lstrip("了过到给的")
        end = t.find(left.subject, start)
        last = t[start:end + len(left.subject)] if end >= 0 else left.subject  # 座谈交流活动, not 交流活动
        lead = self.g.leading_re.match(text)
        if lead:
            text = text[lead.end():]
        items = text.split("、")
        if any(not x or self.g.verb_re.match(x) for x in items):
            return None  # 走访选民、收集意见建议100条: verb phrases, not a coordinated noun
        head = subject_text(text + "、" + last)
        return Reading(head, left.span_start, "list") if head else None

    def _existential(self, t: str, c, left: LeftPhrase) -> Reading | None:
        """有3人正在国家队训练, 有7人进入国家体操队: 有 + count + what they do."""
        if not t[:c.start].rstrip(" ").endswith("有") or t.startswith("的", c.end):
            return None  # (有约三成的受访群众: 的 opens a noun, no act)
        k = c.end
        while k < len(t) and t[k] not in STOP_CHARS and k - c.end < 14:
            k += 1
        act = t[c.end:k]
        if len(act) < 2 or c.unit.unit not in PEOPLE_UNITS or any(
                (m := self.rules.person_head.search(act[:n])) and len(m.group()) >= 2
                for n in range(2, min(len(act), 4) + 1)):
            return None  # (有15名代表积分低于60分: the people are named, 代表; 有520件建议: a thing)
        return Reading(act, c.start, "existential")

    def _unit_noun(self, t: str, c, left: LeftPhrase) -> Reading | None:
        """代表分成两组, 分为3类: a division counts its parts, named by the measure word."""
        if not self.rules.division.search(t, max(0, c.start - 4), c.start):
            return None
        if is_han(t[c.end:c.end + 1]) and self._right_subject(t, c.end):
            return None  # 分成12个小组: the noun after the measure word names the parts
        unit = t[c.unit_end - len(c.unit.form):c.unit_end] if hasattr(c, "unit_end") else c.unit.form
        return Reading(unit.lstrip("个個"), c.start, "unit") if unit.lstrip("个個") else None

    def _right_subject(self, t: str, pos: int) -> str | None:
        """The noun phrase after a measure word (14个乡镇 -> 乡镇); None when a verb follows."""
        if t.startswith("的", pos):
            pos += 1
        dm = _YEAR_IN_PHRASE.match(t, pos)
        if dm:
            pos = dm.end()  # 5项2020年乡政府民生实事项目: the noun after the date
        start, n = pos, len(t)
        if pos >= n or t[pos] in OPEN_BRACKETS:
            return None
        pm = self.rules.participle.match(t, pos)
        if pm:
            pos = pm.end()  # 37名到会代表: 到会 describes the people counted
        elif t[pos] != "被" and (self.g.right_stop_re.match(t, pos) or self.g.right_start_re.match(t, pos)):
            return None
        depth = 0
        item = start  # 286名市、区人大代表: one-character items listed with 、 go on
        while pos < n and pos - start < 18:
            ch = t[pos]
            if ch == "、" and depth == 0 and pos - item == 1 and is_han(t[pos + 1:pos + 2]):
                pos += 1
                item = pos
                continue
            if ch in QUOTES and (pos == start or depth == 0):  # 15 条“负面清单”, 4件涉“水”重点建议
                close = t.find(QUOTES[ch], pos + 1, pos + 20 if pos == start else pos + 8)
                if close < 0:
                    break
                pos = close + 1
                continue
            if ch in OPEN_BRACKETS:
                depth += 1
            elif ch in CLOSE_BRACKETS:
                if depth == 0:
                    break
                depth -= 1
            elif ch.isdigit() and depth == 0 and pos > start:
                dm = _YEAR_IN_PHRASE.match(t, pos)
                if not dm:
                    break
                pos = start = item = dm.end()  # 10件某镇2023年重点民生实事: the head after the date
                continue
            elif ch in STOP_CHARS or ch.isascii() or ch.isdigit():
                break
            elif depth == 0 and pos > start and ch == "的" and self.g.modifier_re.fullmatch(t, start, pos):
                pass  # 80多份高质量的调研报告: a describing word and 的 go on to the noun
            elif depth == 0 and pos > start and (self.g.right_stop_re.match(t, pos)
                                                 or self.g.verb_aspect_re.match(t, pos)):
                break  # 96个代表联系群众工作站(室)共开展 / 两处隐患安装了
            pos += 1
        phrase = t[start:pos]
        if phrase.endswith("等") and len(phrase) > 3:
            phrase = phrase[:-1]  # 完成6个美丽乡村建设等5个项目: 等 closes a list
        return subject_text(phrase)

    def _category(self, t: str, pos: int, right: str) -> str | None:
        """5个项目作为2020年度民生实事实施项目: a bare counted noun named as a category."""
        end = t.find(right, pos) + len(right)
        m = _AS_CATEGORY.match(t, end)
        noun = self._right_subject(t, m.end()) if m else None
        return noun if noun and strict_subject_ok(noun) else None

PEOPLE_UNITS = frozenset({"名", "人", "位"})
THING_UNITS = frozenset({"个", "家", "所", "处", "座"})  # measure words that never count people
_AS_CATEGORY = regex.compile(r"(?:作为|列为)(?:(?:19|20)\d{2}年度?)?")
_OWN_SUBJECT = regex.compile(r"其中|[:：]")  # (其中：道路、饮水类问题约占三成): the aside names its own subject


def _first_word(phrase: str, t: str, pos: int, boundaries: frozenset[int] | None) -> str | None:
    """The first word of ``phrase`` (found in ``t`` from ``pos``): by the segmenter's
    boundaries, else its first two characters."""
    at = t.find(phrase, pos)
    if boundaries is not None and at >= 0:
        end = min((b for b in boundaries if at + 1 < b <= at + len(phrase)), default=None)
        return t[at:end] if end is not None else None
    return phrase[:2] if len(phrase) > 2 else None


