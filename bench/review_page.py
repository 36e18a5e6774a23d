"""How fast the review page answers with 200 bulletins (about 8,200 facts).

    python bench/review_page.py RUN_DIR [--copies N] [--out DIR]

RUN_DIR is a run's output directory (the seeds': 5 bulletins, 205 facts).  Its
records are replicated with new ids (doc ``X`` becomes ``X_c007``, every record
id gets the copy's suffix) until there are 200 bulletins, written to --out,
and review.html is built there.  Then headless Chromium (Debian's, 1366×768)
loads the page and times each reviewer action in the page itself with
performance.now(): from the event to the first frame after it (requestAnimationFrame,
then a task), so layout and paint of the result count.  Each action runs 5
times; prints min, median and max per action and exits 1 if a median reaches
100 ms (on a machine shared with other work the minimum is the page's own cost).
"""
from __future__ import annotations

import argparse
import json
import shutil
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from pipeline.review import write_page  # noqa: E402

FILES = ("documents.jsonl", "sentences.jsonl", "entities.jsonl", "indicators.jsonl", "facts.jsonl")
LIMIT_MS = 100.0
REPEATS = 5


def _renamed(obj: dict, k: int) -> dict:
    """A record of copy k: its doc id and every record id (and reference) suffixed."""
    suffix = f"_c{k:03d}"
    obj = json.loads(json.dumps(obj))
    if "doc_id" in obj:
        obj["doc_id"] += suffix
    for key in ("id", "indicator_id", "entity_id", "time_id"):
        if isinstance(obj.get(key), str):
            obj[key] += suffix
    for key in ("locality", "body", "time"):
        sub = obj.get(key)
        if isinstance(sub, dict):
            for ref in ("entity_id", "time_id"):
                if isinstance(sub.get(ref), str):
                    sub[ref] += suffix
    return obj


def synthesise(src: Path, dest: Path, bulletins: int = 200) -> int:
    """Write a run directory of ``bulletins`` bulletins made from ``src``; returns the fact count."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    records = {name: [json.loads(x) for x in (src / name).open(encoding="utf-8") if x.strip()]
               for name in FILES}
    doc_ids = [d["doc_id"] for d in records["documents.jsonl"]]
    wanted = [(k, doc_ids[n % len(doc_ids)]) for k, n in
              ((n // len(doc_ids), n) for n in range(bulletins))]
    facts = 0
    for name in FILES:
        by_doc: dict[str, list[dict]] = {}
        for obj in records[name]:
            by_doc.setdefault(obj["doc_id"], []).append(obj)
        with (dest / name).open("w", encoding="utf-8") as out:
            for k, doc_id in wanted:
                for obj in by_doc.get(doc_id, []):
                    out.write(json.dumps(_renamed(obj, k), ensure_ascii=False) + "\n")
                    facts += name == "facts.jsonl"
    return facts


# Each action: JavaScript run in the page; timed from its start to the next frame.
ACTIONS = [
    ("search: type 代", "typeQ('代')"), ("search: type 代表", "typeQ('代表')"),
    ("search: type 代表建", "typeQ('代表建')"), ("search: type 代表建议", "typeQ('代表建议')"),
    ("search: no match 龘龘", "typeQ('龘龘')"), ("search: clear", "typeQ('')"),
    ("filter: status 待审", "pick('#f-status', 'pending')"), ("filter: status all", "pick('#f-status', '')"),
    ("filter: a locality", "pick('#f-locality', document.querySelector('#f-locality').options[2].value)"),
    ("filter: locality all", "pick('#f-locality', '')"),
    ("filter: a year", "pick('#f-year', document.querySelector('#f-year').options[1].value)"),
    ("filter: year all", "pick('#f-year', '')"),
    ("sort: value", "document.querySelector('th[data-key=value]').click()"),
    ("sort: value descending", "document.querySelector('th[data-key=value]').click()"),
    ("sort: subject", "document.querySelector('th[data-key=subject]').click()"),
    ("sort: bulletin", "document.querySelector('th[data-key=doc]').click()"),
    ("select a row", "document.querySelectorAll('#facts tbody tr')[5].click()"),
    ("select a row of another bulletin", "document.querySelectorAll('#facts tbody tr')[45].click()"),
    ("pick a bulletin to read", "pick('#doc-select', '3')"),
    ("next fact (j)", "key('j')"), ("next fact (j) again", "key('j')"),
    ("accept (a)", "key('a')"), ("reject (x)", "key('x')"), ("undo (u)", "key('u')"),
    ("open correction (c)", "key('c')"),
    ("next page", "document.querySelector('#pager button[data-page=\"1\"]').click()"),
    ("search: type 华容 after decisions", "typeQ('华容')"), ("search: clear again", "typeQ('')"),
    ("bulk accept one bulletin", "pick('#f-doc', '7'); window.confirm = () => true; document.querySelector('#bulk-accept').click()"),
    ("show all again", "pick('#f-doc', '')"),
]
HELPERS = """
window.typeQ = (s) => { const q = document.querySelector('#q'); q.value = s; q.dispatchEvent(new Event('input', {bubbles: true})); };
window.pick = (sel, v) => { const el = document.querySelector(sel); el.value = v; el.dispatchEvent(new Event('change', {bubbles: true})); };
window.key = (k) => { document.activeElement && document.activeElement.blur(); document.dispatchEvent(new KeyboardEvent('keydown', {key: k, bubbles: true})); };
window.timed = async (code) => {
  const t0 = performance.now();
  (0, eval)(code);
  await new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0)));
  return performance.now() - t0;
};
"""


def measure(page_path: Path, chromium: str = "/usr/bin/chromium") -> list[tuple[str, float]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium,
                                    args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page(viewport={"width": 1366, "height": 768})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        page.goto(page_path.resolve().as_uri())
        load = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        page.evaluate(HELPERS)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Performance.enable")

        def thread_time() -> float:  # CPU seconds of the page's main thread
            return next(m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]
                        if m["name"] == "ThreadTime")

        results = [("page load (navigation to load event)", [load], None)]
        for name, code in ACTIONS:  # each action REPEATS times in a row (same cost each time)
            cpu0 = thread_time()
            times = sorted(page.evaluate("(c) => timed(c)", code) for _ in range(REPEATS))
            results.append((name, times, (thread_time() - cpu0) * 1000 / REPEATS))
        browser.close()
        if errors:
            raise RuntimeError(f"page errors: {errors}")
    return results


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("run_dir", type=Path)
    ap.add_argument("--bulletins", type=int, default=200)
    ap.add_argument("--out", type=Path, default=Path("/tmp/bulletin-ie-review-bench"))
    args = ap.parse_args()
    n = synthesise(args.run_dir, args.out, args.bulletins)
    page = write_page(args.out)
    print(f"{args.bulletins} bulletins, {n} facts: {page} ({page.stat().st_size / 1e6:.1f} MB)")
    results = measure(page)
    print(f"{'min':>8} {'median':>8} {'max':>8} {'cpu':>8}  ms, {REPEATS} runs each "
          "(wall time to the next frame; cpu: main-thread CPU time per run)")
    for name, ts, cpu in results:
        print(f"{ts[0]:8.1f} {ts[len(ts) // 2]:8.1f} {ts[-1]:8.1f} {'' if cpu is None else f'{cpu:8.1f}':>8}  {name}")
    worst_min = max(ts[0] for _, ts, _ in results[1:])
    worst_median = max(ts[len(ts) // 2] for _, ts, _ in results[1:])
    worst_cpu = max(cpu for _, _, cpu in results[1:])
    print(f"slowest action: {worst_min:.1f} ms at best, {worst_median:.1f} ms median, "
          f"{worst_cpu:.1f} ms main-thread CPU (limit {LIMIT_MS:.0f} ms)")
    return 0 if worst_median < LIMIT_MS else 1


if __name__ == "__main__":
    sys.exit(main())
