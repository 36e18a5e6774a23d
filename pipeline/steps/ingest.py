"""The ingest step: a file or a text to a ``Document`` (the source of the other stages)."""
from __future__ import annotations

from pathlib import Path

from ..ingest import Ingester
from ..records import Document


class IngestStep:
    """Reads bulletins (``pipeline.ingest.Ingester``: its rules load here, once)."""

    def __init__(self, config=None):
        self.ingester = Ingester()

    def read(self, path: str | Path, doc_id: str | None = None) -> Document:
        return self.ingester.file(path, doc_id)

    def text(self, text: str, doc_id: str, source: str = "<text>") -> Document:
        return self.ingester.text(text, doc_id, source)

    def __call__(self, result, progress) -> list[Document]:
        return [result.document]
