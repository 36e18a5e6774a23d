#!/usr/bin/env python3
"""Build eval/heldout/gold/*.jsonl from spec.py (sequential search for offsets) and verify."""
import json, sys
from pathlib import Path
sys.path.insert(0, str(Path(__file__).parent))
from spec import SPEC
ROOT = Path(__file__).resolve().parent.parent
ok = True
for doc, sp in SPEC.items():
    raw = (ROOT / "raw" / f"{doc}.txt").read_text(encoding="utf-8")
    out = []
    cur = 0
    for e in sp["ent"]:
        label, text = e[0], e[1]; opt = len(e) > 2 and e[2]
        i = raw.find(text, cur)
        if i < 0: print("ENT NOT FOUND", doc, text); ok = False; continue
        out.append(dict(doc_id=doc, kind="entity", label=label, text=text, start=i, end=i+len(text), optional=bool(opt)))
        cur = i + len(text)
    cur = 0
    for t in sp["ind"]:
        text, subj, val, vmax, unit, qual = t[:6]
        opt = bool(t[6]) if len(t) > 6 else False
        ov = t[7] if len(t) > 7 else {}
        i = raw.find(text, cur)
        if i < 0: print("IND NOT FOUND", doc, text); ok = False; continue
        r = dict(doc_id=doc, kind="indicator", text=text, start=i, end=i+len(text), subject=subj,
                 value=val, value_max=vmax, unit=unit, qualifier=qual, optional=opt)
        if not opt or ov:
            r["fact_locality"] = ov.get("loc", sp["loc"])
            r["fact_locality_alt"] = ov.get("alt", sp["alt"] if "loc" not in ov else [])
            r["fact_year"] = ov.get("year", sp["year"])
        out.append(r)
        cur = i + len(text)
    # verify
    for r in out:
        assert raw[r["start"]:r["end"]] == r["text"], r
    ents = sorted([r for r in out if r["kind"] == "entity"], key=lambda r: r["start"])
    for a, b in zip(ents, ents[1:]):
        if b["start"] < a["end"]: print("OVERLAP", doc, a["text"], b["text"]); ok = False
    # coverage: every occurrence of an annotated string is annotated or inside an annotated entity
    spans = [(r["start"], r["end"]) for r in ents]
    for text in sorted({r["text"] for r in ents}, key=len):
        if len(text) < 2: continue
        j = raw.find(text)
        while j >= 0:
            if not any(s <= j and j + len(text) <= e for s, e in spans):
                print("UNCOVERED", doc, text, j, repr(raw[max(0,j-6):j+len(text)+6]))
            j = raw.find(text, j + 1)
    out.sort(key=lambda r: (r["start"], r["kind"]))
    with (ROOT / "gold" / f"{doc}.jsonl").open("w", encoding="utf-8") as fh:
        for r in out: fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    ne = sum(r["kind"] == "entity" for r in out); ni = len(out) - ne
    print(doc, "entities", ne, "indicators", ni, "required ind", sum(r["kind"]=="indicator" and not r["optional"] for r in out))
print("OK" if ok else "PROBLEMS")
