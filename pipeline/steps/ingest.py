"""The ingest step: a file or a text to a ``Document`` (the source of the other stages)."""
from __future__ import annotations

from pathlib import Path

from ..ingest import ingest_file, ingest_text
from ..records import Document


class IngestStep:
    """Reads bulletins; ``pipeline.ingest`` does the work (layout rules load on first use)."""

    def __init__(self, config=None):
        self.config = config

    def read(self, path: str | Path, doc_id: str | None = None) -> Document:
        return ingest_file(path, doc_id)

    def text(self, text: str, doc_id: str, source: str = "<text>") -> Document:
        return ingest_text(text, doc_id, source)

    def __call__(self, result, progress) -> list[Document]:
        return [result.document]
