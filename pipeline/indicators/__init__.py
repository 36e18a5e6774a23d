"""Stage 4: numeric indicators (and the dates around them) in one sentence.

An indicator is a figure with a unit that reports a measured quantity
(GUIDELINES.md, "Indicators").  The finder works in three steps, each small
enough to read on its own:

1. **Candidates** (``figures.FigureReader``): the figure grammar of
   ``pipeline.numbers`` takes every figure whole (1亿2000万, 12 345, 3/5 refused
   whole), with its qualifiers (近/约/超过 ... 以上/左右), ranges (1—2, 19至27) and
   a currency symbol before it (¥500); a longest-match lookup in
   ``rules/units.yml`` reads the unit that follows (人次 over 人).  A figure
   without a unit is never a candidate.
2. **Decision** (``_drop_reason``, ``_is_optional``): the exclusion patterns
   of ``rules/indicators.yml`` (ordinals, identifiers, phone numbers, quoted
   names, set phrases) and the dates of ``pipeline.dates`` (``find_times``) veto a
   candidate; the bare numeral 一 ("a"), bare 二 and bare 百/千/万 are not
   counts.  Norms, plans, vague and structural figures are kept but flagged
   ``optional`` (GUIDELINES: "Optional").
3. **Description** (``_describe``): the subject is read from the words before
   the figure (参选率达97.7%) or after the measure word (14个乡镇); the change
   (提升/降低, 由…到…) from the verbs around it; the span grows to the subject
   and verb next to the figure.

Word lists and patterns are data in ``rules/``; this module only compiles
them (once, in ``IndicatorFinder.from_rules``) and applies them.  It is all
regex and dictionary work: several hundred thousand characters per second.
"""
from __future__ import annotations

from .finder import IndicatorFinder, IndicatorMatch, default_finder, extract, numeral_place_names
from .grammar import GRAMMAR_FILE, UNITS_FILE, Grammar, Unit, load_grammar, load_units

__all__ = ["IndicatorFinder", "IndicatorMatch", "extract", "default_finder",
           "load_grammar", "load_units", "Grammar", "Unit", "GRAMMAR_FILE", "UNITS_FILE",
           "numeral_place_names"]
