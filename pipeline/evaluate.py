"""``bulletin-ie evaluate --gold DIR OUT``: measure a run against annotated bulletins.

A data team annotates a sample of its own bulletins in the record format of
the annotation guidelines (one ``<doc_id>.jsonl`` per bulletin in DIR)::

    {"doc_id": "x", "kind": "entity", "label": "LOC", "text": "湘乡市", "start": 5, "end": 8, "optional": false}
    {"doc_id": "x", "kind": "indicator", "text": "参选率达97.7%", "start": 9, "end": 18,
     "subject": "参选率", "value": 97.7, "value_max": null, "unit": "%", "qualifier": null,
     "optional": false, "fact_locality": "湘乡市", "fact_year": 2021, "fact_locality_alt": ["湘乡"]}

and this module scores a run's output directory OUT on those documents:

- entities: precision, recall and F1 per label (LOC, ORG, PER) and overall; an
  entity matches on (document, label, text without whitespace);
- indicators: P/R/F1 matching on (document, value, unit); units match as
  written or in another form of the same unit (畝 and 亩, 公斤 and 千克);
- field accuracies of the matched indicators, each gold paired with the
  prediction nearest to it: subject (lenient: one contains the other, as the
  development scorer; strict: the same words, quote marks and script aside),
  qualifier, value_max;
- ``optional`` agreement: every gold indicator, required or optional, paired
  with the prediction of the same value and unit nearest to it; the share of
  pairs whose ``optional`` mark is the gold's (a figure the gold leaves out
  altogether is not counted: it is a spurious indicator, not a wrong mark);
- facts: for every required gold indicator with ``fact_locality``, the fact of
  the same value and unit nearest to it: locality (its text, canonical name or
  the last part of its path is the gold one or an accepted alternative) and
  year;
- provenance: the share of predictions whose text is the document's
  ``text[start:end]``;
- the misses: gold items not found, predictions not in the gold, wrong facts.

``optional`` gold items are neither rewarded nor penalised.  Matching is by
count within a document (three predicted 181件 for two in the gold is one
spurious).  Only documents that have a gold file are scored.  The numbers are
the same as the development scorer's (tested on the seed gold).
"""
from __future__ import annotations

import json
import math
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterable, Iterator

LABELS = ("LOC", "ORG", "PER")
QUALIFIERS = (None, "more_than", "at_least", "about", "nearly", "at_most", "range")
DOC_SUFFIXES = (".txt", ".md", ".markdown", ".text", ".html", ".htm", ".pdf")


class GoldError(Exception):
    """A gold file that does not follow the record format (names file and line)."""


# -- keys ---------------------------------------------------------------------------

def squash(text: str | None) -> str:
    """NFKC, without whitespace: how texts and subjects are compared."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text or ""))


@lru_cache(maxsize=1)
def _unit_forms() -> dict[str, str]:
    """Other spellings of a unit in rules/units.yml -> the unit: its Traditional
    forms (個, 畝, 臺) and the guidelines' synonyms (千克 for 公斤, 千米 for
    公里), i.e. forms of the unit's own length without a multiplier; a longer
    or shorter form (周岁 for 岁) is another unit for the guidelines."""
    from .rules import load_yaml

    forms: dict[str, str] = {}
    for entry in load_yaml("units.yml").get("units", []):
        if entry.get("multiplier"):
            continue
        unit = squash(str(entry["unit"]))
        for form in map(squash, [unit, *map(str, entry.get("forms", []))]):
            if len(form) == len(unit):
                forms.setdefault(form, unit)
    return forms


def unit_key(unit: str | None) -> str:
    """A unit as compared: its canonical form (畝 -> 亩, 千克 -> 公斤), else Simplified."""
    from .view import to_simplified

    text = squash(unit)
    forms = _unit_forms()
    return forms.get(text) or forms.get(to_simplified(text)) or to_simplified(text)


def value_key(value: Any) -> float | None:
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(number) else round(number, 6)


def doc_key(doc_id: Any) -> str:
    """A document id as compared: a path or file name is reduced to its stem."""
    name = Path(str(doc_id)).name
    for suffix in DOC_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def entity_key(rec: dict) -> tuple:
    return ("entity", rec.get("label"), squash(rec.get("text")))


def indicator_key(rec: dict) -> tuple:
    return ("indicator", value_key(rec.get("value")), unit_key(rec.get("unit")))


def subject_ok(gold: str | None, pred: str | None) -> bool:
    g, p = squash(gold), squash(pred)
    return bool(g and p) and (g in p or p in g)


_QUOTE_MARKS = str.maketrans("", "", "“”\"'‘’「」『』《》")


def subject_exact(gold: str | None, pred: str | None) -> bool:
    """The strict subject check: the same words (Simplified, no spaces or quote marks)."""
    from .view import to_simplified

    g, p = (to_simplified(squash(x)).translate(_QUOTE_MARKS) for x in (gold, pred))
    return bool(g) and g == p


# -- reading ------------------------------------------------------------------------

def _jsonl(path: Path) -> Iterator[tuple[int, dict]]:
    from .io import InputError, iter_json_lines

    try:
        for n, rec in iter_json_lines(path):
            if not isinstance(rec, dict):
                raise GoldError(f"{path}:{n}: expected a JSON object")
            yield n, rec
    except InputError as exc:
        raise GoldError(str(exc)) from None


def check_gold(rec: dict, where: str) -> None:
    """Refuse a gold record that the guidelines' format does not allow."""
    kind = rec.get("kind")
    if kind not in ("entity", "indicator"):
        raise GoldError(f"{where}: kind must be 'entity' or 'indicator', got {kind!r}")
    for name in ("doc_id", "text", "start", "end"):
        if name not in rec:
            raise GoldError(f"{where}: missing {name!r}")
    if not isinstance(rec["start"], int) or not isinstance(rec["end"], int) or rec["start"] > rec["end"]:
        raise GoldError(f"{where}: start and end must be integers with start <= end")
    if kind == "entity" and rec.get("label") not in LABELS:
        raise GoldError(f"{where}: label must be one of {', '.join(LABELS)}, got {rec.get('label')!r}")
    if kind == "indicator":
        if not rec.get("unit") or (value_key(rec.get("value")) is None
                                   and not (rec.get("value") is None and rec.get("optional"))):
            raise GoldError(f"{where}: an indicator needs a unit and a numeric value "
                            "(null only for an optional vague figure such as 几年)")
        if rec.get("qualifier") not in QUALIFIERS:
            raise GoldError(f"{where}: unknown qualifier {rec.get('qualifier')!r}")


def read_gold(gold_dir: Path) -> dict[str, list[dict]]:
    """doc -> gold records, from every *.jsonl in ``gold_dir``, checked."""
    files = sorted(Path(gold_dir).glob("*.jsonl"))
    if not files:
        raise GoldError(f"{gold_dir}: no gold files (*.jsonl)")
    gold: dict[str, list[dict]] = defaultdict(list)
    for path in files:
        for n, rec in _jsonl(path):
            check_gold(rec, f"{path}:{n}")
            gold[doc_key(rec["doc_id"])].append(rec)
    return gold


def read_run(out_dir: Path, name: str, kinds: tuple[str, ...]) -> list[dict]:
    """The records of ``kinds`` in OUT/name (empty if the file is absent)."""
    path = Path(out_dir) / name
    if not path.is_file():
        return []
    return [rec for _, rec in _jsonl(path) if rec.get("kind") in kinds and "doc_id" in rec]


# -- scoring --------------------------------------------------------------------------

@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def as_dict(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn,
                "precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4)}


@dataclass
class Accuracy:
    right: int = 0
    total: int = 0

    def add(self, ok: bool) -> None:
        self.right += bool(ok)
        self.total += 1

    def rate(self) -> float | None:
        return round(self.right / self.total, 4) if self.total else None


@dataclass
class Evaluation:
    """Everything ``evaluate`` measures; ``as_dict`` is the --json output."""

    tallies: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    subject: Accuracy = field(default_factory=Accuracy)
    subject_strict: Accuracy = field(default_factory=Accuracy)
    optional: Accuracy = field(default_factory=Accuracy)
    optional_confusion: dict[str, int] = field(default_factory=lambda: {
        "both_optional": 0, "both_required": 0, "gold_optional_pred_required": 0,
        "gold_required_pred_optional": 0})
    qualifier: Accuracy = field(default_factory=Accuracy)
    value_max: Accuracy = field(default_factory=Accuracy)
    fact_locality: Accuracy = field(default_factory=Accuracy)
    fact_year: Accuracy = field(default_factory=Accuracy)
    fact_both: Accuracy = field(default_factory=Accuracy)
    fact_indicators: int = 0
    documents_scored: int = 0
    documents_with_predictions: int = 0
    provenance: Accuracy | None = None
    missed: list[dict] = field(default_factory=list)
    spurious: list[dict] = field(default_factory=list)
    wrong_fields: list[dict] = field(default_factory=list)
    wrong_facts: list[dict] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {name: self.tallies[name].as_dict()
                               for name in (*LABELS, "entity", "indicator") if name in self.tallies}
        out.update({
            "indicator_subject_accuracy": self.subject.rate(),
            "indicator_subject_strict_accuracy": self.subject_strict.rate(),
            "indicator_optional_agreement": self.optional.rate(),
            "indicator_optional_matched": self.optional.total,
            "indicator_optional_confusion": dict(self.optional_confusion),
            "indicator_qualifier_accuracy": self.qualifier.rate(),
            "indicator_value_max_accuracy": self.value_max.rate(),
            "documents_scored": self.documents_scored,
            "documents_with_predictions": self.documents_with_predictions,
        })
        if self.provenance is not None:
            out["provenance_ok"] = self.provenance.rate()
        out.update({
            "fact_indicators": self.fact_indicators, "fact_paired": self.fact_both.total,
            "fact_locality_accuracy": self.fact_locality.rate(),
            "fact_year_accuracy": self.fact_year.rate(), "fact_accuracy": self.fact_both.rate(),
            "misses": {"missed": self.missed, "spurious": self.spurious,
                       "wrong_fields": self.wrong_fields, "wrong_facts": self.wrong_facts},
        })
        return out


def nearest_pairs(gold: list[dict], preds: list[dict], pos=lambda r: r.get("start") or 0
                  ) -> Iterator[tuple[dict, dict]]:
    """Each gold item (in text order) with the unused prediction nearest to it."""
    free = sorted(preds, key=pos)
    for g in sorted(gold, key=lambda r: r.get("start") or 0):
        if not free:
            return
        best = min(free, key=lambda p: abs(pos(p) - (g.get("start") or 0)))
        free.remove(best)
        yield g, best


def _show(doc: str, rec: dict) -> dict[str, Any]:
    item = {"doc_id": doc, "text": rec.get("text"), "start": rec.get("start")}
    if rec.get("kind") == "entity":
        item["label"] = rec.get("label")
    else:
        item.update(value=rec.get("value"), unit=rec.get("unit"))
    return item


def score_mentions(gold: dict[str, list[dict]], preds: dict[str, list[dict]], ev: Evaluation) -> None:
    """Entities and indicators: P/R/F1, indicator fields, misses."""
    for doc in sorted(gold):
        groups: dict[tuple, dict[str, list[dict]]] = defaultdict(lambda: {"req": [], "opt": [], "pred": []})
        for rec in gold[doc]:
            key = entity_key(rec) if rec["kind"] == "entity" else indicator_key(rec)
            groups[key]["opt" if rec.get("optional") else "req"].append(rec)
        for rec in preds.get(doc, []):
            key = entity_key(rec) if rec["kind"] == "entity" else indicator_key(rec)
            groups[key]["pred"].append(rec)
        for key, g in groups.items():
            kind = key[0]
            found = min(len(g["pred"]), len(g["req"]))
            fp = max(0, len(g["pred"]) - found - len(g["opt"]))
            fn = len(g["req"]) - found
            tallies = [key[1], "entity"] if kind == "entity" else ["indicator"]
            for name in tallies:
                t = ev.tallies[name]
                t.tp, t.fp, t.fn = t.tp + found, t.fp + fp, t.fn + fn
            req = sorted(g["req"], key=lambda r: r.get("start") or 0)
            ev.missed.extend(_show(doc, r) for r in req[len(req) - fn:])
            extra = sorted(g["pred"], key=lambda r: r.get("start") or 0)
            ev.spurious.extend(_show(doc, r) for r in extra[len(extra) - fp:])
            if kind == "indicator":
                for gr, pr in nearest_pairs(g["req"], g["pred"]):
                    fields = {
                        "subject": subject_ok(gr.get("subject"), pr.get("subject")),
                        "qualifier": (gr.get("qualifier") or None) == (pr.get("qualifier") or None),
                        "value_max": value_key(gr.get("value_max")) == value_key(pr.get("value_max")),
                    }
                    ev.subject.add(fields["subject"])
                    ev.subject_strict.add(subject_exact(gr.get("subject"), pr.get("subject")))
                    ev.qualifier.add(fields["qualifier"])
                    ev.value_max.add(fields["value_max"])
                    for name, ok in fields.items():
                        if not ok:
                            ev.wrong_fields.append({**_show(doc, gr), "field": name,
                                                    "gold": gr.get(name), "got": pr.get(name)})
                score_optional(doc, g["req"] + g["opt"], g["pred"], ev)


def score_optional(doc: str, golds: list[dict], preds: list[dict], ev: Evaluation) -> None:
    """``optional`` of each prediction against the gold item it is paired with."""
    for gr, pr in nearest_pairs(golds, preds):
        want, got = bool(gr.get("optional")), bool(pr.get("optional"))
        ev.optional.add(want == got)
        key = ("both_optional" if want and got else "both_required" if not (want or got)
               else "gold_optional_pred_required" if want else "gold_required_pred_optional")
        ev.optional_confusion[key] += 1
        if want != got:
            ev.wrong_fields.append({**_show(doc, gr), "field": "optional", "gold": want, "got": got,
                                    "statistic": pr.get("statistic"), "cue": pr.get("statistic_cue")})


def _fact_position(rec: dict) -> int:
    evidence = rec.get("evidence") if isinstance(rec.get("evidence"), dict) else {}
    for value in (evidence.get("raw_start"), rec.get("raw_start"), evidence.get("start"), rec.get("start")):
        if isinstance(value, int):
            return value
    return 0


def fact_localities(rec: dict) -> set[str]:
    """The names a fact gives its locality: text, canonical name, last part of the path."""
    loc = rec.get("locality")
    if isinstance(loc, str):
        return {squash(loc)} - {""}
    if not isinstance(loc, dict):
        return set()
    names = {squash(loc.get(k)) for k in ("text", "canonical", "name")}
    if loc.get("path"):
        names.add(squash(str(loc["path"]).split("/")[-1]))
    return names - {""}


def fact_year(rec: dict) -> int | None:
    time = rec.get("time")
    year = time.get("year") if isinstance(time, dict) else rec.get("year")
    try:
        return None if year is None else int(year)
    except (TypeError, ValueError):
        return None


def score_facts(gold: dict[str, list[dict]], facts: dict[str, list[dict]], ev: Evaluation) -> None:
    """Locality and year of the facts, on required gold indicators that carry them."""
    for doc in sorted(gold):
        groups: dict[tuple, tuple[list[dict], list[dict]]] = defaultdict(lambda: ([], []))
        for rec in gold[doc]:
            if rec["kind"] == "indicator" and not rec.get("optional") and "fact_locality" in rec:
                groups[indicator_key(rec)][0].append(rec)
        for rec in facts.get(doc, []):
            groups[indicator_key(rec)][1].append(rec)
        for golds, preds in groups.values():
            ev.fact_indicators += len(golds)
            for g, p in nearest_pairs(golds, preds, pos=_fact_position):
                want = {squash(x) for x in [g.get("fact_locality"), *(g.get("fact_locality_alt") or [])]} - {""}
                got = fact_localities(p)
                loc_ok = (not want and not got) if g.get("fact_locality") is None else bool(want & got)
                year_ok = fact_year(p) == g.get("fact_year")
                ev.fact_locality.add(loc_ok)
                ev.fact_year.add(year_ok)
                ev.fact_both.add(loc_ok and year_ok)
                if not (loc_ok and year_ok):
                    ev.wrong_facts.append({
                        **_show(doc, g), "locality": g.get("fact_locality"),
                        "got_locality": sorted(got), "year": g.get("fact_year"), "got_year": fact_year(p)})


def provenance(preds: Iterable[dict], texts: dict[str, str]) -> Accuracy:
    """Share of predictions whose text is exactly the document's text[start:end]."""
    acc = Accuracy()
    for rec in preds:
        text, start, end = texts.get(doc_key(rec["doc_id"])), rec.get("start"), rec.get("end")
        acc.add(isinstance(start, int) and isinstance(end, int) and text is not None
                and text[start:end] == rec.get("text"))
    return acc


def _by_doc(records: Iterable[dict]) -> dict[str, list[dict]]:
    out: dict[str, list[dict]] = defaultdict(list)
    for rec in records:
        out[doc_key(rec["doc_id"])].append(rec)
    return out


def evaluate(gold_dir: Path, out_dir: Path) -> Evaluation:
    """Score the run in ``out_dir`` against the gold files in ``gold_dir``."""
    out_dir = Path(out_dir)
    if not out_dir.is_dir():
        raise GoldError(f"{out_dir}: not a directory (give a run's output directory)")
    gold = read_gold(Path(gold_dir))
    mentions = (read_run(out_dir, "entities.jsonl", ("entity",))
                + read_run(out_dir, "indicators.jsonl", ("indicator",)))
    if not mentions and not (out_dir / "entities.jsonl").is_file():
        raise GoldError(f"{out_dir}: no entities.jsonl (is it a run's output directory?)")
    preds = _by_doc(mentions)
    ev = Evaluation(documents_scored=len(gold),
                    documents_with_predictions=sum(1 for d in gold if preds.get(d)))
    score_mentions(gold, preds, ev)
    if (out_dir / "facts.jsonl").is_file():
        score_facts(gold, _by_doc(read_run(out_dir, "facts.jsonl", ("fact",))), ev)
    if (out_dir / "documents.jsonl").is_file():
        texts = {doc_key(r["doc_id"]): r.get("text", "")
                 for r in read_run(out_dir, "documents.jsonl", ("document",))}
        ev.provenance = provenance(mentions, texts)
    return ev


# -- report ---------------------------------------------------------------------------

def _item(m: dict) -> str:
    what = f"{m.get('label')} {m['text']}" if "label" in m else f"{m.get('value')} {m.get('unit')} ({m['text']})"
    return f"{m['doc_id']}:{m.get('start')} {what}"


def render(ev: Evaluation, misses: int = 20) -> str:
    """The report a person reads: the table, the accuracies, up to ``misses`` of each miss."""
    d = ev.as_dict()
    lines = [f"{'':<12}{'P':>7}{'R':>7}{'F1':>7}{'found':>7}{'wrong':>7}{'missed':>7}"]
    for name in (*LABELS, "entity", "indicator"):
        if name in d:
            r = d[name]
            lines.append(f"{name:<12}{r['precision']:>7.3f}{r['recall']:>7.3f}{r['f1']:>7.3f}"
                         f"{r['tp']:>7}{r['fp']:>7}{r['fn']:>7}")
    fmt = lambda v: "n/a" if v is None else f"{v:.3f}"  # noqa: E731
    lines.append("")
    lines.append(f"indicator fields: subject {fmt(d['indicator_subject_accuracy'])} (strict "
                 f"{fmt(d['indicator_subject_strict_accuracy'])}), qualifier "
                 f"{fmt(d['indicator_qualifier_accuracy'])}, value_max {fmt(d['indicator_value_max_accuracy'])}"
                 f" (of {ev.subject.total} matched required)")
    conf = d["indicator_optional_confusion"]
    lines.append(f"optional: agrees with the gold on {fmt(d['indicator_optional_agreement'])} of "
                 f"{d['indicator_optional_matched']} matched figures (required and optional gold); "
                 f"gold optional but marked required {conf['gold_optional_pred_required']}, "
                 f"gold required but marked optional {conf['gold_required_pred_optional']}")
    lines.append(f"facts: locality {fmt(d['fact_locality_accuracy'])}, year {fmt(d['fact_year_accuracy'])}, "
                 f"both {fmt(d['fact_accuracy'])} (of {d['fact_paired']} paired, "
                 f"{d['fact_indicators']} in the gold)")
    if "provenance_ok" in d:
        lines.append(f"provenance: {fmt(d['provenance_ok'])} of the predictions are text[start:end]")
    lines.append(f"documents: {d['documents_scored']} in the gold, "
                 f"{d['documents_with_predictions']} with predictions")
    if misses:
        sections = [("missed", [_item(m) for m in ev.missed]),
                    ("spurious", [_item(m) for m in ev.spurious]),
                    ("wrong field", [f"{_item(m)}: {m['field']} {m['gold']!r}, got {m['got']!r}"
                                     + (f" ({m['statistic']}: {m['cue']})" if m.get("statistic") else "")
                                     for m in ev.wrong_fields]),
                    ("wrong fact", [f"{_item(m)}: locality {m['locality']}, got "
                                    f"{'/'.join(m['got_locality']) or 'none'}; year {m['year']}, got "
                                    f"{m['got_year']}" for m in ev.wrong_facts])]
        for title, items in sections:
            if items:
                lines.append("")
                lines.append(f"{title} ({len(items)}{', first ' + str(misses) if len(items) > misses else ''}):")
                lines.extend(f"  {x}" for x in items[:misses])
    return "\n".join(lines)


def main(args) -> int:
    """``bulletin-ie evaluate``: 0 scored, 2 unreadable gold or output directory."""
    try:
        ev = evaluate(Path(args.gold), Path(args.out))
    except (GoldError, OSError) as exc:
        print(f"bulletin-ie evaluate: error: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(ev.as_dict(), ensure_ascii=False))
    else:
        print(render(ev, args.misses))
    return 0
