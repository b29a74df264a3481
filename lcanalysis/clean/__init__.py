"""Cleaning: small, logged repairs of the artefacts of a report's file.

Each step is a function ``step(text) -> (new_text, changes)``: it returns the
repaired text and one :class:`Change` per edit, located in the text it was
given.  :func:`clean` composes the steps in :data:`STEPS` order, carries every
edit back to its place in the raw file and returns the corrections log
(``step, raw_start, raw_end, before, after, reason``).  A character is changed
only where a step has a rule for it; text with no artefacts passes through
unchanged (tested).

The steps live by the kind of source they repair: :mod:`.text` (conversion
from PDF or word-processor files), :mod:`.web` (HTML markup and the chrome of
scraped web pages), :mod:`.script` (traditional characters).  Document-specific
repairs are not code: they are rows of ``data/errata.csv`` (keyed by the raw
file's sha256), applied by :func:`apply_errata` (:mod:`.errata`) through the
same logged mechanism.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._base import (
    ANNEX_HEADING, CJK_PUNCT, CLOSERS, HAN, HEADING_LINE, NUMERALS_ZH, SALUTATION,
    STRUCTURAL_START, TERMINAL, UNNUMBERED_HEADING, Change, Step, body_start,
)
from ..errors import ErrataError
from .errata import apply_errata, read_errata
from .script import to_simplified, traditional_share
from .text import (
    fix_stray_latin, join_broken_lines, normalize_brackets, normalize_fullwidth_alnum,
    normalize_line_endings, remove_inner_spaces, strip_bold_markers, strip_bom,
)
from .web import drop_repeated_paragraphs, is_html, strip_html, strip_web_chrome

#: the public names: the steps, the composition, and the patterns later stages use
__all__ = [
    "ANNEX_HEADING", "CJK_PUNCT", "CLOSERS", "HAN", "HEADING_LINE", "NUMERALS_ZH", "SALUTATION",
    "STRUCTURAL_START", "TERMINAL", "UNNUMBERED_HEADING", "Change", "Cleaned", "ErrataError",
    "STEPS", "Step", "apply_errata", "body_start", "clean", "drop_repeated_paragraphs",
    "fix_stray_latin", "is_html", "join_broken_lines", "normalize_brackets",
    "normalize_fullwidth_alnum", "normalize_line_endings", "read_errata", "remove_inner_spaces",
    "strip_bold_markers", "strip_bom", "strip_html", "strip_web_chrome", "to_simplified",
    "traditional_share",
]

#: the cleaning steps in the order they run (errata run after the encoding and
#: markup fixes, on the text as the file states it, before any rewording)
STEPS: tuple[Step, ...] = (
    strip_bom,
    normalize_line_endings,
    strip_html,
    # errata slot: see clean()
    to_simplified,
    strip_web_chrome,
    drop_repeated_paragraphs,
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
    #: (a NumPy int64 array: 8 bytes a character, where a list of ints took 40)
    origin: np.ndarray

    def raw_span(self, start: int, end: int) -> tuple[int, int]:
        if end <= start:
            return int(self.origin[start]), int(self.origin[start])
        return int(self.origin[start]), int(self.origin[end - 1]) + 1

    def clean_offset(self, raw_offset: int) -> int:
        """The first clean position whose raw origin is at or after ``raw_offset``."""
        return int(np.searchsorted(self.origin, raw_offset, side="left"))


def _run_step(name, func, text, origin, inserted, records):
    """Run one step; carry the raw origin of every character through it.

    ``origin`` (int64) and ``inserted`` (bool) are arrays over ``text`` plus its
    end; the new arrays are built in a few vectorised operations, whatever the
    number of changes (a text with many bold lead phrases has hundreds of
    thousands)."""
    new_text, changes = func(text)
    if not changes:
        return text, origin, inserted
    changes = sorted(changes, key=lambda c: (c.start, c.end))
    n = len(origin)
    starts = np.fromiter((c.start for c in changes), dtype=np.int64, count=len(changes))
    ends = np.fromiter((c.end for c in changes), dtype=np.int64, count=len(changes))
    lens = np.fromiter((len(c.after) for c in changes), dtype=np.int64, count=len(changes))
    # characters a change replaces are dropped (changes never overlap)
    delta = np.zeros(n + 1, dtype=np.int64)
    np.add.at(delta, starts, 1)
    np.add.at(delta, ends, -1)
    keep = np.cumsum(delta[:n]) == 0
    kept_before = np.concatenate(([0], np.cumsum(keep)))[starts]
    at = np.repeat(kept_before, lens)
    anchors = origin[starts]
    new_origin = np.insert(origin[keep], at, np.repeat(anchors, lens))
    new_inserted = np.insert(inserted[keep], at, True)
    # the raw characters each change replaces (none if an earlier step inserted them):
    # the first and last position at or after / at or before, that came from the raw file
    idx = np.arange(n)
    raw_pos = ~inserted
    nxt = np.where(raw_pos, idx, n)[::-1]
    nxt = np.minimum.accumulate(nxt)[::-1]
    prv = np.maximum.accumulate(np.where(raw_pos, idx, -1))
    first = nxt[np.minimum(starts, n - 1)]
    last = prv[np.maximum(ends - 1, 0)]
    has_raw = (ends > starts) & (first < ends)
    raw_start = np.where(has_raw, origin[np.minimum(first, n - 1)], anchors)
    raw_end = np.where(has_raw, origin[np.maximum(last, 0)] + 1, anchors)
    for ch, rs, re_ in zip(changes, raw_start.tolist(), raw_end.tolist()):
        records.append(
            dict(step=name, raw_start=rs, raw_end=re_,
                 before=text[ch.start : ch.end], after=ch.after, reason=ch.reason)
        )
    assert len(new_origin) == len(new_text) + 1, name
    return new_text, new_origin, new_inserted


def clean(raw: str, *, errata: list[dict] | None = None) -> Cleaned:
    """Run every step of :data:`STEPS` (and the errata rows) over ``raw``."""
    text = raw
    origin = np.arange(len(raw) + 1, dtype=np.int64)
    inserted = np.zeros(len(raw) + 1, dtype=bool)
    records: list[dict] = []
    steps: list[tuple[str, Step]] = [(f.__name__, f) for f in STEPS]
    if errata:
        at = [name for name, _ in steps].index("to_simplified")
        steps.insert(at, ("apply_errata", lambda t: apply_errata(t, errata)))
    for name, func in steps:
        text, origin, inserted = _run_step(name, func, text, origin, inserted, records)
    records.sort(key=lambda r: (r["raw_start"], r["raw_end"]))
    return Cleaned(text=text, records=records, origin=origin)
