"""Stage 5, facts: each indicator joined to its locality, body, time and evidence.

Requires: documents, sentences, entities, indicators and times (all of one
document).  Provides: facts.jsonl.

The context of a figure is looked for from near to far, and every fact says
where its context came from:

- locality: the nearest locality before the figure in its clause, else in its
  sentence (a body named after a place, 湘乡市人大常委会, counts for its
  place), else the article title, else the article's contributor, else the
  bulletin (its publisher); ``locality.source`` tells which.
- body: the nearest body named before the figure in its sentence.
- time: the nearest date before the figure in its sentence (``time_source``
  "sentence"), else the latest earlier date in the article ("article"), else
  the bulletin's date ("bulletin").  Relative dates (今年, 去年) are resolved
  against the bulletin's date.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any, Iterable, Iterator

import regex

from .catalogue import name_for
from .records import Document, Entity, Fact, Indicator, Sentence, TimeExpression, stable_id

CLAUSE_BREAK = regex.compile(r"[,;，；:：。!?！？]")
RELATIVE_YEARS = {"今年": 0, "本年": 0, "当年": 0, "去年": -1, "上年": -1, "前年": -2, "明年": 1}


@dataclass
class Place:
    """A locality candidate: where it was named and what it is called."""

    text: str
    start: int
    canonical: str | None
    path: str | None
    entity_id: str | None

    def as_dict(self, source: str) -> dict[str, Any]:
        return {"text": self.text, "canonical": self.canonical or self.text, "path": self.path,
                "entity_id": self.entity_id, "source": source}


def _place_of(entity: Entity) -> Place | None:
    """A LOC is a place; a body named after a place (华容县人大常委会) stands for it."""
    if entity.label == "LOC":
        return Place(entity.text, entity.start, entity.canonical, entity.path, entity.id)
    if entity.label == "ORG" and entity.path:
        name = entity.path.rsplit("/", 1)[-1]
        return Place(name, entity.start, name, entity.path, entity.id)
    return None


def _depth(place: Place) -> int:
    return place.path.count("/") + 1 if place.path else 0


def _nearest_before(items: list, pos: int, key=lambda x: x.start):
    before = [x for x in items if key(x) <= pos]
    return max(before, key=key) if before else None


def _clause_start(sentence: Sentence, pos: int) -> int:
    """Start of the clause that holds ``pos`` (after the last comma or stop before it)."""
    head = sentence.text[: pos - sentence.start]
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(head)]
    return sentence.start + (breaks[-1] if breaks else 0)


class DocumentContext:
    """Entities, times and articles of one document, indexed for lookups."""

    def __init__(self, doc: Document, sentences: list[Sentence], entities: list[Entity],
                 times: list[TimeExpression]):
        self.doc = doc
        self.sentences = {s.sent_id: s for s in sentences}
        self.entities_by_sent: dict[int, list[Entity]] = {}
        for e in entities:
            self.entities_by_sent.setdefault(e.sent_id, []).append(e)
        self.times = sorted(times, key=lambda t: t.start)
        self._time_starts = [t.start for t in self.times]
        self.bulletin_year = self._bulletin_year()
        self.bulletin_place = self._bulletin_place(entities)

    def _bulletin_year(self) -> int | None:
        date = self.doc.metadata.get("date")
        return int(date[:4]) if date else None

    def _bulletin_place(self, entities: list[Entity]) -> Place | None:
        """The publisher's place: the first place named in the header furniture."""
        header = [e for e in entities if self.sentences.get(e.sent_id) is not None
                  and self.sentences[e.sent_id].zone == "header"]
        for e in sorted(header, key=lambda e: e.start):
            place = _place_of(e)
            if place:
                return place
        return None

    # -- locality ------------------------------------------------------------
    def places_in(self, sent_ids: Iterable[int]) -> list[Place]:
        out = []
        for sid in sent_ids:
            for e in self.entities_by_sent.get(sid, []):
                place = _place_of(e)
                if place:
                    out.append(place)
        return out

    def zone_sentences(self, article: int | None, zone: str) -> list[int]:
        return [s.sent_id for s in self.sentences.values() if s.article == article and s.zone == zone]

    def locality(self, sentence: Sentence, ind: Indicator) -> dict[str, Any] | None:
        places = self.places_in([sentence.sent_id])
        clause_from = _clause_start(sentence, ind.start)
        in_clause = [p for p in places if clause_from <= p.start < ind.end]
        if in_clause:  # a place inside the figure's own span (常委会会议8次) counts too
            nearest = _nearest_before(in_clause, ind.start) or min(in_clause, key=lambda p: p.start)
            return nearest.as_dict("clause")
        before = [p for p in places if p.start < ind.start]
        if before:
            return max(before, key=lambda p: p.start).as_dict("sentence")
        if places:
            return min(places, key=lambda p: p.start).as_dict("sentence")
        for zone, source in (("title", "title"), ("contributor", "contributor")):
            found = self.places_in(self.zone_sentences(sentence.article, zone))
            if found:
                return max(found, key=_depth).as_dict(source)
        return self.bulletin_place.as_dict("bulletin") if self.bulletin_place else None

    # -- body ----------------------------------------------------------------
    def body(self, sentence: Sentence, ind: Indicator) -> dict[str, Any] | None:
        """The nearest body named before the figure in its sentence."""
        bodies = [e for e in self.entities_by_sent.get(sentence.sent_id, [])
                  if e.label == "ORG" and e.start < ind.start]
        if not bodies:
            return None
        e = max(bodies, key=lambda e: e.start)
        return {"text": e.text, "canonical": e.canonical or e.text, "entity_id": e.id}

    def people(self, sentence: Sentence, ind: Indicator) -> list[dict[str, Any]]:
        clause_from = _clause_start(sentence, ind.start)
        return [{"text": e.text, "entity_id": e.id, "role": e.role}
                for e in self.entities_by_sent.get(sentence.sent_id, [])
                if e.label == "PER" and clause_from <= e.start < ind.end]

    # -- time ----------------------------------------------------------------
    def _resolve(self, t: TimeExpression) -> dict[str, Any]:
        year = t.year
        offset = next((v for k, v in RELATIVE_YEARS.items() if t.relative and t.relative.startswith(k)), None)
        if year is None and offset is not None and self.bulletin_year:
            year = self.bulletin_year + offset
        elif year is None and self.bulletin_year and (t.month or t.relative):
            year = self.bulletin_year  # "5月17日", "年初": the bulletin's year
        return {"text": t.text, "year": year, "month": t.month, "day": t.day,
                "relative": t.relative, "time_id": t.id}

    def _article_times(self, sentence: Sentence) -> Iterator[TimeExpression]:
        """Dates earlier in the same article, nearest first."""
        i = bisect_right(self._time_starts, sentence.start) - 1
        while i >= 0:
            t = self.times[i]
            tsent = self.sentences.get(t.sent_id)
            if tsent is None or tsent.article != sentence.article or sentence.article is None:
                return
            yield t
            i -= 1

    def time(self, sentence: Sentence, ind: Indicator) -> tuple[dict[str, Any] | None, str | None]:
        """The figure's date: a dated expression near it, else the bulletin's date;
        failing both, an undated one (今年 in a page with no date) with year null."""
        in_sentence = [t for t in self.times if sentence.start <= t.start < sentence.end]
        nearest = _nearest_before(in_sentence, ind.start) or (in_sentence[0] if in_sentence else None)
        candidates = [(nearest, "sentence")] if nearest else []
        candidates += [(t, "article") for t in self._article_times(sentence)]
        for t, source in candidates:
            resolved = self._resolve(t)
            if resolved["year"] is not None:
                return resolved, source
        if self.bulletin_year:
            date = self.doc.metadata["date"]
            return {"text": date, "year": self.bulletin_year, "month": int(date[5:7]),
                    "day": int(date[8:10]), "relative": None, "time_id": None}, "bulletin"
        if candidates:
            t, source = candidates[0]
            return self._resolve(t), source
        return None, None


def extract(doc: Document, sentences: list[Sentence], entities: list[Entity],
            indicators: list[Indicator | TimeExpression]) -> list[Fact]:
    """Stage entry point: one fact per indicator of the document."""
    times = [t for t in indicators if isinstance(t, TimeExpression)]
    ctx = DocumentContext(doc, sentences, entities, times)
    facts = []
    for ind in indicators:
        if not isinstance(ind, Indicator):
            continue
        sentence = ctx.sentences.get(ind.sent_id)
        if sentence is None:
            continue
        article = doc.articles[sentence.article] if sentence.article is not None else None
        time, time_source = ctx.time(sentence, ind)
        raw_start, raw_end = doc.raw_span(ind.start, ind.end)
        facts.append(Fact(
            id=stable_id("F", doc.doc_id, ind.start, ind.end, ind.value, ind.unit),
            doc_id=doc.doc_id, indicator_id=ind.id, subject=ind.subject, value=ind.value,
            value_max=ind.value_max, unit=ind.unit, qualifier=ind.qualifier, change=ind.change,
            locality=ctx.locality(sentence, ind), body=ctx.body(sentence, ind), time=time,
            time_source=time_source, people=ctx.people(sentence, ind),
            evidence={
                "text": ind.text, "sentence": sentence.text, "sent_id": sentence.sent_id,
                "article": sentence.article, "article_title": article.title if article else None,
                "contributor": article.contributor if article else None,
                "start": ind.start, "end": ind.end, "raw_start": raw_start, "raw_end": raw_end,
                "source": doc.source, "raw_sha256": doc.raw_sha256,
            },
            indicator=name_for(ind.subject, ind.unit, sentence.text, ind.text),
        ))
    return facts
