"""The corpus and indicator layers on the genre, not on one document.

Development set: ten provincial 2026 reports exactly as scraped from web pages
(data/corpus/provinces-2026/) against an independent hand-coded reference
(data/validation/provinces-2026/), asserted report by report.  Then the layouts
the rules must handle that the ten do not show, built here from their text:
a traditional-character copy (OpenCC), an HTML page, unnumbered top-level
headings, an annex list numbered 一、…, endnote and glossary lists, a title
repeated after the end, and layouts the rules do not know (a warning, never a
silently wrong outline or ledger).
"""

import re
import warnings

import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import errors

DEV = lca.paths.CORPUS / "provinces-2026"
REF = lca.paths.VALIDATION / "provinces-2026"
PROVINCES = sorted(p.stem.split("-")[0] for p in DEV.glob("*.txt"))
CHROME = re.compile(r"^(?:下载|打印|全屏|收藏|分享:?|加大|还原|减小|】|【字号：?|首页|>)$|^(?:来源|时间)：|相关报道|扫一扫|记者.{0,8}摄")


@pytest.fixture(scope="module")
def reports():
    return {p: lca.load_report(DEV / f"{p}-2026.txt") for p in PROVINCES}


@pytest.fixture(scope="module")
def targets():
    return pd.read_csv(REF / "targets.csv", dtype={"value": float, "value_high": float},
                       keep_default_na=False, na_values={"value": [""], "value_high": [""]})


def test_the_development_set_is_all_here():
    assert len(PROVINCES) == 10


@pytest.mark.parametrize("province", PROVINCES)
def test_outline_matches_the_reference(reports, province):
    ref = pd.read_csv(REF / "outline.csv").query("province == @province")
    parts = reports[province].parts()
    parts = parts[parts["kind"] == "part"]
    assert parts["part_title"].tolist() == ref["part_title"].tolist()
    assert parts["n_sections"].tolist() == ref["n_sections"].tolist()
    assert parts["part"].tolist() == ref["part"].fillna("").tolist()


@pytest.mark.parametrize("province", PROVINCES)
def test_no_web_chrome_reaches_the_sentences(reports, province):
    r = reports[province]
    leaked = [t for t in r.sentences["text"] if CHROME.search(t)]
    assert leaked == []
    chrome = r.corrections[r.corrections["step"] == "strip_web_chrome"]
    assert len(chrome) >= 5
    for row in chrome.itertuples():  # every removal is logged at its place in the raw file
        assert r.raw[row.raw_start : row.raw_end] == row.before


@pytest.mark.parametrize("province", PROVINCES)
def test_ledger_matches_the_reference(reports, targets, province):
    ref = targets[(targets["province"] == province) & (targets["order"] > 0)].reset_index(drop=True)
    ledger = lca.target_ledger(reports[province])
    got = ledger[["indicator_key", "target_value", "target_value_high", "qualifier"]].astype(object)
    got = got.where(got.notna(), None).values.tolist()
    want = ref[["indicator_key", "value", "value_high", "qualifier"]].astype(object)
    want = want.where(want.notna(), None).values.tolist()
    assert got == want
    assert ledger["quantified"].tolist() == (ref["quantified"] == "yes").tolist()
    assert (ledger["year"] == 2026).all()


@pytest.mark.parametrize("province", PROVINCES)
def test_previous_year_gdp_growth_is_found(reports, targets, province):
    ref = targets[(targets["province"] == province) & (targets["order"] == 0)].iloc[0]
    gdp = lca.target_ledger(reports[province]).query("indicator_key == 'gdp_growth'").iloc[0]
    assert gdp["previous_status"] == "stated"
    assert gdp["previous_value"] == ref["value"]


def test_five_year_averages_are_never_this_years_targets(reports):
    n_avg = 0
    for r in reports.values():
        ind = lca.extract_indicators(r)
        avg = ind[ind["indicator"].str.contains("年均(?:增长|提高|下降)", na=False)]
        n_avg += len(avg)
        assert avg["year"].str.fullmatch(r"\d{4}-\d{4}").all(), r.doc_id
    js = lca.extract_indicators(reports["江苏省"])
    five = js[js["quote"] == "5%左右"].iloc[0]  # 地区生产总值年均增长5%左右 (the 十五五 goal)
    assert five["year"] == "2026-2030" and five["kind"] == "target"
    assert n_avg >= 10


def test_site_navigation_breadcrumb_and_controls_are_chrome(tmp_path):
    # a government site's page: navigation bar, one-line breadcrumb and a line of controls
    # before the title (a new user's re-scrape of 江苏省): removed and logged, text unchanged
    src = (DEV / "江苏省-2026.txt").read_text(encoding="utf-8")
    page = ("首页 | 政务公开 | 政府信息公开 | 互动交流 | 办事服务\n当前位置：首页 > 政务公开 > 政府工作报告\n"
            "字体：[大 中 小]\u3000\u3000分享到：微信 微博\n\n") + src
    p = tmp_path / "page.txt"
    p.write_text(page, encoding="utf-8")
    r, original = lca.load_report(p), lca.load_report(DEV / "江苏省-2026.txt")
    assert r.sentences["text"].tolist() == original.sentences["text"].tolist()
    chrome = r.corrections[r.corrections["step"] == "strip_web_chrome"]
    reasons = " ".join(chrome["reason"])
    assert "navigation bar" in reasons and "breadcrumb" in reasons and "web-page controls" in reasons


def test_a_five_year_review_frames_its_numbered_sections(tmp_path):
    # “十四五”时期是……五年。 then numbered sections: their numbers are five-year figures
    # until a paragraph turns to one year (刚刚过去的2025年，…)
    text = ("各位代表：\n一、“十四五”时期和2025年工作回顾\n“十四五”时期是极不平凡的五年。\n"
            "（一）民生福祉增进。\n城镇新增就业超690万人。\n"
            "刚刚过去的2025年，经济稳中有进。\n城镇新增就业141万人，农民的生产补贴资金去年达到12亿元。\n"
            "二、2026年工作安排\n今年经济社会发展的主要目标是：城镇新增就业120万人。\n"
            "“十五五”时期是关键时期。\n城镇化率达到71%。\n")
    p = tmp_path / "r.txt"
    p.write_text(text, encoding="utf-8")
    r = lca.load_report(p)
    ind = lca.extract_indicators(r).set_index("quote")
    assert ind.loc["超690万人", "year"] == "2021-2025"
    assert ind.loc["141万人", "year"] == "2025"
    assert ind.loc["达到71%", "year"] == "2026-2030"
    jobs = lca.target_ledger(r).query("indicator_key == 'new_urban_jobs'").iloc[0]
    assert jobs["previous_value"] == 141
    # on the development set: 江苏省's 2025 jobs (sentence 城镇新增就业141万人), not the
    # five-year total 超690万人 of its 十四五 review
    js = lca.load_report(DEV / "江苏省-2026.txt")
    jobs = lca.target_ledger(js).query("indicator_key == 'new_urban_jobs'").iloc[0]
    assert jobs["previous_value"] == 141 and jobs["previous_quote"] == "141万人"


def test_income_previous_value_has_the_targets_scope(reports):
    # 福建省 states urban (4.5%) and rural (5.7%) income growth for 2025 but no figure for
    # all residents: the all-residents target has no stated previous value
    for r in reports.values():
        ledger = lca.target_ledger(r)
        ind = lca.extract_indicators(r)
        income = ledger[(ledger["indicator_key"] == "disposable_income_growth")
                        & (ledger["previous_status"] == "stated")]
        for row in income.itertuples():
            prev = ind[(ind["sentence_id"] == row.previous_sentence_id)
                       & (ind["quote"] == row.previous_quote)].iloc[0]
            scope = "urban" if "城镇" in prev["indicator"] else "rural" if "农村" in prev["indicator"] else "all"
            assert scope == row.scope, (r.doc_id, row.previous_quote)
    fj = lca.target_ledger(reports["福建省"]).query("indicator_key == 'disposable_income_growth'")
    assert fj["scope"].tolist() == ["all"] and fj["previous_status"].tolist() == ["not stated"]


def test_a_targets_paragraph_read_as_results_warns_and_is_not_its_own_previous(tmp_path):
    # a copy whose lines were joined three at a time (a scrape that lost its line breaks):
    # the part headings run into the text, so the 2026 plan is not recognised as a part
    lines = [x for x in (DEV / "江苏省-2026.txt").read_text(encoding="utf-8").splitlines() if x.strip()]
    first = next(i for i, x in enumerate(lines) if x.startswith("一、"))
    joined = lines[:first] + ["".join(lines[i : i + 3]) for i in range(first, len(lines), 3)]
    p = tmp_path / "joined.txt"
    p.write_text("\n".join(joined) + "\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        r = lca.load_report(p)
        ledger = lca.target_ledger(r)
    said = [str(w.message) for w in caught if issubclass(w.category, errors.ReportStructureWarning)]
    assert any("targets paragraph" in m and "read as results" in m for m in said)
    stated = ledger[ledger["previous_status"] == "stated"]
    assert len(ledger) and (stated["previous_sentence_id"] != stated["target_sentence_id"]).all()


def test_life_expectancy_is_a_quantity_and_an_age_class_is_not(reports):
    # 人均预期寿命达79.5岁 (a headline indicator of the 十五五 plans) is stated in years of age;
    # 80岁以上老年人 names a group of people, not a quantity the report reaches
    fj = lca.extract_indicators(reports["福建省"]).set_index("quote")
    assert fj.loc["达79.5岁", "value"] == 79.5 and fj.loc["达79.5岁", "kind"] == "achieved"
    sx = lca.extract_indicators(reports["山西省"])
    age = sx[sx["quote"] == "80岁以上"]
    assert len(age) == 1 and age["kind"].iloc[0] == "other"
    assert sx.loc[sx["quote"] == "达到80岁", "kind"].tolist() == ["target"]


def test_gdp_key_never_matches_intensity_marine_per_capita_or_shares(tmp_path):
    text = ("各位代表：\n一、2025年工作回顾\n地区生产总值增长5%，单位GDP二氧化碳排放下降3%，"
            "海洋生产总值增长6%，人均地区生产总值翻一番，服务业对经济增长贡献率达到59.1%，"
            "研发经费投入强度达到2.5%。\n二、2026年工作安排\n工作。\n")
    p = tmp_path / "r.txt"
    p.write_text(text, encoding="utf-8")
    ind = lca.extract_indicators(lca.load_report(p)).set_index("quote")
    assert ind.loc["5%", "indicator_key"] == "gdp_growth"
    assert ind.loc["3%", "indicator_key"] == "carbon_intensity"
    assert ind.loc["达到2.5%", "indicator_key"] == "rd_share"
    for q in ("6%", "翻一番", "达到59.1%"):
        assert pd.isna(ind.loc[q, "indicator_key"]), q


TARGETS_TEXT = (
    "各位代表：\n一、2025年工作回顾\n全市地区生产总值增长5.4%。城镇居民人均可支配收入增长5%，农村居民人均可支配收入增长6%。\n"
    "二、2026年重点工作\n今年经济社会发展的主要目标是：地区生产总值增长5%—5.5%，在实际工作中努力争取更好结果；"
    "城镇和农村居民人均可支配收入分别增长4.5%、5.5%左右；城镇调查失业率控制在5.5%以下；"
    "节能减排和碳排放强度下降完成国家下达任务。粮食产量稳定在100亿斤以上。"
    "这些目标充分考虑了需要和可能。今年要重点做好以下工作。\n（一）扩大内需。\n内容。\n"
)


def test_ledger_reads_the_whole_paragraph_ranges_and_respectively(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text(TARGETS_TEXT, encoding="utf-8")
    ledger = lca.target_ledger(lca.load_report(p))
    cols = ["indicator_key", "scope", "target_value", "target_value_high", "qualifier"]
    got = ledger[cols].astype(object).where(ledger[cols].notna(), None).values.tolist()
    assert got == [
        ["gdp_growth", "", 5.0, 5.5, "区间"],
        ["disposable_income_growth", "urban", 4.5, None, "左右"],
        ["disposable_income_growth", "rural", 5.5, None, "左右"],
        ["unemployment_rate", "", 5.5, None, "以下"],
        ["energy_intensity", "", None, None, ""],
        ["carbon_intensity", "", None, None, ""],
        ["grain_output", "", 100.0, None, "以上"],
    ]
    assert ledger["previous_value"].tolist()[:3] == [5.4, 5.0, 6.0]


def test_hyphen_ranges_and_fullwidth_percent(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("各位代表：\n一、2025年工作回顾\n增长。\n二、2026年工作安排\n今年主要预期目标是："
                 "地区生产总值增长4.5-5%，居民消费价格涨幅2％左右。\n", encoding="utf-8")
    ledger = lca.target_ledger(lca.load_report(p))
    assert ledger[["target_value", "target_value_high"]].values.tolist()[0] == [4.5, 5.0]
    assert ledger.iloc[1][["indicator_key", "target_value", "qualifier"]].tolist() == ["cpi", 2.0, "左右"]


def test_no_targets_paragraph_is_a_specific_error(tmp_path):
    p = tmp_path / "r.txt"
    p.write_text("各位代表：\n一、2025年工作回顾\n增长5%。\n", encoding="utf-8")
    with pytest.raises(errors.UnknownIndicatorError, match="no paragraph announces the year's main targets"):
        lca.target_ledger(lca.load_report(p))


# -- layouts the ten reports do not show ---------------------------------------------
def test_traditional_characters_are_converted_with_a_log(tmp_path, reports):
    import opencc

    src = (DEV / "北京市-2026.txt").read_text(encoding="utf-8")
    p = tmp_path / "trad.txt"
    p.write_text(opencc.OpenCC("s2t").convert(src), encoding="utf-8")
    trad = lca.load_report(p)
    simp = reports["北京市"]
    conv = trad.corrections[trad.corrections["step"] == "to_simplified"]
    assert len(conv) > 100
    # text maps back to raw: every converted run sits where the log says
    for row in conv.head(50).itertuples():
        assert trad.raw[row.raw_start : row.raw_end] == row.before
    assert trad.parts()["part_title"].tolist() == simp.parts()["part_title"].tolist()
    a, b = lca.extract_indicators(trad), lca.extract_indicators(simp)
    assert len(a) >= 0.95 * len(b)
    assert lca.target_ledger(trad)["indicator_key"].tolist() == lca.target_ledger(simp)["indicator_key"].tolist()


def test_simplified_text_is_not_converted(reports):
    assert all((r.corrections["step"] != "to_simplified").all() for r in reports.values())


def test_html_page_is_loaded_with_tags_logged(tmp_path, reports):
    src = (DEV / "福建省-2026.txt").read_text(encoding="utf-8")
    body = "\n".join(f"<p>{line.replace('&', '&amp;')}</p>" for line in src.splitlines())
    page = (f"<!DOCTYPE html>\n<html><head><title>福建</title><style>p{{margin:0}}</style>"
            f"<script>var a = '<p>x</p>';</script></head>\n<body><div class=\"content\">\n{body}\n"
            "<!-- footer --></div></body></html>\n")
    p = tmp_path / "page.html"
    p.write_text(page, encoding="utf-8")
    r = lca.load_report(p)
    assert "<" not in r.text and "margin" not in r.text and "var a" not in r.text
    html = r.corrections[r.corrections["step"] == "strip_html"]
    assert len(html) > 2 * len(src.splitlines())
    for row in html.itertuples():
        assert r.raw[row.raw_start : row.raw_end] == row.before
    assert r.parts()["part_title"].tolist() == reports["福建省"].parts()["part_title"].tolist()
    assert lca.target_ledger(r)["target_value"].equals(lca.target_ledger(reports["福建省"])["target_value"])


GENRE = """2026年某市政府工作报告
——2026年1月20日在某市第十届人民代表大会第五次会议上
某市市长 王某
各位代表：
现在，我代表市人民政府，向大会报告工作，请予审议。
“十四五”时期工作回顾
（一）经济实力稳步提升。地区生产总值年均增长5.9%，2025年增长5.2%。
（二）民生持续改善。城镇新增就业12万人［1］。
2026年重点工作
今年经济社会发展主要预期目标是：地区生产总值增长5%左右，城镇新增就业10万人以上。
（一）扩大有效需求。实施一批项目。
（二）加强政府自身建设。依法行政。
各位代表！让我们团结奋斗，为建设现代化新某市而努力奋斗！
附件：
2026年十件民生实事
一、新增学位5000个。
二、改造老旧小区50个。
三、新建口袋公园20个。
注释
［1］城镇新增就业：指城镇累计新就业人数。
名词解释
1．新质生产力：由技术革命性突破催生的先进生产力。
2026年某市政府工作报告
"""


def test_unnumbered_headings_annexes_endnotes_and_a_repeated_title(tmp_path):
    p = tmp_path / "genre.txt"
    p.write_text(GENRE, encoding="utf-8")
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # nothing here is unrecognised
        r = lca.load_report(p)
    parts = r.parts()
    assert parts["part"].tolist() == ["", "", "附件", "注释", "名词解释"]
    assert parts["part_title"].tolist()[:2] == ["“十四五”时期工作回顾", "2026年重点工作"]
    assert parts["kind"].tolist() == ["part", "part", "annex", "annex", "annex"]
    assert parts["n_sections"].tolist() == [2, 2, 0, 0, 0]
    items = r.annex_items
    assert items.groupby("annex", sort=False)["item"].apply(list).to_dict() == {
        "附件": [1, 2, 3], "注释": [1], "名词解释": [1]}
    assert not r.sentences["text"].str.contains("^2026年某市政府工作报告$").iloc[3:].any()
    ledger = lca.target_ledger(r)
    assert ledger["target_value"].tolist() == [5.0, 10.0]
    assert ledger.iloc[0]["previous_value"] == 5.2  # not the five-year average 5.9
    ind = lca.extract_indicators(r)
    assert ind.loc[ind["quote"] == "5.9%", "year"].item() == "2021-2025"


def test_unknown_layouts_are_named_in_a_warning(tmp_path):
    text = GENRE.replace("附件：\n", "").replace("某市市长 王某", "欢迎访问本网站，请使用新版浏览器浏览")
    p = tmp_path / "odd.txt"
    p.write_text(text, encoding="utf-8")
    with pytest.warns(errors.ReportStructureWarning) as caught:
        r = lca.load_report(p)
    messages = " ".join(str(w.message) for w in caught)
    assert "not recognised as title, meeting, speaker or date: '欢迎访问本网站" in messages
    assert "restarts at 一、 — read as an appended list (annex)" in messages
    assert r.parts()["kind"].tolist().count("part") == 2  # the list did not become parts


def test_restarted_numbering_inside_the_body_is_a_list_not_parts(tmp_path):
    text = ("各位代表：\n一、过去一年工作回顾\n内容。\n二、今年的主要任务\n一、扩大内需，内容。\n二、稳定外需，内容。\n"
            "三、加强政府自身建设\n内容。\n")
    p = tmp_path / "nested.txt"
    p.write_text(text, encoding="utf-8")
    with pytest.warns(errors.ReportStructureWarning, match="does not continue the parts' numbering"):
        r = lca.load_report(p)
    assert r.parts()["part_title"].tolist() == ["一、过去一年工作回顾", "二、今年的主要任务", "三、加强政府自身建设"]


def test_repeated_paragraph_is_removed_and_logged(tmp_path):
    text = "各位代表：\n一、2025年工作回顾\n全市生产总值增长5%。\n全市生产总值增长5%。\n二、2026年工作安排\n内容。\n"
    p = tmp_path / "dup.txt"
    p.write_text(text, encoding="utf-8")
    r = lca.load_report(p)
    dup = r.corrections[r.corrections["step"] == "drop_repeated_paragraphs"]
    assert len(dup) == 1 and r.text.count("全市生产总值增长5%。") == 1
