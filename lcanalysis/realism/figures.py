"""External figures (``data/external/``) and the long table of targets and
outturns, ``data/processed/growth_targets.csv``."""

from __future__ import annotations

import io
import re
from pathlib import Path

import numpy as np
import pandas as pd

from .. import paths
from ..corpus import Report
from ..errors import TableError, require_columns
from ._common import (FIGURE_COLUMNS, GROWTH_COLUMNS, KINDS, LEVELS, NOT_AVAILABLE, REGION_ORDER,
                      UNUSABLE_NOTE, _growth_typed, _report_year)
from .semantics import target_semantics
from .series import DEFAULT_UNITS


def _with_semantics(df: pd.DataFrame, wording: pd.Series | None = None) -> pd.DataFrame:
    """The ``semantics`` of every target row (:func:`~.semantics.target_semantics`
    from qualifier, indicator and, where given, the words of the target's clause);
    empty for outturns."""
    sem = []
    for i, r in df.iterrows():
        if r["kind"] != "target":
            sem.append("")
            continue
        w = wording.get(i, "") if wording is not None else ""
        sem.append(target_semantics(r["qualifier"] if isinstance(r["qualifier"], str) else "",
                                    r["indicator"], wording=w if isinstance(w, str) else "",
                                    value_high=r["value_high"]))
    return df.assign(semantics=pd.array(sem, dtype="string"))[GROWTH_COLUMNS]

# -- external figures -------------------------------------------------------------
def _parse_value(text: str, where: str) -> tuple[float, float]:
    s = str(text).strip()
    m = re.fullmatch(r"(-?\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?", s)
    if not m:
        raise TableError(f"{where}: value {s!r} is not a number or a range like 6.5-7")
    return float(m.group(1)), float(m.group(2)) if m.group(2) else np.nan


def _read_figures(path: Path, *, require_source: bool) -> pd.DataFrame:
    shown = paths.display(path)
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    # remember each kept line's number in the file, for messages and provenance
    kept, numbers = [], []
    for n, line in enumerate(lines, start=1):
        if line.lstrip().startswith("#") or not line.strip():
            continue
        kept.append(line)
        numbers.append(n)
    if not kept:
        raise TableError(f"{shown} has no header line; expected: {','.join(FIGURE_COLUMNS)}")
    raw = pd.read_csv(io.StringIO("".join(kept)), dtype=str, keep_default_na=False)
    missing = [c for c in FIGURE_COLUMNS if c not in raw.columns]
    if missing:
        raise TableError(f"{shown} is missing column(s) {', '.join(missing)}; "
                         f"expected: {','.join(FIGURE_COLUMNS)}")
    rows = []
    for i, r in enumerate(raw.itertuples(index=False)):
        line = numbers[i + 1]
        where = f"{shown} line {line} ({r.region} {r.year} {r.indicator})"
        for col in ("region", "year", "indicator", "unit"):
            if not getattr(r, col).strip():
                raise TableError(f"{where}: {col} is empty")
        if require_source and not r.source.strip():
            raise TableError(
                f"{where} has no source — every figure needs the document it was read from "
                f"(title, table/page or URL) in the source column")
        if r.kind not in KINDS:
            raise TableError(f"{where}: kind {r.kind!r} is not one of {', '.join(KINDS)}")
        value, high = _parse_value(r.value, where)
        qual = r.qualifier.strip()
        if not np.isnan(high) and qual == "":
            qual = "区间"
        level = r.level.strip() or LEVELS.get(r.region.strip(), "city")
        rows.append(dict(region=r.region.strip(), level=level, year=r.year.strip(),
                         indicator=r.indicator.strip(), kind=r.kind, value=value, value_high=high,
                         qualifier=qual, unit=r.unit.strip(), source=r.source.strip(),
                         doc_id=pd.NA, sentence_id=pd.NA, quote=pd.NA,
                         origin=f"{shown}#{line}",
                         usable=not UNUSABLE_NOTE.match(r.note), note=r.note.strip()))
    return _growth_typed(_with_semantics(pd.DataFrame(rows, columns=GROWTH_COLUMNS)))


def load_sourced_figures(path: str | Path | None = None) -> pd.DataFrame:
    """``data/external/sourced_figures.csv`` in the columns of growth_targets.csv
    (a range ``6.5-7`` becomes value 6.5, value_high 7, qualifier 区间; ``origin``
    is ``file#line``; ``usable`` is False for rows whose note starts with
    LIKELY MISREADING or CONFLICTS)."""
    p = Path(path) if path is not None else paths.EXTERNAL / "sourced_figures.csv"
    return _read_figures(p, require_source=True)


def load_user_figures(path: str | Path | None = None) -> pd.DataFrame:
    """``data/external/user_figures.csv``: figures a user adds, same columns as
    sourced_figures.csv; lines starting with ``#`` are comments.  Every row needs
    a non-empty ``source``; a missing file is an empty table."""
    p = Path(path) if path is not None else paths.EXTERNAL / "user_figures.csv"
    if not p.is_file():
        return _growth_typed(pd.DataFrame(columns=GROWTH_COLUMNS))
    return _read_figures(p, require_source=True)


# -- the growth-targets table ------------------------------------------------------
def _from_national(series: pd.DataFrame) -> pd.DataFrame:
    rows = []
    for r in series.itertuples(index=False):
        rows.append(dict(
            region="全国", level="nation", year=str(r.year), indicator=r.indicator,
            kind="target" if r.role == "target" else "preliminary", value=r.value,
            value_high=r.value_high, qualifier=r.qualifier,
            unit=r.unit if pd.notna(r.unit) else DEFAULT_UNITS.get(r.indicator, pd.NA),
            source=f"data/corpus/{r.doc_id}.txt", doc_id=r.doc_id, sentence_id=r.sentence_id,
            quote=r.quote, origin="report text", usable=True, semantics="",
            note=(r.note or "") if r.role == "target" else
            ("; ".join(x for x in (f"first reported in the {r.report_year} report", r.note or "") if x))))
    df = pd.DataFrame(rows, columns=GROWTH_COLUMNS)
    return _with_semantics(df, df["quote"]) if len(df) else df


def _from_ledger(ledger: pd.DataFrame, report: Report) -> pd.DataFrame:
    require_columns(ledger, ["indicator_key", "target_value", "target_value_high", "unit",
                             "qualifier", "target_quote", "target_sentence_id", "previous_value",
                             "previous_kind", "previous_qualifier", "previous_quote",
                             "previous_sentence_id"], what="ledger")
    year = _report_year(report) or 2024
    source = report.source
    rows = []
    for r in ledger[ledger["indicator_key"].notna() & (ledger["indicator_key"] != "other") & ledger["target_value"].notna()].itertuples():
        common = dict(region="聊城", level="city", indicator=r.indicator_key, unit=r.unit,
                      source=source, doc_id=report.doc_id, origin="report text", usable=True)
        qual = r.qualifier if isinstance(r.qualifier, str) else ""
        rows.append(dict(common, year=str(year), kind="target", value=r.target_value,
                         value_high=r.target_value_high,
                         qualifier="区间" if pd.notna(r.target_value_high) and not qual else qual,
                         sentence_id=r.target_sentence_id, quote=r.target_quote, note="",
                         _wording=r.target_text))
        if pd.notna(r.previous_value):
            pq = r.previous_qualifier if isinstance(r.previous_qualifier, str) else ""
            note = ("estimated (预计) in the 2024 report" if r.previous_kind == "estimated"
                    else "stated as achieved in the 2024 report")
            rows.append(dict(common, year=str(year - 1), kind="preliminary", value=r.previous_value,
                             value_high=np.nan, qualifier=pq, sentence_id=r.previous_sentence_id,
                             quote=r.previous_quote, note=note))
        else:
            rows.append(dict(common, year=str(year - 1), kind="preliminary", value=np.nan,
                             value_high=np.nan, qualifier="", sentence_id=pd.NA, quote=pd.NA,
                             note="not stated: the 2024 report gives no 2023 figure"))
    df = pd.DataFrame(rows, columns=GROWTH_COLUMNS + ["_wording"])
    return _with_semantics(df, df["_wording"]) if len(df) else df[GROWTH_COLUMNS]


def _sort(df: pd.DataFrame) -> pd.DataFrame:
    order = df.assign(
        _region=df["region"].map(REGION_ORDER).fillna(len(REGION_ORDER)).astype(int),
        _kind=df["kind"].map({k: i for i, k in enumerate(KINDS)}),
        _origin=df["origin"].map(lambda o: (0 if o == "report text" else 1 if "sourced" in str(o) else 2)),
        _line=df["origin"].str.extract(r"#(\d+)$")[0].astype("float64").fillna(0))
    order = order.sort_values(["_region", "region", "indicator", "year", "_kind", "_origin", "_line",
                               "value"], kind="stable", na_position="last")
    return order.drop(columns=["_region", "_kind", "_origin", "_line"]).reset_index(drop=True)


def growth_targets(national: pd.DataFrame, ledger: pd.DataFrame, report: Report,
                   sourced: pd.DataFrame, user: pd.DataFrame | None = None, *,
                   outturn_year: int | None = None) -> pd.DataFrame:
    """The long table of growth targets and outturns: the national series (from
    :func:`national_series`), the city's targets and previous-year figures (from
    its ledger), sourced and user figures, and — for every numeric target of the
    city that no source gives an outturn for — a row with a missing value and the
    note "not available in the package's sources".  Deterministic row order:
    全国, 山东, 聊城, other cities; then indicator, year, kind, origin."""
    user = user if user is not None else load_user_figures()
    parts = [_from_national(national), _from_ledger(ledger, report), sourced, user]
    df = pd.concat([p for p in parts if len(p)], ignore_index=True)
    year = outturn_year or (_report_year(report) or 2024)
    city_targets = df[(df["region"] == "聊城") & (df["kind"] == "target") & (df["year"] == str(year))]
    have = df[(df["region"] == "聊城") & (df["year"] == str(year)) & df["value"].notna()
              & df["kind"].isin(["preliminary", "actual", "revised"])]
    gaps = []
    for r in city_targets.itertuples():
        if r.indicator in set(have["indicator"]):
            continue
        gaps.append(dict(region="聊城", level="city", year=str(year), indicator=r.indicator,
                         kind="actual", value=np.nan, value_high=np.nan, qualifier="", semantics="",
                         unit=r.unit,
                         source=pd.NA, doc_id=pd.NA, sentence_id=pd.NA, quote=pd.NA,
                         origin="gap", usable=True,
                         note=f"{NOT_AVAILABLE} (data/external/README.md, known gaps); add it to "
                              "data/external/user_figures.csv with its source"))
    if gaps:
        df = pd.concat([df, pd.DataFrame(gaps, columns=GROWTH_COLUMNS)], ignore_index=True)
    return _sort(_growth_typed(df))



#: the report whose targets the sourced city figures, release dates and escalation
#: chain of notebook 05 are about: place (as the title names it) and year planned
COVERED_PLACE, COVERED_YEAR = "聊城", 2024


def coverage(report) -> tuple[bool, str]:
    """Whether notebook 05's sourced figures cover ``report``: (ok, message).
    They are Shandong's and its cities', dated for Liaocheng's 2024 report
    (``data/external/sourced_figures.csv``, ``release_dates.csv``), so the
    forecasts and the scorecard apply to that report only."""
    from ..indicators import report_year

    title = "".join(report.sentences.loc[report.sentences["part"].isna(), "text"].astype(str).head(3))
    year = report_year(report)
    if COVERED_PLACE in title and year == COVERED_YEAR:
        return True, ""
    return False, (
        f"This notebook's sourced figures (data/external/sourced_figures.csv), release dates and "
        f"escalation chain are those of {COVERED_PLACE} {COVERED_YEAR} and its province, and "
        f"{report.doc_id} (planning {year or 'an unknown year'}) is not that report, so no forecast "
        f"or scorecard is made for it: that needs its own place's growth figures and their release "
        f"dates, which the package does not hold (see data/README.md, external/).")
