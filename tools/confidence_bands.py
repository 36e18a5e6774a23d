#!/usr/bin/env python3
"""Precision of kept entities by confidence band, against a gold folder.

An entity is right when the gold has an entity of the same document, label and
text (matched by count, as eval/score.py does); optional gold items are left
out.  Usage: tools/confidence_bands.py OUT_DIR GOLD_DIR
"""
from __future__ import annotations

import json
import sys
from collections import Counter
from pathlib import Path

BANDS = [(0.9, 1.01, "0.9-1.0"), (0.8, 0.9, "0.8-0.9"), (0.7, 0.8, "0.7-0.8"), (0.0, 0.7, "< 0.7")]


def main() -> None:
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    out_dir, gold_dir = Path(sys.argv[1]), Path(sys.argv[2])
    gold, optional = Counter(), Counter()
    for path in gold_dir.glob("*.jsonl"):
        for line in path.read_text(encoding="utf-8").splitlines():
            g = json.loads(line)
            if g.get("kind") == "entity":
                (optional if g.get("optional") else gold)[(g["doc_id"], g["label"], g["text"])] += 1
    seen = {b[2]: [0, 0] for b in BANDS}
    for line in (out_dir / "entities.jsonl").read_text(encoding="utf-8").splitlines():
        e = json.loads(line)
        key = (e["doc_id"].split("~")[0], e["label"], e["text"])
        if optional[key] and not gold[key]:
            continue
        right = gold[key] > 0
        gold[key] -= right
        band = next(b[2] for b in BANDS if b[0] <= e["confidence"] < b[1])
        seen[band][0] += 1
        seen[band][1] += right
    print("| confidence | entities | precision |\n|---|---|---|")
    for _, _, name in BANDS:
        n, ok = seen[name]
        print(f"| {name} | {n} | {ok / n:.2f} |" if n else f"| {name} | 0 | - |")


if __name__ == "__main__":
    main()
