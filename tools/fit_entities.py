#!/usr/bin/env python3
"""Fit the entity decision (rules/fitted/entities.json) to the gold.

Every page of the annotated sets (seeds, ../shared/dev, eval/heldout{,2,3}) is
ingested, segmented and run through every entity proposer; each proposed span
and label gets its evidence (pipeline/entities/evidence.py) and a target: 1 when
the page's gold has a required entity of that label and text, 0 when it has
none (spans that match only an optional gold item are left out, as the scorer
does).  The feature table goes to rules/fitted/entities_features.tsv, the
weights (L2 logistic regression, pipeline/fitting.py) to entities.json.

Then document-level cross-validation: each page is decided by a model fitted
without its fold, scored as ../shared/eval/score.py scores (label and text per
page; optional items neither reward nor cost), per label and per set, with the
precision of kept spans by confidence band.

Usage:
  tools/fit_entities.py [--shared ../shared] [--cache DIR] [--table] [--refit-only] [--tune] [--dry]
"""
from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.entities.decision import MODEL_FILE, choose  # noqa: E402
from pipeline.fitting import Model, bands, fit, group_folds  # noqa: E402

TABLE = ROOT / "rules" / "fitted" / "entities_features.tsv"
MODEL = ROOT / "rules" / MODEL_FILE
# Regularisation and the per-label thresholds (a span below its label's is dropped):
# chosen by document-level cross-validated F1 on all pages (--tune prints the grid
# and the choice; set them here from it).
L2 = 10.0
KEEP = {"LOC": 0.35, "ORG": 0.5, "PER": 0.35}
L2_GRID = (0.3, 1.0, 3.0, 10.0)
KEEP_GRID = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65)
MIN_COUNT = 3  # a feature seen in fewer rows is left out (no weight from a handful of spans)
FOLDS = 5


def squash(text: str) -> str:
    """As ../shared/eval/score.py compares texts."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def sets(shared: Path) -> list[tuple[str, Path, Path]]:
    return [("seeds", ROOT / "seeds", shared / "gold"),
            ("dev", shared / "dev" / "raw", shared / "dev" / "gold"),
            ("heldout", ROOT / "eval" / "heldout" / "raw", ROOT / "eval" / "heldout" / "gold"),
            ("heldout2", ROOT / "eval" / "heldout2" / "raw", ROOT / "eval" / "heldout2" / "gold"),
            ("heldout3", ROOT / "eval" / "heldout3" / "raw", ROOT / "eval" / "heldout3" / "gold")]


def read_gold(gold_dir: Path) -> dict[str, dict[str, Counter]]:
    out: dict[str, dict[str, Counter]] = defaultdict(lambda: {"req": Counter(), "opt": Counter()})
    for path in sorted(gold_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            if g.get("kind") == "entity":
                doc = Path(g["doc_id"]).stem if g["doc_id"].endswith((".txt", ".md")) else g["doc_id"]
                out[doc]["opt" if g.get("optional") else "req"][(g["label"], squash(g["text"]))] += 1
    return out


def extract_rows(shared: Path, cache: Path | None) -> list[dict]:
    """One row per proposed span: set, doc, sentence, span, label, text, target, features."""
    from pipeline.entities import EntityRecognizer
    from pipeline.entities.evidence import Evidence
    from pipeline.ingest import ingest_file
    from pipeline.records import Sentence
    from pipeline.segment import Segmenter
    from pipeline.view import view_sentences

    rec = EntityRecognizer.from_rules()
    evidence = Evidence(rec.res)
    segmenter = None
    rows = []
    for name, raw, gold_dir in sets(shared):
        gold = read_gold(gold_dir)
        for path in sorted(raw.glob("*.txt")):
            doc_id = path.stem
            cached = cache / f"{name}-{doc_id}.jsonl" if cache else None
            if cached is not None and cached.exists():
                sentences = [Sentence.from_dict(json.loads(x)) for x in cached.read_text(encoding="utf-8").splitlines()]
            else:
                segmenter = segmenter or Segmenter()
                sentences = segmenter(ingest_file(path, doc_id))
                if cached is not None:
                    cached.write_text("".join(json.dumps(s.to_dict(), ensure_ascii=False) + "\n"
                                              for s in sentences), encoding="utf-8")
            pairs = view_sentences(sentences)
            doc = rec.propose([vs for vs, _ in pairs])
            g = gold[doc_id]
            for orig, (_vs, view), (s, spans, feats) in zip(sentences, pairs, evidence.document(doc)):
                for sp, f in zip(spans, feats):
                    a, b = view.span(sp.start, sp.end) if not view.identical else (sp.start, sp.end)
                    key = (sp.label, squash(orig.text[a:b]))
                    if g["req"][key]:
                        y = 1
                    elif g["opt"][key]:
                        continue
                    else:
                        y = 0
                    rows.append({"set": name, "doc": doc_id, "sent": s.sent.sent_id, "start": sp.start,
                                 "end": sp.end, "label": sp.label, "text": key[1], "y": y, "f": f})
    return rows


def write_table(rows: list[dict]) -> None:
    lines = ["# tools/fit_entities.py: set, doc, sentence, start, end, label, text, target, features"]
    for r in rows:
        feats = ";".join(f"{k}={v:g}" for k, v in sorted(r["f"].items()))
        lines.append("\t".join([r["set"], r["doc"], str(r["sent"]), str(r["start"]), str(r["end"]),
                                r["label"], r["text"], str(r["y"]), feats]))
    TABLE.write_text("\n".join(lines) + "\n", encoding="utf-8")


def read_table(path: Path = TABLE) -> list[dict]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        cols = line.split("\t")
        feats = {}
        for item in cols[8].split(";") if cols[8] else []:
            k, _, v = item.rpartition("=")
            feats[k] = float(v)
        rows.append({"set": cols[0], "doc": cols[1], "sent": int(cols[2]), "start": int(cols[3]),
                     "end": int(cols[4]), "label": cols[5], "text": cols[6], "y": int(cols[7]), "f": feats})
    return rows


def fit_rows(rows: list[dict], l2: float | None = None) -> Model:
    """The fitted model: features seen in at least MIN_COUNT rows, L2 (default: the chosen)."""
    counts = Counter(k for r in rows for k in r["f"])
    kept = [{k: v for k, v in r["f"].items() if counts[k] >= MIN_COUNT} for r in rows]
    return fit(kept, [r["y"] for r in rows], l2=L2 if l2 is None else l2,
               meta={"fitted_by": "tools/fit_entities.py", "min_count": MIN_COUNT, "keep": KEEP})


def decide_rows(rows: list[dict], probs: list[float], keep: dict[str, float] | None = None) -> list[int]:
    """Indices of the rows kept by the decision, sentence by sentence."""
    keep = keep or KEEP
    by_sent: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(rows):
        by_sent[(r["set"], r["doc"], r["sent"])].append(i)
    kept = []
    for idx in by_sent.values():
        for k in choose([(probs[i], rows[i]["start"], rows[i]["end"]) for i in idx],
                        [keep[rows[i]["label"]] for i in idx]):
            kept.append(idx[k])
    return kept


def score(rows: list[dict], kept: list[int], gold: dict, docs: set) -> dict[str, list[int]]:
    """tp, fp, fn per label over ``docs``, as score.py counts them."""
    pred: dict[str, Counter] = defaultdict(Counter)
    for i in kept:
        r = rows[i]
        if (r["set"], r["doc"]) in docs:
            pred[(r["set"], r["doc"])][(r["label"], r["text"])] += 1
    out = {lab: [0, 0, 0] for lab in ("LOC", "ORG", "PER", "entity")}
    for key in docs:
        g = gold[key]
        for item in set(g["req"]) | set(g["opt"]) | set(pred[key]):
            n_pred, n_req = pred[key][item], g["req"][item]
            tp = min(n_pred, n_req)
            fp = max(0, n_pred - tp - g["opt"][item])
            fn = n_req - tp
            for lab in (item[0], "entity"):
                out[lab][0] += tp
                out[lab][1] += fp
                out[lab][2] += fn
    return out


def prf(tp: int, fp: int, fn: int) -> str:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return f"{p:.3f} {r:.3f} {f:.3f}"


def report(title: str, rows: list[dict], probs: list[float], gold: dict) -> None:
    kept = decide_rows(rows, probs)
    groups = {"all": {k for k in gold},
              "dev (38)": {k for k in gold if k[0] == "dev"},
              "dev d19-d38": {k for k in gold if k[0] == "dev" and k[1] >= "d19"},
              "seeds": {k for k in gold if k[0] == "seeds"},
              "heldout 1-3": {k for k in gold if k[0].startswith("heldout")}}
    print(f"\n{title}: P R F1 (LOC | ORG | PER | entity)")
    for name, docs in groups.items():
        s = score(rows, kept, gold, docs)
        print(f"  {name:12s} " + " | ".join(prf(*s[lab]) for lab in ("LOC", "ORG", "PER", "entity")))
    print("  confidence band, kept spans, share right:")
    for band, n, acc in bands([probs[i] for i in kept], [rows[i]["y"] == 1 for i in kept]):
        print(f"    {band}  {n:5d}  {'-' if acc is None else f'{acc:.3f}'}")


def cross_validate(rows: list[dict], l2: float | None = None) -> list[float]:
    """Held-out probabilities: each page scored by a model fitted without its fold."""
    groups = [f"{r['set']}/{r['doc']}" for r in rows]
    out = [0.0] * len(rows)
    for fold in group_folds(groups, FOLDS):
        model = fit_rows([r for r, g in zip(rows, groups) if g not in fold], l2)
        for i, g in enumerate(groups):
            if g in fold:
                out[i] = model.score(rows[i]["f"])
    return out


def f1(counts: list[int]) -> float:
    tp, fp, fn = counts
    return 2 * tp / (2 * tp + fp + fn) if tp else 0.0


def tune(rows: list[dict], gold: dict) -> tuple[float, dict[str, float]]:
    """L2 and the per-label thresholds with the best cross-validated F1 on all pages:
    for each L2 of the grid, each label's threshold in turn (the others at 0.5);
    the L2 whose best thresholds give the best entity F1."""
    best: tuple[float, float, dict[str, float]] | None = None
    for l2 in L2_GRID:
        probs = cross_validate(rows, l2)
        keep = {lab: 0.5 for lab in KEEP}
        for lab in KEEP:
            scores = {t: f1(score(rows, decide_rows(rows, probs, dict(keep, **{lab: t})), gold, set(gold))[lab])
                      for t in KEEP_GRID}
            print(f"  L2 {l2:g} {lab}: " + " ".join(f"{t:g}:{v:.4f}" for t, v in scores.items()))
            keep[lab] = max(KEEP_GRID, key=lambda t: (round(scores[t], 4), -abs(t - 0.5)))
        total = f1(score(rows, decide_rows(rows, probs, keep), gold, set(gold))["entity"])
        print(f"  L2 {l2:g}: thresholds {keep}, entity F1 {total:.4f}")
        if best is None or total > best[0]:
            best = (total, l2, keep)
    assert best is not None
    return best[1], best[2]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent.parent / "shared"
                    if not (ROOT.parent / "shared").exists() else ROOT.parent / "shared")
    ap.add_argument("--cache", type=Path, help="keep segmented pages here between runs")
    ap.add_argument("--refit-only", action="store_true", help="fit from the checked-in feature table")
    ap.add_argument("--no-cv", action="store_true")
    ap.add_argument("--table", action="store_true", help="fit from the checked-in feature table, then cross-validate")
    ap.add_argument("--tune", action="store_true",
                    help="choose L2 and the per-label thresholds by cross-validation (prints them)")
    ap.add_argument("--dry", action="store_true",
                    help="write neither the table nor the model (to measure a change)")
    args = ap.parse_args()
    if args.refit_only or args.table:
        rows = read_table()
    else:
        if args.cache:
            args.cache.mkdir(parents=True, exist_ok=True)
        rows = extract_rows(args.shared, args.cache)
        if args.dry:
            rows = [dict(r, f={k: float(f"{v:g}") for k, v in r["f"].items()}) for r in rows]
        else:
            write_table(rows)
            rows = read_table()  # the fit reads what the table holds (rounded as written)
    model = fit_rows(rows)
    if not args.dry:
        model.save(MODEL)
    print(f"{MODEL}: {len(model.weights)} weights from {len(rows)} spans "
          f"({sum(r['y'] for r in rows)} right)")
    if args.no_cv or args.refit_only:
        return
    gold = {}
    for name, _raw, gold_dir in sets(args.shared):
        for doc, g in read_gold(gold_dir).items():
            gold[(name, doc)] = g
    if args.tune:
        l2, keep = tune(rows, gold)
        print(f"chosen: L2 = {l2:g}, KEEP = {keep}" + ("" if (l2, keep) == (L2, KEEP) else
                                                       "  (differs from the tool's constants: set them)"))
    report("in-sample (the shipped model on its own training pages)", rows,
           [model.score(r["f"]) for r in rows], gold)
    report(f"document-level {FOLDS}-fold cross-validated", rows, cross_validate(rows), gold)


if __name__ == "__main__":
    main()
