"""The ``bulletin-ie`` command: a thin layer over the Python API.

Exit codes: 0 every input processed; 1 some inputs failed (listed in
errors.jsonl or on stderr); 2 usage error (bad arguments, wrong input file,
model not fetched); 130 interrupted.
"""
from __future__ import annotations

import argparse
import sys
from itertools import groupby
from pathlib import Path
from typing import Callable, Iterator

from . import __version__
from .io import AtomicJsonlWriter, InputError, WrongInput, read_records
from .records import Document, Entity, ErrorRecord, Indicator, Sentence, TimeExpression
from .stages import STAGES

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EPILOG = """exit codes: 0 all inputs processed; 1 some inputs failed (see errors.jsonl
or stderr); 2 usage error (bad arguments, wrong input, model not fetched);
130 interrupted (Ctrl-C: what was done is written)."""

# What ``run`` and ``ingest`` read; pipeline.ingest.SUPPORTED_SUFFIXES is the
# source of truth (tested), written out here so that --help imports nothing.
INPUT_FORMATS = ".txt .md .markdown .text .html .htm .pdf"


class UsageError(Exception):
    pass


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


def _pipeline_config(args):
    from .stages import PipelineConfig

    return PipelineConfig(models_dir=getattr(args, "models_dir", None), ner=getattr(args, "ner", None))


def _by_document(records: Iterator) -> Iterator[tuple[str, list]]:
    for doc_id, group in groupby(records, key=lambda r: r.doc_id):
        yield doc_id, list(group)


# -- commands ----------------------------------------------------------------

def cmd_run(args) -> int:
    from .api import run
    from .models import pkuseg_model_dir

    pkuseg_model_dir(args.models_dir)  # fail at once, naming the fetch command
    summary = run(args.inputs, args.out, workers=args.workers, force=args.force, quiet=args.quiet,
                  config=_pipeline_config(args), dask=args.dask)
    if not args.quiet:
        print(f"{summary.processed} processed, {summary.reused} reused, {summary.failed} failed "
              f"-> {args.out}" + (f"; rewrote {summary.review_page}" if summary.review_page else ""),
              file=sys.stderr)
    return summary.exit_code


def cmd_ingest(args) -> int:
    from .ingest import IngestError, Ingester
    from .runner import discover

    items, discover_errors = discover(args.inputs)
    log = ErrorLog(args.errors)
    for err in discover_errors:
        log.add(err)
    ingester = Ingester()
    with AtomicJsonlWriter(args.output) as out:
        for item in items:
            try:
                out.write(ingester.file(item.path, item.doc_id))
            except IngestError as exc:
                log.add(ErrorRecord(str(item.path), "ingest", exc.code, str(exc), exc.line))
    return log.close()


def cmd_segment(args) -> int:
    from .segment import Segmenter

    segmenter = Segmenter(args.models_dir)
    log = ErrorLog(args.errors)
    with AtomicJsonlWriter(args.output) as out:
        for doc in read_records(args.input, Document, on_error=log.input_error("segment")):
            out.write_all(segmenter(doc))
    return log.close()


def cmd_entities(args) -> int:
    from . import entities
    from .view import on_view

    from .ner_hanlp import load_backend, merge

    recognizer = entities.EntityRecognizer.from_rules()
    model = load_backend(args.ner)
    log = ErrorLog(args.errors)
    with AtomicJsonlWriter(args.output) as out:
        sentences = read_records(args.input, Sentence, on_error=log.input_error("entities"))
        for _, group in _by_document(sentences):
            found = on_view(entities.extract, group, recognizer)
            out.write_all(merge(found, on_view(model, group)) if model else found)
    return log.close()


def cmd_indicators(args) -> int:
    from . import indicators
    from .view import on_view

    finder = indicators.IndicatorFinder.from_rules()
    log = ErrorLog(args.errors)
    with AtomicJsonlWriter(args.output) as out:
        sentences = read_records(args.input, Sentence, on_error=log.input_error("indicators"))
        for _, group in _by_document(sentences):
            out.write_all(on_view(indicators.extract, group, finder))
    return log.close()


def _sibling(primary: str, given: str | None, name: str) -> str:
    if given:
        return given
    if primary == "-":
        raise UsageError(f"--{name.split('.')[0]} is required when the input is stdin")
    return str(Path(primary).parent / name)


def cmd_facts(args) -> int:
    from .facts import extract

    log = ErrorLog(args.errors)
    on_error = log.input_error("facts")
    docs = {d.doc_id: d for d in read_records(_sibling(args.input, args.documents, "documents.jsonl"),
                                              Document, on_error=on_error)}
    sents = {k: g for k, g in _by_document(read_records(
        _sibling(args.input, args.sentences, "sentences.jsonl"), Sentence, on_error=on_error))}
    ents = {k: g for k, g in _by_document(read_records(
        _sibling(args.input, args.entities, "entities.jsonl"), Entity, on_error=on_error))}
    with AtomicJsonlWriter(args.output) as out:
        for doc_id, inds in _by_document(read_records(args.input, Indicator, TimeExpression,
                                                      on_error=on_error)):
            if doc_id not in docs:
                log.add(ErrorRecord(args.input, "facts", "input",
                                    f"{args.input}: document {doc_id!r} is not in the documents file"))
                continue
            out.write_all(extract(docs[doc_id], sents.get(doc_id, []), ents.get(doc_id, []), inds))
    return log.close()


def cmd_models(args) -> int:
    from .models import fetch_pkuseg, model_info

    if args.action == "fetch":
        fetch_pkuseg(args.dir, archive=args.archive, index=args.index,
                     log=lambda m: print(m, file=sys.stderr))
    else:
        import json

        print(json.dumps(model_info(args.dir), ensure_ascii=False, indent=2))
    return EXIT_OK


def cmd_review(args) -> int:
    if args.suggest:  # across bulletins: reviews propose rules changes
        from .suggest import main as suggest_main

        return suggest_main(args)
    from .review import main as review_main

    return review_main(args)


def cmd_series(args) -> int:
    from .series import main as series_main

    return series_main(args)


def cmd_catalogue(args) -> int:
    from .catalogue import main as catalogue_main

    return catalogue_main(args)


def cmd_export(args) -> int:
    from .export import main as export_main

    return export_main(args)


def cmd_evaluate(args) -> int:
    from .evaluate import main as evaluate_main

    return evaluate_main(args)


# -- parser ------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletin-ie", epilog=EPILOG,
        description="Extract localities, bodies, people and numeric indicators from Chinese "
                    "government bulletins, as staged JSONL.")
    parser.add_argument("--version", action="version", version=f"bulletin-ie {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, func, help: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help, description=help, epilog=EPILOG)
        p.set_defaults(func=func)
        return p

    def models_dir(p):
        p.add_argument("--models-dir", metavar="DIR",
                       help="model home (default: $BULLETIN_IE_HOME, models/ of a checkout, "
                            "or ~/.cache/bulletin-ie)")

    def stage_io(p, what: str):
        p.add_argument("input", nargs="?", default="-", help=f"{what} (default: - for stdin)")
        p.add_argument("-o", "--output", default="-", help="output JSONL (default: - for stdout)")
        p.add_argument("--errors", metavar="FILE", help="also write the errors as JSONL here")

    p = add("run", cmd_run, f"run every stage on files and folders ({INPUT_FORMATS}) into a directory")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=f"files or folders (searched recursively for {INPUT_FORMATS})")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: number of cores)")
    p.add_argument("--force", action="store_true", help="reprocess inputs even when unchanged")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument("--dask", metavar="SCHEDULER", help="run on a Dask cluster: an address, or 'local'")
    p.add_argument("--ner", metavar="BACKEND", help="extra NER model merged with the rules, e.g. hanlp:PATH")
    models_dir(p)

    p = add("ingest", cmd_ingest, f"read bulletins ({INPUT_FORMATS}), normalise, find furniture and "
            "articles -> documents.jsonl")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=f"files or folders (searched recursively for {INPUT_FORMATS})")
    p.add_argument("-o", "--output", default="-", help="output JSONL (default: - for stdout)")
    p.add_argument("--errors", metavar="FILE", help="also write the errors as JSONL here")

    p = add("segment", cmd_segment, STAGES["segment"].help + ": documents.jsonl -> sentences.jsonl")
    stage_io(p, "documents.jsonl")
    models_dir(p)
    p = add("entities", cmd_entities, STAGES["entities"].help + ": sentences.jsonl -> entities.jsonl")
    stage_io(p, "sentences.jsonl")
    p.add_argument("--ner", metavar="BACKEND", help="extra NER model merged with the rules, e.g. hanlp:PATH")
    p = add("indicators", cmd_indicators,
            STAGES["indicators"].help + ": sentences.jsonl -> indicators.jsonl")
    stage_io(p, "sentences.jsonl")
    p = add("facts", cmd_facts, STAGES["facts"].help + ": indicators.jsonl (+ documents, sentences, "
            "entities) -> facts.jsonl")
    stage_io(p, "indicators.jsonl")
    for name in ("documents", "sentences", "entities"):
        p.add_argument(f"--{name}", metavar="FILE",
                       help=f"{name}.jsonl (default: beside the input file)")

    p = add("models", cmd_models, "fetch the segmentation model, or show where the models are")
    p.add_argument("action", choices=["fetch", "info"])
    p.add_argument("--dir", metavar="DIR", help="model home (default: $BULLETIN_IE_HOME, models/ of "
                   "a checkout, or ~/.cache/bulletin-ie)")
    p.add_argument("--archive", metavar="FILE", help="use a local pkuseg-0.0.25.tar.gz instead of downloading")
    p.add_argument("--index", metavar="URL", help="package index (default: $PIP_INDEX_URL or PyPI)")

    p = add("review", cmd_review, "write DIR/review.html for reviewers, or merge their decisions")
    p.add_argument("dir", metavar="DIR", help="a run's output directory")
    p.add_argument("--apply", metavar="REVIEWS", help="merge reviews.jsonl exported from the page into facts.jsonl")
    p.add_argument("--suggest", action="store_true",
                   help="print the rules/ changes the logged decisions imply, as a diff to apply by hand")
    p.add_argument("--min-rejections", type=int, default=3, metavar="N",
                   help="with --suggest: rejections of one subject that propose an exclusion (default 3)")
    p.add_argument("--output", metavar="FILE", help="with --suggest: write the diff here")

    p = add("export", cmd_export, "export facts and entities to DuckDB, Parquet or CSV")
    p.add_argument("dir", metavar="DIR", help="a run's output directory")
    p.add_argument("--to", required=True, metavar="FILE",
                   help="X.duckdb (tables facts and entities), or X.parquet / X.csv (the entities "
                        "go to X.entities.parquet / X.entities.csv)")

    p = add("evaluate", cmd_evaluate, "score a run's output against your own annotated bulletins "
            "(gold files in the guidelines' record format): P/R/F1 per label, indicator fields, "
            "facts' locality and year, and the misses")
    p.add_argument("--gold", required=True, metavar="DIR", help="folder of <doc_id>.jsonl gold files")
    p.add_argument("out", metavar="OUT", help="a run's output directory (entities, indicators, facts)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    p.add_argument("--misses", type=int, default=20, metavar="N",
                   help="list up to N of each kind of miss (default 20; 0 for none)")

    p = add("series", cmd_series, "one catalogue indicator by place and year across bulletins, "
            "with its conflicts")
    p.add_argument("dir", metavar="DIR", help="a run's output directory")
    p.add_argument("--indicator", metavar="NAME", help="a catalogue name, e.g. 意见建议 (default: all)")
    p.add_argument("--by", choices=["province", "prefecture", "county", "town"],
                   help="only places of this level (figures are not summed up)")
    p.add_argument("--csv", metavar="FILE", help="write the rows as CSV")
    p.add_argument("--plot", metavar="FILE.svg", help="write a line chart by year, one line per place")
    p.add_argument("--json", action="store_true", help="print JSON lines instead of a table")

    p = add("catalogue", cmd_catalogue, "facts per catalogue indicator, or the subjects it lacks")
    p.add_argument("dir", metavar="DIR", help="a run's output directory")
    p.add_argument("--unknown", action="store_true", help="list subjects no catalogue entry takes")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="rows to show (default 50)")
    return parser


def _quiet_library_logs() -> None:
    """pypdf logs its own complaints about a file we then report once, as an error."""
    import logging

    logger = logging.getLogger("pypdf")
    logger.addHandler(logging.NullHandler())
    logger.propagate = False


def main(argv: list[str] | None = None) -> int:
    from .models import ModelMissing
    from .rules import RuleError

    parser = build_parser()
    args = parser.parse_args(argv)
    _quiet_library_logs()
    if not getattr(args, "ner", None) and not getattr(args, "dask", None):
        from .models import skip_unused_torch

        skip_unused_torch()
    try:
        return args.func(args)
    except (UsageError, WrongInput, ModelMissing, RuleError) as exc:
        print(f"bulletin-ie {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print(f"bulletin-ie {args.command}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
