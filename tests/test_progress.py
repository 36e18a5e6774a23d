"""What a run shows: on a terminal, a long document's stage and count; nothing more elsewhere."""
from __future__ import annotations

import io
import time

from pipeline.progress import Progress
from pipeline.work import Outcome, Throttle


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_a_long_document_shows_its_stage_and_count_on_a_terminal():
    screen = Terminal()
    progress = Progress(2, stream=screen)
    progress.document("big", "/in/yearbook.txt", "segment", 5000, 20000)
    progress.document("big", "/in/yearbook.txt", "indicators", 7500, 20000)
    progress.close()
    shown = screen.getvalue()
    assert "yearbook.txt: indicators" in shown and "7,500/20,000" in shown


def test_a_finished_document_leaves_the_display_and_late_reports_are_ignored():
    screen = Terminal()
    progress = Progress(1, stream=screen)
    progress.document("d", "d.txt", "facts", 1, 2)
    progress.update(Outcome("d", "d.txt", chars=10))
    progress.document("d", "d.txt", "facts", 2, 2)  # a report that crossed the outcome
    assert progress._docs == {}
    progress.close()


def test_no_terminal_no_document_lines():
    log = io.StringIO()
    progress = Progress(1, stream=log)
    progress.document("d", "d.txt", "segment", 1, 2)
    progress.update(Outcome("d", "d.txt", chars=10))
    assert "segment" not in log.getvalue() and "d.txt: ok" in log.getvalue()


def test_the_throttle_passes_reports_only_of_long_documents_and_not_too_often():
    heard = []
    throttle = Throttle("d", "d.txt", lambda *m: heard.append(m), after=0.05, every=10)
    throttle("segment", 1, 9)
    assert heard == []  # a short document shows nothing
    time.sleep(0.06)
    throttle("segment", 2, 9)
    throttle("segment", 3, 9)  # within `every` of the last: dropped
    assert heard == [("d", "d.txt", "segment", 2, 9)]
