"""The review page for a day of reviewing, in a real headless Chromium at 1366×768.

Covers issue 14's points 1 (controls in view), 2 (decisions keyed by fact id
survive a rebuilt page; gone facts are announced and exportable), 3 (quote
marked by offsets), 4 (every field correctable; places from the gazetteer,
filter and export agree; 1.2万), 5 (next pending, undo, drafts) and 11 (a run
rewrites review.html), and the page-building helpers without a browser.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipeline.api import run as run_pipeline
from pipeline.cli import main as cli
from pipeline.records import Article, Document
from pipeline.review import (PAGE, DecisionError, _quote, apply_correction, apply_file,
                             corrected_path, doc_label, page_data, parse_decision,
                             refresh_after_run)
from tests import fixture_run
from tests.fixture_run import HUARONG, build_run, fact_id
from tests.test_review import ARTIFACTS, read_jsonl, write_lines

VIEWPORT = {"width": 1366, "height": 768}
# A sentence with the same figure twice: the second fact is about the second one.
DUP_TEXT = ("工作简报\n2023年3月1日\n\n代表建议办理情况\n"
            "全年收到代表建议12件，已办结建议12件。\n")


@pytest.fixture
def run(tmp_path, monkeypatch) -> Path:
    """The fixture run plus a bulletin whose two facts share their figure's text."""
    monkeypatch.setitem(fixture_run.TEXTS, "003_dup", DUP_TEXT)
    monkeypatch.setattr(fixture_run, "FACTS", fixture_run.FACTS + [
        ("003_dup", "dup_received", "建议12件", "收到代表建议", 12, "件", None, "华容县", HUARONG, 2023, "sentence"),
        ("003_dup", "dup_done", "建议12件", "办结建议", 12, "件", None, "华容县", HUARONG, 2023, "sentence"),
    ])
    out = build_run(tmp_path / "run")
    second = DUP_TEXT.index("建议12件", DUP_TEXT.index("办结"))  # build_run took the first one
    for name, key, prefix in (("facts.jsonl", fact_id("dup_done"), None), ("indicators.jsonl", None, "I")):
        lines = read_jsonl(out / name)
        for obj in lines:
            if obj.get("id") == key or (prefix and obj.get("doc_id") == "003_dup" and obj.get("subject") == "办结建议"):
                target = obj.get("evidence", obj)
                target["start"], target["end"] = second, second + len("建议12件")
        write_lines(out / name, lines)
    return out


# -- without a browser ---------------------------------------------------------------

def test_quote_marks_the_figure_by_its_offsets(run):
    data = page_data(run)
    fact = next(f for f in data["facts"] if f["id"] == fact_id("dup_done"))
    a, b = fact["quote"]["mark"]
    assert fact["quote"]["text"][:a].endswith("已办结")
    assert fact["quote"]["text"][a:b] == "建议12件"
    assert _quote({"evidence": {"start": 6, "end": 9}}, "第一行\n前文12件后文\n下一行", None) == \
        {"text": "前文12件后文", "mark": [2, 5]}
    assert _quote({"evidence": {"start": 30, "end": 40}}, "short", None) is None


def test_bulletins_are_named_by_date_publisher_and_title():
    doc = Document(doc_id="d06", source="x.html", raw_sha256="0", encoding="utf-8", text="t",
                   offset_map=[[0, 0]],
                   metadata={"title": "某市人民政府", "site": "某市人民政府", "publisher": "点击:[]",
                             "source": "某市融媒体中心", "date": "2023-01-18"},
                   articles=[Article(index=0, title="某镇代表票决民生实事", start=0, end=1)])
    label = doc_label(doc)
    assert label["label"] == "2023-01-18 · 某市融媒体中心 · 某镇代表票决民生实事"
    bare = Document(doc_id="d04", source="y.html", raw_sha256="0", encoding="utf-8", text="t",
                    offset_map=[[0, 0]], metadata={}, articles=[])
    assert doc_label(bare)["label"] == "d04"


def test_every_field_can_be_corrected_and_the_export_gets_the_pages_path():
    d = parse_decision({"kind": "review", "fact_id": "F1", "status": "corrected", "correction": {
        "year": 2021, "month": 3, "body": "某县人大常委会", "qualifier": "about", "people": ["王某"],
        "locality": "东山镇", "locality_path": HUARONG + "/东山镇"}})
    assert d["correction"]["people"] == ["王某"]
    with pytest.raises(DecisionError):
        parse_decision({"kind": "review", "fact_id": "F1", "status": "corrected", "correction": {"people": [1]}})
    fact = {"id": "F1", "value": 3, "locality": {"text": "华容县", "path": HUARONG}, "time": {"year": 2022},
            "review": {"status": "corrected", "correction": d["correction"]}}
    out = apply_correction(fact)
    assert out["locality"]["path"] == HUARONG + "/东山镇" and out["time"]["year"] == 2021
    assert out["people"] == [{"text": "王某"}] and out["qualifier"] == "about"
    assert fact["time"]["year"] == 2022  # the input is kept
    # a decision without a path: the place of that name in the fact's county (there are 10 东山镇)
    assert corrected_path("东山镇", HUARONG) == HUARONG + "/东山镇"
    assert corrected_path("华容县", HUARONG + "/三封寺镇") == HUARONG


def test_apply_keeps_fields_this_version_does_not_know(run, tmp_path):
    facts = read_jsonl(run / "facts.jsonl")
    facts[0]["flags"] = [{"code": "pair_broken", "facts": [facts[0]["id"]]}]
    write_lines(run / "facts.jsonl", facts)
    decisions = write_lines(tmp_path / "r.jsonl", [{"kind": "review", "fact_id": facts[0]["id"],
                                                    "status": "accepted", "decided_at": "2024-01-01T00:00:00Z"}])
    apply_file(run, decisions)
    again = read_jsonl(run / "facts.jsonl")[0]
    assert again["flags"] == facts[0]["flags"] and again["review"]["status"] == "accepted"
    shown = next(f for f in page_data(run)["facts"] if f["id"] == facts[0]["id"])
    assert shown["flags"] == [{"code": "pair_broken"}]  # no other fact named


def test_refresh_after_run_rewrites_only_an_existing_page(run):
    assert refresh_after_run(run) is None and not (run / PAGE).exists()
    (run / PAGE).write_text("old")
    assert refresh_after_run(run) == run / PAGE
    assert "__REVIEW_DATA__" not in (run / PAGE).read_text() and len((run / PAGE).read_text()) > 1000


# -- in Chromium -------------------------------------------------------------------------

def row(page, key: str):
    return page.locator(f'#facts tbody tr[data-id="{fact_id(key)}"]')


def fully_visible(page, selector: str) -> bool:
    """Inside the viewport and not covered by anything (the element gets the click)."""
    return page.evaluate("""(sel) => {
      const el = document.querySelector(sel), r = el.getBoundingClientRect();
      if (!r.width || r.top < 0 || r.left < 0 || r.bottom > innerHeight || r.right > innerWidth) return false;
      const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !!hit && (hit === el || el.contains(hit));
    }""", selector)


def selected_id(page) -> str:
    return page.evaluate("document.querySelector('#card .fid') && document.querySelector('#card .fid').textContent")


@pytest.mark.slow
def test_daily_review_at_1366x768(browser, run, tmp_path):
    assert cli(["review", str(run)]) == 0
    url = (run / PAGE).resolve().as_uri()
    context = browser.new_context(accept_downloads=True, viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(5000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(url)
    n_rows = page.locator("#facts tbody tr[data-i]").count()
    assert n_rows == 8

    # 1. the decision controls are in view for every fact, also with a long card scrolled
    for i in range(n_rows):
        page.locator("#facts tbody tr[data-i]").nth(i).click()
        for sel in ("#do-accept", "#do-reject", "#do-correct", "#note"):
            assert fully_visible(page, sel), (i, sel)
    page.click("#do-correct")
    page.evaluate("document.querySelector('#card').scrollTop = 1e6")
    assert fully_visible(page, "#do-accept") and fully_visible(page, "#do-save")
    page.click("#do-cancel")

    # 3. the quote marks the figure the fact is about, not the first equal text
    row(page, "dup_done").click()
    assert page.inner_text("#card .quote mark") == "建议12件"
    assert page.evaluate("document.querySelector('#card .quote mark').previousSibling.textContent").endswith("已办结")

    # 5. after a decision the next pending fact is selected; u and Ctrl+Z undo
    row(page, "visits").click()
    page.click("#do-accept")
    assert selected_id(page) == fact_id("hr_suggestions")
    page.keyboard.press("x")
    assert selected_id(page) == fact_id("town_suggestions")
    page.keyboard.press("u")
    assert row(page, "hr_suggestions").locator(".badge").inner_text() == "待审"
    assert selected_id(page) == fact_id("hr_suggestions")
    page.keyboard.press("Control+z")
    assert row(page, "visits").locator(".badge").inner_text() == "待审"
    page.select_option("#f-status", "pending")
    row(page, "visits").click()
    page.keyboard.press("a")
    assert row(page, "visits").count() == 0  # left the 待审 list ...
    assert selected_id(page) == fact_id("hr_suggestions")  # ... and the next one is selected
    # a typed note is kept as a draft when moving away, and after a reload
    page.fill("#note", "待核对原文")
    page.keyboard.press("Escape")
    page.keyboard.press("j")
    assert selected_id(page) != fact_id("hr_suggestions")
    page.reload()
    assert page.input_value("#f-status") == "pending"  # filters survive a reload
    row(page, "hr_suggestions").click()
    assert page.input_value("#note") == "待核对原文"
    page.select_option("#f-status", "")

    # 4. every field can be corrected; a place comes from the gazetteer, county first
    row(page, "hr_suggestions").click()
    page.click("#do-correct")
    options = page.evaluate("[...document.querySelectorAll('#place-list option')].map(o => o.label)")
    assert options and all(o.startswith(HUARONG) or HUARONG.startswith(o) for o in options)
    form = "#correct-form"
    page.fill(f'{form} input[name="value"]', "1.2万")
    page.fill(f'{form} input[name="locality"]', "东山镇")  # ten in China, one in 华容县
    assert page.inner_text("#place-path") == HUARONG + "/东山镇"
    page.fill(f'{form} input[name="year"]', "2021")
    page.fill(f'{form} input[name="body"]', "华容县人大常委会")
    page.select_option(f'{form} select[name="qualifier"]', "about")
    page.fill(f'{form} input[name="people"]', "李明、王芳")
    page.click("#do-save")
    assert row(page, "hr_suggestions").locator(".badge").inner_text() == "已更正"
    assert "12,000" in row(page, "hr_suggestions").inner_text()
    page.select_option("#f-locality", HUARONG)  # the corrected town stays in its county's filter
    assert row(page, "hr_suggestions").count() == 1
    page.select_option("#f-locality", HUARONG + "/东山镇")
    assert page.locator("#facts tbody tr[data-i]").count() == 1
    page.select_option("#f-locality", "")
    page.select_option("#f-year", "2021")
    assert row(page, "hr_suggestions").count() == 1
    page.select_option("#f-year", "")

    with page.expect_download() as download:
        page.click("#export")
    exported = tmp_path / "reviews.jsonl"
    download.value.save_as(exported)
    fix = next(d for d in read_jsonl(exported) if d["fact_id"] == fact_id("hr_suggestions"))["correction"]
    assert fix == {"value": 12000, "locality": "东山镇", "locality_path": HUARONG + "/东山镇", "year": 2021,
                   "body": "华容县人大常委会", "qualifier": "about", "people": ["李明", "王芳"]}
    assert cli(["review", str(run), "--apply", str(exported)]) == 0
    merged = {f["id"]: f for f in read_jsonl(run / "facts.jsonl")}[fact_id("hr_suggestions")]
    assert apply_correction(merged)["locality"]["path"] == HUARONG + "/东山镇"  # export == filter

    # 2. the page rebuilt after the inputs changed: decisions are found by fact id;
    # one whose fact is gone is announced and can be exported
    page.goto(url)
    row(page, "rate").click()
    page.click("#do-reject")
    facts = [f for f in read_jsonl(run / "facts.jsonl") if f["id"] != fact_id("rate")]
    write_lines(run / "facts.jsonl", facts)
    manifest = json.loads((run / "manifest.json").read_text())
    manifest["fingerprint"], manifest["inputs"][0]["sha256"] = "changed", "f" * 64
    (run / "manifest.json").write_text(json.dumps(manifest))
    assert cli(["review", str(run)]) == 0
    page.goto(url)
    assert row(page, "visits").locator(".badge").inner_text() == "已接受"
    assert not page.locator("#orphans").is_hidden()
    assert "1" in page.inner_text("#orphans b")
    with page.expect_download() as download:
        page.click("#orphans-export")
    assert download.value.suggested_filename == "reviews-orphaned.jsonl"
    download.value.save_as(tmp_path / "orphans.jsonl")
    assert [d["fact_id"] for d in read_jsonl(tmp_path / "orphans.jsonl")] == [fact_id("rate")]

    # bulk accept of what is shown, after a confirmation
    page.click("#f-more")  # the bulletin filter is among the further filters
    page.select_option("#f-doc", "2")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#bulk-accept")
    assert {r.inner_text() for r in page.locator("#facts tbody .badge").all()} == {"已接受"}

    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-1366.png"))
    assert not errors, errors
    context.close()


@pytest.mark.slow
def test_a_run_rewrites_the_page_and_decisions_follow_the_facts(browser, tmp_path):
    """11: `run` rewrites review.html; 2: a decision stays with its fact across the rerun."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / "a.txt").write_text("标题\n\n全县14个乡镇全部召开了会议,收集意见建议100余条。\n", encoding="utf-8")
    run_pipeline([inputs], out, workers=1)
    assert cli(["review", str(out)]) == 0
    first = {f["subject"]: f["id"] for f in read_jsonl(out / "facts.jsonl")}
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto((out / PAGE).resolve().as_uri())
    page.locator(f'#facts tbody tr[data-id="{first["乡镇"]}"]').click()
    page.click("#do-accept")

    (inputs / "a.txt").write_text("标题\n\n全县14个乡镇全部召开了会议,走访选民300余人次。\n", encoding="utf-8")
    run_pipeline([inputs], out, workers=1)
    html = (out / PAGE).read_text(encoding="utf-8")
    assert "走访选民" in html  # rewritten by the run
    page.reload()
    assert page.locator(f'#facts tbody tr[data-id="{first["乡镇"]}"] .badge').inner_text() == "已接受"
    assert page.locator("#facts tbody tr[data-i]").count() == len(read_jsonl(out / "facts.jsonl"))
    context.close()


@pytest.mark.slow
def test_a_from_to_pair_is_one_change_and_undo_after_export_is_logged(browser, run, tmp_path):
    """8: 由…到… is one row and one decision; an undo after an export is a new decision."""
    facts = read_jsonl(run / "facts.jsonl")
    for f in facts:
        if f["id"] in (fact_id("dup_received"), fact_id("dup_done")):
            f["change"] = "from" if f["id"] == fact_id("dup_received") else "to"
    write_lines(run / "facts.jsonl", facts)
    assert cli(["review", str(run)]) == 0
    context = browser.new_context(accept_downloads=True, viewport=VIEWPORT)
    page = context.new_page()
    page.set_default_timeout(5000)
    page.goto((run / PAGE).resolve().as_uri())
    assert page.locator("#facts tbody tr[data-i]").count() == 7
    assert row(page, "dup_received").count() == 0
    assert "12 → 12" in row(page, "dup_done").inner_text()
    row(page, "dup_done").click()
    page.click("#do-accept")

    def export(name: str) -> list[dict]:
        with page.expect_download() as download:
            page.click("#export")
        download.value.save_as(tmp_path / name)
        return read_jsonl(tmp_path / name)

    assert {(d["fact_id"], d["status"]) for d in export("a.jsonl")} == {
        (fact_id("dup_received"), "accepted"), (fact_id("dup_done"), "accepted")}
    page.keyboard.press("u")
    assert row(page, "dup_done").locator(".badge").inner_text() == "待审"
    lines = export("b.jsonl")
    assert [d["status"] for d in lines[-2:]] == [None, None]  # the undo reaches --apply too
    context.close()


@pytest.mark.slow
def test_a_phone_sees_the_whole_page_width(browser, run):
    """10: at 390×844 nothing runs off the screen and the controls are reachable
    (tests/artifacts/review-390.png is the screenshot to look at)."""
    assert cli(["review", str(run)]) == 0
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(5000)
    page.goto((run / PAGE).resolve().as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    row(page, "rate").click()
    for sel in ("#do-accept", "#do-reject", "#do-correct", "#note"):
        assert fully_visible(page, sel), sel
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-390.png"))
    context.close()
