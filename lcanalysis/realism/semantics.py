"""Target semantics: is a target a floor, a ceiling, a band or a point, and was it met?

A work report's wording says what a target commits to:

============  ==========================================================  ==================
semantics     wording                                                     met (strict)
============  ==========================================================  ==================
``floor``     增长X%以上, 不低于X, 至少X; 下降X% (a decline of at least X)   outturn ≥ X
``ceiling``   X%以内, X%以下, 不超过X, 控制在X%(左右); an indicator that a    outturn ≤ X (upper
              plan caps (CPI, unemployment, deficit ratio…) stated as X     end of a range)
              or X左右
``band``      X%－Y% (区间)                                                 see the readings
``point``     X%左右, or a bare X, for an indicator where more is better    see the readings
============  ==========================================================  ==================

Floors and ceilings are limits the text states, so they take no tolerance:
控制在3%左右 caps inflation, and 3.4% is a miss.  Points and bands have two
readings (:data:`READINGS`):

* ``floor`` — how the targets are usually read for growth: the lower end binds
  (a band: outturn ≥ X; a point: outturn ≥ X − tolerance);
* ``symmetric`` — 左右 read literally as "about": a point is met if
  |outturn − X| ≤ tolerance, a band if X ≤ outturn ≤ Y.
"""

from __future__ import annotations

import re
from typing import Literal

import numpy as np
import pandas as pd

Semantics = Literal["floor", "ceiling", "band", "point"]
Reading = Literal["floor", "symmetric"]
SEMANTICS: tuple[str, ...] = ("floor", "ceiling", "band", "point")
READINGS: tuple[str, ...] = ("floor", "symmetric")

#: indicators a plan caps rather than raises: lower is better (indicator keys)
CAPPED_INDICATORS = frozenset({
    "cpi", "unemployment_rate", "surveyed_unemployment_rate", "registered_unemployment_rate",
    "deficit_ratio", "energy_intensity", "carbon_intensity",
})
#: qualifiers the package's extractor and data/external use
QUALIFIERS = ("以上", "超过", "左右", "以内", "以下", "区间", "")
CEILING_WORDS = re.compile(r"以内|以下|不超过|不高于|控制在|低于")
FLOOR_WORDS = re.compile(r"以上|不低于|至少|不少于")
DECLINE_WORDS = re.compile(r"下降|降低|减少")


def direction(indicator: str | None) -> Literal["up", "down"]:
    """``down`` for an indicator a plan caps (:data:`CAPPED_INDICATORS`), else ``up``."""
    return "down" if isinstance(indicator, str) and indicator in CAPPED_INDICATORS else "up"


def target_semantics(qualifier: str | None = "", indicator: str | None = "", *,
                     wording: str | None = "", value_high: float = np.nan) -> Semantics:
    """What a target commits to, from its qualifier, the words of its clause
    (``wording``, e.g. 居民消费价格涨幅控制在3%左右) and the indicator's
    :func:`direction`.  Rules in order: a range is a band; 以内/以下 or a capping
    verb (控制在, 不超过…) makes a ceiling; 以上 or 不低于/至少 a floor; a stated
    decline (下降X%) is a floor on the decline; a capped indicator's bare or 左右
    target is a ceiling; anything else is a point."""
    q = qualifier if isinstance(qualifier, str) else ""
    w = wording if isinstance(wording, str) else ""
    if q not in QUALIFIERS:
        raise ValueError(f"unknown qualifier {q!r}; use one of {', '.join(repr(x) for x in QUALIFIERS)}")
    if q == "区间" or (value_high is not None and pd.notna(value_high)):
        return "band"
    if q in ("以内", "以下") or CEILING_WORDS.search(w):
        return "ceiling"
    if q in ("以上", "超过") or FLOOR_WORDS.search(w):
        return "floor"
    if DECLINE_WORDS.search(w):
        return "floor"
    if direction(indicator) == "down":
        return "ceiling"
    return "point"


def semantics_column(table: pd.DataFrame, *, qualifier: str = "qualifier",
                     indicator: str = "indicator", wording: str | None = None,
                     value_high: str = "value_high") -> pd.Series:
    """:func:`target_semantics` for every row of ``table`` (a string column)."""
    out = [target_semantics(r[qualifier] if pd.notna(r[qualifier]) else "",
                            r[indicator] if pd.notna(r[indicator]) else "",
                            wording=(r[wording] if wording and pd.notna(r[wording]) else ""),
                            value_high=r[value_high])
           for _, r in table.iterrows()]
    return pd.Series(out, index=table.index, dtype="string")


def target_met(outturn: float, target: float, *, target_high: float = np.nan,
               qualifier: str = "", indicator: str = "", semantics: str | None = None,
               tolerance: float = 0.0, reading: Reading = "floor") -> bool | None:
    """Whether an outturn met a target (None if either is missing), by the
    target's ``semantics`` (derived with :func:`target_semantics` when not given):

    * floor: outturn ≥ X; ceiling: outturn ≤ X (upper end of a range) — no tolerance;
    * band, ``reading="floor"``: outturn ≥ X; ``"symmetric"``: X ≤ outturn ≤ Y;
    * point, ``reading="floor"``: outturn ≥ X − ``tolerance``; ``"symmetric"``:
      |outturn − X| ≤ ``tolerance``.
    """
    if outturn is None or target is None or pd.isna(outturn) or pd.isna(target):
        return None
    if reading not in READINGS:
        raise ValueError(f"unknown reading {reading!r}; use one of {', '.join(READINGS)}")
    sem = semantics if isinstance(semantics, str) and semantics else target_semantics(
        qualifier, indicator, value_high=target_high)
    if sem not in SEMANTICS:
        raise ValueError(f"unknown semantics {sem!r}; use one of {', '.join(SEMANTICS)}")
    high = target_high if target_high is not None and pd.notna(target_high) else target
    at_least = lambda x: bool(round(outturn - x, 6) >= 0)  # noqa: E731
    at_most = lambda x: bool(round(x - outturn, 6) >= 0)  # noqa: E731
    if sem == "floor":
        return at_least(target)
    if sem == "ceiling":
        return at_most(high)
    if sem == "band":
        return at_least(target) if reading == "floor" else at_least(target) and at_most(high)
    if reading == "floor":
        return at_least(target - tolerance)
    return at_least(target - tolerance) and at_most(target + tolerance)
