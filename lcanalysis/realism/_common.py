"""Constants and small helpers shared by the realism modules."""

from __future__ import annotations

import re

import pandas as pd

from ..corpus import Report

KINDS = ("target", "preliminary", "actual", "revised")
#: columns of data/external/*.csv
FIGURE_COLUMNS = ["region", "level", "year", "indicator", "kind", "value", "unit", "qualifier",
                  "source", "note"]
#: columns of data/processed/growth_targets.csv
GROWTH_COLUMNS = ["region", "level", "year", "indicator", "kind", "value", "value_high",
                  "qualifier", "semantics", "unit", "source", "doc_id", "sentence_id", "quote", "origin",
                  "usable", "note"]
REGION_ORDER = {"全国": 0, "山东": 1, "聊城": 2}
LEVELS = {"全国": "nation", "山东": "province"}
#: notes in sourced_figures.csv that mark a row not to use (see data/external/README.md)
UNUSABLE_NOTE = re.compile(r"^\s*(?:LIKELY MISREADING|CONFLICTS)")
NOT_AVAILABLE = "not available in the package's sources"


def _report_year(report: Report) -> int | None:
    m = re.search(r"(?:19|20)\d\d", report.doc_id)
    return int(m.group()) if m else None


def _cite(row) -> str:
    if pd.notna(row.get("doc_id")) and pd.notna(row.get("sentence_id")):
        return f"{row['doc_id']} s{int(row['sentence_id'])}"
    return str(row["origin"])


def _growth_typed(df: pd.DataFrame) -> pd.DataFrame:
    df = df.astype({"value": "float64", "value_high": "float64", "sentence_id": "Int64",
                    "usable": "bool"})
    if "semantics" not in df.columns:
        df = df.assign(semantics=pd.NA)[GROWTH_COLUMNS]
    for col in ("region", "level", "year", "indicator", "kind", "qualifier", "semantics", "unit", "source",
                "doc_id", "quote", "origin", "note"):
        df[col] = df[col].astype("string")
    return df

