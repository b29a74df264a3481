"""Figures of notebook 01 (the corpus) and notebook 06 (a report among its peers)."""

from __future__ import annotations

from ..glossary import Lang, label
import numpy as np
import pandas as pd

from ._core import (MIN_FONT_PT, PALETTE, _axes, column_labels, fit_title, heatmap, legend_below,
                    right_labels, rows_height, section_labels)


def length_by_section(outline, *, lang: Lang = "zh", ax=None):
    """Horizontal bars: characters per part introduction, numbered section and
    annex, labelled with the sections' short titles."""
    rows = outline[outline["part"].notna()].reset_index(drop=True)
    fig, ax = _axes(ax, "single", height_mm=rows_height(len(rows)))
    parts = list(dict.fromkeys(rows["part"]))
    colours = [PALETTE[parts.index(p) % len(PALETTE)] for p in rows["part"]]
    y = list(range(len(rows)))[::-1]
    ax.barh(y, rows["chars"], color=colours, height=0.75)
    ax.set_yticks(y, section_labels(rows, lang))
    ax.set_xlabel(label("字数", lang))
    ax.set_title(label("字数（按部分和节）", lang))
    ax.margins(y=0.01)
    return fig


# -- notebook 06: a report among its peers, and the national series ------------------------
#: how the comparison texts' doc_ids are named in figures (the region in data/glossary)
_REGIONS = {"liaocheng": "聊城市", "national": "全国", "shandong": "山东省"}
HIGHLIGHT = "liaocheng-2024"


#: administrative suffixes a short Chinese region name leaves out (广西壮族自治区 → 广西,
#: 黑龙江省 → 黑龙江, 北京市 → 北京), as Chinese tables and maps abbreviate them
_REGION_SUFFIX = r"(壮族自治区|回族自治区|维吾尔自治区|自治区|特别行政区|省|市)$"


def doc_label(doc_id: str, lang: Lang = "zh", *, short: bool = False) -> str:
    """``liaocheng-2024`` → 聊城市2024 / Liaocheng 2024; ``福建省-2026`` → 福建省2026 /
    Fujian 2026; ``national-1995`` → 全国1995 / China 1995.  ``short``: the region's short
    Chinese name over the year, for narrow columns (广西\\n2026 / Guangxi\\n2026)."""
    import re

    name, _, year = str(doc_id).partition("-")
    year = year.split("-")[0]
    region = label(_REGIONS.get(name, name), lang)
    if short:
        if lang == "zh" and len(region) > 2:
            region = re.sub(_REGION_SUFFIX, "", region) or region
        return f"{region}\n{year}"
    return f"{region}{year}" if lang == "zh" else f"{region} {year}"


def _colours(doc_ids) -> list[str]:
    return [PALETTE[3] if d == HIGHLIGHT else PALETTE[0] if str(d).startswith(("national", "shandong"))
            else PALETTE[4] for d in doc_ids]


def _annotated_heatmap(m: pd.DataFrame, columns: list[str], lang: Lang, ax, title: str, *,
                       rotate: bool = False, other=None, other_label: str = ""):
    """CAP topics (rows, horizontal labels) × ``m``'s rows (columns: reports or
    periods, labelled ``columns``), in the package's one heatmap style, each
    cell's share written in it at the smallest legible size (white on the
    darkest cells); ``other`` (one share per column), if given, is a last row
    labelled ``other_label`` (the topics left out), so that every column sums to 100%."""
    from .priorities import _topic_label

    values = m.to_numpy(dtype=float).T
    labels = [_topic_label(c, lang) for c in m.columns]
    if other is not None:
        values = np.vstack([values, np.asarray(other, dtype=float)[None, :]])
        labels.append(other_label)
    fig, ax = _axes(ax, "double", height_mm=rows_height(values.shape[0], per_row_mm=5.0,
                                                        extra_mm=46 if rotate else 30))
    heatmap(ax, values, colorbar_label=label("政策句子份额", lang), percent=True)
    ax.set_yticks(range(values.shape[0]), labels)
    column_labels(ax, columns)
    top = np.nanmax(values) if values.size else 0
    for i in range(values.shape[0]):
        for j in range(values.shape[1]):
            v = values[i, j]
            ax.text(j, i, f"{v:.0%}" if v >= 0.005 else "", ha="center", va="center",
                    fontsize=MIN_FONT_PT, color="white" if v > 0.6 * top else "black")
    fit_title(ax, title)
    return fig


def _other_label(min_share: float, lang: Lang) -> str:
    return label("其他主题（每列均低于{p}）", lang).format(p=f"{min_share:.0%}")


def attention_profiles(matrix, *, min_share: float = 0.04, lang: Lang = "zh", ax=None):
    """Heatmap: CAP topics (rows, those with at least ``min_share`` of some
    report's policy sentences, and a last row for all the others together) × reports
    (columns), share of each report's policy sentences."""
    matrix = matrix.fillna(0)
    cols = [c for c in matrix.columns if matrix[c].max() >= min_share]
    m = matrix[cols]
    rest = matrix.drop(columns=cols).sum(axis=1)
    return _annotated_heatmap(m, [doc_label(d, lang, short=True) for d in m.index], lang, ax,
                              label("政策关注：聊城与全国、山东和各省", lang), rotate=True,
                              other=rest if len(cols) < matrix.shape[1] else None,
                              other_label=_other_label(min_share, lang))


def quantification_bars(table, *, lang: Lang = "zh", ax=None):
    """Horizontal bars: quantities per 1,000 characters, one bar per report."""
    t = table.sort_values("per_1000_chars")
    fig, ax = _axes(ax, "single", 0.9)
    ax.barh(range(len(t)), t["per_1000_chars"], color=_colours(t["doc_id"]), height=0.7)
    ax.set_yticks(range(len(t)), [doc_label(d, lang) for d in t["doc_id"]])
    ax.set_xlabel(label("每千字数字个数", lang))
    fit_title(ax, label("量化密度", lang))
    return fig


def ambition_dots(table, *, lang: Lang = "zh", ax=None):
    """Per report: the previous year's stated GDP growth (open ring) and the
    year's target (filled dot, coloured by kind of report: the focus report, the
    national and Shandong reports, the provinces; a range target drawn as a thick bar
    to its upper end), joined by a thin line; the legend names every mark."""
    from matplotlib.lines import Line2D

    t = table.dropna(subset=["target"]).sort_values(["target", "previous"])
    fig, ax = _axes(ax, "single", 0.95 if lang == "zh" else 1.1)
    y = np.arange(len(t))
    for k, r in enumerate(t.itertuples(index=False)):
        if pd.notna(r.previous):
            ax.plot([r.previous, r.target], [k, k], color="0.6", lw=0.8, zorder=1)
        if pd.notna(r.target_high):
            ax.plot([r.target, r.target_high], [k, k], color="0.25", lw=2.5, zorder=2)
    colours = _colours(t["doc_id"])
    ax.scatter(t["target"], y, color=colours, s=18, zorder=3)
    # the ring is drawn over the dot, so that a previous figure equal to the target stays visible
    ax.scatter(t["previous"], y, facecolors="none", edgecolors="black", s=40, linewidths=0.8,
               zorder=4)
    ax.set_yticks(y, [doc_label(d, lang) for d in t["doc_id"]])
    national = t["doc_id"].astype(str).str.startswith("national").any()
    ax.set_xlabel(label("国内（地区）生产总值增长（%）" if national else "地区生产总值增长（%）", lang))
    fit_title(ax, label("增长目标与上年增长", lang))
    sep = "：" if lang == "zh" else ": "
    kinds = [(PALETTE[3], doc_label(HIGHLIGHT, lang)), (PALETTE[0], label("全国与山东", lang)),
             (PALETTE[4], label("各省", lang))]
    shown = set(colours)
    handles = [Line2D([], [], marker="o", linestyle="", color=c, markersize=4,
                      label=f"{label('增长目标', lang)}{sep}{n}") for c, n in kinds if c in shown]
    if t["target_high"].notna().any():
        handles.append(Line2D([], [], color="0.25", lw=2.5, label=label("目标区间（至上限）", lang)))
    handles.append(Line2D([], [], marker="o", linestyle="", markerfacecolor="none",
                          markeredgecolor="black", markersize=5, label=label("上年增长（报告所述）", lang)))
    legend_below(fig, handles=handles, ncol=2 if lang == "zh" else 1)
    return fig


def target_language_order(summary) -> pd.DataFrame:
    """The rows of :func:`lcanalysis.compare.language_summary` in the order of
    :func:`target_language_bars`, top to bottom: by the share of hard words among hard and soft
    (``hard_share``) from highest to lowest, ties by ``doc_id`` (A–Z, the same order in every
    language), reports without either kind of word last."""
    return (summary.sort_values(["hard_share", "doc_id"], ascending=[False, True],
                                na_position="last", kind="mergesort")
            .reset_index(drop=True))


def target_language_bars(summary, *, lang: Lang = "zh", ax=None):
    """Paired bars per report: hard and soft words per target sentence, the reports sorted by
    their share of hard words (:func:`target_language_order`, stated in the title; the share
    itself is written at the right of each row)."""
    t = target_language_order(summary)
    fig, ax = _axes(ax, "single", height_mm=rows_height(len(t), per_row_mm=6.0, extra_mm=36))
    y = np.arange(len(t))[::-1]
    ax.barh(y + 0.2, t["hard"], height=0.4, color=PALETTE[0], label=label("硬性用语", lang))
    ax.barh(y - 0.2, t["soft"], height=0.4, color=PALETTE[1], label=label("弹性用语", lang))
    ax.set_yticks(y, [doc_label(d, lang) for d in t["doc_id"]])
    ax.set_ylim(-0.6, len(t) - 0.4)
    ax.set_xlabel(label("每个目标句的词数", lang))
    right_labels(ax, y, ["–" if pd.isna(v) else f"{v:.0%}" for v in t["hard_share"]])
    fit_title(ax, label("目标用语：硬性与弹性", lang) + "\n"
              + label("按硬性用语占比排序（右列），并列者按报告编号", lang), fontsize=8)
    legend_below(fig, ncol=2)
    return fig


def attention_by_period(table, *, min_share: float = 0.04, lang: Lang = "zh", ax=None):
    """Heatmap: CAP topics (rows) × periods (columns, e.g. decades), share of policy sentences."""
    full = table.pivot(index="period", columns="topic", values="share").fillna(0)
    cols = [c for c in full.columns if full[c].max() >= min_share]
    m = full[cols]
    reports = table.groupby("period")["reports"].first().reindex(m.index)
    rows = [f"{p}{label('年代', lang)}\n（{n}份）" if lang == "zh" else f"{p}s\n(n = {n})"
            for p, n in zip(m.index, reports)]
    rest = full.drop(columns=cols).sum(axis=1)
    return _annotated_heatmap(m, rows, lang, ax, label("全国政府工作报告的政策关注（按年代）", lang),
                              other=rest if len(cols) < full.shape[1] else None,
                              other_label=_other_label(min_share, lang))


def growth_target_series(wide, *, lang: Lang = "zh", ax=None):
    """The national GDP growth target by report year (:func:`lcanalysis.realism.wide_series`;
    marker by qualifier, a range as a bar) beside the previous year's growth the
    report states, drawn at the year it is about."""
    w = wide.dropna(subset=["target"])
    fig, ax = _axes(ax, "double", 0.4)
    if "previous" in wide:
        p = wide.dropna(subset=["previous"]).set_index("report_year")["previous"]
        p = p.reindex(range(int(p.index.min()), int(p.index.max()) + 1))  # a gap stays a gap
        ax.plot(p.index - 1, p.to_numpy(), color="0.55", lw=1, marker="o", ms=2.5,
                label=label("上年增长（报告所述）", lang))
    markers = {"左右": "o", "以上": "^", "区间": "s"}
    for k, (q, g) in enumerate(w.groupby(w["qualifier"].fillna(""), sort=True)):
        ax.scatter(g["report_year"], g["target"], marker=markers.get(q, "D"),
                   color=PALETTE[k % len(PALETTE)], s=14, zorder=3,
                   label=label(f"目标（{q or '无限定词'}）", lang))
        r = g.dropna(subset=["target_high"])
        ax.vlines(r["report_year"], r["target"], r["target_high"], color=PALETTE[k % len(PALETTE)],
                  lw=1.5)
    ax.set_xlabel(label("年份", lang))
    ax.set_ylabel(label("国内生产总值增长（%）", lang))
    fit_title(ax, label("全国增长目标及其限定词", lang))
    legend_below(fig, ncol=3)
    return fig
