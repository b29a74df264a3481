"""The 2024 targets against the previous year's results, nominal against real."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import require_columns
from .semantics import target_semantics

#: how each headline indicator is measured: real (constant prices), nominal (current prices) or price
MEASUREMENT = {
    "gdp_growth": "real", "services_va_growth": "real", "industrial_va_growth": "real",
    "fiscal_revenue_growth": "nominal", "retail_sales_growth": "nominal", "fai_growth": "nominal",
    "disposable_income_growth": "unspecified", "cpi": "price", "grain_output": "quantity",
}


def ledger_analysis(ledger: pd.DataFrame) -> pd.DataFrame:
    """Each numeric target against the previous year's figure: ``change`` = target
    − previous (percentage points for rates; the unit for levels) and its
    direction; for nominal indicators (fiscal revenue, retail sales, fixed-asset
    investment) the benchmark real GDP target + CPI target, and the target's
    distance from it (negative: the nominal target implies slower growth than
    the real GDP and price targets together).  ``semantics`` is what the target's
    wording commits to (:func:`~.semantics.target_semantics` of its qualifier,
    indicator and clause, ``target_text``, where the ledger has it): every verdict
    on the target follows it."""
    require_columns(ledger, ["indicator_key", "target_value", "qualifier", "unit", "previous_value",
                             "previous_kind"], what="ledger")
    rows = ledger[ledger["indicator_key"].notna() & (ledger["indicator_key"] != "other") & ledger["target_value"].notna()]
    by_key = rows.set_index("indicator_key")
    gdp = by_key["target_value"].get("gdp_growth", np.nan)
    cpi = by_key["target_value"].get("cpi", np.nan)
    out = []
    for r in rows.itertuples():
        change = r.target_value - r.previous_value if pd.notna(r.previous_value) else np.nan
        if pd.isna(change):
            direction = "no previous figure"
        else:
            direction = "faster" if change > 1e-9 else "slower" if change < -1e-9 else "same"
        measurement = MEASUREMENT.get(r.indicator_key, "unspecified")
        bench = gdp + cpi if measurement == "nominal" and r.unit == "%" else np.nan
        sem = target_semantics(r.qualifier if isinstance(r.qualifier, str) else "", r.indicator_key,
                               wording=getattr(r, "target_text", ""),
                               value_high=getattr(r, "target_value_high", np.nan))
        out.append(dict(indicator_key=r.indicator_key, measurement=measurement,
                        target=r.target_value, qualifier=r.qualifier, semantics=sem, unit=r.unit,
                        previous=r.previous_value, previous_kind=r.previous_kind,
                        change=round(change, 3) if pd.notna(change) else np.nan,
                        direction=direction, nominal_benchmark=bench,
                        vs_benchmark=round(r.target_value - bench, 3) if pd.notna(bench) else np.nan))
    df = pd.DataFrame(out)
    for col in ("indicator_key", "measurement", "qualifier", "semantics", "unit", "previous_kind",
                "direction"):
        df[col] = df[col].astype("string")
    return df

