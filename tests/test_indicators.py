"""pipeline.indicators: the indicator grammar, phrase by phrase.

Each case is a sentence and the indicators expected in it, in order, as
(value, unit, qualifier, value_max, subject); ANY skips a field, [] means
"no indicator".  The phrases are written for these tests (bulletin style),
not taken from the gold.
"""
from decimal import Decimal

import pytest
from hypothesis import given, settings, strategies as st

from pipeline.indicators import IndicatorFinder, extract
from pipeline.records import Indicator, Sentence, TimeExpression
from pipeline.rules import RuleError

ANY = object()
D = Decimal


@pytest.fixture(scope="module")
def finder():
    return IndicatorFinder.from_rules()


def I(value, unit, qualifier=None, value_max=None, subject=ANY):  # noqa: E743
    return (value, unit, qualifier, value_max, subject)


CASES = [
    # --- plain counts, subject on the left (verb + object) or right (measure word + noun)
    ("全年共审议法规草案12件。", [I(12, "件", subject="法规草案")]),
    ("共收集意见建议100余条。", [I(100, "条", "more_than", subject="意见建议")]),
    ("接待群众500余人次，走访选民3000余人次。",
     # a count of person-times counts acts: the act with its people (GUIDELINES: 接待群众)
     [I(500, "人次", "more_than", subject="接待群众"), I(3000, "人次", "more_than", subject="走访选民")]),
    ("全县14个乡镇全部召开了会议。", [I(14, "个", subject="乡镇")]),
    ("派出700多个巡察组。", [I(700, "个", "more_than", subject="巡察组")]),
    ("取消了 130 余名干部的提名资格。", [I(130, "名", "more_than", subject="干部")]),
    ("设立代表联络站87个，实现全覆盖。", [I(87, "个", subject="代表联络站")]),
    ("新建农村公路120公里，改造危桥15座。",
     [I(120, "公里", subject="农村公路"), I(15, "座", subject="危桥")]),
    ("全县共有中小学校56所、幼儿园88所。", [I(56, "所", subject="中小学校"), I(88, "所", subject="幼儿园")]),
    ("全镇有党员560名，党支部23个。", [I(560, "名", subject="党员"), I(23, "个", subject="党支部")]),
    ("分为5个小组开展活动。", [I(5, "个", subject="小组")]),
    ("先后召开 18 次常委会议。", [I(18, "次", subject="常委会议")]),
    ("举办 6 场研讨会、110 场座谈会。", [I(6, "场", subject="研讨会"), I(110, "场", subject="座谈会")]),
    ("开展志愿服务活动3000余场次。", [I(3000, "场次", "more_than", subject="志愿服务活动")]),
    ("编印了80多页的资料汇编。", [I(80, "页", "more_than", subject="资料汇编")]),
    ("对城关镇等87家先进单位进行表彰。", [I(87, "家", subject="先进单位")]),
    ("走访居民超过50户。", [I(50, "户", "more_than", subject="居民")]),
    ("帮助调处各类纠纷433起。", [I(433, "起", subject="各类纠纷")]),
    ("各乡镇人大均配备了1名专职副主席。", [I(1, "名", subject="专职副主席")]),
    ("共有45人被纪律处分。", [I(45, "人", subject="被纪律处分")]),
    ("征集实事12大类118个。", [I(12, "大类", subject="实事"), I(118, "个", subject="实事")]),
    ("排名上升5个名次。", [I(5, "个名次", subject="排名")]),
    ("建成代表工作室(站)260个。", [I(260, "个", subject="代表工作室(站)")]),
    ("已办结66条，正在办理的44条。", [I(66, "条"), I(44, "条")]),
    ("举办培训班3期，培训代表450人次。", [I(3, "期", subject="培训班"), I(450, "人次", subject="培训代表")]),
    ("共发放宣传资料5000余份。", [I(5000, "份", "more_than")]),
    ("先后荣获省级以上荣誉20余项。", [I(20, "项", "more_than")]),
    ("全县有千余名代表参与活动。", [I(1000, "名", "more_than")]),
    ("全市共有各级人大代表五千余名。", [I(5000, "名", "more_than", subject="各级人大代表")]),
    ("全年共召开常委会会议八次、主任会议二十四次。",
     [I(8, "次", subject="常委会会议"), I(24, "次", subject="主任会议")]),
    ("实到会委员二十七名。", [I(27, "名")]),
    ("共计走访农户两千三百户。", [I(2300, "户", subject="农户")]),
    ("隐患两处已经整改。", [I(2, "处")]),
    ("结合沿岸三个村的意愿确定项目。", [I(3, "个", subject="村")]),
    ("用两个多月的时间进行督查。", [I(2, "个月", "more_than", subject="时间")]),
    ("5G基站共1800个。", [I(1800, "个", subject="5G基站")]),
    ("会议应到委员35人，实到32人。", [I(35, "人"), I(32, "人")]),
    ("全县共处理各类矛盾纠纷1500余件。", [I(1500, "件", "more_than", subject="各类矛盾纠纷")]),
    ("受理12件，办结10件，在办2件。", [I(12, "件"), I(10, "件"), I(2, "件")]),
    ("全县共有5A级景区1个。", [I(1, "个", subject="5A级景区")]),
    # --- money, multipliers folded into the value
    ("投入资金2580万元。", [I(25800000, "元", subject="资金")]),
    ("慰问金共计 40 余万元。", [I(400000, "元", "more_than", subject="慰问金")]),
    ("收回欠款近两百万元。", [I(2000000, "元", "nearly", subject="欠款")]),
    ("财政投入近 2000 万元。", [I(20000000, "元", "nearly")]),
    ("全市地区生产总值1234.5亿元。", [I(123450000000, "元", subject="地区生产总值")]),
    ("该项目总投资5.6亿元。", [I(560000000, "元")]),
    ("筹集资金2万多元。", [I(20000, "元", "more_than", subject="资金")]),
    ("投入资金1.2亿多元。", [I(120000000, "元", "more_than")]),
    ("共投入1.5万余元。", [I(15000, "元", "more_than")]),
    ("增收30万余元。", [I(300000, "元", "more_than", subject="增收")]),
    ("共发放补贴1,250.5万元。", [I(12505000, "元")]),
    ("预算安排专项经费 100 万元。", [I(1000000, "元", subject="专项经费")]),
    ("涉及金额约3000万元。", [I(30000000, "元", "about")]),
    ("人均增收2000元以上。", [I(2000, "元", "at_least")]),
    ("每年安排经费50万元。", [I(500000, "元", subject="经费")]),
    # --- weight, area, length, duration, age
    ("销售了36万斤西瓜。", [I(360000, "斤", subject="西瓜")]),
    ("确保100 万亩农田灌溉。", [I(1000000, "亩", subject="农田灌溉")]),
    ("改善了2000多亩农田的灌溉条件。", [I(2000, "亩", "more_than", subject="农田")]),
    ("粮食播种面积达到45.3万亩，总产量18.6万吨。",
     [I(453000, "亩", subject="粮食播种面积"), I(186000, "吨", subject="总产量")]),
    ("辖区面积120平方公里。", [I(120, "平方公里", subject="辖区面积")]),
    ("护栏缺失，长达700多米。", [I(700, "米", "more_than")]),
    ("平均年龄42岁，比上届降低4岁。",
     [I(42, "岁", subject="平均年龄"), I(4, "岁", subject="平均年龄")]),
    ("寻找了近一天。", [I(1, "天", "nearly", subject="寻找")]),
    ("服务时长超过5万小时。", [I(50000, "小时", "more_than", subject="服务时长")]),
    # --- rates and percentages
    ("参选率达97.7%。", [I(D("97.7"), "%", subject="参选率")]),
    ("回复率达 93%。", [I(93, "%", subject="回复率")]),
    ("专职化比例均达到60%以上。", [I(60, "%", "at_least", subject="专职化比例")]),
    ("专职委员比例达到 60% 以上。", [I(60, "%", "at_least", subject="专职委员比例")]),
    ("本科以上学历占85%。", [I(85, "%", subject="本科以上学历")]),
    ("其中女代表362名，占28.3%。", [I(362, "名", subject="女代表"), I(D("28.3"), "%")]),
    ("采纳率达到百分之九十以上。", [I(90, "%", "at_least", subject="采纳率")]),
    ("群众满意率达到八成以上。", [I(80, "%", "at_least", subject="群众满意率")]),
    ("三成代表来自基层。", [I(30, "%")]),
    ("增加了3个百分点。", [I(3, "个百分点")]),
    ("森林覆盖率提高了7.5个百分点。", [I(D("7.5"), "个百分点", subject="森林覆盖率")]),
    ("七成以上的代表参加了培训。", [I(70, "%", "at_least", subject="代表")]),
    ("全市GDP达到1.57亿元，同比增长8.5%。",
     [I(157000000, "元", subject="GDP"), I(D("8.5"), "%", subject="GDP")]),
    ("产值增长2倍多。", [I(2, "倍", "more_than", subject="产值")]),
    # --- qualifiers
    ("户籍人口约120万人。", [I(1200000, "人", "about", subject="户籍人口")]),
    ("常住人口超过135万人。", [I(1350000, "人", "more_than", subject="常住人口")]),
    ("参与群众逾2000人。", [I(2000, "人", "more_than")]),
    ("邀请 10 名左右代表列席。", [I(10, "名", "about")]),
    ("会议发言代表约 50 人次。", [I(50, "人次", "about", subject="发言代表")]),
    ("召开了1次以上主席团会议。", [I(1, "次", "at_least", subject="主席团会议")]),
    ("时间2天以上。", [I(2, "天", "at_least", subject="时间")]),
    ("接待来访群众8000人次以上。", [I(8000, "人次", "at_least")]),
    ("工作人员不超过20人。", [I(20, "人", "at_most", subject="工作人员")]),
    ("参训人员不少于300人。", [I(300, "人", "at_least")]),
    ("全县有近万名群众参与。", [I(10000, "名", "nearly")]),
    ("年均增长7%左右。", [I(7, "%", "about")]),
    # --- ranges
    ("每人联系5—10名代表。", [I(5, "名", "range", 10)]),
    ("必须解决 1—2 个实际问题。", [I(1, "个", "range", 2, subject="实际问题")]),
    ("组成人员从 19 至 27 名，增加到 33 或 35 名。",
     [I(19, "名", "range", 27, subject="组成人员"), I(33, "名", "range", 35, subject="组成人员")]),
    ("每组5~10人。", [I(5, "人", "range", 10)]),
    ("选配 1 至 2 名专职副主席。", [I(1, "名", "range", 2)]),
    ("投资3至5万元。", [I(30000, "元", "range", 50000)]),
    ("共有5个至10个站点。", [I(5, "个", "range", 10)]),
    ("每次邀请三到五名代表。", [I(3, "名", "range", 5)]),
    # --- changes
    ("示范点创建率提升30%。", [I(30, "%", subject="示范点创建率")]),
    ("工程投资由概算的240万元减少到205万元。",
     [I(2400000, "元", subject="工程投资"), I(2050000, "元", subject="工程投资")]),
    ("满意率由75%提升到96%。", [I(75, "%", subject="满意率"), I(96, "%", subject="满意率")]),
    ("城区人口由2010年的15万人增加到2020年的28万人。",
     [I(150000, "人", subject="城区人口"), I(280000, "人", subject="城区人口")]),
    ("增加编制 48 个。", [I(48, "个", subject="编制")]),
    # --- vague figures: bound + qualifier
    ("走访选民上百次。", [I(100, "次", "about")]),
    ("群众几百亩西瓜受涝。", [I(100, "亩", "more_than", subject="西瓜")]),
    ("全年接待上访群众数百人次。", [I(100, "人次", "more_than")]),
    ("有十几个村积极响应。", [I(10, "个", "more_than")]),
    ("二十多个单位参加。", [I(20, "个", "more_than", subject="单位")]),
    # --- implied units
    ("全市户籍人口为650.3万。", [I(6503000, "人", subject="户籍人口")]),
    ("人口15万，面积120平方公里。", [I(150000, "人", subject="人口"), I(120, "平方公里")]),
    # --- never indicators: dates and times
    ("2021年5月30日召开会议。", []),
    ("今年6月，省人大常委会赴我市调研。", []),
    ("每月8日为代表接待日。", []),
    ("2017年1月至2018年5月，全市开展专项行动。", []),
    ("会议于上午9点在三楼会议室召开。", []),
    ("截止5月底，任务全部完成。", []),
    ("2020年度全县考核排名第一。", []),
    # --- ordinals and sequence markers
    ("第十四届全国人民代表大会第一次会议。", []),
    ("耒阳市十八届人大常委会换届以来。", []),
    ("第 11 期（总第六百六十一期）", []),
    ("在第二人大代表联络站召开会议。", []),
    ("一是加强领导，二是完善制度，三是强化监督。", []),
    ("湘乡市委八次党代会提出目标。", []),
    # --- identifiers, codes, formulas
    ("贯彻落实中央18号文件、省委26号文件精神。", []),
    ("批准文号：湘党简准字〔2000〕第 28 号", []),
    ("联系方式：0731—85309270", []),
    ("手机13812345678。", []),
    ("提出了代表工作站2.0版标准化提升改造计划。", []),
    ("根据“1+N”工作要求，实现1+1>2的效果。", []),
    ("沿G4高速和S306省道前往。", []),
    # --- numbers inside names, slogans and set phrases
    ("坚持“1234”工作法。", []),
    ("深入推进“三个一”工作法。", []),
    ("充分发挥两个“关键人”作用。", []),
    ("实施“四大行动”。", []),
    ("认真落实中央八项规定精神，树牢四个意识。", []),
    ("印发了《关于党员干部拒收红包礼金的九条规定》。", []),
    ("推行“一月一督查、一季一通报”制度。", []),
    ("三门峡市代表参加了会议。", []),
    ("进百家门、认百家人。", []),
    # --- "a", not a count; bare 二
    ("精准选定一个活动主题。", []),
    ("作为代表履职管理的一项重要内容。", []),
    ("确保项目定一件、办一件、成一件。", []),
    ("完成高层住宅二次供水改造。", []),
    ("对县一级代表提出的建议进行办理。", []),
    ("这两个关键人的培训。", []),
    # --- no unit, no indicator
    ("全市上下齐心协力，千方百计推进项目建设。", []),
    ("几个部门联合行动，多个乡镇参与。", []),
    # --- a fraction is a percentage (GUIDELINES): four decimals
    ("三分之二以上的代表同意。", [I(D("66.6667"), "%", "at_least")]),
    # --- unseen-style text (other provinces, web pages)
    ("还将组织286名市、区人大代表分成12个小组。",
     [I(286, "名", subject="市、区人大代表"), I(12, "个", subject="小组")]),
    ("协调解决群众急难愁盼问题186件。", [I(186, "件", subject="群众急难愁盼问题")]),
    ("结案率保持在95%以上。", [I(95, "%", "at_least", subject="结案率")]),
    ("印发《代表履职手册》150余本。", [I(150, "本", "more_than", subject="代表履职手册")]),
    ("全州17个县（市）共建成代表之家625个。",
     [I(17, "个", subject="县（市）"), I(625, "个", subject="代表之家")]),
    ("8栋商务楼宇设立代表联络点。", [I(8, "栋", subject="商务楼宇")]),
    ("主任会议每季度召开1次。", [I(1, "次", subject="主任会议")]),
    ("财政总收入首次突破百亿元大关。", []),
    ("平均浓度由36微克/立方米下降到25微克/立方米。",
     [I(36, "微克/立方米", subject="平均浓度"), I(25, "微克/立方米", subject="平均浓度")]),
    ("新建山塘12口，新打机井6眼。", [I(12, "口", subject="山塘"), I(6, "眼")]),
    # a date after 比 belongs to the comparison, not the end of the subject
    ("利用率提高到92.5%，化肥使用量比上年减少1.2万吨。",
     [I(D("92.5"), "%", subject="利用率"), I(12000, "吨", subject="化肥使用量")]),
    ("来信来访87件次，比上年减少23件次。",
     [I(87, "件次", subject="来信来访"), I(23, "件次", subject="来信来访")]),
    ("全县地区生产总值完成76.3亿元。", [I(7630000000, "元", subject="地区生产总值")]),
    ("存栏量由3.6万头（只）增加到4.5万头（只）。",
     [I(36000, "头", subject="存栏量"), I(45000, "头", subject="存栏量")]),
]


def _check(found, expected):
    got = [(m.value, m.unit, m.qualifier, m.value_max, m.subject) for m in found]
    assert len(got) == len(expected), got
    for g, e in zip(got, expected):
        value, unit, qualifier, value_max, subject = e
        assert g[0] == D(value), got
        assert g[1] == unit, got
        assert g[2] == qualifier, got
        assert g[3] == (D(value_max) if value_max is not None else None), got
        if subject is not ANY:
            assert g[4] == subject, got


@pytest.mark.parametrize("sentence, expected", CASES, ids=[c[0][:16] for c in CASES])
def test_grammar(finder, sentence, expected):
    found = finder.find(sentence)
    for m in found:
        assert sentence[m.start:m.end] == m.text
    _check(found, expected)


# ---------------------------------------------------------------- flags and spans


@pytest.mark.parametrize("sentence, optional", [
    ("要求每名代表每年联系选民不少于10户。", True),  # a norm
    ("县市代表大会做到每年至少举行1次。", True),
    ("拟建 234 个工作站。", True),  # a plan
    ("计划到2025年建成100个示范点。", True),
    ("县乡两级人大代表共3000余名。", None),  # 两级 optional, the count not (checked below)
    ("连续三年开展评议。", True),  # a duration in years
    ("于3个工作日内上报。", True),  # a deadline
    ("全县有60岁以上老年人8.6万人。", None),
    ("走访选民上百次。", True),  # vague
    ("为确保工作顺利开展，每年安排经费100万元。", False),  # purpose clause, not a norm
    ("确保了100万亩农田正常灌溉。", False),  # achieved, not a norm
    ("根据“1+N”工作要求，全省共有十四个试点县。", False),  # 要求 as a noun
    ("每季度召开1次项目推进调度会。", True),  # a frequency is a rule of work
    ("每个代表之家每年集中活动不少于4次。", True),  # a floor
    ("全年召开主席团会议9次。", False),
    ("每人走访居民超过50户。", False),  # 每 with a count that is no frequency: a result
    ("班子成员每人联系3至5名代表。", True),  # a quota
    ("听取社会发展计划执行情况的报告，全县实现地区生产总值569.2亿元。", False),  # 计划 as a noun
])
def test_optional(finder, sentence, optional):
    found = finder.find(sentence)
    assert found
    if optional is not None:
        assert all(m.optional == optional for m in found), found
    else:
        assert [m.optional for m in found] in ([True, False],), found


@pytest.mark.parametrize("sentence, change", [
    ("示范点创建率提升30%。", ["increase"]),
    ("比上届降低4岁。", ["decrease"]),
    ("工程投资由概算的240万元减少到205万元。", ["from", "to"]),
    ("满意率从51%提升到95%。", ["from", "to"]),
    ("投入资金2580万元。", [None]),
])
def test_change(finder, sentence, change):
    assert [m.change for m in finder.find(sentence)] == change


@pytest.mark.parametrize("sentence, span", [
    ("全县参选率达97.7%。", "参选率达97.7%"),
    ("共收集意见建议100余条。", "收集意见建议100余条"),
    ("全县14个乡镇全部召开了会议。", "14个"),
    ("创办了 29 个示范村。", "创办了 29 个"),
    ("召开了1次以上主席团会议。", "召开了1次以上"),
    ("每人联系5—10名代表。", "联系5—10名"),
])
def test_span(finder, sentence, span):
    assert finder.find(sentence)[0].text == span


def test_number_text_and_kind(finder):
    m = finder.find("慰问金共计 40 余万元。")[0]
    assert m.number_text == "40 余万"
    assert m.unit_kind == "money"
    assert isinstance(m.value, Decimal)


def test_full_width_digits(finder):
    m = finder.find("共收集意见建议１００余条。")[0]
    assert (m.value, m.unit, m.qualifier) == (100, "条", "more_than")
    assert m.text == "收集意见建议１００余条"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("sentence, times", [
    ("2022年5月30日", [(2022, 5, 30, None)]),
    ("今年6月", [(None, 6, None, "今年")]),
    ("每月8日", [(None, None, 8, "每月")]),
    ("2017年1月至2018年5月", [(2018, 5, None, None)]),  # one span, ending in May 2018
    ("截止5月底", [(None, 5, None, "月底")]),
    ("2021年底", [(2021, None, None, "年底")]),
    ("2017年上半年", [(2017, None, None, "上半年")]),
    ("年初以来", [(None, None, None, "年初以来")]),
    ("二〇二一年三月", [(2021, 3, None, None)]),
    ("一季度", [(None, None, None, "一季度")]),
    ("两个月", []),
    ("3个工作日", []),
])
def test_times(finder, sentence, times):
    got = [(t.year, t.month, t.day, t.relative) for t in finder.find_times(sentence)]
    assert got == times


# ---------------------------------------------------------------- stage entry


def test_extract_document_offsets_and_zones(finder):
    doc = "第 11 期\n2022年共收集意见建议100余条。"
    sents = [
        Sentence(doc_id="d1", sent_id=0, article=None, zone="header", start=0, end=6, text=doc[0:6]),
        Sentence(doc_id="d1", sent_id=1, article=0, zone="body", start=7, end=len(doc), text=doc[7:]),
    ]
    records = list(extract(sents, finder))
    inds = [r for r in records if isinstance(r, Indicator)]
    times = [r for r in records if isinstance(r, TimeExpression)]
    assert len(inds) == 1 and len(times) == 1
    ind = inds[0]
    assert doc[ind.start:ind.end] == ind.text == "收集意见建议100余条"
    assert ind.id.startswith("I") and ind.sent_id == 1
    assert ind.to_dict()["value"] == 100
    assert times[0].year == 2022 and doc[times[0].start:times[0].end] == "2022年"
    assert list(extract(sents, finder)) == records  # stable ids


def test_bad_rule_file_names_the_file(tmp_path, monkeypatch):
    (tmp_path / "units.yml").write_text("units:\n  - {kind: count}\n", encoding="utf-8")
    monkeypatch.setenv("BULLETIN_IE_RULES", str(tmp_path))
    with pytest.raises(RuleError, match="units.yml"):
        IndicatorFinder.from_rules()


# ---------------------------------------------------------------- properties

BULLETIN_CHARS = "共收集意见建议余多个名人次条万亿元%以上约近第年月日号“”（）、，。至—0123456789一二两三十百千"


@given(st.text(max_size=80))
@settings(max_examples=300)
def test_never_raises_on_random_unicode(finder, text):
    for m in finder.find(text):
        assert text[m.start:m.end] == m.text
        assert 0 <= m.start < m.end <= len(text)
    for t in finder.find_times(text):
        assert text[t.start:t.end] == t.text


UNQUOTED = BULLETIN_CHARS.replace("“", "").replace("”", "")  # (a quoted figure is a name's)


@given(st.text(alphabet=UNQUOTED, max_size=30), st.text(alphabet=UNQUOTED, max_size=30))
@settings(max_examples=500, deadline=None)
def test_spans_are_in_the_text(finder, before, after):
    # random text around a clause that always holds a figure: never nothing to check
    text = before + "。全县共收集意见建议181件。" + after
    found = finder.find(text)
    assert any(m.value == 181 and m.unit == "件" for m in found), found
    for m in found:
        assert text[m.start:m.end] == m.text
        assert m.value is not None and m.unit


@given(st.integers(min_value=1, max_value=10**7), st.sampled_from(["个", "名", "人次", "条", "件", "元"]))
def test_any_count_is_found(finder, n, unit):
    found = finder.find(f"共收集{n}{unit}。")
    assert [(m.value, m.unit) for m in found] == [(n, unit)]


# ---------------------------------------------------------------- no value silently wrong (issue 12)
# Each form a bulletin may use, in a sentence written for the test:
# (sentence, [(value, unit, qualifier, number_text)]).

FORMS = [
    # signs belong to the value
    ("一季度全县工业产值同比增长-2.7%。", [("-2.7", "%", None, "-2.7")]),
    ("受疫情影响，增速为负8.4%。", [("-8.4", "%", None, "负8.4")]),
    ("该处河床平均高程为－0.2千米。", [("-0.2", "公里", None, "－0.2")]),
    ("出口额同比下降−1.5%。", [("-1.5", "%", None, "−1.5")]),
    ("每村安排5个-10个公益岗位。", [("5", "个", "range", "5个-10")]),
    # units before magnitudes: 千克, 千米, 千瓦, 千瓦时 are units
    ("合作社今年销售蜜柚12万千克。", [("120000", "公斤", None, "12万")]),
    ("每户发放大米三十千克。", [("30", "公斤", None, "三十")]),
    ("新修通村公路四十千米。", [("40", "公里", None, "四十")]),
    ("光伏电站装机容量5万千瓦。", [("50000", "千瓦", None, "5万")]),
    ("全年发电1200万千瓦时。", [("12000000", "千瓦时", None, "1200万")]),
    ("节约能源1.2万吨标准煤。", [("12000", "吨标准煤", None, "1.2万")]),
    # malformed numerals are refused, never summed
    ("共收到代表建议七十百件。", []),
    ("办理议案三十三十件。", []),
    ("每人补贴12,34元。", []),
    ("成绩位于百分之七十百分位。", []),
    # Traditional 點, 幾, 兩
    ("項目總投資2點6億元。", [("260000000", "元", None, "2點6億")]),
    ("全年投入三點五億元。", [("350000000", "元", None, "三點五億")]),
    ("建成兩座便民橋。", [("2", "座", None, "兩")]),
    ("共收集意見幾百條。", [("100", "条", "more_than", "百")]),  # 幾 read as vague
    # 半 after a unit or inside a 个-unit
    ("整治工作历时两个半月。", [("2.5", "个月", None, "两")]),
    ("用一个半月完成调研。", [("1.5", "个月", None, "一")]),
    ("改造工程工期三年半。", [("3.5", "年", None, "三")]),
    ("新挖沟渠深两米半。", [("2.5", "米", None, "两")]),
    ("每户分到猪肉三斤半。", [("3.5", "斤", None, "三")]),
    ("座谈会持续两个半小时。", [("2.5", "小时", None, "两")]),
    ("三年半数以上的项目已完工。", [("3", "年", None, "三")]),  # 半数 is a word
    # fractions, tenths, per mille
    ("超过三分之二的村建成了活动室。", [("66.6667", "%", "more_than", "三分之二")]),
    ("约五分之一的建议涉及交通。", [("20", "%", "about", "五分之一")]),
    ("全镇三成农户种植茶叶。", [("30", "%", None, "三")]),
    ("七成以上的代表参加了培训。", [("70", "%", "at_least", "七")]),
    ("人口自然增长率为千分之五。", [("5", "‰", None, "千分之五")]),
    ("参选率达到百分之九十八点五。", [("98.5", "%", None, "百分之九十八点五")]),
    # identifiers, URLs, e-mail, file names and phones give nothing
    ("详见http://rd.example.gov.cn/search?q=30%25%2020%&page=2。", []),
    ("q=30%25%2020%", []),  # the splitter cut the URL at '?'
    ("站点rd.example.gov.cn/art/2022/3/25/art_12.html已更新。", []),
    ("来信请寄rd2022@example.cn。", []),
    ("附件：补助资金500万元明细表.xlsx", []),
    ("咨询电话(0731)84567890，服务热线400-123-4567。", []),
    # the units table by category; compound amounts
    ("全年营收5306亿台币。", [("530600000000", "新台币", None, "5306亿")]),
    ("吸引外资3.5亿美元、港元投资1200万港元。",
     [("350000000", "美元", None, "3.5亿"), ("12000000", "港元", None, "1200万")]),
    ("捐款2万日元和300英镑。", [("20000", "日元", None, "2万"), ("300", "英镑", None, "300")]),
    ("门票每张5元3角。", [("5.3", "元", None, "5")]),
    ("补贴3元2角5分。", [("3.25", "元", None, "3")]),
    ("每次收费2元5分钟内免费。", [("2", "元", None, "2"), ("5", "分钟", "at_most", "5")]),  # 5分钟 no part of 元
    ("车库位于负一层。", []),  # a floor, not a negative count
    ("每支售价两美元又三美分。", [("2.03", "美元", None, "两")]),
    ("政务云存储扩容到10GB。", [("10", "GB", None, "10")]),
    ("5G基站新建30个。", [("30", "个", None, "30")]),
    ("工程历时三又二分之一年。", [("3.5", "年", None, "三又二分之一")]),
]


@pytest.mark.parametrize("sentence, expected", FORMS, ids=[c[0][:16] for c in FORMS])
def test_forms_read_and_refused(finder, sentence, expected):
    found = finder.find(sentence)
    got = [(str(m.value), m.unit, m.qualifier, m.number_text) for m in found]
    want = [(v, u, q, n) for v, u, q, n in expected]
    assert got == want
    for m in found:
        assert sentence[m.start:m.end] == m.text


def test_unit_heads_are_not_magnitudes(finder):
    """千克/公斤 and 千米/公里 are one unit each, whichever form is written."""
    a, b = finder.find("收购茶叶30公斤、30千克。")
    assert (a.value, a.unit) == (b.value, b.unit) == (30, "公斤")
    a, b = finder.find("修路8公里、8千米。")
    assert (a.value, a.unit) == (b.value, b.unit) == (8, "公里")


def test_unit_parts_validated(tmp_path, monkeypatch):
    from pipeline.indicators import load_units
    (tmp_path / "units.yml").write_text("units:\n  - {unit: 元, kind: money, parts: {角: 10}}\n",
                                        encoding="utf-8")
    monkeypatch.setenv("BULLETIN_IE_RULES", str(tmp_path))
    with pytest.raises(RuleError, match="part"):
        load_units()


@given(st.integers(min_value=1, max_value=10**6), st.sampled_from(["-", "负", "−", "－"]))
def test_sign_survives(finder, n, sign):
    found = finder.find(f"产值同比增长{sign}{n}%。")
    assert [(m.value, m.unit) for m in found] == [(-n, "%")]


# ---------------------------------------------------------------- subjects are noun phrases (issue 10)

SUBJECTS = [
    # a predicate after the counted people stops the subject
    ("会议期间，全团的31名代表努力履职尽责。", "代表"),
    ("共有12名记者到场采访。", "记者"),
    ("最终8个项目确定为明年的民生实事。", "项目"),
    ("全镇64名市县人大代表下沉到网格。", "市县人大代表"),
    ("力争85%以上的村民能够使用网上服务。", "村民"),
    # a clause or a bare verb on the left gives way to the noun after the figure
    ("该议案在县第三届人民代表大会第四次会议上以96.5%的得票率通过。", "得票率"),
    ("今年新建改造提升58个“群众议事厅”。", "群众议事厅"),
    # a one-character verb after the measure word is no subject: the figure before names it
    ("共提出议案86件，其中30件交由政府办理。", "议案"),
    # a share takes the subject of the figure it divides
    ("有520件建议得到采纳，占总数的65%。", "建议"),
    # a duration with no noun phrase measures time
    ("过去三年，全县经济稳步增长。", "时间"),
]


@pytest.mark.parametrize("sentence, subject", SUBJECTS, ids=[c[0][:16] for c in SUBJECTS])
def test_subject_is_a_noun_phrase(finder, sentence, subject):
    from pipeline.subjects import strict_subject_ok
    found = finder.find(sentence)
    assert found, sentence
    assert found[-1].subject == subject
    assert strict_subject_ok(found[-1].subject)


def test_village_group_is_an_address(finder):
    assert finder.find("家住城关镇新华村三组的老李说，路修好了。") == []
    assert [(m.value, m.unit) for m in finder.find("每村成立3组巡逻队。")] == [(3, "组")]


@pytest.mark.parametrize("sentence, subject", [
    ("共形成30余份高质量的调研报告。", "高质量的调研报告"),
    ("票决产生8件城关镇2024年重点民生实事。", "重点民生实事"),
    ("全市5名乡镇人大主席交流到政府任职。", "乡镇人大主席"),
    ("136名县人大代表现场投票表决。", "县人大代表"),
])
def test_right_subject_edges(finder, sentence, subject):
    assert finder.find(sentence)[0].subject == subject


# --- held-out error classes: session ordinals, scores, rank units, qualifiers before
# a link verb, subjects (invented sentences, bulletin style)

@pytest.mark.parametrize("sentence, expected", [
    # the Nth session of a congress is an ordinal, not a count of times
    ("在某县第九届人大二次会议上，代表们提出建议38件。", [("38", "件")]),
    ("区十六届人大五次会议期间，共收到议案4件。", [("4", "件")]),
    ("出席十三届全国人大三次会议的代表返乡宣讲。", []),
    ("市人大二次会议审议通过了预算报告。", []),
    ("乡人代会四次会议闭幕。", []),
    ("县十五届人大常委会三次会议听取了报告。", []),
    # ... while a count of sittings stays a count
    ("全年召开常委会会议9次，组织代表视察4次。", [("9", "次"), ("4", "次")]),
    ("主任会议共召开12次会议。", [("12", "次")]),
])
def test_session_ordinals(finder, sentence, expected):
    assert [(str(m.value), m.unit) for m in finder.find(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("代表履职平均积分81.5分。", [("81.5", "分", "score")]),
    ("群众满意度测评得分94.2分，比上年提高1.6分。", [("94.2", "分", "score"), ("1.6", "分", "score")]),
    ("考核满分100分，合格线60-70分。", [("100", "分", "score"), ("60", "分", "score")]),
    # 分 in times, fractions, 百分点 and 分钟 is no score; 十分 is "very"
    ("会议于9时45分开始，下午三点二十分结束。", []),
    ("全程用时2小时15分。", [("2", "小时", "duration")]),
    ("五分之四的代表参加，增长3个百分点，发言8分钟。",
     [("80", "%", "percent"), ("3", "个百分点", "point"), ("8", "分钟", "duration")]),
    ("这项工作十分重要，三分靠制度。", []),
    ("县法院设立2个分院。", [("2", "个", "count")]),
])
def test_scores(finder, sentence, expected):
    assert [(str(m.value), m.unit, m.unit_kind) for m in finder.find(sentence)] == expected


@pytest.mark.parametrize("sentence, expected", [
    ("营商环境评价提升0.5个等级。", ("0.5", "个等级", "综合")),
    ("全省排名前移4个位次。", ("4", "个位次", None)),
    ("服务质量上了两个档次。", ("2", "个档次", None)),
    ("增速回落1.2个百分点。", ("1.2", "个百分点", None)),
    ("在全市考评中跃升3个等级。", ("3", "个等级", None)),
])
def test_rank_units_after_ge(finder, sentence, expected):
    """个 + a noun of rank or level is one unit, like 个百分点."""
    (m,) = finder.find(sentence)
    assert (str(m.value), m.unit) == expected[:2]
    assert m.unit_kind in ("rank", "point")


@pytest.mark.parametrize("sentence, qualifier", [
    ("外出务工人员约占四成。", "about"),
    ("流转土地约达1200亩。", "about"),
    ("参训代表近达300人次。", "nearly"),
    ("受益群众约有2000人。", "about"),
    ("契约占比不高，签约占30%。", None),  # 约 of 契约/签约 is no qualifier
])
def test_qualifier_before_link_verb(finder, sentence, qualifier):
    found = finder.find(sentence)
    assert found and found[-1].qualifier == qualifier


@pytest.mark.parametrize("sentence, index, subject", [
    ("应出席代表48名，实到45名。", 1, "实到"),
    ("村道缺少路灯，长达900余米。", 0, "村道缺少路灯"),  # 长达 is 长 + the link 达
    ("组织代表4次开展专题视察。", 0, "组织代表"),
    ("走访企业6次，召开座谈会3次。", 0, "走访企业"),
    ("召开座谈会3次。", 0, "座谈会"),
    ("组织2个视察组深入村组。", 0, "视察组"),
    ("县人大常委会组织5个督查组开展检查。", 0, "督查组"),
    ("已全部办结，其中已解决或基本解决（含列入年度计划解决）64件。", 0, "解决或基本解决"),
    ("建成代表联络室(站)35个。", 0, "代表联络室(站)"),
])
def test_subject_classes(finder, sentence, index, subject):
    m = finder.find(sentence)[index]
    assert m.subject == subject
    assert not any(ch in m.subject for ch in "（）") or m.subject.count("(") == m.subject.count(")")


def test_aside_with_plan_is_no_norm(finder):
    """列入计划 is a status: the figure before it is a result, not a plan."""
    (m,) = finder.find("其中已解决或基本解决（含列入计划解决）71件。")
    assert not m.optional


@pytest.mark.parametrize("sentence, subject", [
    ("评价结果分为4个等级。", "等级"),
    ("按服务能力划分出3个档次。", "档次"),
])
def test_rank_nouns_counted_without_a_move(finder, sentence, subject):
    """Without a move in a ranking, 个 counts the levels themselves."""
    (m,) = finder.find(sentence)
    assert (m.unit, m.subject) == ("个", subject)


def test_score_subject_before_wei(finder):
    """平均分为 is 平均分 + 为, not the verb 分为."""
    (m,) = finder.find("参评代表平均分为88.5分。")
    assert (m.subject, str(m.value), m.unit) == ("参评代表平均分", "88.5", "分")


def test_a_place_name_that_begins_with_a_numeral_is_no_figure(finder):
    # 三门县, 九台区 are division names (the gazetteer's full names); 三门课程 is a count
    got = [(m.text, m.unit) for m in finder.find("三门县和九台区各建成联络站3个，开设三门课程。")]
    assert ("三门", "门") not in got[:1] and all("县" not in text for text, _ in got)
    assert any(unit == "个" for _, unit in got) and ("三门", "门") in got
