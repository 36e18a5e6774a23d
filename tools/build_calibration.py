#!/usr/bin/env python3
"""Build rules/calibration.tsv: each proposal source's confidence, from how often
its kept spans were right on annotated pages.

For each run given (an output directory of ``bulletin-ie run`` and its gold
directory), every kept entity counts as right when the gold has an entity of
the same document, label and text (optional gold items are left out).  A
source's confidence is its precision shrunk toward the confidence its proposer
gives (``PRIOR_WEIGHT`` pseudo-counts), so a source seen a few times keeps
roughly its prior.  The decision reads the table (pipeline/entities/decision.py,
``calibrate``) and scales each proposal by calibrated / proposer confidence
before it weighs agreement and the tagger's evidence.

Usage (the runs without the current table, so that confidences are the proposers'):
  BULLETIN_IE_NO_CALIBRATION=1 bulletin-ie run PAGES --out OUT_DIR --force
  tools/build_calibration.py OUT_DIR:GOLD_DIR [OUT_DIR:GOLD_DIR ...]
"""
from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRIOR_WEIGHT = 10.0


def base_source(source: str) -> str:
    """The first proposer of a combined source ('per:role+tagger:lac' -> 'per:role')."""
    return source.split("+")[0].split("!")[0].split("?")[0]


def tally(out_dir: Path, gold_dir: Path, stats: dict) -> None:
    gold, optional = Counter(), Counter()
    for path in gold_dir.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            if g["kind"] == "entity":
                (optional if g.get("optional") else gold)[(g["doc_id"], g["label"], g["text"])] += 1
    for line in (out_dir / "entities.jsonl").read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        key = (e["doc_id"], e["label"], e["text"])
        if optional[key] and not gold[key]:
            continue
        right = gold[key] > 0
        if right:
            gold[key] -= 1
        # the proposer's own confidence is the prior (only plain, unweighed spans)
        s = stats[base_source(e["source"])]
        s["n"] += 1
        s["right"] += right
        if "+" not in e["source"] and "!" not in e["source"] and "?" not in e["source"]:
            s["prior"].append(e["confidence"])


def main() -> None:
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    stats: dict = defaultdict(lambda: {"n": 0, "right": 0, "prior": []})
    for arg in sys.argv[1:]:
        out_dir, _, gold_dir = arg.partition(":")
        tally(Path(out_dir), Path(gold_dir), stats)
    rows = []
    for source, s in sorted(stats.items()):
        if not s["prior"]:
            continue
        prior = sum(s["prior"]) / len(s["prior"])
        conf = (s["right"] + PRIOR_WEIGHT * prior) / (s["n"] + PRIOR_WEIGHT)
        rows.append(f"{source}\t{prior:.2f}\t{conf:.2f}\t{s['n']}\t{s['right']}")
    out = ROOT / "rules" / "calibration.tsv"
    out.write_text("# built by tools/build_calibration.py: source, proposer confidence, calibrated, "
                   "spans seen, right\n"
                   + "\n".join(rows) + "\n", encoding="utf-8")
    print(f"{out}: {len(rows)} sources")


if __name__ == "__main__":
    main()
