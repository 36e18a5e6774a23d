"""A bulletin and the same bulletin with its line breaks lost, compared (issue 24 point 7).

Shared by tests/test_oneline.py and tools/oneline_report.py (which prints the
figures docs/ingest.md quotes).  The one-line form joins every line with one
space, as a web form or a PDF's text layer gives it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import regex

# metadata that describes the file, not the bulletin
FILE_FIELDS = ("format", "script", "glosses", "warnings", "pages")


def one_line(text: str, joiner: str = " ") -> str:
    """Every line break (and the blank lines around it) as one ``joiner``."""
    return regex.sub(r"\s*\n\s*", joiner, text).strip()


def _squash(text: str) -> str:
    return regex.sub(r"\s+", "", text)


def doc_view(result) -> dict:
    """What must not depend on line breaks: metadata, articles, body sentences."""
    doc = result.document
    meta = {k: v for k, v in doc.metadata.items() if k not in FILE_FIELDS and not k.endswith("_text")}
    articles = [(a.type, _squash(a.title or ""), _squash(a.contributor or "")) for a in doc.articles]
    sentences = [_squash(s.text) for s in result.sentences if s.zone == "body"]
    return {"metadata": meta, "articles": articles, "sentences": sentences}


def fact_keys(result) -> Counter:
    """Each fact as (value, unit, locality, year)."""
    return Counter((f.value, f.unit, (f.locality or {}).get("canonical") or (f.locality or {}).get("text"),
                    (f.time or {}).get("year")) for f in result.facts)


@dataclass
class Comparison:
    """How close the one-line document is to the one with its line breaks."""

    doc_id: str
    metadata_equal: bool
    articles: tuple[int, int]          # articles alike, articles in the original
    sentences: tuple[int, int]         # body sentences found in both, in the original
    facts: tuple[int, int]             # facts alike, facts of the original
    differences: list[str] = field(default_factory=list)


def compare(doc_id: str, lined, joined) -> Comparison:
    a, b = doc_view(lined), doc_view(joined)
    diffs = []
    if a["metadata"] != b["metadata"]:
        keys = sorted(set(a["metadata"]) | set(b["metadata"]))
        diffs += [f"metadata.{k}: {a['metadata'].get(k)!r} vs {b['metadata'].get(k)!r}"
                  for k in keys if a["metadata"].get(k) != b["metadata"].get(k)]
    same_articles = sum(x == y for x, y in zip(a["articles"], b["articles"]))
    if a["articles"] != b["articles"]:
        diffs += [f"article {n}: {x} vs {y}" for n, (x, y) in enumerate(zip(a["articles"], b["articles"]))
                  if x != y]
        if len(a["articles"]) != len(b["articles"]):
            diffs.append(f"articles: {len(a['articles'])} vs {len(b['articles'])}")
    common = sum((Counter(a["sentences"]) & Counter(b["sentences"])).values())
    diffs += [f"sentence only with line breaks: {s}" for s in (Counter(a["sentences"]) - Counter(b["sentences"]))]
    diffs += [f"sentence only in one line: {s}" for s in (Counter(b["sentences"]) - Counter(a["sentences"]))]
    fa, fb = fact_keys(lined), fact_keys(joined)
    diffs += [f"fact only with line breaks: {k}" for k in (fa - fb)]
    diffs += [f"fact only in one line: {k}" for k in (fb - fa)]
    return Comparison(doc_id, a["metadata"] == b["metadata"], (same_articles, len(a["articles"])),
                      (common, len(a["sentences"])), (sum((fa & fb).values()), sum(fa.values())), diffs)
