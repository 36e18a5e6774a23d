"""The masthead of a newsletter, read by its own grammar.

A 联络动态 or 人大工作简报 issue opens with its name, perhaps a romanised name,
the issue number (第N期, 2024年第7期), the running total (总第N期), the body
that edits it (…委员会编) and the date.  The seeds print one part per line;
other issues put several on one line ("…委员会编　　2024年5月20日"), and text
pulled from a PDF or a web form loses the line breaks altogether, so the
masthead runs into the first headline.  ``MastheadGrammar`` reads the parts
as tokens, in any order, with or without spaces between them, from the start
of a text; whatever follows the last token is no longer masthead.

The patterns are data (``masthead`` in rules/furniture.yml); a date is read
with the page's one date pattern (``date``).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .numbers import small_number

# the parts a masthead is made of; "name" only ever comes first
PARTS = ("romanised", "issue", "overall_issue", "date", "page_number", "body", "name")
_OPEN, _CLOSE = "(", ")"  # the folded view's brackets
FREE_LENGTH = ("name", "body")  # parts of free length: they end where another part begins
MAX_FREE = 45


@dataclass
class MastheadToken:
    """One part of a masthead: its kind and where it stands (value: the part's
    own characters, without brackets or the verb 编)."""

    part: str
    start: int
    end: int
    value_start: int
    value_end: int
    number: int | None = None
    year: int | None = None
    match: Any = None


def issue_number(text: str | None) -> int | None:
    """An issue number in Arabic or Chinese numerals (六百六十一 or 六六一 -> 661), by the
    project's one numeral grammar."""
    return small_number(text.strip(), digits=True) if text else None


class MastheadGrammar:
    """Reads masthead parts as tokens from the start of a (folded) text."""

    def __init__(self, patterns: dict[str, Any], date: Any):
        self.rx = dict(patterns)
        self.rx["date"] = date

    def _one(self, text: str, pos: int, part: str, end: int) -> MastheadToken | None:
        if part in FREE_LENGTH:
            m = self._free(text, pos, part, end)
        else:
            m = self.rx[part].match(text, pos, end)
        if m is None or m.end() == m.start():
            return None
        groups = m.groupdict()
        vs, ve = m.span("value") if "value" in groups and groups["value"] is not None else m.span()
        return MastheadToken(part, m.start(), m.end(), vs, ve, issue_number(groups.get("number")),
                             int(groups["year"]) if part == "issue" and groups.get("year") else None, m)

    def tokens(self, text: str, pos: int = 0, end: int | None = None,
               first: bool = True) -> tuple[list[MastheadToken], int]:
        """Masthead tokens from ``pos``: each part may stand in brackets and be
        followed by spaces.  A name or an editing body (parts of free length) only
        counts when another part follows it, or the text ends.  Returns the tokens
        and where the masthead ends."""
        end = len(text) if end is None else end
        found: list[MastheadToken] = []
        while pos < end:
            at = pos
            while at < end and text[at] == " ":
                at += 1
            opened = at < end and text[at] == _OPEN
            start = at + 1 if opened else at
            tok = None
            for part in PARTS:
                if part == "name" and (found or not first):
                    continue
                tok = self._one(text, start, part, end)
                if tok is None:
                    continue
                after = tok.end
                if opened:
                    while after < end and text[after] == " ":
                        after += 1
                    if after < end and text[after] == _CLOSE:
                        after += 1
                    elif part != "name":
                        tok = None  # "(" opened something else
                        continue
                tok.start, tok.end = at, after
                break
            if tok is None:
                break
            found.append(tok)
            pos = tok.end
        return found, (found[-1].end if found else pos)

    def _free(self, text: str, pos: int, part: str, end: int):
        """The shortest match of a free-length part (a name, an editing body) that
        another part follows: 联络动态第11期 is the name 联络动态, not 联络动态第."""
        for stop in range(pos + 1, min(end, pos + MAX_FREE) + 1):
            m = self.rx[part].fullmatch(text, pos, stop)
            if m is not None and self._followed(text, stop, end):
                return m
        return None

    def _followed(self, text: str, pos: int, end: int) -> bool:
        """Another masthead part, or the end of the text, after ``pos``."""
        while pos < end and text[pos] == " ":
            pos += 1
        if pos >= end:
            return True
        if text[pos] == _OPEN:
            pos += 1
        return any(self._one(text, pos, part, end) is not None
                   for part in PARTS if part not in ("name", "body"))

    def line(self, text: str, first: bool) -> list[MastheadToken] | None:
        """The tokens of a line made of masthead parts only, else None."""
        found, stop = self.tokens(text, 0, len(text), first)
        return found if found and not text[stop:].strip() else None

    @staticmethod
    def is_masthead(tokens: list[MastheadToken]) -> bool:
        """A run of tokens that opens a newsletter: an issue number with a name,
        a total or an editing body beside it."""
        parts = {t.part for t in tokens}
        return "issue" in parts and bool(parts & {"name", "overall_issue", "body", "romanised"})
