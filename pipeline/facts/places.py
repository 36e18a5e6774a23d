"""Locality candidates: the places (and bodies named after a place) of a document.

A ``Place`` is a LOC entity, or an ORG whose name gives a unit: 滨州市人大 counts
for 滨州市 (its path), 市人大常委会 for the unit of level 市 in context
(``level_ref``).  ``ForeignNames`` are the countries and continents of
rules/foreign_places.tsv (CLDR, built by tools/build_foreign.py): a figure about
them has no Chinese locality.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import regex

from ..chars import alternation
from ..records import Entity
from ..rules import RuleError, rule_path
from ..view import to_simplified

# the locality sources (steps) the stage writes, each with a prior confidence (the
# fact's own confidence is the fitted one: facts/choice.py)
CONFIDENCE = {"clause": 0.9, "level": 0.85, "sentence": 0.8, "paragraph": 0.7, "section": 0.75, "lead": 0.75,
              "title": 0.75, "contributor": 0.7, "speaker": 0.7, "document": 0.6, "site": 0.4, "item": 0.6}
FOREIGN_FILE = "foreign_places.tsv"
PLACES_FILE = "gazetteer/places.tsv"
FOREIGN_KINDS = ("country", "continent")


@dataclass
class Place:
    """A locality candidate: a LOC, or a body named after a place."""

    text: str
    start: int
    end: int
    canonical: str | None
    path: str | None
    entity_id: str | None
    label: str
    source: str
    confidence: float
    sent_id: int
    level_ref: str | None = None  # 市人大常委会: "市" of the context

    @property
    def name(self) -> str:
        """The unit's full name (the last part of its path when known)."""
        if self.path:
            return self.path.rsplit("/", 1)[-1]
        return self.canonical or self.text

    @property
    def depth(self) -> int:
        return self.path.count("/") + 1 if self.path else 0

    def as_dict(self, source: str, name: str | None = None, path: str | None = None) -> dict[str, Any]:
        text = self.text if self.label == "LOC" and not self.level_ref else (name or self.name)
        return {"text": text, "canonical": name or self.canonical or self.name,
                "path": path if path is not None else self.path, "entity_id": self.entity_id,
                "source": source, "confidence": CONFIDENCE.get(source, 0.5)}


def place_of(entity: Entity, level_chars: tuple[str, ...], generic: tuple[str, ...] = ()) -> Place | None:
    """The locality candidate an entity gives, if any (``level_chars``: 市, 县, ...
    that open a body named by its level only; ``generic``: 乡镇, 县乡 ... that open
    the name of a class of bodies, 乡镇人大主席团, which gives no unit)."""
    if entity.label == "LOC":
        return Place(entity.text, entity.start, entity.end, entity.canonical, entity.path, entity.id,
                     "LOC", entity.source, entity.confidence, entity.sent_id)
    if entity.label == "ORG":
        if entity.text.startswith(generic) and not entity.path:
            return None
        level = next((c for c in level_chars if entity.text.startswith(c)), None)
        if level and entity.source.startswith(("org:level", "org:bare")):
            return Place(entity.text, entity.start, entity.end, None, entity.path, entity.id,
                         "ORG", entity.source, entity.confidence, entity.sent_id, level_ref=level)
        if entity.path:
            name = entity.path.rsplit("/", 1)[-1]
            return Place(entity.text, entity.start, entity.end, name, entity.path, entity.id,
                         "ORG", entity.source, entity.confidence, entity.sent_id)
    return None


@dataclass(frozen=True)
class ForeignNames:
    """Countries and continents, by their Chinese names."""

    names: frozenset[str]
    pattern: regex.Pattern  # any of the names of two characters or more

    @classmethod
    def load(cls, name: str = FOREIGN_FILE) -> "ForeignNames":
        names = set()
        path = rule_path(name)
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) < 2:
                raise RuleError(f"{path}:{n}: expected name<TAB>kind<TAB>code")
            if cols[1] in FOREIGN_KINDS:
                names.add(cols[0])
        long = [w for w in names if len(w) >= 2]
        return cls(frozenset(names), regex.compile(alternation(long) if long else "(?!)"))

    def __contains__(self, name: str) -> bool:
        return name in self.names

    def is_foreign(self, p: Place) -> bool:
        """A place the gazetteer does not hold, named as a foreign country."""
        return not p.path and (p.name in self.names or to_simplified(p.text) in self.names)


@dataclass(frozen=True)
class ProvinceNames:
    """Province-level units by every name they go by (河南, 河南省 -> 河南省), from the
    gazetteer (rules/gazetteer/places.tsv): a short name that is also a county's or
    a city's (河南 for 河南蒙古族自治县, 吉林 for 吉林市) is read by the page."""

    full: dict[str, str]

    @classmethod
    def load(cls, name: str = PLACES_FILE) -> "ProvinceNames":
        full: dict[str, str] = {}
        for line in rule_path(name).read_text(encoding="utf-8").split("\n"):
            if "\tprovince\t" not in line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 5:
                raise RuleError(f"rules/{name}: bad province row {line!r}")
            for form in [cols[3], *cols[4].split(",")]:
                if form:
                    full[form] = cols[3]
        if not full:
            raise RuleError(f"rules/{name}: no province rows")
        return cls(full)

    def reading(self, p: Place) -> str | None:
        """The province ``p``'s written name also names, when its path says another unit."""
        province = self.full.get(to_simplified(p.text))
        if province is None or p.path == province:
            return None
        return province
