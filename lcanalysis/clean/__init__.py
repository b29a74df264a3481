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

import bisect
from dataclasses import dataclass

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
        at = [name for name, _ in steps].index("to_simplified")
        steps.insert(at, ("apply_errata", lambda t: apply_errata(t, errata)))
    for name, func in steps:
        text, origin, inserted = _run_step(name, func, text, origin, inserted, records)
    records.sort(key=lambda r: (r["raw_start"], r["raw_end"]))
    return Cleaned(text=text, records=records, origin=origin)
