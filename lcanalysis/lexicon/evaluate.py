"""Term survival out of sample: the held-out reports against an independent list of their terms.

``data/validation/terms-heldout/heldout_terms.csv`` (doc_id, term, kind, count, note) lists the
multiword policy terms of the five held-out reports (:data:`lcanalysis.lexicon.HELD_OUT`), written
by an annotator who is not the author of the lexicon (see its README).  :func:`heldout_survival`
cuts each held-out report three ways and counts the listed terms that stay whole:

- ``plain jieba``: no lexicon;
- ``genre lexicon built without them`` (out of sample): ``load(("genre",), "heldout-excluded")``;
- ``genre lexicon built with them`` (in sample, for contrast): the shipped default.
"""

from __future__ import annotations

from functools import lru_cache

import pandas as pd

from .. import paths
from ..errors import LexiconError, require_columns
from . import HELD_OUT, load

REFERENCE = paths.VALIDATION / "terms-heldout" / "heldout_terms.csv"
SETTINGS = ("plain jieba", "genre lexicon built without them (out of sample)",
            "genre lexicon built with them (in sample)")


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


def _settings() -> dict:
    return dict(zip(SETTINGS, (False, load(("genre",), "heldout-excluded"), load(("genre",)))))


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
            s = term_survival(r, terms=list(dict.fromkeys(sub["term"])), lexicon=lex)
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
