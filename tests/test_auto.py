"""The automatic layer (lcanalysis.lexicon.auto) and the minimal-unit rule of the build."""

import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import tokens as T
from lcanalysis.lexicon import auto as A
from lcanalysis.lexicon import build as B

SYNTHETIC = """测试省政府工作报告

各位代表：

一、2025年工作回顾

我们推行“接诉即办”，建设“四个中心”，实施“双百双新”行动，构建一核两副三带四区格局。
接诉即办响应率提高，四个中心功能增强。全省推进双百双新，一核两副三带四区初步成形。
“看北京首先要从政治上看”是根本要求。中关村科学城和怀柔科学城建设加快，北京证券交易所扩容，怀化国际陆港开通。
我们加快全国统一大市场建设，推动全国统一大市场建设取得进展，融入“全国统一大市场建设”。

二、2026年主要任务

继续深化接诉即办改革，发展中关村科学城，推行“链长解题”机制，链长解题见效。
"""


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    path = tmp_path_factory.mktemp("auto") / "测试省-2026.txt"
    path.write_text(SYNTHETIC, encoding="utf-8")
    return lca.load_report(path, doc_id="测试省-2026", require_outline=False)


@pytest.fixture(scope="module")
def auto(synthetic):
    return T.auto_terms(synthetic).set_index("term")


def test_quoted_names_are_found_with_their_evidence(auto):
    for name in ("接诉即办", "四个中心", "双百双新"):
        assert auto.loc[name, "rule"] == "quoted"
        assert f"“{name}”" in auto.loc[name, "evidence"]
    assert auto.loc["接诉即办", "n"] == 3  # every occurrence, quoted or not


def test_a_quoted_clause_is_not_a_name(auto):
    assert "看北京首先要从政治上看" not in auto.index


def test_quoted_policy_formulae_and_markers_inside_words(tmp_path):
    """v5: a quoted formula that ends in + or × is a name and one token wherever it occurs; a
    clause marker inside a word (要 in 数据要素) does not make a quoted name a clause, one that is
    a token of its own (要 in 首先/要/从) does."""
    path = tmp_path / "公式省-2026.txt"
    path.write_text("公式省政府工作报告\n\n各位代表：\n\n一、2025年工作回顾\n\n"
                    "深入实施“人工智能+”“数据要素×”行动，推动人工智能+制造。\n"
                    "“看北京首先要从政治上看”是根本要求。\n", encoding="utf-8")
    r = lca.load_report(path, doc_id="公式省-2026", require_outline=False)
    auto = T.auto_terms(r).set_index("term")
    assert auto.loc["人工智能+", "rule"] == "quoted" and auto.loc["人工智能+", "n"] == 2
    assert auto.loc["数据要素×", "rule"] == "quoted"
    assert "看北京首先要从政治上看" not in auto.index
    tokens = lca.tokenize(r)["token"].tolist()
    assert tokens.count("人工智能+") == 2 and "数据要素×" in tokens
    assert A._has_marker_token(["首先", "要", "从"], 0, 5) and not A._has_marker_token(["数据要素"], 0, 4)


def test_numeric_slogans(auto):
    assert auto.loc["一核两副三带四区", "rule"] == "numeric_slogan"
    for yes in ("一老一小", "三城一区", "双百双新", "五重百项", "三基地一屏障一高地", "九珍十八品"):
        assert A.is_numeric_slogan(yes), yes
    for no in ("一年来", "十四五", "三年行动", "一批重大项目", "一区三中心"):
        assert not A.is_numeric_slogan(no), no


def test_place_and_institution_names(auto):
    for name in ("中关村科学城", "怀柔科学城", "怀化国际陆港"):
        assert auto.loc[name, "rule"] == "place_suffix", name


def test_no_automatic_term_swallows_a_lexicon_term_and_a_generic_word(auto):
    # “全国统一大市场建设” is quoted, but it is a genre term + 建设 (a generic word): not taken
    assert "全国统一大市场建设" not in auto.index
    generic = lca.lexicon.generic_words()
    lexicon = set(lca.lexicon.load(("genre",)).terms)
    for term in auto.index:
        for word, side in zip(generic["word"], generic["side"]):
            rest = term[:-len(word)] if side == "right" and term.endswith(word) else \
                term[len(word):] if side == "left" and term.startswith(word) else None
            assert not (rest and rest in lexicon), (term, word)


def test_default_tokenize_keeps_the_automatic_terms_whole(synthetic, auto):
    toks = lca.tokenize(synthetic)
    s = T.term_survival(synthetic, toks, terms=list(auto.index))
    assert (s["broken"] == 0).all(), s[s["broken"] > 0]
    assert "全国统一大市场" in toks["token"].tolist()
    assert "automatic layer" in toks.attrs["lcanalysis"]["lexicon"]
    # lexicon="genre" switches the automatic layer off
    genre = lca.tokenize(synthetic, lexicon="genre")
    assert "链长解题" in toks["token"].tolist() and "链长解题" not in genre["token"].tolist()
    assert "automatic layer" not in genre.attrs["lcanalysis"]["lexicon"]
    both = lca.tokenize(synthetic, lexicon=("genre", "auto"))
    assert both["token"].tolist() == toks["token"].tolist()
    # offsets still point into the text
    assert all(synthetic.text[a:b] == w for w, a, b in
               zip(toks["token"], toks["start"], toks["end"]))


def test_automatic_layer_is_deterministic(synthetic):
    T._AUTO_CACHE.clear()
    first = lca.tokenize(synthetic)
    T._AUTO_CACHE.clear()
    again = lca.tokenize(synthetic)
    pd.testing.assert_frame_equal(first, again)


def test_automatic_terms_never_break_a_liaocheng_lexicon_term(report):
    auto = T.auto_terms(report)
    assert len(auto) > 10
    with_auto = lca.tokenize(report)
    without = lca.tokenize(report, lexicon=lca.lexicon.default_for(report.doc_id))
    assert with_auto["token"].tolist() != without["token"].tolist()
    local = lca.lexicon.read_layer("liaocheng-2024")["term"].tolist()
    s = T.term_survival(report, with_auto, terms=local)
    assert len(s) > 300 and (s["broken"] == 0).all(), s[s["broken"] > 0].head()
    # the hand list: the automatic layer breaks nothing that the lexicon keeps whole
    hand = T.domain_terms()
    a = T.term_survival(report, with_auto, terms=hand).set_index("term")["broken"]
    b = T.term_survival(report, without, terms=hand).set_index("term")["broken"]
    assert ((a > 0) <= (b > 0)).all(), a[(a > 0) & ~(b > 0)]


def test_a_report_without_automatic_terms(tmp_path):
    path = tmp_path / "空白县-2025.txt"
    path.write_text("空白县政府工作报告\n\n各位代表：\n\n一、2024年工作回顾\n\n经济运行总体平稳。\n",
                    encoding="utf-8")
    plain = lca.load_report(path, doc_id="空白县-2025", require_outline=False)
    assert T.auto_terms(plain).empty
    s = lca.keywords.suggest_terms(plain, corpus=False)
    assert list(s.columns) == lca.keywords.SUGGEST_COLUMNS
    assert (s["source"] == "statistics").all()
    assert lca.tokenize(plain)["token"].tolist() == lca.tokenize(plain, lexicon="genre")["token"].tolist()


GENRE_RULES = """测试省政府工作报告

各位代表：

一、2025年工作回顾

全体居民人均可支配收入达到41580元，单位地区生产总值能耗下降3.2%，城乡居民收入比缩小到2.1。
我们建设美丽测试，深化高质量项目推进年活动，黑瞎子岛开发开放取得进展，世界制造业大会成功举办。
严格落实责任，严格落实制度，严格落实要求；扎实开展调研，扎实开展评估，扎实开展督查。
持续优化服务，持续优化流程，持续优化环境；重点领域改革，重点领域监管，重点领域风险。
千方百计扩大就业，千方百计稳定增长。

二、2026年主要任务

全体居民人均可支配收入增长5%左右。
"""


@pytest.fixture(scope="module")
def genre_rules(tmp_path_factory):
    path = tmp_path_factory.mktemp("genre") / "测试省-2026.txt"
    path.write_text(GENRE_RULES.replace("测试", "陕西"), encoding="utf-8")
    report = lca.load_report(path, doc_id="测试省-2026", require_outline=False)
    return report, T.auto_terms(report).set_index("term")


def test_indicators_slogans_landforms_campaign_years_and_events(genre_rules):
    report, auto = genre_rules
    expected = {"全体居民人均可支配收入": "indicator", "城乡居民收入比": "indicator", "美丽陕西": "place_slogan", "黑瞎子岛": "landform",
                "高质量项目推进年": "theme_year", "世界制造业大会": "place_suffix"}
    for term, rule in expected.items():
        assert auto.loc[term, "rule"] == rule, term
    s = T.term_survival(report, lca.tokenize(report), terms=[*expected, "单位地区生产总值能耗"])
    assert (s["broken"] == 0).all(), s[s["broken"] > 0]
    # a lexicon indicator keeps its own token unless a qualifier of the definition comes before it
    assert "居民人均可支配收入" in lca.tokenize(report, lexicon="genre")["token"].tolist()


def test_free_phrases_are_not_merged(genre_rules, report, national):
    from lcanalysis.lexicon import evaluate as ev

    _, auto = genre_rules
    for phrase in ("严格落实", "扎实开展", "持续优化", "重点领域", "千方百计"):
        assert phrase not in auto.index, phrase
    # on real reports: no automatic term holds a boilerplate word unless it is a name the text
    # marks (quoted, or a programme or zone named after its verb: 实施小城镇创新提升行动)
    for r in (report, national):
        free = ev.free_phrases_merged(r)
        assert free[~free["rule"].isin(A.NAME_RULES)].empty, free


# -- the minimal-unit rule of the build ----------------------------------------------------------
@pytest.mark.parametrize("variant", ["default", "heldout-excluded"])
def test_no_shipped_entry_is_an_entry_plus_a_generic_word(variant):
    genre = lca.lexicon.read_layer("genre", variant)
    generic = lca.lexicon.generic_words(variant)
    assert {"建设", "发展"} <= set(generic.loc[generic["side"] == "right", "word"])
    assert {"推进", "加强"} <= set(generic.loc[generic["side"] == "left", "word"])
    stat = genre[genre["source"] == "corpus statistics"]
    entries = set(genre["term"])
    offenders = []
    for term, rule in zip(stat["term"], stat["rule"]):
        seg = rule.removeprefix("statistics: cut by plain jieba as ").split("/")
        if seg[-1] in set(generic.loc[generic["side"] == "right", "word"]):
            offenders += [term for k in range(len(seg) - 1) if "".join(seg[k:-1]) in entries
                          and len("".join(seg[k:-1])) >= 3]
    assert not offenders, offenders[:10]
    for unit in ("全国统一大市场", "长江经济带", "粤港澳大湾区"):
        assert unit in entries, unit
    for compound in ("全国统一大市场建设", "长江经济带发展", "因地制宜发展新质生产力"):
        assert compound not in entries, compound


def test_generic_words_are_measured():
    stats = pd.DataFrame({"term": ["甲乙丙建设", "丁戊己建设", "甲乙丙", "丁戊己"],
                          "segmentation": ["甲乙丙/建设", "丁戊己/建设", "甲乙/丙", "丁戊/己"]})
    reason = pd.Series("kept", index=stats.index)
    rules = B.Rules(min_partners=2)
    g = B.generic_words(stats, reason, rules=rules)
    assert g[["word", "side", "partners"]].values.tolist() == [["建设", "right", 2]]
    assert B.generic_words(stats, reason, rules=B.Rules(min_partners=3)).empty


# -- the evaluation -------------------------------------------------------------------------------
def test_heldout_evaluation_orders_the_settings():
    from lcanalysis.lexicon import evaluate as ev

    held = ev.heldout_survival("round 1")
    total = held[held["doc_id"] == "all"].set_index("setting")
    assert list(total.index) == list(ev.SETTINGS)
    assert (total["found"] == 199).all()
    share = total["share"]
    assert share[ev.SETTINGS[0]] < share[ev.SETTINGS[1]] < share[ev.SETTINGS[3]]
    assert share[ev.SETTINGS[2]] < share[ev.SETTINGS[4]]
    with pytest.raises(lca.errors.LexiconError, match="unknown reference list 'round 9'"):
        ev.reference("round 9")


def test_the_summaries_agree_and_an_unknown_setting_is_named():
    """The per-document table, the table by kind and the list of broken terms are three views of
    one cut per (setting, report): their counts agree, and a misspelt setting is an error that
    names the settings there are."""
    from lcanalysis.lexicon import evaluate as ev

    setting = ev.SETTINGS[3]
    held = ev.heldout_survival("round 1").query("doc_id == 'all'").set_index("setting")
    kind = ev.heldout_survival_by_kind("round 1")
    broken = ev.broken_heldout_terms(setting, "round 1")
    row = held.loc[setting]
    assert kind.loc[kind["setting"] == setting, "found"].sum() == row["found"]
    assert len(broken) == row["found"] - row["whole"]
    with pytest.raises(lca.errors.LexiconError, match="unknown setting 'genre'; use one of"):
        ev.broken_heldout_terms("genre")


def test_third_list_is_scored_on_documents_the_heldout_build_left_out():
    """The third list (read after the v4 rules were frozen) names only the three reports of
    HELD_OUT_3, which the heldout-excluded build leaves out; the out-of-sample setting with the
    automatic layer keeps more of its terms than plain jieba and than the lexicon alone."""
    from lcanalysis.lexicon import EXCLUDED, HELD_OUT_3
    from lcanalysis.lexicon import evaluate as ev

    ref = ev.reference("round 3")
    assert len(ref) == 120 and set(ref["doc_id"]) == set(HELD_OUT_3) <= set(EXCLUDED)
    total = ev.heldout_survival("round 3").query("doc_id == 'all'").set_index("setting")["share"]
    assert total[ev.SETTINGS[0]] < total[ev.SETTINGS[1]] < total[ev.SETTINGS[3]]


def test_clean_v4_record_of_the_third_list():
    """The recorded v4 figures (the clean out-of-sample test) are consistent with themselves and
    name every setting; the v5 rules (written after reading the list) do not do worse."""
    from lcanalysis.lexicon import evaluate as E

    rec = E.clean_v4_survival().set_index("setting")
    assert list(rec.index) == list(E.SHORT.values())
    assert ((rec["whole"] / rec["found"]).round(3) == rec["share"]).all()
    now = E.wide(E.heldout_survival("round 3"), "whole").loc["all"]
    assert (now >= rec["whole"]).all(), (now, rec["whole"])


# -- v6: names the text marks by their verb or by punctuation -------------------------------------
def test_v6_programmes_zones_punctuated_and_joined_quotes(tmp_path):
    path = tmp_path / "规则省-2026.txt"
    path.write_text("规则省政府工作报告\n\n各位代表：\n\n一、2025年工作回顾\n\n"
                    "实施提振消费专项行动，深入开展安全生产治本攻坚三年行动，实施一批重大工程，实施专项行动。\n"
                    "建设绿色低碳高质量发展先行区，建设中国（安徽）自贸试验区，推动中国－东盟自贸区升级。\n"
                    "办好友城合作（黄山）论坛，落实“走在前、挑大梁”要求，打造“山东交旅1号工程”。\n",
                    encoding="utf-8")
    r = lca.load_report(path, doc_id="规则省-2026", require_outline=False)
    auto = T.auto_terms(r).set_index("term")
    for term, rule in (("提振消费专项行动", "programme"), ("安全生产治本攻坚三年行动", "programme"),
                       ("绿色低碳高质量发展先行区", "zone"), ("中国（安徽）自贸试验区", "punctuated"),
                       ("中国－东盟自贸区", "punctuated"), ("走在前、挑大梁", "quoted"),
                       ("山东交旅1号工程", "quoted")):
        assert auto.loc[term, "rule"] == rule, term
    # no name: a quantity or nothing before the programme word, a word that is also a county's name
    for no in ("一批重大工程", "重大工程", "专项行动", "合作（黄山）论坛"):
        assert no not in auto.index, no
    tokens = lca.tokenize(r)["token"].tolist()
    for term in ("中国（安徽）自贸试验区", "走在前、挑大梁", "安全生产治本攻坚三年行动"):
        assert term in tokens, term
