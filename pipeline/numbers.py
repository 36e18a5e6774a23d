"""Parsing Chinese and Arabic numerals into exact values.

Bulletins write figures as Arabic digits (1,100 / 97.7), Chinese numerals
(十四, 一百二十, 两, 二〇二一), financial or Traditional forms (壹, 萬, 億, 兩),
and mixtures (2万, 1.5亿, 40余万, 30万余, 近两百万 once the finder has taken the
近).  Everything here returns ``decimal.Decimal`` so that 1.57亿 is exactly
157000000: the facts stage compares and sums these values, and floats would
turn 1.57亿 into 156999999.99999997.

The module knows nothing about units or context; ``pipeline.indicators`` finds
the figures and calls :func:`parse_quantity` on the numeral text.
"""
from __future__ import annotations

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

NUMERAL_CHARS = frozenset(CN_DIGITS) | frozenset(MULTIPLIERS) | frozenset(CN_CONTRACTIONS)
APPROX_MARKS = {"余": "more_than", "多": "more_than", "几": "more_than", "来": "about"}

# Full-width forms folded one-for-one, so offsets stay valid.
_WIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_WIDTH.update({"．": ".", "％": "%", "＋": "+", "－": "-", "～": "~", "　": " "})
_WIDTH_TABLE = str.maketrans({k: v for k, v in _WIDTH.items() if len(v) == 1})


def fold_width(text: str) -> str:
    """Full-width digits, ．, ％, ＋, －, ～ and ideographic space to ASCII (same length)."""
    return text.translate(_WIDTH_TABLE)


@dataclass(frozen=True)
class Quantity:
    """A parsed figure: its value, the approximation written inside it, and its form."""

    value: Decimal
    approx: str | None = None  # "more_than" for 余/多, from 40余万 or 一百多
    vague: bool = False  # 几十, 十几, 数百: the value is only a lower bound
    percent: bool = False  # written 百分之X: the value is in percent


def _clean(value: Decimal) -> Decimal:
    """Integral values without exponent or trailing zeros (157000000, not 1.57E+8)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _arabic(text: str) -> Decimal:
    try:
        return Decimal(fold_width(text).replace(",", "").replace(" ", ""))
    except InvalidOperation as exc:
        raise NumberError(f"not a number: {text!r}") from exc


def _tokens(text: str) -> list[Decimal | str]:
    """Split a numeral into Arabic runs (as Decimals) and single Chinese characters."""
    out: list[Decimal | str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isdigit() or (ch == "." and i + 1 < n and text[i + 1].isdigit()):
            j = i
            while j < n and (text[j].isdigit() or text[j] in ".,"):
                j += 1
            while j > i and text[j - 1] in ".,":
                j -= 1
            out.append(_arabic(text[i:j]))
            i = j
        elif ch in " ":
            i += 1
        else:
            out.append(ch)
            i += 1
    return out


def _chinese_fraction(digits: str) -> Decimal:
    """The part after 点 in 三点五 (positional digits)."""
    if not digits or any(c not in CN_DIGITS for c in digits):
        raise NumberError(f"bad decimal part: {digits!r}")
    return Decimal("0." + "".join(str(CN_DIGITS[c]) for c in digits))


def parse_number(text: str) -> Decimal:
    """Value of a numeral without approximation marks: '1,100', '十四', '1.57亿', '二〇二一'.

    Chinese numerals are read section by section (亿, 万, then 千百十);
    a trailing digit right after a unit is the colloquial contraction
    (三万五 = 35000, 一百五 = 150).  Digit strings with no unit at all
    (二〇二一) are positional.
    """
    text = fold_width(text.strip())
    for short, full in CN_CONTRACTIONS.items():
        text = text.replace(short, full)
    if not text:
        raise NumberError("empty numeral")
    if "点" in text:  # 三点五, 九十五点五
        whole, _, frac = text.partition("点")
        return _clean(parse_number(whole) + _chinese_fraction(frac))
    tokens = _tokens(text)
    if all(isinstance(t, str) and t in CN_DIGITS for t in tokens) and len(tokens) > 1:
        return Decimal("".join(str(CN_DIGITS[t]) for t in tokens))  # positional: 二〇二一
    total = Decimal(0)  # completed 亿 groups
    wan = Decimal(0)  # completed 万 group inside the current 亿 group
    section = Decimal(0)  # below 万
    digit: Decimal | None = None
    last_unit = 0  # value of the previous unit char, for 三万五
    after_zero = False
    for tok in tokens:
        if isinstance(tok, Decimal):
            if digit is not None:
                raise NumberError(f"two numbers in a row in {text!r}")
            digit = tok
        elif tok in CN_DIGITS:
            d = CN_DIGITS[tok]
            if d == 0:
                after_zero, last_unit = True, 0
                continue
            if digit is not None:
                raise NumberError(f"two digits in a row in {text!r}")
            digit = Decimal(d)
        elif tok in CN_SMALL_UNITS:
            unit = CN_SMALL_UNITS[tok]
            section += (digit if digit is not None else Decimal(1)) * unit
            digit, last_unit, after_zero = None, unit, False
        elif tok in CN_BIG_UNITS:
            unit = CN_BIG_UNITS[tok]
            part = section + (digit if digit is not None else Decimal(0))
            if part == 0 and not (total or wan):
                part = Decimal(1)  # bare 万 / 亿
            if unit == 10**4:
                wan = (wan + part) * unit
            else:
                total = (total + wan + part) * unit
                wan = Decimal(0)
            section, digit, last_unit, after_zero = Decimal(0), None, unit, False
        else:
            raise NumberError(f"not a numeral character {tok!r} in {text!r}")
    if digit is not None:
        if last_unit >= 10 and not after_zero and digit < 10 and digit == digit.to_integral_value():
            digit *= Decimal(last_unit) / 10  # 三万五, 一百五, 两千三
        section += digit
    return _clean(total + wan + section)


@lru_cache(maxsize=8192)
def parse_quantity(text: str) -> Quantity:
    """Parse a figure that may carry 余/多/几 and percent forms.

    Examples: '40余万' -> 400000 more_than; '30万余' -> 300000 more_than;
    '一百多' -> 100 more_than; '十几' -> 10 vague; '几百' -> 100 vague;
    '数十' -> 10 vague; '百分之九十' -> 90 percent; '百分之百' -> 100 percent.
    """
    raw = fold_width(text.strip()).replace(" ", "")
    percent = False
    for prefix in ("百分之", "千分之"):
        if raw.startswith(prefix):
            if prefix == "千分之":
                raise NumberError("per mille figures are not read as percent")
            raw, percent = raw[len(prefix):], True
            break
    approx: str | None = None
    vague = False
    if raw[:1] in ("几", "数") or raw.startswith("好几"):
        raw = raw[2:] if raw.startswith("好几") else raw[1:]
        vague, approx = True, "more_than"
        if not raw or raw[0] not in MULTIPLIERS:
            raise NumberError(f"vague figure without magnitude: {text!r}")
        raw = "一" + raw  # 几百 -> lower bound 一百
    kept = []
    for ch in raw:
        if ch in APPROX_MARKS:
            approx = approx or APPROX_MARKS[ch]
            vague = vague or ch == "几"
            continue
        kept.append(ch)
    core = "".join(kept)
    if not core:
        raise NumberError(f"no digits in {text!r}")
    return Quantity(parse_number(core), approx, vague, percent)
