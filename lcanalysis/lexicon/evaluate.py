"""Term survival out of sample: the held-out reports against an independent list of their terms.

``data/validation/terms-heldout/heldout_terms.csv`` (doc_id, term, kind, count, note) lists the
multiword policy terms of the five held-out reports (:data:`lcanalysis.lexicon.HELD_OUT`), written
by an annotator who is not the author of the lexicon (see its README).  :func:`heldout_survival`
cuts each held-out report three ways and counts the listed terms that stay whole:

- ``plain jieba``: no lexicon;
- ``genre lexicon built without them`` (out of sample): ``load(("genre",), "heldout-excluded")``;
- ``genre lexicon built with them`` (in sample, for contrast): the shipped default;
- ``built without them + the report's suggested terms`` (out of sample): the held-out-excluded
  genre layer plus every term :func:`lcanalysis.keywords.suggest_terms` proposes for the report
  from its own text.  This setting was added after the reference list had been read (the function
  existed before; nothing of it was tuned to the list).
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import paths
from ..errors import LexiconError, require_columns
from . import HELD_OUT, load

REFERENCE = paths.VALIDATION / "terms-heldout" / "heldout_terms.csv"
SETTINGS = ("plain jieba", "genre lexicon built without them (out of sample)",
            "genre lexicon built with them (in sample)",
            "built without them + the report's suggested terms (out of sample)")


#: short column names for tables (same order as SETTINGS)
SHORT = dict(zip(SETTINGS, ("plain jieba", "out of sample", "in sample", "out of sample + suggested")))


def wide(table: pd.DataFrame, value: str = "share", *, index: str = "doc_id") -> pd.DataFrame:
    """A long survival table as one row per ``index`` and one column per setting (short names,
    in the order of :data:`SETTINGS`)."""
    out = table.pivot(index=index, columns="setting", values=value)
    out = out[[s for s in SETTINGS if s in out.columns]].rename(columns=SHORT)
    return out.rename_axis(columns=None)


def reference() -> pd.DataFrame:
    """The independent list of the held-out reports' terms (doc_id, term, kind, count, note)."""
    if not REFERENCE.is_file():
        raise LexiconError(f"{paths.display(REFERENCE)} not found — restore data/validation "
                           "from the repository")
    table = pd.read_csv(REFERENCE, dtype=str, keep_default_na=False)
    require_columns(table, ["doc_id", "term", "kind"], what=paths.display(REFERENCE))
    unknown = sorted(set(table["doc_id"]) - set(HELD_OUT))
    if unknown:
        raise LexiconError(f"{paths.display(REFERENCE)} names documents that are not held out: "
                           f"{', '.join(unknown)}")
    table["term"] = table["term"].str.strip()
    return table


@lru_cache(maxsize=1)
def _reports() -> dict:
    from ..corpus import load_report

    folder = paths.CORPUS / "provinces-2026"
    return {d: load_report(folder / f"{d}.txt", doc_id=d) for d in HELD_OUT}


def with_suggestions(report, base=None):
    """``base`` (default: the genre lexicon built without the held-out reports) plus every
    term :func:`lcanalysis.keywords.suggest_terms` proposes for the report (no review by hand:
    what a user gets by adding all suggestions)."""
    from ..keywords import suggest_terms
    from . import from_table

    base = base or load(("genre",), "heldout-excluded")
    s = suggest_terms(report, lexicon=base, n=None, corpus=False)
    return base + from_table(s[["term"]], name=f"suggested for {report.doc_id}")


def _settings() -> dict:
    return dict(zip(SETTINGS, (False, load(("genre",), "heldout-excluded"), load(("genre",)),
                               with_suggestions)))


def heldout_survival() -> pd.DataFrame:
    """One row per (setting, doc_id) and an ``all`` row per setting: listed, found, whole,
    share, occurrences, occurrences_whole (see :func:`lcanalysis.tokens.survival_by_document`)."""
    from ..tokens import survival_by_document

    return survival_by_document(_reports(), reference(), _settings())


def heldout_survival_by_kind() -> pd.DataFrame:
    """The same, summed over the documents, by the reference list's ``kind``: setting, kind,
    found, whole, share."""
    from ..tokens import term_survival

    ref = reference()
    rows = []
    for name, lex in _settings().items():
        for doc_id, r in _reports().items():
            sub = ref[ref["doc_id"] == doc_id]
            s = term_survival(r, terms=list(dict.fromkeys(sub["term"])),
                              lexicon=lex(r) if callable(lex) else lex)
            kinds = dict(zip(sub["term"], sub["kind"]))
            for term, broken in zip(s["term"], s["broken"]):
                rows.append(dict(setting=name, kind=kinds[term], whole=int(broken == 0)))
    t = pd.DataFrame(rows)
    out = t.groupby(["setting", "kind"], sort=False)["whole"].agg(found="size", whole="sum")
    out = out.reset_index()
    out["share"] = out["whole"] / out["found"]
    return out


def broken_heldout_terms(setting: str = SETTINGS[1]) -> pd.DataFrame:
    """The listed terms a setting breaks: doc_id, term, kind, segmentation."""
    from ..tokens import term_survival

    ref = reference()
    lex = _settings()[setting]
    rows = []
    for doc_id, r in _reports().items():
        sub = ref[ref["doc_id"] == doc_id]
        s = term_survival(r, terms=list(dict.fromkeys(sub["term"])), lexicon=lex)
        kinds = dict(zip(sub["term"], sub["kind"]))
        for term, broken, seg in zip(s["term"], s["broken"], s["segmentation"]):
            if broken:
                rows.append(dict(doc_id=doc_id, term=term, kind=kinds[term], segmentation=seg))
    return pd.DataFrame(rows, columns=["doc_id", "term", "kind", "segmentation"])
