"""Figures: CJK glyphs render, the font is embedded, files are byte-identical."""

import hashlib
import re
import warnings

import pytest

import lcanalysis as lca
from lcanalysis import plotting


def _draw(lang="zh"):
    with plotting.style():
        fig, ax = plotting.new_figure()
        ax.bar(["生产总值", "一般公共预算收入"], [5.5, 5.5])
        ax.set_title("聊城市2024年主要预期目标（增长%）")
    return fig


def test_cjk_labels_draw_without_missing_glyphs(report):
    # every distinct character of the report, drawn in the house style
    chars = "".join(sorted(set(report.text) - set("\n ")))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with plotting.style():
            fig, ax = plotting.new_figure()
            for k in range(0, len(chars), 60):
                ax.text(0, k / len(chars), chars[k : k + 60])
            fig.canvas.draw()


def test_missing_glyph_is_an_error_here():
    """Guard that the check above can fail: a glyph no font has must warn."""
    with pytest.warns(UserWarning, match="missing from font"):
        with plotting.style():
            fig, ax = plotting.new_figure()
            ax.set_title("\U0001F600\U000E0100")
            fig.canvas.draw()


def test_save_figure_is_byte_identical_and_embeds_font(tmp_path):
    fig = _draw()
    first = plotting.save_figure(fig, "t", lang="zh", directory=tmp_path)
    digests = [hashlib.sha256(p.read_bytes()).hexdigest() for p in first]
    again = plotting.save_figure(_draw(), "t", lang="zh", directory=tmp_path)
    assert [hashlib.sha256(p.read_bytes()).hexdigest() for p in again] == digests
    assert [p.name for p in first] == ["t.pdf", "t.png", "t.svg"]
    pdf = (tmp_path / "zh" / "t.pdf").read_bytes()
    assert re.search(rb"/BaseFont\s*/[A-Z]{6}\+NotoSansCJKsc-Regular", pdf)
    assert b"/FontFile2" in pdf  # the (subset) font program is embedded
    assert b"CreationDate" not in pdf
    svg = (tmp_path / "zh" / "t.svg").read_text(encoding="utf-8")
    assert "<dc:date>" not in svg and "<path" in svg  # glyphs as paths, no date stamp
    png = (tmp_path / "zh" / "t.png").read_bytes()
    assert b"pHYs" in png  # resolution recorded (300 dpi)
    assert int.from_bytes(png[png.index(b"pHYs") + 4 : png.index(b"pHYs") + 8], "big") == round(300 / 0.0254)


def test_figure_sizes_are_journal_columns():
    assert round(plotting.WIDTHS["single"] * 25.4) == 85
    assert round(plotting.WIDTHS["double"] * 25.4) == 175


def test_labels_go_through_the_glossary():
    assert lca.glossary.label("字数", "en") == "characters"
    assert lca.glossary.label("字数", "zh") == "字数"
    with pytest.raises(lca.errors.UnknownLabelError, match="no English gloss for label '不存在的标签'"):
        lca.glossary.label("不存在的标签", "en")
    with pytest.raises(lca.errors.UnknownLabelError, match="no English gloss for term '不存在的词'"):
        lca.glossary.term("不存在的词", "en")


def test_term_glosses_win_for_report_terms():
    labels, terms = lca.glossary.label_entries(), lca.glossary.term_entries()
    shared = sorted(k for k in set(labels) & set(terms) if labels[k] != terms[k])
    for zh in shared:
        assert lca.glossary.term(zh, "en") == terms[zh]
        assert lca.glossary.label(zh, "en") == labels[zh]
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        lca.glossary.label("字数", "fr")


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_length_by_section_draws(report, lang, tmp_path):
    with plotting.style():
        fig = plotting.length_by_section(report.outline(), lang=lang)
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert len(labels) == len(report.outline().dropna(subset=["part"]))
    assert ("附件1" in labels) if lang == "zh" else ("Annex 1" in labels)
