"""Ex post: each target against the outturn a source gives."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..indicators import headline_keys
from ._common import NOT_AVAILABLE, _cite
from .semantics import target_met, target_semantics

#: the values of ``status`` in the scorecard
STATUSES = ("met", "met within tolerance", "missed", "not available")


def ex_post(growth: pd.DataFrame, region: str = "聊城", year: int = 2024, *,
            tolerance: float = 0.5) -> pd.DataFrame:
    """Every ``year`` target of ``region`` with the previous year's figure and the
    outturn where a source gives one (preliminary, else actual, else revised),
    and the verdict of :func:`~.semantics.target_met` by the target's
    ``semantics`` (floor, ceiling, band, point; floor reading, strict and with
    ``tolerance``, which only a point target takes).  ``status`` is one of
    :data:`STATUSES`; ``status_note`` says why a verdict is not available."""
    g = growth[(growth["region"] == region) & growth["usable"]]
    targets = g[(g["kind"] == "target") & (g["year"] == str(year)) & g["value"].notna()]
    order = {k: i for i, k in enumerate(headline_keys())}
    targets = targets.assign(_o=targets["indicator"].map(order).fillna(len(order))).sort_values(
        ["_o", "indicator"], kind="stable")
    rows = []
    for t in targets.itertuples():
        sem = t.semantics if isinstance(getattr(t, "semantics", None), str) and t.semantics else \
            target_semantics(t.qualifier if isinstance(t.qualifier, str) else "", t.indicator,
                             value_high=t.value_high)
        prev = g[(g["indicator"] == t.indicator) & (g["year"] == str(year - 1))
                 & (g["kind"] == "preliminary") & g["value"].notna()]
        out = None
        for kind in ("preliminary", "actual", "revised"):
            o = g[(g["indicator"] == t.indicator) & (g["year"] == str(year)) & (g["kind"] == kind)
                  & g["value"].notna()]
            if len(o):
                out = o.iloc[0]
                break
        row = dict(region=region, indicator=t.indicator, target=t.value, target_high=t.value_high,
                   qualifier=t.qualifier, semantics=sem, unit=t.unit,
                   previous=prev["value"].iloc[0] if len(prev) else np.nan,
                   outturn=np.nan, outturn_kind=pd.NA, outturn_source=pd.NA, met_strict=pd.NA,
                   met_tolerance=pd.NA, status="not available", status_note=NOT_AVAILABLE)
        if out is not None:
            args = dict(target_high=t.value_high, qualifier=t.qualifier, semantics=sem)
            strict = target_met(out["value"], t.value, **args)
            tol = target_met(out["value"], t.value, tolerance=tolerance, **args)
            row.update(outturn=out["value"], outturn_kind=out["kind"], outturn_source=_cite(out),
                       met_strict=strict, met_tolerance=tol,
                       status="met" if strict else "met within tolerance" if tol else "missed",
                       status_note="")
        rows.append(row)
    df = pd.DataFrame(rows)
    if len(df):
        df = df.astype({"target": "float64", "target_high": "float64", "previous": "float64",
                        "outturn": "float64", "met_strict": "boolean", "met_tolerance": "boolean"})
    return df
