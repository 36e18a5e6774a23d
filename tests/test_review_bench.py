"""bench/review_page.py still runs every action it times (on a small page, once each):
the bench is where speed is measured (issue 21 point 6), not a timed test."""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from pipeline.review import write_page
from tests.fixture_run import build_run

BENCH = Path(__file__).resolve().parents[1] / "bench" / "review_page.py"


def load_bench():
    spec = importlib.util.spec_from_file_location("review_page_bench", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quantile_is_the_nearest_rank():
    q = load_bench().quantile
    runs = [float(x) for x in range(1, 21)]
    assert (q(runs, .5), q(runs, .95), q([7.0], .95)) == (10.0, 19.0, 7.0)


@pytest.mark.slow
def test_the_bench_runs_every_action(browser, tmp_path):
    bench = load_bench()
    n = bench.synthesise(build_run(tmp_path / "src"), tmp_path / "big", bulletins=12)
    assert n == 36  # 6 facts per bulletin pair
    results = bench.measure_in(browser, write_page(tmp_path / "big"), repeats=1)
    assert [name for name, _, _ in results[1:]] == [a[0] for a in bench.ACTIONS]
    assert all(len(times) == 1 and times[0] > 0 for _, times, _ in results)
