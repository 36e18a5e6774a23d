"""The indicator catalogue: which tracked figure a fact is, across bulletins.

One bulletin writes 收集意见建议181件, another 征集群众意见建议181条, a third
共收到建议181件; a data team wants them on one line of a table.  The
catalogue (rules/indicators_catalogue.yml) names the figures people follow
(代表建议, 意见建议, 参选率, 民生实事项目, 投入资金 ...), each with the subject
patterns that map to it and the units it accepts, and ``Catalogue.classify``
gives a fact its ``indicator`` name, or None when no entry takes it (those
subjects are listed by ``bulletin-ie catalogue DIR --unknown``).

Across bulletins (reposts, conflicting values) is ``crossdoc``'s.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import regex

from .rules import RuleError, load_lines, load_yaml, rules_dir
from .view import GLOSS, fold

CATALOGUE_FILE = "indicators_catalogue.yml"
EXCLUSIONS_FILE = "subject_exclusions.txt"
CLAUSE_BREAK = regex.compile(r"[,;:。!?，；：！？]|\d")
NUMERAL = regex.compile(r"[0-9０-９一二三四五六七八九十百千万两零〇]")
ENTRY_KEYS = {"name", "about", "kind", "unit", "units", "subject", "not", "context"}


def match_text(text: str | None) -> str:
    """The form patterns are written for: Simplified, ASCII punctuation, no pinyin glosses."""
    return GLOSS.sub("", fold(text or ""))


@dataclass(frozen=True)
class Entry:
    """One named indicator of the catalogue."""

    name: str
    about: str
    kind: str
    unit: str
    units: dict[str, str]  # fact unit -> unit written in the series
    subject: regex.Pattern
    exclude: regex.Pattern | None = None
    context: regex.Pattern | None = None

    def takes(self, text: str, unit: str, sentence: str) -> bool:
        """Whether a fact with this subject (or clause) text, unit and sentence is this indicator."""
        if unit not in self.units or not text or not self.subject.search(text):
            return False
        if self.exclude is not None and self.exclude.search(text):
            return False
        return self.context is None or bool(self.context.search(sentence))


@dataclass(frozen=True)
class Settings:
    """Thresholds of the cross-bulletin steps (``duplicates``, ``conflicts`` in the YAML)."""

    min_evidence_overlap: float = 0.6
    approximate_tolerance: float = 0.25


class Catalogue:
    """The entries in order; the first that takes a fact names it."""

    def __init__(self, entries: list[Entry], settings: Settings | None = None):
        self.entries = entries
        self.by_name: dict[str, Entry] = {}
        for e in entries:
            self.by_name.setdefault(e.name, e)
        self.settings = settings or Settings()

    @classmethod
    def load(cls, name: str = CATALOGUE_FILE) -> "Catalogue":
        data = load_yaml(name, required=("indicators",))
        where = str(rules_dir() / name)
        entries, units = [], {}
        for n, raw in enumerate(data["indicators"] or [], 1):
            entry = _entry(raw, f"{where}: indicators entry {n}")
            if units.setdefault(entry.name, entry.unit) != entry.unit:
                raise RuleError(f"{where}: indicators entry {n}: {entry.name!r} is written in "
                                f"{units[entry.name]} by an earlier entry, not {entry.unit}")
            entries.append(entry)
        if not entries:
            raise RuleError(f"{where}: 'indicators' is empty")
        settings = Settings(
            min_evidence_overlap=_fraction(data, "duplicates", "min_evidence_overlap", where, 0.6),
            approximate_tolerance=_fraction(data, "conflicts", "approximate_tolerance", where, 0.25))
        return cls(entries, settings)

    def classify(self, subject: str | None, unit: str, sentence: str | None = None,
                 figure: str | None = None) -> Entry | None:
        """The entry for a fact, from its subject and the words around it.

        The subject is often cut short (修改 for 修改地方性法规, 代表建议 for
        得到解决采纳的代表建议), so the words around it in its clause are read
        too (``subject_window``); of the two entries found, the more specific
        (earlier in the catalogue) wins.
        """
        sentence_m = match_text(sentence)
        subject_m = match_text(subject)
        found = [self._first(subject_m, unit, sentence_m)]
        window = subject_window(sentence_m, match_text(figure), subject_m)
        if window and window != subject_m:
            found.append(self._first(window, unit, sentence_m))
        found = [f for f in found if f is not None]
        return self.entries[min(found)] if found else None

    def _first(self, text: str, unit: str, sentence: str) -> int | None:
        if not text:
            return None
        for i, entry in enumerate(self.entries):
            if entry.takes(text, unit, sentence or text):
                return i
        return None

    def for_fact(self, fact: dict[str, Any]) -> Entry | None:
        """The entry of a fact record (a dict as in facts.jsonl), corrections applied."""
        subject, unit = reviewed(fact, "subject"), reviewed(fact, "unit")
        ev = fact.get("evidence") or {}
        return self.classify(subject, unit, ev.get("sentence"), ev.get("text"))

    def series_unit(self, name: str | None, unit: str) -> str:
        """The unit a fact of this indicator is written in in a series (条 -> 件)."""
        entry = self.by_name.get(name) if name else None
        return entry.units.get(unit, unit) if entry else unit


def _entry(raw: Any, where: str) -> Entry:
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: expected a mapping")
    unknown = set(raw) - ENTRY_KEYS
    if unknown:
        raise RuleError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
    for key in ("name", "kind", "unit", "subject"):
        if not isinstance(raw.get(key), str) or not raw[key]:
            raise RuleError(f"{where}: '{key}' must be a non-empty string")
    units = raw.get("units")
    if not isinstance(units, dict) or not units or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in units.items()):
        raise RuleError(f"{where} ({raw['name']}): 'units' must map fact units to series units")

    def pattern(key: str) -> regex.Pattern | None:
        if raw.get(key) is None:
            return None
        try:
            return regex.compile(raw[key])
        except (regex.error, TypeError) as exc:
            raise RuleError(f"{where} ({raw['name']}): bad '{key}' pattern: {exc}") from exc

    return Entry(name=raw["name"], about=str(raw.get("about") or ""), kind=raw["kind"],
                 unit=raw["unit"], units=dict(units), subject=pattern("subject"),
                 exclude=pattern("not"), context=pattern("context"))


def _fraction(data: dict, section: str, key: str, where: str, default: float) -> float:
    value = (data.get(section) or {}).get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise RuleError(f"{where}: {section}.{key} must be a number between 0 and 1")
    return float(value)


@lru_cache(maxsize=1)
def default_catalogue() -> Catalogue:
    """The catalogue of the rules directory, once per process."""
    return Catalogue.load()


def name_for(subject: str | None, unit: str, sentence: str | None, figure: str | None) -> str | None:
    """The catalogue name of one figure (the facts stage's hook), or None."""
    entry = default_catalogue().classify(subject, unit, sentence, figure)
    return entry.name if entry else None


def reviewed(fact: dict[str, Any], key: str) -> Any:
    """A fact's field with the reviewer's correction applied."""
    review = fact.get("review") or {}
    fix = review.get("correction") or {} if review.get("status") == "corrected" else {}
    return fix[key] if key in fix else fact.get(key)


WINDOW = 6  # characters read beside the subject (得到解决采纳的|代表建议, 建议|被采纳写进)


def subject_window(sentence: str, figure: str, subject: str) -> str | None:
    """The subject with the words beside it in the figure's clause.

    Before the figure (收集群众意见建议181件): from a few characters before the
    subject to the figure.  After it (有4084件代表建议得到解决采纳): from the
    subject to a few characters past it.  Only when the figure occurs once
    in the sentence (else which clause is meant is unknown) and the subject
    is in that clause.
    """
    if not sentence or not figure or not subject or sentence.count(figure) != 1:
        return None
    at = sentence.index(figure)
    lead = NUMERAL.search(figure)  # the evidence may hold words before its number
    head = sentence[: at + (lead.start() if lead else 0)]
    breaks = [m.end() for m in CLAUSE_BREAK.finditer(head)]
    before = head[breaks[-1] if breaks else 0:]
    if subject in before:
        return before[max(0, before.rindex(subject) - WINDOW):]
    tail = sentence[at + len(figure):]
    stop = CLAUSE_BREAK.search(tail)
    after = tail[: stop.start() if stop else len(tail)]
    if subject in after:
        i = after.index(subject)
        return after[i: i + len(subject) + WINDOW]
    return None


# -- subject exclusions (rules/subject_exclusions.txt) ------------------------------

@lru_cache(maxsize=1)
def subject_exclusions() -> frozenset[tuple[str, str | None]]:
    """(subject, unit or None) pairs the indicators stage does not emit.

    Lines of rules/subject_exclusions.txt: a subject, optionally a tab and a
    unit.  Proposed by ``bulletin-ie review DIR --suggest`` from subjects that
    reviewers rejected again and again; a missing file excludes nothing.
    """
    if not (rules_dir() / EXCLUSIONS_FILE).is_file():
        return frozenset()
    out = set()
    for line in load_lines(EXCLUSIONS_FILE):
        subject, _, unit = line.partition("\t")
        out.add((subject.strip(), unit.strip() or None))
    return frozenset(out)


def is_excluded(subject: str | None, unit: str) -> bool:
    """Whether an indicator with this subject and unit is excluded (the indicators stage's hook)."""
    ex = subject_exclusions()
    return bool(ex) and subject is not None and ((subject, None) in ex or (subject, unit) in ex)
