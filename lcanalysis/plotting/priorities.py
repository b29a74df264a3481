"""Figures of notebook 04 (policy priorities)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..glossary import Lang, label
from ._core import PALETTE, ZH_NUM, _axes

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
    fig, ax = _axes(ax, "double", 0.62)
    h = 0.8 / len(wide.columns)
    y = np.arange(len(wide))
    for k, g in enumerate(wide.columns):
        ax.barh(y + (k - (len(wide.columns) - 1) / 2) * h, wide[g], height=h,
                color=PALETTE[k], label=label(GROUP_LABELS[g], lang))
    ax.set_yticks(y, [_topic_label(t, lang) for t in wide.index])
    ax.set_xlabel(label("句子份额", lang))
    ax.set_title(label("政策关注：回顾、计划与全国", lang))
    ax.legend(frameon=False, loc="lower right")
    return fig


def section_topic_heatmap(matrix: pd.DataFrame, *, lang: Lang = "zh", ax=None):
    """Heatmap: share of each 2024 task section's policy sentences per topic."""
    fig, ax = _axes(ax, "double", 0.5)
    im = ax.imshow(matrix.to_numpy(), aspect="auto", cmap="cividis_r", vmin=0, vmax=1)
    ax.set_xticks(range(matrix.shape[1]), [_topic_label(t, lang) for t in matrix.columns],
                  rotation=60, ha="right")
    ax.set_yticks(range(matrix.shape[0]),
                  [f"（{ZH_NUM[s]}）" if lang == "zh" else f"§{s}" for s in matrix.index])
    ax.set_title(label("2024年任务各节的主题构成", lang))
    fig.colorbar(im, ax=ax, fraction=0.03, pad=0.02).set_label(label("句子份额", lang))
    ax.spines[:].set_visible(False)
    return fig


def hardness_vs_attention(table: pd.DataFrame, *, lang: Lang = "zh", ax=None):
    """Scatter: each topic's share of plan attention against the share of its
    sentences that carry a quantified target."""
    fig, ax = _axes(ax, "single", 0.85)
    ax.scatter(table["attention"], table["hardness"], s=12 + 300 * table["attention"],
               color=PALETTE[0], alpha=0.8)
    for r in table.itertuples():
        if r.attention >= 0.03 or r.hardness >= 0.5:
            ax.annotate(_topic_label(r.topic, lang), (r.attention, r.hardness), xytext=(3, 2),
                        textcoords="offset points", fontsize=6)
    ax.set_xlabel(label("关注份额", lang))
    ax.set_ylabel(label("有量化目标的句子份额", lang))
    ax.set_title(label("承诺硬度与关注度", lang))
    ax.set_ylim(-0.05, 1.08)
    return fig


def diversity_intervals(table: pd.DataFrame, *, lang: Lang = "zh", ax=None):
    """Effective number of topics with bootstrap intervals, per group."""
    fig, ax = _axes(ax, "single", 0.55)
    rows = table.reset_index(drop=True)
    y = list(range(len(rows)))[::-1]
    ax.errorbar(rows["effective"], y, xerr=[rows["effective"] - rows["effective_low"],
                                             rows["effective_high"] - rows["effective"]],
                fmt="o", color=PALETTE[0], ecolor=PALETTE[4], capsize=3)
    ax.set_yticks(y, [label(GROUP_LABELS[g], lang) for g in rows["group"]])
    ax.set_xlabel(label("有效主题数", lang))
    ax.set_title(label("关注多样性（95%区间）", lang))
    return fig
