"""Cleaning: small, logged repairs of the PDF-conversion artefacts.

Each step is a function ``step(text) -> (new_text, changes)``: it returns the
repaired text and one :class:`Change` per edit, located in the text it was
given.  :func:`clean` composes the steps in :data:`STEPS` order, carries every
edit back to its place in the raw file and returns the corrections log
(``step, raw_start, raw_end, before, after, reason``).  A character is changed
only where a step has a rule for it; text with no artefacts passes through
unchanged (tested).

Document-specific repairs are not code: they are rows of ``data/errata.csv``
(keyed by the raw file's sha256), applied by :func:`apply_errata` through the
same logged mechanism.
"""

from __future__ import annotations

import bisect
import csv
import difflib
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from . import paths
from .errors import ErrataError

# -- character classes ---------------------------------------------------------
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65\u2014\u2018\u2019\u201c\u201d\u2026\u00b7"
TERMINAL = "。！？；：…"
CLOSERS = "”’」』）》】"
NUMERALS_ZH = "一二三四五六七八九十"

#: a line that starts a structural element: part, section, annex or list item
#: heading, or a dash bullet (used to decide where a line break is real).
STRUCTURAL_START = re.compile(
    rf"^(?:[{NUMERALS_ZH}]+、|[（(][{NUMERALS_ZH}]+[）)]|附件\s*\d*\s*$|\d+\s*[.．、]\s*\S|——)"
)
#: a line that is itself a heading (no sentence ends inside it)
HEADING_LINE = re.compile(
    rf"^(?:[{NUMERALS_ZH}]+、[^。！？；]*|[（(][{NUMERALS_ZH}]+[）)][^。！？；，]*|附件\s*\d*)\s*$"
)
#: the salutation that opens the body of a work report
SALUTATION = re.compile(r"^各位代表")


@dataclass(frozen=True)
class Change:
    """One edit, in the coordinates of the text the step was given."""

    start: int
    end: int
    after: str
    reason: str


Step = Callable[[str], "tuple[str, list[Change]]"]


def _apply(text: str, changes: list[Change]) -> str:
    out, pos = [], 0
    for ch in sorted(changes, key=lambda c: (c.start, c.end)):
        if ch.start < pos:
            raise ValueError(f"overlapping changes at {ch.start}")
        out.append(text[pos : ch.start])
        out.append(ch.after)
        pos = ch.end
    out.append(text[pos:])
    return "".join(out)


def _from_matches(text: str, matches: Iterable[re.Match], after, reason: str):
    changes = [Change(m.start(), m.end(), after(m), reason) for m in matches]
    changes = [c for c in changes if text[c.start : c.end] != c.after]
    return _apply(text, changes), changes


def body_start(text: str) -> int:
    """Offset of the first line of the body: the salutation 各位代表, else the
    first part heading, else 0.  Lines before it are the title block."""
    offset = 0
    first_heading = None
    for line in text.splitlines(keepends=True):
        stripped = line.strip(" \t\u3000\r\n*")
        if SALUTATION.match(stripped):
            return offset
        if first_heading is None and re.match(rf"^[{NUMERALS_ZH}]+、", stripped):
            first_heading = offset
        offset += len(line)
    return first_heading if first_heading is not None else 0


# -- steps ---------------------------------------------------------------------
def strip_bom(text: str) -> tuple[str, list[Change]]:
    """Remove a UTF-8 byte-order mark at the start of the file."""
    if text.startswith("\ufeff"):
        ch = Change(0, 1, "", "byte-order mark at the start of the file (not text)")
        return text[1:], [ch]
    return text, []


def normalize_line_endings(text: str) -> tuple[str, list[Change]]:
    """CRLF and lone CR line endings become LF."""
    return _from_matches(
        text, re.finditer(r"\r\n?", text), lambda m: "\n", "Windows/Mac line ending → LF"
    )


def strip_bold_markers(text: str) -> tuple[str, list[Change]]:
    """Remove markdown ``**bold**`` marker pairs (the bold spans are kept as
    structure: they mark lead phrases, see :mod:`lcanalysis.structure`)."""
    changes = []
    for m in re.finditer(r"\*\*(?=\S)(.+?)\*\*", text, flags=re.S):
        changes.append(Change(m.start(), m.start() + 2, "", "markdown bold marker (opening)"))
        changes.append(Change(m.end() - 2, m.end(), "", "markdown bold marker (closing)"))
    return _apply(text, changes), changes


def fix_stray_latin(text: str) -> tuple[str, list[Change]]:
    """A lone English ' and ' between Chinese characters is a conversion
    artefact for 和."""
    pattern = re.compile(rf"(?<=[{HAN}{CJK_PUNCT}]) ?\band\b ?(?=[{HAN}])")
    return _from_matches(
        text, pattern.finditer(text), lambda m: "和",
        "English 'and' between Chinese characters: conversion artefact for 和",
    )


def _line_is_terminal(line: str) -> bool:
    """Does the line end a sentence ("…。", "…；", "…。”")?"""
    s = line.rstrip(" \t\u3000")
    if not s:
        return False
    if s[-1] in TERMINAL:
        return True
    return s[-1] in CLOSERS and len(s) > 1 and s[-2] in TERMINAL


def join_broken_lines(text: str) -> tuple[str, list[Change]]:
    """Join lines broken in the middle of a sentence (PDF page breaks).

    A line break in the body is removed when the line before it ends without
    sentence-final punctuation, the line before is not a heading, and the line
    after does not start a heading, list item or dash bullet.  The title block
    before the body (see :func:`body_start`) is left alone.
    """
    begin = body_start(text)
    changes = []
    for m in re.finditer(r"[ \t\u3000]*\n[ \t\u3000\n]*", text):
        if m.start() < begin or m.end() >= len(text):
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        prev = text[line_start : m.start()]
        nxt_end = text.find("\n", m.end())
        nxt = text[m.end() : nxt_end if nxt_end != -1 else len(text)]
        if not prev.strip() or not nxt.strip():
            continue
        if _line_is_terminal(prev) or HEADING_LINE.match(prev.strip()):
            continue
        if STRUCTURAL_START.match(nxt.strip()):
            continue
        both_latin = re.match(r"[A-Za-z]", text[m.start() - 1]) and re.match(r"[A-Za-z]", nxt[0])
        changes.append(
            Change(m.start(), m.end(), " " if both_latin else "",
                   "line break inside a sentence (PDF page break)")
        )
    return _apply(text, changes), changes


def normalize_brackets(text: str) -> tuple[str, list[Change]]:
    """Half-width parentheses next to Chinese text become full-width: "(三)"
    → "（三）", and the odd mixed pair "（市市场监管局)" → "（市市场监管局）"."""
    pattern = re.compile(rf"\((?=[{HAN}])|(?<=[{HAN}])\)")
    return _from_matches(
        text, pattern.finditer(text), lambda m: "（" if m.group() == "(" else "）",
        "half-width bracket next to Chinese text → full-width",
    )


def normalize_fullwidth_alnum(text: str) -> tuple[str, list[Change]]:
    """Full-width digits, Latin letters and ％ become ASCII (as NFKC would);
    a full-width point between digits becomes '.'."""
    pattern = re.compile(r"[０-９Ａ-Ｚａ-ｚ％]+|(?<=[0-9０-９])．(?=[0-9０-９])")

    def to_ascii(m: re.Match) -> str:
        return "".join(chr(ord(c) - 0xFEE0) for c in m.group())

    return _from_matches(text, pattern.finditer(text), to_ascii,
                         "full-width digit, letter or sign → ASCII")


def remove_inner_spaces(text: str) -> tuple[str, list[Change]]:
    """Spaces between a number or Latin word and Chinese text are removed
    ("1050 亿元" → "1050亿元", "A 股" → "A股")."""
    alnum = r"0-9A-Za-z%‰.+\-"
    pattern = re.compile(
        rf"(?<=[{alnum}])[ \u00a0]+(?=[{HAN}{CJK_PUNCT}])|(?<=[{HAN}{CJK_PUNCT}])[ \u00a0]+(?=[{alnum}])"
        r"|(?<=[0-9])[ \u00a0]+(?=[%‰])"
    )
    return _from_matches(text, pattern.finditer(text), lambda m: "",
                         "space between a number or Latin word and Chinese text")


# -- errata --------------------------------------------------------------------
def read_errata(sha256: str, path: str | Path | None = None) -> list[dict]:
    """The errata rows (``doc_sha256, find, replace, reason``) for the document
    whose raw bytes have this sha256; ``\\n`` in a cell stands for a newline."""
    p = Path(path) if path is not None else paths.ERRATA
    if not p.exists():
        return []
    with p.open(encoding="utf-8", newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["doc_sha256"] == sha256]
    for row in rows:
        for key in ("find", "replace"):
            row[key] = row[key].replace("\\n", "\n")
    return rows


def apply_errata(text: str, rows: list[dict]) -> tuple[str, list[Change]]:
    """Apply document-specific repairs; each ``find`` must occur exactly once."""
    changes = []
    for row in rows:
        hits = [m.start() for m in re.finditer(re.escape(row["find"]), text)]
        if len(hits) != 1:
            raise ErrataError(
                f"errata row {row['find']!r} matches {len(hits)} times (expected once) — "
                "correct data/errata.csv for this document"
            )
        find, replace = row["find"], row["replace"]
        # log only the characters that differ, not the context that locates them
        ops = difflib.SequenceMatcher(None, find, replace, autojunk=False).get_opcodes()
        for tag, i1, i2, j1, j2 in ops:
            if tag != "equal":
                changes.append(Change(hits[0] + i1, hits[0] + i2, replace[j1:j2],
                                      "erratum: " + row["reason"]))
    return _apply(text, changes), changes


#: the cleaning steps in the order they run (errata run after the encoding fixes)
STEPS: tuple[Step, ...] = (
    strip_bom,
    normalize_line_endings,
    # errata slot: see clean()
    strip_bold_markers,
    fix_stray_latin,
    normalize_fullwidth_alnum,
    join_broken_lines,
    normalize_brackets,
    remove_inner_spaces,
)


@dataclass
class Cleaned:
    text: str
    records: list[dict]
    #: origin[i] is the raw offset of text[i]; origin[len(text)] == len(raw)
    origin: list[int]

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1

    def clean_offset(self, raw_offset: int) -> int:
        """The first clean position whose raw origin is at or after ``raw_offset``."""
        return bisect.bisect_left(self.origin, raw_offset)


def _run_step(name, func, text, origin, inserted, records):
    """Run one step; carry the raw origin of every character through it."""
    new_text, changes = func(text)
    if not changes:
        return text, origin, inserted
    new_origin: list[int] = []
    new_inserted: list[bool] = []
    pos = 0
    for ch in sorted(changes, key=lambda c: (c.start, c.end)):
        new_origin.extend(origin[pos : ch.start])
        new_inserted.extend(inserted[pos : ch.start])
        anchor = origin[ch.start]
        new_origin.extend([anchor] * len(ch.after))
        new_inserted.extend([True] * len(ch.after))
        # the raw characters this change replaces (none if an earlier step inserted them)
        from_raw = [origin[i] for i in range(ch.start, ch.end) if not inserted[i]]
        raw_start, raw_end = (from_raw[0], from_raw[-1] + 1) if from_raw else (anchor, anchor)
        records.append(
            dict(step=name, raw_start=raw_start, raw_end=raw_end,
                 before=text[ch.start : ch.end], after=ch.after, reason=ch.reason)
        )
        pos = ch.end
    new_origin.extend(origin[pos:])
    new_inserted.extend(inserted[pos:])
    assert len(new_origin) == len(new_text) + 1, name
    return new_text, new_origin, new_inserted


def clean(raw: str, *, errata: list[dict] | None = None) -> Cleaned:
    """Run every step of :data:`STEPS` (and the errata rows) over ``raw``."""
    text = raw
    origin = list(range(len(raw) + 1))
    inserted = [False] * (len(raw) + 1)
    records: list[dict] = []
    steps: list[tuple[str, Step]] = [(f.__name__, f) for f in STEPS]
    if errata:
        steps.insert(2, ("apply_errata", lambda t: apply_errata(t, errata)))
    for name, func in steps:
        text, origin, inserted = _run_step(name, func, text, origin, inserted, records)
    records.sort(key=lambda r: (r["raw_start"], r["raw_end"]))
    return Cleaned(text=text, records=records, origin=origin)
