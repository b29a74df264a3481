"""Figures of notebook 01 (the corpus)."""

from __future__ import annotations

import pandas as pd

from ..glossary import Lang, label
from ._core import PALETTE, ZH_NUM, _axes

def length_by_section(outline, *, lang: Lang = "zh", ax=None):
    """Horizontal bars: characters per part introduction and numbered section."""
    rows = outline[outline["part"].notna()].reset_index(drop=True)
    fig, ax = _axes(ax, "single", 1.25)
    labels, colours = [], []
    parts = list(dict.fromkeys(rows["part"]))
    for r in rows.itertuples():
        part = label(r.part, lang)
        if str(r.part).startswith("附件"):
            labels.append(part)
        elif pd.isna(r.section):
            labels.append(f"{part} {label('部分引言', lang)}")
        else:
            labels.append(f"{part}（{ZH_NUM[r.section]}）" if lang == "zh" else f"{part} §{r.section}")
        colours.append(PALETTE[parts.index(r.part) % len(PALETTE)])
    y = range(len(rows))[::-1]
    ax.barh(list(y), rows["chars"], color=colours, height=0.75)
    ax.set_yticks(list(y), labels)
    ax.set_xlabel(label("字数", lang))
    ax.set_title(label("字数（按部分和节）", lang))
    ax.margins(y=0.01)
    return fig
