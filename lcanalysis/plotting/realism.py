"""Figures of notebook 05 (growth-target realism)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..glossary import Lang, label
from matplotlib.ticker import MaxNLocator

from ._core import PALETTE, _axes, fit_title, legend_below, rows_height

#: one colour per forecasting model, the same in every figure (05_forecast_fan,
#: 05_premium_curve); the palette's yellow is too pale on white, and blue is the combination's
MODEL_COLOURS = {"random_walk": PALETTE[4], "drift": PALETTE[5], "mean": PALETTE[2],
                 "arima": PALETTE[7], "arima011": PALETTE[1], "ets": "#A6761D",
                 "ets_damped": "0.5", "local_level": "#6A3D9A", "combination": PALETTE[0]}
_MODEL_ZH = {"random_walk": "随机游走", "drift": "带漂移的随机游走", "mean": "历史均值",
             "arima": "ARIMA(1,0,0)", "arima011": "ARIMA(0,1,1)", "ets": "指数平滑ETS(A,N,N)",
             "ets_damped": "阻尼趋势ETS", "local_level": "局部水平模型", "combination": "模型组合",
             "target": "官方目标"}

#: Chinese labels of the headline keys used in the scorecard
_KEY_ZH = {
    "gdp_growth": "地区生产总值增长", "fiscal_revenue_growth": "一般公共预算收入增长",
    "fai_growth": "固定资产投资增长", "services_va_growth": "服务业增加值增长",
    "retail_sales_growth": "社会消费品零售总额增长", "disposable_income_growth": "居民人均可支配收入增长",
    "cpi": "居民消费价格涨幅", "grain_output": "粮食产量", "new_urban_jobs": "城镇新增就业",
}
_STATUS_ZH = {"met": "达到", "met within tolerance": "容差内达到", "missed": "未达到",
              "not available": "无来源数据"}
_QUAL_ZH = {"以上": "以上", "左右": "左右", "区间": "区间", "以内": "以内", "以下": "以下", "": ""}


def _fmt(value, unit: str = "%") -> str:
    if value is None or pd.isna(value):
        return "—"
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return f"{text}{unit}" if unit in ("%", "") else f"{text} {unit}"


def _with_qual(value, qualifier, lang: Lang, *, high=None, unit: str = "%") -> str:
    """5.5%以上 / 5.5% or more, 3%左右 / about 3%, 6.5–7% (a range)."""
    q = qualifier if isinstance(qualifier, str) else ""
    if high is not None and not pd.isna(high):
        return f"{_fmt(value, '')}–{_fmt(high, unit)}"
    text = _fmt(value, unit)
    if not q or q == "区间":
        return text
    if lang == "zh":
        return f"{text}{q}"
    en = label(q, lang)
    return f"{en} {text}" if q in ("左右", "以内") else f"{text} {en}"


def _growth_by_year(ax, title: str, lang: Lang, ylabel: str = "国内生产总值增长（%）") -> None:
    """Axis labels, title, grid and whole-year ticks of a growth-by-year chart
    (国内生产总值 for the nation; 地区生产总值 where provinces or cities are drawn)."""
    ax.set_xlabel(label("年份", lang))
    ax.set_ylabel(label(ylabel, lang))
    fit_title(ax, label(title, lang))
    ax.grid(axis="y", color="0.9", linewidth=0.5)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))


def target_history(national, province=None, *, lang: Lang = "zh", ax=None):
    """Targets (diamonds; a bar spans a range target) and outturns as first
    reported (line) by year: the nation and, if given, the province.  Missed
    targets (strict reading) are ringed."""
    fig, ax = _axes(ax, "double", height_mm=88)
    series = [(national, PALETTE[0], "全国")]
    if province is not None and len(province):
        series.append((province, PALETTE[1], "山东"))
    # side by side within a year when two regions are drawn, so that equal targets stay visible
    dodge = {0: 0.0} if len(series) == 1 else {0: -0.15, 1: 0.15}
    gnp = national.loc[national["measure"].ne("GDP"), "year"] if "measure" in national else []
    for k, year in enumerate(sorted(set(int(y) for y in gnp))):
        ax.axvspan(year - 0.5, year + 0.5, color="0.93", linewidth=0, zorder=0,
                   label=label("国民生产总值（非国内生产总值）", lang) if k == 0 else None)
    for i, (rec, colour, region) in enumerate(series):
        rec = rec.sort_values("year")
        name = label(region, lang)
        sep = "：" if lang == "zh" else ": "
        out = rec.set_index("year")["outturn"]
        ax.plot(out.index, out.to_numpy(dtype=float), "-o", color=colour, markersize=2.5, linewidth=1,
                label=f"{name}{sep}{label('实际增长（初步核算）', lang)}")
        t = rec[rec["target"].notna()]
        x = t["year"].astype(float) + dodge[i]
        ax.scatter(x, t["target"], marker="D", s=14, facecolors="white", edgecolors=colour,
                   linewidths=1, zorder=3, label=f"{name}{sep}{label('增长目标', lang)}")
        rng = t[t["target_high"].notna()]
        ax.vlines(rng["year"].astype(float) + dodge[i], rng["target"], rng["target_high"], color=colour,
                  linewidth=2, zorder=2,
                  label=f"{name}{sep}{label('目标区间（下限至上限）', lang)}" if len(rng) else None)
        missed = rec[rec["met_strict"].fillna(True).eq(False)]
        ax.scatter(missed["year"], missed["outturn"], s=60, facecolors="none",
                   edgecolors=PALETTE[3], linewidths=0.8, zorder=4)
    ax.scatter([], [], s=60, facecolors="none", edgecolors=PALETTE[3], linewidths=0.8,
               label=label("未达到目标（严格口径）", lang))
    _growth_by_year(ax, "增长目标与实际增长", lang,
                    "国内（地区）生产总值增长（%）" if len(series) > 1 else "国内生产总值增长（%）")
    legend_below(fig, ncol=3)
    return fig


def escalation_chart(table, *, lang: Lang = "zh", ax=None):
    """Bars: the year's GDP growth target of the nation, the province and the
    cities, top to bottom, each labelled with its qualifier."""
    rows = table.reset_index(drop=True)
    fig, ax = _axes(ax, "single", height_mm=rows_height(len(rows), per_row_mm=5, extra_mm=26))
    y = np.arange(len(rows))[::-1]
    colours = [PALETTE[0] if lv == "nation" else PALETTE[1] if lv == "province" else
               (PALETTE[3] if r == "聊城" else PALETTE[4])
               for lv, r in zip(rows["level"], rows["region"])]
    ax.barh(y, rows["target"], color=colours, height=0.6)
    for yi, r in zip(y, rows.itertuples()):
        text = _with_qual(r.target, r.qualifier, lang, high=r.target_high)
        ax.text(r.target + 0.05, yi, text, va="center", fontsize=7)
    ax.set_yticks(y, [label(r, lang) for r in rows["region"]])
    ax.set_xlim(0, float(rows["target"].max()) * 1.45)
    ax.set_xlabel(label("2024年增长目标（%）", lang))
    fit_title(ax, label("2024年增长目标：全国（国内生产总值）与山东及各市（地区生产总值）", lang))
    return fig


def premium_curve(curve, gaps, *, threshold: float, hindsight=None, lang: Lang = "zh", ax=None):
    """P(city growth ≥ ``threshold``) against the city premium over national
    growth: one line per model and a thick line for their combination, from a
    :func:`lcanalysis.realism.premium_curve` table; the observed regional gaps
    (``gaps``, ex ante) as a rug below, and ``hindsight`` gaps, if given, as
    hollow marks."""
    fig, ax = _axes(ax, "single", height_mm=92)
    models = [m for m in dict.fromkeys(curve["model"]) if m != "combination"]
    for m in models:
        c = curve[curve["model"] == m]
        ax.plot(c["premium"], c["probability"], color=MODEL_COLOURS.get(m, "0.3"),
                linewidth=0.8, label=label(_MODEL_ZH[m], lang))
    c = curve[curve["model"] == "combination"]
    ax.plot(c["premium"], c["probability"], color=MODEL_COLOURS["combination"], linewidth=2,
            label=label("模型组合", lang))
    step = 0.03  # equal gaps are stacked, one mark per observation
    g = np.asarray(gaps, dtype=float)
    gy = -0.04 - step * _repeat_index(g)
    ax.plot(g, gy, "|", color=PALETTE[3], markersize=6,
            label=label("已知的地区增速差（事前，n = {n}）", lang).format(n=len(g)))
    bottom = float(gy.min()) if len(g) else -0.04
    if hindsight is not None and len(hindsight):
        h = np.asarray(hindsight, dtype=float)
        hy = bottom - 0.05 - step * _repeat_index(h)
        ax.plot(h, hy, "o", markersize=3, markerfacecolor="none",
                color=PALETTE[1], label=label("2023–2024年增速差（事后，n = {n}）", lang).format(n=len(h)))
        bottom = float(hy.min())
    ax.set_ylim(bottom - 0.04, 1.02)
    ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
    ax.set_xlabel(label("地区增速高出全国（百分点）", lang))
    ax.set_ylabel(label("达到目标的概率", lang).format(t=f"{threshold:g}"))
    fit_title(ax, label("概率与城市溢价", lang))
    ax.grid(color="0.92", linewidth=0.5)
    legend_below(fig, ncol=2 if lang == "zh" else 1)
    return fig


def _repeat_index(values: np.ndarray) -> np.ndarray:
    """0 for the first occurrence of a value, 1 for the second, …: the row of each mark
    when equal values are stacked."""
    seen: dict = {}
    out = []
    for v in np.round(values, 6):
        out.append(seen.get(v, 0))
        seen[v] = out[-1] + 1
    return np.asarray(out, dtype=float)


def forecast_fan(history, forecasts, *, model: str = "arima", target: float | None = None,
                 outturn: float | None = None, title: str = "全国增长预测（2024年）",
                 unsupported=(), lang: Lang = "zh", ax=None):
    """The first-reported national growth series and a forecast fan (80 %
    and 95 % intervals) of ``model``; the other models' means and 95 % intervals
    beside it (hollow, and so labelled, for the models in ``unsupported``: those the
    data do not support); the target as a dashed line and the outturn, if known, as a
    star.  Each model has its colour of :data:`MODEL_COLOURS`."""
    fig, ax = _axes(ax, "single", height_mm=112)
    h = history.dropna()
    ax.plot(h.index, h.to_numpy(dtype=float), "-o", color="0.2", markersize=2.5, linewidth=1,
            label=label("实际增长（初步核算）", lang))
    row = forecasts.set_index("model").loc[model]
    year, last_year, last = int(row["year"]), int(h.index.max()), float(h.iloc[-1])
    for lo, hi, alpha, name in (("lo95", "hi95", 0.25, "95%预测区间"), ("lo80", "hi80", 0.45, "80%预测区间")):
        ax.fill([last_year, year, year], [last, row[lo], row[hi]], color=MODEL_COLOURS.get(model, PALETTE[0]),
                alpha=alpha, linewidth=0, label=f"{label(_MODEL_ZH[model], lang)} {label(name, lang)}")
    ax.plot([last_year, year], [last, row["mean"]], color=MODEL_COLOURS.get(model, PALETTE[0]), linewidth=1)
    others = [m for m in forecasts["model"] if m != model]
    ax.set_xlim(right=year + 0.14 * (len(others) + 1) + 0.3)
    for k, m in enumerate(others):
        r = forecasts.set_index("model").loc[m]
        x = year + 0.14 * (k + 1)  # beside the fan's end, all within the forecast year
        colour = MODEL_COLOURS.get(m, "0.3")
        name = label(_MODEL_ZH[m], lang)
        if m in unsupported:
            name += label("（数据不支持）", lang) if lang == "zh" else " " + label("（数据不支持）", lang)
        ax.errorbar([x], [r["mean"]], yerr=[[r["mean"] - r["lo95"]], [r["hi95"] - r["mean"]]],
                    fmt="o", markersize=3, color=colour, linewidth=0.8, capsize=1.5,
                    markerfacecolor="white" if m in unsupported else colour, label=name)
    if others:
        ax.plot([], [], " ", label=label("点与竖线：其他模型的均值与95%预测区间", lang))
    if target is not None:
        ax.axhline(target, color=PALETTE[3], linestyle="--", linewidth=0.8,
                   label=label("2024年目标", lang))
    if outturn is not None and not pd.isna(outturn):
        ax.scatter([year], [outturn], marker="*", s=50, color=PALETTE[3], zorder=5,
                   label=label("2024年实际（初步核算）", lang))
    _growth_by_year(ax, title, lang)
    legend_below(fig, ncol=1)  # (two columns of these labels are wider than a column)
    return fig


def scorecard_table(card, *, lang: Lang = "zh") -> pd.DataFrame:
    """The scorecard as a table to show or print (it used to be drawn as a
    figure): each 2024 target with its qualifier, the 2023 figure, the 2024
    outturn where a source gives one and the verdict, in ``lang``; units other
    than % are given with the indicator."""
    rows = []
    for r in card.reset_index(drop=True).itertuples():
        unit = r.unit if isinstance(r.unit, str) else ""
        name = label(_KEY_ZH.get(r.indicator, r.indicator), lang)
        shown_unit = unit if unit == "%" else ""
        if unit and unit != "%":
            name = f"{name}（{label(unit, lang)}）" if lang == "zh" else f"{name} ({label(unit, lang)})"
        rows.append({
            label("指标", lang): name,
            label("2024年目标", lang): _with_qual(r.target, r.qualifier, lang, high=r.target_high,
                                              unit=shown_unit),
            label("2023年结果", lang): _fmt(r.previous, shown_unit),
            label("2024年实际", lang): _fmt(r.outturn, shown_unit),
            label("判断", lang): label(_STATUS_ZH[r.status], lang),
        })
    return pd.DataFrame(rows)
