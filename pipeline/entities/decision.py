"""The decision over all proposals."""
from __future__ import annotations

from .base import Candidate


def decide(cands: list[Candidate]) -> list[Candidate]:
    """Flat spans: longest first, then priority, then confidence, then leftmost."""
    chosen: list[Candidate] = []
    taken = bytearray()
    for c in sorted(cands, key=lambda c: (-c.length, -c.priority, -c.confidence, c.start)):
        if len(taken) < c.end:
            taken.extend(b"\0" * (c.end - len(taken)))
        if any(taken[c.start:c.end]):
            continue
        taken[c.start:c.end] = b"\1" * c.length
        chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)
