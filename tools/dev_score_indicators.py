#!/usr/bin/env python3
"""Dev loop for the indicator grammar: run the finder over the raw seed files and score.

The real pipeline normalises text (ingest) and splits sentences (segment)
before stage 4; this script imitates both cheaply so the grammar can be
measured on its own:
- full-width digits are folded, Markdown '#' and '**' dropped, spaces
  between a digit and a CJK character removed ("2022 年" -> "2022年");
- a line break inside a paragraph (the previous line is long and does not
  end a sentence) is joined, as page breaks in the bulletins cut sentences;
- sentences end at 。！？；and at the remaining line breaks.
Offsets are mapped back to the raw file, as the gold uses raw offsets.

Usage:
  tools/dev_score_indicators.py [--seeds DIR] [--gold DIR] [--out FILE]
                                [--errors N] [--no-optional] [--show]
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.indicators import IndicatorFinder  # noqa: E402
from pipeline.numbers import fold_numerals  # noqa: E402
from pipeline.records import json_number  # noqa: E402

SHARED = ROOT.parent / "shared"  # ../shared beside the checkout
SENTENCE_END = "。！？；!?;"
CLAUSE_END = SENTENCE_END + "：:」”’)）"


def _is_cjk(ch: str) -> bool:
    return "\u3400" <= ch <= "\u9fff" or ch in "%％"


def normalise(raw: str) -> tuple[str, list[int]]:
    """Cheap imitation of ingest normalisation; returns text and text->raw offsets."""
    out: list[str] = []
    where: list[int] = []
    lines = raw.split("\n")
    pos = 0
    joining = False
    for n, line in enumerate(lines):
        stripped = line.lstrip("# ")
        skip = len(line) - len(stripped)
        i = 0
        while i < len(stripped):
            if stripped.startswith("**", i):
                i += 2
                continue
            out.append(stripped[i])
            where.append(pos + skip + i)
            i += 1
        pos += len(line) + 1
        if n + 1 < len(lines):
            body = line.strip()
            if joining and not body:
                continue
            joining = False
            # join a page-broken paragraph: long line that does not end a clause
            nxt = next((l.strip() for l in lines[n + 1:] if l.strip()), "")
            if len(body) >= 28 and body[-1] not in CLAUSE_END and nxt and not nxt.startswith(("#", "(", "（")):
                joining = True
                continue
            if body or (out and out[-1] != "\n"):
                out.append("\n")
                where.append(pos - 1)
    text = fold_numerals("".join(out))
    # drop spaces between a digit and a CJK character (either order) or two digits
    keep = []
    for i, ch in enumerate(text):
        if ch == " " and 0 < i < len(text) - 1:
            a, b = text[i - 1], text[i + 1]
            if (a.isdigit() and (b.isdigit() or _is_cjk(b))) or (b.isdigit() and _is_cjk(a)):
                continue
        keep.append(i)
    return "".join(text[i] for i in keep), [where[i] for i in keep]


def sentences(text: str):
    """(start, end) of naive sentences."""
    start = 0
    for i, ch in enumerate(text):
        if ch in SENTENCE_END or ch == "\n":
            end = i + 1 if ch != "\n" else i
            if text[start:end].strip():
                yield start, end
            start = i + 1
    if text[start:].strip():
        yield start, len(text)


def run(seeds: Path, finder: IndicatorFinder, no_optional: bool):
    records, chars, elapsed = [], 0, 0.0
    for path in sorted(seeds.glob("*.txt")):
        raw = path.read_text(encoding="utf-8")
        text, where = normalise(raw)
        for s, e in sentences(text):
            sent = text[s:e]
            t0 = time.perf_counter()
            matches = finder.find(sent)
            elapsed += time.perf_counter() - t0
            chars += len(sent)
            for m in matches:
                if no_optional and m.optional:
                    continue
                rs, re_ = where[s + m.start], where[s + m.end - 1] + 1
                records.append({
                    "doc_id": path.stem, "kind": "indicator", "text": raw[rs:re_], "start": rs, "end": re_,
                    "subject": m.subject, "value": json_number(m.value), "value_max": json_number(m.value_max),
                    "unit": m.unit, "qualifier": m.qualifier, "change": m.change, "optional": m.optional,
                })
    return records, chars, elapsed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--out", type=Path, default=Path("/tmp/dev_indicators.jsonl"))
    ap.add_argument("--errors", type=int, default=40)
    ap.add_argument("--no-optional", action="store_true", help="leave out matches flagged optional")
    ap.add_argument("--show", action="store_true", help="print every prediction")
    args = ap.parse_args(argv)
    finder = IndicatorFinder.from_rules()
    run(args.seeds, finder, args.no_optional)  # warm-up, so the timing below is steady state
    records, chars, elapsed = run(args.seeds, finder, args.no_optional)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    with args.out.open("w", encoding="utf-8") as fh:
        for rec in records:
            fh.write(json.dumps(rec, ensure_ascii=False) + "\n")
    if args.show:
        for r in records:
            print(f"{r['doc_id'][:3]} {r['start']:>5} {r['text']!r:<28} v={r['value']} max={r['value_max']} "
                  f"{r['unit']} q={r['qualifier']} subj={r['subject']} ch={r['change']} opt={r['optional']}")
    print(f"{len(records)} predictions, {chars} chars in {elapsed:.3f}s "
          f"({chars / elapsed / 1000 if elapsed else 0:.0f}k chars/s in find())")
    score = Path(args.gold).parent / "eval" / "score.py"
    return subprocess.call([sys.executable, str(score), "--gold", str(args.gold), "--pred", str(args.out),
                            "--errors", str(args.errors)])


if __name__ == "__main__":
    sys.exit(main())
