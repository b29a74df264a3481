"""Escalation and the city premium: regional targets and outturns against the nation's."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import TableError, require_columns
from ._common import REGION_ORDER, _cite

def escalation(growth: pd.DataFrame, year: int = 2024, *, indicator: str = "gdp_growth",
               city: str = "聊城", province: str = "山东") -> pd.DataFrame:
    """The ``year`` targets of the nation, the province, ``city`` and every other
    city with a sourced target, with their distance from the national and the
    provincial target (percentage points; lower ends of ranges)."""
    t = growth[(growth["indicator"] == indicator) & (growth["kind"] == "target")
               & (growth["year"] == str(year)) & growth["value"].notna() & growth["usable"]]
    nation = t.loc[t["region"] == "全国", "value"]
    prov = t.loc[t["region"] == province, "value"]
    nv = nation.iloc[0] if len(nation) else np.nan
    pv = prov.iloc[0] if len(prov) else np.nan
    t = t.assign(_o=t["region"].map({"全国": 0, province: 1, city: 2}).fillna(3)).sort_values(
        ["_o", "region"], kind="stable")
    out = pd.DataFrame(dict(
        region=t["region"], level=t["level"], target=t["value"], target_high=t["value_high"],
        qualifier=t["qualifier"], above_nation=(t["value"] - nv).round(3),
        above_province=(t["value"] - pv).round(3),
        source=[_cite(r) for _, r in t.iterrows()])).reset_index(drop=True)
    return out



def premiums(growth: pd.DataFrame, year: int, *, base: str = "全国",
             indicator: str = "gdp_growth") -> pd.DataFrame:
    """Each region's ``year`` growth (first reported: preliminary, else actual)
    minus ``base``'s, in percentage points, with the sources of both figures.
    Rows marked ``usable=False`` are left out."""
    g = growth[(growth["indicator"] == indicator) & (growth["year"] == str(year))
               & growth["value"].notna() & growth["usable"]
               & growth["kind"].isin(["preliminary", "actual"])]
    g = g.assign(_k=g["kind"].map({"preliminary": 0, "actual": 1})).sort_values(["_k"], kind="stable")
    first = g.drop_duplicates("region")
    b = first[first["region"] == base]
    if b.empty:
        raise ValueError(f"no {indicator} figure for {base} in {year}")
    b = b.iloc[0]
    rows = []
    for _, r in first[first["region"] != base].iterrows():
        rows.append(dict(region=r["region"], level=r["level"], year=year, growth=r["value"],
                         qualifier=r["qualifier"], kind=r["kind"], base_growth=b["value"],
                         premium=round(r["value"] - b["value"], 3), source=_cite(r),
                         base_source=_cite(b)))
    out = pd.DataFrame(rows)
    out = out.assign(_o=out["region"].map(REGION_ORDER).fillna(len(REGION_ORDER))).sort_values(
        ["_o", "region"], kind="stable").drop(columns="_o").reset_index(drop=True)
    return out



#: columns a table of regional gaps needs (:func:`regional_gaps`)
GAP_COLUMNS = ["region", "year", "growth", "national_growth", "source"]


def regional_gaps(table: pd.DataFrame) -> pd.DataFrame:
    """Regional growth minus national growth of the same year, in percentage
    points, from any table with the columns :data:`GAP_COLUMNS` (region, year,
    growth, national_growth, source; optional level, published_latest, ex_ante,
    …, kept).  This is where gaps from other sources — e.g. the previous-year
    growth the provincial reports of ``data/corpus/provinces-2026/`` state — are
    added to the evidence: build such a table and concatenate."""
    require_columns(table, GAP_COLUMNS, what="gaps table")
    bad = table[table["source"].isna() | (table["source"].astype(str).str.strip() == "")]
    if len(bad):
        r = bad.iloc[0]
        raise TableError(f"gaps table row ({r['region']} {r['year']}) has no source — every growth "
                         f"figure needs the document it was read from")
    out = table.copy()
    out["gap"] = (out["growth"].astype(float) - out["national_growth"].astype(float)).round(3)
    return out.reset_index(drop=True)


def premium_evidence(info: pd.DataFrame, *, base: str = "全国", indicator: str = "gdp_growth",
                     exclude: tuple[str, ...] = ()) -> pd.DataFrame:
    """Every sourced gap between a region's growth and the nation's in the
    package's data: for each region (not ``base``, not in ``exclude``) and year,
    its growth as first reported (preliminary, else actual; usable rows only)
    against the nation's first-reported growth of that year, with both sources.
    ``info`` is :func:`~.information.information_set` output: a gap is
    ``ex_ante`` only if both figures were public before the cut-off, and its
    ``published_latest`` is the later of the two."""
    require_columns(info, ["region", "level", "year", "indicator", "kind", "value", "usable",
                           "published_latest", "ex_ante"], what="information set")
    g = info[(info["indicator"] == indicator) & info["usable"] & info["value"].notna()
             & info["kind"].isin(["preliminary", "actual"]) & info["year"].str.fullmatch(r"\d{4}")]
    g = g.assign(_k=g["kind"].map({"preliminary": 0, "actual": 1})).sort_values("_k", kind="stable")
    first = g.drop_duplicates(["region", "year"])
    nat = first[first["region"] == base].set_index("year")
    rows = []
    for _, r in first[(first["region"] != base) & ~first["region"].isin(exclude)].iterrows():
        if r["year"] not in nat.index:
            continue
        n = nat.loc[r["year"]]
        latest = max(x for x in (r["published_latest"], n["published_latest"]) if isinstance(x, str)) \
            if isinstance(r["published_latest"], str) and isinstance(n["published_latest"], str) else pd.NA
        rows.append(dict(region=r["region"], level=r["level"], year=int(r["year"]), growth=r["value"],
                         qualifier=r["qualifier"], national_growth=n["value"], source=_cite(r),
                         national_source=_cite(n), published_latest=latest,
                         ex_ante=bool(r["ex_ante"] and n["ex_ante"])))
    out = regional_gaps(pd.DataFrame(rows, columns=GAP_COLUMNS[:3] + ["level", "qualifier"] + GAP_COLUMNS[3:]
                                     + ["national_source", "published_latest", "ex_ante"]))
    out = out.assign(_o=out["region"].map(REGION_ORDER).fillna(len(REGION_ORDER))).sort_values(
        ["year", "_o", "region"], kind="stable").drop(columns="_o").reset_index(drop=True)
    return out
