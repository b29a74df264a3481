"""Where the main job's time goes (issue 16): every notebook executed as `lcanalysis run` executes
it, one at a time, with nbclient's per-cell timing, in a scratch copy (tracked files untouched).

    python benchmarks/notebooks.py            # prints the table, writes benchmarks/results-notebooks.json

For each notebook: wall time, the floor of this stack (a kernel start plus importing pandas,
matplotlib, statsmodels, jieba and wordcloud, measured in the same run), the time of the cells
that publish figures (draw and save in two languages and three formats), and the slowest cells.
The main job's ratio to the floor (issue 16's target: at most 1.5) is in `run.py --full`; this
script says what the rest of the time is spent on.  Timings depend on the machine's load, which
is recorded beside them.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = Path(__file__).with_name("results-notebooks.json")
sys.path.insert(0, str(Path(__file__).parent))


def _seconds(cell) -> float | None:
    meta = cell.get("metadata", {}).get("execution", {})
    a, b = meta.get("iopub.execute_input"), meta.get("shell.execute_reply")
    if not (a and b):
        return None
    parse = lambda s: dt.datetime.fromisoformat(s.replace("Z", "+00:00"))  # noqa: E731
    return (parse(b) - parse(a)).total_seconds()


def main() -> None:
    import nbformat
    from nbclient import NotebookClient
    from run import notebook_floor

    load_before = os.getloadavg()[0]
    floor = notebook_floor()
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for path in sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb")):
            nb = nbformat.read(path, as_version=4)
            # outputs to the scratch folder, as `lcanalysis run --out` does
            for cell in nb.cells:
                if "parameters" in cell.get("metadata", {}).get("tags", []):
                    cell.source += f"\nOUT = {str(out)!r}\n"
            t = time.perf_counter()
            NotebookClient(nb, kernel_name="python3", timeout=900, record_timing=True,
                           resources={"metadata": {"path": str(path.parent)}}).execute()
            wall = time.perf_counter() - t
            cells = [(s, c.source) for c in nb.cells if c.cell_type == "code"
                     if (s := _seconds(c)) is not None]
            publish = sum(s for s, src in cells if "publish(" in src)
            slow = sorted(cells, reverse=True)[:5]
            rows.append(dict(notebook=path.name, seconds=round(wall, 2),
                             cells_seconds=round(sum(s for s, _ in cells), 2),
                             publish_cells_seconds=round(publish, 2),
                             slowest=[dict(seconds=round(s, 2), cell=src.splitlines()[0][:100])
                                      for s, src in slow]))
            print(f"{path.name:<36} {wall:6.1f} s  (cells {rows[-1]['cells_seconds']:5.1f} s, "
                  f"of which figure cells {publish:5.1f} s)", flush=True)
        shutil.rmtree(out, ignore_errors=True)
    total = sum(r["seconds"] for r in rows)
    result = dict(
        measured=dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        machine=f"{platform.platform()}, Python {platform.python_version()}, {os.cpu_count()} cores",
        load_average=dict(before=load_before, after=os.getloadavg()[0]),
        floor_seconds_per_notebook=round(floor, 2),
        notebooks=rows,
        total_seconds_one_at_a_time=round(total, 1),
        ratio_to_floor_one_at_a_time=round(total / (len(rows) * floor), 2),
        figure_cells_share=round(sum(r["publish_cells_seconds"] for r in rows) / total, 3),
    )
    RESULTS.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"floor {floor:.1f} s a notebook; one at a time {total:.1f} s = "
          f"{result['ratio_to_floor_one_at_a_time']} x the floor; cells that publish figures: "
          f"{result['figure_cells_share']:.0%} of the time; written {RESULTS.name}")


if __name__ == "__main__":
    main()
