"""people.py with rules/name_components.txt: Mongolian, Tibetan and Uyghur names that
do not start with a Han surname (or start with one only by accident)."""
from __future__ import annotations

from tests.entities_helpers import proposed, found, run


def test_mongolian_name_is_not_cut_at_an_accidental_surname(rec):
    # 乌 is a surname and 乌云 a name of its own: the components run on to 其木格
    assert found(run(rec, "盟人大常委会主任　萨仁其其格出席会议。"), "PER") == ["萨仁其其格"]
    assert found(run(rec, "旗委副书记乌兰图雅主持会议并讲话。"), "PER") == ["乌兰图雅"]


def test_tibetan_names_after_roles_and_in_a_list(rec):
    ents = run(rec, "县长洛桑平措讲话，委员德吉央宗、罗布次仁参加。")
    assert found(ents, "PER") == ["洛桑平措", "德吉央宗", "罗布次仁"]


def test_one_component_after_a_specific_title(rec):
    assert found(run(rec, "乡长尼玛在会上讲话。"), "PER") == ["尼玛"]


def test_dotted_name_is_one_person_without_a_role(rec):
    # the tagger reads only the part before the dot; the dotted whole is the name
    assert found(run(rec, "吐尔洪·艾力说，合作社今年增收。"), "PER") == ["吐尔洪·艾力"]


def test_dotted_names_after_a_role(rec):
    assert found(run(rec, "副主任阿不来提·吾斯曼主持会议。"), "PER") == ["阿不来提·吾斯曼"]


def test_title_of_a_gacha(rec):
    assert found(run(rec, "嘎查长宝音图带领牧民修缮棚圈。"), "PER") == ["宝音图"]


def test_han_name_that_starts_with_a_component_is_unchanged(rec):
    # 孟和 is a Mongolian component, but 孟和平 stops at no boundary after 孟和
    assert found(run(rec, "主任孟和平出席会议。"), "PER") == ["孟和平"]
    assert found(run(rec, "县长王建国出席会议。"), "PER") == ["王建国"]


def test_components_need_a_boundary(rec):
    # 格桑花 is a flower here: no role before it, no name
    assert proposed(rec, "格桑花开满了山坡。", label="PER", source="per:") == []


def test_yi_names_after_a_role(rec):
    # clan name (吉克, 阿苏) + a two-character given name, no Han surname
    assert found(run(rec, "村民吉克石且说，今年收入好。"), "PER") == ["吉克石且"]
    assert found(run(rec, "副主任阿苏伍呷主持会议。"), "PER") == ["阿苏伍呷"]


def test_yi_name_before_a_speech_word(rec):
    assert proposed(rec, "“曲比阿果”表示，要种好花椒。", label="PER", source="per:clan") == ["曲比阿果"]


def test_han_name_with_a_clan_like_start_is_unchanged(rec):
    assert found(run(rec, "代表马海波说，要加强监督。"), "PER") == ["马海波"]
