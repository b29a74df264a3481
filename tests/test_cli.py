"""The console command: its options, its messages and its manners in a pipe."""

import os
import subprocess
import sys

import pytest

import lcanalysis as lca
from lcanalysis import cli


def _cli(*args, **kw):
    return subprocess.run([sys.executable, "-m", "lcanalysis.cli", *args], capture_output=True,
                          text=True, **kw)


def test_version(capsys):
    with pytest.raises(SystemExit) as exc:
        cli.main(["--version"])
    assert exc.value.code == 0
    assert capsys.readouterr().out.strip() == f"lcanalysis {lca.__version__}"


@pytest.mark.parametrize("only", ["0", "7", "x", "01,9"])
def test_only_names_an_existing_notebook_or_fails(only):
    with pytest.raises(SystemExit, match=r"no notebook matches --only ..+.; choose from 01, 02, 03, 04, 05, 06"):
        cli.notebooks(only)


def test_only_accepts_numbers_with_or_without_zero_and_lists():
    assert [nb.name[:2] for nb in cli.notebooks("3")] == ["03"]
    assert [nb.name[:2] for nb in cli.notebooks("03,01")] == ["01", "03"]


def test_help_is_plain_text():
    for args in ([], ["run"], ["figures"], ["verify"], ["checksums"]):
        text = _cli(*args, "--help").stdout
        assert "usage: lcanalysis" in text and "``" not in text and ":func:" not in text


def test_subcommands_are_listed_once():
    assert [add.__name__ for add in cli.SUBCOMMANDS] == ["_add_run", "_add_figures", "_add_verify",
                                                         "_add_checksums", "_add_corpus"]


def test_closed_pipe_is_no_traceback():
    """`lcanalysis checksums | head`: the reader goes away; no BrokenPipeError traceback."""
    proc = subprocess.Popen([sys.executable, "-m", "lcanalysis.cli", "checksums"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    with proc.stderr:
        err = proc.stderr.read().decode()
    assert proc.wait() == 1
    assert "Traceback" not in err and "BrokenPipeError" not in err


def test_run_rejects_a_missing_report(tmp_path):
    with pytest.raises(SystemExit, match="--report .*nope.txt: no such file"):
        cli.run(report=tmp_path / "nope.txt", out=tmp_path / "out")


def test_run_rejects_an_unknown_encoding(tmp_path):
    report = tmp_path / "r.txt"
    report.write_text("各位代表：\n", encoding="utf-8")
    before = dict(os.environ)
    with pytest.raises(SystemExit, match="--encoding: unknown encoding 'gbk2'"):
        cli.run(report=report, out=tmp_path / "out", encoding="gbk2")
    assert dict(os.environ) == before  # stopped before it set anything (a later test would inherit it)


@pytest.mark.parametrize("jobs", ["0", "-1", "two"])
@pytest.mark.parametrize("command", [("run",), ("corpus", "build", "x.txt", "--out", "unused")])
def test_jobs_must_be_a_positive_whole_number(jobs, command):
    result = _cli(*command, "--jobs", jobs)
    assert result.returncode == 2
    assert "--jobs" in result.stderr and "Traceback" not in result.stderr


def test_default_jobs_is_bounded_by_the_cores():
    assert 1 <= cli.default_jobs() <= 3
