"""The ``lcanalysis`` console command, one subcommand per job (:data:`SUBCOMMANDS`).

``lcanalysis run``        execute the notebooks in order, in place or on another report
``lcanalysis figures``    list every figure with its notebook and caption
``lcanalysis verify``     check data files against the checksums in data/README.md
``lcanalysis checksums``  print (or ``--write``) that checksum block
``lcanalysis corpus build INPUTS… --out DIR [--jobs N]``  many reports → Parquet tables

A new subcommand is a function ``_add_NAME(sub)`` that adds its parser and sets
``func``, listed in :data:`SUBCOMMANDS`.

``run --report`` follows papermill's convention (a cell tagged ``parameters``
holds the defaults; the values of a run go into a cell tagged
``injected-parameters`` inserted after it) but executes with nbclient, which
papermill itself wraps: papermill would add its own dependencies (click,
requests, tenacity, tqdm …) and offers no way to pass the kernel settings used
here (IPC transport; nteract/papermill#511), and its per-cell timing metadata
would make executed notebooks differ on every run.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

from . import paths
from .plotting import LANG_ENV

CHECKSUM_BEGIN = "<!-- checksums:begin -->"
CHECKSUM_END = "<!-- checksums:end -->"
#: files whose digests data/README.md records (raw inputs and processed outputs)
CHECKSUM_GLOBS = ("raw/*.txt", "corpus/*.txt", "corpus/provinces-2026/*.txt", "external/*.csv",
                  "processed/*.csv")


def notebooks(only: str | None = None) -> list[Path]:
    """The series (``NN_name.ipynb``), or those whose numbers ``only`` names
    (``"03"``, ``"3"``, ``"01,03"``)."""
    folder = paths.NOTEBOOKS
    nbs = sorted(folder.glob("[0-9][0-9]_*.ipynb"))
    if not nbs:
        raise SystemExit(f"no notebooks (NN_name.ipynb) in {folder}: this copy of lcanalysis was "
                         "installed without them; reinstall it from a clone or a wheel built from one")
    if only is None:
        return nbs
    numbers = [x.strip() for x in str(only).split(",") if x.strip()]
    chosen = []
    for number in numbers:
        match = [nb for nb in nbs if number.isdigit() and nb.name[:2] == f"{int(number):02d}"]
        if not match:
            raise SystemExit(f"no notebook matches --only {number!r}; "
                             f"choose from {', '.join(nb.name[:2] for nb in nbs)}")
        chosen += [nb for nb in match if nb not in chosen]
    return sorted(chosen)


def _positive_int(text: str) -> int:
    """argparse type of ``--jobs``: a whole number ≥ 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else width
    return "[" + "#" * filled + "." * (width - filled) + "]"


def parameters_of(nb) -> tuple[int | None, list[str]]:
    """Index of the cell tagged ``parameters`` (papermill's convention) and the names it assigns."""
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "code" and "parameters" in cell.get("metadata", {}).get("tags", []):
            names = [t.id for node in ast.parse(cell.source).body if isinstance(node, ast.Assign)
                     for t in node.targets if isinstance(t, ast.Name)]
            return i, names
    return None, []


def inject_parameters(nb, values: dict) -> list[str]:
    """Insert, after the ``parameters`` cell, a cell tagged ``injected-parameters``
    that sets the names of ``values`` the notebook declares (papermill's
    convention, so the executed notebook says what it was run with).  Returns
    the names set."""
    import nbformat

    index, declared = parameters_of(nb)
    given = {k: v for k, v in values.items() if k in declared}
    if index is None or not given:
        return []
    source = "# Parameters (injected by lcanalysis run)\n" + "".join(
        f"{k} = {v!r}\n" for k, v in given.items())
    cell = nbformat.v4.new_code_cell(source, metadata={"tags": ["injected-parameters"]})
    nb.cells.insert(index + 1, cell)
    return list(given)


def _kernel_config(socket_dir: str):
    """Kernel settings: local IPC sockets in ``socket_dir`` where the platform
    has them (no TCP port, so ipykernel's unencrypted-TCP warning does not
    apply; the path is absolute because kernel and client run in different
    folders)."""
    from traitlets.config import Config

    config = Config()
    if os.name == "posix":
        config.KernelManager.transport = "ipc"
        config.KernelManager.ip = str(Path(socket_dir) / "kernel")
    return config


def stop_messages(nb) -> list[str]:
    """Messages of :func:`lcanalysis.series.stop` in an executed notebook."""
    from .series import STOP_KEY

    return [out["metadata"][STOP_KEY]["stopped"] for cell in nb.cells if cell.cell_type == "code"
            for out in cell.get("outputs", []) if STOP_KEY in out.get("metadata", {})]


def execute(nb_path: Path, target: Path, parameters: dict, *, cwd: Path, timeout: int = 1200,
            write_failed: bool = True) -> tuple[bool, str]:
    """Execute ``nb_path`` with ``parameters`` injected and write it to ``target``.
    Returns (success, message)."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    nb = nbformat.read(nb_path, as_version=4)
    inject_parameters(nb, parameters)
    with tempfile.TemporaryDirectory(prefix="lca-") as sockets:
        client = NotebookClient(nb, config=_kernel_config(sockets), kernel_name="python3",
                                timeout=timeout, record_timing=False, allow_errors=False,
                                # one stream per name, so stored outputs do not depend on flush timing
                                coalesce_streams=True,
                                resources={"metadata": {"path": str(cwd)}})
        try:
            client.execute()
        except CellExecutionError as exc:
            if write_failed:
                nbformat.write(nb, target)
            return False, str(exc)
    nbformat.write(nb, target)
    return True, "; ".join(stop_messages(nb))


def default_jobs() -> int:
    """Notebooks run side by side: one per CPU core, at most three (each kernel holds
    several hundred MB)."""
    return max(1, min(3, os.cpu_count() or 1))


def run(only: str | None = None, lang: str = "both", timeout: int = 1200, *, jobs: int | None = None,
        report: str | Path | None = None, doc_id: str | None = None, compare: str | None = None,
        out: str | Path | None = None, cues: str | Path | None = None,
        encoding: str | None = None) -> int:
    """Execute the notebooks in order.  With no report, comparison, cue file or
    output folder (and in a checkout) the tracked notebooks are executed in
    place; otherwise the executed notebooks, figures and tables go to ``out``
    (default ``runs/<doc_id>/``) and no tracked file changes."""
    if encoding is not None:
        from .errors import ReportEncodingError
        from .io import codec_name

        try:  # an unknown codec is an error here, not in six kernels (and before any setting changes)
            codec_name(encoding)
        except ReportEncodingError as err:
            raise SystemExit(f"--encoding: {err}") from None
    os.environ[LANG_ENV] = "zh,en" if lang == "both" else lang
    nbs = notebooks(only)
    in_place = paths.IN_CHECKOUT and all(x is None for x in (report, doc_id, compare, out, cues, encoding))
    parameters: dict = {}
    if not in_place:
        if report is not None:
            report = Path(report).expanduser().resolve()
            if not report.is_file():
                raise SystemExit(f"--report {report}: no such file")
        doc_id = doc_id or (report.stem if report is not None else paths.REPORT_DOC_ID)
        out_dir = Path(out).expanduser().resolve() if out is not None else paths.ROOT / "runs" / doc_id
        out_dir.mkdir(parents=True, exist_ok=True)
        from .glossary import MISSING_ENV

        os.environ[MISSING_ENV] = "keep"  # the glossary was written for the reference report
        parameters = dict(REPORT=None if report is None else str(report), DOC_ID=doc_id,
                          OUT=str(out_dir), LANG="en" if lang == "en" else "zh")
        if compare is not None:
            candidate = Path(compare).expanduser()
            parameters["COMPARE"] = str(candidate.resolve()) if candidate.is_file() else compare
        if cues is not None:
            parameters["CUES"] = str(Path(cues).expanduser().resolve())
        if encoding is not None:
            parameters["ENCODING"] = encoding
        print(f"running the series on {report.name if report else doc_id}; outputs in "
              f"{paths.display(out_dir) if _inside(out_dir, paths.ROOT) else out_dir}", flush=True)
    total_start = time.perf_counter()
    jobs = max(1, min(jobs or default_jobs(), len(nbs)))
    if any("code_topics(" in nb.read_text(encoding="utf-8") for nb in nbs):
        warm_topic_models(jobs, cues)

    def one(nb_path: Path) -> tuple[Path, bool, str, float]:
        start = time.perf_counter()
        target = nb_path if in_place else out_dir / nb_path.name
        ok, message = execute(nb_path, target, parameters, cwd=nb_path.parent if in_place else out_dir,
                              timeout=timeout, write_failed=not in_place)
        return nb_path, ok, message, time.perf_counter() - start

    if jobs > 1:
        print(f"running {len(nbs)} notebooks, {jobs} at a time (--jobs 1: one after another)", flush=True)
    # The notebooks are independent (each reads data/ and writes its own outputs), so they can
    # run side by side; each still runs in its own kernel, cells in order.
    failed = []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        pending = []
        for nb_path in nbs:
            if jobs == 1:
                print(f"{_bar(len(pending), len(nbs))} {len(pending) + 1}/{len(nbs)} {nb_path.name} …",
                      flush=True)
            pending.append(pool.submit(one, nb_path))
            if jobs == 1:
                pending[-1].result()
        for k, future in enumerate(as_completed(pending), start=1):
            nb_path, ok, message, seconds = future.result()
            if not ok:
                print(f"FAILED in {nb_path.name} after {seconds:.1f} s:\n{message}", file=sys.stderr)
                failed.append(nb_path.name)
                continue
            print(f"{_bar(k, len(nbs))} {k}/{len(nbs)} {nb_path.name} done in {seconds:.1f} s"
                  + (f" (stopped early: {message})" if message else ""), flush=True)
    if failed:
        print(f"{len(failed)} notebook(s) failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    print(f"all {len(nbs)} notebook(s) done in {time.perf_counter() - total_start:.1f} s")
    if in_place and only is None:
        from .tables import update_readme_answers

        if update_readme_answers():
            print("README.md: updated the answers from tables/answers/")
    return 0


def warm_topic_models(jobs: int, cues: str | Path | None = None) -> int:
    """Fit the topic models the notebooks will need and the cache lacks, ``jobs`` at a time
    (:func:`lcanalysis.topic_model.warm_cache`), so that notebooks running side by side do not
    each fit the same ones; a no-op once the cache holds them.  Returns the number fitted."""
    from . import topic_model

    cue_path = None if cues is None else str(Path(cues).expanduser().resolve())
    pruned = topic_model.prune_cache()
    if pruned:
        print(f"removed {len(pruned)} cached topic model(s) unused for "
              f"{topic_model.CACHE_MAX_AGE_DAYS} days from {topic_model._cache_dir()}", flush=True)
    todo = len(topic_model.missing_fits(cue_path))
    if not todo:
        return 0
    print(f"fitting {todo} topic model(s), {jobs} at a time: once per machine and cue file, then "
          f"kept in {topic_model._cache_dir()}", flush=True)
    start = time.perf_counter()

    def progress(done: int, total: int) -> None:
        print(f"{_bar(done, total)} {done}/{total} topic models fitted "
              f"({time.perf_counter() - start:.0f} s)", flush=True)

    return topic_model.warm_cache(jobs, cue_path, progress=progress)


def _inside(path: Path, root: Path) -> bool:
    try:
        path.resolve().relative_to(root.resolve())
        return True
    except ValueError:
        return False


def figure_list() -> list[dict]:
    """Every ``publish("name", …, caption="…")`` call in the notebooks."""
    import nbformat

    rows = []
    for nb_path in notebooks():
        nb = nbformat.read(nb_path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type != "code":
                continue
            try:
                tree = ast.parse(cell.source)
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if (isinstance(node, ast.Call) and getattr(node.func, "attr", getattr(node.func, "id", None)) == "publish"
                        and node.args and isinstance(node.args[0], ast.Constant)):
                    caption = next((kw.value.value for kw in node.keywords
                                    if kw.arg == "caption" and isinstance(kw.value, ast.Constant)), "")
                    rows.append(dict(figure=node.args[0].value, notebook=nb_path.name, caption=caption))
    return rows


def checksum_block() -> str:
    lines = []
    for pattern in CHECKSUM_GLOBS:
        for f in sorted(paths.DATA.glob(pattern)):
            digest = hashlib.sha256(f.read_bytes()).hexdigest()
            lines.append(f"{digest}  data/{f.relative_to(paths.DATA).as_posix()}")
    return "\n".join(lines)


def _readme() -> Path:
    return paths.DATA / "README.md"


def recorded_checksums() -> dict[str, str]:
    text = _readme().read_text(encoding="utf-8")
    if CHECKSUM_BEGIN not in text:
        raise SystemExit("data/README.md has no checksum block; run `lcanalysis checksums --write`")
    block = text.split(CHECKSUM_BEGIN, 1)[1].split(CHECKSUM_END, 1)[0]
    return {m.group(2): m.group(1) for m in re.finditer(r"^([0-9a-f]{64})  (\S+)$", block, re.M)}


def verify() -> int:
    recorded = recorded_checksums()
    bad = 0
    for rel, digest in recorded.items():
        f = paths.DATA / rel.removeprefix("data/")  # a checkout's data/ or an installed copy's
        if not f.exists():
            print(f"MISSING  {rel}")
            bad += 1
            continue
        actual = hashlib.sha256(f.read_bytes()).hexdigest()
        if actual != digest:
            print(f"CHANGED  {rel}: sha256 {actual}, data/README.md records {digest}")
            bad += 1
    current = set(checksum_block_map())
    for rel in sorted(current - set(recorded)):
        print(f"UNLISTED {rel}: not in data/README.md (run `lcanalysis checksums --write`)")
        bad += 1
    print(f"verify: {len(recorded) - bad if bad <= len(recorded) else 0} of {len(recorded)} "
          f"file(s) match data/README.md" + ("" if not bad else f"; {bad} problem(s)"))
    return 1 if bad else 0


def checksum_block_map() -> dict[str, str]:
    return {line.split("  ", 1)[1]: line.split("  ", 1)[0] for line in checksum_block().splitlines()}


def write_checksums() -> None:
    readme = _readme()
    text = readme.read_text(encoding="utf-8")
    block = f"{CHECKSUM_BEGIN}\n```\n{checksum_block()}\n```\n{CHECKSUM_END}"
    if CHECKSUM_BEGIN in text:
        head, rest = text.split(CHECKSUM_BEGIN, 1)
        tail = rest.split(CHECKSUM_END, 1)[1]
        text = head + block + tail
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    readme.write_text(text, encoding="utf-8")


def _cmd_run(args) -> int:
    return run(args.only, args.lang, report=args.report, doc_id=args.doc_id, compare=args.compare,
               out=args.out, cues=args.cues, jobs=args.jobs, encoding=args.encoding)


def _cmd_figures(args) -> int:
    for row in figure_list():
        print(f"{row['notebook']:<34} {row['figure']:<32} {row['caption']}")
    return 0


def _cmd_verify(args) -> int:
    return verify()


def _cmd_checksums(args) -> int:
    if args.write:
        write_checksums()
    print(checksum_block())
    return 0


def _add_run(sub) -> None:
    p = sub.add_parser("run", help="execute the notebooks in order",
                       description="Execute the notebook series. With no option, the tracked "
                       "notebooks run in place on the Liaocheng 2024 report; with --report (or "
                       "--out, --compare, --doc-id, --cues) they run on that report and write "
                       "the executed notebooks, figures and tables to --out, leaving tracked "
                       "files alone.")
    p.add_argument("--report", metavar="PATH", help="the report to analyse (a text or saved HTML file)")
    p.add_argument("--doc-id", metavar="ID", help="its id in tables and folder names "
                   "(default: the file name without extension)")
    p.add_argument("--compare", metavar="DOC", help="comparison report: a doc_id of data/corpus/ "
                   "(national-2024, shandong-2026, provinces-2026/江苏省-2026) or a file")
    p.add_argument("--cues", metavar="CSV", help="cue dictionary for notebook 04 "
                   "(default data/taxonomy/cues.csv)")
    p.add_argument("--encoding", metavar="CODEC", help="encoding of the --report file "
                   "(default utf-8; e.g. gb18030)")
    p.add_argument("--out", metavar="DIR", help="output folder (default runs/<doc_id>/)")
    p.add_argument("--only", metavar="NN", help="run only these notebooks, e.g. 03 or 01,03")
    p.add_argument("--lang", choices=["zh", "en", "both"], default="both",
                   help="languages the figures are saved in (default both)")
    p.add_argument("--jobs", type=_positive_int, default=None, metavar="N",
                   help="notebooks run side by side (default: one per CPU core, at most 3)")
    p.set_defaults(func=_cmd_run)


def _add_figures(sub) -> None:
    sub.add_parser("figures", help="list every figure with its notebook and caption"
                   ).set_defaults(func=_cmd_figures)


def _add_verify(sub) -> None:
    sub.add_parser("verify", help="check data files against the checksums in data/README.md"
                   ).set_defaults(func=_cmd_verify)


def _add_checksums(sub) -> None:
    p = sub.add_parser("checksums", help="print the checksum block of data/README.md")
    p.add_argument("--write", action="store_true", help="update data/README.md in place")
    p.set_defaults(func=_cmd_checksums)


def _cmd_corpus(args) -> int:
    from . import dataset
    from .errors import LcaError

    try:
        manifest = dataset.build(args.inputs, args.out, jobs=args.jobs, encoding=args.encoding,
                                 require_outline=not args.any_layout)
    except LcaError as exc:
        print(f"lcanalysis corpus build: {exc}", file=sys.stderr)
        return 2
    return 1 if (manifest["status"] == "failed").any() else 0


def _add_corpus(sub) -> None:
    p_corpus = sub.add_parser("corpus", help="many reports at once")
    corpus_sub = p_corpus.add_subparsers(dest="corpus_command", required=True)
    p_build = corpus_sub.add_parser(
        "build", help="sentences, indicators, targets, tokens and topics of many reports as "
                      "Parquet files under --out (exit status 1 if a report failed)")
    p_build.add_argument("inputs", nargs="+", metavar="INPUT",
                         help="report files, folders of them, or glob patterns (quoted)")
    p_build.add_argument("--out", required=True, help="folder of the dataset (created if missing)")
    p_build.add_argument("--jobs", type=_positive_int, default=None,
                         help="worker processes (default: the number of CPUs)")
    p_build.add_argument("--encoding", default="utf-8", help="encoding of the report files")
    p_build.add_argument("--any-layout", action="store_true",
                         help="also build texts with no outline (load_report(require_outline=False))")
    p_build.set_defaults(func=_cmd_corpus)


#: the subcommands, in the order --help lists them; each adds its parser and sets ``func``
SUBCOMMANDS = [_add_run, _add_figures, _add_verify, _add_checksums, _add_corpus]


def parser() -> argparse.ArgumentParser:
    from . import __version__

    top = argparse.ArgumentParser(
        prog="lcanalysis", description="Run and check the lcanalysis notebook series and its data.")
    top.add_argument("--version", action="version", version=f"lcanalysis {__version__}")
    sub = top.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add in SUBCOMMANDS:
        add(sub)
    return top


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        status = args.func(args)
        sys.stdout.flush()
    except BrokenPipeError:
        # the reader went away (lcanalysis checksums | head): stop quietly, as Unix tools do
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    return status


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
