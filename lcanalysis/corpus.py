"""The corpus layer's public face: :func:`load_report` and :class:`Report`;
:func:`load_corpus` and :class:`Corpus` for many reports at once.

``load_report`` reads a file (:mod:`lcanalysis.io`), cleans it with a log
(:mod:`lcanalysis.clean`) and outlines it (:mod:`lcanalysis.structure`).
The result is immutable by convention: analyses derive new tables from it.

A :class:`Corpus` holds several reports and shows them as tidy tables keyed by
``doc_id`` (``corpus.sentences``, ``corpus.corrections``, ``corpus.documents``).
The analysis functions that take a report (``extract_indicators``,
``target_ledger``, ``tokenize``, ``code_topics`` and the measures built on them)
take a corpus too (:func:`per_document`): they run on every report and return
one table with ``doc_id`` as its first column.  A corpus in memory suits tens
of reports; for thousands, ``lcanalysis corpus build`` (:mod:`lcanalysis.dataset`)
streams the same tables to Parquet files.
"""

from __future__ import annotations

import functools
import glob as _glob
import warnings as _warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import pandas as pd

from . import clean as _clean
from . import io, paths, structure
from .errors import (CorpusError, CorpusWarning, EmptyReportError, LcaError, ReportNotFoundError,
                     ReportStructureWarning)

CORRECTION_COLUMNS = ["step", "raw_start", "raw_end", "before", "after", "reason"]


@dataclass(frozen=True, eq=False)
class Report:
    """One loaded report.

    Attributes
    ----------
    doc_id : str
    source : str          path of the file, relative to the project root
    sha256 : str          digest of the file's bytes
    raw : str             the file exactly as read (decoded)
    text : str            the cleaned text
    corrections : DataFrame  step, raw_start, raw_end, before, after, reason
    sentences : DataFrame    doc_id, sentence_id, part, part_title, section,
        section_title, lead, paragraph, role, text, start, end, raw_start, raw_end
    annex_items : DataFrame  annex, item, text, department, sentence_id
    encoding : str        the codec the file was decoded with
    warnings : tuple[str, ...]  what the loader did not recognise (also issued
        as :class:`~lcanalysis.errors.ReportStructureWarning`)
    """

    doc_id: str
    source: str
    sha256: str
    raw: str
    text: str
    corrections: pd.DataFrame = field(repr=False)
    sentences: pd.DataFrame = field(repr=False)
    annex_items: pd.DataFrame = field(repr=False)
    encoding: str = "utf-8"
    warnings: tuple = field(repr=False, default=())
    _origin: object = field(repr=False, default=None)

    def __repr__(self) -> str:
        return (f"Report(doc_id={self.doc_id!r}, source={self.source!r}, "
                f"{len(self.text)} characters, {len(self.sentences)} sentences, "
                f"{len(self.corrections)} corrections)")

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        """Where ``text[start:end]`` comes from in ``raw``."""
        return _clean.Cleaned(self.text, [], self._origin).raw_span(start, end)

    def outline(self) -> pd.DataFrame:
        """One row per part and numbered section: title, sentences, lead
        phrases, characters."""
        s = self.sentences[self.sentences["role"] != "title"].copy()
        s["n_chars"] = s["end"] - s["start"]
        s["section_key"] = s["section"].fillna(0)
        leads = s[s["lead"].notna()].groupby(["part", "section_key"], sort=False)["lead"].nunique()
        out = (
            s.groupby(["part", "section_key"], sort=False, dropna=False)
            .agg(part_title=("part_title", "first"), section_title=("section_title", "first"),
                 sentences=("sentence_id", "size"), chars=("n_chars", "sum"))
        )
        out["leads"] = leads.reindex(out.index).fillna(0).astype("int64")
        out = out.reset_index().rename(columns={"section_key": "section"})
        out["section"] = out["section"].astype("Int64").replace(0, pd.NA)
        return out[["part", "part_title", "section", "section_title", "sentences", "leads", "chars"]]

    def parts(self) -> pd.DataFrame:
        """The top-level outline: one row per part, in order, with ``part`` (the
        numeral as printed, empty for an unnumbered heading), ``label`` (the key
        used in ``sentences.part``), ``part_title`` (the heading as the text
        states it, e.g. ``一、2025年工作回顾``), ``kind`` (``part`` or ``annex``)
        and ``n_sections`` (numbered sections directly under it)."""
        s = self.sentences
        heads = s[s["role"].isin(["part_heading", "annex_heading"])]
        first_item = s[s["part"].notna()].drop_duplicates("part")
        rows = []
        for label in s["part"].dropna().unique():
            h = heads[heads["part"] == label]
            row = h.iloc[0] if len(h) else first_item[first_item["part"] == label].iloc[0]
            title = str(row["text"]).rstrip("。：:；，")
            annex = row["role"] != "part_heading"
            numbered = not annex and title.startswith(f"{label}、")
            n = s.loc[(s["part"] == label), "section"].dropna().nunique()
            rows.append(dict(part=label if numbered else ("" if not annex else label),
                             label=label, part_title=title, kind="annex" if annex else "part",
                             n_sections=int(n)))
        out = pd.DataFrame(rows, columns=["part", "label", "part_title", "kind", "n_sections"])
        return out.astype({"n_sections": "int64"})


def load_report(
    path: str | Path | None = None,
    *,
    doc_id: str | None = None,
    encoding: str = "utf-8",
    sha256: str | None = None,
    require_outline: bool = True,
) -> Report:
    """Load, clean and outline a government work report.

    With no ``path``, loads the Liaocheng 2024 report from ``data/raw/`` and
    verifies its sha256.  For another text pass its ``path`` (and a ``doc_id``;
    the default is the file name without extension); pass ``sha256`` to verify
    it too.  Document-specific repairs in ``data/errata.csv`` apply to the file
    whose digest they name.
    """
    if path is None:
        path = paths.REPORT_FILE
        doc_id = doc_id or paths.REPORT_DOC_ID
        sha256 = sha256 or paths.REPORT_SHA256
    path = Path(path)
    doc_id = doc_id or path.stem
    raw, digest, codec = io.read_report_text(path, encoding=encoding, sha256=sha256)
    cleaned = _clean.clean(raw, errata=_clean.read_errata(digest))
    if not cleaned.text.strip():
        raise EmptyReportError(f"{paths.display(path)} holds no report text once web-page chrome "
                               "and markup are removed")
    corrections = pd.DataFrame(cleaned.records, columns=CORRECTION_COLUMNS)
    corrections = corrections.astype({"raw_start": "int64", "raw_end": "int64"})
    bold, joins = _markup(cleaned)
    sentences, items, notes = structure.parse(cleaned.text, bold_spans=bold, joins=joins)
    if require_outline:
        structure.check_outline([s.part for s in sentences])
    shown = paths.display(path)
    if require_outline:  # require_outline=False: the caller accepts any layout (notes kept)
        for note in notes:
            _warnings.warn(f"{shown}: {note}", ReportStructureWarning, stacklevel=2)
    sent_df, items_df = structure.to_frames(doc_id, cleaned.text, sentences, items, cleaned.raw_span)
    return Report(doc_id=doc_id, source=paths.display(path), sha256=digest, raw=raw,
                  text=cleaned.text, corrections=corrections, sentences=sent_df,
                  annex_items=items_df, encoding=codec,
                  warnings=tuple(notes), _origin=cleaned.origin)


def load_comparison(name: str | Path, **kwargs) -> Report:
    """A comparison report: a ``doc_id`` of ``data/corpus/`` (``"national-2024"``,
    ``"shandong-2026"``, ``"provinces-2026/江苏省-2026"``) or the path of a text file.
    Keyword arguments go to :func:`load_report`."""
    candidate = Path(name)
    if candidate.suffix and candidate.is_file():
        return load_report(candidate, **kwargs)
    path = paths.corpus_file(str(name))
    if not path.is_file():
        known = sorted(p.relative_to(paths.CORPUS).with_suffix("").as_posix()
                       for p in paths.CORPUS.rglob("*.txt"))
        raise FileNotFoundError(
            f"comparison report {str(name)!r} is neither a file nor a doc_id of "
            f"{paths.display(paths.CORPUS)} (known: {', '.join(known[:6])}, … {len(known)} in all)")
    kwargs.setdefault("doc_id", Path(str(name)).name)
    return load_report(path, **kwargs)


def _markup(cleaned: _clean.Cleaned) -> tuple[list[tuple[int, int]], set[int]]:
    """Bold spans and page-break joins, located in the cleaned text."""
    markers = [r for r in cleaned.records if r["step"] == "strip_bold_markers"]
    opening = [r for r in markers if r["reason"].endswith("(opening)")]
    closing = [r for r in markers if r["reason"].endswith("(closing)")]
    bold = [(cleaned.clean_offset(o["raw_end"]), cleaned.clean_offset(c["raw_start"]))
            for o, c in zip(opening, closing)]
    joins = {cleaned.clean_offset(r["raw_end"]) for r in cleaned.records
             if r["step"] == "join_broken_lines"}
    return bold, joins


def correction_summary(report: Report) -> pd.DataFrame:
    """How many repairs each cleaning step made, and why."""
    c = report.corrections
    return (c.groupby(["step", "reason"], sort=False).size().rename("n").reset_index()
            .sort_values("n", ascending=False, kind="stable").reset_index(drop=True))


def repair_example(report: Report, step: str, *, prefer: str | None = None) -> str:
    """A sentence as cleaned and as the raw file has it (``repr``, so that line
    breaks show): the first sentence containing ``prefer`` if one does, else
    the first whose raw span a repair of ``step`` touched."""
    s = report.sentences
    rows = s[s["text"].str.contains(prefer, regex=False)] if prefer else s.iloc[:0]
    if not len(rows):
        fixes = report.corrections[report.corrections["step"] == step]
        touched = [(s["raw_start"] <= r.raw_start) & (r.raw_end <= s["raw_end"])
                   for r in fixes.itertuples()]
        rows = s[pd.concat(touched, axis=1).any(axis=1)] if touched else s.iloc[:0]
    if not len(rows):
        return f"{report.doc_id}: no repair of step {step!r} to show"
    row = rows.iloc[0]
    return f"{row['text']}\n{report.raw[row['raw_start']:row['raw_end']]!r}"


def correction_context(report: Report, step: str, width: int = 8) -> pd.DataFrame:
    """The repairs of one step with ``width`` raw characters either side."""
    c = report.corrections[report.corrections["step"] == step]
    rows = []
    for r in c.itertuples():
        before = report.raw[max(0, r.raw_start - width) : r.raw_start]
        after = report.raw[r.raw_end : r.raw_end + width]
        rows.append(dict(raw_start=r.raw_start, context=f"{before}⟦{r.before}⟧{after}".replace("\n", "⏎"),
                         replaced_by=r.after))
    return pd.DataFrame(rows, columns=["raw_start", "context", "replaced_by"])


def lead_phrases(report: Report) -> pd.DataFrame:
    """The lead phrases, in order, with their part and section."""
    s = report.sentences.dropna(subset=["lead"])
    return (s.drop_duplicates(["part", "section", "lead"])[["part", "section", "lead", "sentence_id"]]
            .reset_index(drop=True))


# -- many reports ----------------------------------------------------------------------
#: what a corpus loads from a folder
REPORT_SUFFIXES = (".txt", ".htm", ".html")
FAILURE_COLUMNS = ["source", "doc_id", "error", "message"]
DOCUMENT_COLUMNS = ["doc_id", "source", "sha256", "encoding", "chars", "sentences",
                    "corrections", "warnings"]


@dataclass(frozen=True, eq=False)
class Corpus:
    """Several loaded reports, in order, each with a unique ``doc_id``.

    Attributes and tables (every table has ``doc_id`` as its first column and
    is keyed by ``doc_id`` with the per-report key, e.g. ``sentence_id``):

    reports : tuple[Report, ...]
    documents : DataFrame   doc_id, source, sha256, encoding, chars, sentences,
        corrections, warnings (one row per report)
    sentences, corrections, annex_items : DataFrame   the reports' tables stacked
    failures : DataFrame    source, doc_id, error, message: inputs that could not
        be loaded (only with ``load_corpus(..., errors="skip")``; empty otherwise)
    """

    reports: tuple
    failures: pd.DataFrame = field(repr=False, default=None)

    def __post_init__(self):
        ids = [r.doc_id for r in self.reports]
        dup = sorted({d for d in ids if ids.count(d) > 1})
        if dup:
            raise CorpusError(f"doc_id {dup[0]!r} is used by more than one report "
                              f"({', '.join(r.source for r in self.reports if r.doc_id == dup[0])}) — "
                              "pass doc_ids= to load_corpus, or rename the files")
        if self.failures is None:
            object.__setattr__(self, "failures", pd.DataFrame(columns=FAILURE_COLUMNS, dtype="string"))

    def __repr__(self) -> str:
        chars = sum(len(r.text) for r in self.reports)
        failed = f", {len(self.failures)} failed" if len(self.failures) else ""
        return f"Corpus({len(self.reports)} reports, {chars:,} characters{failed})"

    def __len__(self) -> int:
        return len(self.reports)

    def __iter__(self):
        return iter(self.reports)

    def __getitem__(self, key: str | int) -> Report:
        if isinstance(key, int):
            return self.reports[key]
        for r in self.reports:
            if r.doc_id == key:
                return r
        raise KeyError(f"no report {key!r} in the corpus; doc_ids: {', '.join(self.doc_ids[:10])}"
                       + (" …" if len(self) > 10 else ""))

    @property
    def doc_ids(self) -> list[str]:
        return [r.doc_id for r in self.reports]

    def subset(self, doc_ids: Iterable[str]) -> "Corpus":
        """The reports with these doc_ids, in the order given."""
        return Corpus(tuple(self[d] for d in doc_ids))

    @property
    def documents(self) -> pd.DataFrame:
        rows = [dict(doc_id=r.doc_id, source=r.source, sha256=r.sha256, encoding=r.encoding,
                     chars=len(r.text), sentences=len(r.sentences), corrections=len(r.corrections),
                     warnings=len(r.warnings)) for r in self.reports]
        out = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
        for col in ("doc_id", "source", "sha256", "encoding"):
            out[col] = out[col].astype("string")
        return out.astype({c: "int64" for c in ("chars", "sentences", "corrections", "warnings")})

    def _stack(self, attr: str) -> pd.DataFrame:
        parts = []
        for r in self.reports:
            t = getattr(r, attr)
            if "doc_id" not in t.columns:
                t = t.copy()
                t.insert(0, "doc_id", pd.Series([r.doc_id] * len(t), index=t.index, dtype="string"))
            parts.append(t)
        return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame()

    @property
    def sentences(self) -> pd.DataFrame:
        return self._stack("sentences")

    @property
    def corrections(self) -> pd.DataFrame:
        return self._stack("corrections")

    @property
    def annex_items(self) -> pd.DataFrame:
        return self._stack("annex_items")

    def map(self, func, *args, **kwargs) -> pd.DataFrame:
        """``func(report, *args, **kwargs)`` for every report, stacked into one
        table with ``doc_id`` first (added where ``func``'s table lacks it).
        A table argument with a ``doc_id`` column (an indicator or topic table of
        the whole corpus) is handed to each call restricted to that report's rows.
        An error names the report it happened in."""
        parts = []
        for r in self.reports:
            a = [_rows_of(x, r.doc_id) for x in args]
            kw = {k: _rows_of(v, r.doc_id) for k, v in kwargs.items()}
            try:
                t = func(r, *a, **kw)
            except LcaError as exc:
                if hasattr(exc, "add_note"):
                    exc.add_note(f"(in report {r.doc_id!r} of the corpus, {r.source})")
                raise
            if "doc_id" not in t.columns:
                t = t.copy()
                t.insert(0, "doc_id", pd.Series([r.doc_id] * len(t), index=t.index, dtype="string"))
            elif list(t.columns).index("doc_id") != 0:
                t = t[["doc_id"] + [c for c in t.columns if c != "doc_id"]]
            parts.append(t)
        with _warnings.catch_warnings():
            # concatenating an empty table with typed ones (a report with no rows) is fine here
            _warnings.simplefilter("ignore", FutureWarning)
            out = pd.concat(parts, ignore_index=True)
        meta = [p.attrs.get("lcanalysis") for p in parts if p.attrs.get("lcanalysis")]
        if meta:
            common = {k: v for k, v in meta[0].items()
                      if k not in ("doc_id", "report_sha256") and all(m.get(k) == v for m in meta)}
            out.attrs["lcanalysis"] = {**common, "documents": {r.doc_id: r.sha256 for r in self.reports}}
        return out


def _rows_of(x, doc_id: str):
    if isinstance(x, pd.DataFrame) and "doc_id" in x.columns:
        return x[x["doc_id"] == doc_id]
    return x


def per_document(func):
    """Let an analysis function of one report take a :class:`Corpus` as well:
    ``func(corpus, …)`` is :meth:`Corpus.map` ``(func, …)``."""
    @functools.wraps(func)
    def wrapper(report, *args, **kwargs):
        if isinstance(report, Corpus):
            return report.map(func, *args, **kwargs)
        return func(report, *args, **kwargs)

    wrapper.__doc__ = (func.__doc__ or "") + (
        "\n\n    Takes a :class:`~lcanalysis.corpus.Corpus` too: one table for all its "
        "reports, ``doc_id`` first.\n")
    return wrapper


def _expand(inputs) -> list:
    """Files (and loaded reports) named by a path, a folder, a glob or a list of them."""
    if isinstance(inputs, (str, Path, Report)):
        inputs = [inputs]
    out = []
    for item in inputs:
        if isinstance(item, Report):
            out.append(item)
            continue
        p = Path(item)
        if any(ch in str(item) for ch in "*?["):
            hits = sorted(Path(h) for h in _glob.glob(str(item), recursive=True))
            hits = [h for h in hits if h.is_file()]
            if not hits:
                raise ReportNotFoundError(f"no file matches {item!s} — check the pattern "
                                          "(relative patterns start from the current folder)")
            out.extend(hits)
        elif p.is_dir():
            hits = sorted(f for f in p.iterdir() if f.is_file() and f.suffix.lower() in REPORT_SUFFIXES)
            if not hits:
                raise ReportNotFoundError(f"folder {paths.display(p)} holds no report files "
                                          f"({', '.join(REPORT_SUFFIXES)})")
            out.extend(hits)
        else:
            out.append(p)
    return out


def load_corpus(
    paths_or_glob,
    *,
    doc_ids: Iterable[str] | None = None,
    encoding: str = "utf-8",
    require_outline: bool = True,
    errors: Literal["raise", "skip"] = "raise",
) -> Corpus:
    """Load many reports as one :class:`Corpus`.

    ``paths_or_glob``: a file, a folder (its .txt/.htm/.html files), a glob
    pattern (``"data/corpus/national-*.txt"``), a loaded :class:`Report`, or a
    list of any of these, loaded in the order given (a folder's or pattern's
    files sorted by name).  ``doc_id`` is each file's name without extension
    (the Liaocheng report keeps ``liaocheng-2024``), or ``doc_ids`` in input
    order.  With ``errors="skip"`` a file that cannot be loaded is left out,
    listed in ``corpus.failures`` and named in a :class:`CorpusWarning`;
    by default the first such file raises its error.
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"unknown errors={errors!r}; use 'raise' or 'skip'")
    items = _expand(paths_or_glob)
    names = list(doc_ids) if doc_ids is not None else None
    if names is not None and len(names) != len(items):
        raise CorpusError(f"{len(names)} doc_ids for {len(items)} reports — pass one doc_id per file")
    reports, failed = [], []
    for k, item in enumerate(items):
        if isinstance(item, Report):
            reports.append(item)
            continue
        is_liaocheng = item.resolve() == paths.REPORT_FILE.resolve()
        doc_id = names[k] if names else (paths.REPORT_DOC_ID if is_liaocheng else item.stem)
        try:
            reports.append(load_report(item, doc_id=doc_id, encoding=encoding,
                                       sha256=paths.REPORT_SHA256 if is_liaocheng else None,
                                       require_outline=require_outline))
        except LcaError as exc:
            if errors == "raise":
                raise
            failed.append(dict(source=paths.display(item), doc_id=doc_id, error=type(exc).__name__,
                               message=str(exc)))
    failures = pd.DataFrame(failed, columns=FAILURE_COLUMNS).astype("string")
    if failed:
        _warnings.warn(f"{len(failed)} of {len(items)} report(s) could not be loaded and are left "
                       f"out: {', '.join(f['source'] for f in failed)} (see corpus.failures)",
                       CorpusWarning, stacklevel=2)
    return Corpus(tuple(reports), failures)
