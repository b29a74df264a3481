"""Target semantics: is a target a floor, a ceiling, a band or a point, and was it met?"""

from __future__ import annotations

import numpy as np
import pandas as pd

def target_met(outturn: float, target: float, *, target_high: float = np.nan,
               qualifier: str = "", tolerance: float = 0.0) -> bool | None:
    """Whether an outturn reached a target (None if either is missing).

    * 以上 (at least X) and 区间 (X–Y): met if outturn ≥ X (the lower end);
      no tolerance — the text itself states the floor or the band;
    * 左右 (about X) and an unqualified X: met if outturn ≥ X − ``tolerance``
      (``tolerance=0`` is the strict reading);
    * 以内 (at most X; ceilings such as CPI): met if outturn ≤ X (upper end of a range).
    """
    if outturn is None or target is None or pd.isna(outturn) or pd.isna(target):
        return None
    qualifier = qualifier if isinstance(qualifier, str) else ""
    if qualifier == "以内":
        ceiling = target_high if pd.notna(target_high) else target
        return bool(round(ceiling - outturn, 6) >= 0)
    floor = target - (tolerance if qualifier in ("左右", "") else 0.0)
    return bool(round(outturn - floor, 6) >= 0)

