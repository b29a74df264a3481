"""Figures of notebook 04 (policy priorities)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..glossary import Lang, label
from ._core import (PALETTE, ZH_NUM, _axes, fit_title, heatmap, legend_below, rows_height,
                    section_labels)

GROUP_LABELS = {"回顾": "2023年回顾（第一部分）", "计划": "2024年计划（第二、三部分）",
                "national-2024": "全国2024年报告", "全文": "全文"}


def _topic_label(code: int, lang: Lang) -> str:
    from ..priorities import topics

    zh = topics().set_index("code").loc[int(code), "topic_zh"]
    return label(zh, lang)


def attention_comparison(att: pd.DataFrame, *, groups=("回顾", "计划", "national-2024"),
                         lang: Lang = "zh", ax=None):
    """Grouped horizontal bars: share of policy sentences per topic in each group."""
    wide = att.pivot(index="topic", columns="group", values="share_sentences").fillna(0)
    wide = wide[[g for g in groups if g in wide.columns]]
    wide = wide.loc[wide.max(axis=1).sort_values().index]
    fig, ax = _axes(ax, "double", height_mm=rows_height(len(wide), per_row_mm=5.2, extra_mm=26))
    h = 0.8 / len(wide.columns)
    y = np.arange(len(wide))
    for k, g in enumerate(wide.columns):
        ax.barh(y + (k - (len(wide.columns) - 1) / 2) * h, wide[g], height=h,
                color=PALETTE[k], label=label(GROUP_LABELS[g], lang))
    ax.set_yticks(y, [_topic_label(t, lang) for t in wide.index])
    ax.margins(y=0.01)
    ax.xaxis.set_major_formatter("{x:.0%}")
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
                                                         extra_mm=26 if outline is None else 48))
    heatmap(ax, shares.to_numpy(), vmax=1.0, colorbar_label=label("句子份额", lang))
    if outline is not None:
        rows = pd.DataFrame({"part": part, "section": list(shares.columns)}).merge(
            outline[["part", "section", "part_title", "section_title"]].astype(object),
            on=["part", "section"], how="left")
        cols, rotation = section_labels(rows, lang), 90
    else:
        cols = [f"（{ZH_NUM[s]}）" if lang == "zh" else f"§{s}" for s in shares.columns]
        rotation = 0
    ax.set_xticks(range(shares.shape[1]), cols, rotation=rotation)
    ax.tick_params(axis="x", top=True, labeltop=True, bottom=False, labelbottom=False)
    ax.set_yticks(range(shares.shape[0]), [_topic_label(t, lang) for t in shares.index])
    fit_title(ax, label("本年任务各节的主题构成", lang))  # the title names the sections: no axis label
    return fig


def hardness_vs_attention(table: pd.DataFrame, *, lang: Lang = "zh", ax=None,
                          min_sentences: int = 5):
    """Scatter: each topic's share of plan attention against the share of its
    sentences that carry a quantified target.  Topics with at least
    ``min_sentences`` plan sentences (the ones the notebook ranks) are labelled,
    the labels placed by adjustText so that they neither collide nor cover a
    point; smaller topics are drawn as pale unlabelled points."""
    from adjustText import adjust_text
    from matplotlib.lines import Line2D

    fig, ax = _axes(ax, "double", height_mm=100)
    big = table["sentences"] >= min_sentences
    sizes = 10 + 250 * table["attention"]
    ax.scatter(table.loc[~big, "attention"], table.loc[~big, "hardness"], s=sizes[~big],
               facecolors="none", edgecolors="0.6", linewidths=0.6)
    ax.scatter(table.loc[big, "attention"], table.loc[big, "hardness"], s=sizes[big],
               color=PALETTE[0], alpha=0.85, linewidths=0)
    ax.set_xlim(0, max(0.05, float(table["attention"].max())) * 1.12)
    ax.set_ylim(-0.14, 1.08)  # room below 0% for the labels of the topics with no target
    ax.xaxis.set_major_formatter("{x:.0%}")
    ax.yaxis.set_major_formatter("{x:.0%}")
    texts = [ax.text(r.attention, r.hardness, _topic_label(r.topic, lang), fontsize=7)
             for r in table[big].itertuples()]
    if texts:
        adjust_text(texts, x=table["attention"].to_numpy(float), y=table["hardness"].to_numpy(float),
                    ax=ax, ensure_inside_axes=True, expand=(1.15, 1.3), min_arrow_len=6,
                    arrowprops=dict(arrowstyle="-", color="0.5", linewidth=0.5))
    ax.set_xlabel(label("关注份额", lang))
    ax.set_ylabel(label("有量化目标的句子份额", lang))
    fit_title(ax, label("承诺硬度与关注度", lang))
    legend_below(fig, handles=[
        Line2D([], [], marker="o", linestyle="", color=PALETTE[0],
               label=label("至少{n}个计划句子", lang).format(n=min_sentences)),
        Line2D([], [], marker="o", linestyle="", markerfacecolor="none", color="0.6",
               label=label("少于{n}个计划句子", lang).format(n=min_sentences))])
    return fig


def diversity_intervals(table: pd.DataFrame, *, lang: Lang = "zh", ax=None):
    """Effective number of topics with bootstrap intervals, per group."""
    rows = table.reset_index(drop=True)
    fig, ax = _axes(ax, "single", height_mm=rows_height(len(rows), per_row_mm=7, extra_mm=24))
    y = list(range(len(rows)))[::-1]
    ax.errorbar(rows["effective"], y, xerr=[rows["effective"] - rows["effective_low"],
                                             rows["effective_high"] - rows["effective"]],
                fmt="o", color=PALETTE[0], ecolor=PALETTE[4], capsize=3)
    ax.set_yticks(y, [label(GROUP_LABELS[g], lang) for g in rows["group"]])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.set_xlabel(label("有效主题数", lang))
    fit_title(ax, label("关注多样性（95%区间）", lang))
    return fig
