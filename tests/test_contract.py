"""The JSONL contract on the seed run: every record fits its JSON Schema, every
span is the text it claims, and the offset map takes it to the raw file."""
from __future__ import annotations

import json

import pytest
from jsonschema import Draft202012Validator

from pipeline.api import run
from pipeline.ingest import span_matches_raw, read_raw_text
from pipeline.records import Document
from pipeline.stages import OUTPUT_FILES

from .conftest import SCHEMAS, read_jsonl


@pytest.fixture(scope="module")
def validators():
    return {p.name.split(".")[0]: Draft202012Validator(json.loads(p.read_text()))
            for p in SCHEMAS.glob("*.schema.json")}


def test_the_run_writes_every_output_file(seed_run):
    for name in OUTPUT_FILES + ["errors.jsonl", "manifest.json"]:
        assert (seed_run / name).is_file(), name
    assert read_jsonl(seed_run / "errors.jsonl") == []
    for name in OUTPUT_FILES:
        assert read_jsonl(seed_run / name), f"{name} is empty"


@pytest.fixture(scope="module")
def failed_run(tmp_path_factory):
    """A run whose inputs all fail, for the error records (the seed run has none)."""
    inputs = tmp_path_factory.mktemp("bad_inputs")
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "notes.docx").write_bytes(b"PK")
    out = tmp_path_factory.mktemp("failed_run")
    assert run([inputs], out, workers=1, quiet=True).exit_code == 1
    return out


@pytest.mark.parametrize("name", OUTPUT_FILES + ["errors.jsonl"])
def test_every_record_fits_its_schema(seed_run, failed_run, validators, name):
    records = read_jsonl((failed_run if name == "errors.jsonl" else seed_run) / name)
    assert records, f"nothing to check in {name}"
    for n, rec in enumerate(records, 1):
        errors = sorted(validators[rec["kind"]].iter_errors(rec), key=str)
        assert not errors, f"{name}:{n}: {errors[0].message} at {list(errors[0].absolute_path)}"


def test_every_span_is_its_text_and_maps_to_the_raw_file(seed_run):
    docs = {d["doc_id"]: Document.from_dict(d) for d in read_jsonl(seed_run / "documents.jsonl")}
    raws = {k: read_raw_text(d) for k, d in docs.items()}
    checked = 0
    for name in ("sentences.jsonl", "entities.jsonl", "indicators.jsonl"):
        for rec in read_jsonl(seed_run / name):
            doc = docs[rec["doc_id"]]
            assert doc.text[rec["start"]:rec["end"]] == rec["text"], rec
            assert span_matches_raw(doc, raws[rec["doc_id"]], rec["start"], rec["end"]), rec
            checked += 1
    assert checked > 1000


def test_fact_evidence_points_into_the_raw_file(seed_run):
    docs = {d["doc_id"]: Document.from_dict(d) for d in read_jsonl(seed_run / "documents.jsonl")}
    facts = read_jsonl(seed_run / "facts.jsonl")
    assert len(facts) > 100  # the seeds' facts, each checked below
    for fact in facts:
        ev = fact["evidence"]
        raw = read_raw_text(docs[fact["doc_id"]])
        assert raw[ev["raw_start"]:ev["raw_end"]].replace(" ", "").startswith(ev["text"][0])


def test_manifest_records_versions_inputs_and_counts(seed_run):
    manifest = json.loads((seed_run / "manifest.json").read_text())
    assert manifest["schema_version"] == "1.0"
    assert manifest["models"]["pkuseg"]["version"] == "0.0.25"
    assert len(manifest["rules"]) == 16
    assert {i["doc_id"] for i in manifest["inputs"]} == {p.stem for p in (SCHEMAS.parent.parent / "seeds").glob("*.txt")}
    assert all(len(i["sha256"]) == 64 and i["status"] == "ok" for i in manifest["inputs"])
    assert manifest["outputs"]["documents.jsonl"] == 5
    assert set(manifest["stage_seconds"]) == {"ingest", "segment", "entities", "indicators", "facts"}
