"""Level words: 全市, 本县, 我镇, 该区, and bodies named by their level only
(市人大常委会).  Each refers to the unit of that level named nearest in context:
the places before the figure (nearest first), then the document's frames.

The places that can answer each level are indexed once per document, so that
a level word costs a binary search, not a walk back through the document.
"""
from __future__ import annotations

import bisect
from collections import Counter
from typing import Any, Iterable

from .cues import Cues
from .places import Place


class LevelResolver:
    """Resolves level words against the candidate places of one document."""

    def __init__(self, cues: Cues, eligible: list[Place]):
        """``eligible``: places that may frame a level word (subjects of their
        clause in the body or titles that count), in any order."""
        self.cues = cues
        self._eligible = sorted(eligible, key=lambda p: p.end)
        self._index: dict[str, tuple[list[int], list[Place], list[int], list[dict[str, Any]]]] = {}

    # -- one place against one level ------------------------------------------------
    def of_level(self, level: str, name: str, depth: int) -> bool:
        """Whether a unit named ``name`` at ``depth`` of its path (0: unknown) can be
        the unit of ``level``: not a 社区 or 园区 for 区, not deeper than the level."""
        if name.endswith(self.cues.level_not_endings.get(level, ())):
            return False
        most = self.cues.level_max_depth.get(level)
        return not (depth and most and depth > most)

    def direct(self, level: str, q: Place) -> dict[str, Any] | None:
        """``q`` itself is a unit of ``level`` (全县 -> 某县)."""
        if q.level_ref:
            return None
        suffixes = self.cues.level_suffixes.get(level, (level,))
        name = q.name
        if level == "区" and name.endswith("自治区") and q.depth > 1:
            return None
        if not self.of_level(level, name, q.depth):
            return None  # 区人大常委会 is no 社区's or 片区's
        return q.as_dict("level") if name.endswith(suffixes) else None

    def enclosing(self, level: str, q: Place) -> dict[str, Any] | None:
        """A unit of ``level`` enclosing ``q`` (县人大常委会 in a text naming only the
        county's towns: the towns' county)."""
        if q.level_ref or not q.path or q.depth < 2:
            return None
        suffixes = self.cues.level_suffixes.get(level, (level,))
        parts = q.path.split("/")
        for i in range(len(parts) - 2, -1, -1):
            if parts[i].endswith(suffixes) and not (level == "区" and parts[i].endswith("自治区") and i) \
                    and self.of_level(level, parts[i], i + 1):
                found = q.as_dict("level", name=parts[i], path="/".join(parts[: i + 1]))
                found["text"] = parts[i]
                return found
        return None

    def document_unit(self, level: str, places: list[Place]) -> dict[str, Any] | None:
        """The unit of ``level`` the document is about when no place before a level
        word gives one (区人大常委会…我区 in a page naming only the district's towns):
        the unit of that level named most often, else the one enclosing most places."""
        direct: Counter = Counter()
        enclosing: Counter = Counter()
        first: dict[str, dict[str, Any]] = {}
        for q in places:
            found = self.direct(level, q)
            if found:
                direct[found["canonical"]] += 1
                first.setdefault(found["canonical"], found)
                continue
            found = self.enclosing(level, q)
            if found:
                enclosing[found["canonical"]] += 1
                first.setdefault(found["canonical"], found)
        for counts in (direct, enclosing):
            if counts:
                return dict(first[counts.most_common(1)[0][0]])
        return None

    # -- in context -------------------------------------------------------------------
    def resolve(self, level: str, context: Iterable[Place]) -> dict[str, Any] | None:
        """The nearest place of ``context`` (nearest first) of the given level, else
        the nearest one that lies inside a unit of that level."""
        if isinstance(context, Context):
            return self._resolve_indexed(level, context)
        context = list(context)
        for q in context:
            found = self.direct(level, q)
            if found:
                return found
        for q in context:
            found = self.enclosing(level, q)
            if found:
                return found
        return None

    def _level_index(self, level: str):
        if level not in self._index:
            d_ends, d_places, e_ends, e_found = [], [], [], []
            for q in self._eligible:
                if self.direct(level, q):
                    d_ends.append(q.end)
                    d_places.append(q)
                found = self.enclosing(level, q)
                if found:
                    e_ends.append(q.end)
                    e_found.append(found)
            self._index[level] = (d_ends, d_places, e_ends, e_found)
        return self._index[level]

    def _resolve_indexed(self, level: str, context: "Context") -> dict[str, Any] | None:
        d_ends, d_places, e_ends, e_found = self._level_index(level)
        if context.before:
            i = bisect.bisect_right(d_ends, context.pos)
            if i:
                return self.direct(level, d_places[i - 1])
        for q in context.frames:
            found = self.direct(level, q)
            if found:
                return found
        if context.before:
            i = bisect.bisect_right(e_ends, context.pos)
            if i:
                return dict(e_found[i - 1])
        for q in context.frames:
            found = self.enclosing(level, q)
            if found:
                return found
        return None


class Context:
    """Where a level word looks for its unit: the eligible places ending before
    ``pos`` (when ``before``), nearest first, then the document's ``frames``."""

    def __init__(self, pos: int, frames: list[Place], before: bool = True):
        self.pos = pos
        self.frames = frames
        self.before = before
