"""Paper tables: glossary headers in the table's language, number formats per
column, a real minus sign, widths that fit a text block, and every shipped
table compiles with the README's preamble (xelatex, no overfull box)."""

import re
import shutil
import subprocess

import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import tables

ROOT = lca.paths.ROOT


def test_cells_are_formatted_per_column():
    f = tables.format_cell
    assert f(-0.5, "signed:1") == "\u22120.5" and f(0.5, "signed:1") == "+0.5" and f(0.0, "signed:1") == "0.0"
    assert f(-3.654, "num:2") == "\u22123.65"
    assert f(0.159, "percent:1") == "15.9" and f(1, "percent:0") == "100"
    assert f(1234, "count") == "1,234" and f(2024, "year") == "2024"
    assert f(0.0004, "p") == "<0.001" and f(0.688, "p") == "0.688"
    assert f(True, "bool", "zh") == "是" and f(False, "bool", "en") == "no"
    assert f("random_walk", "value", "zh") == "随机游走" and f("random_walk", "value", "en") == "random walk"
    assert f("山东", "label", "en") == "Shandong" and f("亿斤", "unit", "en") == "100 million jin"
    assert f(float("nan"), "num:1") == tables.MISSING and f(None, "value") == tables.MISSING
    assert f(1, "topic", "en") == "Macroeconomics" and f(1, "topic", "zh") == "宏观经济"


def test_headers_come_from_the_glossary_in_the_tables_language():
    df = pd.DataFrame({"model": ["random_walk", "ets"], "bias": [-0.457, 0.157], "coverage80": [0.714, 1.0]})
    zh, en = tables.paper_table(df, "zh"), tables.paper_table(df, "en")
    assert list(zh.columns) == ["模型", "偏差", "80%区间覆盖率（%）"]
    assert list(en.columns) == ["model", "bias", "80% coverage (%)"]
    assert en.to_dict("list") == {"model": ["random walk", "ETS(A,N,N)"], "bias": ["\u22120.46", "+0.16"],
                                  "80% coverage (%)": ["71", "100"]}
    tex = tables.to_latex(df, caption="P(x ≥ 5.5%)", label="tab:t", lang="en")
    assert r"\toprule" in tex and r"\midrule" in tex and r"\bottomrule" in tex
    assert "\u22120.46" in tex and "-0.46" not in tex
    assert r"P(x \ensuremath{\geq} 5.5\%)" in tex


def test_unknown_columns_and_values_name_the_fix():
    with pytest.raises(lca.errors.UnknownLabelError,
                       match=r"no header for table column 'mystery' — add a row to data/glossary/columns.csv"):
        tables.paper_table(pd.DataFrame({"mystery": [1]}), "en")
    with pytest.raises(lca.errors.UnknownLabelError,
                       match=r"no entry for table value 'warp_drive' — add a row to data/glossary/values.csv"):
        tables.paper_table(pd.DataFrame({"model": ["warp_drive"]}), "en")


def test_a_wide_table_is_split_into_parts_that_repeat_its_key():
    cols = ["model", "mae", "rmse", "bias", "over_forecasts", "sign_p", "coverage80", "coverage95",
            "n_common", "mae_common", "rmse_common", "lo80", "hi80", "lo95", "hi95"]
    df = pd.DataFrame([["random_walk"] + [1.0] * (len(cols) - 1)], columns=cols)
    tex = tables.to_latex(df, lang="en")
    parts = re.findall(r"\\begin\{tabular\}\{([lr]+)\}", tex)
    assert len(parts) >= 2
    assert sum(len(p) - 1 for p in parts) == len(cols) - 1  # every column once, the key in each part
    assert tex.count("random walk") == len(parts)


def test_save_table_writes_csv_and_a_tex_per_language(tmp_path):
    df = pd.DataFrame({"region": ["全国"], "growth": [5.2]})
    written = tables.save_table(df, "t", caption={"zh": "增长", "en": "growth"}, directory=tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == ["t.csv", "zh/t.tex", "en/t.tex"]
    assert "全国 & 5.2" in (tmp_path / "zh" / "t.tex").read_text(encoding="utf-8")
    assert "China & 5.2" in (tmp_path / "en" / "t.tex").read_text(encoding="utf-8")


def _preamble() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```latex\n(.*?)```", readme, re.S)
    assert block, "README.md gives the LaTeX preamble in a ```latex block"
    return block.group(1)


def test_every_shipped_table_has_both_languages():
    names = sorted(p.stem for p in (ROOT / "tables").glob("*.csv"))
    assert names
    for lang in ("zh", "en"):
        assert sorted(p.stem for p in (ROOT / "tables" / lang).glob("*.tex")) == names


@pytest.mark.skipif(shutil.which("xelatex") is None,
                    reason="xelatex not installed (CI installs it: .ci/run; README 'Tables for papers')")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_table_compiles_with_the_readme_preamble(lang, tmp_path):
    files = sorted((ROOT / "tables" / lang).glob("*.tex"))
    assert files
    body = "".join(f"\\typeout{{TABLE {f.name}}}\\input{{{f.as_posix()}}}\\clearpage\n" for f in files)
    doc = tmp_path / "doc.tex"
    doc.write_text(_preamble().replace("\\begin{document}", "") + "\\begin{document}\n" + body
                   + "\\end{document}\n", encoding="utf-8")
    run = subprocess.run(["xelatex", "-interaction=nonstopmode", "-halt-on-error", doc.name],
                         cwd=tmp_path, capture_output=True, text=True, timeout=300)
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert run.returncode == 0, log[-2000:]
    problems, current = [], None
    for line in log.splitlines():
        if line.startswith("TABLE "):
            current = line[6:]
        elif line.startswith(("Overfull", "Missing character")) or "Underfull \\hbox" in line:
            problems.append(f"{current}: {line}")
    assert problems == []
