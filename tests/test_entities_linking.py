"""linking.py: paths, canonical names, record offsets."""
from __future__ import annotations

from pipeline.entities import extract
from tests.entities_helpers import run, sents


def test_canonical_names_from_the_article(rec):
    ents = run(rec, "华容县人大常委会采取季度清单。", "县人大常委会联工委组织讨论。",
               "人大常委会每季度召开会议。", "结合县委政府部署。")
    canon = {e.text: e.canonical for e in ents if e.label == "ORG"}
    assert canon["县人大常委会联工委"] == "华容县人大常委会联工委"
    assert canon["人大常委会"] == "华容县人大常委会"
    assert canon.get("县委", "华容县委") == "华容县委"  # (when the decision keeps it)


def test_entity_records_have_document_offsets_and_stable_ids(rec):
    s = sents("前言。", "华容县人大常委会采取季度清单。")
    ents = extract(s, rec)
    e = ents[0]
    assert (e.start, e.end, e.sent_id) == (104, 112, 1)
    assert e.id == extract(s, rec)[0].id
    assert e.to_dict()["kind"] == "entity" and 0 < e.confidence <= 1
