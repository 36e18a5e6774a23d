"""The reviewers' page, and merging their decisions back into the run.

``bulletin-ie review DIR`` writes DIR/review.html: one self-contained file
(template ``review_template.html`` with the run's data embedded as JSON) that
works from a USB stick on an offline machine.  Reviewers accept, reject or
correct facts there; the page keeps their decisions in the browser's
localStorage and exports them as reviews.jsonl, one decision per line::

    {"kind": "review", "fact_id": "F…", "status": "accepted", "note": "…",
     "correction": null, "reviewer": "王", "decided_at": "2024-05-01T08:00:00.000Z"}

``status`` is accepted, rejected, corrected (``correction`` then holds the
changed fields, see ``CORRECTABLE``) or null (undo).  A corrected place comes
with its gazetteer path (``locality_path``, null when the name is not in the
gazetteer) so that the page's place filter and the export agree.

``bulletin-ie review DIR --apply FILE`` appends those decisions to the run's
decision log DIR/reviews.jsonl, which is only ever appended to, so no decision
is lost, and rewrites facts.jsonl with the latest decision per fact (latest by
``decided_at``; equal times go to the one logged last).  Because ``run``
rewrites facts.jsonl, the runner re-applies the log with ``load_decisions`` and
``apply_decision``.  Facts keep their extracted values: a correction lives in
``review.correction`` and the exports apply it.
"""
from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from .io import AtomicJsonlWriter, InputError, iter_json_lines, read_records
from .records import Document, Entity, Fact, Indicator, TimeExpression

REVIEW_LOG = "reviews.jsonl"
PAGE = "review.html"
TEMPLATE = Path(__file__).with_name("review_template.html")
DATA_MARK = "__REVIEW_DATA__"
STATUSES = (None, "accepted", "rejected", "corrected")
# Fields a reviewer may correct, and the JSON types each accepts.
NONE = type(None)
CORRECTABLE: dict[str, tuple[type, ...]] = {
    "value": (int, float), "value_max": (int, float, NONE), "unit": (str,),
    "subject": (str, NONE), "locality": (str, NONE), "locality_path": (str, NONE),
    "year": (int, NONE), "month": (int, NONE), "body": (str, NONE), "qualifier": (str, NONE),
    "people": (list,),
}
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
        if not isinstance(correction, dict) or not correction:
            raise DecisionError("status 'corrected' needs a correction object")
        for key, value in correction.items():
            if key not in CORRECTABLE:
                raise DecisionError(f"cannot correct {key!r} (only {', '.join(CORRECTABLE)})")
            if isinstance(value, bool) or not isinstance(value, CORRECTABLE[key]):
                raise DecisionError(f"correction {key}={value!r} has the wrong type")
            if key == "people" and not all(isinstance(p, str) for p in value):
                raise DecisionError("correction people must be a list of names")
    elif correction is not None:
        raise DecisionError(f"a correction was given with status {status!r}")
    for key in ("note", "reviewer"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise DecisionError(f"{key} must be a string")
    decision = {"kind": "review", "fact_id": fact_id, "status": status,
                "note": obj.get("note") or None, "correction": correction,
                "reviewer": obj.get("reviewer") or None,
                "decided_at": obj.get("decided_at") or now or _utc_now()}
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

    The runner calls this when it assembles facts.jsonl, then ``apply_decision``
    per fact, so a rerun keeps the reviewers' work.
    """
    return latest(read_log(Path(out_dir) / REVIEW_LOG))


def apply_decision(fact: dict[str, Any], decision: dict[str, Any] | None) -> dict[str, Any]:
    """The fact with its ``review`` set from the decision (reset when None)."""
    if decision is None:
        return {**fact, "review": dict(EMPTY_REVIEW)}
    review = {"status": decision["status"], "note": decision.get("note"),
              "correction": decision.get("correction"), "reviewer": decision.get("reviewer"),
              "decided_at": decision.get("decided_at")}
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
    if "year" in fix or "month" in fix:
        time = dict(out.get("time") or {})
        for key in ("year", "month"):
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
        from .gazetteer import Gazetteer

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


# -- --apply ---------------------------------------------------------------------

@dataclass
class ApplyReport:
    """What ``apply_file`` did: decisions read, newly logged, facts reviewed, errors."""

    read: int = 0
    logged: int = 0
    reviewed: int = 0
    errors: list[str] = field(default_factory=list)


def _same(decision: dict[str, Any]) -> str:
    return json.dumps(decision, sort_keys=True, ensure_ascii=False)


def apply_file(out_dir: Path, reviews_file: Path) -> ApplyReport:
    """Append the file's valid decisions to the log and rewrite facts.jsonl.

    Unknown fact ids and bad lines are reported (file:line) and left out;
    decisions already in the log are not logged twice.  A corrupt facts.jsonl
    raises ``InputError`` before anything is written (rewriting it would drop lines).
    """
    out_dir, report = Path(out_dir), ApplyReport()
    facts_path, log_path = out_dir / "facts.jsonl", out_dir / REVIEW_LOG
    facts = list(_raw_facts(facts_path))  # raw: fields this version does not know are kept
    known = {f["id"] for f in facts}
    now, incoming = _utc_now(), []
    for n, obj in iter_json_lines(reviews_file, on_error=lambda e: report.errors.append(str(e))):
        try:
            decision = parse_decision(obj, now)
        except DecisionError as exc:
            report.errors.append(f"{reviews_file}:{n}: {exc}")
            continue
        if decision["fact_id"] not in known:
            report.errors.append(f"{reviews_file}:{n}: unknown fact id {decision['fact_id']!r} "
                                 f"(not in {facts_path})")
            continue
        incoming.append(decision)
    report.read = len(incoming)
    old = list(read_log(log_path, on_error=report.errors.append))
    seen = {_same(d) for d in old}
    new = []
    for d in incoming:
        if _same(d) not in seen:
            seen.add(_same(d))
            new.append(d)
    with AtomicJsonlWriter(log_path, append=True) as log:
        log.write_all(new)
    report.logged = len(new)
    decisions = latest(old + new)
    with AtomicJsonlWriter(facts_path) as out:
        for fact in facts:
            out.write(merge_review(fact, decisions))
    report.reviewed = sum(1 for f in facts if f["id"] in decisions)
    return report


# -- the page ----------------------------------------------------------------------

def _compact(d: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in d.items() if v is not None and v != [] and v != {}}


def run_key(out_dir: Path, fact_ids: list[str] | None = None) -> str:
    """The page's localStorage key: one per output directory.

    Decisions inside are keyed by fact id, which a rerun keeps, so a page
    rebuilt after the inputs change still finds them (file:// pages share one
    storage, so the key must differ per directory).
    """
    where = str(Path(out_dir).resolve())
    return hashlib.sha256(where.encode("utf-8")).hexdigest()[:16]


def _manifest(out_dir: Path) -> dict[str, Any]:
    try:
        return json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def _optional(path: Path, *types, on_error) -> Iterator:
    """Records of a stage file that may be absent (a partial run)."""
    if path.exists():
        yield from read_records(path, *types, skip_other=True,
                                on_error=lambda e: on_error(str(e)))


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


# Words of page furniture that are no publisher's name (a share button, a hit counter).
_NOT_A_NAME = ("点击", "分享", "打印", "关闭", "字号", "浏览", "阅读")


def _meta_text(value: Any) -> str | None:
    """A metadata value usable in a name: a non-empty string that is no page furniture."""
    if not isinstance(value, str):
        return None
    value = value.strip()
    if not value or not any(ch.isalnum() for ch in value) or value.startswith(_NOT_A_NAME):
        return None
    return value


def doc_label(doc: Document) -> dict[str, Any]:
    """How the page names a bulletin: date, publisher and title (the file id apart).

    The title is the metadata title (with the issue of a newsletter) unless it
    is only the site's name; else the first article's title.
    """
    meta = doc.metadata or {}
    site = _meta_text(meta.get("site"))
    title = _meta_text(meta.get("title"))
    if title and title == site:
        title = None
    if title and _meta_text(meta.get("issue")):
        title = f"{title} {meta['issue']}"
    if not title:
        title = next((_meta_text(a.title) for a in doc.articles if _meta_text(a.title)), None)
    publisher = _meta_text(meta.get("publisher")) or _meta_text(meta.get("source")) or site
    date = _meta_text(meta.get("date"))
    parts = [p for p in (date, publisher, title) if p]
    return {"label": " · ".join(parts) or doc.doc_id, "date": date, "publisher": publisher,
            "title": title}


def _doc_entry(doc: Document) -> dict[str, Any]:
    return {"id": doc.doc_id, **doc_label(doc), "source": doc.source, "text": doc.text, "spans": []}


def _entity_span(e: Entity) -> dict[str, Any]:
    return _compact({"start": e.start, "end": e.end, "type": e.label, "id": e.id,
                     "canonical": e.canonical, "path": e.path, "role": e.role,
                     "affiliation": e.affiliation, "source": e.source,
                     "confidence": e.confidence})


def _indicator_span(r: Indicator | TimeExpression) -> dict[str, Any]:
    if isinstance(r, TimeExpression):
        return _compact({"start": r.start, "end": r.end, "type": "TIME", "id": r.id,
                         "year": r.year, "month": r.month, "day": r.day, "relative": r.relative})
    d = r.to_dict()
    return _compact({"start": r.start, "end": r.end, "type": "IND", "id": r.id,
                     "subject": r.subject, "value": d["value"], "value_max": d["value_max"],
                     "unit": r.unit, "qualifier": r.qualifier, "change": r.change,
                     "unit_kind": r.unit_kind, "number_text": getattr(r, "number_text", None),
                     "optional": r.optional or None})


def _quote(f: dict[str, Any], doc_text: str | None, sentence: tuple[int, int] | None
           ) -> dict[str, Any] | None:
    """The sentence of the fact with the figure marked by its offsets (not by
    searching its text, which finds the first of two equal figures)."""
    ev = f.get("evidence") or {}
    start, end = ev.get("start"), ev.get("end")
    if doc_text is None or not isinstance(start, int) or not isinstance(end, int) \
            or not 0 <= start <= end <= len(doc_text):
        return None
    if sentence and sentence[0] <= start and end <= sentence[1]:
        a, b = sentence
    else:  # no sentence record: the figure with some context, cut at line ends
        a, b = max(0, start - 60), min(len(doc_text), end + 60)
        a = doc_text.rfind("\n", a, start) + 1 or a
        nl = doc_text.find("\n", end, b)
        b = nl if nl >= 0 else b
    return {"text": doc_text[a:b], "mark": [start - a, end - a]}


def _fact_entry(f: dict[str, Any], doc_index: dict[str, int], quote: dict[str, Any] | None
                ) -> dict[str, Any]:
    ev, loc, time = f.get("evidence") or {}, f.get("locality") or {}, f.get("time") or {}
    flags = sorted({str(x.get("code")) for x in f.get("flags") or []
                    if isinstance(x, dict) and x.get("code")})
    return _compact({
        "id": f["id"], "doc": doc_index.get(f["doc_id"], -1), "doc_id": f["doc_id"],
        "indicator_id": f.get("indicator_id"), "subject": f.get("subject"),
        "value": f.get("value"), "value_max": f.get("value_max"), "unit": f.get("unit"),
        "qualifier": f.get("qualifier"), "change": f.get("change"),
        "optional": f.get("optional") or None, "unit_kind": f.get("unit_kind"),
        "number_text": f.get("number_text"),
        "locality": _compact({k: loc.get(k) for k in ("text", "canonical", "path", "source")}) or None,
        "body": (f.get("body") or {}).get("canonical") or (f.get("body") or {}).get("text"),
        "time": _compact({k: time.get(k) for k in ("text", "year", "month", "day")}) or None,
        "time_source": f.get("time_source"),
        "people": [p.get("text") for p in f.get("people") or [] if isinstance(p, dict)],
        "flags": flags,
        "evidence": _compact({k: ev.get(k) for k in ("start", "end", "sent_id", "sentence",
                                                       "article_title", "contributor", "text")}),
        "quote": quote,
        "review": f.get("review") or dict(EMPTY_REVIEW),
    })


def _places(facts: list[dict[str, Any]]) -> list[str]:
    """Gazetteer paths the page offers for a corrected place: every province,
    prefecture and county, and the towns of the counties the facts are in."""
    try:
        from .gazetteer import Gazetteer

        gaz = Gazetteer.load()
    except Exception:  # no gazetteer: the page takes any name, with no path
        return []
    counties = {"/".join(p.split("/")[:3]) for f in facts
                for p in [((f.get("locality") or {}).get("path") or "")] if p.count("/") >= 2}
    out = []
    for place in gaz.places:
        if place.level == "town":
            path = gaz.path(place.id)
            if path.rsplit("/", 1)[0] in counties:
                out.append(path)
        else:
            out.append(gaz.path(place.id))
    return sorted(set(out))


def page_data(out_dir: Path, on_error: Callable[[str], None] = lambda m: None) -> dict[str, Any]:
    """Everything the page shows, read from the run directory."""
    out_dir = Path(out_dir)
    documents = list(_optional(out_dir / "documents.jsonl", Document, on_error=on_error))
    docs = [_doc_entry(d) for d in documents]
    doc_index = {d["id"]: i for i, d in enumerate(docs)}
    for path, types, to_span in (
            (out_dir / "entities.jsonl", (Entity,), _entity_span),
            (out_dir / "indicators.jsonl", (Indicator, TimeExpression), _indicator_span)):
        for rec in _optional(path, *types, on_error=on_error):
            if rec.doc_id in doc_index:
                docs[doc_index[rec.doc_id]]["spans"].append(to_span(rec))
    decisions = load_decisions(out_dir)
    facts = [merge_review(f, decisions) for f in _raw_facts(out_dir / "facts.jsonl", on_error)]
    wanted = {(f["doc_id"], (f.get("evidence") or {}).get("sent_id")) for f in facts}
    sentences = {}
    if (out_dir / "sentences.jsonl").exists():
        for _, obj in iter_json_lines(out_dir / "sentences.jsonl", on_error=lambda e: on_error(str(e))):
            key = (obj.get("doc_id"), obj.get("sent_id"))
            if key in wanted and isinstance(obj.get("start"), int) and isinstance(obj.get("end"), int):
                sentences[key] = (obj["start"], obj["end"])
    texts = {d.doc_id: d.text for d in documents}
    entries = [_fact_entry(f, doc_index, _quote(
        f, texts.get(f["doc_id"]), sentences.get((f["doc_id"], (f.get("evidence") or {}).get("sent_id")))))
        for f in facts]
    manifest = _manifest(out_dir)
    return {
        "run": {"key": run_key(out_dir), "dir": str(out_dir.resolve()),
                "version": manifest.get("version"), "started": manifest.get("started"),
                "generated": _utc_now()},
        "docs": docs,
        "facts": entries,
        "places": _places(facts),
    }


def embed_json(data: Any) -> str:
    """JSON safe inside a <script> element: no '<' (so no '</script>' or '<!--')."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def render_page(data: dict[str, Any]) -> str:
    template = TEMPLATE.read_text(encoding="utf-8")
    head, sep, tail = template.partition(DATA_MARK)
    if not sep:
        raise RuntimeError(f"{TEMPLATE} lacks the {DATA_MARK} placeholder")
    return head + embed_json(data) + tail


def write_page(out_dir: Path, on_error: Callable[[str], None] = lambda m: None) -> Path:
    """Write DIR/review.html atomically; returns its path."""
    import os
    import tempfile

    out_dir = Path(out_dir)
    html = render_page(page_data(out_dir, on_error))
    fd, tmp = tempfile.mkstemp(prefix=f".{PAGE}.", suffix=".tmp", dir=out_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(html)
    os.chmod(tmp, 0o644)  # mkstemp's 0600 would keep a copied page from other users
    os.replace(tmp, out_dir / PAGE)
    return out_dir / PAGE


def refresh_after_run(out_dir: Path) -> Path | None:
    """Rewrite DIR/review.html after a run, so no page shows the facts of an
    older run.  Only when a page is there (a run does not write one unasked);
    a failure is reported, not raised: the run's outputs are already written."""
    out_dir = Path(out_dir)
    if not (out_dir / PAGE).exists() or not (out_dir / "facts.jsonl").exists():
        return None
    try:
        return write_page(out_dir)
    except Exception as exc:  # the page is a convenience; the run stands
        print(f"bulletin-ie: warning: could not rewrite {out_dir / PAGE}: {exc}", file=sys.stderr)
        return None


# -- command -------------------------------------------------------------------------

def run_dir(arg: str) -> Path | None:
    """A run's output directory, or None (said on stderr) when it holds no facts.jsonl."""
    out_dir = Path(arg)
    if not (out_dir / "facts.jsonl").exists():
        print(f"bulletin-ie review: error: {out_dir / 'facts.jsonl'}: no such file "
              f"(is {out_dir} a run's output directory?)", file=sys.stderr)
        return None
    return out_dir


def main(args) -> int:
    """``bulletin-ie review DIR [--apply FILE]``: 0 done, 1 some lines reported, 2 no run there."""
    out_dir = run_dir(args.dir)
    if out_dir is None:
        return 2
    errors: list[str] = []
    if getattr(args, "apply", None):
        try:
            report = apply_file(out_dir, Path(args.apply))
        except InputError as exc:
            print(f"bulletin-ie review: error: {exc}", file=sys.stderr)
            return 1
        errors += report.errors
        print(f"{report.read} decision(s) read, {report.logged} new in {out_dir / REVIEW_LOG}; "
              f"{report.reviewed} fact(s) reviewed in {out_dir / 'facts.jsonl'}", file=sys.stderr)
        if not (out_dir / PAGE).exists():
            return _finish(errors)
    page = write_page(out_dir, on_error=errors.append)
    print(f"wrote {page}", file=sys.stderr)
    return _finish(errors)


def _finish(errors: list[str]) -> int:
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    return 1 if errors else 0
