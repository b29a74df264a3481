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
