"""Figures of notebook 03 (keywords): top words, the TF-IDF
heatmap of the 2024 task sections, and keyness bars.

Every term is shown in the figure's language: itself in Chinese, its English
gloss (``data/lexicon/term_glossary.csv``) in English.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..glossary import Lang, check_lang, label, term
from ._core import (GROUP_COLOURS, PALETTE, ZH_NUM, _axes, column_labels, fit_title, group_colour,
                    heatmap, legend_below, new_figure, rows_height, stacked_section_labels)


def _is_domain_term(terms) -> list[bool]:
    """Whether each term is an entry of the hand list or of a shipped lexicon layer."""
    from ..lexicon import load, local_layers
    from ..tokens import domain_terms

    known = set(domain_terms()["term"]) | set(load(("genre", *local_layers())).terms)
    return [t in known for t in terms]


def _colour(is_term: bool) -> str:
    return PALETTE[0] if is_term else PALETTE[1]


def keyword_frequencies(freq: pd.DataFrame, *, n: int = 30, lang: Lang = "zh", ax=None,
                        random_state: int | None = None):
    """The ``n`` most frequent terms of a frequency table (term, n; the first rows
    are taken, so pass a table sorted as :func:`lcanalysis.keywords.frequencies`
    returns it) as bars; domain terms (``data/lexicon/domain_terms.csv``) and
    other words in different colours.

    The word cloud that used to stand beside the bars is gone: at a column's
    width its smaller words fell below 7 pt (stray dots in English) and
    ``wordcloud`` nested words inside the counters of large glyphs (目); the bars
    carry the same counts legibly.  ``random_state`` is accepted for
    compatibility and unused.  ``ax`` is None, an Axes, or a pair of Axes (the
    second, the cloud's, is hidden).
    """
    from matplotlib.patches import Patch

    check_lang(lang)
    top = freq.head(n).reset_index(drop=True)
    if ax is None:
        fig, bar_ax = new_figure("single", height_mm=rows_height(len(top), extra_mm=30))
    else:
        bar_ax = ax[0] if isinstance(ax, (tuple, list, np.ndarray)) else ax
        for other in (ax[1:] if isinstance(ax, (tuple, list, np.ndarray)) else []):
            other.set_visible(False)
        fig = bar_ax.figure
    is_term = _is_domain_term(top["term"])
    colours = [_colour(x) for x in is_term]
    y = np.arange(len(top))[::-1]
    bar_ax.barh(y, top["n"], color=colours, height=0.75)
    bar_ax.set_yticks(y, [term(t, lang) for t in top["term"]])
    bar_ax.set_xlabel(label("出现次数", lang))
    bar_ax.margins(y=0.01)
    fit_title(bar_ax, label("高频词（前{n}个）", lang).format(n=len(top)))
    legend_below(fig, handles=[Patch(color=_colour(True), label=label("领域术语", lang)),
                               Patch(color=_colour(False), label=label("其他词", lang))])
    return fig


def _section_columns(groups, lang: Lang, outline) -> list[str]:
    """Column labels of section groups ("二/3"): with the report's ``outline``
    the short titles under the numbers ("二（三）\\n扩大有效投资" / "2.3\\nInvestment"),
    else the numbers."""
    from ..keywords import parse_group

    parsed = [parse_group(g) for g in groups]
    if outline is not None:
        rows = pd.DataFrame(parsed, columns=["part", "section"])
        rows = rows.merge(outline[["part", "section", "part_title", "section_title"]].astype(object),
                          on=["part", "section"], how="left")
        return stacked_section_labels(rows, lang)
    return [label(part, lang) if section is None else
            f"（{ZH_NUM[section]}）" if lang == "zh" else f"§{section}" for part, section in parsed]


def tfidf_heatmap(scores: pd.DataFrame, *, n: int = 3, lang: Lang = "zh", ax=None, outline=None):
    """Heatmap of tf-idf: the ``n`` highest-scoring terms of each document (rows,
    in document order; terms tied with them are all shown, so a section can give more
    than ``n``) against every document (columns), from the long table of
    :func:`lcanalysis.keywords.tfidf`; in the package's one heatmap colour
    logic (white = 0, darker = more).  Pass the report's ``outline`` to label
    the sections with their short titles."""
    from ..keywords import top_by_group

    check_lang(lang)
    top = top_by_group(scores, "tfidf", n, ties=True)
    terms = list(dict.fromkeys(top["term"]))
    groups = list(dict.fromkeys(scores["group"]))
    matrix = (scores.pivot_table(index="term", columns="group", values="tfidf", aggfunc="sum")
              .reindex(index=terms, columns=groups).fillna(0.0))
    fig, ax = _axes(ax, "double", height_mm=rows_height(len(terms), per_row_mm=3.6,
                                                         extra_mm=28 if outline is None else 40))
    heatmap(ax, matrix.to_numpy(), colorbar_label=label("TF-IDF", lang))
    ax.set_yticks(range(len(terms)), [term(t, lang) for t in terms])
    column_labels(ax, _section_columns(groups, lang, outline))
    ax.set_xlabel(label("本年任务各节", lang))
    ax.xaxis.set_label_position("top")
    fit_title(ax, label("各节特色词（TF-IDF，并列者全列）", lang))
    return fig


def keyness_bars(table: pd.DataFrame, *, target: str, reference: str, n: int = 10,
                 alpha: float = 0.05, lang: Lang = "zh", ax=None):
    """Log-ratio bars of the ``n`` terms with the largest G² each way, from a table
    of :func:`lcanalysis.keywords.keyness`.  ``target`` and ``reference`` are
    glossary keys naming the two corpora; each is drawn in its group's colour of the series
    (:func:`lcanalysis.plotting.group_colour`: the review, the plan, the national report; a target
    that is none of them in the report's colour).  Terms with a Benjamini–Hochberg adjusted ``p_adjusted >= alpha`` are drawn
    hatched and pale."""
    from matplotlib.patches import Patch

    from ..keywords import key_terms

    check_lang(lang)
    rows = key_terms(table, n)
    fig, ax = _axes(ax, "single", height_mm=rows_height(len(rows), extra_mm=36))
    y = np.arange(len(rows))[::-1]
    c_target = group_colour(target, GROUP_COLOURS["report"])
    c_reference = group_colour(reference, PALETTE[7])
    if c_reference == c_target:  # two corpora of one kind (two national reports): still two colours
        c_reference = PALETTE[7]
    colours = [c_target if d == "target" else c_reference for d in rows["direction"]]
    weak = (rows["p_adjusted"] >= alpha).to_numpy()
    bars = ax.barh(y, rows["log_ratio"], color=colours, height=0.75)
    for bar_, is_weak in zip(bars, weak):
        if is_weak:
            bar_.set_alpha(0.45)
            bar_.set_hatch("////")
            bar_.set_edgecolor("white")
            bar_.set_linewidth(0)
    ax.set_yticks(y, [term(t, lang) for t in rows["term"]])
    ax.axvline(0, color="0.3", linewidth=0.6)
    ax.set_xlabel(label("对数比（log2）", lang))
    a, b = label(target, lang), label(reference, lang)
    fit_title(ax, label("{a}相对于{b}的关键词", lang).format(a=a, b=b))
    handles = [Patch(color=c_target, label=label("{a}中更常见", lang).format(a=a)),
               Patch(color=c_reference, label=label("{a}中更常见", lang).format(a=b))]
    if weak.any():
        handles.append(Patch(facecolor="0.75", hatch="////", edgecolor="white",
                             label=label("不显著（校正后p ≥ {alpha}）", lang).format(alpha=alpha)))
    legend_below(fig, handles=handles, ncol=1)
    ax.margins(y=0.01)
    return fig


#: short legend keys of the settings of :func:`lcanalysis.lexicon.evaluate.heldout_survival`
_SETTING_KEYS = {"plain jieba": "默认jieba",
                 "genre lexicon built without them (out of sample)": "未含这些报告构建的词库（样本外）",
                 "genre lexicon built with them (in sample)": "含这些报告构建的词库（样本内）",
                 "built without them + automatic layer (out of sample)":
                     "样本外词库加本报告自动层（样本外）",
                 "default tokenize: built with them + automatic layer (in sample)":
                     "默认分词：样本内词库加自动层"}


def survival_bars(table: pd.DataFrame, *, lang: Lang = "zh", ax=None):
    """Share of listed terms kept whole in each document, one bar per setting, from a table of
    :func:`lcanalysis.tokens.survival_by_document` (the ``all`` row is drawn last, apart).
    Settings are named in the figure's language through data/glossary/keywords.csv."""
    from ..glossary import label as _label

    check_lang(lang)
    docs = [d for d in dict.fromkeys(table["doc_id"]) if d != "all"] + ["all"]
    settings = list(dict.fromkeys(table["setting"]))
    fig, ax = _axes(ax, "double", 0.36)
    width = 0.8 / len(settings)
    x = np.arange(len(docs), dtype=float)
    x[-1] += 0.4
    for k, setting in enumerate(settings):
        rows = table[table["setting"] == setting].set_index("doc_id").reindex(docs)
        at = x + (k - (len(settings) - 1) / 2) * width
        ax.bar(at, rows["share"], width * 0.92, color=PALETTE[k % len(PALETTE)],
               label=_label(_SETTING_KEYS.get(setting, setting), lang))
        for xi, share in zip(at, rows["share"]):  # a bar of zero height is still a result: say 0
            if share == 0:
                ax.text(xi, 0.01, "0", ha="center", va="bottom", fontsize=7, color=PALETTE[k % len(PALETTE)])
    names = [_label("合计", lang) if d == "all" else _label(d.split("-")[0], lang) for d in docs]
    ax.set_xticks(x, names)
    ax.set_ylim(0, 1)
    ax.set_ylabel(_label("整词保留的术语比例", lang))
    fit_title(ax, _label("留出报告中整词保留的政策术语", lang))
    legend_below(fig, ncol=2)
    return fig


__all__ = ["keyword_frequencies", "keyness_bars", "survival_bars", "tfidf_heatmap"]
