"""The rules' weighing of proposals (rules/decision.yml), used before and besides
the fitted decision:
- the tagger's word edges: a rules PER that the tagger's words cut (袁周率 for
  袁周|率领) or that the tagger reads as a different name loses weight;
- surname support: a tagger PER needs a known surname (or a dotted name);
- a tagger PER across a confident place or body is the tagger's misreading;
- without a fitted model (rules/fitted/entities.json), the rules' decision:
  agreeing sources combine as independent evidence, flat spans, the longest
  name wins unless the longer span is weak and an inner one strong.
Kept apart from decision.py so that the proposers (tagger, lists) and the
resources read these rules without importing the fitted decision.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from ..rules import RuleError, load_lines, load_yaml, rule_path
from .base import Candidate, Prepared, Tagged

_KEYS = ("keep", "agreement_cap", "tagger_person", "tagger_person_no_surname",
         "tagger_conflict", "tagger_disagree", "place_over_tagger", "list_member", "weak_long",
         "strong", "tagger_full")
# Names set apart by the layout (a byline, a bracket): the tagger reads them
# without a sentence around them, so its silence there is no evidence.
_LAYOUT_SOURCES = ("per:byline", "per:bracket")


@dataclass(frozen=True)
class DecisionRules:
    """rules/decision.yml, checked."""

    keep: float
    agreement_cap: float
    tagger_person: float
    tagger_person_no_surname: float
    tagger_conflict: float
    tagger_disagree: float
    place_over_tagger: float
    list_member: float
    weak_long: float
    strong: float
    tagger_full: float

    @classmethod
    def load(cls, name: str = "decision.yml") -> "DecisionRules":
        path = str(rule_path(name))
        data = load_yaml(name, _KEYS)
        for key in _KEYS:
            if not isinstance(data[key], (int, float)) or not 0 <= data[key] <= 1:
                raise RuleError(f"{path}: '{key}' must be a number between 0 and 1")
        return cls(**{k: float(data[k]) for k in _KEYS})


_DOTS = frozenset("·•‧・")


def weigh_tagger_people(s: Prepared, tagged: list[Tagged], proposed: list[Candidate],
                        rules: DecisionRules, has_surname, is_word) -> list[Candidate]:
    """The tagger's PER spans with their evidence; adjusts the rules' PER in place.

    ``has_surname(name)`` and ``is_word(name)`` come from the people proposer's
    lexicons (surnames.txt, common_words.txt)."""
    out: list[Candidate] = []
    for c in proposed:
        name = s.norm[c.start:c.end]
        if is_word(name):
            continue  # 充电, 黄金: a word the dictionary knows well
        c.confidence = rules.tagger_person if has_surname(name) else rules.tagger_person_no_surname
        out.append(c)
    spans = {(c.start, c.end) for c in out}
    for c in list(s.pers):
        window = next((t for t in tagged if t.start <= c.start and c.end <= t.end), None)
        if window is None or (c.start, c.end) in spans:
            continue
        cut = any(a < c.end < b or a < c.start < b for a, b, _ in window.words)
        rivals = [o for o in out if o.start < c.end and c.start < o.end
                  and (o.start, o.end) != (c.start, c.end)]
        if rivals and not cut and s.tok_starts is not None and s.tok_starts.get(c.start) == c.end:
            # the segmenter keeps the rules' name as one word (胡东升): two readings
            # against the tagger's one (胡东|升), so the tagger's span loses
            for o in rivals:
                o.confidence *= rules.tagger_conflict
            continue
        if rivals and (_DOTS.intersection(s.norm[c.start:c.end]) or c.source == "per:clan") and all(
                c.start <= o.start and o.end <= c.end for o in rivals):
            # 阿不都热合曼·买买提: the tagger often stops at the middle dot (and cuts
            # the unknown part after it: 买买|提说); the dotted whole is the name.
            # So with a Yi clan name (吉克石且: the tagger reads 吉克石 and stops)
            for o in rivals:
                o.confidence *= rules.tagger_conflict
            continue
        if cut or rivals:
            c.confidence *= rules.tagger_conflict
            c.source += "!tagger"
        elif c.source not in _LAYOUT_SOURCES and not _listed_with_name(s, c, tagged) and not any(
                tag == "PER" for a, b, tag in window.words if c.start <= a < c.end):
            c.confidence *= rules.tagger_disagree  # 充电桩: the tagger reads words, no name
            c.source += "?tagger"
    return out


def _listed_with_name(s: Prepared, c: Candidate, tagged: list[Tagged]) -> bool:
    """Is ``c`` an item of a list of names (X、Y等代表) next to a name the tagger reads as
    a person?  The list is the evidence; the tagger often reads a rarer surname's name
    as words.  Two items that only vouch for each other (苗绣、花鼓等传承人) are no list of
    names."""
    if c.source.split(":")[0] != "per":
        return False
    norm = s.norm
    return any(o is not c and o.source.split(":")[0] == "per" and _tagger_reads_person(tagged, o) and (
        o.end + 1 == c.start and norm[o.end] == "、" or c.end + 1 == o.start and norm[c.end] == "、")
        for o in s.pers)


def _tagger_reads_person(tagged: list[Tagged], c: Candidate) -> bool:
    window = next((t for t in tagged if t.start <= c.start and c.end <= t.end), None)
    return window is not None and any(tag == "PER" for a, b, tag in window.words
                                      if c.start <= a < c.end)


def drop_people_in_places(people: list[Candidate], others: list[Candidate],
                          rules: DecisionRules) -> list[Candidate]:
    """A tagger PER that overlaps a confident place or body (李市 after 李市镇, 庆江津 across
    重庆|江津) is the tagger's misreading: the gazetteer knows the place."""
    firm = [o for o in others if o.confidence >= rules.place_over_tagger]
    return [c for c in people if not (c.source == "tagger:lac" and any(
        o.start < c.end and c.start < o.end for o in firm))]


def _combine(cands: list[Candidate], rules: DecisionRules) -> list[Candidate]:
    """One candidate per span and label; agreeing sources add up."""
    best: dict[tuple[int, int, str], Candidate] = {}
    for c in cands:
        key = (c.start, c.end, c.label)
        have = best.get(key)
        if have is None:
            best[key] = c
            continue
        family = {have.source.split(":")[0], c.source.split(":")[0]}
        top, low = (have, c) if have.confidence >= c.confidence else (c, have)
        if len(family) > 1:  # independent evidence: rules and tagger
            top.confidence = min(rules.agreement_cap,
                                 1 - (1 - top.confidence) * (1 - low.confidence))
            top.source = f"{top.source}+{low.source}"
        best[key] = top
    return list(best.values())


def decide(cands: list[Candidate], rules: DecisionRules) -> list[Candidate]:
    """Flat spans: combined evidence, then the longest name, then confidence."""
    pool = [c for c in _combine(cands, rules) if c.confidence >= rules.keep]

    def rank(c: Candidate):
        weak = c.confidence < rules.weak_long and any(
            o is not c and c.start <= o.start and o.end <= c.end and o.confidence >= rules.strong
            for o in pool)
        return (weak, -c.length, -c.priority, -c.confidence, c.start)

    chosen: list[Candidate] = []
    taken = bytearray(max((c.end for c in pool), default=0))
    for c in sorted(pool, key=rank):
        if any(taken[c.start:c.end]):
            continue
        taken[c.start:c.end] = b"\1" * c.length
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def load_calibration(name: str = "calibration.tsv") -> dict[str, float]:
    """rules/calibration.tsv (tools/build_calibration.py): source -> factor that turns
    the proposer's confidence into the precision that source had on annotated pages."""
    out: dict[str, float] = {}
    if os.environ.get("BULLETIN_IE_NO_CALIBRATION"):
        return out  # to rebuild the table from the proposers' own confidences
    try:
        lines = load_lines(name)
    except RuleError:
        return out  # no table: the proposers' own confidences stand
    for n, line in enumerate(lines, 1):
        cols = line.split("\t")
        try:
            prior, calibrated = float(cols[1]), float(cols[2])
        except (IndexError, ValueError):
            raise RuleError(f"{rule_path(name)}: entry {n}: expected source, "
                            "prior, calibrated, seen, right") from None
        if prior > 0:
            out[cols[0]] = calibrated / prior
    return out
