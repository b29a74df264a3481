"""`lcanalysis run --report`: the notebook series on another report, end to end,
into a folder of its own, with no tracked file changed; and the pieces that
make it work (parameter injection, stopping a notebook in plain words)."""

import hashlib
import json
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

import lcanalysis as lca
from lcanalysis import cli, series

ROOT = lca.paths.ROOT
TRACKED = ("notebooks", "figures", "tables", "data", "README.md")


def _digests() -> dict[str, str]:
    """sha256 of every file the series could write in the project (tracked outputs)."""
    out = {}
    for name in TRACKED:
        base = ROOT / name
        files = [base] if base.is_file() else sorted(p for p in base.rglob("*") if p.is_file())
        for f in files:
            if "__pycache__" not in f.parts and ".ipynb_checkpoints" not in f.parts:
                out[f.relative_to(ROOT).as_posix()] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def _git_status() -> str | None:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        return None
    return subprocess.run(["git", "status", "--porcelain", "--untracked-files=all"], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout


def _run_series(report: Path, out: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lcanalysis.cli", "run", "--report", str(report),
                           "--out", str(out), *extra], capture_output=True, text=True, cwd=report.parent)


def _error_cells(nb_path: Path) -> list[str]:
    nb = nbformat.read(nb_path, as_version=4)
    return [c.source[:80] for c in nb.cells if c.cell_type == "code"
            for o in c.get("outputs", []) if o["output_type"] == "error"]


def _check_run(result, out: Path, before: dict, status: str | None,
               langs=("zh", "en")) -> dict[str, list[str]]:
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "Kernel is running over TCP" not in result.stderr
    names = [nb.name for nb in cli.notebooks()]
    for name in names:
        assert (out / name).is_file(), f"{name} not written to the output folder"
        assert _error_cells(out / name) == [], name
        assert f"{name} done in" in result.stdout
    for lang in langs:
        pngs = sorted((out / "figures" / lang).glob("*.png"))
        assert len(pngs) >= 5, (lang, pngs)
    assert sorted((out / "tables").rglob("*.csv")), "no table written"
    assert sorted((out / "data" / "processed").glob("*.csv")), "no processed data written"
    assert _digests() == before, "a tracked file changed"
    assert _git_status() == status
    return {name: cli.stop_messages(nbformat.read(out / name, as_version=4)) for name in names}


@pytest.mark.slow
def test_series_runs_on_a_provincial_report(tmp_path):
    before, status = _digests(), _git_status()
    out = tmp_path / "jiangsu"
    report = lca.paths.CORPUS / "provinces-2026" / "江苏省-2026.txt"
    stops = _check_run(_run_series(report, out), out, before, status)
    # every notebook that applies runs its analyses; the findings prose and notebook 05's
    # Liaocheng forecasts do not describe Jiangsu and say so
    assert all(len(m) == 1 for m in stops.values())
    assert "sourced figures" in stops["05_growth_target_realism.ipynb"][0]
    assert "was written for the Liaocheng 2024 report" in stops["02_indicators.ipynb"][0]
    executed = nbformat.read(out / "02_indicators.ipynb", as_version=4)
    injected = [c for c in executed.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert len(injected) == 1 and "DOC_ID = '江苏省-2026'" in injected[0].source
    ledger = (out / "data" / "processed" / "targets_2026.csv").read_text(encoding="utf-8")  # its year
    assert "gdp_growth" in ledger  # Jiangsu's own targets, not Liaocheng's
    assert "江苏" in (out / "01_corpus.ipynb").read_text(encoding="utf-8")


SYNTHETIC = """测试市政府工作报告

——2025年1月8日在测试市第一届人民代表大会第五次会议上

测试市市长  张三

各位代表：

现在，我代表市人民政府，向大会报告工作，请予审议。

一、2024年工作回顾

过去一年，全市生产总值增长5%，城镇新增就业1.2万人。我们加快建设现代化产业体系，推进科技创新，实施乡村振兴。

（一）经济运行稳中向好。规上工业增加值增长6%，固定资产投资增长4%。

（二）民生保障持续加强。新建学校3所，改造老旧小区20个，发放养老补贴1000万元。

二、2025年重点工作

今年工作的总体要求是推动高质量发展，加快产业升级，持续改善民生。

（一）推动产业转型升级。实施重点项目50个，完成投资200亿元，培育高新技术企业30家。

（二）持续改善民生福祉。新增城镇就业1万人，新建幼儿园5所，推进医疗卫生体系建设。

各位代表，让我们团结一心，奋力开创测试市高质量发展新局面！
"""


@pytest.mark.slow
def test_series_runs_on_a_report_it_has_never_seen(tmp_path):
    """A small municipal report with no targets paragraph, saved in GB18030 as many
    government sites serve it: notebook 02 says the ledger does not apply instead of
    failing."""
    report = tmp_path / "测试市-2025.txt"
    report.write_text(SYNTHETIC, encoding="gb18030")
    before, status = _digests(), _git_status()
    out = tmp_path / "runs" / "test-2025"
    stops = _check_run(_run_series(report, out, "--doc-id", "test-2025", "--lang", "en",
                                   "--encoding", "gb18030"),
                       out, before, status, langs=("en",))
    assert "The target ledger does not apply to this report" in stops["02_indicators.ipynb"][0]
    assert "Comparing its targets with its peers' does not apply" in stops["06_in_context.ipynb"][0]
    assert "no paragraph announces the year's main targets" in stops["02_indicators.ipynb"][0]
    assert not (out / "figures" / "zh").exists()  # --lang en saves English figures only


def test_parameters_are_injected_after_the_parameters_cell():
    nb = nbformat.read(ROOT / "notebooks" / "05_growth_target_realism.ipynb", as_version=4)
    index, declared = cli.parameters_of(nb)
    assert declared == ["REPORT", "DOC_ID", "ENCODING", "OUT", "LANG"]  # 05 has no comparison report
    assert cli.inject_parameters(nb, dict(REPORT="/x/y.txt", COMPARE="national-2024", LANG="en")) == [
        "REPORT", "LANG"]
    cell = nb.cells[index + 1]
    assert cell.metadata["tags"] == ["injected-parameters"]
    assert "REPORT = '/x/y.txt'\nLANG = 'en'\n" in cell.source and "COMPARE" not in cell.source


def test_every_notebook_has_one_parameters_cell_with_the_documented_names():
    for nb_path in cli.notebooks():
        nb = nbformat.read(nb_path, as_version=4)
        tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, nb_path.name
        _, names = cli.parameters_of(nb)
        assert {"REPORT", "DOC_ID", "ENCODING", "OUT", "LANG"} <= set(names), nb_path.name


def test_about_names_the_report_its_year_and_parts():
    # captions and figure labels of a run on another report name that report, not Liaocheng
    from lcanalysis.glossary import label

    a = series.about(lca.load_report())
    assert (a.name_en, a.name_zh, a.year, a.plan_parts, a.review_parts, a.tasks) == (
        "Liaocheng 2024", "聊城市2024", 2024, ("二", "三"), ("一",), "二")
    assert a.parts(a.plan_parts) == "parts 二 and 三" and a.parts(a.review_parts) == "part 一"
    js = series.about(lca.load_report(lca.paths.CORPUS / "provinces-2026" / "江苏省-2026.txt"))
    assert (js.name_en, js.year, js.plan_parts, js.tasks) == ("Jiangsu 2026", 2026, ("三",), "三")
    assert label(js.plan_label, "en") == "2026 plan" and label(js.review_label, "en") == "2025 review"
    assert label("全国2024", "en") == "China 2024" and label("江苏省2026", "en") == "Jiangsu 2026"
    with pytest.raises(lca.errors.UnknownLabelError):
        label("某某市2024", "en")


def test_stop_outside_ipython_returns_the_message():
    try:
        assert series.stop("no review part") == "**This notebook stops here.** no review part"
        assert series.stopped() == "no review part"
        assert series._skip_cell(["x = 1\n"]) == ["pass\n"]
    finally:
        series.resume()
    assert series._skip_cell(["x = 1\n"]) == ["x = 1\n"]


def test_needs_turns_a_package_error_into_a_stop(tmp_path):
    report = lca.load_report(ROOT / "tests" / "data" / "synthetic_report.txt")
    try:
        assert series.needs(lambda: lca.target_ledger(report), "the target ledger") is None
        assert series.stopped().startswith("The target ledger does not apply to this report: "
                                           "synthetic_report: no paragraph announces")
    finally:
        series.resume()
    assert series.is_reference(lca.load_report()) and not series.is_reference(report)


def test_stored_notebooks_are_as_jupyterlab_writes_them():
    """Opening and saving in JupyterLab changes nothing: nbformat's serialisation
    (indent 1, sorted keys, trailing newline, nbformat 4.5 cell ids) and the
    kernelspec of the installed ipykernel."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec("python3")
    for nb_path in cli.notebooks():
        text = nb_path.read_text(encoding="utf-8")
        nb = nbformat.reads(text, as_version=4)
        assert nbformat.writes(nb) + "\n" == text, nb_path.name
        assert (nb.nbformat, nb.nbformat_minor) == (4, 5)
        assert nb.metadata.kernelspec == {"display_name": spec.display_name, "language": "python",
                                          "name": "python3"}, nb_path.name
        assert json.loads(text)["metadata"]["language_info"]["name"] == "python"
