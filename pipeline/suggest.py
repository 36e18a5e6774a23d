"""Reviews teach the rules: ``bulletin-ie review DIR --suggest``.

Reads the run's decision log (DIR/reviews.jsonl, latest decision per fact)
and its facts, and proposes, as one unified diff of rules/ files, the changes
the decisions imply:

- a subject rejected again and again (``--min-rejections``, default 3) and
  never accepted becomes a line of rules/subject_exclusions.txt, which the
  indicators stage honours (``catalogue.is_excluded``);
- a corrected locality missing from the gazetteer becomes a row of
  rules/gazetteer/places.tsv, under the parent its level implies on the
  fact's old path (a town under the county the fact was placed in);
- a corrected unit the indicators stage does not know becomes an entry of
  rules/units.yml (kind ``count``, to be checked).

Nothing changes rules/ here: the diff is printed (or written with
``--output``) for a person to read and apply with ``git apply`` or
``patch -p1`` from the directory that holds rules/.  Every proposal says in
a comment how many decisions it comes from; what cannot be proposed (a place
whose parent is unknown) is reported on stderr.
"""
from __future__ import annotations

import difflib
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .catalogue import EXCLUSIONS_FILE, subject_exclusions
from .io import write_text_atomic
from .review import run_dir
from .rules import rules_dir

PLACES_FILE = "gazetteer/places.tsv"
UNITS_FILE = "units.yml"
# Level of a new place from the end of its name; the parent is one level up.
LEVEL_SUFFIXES: list[tuple[str, str]] = [
    ("自治州", "prefecture"), ("地区", "prefecture"), ("盟", "prefecture"),
    ("自治县", "county"), ("县", "county"), ("区", "county"), ("旗", "county"),
    ("街道", "town"), ("镇", "town"), ("乡", "town"), ("苏木", "town"),
]
LEVEL_DEPTH = {"province": 1, "prefecture": 2, "county": 3, "town": 4}


@dataclass
class Proposal:
    """Lines to append per rules file, and what could not be proposed."""

    lines: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    notes: list[str] = field(default_factory=list)

    def add(self, file: str, comment: str, line: str) -> None:
        self.lines[file] += [f"# {comment}", line] if file != PLACES_FILE else [line]

    def __bool__(self) -> bool:
        return any(self.lines.values())


def _facts_by_id(out_dir: Path) -> dict[str, dict[str, Any]]:
    from .io import read_records
    from .records import Fact

    return {f.id: f.to_dict() for f in read_records(out_dir / "facts.jsonl", Fact)}


def propose(out_dir: Path, min_rejections: int = 3) -> Proposal:
    """What the run's decisions imply for the rules (see the module docstring)."""
    from .review import load_decisions

    out_dir = Path(out_dir)
    decisions = load_decisions(out_dir)
    facts = _facts_by_id(out_dir)
    prop = Proposal()
    _exclusions(prop, decisions, facts, min_rejections)
    _places(prop, decisions, facts)
    _units(prop, decisions)
    return prop


def _exclusions(prop: Proposal, decisions: dict, facts: dict, min_rejections: int) -> None:
    rejected: dict[str, Counter] = defaultdict(Counter)  # subject -> units
    kept: Counter = Counter()
    for fid, d in decisions.items():
        fact = facts.get(fid)
        if fact is None or not fact.get("subject"):
            continue
        if d["status"] == "rejected":
            rejected[fact["subject"]][fact["unit"]] += 1
        elif d["status"] in ("accepted", "corrected"):
            kept[fact["subject"]] += 1
    known = subject_exclusions()
    for subject, units in sorted(rejected.items()):
        n = sum(units.values())
        if n < min_rejections:
            continue
        if kept[subject]:
            prop.notes.append(f"subject {subject!r}: rejected {n} times but kept {kept[subject]} "
                              f"times; no exclusion proposed")
            continue
        unit = next(iter(units)) if len(units) == 1 else None
        if (subject, unit) in known or (subject, None) in known:
            continue
        line = f"{subject}\t{unit}" if unit else subject
        prop.add(EXCLUSIONS_FILE, f"rejected {n} times in review, never accepted", line)


def level_of_name(name: str) -> str | None:
    for suffix, level in LEVEL_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return level
    return None


def _places(prop: Proposal, decisions: dict, facts: dict) -> None:
    from .gazetteer import Gazetteer

    gaz = Gazetteer.load()
    by_path = {gaz.path(p.id): p.id for p in gaz.places}
    next_id = len(gaz.places) + 1
    seen: set[str] = set()
    for fid, d in sorted(decisions.items()):
        name = (d.get("correction") or {}).get("locality") if d["status"] == "corrected" else None
        if not name or name in seen or name in gaz.full or name in gaz.short:
            continue
        seen.add(name)
        level = level_of_name(name)
        old_path = ((facts.get(fid) or {}).get("locality") or {}).get("path")
        if level is None or level == "province":
            prop.notes.append(f"place {name!r}: its level is not clear from its name; add it by hand")
            continue
        parts = old_path.split("/") if old_path else []
        depth = LEVEL_DEPTH[level] - 1
        parent = "/".join(parts[:depth]) if len(parts) >= depth else None
        if parent not in by_path:
            prop.notes.append(f"place {name!r} ({level}): the fact's place ({old_path or 'none'}) "
                              f"does not give its parent; add it by hand")
            continue
        prop.add(PLACES_FILE, "", f"{next_id}\t{by_path[parent]}\t{level}\t{name}\t")
        prop.notes.append(f"place {name!r}: proposed as {parent}/{name} (id {next_id}); check the parent")
        next_id += 1


def _units(prop: Proposal, decisions: dict) -> None:
    from .indicators import load_units

    known = set(load_units())
    counts = Counter(d["correction"]["unit"] for d in decisions.values()
                     if d["status"] == "corrected" and (d.get("correction") or {}).get("unit"))
    for unit, n in sorted(counts.items()):
        if unit not in known:
            prop.add(UNITS_FILE, f"proposed from {n} review correction(s): check kind and not_before",
                     f"  - {{unit: {unit}, kind: count}}")


def as_diff(prop: Proposal) -> str:
    """The proposal as a unified diff with a/rules/... and b/rules/... paths (``patch -p1``)."""
    root = rules_dir()
    out = []
    for name, lines in sorted(prop.lines.items()):
        if not lines:
            continue
        path = root / name
        old = path.read_text(encoding="utf-8") if path.exists() else ""
        if old and not old.endswith("\n"):
            old += "\n"
        new = old + "".join(line + "\n" for line in lines)
        out += difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True),
                                    fromfile=f"a/rules/{name}", tofile=f"b/rules/{name}")
    return "".join(out)


def main(args) -> int:
    """``bulletin-ie review DIR --suggest [--min-rejections N] [--output F]``."""
    out_dir = run_dir(args.dir)
    if out_dir is None:
        return 2
    prop = propose(out_dir, getattr(args, "min_rejections", None) or 3)
    diff = as_diff(prop)
    for note in prop.notes:
        print(f"note: {note}", file=sys.stderr)
    output = getattr(args, "output", None)
    if not diff:
        if output:  # emptied, so that no older diff stays there looking current
            write_text_atomic(output, "")
            print(f"wrote {output}: empty, no change to the rules is implied by the reviews",
                  file=sys.stderr)
        else:
            print("no change to the rules is implied by the reviews", file=sys.stderr)
        return 0
    if output:
        write_text_atomic(output, diff)
        print(f"wrote {output}: read it, then apply it with: git apply {output}", file=sys.stderr)
    else:
        sys.stdout.write(diff)
    return 0
