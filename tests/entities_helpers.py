"""Helpers for the entities tests: sentences laid end to end, optionally with tokens
(the recognizer fixture, loaded once per process, is ``rec`` in conftest.py)."""
from __future__ import annotations

from pipeline.entities import extract
from pipeline.records import Entity, Sentence, Token


def sents(*texts: str, tokens: list[list[str]] | None = None, article: int | None = 0,
          zone: str = "body") -> list[Sentence]:
    """Sentences laid end to end (offset 100 onwards), optionally with tokens."""
    out, pos = [], 100
    for n, text in enumerate(texts):
        toks = []
        if tokens:
            k = 0
            for word in tokens[n]:
                k = text.index(word, k)
                toks.append(Token(word, pos + k, pos + k + len(word)))
                k += len(word)
        out.append(Sentence(doc_id="doc", sent_id=n, article=article, zone=zone,
                            start=pos, end=pos + len(text), text=text, tokens=toks))
        pos += len(text) + 1
    return out


def found(ents: list[Entity], label: str | None = None) -> list[str]:
    return [e.text for e in ents if label is None or e.label == label]


def run(rec, *texts, **kw) -> list[Entity]:
    return extract(sents(*texts, **kw), rec)


def proposed(rec, *texts, label: str | None = None, source: str = "", **kw) -> list[str]:
    """What the proposers propose (before the decision), in order, without repeats;
    ``source``: only proposals whose source starts so ("per:", "gazetteer:town_short")."""
    doc = rec.propose(sents(*texts, **kw))
    out = []
    for s in doc.sents:
        for c in s.locs + s.weak_locs + s.orgs + s.pers:
            text = s.text[c.start:c.end]
            if (label is None or c.label == label) and c.source.startswith(source) and text not in out:
                out.append(text)
    return out
