"""Figures: one house style, a CJK font that ships with the dependencies, and
byte-reproducible PDF, PNG (300 dpi) and SVG files in Chinese and English.

Plot functions take ``lang`` and ``ax=None`` and return the Figure.
:func:`save_figure` writes ``figures/<lang>/<name>.{pdf,png,svg}`` with the font
embedded (PDF Type 42, from a TrueType twin of the cached subset: ``_embed``; SVG glyphs as paths) and no creation stamps, at exactly
the figure's size: 85 mm (one column) or 175 mm (two columns) wide, laid out by
matplotlib's constrained layout, never trimmed.  :func:`publish` draws a figure
in every output language, saves it and shows one copy inline.
:func:`layout_problems` lists what a referee would send back: a width that is
not a column, text under 7 pt, text that collides with other text or leaves
its axes or the figure, a legend over the data.
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
from ._embed import twin_embedding  # noqa: E402
from ..glossary import LANGS, Lang, check_lang, label  # noqa: E402

#: Okabe & Ito (2008) colour-blind-safe palette, ordered for greyscale contrast
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442", "#000000"]
#: one colour per group across the series (notebooks 03–06): the review and the plan of the report
#: under study, the report as a whole (and the focus report among its peers), the national report it
#: is compared with.  :func:`group_colour` maps the groups' names to these keys.
GROUP_COLOURS = {"review": PALETTE[1], "plan": PALETTE[2], "report": PALETTE[3], "national": PALETTE[0]}
MM = 1 / 25.4
#: journal column widths: single 85 mm, double 175 mm (inches)
WIDTHS = {"single": 85 * MM, "double": 175 * MM}
#: the smallest text size at print size (points)
MIN_FONT_PT = 7
#: the one colour map of every heatmap: white for zero, darker for more
HEATMAP_CMAP = "Blues"
FORMATS = ("pdf", "png", "svg")
DPI = 300
#: the environment variable through which ``lcanalysis run --lang`` picks languages
LANG_ENV = "LCANALYSIS_LANGS"


#: the family name of the package's cached subset of Noto Sans CJK SC (see :func:`cjk_font`)
SUBSET_FAMILY = "Noto Sans CJK SC lcanalysis"


def _subset_chars() -> str:
    """GB 2312 (6,763 hanzi and its symbols), ASCII, Latin-1 and the punctuation,
    arrows, maths and full-width blocks: every character of the shipped reports
    and glossaries, and nearly every character of any simplified-Chinese report."""
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes([hi, lo]).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    for lo, hi in ((0x20, 0x250), (0x2000, 0x2070), (0x2100, 0x2300), (0x2460, 0x2500),
                   (0x25A0, 0x2600), (0x3000, 0x3040), (0xFF00, 0xFFF0)):
        chars.update(chr(c) for c in range(lo, hi))
    return "".join(sorted(chars))


def _subset_font(full: str) -> str | None:
    """A cached subset of the CJK font (matplotlib's cache directory), built once
    per machine: embedding a subset of a 16 MB CJK font costs seconds per PDF,
    of this 3.5 MB one a fraction of that.  Its family is :data:`SUBSET_FAMILY`;
    characters it lacks fall back to the full font.  ``None`` if it cannot be
    written."""
    from fontTools import subset, ttLib

    cache = Path(matplotlib.get_cachedir()) / "lcanalysis"
    target = cache / "NotoSansCJKsc-Regular-gb2312-v1.otf"
    if target.exists():
        return str(target)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        opts = subset.Options()
        opts.name_IDs, opts.name_languages, opts.layout_features = ["*"], ["*"], ["*"]
        opts.glyph_names, opts.notdef_outline = True, True
        font = subset.load_font(full, opts)
        sub = subset.Subsetter(opts)
        sub.populate(text=_subset_chars())
        sub.subset(font)
        for rec in font["name"].names:
            if rec.nameID in (1, 4, 16):  # family, full name, typographic family: the subset's own
                rec.string = SUBSET_FAMILY
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(tmp))
        assert isinstance(ttLib.TTFont(str(tmp)), ttLib.TTFont)
        os.replace(tmp, target)
    except OSError:
        return None
    return str(target)


@lru_cache(maxsize=1)
def _subset_path() -> str | None:
    """The cached subset's path (:func:`_subset_font`), ``None`` without one."""
    return _subset_font(cjk_font()[1])


@lru_cache(maxsize=1)
def cjk_font() -> tuple[str, str]:
    """(family name, file path) of Noto Sans CJK SC from the ``mplfonts`` wheel,
    registered with matplotlib, with its cached subset (:func:`_subset_font`)
    registered before it."""
    path = str(resources.files("mplfonts") / "fonts" / "NotoSansCJKsc-Regular.otf")
    font_manager.fontManager.addfont(path)
    sub = _subset_font(path)
    if sub is not None:
        font_manager.fontManager.addfont(sub)
    return font_manager.FontProperties(fname=path).get_name(), path


def rc() -> dict:
    family, _ = cjk_font()
    return {
        # the families themselves, not "sans-serif": matplotlib falls back glyph by glyph only
        # along font.family, so a character outside the cached subset (GB 2312) is drawn from
        # the full font instead of as an empty box
        "font.family": [SUBSET_FAMILY, family, "DejaVu Sans"],
        "font.sans-serif": [SUBSET_FAMILY, family, "DejaVu Sans"],
        "font.size": 8,
        "axes.titlesize": 8,
        "figure.titlesize": 8,
        "axes.labelsize": 7.5,
        "xtick.labelsize": MIN_FONT_PT,
        "ytick.labelsize": MIN_FONT_PT,
        "legend.fontsize": MIN_FONT_PT,
        "legend.title_fontsize": MIN_FONT_PT,
        "axes.unicode_minus": True,
        "figure.constrained_layout.use": True,
        "figure.constrained_layout.h_pad": 2 / 72,
        "figure.constrained_layout.w_pad": 2 / 72,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "figure.dpi": 100,
        "savefig.dpi": DPI,
        "savefig.bbox": None,
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
               nrows: int = 1, ncols: int = 1, *, height_mm: float | None = None, **kwargs):
    """A figure exactly one (85 mm) or two (175 mm) columns wide, ``aspect`` ×
    width high (or ``height_mm``), with constrained layout; call inside
    :func:`style`."""
    if width not in WIDTHS:
        raise ValueError(f"unknown figure width {width!r}; use 'single' (85 mm) or 'double' (175 mm)")
    w = WIDTHS[width]
    h = height_mm * MM if height_mm is not None else w * aspect
    return plt.subplots(nrows, ncols, figsize=(w, h), layout="constrained", **kwargs)


def rows_height(n_rows: int, *, per_row_mm: float = 4.2, extra_mm: float = 22.0) -> float:
    """A height in mm for a chart of ``n_rows`` labelled rows: enough for one
    line of 7-pt tick label per row plus title and axis."""
    return extra_mm + per_row_mm * n_rows


def _metadata(fmt: str) -> dict:
    if fmt == "pdf":
        return {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": "lcanalysis"}
    if fmt == "svg":
        return {"Date": None, "Creator": "lcanalysis"}
    return {"Software": None}


def save_figure(fig, name: str, *, lang: Lang | None = None,
                directory: str | Path | None = None, keep_png: bool = False):
    """Write ``figures/[<lang>/]<name>.pdf|png|svg``; saving twice gives identical
    bytes.  Returns the paths; with ``keep_png`` also the PNG's bytes (so that
    :func:`publish` shows it without drawing the figure again)."""
    base = Path(directory) if directory is not None else paths.FIGURES
    if lang is not None:
        base = base / check_lang(lang)
    base.mkdir(parents=True, exist_ok=True)
    out, png = [], b""
    engine = fig.get_layout_engine()
    with style():
        try:
            for k, fmt in enumerate(FORMATS):
                target = base / f"{name}.{fmt}"
                if fmt == "png":
                    buf = io.BytesIO()
                    fig.savefig(buf, format="png", metadata=_metadata(fmt))
                    png = buf.getvalue()
                    target.write_bytes(png)
                else:
                    # PDF: glyphs of the cached subset embedded from its TrueType twin (``_embed``)
                    with twin_embedding(_subset_path() if fmt == "pdf" else None):
                        fig.savefig(target, format=fmt, metadata=_metadata(fmt))
                out.append(target)
                if k == 0 and engine is not None:
                    # the layout is solved by the first save; the other formats reuse it
                    # instead of solving it again (one draw less per format)
                    fig.set_layout_engine("none")
        finally:
            if engine is not None:
                fig.set_layout_engine(engine)
    return (out, png) if keep_png else out


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


#: resolution of the figures shown inline (the saved PNG is 300 dpi)
SHOW_DPI = 150


def _display_png(data: bytes) -> None:
    try:
        from IPython.display import Image, display
    except ImportError:  # pragma: no cover - outside IPython there is nothing to show
        return
    display(Image(data=data, format="png"))


def show(fig) -> None:
    """Display a figure inline as PNG, drawn in the house style."""
    buf = io.BytesIO()
    with style():
        fig.savefig(buf, format="png", dpi=SHOW_DPI, metadata={"Software": None})
    _display_png(buf.getvalue())


def _downsample(png: bytes) -> bytes:
    """The saved 300-dpi PNG at :data:`SHOW_DPI` (Pillow, which matplotlib
    requires), so that the figure is not rendered a fourth time to be shown."""
    from PIL import Image

    image = Image.open(io.BytesIO(png))
    scale = SHOW_DPI / DPI
    small = image.resize((round(image.width * scale), round(image.height * scale)),
                         Image.Resampling.LANCZOS)
    buf = io.BytesIO()
    small.save(buf, format="png", optimize=False)
    return buf.getvalue()


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
            _, png = save_figure(fig, name, lang=lang, keep_png=True)
        else:  # shown but not saved (``--lang`` left it out): the same bytes as a save would give
            buf = io.BytesIO()
            with style():
                fig.savefig(buf, format="png", metadata=_metadata("png"))
            png = buf.getvalue()
        if lang == shown:
            _display_png(_downsample(png))
        plt.close(fig)


def _drawn_ticklabels(axis) -> list:
    lo, hi = sorted(axis.get_view_interval())
    span = (hi - lo) or 1.0
    locs = axis.get_majorticklocs()
    ticks = axis.get_major_ticks(len(locs))
    out = []
    for loc, tick in zip(locs, ticks):
        if lo - 1e-9 * span <= loc <= hi + 1e-9 * span:
            out += [t for t in (tick.label1, tick.label2) if t.get_visible()]
    return out


def _texts(fig) -> list[tuple]:
    """(text artist, the axes it must stay inside or None) of every text drawn."""
    out = []
    for ax in fig.axes:
        if not ax.get_visible():
            continue
        for axis in (ax.xaxis, ax.yaxis):
            if not axis.get_visible():  # e.g. the x axis of a twinx(), not drawn
                continue
            out += [(t, None) for t in _drawn_ticklabels(axis)]
            out.append((axis.label, None))
            out.append((axis.get_offset_text(), None))
        out += [(t, None) for t in (ax.title, ax._left_title, ax._right_title)]
        out += [(t, ax) for t in ax.texts]
        legend = ax.get_legend()
        if legend is not None:
            out += [(t, None) for t in legend.get_texts()] + [(legend.get_title(), None)]
    out += [(t, None) for t in fig.texts]
    for legend in fig.legends:
        out += [(t, None) for t in legend.get_texts()] + [(legend.get_title(), None)]
    seen, unique = set(), []
    for t, ax in out:
        if id(t) not in seen and t.get_visible() and t.get_text().strip():
            seen.add(id(t))
            unique.append((t, ax))
    return unique


def _covers_data(box, ax, tol: float) -> bool:
    """Whether a display-space box covers a bar (any overlap) or a line vertex
    or scatter point of the axes."""
    import numpy as np

    for p in ax.patches:
        b = p.get_window_extent()
        if (b.width > 0 and b.height > 0 and min(box.x1, b.x1) - max(box.x0, b.x0) > tol
                and min(box.y1, b.y1) - max(box.y0, b.y0) > tol):
            return True
    pts = []
    for line in ax.lines:
        xy = np.column_stack(line.get_data()).astype(float)
        if len(xy):
            pts.append(line.get_transform().transform(xy))
    for c in ax.collections:
        offsets = c.get_offsets()
        if len(offsets):
            pts.append(c.get_offset_transform().transform(offsets))
    for xy in pts:
        inside = ((xy[:, 0] > box.x0 + tol) & (xy[:, 0] < box.x1 - tol)
                  & (xy[:, 1] > box.y0 + tol) & (xy[:, 1] < box.y1 - tol))
        if inside.any():
            return True
    return False


def layout_problems(fig, *, tolerance_pt: float = 0.5) -> list[str]:
    """What would make a referee send the figure back, as messages (empty: none):
    a width other than 85 or 175 mm, text smaller than 7 pt, two texts whose
    bounding boxes overlap, a text outside the figure, an annotation outside
    its axes, a legend covering data.  Draws the figure at the resolution it is saved at
    (:data:`DPI`): text is measured as the saved files lay it out, since glyph metrics and
    the constrained layout differ a little between resolutions (a title that fits at 100 dpi
    can leave the figure at 300 dpi)."""
    original = fig.dpi
    fig.set_dpi(DPI)
    try:
        return _layout_problems(fig, tolerance_pt=tolerance_pt)
    finally:
        fig.set_dpi(original)


def _layout_problems(fig, *, tolerance_pt: float) -> list[str]:
    problems = []
    width_mm = fig.get_figwidth() * 25.4
    if min(abs(width_mm - 85), abs(width_mm - 175)) > 0.01:
        problems.append(f"figure is {width_mm:.1f} mm wide, not 85 or 175 mm")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    tol = tolerance_pt * fig.dpi / 72
    texts = _texts(fig)
    boxes = [t.get_window_extent(renderer) for t, _ in texts]
    W, H = fig.bbox.width, fig.bbox.height
    for (t, ax), b in zip(texts, boxes):
        name = repr(t.get_text()[:40])
        if t.get_fontsize() < MIN_FONT_PT - 1e-9:
            problems.append(f"text {name} is {t.get_fontsize():g} pt (< {MIN_FONT_PT} pt)")
        if b.x0 < -tol or b.y0 < -tol or b.x1 > W + tol or b.y1 > H + tol:
            problems.append(f"text {name} leaves the figure")
        if ax is not None:
            a = ax.get_window_extent(renderer)
            if b.x0 < a.x0 - tol or b.y0 < a.y0 - tol or b.x1 > a.x1 + tol or b.y1 > a.y1 + tol:
                problems.append(f"annotation {name} leaves its axes")
    for i in range(len(texts)):
        for j in range(i + 1, len(texts)):
            a, b = boxes[i], boxes[j]
            if (min(a.x1, b.x1) - max(a.x0, b.x0) > tol and min(a.y1, b.y1) - max(a.y0, b.y0) > tol):
                problems.append(f"texts {texts[i][0].get_text()[:40]!r} and "
                                f"{texts[j][0].get_text()[:40]!r} overlap")
    legends = [(ax, ax.get_legend()) for ax in fig.axes] + [(None, lg) for lg in fig.legends]
    for owner, legend in legends:
        if legend is None or not legend.get_visible():
            continue
        lb = legend.get_window_extent(renderer)
        for ax in ([owner] if owner is not None else fig.axes):
            if _covers_data(lb, ax, tol):
                problems.append(f"a legend covers the data of axes {ax.get_title()[:40]!r}")
    return problems


def _break_lines(text: str, k: int) -> str:
    """``text`` in ``k`` lines of similar length, broken after spaces, commas,
    colons or before 与."""
    points = [i + 1 for i, c in enumerate(text) if c in " ，,：:、"] + \
             [i for i, c in enumerate(text) if c == "与"]
    cuts, start = [], 0
    for j in range(1, k):
        goal = len(text) * j / k
        options = [p for p in points if p > start + 1 and p < len(text) - 1]
        if not options:
            break
        start = min(options, key=lambda p: abs(p - goal))
        cuts.append(start)
    pieces = [text[a:b].strip() for a, b in zip([0] + cuts, cuts + [len(text)])]
    return "\n".join(p for p in pieces if p)


def fit_title(ax, text: str, **kwargs):
    """Set an axes title, broken into two or three lines at natural breaks when
    one line, centred over the axes as laid out, would leave the figure."""
    fig = ax.figure
    kwargs.setdefault("linespacing", 1.35)
    t = ax.set_title(text, **kwargs)
    if "\n" in text:
        return t
    engine = fig.get_layout_engine()
    renderer = fig.canvas.get_renderer()
    for k in (1, 2, 3):
        t.set_text(_break_lines(text, k) if k > 1 else text)
        if engine is not None:
            engine.execute(fig)
        a = ax.get_window_extent(renderer)
        w = t.get_window_extent(renderer).width
        centre = (a.x0 + a.x1) / 2
        pad = 2 * fig.dpi / 72
        if centre - w / 2 >= pad and centre + w / 2 <= fig.bbox.width - pad:
            break
    return t


def _words(line: str) -> list[str]:
    """The pieces a label line may be broken between: words with their trailing space in
    Latin text, jieba's words (default dictionary) in Chinese, a closing bracket or
    punctuation kept with the word before it."""
    import re

    if not re.search(r"[\u3400-\u9fff]", line):
        return re.findall(r"\S+\s*", line) or [line]
    from ..tokens import cut

    pieces, last = [], 0
    for _, a, b in cut(line, lexicon=False):
        pieces.append(line[last:b])
        last = b
    if last < len(line):
        pieces.append(line[last:])
    out = []
    for p in pieces:
        if out and (p[:1] in "）)，,、：:；;。" or out[-1][-1:] in "（("):
            out[-1] += p
        else:
            out.append(p)
    return out


def _balanced_lines(words: list[str], width, limit: float) -> list[str] | None:
    """``words`` in as few lines as fit within ``limit`` (``width(text)``), the longest line
    as short as possible; None if one word alone is wider."""
    from itertools import combinations

    n = len(words)
    for k in range(1, min(n, 4) + 1):
        best = None
        for cuts in combinations(range(1, n), k - 1):
            bounds = (0, *cuts, n)
            lines = ["".join(words[a:b]).strip() for a, b in zip(bounds, bounds[1:])]
            widest = max(width(x) for x in lines)
            if widest <= limit and (best is None or widest < best[0] - 1e-9):
                best = (widest, lines)
        if best is not None:
            return best[1]
    return None


def column_labels(ax, labels, *, pad_pt: float = 3.0, linespacing: float = 1.15) -> bool:
    """Column labels of a heatmap, above it and read horizontally: each label broken into
    lines that fit its column's width (at a ``\\n`` in the label, then between words: jieba's
    words in Chinese, so that no word is split), at the tick label size (≥ 7 pt).  Only when
    a single word is wider than a column (a long English word in a narrow column) are the
    labels set as one line each, turned 90°.  Returns whether the labels are horizontal."""
    fig = ax.figure
    labels = [str(x) for x in labels]
    positions = range(len(labels))
    ax.set_xticks(positions, labels)
    ax.tick_params(axis="x", top=True, labeltop=True, bottom=False, labelbottom=False)
    engine = fig.get_layout_engine()
    if engine is not None:
        engine.execute(fig)
    renderer = fig.canvas.get_renderer()
    prop = ax.get_xticklabels()[0].get_fontproperties() if labels else None
    scale = fig.dpi / 72

    def width(text: str) -> float:
        return renderer.get_text_width_height_descent(text, prop, ismath=False)[0] / scale

    pitch = ax.get_window_extent(renderer).width / scale / max(len(labels), 1)
    wrapped = []
    for text in labels:
        lines = []
        for line in text.split("\n"):
            fitted = _balanced_lines(_words(line), width, pitch - pad_pt)
            if fitted is None:
                break
            lines += fitted
        else:
            wrapped.append("\n".join(lines))
            continue
        break
    if len(wrapped) == len(labels):
        ax.set_xticks(positions, wrapped, rotation=0, linespacing=linespacing)
        return True

    def one_line(text: str) -> str:
        parts = text.split("\n")
        out = parts[0]
        for p in parts[1:]:
            out += (" " if out[-1:].isascii() and p[:1].isascii() else "") + p
        return out

    ax.set_xticks(positions, [one_line(x) for x in labels], rotation=90)
    return False


def right_labels(ax, positions, labels):
    """A second column of row labels at the right of ``ax`` (``ax.twinx()``'s tick labels, so
    that they sit outside the data and constrained layout makes room for them): for example the
    value a chart's rows are sorted by, or a target as the report states it.  Returns the twin."""
    twin = ax.twinx()
    twin.set_ylim(ax.get_ylim())
    twin.set_yticks(list(positions), list(labels))
    twin.tick_params(axis="y", length=0, pad=2)
    twin.spines[:].set_visible(False)
    return twin


def legend_below(fig, handles=None, labels=None, *, ncol: int = 2, **kwargs):
    """The figure's legend below the axes (constrained layout makes room), so
    that it never covers data."""
    if handles is not None:
        kwargs["handles"] = handles
    if labels is not None:
        kwargs["labels"] = labels
    return fig.legend(loc="outside lower center", ncol=ncol, frameon=False,
                      handlelength=1.5, columnspacing=1.0, **kwargs)


class _PercentOfStep:
    """Tick labels of a share axis (0–1) as percentages with as many decimals as the tick
    step needs (2.5% steps keep their decimal, 5% steps have none), so that a label never
    rounds its tick to another value.  matplotlib's ``PercentFormatter(1.0)`` chooses its
    decimals from the view range instead, which labels 0–25% in 5% steps "0.0%, 5.0%, …";
    the locator of :func:`percent_axis` is matplotlib's own."""

    def __init__(self, axis):
        self.axis = axis

    def __call__(self, x, pos=None):
        locs = sorted(self.axis.get_majorticklocs())
        step = min((b - a for a, b in zip(locs, locs[1:]) if b > a), default=1.0) * 100
        decimals = 0
        while decimals < 3 and abs(round(step, decimals) - step) > 1e-9 * max(1.0, step):
            decimals += 1
        text = f"{abs(x) * 100:.{decimals}f}%"
        return "\u2212" + text if x < 0 and float(text[:-1]) != 0 else text


def percent_axis(axis) -> None:
    """A share axis (values 0–1) labelled in percent: ticks at 1, 2 or 5 × a power of ten,
    each label exact (:class:`_PercentOfStep`)."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis.set_major_locator(MaxNLocator(nbins="auto", steps=[1, 2, 5, 10]))
    axis.set_major_formatter(FuncFormatter(_PercentOfStep(axis)))


def heatmap(ax, matrix, *, vmax: float | None = None, colorbar_label: str = "",
            percent: bool = False):
    """The one heatmap style: :data:`HEATMAP_CMAP` from 0 (white) to ``vmax``
    (default: the largest value), a colour bar with ``colorbar_label`` (in percent
    with ``percent=True``, for shares), no spines."""
    import numpy as np

    values = np.asarray(matrix, dtype=float)
    top = float(np.nanmax(values)) if vmax is None else vmax
    image = ax.imshow(values, aspect="auto", cmap=HEATMAP_CMAP, vmin=0, vmax=top or 1.0,
                      interpolation="nearest")
    ax.spines[:].set_visible(False)
    ax.tick_params(length=0)
    # the bar's length over its width: the figure's height over 3.5 mm, more than the axes'
    # height over 3.5 mm, so that the bar is limited by the axes' height and spans it (a fixed
    # aspect of 30 left the bar shorter than a tall heatmap whose long labels narrow its axes)
    aspect = max(20.0, ax.figure.get_figheight() * 25.4 / 3.5)
    bar = ax.figure.colorbar(image, ax=ax, fraction=0.04, pad=0.01, aspect=aspect)
    bar.outline.set_visible(False)
    if colorbar_label:
        import re

        if re.fullmatch(r"[\u3400-\u9fff]+", colorbar_label):
            # Chinese set vertically reads with its characters upright, one under the other,
            # not turned on its side
            bar.set_label("\n".join(colorbar_label), rotation=0, va="center", ha="left",
                          linespacing=1.05)
        else:
            bar.set_label(colorbar_label)
    if percent:
        percent_axis(bar.ax.yaxis)
    return image


#: how group names map to :data:`GROUP_COLOURS`: the groups of :func:`lcanalysis.priorities.groups`
#: (回顾, 计划, 全文), the glossary keys that name a corpus in the keyword figures (2023年回顾,
#: 2024年任务, 全国2024) and doc_ids (national-2024)
_GROUP_PATTERNS = (("review", r"回顾$"), ("plan", r"(计划|任务)$"), ("report", r"^全文$"),
                   ("national", r"^(national-|全国\d)"))


def group_colour(group: str, default: str | None = None) -> str | None:
    """The colour of a group in every figure (:data:`GROUP_COLOURS`): 回顾 and 2023年回顾 are the
    review, 计划 and 2024年任务 the plan, national-2024 and 全国2024 the national report;
    ``default`` for a group that is none of them."""
    import re

    for key, pattern in _GROUP_PATTERNS:
        if re.search(pattern, str(group)):
            return GROUP_COLOURS[key]
    return default


ZH_NUM = dict(enumerate("〇一二三四五六七八九十", start=0)) | {
    11 + i: "十" + c for i, c in enumerate("一二三四五六七八九")}


def section_labels(rows, lang: Lang) -> list[str]:
    """Axis labels for rows with ``part`` and ``section`` (and, if present,
    ``part_title`` and ``section_title`` of the outline): "二（一）新型工业化" /
    "2.1 Industrialisation", "二 引言" / "Part 2 intro" for a part's text outside
    its numbered sections, "附件1 民生实事" / "Annex 1: livelihood projects" for
    annexes.  Short titles come from :func:`lcanalysis.glossary.short_title`;
    without one the label is the number alone."""
    from ..glossary import short_title

    numbers = {v: k for k, v in ZH_NUM.items()}
    labels = []
    for r in rows.itertuples():
        part = label(r.part, lang)
        if str(r.part).startswith("附件"):
            short = short_title(getattr(r, "part_title", None), lang)
            sep = " " if lang == "zh" else ": "
            labels.append(f"{part}{sep}{short}" if short else part)
        elif pd.isna(r.section):
            labels.append(f"{part} {label('引言', lang)}")
        else:
            short = short_title(getattr(r, "section_title", None), lang)
            head = (f"{r.part}（{ZH_NUM[r.section]}）" if lang == "zh"
                    else f"{numbers.get(r.part, r.part)}.{r.section}")
            labels.append((f"{head}{short}" if lang == "zh" else f"{head} {short}") if short else head)
    return labels


def stacked_section_labels(rows, lang: Lang) -> list[str]:
    """:func:`section_labels` with the number on a line of its own ("二（一）\\n新型工业化",
    "2.1\\nIndustrialisation"), for the columns of a heatmap (:func:`column_labels`)."""
    import re

    out = []
    for text in section_labels(rows, lang):
        head = re.match(r"^(.+?）|附件\d+ |\d+\.\d+ )(?=\S)", text)
        out.append(f"{head.group(1).rstrip()}\n{text[head.end():]}" if head else text)
    return out


def _axes(ax, width="single", aspect=0.62, *, height_mm: float | None = None):
    if ax is not None:
        return ax.figure, ax
    return new_figure(width, aspect, height_mm=height_mm)


def markdown(text: str):
    """Findings text, shown as Markdown in a notebook (plain text elsewhere)."""
    try:
        from IPython.display import Markdown
    except ImportError:  # pragma: no cover
        return text
    return Markdown(text.strip())
