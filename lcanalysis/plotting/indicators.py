"""Figures of notebook 02 (indicators)."""

from __future__ import annotations

from ..glossary import Lang, label
from ._core import PALETTE, _axes, fit_title, legend_below, rows_height, section_labels


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


def targets_vs_previous(ledger, *, lang: Lang = "zh", ax=None):
    """Dots: each headline growth target (%) beside the previous year's figure."""
    from ..indicators import KEY_LABELS_ZH

    rows = ledger[(ledger["unit"] == "%") & ledger["indicator_key"].isin(list(KEY_LABELS_ZH))].reset_index(drop=True)
    fig, ax = _axes(ax, "single", height_mm=rows_height(len(rows), extra_mm=32))
    y = list(range(len(rows)))[::-1]
    ax.scatter(rows["target_value"], y, marker="D", color=PALETTE[0], zorder=3,
               label=label("2024年目标", lang))
    prev = rows["previous_value"].notna()
    est = rows["previous_kind"] == "estimated"
    ax.scatter(rows.loc[prev & ~est, "previous_value"], [y[i] for i in rows.index[prev & ~est]],
               marker="o", color=PALETTE[1], zorder=3, label=label("2023年结果", lang))
    ax.scatter(rows.loc[prev & est, "previous_value"], [y[i] for i in rows.index[prev & est]],
               marker="o", facecolors="white", edgecolors=PALETTE[1], zorder=3,
               label=label("2023年结果（预计）", lang))
    for i in rows.index[~prev]:
        ax.annotate(label("未说明", lang), (rows.loc[i, "target_value"], y[i]), xytext=(6, -3),
                    textcoords="offset points", fontsize=7, color="0.35")
    ax.set_yticks(y, [label(KEY_LABELS_ZH[k], lang) for k in rows["indicator_key"]])
    ax.set_xlabel(label("增长（%）", lang))
    fit_title(ax, label("2024年目标与2023年结果", lang))
    ax.grid(axis="x", color="0.9", linewidth=0.5)
    legend_below(fig, ncol=2 if lang == "en" else 3, handletextpad=0.2)
    return fig
