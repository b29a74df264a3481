"""Writing tables: processed data (``data/processed/``) and tables for papers
(``tables/``: CSV, and LaTeX booktabs in Chinese and English with headers from
the glossary and number formats per column), byte-identical on every rerun."""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

import pandas as pd

from . import paths
from .errors import UnknownLabelError
from .glossary import LANGS, Lang, check_lang, label


def save_processed(df: pd.DataFrame, name: str, *, directory: str | Path | None = None) -> Path:
    """Write ``data/processed/<name>.csv`` (UTF-8, LF, no index)."""
    base = Path(directory) if directory is not None else paths.PROCESSED
    base.mkdir(parents=True, exist_ok=True)
    target = base / f"{name}.csv"
    df.to_csv(target, index=False, lineterminator="\n", encoding="utf-8")
    return target


#: a real minus sign (U+2212), never a hyphen, in every formatted number
MINUS = "\u2212"
#: width of a text block (pt): LaTeX's article class at 10 pt; tables are set in \small (9 pt)
TEXT_WIDTH_PT = 345.0
TABLE_FONT_PT = 9.0
TABCOLSEP_PT = 4.0
#: what an empty cell shows
MISSING = "—"
_NUMERIC = ("count", "year", "num", "signed", "percent", "p")


@lru_cache(maxsize=1)
def column_glossary() -> dict[str, dict[str, str]]:
    """column → {zh, en, format} of ``data/glossary/columns.csv``."""
    with (paths.GLOSSARY / "columns.csv").open(encoding="utf-8", newline="") as f:
        return {r["column"]: r for r in csv.DictReader(f)}


@lru_cache(maxsize=1)
def value_glossary() -> dict[str, dict[str, str]]:
    """cell value → {zh, en} of ``data/glossary/values.csv``."""
    with (paths.GLOSSARY / "values.csv").open(encoding="utf-8", newline="") as f:
        return {r["value"]: r for r in csv.DictReader(f)}


def _column(column: str, formats: dict | None) -> dict[str, str]:
    entry = column_glossary().get(str(column))
    if entry is None:
        raise UnknownLabelError(f"no header for table column {column!r} — add a row to "
                                "data/glossary/columns.csv (column, zh, en, format)")
    if formats and column in formats:
        entry = {**entry, "format": formats[column]}
    return entry


def _number(text: str) -> str:
    return text.replace("-", MINUS)


def _has_cjk(text: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in text)


def format_cell(value, fmt: str, lang: Lang = "zh") -> str:
    """One cell as shown in a paper table: ``count`` 1,234; ``year`` 2024;
    ``num:k`` k decimals; ``signed:k`` +0.5 / −0.5; ``percent:k`` a share as a
    percentage (0.159 → 15.9); ``p`` 0.012 / <0.001; ``bool`` 是/否, yes/no;
    ``value`` a code or word through ``data/glossary/values.csv``; ``label`` a
    glossary label; ``unit`` % or a glossary unit; ``topic`` a CAP topic code by
    name; ``quote`` and ``text`` as they are.  Missing values are —."""
    check_lang(lang)
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return MISSING
    kind, _, digits = fmt.partition(":")
    k = int(digits) if digits else 1
    if kind == "count":
        return _number(f"{int(round(float(value))):,}")
    if kind == "year":
        return str(int(value)) if not isinstance(value, str) else value
    if kind == "num":
        return _number(f"{float(value):.{k}f}")
    if kind == "signed":
        v = round(float(value), k)
        return f"{0:.{k}f}" if v == 0 else _number(f"{v:+.{k}f}")
    if kind == "percent":
        return _number(f"{100 * float(value):.{k}f}")
    if kind == "p":
        return "<0.001" if float(value) < 0.001 else f"{float(value):.3f}"
    if kind == "bool":
        yes = bool(value) if not isinstance(value, str) else value.lower() == "true"
        return ("是" if yes else "否") if lang == "zh" else ("yes" if yes else "no")
    if kind == "value":
        entry = value_glossary().get(str(value))
        if entry is not None:
            return entry[lang]
        if _has_cjk(str(value)):
            return label(str(value), lang)
        raise UnknownLabelError(f"no entry for table value {value!r} — add a row to "
                                "data/glossary/values.csv (value, zh, en)")
    if kind == "label":
        return label(str(value), lang)
    if kind == "unit":
        return "%" if value == "%" else label(str(value), lang)
    if kind == "topic":
        from .priorities import topics

        row = topics().set_index("code").loc[int(value)]
        return row["topic_zh"] if lang == "zh" else row["topic_en"]
    if kind in ("quote", "text"):
        return str(value)
    raise ValueError(f"unknown cell format {fmt!r} for value {value!r}; use one of count, year, "
                     "num:k, signed:k, percent:k, p, bool, value, label, unit, topic, quote, text")


def paper_table(df: pd.DataFrame, lang: Lang = "zh", *, columns=None,
                formats: dict | None = None) -> pd.DataFrame:
    """``df`` as a paper shows it: headers from ``data/glossary/columns.csv`` in
    ``lang``, every cell formatted by its column's format (see
    :func:`format_cell`), columns marked ``omit`` dropped; ``columns`` picks and
    orders columns.  Strings only, ready to print or to typeset."""
    check_lang(lang)
    cols = list(columns) if columns is not None else list(df.columns)
    out = {}
    for c in cols:
        entry = _column(c, formats)
        if entry["format"] == "omit":
            continue
        out[entry[lang]] = [format_cell(v, entry["format"], lang) for v in df[c].tolist()]
    return pd.DataFrame(out)


_TEX = {"\\": r"\textbackslash{}", "&": r"\&", "%": r"\%", "$": r"\$", "#": r"\#", "_": r"\_",
        "{": r"\{", "}": r"\}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}",
        "≥": r"\ensuremath{\geq}", "≤": r"\ensuremath{\leq}"}


def _tex_escape(value) -> str:
    """LaTeX's special characters escaped, one character at a time (≥ and ≤ as
    math, since Latin Modern has no glyph for them)."""
    s = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)
    return "".join(_TEX.get(ch, ch) for ch in s)


def _numeric(fmt: str) -> bool:
    return fmt.partition(":")[0] in _NUMERIC


def _width_em(text: str) -> float:
    """Rough width of ``text`` in em: a CJK character 1 em, anything else 0.55 em."""
    return sum(1.0 if (_has_cjk(ch) or ch in "（）：，、—") else 0.55 for ch in str(text))


def _header_lines(text: str, body_em: float) -> list[str]:
    """A header on one line, or two when it is much wider than its column."""
    if _width_em(text) <= max(body_em, 4.5) or len(text) < 6:
        return [text]
    points = [i for i, ch in enumerate(text) if ch in " （("] or [len(text) // 2]
    mid = len(text) / 2
    i = min(points, key=lambda k: abs(k - mid))
    return [text[:i].strip(), text[i:].strip()]


def _chunks(widths: list[float], n_key: int = 1) -> list[list[int]]:
    """Column indices of each tabular: the ``n_key`` first (key) columns in every
    one, the others filled in order while the text block has room."""
    budget = 0.9 * TEXT_WIDTH_PT / TABLE_FONT_PT  # the widths are estimates: keep a margin
    sep = 2 * TABCOLSEP_PT / TABLE_FONT_PT
    keys = list(range(min(n_key, len(widths))))
    key = sum(widths[i] + sep for i in keys)
    chunks, current, used = [], list(keys), key
    for i in range(len(keys), len(widths)):
        w = widths[i] + sep
        if used + w > budget and len(current) > len(keys):
            chunks.append(current)
            current, used = list(keys), key
        current.append(i)
        used += w
    chunks.append(current)
    return chunks


def to_latex(df: pd.DataFrame, *, caption: str = "", label: str = "", float_format: str = "%.3f",
             lang: Lang | None = None, formats: dict | None = None) -> str:
    """A booktabs table in ``\\small``.  With ``lang``, headers and cells come from
    :func:`paper_table` (glossary headers, per-column number formats, a real
    minus sign) and numeric columns are right-aligned; a table wider than a text
    block (:data:`TEXT_WIDTH_PT`) is split into stacked tabulars that each repeat
    the first column.  Without ``lang`` the frame is set as it is."""
    if lang is not None:
        fmts = [_column(c, formats)["format"] for c in df.columns]
        kept = [c for c, f in zip(df.columns, fmts) if f != "omit"]
        numeric = [_numeric(f) for f in fmts if f != "omit"]
        shown = paper_table(df, lang, formats=formats)
    else:
        kept = list(df.columns)
        numeric = [pd.api.types.is_numeric_dtype(df[c]) for c in kept]
        shown = pd.DataFrame({c: [_number(float_format % v) if isinstance(v, float) and not pd.isna(v)
                                  else ("" if pd.isna(v) else str(v)) for v in df[c].tolist()]
                              for c in kept})
    heads = list(shown.columns)
    body_em = [max([_width_em(v) for v in shown[h]] + [0.0]) for h in heads]
    header_lines = [_header_lines(h, w) for h, w in zip(heads, body_em)]
    widths = [max(w, *(_width_em(x) for x in lines)) for w, lines in zip(body_em, header_lines)]
    lines = [r"\begin{table}[htbp]", r"\centering", r"\small",
             rf"\setlength{{\tabcolsep}}{{{TABCOLSEP_PT:g}pt}}"]
    if caption:
        lines.append(rf"\caption{{{_tex_escape(caption)}}}")
    if label:
        lines.append(rf"\label{{{label}}}")
    # the key of a split table: its leading text columns (at most two), repeated in every part
    n_key = 1 + int(len(numeric) > 2 and not numeric[0] and not numeric[1])
    for n, chunk in enumerate(_chunks(widths, n_key)):
        if n:
            lines += ["", r"\medskip"]
        align = "".join("r" if numeric[i] else "l" for i in chunk)
        cells = []
        for i in chunk:
            parts = [_tex_escape(x) for x in header_lines[i]]
            a = "r" if numeric[i] else "l"
            cells.append(parts[0] if len(parts) == 1 else
                         rf"\begin{{tabular}}[b]{{@{{}}{a}@{{}}}}{parts[0]}\\ {parts[1]}\end{{tabular}}")
        lines += [rf"\begin{{tabular}}{{{align}}}", r"\toprule", " & ".join(cells) + r" \\", r"\midrule"]
        for row in shown.itertuples(index=False):
            lines.append(" & ".join(_tex_escape(row[i]) for i in chunk) + r" \\")
        lines += [r"\bottomrule", r"\end{tabular}"]
    lines += [r"\end{table}", ""]
    return "\n".join(lines)


def save_table(df: pd.DataFrame, name: str, *, caption: str | dict = "", float_format: str = "%.3f",
               directory: str | Path | None = None, latex_columns=None,
               formats: dict | None = None) -> list[Path]:
    """Write a table for papers: ``tables/<name>.csv`` (every column, numbers in
    ``float_format``, for machines) and ``tables/zh/<name>.tex`` and
    ``tables/en/<name>.tex`` (booktabs, headers and cells in the table's
    language, number formats per column from ``data/glossary/columns.csv``,
    overridable with ``formats``; ``latex_columns`` picks the columns a paper
    shows).  ``caption``: one text for both, or ``{"zh": …, "en": …}``.
    Compile with the preamble in the README."""
    base = Path(directory) if directory is not None else paths.TABLES
    base.mkdir(parents=True, exist_ok=True)
    csv_path = base / f"{name}.csv"
    df.to_csv(csv_path, index=False, lineterminator="\n", encoding="utf-8",
              float_format=float_format)
    out = [csv_path]
    shown = df[list(latex_columns)] if latex_columns is not None else df
    for lang in LANGS:
        text = caption.get(lang, "") if isinstance(caption, dict) else caption
        (base / lang).mkdir(exist_ok=True)
        tex_path = base / lang / f"{name}.tex"
        tex_path.write_text(to_latex(shown, caption=text, label=f"tab:{name}", lang=lang,
                                     formats=formats), encoding="utf-8")
        out.append(tex_path)
    return out


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
