"""The batch runner behind ``bulletin-ie run``: parallel, resumable, loses nothing.

How a run works:

1. ``discover`` expands the inputs (files and folders, recursively) and gives
   every file a ``doc_id`` (its stem; a stem used twice gets a suffix).  A
   missing input path stops the run before anything is written, as does an
   output folder that cannot be made.
2. Every document whose cache entry ``DIR/.cache/<doc_id>.jsonl`` was made
   from the same bytes by the same pipeline (``fingerprint``) is reused;
   the others are processed (``work.process_input``), by this process, a
   pool of worker processes (each inherits the loaded models) or a Dask
   cluster.  A document's records are written to its cache entry atomically
   as soon as it is done.
3. The stage files are written once each, in their final form, from the cache
   entries in input order: facts.jsonl after the run-level annotation
   (``crossdoc``: reviewers' decisions, duplicates, conflicts); then
   errors.jsonl, manifest.json, and review.html if there is one.

Killing a run therefore leaves either the old or the new version of each
output file, never half a record, and the next run only redoes the
documents whose cache entry is missing.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing as mp
import os
import queue
import signal
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import __version__
from .crossdoc import annotate
from .discover import InputFile, discover
from .distributed import run_on_dask
from .errors import OutputError, UsageError
from .io import AtomicJsonlWriter, dumps, write_json_atomic
from .models import model_info
from .progress import Progress
from .records import SCHEMA_VERSION, ErrorRecord
from .review import load_decisions, merge_review, refresh_after_run
from .rules import rules_fingerprint
from .stages import KIND_TO_FILE, OUTPUT_FILES, PipelineConfig
from .work import Outcome, init_pool_worker, process_in_pool, process_input, worker_pipeline

CACHE_DIR = ".cache"
FACTS_FILE = KIND_TO_FILE["fact"]


def fingerprint(config: PipelineConfig) -> str:
    """Changes whenever the code, rules, models or options could change an output."""
    parts = {"version": __version__, "schema": SCHEMA_VERSION, "rules": rules_fingerprint(),
             "models": model_info(config.models_dir), "config": config.as_dict()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


@dataclass
class RunSummary:
    """What a run did: inputs processed now, reused from the last run (unchanged), failed."""

    processed: int = 0
    reused: int = 0
    failed: int = 0
    interrupted: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    review_page: Path | None = None  # review.html, when the run rewrote it

    @property
    def skipped(self) -> int:
        """The former name of ``reused``."""
        return self.reused

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return 130
        return 1 if self.failed else 0


@dataclass
class RunStats:
    """Timings and memory of a run, for manifest.json."""

    started: float  # epoch seconds
    wall: float
    stage_seconds: dict[str, float]
    peak_rss_mb: float


class BatchRunner:
    """Runs the whole pipeline over many inputs into one output directory."""

    def __init__(self, out_dir: str | Path, config: PipelineConfig | None = None,
                 workers: int | None = None, force: bool = False, quiet: bool = False,
                 dask: str | None = None, log: Callable[[str], None] | None = None):
        self.out = Path(out_dir)
        self.config = config or PipelineConfig()
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.force, self.quiet, self.dask = force, quiet, dask
        self.log = log or (lambda m: None if quiet else print(m, file=sys.stderr))

    # cache entries -----------------------------------------------------------
    def _cache_path(self, doc_id: str) -> Path:
        return self.out / CACHE_DIR / f"{doc_id}.jsonl"

    def _cached(self, item: InputFile, fp: str) -> bool:
        path = self._cache_path(item.doc_id)
        try:
            with path.open(encoding="utf-8") as fh:
                head = json.loads(fh.readline())
        except (OSError, ValueError):
            return False
        return head.get("raw_sha256") == item.sha256 and head.get("fingerprint") == fp

    def _store(self, item: InputFile, outcome: Outcome, fp: str) -> None:
        head = {"kind": "cache", "doc_id": item.doc_id, "source": str(item.path),
                "raw_sha256": item.sha256, "fingerprint": fp, "timings": outcome.timings,
                "chars": outcome.chars}
        with AtomicJsonlWriter(self._cache_path(item.doc_id)) as w:
            w.write(head)
            for line in outcome.lines:
                w.write_line(line)

    def _prepare(self) -> None:
        """Make the output folder (and its cache) now, or say in one line why it cannot be."""
        try:
            (self.out / CACHE_DIR).mkdir(parents=True, exist_ok=True)
            probe = self.out / CACHE_DIR / f".probe-{os.getpid()}"
            probe.touch()
            probe.unlink()
        except OSError as exc:
            raise OutputError.of(exc, str(self.out)) from None

    # running -------------------------------------------------------------------
    def _execute(self, pending: list[InputFile], progress: Progress) -> Iterator[Outcome]:
        args = [(str(i.path), i.doc_id, self.config) for i in pending]
        if not pending:
            return
        if self.dask:
            yield from run_on_dask(self.dask, args, self.workers)
            return
        # Build the pipeline here, once: a setup error stops the run before any
        # input is tried, and forked workers inherit the loaded models.
        progress.loading()
        worker_pipeline(self.config)
        progress.loaded()
        report = progress.document if progress.live else None
        if self.workers == 1 or len(pending) <= 1:
            for a in args:
                yield process_input(*a, progress=report)
            return
        ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
        messages = ctx.Queue() if report else None
        listener = _Listener(messages, report) if report else None
        try:
            with ctx.Pool(min(self.workers, len(pending)), initializer=init_pool_worker,
                          initargs=(messages,)) as pool:
                yield from pool.imap_unordered(process_in_pool, args, chunksize=1)
        finally:
            if listener:
                listener.stop()

    def run(self, inputs: Iterable[str | Path]) -> RunSummary:
        started = time.time()
        t0 = time.perf_counter()
        found = discover(inputs)
        if found.missing:
            raise UsageError(f"{found.missing[0]}: no such file or folder"
                             + (f" (and {len(found.missing) - 1} more)" if len(found.missing) > 1 else ""))
        self._prepare()
        items, errors = found.items, list(found.errors)
        for err in errors:
            self.log(f"error: {err.message}")
        if found.skipped_line():
            self.log(found.skipped_line())
        fp = fingerprint(self.config)
        for item in items:
            try:
                item.sha256 = hashlib.sha256(item.path.read_bytes()).hexdigest()
            except OSError as exc:
                errors.append(ErrorRecord(str(item.path), "discover", "io",
                                          f"{item.path}: cannot read: {exc.strerror}"))
                self.log(f"error: {errors[-1].message}")
        readable = [i for i in items if i.sha256]
        pending = [i for i in readable if self.force or not self._cached(i, fp)]
        summary = RunSummary(reused=len(readable) - len(pending))
        if summary.reused:
            self.log(f"{summary.reused} input(s) unchanged since the last run: reusing their results "
                     f"(--force redoes them)")
        by_id = {i.doc_id: i for i in pending}
        failed: dict[str, dict] = {}
        timings: Counter = Counter()
        peak_rss = 0.0
        progress = Progress(len(pending), self.quiet)
        outcomes = self._execute(pending, progress)
        ctrl_c = CtrlC()
        try:
            for outcome in ctrl_c.watching(outcomes):
                item = by_id[outcome.doc_id]
                if outcome.error:
                    failed[item.doc_id] = outcome.error
                    self._cache_path(item.doc_id).unlink(missing_ok=True)
                else:
                    self._store(item, outcome, fp)
                    timings.update(outcome.timings)
                    peak_rss = max(peak_rss, outcome.peak_rss_mb)
                    summary.processed += 1
                progress.update(outcome)
        except KeyboardInterrupt:
            summary.interrupted = True
        finally:
            ctrl_c.restore()
            outcomes.close()  # stops the pool's workers now
            progress.close()
        errors += [ErrorRecord.from_dict(err) for err in failed.values()]
        summary.failed = len(errors)
        done = [i for i in readable if i.doc_id not in failed and self._cached(i, fp)]
        summary.counts = self._assemble(done, errors)
        stats = RunStats(started, time.perf_counter() - t0, dict(timings), peak_rss)
        self._manifest(items, done, set(failed), errors, summary, fp, stats)
        summary.review_page = refresh_after_run(self.out)  # an old page would show the old facts
        return summary

    def _assemble(self, done: list[InputFile], errors: list[ErrorRecord]) -> dict[str, int]:
        """Write every stage file once, from the cache entries in input order, atomically;
        the facts after the run-level annotation."""
        decisions = load_decisions(self.out)  # reviewers' decisions survive a rerun
        writers = {name: AtomicJsonlWriter(self.out / name) for name in OUTPUT_FILES if name != FACTS_FILE}
        facts: list[dict[str, Any]] = []
        try:
            for item in done:
                with self._cache_path(item.doc_id).open(encoding="utf-8") as fh:
                    fh.readline()  # the cache header
                    for line in fh:
                        kind = line_kind(line)
                        if kind == "fact":
                            fact = json.loads(line)
                            facts.append(merge_review(fact, decisions) if decisions else fact)
                        else:
                            writers[KIND_TO_FILE[kind]].write_line(line)
            annotate(facts, reclassify=False)  # across bulletins: duplicates, conflicts
            writers[FACTS_FILE] = AtomicJsonlWriter(self.out / FACTS_FILE)
            for fact in facts:
                writers[FACTS_FILE].write_line(dumps(fact))
        except BaseException:
            for w in writers.values():
                w.abort()
            raise
        for w in writers.values():
            w.close()
        with AtomicJsonlWriter(self.out / "errors.jsonl") as w:
            w.write_all(errors)
        return {name: w.count for name, w in writers.items()} | {"errors.jsonl": len(errors)}

    def _manifest(self, items: list[InputFile], done: list[InputFile], failed_ids: set[str],
                  errors: list[ErrorRecord], summary: RunSummary, fp: str, stats: RunStats) -> None:
        chars = 0
        inputs = []
        for item in items:
            status = "failed" if item.doc_id in failed_ids else "ok" if item in done else "not processed"
            inputs.append({"path": str(item.path), "doc_id": item.doc_id, "sha256": item.sha256,
                           "status": status})
        for item in done:
            with self._cache_path(item.doc_id).open(encoding="utf-8") as fh:
                chars += json.loads(fh.readline()).get("chars", 0)
        write_json_atomic(self.out / "manifest.json", {
            "package": "bulletin-ie", "version": __version__, "schema_version": SCHEMA_VERSION,
            "fingerprint": fp, "rules": rules_fingerprint(), "models": model_info(self.config.models_dir),
            "config": self.config.as_dict(),
            "started": time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(stats.started)),
            "wall_seconds": round(stats.wall, 3), "workers": self.workers, "dask": self.dask,
            "interrupted": summary.interrupted,
            "documents": {"ok": len(done), "processed_now": summary.processed,
                          "reused": summary.reused, "failed": len(errors)},
            "characters": chars,
            "stage_seconds": {k: round(v, 3) for k, v in stats.stage_seconds.items()},
            "peak_rss_mb_per_worker": round(stats.peak_rss_mb, 1),
            "outputs": {name: summary.counts.get(name, 0) for name in OUTPUT_FILES + ["errors.jsonl"]},
            "inputs": inputs,
            "failures": [{"source": e.source, "error": e.error, "message": e.message} for e in errors],
        })


class CtrlC:
    """Ctrl-C during a run, never lost.

    Python raises KeyboardInterrupt wherever the main thread happens to be, and
    where that is a finalizer (a generator closed by the garbage collector, a
    ``__del__``) the exception is printed and dropped: the run would go on as
    if nothing had happened.  So the signal also sets a flag, which ``watching``
    reads after every document."""

    def __init__(self):
        self.seen = False
        self.previous = None
        if threading.current_thread() is threading.main_thread():
            self.previous = signal.signal(signal.SIGINT, self._handle)

    def _handle(self, signum, frame) -> None:
        self.seen = True
        raise KeyboardInterrupt

    def watching(self, outcomes: Iterator[Outcome]) -> Iterator[Outcome]:
        for outcome in outcomes:
            yield outcome
            if self.seen:
                raise KeyboardInterrupt

    def restore(self) -> None:
        if self.previous is not None:
            signal.signal(signal.SIGINT, self.previous)
            self.previous = None


class _Listener:
    """A thread in the parent passing the pool workers' progress messages to the display."""

    def __init__(self, messages: Any, report: Callable[..., None]):
        self.messages, self.report = messages, report
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self) -> None:
        while True:
            try:
                message = self.messages.get(timeout=0.5)
            except queue.Empty:
                continue
            except (EOFError, OSError):
                return
            if message is None:
                return
            self.report(*message)

    def stop(self) -> None:
        self.messages.put(None)
        self.thread.join(timeout=2)


def line_kind(line: str) -> str:
    """The record kind of a JSON line; our own lines start with it, so no parsing."""
    prefix = '{"kind":"'
    if line.startswith(prefix):
        return line[len(prefix):line.index('"', len(prefix))]
    return json.loads(line)["kind"]


def run_summary_line(summary: RunSummary, out: str | Path) -> str:
    """The run's last line: what was done, where the outputs are, and the review page."""
    line = (f"{summary.processed} processed, {summary.reused} reused, {summary.failed} failed "
            f"-> {out}")
    if summary.interrupted:
        line = f"interrupted: {line} (run the same command again to finish)"
    if summary.review_page is not None:
        line += f"; rewrote {summary.review_page}"
    return line
