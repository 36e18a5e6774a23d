"""Choosing what a figure counts among its readings (subject.py gives them).

Every reading is checked first: a reading that is a clause (clause punctuation,
a verb of reporting), a place alone (美兰区, 官垱镇) or a lone verb (推动, 建成)
is never chosen while another reading is none of these.  Among the rest a
fitted model decides (``rules/fitted/subject_choice.json``, fitted on the
annotated bulletins by ``tools/fit_subject_choice.py`` with its feature table
beside it): features say how the reading was found, where it stands in the
hand order, what kind of figure it is, and what is wrong with it (a fragment
that cuts a word of the segmenter, a function word first, a verb last ...).
Without the model file the hand order decides: the first reading that is a
noun phrase.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import regex

from ..fitting import Model
from ..rules import RuleError, rules_dir
from ..subjects import SubjectRules, subject_problem
from .grammar import Grammar
from .subject import PEOPLE_UNITS, Reading

MODEL_FILE = "fitted/subject_choice.json"
# faults that rule a reading out while another reading is free of them
HARD_FAULTS = frozenset({"clause punctuation", "unbalanced bracket", "verb of reporting", "place", "lone verb",
                         "not a person"})

KIND_GROUPS = {"count": "count", "issue": "count", "people": "people", "times": "times", "money": "money",
               "percent": "rate", "permille": "rate", "points": "rate", "duration": "duration"}


@dataclass(frozen=True)
class ReadingContext:
    """What the chooser knows of the figure besides its readings."""

    unit_kind: str
    unit: str = ""
    verb_object: bool = False  # a verb and its object right before the figure (收集意见建议181件)
    left_modifier: bool = False  # the words before the figure end with 的 (参加接访的4位区人大代表)
    boundaries: frozenset[int] | None = None  # word boundaries of the segmenter in the sentence


class SubjectChooser:
    """Checks readings and picks one; built once by the finder."""

    def __init__(self, grammar: Grammar, rules: SubjectRules, places: frozenset[str],
                 model: Model | None = None):
        self.g = grammar
        self.rules = rules
        self.places = places
        self.model = model
        verbs = f"(?:{rules.verbs_not_nouns}|{grammar.verb_re.pattern})"
        self.lone_verb = regex.compile(rf"(?:{rules.leading_adverbs.pattern.lstrip('^')})?{verbs}*"
                                       rf"(?:{rules.verbs_not_nouns})")
        self.verb_first = regex.compile(rf"(?:{rules.long_verbs_not_nouns})(?=\p{{Han}}{{2}})")

    @classmethod
    def load_model(cls, name: str = MODEL_FILE) -> Model | None:
        """The fitted model of the rules directory, or None when there is none."""
        try:
            path = rules_dir() / name
        except RuleError:
            return None
        if not path.is_file():
            return None
        try:
            return Model.load(path)
        except ValueError as exc:
            raise RuleError(str(exc)) from exc

    # ---- checks

    def faults(self, r: Reading, t: str, ctx: ReadingContext, unit: str = "") -> list[str]:
        """What is wrong with a reading: the strict check's problem, a place alone, a
        lone verb, a fragment of a word."""
        out = []
        problem = subject_problem(r.text, self.rules, long_ok=True)
        at = t.rfind(r.text, 0, r.start + len(r.text) + 40)
        if problem and ctx.boundaries is not None and at >= 0 and not self._whole_word_problem(r.text, at, problem, ctx):
            problem = None  # 就业, 从业渔民: 就 and 从 are no preposition inside a word of the segmenter
        if problem:
            out.append(problem)
        if len(r.text) > self.rules.max_chars:
            out.append("long")
        if self.is_place(r.text):
            out.append("place")
        if self.lone_verb.fullmatch(r.text):
            out.append("lone verb")  # 推动, 最终选定, 票决产生 (but 视察, 调研 name activities)
        elif self.verb_first.match(r.text) and r.source not in ("action", "elliptic", "existential"):
            out.append("verb first")  # 确定美兰区
        if unit in PEOPLE_UNITS and r.source in ("counted_noun", "relative") \
                and not self.rules.person_head.search(r.text):
            out.append("not a person")  # 4000人工作生活环境
        if ctx.boundaries is not None:
            if at >= 0 and (at not in ctx.boundaries or at + len(r.text) not in ctx.boundaries):
                out.append("fragment")
        return out

    def _whole_word_problem(self, text: str, at: int, problem: str, ctx: ReadingContext) -> bool:
        """Whether a first or last word the strict check objects to is a word of the
        segmenter (在 of 在全镇) rather than part of one (就 of 就业)."""
        b = ctx.boundaries
        if problem == "starts with a function word or verb":
            m = self.rules.not_first.match(text)
            return m is None or (at + m.end()) in b
        if problem in ("ends with a function word", "ends with a verb"):
            m = (self.rules.not_last if problem == "ends with a function word" else self.rules.verb_last).search(text)
            return m is None or (at + m.start()) in b
        return True

    def is_place(self, text: str) -> bool:
        """美兰区, 官垱镇, 湖南省岳阳市: place names and nothing else (社区 is a common noun)."""
        s = text.lstrip("全各本该").strip()
        if not s or s in self.rules.generic_places:
            return False
        i = 0
        while i < len(s):
            k = next((k for k in range(min(len(s), i + 12), i + 1, -1) if s[i:k] in self.places), None)
            if k is None:
                m = self.rules.name_suffix.search(s, i)
                stem = s[i:m.start()] if m else ""
                if not m or len(stem) < 2 or len(stem) > 4 or stem in self.rules.generic_stems:
                    return False
                k = m.end()  # 蓝坊镇: a name the gazetteer does not know
            i = k
        return True

    # ---- choice

    def features(self, r: Reading, rank: int, n: int, faults: list[str], ctx: ReadingContext,
                 hand: bool = False) -> dict[str, float]:
        """The model's features of one reading (names are stable: the fitted file uses them);
        ``hand``: the hand order would pick it."""
        group = KIND_GROUPS.get(ctx.unit_kind, "other")
        f = {f"src={r.source}": 1.0, f"src={r.source}|kind={group}": 1.0, f"rank={min(rank, 3)}": 1.0,
             f"rank={min(rank, 3)}|kind={group}": 1.0}
        if hand:
            f["hand"] = 1.0
            f[f"hand|src={r.source}"] = 1.0
        for fault in faults:
            f[f"fault={fault.replace(' ', '_')}"] = 1.0
        if not faults:
            f["clean"] = 1.0
        if ctx.verb_object:
            f[f"verb_object|src={r.source}"] = 1.0
        if ctx.left_modifier:
            f[f"left_modifier|src={r.source}"] = 1.0
        if len(r.text) <= 1:
            f["one_char"] = 1.0
        f["chars"] = min(len(r.text), 16) / 16
        if n == 1:
            f["alone"] = 1.0
        return f

    def choose(self, readings: list[Reading], t: str, ctx: ReadingContext) -> tuple[Reading | None, float | None]:
        """The reading to keep and its score (None without a model)."""
        if not readings:
            return None, None
        faults = [self.faults(r, t, ctx, ctx.unit) for r in readings]
        allowed = [i for i, fl in enumerate(faults) if not HARD_FAULTS.intersection(fl)] or list(range(len(readings)))
        hand = self.hand_choice([readings[i] for i in allowed], [faults[i] for i in allowed])
        if self.model is None:
            return hand, None
        best, best_score = None, -1.0
        for i in allowed:
            score = self.model.score(self.features(readings[i], i, len(readings), faults[i], ctx,
                                                   readings[i] is hand))
            if score > best_score:
                best, best_score = readings[i], score
        return best, best_score

    @staticmethod
    def hand_choice(readings: list[Reading], faults: list[list[str]]) -> Reading:
        """The hand order: the first reading, when it is a noun phrase (perhaps a long one),
        else the first short noun phrase, else the first."""
        first_ok = not [x for x in faults[0] if x not in ("long", "fragment")]  # (verb first is a fault)
        if first_ok:
            return readings[0]
        return next((r for r, fl in zip(readings, faults) if not [x for x in fl if x != "fragment"]), readings[0])


def model_path() -> Path:
    return rules_dir() / MODEL_FILE
