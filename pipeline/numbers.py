"""Parsing Chinese and Arabic numerals into exact values.

Bulletins write figures as Arabic digits (1,100 / 97.7), Chinese numerals
(十四, 一百二十, 两, 二〇二一), financial or Traditional forms (壹, 萬, 億, 兩,
2點6億), mixtures (2万, 1.5亿, 40余万, 30万余, 近两百万 once the finder has taken
the 近), signs (-2.7, 负8.4) and fractions (三分之二, 百分之九十, 千分之五).
A numeral that cannot be read fully (七十百, 三十三十, 12,34) raises
NumberError: a refused figure is never turned into a guess.  Everything here returns ``decimal.Decimal`` so that 1.57亿 is exactly
157000000: the facts stage compares and sums these values, and floats would
turn 1.57亿 into 156999999.99999997.

The module knows nothing about units or context; ``pipeline.indicators`` finds
the figures and calls :func:`parse_quantity` on the numeral text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from decimal import Decimal, InvalidOperation

__all__ = ["Quantity", "parse_number", "parse_quantity", "fold_width", "NumberError"]


class NumberError(ValueError):
    """Text that is not a numeral this module can read."""


# Digits (0-9) in every script a bulletin uses.
CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0, "洞": 0,
    "一": 1, "壹": 1, "幺": 1,
    "二": 2, "两": 2, "兩": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "參": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
# Positional units inside a 万 section.
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# Section units: they close a section (一万二千 = 1*10^4 + 2000).
CN_BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
# Contractions: 廿 = 二十, 卅 = 三十, 卌 = 四十.
CN_CONTRACTIONS = {"廿": "二十", "卅": "三十", "卌": "四十"}
MULTIPLIERS = {**CN_SMALL_UNITS, **CN_BIG_UNITS}
# The decimal point written as a word: 三点五, 2點6億.
DECIMAL_POINTS = ("点", "點")
# A sign before the figure belongs to the value: -2.7, 负8.4 (－ and − fold to -).
NEGATIVE_SIGNS = frozenset("-负負")
POSITIVE_SIGNS = frozenset("+")
# A mixed number: 三又二分之一 = 3.5.
MIXED_JOINER = "又"
FRACTION_MARK = "分之"

NUMERAL_CHARS = frozenset(CN_DIGITS) | frozenset(MULTIPLIERS) | frozenset(CN_CONTRACTIONS)
APPROX_MARKS = {"余": "more_than", "餘": "more_than", "多": "more_than", "几": "more_than",
                "幾": "more_than", "来": "about", "來": "about"}
VAGUE_PREFIXES = ("好几", "好幾", "几", "幾", "数", "數")
PERCENT_DECIMALS = Decimal("0.0001")  # 三分之二 = 66.6667 %

# Full-width forms folded one-for-one, so offsets stay valid.
_WIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_WIDTH.update({"．": ".", "％": "%", "＋": "+", "－": "-", "～": "~", "　": " ", "\u2212": "-"})
_WIDTH_TABLE = str.maketrans({k: v for k, v in _WIDTH.items() if len(v) == 1})
_ARABIC_OK = re.compile(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")


def fold_width(text: str) -> str:
    """Full-width digits, ．, ％, ＋, －, −, ～ and ideographic space to ASCII (same length)."""
    return text.translate(_WIDTH_TABLE)


@dataclass(frozen=True)
class Quantity:
    """A parsed figure: its value, the approximation written inside it, and its form."""

    value: Decimal
    approx: str | None = None  # "more_than" for 余/多, from 40余万 or 一百多
    vague: bool = False  # 几十, 十几, 数百: the value is only a lower bound
    percent: bool = False  # written 百分之X or X分之Y: the value is in percent
    per_mille: bool = False  # written 千分之X: the value is in per mille


def _clean(value: Decimal) -> Decimal:
    """Integral values without exponent or trailing zeros (157000000, not 1.57E+8)."""
    try:
        if value == value.to_integral_value():
            return value.quantize(Decimal(1))
        return value.normalize()
    except InvalidOperation as exc:  # more digits than the context holds: no guess
        raise NumberError(f"too many digits: {value}") from exc


def _arabic(text: str) -> Decimal:
    """An Arabic run; separators must group by three (12,34 is refused, not read 1234)."""
    text = text.replace(" ", "")
    if not _ARABIC_OK.fullmatch(text):
        raise NumberError(f"not a number: {text!r}")
    return Decimal(text.replace(",", ""))


def _tokens(text: str) -> list[Decimal | str]:
    """Split a numeral into Arabic runs (as Decimals) and single Chinese characters."""
    out: list[Decimal | str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isdigit() or ch == ".":
            j = i
            while j < n and (text[j].isdigit() or text[j] in ".,"):
                j += 1
            out.append(_arabic(text[i:j]))
            i = j
        elif ch == " ":
            i += 1
        else:
            out.append(ch)
            i += 1
    return out


def _digit_string(digits: str) -> str:
    """The digits after a decimal point (五 or 5), as ASCII; NumberError otherwise."""
    out = []
    for c in digits:
        if c.isdigit():
            out.append(c)
        elif c in CN_DIGITS:
            out.append(str(CN_DIGITS[c]))
        else:
            raise NumberError(f"bad decimal part: {digits!r}")
    if not out:
        raise NumberError("empty decimal part")
    return "".join(out)


def _with_point(text: str, point: str) -> Decimal:
    """三点五, 九十五点五, 2點6億: digits after the point, then only magnitudes."""
    whole, _, frac = text.partition(point)
    k = len(frac)
    while k and frac[k - 1] in MULTIPLIERS:
        k -= 1
    digits, scale = frac[:k], frac[k:]
    value = parse_number(whole) + Decimal("0." + _digit_string(digits))
    if scale:
        if any(c in MULTIPLIERS for c in whole):
            raise NumberError(f"magnitude on both sides of the point in {text!r}")
        for c in scale:
            value *= MULTIPLIERS[c]
    return _clean(value)


def parse_number(text: str) -> Decimal:
    """Value of a numeral without approximation marks: '1,100', '十四', '1.57亿', '二〇二一'.

    Chinese numerals are read section by section (亿, 万, then 千百十);
    a trailing digit right after a unit is the colloquial contraction
    (三万五 = 35000, 一百五 = 150).  Digit strings with no unit at all
    (二〇二一) are positional.  A leading sign (-, −, －, 负) makes the value
    negative.  Anything that is not a well-formed numeral raises
    NumberError rather than giving a guess: units out of order (七十百,
    三十三十), a bare unit in mid-section (一千百), a repeated 万 or 亿
    (三万四万), separators that do not group by three (12,34).
    """
    text = fold_width(text.strip())
    if text[:1] in NEGATIVE_SIGNS:
        return _clean(-parse_number(text[1:]))
    if text[:1] in POSITIVE_SIGNS:
        return parse_number(text[1:])
    if not text:
        raise NumberError("empty numeral")
    for short, full in CN_CONTRACTIONS.items():
        if short in text:
            text = text.replace(short, full)
    for point in DECIMAL_POINTS:
        if point in text:  # 三点五, 九十五点五, 2點6億
            return _with_point(text, point)
    tokens = _tokens(text)
    if len(tokens) > 1 and all(isinstance(t, str) and t in CN_DIGITS for t in tokens):
        return Decimal("".join(str(CN_DIGITS[t]) for t in tokens))  # positional: 二〇二一
    total = Decimal(0)  # completed 亿 groups
    wan = Decimal(0)  # completed 万 group inside the current 亿 group
    section = Decimal(0)  # below 万
    digit: Decimal | None = None
    last_unit = 0  # value of the previous unit char, for 三万五
    small = 10**5  # the last small unit of this section: they must decrease (七十百 is refused)
    after_zero = False
    for tok in tokens:
        if isinstance(tok, Decimal):
            if digit is not None:
                raise NumberError(f"two numbers in a row in {text!r}")
            digit = tok
        elif tok in CN_DIGITS:
            d = CN_DIGITS[tok]
            if d == 0:
                if digit is not None:
                    raise NumberError(f"zero after a digit in {text!r}")
                after_zero, last_unit = True, 0
                continue
            if digit is not None:
                raise NumberError(f"two digits in a row in {text!r}")
            digit = Decimal(d)
        elif tok in CN_SMALL_UNITS:
            unit = CN_SMALL_UNITS[tok]
            if unit >= small:
                raise NumberError(f"units out of order in {text!r}")
            if digit is None and (small != 10**5 or after_zero):
                raise NumberError(f"unit without a digit in {text!r}")  # 一千百, 一百零十
            section += (digit if digit is not None else Decimal(1)) * unit
            digit, last_unit, small, after_zero = None, unit, unit, False
        elif tok in CN_BIG_UNITS:
            unit = CN_BIG_UNITS[tok]
            part = section + (digit if digit is not None else Decimal(0))
            if unit == 10**4:
                if wan:
                    raise NumberError(f"万 twice in {text!r}")
                if part == 0:
                    if total or after_zero:
                        raise NumberError(f"万 without a digit in {text!r}")
                    part = Decimal(1)  # bare 万
                wan = part * unit
            else:
                if total:
                    raise NumberError(f"亿 twice in {text!r}")
                if part == 0 and not wan:
                    if after_zero:
                        raise NumberError(f"亿 without a digit in {text!r}")
                    part = Decimal(1)  # bare 亿
                total = (wan + part) * unit  # 1.2万亿: 万 before 亿 multiplies
                wan = Decimal(0)
            section, digit, last_unit, small, after_zero = Decimal(0), None, unit, 10**5, False
        else:
            raise NumberError(f"not a numeral character {tok!r} in {text!r}")
    if digit is not None:
        if last_unit >= 10 and not after_zero and digit < 10 and digit == digit.to_integral_value():
            digit *= Decimal(last_unit) / 10  # 三万五, 一百五, 两千三
        section += digit
    return _clean(total + wan + section)


def _fraction(raw: str, text: str) -> Quantity:
    """X分之Y: 百分之九十 = 90 %, 三分之二 = 66.6667 %, 千分之五 = 5 ‰."""
    den_text, _, num_text = raw.partition(FRACTION_MARK)
    num = parse_quantity(num_text)
    if num.percent or num.per_mille:
        raise NumberError(f"fraction inside a fraction: {text!r}")
    if den_text == "千":
        return Quantity(num.value, num.approx, num.vague, per_mille=True)
    den = parse_number(den_text)
    if den <= 0:
        raise NumberError(f"bad denominator in {text!r}")
    value = num.value if den == 100 else (num.value * 100 / den).quantize(PERCENT_DECIMALS)
    return Quantity(_clean(value), num.approx, num.vague, percent=True)


@lru_cache(maxsize=8192)
def parse_quantity(text: str) -> Quantity:
    """Parse a figure that may carry 余/多/几, a sign, and fraction forms.

    Examples: '40余万' -> 400000 more_than; '30万余' -> 300000 more_than;
    '一百多' -> 100 more_than; '十几' -> 10 vague; '几百' -> 100 vague;
    '数十' -> 10 vague; '百分之九十' -> 90 percent; '百分之百' -> 100 percent;
    '三分之二' -> 66.6667 percent; '千分之五' -> 5 per mille; '负8.4' -> -8.4;
    '三又二分之一' -> 3.5.
    """
    raw = fold_width(text.strip()).replace(" ", "")
    if raw[:1] in NEGATIVE_SIGNS:
        q = parse_quantity(raw[1:])
        return Quantity(_clean(-q.value), q.approx, q.vague, q.percent, q.per_mille)
    if MIXED_JOINER in raw:  # 三又二分之一: a whole and a fraction of one
        whole, _, rest = raw.partition(MIXED_JOINER)
        den_text, mark, num_text = rest.partition(FRACTION_MARK)
        if not mark:
            raise NumberError(f"又 without a fraction in {text!r}")
        den, num = parse_number(den_text), parse_number(num_text)
        if den <= 0 or num >= den:
            raise NumberError(f"bad mixed number {text!r}")
        return Quantity(_clean((parse_number(whole) + num / den).quantize(PERCENT_DECIMALS)))
    if FRACTION_MARK in raw:
        return _fraction(raw, text)
    approx: str | None = None
    vague = False
    prefix = next((p for p in VAGUE_PREFIXES if raw.startswith(p)), None)
    if prefix:
        raw = raw[len(prefix):]
        vague, approx = True, "more_than"
        if not raw or raw[0] not in MULTIPLIERS:
            raise NumberError(f"vague figure without magnitude: {text!r}")
        raw = "一" + raw  # 几百 -> lower bound 一百
    kept = []
    for ch in raw:
        if ch in APPROX_MARKS:
            approx = approx or APPROX_MARKS[ch]
            vague = vague or ch in "几幾"
            continue
        kept.append(ch)
    core = "".join(kept)
    if not core:
        raise NumberError(f"no digits in {text!r}")
    return Quantity(parse_number(core), approx, vague)
