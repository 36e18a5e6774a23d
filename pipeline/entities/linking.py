"""Linking: administrative paths for places, canonical full names and paths for
bodies, roles and affiliations for people."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

from ..gazetteer import LEVEL_RANK, Gazetteer
from ..records import Entity, stable_id
from .base import Candidate, Prepared

if TYPE_CHECKING:
    from .resources import Resources


class EntityLinker:
    """The linking component: attributes of the decided entities (paths, canonical
    names, roles, affiliations), from the gazetteer and rules/orgs.yml."""

    def __init__(self, res: "Resources"):
        self.gaz, self.orgs = res.gaz, res.orgs

    def link(self, decided: list[tuple[Prepared, Candidate]]) -> list[Entity]:
        places = self._resolve_places(decided)
        canon, org_paths = self._canonical(decided, places)
        out = []
        for s, c in decided:
            sent = s.sent
            start, end = sent.start + c.start, sent.start + c.end
            ent = Entity(
                id=stable_id("E", sent.doc_id, c.label, start, end),
                doc_id=sent.doc_id, sent_id=sent.sent_id, label=c.label,
                text=s.text[c.start:c.end], start=start, end=end,
                source=c.source, confidence=round(c.confidence, 2))
            if c.label == "LOC":
                ent.path = places.path(s, c)
            elif c.label == "ORG":
                ent.canonical = canon.get(id(c))
                ent.path = org_paths.get(id(c))
            else:
                ent.role = c.role
                if c.affiliation is not None:
                    ent.affiliation = canon.get(id(c.affiliation)) or \
                        s.text[c.affiliation.start:c.affiliation.end]
            out.append(ent)
        return out

    def _resolve_places(self, decided) -> "PlaceChooser":
        """Context for choosing among places of the same name: every place the
        document's localities (and the localities inside its body names) may
        denote, weighted 1/n for a name with n candidates."""
        context: Counter = Counter()
        for _s, c in decided:
            for loc in (c, c.org.get("loc") if c.org else None):
                if loc is None:
                    continue
                ids = loc.place_ids or loc.village_of
                for pid in ids:
                    for a in self.gaz.ancestors(pid):
                        context[a] += 1.0 / len(ids)
        return PlaceChooser(self.gaz, context)

    def _canonical(self, decided, places: "PlaceChooser") -> tuple[dict[int, str], dict[int, str]]:
        """Full names for short body references: the nearest full body or locality
        of the right level in the same article (preceding first), else the document.
        Also the administrative path of the place each body belongs to."""
        gaz, rules = self.gaz, self.orgs
        # (index, article, prefix, level, rest, place id)
        anchors: list[tuple[int, Any, str, str, str, int | None]] = []
        out: dict[int, str] = {}
        paths: dict[int, str] = {}
        for k, (s, c) in enumerate(decided):
            art = s.sent.article
            if c.label == "ORG" and c.org and c.org["kind"] == "locality":
                loc = c.org["loc"]
                pid = places.best(loc.place_ids)
                prefix = s.norm[c.start:loc.start] + (gaz.place(pid).name if pid else s.norm[loc.start:loc.end])
                out[id(c)] = prefix + c.org["rest"]
                path = places.path(s, loc)
                if path:
                    paths[id(c)] = path
                anchors.append((k, art, prefix, gaz.place(pid).level if pid else "", c.org["rest"], pid))
                for inner in c.org["chain"][:-1]:  # 肖堰镇 in 肖堰镇青龙湾村党支部
                    ipid = places.best(inner.place_ids)
                    if ipid:
                        anchors.append((k, art, gaz.place(ipid).name, gaz.place(ipid).level, "", ipid))
            elif c.label == "ORG" and c.org and c.org["kind"] == "level" and c.org["level"] in \
                    rules.national_levels:
                out[id(c)] = s.norm[c.start:c.end]  # already a full name
            elif c.label == "LOC" and c.place_ids:
                pid = places.best(c.place_ids)
                anchors.append((k, art, gaz.place(pid).name, gaz.place(pid).level, "", pid))

        # Units above the named places (湖北省 above 南漳县) are weaker anchors.
        above = []
        for k, art, name, level, rest, _pid in anchors:
            ids = gaz.full.get(name, [])
            if len(ids) == 1:
                for a in gaz.ancestors(ids[0])[:-1]:
                    above.append((k, art, gaz.place(a).name, gaz.place(a).level, "", a))

        def nearest(k: int, art: Any, ok) -> tuple | None:
            for group in (anchors, above):
                pool = [a for a in group if ok(a)]
                for scope in ([a for a in pool if a[1] == art], pool):
                    if scope:
                        return min(scope, key=lambda a: (a[0] > k, abs(a[0] - k)))
            return None

        for k, (s, c) in enumerate(decided):
            if c.label != "ORG" or not c.org or id(c) in out:
                continue
            art, kind, rest = s.sent.article, c.org["kind"], c.org["rest"]
            if kind == "level":
                word = c.org["level"]
                levels = rules.level_of.get(word, [])
                hit = nearest(k, art, lambda a: a[3] in levels and a[2].endswith(word[-1]))
                if hit:
                    out[id(c)] = hit[2] + rest
                    if hit[5]:
                        paths[id(c)] = gaz.path(hit[5])
            elif kind == "bare":
                body = next((full + rest[len(short):] for short, full in rules.bare_expansions.items()
                             if rest.startswith(short)), rest)
                if body.startswith(rules.congress_word):
                    hit = nearest(k, art, lambda a: a[4].startswith(rules.congress_word) and a[3] != "town")
                    if hit:
                        out[id(c)] = hit[2] + body
                        if hit[5]:
                            paths[id(c)] = gaz.path(hit[5])
        for s, c in decided:
            if c.label == "ORG" and c.org and c.org.get("kind") == "sibling":
                parent = c.org["sibling_of"]
                base = out.get(id(parent)) or s.norm[parent.start:parent.end]
                last = rules.last_sub(parent.org.get("subs") or "")
                if last and base.endswith(last):
                    out[id(c)] = base[: len(base) - len(last)] + c.org["rest"]
                if id(parent) in paths:
                    paths[id(c)] = paths[id(parent)]
        return out, paths



@dataclass
class PlaceChooser:
    """Chooses one place for an ambiguous name, from the document's other places."""

    gaz: Gazetteer
    context: Counter

    def best(self, ids: Iterable[int]) -> int | None:
        ids = list(ids)
        if not ids:
            return None
        own = 1.0 / len(ids)  # this mention's own weight is no evidence
        anc = self.gaz.ancestors
        return max(ids, key=lambda p: (round(self.context[p] - own, 3),
                                       sum(self.context[a] for a in anc(p)[:-1]),
                                       -LEVEL_RANK[self.gaz.place(p).level], -p))

    def path(self, s: Prepared, c: Candidate) -> str | None:
        if c.place_ids:
            return self.gaz.path(self.best(c.place_ids))
        if c.village_of:
            return self.gaz.path(self.best(c.village_of), c.unit or s.norm[c.start:c.end])
        if c.parent is not None:  # features and grammar villages under a known place
            base = self.path(s, c.parent)
            return f"{base}/{s.norm[c.start:c.end]}" if base else None
        return None


