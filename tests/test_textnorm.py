"""Normalisation keeps every character traceable: each test checks the text and the map."""
from pipeline.layout import LayoutParser
from pipeline.textnorm import fold_char, normalise


def traced(raw: str):
    t = normalise(raw)
    # every kept character is the raw character the map names, folded
    assert all(t.text[i] == fold_char(raw[r]) for i, r in enumerate(t.origin))
    return t


def test_full_width_digits_and_letters_fold_but_chinese_punctuation_stays():
    assert traced("收集建议１８１件，ＡＢ（试行）；完成率９５％！").text == "收集建议181件，AB（试行）；完成率95％！"


def test_page_break_repair_reads_chinese_punctuation_too():
    # the same sentence with Chinese punctuation is joined like its ASCII twin
    raw = "一是组织部分县、乡人大代表和各乡镇人大主席对指导清单内容开展讨论，征求\n\n意见建议；二是召开座谈会。"
    assert traced(raw).text == "一是组织部分县、乡人大代表和各乡镇人大主席对指导清单内容开展讨论，征求意见建议；二是召开座谈会。"


def test_crlf_becomes_lf_and_bom_is_dropped():
    t = traced("\ufeff第一行\r\n第二行\r第三行")
    assert t.text == "第一行\n第二行\n第三行"
    assert t.origin[0] == 1  # the BOM is raw character 0


def test_spaces_inside_figures_are_removed():
    assert traced("2022 年 5 月 30 日,已建平台 150 个,达 97. 7 %").text == "2022年5月30日,已建平台150个,达97.7%"


def test_space_between_han_phrases_is_kept():
    assert traced("采取季度清单 精准指导乡镇人大工作").text == "采取季度清单 精准指导乡镇人大工作"


def test_spaced_two_character_name_is_joined_but_names_stay_apart():
    assert traced("责任编辑:石 韧 谢峥嵘").text == "责任编辑:石韧 谢峥嵘"


def test_markdown_markup_is_removed():
    t = traced("# 联络动态\n\n## **统一标准 确保平台建设规范化**\n\n---\n\n正文。")
    assert t.text == "联络动态\n\n统一标准 确保平台建设规范化\n\n\n\n正文。"


def test_page_break_inside_a_sentence_is_repaired():
    raw = "一是组织部分县、乡人大代表和各乡镇人大主席对指导清单内容开展讨论,征求\n\n意见建议;二是召开座谈会。"
    t = traced(raw)
    assert "征求意见建议" in t.text
    assert t.origin[t.text.index("意见")] == raw.index("意见")


def test_line_break_inside_brackets_is_repaired():
    t = traced("班子成员到联点乡镇(街道)实地指导,帮助健全完善工作制度,到联点乡\n\n镇(街道)指导。")
    assert "联点乡镇(街道)指导" in t.text


def test_titles_keep_their_line_breaks():
    raw = "一、选好代表,抓实换届选举基础环节\n\n选举人大代表是实现全过程人民民主的基础环节。"
    assert traced(raw).text == raw
    raw = "深入开展“一月一指导”活动\n\n认真落实“双联”工作制度。"
    assert traced(raw).text == raw


def test_distribution_list_lines_stay_apart_but_a_wrapped_line_is_joined():
    raw = ("送:全国人大常委会办公厅联络局、研究室\n各省、区、市人大常委会代表联络工作机构\n\n"
           "省人大各专门委员会,省人大常委会各办事机构、工作机构,省纪委省监委驻省人大机关纪\n检监察组")
    t = normalise(raw, is_footer_start=LayoutParser().is_footer_start)
    assert "研究室\n各省" in t.text
    assert "机关纪检监察组" in t.text


def test_offset_map_compresses_runs():
    t = traced("第 11 期")
    assert t.text == "第11期"
    assert t.offset_map() == [[0, 0], [1, 2], [3, 5]]


def test_short_line_broken_inside_a_body_name_is_joined():
    raw = "出席单位\n呼和浩特市人大常\n委会\n包头市人民政\n府\n\n另行通知"
    t = traced(raw)
    assert "呼和浩特市人大常委会" in t.text and "包头市人民政府" in t.text
    assert "出席单位\n呼和浩特" in t.text  # the other breaks stay
    assert t.origin[t.text.index("委会")] == raw.index("委会")


def test_double_break_inside_a_word_stays():
    raw = "市人大常\n\n委会"
    assert traced(raw).text == raw
