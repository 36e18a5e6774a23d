"""Across bulletins: the run-level annotation of facts (duplicates and conflicts).

One document's facts are the facts stage's; what needs all documents of a run
is done here, once per run, before facts.jsonl is written (``BatchRunner``),
and again when a command reads a run with the reviewers' decisions merged
(``load_facts``: ``series``, ``catalogue``, ``export``):

- ``indicator``: the catalogue name (``catalogue.Catalogue``); the facts
  stage sets it, and it is read again only where a reviewer corrected the
  subject or unit (or, for the commands, as of the catalogue now);
- ``duplicate_of``: a later mention of a figure another bulletin already gave
  (``find_duplicates``);
- a ``conflict`` flag on facts that give the same indicator, place and year
  different values in different bulletins (``flag_conflicts``).
"""
from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable

import regex

from .catalogue import Catalogue, default_catalogue, match_text, reviewed
from .io import read_records
from .records import Fact
from .review import apply_correction, load_decisions, merge_review

CONFLICT = "conflict"


def locality_of(fact: dict[str, Any]) -> tuple[str | None, str | None]:
    """(name, administrative path) of a fact's place, a reviewer's correction applied."""
    loc = apply_correction(fact).get("locality") or {}
    return loc.get("canonical") or loc.get("text"), loc.get("path")


def locality_key(fact: dict[str, Any]) -> str | None:
    """The place of a fact as one string: its path when known, else its name."""
    name, path = locality_of(fact)
    return path or name


def year_of(fact: dict[str, Any]) -> int | None:
    return (fact.get("time") or {}).get("year")


def usable(fact: dict[str, Any]) -> bool:
    """A fact that can stand in a series: named, placed, dated, not rejected, not a change."""
    status = (fact.get("review") or {}).get("status")
    return (fact.get("indicator") is not None and status != "rejected"
            and fact.get("change") not in ("increase", "decrease")
            and locality_key(fact) is not None and year_of(fact) is not None)


def series_key(f: dict[str, Any], catalogue: Catalogue) -> tuple:
    """(indicator, place, year, unit of the series): the facts that must agree."""
    return (f["indicator"], locality_key(f), year_of(f),
            catalogue.series_unit(f["indicator"], reviewed(f, "unit")))


# -- duplicates ---------------------------------------------------------------------

def _bigrams(text: str) -> set[str]:
    t = regex.sub(r"[\s\p{P}]+", "", match_text(text))
    return {t[i:i + 2] for i in range(len(t) - 1)} or {t}


def evidence_overlap(a: str | None, b: str | None) -> float:
    """Shared character pairs of two sentences, against the shorter one (0..1)."""
    if not a or not b:
        return 0.0
    x, y = _bigrams(a), _bigrams(b)
    return len(x & y) / max(1, min(len(x), len(y)))


def find_duplicates(facts: list[dict[str, Any]], catalogue: Catalogue) -> int:
    """Mark each later mention of a figure another bulletin already gave: ``duplicate_of``.

    Same indicator, place, year, value and unit in two documents, with
    near-identical sentences (a county item reprinted in the provincial
    联络动态, a web page and its reposts).  The first mention in run order
    stays the fact; facts.jsonl keeps every mention.  Returns how many were marked.
    """
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for f in facts:
        if not usable(f):
            continue
        key = series_key(f, catalogue) + (reviewed(f, "value"), reviewed(f, "value_max"))
        groups.setdefault(key, []).append(f)
    marked = 0
    threshold = catalogue.settings.min_evidence_overlap
    for group in groups.values():
        originals: list[dict[str, Any]] = []
        for f in group:
            sentence = (f.get("evidence") or {}).get("sentence")
            first = next((o for o in originals if o["doc_id"] != f["doc_id"] and evidence_overlap(
                sentence, (o.get("evidence") or {}).get("sentence")) >= threshold), None)
            if first is None:
                originals.append(f)
            else:
                f["duplicate_of"] = first["id"]
                marked += 1
    return marked


# -- conflicts ----------------------------------------------------------------------

def _approx(f: dict[str, Any]) -> bool:
    return f.get("qualifier") is not None


def agree(a: dict[str, Any], b: dict[str, Any], tolerance: float) -> bool:
    """Whether two facts' values can be the same figure (equal, or close when one is approximate)."""
    va, vb = reviewed(a, "value"), reviewed(b, "value")
    if va == vb and reviewed(a, "value_max") == reviewed(b, "value_max"):
        return True
    if va is None or vb is None or not (_approx(a) or _approx(b)):
        return False
    return abs(va - vb) <= tolerance * max(abs(va), abs(vb))


def flag_conflicts(facts: list[dict[str, Any]], catalogue: Catalogue | None = None) -> int:
    """Flag facts whose indicator, place and year another bulletin gives a different value for.

    The flag names every fact of the disagreement; other flags are kept, and
    earlier conflict flags are replaced.  Returns how many facts were flagged.
    """
    catalogue = catalogue or default_catalogue()
    tolerance = catalogue.settings.approximate_tolerance
    for f in facts:
        f["flags"] = [g for g in f.get("flags") or [] if g.get("code") != CONFLICT]
    groups: dict[tuple, list[dict[str, Any]]] = {}
    for f in facts:
        if usable(f):
            groups.setdefault(series_key(f, catalogue), []).append(f)
    flagged = 0
    for group in groups.values():
        involved: set[str] = set()
        for a in group:
            for b in group:
                if a["doc_id"] != b["doc_id"] and not agree(a, b, tolerance):
                    involved.update((a["id"], b["id"]))
        if not involved:
            continue
        ids = sorted(involved)
        for f in group:
            if f["id"] in involved:
                f["flags"].append({"code": CONFLICT, "facts": ids})
                flagged += 1
    return flagged


# -- the whole run --------------------------------------------------------------------

def _corrected(fact: dict[str, Any], keys: tuple[str, ...]) -> bool:
    review = fact.get("review") or {}
    return review.get("status") == "corrected" and any(k in (review.get("correction") or {}) for k in keys)


def annotate(facts: list[dict[str, Any]], catalogue: Catalogue | None = None,
             reclassify: bool = True) -> list[dict[str, Any]]:
    """Set ``indicator``, ``duplicate_of`` and the ``conflict`` flags on a run's facts.

    Facts are dicts as in facts.jsonl, changed in place and returned.  With
    ``reclassify`` every fact's indicator is read again from the catalogue as
    it is now; without, only where a reviewer corrected the subject or unit
    (the run: the facts stage has just named them).  A fact rejected by a
    reviewer keeps its indicator but takes part in neither duplicates nor conflicts.
    """
    catalogue = catalogue or default_catalogue()
    for fact in facts:
        if reclassify or "indicator" not in fact or _corrected(fact, ("subject", "unit")):
            entry = catalogue.for_fact(fact)
            fact["indicator"] = entry.name if entry else None
        fact["duplicate_of"] = None
    find_duplicates(facts, catalogue)
    flag_conflicts(facts, catalogue)
    return facts


def load_facts(out_dir: Path, on_error: Callable[[str], None] = lambda m: None) -> list[dict[str, Any]]:
    """A run's facts with reviewers' decisions merged, annotated as of the catalogue now."""
    path = Path(out_dir) / "facts.jsonl"
    if not path.exists():
        raise FileNotFoundError(f"{path}: no such file (is {out_dir} a run's output directory?)")
    decisions = load_decisions(Path(out_dir))
    facts = [merge_review(f.to_dict(), decisions)
             for f in read_records(path, Fact, on_error=lambda e: on_error(str(e)))]
    return annotate(facts)


def unknown_subjects(facts: Iterable[dict[str, Any]]) -> Counter:
    """(subject, unit) of facts without an indicator, with counts (rejected facts left out)."""
    return Counter((reviewed(f, "subject"), reviewed(f, "unit")) for f in facts
                   if f.get("indicator") is None
                   and (f.get("review") or {}).get("status") != "rejected")


def main(args) -> int:
    """``bulletin-ie catalogue DIR [--unknown] [--limit N]``: 0 done, 2 no run there."""
    try:
        facts = load_facts(Path(args.dir))
    except FileNotFoundError as exc:
        print(f"bulletin-ie catalogue: error: {exc}", file=sys.stderr)
        return 2
    named = sum(f["indicator"] is not None for f in facts)
    if args.unknown:
        print("facts\tsubject\tunit")
        for (subject, unit), n in unknown_subjects(facts).most_common(args.limit):
            print(f"{n}\t{subject if subject is not None else '(none)'}\t{unit}")
    else:
        counts = Counter(f["indicator"] for f in facts if f["indicator"])
        print("facts\tindicator\tunit\tabout")
        # one row per name: several catalogue entries may give one indicator
        for name, entry in default_catalogue().by_name.items():
            if counts[name]:
                print(f"{counts[name]}\t{name}\t{entry.unit}\t{entry.about}")
    print(f"{named} of {len(facts)} facts have a catalogue indicator", file=sys.stderr)
    return 0
