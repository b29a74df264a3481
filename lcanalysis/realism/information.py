"""The information set: when each input of the analysis became public.

An ex-ante probability may use only what was public before the report was
delivered (Liaocheng: 2024-01-12).  Every figure of ``growth_targets`` gets a
publication date, or the latest date it can have been published, from

* ``data/external/release_dates.csv`` — documents whose delivery day matters
  here (the national reports of 2023–2025, the Liaocheng report), with sources;
* a national report not listed there: the year of its report (a report of year
  *Y* is delivered to the National People's Congress during *Y*; the day is not
  in ``data/corpus``, whose files were stripped of their date lines), so
  ``published_latest`` is the 31 December of *Y*;
* a sourced or user figure: the date its ``source`` text gives (2024-01-23; a
  URL path such as ``/2015-01/27/``, ``/t20240126_``, ``/n3/2024/0124/``; a
  day-month and year such as ``11-19, 2020``; a month ``2025-01``; or a year in
  the source's description, such as ``copy of 2025 Qingdao work report``), the
  date another row with the same URL gives, or else unknown — and an unknown
  date is never ex ante.

:func:`information_set` adds ``published``, ``published_latest``,
``published_basis`` and ``ex_ante`` (published_latest before the cut-off) to a
growth table.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from pathlib import Path

import pandas as pd

from .. import paths
from ..errors import TableError, require_columns

RELEASE_COLUMNS = ["document", "published", "source", "note"]
#: delivery day of the Liaocheng 2024 report (data/README.md, raw/)
REPORT_DATE = "2024-01-12"

_DAY_PATTERNS = [
    re.compile(r"(?<![\d/])((?:19|20)\d\d)-(\d\d)-(\d\d)(?!\d)"),
    re.compile(r"/((?:19|20)\d\d)-(\d\d)/(\d\d)/"),
    re.compile(r"/t((?:19|20)\d\d)(\d\d)(\d\d)_"),
    re.compile(r"/((?:19|20)\d\d)(\d\d)(\d\d)/"),
    re.compile(r"/((?:19|20)\d\d)/(\d\d)(\d\d)/"),
    re.compile(r"/((?:19|20)\d\d)/(\d\d)/(\d\d)/"),
]
_DAY_MONTH_YEAR = re.compile(r"(?<!\d)(\d\d)-(\d\d), ((?:19|20)\d\d)")
_MONTH_PATTERNS = [re.compile(r"(?<![\d/-])((?:19|20)\d\d)-(\d\d)(?![\d-])"),
                   re.compile(r"/((?:19|20)\d\d)(\d\d)/")]
_YEAR_IN_TEXT = re.compile(r"\(([^)]*?)\b((?:19|20)\d\d)\b[^)]*\)")


def _month_end(y: int, m: int) -> date:
    return date(y, m, calendar.monthrange(y, m)[1])


def source_date(source: str | None) -> tuple[date | None, date | None, str]:
    """(published, published_latest, basis) from a source text: an exact day,
    or only the latest day (end of a month or a year), or nothing."""
    s = source if isinstance(source, str) else ""
    for p in _DAY_PATTERNS:
        m = p.search(s)
        if m:
            try:
                d = date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
            except ValueError:
                continue
            return d, d, "day in the source"
    m = _DAY_MONTH_YEAR.search(s)
    if m:
        d = date(int(m.group(3)), int(m.group(1)), int(m.group(2)))
        return d, d, "day in the source"
    for p in _MONTH_PATTERNS:
        m = p.search(s)
        if m and 1 <= int(m.group(2)) <= 12:
            return None, _month_end(int(m.group(1)), int(m.group(2))), "month in the source"
    m = _YEAR_IN_TEXT.search(s)
    if m:
        return None, date(int(m.group(2)), 12, 31), "year in the source"
    return None, None, "unknown"


def load_release_dates(path: str | Path | None = None) -> pd.DataFrame:
    """``data/external/release_dates.csv``: document (doc_id), published
    (YYYY-MM-DD), source, note; every row needs a source."""
    p = Path(path) if path is not None else paths.EXTERNAL / "release_dates.csv"
    shown = paths.display(p)
    if not p.is_file():
        raise TableError(f"{shown} not found — restore it from the repository or pass path=")
    df = pd.read_csv(p, dtype=str, keep_default_na=False, comment="#")
    missing = [c for c in RELEASE_COLUMNS if c not in df.columns]
    if missing:
        raise TableError(f"{shown} is missing column(s) {', '.join(missing)}; "
                         f"expected: {','.join(RELEASE_COLUMNS)}")
    for i, r in df.iterrows():
        where = f"{shown} line {i + 2} ({r['document']})"
        if not r["source"].strip():
            raise TableError(f"{where} has no source — give the document that states the date")
        try:
            date.fromisoformat(r["published"])
        except ValueError:
            raise TableError(f"{where}: published {r['published']!r} is not a date YYYY-MM-DD") from None
    return df


def information_set(growth: pd.DataFrame, *, cutoff: str = REPORT_DATE,
                    releases: pd.DataFrame | None = None) -> pd.DataFrame:
    """``growth`` with ``published`` (the day, where known), ``published_latest``
    (the latest day it can have been public), ``published_basis`` and
    ``ex_ante``: True only if ``published_latest`` is before ``cutoff``."""
    require_columns(growth, ["doc_id", "source", "origin"], what="growth")
    cut = date.fromisoformat(cutoff)
    rel = load_release_dates() if releases is None else releases
    known = dict(zip(rel["document"], rel["published"]))
    by_url: dict[str, tuple] = {}
    for s in growth["source"].dropna().unique():
        d = source_date(s)
        url = str(s).split(" ")[0]
        if d[1] is not None and url.startswith("http") and url not in by_url:
            by_url[url] = d
    pub, latest, basis = [], [], []
    for r in growth.itertuples():
        doc = r.doc_id if isinstance(r.doc_id, str) else ""
        if doc in known:
            d = date.fromisoformat(known[doc])
            row = (d, d, "release_dates.csv")
        elif doc.startswith("national-"):
            y = int(re.search(r"\d{4}", doc).group())
            row = (None, date(y, 12, 31), "year of the national report")
        elif isinstance(r.source, str) and r.source:
            row = source_date(r.source)
            url = r.source.split(" ")[0]
            if row[1] is None and url in by_url:
                row = (*by_url[url][:2], "date of the same URL in another row")
        else:
            row = (None, None, "unknown")
        pub.append(row[0])
        latest.append(row[1])
        basis.append(row[2])
    out = growth.copy()
    out["published"] = pd.array([d.isoformat() if d else pd.NA for d in pub], dtype="string")
    out["published_latest"] = pd.array([d.isoformat() if d else pd.NA for d in latest], dtype="string")
    out["published_basis"] = pd.array(basis, dtype="string")
    out["ex_ante"] = [d is not None and d < cut for d in latest]
    return out
