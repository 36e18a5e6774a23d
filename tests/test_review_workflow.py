"""Issue 21 in a real headless Chromium: no decision orphaned by an edit (1), corrections
in two keystrokes with the form in view (2), flags with their partner (3), Chinese labels,
the catalogue name, the optional and confidence filters (4), the day of a date, a place in
another county, touch targets on a phone and `run` saying it rewrote the page (7).

tests/artifacts/review-1366-form.png and review-390-form.png are screenshots to look at.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from pipeline.api import run as run_pipeline
from pipeline.cli import main as cli
from pipeline.review import PAGE
from tests import fixture_run
from tests.fixture_run import HUARONG, XIANGXIANG, build_run, fact_id
from tests.test_review import ARTIFACTS, read_jsonl, write_lines
from tests.test_review_page import fully_visible, row, selected_id

VIEWPORT = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}
# A 1,000-character sentence with its figure in the middle.
LONG_SENTENCE = ("，".join(f"第{i}代表小组深入基层开展走访调研并认真听取群众反映的各类问题" for i in range(1, 18))
                 + "，全年共收集群众意见建议468条，"
                 + "，".join(f"第{i}项建议已交有关部门研究办理并按时向代表反馈办理结果" for i in range(1, 18)) + "。")
LONG_TEXT = "长文简报\n2023年6月1日\n\n代表履职情况\n" + LONG_SENTENCE + "\n"
CODES = re.compile(r"\b(sentence|article|clause|paragraph|conflict|conflicting_values|target|optional|count|ratio)\b")


@pytest.fixture
def run(tmp_path, monkeypatch) -> Path:
    """The fixture run, a bulletin with a 1,000-character sentence, and the fields issue 21
    shows: a cross-bulletin conflict, an unknown flag, catalogue names, confidences, a target."""
    assert len(LONG_SENTENCE) >= 1000
    monkeypatch.setitem(fixture_run.TEXTS, "004_long", LONG_TEXT)
    monkeypatch.setattr(fixture_run, "FACTS", fixture_run.FACTS + [
        ("004_long", "long_fig", "收集群众意见建议468条", "收集群众意见建议", 468, "条", None, "华容县", HUARONG,
         2023, "sentence")])
    out = build_run(tmp_path / "run")
    facts = read_jsonl(out / "facts.jsonl")
    conflict = {"code": "conflict", "facts": [fact_id("hr_suggestions"), fact_id("xx_suggestions")]}
    extra = {
        "hr_suggestions": {"indicator": "代表建议数", "confidence": 0.92, "flags": [conflict]},
        "xx_suggestions": {"indicator": "代表建议数", "confidence": 0.81, "flags": [conflict]},
        "town_suggestions": {"confidence": 0.7, "flags": [{"code": "telepathy_check", "facts": [fact_id("town_suggestions")]}]},
        "rate": {"optional": True, "statistic": "target", "statistic_cue": "达到", "confidence": 0.55},
        "visits": {"confidence": 0.75},
    }
    for f in facts:
        for key, fields in extra.items():
            if f["id"] == fact_id(key):
                f.update(fields)
    write_lines(out / "facts.jsonl", facts)
    assert cli(["review", str(out)]) == 0
    return out


@pytest.fixture
def page(browser, run):
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(5000)
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto((run / PAGE).resolve().as_uri())
    yield page
    assert not errors, errors
    assert len(requests) == 1, requests  # the page itself, nothing else: it works offline
    context.close()


def decisions(page) -> list[dict]:
    return page.evaluate("window.bulletinReview.log()")


def badge(page, key: str) -> str:
    return row(page, key).locator(".badge").inner_text()


def test_subject_key_and_ctrl_enter_decide_in_two_keystrokes(page):
    row(page, "visits").click()
    page.keyboard.press("s")
    assert page.evaluate("document.activeElement.name") == "subject"
    assert page.evaluate("[document.activeElement.selectionStart, document.activeElement.selectionEnd]") == [0, 4]
    page.keyboard.type("走访选民群众")  # replaces the selected subject
    page.keyboard.press("Control+Enter")
    assert badge(page, "visits") == "已更正"
    assert decisions(page)[-1]["correction"] == {"subject": "走访选民群众"}
    assert selected_id(page) == fact_id("hr_suggestions")  # on to the next pending fact

    page.click("#note")
    page.keyboard.type("与原文核对无误")
    page.keyboard.press("Control+Enter")  # from the note box: accept, with the note
    assert badge(page, "hr_suggestions") == "已接受"
    assert decisions(page)[-1]["note"] == "与原文核对无误"
    page.click("#note")
    page.keyboard.press("Control+Shift+Enter")  # and reject
    assert badge(page, "town_suggestions") == "已驳回"


def test_the_correction_form_opens_whole_in_view_and_long_quotes_are_clipped(page):
    n = page.locator("#facts tbody tr[data-i]").count()
    assert n == 7
    for i in range(n):
        page.locator("#facts tbody tr[data-i]").nth(i).click()
        for sel in (".fields .f-place", ".fields .f-time", "#do-accept", "#note"):
            assert fully_visible(page, sel), (i, sel)  # place and year above the fold
        page.keyboard.press("c")
        for sel in ('#correct-form input[name="subject"]', '#correct-form input[name="locality"]',
                    '#correct-form input[name="year"]', '#correct-form input[name="day"]', "#do-save", "#do-accept"):
            assert fully_visible(page, sel), (i, sel)
        label = page.evaluate("""() => { const r = document.querySelector('#correct-form label').getBoundingClientRect();
          const bar = document.querySelector('.decide-bar').getBoundingClientRect(); return r.top >= bar.bottom; }""")
        assert label, i  # the 主题 label is not under the pinned bar
        page.keyboard.press("Escape")
    row(page, "long_fig").click()
    quote = page.inner_text("#card .quote")
    assert "468条" in page.inner_text("#card .quote mark") and len(quote) < 200 and "…" in quote
    page.click("#card .quote .more")
    assert len(page.inner_text("#card .quote")) > 1000 and page.inner_text("#card .quote mark") == "收集群众意见建议468条"
    page.keyboard.press("c")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "review-1366-form.png"))


def test_a_flag_shows_its_partner_in_chinese_with_a_link(page):
    row(page, "hr_suggestions").click()
    assert "与其他公报数值不一致" in row(page, "hr_suggestions").inner_text()
    flag = page.locator("#card .flag-row").first
    assert "与其他公报数值不一致" in flag.inner_text()
    partner = flag.locator("button.partner")
    assert partner.count() == 1
    text = partner.inner_text()
    assert "收集意见建议" in text and "150条" in text and "湘乡市" in text and "2021年" in text
    partner.click()
    assert selected_id(page) == fact_id("xx_suggestions")
    row(page, "town_suggestions").click()
    assert "其他（telepathy_check）" in page.inner_text("#card .flags")  # a code the page does not know


def test_labels_are_chinese_and_the_optional_and_confidence_filters_work(page):
    row(page, "hr_suggestions").click()
    shown = page.inner_text("#facts-pane") + page.inner_text("#card")
    assert not CODES.search(shown), CODES.search(shown)
    assert "本句" in row(page, "hr_suggestions").inner_text() and "本篇" in row(page, "town_suggestions").inner_text()
    assert "来自本句" in page.inner_text("#card .f-place") and "来自本句" in page.inner_text("#card .f-time")
    assert "指标：代表建议数" in page.inner_text("#card .card-head") and "指标：代表建议数" in row(page, "hr_suggestions").inner_text()
    assert "0.92" in row(page, "hr_suggestions").inner_text()
    # optional figures: shown by default, hidden or shown alone by the filter
    rows = lambda: page.locator("#facts tbody tr[data-i]").count()  # noqa: E731
    assert rows() == 7 and page.input_value("#f-kind") == ""
    page.select_option("#f-kind", "result")
    assert rows() == 6 and row(page, "rate").count() == 0
    page.select_option("#f-kind", "optional")
    assert rows() == 1 and row(page, "rate").count() == 1
    row(page, "rate").click()
    assert "目标" in page.inner_text("#card") and "依据“达到”" in page.inner_text("#card")
    page.select_option("#f-kind", "")
    # confidence: sort, and a band
    page.click('#facts th[data-key="conf"]')
    page.click('#facts th[data-key="conf"]')
    assert page.locator("#facts tbody tr[data-i]").first.get_attribute("data-id") == fact_id("hr_suggestions")
    page.click("#f-more")
    page.select_option("#f-conf", "0.9–1")
    assert rows() == 1 and row(page, "hr_suggestions").count() == 1


def test_the_day_can_be_corrected_and_a_town_elsewhere_is_asked_for(page, run, tmp_path):
    row(page, "hr_suggestions").click()  # a 华容县 fact
    page.keyboard.press("c")
    form = "#correct-form"
    page.fill(f'{form} input[name="locality"]', "东山街道")  # on this page only in 湘乡市
    hint = page.locator("#place-path")
    assert "ask" in hint.get_attribute("class") and "不在本县" in hint.inner_text()
    page.fill(f'{form} input[name="month"]', "2")
    page.fill(f'{form} input[name="day"]', "30")
    page.click("#do-save")
    assert "没有30日" in page.inner_text("#correct-err") and badge(page, "hr_suggestions") == "待审"
    page.fill(f'{form} input[name="month"]', "5")
    page.fill(f'{form} input[name="day"]', "15")
    page.click("#do-save")
    assert "点选" in page.inner_text("#correct-err") and badge(page, "hr_suggestions") == "待审"  # not silent
    page.click(f'#place-path button.cand[data-place="{XIANGXIANG}/东山街道"]')
    page.click("#do-save")
    assert badge(page, "hr_suggestions") == "已更正"
    fix = decisions(page)[-1]["correction"]
    assert fix["locality_path"] == XIANGXIANG + "/东山街道" and (fix["month"], fix["day"]) == (5, 15)
    with page.expect_download() as download:
        page.click("#export")
    download.value.save_as(tmp_path / "reviews.jsonl")
    assert cli(["review", str(run), "--apply", str(tmp_path / "reviews.jsonl")]) == 0
    from pipeline.review import apply_correction
    merged = {f["id"]: f for f in read_jsonl(run / "facts.jsonl")}[fact_id("hr_suggestions")]
    assert apply_correction(merged)["time"]["day"] == 15
    assert apply_correction(merged)["locality"]["path"] == XIANGXIANG + "/东山街道"


def test_touch_targets_are_44_px_on_a_phone(browser, run):
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto((run / PAGE).resolve().as_uri())
    row(page, "hr_suggestions").click()
    page.click("#do-correct")
    page.click("#f-more")
    small = page.evaluate("""() => [...document.querySelectorAll('button, input, select, textarea, tr[data-i]')]
      .filter((el) => { const r = el.getBoundingClientRect(); return r.width > 0 && r.height > 0 && el.offsetParent !== null; })
      .map((el) => { const r = el.getBoundingClientRect(); return [el.id || el.name || el.className || el.tagName, r.width, r.height]; })
      .filter(([, w, h]) => w < 44 || h < 44)""")
    assert not small, small
    checked = page.evaluate("document.querySelectorAll('#card button, #card input, .filters select').length")
    assert checked > 20
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    for sel in ("#do-save", '#correct-form input[name="people"]', "#do-accept"):  # nothing cut off
        page.locator(sel).scroll_into_view_if_needed()
        assert fully_visible(page, sel), sel
    ARTIFACTS.mkdir(exist_ok=True)
    page.locator("#card").scroll_into_view_if_needed()
    page.screenshot(path=str(ARTIFACTS / "review-390-form.png"))
    context.close()


@pytest.mark.slow
def test_an_edit_before_a_decided_fact_keeps_its_decision(browser, tmp_path, capsys):
    """1 and 7: the page finds a decision again by content after an edit changed the fact's
    id; --apply of the export made before the edit re-attaches it; `run` says it rewrote the page."""
    inputs, out = tmp_path / "in", tmp_path / "out"
    inputs.mkdir()
    (inputs / "a.txt").write_text("工作简报\n\n全县14个乡镇全部召开了会议。\n\n代表们收集意见建议100余条。\n",
                                  encoding="utf-8")
    run_pipeline([inputs], out, workers=1)
    assert cli(["review", str(out)]) == 0
    old = {f["subject"]: f["id"] for f in read_jsonl(out / "facts.jsonl")}
    subject = next(s for s in old if "建议" in s)
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(5000)
    page.goto((out / PAGE).resolve().as_uri())
    page.locator(f'#facts tbody tr[data-id="{old[subject]}"]').click()
    page.fill("#note", "核对无误")
    page.click("#do-accept")
    with page.expect_download() as download:
        page.click("#export")
    download.value.save_as(tmp_path / "before.jsonl")

    # a sentence inserted before the figure's (which is unchanged): every offset after it
    # moves, so the fact's id changes
    (inputs / "a.txt").write_text("工作简报\n\n今年以来，代表走访选民300余人次。\n\n全县14个乡镇全部召开了会议。\n\n"
                                  "代表们收集意见建议100余条。\n", encoding="utf-8")
    capsys.readouterr()
    assert cli(["run", str(inputs), "--out", str(out), "--workers", "1"]) == 0
    last = capsys.readouterr().err.strip().splitlines()[-1]
    assert last.endswith(f"rewrote {out / PAGE}"), last
    new = {f["subject"]: f["id"] for f in read_jsonl(out / "facts.jsonl")}
    assert new[subject] != old[subject]
    page.reload()
    tr = page.locator(f'#facts tbody tr[data-id="{new[subject]}"]')
    assert tr.locator(".badge").inner_text() == "已接受"
    assert "找回" in page.inner_text("#orphans") and "1" in page.inner_text("#orphans b")
    count = page.inner_text("#export-count")
    with page.expect_download() as download:
        page.click("#export")
    download.value.save_as(tmp_path / "after.jsonl")
    lines = read_jsonl(tmp_path / "after.jsonl")
    assert count == str(len(lines)) == "1"  # the badge says what the export holds
    assert lines[0]["fact_id"] == new[subject] and lines[0]["reattached_from"] == old[subject]
    assert lines[0]["note"] == "核对无误"
    context.close()

    # the export made before the edit: --apply finds the fact by content
    assert cli(["review", str(out), "--apply", str(tmp_path / "before.jsonl")]) == 0
    merged = {f["id"]: f for f in read_jsonl(out / "facts.jsonl")}[new[subject]]
    assert merged["review"]["status"] == "accepted" and merged["review"]["reattached_from"] == old[subject]


def test_a_long_table_fills_its_pane_on_a_phone_and_scrolls(browser, run, tmp_path):
    """Only the rows in view are drawn (spacer rows stand for the rest): the table keeps its
    columns on a phone, and scrolling draws the rows that come into view."""
    from tests.test_review_bench import load_bench

    big = tmp_path / "big"
    n = load_bench().synthesise(run, big, bulletins=60)
    assert cli(["review", str(big)]) == 0
    for viewport in (PHONE, VIEWPORT):
        context = browser.new_context(viewport=viewport)
        page = context.new_page()
        page.goto((big / PAGE).resolve().as_uri())
        columns = page.evaluate("""() => [...document.querySelectorAll('#facts thead th')].reduce((s, th) => s + th.offsetWidth, 0)
          / document.querySelector('#table-wrap').clientWidth""")
        assert columns > .97, columns  # no column made of a spacer's span over hidden columns
        drawn = page.locator("#facts tbody tr[data-i]").count()
        assert 8 < drawn < 40 < n  # a window of rows, not all of them
        page.evaluate("document.querySelector('#table-wrap').scrollTop = 2000")
        page.wait_for_timeout(100)
        first = page.evaluate("""() => { const w = document.querySelector('#table-wrap').getBoundingClientRect();
          const tr = document.elementFromPoint(w.left + 40, w.top + w.height / 2).closest('tr'); return tr && tr.dataset.i; }""")
        assert first is not None  # a drawn row, not a spacer, in the middle of the box
        context.close()


def test_decisions_are_stored_in_segments_and_the_old_form_is_read(browser, run, tmp_path):
    """A bulk accept of 270 facts is stored in two segments (a decision rewrites one) and
    survives a reload; undone, it is gone after a reload too.  A browser holding the last
    version's form (one list under the directory's key) keeps its decisions."""
    from tests.test_review_bench import load_bench

    big = tmp_path / "big"
    n = load_bench().synthesise(run, big, bulletins=90)
    assert cli(["review", str(big)]) == 0
    context = browser.new_context(viewport=VIEWPORT)
    page = context.new_page()
    page.goto((big / PAGE).resolve().as_uri())
    key = page.evaluate("'bulletin-ie:review:' + JSON.parse(document.getElementById('review-data').textContent).run.key")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click("#bulk-accept")
    page.reload()
    assert page.evaluate("window.bulletinReview.exportLines().length") == n > 200
    segments = page.evaluate(f"Object.keys(localStorage).filter((k) => k.startsWith('{key}:log:')).sort()")
    assert segments == [f"{key}:log:0", f"{key}:log:1"]
    assert page.inner_text("#export-count") == str(n)
    page.keyboard.press("u")  # nothing to undo after a reload: the stack is the session's
    page.evaluate(f"""() => {{ localStorage.clear(); localStorage.setItem('{key}', JSON.stringify({{decisions: [
      {{kind: 'review', fact_id: window.bulletinReview.state.rows[0].id, status: 'rejected', note: '旧页面的决定',
        correction: null, decided_at: '2024-01-01T00:00:00.000Z'}}]}})); }}""")
    page.reload()
    assert page.locator("#facts tbody tr[data-i] .badge").first.inner_text() == "已驳回"
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{key}')).segs") == 1  # now in the new form
    assert page.evaluate(f"JSON.parse(localStorage.getItem('{key}:log:0'))[0][6]").startswith("A")  # with its anchor
    context.close()

