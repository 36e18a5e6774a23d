"""The recognizer: every proposer's rules loaded once, run per document, then
one decision and linking."""
from __future__ import annotations

from functools import lru_cache

from .base import _ORG_LAST, Candidate, SentenceGuards, _Sent, _is_han
from .bodies import Bodies, OrgRules
from .decision import DecisionRules, calibrate, decide, drop_people_in_places, list_members, weigh_tagger_people
from .linking import Linker
from .people import People, PersonRules
from .place_grammar import LocRules, PlaceGrammar
from .places import GazetteerPlaces
from .tagger import LacModel, TaggerRules, lac_model, person_candidates, tag_windows, windows
from ..gazetteer import LEVEL_RANK, Gazetteer
from ..records import Entity, Sentence
from ..view import to_simplified


class EntityRecognizer(SentenceGuards, GazetteerPlaces, PlaceGrammar, Bodies, People, Linker):
    """All rule data, loaded once; ``extract`` uses it for every document."""

    def __init__(self, gazetteer: Gazetteer, orgs: OrgRules, locs: LocRules, people: PersonRules,
                 tagger: TaggerRules | None = None, decision: DecisionRules | None = None,
                 model: LacModel | None = None):
        self.gaz = gazetteer
        self.orgs = orgs
        self.locs = locs
        self.people = people
        self.tagger = tagger or TaggerRules.load()
        self.decision = decision or DecisionRules.load()
        self.model = model  # None: rules only
        # surnames that are also function words (和, 于), and characters that start no
        # given name (某, 等): they narrow where the tagger runs
        self._function_chars = frozenset(people.function_surnames)
        self._not_given_first = self.tagger.not_given_first

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
        towns = self._doc_town_shorts(sents)
        for s in sents:
            self._loc_candidates(s, doc_places, doc_context)
            self._town_short_forms(s, towns)
            self._org_candidates(s)
            self._per_candidates(s)
        if self.model is not None:
            tag_windows([(s, self._name_windows(s)) for s in sents], self.model)
        for s in sents:
            self._tagger_people(s)
        self._propagate(sents)
        calibrate([c for s in sents for c in s.pers if c.source == "per:propagated"])
        decided: list[tuple[_Sent, Candidate]] = []
        for s in sents:
            for c in decide(s.locs + s.orgs + s.pers, self.decision):
                decided.append((s, c))
        return self._entities(decided)


    def _tagger_people(self, s: _Sent) -> None:
        """The tagger on the sentence's name windows, weighed against the rules' PER,
        then the other items of lists of names."""
        rules = self.decision
        calibrate(s.locs + s.weak_locs + s.orgs + s.pers)
        if self.model is not None:
            proposed = person_candidates(s, s.tagged, rules.tagger_person)
            found = weigh_tagger_people(s, s.tagged, proposed, rules, self._has_surname, self._is_word)
            for c in found:
                if c.confidence < rules.tagger_person and self._unknown_after_role(s, c.start) == c.end:
                    c.confidence = rules.tagger_person  # 村民岩罕: a role, one unknown word, the tagger's name
            calibrate(found)
            s.pers.extend(drop_people_in_places(found, s.locs + s.orgs, rules))
        members = list_members(s, s.pers, rules, self._has_surname, self._is_word)
        calibrate(members)
        s.pers.extend(members)

    def _name_windows(self, s: _Sent) -> list[tuple[int, int]]:
        """Where to ask the tagger: name contexts the rules left open, and the edges of
        the rules' names that end where a word may go on (袁周率|领)."""
        p = self.people
        extra = [(c.start - 2, c.end + 2) for c in s.pers
                 if c.source in self.tagger.check_sources or s.norm[c.end - 1:c.end] in p.name_enders]
        named = {c.start for c in s.pers}
        for roles in (p.roles_before_re, self.tagger.name_after_re):
            for m in roles.finditer(s.norm):
                if m.end() not in named and self._unknown_after_role(s, m.end()) is not None:
                    extra.append((m.start(), m.end() + 4))
        return windows(s, self.tagger, p.surnames, extra, {c.start for c in s.pers}, p.common_words,
                       self._function_chars, self._not_given_first)

    def _unknown_after_role(self, s: _Sent, pos: int) -> int | None:
        """End of the segmenter's word at ``pos`` if a role word ends there and the word is
        2-3 Han characters no dictionary knows (岩罕 after 村民): a name without a Han
        surname may stand there, for the tagger to confirm.  None otherwise."""
        p = self.people
        if not s.tokens or not any(m.end() == pos for roles in (p.roles_before_re, self.tagger.name_after_re)
                                   for m in roles.finditer(s.norm, max(0, pos - 6), pos)):
            return None
        end = s.tok_starts.get(pos)
        if end is None or not 2 <= end - pos <= 3:
            return None
        word = s.norm[pos:end]
        if not all(_is_han(ch) for ch in word) or p.common_words.get(word, 0) or \
                p.common_words.get(word[:2], 0) >= p.thresholds["name_generic"]:
            return None
        if p.roles_before_re.search(word) or word[-1] in _ORG_LAST or word[-1] in p.place_after:
            return None
        return end

    def _has_surname(self, name: str) -> bool:
        p = self.people
        # a transliterated name built from known components (格桑卓玛) counts like a surname
        return name[:2] in p.compound or name[:1] in p.surnames or "·" in name or \
            len(name) >= 3 and self._built(name)

    def _is_word(self, name: str) -> bool:
        """A frequent word (充电) or a surname with a form of address (吴大爷): no name."""
        p = self.people
        # the model read a name in context: only a word as frequent as the rules refuse
        # even after a title (张伟 and 杨帆 are frequent "words" too)
        return p.common_words.get(name, 0) >= p.thresholds["name_after_title"] or \
            name[1:] in p.not_given or name[2:] in p.not_given


@lru_cache(maxsize=1)
def _default_recognizer() -> EntityRecognizer:
    rec = EntityRecognizer(Gazetteer.load(), OrgRules.load(), LocRules.load(), PersonRules.load(),
                           model=lac_model())
    # load what is otherwise built on first use (the village index, the model's first
    # run): start-up, not the first document, pays for it
    rec.gaz.village_towns("")
    to_simplified("縣")  # the Traditional-to-Simplified table
    if rec.model is not None:
        rec.model.tag("村民王明说")
    return rec


def extract(sentences: list[Sentence], recognizer: EntityRecognizer | None = None) -> list[Entity]:
    """Entities of one document, given ALL its sentences (article context matters)."""
    if not sentences:
        return []
    return (recognizer or EntityRecognizer.from_rules()).extract(sentences)
