"""pipeline.indicators.figures: figures in sentences are read whole with their
units, or give no indicator; never a value read from part of a figure."""
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import event, given, settings

from pipeline import rules
from pipeline.indicators import IndicatorFinder, load_grammar, load_units
from pipeline.rules import RuleError
from tests.numeral_forms import written_figures

CORPUS = Path(__file__).parent / "data" / "figures.tsv"


@pytest.fixture(scope="module")
def finder():
    return IndicatorFinder.from_rules()


def read_sentences(path: Path) -> list[tuple[str, list[tuple[str, ...]], str]]:
    """(sentence, [(value, unit[, qualifier])], note) per line; NONE for no indicator."""
    rows = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        assert len(cols) in (2, 3), f"{path.name}:{n}: sentence <TAB> expected [<TAB> note]"
        want = [] if cols[1] == "NONE" else [tuple(item.split()) for item in cols[1].split(" ; ")]
        assert all(len(w) in (2, 3) for w in want), f"{path.name}:{n}: value unit [qualifier]"
        rows.append((cols[0], want, cols[2] if len(cols) == 3 else ""))
    return rows


SENTENCES = read_sentences(CORPUS)


def test_the_corpus_has_both_kinds():
    assert sum(1 for r in SENTENCES if not r[1]) >= 20 and sum(1 for r in SENTENCES if r[1]) >= 50


@pytest.mark.parametrize("sentence, want, note", SENTENCES, ids=[r[0][:18] for r in SENTENCES])
def test_sentence(finder, sentence, want, note):
    found = finder.find(sentence)
    got = [(str(m.value), m.unit) + ((m.qualifier,) if len(w) == 3 else ())
           for m, w in zip(found, want)]
    assert len(found) == len(want) and got == [tuple(w) for w in want], \
        [(str(m.value), m.unit, m.qualifier, m.number_text) for m in found]
    for m in found:
        assert sentence[m.start:m.end] == m.text


# ---------------------------------------------------------------- one reading per written value

EXAMPLES = 10_000 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 200


@given(written_figures())
@settings(max_examples=EXAMPLES, deadline=None)
def test_the_stage_reads_back_the_value_or_nothing(finder, case):
    """A figure written any way reads back exactly through the stage, or gives no
    indicator (一元 is an article); never another value, never two figures."""
    text, value = case
    found = finder.find(f"全年完成投资{text}元。")
    assert len(found) <= 1
    event("read" if found else "no indicator")
    if found:
        assert (found[0].value, found[0].unit) == (value, "元")
        assert found[0].number_text == text


# ---------------------------------------------------------------- the rules are checked on load


@pytest.fixture
def rules_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("BULLETIN_IE_RULES", str(tmp_path))
    yield tmp_path


@pytest.mark.parametrize("text, message", [
    ("units:\n  - {unit: 元, kind: money, frms: [块钱]}\n", r"units.yml:2: units.0.frms: unknown key"),
    ("units:\n  - {unit: 元, kind: money}\nunit_aliases: {}\n", r"units.yml:3: unit_aliases: unknown key"),
    ("units:\n  - {unit: 元, kind: money, tenths: yes please}\n", r"units.yml:2: units.0.tenths: expected true or false"),
    ("units:\n  - {unit: 元, kind: money, before: [$]}\n  - {unit: 美元, kind: money, before: [$]}\n",
     r"symbol '\$'"),
    ("units:\n  - {unit: 元, kind: money, forms: [块], only_with_parts: true}\n", r"only_with_parts needs parts"),
])
def test_units_file_is_checked(rules_dir, text, message):
    (rules_dir / "units.yml").write_text(text, encoding="utf-8")
    with pytest.raises(RuleError, match=message):
        load_units()


def test_indicators_file_keys_are_checked(rules_dir):
    source = (Path(rules.PACKAGE_DIR).parent / "rules" / "indicators.yml").read_text(encoding="utf-8")
    units = load_units_from_repo()
    for bad, message in [(source + "\nqualifers: {}\n", r"indicators.yml:\d+: qualifers: unknown key"),
                         (source.replace("  duration_only: [内]", "  duration_only: [内]\n  durations: [内]"),
                          r"indicators.yml:\d+: qualifiers.durations: unknown key"),
                         (source.replace("{name: ordinal, pattern:", "{name: ordinal, patern: x, pattern:"),
                          r"indicators.yml:\d+: exclusions.0.patern: unknown key")]:
        assert bad != source
        (rules_dir / "indicators.yml").write_text(bad, encoding="utf-8")
        with pytest.raises(RuleError, match=message):
            load_grammar(units=units)


def load_units_from_repo():
    saved = os.environ.pop("BULLETIN_IE_RULES")
    try:
        return load_units()
    finally:
        os.environ["BULLETIN_IE_RULES"] = saved


def test_latin_units_come_from_the_units_file(finder):
    """10GB, 8cm: digits before a Latin unit of units.yml are a figure, not a code;
    5G and 3M are codes."""
    assert [(m.value, m.unit) for m in finder.find("扩容10GB，树苗胸径8cm，新建5G基站。")] == [
        (Decimal(10), "GB"), (Decimal(8), "厘米")]
