"""The inputs of every figure function, computed as the notebooks compute them
(shared by tests/test_plotting.py and benchmarks)."""

from __future__ import annotations

from functools import lru_cache

import numpy as np

import lcanalysis as lca
from lcanalysis import plotting
from lcanalysis import priorities as pr
from lcanalysis import realism


@lru_cache(maxsize=1)
def _report():
    return lca.load_report()


@lru_cache(maxsize=1)
def _keywords():
    report = _report()
    tokens = lca.tokenize(report)
    content = lca.tokens.content_tokens(lca.keywords.with_structure(tokens, report))
    national = lca.load_comparison("national-2024")
    national_content = lca.tokens.content_tokens(
        lca.keywords.with_structure(lca.tokenize(national), national))
    rp = lca.review_plan(report)
    tasks = content[(content["part"] == rp.tasks) & content["section"].notna()]
    return dict(
        freq=lca.keywords.frequencies(content),
        scores=lca.keywords.tfidf(tasks, by="section"),
        plan=lca.keywords.keyness(content[content["part"].isin(rp.plan)],
                                  content[content["part"].isin(rp.review)], min_count=5),
        versus=lca.keywords.keyness(content, national_content, min_count=5),
    )


@lru_cache(maxsize=1)
def _priorities():
    report = _report()
    coded = lca.code_topics(report)
    groups = pr.with_national(pr.groups(report, coded), lca.load_comparison("national-2024"))
    return dict(
        att=pr.attention(groups),
        div=pr.diversity_table(groups, n_boot=200, seed=20240112),
        matrix=pr.section_topic_matrix(report, coded),
        hard=pr.hardness(report, coded, lca.extract_indicators(report)),
    )


@lru_cache(maxsize=1)
def _realism():
    report = _report()
    ledger = lca.target_ledger(report)
    national = realism.national_series(1990, 2025, keys=("gdp_growth", "cpi", "new_urban_jobs"))
    growth = realism.growth_targets(national, ledger, report, realism.load_sourced_figures(),
                                    realism.load_user_figures())
    import pandas as pd

    record = pd.concat([realism.track_record(growth, r, tolerance=0.5) for r in ("全国", "山东")],
                       ignore_index=True)
    esc = realism.escalation(growth, 2024)
    info = realism.information_set(growth, cutoff=realism.REPORT_DATE)
    ex_ante = info[info["ex_ante"]]
    run = realism.contiguous_run(realism.first_reported(ex_ante, "全国"), 2022)
    bt = realism.backtest(run, first_test=2016, last_test=run.index.max(), min_train=7, horizon=2,
                          targets=realism.target_points(realism.track_record(ex_ante, "全国")))
    support = realism.supported_models(realism.backtest_scores(bt), benchmark="random_walk",
                                       max_mae_ratio=1.1, min_sign_p=0.10, min_coverage80=0.5)
    supported = list(support.loc[support["supported"], "model"])
    fc = realism.forecast(run, 2024)
    evidence = realism.premium_evidence(info)
    gaps = evidence[evidence["ex_ante"] & (evidence["year"] >= 2012)]
    hindsight = evidence[evidence["year"].isin([2023, 2024])]
    lc_target = esc.loc[esc["region"] == "聊城", "target"].iloc[0]
    curve = realism.premium_curve(fc, lc_target, np.round(np.arange(-1.0, 3.51, 0.05), 2),
                                  models=supported)
    return dict(record=record, esc=esc, run=run, fc=fc, supported=supported, curve=curve,
                gaps=gaps["gap"], hindsight=hindsight["gap"], lc_target=lc_target)


@lru_cache(maxsize=1)
def _in_context():
    from lcanalysis import compare as cmp

    focus = _report()
    peers = lca.load_corpus([focus, *cmp.peer_sources(focus)])
    coded, ind = lca.code_topics(peers), lca.extract_indicators(peers)
    files = [p for p in sorted(lca.paths.CORPUS.glob("national-*.txt")) if 1978 <= cmp.doc_year(p.stem) <= 2025]
    national = lca.load_corpus(files, require_outline=False)
    return dict(
        profiles=cmp.profile_matrix(cmp.attention_profiles(peers, coded)),
        quant=cmp.quantification(peers, ind),
        amb=cmp.growth_ambition(lca.target_ledger(peers, ind)),
        hardsoft=cmp.language_summary(cmp.target_language(peers, ind)),
        decades=cmp.attention_by_period(national, lca.code_topics(national)),
        series=realism.wide_series(realism.national_series(1978, 2025)),
    )


#: every figure the notebooks publish
NAMES = ("01_length_by_section", "02_quantities_by_section", "02_targets_vs_2023", "03_top_keywords",
         "03_term_survival_heldout",
         "03_tfidf_sections", "03_keyness_plan_review", "03_keyness_national", "04_attention",
         "04_diversity", "04_section_topics", "04_hardness", "05_target_history",
         "05_escalation_2024", "05_premium_curve", "05_forecast_fan", "06_attention_profiles",
         "06_quantification", "06_ambition", "06_target_language", "06_attention_by_decade",
         "06_growth_targets")


@lru_cache(maxsize=1)
def cases() -> dict:
    """name → (figure function, args, kwargs), one per figure the notebooks publish."""
    report = _report()
    ind = lca.extract_indicators(report)
    k, p, r, c = _keywords(), _priorities(), _realism(), _in_context()
    return {
        "01_length_by_section": (plotting.length_by_section, (report.outline(),), {}),
        "02_quantities_by_section": (plotting.quantities_by_section,
                                     (lca.indicators.by_section(ind, report),), {}),
        "02_targets_vs_2023": (plotting.targets_vs_previous, (lca.target_ledger(report),), {}),
        "03_top_keywords": (plotting.keyword_frequencies, (k["freq"],), {"n": 30}),
        "03_term_survival_heldout": (plotting.survival_bars, (lca.lexicon.evaluate.heldout_survival(),), {}),
        "03_tfidf_sections": (plotting.tfidf_heatmap, (k["scores"],), {"n": 3, "outline": report.outline()}),
        "03_keyness_plan_review": (plotting.keyness_bars, (k["plan"],),
                                   {"target": "2024年任务", "reference": "2023年回顾", "n": 10}),
        "03_keyness_national": (plotting.keyness_bars, (k["versus"],),
                                {"target": "聊城市2024", "reference": "全国2024", "n": 10}),
        "04_attention": (plotting.attention_comparison, (p["att"],), {}),
        "04_diversity": (plotting.diversity_intervals, (p["div"],), {}),
        "04_section_topics": (plotting.section_topic_heatmap, (p["matrix"],), {"outline": report.outline()}),
        "04_hardness": (plotting.hardness_vs_attention, (p["hard"],), {}),
        "05_target_history": (plotting.target_history,
                              (r["record"][r["record"]["region"] == "全国"],
                               r["record"][r["record"]["region"] == "山东"]), {}),
        "05_escalation_2024": (plotting.escalation_chart, (r["esc"],), {}),
        "05_premium_curve": (plotting.premium_curve, (r["curve"], r["gaps"]),
                             {"threshold": r["lc_target"], "hindsight": r["hindsight"]}),
        "05_forecast_fan": (plotting.forecast_fan,
                            (r["run"], r["fc"][r["fc"]["model"].isin(r["supported"] + ["mean", "arima"])]),
                            {"model": r["supported"][-1],
                             "unsupported": [m for m in ("mean", "arima") if m not in r["supported"]],
                             "title": "全国增长预测（2024年，事前：数据截至2022年）"}),
        "06_attention_profiles": (plotting.attention_profiles, (c["profiles"],), {}),
        "06_quantification": (plotting.quantification_bars, (c["quant"],), {}),
        "06_ambition": (plotting.ambition_dots, (c["amb"],), {}),
        "06_target_language": (plotting.target_language_bars, (c["hardsoft"],), {}),
        "06_attention_by_decade": (plotting.attention_by_period, (c["decades"],), {}),
        "06_growth_targets": (plotting.growth_target_series, (c["series"],), {}),
    }
