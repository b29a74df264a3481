"""Growth-target realism: were the 2024 targets achievable, and were they achieved?

Stage ``realism`` (after ``indicators``): it reads numbers, never types them.

* :func:`select_headline` picks, in one national work report, the year's GDP growth
  target and the previous year's growth as first reported (and the CPI and
  urban-jobs targets), from the rows of :func:`lcanalysis.extract_indicators`, by
  the rules written out below; :func:`national_series` does it for every report
  year (a year with no report in ``data/corpus`` or no stated figure is a row
  with a missing value and a note); :func:`wide_series` shows it one row a year.
* :func:`load_sourced_figures` / :func:`load_user_figures` read
  ``data/external/``; :func:`growth_targets` joins everything into the long table
  ``data/processed/growth_targets.csv`` (one row per region, year, indicator,
  kind and origin).
* :func:`ledger_analysis` (targets against the previous year; nominal against
  real), :func:`target_met`, :func:`track_record`, :func:`track_summary` and
  :func:`tolerance_sensitivity` (how often targets were met), :func:`escalation`
  and :func:`premiums` (nation → province → city), :func:`first_reported`,
  :func:`contiguous_run`, :func:`backtest`, :func:`backtest_scores`,
  :func:`forecast`, :func:`target_as_forecast`, :func:`reach_probabilities` and
  :func:`simulate_city` (how likely the 2024 targets were, ex ante),
  :func:`ex_post` (what happened, where a source says).

Selection rules (:func:`select_headline`), for a report of year *Y*
-------------------------------------------------------------------
1. *Candidates* for GDP growth are rows in per cent whose indicator key is
   ``gdp_growth`` (国内生产总值增长, 国民生产总值增长, 经济增长…), or the first
   per-cent quantity of a sentence whose text before it names GDP/经济增长 and then
   a target word (…经济增长速度的宏观调控目标，定为百分之八至九).
2. Excluded: period averages and cumulative changes (年均, 平均, 五年, 期间, 相比,
   比2000年, “十五”, 翻番) anywhere in the sentence before the number, and other
   measures in the number's own clause (贡献率, 比重, 占, 能耗, 单位…).
3. *Role*: a candidate is a target if the text of its sentence before it has a
   forward-looking cue (今年, 计划, 目标是/为/定为, 预期为, "Y年") and no
   backward-looking one (过去一年, 去年, 上年, 一年来, "Y−1年"); a previous-year
   figure if it has a backward-looking cue and no forward-looking one.  (Words
   such as 好于预期 or 实现年初确定的主要目标 in a review are not target cues.)
   Otherwise the extractor's ``kind`` decides: achieved/estimated → previous;
   target → target, unless the sentence before has a backward-looking cue and no
   forward-looking one (2011: part 三 opens "过去一年…。国内生产总值增长10.3%…");
   other → by the year the extractor assigns (Y−1 → previous, Y → target).
4. The first candidate of each role in reading order wins.  A range
   (6.5%－7%, 百分之八至九) keeps both ends and gets the qualifier 区间.

The rules were checked against every report year 1992–2025 read by hand
(``tests/test_realism.py`` holds a sample of them).
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from statistics import NormalDist
from typing import Literal

import numpy as np
import pandas as pd

from . import paths
from .corpus import Report, load_report
from .errors import TableError, require_columns
from .indicators import extract_indicators, headline_keys

#: kinds of a figure in growth_targets.csv
KINDS = ("target", "preliminary", "actual", "revised")
#: columns of data/external/*.csv
FIGURE_COLUMNS = ["region", "level", "year", "indicator", "kind", "value", "unit", "qualifier",
                  "source", "note"]
#: columns of data/processed/growth_targets.csv
GROWTH_COLUMNS = ["region", "level", "year", "indicator", "kind", "value", "value_high",
                  "qualifier", "unit", "source", "doc_id", "sentence_id", "quote", "origin",
                  "usable", "note"]
REGION_ORDER = {"全国": 0, "山东": 1, "聊城": 2}
LEVELS = {"全国": "nation", "山东": "province"}
#: notes in sourced_figures.csv that mark a row not to use (see data/external/README.md)
UNUSABLE_NOTE = re.compile(r"^\s*(?:LIKELY MISREADING|CONFLICTS)")
NOT_AVAILABLE = "not available in the package's sources"

# -- selection cues ---------------------------------------------------------------
GDP_TARGET_PHRASE = re.compile(r"(?:(?:国内|国民)生产总值|GDP|经济增长)[^。；%]*?(?:目标|预期)")
PERIOD_CUE = re.compile(
    r"年均|平均|今后五年|五年|期间|相比|比(?:19|20)\d\d年|“[一二三四五六七八九十]+五”|翻")
OTHER_MEASURE_CUE = re.compile(r"贡献|比重|占|能耗|能源|单位")
RETAIL_PRICE_CUE = re.compile(r"零售|出厂|生产资料")
#: forward-looking words: 今年, 计划, "…目标是/为/定为", 预期为 (not 好于预期, 实现…目标)
TARGET_CUE = r"今年|计划|目标(?:是|为|，?定为)|预期为"
#: backward-looking words
REVIEW_CUE = r"过去一年|去年|上年|一年来"
#: how many sentences after the GDP target a CPI or jobs target may stand in
TARGET_LIST_WINDOW = 4
CLAUSE_DELIMS = "，；：,;:"
DEFAULT_UNITS = {"gdp_growth": "%", "cpi": "%", "new_urban_jobs": "万人"}
KEY_NAMES = {"gdp_growth": "GDP growth", "cpi": "CPI", "new_urban_jobs": "new urban jobs"}
SELECT_COLUMNS = ["doc_id", "report_year", "indicator", "role", "year", "value", "value_high",
                  "qualifier", "unit", "sentence_id", "quote", "note"]


def _context(report: Report, ind: pd.DataFrame) -> pd.DataFrame:
    """Indicator rows with the text of their sentence before the quote (``pre``),
    of their clause before it (``clause_pre``), the previous sentence (``prev``)
    and whether the row is the first per-cent quantity of its sentence."""
    sent = report.sentences.set_index("sentence_id")
    out = ind.copy()
    pre, clause_pre, prev = [], [], []
    for r in out.itertuples():
        s_start = int(sent.at[r.sentence_id, "start"])
        p = report.text[s_start : r.start]
        pre.append(p)
        cut = max(p.rfind(d) for d in CLAUSE_DELIMS)
        clause_pre.append(p[cut + 1 :])
        prev.append(str(sent.at[r.sentence_id - 1, "text"]) if r.sentence_id - 1 in sent.index else "")
    out["pre"], out["clause_pre"], out["prev"] = pre, clause_pre, prev
    pct = out[out["unit"] == "%"]
    first = pct.groupby("sentence_id")["start"].transform("min")
    out["first_pct"] = False
    out.loc[pct.index, "first_pct"] = pct["start"] == first
    return out


def _cues(report_year: int | None) -> tuple[re.Pattern, re.Pattern]:
    """Target and review cues; the report's year (2006年…) is a target cue, the
    year before (2012年，…) a review cue."""
    t, r = TARGET_CUE, REVIEW_CUE
    if report_year is not None:
        t, r = f"{t}|{report_year}年", f"{r}|{report_year - 1}年"
    return re.compile(t), re.compile(r)


def _role(r, report_year: int | None) -> str | None:
    target_cue, review_cue = _cues(report_year)
    own_t, own_r = bool(target_cue.search(r.pre)), bool(review_cue.search(r.pre))
    if own_t and not own_r:
        return "target"
    if own_r and not own_t:
        return "previous"
    if r.kind in ("achieved", "estimated"):
        return "previous"
    if r.kind == "target":
        if review_cue.search(r.prev) and not target_cue.search(r.prev):
            return "previous"
        return "target"
    if report_year is not None and pd.notna(r.year):
        return {report_year - 1: "previous", report_year: "target"}.get(int(r.year))
    return None


def _report_year(report: Report) -> int | None:
    m = re.search(r"(?:19|20)\d\d", report.doc_id)
    return int(m.group()) if m else None


def _candidates(c: pd.DataFrame, key: str) -> tuple[pd.DataFrame, pd.Series]:
    """Rows that may state ``key`` (rules 1–2) and, aligned, whether each is a
    period average or cumulative change (excluded)."""
    if key == "gdp_growth":
        named = (c["indicator_key"] == key) | (c["first_pct"] & c["pre"].str.contains(GDP_TARGET_PHRASE))
        other = (c["clause_pre"].str.contains(OTHER_MEASURE_CUE)
                 | c["indicator"].fillna("").str.contains(OTHER_MEASURE_CUE))
        base = c[(c["unit"] == "%") & named & ~other]
    else:
        base = c[c["indicator_key"] == key]
        if key == "cpi":  # 零售物价 (retail prices, the 1990s headline) is not the CPI
            base = base[~base["indicator"].fillna("").str.contains(RETAIL_PRICE_CUE)]
    return base, (base["pre"] + base["quote"]).str.contains(PERIOD_CUE)


def select_headline(report: Report, indicators: pd.DataFrame | None = None, *,
                    key: str = "gdp_growth", report_year: int | None = None) -> pd.DataFrame:
    """The ``key`` target of the report's year and, for GDP growth, the previous
    year's growth as the report states it.

    GDP growth: two rows (role ``target`` and ``previous``) chosen by the rules
    in the module docstring.  Other keys (``cpi``, ``new_urban_jobs``): one row,
    the target — the first row of that key among the GDP target's sentence and
    the :data:`TARGET_LIST_WINDOW` sentences after it (the list of main targets);
    their previous-year figures are not selected, because the reviews mix
    single-year and five-year cumulative figures.  In a report with no GDP
    target (2020) the first row of the key in a target role (rule 3) is taken.
    Retail-price targets (零售物价) are not CPI targets.  Each row has value, range
    end, qualifier, unit, sentence_id and quote, or a missing value and a note
    that says why."""
    ind = extract_indicators(report) if indicators is None else indicators
    require_columns(ind, ["sentence_id", "start", "quote", "indicator", "indicator_key", "unit",
                          "value", "value_high", "kind", "year", "qualifier"], what="indicators")
    year = report_year if report_year is not None else _report_year(report)
    c = _context(report, ind)
    base, period = _candidates(c, "gdp_growth")
    cands = base[~period]
    roles = pd.Series([_role(r, year) for r in cands.itertuples()], index=cands.index, dtype=object)
    picked = {role: cands[roles == role].sort_values("start") for role in ("target", "previous")}
    name = KEY_NAMES.get(key, key)
    if key != "gdp_growth":
        gdp = picked["target"]
        own, own_period = _candidates(c, key)
        if len(gdp):
            sid = int(gdp["sentence_id"].iloc[0])
            window = own["sentence_id"].between(sid, sid + TARGET_LIST_WINDOW)
            picked = {"target": own[window & ~own_period].sort_values("start")}
            why = f"not stated: no {name} target in the list of main targets (sentences {sid}–{sid + TARGET_LIST_WINDOW})"
        else:
            # no GDP target, so no located list: the first row of the key in a target role
            own_roles = pd.Series([_role(r, year) for r in own[~own_period].itertuples()],
                                  index=own[~own_period].index, dtype=object)
            picked = {"target": own[~own_period][own_roles == "target"].sort_values("start")}
            why = f"not stated: no GDP growth target and no {name} target found in the report text"
    rows = []
    for role, hit in picked.items():
        row = dict(doc_id=report.doc_id, report_year=year, indicator=key, role=role,
                   year=(year if role == "target" else year - 1) if year else pd.NA)
        if len(hit):
            h = hit.iloc[0]
            qual = h["qualifier"] if isinstance(h["qualifier"], str) else ""
            if pd.notna(h["value_high"]) and qual == "":
                qual = "区间"
            row.update(value=h["value"], value_high=h["value_high"], qualifier=qual, unit=h["unit"],
                       sentence_id=int(h["sentence_id"]), quote=h["quote"], note="")
        elif key != "gdp_growth":
            row.update(qualifier="", note=why)
        else:
            what = f"{name} target" if role == "target" else f"single-year {name} figure for the previous year"
            note = f"not stated: no {what} found in the report text"
            excluded = base[period]
            if len(excluded):
                e = excluded.sort_values("start").iloc[0]
                note += (f" (only period averages or cumulative changes, e.g. '{e['quote']}' in "
                         f"sentence {int(e['sentence_id'])})")
            row.update(qualifier="", note=note)
        rows.append(row)
    return _typed(pd.DataFrame(rows, columns=SELECT_COLUMNS))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    df = df.astype({"value": "float64", "value_high": "float64", "sentence_id": "Int64",
                    "report_year": "Int64", "year": "Int64"})
    for col in ("doc_id", "indicator", "role", "qualifier", "unit", "quote", "note"):
        df[col] = df[col].astype("string")
    return df


def national_series(first: int = 1990, last: int = 2025, *,
                    keys: tuple[str, ...] = ("gdp_growth",),
                    directory: str | Path | None = None) -> pd.DataFrame:
    """:func:`select_headline` for every national report ``national-<year>.txt``
    from ``first`` to ``last`` (rows per report year as there).  A year with no
    report in the corpus keeps its rows, with missing values and a note."""
    base = Path(directory) if directory is not None else paths.CORPUS
    frames = []
    for year in range(first, last + 1):
        path = base / f"national-{year}.txt"
        if not path.is_file():
            for key in keys:
                roles = ("target", "previous") if key == "gdp_growth" else ("target",)
                frames.append(_typed(pd.DataFrame([
                    dict(doc_id=f"national-{year}", report_year=year, indicator=key, role=role,
                         year=year if role == "target" else year - 1, qualifier="",
                         note=f"not available: no national report for {year} in data/corpus")
                    for role in roles], columns=SELECT_COLUMNS)))
            continue
        report = load_report(path, doc_id=f"national-{year}", require_outline=False)
        ind = extract_indicators(report)
        for key in keys:
            frames.append(select_headline(report, ind, key=key, report_year=year))
    return pd.concat(frames, ignore_index=True)


def wide_series(series: pd.DataFrame, key: str = "gdp_growth") -> pd.DataFrame:
    """One row per report year of :func:`national_series`: the target and the
    previous year's figure side by side (quote and sentence), and the notes."""
    g = series[series["indicator"] == key]
    t = g[g["role"] == "target"].set_index("report_year")
    p = g[g["role"] == "previous"].set_index("report_year")
    out = pd.DataFrame({"target": t["value"], "target_high": t["value_high"],
                        "qualifier": t["qualifier"], "target_quote": t["quote"],
                        "target_sentence": t["sentence_id"]})
    if len(p):
        out["previous_year"] = p["year"]
        out["previous"] = p["value"]
        out["previous_quote"] = p["quote"]
        out["previous_sentence"] = p["sentence_id"]
        notes = ["; ".join(dict.fromkeys(x for x in (a, b) if isinstance(x, str) and x))
                 for a, b in zip(t["note"].reindex(out.index), p["note"].reindex(out.index))]
    else:
        notes = list(t["note"])
    out["note"] = pd.array([n or "" for n in notes], dtype="string")
    return out.reset_index()


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
    return _growth_typed(pd.DataFrame(rows, columns=GROWTH_COLUMNS))


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


def _growth_typed(df: pd.DataFrame) -> pd.DataFrame:
    df = df.astype({"value": "float64", "value_high": "float64", "sentence_id": "Int64",
                    "usable": "bool"})
    for col in ("region", "level", "year", "indicator", "kind", "qualifier", "unit", "source",
                "doc_id", "quote", "origin", "note"):
        df[col] = df[col].astype("string")
    return df


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
            quote=r.quote, origin="report text", usable=True,
            note=(r.note or "") if r.role == "target" else
            ("; ".join(x for x in (f"first reported in the {r.report_year} report", r.note or "") if x))))
    return pd.DataFrame(rows, columns=GROWTH_COLUMNS)


def _from_ledger(ledger: pd.DataFrame, report: Report) -> pd.DataFrame:
    require_columns(ledger, ["indicator_key", "target_value", "target_value_high", "unit",
                             "qualifier", "target_quote", "target_sentence_id", "previous_value",
                             "previous_kind", "previous_qualifier", "previous_quote",
                             "previous_sentence_id"], what="ledger")
    year = _report_year(report) or 2024
    source = report.source
    rows = []
    for r in ledger[ledger["indicator_key"].notna() & ledger["target_value"].notna()].itertuples():
        common = dict(region="聊城", level="city", indicator=r.indicator_key, unit=r.unit,
                      source=source, doc_id=report.doc_id, origin="report text", usable=True)
        qual = r.qualifier if isinstance(r.qualifier, str) else ""
        rows.append(dict(common, year=str(year), kind="target", value=r.target_value,
                         value_high=r.target_value_high,
                         qualifier="区间" if pd.notna(r.target_value_high) and not qual else qual,
                         sentence_id=r.target_sentence_id, quote=r.target_quote, note=""))
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
    return pd.DataFrame(rows, columns=GROWTH_COLUMNS)


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
                         kind="actual", value=np.nan, value_high=np.nan, qualifier="", unit=r.unit,
                         source=pd.NA, doc_id=pd.NA, sentence_id=pd.NA, quote=pd.NA,
                         origin="gap", usable=True,
                         note=f"{NOT_AVAILABLE} (data/external/README.md, known gaps); add it to "
                              "data/external/user_figures.csv with its source"))
    if gaps:
        df = pd.concat([df, pd.DataFrame(gaps, columns=GROWTH_COLUMNS)], ignore_index=True)
    return _sort(_growth_typed(df))


# -- the 2024 target ledger against the 2023 results -------------------------------
#: how each headline indicator is measured: real (constant prices), nominal (current prices) or price
MEASUREMENT = {
    "gdp_growth": "real", "services_va_growth": "real", "industrial_va_growth": "real",
    "fiscal_revenue_growth": "nominal", "retail_sales_growth": "nominal", "fai_growth": "nominal",
    "disposable_income_growth": "unspecified", "cpi": "price", "grain_output": "quantity",
}


def ledger_analysis(ledger: pd.DataFrame) -> pd.DataFrame:
    """Each numeric target against the previous year's figure: ``change`` = target
    − previous (percentage points for rates; the unit for levels) and its
    direction; for nominal indicators (fiscal revenue, retail sales, fixed-asset
    investment) the benchmark real GDP target + CPI target, and the target's
    distance from it (negative: the nominal target implies slower growth than
    the real GDP and price targets together)."""
    require_columns(ledger, ["indicator_key", "target_value", "qualifier", "unit", "previous_value",
                             "previous_kind"], what="ledger")
    rows = ledger[ledger["indicator_key"].notna() & ledger["target_value"].notna()]
    by_key = rows.set_index("indicator_key")
    gdp = by_key["target_value"].get("gdp_growth", np.nan)
    cpi = by_key["target_value"].get("cpi", np.nan)
    out = []
    for r in rows.itertuples():
        change = r.target_value - r.previous_value if pd.notna(r.previous_value) else np.nan
        if pd.isna(change):
            direction = "no previous figure"
        else:
            direction = "faster" if change > 1e-9 else "slower" if change < -1e-9 else "same"
        measurement = MEASUREMENT.get(r.indicator_key, "unspecified")
        bench = gdp + cpi if measurement == "nominal" and r.unit == "%" else np.nan
        out.append(dict(indicator_key=r.indicator_key, measurement=measurement,
                        target=r.target_value, qualifier=r.qualifier, unit=r.unit,
                        previous=r.previous_value, previous_kind=r.previous_kind,
                        change=round(change, 3) if pd.notna(change) else np.nan,
                        direction=direction, nominal_benchmark=bench,
                        vs_benchmark=round(r.target_value - bench, 3) if pd.notna(bench) else np.nan))
    df = pd.DataFrame(out)
    for col in ("indicator_key", "measurement", "qualifier", "unit", "previous_kind", "direction"):
        df[col] = df[col].astype("string")
    return df


# -- met or missed -----------------------------------------------------------------
def target_met(outturn: float, target: float, *, target_high: float = np.nan,
               qualifier: str = "", tolerance: float = 0.0) -> bool | None:
    """Whether an outturn reached a target (None if either is missing).

    * 以上 (at least X) and 区间 (X–Y): met if outturn ≥ X (the lower end);
      no tolerance — the text itself states the floor or the band;
    * 左右 (about X) and an unqualified X: met if outturn ≥ X − ``tolerance``
      (``tolerance=0`` is the strict reading);
    * 以内 (at most X; ceilings such as CPI): met if outturn ≤ X (upper end of a range).
    """
    if outturn is None or target is None or pd.isna(outturn) or pd.isna(target):
        return None
    qualifier = qualifier if isinstance(qualifier, str) else ""
    if qualifier == "以内":
        ceiling = target_high if pd.notna(target_high) else target
        return bool(round(ceiling - outturn, 6) >= 0)
    floor = target - (tolerance if qualifier in ("左右", "") else 0.0)
    return bool(round(outturn - floor, 6) >= 0)


def track_record(growth: pd.DataFrame, region: str = "全国", *, indicator: str = "gdp_growth",
                 years: tuple[int, int] | None = None, tolerance: float = 0.5) -> pd.DataFrame:
    """One row per year from the first to the last year with a target or an
    outturn for ``region``: the target (value, range end, qualifier, source) and
    the outturn as first reported (kind preliminary; actual where no preliminary
    figure is sourced), ``gap`` = outturn − target (lower end of a range), and
    ``met_strict`` / ``met_tolerance`` (:func:`target_met` with tolerance 0 and
    ``tolerance``).  ``status`` says why a year is not a pair: no target, no
    outturn.  Rows marked ``usable=False`` are left out."""
    require_columns(growth, ["region", "year", "indicator", "kind", "value", "usable"], what="growth")
    g = growth[(growth["region"] == region) & (growth["indicator"] == indicator)
               & growth["usable"] & growth["year"].str.fullmatch(r"\d{4}")]
    g = g.assign(y=g["year"].astype(int))
    if years is not None:
        g = g[(g["y"] >= years[0]) & (g["y"] <= years[1])]
    if g.empty:
        return pd.DataFrame(columns=["region", "year", "target", "target_high", "qualifier",
                                     "outturn", "outturn_kind", "gap", "met_strict", "met_tolerance",
                                     "status", "target_source", "outturn_source"])
    span = range(int(g["y"].min()), int(g["y"].max()) + 1) if years is None else range(years[0], years[1] + 1)
    rows = []
    for y in span:
        t = g[(g["y"] == y) & (g["kind"] == "target") & g["value"].notna()]
        o = g[(g["y"] == y) & (g["kind"] == "preliminary") & g["value"].notna()]
        if o.empty:
            o = g[(g["y"] == y) & (g["kind"] == "actual") & g["value"].notna()]
        t = t.iloc[0] if len(t) else None
        o = o.iloc[0] if len(o) else None
        row = dict(region=region, year=y, target=np.nan, target_high=np.nan, qualifier=pd.NA,
                   outturn=np.nan, outturn_kind=pd.NA, gap=np.nan, met_strict=pd.NA,
                   met_tolerance=pd.NA, target_source=pd.NA, outturn_source=pd.NA)
        if t is not None:
            row.update(target=t["value"], target_high=t["value_high"], qualifier=t["qualifier"],
                       target_source=_cite(t))
        if o is not None:
            row.update(outturn=o["value"], outturn_kind=o["kind"], outturn_source=_cite(o))
        if t is not None and o is not None:
            row["gap"] = round(o["value"] - t["value"], 3)
            row["met_strict"] = target_met(o["value"], t["value"], target_high=t["value_high"],
                                           qualifier=t["qualifier"])
            row["met_tolerance"] = target_met(o["value"], t["value"], target_high=t["value_high"],
                                              qualifier=t["qualifier"], tolerance=tolerance)
            row["status"] = "met" if row["met_strict"] else (
                "met within tolerance" if row["met_tolerance"] else "missed")
        else:
            row["status"] = "no target" if t is None and o is not None else (
                "no outturn" if o is None and t is not None else "neither")
        rows.append(row)
    df = pd.DataFrame(rows)
    df = df.astype({"target": "float64", "target_high": "float64", "outturn": "float64",
                    "gap": "float64", "met_strict": "boolean", "met_tolerance": "boolean"})
    for col in ("qualifier", "outturn_kind", "status", "target_source", "outturn_source"):
        df[col] = df[col].astype("string")
    return df


def _cite(row) -> str:
    if pd.notna(row.get("doc_id")) and pd.notna(row.get("sentence_id")):
        return f"{row['doc_id']} s{int(row['sentence_id'])}"
    return str(row["origin"])


def track_summary(record: pd.DataFrame, *, split: int = 2012) -> pd.DataFrame:
    """Hit rates and gaps of the year pairs in a :func:`track_record`, overall,
    by decade, and before/after ``split``: n, met (strict), met (with
    tolerance), hit rates, mean/median/min/max gap in percentage points."""
    require_columns(record, ["region", "year", "gap", "met_strict", "met_tolerance"], what="record")
    pairs = record[record["gap"].notna()]
    rows = []
    for region, g in pairs.groupby("region", sort=False):
        decades = sorted({int(y) // 10 * 10 for y in g["year"]})
        groups = [("all", g)] + [(f"{d}s", g[g["year"] // 10 * 10 == d]) for d in decades]
        groups += [(f"before {split}", g[g["year"] < split]), (f"{split} and after", g[g["year"] >= split])]
        for period, sel in groups:
            if sel.empty:
                continue
            gaps = sel["gap"].to_numpy(dtype=float)
            strict, tol = int(sel["met_strict"].sum()), int(sel["met_tolerance"].sum())
            rows.append(dict(region=region, period=period, first=int(sel["year"].min()),
                             last=int(sel["year"].max()), n=len(sel),
                             met_strict=strict, hit_rate_strict=round(strict / len(sel), 3),
                             met_tolerance=tol, hit_rate_tolerance=round(tol / len(sel), 3),
                             mean_gap=round(float(gaps.mean()), 3),
                             median_gap=round(float(np.median(gaps)), 3),
                             min_gap=round(float(gaps.min()), 3), max_gap=round(float(gaps.max()), 3)))
    return pd.DataFrame(rows)


def target_points(record: pd.DataFrame) -> pd.Series:
    """Year → the target as a point (the midpoint of a range target), from a
    :func:`track_record`; years with no target are left out."""
    t = record[record["target"].notna()]
    mid = np.where(t["target_high"].notna(), (t["target"] + t["target_high"]) / 2, t["target"])
    return pd.Series(mid, index=t["year"].astype(int).to_numpy(), name="target")


def tolerance_sensitivity(growth: pd.DataFrame, regions: tuple[str, ...] = ("全国", "山东"), *,
                          tolerances: tuple[float, ...] = (0.0, 0.25, 0.5, 1.0),
                          indicator: str = "gdp_growth") -> pd.DataFrame:
    """Hit rate of each region's targets under each tolerance for 左右 and
    unqualified targets (0 = strict)."""
    rows = []
    for region in regions:
        rec = track_record(growth, region, indicator=indicator)
        pairs = rec[rec["gap"].notna()]
        for tol in tolerances:
            met = sum(bool(target_met(r.outturn, r.target, target_high=r.target_high,
                                      qualifier=r.qualifier, tolerance=tol)) for r in pairs.itertuples())
            rows.append(dict(region=region, tolerance=tol, n=len(pairs), met=met,
                             hit_rate=round(met / len(pairs), 3) if len(pairs) else np.nan))
    return pd.DataFrame(rows)


# -- escalation ---------------------------------------------------------------------
def escalation(growth: pd.DataFrame, year: int = 2024, *, indicator: str = "gdp_growth",
               city: str = "聊城", province: str = "山东") -> pd.DataFrame:
    """The ``year`` targets of the nation, the province, ``city`` and every other
    city with a sourced target, with their distance from the national and the
    provincial target (percentage points; lower ends of ranges)."""
    t = growth[(growth["indicator"] == indicator) & (growth["kind"] == "target")
               & (growth["year"] == str(year)) & growth["value"].notna() & growth["usable"]]
    nation = t.loc[t["region"] == "全国", "value"]
    prov = t.loc[t["region"] == province, "value"]
    nv = nation.iloc[0] if len(nation) else np.nan
    pv = prov.iloc[0] if len(prov) else np.nan
    t = t.assign(_o=t["region"].map({"全国": 0, province: 1, city: 2}).fillna(3)).sort_values(
        ["_o", "region"], kind="stable")
    out = pd.DataFrame(dict(
        region=t["region"], level=t["level"], target=t["value"], target_high=t["value_high"],
        qualifier=t["qualifier"], above_nation=(t["value"] - nv).round(3),
        above_province=(t["value"] - pv).round(3),
        source=[_cite(r) for _, r in t.iterrows()])).reset_index(drop=True)
    return out


# -- forecasting ---------------------------------------------------------------------
Model = Literal["random_walk", "mean", "arima", "ets"]
MODELS: tuple[str, ...] = ("random_walk", "mean", "arima", "ets")


def first_reported(growth: pd.DataFrame, region: str = "全国", *,
                   indicator: str = "gdp_growth") -> pd.Series:
    """Outturns as first reported (kind preliminary), by year, every year from the
    first to the last one present; a gap is NaN."""
    g = growth[(growth["region"] == region) & (growth["indicator"] == indicator)
               & (growth["kind"] == "preliminary") & growth["usable"]
               & growth["year"].str.fullmatch(r"\d{4}")]
    s = pd.Series(g["value"].to_numpy(dtype=float), index=g["year"].astype(int).to_numpy()).groupby(level=0).first()
    s = s.dropna()
    full = s.reindex(range(int(s.index.min()), int(s.index.max()) + 1))
    full.index.name = "year"
    return full.rename(f"{indicator} ({region}, first reported)")


def contiguous_run(series: pd.Series, end: int) -> pd.Series:
    """The longest stretch of consecutive years without a gap that ends at ``end``."""
    s = series.loc[:end]
    if pd.isna(s.iloc[-1]):
        raise ValueError(f"no value for {end}: the run must end in a year with a value")
    gaps = s.index[s.isna()]
    start = int(gaps.max()) + 1 if len(gaps) else int(s.index.min())
    return s.loc[start:end]


def _fit_forecast(y: np.ndarray, model: str) -> tuple[float, float]:
    """One-step-ahead forecast mean and standard error of ``model`` fitted to ``y``."""
    n = len(y)
    if model == "random_walk":
        d = np.diff(y)
        return float(y[-1]), float(np.sqrt(np.mean(d**2)))
    if model == "mean":
        return float(y.mean()), float(y.std(ddof=1) * np.sqrt(1 + 1 / n))
    if model == "arima":
        from statsmodels.tsa.arima.model import ARIMA

        # explicit start values (mean, AR 0, variance): on a falling series the
        # default start is a non-stationary AR estimate, which statsmodels replaces
        # by these same zeros with an EstimationWarning
        res = ARIMA(y, order=(1, 0, 0), trend="c").fit(
            start_params=[float(y.mean()), 0.0, float(y.var())])
        fc = res.get_forecast(1)
        return float(fc.predicted_mean[0]), float(fc.se_mean[0])
    if model == "ets":
        from statsmodels.tsa.exponential_smoothing.ets import ETSModel

        # a positional (RangeIndex) series: ETS prediction needs an index, and a
        # positional one raises no frequency warning
        res = ETSModel(pd.Series(y, index=pd.RangeIndex(n)), error="add", trend=None,
                       seasonal=None).fit(disp=False)
        pred = res.get_prediction(start=n, end=n)
        return (float(np.asarray(pred.predicted_mean)[0]),
                float(np.sqrt(np.asarray(pred.var_pred_mean)[0])))
    raise ValueError(f"unknown model {model!r}; use one of {', '.join(MODELS)}")


def backtest(series: pd.Series, *, first_test: int, last_test: int, min_train: int = 8,
             models: tuple[str, ...] = MODELS,
             targets: pd.Series | None = None) -> pd.DataFrame:
    """Rolling-origin, one-year-ahead back-test: for each test year, every model
    is fitted to the series up to the year before (expanding window, at least
    ``min_train`` points, no gaps) and forecasts the year.  With ``targets``
    (year → the official target, midpoint of a range) the target is scored as a
    forecast too.  Long table: year, model, forecast, actual, error (actual −
    forecast)."""
    rows = []
    for year in range(first_test, last_test + 1):
        train = series.loc[: year - 1].dropna()
        if len(train) < min_train or train.index[-1] != year - 1 or year not in series.index:
            raise ValueError(f"cannot test {year}: need {min_train} points up to {year - 1} and "
                             f"a value for {year}")
        if train.index.to_series().diff().dropna().ne(1).any():
            raise ValueError(f"training data up to {year - 1} has gaps; start the series later")
        actual = float(series.loc[year])
        for model in models:
            mean, _ = _fit_forecast(train.to_numpy(dtype=float), model)
            rows.append(dict(year=year, model=model, forecast=mean, actual=actual))
        if targets is not None and year in targets.index and pd.notna(targets.loc[year]):
            rows.append(dict(year=year, model="target", forecast=float(targets.loc[year]), actual=actual))
    df = pd.DataFrame(rows)
    df["error"] = df["actual"] - df["forecast"]
    return df


def backtest_scores(bt: pd.DataFrame) -> pd.DataFrame:
    """MAE and RMSE per model over all its test years, and over the years every
    model has a forecast (``*_common``; the target is missing in years with no
    target)."""
    years = bt.groupby("year")["model"].nunique()
    common = set(years[years == bt["model"].nunique()].index)
    rows = []
    for model, g in bt.groupby("model", sort=False):
        e = g["error"].to_numpy(dtype=float)
        c = g.loc[g["year"].isin(common), "error"].to_numpy(dtype=float)
        rows.append(dict(model=model, n=len(e), mae=round(float(np.abs(e).mean()), 3),
                         rmse=round(float(np.sqrt((e**2).mean())), 3), n_common=len(c),
                         mae_common=round(float(np.abs(c).mean()), 3),
                         rmse_common=round(float(np.sqrt((c**2).mean())), 3)))
    return pd.DataFrame(rows)


def forecast(series: pd.Series, year: int, *, models: tuple[str, ...] = MODELS,
             levels: tuple[float, ...] = (0.8, 0.95)) -> pd.DataFrame:
    """Each model's forecast of ``year`` from the series up to the year before
    (no gaps): mean, standard error and normal prediction intervals."""
    train = series.loc[: year - 1].dropna()
    rows = []
    for model in models:
        mean, se = _fit_forecast(train.to_numpy(dtype=float), model)
        row = dict(model=model, year=year, train_first=int(train.index.min()),
                   train_last=int(train.index.max()), n_train=len(train), mean=round(mean, 3),
                   se=round(se, 3))
        for lv in levels:
            z = NormalDist().inv_cdf(0.5 + lv / 2)
            row[f"lo{round(lv * 100)}"] = round(mean - z * se, 3)
            row[f"hi{round(lv * 100)}"] = round(mean + z * se, 3)
        rows.append(row)
    return pd.DataFrame(rows)


def prob_at_least(mean: float, se: float, threshold: float) -> float:
    """P(growth ≥ threshold) for growth ~ Normal(mean, se²)."""
    return 1 - NormalDist(mean, se).cdf(threshold)


def target_as_forecast(bt: pd.DataFrame, value: float, year: int) -> pd.DataFrame:
    """The official target as a forecast of ``year``, in the shape of
    :func:`forecast`: centred on the target (midpoint of a range), with the
    root-mean-square error of the target's back-test errors as its spread."""
    e = bt.loc[bt["model"] == "target", "error"].to_numpy(dtype=float)
    if not len(e):
        raise ValueError("the back-test has no 'target' rows; pass targets= to backtest()")
    se = float(np.sqrt((e**2).mean()))
    row = dict(model="target", year=year, train_first=int(bt.loc[bt["model"] == "target", "year"].min()),
               train_last=int(bt.loc[bt["model"] == "target", "year"].max()), n_train=len(e),
               mean=round(float(value), 3), se=round(se, 3))
    for lv in (0.8, 0.95):
        z = NormalDist().inv_cdf(0.5 + lv / 2)
        row[f"lo{round(lv * 100)}"] = round(value - z * se, 3)
        row[f"hi{round(lv * 100)}"] = round(value + z * se, 3)
    return pd.DataFrame([row])


def reach_probabilities(fc: pd.DataFrame, thresholds: dict[str, float],
                        premiums: dict[str, tuple[float, ...]] | None = None,
                        bt: pd.DataFrame | None = None) -> pd.DataFrame:
    """P(growth of a region ≥ its threshold) under each forecast model, where a
    region's growth is national growth + premium (percentage points): one row per
    model, threshold label and premium.  ``thresholds`` maps a label (e.g.
    "聊城 ≥ 5.5") to the threshold; ``premiums`` maps the same label to the
    premiums to try (default 0).  ``probability`` uses the normal forecast
    distribution; with a back-test ``bt``, ``probability_empirical`` is the share
    of the model's past errors that, added to its forecast, reach the threshold."""
    premiums = premiums or {}
    rows = []
    for r in fc.itertuples():
        errors = bt.loc[bt["model"] == r.model, "error"].to_numpy(dtype=float) if bt is not None else None
        for name, thr in thresholds.items():
            for prem in premiums.get(name, (0.0,)):
                row = dict(model=r.model, target=name, threshold=thr, premium=round(prem, 3),
                           national_needed=round(thr - prem, 3),
                           probability=round(prob_at_least(r.mean, r.se, thr - prem), 3))
                if errors is not None:
                    row["probability_empirical"] = (empirical_probability(r.mean, errors, thr - prem)
                                                    if len(errors) else np.nan)
                rows.append(row)
    return pd.DataFrame(rows)


def empirical_probability(point: float, errors: np.ndarray, threshold: float) -> float:
    """Share of past forecast errors that, added to ``point``, reach ``threshold``
    (a distribution-free check on the normal approximation)."""
    e = np.asarray(errors, dtype=float)
    return round(float(np.mean(point + e >= threshold - 1e-9)), 3)


def simulate_city(fc: pd.DataFrame, *, threshold: float, premium_low: float, premium_high: float,
                  n: int = 100_000, seed: int = 2024) -> pd.DataFrame:
    """Monte Carlo per model: national growth ~ Normal(mean, se²) of the model's
    forecast, the city premium ~ Uniform(``premium_low``, ``premium_high``),
    independent; the probability that national + premium ≥ ``threshold`` and the
    10/50/90 % quantiles of city growth.  The same fixed ``seed`` for every model,
    so reruns give identical numbers."""
    if premium_high < premium_low:
        raise ValueError(f"premium_high ({premium_high}) is below premium_low ({premium_low})")
    rows = []
    for r in fc.itertuples():
        rng = np.random.default_rng(seed)
        city = rng.normal(r.mean, r.se, n) + rng.uniform(premium_low, premium_high, n)
        q = np.quantile(city, [0.1, 0.5, 0.9])
        rows.append(dict(model=r.model, threshold=threshold, premium_low=premium_low,
                         premium_high=premium_high, probability=round(float(np.mean(city >= threshold)), 3),
                         q10=round(float(q[0]), 3), median=round(float(q[1]), 3),
                         q90=round(float(q[2]), 3), n=n, seed=seed))
    return pd.DataFrame(rows)


def premiums(growth: pd.DataFrame, year: int, *, base: str = "全国",
             indicator: str = "gdp_growth") -> pd.DataFrame:
    """Each region's ``year`` growth (first reported: preliminary, else actual)
    minus ``base``'s, in percentage points, with the sources of both figures.
    Rows marked ``usable=False`` are left out."""
    g = growth[(growth["indicator"] == indicator) & (growth["year"] == str(year))
               & growth["value"].notna() & growth["usable"]
               & growth["kind"].isin(["preliminary", "actual"])]
    g = g.assign(_k=g["kind"].map({"preliminary": 0, "actual": 1})).sort_values(["_k"], kind="stable")
    first = g.drop_duplicates("region")
    b = first[first["region"] == base]
    if b.empty:
        raise ValueError(f"no {indicator} figure for {base} in {year}")
    b = b.iloc[0]
    rows = []
    for _, r in first[first["region"] != base].iterrows():
        rows.append(dict(region=r["region"], level=r["level"], year=year, growth=r["value"],
                         qualifier=r["qualifier"], kind=r["kind"], base_growth=b["value"],
                         premium=round(r["value"] - b["value"], 3), source=_cite(r),
                         base_source=_cite(b)))
    out = pd.DataFrame(rows)
    out = out.assign(_o=out["region"].map(REGION_ORDER).fillna(len(REGION_ORDER))).sort_values(
        ["_o", "region"], kind="stable").drop(columns="_o").reset_index(drop=True)
    return out


# -- ex post ---------------------------------------------------------------------------
def ex_post(growth: pd.DataFrame, region: str = "聊城", year: int = 2024, *,
            tolerance: float = 0.5) -> pd.DataFrame:
    """Every ``year`` target of ``region`` with the previous year's figure and the
    outturn where a source gives one (preliminary, else actual, else revised),
    and the verdict of :func:`target_met` (strict and with ``tolerance``), or
    "not available in the package's sources"."""
    g = growth[(growth["region"] == region) & growth["usable"]]
    targets = g[(g["kind"] == "target") & (g["year"] == str(year)) & g["value"].notna()]
    order = {k: i for i, k in enumerate(headline_keys())}
    targets = targets.assign(_o=targets["indicator"].map(order).fillna(len(order))).sort_values(
        ["_o", "indicator"], kind="stable")
    rows = []
    for t in targets.itertuples():
        prev = g[(g["indicator"] == t.indicator) & (g["year"] == str(year - 1))
                 & (g["kind"] == "preliminary") & g["value"].notna()]
        out = None
        for kind in ("preliminary", "actual", "revised"):
            o = g[(g["indicator"] == t.indicator) & (g["year"] == str(year)) & (g["kind"] == kind)
                  & g["value"].notna()]
            if len(o):
                out = o.iloc[0]
                break
        row = dict(region=region, indicator=t.indicator, target=t.value, target_high=t.value_high,
                   qualifier=t.qualifier, unit=t.unit,
                   previous=prev["value"].iloc[0] if len(prev) else np.nan,
                   outturn=np.nan, outturn_kind=pd.NA, outturn_source=pd.NA, met_strict=pd.NA,
                   met_tolerance=pd.NA, status=NOT_AVAILABLE)
        if out is not None:
            strict = target_met(out["value"], t.value, target_high=t.value_high, qualifier=t.qualifier)
            tol = target_met(out["value"], t.value, target_high=t.value_high, qualifier=t.qualifier,
                             tolerance=tolerance)
            row.update(outturn=out["value"], outturn_kind=out["kind"], outturn_source=_cite(out),
                       met_strict=strict, met_tolerance=tol,
                       status="met" if strict else "met within tolerance" if tol else "missed")
        rows.append(row)
    df = pd.DataFrame(rows)
    if len(df):
        df = df.astype({"target": "float64", "target_high": "float64", "previous": "float64",
                        "outturn": "float64", "met_strict": "boolean", "met_tolerance": "boolean"})
    return df
