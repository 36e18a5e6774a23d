#!/usr/bin/env python3
"""Dev harness for the entities stage: raw seeds -> naive sentences -> extract -> score.

Splits each raw seed file into sentences on 。！？； and line breaks (offsets
into the raw file, so they line up with the gold), guesses zones (lines from
送： on are footer; an article ends at a 供稿 line), optionally tokenises with
pkuseg, runs ``pipeline.entities.extract`` per document, writes JSONL and runs
the shared scorer on it.

Usage:
  tools/dev_score_entities.py [--seeds DIR] [--gold DIR] [--out FILE]
                              [--pkuseg MODEL_DIR] [--errors N] [--repeat N]
"""
from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.entities import EntityRecognizer, extract  # noqa: E402
from pipeline.records import Sentence, Token  # noqa: E402

SHARED = ROOT.parent / "shared"  # ../shared beside the checkout
SPLIT = re.compile(r"[^。！？；\n]*[。！？；]?")


def naive_sentences(doc_id: str, text: str, segmenter=None) -> list[Sentence]:
    """Sentences with raw-file offsets; zones and article indexes guessed from the layout."""
    out: list[Sentence] = []
    article, zone_footer = 0, False
    for m in SPLIT.finditer(text):
        chunk = m.group()
        if not chunk.strip():
            continue
        start = m.start() + (len(chunk) - len(chunk.lstrip()))
        chunk = chunk.strip()
        if chunk.startswith(("送：", "送:")):
            zone_footer = True
        zone = "footer" if zone_footer else "body"
        tokens = []
        if segmenter is not None:
            pos = 0
            for tok in segmenter(chunk):
                k = chunk.find(tok.text, pos)
                if k < 0:
                    continue
                tokens.append(Token(tok.text, start + k, start + k + len(tok.text)))
                pos = k + len(tok.text)
        out.append(Sentence(doc_id=doc_id, sent_id=len(out), article=None if zone_footer else article,
                            zone=zone, start=start, end=start + len(chunk), text=chunk, tokens=tokens))
        if "供稿" in chunk:
            article += 1
    return out


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=Path, default=SHARED / "seeds")
    ap.add_argument("--gold", type=Path, default=SHARED / "gold")
    ap.add_argument("--out", type=Path, default=Path("/tmp/entities_pred.jsonl"))
    ap.add_argument("--pkuseg", help="pkuseg model dir: give sentences pkuseg tokens")
    ap.add_argument("--errors", type=int, default=40)
    ap.add_argument("--repeat", type=int, default=1, help="run extract N times for timing")
    args = ap.parse_args(argv)

    segmenter = None
    if args.pkuseg:
        from spacy.lang.zh import Chinese
        nlp = Chinese.from_config({"nlp": {"tokenizer": {"segmenter": "pkuseg"}}})
        nlp.tokenizer.initialize(pkuseg_model=args.pkuseg)
        segmenter = nlp.tokenizer

    t0 = time.perf_counter()
    recognizer = EntityRecognizer.from_rules()
    _ = recognizer.res.gaz.villages  # include the village index in the load time
    load = time.perf_counter() - t0

    docs = []
    for path in sorted(args.seeds.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        docs.append((path.stem, text, naive_sentences(path.stem, text, segmenter)))
    chars = sum(len(t) for _, t, _ in docs)
    t0 = time.perf_counter()
    for _ in range(args.repeat):
        results = [(doc_id, text, extract(sents, recognizer)) for doc_id, text, sents in docs]
    run = time.perf_counter() - t0
    with args.out.open("w", encoding="utf-8") as fh:
        for doc_id, text, ents in results:
            for e in ents:
                assert text[e.start:e.end] == e.text, (e.text, text[e.start:e.end])
                fh.write(json.dumps(e.to_dict(), ensure_ascii=False) + "\n")
    print(f"load {load:.2f}s; {chars * args.repeat / run:,.0f} chars/s over {chars * args.repeat} chars; "
          f"{sum(len(e) for *_, e in results)} entities -> {args.out}")
    subprocess.run([sys.executable, str(SHARED / "eval" / "score.py"), "--gold", str(args.gold),
                    "--pred", str(args.out), "--errors", str(args.errors)], check=False)


if __name__ == "__main__":
    main()
