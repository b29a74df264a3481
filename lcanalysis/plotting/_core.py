"""Figures: one house style, a CJK font that ships with the dependencies, and
byte-reproducible PDF, PNG (300 dpi) and SVG files in Chinese and English.

Plot functions take ``lang`` and ``ax=None`` and return the Figure.
:func:`save_figure` writes ``figures/<lang>/<name>.{pdf,png,svg}`` with the font
embedded (PDF Type 42; SVG glyphs as paths) and no creation stamps.
:func:`publish` draws a figure in every output language, saves it and shows
one copy inline.
"""

from __future__ import annotations

import contextlib
import io
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Callable, Literal

import matplotlib

import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from .. import paths  # noqa: E402
from ..glossary import LANGS, Lang, check_lang, label  # noqa: E402

#: Okabe & Ito (2008) colour-blind-safe palette, ordered for greyscale contrast
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
MM = 1 / 25.4
#: journal column widths: single ≈ 85 mm, double ≈ 175 mm
WIDTHS = {"single": 85 * MM, "double": 175 * MM}
FORMATS = ("pdf", "png", "svg")
DPI = 300
#: the environment variable through which ``lcanalysis run --lang`` picks languages
LANG_ENV = "LCANALYSIS_LANGS"


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, str]:
    """(family name, file path) of Noto Sans CJK SC from the ``mplfonts`` wheel,
    registered with matplotlib."""
    path = str(resources.files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf")
    font_manager.fontManager.addfont(path)
    return font_manager.FontProperties(fname=path).get_name(), path


def rc() -> dict:
    family, _ = cjk_font()
    return {
        "font.family": "sans-serif",
        "font.sans-serif": [family, "DejaVu Sans"],
        "font.size": 8,
        "axes.titlesize": 9,
        "axes.labelsize": 8,
        "xtick.labelsize": 7,
        "ytick.labelsize": 7,
        "legend.fontsize": 7,
        "axes.unicode_minus": False,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "savefig.bbox": "tight",
        "pdf.fonttype": 42,
        "ps.fonttype": 42,
        "svg.fonttype": "path",
        "svg.hashsalt": "lcanalysis",
        "image.cmap": "cividis",
    }


@contextlib.contextmanager
def style():
    """The house style, scoped: ``with style(): ...``."""
    with matplotlib.rc_context(rc()):
        yield


def new_figure(width: Literal["single", "double"] = "single", aspect: float = 0.62,
               nrows: int = 1, ncols: int = 1, **kwargs):
    """A figure sized for a journal column; call inside :func:`style`."""
    w = WIDTHS[width]
    return plt.subplots(nrows, ncols, figsize=(w, w * aspect), **kwargs)


def _metadata(fmt: str) -> dict:
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": "lcanalysis"}
    if fmt == "svg":
        return {"Date": None, "Creator": "lcanalysis"}
    return {"Software": None}


def save_figure(fig, name: str, *, lang: Lang | None = None,
                directory: str | Path | None = None) -> list[Path]:
    """Write ``figures/[<lang>/]<name>.pdf|png|svg``; saving twice gives identical bytes."""
    base = Path(directory) if directory is not None else paths.FIGURES
    if lang is not None:
        base = base / check_lang(lang)
    base.mkdir(parents=True, exist_ok=True)
    out = []
    with style():
        for fmt in FORMATS:
            target = base / f"{name}.{fmt}"
            fig.savefig(target, format=fmt, metadata=_metadata(fmt))
            out.append(target)
    return out


def output_langs() -> tuple[Lang, ...]:
    """Languages to draw figures in: ``$LCANALYSIS_LANGS`` (set by
    ``lcanalysis run --lang``), default both."""
    raw = os.environ.get(LANG_ENV, ",".join(LANGS))
    return tuple(check_lang(x.strip()) for x in raw.split(",") if x.strip())


_SHOWN: list = [None]


def show_language(lang: Lang | None) -> None:
    """The language of the figures :func:`publish` shows inline (every output
    language is still saved); ``None``: the first output language.  The
    notebooks call this with their ``LANG`` parameter."""
    _SHOWN[0] = None if lang is None else check_lang(lang)


def show(fig) -> None:
    """Display a figure inline as PNG, drawn in the house style."""
    buf = io.BytesIO()
    with style():
        fig.savefig(buf, format="png", dpi=150, metadata={"Software": None})
    try:
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - outside IPython there is nothing to show
        return
    display(Image(data=buf.getvalue(), format="png"))


def publish(name: str, draw: Callable, *args, caption: str = "", show_lang: Lang | None = None,
            **kwargs) -> None:
    """Draw ``draw(*args, lang=…, **kwargs)`` in every output language, save each
    under ``figures/<lang>/<name>.*`` and show one inline: the language of
    :func:`show_language` (drawn for the notebook even when it is not saved, so
    that ``lcanalysis run --lang en`` leaves the notebooks as they are), else
    the first output language.  ``caption`` is listed by ``lcanalysis figures``."""
    langs = output_langs()
    shown = show_lang or _SHOWN[0] or langs[0]
    for lang in dict.fromkeys((*langs, shown)):
        with style():
            fig = draw(*args, lang=lang, **kwargs)
        if lang in langs:
            save_figure(fig, name, lang=lang)
        if lang == shown:
            show(fig)
        plt.close(fig)


ZH_NUM = dict(enumerate("〇一二三四五六七八九十", start=0)) | {
    11 + i: "十" + c for i, c in enumerate("一二三四五六七八九")}


def section_labels(rows, lang: Lang) -> list[str]:
    """Axis labels for rows with ``part`` and ``section``: "二（三）" / "Part 2 §3",
    "一 部分引言" for a part's text outside numbered sections, the annex name for annexes."""
    labels = []
    for r in rows.itertuples():
        part = label(r.part, lang)
        if str(r.part).startswith("附件"):
            labels.append(part)
        elif pd.isna(r.section):
            labels.append(f"{part} {label('部分引言', lang)}")
        else:
            labels.append(f"{part}（{ZH_NUM[r.section]}）" if lang == "zh" else f"{part} §{r.section}")
    return labels


def _axes(ax, width="single", aspect=0.62):
    if ax is not None:
        return ax.figure, ax
    return new_figure(width, aspect)


def markdown(text: str):
    """Findings text, shown as Markdown in a notebook (plain text elsewhere)."""
    try:
        from IPython.display import Markdown
    except ImportError:  # pragma: no cover
        return text
    return Markdown(text.strip())
