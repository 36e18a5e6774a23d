"""The recognizer: every proposer's rules loaded once, run per document, then
one decision and linking."""
from __future__ import annotations

from functools import lru_cache

from .base import Candidate, SentenceGuards, _Sent
from .bodies import Bodies, OrgRules
from .decision import decide
from .linking import Linker
from .people import People, PersonRules
from .place_grammar import LocRules, PlaceGrammar
from .places import GazetteerPlaces
from ..gazetteer import LEVEL_RANK, Gazetteer
from ..records import Entity, Sentence


class EntityRecognizer(SentenceGuards, GazetteerPlaces, PlaceGrammar, Bodies, People, Linker):
    """All rule data, loaded once; ``extract`` uses it for every document."""

    def __init__(self, gazetteer: Gazetteer, orgs: OrgRules, locs: LocRules, people: PersonRules):
        self.gaz = gazetteer
        self.orgs = orgs
        self.locs = locs
        self.people = people

    @classmethod
    def from_rules(cls) -> "EntityRecognizer":
        return _default_recognizer()


    # -- the document ------------------------------------------------------------
    def extract(self, sentences: list[Sentence]) -> list[Entity]:
        sents = [self._prepare(s) for s in sentences]
        # Places the document names in full and unambiguously (county level and up):
        # they license short forms (湘乡 after 湘乡市) and pick among duplicate names.
        doc_places: set[int] = set()
        for s in sents:
            self._gazetteer_hits(s)
            for hit in s.hits:
                name = s.norm[hit.start:hit.end]
                if (hit.form == "full" and len(name) >= 3 and len(hit.place_ids) == 1
                        and name not in self.locs.never_names
                        and LEVEL_RANK[self.gaz.place(hit.place_ids[0]).level] <= LEVEL_RANK["county"]):
                    doc_places.update(hit.place_ids)
        doc_context = {a for pid in doc_places for a in self.gaz.ancestors(pid)
                       if self.gaz.place(a).level in ("prefecture", "county")}
        for s in sents:
            self._loc_candidates(s, doc_places, doc_context)
            self._org_candidates(s)
            self._per_candidates(s)
        self._propagate(sents)
        decided: list[tuple[_Sent, Candidate]] = []
        for s in sents:
            for c in decide(s.locs + s.orgs + s.pers):
                decided.append((s, c))
        return self._entities(decided)



@lru_cache(maxsize=1)
def _default_recognizer() -> EntityRecognizer:
    return EntityRecognizer(Gazetteer.load(), OrgRules.load(), LocRules.load(), PersonRules.load())


def extract(sentences: list[Sentence], recognizer: EntityRecognizer | None = None) -> list[Entity]:
    """Entities of one document, given ALL its sentences (article context matters)."""
    if not sentences:
        return []
    return (recognizer or EntityRecognizer.from_rules()).extract(sentences)
