"""The decision: every span and label proposed, scored by the fitted model
(rules/fitted/entities.json, tools/fit_entities.py) on its evidence
(evidence.py); the most probable flat spans are kept, the longest name first
(the guidelines' flat spans).  Without a fitted file the rules' decision
(weighing.decide) stands.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Mapping, Sequence

from ..fitting import Model
from ..rules import rules_dir
from .base import Candidate, Doc, Prepared
from .evidence import LABELS, Evidence, Span, base_source
from .weighing import decide, load_calibration

if TYPE_CHECKING:
    from .resources import Resources

MODEL_FILE = "fitted/entities.json"


class Decision:
    """The decision component: calibrates each proposal as it comes in, then scores
    every span and label with the fitted model (rules/fitted/entities.json, fitted by
    tools/fit_entities.py on the evidence of evidence.py) and keeps the most probable
    flat spans (above the thresholds per label fitted with the weights, or
    decision.yml's ``keep``); the probability is the entity's confidence.  Without a fitted file,
    the rules' decision (``decide``) stands."""

    def __init__(self, res: "Resources", model_file: str | None = MODEL_FILE):
        self.rules = res.decision
        self.table = load_calibration()
        self.evidence = Evidence(res)
        path = rules_dir() / model_file if model_file else None
        self.model = Model.load(path) if path is not None and path.is_file() else None
        self.keep: float | dict[str, float] = self.rules.keep
        fitted = (self.model.meta.get("keep") if self.model is not None else None)
        if isinstance(fitted, dict):  # per-label thresholds chosen by cross-validation
            if set(fitted) != set(LABELS) or not all(isinstance(v, (int, float)) and 0 < v < 1
                                                     for v in fitted.values()):
                raise ValueError(f"{path}: meta 'keep' must give LOC, ORG and PER a threshold in (0, 1)")
            self.keep = {k: float(v) for k, v in fitted.items()}

    def calibrate(self, cands: list[Candidate]) -> None:
        """Scale each proposal by its source's factor (capped below 1)."""
        for c in cands:
            factor = self.table.get(c.source)
            if factor is not None:
                c.confidence = min(0.99, c.confidence * factor)

    def decide(self, doc: Doc) -> list[tuple[Prepared, Candidate]]:
        if self.model is None:
            return [(s, c) for s in doc.sents for c in decide(s.locs + s.orgs + s.pers, self.rules)]
        out = []
        for s, spans, feats in self.evidence.document(doc):
            scored = [(self.model.score(f), sp) for sp, f in zip(spans, feats)]
            out.extend((s, c) for c in select(scored, self.keep))
        return out


def choose(spans: list[tuple[float, int, int]], keep: float | Sequence[float]) -> list[int]:
    """Indices of the flat spans kept from (probability, start, end): none below
    ``keep`` (one threshold, or one per span: the label's); of overlapping ones the
    longest (the guidelines' flat spans: the longest name wins), then the most
    probable; none overlapping one kept.  (Keeping, besides, every rule span of
    confidence 0.85 or more that nothing overlaps cost 0.004 of cross-validated F1
    on all pages and 0.014 on d19-d38: the fitted decision alone decides.)"""
    floors = [keep] * len(spans) if isinstance(keep, (int, float)) else list(keep)
    kept: list[int] = []
    taken: set[int] = set()
    for k in sorted(range(len(spans)), key=lambda k: (spans[k][1] - spans[k][2], -spans[k][0], spans[k][1])):
        p, a, b = spans[k]
        if p < floors[k] or any(i in taken for i in range(a, b)):
            continue
        taken.update(range(a, b))
        kept.append(k)
    return kept


def select(scored: list[tuple[float, Span]], keep: float | Mapping[str, float]) -> list[Candidate]:
    """The kept spans' candidates, carrying their probability and the sources that
    proposed them.  ``keep``: one threshold, or one per label."""
    chosen: list[Candidate] = []
    floors = [keep if isinstance(keep, (int, float)) else keep[sp.label] for _, sp in scored]
    for k in choose([(p, sp.start, sp.end) for p, sp in scored], floors):
        p, sp = scored[k]
        c = sp.cand
        c.confidence = p
        c.source = "+".join(dict.fromkeys(base_source(x) for x in sp.sources))
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)
