#!/usr/bin/env python3
"""Fit the facts stage's choices of place and year, and its confidence, to the gold.

    tools/fit_facts.py [--shared ../shared] [--runs DIR] [--write]

Runs the pipeline over the training sets (the seeds, ../shared/dev and the
invented eval/heldout, heldout2, heldout3, each with its gold), keeps each fact's
candidate places and years with their features (pipeline/facts/choice.py),
pairs the facts with the gold indicators as ../shared/eval/score.py does, and
fits three logistic models (pipeline/fitting.py):

- rules/fitted/facts_locality.json: is this candidate unit the figure's place?
- rules/fitted/facts_year.json: is this candidate year the figure's year?
- rules/fitted/facts_confidence.json: are both winners right?  Fitted on
  document-level cross-validated scores, so that it is calibrated for pages the
  models were not fitted on.

With --write the models and their feature tables (``*.features.jsonl``, what a
test refits from) are written to rules/fitted/.  Always printed: plain and
document-level cross-validated accuracy (each document's facts chosen by models
fitted without it) per set, for dev d19-d38 apart, and the confidence table.
``--runs DIR`` keeps the pipeline's outputs there and reuses them (documents to
indicators) when the input files are unchanged.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.facts import FactExtractor, Trace  # noqa: E402
from pipeline.facts.choice import (CONFIDENCE_MODEL, LOCALITY_MODEL, YEAR_MODEL, Models,  # noqa: E402
                                   confidence_features, pick)
from pipeline.fitting import Model, bands, fit, group_folds  # noqa: E402

L2 = float(__import__("os").environ.get("FIT_L2", "3.0"))
FOLDS = 5
UNIT_FOLD = str.maketrans("個畝條項組張場噸頃戶處間種層頭萬億車輛門篇筆隻歲週際屆級臺",
                          "个亩条项组张场吨顷户处间种层头万亿车辆门篇笔只岁周际届级台")
UNIT_SYNONYMS = {"公斤": "千克", "公里": "千米"}


def squash(s) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", s or ""))


def unit_key(s) -> str:
    u = squash(s).translate(UNIT_FOLD)
    return UNIT_SYNONYMS.get(u, u)


def value_key(v):
    try:
        return round(float(v), 6)
    except (TypeError, ValueError):
        return None


def names_of(loc) -> set[str]:
    if not isinstance(loc, dict):
        return set()
    names = {squash(loc.get(k)) for k in ("text", "canonical") if loc.get(k)}
    if loc.get("path"):
        names.add(squash(loc["path"].split("/")[-1]))
    return {n for n in names if n}


@dataclass
class Case:
    """One gold figure paired with the fact made for it."""

    set_name: str
    doc: str
    trace: Trace
    want_places: set[str]  # empty: the gold says no place
    want_year: int | None

    def place_ok(self, opt) -> bool:
        got = names_of(opt.value) if opt is not None else set()
        return not got if not self.want_places else bool(self.want_places & got)

    def year_ok(self, opt) -> bool:
        return (opt.key if opt is not None else None) == self.want_year


def training_sets(shared: Path) -> list[tuple[str, Path, Path]]:
    return [("seeds", ROOT / "seeds", shared / "gold"), ("dev", shared / "dev" / "raw", shared / "dev" / "gold"),
            ("heldout", ROOT / "eval/heldout/raw", ROOT / "eval/heldout/gold"),
            ("heldout2", ROOT / "eval/heldout2/raw", ROOT / "eval/heldout2/gold"),
            ("heldout3", ROOT / "eval/heldout3/raw", ROOT / "eval/heldout3/gold")]


def gold_figures(gold_dir: Path) -> dict[str, list[dict]]:
    out = defaultdict(list)
    for path in sorted(gold_dir.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            rec = json.loads(line) if line.strip() else {}
            if rec.get("kind") == "indicator" and not rec.get("optional") and "fact_locality" in rec:
                out[Path(str(rec["doc_id"])).stem].append(rec)
    return out


def run_set(name: str, raw: Path, runs: Path | None) -> list[Trace]:
    """The traces of every fact of the set (the pipeline run once per set)."""
    from pipeline.api import load_pipeline
    from pipeline.records import Document, Entity, Indicator, Sentence, TimeExpression

    trace: list[Trace] = []
    stage = FactExtractor.from_rules(fitted=False, trace=trace)
    cached = runs / name if runs else None
    if cached and (cached / "indicators.jsonl").exists() and _fresh(cached, raw):
        docs = [Document.from_dict(json.loads(x)) for x in (cached / "documents.jsonl").open(encoding="utf-8")]
        recs = defaultdict(lambda: defaultdict(list))
        for fname, classes in (("sentences.jsonl", (Sentence,)), ("entities.jsonl", (Entity,)),
                               ("indicators.jsonl", (Indicator, TimeExpression))):
            for line in (cached / fname).open(encoding="utf-8"):
                d = json.loads(line)
                cls = next(c for c in classes if c.KIND == d["kind"])
                recs[d["doc_id"]][fname].append(cls.from_dict(d))
        for doc in docs:
            r = recs[doc.doc_id]
            stage(doc, r["sentences.jsonl"], r["entities.jsonl"], r["indicators.jsonl"])
        return trace
    pipeline = load_pipeline()
    pipeline.steps["facts"].extract = stage  # the facts step with a tracing extractor
    results = [pipeline.process_path(p) for p in sorted(raw.glob("*.txt"))]
    if cached:
        cached.mkdir(parents=True, exist_ok=True)
        for fname, key in (("documents.jsonl", "document"), ("sentences.jsonl", "sentences"),
                           ("entities.jsonl", "entities"), ("indicators.jsonl", "indicators")):
            with (cached / fname).open("w", encoding="utf-8") as fh:
                for res in results:
                    records = [res.document] if key == "document" else getattr(res, key)
                    for rec in records:
                        fh.write(json.dumps(rec.to_dict(), ensure_ascii=False) + "\n")
        (cached / "inputs.json").write_text(json.dumps(_stamp(raw)), encoding="utf-8")
    return trace


def _stamp(raw: Path) -> dict[str, float]:
    return {p.name: p.stat().st_mtime for p in sorted(raw.glob("*.txt"))}


def _fresh(cached: Path, raw: Path) -> bool:
    stamp = cached / "inputs.json"
    return stamp.exists() and json.loads(stamp.read_text(encoding="utf-8")) == _stamp(raw)


def pair(name: str, traces: list[Trace], gold: dict[str, list[dict]]) -> list[Case]:
    """Gold figures with the facts of the same value and unit nearest to them."""
    by_doc = defaultdict(list)
    for t in traces:
        by_doc[Path(t.fact.doc_id).stem].append(t)
    cases = []
    for doc, golds in sorted(gold.items()):
        groups = defaultdict(lambda: ([], []))
        for g in golds:
            groups[(value_key(g.get("value")), unit_key(g.get("unit")))][0].append(g)
        for t in by_doc.get(doc, []):
            groups[(value_key(t.fact.value), unit_key(t.fact.unit))][1].append(t)
        for gs, ts in groups.values():
            free = sorted(ts, key=lambda t: t.raw_start)
            for g in sorted(gs, key=lambda g: g.get("start", 0)):
                if not free:
                    break
                t = min(free, key=lambda t: abs(t.raw_start - g.get("start", 0)))
                free.remove(t)
                want = {squash(x) for x in [g.get("fact_locality"), *(g.get("fact_locality_alt") or [])] if x}
                cases.append(Case(name, f"{name}/{doc}", t, want if g.get("fact_locality") else set(),
                                  g.get("fact_year")))
    return cases


def rows(cases: list[Case], what: str) -> list[dict]:
    """The feature table of one choice: one row per option of each case."""
    out = []
    for i, c in enumerate(cases):
        options = c.trace.loc_options if what == "locality" else c.trace.year_options
        feats = c.trace.loc_features if what == "locality" else c.trace.year_features
        ok = c.place_ok if what == "locality" else c.year_ok
        for o, f in zip(options, feats):
            out.append({"doc": c.doc, "case": i, "label": int(ok(o)), "features": f})
    return out


def fit_rows(table: list[dict], what: str) -> Model:
    return fit([r["features"] for r in table], [r["label"] for r in table], l2=L2,
               meta={"what": what, "script": "tools/fit_facts.py"})


def choose(cases: list[Case], models: Models) -> list[tuple]:
    """(place pick, year pick) of each case under ``models``."""
    return [(pick(c.trace.loc_options, c.trace.loc_features, models.locality),
             pick(c.trace.year_options, c.trace.year_features, models.year)) for c in cases]


def cross_validated(cases: list[Case], loc_table: list[dict], year_table: list[dict]) -> list[tuple]:
    """Each case's picks by models fitted without its document's fold."""
    out: list[tuple | None] = [None] * len(cases)
    for fold in group_folds([c.doc for c in cases], FOLDS):
        models = Models(fit_rows([r for r in loc_table if r["doc"] not in fold], "locality"),
                        fit_rows([r for r in year_table if r["doc"] not in fold], "year"))
        idx = [i for i, c in enumerate(cases) if c.doc in fold]
        for i, picks in zip(idx, choose([cases[i] for i in idx], models)):
            out[i] = picks
    return out


def confidence_rows(cases: list[Case], picks: list[tuple]) -> list[dict]:
    return [{"doc": c.doc, "case": i, "label": int(c.place_ok(lp[0]) and c.year_ok(yp[0])),
             "features": confidence_features(lp, yp, len(c.trace.loc_options), len(c.trace.year_options),
                                             c.trace.page_dated)}
            for i, (c, (lp, yp)) in enumerate(zip(cases, picks))]


def cv_confidence(table: list[dict]) -> list[float]:
    out = [0.0] * len(table)
    for fold in group_folds([r["doc"] for r in table], FOLDS):
        model = fit_rows([r for r in table if r["doc"] not in fold], "confidence")
        for i, r in enumerate(table):
            if r["doc"] in fold:
                out[i] = model.score(r["features"])
    return out


def report(label: str, cases: list[Case], picks: list[tuple]) -> str:
    n = len(cases)
    if not n:
        return f"{label:<22} (no facts)"
    loc = sum(c.place_ok(lp[0]) for c, (lp, _) in zip(cases, picks))
    year = sum(c.year_ok(yp[0]) for c, (_, yp) in zip(cases, picks))
    both = sum(c.place_ok(lp[0]) and c.year_ok(yp[0]) for c, (lp, yp) in zip(cases, picks))
    return f"{label:<22} {n:>5} {loc / n:>9.3f} {year / n:>7.3f} {both / n:>7.3f}"


def subsets(cases: list[Case]) -> list[tuple[str, list[int]]]:
    late = {f"dev/d{i:02d}" for i in range(19, 39)}
    out = [(name, [i for i, c in enumerate(cases) if c.set_name == name])
           for name in ("seeds", "dev", "heldout", "heldout2", "heldout3")]
    out.insert(2, ("dev d19-d38", [i for i, c in enumerate(cases) if c.doc in late]))
    out.append(("all", list(range(len(cases)))))
    return out


def write_table(path: Path, table: list[dict]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in table:
            fh.write(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--shared", type=Path, default=ROOT.parent.parent / "shared",
                    help="the shared material (gold of seeds and dev; default ../shared beside the project)")
    ap.add_argument("--runs", type=Path, help="keep (and reuse) the pipeline's outputs here")
    ap.add_argument("--write", action="store_true", help="write the models and feature tables to rules/fitted/")
    args = ap.parse_args()
    if not (args.shared / "dev" / "gold").is_dir():
        ap.error(f"no dev gold under {args.shared}; give --shared")
    cases: list[Case] = []
    for name, raw, gold_dir in training_sets(args.shared):
        traces = run_set(name, raw, args.runs)
        cases += pair(name, traces, gold_figures(gold_dir))
    if len(cases) < 100:
        sys.exit(f"only {len(cases)} facts paired with the gold: is the pipeline's facts step traced?")
    loc_table, year_table = rows(cases, "locality"), rows(cases, "year")
    models = Models(fit_rows(loc_table, "locality"), fit_rows(year_table, "year"))
    plain, rules_only, cv = choose(cases, models), choose(cases, Models()), cross_validated(cases, loc_table, year_table)
    conf_table = confidence_rows(cases, cv)
    models.confidence = fit_rows(conf_table, "confidence")
    cv_conf = cv_confidence(conf_table)
    print(f"{'set':<22} {'facts':>5} {'locality':>9} {'year':>7} {'both':>7}")
    for title, picks in (("rules' first candidates", rules_only), ("fitted (plain)", plain),
                         ("fitted, cross-validated by document", cv)):
        print(f"-- {title}")
        for label, idx in subsets(cases):
            print(report(label, [cases[i] for i in idx], [picks[i] for i in idx]))
    print("-- confidence (cross-validated), band / facts / right")
    for label, idx in (("dev", [i for i, c in enumerate(cases) if c.set_name == "dev"]),
                       ("all", list(range(len(cases))))):
        print(f"   {label}:")
        for band, count, acc in bands([cv_conf[i] for i in idx], [bool(conf_table[i]["label"]) for i in idx]):
            print(f"   {band:<9} {count:>5} {'' if acc is None else f'{acc:.3f}'}")
        high = [i for i in idx if cv_conf[i] >= 0.8]
        if high:
            print(f"   >= 0.8: {len(high) / len(idx):.2f} of facts, "
                  f"{sum(conf_table[i]['label'] for i in high) / len(high):.3f} right")
    if args.write:
        out = ROOT / "rules" / "fitted"
        out.mkdir(parents=True, exist_ok=True)
        for name, model, table in ((LOCALITY_MODEL, models.locality, loc_table), (YEAR_MODEL, models.year, year_table),
                                   (CONFIDENCE_MODEL, models.confidence, conf_table)):
            model.save(ROOT / "rules" / name)
            write_table(ROOT / "rules" / name.replace(".json", ".features.jsonl"), table)
        print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
