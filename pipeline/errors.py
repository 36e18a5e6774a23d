"""Errors of reading input, shared by the readers (``formats``) and ``ingest``.

In a module of its own so that ``formats`` can raise what ``ingest`` raises
without importing ``ingest`` (which imports ``formats``).
"""
from __future__ import annotations


class IngestError(ValueError):
    """An input that cannot be turned into a document (empty, binary ...)."""

    def __init__(self, source: str, message: str, line: int | None = None, code: str = "ingest"):
        self.source, self.reason, self.line, self.code = source, message, line, code
        where = f"{source}:{line}" if line else source
        super().__init__(f"{where}: {message}")
