"""Stage 3: LOC, ORG and PER mentions, proposed by several components and decided once.

``PROPOSERS`` is the table of proposers, in their default order: each is a class
(``factory``) built once with the loaded rules (``resources.Resources``) and
called as ``propose(doc)`` on every document, appending ``Candidate`` spans
with a ``source`` and a ``confidence`` to the prepared sentences.  It declares
what it ``requires`` (candidates earlier proposers must have made) and
``provides``, and which ``rules`` files it reads.  ``decision`` then keeps flat,
non-overlapping spans from all proposals; ``linking`` adds paths, canonical
names, roles and affiliations; ``recognizer`` runs all of it on one document.
A recognizer may be given another order or a subset of the proposers
(``EntityRecognizer.from_rules(proposers=[...])``, ``PipelineConfig.entity_proposers``).
"""
from __future__ import annotations

from .base import Candidate
from .loc_rules import LocRules
from .org_rules import Institution, OrgRules
from .person_rules import PersonRules
from .recognizer import EntityRecognizer, extract
from .registry import DECISION, LINKING, PROPOSERS

__all__ = ["Candidate", "DECISION", "EntityRecognizer", "Institution", "LINKING", "LocRules", "OrgRules",
           "PROPOSERS", "PersonRules", "extract"]
