"""Escalation and the city premium: regional targets and outturns against the nation's."""

from __future__ import annotations

import numpy as np
import pandas as pd

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

