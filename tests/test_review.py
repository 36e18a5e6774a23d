"""The review page in a real headless Chromium, and the merging of decisions.

The browser test needs a Chromium ($CHROMIUM, the system's, or Playwright's;
``make browser`` installs one) and the playwright package (``pip install
'bulletin-ie[review-test]'``); without them it is skipped, saying so.  It
leaves a screenshot in tests/artifacts/review.png (gitignored) to look at.
"""
from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from pipeline.cli import main as cli
from pipeline.review import (REVIEW_LOG, DecisionError, apply_decision, apply_file, embed_json,
                             latest, load_decisions, page_data, parse_decision, render_page)
from tests.conftest import SCHEMAS
from tests.fixture_run import FACTS, build_run, fact_id

ARTIFACTS = Path(__file__).parent / "artifacts"
XIANGXIANG = "湖南省/湘潭市/湘乡市"


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def facts_by_id(run: Path) -> dict[str, dict]:
    return {f["id"]: f for f in read_jsonl(run / "facts.jsonl")}


def decision(key: str, status: str | None, at: str, **extra) -> dict:
    return {"kind": "review", "fact_id": fact_id(key), "status": status, "note": None,
            "correction": None, "decided_at": at, **extra}


def write_lines(path: Path, lines: list) -> Path:
    path.write_text("".join((x if isinstance(x, str) else json.dumps(x, ensure_ascii=False)) + "\n"
                            for x in lines), encoding="utf-8")
    return path


@pytest.fixture
def run(tmp_path) -> Path:
    return build_run(tmp_path / "run")


# -- decisions, without a browser ------------------------------------------------------

def test_parse_decision_checks_and_fills_in():
    d = parse_decision({"kind": "review", "fact_id": "F1", "status": "accepted"}, now="2024-01-01T00:00:00Z")
    assert d["decided_at"] == "2024-01-01T00:00:00Z" and d["note"] is None and d["correction"] is None
    bad = [
        {"kind": "fact", "fact_id": "F1", "status": "accepted"},
        {"kind": "review", "status": "accepted"},
        {"kind": "review", "fact_id": "F1", "status": "maybe"},
        {"kind": "review", "fact_id": "F1", "status": "corrected"},
        {"kind": "review", "fact_id": "F1", "status": "corrected", "correction": {"colour": "red"}},
        {"kind": "review", "fact_id": "F1", "status": "corrected", "correction": {"value": "many"}},
        {"kind": "review", "fact_id": "F1", "status": "accepted", "correction": {"value": 1}},
        {"kind": "review", "fact_id": "F1", "status": "accepted", "decided_at": "yesterday"},
    ]
    for obj in bad:
        with pytest.raises(DecisionError):
            parse_decision(obj)


def test_latest_goes_by_decided_at_and_ties_to_the_later_line():
    a = decision("rate", "accepted", "2024-05-01T10:00:00Z")
    b = decision("rate", "rejected", "2024-05-01T09:00:00Z")  # logged later, decided earlier
    c = decision("rate", "corrected", "2024-05-01T12:00:00+02:00", correction={"value": 96})  # = 10:00Z
    assert latest([a, b])[fact_id("rate")]["status"] == "accepted"
    assert latest([a, b, c])[fact_id("rate")]["status"] == "corrected"


def test_apply_decision_is_pure_and_resets_without_a_decision():
    fact = {"id": "F1", "value": 3, "review": {"status": "accepted", "note": "ok", "correction": None}}
    out = apply_decision(fact, parse_decision(
        {"kind": "review", "fact_id": "F1", "status": "corrected", "correction": {"value": 4},
         "note": "typo", "reviewer": "王", "decided_at": "2024-05-01T10:00:00Z"}))
    assert out["review"] == {"status": "corrected", "note": "typo", "correction": {"value": 4},
                             "reviewer": "王", "decided_at": "2024-05-01T10:00:00Z"}
    assert out["value"] == 3 and fact["review"]["status"] == "accepted"  # extracted value, input kept
    assert apply_decision(fact, None)["review"] == {"status": None, "note": None, "correction": None}


def test_apply_file_keeps_earlier_decisions_and_reports_bad_lines(run, tmp_path):
    assert load_decisions(run) == {}
    first = write_lines(tmp_path / "first.jsonl", [
        decision("hr_suggestions", "accepted", "2024-05-01T10:00:00Z", note="核对无误"),
        decision("rate", "accepted", "2024-05-01T10:00:00Z"),
    ])
    report = apply_file(run, first)
    assert (report.read, report.logged, report.errors) == (2, 2, [])
    second = write_lines(tmp_path / "second.jsonl", [
        decision("rate", "rejected", "2024-05-02T10:00:00Z", note="不是统计数"),
        "{not json",
        decision("nosuch", "accepted", "2024-05-02T10:00:00Z"),
        decision("hr_suggestions", "accepted", "2024-05-01T10:00:00Z", note="核对无误"),  # again
    ])
    report = apply_file(run, second)
    assert report.logged == 1  # the repeated decision is not logged twice
    assert len(report.errors) == 1 and report.errors[0].startswith(f"{second}:2: not valid JSON")
    assert len(report.left) == 1 and report.left[0].startswith(f"{second}:3: accepted of fact")
    assert "no fact has its content" not in report.left[0]  # a hand-written line: no anchor
    facts = facts_by_id(run)
    assert facts[fact_id("hr_suggestions")]["review"]["status"] == "accepted"
    assert facts[fact_id("hr_suggestions")]["review"]["note"] == "核对无误"
    assert facts[fact_id("rate")]["review"]["status"] == "rejected"
    assert facts[fact_id("visits")]["review"]["status"] is None
    log = read_jsonl(run / REVIEW_LOG)
    assert [d["status"] for d in log] == ["accepted", "accepted", "rejected"]  # nothing dropped
    schema = Draft202012Validator(json.loads((SCHEMAS / "fact.schema.json").read_text()))
    for fact in facts.values():
        assert not list(schema.iter_errors(fact))
    assert load_decisions(run)[fact_id("rate")]["note"] == "不是统计数"


def test_review_apply_command_exit_codes(run, tmp_path, capsys):
    good = write_lines(tmp_path / "good.jsonl", [decision("visits", "rejected", "2024-05-01T10:00:00Z")])
    assert cli(["review", str(run), "--apply", str(good)]) == 0
    bad = write_lines(tmp_path / "bad.jsonl", [decision("visits", "maybe", "2024-05-01T10:00:00Z")])
    capsys.readouterr()
    assert cli(["review", str(run), "--apply", str(bad)]) == 1
    assert f"{bad}:1: status 'maybe'" in capsys.readouterr().err
    assert cli(["review", str(tmp_path / "nowhere")]) == 2


def test_page_data_is_embedded_safely(run):
    facts = read_jsonl(run / "facts.jsonl")
    facts[0]["subject"] = "</script><script>alert(1)</script><!--"
    write_lines(run / "facts.jsonl", facts)
    html = render_page(page_data(run))
    assert "alert(1)</script>" not in html and "<!--\"" not in html
    assert json.loads(embed_json({"s": "</script>&"})) == {"s": "</script>&"}
    assert "http://" not in html.replace("http://www.w3.org", "") and "https://" not in html


# -- the page in Chromium ------------------------------------------------------------------

def row(page, key: str):
    return page.locator(f'#facts tbody tr[data-id="{fact_id(key)}"]')


@pytest.mark.slow
def test_review_page_in_a_browser(browser, run, tmp_path, capsys):
    assert cli(["review", str(run)]) == 0
    url = (run / "review.html").resolve().as_uri()
    context = browser.new_context(accept_downloads=True, viewport={"width": 1440, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: errors.append(f"network: {r.url}") if not r.url.startswith(("file:", "blob:", "data:")) else None)
    page.goto(url)

    # highlights by type, and the table
    for kind in ("LOC", "ORG", "PER", "IND", "TIME"):
        assert page.locator(f"#doc-text .hl.t-{kind}").count() > 0, kind
    assert page.locator("#legend button").count() == 5
    assert page.locator("#facts tbody tr[data-i]").count() == len(FACTS)

    # hovering a locality shows its normalised path
    page.hover("#doc-text .hl.t-LOC >> nth=0")
    assert "湖南省/岳阳市/华容县" in page.inner_text("#tip")

    # filter by locality: a county's filter includes its towns
    page.select_option("#f-locality", XIANGXIANG)
    assert page.locator("#facts tbody tr[data-i]").count() == 3
    page.select_option("#f-locality", XIANGXIANG + "/东山街道")
    assert page.locator("#facts tbody tr[data-i]").count() == 1
    page.click("#f-reset")
    page.fill("#q", "三封寺")  # free text: subject, locality, sentence, note...
    page.wait_for_timeout(300)
    assert page.locator("#facts tbody tr[data-i]").count() == 1
    page.click("#f-reset")

    # sorting by value, descending on the second click
    page.click('#facts th[data-key="value"]')
    page.click('#facts th[data-key="value"]')
    assert page.locator("#facts tbody tr[data-i]").first.get_attribute("data-id") == fact_id("visits")

    # a row jumps to its evidence in the other document and flashes it
    row(page, "reception").click()
    assert page.input_value("#doc-select") == "1"
    current = page.locator("#doc-text .hl.current")
    assert current.count() >= 1 and "flash" in current.first.get_attribute("class")
    assert current.first.inner_text() in "接待群众300余人次"
    box, text_box = current.first.bounding_box(), page.locator("#doc-text").bounding_box()
    assert text_box["y"] <= box["y"] <= text_box["y"] + text_box["height"]

    # accept a fact with a note; the decision survives a reload
    row(page, "hr_suggestions").click()
    page.fill("#note", "与原文核对无误")
    page.fill("#reviewer", "王审")
    page.dispatch_event("#reviewer", "change")
    page.click("#do-accept")
    assert row(page, "hr_suggestions").locator(".badge").inner_text() == "已接受"
    page.reload()
    assert row(page, "hr_suggestions").locator(".badge").inner_text() == "已接受"
    assert page.input_value("#reviewer") == "王审"

    # correct a value
    row(page, "xx_suggestions").click()
    page.click("#do-correct")
    page.fill('#correct-form input[name="value"]', "151")
    page.fill("#note", "原文为151条")
    page.click("#do-save")
    assert row(page, "xx_suggestions").locator(".badge").inner_text() == "已更正"
    assert "151" in row(page, "xx_suggestions").inner_text()
    page.select_option("#f-status", "accepted")
    assert page.locator("#facts tbody tr[data-i]").count() == 1
    page.select_option("#f-status", "")

    ARTIFACTS.mkdir(exist_ok=True)
    row(page, "xx_suggestions").click()
    page.hover("#doc-text .hl.t-LOC >> nth=0")
    page.screenshot(path=str(ARTIFACTS / "review.png"))

    # export reviews.jsonl as a download
    with page.expect_download() as download:
        page.click("#export")
    exported = tmp_path / "reviews.jsonl"
    download.value.save_as(exported)
    assert download.value.suggested_filename == "reviews.jsonl"
    lines = read_jsonl(exported)
    assert [(d["fact_id"], d["status"]) for d in lines] == [
        (fact_id("hr_suggestions"), "accepted"), (fact_id("xx_suggestions"), "corrected")]
    assert lines[0]["note"] == "与原文核对无误" and lines[0]["reviewer"] == "王审"
    assert lines[1]["correction"] == {"value": 151}
    for d in lines:
        assert d["kind"] == "review" and datetime.fromisoformat(d["decided_at"]).tzinfo is not None
    assert not errors, errors
    context.close()

    # merge them into facts.jsonl
    assert cli(["review", str(run), "--apply", str(exported)]) == 0
    facts = facts_by_id(run)
    assert facts[fact_id("hr_suggestions")]["review"]["status"] == "accepted"
    assert facts[fact_id("hr_suggestions")]["review"]["note"] == "与原文核对无误"
    assert facts[fact_id("xx_suggestions")]["review"]["correction"] == {"value": 151}
    assert facts[fact_id("xx_suggestions")]["value"] == 150  # the extracted value is kept

    # a second reviewer's file: the first decisions are not lost
    second = write_lines(tmp_path / "second.jsonl", [
        decision("rate", "rejected", "2099-01-01T00:00:00Z", note="比率，不计入"),
        decision("missing", "accepted", "2099-01-01T00:00:00Z"),
    ])
    capsys.readouterr()
    assert cli(["review", str(run), "--apply", str(second)]) == 1
    assert f"left out: {second}:2: accepted of fact {fact_id('missing')}" in capsys.readouterr().err
    facts = facts_by_id(run)
    assert facts[fact_id("rate")]["review"]["status"] == "rejected"
    assert facts[fact_id("hr_suggestions")]["review"]["status"] == "accepted"
    assert facts[fact_id("xx_suggestions")]["review"]["status"] == "corrected"
    assert len(read_jsonl(run / REVIEW_LOG)) == 3

    # the page rewritten by --apply shows the merged decisions on a fresh browser profile
    fresh = browser.new_context()
    page = fresh.new_page()
    page.goto(url)
    assert row(page, "rate").locator(".badge").inner_text() == "已驳回"
    assert row(page, "hr_suggestions").locator(".badge").inner_text() == "已接受"
    fresh.close()
