"""pipeline.numbers: every numeral form a bulletin uses parses to an exact Decimal,
or is refused; the figure grammar takes every form whole."""
import os
from decimal import Decimal
from pathlib import Path

import pytest
import regex
from hypothesis import given, settings, strategies as st

from pipeline.numbers import (VAGUE_PREFIXES, NumberError, figure_pattern, fold_numerals, parse_digits, parse_number,
                              parse_quantity, small_number)
from tests.numeral_forms import written_figures

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


def test_fold_numerals_keeps_length():
    text = "共１２３名，占４５．６％"
    assert len(fold_numerals(text)) == len(text)
    assert fold_numerals(text) == "共123名，占45.6%"


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


# ---------------------------------------------------------------- signs, points, fractions (issue 12)


@pytest.mark.parametrize("text, value", [
    ("-2.7", D("-2.7")), ("负8.4", D("-8.4")), ("－3", -3), ("\u22121.5", D("-1.5")), ("+4", 4),
    ("负三十", -30), ("2點6億", 260000000), ("2点6亿", 260000000), ("三點五", D("3.5")),
    ("一点二万", 12000), ("兩百", 200), ("兩萬", 20000), ("一亿零五万", 100050000),
    ("三万五千亿", 3500000000000), ("百万", 1000000), ("千万", 10000000),
])
def test_signs_and_points(text, value):
    assert parse_number(text) == D(value)


@pytest.mark.parametrize("text", [
    "七十百", "三十三十", "十十", "千百", "一千百", "三万四万", "一亿二亿", "亿万", "12,34", "1,2345",
    "12,345,67", "五五十", "3五", "三点", "点五", "三点五万点", "负", "-", "1.2.3", "2点6亿元",
])
def test_malformed_numerals_refused(text):
    with pytest.raises(NumberError):
        parse_number(text)


@pytest.mark.parametrize("text, value, percent, per_mille", [
    ("三分之二", D("66.6667"), True, False), ("五分之一", 20, True, False), ("三分之一", D("33.3333"), True, False),
    ("百分之九十八点五", D("98.5"), True, False), ("千分之五", 5, False, True), ("4分之3", 75, True, False),
    ("三又二分之一", D("3.5"), False, False), ("负百分之三", -3, True, False),
])
def test_fractions(text, value, percent, per_mille):
    q = parse_quantity(text)
    assert (q.value, q.percent, q.per_mille) == (D(value), percent, per_mille)


@pytest.mark.parametrize("text", ["零分之一", "三分之", "百分之七十百", "三又二", "三又三分之四", "幾"])
def test_bad_fractions_refused(text):
    with pytest.raises(NumberError):
        parse_quantity(text)


def test_too_many_digits_refused():
    with pytest.raises(NumberError):
        parse_number("1" * 40)


FINANCIAL = str.maketrans("一二三四五六七八九十百千万亿", "壹贰叁肆伍陆柒捌玖拾佰仟万亿")
TRADITIONAL = str.maketrans("万亿", "萬億")


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_financial_forms_roundtrip(n):
    text = to_chinese(n)
    if text.startswith("十"):
        text = "一" + text  # financial writing keeps 壹拾
    assert parse_number(text.translate(FINANCIAL)) == n


@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_traditional_forms_roundtrip(n):
    text = to_chinese(n).translate(TRADITIONAL)
    text = "".join("兩" if c == "二" and text[i + 1:i + 2] in ("百", "千", "萬", "億") else c
                   for i, c in enumerate(text))
    assert parse_number(text) == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=9))
def test_traditional_point_roundtrip(n, tenth):
    assert parse_number(f"{to_chinese(n)}點{DIGITS[tenth]}") == n + D(tenth) / 10
    assert parse_number(f"{n}點{tenth}億") == (n + D(tenth) / 10) * 10**8


@given(st.integers(min_value=10, max_value=10**12 - 1))
def test_doubled_numeral_refused(n):
    """A numeral written twice (三十三十, 一万一万) is not a number."""
    with pytest.raises(NumberError):
        parse_number(to_chinese(n) * 2)


@given(st.integers(min_value=1, max_value=9), st.sampled_from(["十", "百", "千"]),
       st.sampled_from(["十", "百", "千"]))
def test_units_out_of_order_refused(d, first, second):
    """七十百, 三百千: a small unit after one no larger than it, or without a digit, is refused."""
    with pytest.raises(NumberError):
        parse_number(f"{DIGITS[d]}{first}{second}")


@given(st.integers(min_value=1000, max_value=10**9), st.integers(min_value=1, max_value=2))
def test_bad_separators_refused(n, cut):
    digits = str(n)
    with pytest.raises(NumberError):
        parse_number(digits[:-cut] + "," + digits[-cut:])  # a last group of 1 or 2 digits is wrong


@given(st.integers(min_value=1, max_value=10**12 - 1), st.sampled_from(["-", "负", "−", "－"]))
def test_sign_survives(n, sign):
    assert parse_number(sign + to_chinese(n)) == -n
    assert parse_number(f"{sign}{n:,}") == -n
    assert parse_quantity(f"{sign}{n}余").value == -n


# ---------------------------------------------------------------- the corpus (tests/data/numerals.tsv)

CORPUS = Path(__file__).parent / "data" / "numerals.tsv"


def read_corpus(path: Path) -> list[tuple[str, str, str]]:
    """(written form, expected, note) per line; \\n in a form is a line break."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert len(cols) in (2, 3), f"{path.name}:{n}: form <TAB> expected [<TAB> note]"
        rows.append((cols[0].replace("\\n", "\n"), cols[1], cols[2] if len(cols) == 3 else ""))
    return rows


NUMERALS = read_corpus(CORPUS)
FIGURE = regex.compile(figure_pattern())


def test_corpus_has_both_kinds():
    refused = [r for r in NUMERALS if r[1] == "REFUSE"]
    assert len(refused) >= 40 and len(NUMERALS) - len(refused) >= 100


@pytest.mark.parametrize("form, expected, note", NUMERALS, ids=[r[0] for r in NUMERALS])
def test_corpus(form, expected, note):
    if expected == "REFUSE":
        with pytest.raises(NumberError):
            parse_quantity(form)
        return
    value, *flags = expected.split()
    q = parse_quantity(form)
    assert q.value == D(value)
    assert (q.approx, q.vague, q.percent, q.per_mille) == (
        "more_than" if "more_than" in flags else None, "vague" in flags, "%" in flags, "‰" in flags)
    # the figure grammar takes the whole form: the stage reads all of it, never a part
    # (a vague word before a magnitude, 几百 or 数十, is the stage's `vague` group)
    figure = fold_numerals(form)
    figure = next((figure[len(p):] for p in VAGUE_PREFIXES if figure.startswith(p)), figure)
    assert FIGURE.fullmatch(figure), f"the figure grammar does not take {form!r} whole"


# ---------------------------------------------------------------- one reading per written value

EXAMPLES = 10_000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 300


@given(written_figures())
@settings(max_examples=EXAMPLES, deadline=None)
def test_every_writing_reads_back(case):
    """A value written any way a bulletin writes it (Arabic, Chinese, financial,
    Traditional, mixed sections, spaces, full width, 万/亿 scaling) reads back exactly."""
    text, value = case
    assert parse_number(text) == value
    assert FIGURE.fullmatch(fold_numerals(text))


@pytest.mark.parametrize("text, value", [("二〇二一", 2021), ("一九九八", 1998), ("2021", 2021), ("〇五", 5)])
def test_digit_strings(text, value):
    assert parse_digits(text) == value


@pytest.mark.parametrize("text", ["两〇", "二十", "", "20a"])
def test_digit_strings_refused(text):
    with pytest.raises(NumberError):
        parse_digits(text)


@pytest.mark.parametrize("text, digits, value", [
    ("十四", False, 14), ("两", False, 2), ("六百六十一", False, 661), ("3", False, 3), ("三四", False, None),
    ("六六一", True, 661), ("六六一", False, None), ("-3", False, None), ("2.5", False, None)])
def test_small_number(text, digits, value):
    assert small_number(text, digits=digits) == value
