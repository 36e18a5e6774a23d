"""The HanLP backend, for real: a tiny HanLP model is trained offline, saved, and
loaded through the same ``hanlp:PATH`` spec users give to ``--ner``."""
from __future__ import annotations

import pytest

from pipeline.ner_hanlp import HanLPRecognizer, load_backend, merge
from pipeline.records import Entity, Sentence, Token

hanlp = pytest.importorskip(
    "hanlp", reason="needs the [hanlp] extra (a CPU-only torch, then pip install -e .[hanlp]); .ci/run installs it")

TRAINING = [
    ("县人大常委会主任张功玉作出安排", [("张功玉", "PER")]),
    ("华容县人大常委会召开会议", [("华容县", "LOC")]),
    ("湘乡市代表李国武发言", [("湘乡市", "LOC"), ("李国武", "PER")]),
    ("岳阳市人大常委会联工委组织学习", [("岳阳市", "LOC")]),
    ("代表王述杰提出建议", [("王述杰", "PER")]),
    ("长沙召开推进会", [("长沙", "LOC")]),
]


def bio(text: str, spans: list[tuple[str, str]]) -> list[str]:
    tags = ["O"] * len(text)
    for name, label in spans:
        i = text.index(name)
        tags[i:i + len(name)] = [f"B-{label}"] + [f"I-{label}"] * (len(name) - 1)
    return tags


@pytest.fixture(scope="module")
def tiny_model(tmp_path_factory) -> str:
    """Overfit a character BiLSTM tagger on six sentences (BIO tags; HanLP's CRF
    decoder is not used because it fails to decode with this torch)."""
    import torch
    from hanlp.components.ner.rnn_ner import RNNNamedEntityRecognizer

    work = tmp_path_factory.mktemp("hanlp")
    tsv = work / "train.tsv"
    with tsv.open("w", encoding="utf-8") as fh:
        for text, spans in TRAINING:
            fh.writelines(f"{c}\t{t}\n" for c, t in zip(text, bio(text, spans)))
            fh.write("\n")
    torch.manual_seed(1)
    ner = RNNNamedEntityRecognizer()
    ner.fit(str(tsv), str(tsv), str(work / "model"), epochs=30, embed=32, rnn_hidden=64, batch_size=6,
            tagging_scheme="BIO", crf=False, drop=0.0, lr=0.02, patience=1000, anneal_patience=1000, seed=1,
            verbose=False)
    return str(work / "model")


def sentence(text: str, start: int = 100) -> Sentence:
    return Sentence(doc_id="d", sent_id=3, article=0, zone="body", start=start, end=start + len(text),
                    text=text, tokens=[Token(ch, start + i, start + i + 1) for i, ch in enumerate(text)])


def test_model_labels_map_to_entities_with_document_offsets(tiny_model):
    recognizer = load_backend(f"hanlp:{tiny_model}")
    assert isinstance(recognizer, HanLPRecognizer) and recognizer.chars
    found = recognizer([sentence("湘乡市代表李国武发言")])
    assert [(e.label, e.text, e.start, e.end) for e in found] == [
        ("LOC", "湘乡市", 100, 103), ("PER", "李国武", 105, 108)]
    assert all(e.source == f"hanlp:{tiny_model}" and e.sent_id == 3 for e in found)


def test_rules_win_where_they_overlap_the_model(tiny_model):
    s = sentence("县人大常委会主任张功玉作出安排", start=0)
    model = load_backend(f"hanlp:{tiny_model}")(s and [s])
    rule = Entity(id="r", doc_id="d", sent_id=3, label="ORG", text="县人大常委会", start=0, end=6,
                  source="rule", confidence=0.9)
    clash = Entity(id="c", doc_id="d", sent_id=3, label="ORG", text="张功", start=8, end=10,
                   source="rule", confidence=0.9)
    merged = merge([rule], model)
    assert [(e.label, e.text) for e in merged] == [("ORG", "县人大常委会"), ("PER", "张功玉")]
    assert [(e.text, e.source) for e in merge([clash], model)] == [("张功", "rule")]


def test_unknown_backend_is_a_clear_error():
    with pytest.raises(ValueError, match="expected hanlp:"):
        load_backend("spacy:zh_core_web_sm")
