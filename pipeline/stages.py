"""The stage table and the per-document pipeline.

``STAGES`` is the one table of the pipeline's stages (a ``components.Registry``,
as Stanza's processor registry): each stage declares the record kinds it
``requires`` and ``provides``, the file it writes, the rules files it reads,
the options it takes, and its factory (``pipeline.steps.<stage>:<Class>``,
imported only when the stage is built, so ``--help`` loads no model).
``Pipeline.process``, the single-stage commands (``bulletin-ie segment`` ...)
and the batch runner all walk this table; nothing else lists the stages.

A step (what a factory builds from a ``PipelineConfig``) is called with the
``DocResult`` of one document, which holds the records of the stages before
it, and a ``progress(done, total)`` callback; it returns the records it
provides.  ``ingest`` is the source: it turns a file or a text into the
document the other stages start from.
"""
from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .components import Registry, Spec
from .records import Document, Entity, Fact, Indicator, Record, Sentence, TimeExpression
from .rules import pattern_cache
from .view import View, view_sentences

# progress(stage, done, total): what a long document reports while a stage works
# on it (sentences, indicators ...; total 0 when a stage cannot count)
Progress = Callable[[str, int, int], None]
StepProgress = Callable[[int, int], None]


@dataclass(frozen=True)
class StageSpec(Spec):
    """A stage: a registered component with its output file and its options."""

    output: str = ""  # the file it writes in a run's output directory
    options: tuple[str, ...] = ()  # PipelineConfig fields it reads (CLI options of its command)


STAGES = Registry("stage", [
    StageSpec("ingest", (), ("document",), "pipeline.steps.ingest:IngestStep",
              rules=("furniture.yml", "text.yml"), output="documents.jsonl",
              help="read bulletins, normalise, find furniture and articles"),
    StageSpec("segment", ("document",), ("sentence",), "pipeline.steps.segment:SegmentStep",
              output="sentences.jsonl", options=("models_dir",),
              help="split documents into sentences and words (spaCy zh + pkuseg)"),
    StageSpec("entities", ("sentence",), ("entity",), "pipeline.steps.entities:EntitiesStep",
              rules=("orgs.yml", "loc_grammar.yml", "person.yml", "tagger.yml", "decision.yml",
                     "calibration.tsv", "media.txt", "international_orgs.txt", "foreign_places.tsv",
                     "surnames.txt", "name_components.txt", "common_words.txt", "gazetteer/"),
              output="entities.jsonl", options=("ner",),
              help="find localities (LOC), bodies (ORG) and people (PER)"),
    StageSpec("indicators", ("sentence",), ("indicator", "time"), "pipeline.steps.indicators:IndicatorsStep",
              rules=("units.yml", "indicators.yml", "dates.yml", "statistics.yml", "subjects.yml",
                     "subject_exclusions.txt", "gazetteer/"),
              output="indicators.jsonl",
              help="find numeric indicators (and dates, kept for the facts stage)"),
    StageSpec("facts", ("document", "sentence", "entity", "indicator", "time"), ("fact",),
              "pipeline.steps.facts:FactsStep",
              rules=("facts.yml", "dates.yml", "furniture.yml", "fitted/facts_locality.json",
                     "fitted/facts_year.json", "fitted/facts_confidence.json", "indicators_catalogue.yml",
                     "foreign_places.tsv", "gazetteer/"),
              output="facts.jsonl",
              help="join each indicator to its locality, body, time and evidence"),
])
STAGE_ORDER = STAGES.names()
OUTPUT_FILES = [spec.output for spec in STAGES]
# which file holds each record kind (indicators.jsonl holds indicators and times)
KIND_TO_FILE = {kind: spec.output for spec in STAGES for kind in spec.provides}


def check_requirements(stages: list[str]) -> None:
    """Fail at once, naming what is missing, when a stage's input is not produced."""
    STAGES.check_order(stages)


def input_files(spec: StageSpec) -> tuple[str, list[str]]:
    """The files a stage run alone reads: its main input (the file of the kind it
    requires last) and the sibling files of its other requirements."""
    main = KIND_TO_FILE[spec.requires[-1]]
    others = list(dict.fromkeys(KIND_TO_FILE[k] for k in spec.requires if KIND_TO_FILE[k] != main))
    return main, others


@dataclass
class DocResult:
    """All records of one document, stage by stage (what each step reads and adds to)."""

    document: Document | None
    sentences: list[Sentence] = field(default_factory=list)
    entities: list[Entity] = field(default_factory=list)
    indicators: list[Indicator | TimeExpression] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    timings: dict[str, float] = field(default_factory=dict)
    _views: list[tuple[Sentence, View]] | None = field(default=None, repr=False, compare=False)

    FIELDS = {"ingest": "document", "segment": "sentences", "entities": "entities",
              "indicators": "indicators", "facts": "facts"}

    def records(self, stage: str) -> list[Record]:
        value = getattr(self, self.FIELDS[stage])
        return [value] if stage == "ingest" else value

    def set(self, stage: str, records: list[Record]) -> None:
        if stage == "ingest":
            self.document = records[0]
        else:
            setattr(self, self.FIELDS[stage], list(records))
        if stage == "segment":
            self._views = None

    def add(self, kind: str, records: list[Record]) -> None:
        """Records of one kind read from a file (a stage run alone)."""
        stage = next(s.name for s in STAGES if kind in s.provides)
        if stage == "ingest":
            self.document = records[0] if records else None
        else:
            self.set(stage, self.records(stage) + list(records))

    def views(self) -> list[tuple[Sentence, View]]:
        """The matching view of every sentence, built once and read by every rule stage."""
        if self._views is None:
            self._views = view_sentences(self.sentences)
        return self._views


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


def build_step(name: str, config: PipelineConfig) -> Callable:
    """The step of one stage, built from the table's factory."""
    return STAGES[name].load()(config)


class Pipeline:
    """Every stage's step, built once (models, lexicons); ``process`` runs them on a document."""

    def __init__(self, config: PipelineConfig | None = None, stages: list[str] | None = None):
        self.config = config or PipelineConfig()
        names = stages or STAGE_ORDER
        STAGES.check_order(names, given=() if names[0] == STAGE_ORDER[0] else ("document",))
        with pattern_cache().installed():  # the rules' patterns, compiled once per rules state
            self.steps = {name: build_step(name, self.config) for name in names}
        self.warm = False

    def process(self, doc: Document, ingest_seconds: float = 0.0,
                progress: Progress | None = None) -> DocResult:
        """Run every stage after ingest on one document."""
        result = DocResult(doc, timings={"ingest": ingest_seconds})
        if not self.warm:  # what components build on first use goes through the pattern cache too
            self.warm = True
            with pattern_cache().installed():
                return self._process(result, progress)
        return self._process(result, progress)

    def _process(self, result: DocResult, progress: Progress | None) -> DocResult:
        for name, step in self.steps.items():
            if STAGES[name].requires:
                self.run_step(name, step, result, progress)
        return result

    @staticmethod
    def run_step(name: str, step: Callable, result: DocResult, progress: Progress | None) -> None:
        """One stage on one document: timed, its records added to ``result``."""
        report: StepProgress = (lambda done, total: progress(name, done, total)) if progress \
            else (lambda done, total: None)
        report(0, 0)
        t0 = time.perf_counter()
        result.set(name, step(result, report))
        result.timings[name] = result.timings.get(name, 0.0) + time.perf_counter() - t0

    def process_path(self, path: str | Path, doc_id: str | None = None,
                     progress: Progress | None = None) -> DocResult:
        t0 = time.perf_counter()
        doc = self.steps[STAGE_ORDER[0]].read(path, doc_id)
        return self.process(doc, time.perf_counter() - t0, progress)

    def process_text(self, text: str, doc_id: str = "text", source: str = "<text>") -> DocResult:
        t0 = time.perf_counter()
        doc = self.steps[STAGE_ORDER[0]].text(text, doc_id, source)
        return self.process(doc, time.perf_counter() - t0)
