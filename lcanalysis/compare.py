"""Comparative measures: one report among its peers, and reports as a series.

Stage ``compare`` (a measure, after ``indicators``, ``tokens`` and
``priorities``).  Every function takes tables of a
:class:`~lcanalysis.corpus.Corpus` (``doc_id`` first) and returns a tidy table
with one row per document (or per document and topic, per period and topic):

* :func:`attention_profiles` — share of policy sentences per CAP topic;
  :func:`profile_distance`, how far each profile is from a reference report's
  (total variation distance: half the sum of absolute share differences, 0 =
  identical, 1 = no topic in common); :func:`share_vs_peers`, a report's
  share of each topic beside the range of its peers';
* :func:`attention_by_period` — the same for groups of years (decades);
* :func:`quantification` — numbers per 1,000 characters and target quantities
  per numbered section;
* :func:`growth_ambition` — each report's GDP growth target against the
  previous year's growth the same report states;
* :func:`target_language` — hard and soft words in the sentences that state
  targets (:data:`HARD_WORDS`, :data:`SOFT_WORDS`);
* :func:`ledger_agreement` and :func:`coder_validation` — how well the
  extractor and the topic coder were checked on documents of each kind, from
  the hand-coded references in ``data/validation/``.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .corpus import Corpus
from .errors import LcaError, require_columns
from .priorities import NO_POLICY, attention, groups, topics

#: words that bind a target: it is to be ensured, or is a floor or ceiling
HARD_WORDS = ("确保", "必须", "坚决", "不低于", "不少于", "不超过", "以上", "以内", "以下")
#: words that soften a target: to strive for, about, expected
SOFT_WORDS = ("力争", "争取", "努力", "力求", "左右", "预期")
LANGUAGE_COLUMNS = ["doc_id", "word", "kind", "n", "per_target_sentence"]
_YEAR = re.compile(r"(?:19|20)\d\d")


def doc_year(doc_id: str) -> int | None:
    """The year in a doc_id (``national-1995`` → 1995, ``福建省-2026`` → 2026)."""
    m = _YEAR.search(str(doc_id))
    return int(m.group()) if m else None


# -- attention ------------------------------------------------------------------------
def attention_profiles(corpus: Corpus, coded: pd.DataFrame) -> pd.DataFrame:
    """doc_id, topic, sentences, share: each report's share of policy sentences
    (topic 99 left out) per CAP topic, every topic of the codebook listed for
    every report (0 where a report has none)."""
    att = attention(groups(corpus, coded)).rename(columns={"group": "doc_id"})
    codes = [int(c) for c in topics()["code"] if c != NO_POLICY]
    full = pd.MultiIndex.from_product([corpus.doc_ids, codes], names=["doc_id", "topic"])
    out = (att.set_index(["doc_id", "topic"])[["sentences", "share_sentences"]]
           .reindex(full, fill_value=0).reset_index().rename(columns={"share_sentences": "share"}))
    return out.astype({"sentences": "int64", "share": "float64"})


def profile_matrix(profiles: pd.DataFrame) -> pd.DataFrame:
    """Reports × topics (shares), in the reports' order."""
    require_columns(profiles, ["doc_id", "topic", "share"], what="attention profiles")
    order = list(dict.fromkeys(profiles["doc_id"]))
    return profiles.pivot(index="doc_id", columns="topic", values="share").loc[order]


def profile_distance(profiles: pd.DataFrame, reference: str) -> pd.DataFrame:
    """doc_id, distance: total variation distance of each report's attention
    profile from the ``reference`` report's (0 identical … 1 disjoint)."""
    m = profile_matrix(profiles)
    if reference not in m.index:
        raise LcaError(f"no report {reference!r} in the profiles; doc_ids: {', '.join(m.index)}")
    d = (m - m.loc[reference]).abs().sum(axis=1) / 2
    return d.rename("distance").reset_index()


def share_vs_peers(profiles: pd.DataFrame, focus: str, peers: list[str]) -> pd.DataFrame:
    """topic, focus, peers_mean, peers_min, peers_max, above_all, below_all: the
    focus report's share of each topic beside the range of the peer reports'
    shares; ``above_all`` / ``below_all`` when it lies outside every peer's.
    Largest difference from the peers' mean first."""
    m = profile_matrix(profiles)
    missing = [d for d in [focus, *peers] if d not in m.index]
    if missing:
        raise LcaError(f"no report {missing[0]!r} in the profiles; doc_ids: {', '.join(m.index)}")
    p = m.loc[peers]
    out = pd.DataFrame({"focus": m.loc[focus], "peers_mean": p.mean(), "peers_min": p.min(),
                        "peers_max": p.max()})
    out["above_all"] = out["focus"] > out["peers_max"]
    out["below_all"] = out["focus"] < out["peers_min"]
    out = out.assign(_d=(out["focus"] - out["peers_mean"]).abs())
    out = out.sort_values(["_d"], ascending=False, kind="stable").drop(columns="_d")
    return out.rename_axis("topic").reset_index()


def attention_by_period(corpus: Corpus, coded: pd.DataFrame, *, years: int = 10) -> pd.DataFrame:
    """period, topic, reports, sentences, share: policy sentences of the reports
    of each ``years``-year period (by the year in the doc_id: 1978–1979 → 1970,
    …), pooled, per topic.  Pooling weights each report by its number of
    sentences."""
    coded = coded.assign(period=coded["doc_id"].map(lambda d: doc_year(d) // years * years))
    c = coded[coded["topic"] != NO_POLICY]
    n = c.groupby(["period", "topic"]).size().rename("sentences").reset_index()
    n["share"] = n["sentences"] / n.groupby("period")["sentences"].transform("sum")
    n["reports"] = n["period"].map(coded.groupby("period")["doc_id"].nunique())
    return n[["period", "topic", "reports", "sentences", "share"]].astype({"sentences": "int64"})


# -- numbers --------------------------------------------------------------------------
def quantification(corpus: Corpus, indicators: pd.DataFrame) -> pd.DataFrame:
    """doc_id, chars, quantities, per_1000_chars, targets, sections,
    targets_per_section: every stated quantity per 1,000 characters of the
    report's sentences, and the quantities of kind ``target`` per numbered
    section （一）… of the report (missing for a report with no numbered sections)."""
    require_columns(indicators, ["doc_id", "kind"], what="indicators of a corpus")
    rows = []
    for r in corpus:
        ind = indicators[indicators["doc_id"] == r.doc_id]
        s = r.sentences
        chars = int((s["end"] - s["start"]).sum())
        sections = int(s.dropna(subset=["section"]).drop_duplicates(["part", "section"]).shape[0])
        targets = int((ind["kind"] == "target").sum())
        rows.append(dict(doc_id=r.doc_id, chars=chars, quantities=len(ind),
                         per_1000_chars=1000 * len(ind) / chars if chars else np.nan,
                         targets=targets, sections=sections,
                         targets_per_section=targets / sections if sections else np.nan))
    return pd.DataFrame(rows)


def growth_ambition(ledger: pd.DataFrame) -> pd.DataFrame:
    """doc_id, year, target, target_high, qualifier, previous, previous_kind,
    ambition: the first GDP growth target of each report's targets paragraph
    (:func:`~lcanalysis.target_ledger`) and the previous year's growth the same
    report states (achieved or estimated); ``ambition`` = target (the lower end
    of a range) − previous, in percentage points.  Reports with no GDP target keep
    a row with missing values."""
    require_columns(ledger, ["doc_id", "indicator_key", "target_value", "previous_value"],
                    what="target ledger of a corpus")
    rows = []
    for doc_id, g in ledger.groupby("doc_id", sort=False):
        gdp = g[(g["indicator_key"] == "gdp_growth") & g["quantified"]]
        if not len(gdp):
            rows.append(dict(doc_id=doc_id))
            continue
        t = gdp.iloc[0]
        rows.append(dict(doc_id=doc_id, year=t["year"], target=t["target_value"],
                         target_high=t["target_value_high"], qualifier=t["qualifier"],
                         previous=t["previous_value"], previous_kind=t["previous_kind"],
                         ambition=t["target_value"] - t["previous_value"]))
    out = pd.DataFrame(rows, columns=["doc_id", "year", "target", "target_high", "qualifier",
                                      "previous", "previous_kind", "ambition"])
    return out.astype({"target": "float64", "target_high": "float64", "previous": "float64",
                       "ambition": "float64", "year": "Int64"})


def target_language(corpus: Corpus, indicators: pd.DataFrame) -> pd.DataFrame:
    """doc_id, word, kind (hard/soft), n, per_target_sentence: occurrences of each
    word of :data:`HARD_WORDS` and :data:`SOFT_WORDS` in the sentences that state
    at least one quantity of kind ``target``, and per such sentence.  (Longer
    words are counted first, so 不低于 is not also counted as 低于.)"""
    require_columns(indicators, ["doc_id", "sentence_id", "kind"], what="indicators of a corpus")
    words = sorted(HARD_WORDS + SOFT_WORDS, key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, words)))
    kind = {w: "hard" for w in HARD_WORDS} | {w: "soft" for w in SOFT_WORDS}
    rows = []
    for r in corpus:
        ids = set(indicators.loc[(indicators["doc_id"] == r.doc_id)
                                 & (indicators["kind"] == "target"), "sentence_id"])
        texts = r.sentences.loc[r.sentences["sentence_id"].isin(ids), "text"].tolist()
        counts = dict.fromkeys(HARD_WORDS + SOFT_WORDS, 0)
        for t in texts:
            for m in pattern.finditer(t):
                counts[m.group()] += 1
        for w, n in counts.items():
            rows.append(dict(doc_id=r.doc_id, word=w, kind=kind[w], n=n,
                             per_target_sentence=n / len(texts) if texts else np.nan,
                             _sentences=len(texts)))
    out = pd.DataFrame(rows)
    out.attrs["target_sentences"] = out.groupby("doc_id", sort=False)["_sentences"].first().to_dict()
    return out.drop(columns="_sentences")


def language_summary(language: pd.DataFrame) -> pd.DataFrame:
    """doc_id, target_sentences, hard, soft, hard_share: per report, hard and
    soft words per target sentence and the share of hard among both."""
    require_columns(language, LANGUAGE_COLUMNS, what="target language table")
    w = language.pivot_table(index="doc_id", columns="kind", values="n", aggfunc="sum", sort=False)
    n = pd.Series(language.attrs.get("target_sentences", {}), name="target_sentences")
    out = pd.DataFrame({"target_sentences": n.reindex(w.index)})
    out["hard"] = w["hard"] / out["target_sentences"]
    out["soft"] = w["soft"] / out["target_sentences"]
    out["hard_share"] = w["hard"] / (w["hard"] + w["soft"])
    return out.reset_index()


# -- validation on documents of each kind -----------------------------------------------
def ledger_agreement(ledger: pd.DataFrame, reference: pd.DataFrame | None = None) -> pd.DataFrame:
    """doc_id, reference_targets, matched, share: the quantified headline targets
    of the hand-coded reference (``data/validation/provinces-2026/targets.csv``
    by default; rows whose key names a previous-year result are left out) that
    the ledger states with the same indicator, value, upper end and qualifier."""
    if reference is None:
        reference = pd.read_csv(paths.VALIDATION / "provinces-2026" / "targets.csv",
                                dtype={"qualifier": "string"}, keep_default_na=False,
                                na_values={"value": [""], "value_high": [""]})
    ref = reference[(reference["quantified"] == "yes")
                    & ~reference["indicator_key"].str.contains("_result", na=False)].copy()
    ref["doc_id"] = ref["province"] + "-2026"
    rows = []
    for doc_id, g in ref.groupby("doc_id", sort=True):
        led = ledger[ledger["doc_id"] == doc_id]
        matched = 0
        for t in g.itertuples(index=False):
            hit = led[(led["indicator_key"] == t.indicator_key)
                      & np.isclose(led["target_value"].astype(float), float(t.value))
                      & (led["qualifier"].fillna("") == (t.qualifier or ""))]
            if pd.notna(t.value_high):
                hit = hit[np.isclose(hit["target_value_high"].astype(float), float(t.value_high))]
            matched += bool(len(hit))
        rows.append(dict(doc_id=doc_id, reference_targets=len(g), matched=matched,
                         share=matched / len(g)))
    return pd.DataFrame(rows)


def coder_validation(coded: pd.DataFrame, directory: str | Path | None = None) -> pd.DataFrame:
    """doc_type, n, accuracy, kappa of the topic coder against a multi-document
    hand-coded set: ``directory`` with ``sample.csv`` and, once the hand coding is
    done, ``gold.csv`` (``item, topic``); by default every batch of the
    development set (the folders of :data:`lcanalysis.topic_model.GOLD_FILES`) together.
    While there is no ``gold.csv`` the table says so (status ``not yet coded``)
    instead of a number."""
    from statsmodels.stats.inter_rater import cohens_kappa

    from .topic_model import GOLD_FILES, located_if_known

    bases = [Path(directory)] if directory is not None else [f.parent for f in GOLD_FILES]
    sample = pd.concat([pd.read_csv(b / "sample.csv") for b in bases], ignore_index=True)
    missing = [b / "gold.csv" for b in bases if not (b / "gold.csv").exists()]
    if missing:
        n = sample.groupby("doc_type").size()
        return pd.DataFrame(dict(doc_type=n.index, n=n.to_numpy(), accuracy=np.nan, kappa=np.nan,
                                 status="not yet coded"))
    golds = []
    for b in bases:
        golds.append(pd.read_csv(b / "gold.csv"))
        require_columns(golds[-1], ["item", "topic"], what=paths.display(b / "gold.csv"))
    gold = pd.concat(golds, ignore_index=True)
    m = located_if_known(sample.merge(gold[["item", "topic"]], on="item"))  # ids as split now
    m = m.merge(coded[["doc_id", "sentence_id", "topic"]], on=["doc_id", "sentence_id"],
                suffixes=("_hand", "_coder"))
    rows = []
    for doc_type, g in m.groupby("doc_type"):
        labels = sorted(set(g["topic_hand"]) | set(g["topic_coder"]))
        ct = pd.crosstab(g["topic_hand"], g["topic_coder"]).reindex(index=labels, columns=labels,
                                                                   fill_value=0)
        rows.append(dict(doc_type=doc_type, n=len(g),
                         accuracy=float((g["topic_hand"] == g["topic_coder"]).mean()),
                         kappa=float(cohens_kappa(ct.to_numpy(), return_results=False)),
                         status="coded"))
    return pd.DataFrame(rows)


def peer_sources(focus) -> list[Path]:
    """The reports notebook 06 sets ``focus`` among: the national 2024 report,
    Shandong 2026 and the provincial 2026 reports (files sorted by name), less
    any that is the focus report itself (same sha256), so that a provincial
    report can be put in context without meeting itself."""
    import hashlib

    files = [paths.corpus_file("national-2024"), paths.corpus_file("shandong-2026"),
             *sorted((paths.CORPUS / "provinces-2026").glob("*.txt"))]
    return [f for f in files if hashlib.sha256(f.read_bytes()).hexdigest() != focus.sha256]
