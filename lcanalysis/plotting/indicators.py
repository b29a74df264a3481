"""Figures of notebook 02 (indicators)."""

from __future__ import annotations

from ..glossary import Lang, label
from ._core import (PALETTE, _axes, fit_title, legend_below, right_labels, rows_height,
                    section_labels)


def quantities_by_section(table, *, lang: Lang = "zh", ax=None):
    """Bars: quantities stated per part/section, with the targets among them
    (the legend above the bars, never over them)."""
    rows = table.reset_index(drop=True)
    fig, ax = _axes(ax, "single", height_mm=rows_height(len(rows), extra_mm=28))
    y = list(range(len(rows)))[::-1]
    ax.barh(y, rows["quantities"], color=PALETTE[4], height=0.75, label=label("全部数量", lang))
    ax.barh(y, rows["targets"], color=PALETTE[0], height=0.75, label=label("其中目标", lang))
    ax.set_yticks(y, section_labels(rows, lang))
    ax.set_xlabel(label("数量", lang))
    fit_title(ax, label("各部分各节的量化表述", lang))
    legend_below(fig)
    ax.margins(y=0.01)
    return fig


#: marker of a value by its qualifier (:data:`lcanalysis.indicators.LEDGER_QUALIFIER`): a floor
#: (以上) points right, towards the values it allows, a ceiling (以内, 以下) left; an approximate
#: value (左右) is drawn hollow
_QUALIFIER_MARKERS = {"以上": ">", "以内": "<", "以下": "<"}
#: legend keys of the qualifiers (data/glossary/labels.csv)
_QUALIFIER_KEYS = {"以上": "以上：下限", "以内": "以内：上限", "以下": "以下：上限", "左右": "左右：约数",
                   "区间": "区间"}


def stated_target(value, qualifier, unit: str = "%", *, high=None, lang: Lang = "zh") -> str:
    """A target as the report states it, in ``lang``: 5.5%以上 / 5.5% or more, 3%左右 / about 3%,
    6.5%－7% / 6.5–7% (templates in data/glossary/labels.csv, so that the English reads as
    English: "about" goes before the number, "or more" after it)."""
    q = qualifier if isinstance(qualifier, str) and qualifier in ("以上", "左右", "以内", "以下") else ""
    if isinstance(qualifier, str) and qualifier == "区间" and high is not None:
        return label("{v}－{h}{u}", lang).format(v=f"{value:g}", h=f"{high:g}", u=unit)
    return label("{v}{u}" + q, lang).format(v=f"{value:g}", u=unit)


def targets_vs_previous(ledger, *, lang: Lang = "zh", ax=None):
    """Dots: each headline growth target (%) beside the previous year's figure, each marked by
    its qualifier (a floor such as 5.5%以上 as a triangle pointing right, an approximate 3%左右
    hollow; the legend says which is which), and at the right of each row the target as the
    report states it (:func:`stated_target`)."""
    from matplotlib.lines import Line2D

    from ..indicators import KEY_LABELS_ZH, LEDGER_QUALIFIER

    rows = ledger[(ledger["unit"] == "%") & ledger["indicator_key"].isin(list(KEY_LABELS_ZH))].reset_index(drop=True)
    fig, ax = _axes(ax, "double", height_mm=rows_height(len(rows), per_row_mm=6.5, extra_mm=34))
    y = list(range(len(rows)))[::-1]
    qual = rows["qualifier"].fillna("").astype(str)
    prev_qual = rows["previous_qualifier"].fillna("").astype(str).map(lambda q: LEDGER_QUALIFIER.get(q, ""))
    handles = []

    def dots(mask, values, colour, *, hollow=False, marker="D", key, size=30, dy=0.0):
        if not mask.any():
            return
        face = "white" if hollow else colour
        ax.scatter(values[mask], [y[i] + dy for i in rows.index[mask]], marker=marker, s=size,
                   facecolors=face, edgecolors=colour, linewidths=1.0, zorder=3)
        handles.append(Line2D([], [], linestyle="", marker=marker, markersize=5,
                              markerfacecolor=face, markeredgecolor=colour, label=label(key, lang)))

    target = rows["target_value"]
    plain = ~qual.isin(list(_QUALIFIER_KEYS))
    # the target a little above the row's line, the 2023 figure a little below, so that equal
    # values (7% and 7%以上) stay two marks
    up, down = 0.13, -0.13
    dots(plain, target, PALETTE[0], key="2024年目标", dy=up)
    for q, key in _QUALIFIER_KEYS.items():
        if q == "区间":
            continue
        dots(qual == q, target, PALETTE[0], marker=_QUALIFIER_MARKERS.get(q, "D"), hollow=(q == "左右"),
             key=f"2024年目标，{key}", size=40 if q in _QUALIFIER_MARKERS else 30, dy=up)
    band = (qual == "区间") & rows["target_value_high"].notna()
    if band.any():
        ax.hlines([y[i] + up for i in rows.index[band]], target[band], rows.loc[band, "target_value_high"],
                  color=PALETTE[0], lw=2.5, zorder=2)
        dots(band, target, PALETTE[0], key="2024年目标，区间", dy=up)
    prev = rows["previous_value"].notna()
    est = rows["previous_kind"] == "estimated"
    floor = prev_qual == "以上"
    for mask, key, hollow in ((prev & ~est & ~floor, "2023年结果", False),
                              (prev & est & ~floor, "2023年结果（预计）", True),
                              (prev & ~est & floor, "2023年结果，以上：下限", False),
                              (prev & est & floor, "2023年结果（预计），以上：下限", True)):
        dots(mask, rows["previous_value"], PALETTE[1], hollow=hollow,
             marker=">" if "以上" in key else "o", key=key, size=40 if "以上" in key else 30,
             dy=down)
    for i in rows.index[~prev]:
        ax.annotate(label("未说明", lang), (rows.loc[i, "target_value"], y[i] + up), xytext=(6, -3),
                    textcoords="offset points", fontsize=7, color="0.35")
    ax.set_yticks(y, [label(KEY_LABELS_ZH[k], lang) for k in rows["indicator_key"]])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel(label("增长（%）", lang))
    fit_title(ax, label("2024年目标与2023年结果", lang))
    ax.grid(axis="x", color="0.9", linewidth=0.5)
    right_labels(ax, y, [stated_target(r.target_value, r.qualifier, "%", high=r.target_value_high, lang=lang)
                         for r in rows.itertuples()])
    handles.append(Line2D([], [], linestyle="", label=label("右列：2024年目标（报告原文）", lang)))
    legend_below(fig, handles=handles, ncol=3, handletextpad=0.3)
    return fig
