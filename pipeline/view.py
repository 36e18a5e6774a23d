"""The matching view: what the rule stages read, mapped back to the text as written.

Stage 1 keeps a bulletin's characters as written (Chinese punctuation,
Traditional characters, inline pinyin glosses such as 會(huì)), because that is
what reviewers read and what offsets must point to.  The rules, lexicons and
the segmenter, however, are written for Simplified text with ASCII
punctuation and no glosses.  ``View`` gives them that text and a position map
back, so a span found in the view is a span of the original:

- ``fold`` is one character for one character (so offsets stay equal):
  full-width ASCII forms (，：；（）！？％) to ASCII, and Traditional characters
  to Simplified through OpenCC's character table (``_t2s_table``);
- ``View`` also drops pinyin glosses written after a character, so 代表聯(lián)絡站
  is matched as 代表联络站.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any, Callable, Iterable

import regex

from .chars import is_han
from .rules import load_yaml

TEXT_FILE = "text.yml"

if TYPE_CHECKING:
    from .records import Sentence

# A pinyin gloss: a bracketed Latin syllable carrying a tone mark, right after
# a Han character (會(huì), 長(zhǎng)); toneless brackets (A), (de) are left alone.
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
GLOSS = regex.compile(
    rf"(?<=\p{{Han}})[(（][a-zü{_TONED}]{{0,6}}[{_TONED}][a-zü{_TONED}]{{0,6}}[)）]"
)


@lru_cache(maxsize=1)
def _t2s_table() -> dict[int, str]:
    """Traditional to Simplified, character by character: OpenCC's t2s character
    conversion, the one such table of the project (the gazetteer, the entities and
    this view all use it).  Left out: characters that Simplified text writes as
    themselves although OpenCC converts them (乾县, 氾水: ``simplified_too`` in
    rules/text.yml), which the fold must not change in Simplified pages."""
    try:
        import opencc
    except ImportError:  # pragma: no cover - opencc is a default dependency
        return {}
    keep = set(load_yaml(TEXT_FILE).get("simplified_too") or "")
    # the CJK Unified Ideographs and Extension A blocks hold every Traditional form in use
    chars = [chr(c) for c in range(0x3400, 0x9FFF + 1)]
    simple = opencc.OpenCC("t2s").convert("\n".join(chars)).split("\n")
    return {ord(src): dst for src, dst in zip(chars, simple)
            if len(dst) == 1 and dst != src and src not in keep}


def _fold_table() -> dict[int, str]:
    table = dict(_t2s_table())
    for code in range(0xFF01, 0xFF5F):
        table[code] = chr(code - 0xFEE0)
    table[0x3000] = " "
    return table


_FOLD: dict[int, str] | None = None


# A full-width comma between two digits separates two figures (12，345人 is 12
# and 345); folded to "," it would read as one number, so it becomes 、.
_DIGIT_COMMA = regex.compile(r"(?<=[0-9０-９])，(?=[0-9０-９])")


def fold(text: str) -> str:
    """Same-length fold for matching: full-width ASCII to ASCII, Traditional to Simplified."""
    global _FOLD
    if _FOLD is None:
        _FOLD = _fold_table()
    out = text.translate(_FOLD)
    if "，" in text:
        cuts = [m.start() for m in _DIGIT_COMMA.finditer(text)]
        if cuts:
            chars = list(out)
            for i in cuts:
                chars[i] = "、"
            out = "".join(chars)
    return out


def to_simplified(text: str) -> str:
    """Traditional characters to Simplified, one for one (canonical names, paths)."""
    return text.translate(_t2s_table())


def traditional_share(text: str) -> float:
    """Share of Han characters that have a different Simplified form."""
    table = _t2s_table()
    han = [c for c in text if is_han(c)]
    if not han:
        return 0.0
    return sum(ord(c) in table for c in han) / len(han)


def glosses(text: str) -> list[tuple[int, int]]:
    """Spans of inline pinyin glosses (the brackets included)."""
    return [m.span() for m in GLOSS.finditer(text)]


@dataclass
class View:
    """``text`` folded and without glosses; ``pos[i]`` is where view character i stands
    in the original (``pos[len(text)]`` is the original's length)."""

    original: str
    text: str
    pos: list[int]

    @classmethod
    def of(cls, original: str) -> "View":
        cuts = glosses(original)
        if not cuts:
            return cls(original, fold(original), list(range(len(original) + 1)))
        keep: list[int] = []
        prev = 0
        for s, e in cuts:
            keep.extend(range(prev, s))
            prev = e
        keep.extend(range(prev, len(original)))
        text = fold("".join(original[i] for i in keep))
        keep.append(len(original))
        return cls(original, text, keep)

    @property
    def identical(self) -> bool:
        return self.text == self.original

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span of view[start:end] (glosses inside it included)."""
        if end <= start:
            return self.pos[start], self.pos[start]
        return self.pos[start], self.pos[end - 1] + 1

    def index(self, original_offset: int) -> int:
        """The view position of an original offset (the next kept character)."""
        import bisect

        return bisect.bisect_left(self.pos, original_offset, 0, len(self.pos) - 1)

    def original_chars(self, start: int, end: int) -> str:
        """The original characters behind view[start:end], glosses left out (a subject
        read in the view, given back in the document's own script)."""
        return "".join(self.original[self.pos[i]] for i in range(start, end))


# -- the rule stages on the view ---------------------------------------------

def view_sentence(sent: "Sentence") -> tuple["Sentence", View]:
    """The sentence as the rule stages read it: view text, tokens in view positions.

    ``start`` stays the sentence's document offset, so a stage's usual
    ``sent.start + local`` arithmetic gives view positions that ``restore``
    maps back."""
    from .records import Sentence, Token

    view = View.of(sent.text)
    if view.identical:
        return sent, view
    tokens = []
    for tok in sent.tokens:
        a, b = view.index(tok.start - sent.start), view.index(tok.end - sent.start)
        if b > a:
            tokens.append(Token(view.text[a:b], sent.start + a, sent.start + b))
    return Sentence(doc_id=sent.doc_id, sent_id=sent.sent_id, article=sent.article, zone=sent.zone,
                    start=sent.start, end=sent.start + len(view.text), text=view.text,
                    tokens=tokens), view


def view_sentences(sentences: list["Sentence"]) -> list[tuple["Sentence", View]]:
    """``view_sentence`` of each sentence: build once, give to every rule stage."""
    return [view_sentence(s) for s in sentences]


def on_view(fn: Callable[..., Iterable[Any]], sentences: list["Sentence"], *args: Any,
            pairs: list[tuple["Sentence", View]] | None = None) -> list[Any]:
    """Run a rule stage ``fn(sentences, *args)`` on the view of each sentence and map
    every record it returns (with ``sent_id``, ``start``, ``end``, ``text``) back to
    the sentence as written (``pairs``: the views, when already built)."""
    pairs = pairs if pairs is not None else view_sentences(sentences)
    if all(v.identical for _, v in pairs):
        return list(fn(sentences, *args))
    by_id = {vs.sent_id: (orig, view) for orig, (vs, view) in zip(sentences, pairs)}
    out = []
    for rec in fn([vs for vs, _ in pairs], *args):
        orig, view = by_id.get(getattr(rec, "sent_id", None), (None, None))
        if orig is not None and not view.identical:
            restore(rec, orig, view)
        out.append(rec)
    return out


def restore(rec: Any, sent: "Sentence", view: View) -> None:
    """Put a record found in the view back on the sentence as written."""
    a, b = rec.start - sent.start, rec.end - sent.start
    s, e = view.span(a, b)
    rec.start, rec.end = sent.start + s, sent.start + e
    seen = rec.text
    rec.text = sent.text[s:e]
    if hasattr(rec, "canonical") and rec.canonical is None and seen != rec.text:
        rec.canonical = seen  # a Traditional or glossed name links by its Simplified form
    subject = getattr(rec, "subject", None)
    if subject:
        # the subject in the document's own script: its occurrence nearest before the figure
        at = view.text.rfind(subject, 0, b)
        at = at if at >= 0 else view.text.find(subject)
        if at >= 0:
            rec.subject = view.original_chars(at, at + len(subject))
