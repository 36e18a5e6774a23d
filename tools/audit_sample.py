#!/usr/bin/env python3
"""A fixed random sample of facts for a hand audit (docs/subjects.md).

    python tools/audit_sample.py OUT/facts.jsonl --docs d19-d38 --n 30 --seed 23

Prints, for each sampled fact, its value, unit, subject (with how it was
found), statistic (with its cue), place and year, and the sentence, so that
a reviewer can mark each field right or wrong.  The same seed and the same
set of documents give the same sample positions across runs (facts are
sampled by their place in document order, then matched to a later run by
document and evidence offset), so "before" and "after" audits look at the
same figures where the runs agree on them.
"""
from __future__ import annotations

import argparse
import json
import random
import re


def doc_range(spec: str) -> set[str] | None:
    """'d19-d38' -> {'d19', ..., 'd38'}; '' -> None (all documents)."""
    m = re.fullmatch(r"([a-z]*)(\d+)-\1?(\d+)", spec or "")
    if not m:
        return None
    prefix, lo, hi = m.group(1), int(m.group(2)), int(m.group(3))
    width = len(m.group(2))
    return {f"{prefix}{i:0{width}d}" for i in range(lo, hi + 1)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("facts")
    ap.add_argument("--docs", default="", help="a range of document ids, e.g. d19-d38")
    ap.add_argument("--n", type=int, default=30)
    ap.add_argument("--seed", type=int, default=23)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    keep = doc_range(args.docs)
    facts = [json.loads(line) for line in open(args.facts, encoding="utf-8") if line.strip()]
    facts = [f for f in facts if keep is None or f["doc_id"] in keep]
    facts.sort(key=lambda f: (f["doc_id"], f["evidence"].get("start", 0)))
    sample = random.Random(args.seed).sample(range(len(facts)), min(args.n, len(facts)))
    for i, k in enumerate(sorted(sample), 1):
        f = facts[k]
        loc = (f.get("locality") or {}).get("text")
        year = (f.get("time") or {}).get("year")
        row = {"n": i, "doc": f["doc_id"], "text": f["evidence"]["text"], "value": f["value"],
               "unit": f["unit"], "subject": f["subject"], "subject_source": f.get("subject_source"),
               "statistic": f.get("statistic"), "cue": f.get("statistic_cue"), "optional": f.get("optional"),
               "indicator": f.get("indicator"), "place": loc, "year": year,
               "sentence": f["evidence"]["sentence"]}
        if args.json:
            print(json.dumps(row, ensure_ascii=False))
        else:
            print(f"{i:>2} {f['doc_id']} {f['evidence']['text']!r}: {f['value']} {f['unit']} | subject "
                  f"{f['subject']!r} ({row['subject_source']}) | {row['statistic']} ({row['cue']}) "
                  f"optional={row['optional']} | {loc} {year}\n     {row['sentence'][:200]}")


if __name__ == "__main__":
    main()
