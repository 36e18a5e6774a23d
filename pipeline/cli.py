"""The ``bulletin-ie`` command: a thin layer over the Python API.

Exit codes: 0 every input processed; 1 some inputs failed (listed in
errors.jsonl or on stderr); 2 usage error (bad arguments, wrong input file,
model not fetched, an output path that cannot be written); 130 interrupted.
Every failure of a whole command is one line: ``bulletin-ie CMD: error: ...``.
"""
from __future__ import annotations

import argparse
import logging
import os
import sys
from importlib import import_module
from pathlib import Path

from . import __version__
from .errors import ModelMissing, OutputError, RuleError, UsageError
from .io import InputError, WrongInput
from .models import skip_unused_torch
from .stages import STAGES, input_files

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

EPILOG = """exit codes: 0 all inputs processed; 1 some inputs failed (see errors.jsonl
or stderr); 2 usage error (bad arguments, wrong input, model not fetched, an output
path that cannot be written); 130 interrupted (Ctrl-C: what was done is written)."""

# What ``run`` and ``ingest`` read; pipeline.ingest.SUPPORTED_SUFFIXES is the
# source of truth (tested), written out here so that --help imports nothing.
INPUT_FORMATS = ".txt .md .markdown .text .html .htm .pdf"

# Each command's function, as "module:function": imported only when the command
# runs, so that --help loads no model (the stage table's factories likewise).
COMMANDS = {
    "run": "pipeline.commands:cmd_run",
    "ingest": "pipeline.commands:cmd_ingest",
    **{spec.name: "pipeline.commands:cmd_stage" for spec in STAGES if spec.requires},
    "models": "pipeline.commands:cmd_models",
    "review": "pipeline.review:main",
    "export": "pipeline.export:main",
    "evaluate": "pipeline.evaluate:main",
    "series": "pipeline.series:main",
    "catalogue": "pipeline.crossdoc:main",
}


def command(name: str, args) -> int:
    """Run a command's function from the table."""
    if name == "review" and getattr(args, "suggest", False):  # across bulletins: rules changes
        module, attr = "pipeline.suggest", "main"
    else:
        module, _, attr = COMMANDS[name].partition(":")
    return getattr(import_module(module), attr)(args)


# -- parser ------------------------------------------------------------------

def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bulletin-ie", epilog=EPILOG,
        description="Extract localities, bodies, people and numeric indicators from Chinese "
                    "government bulletins, as staged JSONL.")
    parser.add_argument("--version", action="version", version=f"bulletin-ie {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def add(name: str, help: str) -> argparse.ArgumentParser:
        return sub.add_parser(name, help=help, description=help, epilog=EPILOG)

    p = add("run", f"run every stage on files and folders ({INPUT_FORMATS}) into a directory")
    p.add_argument("inputs", nargs="+", metavar="INPUT",
                   help=f"files or folders (searched recursively for {INPUT_FORMATS})")
    p.add_argument("--out", required=True, metavar="DIR", help="output directory")
    p.add_argument("--workers", type=int, default=None, help="worker processes (default: number of cores)")
    p.add_argument("--force", action="store_true", help="reprocess inputs even when unchanged")
    p.add_argument("--quiet", action="store_true", help="no progress output")
    p.add_argument("--dask", metavar="SCHEDULER", help="run on a Dask cluster: an address, or 'local'")
    for option in dict.fromkeys(o for spec in STAGES for o in spec.options):
        OPTIONS[option](p)

    for spec in STAGES:
        if not spec.requires:  # the source stage reads files
            p = add(spec.name, f"{spec.help} ({INPUT_FORMATS}) -> {spec.output}")
            p.add_argument("inputs", nargs="+", metavar="INPUT",
                           help=f"files or folders (searched recursively for {INPUT_FORMATS})")
        else:
            main, others = input_files(spec)
            also = f" (+ {', '.join(Path(o).stem for o in others)})" if others else ""
            p = add(spec.name, f"{spec.help}: {main}{also} -> {spec.output}")
            p.add_argument("input", nargs="?", default="-", help=f"{main} (default: - for stdin)")
            for other in others:
                p.add_argument(f"--{Path(other).stem}", metavar="FILE",
                               help=f"{other} (default: beside the input file)")
        p.add_argument("-o", "--output", default="-", help="output JSONL (default: - for stdout)")
        p.add_argument("--errors", metavar="FILE", help="also write the errors as JSONL here")
        for option in spec.options:
            OPTIONS[option](p)

    p = add("models", "fetch the segmentation model, or show where the models are")
    p.add_argument("action", choices=["fetch", "info"])
    p.add_argument("--dir", metavar="DIR", help="model home (default: $BULLETIN_IE_HOME, models/ of "
                   "a checkout, or ~/.cache/bulletin-ie)")
    p.add_argument("--archive", metavar="FILE", help="use a local pkuseg-0.0.25.tar.gz instead of downloading")
    p.add_argument("--index", metavar="URL", help="package index (default: $PIP_INDEX_URL or PyPI)")

    p = add("review", "write DIR/review.html for reviewers, or merge their decisions")
    p.add_argument("dir", metavar="DIR", help="a run's output directory")
    p.add_argument("--apply", metavar="REVIEWS", help="merge reviews.jsonl exported from the page into facts.jsonl")
    p.add_argument("--suggest", action="store_true",
                   help="print the rules/ changes the logged decisions imply, as a diff to apply by hand")
    p.add_argument("--min-rejections", type=int, default=3, metavar="N",
                   help="with --suggest: rejections of one subject that propose an exclusion (default 3)")
    p.add_argument("--output", metavar="FILE", help="with --suggest: write the diff here")

    p = add("export", "export facts and entities to DuckDB, Parquet or CSV")
    p.add_argument("dir", metavar="DIR", help="a run's output directory")
    p.add_argument("--to", required=True, metavar="FILE",
                   help="X.duckdb (tables facts and entities), or X.parquet / X.csv (the entities "
                        "go to X.entities.parquet / X.entities.csv)")

    p = add("evaluate", "score a run's output against your own annotated bulletins "
            "(gold files in the guidelines' record format): P/R/F1 per label, indicator fields, "
            "facts' locality and year, and the misses")
    p.add_argument("--gold", required=True, metavar="DIR", help="folder of <doc_id>.jsonl gold files")
    p.add_argument("out", metavar="OUT", help="a run's output directory (entities, indicators, facts)")
    p.add_argument("--json", action="store_true", help="print one JSON object instead of the report")
    p.add_argument("--misses", type=int, default=20, metavar="N",
                   help="list up to N of each kind of miss (default 20; 0 for none)")

    p = add("series", "one catalogue indicator by place and year across bulletins, "
            "with its conflicts")
    p.add_argument("dir", metavar="DIR", help="a run's output directory")
    p.add_argument("--indicator", metavar="NAME", help="a catalogue name, e.g. 意见建议 (default: all)")
    p.add_argument("--by", choices=["province", "prefecture", "county", "town"],
                   help="only places of this level (figures are not summed up)")
    p.add_argument("--csv", metavar="FILE", help="write the rows as CSV")
    p.add_argument("--plot", metavar="FILE.svg", help="write a line chart by year, one line per place")
    p.add_argument("--json", action="store_true", help="print JSON lines instead of a table")

    p = add("catalogue", "facts per catalogue indicator, or the subjects it lacks")
    p.add_argument("dir", metavar="DIR", help="a run's output directory")
    p.add_argument("--unknown", action="store_true", help="list subjects no catalogue entry takes")
    p.add_argument("--limit", type=int, default=50, metavar="N", help="rows to show (default 50)")
    return parser


# The stages' options (``StageSpec.options``: PipelineConfig fields) as arguments.
OPTIONS = {
    "models_dir": lambda p: p.add_argument(
        "--models-dir", metavar="DIR",
        help="model home (default: $BULLETIN_IE_HOME, models/ of a checkout, or ~/.cache/bulletin-ie)"),
    "ner": lambda p: p.add_argument(
        "--ner", metavar="BACKEND", help="extra NER model merged with the rules, e.g. hanlp:PATH"),
}


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "ner", None) and not getattr(args, "dask", None):
        skip_unused_torch()
    name = args.command
    try:
        return command(name, args)
    except (UsageError, WrongInput, ModelMissing, RuleError, OutputError) as exc:
        print(f"bulletin-ie {name}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except InputError as exc:
        print(f"bulletin-ie {name}: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print(f"bulletin-ie {name}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    except OSError as exc:  # a path the command could not use: one line, not a traceback
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"bulletin-ie {name}: error: {where}{(exc.strerror or str(exc)).lower()}", file=sys.stderr)
        return EXIT_USAGE


def entry() -> None:
    """The ``bulletin-ie`` program: ``main``, then exit without tearing the heap down.

    Freeing the loaded models and lexicons object by object at exit took a
    sixth of a one-sentence run's time (and seconds after a long run); every
    output is written and closed by then, so the process ends at once.
    """
    try:
        code = main()
    except SystemExit as exc:  # argparse's --help, --version and usage errors
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        if exc.code is not None and not isinstance(exc.code, int):
            print(exc.code, file=sys.stderr)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe: nothing more to say
            pass
    logging.shutdown()
    os._exit(code)


if __name__ == "__main__":
    entry()
