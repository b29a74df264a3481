"""The indicator extractor: hand-checked cases, the hand-coded list of every
quantity in the Liaocheng report, and the national reports."""

import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import indicators as ind_mod

VALIDATION = lca.paths.VALIDATION


def mini_report(tmp_path, review="", plan="", annex=""):
    text = f"各位代表：\n\n一、2023年工作回顾\n\n{review}\n\n二、2024年主要目标任务\n\n{plan}\n"
    if annex:
        text += f"\n附件1\n\n2024年重点民生实事清单\n\n{annex}\n"
    p = tmp_path / "mini.txt"
    p.write_text(text, encoding="utf-8")
    return lca.load_report(p, doc_id="mini")


def rows(report):
    out = lca.extract_indicators(report)
    return out[["quote", "value", "value_high", "unit", "measure", "kind", "qualifier", "year"]]


@pytest.fixture(scope="module")
def liaocheng_indicators(report):
    return lca.extract_indicators(report)


def test_columns_and_quotes(report, liaocheng_indicators):
    ind = liaocheng_indicators
    assert list(ind.columns[:4]) == ["doc_id", "sentence_id", "part", "section"]
    for col in ind_mod.COLUMNS:
        assert col in ind.columns
    for r in ind.itertuples():
        assert report.text[r.start : r.end] == r.quote
    assert set(ind["kind"]) <= set(ind_mod.KINDS)
    assert set(ind["measure"]) <= set(ind_mod.MEASURES)
    assert set(ind["qualifier"]) <= set(ind_mod.QUALIFIERS)


@pytest.mark.parametrize(
    "part, text, expected",
    [
        # page-break-split number: repaired by cleaning, then extracted whole
        ("review", "1000 多个项目完成投资 1050\n\n亿元。",
         [("1000多个", 1000, None, "个", "count", "achieved", "超过", "2023"),
          ("1050亿元", 1050, None, "亿元", "level", "achieved", "", "2023")]),
        ("review", "粮食总产预计超 116 亿斤，实现“二十一连丰”。",
         [("超116亿斤", 116, None, "亿斤", "level", "estimated", "超过", "2023"),
          ("二十一连丰", 21, None, "连丰", "count", "achieved", "", "2023")]),
        ("plan", "累计建成5G基站1.2万个。",
         [("1.2万个", 1.2, None, "万个", "count", "target", "", "2024")]),
        ("review", "新能源汽车出口额实现翻番。",
         [("翻番", 100, None, "%", "growth", "achieved", "", "2023")]),
        ("plan", "推动 1-2 家企业进入上市程序。",
         [("1-2家", 1, 2, "家", "count", "target", "", "2024")]),
        ("plan", "报销比例由 70% 提高至 75%。",
         [("70%", 70, None, "%", "share", "other", "", "2023"),
          ("75%", 75, None, "%", "share", "target", "", "2024")]),
        ("review", "农村人均可支配收入增幅高于城镇 2 个百分点。",
         [("2个百分点", 2, None, "个百分点", "change", "achieved", "", "2023")]),
        ("review", "规上农产品加工业营收突破千亿。",
         [("突破千亿", 1000, None, "亿元", "level", "achieved", "突破", "2023")]),
        ("review", "乖宝、金帝两家企业成功登陆A股市场。",
         [("两家", 2, None, "家", "count", "achieved", "", "2023")]),
        ("plan", "居民消费价格涨幅控制在 3% 左右，PM2.5浓度下降2%以上。",
         [("3%左右", 3, None, "%", "growth", "target", "左右", "2024"),
          ("2%以上", 2, None, "%", "growth", "target", "以上", "2024")]),
        ("plan", "重污染天气控制在6天以内。",
         [("6天以内", 6, None, "天", "count", "target", "以内", "2024")]),
        # not quantities: no number, dates, numbering, slogans, grades, names, durations
        ("review", "实际利用外资增长17%，增幅全省第一。",
         [("17%", 17, None, "%", "growth", "achieved", "", "2023")]),
        ("review", "2023年是全面贯彻党的二十大精神开局之年，“十四五”规划实施过半。", []),
        ("review", "实施“369”项目攻坚机制，深入落实市委“6293”工作思路。", []),
        ("plan", "推动东阿阿胶创建5A级景区，三家城市争创四星级智慧城市，建设二级医院。", []),
        ("plan", "实施产业振兴三年行动计划，建设5G网络，第三轮督察，首届运动会。", []),
    ],
)
def test_hand_checked_cases(tmp_path, part, text, expected):
    report = mini_report(tmp_path, **{part: text})
    got = rows(report)
    got = [tuple(None if pd.isna(v) else v for v in r) for r in got.itertuples(index=False)]
    assert got == [tuple(e) for e in expected]


# -- forms found in older national reports (the national series of notebook 05 relies on them)
@pytest.mark.parametrize("text, quote, value, high", [
    ("今年发展的主要预期目标是：国内生产总值增长6.5%－7%，居民消费价格涨幅3%左右。", "6.5%－7%", 6.5, 7.0),
    ("主要污染物排放总量减少8%至10%。", "8%至10%", 8.0, 10.0),
    ("今年经济增长速度的宏观调控目标，定为百分之八至九。", "百分之八至九", 8.0, 9.0),
    ("国民经济实现了快速增长，国民生产总值比上年增长百分之十二点八。", "百分之十二点八", 12.8, None),
    # the 1998 text spaces its digits (8 ．8 ％): cleaning leaves the full-width point
    ("去年经济增长8 ．8 ％，商品零售价格涨幅为0 ．8 ％。", "8．8%", 8.8, None),
])
def test_extractor_reads_ranges_words_and_fullwidth_points(tmp_path, text, quote, value, high):
    report = mini_report(tmp_path, review="过去一年工作。", plan=text)
    ind = lca.extract_indicators(report)
    row = ind[ind["quote"] == quote].iloc[0]
    assert row["value"] == value
    assert (pd.isna(row["value_high"]) if high is None else row["value_high"] == high)
    assert report.text[row["start"]:row["end"]] == quote


def test_annex_list_numbers_are_not_quantities(tmp_path):
    report = mini_report(tmp_path, annex="1. 新增城镇就业 4 万人以上；\n2. 新建城市书房 20 个。")
    got = rows(report)
    assert got["quote"].tolist() == ["4万人以上", "20个"]
    assert (got["kind"] == "target").all()


def test_against_hand_coded_list(report, liaocheng_indicators):
    gold = pd.read_csv(VALIDATION / "indicators_gold.csv", dtype=str, keep_default_na=False)
    s = ind_mod.score(liaocheng_indicators, report, gold)
    assert s["recall"] >= 0.97, s
    assert s["precision"] >= 0.97, s
    assert s["kind_accuracy"] >= 0.95, s
    assert s["qualifier_accuracy"] >= 0.90, s
    assert s["value_accuracy"] >= 0.98, s


def test_hand_coded_negatives_are_not_extracted(report, liaocheng_indicators):
    neg = pd.read_csv(VALIDATION / "indicators_gold_negatives.csv", dtype=str, keep_default_na=False)
    neg = neg.rename(columns={"reason": "kind"}).assign(
        value="0", unit="", measure="", qualifier="", year="", indicator="")
    m = ind_mod.match_gold(liaocheng_indicators, report, neg)
    assert m["position"].notna().mean() > 0.9  # the contexts are found in the text
    assert not m["matched"].any(), m.loc[m["matched"], ["context", "number_text", "quote_x"]]


def test_part_three_has_no_quantities(liaocheng_indicators):
    assert not (liaocheng_indicators["part"] == "三").any()


def test_national_2024_headlines(national):
    ind = lca.extract_indicators(national)
    targets = ind[ind["kind"] == "target"]

    def has(key, value, unit, qualifier, kind="target"):
        sel = ind[(ind["indicator_key"] == key) & (ind["kind"] == kind)]
        return ((sel["value"] == value) & (sel["unit"] == unit) & (sel["qualifier"] == qualifier)).any()

    assert has("gdp_growth", 5, "%", "左右")
    assert has("cpi", 3, "%", "左右")
    assert has("new_urban_jobs", 1200, "万人", "以上")
    assert has("unemployment_rate", 5.5, "%", "左右")
    assert has("grain_output", 1.3, "万亿斤", "以上")
    assert has("gdp_growth", 5.2, "%", "", kind="achieved")
    assert (targets["year"] == "2024").all()


def test_runs_on_every_corpus_report():
    for path in sorted(lca.paths.CORPUS.glob("national-*.txt")):
        report = lca.load_report(path, require_outline=False)
        ind = lca.extract_indicators(report)
        assert (ind["end"] > ind["start"]).all(), path.name
        for r in ind.itertuples():
            assert report.text[r.start : r.end] == r.quote


def test_target_ledger(report, liaocheng_indicators):
    ledger = lca.target_ledger(report, liaocheng_indicators)
    keys = ledger["indicator_key"].tolist()
    assert keys[:5] == ["gdp_growth", "fiscal_revenue_growth", "fai_growth", "services_va_growth",
                        "retail_sales_growth"]
    assert ledger["target_text"].str.contains("外贸外资").any()
    assert ledger["target_text"].str.contains("约束性指标").any()
    assert len(ledger) == 10
    gdp = ledger.iloc[0]
    assert (gdp["target_value"], gdp["qualifier"], gdp["previous_value"], gdp["previous_kind"]) == (
        5.5, "以上", 6.0, "estimated")
    cpi = ledger[ledger["indicator_key"] == "cpi"].iloc[0]
    assert cpi["previous_status"] == "not stated" and pd.isna(cpi["previous_value"])
    qualitative = ledger[~ledger["quantified"]]
    assert qualitative["target_text"].tolist() == ["外贸外资促稳提质", "各类约束性指标全面完成省定目标"]
    assert (qualitative["indicator_key"] == "other").all() and qualitative["target_value"].isna().all()
    assert (qualitative["previous_status"] == "not stated").all()
    assert (ledger["year"] == 2024).all()


def test_unknown_indicator_suggests(liaocheng_indicators):
    with pytest.raises(lca.errors.UnknownIndicatorError, match="unknown indicator 'gdp_grwth'; did you mean 'gdp_growth'"):
        ind_mod.lookup(liaocheng_indicators, "gdp_grwth")


def test_missing_columns_are_reported():
    class Fake:
        doc_id = "x"
        sentences = pd.DataFrame({"text": ["a"]})

    with pytest.raises(lca.errors.TableError, match="report.sentences is missing column"):
        lca.extract_indicators(Fake())


def test_direction_of_falls_and_size_classes(tmp_path):
    report = mini_report(tmp_path, plan="PM2.5浓度下降2%以上，政策兑现时间压缩30%，技改投资增长8%。"
                                       "每个县力争引进1-2个过50亿元、过100亿元项目，新开工过亿元项目300个。")
    ind = lca.extract_indicators(report).set_index("quote")
    assert ind.loc["2%以上", "direction"] == "down" and ind.loc["30%", "direction"] == "down"
    assert ind.loc["8%", "direction"] == "up"
    assert ind.loc["1-2个", "direction"] == ""
    assert (ind.loc[["过50亿元", "过100亿元", "过亿元"], "kind"] == "other").all()
    assert ind.loc["300个", "kind"] == "target"


def test_a_change_stated_as_a_pair_of_numbers(tmp_path):
    # "从/由 A …到/至 B": B is A's indicator at the later date, never at A's year
    report = mini_report(tmp_path, review="人均预期寿命从2020年的82.4岁提升至83.9岁。"
                                          "铁路营运里程由65969公里增加到71500公里。",
                         plan="城乡居民二级医院住院报销比例从70%提高至75%。")
    ind = lca.extract_indicators(report).set_index("quote")
    assert (ind.loc[["82.4岁", "83.9岁"], "indicator"] == "人均预期寿命").all()
    assert ind.loc["82.4岁", "year"] == "2020" and ind.loc["83.9岁", "year"] == "2023"
    assert ind.loc["83.9岁", "kind"] == "achieved"
    # a start of unstated date is not the reviewed year's result
    assert ind.loc["65969公里", "kind"] == "other" and pd.isna(ind.loc["65969公里", "year"])
    assert ind.loc["71500公里", ["indicator", "year", "kind"]].tolist() == ["铁路营运里程", "2023",
                                                                         "achieved"]
    assert ind.loc["70%", "kind"] == "other"
    assert ind.loc["75%", ["indicator", "kind"]].tolist() == ["城乡居民二级医院住院报销比例", "target"]
