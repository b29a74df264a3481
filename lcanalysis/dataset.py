"""Corpus build: many reports → a Parquet dataset, in parallel worker processes.

``lcanalysis corpus build INPUTS… --out DIR [--jobs N]`` (or :func:`build`)
loads every report named by ``INPUTS`` (files, folders, glob patterns) in a pool
of worker processes (:class:`concurrent.futures.ProcessPoolExecutor`) and runs
the single-report functions on it::

    sentences   report.sentences
    indicators  extract_indicators(report)
    targets     target_ledger(report, indicators), doc_id first (empty when the
                report has no targets paragraph: noted in the manifest)
    tokens      tokenize(report)
    topics      code_topics(report)

The reports are handed to the workers in batches of consecutive inputs (a few
per worker, at most about :data:`BATCH_CHARS` characters each).  A worker runs
the functions report by report, then writes the batch's tables at once, one
Parquet file per batch and table (``DIR/<table>/<part>.parquet``, every row
with its ``doc_id``; written to a temporary name and renamed, so an interrupted
build leaves no half file), and hands back only the batch's rows of counts.
Memory therefore grows with the number of workers and the size of a batch, not
with the corpus.  (One file per report and table cost more than the tables'
content: a Parquet file's fixed cost is about a millisecond.)

``DIR/manifest.csv`` has one row per input, in input order: doc_id, source,
sha256 of the file's bytes, status (``built``, ``unchanged`` or ``failed``),
error and message of a failure, the characters, ``part`` (the file of each
table that holds the report's rows), the row count of every table, the
loader's warnings, and ``pipeline``, a digest of the package's code and the
data files its rules read (errata, cue dictionary, codebook, lexicon).  A
report that fails is reported by name when its batch is done, listed in the
manifest and skipped; the others of its batch are built.  A rerun skips every
report whose sha256 and pipeline digest are those of the manifest and whose
part files are all there; a report that is built again has its old rows taken
out of its old part first (the part is rewritten without them, or removed when
nothing is left), and part files no kept report refers to (an interrupted
build's) are removed, so that every report's rows are in the dataset once.

The Parquet files are the hand-off to any engine: :func:`read_table` reads one
table with pandas, in manifest order; DuckDB reads them in place
(``read_parquet('DIR/tokens/*.parquet', union_by_name = true)``; select by
``doc_id``).  Datasets written by earlier versions (one file per report,
``DIR/<table>/<doc_id>.parquet``, and no ``part`` column) are rebuilt by the
next run.
"""

from __future__ import annotations

import csv
import hashlib
import multiprocessing
import os
import sys
import time
import warnings
from concurrent.futures import ProcessPoolExecutor, as_completed
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd

from . import paths
from .corpus import Report, _expand, load_report
from .errors import CorpusError, LcaError, ReportStructureWarning, UnknownIndicatorError

TABLES = ("sentences", "indicators", "targets", "tokens", "topics")
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ["doc_id", "source", "sha256", "status", "error", "message", "chars", "part",
                    *TABLES, "warnings", "pipeline"]
#: a batch holds at most about this many characters (its tables: about 45 bytes a character)
BATCH_CHARS = 2_000_000
#: and each worker gets at least this many batches (so that the workers finish together)
BATCHES_PER_WORKER = 4
#: data files whose content changes what the pipeline produces
PIPELINE_DATA = ("errata.csv", "taxonomy/cues.csv", "taxonomy/topics.csv",
                 "lexicon/domain_terms.csv", "lexicon/boilerplate_stopwords.csv")
_FORBIDDEN = '/\\:*?"<>|'


def pipeline_digest() -> str:
    """Digest of the package's source files and the data files its rules read:
    a rerun rebuilds every report when either changes."""
    h = hashlib.sha256()
    for f in sorted(paths.PACKAGE_DIR.rglob("*.py")):
        h.update(f.relative_to(paths.PACKAGE_DIR).as_posix().encode())
        h.update(f.read_bytes())
    for rel in PIPELINE_DATA:
        f = paths.DATA / rel
        if f.exists():
            h.update(rel.encode())
            h.update(f.read_bytes())
    return h.hexdigest()[:16]


#: the stages of a build, in the order a worker runs them (see ``timings`` of :func:`build`)
STAGES = ("load_report", "extract_indicators", "target_ledger", "tokenize", "code_topics", "write")


def report_tables(report: Report, seconds: dict | None = None) -> tuple[dict[str, pd.DataFrame], str]:
    """The five tables of one report, exactly as the single-report functions give
    them (``targets`` with ``doc_id`` inserted first), and a note ("" or why the
    targets table is empty).  ``seconds``, if given, gets the time of each stage
    added to it."""
    from .indicators import LEDGER_COLUMNS, extract_indicators, target_ledger
    from .priorities import code_topics
    from .tokens import tokenize

    clock = _Clock(seconds)
    ind = clock("extract_indicators", extract_indicators, report)
    note = ""
    try:
        targets = clock("target_ledger", target_ledger, report, ind)
    except UnknownIndicatorError as exc:  # the report states no headline targets: noted
        targets = _empty_ledger(LEDGER_COLUMNS)
        note = f"targets: none ({str(exc).split(' — ')[0]})"
    targets.insert(0, "doc_id", pd.Series([report.doc_id] * len(targets), index=targets.index,
                                          dtype="string"))
    tables = dict(sentences=report.sentences, indicators=ind, targets=targets,
                  tokens=clock("tokenize", tokenize, report),
                  topics=clock("code_topics", code_topics, report))
    return tables, note


class _Clock:
    """Runs a stage and adds the CPU time it took (this process's, user and system) to
    ``seconds[stage]`` (when asked to): on a shared machine the wall time measures the others' load."""

    def __init__(self, seconds: dict | None):
        self.seconds = seconds

    def __call__(self, stage: str, func, *args, **kwargs):
        if self.seconds is None:
            return func(*args, **kwargs)
        t = time.process_time()
        try:
            return func(*args, **kwargs)
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.process_time() - t


def _empty_ledger(columns) -> pd.DataFrame:
    return _empty_ledger_of(tuple(columns)).copy()


@lru_cache(maxsize=2)
def _empty_ledger_of(columns: tuple) -> pd.DataFrame:  # (made once: building it takes milliseconds)
    floats = {"target_value", "target_value_high", "previous_value"}
    ints = {"target_sentence_id", "previous_sentence_id", "year"}
    return pd.DataFrame({c: pd.Series(dtype="float64" if c in floats else "Int64" if c in ints
                                      else "int64" if c == "order" else "bool" if c == "quantified"
                                      else "string") for c in columns})


def file_name(doc_id: str) -> str:
    """A report's file in each table folder in datasets of earlier versions (doc_id with path
    characters replaced); also the safe form of a doc_id."""
    safe = "".join("_" if ch in _FORBIDDEN or ord(ch) < 32 else ch for ch in doc_id)
    return f"{safe}.parquet"


def part_name(rows: list[dict]) -> str:
    """The name of the part holding these reports: their first doc_id (made safe) and a
    digest of every report's doc_id, sha256 and pipeline, so that a part of other contents
    never has the name of one already written."""
    h = hashlib.sha256()
    for r in rows:
        h.update(f"{r['doc_id']}\0{r['sha256']}\0{r['pipeline']}\0".encode())
    return f"{file_name(rows[0]['doc_id'])[:-len('.parquet')][:60]}+{len(rows) - 1}-{h.hexdigest()[:12]}"


def _write(df: pd.DataFrame, path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    table = pa.Table.from_pandas(df, preserve_index=False)
    pq.write_table(table, tmp, compression="zstd")
    os.replace(tmp, path)


def _signature(tables: dict[str, pd.DataFrame]) -> tuple:
    return tuple((name, tuple(df.columns), tuple(map(str, df.dtypes))) for name, df in tables.items())


def write_parts(out: Path, built: list[tuple[dict, dict[str, pd.DataFrame]]]) -> None:
    """Write the tables of these reports (manifest row, tables), one part per run of
    consecutive reports whose tables have the same columns and dtypes (so that every
    report reads back with the dtypes its functions gave: in practice one part), and set
    ``part`` in their rows."""
    runs: list[list] = []
    for item in built:
        if runs and _signature(runs[-1][-1][1]) == _signature(item[1]):
            runs[-1].append(item)
        else:
            runs.append([item])
    for run in runs:
        rows = [r for r, _ in run]
        part = part_name(rows)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", FutureWarning)  # (empty tables: no targets)
            try:
                for name in TABLES:
                    frames = [t[name] for _, t in run]
                    df = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
                    _write(df, out / name / f"{part}.parquet")
            except BaseException:
                for name in TABLES:  # no part is left with some of its tables only
                    (out / name / f"{part}.parquet").unlink(missing_ok=True)
                raise
        for r in rows:
            r["part"] = part


def _work(task: tuple) -> list[dict]:
    """A batch of reports, in a worker process: load and run each, write the batch's tables
    (:func:`write_parts`); return their manifest rows (and, under ``seconds`` of the first,
    the time of each stage: not written to the manifest).  The task holds the files' paths,
    not their text, and the worker writes the tables itself: nothing but the rows travel
    back to the main process."""
    items, out, encoding, pipeline, outline = task
    out = Path(out)
    seconds: dict = {}
    clock = _Clock(seconds)
    rows, built = [], []
    for path, doc_id, expected, digest in items:
        row = dict(doc_id=doc_id, source=paths.display(path), sha256=digest, status="built",
                   error="", message="", part="", pipeline=pipeline)
        rows.append(row)
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                report = clock("load_report", load_report, path, doc_id=doc_id, encoding=encoding,
                               sha256=expected, require_outline=outline)
                row["sha256"] = report.sha256  # (the main process hashes only files it may skip)
                tables, note = report_tables(report, seconds)
            notes = ([f"{report.source}: {n}" for n in report.warnings]
                     + [str(w.message) for w in caught
                        if not issubclass(w.category, ReportStructureWarning)] + ([note] if note else []))
            row.update(chars=len(report.text), warnings=" | ".join(notes),
                       **{name: len(df) for name, df in tables.items()})
            built.append((row, tables))
        except Exception as exc:  # noqa: BLE001 — any failure is reported by name, never swallowed
            _failed(row, path, exc)
    if built:
        try:
            clock("write", write_parts, out, built)
        except Exception as exc:  # noqa: BLE001 — a batch that cannot be written: each report failed
            for row, _ in built:
                if not row["part"]:
                    _failed(row, row["source"], exc)
    rows[0]["seconds"] = seconds
    return rows


def _failed(row: dict, path, exc: Exception) -> None:
    if not row["sha256"]:
        try:
            row["sha256"] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
        except OSError:
            pass  # (the error names the problem)
    for name in TABLES:
        row.pop(name, None)
    row.update(status="failed", error=type(exc).__name__, part="",
               message=str(exc).splitlines()[0] if str(exc) else repr(exc))


def read_manifest(out: str | Path) -> pd.DataFrame:
    """The manifest of a built dataset (empty if there is none)."""
    f = Path(out) / MANIFEST
    if not f.exists():
        return pd.DataFrame(columns=MANIFEST_COLUMNS)
    m = pd.read_csv(f, dtype={"sha256": "string", "doc_id": "string", "pipeline": "string",
                              "part": "string"}, keep_default_na=False)
    if "part" not in m.columns:  # a dataset of an earlier version (one file per report)
        m.insert(MANIFEST_COLUMNS.index("part"), "part", pd.Series([""] * len(m), dtype="string"))
    return m


def _write_manifest(out: Path, rows: list[dict]) -> None:
    tmp = out / f".{MANIFEST}.tmp"
    with tmp.open("w", encoding="utf-8", newline="") as f:
        w = csv.DictWriter(f, fieldnames=MANIFEST_COLUMNS, extrasaction="ignore")
        w.writeheader()
        for r in rows:
            w.writerow({c: r.get(c, "") for c in MANIFEST_COLUMNS})
    os.replace(tmp, out / MANIFEST)


def _inputs(inputs) -> list[tuple[Path, str]]:
    files = _expand(inputs)
    if any(isinstance(f, Report) for f in files):
        raise CorpusError("corpus build reads files: pass paths, folders or glob patterns, "
                          "not loaded reports")
    out = []
    for f in files:
        liaocheng = f.resolve() == paths.REPORT_FILE.resolve()
        out.append((f, paths.REPORT_DOC_ID if liaocheng else f.stem))
    seen: dict[str, Path] = {}
    for f, d in out:
        key = file_name(d).casefold()
        if key in seen:
            raise CorpusError(f"two inputs give doc_id {d!r}: {paths.display(seen[key])} and "
                              f"{paths.display(f)} — rename one (the doc_id is the file name)")
        seen[key] = f
    return out


class _Progress:
    """A one-line progress bar on a terminal; a line every 5% elsewhere."""

    def __init__(self, total: int, stream):
        self.total, self.stream, self.done, self.chars = total, stream, 0, 0
        self.tty = hasattr(stream, "isatty") and stream.isatty()
        self._last = -1

    def step(self, row: dict) -> None:
        self.done += 1
        self.chars += int(row.get("chars") or 0)
        width = 20
        filled = round(width * self.done / self.total) if self.total else width
        line = (f"[{'#' * filled}{'.' * (width - filled)}] {self.done}/{self.total} reports, "
                f"{self.chars / 1e6:.1f} M characters ({row['doc_id']})")
        if self.tty:
            print("\r" + line.ljust(100), end="" if self.done < self.total else "\n",
                  file=self.stream, flush=True)
        elif (pct := 100 * self.done // max(self.total, 1) // 5) != self._last:
            self._last = pct
            print(line, file=self.stream, flush=True)


def build(inputs, out: str | Path, *, jobs: int | None = None, encoding: str = "utf-8",
          require_outline: bool = True, stream=None, timings: dict | None = None) -> pd.DataFrame:
    """Build (or update) the Parquet dataset of the reports named by ``inputs``
    under ``out`` with ``jobs`` worker processes (default: the number of CPUs;
    1 runs in this process); returns the manifest (see the module docstring).
    ``require_outline=False`` accepts texts with no outline the parser knows
    (as :func:`~lcanalysis.load_report` does; such a report is built, not failed).
    ``timings``, if given, gets the CPU seconds each stage of :data:`STAGES` took,
    summed over the reports built (worker time, for benchmarks/run.py)."""
    out = Path(out)
    stream = sys.stderr if stream is None else stream
    if out.exists() and not out.is_dir():
        raise CorpusError(f"--out {paths.display(out)} is a file; pass a folder for the dataset")
    items = _inputs(inputs)
    out.mkdir(parents=True, exist_ok=True)
    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise CorpusError(f"--jobs must be at least 1 (got {jobs})")
    pipeline = pipeline_digest() + ("" if require_outline else "-any-layout")
    old = {r["doc_id"]: r for r in read_manifest(out).to_dict("records")}
    rows: dict[str, dict] = {}
    todo = []
    for path, doc_id in items:
        prev = old.get(doc_id)
        if prev and prev.get("status") in ("built", "unchanged"):
            try:  # hashed here only when the report may be skipped; else by its worker
                digest = hashlib.sha256(path.read_bytes()).hexdigest()
            except OSError:
                digest = ""  # the worker's load_report names the problem
        else:
            digest = ""
        if (prev and prev.get("status") in ("built", "unchanged") and prev.get("sha256") == digest
                and prev.get("pipeline") == pipeline and prev.get("part")
                and all((out / t / f"{prev['part']}.parquet").exists() for t in TABLES)):
            rows[doc_id] = dict(prev, status="unchanged", source=paths.display(path))
            continue
        expected = paths.REPORT_SHA256 if doc_id == paths.REPORT_DOC_ID else None
        todo.append((str(path), doc_id, expected, digest))
    # the reports kept as they are: those skipped, and those of earlier runs that are no
    # inputs now; every other report's rows leave the dataset before it is built again
    for _, doc_id, _, _ in todo:
        old.pop(doc_id, None)
    kept = {d: r for d, r in old.items() if r.get("status") != "failed" and r.get("part")}
    _prune(out, kept)
    tasks = [(batch, str(out), encoding, pipeline, require_outline)
             for batch in _batches(todo, jobs)]
    progress = _Progress(len(todo), stream)
    failed = []

    def done(batch_rows: list[dict]) -> None:
        for row in batch_rows:
            for stage, sec in row.pop("seconds", {}).items():
                if timings is not None:
                    timings[stage] = timings.get(stage, 0.0) + sec
            rows[row["doc_id"]] = row
            if row["status"] == "failed":
                failed.append(row)
                print(f"\nFAILED {row['doc_id']} ({row['source']}): {row['error']}: {row['message']} "
                      "— skipped", file=stream, flush=True)
            progress.step(row)

    try:
        if jobs == 1 or len(tasks) <= 1:
            for task in tasks:
                done(_work(task))
        else:
            if multiprocessing.get_start_method() == "fork":
                _warm_up()
            with ProcessPoolExecutor(max_workers=min(jobs, len(tasks))) as pool:
                for fut in as_completed([pool.submit(_work, t) for t in tasks]):
                    done(fut.result())
    finally:
        # inputs of this run in input order, then reports built by earlier runs (a failure
        # of an earlier run whose file is no longer an input is dropped)
        order = [d for _, d in items if d in rows] + [
            d for d, r in old.items() if d not in rows and r.get("status") != "failed"]
        _write_manifest(out, [rows.get(d, old.get(d)) for d in order])
    n_unchanged = sum(1 for r in rows.values() if r["status"] == "unchanged")
    print(f"corpus build: {len(todo) - len(failed)} built, {n_unchanged} unchanged, "
          f"{len(failed)} failed" + (f" ({', '.join(r['doc_id'] for r in failed)}; see "
                                     f"{paths.display(out / MANIFEST)})" if failed else ""),
          file=stream, flush=True)
    return read_manifest(out)


#: a short report for :func:`_warm_up` (a review part and a plan part with a target)
_WARM_UP_TEXT = ("各位代表：\n一、2025年工作回顾\n过去一年，地区生产总值增长5%。\n"
                 "二、2026年工作安排\n今年经济社会发展的主要预期目标是：地区生产总值增长5%左右。\n")


def _warm_up() -> None:
    """Run the pipeline once on a short text in the main process, before the workers are
    forked: the imports (scikit-learn, pyarrow, jieba) and each process's set-up (jieba's
    dictionary, the topic model's fit from its cache, the cue index) are then made once and
    inherited, instead of being repeated by every worker (about 4 s of CPU each)."""
    import tempfile

    import pyarrow.parquet  # noqa: F401 — (imported for the workers)

    with tempfile.TemporaryDirectory() as tmp, warnings.catch_warnings():
        warnings.simplefilter("ignore")
        f = Path(tmp) / "warm-up.txt"
        f.write_text(_WARM_UP_TEXT, encoding="utf-8")
        try:
            report_tables(load_report(f, require_outline=False))
        except LcaError:
            pass  # (only a warm-up: the workers report their own errors)


def _batches(todo: list, jobs: int) -> list[list]:
    """Consecutive inputs in batches of about ``min(BATCH_CHARS, total / (jobs ×
    BATCHES_PER_WORKER))`` characters (from the files' sizes: about 3 bytes a character
    in UTF-8), at least one report each."""
    def size(path: str) -> int:
        try:
            return max(os.path.getsize(path) // 3, 1)
        except OSError:
            return 1

    sizes = [size(t[0]) for t in todo]
    limit = min(BATCH_CHARS, sum(sizes) / (jobs * BATCHES_PER_WORKER)) if jobs > 1 else BATCH_CHARS
    batches, chars = [], 0
    for task, n in zip(todo, sizes):
        if batches and chars + n <= limit:
            batches[-1].append(task)
            chars += n
        else:
            batches.append([task])
            chars = n
    return batches


def _prune(out: Path, kept: dict[str, dict]) -> None:
    """Leave in the table folders only the rows of the ``kept`` reports (doc_id → manifest
    row): a part holding some of them and other reports is rewritten without the others, a
    part (or a file of an earlier version's layout) holding none is removed, and so are the
    temporary files of an interrupted build."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    members: dict[str, set] = {}
    for d, r in kept.items():
        members.setdefault(r["part"], set()).add(d)
    for name in TABLES:
        folder = out / name
        if not folder.is_dir():
            continue
        for f in folder.iterdir():
            if f.name.startswith(".") and f.name.endswith(".tmp"):
                f.unlink(missing_ok=True)
                continue
            if f.suffix != ".parquet":
                continue
            keep = members.get(f.stem)
            if not keep:
                f.unlink(missing_ok=True)
                continue
            ids = pq.read_table(f, columns=["doc_id"])["doc_id"]
            if set(pc.unique(ids).to_pylist()) <= keep:
                continue
            table = pq.read_table(f)
            mask = pc.is_in(table["doc_id"], value_set=pa.array(sorted(keep), pa.string()))
            tmp = f.with_name(f".{f.name}.{os.getpid()}.tmp")
            pq.write_table(table.filter(mask), tmp, compression="zstd")
            os.replace(tmp, f)


def read_table(out: str | Path, table: str) -> pd.DataFrame:
    """One table of a built dataset as a pandas DataFrame: every report's rows, in
    manifest order (reports that failed have none)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if table not in TABLES:
        raise LcaError(f"unknown table {table!r}; a corpus dataset has {', '.join(TABLES)}")
    out = Path(out)
    manifest = read_manifest(out)
    if not len(manifest):
        raise LcaError(f"{paths.display(out)} has no {MANIFEST}: build it with "
                       "`lcanalysis corpus build INPUTS --out DIR`")
    ok = manifest[(manifest["status"] != "failed") & (manifest["part"] != "")]
    if not len(ok):
        raise LcaError(f"no report of {paths.display(out)} was built (see {MANIFEST}; a dataset "
                       "of an earlier version is rebuilt by the next `lcanalysis corpus build`)")
    parts = list(dict.fromkeys(ok["part"]))
    data = pa.concat_tables([pq.read_table(out / table / f"{p}.parquet") for p in parts])
    df = data.to_pandas()
    rank = pd.Series(np.arange(len(ok)), index=ok["doc_id"].to_numpy())
    key = rank.reindex(df["doc_id"].astype(object).to_numpy()).to_numpy(float)
    if len(key) and not (np.diff(key) >= 0).all() or np.isnan(key).any():
        # reports in manifest order, each in its own order (rows of no listed report: none)
        order = np.argsort(key, kind="stable")
        df = df.iloc[order[~np.isnan(key[order])]].reset_index(drop=True)
    return df
