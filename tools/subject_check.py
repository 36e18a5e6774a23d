"""Share of subjects in a pipeline output directory that pass the strict check.

    python tools/subject_check.py OUT [--facts] [--show N]

Reads OUT/indicators.jsonl (or OUT/facts.jsonl with --facts), applies
``pipeline.subjects.strict_subject_ok`` to every record's subject (a missing
subject fails), and prints the pass rate, the failures by reason and up to N
failing subjects.  Optional indicators are counted apart, since reviewers can
leave them out (facts carry no such flag: all are counted together).  The check reads the Simplified view of each subject
(pipeline.view.fold, pinyin glosses dropped), as the indicators stage does.
"""
from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.subjects import subject_problem  # noqa: E402
from pipeline.view import GLOSS, fold  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", type=Path, help="a pipeline output directory")
    ap.add_argument("--facts", action="store_true", help="check facts.jsonl instead of indicators.jsonl")
    ap.add_argument("--show", type=int, default=20, help="failing subjects to list")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    args = ap.parse_args()
    name = "facts.jsonl" if args.facts else "indicators.jsonl"
    kind = "fact" if args.facts else "indicator"
    counts = {"required": [0, 0], "optional": [0, 0]}
    reasons: Counter[str] = Counter()
    failing: list[str] = []
    with (args.out / name).open(encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec.get("kind", kind) != kind:
                continue
            group = "optional" if rec.get("optional") else "required"
            subject = rec.get("subject")
            problem = subject_problem(GLOSS.sub("", fold(subject)) if subject else subject)
            counts[group][1] += 1
            if problem is None:
                counts[group][0] += 1
            else:
                reasons[problem] += 1
                failing.append(f"{rec.get('doc_id')}: {subject!r} ({problem}) in {rec.get('text')!r}")
    total = [counts["required"][0] + counts["optional"][0], counts["required"][1] + counts["optional"][1]]
    report = {g: {"pass": p, "total": n, "rate": round(p / n, 4) if n else None}
              for g, (p, n) in {**counts, "all": total}.items()}
    report["reasons"] = dict(reasons.most_common())
    if args.json:
        print(json.dumps(report, ensure_ascii=False))
        return
    groups = ("required", "optional", "all") if counts["optional"][1] else ("all",)
    for g in groups:
        r = report[g]
        print(f"{kind}s {g:<9} {r['pass']:>5} / {r['total']:<5} pass the strict subject check"
              f" ({r['rate'] if r['rate'] is not None else '-'})")
    for reason, n in reasons.most_common():
        print(f"  {n:>4}  {reason}")
    for item in failing[:args.show]:
        print("   ", item)


if __name__ == "__main__":
    main()
