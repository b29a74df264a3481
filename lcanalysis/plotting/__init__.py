"""Figures: one house style, a CJK font that ships with the dependencies, and
byte-reproducible PDF, PNG (300 dpi) and SVG files in Chinese and English.

The machinery (style, :func:`save_figure`, :func:`publish`) is in
``_core``; each figure family has its own module (``corpus``, ``indicators``,
…), and every plot function is re-exported here.  Plot functions take
``lang`` and ``ax=None`` and return the Figure.
"""

from ._core import (  # noqa: F401
    DPI, FORMATS, GROUP_COLOURS, HEATMAP_CMAP, LANG_ENV, MIN_FONT_PT, PALETTE, WIDTHS, ZH_NUM, cjk_font, column_labels, fit_title, group_colour, heatmap, legend_below,
    layout_problems, markdown, percent_axis, section_labels, stacked_section_labels, new_figure, output_langs, publish, rc, right_labels, rows_height, save_figure, show,
    show_language, style,
)
from .corpus import (  # noqa: F401
    ambition_dots, attention_by_period, attention_profiles, doc_label, growth_target_series,
    length_by_section, quantification_bars, target_language_bars, target_language_order,
)
from .indicators import quantities_by_section, stated_target, targets_vs_previous  # noqa: F401
from .priorities import (  # noqa: F401
    attention_comparison, diversity_intervals, hardness_vs_attention, section_topic_heatmap,
)
from .realism import escalation_chart, forecast_fan, premium_curve, scorecard_table, target_history  # noqa: F401
from .keywords import keyness_bars, keyword_frequencies, survival_bars, tfidf_heatmap  # noqa: F401
