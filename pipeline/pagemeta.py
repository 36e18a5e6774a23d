"""The bulletin's own name: its title, publisher and date, read by page layout.

The page's details lines (发布时间/来源, a masthead) give these directly and
``pipeline.layout`` records them.  What they leave open is read here from the
layout of the page, by classes of layout, never by a site's name:

- a web page's headline is the last title-shaped line before its details
  line (发布时间/来源/日期), else before its first paragraph; a byline
  (…副主任 李小三), a photo caption (…殷某摄), a subtitle (——…) or a site's
  widget (娱乐吧) is never the title, and an outlet's name run into the
  headline (人民日报 | 某市人大:…) is cut off;
- an e-paper page or a reprint names its publisher in a news dateline
  (某某网3月12日讯, 新华社某地3月10日电), a closing 来源 line, or a copyright
  notice (某某报版权所有);
- a work report's date is in its subtitle (——2024年1月9日在…会议上); a page
  listed among its own related headlines carries its date there.  A date in
  a URL is not the page's date (a reprint shows its source's address).

A field is left out when the page does not have it: never guessed.
"""
from __future__ import annotations

from typing import Any

import regex

from .page import ASIDE, META, Line, PageLine, iso_date
from .textnorm import TERMINAL, reads_as_prose
from .view import View

_STOP = regex.compile(r"[。;!?]")
_BRACKETED = regex.compile(r"\([^()]*\)")
DATELINE_LINES = 3  # a dateline opens one of the first paragraphs (a photo caption may come first)


def _squash(text: str) -> str:
    return regex.sub(r"\s+", "", text)


class PageNames:
    """Completes a layout's metadata title, publisher and date (rules: ``names``
    in rules/furniture.yml; dates by the page's one ``date`` pattern)."""

    def __init__(self, rules: dict[str, Any], date: Any, max_title_length: int):
        self.r = rules
        self.date = date
        self.max_title = max_title_length
        self.suffixes = sorted(rules["outlet_suffixes"], key=len, reverse=True)
        self.local = set(rules["local_sources"])

    # -- what a line is ------------------------------------------------------
    def is_prose(self, text: str) -> bool:
        """Running text: a sentence stop, longer than a title, or commas (outside
        brackets: 各县(市、区) is a name) in a long line."""
        return (bool(_STOP.search(text)) or len(text) > self.max_title
                or reads_as_prose(_BRACKETED.sub("", text)))

    def title_shaped(self, text: str) -> bool:
        """A line that may be a headline: short, not ending as a sentence or a label,
        no byline, caption or subtitle."""
        text = text.strip()
        return (1 < len(text) <= self.max_title and text[-1] not in TERMINAL + ",、:"
                and not self.r["subtitle"].match(text) and not self.r["byline"].match(text)
                and not self.r["caption"].search(text) and not self.full_date(text))

    def full_date(self, text: str) -> bool:
        """A line with a full date in it is a details line, never a headline."""
        m = self.date.search(text)
        return bool(m and iso_date(m))

    # -- the whole page ------------------------------------------------------
    def complete(self, meta: dict[str, Any], lines: list[Line], page: dict[int, PageLine],
                 trailing_source: str | None = None) -> list[dict[str, Any]]:
        """Fill ``meta`` (the layout's metadata) where the details lines left a gap;
        return the furniture entries of what was read from lines that are not
        furniture (a subtitle's date).
        ``lines``: the page's lines (folded text), ``page``: its furniture lines by
        index, ``trailing_source``: a 来源 line closing the only article."""
        texts = [View.of(line.orig).text for line in lines]
        lead, details_at, first_prose = self._leading(texts, page)
        self._author(meta, lines, texts, lead)
        self._publisher(meta, texts, page, first_prose, trailing_source)
        if "title" not in meta:
            title = self._title(lines, texts, lead, details_at)
            if title:
                meta["title"] = title
        if meta.get("title"):
            meta["title"] = self._without_outlet(meta["title"], meta)
        if "date" not in meta:
            return self._date(meta, lines, texts, page, lead)
        return []

    def _leading(self, texts: list[str], page: dict[int, PageLine]):
        """The page's leading lines (not furniture, before the first paragraph),
        the index of its first details line, and of its first paragraph."""
        lead: list[int] = []
        details_at = None
        for i, text in enumerate(texts):
            hit = page.get(i)
            if hit is not None:
                if details_at is None and hit.kind == META and any(
                        name in ("date", "publisher") for name, _, _ in hit.values):
                    details_at = i
                continue
            if self.is_prose(text):
                prose = [j for j in range(i, len(texts)) if j not in page and self.is_prose(texts[j])]
                return lead, details_at, prose[:DATELINE_LINES]
            lead.append(i)
        return lead, details_at, []

    def _title(self, lines: list[Line], texts: list[str], lead: list[int], details_at: int | None) -> str | None:
        """The headline: the last title-shaped leading line before the details line,
        else the first after it, else the last one."""
        shaped = [i for i in lead if self.title_shaped(texts[i])]
        if not shaped:
            return None
        if details_at is not None:
            before = [i for i in shaped if i < details_at]
            pick = before[-1] if before else shaped[0]
        else:
            pick = shaped[-1]
        return lines[pick].orig.strip()

    def _without_outlet(self, title: str, meta: dict[str, Any]) -> str:
        """人民日报 | 某市人大:…: the outlet's name before (or after) the headline goes
        when it is the page's publisher, source or site."""
        names = {_squash(View.of(str(meta[k])).text) for k in ("publisher", "source", "site", "masthead")
                 if isinstance(meta.get(k), str)}
        view = View.of(title)
        parts = self.r["title_separator"].split(view.text)
        if len(parts) < 2:
            return title
        if _squash(parts[0]) in names:
            m = self.r["title_separator"].search(view.text)
            return title[view.span(m.end(), len(view.text))[0]:].strip()
        if _squash(parts[-1]) in names:
            m = list(self.r["title_separator"].finditer(view.text))[-1]
            return title[:view.span(0, m.start())[1]].strip()
        return title

    def _author(self, meta: dict[str, Any], lines: list[Line], texts: list[str], lead: list[int]) -> None:
        """A byline among the leading lines names the author (a report's speaker)."""
        for i in lead:
            m = self.r["byline"].match(texts[i])
            if m:
                meta.setdefault("byline", lines[i].orig.strip())
                meta.setdefault("author", m.group("name"))
                return

    def _publisher(self, meta: dict[str, Any], texts: list[str], page: dict[int, PageLine],
                   first_prose: list[int], trailing_source: str | None) -> None:
        for key in ("publisher", "source"):
            if isinstance(meta.get(key), str) and _squash(View.of(meta[key]).text) in self.local:
                del meta[key]  # 来源:本站 names no one
        if meta.get("publisher"):
            return
        # the dateline opens a paragraph, perhaps after a photo caption run into it
        sentences = [texts[i][s:] for i in first_prose for s in
                     [0] + [m.end() for m in regex.finditer(r"。", texts[i])][:DATELINE_LINES]]
        outlet = next((o for o in map(self._dateline, sentences) if o), None)
        if outlet is None and trailing_source and _squash(trailing_source) not in self.local:
            outlet = trailing_source
        if outlet is None:
            outlet = self._copyright_owner(texts, page)
        if outlet is None and isinstance(meta.get("site"), str):
            outlet = meta["site"]  # the site's own name, at the top of its page
        if outlet:
            meta["publisher"] = outlet

    def _dateline(self, text: str) -> str | None:
        """The outlet of a news dateline opening the first paragraph."""
        m = self.r["dateline"].match(text)
        if m is None:
            return None
        head = m.group("head")
        if any(head.startswith(w) for w in self.local):
            return None
        ends = [k for k in range(len(head), 1, -1) if any(head[:k].endswith(s) for s in self.suffixes)]
        return head[:ends[0]] if ends else None

    def _copyright_owner(self, texts: list[str], page: dict[int, PageLine]) -> str | None:
        for i, hit in sorted(page.items()):
            if hit.field != "copyright":
                continue
            for rx in self.r["copyright_owner"]:
                m = rx.search(texts[i])
                if m and _squash(m.group("owner")) not in self.local:
                    return m.group("owner")
        return None

    def _date(self, meta: dict[str, Any], lines: list[Line], texts: list[str], page: dict[int, PageLine],
              lead: list[int]) -> list[dict[str, Any]]:
        """A subtitle's date, else the date beside the page's own headline in a
        related list.  Returns the furniture entry of the date read (where it
        stands: a later stage must not read it again as a date of the text)."""
        found = None
        for i in lead:
            if self.r["subtitle"].match(texts[i]):
                m = self.date.search(texts[i])
                if m and iso_date(m):
                    found = (i, m, "header")
                    break
        title = _squash(View.of(meta.get("title") or "").text)
        if found is None and title:
            for i, hit in sorted(page.items()):
                if not (hit.kind == ASIDE and hit.field == "related" and _squash(texts[i]) == title):
                    continue
                for j in range(i, min(i + 3, len(texts))):
                    m = self.date.search(texts[j])
                    if m and iso_date(m):
                        found = (j, m, "aside")
                        break
                if found:
                    break
        if found is None:
            return []
        i, m, zone = found
        view = View.of(lines[i].orig)
        s, e = view.span(*m.span())
        meta["date"], meta["date_text"] = iso_date(m), lines[i].orig[s:e].strip()
        return [{"field": "date", "kind": META, "start": lines[i].start + s, "end": lines[i].start + e,
                 "zone": zone}]
