"""Keyword measures against tiny examples worked out by hand, and on the report."""

import math
import warnings

import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import errors, keywords as K, plotting


def make_tokens(docs: dict) -> pd.DataFrame:
    """A token table from {doc_id: [sentence, …]}, each sentence a string of
    space-separated tokens ("_" stands for a non-content token that is dropped
    afterwards, so that the positions keep a gap)."""
    rows, offset, sid = [], 0, 0
    for doc, sentences in docs.items():
        for sentence in sentences:
            sid += 1
            for k, w in enumerate(sentence.split()):
                rows.append(dict(doc_id=doc, sentence_id=sid, position=k, token=w,
                                 start=offset, end=offset + len(w)))
                offset += len(w)
    t = pd.DataFrame(rows)
    return t[t["token"] != "_"].reset_index(drop=True)


# Three documents:  d1 = A A B C,  d2 = A B B,  d3 = A D   (9 tokens)
DOCS = make_tokens({"d1": ["A A B C"], "d2": ["A B B"], "d3": ["A D"]})


def test_frequencies_by_document():
    f = K.frequencies(DOCS, by="doc_id", scope="all")
    assert list(f.columns) == ["term", "group", "n", "share"]
    got = {(r.group, r.term): (r.n, r.share) for r in f.itertuples()}
    # d1: A 2/4, B 1/4, C 1/4;  d2: B 2/3, A 1/3;  d3: A 1/2, D 1/2
    assert got == {("d1", "A"): (2, 0.5), ("d1", "B"): (1, 0.25), ("d1", "C"): (1, 0.25),
                   ("d2", "B"): (2, pytest.approx(2 / 3)), ("d2", "A"): (1, pytest.approx(1 / 3)),
                   ("d3", "A"): (1, 0.5), ("d3", "D"): (1, 0.5)}
    # most frequent first; ties in code-point order; groups in order of appearance
    assert f["group"].tolist() == ["d1"] * 3 + ["d2"] * 2 + ["d3"] * 2
    assert f["term"].tolist() == ["A", "B", "C", "B", "A", "A", "D"]


def test_frequencies_overall_and_top_terms():
    f = K.frequencies(DOCS, scope="all")
    # A 4/9, B 3/9, C 1/9, D 1/9
    assert f["term"].tolist() == ["A", "B", "C", "D"]
    assert f["n"].tolist() == [4, 3, 1, 1]
    assert f["share"].tolist() == pytest.approx([4 / 9, 3 / 9, 1 / 9, 1 / 9])
    assert set(f["group"]) == {"all"}
    top = K.top_terms(K.frequencies(DOCS, by="doc_id", scope="all"), 1, wide=True)
    assert top.loc[1].tolist() == ["A 2", "B 2", "A 1"]


@pytest.mark.parametrize("idf, expected", [
    # N = 3 documents; df: A 3, B 2, C 1, D 1
    # plain idf = ln(N/df): A ln 1 = 0, B ln 1.5 = 0.405465, C = D = ln 3 = 1.098612
    ("plain", {("d1", "A"): 0.5 * 0.0, ("d1", "B"): 0.25 * math.log(1.5),
               ("d1", "C"): 0.25 * math.log(3), ("d2", "B"): 2 / 3 * math.log(1.5),
               ("d3", "D"): 0.5 * math.log(3)}),
    # smooth idf = ln((1+N)/(1+df)) + 1: A 1, B ln(4/3)+1 = 1.287682, C = D = ln 2 + 1 = 1.693147
    ("smooth", {("d1", "A"): 0.5 * 1.0, ("d1", "B"): 0.25 * (math.log(4 / 3) + 1),
                ("d1", "C"): 0.25 * (math.log(2) + 1), ("d2", "B"): 2 / 3 * (math.log(4 / 3) + 1),
                ("d3", "D"): 0.5 * (math.log(2) + 1)}),
])
def test_tfidf_by_hand(idf, expected):
    t = K.tfidf(DOCS, by="doc_id", idf=idf, scope="all")
    assert list(t.columns) == ["term", "group", "n", "tf", "df", "idf", "tfidf"]
    got = {(r.group, r.term): r.tfidf for r in t.itertuples()}
    for key, value in expected.items():
        assert got[key] == pytest.approx(value)
    assert dict(zip(t["term"], t["df"])) == {"A": 3, "B": 2, "C": 1, "D": 1}
    # highest first within a document: d1 under plain idf is C (0.2747), B (0.1014), A (0)
    if idf == "plain":
        assert t[t["group"] == "d1"]["term"].tolist() == ["C", "B", "A"]


def test_tfidf_rejects_unknown_variant():
    with pytest.raises(ValueError, match="unknown idf='bm25'; use 'plain' or 'smooth'"):
        K.tfidf(DOCS, by="doc_id", idf="bm25", scope="all")


# Keyness.  Target: X ×10, Y ×90 (c = 100 tokens); reference: X ×5, Y ×195 (d = 200).
TARGET = make_tokens({"t": ["X " * 10 + "Y " * 90]})
REFERENCE = make_tokens({"r": ["X " * 5 + "Y " * 195]})


def test_keyness_by_hand():
    k = K.keyness(TARGET, REFERENCE, min_count=1, scope="all").set_index("term")
    x = k.loc["X"]
    assert (x["n_target"], x["n_reference"]) == (10, 5)
    assert x["per_10k_target"] == pytest.approx(1000)
    assert x["per_10k_reference"] == pytest.approx(250)
    # 2×2 table: X 10 | 5, other 90 | 195; N = 300.  Expected: 15·100/300 = 5, 15·200/300 = 10,
    # 285·100/300 = 95, 285·200/300 = 190.
    # G² = 2 (10 ln(10/5) + 5 ln(5/10) + 90 ln(90/95) + 195 ln(195/190))
    #    = 2 (6.931472 − 3.465736 − 4.866050 + 5.065220) = 7.329812
    assert x["g2"] == pytest.approx(7.329812, abs=1e-6)
    # p = P(χ²₁ > G²) = erfc(√(G²/2)) = 0.006782
    assert x["p"] == pytest.approx(math.erfc(math.sqrt(x["g2"] / 2)))
    assert x["p"] == pytest.approx(0.006782, abs=1e-6)
    # log ratio = log2((10/100) / (5/200)) = log2(4) = 2
    assert x["log_ratio"] == pytest.approx(2.0)
    assert x["direction"] == "target"
    # Y has the same 2×2 table with the rows swapped: same G², log2(0.9/0.975) = −0.115477
    y = k.loc["Y"]
    assert y["g2"] == pytest.approx(x["g2"])
    assert y["log_ratio"] == pytest.approx(math.log2(0.9 / 0.975)) and y["direction"] == "reference"


def test_keyness_rayson_two_cell_form():
    k = K.keyness(TARGET, REFERENCE, min_count=1, formula="rayson", scope="all").set_index("term")
    # E1 = 100·15/300 = 5, E2 = 200·15/300 = 10; G² = 2 (10 ln 2 + 5 ln 0.5) = 10 ln 2 = 6.931472
    assert k.loc["X", "g2"] == pytest.approx(10 * math.log(2))


def test_keyness_zero_count_correction():
    target = make_tokens({"t": ["Z " * 3 + "Y " * 97]})
    reference = make_tokens({"r": ["Y " * 200]})
    z = K.keyness(target, reference, min_count=1, scope="all").set_index("term").loc["Z"]
    # b = 0 is replaced by 0.5: log2((3/100) / (0.5/200)) = log2(12) = 3.584963
    assert z["log_ratio"] == pytest.approx(math.log2(12))
    # G² = 2 (3 ln(3/1) + 0 + 97 ln(97/99) + 200 ln(200/198)) = 6.652487 (0 ln 0 = 0)
    assert z["g2"] == pytest.approx(6.652487, abs=1e-6)
    assert math.isfinite(z["log_ratio"])


def test_keyness_min_count_and_errors():
    assert K.keyness(TARGET, REFERENCE, min_count=16, scope="all")["term"].tolist() == ["Y"]  # X has 15
    with pytest.raises(errors.TableError, match="target tokens is missing column"):
        K.keyness(TARGET.drop(columns="token"), REFERENCE, scope="all")
    with pytest.raises(errors.TableError, match="needs tokens in both"):
        K.keyness(TARGET.iloc[:0], REFERENCE, scope="all")


def test_collocations_by_hand():
    # sentence 1: A B A B C (adjacent pairs AB, BA, AB, BC); sentence 2: A B (AB);
    # sentence 3: A _ B — the dropped token breaks the pair.  N = 5 pairs.
    t = make_tokens({"d": ["A B A B C", "A B", "A _ B"]})
    c = K.collocations(t, min_count=1).set_index(["w1", "w2"])
    ab = c.loc[("A", "B")]
    # n12 = 3; A first in 3 pairs; B second in 3 pairs
    assert (ab["n"], ab["n_w1"], ab["n_w2"]) == (3, 3, 3)
    # PMI = log2(3·5 / (3·3)) = log2(5/3) = 0.736966
    assert ab["pmi"] == pytest.approx(math.log2(5 / 3))
    # 2×2: 3 | 0 / 0 | 2, expected 1.8 | 1.2 / 1.2 | 0.8:
    # G² = 2 (3 ln(3/1.8) + 2 ln(2/0.8)) = 6.730117
    assert ab["g2"] == pytest.approx(6.730117, abs=1e-6)
    assert len(c) == 3  # AB, BA, BC
    twice = K.collocations(t, min_count=2)
    assert list(zip(twice["w1"], twice["w2"])) == [("A", "B")]  # only AB is seen twice


# -- on the report --------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def toks(report):
    return lca.tokenize(report)


@pytest.fixture(scope="module")
def content(report, toks):
    return lca.tokens.content_tokens(K.with_structure(toks, report))


def test_with_structure_and_grouping(report, toks, content):
    by_part = K.frequencies(content, by="part", scope="all")
    assert list(dict.fromkeys(by_part["group"])) == ["开篇", "一", "二", "三", "附件1", "附件2"]
    body = K.frequencies(content, by="part")  # 附件2 lists document titles only: not body text
    assert list(dict.fromkeys(body["group"])) == ["开篇", "一", "二", "三", "附件1"]
    assert by_part.groupby("group")["share"].sum().round(12).eq(1).all()
    by_section = K.frequencies(content, by="section")
    assert {"二（一）", "二（九）", "一（七）", "二"} <= set(by_section["group"])
    assert K.parse_group("二（九）") == ("二", 9) and K.parse_group("附件1") == ("附件1", None)
    with pytest.raises(errors.TableError, match=r"with_structure\(tokens, report\)"):
        K.frequencies(toks, by="part")
    with pytest.raises(ValueError, match="unknown grouping by='chapter'"):
        K.frequencies(toks, by="chapter", scope="all")


def test_with_structure_refuses_another_reports_tokens(report, national):
    with pytest.raises(errors.TableError,
                       match="tokens are from national-2024, not from 'liaocheng-2024'"):
        K.with_structure(lca.tokenize(national, hmm=False), report)


def test_kwic_links_hits_to_sentences(report, toks):
    hits = K.kwic(report, toks, "项目", width=6)
    assert len(hits) == (toks["token"] == "项目").sum()
    s = report.sentences.set_index("sentence_id")
    for r in hits.itertuples():
        sentence = s.loc[r.sentence_id]
        assert sentence["start"] <= r.start and r.end <= sentence["end"]
        assert r.left + r.keyword + r.right in sentence["text"]
        assert len(r.left) <= 6 and len(r.right) <= 6
        assert r.part == sentence["part"]
    one = K.kwic(report, toks, "专精特新").iloc[0]
    assert report.text[one.start:one.end] == "专精特新"
    assert "专精特新" in s.loc[one.sentence_id, "text"]


def test_kwic_unknown_term_messages(report, toks):
    with pytest.raises(K.UnknownTermError, match="'量子纠缠' does not occur in liaocheng-2024"):
        K.kwic(report, toks, "量子纠缠")
    with pytest.raises(K.UnknownTermError, match="did you mean 项目"):
        K.kwic(report, toks, "项目们")
    default = lca.tokenize(report, lexicon=False)
    with pytest.raises(K.UnknownTermError,
                       match="'专精特新' occurs 1 time.s. in the text but never as one token"):
        K.kwic(report, default, "专精特新")
    with pytest.raises(ValueError, match="width must be a non-negative number"):
        K.kwic(report, toks, "项目", width=-1)


def test_rank_correlation_by_hand():
    a = pd.DataFrame({"term": ["A", "B", "C"], "n": [5, 4, 3]})
    b = pd.DataFrame({"term": ["A", "C", "B"], "n": [5, 4, 3]})
    # ranks (3, 2, 1) and (3, 1, 2): ρ = 1 − 6 Σd² / (n(n² − 1)) = 1 − 6·2/24 = 0.5
    got = K.rank_correlation(a, b, top_n=3)
    assert got["rho"] == pytest.approx(0.5) and got["union"] == 3 and got["shared"] == 3
    # top 2: {A, B} ∪ {A, C} = {A, B, C}; D is outside both top-2 lists
    c = pd.DataFrame({"term": ["A", "C", "D"], "n": [5, 4, 3]})
    got = K.rank_correlation(a, c, top_n=2, vocabulary="union")
    # counts over {A, B, C}: (5, 4, 3) and (5, 0, 4) → ranks (3, 2, 1), (3, 1, 2): ρ = 0.5
    assert got["union"] == 3 and got["shared"] == 1 and got["rho"] == pytest.approx(0.5)


def test_robustness_returns_correlations(report):
    r = K.robustness(report, top_n=30).set_index("comparison")
    assert r.index.tolist() == ["default jieba (no lexicon)", "without the boilerplate list",
                                "HMM off", "all text (title block and annex lists included)"]
    assert r["rho"].between(-1, 1).all() and r["rbo"].between(0, 1).all()
    assert (r["union"] >= 30).all() and (r["shared"] <= 30).all()
    # the boilerplate list only removes words: on the shared vocabulary the order is unchanged
    # (ρ = 1 by construction), and the top-30 lists overlap little (a low RBO)
    bp = r.loc["without the boilerplate list"]
    assert bp["rho"] == pytest.approx(1.0) and bp["rbo"] < 0.5


def test_top_keywords_table(report, toks):
    default = K.with_structure(lca.tokenize(report, lexicon=False), report)
    top = K.top_keywords(K.with_structure(toks, report), 30, default_tokens=default)
    assert list(top.columns) == ["rank", "term", "en", "category", "n", "share", "per_10k",
                                 "n_sections", "dp", "n_default"]
    assert top["rank"].tolist() == list(range(1, 31))
    assert top["n"].is_monotonic_decreasing
    assert top["dp"].between(0, 1).all() and (top["n_sections"] >= 1).all()
    hq = top.set_index("term").loc["高质量发展"]
    assert hq["category"] == "policy_term"
    assert hq["n_default"] == 0  # default jieba never keeps it whole
    # the title block and the annex list of document titles are not counted
    assert "聊城市" not in top["term"].tolist() and "实施方案" not in top["term"].tolist()
    with pytest.raises(errors.TableError, match="pass scope='all'"):
        K.top_keywords(toks, 30)


def test_compare_rankings(report, toks):
    side = K.compare_rankings(K.with_structure(toks, report), 30)
    assert side["term"].tolist()[0] == "项目"
    assert set(side["term_all"].tolist()[:3]) == {"建设", "发展", "推进"}  # boilerplate leads
    assert side["boilerplate"].iloc[:3].all()


def test_regions_of_the_report(report):
    reg = K.regions(report)
    s = report.sentences.set_index("sentence_id")
    assert set(reg[s["role"] == "title"]) == {"title"}
    annex2 = reg[(s["part"] == "附件2") & (s["role"] == "item")]
    assert len(annex2) == 24 and set(annex2) == {"annex_titles"}  # 24 planned policies
    assert set(reg[(s["part"] == "附件1") & (s["role"] == "item")]) == {"body"}  # 30 projects
    assert K.DOCUMENT_TITLE.search("1.聊城市碳达峰工作方案（市发展改革委）")
    assert not K.DOCUMENT_TITLE.search("新增城镇就业4万人以上")


def test_keyness_is_scipys_log_likelihood():
    from scipy.stats import chi2_contingency

    got = K.g2_2x2([10, 3], [5, 0], [90, 97], [195, 200])
    for value, table in zip(got, ([[10, 5], [90, 195]], [[3, 0], [97, 200]])):
        want = chi2_contingency(table, correction=False, lambda_="log-likelihood")[0]
        assert value == pytest.approx(want, rel=1e-12)
    assert got[0] == pytest.approx(7.329812, abs=1e-6)  # the hand value of test_keyness_by_hand


def test_keyness_needs_the_body_or_scope_all(report, toks):
    with pytest.raises(errors.TableError, match=r"target tokens have no 'region' column"):
        K.keyness(TARGET, REFERENCE)
    with pytest.raises(ValueError, match="unknown scope='title'"):
        K.keyness(TARGET, REFERENCE, scope="title")


def test_dispersion_by_hand():
    # two sections: s1 = A A B C (4 tokens), s2 = A D (2 tokens); sizes 4/6, 2/6
    t = make_tokens({"d": ["A A B C", "A D"]})
    t["part"] = "一"
    t["section"] = [1, 1, 1, 1, 2, 2]
    d = K.dispersion(t, scope="all").set_index("term")
    # A: 2 of 3 in s1, 1 in s2 → DP = 0.5 (|2/3 − 4/6| + |1/3 − 2/6|) = 0
    assert d.loc["A", "dp"] == pytest.approx(0.0) and d.loc["A", "n_sections"] == 2
    # B: all in s1 → DP = 0.5 (|1 − 4/6| + |0 − 2/6|) = 1/3
    assert d.loc["B", "dp"] == pytest.approx(1 / 3) and d.loc["B", "n_sections"] == 1
    # D: all in s2 → DP = 0.5 (|0 − 4/6| + |1 − 2/6|) = 2/3
    assert d.loc["D", "dp"] == pytest.approx(2 / 3)


def test_leaders_report_ties():
    table = pd.DataFrame({"group": ["g1"] * 4 + ["g2"] * 2, "term": ["B", "A", "C", "D", "E", "F"],
                          "value": [0.5, 0.5, 0.2, 0.2, 0.9, 0.1]})
    top = K.leaders(table, "value")
    assert top["terms"].tolist() == ["A、B", "E"] and top["n_tied"].tolist() == [2, 1]
    two = K.leaders(table, "value", n=2)
    assert two["terms"].tolist() == ["A、B", "C、D", "E", "F"]
    assert two["rank"].tolist() == [1, 2, 1, 2]


def test_rank_biased_overlap_by_hand():
    # identical lists: 1; disjoint: 0
    assert K.rank_biased_overlap(list("abc"), list("abc")) == pytest.approx(1.0)
    assert K.rank_biased_overlap(list("abc"), list("xyz")) == 0.0
    # [a, b] vs [b, a], p = 0.5: X1 = 0, X2 = 2; RBO = 2/2 · 0.25 + 1 · (0 + 2/2 · 0.25) = 0.5
    assert K.rank_biased_overlap(["a", "b"], ["b", "a"], p=0.5) == pytest.approx(0.5)
    # [a, b, c] vs [a, c, b], p = 0.5: X = 1, 1, 3;
    # RBO = 3/3 · 0.125 + 1 · (1 · 0.5 + 1/2 · 0.25 + 3/3 · 0.125) = 0.875
    assert K.rank_biased_overlap(list("abc"), list("acb"), p=0.5) == pytest.approx(0.875)
    with pytest.raises(ValueError, match="p must be between 0 and 1"):
        K.rank_biased_overlap(["a"], ["a"], p=1.0)


def test_rank_correlation_on_the_shared_vocabulary():
    a = pd.DataFrame({"term": ["W", "A", "B", "C"], "n": [9, 5, 4, 3]})
    b = pd.DataFrame({"term": ["A", "B", "C"], "n": [5, 4, 3]})  # W removed (a stopword)
    shared = K.rank_correlation(a, b, top_n=3)
    assert shared["compared"] == 3 and shared["rho"] == pytest.approx(1.0)
    union = K.rank_correlation(a, b, top_n=3, vocabulary="union")
    # union {W, A, B, C}: (9, 5, 4, 3) vs (0, 5, 4, 3): ranks (4, 3, 2, 1), (1, 4, 3, 2)
    # Σd² = 9 + 1 + 1 + 1 = 12; ρ = 1 − 6·12 / (4·15) = −0.2
    assert union["rho"] == pytest.approx(-0.2)


def test_suggest_terms(report):
    s = K.suggest_terms(report, lexicon=False, n=None)
    assert list(s.columns) == K.SUGGEST_COLUMNS
    assert s["rank"].tolist() == list(range(1, len(s) + 1))
    assert "高质量发展" in s["term"].tolist()  # plain jieba cuts it 高质量/发展
    assert s["segmentation"].str.contains("/").all()  # every suggestion is split now
    stat = s["source"] == "statistics"
    assert (s.loc[stat, "n"] >= 2).all() and (s.loc[stat, "pmi"] >= 3).all()
    # the automatic layer comes first, with its rule and evidence
    auto = s[~stat]
    assert len(auto) and auto["source"].str.startswith("automatic layer: ").all()
    assert s["rank"][~stat].max() < s["rank"][stat].min()
    assert auto["evidence"].str.len().gt(0).all()
    assert all(term in ex for term, ex in zip(s["term"], s["example"]))
    # with the default lexicon the report's own terms are known, so they are not suggested
    known = K.suggest_terms(report, n=None, corpus=False)
    assert "高质量发展" not in known["term"].tolist()
    lex = set(lca.lexicon.default_for(report.doc_id).terms)
    assert not lex & set(known["term"])


# -- figures --------------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_figures_draw_in_both_languages(report, content, national, lang):
    tasks = content[(content["part"] == "二") & content["section"].notna()]
    plan = K.keyness(content[content["part"] == "二"], content[content["part"] == "一"])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with plotting.style():
            fig = plotting.keyword_frequencies(K.frequencies(content), n=30, lang=lang)
            bars, = fig.axes  # bars only: the word cloud was illegible at a column's width
            assert len(bars.get_yticklabels()) == 30
            heat = plotting.tfidf_heatmap(K.tfidf(tasks), n=3, lang=lang)
            assert len(heat.axes[0].get_xticklabels()) == 9
            key = plotting.keyness_bars(plan, target="2024年任务", reference="2023年回顾", lang=lang)
            for f in (fig, heat, key):
                f.canvas.draw()
    if lang == "en":
        assert "high-quality development" in [t.get_text() for t in bars.get_yticklabels()]


def test_keyword_bars_carry_the_counts(content):
    freq = K.frequencies(content)
    with plotting.style():
        fig = plotting.keyword_frequencies(freq, n=20)
    widths = sorted((p.get_width() for p in fig.axes[0].patches), reverse=True)
    assert widths == freq["n"].head(20).tolist()
    assert not fig.axes[0].images  # no word cloud
