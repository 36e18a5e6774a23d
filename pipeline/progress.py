"""What a run shows while it works: a progress bar on a terminal, plain log
lines otherwise, nothing when quiet.

Speed counts from the first document (after the models are loaded), and each
failed input gets exactly one line: ``error: <file>: <reason>``.  On a
terminal, a document that takes long (a yearbook, a whole year's newsletters
in one file) gets a line of its own saying which stage it is in and how far
that stage has got (``document``), fed by the stages' progress callbacks.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.progress import BarColumn, Progress as RichProgress, TextColumn, TimeRemainingColumn

if TYPE_CHECKING:
    from .work import Outcome


class Progress:
    """The run's display (see the module's docstring)."""

    def __init__(self, total: int, quiet: bool = False, stream=None):
        self.stream = stream or sys.stderr
        self.total, self.quiet = total, quiet
        self.done = self.failed = self.chars = 0
        self.t0 = time.perf_counter()
        self._bar = None
        self._docs: dict[str, int] = {}  # doc id -> its task on the bar
        self._finished: set[str] = set()
        if not quiet and total and self.stream.isatty():
            self._bar = RichProgress(TextColumn("{task.description}"), BarColumn(),
                                     TextColumn("{task.fields[count]}"),
                                     TextColumn("{task.fields[rate]}"), TextColumn("{task.fields[failed]}"),
                                     TimeRemainingColumn(), transient=False,
                                     console=Console(file=self.stream))
            self._task = self._bar.add_task("bulletin-ie", total=total, rate="", failed="",
                                            count=f"0/{total} files")
            self._bar.start()

    @property
    def live(self) -> bool:
        """Whether a bar is shown (so that documents' own progress can be)."""
        return self._bar is not None

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

    def document(self, doc_id: str, source: str, stage: str, done: int, total: int) -> None:
        """A long document's progress: its stage, and how far the stage has got."""
        if self._bar is None or doc_id in self._finished:
            return
        count = f"{done:,}/{total:,}" if total else ""
        task = self._docs.get(doc_id)
        description = f"  {Path(source).name}: {stage}"
        if task is None:
            self._docs[doc_id] = self._bar.add_task(description, total=total or None, completed=done,
                                                    rate="", failed="", count=count)
        else:
            self._bar.update(task, description=description, total=total or None, completed=done,
                             count=count)

    def error(self, message: str) -> None:
        """One line for an input that could not be processed (``message`` names the file)."""
        if self._bar is not None:
            self._bar.console.print(f"error: {message}", markup=False, highlight=False)
        elif not self.quiet:
            print(f"error: {message}", file=self.stream, flush=True)

    def update(self, outcome: "Outcome") -> None:
        self.done += 1
        self.chars += outcome.chars
        self.failed += outcome.error is not None
        rate = self.chars / max(time.perf_counter() - self.t0, 1e-9)
        if self._bar is not None:
            self._finished.add(outcome.doc_id)
            task = self._docs.pop(outcome.doc_id, None)
            if task is not None:
                self._bar.remove_task(task)
            if outcome.error:
                self.error(outcome.error["message"])
            self._bar.update(self._task, advance=1, rate=f"{rate:,.0f} chars/s",
                             count=f"{self.done}/{self.total} files",
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
        if self._bar is not None:  # (a document still at work, after Ctrl-C, stays shown)
            self._bar.stop()
