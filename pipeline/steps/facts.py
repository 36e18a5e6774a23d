"""The facts step: each indicator joined to its locality, body, time and evidence."""
from __future__ import annotations

import inspect

from ..catalogue import default_catalogue
from ..facts import FactExtractor
from ..records import Fact


class FactsStep:
    def __init__(self, config):
        # the rules load now: a broken rules file stops the run before any input is tried
        self.extract = FactExtractor.from_rules()
        default_catalogue()
        # the stage counts its figures for a long document's progress line once it takes
        # a ``progress(done, total)`` argument; until then the line shows the stage alone
        self.counts = "progress" in inspect.signature(self.extract).parameters

    def __call__(self, result, progress) -> list[Fact]:
        extra = {"progress": progress} if self.counts else {}
        return self.extract(result.document, result.sentences, result.entities, result.indicators, **extra)
