"""Lists of places around a figure: the members of a list closed by 等 give their
enclosing unit (某镇、某镇等地新建8个); a list paired with figures by 分别 gives each
figure the place of the same rank (某镇、某镇的覆盖率分别为96%、92%)."""
from __future__ import annotations

from typing import Any

from ..records import Sentence
from .filters import PlaceFilter
from .places import Place


def enclosing(members: list[Place]) -> dict[str, Any] | None:
    """The unit that holds all of the members (their common parent)."""
    paths = [p.path.split("/") for p in members if p.path]
    if not paths:
        return None
    common: list[str] = []
    for parts in zip(*paths):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    if len(common) >= min(len(x) for x in paths):
        common = common[:-1]  # one member: its parent
    if not common:
        return None
    found = members[0].as_dict("clause", name=common[-1], path="/".join(common))
    found["text"] = common[-1]
    return found

def respective(pf: PlaceFilter, sentence: Sentence, num_at: int, places: list[Place]) -> Place | None:
    """某镇、某镇的覆盖率分别为96%、92%: the place of the same rank as the figure."""
    u0, _ = pf.st.unit_of(sentence, num_at)
    head = pf.st.folded(u0, num_at)
    at = max((head.rfind(w) for w in pf.cues.respectively), default=-1)
    if at < 0:
        return None
    between = head[at:]
    if pf.g["clause_break"].search(between):
        return None  # the figure lies in a later clause
    rank = len(pf.g["respective_joiner"].findall(between))
    cut = pf.st.to_original(pf.st.view.index(u0) + at, pf.st.view.index(u0) + at)[0]
    listed = [p for p in places if u0 <= p.start < cut and not p.level_ref and not pf.is_foreign(p)]
    listed = [p for p in listed if not any(q.start == p.end for q in listed)]  # chains: the last
    if not listed:
        return None
    group = [listed[-1]]  # the list that ends nearest 分别: members joined by 、 or 和
    for p in reversed(listed[:-1]):
        gap = pf.text(p.end, group[0].start)
        if pf.g["respective_gap"].match(gap) is None:
            break
        group.insert(0, p)
    if len(group) < 2 or rank >= len(group):
        return None
    return group[rank]
