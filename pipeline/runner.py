"""The batch runner behind ``bulletin-ie run``: parallel, resumable, loses nothing.

How a run works:

1. ``discover`` expands the inputs (files and folders, recursively) and gives
   every file a ``doc_id`` (its stem; a stem used twice gets a suffix).
2. Every document whose cache entry ``DIR/.cache/<doc_id>.jsonl`` was made
   from the same bytes by the same pipeline (``fingerprint``) is skipped;
   the others are processed, by one process, a pool of worker processes
   (each loads the models once) or a Dask cluster.  A document's records are
   written to its cache entry atomically as soon as it is done.
3. The stage files are assembled from the cache entries in input order, each
   written to a temporary file and renamed into place, then errors.jsonl and
   manifest.json.

Killing a run therefore leaves either the old or the new version of each
output file, never half a record, and the next run only redoes the
documents whose cache entry is missing.
"""
from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator

from . import __version__
from .ingest import SUPPORTED_SUFFIXES, IngestError
from .io import AtomicJsonlWriter, dumps, write_json_atomic
from .models import model_info
from .records import SCHEMA_VERSION, ErrorRecord
from .rules import rules_fingerprint
from .stages import STAGE_ORDER, STAGES, Pipeline, PipelineConfig

CACHE_DIR = ".cache"
KIND_TO_FILE = {kind: STAGES[name].output for name in STAGE_ORDER for kind in STAGES[name].provides}


@dataclass
class InputFile:
    path: Path
    doc_id: str
    sha256: str | None = None


@dataclass
class Outcome:
    """What processing one input gave: its records as JSON lines, or an error."""

    doc_id: str
    source: str
    lines: list[str] = field(default_factory=list)
    error: dict[str, Any] | None = None
    timings: dict[str, float] = field(default_factory=dict)
    chars: int = 0
    peak_rss_mb: float = 0.0  # of the process that did the work


def discover(inputs: Iterable[str | Path]) -> tuple[list[InputFile], list[ErrorRecord]]:
    """Expand files and folders into inputs with unique, deterministic doc ids."""
    paths: list[Path] = []
    errors: list[ErrorRecord] = []
    for item in inputs:
        p = Path(item)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and not any(part.startswith(".") for part in f.relative_to(p).parts):
                    if f.suffix.lower() in SUPPORTED_SUFFIXES:
                        paths.append(f)
                    else:
                        errors.append(ErrorRecord(str(f), "discover", "unsupported",
                                                  f"{f}: unsupported file type {f.suffix or '(none)'}; "
                                                  f"supported: {', '.join(SUPPORTED_SUFFIXES)}"))
        elif p.is_file():
            paths.append(p)
        else:
            errors.append(ErrorRecord(str(p), "discover", "missing", f"{p}: no such file or folder"))
    seen: set[str] = set()
    unique = [p for p in paths if not (str(p.resolve()) in seen or seen.add(str(p.resolve())))]
    return assign_doc_ids(unique), errors


def assign_doc_ids(paths: list[Path]) -> list[InputFile]:
    """The stem is the id; when stems collide, the first path in sorted order keeps
    it and each other gets ``stem~<6 hex digits of its path>``."""
    by_stem: dict[str, list[Path]] = {}
    for p in paths:
        by_stem.setdefault(p.stem, []).append(p)
    ids: dict[Path, str] = {}
    for stem, group in by_stem.items():
        for i, p in enumerate(sorted(group, key=str)):
            ids[p] = stem if i == 0 else f"{stem}~{hashlib.sha1(str(p).encode()).hexdigest()[:6]}"
    return [InputFile(p, ids[p]) for p in paths]


def fingerprint(config: PipelineConfig) -> str:
    """Changes whenever the code, rules, models or options could change an output."""
    parts = {"version": __version__, "schema": SCHEMA_VERSION, "rules": rules_fingerprint(),
             "models": model_info(config.models_dir), "config": config.as_dict()}
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


# -- per-document work (runs in workers) ------------------------------------

_PIPELINE: Pipeline | None = None
_PIPELINE_CONFIG: PipelineConfig | None = None


def _worker_pipeline(config: PipelineConfig) -> Pipeline:
    """One pipeline per process, built on first use."""
    global _PIPELINE, _PIPELINE_CONFIG
    if _PIPELINE is None or _PIPELINE_CONFIG != config:
        _PIPELINE, _PIPELINE_CONFIG = Pipeline(config), config
    return _PIPELINE


def process_input(path: str, doc_id: str, config: PipelineConfig) -> Outcome:
    """Process one file to JSON lines; any failure becomes an error record.

    A pure function of the file's bytes and the pipeline version, so it can
    run anywhere (a local pool or a Dask worker) with the same result.  A
    pipeline that cannot be built (a broken rule file, a missing model) is
    not a problem of this input: that error propagates and stops the run.
    """
    pipeline = _worker_pipeline(config)
    try:
        result = pipeline.process_path(path, doc_id)
    except IngestError as exc:
        err = ErrorRecord(path, "ingest", exc.code, str(exc), exc.line)
        return Outcome(doc_id, path, error=err.to_dict())
    except Exception as exc:  # one bad document must not stop the others
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        err = ErrorRecord(path, "pipeline", "internal", f"{path}: internal error: {tb}")
        return Outcome(doc_id, path, error=err.to_dict())
    lines = [dumps(rec) for stage in STAGE_ORDER for rec in result.records(stage)]
    return Outcome(doc_id, path, lines, timings=result.timings, chars=len(result.document.text),
                   peak_rss_mb=_peak_rss_mb())


def _peak_rss_mb() -> float:
    try:
        import resource
    except ImportError:  # pragma: no cover - not on POSIX
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# -- the batch --------------------------------------------------------------

@dataclass
class RunSummary:
    """What a run did: inputs processed now, reused from the last run (unchanged), failed."""

    processed: int = 0
    reused: int = 0
    failed: int = 0
    interrupted: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    review_page: str | None = None  # review.html, when the run rewrote it

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


class Progress:
    """A progress bar on a terminal, plain log lines otherwise, nothing when quiet.

    Speed counts from the first document (after the models are loaded), and
    each failed input gets exactly one line: ``error: <file>: <reason>``.
    """

    def __init__(self, total: int, quiet: bool = False, stream=None):
        self.stream = stream or sys.stderr
        self.total, self.quiet = total, quiet
        self.done = self.failed = self.chars = 0
        self.t0 = time.perf_counter()
        self._bar = None
        if not quiet and total and self.stream.isatty():
            from rich.console import Console
            from rich.progress import BarColumn, Progress as RichProgress, TextColumn, TimeRemainingColumn

            self._bar = RichProgress(TextColumn("{task.description}"), BarColumn(),
                                     TextColumn("{task.completed}/{task.total} files"),
                                     TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[failed]}"),
                                     TimeRemainingColumn(), transient=False,
                                     console=Console(file=self.stream))
            self._task = self._bar.add_task("bulletin-ie", total=total, rate="", failed="")
            self._bar.start()

    def loading(self) -> None:
        """Say that the models are loading (the bar would otherwise sit at 0 with no word)."""
        self._loading_t0 = time.perf_counter()
        if self._bar is not None:
            self._bar.update(self._task, description="loading models…")
        elif not self.quiet:
            print("loading models…", end="", file=self.stream, flush=True)

    def loaded(self) -> None:
        """The models are loaded: say how long it took, and start the speed clock."""
        seconds = time.perf_counter() - getattr(self, "_loading_t0", time.perf_counter())
        if self._bar is not None:
            self._bar.update(self._task, description="bulletin-ie")
            self._bar.console.print(f"loading models… ({seconds:.1f} s)")
        elif not self.quiet:
            print(f" ({seconds:.1f} s)", file=self.stream, flush=True)
        self.t0 = time.perf_counter()

    def error(self, message: str) -> None:
        """One line for an input that could not be processed (``message`` names the file)."""
        if self._bar is not None:
            self._bar.console.print(f"error: {message}", markup=False, highlight=False)
        elif not self.quiet:
            print(f"error: {message}", file=self.stream, flush=True)

    def update(self, outcome: Outcome) -> None:
        self.done += 1
        self.chars += outcome.chars
        self.failed += outcome.error is not None
        rate = self.chars / max(time.perf_counter() - self.t0, 1e-9)
        if self._bar is not None:
            if outcome.error:
                self.error(outcome.error["message"])
            self._bar.update(self._task, advance=1, rate=f"{rate:,.0f} chars/s",
                             failed=f"{self.failed} failed" if self.failed else "")
        elif not self.quiet:
            if outcome.error:
                print(f"[{self.done}/{self.total}] error: {outcome.error['message']}",
                      file=self.stream, flush=True)
            else:
                print(f"[{self.done}/{self.total}] {outcome.source}: ok, {outcome.chars:,} chars "
                      f"({rate:,.0f} chars/s)", file=self.stream, flush=True)

    def note(self, message: str) -> None:
        if not self.quiet:
            (self._bar.console.print if self._bar else lambda m: print(m, file=self.stream))(message)

    def close(self) -> None:
        if self._bar is not None:
            self._bar.stop()


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
        quiet_library_logs()

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

    # running -------------------------------------------------------------------
    def _execute(self, pending: list[InputFile], progress: "Progress") -> Iterator[Outcome]:
        args = [(str(i.path), i.doc_id, self.config) for i in pending]
        if pending and not self.dask:
            # Build the pipeline here, once: a setup error stops the run before
            # any input is tried, and forked workers inherit the loaded models.
            progress.loading()
            _worker_pipeline(self.config)
            progress.loaded()
        if self.dask:
            from .distributed import run_on_dask

            yield from run_on_dask(self.dask, args, self.workers)
        elif self.workers == 1 or len(pending) <= 1:
            for a in args:
                yield process_input(*a)
        else:
            import multiprocessing as mp

            ctx = mp.get_context("fork" if sys.platform.startswith("linux") else "spawn")
            with ctx.Pool(min(self.workers, len(pending))) as pool:
                yield from pool.imap_unordered(_process_args, args, chunksize=1)

    def run(self, inputs: Iterable[str | Path]) -> RunSummary:
        started = time.time()
        t0 = time.perf_counter()
        items, errors = discover(inputs)
        for err in errors:
            self.log(f"error: {err.message}")
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
        (self.out / CACHE_DIR).mkdir(parents=True, exist_ok=True)
        by_id = {i.doc_id: i for i in pending}
        failed: dict[str, dict] = {}
        timings: Counter = Counter()
        peak_rss = 0.0
        progress = Progress(len(pending), self.quiet)
        try:
            for outcome in self._execute(pending, progress):
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
            progress.note("interrupted: writing the outputs of the documents done so far")
        finally:
            progress.close()
        for doc_id, err in failed.items():
            errors.append(ErrorRecord.from_dict(err))
        summary.failed = len(errors)
        failed_ids = set(failed)
        done = [i for i in readable if i.doc_id not in failed_ids and self._cached(i, fp)]
        summary.counts = self._assemble(done, errors)
        from .catalogue import annotate_run  # across bulletins: duplicates, conflicts

        annotate_run(self.out)
        stats = RunStats(started, time.perf_counter() - t0, dict(timings), peak_rss)
        self._manifest(items, done, failed_ids, errors, summary, fp, stats)
        from .review import refresh_after_run
        page = refresh_after_run(self.out)  # a review.html there would show the old run's facts
        summary.review_page = str(page) if page else None
        return summary

    def _assemble(self, done: list[InputFile], errors: list[ErrorRecord]) -> dict[str, int]:
        """Write every stage file from the cache entries, in input order, atomically."""
        from .review import load_decisions, merge_review

        decisions = load_decisions(self.out)  # reviewers' decisions survive a rerun
        writers = {name: AtomicJsonlWriter(self.out / name) for name in dict.fromkeys(KIND_TO_FILE.values())}
        try:
            for item in done:
                with self._cache_path(item.doc_id).open(encoding="utf-8") as fh:
                    fh.readline()  # the cache header
                    for line in fh:
                        kind = line_kind(line)
                        if kind == "fact" and decisions:
                            line = dumps(merge_review(json.loads(line), decisions))
                        writers[KIND_TO_FILE[kind]].write_line(line)
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
                  errors: list[ErrorRecord], summary: RunSummary, fp: str, stats: "RunStats") -> None:
        from .stages import OUTPUT_FILES

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


def quiet_library_logs() -> None:
    """pypdf logs its own complaints ("invalid pdf header", "EOF marker not found")
    about a file we then report once, as an error line: keep its log to itself."""
    import logging

    for name in ("pypdf",):
        logger = logging.getLogger(name)
        logger.addHandler(logging.NullHandler())
        logger.propagate = False


def line_kind(line: str) -> str:
    """The record kind of a JSON line; our own lines start with it, so no parsing."""
    prefix = '{"kind":"'
    if line.startswith(prefix):
        return line[len(prefix):line.index('"', len(prefix))]
    return json.loads(line)["kind"]


def _process_args(args: tuple) -> Outcome:
    return process_input(*args)
