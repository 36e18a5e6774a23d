"""The matching view: fold, glosses, position map, and stages run on it."""
from dataclasses import dataclass

from pipeline.records import Sentence, Token
from pipeline.view import View, fold, glosses, on_view, to_simplified, traditional_share, view_sentence


def test_fold_keeps_length_and_folds_punctuation_and_script():
    text = "縣長（女），議案：３件"
    out = fold(text)
    assert len(out) == len(text)
    assert out == "县长(女),议案:3件"


def test_simplified_characters_that_are_also_traditional_stay():
    # 乾 (乾县) and 著 (著名) are Simplified characters too
    assert fold("乾县著名") == "乾县著名"
    assert to_simplified("東濱江") == "东滨江"


def test_traditional_share():
    assert traditional_share("這是繁體字的頁面") > 0.3
    assert traditional_share("这是简体字的页面") == 0.0


def test_glosses_need_a_tone_mark_after_a_han_character():
    text = "會(huì)議(yì)在A(B)和(de)之后"
    assert [text[s:e] for s, e in glosses(text)] == ["(huì)", "(yì)"]


def test_view_drops_glosses_and_maps_back():
    text = "副縣長(zhǎng)陳明出席"
    v = View.of(text)
    assert v.text == "副县长陈明出席"
    at = v.text.index("陈明")
    s, e = v.span(at, at + 2)
    assert text[s:e] == "陳明"
    # a span across a gloss covers it in the original
    s, e = v.span(0, 3)
    assert text[s:e] == "副縣長"
    s, e = v.span(1, 4)
    assert text[s:e] == "縣長(zhǎng)陳"
    assert v.original_chars(1, 3) == "縣長"


@dataclass
class _Rec:
    sent_id: int
    start: int
    end: int
    text: str
    subject: str | None = None


def _fake_stage(sentences):
    """Finds 联络站 and a figure 3个 in the view, as a rule stage would."""
    out = []
    for s in sentences:
        i = s.text.find("联络站")
        if i >= 0:
            out.append(_Rec(s.sent_id, s.start + i, s.start + i + 3, s.text[i:i + 3]))
        j = s.text.find("3个")
        if j >= 0:
            out.append(_Rec(s.sent_id, s.start + j, s.start + j + 2, "3个", subject="联络站"))
    return out


def test_on_view_maps_records_to_the_text_as_written():
    text = "建成聯(lián)絡站3個"
    sent = Sentence(doc_id="d", sent_id=0, article=None, zone="body", start=10, end=10 + len(text),
                    text=text, tokens=[Token("建成", 10, 12)])
    recs = on_view(_fake_stage, [sent])
    doc = " " * 10 + text
    assert [doc[r.start:r.end] for r in recs] == [r.text for r in recs] == ["聯(lián)絡站", "3個"]
    assert recs[1].subject == "聯絡站"


def test_on_view_passes_plain_sentences_through():
    sent = Sentence(doc_id="d", sent_id=0, article=None, zone="body", start=0, end=6,
                    text="建成联络站3个")
    recs = on_view(_fake_stage, [sent])
    assert [r.text for r in recs] == ["联络站", "3个"]


def test_a_full_width_comma_between_digits_separates_figures():
    assert fold("共12，345人，3,000元") == "共12、345人,3,000元"


@dataclass
class _Ent:
    sent_id: int
    start: int
    end: int
    text: str
    canonical: str | None = None


def test_a_traditional_name_gets_its_simplified_canonical_form():
    text = "象州縣(xiàn)人大"
    sent = Sentence(doc_id="d", sent_id=0, article=None, zone="body", start=0, end=len(text), text=text)

    def stage(sentences):
        s = sentences[0]
        return [_Ent(0, 0, 3, s.text[:3])]

    (ent,) = on_view(stage, [sent])
    assert ent.text == "象州縣" and ent.canonical == "象州县"


def test_a_glossed_year_opening_the_first_sentence_is_read_in_the_view():
    # issue 22: a Traditional page with pinyin glosses must not lose the year its first
    # sentence opens with (the view drops the glosses, the tokens keep their places)
    text = "2023年(nián)，某縣人大常委會(huì)共召開會議(yì)12次。"
    sent = Sentence(doc_id="t", sent_id=0, article=None, zone="body", start=0, end=len(text), text=text,
                    tokens=[Token("2023年", 0, 5), Token("(nián)", 5, 11), Token("，", 11, 12)])
    vs, view = view_sentence(sent)
    assert vs.text.startswith("2023年,某县人大常委会共召开会议12次")
    assert vs.tokens[0].text == "2023年" and (vs.tokens[0].start, vs.tokens[0].end) == (0, 5)
    assert view.span(0, 5) == (0, 5)
