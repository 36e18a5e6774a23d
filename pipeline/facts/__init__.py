"""Stage 5, facts: each indicator joined to its locality, body, time and evidence.

Requires: documents, sentences, entities and indicators (all of one document).
Provides: facts.jsonl.

The linker reads the document's structure (``structure``): clause, sentence
(cut at its semicolons), paragraph, the lead that frames a section, the
article's title and contributor, the page's masthead and source line.  Where
the locality came from is ``locality.source`` (``linker``); where the year
came from is ``time_source`` (``timeline``); both carry a confidence.  Each
fact also carries the indicator's own fields (optional, unit_kind,
number_text, change) and its sanity ``flags`` (``flags``).  Cue words and date
forms are data: rules/facts.yml.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..catalogue import name_for
from ..dates import DateGrammar, DateRules
from ..records import Document, Entity, Fact, Indicator, Sentence, TimeExpression, stable_id
from .choice import (Models, Option, confidence_features, locality_features, merge, pick, unit_key,
                     year_features)
from .cues import Cues
from .flags import Placed, attach_flags
from .linker import Linker
from .mentions import Mentions, mentions_from
from .pagedate import PageDater
from .places import ForeignNames, ProvinceNames
from .structure import DocStructure
from .timeline import Dater

__all__ = ["FactExtractor", "extract"]

# zones of text around the article (rules/furniture.yml): never a fact, a place or a date
OFF_ARTICLE = ("aside", "furniture")


def _body(entities: list[Entity], sentence: Sentence, ind: Indicator) -> dict[str, Any] | None:
    """The nearest body named before the figure in its sentence."""
    bodies = [e for e in entities if e.label == "ORG" and e.start < ind.start]
    if not bodies:
        return None
    e = max(bodies, key=lambda e: e.start)
    return {"text": e.text, "canonical": e.canonical or e.text, "entity_id": e.id}


def _people(entities: list[Entity], c0: int, ind: Indicator) -> list[dict[str, Any]]:
    return [{"text": e.text, "entity_id": e.id, "role": e.role}
            for e in entities if e.label == "PER" and c0 <= e.start < ind.end]


class FactExtractor:
    """The facts stage: its rules (rules/facts.yml, rules/dates.yml) loaded once;
    call it on the records of one document."""

    def __init__(self, cues: Cues, dates: DateRules, foreign: ForeignNames, models: Models | None = None,
                 trace: list["Trace"] | None = None, provinces: ProvinceNames | None = None):
        """``models``: the fitted choices (none: the rules' first candidates); ``trace``:
        a list that receives each fact's options and features (tools/fit_facts.py)."""
        self.cues = cues
        self.dates = dates
        self.foreign = foreign
        self.models = models or Models()
        self.trace = trace
        self.provinces = provinces
        self.page_dater = PageDater(cues, DateGrammar(dates))

    @classmethod
    def from_rules(cls, fitted: bool = True, trace: list["Trace"] | None = None) -> "FactExtractor":
        return cls(Cues.load(), DateRules.load(), ForeignNames.load(), Models.load() if fitted else None, trace,
                   ProvinceNames.load())

    def __call__(self, doc: Document, sentences: list[Sentence], entities: list[Entity],
                 indicators: list[Indicator | TimeExpression]) -> list[Fact]:
        return _extract(self, doc, sentences, entities, indicators)


@dataclass
class Trace:
    """A fact with the options its place and year were chosen from (for fitting)."""

    fact: Fact
    raw_start: int
    loc_options: list[Option]
    loc_features: list[dict[str, float]]
    year_options: list[Option]
    year_features: list[dict[str, float]]
    page_dated: bool = True


def extract(doc: Document, sentences: list[Sentence], entities: list[Entity],
            indicators: list[Indicator | TimeExpression], stage: FactExtractor | None = None) -> list[Fact]:
    """One fact per indicator of the document (``stage``: the loaded rules; build
    one ``FactExtractor`` and reuse it when running many documents)."""
    return (stage or FactExtractor.from_rules())(doc, sentences, entities, indicators)


def _extract(stage: FactExtractor, doc: Document, sentences: list[Sentence], entities: list[Entity],
             indicators: list[Indicator | TimeExpression]) -> list[Fact]:
    cues = stage.cues
    st = DocStructure(doc, cues)
    by_id = {s.sent_id: s for s in sentences}
    times = [t for t in indicators if isinstance(t, TimeExpression)]
    header = [(s.start, s.end) for s in sentences if s.zone == "header"]
    off_article = [(s.start, s.end) for s in sentences if s.zone in OFF_ARTICLE]
    titles: dict[int | None, tuple[int, int]] = {}
    for s in sentences:
        if s.zone == "title" and s.article not in titles:
            titles[s.article] = (s.start, s.end)
    first_title = next((doc.text[a:b] for a, b in titles.values()), None)
    if isinstance(doc.metadata.get("title"), str) and not first_title:
        first_title = doc.metadata["title"]
    ref = stage.page_dater.page_date(st, header, first_title)
    linker = Linker(st, sentences, entities, stage.foreign, stage.provinces)
    items = {s.start: name for s in sentences if (name := linker.opens_with_place(s))}
    skip = [(p.start, p.end) for p in st.paragraphs if p.caption or p.item] + header + off_article
    if ref is not None and ref.line is not None:
        skip.append(ref.line)  # the page's date line: the bulletin's date, not a lead
    mentions = Mentions(st, mentions_from(times, stage.dates), skip, items, linker.names_in,
                        [(s.start, s.end) for s in sentences])
    dater = Dater(st, stage.dates, mentions, ref, titles)
    ents_by_sent: dict[int, list[Entity]] = {}
    for e in entities:
        ents_by_sent.setdefault(e.sent_id, []).append(e)
    facts: list[Fact] = []
    placed: list[Placed] = []
    for ind in indicators:
        if not isinstance(ind, Indicator):
            continue
        sentence = by_id.get(ind.sent_id)
        if sentence is None or sentence.zone in OFF_ARTICLE:
            continue  # related headlines, previous/next links: not about the article
        article = doc.articles[sentence.article] if sentence.article is not None and \
            sentence.article < len(doc.articles) else None
        loc_options = merge(linker.candidates(sentence, ind.start, ind.end), unit_key, with_source=False)
        loc_features = [locality_features(o, loc_options) for o in loc_options]
        loc_pick = pick(loc_options, loc_features, stage.models.locality)
        year_options = merge(dater.candidates(sentence, ind.start, ind.end, article, ind.change),
                             lambda t: t.get("year") if t else None, with_source=True)
        ref_year = dater.ref.year if dater.ref else None
        year_features_ = [year_features(o, year_options, ref_year, dater.page is not None, ind.statistic)
                          for o in year_options]
        year_pick = pick(year_options, year_features_, stage.models.year)
        locality = loc_pick[0].value if loc_pick[0] else None
        time = year_pick[0].value if year_pick[0] else None
        time_source = year_pick[0].source if time is not None else None
        c0, _ = st.clause_of(ind.start, sentence.start, sentence.end)
        sent_entities = ents_by_sent.get(sentence.sent_id, [])
        raw_start, raw_end = doc.raw_span(ind.start, ind.end)
        if stage.models.confidence is not None:
            confidence = round(stage.models.confidence.score(confidence_features(
                loc_pick, year_pick, len(loc_options), len(year_options), dater.page is not None)), 3)
        else:
            confidence = round((locality or {}).get("confidence", 0.3) * (time or {}).get("confidence", 0.5), 3)
        fact = Fact(
            id=stable_id("F", doc.doc_id, ind.start, ind.end, ind.value, ind.unit),
            doc_id=doc.doc_id, indicator_id=ind.id, subject=ind.subject, value=ind.value,
            value_max=ind.value_max, unit=ind.unit, qualifier=ind.qualifier, change=ind.change,
            unit_kind=ind.unit_kind, number_text=ind.number_text, optional=bool(ind.optional),
            statistic=ind.statistic, statistic_cue=ind.statistic_cue, subject_source=ind.subject_source,
            locality=locality, body=_body(sent_entities, sentence, ind), time=time,
            time_source=time_source, people=_people(sent_entities, c0, ind),
            confidence=confidence,
            indicator=name_for(ind.subject, ind.unit, sentence.text, ind.text),
            evidence={
                "text": ind.text, "sentence": sentence.text, "sent_id": sentence.sent_id,
                "article": sentence.article, "article_title": article.title if article else None,
                "contributor": article.contributor if article else None,
                "start": ind.start, "end": ind.end, "raw_start": raw_start, "raw_end": raw_end,
                "source": doc.source, "raw_sha256": doc.raw_sha256,
            },
        )
        facts.append(fact)
        if stage.trace is not None:
            stage.trace.append(Trace(fact, raw_start, loc_options, loc_features, year_options, year_features_,
                                     dater.page is not None))
        para = st.paragraph_at(ind.start)
        placed.append(Placed(fact, ind.start, ind.end, sentence.sent_id, para.index if para else None))
    attach_flags(placed, st, cues, ref.year if ref else None)
    return facts
