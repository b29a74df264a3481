"""Track record: how often growth targets were met, and how the count depends on the reading."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import require_columns
from ._common import _cite
from .semantics import target_met, target_semantics
from .series import GNP_NOTE

RECORD_COLUMNS = ["region", "year", "measure", "target", "target_high", "qualifier", "semantics",
                  "outturn", "outturn_kind", "gap", "met_strict", "met_tolerance", "met_symmetric",
                  "status", "target_source", "outturn_source"]


def _semantics_of(t) -> str:
    sem = t.get("semantics")
    if isinstance(sem, str) and sem:
        return sem
    return target_semantics(t["qualifier"] if isinstance(t["qualifier"], str) else "",
                            t.get("indicator", ""), value_high=t["value_high"])


def track_record(growth: pd.DataFrame, region: str = "全国", *, indicator: str = "gdp_growth",
                 years: tuple[int, int] | None = None, tolerance: float = 0.5) -> pd.DataFrame:
    """One row per year from the first to the last year with a target or an
    outturn for ``region``: the target (value, range end, qualifier, source) and
    the outturn as first reported (kind preliminary; actual where no preliminary
    figure is sourced), ``gap`` = outturn − target (lower end of a range), and
    the verdicts of :func:`~.semantics.target_met` by the target's ``semantics``:
    ``met_strict`` and ``met_tolerance`` (the floor reading, tolerance 0 and
    ``tolerance``) and ``met_symmetric`` (左右 read as "about": within
    ``tolerance`` either side; a band between its ends).  ``measure`` says whether
    the reports state the figures as GDP (国内生产总值) or GNP (国民生产总值, the
    national targets of 1992 and 1993), or a mix.
    ``status`` says why a year is not a pair: no target, no outturn.  Rows
    marked ``usable=False`` are left out."""
    require_columns(growth, ["region", "year", "indicator", "kind", "value", "usable"], what="growth")
    g = growth[(growth["region"] == region) & (growth["indicator"] == indicator)
               & growth["usable"] & growth["year"].str.fullmatch(r"\d{4}")]
    g = g.assign(y=g["year"].astype(int))
    if years is not None:
        g = g[(g["y"] >= years[0]) & (g["y"] <= years[1])]
    if g.empty:
        return pd.DataFrame(columns=RECORD_COLUMNS)
    span = range(int(g["y"].min()), int(g["y"].max()) + 1) if years is None else range(years[0], years[1] + 1)
    rows = []
    for y in span:
        t = g[(g["y"] == y) & (g["kind"] == "target") & g["value"].notna()]
        o = g[(g["y"] == y) & (g["kind"] == "preliminary") & g["value"].notna()]
        if o.empty:
            o = g[(g["y"] == y) & (g["kind"] == "actual") & g["value"].notna()]
        t = t.iloc[0] if len(t) else None
        o = o.iloc[0] if len(o) else None
        row = dict(region=region, year=y, measure="GDP", target=np.nan, target_high=np.nan,
                   qualifier=pd.NA, semantics=pd.NA, outturn=np.nan, outturn_kind=pd.NA, gap=np.nan,
                   met_strict=pd.NA, met_tolerance=pd.NA, met_symmetric=pd.NA, target_source=pd.NA,
                   outturn_source=pd.NA)
        gnp = [x is not None and GNP_NOTE in str(x.get("note", "")) for x in (t, o)]
        if t is None or o is None:
            row["measure"] = "GNP" if any(gnp) else "GDP"
        elif gnp[0] != gnp[1]:
            row["measure"] = "GNP target, GDP outturn" if gnp[0] else "GDP target, GNP outturn"
        elif all(gnp):
            row["measure"] = "GNP"
        if t is not None:
            row.update(target=t["value"], target_high=t["value_high"], qualifier=t["qualifier"],
                       semantics=_semantics_of(t), target_source=_cite(t))
        if o is not None:
            row.update(outturn=o["value"], outturn_kind=o["kind"], outturn_source=_cite(o))
        if t is not None and o is not None:
            row["gap"] = round(o["value"] - t["value"], 3)
            args = dict(target_high=t["value_high"], qualifier=t["qualifier"],
                        semantics=row["semantics"])
            row["met_strict"] = target_met(o["value"], t["value"], **args)
            row["met_tolerance"] = target_met(o["value"], t["value"], tolerance=tolerance, **args)
            row["met_symmetric"] = target_met(o["value"], t["value"], tolerance=tolerance,
                                              reading="symmetric", **args)
            row["status"] = "met" if row["met_strict"] else (
                "met within tolerance" if row["met_tolerance"] else "missed")
        else:
            row["status"] = "no target" if t is None and o is not None else (
                "no outturn" if o is None and t is not None else "neither")
        rows.append(row)
    df = pd.DataFrame(rows, columns=RECORD_COLUMNS)
    df = df.astype({"target": "float64", "target_high": "float64", "outturn": "float64",
                    "gap": "float64", "met_strict": "boolean", "met_tolerance": "boolean",
                    "met_symmetric": "boolean"})
    for col in ("measure", "qualifier", "semantics", "outturn_kind", "status", "target_source",
                "outturn_source"):
        df[col] = df[col].astype("string")
    return df


def track_summary(record: pd.DataFrame, *, split: int = 2012) -> pd.DataFrame:
    """Hit rates and gaps of the year pairs in a :func:`track_record`, overall,
    by decade, and before/after ``split``: n, met (strict), met (with
    tolerance), met (symmetric reading), hit rates, mean/median/min/max gap in
    percentage points."""
    require_columns(record, ["region", "year", "gap", "met_strict", "met_tolerance"], what="record")
    pairs = record[record["gap"].notna()]
    rows = []
    for region, g in pairs.groupby("region", sort=False):
        decades = sorted({int(y) // 10 * 10 for y in g["year"]})
        groups = [("all", g)] + [(f"{d}s", g[g["year"] // 10 * 10 == d]) for d in decades]
        groups += [(f"before {split}", g[g["year"] < split]), (f"{split} and after", g[g["year"] >= split])]
        for period, sel in groups:
            if sel.empty:
                continue
            gaps = sel["gap"].to_numpy(dtype=float)
            strict, tol = int(sel["met_strict"].sum()), int(sel["met_tolerance"].sum())
            sym = int(sel["met_symmetric"].sum()) if "met_symmetric" in sel else 0
            rows.append(dict(region=region, period=period, first=int(sel["year"].min()),
                             last=int(sel["year"].max()), n=len(sel),
                             met_strict=strict, hit_rate_strict=round(strict / len(sel), 3),
                             met_tolerance=tol, hit_rate_tolerance=round(tol / len(sel), 3),
                             met_symmetric=sym, hit_rate_symmetric=round(sym / len(sel), 3),
                             mean_gap=round(float(gaps.mean()), 3),
                             median_gap=round(float(np.median(gaps)), 3),
                             min_gap=round(float(gaps.min()), 3), max_gap=round(float(gaps.max()), 3)))
    return pd.DataFrame(rows)


def target_points(record: pd.DataFrame) -> pd.Series:
    """Year → the target as a point (the midpoint of a range target), from a
    :func:`track_record`; years with no target are left out."""
    t = record[record["target"].notna()]
    mid = np.where(t["target_high"].notna(), (t["target"] + t["target_high"]) / 2, t["target"])
    return pd.Series(mid, index=t["year"].astype(int).to_numpy(), name="target")


def tolerance_sensitivity(growth: pd.DataFrame, regions: tuple[str, ...] = ("全国", "山东"), *,
                          tolerances: tuple[float, ...] = (0.0, 0.25, 0.5, 1.0),
                          indicator: str = "gdp_growth") -> pd.DataFrame:
    """Hit rate of each region's targets under each tolerance for 左右 and
    unqualified targets (0 = strict), on both readings of
    :func:`~.semantics.target_met` (``reading``: floor, symmetric)."""
    rows = []
    for region in regions:
        rec = track_record(growth, region, indicator=indicator)
        pairs = rec[rec["gap"].notna()]
        for reading in ("floor", "symmetric"):
            for tol in tolerances:
                met = sum(bool(target_met(r.outturn, r.target, target_high=r.target_high,
                                          qualifier=r.qualifier, semantics=r.semantics,
                                          tolerance=tol, reading=reading))
                          for r in pairs.itertuples())
                rows.append(dict(region=region, reading=reading, tolerance=tol, n=len(pairs),
                                 met=met, hit_rate=round(met / len(pairs), 3) if len(pairs) else np.nan))
    return pd.DataFrame(rows)

