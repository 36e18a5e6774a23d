"""Choosing a figure's place and year among the candidates the rules propose.

The linker and the dater list candidates near to far, each with the rule that
proposes it (``Linker.candidates``, ``Dater.candidates``).  Candidates naming
the same unit (or year) are merged into one ``Option``; each option is described
by features (which rules propose it, which came first, how deep the unit is;
the kind of date, its distance to the page's year, whether the
figure is a plan) and scored by a logistic model fitted to the gold
(tools/fit_facts.py, rules/fitted/facts_locality.json and facts_year.json).
The option scored highest wins; without a fitted model, the rules' first
candidate does.

A third model (facts_confidence.json) turns the two winners' scores into the
fact's ``confidence``: the probability, calibrated on documents held out of the
fit, that both place and year are right.
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any, Callable

from ..fitting import Model
from ..rules import RuleError, rule_path

LOCALITY_MODEL = "fitted/facts_locality.json"
YEAR_MODEL = "fitted/facts_year.json"
CONFIDENCE_MODEL = "fitted/facts_confidence.json"
PLANS = ("plan", "target")


@dataclass
class Option:
    """One unit (or year) proposed for a figure, with every rule that proposes it."""

    key: Any  # unit key (path or name; "none") or year (int or None)
    value: dict[str, Any] | None
    source: str | None  # time_source of a year; the locality's own source
    rules: list[str] = field(default_factory=list)
    rank: int = 0  # order of first proposal among the options (0: the rules' choice)


def unit_key(loc: dict[str, Any] | None) -> str:
    if loc is None:
        return "none"
    return loc.get("path") or loc.get("canonical") or loc.get("text") or "none"


def merge(cands: list[tuple], key: Callable[[Any], Any], with_source: bool) -> list[Option]:
    """Options in order of first proposal: (rule, value) or (rule, source, value) tuples."""
    out: dict[Any, Option] = {}
    for cand in cands:
        rule, source, value = cand if with_source else (cand[0], None, cand[1])
        k = key(value)
        if k not in out:
            out[k] = Option(k, value, source if with_source else (value or {}).get("source"), rank=len(out))
        if rule not in out[k].rules:
            out[k].rules.append(rule)
    return list(out.values())


def _parts(loc: dict[str, Any]) -> list[str]:
    return loc["path"].split("/") if loc.get("path") else []


def locality_features(o: Option, options: list[Option]) -> dict[str, float]:
    f: dict[str, float] = {f"rule:{r}": 1.0 for r in o.rules}
    f[f"first:{o.rules[0]}"] = 1.0
    f[f"rank:{min(o.rank, 4)}"] = 1.0
    if o.value is None:
        f["none"] = 1.0
        return f
    f[f"depth:{min(len(_parts(o.value)), 5)}"] = 1.0
    f["several_rules"] = math.log(len(o.rules))
    # (how the unit relates to the scope signals was a feature too: cross-validated,
    # the choice did better without it, 0.968 against 0.963 both right on all pages)
    return f


def year_features(o: Option, options: list[Option], ref_year: int | None, page_dated: bool,
                  statistic: str | None) -> dict[str, float]:
    f: dict[str, float] = {f"rule:{r}": 1.0 for r in o.rules}
    first = o.rules[0]
    f[f"first:{first}"] = 1.0
    f[f"rank:{min(o.rank, 4)}"] = 1.0
    kind = (o.value or {}).get("kind")
    if kind:
        f[f"kind:{kind}"] = 1.0
    if not page_dated:
        f[f"undated:{first}"] = 1.0
    if o.key is None:
        f["null"] = 1.0
    elif ref_year is not None:
        d = o.key - ref_year
        f[f"diff:{max(-2, min(2, d))}"] = 1.0
    if statistic in PLANS:
        f["plan"] = 1.0
        if o.key is not None and ref_year is not None and o.key > ref_year:
            f["plan_future"] = 1.0
    return f


def confidence_features(loc: tuple[Option | None, float, float], year: tuple[Option | None, float, float],
                        n_loc: int = 1, n_year: int = 1, page_dated: bool = True) -> dict[str, float]:
    """What the confidence model reads: each winner's score, its margin over the
    runner-up, its rule, whether the rules' own choice agrees, how many units and
    years were proposed, and whether the page is dated."""
    f: dict[str, float] = {}
    for name, (opt, p, margin) in (("loc", loc), ("year", year)):
        p = min(max(p, 1e-4), 1 - 1e-4)
        f[f"{name}_logit"] = math.log(p / (1 - p))
        f[f"{name}_margin"] = margin
        if opt is not None:
            f[f"{name}_first:{opt.rules[0]}"] = 1.0
            if opt.rank == 0:
                f[f"{name}_cascade"] = 1.0
            if opt.value is None:
                f[f"{name}_null"] = 1.0
    f["loc_options"] = math.log(max(n_loc, 1))
    f["year_options"] = math.log(max(n_year, 1))
    if not page_dated:
        f["undated"] = 1.0
    return f


@dataclass
class Models:
    """The fitted models of the facts stage (each optional)."""

    locality: Model | None = None
    year: Model | None = None
    confidence: Model | None = None

    @classmethod
    def load(cls) -> "Models":
        """rules/fitted/facts_*.json, those that exist (none: the rules' own choice)."""
        out = []
        for name in (LOCALITY_MODEL, YEAR_MODEL, CONFIDENCE_MODEL):
            try:
                path = rule_path(name)
            except RuleError:
                out.append(None)
                continue
            try:
                out.append(Model.load(path))
            except ValueError as exc:
                raise RuleError(str(exc)) from exc
        return cls(*out)


def pick(options: list[Option], features: list[dict[str, float]], model: Model | None
         ) -> tuple[Option | None, float, float]:
    """(the winner, its score, its margin over the runner-up); without a model the
    first option, scored 1."""
    if not options:
        return None, 0.0, 0.0
    if model is None:
        return options[0], 1.0, 1.0
    scores = [model.score(f) for f in features]
    order = sorted(range(len(options)), key=lambda i: (-scores[i], i))
    best = order[0]
    margin = scores[best] - (scores[order[1]] if len(order) > 1 else 0.0)
    return options[best], scores[best], margin
