#!/usr/bin/env python3
"""Build raw/mNN.txt and gold/mNN.jsonl from marked-up sources in tools/src/mNN.ann.

Markup (removed from raw text, offsets computed automatically):
  ⟦L:text⟧ ⟦O:text⟧ ⟦P:text⟧      entity LOC/ORG/PER; ⟦L?:text⟧ = optional
  ⟪span¦subject¦value¦unit¦opts⟫   indicator; opts space-separated:
        q=<qualifier>  max=<value_max>  opt  loc=<fact_locality|null>
        alts=<a,b,..>  year=<int|null>
  #@ loc=.. alts=.. year=..        directive line (removed): defaults for facts
  #@ nofinalnl                     strip trailing newline of the raw file
"""
import json, re, sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TOKEN = re.compile(r"⟦(L|O|P)(\??):(.*?)⟧|⟪(.*?)⟫", re.S)
LAB = {"L": "LOC", "O": "ORG", "P": "PER"}
QUALS = {None, "more_than", "at_least", "about", "nearly", "at_most", "range"}


def parse_opts(s):
    d = {}
    for part in s.split():
        if "=" in part:
            k, v = part.split("=", 1)
            d[k] = v
        else:
            d[part] = True
    return d


def build(src: Path):
    doc_id = src.stem
    defaults = {"loc": None, "alts": "", "year": None}
    nofinal = False
    body_lines = []
    for line in src.read_text(encoding="utf-8").splitlines(keepends=True):
        if line.startswith("#@"):
            o = parse_opts(line[2:])
            if "nofinalnl" in o:
                nofinal = True
            # directives are positional: encode as an inline marker
            body_lines.append("⟪#" + json.dumps(o, ensure_ascii=False) + "⟫")
            continue
        body_lines.append(line)
    text = "".join(body_lines)
    raw, recs, pos = [], [], 0
    n = 0
    for m in TOKEN.finditer(text):
        raw.append(text[pos:m.start()]); n += len(text[pos:m.start()])
        pos = m.end()
        if m.group(1):
            span = m.group(3)
            recs.append({"doc_id": doc_id, "kind": "entity", "label": LAB[m.group(1)],
                         "text": span, "start": n, "end": n + len(span),
                         "optional": m.group(2) == "?"})
            raw.append(span); n += len(span)
            continue
        inner = m.group(4)
        if inner.startswith("#"):
            o = json.loads(inner[1:])
            for k in ("loc", "alts", "year"):
                if k in o:
                    defaults[k] = o[k]
            continue
        parts = inner.split("¦")
        assert len(parts) in (4, 5), (doc_id, inner)
        span, subject, value, unit = parts[:4]
        o = parse_opts(parts[4]) if len(parts) == 5 else {}
        val = float(value); val = int(val) if val == int(val) and "." not in value else val
        vmax = o.get("max")
        if vmax is not None:
            vmax = float(vmax); vmax = int(vmax) if vmax == int(vmax) else vmax
        q = o.get("q")
        if vmax is not None and q is None:
            q = "range"
        assert q in QUALS, (doc_id, q)
        rec = {"doc_id": doc_id, "kind": "indicator", "text": span, "start": n,
               "end": n + len(span), "subject": subject, "value": val, "value_max": vmax,
               "unit": unit, "qualifier": q, "optional": bool(o.get("opt"))}
        if not rec["optional"]:
            loc = o.get("loc", defaults["loc"])
            alts = o.get("alts", defaults["alts"])
            year = o.get("year", defaults["year"])
            rec["fact_locality"] = None if loc in (None, "null") else loc
            rec["fact_locality_alt"] = [a for a in str(alts or "").split(",") if a]
            rec["fact_year"] = None if year in (None, "null") else int(year)
        recs.append(rec)
        raw.append(span); n += len(span)
    raw.append(text[pos:])
    raw = "".join(raw)
    if nofinal:
        raw = raw.rstrip("\n")
    assert "⟦" not in raw and "⟪" not in raw and "¦" not in raw, doc_id
    # verify
    recs.sort(key=lambda r: r["start"])
    for a, b in zip(recs, recs[1:]):
        assert a["end"] <= b["start"], ("overlap", doc_id, a["text"], b["text"])
    for r in recs:
        assert raw[r["start"]:r["end"]] == r["text"], r
        assert r["text"] == r["text"].strip(), ("edge whitespace", r)
    (ROOT / "raw" / f"{doc_id}.txt").write_text(raw, encoding="utf-8")
    with (ROOT / "gold" / f"{doc_id}.jsonl").open("w", encoding="utf-8") as fh:
        for r in recs:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")
    ne = sum(r["kind"] == "entity" for r in recs)
    ni = sum(r["kind"] == "indicator" for r in recs)
    nreq = sum(r["kind"] == "indicator" and not r["optional"] for r in recs)
    print(f"{doc_id}: {len(raw)} chars, {raw.count(chr(10))} newlines, {ne} entities, {ni} indicators ({nreq} required)")


def verify():
    for g in sorted((ROOT / "gold").glob("*.jsonl")):
        raw = (ROOT / "raw" / (g.stem + ".txt")).read_text(encoding="utf-8")
        for line in g.open(encoding="utf-8"):
            r = json.loads(line)
            assert raw[r["start"]:r["end"]] == r["text"], r
    print("verified: every gold record text == raw[start:end]")


if __name__ == "__main__":
    srcs = sorted((HERE / "src").glob("*.ann")) if len(sys.argv) == 1 else [Path(a) for a in sys.argv[1:]]
    for s in srcs:
        build(s)
    verify()
