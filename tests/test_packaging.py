"""`pip install .` ships the data: the installed package loads the report from
another directory, with no repository around it."""

import subprocess
import sys

import lcanalysis as lca


def test_installed_copy_loads_report_outside_repo(tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--no-build-isolation", "--no-index", "--target", str(target), str(lca.paths.ROOT)],
        check=True, cwd=tmp_path, capture_output=True)
    code = ("import lcanalysis, lcanalysis.paths as p; r = lcanalysis.load_report(); "
            "assert not p.IN_CHECKOUT; assert p.__file__.startswith(%r); "
            "print(len(r.sentences), r.source, len(lcanalysis.code_topics(r)))" % str(target))
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    out = subprocess.run([sys.executable, "-c", code], cwd=elsewhere, capture_output=True, text=True,
                         env={"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"})
    assert out.returncode == 0, out.stderr
    n, source, coded = out.stdout.split()
    assert int(n) == len(lca.load_report().sentences) == int(coded)
    assert source == "data/raw/liaocheng_2024_government_work_report.txt"


def test_installed_console_command_works_outside_a_checkout(tmp_path):
    """verify finds the shipped data, figures lists the shipped notebooks'
    figures, and run executes a shipped notebook into runs/ of the current folder."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
         "--no-deps", "--no-build-isolation", "--no-index", "--target", str(target), str(lca.paths.ROOT)],
        check=True, cwd=tmp_path, capture_output=True)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}

    def cli(*args):
        return subprocess.run([sys.executable, "-m", "lcanalysis.cli", *args], cwd=elsewhere,
                              capture_output=True, text=True, env=env)

    verify = cli("verify")
    n = len(lca.cli.recorded_checksums())
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert f"verify: {n} of {n} file(s) match data/README.md" in verify.stdout
    figures = cli("figures").stdout.splitlines()
    assert len(figures) == len(lca.cli.figure_list()) > 10
    run = cli("run", "--only", "01")
    assert run.returncode == 0, run.stdout + run.stderr
    assert "all 1 notebook(s) done" in run.stdout
    executed = elsewhere / "runs" / "liaocheng-2024" / "01_corpus.ipynb"
    assert executed.is_file() and (elsewhere / "runs" / "liaocheng-2024" / "figures" / "en").is_dir()
    assert "Kernel is running over TCP" not in run.stderr
