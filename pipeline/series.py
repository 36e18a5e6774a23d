"""Series: one catalogue indicator followed by place and year across bulletins.

A series row is one value of one indicator for one place and year, with the
bulletins that report it: (indicator, locality, path, year, value, unit,
n_sources, fact_ids).  Mentions of the same value count as sources of one row
(a repost is a source, not a second figure).  When bulletins give different
values for the same indicator, place and year, the row is kept once per value
and marked ``conflict``; the facts involved carry a flag
``{"code": "conflict", "facts": [...]}`` (see ``crossdoc.flag_conflicts``), and the
series command lists them.  No value is chosen silently.

Rows do not add places up: ``--by county`` keeps the figures given for
counties, because a county's figure already includes its towns' and a sum
would count them twice.
"""
from __future__ import annotations

import csv
import io
import json
import math
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from .catalogue import Catalogue, default_catalogue, reviewed
from .crossdoc import CONFLICT, load_facts, locality_of, series_key, usable
from .io import write_text_atomic
LEVELS = ("province", "prefecture", "county", "town", "village")
SERIES_COLUMNS: list[tuple[str, str]] = [
    ("indicator", "VARCHAR"), ("locality", "VARCHAR"), ("path", "VARCHAR"), ("level", "VARCHAR"),
    ("year", "INTEGER"), ("value", "DOUBLE"), ("value_max", "DOUBLE"), ("unit", "VARCHAR"),
    ("n_sources", "INTEGER"), ("n_mentions", "INTEGER"), ("conflict", "BOOLEAN"),
    ("doc_ids", "VARCHAR"), ("fact_ids", "VARCHAR"),
]


def level_of(path: str | None) -> str | None:
    """province, prefecture, county, town or village, from the depth of a gazetteer path."""
    if not path:
        return None
    depth = path.count("/")
    return LEVELS[depth] if depth < len(LEVELS) else None


@dataclass
class Row:
    """One value of an indicator for a place and year, and where it was read."""

    indicator: str
    locality: str | None
    path: str | None
    year: int
    value: float | int | None
    value_max: float | int | None
    unit: str
    doc_ids: list[str] = field(default_factory=list)
    fact_ids: list[str] = field(default_factory=list)
    conflict: bool = False

    def as_dict(self) -> dict[str, Any]:
        return {"indicator": self.indicator, "locality": self.locality, "path": self.path,
                "level": level_of(self.path), "year": self.year, "value": self.value,
                "value_max": self.value_max, "unit": self.unit,
                "n_sources": len(set(self.doc_ids)), "n_mentions": len(self.fact_ids),
                "conflict": self.conflict, "doc_ids": ",".join(sorted(set(self.doc_ids))),
                "fact_ids": ",".join(self.fact_ids)}


def build(facts: Iterable[dict[str, Any]], catalogue: Catalogue | None = None,
          indicator: str | None = None, by: str | None = None) -> list[Row]:
    """Series rows from annotated facts (``catalogue.annotate``), sorted by indicator, place, year.

    ``indicator`` keeps one indicator; ``by`` one level of place (county ...).
    """
    catalogue = catalogue or default_catalogue()
    rows: dict[tuple, Row] = {}
    for f in facts:
        if not usable(f) or (indicator and f["indicator"] != indicator):
            continue
        ind, place, year, unit = series_key(f, catalogue)
        name, path = locality_of(f)
        name = path.rsplit("/", 1)[-1] if path else name  # one name per place (衡阳, 衡阳市)
        if by and level_of(path) != by:
            continue
        value, value_max = reviewed(f, "value"), reviewed(f, "value_max")
        key = (ind, place, year, unit, value, value_max)
        row = rows.get(key)
        if row is None:
            row = rows[key] = Row(ind, name, path, year, value, value_max, unit)
        row.doc_ids.append(f["doc_id"])
        row.fact_ids.append(f["id"])
        row.conflict = row.conflict or any(g.get("code") == CONFLICT for g in f.get("flags") or [])
    return sorted(rows.values(), key=lambda r: (r.indicator, r.path or r.locality or "", r.year,
                                                r.unit, r.value if r.value is not None else 0))


def rows_as_dicts(rows: list[Row]) -> list[dict[str, Any]]:
    return [r.as_dict() for r in rows]


def conflicts(rows: list[Row]) -> dict[tuple, list[Row]]:
    """Rows that disagree, grouped by (indicator, place, year, unit)."""
    out: dict[tuple, list[Row]] = {}
    for r in rows:
        if r.conflict:
            out.setdefault((r.indicator, r.path or r.locality, r.year, r.unit), []).append(r)
    return out


def write_csv(rows: list[Row], path: Path) -> None:
    """UTF-8 with a byte-order mark, like the export's CSV (Excel reads it right)."""
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow([c for c, _ in SERIES_COLUMNS])
    for d in rows_as_dicts(rows):
        w.writerow(["" if d[c] is None else d[c] for c, _ in SERIES_COLUMNS])
    write_text_atomic(path, buf.getvalue(), encoding="utf-8-sig")


# -- plot ---------------------------------------------------------------------------

PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2",
           "#17becf", "#7f7f7f", "#bcbd22"]


def _esc(text: Any) -> str:
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _nice_max(v: float) -> float:
    if v <= 0:
        return 1.0
    step = 10 ** math.floor(math.log10(v))
    for m in (1, 2, 2.5, 5, 10):
        if v <= m * step:
            return m * step
    return 10 * step


def plot_svg(rows: list[Row], title: str) -> str:
    """A line chart by year, one line per place, as a self-contained SVG.

    A year with conflicting values shows every value as a hollow point; the
    line goes through the value most bulletins give.
    """
    W, H, left, right, top, bottom = 760, 420, 70, 200, 40, 50
    places: dict[str, list[Row]] = {}
    for r in rows:
        places.setdefault(r.locality or r.path or "?", []).append(r)
    years = sorted({r.year for r in rows}) or [0]
    values = [r.value for r in rows if r.value is not None] or [0]
    y_max = _nice_max(max(values))
    y0, y1 = min(years), max(years)

    pad = 24  # keeps the first and last years' points off the frame

    def x(year: int) -> float:
        return left + pad + (W - left - right - 2 * pad) * ((year - y0) / (y1 - y0) if y1 > y0 else 0.5)

    def y(v: float) -> float:
        return H - bottom - (H - top - bottom) * (v / y_max)

    units = sorted({r.unit for r in rows})
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
           f'viewBox="0 0 {W} {H}" font-family="sans-serif" font-size="12">',
           f'<rect width="{W}" height="{H}" fill="white"/>',
           f'<text x="{left}" y="22" font-size="15">{_esc(title)}</text>']
    for i in range(5):
        v = y_max * i / 4
        out.append(f'<line x1="{left}" x2="{W - right}" y1="{y(v):.1f}" y2="{y(v):.1f}" '
                   f'stroke="#ddd"/><text x="{left - 6}" y="{y(v) + 4:.1f}" text-anchor="end">'
                   f'{v:g}</text>')
    for yr in range(y0, y1 + 1) if y1 - y0 <= 30 else years:
        out.append(f'<text x="{x(yr):.1f}" y="{H - bottom + 18}" text-anchor="middle">{yr}</text>')
    out.append(f'<text x="{left - 50}" y="{top - 8}">{_esc("/".join(units))}</text>')
    for n, (place, prs) in enumerate(sorted(places.items())):
        color = PALETTE[n % len(PALETTE)]
        best: dict[int, Row] = {}
        for r in prs:
            if r.value is None:
                continue
            cur = best.get(r.year)
            if cur is None or len(set(r.doc_ids)) > len(set(cur.doc_ids)):
                best[r.year] = r
        pts = [(x(yr), y(best[yr].value)) for yr in sorted(best)]
        if len(pts) > 1:
            out.append(f'<polyline fill="none" stroke="{color}" stroke-width="2" points="'
                       + " ".join(f"{a:.1f},{b:.1f}" for a, b in pts) + '"/>')
        for r in prs:
            if r.value is None:
                continue
            fill = "white" if r.conflict else color
            out.append(f'<circle cx="{x(r.year):.1f}" cy="{y(r.value):.1f}" r="4" fill="{fill}" '
                       f'stroke="{color}" stroke-width="2"><title>{_esc(place)} {r.year}: '
                       f'{r.value:g} {_esc(r.unit)} ({len(set(r.doc_ids))} source(s))</title></circle>')
        ly = top + 18 * n
        out.append(f'<rect x="{W - right + 16}" y="{ly}" width="12" height="12" fill="{color}"/>'
                   f'<text x="{W - right + 34}" y="{ly + 11}">{_esc(place)}</text>')
    if any(r.conflict for r in rows):
        ly = top + 18 * len(places) + 10
        out.append(f'<circle cx="{W - right + 22}" cy="{ly + 6}" r="4" fill="white" stroke="#333" '
                   f'stroke-width="2"/><text x="{W - right + 34}" y="{ly + 11}">conflicting values</text>')
    out.append("</svg>")
    return "\n".join(out) + "\n"


# -- reading a run -----------------------------------------------------------------

def _fmt(v: Any) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return "" if v is None else str(v)


def main(args) -> int:
    """``bulletin-ie series DIR [--indicator N] [--by LEVEL] [--csv F] [--plot F.svg]``."""
    errors: list[str] = []
    try:
        facts = load_facts(Path(args.dir), on_error=errors.append)
    except FileNotFoundError as exc:
        print(f"bulletin-ie series: error: {exc}", file=sys.stderr)
        return 2
    catalogue = default_catalogue()
    if args.indicator and args.indicator not in catalogue.by_name:
        print(f"bulletin-ie series: error: no indicator {args.indicator!r} in the catalogue; "
              f"known: {', '.join(catalogue.by_name)}", file=sys.stderr)
        return 2
    rows = build(facts, catalogue, args.indicator, args.by)
    if args.csv:
        write_csv(rows, Path(args.csv))
        print(f"wrote {len(rows)} row(s) to {args.csv}", file=sys.stderr)
    if args.plot:
        title = f"{args.indicator or 'all indicators'}" + (f" by {args.by}" if args.by else "")
        write_text_atomic(args.plot, plot_svg(rows, title))
        print(f"wrote {args.plot}", file=sys.stderr)
    if args.json:
        for d in rows_as_dicts(rows):
            print(json.dumps(d, ensure_ascii=False))
    elif not args.csv:
        print("indicator\tlocality\tyear\tvalue\tunit\tsources\tconflict\tpath")
        for r in rows:
            value = _fmt(r.value) + (f"-{_fmt(r.value_max)}" if r.value_max is not None else "")
            print(f"{r.indicator}\t{r.locality}\t{r.year}\t{value}\t{r.unit}\t"
                  f"{len(set(r.doc_ids))}\t{'CONFLICT' if r.conflict else ''}\t{r.path or ''}")
    found = conflicts(rows)
    if found:
        print(f"\n{len(found)} conflict(s): the same indicator, place and year with different "
              f"values in different bulletins:", file=sys.stderr)
        for (ind, place, year, unit), rs in found.items():
            vals = "; ".join(f"{_fmt(r.value)} {unit} in {', '.join(sorted(set(r.doc_ids)))}"
                             for r in rs)
            print(f"  {ind} {place} {year}: {vals}", file=sys.stderr)
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    return 1 if errors else 0
