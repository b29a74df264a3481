"""One glossary for every label a figure or table shows, in Chinese and English.

Every ``data/glossary/*.csv`` holds labels of the package (axis titles, parts,
indicators, topics; one file per stage); ``data/lexicon/term_glossary.csv`` the
glosses of report terms.  :func:`label` turns a Chinese key into the requested language; a key
with no English entry is an error, so that no figure silently mixes languages.  A row
may stand for every year (``{year}年任务,{year} plan``), and a place with a year
(江苏省2026) reads as the place's gloss and the year.
"""

from __future__ import annotations

import csv
import difflib
import os
import re
import warnings
from functools import lru_cache
from typing import Literal

from . import paths
from .errors import MissingGlossWarning, UnknownLabelError

#: ``keep``: an English label with no gloss stays in Chinese, with a
#: :class:`MissingGlossWarning` (``lcanalysis run --report`` sets it: a report the
#: glossary was not written for); otherwise it is an :class:`UnknownLabelError`
MISSING_ENV = "LCANALYSIS_MISSING_GLOSS"

Lang = Literal["zh", "en"]
#: glossary files of paper tables, read by :mod:`lcanalysis.tables` (column headers and
#: formats; cell values), not label files
TABLE_FILES = ("columns.csv", "values.csv")
LANGS: tuple[Lang, ...] = ("zh", "en")


def _read(path) -> dict[str, str]:
    table: dict[str, str] = {}
    if path.exists():
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                if row.get("zh") and row.get("en"):
                    table[row["zh"].strip()] = row["en"].strip()
    return table


@lru_cache(maxsize=1)
def label_entries() -> dict[str, str]:
    """zh → en of the package's own labels (every ``data/glossary/*.csv``)."""
    table: dict[str, str] = {}
    for path in sorted(paths.GLOSSARY.glob("*.csv")):
        if path.name not in TABLE_FILES:
            table.update(_read(path))
    return table


@lru_cache(maxsize=1)
def term_entries() -> dict[str, str]:
    """zh → en of report terms (``data/lexicon/term_glossary.csv``)."""
    return _read(paths.LEXICON / "term_glossary.csv")


def entries() -> dict[str, str]:
    """All glosses, package labels winning over term glosses (for labels)."""
    return {**term_entries(), **label_entries()}


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang  # type: ignore[return-value]


def _lookup(zh: str, lang: Lang, table: dict[str, str], what: str, where: str) -> str:
    check_lang(lang)
    if lang == "zh":
        return zh
    if zh in table:
        return table[zh]
    dated = _dated(zh, table)
    if dated is not None:
        return dated
    close = difflib.get_close_matches(zh, list(table), n=3)
    hint = f"; close entries: {', '.join(close)}" if close else ""
    if os.environ.get(MISSING_ENV) == "keep":
        warnings.warn(f"no English gloss for {what} {zh!r}, kept in Chinese — add a row to {where}",
                      MissingGlossWarning, stacklevel=3)
        return zh
    raise UnknownLabelError(f"no English gloss for {what} {zh!r} — add a row to {where}{hint}")


#: a label that names a year: 2026年任务, 江苏省2026
_YEAR = re.compile(r"(.*?)((?:19|20)\d\d)(.*)")


def _dated(zh: str, table: dict[str, str]) -> str | None:
    """The gloss of a label that names a year, from a row for every year (``{year}年任务``
    → ``{year} plan``) or, for a place and a year (江苏省2026), the place's gloss and the
    year (Jiangsu 2026); None when neither is in ``table``."""
    m = _YEAR.fullmatch(zh)
    if not m:
        return None
    before, year, after = m.groups()
    template = f"{before}{{year}}{after}"
    if template in table:
        return table[template].format(year=year)
    if before and not after and before in table:
        return f"{table[before]} {year}"
    return None


def label(zh: str, lang: Lang = "zh") -> str:
    """A figure or table label in ``lang``: itself for Chinese, its gloss for English."""
    return _lookup(zh, lang, entries(), "label",
                   "a file in data/glossary/ (or data/lexicon/term_glossary.csv for report terms)")


def term(zh: str, lang: Lang = "zh") -> str:
    """A report term (a token) in ``lang``.  Term glosses win over package labels,
    so that e.g. 全国 as a word of the report reads "national", whatever a label
    file calls the region 全国."""
    return _lookup(zh, lang, {**label_entries(), **term_entries()}, "term",
                   "data/lexicon/term_glossary.csv")


def bilingual(zh: str) -> str:
    """"中文 (English)" for tables read by both audiences."""
    return f"{zh} ({label(zh, 'en')})"


@lru_cache(maxsize=1)
def _short_titles() -> dict[str, str]:
    path = paths.GLOSSARY / "sections.csv"
    with path.open(encoding="utf-8", newline="") as f:
        return {row["title"].strip(): row["zh"].strip() for row in csv.DictReader(f) if row.get("title")}


def short_title(title, lang: Lang = "zh") -> str | None:
    """A short label for a section or annex title of the outline
    (``data/glossary/sections.csv``: 加快推进新型工业化，聚力突破制造业强市建设 →
    新型工业化 / Industrialisation).  A title not listed there is shortened to
    its last clause (at most 8 characters) in Chinese and has no English short
    title (``None``), so that a figure never shows untranslated Chinese."""
    check_lang(lang)
    if title is None or not isinstance(title, str) or not title.strip():
        return None
    title = title.strip()
    short = _short_titles().get(title)
    if short is None:
        if lang == "en":
            return None
        clause = title.replace("，", ",").split(",")[-1].strip("“”\"")
        return clause if len(clause) <= 8 else clause[:7] + "…"
    return label(short, lang)
