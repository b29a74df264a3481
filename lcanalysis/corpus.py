"""The corpus layer's public face: :func:`load_report` and :class:`Report`.

``load_report`` reads a file (:mod:`lcanalysis.io`), cleans it with a log
(:mod:`lcanalysis.clean`) and outlines it (:mod:`lcanalysis.structure`).
The result is immutable by convention: analyses derive new tables from it.
"""

from __future__ import annotations

import warnings as _warnings
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from . import clean as _clean
from . import io, paths, structure
from .errors import EmptyReportError, ReportStructureWarning

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
    _origin: list = field(repr=False, default_factory=list)

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
