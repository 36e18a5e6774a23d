#!/usr/bin/env python3
"""Fit the subject chooser (pipeline/indicators/choice.py) to annotated bulletins.

    python tools/fit_subject_choice.py \\
        --set seeds /work/shared/gold RUN_SEEDS --set dev /work/shared/dev/gold RUN_DEV \\
        --set heldout eval/heldout/gold RUN_H1 ... [--write]
    python tools/fit_subject_choice.py --refit      # from the checked-in feature table only

Each RUN_* is a pipeline output directory of the same bulletins (its
documents.jsonl and sentences.jsonl are read; the indicators stage is run
again here, with the hand order, to list every reading of every figure).
Each required gold indicator is paired with the figure of the same value and
unit nearest to it (by raw-file offset, so that pages whose text was
normalised pair right), and each of the figure's readings that the chooser
may pick (no hard fault) becomes a row: its features and a label.  A reading
is right when it is the gold subject (Simplified, no spaces or quote marks),
or, when no reading of the figure is, when one contains the other (the
scorer's lenient check): so the model learns to prefer the precise reading.

Printed: the share of figures whose chosen reading is right (lenient and
exact) for the hand order, the fitted model on its own training data and
document-level 5-fold cross-validation (each document's figures chosen by a
model fitted without it), per set and overall.  ``--write`` saves the model
(rules/fitted/subject_choice.json) and the feature table beside it
(subject_choice.tsv), from which ``--refit`` (and tests/test_choice.py)
refits without the annotated data.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.evaluate import indicator_key, read_gold, squash, subject_ok  # noqa: E402
from pipeline.fitting import Model, fit, group_folds  # noqa: E402
from pipeline.indicators.choice import HARD_FAULTS, MODEL_FILE  # noqa: E402
from pipeline.indicators.finder import SKIPPED_ZONES, IndicatorFinder, word_boundaries  # noqa: E402
from pipeline.indicators.statistic import DocState  # noqa: E402
from pipeline.numbers import fold_numerals  # noqa: E402
from pipeline.records import Document, Sentence  # noqa: E402
from pipeline.rules import rules_dir  # noqa: E402
from pipeline.view import to_simplified, view_sentence  # noqa: E402

TABLE_FILE = "fitted/subject_choice.tsv"
L2 = 1.0
QUOTES = str.maketrans("", "", "“”\"'‘’「」『』《》")


@dataclass
class Row:
    group: str  # set:document
    figure: str  # set:document:raw offset of the figure
    label: int  # the reading to choose
    lenient: int  # right by the scorer's lenient check
    exact: int  # the gold subject itself
    hand: int  # the hand order's choice
    features: dict[str, float]


def simple(text: str | None) -> str:
    return to_simplified(squash(text)).translate(QUOTES)


def figures(finder: IndicatorFinder, run: Path, docs_wanted: set[str]):
    """(doc, raw start, match) for every figure of the run's documents in ``docs_wanted``."""
    docs = {}
    for line in open(run / "documents.jsonl", encoding="utf-8"):
        rec = json.loads(line)
        if rec.get("kind") == "document" and rec["doc_id"] in docs_wanted:
            docs[rec["doc_id"]] = Document.from_dict(rec)
    sents: dict[str, list[Sentence]] = defaultdict(list)
    for line in open(run / "sentences.jsonl", encoding="utf-8"):
        rec = json.loads(line)
        if rec.get("kind") == "sentence" and rec["doc_id"] in docs:
            sents[rec["doc_id"]].append(Sentence.from_dict(rec))
    for doc_id, sentences in sents.items():
        doc, state = docs[doc_id], DocState()
        for sent in sentences:
            if sent.zone in SKIPPED_ZONES:
                continue
            vs, view = view_sentence(sent)
            finder.statistics.start_sentence(fold_numerals(vs.text), vs.article, state)
            matches, _ = finder._scan(vs.text, state=state, boundaries=word_boundaries(vs))
            finder.statistics.end_sentence(vs.text, state)
            for m in matches:
                a = m.start if view.identical else view.span(m.start, m.end)[0]
                yield doc_id, doc.raw_offset(sent.start + a), m


def rows_of_set(name: str, gold_dir: Path, run: Path, finder: IndicatorFinder) -> list[Row]:
    gold = read_gold(gold_dir)
    found: dict[tuple, list] = defaultdict(list)
    for doc_id, raw, m in figures(finder, run, set(gold)):
        found[(doc_id, indicator_key({"value": m.value, "unit": m.unit}))].append((raw, m))
    rows: list[Row] = []
    chooser = finder.chooser
    for doc_id, recs in sorted(gold.items()):
        for g in sorted((r for r in recs if r["kind"] == "indicator" and not r.get("optional")),
                        key=lambda r: r["start"]):
            free = found.get((doc_id, indicator_key(g)))
            if not free:
                continue
            raw, m = min(free, key=lambda x: abs(x[0] - g["start"]))
            free.remove((raw, m))
            t = _sentence_text(m)
            allowed = []
            for rank, r in enumerate(m.readings):
                faults = chooser.faults(r, t, m.reading_context, m.reading_context.unit)
                if not HARD_FAULTS.intersection(faults):
                    allowed.append((rank, r, faults))
            if not allowed:
                continue
            want = simple(g.get("subject"))
            exact = [simple(r.text) == want for _, r, _ in allowed]
            lenient = [subject_ok(want, simple(r.text)) for _, r, _ in allowed]
            hand = chooser.hand_choice([r for _, r, _ in allowed], [f for _, _, f in allowed])
            for i, (rank, r, faults) in enumerate(allowed):
                label = exact[i] if any(exact) else lenient[i]
                rows.append(Row(f"{name}:{doc_id}", f"{name}:{doc_id}:{raw}", int(label), int(lenient[i]),
                                int(exact[i]), int(r is hand),
                                chooser.features(r, rank, len(m.readings), faults, m.reading_context,
                                                 r is hand)))
    return rows


_TEXTS: dict[int, str] = {}


def _sentence_text(m) -> str:
    return _TEXTS.get(id(m), "")


def choice_accuracy(rows: list[Row], scores: list[float] | None) -> tuple[float, float, int]:
    """(lenient, exact, figures): the share of figures whose chosen reading is right."""
    best: dict[str, tuple[float, Row]] = {}
    for i, r in enumerate(rows):
        s = (1.0 if r.hand else 0.0) if scores is None else scores[i]
        if r.figure not in best or s > best[r.figure][0]:
            best[r.figure] = (s, r)
    n = len(best)
    return (sum(r.lenient for _, r in best.values()) / n if n else 0.0,
            sum(r.exact for _, r in best.values()) / n if n else 0.0, n)


def cross_validated(rows: list[Row], k: int = 5) -> list[float]:
    out = [0.0] * len(rows)
    groups = [r.group for r in rows]
    for fold in group_folds(groups, k):
        train = [r for r in rows if r.group not in fold]
        model = fit([r.features for r in train], [r.label for r in train], l2=L2)
        for i, r in enumerate(rows):
            if r.group in fold:
                out[i] = model.score(r.features)
    return out


def write_table(rows: list[Row], path: Path) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("# group\tfigure\tlabel\tlenient\texact\thand\tfeatures (name=value;...)\n")
        for r in rows:
            feats = ";".join(f"{k}={v:g}" for k, v in sorted(r.features.items()))
            fh.write(f"{r.group}\t{r.figure}\t{r.label}\t{r.lenient}\t{r.exact}\t{r.hand}\t{feats}\n")


def read_table(path: Path) -> list[Row]:
    rows = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        group, figure, label, lenient, exact, hand, feats = line.rstrip("\n").split("\t")
        features = {k: float(v) for k, v in (x.rsplit("=", 1) for x in feats.split(";") if x)}
        rows.append(Row(group, figure, int(label), int(lenient), int(exact), int(hand), features))
    return rows


def refit(rows: list[Row]) -> Model:
    return fit([r.features for r in rows], [r.label for r in rows], l2=L2,
               meta={"about": "subject chooser (pipeline/indicators/choice.py); tools/fit_subject_choice.py"})


def report(rows: list[Row]) -> dict:
    model = refit(rows)
    fitted = [model.score(r.features) for r in rows]
    cv = cross_validated(rows)
    out = {}
    for name in sorted({r.group.split(":")[0] for r in rows}) + ["all"]:
        idx = [i for i, r in enumerate(rows) if name == "all" or r.group.startswith(name + ":")]
        sub = [rows[i] for i in idx]
        out[name] = {"hand": choice_accuracy(sub, None), "fitted": choice_accuracy(sub, [fitted[i] for i in idx]),
                     "cv": choice_accuracy(sub, [cv[i] for i in idx])}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--set", nargs=3, action="append", metavar=("NAME", "GOLD_DIR", "RUN_DIR"), default=[])
    ap.add_argument("--refit", action="store_true", help="refit from the checked-in feature table")
    ap.add_argument("--write", action="store_true", help="write the model and the feature table")
    ap.add_argument("--without-hand", action="store_true",
                    help="report a model that does not see the hand order's pick (nothing is written)")
    args = ap.parse_args()
    table = rules_dir() / TABLE_FILE
    if args.refit:
        rows = read_table(table)
    else:
        finder = IndicatorFinder.from_rules()
        finder.chooser.model = None  # readings as the hand order sees them
        original = finder._describe

        def describe(c, text, t, *rest, **kw):  # remember each figure's sentence for the checks
            m = original(c, text, t, *rest, **kw)
            _TEXTS[id(m)] = t
            return m

        finder._describe = describe
        rows = [r for name, gold, run in args.set for r in rows_of_set(name, Path(gold), Path(run), finder)]
    if args.without_hand:
        args.write = False
        for r in rows:
            r.features = {k: v for k, v in r.features.items() if not k.startswith("hand")}
    for name, res in report(rows).items():
        cells = "  ".join(f"{k} {v[0]:.3f} (exact {v[1]:.3f})" for k, v in res.items())
        print(f"{name:<9} figures {res['hand'][2]:>4}  {cells}")
    if args.write:
        table.parent.mkdir(parents=True, exist_ok=True)
        if not args.refit:
            write_table(rows, table)
        refit(rows).save(rules_dir() / MODEL_FILE)
        print(f"wrote {rules_dir() / MODEL_FILE} and {table} ({len(rows)} rows)")


if __name__ == "__main__":
    main()
