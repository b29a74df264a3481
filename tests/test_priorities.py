"""Policy-topic coding and attention measures, against hand-computed cases."""

import math
import warnings

import numpy as np
import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import priorities as pr
from lcanalysis.errors import LcaError, TableError


@pytest.fixture(scope="module")
def coded(report):
    return lca.code_topics(report)


def test_one_topic_per_sentence(report, coded):
    assert list(coded.columns[:6]) == ["doc_id", "sentence_id", "topic", "topic_en", "topic_zh", "cues"]
    assert coded["sentence_id"].tolist() == report.sentences["sentence_id"].tolist()
    assert set(coded["topic"]) <= set(pr.topics()["code"])
    # the title block carries no policy content, nor does a bare heading such as 一、2023年工作回顾
    titles = report.sentences.loc[report.sentences["role"].eq("title")
                                  | report.sentences["text"].eq("一、2023年工作回顾"), "sentence_id"]
    assert (coded.set_index("sentence_id").loc[titles, "topic"] == 99).all()


def test_hand_worked_scores(tmp_path, synthetic):
    cue_file = tmp_path / "cues.csv"
    cue_file.write_text("cue,topic,weight,note\n投资,1,3,\n消费,15,3,\n就业,5,2,\n", encoding="utf-8")
    sid = int(synthetic.sentences.loc[synthetic.sentences["text"] == "完成投资100亿元；", "sentence_id"].iloc[0])
    ex = lca.explain_topic(synthetic, sid, method="cues", cue_file=cue_file)
    # 投资 at position 2 of 10 characters: 3 + 0.5 * (1 - 2/10) + 1 (a quantity follows within 12)
    own = ex.cues[ex.cues["where"] == "sentence"].iloc[0]
    assert own["contribution"] == pytest.approx(round(3 + 0.5 * (1 - 2 / 10) + 1, 3))
    # the lead phrase 扩大有效投资 adds 投资 again at 0.6 of its weight
    lead = ex.cues[ex.cues["where"] == "lead"].iloc[0]
    assert lead["contribution"] == pytest.approx(1.8)
    assert ex.topic == 1
    assert "only topic 1 has cues" in ex.reason
    coded = lca.code_topics(synthetic, method="cues", cue_file=cue_file)
    row = coded.set_index("sentence_id").loc[sid]
    assert row["cues"] == "投资→1" and row["score"] == pytest.approx(round(3 + 0.5 * (1 - 2 / 10) + 1 + 1.8, 3))


def test_longest_cue_wins_and_no_cue_is_99(tmp_path, synthetic):
    cue_file = tmp_path / "cues.csv"
    cue_file.write_text("cue,topic,weight,note\n社会消费品零售总额,15,3,\n消费,4,3,\n", encoding="utf-8")
    coded = lca.code_topics(synthetic, method="cues", cue_file=cue_file).set_index("sentence_id")
    s = synthetic.sentences.set_index("sentence_id")
    sid = s.index[s["text"].str.startswith("社会消费品零售总额")][0]
    assert coded.loc[sid, "cues"] == "社会消费品零售总额→15"  # 消费 inside it does not fire
    sid99 = s.index[s["text"] == "现在，我代表市人民政府向大会报告工作。"][0]
    assert coded.loc[sid99, "topic"] == 99


def test_bad_cue_file(tmp_path, synthetic):
    bad = tmp_path / "bad.csv"
    bad.write_text("cue,topic,weight,note\n投资,42,3,\n", encoding="utf-8")
    with pytest.raises(lca.errors.TableError, match="unknown topic 42 for cue '投资'"):
        lca.code_topics(synthetic, method="cues", cue_file=bad)


def test_explain_unknown_sentence(report):
    with pytest.raises(lca.errors.LcaError, match="no sentence 99999 in liaocheng-2024"):
        lca.explain_topic(report, 99999)


@pytest.mark.parametrize("doc", [None, "national-1985", "national-2021", "shandong-2026"])
def test_whole_report_coding_equals_the_sentence_by_sentence_rules(doc):
    """code_topics matches cues for all sentences at once (hashes of substrings in numpy);
    explain_topic applies _evidence and _decide to one sentence with the regular expression.
    The two must agree on every sentence: topic, score, runner-up and the cues that fired."""
    r = lca.load_report() if doc is None else lca.load_report(lca.paths.corpus_file(doc), require_outline=False)
    path = str(lca.paths.TAXONOMY / "cues.csv")
    rel = pr._inputs(r)
    fast = lca.code_topics(r, method="cues")
    for s, row in zip(r.sentences.itertuples(index=False), fast.itertuples(index=False)):
        ev = pr._evidence(s.text, pr._str(s.lead), pr._str(s.section_title), rel.get(s.sentence_id, []), path)
        topic, score, runner, _ = pr._decide(ev, s.role)
        assert (row.topic, row.score) == (topic, round(score, 3)), s.text
        assert (None if pd.isna(row.runner_up) else row.runner_up) == runner, s.text
        assert row.cues == ";".join(f"{e['cue']}→{e['topic']}" for e in ev if e["where"] == "sentence")


def test_fast_tfidf_equals_scikit_learn(report):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from lcanalysis.topic_model import CharTfidf

    texts = report.sentences["text"].tolist()
    vec = TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True, min_df=2)
    vec.fit(texts[:200] + ["Ab  c\td", "ab c"])
    probe = texts + ["", "AB  C\tD e", "新"]
    assert abs(vec.transform(probe) - CharTfidf(vec).transform(probe)).max() < 1e-12


def test_validation_scores_hand_example():
    hand = pd.DataFrame({"sentence_id": [1, 2, 3, 4], "topic": [1, 1, 2, 2]})
    coder = pd.DataFrame({"sentence_id": [1, 2, 3, 4], "topic": [1, 2, 2, 2]})
    overall, per = pr.validation_scores(coder, hand)
    # observed agreement 3/4; chance agreement 0.5*0.25 + 0.5*0.75 = 0.5; kappa = 0.25/0.5
    assert overall["accuracy"] == 0.75 and overall["kappa"] == pytest.approx(0.5)
    assert per.set_index("topic").loc[2, "precision"] == pytest.approx(2 / 3)
    assert per.set_index("topic").loc[1, "recall"] == pytest.approx(0.5)


def test_coder_on_frozen_validation_sample(coded):
    sample = pd.read_csv(lca.paths.VALIDATION / "topics_sample.csv")
    overall, _ = pr.validation_scores(coded, sample)
    assert overall["n"] == 153
    # the default coder (the model) is trained without the Liaocheng sample: out of sample
    assert overall["kappa"] >= 0.80, overall
    cues, _ = pr.validation_scores(lca.code_topics(lca.load_report(), method="cues"), sample)
    assert cues["kappa"] >= 0.80, cues


def test_kappa_interval_stays_within_one():
    # 19 of 20 right: the Wald interval of statsmodels passes 1; kappa cannot
    hand = pd.Series([1] * 10 + [2] * 10)
    coder = pd.Series([1] * 10 + [2] * 9 + [1])
    overall, _ = pr._agreement(hand, coder)
    assert overall["kappa"] == pytest.approx(0.9) and overall["kappa_high"] == 1.0
    assert overall["kappa_low"] < 0.9


def test_document_bootstrap_kappa_resamples_whole_documents():
    one = pd.DataFrame({"hand": [1, 1, 2, 2, 3], "coder": [1, 2, 2, 2, 3]})
    # every document alike: every resample has the same confusion matrix, the interval is a point
    same = pd.concat([one.assign(doc_id=f"d{k}") for k in range(6)], ignore_index=True)
    lo, hi = pr.document_bootstrap_kappa(same)
    kappa = pr._agreement(same["hand"], same["coder"])[0]["kappa"]
    assert lo == pytest.approx(kappa) and hi == pytest.approx(kappa)
    # documents that differ (half perfect, half at chance): wider than the Wald interval
    rng = np.random.default_rng(0)
    parts = []
    for k in range(10):
        hand = rng.integers(1, 5, 30)
        coder = hand if k % 2 else rng.integers(1, 5, 30)
        parts.append(pd.DataFrame({"doc_id": f"d{k}", "hand": hand, "coder": coder}))
    mixed = pd.concat(parts, ignore_index=True)
    lo, hi = pr.document_bootstrap_kappa(mixed)
    wald = pr._agreement(mixed["hand"], mixed["coder"])[0]
    assert hi - lo > wald["kappa_high"] - wald["kappa_low"]
    assert pr.document_bootstrap_kappa(mixed) == (lo, hi)  # fixed seed
    assert all(math.isnan(x) for x in pr.document_bootstrap_kappa(one.assign(doc_id="d0")))


def test_frozen_checks_score_each_batch_before_it_was_used():
    """The predictions of the third and fourth batches were committed without hand codes (the
    codes come from their gold.csv); the model as it stood scores at least 0.70 on every batch's
    provinces (recorded: 0.70 on batch 2, 0.75 on batches 3 and 4) and beats the cue dictionary
    on each; the fourth batch, a test set, is not training data."""
    from lcanalysis import topic_model

    for batch in (3, 4, 5):
        raw = pd.read_csv(lca.paths.VALIDATION / f"topics-dev-{batch}" / "frozen_predictions.csv")
        assert "hand" not in raw.columns and raw["commit"].eq(pr.FROZEN_BATCHES[batch][1]).all()
    assert not any("topics-dev-5" in str(f) for f in topic_model.GOLD_FILES)
    table = pr.frozen_checks().set_index(["batch", "doc_type"])
    assert table.loc[(2, "all"), "n"] == 511 and table.loc[(3, "all"), "n"] == 548
    assert table.loc[(4, "all"), "n"] == 569 and table.loc[(4, "province"), "documents"] == 11
    assert table.loc[(5, "all"), "n"] == 566
    assert (table["kappa_low_docs"] <= table["kappa_model"]).all()
    assert (table["kappa_model"] <= table["kappa_high_docs"]).all()
    for batch in (2, 3, 4, 5):
        assert table.loc[(batch, "province"), "kappa_model"] >= 0.70
        assert table.loc[(batch, "all"), "kappa_model"] > table.loc[(batch, "all"), "kappa_cues"]
    with pytest.raises(LcaError, match="no frozen check for batch 1"):
        pr.frozen_check(1)


def test_the_shipped_model_is_scored_on_its_test_set():
    """Batch 5 is the test set: not training data (asking for a training batch is an error),
    every one of its 566 sentences found and coded now, each document by a model trained without
    it.  The floor is a sanity check far below the recorded 0.80, not a bar for choosing models
    (they are chosen on the development set: test_leave_one_document_out_kappa)."""
    table = pr.test_set_scores(resamples=99).set_index("doc_type")
    assert table.loc["all", "n"] == 566 and table.loc["province", "documents"] == 11
    assert table.loc["province", "kappa_model"] >= 0.65
    assert table.loc["all", "kappa_model"] > table.loc["all", "kappa_cues"]
    with pytest.raises(LcaError, match="not a test set"):
        pr.test_set_check(4)


def test_the_previous_variant_coded_now_reproduces_its_frozen_record():
    """The comparison's earlier variant (C 3) coding batch 5 today agrees with the predictions it
    made when the batch was frozen (recorded: within 0.003), so a gap to the current model is
    the variant's, not that of later changes to the cleaning; the predicted gain comes from
    the development set's record and is positive for the provinces (recorded +0.022)."""
    gain = pr.test_set_comparison(resamples=99).set_index("doc_type")
    assert (gain["kappa_previous"] - gain["frozen_record"]).abs().max() < 0.02
    assert gain.loc["province", "predicted"] > 0
    assert (gain["difference"] == gain["kappa_shipped"] - gain["kappa_previous"]).all()


def test_code_topics_takes_a_variant_of_the_model(report, coded):
    from dataclasses import replace

    from lcanalysis import topic_model

    same = lca.code_topics(report, settings=topic_model.SETTINGS)
    pd.testing.assert_frame_equal(same, coded)
    with pytest.raises(LcaError, match="must be an lcanalysis.topic_model.Settings"):
        lca.code_topics(report, settings={"C": 3.0})
    with pytest.raises(LcaError, match="method='cues' has none"):
        lca.code_topics(report, method="cues", settings=replace(topic_model.SETTINGS, C=3.0))


def test_paired_kappa_difference_resamples_both_codings_together():
    rng = np.random.default_rng(3)
    parts = []
    for k in range(8):
        hand = rng.integers(1, 5, 40)
        worse = np.where(rng.random(40) < 0.3, rng.integers(1, 5, 40), hand)
        better = np.where(rng.random(40) < 0.1, rng.integers(1, 5, 40), hand)
        parts.append(pd.DataFrame({"doc_id": f"d{k}", "sentence_id": range(40), "hand": hand,
                                   "better": better, "worse": worse}))
    t = pd.concat(parts, ignore_index=True)
    a, b = t.rename(columns={"better": "coder"}), t.rename(columns={"worse": "coder"})
    d = pr.paired_kappa_difference(a, b, resamples=499)
    ka = pr._agreement(a["hand"], a["coder"])[0]["kappa"]
    kb = pr._agreement(b["hand"], b["coder"])[0]["kappa"]
    assert d["difference"] == pytest.approx(ka - kb) and d["low"] < d["difference"] < d["high"]
    assert d["low"] > 0 and d["documents"] == 8 and d["n"] == 320
    # the paired interval is narrower than the two codings' own document intervals side by side
    lo_a, hi_a = pr.document_bootstrap_kappa(a, resamples=499)
    lo_b, hi_b = pr.document_bootstrap_kappa(b, resamples=499)
    assert d["high"] - d["low"] < (hi_a - lo_a) + (hi_b - lo_b)
    same = pr.paired_kappa_difference(a, a, resamples=99)
    assert same["difference"] == 0 and same["low"] == same["high"] == 0
    with pytest.raises(TableError, match="not of the same sentences"):
        pr.paired_kappa_difference(a, b.iloc[::-1])


@pytest.fixture(scope="module")
def lodo():
    return {m: pr.coded_hand_sample(method=m) for m in ("model", "cues")}


def test_leave_one_document_out_kappa(lodo):
    """Floors a little below what the shipped variant (C 100, balanced weights) reaches on the four
    batches of the development set (model, LODO: 0.777 on the development set, 0.785 on the
    provinces, 0.844 on Liaocheng, 0.806 on national reports of the 2010s; the cue dictionary, in
    sample: 0.66 / 0.68 / 0.83), and the issue's floor of 0.80 on Liaocheng.  The variant shipped
    before (C 3: 0.754 on the development set, 0.762 on the provinces) fails the first two."""
    model = pr.kappa_by(lodo["model"], "group").set_index("group")
    cues = pr.kappa_by(lodo["cues"], "group").set_index("group")
    dev = "development set"
    assert model.loc[dev, "n"] == 665 + 511 + 548 + 569 and model.loc["Liaocheng", "n"] == 153
    assert model.loc[dev, "kappa"] >= 0.765
    assert model.loc["provinces 2026", "kappa"] >= 0.77
    assert model.loc["Liaocheng", "kappa"] >= 0.80
    assert model.loc["national 2010s", "kappa"] >= 0.70
    # the default is the better coder on the development set
    assert pr.DEFAULT_METHOD == "model" and model.loc[dev, "kappa"] > cues.loc[dev, "kappa"]
    per_doc = pr.kappa_by(lodo["model"], "doc_id")
    assert len(per_doc) == 30 and (per_doc["kappa"] > 0.4).all()  # 29 documents and the total


def test_shipped_variant_is_the_recorded_choice():
    """SETTINGS is the variant that select_model.py's criterion ranks first; the nested record
    covers every hand-coded sentence once, each document coded by a variant chosen without it."""
    from dataclasses import asdict

    from lcanalysis import topic_model

    variants, nested = pr.model_selection()
    top = variants.iloc[0]
    shipped = asdict(topic_model.SETTINGS)
    for key, value in shipped.items():
        recorded = top[key]
        assert (None if pd.isna(recorded) else recorded) == value, (key, recorded, value)
    items = topic_model.located_items()  # select_model.py trains on the sentences as now split
    assert len(nested) == len(items) == 665 + 511 + 548 + 569 + 153
    assert set(map(tuple, nested[["doc_id", "sentence_id"]].to_numpy())) == \
        set(map(tuple, items[["doc_id", "sentence_id"]].to_numpy()))
    assert nested.groupby("doc_id")["variant"].nunique().eq(1).all()


def test_model_is_deterministic_and_leaves_the_document_out(report, coded):
    from lcanalysis import topic_model

    again = lca.code_topics(report)
    pd.testing.assert_frame_equal(coded, again)
    model = topic_model.fit(report.doc_id, str(lca.paths.TAXONOMY / "cues.csv"))
    assert model.excluded == "liaocheng-2024" and model.n_train == 665 + 511 + 548 + 569
    assert coded["score"].between(0, 1).all()


def test_a_renamed_copy_of_a_hand_coded_report_is_still_left_out(tmp_path):
    # the same text under another file name (and doc_id) must not be coded by a model that
    # learnt its own hand codes: held_out recognises it by its hand-coded sentences
    from lcanalysis import topic_model

    cues = str(lca.paths.TAXONOMY / "cues.csv")
    src = lca.paths.CORPUS / "provinces-2026" / "湖南省-2026.txt"
    copy = tmp_path / "my-province.txt"
    copy.write_bytes(src.read_bytes())
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        renamed = lca.load_report(copy)
        assert topic_model.held_out(renamed, cues) == "湖南省-2026"
        coded = lca.code_topics(renamed)
    assert any("copy of it" in str(w.message) and "湖南省-2026" in str(w.message) for w in caught)
    original = lca.code_topics(lca.load_report(src))
    assert coded["topic"].tolist() == original["topic"].tolist()
    # a report that is not a copy leaves nothing out
    other = lca.load_report(lca.paths.CORPUS / "national-2023.txt")
    assert "national-2023" not in set(topic_model.training_items()["doc_id"])
    assert topic_model.held_out(other, cues) is None


def test_systematic_errors_of_the_national_report_fixed(tmp_path):
    (tmp_path / "r.txt").write_text(
        "各位代表：\n一、2023年工作回顾\n我们为实现中华民族伟大复兴而奋斗。\n"
        "二、2024年重点工作\n保持国际收支基本平衡。\n国际影响力不断提升。\n", encoding="utf-8")
    r = lca.load_report(tmp_path / "r.txt", require_outline=False)
    c = lca.code_topics(r, method="cues").set_index("sentence_id")
    s = r.sentences.set_index("sentence_id")["text"]
    topic = {t: c.loc[s.index[s == t][0], "topic"] for t in s}
    assert topic["我们为实现中华民族伟大复兴而奋斗。"] == 99          # not civil rights (2)
    assert topic["保持国际收支基本平衡。"] == 1                      # not international affairs (19)
    assert topic["国际影响力不断提升。"] != 19


def test_explain_the_model(report, coded):
    sid = int(coded.loc[coded["topic"] == 4, "sentence_id"].iloc[0])
    ex = lca.explain_topic(report, sid)
    assert ex.method == "model" and ex.topic == 4
    assert ex.scores.index[0] == 4 and ex.scores.sum() == pytest.approx(1.0, abs=1e-2)
    assert list(ex.features.columns) == ["feature", "value", "contribution"]
    assert len(ex.features) == pr.N_FEATURES and (ex.features["contribution"].diff().dropna() <= 1e-12).all()
    assert "features that carried the prediction" in repr(ex)
    # the features are named in words, the context blocks of the shipped variant among them
    prefixes = ("sentence text contains", "lead phrase | section heading contains", "part title contains",
                "cue score for", "cue dictionary codes it", "section's other sentences coded",
                "neighbouring sentences' cue score for")
    assert all(f.startswith(prefixes) for f in ex.features["feature"]), ex.features
    from lcanalysis import topic_model

    model = topic_model.fit(report.doc_id, str(lca.paths.TAXONOMY / "cues.csv"))
    names = set(model.feature_names)
    assert "cue score for Agriculture" in names
    if topic_model.SETTINGS.section:
        assert "section's other sentences coded Agriculture by the dictionary (share)" in names
    if topic_model.SETTINGS.neighbours:
        assert "neighbouring sentences' cue score for Agriculture" in names
    with pytest.raises(lca.errors.LcaError, match="unknown coding method 'svm'"):
        lca.code_topics(report, method="svm")


def _grp(topics, chars=None):
    chars = chars or [10] * len(topics)
    return pd.DataFrame({"topic": topics, "chars": chars})


def test_attention_hand_example():
    att = pr.attention({"a": _grp([1, 1, 4, 99], [10, 30, 60, 5])})
    a = att.set_index("topic")
    assert a.loc[1, "share_sentences"] == pytest.approx(2 / 3)
    assert a.loc[1, "share_chars"] == pytest.approx(40 / 100)
    assert 99 not in a.index
    att_all = pr.attention({"a": _grp([1, 1, 4, 99])}, policy_only=False).set_index("topic")
    assert att_all.loc[99, "share_sentences"] == pytest.approx(0.25)


def test_change_test_matches_scipy():
    from scipy.stats import chi2_contingency

    a, b = _grp([1] * 30 + [4] * 10 + [7] * 10), _grp([1] * 15 + [4] * 20 + [7] * 15)
    overall, per = pr.change_test(a, b, unit="sentence")
    chi2, p, dof, _ = chi2_contingency(np.array([[30, 15], [10, 20], [10, 15]]), correction=False)
    assert overall["statistic"] == pytest.approx(chi2) and overall["df"] == dof
    assert overall["pvalue_asymptotic"] == pytest.approx(p)
    row = per.set_index("topic").loc[1]
    assert row["difference"] == pytest.approx(-0.3)
    assert 0 < overall["pvalue_permutation"] <= 1
    assert abs(overall["pvalue_permutation"] - p) < 0.05  # close to the asymptotic test here
    # each sentence its own cluster: the Rao-Scott correction is small (design effect about 1)
    assert overall["design_effect"] == pytest.approx(1, abs=0.1) and abs(overall["pvalue"] - p) < 0.05
    assert (per["pvalue_adjusted"] >= per["pvalue"]).all()
    with pytest.raises(lca.errors.LcaError, match="unknown unit 'word'"):
        pr.change_test(a, b, unit="word")


def _sections(topics_per_section, part):
    rows = [dict(topic=t, chars=10, part=part, section=k + 1)
            for k, ts in enumerate(topics_per_section) for t in ts]
    return pd.DataFrame(rows)


def test_change_test_by_section_accounts_for_clustering():
    # each section talks of one topic only; the groups differ in which sections they have.
    # Sentence by sentence the difference looks overwhelming; section by section it is 3 + 3
    # sections, and a split this uneven arises by chance in 2 of the 20 ways of choosing 3 of 6.
    a = _sections([[1] * 10, [1] * 10, [4] * 10], "一")
    b = _sections([[4] * 10, [4] * 10, [1] * 10], "二")
    by_sentence, _ = pr.change_test(a, b, unit="sentence", n_perm=2000)
    by_section, _ = pr.change_test(a, b, unit="section", n_perm=2000)
    assert by_sentence["pvalue_permutation"] < 0.05
    assert by_section["units_a"] == 3 and by_section["units_b"] == 3
    # the observed split is as extreme as 2 + (the split with all of 1 in a…) : about 0.4 or more
    assert by_section["pvalue_permutation"] > 0.3
    # Rao-Scott: sections of one topic each make a design effect of about a section's size
    assert by_sentence["pvalue"] < 0.05 and by_section["pvalue"] > 0.2
    assert by_section["design_effect"] > 5


def test_change_test_rao_scott_hand_example():
    """Two groups of two clusters each; the covariance of each group's shares is the
    with-replacement cluster variance, worked out here by hand for two topics."""
    from scipy.stats import chi2

    a = _sections([[1] * 6 + [4] * 2, [1] * 2 + [4] * 2], "一")   # shares 8/12, 4/12
    b = _sections([[1] * 2 + [4] * 6, [1] * 3 + [4] * 1], "二")   # shares 5/12, 7/12
    overall, per = pr.change_test(a, b, n_perm=200)
    def var(clusters, p):   # clusters: (count of topic 1, size)
        n = sum(m for _, m in clusters)
        z = [(y - p * m) / n for y, m in clusters]
        return len(z) / (len(z) - 1) * sum(x * x for x in z)
    va, vb = var([(6, 8), (2, 4)], 8 / 12), var([(2, 8), (3, 4)], 5 / 12)
    d = 5 / 12 - 8 / 12
    x2 = overall["statistic"]
    deff = (va + vb) / ((1 / 12 + 1 / 12) * (13 / 24) * (11 / 24))  # one df: the design effect of one share
    assert overall["design_effect"] == pytest.approx(deff)
    assert overall["pvalue"] == pytest.approx(chi2.sf(x2 / deff, 1))
    assert per.set_index("topic").loc[1, "difference"] == pytest.approx(d)
    assert per.set_index("topic").loc[1, "se"] == pytest.approx(math.sqrt(va + vb))


def test_diversity_hand_example():
    codes = [1, 1, 1, 2, 2, 99, 3]
    d = pr.diversity(codes, n_topics=4, n_boot=200)
    h = -(3 / 6 * math.log(3 / 6) + 2 / 6 * math.log(2 / 6) + 1 / 6 * math.log(1 / 6))
    assert d["n"] == 6
    assert d["entropy"] == pytest.approx(h)
    assert d["effective"] == pytest.approx(math.exp(h))
    assert d["normalized"] == pytest.approx(h / math.log(4))
    assert d["entropy_low"] <= d["entropy"] + 1e-12
    assert d["effective_low"] == pytest.approx(math.exp(d["entropy_low"]))
    assert pr.diversity(codes, n_topics=4, n_boot=200) == pr.diversity(codes, n_topics=4, n_boot=200)
    with pytest.raises(lca.errors.LcaError, match="no sentences with policy content"):
        pr.diversity([99, 99])
    with pytest.raises(lca.errors.LcaError, match="every jackknife sample has the same entropy"):
        pr.diversity([1, 1, 2, 2, 1, 2], n_boot=200)


def test_diversity_bca_matches_scipy_and_sections_widen():
    from scipy.stats import bootstrap

    rng = np.random.default_rng(1)
    codes = rng.choice([1, 4, 7, 13, 15], size=120, p=[0.4, 0.25, 0.15, 0.1, 0.1])
    d = pr.diversity(codes, n_boot=500, seed=3)

    def h(x, axis=-1):
        x = np.asarray(x)
        p = np.stack([(x == c).mean(axis) for c in (1, 4, 7, 13, 15)], -1)
        return -np.where(p > 0, p * np.log(np.where(p > 0, p, 1)), 0).sum(-1)

    kw = {"rng" if "rng" in __import__("inspect").signature(bootstrap).parameters else "random_state":
          np.random.default_rng(3)}
    ref = bootstrap((codes,), h, n_resamples=500, method="BCa", vectorized=True, batch=200, **kw)
    assert d["entropy_low"] == pytest.approx(ref.confidence_interval.low, abs=0.02)
    assert d["entropy_high"] == pytest.approx(ref.confidence_interval.high, abs=0.02)
    # the same sentences in 12 sections of one topic each: far fewer independent units
    sections = np.argsort(np.argsort(codes, kind="stable"), kind="stable") // 10
    ds = pr.diversity(codes, clusters=sections, n_boot=500, seed=3)
    assert ds["entropy"] == pytest.approx(d["entropy"]) and ds["units"] == 12
    assert ds["entropy_high"] - ds["entropy_low"] > 1.5 * (d["entropy_high"] - d["entropy_low"])


def test_hardness_hand_example(synthetic):
    coded = lca.code_topics(synthetic)
    ind = lca.extract_indicators(synthetic)
    h = pr.hardness(synthetic, coded, ind, parts=("二",))
    plan = synthetic.sentences[synthetic.sentences["part"] == "二"]
    plan_coded = coded[coded["sentence_id"].isin(plan["sentence_id"]) & (coded["topic"] != 99)]
    targeted = set(ind.loc[ind["kind"] == "target", "sentence_id"])
    assert h["sentences"].sum() == len(plan_coded)
    assert h["with_target"].sum() == plan_coded["sentence_id"].isin(targeted).sum()
    assert h["attention"].sum() == pytest.approx(1.0)
    from statsmodels.stats.proportion import proportion_confint

    row = h.iloc[0]
    lo, hi = proportion_confint(row["with_target"], row["sentences"], method="wilson")
    assert (row["hardness_low"], row["hardness_high"]) == pytest.approx((lo, hi))


def test_hardness_annex_in_or_out(report, coded):
    ind = lca.extract_indicators(report)
    out = pr.hardness(report, coded, ind)
    inc = pr.hardness(report, coded, ind, annex="include")
    annex = coded[coded["sentence_id"].isin(report.sentences.loc[report.sentences["part"].str.startswith("附件", na=False), "sentence_id"])]
    assert inc["sentences"].sum() - out["sentences"].sum() == (annex["topic"] != 99).sum() > 0
    assert (inc["hardness_low"] <= inc["hardness"]).all() and (inc["hardness"] <= inc["hardness_high"]).all()
    with pytest.raises(lca.errors.LcaError, match="unknown annex='yes'"):
        pr.hardness(report, coded, ind, annex="yes")


def test_hardness_test_hand_example():
    from scipy.stats import chi2_contingency

    t = pd.DataFrame({"topic": [1, 4], "sentences": [20, 20], "with_target": [15, 2]})
    res = pr.hardness_test(t, n_perm=2000)
    chi2 = chi2_contingency(np.array([[15, 2], [5, 18]]), correction=False)[0]
    assert res["statistic"] == pytest.approx(chi2) and res["pvalue_permutation"] < 0.01
    same = pr.hardness_test(pd.DataFrame({"topic": [1, 4], "sentences": [20, 20], "with_target": [5, 5]}))
    assert same["statistic"] == pytest.approx(0) and same["pvalue_permutation"] == pytest.approx(1)


def test_task_sections_and_annexes(report, coded):
    t = pr.task_sections(report, coded)
    assert t["section"].tolist() == list(range(1, 10))
    assert t["share_chars"].sum() == pytest.approx(1.0)
    annex = pr.annex_topics(report, coded)
    assert annex.groupby("annex").size().to_dict() == {"附件1": 30, "附件2": 24}
    assert annex["topic"].notna().all()


def test_hardness_test_within_sections_ignores_what_sections_explain():
    """Targets that sit in one section, whatever the topic, make topics differ when sentences
    are shuffled freely but not when the flags are shuffled within sections."""
    rows = []
    for section, target in ((1, True), (2, False), (3, True), (4, False)):
        for k in range(12):
            topic = 1 if (section in (1, 2)) == (k < 10) else 4  # topic 1 mostly in sections 1–2
            rows.append(dict(part="二", section=section, topic=topic, has_target=target))
    sentences = pd.DataFrame(rows)
    table = sentences.groupby("topic").agg(sentences=("has_target", "size"),
                                           with_target=("has_target", "sum")).reset_index()
    res = pr.hardness_test(table, sentences=sentences, n_perm=2000)
    assert res["strata"] == "section" and res["informative_sections"] == 0
    assert res["pvalue_permutation"] == pytest.approx(1)
    mixed = sentences.assign(has_target=sentences["topic"] == 1)
    table2 = mixed.groupby("topic").agg(sentences=("has_target", "size"),
                                        with_target=("has_target", "sum")).reset_index()
    res2 = pr.hardness_test(table2, sentences=mixed, n_perm=2000)
    assert res2["pvalue_permutation"] < 0.05  # within the same sections topic 1 carries the targets


def test_hardness_test_rejects_sentences_of_another_table():
    t = pd.DataFrame({"topic": [1, 4], "sentences": [3, 3], "with_target": [1, 1]})
    s = pd.DataFrame({"topic": [1, 4], "has_target": [True, False], "part": "二", "section": 1})
    with pytest.raises(lca.errors.LcaError, match="not those of the hardness table"):
        pr.hardness_test(t, sentences=s)
