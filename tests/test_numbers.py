"""pipeline.numbers: every numeral form a bulletin uses parses to an exact Decimal."""
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.numbers import NumberError, fold_width, parse_number, parse_quantity

D = Decimal


@pytest.mark.parametrize("text, value", [
    # Arabic, decimals, thousands separators, full width
    ("14", 14), ("1300", 1300), ("97.7", D("97.7")), ("1,100", 1100), ("12,345,678", 12345678),
    ("1,250.5", D("1250.5")), ("０７３１", 731), ("１２．５", D("12.5")), ("0.5", D("0.5")),
    # Chinese numerals
    ("零", 0), ("一", 1), ("两", 2), ("兩", 2), ("十", 10), ("十四", 14), ("二十", 20), ("二十七", 27),
    ("一百二十", 120), ("二百", 200), ("一百零五", 105), ("一千零五十", 1050), ("三千二百", 3200),
    ("一万", 10000), ("十万", 100000), ("两百万", 2000000), ("一亿二千万", 120000000),
    ("二十万零三百", 200300), ("六百六十一", 661), ("五千", 5000),
    # colloquial contractions: a trailing digit after a unit
    ("三万五", 35000), ("一百五", 150), ("两千三", 2300),
    # financial and Traditional forms
    ("壹佰贰拾", 120), ("叁萬", 30000), ("伍億", 500000000), ("廿", 20), ("卅五", 35),
    # positional digit strings (years, codes)
    ("二〇二一", 2021), ("一九九八", 1998),
    # mixed Arabic and multipliers
    ("2万", 20000), ("1.5亿", 150000000), ("1.57亿", 157000000), ("2580万", 25800000),
    ("3千万", 30000000), ("1.2万亿", 1200000000000), ("1万2千", 12000), ("36万", 360000),
    # Chinese decimals
    ("三点五", D("3.5")), ("九十五点五", D("95.5")),
])
def test_parse_number(text, value):
    assert parse_number(text) == D(value)


def test_exact_decimal_no_float_noise():
    value = parse_number("1.57亿")
    assert isinstance(value, Decimal)
    assert str(value) == "157000000"
    assert parse_number("0.1万") == D(1000)


@pytest.mark.parametrize("text, value, approx, vague, percent", [
    ("40余万", 400000, "more_than", False, False),
    ("30万余", 300000, "more_than", False, False),
    ("40 余万", 400000, "more_than", False, False),
    ("100多", 100, "more_than", False, False),
    ("一百多", 100, "more_than", False, False),
    ("四十余万", 400000, "more_than", False, False),
    ("两百万", 2000000, None, False, False),
    ("十几", 10, "more_than", True, False),
    ("二十几", 20, "more_than", True, False),
    ("几百", 100, "more_than", True, False),
    ("几十万", 100000, "more_than", True, False),
    ("数十", 10, "more_than", True, False),
    ("数百", 100, "more_than", True, False),
    ("百分之九十", 90, None, False, True),
    ("百分之百", 100, None, False, True),
    ("百分之12.5", D("12.5"), None, False, True),
    ("1.2万余", 12000, "more_than", False, False),
])
def test_parse_quantity(text, value, approx, vague, percent):
    q = parse_quantity(text)
    assert (q.value, q.approx, q.vague, q.percent) == (D(value), approx, vague, percent)


@pytest.mark.parametrize("text", ["", "abc", "几", "数", "百分之", "余", "1.2.3"])
def test_not_numbers(text):
    with pytest.raises(NumberError):
        parse_quantity(text)


def test_fold_width_keeps_length():
    text = "共１２３名，占４５．６％"
    assert len(fold_width(text)) == len(text)
    assert fold_width(text) == "共123名，占45.6%"


# ---------------------------------------------------------------- properties

DIGITS = "零一二三四五六七八九"


def to_chinese(n: int) -> str:
    """Write 0 <= n < 10**12 in standard Chinese numerals (the test's own writer)."""
    if n == 0:
        return "零"

    def below_10000(x: int) -> str:
        out, zero = "", False
        for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // unit % 10
            if d:
                if zero and out:
                    out += "零"
                out += DIGITS[d] + name
                zero = False
            else:
                zero = True
        return out

    groups = [(n // 10**8) % 10**4, (n // 10**4) % 10**4, n % 10**4]
    out, pending_zero = "", False
    for g, name in zip(groups, ("亿", "万", "")):
        if g == 0:
            pending_zero = bool(out)
            continue
        if out and (pending_zero or g < 1000):
            out += "零"
        out += below_10000(g) + name
        pending_zero = False
    if out.startswith("一十"):
        out = out[1:]  # 十四, not 一十四
    return out


@given(st.integers(min_value=0, max_value=10**12 - 1))
@settings(max_examples=400)
def test_chinese_numerals_roundtrip(n):
    assert parse_number(to_chinese(n)) == n


@given(st.integers(min_value=0, max_value=10**9))
def test_arabic_with_separators_roundtrip(n):
    assert parse_number(f"{n:,}") == n
    assert parse_number(str(n)) == n


@given(st.decimals(min_value=D("0.01"), max_value=D("99999.99"), places=2, allow_nan=False),
       st.sampled_from([("万", 10**4), ("亿", 10**8), ("萬", 10**4), ("億", 10**8)]))
def test_decimal_with_multiplier_is_exact(d, mult):
    word, factor = mult
    assert parse_number(f"{d}{word}") == d * factor


@given(st.integers(min_value=1, max_value=9999), st.sampled_from(["余", "多"]))
def test_approximate_marks(n, mark):
    q = parse_quantity(f"{n}{mark}万")
    assert q.value == n * 10**4 and q.approx == "more_than"
