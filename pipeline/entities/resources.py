"""The rules every entity component reads, loaded once by the recognizer and handed
to each component's constructor (no component loads a shared lexicon again)."""
from __future__ import annotations

from dataclasses import dataclass

from ..gazetteer import Gazetteer
from .weighing import DecisionRules
from .lac import LacModel
from .loc_rules import LocRules
from .org_rules import OrgRules
from .person_rules import PersonRules
from .tagger_rules import TaggerRules


@dataclass
class Resources:
    """Gazetteer, rule sets and the statistical tagger (None: rules only)."""

    gaz: Gazetteer
    locs: LocRules
    orgs: OrgRules
    people: PersonRules
    tagger: TaggerRules
    decision: DecisionRules
    model: LacModel | None = None

    @classmethod
    def load(cls, model: LacModel | None = None) -> "Resources":
        return cls(Gazetteer.load(), LocRules.load(), OrgRules.load(), PersonRules.load(),
                   TaggerRules.load(), DecisionRules.load(), model)
