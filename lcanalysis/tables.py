"""Writing tables: processed data (``data/processed/``) and tables for papers
(``tables/``, CSV and LaTeX booktabs), byte-identical on every rerun."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from . import paths


def save_processed(df: pd.DataFrame, name: str, *, directory: str | Path | None = None) -> Path:
    """Write ``data/processed/<name>.csv`` (UTF-8, LF, no index)."""
    base = Path(directory) if directory is not None else paths.PROCESSED
    base.mkdir(parents=True, exist_ok=True)
    target = base / f"{name}.csv"
    df.to_csv(target, index=False, lineterminator="\n", encoding="utf-8")
    return target


def save_table(df: pd.DataFrame, name: str, *, caption: str = "", float_format: str = "%.3f",
               directory: str | Path | None = None) -> list[Path]:
    """Write a table for papers as ``tables/<name>.csv`` and ``tables/<name>.tex``
    (booktabs; values as shown, no index)."""
    base = Path(directory) if directory is not None else paths.TABLES
    base.mkdir(parents=True, exist_ok=True)
    csv_path = base / f"{name}.csv"
    df.to_csv(csv_path, index=False, lineterminator="\n", encoding="utf-8",
              float_format=float_format)
    tex_path = base / f"{name}.tex"
    tex_path.write_text(to_latex(df, caption=caption, label=f"tab:{name}",
                                 float_format=float_format), encoding="utf-8")
    return [csv_path, tex_path]


def _tex_escape(value) -> str:
    s = "" if pd.isna(value) else str(value)
    for a, b in (("\\", r"\textbackslash{}"), ("&", r"\&"), ("%", r"\%"), ("$", r"\$"),
                 ("#", r"\#"), ("_", r"\_"), ("{", r"\{"), ("}", r"\}"), ("~", r"\textasciitilde{}"),
                 ("^", r"\textasciicircum{}")):
        s = s.replace(a, b)
    return s


def to_latex(df: pd.DataFrame, *, caption: str = "", label: str = "", float_format: str = "%.3f") -> str:
    """A booktabs table (no jinja2 needed); numbers right-aligned."""
    align = "".join("r" if pd.api.types.is_numeric_dtype(df[c]) else "l" for c in df.columns)
    lines = [r"\begin{table}[htbp]", r"\centering"]
    if caption:
        lines.append(rf"\caption{{{_tex_escape(caption)}}}")
    if label:
        lines.append(rf"\label{{{label}}}")
    lines += [rf"\begin{{tabular}}{{{align}}}", r"\toprule",
              " & ".join(_tex_escape(c) for c in df.columns) + r" \\", r"\midrule"]
    for row in df.itertuples(index=False):
        cells = []
        for v in row:
            if isinstance(v, float) and not pd.isna(v):
                cells.append(_tex_escape(float_format % v))
            else:
                cells.append(_tex_escape(v))
        lines.append(" & ".join(cells) + r" \\")
    lines += [r"\bottomrule", r"\end{tabular}", r"\end{table}", ""]
    return "\n".join(lines)


def record_answer(notebook: str, question: str, answer: str, *,
                  directory: str | Path | None = None) -> None:
    """Record a notebook's one-line answer to its question
    (``tables/answers/<notebook>.md``); ``lcanalysis run`` collects them into
    the README, so the README's answers are always the computed ones."""
    base = Path(directory) if directory is not None else paths.TABLES / "answers"
    base.mkdir(parents=True, exist_ok=True)
    one_line = " ".join(answer.split())
    (base / f"{notebook}.md").write_text(f"{question.strip()}\n{one_line}\n", encoding="utf-8")


ANSWERS_BEGIN = "<!-- answers:begin -->"
ANSWERS_END = "<!-- answers:end -->"


def answers_block(directory: str | Path | None = None) -> str:
    """The README block: one line per notebook, question, answer and link."""
    base = Path(directory) if directory is not None else paths.TABLES / "answers"
    lines = []
    for f in sorted(base.glob("*.md")):
        question, answer = f.read_text(encoding="utf-8").splitlines()[:2]
        lines.append(f"- **{question}** {answer} ([{f.stem}](notebooks/{f.stem}.ipynb))")
    return "\n".join(lines)


def update_readme_answers(readme: str | Path | None = None) -> bool:
    """Rewrite the answers block of README.md; returns True if it changed."""
    path = Path(readme) if readme is not None else paths.ROOT / "README.md"
    if not path.exists():
        return False
    text = path.read_text(encoding="utf-8")
    if ANSWERS_BEGIN not in text:
        return False
    head, rest = text.split(ANSWERS_BEGIN, 1)
    tail = rest.split(ANSWERS_END, 1)[1]
    new = f"{head}{ANSWERS_BEGIN}\n{answers_block()}\n{ANSWERS_END}{tail}"
    if new != text:
        path.write_text(new, encoding="utf-8")
        return True
    return False
