"""分别: figures listed after 分别 share out the subject before it.

城乡居民人均可支配收入分别增长5.2%和6.9%: one noun phrase before 分别, so both
figures measure it.  脱毒薯和优质专用薯种植分别达到200万亩和300万亩: as many
coordinated parts as figures, so the first figure is 脱毒薯种植 and the second
优质专用薯种植 (the head 种植 is shared; it is found after the last word of the
first part inside the last part, or after the last part's first word when the
first part is one word).  When the parts are places (蕉城镇、长潭镇治理率分别达到
92.5%、88.0%) the places belong to the facts stage and each figure measures the
shared head (治理率).
"""
from __future__ import annotations

from typing import Any, Callable, Sequence

import regex

SPLIT = regex.compile(r"以及|和|与|及|、")
JOINERS = regex.compile(r"\s*(?:和|与|及|、|，|,|以及)\s*")


def distribute(matches: Sequence[Any], t: str, boundaries: frozenset[int] | None,
               is_place: Callable[[str], bool]) -> None:
    """Give the figures of each 分别 group their share of the subject (in place)."""
    i = 0
    while i < len(matches):
        group = _group(matches, i, t)
        if len(group) >= 2:
            _share(group, t, boundaries, is_place)
            i += len(group)
        else:
            i += 1


def _group(matches: Sequence[Any], i: int, t: str) -> list[Any]:
    """The figures from ``matches[i]`` on that a 分别 right before it governs:
    the first one after 分别 (a link or change verb between), the next ones
    joined to it by 和, 、 or a comma and nothing else."""
    first = matches[i]
    k = t.rfind("分别", 0, first.start + (first.text.find(first.number_text) if first.number_text in first.text else 0))
    if k < 0 or regex.search(r"[，,。；;：:]", t[k:first.end]) or not first.subject:
        return [first]
    group = [first]
    for m in matches[i + 1:]:
        between = t[group[-1].end:m.start]
        if not JOINERS.fullmatch(between) or m.unit != first.unit:
            break
        group.append(m)
    return group


def _share(group: list[Any], t: str, boundaries: frozenset[int] | None, is_place: Callable[[str], bool]) -> None:
    subject = _with_listed_items(group[0].subject, t, group[0].start)
    parts = [p for p in SPLIT.split(subject) if p]
    if len(parts) != len(group):
        for m in group[1:]:  # 城乡居民人均可支配收入分别增长5.2%和6.9%: one subject for all
            m.subject, m.subject_source = subject, "distributed"
        return
    head = _shared_head(parts, subject, t, boundaries)
    places = all(is_place(p) for p in parts[:-1]) and is_place(parts[-1][:len(parts[-1]) - len(head)])
    for m, part in zip(group, parts):
        if places and head:
            m.subject = head  # 蕉城镇、长潭镇治理率: the places go to the facts stage
        else:
            m.subject = part if part.endswith(head) else part + head
        m.subject_source = "distributed"


def _with_listed_items(subject: str, t: str, before: int) -> str:
    """蕉城镇、长潭镇治理率: the items listed with 、 before the subject read for the first figure."""
    at = t.rfind(subject, 0, before + len(subject))
    while at > 1 and t[at - 1] == "、":
        m = regex.search(r"[^\s\d，,。；;：:、（）()“”]{1,8}$", t[:at - 1])
        if not m:
            break
        subject, at = m.group() + "、" + subject, m.start()
    return subject


def propagate(matches: Sequence[Any]) -> None:
    """A figure that took its neighbour's subject takes it as shared out (in place)."""
    for prev, m in zip(matches, matches[1:]):
        if m.subject_source in ("previous", "aside") and prev.subject:
            m.subject = prev.subject


def _shared_head(parts: list[str], subject: str, t: str, boundaries: frozenset[int] | None) -> str:
    """The words after the last part's own item that every part shares (种植 of
    脱毒薯和优质专用薯种植; 居民人均可支配收入 of 城镇和农村居民人均可支配收入)."""
    first, last = parts[0], parts[-1]
    word = _last_word(first, subject, t, boundaries)
    for j in range(len(word)):  # 脱毒薯 one word of the segmenter: its end 薯 is found in 优质专用薯种植
        k = last.rfind(word[j:])
        if k >= 0 and k + len(word) - j < len(last):
            return last[k + len(word) - j:]
        if k >= 0:
            return ""
    if word == first or (boundaries is None and len(first) <= 3):
        # 城镇和农村居民…: the last part's first word stands where the first part does
        size = _first_word_len(last, subject, t, boundaries) or len(first)
        if size < len(last) - 1:
            return last[size:]
    return ""


def _last_word(part: str, subject: str, t: str, boundaries: frozenset[int] | None) -> str:
    at = t.find(subject)
    if boundaries is None or at < 0:
        return part[-1:]
    end = at + len(part)
    start = max((b for b in boundaries if at <= b < end), default=at)
    return t[start:end] or part[-1:]


def _first_word_len(part: str, subject: str, t: str, boundaries: frozenset[int] | None) -> int | None:
    at = t.find(subject)
    if boundaries is None or at < 0:
        return None
    begin = at + len(subject) - len(part)
    nxt = min((b for b in boundaries if begin < b <= at + len(subject)), default=None)
    return nxt - begin if nxt is not None else None
