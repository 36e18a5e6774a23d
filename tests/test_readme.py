"""The README's examples, run: the Python API session (as a doctest), the
indicator examples, the command-line synopsis against --help, and the shell
pipe.  A README that drifts from what the code does fails here."""
from __future__ import annotations

import doctest
import json
import os
import re
import subprocess
import sys
from decimal import Decimal

import pytest

from .conftest import ROOT

README = (ROOT / "README.md").read_text(encoding="utf-8")


def section(title: str) -> str:
    match = re.search(rf"^## {re.escape(title)}\n(.*?)(?=^## |\Z)", README, re.S | re.M)
    assert match, f"README has no section {title!r}"
    return match.group(1)


def blocks(text: str, language: str) -> list[str]:
    return re.findall(rf"^```{language}\n(.*?)^```", text, re.S | re.M)


@pytest.mark.slow
def test_python_api_examples_give_what_they_show(tmp_path, monkeypatch):
    sessions = [b for b in blocks(section("Python API"), "python") if ">>>" in b]
    assert len(sessions) >= 2
    monkeypatch.chdir(tmp_path)  # run() writes outputs/ here, beside a link to the seeds
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    parser, runner = doctest.DocTestParser(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    globs: dict = {}
    for n, text in enumerate(sessions):
        test = parser.get_doctest(text, globs, f"README Python API #{n + 1}", "README.md", 0)
        runner.run(test, out=lambda s: pytest.fail(s, pytrace=False), clear_globs=False)
        globs = test.globs  # the next session goes on from this one
    assert runner.failures == 0 and runner.tries >= 8


def indicator_examples() -> list[tuple[str, list[dict]]]:
    """(text, [expected record fields]) of the README's indicator examples."""
    examples = []
    for block in blocks(section("Indicators"), ""):
        lines = block.strip().splitlines()
        text, records, current = None, [], ""
        for line in lines:
            if not line.strip():
                continue
            if not line.startswith(("{", " ")) and not current:
                if text is not None:
                    examples.append((text, records))
                text, records = line.strip(), []
                continue
            current += line.strip()
            try:
                records.append(json.loads(current))
                current = ""
            except json.JSONDecodeError:
                continue
        if text is not None and records:
            examples.append((text, records))
    return examples


@pytest.mark.slow
def test_indicator_examples_are_what_the_pipeline_gives(pipeline_instance):
    examples = indicator_examples()
    assert examples, "the Indicators section shows no examples"
    for text, expected in examples:
        found = [r.to_dict() for r in pipeline_instance.process_text(text).indicators
                 if r.KIND == "indicator"]
        for want in expected:
            assert any(all(_same(got.get(k), v) for k, v in want.items()) for got in found), \
                f"README example {text}: {want} not in {found}"


def _same(got, want) -> bool:
    if isinstance(want, (int, float)) and isinstance(got, (int, float, Decimal)):
        return Decimal(str(got)) == Decimal(str(want))
    return got == want


def synopsis() -> list[str]:
    [block] = blocks(section("Command line"), "sh")[:1]
    return [line for line in block.splitlines() if line.startswith("bulletin-ie ")]


def cli_help(*args: str) -> str:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args, "--help"], capture_output=True,
                          text=True, cwd=ROOT, check=True).stdout


def test_every_command_and_flag_in_the_synopsis_is_in_the_help():
    lines = synopsis()
    commands = {line.split()[1] for line in lines}
    listed = cli_help()
    assert commands >= {"run", "ingest", "segment", "entities", "indicators", "facts", "review",
                        "export", "evaluate", "models"}
    for line in lines:
        command = line.split()[1]
        assert command in listed
        text = cli_help(command)
        for flag in re.findall(r"(--[a-z][a-z-]*)", line):
            assert flag in text, f"{flag} of `{line}` is not in `bulletin-ie {command} --help`"


def test_every_format_the_readme_lists_is_read():
    from pipeline.ingest import SUPPORTED_SUFFIXES

    listed = re.search(r"INPUT is files or folders \(searched recursively; ([^;]*);", section("Command line"))
    assert listed and re.findall(r"\.[a-z]+", listed.group(1)) == list(SUPPORTED_SUFFIXES)


@pytest.mark.slow
def test_the_shell_pipe_example_runs(tmp_path):
    [pipe] = [line for block in blocks(section("Command line"), "sh") for line in block.splitlines()
              if "|" in line and line.startswith("bulletin-ie ingest")]
    bindir = tmp_path / "bin"
    bindir.mkdir()
    script = bindir / "bulletin-ie"
    script.write_text(f"#!/bin/sh\nexec {sys.executable} -m pipeline.cli \"$@\"\n")
    script.chmod(0o755)
    (tmp_path / "seeds").symlink_to(ROOT / "seeds")
    env = {**os.environ, "PATH": f"{bindir}{os.pathsep}{os.environ['PATH']}",
           "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    subprocess.run(pipe, shell=True, check=True, cwd=tmp_path, env=env, timeout=600)
    records = [json.loads(x) for x in (tmp_path / "indicators.jsonl").read_text().splitlines()]
    assert any(r["kind"] == "indicator" and r["value"] == 97.7 for r in records)
    assert (tmp_path / "sentences.jsonl").stat().st_size > 0
