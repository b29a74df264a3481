"""Comparative measures (lcanalysis.compare) against hand-computed values."""

import numpy as np
import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import compare as cmp
from lcanalysis import topic_model


@pytest.fixture(scope="module")
def peers():
    return lca.load_corpus([lca.paths.REPORT_FILE, lca.paths.corpus_file("national-2024"),
                            lca.paths.CORPUS / "provinces-2026" / "福建省-2026.txt"])


@pytest.fixture(scope="module")
def ind(peers):
    return lca.extract_indicators(peers)


def test_doc_year():
    assert [cmp.doc_year(d) for d in ("national-1995", "福建省-2026", "national-1980-plan", "x")] == [
        1995, 2026, 1980, None]


def test_profile_distance_by_hand():
    prof = pd.DataFrame({"doc_id": ["a", "a", "a", "b", "b", "b"], "topic": [1, 2, 3] * 2,
                         "share": [0.5, 0.5, 0.0, 0.2, 0.3, 0.5]})
    d = cmp.profile_distance(prof, "a").set_index("doc_id")["distance"]
    assert d["a"] == 0 and d["b"] == pytest.approx((0.3 + 0.2 + 0.5) / 2)
    with pytest.raises(lca.errors.LcaError, match="no report 'c' in the profiles"):
        cmp.profile_distance(prof, "c")
    gaps = cmp.share_vs_peers(prof, "b", ["a"]).set_index("topic")
    assert gaps.loc[3, "above_all"] and gaps.loc[1, "below_all"] and gaps.index[0] == 3


def test_attention_profiles_cover_every_topic(peers):
    prof = cmp.attention_profiles(peers, lca.code_topics(peers))
    n_topics = int((lca.priorities.topics()["code"] != 99).sum())
    assert prof.groupby("doc_id").size().eq(n_topics).all()
    assert np.allclose(prof.groupby("doc_id")["share"].sum(), 1)


def test_growth_ambition_liaocheng(peers, ind):
    amb = cmp.growth_ambition(lca.target_ledger(peers, ind)).set_index("doc_id")
    lc = amb.loc["liaocheng-2024"]
    assert (lc["target"], lc["qualifier"], lc["previous"], lc["previous_kind"]) == (5.5, "以上", 6.0, "estimated")
    assert lc["ambition"] == pytest.approx(-0.5)


def test_quantification_counts(peers, ind):
    q = cmp.quantification(peers, ind).set_index("doc_id")
    lc = peers["liaocheng-2024"]
    chars = int((lc.sentences["end"] - lc.sentences["start"]).sum())
    n = int((ind["doc_id"] == "liaocheng-2024").sum())
    assert q.loc["liaocheng-2024", "per_1000_chars"] == pytest.approx(1000 * n / chars)
    assert q.loc["liaocheng-2024", "sections"] == 21  # 7 + 9 + 5 numbered sections


def test_target_language_counts(peers, ind):
    lang = cmp.target_language(peers, ind)
    lc = lang[lang["doc_id"] == "liaocheng-2024"].set_index("word")
    ids = set(ind.loc[(ind["doc_id"] == "liaocheng-2024") & (ind["kind"] == "target"), "sentence_id"])
    s = peers["liaocheng-2024"].sentences
    texts = s.loc[s["sentence_id"].isin(ids), "text"]
    for word in ("力争", "左右", "以上", "确保"):   # no listed word contains these
        assert lc.loc[word, "n"] == texts.str.count(word).sum()
    summary = cmp.language_summary(lang).set_index("doc_id")
    hard = lc.loc[lc["kind"] == "hard", "n"].sum()
    soft = lc.loc[lc["kind"] == "soft", "n"].sum()
    assert summary.loc["liaocheng-2024", "hard_share"] == pytest.approx(hard / (hard + soft))
    assert summary.loc["liaocheng-2024", "target_sentences"] == len(texts)


def test_ledger_agreement_with_the_provincial_reference():
    provinces = lca.load_corpus(lca.paths.CORPUS / "provinces-2026")
    agree = cmp.ledger_agreement(lca.target_ledger(provinces))
    assert len(agree) == 10 and (agree["matched"] == agree["reference_targets"]).all()


def test_coder_validation_fills_in_when_gold_exists(tmp_path, peers):
    coded = lca.code_topics(peers)
    status = cmp.coder_validation(coded)
    if not (lca.paths.VALIDATION / "topics-dev" / "gold.csv").exists():
        assert set(status["status"]) == {"not yet coded"} and status["kappa"].isna().all()
    sample = pd.read_csv(lca.paths.VALIDATION / "topics-dev" / "sample.csv")
    sample = sample[sample["doc_id"].isin(peers.doc_ids)]
    sample.to_csv(tmp_path / "sample.csv", index=False)
    # the sample names sentences as they were split when it was drawn: locate them now
    located = topic_model.locate(sample, topic_model._reports())
    gold = located.merge(coded, on=["doc_id", "sentence_id"])[["item", "topic"]]
    gold.to_csv(tmp_path / "gold.csv", index=False)
    v = cmp.coder_validation(coded, tmp_path)
    assert v["status"].tolist() == ["coded"] and v["accuracy"].iloc[0] == 1 and v["kappa"].iloc[0] == 1


def test_hand_coded_sentences_are_found_where_the_text_now_puts_them():
    # a correction of the cleaning renumbers sentences (福建省: nine section headings no longer
    # joined to the next line); every hand-coded item must land on its own text
    items = topic_model.training_items()
    located = topic_model.located_items()
    reports = topic_model._reports()
    assert len(located) == len(items) and (located["doc_id"] == items["doc_id"]).all()
    moved = (located["sentence_id"] != items["sentence_id"]).sum()
    assert moved > 100  # 福建省, 北京市, 陕西省 and national-2010 renumbered
    for row in located.itertuples():
        now = reports[row.doc_id].sentences.set_index("sentence_id").at[row.sentence_id, "text"]
        assert now == row.text or now in row.text, (row.doc_id, row.sentence_id)
