"""The commands that run stages: ``run``, ``ingest``, the single-stage commands, ``models``.

Every single-stage command (``segment``, ``entities``, ``indicators``,
``facts``) is ``stage``: it reads the records its stage requires (the main
input, and the sibling files of its other requirements), runs the stage's
step from the table on each document and writes what the stage provides.
"""
from __future__ import annotations

import json
import sys
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterator

from .api import run
from .discover import discover
from .errors import IngestError, UsageError
from .io import AtomicJsonlWriter, InputError, read_records
from .models import fetch_pkuseg, model_info, pkuseg_model_dir
from .records import RECORD_TYPES, ErrorRecord, Record
from .runner import run_summary_line
from .stages import KIND_TO_FILE, STAGES, DocResult, Pipeline, PipelineConfig, build_step, input_files

EXIT_OK, EXIT_FAILED = 0, 1


class ErrorLog:
    """Collects per-input errors of a stage run: stderr now, a JSONL file at the end."""

    def __init__(self, path: str | None):
        self.path, self.errors = path, []

    def add(self, err: ErrorRecord) -> None:
        self.errors.append(err)
        print(f"error: {err.message}", file=sys.stderr)

    def input_error(self, stage: str) -> Callable[[InputError], None]:
        return lambda e: self.add(ErrorRecord(e.source, stage, "input", str(e), e.line))

    def close(self) -> int:
        if self.path:
            with AtomicJsonlWriter(self.path) as w:
                w.write_all(self.errors)
        return EXIT_FAILED if self.errors else EXIT_OK


def pipeline_config(args) -> PipelineConfig:
    return PipelineConfig(models_dir=getattr(args, "models_dir", None), ner=getattr(args, "ner", None))


def by_document(records: Iterator[Record]) -> Iterator[tuple[str, list[Record]]]:
    for doc_id, group in groupby(records, key=lambda r: r.doc_id):
        yield doc_id, list(group)


def stage_of_file(name: str) -> str:
    return next(spec.name for spec in STAGES if spec.output == name)


def sibling(primary: str, given: str | None, name: str) -> str:
    """A stage's other input file: as given, else beside the main input."""
    if given:
        return given
    if primary == "-":
        raise UsageError(f"--{Path(name).stem} is required when the input is stdin")
    return str(Path(primary).parent / name)


def _types(spec, name: str) -> list[type[Record]]:
    return [RECORD_TYPES[k] for k in spec.requires if KIND_TO_FILE[k] == name]


# -- commands ----------------------------------------------------------------

def cmd_run(args) -> int:
    pkuseg_model_dir(args.models_dir)  # fail at once, naming the fetch command
    summary = run(args.inputs, args.out, workers=args.workers, force=args.force, quiet=args.quiet,
                  config=pipeline_config(args), dask=args.dask)
    if not args.quiet or summary.interrupted:
        print(run_summary_line(summary, args.out), file=sys.stderr)
    return summary.exit_code


def cmd_ingest(args) -> int:
    found = discover(args.inputs)
    if found.missing:
        raise UsageError(f"{found.missing[0]}: no such file or folder")
    step = Pipeline(PipelineConfig(), stages=["ingest"]).steps["ingest"]
    log = ErrorLog(args.errors)
    for err in found.errors:
        log.add(err)
    if found.skipped_line():
        print(found.skipped_line(), file=sys.stderr)
    with AtomicJsonlWriter(args.output) as out:
        for item in found.items:
            try:
                out.write(step.read(item.path, item.doc_id))
            except IngestError as exc:
                log.add(ErrorRecord(str(item.path), "ingest", exc.code, str(exc), exc.line))
    return log.close()


def cmd_stage(args) -> int:
    """One stage alone: the records it requires in, the records it provides out."""
    spec = STAGES[args.command]
    step = build_step(spec.name, pipeline_config(args))
    log = ErrorLog(args.errors)
    on_error = log.input_error(spec.name)
    main, others = input_files(spec)
    known: dict[str, dict[str, list[Record]]] = {}  # doc id -> stage -> records
    for name in others:
        path = sibling(args.input, getattr(args, Path(name).stem, None), name)
        for doc_id, group in by_document(read_records(path, *_types(spec, name), on_error=on_error)):
            known.setdefault(doc_id, {}).setdefault(stage_of_file(name), []).extend(group)
    with AtomicJsonlWriter(args.output) as out:
        for doc_id, group in by_document(read_records(args.input, *_types(spec, main), on_error=on_error)):
            result = DocResult(None)
            for stage, records in [(stage_of_file(main), group), *known.get(doc_id, {}).items()]:
                result.set(stage, records)
            if "document" in spec.requires and result.document is None:
                log.add(ErrorRecord(args.input, spec.name, "input",
                                    f"{args.input}: document {doc_id!r} is not in the documents file"))
                continue
            Pipeline.run_step(spec.name, step, result, None)
            out.write_all(result.records(spec.name))
    return log.close()


def cmd_models(args) -> int:
    if args.action == "fetch":
        fetch_pkuseg(args.dir, archive=args.archive, index=args.index,
                     log=lambda m: print(m, file=sys.stderr))
    else:
        print(json.dumps(model_info(args.dir), ensure_ascii=False, indent=2))
    return EXIT_OK
