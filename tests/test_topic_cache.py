"""The fitted topic model is kept in the user's cache between sessions: a loaded fit codes
exactly as a fresh one, a damaged cache file costs only a refit, and the key changes with
what the fit depends on."""

import multiprocessing

import numpy as np

import lcanalysis as lca
from lcanalysis import topic_model as tm


def _cues() -> str:
    return str(lca.paths.TAXONOMY / "cues.csv")


def test_a_cached_fit_codes_as_a_fresh_fit(tmp_path, monkeypatch):
    monkeypatch.setenv(tm.CACHE_ENV, str(tmp_path))
    report = lca.load_report(lca.paths.CORPUS / "national-2024.txt")
    x = tm.inputs(report, _cues())
    tm._fit.cache_clear()
    first = tm._fit(None, _cues(), tm.SETTINGS)          # fitted, then written
    assert len(list(tmp_path.glob("*.pkl"))) == 1
    tm._fit.cache_clear()
    loaded = tm._fit(None, _cues(), tm.SETTINGS)         # read back
    assert loaded is not first
    fresh = tm._fit_now(None, _cues(), tm.SETTINGS)
    np.testing.assert_array_equal(loaded.predict_proba(x), fresh.predict_proba(x))
    tm._fit.cache_clear()


def test_a_damaged_cache_file_is_refitted(tmp_path, monkeypatch):
    monkeypatch.setenv(tm.CACHE_ENV, str(tmp_path))
    key = tm._cache_key(None, _cues(), tm.SETTINGS)
    (tmp_path / f"{key}.pkl").write_bytes(b"not a pickle")
    tm._fit.cache_clear()
    model = tm._fit(None, _cues(), tm.SETTINGS)
    assert isinstance(model, tm.TopicModel)
    assert (tmp_path / f"{key}.pkl").read_bytes()[:1] == b"\x80"  # rewritten as a pickle
    tm._fit.cache_clear()


def test_the_key_changes_with_the_variant_the_left_out_document_and_the_cues(tmp_path):
    base = tm._cache_key(None, _cues(), tm.SETTINGS)
    assert tm._cache_key("liaocheng-2024", _cues(), tm.SETTINGS) != base
    assert tm._cache_key(None, _cues(), tm.Settings(C=1.0)) != base
    other = tmp_path / "cues.csv"
    other.write_bytes((lca.paths.TAXONOMY / "cues.csv").read_bytes() + b"\n")
    assert tm._cache_key(None, str(other), tm.SETTINGS) != base


def test_cache_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv(tm.CACHE_ENV, "off")
    assert tm._cache_dir() is None
    written = []
    monkeypatch.setattr(tm.pickle if hasattr(tm, "pickle") else __import__("pickle"), "dump",
                        lambda *a, **k: written.append(a))
    tm._fit.cache_clear()
    assert isinstance(tm._fit(None, _cues(), tm.SETTINGS), tm.TopicModel)
    assert written == []
    tm._fit.cache_clear()


def test_the_default_cache_is_the_private_package_directory(monkeypatch):
    monkeypatch.delenv(tm.CACHE_ENV, raising=False)
    assert tm._cache_dir() == lca.tokens.cache_dir() / "topic-model"


def _cheap_fit(exclude, cue_path, settings=tm.SETTINGS):
    """A stand-in for the real fit (seconds each): a model object that only records what it left out."""
    model = object.__new__(tm.TopicModel)
    model.excluded = exclude
    return model


def test_warm_cache_fits_each_missing_model_once_in_workers(tmp_path, monkeypatch):
    """Before a run, the cache lacks the model for new reports (None) and one leave-one-out model
    per hand-coded document; warm_cache fits exactly those (in worker processes, which inherit the
    stand-in fit), reports progress, and has nothing left to do afterwards."""
    monkeypatch.setenv(tm.CACHE_ENV, str(tmp_path))
    monkeypatch.setattr(tm, "_fit_now", _cheap_fit)
    tm._fit.cache_clear()
    todo = tm.missing_fits()
    assert todo[0] is None and todo[1:] == sorted(tm._items()["doc_id"].unique())
    calls = []
    jobs = 2 if multiprocessing.get_start_method() == "fork" else 1  # workers must see the stand-in
    assert tm.warm_cache(jobs, progress=lambda done, total: calls.append((done, total))) == len(todo)
    assert calls == [(k, len(todo)) for k in range(1, len(todo) + 1)]
    assert len(list(tmp_path.glob("*.pkl"))) == len(todo)
    assert tm.missing_fits() == [] and tm.warm_cache(2) == 0
    tm._fit.cache_clear()
    assert tm._fit(todo[1], _cues(), tm.SETTINGS).excluded == todo[1]  # read back, not refitted
    tm._fit.cache_clear()


def test_nothing_to_warm_when_the_cache_is_off(monkeypatch):
    monkeypatch.setenv(tm.CACHE_ENV, "off")
    assert tm.missing_fits() == [] and tm.warm_cache(2) == 0


def test_prune_cache_removes_only_fits_unused_for_a_month(tmp_path, monkeypatch):
    import os
    import time

    monkeypatch.setenv(tm.CACHE_ENV, str(tmp_path))
    now = time.time()
    old, recent = tmp_path / ("a" * 32 + ".pkl"), tmp_path / ("b" * 32 + ".pkl")
    other = tmp_path / "notes.pkl"  # not a name the cache gives: never touched
    for f in (old, recent, other):
        f.write_bytes(b"x")
    day = 86400
    os.utime(old, (now - 31 * day, now - 31 * day))
    os.utime(recent, (now - 29 * day, now - 29 * day))
    os.utime(other, (now - 400 * day, now - 400 * day))
    assert tm.prune_cache(now=now) == [old]
    assert not old.exists() and recent.exists() and other.exists()


def test_loading_a_cached_fit_marks_it_used(tmp_path, monkeypatch):
    import os

    monkeypatch.setenv(tm.CACHE_ENV, str(tmp_path))
    tm._fit.cache_clear()
    tm._fit(None, _cues(), tm.SETTINGS)
    target = tmp_path / f"{tm._cache_key(None, _cues(), tm.SETTINGS)}.pkl"
    os.utime(target, (1_000_000_000, 1_000_000_000))  # 2001
    tm._fit.cache_clear()
    tm._fit(None, _cues(), tm.SETTINGS)               # loaded, not refitted
    assert target.stat().st_mtime > 1_000_000_000
    assert tm.prune_cache() == []
    tm._fit.cache_clear()
