"""Term survival on reports the lexicon was not built from, against independent lists of their terms.

Three reference lists (doc_id, term, kind, count, note), each written by an annotator who is not the
author of the lexicon (see their READMEs):

- ``round 1``: ``data/validation/terms-heldout/heldout_terms.csv``, 199 terms of the five
  held-out reports (:data:`lcanalysis.lexicon.HELD_OUT`).  It has been read and its failures
  inspected, and the minimal-unit rule of the build and the automatic layer
  (:mod:`lcanalysis.lexicon.auto`) were written afterwards: its figures for those are **after
  inspection**, no longer cleanly out of sample.
- ``round 2``: ``data/validation/terms-heldout-2/heldout_terms.csv``, terms of 安徽省 and 重庆市
  2026 (:data:`lcanalysis.lexicon.HELD_OUT_2`), read only after the v3 rules were frozen; the v4
  rules of the automatic layer were written after its failures were read: **after inspection**.
- ``round 3``: ``data/validation/terms-heldout-3/heldout_terms.csv``, 120 terms of 山西省, 江苏省 and
  福建省 2026 (:data:`lcanalysis.lexicon.HELD_OUT_3`), read only after the v4 rules were frozen and
  committed (abee65b): the clean out-of-sample figure of v4, recorded in
  ``terms-heldout-3/v4_survival.csv`` (:func:`clean_v4_survival`); the v5 rules were written after
  its failures were read, so its current figures are **after inspection**.

:func:`heldout_survival` cuts each report in several ways (:data:`SETTINGS`) and counts the listed
terms that stay whole (every occurrence one token):

- ``plain jieba``: no lexicon;
- the genre lexicon built without the held-out reports (``heldout-excluded``, which leaves out the
  documents of every round, :data:`lcanalysis.lexicon.EXCLUDED`: out of sample) and the shipped one built with them (in sample);
- each of those plus the report's automatic layer; the last is what ``lca.tokenize(report)``
  does by default.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import paths
from ..errors import LexiconError, require_columns
from . import HELD_OUT, HELD_OUT_2, HELD_OUT_3, load, with_auto

REFERENCES = {"round 1": paths.VALIDATION / "terms-heldout" / "heldout_terms.csv",
              "round 2": paths.VALIDATION / "terms-heldout-2" / "heldout_terms.csv",
              "round 3": paths.VALIDATION / "terms-heldout-3" / "heldout_terms.csv"}
DOCUMENTS = {"round 1": HELD_OUT, "round 2": HELD_OUT_2, "round 3": HELD_OUT_3}
REFERENCE = REFERENCES["round 1"]
SETTINGS = ("plain jieba", "genre lexicon built without them (out of sample)",
            "genre lexicon built with them (in sample)",
            "built without them + automatic layer (out of sample)",
            "default tokenize: built with them + automatic layer (in sample)")


#: short column names for tables (same order as SETTINGS)
SHORT = dict(zip(SETTINGS, ("plain jieba", "genre, out of sample", "genre, in sample",
                            "+ automatic, out of sample", "default (+ automatic, in sample)")))


def wide(table: pd.DataFrame, value: str = "share", *, index: str = "doc_id") -> pd.DataFrame:
    """A long survival table as one row per ``index`` and one column per setting (short names,
    in the order of :data:`SETTINGS`)."""
    out = table.pivot(index=index, columns="setting", values=value)
    out = out[[s for s in SETTINGS if s in out.columns]].rename(columns=SHORT)
    return out.rename_axis(columns=None)


def reference(round: str = "round 1") -> pd.DataFrame:
    """An independent list of held-out reports' terms (doc_id, term, kind, count, note)."""
    if round not in REFERENCES:
        raise LexiconError(f"unknown reference list {round!r}; use one of {', '.join(REFERENCES)}")
    path = REFERENCES[round]
    if not path.is_file():
        raise LexiconError(f"{paths.display(path)} not found — restore data/validation "
                           "from the repository")
    table = pd.read_csv(path, dtype=str, keep_default_na=False)
    require_columns(table, ["doc_id", "term", "kind"], what=paths.display(path))
    unknown = sorted(set(table["doc_id"]) - set(DOCUMENTS[round]))
    if unknown:
        raise LexiconError(f"{paths.display(path)} names documents that are not held out: "
                           f"{', '.join(unknown)}")
    table["term"] = table["term"].str.strip()
    return table


@lru_cache(maxsize=2)
def _reports(round: str = "round 1") -> dict:
    from ..corpus import load_report

    folder = paths.CORPUS / "provinces-2026"
    return {d: load_report(folder / f"{d}.txt", doc_id=d) for d in DOCUMENTS[round]}


def _settings() -> dict:
    out_of_sample = load(("genre",), "heldout-excluded")
    return dict(zip(SETTINGS, (False, out_of_sample, load(("genre",)),
                               with_auto(out_of_sample, "heldout-excluded"), True)))


@lru_cache(maxsize=3)
def _survival_tables(round: str) -> dict:
    """(setting, doc_id) → :func:`lcanalysis.tokens.term_survival` of the document's listed terms
    under that setting: each held-out report cut once per setting, for every summary below."""
    from ..tokens import term_survival

    ref = reference(round)
    out = {}
    for name, lex in _settings().items():
        for doc_id, r in _reports(round).items():
            terms = list(dict.fromkeys(ref.loc[ref["doc_id"] == doc_id, "term"]))
            out[name, doc_id] = term_survival(r, terms=terms, lexicon=lex)
    return out


def heldout_survival(round: str = "round 1") -> pd.DataFrame:
    """One row per (setting, doc_id) and an ``all`` row per setting: listed, found, whole,
    share, occurrences, occurrences_whole (see :func:`lcanalysis.tokens.survival_by_document`)."""
    from ..tokens import survival_by_document

    return survival_by_document(_reports(round), reference(round), _settings(),
                                tables=_survival_tables(round))


def heldout_survival_by_kind(round: str = "round 1") -> pd.DataFrame:
    """The same, summed over the documents, by the reference list's ``kind``: setting, kind,
    found, whole, share."""
    ref = reference(round)
    tables = _survival_tables(round)
    rows = []
    for name in _settings():
        for doc_id in _reports(round):
            sub = ref[ref["doc_id"] == doc_id]
            s = tables[name, doc_id]
            kinds = dict(zip(sub["term"], sub["kind"]))
            for term, broken in zip(s["term"], s["broken"]):
                rows.append(dict(setting=name, kind=kinds[term], whole=int(broken == 0)))
    t = pd.DataFrame(rows)
    out = t.groupby(["setting", "kind"], sort=False)["whole"].agg(found="size", whole="sum")
    out = out.reset_index()
    out["share"] = out["whole"] / out["found"]
    return out


def broken_heldout_terms(setting: str = SETTINGS[3], round: str = "round 1") -> pd.DataFrame:
    """The listed terms a setting breaks: doc_id, term, kind, segmentation."""
    ref = reference(round)
    if setting not in SETTINGS:
        raise LexiconError(f"unknown setting {setting!r}; use one of {', '.join(SETTINGS)}")
    tables = _survival_tables(round)
    rows = []
    for doc_id in _reports(round):
        sub = ref[ref["doc_id"] == doc_id]
        s = tables[setting, doc_id]
        kinds = dict(zip(sub["term"], sub["kind"]))
        for term, broken, seg in zip(s["term"], s["broken"], s["segmentation"]):
            if broken:
                rows.append(dict(doc_id=doc_id, term=term, kind=kinds[term], segmentation=seg))
    return pd.DataFrame(rows, columns=["doc_id", "term", "kind", "segmentation"])


def clean_v4_survival() -> pd.DataFrame:
    """The third list's survival as measured with the v4 rules, before the list was read
    (``data/validation/terms-heldout-3/v4_survival.csv``: setting, found, whole, share, rules,
    measured_at, source — the output of :func:`heldout_survival` at the commit it names).  The
    v5 rules were written after reading the list, so this record is the clean out-of-sample
    figure; :func:`heldout_survival` gives the current (after inspection) one."""
    path = paths.VALIDATION / "terms-heldout-3" / "v4_survival.csv"
    table = pd.read_csv(path)
    require_columns(table, ["setting", "found", "whole", "share", "measured_at"], what=paths.display(path))
    return table


def free_phrases_merged(report, *, lexicon=True) -> pd.DataFrame:
    """The automatic terms of ``report`` that hold a free phrase of the genre — a word of the
    boilerplate list (``boilerplate_stopwords.csv``: 严格, 扎实, 落实, 开展 …) as one of the tokens
    the base segmenter cuts the term into — by rule (term, rule, n, tokens).  A keyword count needs
    those words apart (严格落实 is 严格 + 落实); a quoted name (“全面推进”…) is the report's own."""
    from ..tokens import _pieces, _segmenter, auto_terms, boilerplate_words
    from . import as_layers, as_lexicon

    lex, variant = as_layers(lexicon, report.doc_id)
    if variant is None:
        lex = as_lexicon(lexicon, report.doc_id)
    seg = _segmenter(lex)
    boiler = boilerplate_words()
    auto = auto_terms(report, lexicon=lexicon)
    rows = []
    for term, rule, n in zip(auto["term"], auto["rule"], auto["n"]):
        parts = _pieces(seg, term, True)
        if any(p in boiler for p in parts):
            rows.append(dict(term=term, rule=rule, n=int(n), tokens="/".join(parts)))
    return pd.DataFrame(rows, columns=["term", "rule", "n", "tokens"])


def free_phrase_check(reports) -> pd.DataFrame:
    """For each report: its automatic terms, those that hold a boilerplate word
    (:func:`free_phrases_merged`), how many of those are quoted names, and the others (up to
    five, the free phrases a keyword count would lose).  Columns doc_id, automatic_terms,
    with_boilerplate_word, quoted, unquoted_examples."""
    from ..tokens import auto_terms

    rows = []
    for r in reports:
        free = free_phrases_merged(r)
        others = free.loc[free["rule"] != "quoted", "term"].tolist()
        rows.append(dict(doc_id=r.doc_id, automatic_terms=len(auto_terms(r)),
                         with_boilerplate_word=len(free), quoted=int((free["rule"] == "quoted").sum()),
                         unquoted_examples="、".join(others[:5])))
    return pd.DataFrame(rows, columns=["doc_id", "automatic_terms", "with_boilerplate_word", "quoted",
                                       "unquoted_examples"])
