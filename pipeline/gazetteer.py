"""The gazetteer of Chinese administrative divisions and its matcher.

Built by ``tools/build_gazetteer.py`` from jionlp's province-to-village list
(see rules/gazetteer/README.md).  Provinces, prefectures, counties and towns
are scanned in the text with a dictionary longest-match keyed by first
character (pure Python, no dependency, ~1M chars/s); villages are too many and
too ambiguous to scan everywhere, so they are only looked up where a village
suffix (村, 社区...) ends a candidate, to find its left edge.
"""
from __future__ import annotations

import gzip
from dataclasses import dataclass
from functools import lru_cache
from typing import Iterator

from .rules import RuleError, rule_path

LEVELS = ("province", "prefecture", "county", "town", "village")
LEVEL_RANK = {name: i for i, name in enumerate(LEVELS)}


@dataclass(frozen=True)
class Place:
    """One administrative unit; ``parent`` is 0 for provinces."""

    id: int
    parent: int
    level: str
    name: str


@dataclass(frozen=True)
class GazetteerHit:
    """A string of the text that names one or more places."""

    start: int
    end: int
    form: str  # "full", "short" (county and above) or "town_short"
    place_ids: tuple[int, ...]


class Gazetteer:
    """Place names with their short forms, and the village index."""

    def __init__(self, places: list[Place], short: dict[str, list[int]],
                 village_lines: list[str], tra2sim: dict[str, str]):
        self.places = places
        self.full: dict[str, list[int]] = {}
        for p in places:
            self.full.setdefault(p.name, []).append(p.id)
        self.short: dict[str, list[int]] = {}
        self.town_short: dict[str, list[int]] = {}
        for form, ids in short.items():
            if form in self.full:
                continue  # a full name elsewhere beats a short form
            for pid in ids:
                bucket = self.town_short if places[pid - 1].level == "town" else self.short
                bucket.setdefault(form, []).append(pid)
        self._village_lines = village_lines
        self._villages: dict[str, str] | None = None
        self.tra2sim = str.maketrans(tra2sim)
        # One table for the scan: name -> (form, ids); lengths to try per first character.
        self._scan_table: dict[str, tuple[str, tuple[int, ...]]] = {
            name: ("short", tuple(ids)) for name, ids in self.short.items()}
        self._scan_table.update((name, ("full", tuple(ids))) for name, ids in self.full.items())
        lengths: dict[str, set[int]] = {}
        for name in self._scan_table:
            lengths.setdefault(name[0], set()).add(len(name))
        self._lengths = {ch: tuple(sorted(ls, reverse=True)) for ch, ls in lengths.items()}

    # -- loading ---------------------------------------------------------
    @classmethod
    def load(cls) -> "Gazetteer":
        return _load_default()

    @classmethod
    def from_files(cls, places_file: str = "gazetteer/places.tsv",
                   villages_file: str = "gazetteer/villages.tsv.gz",
                   tra2sim_file: str = "gazetteer/tra2sim.tsv") -> "Gazetteer":
        path = rule_path(places_file)
        places: list[Place] = []
        short: dict[str, list[int]] = {}
        with path.open(encoding="utf-8") as fh:
            for n, line in enumerate(fh, 1):
                if line.startswith("#") or not line.strip():
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) != 5 or cols[2] not in LEVEL_RANK:
                    raise RuleError(f"{path}:{n}: expected id, parent, level, name, short forms")
                pid = int(cols[0])
                if pid != len(places) + 1:
                    raise RuleError(f"{path}:{n}: ids must be 1, 2, 3... in order")
                places.append(Place(pid, int(cols[1]), cols[2], cols[3]))
                for form in filter(None, cols[4].split(",")):
                    short.setdefault(form, []).append(pid)
        vpath = rule_path(villages_file)
        try:
            with gzip.open(vpath, "rt", encoding="utf-8") as fh:
                village_lines = [ln for ln in fh.read().splitlines() if ln and ln[0] != "#"]
        except OSError as exc:
            raise RuleError(f"{vpath}: cannot read: {exc}") from exc
        tpath = rule_path(tra2sim_file)
        tra2sim = {}
        for n, line in enumerate(tpath.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.split("\t")
            if len(cols) != 2 or len(cols[0]) != 1 or len(cols[1]) != 1:
                raise RuleError(f"{tpath}:{n}: expected 'traditional<TAB>simplified' characters")
            tra2sim[cols[0]] = cols[1]
        return cls(places, short, village_lines, tra2sim)

    # -- lookups ---------------------------------------------------------
    @property
    def villages(self) -> dict[str, str]:
        """Village name -> comma-separated town ids; built on first use."""
        if self._villages is None:
            self._villages = dict(line.split("\t", 1) for line in self._village_lines)
            self._village_lines = []
        return self._villages

    def village_towns(self, name: str) -> tuple[int, ...]:
        """Ids of the towns that have a village or community called ``name``."""
        ids = self.villages.get(name)
        return tuple(int(x) for x in ids.split(",")) if ids else ()

    def scan(self, text: str) -> Iterator[GazetteerHit]:
        """Every full name or short form (county level and up) found in ``text``."""
        lengths, table = self._lengths, self._scan_table
        n = len(text)
        for i, ch in enumerate(text):
            lens = lengths.get(ch)
            if not lens:
                continue
            for ln in lens:
                if i + ln <= n:
                    entry = table.get(text[i:i + ln])
                    if entry:
                        yield GazetteerHit(i, i + ln, entry[0], entry[1])

    def place(self, pid: int) -> Place:
        return self.places[pid - 1]

    def ancestors(self, pid: int) -> list[int]:
        """Ids from the province down to ``pid`` itself."""
        chain = []
        while pid:
            chain.append(pid)
            pid = self.places[pid - 1].parent
        return chain[::-1]

    def path(self, pid: int, village: str | None = None) -> str:
        names = [self.places[i - 1].name for i in self.ancestors(pid)]
        if village:
            names.append(village)
        return "/".join(names)


@lru_cache(maxsize=1)
def _load_default() -> Gazetteer:
    return Gazetteer.from_files()
