"""Faster PDF font embedding: a TrueType "embedding twin" of the cached CJK subset.

Every PDF figure embeds the glyphs it uses (Type 42).  matplotlib subsets the
font with fontTools at each save, and subsetting the cached 14,000-glyph CFF
subset of Noto Sans CJK (``plotting._core._subset_font``) with its GSUB and GPOS
tables took 0.5–0.9 s for 500 glyphs on a loaded machine (2026-12-03), most of a
PDF's save; the twin took 0.07–0.12 s, and a whole 400-glyph PDF saved in 0.21 s
instead of 0.42 s (2026-12-04, an idle machine).  The twin has
the same glyph order, character map and advance widths, its outlines converted
from cubic (CFF) to quadratic (``glyf``) curves within one font unit of 1,000
per em (fontTools' cu2qu), and no layout tables: text is laid out with the
drawing font (so PNG and SVG are unchanged, Latin kerning included), and the
PDF needs only outlines and widths.  Its ``glyf`` outlines are also what a
PDF's ``FontFile2`` (which matplotlib writes for Type 42) is specified to hold:
poppler warns about the CFF program matplotlib otherwise puts there.

:func:`embedding_twin` builds it once per machine, beside the subset;
:func:`twin_embedding` redirects matplotlib's subsetting to it for the PDF
saves of :func:`lcanalysis.plotting.save_figure` only.
"""

from __future__ import annotations

import contextlib
import os
from functools import lru_cache
from pathlib import Path

#: version of the conversion below; part of the twin's file name
TWIN_VERSION = 2
#: the largest distance between a CFF curve and its quadratic approximation (font units of 1,000 per em)
MAX_ERR = 1.0
#: tables the twin drops: layout and vertical metrics (text is laid out with the drawing font)
_DROPPED = ("CFF ", "VORG", "GSUB", "GPOS", "BASE", "vhea", "vmtx", "DSIG")


def _convert(src: str, dst: Path) -> None:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    # the source's timestamps, not the time of conversion: the twin, and so every PDF, is
    # the same bytes on every machine
    with TTFont(src, recalcTimestamp=False) as font:
        if "CFF " not in font:
            raise ValueError(f"{src} has no CFF outlines to convert")
        order = font.getGlyphOrder()
        glyphs = font.getGlyphSet()
        glyf = newTable("glyf")
        glyf.glyphOrder, glyf.glyphs = order, {}
        for name in order:
            pen = TTGlyphPen(glyphs)
            glyphs[name].draw(Cu2QuPen(pen, MAX_ERR, reverse_direction=True))
            glyf[name] = pen.glyph()
        font["loca"], font["glyf"] = newTable("loca"), glyf
        for tag in _DROPPED:
            if tag in font:
                del font[tag]
        hmtx = font["hmtx"]
        for name in order:
            g = glyf[name]
            g.recalcBounds(glyf)
            hmtx[name] = (hmtx[name][0], getattr(g, "xMin", 0))
        maxp = font["maxp"]
        maxp.tableVersion = 0x00010000
        for field in ("maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                      "maxStackElements", "maxSizeOfInstructions"):
            setattr(maxp, field, 0)
        maxp.maxZones = 1
        post = font["post"]
        post.formatType, post.extraNames, post.mapping = 2.0, [], {}
        font["head"].glyphDataFormat = 0
        font.sfntVersion = "\0\1\0\0"
        tmp = dst.with_suffix(f".{os.getpid()}.tmp")
        font.save(str(tmp))
    with TTFont(str(tmp)) as check:
        if check["maxp"].numGlyphs != len(order):
            raise ValueError(f"the TrueType twin of {src} lost glyphs")
    os.replace(tmp, dst)


@lru_cache(maxsize=4)
def embedding_twin(src: str) -> str | None:
    """The TrueType twin of the CFF font ``src`` (path), built beside it on
    first use (7–17 s measured, once per machine); ``None`` if it cannot be
    built or written (with a warning that says so when the conversion itself
    fails), and matplotlib then embeds ``src`` itself: the PDF is the same
    figure, only slower to write."""
    import warnings

    dst = Path(src).with_name(f"{Path(src).stem}-embed-v{TWIN_VERSION}.ttf")
    if not dst.exists():
        try:
            _convert(src, dst)
        except OSError:
            return None
        except Exception as exc:  # noqa: BLE001 - any fontTools failure: embed the font as it is
            warnings.warn(f"lcanalysis could not convert {src} to TrueType for PDF embedding "
                          f"({type(exc).__name__}: {exc}); PDFs embed the CFF font as matplotlib "
                          "does", RuntimeWarning, stacklevel=2)
            return None
    return str(dst)


@contextlib.contextmanager
def twin_embedding(src: str | None):
    """Within the block, PDF saves embed glyphs of the font file ``src`` from its
    twin (:func:`embedding_twin`); every other font is embedded as matplotlib
    does.  Without ``src``, a twin or the private hook of this matplotlib
    release (``backends._backend_pdf_ps.get_glyphs_subset``), nothing changes."""
    try:
        from matplotlib import font_manager
        from matplotlib.backends import _backend_pdf_ps as pdf_ps
    except ImportError:  # pragma: no cover - matplotlib without the module
        yield
        return
    original = getattr(pdf_ps, "get_glyphs_subset", None)
    twin = embedding_twin(src) if src is not None and original is not None else None
    if twin is None or not hasattr(font_manager, "FontPath"):
        yield
        return
    source = os.path.realpath(src)

    def subset(fontfile, glyphs):
        if os.path.realpath(os.fspath(fontfile)) == source:
            fontfile = font_manager.FontPath(twin, getattr(fontfile, "face_index", 0))
        return original(fontfile, glyphs)

    pdf_ps.get_glyphs_subset = subset
    try:
        yield
    finally:
        pdf_ps.get_glyphs_subset = original
