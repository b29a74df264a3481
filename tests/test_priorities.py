"""Policy-topic coding and attention measures, against hand-computed cases."""

import math

import numpy as np
import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import priorities as pr


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
    ex = lca.explain_topic(synthetic, sid, cue_file=cue_file)
    # 投资 at position 2 of 10 characters: 3 + 0.5 * (1 - 2/10) + 1 (a quantity follows within 12)
    own = ex.cues[ex.cues["where"] == "sentence"].iloc[0]
    assert own["contribution"] == pytest.approx(round(3 + 0.5 * (1 - 2 / 10) + 1, 3))
    # the lead phrase 扩大有效投资 adds 投资 again at 0.6 of its weight
    lead = ex.cues[ex.cues["where"] == "lead"].iloc[0]
    assert lead["contribution"] == pytest.approx(1.8)
    assert ex.topic == 1
    assert "only topic 1 has cues" in ex.reason
    coded = lca.code_topics(synthetic, cue_file=cue_file)
    row = coded.set_index("sentence_id").loc[sid]
    assert row["cues"] == "投资→1" and row["score"] == pytest.approx(round(3 + 0.5 * (1 - 2 / 10) + 1 + 1.8, 3))


def test_longest_cue_wins_and_no_cue_is_99(tmp_path, synthetic):
    cue_file = tmp_path / "cues.csv"
    cue_file.write_text("cue,topic,weight,note\n社会消费品零售总额,15,3,\n消费,4,3,\n", encoding="utf-8")
    coded = lca.code_topics(synthetic, cue_file=cue_file).set_index("sentence_id")
    s = synthetic.sentences.set_index("sentence_id")
    sid = s.index[s["text"].str.startswith("社会消费品零售总额")][0]
    assert coded.loc[sid, "cues"] == "社会消费品零售总额→15"  # 消费 inside it does not fire
    sid99 = s.index[s["text"] == "现在，我代表市人民政府向大会报告工作。"][0]
    assert coded.loc[sid99, "topic"] == 99


def test_bad_cue_file(tmp_path, synthetic):
    bad = tmp_path / "bad.csv"
    bad.write_text("cue,topic,weight,note\n投资,42,3,\n", encoding="utf-8")
    with pytest.raises(lca.errors.TableError, match="unknown topic 42 for cue '投资'"):
        lca.code_topics(synthetic, cue_file=bad)


def test_explain_unknown_sentence(report):
    with pytest.raises(lca.errors.LcaError, match="no sentence 99999 in liaocheng-2024"):
        lca.explain_topic(report, 99999)


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
    assert overall["kappa"] >= 0.75, overall


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
    overall, per = pr.change_test(a, b)
    chi2, p, dof, _ = chi2_contingency(np.array([[30, 15], [10, 20], [10, 15]]), correction=False)
    assert overall["statistic"] == pytest.approx(chi2) and overall["df"] == dof
    assert overall["pvalue"] == pytest.approx(p)
    row = per.set_index("topic").loc[1]
    # pooled two-proportion z for b against a: p = 45/100, se = sqrt(p(1-p)(1/50+1/50))
    z = (0.3 - 0.6) / math.sqrt(0.45 * 0.55 * (2 / 50))
    assert row["z"] == pytest.approx(z) and row["difference"] == pytest.approx(-0.3)
    assert 0 < overall["pvalue_permutation"] <= 1
    assert abs(overall["pvalue_permutation"] - p) < 0.05  # close to the asymptotic test here
    assert (per["pvalue_adjusted"] >= per["pvalue"]).all()


def test_diversity_hand_example():
    d = pr.diversity([1, 1, 2, 2, 99], n_topics=4, n_boot=200)
    assert d["n"] == 4
    assert d["entropy"] == pytest.approx(math.log(2))
    assert d["effective"] == pytest.approx(2.0)
    assert d["normalized"] == pytest.approx(math.log(2) / math.log(4))
    assert d["entropy_low"] <= d["entropy"] <= d["entropy_high"] + 1e-12
    assert pr.diversity([1, 1, 2, 2], n_topics=4, n_boot=200) == pr.diversity([1, 1, 2, 2], n_topics=4, n_boot=200)
    with pytest.raises(lca.errors.LcaError, match="no sentences with policy content"):
        pr.diversity([99, 99])


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


def test_task_sections_and_annexes(report, coded):
    t = pr.task_sections(report, coded)
    assert t["section"].tolist() == list(range(1, 10))
    assert t["share_chars"].sum() == pytest.approx(1.0)
    annex = pr.annex_topics(report, coded)
    assert annex.groupby("annex").size().to_dict() == {"附件1": 30, "附件2": 24}
    assert annex["topic"].notna().all()
