"""Growth-target realism: the national series against values read by hand in
the reports, the external-figure loaders and their errors, and every measure on
a small case worked out by hand."""

import math

import numpy as np
import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import realism
from lcanalysis.errors import TableError

HEADER = "region,level,year,indicator,kind,value,unit,qualifier,source,note\n"


def national(year):
    return lca.load_report(lca.paths.corpus_file(f"national-{year}"), doc_id=f"national-{year}",
                           require_outline=False)


def mini_report(tmp_path, review, plan, name="mini-2024"):
    text = f"各位代表：\n\n一、2023年工作回顾\n\n{review}\n\n二、2024年主要目标任务\n\n{plan}\n"
    p = tmp_path / f"{name}.txt"
    p.write_text(text, encoding="utf-8")
    return lca.load_report(p, doc_id=name)


# -- the national series, checked against the texts read by hand ------------------------------
# (report year, target, upper end, qualifier, quote, previous-year growth, its quote)
HAND_READ = [
    (1992, 6.0, None, "", "百分之六", 7.0, "百分之七"),            # 国民生产总值增长百分之六; 1991 …增长百分之七
    (1995, 8.0, 9.0, "区间", "百分之八至九", 11.8, "百分之十一点八"),  # 宏观调控目标，定为百分之八至九
    (1997, 8.0, None, "", "8%", 9.7, "9.7%"),                  # 经济增长速度的调控目标定为８％
    (1998, 8.0, None, "", "8%", 8.8, "8．8%"),                 # 去年经济增长8 ．8 ％ (spaced in the source)
    (1999, 7.0, None, "左右", "7%左右", 7.8, "7.8%"),
    (2005, 8.0, None, "左右", "8%左右", 9.5, "9.5%"),
    (2011, 8.0, None, "左右", "8%左右", 10.3, "10.3%"),        # 2010 growth stated in part 三 after 过去一年
    (2013, 7.5, None, "左右", "7.5%左右", 7.8, "7.8%"),        # review sentence mentions 年初确定的主要目标
    (2016, 6.5, 7.0, "区间", "6.5%－7%", 6.9, "6.9%"),
    (2019, 6.0, 6.5, "区间", "6%－6.5%", 6.6, "6.6%"),
    (2020, None, None, "", None, 6.1, "6.1%"),                 # 2020 set no GDP target
    (2021, 6.0, None, "以上", "6%以上", 2.3, "2.3%"),          # review says 经济恢复好于预期
    (2024, 5.0, None, "左右", "5%左右", 5.2, "5.2%"),
    (2025, 5.0, None, "左右", "5%左右", 5.0, "5%"),
    (2002, None, None, "", None, 7.3, "7.3%"),                 # the corpus text states no 2002 target
    (2008, 8.0, None, "左右", "8%左右", None, None),            # 2007 only as a five-year average
]


@pytest.mark.parametrize("year, target, high, qual, quote, prev, prev_quote", HAND_READ)
def test_select_headline_matches_the_texts(year, target, high, qual, quote, prev, prev_quote):
    report = national(year)
    sel = realism.select_headline(report).set_index("role")
    sentences = report.sentences.set_index("sentence_id")["text"]
    t, p = sel.loc["target"], sel.loc["previous"]
    assert t["year"] == year and p["year"] == year - 1
    for row, value, q in ((t, target, quote), (p, prev, prev_quote)):
        if value is None:
            assert pd.isna(row["value"]) and row["note"].startswith("not stated")
        else:
            assert row["value"] == value and row["quote"] == q
            assert q in sentences[int(row["sentence_id"])]
    if target is not None:
        assert (pd.isna(t["value_high"]) if high is None else t["value_high"] == high)
        assert t["qualifier"] == qual


def test_national_series_keeps_missing_reports():
    s = realism.national_series(1995, 1997, keys=("gdp_growth", "cpi"))
    gap = s[s["report_year"] == 1996]
    assert len(gap) == 3  # GDP target, GDP previous, CPI target
    assert gap["value"].isna().all()
    assert (gap["note"] == "not available: no national report for 1996 in data/corpus").all()


@pytest.mark.parametrize("year, value, qual", [(2024, 3.0, "左右"), (2007, 3.0, "以内"), (2020, 3.5, "左右")])
def test_cpi_target_from_the_list_of_main_targets(year, value, qual):
    sel = realism.select_headline(national(year), key="cpi")
    assert list(sel["role"]) == ["target"]
    assert sel["value"].iloc[0] == value and sel["qualifier"].iloc[0] == qual


def test_retail_price_target_is_not_cpi():
    sel = realism.select_headline(national(1992), key="cpi")  # 零售物价上涨幅度控制在百分之六以内
    assert pd.isna(sel["value"].iloc[0])


def test_selection_rules_on_a_synthetic_report(tmp_path):
    report = mini_report(
        tmp_path,
        "五年来，国内生产总值年均增长6%。全年国内生产总值增长5.2%，消费对经济增长的贡献率达到60%。",
        "今年发展主要预期目标是：国内生产总值增长5%左右；\n\n城镇新增就业1200万人以上，居民消费价格涨幅3%左右。")
    sel = realism.select_headline(report, report_year=2024).set_index("role")
    assert sel.at["target", "value"] == 5.0 and sel.at["target", "qualifier"] == "左右"
    assert sel.at["previous", "value"] == 5.2  # not the five-year average, not the contribution share
    jobs = realism.select_headline(report, key="new_urban_jobs", report_year=2024)
    assert jobs["value"].iloc[0] == 1200.0 and jobs["qualifier"].iloc[0] == "以上"


# -- external figures ---------------------------------------------------------------------
def test_sourced_figures_load_with_ranges_and_flags():
    src = realism.load_sourced_figures()
    assert len(src) == 85
    assert list(src.columns) == realism.GROWTH_COLUMNS
    r = src[(src["region"] == "山东") & (src["year"] == "2016") & (src["kind"] == "target")].iloc[0]
    assert (r["value"], r["value_high"], r["qualifier"]) == (7.5, 8.0, "区间")
    unusable = src[~src["usable"]]
    assert set(zip(unusable["region"], unusable["year"], unusable["value"])) == {("山东", "2022", 5.4),
                                                                               ("山东", "2017", 5.7)}
    assert src["origin"].iloc[0] == "data/external/sourced_figures.csv#2"


def test_user_template_is_empty_by_default():
    assert len(realism.load_user_figures()) == 0


def test_user_figures_skip_comments_and_parse(tmp_path):
    p = tmp_path / "user.csv"
    p.write_text(HEADER + "# a comment, not data\n"
                 "聊城,city,2024,fai_growth,actual,6.5-7,%,,a test document p. 3,made-up test row\n",
                 encoding="utf-8")
    u = realism.load_user_figures(p)
    assert len(u) == 1
    assert (u["value"].iloc[0], u["value_high"].iloc[0], u["qualifier"].iloc[0]) == (6.5, 7.0, "区间")
    assert u["origin"].iloc[0].endswith("user.csv#3")


@pytest.mark.parametrize("row, message", [
    ("聊城,city,2024,gdp_growth,actual,5.9,%,,,no source here",
     "user.csv line 2 (聊城 2024 gdp_growth) has no source — every figure needs the document it was read from"),
    ("聊城,city,2024,gdp_growth,final,5.9,%,,a bulletin,",
     "user.csv line 2 (聊城 2024 gdp_growth): kind 'final' is not one of target, preliminary, actual, revised"),
    ("聊城,city,2024,gdp_growth,actual,about 6,%,,a bulletin,",
     "user.csv line 2 (聊城 2024 gdp_growth): value 'about 6' is not a number or a range like 6.5-7"),
    ("聊城,city,,gdp_growth,actual,5.9,%,,a bulletin,", "user.csv line 2 (聊城  gdp_growth): year is empty"),
])
def test_bad_user_rows_are_specific_errors(tmp_path, row, message):
    p = tmp_path / "user.csv"
    p.write_text(HEADER + row + "\n", encoding="utf-8")
    with pytest.raises(TableError) as err:
        realism.load_user_figures(p)
    assert message in str(err.value)


def test_user_file_missing_a_column(tmp_path):
    p = tmp_path / "user.csv"
    p.write_text("region,year,value\n聊城,2024,5\n", encoding="utf-8")
    with pytest.raises(TableError, match="missing column"):
        realism.load_user_figures(p)


# -- measures on hand-computed cases ------------------------------------------------------
@pytest.mark.parametrize("outturn, target, high, qual, tol, met", [
    (7.8, 8.0, np.nan, "", 0.0, False),
    (7.8, 8.0, np.nan, "", 0.5, True),       # 8 − 0.5 = 7.5 ≤ 7.8
    (7.4, 7.5, np.nan, "左右", 0.0, False),
    (7.0, 7.5, np.nan, "左右", 0.5, True),   # exactly at the tolerance edge
    (5.4, 5.5, np.nan, "以上", 0.5, False),  # a floor takes no tolerance
    (6.7, 6.5, 7.0, "区间", 0.0, True),
    (6.4, 6.5, 7.0, "区间", 0.5, False),
    (3.2, 3.0, np.nan, "以内", 0.0, False),  # a ceiling
    (5.0, 5.0, np.nan, "左右", 0.0, True),
    (np.nan, 5.0, np.nan, "", 0.0, None),
])
def test_target_met(outturn, target, high, qual, tol, met):
    assert realism.target_met(outturn, target, target_high=high, qualifier=qual, tolerance=tol) is met


# -- target semantics: every kind, from the wording and the indicator ----------------------
@pytest.mark.parametrize("qual, indicator, wording, high, kind", [
    ("以上", "gdp_growth", "地区生产总值增长5.5%以上", np.nan, "floor"),
    ("", "grain_output", "粮食产量稳定在110亿斤以上", np.nan, "floor"),
    ("", "energy_use", "单位地区生产总值能耗下降3%", np.nan, "floor"),          # a decline of at least 3
    ("左右", "cpi", "居民消费价格涨幅控制在3%左右", np.nan, "ceiling"),
    ("左右", "cpi", "", np.nan, "ceiling"),                                       # CPI is capped
    ("左右", "surveyed_unemployment_rate", "城镇调查失业率5.5%左右", np.nan, "ceiling"),
    ("以内", "cpi", "", np.nan, "ceiling"),
    ("以下", "unemployment", "", np.nan, "ceiling"),
    ("", "deficit_ratio", "赤字率拟按3%安排", np.nan, "ceiling"),
    ("", "other", "不超过3%", np.nan, "ceiling"),
    ("区间", "gdp_growth", "6.5%－7%", 7.0, "band"),
    ("", "gdp_growth", "", 7.0, "band"),                                           # a range end makes a band
    ("左右", "gdp_growth", "国内生产总值增长5%左右", np.nan, "point"),
    ("", "fiscal_revenue_growth", "一般公共预算收入增长5.5%", np.nan, "point"),
])
def test_target_semantics(qual, indicator, wording, high, kind):
    assert realism.target_semantics(qual, indicator, wording=wording, value_high=high) == kind


def test_unknown_qualifier_and_reading_are_named():
    with pytest.raises(ValueError, match="unknown qualifier '约'; use one of"):
        realism.target_semantics("约", "gdp_growth")
    with pytest.raises(ValueError, match="unknown reading 'loose'; use one of floor, symmetric"):
        realism.target_met(5.0, 5.0, reading="loose")


@pytest.mark.parametrize("outturn, target, high, sem, reading, tol, met", [
    (0.2, 3.0, np.nan, "ceiling", "floor", 0.5, True),      # inflation far below its cap: met
    (3.4, 3.0, np.nan, "ceiling", "floor", 0.5, False),     # above the cap: missed, no tolerance
    (3.0, 3.0, np.nan, "ceiling", "floor", 0.0, True),
    (6.6, 6.0, 6.5, "ceiling", "floor", 0.0, False),        # a ceiling range binds at its upper end
    (5.4, 5.5, np.nan, "floor", "symmetric", 0.5, False),
    (9.0, 5.5, np.nan, "floor", "symmetric", 0.5, True),    # a floor has no upper limit
    (7.4, 6.5, 7.0, "band", "floor", 0.0, True),            # above a band: the lower end binds
    (7.4, 6.5, 7.0, "band", "symmetric", 0.0, False),       # ...but it is outside the band
    (6.7, 6.5, 7.0, "band", "symmetric", 0.0, True),
    (6.0, 5.0, np.nan, "point", "floor", 0.5, True),
    (6.0, 5.0, np.nan, "point", "symmetric", 0.5, False),   # 1 pp above "about 5"
    (4.6, 5.0, np.nan, "point", "symmetric", 0.5, True),
])
def test_target_met_by_semantics(outturn, target, high, sem, reading, tol, met):
    assert realism.target_met(outturn, target, target_high=high, semantics=sem, reading=reading,
                              tolerance=tol) is met


def growth_table(rows):
    """A minimal growth_targets-shaped table: (region, year, kind, value, value_high, qualifier)."""
    df = pd.DataFrame(rows, columns=["region", "year", "kind", "value", "value_high", "qualifier"])
    df = df.assign(level=df["region"].map({"全国": "nation", "山东": "province"}).fillna("city"),
                   indicator="gdp_growth", unit="%", source="test", doc_id=pd.NA, sentence_id=pd.NA,
                   quote=pd.NA, origin=[f"test#{i}" for i in range(len(df))], usable=True, note="")
    df["year"] = df["year"].astype(str)
    df["semantics"] = [realism.target_semantics(q, "gdp_growth", value_high=h) if k == "target" else ""
                       for k, q, h in zip(df["kind"], df["qualifier"], df["value_high"])]
    return realism._growth_typed(df[realism.GROWTH_COLUMNS])


TOY = growth_table([
    ("全国", 2010, "target", 8.0, np.nan, "左右"), ("全国", 2010, "preliminary", 10.0, np.nan, ""),
    ("全国", 2011, "target", 8.0, np.nan, "左右"), ("全国", 2011, "preliminary", 7.6, np.nan, ""),
    ("全国", 2012, "target", 7.5, 8.0, "区间"), ("全国", 2012, "preliminary", 7.0, np.nan, ""),
    ("全国", 2013, "preliminary", 7.7, np.nan, ""),                 # no target
    ("全国", 2014, "target", 7.0, np.nan, "以上"), ("全国", 2014, "preliminary", 7.0, np.nan, ""),
    ("全国", 2014, "revised", 6.0, np.nan, ""),                       # not used: first reported counts
    ("山东", 2014, "target", 8.0, np.nan, "以上"), ("山东", 2014, "preliminary", 8.4, np.nan, ""),
    ("聊城", 2014, "target", 8.5, np.nan, "以上"), ("潍坊", 2014, "target", 9.0, np.nan, "左右"),
    ("聊城", 2013, "preliminary", 8.9, np.nan, ""), ("山东", 2013, "actual", 8.3, np.nan, ""),
])


def test_track_record_and_summary_by_hand():
    rec = realism.track_record(TOY, "全国", tolerance=0.5)
    assert list(rec["year"]) == [2010, 2011, 2012, 2013, 2014]
    assert list(rec["gap"].round(3).fillna(99)) == [2.0, -0.4, -0.5, 99, 0.0]
    assert list(rec["status"]) == ["met", "met within tolerance", "missed", "no target", "met"]
    s = realism.track_summary(rec, split=2012).set_index("period")
    assert s.at["all", "n"] == 4 and s.at["all", "met_strict"] == 2 and s.at["all", "met_tolerance"] == 3
    assert s.at["all", "mean_gap"] == pytest.approx((2.0 - 0.4 - 0.5 + 0.0) / 4)
    assert s.at["all", "median_gap"] == pytest.approx(-0.2)
    assert s.at["before 2012", "hit_rate_strict"] == 0.5 and s.at["2012 and after", "n"] == 2
    # symmetric reading (tolerance 0.5): 2010 overshoots 8左右 by 2 pp, 2012 falls below its band
    assert s.at["all", "met_symmetric"] == 2
    assert list(rec["met_symmetric"].astype(object).fillna("-")) == [False, True, False, "-", True]
    sens = realism.tolerance_sensitivity(TOY, ("全国",), tolerances=(0.0, 0.5))
    assert list(sens.loc[sens["reading"] == "floor", "met"]) == [2, 3]
    assert list(sens.loc[sens["reading"] == "symmetric", "met"]) == [1, 2]  # 2014; 2011 and 2014


def test_target_points_use_range_midpoints():
    rec = realism.track_record(TOY, "全国")
    assert realism.target_points(rec).to_dict() == {2010: 8.0, 2011: 8.0, 2012: 7.75, 2014: 7.0}


def test_escalation_by_hand():
    esc = realism.escalation(TOY.assign(usable=True), 2014)
    assert list(esc["region"]) == ["全国", "山东", "聊城", "潍坊"]
    assert list(esc["above_nation"]) == [0.0, 1.0, 1.5, 2.0]
    assert list(esc["above_province"]) == [-1.0, 0.0, 0.5, 1.0]


def test_premiums_by_hand():
    p = realism.premiums(TOY, 2013).set_index("region")
    assert p.at["聊城", "premium"] == pytest.approx(1.2)  # 8.9 − 7.7
    assert p.at["山东", "premium"] == pytest.approx(0.6) and p.at["山东", "kind"] == "actual"


def test_ledger_analysis_by_hand():
    ledger = pd.DataFrame({
        "indicator_key": ["gdp_growth", "fiscal_revenue_growth", "retail_sales_growth", "cpi", "grain_output"],
        "target_value": [5.5, 5.5, 6.0, 3.0, 110.0], "qualifier": ["以上", "", "", "左右", "以上"],
        "unit": ["%", "%", "%", "%", "亿斤"], "previous_value": [6.0, 6.1, 8.0, np.nan, 116.0],
        "previous_kind": ["estimated", "achieved", "achieved", pd.NA, "estimated"]})
    la = realism.ledger_analysis(ledger).set_index("indicator_key")
    assert la.at["gdp_growth", "change"] == -0.5 and la.at["gdp_growth", "direction"] == "slower"
    assert la.at["fiscal_revenue_growth", "nominal_benchmark"] == 8.5   # 5.5 + 3
    assert la.at["fiscal_revenue_growth", "vs_benchmark"] == -3.0
    assert la.at["retail_sales_growth", "vs_benchmark"] == -2.5
    assert la.at["cpi", "direction"] == "no previous figure"
    assert la.at["grain_output", "change"] == -6.0 and pd.isna(la.at["grain_output", "nominal_benchmark"])


# -- forecasting ----------------------------------------------------------------------------
SERIES = pd.Series([1.0, 3.0, 2.0, 4.0, 3.0, 5.0], index=range(2000, 2006))


def test_backtest_naive_models_by_hand():
    bt = realism.backtest(SERIES, first_test=2003, last_test=2005, min_train=3,
                          models=("random_walk", "mean"), targets=pd.Series({2003: 3.0, 2005: 4.0}))
    rw = bt[bt["model"] == "random_walk"]
    assert list(rw["forecast"]) == [2.0, 4.0, 3.0] and list(rw["error"]) == [2.0, -1.0, 2.0]
    mean = bt[bt["model"] == "mean"]
    assert list(mean["forecast"].round(6)) == [2.0, 2.5, 2.6]
    scores = realism.backtest_scores(bt).set_index("model")
    assert scores.at["random_walk", "mae"] == round(5 / 3, 3)
    assert scores.at["random_walk", "rmse"] == round(math.sqrt(3), 3)
    assert scores.at["mean", "rmse"] == round(math.sqrt((4 + 0.25 + 5.76) / 3), 3)
    assert scores.at["target", "n"] == 2 and scores.at["target", "mae"] == 1.0  # |4−3|, |5−4|
    assert scores.at["mean", "n_common"] == 2 and scores.at["mean", "mae_common"] == round((2 + 2.4) / 2, 3)


def test_backtest_refuses_gaps():
    gappy = SERIES.copy()
    gappy.loc[2001] = np.nan
    with pytest.raises(ValueError, match="gaps"):
        realism.backtest(gappy, first_test=2004, last_test=2005, min_train=3, models=("mean",))


def test_contiguous_run():
    s = pd.Series([1.0, np.nan, 3.0, 4.0, 5.0], index=range(2000, 2005))
    assert list(realism.contiguous_run(s, 2004).index) == [2002, 2003, 2004]
    with pytest.raises(ValueError, match="no value for 2001"):
        realism.contiguous_run(s, 2001)


def test_forecast_models_fit_without_warnings_and_intervals_nest():
    run = pd.Series([9.0, 8.7, 10.3, 9.2, 7.8, 7.7, 7.4, 6.9, 6.7, 6.9, 6.6, 6.1],
                    index=range(2008, 2020))
    fc = realism.forecast(run, 2020)  # pytest turns any statsmodels warning into an error
    assert list(fc["model"]) == list(realism.MODELS)
    assert (fc["lo95"] < fc["lo80"]).all() and (fc["lo80"] < fc["mean"]).all()
    assert (fc["mean"] < fc["hi80"]).all() and (fc["hi80"] < fc["hi95"]).all()
    rw = fc.set_index("model").loc["random_walk"]
    assert rw["mean"] == 6.1
    d = np.diff(run.to_numpy())
    assert rw["se"] == round(float(np.sqrt(np.mean(d**2))), 3)


def test_probabilities_by_hand():
    assert realism.prob_at_least(5.0, 1.0, 5.0) == pytest.approx(0.5)
    assert realism.prob_at_least(5.0, 1.0, 3.04) == pytest.approx(0.975, abs=1e-3)
    fc = pd.DataFrame({"model": ["m"], "mean": [5.0], "se": [1.0]})
    bt = pd.DataFrame({"model": ["m"] * 4, "error": [-1.0, -0.2, 0.3, 1.0]})
    p = realism.reach_probabilities(fc, {"city": 5.5}, {"city": (0.0, 0.5)}, bt=bt)
    assert list(p["national_needed"]) == [5.5, 5.0]
    assert list(p["probability"]) == [round(1 - 0.6914624612740131, 3), 0.5]
    # 5 + errors = 4, 4.8, 5.3, 6: ≥ 5.5 in 1 of 4, ≥ 5 in 2 of 4
    assert list(p["probability_empirical"]) == [0.25, 0.5]


def test_target_as_forecast_uses_the_empirical_errors():
    errors = pd.Series([0.3, -0.4, 0.1, 2.0], index=[2001, 2002, 2003, 2004])
    t = realism.target_as_forecast(errors, 5.0, 5.5, (0.0, 0.5)).set_index("premium")
    assert t.at[0.0, "probability"] == 0.25   # 5 + e ≥ 5.5 only for e = 2.0
    assert t.at[0.5, "probability"] == 0.75   # 5 + e ≥ 5.0 for 0.3, 0.1, 2.0
    assert t.at[0.0, "n_errors"] == 4


def test_target_errors_use_range_midpoints():
    rec = realism.track_record(TOY, "全国")
    assert realism.target_errors(rec).to_dict() == {2010: 2.0, 2011: -0.4, 2012: -0.75, 2014: 0.0}
    assert list(realism.target_errors(rec, since=2012).index) == [2012, 2014]


def test_backtest_scores_coverage_bias_and_support():
    bt = pd.DataFrame({"year": [1, 2, 3, 4] * 2, "model": ["a"] * 4 + ["random_walk"] * 4,
                       "forecast": [1.0] * 8, "actual": [0.0, 2.0, 1.5, 0.5, -3.0, -3.0, -3.0, -3.0],
                       "lo80": [0.8] * 8, "hi80": [1.6] * 8, "lo95": [-1.0] * 8, "hi95": [3.0] * 8})
    bt["error"] = bt["actual"] - bt["forecast"]
    sc = realism.backtest_scores(bt).set_index("model")
    assert sc.at["a", "coverage80"] == 0.25 and sc.at["a", "coverage95"] == 1.0   # 1.5 inside 0.8–1.6
    assert sc.at["random_walk", "over_forecasts"] == 4 and sc.at["random_walk", "bias"] == -4.0
    assert sc.at["random_walk", "sign_p"] == 0.125                                # 2 × 0.5^4
    sup = realism.supported_models(sc.reset_index(), min_coverage80=0.2, min_sign_p=0.2).set_index("model")
    assert bool(sup.at["a", "supported"]) and not bool(sup.at["random_walk", "unbiased"])
    with pytest.raises(ValueError, match="benchmark 'naive' is not in the back-test"):
        realism.supported_models(sc.reset_index(), benchmark="naive")


def test_combine_and_curve_by_hand():
    fc = pd.DataFrame({"model": ["m", "n"], "mean": [5.0, 6.0], "se": [1.0, 1.0]})
    c = realism.combine(fc, 5.5, [0.0, 0.5]).set_index("model")
    assert c.at["m", "probability"] == round((0.3085375 + 0.5) / 2, 3)
    assert c.at["n", "lowest"] == round(1 - 0.3085375, 3) and c.at["n", "highest"] == round(1 - 0.1586553, 3)  # P(N(6,1) ≥ 5)
    assert c.at["combination", "probability"] == round((c.at["m", "probability"] + c.at["n", "probability"]) / 2, 3)
    curve = realism.premium_curve(fc, 5.5, [0.5])
    assert list(curve["probability"]) == [0.5, 0.8413, 0.6707]
    with pytest.raises(ValueError, match="supports none of the models"):
        realism.combine(fc, 5.5, 0.0, models=[])


@pytest.mark.parametrize("source, published, latest", [
    ("http://en.people.cn/n3/2024/0124/c90000-20126073.html", "2024-01-24", "2024-01-24"),
    ("http://weifang.dzwww.com/zmsp/202401/t20240126_13575489.htm (大众网 2024-01-17)", "2024-01-17", "2024-01-17"),
    ("http://tv.lcxw.cn/html/ilc/3154.html (聊城新闻网, press conf. 11-19, 2020)", "2020-11-19", "2020-11-19"),
    ("http://www.linyi.gov.cn/info/4971/390620.htm (临沂日报 via linyi.gov.cn, 2025-01)", None, "2025-01-31"),
    ("https://qzwfgc.com/products4/1127.html (copy of 2025 Qingdao work report)", None, "2025-12-31"),
    ("https://shandong-chorography.org/database/d00/section/12/article/610/ (山东年鉴 聊城市概况)", None, None),
])
def test_source_dates(source, published, latest):
    p, lt, _ = realism.source_date(source)
    assert (p.isoformat() if p else None, lt.isoformat() if lt else None) == (published, latest)


def test_information_set_excludes_what_came_after_the_report(growth):
    info = realism.information_set(growth).set_index(["region", "year", "indicator", "kind", "origin"])
    nat = info.xs(("全国", "gdp_growth"), level=("region", "indicator"))
    assert not nat.xs(("2023", "preliminary"), level=("year", "kind"))["ex_ante"].any()   # 2024 report
    assert not nat.xs(("2024", "target"), level=("year", "kind"))["ex_ante"].any()
    assert nat.xs(("2022", "preliminary"), level=("year", "kind"))["ex_ante"].all()       # 2023 report
    lc = info.xs("聊城", level="region")
    assert not lc[lc["doc_id"] == "liaocheng-2024"]["ex_ante"].any()   # the report's own day is not before it


def test_premium_evidence_and_gap_errors(growth):
    ev = realism.premium_evidence(realism.information_set(growth))
    r = ev[(ev["region"] == "山东") & (ev["year"] == 2023)].iloc[0]
    assert r["gap"] == pytest.approx(0.8) and not r["ex_ante"]   # 6.0 − 5.2; national 2023 came later
    with pytest.raises(TableError, match="missing column"):
        realism.regional_gaps(pd.DataFrame({"region": ["x"], "growth": [5.0]}))
    with pytest.raises(TableError, match=r"row \(x 2024\) has no source"):
        realism.regional_gaps(pd.DataFrame({"region": ["x"], "year": [2024], "growth": [5.0],
                                            "national_growth": [5.0], "source": [""]}))


def test_simulation_is_reproducible_and_sane():
    fc = pd.DataFrame({"model": ["m"], "mean": [5.0], "se": [1e-6]})
    a = realism.simulate_city(fc, threshold=5.5, premium_low=0.0, premium_high=1.0, n=10_000, seed=1)
    b = realism.simulate_city(fc, threshold=5.5, premium_low=0.0, premium_high=1.0, n=10_000, seed=1)
    pd.testing.assert_frame_equal(a, b)
    assert a["probability"].iloc[0] == pytest.approx(0.5, abs=0.02)  # P(U(0,1) ≥ 0.5)
    with pytest.raises(ValueError, match="below premium_low"):
        realism.simulate_city(fc, threshold=5.5, premium_low=1.0, premium_high=0.0)


# -- the assembled table on the package's own data ------------------------------------------
@pytest.fixture(scope="module")
def growth(report):
    ledger = lca.target_ledger(report)
    series = realism.national_series(2022, 2025, keys=("gdp_growth", "cpi"))
    return realism.growth_targets(series, ledger, report, realism.load_sourced_figures(),
                                  realism.load_user_figures())


def test_growth_targets_shape_and_order(growth):
    assert list(growth.columns) == realism.GROWTH_COLUMNS
    assert list(dict.fromkeys(growth["region"]))[:3] == ["全国", "山东", "聊城"]
    assert not growth.duplicated(["region", "year", "indicator", "kind", "origin"]).any()
    text = growth[growth["origin"] == "report text"]
    assert text.loc[text["value"].notna(), "sentence_id"].notna().all()
    assert set(growth["kind"]) <= set(realism.KINDS)


def test_ex_post_liaocheng(growth):
    card = realism.ex_post(growth, "聊城", 2024).set_index("indicator")
    assert card.at["grain_output", "outturn"] == 117.79 and card.at["grain_output", "status"] == "met"
    assert card.at["gdp_growth", "status"] == "not available"
    assert card.at["gdp_growth", "status_note"] == "not available in the package's sources"
    assert pd.isna(card.at["gdp_growth", "outturn"])
    assert list(card.index[:2]) == ["gdp_growth", "fiscal_revenue_growth"]  # the ledger's order
    nat = realism.ex_post(growth, "全国", 2024).set_index("indicator")
    assert nat.at["gdp_growth", "outturn"] == 5.0 and nat.at["gdp_growth", "outturn_source"] == "national-2025 s9"


def test_a_user_figure_fills_a_gap(report, tmp_path):
    p = tmp_path / "user.csv"
    p.write_text(HEADER + "聊城,city,2024,gdp_growth,actual,5.0,%,,a test document (made up),test only\n",
                 encoding="utf-8")
    ledger = lca.target_ledger(report)
    series = realism.national_series(2024, 2024)
    g = realism.growth_targets(series, ledger, report, realism.load_sourced_figures(),
                               realism.load_user_figures(p))
    rows = g[(g["region"] == "聊城") & (g["indicator"] == "gdp_growth") & (g["year"] == "2024")]
    assert "gap" not in set(rows["origin"])
    card = realism.ex_post(g, "聊城", 2024, tolerance=0.5).set_index("indicator")
    assert card.at["gdp_growth", "status"] == "missed"  # 5.0 < 5.5以上: a floor takes no tolerance


@pytest.mark.parametrize("cpi, status", [("0.2", "met"), ("3.4", "missed")])
def test_a_user_cpi_figure_is_judged_against_a_ceiling(report, tmp_path, cpi, status):
    """The end-to-end case of issue 13: a Liaocheng 2024 CPI outturn in a copy of
    user_figures.csv, through the notebook's calls, to the scorecard."""
    p = tmp_path / "user_figures.csv"
    p.write_text(HEADER + f"聊城,city,2024,cpi,actual,{cpi},%,,a test document (made up),test only\n",
                 encoding="utf-8")
    ledger = lca.target_ledger(report)
    la = realism.ledger_analysis(ledger).set_index("indicator_key")
    assert la.at["cpi", "semantics"] == "ceiling" and la.at["gdp_growth", "semantics"] == "floor"
    g = realism.growth_targets(realism.national_series(2023, 2025), ledger, report,
                               realism.load_sourced_figures(), realism.load_user_figures(p))
    card = realism.ex_post(g, "聊城", 2024, tolerance=0.5)
    assert set(card["status"]) <= set(realism.STATUSES)
    row = card.set_index("indicator").loc["cpi"]
    assert row["semantics"] == "ceiling" and row["outturn"] == float(cpi)
    assert row["status"] == status


# -- figures -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_figures_draw_in_both_languages(growth, lang):
    import matplotlib.pyplot as plt

    from lcanalysis import plotting

    plt.close("all")  # figures other tests left open would trip matplotlib's 20-figure warning
    rec = realism.track_record(TOY, "全国")
    fc = realism.forecast(SERIES, 2006, models=("random_walk", "mean"))
    curve = realism.premium_curve(fc, 5.5, [0.0, 1.0])
    with plotting.style():
        figs = [plotting.target_history(rec, realism.track_record(TOY, "山东"), lang=lang),
                plotting.escalation_chart(realism.escalation(TOY, 2014), lang=lang),
                plotting.forecast_fan(SERIES, fc, model="mean", target=4.0, outturn=4.5, lang=lang),
                plotting.premium_curve(curve, [0.5, 1.0], threshold=5.5, hindsight=[0.8], lang=lang)]
        for fig in figs:
            fig.canvas.draw()
            assert fig.axes
            plt.close(fig)
    table = plotting.scorecard_table(realism.ex_post(growth, "聊城", 2024), lang=lang)
    assert list(table.columns)[0] == ("指标" if lang == "zh" else lca.glossary.label("指标", "en"))
    assert len(table) == len(realism.ex_post(growth, "聊城", 2024))
