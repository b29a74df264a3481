"""Document-specific repairs: rows of ``data/errata.csv`` keyed by the raw
file's sha256, applied through the same logged mechanism as every step."""

from __future__ import annotations

import csv
import difflib
import re
from pathlib import Path

from .. import paths
from ..errors import ErrataError
from ._base import Change, _apply

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


