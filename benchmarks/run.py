"""Speed of the package: import time, loading, extraction and tokenisation
throughput, and (with --full) the main job and the test suite.

    python benchmarks/run.py           # quick measures (about a minute)
    python benchmarks/run.py --full    # also times `bash run.sh main` and `bash run.sh test`
    python benchmarks/run.py --corpus 10 100 [--jobs 2]
        # `lcanalysis corpus build` on 10× and 100× the national corpus (synthetic copies
        # with new doc_ids): time, characters/s, peak memory of all its processes, and the
        # extrapolation to 150 million characters (100× takes several minutes)

Targets (from the issues) are printed beside each number; nothing here is a test.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def best_of(func, repeat=5):
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        func()
        times.append(time.perf_counter() - t)
    return min(times), statistics.median(times)


def import_time() -> float:
    code = "import time; t=time.perf_counter(); import lcanalysis; print(time.perf_counter()-t)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(5)]
    return min(runs)


def notebook_floor() -> float:
    """Seconds to start a kernel and import the stack a notebook needs (pandas,
    matplotlib, statsmodels, jieba, wordcloud), the least a notebook can take;
    best of three, measured in the same run as the main job."""
    import nbformat
    from nbclient import NotebookClient

    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(
        "import pandas, matplotlib.pyplot, statsmodels.api, jieba, wordcloud")])
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        NotebookClient(nb, kernel_name="python3", timeout=120).execute()
        runs.append(time.perf_counter() - t)
    return min(runs)


def bold_scaling(lca, sizes=(2000, 8000)) -> str:
    """Load time of synthetic texts with many bold lead phrases, at two sizes."""
    import tempfile

    out = []
    with tempfile.TemporaryDirectory() as tmp:
        for n in sizes:
            p = Path(tmp) / f"bold{n}.txt"
            p.write_text("各位代表：\n一、2025年工作回顾\n" + "".join(
                f"**加快发展{i}。**内容增长5%。\n" for i in range(n)), encoding="utf-8")
            out.append(best_of(lambda: lca.load_report(p, require_outline=False), 2)[0])
    return (f"load with {sizes[0]} / {sizes[1]} bold lead phrases: {out[0]:.2f} s / {out[1]:.2f} s "
            f"(ratio {out[1] / out[0]:.1f} for {sizes[1] // sizes[0]}x the text)")


#: targets of issue 15, for the full pipeline of `lcanalysis corpus build`
BUILD_TARGET_CHARS_PER_S = 400_000
BUILD_TARGET_PEAK_BYTES = 2 * 1024**3
LARGEST_CORPUS_CHARS = 150_000_000


def _tree_rss(pid: int) -> int:
    """Resident memory of a process and all its descendants (Linux /proc), bytes."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", encoding="utf-8") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        children.setdefault(int(fields[1]), []).append(int(d))
        rss[int(d)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total


def corpus_build(lca, copies: int, jobs: int) -> dict:
    """Time `lcanalysis corpus build` on `copies` copies of the national corpus
    (every copy of every file under a new name, so a new doc_id), sampling the
    memory of the whole process tree every 0.2 s."""
    national = sorted(lca.paths.CORPUS.glob("national-*.txt"))
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for k in range(copies):
            for f in national:
                shutil.copyfile(f, src / f"{f.stem}-copy{k:03d}.txt")
        out = Path(tmp) / "out"
        exe = Path(sys.executable).with_name("lcanalysis")
        t = time.perf_counter()
        proc = subprocess.Popen([str(exe), "corpus", "build", str(src), "--out", str(out),
                                 "--jobs", str(jobs), "--any-layout"],
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        peak = [0]

        def sample():
            while proc.poll() is None:
                peak[0] = max(peak[0], _tree_rss(proc.pid))
                time.sleep(0.2)

        th = threading.Thread(target=sample)
        th.start()
        proc.wait()
        th.join()
        seconds = time.perf_counter() - t
        manifest = lca.dataset.read_manifest(out)
        chars = int(manifest["chars"].astype("int64").sum())
        size = sum(f.stat().st_size for f in out.rglob("*.parquet"))
    return dict(copies=copies, reports=len(manifest), failed=int((manifest["status"] == "failed").sum()),
                chars=chars, seconds=seconds, chars_per_s=chars / seconds, peak=peak[0],
                parquet_bytes=size, returncode=proc.returncode)


def print_corpus_build(r: dict, jobs: int) -> None:
    rate = r["chars_per_s"]
    print(f"corpus build {r['copies']}x national ({r['reports']} reports, {r['chars']:,} characters, "
          f"{r['failed']} failed), {jobs} workers: {r['seconds']:.0f} s, {rate:,.0f} characters/s "
          f"(target >= {BUILD_TARGET_CHARS_PER_S:,}); peak memory of all processes "
          f"{r['peak'] / 1024**3:.2f} GB (target <= {BUILD_TARGET_PEAK_BYTES / 1024**3:.0f} GB); "
          f"Parquet {r['parquet_bytes'] / 1024**2:.0f} MB")
    print(f"  extrapolated to {LARGEST_CORPUS_CHARS / 1e6:.0f} M characters at this rate: "
          f"{LARGEST_CORPUS_CHARS / rate / 3600:.1f} h, "
          f"Parquet about {r['parquet_bytes'] / r['chars'] * LARGEST_CORPUS_CHARS / 1024**3:.1f} GB; "
          "peak memory stays that of the workers (each holds one report at a time)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--corpus", type=int, nargs="*", metavar="COPIES",
                        help="time the corpus build on these multiples of the national corpus only")
    parser.add_argument("--jobs", type=int, default=2, help="workers of the corpus build (default 2)")
    args = parser.parse_args()
    import lcanalysis as lca

    if args.corpus:
        print(f"machine: {platform.platform()}, Python {platform.python_version()}, "
              f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.1f}")
        for copies in args.corpus:
            print_corpus_build(corpus_build(lca, copies, args.jobs), args.jobs)
        return

    print(f"machine: {platform.platform()}, Python {platform.python_version()}, "
          f"{platform.machine()}, cores: {__import__('os').cpu_count()}")
    print(f"import lcanalysis: {import_time() * 1000:.1f} ms (target: fast; heavy libraries load lazily)")
    best, med = best_of(lambda: lca.load_report(), 5)
    print(f"load_report(): best {best * 1000:.1f} ms, median {med * 1000:.1f} ms")
    corpus = sorted(lca.paths.CORPUS.glob("*.txt"))
    reports = [lca.load_report(p, require_outline=False) for p in corpus]
    chars = sum(len(r.text) for r in reports)
    best, _ = best_of(lambda: [lca.load_report(p, require_outline=False) for p in corpus], 2)
    print(f"load the corpus ({len(corpus)} files, {chars:,} characters): {best:.2f} s, "
          f"{chars / best:,.0f} characters/s")
    dev = sorted((lca.paths.CORPUS / "provinces-2026").glob("*.txt"))
    one = [best_of(lambda p=p: lca.extract_indicators(lca.load_report(p)), 3)[0] for p in dev]
    print(f"load_report + extract_indicators, one scraped provincial report: worst {max(one) * 1000:.0f} ms "
          "(target: well under 100 ms)")
    print(bold_scaling(lca), "(target: linear, no quadratic step)")
    for name, extra in _stage_benchmarks(lca, reports, chars):
        print(name, extra)
    if args.full:
        floor = notebook_floor()
        n = len(sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")))
        from lcanalysis.cli import default_jobs

        lcanalysis = str(Path(sys.executable).parent / "lcanalysis")
        for jobs in (1, None):
            t = time.perf_counter()
            subprocess.run([lcanalysis, "run", *(["--jobs", str(jobs)] if jobs else [])], cwd=ROOT,
                           check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            job = time.perf_counter() - t
            how = "one notebook at a time" if jobs else f"default: {default_jobs()} at a time"
            print(f"main job (lcanalysis run, {n} notebooks, {how}): {job:.1f} s; floor {n} x {floor:.1f} s "
                  f"(kernel start + imports) = {n * floor:.1f} s; ratio {job / (n * floor):.2f} "
                  "(target: at most 1.5)")
        for what in ("main", "test"):
            t = time.perf_counter()
            subprocess.run(["bash", "run.sh", what], cwd=ROOT, check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(f"bash run.sh {what}: {time.perf_counter() - t:.1f} s")


def _stage_benchmarks(lca, reports, chars):
    """Timings of the stages after loading: extraction, tokenisation, topic coding."""
    import logging

    import jieba

    out = []
    report = lca.load_report()
    uncached = lca.indicators._extract_cached.__wrapped__  # time the extraction, not its memo
    best, _ = best_of(lambda: uncached(report, None), 5)
    out.append((f"extract_indicators(report): {best * 1000:.1f} ms", "(target: well under 100 ms)"))
    best, _ = best_of(lambda: [uncached(r, None) for r in reports], 2)
    out.append((f"extract_indicators over the corpus: {chars / best:,.0f} characters/s", ""))

    jieba.setLogLevel(logging.WARNING)  # the baseline's own start-up chatter
    texts = [r.text for r in reports]
    lca.tokenize(reports[0])  # warm the tokenizer
    plain = jieba.Tokenizer()
    plain.initialize()
    jb, _ = best_of(lambda: [plain.lcut(t) for t in texts], 2)

    def default():  # genre + local + the automatic layer, found anew for every report
        lca.tokens._AUTO_CACHE.clear()
        return [lca.tokenize(r) for r in reports]

    ours, _ = best_of(default, 2)
    out.append((f"tokenize over the corpus (default: genre + local + automatic layer): "
                f"{chars / ours:,.0f} characters/s; plain jieba.lcut {chars / jb:,.0f} "
                f"characters/s; ratio {jb / ours:.2f}", "(target: at least 0.8)"))
    lexicons = [lca.lexicon.default_for(r.doc_id) for r in reports]
    genre, _ = best_of(lambda: [lca.tokenize(r, lexicon=x) for r, x in zip(reports, lexicons)], 2)
    out.append((f"tokenize without the automatic layer (genre + local): {chars / genre:,.0f} "
                f"characters/s; ratio to jieba.lcut {jb / genre:.2f}", ""))

    t = time.perf_counter()
    lca.code_topics(report)  # fits the model from the shipped hand codes (in memory)
    first = time.perf_counter() - t
    for method in ("model", "cues"):
        best, _ = best_of(lambda m=method: lca.code_topics(report, method=m), 3)
        out.append((f"code_topics(report, method={method!r}): {best * 1000:.0f} ms"
                    + (f" (first call, with the fit: {first:.1f} s)" if method == "model" else ""),
                    "(target: well under a second)"))
    return out


if __name__ == "__main__":
    main()
