"""Speed of the package: import time, loading, extraction and tokenisation
throughput, and (with --full) the main job and the test suite.

    python benchmarks/run.py           # quick measures (about a minute)
    python benchmarks/run.py --full    # also times `bash run.sh main` and `bash run.sh test`
    python benchmarks/run.py --stages  # characters/s of each stage of the build, one core
    python benchmarks/run.py --tokenize [--rounds 9]
        # tokenize against plain jieba.lcut on the same texts, paired rounds, CPU time;
        # records benchmarks/results-tokenize.json (issue 11: at least 0.8 of jieba's speed)
    python benchmarks/run.py --corpus 10 100 [--jobs 2]
        # `lcanalysis corpus build` on 10× and 100× the national corpus (synthetic copies
        # with new doc_ids): time, characters/s, peak memory of all its processes, and the
        # extrapolation to 150 million characters (100× takes tens of minutes, more under load)

Targets (from the issues) are printed beside each number; nothing here is a test.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def best_of(func, repeat=5, clock=time.perf_counter):
    times = []
    for _ in range(repeat):
        t = clock()
        func()
        times.append(clock() - t)
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
#: where --corpus records what it measured (one entry per multiple of the national corpus)
RESULTS = Path(__file__).with_name("results-corpus.json")
TOKENIZE_RESULTS = Path(__file__).with_name("results-tokenize.json")
#: issue 11: tokenize keeps at least this share of plain jieba.lcut's speed on the same text
TOKENIZE_TARGET_RATIO = 0.8

#: the build as the child process runs it: the public function behind `lcanalysis corpus build`,
#: with the per-stage timings of the workers written to a JSON file
_CHILD = """
import json, sys
from lcanalysis import dataset
src, out, jobs, timings_file = sys.argv[1:]
seconds = {}
manifest = dataset.build([src], out, jobs=int(jobs), require_outline=False, timings=seconds)
json.dump(seconds, open(timings_file, "w"))
sys.exit(int((manifest["status"] == "failed").any()))
"""


def _proc_tree(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for d in os.listdir("/proc"):
        if not d.isdigit():
            continue
        try:
            with open(f"/proc/{d}/stat", encoding="utf-8") as f:
                ppid = int(f.read().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
        children.setdefault(ppid, []).append(int(d))
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children.get(p, []))
    return out


def _memory(pids: list[int]) -> tuple[int, int]:
    """(sum of RSS, sum of PSS) of these processes, bytes (Linux /proc/PID/smaps_rollup).
    RSS counts a page shared by several processes once per process (an overcount for
    forked workers); PSS splits it among them."""
    rss = pss = 0
    for p in pids:
        try:
            with open(f"/proc/{p}/smaps_rollup", encoding="utf-8") as f:
                for line in f:
                    if line.startswith("Rss:"):
                        rss += int(line.split()[1]) * 1024
                    elif line.startswith("Pss:"):
                        pss += int(line.split()[1]) * 1024
        except OSError:
            continue
    return rss, pss


def corpus_build(lca, copies: int, jobs: int) -> dict:
    """Time `lcanalysis corpus build` on `copies` copies of the national corpus (every
    copy of every file under a new name, so a new doc_id; written to a temporary folder,
    not the repository), sampling the memory of the whole process tree every second."""
    national = sorted(lca.paths.CORPUS.glob("national-*.txt"))
    with tempfile.TemporaryDirectory(prefix="lcanalysis-bench-") as tmp:
        src = Path(tmp) / "in"
        src.mkdir()
        for k in range(copies):
            for f in national:
                shutil.copyfile(f, src / f"{f.stem}-copy{k:03d}.txt")
        out, timings_file = Path(tmp) / "out", Path(tmp) / "timings.json"
        load_before = os.getloadavg()
        cpu0 = os.times()
        t = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", _CHILD, str(src), str(out), str(jobs),
                                 str(timings_file)], stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        peak = dict(rss=0, pss=0, processes=0)
        loads = []

        def sample():
            k = 0
            while proc.poll() is None:
                pids = _proc_tree(proc.pid)
                rss, pss = _memory(pids)
                peak.update(rss=max(peak["rss"], rss), pss=max(peak["pss"], pss),
                            processes=max(peak["processes"], len(pids)))
                if k % 10 == 0:
                    loads.append(os.getloadavg()[0])
                k += 1
                # once a second: reading every process's memory map costs CPU that the
                # workers would otherwise have (at 0.2 s it took 15% of a core)
                time.sleep(1.0)

        th = threading.Thread(target=sample)
        th.start()
        proc.wait()
        th.join()
        seconds = time.perf_counter() - t
        cpu1 = os.times()
        largest = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
        manifest = lca.dataset.read_manifest(out)
        chars = int(manifest["chars"].astype("int64").sum())
        size = sum(f.stat().st_size for f in out.rglob("*.parquet"))
        stages = json.loads(timings_file.read_text()) if timings_file.exists() else {}
    cpu = (cpu1.children_user - cpu0.children_user) + (cpu1.children_system - cpu0.children_system)
    return dict(copies=copies, jobs=jobs, reports=len(manifest),
                failed=int((manifest["status"] == "failed").sum()), chars=chars,
                seconds=round(seconds, 1), chars_per_s=round(chars / seconds),
                cpu_seconds=round(cpu, 1), cpu_us_per_char=round(cpu / chars * 1e6, 3),
                peak_rss_bytes=peak["rss"], peak_pss_bytes=peak["pss"],
                largest_process_rss_bytes=largest, processes=peak["processes"],
                parquet_bytes=size, returncode=proc.returncode,
                stage_seconds={k: round(v, 2) for k, v in stages.items()},
                stage_chars_per_s={k: round(chars / v) for k, v in stages.items() if v},
                load_average=dict(before=round(load_before[0], 1),
                                  during_max=round(max(loads, default=load_before[0]), 1),
                                  after=round(os.getloadavg()[0], 1)),
                measured=time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
                machine=f"{platform.platform()}, Python {platform.python_version()}, "
                        f"{os.cpu_count()} cores")


def recent_reports(lca, *, provinces: bool = False) -> tuple[list, list]:
    """(files, reports) of the national reports 2016-2025 (and, with ``provinces``, the ten
    provincial 2026 reports), loaded without requiring an outline, structure warnings silenced."""
    import warnings

    files = [f for f in sorted(lca.paths.CORPUS.glob("national-*.txt")) if f.stem >= "national-2016"]
    if provinces:
        files += sorted((lca.paths.CORPUS / "provinces-2026").glob("*.txt"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lca.errors.ReportStructureWarning)
        return files, [lca.load_report(f, require_outline=False) for f in files]


def stage_breakdown(lca, repeat: int = 3) -> dict:
    """Characters per CPU second of each stage of the build, warm, in this process (one
    core), over the national reports 2016-2025: best of ``repeat``.  Each stage is timed
    as the build runs it: ``code_topics`` with the report's indicators already extracted
    (the build's earlier stage; only the cue matching is redone), ``write`` as one batch
    (:func:`lcanalysis.dataset.write_parts`)."""
    import logging
    import warnings

    import jieba

    jieba.setLogLevel(logging.WARNING)
    files, reports = recent_reports(lca)
    chars = sum(len(r.text) for r in reports)
    extract = lca.indicators._extract_cached.__wrapped__  # the extraction, not its memo
    inds = [extract(r, None) for r in reports]
    lca.tokenize(reports[0]), lca.code_topics(reports[0])  # jieba's dictionary, the model's fit

    def ledger():
        for r, i in zip(reports, inds):
            try:
                lca.target_ledger(r, i)
            except lca.errors.UnknownIndicatorError:
                pass  # (the build notes such a report and writes an empty table)

    def code_topics():
        cpu = 0.0
        for r in reports:
            lca.extract_indicators(r)  # extracted before, as in the build (and cached)
            lca.priorities._cue_coding.cache_clear()
            t = time.process_time()
            lca.code_topics(r)
            cpu += time.process_time() - t
        return cpu

    tables = [lca.dataset.report_tables(r)[0] for r in reports]
    rows = [dict(doc_id=r.doc_id, sha256=r.sha256, pipeline="") for r in reports]

    def write():
        with tempfile.TemporaryDirectory() as tmp:
            lca.dataset.write_parts(Path(tmp), list(zip(rows, tables)))

    stages = dict(
        load_report=lambda: [lca.load_report(f, require_outline=False) for f in files],
        extract_indicators=lambda: [extract(r, None) for r in reports],
        target_ledger=ledger,
        tokenize=lambda: [lca.tokenize(r) for r in reports],
        code_topics=None,
        write=write)
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", lca.errors.ReportStructureWarning)
        for name, f in stages.items():
            cpu = (min(code_topics() for _ in range(repeat)) if f is None
                   else best_of(f, repeat, clock=time.process_time)[0])
            out[name] = round(chars / cpu)
    total = chars / sum(chars / v for v in out.values())
    return dict(reports=len(files), chars=chars, chars_per_s=out, pipeline_one_core=round(total))


def tokenize_ratio(lca, rounds: int = 9) -> dict:
    """Characters per CPU second of ``lca.tokenize`` (default: genre + local + automatic layer,
    the automatic layer found anew each time; and without the automatic layer) against plain
    ``jieba.lcut`` (a fresh ``jieba.Tokenizer``, default dictionary) on the same texts — the
    sentences of each report joined as ``tokenize`` cuts them — in this process, warm.  The
    three are timed in turn within each round, ``rounds`` times, so that each round's ratio
    compares runs under the same load; the summary is the median of the rounds' ratios (and,
    beside it, the ratio of the best times).  Texts: the national reports 2016-2025 and the
    ten provincial 2026 reports (CPU time, :func:`time.process_time`)."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    _, reports = recent_reports(lca, provinces=True)
    texts = ["\x00".join(r.sentences["text"]) for r in reports]
    chars = sum(len(r.sentences["text"].str.cat()) for r in reports)
    plain = jieba.Tokenizer()
    plain.initialize()
    lexicons = [lca.lexicon.default_for(r.doc_id) for r in reports]
    lca.tokenize(reports[0])  # the private tokenizer's dictionary

    def default():
        lca.tokens._AUTO_CACHE.clear()  # the automatic layer is found anew, as for a new report
        return [lca.tokenize(r) for r in reports]

    runs = dict(jieba=lambda: [plain.lcut(t) for t in texts], tokenize=default,
                without_automatic_layer=lambda: [lca.tokenize(r, lexicon=x)
                                                 for r, x in zip(reports, lexicons)])
    times: dict[str, list[float]] = {k: [] for k in runs}
    load = [os.getloadavg()[0]]
    for _ in range(rounds):
        for name, f in runs.items():
            t = time.process_time()
            f()
            times[name].append(time.process_time() - t)
        load.append(os.getloadavg()[0])
    out = dict(reports=len(reports), chars=chars, rounds=rounds, target_ratio=TOKENIZE_TARGET_RATIO,
               chars_per_cpu_s={k: round(chars / min(v)) for k, v in times.items()},
               cpu_seconds={k: [round(x, 3) for x in v] for k, v in times.items()})
    for name in ("tokenize", "without_automatic_layer"):
        ratios = [j / x for j, x in zip(times["jieba"], times[name])]
        out[f"{name}_ratio_median"] = round(statistics.median(ratios), 3)
        out[f"{name}_ratio_range"] = [round(min(ratios), 3), round(max(ratios), 3)]
        out[f"{name}_ratio_best_times"] = round(min(times["jieba"]) / min(times[name]), 3)
    out["load_average"] = dict(before=round(load[0], 2), max=round(max(load), 2))
    out["measured"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    out["machine"] = f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores"
    return out


def print_corpus_build(r: dict) -> None:
    rate = r["chars_per_s"]
    gb = 1024**3
    print(f"corpus build {r['copies']}x national ({r['reports']} reports, {r['chars']:,} characters, "
          f"{r['failed']} failed), {r['jobs']} workers: {r['seconds']:.0f} s, {rate:,.0f} characters/s "
          f"(target >= {BUILD_TARGET_CHARS_PER_S:,}); CPU {r['cpu_us_per_char']:.2f} us a character; "
          f"load average {r['load_average']['before']}-{r['load_average']['during_max']} on "
          f"{os.cpu_count()} cores")
    print(f"  peak memory of all processes: RSS {r['peak_rss_bytes'] / gb:.2f} GB, PSS "
          f"{r['peak_pss_bytes'] / gb:.2f} GB (target <= {BUILD_TARGET_PEAK_BYTES / gb:.0f} GB); "
          f"largest process {r['largest_process_rss_bytes'] / gb:.2f} GB; "
          f"Parquet {r['parquet_bytes'] / 1024**2:.0f} MB")
    total = sum(r["stage_seconds"].values()) or 1
    print("  worker time by stage: " + ", ".join(
        f"{k} {v / total:.0%} ({r['stage_chars_per_s'].get(k, 0):,} chars/s)"
        for k, v in r["stage_seconds"].items()))
    print(f"  extrapolated to {LARGEST_CORPUS_CHARS / 1e6:.0f} M characters at this rate: "
          f"{LARGEST_CORPUS_CHARS / rate / 3600:.1f} h, "
          f"Parquet about {r['parquet_bytes'] / r['chars'] * LARGEST_CORPUS_CHARS / 1024**3:.1f} GB; "
          "peak memory stays that of the workers (each holds one batch of reports at a time)")


def record(result: dict) -> None:
    """Keep ``result`` in RESULTS (by multiple), with the linearity of the sizes measured
    and the extrapolation to the largest realistic corpus."""
    data = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    runs = {int(k): v for k, v in data.get("runs", {}).items()}
    runs[result["copies"]] = result
    sizes = sorted(runs)
    lin = {}
    if len(sizes) > 1:
        a, b = runs[sizes[0]], runs[sizes[-1]]
        lin = dict(sizes=[sizes[0], sizes[-1]],
                   chars_ratio=round(b["chars"] / a["chars"], 2),
                   wall_ratio=round(b["seconds"] / a["seconds"], 2),
                   cpu_ratio=round(b["cpu_seconds"] / a["cpu_seconds"], 2),
                   cpu_per_char_ratio=round(b["cpu_us_per_char"] / a["cpu_us_per_char"], 3),
                   peak_pss_ratio=round(b["peak_pss_bytes"] / a["peak_pss_bytes"], 2))
    big = runs[sizes[-1]]
    extrapolation = dict(
        chars=LARGEST_CORPUS_CHARS, from_copies=sizes[-1],
        hours_at_measured_rate=round(LARGEST_CORPUS_CHARS / big["chars_per_s"] / 3600, 2),
        hours_at_cpu_rate_with_jobs_cores=round(
            LARGEST_CORPUS_CHARS * big["cpu_us_per_char"] / 1e6 / big["jobs"] / 3600, 2),
        parquet_gb=round(big["parquet_bytes"] / big["chars"] * LARGEST_CORPUS_CHARS / 1024**3, 2),
        peak_memory="that of the workers: bounded by their number, not by the corpus")
    RESULTS.write_text(json.dumps(dict(
        note="python benchmarks/run.py --corpus COPIES... --jobs N; measured on a shared machine: "
             "see load_average of each run (the rates are those under that load)",
        targets=dict(chars_per_s=BUILD_TARGET_CHARS_PER_S, peak_bytes=BUILD_TARGET_PEAK_BYTES),
        runs={str(k): runs[k] for k in sizes}, linearity=lin,
        extrapolation=extrapolation), indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    if lin:
        print(f"  linearity {lin['sizes'][0]}x -> {lin['sizes'][1]}x: {lin['chars_ratio']}x the "
              f"characters took {lin['cpu_ratio']}x the CPU time ({lin['wall_ratio']}x the wall "
              f"time); CPU per character ratio {lin['cpu_per_char_ratio']}")
    print(f"  recorded in {RESULTS.relative_to(ROOT)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--full", action="store_true")
    parser.add_argument("--corpus", type=int, nargs="*", metavar="COPIES",
                        help="time the corpus build on these multiples of the national corpus only")
    parser.add_argument("--jobs", type=int, default=2, help="workers of the corpus build (default 2)")
    parser.add_argument("--stages", action="store_true",
                        help="characters/s of each stage of the build, warm, on one core only")
    parser.add_argument("--tokenize", action="store_true",
                        help="tokenize against plain jieba.lcut, paired rounds; records "
                             f"{TOKENIZE_RESULTS.name}")
    parser.add_argument("--rounds", type=int, default=9, help="rounds of --tokenize (default 9)")
    args = parser.parse_args()
    import lcanalysis as lca

    if args.tokenize:
        r = tokenize_ratio(lca, args.rounds)
        print(f"tokenize against plain jieba.lcut, {r['reports']} reports, {r['chars']:,} characters, "
              f"{r['rounds']} paired rounds (CPU time; load average {r['load_average']['before']}-"
              f"{r['load_average']['max']}):")
        for k, v in r["chars_per_cpu_s"].items():
            print(f"  {k:24s} {v:>10,} characters per CPU second (best round)")
        for k in ("tokenize", "without_automatic_layer"):
            lo, hi = r[f"{k}_ratio_range"]
            print(f"  {k}: {r[f'{k}_ratio_median']:.2f} of jieba's speed (median of the rounds; "
                  f"rounds {lo:.2f}-{hi:.2f}; best times {r[f'{k}_ratio_best_times']:.2f}); "
                  f"target at least {TOKENIZE_TARGET_RATIO}")
        TOKENIZE_RESULTS.write_text(json.dumps(r, indent=1, ensure_ascii=False) + "\n")
        return

    if args.stages:
        print(f"machine: {platform.platform()}, Python {platform.python_version()}, "
              f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.1f}")
        r = stage_breakdown(lca)
        print(f"stages of the build, warm, one core, national 2016-2025 ({r['reports']} reports, "
              f"{r['chars']:,} characters), characters per CPU second (us of CPU a character):")
        for name, rate in r["chars_per_s"].items():
            print(f"  {name:20s} {rate:>12,}  ({1e6 / rate:.2f})")
        print(f"  {'all six in sequence':20s} {r['pipeline_one_core']:>12,}  "
              f"({1e6 / r['pipeline_one_core']:.2f}; x workers on idle cores; "
              f"target {BUILD_TARGET_CHARS_PER_S:,} with 2)")
        return

    if args.corpus:
        print(f"machine: {platform.platform()}, Python {platform.python_version()}, "
              f"cores: {os.cpu_count()}, load average before: {os.getloadavg()[0]:.1f}")
        for copies in args.corpus:
            result = corpus_build(lca, copies, args.jobs)
            print_corpus_build(result)
            record(result)
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

    out.extend(_code_topics_benchmarks(lca, report))
    return out


#: target of issue 12 for code_topics, warm, per core (the corpus build needs every stage at about
#: this speed, tokenisation apart)
CODE_TOPICS_TARGET_CHARS_PER_S = 1_000_000


def _code_topics_benchmarks(lca, report):
    """code_topics warm on the national reports 2016–2025 (their indicators extracted first, as the
    corpus build does; the per-report cue cache cleared, so that the cue matching is timed), and
    cold: the first call in a fresh process, which fits the model from the shipped hand codes."""
    out = []
    code = ("import time, lcanalysis as lca; r = lca.load_report(); lca.extract_indicators(r); "
            "t = time.perf_counter(); lca.code_topics(r); print(time.perf_counter() - t)")
    cold = min(float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                    check=True).stdout) for _ in range(2))
    national = [lca.load_report(lca.paths.corpus_file(f"national-{y}"), require_outline=False)
                for y in range(2016, 2026)]
    chars = sum(len(r.text) for r in national)
    for method in ("model", "cues"):
        for r in national:
            lca.code_topics(r, method=method)  # fits the models (national-2021 is hand-coded: its own fit)

        def run(m=method):
            total = 0.0
            for r in national:
                lca.extract_indicators(r)  # extracted before, as in the corpus build (and cached)
                lca.priorities._cue_coding.cache_clear()
                t = time.perf_counter()
                lca.code_topics(r, method=m)
                total += time.perf_counter() - t
            return total

        rate = chars / min(run() for _ in range(3))
        out.append((f"code_topics(method={method!r}) warm, national 2016-2025 ({chars:,} characters): "
                    f"{rate:,.0f} characters/s", f"(target >= {CODE_TOPICS_TARGET_CHARS_PER_S:,} per core)"))
    best, _ = best_of(lambda: lca.code_topics(report), 3)
    out.append((f"code_topics(report) warm: {best * 1000:.0f} ms; cold (a fresh process, fitting the model "
                f"from the hand codes): {cold:.1f} s", "(target: well under a second)"))
    return out


if __name__ == "__main__":
    main()
