"""Exports to DuckDB, Parquet and CSV, read back with DuckDB and the csv module."""
from __future__ import annotations

import csv
import json
from pathlib import Path

import duckdb  # a default dependency
import pytest

from pipeline.cli import main as cli
from pipeline.export import (ENTITY_COLUMNS, FACT_COLUMNS, entities_path, fact_row,
                             suggestions_by_county_year, table_sql)
from tests.fixture_run import ENTITIES, FACTS, build_run, fact_id

EXPECTED = [("华容县", 2022, 86 + 23, 2), ("湘乡市", 2021, 150, 1)]


@pytest.fixture
def run(tmp_path) -> Path:
    return build_run(tmp_path / "run")


def count(path: Path, table: str) -> int:
    if path.suffix == ".duckdb":
        with duckdb.connect(str(path), read_only=True) as con:
            return con.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
    return duckdb.sql(f"SELECT COUNT(*) FROM {table_sql(path)}").fetchone()[0]


def as_tuples(rows) -> list[tuple]:
    return [(county, year, int(total), n) for county, year, total, n in rows]


@pytest.mark.parametrize("name", ["facts.duckdb", "facts.parquet", "facts.csv"])
def test_export_loads_back_with_counts_and_totals(run, tmp_path, name):
    target = tmp_path / "out" / name
    assert cli(["export", str(run), "--to", str(target)]) == 0
    entities = target if name.endswith(".duckdb") else entities_path(target)
    assert count(target, "facts") == len(FACTS)
    assert count(entities, "entities") == len(ENTITIES)
    assert as_tuples(suggestions_by_county_year(target)) == EXPECTED
    assert sorted(p.name for p in target.parent.iterdir()) == sorted({target.name, entities.name})


def test_duckdb_tables_have_the_documented_columns(run, tmp_path):
    target = tmp_path / "facts.duckdb"
    assert cli(["export", str(run), "--to", str(target)]) == 0
    with duckdb.connect(str(target), read_only=True) as con:
        for table, columns in (("facts", FACT_COLUMNS), ("entities", ENTITY_COLUMNS)):
            described = con.execute(f"DESCRIBE {table}").fetchall()
            assert [(r[0], r[1]) for r in described] == columns
        town = con.execute("SELECT locality, county, prefecture, source_file, raw_start, raw_end, "
                           "sentence FROM facts WHERE fact_id = ?", [fact_id("town_suggestions")]).fetchone()
    assert town[:4] == ("三封寺镇", "华容县", "岳阳市", "seeds/001_huarong.txt")
    assert town[4] < town[5] and "三封寺镇人大主席团" in town[6]


def test_reviews_count_in_the_export(run, tmp_path):
    """A rejected fact is filtered by the query; a corrected value and locality are used."""
    (run / "reviews.jsonl").write_text("".join(json.dumps(d, ensure_ascii=False) + "\n" for d in [
        {"kind": "review", "fact_id": fact_id("town_suggestions"), "status": "rejected",
         "note": "重复统计", "correction": None, "decided_at": "2024-05-01T10:00:00Z"},
        {"kind": "review", "fact_id": fact_id("xx_suggestions"), "status": "corrected",
         "note": None, "correction": {"value": 151}, "decided_at": "2024-05-01T10:00:00Z"},
        {"kind": "review", "fact_id": fact_id("reception"), "status": "corrected", "note": None,
         "correction": {"locality": "湘乡市"}, "decided_at": "2024-05-01T10:00:00Z"},
    ]), encoding="utf-8")
    target = tmp_path / "facts.parquet"
    assert cli(["export", str(run), "--to", str(target)]) == 0
    assert as_tuples(suggestions_by_county_year(target)) == [("华容县", 2022, 86, 1), ("湘乡市", 2021, 151, 1)]
    row = duckdb.sql(f"SELECT review_status, review_correction, locality, locality_path, county "
                     f"FROM {table_sql(target)} WHERE fact_id = '{fact_id('reception')}'").fetchone()
    assert row == ("corrected", '{"locality": "湘乡市"}', "湘乡市", "湖南省/湘潭市/湘乡市", "湘乡市")


def test_csv_has_a_bom_for_excel_and_reads_with_the_csv_module(run, tmp_path):
    target = tmp_path / "facts.csv"
    assert cli(["export", str(run), "--to", str(target)]) == 0
    assert target.read_bytes().startswith(b"\xef\xbb\xbf")
    with open(target, encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == [name for name, _ in FACT_COLUMNS]
    assert {r["subject"] for r in rows} >= {"收集意见建议", "办结率"}
    assert (tmp_path / "facts.entities.csv").exists()


def test_entities_path_naming_is_one_rule_whatever_the_name():
    assert entities_path(Path("out/facts.parquet")) == Path("out/facts.entities.parquet")
    assert entities_path(Path("facts.csv")) == Path("facts.entities.csv")
    assert entities_path(Path("run1.csv")) == Path("run1.entities.csv")


def column_types(path: Path, table: str) -> dict[str, str]:
    if path.suffix == ".duckdb":
        with duckdb.connect(str(path), read_only=True) as con:
            return {r[0]: r[1] for r in con.execute(f"DESCRIBE {table}").fetchall()}
    source = path if table == "facts" else entities_path(path)
    return {r[0]: r[1] for r in duckdb.sql(f"DESCRIBE SELECT * FROM {table_sql(source)}").fetchall()}


def test_every_column_has_one_type_in_the_three_formats(run, tmp_path):
    fix = {"kind": "review", "fact_id": fact_id("reception"), "status": "accepted", "note": None,
           "correction": None, "decided_at": "2024-05-01T10:00:00Z"}
    (run / "reviews.jsonl").write_text(json.dumps(fix) + "\n", encoding="utf-8")
    types = {}
    for name in ("x.duckdb", "x.parquet", "x.csv"):
        assert cli(["export", str(run), "--to", str(tmp_path / name)]) == 0
        types[name] = {t: column_types(tmp_path / name, t) for t in ("facts", "entities")}
    assert types["x.csv"] == types["x.parquet"] == types["x.duckdb"]
    assert types["x.csv"]["facts"] == dict(FACT_COLUMNS)
    assert types["x.csv"]["facts"]["decided_at"] == "VARCHAR"
    row = duckdb.sql(f"SELECT decided_at FROM {table_sql(tmp_path / 'x.csv')} "
                     f"WHERE fact_id = '{fact_id('reception')}'").fetchone()
    assert row == ("2024-05-01T10:00:00Z",)


def test_fact_row_without_review_or_context():
    row = fact_row({"id": "F1", "doc_id": "d", "subject": None, "value": 3, "value_max": None,
                    "unit": "个", "qualifier": None, "locality": None, "time": None,
                    "evidence": {}, "review": {"status": None}})
    assert set(row) == {name for name, _ in FACT_COLUMNS}
    assert row["county"] is None and row["value"] == 3 and row["review_status"] is None


def test_export_usage_errors(run, tmp_path, capsys):
    assert cli(["export", str(run), "--to", str(tmp_path / "facts.xlsx")]) == 2
    assert "unknown format" in capsys.readouterr().err
    assert cli(["export", str(tmp_path / "nowhere"), "--to", str(tmp_path / "facts.csv")]) == 2
    assert "no such file" in capsys.readouterr().err
    assert cli(["export", str(run), "--to", str(tmp_path / "facts.csv")]) == 0
