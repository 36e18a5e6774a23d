"""JSONL io: atomic writes, readable errors, corrupt lines skipped on request."""
from __future__ import annotations

import json

import pytest

from pipeline.io import AtomicJsonlWriter, InputError, WrongInput, read_records
from pipeline.records import Sentence


def sentence(n: int) -> dict:
    return Sentence("d", n, 0, "body", 0, 1, "x", []).to_dict()


def test_writer_replaces_the_file_only_on_success(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_text("old\n")
    with pytest.raises(RuntimeError):
        with AtomicJsonlWriter(path) as w:
            w.write(sentence(0))
            raise RuntimeError("killed")
    assert path.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    with AtomicJsonlWriter(path) as w:
        w.write(sentence(1))
    assert json.loads(path.read_text())["sent_id"] == 1


def test_wrong_kind_names_file_and_line(tmp_path):
    path = tmp_path / "documents.jsonl"
    path.write_text(json.dumps({"kind": "document", "schema_version": "1.0"}) + "\n")
    with pytest.raises(WrongInput, match=r"documents.jsonl:1: expected a 'sentence' record, got kind='document'"):
        list(read_records(path, Sentence))


def test_corrupt_lines_go_to_the_error_handler(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(json.dumps(sentence(0)) + "\n{broken\n" + json.dumps(sentence(2)) + "\n")
    errors: list[InputError] = []
    got = list(read_records(path, Sentence, on_error=errors.append))
    assert [s.sent_id for s in got] == [0, 2]
    assert errors[0].line == 2 and str(errors[0]).startswith(f"{path}:2: not valid JSON")
    with pytest.raises(InputError):
        list(read_records(path, Sentence))
