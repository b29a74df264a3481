"""One glossary for every label a figure or table shows, in Chinese and English.

Every ``data/glossary/*.csv`` holds labels of the package (axis titles, parts,
indicators, topics; one file per stage); ``data/lexicon/term_glossary.csv`` the
glosses of report terms.  :func:`label` turns a Chinese key into the requested language; a key
with no English entry is an error, so that no figure silently mixes languages.
"""

from __future__ import annotations

import csv
import difflib
from functools import lru_cache
from typing import Literal

from . import paths
from .errors import UnknownLabelError

Lang = Literal["zh", "en"]
LANGS: tuple[Lang, ...] = ("zh", "en")


@lru_cache(maxsize=1)
def entries() -> dict[str, str]:
    """zh → en for every glossary file (package labels win over term glosses)."""
    table: dict[str, str] = {}
    files = [paths.LEXICON / "term_glossary.csv", *sorted(paths.GLOSSARY.glob("*.csv"))]
    for path in files:
        if path.exists():
            with path.open(encoding="utf-8", newline="") as f:
                for row in csv.DictReader(f):
                    if row.get("zh") and row.get("en"):
                        table[row["zh"].strip()] = row["en"].strip()
    return table


def check_lang(lang: str) -> Lang:
    if lang not in LANGS:
        raise ValueError(f"unknown language {lang!r}; use one of {', '.join(LANGS)}")
    return lang  # type: ignore[return-value]


def label(zh: str, lang: Lang = "zh") -> str:
    """The label ``zh`` in ``lang``: itself for Chinese, its gloss for English."""
    check_lang(lang)
    if lang == "zh":
        return zh
    table = entries()
    if zh in table:
        return table[zh]
    close = difflib.get_close_matches(zh, list(table), n=3)
    hint = f"; close entries: {', '.join(close)}" if close else ""
    raise UnknownLabelError(
        f"no English gloss for {zh!r} — add a row to a file in data/glossary/ "
        f"(or data/lexicon/term_glossary.csv for report terms){hint}"
    )


def bilingual(zh: str) -> str:
    """"中文 (English)" for tables read by both audiences."""
    return f"{zh} ({label(zh, 'en')})"
