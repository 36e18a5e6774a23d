"""The one numeral grammar: every way a bulletin writes a figure, read to an
exact value or refused.

Bulletins write figures as Arabic digits (1,100 / 97.7 / １，２３４ / 12 345 in
PDF text), Chinese numerals (十四, 一百二十, 两), financial or Traditional forms
(壹, 萬, 億, 兩, 叁拾伍点陆亿), mixed sections (1亿2000万, 12万5千, 3千5百万,
2千零30万), colloquial contractions (三万五, 两千三百五万 = 2350万), signs (-2.7,
负8.4, 零下5), approximations (40余万, 30万余, 一百多, 十几) and fractions
(三分之二, 百分之五十五点五, 千分之五, 三又二分之一).

Two things live here and nowhere else:

- ``figure_pattern``: the *extent* of a figure, a regular expression built from
  the tables below.  It takes every piece of numeral material that touches the
  figure (digits, numeral characters, points, separators, spaces and line
  breaks between them), so that the indicators stage never sees part of a
  figure: 1亿2000万 is one figure, never 1亿 and 2000万; 3/5 is one figure (and
  refused), never 5.
- ``parse_number`` / ``parse_quantity``: the *value* of such a figure, or
  NumberError.  A figure that cannot be read whole (七十百, 12,34, 3/5, 五兆,
  三四, 2千50) is refused: a refused figure is never turned into a guess.

Everything returns ``decimal.Decimal`` so that 1.57亿 is exactly 157000000:
the facts stage compares and sums these values.  The module knows nothing
about units or context (``pipeline.indicators`` does).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache

__all__ = ["Quantity", "NumberError", "parse_number", "parse_quantity", "parse_digits", "parse_tenths", "small_number",
           "fold_numerals", "figure_pattern", "unsigned", "NUMERAL_CHARS", "DIGIT_CHARS", "MAGNITUDE_CHARS"]


class NumberError(ValueError):
    """Text that is not a numeral this module can read whole."""


# ---------------------------------------------------------------- the numeral table

# Digits (0-9) in every script a bulletin uses (financial and Traditional forms too).
CN_DIGITS: dict[str, int] = {
    "零": 0, "〇": 0, "○": 0,
    "一": 1, "壹": 1,
    "二": 2, "两": 2, "兩": 2, "贰": 2, "貳": 2,
    "三": 3, "叁": 3, "參": 3, "叄": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
# 两 counts things and multiplies units (两百, 两万); it never ends a numeral (十两 is
# no 12: that is 十二), so a 两 after other numerals is refused (or is the unit 两).
DIGITS_BEFORE_UNITS_ONLY = frozenset("两兩")
# Positional units inside a 万 section.
CN_SMALL_UNITS: dict[str, int] = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
# Section units: they close a section (一万二千 = 1*10^4 + 2000).
CN_BIG_UNITS: dict[str, int] = {"万": 10**4, "萬": 10**4, "亿": 10**8, "億": 10**8}
# Units whose value is not settled: 兆 is 10^6 (mega) in the mainland and 10^12 in
# Taiwan.  Part of a figure's extent, always refused.
AMBIGUOUS_UNITS = frozenset("兆")
# Contractions: 廿 = 二十, 卅 = 三十, 卌 = 四十.
CN_CONTRACTIONS = {"廿": "二十", "卅": "三十", "卌": "四十"}
MULTIPLIERS = {**CN_SMALL_UNITS, **CN_BIG_UNITS}
# A scale after a decimal point: 三点五亿, 2點6萬, 1.5千 (not 十: 三点五十 is a clock time).
POINT_SCALES = frozenset("百佰千仟万萬亿億")
# The decimal point written as a word: 三点五, 2點6億.
DECIMAL_POINTS = "点點"
# A sign before the figure belongs to the value: -2.7, 负8.4, 零下5 (－ and − fold to -).
NEGATIVE_SIGNS = ("零下", "-", "负", "負")
POSITIVE_SIGNS = ("+",)
# A mixed number: 三又二分之一 = 3.5.
MIXED_JOINER = "又"
FRACTION_MARK = "分之"
APPROX_MARKS = {"余": "more_than", "餘": "more_than", "多": "more_than", "几": "more_than",
                "幾": "more_than"}
VAGUE_MARKS = frozenset("几幾")
VAGUE_PREFIXES = ("好几", "好幾", "几", "幾", "数", "數")
PERCENT_DECIMALS = Decimal("0.0001")  # 三分之二 = 66.6667 %

DIGIT_CHARS = "".join(CN_DIGITS)
MAGNITUDE_CHARS = "".join(MULTIPLIERS)
NUMERAL_CHARS = DIGIT_CHARS + MAGNITUDE_CHARS + "".join(CN_CONTRACTIONS) + "".join(AMBIGUOUS_UNITS)
_NUMERAL_SET = frozenset(NUMERAL_CHARS)
_SIGN_STARTS = frozenset(s[0] for s in NEGATIVE_SIGNS + POSITIVE_SIGNS)
_CONTRACTION = re.compile(f"[{''.join(CN_CONTRACTIONS)}]")

# Full-width forms folded one-for-one, so offsets stay valid.  The Chinese comma
# stays as written: it is a separator only between digits grouped by three.
_WIDTH = {chr(0xFF10 + i): str(i) for i in range(10)}
_WIDTH.update({"．": ".", "％": "%", "＋": "+", "－": "-", "～": "~", "　": " ", "\u2212": "-",
               "\u00a0": " ", "\u2009": " ", "\u202f": " ", "\u2007": " ", "￥": "¥", "＄": "$",
               "／": "/", "＾": "^", "：": ":"})
_WIDTH_TABLE = str.maketrans(_WIDTH)


def fold_numerals(text: str) -> str:
    """Full-width digits, ．％＋－−～￥＄／＾ and wide or thin spaces to ASCII (same length)."""
    return text.translate(_WIDTH_TABLE)


def unsigned(figure: str) -> str:
    """The figure without its sign (负8.4 -> 8.4, 零下5 -> 5)."""
    for sign in NEGATIVE_SIGNS + POSITIVE_SIGNS:
        if figure.startswith(sign):
            return figure[len(sign):]
    return figure


# ---------------------------------------------------------------- the extent of a figure

_NUM = rf"\d{NUMERAL_CHARS}"
# whitespace inside a figure (PDF text: 12 345, 四千 二百): spaces, at most one line break
SPACE = r"(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)"
# a figure never starts inside numeral material: not right after a digit or numeral,
# nor after one and a joiner (12 345, 3/5, 2^5, 1.5, 三点五, 40余万, 三分之二, 三又)
INSIDE = (rf"(?<!\.)(?<![{_NUM}](?:{SPACE})?)(?<![{_NUM}][,./^:{DECIMAL_POINTS}余餘多几幾])"
          rf"(?<!{FRACTION_MARK})(?<![{_NUM}]{MIXED_JOINER})")
SIGN = (rf"(?:(?<![\dA-Za-z.%+\-{NUMERAL_CHARS}])[-+]|[负負](?=[{_NUM}])|(?<![{_NUM}])零下(?=[{_NUM}]))")


def figure_pattern(unit_heads: str = "", numeral_units: str = "", unit_forms: str = "") -> str:
    """The extent of one figure (sign included): all the numeral material that
    touches it, so that ``parse_quantity`` reads it whole or refuses it whole.

    ``unit_heads``: an alternation of unit forms that begin with a magnitude
    character (千克, 千米, 百分点, 兆瓦): such a character ends the figure (12万千克
    is 12万 千克).  ``numeral_units``: unit forms that are numeral characters (两):
    after another numeral they end the figure unless numeral material or one of
    ``unit_forms`` follows (三两茶叶 is 3 两; 三两个 is one refused figure).
    """
    not_head = f"(?!{unit_heads})" if unit_heads else ""
    first_char = rf"{not_head}[{NUMERAL_CHARS}]"
    next_char = first_char
    if numeral_units:
        follows = rf"[{_NUM}]|{unit_forms}" if unit_forms else rf"[{_NUM}]"
        next_char = rf"(?!(?:{numeral_units})(?!{follows})){first_char}"
    digit_after = rf"(?=(?:{SPACE})?[\d{DIGIT_CHARS}])"
    pieces = "|".join((
        r"\d+",
        next_char,
        rf"[{DECIMAL_POINTS}]{digit_after}",  # 三点五, 叁拾伍点陆亿
        rf"[余餘多几幾](?=(?:{SPACE})?[{MAGNITUDE_CHARS}]|(?!(?:{SPACE})?[{_NUM}]))",  # 40余万, 一百多
        rf"{FRACTION_MARK}(?=(?:{SPACE})?[{_NUM}])",  # 三分之二, 百分之九十
        rf"{MIXED_JOINER}(?=[{_NUM}]{{1,5}}{FRACTION_MARK})",  # 三又二分之一
    ))
    # joiners between digits: separators (1,234 / １，２３４), the point, and marks that
    # make the figure unreadable (3/5, 2^5, 3:1): part of the extent so that it is refused
    joiner = r"(?<=\d)(?:,|，(?=\d{3}(?!\d))|[./^:])(?=\d)"
    return (rf"(?>{SIGN}?{INSIDE}(?:\d+|{first_char})"
            rf"(?:{joiner}|(?:{SPACE})?(?:{pieces}))*)")


# ---------------------------------------------------------------- values


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


_ARABIC_RUN = re.compile(rf"\d+(?:(?:,|，|{SPACE})\d+)*(?:\.\d+)*")
_GROUP_SPLIT = re.compile(r"[,，]|\s+")
_PLAIN = re.compile(r"\d{1,18}(?:\.\d{1,18})?")
_GROUPED = re.compile(r"\d{1,3}(?:,\d{3}){1,5}(?:\.\d{1,18})?")


def _arabic(text: str, i: int) -> tuple[tuple[Decimal, int, bool], int]:
    """The Arabic run at ``i``: (value, digits before the point, has a point), end.

    Separators (, ， or spaces) must all be of one kind and group by three
    (12,34 and 12 34 are refused, not read 1234 or 34)."""
    m = _ARABIC_RUN.match(text, i)
    run = m.group()
    whole, point, frac = run.partition(".")
    if "." in frac:
        raise NumberError(f"two points in {text!r}")
    if not whole.isdigit():
        kinds = ("," in whole) + ("，" in whole) + (" " in whole or "\t" in whole or "\n" in whole)
        groups = _GROUP_SPLIT.split(whole)
        if kinds > 1:
            raise NumberError(f"two kinds of separator in {text!r}")
        if len(groups[0]) > 3 or any(len(g) != 3 for g in groups[1:]):
            raise NumberError(f"separators that do not group by three in {text!r}")
        whole = "".join(groups)
    return (Decimal(f"{whole}.{frac}" if point else whole), len(whole), bool(point)), m.end()


def _tokens(text: str) -> list:
    """Arabic runs (as value tuples) and single numeral characters; spaces dropped."""
    out: list = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if "0" <= ch <= "9":
            tok, i = _arabic(text, i)
            out.append(tok)
        elif ch in " \t\n":
            i += 1
        elif ch in _NUMERAL_SET:
            out.append(ch)
            i += 1
        else:
            raise NumberError(f"not a numeral character {ch!r} in {text!r}")
    return out


def _digit_string(digits: str) -> str:
    """The digits after a decimal point (五, 陆 or 5), as ASCII; NumberError otherwise."""
    out = []
    for c in digits:
        if "0" <= c <= "9":
            out.append(c)
        elif c in CN_DIGITS:
            out.append(str(CN_DIGITS[c]))
        elif c not in " \t\n":
            raise NumberError(f"bad decimal part: {digits!r}")
    if not out:
        raise NumberError("empty decimal part")
    return "".join(out)


def _with_point(text: str, point: str) -> Decimal:
    """三点五, 九十五点五, 叁拾伍点陆亿, 一点叁万: digits after the point, then only a scale."""
    whole, _, frac = text.partition(point)
    k = len(frac)
    while k and frac[k - 1] in MULTIPLIERS:
        k -= 1
    digits, scale = frac[:k], frac[k:]
    value = parse_number(whole) + Decimal("0." + _digit_string(digits))
    if scale:
        if any(c in CN_BIG_UNITS for c in whole) or scale[0] not in POINT_SCALES:
            raise NumberError(f"bad scale after the point in {text!r}")
        for c in scale:
            value *= MULTIPLIERS[c]
    return _clean(value)


def _width(unit: int) -> int:
    """How many digits a full lower part has after a unit (千: 3, 万: 4, 亿: 8)."""
    return len(str(unit)) - 1


def parse_number(text: str) -> Decimal:
    """Value of a figure without approximation marks: '1,100', '十四', '1.57亿', '1亿2000万'.

    Chinese numerals are read section by section (亿, 万, then 千百十), and an
    Arabic run may stand for any digit or section (12万5千, 3千5百万, 2千零30万).
    A single digit right after a unit is the colloquial contraction (三万五 =
    35000, 两千三百五万 = 2350万); a longer Arabic run after a unit must fill the
    places below it (12万5000, not 12万500).  A leading sign (-, 负, 零下) makes the
    value negative.  Anything else raises NumberError rather than giving a guess:
    units out of order (七十百, 三十三十), a bare unit in mid-section (一千百), a
    repeated 万 or 亿, separators that do not group by three (12,34), digit
    strings with no unit (三四 is "three or four", 二〇二一 a year: see
    ``parse_digits``), 兆 (10^6 or 10^12), and any other character.
    """
    text = fold_numerals(text).strip()
    if _PLAIN.fullmatch(text):
        return _clean(Decimal(text))
    if _GROUPED.fullmatch(text):
        return _clean(Decimal(text.replace(",", "")))
    if text[:1] in _SIGN_STARTS:
        for sign in NEGATIVE_SIGNS:
            if text.startswith(sign):
                return _clean(-parse_number(text[len(sign):]))
        if text[:1] in POSITIVE_SIGNS:
            return parse_number(text[1:])
    if not text:
        raise NumberError("empty numeral")
    if _CONTRACTION.search(text):
        text = _CONTRACTION.sub(lambda m: CN_CONTRACTIONS[m.group()], text)
    for point in DECIMAL_POINTS:
        if point in text:  # 三点五, 九十五点五, 2點6億
            return _with_point(text, point)
    return _clean(_sections(_tokens(text), text))


def _sections(tokens: list, text: str) -> Decimal:
    """The section reading of a tokenised figure (see ``parse_number``)."""
    if len(tokens) == 1 and isinstance(tokens[0], tuple):
        return tokens[0][0]
    total = Decimal(0)  # completed 亿 groups
    wan = Decimal(0)  # completed 万 group inside the current 亿 group
    section = Decimal(0)  # below 万
    digit: Decimal | None = None
    width = 0  # digits of a pending Arabic run (0: a Chinese digit)
    last_unit = 0  # value of the unit right before the pending digit (0: none or a zero)
    small = 10**5  # the last small unit of this section: they must decrease (七十百 is refused)
    after_zero = decimal_seen = False
    big = 0  # the last 万 or 亿
    count = len(tokens)
    for i, tok in enumerate(tokens):
        if isinstance(tok, tuple):
            if digit is not None or decimal_seen:
                raise NumberError(f"two numbers in a row in {text!r}")
            digit, width, decimal_seen = tok
            continue
        d = CN_DIGITS.get(tok)
        if d is not None:
            if decimal_seen or digit is not None:
                raise NumberError(f"two digits in a row in {text!r}")  # 三四, 二〇二一
            if d == 0:
                if after_zero or (i == 0 and count > 1):
                    raise NumberError(f"a zero that holds no place in {text!r}")  # 零五, 一千零零五
                after_zero, last_unit = True, 0
                continue
            if tok in DIGITS_BEFORE_UNITS_ONLY and count > 1 and (
                    i + 1 == count or tokens[i + 1] not in MULTIPLIERS):
                raise NumberError(f"两 not before a unit in {text!r}")  # 十两, 一两
            digit, width = Decimal(d), 0
            continue
        unit = CN_SMALL_UNITS.get(tok)
        if unit is not None:
            if unit >= small:
                raise NumberError(f"units out of order in {text!r}")
            if digit is None:
                if small != 10**5 or after_zero:
                    raise NumberError(f"unit without a digit in {text!r}")  # 一千百, 一百零十
                digit = Decimal(1)
            term = digit * unit
            if width and (term >= 10**4 or (small != 10**5 and term >= small)):
                raise NumberError(f"a run too long for its unit in {text!r}")  # 12千, 3千15百
            section += term
            digit, last_unit, small, after_zero = None, unit, unit, False
            continue
        unit = CN_BIG_UNITS.get(tok)
        if unit is None:
            raise NumberError(f"cannot read {tok!r} in {text!r}")  # 兆: 10^6 or 10^12
        if digit is not None and last_unit and last_unit < unit:
            digit = _trailing(digit, width, last_unit, text)  # 两千三百五万, 3千500万
        elif digit is not None and after_zero and digit * 10 >= small:
            raise NumberError(f"零 before a full section in {text!r}")
        part = section + (digit if digit is not None else Decimal(0))
        if unit == 10**4:
            if wan:
                raise NumberError(f"万 twice in {text!r}")
            if part == 0:
                if total or after_zero:
                    raise NumberError(f"万 without a digit in {text!r}")
                part = Decimal(1)  # bare 万
            if total and part >= 10**4:
                raise NumberError(f"more than 9999万 after 亿 in {text!r}")
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
        section, digit, last_unit, small, after_zero, big = Decimal(0), None, unit, 10**5, False, unit
    if digit is not None:
        if last_unit:
            if decimal_seen:
                raise NumberError(f"a decimal after a unit in {text!r}")  # 3千2.5
            digit = _trailing(digit, width, last_unit, text)
        elif after_zero:
            limit = small if small != 10**5 else big
            if limit and digit * 10 >= limit:
                raise NumberError(f"零 before a full place in {text!r}")  # 2千零300
        section += digit
    return total + wan + section


def _trailing(digit: Decimal, width: int, unit: int, text: str) -> Decimal:
    """A number right after a unit, with no unit of its own: one digit is the
    contraction (三万五 = 35000, 3千5 = 3500); an Arabic run must fill the places
    below the unit (12万5000, 3千500); anything else is ambiguous and refused."""
    if digit != digit.to_integral_value():
        raise NumberError(f"a decimal after a unit in {text!r}")
    if width <= 1:
        return digit * unit / 10
    if width == _width(unit):
        return digit
    raise NumberError(f"{width} digits after a unit of {unit} in {text!r}")


def parse_digits(text: str) -> int:
    """A digit-by-digit numeral: years and codes (二〇二一 = 2021, 一九九八, 2021)."""
    text = fold_numerals(text).strip()
    if text.isascii() and text.isdigit():
        return int(text)
    if not text or any(c not in CN_DIGITS or c in DIGITS_BEFORE_UNITS_ONLY for c in text):
        raise NumberError(f"not a digit string: {text!r}")
    return int("".join(str(CN_DIGITS[c]) for c in text))


def parse_tenths(text: str) -> Decimal:
    """Two digits read as a whole and a tenth: 八五 (折) = 8.5, 85 (折) = 8.5."""
    text = fold_numerals(text).strip()
    if len(text) != 2:
        raise NumberError(f"not two digits: {text!r}")
    try:
        whole, tenth = (int(c) if "0" <= c <= "9" else CN_DIGITS[c] for c in text)
    except KeyError as exc:
        raise NumberError(f"not two digits: {text!r}") from exc
    if whole == 0 or text[0] in DIGITS_BEFORE_UNITS_ONLY or text[1] in DIGITS_BEFORE_UNITS_ONLY:
        raise NumberError(f"not a whole and a tenth: {text!r}")
    return Decimal(whole) + Decimal(tenth) / 10


def small_number(text: str, digits: bool = False) -> int | None:
    """A whole number of things written in Arabic or Chinese numerals (十四, 六百六十一),
    or None.  ``digits``: a digit string (六六一) is read digit by digit too."""
    try:
        value = parse_number(text)
    except NumberError:
        if not digits:
            return None
        try:
            return parse_digits(text)
        except NumberError:
            return None
    return int(value) if value >= 0 and value == value.to_integral_value() else None


def _fraction(raw: str, text: str) -> Quantity:
    """X分之Y: 百分之九十 = 90 %, 三分之二 = 66.6667 %, 千分之五 = 5 ‰."""
    den_text, _, num_text = raw.partition(FRACTION_MARK)
    num = parse_quantity(num_text)
    if num.percent or num.per_mille:
        raise NumberError(f"fraction inside a fraction: {text!r}")
    if den_text.strip() == "千":
        return Quantity(num.value, num.approx, num.vague, per_mille=True)
    den = parse_number(den_text)
    if den <= 0:
        raise NumberError(f"bad denominator in {text!r}")
    value = num.value if den == 100 else (num.value * 100 / den).quantize(PERCENT_DECIMALS)
    return Quantity(_clean(value), num.approx, num.vague, percent=True)


def _approximation(raw: str, text: str) -> tuple[str, str | None, bool]:
    """One 余/多/几 inside a figure, at its end or before its last magnitudes
    (40余万, 30万余, 一百多, 十几): the figure without it, its key, vagueness."""
    marks = [i for i, ch in enumerate(raw) if ch in APPROX_MARKS]
    if not marks:
        return raw, None, False
    k = marks[0]
    rest = raw[k + 1:].strip()
    if len(marks) > 1 or not raw[:k].strip() or any(c not in MULTIPLIERS for c in rest):
        raise NumberError(f"an approximation inside the figure {text!r}")
    return raw[:k].rstrip() + rest, APPROX_MARKS[raw[k]], raw[k] in VAGUE_MARKS


@lru_cache(maxsize=8192)
def parse_quantity(text: str) -> Quantity:
    """Parse a figure that may carry 余/多/几, a sign, and fraction forms.

    Examples: '40余万' -> 400000 more_than; '30万余' -> 300000 more_than;
    '一百多' -> 100 more_than; '十几' -> 10 vague; '几百' -> 100 vague;
    '数十' -> 10 vague; '百分之九十' -> 90 percent; '百分之百' -> 100 percent;
    '三分之二' -> 66.6667 percent; '千分之五' -> 5 per mille; '负8.4' -> -8.4;
    '三又二分之一' -> 3.5.
    """
    raw = fold_numerals(text).strip()
    for sign in NEGATIVE_SIGNS:
        if raw.startswith(sign):
            q = parse_quantity(raw[len(sign):])
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
    vague = False
    approx: str | None = None
    prefix = next((p for p in VAGUE_PREFIXES if raw.startswith(p)), None)
    if prefix:
        raw = raw[len(prefix):].lstrip()
        vague, approx = True, "more_than"
        if not raw or raw[0] not in MULTIPLIERS:
            raise NumberError(f"vague figure without magnitude: {text!r}")
        raw = "一" + raw  # 几百 -> lower bound 一百
    core, mark, inner_vague = _approximation(raw, text)
    if not core:
        raise NumberError(f"no digits in {text!r}")
    return Quantity(parse_number(core), approx or mark, vague or inner_vague)
