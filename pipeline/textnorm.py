"""Text normalisation that keeps every character traceable to the raw file.

Normalisation here only ever deletes characters or replaces one character by
one character.  ``TracedText`` keeps, for each character of the current text,
its offset in the raw text, so the final offset map is exact.  Each step is a
function from a ``TracedText`` to a list of edits; ``apply`` performs them.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from typing import Any, Callable, Iterable

import regex

from .rules import load_yaml
from .view import fold as view_fold

TEXT_FILE = "text.yml"


@dataclass(frozen=True)
class TextRules:
    """rules/text.yml: what line-break repair and encoding detection know of Chinese."""

    bound_words: tuple[str, ...]
    heading_start: Any
    common_characters: frozenset[str]
    heading_max_length: int = 40
    caption_end: Any = None

    @classmethod
    def load(cls, name: str = TEXT_FILE) -> "TextRules":
        # schema: rules/schemas/text.yml (simplified_too is read by pipeline.view)
        checked = load_yaml(name, ("bound_words", "heading_start", "common_characters", "caption_end"),
                            compiled=True)
        return cls(tuple(checked["bound_words"]), checked["heading_start"],
                   frozenset(checked["common_characters"]) - frozenset(" \n"),
                   int(checked.get("heading_max_length", 40)), checked["caption_end"])


CJK = r"\p{Han}"


@dataclass(frozen=True)
class Edit:
    """Replace text[start:end] by ``replacement`` ('' deletes; else same length)."""

    start: int
    end: int
    replacement: str = ""


class TracedText:
    """A string plus, for each character, its offset in the raw string."""

    def __init__(self, raw: str):
        self.raw = raw
        self.text = raw
        self.origin: list[int] = list(range(len(raw)))

    def apply(self, edits: Iterable[Edit]) -> "TracedText":
        edits = sorted(edits, key=lambda e: e.start)
        if not edits:
            return self
        parts: list[str] = []
        origin: list[int] = []
        pos = 0
        for e in edits:
            if e.start < pos:  # overlapping edit: the earlier one wins
                continue
            if e.replacement and len(e.replacement) != e.end - e.start:
                raise ValueError("a replacement must keep the length")
            parts.append(self.text[pos:e.start])
            origin.extend(self.origin[pos:e.start])
            if e.replacement:
                parts.append(e.replacement)
                origin.extend(self.origin[e.start:e.end])
            pos = e.end
        parts.append(self.text[pos:])
        origin.extend(self.origin[pos:])
        self.text = "".join(parts)
        self.origin = origin
        return self

    def offset_map(self) -> list[list[int]]:
        """Compress ``origin`` into anchors [text_offset, raw_offset]."""
        anchors: list[list[int]] = []
        prev = None
        for i, r in enumerate(self.origin):
            if prev is None or r != prev + 1:
                anchors.append([i, r])
            prev = r
        return anchors


# -- the normalisation steps -------------------------------------------------

SPACES = "\u3000\u00a0\u2002\u2003\u2009\t"


def _wide_alnum(code: int) -> bool:
    """Full-width digits and Latin letters (０-９, Ａ-Ｚ, ａ-ｚ)."""
    return 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A


def fold_char(ch: str) -> str:
    """What one raw character becomes in the text (when it is kept).

    Only full-width digits and Latin letters and wide spaces are folded:
    numbers, codes and names in them must read the same whichever width the
    typist used.  Chinese punctuation (，；：（）！？) is kept as written,
    because reviewers read this text; the rules see ASCII punctuation through
    the matching view (``pipeline.view.fold``), which has the same length."""
    code = ord(ch)
    if _wide_alnum(code):
        return chr(code - 0xFEE0)
    if ch in SPACES:
        return " "
    if ch == "\r":
        return "\n"
    return ch


def width_edits(t: TracedText) -> list[Edit]:
    """Full-width digits and letters and wide spaces to half-width (see ``fold_char``)."""
    return [Edit(i, i + 1, fold_char(ch)) for i, ch in enumerate(t.text)
            if ch in SPACES or _wide_alnum(ord(ch))]


def line_ends(t: TracedText) -> list[Edit]:
    """CRLF to LF, a lone CR to LF, and drop BOMs and zero-width characters."""
    edits = []
    text = t.text
    for i, ch in enumerate(text):
        if ch == "\r":
            if i + 1 < len(text) and text[i + 1] == "\n":
                edits.append(Edit(i, i + 1))
            else:
                edits.append(Edit(i, i + 1, "\n"))
        elif ch in "\ufeff\u200b\u200c\u200d\u2060" or (
            unicodedata.category(ch) == "Cc" and ch not in "\n\t"
        ):
            edits.append(Edit(i, i + 1))
    return edits


_MD_HEADING = regex.compile(r"(?m)^[ ]{0,3}#{1,6}[ ]+")
_MD_EMPHASIS = regex.compile(r"\*\*|__")
_MD_RULE = regex.compile(r"(?m)^[ ]*(?:-{3,}|\*{3,}|_{3,})[ ]*$")
_MD_QUOTE = regex.compile(r"(?m)^[ ]{0,3}>[ ]?")
# the same marks where a line break was lost (a converted file pulled onto one
# line): a heading mark or a rule between spaces, before Chinese text
_MD_INLINE = regex.compile(r"(?<=[ ])(?:#{1,6}[ ]+(?=\p{Han}|\*\*|__)|(?:-{3,}|\*{3,}|_{3,})(?=[ ]))")


def markdown(t: TracedText) -> list[Edit]:
    """Drop Markdown markup (#, **, ---, >) that bulletins converted to text carry."""
    edits = []
    for rx in (_MD_HEADING, _MD_EMPHASIS, _MD_RULE, _MD_QUOTE, _MD_INLINE):
        edits.extend(Edit(m.start(), m.end()) for m in rx.finditer(t.text))
    return edits


_SPACE_IN_NUMBER = regex.compile(
    rf"(?<=\d)[ ]+(?=[{CJK}%％‰])|(?<=[{CJK}])[ ]+(?=\d)|(?<=\d)[ ]+(?=[.．]\d)|(?<=\d[.．])[ ]+(?=\d)"
)
# Two single Han characters set apart by spaces ("石 韧"): a two-character
# name spaced out for alignment, as in editor and byline lists.
_SPACED_NAME = regex.compile(rf"(?<![{CJK}])([{CJK}])([ ]+)([{CJK}])(?![{CJK}])")
_TRAILING_SPACE = regex.compile(r"(?m)[ ]+$|^[ ]+")


def spaces(t: TracedText) -> list[Edit]:
    """Remove spaces inside figures ("2022 年", "150 个") and spaced-out names."""
    edits = [Edit(m.start(), m.end()) for m in _SPACE_IN_NUMBER.finditer(t.text)]
    edits += [Edit(m.start(2), m.end(2)) for m in _SPACED_NAME.finditer(t.text)]
    edits += [Edit(m.start(), m.end()) for m in _TRAILING_SPACE.finditer(t.text)]
    return edits


TERMINAL = "。！？!?;；…"
OPEN_BRACKETS, CLOSE_BRACKETS = "(（“‘《〔【「『[", ")）”’》〕】」』]"


def _unclosed(line: str) -> bool:
    depth = 0
    for ch in line:
        if ch in OPEN_BRACKETS:
            depth += 1
        elif ch in CLOSE_BRACKETS and depth:
            depth -= 1
    return depth > 0


_BRACKETED = regex.compile(r"[(（][^()（）]*[)）]")
_STOPS = regex.compile(r"[。;；]")


def reads_as_prose(line: str, min_len: int = 30) -> bool:
    """Long text with commas, or any text with a full stop inside, is prose, not
    a title.  Commas inside brackets (各县(市、区)) do not count."""
    if _STOPS.search(line) and len(line) >= 10:
        return True
    commas = len(regex.findall(r"[,，、]", _BRACKETED.sub("", line)))
    return (commas >= 1 and len(line) >= min_len) or (commas >= 2 and len(line) >= 20)


def splits_bound_word(line: str, nxt: str, words: tuple[str, ...]) -> bool:
    """The line ends with the head of a bound word and the next line starts with its rest."""
    return any(line.endswith(w[:k]) and nxt.startswith(w[k:])
               for w in words for k in range(1, len(w)))


def broken_lines(t: TracedText, rules: TextRules, min_len: int = 30, wrap_len: int = 40,
                 is_footer_start: Callable[[str], bool] | None = None,
                 is_furniture: Callable[[str], bool] | None = None) -> list[Edit]:
    """Join a sentence broken across lines (PDF page breaks: "征求\n\n意见建议").

    In the body, a line continues on the next one when it reads as prose and
    does not end a sentence, or when it ends inside an open bracket; titles
    and headings are short with few commas, so they keep their breaks.  In the
    closing block (distribution list, from the line ``is_footer_start``
    accepts), items stand one per line or paragraph, so only a line as long
    as a printed line (``wrap_len``) followed by a single line break is
    taken as wrapped ("...机关纪\n检监察组").  Anywhere, a single line break inside
    a bound word of a body's name (``rules.bound_words``: "人大常\n委会") is a wrap.  A line ``is_furniture`` accepts
    (a copyright notice, a page's date line) is never joined to its neighbours.
    """
    text = view_fold(t.text)  # same length: Chinese and ASCII punctuation alike
    edits = []
    in_footer = False
    for m in regex.finditer(r"([^\n]+)(\n[\n ]*)(?=[^\n])", text):
        line = m.group(1).rstrip()
        in_footer = in_footer or bool(is_footer_start and is_footer_start(line))
        if not line or line[-1] in TERMINAL:
            continue
        nxt_start = m.end()
        nxt_end = text.find("\n", nxt_start)
        nxt = text[nxt_start:nxt_end if nxt_end >= 0 else len(text)]
        if rules.heading_start.match(line) and len(line) <= rules.heading_max_length:
            continue  # a numbered heading (一、主要做法：…，…) is a line of its own, commas or not
        if len(line) < min_len and rules.caption_end.search(line) and _STOPS.search(line):
            continue  # a photo caption and its credit (会议现场。某某网发, …检查。 某某摄)
        if rules.heading_start.match(nxt) or (is_footer_start and is_footer_start(nxt)):
            continue
        if is_furniture and (is_furniture(line) or is_furniture(nxt)):
            continue
        if m.group(2) == "\n" and splits_bound_word(line, nxt, rules.bound_words):
            join = True  # 鄂尔多斯市人大常\n委会: a name wrapped inside a word
        elif in_footer:
            join = len(line) >= wrap_len and m.group(2).count("\n") == 1
        else:
            join = reads_as_prose(line, min_len) or (
                len(line) >= 10 and _unclosed(line) and not _unclosed(nxt))
        if join:
            edits.append(Edit(m.start(2), m.end(2)))
    return edits


def normalise(raw: str, is_footer_start: Callable[[str], bool] | None = None,
              first: tuple[Callable[[TracedText], list[Edit]], ...] = (),
              is_furniture: Callable[[str], bool] | None = None,
              rules: TextRules | None = None,
              restore: Callable[[str], list[Edit]] | None = None) -> TracedText:
    """Run every step in order (``first`` ones before, e.g. HTML to text;
    ``restore``, given the text, gives back the line breaks a one-line text lost)."""
    rules = rules or TextRules.load()
    t = TracedText(raw)
    for step in (*first, line_ends, width_edits, markdown):
        t.apply(step(t))
    if restore is not None:
        t.apply(restore(t.text))
    t.apply(spaces(t))
    t.apply(broken_lines(t, rules, is_footer_start=is_footer_start, is_furniture=is_furniture))
    return t
