"""Facts and entities as flat tables for analysts: DuckDB, Parquet or CSV.

``bulletin-ie export DIR --to facts.duckdb`` writes one DuckDB file with the
tables ``facts`` and ``entities``; ``--to X.parquet`` or ``--to X.csv``
writes the facts to X.parquet / X.csv and the entities beside them to
X.entities.parquet / X.entities.csv, whatever X is.  duckdb is a default
dependency; CSV alone would need nothing.  Every file is written to a
temporary name and renamed.  Each column has one type in the three formats
(``FACT_COLUMNS``; ``decided_at`` is an ISO 8601 string): read a CSV export
with ``table_sql``, which declares them.

Columns: see ``FACT_COLUMNS`` and ``ENTITY_COLUMNS``.  A fact's ``value``,
``value_max``, ``unit``, ``subject`` and ``locality*`` are the reviewed ones:
a reviewer's correction is applied (``review_correction`` keeps what was
changed; facts.jsonl keeps what was extracted), and decisions in the run's
reviews.jsonl count even when facts.jsonl predates them.  Rejected facts stay
in the table with ``review_status = 'rejected'``: filter them out.
``province``/``prefecture``/``county`` are the first three levels of
``locality_path`` (湖南省/岳阳市/华容县/...), so a town's figures count for its
county.

CSV is UTF-8 *with* a byte-order mark: Excel, which most analysts of these
bulletins open CSV with, reads UTF-8 without a BOM as the local code page and
garbles Chinese; DuckDB, pandas and Python's csv (encoding 'utf-8-sig') read
it either way.  Empty cells are nulls.

The analyst's question "how many 意见建议 were collected, by county and
year?" is ``SUGGESTIONS_BY_COUNTY_YEAR``; run it on any export with
``suggestions_by_county_year(path)``, or in the DuckDB shell::

    SELECT county, year, SUM(value) AS total, COUNT(*) AS facts
    FROM 'facts.parquet'          -- or the facts table, or table_sql('facts.csv')
    WHERE subject LIKE '%建议%' AND unit IN ('条', '件') AND NOT optional
      AND review_status IS DISTINCT FROM 'rejected'
    GROUP BY county, year ORDER BY county, year;
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import duckdb

from .crossdoc import load_facts
from .errors import OutputError
from .io import read_records
from .records import Document, Entity, Sentence
from .review import apply_correction
from .series import SERIES_COLUMNS, build, rows_as_dicts

FORMATS = {".duckdb": "duckdb", ".db": "duckdb", ".parquet": "parquet", ".pq": "parquet",
           ".csv": "csv"}

# (column, DuckDB type): the order of the tables' columns.
FACT_COLUMNS: list[tuple[str, str]] = [
    ("fact_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("indicator_id", "VARCHAR"),
    ("subject", "VARCHAR"), ("value", "DOUBLE"), ("value_max", "DOUBLE"), ("unit", "VARCHAR"),
    ("qualifier", "VARCHAR"), ("change", "VARCHAR"),
    ("locality", "VARCHAR"), ("locality_canonical", "VARCHAR"), ("locality_path", "VARCHAR"),
    ("locality_source", "VARCHAR"), ("province", "VARCHAR"), ("prefecture", "VARCHAR"),
    ("county", "VARCHAR"), ("body", "VARCHAR"), ("people", "VARCHAR"),
    ("year", "INTEGER"), ("month", "INTEGER"), ("day", "INTEGER"), ("time_text", "VARCHAR"),
    ("time_source", "VARCHAR"),
    ("evidence_text", "VARCHAR"), ("sentence", "VARCHAR"), ("sent_id", "INTEGER"),
    ("article", "INTEGER"), ("article_title", "VARCHAR"), ("contributor", "VARCHAR"),
    ("source_file", "VARCHAR"), ("start", "INTEGER"), ("end", "INTEGER"),
    ("raw_start", "INTEGER"), ("raw_end", "INTEGER"),
    ("review_status", "VARCHAR"), ("review_note", "VARCHAR"), ("review_correction", "VARCHAR"),
    ("reviewer", "VARCHAR"), ("decided_at", "VARCHAR"),
    ("indicator", "VARCHAR"), ("duplicate_of", "VARCHAR"),  # across bulletins (catalogue.py)
    ("optional", "BOOLEAN"), ("unit_kind", "VARCHAR"), ("number_text", "VARCHAR"),
    ("flags", "VARCHAR"), ("confidence", "DOUBLE"),  # flags: the codes, comma-separated
]
ENTITY_COLUMNS: list[tuple[str, str]] = [
    ("entity_id", "VARCHAR"), ("doc_id", "VARCHAR"), ("sent_id", "INTEGER"), ("label", "VARCHAR"),
    ("text", "VARCHAR"), ("canonical", "VARCHAR"), ("path", "VARCHAR"), ("province", "VARCHAR"),
    ("prefecture", "VARCHAR"), ("county", "VARCHAR"), ("role", "VARCHAR"),
    ("affiliation", "VARCHAR"), ("method", "VARCHAR"), ("confidence", "DOUBLE"),
    ("start", "INTEGER"), ("end", "INTEGER"), ("raw_start", "INTEGER"), ("raw_end", "INTEGER"),
    ("sentence", "VARCHAR"), ("source_file", "VARCHAR"),
]

SUGGESTIONS_BY_COUNTY_YEAR = """
SELECT county, year, SUM(value) AS total, COUNT(*) AS facts
FROM {facts}
WHERE subject LIKE '%建议%' AND unit IN ('条', '件') AND NOT optional
  AND review_status IS DISTINCT FROM 'rejected'
GROUP BY county, year
ORDER BY county, year
"""


class ExportError(Exception):
    """Something the user must fix (format, missing duckdb, not a run directory)."""


# -- rows ----------------------------------------------------------------------------

def levels(path: str | None) -> dict[str, str | None]:
    """province, prefecture and county of an administrative path."""
    parts = path.split("/") if path else []
    return {name: parts[i] if len(parts) > i else None
            for i, name in enumerate(("province", "prefecture", "county"))}


def fact_row(fact: dict[str, Any]) -> dict[str, Any]:
    """One facts-table row: the fact flattened, with its review's correction applied
    (``apply_correction``: a corrected place keeps the path the review page chose)."""
    review = fact.get("review") or {}
    fix = (review.get("correction") or {}) if review.get("status") == "corrected" else {}
    fixed = apply_correction(fact)
    loc, time = fixed.get("locality") or {}, fixed.get("time") or {}
    ev, body = fact.get("evidence") or {}, fixed.get("body") or {}
    path = loc.get("path")
    people = "、".join(p.get("text") or "" for p in fixed.get("people") or []) or None
    return {
        "fact_id": fact["id"], "doc_id": fact["doc_id"], "indicator_id": fact.get("indicator_id"),
        "subject": fixed.get("subject"), "value": fixed.get("value"),
        "value_max": fixed.get("value_max"), "unit": fixed.get("unit"),
        "qualifier": fixed.get("qualifier"), "change": fact.get("change"),
        "locality": loc.get("text"), "locality_canonical": loc.get("canonical"), "locality_path": path,
        "locality_source": loc.get("source"), **levels(path),
        "body": body.get("canonical") or body.get("text"), "people": people,
        "year": time.get("year"), "month": time.get("month"), "day": time.get("day"),
        "time_text": time.get("text"), "time_source": fixed.get("time_source"),
        "evidence_text": ev.get("text"), "sentence": ev.get("sentence"), "sent_id": ev.get("sent_id"),
        "article": ev.get("article"), "article_title": ev.get("article_title"),
        "contributor": ev.get("contributor"), "source_file": ev.get("source"),
        "start": ev.get("start"), "end": ev.get("end"),
        "raw_start": ev.get("raw_start"), "raw_end": ev.get("raw_end"),
        "review_status": review.get("status"), "review_note": review.get("note"),
        "review_correction": json.dumps(fix, ensure_ascii=False) if fix else None,
        "reviewer": review.get("reviewer"), "decided_at": review.get("decided_at"),
        "indicator": fact.get("indicator"), "duplicate_of": fact.get("duplicate_of"),
        "optional": bool(fact.get("optional")), "unit_kind": fact.get("unit_kind"),
        "number_text": fact.get("number_text"), "confidence": fact.get("confidence"),
        "flags": ",".join(sorted({str(x.get("code")) for x in fact.get("flags") or []})) or None,
    }


def entity_row(e: Entity, doc: Document | None, sentence: str | None) -> dict[str, Any]:
    raw_start, raw_end = doc.raw_span(e.start, e.end) if doc else (None, None)
    return {
        "entity_id": e.id, "doc_id": e.doc_id, "sent_id": e.sent_id, "label": e.label,
        "text": e.text, "canonical": e.canonical, "path": e.path, **levels(e.path),
        "role": e.role, "affiliation": e.affiliation, "method": e.source,
        "confidence": e.confidence, "start": e.start, "end": e.end,
        "raw_start": raw_start, "raw_end": raw_end, "sentence": sentence,
        "source_file": doc.source if doc else None,
    }


def read_tables(out_dir: Path, on_error: Callable[[str], None] = lambda m: None
                ) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The facts, entities and series rows of a run directory (facts annotated across
    bulletins as of the catalogue now, reviewers' decisions merged)."""
    report = lambda e: on_error(str(e))  # noqa: E731
    try:
        annotated = load_facts(out_dir, on_error)
    except FileNotFoundError as exc:
        raise ExportError(str(exc)) from None
    facts = [fact_row(f) for f in annotated]
    series = rows_as_dicts(build(annotated))
    entities = []
    if (out_dir / "entities.jsonl").exists():
        docs = {d.doc_id: d for d in _maybe(out_dir / "documents.jsonl", Document, report)}
        sentences = {(s.doc_id, s.sent_id): s.text
                     for s in _maybe(out_dir / "sentences.jsonl", Sentence, report)}
        entities = [entity_row(e, docs.get(e.doc_id), sentences.get((e.doc_id, e.sent_id)))
                    for e in read_records(out_dir / "entities.jsonl", Entity, on_error=report)]
    return facts, entities, series


def _maybe(path: Path, cls, report) -> Iterator:
    if path.exists():
        yield from read_records(path, cls, on_error=report)


# -- writers --------------------------------------------------------------------------

def entities_path(target: Path) -> Path:
    """One rule, whatever the name: X.csv -> X.entities.csv (facts.parquet ->
    facts.entities.parquet)."""
    return target.with_name(f"{target.stem}.entities{target.suffix}")


@contextmanager
def _staging(target: Path) -> Iterator[Path]:
    """A scratch directory beside ``target``, so the final rename stays on one disk."""
    target.parent.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        yield scratch
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _publish(pairs: list[tuple[Path, Path]]) -> None:
    for tmp, final in pairs:
        os.chmod(tmp, 0o644)
        os.replace(tmp, final)


def write_csv(path: Path, columns: list[tuple[str, str]], rows: list[dict[str, Any]]) -> None:
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow([name for name, _ in columns])
        for row in rows:
            writer.writerow(["" if row[name] is None else row[name] for name, _ in columns])


def _sql_string(text: str | Path) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def _relation_sql(scratch: Path, name: str, columns: list[tuple[str, str]],
                  rows: list[dict[str, Any]]) -> str:
    """A SELECT over the rows, staged as JSON lines with the declared column types."""
    staged = scratch / f"{name}.jsonl"
    with open(staged, "w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    types = ", ".join(f"{_sql_string(c)}: {_sql_string(t)}" for c, t in columns)
    order = ", ".join(f'"{c}"' for c, _ in columns)
    return (f"SELECT {order} FROM read_json({_sql_string(staged)}, format='newline_delimited', "
            f"columns={{{types}}})")


def export(out_dir: Path, target: Path, on_error: Callable[[str], None] = lambda m: None
           ) -> dict[str, Path]:
    """Write the run's facts and entities to ``target``; returns table -> file written."""
    fmt = FORMATS.get(target.suffix.lower())
    if fmt is None:
        raise ExportError(f"{target}: unknown format; use a .duckdb, .parquet or .csv file name")
    facts, entities, series = read_tables(out_dir, on_error)
    tables = {"facts": (FACT_COLUMNS, facts), "entities": (ENTITY_COLUMNS, entities)}
    if fmt == "duckdb":  # across bulletins: the series table (pipeline/series.py)
        tables["series"] = (SERIES_COLUMNS, series)
    try:
        return _write(fmt, target, tables)
    except OSError as exc:
        raise OutputError.of(exc, str(target)) from None


def _write(fmt: str, target: Path, tables: dict[str, tuple[list, list]]) -> dict[str, Path]:
    with _staging(target) as scratch:
        if fmt == "duckdb":
            files = dict.fromkeys(tables, target)
            con = duckdb.connect(str(scratch / "db"))
            for name, (columns, rows) in tables.items():
                con.execute(f"CREATE TABLE {name} AS {_relation_sql(scratch, name, columns, rows)}")
            con.close()
            moves = [(scratch / "db", target)]
        else:
            files = {"facts": target, "entities": entities_path(target)}
            con = duckdb.connect() if fmt != "csv" else None
            for name, (columns, rows) in tables.items():
                if con is None:
                    write_csv(scratch / name, columns, rows)
                else:
                    con.execute(f"COPY ({_relation_sql(scratch, name, columns, rows)}) TO "
                                f"{_sql_string(scratch / name)} (FORMAT parquet, COMPRESSION zstd)")
            if con is not None:
                con.close()
            moves = [(scratch / name, files[name]) for name in tables]
        _publish(moves)
    return files


# -- querying an export ----------------------------------------------------------------

def table_sql(path: Path, table: str | None = None) -> str:
    """How DuckDB reads a table of an export: a table name, read_parquet or read_csv.

    ``table`` is facts or entities (default: entities for X.entities.*, else
    facts).  CSV is read with the declared column types, so that every column
    has the same type in all three formats (left to its sniffer, DuckDB would
    make decided_at a timestamp and an all-integer value column BIGINT).
    """
    path = Path(path)
    fmt = FORMATS.get(path.suffix.lower())
    table = table or ("entities" if path.stem.endswith(".entities") else "facts")
    if fmt == "parquet":
        return f"read_parquet({_sql_string(path)})"
    if fmt == "csv":
        columns = FACT_COLUMNS if table == "facts" else ENTITY_COLUMNS
        types = ", ".join(f"{_sql_string(c)}: {_sql_string(t)}" for c, t in columns)
        return f"read_csv({_sql_string(path)}, header=true, types={{{types}}})"
    return table


def suggestions_by_county_year(path: Path) -> list[tuple[str | None, int | None, float, int]]:
    """(county, year, total, facts) of 收集意见建议-like facts in an export (any format)."""
    fmt = FORMATS.get(Path(path).suffix.lower())
    con = duckdb.connect(str(path), read_only=True) if fmt == "duckdb" else duckdb.connect()
    try:
        return con.execute(SUGGESTIONS_BY_COUNTY_YEAR.format(facts=table_sql(Path(path)))).fetchall()
    finally:
        con.close()


# -- command ------------------------------------------------------------------------------

def main(args) -> int:
    """``bulletin-ie export DIR --to FILE``: 0 done, 1 some input lines skipped, 2 cannot export."""
    errors: list[str] = []
    try:
        files = export(Path(args.dir), Path(args.to), on_error=errors.append)
    except ExportError as exc:
        print(f"bulletin-ie export: error: {exc}", file=sys.stderr)
        return 2
    where = " and ".join(f"{name} to {path}" for name, path in files.items()) \
        if files["facts"] != files["entities"] else f"facts and entities to {files['facts']}"
    print(f"wrote {where}", file=sys.stderr)
    for message in errors:
        print(f"error: {message}", file=sys.stderr)
    return 1 if errors else 0
