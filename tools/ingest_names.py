#!/usr/bin/env python3
"""The bulletins' own names (title, publisher, date) as ingest reads them.

Ingests every file given (folders are walked) and prints one row per
bulletin: title, publisher (else source, else site), date.  With ``--expect
FILE`` (a TSV: doc_id, title, publisher, date, as a reader finds them in the
text; "-" where the text has none), each cell is marked ok, MISSING (the text
has it, the metadata does not), WRONG, or EXTRA (the metadata has a value the
text does not give), and the totals are printed.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.ingest import SUPPORTED_SUFFIXES, Ingester  # noqa: E402

FIELDS = ("title", "publisher", "date")


def names(meta: dict) -> dict:
    return {"title": meta.get("title"), "publisher": meta.get("publisher") or meta.get("source"),
            "date": meta.get("date")}


def read_expect(path: Path) -> dict[str, dict]:
    out = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        doc_id, *cells = line.split("\t")
        out[doc_id] = {f: (None if c.strip() in ("-", "") else c.strip()) for f, c in zip(FIELDS, cells)}
    return out


def mark(got: str | None, want: str | None) -> str:
    if want is None:
        return "ok" if got is None else "EXTRA"
    if got is None:
        return "MISSING"
    return "ok" if got == want else "WRONG"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("inputs", nargs="+", type=Path)
    ap.add_argument("--expect", type=Path)
    args = ap.parse_args(argv)
    files = sorted(p for x in args.inputs for p in ([x] if x.is_file() else x.rglob("*"))
                   if p.suffix.lower() in SUPPORTED_SUFFIXES)
    expect = read_expect(args.expect) if args.expect else {}
    ingester = Ingester()
    counts: dict[str, int] = {}
    print("| page | title | publisher | date |" + (" text has (t/p/d) | check |" if expect else ""))
    print("|---|---|---|---|" + ("---|---|" if expect else ""))
    for path in files:
        got = names(ingester.file(path).metadata)
        row = f"| {path.stem} | {got['title'] or '—'} | {got['publisher'] or '—'} | {got['date'] or '—'} |"
        if path.stem in expect:
            want = expect[path.stem]
            marks = [mark(got[f], want[f]) for f in FIELDS]
            for m in marks:
                counts[m] = counts.get(m, 0) + 1
            has = "/".join("y" if want[f] else "n" for f in FIELDS)
            bad = [f"{f} {m}" + (f" (text: {want[f]})" if m in ("MISSING", "WRONG") else "")
                   for f, m in zip(FIELDS, marks) if m != "ok"]
            row += f" {has} | {'; '.join(bad) or 'ok'} |"
        print(row)
    if expect:
        print("\n" + ", ".join(f"{k}: {v}" for k, v in sorted(counts.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
