"""The entities step: the rules' entities, merged with an optional model's.

This is the one place where the rules and the HanLP backend meet (``--ner``):
both read the matching view of the sentences, and where they disagree the
rules win (``ner_hanlp.merge``).
"""
from __future__ import annotations

from ..entities import EntityRecognizer, extract
from ..ner_hanlp import load_backend, merge
from ..records import Entity
from ..view import on_view


class EntitiesStep:
    def __init__(self, config):
        self.recognizer = EntityRecognizer.from_rules(proposers=config.entity_proposers)
        self.model = load_backend(config.ner)

    def __call__(self, result, progress) -> list[Entity]:
        pairs = result.views()
        found = on_view(extract, result.sentences, self.recognizer, pairs=pairs)
        if self.model is not None:
            found = merge(found, on_view(self.model, result.sentences, pairs=pairs))
        progress(len(result.sentences), len(result.sentences))
        return found
