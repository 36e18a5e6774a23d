#!/usr/bin/env python3
"""Share of required gold facts whose predicted fact gets a catalogue indicator.

Pairs each required gold indicator with the predicted fact of the same value
and unit nearest to it (as ../shared/eval/score.py does for facts), then
counts the pairs whose fact has a catalogue name.  ``--check N`` prints N of
the named pairs, every k-th in document order, for a hand check.

    python tools/catalogue_coverage.py --score ../shared/eval/score.py \\
        --pair ../shared/gold outputs_seeds/facts.jsonl --pair ../shared/dev/gold dev/facts.jsonl
"""
from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

from pipeline.crossdoc import annotate


def load_score(path: str):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def pairs(score, gold_dir: Path, facts_file: Path) -> list[tuple[str, dict, dict | None]]:
    facts = annotate([json.loads(line) for line in open(facts_file, encoding="utf-8") if line.strip()])
    by_doc: dict[str, list[dict]] = {}
    for f in facts:
        by_doc.setdefault(score.doc_key(f["doc_id"]), []).append(f)
    out = []
    for gp in sorted(gold_dir.glob("*.jsonl")):
        gold = [r for r in score.read_jsonl(gp) if r.get("kind") == "indicator" and not r.get("optional")]
        free = list(by_doc.get(gp.stem, []))
        for g in gold:
            cands = [p for p in free if score.unit_key(p["unit"]) == score.unit_key(g["unit"])
                     and p["value"] is not None and g["value"] is not None
                     and abs(float(p["value"]) - float(g["value"])) < 1e-6]
            if not cands:
                out.append((gp.stem, g, None))
                continue
            p = min(cands, key=lambda r: abs(r["evidence"]["raw_start"] - g.get("start", 0)))
            free.remove(p)
            out.append((gp.stem, g, p))
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--score", required=True, help="path of the shared score.py")
    ap.add_argument("--pair", nargs=2, action="append", required=True, metavar=("GOLD_DIR", "FACTS"))
    ap.add_argument("--check", type=int, default=0, metavar="N")
    args = ap.parse_args()
    score = load_score(args.score)
    rows = [r for gold, facts in args.pair for r in pairs(score, Path(gold), Path(facts))]
    named = [r for r in rows if r[2] and r[2]["indicator"]]
    print(f"required gold facts {len(rows)}, paired {sum(1 for r in rows if r[2])}, "
          f"with a catalogue indicator {len(named)} = {len(named) / max(1, len(rows)):.1%}")
    if args.check:
        k = max(1, len(named) // args.check)
        for i, (doc, g, p) in enumerate(named[::k][:args.check], 1):
            print(f"{i}\t{doc}\t{g['text']}\tgold subject: {g['subject']}\t-> {p['indicator']}\t"
                  f"{p['evidence']['sentence'][:60]}")


if __name__ == "__main__":
    main()
