"""The Python API for downstream tools; the CLI is a thin layer over it."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .runner import BatchRunner, RunSummary
from .stages import DocResult, Pipeline, PipelineConfig

_LOADED: dict[tuple, Pipeline] = {}


def load_pipeline(config: PipelineConfig | None = None) -> Pipeline:
    """The pipeline for ``config``, built once per process and reused."""
    config = config or PipelineConfig()
    key = (config.models_dir, config.ner)
    if key not in _LOADED:
        _LOADED[key] = Pipeline(config)
    return _LOADED[key]


def process_text(text: str, doc_id: str = "text", config: PipelineConfig | None = None) -> DocResult:
    """Run every stage on a text; returns the records of each stage."""
    return load_pipeline(config).process_text(text, doc_id)


def process_path(path: str | Path, doc_id: str | None = None,
                 config: PipelineConfig | None = None) -> DocResult:
    """Run every stage on one file (.txt or .md); ``doc_id`` defaults to the stem."""
    return load_pipeline(config).process_path(path, doc_id)


def run(inputs: Iterable[str | Path], out_dir: str | Path, *, workers: int | None = None,
        force: bool = False, quiet: bool = True, config: PipelineConfig | None = None,
        dask: str | None = None) -> RunSummary:
    """Process files and folders into ``out_dir`` exactly as ``bulletin-ie run`` does."""
    runner = BatchRunner(out_dir, config, workers=workers, force=force, quiet=quiet, dask=dask)
    return runner.run(inputs)
