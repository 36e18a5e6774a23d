"""The Python API for downstream tools; the CLI is a thin layer over it.

Nothing heavy is imported until a pipeline is needed, and PyTorch not at all
unless the HanLP backend is asked for (``PipelineConfig(ner="hanlp:...")``).
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from .models import torch_hidden
from .runner import BatchRunner, RunSummary
from .stages import DocResult, Pipeline, PipelineConfig

_LOADED: dict[tuple, Pipeline] = {}


def load_pipeline(config: PipelineConfig | None = None) -> Pipeline:
    """The pipeline for ``config``, built once per process and reused."""
    config = config or PipelineConfig()
    key = (config.models_dir, config.ner)
    if key not in _LOADED:
        with torch_hidden(not config.ner):
            _LOADED[key] = Pipeline(config)
    return _LOADED[key]


def process_text(text: str, doc_id: str = "text", config: PipelineConfig | None = None) -> DocResult:
    """Run every stage on a text; returns the records of each stage."""
    return load_pipeline(config).process_text(text, doc_id)


def process_path(path: str | Path, doc_id: str | None = None,
                 config: PipelineConfig | None = None) -> DocResult:
    """Run every stage on one file (any format ``run`` reads); ``doc_id`` defaults to the stem."""
    return load_pipeline(config).process_path(path, doc_id)


def run(inputs: Iterable[str | Path], out_dir: str | Path, *, workers: int | None = None,
        force: bool = False, quiet: bool = True, config: PipelineConfig | None = None,
        dask: str | None = None) -> RunSummary:
    """Process files and folders into ``out_dir`` exactly as ``bulletin-ie run`` does.

    The summary says ``processed`` (now), ``reused`` (unchanged since the last
    run, as the CLI and manifest.json say) and ``failed``; ``exit_code`` is the CLI's.
    """
    config = config or PipelineConfig()
    runner = BatchRunner(out_dir, config, workers=workers, force=force, quiet=quiet, dask=dask)
    with torch_hidden(not config.ner and not dask):
        return runner.run(inputs)
