"""Stage 5, facts: each indicator joined to its locality, body, time and evidence.

Requires: documents, sentences, entities, indicators (and times).
Provides: facts.jsonl.  (Placeholder until the facts stage lands.)
"""
from __future__ import annotations

from .records import Document, Entity, Fact, Indicator, Sentence, TimeExpression


def extract(doc: Document, sentences: list[Sentence], entities: list[Entity],
            indicators: list[Indicator | TimeExpression]) -> list[Fact]:
    return []
