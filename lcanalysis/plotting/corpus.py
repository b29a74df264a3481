"""Figures of notebook 01 (the corpus)."""

from __future__ import annotations

from ..glossary import Lang, label
from ._core import PALETTE, _axes, section_labels


def length_by_section(outline, *, lang: Lang = "zh", ax=None):
    """Horizontal bars: characters per part introduction and numbered section."""
    rows = outline[outline["part"].notna()].reset_index(drop=True)
    fig, ax = _axes(ax, "single", 1.25)
    parts = list(dict.fromkeys(rows["part"]))
    colours = [PALETTE[parts.index(p) % len(PALETTE)] for p in rows["part"]]
    labels = section_labels(rows, lang)
    y = range(len(rows))[::-1]
    ax.barh(list(y), rows["chars"], color=colours, height=0.75)
    ax.set_yticks(list(y), labels)
    ax.set_xlabel(label("字数", lang))
    ax.set_title(label("字数（按部分和节）", lang))
    ax.margins(y=0.01)
    return fig
