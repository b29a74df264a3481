from pathlib import Path

import pytest

import lcanalysis as lca

HERE = Path(__file__).parent
DATA = HERE / "data"


@pytest.fixture(scope="session")
def report():
    return lca.load_report()


@pytest.fixture(scope="session")
def national():
    return lca.load_report(lca.paths.corpus_file("national-2024"), doc_id="national-2024")


@pytest.fixture(scope="session")
def synthetic():
    return lca.load_report(DATA / "synthetic_report.txt", doc_id="synthetic")
