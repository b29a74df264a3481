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
            fig.set_layout_engine("none")  # lines wider than the axes: layout is not the point here
            for k in range(0, len(chars), 60):
                ax.text(0, k / len(chars), chars[k : k + 60])
            fig.canvas.draw()


def test_characters_outside_the_font_subset_fall_back_to_the_full_font(tmp_path):
    """The cached subset holds GB 2312; 堃, 喆 and 昇 (names of people and places) are not in
    it and must come from the full font in every format, not as empty boxes."""
    rare = "堃喆昇"
    for ch in rare:
        with pytest.raises(UnicodeEncodeError):
            ch.encode("gb2312")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with plotting.style():
            fig, ax = plotting.new_figure()
            ax.set_title(f"张{rare}的报告")
            pdf, png, svg = plotting.save_figure(fig, "rare", directory=tmp_path)
    fonts = set(re.findall(rb"/BaseFont /[A-Z]{6}\+([A-Za-z0-9\-]+)", pdf.read_bytes()))
    assert fonts == {b"NotoSansCJKsc-Regular"}
    assert len(re.findall(rb"/BaseFont /", pdf.read_bytes())) >= 2  # the subset and the full font


def test_missing_glyph_is_an_error_here():
    """Guard that the check above can fail: a glyph no font has must warn."""
    with pytest.warns(UserWarning, match="missing from font"):
        with plotting.style():
            fig, ax = plotting.new_figure()
            ax.set_title("\U000F0000\U0010FFFD")  # private-use code points: no font has them
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


def test_every_glossary_row_has_its_columns():
    """A label with a comma must be quoted: an unquoted ARIMA(0,1,1) was read as the label
    'ARIMA(0' with the gloss '1'."""
    import csv

    for path in sorted(lca.paths.GLOSSARY.glob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            rows = list(csv.reader(f))
        width = len(rows[0])
        bad = [k for k, row in enumerate(rows, start=1) if row and len(row) != width]
        assert not bad, f"{path.name}: lines {bad} do not have {width} fields"


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
    assert ("附件1 民生实事" in labels) if lang == "zh" else ("Annex 1: livelihood projects" in labels)


# -- sizes and layout of every figure ---------------------------------------------------------
import sys  # noqa: E402

sys.path.insert(0, str(__import__("pathlib").Path(__file__).parent))
import figure_inputs  # noqa: E402


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("name", figure_inputs.NAMES)
def test_every_figure_is_a_column_wide_with_no_colliding_text(name, lang, tmp_path):
    import matplotlib.pyplot as plt

    draw, args, kwargs = figure_inputs.cases()[name]
    with plotting.style():
        fig = draw(*args, lang=lang, **kwargs)
        assert plotting.layout_problems(fig) == []
        pdf = plotting.save_figure(fig, name, directory=tmp_path)[0]
    plt.close(fig)
    box = re.search(rb"/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)", pdf.read_bytes())
    assert round(float(box[1]) / 72 * 25.4, 1) in (85.0, 175.0)  # not trimmed by bbox="tight"


def test_every_published_figure_is_checked():
    from lcanalysis import cli

    assert sorted(figure_inputs.NAMES) == sorted(row["figure"] for row in cli.figure_list())


def test_layout_problems_finds_what_a_referee_sends_back():
    import matplotlib.pyplot as plt

    with plotting.style():
        fig, ax = plt.subplots(figsize=(100 / 25.4, 60 / 25.4), layout="constrained")
        ax.barh([0, 1], [5, 6], label="bars")
        ax.legend(loc="center", bbox_to_anchor=(0.3, 0.25))  # on the first bar
        ax.text(0.5, 0.5, "first label", fontsize=8)
        ax.text(0.6, 0.52, "second label", fontsize=8)  # on top of the first
        ax.text(5.8, 1.0, "runs past the axes", fontsize=7)
        ax.text(1, 0, "tiny", fontsize=6)
        problems = plotting.layout_problems(fig)
    plt.close(fig)
    text = "\n".join(problems)
    assert "figure is 100.0 mm wide, not 85 or 175 mm" in text
    assert "texts 'first label' and 'second label' overlap" in text
    assert "annotation 'runs past the axes' leaves its axes" in text
    assert "text 'tiny' is 6 pt (< 7 pt)" in text
    assert "a legend covers the data" in text
    with plotting.style():
        fig, ax = plotting.new_figure("single")
        ax.barh([0, 1], [5, 6])
        ax.set_yticks([0, 1], ["one", "two"])
        assert plotting.layout_problems(fig) == []
    plt.close(fig)


def test_section_labels_carry_short_titles(report):
    rows = report.outline().dropna(subset=["part"])
    zh, en = plotting.section_labels(rows, "zh"), plotting.section_labels(rows, "en")
    assert "二（一）新型工业化" in zh and "2.1 Industrialisation" in en
    assert "二 引言" in zh and "Part 2 intro" in en
    assert "附件1 民生实事" in zh and "Annex 1: livelihood projects" in en
    # a title the glossary does not know: its last clause in Chinese, the number alone in English
    other = rows.head(3).assign(section_title=["", "某某某，推进城乡融合发展", None]).iloc[1:2]
    assert plotting.section_labels(other.assign(section=1), "zh") == ["一（一）推进城乡融合发展"]
    assert plotting.section_labels(other.assign(section=1), "en") == ["1.1"]


def test_heatmaps_share_one_colour_logic():
    names = ("03_tfidf_sections", "04_section_topics")
    cmaps = []
    for name in names:
        draw, args, kwargs = figure_inputs.cases()[name]
        with plotting.style():
            fig = draw(*args, lang="en", **kwargs)
        image = fig.axes[0].images[0]
        cmaps.append((image.get_cmap().name, image.norm.vmin))
        __import__("matplotlib.pyplot").pyplot.close(fig)
    assert cmaps == [(plotting.HEATMAP_CMAP, 0.0)] * 2


def test_section_heatmap_labels_the_part_it_was_given(report):
    """The heatmap labels the sections of the part the matrix was made for, not a fixed 二."""
    coded = lca.code_topics(report)
    m = lca.priorities.section_topic_matrix(report, coded, part="一")
    assert m.attrs["part"] == "一"
    with plotting.style():
        fig = plotting.section_topic_heatmap(m, lang="zh", outline=report.outline())
    ticks = [t.get_text() for t in fig.axes[0].get_xticklabels()]
    titles = report.outline().query("part == '一'")["section_title"].dropna()
    assert ticks and ticks[0].startswith("一（一）"), ticks[:2]
    assert len(ticks) == len(m)
    m.attrs.clear()
    with pytest.raises(lca.errors.LcaError, match="name the part"):
        plotting.section_topic_heatmap(m, outline=report.outline())
    assert len(titles) > 0


# -- issue 16: legible column labels, one colour per group, stated sort keys and qualifiers --------
def _figure(name, lang):
    draw, args, kwargs = figure_inputs.cases()[name]
    with plotting.style():
        fig = draw(*args, lang=lang, **kwargs)
        fig.canvas.draw()
    return fig


def _all_text(fig) -> str:
    return "\n".join(t.get_text() for t, _ in plotting._core._texts(fig))


@pytest.mark.parametrize("name", ["03_tfidf_sections", "04_section_topics", "06_attention_profiles",
                                  "06_attention_by_decade"])
def test_chinese_heatmap_labels_read_horizontally(name):
    import matplotlib.pyplot as plt

    fig = _figure(name, "zh")
    ax = fig.axes[0]
    labels = [t for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all(t.get_rotation() == 0 for t in labels), [t.get_text() for t in labels]
    assert all(t.get_fontsize() >= plotting.MIN_FONT_PT for t in labels)
    bar = fig.axes[-1].yaxis.label  # the colour bar's label: upright characters, not turned
    if re.search(r"[\u4e00-\u9fff]", bar.get_text()):  # ("TF-IDF" is Latin: turned, as usual)
        assert bar.get_rotation() == 0 and "\n" in bar.get_text()
    if name != "06_attention_by_decade":  # the sections' short titles / the regions' short names
        assert any("\n" in t.get_text() for t in labels)
    plt.close(fig)


def test_column_labels_break_between_words_and_turn_only_what_cannot_fit():
    import matplotlib.pyplot as plt

    with plotting.style():
        fig, ax = plotting.new_figure("single")
        ax.imshow([[0.0] * 6])
        assert plotting.column_labels(ax, ["二（七）\n市域协调发展"] * 6)
        lines = ax.get_xticklabels()[0].get_text().split("\n")
        assert lines[0] == "二（七）" and "".join(lines[1:]) == "市域协调发展"
        assert all(x in ("市域", "协调", "发展", "市域协调", "协调发展", "市域协调发展") for x in lines[1:])
        # an English word wider than its column: every label one line, turned 90°
        assert not plotting.column_labels(ax, ["2.1\nIndustrialisation"] * 6)
        assert {t.get_text() for t in ax.get_xticklabels()} == {"2.1 Industrialisation"}
        assert {t.get_rotation() for t in ax.get_xticklabels()} == {90}
    plt.close(fig)


def _bar_colours(fig, labels):
    import matplotlib.colors as mc

    legend = fig.legends[0] if fig.legends else fig.axes[0].get_legend()
    found = {t.get_text(): mc.to_hex(h.get_facecolor()) for t, h in
             zip(legend.get_texts(), legend.legend_handles)}
    return [found[x] for x in labels]


def test_review_and_plan_have_one_colour_in_notebooks_03_and_04():
    import matplotlib.pyplot as plt

    lbl = lca.glossary.label
    att = _figure("04_attention", "en")
    key = _figure("03_keyness_plan_review", "en")
    review, plan = lbl("工作回顾部分", "en"), lbl("工作计划部分", "en")
    in_04 = _bar_colours(att, [review, plan])
    in_03 = _bar_colours(key, [lbl("{a}中更常见", "en").format(a=lbl(k, "en"))
                               for k in ("2023年回顾", "2024年任务")])
    expected = [plotting.GROUP_COLOURS["review"], plotting.GROUP_COLOURS["plan"]]
    assert in_04 == in_03 == [c.lower() for c in expected]
    assert len(set(plotting.GROUP_COLOURS.values())) == len(plotting.GROUP_COLOURS)
    nat = _figure("03_keyness_national", "en")
    assert _bar_colours(nat, [lbl("{a}中更常见", "en").format(a=lbl("全国2024", "en"))]) == \
        [plotting.GROUP_COLOURS["national"].lower()]
    for f in (att, key, nat):
        plt.close(f)
    assert plotting.group_colour("回顾") == plotting.group_colour("2023年回顾")
    assert plotting.group_colour("national-2024") == plotting.group_colour("全国2024")
    assert plotting.group_colour("某某", "k") == "k"


def test_target_language_sort_is_stated_and_breaks_ties_by_name():
    import matplotlib.pyplot as plt
    import pandas as pd

    summary = pd.DataFrame({"doc_id": ["山东省-2026", "national-2024", "北京市-2026", "liaocheng-2024"],
                            "target_sentences": [10, 10, 10, 10], "hard": [0.5, 0.2, 0.5, 0.1],
                            "soft": [0.5, 0.2, 0.5, 0.0], "hard_share": [0.5, 0.5, 0.5, float("nan")]})
    order = plotting.target_language_order(summary)["doc_id"].tolist()
    assert order == ["national-2024", "北京市-2026", "山东省-2026", "liaocheng-2024"]
    shuffled = plotting.target_language_order(summary.iloc[::-1])["doc_id"].tolist()
    assert shuffled == order
    for lang in ("zh", "en"):
        with plotting.style():
            fig = plotting.target_language_bars(summary, lang=lang)
            fig.canvas.draw()
        ticks = fig.axes[0].get_yticklabels()
        top_down = [t.get_text() for t in sorted(ticks, key=lambda t: -t.get_position()[1])]
        assert top_down == [plotting.doc_label(d, lang) for d in order]
        title = fig.axes[0].get_title()
        assert ("按硬性用语占比" in title) if lang == "zh" else ("by share of hard words" in title)
        assert plotting.layout_problems(fig) == []
        plt.close(fig)


@pytest.mark.parametrize("lang,floor,approx,words", [
    ("zh", "5.5%以上", "3%左右", ("以上：下限", "左右：约数")),
    ("en", "5.5% or more", "about 3%", ("a floor (or more)", "approximate (about)"))])
def test_targets_figure_shows_the_qualifiers(lang, floor, approx, words):
    import matplotlib.pyplot as plt

    fig = _figure("02_targets_vs_2023", lang)
    text = _all_text(fig)
    assert floor in text and approx in text
    assert all(w in text for w in words)
    assert "以" not in text if lang == "en" else True  # no untranslated Chinese in English
    plt.close(fig)
    assert plotting.stated_target(6.5, "区间", high=7.0, lang="en") == "6.5–7%"
    assert plotting.stated_target(7.0, "", lang="zh") == "7%"


def _font_programs(pdf: bytes) -> list[bytes]:
    """The first bytes of every embedded TrueType/OpenType font program of a PDF."""
    import zlib

    out = []
    for ref in re.findall(rb"/FontFile2 (\d+) 0 R", pdf):
        obj = re.search(rb"\n" + ref + rb" 0 obj\n.*?stream\r?\n", pdf, re.S)
        data = pdf[obj.end():pdf.index(b"endstream", obj.end())]
        out.append(zlib.decompressobj().decompress(data)[:4])
    return out


def test_pdf_embeds_the_subset_as_truetype_and_a_rare_character_from_the_full_font(tmp_path):
    """The cached subset's glyphs come from its TrueType twin (a FontFile2 that holds
    TrueType, as the PDF format specifies and poppler checks); a character outside the
    subset still comes from the full font, embedded by matplotlib as it is (CFF, "OTTO")."""
    with plotting.style():
        fig, ax = plotting.new_figure()
        ax.set_title("聊城市 Liaocheng 堃")
        pdf, _, _ = plotting.save_figure(fig, "twin", directory=tmp_path)
    assert sorted(_font_programs(pdf.read_bytes())) == [b"\x00\x01\x00\x00", b"OTTO"]


def test_the_embedding_twin_keeps_glyph_order_characters_and_widths():
    from fontTools.pens.boundsPen import BoundsPen
    from fontTools.ttLib import TTFont

    from lcanalysis.plotting import _core, _embed

    src = _core._subset_path()
    twin = TTFont(_embed.embedding_twin(src))
    cff = TTFont(src)
    assert twin.getGlyphOrder() == cff.getGlyphOrder()
    assert twin.getBestCmap() == cff.getBestCmap()
    assert [twin["hmtx"][g][0] for g in twin.getGlyphOrder()] == \
           [cff["hmtx"][g][0] for g in cff.getGlyphOrder()]
    cff_set, twin_set = cff.getGlyphSet(), twin.getGlyphSet()
    for ch in "聊城市政府工作报告AVg%":
        name = cff.getBestCmap()[ord(ch)]
        boxes = []
        for glyphs in (cff_set, twin_set):
            pen = BoundsPen(glyphs)
            glyphs[name].draw(pen)
            boxes.append(pen.bounds)
        assert max(abs(a - b) for a, b in zip(*boxes)) <= 2, ch  # font units of 1,000 per em


def test_the_embedding_twin_is_the_same_bytes_whenever_it_is_built(tmp_path, monkeypatch):
    """The twin keeps the source font's timestamps (fontTools would stamp the time of
    conversion into its head table), so a PDF saved on a fresh machine equals the committed
    one byte for byte: two conversions at different times give the same file."""
    from fontTools.subset import Options, Subsetter, load_font
    from fontTools.ttLib import TTFont

    from lcanalysis.plotting import _core, _embed

    small = tmp_path / "small.otf"
    with load_font(_core._subset_path(), Options()) as font:
        sub = Subsetter(Options())
        sub.populate(text="聊城市A")
        sub.subset(font)
        font.save(str(small))
    built = []
    for epoch in ("1000000000", "1700000000"):
        monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)  # what fontTools stamps as "now"
        out = tmp_path / f"twin-{epoch}.ttf"
        _embed._convert(str(small), out)
        built.append(out.read_bytes())
    assert built[0] == built[1]
    with TTFont(str(tmp_path / "twin-1000000000.ttf")) as twin, TTFont(str(small)) as source:
        assert twin["head"].modified == source["head"].modified


def test_the_twin_is_used_only_inside_save_figure(tmp_path):
    from matplotlib.backends import _backend_pdf_ps

    before = _backend_pdf_ps.get_glyphs_subset
    fig = _draw()
    plotting.save_figure(fig, "t", directory=tmp_path)
    assert _backend_pdf_ps.get_glyphs_subset is before
    with plotting.style():
        fig.savefig(tmp_path / "plain.pdf")  # matplotlib's own path: the CFF subset as it is
    assert _font_programs((tmp_path / "plain.pdf").read_bytes()) == [b"OTTO"]


def test_a_font_the_twin_cannot_convert_is_embedded_as_it_is(tmp_path):
    """A conversion failure inside fontTools is a warning that names the font, and PDFs fall
    back to matplotlib's own embedding (no traceback at save time)."""
    from lcanalysis.plotting import _embed

    bad = tmp_path / "broken.otf"
    bad.write_bytes(b"OTTO" + b"\0" * 64)  # not a font fontTools can read
    with pytest.warns(RuntimeWarning, match="broken.otf"):
        assert _embed.embedding_twin(str(bad)) is None
    from matplotlib.backends import _backend_pdf_ps

    before = _backend_pdf_ps.get_glyphs_subset
    with _embed.twin_embedding(str(bad)):
        assert _backend_pdf_ps.get_glyphs_subset is before  # nothing redirected
