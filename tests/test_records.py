"""Record types: serialisation, version checks, offset map."""
from __future__ import annotations

from dataclasses import fields
from decimal import Decimal

import pytest

from pipeline.records import (SCHEMA_VERSION, Document, Indicator, RecordError, Sentence, Token, _plain,
                              json_number, stable_id)


def test_sentence_fast_serialisation_equals_the_generic_one():
    s = Sentence("d", 1, 0, "body", 5, 8, "abc", [Token("a", 5, 6), Token("bc", 6, 8)])
    generic = {"kind": "sentence", "schema_version": SCHEMA_VERSION, **_plain(s)}
    assert s.to_dict() == generic and list(s.to_dict()) == list(generic)
    assert set(s.to_dict()) - {"kind", "schema_version"} == {f.name for f in fields(Sentence)}


def test_decimal_values_become_exact_json_numbers():
    ind = Indicator("I1", "d", 0, "1.57亿元", 0, 6, "资金", Decimal("1.57") * 10 ** 8, None, "元", None)
    data = ind.to_dict()
    assert data["value"] == 157000000 and isinstance(data["value"], int)
    assert json_number(Decimal("97.7")) == 97.7


def test_round_trip_and_kind_check():
    s = Sentence("d", 1, None, "header", 0, 2, "第1", [])
    again = Sentence.from_dict(s.to_dict())
    assert again == s
    with pytest.raises(RecordError, match="expected a 'document' record, got kind='sentence'"):
        Document.from_dict(s.to_dict())
    with pytest.raises(RecordError, match="not compatible"):
        Sentence.from_dict({**s.to_dict(), "schema_version": "2.0"})


def test_offset_map_maps_spans_back():
    doc = Document("d", "d.txt", "0" * 64, "utf-8", "第11期", [[0, 0], [1, 2], [3, 5]])
    assert doc.raw_span(1, 3) == (2, 4)  # "11" in "第 11 期"
    assert doc.raw_span(0, 4) == (0, 6)


def test_stable_ids_depend_only_on_content():
    assert stable_id("E", "d", "LOC", 1, 3) == stable_id("E", "d", "LOC", 1, 3)
    assert stable_id("E", "d", "LOC", 1, 3) != stable_id("E", "d", "ORG", 1, 3)
