"""Optional HanLP backend for the entities stage: ``--ner hanlp:<model id or path>``.

For users who have a HanLP NER model on disk (or can download one, e.g.
MSRA_NER_ELECTRA_SMALL_ZH).  The model's labels are mapped to PER/LOC/ORG,
its token spans are turned into character offsets of the document, and its
entities are merged with the rules': the rules win wherever they overlap
(bodies above all, which generic models never learnt), and a model entity
is added only where the rules found nothing.

Input granularity: by default the model is given pkuseg words; a model whose
vocabulary is single characters (like the tiny one the tests train) is given
characters.  Append ``#chars`` or ``#words`` to the spec to choose.
Needs the ``hanlp`` extra: ``pip install 'bulletin-ie[hanlp]'``.
"""
from __future__ import annotations

from typing import Iterable

from .records import Entity, Sentence, stable_id

LABELS = {
    "PER": "PER", "PERSON": "PER", "NR": "PER", "PEOPLE": "PER",
    "LOC": "LOC", "LOCATION": "LOC", "GPE": "LOC", "NS": "LOC",
    "ORG": "ORG", "ORGANIZATION": "ORG", "NT": "ORG",
}
MODEL_CONFIDENCE = 0.6


class HanLPRecognizer:
    """A HanLP NER component, loaded once, run over a document's sentences."""

    def __init__(self, spec: str):
        try:
            import hanlp
        except ImportError as exc:
            raise RuntimeError("--ner hanlp:... needs the hanlp extra: "
                               "pip install 'bulletin-ie[hanlp]'") from exc
        target, _, mode = spec.partition("#")
        self.name = f"hanlp:{target}"
        self.model = hanlp.load(target)
        self.chars = mode == "chars" if mode else self._char_vocabulary()

    def _char_vocabulary(self) -> bool:
        vocabs = getattr(self.model, "vocabs", None)
        key = getattr(getattr(self.model, "config", None), "token_key", "token") or "token"
        try:
            tokens = [t for t in vocabs[key].idx_to_token if not t.startswith("<")]
        except (KeyError, TypeError, AttributeError):
            return False
        return bool(tokens) and sum(len(t) == 1 for t in tokens) / len(tokens) > 0.9

    def _units(self, sentence: Sentence) -> list[tuple[str, int, int]]:
        """The sentence as model input units with their document offsets."""
        if self.chars or not sentence.tokens:
            return [(ch, sentence.start + i, sentence.start + i + 1)
                    for i, ch in enumerate(sentence.text) if not ch.isspace()]
        return [(t.text, t.start, t.end) for t in sentence.tokens]

    def __call__(self, sentences: list[Sentence]) -> list[Entity]:
        units = [self._units(s) for s in sentences]
        batch = [[u[0] for u in us] for us in units if us]
        outputs = iter(self.model(batch) if batch else [])
        entities = []
        for sentence, us in zip(sentences, units):
            if not us:
                continue
            for item in next(outputs):
                _, label, begin, end = item[:4]
                mapped = LABELS.get(str(label).upper())
                if mapped is None or not 0 <= begin < end <= len(us):
                    continue
                start, stop = us[begin][1], us[end - 1][2]
                text = sentence.text[start - sentence.start:stop - sentence.start]
                entities.append(Entity(
                    id=stable_id("E", sentence.doc_id, mapped, start, stop), doc_id=sentence.doc_id,
                    sent_id=sentence.sent_id, label=mapped, text=text, start=start, end=stop,
                    source=self.name, confidence=MODEL_CONFIDENCE))
        return sorted(entities, key=lambda e: (e.start, e.end))


def merge(rule_entities: Iterable[Entity], model_entities: Iterable[Entity]) -> list[Entity]:
    """Rules win: a model entity is kept only where it overlaps no rule entity."""
    rules = sorted(rule_entities, key=lambda e: e.start)
    taken = [(e.start, e.end) for e in rules]
    merged = list(rules)
    for e in sorted(model_entities, key=lambda e: (e.start, -e.end)):
        if any(s < e.end and e.start < t for s, t in taken):
            continue
        merged.append(e)
        taken.append((e.start, e.end))
    return sorted(merged, key=lambda e: (e.start, e.end))


def load_backend(spec: str | None):
    """The model recogniser named by ``--ner`` (None: rules only)."""
    if not spec:
        return None
    kind, _, target = spec.partition(":")
    if kind != "hanlp" or not target:
        raise ValueError(f"unknown --ner backend {spec!r}; expected hanlp:<model id or path>")
    return HanLPRecognizer(target)
