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
- ``round 4``: ``data/validation/terms-heldout-4/heldout_terms.csv``, 80 terms of Shandong 2026 and
  the national report of 2025 (:data:`HELD_OUT_4`), read only after the v5 rules were committed:
  the clean out-of-sample figure of v5 (:func:`rebuilt_survival`, recorded in
  ``terms-heldout-4/v5_survival.csv``, :func:`round4_record`).  Both reports are build documents
  of every shipped lexicon, so they are scored with the lexicon rebuilt without each.
- ``round 5``, ``round 6``: ``data/validation/terms-heldout-5/`` and ``terms-heldout-6/``, 80
  terms each of two national reports (2021 and 2016; 2023 and 2019: :data:`HELD_OUT_5`,
  :data:`HELD_OUT_6`), read only after the v6 rules were committed: the clean out-of-sample
  figures of v6 (:func:`rebuilt_survival`, recorded in ``v6_survival.csv``, :func:`rebuilt_record`).

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
from . import EXCLUDED, HELD_OUT, HELD_OUT_2, HELD_OUT_3, load, with_auto

#: the reports of the fourth list: in every shipped build, so scored only by leave-one-out builds
HELD_OUT_4 = ("shandong-2026", "national-2025")
#: the reports of the fifth list (two national reports, read after the v6 rules were committed)
HELD_OUT_5 = ("national-2021", "national-2016")
#: the reports of the sixth list (two more national reports, listed and read after the v6 rules
#: were committed, no rule changed since the fifth was read)
HELD_OUT_6 = ("national-2023", "national-2019")
REFERENCES = {"round 1": paths.VALIDATION / "terms-heldout" / "heldout_terms.csv",
              "round 2": paths.VALIDATION / "terms-heldout-2" / "heldout_terms.csv",
              "round 3": paths.VALIDATION / "terms-heldout-3" / "heldout_terms.csv",
              "round 4": paths.VALIDATION / "terms-heldout-4" / "heldout_terms.csv",
              "round 5": paths.VALIDATION / "terms-heldout-5" / "heldout_terms.csv",
              "round 6": paths.VALIDATION / "terms-heldout-6" / "heldout_terms.csv"}
DOCUMENTS = {"round 1": HELD_OUT, "round 2": HELD_OUT_2, "round 3": HELD_OUT_3, "round 4": HELD_OUT_4,
             "round 5": HELD_OUT_5, "round 6": HELD_OUT_6}
#: the rounds whose reports are build documents of every shipped lexicon: scored by rebuilding
#: the genre lexicon without each report (:func:`rebuilt_survival`)
REBUILT_ROUNDS = ("round 4", "round 5", "round 6")
#: the rounds whose reports the ``heldout-excluded`` build leaves out (:func:`heldout_survival`)
HELDOUT_ROUNDS = ("round 1", "round 2", "round 3")
#: the (round, rules) records of :func:`rebuilt_survival` whose list was read only after those
#: rules were committed: the clean out-of-sample figures (the lists' READMEs give the commits);
#: every other record is after inspection
CLEAN_RECORDS = frozenset({("round 4", "v5"), ("round 5", "v6"), ("round 6", "v6")})
ROUND4_SETTINGS = ("plain jieba", "genre lexicon built without the report (out of sample)",
                   "built without the report + automatic layer (out of sample)",
                   "default tokenize: built with the report + automatic layer (in sample)")
REFERENCE = REFERENCES["round 1"]
#: the version of the build and automatic-layer rules (data/lexicon/README.md)
RULES_VERSION = "v6"
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


@lru_cache(maxsize=4)
def _reports(round: str = "round 1") -> dict:
    from ..corpus import load_report

    if round not in DOCUMENTS:
        raise LexiconError(f"unknown reference list {round!r}; use one of {', '.join(DOCUMENTS)}")
    return {d: load_report(paths.document_file(d), doc_id=d, require_outline=False)
            for d in DOCUMENTS[round]}


def _heldout_round(round: str) -> str:
    """``round``, if the ``heldout-excluded`` build leaves its reports out (an unknown name is
    :func:`reference`'s error)."""
    if round in REFERENCES and round not in HELDOUT_ROUNDS:
        raise LexiconError(f"the reports of {round} ({', '.join(DOCUMENTS[round])}) are in the "
                           "heldout-excluded build, so it cannot score them out of sample; use "
                           "rebuilt_survival() (leave-one-out builds)")
    return round


def _settings() -> dict:
    out_of_sample = load(("genre",), "heldout-excluded")
    return dict(zip(SETTINGS, (False, out_of_sample, load(("genre",)),
                               with_auto(out_of_sample, "heldout-excluded"), True)))


@lru_cache(maxsize=3)
def _survival_tables(round: str) -> dict:
    """(setting, doc_id) → :func:`lcanalysis.tokens.term_survival` of the document's listed terms
    under that setting: each held-out report cut once per setting, for every summary below."""
    from ..tokens import term_survival

    ref = reference(_heldout_round(round))
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


#: the record of :func:`leave_one_out_survival` (written by ``python -m lcanalysis.lexicon.evaluate``)
LOO_RECORD = paths.VALIDATION / "terms-leave-one-out" / "survival.csv"
LOO_SETTINGS = ("genre lexicon built without the report", "built without the report + automatic layer")
LOO_COLUMNS = ["doc_id", "round", "setting", "listed", "found", "whole", "share", "occurrences",
               "occurrences_whole", "build_documents", "genre_terms", "generic_words_as_shipped"]


def _loo_fold(doc_id: str) -> pd.DataFrame:
    """One fold: the genre lexicon built from every corpus document but ``doc_id``, and the
    survival of ``doc_id``'s listed terms under it, alone and with the automatic layer
    (:func:`lcanalysis.tokens.survival_by_document`, without its ``all`` row)."""
    from ..tokens import survival_by_document
    from . import generic_words
    from .build import _lexicon, build, corpus_paths

    (listed_in,) = [r for r, docs in DOCUMENTS.items() if doc_id in docs]
    ref = reference(listed_in)
    built = build(exclude=(doc_id,))
    lex = _lexicon(built["genre"], f"genre (built without {doc_id})")
    shipped = generic_words("default")
    same = (set(zip(built["generic"]["word"].astype(str), built["generic"]["side"].astype(str)))
            == set(zip(shipped["word"].astype(str), shipped["side"].astype(str))))
    fold = survival_by_document({doc_id: _reports(listed_in)[doc_id]}, ref[ref["doc_id"] == doc_id],
                                dict(zip(LOO_SETTINGS, (lex, with_auto(lex, "default")))))
    fold = fold[fold["doc_id"] != "all"].assign(
        round=listed_in, build_documents=len(corpus_paths()) - 1, genre_terms=len(lex),
        generic_words_as_shipped=same)
    return fold


def leave_one_out_survival(doc_ids=None, *, jobs: int = 1, progress=None) -> pd.DataFrame:
    """Term survival with the shipped procedure on a report it was not built from: for each
    listed report (:data:`lcanalysis.lexicon.EXCLUDED`, or ``doc_ids``), the genre lexicon is
    rebuilt from the other 63 corpus documents (:func:`lcanalysis.lexicon.build.build` with
    ``exclude``) — so it has seen the other provinces of the year, as the shipped lexicon has
    when a user cuts a new province's report — and the report's listed terms are scored under
    it, alone and with the report's automatic layer (which uses the shipped build's generic
    words; ``generic_words_as_shipped`` says whether the fold's build measured the same ones).
    One row per (doc_id, setting) and an ``all`` row per setting (:data:`LOO_COLUMNS`; shares
    to three places).  Each fold is a full build (about 100 s); ``jobs`` folds run at a time in
    worker processes."""
    docs = list(doc_ids) if doc_ids is not None else list(EXCLUDED)
    listed = (*EXCLUDED, *HELD_OUT_4, *HELD_OUT_5, *HELD_OUT_6)
    unknown = sorted(set(docs) - set(listed))
    if unknown:
        raise LexiconError(f"no reference list names {', '.join(unknown)}; listed reports: "
                           + ", ".join(listed))
    folds = []
    if jobs <= 1:
        for k, d in enumerate(docs, start=1):
            folds.append(_loo_fold(d))
            if progress:
                progress(k, len(docs))
    else:
        from concurrent.futures import ProcessPoolExecutor

        with ProcessPoolExecutor(max_workers=jobs) as pool:
            for k, fold in enumerate(pool.map(_loo_fold, docs), start=1):
                folds.append(fold)
                if progress:
                    progress(k, len(docs))
    table = pd.concat(folds, ignore_index=True)
    counts = ["listed", "found", "whole", "occurrences", "occurrences_whole"]
    totals = table.groupby("setting", sort=False).agg(
        {**{c: "sum" for c in counts}, "build_documents": "max", "genre_terms": "mean",
         "generic_words_as_shipped": "all"}).reset_index().assign(doc_id="all", round="all")
    totals["genre_terms"] = totals["genre_terms"].round().astype(int)
    out = pd.concat([table, totals], ignore_index=True)
    out["share"] = (out["whole"] / out["found"].where(out["found"] > 0)).round(3)
    return out[LOO_COLUMNS]


def leave_one_out_record() -> pd.DataFrame:
    """The recorded :func:`leave_one_out_survival` of every listed report
    (``data/validation/terms-leave-one-out/survival.csv``): ten full builds take too long for a
    notebook run, so the notebook reads the record and a test rebuilds one fold against it."""
    if not LOO_RECORD.is_file():
        raise LexiconError(f"{paths.display(LOO_RECORD)} not found — write it with "
                           "python -m lcanalysis.lexicon.evaluate --leave-one-out --write")
    table = pd.read_csv(LOO_RECORD)
    require_columns(table, LOO_COLUMNS, what=paths.display(LOO_RECORD))
    return table


def rebuilt_survival(round: str = "round 5", *, jobs: int = 1) -> pd.DataFrame:
    """A list whose reports are build documents of every shipped lexicon (:data:`REBUILT_ROUNDS`:
    the fourth, Shandong 2026 and national 2025; the fifth, national 2021 and 2016; the sixth,
    national 2023 and 2019) scored as a
    user's new report would be: per report, the genre lexicon rebuilt without it
    (:func:`leave_one_out_survival`, alone and with the automatic layer), beside plain jieba and
    the default ``tokenize`` (whose lexicon was built with the report: in sample).  One row per
    (doc_id, setting) and an ``all`` row per setting: doc_id, setting (:data:`ROUND4_SETTINGS`),
    listed, found, whole, share, occurrences, occurrences_whole.  One full build per report."""
    from ..tokens import survival_by_document

    docs = _rebuilt_documents(round)
    quick = survival_by_document(_reports(round), reference(round),
                                 {ROUND4_SETTINGS[0]: False, ROUND4_SETTINGS[3]: True})
    loo = leave_one_out_survival(docs, jobs=jobs)
    loo = loo.assign(setting=loo["setting"].map(dict(zip(LOO_SETTINGS, ROUND4_SETTINGS[1:3]))))
    cols = ["doc_id", "setting", "listed", "found", "whole", "share", "occurrences",
            "occurrences_whole"]
    out = pd.concat([quick[cols], loo[cols]], ignore_index=True).round({"share": 3})
    rank = pd.MultiIndex.from_product([ROUND4_SETTINGS, (*docs, "all")])
    return out.set_index(["setting", "doc_id"]).loc[rank].reset_index(names=["setting", "doc_id"])[cols]


def _rebuilt_documents(round: str) -> tuple:
    """The reports of ``round``, one of :data:`REBUILT_ROUNDS` (else a :class:`LexiconError`)."""
    if round not in REBUILT_ROUNDS:
        raise LexiconError(f"{round!r} is not scored by rebuilding; use one of {', '.join(REBUILT_ROUNDS)}")
    return DOCUMENTS[round]


def rebuilt_record_path(round: str, rules: str = RULES_VERSION):
    """Where the record of :func:`rebuilt_survival` of ``round`` under ``rules`` lives:
    ``terms-heldout-N/{rules}_survival.csv``."""
    _rebuilt_documents(round)
    return REFERENCES[round].parent / f"{rules}_survival.csv"


def rebuilt_record(round: str = "round 5", rules: str = RULES_VERSION) -> pd.DataFrame:
    """The recorded :func:`rebuilt_survival` of ``round`` under the rules version ``rules``
    (default the current one), with the commit it was measured at."""
    path = rebuilt_record_path(round, rules)
    if not path.is_file():
        number = round.split()[-1]
        raise LexiconError(f"{paths.display(path)} not found — write it with "
                           f"python -m lcanalysis.lexicon.evaluate --round {number} --write")
    table = pd.read_csv(path)
    require_columns(table, ["doc_id", "setting", "found", "whole", "share", "rules", "measured_at"],
                    what=paths.display(path))
    return table


def round4_record() -> pd.DataFrame:
    """The fourth list's v5 record (``data/validation/terms-heldout-4/v5_survival.csv``): the clean
    figure of v5, measured before the list was read and kept when v6 was written after it."""
    return rebuilt_record("round 4", "v5")


def rebuilt_summary(record: pd.DataFrame | None = None) -> dict:
    """The figures of a rebuilt round's record (default: the fourth list's v5 record,
    :func:`round4_record`) that notebook 03 states: ``whole``, ``found`` and ``share`` of the
    out-of-sample setting (lexicon rebuilt without the report + automatic layer, all reports);
    ``plain``, ``genre`` and ``default``, the shares of the other settings; ``ci_low``,
    ``ci_high``, the Wilson 95% interval of ``share`` (statsmodels), which treats the terms as
    independent — a report's terms are not, so it understates the uncertainty; ``gap``, the
    difference in whole terms between the two reports under the out-of-sample setting."""
    from statsmodels.stats.proportion import proportion_confint

    record = (round4_record() if record is None else record).set_index(["setting", "doc_id"])
    plain, genre, out_of_sample, default = ROUND4_SETTINGS
    whole, found = int(record.loc[(out_of_sample, "all"), "whole"]), int(record.loc[(out_of_sample, "all"), "found"])
    lo, hi = proportion_confint(whole, found, method="wilson")
    share = {k: float(record.loc[(s, "all"), "share"])
             for k, s in (("plain", plain), ("genre", genre), ("share", out_of_sample), ("default", default))}
    docs = [d for d in dict.fromkeys(record.loc[out_of_sample].index) if d != "all"]
    per = [int(record.loc[(out_of_sample, d), "whole"]) for d in docs]
    return dict(whole=whole, found=found, **share, ci_low=float(lo), ci_high=float(hi),
                gap=max(per) - min(per))


def round4_summary(record: pd.DataFrame | None = None) -> dict:
    """:func:`rebuilt_summary` of the fourth list's v5 record (or of ``record``)."""
    return rebuilt_summary(record)


#: short column names for :func:`rebuilt_wide` (same order as ROUND4_SETTINGS)
ROUND4_SHORT = dict(zip(ROUND4_SETTINGS, ("plain jieba", "genre, rebuilt without", "+ automatic, rebuilt without",
                                          "default (in sample)")))


def rebuilt_wide(record: pd.DataFrame | None = None, value: str = "share") -> pd.DataFrame:
    """A rebuilt round's record (default :func:`round4_record`) as one row per report (``all``
    last) and one column per setting, with short names (:data:`ROUND4_SHORT`)."""
    record = round4_record() if record is None else record
    docs = [d for d in dict.fromkeys(record["doc_id"]) if d != "all"]
    out = record.pivot(index="doc_id", columns="setting", values=value)
    out = out.reindex(index=[*docs, "all"], columns=list(ROUND4_SETTINGS))
    return out.rename(columns=ROUND4_SHORT).rename_axis(index="report", columns=None)


def round4_wide(record: pd.DataFrame | None = None, value: str = "share") -> pd.DataFrame:
    """:func:`rebuilt_wide` of the fourth list's v5 record (or of ``record``)."""
    return rebuilt_wide(record, value)


def rebuilt_rounds_table() -> pd.DataFrame:
    """Every record of the rebuilt rounds, one row per (round, rules): round, rules, reports,
    found, whole, share (out of sample: rebuilt without the report + automatic layer), default
    (the in-sample default ``tokenize``), clean (in :data:`CLEAN_RECORDS`: the list was read only
    after those rules were committed; False: after inspection)."""
    rows = []
    for round in REBUILT_ROUNDS:
        for path in sorted(REFERENCES[round].parent.glob("v*_survival.csv")):
            rules = path.name.split("_")[0]
            s = rebuilt_summary(rebuilt_record(round, rules))
            rows.append(dict(round=round, rules=rules, reports=", ".join(DOCUMENTS[round]),
                             found=s["found"], whole=s["whole"], share=s["share"],
                             default=s["default"], clean=(round, rules) in CLEAN_RECORDS))
    return pd.DataFrame(rows, columns=["round", "rules", "reports", "found", "whole", "share",
                                       "default", "clean"])


def clean_summary(rules: str = RULES_VERSION) -> dict:
    """The clean out-of-sample figure of a rules version: the rebuilt rounds read only after those
    rules were committed (:func:`rebuilt_rounds_table`, ``clean``), pooled — ``rounds``, ``reports``
    (their number), ``whole``, ``found``, ``share`` (rebuilt without the report + automatic layer),
    ``plain`` (plain jieba's share), ``ci_low``, ``ci_high`` (Wilson 95%, terms treated as
    independent, which they are not within a report: too narrow)."""
    from statsmodels.stats.proportion import proportion_confint

    table = rebuilt_rounds_table()
    table = table[table["clean"] & (table["rules"] == rules)]
    if table.empty:
        raise LexiconError(f"no clean record of the {rules} rules")
    plain = sum(int(rebuilt_record(r, rules).set_index(["setting", "doc_id"]).loc[
        (ROUND4_SETTINGS[0], "all"), "whole"]) for r in table["round"])
    whole, found = int(table["whole"].sum()), int(table["found"].sum())
    lo, hi = proportion_confint(whole, found, method="wilson")
    return dict(rounds=", ".join(table["round"]), reports=sum(len(DOCUMENTS[r]) for r in table["round"]),
                whole=whole, found=found, share=whole / found, plain=plain / found,
                ci_low=float(lo), ci_high=float(hi))


def main(argv=None) -> int:
    import argparse
    import sys

    parser = argparse.ArgumentParser(prog="python -m lcanalysis.lexicon.evaluate",
                                     description="Leave-one-report-out term survival (ten builds).")
    which = parser.add_mutually_exclusive_group(required=True)
    which.add_argument("--leave-one-out", action="store_true",
                       help="the ten listed provincial reports (ten builds)")
    which.add_argument("--round", type=int, choices=[int(r.split()[-1]) for r in REBUILT_ROUNDS],
                       help="a list whose reports are build documents: 4 (Shandong 2026, national "
                            "2025), 5 (national 2021, 2016) or 6 (national 2023, 2019); one build "
                            "per report")
    parser.add_argument("--jobs", type=int, default=1)
    parser.add_argument("--write", action="store_true",
                        help=f"write {paths.display(LOO_RECORD)} or the round's "
                             f"{RULES_VERSION}_survival.csv (else print the table)")
    args = parser.parse_args(argv)
    if args.round:
        import subprocess

        round = f"round {args.round}"
        table = rebuilt_survival(round, jobs=args.jobs)
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=paths.ROOT,
                                capture_output=True, text=True).stdout.strip() or "unknown"
        table = table.assign(rules=RULES_VERSION, measured_at=commit)
        target = rebuilt_record_path(round)
    else:
        table = leave_one_out_survival(jobs=args.jobs, progress=lambda k, n: print(
            f"{k}/{n} folds built", file=sys.stderr, flush=True))
        target = LOO_RECORD
    if args.write:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(table.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
        print(f"wrote {paths.display(target)}")
    else:
        print(table.to_string(index=False))
    return 0


def free_phrases_merged(report, *, lexicon=True) -> pd.DataFrame:
    """The automatic terms of ``report`` that hold a free phrase of the genre — a word of the
    boilerplate list (``boilerplate_stopwords.csv``: 严格, 扎实, 落实, 开展 …) as one of the tokens
    the base segmenter cuts the term into — by rule (term, rule, n, tokens).  A keyword count needs
    those words apart (严格落实 is 严格 + 落实); a name the text marks
    (:data:`lcanalysis.lexicon.auto.NAME_RULES`: “全面推进”…, 小城镇创新提升行动) is the report's own."""
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
    (:func:`free_phrases_merged`), how many of those are quoted names, how many are other names
    that the text marks (rules ``programme``, ``zone``, ``punctuated``: v6), and the others (up
    to five, the free phrases a keyword count would lose).  Columns doc_id, automatic_terms,
    with_boilerplate_word, quoted, named, unquoted_examples."""
    from ..tokens import auto_terms
    from .auto import NAME_RULES

    rows = []
    for r in reports:
        free = free_phrases_merged(r)
        others = free.loc[~free["rule"].isin(NAME_RULES), "term"].tolist()
        quoted = int((free["rule"] == "quoted").sum())
        rows.append(dict(doc_id=r.doc_id, automatic_terms=len(auto_terms(r)),
                         with_boilerplate_word=len(free), quoted=quoted,
                         named=int(free["rule"].isin(NAME_RULES).sum()) - quoted,
                         unquoted_examples="、".join(others[:5])))
    return pd.DataFrame(rows, columns=["doc_id", "automatic_terms", "with_boilerplate_word", "quoted",
                                       "named", "unquoted_examples"])


if __name__ == "__main__":  # pragma: no cover - the command line
    raise SystemExit(main())
