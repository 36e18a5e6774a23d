"""The stage table and the per-document pipeline.

Each stage declares what it reads and what it writes (as Stanza's processors
do), so a stage run alone can check its input and a run can verify that every
requirement is met before it starts.  ``Pipeline`` builds every component
once (models, lexicons) and runs all stages on one document; it is what the
batch runner, the Python API and the Dask backend call.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .ner_hanlp import load_backend, merge
from .records import Document, Entity, Fact, Indicator, Record, Sentence, TimeExpression
from .view import on_view, view_sentences


@dataclass(frozen=True)
class StageSpec:
    """What a stage needs and what it adds."""

    name: str
    requires: tuple[str, ...]  # record kinds it reads
    provides: tuple[str, ...]  # record kinds it writes
    output: str  # file name in the output directory
    help: str


STAGES: dict[str, StageSpec] = {s.name: s for s in (
    StageSpec("ingest", (), ("document",), "documents.jsonl",
              "read bulletins (.txt, .md), normalise, find furniture and articles"),
    StageSpec("segment", ("document",), ("sentence",), "sentences.jsonl",
              "split documents into sentences and words (spaCy zh + pkuseg)"),
    StageSpec("entities", ("sentence",), ("entity",), "entities.jsonl",
              "find localities (LOC), bodies (ORG) and people (PER)"),
    StageSpec("indicators", ("sentence",), ("indicator", "time"), "indicators.jsonl",
              "find numeric indicators (and dates, kept for the facts stage)"),
    StageSpec("facts", ("document", "sentence", "entity", "indicator", "time"), ("fact",),
              "facts.jsonl", "join each indicator to its locality, body, time and evidence"),
)}
STAGE_ORDER = list(STAGES)
OUTPUT_FILES = [STAGES[name].output for name in STAGE_ORDER]


def check_requirements(stages: list[str]) -> None:
    """Fail at once, naming what is missing, when a stage's input is not produced."""
    have: set[str] = set()
    for name in stages:
        if name not in STAGES:
            raise ValueError(f"unknown stage {name!r}; stages are {', '.join(STAGE_ORDER)}")
        spec = STAGES[name]
        missing = [k for k in spec.requires if k not in have]
        if missing:
            raise ValueError(
                f"stage '{name}' requires {', '.join(missing)} records; the stages before it "
                f"provide only {', '.join(sorted(have)) or 'nothing'}"
            )
        have.update(spec.provides)


@dataclass
class DocResult:
    """All records of one document, stage by stage."""

    document: Document
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    indicators: list[Indicator | TimeExpression] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)

    def records(self, stage: str) -> list[Record]:
        return {
            "ingest": [self.document], "segment": self.sentences, "entities": self.entities,
            "indicators": self.indicators, "facts": self.facts,
        }[stage]


@dataclass
class PipelineConfig:
    """Options that change the output; part of the fingerprint used to resume."""

    models_dir: str | None = None
    ner: str | None = None  # e.g. "hanlp:/path/to/model"; None = rules only
    # the entity proposers to run, in order (pipeline.entities.PROPOSERS); None: all
    entity_proposers: tuple[str, ...] | None = None

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"ner": self.ner}
        if self.entity_proposers is not None:
            out["entity_proposers"] = list(self.entity_proposers)
        return out


class Pipeline:
    """Every stage's component, loaded once; ``process`` runs them on a document."""

    def __init__(self, config: PipelineConfig | None = None):
        from . import entities, facts, indicators
        from .ingest import Ingester
        from .segment import Segmenter

        self.config = config or PipelineConfig()
        self.ingester = Ingester()
        self.segmenter = Segmenter(self.config.models_dir)
        self.recognizer = entities.EntityRecognizer.from_rules(proposers=self.config.entity_proposers)
        self.ner_model = load_backend(self.config.ner)
        self.finder = indicators.IndicatorFinder.from_rules()
        self._entities = entities.extract
        self._indicators = indicators.extract
        self._facts = facts.extract

    def find_entities(self, sentences: list[Sentence], pairs=None) -> list[Entity]:
        """The rules' entities, merged with the optional model's (rules win); both read
        the matching view (``pairs``: the sentences' views, when already built)."""
        pairs = pairs if pairs is not None else view_sentences(sentences)
        found = on_view(self._entities, sentences, self.recognizer, pairs=pairs)
        if self.ner_model is not None:
            found = merge(found, on_view(self.ner_model, sentences, pairs=pairs))
        return found

    def _timed(self, result: DocResult, stage: str, fn: Callable, *args):
        t0 = time.perf_counter()
        out = fn(*args)
        result.timings[stage] = result.timings.get(stage, 0.0) + time.perf_counter() - t0
        return out

    def process(self, doc: Document, ingest_seconds: float = 0.0) -> DocResult:
        result = DocResult(doc, timings={"ingest": ingest_seconds})
        result.sentences = self._timed(result, "segment", self.segmenter, doc)
        pairs = view_sentences(result.sentences)  # built once, read by both rule stages
        result.entities = self._timed(result, "entities", self.find_entities, result.sentences, pairs)
        result.indicators = self._timed(result, "indicators",
                                        lambda s, f: on_view(self._indicators, s, f, pairs=pairs),
                                        result.sentences, self.finder)
        result.facts = self._timed(result, "facts", self._facts, doc, result.sentences,
                                   result.entities, result.indicators)
        return result

    def process_path(self, path: str | Path, doc_id: str | None = None) -> DocResult:
        t0 = time.perf_counter()
        doc = self.ingester.file(path, doc_id)
        return self.process(doc, time.perf_counter() - t0)

    def process_text(self, text: str, doc_id: str = "text", source: str = "<text>") -> DocResult:
        t0 = time.perf_counter()
        doc = self.ingester.text(text, doc_id, source)
        return self.process(doc, time.perf_counter() - t0)
