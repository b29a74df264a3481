"""Policy priorities: CAP topic coding of sentences and attention measures.

The coder is a transparent dictionary method.  ``data/taxonomy/cues.csv`` lists
cue words and phrases with the CAP major topic they point to and a weight
(3 = decisive, 2 = typical, 1 = weak); users can read and edit it.  For each
sentence:

1. cues are matched longest first, without overlaps (新能源汽车 → 15 hides the
   shorter 新能源 → 8), each distinct cue counted once;
2. a cue scores its weight, plus up to 0.5 the earlier it stands (the
   codebook's "first listed area" rule), plus 1 if a quantity follows it within
   12 characters (the "area its numbers measure" rule);
3. the sentence's lead phrase and section heading add their cues as context,
   at 0.6 and 0.3 of their weight;
4. the topic with the highest score wins; ties go to the topic whose cue stands
   first; a best score below :data:`MIN_SCORE` (no policy cue) gives 99, as do
   the lines of the title block.

:func:`explain_topic` shows every cue that fired, its contribution and why the
winner won.
"""

from __future__ import annotations

import csv
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .corpus import Corpus, Report, per_document
from .errors import LcaError, TableError, require_columns
from .roles import AmbiguousRolesError, require, review_plan

#: strata for the validation sample: the report's parts, the opening as its own stratum
OPENING = "开篇"
NO_POLICY = 99
MIN_SCORE = 1.0
LEAD_FACTOR = 0.6
SECTION_FACTOR = 0.3
POSITION_BONUS = 0.5
NUMBER_BONUS = 1.0
NUMBER_WINDOW = 12
TOPIC_COLUMNS = ["doc_id", "sentence_id", "topic", "topic_en", "topic_zh", "cues", "score", "runner_up"]


def validation_sample(report: Report, n: int = 150, *, seed: int = 20240112,
                      min_per_stratum: int = 8) -> pd.DataFrame:
    """A stratified random sample of sentences (strata: parts; proportional
    allocation with at least ``min_per_stratum`` each), in reading order."""
    s = report.sentences.copy()
    s["stratum"] = s["part"].fillna(OPENING)
    sizes = s.groupby("stratum", sort=False).size()
    alloc = (sizes / sizes.sum() * n).round().astype(int).clip(lower=min_per_stratum)
    alloc = alloc.where(alloc <= sizes, sizes)
    picks = [grp.sample(n=int(alloc[name]), random_state=seed)
             for name, grp in s.groupby("stratum", sort=False)]
    out = pd.concat(picks).sort_values("sentence_id")
    return out[["sentence_id", "stratum", "part", "section", "text"]].reset_index(drop=True)


# -- the codebook and the cue dictionary -----------------------------------------------
def topics() -> pd.DataFrame:
    """The CAP major topics of ``data/taxonomy/topics.csv`` (code, topic_en, topic_zh, covers)."""
    t = pd.read_csv(paths.TAXONOMY / "topics.csv", dtype={"code": "int64"})
    return t


@lru_cache(maxsize=4)
def _load_cues(path: str) -> tuple[tuple[str, int, float], ...]:
    known = set(topics()["code"])
    out = []
    with open(path, encoding="utf-8", newline="") as f:
        for k, row in enumerate(csv.DictReader(f), start=2):
            try:
                cue, topic, weight = row["cue"].strip(), int(row["topic"]), float(row["weight"])
            except (KeyError, ValueError, TypeError):
                raise TableError(f"{paths.display(path)} line {k}: expected cue,topic,weight "
                                 f"with an integer topic and a numeric weight") from None
            if topic not in known:
                raise TableError(f"{paths.display(path)} line {k}: unknown topic {topic} for cue "
                                 f"{cue!r}; use a code from data/taxonomy/topics.csv")
            if cue:
                out.append((cue, topic, weight))
    return tuple(out)


def cues(path: str | Path | None = None) -> pd.DataFrame:
    """The cue dictionary as a table (cue, topic, weight)."""
    rows = _load_cues(str(path or paths.TAXONOMY / "cues.csv"))
    return pd.DataFrame(rows, columns=["cue", "topic", "weight"])


@lru_cache(maxsize=4)
def _matcher(path: str):
    rows = _load_cues(path)
    by_cue: dict[str, list[tuple[int, float]]] = {}
    for cue, topic, weight in rows:
        by_cue.setdefault(cue, []).append((topic, weight))
    pattern = re.compile("|".join(re.escape(c) for c in sorted(by_cue, key=len, reverse=True)))
    return pattern, by_cue


def _find(text: str, path: str) -> list[tuple[str, int, int, float]]:
    """Non-overlapping cue hits, longest first: (cue, start, topic, weight)."""
    if not isinstance(text, str) or not text:
        return []
    pattern, by_cue = _matcher(path)
    hits, seen = [], set()
    for m in pattern.finditer(text):  # leftmost-longest thanks to the sorted alternation
        if m.group() in seen:
            continue
        seen.add(m.group())
        for topic, weight in by_cue[m.group()]:
            hits.append((m.group(), m.start(), topic, weight))
    return hits


def _evidence(text, lead, section_title, quantity_starts, path) -> list[dict]:
    rows = []
    n = max(len(text), 1)
    for cue, pos, topic, weight in _find(text, path):
        bonus = POSITION_BONUS * (1 - pos / n)
        number = NUMBER_BONUS if any(0 <= q - (pos + len(cue)) <= NUMBER_WINDOW for q in quantity_starts) else 0.0
        rows.append(dict(cue=cue, where="sentence", position=pos, topic=topic, weight=weight,
                         position_bonus=round(bonus, 3), number_bonus=number,
                         contribution=round(weight + bonus + number, 3)))
    for where, ctx, factor in (("lead", lead, LEAD_FACTOR), ("section", section_title, SECTION_FACTOR)):
        for cue, pos, topic, weight in _find(ctx, path):
            rows.append(dict(cue=cue, where=where, position=n + pos, topic=topic, weight=weight,
                             position_bonus=0.0, number_bonus=0.0,
                             contribution=round(weight * factor, 3)))
    return rows


def _decide(evidence: list[dict], role: str) -> tuple[int, float, int | None, str]:
    if role == "title":
        return NO_POLICY, 0.0, None, "a line of the title block: no policy content"
    if not evidence:
        return NO_POLICY, 0.0, None, "no cue fired: no policy content"
    scores: dict[int, float] = {}
    first: dict[int, int] = {}
    for e in evidence:
        scores[e["topic"]] = scores.get(e["topic"], 0.0) + e["contribution"]
        first[e["topic"]] = min(first.get(e["topic"], 10**9), e["position"])
    ranked = sorted(scores, key=lambda t: (-round(scores[t], 6), first[t], t))
    best = ranked[0]
    runner = ranked[1] if len(ranked) > 1 else None
    if scores[best] < MIN_SCORE:
        return NO_POLICY, scores[best], best, (
            f"best score {scores[best]:.2f} (topic {best}) is below {MIN_SCORE}: no policy content")
    if runner is not None and math.isclose(scores[best], scores[runner]):
        why = (f"topic {best} ties with {runner} at {scores[best]:.2f}; "
               f"its first cue stands earlier (first listed area)")
    elif runner is not None:
        why = f"topic {best} scores {scores[best]:.2f}, ahead of {runner} at {scores[runner]:.2f}"
    else:
        why = f"only topic {best} has cues ({scores[best]:.2f})"
    return best, scores[best], runner, why


def _inputs(report: Report):
    from .indicators import extract_indicators

    require_columns(report.sentences, ["sentence_id", "text", "lead", "section_title", "role", "start"],
                    what="report.sentences")
    ind = extract_indicators(report)
    q = ind.assign(rel=ind["start"]).groupby("sentence_id")["rel"].apply(list)
    starts = report.sentences.set_index("sentence_id")["start"]
    rel = {sid: [p - starts[sid] for p in ps] for sid, ps in q.items()}
    return rel


@per_document
def code_topics(report: Report, *, cue_file: str | Path | None = None) -> pd.DataFrame:
    """One primary CAP topic per sentence: doc_id, sentence_id, topic, topic_en,
    topic_zh, cues (the sentence's own cues, ``cue→topic`` joined by ``;``),
    score, runner_up."""
    path = str(cue_file or paths.TAXONOMY / "cues.csv")
    names = topics().set_index("code")
    rel = _inputs(report)
    rows = []
    en, zh = names["topic_en"].to_dict(), names["topic_zh"].to_dict()
    for s in report.sentences.itertuples(index=False):
        ev = _evidence(s.text, _str(s.lead), _str(s.section_title), rel.get(s.sentence_id, []), path)
        topic, score, runner, _ = _decide(ev, s.role)
        own = [f"{e['cue']}→{e['topic']}" for e in ev if e["where"] == "sentence"]
        rows.append(dict(doc_id=report.doc_id, sentence_id=s.sentence_id, topic=topic,
                         topic_en=en[topic], topic_zh=zh[topic],
                         cues=";".join(own), score=round(score, 3), runner_up=runner))
    out = pd.DataFrame(rows, columns=TOPIC_COLUMNS)
    return out.astype({"topic": "int64", "runner_up": "Int64", "sentence_id": "int64"})


def _str(x) -> str:
    return x if isinstance(x, str) else ""


@dataclass
class TopicExplanation:
    """The evidence behind one sentence's topic."""

    sentence_id: int
    text: str
    topic: int
    topic_en: str
    reason: str
    scores: pd.Series
    cues: pd.DataFrame

    def __repr__(self) -> str:
        lines = [f"sentence {self.sentence_id}: {self.text}",
                 f"→ topic {self.topic} ({self.topic_en}): {self.reason}"]
        if len(self.cues):
            lines.append(self.cues.to_string(index=False))
        return "\n".join(lines)


def explain_topic(report: Report, sentence_id: int, *, cue_file: str | Path | None = None) -> TopicExplanation:
    """Which cues fired for a sentence, with what weight, and why its topic won."""
    s = report.sentences
    if sentence_id not in set(s["sentence_id"]):
        raise LcaError(f"no sentence {sentence_id} in {report.doc_id}: "
                       f"sentence ids run from {s['sentence_id'].min()} to {s['sentence_id'].max()}")
    row = s.set_index("sentence_id").loc[sentence_id]
    path = str(cue_file or paths.TAXONOMY / "cues.csv")
    rel = _inputs(report)
    ev = _evidence(row["text"], _str(row["lead"]), _str(row["section_title"]),
                   rel.get(sentence_id, []), path)
    topic, _, _, why = _decide(ev, row["role"])
    table = pd.DataFrame(ev, columns=["cue", "where", "position", "topic", "weight",
                                      "position_bonus", "number_bonus", "contribution"])
    scores = table.groupby("topic")["contribution"].sum().sort_values(ascending=False).round(3)
    names = topics().set_index("code")
    return TopicExplanation(sentence_id, row["text"], topic, names.loc[topic, "topic_en"], why,
                            scores, table)


# -- measures -------------------------------------------------------------------------
def _coded(report: Report | Corpus, coded: pd.DataFrame) -> pd.DataFrame:
    require_columns(coded, ["sentence_id", "topic"], what="topics")
    cols = ["sentence_id", "part", "section", "section_title", "role", "start", "end"]
    if isinstance(report, Corpus):  # keyed by (doc_id, sentence_id)
        require_columns(coded, ["doc_id"], what="topics of a corpus")
        s = report.sentences[["doc_id"] + cols]
        out = s.merge(coded[["doc_id", "sentence_id", "topic"]], on=["doc_id", "sentence_id"],
                      how="inner", validate="1:1")
    else:
        s = report.sentences[cols]
        out = s.merge(coded[["sentence_id", "topic"]], on="sentence_id", how="inner", validate="1:1")
    out["chars"] = out["end"] - out["start"]
    return out


#: the comparison groups: the review of the past year and the plan for the year,
#: as :func:`lcanalysis.roles.review_plan` reads them from the outline (for
#: Liaocheng 2024: part 一, and parts 二 and 三 — the plan includes the part on
#: the government's own work, whose counterpart is the review's section （七）).
REVIEW, PLAN, WHOLE = "回顾", "计划", "全文"


def groups(report: Report | Corpus, coded: pd.DataFrame, *, review: tuple[str, ...] | None = None,
           plan: tuple[str, ...] | None = None) -> dict[str, pd.DataFrame]:
    """The comparison groups of notebook 04: the whole report (全文), the review
    (回顾) and the plan (计划) of :func:`lcanalysis.roles.review_plan`
    (``review=`` / ``plan=`` override it).  For a :class:`~lcanalysis.corpus.Corpus`,
    one group per report (its doc_id), the whole report (reports of other years and
    levels lay out their parts differently)."""
    if isinstance(report, Corpus):
        c = _coded(report, coded)
        return {d: c[c["doc_id"] == d] for d in report.doc_ids}
    rp = review_plan(report, review=review, plan=plan)
    require(rp, "the review/plan comparison", report.doc_id)
    c = _coded(report, coded)
    return {WHOLE: c, REVIEW: c[c["part"].isin(rp.review)], PLAN: c[c["part"].isin(rp.plan)]}


def attention(grouped: dict[str, pd.DataFrame], *, policy_only: bool = True) -> pd.DataFrame:
    """Attention shares by topic in each group: share of sentences and share of
    characters (long table: group, topic, sentences, chars, share_sentences,
    share_chars).  With ``policy_only`` the shares are among sentences with
    policy content (topic 99 left out), as in the policy-agendas literature."""
    rows = []
    for name, df in grouped.items():
        d = df[df["topic"] != NO_POLICY] if policy_only else df
        n, chars = len(d), d["chars"].sum()
        for topic, g in d.groupby("topic"):
            rows.append(dict(group=name, topic=int(topic), sentences=len(g), chars=int(g["chars"].sum()),
                             share_sentences=len(g) / n if n else np.nan,
                             share_chars=g["chars"].sum() / chars if chars else np.nan))
    return pd.DataFrame(rows, columns=["group", "topic", "sentences", "chars", "share_sentences",
                                       "share_chars"])


def change_test(a: pd.DataFrame, b: pd.DataFrame, *, method: str = "holm",
                policy_only: bool = True, n_perm: int = 5000,
                seed: int = 20240112) -> tuple[dict, pd.DataFrame]:
    """Does attention differ between two groups of coded sentences (a → b)?

    Overall: Pearson's chi-square test of homogeneity on the topic × group table
    (statsmodels ``Table(..., shift_zeros=False).test_nominal_association``); as
    many expected counts are small, its p-value is also computed by permutation
    (group labels shuffled ``n_perm`` times, fixed seed).  Per topic:
    two-proportion z-tests (``proportions_ztest``; z > 0 when the topic's share
    is larger in b) with p-values adjusted for multiple testing
    (``multipletests``, default Holm)."""
    from statsmodels.stats.contingency_tables import Table
    from statsmodels.stats.multitest import multipletests
    from statsmodels.stats.proportion import proportions_ztest

    if policy_only:
        a, b = a[a["topic"] != NO_POLICY], b[b["topic"] != NO_POLICY]
    topics_ = np.concatenate([a["topic"].to_numpy(), b["topic"].to_numpy()])
    group = np.r_[np.zeros(len(a), int), np.ones(len(b), int)]
    ct = pd.crosstab(topics_, group)
    res = Table(ct.to_numpy(), shift_zeros=False).test_nominal_association()
    codes, inv = np.unique(topics_, return_inverse=True)

    def chi2(g):
        obs = np.zeros((len(codes), 2))
        np.add.at(obs, (inv, g), 1)
        exp = obs.sum(1, keepdims=True) * obs.sum(0, keepdims=True) / obs.sum()
        return float(((obs - exp) ** 2 / exp).sum())

    rng = np.random.default_rng(seed)
    observed = chi2(group)
    perm = np.array([chi2(rng.permutation(group)) for _ in range(n_perm)])
    expected = ct.to_numpy().sum(1, keepdims=True) * ct.to_numpy().sum(0, keepdims=True) / ct.to_numpy().sum()
    overall = dict(statistic=float(res.statistic), df=int(res.df), pvalue=float(res.pvalue),
                   pvalue_permutation=float((1 + (perm >= observed - 1e-9).sum()) / (n_perm + 1)),
                   share_expected_below_5=float((expected < 5).mean()), n_a=len(a), n_b=len(b))
    rows = []
    for topic in ct.index:
        x = np.array([ct.loc[topic, 1], ct.loc[topic, 0]])
        nobs = np.array([len(b), len(a)])
        z, p = proportions_ztest(x, nobs)
        rows.append(dict(topic=int(topic), share_a=x[1] / nobs[1], share_b=x[0] / nobs[0],
                         difference=x[0] / nobs[0] - x[1] / nobs[1], z=float(z), pvalue=float(p)))
    per = pd.DataFrame(rows)
    per["pvalue_adjusted"] = multipletests(per["pvalue"], method=method)[1]
    per["significant"] = per["pvalue_adjusted"] < 0.05
    return overall, per


def _entropy(counts: np.ndarray) -> float:
    p = counts[counts > 0] / counts.sum()
    return float(-(p * np.log(p)).sum())


def diversity(topic_codes, *, n_topics: int | None = None, n_boot: int = 2000,
              seed: int = 20240112, level: float = 0.95) -> dict:
    """Attention diversity of a set of coded sentences: Shannon entropy H (nats),
    normalised entropy H / ln K (K = number of policy topics in the codebook),
    and the effective number of topics exp(H), each with a percentile bootstrap
    interval over sentences (resampled with replacement, fixed seed)."""
    codes = np.asarray([c for c in topic_codes if c != NO_POLICY])
    if len(codes) == 0:
        raise LcaError("no sentences with policy content to measure diversity on")
    k = n_topics or int((topics()["code"] != NO_POLICY).sum())
    labels, inv = np.unique(codes, return_inverse=True)
    h = _entropy(np.bincount(inv))
    rng = np.random.default_rng(seed)
    boot = np.array([_entropy(np.bincount(inv[rng.integers(0, len(inv), len(inv))],
                                          minlength=len(labels))) for _ in range(n_boot)])
    lo, hi = np.quantile(boot, [(1 - level) / 2, 1 - (1 - level) / 2])
    return dict(n=len(codes), entropy=h, entropy_low=float(lo), entropy_high=float(hi),
                normalized=h / math.log(k), normalized_low=float(lo) / math.log(k),
                normalized_high=float(hi) / math.log(k), effective=math.exp(h),
                effective_low=math.exp(lo), effective_high=math.exp(hi))


def _tasks_part(report: Report) -> str:
    rp = review_plan(report)
    if rp.tasks is None:
        raise AmbiguousRolesError(f"{report.doc_id}: no plan part with numbered task sections was "
                                  "recognised in its outline; pass part= to name one")
    return rp.tasks


def hardness(report: Report, coded: pd.DataFrame, indicators: pd.DataFrame,
             *, parts: tuple[str, ...] | None = None) -> pd.DataFrame:
    """Commitment hardness: for each topic, the share of its sentences (in the
    plan of :func:`lcanalysis.roles.review_plan` by default; the annex list of
    projects is a list of targets by design and is left out) that state a
    quantified target, beside the topic's share of attention there."""
    require_columns(indicators, ["sentence_id", "kind"], what="indicators")
    if parts is None:
        rp = review_plan(report)
        require(rp, "commitment hardness", report.doc_id)
        parts = rp.plan
    c = _coded(report, coded)
    c = c[c["part"].isin(parts) & (c["topic"] != NO_POLICY)]
    targeted = set(indicators.loc[indicators["kind"] == "target", "sentence_id"])
    c = c.assign(has_target=c["sentence_id"].isin(targeted))
    out = c.groupby("topic").agg(sentences=("sentence_id", "size"), with_target=("has_target", "sum"))
    out["hardness"] = out["with_target"] / out["sentences"]
    out["attention"] = out["sentences"] / out["sentences"].sum()
    return out.reset_index().astype({"with_target": "int64"})


def task_sections(report: Report, coded: pd.DataFrame, *, part: str | None = None) -> pd.DataFrame:
    """The numbered task sections of the plan as the report's own lens: order,
    title, length and its share, and the section's most frequent topic.
    ``part``: default the plan's task part (:attr:`ReviewPlan.tasks`)."""
    part = part or _tasks_part(report)
    c = _coded(report, coded)
    c = c[(c["part"] == part) & c["section"].notna()]
    rows = []
    total = c["chars"].sum()
    for sec, g in c.groupby("section"):
        policy = g[g["topic"] != NO_POLICY]["topic"]
        top = policy.value_counts()
        rows.append(dict(section=int(sec), section_title=g["section_title"].iloc[0],
                         chars=int(g["chars"].sum()), share_chars=g["chars"].sum() / total,
                         sentences=len(g), main_topic=int(top.index[0]) if len(top) else NO_POLICY,
                         main_topic_share=top.iloc[0] / len(policy) if len(top) else np.nan))
    return pd.DataFrame(rows)


def section_topic_matrix(report: Report, coded: pd.DataFrame, *, part: str | None = None) -> pd.DataFrame:
    """Share of each numbered section's policy sentences per topic (rows: sections)
    of ``part``, default the plan's task part."""
    part = part or _tasks_part(report)
    c = _coded(report, coded)
    c = c[(c["part"] == part) & c["section"].notna() & (c["topic"] != NO_POLICY)]
    m = pd.crosstab(c["section"].astype(int), c["topic"], normalize="index")
    return m


def annex_topics(report: Report, coded: pd.DataFrame) -> pd.DataFrame:
    """The annex items with their coded topic (annex, item, text, department, topic)."""
    items = report.annex_items.merge(coded[["sentence_id", "topic"]], on="sentence_id", how="left")
    return items[["annex", "item", "text", "department", "topic"]]


def validation_scores(coded: pd.DataFrame, sample: pd.DataFrame) -> tuple[dict, pd.DataFrame]:
    """Accuracy, Cohen's kappa (statsmodels) and per-topic precision and recall
    of the coder against a hand-coded sample (``sentence_id``, ``topic``)."""
    from statsmodels.stats.inter_rater import cohens_kappa

    require_columns(sample, ["sentence_id", "topic"], what="validation sample")
    m = sample[["sentence_id", "topic"]].merge(coded[["sentence_id", "topic"]], on="sentence_id",
                                               suffixes=("_hand", "_coder"), validate="1:1")
    labels = sorted(set(m["topic_hand"]) | set(m["topic_coder"]))
    ct = pd.crosstab(m["topic_hand"], m["topic_coder"]).reindex(index=labels, columns=labels, fill_value=0)
    k = cohens_kappa(ct.to_numpy())
    overall = dict(n=len(m), accuracy=float((m["topic_hand"] == m["topic_coder"]).mean()),
                   kappa=float(k.kappa), kappa_low=float(k.kappa_low), kappa_high=float(k.kappa_upp))
    rows = []
    for t in labels:
        tp = int(ct.loc[t, t])
        coded_n, hand_n = int(ct[t].sum()), int(ct.loc[t].sum())
        rows.append(dict(topic=t, hand=hand_n, coder=coded_n,
                         precision=tp / coded_n if coded_n else np.nan,
                         recall=tp / hand_n if hand_n else np.nan))
    return overall, pd.DataFrame(rows)


def diversity_table(grouped: dict[str, pd.DataFrame], **kwargs) -> pd.DataFrame:
    """:func:`diversity` for every group, one row each."""
    return pd.DataFrame([dict(group=name, **diversity(df["topic"], **kwargs))
                         for name, df in grouped.items()])


def with_national(grouped: dict[str, pd.DataFrame], national: Report) -> dict[str, pd.DataFrame]:
    """The groups plus the national report (coded with the same dictionary)."""
    out = dict(grouped)
    out[national.doc_id] = _coded(national, code_topics(national))
    return out
