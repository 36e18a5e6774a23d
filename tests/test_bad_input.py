"""Bad input never stops a run: each unusable file is named, every other file is processed."""
from __future__ import annotations

import shutil

from hypothesis import HealthCheck, given, settings, strategies as st

from pipeline.api import run
from pipeline.ingest import IngestError, ingest_bytes

from .conftest import SEEDS, read_jsonl

BODY = "华容县人大常委会采取季度清单\n\n全县14个乡镇全部召开了会议,收集意见建议100余条。\n"


def make_bad_inputs(folder):
    """Every case of the issue, beside the seeds; returns the names that must fail."""
    for seed in SEEDS.glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_bytes(" \n\t\r\n\u3000".encode("utf-8"))
    (folder / "junk.txt").write_bytes(bytes(range(256)) * 64)
    (folder / "truncated.txt").write_bytes(BODY.encode("utf-8")[:-2])
    (folder / "oneline.txt").write_text("代表联系群众工作站(室)共开展学习100余次," * 40000, encoding="utf-8")
    (folder / "gb.txt").write_bytes(BODY.encode("gb18030"))
    (folder / "utf16.txt").write_bytes(BODY.encode("utf-16"))
    (folder / "big5.txt").write_bytes("湘鄉市人大常委會\n\n全市收集建議237條,其中19條建議被採納。\n".encode("big5"))
    (folder / "crlf.txt").write_bytes(BODY.replace("\n", "\r\n").encode("utf-8"))
    (folder / "bom.txt").write_bytes(b"\xef\xbb\xbf" + BODY.encode("utf-8"))
    (folder / "fullwidth.txt").write_text(BODY.replace("14", "１４").replace("100", "１００"), encoding="utf-8")
    (folder / "sub").mkdir()
    (folder / "sub" / "gb.txt").write_bytes(BODY.encode("gb18030"))  # same stem as gb.txt
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not really")
    return {"empty.txt", "blank.txt", "junk.txt", "notes.pdf"}


def test_a_folder_of_bad_inputs_fails_exactly_the_unusable_files(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    unusable = make_bad_inputs(folder)
    summary = run([folder], tmp_path / "out", workers=2)
    assert summary.exit_code == 1
    errors = read_jsonl(tmp_path / "out" / "errors.jsonl")
    assert {e["source"].rsplit("/", 1)[-1] for e in errors} == unusable
    assert all(e["source"] in e["message"] for e in errors)
    docs = {d["doc_id"]: d for d in read_jsonl(tmp_path / "out" / "documents.jsonl")}
    assert len(docs) == 5 + 9
    assert {d["encoding"] for d in docs.values()} >= {"utf-8", "gb18030", "utf-16", "big5"}
    assert sum(1 for k in docs if k.startswith("gb")) == 2
    values = {(r["doc_id"], r["value"]) for r in read_jsonl(tmp_path / "out" / "indicators.jsonl")
              if r["kind"] == "indicator"}
    for name in ("gb", "utf16", "crlf", "bom", "fullwidth", "truncated"):
        assert (name, 14) in values, name
    assert ("big5", 237) in values
    assert "truncated UTF-8" in docs["truncated"]["metadata"]["warnings"][0]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_random_bytes_never_raise_anything_but_a_clear_ingest_error(raw):
    try:
        doc = ingest_bytes(raw, "fuzz", "fuzz.txt")
    except IngestError as exc:
        assert str(exc).startswith("fuzz.txt")
        return
    assert len(doc.offset_map) <= len(doc.text) + 1
    for a in doc.articles:
        assert 0 <= a.start <= a.end <= len(doc.text)


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=1500))
def test_random_unicode_gives_valid_offsets(text):
    try:
        doc = ingest_bytes(text.encode("utf-8"), "fuzz", "fuzz.txt")
    except IngestError:
        return
    raw = text
    from pipeline.ingest import span_matches_raw
    assert span_matches_raw(doc, raw, 0, len(doc.text))
    for f in doc.furniture:
        assert 0 <= f["start"] <= f["end"] <= len(doc.text)
