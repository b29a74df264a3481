"""Figures of notebook 03 (keywords): top words with a word cloud, the TF-IDF
heatmap of the 2024 task sections, and keyness bars.

Every term is shown in the figure's language: itself in Chinese, its English
gloss (``data/lexicon/term_glossary.csv``) in English.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..glossary import Lang, check_lang, label, term
from ._core import PALETTE, ZH_NUM, _axes, cjk_font, new_figure

#: word-cloud canvas in pixels (about 300 dpi at the figure's size)
CLOUD_SIZE = (1000, 1000)


def _is_domain_term(terms) -> list[bool]:
    """Whether each term is an entry of the hand list or of a shipped lexicon layer."""
    from ..lexicon import load, local_layers
    from ..tokens import domain_terms

    known = set(domain_terms()["term"]) | set(load(("genre", *local_layers())).terms)
    return [t in known for t in terms]


def _colour(is_term: bool) -> str:
    return PALETTE[0] if is_term else PALETTE[1]


def keyword_frequencies(freq: pd.DataFrame, *, n: int = 30, lang: Lang = "zh", ax=None,
                        random_state: int = 20240112):
    """The ``n`` most frequent terms of a frequency table (term, n; the first rows
    are taken, so pass a table sorted as :func:`lcanalysis.keywords.frequencies`
    returns it) as bars, with a word cloud of the same terms sized by the same
    counts beside them.  Domain terms (``data/lexicon/domain_terms.csv``) and
    other words have different colours in both panels.

    ``ax`` is None or a pair of Axes (bars, cloud).  The cloud is drawn with
    ``wordcloud.WordCloud(...).generate_from_frequencies`` in the package's CJK
    font; ``random_state`` fixes its layout.  In English its words are the
    glosses (terms that share a gloss are added up).
    """
    from matplotlib.patches import Patch
    from wordcloud import WordCloud

    check_lang(lang)
    top = freq.head(n).reset_index(drop=True)
    if ax is None:
        fig, (bar_ax, cloud_ax) = new_figure("double", 0.62, ncols=2,
                                             gridspec_kw={"width_ratios": [1, 1.25]})
    else:
        bar_ax, cloud_ax = ax
        fig = bar_ax.figure
    is_term = _is_domain_term(top["term"])
    names = [term(t, lang) for t in top["term"]]
    colours = [_colour(x) for x in is_term]
    y = np.arange(len(top))[::-1]
    bar_ax.barh(y, top["n"], color=colours, height=0.75)
    bar_ax.set_yticks(y, names)
    bar_ax.set_xlabel(label("出现次数", lang))
    bar_ax.margins(y=0.01)
    bar_ax.legend(handles=[Patch(color=_colour(True), label=label("领域术语", lang)),
                           Patch(color=_colour(False), label=label("其他词", lang))],
                  frameon=False, loc="lower right")

    weights: dict[str, float] = {}
    colour_of: dict[str, str] = {}
    for name, count, c in zip(names, top["n"].tolist(), colours):
        weights[name] = weights.get(name, 0) + count
        colour_of.setdefault(name, c)
    cloud = WordCloud(font_path=cjk_font()[1], width=CLOUD_SIZE[0], height=CLOUD_SIZE[1],
                      background_color="white", prefer_horizontal=1.0, max_words=len(weights),
                      random_state=random_state, margin=4, relative_scaling=0.5,
                      color_func=lambda word, **_: colour_of[word])
    cloud.generate_from_frequencies(weights)
    cloud_ax.imshow(cloud.to_array(), interpolation="bilinear")
    cloud_ax.set_axis_off()
    fig.suptitle(label("高频词（前{n}个）", lang).format(n=len(top)))
    return fig


def _section_column(group: str, lang: Lang) -> str:
    from ..keywords import parse_group

    part, section = parse_group(group)
    if section is None:
        return label(part, lang)
    return f"（{ZH_NUM[section]}）" if lang == "zh" else f"§{section}"


def tfidf_heatmap(scores: pd.DataFrame, *, n: int = 3, lang: Lang = "zh", ax=None):
    """Heatmap of tf-idf: the ``n`` highest-scoring terms of each document (rows,
    in document order) against every document (columns), from the long table of
    :func:`lcanalysis.keywords.tfidf`."""
    from ..keywords import top_by_group

    check_lang(lang)
    top = top_by_group(scores, "tfidf", n)
    terms = list(dict.fromkeys(top["term"]))
    groups = list(dict.fromkeys(scores["group"]))
    matrix = (scores.pivot_table(index="term", columns="group", values="tfidf", aggfunc="sum")
              .reindex(index=terms, columns=groups).fillna(0.0))
    fig, ax = _axes(ax, "double", 0.95)
    image = ax.imshow(matrix.to_numpy(), aspect="auto", cmap="cividis", vmin=0)
    ax.set_xticks(range(len(groups)), [_section_column(g, lang) for g in groups])
    ax.set_yticks(range(len(terms)), [term(t, lang) for t in terms])
    ax.tick_params(axis="x", top=True, labeltop=True, bottom=False, labelbottom=False)
    ax.set_xlabel(label("第二部分各节（2024年任务）", lang))
    ax.xaxis.set_label_position("top")
    for spine in ax.spines.values():
        spine.set_visible(False)
    bar = fig.colorbar(image, ax=ax, fraction=0.04, pad=0.02)
    bar.set_label(label("TF-IDF", lang))
    ax.set_title(label("各节特色词（TF-IDF）", lang), pad=22)
    return fig


def keyness_bars(table: pd.DataFrame, *, target: str, reference: str, n: int = 10,
                 alpha: float = 0.05, lang: Lang = "zh", ax=None):
    """Log-ratio bars of the ``n`` terms with the largest G² each way, from a table
    of :func:`lcanalysis.keywords.keyness`.  ``target`` and ``reference`` are
    glossary keys naming the two corpora.  Terms with a Benjamini–Hochberg adjusted ``p_adjusted >= alpha`` are drawn
    hatched and pale."""
    from matplotlib.patches import Patch

    from ..keywords import key_terms

    check_lang(lang)
    rows = key_terms(table, n)
    fig, ax = _axes(ax, "single", 1.15)
    y = np.arange(len(rows))[::-1]
    colours = [PALETTE[0] if d == "target" else PALETTE[1] for d in rows["direction"]]
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
    ax.set_title(label("{a}相对于{b}的关键词", lang).format(a=a, b=b))
    handles = [Patch(color=PALETTE[0], label=label("{a}中更常见", lang).format(a=a)),
               Patch(color=PALETTE[1], label=label("{a}中更常见", lang).format(a=b))]
    if weak.any():
        handles.append(Patch(facecolor="0.75", hatch="////", edgecolor="white",
                             label=label("不显著（校正后p ≥ {alpha}）", lang).format(alpha=alpha)))
    ax.legend(handles=handles, frameon=False, fontsize=6, loc="upper center",
              bbox_to_anchor=(0.4, -0.12), ncol=1)
    ax.margins(y=0.01)
    return fig


#: short legend keys of the settings of :func:`lcanalysis.lexicon.evaluate.heldout_survival`
_SETTING_KEYS = {"plain jieba": "默认jieba",
                 "genre lexicon built without them (out of sample)": "未含这些报告构建的词库（样本外）",
                 "genre lexicon built with them (in sample)": "含这些报告构建的词库（样本内）",
                 "built without them + the report's suggested terms (out of sample)":
                     "样本外词库加本报告的建议术语（样本外）"}


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
        ax.bar(x + (k - (len(settings) - 1) / 2) * width, rows["share"], width * 0.92,
               color=PALETTE[k % len(PALETTE)],
               label=_label(_SETTING_KEYS.get(setting, setting), lang))
    names = [_label("合计", lang) if d == "all" else _label(d.split("-")[0], lang) for d in docs]
    ax.set_xticks(x, names)
    ax.set_ylim(0, 1)
    ax.set_ylabel(_label("整词保留的术语比例", lang))
    ax.legend(frameon=False, fontsize=6, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


__all__ = ["keyword_frequencies", "keyness_bars", "survival_bars", "tfidf_heatmap"]
