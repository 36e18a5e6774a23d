"""Series by place and year across bulletins: sources, conflicts, levels, CSV, plot, export."""
from __future__ import annotations

import csv
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import duckdb
import pytest

from pipeline.crossdoc import CONFLICT, annotate, flag_conflicts
from pipeline.cli import main as cli
from pipeline.io import AtomicJsonlWriter
from pipeline.series import build, conflicts, level_of, plot_svg
from tests.test_catalogue import HUARONG, fact

TOWN = HUARONG + "/三封寺镇"
XIANGXIANG = "湖南省/湘潭市/湘乡市"


def two_bulletins() -> list[dict]:
    """A county newsletter and the provincial one, both giving 华容县's 2022 figure."""
    county = "今年以来，华容县人大常委会组织代表收集意见建议86条。"
    province = "华容县：代表收集意见建议86条，办结率达95%。"
    return [
        fact("F1", "huarong_2022_05", "意见建议", 86, "条", county, "86条"),
        fact("F2", "hunan_2022_06", "意见建议", 86, "件", province, "86件"),
        fact("F3", "huarong_2021_12", "意见建议", 64, "条", county.replace("今年", "去年"), "64条", year=2021),
        fact("F4", "huarong_2022_05", "意见建议", 23, "条", "三封寺镇人大主席团收集意见建议23条。",
             "23条", path=TOWN),
    ]


def test_two_bulletins_with_one_county_figure_give_one_row_with_two_sources():
    facts = annotate(two_bulletins())
    rows = build(facts, indicator="意见建议", by="county")
    assert [(r.locality, r.year, r.value, r.unit) for r in rows] == [
        ("华容县", 2021, 64, "件"), ("华容县", 2022, 86, "件")]
    row = rows[1].as_dict()
    assert row["n_sources"] == 2 and row["fact_ids"] == "F1,F2" and row["path"] == HUARONG
    assert not any(r.conflict for r in rows)


def test_by_level_does_not_add_towns_to_their_county():
    rows = build(annotate(two_bulletins()), indicator="意见建议", by="town")
    assert [(r.locality, r.value) for r in rows] == [("三封寺镇", 23)]
    assert level_of(HUARONG) == "county" and level_of("湖南省") == "province"


def test_different_values_from_two_bulletins_are_flagged_on_both_facts():
    facts = two_bulletins()
    facts[1]["value"] = 68  # the provincial bulletin disagrees
    facts[1]["flags"] = [{"code": "locality_guessed", "facts": ["F2"]}]
    annotate(facts)
    assert facts[0]["flags"] == [{"code": CONFLICT, "facts": ["F1", "F2"]}]
    assert facts[1]["flags"] == [{"code": "locality_guessed", "facts": ["F2"]},
                                 {"code": CONFLICT, "facts": ["F1", "F2"]}]
    assert facts[2]["flags"] == [] and facts[3]["flags"] == []
    rows = build(facts, indicator="意见建议", by="county")
    found = conflicts(rows)
    assert list(found) == [("意见建议", HUARONG, 2022, "件")]
    assert sorted(r.value for r in found[("意见建议", HUARONG, 2022, "件")]) == [68, 86]


def test_one_bulletin_giving_two_values_is_no_conflict():
    facts = two_bulletins()[:1] + [fact("F9", "huarong_2022_05", "意见建议", 40, "条",
                                        "其中，华容县代表收集群众意见建议40条。", "40条")]
    assert flag_conflicts(annotate(facts)) == 0


def test_an_approximate_value_agrees_with_a_close_exact_one():
    facts = two_bulletins()[:2]
    facts[1]["value"], facts[1]["qualifier"] = 80, "more_than"  # 80余件
    assert flag_conflicts(annotate(facts)) == 0
    facts[1]["value"] = 40
    assert flag_conflicts(facts) == 2


def test_the_plot_is_an_svg_with_one_line_per_place():
    facts = two_bulletins() + [
        fact("F5", "xiangxiang_2021", "意见建议", 150, "条", "湘乡市代表收集意见建议150条。", "150条",
             path=XIANGXIANG, year=2021),
        fact("F6", "xiangxiang_2022", "意见建议", 170, "条", "湘乡市代表收集意见建议170条。", "170条",
             path=XIANGXIANG, year=2022)]
    rows = build(annotate(facts), indicator="意见建议", by="county")
    svg = ET.fromstring(plot_svg(rows, "意见建议 by county"))
    ns = "{http://www.w3.org/2000/svg}"
    assert len(svg.findall(f"{ns}polyline")) == 2
    assert len(svg.findall(f"{ns}circle")) == 4
    assert {t.text for t in svg.findall(f"{ns}text")} >= {"华容县", "湘乡市", "2021", "2022"}


@pytest.fixture
def run_dir(tmp_path) -> Path:
    out = tmp_path / "run"
    out.mkdir()
    with AtomicJsonlWriter(out / "facts.jsonl") as w:
        for f in two_bulletins():
            w.write({"kind": "fact", "schema_version": "1.0", "indicator_id": "I" + f["id"],
                     "body": None, "time_source": "sentence", "people": [], **f})
    return out


def test_series_command_writes_csv_and_plot(run_dir, tmp_path, capsys):
    out_csv, out_svg = tmp_path / "s.csv", tmp_path / "s.svg"
    assert cli(["series", str(run_dir), "--indicator", "意见建议", "--by", "county",
                "--csv", str(out_csv), "--plot", str(out_svg)]) == 0
    with open(out_csv, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [(r["year"], r["value"], r["n_sources"]) for r in rows] == [("2021", "64", "1"), ("2022", "86", "2")]
    assert out_svg.read_text(encoding="utf-8").startswith("<svg")
    assert cli(["series", str(run_dir), "--indicator", "没有这个"]) == 2


def test_series_command_lists_conflicts(run_dir, capsys):
    lines = (run_dir / "facts.jsonl").read_text(encoding="utf-8").splitlines()
    second = json.loads(lines[1])
    second["value"] = 68
    lines[1] = json.dumps(second, ensure_ascii=False)
    (run_dir / "facts.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert cli(["series", str(run_dir), "--indicator", "意见建议"]) == 0
    err = capsys.readouterr().err
    assert "1 conflict(s)" in err and "68 件 in hunan_2022_06" in err and "86 件 in huarong_2022_05" in err


def test_duckdb_export_has_the_series_table(run_dir, tmp_path):
    target = tmp_path / "x.duckdb"
    assert cli(["export", str(run_dir), "--to", str(target)]) == 0
    with duckdb.connect(str(target), read_only=True) as con:
        rows = con.execute("SELECT locality, path, year, value, unit, n_sources, fact_ids FROM series "
                           "WHERE indicator = '意见建议' AND level = 'county' ORDER BY year").fetchall()
        named = con.execute("SELECT COUNT(*) FROM facts WHERE indicator = '意见建议'").fetchone()[0]
    assert rows == [("华容县", HUARONG, 2021, 64.0, "件", 1, "F3"),
                    ("华容县", HUARONG, 2022, 86.0, "件", 2, "F1,F2")]
    assert named == 4  # the facts table names the facts with the catalogue too
