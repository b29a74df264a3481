"""`lcanalysis corpus build`: the Parquet dataset holds exactly the rows of the
single-report functions; a failing input is reported and skipped; a rerun skips
reports whose file is unchanged."""

import shutil

import pandas as pd
import pytest

import lcanalysis as lca
from lcanalysis import cli, dataset


def _own_tables(report):
    ind = lca.extract_indicators(report)
    targets = lca.target_ledger(report)
    targets.insert(0, "doc_id", pd.Series([report.doc_id] * len(targets), dtype="string"))
    return dict(sentences=report.sentences, indicators=ind, targets=targets,
                tokens=lca.tokenize(report), topics=lca.code_topics(report))


def test_one_report_gives_the_single_report_rows(tmp_path, report):
    out = tmp_path / "ds"
    seconds = {}
    manifest = dataset.build([lca.paths.REPORT_FILE], out, jobs=1, timings=seconds)
    assert manifest[["doc_id", "status", "sha256"]].values.tolist() == [
        ["liaocheng-2024", "built", lca.paths.REPORT_SHA256]]
    assert list(seconds) == list(dataset.STAGES) and all(v > 0 for v in seconds.values())
    assert "seconds" not in manifest.columns  # (timings never go into the manifest)
    for name, own in _own_tables(report).items():
        stored = dataset.read_table(out, name)
        pd.testing.assert_frame_equal(stored, own.reset_index(drop=True), check_exact=True)
        assert int(manifest[name].iloc[0]) == len(own) > 0


def test_failing_input_is_reported_and_skipped_and_rerun_skips_unchanged(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    good = src / "national-2024.txt"
    shutil.copy(lca.paths.corpus_file("national-2024"), good)
    shutil.copy(lca.paths.corpus_file("national-2023"), src / "national-2023.txt")
    (src / "broken.txt").write_bytes(b"%PDF-1.7 not a text file")
    out = tmp_path / "ds"
    status = cli.main(["corpus", "build", str(src), "--out", str(out), "--jobs", "2"])
    err = capsys.readouterr().err
    assert status == 1
    assert "FAILED broken (broken.txt): ReportEncodingError: broken.txt is a PDF file" in err
    assert "corpus build: 2 built, 0 unchanged, 1 failed (broken; see" in err
    m = dataset.read_manifest(out).set_index("doc_id")
    assert m.index.tolist() == ["broken", "national-2023", "national-2024"]   # input order
    assert m["status"].to_dict() == {"broken": "failed", "national-2023": "built",
                                     "national-2024": "built"}
    assert not (out / "tokens" / "broken.parquet").exists()
    assert dataset.read_table(out, "topics")["doc_id"].unique().tolist() == ["national-2023",
                                                                             "national-2024"]
    # rerun: the two built reports are unchanged and skipped; the broken one is tried again
    good.write_text(good.read_text(encoding="utf-8"), encoding="utf-8")  # same bytes, new mtime
    (src / "broken.txt").unlink()
    assert cli.main(["corpus", "build", str(src), "--out", str(out), "--jobs", "1"]) == 0
    assert "corpus build: 0 built, 2 unchanged, 0 failed" in capsys.readouterr().err
    # a changed file is rebuilt
    good.write_text(good.read_text(encoding="utf-8").replace("各位代表", "各位代表", 1) + "\n附件\n",
                    encoding="utf-8")
    m = dataset.build([src], out, jobs=1)
    assert m.set_index("doc_id")["status"].to_dict() == {
        "national-2023": "unchanged", "national-2024": "built"}


def test_build_errors(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir(), b.mkdir()
    for d in (a, b):
        shutil.copy(lca.paths.corpus_file("national-2024"), d / "x.txt")
    with pytest.raises(lca.errors.CorpusError, match=r"two inputs give doc_id 'x': .*x.txt and .*x.txt"):
        dataset.build([a, b], tmp_path / "ds", jobs=1)
    with pytest.raises(lca.errors.LcaError, match="unknown table 'words'; a corpus dataset has"):
        dataset.read_table(tmp_path / "ds", "words")


def test_the_package_leaves_pandas_options_alone():
    # importing the package and running its stages does not change the user's pandas
    # settings (it once set mode.string_storage for the whole session)
    import subprocess
    import sys

    code = ("import pandas as pd; before = {k: pd.get_option(k) for k in "
            "('mode.string_storage', 'future.infer_string')}; import lcanalysis as lca; "
            "r = lca.load_report(); lca.extract_indicators(r); lca.dataset.report_tables(r); "
            "after = {k: pd.get_option(k) for k in before}; "
            "assert before == after, (before, after); print('same')")
    proc = subprocess.run([sys.executable, "-W", "ignore", "-c", code], capture_output=True,
                          text=True, timeout=300)
    assert proc.stdout.strip() == "same", proc.stderr[-2000:]


def test_batches_share_a_part_and_a_rebuilt_report_leaves_its_old_part(tmp_path):
    # three reports in one batch: one part per table; a changed report is taken out of that
    # part before it is built again, so every report's rows are in the dataset once, and
    # equal to those of the single-report functions
    src = tmp_path / "in"
    src.mkdir()
    for d in ("national-2022", "national-2023", "national-2024"):
        shutil.copy(lca.paths.corpus_file(d), src / f"{d}.txt")
    out = tmp_path / "ds"
    m = dataset.build([src], out, jobs=1)
    assert m["part"].nunique() == 1 and len(list((out / "tokens").glob("*.parquet"))) == 1
    (out / "tokens" / "orphan+0-000000000000.parquet").write_bytes(b"left by a killed build")
    changed = src / "national-2023.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    m = dataset.build([src], out, jobs=1).set_index("doc_id")
    assert m["status"].to_dict() == {"national-2022": "unchanged", "national-2023": "built",
                                     "national-2024": "unchanged"}
    assert m.loc["national-2023", "part"] != m.loc["national-2022", "part"]
    files = sorted(f.stem for f in (out / "tokens").glob("*.parquet"))
    assert files == sorted(set(m["part"]))  # the orphan is gone
    for name in dataset.TABLES:
        stored = dataset.read_table(out, name)
        assert list(dict.fromkeys(stored["doc_id"])) == [
            d for d in m.index if int(m.loc[d, name]) > 0]  # manifest order, each once
        for d in m.index:
            report = lca.load_report(src / f"{d}.txt", require_outline=False)
            own = _own_tables(report)[name].reset_index(drop=True)
            got = stored[stored["doc_id"] == d].reset_index(drop=True)
            pd.testing.assert_frame_equal(got, own, check_exact=True)
            assert len(got) == int(m.loc[d, name])


def test_a_dataset_of_the_old_layout_is_rebuilt(tmp_path):
    # one file per report and no part column (datasets of earlier versions): rebuilt, and
    # the old files removed
    shutil.copy(lca.paths.corpus_file("national-2024"), tmp_path / "national-2024.txt")
    out = tmp_path / "ds"
    dataset.build([tmp_path / "national-2024.txt"], out, jobs=1)
    m = dataset.read_manifest(out)
    part = m["part"].iloc[0]
    for name in dataset.TABLES:
        (out / name / f"{part}.parquet").rename(out / name / "national-2024.parquet")
    m.drop(columns="part").to_csv(out / dataset.MANIFEST, index=False)
    m = dataset.build([tmp_path / "national-2024.txt"], out, jobs=1)
    assert m["status"].tolist() == ["built"]
    assert not (out / "tokens" / "national-2024.parquet").exists()
    assert len(dataset.read_table(out, "topics")) == int(m["topics"].iloc[0])
