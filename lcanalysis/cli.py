"""The ``lcanalysis`` console command.

``lcanalysis run``      execute the notebooks in order (outputs saved in them)
``lcanalysis figures``  list every figure with its notebook and caption
``lcanalysis verify``   check data files against the checksums in data/README.md
``lcanalysis checksums``  print (or ``--write``) that checksum block
``lcanalysis corpus build INPUTS… --out DIR [--jobs N]``  many reports → Parquet tables
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import os
import re
import sys
import time
from pathlib import Path

from . import paths
from .plotting import LANG_ENV

CHECKSUM_BEGIN = "<!-- checksums:begin -->"
CHECKSUM_END = "<!-- checksums:end -->"
#: files whose digests data/README.md records (raw inputs and processed outputs)
CHECKSUM_GLOBS = ("raw/*.txt", "corpus/*.txt", "corpus/provinces-2026/*.txt", "external/*.csv",
                  "processed/*.csv")


def notebooks(only: str | None = None) -> list[Path]:
    nbs = sorted(paths.NOTEBOOKS.glob("[0-9][0-9]_*.ipynb"))
    if only:
        nbs = [nb for nb in nbs if nb.name.startswith(only)]
        if not nbs:
            raise SystemExit(f"no notebook matches --only {only!r}; "
                             f"choose from {', '.join(nb.name[:2] for nb in notebooks())}")
    return nbs


def _bar(done: int, total: int, width: int = 20) -> str:
    filled = round(width * done / total) if total else width
    return "[" + "#" * filled + "." * (width - filled) + "]"


def run(only: str | None = None, lang: str = "both", timeout: int = 1200) -> int:
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    os.environ[LANG_ENV] = "zh,en" if lang == "both" else lang
    nbs = notebooks(only)
    total_start = time.perf_counter()
    for k, nb_path in enumerate(nbs, start=1):
        print(f"{_bar(k - 1, len(nbs))} {k}/{len(nbs)} {nb_path.name} …", flush=True)
        nb = nbformat.read(nb_path, as_version=4)
        client = NotebookClient(nb, timeout=timeout, kernel_name="python3",
                                record_timing=False, allow_errors=False,
                                # one stdout (stderr) output per cell, however the kernel
                                # happened to chunk the stream (timing-dependent under load)
                                coalesce_streams=True,
                                resources={"metadata": {"path": str(nb_path.parent)}})
        start = time.perf_counter()
        try:
            client.execute()
        except CellExecutionError as exc:
            print(f"FAILED in {nb_path.name} after {time.perf_counter() - start:.1f} s:\n{exc}",
                  file=sys.stderr)
            return 1
        nbformat.write(nb, nb_path)
        print(f"{_bar(k, len(nbs))} {k}/{len(nbs)} {nb_path.name} done in "
              f"{time.perf_counter() - start:.1f} s", flush=True)
    print(f"all {len(nbs)} notebook(s) done in {time.perf_counter() - total_start:.1f} s")
    if not only:
        from .tables import update_readme_answers

        if update_readme_answers():
            print("README.md: updated the answers from tables/answers/")
    return 0


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
        f = paths.DATA.parent / rel
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="lcanalysis", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p_run = sub.add_parser("run", help="execute the notebooks in order")
    p_run.add_argument("--only", help="run only the notebook whose number starts so, e.g. 03")
    p_run.add_argument("--lang", choices=["zh", "en", "both"], default="both",
                       help="figure languages (default both)")
    sub.add_parser("figures", help="list every figure with its notebook and caption")
    sub.add_parser("verify", help="check data files against the checksums in data/README.md")
    p_sum = sub.add_parser("checksums", help="print the checksum block of data/README.md")
    p_sum.add_argument("--write", action="store_true", help="update data/README.md in place")
    p_corpus = sub.add_parser("corpus", help="many reports at once")
    corpus_sub = p_corpus.add_subparsers(dest="corpus_command", required=True)
    p_build = corpus_sub.add_parser(
        "build", help="sentences, indicators, targets, tokens and topics of many reports as "
                      "Parquet files under --out (exit status 1 if a report failed)")
    p_build.add_argument("inputs", nargs="+", metavar="INPUT",
                         help="report files, folders of them, or glob patterns (quoted)")
    p_build.add_argument("--out", required=True, help="folder of the dataset (created if missing)")
    p_build.add_argument("--jobs", type=int, default=None,
                         help="worker processes (default: the number of CPUs)")
    p_build.add_argument("--encoding", default="utf-8", help="encoding of the report files")
    p_build.add_argument("--any-layout", action="store_true",
                         help="also build texts with no outline (load_report(require_outline=False))")
    args = parser.parse_args(argv)
    if args.command == "corpus":
        from . import dataset
        from .errors import LcaError

        try:
            manifest = dataset.build(args.inputs, args.out, jobs=args.jobs, encoding=args.encoding,
                                     require_outline=not args.any_layout)
        except LcaError as exc:
            print(f"lcanalysis corpus build: {exc}", file=sys.stderr)
            return 2
        return 1 if (manifest["status"] == "failed").any() else 0
    if args.command == "run":
        return run(args.only, args.lang)
    if args.command == "figures":
        for row in figure_list():
            print(f"{row['notebook']:<34} {row['figure']:<32} {row['caption']}")
        return 0
    if args.command == "verify":
        return verify()
    if args.command == "checksums":
        if args.write:
            write_checksums()
        print(checksum_block())
        return 0
    return 2  # pragma: no cover


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
