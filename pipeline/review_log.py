"""Reviewers' decisions: their form, the run's decision log, and merging them into facts.

A decision is one JSON line::

    {"kind": "review", "fact_id": "F…", "status": "accepted", "note": "…",
     "correction": null, "reviewer": "王", "decided_at": "2024-05-01T08:00:00.000Z",
     "anchor": "A3f…"}

``status`` is accepted, rejected, corrected (``correction`` then holds the
changed fields, see ``CORRECTABLE``) or null (undo).  A corrected place comes
with its gazetteer path (``locality_path``, null when the name is not in the
gazetteer) so that the page's place filter and the export agree.

**Anchors.**  A fact id hashes the figure's character offsets, so an edit
earlier in a bulletin gives every later fact a new id.  A decision therefore
also carries the ``anchor`` of its fact: a hash of what the figure *is*
(document, sentence text, the figure's text, value, unit, and which
occurrence of that content in the document it is).  When the fact id is
gone, the decision is re-attached to the fact with the same anchor, and the
re-attached copy says where it came from (``reattached_from``).  A decision
whose sentence or figure changed is not re-attached: the reviewer must look
again, and it is listed as left over.

``apply_file`` (``review DIR --apply FILE``) appends decisions to the run's
log DIR/reviews.jsonl, which is only ever appended to, and rewrites
facts.jsonl with the latest decision per fact (latest by ``decided_at``;
equal times go to the one logged last).  ``reattach_log`` does the same for
logged decisions a rerun orphaned.  Facts keep their extracted values: a
correction lives in ``review.correction`` and the exports apply it
(``apply_correction``).
"""
from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timezone
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .gazetteer import Gazetteer
from .io import AtomicJsonlWriter, InputError, iter_json_lines
from .records import Fact

REVIEW_LOG = "reviews.jsonl"
STATUSES = (None, "accepted", "rejected", "corrected")
# Fields a reviewer may correct, and the JSON types each accepts.
NONE = type(None)
CORRECTABLE: dict[str, tuple[type, ...]] = {
    "value": (int, float), "value_max": (int, float, NONE), "unit": (str,),
    "subject": (str, NONE), "locality": (str, NONE), "locality_path": (str, NONE),
    "year": (int, NONE), "month": (int, NONE), "day": (int, NONE), "body": (str, NONE),
    "qualifier": (str, NONE), "people": (list,),
}
RANGES = {"month": (1, 12), "day": (1, 31)}
EMPTY_REVIEW = {"status": None, "note": None, "correction": None}
EPOCH = "1970-01-01T00:00:00Z"  # decided_at of a hand-edited log line that lacks one


class DecisionError(ValueError):
    """A review line that is not a valid decision."""


# -- decisions -----------------------------------------------------------------

def _utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _when(decision: dict[str, Any]) -> datetime:
    """``decided_at`` as an aware time (a naive one is taken as UTC)."""
    t = datetime.fromisoformat(decision["decided_at"])
    return t if t.tzinfo else t.replace(tzinfo=timezone.utc)


def _check_correction(correction: Any) -> None:
    if not isinstance(correction, dict) or not correction:
        raise DecisionError("status 'corrected' needs a correction object")
    for key, value in correction.items():
        if key not in CORRECTABLE:
            raise DecisionError(f"cannot correct {key!r} (only {', '.join(CORRECTABLE)})")
        if isinstance(value, bool) or not isinstance(value, CORRECTABLE[key]):
            raise DecisionError(f"correction {key}={value!r} has the wrong type")
        if key == "people" and not all(isinstance(p, str) for p in value):
            raise DecisionError("correction people must be a list of names")
        lo, hi = RANGES.get(key, (None, None))
        if value is not None and lo is not None and not lo <= value <= hi:
            raise DecisionError(f"correction {key}={value} is not between {lo} and {hi}")


def parse_decision(obj: Any, now: str | None = None) -> dict[str, Any]:
    """Check one review line and return it in its normal form.

    A missing ``decided_at`` becomes ``now`` (the time it is applied), so a
    hand-written file works; anything else malformed raises ``DecisionError``.
    """
    if not isinstance(obj, dict) or obj.get("kind") != "review":
        raise DecisionError("expected a JSON object with kind 'review'")
    fact_id, status = obj.get("fact_id"), obj.get("status")
    if not isinstance(fact_id, str) or not fact_id:
        raise DecisionError("fact_id is missing")
    if status not in STATUSES:
        raise DecisionError(f"status {status!r} is not one of accepted, rejected, corrected, null")
    correction = obj.get("correction")
    if status == "corrected":
        _check_correction(correction)
    elif correction is not None:
        raise DecisionError(f"a correction was given with status {status!r}")
    for key in ("note", "reviewer", "anchor", "reattached_from"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise DecisionError(f"{key} must be a string")
    decision = {"kind": "review", "fact_id": fact_id, "status": status,
                "note": obj.get("note") or None, "correction": correction,
                "reviewer": obj.get("reviewer") or None,
                "decided_at": obj.get("decided_at") or now or _utc_now()}
    for key in ("anchor", "reattached_from"):  # only when there: older lines stay as they were
        if obj.get(key):
            decision[key] = obj[key]
    try:
        _when(decision)
    except (TypeError, ValueError):
        raise DecisionError(f"decided_at {decision['decided_at']!r} is not an ISO time") from None
    return decision


def latest(decisions: Iterable[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """The latest decision per fact id (by decided_at; a tie goes to the later one)."""
    best: dict[str, dict[str, Any]] = {}
    for d in decisions:
        current = best.get(d["fact_id"])
        if current is None or _when(d) >= _when(current):
            best[d["fact_id"]] = d
    return best


def read_log(path: Path, on_error: Callable[[str], None] | None = None
             ) -> Iterator[dict[str, Any]]:
    """Decisions of a log file in order; bad lines go to ``on_error`` (or are skipped)."""
    report = on_error or (lambda message: None)
    if not path.exists():
        return
    for n, obj in iter_json_lines(path, on_error=lambda e: report(str(e))):
        try:
            yield parse_decision(obj, now=EPOCH)
        except DecisionError as exc:
            report(f"{path}:{n}: {exc}")


def load_decisions(out_dir: Path) -> dict[str, dict[str, Any]]:
    """Latest decision per fact id from DIR/reviews.jsonl; empty when there is none.

    The runner calls this when it assembles facts.jsonl, then ``merge_review``
    per fact, so a rerun keeps the reviewers' work (``reattach_log`` then
    brings back those whose fact id the rerun changed).
    """
    return latest(read_log(Path(out_dir) / REVIEW_LOG))


def apply_decision(fact: dict[str, Any], decision: dict[str, Any] | None) -> dict[str, Any]:
    """The fact with its ``review`` set from the decision (reset when None)."""
    if decision is None:
        return {**fact, "review": dict(EMPTY_REVIEW)}
    review = {"status": decision["status"], "note": decision.get("note"),
              "correction": decision.get("correction"), "reviewer": decision.get("reviewer"),
              "decided_at": decision.get("decided_at")}
    if decision.get("reattached_from"):
        review["reattached_from"] = decision["reattached_from"]
    if review["status"] is None:  # an undo: back to unreviewed, but say when
        review["note"] = review["correction"] = None
    return {**fact, "review": review}


def merge_review(fact: dict[str, Any], decisions: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Apply the logged decision if there is one; otherwise keep the fact's review."""
    decision = decisions.get(fact["id"])
    return apply_decision(fact, decision) if decision else fact


def apply_correction(fact: dict[str, Any]) -> dict[str, Any]:
    """The fact as the reviewer left it: a correction's fields put in place.

    For the exports: a corrected place takes the path the page chose
    (``locality_path``; the page and the export then agree), and an old
    decision without one gets a path by ``corrected_path``.
    """
    review = fact.get("review") or {}
    fix = (review.get("correction") or {}) if review.get("status") == "corrected" else {}
    if not fix:
        return fact
    out = dict(fact)
    for key in ("value", "value_max", "unit", "subject", "qualifier"):
        if key in fix:
            out[key] = fix[key]
    if "body" in fix:
        out["body"] = {"text": fix["body"], "canonical": fix["body"]} if fix["body"] else None
    if "people" in fix:
        out["people"] = [{"text": name} for name in fix["people"]]
    if any(key in fix for key in ("year", "month", "day")):
        time = dict(out.get("time") or {})
        for key in ("year", "month", "day"):
            if key in fix:
                time[key] = fix[key]
        out["time"], out["time_source"] = time, "review"
    if "locality" in fix or "locality_path" in fix:
        old = fact.get("locality") or {}
        name = fix.get("locality", old.get("canonical") or old.get("text"))
        path = fix["locality_path"] if "locality_path" in fix else corrected_path(name, old.get("path"))
        out["locality"] = {"text": name, "canonical": name, "path": path, "source": "review"} if name else None
    return out


def corrected_path(name: str | None, old_path: str | None) -> str | None:
    """The path of a corrected place without one: a level of the old path
    (三封寺镇 corrected to 华容县), else a place of that name in the old path's
    county, prefecture or province (the nearest), else a unique gazetteer match."""
    if not name:
        return None
    parts = old_path.split("/") if old_path else []
    if name in parts:
        return "/".join(parts[: parts.index(name) + 1])
    try:
        gaz = Gazetteer.load()
    except Exception:  # no gazetteer (a partial install): the path stays unknown
        return None
    paths = [gaz.path(i) for i in gaz.full.get(name) or gaz.short.get(name) or []]
    for depth in (3, 2, 1):
        if len(parts) >= depth:
            near = [p for p in paths if p.startswith("/".join(parts[:depth]) + "/")]
            if len(near) == 1:
                return near[0]
            if near:
                return None
    return paths[0] if len(paths) == 1 else None


# -- anchors: a fact by its content ------------------------------------------------

def _number(value: Any) -> str | None:
    """A value as text that does not depend on how it was written (45, 45.0 -> "45")."""
    if value is None:
        return None
    try:
        return format(Decimal(str(value)).normalize(), "f")
    except (InvalidOperation, ValueError):
        return str(value)


def content_key(fact: dict[str, Any]) -> tuple:
    """What a figure is, apart from where it stands: document, sentence, figure text, value, unit."""
    ev = fact.get("evidence") or {}
    return (fact.get("doc_id"), ev.get("sentence") or "", ev.get("text") or "",
            _number(fact.get("value")), fact.get("unit"))


def fact_anchors(facts: Iterable[dict[str, Any]]) -> dict[str, str]:
    """fact id -> anchor: the content key and its occurrence in the document
    (the second 45人 of a sentence that says 45人 twice is occurrence 1), hashed.

    Text inserted before a figure changes its offsets (and so its id) but
    not its anchor.
    """
    order = sorted(facts, key=lambda f: (str(f.get("doc_id")), (f.get("evidence") or {}).get("start") or 0,
                                          str(f.get("id"))))
    seen: Counter = Counter()
    out = {}
    for f in order:
        key = content_key(f)
        text = json.dumps([*key, seen[key]], ensure_ascii=False)
        seen[key] += 1
        out[f["id"]] = "A" + hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]
    return out


def reattach(decision: dict[str, Any], by_anchor: dict[str, str]) -> dict[str, Any] | None:
    """The decision moved to the fact with its anchor, or None when no fact has it.
    ``reattached_from`` keeps the first id, so a chain of edits gives one line."""
    target = by_anchor.get(decision.get("anchor") or "")
    if target is None:
        return None
    return {**decision, "fact_id": target,
            "reattached_from": decision.get("reattached_from") or decision["fact_id"]}


# -- --apply and the log ---------------------------------------------------------------

@dataclass
class ApplyReport:
    """What ``apply_file`` did: decisions read, re-attached by content, newly
    logged, facts reviewed; decisions left out (fact gone, content not found); errors."""

    read: int = 0
    reattached: int = 0
    logged: int = 0
    reviewed: int = 0
    left: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


def _same(decision: dict[str, Any]) -> str:
    return json.dumps(decision, sort_keys=True, ensure_ascii=False)


def _raw_facts(path: Path, on_error: Callable[[str], None] | None = None) -> Iterator[dict[str, Any]]:
    """facts.jsonl as dicts, checked as Fact records but with every field kept
    (flags and other fields newer than this module survive a rewrite)."""
    for n, obj in iter_json_lines(path, on_error=(lambda e: on_error(str(e))) if on_error else None):
        try:
            Fact.from_dict(obj)
        except Exception as exc:
            if on_error is None:
                raise InputError(f"{path}:{n}: {exc}") from None
            on_error(f"{path}:{n}: {exc}")
            continue
        yield obj


def _commit(out_dir: Path, facts: list[dict[str, Any]], old: list[dict[str, Any]],
            incoming: list[dict[str, Any]]) -> tuple[int, int]:
    """Append the incoming decisions not yet logged and rewrite facts.jsonl;
    returns (decisions logged, facts with a decision)."""
    seen = {_same(d) for d in old}
    new = []
    for d in incoming:
        if _same(d) not in seen:
            seen.add(_same(d))
            new.append(d)
    with AtomicJsonlWriter(out_dir / REVIEW_LOG, append=True) as log:
        log.write_all(new)
    decisions = latest(old + new)
    with AtomicJsonlWriter(out_dir / "facts.jsonl") as out:
        for fact in facts:
            out.write(merge_review(fact, decisions))
    return len(new), sum(1 for f in facts if f["id"] in decisions)


def _left(where: str, d: dict[str, Any]) -> str:
    note = f", note {d['note']!r}" if d.get("note") else ""
    why = "no fact has its content (its sentence or figure changed)" if d.get("anchor") \
        else "it carries no anchor to find it by (a decision of an older page)"
    return (f"{where}: {d['status'] or 'undo'} of fact {d['fact_id']} (decided {d['decided_at']}{note}): "
            f"the fact is gone and {why}")


def apply_file(out_dir: Path, reviews_file: Path) -> ApplyReport:
    """Append the file's valid decisions to the log and rewrite facts.jsonl.

    A decision whose fact id is gone is re-attached by its anchor when a fact
    has it, else listed in ``left``; bad lines go to ``errors`` (file:line);
    the rest are applied either way.  Decisions already in the log are not
    logged twice.  A corrupt facts.jsonl raises ``InputError`` before anything
    is written (rewriting it would drop lines).
    """
    out_dir, report = Path(out_dir), ApplyReport()
    facts = list(_raw_facts(out_dir / "facts.jsonl"))  # raw: unknown fields are kept
    anchors = fact_anchors(facts)
    by_anchor = {a: fid for fid, a in anchors.items()}
    now, incoming = _utc_now(), []
    for n, obj in iter_json_lines(reviews_file, on_error=lambda e: report.errors.append(str(e))):
        try:
            decision = parse_decision(obj, now)
        except DecisionError as exc:
            report.errors.append(f"{reviews_file}:{n}: {exc}")
            continue
        if decision["fact_id"] in anchors:
            decision.setdefault("anchor", anchors[decision["fact_id"]])
        else:
            moved = reattach(decision, by_anchor)
            if moved is None:
                report.left.append(_left(f"{reviews_file}:{n}", decision))
                continue
            decision = moved
            report.reattached += 1
        incoming.append(decision)
    report.read = len(incoming) + len(report.left)
    old = list(read_log(out_dir / REVIEW_LOG, on_error=report.errors.append))
    report.logged, report.reviewed = _commit(out_dir, facts, old, incoming)
    return report


def orphaned(out_dir: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]], set[str]]:
    """(facts, logged decisions, ids of the facts) when some logged decision's fact
    is gone (the run changed); ([], [], set()) otherwise."""
    out_dir = Path(out_dir)
    log = list(read_log(out_dir / REVIEW_LOG))
    if not log or not (out_dir / "facts.jsonl").exists():
        return [], [], set()
    facts = list(_raw_facts(out_dir / "facts.jsonl"))
    ids = {f["id"] for f in facts}
    if all(d["fact_id"] in ids for d in log):
        return [], [], set()
    return facts, log, ids


def reattach_log(out_dir: Path) -> int:
    """After a rerun: re-attach logged decisions whose fact id the rerun changed
    (appended to the log as moved copies; facts.jsonl rewritten).  Returns how
    many facts got a decision back."""
    out_dir = Path(out_dir)
    facts, log, ids = orphaned(out_dir)
    if not facts:
        return 0
    by_anchor = {a: fid for fid, a in fact_anchors(facts).items()}
    latest_orphans = latest(d for d in log if d["fact_id"] not in ids)
    logged = {_same(d) for d in log}
    moved = [m for d in latest_orphans.values()
             if (m := reattach(d, by_anchor)) is not None and _same(m) not in logged]
    if not moved:  # none, or all re-attached by an earlier run: nothing to rewrite
        return 0
    return _commit(out_dir, facts, log, moved)[0]
