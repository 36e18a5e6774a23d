"""The facts step: each indicator joined to its locality, body, time and evidence."""
from __future__ import annotations

from ..catalogue import default_catalogue
from ..facts import FactExtractor
from ..records import Fact


class FactsStep:
    def __init__(self, config):
        # the rules load now: a broken rules file stops the run before any input is tried
        self.extract = FactExtractor.from_rules()
        default_catalogue()

    def __call__(self, result, progress) -> list[Fact]:
        return self.extract(result.document, result.sentences, result.entities, result.indicators)
