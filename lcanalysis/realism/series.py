"""The national series of GDP growth targets and first-reported growth, read from the
national work reports in ``data/corpus`` by the project's own extractor.

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

import re
from pathlib import Path

import pandas as pd

from .. import paths
from ..corpus import Report, load_report
from ..errors import require_columns
from ..indicators import extract_indicators
from ._common import _report_year

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
#: note of a figure the report states for GNP (国民生产总值), not GDP
GNP_NOTE = "measure: GNP (国民生产总值)"
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
            gnp = "国民生产总值" in f"{h['pre']}{h['indicator']}" and key == "gdp_growth"
            row.update(value=h["value"], value_high=h["value_high"], qualifier=qual, unit=h["unit"],
                       sentence_id=int(h["sentence_id"]), quote=h["quote"],
                       note=GNP_NOTE if gnp else "")
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

