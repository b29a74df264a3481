"""Forecasting national growth: models, rolling-origin back-test, probabilities.

The model set holds naive benchmarks (random walk, random walk with drift,
historical mean), a mean-reverting model (AR(1) with a constant) and
trend-aware state-space models (ARIMA(0,1,1), simple and damped-trend
exponential smoothing, the local-level model), all but the first and third
fitted with statsmodels.  :func:`backtest` scores them by rolling origin at a
given horizon; :func:`backtest_scores` on point accuracy (MAE, RMSE, bias, a
sign test) and on interval calibration (coverage of the 80 % and 95 %
intervals); :func:`supported_models` says which ones the back-test supports;
:func:`combine` turns the supported ones into one probability.
"""

from __future__ import annotations

from statistics import NormalDist
from typing import Literal

import numpy as np
import pandas as pd

from ..errors import require_columns

Model = Literal["random_walk", "drift", "mean", "arima", "arima011", "ets", "ets_damped",
                "local_level"]
MODELS: tuple[str, ...] = ("random_walk", "drift", "mean", "arima", "arima011", "ets",
                           "ets_damped", "local_level")
#: what each model is, for tables
MODEL_NAMES = {
    "random_walk": "random walk (next = last)", "drift": "random walk with drift (ARIMA(0,1,0)+c)",
    "mean": "historical mean", "arima": "AR(1) with constant (ARIMA(1,0,0))",
    "arima011": "ARIMA(0,1,1)", "ets": "simple exponential smoothing (ETS(A,N,N))",
    "ets_damped": "damped-trend ETS (ETS(A,Ad,N))", "local_level": "local level (unobserved components)",
    "target": "the official target",
}


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


def _fit_forecast(y: np.ndarray, model: str, horizon: int = 1) -> tuple[float, float]:
    """``horizon``-step-ahead forecast mean and standard error of ``model`` fitted to ``y``."""
    n, h = len(y), horizon
    if h < 1:
        raise ValueError(f"horizon must be at least 1, not {h}")
    if model == "random_walk":
        d = np.diff(y)
        return float(y[-1]), float(np.sqrt(np.mean(d**2)) * np.sqrt(h))
    if model == "mean":
        return float(y.mean()), float(y.std(ddof=1) * np.sqrt(1 + 1 / n))
    if model in ("drift", "arima", "arima011"):
        from statsmodels.tsa.arima.model import ARIMA

        if model == "arima":
            # explicit start values (mean, AR 0, variance): on a falling series the
            # default start is a non-stationary AR estimate, which statsmodels replaces
            # by these same zeros with an EstimationWarning
            res = ARIMA(y, order=(1, 0, 0), trend="c").fit(
                start_params=[float(y.mean()), 0.0, float(y.var())])
        elif model == "drift":
            res = ARIMA(y, order=(0, 1, 0), trend="t").fit()
        else:
            res = ARIMA(y, order=(0, 1, 1)).fit()
        fc = res.get_forecast(h)
        return float(fc.predicted_mean[-1]), float(fc.se_mean[-1])
    if model in ("ets", "ets_damped"):
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        # a positional (RangeIndex) series: ETS prediction needs an index, and a
        # positional one raises no frequency warning
        trend = dict(trend="add", damped_trend=True) if model == "ets_damped" else dict(trend=None)
        res = ETSModel(pd.Series(y, index=pd.RangeIndex(n)), error="add", seasonal=None,
                       **trend).fit(disp=False)
        pred = res.get_prediction(start=n + h - 1, end=n + h - 1)
        return (float(np.asarray(pred.predicted_mean)[0]),
                float(np.sqrt(np.asarray(pred.var_pred_mean)[0])))
    if model == "local_level":
        from statsmodels.tsa.statespace.structural import UnobservedComponents

        res = UnobservedComponents(y, level="llevel").fit(disp=False)
        fc = res.get_forecast(h)
        return float(fc.predicted_mean[-1]), float(fc.se_mean[-1])
    raise ValueError(f"unknown model {model!r}; use one of {', '.join(MODELS)}")


def _z(level: float) -> float:
    return NormalDist().inv_cdf(0.5 + level / 2)


def backtest(series: pd.Series, *, first_test: int, last_test: int, min_train: int = 8,
             models: tuple[str, ...] = MODELS, targets: pd.Series | None = None,
             horizon: int = 1) -> pd.DataFrame:
    """Rolling-origin back-test, ``horizon`` years ahead: for each test year, every
    model is fitted to the series up to ``horizon`` years before (expanding
    window, at least ``min_train`` points, no gaps) and forecasts the year, with
    normal 80 % and 95 % intervals.  With ``targets`` (year → the official
    target, midpoint of a range) the target is scored as a point forecast too
    (no interval).  Long table: year, model, origin (last training year),
    forecast, se, lo80/hi80/lo95/hi95, actual, error (actual − forecast)."""
    rows = []
    for year in range(first_test, last_test + 1):
        origin = year - horizon
        train = series.loc[:origin].dropna()
        if len(train) < min_train or train.index[-1] != origin or year not in series.index:
            raise ValueError(f"cannot test {year}: need {min_train} points up to {origin} and "
                             f"a value for {year}")
        if train.index.to_series().diff().dropna().ne(1).any():
            raise ValueError(f"training data up to {origin} has gaps; start the series later")
        actual = float(series.loc[year])
        for model in models:
            mean, se = _fit_forecast(train.to_numpy(dtype=float), model, horizon)
            rows.append(dict(year=year, model=model, origin=origin, forecast=mean, se=se,
                             lo80=mean - _z(0.8) * se, hi80=mean + _z(0.8) * se,
                             lo95=mean - _z(0.95) * se, hi95=mean + _z(0.95) * se, actual=actual))
        if targets is not None and year in targets.index and pd.notna(targets.loc[year]):
            rows.append(dict(year=year, model="target", origin=year, forecast=float(targets.loc[year]),
                             se=np.nan, lo80=np.nan, hi80=np.nan, lo95=np.nan, hi95=np.nan,
                             actual=actual))
    df = pd.DataFrame(rows)
    df["error"] = df["actual"] - df["forecast"]
    return df


def _sign_test(errors: np.ndarray) -> float:
    """Two-sided sign-test p-value that errors are as often positive as negative
    (zeros dropped)."""
    from scipy.stats import binomtest

    e = errors[errors != 0]
    if not len(e):
        return 1.0
    return float(binomtest(int((e < 0).sum()), len(e), 0.5).pvalue)


def backtest_scores(bt: pd.DataFrame) -> pd.DataFrame:
    """Per model over all its test years: n, MAE, RMSE, bias (mean error; negative:
    over-forecasts), how many years it over-forecast and the sign-test p-value of
    that count, and — where the back-test has intervals — the coverage of the 80 %
    and 95 % intervals (share of outturns inside); MAE and RMSE also over the
    years every model has a forecast (``*_common``; the target is missing in
    years with no target)."""
    years = bt.groupby("year")["model"].nunique()
    common = set(years[years == bt["model"].nunique()].index)
    rows = []
    for model, g in bt.groupby("model", sort=False):
        e = g["error"].to_numpy(dtype=float)
        c = g.loc[g["year"].isin(common), "error"].to_numpy(dtype=float)
        row = dict(model=model, n=len(e), mae=round(float(np.abs(e).mean()), 3),
                   rmse=round(float(np.sqrt((e**2).mean())), 3), bias=round(float(e.mean()), 3),
                   over_forecasts=int((e < 0).sum()), sign_p=round(_sign_test(e), 3))
        for lv in (80, 95):
            if f"lo{lv}" in g and g[f"lo{lv}"].notna().all():
                inside = (g["actual"] >= g[f"lo{lv}"]) & (g["actual"] <= g[f"hi{lv}"])
                row[f"coverage{lv}"] = round(float(inside.mean()), 3)
            else:
                row[f"coverage{lv}"] = np.nan
        row.update(n_common=len(c), mae_common=round(float(np.abs(c).mean()), 3) if len(c) else np.nan,
                   rmse_common=round(float(np.sqrt((c**2).mean())), 3) if len(c) else np.nan)
        rows.append(row)
    return pd.DataFrame(rows)


def supported_models(scores: pd.DataFrame, *, benchmark: str = "random_walk",
                     max_mae_ratio: float = 1.0, min_sign_p: float = 0.10,
                     min_coverage80: float = 0.5) -> pd.DataFrame:
    """Which statistical models the back-test supports: MAE no worse than
    ``max_mae_ratio`` × the ``benchmark``'s, errors not one-sided (sign-test
    p ≥ ``min_sign_p``) and 80 % intervals that cover at least
    ``min_coverage80`` of the outturns.  One row per model with each test and
    ``supported``; the official target is not a statistical model and is left out."""
    require_columns(scores, ["model", "mae", "sign_p", "coverage80"], what="back-test scores")
    if benchmark not in set(scores["model"]):
        raise ValueError(f"benchmark {benchmark!r} is not in the back-test; use one of "
                         f"{', '.join(scores['model'])}")
    bench = float(scores.set_index("model").at[benchmark, "mae"])
    s = scores[scores["model"] != "target"].copy()
    s["beats_benchmark"] = s["mae"] <= max_mae_ratio * bench + 1e-9
    s["unbiased"] = s["sign_p"] >= min_sign_p
    s["calibrated"] = s["coverage80"] >= min_coverage80
    s["supported"] = s["beats_benchmark"] & s["unbiased"] & s["calibrated"]
    return s[["model", "mae", "bias", "over_forecasts", "sign_p", "coverage80", "coverage95",
              "beats_benchmark", "unbiased", "calibrated", "supported"]].reset_index(drop=True)


def forecast(series: pd.Series, year: int, *, models: tuple[str, ...] = MODELS,
             levels: tuple[float, ...] = (0.8, 0.95), origin: int | None = None) -> pd.DataFrame:
    """Each model's forecast of ``year`` from the series up to ``origin`` (default
    the year before; an earlier origin makes a longer horizon), no gaps: mean,
    standard error and normal prediction intervals."""
    origin = year - 1 if origin is None else origin
    train = series.loc[:origin].dropna()
    if train.index.to_series().diff().dropna().ne(1).any():
        raise ValueError(f"training data up to {origin} has gaps; start the series later")
    rows = []
    for model in models:
        h = year - int(train.index.max())
        mean, se = _fit_forecast(train.to_numpy(dtype=float), model, h)
        row = dict(model=model, year=year, train_first=int(train.index.min()),
                   train_last=int(train.index.max()), n_train=len(train), horizon=h,
                   mean=round(mean, 3), se=round(se, 3))
        for lv in levels:
            row[f"lo{round(lv * 100)}"] = round(mean - _z(lv) * se, 3)
            row[f"hi{round(lv * 100)}"] = round(mean + _z(lv) * se, 3)
        rows.append(row)
    return pd.DataFrame(rows)


def combine(fc: pd.DataFrame, threshold: float, premiums: np.ndarray | list | float = 0.0,
            *, models: list[str] | None = None) -> pd.DataFrame:
    """P(national growth + premium ≥ ``threshold``) per model and for their
    equal-weight combination (a mixture of the models' normal forecast
    distributions), averaged over ``premiums`` (each value equally likely: the
    observed gaps, or one assumed premium).  One row per model, then
    ``combination``: probability, and the range over the premiums."""
    prem = np.atleast_1d(np.asarray(premiums, dtype=float))
    if not len(prem):
        raise ValueError("no premiums given: pass at least one premium (0 for none)")
    sel = fc if models is None else fc[fc["model"].isin(models)]
    if sel.empty:
        raise ValueError("no model to combine: the back-test supports none of the models passed")
    rows = []
    for r in sel.itertuples():
        p = np.array([prob_at_least(r.mean, r.se, threshold - x) for x in prem])
        rows.append(dict(model=r.model, probability=round(float(p.mean()), 3),
                         lowest=round(float(p.min()), 3), highest=round(float(p.max()), 3)))
    out = pd.DataFrame(rows)
    comb = dict(model="combination", probability=round(float(out["probability"].mean()), 3),
                lowest=round(float(out["lowest"].mean()), 3),
                highest=round(float(out["highest"].mean()), 3))
    return pd.concat([out, pd.DataFrame([comb])], ignore_index=True)


def premium_curve(fc: pd.DataFrame, threshold: float, premiums: np.ndarray, *,
                  models: list[str] | None = None) -> pd.DataFrame:
    """P(national + premium ≥ ``threshold``) over a grid of ``premiums``, per
    model and for the equal-weight combination: long table premium, model,
    probability."""
    sel = fc if models is None else fc[fc["model"].isin(models)]
    rows = []
    for x in np.asarray(premiums, dtype=float):
        ps = [prob_at_least(r.mean, r.se, threshold - x) for r in sel.itertuples()]
        rows += [dict(premium=round(float(x), 3), model=m, probability=round(p, 4))
                 for m, p in zip(sel["model"], ps)]
        rows.append(dict(premium=round(float(x), 3), model="combination",
                         probability=round(float(np.mean(ps)), 4)))
    return pd.DataFrame(rows)


def target_errors(record: pd.DataFrame, *, since: int | None = None,
                  until: int | None = None) -> pd.Series:
    """Outturn minus target (first reported; a range's midpoint) by year from a
    :func:`~.track_record.track_record`, from ``since`` to ``until``."""
    require_columns(record, ["year", "target", "target_high", "outturn"], what="record")
    r = record[record["target"].notna() & record["outturn"].notna()]
    if since is not None:
        r = r[r["year"] >= since]
    if until is not None:
        r = r[r["year"] <= until]
    mid = np.where(r["target_high"].notna(), (r["target"] + r["target_high"]) / 2, r["target"])
    return pd.Series((r["outturn"].to_numpy(dtype=float) - mid).round(3),
                     index=r["year"].astype(int).to_numpy(), name="outturn_minus_target")


def target_as_forecast(errors: pd.Series, target: float, threshold: float,
                       premiums: tuple[float, ...] | list[float] = (0.0,)) -> pd.DataFrame:
    """The official target as a forecast, with the empirical distribution of past
    outturn-minus-target ``errors`` (:func:`target_errors`), not a normal centred
    on the target: for each premium, the share of past errors e with
    target + e + premium ≥ ``threshold``."""
    e = np.asarray(errors, dtype=float)
    if not len(e):
        raise ValueError("no past errors: the record has no year with both a target and an outturn")
    rows = [dict(premium=round(float(x), 3), national_needed=round(threshold - x, 3),
                 probability=empirical_probability(target, e, threshold - x), n_errors=len(e),
                 first=int(errors.index.min()), last=int(errors.index.max()))
            for x in premiums]
    return pd.DataFrame(rows)


def prob_at_least(mean: float, se: float, threshold: float) -> float:
    """P(growth ≥ threshold) for growth ~ Normal(mean, se²)."""
    return 1 - NormalDist(mean, se).cdf(threshold)


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

