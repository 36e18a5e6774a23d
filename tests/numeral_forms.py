"""Writers of Chinese figures for the property tests (the tests' own, independent of
pipeline.numbers): a value in every way a bulletin may write it."""
from __future__ import annotations

from decimal import Decimal

from hypothesis import strategies as st

DIGITS = "零一二三四五六七八九"
FINANCIAL = str.maketrans("一二三四五六七八九十百千", "壹贰叁肆伍陆柒捌玖拾佰仟")
TRADITIONAL = str.maketrans("万亿", "萬億")
WIDE = str.maketrans("0123456789.,", "０１２３４５６７８９．，")
SMALL = ((1000, "千"), (100, "百"), (10, "十"))


def below_10000(x: int, digit=lambda d: DIGITS[d]) -> str:
    """1 <= x < 10000 by places (三千零五十), digits written by ``digit``."""
    out, zero = "", False
    for unit, name in SMALL + ((1, ""),):
        d = x // unit % 10
        if d:
            if zero and out:
                out += "零"
            out += digit(d) + name
            zero = False
        else:
            zero = True
    return out


def to_chinese(n: int) -> str:
    """0 <= n < 10**12 in standard Chinese numerals."""
    if n == 0:
        return "零"
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


def with_liang(text: str) -> str:
    """二 before 百, 千, 万 or 亿 written 两 (两百, 两千万)."""
    return "".join("两" if c == "二" and text[i + 1:i + 2] in ("百", "千", "万", "亿")
                   and text[i - 1:i] not in ("十", "拾") else c for i, c in enumerate(text))


@st.composite
def mixed_sections(draw, n: int) -> str:
    """1亿2000万, 12万5千, 3千5百万, 2千零30万: each section written its own way."""
    groups = [(n // 10**8) % 10**4, (n // 10**4) % 10**4, n % 10**4]
    out = ""
    for g, name in zip(groups, ("亿", "万", "")):
        if g == 0:
            continue
        style = draw(st.sampled_from(["arabic", "chinese", "places"]))
        if style == "chinese":
            text = below_10000(g)
        elif style == "places":
            text = below_10000(g, digit=str)  # 3千5百, 2千零3十
        else:
            text = str(g)
        if out and not name and (g < 1000 or groups[1] == 0):
            text = "零" + text  # 1亿零500, 12万零五百, 3亿零5000: a place is empty
        out += text + name
    return out or "0"


@st.composite
def written_integers(draw) -> tuple[str, Decimal]:
    """(written form, value) for a random integer, in one of the forms bulletins use."""
    n = draw(st.one_of(st.integers(0, 10**4), st.integers(0, 10**12 - 1)))
    style = draw(st.sampled_from(["arabic", "grouped", "wide", "chinese", "liang", "financial",
                                  "traditional", "mixed", "spaced"]))
    if style == "arabic":
        text = str(n)
    elif style == "grouped":
        sep = draw(st.sampled_from([",", "，", " "]))
        text = f"{n:,}".replace(",", sep)
    elif style == "wide":
        text = (f"{n:,}" if draw(st.booleans()) else str(n)).translate(WIDE)
    elif style == "chinese":
        text = to_chinese(n)
    elif style == "liang":
        text = with_liang(to_chinese(n))
    elif style == "financial":
        text = to_chinese(n)
        text = ("一" + text if text.startswith("十") else text).translate(FINANCIAL)
    elif style == "traditional":
        text = with_liang(to_chinese(n)).replace("两", "兩").translate(TRADITIONAL)
    elif style == "mixed":
        text = draw(mixed_sections(n))
    else:  # spaces between sections, as PDF text extraction leaves them
        text = to_chinese(n)
        cuts = [i + 1 for i, c in enumerate(text[:-1]) if c in "千百万亿" and text[i + 1] not in "万亿"]
        for i in sorted(draw(st.sets(st.sampled_from(cuts))) if cuts else (), reverse=True):
            text = text[:i] + draw(st.sampled_from([" ", "\n"])) + text[i:]
    return text, Decimal(n)


@st.composite
def written_contractions(draw) -> tuple[str, Decimal]:
    """三万五 = 35000, 两千三 = 2300, 3万5: one digit after a unit fills the next place."""
    unit, value = draw(st.sampled_from([("百", 100), ("千", 1000), ("万", 10**4), ("亿", 10**8)]))
    head = draw(st.integers(1, 9 if value < 10**4 else 9999))
    tail = draw(st.integers(1, 9))
    arabic = draw(st.booleans())
    head_text = str(head) if arabic else to_chinese(head)
    tail_text = str(tail) if arabic else DIGITS[tail]
    return f"{head_text}{unit}{tail_text}", Decimal(head * value + tail * value // 10)


@st.composite
def written_scaled(draw) -> tuple[str, Decimal]:
    """1.25万, 3.5亿, 三点五万, 叁拾伍点陆亿: a decimal with 万 or 亿 after it."""
    whole = draw(st.integers(0, 9999))
    tenths = draw(st.integers(1, 99))
    places = 1 if tenths < 10 else 2
    unit, value = draw(st.sampled_from([("万", 10**4), ("亿", 10**8), ("萬", 10**4), ("億", 10**8)]))
    number = Decimal(whole) + Decimal(tenths) / 10**places
    style = draw(st.sampled_from(["arabic", "chinese", "financial", "wide"]))
    frac = f"{tenths:0{places}d}"
    if style == "arabic":
        text = f"{whole}.{frac}"
    elif style == "wide":
        text = f"{whole}.{frac}".translate(WIDE)
    else:
        point = draw(st.sampled_from(["点", "點"]))
        text = to_chinese(whole) + point + "".join(DIGITS[int(c)] for c in frac)
        if style == "financial":
            text = ("一" + text if text.startswith("十") else text).translate(FINANCIAL)
    return text + unit, number * value


def written_figures() -> st.SearchStrategy[tuple[str, Decimal]]:
    """Any of the writers above."""
    return st.one_of(written_integers(), written_contractions(), written_scaled())
