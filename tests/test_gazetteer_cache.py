"""gazetteer.py's cached form (load_cached, VillageIndex, the scan index) and the
start-up and speed changes that must not change any result: the action-verb
pattern of indicators.py, bodies.py's institution and media matching, NameIndex."""
from __future__ import annotations

import shutil

import pytest
import regex

from pipeline import gazetteer as G
from pipeline.gazetteer import Gazetteer, Place, VillageIndex, load_cached


@pytest.fixture(scope="module")
def built() -> Gazetteer:
    """The gazetteer built from the source files, as before the cache."""
    return Gazetteer.from_files()


@pytest.fixture(scope="module")
def cache_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("gazetteer-cache")


def test_cached_gazetteer_equals_the_built_one(built, cache_dir):
    load_cached(cache_dir)  # writes the file
    files = list(cache_dir.glob("gazetteer-*.marshal"))
    assert len(files) == 1 and G.cache_key() in files[0].name
    cached = load_cached(cache_dir)  # reads it
    assert cached.places == built.places
    assert isinstance(cached.places[0], Place)
    for attr in ("full", "short", "town_short"):  # same entries, same order
        assert list(getattr(cached, attr).items()) == list(getattr(built, attr).items())
    text = "湖南省岳阳市汨罗市屈子祠镇和巴马县、察布查尔的代表来到长沙。"
    assert list(cached.scan(text)) == list(built.scan(text))
    assert len(cached.villages) == len(built.villages)
    for name in list(built.villages)[::997]:
        assert cached.villages[name] == built.villages[name]
        assert cached.village_towns(name) == built.village_towns(name)
    assert "没有这个村" not in cached.villages and cached.village_towns("") == ()


def test_second_load_reads_the_file_without_building(cache_dir, monkeypatch):
    load_cached(cache_dir)

    def fail(*args, **kwargs):
        raise AssertionError("built from the sources although the cache was there")

    monkeypatch.setattr(Gazetteer, "from_files", classmethod(fail))
    assert load_cached(cache_dir).place(1).parent == 0


def test_damaged_cache_is_rebuilt(built, tmp_path):
    load_cached(tmp_path)
    path = next(tmp_path.glob("gazetteer-*.marshal"))
    path.write_bytes(b"\x00not marshal")
    again = load_cached(tmp_path)
    assert list(again.full.items()) == list(built.full.items())
    assert path.read_bytes()[:1] != b"\x00"  # written anew


def test_unwritable_cache_dir_still_loads(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a directory")
    assert load_cached(blocker / "cache").place(1).level == "province"


def test_key_changes_with_a_source_file(tmp_path, monkeypatch):
    before = G.cache_key()
    rules = tmp_path / "rules"
    shutil.copytree(G.rule_path("gazetteer/places.tsv").parent.parent, rules)
    monkeypatch.setenv("BULLETIN_IE_RULES", str(rules))
    assert G.cache_key() == before  # same bytes, same key
    with open(rules / "loc_grammar.yml", "a", encoding="utf-8") as fh:
        fh.write("# a new comment\n")
    assert G.cache_key() != before


def test_village_index_behaves_as_a_dict():
    villages = {"东村": "1", "西村": "2,3", "东村村": "4", "大王庄村": "5"}
    index = VillageIndex.from_dict(villages)
    assert len(index) == 4 and set(index) == set(villages)
    for name, ids in villages.items():
        assert index[name] == ids and index.get(name) == ids and name in index
    for missing in ("村", "东", "王庄村", "", "东村\t1", "东村\n"):
        assert missing not in index and index.get(missing) is None
    with pytest.raises(KeyError):
        index["南村"]
    with pytest.raises(ValueError):
        VillageIndex.from_dict({"坏\t村": "1"})


def _tiny(short: dict[str, list[int]]) -> Gazetteer:
    places = [Place(1, 0, "province", "京城省"), Place(2, 1, "county", "京城县")]
    return Gazetteer(places, short, [], {})


def test_scan_finds_one_character_names_longest_first():
    gaz = _tiny({"京": [1], "京城": [2]})
    hits = [(h.start, h.end, h.form) for h in gaz.scan("在京城省和京")]
    assert hits == [(1, 4, "full"), (1, 3, "short"), (1, 2, "short"), (5, 6, "short")]


def test_action_verb_pattern_matches_as_one_lookahead_per_verb():
    """One lookahead after the alternation finds what a lookahead per verb found."""
    from pipeline.chars import alternation
    from pipeline.indicators import GRAMMAR_FILE, load_grammar
    from pipeline.rules import load_yaml, word_list

    data = load_yaml(GRAMMAR_FILE)
    nominal = alternation(word_list(data, "nominal_suffixes", GRAMMAR_FILE), escape=False)
    per_verb = regex.compile(alternation([f"(?:{v})(?!{nominal})"
                                         for v in word_list(data, "action_verbs", GRAMMAR_FILE)], escape=False))
    grammar = load_grammar()
    texts = ["办理回复建议", "办理费用", "组织开展培训", "培训会议召开", "举办培训会", "收取费用率",
             "建成投入使用", "召开会见", "走访慰问困难群众", "提出建议120件"]
    for text in texts:
        one = [m.span() for m in regex.finditer(f"(?:{grammar.verb_end_re.pattern[:-1]})", text)]
        assert one == [m.span() for m in per_verb.finditer(text)], text


def test_institutions_tried_only_where_one_starts():
    from pipeline.entities.org_rules import OrgRules

    rules = OrgRules.load()
    texts = ["县人大常委会办公室主任", "镇人大主席团和乡人民政府", "市委办、县政府办",
             "湖南日报记者", "据红网讯，村委会主任", "“人大代表之家”建设", "委托办理"]
    for text in texts:
        fast = [(m.span(), m.groupdict()) for m in rules.core_matches(text)]
        slow = [(m.span(), m.groupdict()) for m in rules.core.finditer(text, overlapped=True)]
        assert fast == slow, text
        media = [m.span() for m in rules.media_grammar_matches(text)]
        assert media == [m.span() for m in rules.media_grammar_re.finditer(text)], text


def test_name_index_finds_leftmost_longest():
    from pipeline.entities.base import NameIndex

    index = NameIndex(["新闻网", "人民新闻网", "日报", "晚报"])
    assert index.find("据人民新闻网和日报、晚报") == [(1, 6), (7, 9), (10, 12)]
    assert index.find("没有名字") == [] and NameIndex([]).find("日报") == []
