#!/usr/bin/env python3
"""How close a one-line newsletter comes to the same text with its line breaks.

Runs the whole pipeline on each file given (default: seeds/) twice, as written
and with every line break replaced by a space, and prints the comparison of
tests/oneline.py: metadata, articles (title, contributor), body sentences and
facts (value, unit, locality, year).  ``--details`` lists every difference.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.api import load_pipeline  # noqa: E402
from tests.oneline import compare, one_line  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("files", nargs="*", type=Path)
    ap.add_argument("--details", action="store_true")
    ap.add_argument("--joiner", default=" ", help="what stands for a lost line break (default: a space)")
    args = ap.parse_args(argv)
    files = args.files or sorted((ROOT / "seeds").glob("*.txt"))
    pipe = load_pipeline()
    totals = [0] * 6
    print("doc | metadata | articles | body sentences | facts")
    for path in files:
        text = path.read_text(encoding="utf-8")
        c = compare(path.stem, pipe.process_text(text, path.stem), pipe.process_text(one_line(text, args.joiner), path.stem))
        print(f"{path.stem} | {'same' if c.metadata_equal else 'differs'} | {c.articles[0]}/{c.articles[1]} | "
              f"{c.sentences[0]}/{c.sentences[1]} | {c.facts[0]}/{c.facts[1]}")
        for n, v in enumerate(c.articles + c.sentences + c.facts):
            totals[n] += v
        if args.details:
            for d in c.differences:
                print("   ", d)
    print(f"all | | {totals[0]}/{totals[1]} | {totals[2]}/{totals[3]} | {totals[4]}/{totals[5]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
