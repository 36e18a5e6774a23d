"""The gazetteer of Chinese administrative divisions and its matcher.

Built by ``tools/build_gazetteer.py`` from jionlp's province-to-village list
(see rules/gazetteer/README.md).  Provinces, prefectures, counties and towns
are scanned in the text with a dictionary longest-match keyed by first
character (pure Python, no dependency, ~1M chars/s); villages are too many and
too ambiguous to scan everywhere, so they are only looked up where a village
suffix (村, 社区...) ends a candidate, to find its left edge.

Start-up: reading the source files and building the tables took 0.7 s of a
fresh process.  ``Gazetteer.load`` keeps the built tables in one marshal file
in the cache directory (``models.cache_dir``), named by a hash of the source
files and of this module, written once atomically and read in a tenth of the
time; the villages there are a ``VillageIndex`` (hash buckets of text,
searched with ``str.find``) rather than 300,000 dict entries.
"""
from __future__ import annotations

import gc
import gzip
import hashlib
import marshal
import os
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from .rules import RuleError, load_yaml, rule_path

LEVELS = ("province", "prefecture", "county", "town", "village")
LEVEL_RANK = {name: i for i, name in enumerate(LEVELS)}
# Required keys of rules/loc_grammar.yml (one parse, shared with entities.LocRules).
LOC_GRAMMAR_KEYS = ("village_suffixes", "feature_suffixes", "named_features")


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
                 village_lines: list[str],
                 long_forms: dict[str, list[int]] | None = None):
        self.places = places
        self.full: dict[str, list[int]] = {}
        for p in places:
            self.full.setdefault(p.name, []).append(p.id)
        # Other complete names of a unit (巴马县 for 巴马瑶族自治县): as good as the
        # official name, unless that string is some other unit's official name.
        for form, ids in (long_forms or {}).items():
            if form not in self.full:
                self.full[form] = list(ids)
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
        # One table for the scan: name -> (form, ids); lengths to try per first character.
        self._scan_table: dict[str, tuple[str, tuple[int, ...]]] = {
            name: ("short", tuple(ids)) for name, ids in self.short.items()}
        self._scan_table.update((name, ("full", tuple(ids))) for name, ids in self.full.items())
        self._prefixes, self._singles = _scan_index(self._scan_table)

    # -- loading ---------------------------------------------------------
    @classmethod
    def load(cls) -> "Gazetteer":
        return load_cached()

    @classmethod
    def from_files(cls, places_file: str = "gazetteer/places.tsv",
                   villages_file: str = "gazetteer/villages.tsv.gz",
                   grammar_file: str = "loc_grammar.yml") -> "Gazetteer":
        path = rule_path(places_file)
        places: list[Place] = []
        short: dict[str, list[int]] = {}
        alias_text: list[str] = []  # each place's short forms as written
        for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            if not line or line[0] == "#" or line.isspace():
                continue
            cols = line.split("\t")
            if len(cols) != 5 or cols[2] not in LEVEL_RANK:
                raise RuleError(f"{path}:{n}: expected id, parent, level, name, short forms")
            pid = int(cols[0])
            if pid != len(places) + 1:
                raise RuleError(f"{path}:{n}: ids must be 1, 2, 3... in order")
            places.append(Place(pid, int(cols[1]), cols[2], cols[3]))
            alias_text.append(cols[4])
            if cols[4]:
                for form in cols[4].split(","):
                    if form:
                        short.setdefault(form, []).append(pid)
        vpath = rule_path(villages_file)
        try:
            with gzip.open(vpath, "rt", encoding="utf-8") as fh:
                village_lines = [ln for ln in fh.read().splitlines() if ln and ln[0] != "#"]
        except OSError as exc:
            raise RuleError(f"{vpath}: cannot read: {exc}") from exc
        ethnic = load_yaml(grammar_file, LOC_GRAMMAR_KEYS).get("ethnic_groups") or []
        if isinstance(ethnic, str):
            ethnic = ethnic.split()
        if not isinstance(ethnic, list) or not all(isinstance(e, str) and e for e in ethnic):
            raise RuleError(f"{rule_path(grammar_file)}: 'ethnic_groups' must be a list of names")
        provinces = {f for p in places if p.level == "province" for f in alias_text[p.id - 1].split(",") if f}
        autonomy = Autonomy.load(grammar_file)
        unit_words = tuple(s for s, _ in autonomy.units)
        autonomous = {p.id: [f for f in alias_text[p.id - 1].split(",") if f] for p in places
                      if p.name.endswith(unit_words) and p.level in ("prefecture", "county")}
        long_forms = _autonomous_forms(places, short, ethnic, autonomous, provinces, autonomy)
        return cls(places, short, village_lines, long_forms)

    # -- lookups ---------------------------------------------------------
    @property
    def villages(self) -> Mapping[str, str]:
        """Village name -> comma-separated town ids; built on first use (a
        ``VillageIndex`` when the gazetteer comes from the cache)."""
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
        # at each offset, the names that start there, longest first; a position is
        # looked up by its first two characters, which start no name at most offsets
        prefixes, singles, table = self._prefixes.get, self._singles, self._scan_table
        n = len(text)
        for i in range(n):
            lens = prefixes(text[i:i + 2])
            if lens:
                for ln in lens:
                    if i + ln <= n:
                        entry = table.get(text[i:i + ln])
                        if entry:
                            yield GazetteerHit(i, i + ln, entry[0], entry[1])
            if singles and text[i] in singles:
                entry = singles[text[i]]
                yield GazetteerHit(i, i + 1, entry[0], entry[1])

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


def _scan_index(table: dict[str, tuple[str, tuple[int, ...]]]
                ) -> tuple[dict[str, tuple[int, ...]], dict[str, tuple[str, tuple[int, ...]]]]:
    """For ``Gazetteer.scan``: the lengths of the names of two characters or more,
    by their first two characters (longest first), and the one-character names."""
    lengths: dict[str, set[int]] = {}
    for name in table:
        if len(name) >= 2:
            lengths.setdefault(name[:2], set()).add(len(name))
    singles = {name: entry for name, entry in table.items() if len(name) == 1}
    return {k: tuple(sorted(v, reverse=True)) for k, v in lengths.items()}, singles


@dataclass(frozen=True)
class Autonomy:
    """loc_grammar.yml's autonomous units (自治州 -> 州) and the word that follows a
    people's name (族)."""

    units: tuple[tuple[str, str], ...]
    marker: str

    @classmethod
    def load(cls, grammar_file: str = "loc_grammar.yml") -> "Autonomy":
        data = load_yaml(grammar_file, LOC_GRAMMAR_KEYS)
        units, marker = data.get("autonomous_units"), data.get("ethnic_marker")
        if not isinstance(units, dict) or not units or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in units.items()):
            raise RuleError(f"{rule_path(grammar_file)}: 'autonomous_units' must map unit words to level words")
        if not isinstance(marker, str) or not marker:
            raise RuleError(f"{rule_path(grammar_file)}: 'ethnic_marker' must be a word")
        return cls(tuple(units.items()), marker)


def _people_forms(ethnic: Iterable[str], marker: str) -> list[str]:
    """People's names as they end an autonomous unit's name, longest first."""
    return sorted({e + marker for e in ethnic} | {e for e in ethnic if len(e) >= 2},
                  key=len, reverse=True)


def autonomous_stem(name: str, ethnic: Iterable[str], forms: list[str] | None = None,
                    autonomy: Autonomy | None = None) -> tuple[str, str] | None:
    """(stem, level character) of an autonomous unit: 黔东南苗族侗族自治州 -> (黔东南, 州),
    察布查尔锡伯自治县 -> (察布查尔, 县), 鄂温克族自治旗 -> (鄂温克, 旗); None otherwise.

    The people's names are stripped from the end while at least two characters
    remain; one-character names (苗, 回) only with 族, longer ones also without
    (哈萨克, 锡伯).  A stem that is itself a people's name loses its 族 (东乡族 -> 东乡).
    """
    autonomy = autonomy or Autonomy.load()
    suffix, level = next(((s, lv) for s, lv in autonomy.units if name.endswith(s)), (None, None))
    if suffix is None:
        return None
    stem = name[: -len(suffix)]
    forms = forms if forms is not None else _people_forms(ethnic, autonomy.marker)
    while True:
        cut = next((f for f in forms if stem.endswith(f) and len(stem) - len(f) >= 2), None)
        if cut is None:
            break
        stem = stem[: -len(cut)]
    if stem.endswith(autonomy.marker) and len(stem) >= len(autonomy.marker) + 2:
        stem = stem[:-len(autonomy.marker)]
    return (stem, level) if len(stem) >= 2 else None


def _autonomous_forms(places: list[Place], short: dict[str, list[int]], ethnic: list[str],
                      aliases: dict[int, list[str]], provinces: set[str],
                      autonomy: Autonomy) -> dict[str, list[int]]:
    """Complete names of autonomous prefectures, counties and banners written
    without the people's names (黔东南州, 巴马县, 伊犁州); also adds the bare stem as
    a short form (察布查尔) and drops source aliases that cut the stem short
    (黔东, 黔东州 for 黔东南).  ``aliases``: the source's short forms of each
    autonomous unit; ``provinces``: short forms of provinces."""
    long_forms: dict[str, list[int]] = {}
    forms = _people_forms(ethnic, autonomy.marker)
    tails = [s for s, _ in autonomy.units] + [lv for _, lv in autonomy.units]
    for pid in aliases:
        p = places[pid - 1]
        found = autonomous_stem(p.name, ethnic, forms, autonomy)
        if found is None:
            continue
        stem, level = found
        if stem not in provinces:  # 河南县 stays a short form: 河南县乡人大 is 河南 + 县乡
            long_forms.setdefault(stem + level, []).append(p.id)
        if p.id not in short.setdefault(stem, []):
            short[stem].append(p.id)
        for alias in aliases[pid]:
            head = alias
            for tail in tails:
                if alias.endswith(tail) and len(alias) > len(tail):
                    head = alias[: -len(tail)]
                    break
            if len(head) < len(stem) and stem.startswith(head) and p.id in short.get(alias, ()):
                short[alias].remove(p.id)
                if not short[alias]:
                    del short[alias]
    return long_forms


class VillageIndex(Mapping[str, str]):
    """Village name -> comma-separated town ids, as the dict built from
    villages.tsv.gz, in a form that loads fast: ``BUCKETS`` strings of
    ``"\\nname\\tids\\n..."`` lines, a name's bucket chosen by the CRC-32 of its
    UTF-8 (stable across processes, unlike ``hash``).  A lookup is one
    ``str.find`` in a bucket of about 40 lines (~1 us)."""

    BUCKETS = 8192

    def __init__(self, buckets: list[str], size: int):
        if len(buckets) != self.BUCKETS:
            raise ValueError(f"expected {self.BUCKETS} buckets, got {len(buckets)}")
        self._buckets = buckets
        self._size = size

    @classmethod
    def from_dict(cls, villages: Mapping[str, str]) -> "VillageIndex":
        lines: list[list[str]] = [[] for _ in range(cls.BUCKETS)]
        for name, ids in villages.items():
            if not name or "\t" in name or "\n" in name or "\n" in ids:
                raise ValueError(f"village entry that cannot be indexed: {name!r}")
            lines[cls._bucket(name)].append(f"{name}\t{ids}")
        return cls(["\n" + "\n".join(b) + "\n" if b else "" for b in lines], len(villages))

    @classmethod
    def _bucket(cls, name: str) -> int:
        return zlib.crc32(name.encode("utf-8", "surrogatepass")) % cls.BUCKETS

    def get(self, name, default=None):
        if not isinstance(name, str) or not name or "\t" in name or "\n" in name:
            return default
        blob = self._buckets[self._bucket(name)]
        i = blob.find(f"\n{name}\t")
        if i < 0:
            return default
        start = i + len(name) + 2
        return blob[start:blob.index("\n", start)]

    def __getitem__(self, name: str) -> str:
        value = self.get(name)
        if value is None:
            raise KeyError(name)
        return value

    def __contains__(self, name: object) -> bool:
        return self.get(name) is not None

    def __len__(self) -> int:
        return self._size

    def __iter__(self) -> Iterator[str]:
        for blob in self._buckets:
            for line in blob.split("\n"):
                if line:
                    yield line.split("\t", 1)[0]


# -- the cached form ------------------------------------------------------------

CACHE_FORMAT = 3
SOURCE_FILES = ("gazetteer/places.tsv", "gazetteer/villages.tsv.gz", "loc_grammar.yml")


def cache_key(sources: Iterable[str] = SOURCE_FILES) -> str:
    """A hash of the source files, of this module (the code that builds the
    tables) and of the format: any change to one of them names another file."""
    h = hashlib.blake2b(digest_size=12)
    h.update(f"{CACHE_FORMAT}:{marshal.version}".encode())
    for name in sources:
        data = rule_path(name).read_bytes()
        h.update(f"{name}:{len(data)}:".encode())
        h.update(data)
    h.update(Path(__file__).read_bytes())
    return h.hexdigest()


def _state(gaz: Gazetteer) -> tuple:
    """Everything ``Gazetteer.__init__`` builds, as marshal-able values."""
    places = gaz.places
    villages = gaz.villages
    return (CACHE_FORMAT, [p.parent for p in places], [LEVEL_RANK[p.level] for p in places],
            [p.name for p in places], gaz.full, gaz.short, gaz.town_short,
            gaz._scan_table, gaz._prefixes, gaz._singles, VillageIndex.from_dict(villages)._buckets, len(villages))


def _from_state(state: tuple) -> Gazetteer:
    """The gazetteer ``_state`` describes (without running ``__init__``)."""
    (fmt, parents, levels, names, full, short, town_short,
     scan_table, prefixes, singles, buckets, n_villages) = state
    if fmt != CACHE_FORMAT:
        raise ValueError(f"cache format {fmt}, expected {CACHE_FORMAT}")
    gaz = Gazetteer.__new__(Gazetteer)
    new, set_attr = object.__new__, object.__setattr__  # (Place is frozen)
    places = []
    for pid, (parent, level, name) in enumerate(zip(parents, levels, names), 1):
        place = new(Place)
        set_attr(place, "__dict__", {"id": pid, "parent": parent, "level": LEVELS[level], "name": name})
        places.append(place)
    gaz.places, gaz.full, gaz.short, gaz.town_short = places, full, short, town_short
    gaz._scan_table, gaz._prefixes, gaz._singles = scan_table, prefixes, singles
    gaz._village_lines = []
    gaz._villages = VillageIndex(buckets, n_villages)
    return gaz


def load_cached(directory: str | Path | None = None) -> Gazetteer:
    """The gazetteer from the cache file of the current sources; built from the
    sources and written there (atomically) when it is missing or unreadable.
    A cache that cannot be written only costs the next process the build again."""
    if directory is None:
        from .models import cache_dir
        directory = cache_dir()
    path = Path(directory) / f"gazetteer-{cache_key()}.marshal"
    try:
        data: bytes | None = path.read_bytes()
    except OSError:
        data = None
    enabled = gc.isenabled()
    gc.disable()  # a quarter of a million small objects: no collections meanwhile
    try:
        if data is not None:
            try:
                return _from_state(marshal.loads(data))
            except (ValueError, EOFError, TypeError):
                pass  # a damaged or foreign file: rebuilt below
        gaz = Gazetteer.from_files()
        blob = marshal.dumps(_state(gaz))
        _write_atomically(path, blob)
        return _from_state(marshal.loads(blob))  # the same object as the next process gets
    finally:
        if enabled:
            gc.enable()


def _write_atomically(path: Path, blob: bytes) -> None:
    """Write ``blob`` to ``path`` through a temporary file and a rename, so that a
    concurrent reader sees the whole file or none; failures are ignored."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".gazetteer-", dir=path.parent)
    except OSError:
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(blob)
        os.chmod(tmp, 0o644)  # (mkstemp makes it private; the cache may be shared)
        os.replace(tmp, path)
    except OSError:
        pass
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)

