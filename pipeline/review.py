"""The reviewers' page: ``bulletin-ie review DIR [--apply FILE]``.

``bulletin-ie review DIR`` writes DIR/review.html: one self-contained file
(``review_page/``: page.html with style.css and the scripts put in, and the
run's data embedded as JSON) that
works from a USB stick on an offline machine.  Reviewers accept, reject or
correct facts there; the page keeps their decisions in the browser's
localStorage and exports them as reviews.jsonl (the form of a decision, its
anchor and the decision log are in ``review_log``).  Codes of the pipeline
(where a place or year came from, flags, kinds of figure) are shown by the
Chinese names of ``review_labels.yml``.

``bulletin-ie review DIR --apply FILE`` merges an export into the run
(``review_log.apply_file``): decisions whose fact id is gone are re-attached by
content, those that cannot be are listed, and the exit code says so.  ``run``
calls ``refresh_after_run``: logged decisions the rerun orphaned are
re-attached and an existing page is rewritten.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import tempfile
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator

import yaml

from .gazetteer import Gazetteer
from .io import InputError, iter_json_lines, read_records
from .records import Document, Entity, Indicator, TimeExpression
from .review_log import (  # noqa: F401  (the decisions' API, used by runner, export, series)
    CORRECTABLE, EMPTY_REVIEW, REVIEW_LOG, ApplyReport, DecisionError, _raw_facts, apply_correction,
    apply_decision, apply_file, corrected_path, fact_anchors, latest, load_decisions, merge_review,
    parse_decision, reattach_log)

PAGE = "review.html"
PAGE_DIR = Path(__file__).with_name("review_page")
SCRIPTS = ("store.js", "table.js", "card.js", "page.js")  # one function's body, in this order
LABELS = Path(__file__).with_name("review_labels.yml")
DATA_MARK = "__REVIEW_DATA__"


def _utc_now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


# -- labels -------------------------------------------------------------------------

@dataclass(frozen=True)
class Labels:
    """Chinese names of the pipeline's codes, read once from review_labels.yml.

    ``locality_source`` and ``time_source``: where a fact's place and year came
    from; ``flags``: each flag's name and what it checks; ``statistic``: kinds
    of figure; ``unit_kind``: kinds of unit; ``fallback``: how an unknown code
    is shown ({code} in it); ``not_a_name``: starts of page furniture that is
    no bulletin's publisher or title (a share button, a hit counter).
    """

    locality_source: dict[str, str]
    time_source: dict[str, str]
    flags: dict[str, dict[str, str]]
    statistic: dict[str, str]
    unit_kind: dict[str, str]
    fallback: str
    not_a_name: tuple[str, ...] = ()  # starts of page furniture that name no publisher or title

    @classmethod
    def load(cls, path: Path = LABELS) -> "Labels":
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError(f"{path}: expected a mapping")

        def names(key: str) -> dict[str, str]:
            table = data.get(key)
            if not isinstance(table, dict) or not all(
                    isinstance(k, str) and isinstance(v, str) and v for k, v in table.items()):
                raise ValueError(f"{path}: {key} must map codes to names")
            return table

        flags = data.get("flags")
        if not isinstance(flags, dict) or not all(
                isinstance(v, dict) and isinstance(v.get("name"), str) for v in flags.values()):
            raise ValueError(f"{path}: flags must map codes to {{name, hint}}")
        fallback = data.get("fallback")
        if not isinstance(fallback, str) or "{code}" not in fallback:
            raise ValueError(f"{path}: fallback must be a string with {{code}} in it")
        furniture = data.get("not_a_name") or []
        if not isinstance(furniture, list) or not all(isinstance(w, str) and w for w in furniture):
            raise ValueError(f"{path}: not_a_name must be a list of words")
        return cls(names("locality_source"), names("time_source"),
                   {k: {"name": v["name"], "hint": str(v.get("hint") or "")} for k, v in flags.items()},
                   names("statistic"), names("unit_kind"), fallback, tuple(furniture))

    def name(self, table: str, code: str | None) -> str | None:
        """The Chinese name of a code, or the readable fallback; None for no code."""
        if code is None:
            return None
        entry = getattr(self, table).get(code)
        if isinstance(entry, dict):
            entry = entry["name"]
        return entry or self.fallback.format(code=code)

    def as_dict(self) -> dict[str, Any]:
        return {"locality_source": self.locality_source, "time_source": self.time_source,
                "flags": self.flags, "statistic": self.statistic, "unit_kind": self.unit_kind,
                "fallback": self.fallback}


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


def doc_label(doc: Document, labels: Labels | None = None) -> dict[str, Any]:
    """How the page names a bulletin: date, publisher and title (the file id apart),
    as ingest's metadata gives them.

    The title is the metadata title (with the issue of a newsletter) unless it
    is only the site's name; else the first article's title.  Values that are
    page furniture (``Labels.not_a_name``) are left out.
    """
    furniture = (labels or Labels.load()).not_a_name

    def _meta_text(value: Any) -> str | None:
        if not isinstance(value, str):
            return None
        value = value.strip()
        if not value or not any(ch.isalnum() for ch in value) or value.startswith(furniture):
            return None
        return value

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


def _doc_entry(doc: Document, labels: Labels) -> dict[str, Any]:
    return {"id": doc.doc_id, **doc_label(doc, labels), "source": doc.source, "text": doc.text, "spans": []}


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
                     "optional": r.optional or None,
                     "statistic": r.statistic if r.statistic != "result" else None})


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


def _flags(f: dict[str, Any]) -> list[dict[str, Any]]:
    """The fact's flags, each with the other facts it compares (``with``)."""
    out, seen = [], set()
    for x in f.get("flags") or []:
        if not isinstance(x, dict) or not x.get("code"):
            continue
        others = [i for i in x.get("facts") or [] if isinstance(i, str) and i != f["id"]]
        key = (str(x["code"]), tuple(others))
        if key not in seen:
            seen.add(key)
            out.append(_compact({"code": str(x["code"]), "with": others}))
    return out


def _fact_entry(f: dict[str, Any], doc_index: dict[str, int], quote: dict[str, Any] | None,
                anchor: str | None) -> dict[str, Any]:
    ev, loc, time = f.get("evidence") or {}, f.get("locality") or {}, f.get("time") or {}
    keep = ("start", "end", "sent_id", "article_title", "contributor", "text")
    if not quote or quote["text"] != ev.get("sentence"):  # else the quote is the sentence
        keep += ("sentence",)
    return _compact({
        "id": f["id"], "anchor": anchor, "doc": doc_index.get(f["doc_id"], -1), "doc_id": f["doc_id"],
        "indicator_id": f.get("indicator_id"), "indicator": f.get("indicator"),
        "subject": f.get("subject"),
        "value": f.get("value"), "value_max": f.get("value_max"), "unit": f.get("unit"),
        "qualifier": f.get("qualifier"), "change": f.get("change"),
        "optional": f.get("optional") or None,  # statistic and its cue: the kind of figure, and why
        "statistic": f.get("statistic") if f.get("statistic") != "result" else None,
        "statistic_cue": f.get("statistic_cue"),
        "unit_kind": f.get("unit_kind"), "number_text": f.get("number_text"),
        "confidence": f.get("confidence"),
        "locality": _compact({k: loc.get(k) for k in ("text", "canonical", "path", "source")}) or None,
        "body": (f.get("body") or {}).get("canonical") or (f.get("body") or {}).get("text"),
        "time": _compact({k: time.get(k) for k in ("text", "year", "month", "day")}) or None,
        "time_source": f.get("time_source"),
        "people": [p.get("text") for p in f.get("people") or [] if isinstance(p, dict)],
        "flags": _flags(f),
        "evidence": _compact({k: ev.get(k) for k in keep}),
        "quote": quote,
        "review": f.get("review") or dict(EMPTY_REVIEW),
    })


def _places(facts: list[dict[str, Any]]) -> list[str]:
    """Gazetteer paths the page offers for a corrected place: every province,
    prefecture and county, and the towns of the counties the facts are in."""
    try:
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
    labels = Labels.load()
    documents = list(_optional(out_dir / "documents.jsonl", Document, on_error=on_error))
    docs = [_doc_entry(d, labels) for d in documents]
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
    anchors = fact_anchors(facts)
    entries = [_fact_entry(f, doc_index, _quote(
        f, texts.get(f["doc_id"]), sentences.get((f["doc_id"], (f.get("evidence") or {}).get("sent_id")))),
        anchors.get(f["id"])) for f in facts]
    manifest = _manifest(out_dir)
    return {
        "run": {"key": run_key(out_dir), "dir": str(out_dir.resolve()),
                "version": manifest.get("version"), "started": manifest.get("started"),
                "generated": _utc_now()},
        "docs": docs,
        "facts": entries,
        "places": _places(facts),
        "labels": labels.as_dict(),
    }


def embed_json(data: Any) -> str:
    """JSON safe inside a <script> element: no '<' (so no '</script>' or '<!--')."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def page_template() -> str:
    """page.html with its style and scripts in place (the data mark left to fill)."""
    read = lambda name: (PAGE_DIR / name).read_text(encoding="utf-8")  # noqa: E731
    script = "(() => {\n" + "".join(read(name) for name in SCRIPTS) + "})();\n"
    page = read("page.html")
    for mark, text in (("<!-- STYLE -->\n", read("style.css")), ("<!-- SCRIPT -->\n", script)):
        if page.count(mark) != 1:
            raise RuntimeError(f"{PAGE_DIR / 'page.html'} must hold {mark.strip()} once")
        page = page.replace(mark, text)
    return page


def render_page(data: dict[str, Any]) -> str:
    head, sep, tail = page_template().partition(DATA_MARK)
    if not sep:
        raise RuntimeError(f"{PAGE_DIR / 'page.html'} lacks the {DATA_MARK} placeholder")
    return head + embed_json(data) + tail


def write_page(out_dir: Path, on_error: Callable[[str], None] = lambda m: None) -> Path:
    """Write DIR/review.html atomically; returns its path."""
    out_dir = Path(out_dir)
    html = render_page(page_data(out_dir, on_error))
    fd, tmp = tempfile.mkstemp(prefix=f".{PAGE}.", suffix=".tmp", dir=out_dir)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(html)
    os.chmod(tmp, 0o644)  # mkstemp's 0600 would keep a copied page from other users
    os.replace(tmp, out_dir / PAGE)
    return out_dir / PAGE


def refresh_after_run(out_dir: Path) -> Path | None:
    """After a run: re-attach logged decisions whose fact id the rerun changed
    (``reattach_log``), then rewrite DIR/review.html if a page is there (a run
    does not write one unasked), so no page shows an older run's facts.
    Returns the page rewritten, or None.  A failure is reported, not raised:
    the run's outputs are already written."""
    out_dir = Path(out_dir)
    if not (out_dir / "facts.jsonl").exists():
        return None
    try:
        moved = reattach_log(out_dir)
        if moved:
            print(f"bulletin-ie: {moved} review decision(s) re-attached to facts whose id changed",
                  file=sys.stderr)
    except (InputError, OSError, ValueError) as exc:
        print(f"bulletin-ie: warning: could not re-attach review decisions: {exc}", file=sys.stderr)
    if not (out_dir / PAGE).exists():
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
    """``bulletin-ie review DIR [--apply FILE]``: 0 done; 1 some lines reported or
    decisions left out (their fact is gone and cannot be found by content); 2 no run there."""
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
        print(f"{report.read} decision(s) read, {report.reattached} re-attached by content, "
              f"{len(report.left)} left out; {report.logged} new in {out_dir / REVIEW_LOG}; "
              f"{report.reviewed} fact(s) reviewed in {out_dir / 'facts.jsonl'}", file=sys.stderr)
        for line in report.left:
            print(f"left out: {line}", file=sys.stderr)
        if report.left:
            errors.append(f"{len(report.left)} decision(s) left out (listed above); "
                          f"the other {report.read - len(report.left)} were applied")
        if not (out_dir / PAGE).exists():
            return _finish(errors)
    page = write_page(out_dir, on_error=errors.append)
    print(f"wrote {page}", file=sys.stderr)
    return _finish(errors)


def _finish(errors: list[str]) -> int:
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    return 1 if errors else 0
