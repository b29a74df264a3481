"""Figures of notebook 04 (policy priorities)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..glossary import Lang, label
from ._core import (PALETTE, ZH_NUM, _axes, column_labels, fit_title, group_colour, heatmap,
                    legend_below, new_figure, percent_axis, rows_height, stacked_section_labels)

#: the groups of :func:`lcanalysis.priorities.groups` (which parts are the review and the plan
#: comes from the report's outline: :func:`lcanalysis.review_plan`)
GROUP_LABELS = {"回顾": "工作回顾部分", "计划": "工作计划部分", "全文": "全文"}


def _group_label(group: str, lang: Lang) -> str:
    """The label of a group: review, plan, whole report, or a comparison report's doc_id
    (全国2024 / China 2024)."""
    from .corpus import doc_label

    return label(GROUP_LABELS[group], lang) if group in GROUP_LABELS else doc_label(group, lang)


def _topic_label(code: int, lang: Lang) -> str:
    from ..priorities import topics

    zh = topics().set_index("code").loc[int(code), "topic_zh"]
    return label(zh, lang)


def attention_comparison(att: pd.DataFrame, *, groups=("回顾", "计划", "national-2024"),
                         lang: Lang = "zh", ax=None):
    """Grouped horizontal bars: share of policy sentences per topic in each group, each group in
    its colour of the series (:func:`lcanalysis.plotting.group_colour`)."""
    wide = att.pivot(index="topic", columns="group", values="share_sentences").fillna(0)
    wide = wide[[g for g in groups if g in wide.columns]]
    wide = wide.loc[wide.max(axis=1).sort_values().index]
    fig, ax = _axes(ax, "double", height_mm=rows_height(len(wide), per_row_mm=5.2, extra_mm=26))
    h = 0.8 / len(wide.columns)
    y = np.arange(len(wide))
    for k, g in enumerate(wide.columns):  # the first group on top within a topic, as the legend reads
        ax.barh(y + ((len(wide.columns) - 1) / 2 - k) * h, wide[g], height=h,
                color=group_colour(g, PALETTE[4 + k]), label=_group_label(g, lang))
    ax.set_yticks(y, [_topic_label(t, lang) for t in wide.index])
    ax.margins(y=0.01)
    percent_axis(ax.xaxis)
    ax.set_xlabel(label("句子份额", lang))
    fit_title(ax, label("政策关注：回顾、计划与全国", lang))
    legend_below(fig, ncol=len(wide.columns))
    return fig


def section_topic_heatmap(matrix: pd.DataFrame, *, lang: Lang = "zh", ax=None, outline=None,
                          part: str | None = None):
    """Heatmap: share of each task section's policy sentences (columns) per
    topic (rows), in the package's one heatmap colour logic (white = 0, darker
    = more, 0–100 %).  Pass the report's ``outline`` to label the sections with
    their short titles; the sections are those of ``part`` (default: the part
    :func:`lcanalysis.priorities.section_topic_matrix` recorded)."""
    from ..errors import LcaError

    part = part or matrix.attrs.get("part")
    if outline is not None and part is None:
        raise LcaError("section_topic_heatmap: name the part whose sections these are (part=…)")
    shares = matrix.T
    fig, ax = _axes(ax, "double", height_mm=rows_height(len(shares), per_row_mm=4.0,
                                                         extra_mm=26 if outline is None else 40))
    heatmap(ax, shares.to_numpy(), vmax=1.0, colorbar_label=label("句子份额", lang), percent=True)
    if outline is not None:
        rows = pd.DataFrame({"part": part, "section": list(shares.columns)}).merge(
            outline[["part", "section", "part_title", "section_title"]].astype(object),
            on=["part", "section"], how="left")
        cols = stacked_section_labels(rows, lang)
    else:
        cols = [f"（{ZH_NUM[s]}）" if lang == "zh" else f"§{s}" for s in shares.columns]
    ax.set_yticks(range(shares.shape[0]), [_topic_label(t, lang) for t in shares.index])
    column_labels(ax, cols)
    fit_title(ax, label("本年任务各节的主题构成", lang))  # the title names the sections: no axis label
    return fig


def hardness_vs_attention(table: pd.DataFrame, *, lang: Lang = "zh", ax=None,
                          min_sentences: int = 5):
    """Two panels sharing one row per topic (topics with at least ``min_sentences`` plan
    sentences, the ones the notebook ranks, by attention): the topic's share of plan attention
    (bars), and the share of its plan sentences that carry a quantified target with its 95%
    interval (``hardness_low``/``hardness_high`` of :func:`lcanalysis.priorities.hardness`,
    Wilson) and the counts k/n.  One row per topic, so no label can collide with another; the
    number of smaller topics left out is stated under the figure.  ``ax``: two axes side by side."""
    from matplotlib.lines import Line2D

    rows = table[table["sentences"] >= min_sentences].sort_values(["attention", "topic"])
    dropped = int((table["sentences"] < min_sentences).sum())
    if ax is None:
        fig, (left, right) = new_figure("double", nrows=1, ncols=2, sharey=True,
                                        height_mm=rows_height(len(rows), per_row_mm=5.5, extra_mm=30),
                                        gridspec_kw=dict(width_ratios=[1, 1.5]))
    else:
        left, right = ax
        fig = left.figure
    y = np.arange(len(rows))
    left.barh(y, rows["attention"], color=PALETTE[0], height=0.6)
    left.set_yticks(y, [_topic_label(t, lang) for t in rows["topic"]])
    percent_axis(left.xaxis)
    left.set_xlabel(label("关注份额", lang))
    has_ci = {"hardness_low", "hardness_high"} <= set(rows.columns)
    if has_ci:
        right.errorbar(rows["hardness"], y, fmt="none", ecolor=PALETTE[4], elinewidth=1, capsize=2,
                       xerr=[rows["hardness"] - rows["hardness_low"],
                             rows["hardness_high"] - rows["hardness"]])
    right.scatter(rows["hardness"], y, s=16, color=PALETTE[0], zorder=3)
    if "with_target" in rows.columns:
        for yi, r in zip(y, rows.itertuples()):
            right.text(1.04, yi, f"{int(r.with_target)}/{int(r.sentences)}", va="center", fontsize=7)
    right.set_xlim(-0.02, 1.2)
    right.set_xticks([0, 0.25, 0.5, 0.75, 1.0])
    percent_axis_labels = [f"{v:.0%}" for v in (0, 0.25, 0.5, 0.75, 1.0)]
    right.set_xticklabels(percent_axis_labels)
    right.set_xlabel(label("有量化目标的句子份额", lang))
    right.tick_params(axis="y", left=False)
    right.grid(axis="x", color="0.92", linewidth=0.5)
    left.set_ylim(-0.6, len(rows) - 0.4)
    fig.suptitle(label("承诺硬度与关注度", lang))
    handles = [Line2D([], [], marker="o", linestyle="-", color=PALETTE[0], markersize=4,
                      markeredgewidth=0, linewidth=0.8,
                      label=label("有量化目标的份额（95%置信区间），k/n：句子数", lang))]
    if dropped:
        handles.append(Line2D([], [], linestyle="", label=label(
            "未显示：{k}个计划句子少于{n}个的主题", lang).format(k=dropped, n=min_sentences)))
    legend_below(fig, handles=handles, ncol=1)
    return fig


def diversity_intervals(table: pd.DataFrame, *, lang: Lang = "zh", ax=None):
    """Effective number of topics with bootstrap intervals, per group."""
    rows = table.reset_index(drop=True)
    fig, ax = _axes(ax, "single", height_mm=rows_height(len(rows), per_row_mm=7, extra_mm=24))
    y = list(range(len(rows)))[::-1]
    # the interval is drawn from its bounds: a BCa interval need not contain the estimate
    ax.hlines(y, rows["effective_low"], rows["effective_high"], color=PALETTE[4], zorder=2)
    # the estimate as a small dot under the caps: a bound at (or near) the estimate stays visible
    ax.plot(rows["effective"], y, "o", color=PALETTE[0], markersize=4.5, zorder=3)
    for bound in ("effective_low", "effective_high"):
        ax.plot(rows[bound], y, "|", color=PALETTE[4], markersize=9, markeredgewidth=1.4, zorder=4)
    ax.set_yticks(y, [_group_label(g, lang) for g in rows["group"]])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel(label("有效主题数", lang))
    fit_title(ax, label("关注多样性（95%区间）", lang))
    return fig
