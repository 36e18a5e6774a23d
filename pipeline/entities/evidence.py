"""The evidence of each candidate span, as named features for the fitted decision.

Per span and label (the proposals of several sources merged): which proposers
agree and how confident they are; the tagger's reading of the whole sentence
(its label for the span, whether its words end where the span does); the
segmenter's tokens; the gazetteer's level; the span's length, last character
class and frequency as a word; the characters around it; the zone of the page;
the other candidates it lies inside, contains or crosses; how often the document
proposes the same name.  tools/fit_entities.py fits the weights to the gold and
the decision (decision.py) scores every span with them.
"""
from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..chars import is_han
from .base import Candidate, Doc, Prepared

if TYPE_CHECKING:
    from .resources import Resources

LABELS = ("LOC", "ORG", "PER")
NER_TAGS = ("PER", "LOC", "ORG", "TIME")


def base_source(source: str) -> str:
    """The proposer of a source, without the tagger's marks ('per:role!tagger' -> 'per:role')."""
    return source.split("!")[0].split("?")[0]


@dataclass
class Span:
    """One span and label with every proposal of it."""

    cand: Candidate  # the most confident proposal (its attributes serve the linking)
    sources: list[str] = field(default_factory=list)
    confidences: list[float] = field(default_factory=list)  # each source's
    prior: float = 0.0  # the highest proposer confidence
    marks: set[str] = field(default_factory=set)  # !tagger, ?tagger: the tagger's checks

    @property
    def start(self) -> int:
        return self.cand.start

    @property
    def end(self) -> int:
        return self.cand.end

    @property
    def label(self) -> str:
        return self.cand.label


def merge(cands: list[Candidate]) -> list[Span]:
    """One ``Span`` per span and label, in order of first proposal."""
    spans: dict[tuple[int, int, str], Span] = {}
    for c in cands:
        key = (c.start, c.end, c.label)
        span = spans.get(key)
        if span is None:
            span = spans[key] = Span(c)
        elif c.confidence > span.cand.confidence:
            span.cand = c
        span.sources.append(c.source)
        span.confidences.append(c.confidence)
        span.prior = max(span.prior, c.confidence)
        span.marks.update(m for m in ("!tagger", "?tagger") if m in c.source)
    return list(spans.values())


def _firm(sp: Span) -> bool:
    """Proposed by a rule (not only the tagger) with confidence 0.85 or more."""
    return any(c >= 0.85 and not x.startswith("tagger:") for c, x in zip(sp.confidences, sp.sources))


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for e in edges:
        if n < e:
            return f"<{e}"
    return f">={edges[-1]}"


class Evidence:
    """Feature extraction for the spans of one document (rules: the word counts,
    surnames and suffix classes of the loaded rules)."""

    def __init__(self, res: "Resources"):
        self.gaz, self.people = res.gaz, res.people
        self.words = res.people.common_words
        suffixes = {}
        for s in res.locs.village_suffixes:
            suffixes[s] = "village"
        for s, _ in res.locs.features:
            suffixes.setdefault(s, "feature")
        for s in res.locs.unit_suffixes:
            suffixes.setdefault(s, "unit")
        for s in res.orgs.sub_bodies:
            suffixes.setdefault(s, "sub_body")
        for s in res.orgs.institutions:
            suffixes.setdefault(s, "institution")
        self.by_last: dict[str, list[tuple[str, str]]] = {}  # last character -> (suffix, class)
        for suffix, cls in sorted(suffixes.items(), key=lambda kv: -len(kv[0])):
            self.by_last.setdefault(suffix[-1], []).append((suffix, cls))

    def suffix_class(self, name: str) -> str:
        """The class of the longest known suffix the name ends with (village, feature,
        unit, sub_body, institution), or none."""
        return next((cls for suffix, cls in self.by_last.get(name[-1:], ())
                     if name.endswith(suffix) and len(name) > len(suffix)), "none")

    def document(self, doc: Doc) -> list[tuple[Prepared, list[Span], list[dict[str, float]]]]:
        """Every sentence's merged spans with their features."""
        per_sent = [(s, merge(s.locs + s.orgs + s.pers)) for s in doc.sents]
        names: Counter = Counter()
        firm: Counter = Counter()  # proposed by a rule with confidence 0.85 or more
        for s, spans in per_sent:
            for sp in spans:
                names[(sp.label, s.norm[sp.start:sp.end])] += 1
                if _firm(sp):
                    firm[(sp.label, s.norm[sp.start:sp.end])] += 1
        return [(s, spans, [self.features(s, sp, spans, names, firm) for sp in spans]) for s, spans in per_sent]

    def features(self, s: Prepared, sp: Span, spans: list[Span], names: Counter,
                 firm: Counter | None = None) -> dict[str, float]:
        L, norm = sp.label, s.norm
        a, b = sp.start, sp.end
        text = norm[a:b]
        # the proposers' own (calibrated) confidence, as log-odds: a rule that is right
        # 95% of the time speaks for itself even where it was seldom seen in training
        prior = min(max(sp.prior, 0.02), 0.98)
        odds = math.log(prior / (1 - prior))
        f: dict[str, float] = {f"label={L}": 1.0, "prior_logit": round(odds, 3), f"{L}:prior_logit": round(odds, 3)}
        rule = max((c for c, x in zip(sp.confidences, sp.sources) if not x.startswith("tagger:")), default=0.0)
        if rule:
            f["rule_prior"] = round(rule, 3)  # (read back by the fitting tool; weight fitted too)
        bases = {base_source(x) for x in sp.sources}
        for src in bases:
            f[f"src={src}"] = 1.0
        families = {x.split(":")[0] for x in bases}
        rules = families - {"tagger"}
        if "tagger" in families and rules:
            f[f"{L}:rules+tagger"] = 1.0
        if len(rules) >= 2 or len(bases - {"tagger:lac", "tagger:full"}) >= 2:
            f[f"{L}:rules_agree"] = 1.0
        for m in sp.marks:
            f[f"{L}:mark{m}"] = 1.0
        self._lac(f, L, s, a, b)
        if s.tok_starts is not None:
            f[f"{L}:tokens_" + ("aligned" if a in s.tok_starts and (b in s.tok_ends or b in s.tok_starts)
                                 else "cut")] = 1.0
        f[f"{L}:len={min(b - a, 7)}"] = 1.0
        f[f"{L}:suffix={self.suffix_class(text)}"] = 1.0
        f[f"{L}:freq{_bucket(self.words.get(text, 0), (1, 1000, 20000))}"] = 1.0
        prev, nxt = norm[a - 1:a], norm[b:b + 1]
        f[f"{L}:prev_" + ("han" if prev and is_han(prev) else "edge")] = 1.0
        f[f"{L}:next_" + ("han" if nxt and is_han(nxt) else "edge")] = 1.0
        f[f"{L}:zone={s.sent.zone}"] = 1.0
        if L == "LOC" and sp.cand.place_ids:
            levels = {self.gaz.place(p).level for p in sp.cand.place_ids}
            for level in levels:
                f[f"LOC:level={level}"] = 1.0
        if L == "PER":
            sur = text[:2] if text[:2] in self.people.compound else text[:1]
            f[f"PER:surname={self.people.surnames.get(sur, 'none')}"] = 1.0
            if any(d in text for d in "·•‧・"):
                f["PER:dotted"] = 1.0
        for o in spans:
            if o is sp:
                continue
            if o.start <= a and b <= o.end:
                f[f"{L}:inside={o.label}"] = 1.0
                if o.prior >= 0.85:
                    f[f"{L}:inside_strong={o.label}"] = 1.0
            elif a <= o.start and o.end <= b:
                f[f"{L}:contains={o.label}"] = 1.0
            elif o.start < b and a < o.end:
                f[f"{L}:crosses={o.label}"] = 1.0
        repeats = names[(L, text)] - 1
        if repeats:
            f[f"{L}:repeated"] = 1.0
        if firm and firm[(L, text)] - _firm(sp) > 0:
            f[f"{L}:firm_elsewhere"] = 1.0  # a village a rule named confidently elsewhere on the page
        return f

    @staticmethod
    def _lac(f: dict[str, float], L: str, s: Prepared, a: int, b: int) -> None:
        """The tagger's reading of the whole sentence at the span."""
        if not s.lac:
            f[f"{L}:lac_none"] = 1.0
            return
        inside = [(x, y, t) for x, y, t in s.lac if a < y and x < b]
        starts = {x for x, _, _ in s.lac}
        ends = {y for _, y, _ in s.lac}
        if a in starts and b in ends:
            f[f"{L}:lac_edges"] = 1.0
            if len(inside) == 1:
                tag = inside[0][2]
                f[f"{L}:lac_word=" + (tag if tag in NER_TAGS else "other")] = 1.0
            else:
                f[f"{L}:lac_words={min(len(inside), 3)}"] = 1.0
        else:
            f[f"{L}:lac_cut"] = 1.0
        for tag in {t for _, _, t in inside if t in NER_TAGS}:
            f[f"{L}:lac_inside={tag}"] = 1.0
