"""Figures of notebook 01 (the corpus)."""

from __future__ import annotations

from ..glossary import Lang, label
from ._core import PALETTE, _axes, rows_height, section_labels


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
