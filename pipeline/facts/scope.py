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

    def fallback(self, article: int | None, place_dict) -> dict[str, Any] | None:
        """The frame locality of a figure whose own context names no place
        (``place_dict(place, source)`` resolves a body named by its level)."""
        for zone in FRAME_ZONES:
            places = self.article_places(article, zone)
            first = self.first_chain(places)
            if first:
                return first.as_dict(zone)
            for p in places:  # a title naming only 县人大常委会
                found = place_dict(p, zone)
                if found:
                    found["source"] = zone
                    return found
        if self.main:
            return self.main.as_dict("document")
        if self.site:
            return self.site.as_dict("site")
        return None
