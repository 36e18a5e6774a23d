"""The frames of a document: whose report it is when a figure's own context
names no place.

- ``title``, ``contributor``: the first place of the article's headline and of
  its contributor line;
- ``document``: the place the document names most (its main place), or a unit
  inside it that a title or header names (大丰区…草堰镇人大主席团工作报告);
- ``site``: the page's masthead, breadcrumb or source line (last resort, so a
  web page's facts do not fall back to the site's province when the article
  names the place).

Each article's frames are found once.
"""
from __future__ import annotations

import bisect
from collections import Counter
from typing import Any

from .filters import PlaceFilter
from .places import Place

FRAME_ZONES = ("title", "contributor")


class DocScope:
    """The frame places of one document and of each of its articles."""

    def __init__(self, places: list[Place], pf: PlaceFilter):
        self.pf = pf
        self.places = places
        self._by_article: dict[tuple[int | None, str], list[Place]] = {}
        for p in places:
            s = pf.sentences.get(p.sent_id)
            if s is not None and s.zone in FRAME_ZONES and pf.counts(p):
                self._by_article.setdefault((s.article, s.zone), []).append(p)
        self._frames: dict[int | None, list[Place]] = {}
        self.site = self._site_place()
        self.main = self._main_place()

    def _site_place(self) -> Place | None:
        header = [p for p in self.places if self.pf.zone(p) == "header" and not p.level_ref]
        named = [p for p in header if not self.pf.is_foreign(p)]
        if not named:
            return None
        deepest = max(p.depth for p in named)
        return next(p for p in named if p.depth == deepest)  # 来源:某县人大网 over the site's province

    def _main_place(self) -> Place | None:
        body = [p for p in self.places if self.pf.zone(p) in ("body", "title") and self.pf.counts(p)
                and not p.level_ref and not self.pf.is_example(p)]
        if not body:
            return None
        counts = Counter(p.name for p in body)
        best = max(counts.values())
        main = next(p for p in body if counts[p.name] == best)
        return self._titled_unit_under(main) or main

    def _titled_unit_under(self, main: Place) -> Place | None:
        """A unit inside ``main`` that a title or header line names (大丰区…草堰镇人大主席团
        工作报告): the document is about it, so it wins over the county named more often."""
        if not main.path:
            return None
        inside = [p for p in self.places if self.pf.zone(p) in ("title", "header") and not p.level_ref
                  and p.path and p.path.startswith(main.path + "/") and not self.pf.is_foreign(p)]
        return max(inside, key=lambda p: p.depth) if inside else None

    def article_places(self, article: int | None, zone: str) -> list[Place]:
        """The counting places of the article's title or contributor line."""
        return self._by_article.get((article, zone), [])

    def first_chain(self, places: list[Place]) -> Place | None:
        plain = [p for p in places if not p.level_ref]
        if not plain:
            return None
        return self.pf.chain_end(plain[0], plain)

    def frames(self, article: int | None) -> list[Place]:
        """Title, contributor, main and site places: where level words look last."""
        if article not in self._frames:
            out = []
            for zone in FRAME_ZONES:
                first = self.first_chain(self.article_places(article, zone))
                if first:
                    out.append(first)
            if self.main:
                out.append(self.main)
            if self.site:
                out.append(self.site)
            self._frames[article] = out
        return self._frames[article]

    def fallbacks(self, article: int | None, place_dict) -> list[tuple[str, dict[str, Any]]]:
        """The frame localities of a figure whose own context names no place, first
        choice first (``place_dict(place, source)`` resolves a body named by its level)."""
        out = []
        for zone in FRAME_ZONES:
            places = self.article_places(article, zone)
            first = self.first_chain(places)
            if first:
                out.append((zone, first.as_dict(zone)))
                continue
            for p in places:  # a title naming only 县人大常委会
                found = place_dict(p, zone)
                if found:
                    found["source"] = zone
                    out.append((zone, found))
                    break
        if self.main:
            out.append(("document", self.main.as_dict("document")))
        if self.site:
            out.append(("site", self.site.as_dict("site")))
        return out



class SectionScopes:
    """Whose report each part of an article is: the unit its paragraphs open with.

    A paragraph opens with a unit when a clause of its first sentence has a place,
    a body named after one, or a level word (全县, 我镇) as its subject, after any
    news dateline (新罗区人大常委会聚焦…; 1月19日上午,怀远县荆山镇组织…).  A figure's
    ``section`` scope is the unit of the nearest earlier paragraph of its article
    that opens with one; its ``lead`` scope the first such unit of the article; its
    ``speaker`` scope the unit of the body the document names most by its level
    (区人大常委会 ... 我区: the district whose towns the page names)."""

    def __init__(self, openings: dict[int | None, list[tuple[int, dict[str, Any]]]],
                 speaker: dict[str, Any] | None):
        """``openings``: per article, (paragraph start, its unit) in text order."""
        self._openings = openings
        self._starts = {a: [p for p, _ in units] for a, units in openings.items()}
        self.speaker = speaker

    def scopes(self, para_start: int, article: int | None) -> list[tuple[str, dict[str, Any]]]:
        """The scopes of a figure in the paragraph starting at ``para_start``."""
        out = []
        units = self._openings.get(article) or []
        i = bisect.bisect_left(self._starts.get(article, []), para_start)
        if i:
            out.append(("section", dict(units[i - 1][1], source="section")))
        if units and units[0][0] < para_start:
            out.append(("lead", dict(units[0][1], source="lead")))
        return out

    def speaker_scope(self) -> list[tuple[str, dict[str, Any]]]:
        return [("speaker", dict(self.speaker, source="speaker"))] if self.speaker is not None else []
