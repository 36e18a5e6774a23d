"""A small hand-written run directory for the review and export tests.

Two bulletins (华容县, 湘乡市), their sentences, a few entities, indicators,
times and six facts, written with the real record types and writer, so the
tests do not depend on the extraction stages.  Expected totals of 收集意见建议
by county and year: 华容县 2022 = 86 + 23, 湘乡市 2021 = 150.
"""
from __future__ import annotations

from pathlib import Path

from pipeline.io import AtomicJsonlWriter, write_json_atomic
from pipeline.records import (Article, Document, Entity, Fact, Indicator, Sentence,
                              TimeExpression, stable_id)

HUARONG = "湖南省/岳阳市/华容县"
XIANGXIANG = "湖南省/湘潭市/湘乡市"

TEXTS = {
    "001_huarong": (
        "联络动态\n2022年5月30日\n\n"
        "华容县人大常委会开展代表活动\n"
        "今年以来，华容县人大常委会组织代表走访选民1200余人次，收集意见建议86条。"
        "三封寺镇人大主席团收集意见建议23条。\n"
        "（华容县人大常委会 李明）\n"
    ),
    "002_xiangxiang": (
        "湘乡市人大工作简报\n2021年12月1日\n\n"
        "湘乡市人大代表积极履职\n"
        "2021年，湘乡市各级人大代表收集意见建议150条，办结率达到95%。"
        "东山街道代表联络站接待群众300余人次。\n"
    ),
}

# (doc, mention, label, canonical, path, context: the text around the mention meant)
ENTITIES = [
    ("001_huarong", "华容县", "LOC", "华容县", HUARONG, "华容县人大常委会开展"),
    ("001_huarong", "华容县人大常委会", "ORG", "华容县人大常委会", HUARONG, "华容县人大常委会组织"),
    ("001_huarong", "华容县", "LOC", "华容县", HUARONG, "华容县人大常委会组织"),
    ("001_huarong", "三封寺镇", "LOC", "三封寺镇", HUARONG + "/三封寺镇", None),
    ("001_huarong", "李明", "PER", None, None, None),
    ("002_xiangxiang", "湘乡市", "LOC", "湘乡市", XIANGXIANG, "湘乡市各级"),
    ("002_xiangxiang", "东山街道", "LOC", "东山街道", XIANGXIANG + "/东山街道", None),
]

# doc -> (mention, year, relative, context)
TIMES = {"001_huarong": ("今年", None, "今年", None),
         "002_xiangxiang": ("2021年", 2021, None, "2021年，")}

# (doc, fact key, indicator text, subject, value, unit, qualifier, locality, path, year, time_source)
FACTS = [
    ("001_huarong", "visits", "走访选民1200余人次", "走访选民", 1200, "人次", "more_than",
     "华容县", HUARONG, 2022, "sentence"),
    ("001_huarong", "hr_suggestions", "收集意见建议86条", "收集意见建议", 86, "条", None,
     "华容县", HUARONG, 2022, "sentence"),
    ("001_huarong", "town_suggestions", "收集意见建议23条", "收集意见建议", 23, "条", None,
     "三封寺镇", HUARONG + "/三封寺镇", 2022, "article"),
    ("002_xiangxiang", "xx_suggestions", "收集意见建议150条", "收集意见建议", 150, "条", None,
     "湘乡市", XIANGXIANG, 2021, "sentence"),
    ("002_xiangxiang", "rate", "办结率达到95%", "办结率", 95, "%", None,
     "湘乡市", XIANGXIANG, 2021, "sentence"),
    ("002_xiangxiang", "reception", "接待群众300余人次", "接待群众", 300, "人次", "more_than",
     "东山街道", XIANGXIANG + "/东山街道", 2021, "article"),
]


def _span(text: str, needle: str, context: str | None = None) -> tuple[int, int]:
    """Offsets of ``needle``: its first occurrence, or the one inside ``context``."""
    start = text.index(context or needle) + (context or needle).index(needle)
    return start, start + len(needle)


def _document(doc_id: str, text: str) -> Document:
    lines = text.split("\n")
    title = lines[3]
    t_start = text.index(title)
    contributor = "华容县人大常委会 李明" if "李明" in text else None
    return Document(
        doc_id=doc_id, source=f"seeds/{doc_id}.txt", raw_sha256=stable_id("", doc_id) * 5,
        encoding="utf-8", text=text, offset_map=[[0, 0]],
        metadata={"title": lines[0], "date": "-".join(
            f"{int(x):02d}" for x in lines[1].replace("年", " ").replace("月", " ").strip("日").split())},
        articles=[Article(index=0, title=title, start=t_start, end=len(text),
                          title_start=t_start, title_end=t_start + len(title),
                          contributor=contributor)],
    )


def _sentences(doc: Document) -> list[Sentence]:
    """Lines, and body lines cut after 。: enough structure for the page."""
    out, pos = [], 0
    for line in doc.text.split("\n"):
        start = pos
        for piece in line.replace("。", "。\n").split("\n"):
            if piece:
                zone = "header" if start < doc.articles[0].start else (
                    "title" if start == doc.articles[0].start else "body")
                out.append(Sentence(doc.doc_id, len(out), 0 if zone != "header" else None, zone,
                                    start, start + len(piece), piece))
            start += len(piece)
        pos += len(line) + 1
    return out


def _sentence_at(sentences: list[Sentence], pos: int) -> Sentence:
    return next(s for s in sentences if s.start <= pos < s.end)


def fact_id(key: str) -> str:
    """The id of a fact of FACTS by its key, e.g. fact_id('hr_suggestions')."""
    return stable_id("F", key)


def build_run(out: Path) -> Path:
    """Write documents, sentences, entities, indicators (+ times), facts and a manifest."""
    out.mkdir(parents=True, exist_ok=True)
    docs = {doc_id: _document(doc_id, text) for doc_id, text in TEXTS.items()}
    sents = {doc_id: _sentences(doc) for doc_id, doc in docs.items()}
    entities, indicators, facts = [], [], []
    for doc_id, mention, label, canonical, path, context in ENTITIES:
        start, end = _span(docs[doc_id].text, mention, context)
        sent = _sentence_at(sents[doc_id], start)
        entities.append(Entity(stable_id("E", doc_id, label, start), doc_id, sent.sent_id, label, mention,
                               start, end, "fixture", 0.9, canonical, path,
                               role="通讯员" if label == "PER" else None))
    for doc_id, (mention, year, relative, context) in TIMES.items():
        start, end = _span(docs[doc_id].text, mention, context)
        sent = _sentence_at(sents[doc_id], start)
        indicators.append(TimeExpression(stable_id("T", doc_id, start), doc_id, sent.sent_id,
                                         mention, start, end, year=year, relative=relative))
    for doc_id, key, text, subject, value, unit, qualifier, loc, path, year, tsrc in FACTS:
        doc = docs[doc_id]
        start, end = _span(doc.text, text)
        sent = _sentence_at(sents[doc_id], start)
        ind = Indicator(stable_id("I", key), doc_id, sent.sent_id, text, start, end, subject,
                        value, None, unit, qualifier, unit_kind="count" if unit != "%" else "ratio")
        indicators.append(ind)
        article = doc.articles[0]
        facts.append(Fact(
            id=fact_id(key), doc_id=doc_id, indicator_id=ind.id, subject=subject, value=value,
            value_max=None, unit=unit, qualifier=qualifier, change=None,
            locality={"text": loc, "canonical": loc, "path": path, "entity_id": None,
                      "source": "sentence"},
            body={"text": "华容县人大常委会", "canonical": "华容县人大常委会", "entity_id": None}
            if key == "visits" else None,
            time={"text": str(year), "year": year, "month": None, "day": None, "time_id": None},
            time_source=tsrc, people=[],
            evidence={"text": text, "sentence": sent.text, "sent_id": sent.sent_id, "article": 0,
                      "article_title": article.title, "contributor": article.contributor,
                      "start": start, "end": end, "raw_start": start, "raw_end": end,
                      "source": doc.source, "raw_sha256": doc.raw_sha256},
        ))
    for name, records in (("documents.jsonl", docs.values()),
                          ("sentences.jsonl", [s for ss in sents.values() for s in ss]),
                          ("entities.jsonl", entities), ("indicators.jsonl", indicators),
                          ("facts.jsonl", facts), ("errors.jsonl", [])):
        with AtomicJsonlWriter(out / name) as w:
            w.write_all(records)
    write_json_atomic(out / "manifest.json", {
        "package": "bulletin-ie", "version": "0.1.0", "fingerprint": "fixture-fingerprint",
        "inputs": [{"path": d.source, "doc_id": d.doc_id, "sha256": d.raw_sha256, "status": "ok"}
                   for d in docs.values()],
    })
    return out
