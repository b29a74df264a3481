"""Running the main job again gives byte-identical figures, tables and
processed data, and notebooks that differ in nothing but execution metadata.

The main job runs in a scratch copy of the project (its own lcanalysis on
PYTHONPATH), and every output is compared with the committed one."""

import hashlib
import os
import shutil
import subprocess
import sys

import nbformat
import pytest

import lcanalysis as lca

ROOT = lca.paths.ROOT
OUTPUT_DIRS = ("figures", "tables", "data/processed")


def _digests(base):
    out = {}
    for d in OUTPUT_DIRS:
        for f in sorted((base / d).rglob("*")):
            if f.is_file():
                out[f.relative_to(base).as_posix()] = hashlib.sha256(f.read_bytes()).hexdigest()
    return out


def _cells(path):
    nb = nbformat.read(path, as_version=4)
    return [(c.cell_type, c.source, c.get("execution_count"), c.get("outputs", [])) for c in nb.cells]


@pytest.fixture(scope="module")
def rerun(tmp_path_factory):
    copy = tmp_path_factory.mktemp("rerun")
    for name in ("lcanalysis", "notebooks", "data"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns(
            "__pycache__", "processed", ".ipynb_checkpoints"))
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, copy / name)
    env = dict(os.environ, PYTHONPATH=str(copy))
    result = subprocess.run([sys.executable, "-m", "lcanalysis.cli", "run"], cwd=copy, env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    return copy


def test_outputs_are_byte_identical(rerun):
    committed, again = _digests(ROOT), _digests(rerun)
    assert again, "the rerun wrote no outputs"
    assert sorted(again) == sorted(committed)
    differ = [name for name in committed if committed[name] != again[name]]
    assert not differ, f"outputs differ on rerun: {differ}"


def test_notebooks_differ_only_in_metadata(rerun):
    for nb in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
        assert _cells(nb) == _cells(rerun / "notebooks" / nb.name), nb.name


def test_readme_answers_are_current(rerun):
    assert (rerun / "README.md").read_text(encoding="utf-8") == (ROOT / "README.md").read_text(encoding="utf-8")


def test_language_switch_leaves_the_notebooks_alone(rerun):
    """`lcanalysis run --lang en` saves English figures only; the notebooks still
    show the language of their LANG parameter, so nothing tracked changes."""
    env = dict(os.environ, PYTHONPATH=str(rerun))
    result = subprocess.run([sys.executable, "-m", "lcanalysis.cli", "run", "--only", "01", "--lang", "en"],
                            cwd=rerun, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    nb = ROOT / "notebooks" / "01_corpus.ipynb"
    assert _cells(nb) == _cells(rerun / "notebooks" / nb.name)
    assert _digests(rerun) == _digests(ROOT)
