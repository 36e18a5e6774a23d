"""The per-document work of a run, wherever it runs: this process, a pool
worker or a Dask worker (``distributed``).

``process_input`` is a pure function of a file's bytes and the pipeline
version: it returns the document's records as JSON lines, or an error record.
A pipeline that cannot be built (a broken rules file, a missing model) is not
a problem of one input: that error propagates and stops the run.

Pool workers ignore SIGINT: on Ctrl-C the terminal signals the whole process
group, and only the parent should answer (it writes what is done and says so
in one line).  While a long document is processed, its stages report progress
(``Throttle``), to the parent's display through a queue in a pool.
"""
from __future__ import annotations

import logging
import signal
import time
import traceback
from dataclasses import dataclass, field
from typing import Any, Callable

try:
    import resource
except ImportError:  # pragma: no cover - not on POSIX
    resource = None

from .errors import IngestError
from .io import dumps
from .records import ErrorRecord
from .stages import STAGE_ORDER, Pipeline, PipelineConfig

# progress of one document: (doc_id, source, stage, done, total)
DocProgress = Callable[[str, str, str, int, int], None]


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


class Throttle:
    """A stage's progress reports for one document, passed on only when the document
    has taken ``after`` seconds (short ones show nothing) and then at most every ``every``."""

    def __init__(self, doc_id: str, source: str, report: DocProgress, after: float = 1.0,
                 every: float = 0.5):
        self.doc_id, self.source, self.report = doc_id, source, report
        self.every = every
        self.t0 = time.monotonic()
        self.next = self.t0 + after

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = time.monotonic()
        if now >= self.next:
            self.next = now + self.every
            self.report(self.doc_id, self.source, stage, done, total)


_PIPELINE: Pipeline | None = None
_PIPELINE_CONFIG: PipelineConfig | None = None
_POOL_PROGRESS: Any = None  # a pool worker's queue to the parent's display


def worker_pipeline(config: PipelineConfig) -> Pipeline:
    """One pipeline per process, built on first use."""
    global _PIPELINE, _PIPELINE_CONFIG
    if _PIPELINE is None or _PIPELINE_CONFIG != config:
        quiet_library_logs()
        _PIPELINE, _PIPELINE_CONFIG = Pipeline(config), config
    return _PIPELINE


def quiet_library_logs() -> None:
    """pypdf logs its own complaints ("invalid pdf header", "EOF marker not found")
    about a file we then report once, as an error line: keep its log to itself."""
    logger = logging.getLogger("pypdf")
    if not logger.handlers:
        logger.addHandler(logging.NullHandler())
    logger.propagate = False


def process_input(path: str, doc_id: str, config: PipelineConfig,
                  progress: DocProgress | None = None) -> Outcome:
    """Process one file to JSON lines; any failure of the input becomes an error record."""
    pipeline = worker_pipeline(config)
    throttle = Throttle(doc_id, path, progress) if progress else None
    try:
        result = pipeline.process_path(path, doc_id, progress=throttle)
    except IngestError as exc:
        err = ErrorRecord(path, "ingest", exc.code, str(exc), exc.line)
        return Outcome(doc_id, path, error=err.to_dict())
    except Exception as exc:  # one bad document must not stop the others
        tb = traceback.format_exception_only(type(exc), exc)[-1].strip()
        err = ErrorRecord(path, "pipeline", "internal", f"{path}: internal error: {tb}")
        return Outcome(doc_id, path, error=err.to_dict())
    lines = [dumps(rec) for stage in STAGE_ORDER for rec in result.records(stage)]
    return Outcome(doc_id, path, lines, timings=result.timings, chars=len(result.document.text),
                   peak_rss_mb=peak_rss_mb())


def peak_rss_mb() -> float:
    if resource is None:  # pragma: no cover
        return 0.0
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def init_pool_worker(queue: Any = None) -> None:
    """A pool worker: Ctrl-C is the parent's to answer; progress goes to ``queue``."""
    global _POOL_PROGRESS
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _POOL_PROGRESS = queue


def _to_queue(*message) -> None:
    _POOL_PROGRESS.put(message)


def process_in_pool(args: tuple) -> Outcome:
    """``process_input`` in a pool worker, its progress sent to the parent when asked."""
    return process_input(*args, progress=_to_queue if _POOL_PROGRESS is not None else None)
