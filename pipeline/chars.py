"""Character classes and pattern helpers every stage shares (one definition each).

``is_han`` is the one test for a Chinese character: the CJK Unified Ideographs,
Extension A and the compatibility block, so that rare characters of names
(Extension A) and of Traditional text count alike everywhere.
"""
from __future__ import annotations

from typing import Iterable

import regex


def is_han(ch: str) -> bool:
    """True for one Chinese character (basic block, Extension A, compatibility)."""
    return bool(ch) and ("\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"
                         or "\uf900" <= ch <= "\ufaff")


def has_han(text: str | None) -> bool:
    return bool(text) and any(is_han(ch) for ch in text)


def alternation(words: Iterable[str], escape: bool = True) -> str:
    """A regex alternation of ``words``, longest first (so that 人大常委会 wins over 人大).

    ``escape=False`` keeps the words as regex fragments (rules that are patterns)."""
    items = sorted(set(words), key=lambda w: (-len(w), w))
    return "|".join(regex.escape(w) if escape else w for w in items)
