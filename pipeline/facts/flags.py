"""Sanity flags: facts a reviewer should look at first.

Each flag is ``{"code": ..., "facts": [ids of the facts it compares]}``:

- ``percent_over_100``: a percentage above 100 that is not a growth rate;
- ``max_below_value``: the upper end of a range below its lower end;
- ``part_exceeds_whole``: a part (其中, 已办结) larger than the whole it is part
  of (收到, 受理, 共) in the same sentence or paragraph, same unit;
- ``year_after_bulletin``: a result dated later than the bulletin's own date
  (plans and targets point ahead by nature).

Each flag is kept only where most of its hits are real problems, measured on
the annotated pages (docs/facts.md, "Flags").  ``conflicting_values`` (the
same subject, place and year with two values) was dropped: 1 of its 12 hits
on seeds, dev and the invented sets was a real error (candidates vs chosen,
a total vs its new part, proposed vs adopted are not conflicts).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from ..records import Fact
from .choice import PLANS
from .cues import Cues
from .structure import DocStructure


@dataclass
class Placed:
    """A fact with where it stands (for the comparisons)."""

    fact: Fact
    start: int
    end: int
    sent_id: int
    paragraph: int | None


def _flag(code: str, *facts: Fact) -> dict:
    return {"code": code, "facts": [f.id for f in facts]}


def _add(fact: Fact, flag: dict) -> None:
    if flag not in fact.flags:
        fact.flags.append(flag)


def _num(v) -> float | None:
    try:
        return float(v) if v is not None else None
    except (TypeError, ValueError):
        return None


def attach_flags(placed: list[Placed], st: DocStructure, cues: Cues, bulletin_year: int | None) -> None:
    """Add the sanity flags to the facts of one document (in place)."""
    for p in placed:
        f = p.fact
        value, vmax = _num(f.value), _num(f.value_max)
        if f.unit == "%" and value is not None and value > 100:
            context = st.folded(max(0, p.start - 12), p.end)
            if f.change not in ("increase", "decrease") and not any(w in context for w in cues.growth_words):
                _add(f, _flag("percent_over_100", f))
        if value is not None and vmax is not None and vmax < value:
            _add(f, _flag("max_below_value", f))
        year = (f.time or {}).get("year")
        if bulletin_year is not None and isinstance(year, int) and year > bulletin_year \
                and getattr(f, "statistic", "result") not in PLANS:
            _add(f, _flag("year_after_bulletin", f))
    _part_whole(placed, st, cues)


def _role(p: Placed, st: DocStructure, cues: Cues) -> str | None:
    """'part' or 'whole' from the words right before the figure in its clause."""
    sent_lo = max(0, p.start - 16)
    head = st.folded(sent_lo, p.start)
    for sep in ",，;；。":
        head = head.rsplit(sep, 1)[-1]
    text = head + st.folded(p.start, p.end)
    if any(w in text for w in cues.part_words):
        return "part"
    if any(w in text for w in cues.whole_words):
        return "whole"
    return None


def _part_whole(placed: list[Placed], st: DocStructure, cues: Cues) -> None:
    groups: dict[tuple, list[Placed]] = defaultdict(list)
    for p in placed:
        groups[(p.paragraph if p.paragraph is not None else p.sent_id, p.fact.unit)].append(p)
    for items in groups.values():
        items.sort(key=lambda p: p.start)
        whole = None
        for p in items:
            role = _role(p, st, cues)
            if role == "whole":
                whole = p
            elif role == "part" and whole is not None:
                a, b = _num(whole.fact.value), _num(p.fact.value)
                if a is not None and b is not None and b > a:
                    flag = _flag("part_exceeds_whole", p.fact, whole.fact)
                    _add(p.fact, flag)
                    _add(whole.fact, flag)
