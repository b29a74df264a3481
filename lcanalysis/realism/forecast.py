"""Forecasting national growth: models, rolling-origin back-test, probabilities."""

from __future__ import annotations

from statistics import NormalDist
from typing import Literal

import numpy as np
import pandas as pd

Model = Literal["random_walk", "mean", "arima", "ets"]
MODELS: tuple[str, ...] = ("random_walk", "mean", "arima", "ets")


def first_reported(growth: pd.DataFrame, region: str = "全国", *,
                   indicator: str = "gdp_growth") -> pd.Series:
    """Outturns as first reported (kind preliminary), by year, every year from the
    first to the last one present; a gap is NaN."""
    g = growth[(growth["region"] == region) & (growth["indicator"] == indicator)
               & (growth["kind"] == "preliminary") & growth["usable"]
               & growth["year"].str.fullmatch(r"\d{4}")]
    s = pd.Series(g["value"].to_numpy(dtype=float), index=g["year"].astype(int).to_numpy()).groupby(level=0).first()
    s = s.dropna()
    full = s.reindex(range(int(s.index.min()), int(s.index.max()) + 1))
    full.index.name = "year"
    return full.rename(f"{indicator} ({region}, first reported)")


def contiguous_run(series: pd.Series, end: int) -> pd.Series:
    """The longest stretch of consecutive years without a gap that ends at ``end``."""
    s = series.loc[:end]
    if pd.isna(s.iloc[-1]):
        raise ValueError(f"no value for {end}: the run must end in a year with a value")
    gaps = s.index[s.isna()]
    start = int(gaps.max()) + 1 if len(gaps) else int(s.index.min())
    return s.loc[start:end]


def _fit_forecast(y: np.ndarray, model: str) -> tuple[float, float]:
    """One-step-ahead forecast mean and standard error of ``model`` fitted to ``y``."""
    n = len(y)
    if model == "random_walk":
        d = np.diff(y)
        return float(y[-1]), float(np.sqrt(np.mean(d**2)))
    if model == "mean":
        return float(y.mean()), float(y.std(ddof=1) * np.sqrt(1 + 1 / n))
    if model == "arima":
        from statsmodels.tsa.arima.model import ARIMA

        # explicit start values (mean, AR 0, variance): on a falling series the
        # default start is a non-stationary AR estimate, which statsmodels replaces
        # by these same zeros with an EstimationWarning
        res = ARIMA(y, order=(1, 0, 0), trend="c").fit(
            start_params=[float(y.mean()), 0.0, float(y.var())])
        fc = res.get_forecast(1)
        return float(fc.predicted_mean[0]), float(fc.se_mean[0])
    if model == "ets":
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        # a positional (RangeIndex) series: ETS prediction needs an index, and a
        # positional one raises no frequency warning
        res = ETSModel(pd.Series(y, index=pd.RangeIndex(n)), error="add", trend=None,
                       seasonal=None).fit(disp=False)
        pred = res.get_prediction(start=n, end=n)
        return (float(np.asarray(pred.predicted_mean)[0]),
                float(np.sqrt(np.asarray(pred.var_pred_mean)[0])))
    raise ValueError(f"unknown model {model!r}; use one of {', '.join(MODELS)}")


def backtest(series: pd.Series, *, first_test: int, last_test: int, min_train: int = 8,
             models: tuple[str, ...] = MODELS,
             targets: pd.Series | None = None) -> pd.DataFrame:
    """Rolling-origin, one-year-ahead back-test: for each test year, every model
    is fitted to the series up to the year before (expanding window, at least
    ``min_train`` points, no gaps) and forecasts the year.  With ``targets``
    (year → the official target, midpoint of a range) the target is scored as a
    forecast too.  Long table: year, model, forecast, actual, error (actual −
    forecast)."""
    rows = []
    for year in range(first_test, last_test + 1):
        train = series.loc[: year - 1].dropna()
        if len(train) < min_train or train.index[-1] != year - 1 or year not in series.index:
            raise ValueError(f"cannot test {year}: need {min_train} points up to {year - 1} and "
                             f"a value for {year}")
        if train.index.to_series().diff().dropna().ne(1).any():
            raise ValueError(f"training data up to {year - 1} has gaps; start the series later")
        actual = float(series.loc[year])
        for model in models:
            mean, _ = _fit_forecast(train.to_numpy(dtype=float), model)
            rows.append(dict(year=year, model=model, forecast=mean, actual=actual))
        if targets is not None and year in targets.index and pd.notna(targets.loc[year]):
            rows.append(dict(year=year, model="target", forecast=float(targets.loc[year]), actual=actual))
    df = pd.DataFrame(rows)
    df["error"] = df["actual"] - df["forecast"]
    return df


def backtest_scores(bt: pd.DataFrame) -> pd.DataFrame:
    """MAE and RMSE per model over all its test years, and over the years every
    model has a forecast (``*_common``; the target is missing in years with no
    target)."""
    years = bt.groupby("year")["model"].nunique()
    common = set(years[years == bt["model"].nunique()].index)
    rows = []
    for model, g in bt.groupby("model", sort=False):
        e = g["error"].to_numpy(dtype=float)
        c = g.loc[g["year"].isin(common), "error"].to_numpy(dtype=float)
        rows.append(dict(model=model, n=len(e), mae=round(float(np.abs(e).mean()), 3),
                         rmse=round(float(np.sqrt((e**2).mean())), 3), n_common=len(c),
                         mae_common=round(float(np.abs(c).mean()), 3),
                         rmse_common=round(float(np.sqrt((c**2).mean())), 3)))
    return pd.DataFrame(rows)


def forecast(series: pd.Series, year: int, *, models: tuple[str, ...] = MODELS,
             levels: tuple[float, ...] = (0.8, 0.95)) -> pd.DataFrame:
    """Each model's forecast of ``year`` from the series up to the year before
    (no gaps): mean, standard error and normal prediction intervals."""
    train = series.loc[: year - 1].dropna()
    rows = []
    for model in models:
        mean, se = _fit_forecast(train.to_numpy(dtype=float), model)
        row = dict(model=model, year=year, train_first=int(train.index.min()),
                   train_last=int(train.index.max()), n_train=len(train), mean=round(mean, 3),
                   se=round(se, 3))
        for lv in levels:
            z = NormalDist().inv_cdf(0.5 + lv / 2)
            row[f"lo{round(lv * 100)}"] = round(mean - z * se, 3)
            row[f"hi{round(lv * 100)}"] = round(mean + z * se, 3)
        rows.append(row)
    return pd.DataFrame(rows)


def prob_at_least(mean: float, se: float, threshold: float) -> float:
    """P(growth ≥ threshold) for growth ~ Normal(mean, se²)."""
    return 1 - NormalDist(mean, se).cdf(threshold)


def target_as_forecast(bt: pd.DataFrame, value: float, year: int) -> pd.DataFrame:
    """The official target as a forecast of ``year``, in the shape of
    :func:`forecast`: centred on the target (midpoint of a range), with the
    root-mean-square error of the target's back-test errors as its spread."""
    e = bt.loc[bt["model"] == "target", "error"].to_numpy(dtype=float)
    if not len(e):
        raise ValueError("the back-test has no 'target' rows; pass targets= to backtest()")
    se = float(np.sqrt((e**2).mean()))
    row = dict(model="target", year=year, train_first=int(bt.loc[bt["model"] == "target", "year"].min()),
               train_last=int(bt.loc[bt["model"] == "target", "year"].max()), n_train=len(e),
               mean=round(float(value), 3), se=round(se, 3))
    for lv in (0.8, 0.95):
        z = NormalDist().inv_cdf(0.5 + lv / 2)
        row[f"lo{round(lv * 100)}"] = round(value - z * se, 3)
        row[f"hi{round(lv * 100)}"] = round(value + z * se, 3)
    return pd.DataFrame([row])


def reach_probabilities(fc: pd.DataFrame, thresholds: dict[str, float],
                        premiums: dict[str, tuple[float, ...]] | None = None,
                        bt: pd.DataFrame | None = None) -> pd.DataFrame:
    """P(growth of a region ≥ its threshold) under each forecast model, where a
    region's growth is national growth + premium (percentage points): one row per
    model, threshold label and premium.  ``thresholds`` maps a label (e.g.
    "聊城 ≥ 5.5") to the threshold; ``premiums`` maps the same label to the
    premiums to try (default 0).  ``probability`` uses the normal forecast
    distribution; with a back-test ``bt``, ``probability_empirical`` is the share
    of the model's past errors that, added to its forecast, reach the threshold."""
    premiums = premiums or {}
    rows = []
    for r in fc.itertuples():
        errors = bt.loc[bt["model"] == r.model, "error"].to_numpy(dtype=float) if bt is not None else None
        for name, thr in thresholds.items():
            for prem in premiums.get(name, (0.0,)):
                row = dict(model=r.model, target=name, threshold=thr, premium=round(prem, 3),
                           national_needed=round(thr - prem, 3),
                           probability=round(prob_at_least(r.mean, r.se, thr - prem), 3))
                if errors is not None:
                    row["probability_empirical"] = (empirical_probability(r.mean, errors, thr - prem)
                                                    if len(errors) else np.nan)
                rows.append(row)
    return pd.DataFrame(rows)


def empirical_probability(point: float, errors: np.ndarray, threshold: float) -> float:
    """Share of past forecast errors that, added to ``point``, reach ``threshold``
    (a distribution-free check on the normal approximation)."""
    e = np.asarray(errors, dtype=float)
    return round(float(np.mean(point + e >= threshold - 1e-9)), 3)


def simulate_city(fc: pd.DataFrame, *, threshold: float, premium_low: float, premium_high: float,
                  n: int = 100_000, seed: int = 2024) -> pd.DataFrame:
    """Monte Carlo per model: national growth ~ Normal(mean, se²) of the model's
    forecast, the city premium ~ Uniform(``premium_low``, ``premium_high``),
    independent; the probability that national + premium ≥ ``threshold`` and the
    10/50/90 % quantiles of city growth.  The same fixed ``seed`` for every model,
    so reruns give identical numbers."""
    if premium_high < premium_low:
        raise ValueError(f"premium_high ({premium_high}) is below premium_low ({premium_low})")
    rows = []
    for r in fc.itertuples():
        rng = np.random.default_rng(seed)
        city = rng.normal(r.mean, r.se, n) + rng.uniform(premium_low, premium_high, n)
        q = np.quantile(city, [0.1, 0.5, 0.9])
        rows.append(dict(model=r.model, threshold=threshold, premium_low=premium_low,
                         premium_high=premium_high, probability=round(float(np.mean(city >= threshold)), 3),
                         q10=round(float(q[0]), 3), median=round(float(q[1]), 3),
                         q90=round(float(q[2]), 3), n=n, seed=seed))
    return pd.DataFrame(rows)

