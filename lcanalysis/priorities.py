"""Policy priorities: CAP topic coding of sentences and attention measures."""

from __future__ import annotations

import pandas as pd

from .corpus import Report

#: strata for the validation sample: the report's parts, the opening as its own stratum
OPENING = "开篇"


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
