"""Step 1 of the indicators stage: figures with their units (candidates).

The extent of a figure is ``pipeline.numbers.figure_pattern`` and its value
``parse_quantity``: one grammar, so a figure is read whole or refused whole
(1亿2000万 is never 2000万, 3/5亩 never 5 亩).  Around it this module reads the
qualifier words (近, 超过, 不少于 ... 以上, 左右), ranges (1—2, 19至27), a
currency symbol before it (¥500, US$1.2亿) and the unit after it, the longest
form of rules/units.yml at that place (人次 over 人), with the unit's own
readings: a half (三年半), tenths (七成六, 八五折), smaller parts (5元3毛, 3块5毛).
"""
from __future__ import annotations

from dataclasses import dataclass, replace
from decimal import Decimal

import regex

from ..chars import alternation
from ..numbers import (DIGIT_CHARS, NUMERAL_CHARS, NumberError, Quantity, parse_number, parse_quantity,
                       parse_tenths, unsigned)
from .grammar import MAX_VALUE, UNITS_FILE, Grammar, Unit, _compile, _figure_pattern


@dataclass
class FigureCandidate:
    """A figure with its unit, before the decision to keep it."""

    start: int  # first character, qualifier words included
    num_start: int  # first character of the figure itself
    num_end: int  # end of the figure (range included)
    unit_end: int
    end: int  # after the trailing qualifier
    quantity: Quantity
    quantity_max: Quantity | None
    unit: Unit
    figure: str  # numeral text of the first figure: 一, 两百万, 40余万
    pre: str | None = None  # qualifier before the figure (key)
    post: str | None = None  # qualifier after the unit (key)
    inner: str | None = None  # 多/余 inside a 个-unit: 两个多月
    vague: str | None = None  # 上/几/数 before a magnitude (key)
    percent_form: bool = False  # 百分之九十, 三分之二, 千分之五
    half: bool = False  # 三年半, 两个半月: 0.5 added to the value


class FigureReader:
    """Finds every figure followed by a unit in a (width-folded) sentence."""

    def __init__(self, units: dict[str, Unit], grammar: Grammar):
        self.units = units
        self.g = grammar
        self.max_form = max(len(f) for f in units)
        # units before magnitudes: 千克, 千米, 千瓦时, 百分点 and 兆瓦 are units, never 千 x 克
        heads = [f for f, u in units.items() if f[0] in NUMERAL_CHARS and u.multiplier == 1 and not u.numeral_form]
        numeral_units = [f for f, u in units.items() if u.numeral_form]
        others = [f for f, u in units.items() if not u.numeral_form]
        self.currency = {sym: u for u in units.values() for sym in u.before}
        self.figure_re = _compile(
            _figure_pattern(*grammar.figure_parts, alternation(heads), alternation(numeral_units),
                            alternation(others), alternation(self.currency)),
            UNITS_FILE, "the figure grammar with the unit forms")
        # the smaller parts of compound amounts (5元3角, 一斤二两), each with its digits
        part_forms = {form for u in units.values() for unit in (u, u.with_parts) if unit
                      for form, _ in unit.parts}
        self.part_re = {form: regex.compile(rf"[零〇]?(?:\d{{1,2}}|[{DIGIT_CHARS}十]{{1,2}}?)(?={regex.escape(form)})")
                        for form in part_forms}
        self.tenth_re = regex.compile(rf"[\d{DIGIT_CHARS}](?![\d{NUMERAL_CHARS}])")

    def candidates(self, t: str) -> list[FigureCandidate]:
        """Every figure followed by a unit, with its qualifiers."""
        out: list[FigureCandidate] = []
        for m in self.figure_re.finditer(t):
            if out and m.start("fig") < out[-1].end:
                continue  # the 5 of 3元2角5分 was read with the amount before it
            cand = self._candidate(t, m)
            if cand is not None:
                out.append(cand)
        return self._merge_ranges(out, t)

    def _candidate(self, t: str, m: regex.Match) -> FigureCandidate | None:
        g = self.g
        fig, fig2, pos = m.group("fig"), m.group("fig2"), m.end()
        found = self._unit_at(t, pos)
        try:  # a figure the grammar cannot read whole gives no indicator (七十百, 12,34, 3/5)
            q1 = self._quantity(fig, found[0] if found and fig2 is None else None)
            q2 = parse_quantity(fig2) if fig2 else None
        except NumberError:
            return None
        if abs(q1.value) >= MAX_VALUE:
            return None  # a digit string that long is an identifier, not a figure
        percent_form = q1.percent or q1.per_mille
        if percent_form:  # 百分之九十, 三分之二 (%); 千分之五 (‰)
            if q2 is not None and (q2.percent, q2.per_mille) != (q1.percent, q1.per_mille):
                return None
            found = (self.units.get("‰" if q1.per_mille else "%"), pos, None)
        elif q2 is not None and (q2.percent or q2.per_mille):
            return None
        else:
            found = found or self._implied_unit(t, m.start(), pos)
        cur = self.currency.get(m.group("cur")) if m.group("cur") else None
        if cur is not None:  # ¥500, US$1.2亿: the symbol is the unit (a different one after it: no figure)
            if found is not None and found[0] is not None and found[0].unit != cur.unit:
                return None
            found = found or (cur, pos, None)
        if found is None or found[0] is None:
            return None
        unit, unit_end, inner = found
        if unit.arabic_only and not unsigned(fig)[:1].isdigit():
            return None  # 十分重要, 三分天下, 两度: no score, no degree
        if unit.after_change and q1.value == q1.value.to_integral_value() \
                and not g.rank_move_re.search(t, max(0, m.start() - 6), m.start()):
            short = self.units.get(unit.form[0])  # 分为3个等级: a count of levels
            if short is None:
                return None
            unit, unit_end = short, unit_end - len(unit.form) + 1
        half = inner == "half"
        if half:
            inner = None
        elif not percent_form and (unit.kind in g.half_kinds or unit.tenths) and q2 is None:
            hm = g.half_re.match(t, unit_end)  # 三年半, 两米半, 三成半
            if hm:
                half, unit_end = True, hm.end()
        if half:
            q1 = replace(q1, value=q1.value + Decimal("0.5"))
        elif unit.tenths and q2 is None:
            q1, unit_end = self._tenth(t, unit_end, q1)
        elif (unit.parts or unit.with_parts) and q2 is None:
            unit, q1, unit_end = self._compound(t, unit, unit_end, q1)
            if unit is None:
                return None
        post, end = None, unit_end
        pm = g.post_re.match(t, unit_end)
        if pm and (pm.group().strip() not in g.duration_only or unit.kind == "duration"):
            post, end = g.post_keys[pm.group().strip()], pm.end()
        return FigureCandidate(
            start=m.start(), num_start=m.start("fig"), num_end=m.end(), unit_end=unit_end, end=end,
            quantity=q1, quantity_max=q2, unit=unit, figure=fig,
            pre=self._pre_key(m.group("pre")) if m.group("pre") else None, post=post, inner=inner,
            vague=g.vague_keys.get(m.group("vague")) if m.group("vague") else None,
            percent_form=percent_form, half=half)

    @staticmethod
    def _quantity(fig: str, unit: Unit | None) -> Quantity:
        """The figure's value; before 成 or 折 a count of tenths (at most ten), and two
        digits are a whole and a tenth (八五折 = 8.5 折, 85折 too)."""
        if unit is None or not unit.tenths:
            return parse_quantity(fig)
        try:
            q = parse_quantity(fig)
        except NumberError:
            return Quantity(parse_tenths(fig))
        if q.percent or q.per_mille or q.value <= 10:
            return q
        return Quantity(parse_tenths(fig))

    def _tenth(self, t: str, pos: int, q: Quantity) -> tuple[Quantity, int]:
        """七成六 = 7.6 成: one digit after the unit, with no numeral or unit after it."""
        m = self.tenth_re.match(t, pos)
        if not m or self._unit_at(t, m.end(), space=False) or q.value != q.value.to_integral_value():
            return q, pos
        return replace(q, value=q.value + parse_number(m.group()) / 10), m.end()

    def _compound(self, t: str, unit: Unit, pos: int, q: Quantity) -> tuple[Unit | None, Quantity, int]:
        """5元3角 = 5.3 元, 3块5毛 = 3.5 元, 两美元又三美分 = 2.03 美元, 一斤二两 = 1.2 斤:
        smaller units added to the value.  A form that is the unit only with parts
        (块 of 3块5毛; 3块地 is a count) gives the plain unit, or none, without them."""
        for target in (unit, unit.with_parts):
            if target is None or not target.parts:
                continue
            value, end, n = q.value, pos, 0
            i = pos + 1 if t.startswith("又", pos) else pos
            for form, share in target.parts:
                m = self.part_re[form].match(t, i)
                if not m or t[m.end() + len(form):m.end() + len(form) + 1] in self.g.part_not_before:
                    continue
                try:  # 5元零5分: the 零 only says that the 角 place is empty
                    value += parse_number(m.group().lstrip("零〇") or m.group()) * share
                except NumberError:
                    break
                i = end = m.end() + len(form)
                n += 1
            if n:
                return target, replace(q, value=value), end
        return (None if unit.only_with_parts else unit), q, pos

    def _unit_at(self, t: str, pos: int, space: bool = True) -> tuple[Unit, int, str | None] | None:
        """Longest unit form at ``pos`` (one space allowed), honouring not_before."""
        if space and t[pos:pos + 1] == " ":
            pos += 1
        if t[pos:pos + 1] in ("个", "個") and t[pos + 1:pos + 2] in ("多", "余", "半"):
            # 两个多月, 3个余小时: the approximation sits inside a 个-unit; 两个半月: a half
            inner = "half" if t[pos + 1] == "半" else "more_than"
            for size in range(self.max_form - 1, 0, -1):
                unit = self.units.get(t[pos] + t[pos + 2:pos + 2 + size])
                if unit and len(unit.form) > 1 and not self._vetoed(unit, t, pos + 2 + size):
                    return unit, pos + 2 + size, inner
        for size in range(min(self.max_form, len(t) - pos), 0, -1):
            unit = self.units.get(t[pos:pos + size])
            if unit and not self._vetoed(unit, t, pos + size):
                return unit, pos + size, None
        return None

    def _implied_unit(self, t: str, start: int, pos: int) -> tuple[Unit, int, None] | None:
        """人口15万: a figure with no unit, after a word that implies one."""
        im = self.g.implied_re.search(t, max(0, start - 8), start)
        unit = self.units.get(self.g.implied_units[im.group("w")]) if im else None
        return (unit, pos, None) if unit else None

    @staticmethod
    def _vetoed(unit: Unit, t: str, end: int) -> bool:
        """年龄, 部门, 台账: the unit characters begin a word; 5min, 5m²: a Latin form
        followed by more letters, digits or a power is another unit or word."""
        nxt = t[end:end + 1]
        if unit.form[-1].isascii() and unit.form[-1].isalnum() and nxt and (
                (nxt.isascii() and nxt.isalnum()) or nxt in "²³"):
            return True
        return any(t.startswith(word, end) for word in unit.not_before)

    def _merge_ranges(self, cands: list[FigureCandidate], t: str) -> list[FigureCandidate]:
        """5个至10个: two figures with the same unit and a connector between make one range."""
        out: list[FigureCandidate] = []
        for c in cands:
            prev = out[-1] if out else None
            gap = t[prev.unit_end:c.start] if prev else ""
            if prev and not gap and c.figure.startswith("-") and c.pre is None \
                    and prev.quantity_max is None and c.quantity_max is None \
                    and c.unit.unit == prev.unit.unit and not c.percent_form:
                # 5个-10个: the - right after a unit is the range connector, not a sign
                prev.quantity_max = replace(c.quantity, value=-c.quantity.value)
                prev.num_end, prev.unit_end, prev.end = c.num_end, c.unit_end, c.end
                prev.post = c.post or prev.post
                continue
            if (prev and gap.strip() and prev.quantity_max is None and c.quantity_max is None
                    and prev.pre is None and c.pre is None and c.unit.unit == prev.unit.unit
                    and self.g.connector_re.fullmatch(gap)):
                prev.quantity_max, prev.num_end = c.quantity, c.num_end
                prev.unit_end, prev.end, prev.post = c.unit_end, c.end, c.post or prev.post
                continue
            out.append(c)
        return out

    def _pre_key(self, word: str) -> str | None:
        return next((key for pat, key in self.g.pre_keys if pat.fullmatch(word)), None)
