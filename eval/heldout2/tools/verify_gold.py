#!/usr/bin/env python3
"""Verify heldout2 gold: text == raw[start:end], no overlaps, field sanity;
then list uncovered numbers and likely names for a manual completeness pass."""
import json, re, sys
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
QUALS = {None, "more_than", "at_least", "about", "nearly", "at_most", "range"}
bad = 0
for g in sorted((ROOT / "gold").glob("*.jsonl")):
    raw = (ROOT / "raw" / (g.stem + ".txt")).read_text(encoding="utf-8")
    recs = [json.loads(l) for l in g.open(encoding="utf-8")]
    spans = []
    for r in recs:
        if raw[r["start"]:r["end"]] != r["text"]:
            print("MISMATCH", g.stem, r); bad += 1
        if r["kind"] == "indicator":
            if r["qualifier"] not in QUALS: print("QUAL", r); bad += 1
            if not r["optional"] and not all(k in r for k in ("fact_locality", "fact_locality_alt", "fact_year")):
                print("NOFACT", r); bad += 1
            if (r["qualifier"] == "range") != (r["value_max"] is not None): print("RANGE", r); bad += 1
        spans.append((r["start"], r["end"], r["text"]))
    spans.sort()
    for a, b in zip(spans, spans[1:]):
        if b[0] < a[1]: print("OVERLAP", g.stem, a, b); bad += 1
    if "--cov" in sys.argv:
        cov = [0] * len(raw)
        for s, e, _ in spans:
            for i in range(s, e): cov[i] = 1
        for m in re.finditer(r"[0-9０-９.．]+|[一二两三四五六七八九十百千万]+", raw):
            if not any(cov[m.start():m.end()]):
                print(g.stem, "NUM?", repr(raw[max(0, m.start()-8):m.end()+6]))
        for m in re.finditer(r"[\u4e00-\u9fff]{1,8}?(?:省|市|州|县|縣|区|镇|鎮|乡|鄉|村|街道|河|江|路|人大常委会|人大常委會|主席团|主席團|委|政府|局|公司|合作社|中心|报|网)", raw):
            if not any(cov[m.start():m.end()]):
                print(g.stem, "NAME?", m.group())
print("errors:", bad)
sys.exit(1 if bad else 0)
